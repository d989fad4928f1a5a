//! A long block, cut into sections for the view: a 2 MB line is one block
//! of the text, but painted, laid out and read by the selection a section
//! at a time, so that a change costs the section it touches. Sections are
//! cut after a sentence's end or a space where one is near, and always on
//! a grapheme boundary; the canonical text doesn't change.

use unicode_segmentation::GraphemeCursor;

use crate::core::segments::Span;
use crate::core::suggest::offer::Suggestion;

/// About how many code points a section holds.
pub const SECTION_SIZE: usize = 2_000;

/// Where a section may end: after these, the next one begins a sentence.
fn ends_a_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';' | '…') || c.is_whitespace()
}

/// The sections of a block with text `text` that starts at code point
/// `start`, as `[start, end)` offsets that tile the block in order. A block
/// of at most `size` code points is one section. Each cut falls after the
/// last sentence end in the second half of a stretch of `size`, else at the
/// first grapheme boundary from `size` on.
pub fn sections(text: &str, start: usize, size: usize) -> Vec<(usize, usize)> {
    let size = size.max(2);
    let mut cuts = vec![start];
    let (mut from, mut last_end) = (start, None::<usize>);
    let mut waiting = false;
    let boundary = |byte: usize| GraphemeCursor::new(byte, text.len(), true).is_boundary(text, 0).unwrap_or(true);
    for (at, (byte, c)) in (start..).zip(text.char_indices()) {
        if waiting && boundary(byte) {
            cuts.push(at);
            (from, last_end, waiting) = (at, None, false);
        }
        // A space may carry a combining mark: the end counts only on a boundary.
        if ends_a_sentence(c) && boundary(byte + c.len_utf8()) {
            last_end = Some(at + 1);
        }
        if !waiting && at + 1 - from >= size {
            match last_end.filter(|&end| end > from + size / 2) {
                Some(end) => {
                    cuts.push(end);
                    (from, last_end) = (end, None);
                }
                None => waiting = true,
            }
        }
    }
    let end = start + text.chars().count();
    if *cuts.last().unwrap_or(&start) < end {
        cuts.push(end);
    }
    cuts.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| a < b).collect()
}

/// A block's spans and suggestions, handed to each of its sections: those
/// that overlap it (a span across a cut goes to both sides, whole, so a
/// section draws where it opens and closes as the block would).
pub fn by_section(sections: &[(usize, usize)], spans: &[Span], suggestions: &[Suggestion]) -> Vec<(Vec<Span>, Vec<Suggestion>)> {
    let mut out: Vec<(Vec<Span>, Vec<Suggestion>)> = vec![(Vec::new(), Vec::new()); sections.len()];
    let overlapping = |start: usize, end: usize| {
        let first = sections.partition_point(|&(_, e)| e <= start);
        let last = sections.partition_point(|&(s, _)| s < end.max(start + 1));
        first..last.max(first)
    };
    for span in spans {
        for i in overlapping(span.start, span.end) {
            out[i].0.push(span.clone());
        }
    }
    for s in suggestions {
        for i in overlapping(s.start, s.end) {
            out[i].1.push(s.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use proptest::prelude::*;

    #[test]
    fn a_short_block_is_one_section() {
        assert_eq!(sections("他说𠮷😀。", 10, 100), [(10, 15)]);
    }

    #[test]
    fn a_long_line_is_cut_after_sentence_ends_and_never_inside_a_grapheme() {
        let text = "一二三。四五六七八九十。".repeat(3);
        let cut = sections(&text, 0, 12);
        assert_eq!(cut.first().unwrap().0, 0);
        assert_eq!(cut.last().unwrap().1, text.chars().count());
        let chars: Vec<char> = text.chars().collect();
        for &(_, end) in &cut[..cut.len() - 1] {
            assert_eq!(chars[end - 1], '。', "{cut:?}");
        }
        // No sentence end at all: cut at the size, but not inside the family emoji.
        let family = "👨‍👩‍👧";
        let text = format!("{}{family}{}", "字".repeat(9), "字".repeat(20));
        let cut = sections(&text, 0, 10);
        assert_eq!(cut[0], (0, 9 + family.chars().count()), "{cut:?}");
    }

    #[test]
    fn spans_across_a_cut_go_to_both_sections_whole() {
        let cut = [(0, 10), (10, 20), (20, 30)];
        let span = |start, end| Span { id: format!("{start}"), tag: Tag::Quote, start, end };
        let parts = by_section(&cut, &[span(2, 4), span(8, 22), span(25, 30), span(10, 10)], &[]);
        let ids = |i: usize| parts[i].0.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(0), ["2", "8"]);
        assert_eq!(ids(1), ["8", "10"]);
        assert_eq!(ids(2), ["8", "25"]);
    }

    proptest! {
        #[test]
        fn sections_tile_the_block_on_grapheme_boundaries(
            text in "[一二。 a😀👍🏽\u{301}𠮷]{0,200}",
            start in 0usize..50,
            size in 2usize..40,
        ) {
            let cut = sections(&text, start, size);
            let len = text.chars().count();
            if len == 0 {
                prop_assert!(cut.is_empty());
            } else {
                prop_assert_eq!(cut[0].0, start);
                prop_assert_eq!(cut.last().unwrap().1, start + len);
                let bounds: Vec<usize> = crate::core::text::grapheme_boundaries(&text);
                for pair in cut.windows(2) {
                    prop_assert_eq!(pair[0].1, pair[1].0);
                    prop_assert!(bounds.contains(&(pair[0].1 - start)), "{:?} cuts a grapheme", pair);
                }
                for &(a, b) in &cut {
                    prop_assert!(a < b);
                }
            }
        }
    }
}
