use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::{open_popover, ArticleBlock};
use crate::core::text::step_grapheme;
use crate::store::{use_store, PendingSelection, Store};
use crate::web::selection::{caret_box, read_selection, select_offsets};
use crate::web::words::word_boundaries;

/// The article, block by block. It turns the reader's selection into a
/// pending range for the tag toolbar, opens the popover on a clicked
/// highlight, and, when focused, offers a keyboard caret: arrows move it,
/// Shift+arrows select by character, Ctrl+Shift+arrows by word.
#[component]
pub fn Article() -> impl IntoView {
    let store = use_store();
    let article_ref = NodeRef::<leptos::html::Article>::new();
    // While the mouse button is down the selection is still growing; the
    // toolbar waits for mouseup instead of chasing every selectionchange.
    let dragging = StoredValue::new(false);
    // Keyboard caret: (anchor, focus) in code points.
    let caret = RwSignal::new(None::<(usize, usize)>);
    let focused = RwSignal::new(false);

    let refresh = move || {
        let Some(article) = article_ref.get_untracked() else { return };
        let read = read_selection(&article);
        let pending = read.range.and_then(|raw| {
            let (start, end) = store.doc.normalize_selection(raw.start, raw.end)?;
            Some(PendingSelection { start, end, left: raw.page_box.0, bottom: raw.page_box.3 })
        });
        if store.pending.with_untracked(|current| *current != pending) {
            store.pending.set(pending);
        }
        if let Some(ends) = read.ends {
            caret.set(Some(ends));
        }
    };

    let on_selection_change = Closure::<dyn Fn()>::new(move || {
        if !dragging.get_value() {
            refresh();
        }
    });
    // The listener is removed on cleanup, which the reactive system may run
    // from any thread in principle; in the browser there is only one.
    let on_selection_change = SendWrapper::new(on_selection_change);
    let document = SendWrapper::new(document());
    let _ = document
        .add_event_listener_with_callback("selectionchange", on_selection_change.as_ref().unchecked_ref());
    let mouseup = window_event_listener(leptos::ev::mouseup, move |_| {
        if dragging.get_value() {
            dragging.set_value(false);
            refresh();
        }
    });
    on_cleanup(move || {
        let _ = document
            .remove_event_listener_with_callback("selectionchange", on_selection_change.as_ref().unchecked_ref());
        mouseup.remove();
    });

    let on_click = move |ev: web_sys::MouseEvent| {
        if store.pending.with_untracked(Option::is_some) {
            return;
        }
        let mark = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("mark[data-ids]").ok().flatten());
        let Some(mark) = mark else { return };
        let ids: Vec<String> =
            mark.get_attribute("data-ids").unwrap_or_default().split(' ').map(str::to_string).collect();
        let rect = mark.get_bounding_client_rect();
        let window = window();
        let (dx, dy) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        open_popover(store, ids, rect.left() + dx, rect.bottom() + dy);
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(article) = article_ref.get_untracked() else { return };
        let on_article = ev.target().is_some_and(|t| t.loose_eq(&article));
        if !on_article || ev.alt_key() || ev.meta_key() {
            return;
        }
        let (anchor, focus) = caret.get_untracked().unwrap_or((0, 0));
        let Some(focus_to) = move_caret(store, focus, &ev.key(), ev.ctrl_key()) else { return };
        ev.prevent_default();
        let anchor_to = if ev.shift_key() { anchor } else { focus_to };
        caret.set(Some((anchor_to, focus_to)));
        let _ = select_offsets(&article, anchor_to, focus_to);
        // selectionchange arrives a frame later; a tag key pressed before
        // then must already see this selection.
        refresh();
    };

    let caret_style = move || {
        let (_, focus) = caret.get()?;
        // Re-place after highlights repaint the text under the caret.
        store.annotations.track();
        let article = article_ref.get()?;
        if !focused.get() {
            return None;
        }
        let (left, top, bottom) = caret_box(&article, focus)?;
        let window = window();
        let (dx, dy) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        Some(format!("left: {:.1}px; top: {:.1}px; height: {:.1}px", left + dx, top + dy, bottom - top))
    };

    let blocks = (0..store.doc.blocks().len()).map(|index| view! { <ArticleBlock index=index /> }).collect_view();
    view! {
        <article
            class="article"
            lang="zh-CN"
            tabindex="0"
            aria-label="Article. Use arrow keys to move a caret, Shift with arrows to select, then 1, 2 or 3 to tag."
            node_ref=article_ref
            on:mousedown=move |ev| {
                if ev.button() == 0 {
                    dragging.set_value(true);
                    store.pending.set(None);
                    store.popover.set(None);
                }
            }
            on:click=on_click
            on:keydown=on_keydown
            on:focus=move |_| {
                focused.set(true);
                if caret.get_untracked().is_none() {
                    let start = first_visible_block_start(store);
                    caret.set(Some((start, start)));
                }
            }
            on:blur=move |_| focused.set(false)
        >
            {blocks}
        </article>
        <Show when=move || caret_style().is_some()>
            <div class="caret" aria-hidden="true" style=move || caret_style().unwrap_or_default()></div>
        </Show>
    }
}

/// Where the caret goes for `key` from `focus`; `None` if the key isn't a caret key.
fn move_caret(store: Store, focus: usize, key: &str, by_word: bool) -> Option<usize> {
    let doc = store.doc;
    let blocks = doc.blocks();
    let here = blocks.iter().position(|b| focus <= b.end).unwrap_or(blocks.len() - 1);
    let block = &blocks[here];
    let to = match key {
        "ArrowRight" if by_word => {
            let inner = word_boundaries(&block.text).into_iter().map(|b| block.start + b).find(|&b| b > focus);
            inner.or_else(|| blocks.get(here + 1).map(|b| b.start)).unwrap_or(focus)
        }
        "ArrowLeft" if by_word => {
            let inner = word_boundaries(&block.text).into_iter().map(|b| block.start + b).rfind(|&b| b < focus);
            inner.or_else(|| here.checked_sub(1).map(|i| blocks[i].end)).unwrap_or(focus)
        }
        "ArrowRight" if focus == block.end => blocks.get(here + 1).map_or(focus, |b| b.start),
        "ArrowLeft" if focus == block.start => here.checked_sub(1).map_or(focus, |i| blocks[i].end),
        "ArrowRight" => step_grapheme(doc.text(), focus, 1),
        "ArrowLeft" => step_grapheme(doc.text(), focus, -1),
        "ArrowDown" => blocks.get(here + 1).map_or(block.end, |b| (b.start + (focus - block.start)).min(b.end)),
        "ArrowUp" => here.checked_sub(1).map_or(block.start, |i| {
            let b = &blocks[i];
            (b.start + (focus - block.start)).min(b.end)
        }),
        "Home" => block.start,
        "End" => block.end,
        _ => return None,
    };
    Some(to)
}

/// The start of the first block on screen, so the caret appears where the reader is.
fn first_visible_block_start(store: Store) -> usize {
    let Ok(blocks) = document().query_selector_all("article [data-start]") else { return 0 };
    (0..blocks.length())
        .filter_map(|i| blocks.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|b| b.get_bounding_client_rect().bottom() > 60.0)
        .and_then(|b| b.get_attribute("data-start")?.parse().ok())
        .unwrap_or(store.doc.blocks().first().map_or(0, |b| b.start))
}
