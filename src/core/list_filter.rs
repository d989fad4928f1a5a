//! Which annotations the list shows under its tag and text filters. With
//! no filter (the usual case) that is the annotation list itself, so no
//! list of N positions is built on each change.

use crate::core::annotation::{Annotation, Tag};

/// The annotations the filters let through, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matching {
    /// All of the list's this many annotations.
    All(usize),
    /// The positions in the list of those that match.
    Only(Vec<u32>),
}

impl Matching {
    /// The entries of `list` with a tag in `shown` whose quote (`quote` of
    /// it) or note contains `needle` (already lowercased; empty matches
    /// everything).
    pub fn of<'d>(list: &[Annotation], shown: &[Tag], needle: &str, quote: impl Fn(&Annotation) -> &'d str) -> Matching {
        let every_tag = Tag::ALL.iter().all(|t| shown.contains(t));
        if every_tag && needle.is_empty() {
            return Matching::All(list.len());
        }
        let only = list
            .iter()
            .enumerate()
            .filter(|(_, a)| every_tag || shown.contains(&a.tag))
            .filter(|(_, a)| needle.is_empty() || contains(quote(a), needle) || contains(&a.note, needle))
            .map(|(i, _)| i as u32)
            .collect();
        Matching::Only(only)
    }

    /// How many match.
    pub fn len(&self) -> usize {
        match self {
            Matching::All(n) => *n,
            Matching::Only(positions) => positions.len(),
        }
    }

    /// True when nothing matches.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The position in the annotation list of the `row`-th match.
    pub fn index(&self, row: usize) -> usize {
        match self {
            Matching::All(_) => row,
            Matching::Only(positions) => positions[row] as usize,
        }
    }
}

/// The query as the filter compares it: trimmed, lowercase.
pub fn needle(query: &str) -> String {
    query.trim().to_lowercase()
}

/// Whether `text` contains the lowercase `needle`, ignoring case; text that
/// is its own lowercase (most Chinese) is searched without a copy.
fn contains(text: &str, needle: &str) -> bool {
    let lower = |c: char| {
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    };
    if text.chars().all(lower) {
        text.contains(needle)
    } else {
        text.to_lowercase().contains(needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotation(id: &str, tag: Tag, start: usize, end: usize, note: &str) -> Annotation {
        Annotation { note: note.into(), ..Annotation::new(id, tag, start, end, "") }
    }

    const TEXT: &str = "Xi Jinping 在北京说，增长了百分之十二。";

    fn quote(a: &Annotation) -> &'static str {
        let chars: Vec<(usize, char)> = TEXT.char_indices().collect();
        let at = |i: usize| chars.get(i).map_or(TEXT.len(), |c| c.0);
        &TEXT[at(a.start)..at(a.end)]
    }

    fn list() -> Vec<Annotation> {
        vec![
            annotation("a", Tag::Quote, 0, 10, ""),
            annotation("b", Tag::Event, 11, 13, "Capital"),
            annotation("c", Tag::Statistic, 17, 24, ""),
        ]
    }

    #[test]
    fn no_filter_is_the_whole_list_without_positions() {
        assert_eq!(Matching::of(&list(), &Tag::ALL, "", quote), Matching::All(3));
        let all = Matching::All(3);
        assert_eq!((all.len(), all.index(2)), (3, 2));
    }

    #[test]
    fn tags_and_text_filter_together() {
        assert_eq!(Matching::of(&list(), &[Tag::Quote, Tag::Statistic], "", quote), Matching::Only(vec![0, 2]));
        assert_eq!(Matching::of(&list(), &Tag::ALL, "百分之", quote), Matching::Only(vec![2]));
        assert_eq!(Matching::of(&list(), &[Tag::Quote], "百分之", quote), Matching::Only(vec![]));
        let only = Matching::of(&list(), &[Tag::Event, Tag::Statistic], "", quote);
        assert_eq!((only.len(), only.index(1)), (2, 2));
    }

    #[test]
    fn the_text_filter_ignores_case_in_quotes_and_notes() {
        assert_eq!(Matching::of(&list(), &Tag::ALL, &needle("  JINPING "), quote), Matching::Only(vec![0]));
        assert_eq!(Matching::of(&list(), &Tag::ALL, &needle("capital"), quote), Matching::Only(vec![1]));
        assert!(Matching::of(&list(), &Tag::ALL, "上海", quote).is_empty());
    }
}
