//! Keeps the store and localStorage in step: load once, save on every
//! change, take in what other tabs save. Never saves over data it could not read.

use leptos::ev;
use leptos::prelude::*;

use crate::core::annotation::merge_new;
use crate::core::persist::storage_key;
use crate::store::{Persistence, Store};
use crate::web::storage::{self, Opened, SaveError};

/// Loads the stored annotations into `store` and starts saving changes.
pub fn start(store: Store) {
    let doc = store.doc;
    let may_save = match storage::open(doc) {
        Ok(Opened::Empty) => true,
        Ok(Opened::Loaded(list)) => {
            store.annotations.set(list);
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
        store.annotations.track();
        if previous.is_none() {
            return;
        }
        let result = store.annotations.with_untracked(|list| storage::save(doc, list));
        store.persistence.set(match result {
            Ok(()) => Persistence::Saved,
            Err(SaveError::Unavailable(why)) => Persistence::Unavailable(why),
            Err(e) => Persistence::Failing(e.to_string()),
        });
    });

    // Another tab saved: take in what it added. Nothing can be deleted yet,
    // so adding unknown ids loses nothing on either side.
    let key = storage_key(doc);
    let handle = window_event_listener(ev::storage, move |event| {
        if event.key().as_deref() != Some(key.as_str()) {
            return;
        }
        let Some(raw) = event.new_value() else { return };
        if let Ok(incoming) = storage::decode_foreign(doc, &raw) {
            let mut list = store.annotations.get_untracked();
            if merge_new(&mut list, incoming) > 0 {
                store.annotations.set(list);
            }
        }
    });
    on_cleanup(move || handle.remove());
}
