use leptos::prelude::*;

use crate::state::use_store;

/// Imported annotations whose text isn't in this article: kept and shown,
/// never silently dropped, until the reader discards them.
#[component]
pub fn UnplacedList() -> impl IntoView {
    let store = use_store();
    // Placed by hand means an annotation with its id exists; undo removes it again.
    let (session, pending) = (store.session, store.ui.pending());
    let waiting = Memo::new(move |_| {
        session.unplaced().with(|unplaced| {
            session.annotations().with(|list| {
                unplaced.iter().filter(|u| !list.iter().any(|a| a.id == u.id)).cloned().collect::<Vec<_>>()
            })
        })
    });
    view! {
        <Show when=move || waiting.with(|u| !u.is_empty())>
            <section class="unplaced" aria-labelledby="unplaced-title">
                <h3 id="unplaced-title">{move || format!("Unplaced ({})", waiting.with(Vec::len))}</h3>
                <p class="unplaced-help">"Imported, but their text wasn't found in this article. Select where one belongs and press Place, or discard it. Exports leave them out."</p>
                <ul>
                    <For each=move || waiting.get() key=|u| u.id.clone() let:u>
                        {
                            let id = u.id.clone();
                            let placing = u.clone();
                            let short: String = u.quote.chars().take(20).collect();
                            view! {
                                <li class=format!("unplaced-item {}", u.tag.as_str())>
                                    <span class="swatch" aria-hidden="true"></span>
                                    <span class="entry-quote">{u.quote.clone()}</span>
                                    {(!u.note.is_empty()).then(|| view! { <span class="entry-note">{u.note.clone()}</span> })}
                                    <button
                                        type="button"
                                        aria-label=format!("Place {}: {short} on the selected text", u.tag.label())
                                        title="Select its text in the article, then press this"
                                        disabled=move || pending.with(Option::is_none)
                                        // Keeps the text selection alive while the button is pressed.
                                        on:mousedown=|ev| ev.prevent_default()
                                        on:click=move |_| store.place_by_hand(&placing)
                                    >
                                        "Place"
                                    </button>
                                    <button
                                        type="button"
                                        aria-label=format!("Discard unplaced {}: {short}", u.tag.label())
                                        on:click=move |_| session.discard_unplaced(&id)
                                    >
                                        "Discard"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}
