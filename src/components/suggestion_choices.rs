use leptos::prelude::*;

use crate::components::article::use_article_node;
use crate::core::annotation::Tag;
use crate::state::use_store;
use crate::web::lifetime::Lifetime;
use crate::web::highlights::{focus_suggestion, unfocus_suggestions};

/// The choices for the suggestion the reader moved to (n / N) or clicked:
/// accept, reject, or accept under another tag, each with its key. Focus
/// stays on the suggestion, so the keys work while this is shown.
#[component]
pub fn SuggestionChoices() -> impl IntoView {
    let store = use_store();
    let lifetime = Lifetime::of_owner();
    let article = use_article_node();
    let current = store.ui.current_suggestion();
    let place = RwSignal::new(None::<(f64, f64)>);
    // The block whose suggestion was made focusable last.
    let focused_block = StoredValue::new(None::<usize>);
    // The page's focus and scroll follow the current suggestion, once its
    // block has painted.
    Effect::new(move |_| {
        let key = current.get();
        place.set(None);
        if let (Some(article), Some(block)) = (article.get_untracked(), focused_block.get_value()) {
            unfocus_suggestions(&article, block);
        }
        let Some(key) = key else { return };
        let block = store.session.with_doc(|doc| doc.block_start_of(key.start));
        focused_block.set_value(Some(block));
        let token = key.token();
        lifetime.next_frame(move || {
            let Some(article) = article.get_untracked() else { return };
            if store.ui.current_suggestion().get_untracked().as_ref() == Some(&key) {
                let _ = place.try_set(focus_suggestion(&article, block, &token));
            }
        });
    });
    move || {
        let key = current.get()?;
        let (left, bottom) = place.get()?;
        let suggestion = store.suggestions.find(&key)?;
        let quote = store.session.with_doc(|doc| doc.slice(suggestion.start, suggestion.end).to_string());
        let also = suggestion.alternatives_named().map(|names| format!(" Also tagged elsewhere as {names}."));
        let own = suggestion.tag;
        let accept_key = key.clone();
        let reject_key = key.clone();
        let others = Tag::ALL
            .into_iter()
            .filter(|&t| t != own)
            .map(|tag| {
                let key = key.clone();
                view! {
                    <button type="button" aria-keyshortcuts=tag.shortcut() on:click=move |_| store.accept_suggestion(&key, Some(tag))>
                        {format!("As {}", tag.label())} <kbd>{tag.shortcut()}</kbd>
                    </button>
                }
            })
            .collect_view();
        Some(view! {
            <div
                class="suggestion-choices"
                role="dialog"
                aria-label="Suggestion"
                style=format!("left: {}; top: {:.0}px", super::annotation_popover::popover_left(left), bottom + 6.0)
                on:mousedown=|ev| ev.prevent_default()
            >
                <p class="suggestion-what">
                    <span class=format!("tag-name {}", own.as_str())>{own.label()}</span>
                    " suggested by " <code>{suggestion.source.name()}</code> {also}
                </p>
                <p class="suggestion-quote">{quote}</p>
                <div class="suggestion-buttons">
                    <button type="button" class="accept" aria-keyshortcuts="a Enter" on:click=move |_| store.accept_suggestion(&accept_key, None)>
                        {format!("Accept as {}", own.label())} <kbd>"a"</kbd>
                    </button>
                    <button type="button" aria-keyshortcuts="x Delete" on:click=move |_| store.reject_suggestion(&reject_key)>
                        "Reject" <kbd>"x"</kbd>
                    </button>
                    {others}
                </div>
            </div>
        })
    }
}
