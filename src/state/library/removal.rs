//! Removing documents, and undoing it. Every removal of the page's lifetime
//! can be undone, in any order. Its stored work stays where it is in
//! localStorage until the page is left (then it is deleted), and a copy is
//! held in memory in case another tab deleted it first. A mark in storage
//! lets the next page finish a removal whose page ended in a crash.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Library, Removed};
use crate::core::annotation::Tag;
use crate::core::library::Entry;
use crate::core::revision::CarriedOver;
use crate::core::stored_format::Parts;
use crate::web::local_storage;

impl Library {
    /// Removes a document with its annotations; [`Library::undo_remove`]
    /// brings both back for as long as the page is open. The shipped
    /// article can't be removed. Removing what is already being removed,
    /// or is gone, does nothing.
    pub async fn remove(&self, id: &str) -> Result<(), String> {
        if id == self.sample_id() {
            return Err("the shipped article is always in the library".into());
        }
        let Some(entry) = self.entry(id) else { return Ok(()) };
        if !self.start_removing(id) {
            return Ok(());
        }
        let result = self.remove_now(entry, None).await;
        self.removing.update_value(|ids| ids.retain(|r| r != id));
        result
    }

    /// Makes `new` the next version of `old_id`: the new text takes the old
    /// entry's title, file name and status, and the annotations carried over
    /// (the unplaced ones listed to place by hand). One step: undoing it
    /// ([`Library::undo_remove`]) brings the old version back.
    pub async fn replace_with_version(&self, old_id: &str, new: Arc<crate::core::document::Document>, carried: CarriedOver, now: String) -> Result<(), String> {
        let Some(old_entry) = self.entry(old_id) else { return Err("the old version is no longer in the library".into()) };
        if !self.start_removing(old_id) {
            return Ok(());
        }
        let placed = carried.placed;
        let counts = Tag::ALL.map(|tag| placed.iter().filter(|a| a.tag == tag).count());
        let history = Default::default();
        let parts = Parts { annotations: &placed, history: &history, unplaced: &carried.unplaced, deleted: &[], rejected: &[] };
        let result = match local_storage::save(&new, parts, 1) {
            Err(e) => Err(format!("the carried-over annotations could not be kept: {e}")),
            Ok(_) => {
                let entry = Entry { id: new.id().to_string(), length: new.len(), counts, added: now.clone(), edited: now, ..old_entry.clone() };
                self.keep_text(&entry, new.clone()).await;
                self.set_entries.update(|list| list.push(entry.clone()));
                self.remove_now(old_entry, Some(entry.id)).await
            }
        };
        self.removing.update_value(|ids| ids.retain(|r| r != old_id));
        result
    }

    /// Undoes the removal of document `id` (or its replacement by a new
    /// version), returning its title.
    pub async fn undo_remove(&self, id: &str) -> Result<String, String> {
        let Some(removed) = self.removed.with_untracked(|all| all.iter().find(|r| r.entry.id == id).cloned()) else {
            return Err("that removal can no longer be undone".into());
        };
        if !self.start_removing(id) {
            return Err("that removal is being undone already".into());
        }
        let result = self.bring_back(&removed).await;
        self.removing.update_value(|ids| ids.retain(|r| r != id));
        result.map(|()| removed.entry.title)
    }

    async fn bring_back(&self, removed: &Removed) -> Result<(), String> {
        local_storage::put_back_missing(&removed.stored).map_err(|e| format!("its annotations could not be put back: {e}"))?;
        if let Some(newer) = &removed.replaced_by {
            self.forget(newer).await?;
            local_storage::delete_document(newer);
        }
        self.keep_text(&removed.entry, removed.doc.clone()).await;
        self.set_entries.update(|list| list.push(removed.entry.clone()));
        self.drop_removal(&removed.entry.id);
        self.announce_change();
        Ok(())
    }

    /// Removes a document that was just added and never touched, with no
    /// undo (it is read again in another encoding).
    pub async fn discard(&self, id: &str) -> Result<(), String> {
        if id == self.sample_id() || !self.start_removing(id) {
            return Ok(());
        }
        let result = self.forget(id).await;
        if result.is_ok() {
            local_storage::delete_document(id);
            self.announce_change();
        }
        self.removing.update_value(|ids| ids.retain(|r| r != id));
        result
    }

    /// Claims `id` for one removal or undo at a time; false when one runs.
    fn start_removing(&self, id: &str) -> bool {
        let busy = self.removing.with_value(|ids| ids.iter().any(|r| r == id));
        if !busy {
            self.removing.update_value(|ids| ids.push(id.to_string()));
        }
        !busy
    }

    async fn remove_now(&self, entry: Entry, replaced_by: Option<String>) -> Result<(), String> {
        let doc = self.document(&entry.id).await?;
        // The copy is taken before the entry goes, so nothing can change the work in between.
        let stored = local_storage::copy_document(&entry.id);
        local_storage::mark_removing(&entry.id);
        if let Err(e) = self.forget(&entry.id).await {
            local_storage::unmark_removing(&entry.id);
            return Err(e);
        }
        self.set_removed.update(|all| {
            all.retain(|r| r.entry.id != entry.id);
            all.push(Removed { entry, doc, stored, replaced_by });
        });
        self.announce_change();
        Ok(())
    }

    /// Forgets the undo of `id`'s removal: it is back in the library.
    pub(super) fn drop_removal(&self, id: &str) {
        if self.removed.with_untracked(|all| all.iter().any(|r| r.entry.id == id)) {
            self.set_removed.update(|all| all.retain(|r| r.entry.id != id));
        }
        local_storage::unmark_removing(id);
    }

    /// Once the page is left, no removal can be undone: their stored work goes.
    pub(super) fn finish_removals_when_leaving(&self) {
        let library = *self;
        let listener = window_event_listener(leptos::ev::pagehide, move |_| {
            let gone: Vec<String> = library.removed.with_untracked(|all| all.iter().map(|r| r.entry.id.clone()).collect());
            for id in gone {
                if library.entry(&id).is_none() {
                    local_storage::delete_document(&id);
                    local_storage::unmark_removing(&id);
                }
            }
        });
        // The library lives as long as the page.
        std::mem::forget(listener);
    }

    /// Finishes removals that an earlier page could not (it ended in a
    /// crash): marked documents that the library no longer holds.
    pub(super) fn finish_earlier_removals(&self) {
        for id in local_storage::marked_removing() {
            let ours = self.removed.with_untracked(|all| all.iter().any(|r| r.entry.id == id));
            if !ours && self.entry(&id).is_none() {
                local_storage::delete_document(&id);
                local_storage::unmark_removing(&id);
            }
        }
    }
}
