//! Keeps the store and localStorage in step: load once, save on every
//! change, follow what other tabs save. Never saves over data it could not read.

use leptos::ev;
use leptos::prelude::*;

use crate::core::persist::storage_key;
use crate::store::{Persistence, Store};
use crate::web::storage::{self, Opened, SaveError};

/// Loads the stored annotations into `store` and starts saving changes.
pub fn start(store: Store) {
    let doc = store.doc;
    let may_save = match storage::open(doc) {
        Ok(Opened::Empty) => true,
        Ok(Opened::Loaded(saved)) => {
            store.restore(saved);
            true
        }
        Ok(Opened::Unreadable { reason, raw }) => {
            store.persistence.set(Persistence::Protecting { reason, raw });
            false
        }
        Err(e) => {
            store.persistence.set(Persistence::Unavailable(e.to_string()));
            false
        }
    };
    if !may_save {
        return;
    }

    // The first run only records what was loaded: saving it back is pointless.
    Effect::new(move |previous: Option<()>| {
        let saved = store.snapshot();
        if previous.is_none() {
            return;
        }
        let result = storage::save(doc, &saved);
        store.persistence.set(match result {
            Ok(()) => Persistence::Saved,
            Err(SaveError::Unavailable(why)) => Persistence::Unavailable(why),
            Err(e) => Persistence::Failing(e.to_string()),
        });
    });

    // Another tab saved. This tab saves every change as it happens, so while
    // its saves succeed it holds nothing the other tab's value lacks except
    // edits made in the same instant; following the other tab keeps both
    // views the same. (A merge with deletion markers is still to come.)
    let key = storage_key(doc);
    let handle = window_event_listener(ev::storage, move |event| {
        if event.key().as_deref() != Some(key.as_str()) || store.persistence.get_untracked() != Persistence::Saved {
            return;
        }
        let Some(raw) = event.new_value() else { return };
        if let Ok(saved) = storage::decode_foreign(doc, &raw) {
            store.restore(saved);
        }
    });
    on_cleanup(move || handle.remove());
}
