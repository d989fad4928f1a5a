//! The Markdown reader: the blocks a reader would see on the rendered page,
//! as plain text. Markup is dropped, never interpreted: an HTML tag in the
//! source is removed, not rendered, and a link keeps its text, not its
//! address. Hand-written, because a Markdown crate would cost the wasm more
//! than the little of CommonMark an annotator needs.

use crate::core::document::BlockKind;
use crate::core::readers::plain::join_broken;

/// The blocks of a Markdown source in source order: the first level-1
/// heading is the Title, other headings are Headings, `>` quotes are
/// Quotes, each list item and each line of code is a Paragraph. YAML
/// front matter, reference definitions, thematic breaks and HTML comments
/// are dropped.
pub fn blocks(source: &str) -> Vec<(BlockKind, String)> {
    let source = source.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = Reader::default();
    let mut lines = source.split('\n').peekable();
    if lines.peek().is_some_and(|l| l.trim_end() == "---") {
        // Without a closing fence it was a thematic break, not front matter.
        let is_fence = |l: &str| matches!(l.trim_end(), "---" | "...");
        if lines.clone().skip(1).any(is_fence) {
            lines.next();
            lines.by_ref().find(|l| is_fence(l));
        }
    }
    for line in lines {
        reader.line(line);
    }
    reader.flush();
    reader.blocks
}

#[derive(Default)]
struct Reader {
    blocks: Vec<(BlockKind, String)>,
    /// The lines of the paragraph, quote or list item being read.
    open: Vec<String>,
    open_kind: Option<BlockKind>,
    /// The fence character and length of the code block being read.
    fence: Option<(char, usize)>,
    in_comment: bool,
    has_title: bool,
}

impl Reader {
    fn line(&mut self, line: &str) {
        if let Some((ch, len)) = self.fence {
            let t = line.trim();
            if t.len() >= len && t.chars().all(|c| c == ch) {
                self.fence = None;
            } else {
                self.blocks.push((BlockKind::Paragraph, line.trim().to_string()));
            }
            return;
        }
        if self.in_comment {
            if let Some(end) = line.find("-->") {
                self.in_comment = false;
                self.line(&line[end + 3..]);
            }
            return;
        }
        let indent = line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum::<usize>();
        let body = line.trim_start();
        if body.is_empty() {
            self.flush();
            return;
        }
        if indent >= 4 && self.open_kind.is_none() {
            self.blocks.push((BlockKind::Paragraph, body.trim_end().to_string()));
            return;
        }
        if indent >= 4 {
            // A continuation of the open paragraph or list item.
            self.open.push(body.to_string());
            return;
        }
        if let Some(fence) = fence_of(body) {
            self.flush();
            self.fence = Some(fence);
            return;
        }
        if body.starts_with("<!--") && !body.contains("-->") {
            self.flush();
            self.in_comment = true;
            return;
        }
        if let Some(level) = setext_level(body).filter(|_| self.open_kind == Some(BlockKind::Paragraph)) {
            let text = std::mem::take(&mut self.open);
            self.open_kind = None;
            self.heading(level, &join(&text));
            return;
        }
        if is_thematic_break(body) {
            self.flush();
            return;
        }
        if let Some((level, text)) = atx_heading(body) {
            self.flush();
            self.heading(level, text);
            return;
        }
        if let Some(quoted) = strip_quote(body) {
            if self.open_kind != Some(BlockKind::Quote) {
                self.flush();
            }
            if quoted.trim().is_empty() {
                self.flush();
            } else {
                self.start(BlockKind::Quote);
                self.open.push(quoted.trim_start_matches(['#', ' ']).to_string());
            }
            return;
        }
        if let Some(item) = list_item(body) {
            self.flush();
            self.start(BlockKind::Paragraph);
            self.open.push(item.to_string());
            return;
        }
        if self.open_kind.is_none() && is_reference_definition(body) {
            return;
        }
        // A plain line: starts a paragraph or continues the open block
        // (lazily, as CommonMark lets a quote or list item run on).
        self.start(BlockKind::Paragraph);
        self.open.push(body.to_string());
    }

    fn start(&mut self, kind: BlockKind) {
        if self.open_kind.is_none() {
            self.open_kind = Some(kind);
        }
    }

    fn heading(&mut self, level: usize, text: &str) {
        let kind = if level == 1 && !self.has_title {
            self.has_title = true;
            BlockKind::Title
        } else {
            BlockKind::Heading
        };
        self.blocks.push((kind, inline(text).trim().to_string()));
    }

    fn flush(&mut self) {
        if let Some(kind) = self.open_kind.take() {
            let text = join(&std::mem::take(&mut self.open));
            self.blocks.push((kind, inline(&text).trim().to_string()));
        }
    }
}

/// The lines of one block joined as a browser lays them out: a hard break
/// (two trailing spaces or a backslash) stays a line break, any other line
/// end is a space between words and nothing between CJK characters.
fn join(lines: &[String]) -> String {
    let mut text = String::new();
    let mut hard = true;
    for line in lines {
        let trimmed = line.trim_end();
        let next_hard = line.ends_with("  ") || (trimmed.ends_with('\\') && !trimmed.ends_with("\\\\"));
        let trimmed = if trimmed.ends_with('\\') && next_hard { &trimmed[..trimmed.len() - 1] } else { trimmed };
        if hard {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(trimmed.trim_start());
        } else {
            join_broken(&mut text, trimmed.trim_start());
        }
        hard = next_hard;
    }
    text
}

fn fence_of(body: &str) -> Option<(char, usize)> {
    let ch = body.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = body.chars().take_while(|c| *c == ch).count();
    (len >= 3 && !(ch == '`' && body[len..].contains('`'))).then_some((ch, len))
}

fn setext_level(body: &str) -> Option<usize> {
    let t = body.trim_end();
    if !t.is_empty() && t.chars().all(|c| c == '=') {
        Some(1)
    } else if !t.is_empty() && t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

fn is_thematic_break(body: &str) -> bool {
    let marks: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && ['-', '*', '_'].iter().any(|m| marks.iter().all(|c| c == m))
}

fn atx_heading(body: &str) -> Option<(usize, &str)> {
    let level = body.chars().take_while(|c| *c == '#').count();
    let rest = &body[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    // A closing run of `#` goes too, when a space sets it apart.
    let closed = text.trim_end_matches('#');
    let text = if closed.is_empty() || closed.ends_with([' ', '\t']) { closed.trim_end() } else { text };
    Some((level, text))
}

/// The text after every `>` of a (nested) block quote line.
fn strip_quote(body: &str) -> Option<&str> {
    let mut rest = body.strip_prefix('>')?;
    loop {
        rest = rest.strip_prefix(' ').unwrap_or(rest);
        match rest.trim_start().strip_prefix('>') {
            Some(inner) => rest = inner,
            None => return Some(rest),
        }
    }
}

/// The text of a bullet or numbered list item, without a task box.
fn list_item(body: &str) -> Option<&str> {
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    let rest = if digits > 0 && digits <= 9 {
        body[digits..].strip_prefix(['.', ')'])?
    } else {
        body.strip_prefix(['-', '+', '*'])?
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim_start();
    for task in ["[ ] ", "[x] ", "[X] "] {
        if let Some(text) = rest.strip_prefix(task) {
            return Some(text);
        }
    }
    Some(rest)
}

/// `[label]: destination`, which a rendered page never shows.
fn is_reference_definition(body: &str) -> bool {
    body.starts_with('[') && body.find("]:").is_some_and(|at| at > 1 && !body[..at].contains(']'))
}

/// The text of a line of inline Markdown as the rendered page shows it:
/// emphasis, code ticks, link targets, images (all but their alt text),
/// autolink brackets, HTML tags and escapes dropped, entities decoded.
pub(crate) fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let run = run_of(&chars, i, '`');
                match find_run(&chars, i + run, '`', run) {
                    Some(close) => {
                        let code: String = chars[i + run..close].iter().collect();
                        let code = code.replace('\n', " ");
                        let stripped = code.strip_prefix(' ').and_then(|c| c.strip_suffix(' '));
                        out.push_str(stripped.filter(|s| !s.trim().is_empty()).unwrap_or(&code));
                        i = close + run;
                    }
                    None => {
                        chars[i..i + run].iter().for_each(|c| out.push(*c));
                        i += run;
                    }
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link(&chars, i + 1) {
                Some((label, end)) => {
                    out.push_str(&inline(&label));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link(&chars, i) {
                Some((label, end)) => {
                    out.push_str(&inline(&label));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match tag_end(&chars, i) {
                Some((end, autolink)) => {
                    if autolink {
                        chars[i + 1..end - 1].iter().for_each(|c| out.push(*c));
                    }
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '&' => match entity(&chars, i) {
                Some((decoded, end)) => {
                    out.push(decoded);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' | '_' | '~' => {
                let run = run_of(&chars, i, c);
                let before = i.checked_sub(1).map(|b| chars[b]);
                let after = chars.get(i + run).copied();
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let flanking = !space(after) || !space(before);
                // Inside a word, `_` is a letter (snake_case), `*` still emphasis.
                let delimiter = match c {
                    '_' => flanking && !(word(before) && word(after)),
                    '~' => run == 2 && flanking,
                    _ => flanking,
                };
                if !delimiter {
                    chars[i..i + run].iter().for_each(|c| out.push(*c));
                }
                i += run;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn run_of(chars: &[char], at: usize, c: char) -> usize {
    chars[at..].iter().take_while(|x| **x == c).count()
}

/// Where a run of exactly `len` of `c` starts, from `from` on.
fn find_run(chars: &[char], from: usize, c: char, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == c {
            let run = run_of(chars, i, c);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// A link or image at the `[` at `open`: its label and the index past it.
/// `[text](url)`, `[text][ref]` and `[text][]` all keep their text.
fn link(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut depth = 0;
    let mut close = None;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let close = close?;
    let label: String = chars[open + 1..close].iter().collect();
    let (end_char, after) = match chars.get(close + 1) {
        Some('(') => (')', close + 2),
        Some('[') => (']', close + 2),
        _ => return None,
    };
    let mut parens = 0;
    for (j, &c) in chars.iter().enumerate().skip(after) {
        if c == '(' && end_char == ')' {
            parens += 1;
        } else if c == end_char {
            if parens == 0 {
                return Some((label, j + 1));
            }
            parens -= 1;
        }
    }
    None
}

/// The index past an HTML tag, comment or autolink at `<`, and whether it
/// was an autolink (whose text the page shows).
fn tag_end(chars: &[char], open: usize) -> Option<(usize, bool)> {
    let close = open + chars[open..].iter().position(|c| *c == '>')?;
    let inner: String = chars[open + 1..close].iter().collect();
    if inner.starts_with("!--") {
        let rest: String = chars[open..].iter().collect();
        let end = rest.find("-->")?;
        return Some((open + rest[..end].chars().count() + 3, false));
    }
    let autolink = !inner.contains(char::is_whitespace)
        && (inner.contains("://") || inner.starts_with("mailto:") || (inner.contains('@') && !inner.starts_with('/')));
    let name = inner.strip_prefix('/').unwrap_or(&inner);
    let tag = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().take_while(|c| !c.is_whitespace() && *c != '/').all(|c| c.is_ascii_alphanumeric() || c == '-');
    (autolink || tag).then_some((close + 1, autolink))
}

/// A named or numeric character reference at `&`: the character and the index past it.
fn entity(chars: &[char], at: usize) -> Option<(char, usize)> {
    let semi = at + chars[at..].iter().take(12).position(|c| *c == ';')?;
    let name: String = chars[at + 1..semi].iter().collect();
    let decoded = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((decoded, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::*;

    fn owned(blocks: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
        blocks.iter().map(|(k, t)| (*k, t.to_string())).collect()
    }

    #[test]
    fn headings_the_first_h1_is_the_title() {
        let md = "# 标题 #\n\n## Section ##\n\nText.\n\n# Second top\n\nSetext\n======\n\nSub\n---";
        assert_eq!(
            blocks(md),
            owned(&[
                (Title, "标题"),
                (Heading, "Section"),
                (Paragraph, "Text."),
                (Heading, "Second top"),
                (Heading, "Setext"),
                (Heading, "Sub"),
            ])
        );
        assert_eq!(blocks("Top\n===\n\n# Later")[0], (Title, "Top".into()));
        assert_eq!(blocks("#hashtag")[0], (Paragraph, "#hashtag".into()), "no space: not a heading");
    }

    #[test]
    fn paragraph_lines_join_with_a_space_in_latin_and_nothing_in_cjk() {
        assert_eq!(blocks("one\ntwo\n\n中文\n接着写。"), owned(&[(Paragraph, "one two"), (Paragraph, "中文接着写。")]));
        assert_eq!(blocks("a line  \nbroken\\\nhard"), owned(&[(Paragraph, "a line\nbroken\nhard")]));
    }

    #[test]
    fn quotes_lists_and_code() {
        let md = "> 引用的话\n> 继续。\n>\n> > second\nlazy\n\n- one\n- [x] two\n  more\n1. first\n2) second\n\n```rust\nlet *a* = 1;\n```\n\n    indented `code`\n";
        assert_eq!(
            blocks(md),
            owned(&[
                (Quote, "引用的话继续。"),
                (Quote, "second lazy"),
                (Paragraph, "one"),
                (Paragraph, "two more"),
                (Paragraph, "first"),
                (Paragraph, "second"),
                (Paragraph, "let *a* = 1;"),
                (Paragraph, "indented `code`"),
            ])
        );
    }

    #[test]
    fn front_matter_breaks_definitions_and_comments_are_dropped() {
        let md = "---\ntitle: x\ndate: 2024\n---\n# T\n\n***\n\n[ref]: https://example.com\n\n<!-- a\ncomment -->\n<div>\ntext <b>bold</b>\n</div>";
        assert_eq!(blocks(md), owned(&[(Title, "T"), (Paragraph, "text bold")]));
        assert_eq!(blocks("---\nnot front matter"), owned(&[(Paragraph, "not front matter")]));
    }

    #[test]
    fn inline_markup_leaves_only_the_text() {
        for (md, text) in [
            ("*em* and **strong** and _u_ and __uu__ and ~~gone~~", "em and strong and u and uu and gone"),
            ("snake_case_name and 2 * 3", "snake_case_name and 2 * 3"),
            ("`a *b*` and `` x ` y ``", "a *b* and x ` y"),
            ("[the *text*](https://x.org/(a)) [ref][r] [bare][]", "the text ref bare"),
            ("![alt text](img.png \"t\") end", "alt text end"),
            ("<https://example.com> <me@example.com>", "https://example.com me@example.com"),
            ("\\*not em\\* \\[x\\]", "*not em* [x]"),
            ("<span class=\"x\">in</span><!-- c --> 1 < 2", "in 1 < 2"),
            ("&lt;b&gt; &amp; &#21513; &#x20BB7; &bogus;", "<b> & 吉 𠮷 &bogus;"),
            ("𠮷野家😀**好**", "𠮷野家😀好"),
        ] {
            assert_eq!(inline(md), text, "{md}");
        }
    }

    #[test]
    fn crlf_sources_read_like_lf() {
        assert_eq!(blocks("# T\r\n\r\nline one\r\nline two\r\n"), blocks("# T\n\nline one\nline two\n"));
        assert!(blocks("# T\r\rline\r").iter().all(|(_, t)| !t.contains('\r')));
    }

    #[test]
    fn an_unclosed_fence_keeps_the_rest_as_text() {
        assert_eq!(blocks("```\n# not a heading"), owned(&[(Paragraph, "# not a heading")]));
    }
}
