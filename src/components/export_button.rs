use leptos::prelude::*;

use crate::core::formats::{self, Format};
use crate::store::{use_store, Store};
use crate::web::{download::download_text, now_rfc3339};

/// **Export JSON** (Tagmark's own format), and a picker for the others:
/// W3C Web Annotation, doccano, Label Studio, CSV.
#[component]
pub fn ExportButton() -> impl IntoView {
    let store = use_store();
    let menu = NodeRef::<leptos::html::Details>::new();
    let others = Format::ALL
        .into_iter()
        .filter(|f| *f != Format::Tagmark)
        .map(|format| {
            view! {
                <li>
                    <button
                        type="button"
                        on:click=move |_| {
                            export(store, format);
                            if let Some(menu) = menu.get_untracked() {
                                menu.set_open(false);
                            }
                        }
                    >
                        {format.label()}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="export-group">
            <button type="button" class="export" on:click=move |_| export(store, Format::Tagmark)>
                "Export JSON"
            </button>
            <details class="export-more" node_ref=menu>
                <summary>"Other formats"</summary>
                <ul>{others}</ul>
            </details>
        </div>
    }
}

fn export(store: Store, format: Format) {
    let (text, count) = store
        .annotations
        .with_untracked(|list| (formats::write(format, store.doc, list, &now_rfc3339()), list.len()));
    let result = download_text(&format.file_name(store.doc), format.mime(), &text);
    store.announce(match result {
        Ok(()) => format!("Exported {count} annotations as {}", format.label()),
        Err(e) => format!("Export failed: {e:?}"),
    });
}
