//! The article as a reader sees it: blocks in reading order and the canonical
//! text that every offset counts into.
//!
//! Canonical text: the text of each block in reading order, joined by a single
//! line feed (U+000A). A block's text is its source lines with line ends
//! trimmed; paragraphs the page layout broke in two are joined back with
//! nothing between them (a space between two Latin letters). Reading order is
//! the source order, except that the title and subtitle come first.

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
    /// The block's text, exactly `canonical[start..end]`.
    pub text: String,
}

/// A parsed article: its blocks, canonical text and identity.
#[derive(Clone, Debug)]
pub struct Document {
    id: String,
    title: String,
    text: String,
    chars: Vec<char>,
    byte_at: Vec<usize>,
    blocks: Vec<Block>,
}

const SENTENCE_ENDS: &[char] = &[
    '。', '！', '？', '…', '”', '’', '；', '：', '—', '）', ')', '》', '」', '』', '.', '!', '?',
    ';', ':', '"', '\'',
];

impl Document {
    /// Parses the plain-text article layout (one paragraph a line, blank lines
    /// between groups, paragraphs sometimes broken by a blank line mid-sentence).
    pub fn parse(source: &str) -> Document {
        let lines = source_lines(source);
        let title_at = lines.iter().position(is_title);
        let subtitle_at = title_at
            .map(|t| t + 1)
            .filter(|&s| lines.get(s).is_some_and(|l| l.text.starts_with('—')));
        let source_at = lines.len().checked_sub(1).filter(|&i| is_source_line(&lines[i].text));

        let mut front = Vec::new();
        let mut rest: Vec<(BlockKind, String)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let kind = if Some(i) == title_at {
                BlockKind::Title
            } else if Some(i) == subtitle_at {
                BlockKind::Subtitle
            } else if Some(i) == source_at {
                BlockKind::Source
            } else if is_heading(&line.text) {
                BlockKind::Heading
            } else if is_foreign(&line.text) {
                BlockKind::Caption
            } else if title_at.is_some_and(|t| i < t) {
                BlockKind::Lead
            } else {
                BlockKind::Paragraph
            };
            if matches!(kind, BlockKind::Title | BlockKind::Subtitle) {
                front.push((kind, line.text.clone()));
                continue;
            }
            match rest.last_mut() {
                Some((prev_kind, prev)) if line.after_blank
                    && kind == *prev_kind
                    && matches!(kind, BlockKind::Paragraph | BlockKind::Lead)
                    && !prev.ends_with(SENTENCE_ENDS) =>
                {
                    join_broken(prev, &line.text)
                }
                _ => rest.push((kind, line.text.clone())),
            }
        }
        front.extend(rest);
        Document::from_blocks(front)
    }

    fn from_blocks(parts: Vec<(BlockKind, String)>) -> Document {
        let mut text = String::new();
        let mut blocks = Vec::with_capacity(parts.len());
        let mut at = 0;
        for (i, (kind, block_text)) in parts.into_iter().enumerate() {
            if i > 0 {
                text.push('\n');
                at += 1;
            }
            let len = block_text.chars().count();
            text.push_str(&block_text);
            blocks.push(Block { kind, start: at, end: at + len, text: block_text });
            at += len;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let title = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .map(|b| b.text.clone())
            .unwrap_or_default();
        Document { id: content_id(&text), title, text, chars, byte_at, blocks }
    }

    /// Identity of the document: a hash of its canonical text, so stored
    /// annotations are never applied to a different text.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The headline, or empty when the article has none.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The canonical text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The canonical text as code points, for offset arithmetic.
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Length of the canonical text in code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// True for a document without any text.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Blocks in reading order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// `canonical[start..end]` in code points, clamped to the text.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let end = end.min(self.len());
        let start = start.min(end);
        &self.text[self.byte_at[start]..self.byte_at[end]]
    }

    /// Code point starts of every occurrence of `needle`, overlapping ones included.
    pub fn occurrences(&self, needle: &str) -> Vec<usize> {
        if needle.is_empty() {
            return Vec::new();
        }
        let mut starts = Vec::new();
        let mut from = 0;
        while let Some(found) = self.text[from..].find(needle) {
            let byte = from + found;
            starts.push(self.byte_at.partition_point(|&b| b < byte));
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
    pub fn normalize_selection(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (start, end) = (start.min(end), end.max(start).min(self.len()));
        let (start, end) = text::snap_to_graphemes(&self.text, start, end);
        text::trim_whitespace(&self.chars, start, end)
    }
}

struct SourceLine {
    text: String,
    after_blank: bool,
}

fn source_lines(source: &str) -> Vec<SourceLine> {
    let mut lines = Vec::new();
    // The start of the file separates like a blank line.
    let mut after_blank = true;
    for raw in source.lines() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            after_blank = true;
            continue;
        }
        lines.push(SourceLine { text: trimmed.to_string(), after_blank });
        after_blank = false;
    }
    lines
}

fn join_broken(prev: &mut String, next: &str) {
    let latin_seam = prev.ends_with(|c: char| c.is_ascii_alphanumeric())
        && next.starts_with(|c: char| c.is_ascii_alphanumeric());
    if latin_seam {
        prev.push(' ');
    }
    prev.push_str(next);
}

fn is_heading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('(').or_else(|| line.strip_prefix('（')) else {
        return false;
    };
    let Some(close) = rest.find([')', '）']) else {
        return false;
    };
    let numeral = &rest[..close];
    let after = rest[close..].chars().skip(1).collect::<String>();
    !numeral.is_empty()
        && numeral.chars().all(|c| "一二三四五六七八九十".contains(c))
        && !after.trim().is_empty()
}

fn is_title(line: &SourceLine) -> bool {
    let len = line.text.chars().count();
    line.after_blank
        && (2..=40).contains(&len)
        && !is_heading(&line.text)
        && !is_foreign(&line.text)
        && !line.text.starts_with('—')
        && !line.text.ends_with(SENTENCE_ENDS)
}

fn is_source_line(line: &str) -> bool {
    let wrapped = (line.starts_with('(') && line.ends_with(')'))
        || (line.starts_with('（') && line.ends_with('）'));
    wrapped && !is_heading(line)
}

/// A line mostly in Latin script: in this Chinese article, the photo description.
fn is_foreign(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let latin = line.chars().filter(|c| c.is_ascii_alphabetic()).count();
    letters >= 20 && latin * 10 >= letters * 8
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

    fn article() -> Document {
        Document::parse(ARTICLE)
    }

    fn kinds(doc: &Document, kind: BlockKind) -> Vec<&str> {
        doc.blocks().iter().filter(|b| b.kind == kind).map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn title_and_subtitle_come_first() {
        let doc = article();
        assert_eq!(doc.title(), "东方风来春色新");
        assert_eq!(doc.blocks()[0].kind, BlockKind::Title);
        assert_eq!(doc.blocks()[1].kind, BlockKind::Subtitle);
        assert!(doc.blocks()[1].text.starts_with("——习近平总书记"));
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
        assert_eq!(doc.blocks().last().unwrap().text, "(本版稿件均据新华社)");
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
        for block in doc.blocks() {
            assert_eq!(block.start, expected_start);
            assert_eq!(doc.slice(block.start, block.end), block.text);
            expected_start = block.end + 1;
        }
        assert_eq!(expected_start - 1, doc.len());
        let joined: Vec<&str> = doc.blocks().iter().map(|b| b.text.as_str()).collect();
        assert_eq!(doc.text(), joined.join("\n"));
    }

    #[test]
    fn identity_follows_the_canonical_text() {
        let a = Document::parse("标题\n\n正文一。");
        let b = Document::parse("标题\n\n\n\n正文一。\n");
        let c = Document::parse("标题\n\n正文二。");
        assert_eq!(a.id(), b.id());
        assert_ne!(a.id(), c.id());
        assert!(article().id().starts_with("doc-"));
    }

    #[test]
    fn slices_count_code_points_outside_the_bmp() {
        let doc = Document::parse("吉野家\n\n𠮷野家😀好。");
        assert_eq!(doc.text(), "吉野家\n𠮷野家😀好。");
        assert_eq!(doc.slice(4, 5), "𠮷");
        assert_eq!(doc.slice(7, 9), "😀好");
    }

    #[test]
    fn finds_every_occurrence_in_code_points() {
        let doc = Document::parse("标题\n\n𠮷野家，𠮷野家，𠮷𠮷");
        assert_eq!(doc.occurrences("𠮷野家"), vec![3, 7]);
        assert_eq!(doc.occurrences("𠮷𠮷"), vec![11]);
        assert_eq!(doc.occurrences("无"), Vec::<usize>::new());
        assert_eq!(Document::parse("标题\n\n啊啊啊").occurrences("啊啊"), vec![3, 4]);
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
        let doc = Document::parse("标题\n\n正文 👍🏽 结束。");
        // "正文 👍🏽 结束。" starts at 3; the thumbs-up and its skin tone are 6..8
        assert_eq!(doc.normalize_selection(5, 7), Some((6, 8)));
        assert_eq!(doc.normalize_selection(2, 4), Some((3, 4)));
        assert_eq!(doc.normalize_selection(2, 3), None);
    }
}
