//! Files the reader picked: their bytes, read with a size limit, and a way to
//! let the page breathe between files of a long import.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A file the reader picked or dropped, with its path inside a dropped folder ("" when none).
pub struct PickedFile {
    pub file: web_sys::File,
    pub path: String,
}

impl PickedFile {
    /// The file's own name, without its folders.
    pub fn name(&self) -> String {
        self.file.name()
    }

    /// The file's size in bytes, known without reading it.
    pub fn size(&self) -> u64 {
        self.file.size() as u64
    }
}

/// Why a file's bytes could not be had.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    /// Larger than the limit; nothing was read.
    TooLarge { bytes: u64 },
    /// The browser could not read it (moved, deleted, permission); its message.
    Io(String),
}

/// Reads the file's bytes; refuses before reading anything when it is larger than `limit`.
pub async fn read_bytes(file: &web_sys::File, limit: u64) -> Result<Vec<u8>, ReadFailure> {
    let bytes = file.size() as u64;
    if bytes > limit {
        return Err(ReadFailure::TooLarge { bytes });
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| ReadFailure::Io(message(&e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The files chosen in an `<input type=file multiple>` (or `webkitdirectory`,
/// whose files carry their path inside the picked folder, hidden ones left out).
pub fn from_input(input: &web_sys::HtmlInputElement) -> Vec<PickedFile> {
    let Some(list) = input.files() else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let path = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|p| p.as_string())
                .unwrap_or_default();
            PickedFile { file, path }
        })
        .filter(|picked| !hidden(&picked.path))
        .collect()
}

/// Whether any part of a relative path is a dot name (`.git`, `.DS_Store`):
/// folders carry those, and the reader never meant to import them.
pub(crate) fn hidden(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

/// A browser error as text, for a message the reader can see.
pub(crate) fn message(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}

/// Gives the event loop a turn, so a long import keeps the page responsive and
/// can be cancelled between files. A MessageChannel message is a fresh task
/// that nested `setTimeout(0)` would clamp to 4 ms; the timer is the fallback.
pub async fn yield_to_browser() {
    let channel = web_sys::MessageChannel::new().ok();
    let turn = Promise::new(&mut |resolve, _| match &channel {
        Some(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&JsValue::UNDEFINED);
        }
        None => {
            let _ = leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(turn).await;
    if let Some(channel) = channel {
        channel.port1().close();
    }
}
