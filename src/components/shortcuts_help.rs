use leptos::ev;
use leptos::html::Dialog;
use leptos::prelude::*;

use crate::core::keymap::{help_rows, Command, Scope};
use crate::state::use_store;
use crate::web::keys::{command, is_typing};

/// The keys Tagmark answers to, shown by the "Shortcuts" button or `?`,
/// read from the one keymap the handlers use. Also listens for the
/// app-wide keys: undo, redo and `?`.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let store = use_store();
    let dialog = NodeRef::<Dialog>::new();
    let open = move || {
        if let Some(d) = dialog.get_untracked() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    };
    let keys = window_event_listener(ev::keydown, move |event| {
        let Some(command) = command(Scope::App, &event, is_typing(&event)) else { return };
        event.prevent_default();
        match command {
            Command::Undo => store.undo(),
            Command::Redo => store.redo(),
            Command::ShowHelp => open(),
            Command::SuggestionStep(step) => store.step_suggestion(step > 0),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let rows = help_rows()
        .map(|(keys, what)| view! { <tr><th scope="row">{keys}</th><td>{what}</td></tr> })
        .collect_view();

    view! {
        <button type="button" class="help-button" aria-keyshortcuts="?" on:click=move |_| open()>
            "Shortcuts"
        </button>
        <dialog class="help" node_ref=dialog aria-labelledby="help-title">
            <h2 id="help-title">"Keyboard shortcuts"</h2>
            <table>
                <tbody>{rows}</tbody>
            </table>
            <form method="dialog">
                <button type="submit">"Close"</button>
            </form>
        </dialog>
    }
}
