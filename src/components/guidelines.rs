use leptos::html::Dialog;
use leptos::prelude::*;

use crate::core::document::BlockKind;
use crate::core::readers::markdown;

/// The tag guidelines the suggestion rules implement, shipped with the app
/// (the project's copy of the shared `guidelines/TAGS.md`).
const GUIDELINES: &str = include_str!("../../guidelines/TAGS.md");

/// The Guidelines button and panel: what counts as a quote, a statistic
/// and an event, with the examples and counter-examples.
#[component]
pub fn Guidelines() -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let open = move |_| {
        if let Some(d) = dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    let body = markdown::blocks(GUIDELINES)
        .into_iter()
        .skip(1)
        .map(|(kind, text)| match kind {
            BlockKind::Heading => view! { <h3>{text}</h3> }.into_any(),
            _ => view! { <p>{text}</p> }.into_any(),
        })
        .collect_view();
    view! {
        <button type="button" class="guidelines-button" on:click=open>"Guidelines"</button>
        <dialog class="guidelines" node_ref=dialog aria-labelledby="guidelines-title">
            <h2 id="guidelines-title">"Tag guidelines"</h2>
            <div class="guidelines-body" lang="zh-CN">{body}</div>
            <form method="dialog">
                <button type="submit">"Close"</button>
            </form>
        </dialog>
    }
}
