//! Finding the painted marks of an annotation in the article.

use wasm_bindgen::JsCast;
use web_sys::{Element, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

/// The `<mark>` elements of `article` that paint annotation `id`. Ids come
/// from files the reader imports, so they are compared as text, never put
/// into a selector.
pub fn marks_of(article: &Element, id: &str) -> Vec<Element> {
    naming(article, "mark[data-ids]", "data-ids", id)
}

/// The elements under `root` matching `selector` whose space-separated
/// `attribute` lists `name`.
fn naming(root: &Element, selector: &str, attribute: &str, name: &str) -> Vec<Element> {
    let Ok(all) = root.query_selector_all(selector) else { return Vec::new() };
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<Element>().ok())
        .filter(|el| el.get_attribute(attribute).is_some_and(|names| names.split(' ').any(|x| x == name)))
        .collect()
}

/// Scrolls the highlight into view and flashes it briefly.
pub fn reveal(article: &Element, id: &str) {
    let marks = marks_of(article, id);
    let Some(first) = marks.first() else { return };
    let options = ScrollIntoViewOptions::new();
    options.set_behavior(ScrollBehavior::Instant);
    options.set_block(ScrollLogicalPosition::Center);
    first.scroll_into_view_with_scroll_into_view_options(&options);
    // Runs of a long text far from the viewport have estimated heights until
    // they are laid out, which the scroll has just made them be: aim again.
    let again = first.clone();
    leptos::prelude::request_animation_frame(move || again.scroll_into_view_with_scroll_into_view_options(&options));
    for mark in &marks {
        let classes = mark.class_list();
        let _ = classes.remove_1("flash");
        // Reading layout restarts the CSS animation when the class comes back.
        let _ = mark.get_bounding_client_rect();
        let _ = classes.add_1("flash");
    }
}

/// Left and bottom edge of the first mark of `id`, in page coordinates.
pub fn anchor_of(article: &Element, id: &str) -> Option<(f64, f64)> {
    let marks = marks_of(article, id);
    let last = marks.last()?;
    let rect = last.get_bounding_client_rect();
    let (dx, dy) = crate::web::selection::page_offset();
    Some((rect.left() + dx, rect.bottom() + dy))
}

/// The block of `article` that starts at code point `block_start`.
fn block_at(article: &Element, block_start: usize) -> Option<Element> {
    // A number, never the reader's text, goes into the selector.
    article.query_selector(&format!("[data-start=\"{block_start}\"]")).ok().flatten()
}

/// The element where the suggestion `token` (see `Rejected::token`) begins,
/// in the block starting at `block_start`: only that block is searched, so
/// moving between suggestions costs a block, not the document.
pub fn suggestion_of(article: &Element, block_start: usize, token: &str) -> Option<Element> {
    naming(&block_at(article, block_start)?, "[data-sg-open]", "data-sg-open", token).into_iter().next()
}

/// Makes the suggestions of the block at `block_start` unfocusable again.
/// Only the one the reader moved to is focusable: a focusable one would
/// take the focus from the article whenever a drag began on it, and with it
/// the keys meant for the selection.
pub fn unfocus_suggestions(article: &Element, block_start: usize) {
    let Some(block) = block_at(article, block_start) else { return };
    let Ok(all) = block.query_selector_all("[data-sg-open][tabindex]") else { return };
    for i in 0..all.length() {
        if let Some(el) = all.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let _ = el.remove_attribute("tabindex");
        }
    }
}

/// Scrolls the suggestion `token` of the block at `block_start` into view
/// (if it is not) and gives it the focus; returns the left and bottom edge
/// of its first piece (page coordinates).
pub fn focus_suggestion(article: &Element, block_start: usize, token: &str) -> Option<(f64, f64)> {
    let element = suggestion_of(article, block_start, token)?;
    let _ = element.set_attribute("tabindex", "-1");
    let options = ScrollIntoViewOptions::new();
    options.set_behavior(ScrollBehavior::Instant);
    // Nearest: a suggestion clicked on screen stays where it is.
    options.set_block(ScrollLogicalPosition::Nearest);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    if let Some(html) = element.dyn_ref::<web_sys::HtmlElement>() {
        let focus = web_sys::FocusOptions::new();
        focus.set_prevent_scroll(true);
        let _ = html.focus_with_options(&focus);
    }
    let rect = element.get_bounding_client_rect();
    let (dx, dy) = crate::web::selection::page_offset();
    Some((rect.left() + dx, rect.bottom() + dy))
}
