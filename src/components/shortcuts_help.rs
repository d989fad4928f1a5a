use leptos::ev;
use leptos::html::Dialog;
use leptos::prelude::*;

use crate::store::use_store;
use crate::web;

/// The keys Tagmark answers to, shown by the "Shortcuts" button or `?`.
/// Also listens for the app-wide keys: undo, redo and `?`.
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
        let typing = web::is_typing(&event);
        let ctrl = event.ctrl_key() || event.meta_key();
        let key = event.key().to_lowercase();
        // Ctrl+Z in the note undoes Tagmark's history too: note edits are in it.
        if ctrl && !event.alt_key() && (key == "z" || key == "y") {
            event.prevent_default();
            if key == "y" || event.shift_key() {
                store.redo();
            } else {
                store.undo();
            }
        } else if event.key() == "?" && !typing && !ctrl {
            event.prevent_default();
            open();
        }
    });
    on_cleanup(move || keys.remove());

    let rows = [
        ("Select text, then 1 / 2 / 3", "Tag as Quote / Statistic / Event"),
        ("Esc", "Dismiss the toolbar, or close the popover"),
        ("Click a highlight", "Edit its tag and note, resize, delete"),
        ("Alt+← / Alt+→", "Move the start of the open highlight"),
        ("Alt+Shift+← / Alt+Shift+→", "Move the end of the open highlight"),
        ("Ctrl+Z", "Undo"),
        ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
        ("Tab to the article, then ← / →", "Move the caret by one character"),
        ("Shift+← / Shift+→", "Extend the selection by one character"),
        ("Ctrl+Shift+← / Ctrl+Shift+→", "Extend the selection by one word"),
        ("↑ / ↓", "Move the caret to the previous / next paragraph"),
        ("In the list: ↑ / ↓ or j / k, Enter", "Move through annotations, open one"),
        ("?", "Show this help"),
    ]
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
