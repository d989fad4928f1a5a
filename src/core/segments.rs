//! Cutting a block of text into pieces under overlapping highlights: each
//! piece is covered by the same set of annotations from its start to its end.

use crate::core::annotation::{Annotation, Tag};

/// The part of an annotation that painting needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The annotation's id.
    pub id: String,
    /// Its tag.
    pub tag: Tag,
    /// First code point (canonical text).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl From<&Annotation> for Span {
    fn from(a: &Annotation) -> Span {
        Span { id: a.id.clone(), tag: a.tag, start: a.start, end: a.end }
    }
}

/// A run of text covered by one set of spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// First code point (canonical text).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Indices into the span list, outermost (earliest, longest) first.
    pub covered_by: Vec<usize>,
    /// Indices of the spans that begin at this piece.
    pub opens: Vec<usize>,
    /// Indices of the spans that end with this piece.
    pub closes: Vec<usize>,
}

/// Cuts `[from, to)` into pieces under `spans` (which may overlap, nest or
/// reach outside the range). The pieces tile the range in order, none empty.
pub fn segment(from: usize, to: usize, spans: &[Span]) -> Vec<Piece> {
    let mut cuts = vec![from, to];
    for span in spans {
        cuts.extend([span.start, span.end].into_iter().filter(|&c| c > from && c < to));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let covered_by: Vec<usize> =
                (0..spans.len()).filter(|&i| spans[i].start <= start && spans[i].end >= end).collect();
            Piece {
                opens: covered_by.iter().copied().filter(|&i| spans[i].start == start).collect(),
                closes: covered_by.iter().copied().filter(|&i| spans[i].end == end).collect(),
                start,
                end,
                covered_by,
            }
        })
        .collect()
}

/// For each block (given by its `[start, end)`, in order, not overlapping),
/// the spans of `annotations` that touch it, in the list's order. Each
/// annotation finds its blocks by binary search, so the cost grows with the
/// number of annotations, not with annotations × blocks.
pub fn spans_by_block(blocks: &[(usize, usize)], annotations: &[Annotation]) -> Vec<Vec<Span>> {
    let mut out = vec![Vec::new(); blocks.len()];
    for a in annotations {
        let first = blocks.partition_point(|&(_, end)| end <= a.start);
        for (i, &(start, end)) in blocks.iter().enumerate().skip(first) {
            if start >= a.end {
                break;
            }
            if a.start < end && a.end > start {
                out[i].push(Span::from(a));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Spans of `annotations` that touch `[from, to)`, in the list's order.
    pub fn spans_within(annotations: &[Annotation], from: usize, to: usize) -> Vec<Span> {
        annotations.iter().filter(|a| a.start < to && a.end > from).map(Span::from).collect()
    }

    fn span(id: &str, start: usize, end: usize) -> Span {
        Span { id: id.into(), tag: Tag::Quote, start, end }
    }

    #[test]
    fn no_spans_gives_one_piece() {
        let pieces = segment(3, 9, &[]);
        assert_eq!(pieces.len(), 1);
        assert_eq!((pieces[0].start, pieces[0].end), (3, 9));
        assert!(pieces[0].covered_by.is_empty());
    }

    #[test]
    fn overlap_makes_three_covered_pieces() {
        let spans = [span("a", 2, 6), span("b", 4, 8)];
        let got: Vec<_> = segment(0, 10, &spans).into_iter().map(|p| (p.start, p.end, p.covered_by)).collect();
        assert_eq!(
            got,
            vec![(0, 2, vec![]), (2, 4, vec![0]), (4, 6, vec![0, 1]), (6, 8, vec![1]), (8, 10, vec![])]
        );
    }

    #[test]
    fn spans_reaching_outside_are_clipped() {
        let pieces = segment(5, 10, &[span("a", 0, 7)]);
        assert_eq!((pieces[0].start, pieces[0].end, pieces[0].covered_by.clone()), (5, 7, vec![0]));
        assert!(pieces[0].opens.is_empty(), "the span opened in an earlier block");
        assert_eq!(pieces[0].closes, vec![0]);
    }

    proptest! {
        #[test]
        fn spans_by_block_agrees_with_filtering_each_block(
            cuts in proptest::collection::btree_set(1usize..60, 1..8),
            raw in proptest::collection::vec((0usize..70, 1usize..30), 0..12),
        ) {
            let cuts: Vec<usize> = cuts.into_iter().collect();
            // Blocks separated by one code point, like the line feed between them.
            let mut blocks = Vec::new();
            let mut start = 0;
            for &cut in &cuts {
                if cut > start {
                    blocks.push((start, cut));
                    start = cut + 1;
                }
            }
            let annotations: Vec<Annotation> = raw.iter().enumerate()
                .map(|(i, &(s, l))| Annotation::new(i.to_string(), Tag::Event, s, s + l, "t"))
                .collect();
            let fast = spans_by_block(&blocks, &annotations);
            for (i, &(from, to)) in blocks.iter().enumerate() {
                prop_assert_eq!(&fast[i], &spans_within(&annotations, from, to));
            }
        }

        #[test]
        fn pieces_tile_the_range_and_cover_exactly(
            from in 0usize..20,
            len in 1usize..40,
            raw in proptest::collection::vec((0usize..70, 1usize..30), 0..8),
        ) {
            let to = from + len;
            let spans: Vec<Span> = raw.iter().enumerate()
                .map(|(i, &(s, l))| span(&i.to_string(), s, s + l)).collect();
            let pieces = segment(from, to, &spans);
            prop_assert_eq!(pieces.first().unwrap().start, from);
            prop_assert_eq!(pieces.last().unwrap().end, to);
            for pair in pieces.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
            }
            for piece in &pieces {
                prop_assert!(piece.start < piece.end);
                for (i, s) in spans.iter().enumerate() {
                    let covers = s.start <= piece.start && s.end >= piece.end;
                    let touches = s.start < piece.end && s.end > piece.start;
                    prop_assert_eq!(covers, touches, "span {} cuts piece {:?}", i, (piece.start, piece.end));
                    prop_assert_eq!(piece.covered_by.contains(&i), covers);
                    prop_assert_eq!(piece.opens.contains(&i), covers && s.start == piece.start);
                    prop_assert_eq!(piece.closes.contains(&i), covers && s.end == piece.end);
                }
            }
        }
    }
}
