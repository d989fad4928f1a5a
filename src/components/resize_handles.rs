use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::store::use_store;
use crate::web::selection::{caret_box, offset_at_point};

/// Drag handles at both ends of the highlight open in the popover. Dragging
/// repaints live; letting go records one undoable resize.
#[component]
pub fn ResizeHandles() -> impl IntoView {
    let store = use_store();
    let chosen = Memo::new(move |_| store.popover.with(|p| p.as_ref().and_then(|p| p.chosen.clone())));
    let edges = Memo::new(move |_| {
        let id = chosen.get()?;
        store.annotations.with(|list| list.iter().find(|a| a.id == id).map(|a| (a.start, a.end)))
    });
    // While dragging: the edge held and the annotation as it was at pointerdown.
    let held = StoredValue::new(None::<(bool, crate::core::annotation::Annotation)>);

    let place = move |at_start: bool| {
        let (start, end) = edges.get()?;
        store.annotations.track();
        let article = document().query_selector("article").ok()??;
        let (left, top, bottom) = caret_box(&article, if at_start { start } else { end })?;
        let window = window();
        let (dx, dy) = (window.scroll_x().unwrap_or(0.0), window.scroll_y().unwrap_or(0.0));
        Some(format!("left: {:.1}px; top: {:.1}px; height: {:.1}px", left + dx - 4.0, top + dy, bottom - top))
    };

    let on_down = move |at_start: bool, ev: web_sys::PointerEvent| {
        let Some(id) = chosen.get_untracked() else { return };
        let Some(original) = store.find(&id) else { return };
        ev.prevent_default();
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        held.set_value(Some((at_start, original)));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((at_start, original)) = held.get_value() else { return };
        let Some(article) = document().query_selector("article").ok().flatten() else { return };
        let Some(raw) = offset_at_point(&article, ev.client_x() as f64, ev.client_y() as f64) else { return };
        let at = store.doc.step_grapheme(raw, 0);
        store.annotations.update(|list| {
            if let Some(a) = list.iter_mut().find(|a| a.id == original.id) {
                if at_start && at < a.end {
                    a.start = at;
                } else if !at_start && at > a.start {
                    a.end = at;
                }
            }
        });
    };
    let on_up = move |_| {
        let Some((_, original)) = held.get_value() else { return };
        held.set_value(None);
        let Some(now) = store.find(&original.id) else { return };
        // Put the original back so the resize is recorded as one step from it.
        store.annotations.update(|list| {
            if let Some(a) = list.iter_mut().find(|a| a.id == original.id) {
                *a = original.clone();
            }
        });
        if (now.start, now.end) != (original.start, original.end) {
            store.resize(&original.id, now.start, now.end);
        }
    };

    let handle = move |at_start: bool| {
        let label = if at_start { "Drag to move the start" } else { "Drag to move the end" };
        view! {
            <Show when=move || place(at_start).is_some()>
                <div
                    class=if at_start { "handle start" } else { "handle end" }
                    title=label
                    aria-hidden="true"
                    style=move || place(at_start).unwrap_or_default()
                    on:pointerdown=move |ev| on_down(at_start, ev)
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:pointercancel=on_up
                ></div>
            </Show>
        }
    };
    view! { {handle(true)} {handle(false)} }
}
