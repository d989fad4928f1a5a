//! The block elements of an HTML page, found by the browser's own parser
//! in an inert document: `DOMParser` builds it with scripting off, so no
//! script or event handler runs, nothing loads and nothing of it is ever
//! put into the page. Only text leaves this module.

use crate::core::readers::html::HtmlRole;
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

/// What a reader never sees as the text: code, styles, embedded objects,
/// forms and the site's navigation.
const SKIPPED: &str = "script, style, noscript, template, nav, aside, svg, iframe, object, embed, form, button, select, dialog, canvas, audio, video";

/// Elements that start a block of their own.
const BLOCKS: &str = "address, article, aside, blockquote, center, dd, details, div, dl, dt, fieldset, figcaption, figure, footer, form, h1, h2, h3, h4, h5, h6, header, hgroup, hr, li, main, nav, ol, p, pre, section, summary, table, caption, thead, tbody, tfoot, tr, td, th, ul";

/// The text of every block element of `html` in document order, with its
/// role: the `<title>`, then the blocks of the page's `<article>` (or
/// `<main>`, or the whole body). A block inside a `<blockquote>` is a
/// Quote; text standing directly in a container is a Paragraph.
pub fn elements(html: &str) -> Vec<(HtmlRole, String)> {
    let Some(doc) = DomParser::new().ok().and_then(|p| p.parse_from_string(html, SupportedType::TextHtml).ok()) else {
        return Vec::new();
    };
    for_each(&doc.query_selector_all(SKIPPED), |el| el.remove());
    // A page's header and footer are its chrome; an article's are its own.
    for_each(&doc.query_selector_all("header, footer"), |el| {
        if el.parent_element().and_then(|p| p.closest("article, main").ok().flatten()).is_none() {
            el.remove();
        }
    });
    // A line break separates words as a space does; `text_content` would glue them.
    for_each(&doc.query_selector_all("br"), |el| {
        let _ = el.replace_with_with_str_1("\n");
    });
    let mut out = Vec::new();
    if let Some(title) = doc.query_selector("title").ok().flatten() {
        out.push((HtmlRole::Title, title.text_content().unwrap_or_default()));
    }
    let root = ["article", "main", "body"].into_iter().find_map(|s| doc.query_selector(s).ok().flatten());
    if let Some(root) = root {
        walk(&root, false, &mut out);
    }
    out
}

fn for_each(list: &Result<web_sys::NodeList, wasm_bindgen::JsValue>, mut f: impl FnMut(&Element)) {
    let Ok(list) = list else { return };
    // A static list: removing an element does not shift the rest.
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            f(&el);
        }
    }
}

/// Reads the children of a container: each block child by its role, and
/// the inline text between them as one Paragraph (or Quote) each run.
fn walk(container: &Element, quote: bool, out: &mut Vec<(HtmlRole, String)>) {
    let plain = if quote { HtmlRole::Quote } else { HtmlRole::Paragraph };
    let mut inline = String::new();
    let flush = |inline: &mut String, out: &mut Vec<(HtmlRole, String)>| {
        if !inline.trim().is_empty() {
            out.push((plain, std::mem::take(inline)));
        }
        inline.clear();
    };
    let children = container.child_nodes();
    for i in 0..children.length() {
        let Some(node) = children.item(i) else { continue };
        if node.node_type() == Node::TEXT_NODE {
            inline.push_str(&node.text_content().unwrap_or_default());
            continue;
        }
        let Ok(el) = node.dyn_into::<Element>() else { continue };
        let tag = el.tag_name().to_ascii_lowercase();
        let has_blocks = el.query_selector(BLOCKS).ok().flatten().is_some();
        if !has_blocks && !el.matches(BLOCKS).unwrap_or(false) {
            inline.push_str(&el.text_content().unwrap_or_default());
            continue;
        }
        flush(&mut inline, out);
        let text = || el.text_content().unwrap_or_default();
        let level = tag.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=6).contains(n));
        match (tag.as_str(), level) {
            (_, Some(level)) => out.push((if quote { HtmlRole::Quote } else { HtmlRole::Heading(level) }, text())),
            ("pre", _) => out.push((HtmlRole::Preformatted, text())),
            ("figcaption" | "caption", _) if !has_blocks => out.push((HtmlRole::Caption, text())),
            ("blockquote", _) => walk(&el, true, out),
            ("li" | "dt" | "dd", _) if !has_blocks => out.push((if quote { HtmlRole::Quote } else { HtmlRole::ListItem }, text())),
            ("hr", _) => {}
            _ if has_blocks => walk(&el, quote, out),
            _ => out.push((plain, text())),
        }
    }
    flush(&mut inline, out);
}
