//! Scheduling work around the browser's frames.

/// Runs `f` as a task of its own right after the next frame is painted, for
/// work that must not delay what the reader sees.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use leptos::prelude::{request_animation_frame, set_timeout};
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}
