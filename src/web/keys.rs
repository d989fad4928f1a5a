//! Key events as the keymap (`core::keymap`) reads them.

use wasm_bindgen::JsCast;

use crate::core::keymap::{command_for, Command, KeyPress, Scope};

/// What `event` means in `scope` by the keymap; `typing` as in
/// [`command_for`]. Command on a Mac counts as Control.
pub fn command(scope: Scope, event: &web_sys::KeyboardEvent, typing: bool) -> Option<Command> {
    let key = event.key();
    let press = KeyPress {
        key: &key,
        ctrl: event.ctrl_key() || event.meta_key(),
        shift: event.shift_key(),
        alt: event.alt_key(),
    };
    command_for(scope, &press, typing)
}

/// True when a key event goes to a field the reader is typing in, where
/// single-key shortcuts must stay out of the way.
pub fn is_typing(event: &web_sys::KeyboardEvent) -> bool {
    event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
    })
}
