//! The browser's text selection, as code point offsets into the canonical text.
//!
//! Every rendered block carries `data-start` (its first code point) and its
//! DOM text is exactly the block's canonical text, so a boundary inside a
//! block is `data-start` plus the code points between the block's start and
//! the boundary. Boundaries outside any block snap to the nearest block edge.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

use crate::core::text::{code_points_in_utf16, utf16_len_of_prefix};

/// Attribute holding a block's first code point.
pub const BLOCK_START_ATTR: &str = "data-start";

/// Attribute holding the first code point of a section of a long block
/// (`core/sections.rs`): inside such a block, offsets are counted from the
/// section, so reading or placing the selection costs the section.
pub const PART_START_ATTR: &str = "data-part";

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

/// The window's selection relative to `article`, read with one pass over
/// the blocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadSelection {
    /// What can be tagged: `None` when nothing is selected or the selection
    /// doesn't touch the article's blocks.
    pub range: Option<SelectedRange>,
    /// Anchor and focus (code points) in the order the reader made them, so
    /// a selection made backwards extends backwards; set for a caret too.
    pub ends: Option<(usize, usize)>,
}

/// How far the page is scrolled: add it to viewport coordinates to get page ones.
pub fn page_offset() -> (f64, f64) {
    let window = leptos::prelude::window();
    (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0))
}

/// Reads the window's selection relative to `article`.
pub fn read_selection(article: &Element) -> ReadSelection {
    let window = leptos::prelude::window();
    let Some(selection) = window.get_selection().ok().flatten() else { return ReadSelection::default() };
    let blocks = Blocks::of(article);
    ReadSelection { range: range_in(&selection, &blocks), ends: ends_in(&selection, &blocks) }
}

/// The selected range relative to `article`, if there is one to tag.
pub fn selected_range(article: &Element) -> Option<SelectedRange> {
    read_selection(article).range
}

fn range_in(selection: &web_sys::Selection, blocks: &Blocks) -> Option<SelectedRange> {
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let start = boundary_offset(blocks, &range.start_container().ok()?, range.start_offset().ok()?, Edge::Start)?;
    let end = boundary_offset(blocks, &range.end_container().ok()?, range.end_offset().ok()?, Edge::End)?;
    if start >= end {
        return None;
    }
    let rect = range.get_bounding_client_rect();
    let (dx, dy) = page_offset();
    Some(SelectedRange {
        start,
        end,
        page_box: (rect.left() + dx, rect.top() + dy, rect.right() + dx, rect.bottom() + dy),
    })
}

fn ends_in(selection: &web_sys::Selection, blocks: &Blocks) -> Option<(usize, usize)> {
    let anchor = boundary_offset(blocks, &selection.anchor_node()?, selection.anchor_offset(), Edge::Start)?;
    let focus = boundary_offset(blocks, &selection.focus_node()?, selection.focus_offset(), Edge::End)?;
    Some((anchor, focus))
}

/// Selects from `anchor` to `focus` (code points; collapsed when equal).
pub fn select_offsets(article: &Element, anchor: usize, focus: usize) -> Option<()> {
    let selection = leptos::prelude::window().get_selection().ok()??;
    let (anchor_node, anchor_offset) = dom_point(article, anchor)?;
    let (focus_node, focus_offset) = dom_point(article, focus)?;
    selection.set_base_and_extent(&anchor_node, anchor_offset, &focus_node, focus_offset).ok()
}

/// The code point offset nearest to viewport point (`x`, `y`) in the article.
pub fn offset_at_point(article: &Element, x: f64, y: f64) -> Option<usize> {
    let position = leptos::prelude::document().caret_position_from_point(x as f32, y as f32)?;
    let node = position.offset_node()?;
    boundary_offset(&Blocks::of(article), &node, position.offset(), Edge::Start)
}

/// The start (code point) of the first block whose bottom edge is below
/// viewport height `y`, found by binary search over the blocks.
pub fn first_block_below(article: &Element, y: f64) -> Option<usize> {
    let blocks = Blocks::of(article);
    let first = blocks.partition(|b| Some(b.get_bounding_client_rect().bottom() <= y))?;
    block_start(&blocks.get(first)?)
}

/// Viewport box (left, top, bottom) of the caret at code point `at`.
pub fn caret_box(article: &Element, at: usize) -> Option<(f64, f64, f64)> {
    let (node, offset) = dom_point(article, at)?;
    let range = Range::new().ok()?;
    range.set_start(&node, offset).ok()?;
    range.collapse_with_to_start(true);
    let rect = range.get_client_rects()?.get(0).unwrap_or_else(|| range.get_bounding_client_rect());
    Some((rect.left(), rect.top(), rect.bottom()))
}

/// The text node and UTF-16 offset where code point `at` lies.
fn dom_point(article: &Element, at: usize) -> Option<(Node, u32)> {
    let blocks = Blocks::of(article);
    let after = blocks.partition(|b| Some(block_start(b)? <= at))?;
    let block = blocks.get(after.checked_sub(1)?)?;
    let (within, from) = part_holding_offset(&block, at).unwrap_or((block.clone(), block_start(&block)?));
    let mut remaining = at.checked_sub(from)?;
    let mut last = None;
    for text in text_nodes(&within) {
        let data = text.text_content().unwrap_or_default();
        let len = data.chars().count();
        if remaining <= len {
            return Some((text, utf16_len_of_prefix(&data, remaining) as u32));
        }
        remaining -= len;
        last = Some((text, data.encode_utf16().count() as u32));
    }
    last.or_else(|| Some((within.into(), 0)))
}

/// The section of a long `block` that holds code point `at`, and its start
/// (found by binary search); `None` for a block without sections.
fn part_holding_offset(block: &Element, at: usize) -> Option<(Element, usize)> {
    let parts = block.query_selector_all(&format!(":scope > [{PART_START_ATTR}]")).ok()?;
    let start_of = |i: u32| -> Option<(Element, usize)> {
        let part: Element = parts.item(i)?.dyn_into().ok()?;
        let start = part.get_attribute(PART_START_ATTR)?.parse().ok()?;
        Some((part, start))
    };
    let (mut low, mut high) = (0, parts.length());
    while low < high {
        let middle = low + (high - low) / 2;
        if start_of(middle)?.1 <= at {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    start_of(low.checked_sub(1)?)
}

/// The section of `block` that holds `node`, and its start; `None` when
/// the block has no sections or the node isn't inside one.
fn part_holding_node(block: &Element, node: &Node) -> Option<(Element, usize)> {
    let element = match node.dyn_ref::<Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    let part = element.closest(&format!("[{PART_START_ATTR}]")).ok()??;
    if !block.contains(Some(&part)) {
        return None;
    }
    let start = part.get_attribute(PART_START_ATTR)?.parse().ok()?;
    Some((part, start))
}

fn text_nodes(root: &Node) -> Vec<Node> {
    let mut found = Vec::new();
    let children = root.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else { continue };
        if child.node_type() == Node::TEXT_NODE {
            found.push(child);
        } else {
            found.extend(text_nodes(&child));
        }
    }
    found
}

/// The article's blocks in document order, fetched one at a time, so a
/// lookup by binary search touches a handful of the thousands a long
/// text has.
struct Blocks(Option<web_sys::NodeList>);

impl Blocks {
    /// The blocks of `article`. Once it has rendered them all (it is no longer
    /// `aria-busy`) they never change, so the list is kept for the next call.
    fn of(article: &Element) -> Blocks {
        thread_local! {
            static KEPT: std::cell::RefCell<Option<(Element, web_sys::NodeList)>> = const { std::cell::RefCell::new(None) };
        }
        let query = || article.query_selector_all(&format!("[{BLOCK_START_ATTR}]")).ok();
        if article.has_attribute("aria-busy") {
            return Blocks(query());
        }
        KEPT.with_borrow_mut(|kept| {
            if let Some((_, list)) = kept.as_ref().filter(|(of, _)| of == article) {
                return Blocks(Some(list.clone()));
            }
            let list = query();
            *kept = list.clone().map(|list| (article.clone(), list));
            Blocks(list)
        })
    }

    fn get(&self, index: usize) -> Option<Element> {
        self.0.as_ref()?.item(u32::try_from(index).ok()?)?.dyn_into().ok()
    }

    /// The number of leading blocks for which `before` holds (it must hold
    /// for a prefix of the blocks and fail after); `None` if a block can't be read.
    fn partition(&self, before: impl Fn(&Element) -> Option<bool>) -> Option<usize> {
        let (mut low, mut high) = (0, self.0.as_ref().map_or(0, |list| list.length() as usize));
        while low < high {
            let middle = low + (high - low) / 2;
            if before(&self.get(middle)?)? {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        Some(low)
    }
}

fn block_start(block: &Element) -> Option<usize> {
    block.get_attribute(BLOCK_START_ATTR)?.parse().ok()
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

fn boundary_offset(blocks: &Blocks, node: &Node, offset: u32, edge: Edge) -> Option<usize> {
    let position = |block: &Element| {
        let extent = Range::new().ok()?;
        extent.select_node_contents(block).ok()?;
        extent.compare_point(node, offset).ok()
    };
    let end_of = |block: Element| Some(block_start(&block)? + block.text_content().unwrap_or_default().chars().count());
    // Blocks wholly before the point come first.
    let here = blocks.partition(|block| Some(position(block)? > 0))?;
    let previous_end = || end_of(blocks.get(here.checked_sub(1)?)?);
    let Some(block) = blocks.get(here) else {
        // After every block: only an end can snap back onto the last one.
        return if edge == Edge::End { previous_end() } else { None };
    };
    let block_start = block_start(&block)?;
    if position(&block)? < 0 {
        // Between blocks: a start snaps forward, an end back.
        return if edge == Edge::Start { Some(block_start) } else { previous_end() };
    }
    let (from, from_start) = part_holding_node(&block, node).unwrap_or((block, block_start));
    let head = Range::new().ok()?;
    head.set_start(&from, 0).ok()?;
    head.set_end(node, offset).ok()?;
    let units: Vec<u16> = head.to_string().iter().collect();
    // A boundary inside a surrogate pair keeps the whole character.
    Some(from_start + code_points_in_utf16(&units, edge == Edge::End))
}
