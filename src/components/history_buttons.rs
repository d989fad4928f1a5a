use leptos::prelude::*;

use crate::state::use_store;

/// Undo and Redo, for pointer users; the keys are Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y.
#[component]
pub fn HistoryButtons() -> impl IntoView {
    let store = use_store();
    let history = store.session.history();
    view! {
        <div class="history" role="group" aria-label="History">
            <button
                type="button"
                aria-keyshortcuts="Control+Z"
                title="Undo (Ctrl+Z)"
                disabled=move || !history.with(|h| h.can_undo())
                on:click=move |_| store.undo()
            >
                "Undo"
            </button>
            <button
                type="button"
                aria-keyshortcuts="Control+Shift+Z Control+Y"
                title="Redo (Ctrl+Shift+Z)"
                disabled=move || !history.with(|h| h.can_redo())
                on:click=move |_| store.redo()
            >
                "Redo"
            </button>
        </div>
    }
}
