//! The built-in rules for news text, implementing `../shared/guidelines/TAGS.md`.
//!
//! Each tag has its own scanner; all of them walk the block once (with
//! bounded look-back and look-ahead), so a block costs linear time and the
//! whole document can be processed in slices.
//!
//! Rule names (the weaker signal scores lower): `quote.speech` (a speech
//! verb and a colon before, or a speaker after a quote ending in a comma),
//! `quote.sentence` (sentence punctuation inside or just after the marks),
//! `quote.clause` (a comma inside, or longer than a term); `statistic.count`,
//! `statistic.percent`, `statistic.money`, `statistic.span`; `event.date`,
//! `event.meeting`.

mod event;
mod quote;
mod statistic;
mod statistic_words;

#[cfg(test)]
mod tests_props;

#[cfg(test)]
mod tests_guidelines;

use super::Found;
use crate::core::annotation::Tag;
use crate::core::text::grapheme_boundaries;

use super::Source;

/// Every rule's finds in one block's text (code points relative to `text`).
pub fn find(text: &[char]) -> Vec<Found> {
    let mut finds = quote::find(text);
    let terms = quote::terms(text);
    // a numeral inside a quoted name (‘两个一百年’) counts nothing
    finds.extend(
        statistic::find(text)
            .into_iter()
            .filter(|f| !terms.iter().any(|&(s, e)| s <= f.start && f.end <= e)),
    );
    finds.extend(event::find(text));
    snap_to_graphemes(text, finds)
}

/// A rule's raw find before it becomes a [`Found`].
pub(crate) fn found(start: usize, end: usize, tag: Tag, rule: &'static str, score: f32) -> Found {
    Found { start, end, tag, source: Source::Rule(rule), score, alternatives: Vec::new() }
}

/// Widens every find onto grapheme boundaries (a rule may stop next to a
/// combining mark or inside an emoji sequence) and drops any that end up
/// empty or out of bounds, so no caller has to trust the scanners.
fn snap_to_graphemes(text: &[char], finds: Vec<Found>) -> Vec<Found> {
    if finds.is_empty() {
        return finds;
    }
    let string: String = text.iter().collect();
    let mut boundary = vec![false; text.len() + 1];
    for b in grapheme_boundaries(&string) {
        if let Some(slot) = boundary.get_mut(b) {
            *slot = true;
        }
    }
    let mut out: Vec<Found> = Vec::with_capacity(finds.len());
    for mut f in finds {
        if f.start >= f.end || f.end > text.len() {
            continue;
        }
        while f.start > 0 && !boundary[f.start] {
            f.start -= 1;
        }
        while f.end < text.len() && !boundary[f.end] {
            f.end += 1;
        }
        out.push(f);
    }
    crate::core::sort::by_key(&mut out, |f| (f.start, f.end, f.tag));
    // snapping can make two finds of one tag coincide
    out.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.tag == b.tag);
    out
}

/// A CJK ideograph (the basic block, extension A and the supplementary planes).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{3FFFF}' | '〇')
}

/// Whether `text[at..]` starts with `word`.
pub(crate) fn starts_with(text: &[char], at: usize, word: &str) -> bool {
    (at..).zip(word.chars()).all(|(i, c)| text.get(i) == Some(&c))
}

/// Whether `text[..end]` ends with `word`.
pub(crate) fn ends_with(text: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    n <= end && starts_with(text, end - n, word)
}

/// The first word of `words` that `text[at..]` starts with (put longer words first).
pub(crate) fn starts_with_any(text: &[char], at: usize, words: &[&'static str]) -> Option<&'static str> {
    words.iter().copied().find(|w| starts_with(text, at, w))
}

/// The first word of `words` that `text[..end]` ends with (put longer words first).
pub(crate) fn ends_with_any(text: &[char], end: usize, words: &[&'static str]) -> Option<&'static str> {
    words.iter().copied().find(|w| ends_with(text, end, w))
}

/// Sentence-final punctuation, full and half width.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '.' | '．')
}

/// Test helper: the finds as (text, tag, rule), in order.
#[cfg(test)]
pub(crate) fn spans(text: &str) -> Vec<(String, Tag, &'static str)> {
    let chars: Vec<char> = text.chars().collect();
    find(&chars)
        .into_iter()
        .map(|f| {
            let rule = match f.source {
                Source::Rule(r) => r,
                _ => "",
            };
            (chars[f.start..f.end].iter().collect(), f.tag, rule)
        })
        .collect()
}

/// Test helper: only the spans of one tag.
#[cfg(test)]
pub(crate) fn spans_of(text: &str, tag: Tag) -> Vec<String> {
    spans(text).into_iter().filter(|s| s.1 == tag).map(|s| s.0).collect()
}
