//! The plain-text reader: how a `.txt` file becomes blocks. It follows the
//! layout of a news feature (title, dek, section heads, paragraphs broken by
//! the page layout, a caption in another language, a credit line).

use crate::core::document::BlockKind;

const SENTENCE_ENDS: &[char] = &[
    '。', '！', '？', '…', '”', '’', '；', '：', '—', '）', ')', '》', '」', '』', '.', '!', '?',
    ';', ':', '"', '\'',
];

/// The blocks of a plain-text source, in reading order (title and subtitle
/// first). Empty when the source has nothing but whitespace.
pub fn blocks(source: &str) -> Vec<(BlockKind, String)> {
    let lines = source_lines(source);
    let title_at = lines.iter().position(is_title);
    let subtitle_at = title_at
        .map(|t| t + 1)
        .filter(|&s| lines.get(s).is_some_and(|l| l.text.starts_with('—')));
    let source_at = lines
        .len()
        .checked_sub(1)
        .filter(|&i| is_source_line(&lines[i].text));

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
        lines.push(SourceLine {
            text: trimmed.to_string(),
            after_blank,
        });
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
