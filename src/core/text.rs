//! Offsets into text: Unicode code points (the export contract), UTF-16 code
//! units (what the DOM counts) and grapheme clusters (what a reader sees).

use unicode_segmentation::UnicodeSegmentation;

/// Counts the code points in a run of UTF-16 code units, such as the text of a
/// DOM `Range`. A high surrogate at the very end is half of a character that
/// the run cut in two; `count_split_half` decides whether it counts.
pub fn code_points_in_utf16(units: &[u16], count_split_half: bool) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        let is_high = (0xD800..0xDC00).contains(&unit);
        if is_high && i + 1 == units.len() {
            return count + usize::from(count_split_half);
        }
        let is_pair = is_high && (0xDC00..0xE000).contains(&units[i + 1]);
        i += if is_pair { 2 } else { 1 };
        count += 1;
    }
    count
}

/// UTF-16 length of the first `code_points` characters of `text`.
pub fn utf16_len_of_prefix(text: &str, code_points: usize) -> usize {
    text.chars().take(code_points).map(char::len_utf16).sum()
}

/// Code points covered by the first `utf16_units` UTF-16 units of `text`;
/// a unit offset inside a surrogate pair rounds down.
pub fn code_points_of_utf16_prefix(text: &str, utf16_units: usize) -> usize {
    let mut units = 0;
    let mut count = 0;
    for c in text.chars() {
        units += c.len_utf16();
        if units > utf16_units {
            break;
        }
        count += 1;
    }
    count
}

/// Code point offsets of every grapheme cluster boundary of `text` (what a
/// reader sees as one character: a surrogate pair, an emoji sequence, a base
/// letter and its combining marks), `0` and the length included.
pub fn grapheme_boundaries(text: &str) -> Vec<usize> {
    let mut boundaries = vec![0];
    let mut position = 0;
    for grapheme in text.graphemes(true) {
        position += grapheme.chars().count();
        boundaries.push(position);
    }
    boundaries
}

/// The first `max` characters of `text`, with `…` when something was cut.
pub fn shorten(text: &str, max: usize) -> String {
    let mut short: String = text.chars().take(max).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// How many code points of whitespace `text` has at its start and at its
/// end; `None` when it is nothing but whitespace. Scans only the edges, so
/// trimming a long selection costs its whitespace, not its length.
pub fn edge_whitespace(text: &str) -> Option<(usize, usize)> {
    let first = text.find(|c: char| !c.is_whitespace())?;
    let last = text.rfind(|c: char| !c.is_whitespace())?;
    Some((text[..first].chars().count(), text[last..].chars().count() - 1))
}

/// `n` with a comma every three digits, as counts in messages are written: 39,900.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// The whole-text grapheme snapping and stepping that `Document` replaced
/// with block-local versions, kept as the reference its tests compare against.
#[cfg(test)]
pub(crate) mod whole_text {
    use unicode_segmentation::UnicodeSegmentation;

    /// Widens `[start, end)` (code points into `text`) outwards to the nearest
    /// grapheme cluster boundaries.
    pub fn snap_to_graphemes(text: &str, start: usize, end: usize) -> (usize, usize) {
        let mut snapped_start = 0;
        let mut snapped_end = end;
        let mut position = 0;
        for grapheme in text.graphemes(true) {
            let next = position + grapheme.chars().count();
            if next <= start {
                snapped_start = next;
            }
            if position < end && next >= end {
                snapped_end = next;
                break;
            }
            position = next;
        }
        (snapped_start.min(start), snapped_end.max(end))
    }

    /// The grapheme boundary `steps` graphemes after (or, negative, before)
    /// the code point offset `at`, clamped to the text.
    pub fn step_grapheme(text: &str, at: usize, steps: isize) -> usize {
        let mut boundaries = vec![0];
        let mut position = 0;
        for grapheme in text.graphemes(true) {
            position += grapheme.chars().count();
            boundaries.push(position);
        }
        let here = boundaries.partition_point(|&b| b < at);
        let index = if steps >= 0 {
            // `at` may sit inside a grapheme: the first step lands on its end.
            let base = if boundaries.get(here) == Some(&at) { here } else { here.saturating_sub(1) };
            base.saturating_add(steps as usize)
        } else {
            here.saturating_sub(steps.unsigned_abs())
        };
        boundaries[index.min(boundaries.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::whole_text::{snap_to_graphemes, step_grapheme};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thousands_are_separated_by_commas() {
        let cases = [(0, "0"), (999, "999"), (1_000, "1,000"), (39_900, "39,900"), (1_234_567, "1,234,567")];
        for (n, written) in cases {
            assert_eq!(thousands(n), written);
        }
    }

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn counts_astral_characters_once() {
        assert_eq!(code_points_in_utf16(&utf16("𠮷野家"), false), 3);
        assert_eq!(code_points_in_utf16(&utf16("a😀b"), false), 3);
    }

    #[test]
    fn a_split_surrogate_pair_counts_as_asked() {
        let units = utf16("中𠮷");
        assert_eq!(code_points_in_utf16(&units[..2], false), 1);
        assert_eq!(code_points_in_utf16(&units[..2], true), 2);
    }

    #[test]
    fn utf16_prefix_rounds_down_inside_a_pair() {
        assert_eq!(code_points_of_utf16_prefix("𠮷a", 1), 0);
        assert_eq!(code_points_of_utf16_prefix("𠮷a", 2), 1);
        assert_eq!(utf16_len_of_prefix("𠮷a", 1), 2);
    }

    #[test]
    fn snapping_keeps_emoji_sequences_whole() {
        // family emoji: four people joined by three zero-width joiners = 7 code points
        let text = "家👨‍👩‍👧‍👦人";
        assert_eq!(snap_to_graphemes(text, 2, 3), (1, 8));
        assert_eq!(snap_to_graphemes(text, 0, 1), (0, 1));
        assert_eq!(snap_to_graphemes("e\u{301}!", 1, 3), (0, 3)); // e + combining acute
    }

    #[test]
    fn stepping_moves_by_whole_graphemes() {
        let text = "a𠮷👍🏽b";
        assert_eq!(step_grapheme(text, 0, 1), 1);
        assert_eq!(step_grapheme(text, 1, 1), 2);
        assert_eq!(step_grapheme(text, 2, 1), 4, "emoji with skin tone is one grapheme");
        assert_eq!(step_grapheme(text, 4, -1), 2);
        assert_eq!(step_grapheme(text, 5, 1), 5, "clamped at the end");
        assert_eq!(step_grapheme(text, 0, -1), 0, "clamped at the start");
        assert_eq!(step_grapheme(text, 3, -1), 2, "from inside a grapheme back to its start");
    }

    #[test]
    fn boundaries_fall_between_whole_graphemes() {
        // 👍🏽 is 2 code points, the ZWJ family 7, e + combining acute 2
        assert_eq!(grapheme_boundaries("a𠮷👍🏽👨\u{200d}👩\u{200d}👧\u{200d}👦e\u{301}"), [0, 1, 2, 4, 11, 13]);
        assert_eq!(grapheme_boundaries(""), [0]);
    }

    #[test]
    fn shortening_marks_a_cut() {
        assert_eq!(shorten("𠮷野家", 2), "𠮷野…");
        assert_eq!(shorten("𠮷野家", 3), "𠮷野家");
    }

    #[test]
    fn trimming_drops_edge_whitespace_only() {
        assert_eq!(edge_whitespace(" 中 国\n"), Some((1, 1)));
        assert_eq!(edge_whitespace("\u{3000}𠮷\t 👍🏽\n\n"), Some((1, 2)));
        assert_eq!(edge_whitespace("中"), Some((0, 0)));
        assert_eq!(edge_whitespace(" "), None);
        assert_eq!(edge_whitespace(""), None);
    }

    proptest! {
        #[test]
        fn utf16_round_trip(text in "[a-z中文𠮷😀é\u{301}]{0,24}", cut in 0usize..30) {
            let cut = cut.min(text.chars().count());
            let units = utf16_len_of_prefix(&text, cut);
            prop_assert_eq!(code_points_of_utf16_prefix(&text, units), cut);
            let all = utf16(&text);
            prop_assert_eq!(code_points_in_utf16(&all[..units], false), cut);
            prop_assert_eq!(code_points_in_utf16(&all[..units], true), cut);
        }

        #[test]
        fn snapping_only_widens_onto_grapheme_boundaries(
            text in "[a-z中𠮷😀\u{301}\u{200d}]{1,24}",
            a in 0usize..30,
            b in 0usize..30,
        ) {
            let len = text.chars().count();
            let (start, end) = (a.min(b).min(len), a.max(b).min(len));
            let (s, e) = snap_to_graphemes(&text, start, end);
            prop_assert!(s <= start && e >= end && e <= len);
            let boundaries = grapheme_boundaries(&text);
            prop_assert!(boundaries.contains(&s), "start {} not a boundary", s);
            prop_assert!(boundaries.contains(&e), "end {} not a boundary", e);
            // never wider than needed: the grapheme before `s` ends before `start`
            prop_assert!(s == start || !boundaries.iter().any(|&x| x > s && x <= start));
            prop_assert!(e == end || !boundaries.iter().any(|&x| x >= end && x < e));
        }
    }
}
