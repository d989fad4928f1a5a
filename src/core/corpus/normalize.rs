//! A corpus file's text made into a [`Document`] without losing its offsets.
//!
//! The file's spans count code points into its raw text; the document's
//! canonical text drops what the raw text has around its lines (blank lines,
//! indentation, trailing spaces, `\r`). The lines stay in their order, so an
//! offset map carries every span across: monotone, and with whitespace
//! dropped at a span's edges, as a selection in Tagmark would be.

use super::problems::{Kind, Problems};
use crate::core::annotation::Tag;
use crate::core::document::{BlockKind, Document, EmptyText};
use crate::core::formats::tagmark::CONTEXT_CHARS;
use crate::core::import::shown;
use crate::core::incoming::Incoming;
use crate::core::text;

/// Longest first line taken for a headline, in code points.
const TITLE_CHARS: usize = 40;

/// Characters that end a sentence: a first line ending in one is body text,
/// not a headline.
const SENTENCE_END: &[char] = &['。', '！', '？', '…', '；', '：', '.', '!', '?', ';', ':', '”', '"', '」', '』', '，', ','];

const BACKWARDS: Kind = Kind::new("span that does not start before it ends", "spans that do not start before they end");
const PAST_END: Kind = Kind::new("span past the end of its text", "spans past the end of their text");
const ONLY_SPACE: Kind = Kind::new("span of only spaces or line breaks", "spans of only spaces or line breaks");
const CHANGED: Kind = Kind::new(
    "span whose text changed when its lines were laid out",
    "spans whose text changed when their lines were laid out",
);

/// A raw text laid out as a document, with the way back from its offsets.
pub(super) struct Laid {
    /// The document the raw text makes.
    pub(super) document: Document,
    /// The raw text's code points, to quote what a span covered there.
    raw: Vec<char>,
    /// For each raw offset, the canonical offset of the first kept code
    /// point at or after it: where a span starting there starts.
    starts: Vec<usize>,
    /// For each raw offset, the canonical offset just past the last kept
    /// code point before it: where a span ending there ends.
    ends: Vec<usize>,
}

/// One span as a file gives it, offsets already in raw code points.
pub(super) struct Span {
    /// First raw code point.
    pub(super) start: usize,
    /// One past the last raw code point.
    pub(super) end: usize,
    /// Its tag.
    pub(super) tag: Tag,
    /// The annotation's id.
    pub(super) id: String,
    /// When it was made, or empty.
    pub(super) created: String,
    /// When it last changed, or empty (then `created` is used).
    pub(super) modified: String,
    /// The offsets as the file wrote them, for messages (they may be UTF-16).
    pub(super) shown: (usize, usize),
}

/// Lays out `raw`: its lines in order, trimmed, blank ones dropped; the
/// first a [`BlockKind::Title`] when it reads like a headline and more lines
/// follow, every other a paragraph. Refused when there is no text.
pub(super) fn lay_out(raw: &str) -> Result<Laid, EmptyText> {
    let lines: Vec<&str> = raw.split('\n').collect();
    let kept: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let title = kept.len() > 1 && is_headline(kept[0]);
    let blocks = kept
        .iter()
        .enumerate()
        .map(|(i, l)| (if i == 0 && title { BlockKind::Title } else { BlockKind::Paragraph }, l.to_string()))
        .collect();
    let document = Document::from_blocks(blocks)?;

    // Walk the raw text once, giving each code point its canonical offset
    // when it is kept (inside a trimmed line) and none when it is dropped.
    let raw_chars: Vec<char> = raw.chars().collect();
    let mut canonical: Vec<Option<usize>> = Vec::with_capacity(raw_chars.len());
    let mut at = 0;
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            if !first {
                at += 1; // the line feed between two blocks
            }
            first = false;
            let lead = line[..line.len() - line.trim_start().len()].chars().count();
            let kept_len = trimmed.chars().count();
            let all = line.chars().count();
            canonical.extend(std::iter::repeat_n(None, lead));
            canonical.extend((at..at + kept_len).map(Some));
            canonical.extend(std::iter::repeat_n(None, all - lead - kept_len));
            at += kept_len;
        } else {
            canonical.extend(std::iter::repeat_n(None, line.chars().count()));
        }
        if i + 1 < lines.len() {
            canonical.push(None); // the raw line feed itself
        }
    }
    debug_assert_eq!(canonical.len(), raw_chars.len());
    debug_assert_eq!(at, document.len());

    let mut starts = vec![document.len(); raw_chars.len() + 1];
    for i in (0..raw_chars.len()).rev() {
        starts[i] = canonical[i].unwrap_or(starts[i + 1]);
    }
    let mut ends = vec![0; raw_chars.len() + 1];
    for i in 0..raw_chars.len() {
        ends[i + 1] = canonical[i].map_or(ends[i], |c| c + 1);
    }
    Ok(Laid { document, raw: raw_chars, starts, ends })
}

/// A line short enough, and without a sentence's end, to be a headline.
fn is_headline(line: &str) -> bool {
    line.chars().count() <= TITLE_CHARS && !line.ends_with(SENTENCE_END)
}

impl Laid {
    /// Length of the raw text in code points.
    pub(super) fn raw_len(&self) -> usize {
        self.raw.len()
    }

    /// The raw text's code points `start..end`, clamped.
    pub(super) fn raw_slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.raw.len());
        self.raw[start.min(end)..end].iter().collect()
    }

    /// Where raw `start..end` lies in the canonical text, edge whitespace
    /// dropped; `None` when nothing but whitespace (or nothing) is left.
    pub(super) fn place(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (start, end) = (self.starts[start.min(self.raw.len())], self.ends[end.min(self.raw.len())]);
        (start < end).then_some((start, end))
    }

    /// Every span the document can keep, as annotations on it; each span it
    /// can't (out of range, empty, only whitespace) is skipped and said in
    /// `problems`, prefixed `at` ("Line 3", "Task 2"), as is a span whose
    /// text is not the same once laid out (it crossed a blank line or a line
    /// break's spaces).
    pub(super) fn annotations(&self, spans: Vec<Span>, at: &str, problems: &mut Problems) -> Vec<Incoming> {
        let mut out = Vec::with_capacity(spans.len());
        for span in spans {
            let (a, b) = span.shown;
            let what = || format!("{at}: the {} span at {a}–{b}", span.tag.as_str());
            if span.start >= span.end {
                problems.add(BACKWARDS, || format!("{} does not start before it ends; it was skipped.", what()));
                continue;
            }
            if span.end > self.raw_len() {
                problems.add(PAST_END, || {
                    format!("{} ends past the end of the text ({} characters); it was skipped.", what(), self.raw_len())
                });
                continue;
            }
            let Some((start, end)) = self.place(span.start, span.end) else {
                problems.add(ONLY_SPACE, || format!("{} covers only spaces or line breaks; it was skipped.", what()));
                continue;
            };
            let raw = self.raw_slice(span.start, span.end);
            let quote = self.document.slice(start, end);
            if raw.trim() != quote {
                problems.add(CHANGED, || {
                    format!(
                        "{} changed its text when the lines were laid out: {} is now {}; it was kept.",
                        what(),
                        shown(&raw),
                        shown(quote)
                    )
                });
            }
            out.push(incoming(&self.document, span, start, end));
        }
        out
    }

    /// The title a file without one gets: its first line, shortened.
    pub(super) fn fallback_title(&self) -> String {
        text::shorten(self.document.block_text(0), TITLE_CHARS)
    }
}

/// The annotation `span` makes at canonical `start..end` of `doc`: quote
/// and context from the document, so they agree with what Tagmark shows.
fn incoming(doc: &Document, span: Span, start: usize, end: usize) -> Incoming {
    let modified = if span.modified.is_empty() { span.created.clone() } else { span.modified };
    Incoming {
        id: span.id,
        tag: span.tag,
        quote: doc.slice(start, end).to_string(),
        start,
        end,
        prefix: doc.slice(start.saturating_sub(CONTEXT_CHARS), start).to_string(),
        suffix: doc.slice(end, end + CONTEXT_CHARS).to_string(),
        created: span.created,
        modified,
        note: String::new(),
        source: None,
    }
}

/// How many annotations of `list` overlap another one of it: doccano drops
/// such spans, Tagmark keeps them and says how many there were.
pub(super) fn overlapping(list: &[Incoming]) -> usize {
    let mut ranges: Vec<(usize, usize)> = list.iter().map(|a| (a.start, a.end)).collect();
    crate::core::sort::ascending(&mut ranges);
    let mut overlapping = vec![false; ranges.len()];
    // The range reaching furthest so far, and which one it is.
    let mut reach: Option<(usize, usize)> = None;
    for (i, &(start, end)) in ranges.iter().enumerate() {
        if let Some((far, j)) = reach {
            if start < far {
                overlapping[i] = true;
                overlapping[j] = true;
            }
        }
        if reach.is_none_or(|(far, _)| end > far) {
            reach = Some((end, i));
        }
    }
    overlapping.into_iter().filter(|&o| o).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span(start: usize, end: usize) -> Span {
        Span { start, end, tag: Tag::Quote, id: format!("{start}-{end}"), created: "c".into(), modified: String::new(), shown: (start, end) }
    }

    #[test]
    fn lines_keep_their_order_and_a_short_first_line_is_the_title() {
        let laid = lay_out("  新闻标题 \r\n\n第一段。\n   \n第二段。").unwrap();
        assert_eq!(laid.document.text(), "新闻标题\n第一段。\n第二段。");
        assert_eq!(laid.document.stored_kinds(), "tpp");
        assert_eq!(lay_out("只有一行").unwrap().document.stored_kinds(), "p", "a single line is not a title");
        assert_eq!(lay_out("第一句话结束了。\n第二句。").unwrap().document.stored_kinds(), "pp");
        assert_eq!(lay_out(&format!("{}\n正文", "长".repeat(41))).unwrap().document.stored_kinds(), "pp");
        assert!(lay_out(" \n\t\n").is_err());
    }

    #[test]
    fn offsets_move_with_the_dropped_whitespace() {
        // raw: " 𠮷野\r\n\n 家好 " — 𠮷 is raw 1, 家 raw 7; canonical "𠮷野\n家好"
        let laid = lay_out(" 𠮷野\r\n\n 家好 ").unwrap();
        assert_eq!(laid.document.text(), "𠮷野\n家好");
        assert_eq!(laid.place(1, 3), Some((0, 2)));
        assert_eq!(laid.place(0, 4), Some((0, 2)), "edge whitespace dropped");
        assert_eq!(laid.place(7, 9), Some((3, 5)));
        assert_eq!(laid.place(2, 8), Some((1, 4)), "across the blank line");
        assert_eq!(laid.place(3, 7), None, "only whitespace");
        let mut problems = Problems::default();
        let list = laid.annotations(vec![span(2, 8), span(7, 9), span(7, 12), span(4, 4)], "Line 2", &mut problems);
        let problems = problems.into_sentences();
        assert_eq!(list.iter().map(|a| a.quote.as_str()).collect::<Vec<_>>(), ["野\n家", "家好"]);
        assert_eq!((list[1].prefix.as_str(), list[1].suffix.as_str(), list[1].modified.as_str()), ("𠮷野\n", "", "c"));
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("Line 2: the quote span at 2–8 changed its text"), "{}", problems[0]);
        assert_eq!(problems[1], "Line 2: the quote span at 7–12 ends past the end of the text (10 characters); it was skipped.");
        assert!(problems[2].contains("4–4 does not start before it ends"));
        assert_eq!(laid.fallback_title(), "𠮷野");
    }

    #[test]
    fn overlaps_are_counted_once_each() {
        let at = |s: usize, e: usize| incoming(&lay_out("abcdefghij").unwrap().document, span(s, e), s, e);
        assert_eq!(overlapping(&[at(0, 3), at(3, 5)]), 0, "touching is not overlapping");
        assert_eq!(overlapping(&[at(0, 3), at(2, 5), at(8, 9)]), 2);
        assert_eq!(overlapping(&[at(0, 9), at(1, 2), at(3, 4)]), 3);
    }

    proptest! {
        /// Whatever the raw text, a placed span covers exactly the raw span's
        /// kept characters, so a span never moves onto other words.
        #[test]
        fn placing_keeps_the_words_of_the_span(
            raw in "[中𠮷😀a \n\r\u{3000}]{1,30}",
            a in 0usize..32,
            b in 0usize..32,
        ) {
            if let Ok(laid) = lay_out(&raw) {
                let (start, end) = (a.min(b).min(laid.raw_len()), a.max(b).min(laid.raw_len()));
                let words = |s: &str| s.split_whitespace().collect::<String>();
                match laid.place(start, end) {
                    Some((s, e)) => prop_assert_eq!(words(laid.document.slice(s, e)), words(&laid.raw_slice(start, end))),
                    None => prop_assert_eq!(words(&laid.raw_slice(start, end)), ""),
                }
            }
        }
    }
}
