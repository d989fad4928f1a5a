//! Scheduling work around the browser's frames.

/// Runs `f` as a task of its own right after the next frame is painted, for
/// work that must not delay what the reader sees.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use leptos::prelude::{request_animation_frame, set_timeout};
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// Resolves in a task of its own right after the next frame is painted: a
/// long job that awaits this between slices lets every frame through (a
/// chain of `MessageChannel` turns was seen to hold frames back for
/// hundreds of milliseconds while the reader typed).
pub async fn next_frame() {
    let done = js_sys::Promise::new(&mut |resolve, _| {
        after_next_paint(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
}
