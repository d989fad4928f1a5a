use std::collections::BTreeMap;

use leptos::html::{Dialog, Input};
use leptos::prelude::*;

use crate::core::suggest::patterns::Matcher;
use crate::state::{use_store, PatternBook};
use crate::web::download::download_text;
use crate::web::lifetime::Lifetime;
use crate::web::files::{from_input, read_bytes, ReadFailure};

/// Largest pattern file read (the parser refuses bigger ones with a reason too).
const MAX_PATTERN_FILE: u64 = 5 * 1024 * 1024;

/// What the last import said: how many were added, or every bad line.
#[derive(Clone, PartialEq)]
enum Outcome {
    Added { file: String, added: usize },
    Refused { file: String, problems: Vec<String> },
}

/// The Patterns button and dialog: the reader's own patterns (spaCy
/// EntityRuler JSONL or Tagmark's regular-expression form) imported from
/// a file, listed, removed and exported; and how many accepted
/// suggestions came from each source.
#[component]
pub fn PatternsDialog() -> impl IntoView {
    let store = use_store();
    // Leaving the document drops a pattern file still being read.
    let lifetime = Lifetime::of_owner();
    let book = expect_context::<PatternBook>();
    let dialog = NodeRef::<Dialog>::new();
    let input = NodeRef::<Input>::new();
    let is_open = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let open = move |_| {
        if let Some(d) = dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
                is_open.set(true);
            }
        }
    };
    let on_pick = move |_| {
        let Some(input) = input.get_untracked() else { return };
        let Some(picked) = from_input(&input).into_iter().next() else { return };
        input.set_value("");
        lifetime.spawn(async move {
            let file = picked.name();
            let result = match read_bytes(&picked.file, MAX_PATTERN_FILE).await {
                Err(ReadFailure::TooLarge { bytes }) => {
                    Err(vec![format!("{file} is {bytes} bytes; pattern files may be up to 5 MB.")])
                }
                Err(ReadFailure::Io(why)) => Err(vec![format!("{file} could not be read ({why}).")]),
                Ok(bytes) => match String::from_utf8(bytes) {
                    Err(_) => Err(vec![format!("{file} is not UTF-8 text; pattern files are UTF-8 JSONL.")]),
                    Ok(text) => book.import(&text).map_err(|errors| errors.iter().map(ToString::to_string).collect()),
                },
            };
            let said = match result {
                Ok(added) => Outcome::Added { file, added },
                Err(problems) => Outcome::Refused { file, problems },
            };
            let _ = outcome.try_set(Some(said));
        });
    };
    let export = move |_| {
        let _ = download_text("tagmark-patterns.jsonl", "application/jsonl", &book.export());
    };
    let rows = move || {
        book.patterns()
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let kind = match &p.matcher {
                    Matcher::Phrase(_) => "phrase",
                    Matcher::Regex { .. } => "regular expression",
                };
                view! {
                    <tr>
                        <td>{p.label.label()}</td>
                        <td><code>{p.name.clone()}</code></td>
                        <td>{kind}</td>
                        <td>
                            <button type="button" aria-label=format!("Remove pattern {}", p.name) on:click=move |ev| {
                                // The list is redrawn at once: the second click of a double
                                // click would land on the next pattern's button.
                                if ev.detail() > 1 {
                                    return;
                                }
                                if let Err(why) = book.remove(i) {
                                    outcome.set(Some(Outcome::Refused { file: String::new(), problems: vec![why] }));
                                }
                            }>"Remove"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    // Counted only while the dialog is open: it reads every annotation.
    let by_source = Memo::new(move |_| {
        if !is_open.get() {
            return Vec::new();
        }
        store.session.annotations().with(|list| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for a in list {
                *counts.entry(a.source.clone().unwrap_or_else(|| "tagged by hand".into())).or_default() += 1;
            }
            counts.into_iter().collect::<Vec<_>>()
        })
    });
    let said = move || {
        outcome.get().map(|o| match o {
            Outcome::Added { file, added } => view! {
                <p class="pattern-outcome" role="status">{format!("{file}: {added} new patterns added.")}</p>
            }
            .into_any(),
            Outcome::Refused { file, problems } => view! {
                <div class="pattern-outcome refused" role="alert">
                    <p>{format!("{file} was not imported; nothing changed. Fix these lines and import it again:")}</p>
                    <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        })
    };
    let unreadable = move || {
        book.unreadable().get().map(|(why, raw)| {
            view! {
                <div class="banner warning" role="alert">
                    <p>{format!("Your stored patterns could not be read ({why}). They are kept as they were.")}</p>
                    <button type="button" on:click=move |_| {
                        let _ = download_text("tagmark-patterns-kept.jsonl", "application/jsonl", &raw);
                    }>"Download them"</button>
                    <button type="button" on:click=move |_| {
                        if let Err(why) = book.discard_unreadable() {
                            outcome.set(Some(Outcome::Refused { file: String::new(), problems: vec![why] }));
                        }
                    }>"Discard them"</button>
                </div>
            }
        })
    };
    view! {
        <button type="button" class="patterns-button" on:click=open>"Patterns"</button>
        <dialog class="patterns" node_ref=dialog aria-labelledby="patterns-title" on:close=move |_| is_open.set(false)>
            <h2 id="patterns-title">"Your patterns"</h2>
            <p>
                "One pattern a line, in spaCy's EntityRuler JSONL: "
                <code>{r#"{"label": "statistic", "pattern": "160多个国家"}"#}</code>
                ", token lists that reduce to characters, or a regular expression: "
                <code>{r#"{"label": "event", "regex": "第[一二三四五六七八九十]+届\\S{2,12}论坛"}"#}</code>
            </p>
            {unreadable}
            <label class="file-button">
                "Import patterns…"
                <input type="file" accept=".jsonl,.json,.txt" node_ref=input on:change=on_pick />
            </label>
            <button type="button" on:click=export disabled=move || book.patterns().with(Vec::is_empty)>
                "Export patterns"
            </button>
            {said}
            <table class="pattern-list">
                <caption>{move || format!("{} patterns", book.patterns().with(Vec::len))}</caption>
                <thead><tr><th scope="col">"Tag"</th><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col"><span class="visually-hidden">"Remove"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <h3>"Annotations by source"</h3>
            <ul class="by-source">
                {move || by_source.get().into_iter().map(|(source, n)| view! { <li><code>{source}</code>": "{n}</li> }).collect_view()}
            </ul>
            <form method="dialog">
                <button type="submit">"Close"</button>
            </form>
        </dialog>
    }
}
