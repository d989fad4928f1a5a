use leptos::html::{Dialog, Input};
use leptos::prelude::*;

use crate::components::modal::show_modal_while;
use crate::core::formats;
use crate::core::import::{ImportError, MAX_IMPORT_BYTES};
use crate::core::merge::{self, Plan};
use crate::state::use_store;
use crate::web::lifetime::Lifetime;

/// What the import dialog shows.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Closed,
    Reading(String),
    Failed { file: String, message: String },
    /// The plan, and why it can't be kept, if it can't.
    Review { file: String, plan: Plan, refused: Option<String> },
}

/// **Import JSON**: reads a Tagmark export, a W3C Web Annotation file or
/// doccano JSONL (the format is detected), says what would change (new,
/// already present, conflicting, unplaced) and merges only when confirmed.
/// A bad file gets a specific message and changes nothing.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let store = use_store();
    let picker = NodeRef::<Input>::new();
    let dialog = NodeRef::<Dialog>::new();
    let stage = RwSignal::new(Stage::Closed);
    // Leaving the document drops a file still being read.
    let lifetime = Lifetime::of_owner();

    show_modal_while(dialog, move || stage.with(|s| *s != Stage::Closed));

    let on_file = move |_| {
        let Some(input) = picker.get_untracked() else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        let size = file.size() as usize;
        if size > MAX_IMPORT_BYTES {
            let message = ImportError::TooLarge { bytes: size }.to_string();
            stage.set(Stage::Failed { file: name, message });
            return;
        }
        stage.set(Stage::Reading(name.clone()));
        lifetime.spawn(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            let next = match read {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    match formats::read(&bytes) {
                        Ok((format, incoming)) => {
                            let session = store.session;
                            let plan = session
                                .annotations()
                                .with_untracked(|list| session.with_doc(|doc| merge::plan(doc, list, incoming)));
                            let refused = store.check_import(&plan).err().map(|e| e.to_string());
                            Stage::Review { file: format!("{name} ({})", format.label()), plan, refused }
                        }
                        Err(e) => Stage::Failed { file: name, message: e.to_string() },
                    }
                }
                Err(_) => Stage::Failed { file: name, message: "The browser could not read this file.".into() },
            };
            stage.set(next);
        });
    };

    // Closing first makes a second click or key a no-op.
    let confirm = move |_| {
        if let Stage::Review { plan, refused: None, .. } = stage.get_untracked() {
            stage.set(Stage::Closed);
            store.import(&plan);
        }
    };

    view! {
        <button
            type="button"
            on:click=move |_| {
                if let Some(input) = picker.get_untracked() {
                    input.click();
                }
            }
        >
            "Import JSON"
        </button>
        <input
            type="file"
            accept=".json,.jsonld,.jsonl,application/json,application/ld+json"
            class="visually-hidden"
            tabindex="-1"
            aria-hidden="true"
            node_ref=picker
            on:change=on_file
        />
        <dialog
            class="import"
            node_ref=dialog
            aria-labelledby="import-title"
            on:close=move |_| stage.set(Stage::Closed)
        >
            <h2 id="import-title">"Import annotations"</h2>
            {move || match stage.get() {
                Stage::Closed => ().into_any(),
                Stage::Reading(file) => view! { <p>"Reading " <span class="file-name">{file}</span> "…"</p> }.into_any(),
                Stage::Failed { file, message } => view! {
                    <p role="alert" class="import-error">
                        <span class="file-name">{file}</span>
                        ": "
                        {message}
                        " Nothing was changed."
                    </p>
                    <div class="dialog-actions">
                        <button type="button" on:click=move |_| stage.set(Stage::Closed)>"Close"</button>
                    </div>
                }
                .into_any(),
                Stage::Review { file, plan, refused } => {
                    let nothing = plan.is_empty() && plan.unplaced.is_empty() || refused.is_some();
                    let refusal = refused.map(|why| view! {
                        <p role="alert" class="import-error">{why} " Nothing was changed."</p>
                    });
                    view! {
                        <p><span class="file-name">{file}</span>" would:"</p>
                        <ul class="import-summary">
                            <li data-count="new">{format!("add {} new", plan.added.len())}</li>
                            <li data-count="present">{format!("skip {} already present", plan.unchanged)}</li>
                            <li data-count="conflicting">
                                {format!(
                                    "resolve {} conflicting by the newer edit ({} from the file, {} kept)",
                                    plan.conflicting(),
                                    plan.replaced.len(),
                                    plan.kept_ours,
                                )}
                            </li>
                            <li data-count="relocated">{format!("move {} to where their text now is", plan.relocated)}</li>
                            <li data-count="unplaced">
                                {format!("list {} that can't be placed on this text as unplaced", plan.unplaced.len())}
                            </li>
                        </ul>
                        {refusal}
                        <div class="dialog-actions">
                            <button type="button" class="primary" disabled=nothing on:click=confirm>
                                "Import"
                            </button>
                            <button type="button" on:click=move |_| stage.set(Stage::Closed)>"Cancel"</button>
                        </div>
                    }
                    .into_any()
                }
            }}
        </dialog>
    }
}
