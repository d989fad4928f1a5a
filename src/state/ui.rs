//! What the page shows around the document, apart from the document's own
//! session: the selection waiting for a tag, the open popover, the offer to
//! tag other occurrences, what to tell the reader.

use leptos::prelude::*;

use crate::core::suggest::Rejected;

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

/// The UI state (see the module comment): read-only signals out, actions
/// in; the write halves never leave it.
#[derive(Clone, Copy)]
pub struct Ui {
    pending: ReadSignal<Option<PendingSelection>>,
    set_pending: WriteSignal<Option<PendingSelection>>,
    popover: ReadSignal<Option<Popover>>,
    set_popover: WriteSignal<Option<Popover>>,
    just_tagged: ReadSignal<Option<String>>,
    set_just_tagged: WriteSignal<Option<String>>,
    announcement: ReadSignal<String>,
    set_announcement: WriteSignal<String>,
    notices: ReadSignal<Vec<Notice>>,
    set_notices: WriteSignal<Vec<Notice>>,
    suggestions_shown: RwSignal<bool>,
    current_suggestion: RwSignal<Option<Rejected>>,
}

impl Ui {
    /// Nothing selected, nothing open, nothing to say.
    pub fn new() -> Ui {
        let (pending, set_pending) = signal(None);
        let (popover, set_popover) = signal(None);
        let (just_tagged, set_just_tagged) = signal(None);
        let (announcement, set_announcement) = signal(String::new());
        let (notices, set_notices) = signal(Vec::new());
        Ui {
            pending,
            set_pending,
            popover,
            set_popover,
            just_tagged,
            set_just_tagged,
            announcement,
            set_announcement,
            notices,
            set_notices,
            suggestions_shown: RwSignal::new(!crate::web::suggestion_store::suggestions_hidden()),
            current_suggestion: RwSignal::new(None),
        }
    }

    /// The selection waiting for a tag.
    pub fn pending(&self) -> ReadSignal<Option<PendingSelection>> {
        self.pending
    }

    /// The open popover.
    pub fn popover(&self) -> ReadSignal<Option<Popover>> {
        self.popover
    }

    /// The highlight just made, while tagging its other occurrences is on offer.
    pub fn just_tagged(&self) -> ReadSignal<Option<String>> {
        self.just_tagged
    }

    /// The last thing said to screen reader users.
    pub fn announcement(&self) -> ReadSignal<String> {
        self.announcement
    }

    /// What loading found that the reader should know.
    pub fn notices(&self) -> ReadSignal<Vec<Notice>> {
        self.notices
    }

    /// Whether suggestions are painted.
    pub fn suggestions_shown(&self) -> Signal<bool> {
        self.suggestions_shown.into()
    }

    /// Shows or hides suggestions.
    pub fn show_suggestions(&self, shown: bool) {
        if self.suggestions_shown.get_untracked() != shown {
            self.suggestions_shown.set(shown);
            crate::web::suggestion_store::remember_hidden(!shown);
        }
        if !shown {
            self.current_suggestion.set(None);
        }
    }

    /// The suggestion the reader moved to or clicked, whose choices are open.
    pub fn current_suggestion(&self) -> Signal<Option<Rejected>> {
        self.current_suggestion.into()
    }

    /// Moves to a suggestion (or away from all: `None`).
    pub fn set_current_suggestion(&self, key: Option<Rejected>) {
        if self.current_suggestion.with_untracked(|current| *current != key) {
            self.current_suggestion.set(key);
        }
    }

    /// The reader selected text (or the selection went away: `None`).
    pub fn select(&self, pending: Option<PendingSelection>) {
        if self.pending.with_untracked(|current| *current != pending) {
            self.set_pending.set(pending);
        }
    }

    /// Opens the popover on the highlights with `ids` (outermost first),
    /// under the element at `left`/`bottom` (page coordinates).
    pub fn open_popover(&self, ids: Vec<String>, left: f64, bottom: f64) {
        let chosen = (ids.len() == 1).then(|| ids[0].clone());
        self.set_popover.set(Some(Popover { candidates: ids, chosen, left, bottom }));
    }

    /// Picks one of several overlapping highlights to edit.
    pub fn choose(&self, id: String) {
        self.set_popover.update(|p| {
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
            self.set_popover.set(None);
        }
    }

    /// Offers to tag the other occurrences of `id` (or withdraws the offer).
    pub fn offer_tag_all(&self, id: Option<String>) {
        if self.just_tagged.with_untracked(|current| *current != id) {
            self.set_just_tagged.set(id);
        }
    }

    /// Tells screen reader users (and the status line) what just happened.
    pub fn announce(&self, message: String) {
        self.set_announcement.set(message);
    }

    /// Shows what loading found.
    pub fn show_notices(&self, notices: Vec<Notice>) {
        self.set_notices.set(notices);
    }

    /// The reader dismissed notice `index`.
    pub fn dismiss_notice(&self, index: usize) {
        self.set_notices.update(|n| {
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
