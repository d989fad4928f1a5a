//! Thin adapters between the pure core and the browser.

pub mod crash;
pub mod download;
pub mod highlights;
pub mod selection;
pub mod storage;
pub mod words;

/// True when a key event goes to a field the reader is typing in, where
/// single-key shortcuts must stay out of the way.
pub fn is_typing(event: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
    })
}

/// Runs `f` as a task of its own right after the next frame is painted, for
/// work that must not delay what the reader sees.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use leptos::prelude::{request_animation_frame, set_timeout};
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// The current time as an RFC 3339 UTC timestamp.
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A random UUID (v4 layout). `crypto.randomUUID` needs a secure context,
/// which a page served on a LAN address is not, so this uses `Math.random`.
pub fn new_id() -> String {
    let mut hex: Vec<char> = (0..32)
        .map(|_| char::from_digit((js_sys::Math::random() * 16.0) as u32 & 15, 16).unwrap_or('0'))
        .collect();
    hex[12] = '4';
    hex[16] = ['8', '9', 'a', 'b'][(js_sys::Math::random() * 4.0) as usize & 3];
    let hex: String = hex.into_iter().collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// Fetches a text file from this site.
pub async fn fetch_text(path: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    let window = leptos::prelude::window();
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(path)).await.map_err(|e| format!("{e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|e| format!("{e:?}"))?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "not text".to_string())
}
