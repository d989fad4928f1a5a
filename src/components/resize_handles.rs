use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::article::use_article_node;
use crate::state::use_store;
use crate::web::selection::{caret_box, offset_at_point, page_offset};

/// Drag handles at both ends of the highlight open in the popover. Dragging
/// shows the new range without changing anything; letting go records one
/// undoable resize (and so one save, one message to other tabs).
#[component]
pub fn ResizeHandles() -> impl IntoView {
    let store = use_store();
    let session = store.session;
    let article = use_article_node();
    let chosen = Memo::new(move |_| store.ui.popover().with(|p| p.as_ref().and_then(|p| p.chosen.clone())));
    let edges = Memo::new(move |_| session.painted_range(&chosen.get()?));
    // While dragging: which edge is held.
    let held = StoredValue::new(None::<bool>);

    let on_down = move |at_start: bool, ev: web_sys::PointerEvent| {
        if edges.get_untracked().is_none() {
            return;
        }
        ev.prevent_default();
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        held.set_value(Some(at_start));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(at_start) = held.get_value() else { return };
        let (Some(id), Some((start, end))) = (chosen.get_untracked(), edges.get_untracked()) else { return };
        let Some(article) = article.get_untracked() else { return };
        let Some(raw) = offset_at_point(&article, ev.client_x() as f64, ev.client_y() as f64) else { return };
        let at = session.with_doc(|doc| doc.step_grapheme(raw, 0));
        if at_start && at < end {
            session.preview_resize(&id, at, end);
        } else if !at_start && at > start {
            session.preview_resize(&id, start, at);
        }
    };
    let on_up = move |_| {
        if held.get_value().is_some() {
            held.set_value(None);
            store.finish_resize();
        }
    };
    // A cancelled gesture, or a handle that went away mid-drag (Esc, undo,
    // another tab deleting the highlight), records nothing and leaves no
    // preview painted.
    let cancel = move || {
        if held.get_value().is_some() {
            held.set_value(None);
            session.cancel_resize();
        }
    };

    let handle = move |at_start: bool| {
        let label = if at_start { "Drag to move the start" } else { "Drag to move the end" };
        // Measured once per change, for both the `Show` and the style.
        let place = Memo::new(move |_| {
            let (start, end) = edges.get()?;
            session.annotations().track();
            let article = article.get()?;
            let (left, top, bottom) = caret_box(&article, if at_start { start } else { end })?;
            let (dx, dy) = page_offset();
            Some(format!("left: {:.1}px; top: {:.1}px; height: {:.1}px", left + dx - 4.0, top + dy, bottom - top))
        });
        view! {
            <Show when=move || place.with(Option::is_some)>
                {on_cleanup(cancel)}
                <div
                    class=if at_start { "handle start" } else { "handle end" }
                    title=label
                    aria-hidden="true"
                    style=move || place.get().unwrap_or_default()
                    on:pointerdown=move |ev| on_down(at_start, ev)
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:pointercancel=move |_| cancel()
                ></div>
            </Show>
        }
    };
    view! { {handle(true)} {handle(false)} }
}
