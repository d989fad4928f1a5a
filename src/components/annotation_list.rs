use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::article::use_article_node;
use crate::components::UnplacedList;
use crate::core::annotation::{Annotation, Tag};
use crate::core::keymap::{Command, Scope};
use crate::core::text::shorten;
use crate::state::{use_store, Store};
use crate::web::highlights;
use crate::web::keys::command;

/// Rows added to the page at a time.
const PAGE: usize = 200;

/// The side panel: every annotation in document order, with per-tag counts
/// that filter, a text filter over quotes and notes, and keyboard travel
/// (↑/↓ or j/k to move, Enter to open the highlight).
#[component]
pub fn AnnotationList() -> impl IntoView {
    let store = use_store();
    let session = store.session;
    let article = use_article_node();
    let annotations = session.annotations();
    let shown_tags = RwSignal::new(Tag::ALL.to_vec());
    let query = RwSignal::new(String::new());
    let counts = session.tag_counts();
    // Positions (in the annotation list) of the entries the filters let through.
    let matching = Memo::new(move |_| {
        let needle = query.with(|q| q.trim().to_lowercase());
        annotations.with(|list| {
            shown_tags.with(|tags| {
                session.with_doc(|doc| {
                    (0..list.len())
                        .filter(|&i| tags.contains(&list[i].tag))
                        .filter(|&i| {
                            let a = &list[i];
                            needle.is_empty()
                                || doc.slice(a.start, a.end).to_lowercase().contains(&needle)
                                || a.note.to_lowercase().contains(&needle)
                        })
                        .collect::<Vec<usize>>()
                })
            })
        })
    });
    // Only the first `limit` entries are in the page: thousands of rows
    // would make every change slow, and the filters find the rest.
    let limit = RwSignal::new(PAGE);
    let active = RwSignal::new(None::<String>);
    let matching_ids = move || {
        matching.with_untracked(|m| annotations.with_untracked(|list| m.iter().map(|&i| list[i].id.clone()).collect::<Vec<_>>()))
    };
    let visible = Memo::new(move |_| {
        let limit = limit.get();
        matching.with(|m| annotations.with(|list| m.iter().take(limit).map(|&i| list[i].clone()).collect::<Vec<Annotation>>()))
    });
    let hidden = move || matching.with(Vec::len).saturating_sub(limit.get());
    // The entry Tab lands on: the active one, else the first shown.
    let tab_stop = Memo::new(move |_| {
        visible.with(|v| {
            active
                .with(|a| a.clone().filter(|id| v.iter().any(|x| &x.id == id)))
                .or_else(|| v.first().map(|a| a.id.clone()))
        })
    });

    let toggles = Tag::ALL
        .into_iter()
        .enumerate()
        .map(|(i, tag)| {
            view! {
                <button
                    type="button"
                    class=format!("filter {}", tag.as_str())
                    aria-pressed=move || shown_tags.with(|t| t.contains(&tag)).to_string()
                    on:click=move |_| shown_tags.update(|t| {
                        if let Some(at) = t.iter().position(|x| *x == tag) {
                            t.remove(at);
                        } else {
                            t.push(tag);
                        }
                    })
                >
                    <span class="swatch" aria-hidden="true"></span>
                    {tag.label()}
                    " "
                    <span class="count">{move || counts.get()[i]}</span>
                </button>
            }
        })
        .collect_view();

    let on_list_key = move |ev: web_sys::KeyboardEvent| {
        let step: isize = match command(Scope::List, &ev, false) {
            Some(Command::ListStep(step)) => step,
            Some(Command::ListOpen) => {
                // The entry with focus, which Tab may have reached without making it active.
                let focused = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|e| e.closest(".entry").ok().flatten())
                    .and_then(|e| e.get_attribute("data-id"));
                if let Some(id) = focused.or_else(|| active.get_untracked()) {
                    ev.prevent_default();
                    active.set(Some(id.clone()));
                    open_from_list(store, article, &id);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let ids = matching_ids();
        if ids.is_empty() {
            return;
        }
        let at = active.with_untracked(|a| a.as_ref().and_then(|id| ids.iter().position(|x| x == id)));
        let next = match at {
            Some(i) => (i as isize + step).clamp(0, ids.len() as isize - 1) as usize,
            None => 0,
        };
        active.set(Some(ids[next].clone()));
        // Travel past the last row in the page brings more rows in.
        if next >= limit.get_untracked() {
            limit.set((next / PAGE + 1) * PAGE);
        }
        // The row may only now be coming into the page.
        let id = ids[next].clone();
        request_animation_frame(move || {
            focus_entry(&id);
            reveal(article, &id);
        });
    };

    // On narrow screens the panel is a bottom sheet, folded until asked for.
    let expanded = RwSignal::new(false);
    view! {
        <aside class="panel" class:expanded=move || expanded.get() aria-label="Annotations">
            <button
                type="button"
                class="panel-toggle"
                aria-expanded=move || expanded.get().to_string()
                aria-controls="panel-body"
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                {move || format!("Annotations ({})", annotations.with(Vec::len))}
            </button>
            <div class="panel-body" id="panel-body">
            <h2 class="panel-title">"Annotations"</h2>
            <div class="filters" role="group" aria-label="Show tags">{toggles}</div>
            <label class="search">
                <span class="visually-hidden">"Filter annotations"</span>
                <input
                    type="search"
                    placeholder="Filter quotes and notes"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            <p class="panel-empty" hidden=move || !matching.with(Vec::is_empty)>
                {move || if annotations.with(Vec::is_empty) {
                    "Select text in the article and press 1, 2 or 3 to tag it."
                } else {
                    "No annotation matches the filter."
                }}
            </p>
            <ol class="entries" on:keydown=on_list_key>
                <For each=move || visible.get() key=|a| (a.id.clone(), a.modified.clone(), a.start, a.end) let:a>
                    <Entry annotation=a active=active tab_stop=tab_stop />
                </For>
            </ol>
            <Show when=move || { hidden() > 0 }>
                <button type="button" class="more" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {move || format!("Show {} more (of {} not shown)", hidden().min(PAGE), hidden())}
                </button>
            </Show>
            <UnplacedList />
            </div>
        </aside>
    }
}

/// One row of the list.
#[component]
fn Entry(annotation: Annotation, active: RwSignal<Option<String>>, tab_stop: Memo<Option<String>>) -> impl IntoView {
    let article = use_article_node();
    let short = use_store().session.with_doc(|doc| shorten(doc.slice(annotation.start, annotation.end), 48));
    let note = annotation.note.lines().next().unwrap_or_default().to_string();
    let id = annotation.id.clone();
    let id_for_focus = id.clone();
    let id_for_tab = id.clone();
    let id_for_click = id.clone();
    let is_active = move || active.with(|a| a.as_deref() == Some(id_for_focus.as_str()));
    let is_tab_stop = move || tab_stop.with(|t| t.as_deref() == Some(id_for_tab.as_str()));
    view! {
        <li>
            <button
                type="button"
                class=format!("entry {}", annotation.tag.as_str())
                data-id=id
                tabindex=move || if is_tab_stop() { "0" } else { "-1" }
                aria-current=move || is_active().then_some("true")
                on:click=move |_| {
                    active.set(Some(id_for_click.clone()));
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

fn focus_entry(id: &str) {
    let Ok(entries) = document().query_selector_all(".entries .entry") else { return };
    for i in 0..entries.length() {
        if let Some(el) = entries.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            if el.get_attribute("data-id").as_deref() == Some(id) {
                let _ = el.focus();
            }
        }
    }
}

/// Scrolls the highlight `id` into view and flashes it.
fn reveal(article: NodeRef<leptos::html::Article>, id: &str) {
    if let Some(article) = article.get_untracked() {
        highlights::reveal(&article, id);
    }
}

fn open_from_list(store: Store, article: NodeRef<leptos::html::Article>, id: &str) {
    reveal(article, id);
    let anchor = article.get_untracked().and_then(|article| highlights::anchor_of(&article, id));
    let (left, bottom) = anchor.unwrap_or((16.0, 96.0));
    store.ui.open_popover(vec![id.to_string()], left, bottom);
}
