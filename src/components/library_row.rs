use leptos::prelude::*;

use crate::core::library::{Entry, Status};
use crate::core::route::Route;
use crate::state::use_library;

/// One document of the library list, built for one state of its entry (the
/// list rebuilds a row when its entry changes). Renaming happens in place:
/// **Enter** keeps the new title, **Esc** the old one.
#[component]
pub fn LibraryRow(entry: Entry, on_remove: impl Fn(Entry) + Copy + Send + Sync + 'static) -> impl IntoView {
    let library = use_library();
    let sample = entry.id == library.sample_id();
    let (renaming, set_renaming) = signal(false);
    // Escape removes the field, and removing a focused field blurs it:
    // that blur must not keep what was typed.
    let cancelled = StoredValue::new(false);
    let href = Route::Document(entry.id.clone()).hash();
    let (row_id, title) = (entry.id.clone(), entry.title.clone());

    let title_cell = move || {
        if renaming.get() {
            let id = row_id.clone();
            // `autofocus` is ignored for a field inserted while the button has focus.
            let field = NodeRef::<leptos::html::Input>::new();
            field.on_load(|input| {
                let _ = input.focus();
                input.select();
            });
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
                    value=title.clone()
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
            view! { <a class="doc-title" href=href.clone()>{title.clone()}</a> }.into_any()
        }
    };

    let e = entry;
    {
        {
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
        }
    }
}

/// An RFC 3339 time as the list shows it (`2026-12-01 10:22`, UTC), or "—".
fn shown_time(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(minutes) => format!("{} UTC", minutes.replacen('T', " ", 1)),
        None => "—".into(),
    }
}
