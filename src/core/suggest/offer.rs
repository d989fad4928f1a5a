//! From what the sources found to what the reader is offered: finds are
//! settled on the text once (trimmed, on grapheme boundaries, in document
//! offsets), then each block's offer is filtered against the reader's
//! annotations and rejections whenever either changes. Costs follow the
//! block, never the document.

use std::cmp::Reverse;

use crate::core::annotation::Tag;
use crate::core::segments::Span;
use crate::core::text::grapheme_boundaries;

use super::{Found, Rejected, Source};

/// A suggestion as offered: a [`Found`] in offsets of the canonical text.
pub type Suggestion = Found;

impl Found {
    /// What rejecting it records: its range and tag.
    pub fn key(&self) -> Rejected {
        Rejected { start: self.start, end: self.end, tag: self.tag }
    }

    /// The other tags its phrase was given, named for people ("Quote,
    /// Event"); `None` when there are none.
    pub fn alternatives_named(&self) -> Option<String> {
        let names: Vec<&str> = self.alternatives.iter().map(|t| t.label()).collect();
        (!names.is_empty()).then(|| names.join(", "))
    }

    /// Its key as one token, for the page's attributes.
    pub fn token(&self) -> String {
        self.key().token()
    }
}

impl Rejected {
    /// The key as one token: `start-end-tag`.
    pub fn token(&self) -> String {
        format!("{}-{}-{}", self.start, self.end, self.tag.as_str())
    }

    /// Reads a [`Found::token`] back.
    pub fn from_token(token: &str) -> Option<Rejected> {
        let mut parts = token.splitn(3, '-');
        let start = parts.next()?.parse().ok()?;
        let end = parts.next()?.parse().ok()?;
        let tag = parts.next()?.parse().ok()?;
        Some(Rejected { start, end, tag })
    }
}

/// Settles the finds of one block whose text is `text` and which starts at
/// `block_start`: whitespace at either edge is trimmed (the guidelines'
/// span rule), finds that are empty, outside the text or would cut a
/// grapheme (a Hanzi with its variation selector, an emoji sequence) are
/// dropped, and offsets become document offsets.
pub fn settle(text: &str, block_start: usize, finds: Vec<Found>) -> Vec<Found> {
    if finds.is_empty() {
        return finds;
    }
    let chars: Vec<char> = text.chars().collect();
    let boundaries = grapheme_boundaries(text);
    let on_boundary = |at: usize| boundaries.binary_search(&at).is_ok();
    finds
        .into_iter()
        .filter_map(|mut found| {
            if found.end > chars.len() {
                return None;
            }
            while found.start < found.end && chars[found.start].is_whitespace() {
                found.start += 1;
            }
            while found.end > found.start && chars[found.end - 1].is_whitespace() {
                found.end -= 1;
            }
            if found.start >= found.end || !on_boundary(found.start) || !on_boundary(found.end) {
                return None;
            }
            found.start += block_start;
            found.end += block_start;
            Some(found)
        })
        .collect()
}

/// Which source wins where two propose the same range: the reader's own
/// patterns, then the reader's own tagging, then the built-in rules.
fn rank(source: &Source) -> u8 {
    match source {
        Source::Pattern(_) => 2,
        Source::Learned(_) => 1,
        Source::Rule(_) => 0,
    }
}

/// What one block offers, given its settled `found`, the annotations
/// painted on it and the document's rejections (only those in the block
/// matter; any may be passed). In document order (start, longer first).
///
/// - A rejected suggestion (same range and tag) is not offered again.
/// - One with the range of an annotation, of any tag, would duplicate it.
/// - One that overlaps an annotation of its own tag is dropped: the reader
///   has already decided what that phrase is.
/// - Where sources propose the same range, the higher-ranked one is
///   offered, and the other tags become its alternatives.
/// - Suggestions of one tag never overlap: the higher-ranked, then the
///   longer, then the more sure, is kept. Different tags may overlap (a
///   statistic inside a quote).
pub fn offer(found: &[Found], spans: &[Span], rejected: &[Rejected]) -> Vec<Suggestion> {
    let mut open: Vec<&Found> = found
        .iter()
        .filter(|f| !rejected.contains(&f.key()))
        .filter(|f| {
            !spans.iter().any(|s| (s.start, s.end) == (f.start, f.end) || (s.tag == f.tag && s.start < f.end && f.start < s.end))
        })
        .collect();
    // Same range: best first, so the first of each range is the one offered.
    crate::core::sort::by(&mut open, |a, b| {
        (a.start, a.end, Reverse(rank(&a.source)), Reverse(score_key(a.score))).cmp(&(
            b.start,
            b.end,
            Reverse(rank(&b.source)),
            Reverse(score_key(b.score)),
        ))
    });
    let mut merged: Vec<Suggestion> = Vec::new();
    for f in open {
        match merged.last_mut() {
            Some(best) if (best.start, best.end) == (f.start, f.end) => {
                for tag in std::iter::once(f.tag).chain(f.alternatives.iter().copied()) {
                    if tag != best.tag && !best.alternatives.contains(&tag) {
                        best.alternatives.push(tag);
                    }
                }
            }
            _ => merged.push(f.clone()),
        }
    }
    let mut kept: Vec<Suggestion> = Vec::with_capacity(merged.len());
    let mut by_preference: Vec<Suggestion> = merged;
    crate::core::sort::by(&mut by_preference, |a, b| {
        (Reverse(rank(&a.source)), Reverse(a.end - a.start), Reverse(score_key(a.score)), a.start)
            .cmp(&(Reverse(rank(&b.source)), Reverse(b.end - b.start), Reverse(score_key(b.score)), b.start))
    });
    for s in by_preference {
        if !kept.iter().any(|k| k.tag == s.tag && k.start < s.end && s.start < k.end) {
            kept.push(s);
        }
    }
    crate::core::sort::by_key(&mut kept, |s| (s.start, Reverse(s.end), s.tag));
    kept
}

/// Scores order suggestions; f32 has no total order, so compare in thousandths.
fn score_key(score: f32) -> u32 {
    (score.clamp(0.0, 1.0) * 1000.0) as u32
}

/// How many of `offered` carry each tag, in [`Tag::ALL`] order.
pub fn count_by_tag(offered: &[Suggestion]) -> [usize; 3] {
    Tag::ALL.map(|tag| offered.iter().filter(|s| s.tag == tag).count())
}

/// Replaces, in one block's settled finds, those of the learned `phrase`
/// with the occurrences at `starts` (document offsets, all inside the
/// block), proposed as `entry` says; `None` (the phrase is no longer
/// tagged anywhere) only removes them. This is how a newly tagged phrase
/// reaches the blocks it occurs in without rescanning the document.
pub fn relearn(found: &mut Vec<Found>, phrase: &str, starts: &[usize], entry: Option<&(Tag, f32, Vec<Tag>)>) {
    found.retain(|f| !matches!(&f.source, Source::Learned(p) if p == phrase));
    let Some((tag, score, alternatives)) = entry else { return };
    let len = phrase.chars().count();
    for &start in starts {
        found.push(Found {
            start,
            end: start + len,
            tag: *tag,
            source: Source::Learned(phrase.to_string()),
            score: *score,
            alternatives: alternatives.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(start: usize, end: usize, tag: Tag, source: Source) -> Found {
        Found { start, end, tag, source, score: 0.9, alternatives: Vec::new() }
    }

    fn span(start: usize, end: usize, tag: Tag) -> Span {
        Span { id: format!("a{start}"), tag, start, end }
    }

    fn ranges(offered: &[Suggestion]) -> Vec<(usize, usize, Tag)> {
        offered.iter().map(|s| (s.start, s.end, s.tag)).collect()
    }

    #[test]
    fn settling_trims_and_moves_to_document_offsets_and_keeps_graphemes_whole() {
        let text = " 𠮷野家 👨‍👩‍👧 说";
        let finds = vec![
            found(0, 5, Tag::Event, Source::Rule("event.meeting")),
            // Ends inside the family emoji (a ZWJ sequence of five code points).
            found(5, 7, Tag::Quote, Source::Rule("quote.speech")),
            found(5, 10, Tag::Quote, Source::Rule("quote.speech")),
            found(3, 99, Tag::Quote, Source::Rule("quote.speech")),
            found(0, 1, Tag::Quote, Source::Rule("quote.speech")),
        ];
        let settled = settle(text, 100, finds);
        assert_eq!(ranges(&settled), [(101, 104, Tag::Event), (105, 110, Tag::Quote)]);
        let doc_text: String = format!("{}{text}", "x".repeat(100));
        let chars: Vec<char> = doc_text.chars().collect();
        assert_eq!(chars[101..104].iter().collect::<String>(), "𠮷野家");
    }

    #[test]
    fn rejected_duplicates_and_same_tag_overlaps_are_not_offered() {
        let finds = vec![
            found(0, 4, Tag::Statistic, Source::Rule("statistic.count")),
            found(5, 9, Tag::Event, Source::Rule("event.date")),
            found(10, 14, Tag::Quote, Source::Rule("quote.speech")),
            found(12, 20, Tag::Statistic, Source::Rule("statistic.count")),
            found(30, 34, Tag::Event, Source::Rule("event.date")),
        ];
        let spans = [span(5, 9, Tag::Quote), span(11, 13, Tag::Quote), span(14, 16, Tag::Event)];
        let rejected = [Rejected { start: 0, end: 4, tag: Tag::Statistic }];
        let offered = offer(&finds, &spans, &rejected);
        // 0–4 rejected; 5–9 duplicates a quote's range; 10–14 overlaps a quote.
        assert_eq!(ranges(&offered), [(12, 20, Tag::Statistic), (30, 34, Tag::Event)]);
    }

    #[test]
    fn the_readers_sources_win_a_range_and_other_tags_become_alternatives() {
        let mut learned = found(0, 4, Tag::Event, Source::Learned("两万多人".into()));
        learned.alternatives = vec![Tag::Quote];
        let finds = vec![found(0, 4, Tag::Statistic, Source::Rule("statistic.count")), learned];
        let offered = offer(&finds, &[], &[]);
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].source, Source::Learned("两万多人".into()));
        assert_eq!(offered[0].alternatives, [Tag::Quote, Tag::Statistic]);
        assert_eq!(offered[0].alternatives_named().as_deref(), Some("Quote, Statistic"));
        assert_eq!(finds[0].alternatives_named(), None);
    }

    #[test]
    fn one_tag_never_overlaps_itself_but_tags_may_nest() {
        let finds = vec![
            found(0, 6, Tag::Statistic, Source::Rule("statistic.count")),
            found(0, 9, Tag::Statistic, Source::Learned("160多个国家和地区".into())),
            found(2, 4, Tag::Statistic, Source::Rule("statistic.count")),
            found(0, 20, Tag::Quote, Source::Rule("quote.speech")),
        ];
        let offered = offer(&finds, &[], &[]);
        assert_eq!(ranges(&offered), [(0, 20, Tag::Quote), (0, 9, Tag::Statistic)]);
        assert_eq!(count_by_tag(&offered), [1, 1, 0]);
    }

    #[test]
    fn relearning_replaces_one_phrases_finds_only() {
        let mut finds = vec![
            found(0, 2, Tag::Event, Source::Learned("峰会".into())),
            found(3, 5, Tag::Statistic, Source::Rule("statistic.count")),
        ];
        relearn(&mut finds, "峰会", &[7, 12], Some(&(Tag::Quote, 0.5, vec![Tag::Event])));
        assert_eq!(ranges(&finds), [(3, 5, Tag::Statistic), (7, 9, Tag::Quote), (12, 14, Tag::Quote)]);
        assert_eq!(finds[1].alternatives, [Tag::Event]);
        relearn(&mut finds, "峰会", &[7, 12], None);
        assert_eq!(ranges(&finds), [(3, 5, Tag::Statistic)]);
    }

    #[test]
    fn tokens_read_back() {
        let s = found(3, 17, Tag::Statistic, Source::Rule("statistic.count"));
        assert_eq!(s.token(), "3-17-statistic");
        assert_eq!(Rejected::from_token(&s.token()), Some(s.key()));
        assert_eq!(Rejected::from_token("3-x-quote"), None);
        assert_eq!(Rejected::from_token("3-4-Quote"), None);
    }

    proptest::proptest! {
        /// Whatever the sources find, the offer keeps to grapheme boundaries
        /// inside its block and never repeats an annotation's range.
        #[test]
        fn offers_lie_on_graphemes_and_never_duplicate_an_annotation(
            text in "[ 年月日说：“”。0-9一二三万多个𠮷👍🏽👨‍👩‍👧e\u{301}]{0,40}",
            raw in proptest::collection::vec((0usize..45, 0usize..45, 0usize..3, 0usize..3), 0..12),
            tagged in proptest::collection::vec((0usize..45, 1usize..6, 0usize..3), 0..4),
        ) {
            let sources = [Source::Rule("r"), Source::Learned("p".into()), Source::Pattern("x".into())];
            let finds = raw
                .iter()
                .map(|&(a, b, t, s)| found(a.min(b), a.max(b), Tag::ALL[t], sources[s].clone()))
                .collect();
            let block_start = 7;
            let settled = settle(&text, block_start, finds);
            let spans: Vec<Span> =
                tagged.iter().map(|&(s, len, t)| span(block_start + s, block_start + s + len, Tag::ALL[t])).collect();
            let boundaries = grapheme_boundaries(&text);
            for s in offer(&settled, &spans, &[]) {
                proptest::prop_assert!(s.start < s.end);
                proptest::prop_assert!(boundaries.contains(&(s.start - block_start)));
                proptest::prop_assert!(boundaries.contains(&(s.end - block_start)));
                proptest::prop_assert!(!spans.iter().any(|a| (a.start, a.end) == (s.start, s.end)));
            }
        }
    }
}
