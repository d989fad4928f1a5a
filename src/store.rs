//! The one shared state of the app, handed to components by context.

use leptos::prelude::*;

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::history::{History, Presence, Step, StepKind};
use crate::core::incoming::Incoming;
use crate::core::stored_format::{Parts, Saved, Tombstone};
use crate::core::sync::Side;
use crate::core::segments::{Span, SpanIndex};
use crate::core::text::shorten;
use crate::web;

/// A selection waiting for a tag: normalized code point offsets and where
/// to show the toolbar (page coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct PendingSelection {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Left edge of the selection, page coordinates.
    pub left: f64,
    /// Bottom edge of the selection, page coordinates.
    pub bottom: f64,
}

/// The highlight popover: which annotations the click hit and which one is
/// being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Popover {
    /// Ids under the click, outermost first; more than one means "pick one".
    pub candidates: Vec<String>,
    /// The annotation being edited, once picked.
    pub chosen: Option<String>,
    /// Where to show it: left and bottom edge of what was clicked, page coordinates.
    pub left: f64,
    /// See `left`.
    pub bottom: f64,
}

/// Something the reader should know about their stored work.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What happened.
    pub message: String,
    /// A file to offer: name and contents.
    pub download: Option<(String, String)>,
}

/// Whether the reader's work is being kept, and if not, why.
#[derive(Clone, Debug, PartialEq)]
pub enum Persistence {
    /// Every change so far is in localStorage.
    Saved,
    /// localStorage can't be used; work lives only in this tab.
    Unavailable(String),
    /// The last save failed (for example, storage is full); retried on the next change.
    Failing(String),
    /// Stored data couldn't be read; saving is paused so it isn't overwritten.
    Protecting {
        /// Why the stored data couldn't be read.
        reason: String,
        /// The stored text, offered for download.
        raw: String,
    },
}

/// Shared state: the document and everything the reader did to it.
#[derive(Clone, Copy)]
pub struct Store {
    /// The article being annotated.
    pub doc: &'static Document,
    /// All annotations, in document order.
    pub annotations: RwSignal<Vec<Annotation>>,
    /// Undo and redo.
    pub history: RwSignal<History>,
    /// Imported annotations that found no place in this text.
    pub unplaced: RwSignal<Vec<Incoming>>,
    /// Recent deletions, so other tabs learn of them.
    pub deleted: RwSignal<Vec<Tombstone>>,
    /// What loading found that the reader should know.
    pub notices: RwSignal<Vec<Notice>>,
    /// How full localStorage is (0.0 to 1.0), once known.
    pub storage_use: RwSignal<Option<f64>>,
    /// Annotation spans touching each block, one signal a block: a change
    /// wakes only the blocks it touches, not every block of a long text.
    pub block_spans: StoredValue<Vec<RwSignal<Vec<Span>>>>,
    /// The current selection, if it can be tagged.
    pub pending: RwSignal<Option<PendingSelection>>,
    /// The open highlight popover.
    pub popover: RwSignal<Option<Popover>>,
    /// The state of saving.
    pub persistence: RwSignal<Persistence>,
    /// The last thing to tell screen reader users.
    pub announcement: RwSignal<String>,
    /// The highlight just made, while tagging its other occurrences is on offer.
    pub just_tagged: RwSignal<Option<String>>,
    /// Which spans each block has, for telling blocks what changed.
    span_index: StoredValue<SpanIndex>,
}

impl Store {
    /// A store for `doc` with no annotations.
    pub fn new(doc: &'static Document) -> Store {
        let annotations = RwSignal::new(Vec::new());
        let extents: Vec<(usize, usize)> = doc.blocks().iter().map(|b| (b.start, b.end)).collect();
        let block_spans = StoredValue::new(extents.iter().map(|_| RwSignal::new(Vec::new())).collect::<Vec<_>>());
        let span_index = StoredValue::new(SpanIndex::new(extents));
        let store = Store {
            doc,
            annotations,
            history: RwSignal::new(History::default()),
            unplaced: RwSignal::new(Vec::new()),
            deleted: RwSignal::new(Vec::new()),
            notices: RwSignal::new(Vec::new()),
            storage_use: RwSignal::new(None),
            block_spans,
            pending: RwSignal::new(None),
            popover: RwSignal::new(None),
            persistence: RwSignal::new(Persistence::Saved),
            announcement: RwSignal::new(String::new()),
            just_tagged: RwSignal::new(None),
            span_index,
        };
        Effect::new(move |_| store.annotations.with(|list| store.hand_out_spans(list)));
        store
    }

    /// Gives each block whose spans changed its new spans.
    fn hand_out_spans(&self, list: &[Annotation]) {
        let changed = self.span_index.write_value().update(list);
        self.block_spans.with_value(|signals| {
            for (block, spans) in changed {
                signals[block].set(spans);
            }
        });
    }

    /// A copy of everything that is saved, read reactively.
    pub fn snapshot(&self) -> Saved {
        Saved {
            annotations: self.annotations.get(),
            history: self.history.get(),
            unplaced: self.unplaced.get(),
            deleted: self.deleted.get(),
        }
    }

    /// Lends everything that is saved to `f` without copying it; tracked,
    /// so an Effect that calls this runs again on every change.
    pub fn with_parts<T>(&self, f: impl FnOnce(Parts<'_>) -> T) -> T {
        self.annotations.with(|annotations| {
            self.history.with(|history| {
                self.unplaced.with(|unplaced| {
                    self.deleted.with(|deleted| f(Parts { annotations, history, unplaced, deleted }))
                })
            })
        })
    }

    /// Replaces everything that is saved. The blocks get their spans at
    /// once, so a first render already shows (and can plan for) them.
    pub fn restore(&self, saved: Saved) {
        self.hand_out_spans(&saved.annotations);
        self.annotations.set(saved.annotations);
        self.history.set(saved.history);
        self.unplaced.set(saved.unplaced);
        self.deleted.set(saved.deleted);
    }

    /// The annotations and deletions, for merging with another tab.
    pub fn side(&self) -> Side {
        Side { annotations: self.annotations.get_untracked(), deleted: self.deleted.get_untracked() }
    }

    /// Takes the result of a merge with another tab (not an undoable step:
    /// it is what the other tab did).
    pub fn adopt(&self, merged: Side) {
        self.annotations.set(merged.annotations);
        self.deleted.set(merged.deleted);
    }

    /// Applies `step` and records it for undo.
    pub fn commit(&self, step: Step) {
        self.just_tagged.set(None);
        let presence = step.presence(true);
        self.history.update(|history| self.annotations.update(|list| history.record(list, step)));
        self.keep_deletions(presence);
    }

    /// Keeps the deletion record in step with a change: an id that
    /// disappeared gets a tombstone; one that came back (undo) loses its
    /// tombstone and counts as modified now, so no other tab deletes it again.
    fn keep_deletions(&self, presence: Presence) {
        let Presence { added, removed } = presence;
        let revived: Vec<String> =
            self.deleted.with_untracked(|d| d.iter().filter(|t| added.contains(&t.id)).map(|t| t.id.clone()).collect());
        if removed.is_empty() && revived.is_empty() {
            return;
        }
        let now = web::now_rfc3339();
        self.deleted.update(|d| {
            d.retain(|t| !revived.contains(&t.id) && !removed.contains(&t.id));
            d.extend(removed.into_iter().map(|id| Tombstone { id, deleted: now.clone() }));
        });
        if !revived.is_empty() {
            self.annotations.update(|list| {
                for a in list.iter_mut().filter(|a| revived.contains(&a.id)) {
                    a.modified = now.clone();
                }
            });
        }
    }

    /// The annotation with `id`, if it exists.
    pub fn find(&self, id: &str) -> Option<Annotation> {
        self.annotations.with_untracked(|list| list.iter().find(|a| a.id == id).cloned())
    }

    /// Tags the pending selection with `tag`, then clears the selection.
    /// Does nothing when there is no pending selection.
    pub fn tag_pending(&self, tag: Tag) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        let created = Annotation::new(web::new_id(), tag, pending.start, pending.end, web::now_rfc3339());
        let id = created.id.clone();
        self.commit(Step::new(StepKind::Create, vec![(None, Some(created))], now_ms()));
        // Looking for other occurrences reads the whole text: after the paint.
        let store = *self;
        web::after_next_paint(move || {
            if store.find(&id).is_some() {
                store.just_tagged.set(Some(id));
            }
        });
        self.pending.set(None);
        web::selection::clear();
        self.announce(format!("Tagged as {}: {}", tag.as_str(), self.short_quote(pending.start, pending.end)));
    }

    /// Places an unplaced imported annotation on the pending selection, as
    /// one undoable step. It stays on the unplaced record (the list hides
    /// what has been placed), so undoing the placement brings it back there.
    pub fn place_by_hand(&self, unplaced: &Incoming) {
        let Some(pending) = self.pending.get_untracked() else { return };
        let mut placed = Annotation::new(unplaced.id.clone(), unplaced.tag, pending.start, pending.end, unplaced.created.clone());
        placed.modified = web::now_rfc3339();
        placed.note = unplaced.note.clone();
        self.commit(Step::new(StepKind::Create, vec![(None, Some(placed))], now_ms()));
        self.pending.set(None);
        web::selection::clear();
        self.announce(format!("Placed {}: {}", unplaced.tag.as_str(), self.short_quote(pending.start, pending.end)));
    }

    /// Changes an annotation's tag.
    pub fn retag(&self, id: &str, tag: Tag) {
        self.edit(id, StepKind::Retag, |a| a.tag = tag);
        self.announce(format!("Changed to {}", tag.as_str()));
    }

    /// Replaces an annotation's note; quick successive edits undo together.
    pub fn set_note(&self, id: &str, note: String) {
        let Some(before) = self.find(id) else { return };
        let after = Annotation { note, modified: web::now_rfc3339(), ..before.clone() };
        self.commit(Step::new(StepKind::Note, vec![(Some(before), Some(after))], now_ms()).in_burst(id));
    }

    /// Moves an annotation's edges (code points), as one undo step.
    pub fn resize(&self, id: &str, start: usize, end: usize) {
        if start < end && end <= self.doc.len() {
            self.edit(id, StepKind::Resize, |a| (a.start, a.end) = (start, end));
        }
    }

    /// Removes an annotation.
    pub fn delete(&self, id: &str) {
        let Some(before) = self.find(id) else { return };
        self.commit(Step::new(StepKind::Delete, vec![(Some(before.clone()), None)], now_ms()));
        if self.popover.with_untracked(|p| p.as_ref().is_some_and(|p| p.chosen.as_deref() == Some(id))) {
            self.popover.set(None);
        }
        self.announce(format!("Deleted: {}", self.short_quote(before.start, before.end)));
    }

    /// Starts of the other occurrences of `id`'s text not yet tagged with its tag.
    pub fn untagged_occurrences(&self, id: &str) -> Vec<usize> {
        let Some(source) = self.annotations.with(|list| list.iter().find(|a| a.id == id).cloned()) else {
            return Vec::new();
        };
        let len = source.end - source.start;
        self.annotations.with(|list| {
            self.doc
                .occurrences(self.doc.slice(source.start, source.end))
                .into_iter()
                .filter(|&start| {
                    // The list is in document order: look only at what starts here.
                    let first = list.partition_point(|a| a.start < start);
                    !list[first..]
                        .iter()
                        .take_while(|a| a.start == start)
                        .any(|a| a.end == start + len && a.tag == source.tag)
                })
                .collect()
        })
    }

    /// Tags every other exact occurrence of `id`'s text with its tag, as one
    /// undo step. Returns how many were added.
    pub fn tag_every_occurrence(&self, id: &str) -> usize {
        let Some(source) = self.find(id) else { return 0 };
        let len = source.end - source.start;
        let now = web::now_rfc3339();
        let created: Vec<_> = self
            .untagged_occurrences(id)
            .into_iter()
            .map(|start| (None, Some(Annotation::new(web::new_id(), source.tag, start, start + len, now.clone()))))
            .collect();
        let added = created.len();
        if added > 0 {
            self.commit(Step::new(StepKind::TagAll, created, now_ms()));
        }
        self.announce(format!("Tagged {added} more occurrences as {}", source.tag.as_str()));
        added
    }

    /// Reverts the last change.
    pub fn undo(&self) {
        self.travel(false, "Undid", "Nothing to undo");
    }

    /// Replays the last undone change.
    pub fn redo(&self) {
        self.travel(true, "Redid", "Nothing to redo");
    }

    /// Moves through the history (redo when `forward`, else undo) and says what happened.
    fn travel(&self, forward: bool, done: &str, nothing: &str) {
        self.just_tagged.set(None);
        let presence = self.history.with_untracked(|h| {
            let next = if forward { h.next_redo() } else { h.next_undo() };
            next.map(|step| step.presence(forward))
        });
        let kind = self
            .history
            .try_update(|h| {
                self.annotations.try_update(|list| if forward { h.redo(list) } else { h.undo(list) }).flatten()
            })
            .flatten();
        if let Some(presence) = presence {
            self.keep_deletions(presence);
        }
        self.announce(match kind {
            Some(kind) => format!("{done}: {}", kind.describe()),
            None => nothing.into(),
        });
    }

    /// Tells screen reader users (and the status line) what just happened.
    pub fn announce(&self, message: String) {
        self.announcement.set(message);
    }

    fn edit(&self, id: &str, kind: StepKind, change: impl FnOnce(&mut Annotation)) {
        let Some(before) = self.find(id) else { return };
        let mut after = before.clone();
        change(&mut after);
        after.modified = web::now_rfc3339();
        self.commit(Step::new(kind, vec![(Some(before), Some(after))], now_ms()));
    }

    fn short_quote(&self, start: usize, end: usize) -> String {
        shorten(self.doc.slice(start, end), 40)
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The store provided by [`crate::App`].
pub fn use_store() -> Store {
    expect_context::<Store>()
}
