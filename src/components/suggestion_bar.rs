use leptos::prelude::*;

use crate::core::annotation::Tag;
use crate::state::use_store;

/// Next to the legend: the Suggestions toggle, and per tag how many are
/// offered with a button to accept all of them (one undo step).
#[component]
pub fn SuggestionBar() -> impl IntoView {
    let store = use_store();
    let shown = store.ui.suggestions_shown();
    let counts = store.suggestions.counts();
    let ready = store.suggestions.ready();
    let per_tag = Tag::ALL
        .into_iter()
        .enumerate()
        .map(|(i, tag)| {
            view! {
                <li class=format!("suggestion-count {}", tag.as_str()) data-tag=tag.as_str()>
                    <span class="count" aria-label=move || format!("{} {} suggestions", counts.get()[i], tag.label())>
                        {move || counts.get()[i]}
                    </span>
                    <button
                        type="button"
                        class="accept-all"
                        aria-label=format!("Accept all {}", tag.label())
                        title=format!("Accept every {} suggestion in this document (one undo step)", tag.label())
                        disabled=move || counts.get()[i] == 0
                        on:click=move |_| store.accept_all_suggestions(tag)
                    >
                        "Accept all"
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="suggestion-bar" role="group" aria-label="Suggestions" data-ready=move || ready.get().to_string()>
            <button
                type="button"
                class="suggestions-toggle"
                aria-pressed=move || shown.get().to_string()
                aria-keyshortcuts="n"
                title="Show or hide suggestions (n goes to the next one)"
                on:click=move |_| store.ui.show_suggestions(!shown.get_untracked())
            >
                "Suggestions"
            </button>
            <ul class="suggestion-counts" hidden=move || !shown.get()>
                {per_tag}
            </ul>
            {move || store.suggestions.capped().get().then(|| view! {
                <p class="suggestion-problem" role="status">
                    {format!(
                        "Some learned suggestions are left out: at most {} a paragraph and {} in a document.",
                        crate::state::LEARNED_PER_BLOCK,
                        crate::state::MAX_LEARNED
                    )}
                </p>
            })}
            {move || store.suggestions.problem().get().map(|why| view! {
                <p class="suggestion-problem" role="status">"Your tags here can't be learned for other documents: " {why}</p>
            })}
        </div>
    }
}
