//! Key events as the keymap (`core::keymap`) reads them.

use wasm_bindgen::JsCast;

use crate::core::keymap::KeyPress;

/// A key event's key and modifiers, owned (the event's key is a JS string).
pub struct PressedKey {
    key: String,
    ctrl: bool,
    shift: bool,
    alt: bool,
}

impl PressedKey {
    /// The press, for [`crate::core::keymap::command_for`].
    pub fn as_press(&self) -> KeyPress<'_> {
        KeyPress { key: &self.key, ctrl: self.ctrl, shift: self.shift, alt: self.alt }
    }
}

/// Reads `event`; Command on a Mac counts as Control.
pub fn key_press(event: &web_sys::KeyboardEvent) -> PressedKey {
    PressedKey {
        key: event.key(),
        ctrl: event.ctrl_key() || event.meta_key(),
        shift: event.shift_key(),
        alt: event.alt_key(),
    }
}

/// True when a key event goes to a field the reader is typing in, where
/// single-key shortcuts must stay out of the way.
pub fn is_typing(event: &web_sys::KeyboardEvent) -> bool {
    event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
    })
}
