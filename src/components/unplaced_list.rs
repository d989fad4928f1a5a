use leptos::prelude::*;

use crate::store::use_store;

/// Imported annotations whose text isn't in this article: kept and shown,
/// never silently dropped, until the reader discards them.
#[component]
pub fn UnplacedList() -> impl IntoView {
    let store = use_store();
    view! {
        <Show when=move || store.unplaced.with(|u| !u.is_empty())>
            <section class="unplaced" aria-labelledby="unplaced-title">
                <h3 id="unplaced-title">{move || format!("Unplaced ({})", store.unplaced.with(Vec::len))}</h3>
                <p class="unplaced-help">"Imported, but their text isn't in this article. Exports keep them out; discard them when done."</p>
                <ul>
                    <For each=move || store.unplaced.get() key=|u| u.id.clone() let:u>
                        {
                            let id = u.id.clone();
                            view! {
                                <li class=format!("unplaced-item {}", u.tag.as_str())>
                                    <span class="swatch" aria-hidden="true"></span>
                                    <span class="entry-quote">{u.quote.clone()}</span>
                                    {(!u.note.is_empty()).then(|| view! { <span class="entry-note">{u.note.clone()}</span> })}
                                    <button
                                        type="button"
                                        aria-label=format!("Discard unplaced {}: {}", u.tag.label(), u.quote.chars().take(20).collect::<String>())
                                        on:click=move |_| store.unplaced.update(|list| list.retain(|x| x.id != id))
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
