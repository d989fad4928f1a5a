//! The article as a reader sees it: blocks in reading order and the canonical
//! text that every offset counts into.
//!
//! Canonical text: the text of each block in reading order, joined by a single
//! line feed (U+000A). A block's text is its source lines with line ends
//! trimmed; paragraphs the page layout broke in two are joined back with
//! nothing between them (a space between two Latin letters). Reading order is
//! the source order, except that the title and subtitle come first.

use unicode_segmentation::GraphemeCursor;

use crate::core::text;

/// What a block is, which decides how it is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// The headline.
    Title,
    /// The dek under the headline, `——…`.
    Subtitle,
    /// A paragraph that stands before the headline in the source (a standfirst).
    Lead,
    /// A section head such as `(一) 青山着意化为桥`.
    Heading,
    /// Body text.
    Paragraph,
    /// A description of a photo, in a language other than the article's.
    Caption,
    /// The credit line, such as `(本版稿件均据新华社)`.
    Source,
    /// A quoted passage set apart (an HTML `<blockquote>`, a Markdown `>` line).
    Quote,
}

impl BlockKind {
    /// Every kind, in the order of their [`BlockKind::code`]s.
    pub const ALL: [BlockKind; 8] = [
        BlockKind::Title,
        BlockKind::Subtitle,
        BlockKind::Lead,
        BlockKind::Heading,
        BlockKind::Paragraph,
        BlockKind::Caption,
        BlockKind::Source,
        BlockKind::Quote,
    ];

    /// One letter for the kind, as a stored document keeps it.
    pub const fn code(self) -> char {
        match self {
            BlockKind::Title => 't',
            BlockKind::Subtitle => 's',
            BlockKind::Lead => 'l',
            BlockKind::Heading => 'h',
            BlockKind::Paragraph => 'p',
            BlockKind::Caption => 'c',
            BlockKind::Source => 'r',
            BlockKind::Quote => 'q',
        }
    }

    /// The kind a [`BlockKind::code`] stands for.
    pub fn from_code(code: char) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One rendered block and where its text lies in the canonical text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// How to render it.
    pub kind: BlockKind,
    /// First code point of the block in the canonical text.
    pub start: usize,
    /// One past the last code point of the block.
    pub end: usize,
    /// Where the block's text lies in the canonical text, in bytes, so that
    /// [`Document::block_text`] borrows it instead of the block owning a copy.
    bytes: std::ops::Range<usize>,
}

/// Why a text cannot be a document: nothing in it but whitespace, so it
/// has no block for the caret, the highlights or the offsets to live in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmptyText;

impl std::fmt::Display for EmptyText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("it has no text")
    }
}

impl std::error::Error for EmptyText {}

/// Code points between two entries of [`Document::checkpoints`]: turning an
/// offset into a byte position walks at most this many characters, for an
/// index a sixty-fourth the size of one entry per code point.
const CHECKPOINT_EVERY: usize = 64;

/// A parsed article: its blocks, canonical text and identity. Never empty.
#[derive(Clone, Debug)]
pub struct Document {
    id: String,
    title: Option<usize>,
    text: String,
    len: usize,
    /// Byte position of every `CHECKPOINT_EVERY`-th code point, the end
    /// included when it falls on one.
    checkpoints: Vec<usize>,
    blocks: Vec<Block>,
}

impl Document {
    /// Parses a plain-text file the way [`crate::core::readers::plain`]
    /// lays it out. A source with nothing but whitespace is refused: a
    /// document has a block.
    pub fn parse(source: &str) -> Result<Document, EmptyText> {
        Document::from_blocks(crate::core::readers::plain::blocks(source))
    }

    /// A document from blocks a reader already found (Markdown, HTML, a
    /// corpus import), in reading order. Each block's text is trimmed; a
    /// block with a line break becomes one block a line, and an empty one is
    /// dropped, so the canonical text keeps its shape: blocks joined by one
    /// line feed. Refused when no text is left.
    pub fn from_blocks(parts: Vec<(BlockKind, String)>) -> Result<Document, EmptyText> {
        let parts: Vec<(BlockKind, String)> = parts
            .into_iter()
            .flat_map(|(kind, text)| {
                text.split('\n')
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(|line| (kind, line.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        if parts.is_empty() {
            return Err(EmptyText);
        }
        Ok(Document::assemble(parts))
    }

    /// A document as [`Document::stored_kinds`] and [`Document::text`] keep
    /// it: `None` when the two don't fit together (or the text was changed),
    /// so a damaged record is never shown as if it were the reader's text.
    pub fn from_stored(text: &str, kinds: &str) -> Option<Document> {
        let lines: Vec<&str> = text.split('\n').collect();
        let kinds: Vec<BlockKind> = kinds.chars().map(BlockKind::from_code).collect::<Option<_>>()?;
        if lines.len() != kinds.len() || lines.iter().any(|l| l.is_empty() || l.trim() != *l) {
            return None;
        }
        Some(Document::assemble(kinds.into_iter().zip(lines.into_iter().map(String::from)).collect()))
    }

    /// The kind of every block, one [`BlockKind::code`] each: with the
    /// canonical text, all it takes to rebuild the document.
    pub fn stored_kinds(&self) -> String {
        self.blocks.iter().map(|b| b.kind.code()).collect()
    }

    fn assemble(parts: Vec<(BlockKind, String)>) -> Document {
        let mut text = String::new();
        let mut blocks = Vec::with_capacity(parts.len());
        let mut at = 0;
        for (i, (kind, block_text)) in parts.into_iter().enumerate() {
            if i > 0 {
                text.push('\n');
                at += 1;
            }
            let len = block_text.chars().count();
            let bytes = text.len()..text.len() + block_text.len();
            text.push_str(&block_text);
            blocks.push(Block { kind, start: at, end: at + len, bytes });
            at += len;
        }
        let mut checkpoints: Vec<usize> =
            text.char_indices().step_by(CHECKPOINT_EVERY).map(|(byte, _)| byte).collect();
        if at % CHECKPOINT_EVERY == 0 {
            checkpoints.push(text.len());
        }
        let title = blocks.iter().position(|b| b.kind == BlockKind::Title);
        Document { id: content_id(&text), title, text, len: at, checkpoints, blocks }
    }

    /// Identity of the document: a hash of its canonical text, so stored
    /// annotations are never applied to a different text.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The headline, or empty when the article has none.
    pub fn title(&self) -> &str {
        self.title.map_or("", |index| self.block_text(index))
    }

    /// The canonical text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the canonical text in code points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a document without any text: never for a parsed one, which
    /// has at least one block; here because `len` calls for it.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Blocks in reading order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The text of block `index` (of [`Document::blocks`]), exactly
    /// `canonical[block.start..block.end]`. Panics past the last block.
    pub fn block_text(&self, index: usize) -> &str {
        &self.text[self.blocks[index].bytes.clone()]
    }

    /// `canonical[start..end]` in code points, clamped to the text.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let end = end.min(self.len);
        let start = start.min(end);
        &self.text[self.byte_of(start)..self.byte_of(end)]
    }

    /// Byte position of code point `at` (at most the length).
    fn byte_of(&self, at: usize) -> usize {
        let base = self.checkpoints[at / CHECKPOINT_EVERY];
        let walked = self.text[base..].char_indices().nth(at % CHECKPOINT_EVERY);
        walked.map_or(self.text.len(), |(byte, _)| base + byte)
    }

    /// Code point starts of every occurrence of `needle`, overlapping ones included.
    pub fn occurrences(&self, needle: &str) -> Vec<usize> {
        if needle.is_empty() {
            return Vec::new();
        }
        let mut starts = Vec::new();
        // Code points are counted on from the previous hit, one pass in all.
        let (mut from, mut counted_to, mut code_point) = (0, 0, 0);
        while let Some(found) = self.text[from..].find(needle) {
            let byte = from + found;
            code_point += self.text[counted_to..byte].chars().count();
            counted_to = byte;
            starts.push(code_point);
            from = byte + self.text[byte..].chars().next().map_or(1, char::len_utf8);
        }
        starts
    }

    /// The blocks cut into consecutive runs costing about `size` each, where
    /// block `i` costs its length in code points plus `extra(i)` (a block is
    /// never split; every run has at least one block), so a long or densely
    /// annotated text can be rendered and laid out a run at a time.
    pub fn runs(&self, size: usize, extra: impl Fn(usize) -> usize) -> Vec<std::ops::Range<usize>> {
        let mut runs = Vec::new();
        let (mut first, mut cost) = (0, 0);
        for (index, block) in self.blocks.iter().enumerate() {
            cost += block.end - block.start + extra(index);
            if cost >= size {
                runs.push(first..index + 1);
                (first, cost) = (index + 1, 0);
            }
        }
        if first < self.blocks.len() || runs.is_empty() {
            runs.push(first..self.blocks.len());
        }
        runs
    }

    /// Turns a raw selection into the range a highlight should cover:
    /// whole graphemes, no whitespace at the edges. `None` if nothing is left.
    /// Costs the blocks at the two ends, not the text before them.
    pub fn normalize_selection(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (start, end) = (start.min(end), end.max(start).min(self.len));
        if start > end {
            // Both ends past the text: nothing of it was selected.
            return None;
        }
        let start = self.grapheme_floor(start);
        let end = self.grapheme_ceil(end);
        let (lead, trail) = text::edge_whitespace(self.slice(start, end))?;
        Some((start + lead, end - trail))
    }

    /// The grapheme boundary `steps` graphemes after (or, negative, before)
    /// the code point offset `at`, clamped to the text; from inside a
    /// grapheme the first step backwards lands on its start, and zero or
    /// more steps forwards count from its start. The line feed between two
    /// blocks is a grapheme of its own. Costs the blocks it passes through,
    /// so a caret or handle move costs its block, not the document.
    pub fn step_grapheme(&self, at: usize, steps: isize) -> usize {
        if at > self.len {
            // Past the end sits one boundary beyond the last, so a step back lands on the end.
            return if steps >= 0 { self.len } else { self.step_grapheme(self.len, steps + 1) };
        }
        let mut left = steps.unsigned_abs();
        let floor = self.grapheme_floor(at);
        let mut at = if steps < 0 && floor < at {
            left -= 1;
            floor
        } else if steps >= 0 {
            floor
        } else {
            at
        };
        while left > 0 {
            let index = self.block_at(at);
            let block = &self.blocks[index];
            at = match (steps >= 0, index) {
                (true, _) if at == block.end && index + 1 == self.blocks.len() => return at,
                (true, _) if at == block.end => self.blocks[index + 1].start,
                (true, _) => self.grapheme_next(index, at),
                (false, 0) if at == block.start => return at,
                (false, _) if at == block.start => self.blocks[index - 1].end,
                (false, _) => self.grapheme_previous(index, at),
            };
            left -= 1;
        }
        at
    }

    /// The last grapheme boundary at or before `at` (at most the length).
    fn grapheme_floor(&self, at: usize) -> usize {
        let index = self.block_at(at.min(self.len));
        let at = at.min(self.blocks[index].end);
        if self.is_grapheme_boundary(index, at) {
            at
        } else {
            self.grapheme_previous(index, at)
        }
    }

    /// The first grapheme boundary at or after `at` (at most the length).
    fn grapheme_ceil(&self, at: usize) -> usize {
        let index = self.block_at(at.min(self.len));
        let at = at.min(self.blocks[index].end);
        if self.is_grapheme_boundary(index, at) {
            at
        } else {
            self.grapheme_next(index, at)
        }
    }

    // Grapheme boundaries are found where they are asked for, with the
    // block's text as the cursor's context: a step costs the graphemes it
    // looks at, not the block (a block may be a 2 MB line). A block on its
    // own is cut as it is in the whole text: a line feed always breaks
    // graphemes on both sides, and no block ends in a carriage return.

    /// Whether code point `at` of block `index` is a grapheme boundary.
    fn is_grapheme_boundary(&self, index: usize, at: usize) -> bool {
        let (text, byte) = self.in_block(index, at);
        GraphemeCursor::new(byte, text.len(), true).is_boundary(text, 0).unwrap_or(true)
    }

    /// The grapheme boundary after `at` in block `index` (`at` before its end).
    fn grapheme_next(&self, index: usize, at: usize) -> usize {
        let (text, byte) = self.in_block(index, at);
        let next = GraphemeCursor::new(byte, text.len(), true).next_boundary(text, 0).ok().flatten().unwrap_or(text.len());
        at + text[byte..next].chars().count()
    }

    /// The grapheme boundary before `at` in block `index` (`at` after its start).
    fn grapheme_previous(&self, index: usize, at: usize) -> usize {
        let (text, byte) = self.in_block(index, at);
        let previous = GraphemeCursor::new(byte, text.len(), true).prev_boundary(text, 0).ok().flatten().unwrap_or(0);
        at - text[previous..byte].chars().count()
    }

    /// Block `index`'s text and the byte in it where code point `at` is.
    fn in_block(&self, index: usize, at: usize) -> (&str, usize) {
        let block = &self.blocks[index];
        (self.block_text(index), self.byte_of(at) - block.bytes.start)
    }

    /// The index of the block that holds code point `at` (the last block for
    /// an offset past the end).
    pub fn block_index_of(&self, at: usize) -> usize {
        self.block_at(at)
    }

    /// Where the block that holds code point `at` starts.
    pub fn block_start_of(&self, at: usize) -> usize {
        self.blocks[self.block_at(at)].start
    }

    /// The block whose `[start, end]` holds `at` (at most the length): every
    /// offset is in one, as the line feed between blocks is only a step long.
    fn block_at(&self, at: usize) -> usize {
        self.blocks.partition_point(|b| b.end < at).min(self.blocks.len() - 1)
    }

}

/// FNV-1a (64 bit) of the canonical text: stable across builds and platforms.
fn content_id(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("doc-{hash:016x}")
}

/// The article Tagmark ships with.
pub const ARTICLE: &str = include_str!("../../content/article.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_of_an_offset_is_found_by_its_code_points() {
        let doc = Document::parse("𠮷野家\n\n😀一\n\n二三").unwrap();
        let starts: Vec<usize> = doc.blocks().iter().map(|b| b.start).collect();
        assert_eq!(starts, [0, 4, 7]);
        for (at, index) in [(0, 0), (2, 0), (4, 1), (5, 1), (7, 2), (8, 2), (99, 2)] {
            assert_eq!(doc.block_index_of(at), index, "{at}");
            assert_eq!(doc.block_start_of(at), starts[index], "{at}");
        }
    }

    #[test]
    fn blocks_from_a_reader_are_trimmed_split_at_line_breaks_and_never_empty() {
        let doc = Document::from_blocks(vec![
            (BlockKind::Title, " 标题 ".into()),
            (BlockKind::Quote, "第一行\n\n  第二行𠮷 ".into()),
            (BlockKind::Paragraph, "   ".into()),
        ])
        .unwrap();
        assert_eq!(doc.text(), "标题\n第一行\n第二行𠮷");
        assert_eq!(doc.stored_kinds(), "tqq");
        assert_eq!(doc.title(), "标题");
        assert_eq!(Document::from_blocks(vec![(BlockKind::Paragraph, " \n ".into())]).unwrap_err(), EmptyText);
    }

    #[test]
    fn a_stored_document_comes_back_whole_or_not_at_all() {
        let doc = Document::parse(ARTICLE).unwrap();
        let back = Document::from_stored(doc.text(), &doc.stored_kinds()).unwrap();
        assert_eq!(back.id(), doc.id());
        assert_eq!(back.blocks(), doc.blocks());
        let short = &doc.stored_kinds()[1..];
        assert!(Document::from_stored(doc.text(), short).is_none());
        assert!(Document::from_stored("a\n\nb", "ppp").is_none());
        assert!(Document::from_stored("a", "z").is_none());
    }
    use crate::core::text::whole_text::{snap_to_graphemes, step_grapheme};
    use proptest::prelude::*;

    fn article() -> Document {
        Document::parse(ARTICLE).unwrap()
    }

    fn kinds(doc: &Document, kind: BlockKind) -> Vec<&str> {
        (0..doc.blocks().len()).filter(|&i| doc.blocks()[i].kind == kind).map(|i| doc.block_text(i)).collect()
    }

    #[test]
    fn title_and_subtitle_come_first() {
        let doc = article();
        assert_eq!(doc.title(), "东方风来春色新");
        assert_eq!(doc.blocks()[0].kind, BlockKind::Title);
        assert_eq!(doc.blocks()[1].kind, BlockKind::Subtitle);
        assert!(doc.block_text(1).starts_with("——习近平总书记"));
    }

    #[test]
    fn finds_the_three_section_heads() {
        let doc = article();
        assert_eq!(
            kinds(&doc, BlockKind::Heading),
            ["(一) 青山着意化为桥", "(二) 桃李不言自成蹊", "(三) 天下为公行大道"]
        );
    }

    #[test]
    fn photo_description_is_the_only_caption_and_source_is_last() {
        let doc = article();
        let captions = kinds(&doc, BlockKind::Caption);
        assert_eq!(captions.len(), 1);
        assert!(captions[0].starts_with("Advertisement for the book"));
        assert_eq!(doc.blocks().last().unwrap().kind, BlockKind::Source);
        assert_eq!(doc.block_text(doc.blocks().len() - 1), "(本版稿件均据新华社)");
        assert_eq!(kinds(&doc, BlockKind::Lead).len(), 4);
    }

    #[test]
    fn rejoins_paragraphs_broken_by_the_page_layout() {
        let doc = article();
        let paragraphs = kinds(&doc, BlockKind::Paragraph);
        for seam in ["同新兴政党交往实现新突破", "越来越多的政党领导人，迫切希望", "其他国家和地区政党领导人会面", "斯里兰卡共产党时任总书记"] {
            let hits = paragraphs.iter().filter(|p| p.contains(seam)).count();
            assert_eq!(hits, 1, "{seam} should be inside exactly one paragraph");
        }
        assert!(!paragraphs.iter().any(|p| p.ends_with("同新兴政")));
    }

    #[test]
    fn blocks_tile_the_canonical_text() {
        let doc = article();
        let mut expected_start = 0;
        for (i, block) in doc.blocks().iter().enumerate() {
            assert_eq!(block.start, expected_start);
            assert_eq!(doc.slice(block.start, block.end), doc.block_text(i));
            assert_eq!(doc.block_text(i).chars().count(), block.end - block.start);
            expected_start = block.end + 1;
        }
        assert_eq!(expected_start - 1, doc.len());
        let joined: Vec<&str> = (0..doc.blocks().len()).map(|i| doc.block_text(i)).collect();
        assert_eq!(doc.text(), joined.join("\n"));
    }

    #[test]
    fn identity_follows_the_canonical_text() {
        let a = Document::parse("标题\n\n正文一。").unwrap();
        let b = Document::parse("标题\n\n\n\n正文一。\n").unwrap();
        let c = Document::parse("标题\n\n正文二。").unwrap();
        assert_eq!(a.id(), b.id());
        assert_ne!(a.id(), c.id());
        assert!(article().id().starts_with("doc-"));
    }

    #[test]
    fn slices_count_code_points_outside_the_bmp() {
        let doc = Document::parse("吉野家\n\n𠮷野家😀好。").unwrap();
        assert_eq!(doc.text(), "吉野家\n𠮷野家😀好。");
        assert_eq!(doc.slice(4, 5), "𠮷");
        assert_eq!(doc.slice(7, 9), "😀好");
    }

    #[test]
    fn finds_every_occurrence_in_code_points() {
        let doc = Document::parse("标题\n\n𠮷野家，𠮷野家，𠮷𠮷").unwrap();
        assert_eq!(doc.occurrences("𠮷野家"), vec![3, 7]);
        assert_eq!(doc.occurrences("𠮷𠮷"), vec![11]);
        assert_eq!(doc.occurrences("无"), Vec::<usize>::new());
        assert_eq!(Document::parse("标题\n\n啊啊啊").unwrap().occurrences("啊啊"), vec![3, 4]);
    }

    #[test]
    fn runs_cover_every_block_once_in_order() {
        let doc = article();
        assert_eq!(doc.runs(usize::MAX, |_| 0), vec![0..doc.blocks().len()], "a short text is one run");
        assert_eq!(doc.runs(1000, |_| 1000).len(), doc.blocks().len(), "each block alone costs a run");
        for size in [1, 200, 1000] {
            let runs = doc.runs(size, |_| 0);
            assert_eq!(runs.first().unwrap().start, 0);
            assert_eq!(runs.last().unwrap().end, doc.blocks().len());
            for pair in runs.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
            }
            for run in &runs[..runs.len() - 1] {
                let length: usize = doc.blocks()[run.clone()].iter().map(|b| b.end - b.start).sum();
                assert!(length >= size && !run.is_empty(), "run {run:?} is {length} code points, wanted {size}");
            }
        }
    }

    #[test]
    fn normalizing_trims_and_keeps_graphemes_whole() {
        let doc = Document::parse("标题\n\n正文 👍🏽 结束。").unwrap();
        // "正文 👍🏽 结束。" starts at 3; the thumbs-up and its skin tone are 6..8
        assert_eq!(doc.normalize_selection(5, 7), Some((6, 8)));
        assert_eq!(doc.normalize_selection(2, 4), Some((3, 4)));
        assert_eq!(doc.normalize_selection(2, 3), None);
    }

    #[test]
    fn a_text_of_only_whitespace_is_no_document() {
        for source in ["", "\n\n", "  \t\r\n \u{3000}\n"] {
            assert_eq!(Document::parse(source).unwrap_err(), EmptyText, "{source:?}");
        }
        assert_eq!(EmptyText.to_string(), "it has no text");
        assert_eq!(Document::parse("\n 𠮷 \n").unwrap().text(), "𠮷");
    }

    #[test]
    fn slices_reach_either_side_of_a_checkpoint() {
        // 2 + 1 + 61 = 64 code points: the end falls on a checkpoint.
        let body: String = "𠮷👍🏽中".chars().cycle().take(61).collect();
        let doc = Document::parse(&format!("标题\n\n{body}")).unwrap();
        assert_eq!(doc.len(), 64);
        let chars: Vec<char> = doc.text().chars().collect();
        for (start, end) in [(0, 64), (63, 64), (64, 64), (60, 70), (3, 5), (62, 63)] {
            let want: String = chars[start.min(64)..end.min(64)].iter().collect();
            assert_eq!(doc.slice(start, end), want, "{start}..{end}");
        }
        assert_eq!(doc.title(), "标题");
        assert_eq!(doc.block_text(1), body);
    }

    #[test]
    fn steps_cross_the_line_feed_between_blocks_as_one_grapheme() {
        let doc = Document::parse("甲👍🏽\n\n👨\u{200d}👩\u{200d}👧\u{200d}👦乙").unwrap();
        // 甲 0..1, 👍🏽 1..3, line feed 3..4, family 4..11, 乙 11..12
        assert_eq!(doc.step_grapheme(1, 1), 3);
        assert_eq!(doc.step_grapheme(3, 1), 4);
        assert_eq!(doc.step_grapheme(2, 2), 4, "from inside the thumbs-up");
        assert_eq!(doc.step_grapheme(4, -1), 3);
        assert_eq!(doc.step_grapheme(7, -1), 4, "from inside the family back to its start");
        assert_eq!(doc.step_grapheme(7, 0), 4);
        assert_eq!(doc.step_grapheme(0, 100), 12);
        assert_eq!(doc.step_grapheme(12, -100), 0);
        assert_eq!(doc.step_grapheme(20, -1), 12, "past the end, a step back is the end");
        assert_eq!(doc.step_grapheme(20, -2), 11);
    }

    #[test]
    fn a_caret_inside_a_grapheme_selects_all_of_it() {
        let doc = Document::parse("标题\n\n正文 👍🏽 结束。").unwrap();
        assert_eq!(doc.normalize_selection(7, 7), Some((6, 8)));
        assert_eq!(doc.normalize_selection(30, 40), None);
        assert_eq!(doc.normalize_selection(1, 4), Some((1, 4)), "across the line feed");
    }

    /// `normalize_selection` as it was, on the whole text and its code points.
    fn whole_text_normalize(doc: &Document, start: usize, end: usize) -> Option<(usize, usize)> {
        let (start, end) = (start.min(end), end.max(start).min(doc.len()));
        let (start, end) = snap_to_graphemes(doc.text(), start, end);
        let chars: Vec<char> = doc.text().chars().collect();
        let end = end.min(chars.len());
        let (mut start, mut end) = (start.min(end), end);
        while start < end && chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        (start < end).then_some((start, end))
    }

    /// Articles of a few lines built from astral Hanzi, emoji sequences
    /// (skin tones, ZWJ families, flags), combining marks and whitespace.
    fn any_document() -> impl Strategy<Value = Document> {
        let piece = prop::sample::select(vec![
            "a", "中", "𠮷", "。", " ", "\u{3000}", "\r", "👍", "🏽", "\u{200d}", "👨", "👩", "\u{301}", "e", "🇨", "🇳",
            "❤", "\u{fe0f}", "😀",
        ]);
        let line = prop::collection::vec(piece, 0..40).prop_map(|p| p.concat());
        let break_ = prop::sample::select(vec!["\n", "\n\n", "\r\n", "\n \n"]);
        prop::collection::vec((line, break_), 1..8)
            .prop_map(|lines| lines.into_iter().map(|(l, b)| l + b).collect::<String>())
            .prop_filter_map("only whitespace", |source| Document::parse(&source).ok())
    }

    proptest! {
        #[test]
        fn stepping_a_block_agrees_with_stepping_the_whole_text(
            doc in any_document(),
            at in 0usize..400,
            steps in prop_oneof![-4isize..=4, -300isize..300, Just(isize::MIN), Just(isize::MAX)],
        ) {
            let at = at % (doc.len() + 3);
            prop_assert_eq!(doc.step_grapheme(at, steps), step_grapheme(doc.text(), at, steps), "{:?} at {} by {}", doc.text(), at, steps);
        }

        #[test]
        fn normalizing_by_blocks_agrees_with_the_whole_text(doc in any_document(), a in 0usize..400, b in 0usize..400) {
            let (a, b) = (a % (doc.len() + 3), b % (doc.len() + 3));
            prop_assert_eq!(doc.normalize_selection(a, b), whole_text_normalize(&doc, a, b), "{:?} {}..{}", doc.text(), a, b);
        }

        #[test]
        fn slices_blocks_and_occurrences_count_code_points(doc in any_document(), a in 0usize..400, b in 0usize..400, len in 1usize..4) {
            let chars: Vec<char> = doc.text().chars().collect();
            prop_assert_eq!(doc.len(), chars.len());
            let (start, end) = (a.min(doc.len() + 2), b.min(doc.len() + 2));
            let (cs, ce) = (start.min(end.min(chars.len())), end.min(chars.len()));
            prop_assert_eq!(doc.slice(start, end), chars[cs..ce].iter().collect::<String>());
            for (i, block) in doc.blocks().iter().enumerate() {
                prop_assert_eq!(doc.block_text(i), chars[block.start..block.end].iter().collect::<String>());
            }
            let needle: String = chars[cs..(cs + len).min(chars.len())].iter().collect();
            let needle_chars: Vec<char> = needle.chars().collect();
            let want: Vec<usize> = if needle.is_empty() {
                Vec::new()
            } else {
                (0..=chars.len() - needle_chars.len()).filter(|&s| chars[s..].starts_with(&needle_chars)).collect()
            };
            prop_assert_eq!(doc.occurrences(&needle), want);
        }
    }
}
