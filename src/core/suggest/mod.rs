//! Suggestions: phrases Tagmark proposes to tag, found offline from three
//! sources (built-in rules for news text, the phrases the reader tagged,
//! and the reader's own patterns), for the reader to accept or reject.
//! Everything is in code points of the canonical text.

pub mod evaluate;
pub mod learned;
pub mod offer;
pub mod patterns;
pub mod rules;

use crate::core::annotation::Tag;

/// Where a suggestion came from; its [`Source::name`] is what an accepted
/// annotation records as its `source`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// A built-in rule, by name (`quote.speech`, `statistic.count`, `event.date`…).
    Rule(&'static str),
    /// A phrase the reader tagged, here or in another document.
    Learned(String),
    /// One of the reader's patterns, by its name.
    Pattern(String),
}

impl Source {
    /// The name stored with an accepted annotation: `rule:quote.speech`,
    /// `learned:160多个国家`, `pattern:<name>`.
    pub fn name(&self) -> String {
        match self {
            Source::Rule(rule) => format!("rule:{rule}"),
            Source::Learned(phrase) => format!("learned:{phrase}"),
            Source::Pattern(name) => format!("pattern:{name}"),
        }
    }
}

/// What a rule, a learned phrase or a pattern found in one block's text:
/// offsets in code points relative to the start of the text it was given.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The tag proposed.
    pub tag: Tag,
    /// Where it came from.
    pub source: Source,
    /// How sure the source is, 0.0 to 1.0.
    pub score: f32,
    /// Other tags the same phrase was given (learned phrases tagged differently).
    pub alternatives: Vec<Tag>,
}

/// A suggestion the reader rejected: not offered again on its document.
/// Kept with the document's tags, so it survives a reload.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Rejected {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The tag it was suggested with.
    pub tag: Tag,
}
