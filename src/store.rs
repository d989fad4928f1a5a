//! The one shared state of the app, handed to components by context.

use leptos::prelude::*;

use crate::core::annotation::{self, Annotation, Tag};
use crate::core::document::Document;
use crate::core::segments::{spans_within, Span};
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
    /// Annotation spans touching each block, by block index.
    pub spans_by_block: Memo<Vec<Vec<Span>>>,
    /// The current selection, if it can be tagged.
    pub pending: RwSignal<Option<PendingSelection>>,
    /// The state of saving.
    pub persistence: RwSignal<Persistence>,
    /// The last thing to tell screen reader users.
    pub announcement: RwSignal<String>,
}

impl Store {
    /// A store for `doc` with no annotations.
    pub fn new(doc: &'static Document) -> Store {
        let annotations = RwSignal::new(Vec::new());
        let spans_by_block = Memo::new(move |_| {
            annotations.with(|list: &Vec<Annotation>| {
                doc.blocks().iter().map(|b| spans_within(list, b.start, b.end)).collect()
            })
        });
        Store {
            doc,
            annotations,
            spans_by_block,
            pending: RwSignal::new(None),
            persistence: RwSignal::new(Persistence::Saved),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// Tags the pending selection with `tag`, then clears the selection.
    /// Does nothing when there is no pending selection.
    pub fn tag_pending(&self, tag: Tag) {
        let Some(pending) = self.pending.get_untracked() else {
            return;
        };
        let created = Annotation {
            id: web::new_id(),
            tag,
            start: pending.start,
            end: pending.end,
            created: web::now_rfc3339(),
        };
        self.annotations.update(|list| annotation::insert_in_order(list, created));
        self.pending.set(None);
        web::selection::clear();
        let quote: String = self.doc.slice(pending.start, pending.end).chars().take(40).collect();
        self.announcement.set(format!("Tagged as {}: {quote}", tag.as_str()));
    }
}

/// The store provided by [`crate::App`].
pub fn use_store() -> Store {
    expect_context::<Store>()
}
