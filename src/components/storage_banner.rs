use leptos::prelude::*;

use crate::state::{use_store, SaveState};
use crate::web::download::download_text;

/// Share of the storage quota past which the reader is warned.
const WARN_AT: f64 = 0.7;

/// Says plainly when work is not being kept, and what to do about it; tells
/// what loading found (an upgrade, a recovery, data kept aside); warns before
/// storage runs out.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = use_store();
    let (save_state, storage_use) = (store.session.save_state(), store.session.storage_use());
    let keep = "They stay while this tab is open; use Export JSON to keep a copy.";
    let usage = move || {
        storage_use.get().map(|used| format!(" Storage for this site is {:.0}% full.", used * 100.0)).unwrap_or_default()
    };
    let problem = move || match save_state.get() {
        SaveState::Saved => ().into_any(),
        SaveState::Unavailable(why) => view! {
            <div class="banner warning" role="alert">
                <strong>"Your highlights are not being saved: "</strong>
                {why}
                ". "
                {keep}
            </div>
        }
        .into_any(),
        SaveState::Failing(why) => view! {
            <div class="banner warning" role="alert">
                <strong>"Your latest highlights could not be saved: "</strong>
                {why}
                "."
                {usage}
                " Saving is retried every few seconds and with your next change. "
                {keep}
            </div>
        }
        .into_any(),
        SaveState::Protecting { reason, raw } => {
            let file_name = format!("{}-stored-data.json", store.session.with_doc(|doc| doc.id().to_string()));
            view! {
                <div class="banner warning" role="alert">
                    <strong>"Saved highlights for this article could not be read: "</strong>
                    {reason}
                    ". There is no room to keep a copy aside, so saving is paused and nothing overwrites them. New highlights "
                    {keep}
                    " "
                    <button type="button" on:click=move |_| {
                        let _ = download_text(&file_name, "application/json", &raw);
                    }>"Download stored data"</button>
                </div>
            }
            .into_any()
        }
    };
    let nearly_full = move || {
        let used = storage_use.get().unwrap_or(0.0);
        (used >= WARN_AT && save_state.with(|s| *s == SaveState::Saved)).then(|| {
            view! {
                <div class="banner warning" role="status">
                    <strong>{format!("Storage for this site is {:.0}% full.", used * 100.0)}</strong>
                    " Saving stops when it is full. Export JSON to keep a copy, or free space used by other pages of this site."
                </div>
            }
        })
    };
    let notices = move || {
        store
            .ui
            .notices()
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, notice)| {
                let download = notice.download.map(|(name, raw)| {
                    view! {
                        <button type="button" on:click=move |_| {
                            let _ = download_text(&name, "application/json", &raw);
                        }>"Download"</button>
                    }
                });
                view! {
                    <div class="banner info" role="status">
                        {notice.message}
                        " "
                        {download}
                        <button
                            type="button"
                            class="dismiss"
                            aria-label="Dismiss"
                            on:click=move |_| store.ui.dismiss_notice(i)
                        >
                            "×"
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    view! { {problem} {nearly_full} {notices} }
}
