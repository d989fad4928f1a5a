use leptos::prelude::*;

use crate::core::corpus;
use crate::core::formats::{self, Format};
use crate::core::library::{Entry, Item};
use crate::core::library_export::{self, LibraryFormat};
use crate::state::{stored_annotations, use_library, Library};
use crate::web::lifetime::Lifetime;
use crate::web::{clock::now_rfc3339, download::download_text};

/// One whole-library export on the menu.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// Tagmark's corpus JSON: a full backup.
    Backup,
    /// The other formats.
    Other(LibraryFormat),
}

/// **Export library**: every document, in Tagmark's corpus JSON (a full
/// backup), doccano JSONL, Label Studio tasks (and the labeling config they
/// need), CSV or character-level BIO.
#[component]
pub fn LibraryExport() -> impl IntoView {
    let library = use_library();
    let menu = NodeRef::<leptos::html::Details>::new();
    let (status, set_status) = signal(String::new());
    let lifetime = Lifetime::of_owner();
    let choices = [
        (Choice::Backup, "Tagmark corpus JSON (full backup)"),
        (Choice::Other(LibraryFormat::Doccano), "doccano JSONL"),
        (Choice::Other(LibraryFormat::LabelStudio), "Label Studio tasks"),
        (Choice::Other(LibraryFormat::LabelStudioConfig), "Label Studio labeling config"),
        (Choice::Other(LibraryFormat::Csv), "CSV"),
        (Choice::Other(LibraryFormat::Bio), "Character BIO (CoNLL)"),
    ];
    let items = choices
        .into_iter()
        .map(|(choice, label)| {
            let lifetime = lifetime.clone();
            let run = move |_| {
                if let Some(menu) = menu.get_untracked() {
                    menu.set_open(false);
                }
                // Leaving the library stops an export under way.
                lifetime.spawn(async move {
                    set_status.set(match export_all(library, choice, set_status).await {
                        Ok(message) => message,
                        Err(why) => format!("Export failed: {why}"),
                    });
                });
            };
            view! { <li><button type="button" data-export=label on:click=run>{label}</button></li> }
        })
        .collect_view();
    view! {
        <details class="export-more library-export" node_ref=menu>
            <summary>"Export library"</summary>
            <ul>{items}</ul>
        </details>
        <span class="visually-hidden" role="status" aria-live="polite">{status}</span>
    }
}

async fn export_all(library: Library, choice: Choice, status: WriteSignal<String>) -> Result<String, String> {
    let now = now_rfc3339();
    if choice == Choice::Other(LibraryFormat::LabelStudioConfig) {
        let f = LibraryFormat::LabelStudioConfig;
        download_text(&f.file_name(""), f.mime(), library_export::LABEL_STUDIO_CONFIG).map_err(|e| format!("{e:?}"))?;
        return Ok("Downloaded the Label Studio labeling config".into());
    }
    let all = library.everything(|done, total| status.set(format!("Reading {done} of {total} documents…"))).await?;
    let items: Vec<Item> = all.iter().map(|(entry, doc, annotations)| Item { entry, document: doc, annotations }).collect();
    let (name, mime, text) = match choice {
        Choice::Backup => ("tagmark-library.json".to_string(), "application/json", corpus::write_corpus(&items, &now)),
        Choice::Other(f) => (f.file_name(""), f.mime(), library_export::write(f, &items, &now)),
    };
    download_text(&name, mime, &text).map_err(|e| format!("{e:?}"))?;
    let cut = match choice {
        Choice::Other(LibraryFormat::Bio) => library_export::bio_conflicts(&items),
        _ => 0,
    };
    Ok(match cut {
        0 => format!("Exported {} documents", items.len()),
        n => format!("Exported {} documents; {n} overlapping spans could not be written as BIO (see the README)", items.len()),
    })
}

/// Downloads one document's annotations as Tagmark JSON (offered before it is removed).
pub async fn export_one(library: Library, entry: &Entry) -> Result<(), String> {
    let doc = library.document(&entry.id).await?;
    let annotations = stored_annotations(&doc);
    let text = formats::write(Format::Tagmark, &doc, &annotations, &now_rfc3339());
    download_text(&Format::Tagmark.file_name(&doc), Format::Tagmark.mime(), &text).map_err(|e| format!("{e:?}"))
}
