//! The Markdown reader: the blocks a reader would see on the rendered page,
//! as plain text. Markup is dropped, never interpreted: an HTML tag in the
//! source is removed, not rendered, and a link keeps its text, not its
//! address. Hand-written, because a Markdown crate would cost the wasm more
//! than the little of CommonMark an annotator needs.

use crate::core::document::BlockKind;
use crate::core::readers::plain::join_broken;

mod inline;

use inline::inline;

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
    fn an_unmatched_or_intraword_delimiter_stays_text() {
        for (md, text) in [
            ("window.__pwned = 1", "window.__pwned = 1"),
            ("set window.__pwned, then **go**", "set window.__pwned, then go"),
            ("snake_case_name", "snake_case_name"),
            ("a __snake__case and _x_y", "a __snake__case and _x_y"),
            ("调用__init__方法", "调用__init__方法"),
            // CommonMark reads a sentence's __init__ as strong emphasis: the page shows "init".
            ("Python calls __init__ first", "Python calls init first"),
            ("a * b * c", "a * b * c"),
            ("2*3 and **unclosed", "2*3 and **unclosed"),
            ("**bold** __bold__ *em* _em_", "bold bold em em"),
            ("***both*** and **nested *em* in** it", "both and nested em in it"),
            ("*a **b** c*", "a b c"),
            ("**a*", "*a"),
            ("*a**", "a*"),
            ("*foo**bar**baz*", "foobarbaz"),
            ("1~3 km and ~~gone~~ and ~~open", "1~3 km and gone and ~~open"),
            ("“**重要**”与**见闻**，", "“重要”与见闻，"),
        ] {
            assert_eq!(inline(md), text, "{md}");
        }
    }

    #[test]
    fn a_long_line_of_lone_delimiters_is_read_in_linear_time() {
        // Quadratic pairing would take minutes on these.
        for piece in ["*a _b ", "a* b_ ", "*a* _b ", "**a* ", "*a ** "] {
            let line = piece.repeat(50_000);
            assert!(inline(&line).len() <= line.len(), "{piece}");
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
