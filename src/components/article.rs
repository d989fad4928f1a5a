use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::components::ArticleBlock;
use crate::store::{use_store, PendingSelection};
use crate::web::selection::selected_range;

/// The article, block by block, and the watcher that turns the reader's
/// selection into a pending range for the tag toolbar.
#[component]
pub fn Article() -> impl IntoView {
    let store = use_store();
    let article_ref = NodeRef::<leptos::html::Article>::new();
    // While the mouse button is down the selection is still growing; the
    // toolbar waits for mouseup instead of chasing every selectionchange.
    let dragging = StoredValue::new(false);

    let refresh = move || {
        let Some(article) = article_ref.get_untracked() else { return };
        let pending = selected_range(&article).and_then(|raw| {
            let (start, end) = store.doc.normalize_selection(raw.start, raw.end)?;
            Some(PendingSelection { start, end, left: raw.page_box.0, bottom: raw.page_box.3 })
        });
        if store.pending.with_untracked(|current| *current != pending) {
            store.pending.set(pending);
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

    let blocks = (0..store.doc.blocks().len()).map(|index| view! { <ArticleBlock index=index /> }).collect_view();
    view! {
        <article
            class="article"
            lang="zh-CN"
            node_ref=article_ref
            on:mousedown=move |ev| {
                if ev.button() == 0 {
                    dragging.set_value(true);
                    store.pending.set(None);
                }
            }
        >
            {blocks}
        </article>
    }
}
