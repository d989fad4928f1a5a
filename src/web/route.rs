//! The URL's fragment: read it, change it (a history entry, so Back
//! works), and hear when it changes.

use leptos::prelude::*;

/// The current `location.hash`, `#` included (empty when there is none).
pub fn current() -> String {
    window().location().hash().unwrap_or_default()
}

/// Goes to `hash`: a new history entry, and a `hashchange` event.
pub fn go(hash: &str) {
    let _ = window().location().set_hash(hash);
}

/// Calls `changed` with the new fragment whenever it changes (Back,
/// Forward, a link, [`go`]). Stops when the calling owner is cleaned up.
pub fn on_change(changed: impl Fn(String) + 'static) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| changed(current()));
    on_cleanup(move || handle.remove());
}
