//! The browser's clock, in the two forms the core asks for.

/// The current time as an RFC 3339 UTC timestamp (what annotations record).
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// The current time in milliseconds since the epoch (what undo bursts compare).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A monotonic clock in milliseconds, for slicing work into short tasks.
pub fn monotonic_ms() -> f64 {
    leptos::prelude::window().performance().map_or_else(js_sys::Date::now, |p| p.now())
}
