use leptos::prelude::*;

use crate::core::library::{Entry, Status};
use crate::core::route::Route;
use crate::state::use_library;

/// One document of the library list. Renaming happens in place: **Enter**
/// keeps the new title, **Esc** the old one.
#[component]
pub fn LibraryRow(id: String, on_remove: impl Fn(Entry) + Copy + Send + Sync + 'static) -> impl IntoView {
    let library = use_library();
    let sample = id == library.sample_id();
    let wanted = id.clone();
    let entry = Memo::new(move |_| library.entries().with(|list| list.iter().find(|e| e.id == wanted).cloned()));
    let (renaming, set_renaming) = signal(false);
    // Escape removes the field, and removing a focused field blurs it:
    // that blur must not keep what was typed.
    let cancelled = StoredValue::new(false);
    let field = NodeRef::<leptos::html::Input>::new();
    // `autofocus` is ignored for a field inserted while the button has focus.
    Effect::new(move |_| {
        if let Some(input) = field.get() {
            let _ = input.focus();
            input.select();
        }
    });
    let href = Route::Document(id.clone()).hash();
    let row_id = id.clone();

    let title_cell = move || {
        let Some(e) = entry.get() else { return ().into_any() };
        if renaming.get() {
            let id = row_id.clone();
            cancelled.set_value(false);
            let commit = move |input: web_sys::HtmlInputElement, keep: bool| {
                if keep && !cancelled.get_value() {
                    library.rename(&id, input.value());
                }
                cancelled.set_value(!keep);
                set_renaming.set(false);
            };
            let commit_on_key = commit.clone();
            view! {
                <input
                    class="rename"
                    aria-label="New title"
                    value=e.title.clone()
                    node_ref=field
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => commit_on_key(event_target(&ev), true),
                        "Escape" => {
                            ev.stop_propagation();
                            commit_on_key(event_target(&ev), false)
                        }
                        _ => {}
                    }
                    on:blur=move |ev| commit(event_target(&ev), true)
                />
            }
            .into_any()
        } else {
            view! { <a class="doc-title" href=href.clone()>{e.title.clone()}</a> }.into_any()
        }
    };

    move || {
        entry.get().map(|e| {
            let status_id = e.id.clone();
            let title = e.title.clone();
            view! {
                <tr data-doc=e.id.clone() data-status=e.status.as_str()>
                    <th scope="row">{title_cell.clone()}</th>
                    <td class="num">{e.length}</td>
                    <td class="num" data-tag="quote">{e.counts[0]}</td>
                    <td class="num" data-tag="statistic">{e.counts[1]}</td>
                    <td class="num" data-tag="event">{e.counts[2]}</td>
                    <td class="when">{shown_time(&e.edited)}</td>
                    <td>
                        <select
                            class="status"
                            aria-label=format!("Status of {title}")
                            on:change=move |ev| {
                                if let Some(status) = Status::from_name(&event_target_value(&ev)) {
                                    library.set_status(&status_id, status);
                                }
                            }
                        >
                            {Status::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.as_str() selected=e.status == s>{s.label()}</option> })
                                .collect_view()}
                        </select>
                    </td>
                    <td class="row-actions">
                        <button type="button" class="rename-doc" aria-label=format!("Rename {}", e.title) on:click=move |_| set_renaming.set(true)>
                            "Rename"
                        </button>
                        {(!sample).then(|| {
                            let e = e.clone();
                            view! {
                                <button type="button" class="remove-doc" aria-label=format!("Remove {}", e.title) on:click=move |_| on_remove(e.clone())>
                                    "Remove"
                                </button>
                            }
                        })}
                    </td>
                </tr>
            }
        })
    }
}

/// An RFC 3339 time as the list shows it (`2026-12-01 10:22`, UTC), or "—".
fn shown_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(minutes) => format!("{} UTC", minutes.replacen('T', " ", 1)),
        None => "—".into(),
    }
}
