use leptos::html::Dialog;
use leptos::prelude::*;

use crate::components::add_texts::AddButtons;
use crate::components::library_export::LibraryExport;
use crate::components::library_row::LibraryRow;
use crate::components::modal::show_modal_while;
use crate::components::storage_usage::StorageUsage;
use crate::core::library::{shown, Entry, Sort};
use crate::core::route::Route;
use crate::state::{use_library, Keeping};
use crate::web::lifetime::Lifetime;

/// Rows shown at first, and added by each **Show more**.
const PAGE: usize = 200;

/// The library: every document with its title, length, counts per tag,
/// last edit and status; searchable by title and sortable. Rows are links,
/// so the keyboard and Back work as on any page; ↑/↓ move between rows.
#[component]
pub fn LibraryView(#[prop(optional)] unknown: Option<String>) -> impl IntoView {
    let library = use_library();
    let (query, set_query) = signal(String::new());
    let (sort, set_sort) = signal(Sort::default());
    let matching = Memo::new(move |_| library.entries().with(|entries| query.with(|q| shown(entries, q, sort.get()))));
    // Only the first `limit` rows are in the page, as in the annotation
    // list: a thousand rows take seconds to build and to tear down.
    let limit = RwSignal::new(PAGE);
    let visible = Memo::new(move |_| {
        let limit = limit.get();
        matching.with(|m| library.entries().with(|entries| m.iter().take(limit).map(|&i| entries[i].clone()).collect::<Vec<_>>()))
    });
    let hidden = move || matching.with(Vec::len).saturating_sub(limit.get());
    let total = move || library.entries().with(Vec::len);
    let to_remove = RwSignal::new(None::<Entry>);

    let on_keys = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key != "ArrowDown" && key != "ArrowUp" {
            return;
        }
        let Some(row_links) = document().query_selector_all(".library-list .doc-title").ok() else { return };
        let active = document().active_element();
        let at = (0..row_links.length()).find(|&i| row_links.get(i).is_some_and(|n| Some(n) == active.clone().map(Into::into)));
        let next = match (at, key.as_str()) {
            (Some(i), "ArrowDown") if i + 1 == row_links.length() && hidden() > 0 => {
                limit.update(|l| *l += PAGE);
                i
            }
            (Some(i), "ArrowDown") => i + 1,
            (Some(i), _) => i.saturating_sub(1),
            (None, _) => 0,
        };
        if let Some(link) = row_links.get(next.min(row_links.length().saturating_sub(1))) {
            ev.prevent_default();
            use wasm_bindgen::JsCast;
            let _ = link.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };

    view! {
        <header class="app-bar">
            <span class="brand">"Tagmark"</span>
            <h1 class="library-heading">"Library"</h1>
            <AddButtons />
            <LibraryExport />
        </header>
        <KeepingBanner />
        <UnsavedBanner />
        {unknown.map(|path| view! {
            <p class="banner warning" role="alert">
                "There is no page “" <span class="file-name">{path}</span> "”. Here is your library."
            </p>
        })}
        <main class="library" aria-labelledby="library-title">
            <h2 id="library-title" class="visually-hidden">"Documents"</h2>
            <div class="library-tools">
                <label>
                    "Search titles "
                    <input
                        type="search"
                        class="library-search"
                        prop:value=query
                        on:input=move |ev| set_query.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "Sort by "
                    <select
                        class="library-sort"
                        on:change=move |ev| set_sort.set(Sort::from_name(&event_target_value(&ev)).unwrap_or_default())
                    >
                        {Sort::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str() selected=move || sort.get() == s>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <span class="library-count" role="status">
                    {move || {
                        let n = matching.with(Vec::len);
                        let all = total();
                        let noun = if all == 1 { "document" } else { "documents" };
                        if n == all { format!("{n} {noun}") } else { format!("{n} of {all} {noun}") }
                    }}
                </span>
                <StorageUsage />
            </div>
            <RemovedToast />
            <table class="library-list" on:keydown=on_keys>
                <thead>
                    <tr>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Length"</th>
                        <th scope="col">"Quote"</th>
                        <th scope="col">"Statistic"</th>
                        <th scope="col">"Event"</th>
                        <th scope="col">"Last edited"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed by the whole entry: a change rebuilds only its own row.
                    <For each=move || visible.get() key=|entry| entry.clone() let:entry>
                        <LibraryRow entry=entry on_remove=move |entry| to_remove.set(Some(entry)) />
                    </For>
                </tbody>
            </table>
            {move || (hidden() > 0).then(|| view! {
                <button type="button" class="more" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {move || format!("Show {} more (of {} not shown)", hidden().min(PAGE), hidden())}
                </button>
            })}
            {move || matching.with(Vec::is_empty).then(|| view! { <p class="library-empty">"No document's title matches."</p> })}
        </main>
        <ConfirmRemove entry=to_remove />
    }
}

/// Every removal of this page with its **Undo**, newest first: each can be
/// undone until the page is left, in any order.
#[component]
fn RemovedToast() -> impl IntoView {
    let library = use_library();
    let (failed, set_failed) = signal(None::<String>);
    // The library's work runs to its end even if this view goes; only what
    // it tells the view waits for the view.
    let lifetime = Lifetime::of_owner();
    let undo = move |id: String| {
        let lifetime = lifetime.clone();
        leptos::task::spawn_local(async move {
            let result = library.undo_remove(&id).await;
            if lifetime.is_alive() {
                set_failed.set(result.err());
            }
        });
    };
    let newest_first = move || {
        library.removed().with(|all| {
            all.iter().rev().map(|r| (r.entry.id.clone(), r.entry.title.clone(), r.replaced_by.is_some())).collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="removed-list" aria-label="Removed in this visit">
            <For each=newest_first key=|(id, _, _)| id.clone() let:((id, title, replaced))>
                {
                    let what = if replaced { "Replaced by its new version: " } else { "Removed: " };
                    let undo = undo.clone();
                    view! {
                        <li class="toast" role="status">
                            {what} "“" <span class="file-name">{title.clone()}</span> "”. "
                            <button
                                type="button"
                                class="undo-remove"
                                aria-label=format!("Undo removing {title}")
                                on:click=move |ev| {
                                    // The list is redrawn at once: the second click of a double
                                    // click would land on the next removal's Undo.
                                    if ev.detail() <= 1 {
                                        undo(id.clone());
                                    }
                                }
                            >
                                "Undo"
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
        {move || failed.get().map(|why| view! { <p class="banner warning" role="alert">"Undo failed: " {why}</p> })}
    }
}

/// Documents left while their saves failed: their work is in this tab's
/// memory only, offered for download and saved again when opened.
#[component]
fn UnsavedBanner() -> impl IntoView {
    let library = use_library();
    move || {
        library.unsaved().get().into_iter().map(|id| {
            // Tracked: a document brought back by Undo is named by its title again.
            let title = library.entries().with(|all| all.iter().find(|e| e.id == id).map_or_else(|| id.clone(), |e| e.title.clone()));
            let href = Route::Document(id.clone()).hash();
            let download = move |_| {
                crate::web::unsaved::for_each(|doc, saved| {
                    if doc.id() == id {
                        if let Some((name, json)) = crate::web::crash::export_json(doc, &saved.annotations, &crate::web::clock::now_rfc3339()) {
                            let _ = crate::web::download::download_text(&name, "application/json", &json);
                        }
                    }
                });
            };
            view! {
                <p class="banner warning" role="alert" data-banner="unsaved">
                    "Your latest highlights on “" <span class="file-name">{title}</span> "” could not be saved, so they are only in this tab. "
                    <button type="button" on:click=download>"Download them"</button>
                    " or " <a href=href>"open the document"</a> " to try saving again."
                </p>
            }
        }).collect_view()
    }
}

/// Asks before removing a document, and offers its export first. The
/// confirm works once: a second click or key while it runs does nothing.
#[component]
fn ConfirmRemove(entry: RwSignal<Option<Entry>>) -> impl IntoView {
    let library = use_library();
    let dialog = NodeRef::<Dialog>::new();
    let (failed, set_failed) = signal(None::<String>);
    let busy = RwSignal::new(false);
    let lifetime = Lifetime::of_owner();
    let export_lifetime = lifetime.clone();
    show_modal_while(dialog, move || entry.with(Option::is_some));
    let remove = move |_| {
        let Some(e) = entry.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let lifetime = lifetime.clone();
        leptos::task::spawn_local(async move {
            let result = library.remove(&e.id).await;
            if lifetime.is_alive() {
                match result {
                    Ok(()) => entry.set(None),
                    Err(why) => set_failed.set(Some(why)),
                }
                busy.set(false);
            }
        });
    };
    let export = move |_| {
        let Some(e) = entry.get_untracked() else { return };
        export_lifetime.spawn(async move {
            if let Err(why) = crate::components::library_export::export_one(library, &e).await {
                set_failed.set(Some(why));
            }
        });
    };
    view! {
        <dialog class="confirm-remove" node_ref=dialog aria-labelledby="remove-title" on:close=move |_| entry.set(None)>
            <h2 id="remove-title">"Remove this document?"</h2>
            {move || entry.get().map(|e| {
                let n: usize = e.counts.iter().sum();
                view! {
                    <p>
                        "“" <span class="file-name">{e.title.clone()}</span> "” and its " {n}
                        " annotations will be removed from this browser. You can undo this until you leave the page."
                    </p>
                }
            })}
            {move || failed.get().map(|why| view! { <p role="alert" class="import-error">{why}</p> })}
            <div class="dialog-actions">
                <button type="button" on:click=export>"Download its annotations"</button>
                <button type="button" class="danger" on:click=remove aria-disabled=move || busy.get().then_some("true")>"Remove"</button>
                <button type="button" on:click=move |_| entry.set(None)>"Cancel"</button>
            </div>
        </dialog>
    }
}

/// Says when the library's texts can't be kept in this browser, and what
/// still is (shown in the library and over every document).
#[component]
pub fn KeepingBanner() -> impl IntoView {
    let library = use_library();
    move || match library.keeping().get() {
        Keeping::Opening | Keeping::Kept => ().into_any(),
        Keeping::InMemory(why) => view! {
            <p class="banner warning" role="alert" data-banner="library-memory">
                "Texts you add can't be kept in this browser (" {why} "). They stay open in this tab until it closes; "
                "their annotations are still saved. Export the library to keep a copy."
            </p>
        }
        .into_any(),
        Keeping::Failing(why) => view! {
            <p class="banner warning" role="alert" data-banner="library-failing">
                "The library could not be saved: " {why} ". What you add now stays in this tab only; export the library to keep a copy."
            </p>
        }
        .into_any(),
    }
}
