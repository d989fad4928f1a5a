//! What the page shows around the document, apart from the document's own
//! session: the selection waiting for a tag, the open popover, the offer to
//! tag other occurrences, what to tell the reader.

use leptos::prelude::*;

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

/// The UI state (see the module comment): read-only signals out, actions in.
#[derive(Clone, Copy)]
pub struct Ui {
    pending: RwSignal<Option<PendingSelection>>,
    popover: RwSignal<Option<Popover>>,
    just_tagged: RwSignal<Option<String>>,
    announcement: RwSignal<String>,
    notices: RwSignal<Vec<Notice>>,
}

impl Ui {
    /// Nothing selected, nothing open, nothing to say.
    pub fn new() -> Ui {
        Ui {
            pending: RwSignal::new(None),
            popover: RwSignal::new(None),
            just_tagged: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            notices: RwSignal::new(Vec::new()),
        }
    }

    /// The selection waiting for a tag.
    pub fn pending(&self) -> ReadSignal<Option<PendingSelection>> {
        self.pending.read_only()
    }

    /// The open popover.
    pub fn popover(&self) -> ReadSignal<Option<Popover>> {
        self.popover.read_only()
    }

    /// The highlight just made, while tagging its other occurrences is on offer.
    pub fn just_tagged(&self) -> ReadSignal<Option<String>> {
        self.just_tagged.read_only()
    }

    /// The last thing said to screen reader users.
    pub fn announcement(&self) -> ReadSignal<String> {
        self.announcement.read_only()
    }

    /// What loading found that the reader should know.
    pub fn notices(&self) -> ReadSignal<Vec<Notice>> {
        self.notices.read_only()
    }

    /// The reader selected text (or the selection went away: `None`).
    pub fn select(&self, pending: Option<PendingSelection>) {
        if self.pending.with_untracked(|current| *current != pending) {
            self.pending.set(pending);
        }
    }

    /// Opens the popover on the highlights with `ids` (outermost first),
    /// under the element at `left`/`bottom` (page coordinates).
    pub fn open_popover(&self, ids: Vec<String>, left: f64, bottom: f64) {
        let chosen = (ids.len() == 1).then(|| ids[0].clone());
        self.popover.set(Some(Popover { candidates: ids, chosen, left, bottom }));
    }

    /// Picks one of several overlapping highlights to edit.
    pub fn choose(&self, id: String) {
        self.popover.update(|p| {
            if let Some(p) = p {
                p.chosen = Some(id);
            }
        });
    }

    /// The annotation being edited in the popover (not tracked).
    pub fn chosen(&self) -> Option<String> {
        self.popover.with_untracked(|p| p.as_ref().and_then(|p| p.chosen.clone()))
    }

    /// Closes the popover.
    pub fn close_popover(&self) {
        if self.popover.with_untracked(Option::is_some) {
            self.popover.set(None);
        }
    }

    /// Offers to tag the other occurrences of `id` (or withdraws the offer).
    pub fn offer_tag_all(&self, id: Option<String>) {
        if self.just_tagged.with_untracked(|current| *current != id) {
            self.just_tagged.set(id);
        }
    }

    /// Tells screen reader users (and the status line) what just happened.
    pub fn announce(&self, message: String) {
        self.announcement.set(message);
    }

    /// Shows what loading found.
    pub fn show_notices(&self, notices: Vec<Notice>) {
        self.notices.set(notices);
    }

    /// The reader dismissed notice `index`.
    pub fn dismiss_notice(&self, index: usize) {
        self.notices.update(|n| {
            if index < n.len() {
                n.remove(index);
            }
        });
    }
}

impl Default for Ui {
    fn default() -> Ui {
        Ui::new()
    }
}
