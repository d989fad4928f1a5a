use leptos::prelude::*;

use crate::core::formats::{self, Format};
use crate::state::{use_store, Store};
use crate::web::{clock::now_rfc3339, download::download_text};

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
    let session = store.session;
    let (text, name, count) = session.annotations().with_untracked(|list| {
        session.with_doc(|doc| (formats::write(format, doc, list, &now_rfc3339()), format.file_name(doc), list.len()))
    });
    let result = download_text(&name, format.mime(), &text);
    store.ui.announce(match result {
        Ok(()) => format!("Exported {count} annotations as {}", format.label()),
        Err(e) => format!("Export failed: {e:?}"),
    });
}
