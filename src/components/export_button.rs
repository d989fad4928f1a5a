use leptos::prelude::*;

use crate::core::export;
use crate::store::use_store;
use crate::web::{download::download_text, now_rfc3339};

/// Downloads every annotation as `<title>-annotations.json`.
#[component]
pub fn ExportButton() -> impl IntoView {
    let store = use_store();
    let export_all = move |_| {
        let file = store.annotations.with_untracked(|list| export::build(store.doc, list, &now_rfc3339()));
        let result = serde_json::to_string_pretty(&file)
            .map_err(|e| e.to_string())
            .and_then(|json| {
                download_text(&export::file_name(store.doc), "application/json", &json)
                    .map_err(|e| format!("{e:?}"))
            });
        store.announcement.set(match result {
            Ok(()) => format!("Exported {} annotations", file.annotations.len()),
            Err(why) => format!("Export failed: {why}"),
        });
    };
    view! {
        <button type="button" class="export" on:click=export_all>
            "Export JSON"
        </button>
    }
}
