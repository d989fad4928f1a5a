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
    order.sort_by_key(|&i| {
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
