//! The app's state, handed to components by context: the open document's
//! [`Session`] and the page's [`Ui`], kept apart, and the actions that touch
//! both (tagging a selection closes the toolbar and is announced).

mod intake;
mod library;
mod patterns;
mod session;
mod suggestion_actions;
mod suggestions;
mod ui;

pub use intake::{Intake, Outcome, Progress};
pub use library::{stored_annotations, Added, Keeping, Library, OpenImport, Removed};
pub use patterns::PatternBook;
pub use session::{SaveState, Session};
pub use suggestions::{Suggestions, LEARNED_PER_BLOCK, MAX_LEARNED};
pub use ui::{Notice, PendingSelection, Popover, Ui};

use leptos::prelude::*;

use crate::core::annotation::Tag;
use crate::core::incoming::Incoming;
use crate::core::keepable::{self, Unkeepable};
use crate::core::merge::Plan;
use crate::core::sync::Side;
use crate::core::text::shorten;
use crate::web::{local_storage, paint, selection};

/// The document session and the UI state of the page; see the module comment.
#[derive(Clone, Copy)]
pub struct Store {
    /// The open document and the reader's work on it.
    pub session: Session,
    /// Selection, popover, announcements, notices.
    pub ui: Ui,
    /// What the open document is offered to tag.
    pub suggestions: Suggestions,
}

impl Store {
    /// A store for `session` with a fresh UI state, its suggestions drawn
    /// from `book`'s patterns.
    pub fn new(session: Session, book: PatternBook) -> Store {
        Store { session, ui: Ui::new(), suggestions: Suggestions::new(session, book) }
    }

    /// Tags the pending selection with `tag`, then clears the selection.
    /// Does nothing when there is no pending selection.
    pub fn tag_selection(&self, tag: Tag) {
        let Some(pending) = self.ui.pending().get_untracked() else { return };
        self.ui.offer_tag_all(None);
        let id = self.session.create(tag, pending.start, pending.end);
        // Looking for other occurrences reads the whole text: after the paint.
        let store = *self;
        paint::after_next_paint(move || {
            // The reader may have left the document by then.
            if store.session.is_open() && store.session.find(&id).is_some() {
                store.ui.offer_tag_all(Some(id));
            }
        });
        self.clear_selection();
        self.ui.announce(format!("Tagged as {}: {}", tag.as_str(), self.short_quote(pending.start, pending.end)));
    }

    /// Drops the selection and its toolbar.
    pub fn clear_selection(&self) {
        self.ui.select(None);
        selection::clear();
    }

    /// Places an unplaced imported annotation on the pending selection.
    pub fn place_by_hand(&self, unplaced: &Incoming) {
        let Some(pending) = self.ui.pending().get_untracked() else { return };
        self.ui.offer_tag_all(None);
        self.session.place(unplaced, pending.start, pending.end);
        self.clear_selection();
        self.ui.announce(format!("Placed {}: {}", unplaced.tag.as_str(), self.short_quote(pending.start, pending.end)));
    }

    /// Changes an annotation's tag.
    pub fn retag(&self, id: &str, tag: Tag) {
        self.ui.offer_tag_all(None);
        self.session.retag(id, tag);
        self.ui.announce(format!("Changed to {}", tag.as_str()));
    }

    /// Replaces an annotation's note; quick successive edits undo together.
    pub fn set_note(&self, id: &str, note: String) {
        self.ui.offer_tag_all(None);
        self.session.set_note(id, note);
    }

    /// Moves an annotation's edges, as one undo step.
    pub fn resize(&self, id: &str, start: usize, end: usize) {
        if self.session.resize(id, start, end) {
            self.ui.offer_tag_all(None);
        }
    }

    /// Ends a drag of a highlight's edge: one undo step from where it began.
    pub fn finish_resize(&self) {
        if self.session.finish_resize() {
            self.ui.offer_tag_all(None);
        }
    }

    /// Removes an annotation, closing its popover.
    pub fn delete(&self, id: &str) {
        self.ui.offer_tag_all(None);
        let Some(before) = self.session.delete(id) else { return };
        self.close_popover_if_gone();
        self.ui.announce(format!("Deleted: {}", self.short_quote(before.start, before.end)));
    }

    /// Tags every other occurrence of `id`'s text with its tag (one undo step).
    pub fn tag_every_occurrence(&self, id: &str) {
        if let Some((tag, added)) = self.session.tag_every_occurrence(id) {
            if added > 0 {
                self.ui.offer_tag_all(None);
            }
            self.ui.announce(format!("Tagged {added} more occurrences as {}", tag.as_str()));
        }
    }

    /// Merges a reviewed import.
    /// Whether the work after importing `plan` can be kept: every note
    /// within the limit, and room for it in storage. Changes nothing.
    pub fn check_import(&self, plan: &Plan) -> Result<(), Unkeepable> {
        let session = self.session;
        session.with_doc(|doc| keepable::check_plan_notes(doc, plan))?;
        let saved = untrack(|| session.snapshot());
        let after = keepable::after_import(saved, plan, &crate::web::clock::now_rfc3339());
        let needed = session.with_doc(|doc| keepable::stored_units(doc, &after));
        keepable::check_room(needed, session.with_doc(local_storage::room_for_next_write))
    }

    /// Carries out a reviewed import plan (see [`Store::check_import`]).
    pub fn import(&self, plan: &Plan) {
        if self.session.import(plan) {
            self.ui.offer_tag_all(None);
        }
        self.ui.announce(format!(
            "Imported: {} added, {} updated, {} unplaced",
            plan.added.len(),
            plan.replaced.len(),
            plan.unplaced.len()
        ));
    }

    /// Reverts the last change.
    pub fn undo(&self) {
        self.travel(false, "Undid", "Nothing to undo");
    }

    /// Replays the last undone change.
    pub fn redo(&self) {
        self.travel(true, "Redid", "Nothing to redo");
    }

    fn travel(&self, forward: bool, done: &str, nothing: &str) {
        self.ui.offer_tag_all(None);
        let kind = self.session.travel(forward);
        self.close_popover_if_gone();
        self.ui.announce(match kind {
            Some(kind) => format!("{done}: {}", kind.describe()),
            None => nothing.into(),
        });
    }

    /// Takes what another tab saved, merged with ours.
    pub fn adopt(&self, merged: Side) {
        self.session.adopt(merged);
        self.close_popover_if_gone();
    }

    /// The highlight being edited may be gone (undo, another tab): its
    /// popover goes with it.
    fn close_popover_if_gone(&self) {
        if self.ui.chosen().is_some_and(|id| self.session.find(&id).is_none()) {
            self.ui.close_popover();
        }
    }

    pub(crate) fn short_quote(&self, start: usize, end: usize) -> String {
        self.session.with_doc(|doc| shorten(doc.slice(start, end), 40))
    }
}

/// The store provided by [`crate::Tagmark`].
pub fn use_store() -> Store {
    expect_context::<Store>()
}

/// The library provided by [`crate::App`].
pub fn use_library() -> Library {
    expect_context::<Library>()
}
