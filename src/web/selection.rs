//! The browser's text selection, as code point offsets into the canonical text.
//!
//! Every rendered block carries `data-start` (its first code point) and its
//! DOM text is exactly the block's canonical text, so a boundary inside a
//! block is `data-start` plus the code points between the block's start and
//! the boundary. Boundaries outside any block snap to the nearest block edge.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

use crate::core::text::code_points_in_utf16;

/// Attribute holding a block's first code point.
pub const BLOCK_START_ATTR: &str = "data-start";

/// A selection inside the article: raw code point offsets and where it is on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectedRange {
    /// First code point (may still need trimming and snapping).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Bounding box in page coordinates: left, top, right, bottom.
    pub page_box: (f64, f64, f64, f64),
}

/// Reads the window's selection relative to `article`. `None` when nothing
/// is selected or the selection doesn't touch the article's blocks.
pub fn selected_range(article: &Element) -> Option<SelectedRange> {
    let window = leptos::prelude::window();
    let selection = window.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let blocks = article.query_selector_all(&format!("[{BLOCK_START_ATTR}]")).ok()?;
    let blocks: Vec<Element> =
        (0..blocks.length()).filter_map(|i| blocks.item(i)?.dyn_into::<Element>().ok()).collect();
    let start = boundary_offset(&blocks, &range.start_container().ok()?, range.start_offset().ok()?, Edge::Start)?;
    let end = boundary_offset(&blocks, &range.end_container().ok()?, range.end_offset().ok()?, Edge::End)?;
    if start >= end {
        return None;
    }
    let rect = range.get_bounding_client_rect();
    let (dx, dy) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
    Some(SelectedRange {
        start,
        end,
        page_box: (rect.left() + dx, rect.top() + dy, rect.right() + dx, rect.bottom() + dy),
    })
}

/// Empties the window's selection.
pub fn clear() {
    if let Ok(Some(selection)) = leptos::prelude::window().get_selection() {
        let _ = selection.remove_all_ranges();
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Edge {
    Start,
    End,
}

fn boundary_offset(blocks: &[Element], node: &Node, offset: u32, edge: Edge) -> Option<usize> {
    let mut last_block_before = None;
    for block in blocks {
        let block_start: usize = block.get_attribute(BLOCK_START_ATTR)?.parse().ok()?;
        let extent = Range::new().ok()?;
        extent.select_node_contents(block).ok()?;
        match extent.compare_point(node, offset).ok()? {
            0 => {
                let head = Range::new().ok()?;
                head.set_start(block, 0).ok()?;
                head.set_end(node, offset).ok()?;
                let units: Vec<u16> = js_sys::JsString::from(head.to_string()).iter().collect();
                // A boundary inside a surrogate pair keeps the whole character.
                return Some(block_start + code_points_in_utf16(&units, edge == Edge::End));
            }
            // The point lies before this block: a start snaps forward onto it.
            -1 => return (edge == Edge::Start).then_some(block_start).or(last_block_before),
            _ => {
                let text_len = block.text_content().unwrap_or_default().chars().count();
                last_block_before = Some(block_start + text_len);
            }
        }
    }
    (edge == Edge::End).then_some(last_block_before).flatten()
}
