//! localStorage through gloo-storage, with every failure reported instead of
//! swallowed: blocked storage, a full quota, a value Tagmark can't read.

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};

use crate::core::document::Document;
use crate::core::persist::{self, LoadError, Saved};

/// What was found under the document's key.
#[derive(Debug)]
pub enum Opened {
    /// Nothing stored yet.
    Empty,
    /// The stored annotations and history.
    Loaded(Saved),
    /// Something is stored that can't be used; it must not be overwritten.
    Unreadable {
        /// Why it can't be used, for the reader.
        reason: String,
        /// The stored text, so the reader can download it.
        raw: String,
    },
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The origin's storage quota is used up.
    Full,
    /// localStorage can't be used at all (blocked, or private mode).
    Unavailable(String),
    /// Anything else the browser reported.
    Failed(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Full => write!(f, "the browser's storage for this site is full"),
            SaveError::Unavailable(why) => write!(f, "the browser doesn't allow storage here ({why})"),
            SaveError::Failed(why) => write!(f, "the browser refused to save ({why})"),
        }
    }
}

/// Checks that localStorage can be reached at all; gloo-storage itself
/// throws when it can't, so this must pass before any other call here.
pub fn check_available() -> Result<(), SaveError> {
    match leptos::prelude::window().local_storage() {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(SaveError::Unavailable("no localStorage".into())),
        Err(e) => Err(SaveError::Unavailable(js_error_text(&e))),
    }
}

/// Reads the stored annotations of `doc`.
pub fn open(doc: &Document) -> Result<Opened, SaveError> {
    check_available()?;
    let key = persist::storage_key(doc);
    match LocalStorage::get::<serde_json::Value>(&key) {
        Err(StorageError::KeyNotFound(_)) => Ok(Opened::Empty),
        Ok(value) => Ok(match persist::decode(doc, value) {
            Ok(saved) => Opened::Loaded(saved),
            Err(e) => unreadable(&key, &e),
        }),
        Err(StorageError::SerdeError(e)) => Ok(unreadable(&key, &format!("it is not valid JSON ({e})"))),
        Err(StorageError::JsError(e)) => Err(SaveError::Failed(e.to_string())),
    }
}

/// Parses a value another tab stored under the document's key.
pub fn decode_foreign(doc: &Document, raw: &str) -> Result<Saved, LoadError> {
    let value = serde_json::from_str(raw).map_err(|_| LoadError::NotTagmark)?;
    persist::decode(doc, value)
}

/// Stores the reader's work on `doc` under the document's key.
pub fn save(doc: &Document, saved: &Saved) -> Result<(), SaveError> {
    check_available()?;
    LocalStorage::set(persist::storage_key(doc), persist::encode(doc, saved)).map_err(|e| match e {
        StorageError::JsError(js) if js.name == "QuotaExceededError" => SaveError::Full,
        other => SaveError::Failed(other.to_string()),
    })
}

fn unreadable(key: &str, reason: &dyn std::fmt::Display) -> Opened {
    let raw = LocalStorage::raw().get_item(key).ok().flatten().unwrap_or_default();
    Opened::Unreadable { reason: reason.to_string(), raw }
}

fn js_error_text(value: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(value.clone()).message().into()
}
