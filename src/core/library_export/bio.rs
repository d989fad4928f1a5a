//! Character-level BIO tags, CoNLL style (as the MSRA and Weibo NER corpora
//! are): one character and its tag a line, `中 B-QUOTE`, `国 I-QUOTE`,
//! `的 O`, and a blank line between documents.
//!
//! - A character is a code point, so 𠮷 is one line and 👍🏽 two.
//! - The separator is one space (U+0020), as in CoNLL-2003; readers that
//!   split on any whitespace, tab or space, read it too.
//! - Whitespace (the line feed between blocks, spaces, U+3000, tabs) is
//!   skipped: it cannot be a token in a whitespace-separated column. A span
//!   goes on across it: the next character of the span is `I-`.
//! - No comment or header lines: MSRA and Weibo files have none, and not
//!   every reader skips `#` lines. Documents are in the order given; one
//!   with nothing but whitespace would have no line and is left out.
//! - BIO cannot hold overlapping spans. The earlier start wins, then the
//!   longer span, then the tag (quote, statistic, event), then the id; a
//!   span that starts inside a winner keeps only its part after the winner
//!   ends, beginning with `B-` there, and is dropped when nothing is left.
//!   [`bio_conflicts`] counts the spans cut or dropped, for the reader.

use std::cmp::Reverse;

use crate::core::annotation::Annotation;
use crate::core::library::Item;

/// Between the character and its tag.
const SEPARATOR: char = ' ';

/// Whether `c` cannot be a token: Unicode whitespace, and U+001C to U+001F,
/// which Python's `str.split()` splits at too.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The characters of one document with the index (into its annotations) of
/// the span each one belongs to after overlaps are resolved, and how many
/// spans lost a character they covered.
struct Resolved {
    chars: Vec<char>,
    owner: Vec<Option<usize>>,
    conflicts: usize,
}

fn resolve(text: &str, annotations: &[Annotation]) -> Resolved {
    let chars: Vec<char> = text.chars().collect();
    let mut owner = vec![None; chars.len()];
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    crate::core::sort::by_key(&mut order, |&i| {
        let a = &annotations[i];
        (a.start, Reverse(a.end), a.tag, a.id.as_str(), i)
    });
    let mut conflicts = 0;
    for i in order {
        let a = &annotations[i];
        // Clamped like `Document::slice`, which made the quote.
        let (start, end) = (a.start.min(chars.len()), a.end.min(chars.len()));
        let (mut kept, mut lost) = (0, 0);
        for at in start..end.max(start) {
            let free = owner[at].is_none();
            if free {
                owner[at] = Some(i);
            }
            if !is_blank(chars[at]) {
                if free { kept += 1 } else { lost += 1 }
            }
        }
        // A span of nothing but whitespace has no line to tag: dropped too.
        if lost > 0 || kept == 0 {
            conflicts += 1;
        }
    }
    Resolved { chars, owner, conflicts }
}

/// How many annotations of `items` the BIO file cannot hold whole: cut or
/// dropped where they overlap another, or made only of whitespace.
pub fn bio_conflicts(items: &[Item]) -> usize {
    items.iter().map(|item| resolve(item.document.text(), item.annotations).conflicts).sum()
}

/// Writes every document's lines, a blank line between two documents.
pub(super) fn write(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        let Resolved { chars, owner, .. } = resolve(item.document.text(), item.annotations);
        let mut previous = None;
        let mut first = true;
        for (c, span) in chars.into_iter().zip(owner) {
            if is_blank(c) {
                continue;
            }
            if first && !out.is_empty() {
                out.push('\n');
            }
            first = false;
            out.push(c);
            out.push(SEPARATOR);
            match span {
                None => out.push('O'),
                Some(i) => {
                    // A new span, even of the same tag right after another, begins again.
                    out.push_str(if previous == Some(i) { "I-" } else { "B-" });
                    out.push_str(&item.annotations[i].tag.as_str().to_ascii_uppercase());
                }
            }
            out.push('\n');
            previous = span;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use crate::core::document::Document;
    use crate::core::library::{Entry, Status};

    fn entry(doc: &Document) -> Entry {
        Entry {
            id: doc.id().into(),
            title: "t".into(),
            file_name: String::new(),
            status: Status::Todo,
            length: doc.len(),
            counts: [0; 3],
            added: String::new(),
            edited: String::new(),
        }
    }

    fn ann(id: &str, tag: Tag, start: usize, end: usize) -> Annotation {
        Annotation::new(id, tag, start, end, "2026-01-01T00:00:00Z")
    }

    /// The BIO file of one document and its conflict count.
    fn bio(text: &str, annotations: &[Annotation]) -> (String, usize) {
        let doc = Document::parse(text).unwrap();
        let entry = entry(&doc);
        let items = [Item { entry: &entry, document: &doc, annotations }];
        (write(&items), bio_conflicts(&items))
    }

    fn tags(file: &str) -> Vec<&str> {
        file.lines().map(|l| l.split_once(SEPARATOR).unwrap().1).collect()
    }

    #[test]
    fn one_code_point_a_line_whitespace_skipped() {
        // 中0 国1 ␠2 𠮷3 \n4 👍5 🏽6 　7 的8
        let (file, conflicts) = bio("中国 𠮷\n\n👍🏽\u{3000}的", &[ann("a", Tag::Quote, 1, 7)]);
        assert_eq!(file, "中 O\n国 B-QUOTE\n𠮷 I-QUOTE\n👍 I-QUOTE\n🏽 I-QUOTE\n的 O\n");
        assert_eq!(conflicts, 0);
    }

    #[test]
    fn a_span_starting_on_whitespace_begins_at_its_first_character() {
        let (file, conflicts) = bio("甲 乙丙", &[ann("a", Tag::Event, 1, 3), ann("b", Tag::Event, 3, 4)]);
        assert_eq!(tags(&file), ["O", "B-EVENT", "B-EVENT"], "two spans of one tag stay two");
        assert_eq!(conflicts, 0);
    }

    #[test]
    fn overlaps_resolve_by_start_then_length_then_tag() {
        // 一0 二1 三2 四3 五4 六5 七6 八7
        let text = "一二三四五六七八";
        let (file, conflicts) = bio(text, &[ann("x", Tag::Quote, 0, 3), ann("y", Tag::Event, 2, 5)]);
        assert_eq!(tags(&file), ["B-QUOTE", "I-QUOTE", "I-QUOTE", "B-EVENT", "I-EVENT", "O", "O", "O"], "cut, begins again");
        assert_eq!(conflicts, 1);
        let (file, conflicts) = bio(text, &[ann("inner", Tag::Quote, 2, 4), ann("outer", Tag::Event, 1, 6)]);
        assert_eq!(tags(&file), ["O", "B-EVENT", "I-EVENT", "I-EVENT", "I-EVENT", "I-EVENT", "O", "O"], "nested: dropped");
        assert_eq!(conflicts, 1);
        let same = [ann("e", Tag::Event, 0, 2), ann("s", Tag::Statistic, 0, 2), ann("q", Tag::Quote, 0, 2)];
        let (file, conflicts) = bio(text, &same);
        assert_eq!(&tags(&file)[..3], ["B-QUOTE", "I-QUOTE", "O"], "same range: the tag order decides");
        assert_eq!(conflicts, 2);
        // The order given does not matter.
        let reversed: Vec<Annotation> = same.iter().rev().cloned().collect();
        assert_eq!(bio(text, &reversed).0, file);
    }

    #[test]
    fn sharing_only_whitespace_is_no_conflict_but_a_blank_span_is() {
        let (file, conflicts) = bio("甲 乙", &[ann("a", Tag::Quote, 0, 2), ann("b", Tag::Quote, 1, 3)]);
        assert_eq!(tags(&file), ["B-QUOTE", "B-QUOTE"]);
        assert_eq!(conflicts, 0);
        let (file, conflicts) = bio("甲 乙", &[ann("blank", Tag::Quote, 1, 2), ann("past", Tag::Event, 9, 12)]);
        assert_eq!(tags(&file), ["O", "O"]);
        assert_eq!(conflicts, 2, "nothing of either is in the file");
    }

    #[test]
    fn documents_are_separated_by_one_blank_line_in_the_order_given() {
        let (one, two) = (Document::parse("甲").unwrap(), Document::parse("乙 丙").unwrap());
        let (e1, e2) = (entry(&one), entry(&two));
        let spans = [ann("a", Tag::Statistic, 2, 3)];
        let items = [
            Item { entry: &e2, document: &two, annotations: &spans },
            Item { entry: &e1, document: &one, annotations: &[] },
        ];
        assert_eq!(write(&items), "乙 O\n丙 B-STATISTIC\n\n甲 O\n");
        assert_eq!(write(&[]), "");
        assert!(is_blank('\u{1f}') && is_blank('\u{3000}') && !is_blank('\u{200d}'));
    }
}
