use leptos::html::Dialog;
use leptos::prelude::*;

use crate::core::corpus::CorpusRead;
use crate::core::readers::encoding::Encoding;
use crate::core::route::Route;
use crate::state::Outcome;
use crate::components::add_texts::use_intake;
use crate::components::modal::show_modal_while;

/// What became of each file of the last batch: added (with the encoding it
/// was read in, which the reader can change), refused and why, offered as
/// a new version of a document, or an annotation file waiting for review.
#[component]
pub fn IntakeReport() -> impl IntoView {
    let intake = use_intake();
    let dialog = NodeRef::<Dialog>::new();
    let open = Memo::new(move |_| intake.progress().with(Option::is_none) && intake.outcomes().with(|o| !o.is_empty()));
    show_modal_while(dialog, move || open.get());
    // Built only while the report is open: a batch adds its outcomes one by
    // one, and rebuilding the list for each would cost the batch's square.
    let rows = move || {
        if !open.get() {
            return ().into_any();
        }
        intake
            .outcomes()
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, outcome)| view! { <li>{outcome_view(index, outcome)}</li> })
            .collect_view()
            .into_any()
    };
    view! {
        <dialog class="intake-report" node_ref=dialog aria-labelledby="intake-title" on:close=move |_| {
            // Closed by the reader (Esc, Close), not hidden while a batch runs.
            if intake.progress().with_untracked(Option::is_none) {
                intake.dismiss();
            }
        }>
            <h2 id="intake-title">"Adding texts"</h2>
            <ul class="outcomes">{rows}</ul>
            <div class="dialog-actions">
                <button type="button" on:click=move |_| intake.dismiss()>"Close"</button>
            </div>
        </dialog>
    }
}

fn outcome_view(index: usize, outcome: Outcome) -> AnyView {
    let intake = use_intake();
    match outcome {
        Outcome::Added { file, id, title, encoding, already, bytes } => {
            let href = Route::Document(id).hash();
            let what = if already { " is already in the library as " } else { " was added as " };
            let encoding = encoding.map(|(used, offered)| {
                let choosable = bytes.is_some();
                view! {
                    <label class="encoding">
                        " Read as "
                        <select disabled=!choosable on:change=move |ev| {
                            let label = event_target_value(&ev);
                            if let Some(e) = Encoding::ALL.into_iter().find(|e| e.label() == label) {
                                intake.reread(index, e);
                            }
                        }>
                            {offered
                                .into_iter()
                                .map(|e| view! { <option value=e.label() selected=e == used>{e.name()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                }
            });
            view! {
                <span class="outcome added" data-outcome=if already { "already" } else { "added" }>
                    <span class="file-name">{file}</span>
                    {what}
                    <a href=href on:click=move |_| intake.dismiss()>{title}</a>
                    "."
                    {encoding}
                </span>
            }
            .into_any()
        }
        Outcome::Failed { file, message } => view! {
            <span class="outcome failed import-error" data-outcome="failed">
                <span class="file-name">{file}</span> ": " {message} " Nothing was added."
            </span>
        }
        .into_any(),
        Outcome::Revision { file, old, carried, .. } => view! {
            <span class="outcome revision" data-outcome="revision">
                <span class="file-name">{file}</span>
                " looks like a new version of “" {old.title} "”. Its annotations would be: "
                <span data-count="kept">{format!("{} kept", carried.kept)}</span> ", "
                <span data-count="moved">{format!("{} moved", carried.moved)}</span> ", "
                <span data-count="approximate">{format!("{} approximate", carried.approximate)}</span> ", "
                <span data-count="unplaced">{format!("{} unplaced (to place by hand)", carried.unplaced.len())}</span> ". "
                <button type="button" class="primary" on:click=move |_| intake.settle_revision(index, true)>
                    "Use as new version"
                </button>
                <button type="button" on:click=move |_| intake.settle_revision(index, false)>"Add as a separate document"</button>
            </span>
        }
        .into_any(),
        Outcome::Corpus { file, read } => corpus_view(index, file, &read),
        Outcome::Working { file, doing } => view! {
            <span class="outcome working" data-outcome="working"><span class="file-name">{file}</span> " " {doing} "…"</span>
        }
        .into_any(),
        Outcome::Cancelled { left } => view! {
            <span class="outcome cancelled" data-outcome="cancelled">{format!("Cancelled: {left} files were not read.")}</span>
        }
        .into_any(),
    }
}

/// An annotation file with documents: what it holds, each problem found,
/// and for doccano files drawn in doccano's screen, the choice of offsets.
fn corpus_view(index: usize, file: String, read: &CorpusRead) -> AnyView {
    let intake = use_intake();
    let (utf16, set_utf16) = signal(read.utf16.as_ref().is_some_and(|u| u.only_utf16_fits));
    let annotations = |docs: &[crate::core::corpus::CorpusDoc]| docs.iter().map(|d| d.annotations.len()).sum::<usize>();
    let summary = format!(
        "{} ({}): {} documents, {} annotations.",
        file,
        read.format.label(),
        read.documents.len(),
        annotations(&read.documents)
    );
    let problems = read.problems.clone();
    let choice = read.utf16.as_ref().map(|other| {
        let why = if other.only_utf16_fits {
            "Some spans only fit when offsets count UTF-16 units, as doccano's annotation screen does."
        } else {
            "The spans fit both ways: offsets in code points (doccano's importer) or in UTF-16 units (doccano's screen)."
        };
        let examples = other
            .examples
            .iter()
            .map(|(cp, u16)| view! { <tr><td>{cp.clone()}</td><td>{u16.clone()}</td></tr> })
            .collect_view();
        let u16_count = annotations(&other.documents);
        view! {
            <fieldset class="offset-choice">
                <legend>"How are the offsets counted?"</legend>
                <p>{why}</p>
                <label>
                    <input type="radio" name=format!("offsets-{index}") checked=move || !utf16.get() on:change=move |_| set_utf16.set(false) />
                    "Code points"
                </label>
                <label>
                    <input type="radio" name=format!("offsets-{index}") checked=move || utf16.get() on:change=move |_| set_utf16.set(true) />
                    {format!("UTF-16 units ({u16_count} annotations)")}
                </label>
                <table class="offset-examples">
                    <thead><tr><th scope="col">"Read as code points"</th><th scope="col">"Read as UTF-16 units"</th></tr></thead>
                    <tbody>{examples}</tbody>
                </table>
            </fieldset>
        }
    });
    view! {
        <div class="outcome corpus" data-outcome="corpus">
            <p>{summary}</p>
            {(!problems.is_empty()).then(|| view! {
                <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            })}
            {choice}
            <button type="button" class="primary import-corpus" on:click=move |_| intake.import_corpus(index, utf16.get_untracked())>
                "Import these documents"
            </button>
        </div>
    }
    .into_any()
}
