//! Cutting a block of text into pieces under overlapping highlights: each
//! piece is covered by the same set of annotations from its start to its end.

use crate::core::annotation::{document_order, Annotation, Tag};

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
    crate::core::sort::ascending(&mut cuts);
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

/// Each block's spans, kept in step with a changing annotation list at a
/// cost that follows the change, not the document: an update compares the
/// new list with the previous one (no copies of unchanged spans) and
/// recomputes only the blocks an added, removed or altered span touches.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Blocks as `[start, end)`, in order, not overlapping.
    blocks: Vec<(usize, usize)>,
    /// Every span with its annotation's creation time, which the
    /// [`document_order`] of spans on the same range needs, in that order.
    spans: Vec<(Span, String)>,
    /// The longest span, which bounds how far back a block's spans can start.
    longest: usize,
}

/// [`document_order`] of the annotation a span was made from.
fn span_order<'a>(span: &'a Span, created: &'a str) -> (usize, std::cmp::Reverse<usize>, &'a str, &'a str) {
    (span.start, std::cmp::Reverse(span.end), created, span.id.as_str())
}

impl SpanIndex {
    /// An index over `blocks` (each `[start, end)`, in order) with no spans.
    pub fn new(blocks: Vec<(usize, usize)>) -> SpanIndex {
        SpanIndex { blocks, spans: Vec::new(), longest: 0 }
    }

    /// Takes `annotations` (any order) as the new list and returns each block
    /// whose spans changed, with its spans in document order.
    pub fn update<'a>(&mut self, annotations: impl IntoIterator<Item = &'a Annotation>) -> Vec<(usize, Vec<Span>)> {
        let mut incoming: Vec<&Annotation> = annotations.into_iter().collect();
        if !incoming.is_sorted_by(|a, b| document_order(a) <= document_order(b)) {
            crate::core::sort::by(&mut incoming, |a, b| document_order(a).cmp(&document_order(b)));
        }
        let mut old = std::mem::take(&mut self.spans).into_iter().peekable();
        let mut spans = Vec::with_capacity(incoming.len());
        let mut changed: Vec<(usize, usize)> = Vec::new();
        for a in incoming {
            let order = document_order(a);
            // Spans that sort before `a` are gone from the list.
            while let Some((gone, _)) = old.next_if(|(s, created)| span_order(s, created) < order) {
                changed.push((gone.start, gone.end));
            }
            match old.next_if(|(s, created)| span_order(s, created) == order) {
                Some(same) if same.0.tag == a.tag => spans.push(same),
                // New, or retagged: the order has no tag in it, the paint has.
                _ => {
                    changed.push((a.start, a.end));
                    spans.push((Span::from(a), a.created.clone()));
                }
            }
        }
        changed.extend(old.map(|(gone, _)| (gone.start, gone.end)));
        self.spans = spans;
        self.longest = self.spans.iter().map(|(s, _)| s.end - s.start).max().unwrap_or(0);
        self.blocks_touched(&changed)
    }

    /// Applies one change without looking at the rest of the list: each of
    /// `gone` leaves (found by its document order, or by id when it is
    /// painted elsewhere, as during a drag), each of `arrived` comes in at
    /// its place. Returns each block whose spans changed, as [`SpanIndex::update`]
    /// does, at a cost of the change's size and a binary search.
    pub fn change<'a>(
        &mut self,
        gone: impl IntoIterator<Item = &'a Annotation>,
        arrived: impl IntoIterator<Item = &'a Annotation>,
    ) -> Vec<(usize, Vec<Span>)> {
        let mut changed: Vec<(usize, usize)> = Vec::new();
        for a in gone {
            let at = self.spans.partition_point(|(s, created)| span_order(s, created) < document_order(a));
            let found = match self.spans.get(at) {
                Some((s, _)) if s.id == a.id => Some(at),
                _ => self.spans.iter().position(|(s, _)| s.id == a.id),
            };
            if let Some(at) = found {
                let (span, _) = self.spans.remove(at);
                changed.push((span.start, span.end));
            }
        }
        for a in arrived {
            let at = self.spans.partition_point(|(s, created)| span_order(s, created) < document_order(a));
            self.spans.insert(at, (Span::from(a), a.created.clone()));
            // An upper bound is all `spans_of` needs; a full update tightens it.
            self.longest = self.longest.max(a.end - a.start);
            changed.push((a.start, a.end));
        }
        self.blocks_touched(&changed)
    }

    /// Each block any of `ranges` touches, with its spans.
    fn blocks_touched(&self, ranges: &[(usize, usize)]) -> Vec<(usize, Vec<Span>)> {
        let mut touched: Vec<usize> = ranges
            .iter()
            .flat_map(|&(start, end)| {
                let first = self.blocks.partition_point(|&(_, block_end)| block_end <= start);
                let last = self.blocks.partition_point(|&(block_start, _)| block_start < end);
                first..last
            })
            .collect();
        crate::core::sort::ascending(&mut touched);
        touched.dedup();
        touched.into_iter().map(|block| (block, self.spans_of(block))).collect()
    }

    /// The spans touching block `index`, in document order.
    fn spans_of(&self, index: usize) -> Vec<Span> {
        let (from, to) = self.blocks[index];
        let past = self.spans.partition_point(|(s, _)| s.start < to);
        let earliest = from.saturating_sub(self.longest);
        let first = self.spans[..past].partition_point(|(s, _)| s.start < earliest);
        self.spans[first..past].iter().filter(|(s, _)| s.end > from).map(|(s, _)| s.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Spans of `annotations` that touch `[from, to)`, in document order.
    pub fn spans_within(annotations: &[Annotation], from: usize, to: usize) -> Vec<Span> {
        let mut touching: Vec<&Annotation> = annotations.iter().filter(|a| a.start < to && a.end > from).collect();
        touching.sort_by(|a, b| document_order(a).cmp(&document_order(b)));
        touching.into_iter().map(Span::from).collect()
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

    #[test]
    fn spans_on_one_range_nest_in_the_list_order_and_a_retag_repaints() {
        let older = Annotation::new("z", Tag::Event, 2, 5, "2026-01-01T00:00:00Z");
        let newer = Annotation::new("a", Tag::Quote, 2, 5, "2026-01-02T00:00:00Z");
        let mut index = SpanIndex::new(vec![(0, 10)]);
        let painted = index.update(&[newer.clone(), older.clone()]);
        let ids: Vec<&str> = painted[0].1.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["z", "a"], "earlier created first, whatever the tag or id");
        let retagged = Annotation { tag: Tag::Statistic, ..older };
        let painted = index.update(&[retagged, newer]);
        assert_eq!(painted.len(), 1, "a retag keeps the order but changes the block");
        assert_eq!(painted[0].1[0].tag, Tag::Statistic);
    }

    /// Blocks ending at `cuts`, separated by one code point, like the line
    /// feed between them.
    fn blocks_at(cuts: std::collections::BTreeSet<usize>) -> Vec<(usize, usize)> {
        let mut blocks = Vec::new();
        let mut start = 0;
        for cut in cuts {
            if cut > start {
                blocks.push((start, cut));
                start = cut + 1;
            }
        }
        blocks
    }

    proptest! {
        #[test]
        fn span_index_follows_any_sequence_of_lists(
            cuts in proptest::collection::btree_set(1usize..60, 1..8),
            lists in proptest::collection::vec(
                proptest::collection::vec((0usize..4, 0usize..70, 1usize..30, 0usize..3, 0usize..2), 0..12), 1..6),
        ) {
            let blocks = blocks_at(cuts);
            let mut index = SpanIndex::new(blocks.clone());
            let mut painted = vec![Vec::new(); blocks.len()];
            for raw in lists {
                // Few distinct ids and times, so successive lists keep, move, retag and
                // drop the same annotations, and ties on a range fall to creation.
                let tags = [Tag::Quote, Tag::Statistic, Tag::Event];
                let times = ["2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"];
                let mut annotations: Vec<Annotation> = Vec::new();
                for (id, s, l, t, c) in raw {
                    if annotations.iter().all(|a| a.id != id.to_string()) {
                        annotations.push(Annotation::new(id.to_string(), tags[t], s, s + l, times[c]));
                    }
                }
                for (block, spans) in index.update(&annotations) {
                    prop_assert_ne!(&painted[block], &spans, "block {} reported without a change", block);
                    painted[block] = spans;
                }
                for (i, &(from, to)) in blocks.iter().enumerate() {
                    prop_assert_eq!(&painted[i], &spans_within(&annotations, from, to), "block {}", i);
                }
            }
        }

        #[test]
        fn a_change_paints_what_a_full_update_paints(
            cuts in proptest::collection::btree_set(1usize..60, 1..8),
            steps in proptest::collection::vec((0usize..5, 0usize..70, 1usize..30, 0usize..3, 0usize..2, any::<bool>()), 1..24),
        ) {
            let blocks = blocks_at(cuts);
            let mut by_change = SpanIndex::new(blocks.clone());
            let mut painted = vec![Vec::new(); blocks.len()];
            let mut list: Vec<Annotation> = Vec::new();
            let tags = [Tag::Quote, Tag::Statistic, Tag::Event];
            let times = ["2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"];
            for (id, s, l, t, c, stale) in steps {
                // Add, move or retag annotation `id`, or remove it when it exists and `l` is 1.
                let id = id.to_string();
                let before = list.iter().position(|a| a.id == id).map(|i| list.remove(i));
                let after = (before.is_none() || l > 1).then(|| Annotation::new(id, tags[t], s, s + l, times[c]));
                // `stale`: the index is told an older range of what leaves (a drag's
                // preview was painted), so it must find it by id.
                let told = before.clone().map(|b| if stale { Annotation { start: b.start + 1, end: b.end + 1, ..b } } else { b });
                for (block, spans) in by_change.change(told.as_ref(), after.as_ref()) {
                    painted[block] = spans;
                }
                list.extend(after);
                for (i, &(from, to)) in blocks.iter().enumerate() {
                    prop_assert_eq!(&painted[i], &spans_within(&list, from, to), "block {}", i);
                }
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
