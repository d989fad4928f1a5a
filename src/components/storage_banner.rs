use leptos::prelude::*;

use crate::store::{use_store, Persistence};
use crate::web::download::download_text;

/// Says plainly when work is not being kept, and what to do about it.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = use_store();
    move || {
        let keep = "They stay while this tab is open; use Export JSON to keep a copy.";
        match store.persistence.get() {
            Persistence::Saved => ().into_any(),
            Persistence::Unavailable(why) => view! {
                <div class="banner warning" role="alert">
                    <strong>"Your highlights are not being saved: "</strong>
                    {why}
                    ". "
                    {keep}
                </div>
            }
            .into_any(),
            Persistence::Failing(why) => view! {
                <div class="banner warning" role="alert">
                    <strong>"Your latest highlights could not be saved: "</strong>
                    {why}
                    ". Saving is retried with your next change. "
                    {keep}
                </div>
            }
            .into_any(),
            Persistence::Protecting { reason, raw } => {
                let file_name = format!("{}-stored-data.json", store.doc.id());
                view! {
                    <div class="banner warning" role="alert">
                        <strong>"Saved highlights for this article could not be read: "</strong>
                        {reason}
                        ". They are left untouched and saving is paused so nothing overwrites them. New highlights "
                        {keep}
                        " "
                        <button
                            type="button"
                            on:click=move |_| {
                                let _ = download_text(&file_name, "application/json", &raw);
                            }
                        >
                            "Download stored data"
                        </button>
                    </div>
                }
                .into_any()
            }
        }
    }
}
