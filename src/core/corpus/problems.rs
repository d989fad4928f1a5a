//! What a corpus reader tells the reader, kept to a length a report can
//! show: a file with 100,000 bad labels would otherwise list 100,000
//! sentences. The first [`LISTED`] problems are listed in full; the rest
//! are counted by kind in one last sentence. Sentences that sum up the
//! whole file (unknown labels, overlaps) are few and always listed.

use crate::core::text::thousands;

/// How many problems of one file are listed in full.
pub const LISTED: usize = 100;

/// A kind of problem, named in the singular and plural for the count of
/// those not listed: "1 span past the end of its text".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Kind {
    one: &'static str,
    many: &'static str,
}

impl Kind {
    /// A kind named `one` / `many`.
    pub(super) const fn new(one: &'static str, many: &'static str) -> Kind {
        Kind { one, many }
    }
}

/// The problems of one reading of a file (see the module comment).
#[derive(Clone, Debug, Default)]
pub(super) struct Problems {
    listed: Vec<String>,
    /// Problems past [`LISTED`], by kind, in the order first seen.
    unlisted: Vec<(Kind, usize)>,
    summaries: Vec<String>,
}

impl Problems {
    /// A problem of one line, task or span. The sentence is only made when
    /// it will be listed: a flood costs a count, not a string each.
    pub(super) fn add(&mut self, kind: Kind, sentence: impl FnOnce() -> String) {
        if self.listed.len() < LISTED {
            self.listed.push(sentence());
        } else if let Some((_, n)) = self.unlisted.iter_mut().find(|(k, _)| *k == kind) {
            *n += 1;
        } else {
            self.unlisted.push((kind, 1));
        }
    }

    /// A sentence about the whole file, always listed, after the others.
    pub(super) fn sum_up(&mut self, sentence: String) {
        self.summaries.push(sentence);
    }

    /// The first problem, for a file of which nothing could be read.
    pub(super) fn first(&self) -> Option<&str> {
        self.listed.first().or(self.summaries.first()).map(String::as_str)
    }

    /// Every sentence to show: those listed, the count of the rest, the summaries.
    pub(super) fn into_sentences(self) -> Vec<String> {
        let mut out = self.listed;
        if !self.unlisted.is_empty() {
            let mut kinds = self.unlisted;
            crate::core::sort::by(&mut kinds, |a, b| b.1.cmp(&a.1));
            let total: usize = kinds.iter().map(|(_, n)| n).sum();
            let named: Vec<String> =
                kinds.iter().map(|(k, n)| format!("{} {}", thousands(*n), if *n == 1 { k.one } else { k.many })).collect();
            out.push(format!("… and {} more: {}.", thousands(total), english_list(&named)));
        }
        out.extend(self.summaries);
        out
    }
}

/// "a", "a and b", "a, b and c".
fn english_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAST: Kind = Kind::new("span past the end of its text", "spans past the end of their text");
    const NOT_JSON: Kind = Kind::new("line that is not JSON", "lines that are not JSON");

    #[test]
    fn past_the_listed_ones_problems_are_counted_by_kind() {
        let mut problems = Problems::default();
        problems.sum_up("A summary.".into());
        for i in 0..LISTED + 1_500 {
            problems.add(PAST, || format!("Span {i}."));
        }
        problems.add(NOT_JSON, || unreachable!("not listed, so not written"));
        let sentences = problems.into_sentences();
        assert_eq!(sentences.len(), LISTED + 2);
        assert_eq!((sentences[0].as_str(), sentences[LISTED - 1].as_str()), ("Span 0.", "Span 99."));
        assert_eq!(sentences[LISTED], "… and 1,501 more: 1,500 spans past the end of their text and 1 line that is not JSON.");
        assert_eq!(sentences[LISTED + 1], "A summary.");
    }

    #[test]
    fn a_short_list_is_all_there_is() {
        let mut problems = Problems::default();
        assert_eq!(problems.first(), None);
        problems.add(NOT_JSON, || "Line 1 is not JSON.".into());
        assert_eq!(problems.first(), Some("Line 1 is not JSON."));
        assert_eq!(problems.into_sentences(), ["Line 1 is not JSON."]);
    }
}
