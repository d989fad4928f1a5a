//! The HTML reader's pure half: from the text of a page's block elements
//! (which a browser adapter finds in an inert parsed document) to blocks.
//! Only text arrives here, never markup, so nothing of the page is ever
//! rendered as HTML.

use crate::core::document::BlockKind;
use crate::core::readers::plain::is_cjk;

/// What a block element of a page is, as far as reading it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HtmlRole {
    /// The `<title>` in the head.
    Title,
    /// `<h1>` to `<h6>`, with its level.
    Heading(u8),
    /// A `<p>`, or a `<div>` holding text and no other blocks.
    Paragraph,
    /// Text inside a `<blockquote>`.
    Quote,
    /// A `<figcaption>` or `<caption>`.
    Caption,
    /// An `<li>`, `<dt>` or `<dd>`.
    ListItem,
    /// A `<pre>`: its line breaks are the author's, so they are kept.
    Preformatted,
}

/// The blocks of a page in document order. The first `<h1>` is the Title
/// (the `<title>` only stands in for a missing one, as it often carries
/// the site's name too, and never both when they say the same); white
/// space runs as the browser shows them, one space, none where a line
/// break falls between two CJK characters.
pub fn blocks(elements: Vec<(HtmlRole, String)>) -> Vec<(BlockKind, String)> {
    let first_h1 = elements.iter().position(|(role, text)| *role == HtmlRole::Heading(1) && !collapse(text).is_empty());
    let mut blocks = Vec::new();
    for (i, (role, text)) in elements.iter().enumerate() {
        let kind = match role {
            HtmlRole::Title if first_h1.is_some() => continue,
            HtmlRole::Title => BlockKind::Title,
            HtmlRole::Heading(_) if Some(i) == first_h1 => BlockKind::Title,
            HtmlRole::Heading(_) => BlockKind::Heading,
            HtmlRole::Paragraph | HtmlRole::ListItem => BlockKind::Paragraph,
            HtmlRole::Quote => BlockKind::Quote,
            HtmlRole::Caption => BlockKind::Caption,
            HtmlRole::Preformatted => {
                blocks.extend(text.lines().filter(|l| !l.trim().is_empty()).map(|l| (BlockKind::Paragraph, l.trim().to_string())));
                continue;
            }
        };
        let text = collapse(text);
        if text.is_empty() || (kind == BlockKind::Title && blocks.iter().any(|(k, _)| *k == BlockKind::Title)) {
            continue;
        }
        blocks.push((kind, text));
    }
    blocks
}

/// HTML white space (ASCII only: an ideographic space is text) collapsed
/// to one space, or to nothing where a line break joins two CJK characters,
/// as a browser lays the text out.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Option<bool> = None; // Some(had a line break) inside a run
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            let newline = matches!(c, '\n' | '\r');
            run = Some(run.unwrap_or(false) || newline);
            continue;
        }
        if let Some(newline) = run.take() {
            let cjk_seam = newline && out.ends_with(is_cjk) && is_cjk(c);
            if !out.is_empty() && !cjk_seam {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use HtmlRole as R;

    fn owned(blocks: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
        blocks.iter().map(|(k, t)| (*k, t.to_string())).collect()
    }

    fn els(elements: &[(HtmlRole, &str)]) -> Vec<(HtmlRole, String)> {
        elements.iter().map(|(r, t)| (*r, t.to_string())).collect()
    }

    #[test]
    fn roles_become_kinds_and_the_first_h1_is_the_title() {
        let read = blocks(els(&[
            (R::Title, "报道 - 某网站"),
            (R::Heading(1), " 报道 "),
            (R::Paragraph, "正文。"),
            (R::Heading(1), "Another h1"),
            (R::Heading(3), "小节"),
            (R::ListItem, "item"),
            (R::Quote, "引用"),
            (R::Caption, "A photo"),
        ]));
        assert_eq!(
            read,
            owned(&[
                (BlockKind::Title, "报道"),
                (BlockKind::Paragraph, "正文。"),
                (BlockKind::Heading, "Another h1"),
                (BlockKind::Heading, "小节"),
                (BlockKind::Paragraph, "item"),
                (BlockKind::Quote, "引用"),
                (BlockKind::Caption, "A photo"),
            ])
        );
    }

    #[test]
    fn the_head_title_stands_in_for_a_missing_h1_once() {
        let read = blocks(els(&[(R::Title, "Page"), (R::Heading(1), "  "), (R::Title, "Page"), (R::Paragraph, "Text")]));
        assert_eq!(read, owned(&[(BlockKind::Title, "Page"), (BlockKind::Paragraph, "Text")]));
    }

    #[test]
    fn white_space_collapses_as_a_browser_shows_it() {
        let read = blocks(els(&[
            (R::Paragraph, "  one\n\t two   three \n"),
            (R::Paragraph, "中文\n  接着写，𠮷野家😀\nand English"),
            (R::Paragraph, "全角\u{3000}空格 保留"),
            (R::Paragraph, " \n\t "),
        ]));
        assert_eq!(
            read,
            owned(&[
                (BlockKind::Paragraph, "one two three"),
                (BlockKind::Paragraph, "中文接着写，𠮷野家😀 and English"),
                (BlockKind::Paragraph, "全角\u{3000}空格 保留"),
            ])
        );
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let read = blocks(els(&[(R::Preformatted, "fn main() {\n    run();\n}\n")]));
        assert_eq!(read, owned(&[(BlockKind::Paragraph, "fn main() {"), (BlockKind::Paragraph, "run();"), (BlockKind::Paragraph, "}")]));
    }
}
