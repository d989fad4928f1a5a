use leptos::prelude::*;

use crate::store::{use_store, Persistence};
use crate::web::download::download_text;

/// Share of the storage quota past which the reader is warned.
const WARN_AT: f64 = 0.7;

/// Says plainly when work is not being kept, and what to do about it; tells
/// what loading found (an upgrade, a recovery, data kept aside); warns before
/// storage runs out.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = use_store();
    let keep = "They stay while this tab is open; use Export JSON to keep a copy.";
    let usage = move || {
        store.storage_use.get().map(|used| format!(" Storage for this site is {:.0}% full.", used * 100.0)).unwrap_or_default()
    };
    let problem = move || match store.persistence.get() {
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
                "."
                {usage}
                " Saving is retried every few seconds and with your next change. "
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
        let used = store.storage_use.get().unwrap_or(0.0);
        (used >= WARN_AT && store.persistence.with(|p| *p == Persistence::Saved)).then(|| {
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
            .notices
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
                            on:click=move |_| store.notices.update(|n| {
                                if i < n.len() {
                                    n.remove(i);
                                }
                            })
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
