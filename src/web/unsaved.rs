//! Work that storage doesn't hold, per document, for as long as the page
//! lives: kept when the reader leaves a document whose saves fail (storage
//! full, blocked), handed back when it is opened again, and offered by the
//! crash banner. It lives outside the reactive system, which a crash may
//! have broken.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::core::document::Document;
use crate::core::stored_format::Saved;

thread_local! {
    static UNSAVED: RefCell<BTreeMap<String, (Arc<Document>, Saved)>> = const { RefCell::new(BTreeMap::new()) };
}

/// Keeps `saved` as the work on `doc` that storage doesn't hold.
pub fn keep(doc: Arc<Document>, saved: Saved) {
    UNSAVED.with(|map| {
        if let Ok(mut map) = map.try_borrow_mut() {
            map.insert(doc.id().to_string(), (doc, saved));
        }
    });
}

/// Forgets the unsaved work on document `id`: storage holds all of it now.
pub fn forget(id: &str) {
    UNSAVED.with(|map| {
        if let Ok(mut map) = map.try_borrow_mut() {
            map.remove(id);
        }
    });
}

/// Takes the unsaved work on document `id`, to carry on with it.
pub fn take(id: &str) -> Option<Saved> {
    UNSAVED.with(|map| map.try_borrow_mut().ok()?.remove(id).map(|(_, saved)| saved))
}

/// Runs `f` on each document with unsaved work (for the crash banner and
/// the library's downloads); `f` must not call back into this module.
pub fn for_each(mut f: impl FnMut(&Document, &Saved)) {
    UNSAVED.with(|map| {
        if let Ok(map) = map.try_borrow() {
            for (doc, saved) in map.values() {
                f(doc, saved);
            }
        }
    });
}
