//! Keeps the document session and localStorage in step: load once
//! (recovering, migrating or keeping aside what it finds), save after every
//! change, retry while saving fails, and merge what other tabs save. Never
//! writes over data it could not read.

use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

use crate::core::stored_format::{self, Parts};
use crate::core::sync::{merge, Side};
use crate::state::{Library, Notice, SaveState, Session, Store};
use crate::web::crash;
use crate::web::local_storage::{self, SaveError};
use crate::web::paint::after_next_paint;

/// Longest a change waits to be saved when no frame comes (a hidden tab).
const SAVE_AT_LATEST: Duration = Duration::from_millis(100);

/// How long to wait before saving again after a failed save.
const RETRY_AFTER: Duration = Duration::from_secs(3);

/// Loads the stored work into the store's session and starts saving changes.
pub fn start(store: Store) {
    let session = store.session;
    let doc = session.doc();
    // The crash banner's copy of the work while storage doesn't hold it
    // (when it does, each save hands over what it wrote).
    let unsaved_doc = doc.clone();
    Effect::new(move |_| {
        if session.save_state().with(|s| *s != SaveState::Saved) {
            crash::remember_unsaved(unsaved_doc.clone(), session.snapshot());
        }
    });

    let stamp = format!("{}", js_sys::Date::now() as u64);
    let opened = match local_storage::open(&doc, &stamp) {
        Ok(opened) => opened,
        Err(SaveError::CannotKeepAside { reason, raw }) => {
            session.record_save_state(SaveState::Protecting { reason, raw });
            return;
        }
        Err(e) => {
            session.record_save_state(SaveState::Unavailable(e.to_string()));
            return;
        }
    };
    let mut notices: Vec<Notice> = opened.notices.iter().map(|m| Notice { message: m.clone(), download: None }).collect();
    for (key, raw) in &opened.kept_aside {
        notices.push(Notice {
            message: format!("Download the data kept under “{key}”."),
            download: Some((format!("{}-kept-aside.json", doc.id()), raw.clone())),
        });
    }
    store.ui.show_notices(notices);
    session.restore(opened.saved);

    let slots = stored_format::slot_keys(&doc);
    let other_units = local_storage::units_used_except(&slots);
    let generation = StoredValue::new(opened.generation);
    let migrated_from = StoredValue::new(opened.migrated_from);
    let rewrite = opened.rewrite;
    let slot_units = StoredValue::new([0usize; 2]);

    let save_doc = doc.clone();
    let save_now = move |saved: Parts<'_>| {
        // Timed for the benchmark (bench/run.mjs reads the "tagmark:save" measures).
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("tagmark:save:start");
        }
        let next = generation.get_value() + 1;
        let result = local_storage::save(&save_doc, saved, next);
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark("tagmark:save", "tagmark:save:start");
        }
        let result = result.map(|(json, units)| {
            crash::remember_stored(save_doc.clone(), json);
            units
        });
        if let Ok(units) = result {
            generation.set_value(next);
            slot_units.update_value(|s| s[stored_format::slot_for(next)] = units);
            if let Some(old) = migrated_from.get_value() {
                local_storage::forget(&old);
                migrated_from.set_value(None);
            }
        }
        let used = other_units + slot_units.with_value(|s| s[0] + s[1]);
        session.record_storage_use(local_storage::fraction_of_quota(used));
        session.record_save_state(match result {
            Ok(_) => SaveState::Saved,
            Err(SaveError::Unavailable(why)) => SaveState::Unavailable(why),
            Err(e) => SaveState::Failing(e.to_string()),
        });
    };
    let save_now = StoredValue::new_local(save_now);

    // Saving runs as a task of its own right after the frame that shows the
    // change, so a large save never delays the highlight; changes made
    // before it runs are saved together. Leaving the page saves at once.
    let scheduled = StoredValue::new(false);
    let flush = move || {
        if scheduled.get_value() {
            scheduled.set_value(false);
            save_now.with_value(|save| untrack(|| session.with_parts(save)));
        }
    };
    on_cleanup(crash::forget_work);
    crash::watch(move |now| {
        let list = session.annotations_for_crash()?;
        session.try_with_doc(|doc| crash::export_json(doc, &list, now))?
    });
    // The first run only records what was loaded: saving it back is
    // pointless, unless loading changed it (an upgrade, a cut history).
    Effect::new(move |previous: Option<()>| {
        session.with_parts(|_| ());
        crash::mark_behind();
        let wanted = previous.is_some() || rewrite;
        if wanted && !scheduled.get_value() {
            scheduled.set_value(true);
            after_next_paint(flush);
            // Hidden tabs get no frames; they still get (throttled) timers.
            set_timeout(flush, SAVE_AT_LATEST);
        }
    });
    let leaving = window_event_listener(ev::pagehide, move |_| flush());
    on_cleanup(move || leaving.remove());

    // While saving fails (storage full), keep trying: space may be freed by
    // the reader, by another tab, or by the browser.
    let retry_pending = StoredValue::new(false);
    Effect::new(move |_| {
        if matches!(session.save_state().get(), SaveState::Failing(_)) && !retry_pending.get_value() {
            retry_pending.set_value(true);
            set_timeout(
                move || {
                    retry_pending.set_value(false);
                    if matches!(session.save_state().get_untracked(), SaveState::Failing(_)) {
                        save_now.with_value(|save| untrack(|| session.with_parts(save)));
                    }
                },
                RETRY_AFTER,
            );
        }
    });

    // Another tab saved: merge by id and modification time, deletions included.
    let handle = window_event_listener(ev::storage, move |event| {
        let Some(key) = event.key() else { return };
        if !slots.contains(&key) {
            return;
        }
        let Some(raw) = event.new_value() else { return };
        let Ok(theirs) = session.with_doc(|doc| local_storage::decode_foreign(doc, &raw)) else { return };
        generation.update_value(|g| *g = (*g).max(theirs.generation));
        let ours = session.side();
        let saved = theirs.saved;
        let merged =
            merge(&ours, &Side { annotations: saved.annotations, deleted: saved.deleted, rejected: saved.rejected });
        if merged != ours {
            store.adopt(merged);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Keeps the library's entry for the open document up to date: its counts
/// per tag and when it was last edited. Loading isn't an edit; every change
/// after it is (another tab's included: the entry is shared).
pub fn tell_library(session: Session, library: Option<Library>) {
    let Some(library) = library else { return };
    let id = session.with_doc(|doc| doc.id().to_string());
    Effect::new(move |loaded: Option<()>| {
        let counts = session.tag_counts().get();
        session.annotations().track();
        if loaded.is_some() {
            library.record_work(&id, counts, crate::web::clock::now_rfc3339());
        }
    });
}
