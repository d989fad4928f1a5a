//! The reader's own patterns, shared by every document of the library:
//! imported from spaCy EntityRuler JSONL (or Tagmark's regular-expression
//! form), kept in localStorage, exported as the same JSONL.

use leptos::prelude::*;

use crate::core::suggest::patterns::{self, Pattern, PatternError};
use crate::web::{regex, suggestion_store};

/// See the module comment. `Copy`: it lives in the app's owner.
#[derive(Clone, Copy)]
pub struct PatternBook {
    patterns: ReadSignal<Vec<Pattern>>,
    set_patterns: WriteSignal<Vec<Pattern>>,
    /// A stored pattern file that could not be read, kept as it was: it is
    /// never overwritten, and the reader can download it.
    unreadable: RwSignal<Option<(String, String)>>,
}

impl PatternBook {
    /// The patterns stored in this browser.
    pub fn load() -> PatternBook {
        let (patterns, set_patterns) = signal(Vec::new());
        let unreadable = RwSignal::new(None);
        if let Some(stored) = suggestion_store::patterns() {
            match patterns::parse(&stored, &regex::check) {
                Ok(list) => set_patterns.set(list),
                Err(errors) => {
                    let why = errors.first().map(ToString::to_string).unwrap_or_default();
                    unreadable.set(Some((why, stored)));
                }
            }
        }
        PatternBook { patterns, set_patterns, unreadable }
    }

    /// The patterns, in the order they were imported.
    pub fn patterns(&self) -> ReadSignal<Vec<Pattern>> {
        self.patterns
    }

    /// Why the stored patterns could not be read, and the stored text.
    pub fn unreadable(&self) -> Signal<Option<(String, String)>> {
        self.unreadable.into()
    }

    /// Adds the patterns of a JSONL file that are new; returns how many.
    /// A file with any bad line changes nothing and gets every line's error.
    pub fn import(&self, text: &str) -> Result<usize, Vec<PatternError>> {
        let parsed = patterns::parse(text, &regex::check)?;
        let mut list = self.patterns.get_untracked();
        let added = patterns::merge(&mut list, parsed);
        if added > 0 {
            self.store(list).map_err(|why| vec![PatternError { line: 0, message: why }])?;
        }
        Ok(added)
    }

    /// Forgets the pattern at `index`.
    pub fn remove(&self, index: usize) -> Result<(), String> {
        let mut list = self.patterns.get_untracked();
        if index < list.len() {
            list.remove(index);
            self.store(list)?;
        }
        Ok(())
    }

    /// The patterns as an EntityRuler JSONL file.
    pub fn export(&self) -> String {
        self.patterns.with_untracked(|list| patterns::to_jsonl(list))
    }

    fn store(&self, list: Vec<Pattern>) -> Result<(), String> {
        if self.unreadable.with_untracked(Option::is_some) {
            return Err("the stored patterns could not be read; download them first, then discard them".into());
        }
        suggestion_store::save_patterns(&patterns::to_jsonl(&list))?;
        self.set_patterns.set(list);
        Ok(())
    }

    /// Drops an unreadable stored pattern file (after the reader downloaded it).
    pub fn discard_unreadable(&self) -> Result<(), String> {
        suggestion_store::save_patterns("")?;
        self.unreadable.set(None);
        Ok(())
    }
}
