//! What a block looks like, as data: its pieces under highlights and
//! suggestions, each with every attribute its element gets. The view
//! renders one element a piece, keyed by the piece itself, so a change
//! rebuilds only the pieces whose look changed and keeps the rest of a
//! dense block's nodes as they are.

use crate::core::annotation::Tag;
use crate::core::segments::{segment, Span};
use crate::core::suggest::offer::Suggestion;

/// One piece of a block: plain text, or a piece of highlight (a `<mark>`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PiecePaint {
    /// First code point (canonical text).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The highlight's look; `None` for text no highlight covers.
    pub mark: Option<MarkPaint>,
    /// The piece cut where suggestions begin and end; empty when none
    /// touches it (then it is one text node).
    pub parts: Vec<PartPaint>,
}

/// The attributes of a piece of highlight.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MarkPaint {
    /// `hl`, with `opens` and `closes` where a highlight begins or ends.
    pub class: &'static str,
    /// The covering tags' names, space-separated (the stylesheet colours one tag).
    pub tags: String,
    /// The covering annotations' ids, outermost first.
    pub ids: String,
    /// What a screen reader hears: "Quote and Event highlight".
    pub description: String,
    /// One colour band per tag when several overlap.
    pub bands: Option<String>,
}

/// A run of a piece: text, or text under suggestions (a dashed `<span>`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PartPaint {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The suggestions' look; `None` for plain text.
    pub suggested: Option<SuggestedPaint>,
}

/// The attributes of a run under suggestions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SuggestedPaint {
    /// The suggestions' tokens (see [`Suggestion::token`]).
    pub tokens: String,
    /// Their tags' names.
    pub tags: String,
    /// The tokens of those that begin here (the run focus lands on).
    pub opens: Option<String>,
    /// "Statistic suggestion from rule:statistic.count", one per suggestion.
    pub description: String,
}

/// The block `[start, end)` under `spans` (its highlights) and
/// `suggestions`. Marks are cut only where highlights begin and end, so a
/// suggestion never changes how a highlight is drawn.
pub fn paint_block(start: usize, end: usize, spans: &[Span], suggestions: &[Suggestion]) -> Vec<PiecePaint> {
    let suggested: Vec<Span> =
        suggestions.iter().map(|s| Span { id: s.token(), tag: s.tag, start: s.start, end: s.end }).collect();
    segment(start, end, spans)
        .into_iter()
        .map(|piece| {
            let parts = paint_parts(piece.start, piece.end, &suggested, suggestions);
            let mark = (!piece.covered_by.is_empty()).then(|| {
                let tags: Vec<Tag> = piece.covered_by.iter().map(|&i| spans[i].tag).collect();
                let ids: Vec<&str> = piece.covered_by.iter().map(|&i| spans[i].id.as_str()).collect();
                let names: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
                let labels: Vec<&str> = tags.iter().map(|t| t.label()).collect();
                MarkPaint {
                    class: match (piece.opens.is_empty(), piece.closes.is_empty()) {
                        (true, true) => "hl",
                        (false, true) => "hl opens",
                        (true, false) => "hl closes",
                        (false, false) => "hl opens closes",
                    },
                    tags: names.join(" "),
                    ids: ids.join(" "),
                    description: format!("{} highlight", labels.join(" and ")),
                    bands: (tags.len() > 1).then(|| bands(&tags)),
                }
            });
            PiecePaint { start: piece.start, end: piece.end, mark, parts }
        })
        .collect()
}

/// `[start, end)` cut under the suggestions that touch it; empty when none does.
fn paint_parts(start: usize, end: usize, suggested: &[Span], suggestions: &[Suggestion]) -> Vec<PartPaint> {
    let here: Vec<usize> = (0..suggested.len()).filter(|&i| suggested[i].start < end && suggested[i].end > start).collect();
    if here.is_empty() {
        return Vec::new();
    }
    let local: Vec<Span> = here.iter().map(|&i| suggested[i].clone()).collect();
    segment(start, end, &local)
        .into_iter()
        .map(|piece| {
            let suggested = (!piece.covered_by.is_empty()).then(|| {
                let tokens: Vec<&str> = piece.covered_by.iter().map(|&i| local[i].id.as_str()).collect();
                let tags: Vec<&str> = piece.covered_by.iter().map(|&i| local[i].tag.as_str()).collect();
                // Where a suggestion begins; a piece of a highlight that starts
                // inside the suggestion is not its beginning.
                let opens: Vec<&str> = piece
                    .covered_by
                    .iter()
                    .filter(|&&i| local[i].start == piece.start)
                    .map(|&i| local[i].id.as_str())
                    .collect();
                let described: Vec<String> = piece
                    .covered_by
                    .iter()
                    .map(|&i| {
                        let s = &suggestions[here[i]];
                        format!("{} suggestion from {}", s.tag.label(), s.source.name())
                    })
                    .collect();
                SuggestedPaint {
                    tokens: tokens.join(" "),
                    tags: tags.join(" "),
                    opens: (!opens.is_empty()).then(|| opens.join(" ")),
                    description: described.join("; "),
                }
            });
            PartPaint { start: piece.start, end: piece.end, suggested }
        })
        .collect()
}

/// One colour band per covering annotation, so overlaps stay readable.
fn bands(tags: &[Tag]) -> String {
    let share = 100.0 / tags.len() as f64;
    let bands: Vec<String> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| format!("var(--{}) {:.2}% {:.2}%", t.as_str(), share * i as f64, share * (i + 1) as f64))
        .collect();
    format!("background-image: linear-gradient(to bottom, {})", bands.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::suggest::Source;

    fn span(id: &str, tag: Tag, start: usize, end: usize) -> Span {
        Span { id: id.into(), tag, start, end }
    }

    fn suggestion(tag: Tag, start: usize, end: usize) -> Suggestion {
        Suggestion { start, end, tag, source: Source::Rule("statistic.count"), score: 1.0, alternatives: Vec::new() }
    }

    #[test]
    fn overlapping_highlights_make_banded_marks_with_their_ends() {
        let spans = [span("a", Tag::Quote, 2, 6), span("b", Tag::Event, 4, 8)];
        let pieces = paint_block(0, 10, &spans, &[]);
        let ranges: Vec<(usize, usize)> = pieces.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(ranges, [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]);
        assert_eq!(pieces[0].mark, None);
        let first = pieces[1].mark.as_ref().unwrap();
        assert_eq!((first.class, first.ids.as_str(), first.bands.as_deref()), ("hl opens", "a", None));
        let both = pieces[2].mark.as_ref().unwrap();
        assert_eq!((both.tags.as_str(), both.ids.as_str()), ("quote event", "a b"));
        assert_eq!(both.description, "Quote and Event highlight");
        assert_eq!(
            both.bands.as_deref(),
            Some("background-image: linear-gradient(to bottom, var(--quote) 0.00% 50.00%, var(--event) 50.00% 100.00%)")
        );
        assert_eq!(pieces[3].mark.as_ref().unwrap().class, "hl closes");
    }

    #[test]
    fn suggestions_cut_runs_inside_a_piece_but_never_the_marks() {
        let spans = [span("a", Tag::Quote, 0, 6)];
        let pieces = paint_block(0, 8, &spans, &[suggestion(Tag::Statistic, 4, 8)]);
        assert_eq!(pieces.len(), 2, "the suggestion does not cut the mark");
        let parts: Vec<(usize, usize, bool)> = pieces[0].parts.iter().map(|p| (p.start, p.end, p.suggested.is_some())).collect();
        assert_eq!(parts, [(0, 4, false), (4, 6, true)]);
        let inside = pieces[0].parts[1].suggested.as_ref().unwrap();
        assert_eq!(inside.opens.as_deref(), Some("4-8-statistic"), "where it begins");
        assert_eq!(inside.description, "Statistic suggestion from rule:statistic.count");
        let after = pieces[1].parts[0].suggested.as_ref().unwrap();
        assert_eq!(after.opens, None, "a later run of the same suggestion is not its beginning");
        assert!(paint_block(0, 8, &[], &[]).iter().all(|p| p.parts.is_empty() && p.mark.is_none()));
    }

    #[test]
    fn a_new_highlight_changes_only_the_pieces_it_covers() {
        // Twenty highlights side by side, then one more over the tenth: every
        // other piece keeps its exact paint, so the view keeps its nodes.
        let mut spans: Vec<Span> = (0..20).map(|i| span(&format!("a{i}"), Tag::Quote, i * 3, i * 3 + 2)).collect();
        let before = paint_block(0, 60, &spans, &[]);
        spans.insert(10, span("new", Tag::Event, 30, 32));
        let after = paint_block(0, 60, &spans, &[]);
        let changed = after.iter().filter(|p| !before.contains(p)).count();
        assert_eq!(changed, 1, "only the piece under the new highlight looks different");
    }
}
