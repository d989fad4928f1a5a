//! Keeps the document session and localStorage in step: load once
//! (recovering, migrating or keeping aside what it finds), save after every
//! change, retry while saving fails, and merge what other tabs save. Never
//! writes over data it could not read. Work that can't be saved outlives
//! the session: leaving the document hands it to `web::unsaved`, and
//! opening it again carries on with it.

use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

use crate::core::annotation::Tag;
use crate::core::stored_format::{self, Parts};
use crate::core::sync::{merge, Side};
use crate::state::{Library, Notice, SaveState, Store};
use crate::web::lifetime::Lifetime;
use crate::web::local_storage::{self, SaveError};
use crate::web::{crash, unsaved};

/// Longest a change waits to be saved when no frame comes (a hidden tab).
const SAVE_AT_LATEST: Duration = Duration::from_millis(100);

/// How long to wait before saving again after a failed save.
const RETRY_AFTER: Duration = Duration::from_secs(3);

/// Loads the stored work into the store's session and starts saving
/// changes. The library's entry gets the counts of what was saved.
pub fn start(store: Store, library: Option<Library>) {
    let session = store.session;
    let doc = session.doc();
    let id = doc.id().to_string();
    let lifetime = Lifetime::of_owner();
    crash::watch(doc.clone(), move |now| {
        let list = session.annotations_for_crash()?;
        session.try_with_doc(|doc| crash::export_json(doc, &list, now))?
    });

    let stamp = format!("{}", js_sys::Date::now() as u64);
    let opened = match local_storage::open(&doc, &stamp) {
        Ok(opened) => opened,
        Err(SaveError::CannotKeepAside { reason, raw }) => {
            session.record_save_state(SaveState::Protecting { reason, raw });
            return keep_unsaved_work(store, library);
        }
        Err(e) => {
            session.record_save_state(SaveState::Unavailable(e.to_string()));
            return keep_unsaved_work(store, library);
        }
    };
    let mut notices: Vec<Notice> = opened.notices.iter().map(|m| Notice { message: m.clone(), download: None }).collect();
    for (key, raw) in &opened.kept_aside {
        notices.push(Notice {
            message: format!("Download the data kept under “{key}”."),
            download: Some((format!("{}-kept-aside.json", doc.id()), raw.clone())),
        });
    }
    session.restore(opened.saved);
    let mut rewrite = opened.rewrite;
    // Work brought back from when the document was left is an edit the library hasn't counted.
    let mut brought_back = false;
    if let Some(work) = unsaved::take(&id) {
        brought_back = true;
        // Storage may have moved on (another tab): both sides are merged.
        let stored = session.side();
        session.restore(work);
        let ours = session.side();
        let merged = merge(&ours, &stored);
        if merged != ours {
            store.adopt(merged);
        }
        rewrite = true;
        notices.push(Notice {
            message: "The highlights that could not be saved when you left this document are back; saving them is tried again.".into(),
            download: None,
        });
    }
    store.ui.show_notices(notices);

    let slots = stored_format::slot_keys(&doc);
    let other_units = StoredValue::new(local_storage::units_used_except(&slots));
    let generation = StoredValue::new(opened.generation);
    let migrated_from = StoredValue::new(opened.migrated_from);
    let slot_units = StoredValue::new([0usize; 2]);
    // Loading isn't an edit; every change after it is (another tab's included).
    let edited = StoredValue::new(brought_back);

    let save_doc = doc.clone();
    let save_slots = slots.clone();
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
        match &result {
            Ok((_, units)) => {
                generation.set_value(next);
                slot_units.update_value(|s| s[stored_format::slot_for(next)] = *units);
                crash::mark_saved();
                if let Some(old) = migrated_from.get_value() {
                    local_storage::forget(&old);
                    migrated_from.set_value(None);
                }
                // The library counts what storage holds, never what was attempted.
                if let Some(library) = library.filter(|_| edited.get_value()) {
                    let counts = Tag::ALL.map(|tag| saved.annotations.iter().filter(|a| a.tag == tag).count());
                    library.record_work(save_doc.id(), counts, crate::web::clock::now_rfc3339());
                }
            }
            // What the origin holds is read again: other pages or tabs may have filled it.
            Err(_) => other_units.set_value(local_storage::units_used_except(&save_slots)),
        }
        let used = other_units.get_value() + slot_units.with_value(|s| s[0] + s[1]);
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
    // before it runs are saved together. Leaving the page or the document
    // saves at once.
    let scheduled = StoredValue::new(false);
    let flush = move || {
        if scheduled.try_get_value() == Some(true) {
            scheduled.set_value(false);
            save_now.with_value(|save| untrack(|| session.with_parts(save)));
        }
    };
    // The first run only records what was loaded: saving it back is
    // pointless, unless loading changed it (an upgrade, a cut history).
    let paint_lifetime = lifetime.clone();
    Effect::new(move |previous: Option<()>| {
        session.with_parts(|_| ());
        if previous.is_some() {
            edited.set_value(true);
        }
        let wanted = previous.is_some() || rewrite;
        if wanted {
            crash::mark_behind();
        }
        if wanted && !scheduled.get_value() {
            scheduled.set_value(true);
            paint_lifetime.after_next_paint(flush);
            // Hidden tabs get no frames; they still get (throttled) timers.
            paint_lifetime.timeout(SAVE_AT_LATEST, flush);
        }
    });
    let leaving = window_event_listener(ev::pagehide, move |_| flush());
    on_cleanup(move || {
        leaving.remove();
        flush();
    });
    keep_unsaved_work(store, library);

    // While saving fails (storage full), keep trying: space may be freed by
    // the reader, by another tab, or by the browser.
    let retry_pending = StoredValue::new(false);
    Effect::new(move |_| {
        if matches!(session.save_state().get(), SaveState::Failing(_)) && !retry_pending.get_value() {
            retry_pending.set_value(true);
            lifetime.timeout(RETRY_AFTER, move || {
                retry_pending.set_value(false);
                if matches!(session.save_state().get_untracked(), SaveState::Failing(_)) {
                    save_now.with_value(|save| untrack(|| session.with_parts(save)));
                }
            });
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

/// While storage doesn't hold the work, a copy of it is kept outside the
/// session (for the crash banner); when the session ends (the reader
/// leaves the document), that copy stays, and the library says so.
fn keep_unsaved_work(store: Store, library: Option<Library>) {
    let session = store.session;
    let doc = session.doc();
    let id = doc.id().to_string();
    let record = move |id: &str, unsaved: bool| {
        if let Some(library) = library {
            library.record_unsaved(id, unsaved);
        }
    };
    let effect_doc = doc.clone();
    let effect_id = id.clone();
    Effect::new(move |_| {
        if session.save_state().with(|s| *s == SaveState::Saved) {
            unsaved::forget(&effect_id);
            record(&effect_id, false);
        } else {
            unsaved::keep(effect_doc.clone(), session.snapshot());
            record(&effect_id, true);
        }
    });
    // Registered after the flush on leaving, so it sees how that save went.
    on_cleanup(move || {
        let behind = session.save_state().try_with_untracked(|s| *s != SaveState::Saved).unwrap_or(false);
        if behind {
            if let Some(saved) = untrack(|| session.try_snapshot()) {
                unsaved::keep(doc, saved);
                record(&id, true);
            }
        }
        crash::forget_work();
    });
}
