//! Annotations: a tag on a range of the canonical text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The three kinds of phrase a reader marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    /// Someone's words.
    Quote,
    /// A number, a count, a measure.
    Statistic,
    /// Something that happened.
    Event,
}

impl Tag {
    /// Every tag, in toolbar order (the order of keys 1, 2, 3).
    pub const ALL: [Tag; 3] = [Tag::Quote, Tag::Statistic, Tag::Event];

    /// Where the tag is in [`Tag::ALL`] (and in per-tag counts).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in files and attributes: `quote`, `statistic`, `event`;
    /// the same as serde's, and read back by [`str::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Quote => "quote",
            Tag::Statistic => "statistic",
            Tag::Event => "event",
        }
    }

    /// The one-letter code the stored value uses, to keep it small: `q`, `s`, `e`.
    pub fn code(self) -> &'static str {
        match self {
            Tag::Quote => "q",
            Tag::Statistic => "s",
            Tag::Event => "e",
        }
    }

    /// The tag whose [`code`](Tag::code) is `code`, if any.
    pub fn from_code(code: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Tag::Quote => "Quote",
            Tag::Statistic => "Statistic",
            Tag::Event => "Event",
        }
    }

    /// The key that applies this tag to the current selection (the keymap binds it).
    pub const fn shortcut(self) -> &'static str {
        match self {
            Tag::Quote => "1",
            Tag::Statistic => "2",
            Tag::Event => "3",
        }
    }
}

/// What [`Tag::from_str`] says of a name that is none of the tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownTag;

impl fmt::Display for UnknownTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the tags are quote, statistic and event")
    }
}

impl std::error::Error for UnknownTag {}

impl FromStr for Tag {
    type Err = UnknownTag;

    /// Exactly [`Tag::as_str`]'s names, as in Tagmark's own files; a reader
    /// of another tool's file that allows any case lowercases first.
    fn from_str(name: &str) -> Result<Tag, UnknownTag> {
        Tag::ALL.into_iter().find(|t| t.as_str() == name).ok_or(UnknownTag)
    }
}

/// A tagged range of the canonical text, in code points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique and stable across export and import.
    pub id: String,
    /// What the phrase is.
    pub tag: Tag,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// When it was made, as an RFC 3339 UTC timestamp.
    pub created: String,
    /// When it last changed (RFC 3339, UTC); the newer copy wins a merge.
    #[serde(default)]
    pub modified: String,
    /// The reader's plain-text note, possibly several lines.
    #[serde(default)]
    pub note: String,
    /// Where an accepted suggestion came from (`rule:…`, `learned:…`,
    /// `pattern:…`); `None` for what the reader tagged by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Annotation {
    /// A new annotation without a note, created and modified at `now`.
    pub fn new(id: impl Into<String>, tag: Tag, start: usize, end: usize, now: impl Into<String>) -> Annotation {
        let now = now.into();
        Annotation { id: id.into(), tag, start, end, created: now.clone(), modified: now, note: String::new(), source: None }
    }
}

/// Adds `annotation` keeping the list in [`document_order`].
pub fn insert_in_order(list: &mut Vec<Annotation>, annotation: Annotation) {
    let at = list.partition_point(|a| document_order(a) <= document_order(&annotation));
    list.insert(at, annotation);
}

/// The one order of annotations, defined here so the list, the export (which
/// writes the list as it is) and the painter's nesting cannot disagree: by
/// start, longer first, then earlier created, then id so that it is total.
pub fn document_order(a: &Annotation) -> (usize, std::cmp::Reverse<usize>, &str, &str) {
    (a.start, std::cmp::Reverse(a.end), a.created.as_str(), a.id.as_str())
}

/// Adds every annotation of `incoming` whose id `list` lacks; returns how many
/// were added. Nothing in `list` is changed or dropped.
pub fn merge_new(list: &mut Vec<Annotation>, incoming: Vec<Annotation>) -> usize {
    let mut added = 0;
    for annotation in incoming {
        if !list.iter().any(|a| a.id == annotation.id) {
            insert_in_order(list, annotation);
            added += 1;
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(id: &str, start: usize, end: usize) -> Annotation {
        Annotation::new(id, Tag::Event, start, end, "2026-01-01T00:00:00Z")
    }

    #[test]
    fn tags_serialize_lowercase() {
        assert_eq!(serde_json::to_string(&Tag::Statistic).unwrap(), "\"statistic\"");
    }

    #[test]
    fn every_name_and_code_maps_back_to_its_tag() {
        for tag in Tag::ALL {
            assert_eq!(tag.as_str().parse(), Ok(tag));
            assert_eq!(serde_json::to_string(&tag).unwrap(), format!("\"{}\"", tag.as_str()));
            assert_eq!(serde_json::from_str::<Tag>(&format!("\"{}\"", tag.as_str())).unwrap(), tag);
            assert_eq!(Tag::from_code(tag.code()), Some(tag));
        }
        let codes: Vec<&str> = Tag::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(codes, ["q", "s", "e"], "the stored value's codes never change");
        assert_eq!("Quote".parse::<Tag>(), Err(UnknownTag));
        assert_eq!("".parse::<Tag>(), Err(UnknownTag));
        assert_eq!(Tag::from_code("x"), None);
        assert_eq!(Tag::from_code("quote"), None);
    }

    proptest::proptest! {
        /// A string names a tag exactly when serde would read it as that tag.
        #[test]
        fn parsing_agrees_with_serde(name in "[a-zA-Z]{0,10}|quote|statistic|event") {
            let by_serde = serde_json::from_value::<Tag>(serde_json::Value::String(name.clone())).ok();
            proptest::prop_assert_eq!(name.parse::<Tag>().ok(), by_serde);
        }
    }

    #[test]
    fn insertion_keeps_document_order() {
        let mut list = Vec::new();
        insert_in_order(&mut list, ann("b", 5, 9));
        insert_in_order(&mut list, ann("a", 1, 2));
        insert_in_order(&mut list, ann("c", 5, 12));
        let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "b"]);
    }

    #[test]
    fn merging_adds_only_unknown_ids() {
        let mut list = vec![ann("a", 1, 2)];
        let mut changed = ann("a", 3, 4);
        changed.tag = Tag::Quote;
        assert_eq!(merge_new(&mut list, vec![changed, ann("b", 0, 1)]), 1);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].id, "b");
        assert_eq!(list[1], ann("a", 1, 2));
    }
}
