//! What the reader does with suggestions: move between them, accept one
//! (under its tag or another), reject one, accept all of a tag. Each
//! touches the session (one undo step), the UI (where the reader is, what
//! is announced) and the suggestions (what comes next), so it is the
//! store's.

use leptos::prelude::*;

use crate::core::annotation::Tag;
use crate::core::suggest::Rejected;
use crate::state::Store;

impl Store {
    /// Moves to the next (`forward`) or previous suggestion, wrapping
    /// round. Shows suggestions if they were hidden.
    pub fn step_suggestion(&self, forward: bool) {
        self.ui.show_suggestions(true);
        let from = self.ui.current_suggestion().get_untracked().map(|k| (k.start, k.end));
        let next = self.suggestions.neighbour(from, forward);
        match &next {
            Some(s) => {
                let alternatives = s.alternatives_named().map(|names| format!(", also tagged {names}")).unwrap_or_default();
                self.ui.announce(format!(
                    "Suggested {}: {} (from {}{alternatives})",
                    s.tag.label(),
                    self.short_quote(s.start, s.end),
                    s.source.name()
                ));
            }
            None => self.ui.announce("No suggestions".into()),
        }
        self.ui.set_current_suggestion(next.map(|s| s.key()));
    }

    /// Accepts the suggestion `key` under `tag` (its own when `None`), and
    /// moves on to the next one.
    pub fn accept_suggestion(&self, key: &Rejected, tag: Option<Tag>) {
        let Some(suggestion) = self.suggestions.find(key) else { return };
        let tag = tag.unwrap_or(suggestion.tag);
        self.ui.offer_tag_all(None);
        self.session.accept(&suggestion, tag);
        let quote = self.short_quote(suggestion.start, suggestion.end);
        let next = self.suggestions.neighbour(Some((suggestion.start, suggestion.end)), true).map(|s| s.key());
        self.ui.set_current_suggestion(next);
        self.ui.announce(format!("Accepted as {}: {quote}", tag.label()));
    }

    /// Rejects the suggestion `key`: it is not offered again here.
    pub fn reject_suggestion(&self, key: &Rejected) {
        let Some(suggestion) = self.suggestions.find(key) else { return };
        self.session.reject(key.clone());
        let quote = self.short_quote(suggestion.start, suggestion.end);
        let next = self.suggestions.neighbour(Some((suggestion.start, suggestion.end)), true).map(|s| s.key());
        self.ui.set_current_suggestion(next);
        self.ui.announce(format!("Rejected {}: {quote}", suggestion.tag.label()));
    }

    /// Accepts every suggestion of `tag` in this document, as one undo step.
    pub fn accept_all_suggestions(&self, tag: Tag) {
        let all = self.suggestions.all_of(tag);
        self.ui.offer_tag_all(None);
        let added = self.session.accept_all(&all);
        self.ui.set_current_suggestion(None);
        self.ui.announce(format!("Accepted {added} {} suggestions", tag.label()));
    }
}
