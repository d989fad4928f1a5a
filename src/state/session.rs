//! One open document and everything the reader did to it: the document
//! session. It owns its document, hands out read-only signals, and changes
//! only through methods named for what the reader did.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::history::History;
use crate::core::incoming::Incoming;
use crate::core::segments::{Span, SpanIndex};
use crate::core::stored_format::{Parts, Saved, Tombstone};
use crate::core::suggest::Rejected;
use crate::core::sync::Side;

mod edits;

/// Whether the reader's work is being kept, and if not, why.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
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

/// An edge being dragged: the annotation's range as it would be on release.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ResizePreview {
    /// The annotation being resized.
    id: String,
    /// Its start, were the drag released now.
    start: usize,
    /// Its end, were the drag released now.
    end: usize,
}

/// One block's signal, read and write halves.
pub(crate) type BlockSignal<T> = (ReadSignal<T>, WriteSignal<T>);

/// The document session (see the module comment). `Copy`: its parts live in
/// the reactive arena of the owner it was made under, and go with it.
#[derive(Clone, Copy)]
pub struct Session {
    doc: StoredValue<Arc<Document>>,
    // Each value is read through its ReadSignal and changed through its
    // WriteSignal; only the read halves leave the session.
    annotations: ReadSignal<Vec<Annotation>>,
    set_annotations: WriteSignal<Vec<Annotation>>,
    history: ReadSignal<History>,
    set_history: WriteSignal<History>,
    unplaced: ReadSignal<Vec<Incoming>>,
    set_unplaced: WriteSignal<Vec<Incoming>>,
    deleted: ReadSignal<Vec<Tombstone>>,
    set_deleted: WriteSignal<Vec<Tombstone>>,
    rejected: ReadSignal<Vec<Rejected>>,
    set_rejected: WriteSignal<Vec<Rejected>>,
    save_state: ReadSignal<SaveState>,
    set_save_state: WriteSignal<SaveState>,
    storage_use: ReadSignal<Option<f64>>,
    set_storage_use: WriteSignal<Option<f64>>,
    resizing: ReadSignal<Option<ResizePreview>>,
    set_resizing: WriteSignal<Option<ResizePreview>>,
    /// Kept in step by each change (not recounted), so a change costs what it touched.
    tag_counts: ReadSignal<[usize; 3]>,
    set_tag_counts: WriteSignal<[usize; 3]>,
    /// One signal a block: a change wakes only the blocks it touches.
    block_spans: StoredValue<Vec<BlockSignal<Vec<Span>>>>,
    /// One signal a block for its rejected suggestions, likewise.
    block_rejected: StoredValue<Vec<BlockSignal<Vec<Rejected>>>>,
    block_extents: StoredValue<Vec<(usize, usize)>>,
    span_index: StoredValue<SpanIndex>,
    /// True while an edit holds the work's signals for writing; a panic
    /// there leaves it set, so the crash banner knows not to read them.
    editing: StoredValue<bool>,
}

impl Session {
    /// A session on `doc` with no annotations yet.
    pub fn new(doc: Arc<Document>) -> Session {
        let extents: Vec<(usize, usize)> = doc.blocks().iter().map(|b| (b.start, b.end)).collect();
        let block_spans = StoredValue::new(extents.iter().map(|_| signal(Vec::new())).collect::<Vec<_>>());
        let block_rejected = StoredValue::new(extents.iter().map(|_| signal(Vec::new())).collect::<Vec<_>>());
        let (annotations, set_annotations) = signal(Vec::<Annotation>::new());
        let (history, set_history) = signal(History::default());
        let (unplaced, set_unplaced) = signal(Vec::new());
        let (deleted, set_deleted) = signal(Vec::new());
        let (rejected, set_rejected) = signal(Vec::new());
        let (save_state, set_save_state) = signal(SaveState::Saved);
        let (storage_use, set_storage_use) = signal(None);
        let (resizing, set_resizing) = signal(None);
        let (tag_counts, set_tag_counts) = signal([0; 3]);
        Session {
            doc: StoredValue::new(doc),
            annotations,
            set_annotations,
            history,
            set_history,
            unplaced,
            set_unplaced,
            deleted,
            set_deleted,
            rejected,
            set_rejected,
            save_state,
            set_save_state,
            storage_use,
            set_storage_use,
            resizing,
            set_resizing,
            tag_counts,
            set_tag_counts,
            block_spans,
            block_rejected,
            block_extents: StoredValue::new(extents.clone()),
            span_index: StoredValue::new(SpanIndex::new(extents)),
            editing: StoredValue::new(false),
        }
    }

    /// Repaints after a change: every change to the annotations or to a
    /// dragged edge goes through this session, so it calls this itself.
    fn repaint(&self) {
        self.annotations
            .with_untracked(|list| self.resizing.with_untracked(|preview| self.hand_out_spans(list, preview.as_ref())));
    }

    /// Repaints and recounts after one change, (from, to) pairs of what it
    /// changed: its cost follows the change, not the document.
    fn repaint_change(&self, changed: &[(Option<Annotation>, Option<Annotation>)]) {
        if self.resizing.with_untracked(Option::is_some) {
            // A dragged edge paints one annotation elsewhere; rare enough to repaint all.
            self.repaint();
        } else {
            let painted = self.span_index.write_value().change(
                changed.iter().filter_map(|(from, _)| from.as_ref()),
                changed.iter().filter_map(|(_, to)| to.as_ref()),
            );
            self.give_blocks(painted);
        }
        self.set_tag_counts.update(|counts| {
            for (from, to) in changed {
                if let Some(a) = from {
                    counts[a.tag.index()] -= 1;
                }
                if let Some(a) = to {
                    counts[a.tag.index()] += 1;
                }
            }
        });
    }

    /// Counts every annotation's tag (at load, and after a merge).
    fn recount(&self, list: &[Annotation]) {
        self.set_tag_counts.set(Tag::ALL.map(|tag| list.iter().filter(|a| a.tag == tag).count()));
    }

    fn give_blocks(&self, painted: Vec<(usize, Vec<Span>)>) {
        self.block_spans.with_value(|signals| {
            for (block, spans) in painted {
                signals[block].1.set(spans);
            }
        });
    }

    /// Gives each block whose spans changed its new spans.
    fn hand_out_spans(&self, list: &[Annotation], preview: Option<&ResizePreview>) {
        let moved = preview.and_then(|p| {
            let a = list.iter().find(|a| a.id == p.id)?;
            Some(Annotation { start: p.start, end: p.end, ..a.clone() })
        });
        let painted = list.iter().map(|a| match &moved {
            Some(moved) if moved.id == a.id => moved,
            _ => a,
        });
        let changed = self.span_index.write_value().update(painted);
        self.give_blocks(changed);
    }

    /// Gives each block whose rejected suggestions changed its new list.
    /// Rejections change one at a time (or a few, by undo), so comparing
    /// each block's short list is cheap.
    fn hand_out_rejections(&self, list: &[Rejected]) {
        self.block_extents.with_value(|extents| {
            let mut per_block: Vec<Vec<Rejected>> = vec![Vec::new(); extents.len()];
            for r in list {
                let block = extents.partition_point(|&(_, end)| end <= r.start);
                if let Some(mine) = per_block.get_mut(block) {
                    mine.push(r.clone());
                }
            }
            self.block_rejected.with_value(|signals| {
                for (signal, mine) in signals.iter().zip(per_block) {
                    if signal.0.with_untracked(|old| *old != mine) {
                        signal.1.set(mine);
                    }
                }
            });
        });
    }

    /// The suggestions rejected on block `index`.
    pub fn block_rejected(&self, index: usize) -> ReadSignal<Vec<Rejected>> {
        self.block_rejected.with_value(|all| all[index].0)
    }

    /// Whether the session is still there: work that runs later (after a
    /// paint, a timer) checks this before it touches the session.
    pub fn is_open(&self) -> bool {
        self.doc.try_with_value(|_| ()).is_some()
    }

    /// The document, shared: it lives as long as someone holds it.
    pub fn doc(&self) -> Arc<Document> {
        self.doc.get_value()
    }

    /// Runs `f` on the document without taking a share of it.
    pub fn with_doc<T>(&self, f: impl FnOnce(&Document) -> T) -> T {
        self.doc.with_value(|doc| f(doc))
    }

    /// Like [`Session::with_doc`], but `None` once the session is gone
    /// (for the crash banner, which may run at any moment).
    pub fn try_with_doc<T>(&self, f: impl FnOnce(&Document) -> T) -> Option<T> {
        self.doc.try_with_value(|doc| f(doc))
    }

    /// All annotations, in document order.
    pub fn annotations(&self) -> ReadSignal<Vec<Annotation>> {
        self.annotations
    }

    /// Undo and redo.
    pub fn history(&self) -> ReadSignal<History> {
        self.history
    }

    /// Imported annotations that found no place in this text.
    pub fn unplaced(&self) -> ReadSignal<Vec<Incoming>> {
        self.unplaced
    }

    /// Suggestions the reader rejected on this document.
    pub fn rejected(&self) -> ReadSignal<Vec<Rejected>> {
        self.rejected
    }

    /// Whether the work is being saved.
    pub fn save_state(&self) -> ReadSignal<SaveState> {
        self.save_state
    }

    /// How full localStorage is (0.0 to 1.0), once known.
    pub fn storage_use(&self) -> ReadSignal<Option<f64>> {
        self.storage_use
    }

    /// How many annotations carry each tag, in [`Tag::ALL`] order.
    pub fn tag_counts(&self) -> ReadSignal<[usize; 3]> {
        self.tag_counts
    }

    /// The spans painted on block `index`.
    pub fn block_spans(&self, index: usize) -> ReadSignal<Vec<Span>> {
        self.block_spans.with_value(|all| all[index].0)
    }

    /// The range of `id` as painted: the dragged range during a resize.
    pub fn painted_range(&self, id: &str) -> Option<(usize, usize)> {
        let preview = self.resizing.with(|p| p.as_ref().filter(|p| p.id == id).map(|p| (p.start, p.end)));
        preview.or_else(|| self.annotations.with(|list| list.iter().find(|a| a.id == id).map(|a| (a.start, a.end))))
    }

    /// The annotation with `id`, if it exists (not tracked).
    pub fn find(&self, id: &str) -> Option<Annotation> {
        self.annotations.with_untracked(|list| list.iter().find(|a| a.id == id).cloned())
    }

    /// Lends everything that is saved to `f` without copying it; tracked,
    /// so an Effect that calls this runs again on every change.
    pub fn with_parts<T>(&self, f: impl FnOnce(Parts<'_>) -> T) -> T {
        self.annotations.with(|annotations| {
            self.history.with(|history| {
                self.unplaced.with(|unplaced| {
                    self.deleted.with(|deleted| {
                        self.rejected.with(|rejected| f(Parts { annotations, history, unplaced, deleted, rejected }))
                    })
                })
            })
        })
    }

    /// A copy of everything that is saved, read reactively.
    pub fn snapshot(&self) -> Saved {
        self.with_parts(|p| Saved {
            annotations: p.annotations.to_vec(),
            history: p.history.clone(),
            unplaced: p.unplaced.to_vec(),
            deleted: p.deleted.to_vec(),
            rejected: p.rejected.to_vec(),
        })
    }

    /// Like [`Session::snapshot`], untracked, but `None` once the session is gone.
    pub fn try_snapshot(&self) -> Option<Saved> {
        Some(Saved {
            annotations: self.annotations.try_get_untracked()?,
            history: self.history.try_get_untracked()?,
            unplaced: self.unplaced.try_get_untracked()?,
            deleted: self.deleted.try_get_untracked()?,
            rejected: self.rejected.try_get_untracked()?,
        })
    }

    /// Replaces everything that is saved (the stored work, at load). The
    /// blocks get their spans at once, so a first render already shows them.
    pub fn restore(&self, saved: Saved) {
        self.hand_out_spans(&saved.annotations, None);
        self.recount(&saved.annotations);
        self.set_annotations.set(saved.annotations);
        self.set_history.set(saved.history);
        self.set_unplaced.set(saved.unplaced);
        self.set_deleted.set(saved.deleted);
        self.hand_out_rejections(&saved.rejected);
        self.set_rejected.set(saved.rejected);
    }

    /// The annotations and deletions, for merging with another tab.
    pub fn side(&self) -> Side {
        Side {
            annotations: self.annotations.get_untracked(),
            deleted: self.deleted.get_untracked(),
            rejected: self.rejected.get_untracked(),
        }
    }

    /// Takes the result of a merge with another tab. Not an undoable step: it
    /// is what the other tab did.
    pub fn adopt(&self, merged: Side) {
        self.recount(&merged.annotations);
        self.set_annotations.set(merged.annotations);
        self.set_deleted.set(merged.deleted);
        self.hand_out_rejections(&merged.rejected);
        self.set_rejected.set(merged.rejected);
        self.repaint();
    }

    /// Records how saving went.
    /// A failure is recorded even when it repeats: autosave retries on
    /// each one it is told of, for as long as saving fails.
    pub fn record_save_state(&self, state: SaveState) {
        if matches!(state, SaveState::Failing(_)) || self.save_state.with_untracked(|s| *s != state) {
            self.set_save_state.set(state);
        }
    }

    /// Records how full storage is.
    pub fn record_storage_use(&self, used: f64) {
        self.set_storage_use.set(Some(used));
    }

    /// The annotations as they are now, for the crash banner: `None` when
    /// they can't be read safely (the session is gone, or the panic came in
    /// the middle of an edit, which still holds them for writing).
    pub fn annotations_for_crash(&self) -> Option<Vec<Annotation>> {
        if self.editing.try_get_value().unwrap_or(true) {
            return None;
        }
        self.annotations.try_get_untracked()
    }

    /// Starts of the other occurrences of `id`'s text not yet tagged with its
    /// tag (tracked: it follows the annotations).
    pub fn untagged_occurrences(&self, id: &str) -> Vec<usize> {
        self.annotations.with(|list| {
            let Some(source) = list.iter().find(|a| a.id == id) else { return Vec::new() };
            let len = source.end - source.start;
            self.with_doc(|doc| {
                doc.occurrences(doc.slice(source.start, source.end))
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
        })
    }
}
