//! localStorage for what suggestions learn and use across the library:
//! each document's tagged phrases (so every other document can suggest
//! them) and the reader's pattern file. Values are strings the core
//! encodes and decodes; failures are reported, never swallowed.

use gloo_storage::{LocalStorage, Storage};

use crate::web::local_storage::check_available;

/// localStorage, when the browser lets the page use it (gloo's `raw`
/// throws when it doesn't).
fn storage() -> Option<web_sys::Storage> {
    check_available().ok().map(|()| LocalStorage::raw())
}

const BLOCKED: &str = "the browser doesn't allow storage here";

/// Where a document's tagged phrases are kept.
pub fn phrases_key(document_id: &str) -> String {
    format!("{PHRASES_PREFIX}{document_id}")
}

const PHRASES_PREFIX: &str = "tagmark:phrases:";
const PATTERNS_KEY: &str = "tagmark:patterns";

/// Writes one document's encoded phrases; an empty value removes the key.
pub fn save_phrases(document_id: &str, encoded: &str) -> Result<(), String> {
    let storage = storage().ok_or(BLOCKED)?;
    let key = phrases_key(document_id);
    let done = if encoded.is_empty() || encoded == "[]" { storage.remove_item(&key) } else { storage.set_item(&key, encoded) };
    done.map_err(|_| "the browser's storage refused the learned phrases (it may be full)".to_string())
}

/// Every document's encoded phrases but `except`'s, as `(document id, value)`.
pub fn all_phrases(except: &str) -> Vec<(String, String)> {
    let Some(storage) = storage() else { return Vec::new() };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| Some(key.strip_prefix(PHRASES_PREFIX)?.to_string()))
        .filter(|id| id != except)
        .filter_map(|id| {
            let value = storage.get_item(&phrases_key(&id)).ok().flatten()?;
            Some((id, value))
        })
        .collect()
}

/// The reader's stored pattern file, if any.
pub fn patterns() -> Option<String> {
    storage()?.get_item(PATTERNS_KEY).ok().flatten()
}

/// Stores the reader's pattern file (JSONL); an empty file removes it.
pub fn save_patterns(jsonl: &str) -> Result<(), String> {
    let storage = storage().ok_or(BLOCKED)?;
    let done = if jsonl.is_empty() { storage.remove_item(PATTERNS_KEY) } else { storage.set_item(PATTERNS_KEY, jsonl) };
    done.map_err(|_| "the browser's storage refused the patterns (it may be full)".to_string())
}

const HIDDEN_KEY: &str = "tagmark:suggestions-hidden";

/// Whether the reader hid suggestions (a preference kept across visits).
pub fn suggestions_hidden() -> bool {
    storage().and_then(|s| s.get_item(HIDDEN_KEY).ok().flatten()).is_some()
}

/// Remembers whether suggestions are hidden; a preference, so a refusal
/// only means it is not remembered.
pub fn remember_hidden(hidden: bool) {
    let Some(storage) = storage() else { return };
    let _ = if hidden { storage.set_item(HIDDEN_KEY, "1") } else { storage.remove_item(HIDDEN_KEY) };
}
