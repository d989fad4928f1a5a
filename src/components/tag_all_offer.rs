use leptos::prelude::*;

use crate::state::use_store;

/// Right after a phrase is tagged, offers to tag its other occurrences too
/// (one undo step). Goes away with the next change or when dismissed.
#[component]
pub fn TagAllOffer() -> impl IntoView {
    let store = use_store();
    let session = store.session;
    let offer = Memo::new(move |_| {
        let id = store.ui.just_tagged().get()?;
        let count = session.untagged_occurrences(&id).len();
        let a = session.find(&id)?;
        let quote = session.with_doc(|doc| doc.slice(a.start, a.end).chars().take(16).collect::<String>());
        (count > 0).then_some((id, count, a.tag, quote))
    });
    view! {
        <Show when=move || offer.with(Option::is_some)>
            <div class="offer" role="region" aria-label="Suggestion">
                {move || offer.get().map(|(id, count, tag, quote)| {
                    view! {
                        <span>{format!("“{quote}” appears {count} more times.")}</span>
                        <button type="button" on:click=move |_| {
                            store.tag_every_occurrence(&id);
                        }>{format!("Tag all as {}", tag.label())}</button>
                        <button type="button" aria-label="Dismiss" on:click=move |_| store.ui.offer_tag_all(None)>"×"</button>
                    }
                })}
            </div>
        </Show>
    }
}
