//! The plain-text reader: how a `.txt` file becomes blocks. It knows the
//! layout of a news feature (title, dek, section heads, paragraphs broken by
//! the page layout, a caption in another language, a credit line) and reads
//! any other text as a title when its first line is short, then one
//! paragraph a line (or a paragraph a group, when the lines were wrapped at
//! a fixed width).

use crate::core::document::BlockKind;

const SENTENCE_ENDS: &[char] = &[
    '。', '！', '？', '…', '”', '’', '；', '：', '—', '）', ')', '》', '」', '』', '.', '!', '?',
    ';', ':', '"', '\'',
];

/// The blocks of a plain-text source, in reading order (title and subtitle
/// first). Empty when the source has nothing but whitespace. Without a
/// short first line (or a headline over a `——` dek) there is no Title
/// block, and the caller names the text some other way.
pub fn blocks(source: &str) -> Vec<(BlockKind, String)> {
    let mut lines = source_lines(source);
    if is_hard_wrapped(&lines) {
        lines = unwrap(lines);
    }
    let han_text = is_mostly_han(&lines);
    let title_at = title_at(&lines, han_text);
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
        } else if is_heading(&line.text) || is_standalone_head(&lines, i, han_text) {
            BlockKind::Heading
        } else if is_foreign(&line.text, han_text) {
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
            Some((prev_kind, prev))
                if line.after_blank
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
    front
}

struct SourceLine {
    text: String,
    after_blank: bool,
    before_blank: bool,
}

/// Non-blank lines, trimmed, with whether a blank line (or the start or
/// end of the file) stands on either side. A line may end in LF, CRLF or
/// a lone CR (old Mac files), so each of them ends a line exactly once.
fn source_lines(source: &str) -> Vec<SourceLine> {
    let mut lines: Vec<SourceLine> = Vec::new();
    // The start of the file separates like a blank line.
    let mut after_blank = true;
    for raw in source.replace("\r\n", "\n").split(['\n', '\r']) {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            after_blank = true;
            continue;
        }
        if let Some(prev) = lines.last_mut() {
            prev.before_blank = after_blank;
        }
        lines.push(SourceLine { text: trimmed.to_string(), after_blank, before_blank: true });
        after_blank = false;
    }
    lines
}

/// Where the headline is: the first line when it is short and not a
/// sentence, or else a headline over a `——` dek with a standfirst before
/// it (the news-feature layout). A text opening with a long line has none.
fn title_at(lines: &[SourceLine], han_text: bool) -> Option<usize> {
    if lines.first().is_some_and(|l| is_title(l, han_text)) {
        return Some(0);
    }
    (1..lines.len()).find(|&i| {
        is_title(&lines[i], han_text) && lines.get(i + 1).is_some_and(|next| next.text.starts_with('—'))
    })
}

/// True when the lines were wrapped at a fixed width, as e-texts and
/// mail often are: most lines running straight into the next are about as
/// long as the longest and stop mid-sentence.
fn is_hard_wrapped(lines: &[SourceLine]) -> bool {
    let width = lines.iter().map(|l| l.text.chars().count()).max().unwrap_or(0);
    if !(40..=120).contains(&width) {
        return false;
    }
    let seams: Vec<&SourceLine> = lines.iter().filter(|l| !l.before_blank).collect();
    let full = seams.iter().filter(|l| l.text.chars().count() * 10 >= width * 6).count();
    let open = seams.iter().filter(|l| !l.text.ends_with(SENTENCE_ENDS)).count();
    seams.len() >= 3 && full * 10 >= seams.len() * 8 && open * 2 >= seams.len()
}

/// Joins each run of lines between blank lines into one line, except a
/// short first line: the title over the text.
fn unwrap(lines: Vec<SourceLine>) -> Vec<SourceLine> {
    let width = lines.iter().map(|l| l.text.chars().count()).max().unwrap_or(0);
    let mut joined: Vec<SourceLine> = Vec::new();
    for line in lines {
        let first_is_short_title = joined.len() == 1 && joined[0].text.chars().count() * 2 < width;
        match joined.last_mut() {
            Some(prev) if !line.after_blank && !first_is_short_title => {
                join_broken(&mut prev.text, &line.text);
                prev.before_blank = line.before_blank;
            }
            _ => joined.push(line),
        }
    }
    joined
}

/// True when most letters are Han: then a line in Latin script is a
/// caption or a note in another language, not the text itself.
fn is_mostly_han(lines: &[SourceLine]) -> bool {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in lines.iter().flat_map(|l| l.text.chars()).filter(|c| c.is_alphabetic()) {
        letters += 1;
        han += usize::from(is_han(c));
    }
    han * 2 > letters
}

/// A CJK ideograph (the unified blocks and their extensions, astral ones included).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Joins two pieces of one paragraph: nothing between two Han characters
/// (Chinese has no spaces), a space between two words in Latin script.
pub(crate) fn join_broken(prev: &mut String, next: &str) {
    let latin_seam = prev.ends_with(|c: char| !is_cjk(c) && !c.is_whitespace())
        && next.starts_with(|c: char| !is_cjk(c) && !c.is_whitespace());
    if latin_seam {
        prev.push(' ');
    }
    prev.push_str(next);
}

/// Han, kana, Hangul and the full-width punctuation that goes with them:
/// characters written without spaces between them.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{30ff}' | '\u{ac00}'..='\u{d7af}' | '\u{ff00}'..='\u{ffef}' | '\u{2014}' | '\u{2026}' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}')
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

/// A short line that is not a sentence, set off by blank lines on both
/// sides with more text after it: a section head in any text.
fn is_standalone_head(lines: &[SourceLine], i: usize, han_text: bool) -> bool {
    let line = &lines[i];
    i > 0 && i + 1 < lines.len() && line.before_blank && is_title(line, han_text) && !line.text.starts_with('—')
}

fn is_title(line: &SourceLine, han_text: bool) -> bool {
    let len = line.text.chars().count();
    let longest = if line.text.chars().any(is_cjk) { 40 } else { 80 };
    line.after_blank
        && (2..=longest).contains(&len)
        && !is_heading(&line.text)
        && !is_foreign(&line.text, han_text)
        && !line.text.starts_with('—')
        && !line.text.ends_with(SENTENCE_ENDS)
}

fn is_source_line(line: &str) -> bool {
    let wrapped = (line.starts_with('(') && line.ends_with(')'))
        || (line.starts_with('（') && line.ends_with('）'));
    wrapped && !is_heading(line)
}

/// A line mostly in Latin script inside a Chinese text: the photo description.
fn is_foreign(line: &str, han_text: bool) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let latin = line.chars().filter(|c| c.is_ascii_alphabetic()).count();
    han_text && letters >= 20 && latin * 10 >= letters * 8
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::*;

    fn read(source: &str) -> Vec<(BlockKind, String)> {
        blocks(source)
    }

    fn owned(blocks: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
        blocks.iter().map(|(k, t)| (*k, t.to_string())).collect()
    }

    #[test]
    fn the_shipped_article_reads_as_it_always_did() {
        let doc = crate::core::document::Document::parse(crate::core::document::ARTICLE).unwrap();
        assert_eq!(doc.id(), "doc-37fb078fe7ca1d9e", "the article's identity keys every stored annotation");
        assert_eq!(
            doc.stored_kinds(),
            "tsllllchpppppppppppppppppppppppppppphppppppppppppppppppppppppppppppppppphpppppppppppppppppppppppppppppppr"
        );
    }

    #[test]
    fn an_english_text_has_a_title_heads_and_a_paragraph_a_line() {
        let source = "A Walk in the Park\n\nWe left early. The sun was up.\nBy noon we were home.\n\nThe Way Back\n\nIt rained.";
        assert_eq!(
            read(source),
            owned(&[
                (Title, "A Walk in the Park"),
                (Paragraph, "We left early. The sun was up."),
                (Paragraph, "By noon we were home."),
                (Heading, "The Way Back"),
                (Paragraph, "It rained."),
            ])
        );
    }

    #[test]
    fn a_latin_line_is_a_caption_only_in_a_chinese_text() {
        let english = "Notes\n\nThis line is entirely written in English letters here.";
        assert_eq!(read(english)[1].0, Paragraph);
        let chinese = "说明\n\n这是一段中文正文，写了很多很多的字，足够多的汉字。\n第二段也是中文，写了很多很多的字，足够多的汉字。\nPhoto by Li Ming at the river.";
        assert_eq!(read(chinese)[3].0, Caption);
    }

    #[test]
    fn a_chinese_text_without_a_dek_takes_its_first_short_line_as_title() {
        let source = "春天来了\n\n柳树发芽了，桃花开了。\n小燕子从南方飞回来了。";
        assert_eq!(
            read(source),
            owned(&[(Title, "春天来了"), (Paragraph, "柳树发芽了，桃花开了。"), (Paragraph, "小燕子从南方飞回来了。")])
        );
    }

    #[test]
    fn a_text_opening_with_a_long_line_has_no_title() {
        let source = "This text begins straight away with a sentence, so nothing in it is a title.\n\nShort line\n\nMore text.";
        let read = read(source);
        assert!(read.iter().all(|(k, _)| *k != Title), "{read:?}");
        assert_eq!(read[0].0, Paragraph);
        assert!(read.iter().all(|(k, _)| *k != Lead), "a lead only stands before a headline");
        let long = "这一行很长很长没有标点符号但是超过了四十个字所以它不可能是一个标题而只能是一段正文的开头部分啊";
        assert_eq!(blocks(&format!("{long}\n\n短行\n\n正文。"))[0], (Paragraph, long.to_string()));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_like_lf() {
        let lf = read("标题\n\n第一段。\n第二段。\n");
        assert_eq!(read("标题\r\n\r\n第一段。\r\n第二段。\r\n"), lf);
        assert_eq!(read("标题\r\r第一段。\r第二段。\r"), lf);
        assert_eq!(lf.len(), 3);
        // A CRLF is one line end, not a line end and a blank line.
        assert_eq!(read("Title\r\nBody text one.\r\nBody two."), read("Title\nBody text one.\nBody two."));
    }

    #[test]
    fn astral_hanzi_and_emoji_are_kept_and_counted_as_one_character() {
        let read = read("𠮷野家😀\n\n𠮷野家在东京开了新店😀。");
        assert_eq!(read, owned(&[(Title, "𠮷野家😀"), (Paragraph, "𠮷野家在东京开了新店😀。")]));
        assert!(is_han('𠮷'));
    }

    #[test]
    fn a_text_wrapped_at_a_fixed_width_is_joined_back_into_paragraphs() {
        let source = "The Letter\n\n\
            It was a long letter, written in a small hand that ran across\n\
            the page without a margin, and she read it twice before she put\n\
            it down on the table by the window.\n\n\
            Then she went out into the garden, where the light was going and\n\
            the birds had stopped singing for the night.";
        assert_eq!(
            read(source),
            owned(&[
                (Title, "The Letter"),
                (Paragraph, "It was a long letter, written in a small hand that ran across the page without a margin, and she read it twice before she put it down on the table by the window."),
                (Paragraph, "Then she went out into the garden, where the light was going and the birds had stopped singing for the night."),
            ])
        );
    }

    #[test]
    fn a_poem_keeps_its_lines() {
        let source = "静夜思\n\n床前明月光\n疑是地上霜\n举头望明月\n低头思故乡";
        assert_eq!(read(source).len(), 5);
    }

    #[test]
    fn a_paragraph_broken_mid_sentence_by_a_blank_line_is_joined() {
        assert_eq!(read("标题\n\n第一段。\n他们说\n\n这是一句话。")[2], (Paragraph, "他们说这是一句话。".to_string()));
        assert_eq!(read("Title here\n\nOne.\nthe first half of\n\nthe sentence.")[2].1, "the first half of the sentence.");
        // Standing alone between blank lines, a short line is a head instead.
        assert_eq!(read("标题\n\n第一段。\n\n他们说\n\n这是一句话。")[2], (Heading, "他们说".to_string()));
    }

    #[test]
    fn whitespace_only_has_no_blocks() {
        assert!(read(" \r\n\t\r \u{3000}").is_empty());
    }
}
