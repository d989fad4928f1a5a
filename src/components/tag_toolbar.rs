use leptos::ev;
use leptos::prelude::*;

use crate::core::annotation::Tag;
use crate::core::keymap::{Command, Scope};
use crate::state::use_store;
use crate::web::keys::{command, is_typing};
use crate::web::selection::page_offset;

/// Widest the toolbar gets (CSS pixels), for keeping it on screen.
const TOOLBAR_WIDTH: f64 = 340.0;

/// The three tag buttons by the selection, and their keys (1, 2, 3, Esc).
#[component]
pub fn TagToolbar() -> impl IntoView {
    let store = use_store();
    let pending = store.ui.pending();
    let keys = window_event_listener(ev::keydown, move |event| {
        if pending.with_untracked(Option::is_none) {
            return;
        }
        match command(Scope::Selection, &event, is_typing(&event)) {
            Some(Command::Tag(tag)) => {
                event.prevent_default();
                store.tag_selection(tag);
            }
            Some(Command::DismissSelection) => store.clear_selection(),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let position = move || {
        pending.with(|p| {
            p.as_ref().map(|p| {
                // Keep the whole toolbar on screen on narrow viewports.
                let viewport_right =
                    page_offset().0 + window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(f64::MAX);
                let left = p.left.min(viewport_right - TOOLBAR_WIDTH - 8.0).max(8.0);
                format!("left: {left:.0}px; top: {:.0}px", p.bottom + 8.0)
            })
        })
    };
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <div
                class="tag-toolbar"
                role="toolbar"
                aria-label="Tag the selection"
                style=position
                // Keeps the text selection alive while a button is pressed.
                on:mousedown=|ev| ev.prevent_default()
            >
                {Tag::ALL
                    .map(|tag| {
                        view! {
                            <button
                                type="button"
                                class=format!("tag-button {}", tag.as_str())
                                aria-label=tag.label()
                                aria-keyshortcuts=tag.shortcut()
                                on:click=move |_| store.tag_selection(tag)
                            >
                                <span class="swatch" aria-hidden="true"></span>
                                {tag.label()}
                                <kbd aria-hidden="true">{tag.shortcut()}</kbd>
                            </button>
                        }
                    })}
            </div>
        </Show>
    }
}
