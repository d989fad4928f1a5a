//! The reader's edits of a document session: each one a step that undo
//! can take back, recorded with the clock, repainted and saved.

use leptos::prelude::*;

use super::{ResizePreview, Session};
use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::editing::{self, Work};
use crate::core::history::{History, Step, StepKind};
use crate::core::incoming::Incoming;
use crate::core::merge::{self, Plan};
use crate::core::suggest::offer::Suggestion;
use crate::core::suggest::Rejected;
use crate::web::clock::{now_ms, now_rfc3339};
use crate::web::ids::new_id;

impl Session {
    /// Applies `step` and records it for undo.
    fn commit(&self, step: Step) {
        self.edit_work(|work| editing::commit(work, step, now_rfc3339));
    }

    /// Undoes (or, `forward`, redoes) one step; returns what it was.
    pub fn travel(&self, forward: bool) -> Option<StepKind> {
        self.edit_work(|work| editing::travel(work, forward, now_rfc3339))
    }

    fn edit_work(&self, edit: impl FnOnce(Work<'_>) -> editing::Outcome) -> Option<StepKind> {
        self.editing.set_value(true);
        let mut outcome = None;
        self.set_history.update(|history| {
            self.set_annotations.update(|annotations| {
                self.set_deleted.maybe_update(|deleted| {
                    self.set_rejected.maybe_update(|rejected| {
                        let done = edit(Work { annotations, history, deleted, rejected });
                        let changed = done.rejections_changed;
                        outcome = Some(done);
                        changed
                    });
                    outcome.as_ref().is_some_and(|done| done.deletions_changed)
                })
            })
        });
        self.editing.set_value(false);
        let Some(done) = outcome else { return None };
        if done.rejections_changed {
            self.rejected.with_untracked(|list| self.hand_out_rejections(list));
        }
        self.repaint_change(&done.changed);
        done.kind
    }

    /// Ends a burst of note typing: the next edit is a step of its own.
    pub fn end_burst(&self) {
        self.set_history.maybe_update(History::end_burst);
    }

    /// Tags `[start, end)` with `tag`; returns the new annotation's id.
    pub fn create(&self, tag: Tag, start: usize, end: usize) -> String {
        let created = Annotation::new(new_id(), tag, start, end, now_rfc3339());
        let id = created.id.clone();
        self.commit(Step::new(StepKind::Create, vec![(None, Some(created))], now_ms()));
        id
    }

    /// Places an unplaced imported annotation on `[start, end)`, as one
    /// undoable step. It stays on the unplaced record (which hides what has
    /// been placed), so undoing the placement brings it back there.
    pub fn place(&self, unplaced: &Incoming, start: usize, end: usize) {
        let mut placed = Annotation::new(unplaced.id.clone(), unplaced.tag, start, end, unplaced.created.clone());
        placed.modified = now_rfc3339();
        placed.note = unplaced.note.clone();
        self.commit(Step::new(StepKind::Create, vec![(None, Some(placed))], now_ms()));
    }

    /// Forgets an unplaced imported annotation.
    pub fn discard_unplaced(&self, id: &str) {
        self.set_unplaced.update(|list| list.retain(|x| x.id != id));
    }

    /// Changes an annotation's tag.
    pub fn retag(&self, id: &str, tag: Tag) {
        self.change(id, StepKind::Retag, |a| a.tag = tag);
    }

    /// Replaces an annotation's note; quick successive edits undo together.
    pub fn set_note(&self, id: &str, note: String) {
        let Some(before) = self.find(id) else { return };
        let after = Annotation { note, modified: now_rfc3339(), ..before.clone() };
        self.commit(Step::new(StepKind::Note, vec![(Some(before), Some(after))], now_ms()).in_burst(id));
    }

    /// Shows `id` painted on `[start, end)` while an edge is dragged, without
    /// changing (or saving) anything until [`Session::finish_resize`].
    pub fn preview_resize(&self, id: &str, start: usize, end: usize) {
        let preview = ResizePreview { id: id.to_string(), start, end };
        if self.resizing.with_untracked(|p| p.as_ref() != Some(&preview)) {
            self.set_resizing.set(Some(preview));
            self.repaint();
        }
    }

    /// Ends a drag: records the previewed range as one step, if it moved.
    /// Returns whether it did.
    pub fn finish_resize(&self) -> bool {
        let Some(preview) = self.resizing.get_untracked() else { return false };
        self.set_resizing.set(None);
        let moved = self.resize(&preview.id, preview.start, preview.end);
        // A recorded resize has repainted; otherwise the preview must go.
        if !moved {
            self.repaint();
        }
        moved
    }

    /// Drops a drag's preview without recording anything (the gesture was
    /// cancelled, or its handle went away).
    pub fn cancel_resize(&self) {
        if self.resizing.with_untracked(Option::is_some) {
            self.set_resizing.set(None);
            self.repaint();
        }
    }

    /// Moves an annotation's edges (code points), as one undo step. Returns
    /// whether anything moved.
    pub fn resize(&self, id: &str, start: usize, end: usize) -> bool {
        let moved = self.find(id).is_some_and(|a| (a.start, a.end) != (start, end));
        let fits = start < end && end <= self.with_doc(Document::len);
        if moved && fits {
            self.change(id, StepKind::Resize, |a| (a.start, a.end) = (start, end));
        }
        moved && fits
    }

    /// Removes an annotation; returns it as it was.
    pub fn delete(&self, id: &str) -> Option<Annotation> {
        let before = self.find(id)?;
        self.commit(Step::new(StepKind::Delete, vec![(Some(before.clone()), None)], now_ms()));
        Some(before)
    }

    /// Tags every other exact occurrence of `id`'s text with its tag, as one
    /// undo step. Returns the tag and how many were added.
    pub fn tag_every_occurrence(&self, id: &str) -> Option<(Tag, usize)> {
        let source = self.find(id)?;
        let len = source.end - source.start;
        let now = now_rfc3339();
        let created: Vec<_> = untrack(|| self.untagged_occurrences(id))
            .into_iter()
            .map(|start| (None, Some(Annotation::new(new_id(), source.tag, start, start + len, now.clone()))))
            .collect();
        let added = created.len();
        if added > 0 {
            self.commit(Step::new(StepKind::TagAll, created, now_ms()));
        }
        Some((source.tag, added))
    }

    /// Accepts `suggestion` as an annotation of `tag` (its own, or another
    /// the reader chose), recording where it came from; returns the id.
    pub fn accept(&self, suggestion: &Suggestion, tag: Tag) -> String {
        let accepted = self.accepted(suggestion, tag, now_rfc3339());
        let id = accepted.id.clone();
        self.commit(Step::new(StepKind::Accept, vec![(None, Some(accepted))], now_ms()));
        id
    }

    /// Accepts every one of `suggestions` under its own tag, as one undo step.
    pub fn accept_all(&self, suggestions: &[Suggestion]) -> usize {
        let now = now_rfc3339();
        let created: Vec<_> = suggestions.iter().map(|s| (None, Some(self.accepted(s, s.tag, now.clone())))).collect();
        let added = created.len();
        if added > 0 {
            self.commit(Step::new(StepKind::AcceptAll, created, now_ms()));
        }
        added
    }

    fn accepted(&self, suggestion: &Suggestion, tag: Tag, now: String) -> Annotation {
        let mut accepted = Annotation::new(new_id(), tag, suggestion.start, suggestion.end, now);
        accepted.source = Some(suggestion.source.name());
        accepted
    }

    /// Rejects a suggestion: it is not offered again on this document.
    pub fn reject(&self, rejected: Rejected) {
        if !self.rejected.with_untracked(|list| list.contains(&rejected)) {
            self.commit(Step::reject(vec![rejected], now_ms()));
        }
    }

    /// Carries out a reviewed import plan as one undoable step, and keeps
    /// what could not be placed on the unplaced record. Returns whether
    /// anything changed.
    pub fn import(&self, plan: &Plan) -> bool {
        // `apply` on a copy yields the (before, after) pairs; recording them
        // applies them to the real list and makes the import one undo step.
        let changes = self.annotations.with_untracked(|list| merge::apply(&mut list.clone(), plan));
        let changed = !changes.is_empty();
        if changed {
            self.commit(Step::new(StepKind::Import, changes, now_ms()));
        }
        let mut kept_more = false;
        self.set_unplaced.maybe_update(|kept| {
            for incoming in &plan.unplaced {
                if !kept.iter().any(|k| k.id == incoming.id) {
                    kept.push(incoming.clone());
                    kept_more = true;
                }
            }
            kept_more
        });
        changed || kept_more
    }

    fn change(&self, id: &str, kind: StepKind, change: impl FnOnce(&mut Annotation)) {
        let Some(before) = self.find(id) else { return };
        let mut after = before.clone();
        change(&mut after);
        after.modified = now_rfc3339();
        self.commit(Step::new(kind, vec![(Some(before), Some(after))], now_ms()));
    }
}
