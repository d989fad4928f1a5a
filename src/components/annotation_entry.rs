//! One row of the annotation list, and what the list does with a row's
//! highlight in the article.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::annotation_list::Active;
use crate::components::article::use_article_node;
use crate::core::annotation::Annotation;
use crate::core::text::shorten;
use crate::state::{use_store, Store};
use crate::web::highlights;

/// Row `row` (from 0) of the `size` entries that match: its place is told to
/// screen readers, which see only the rows in the page.
#[component]
pub(super) fn Entry(
    annotation: Annotation,
    row: usize,
    size: Memo<usize>,
    active: RwSignal<Active>,
    tab_stop: Memo<Option<String>>,
) -> impl IntoView {
    let article = use_article_node();
    let short = use_store().session.with_doc(|doc| shorten(doc.slice(annotation.start, annotation.end), 48));
    let note = annotation.note.lines().next().unwrap_or_default().to_string();
    let id = annotation.id.clone();
    let id_for_focus = id.clone();
    let id_for_tab = id.clone();
    let id_for_click = id.clone();
    let is_active = move || active.with(|a| a.as_ref().is_some_and(|(a, _)| *a == id_for_focus));
    let is_tab_stop = move || tab_stop.with(|t| t.as_deref() == Some(id_for_tab.as_str()));
    view! {
        <li
            style=format!("--row: {row}")
            aria-setsize=move || size.get().to_string()
            aria-posinset=(row + 1).to_string()
        >
            <button
                type="button"
                class=format!("entry {}", annotation.tag.as_str())
                data-id=id
                data-row=row.to_string()
                tabindex=move || if is_tab_stop() { "0" } else { "-1" }
                aria-current=move || is_active().then_some("true")
                on:click=move |_| {
                    active.set(Some((id_for_click.clone(), row)));
                    reveal(article, &id_for_click);
                }
            >
                <span class="swatch" aria-hidden="true"></span>
                <span class="visually-hidden">{format!("{}: ", annotation.tag.label())}</span>
                <span class="entry-quote" lang="zh-CN">{short}</span>
                {(!note.is_empty()).then(|| view! { <span class="entry-note">{note.clone()}</span> })}
            </button>
        </li>
    }
}

/// Moves the focus to the row of `id`, if it is in the page; with `scroll`
/// false the list stays where the reader scrolled it.
pub(super) fn focus_entry(id: &str, scroll: bool) {
    let Ok(entries) = document().query_selector_all(".entries .entry") else { return };
    for i in 0..entries.length() {
        if let Some(el) = entries.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            if el.get_attribute("data-id").as_deref() == Some(id) {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(!scroll);
                let _ = el.focus_with_options(&options);
            }
        }
    }
}

/// The id and row of the entry `target` is in, if any.
pub(super) fn entry_of(target: Option<web_sys::EventTarget>) -> Option<(String, usize)> {
    let entry = target?.dyn_into::<web_sys::Element>().ok()?.closest(".entry").ok()??;
    Some((entry.get_attribute("data-id")?, entry.get_attribute("data-row")?.parse().ok()?))
}

/// True when the focus is on an entry of the list.
pub(super) fn focus_in_list() -> bool {
    entry_of(document().active_element().map(Into::into)).is_some()
}

/// Scrolls the highlight `id` into view and flashes it.
pub(super) fn reveal(article: NodeRef<leptos::html::Article>, id: &str) {
    if let Some(article) = article.get_untracked() {
        highlights::reveal(&article, id);
    }
}

/// Jumps to the highlight `id` and opens its popover under it.
pub(super) fn open_from_list(store: Store, article: NodeRef<leptos::html::Article>, id: &str) {
    reveal(article, id);
    let anchor = article.get_untracked().and_then(|article| highlights::anchor_of(&article, id));
    let (left, bottom) = anchor.unwrap_or((16.0, 96.0));
    store.ui.open_popover(vec![id.to_string()], left, bottom);
}
