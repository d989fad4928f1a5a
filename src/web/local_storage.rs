//! localStorage through gloo-storage, with every failure reported instead of
//! swallowed: blocked storage, a full quota, a write the browser didn't keep,
//! a value Tagmark can't read (kept aside under a backup key, never overwritten).

use gloo_storage::{LocalStorage, Storage};

use crate::core::document::Document;
use crate::core::stored_format::{self, Decoded, LoadError, Parts, Saved};
use wasm_bindgen::{JsCast, JsValue};

/// localStorage holds about this much per origin (Chromium: 5 Mi UTF-16 code units).
pub const QUOTA_BYTES: f64 = 10.0 * 1024.0 * 1024.0;

/// What opening the document's storage found.
#[derive(Debug)]
pub struct Opened {
    /// The reader's work (empty when nothing usable was stored).
    pub saved: Saved,
    /// The generation of what was loaded; the next write is one higher.
    pub generation: u64,
    /// Things the reader should know: a migration, a recovery, data kept aside.
    pub notices: Vec<String>,
    /// Values that could not be read, by backup key, for download.
    pub kept_aside: Vec<(String, String)>,
    /// The old single-key value to remove once a new write is verified.
    pub migrated_from: Option<String>,
    /// What was loaded differs from what is stored (an upgrade, a history
    /// that had to be cut): write it back once, without waiting for a change.
    pub rewrite: bool,
}

/// Why storage can't be used or a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The origin's storage quota is used up: the write needed `needed`
    /// UTF-16 code units, and about `free` were free for it.
    Full {
        /// What the refused write needed.
        needed: usize,
        /// What was free for it (the quota less what the origin uses, plus what the write would replace).
        free: usize,
    },
    /// localStorage can't be used at all (blocked, or private mode).
    Unavailable(String),
    /// A value that can't be read could not be kept aside, so nothing may be written.
    CannotKeepAside {
        /// Why it can't be read.
        reason: String,
        /// The value itself, for download.
        raw: String,
    },
    /// Anything else the browser reported, or a write it did not keep.
    Failed(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Full { needed, free } => write!(
                f,
                "the browser's storage for this site is full (this save needs {}, and {} is free)",
                crate::core::keepable::megabytes(*needed),
                crate::core::keepable::megabytes(*free)
            ),
            SaveError::Unavailable(why) => write!(f, "the browser doesn't allow storage here ({why})"),
            SaveError::CannotKeepAside { reason, .. } => write!(f, "stored data can't be read ({reason})"),
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

/// Reads the reader's work on `doc`: the newer of the two slots that can be
/// read, else a version 1 value (migrated on the next save). Anything that
/// can't be read is first copied to a backup key, so that later writes can
/// never destroy it; if that copy fails, nothing may be written at all.
pub fn open(doc: &Document, stamp: &str) -> Result<Opened, SaveError> {
    check_available()?;
    let storage = LocalStorage::raw();
    let read = |key: &str| storage.get_item(key).map_err(|e| SaveError::Failed(js_error_text(&e)));
    let slot_keys = stored_format::slot_keys(doc);
    let mut found: Vec<(String, String)> = Vec::new();
    for key in slot_keys.iter().cloned().chain([stored_format::legacy_key(doc)]) {
        if let Some(raw) = read(&key)? {
            found.push((key, raw));
        }
    }
    let decoded: Vec<Option<Result<Decoded, LoadError>>> = found
        .iter()
        .map(|(_, raw)| {
            Some(serde_json::from_str(raw).map_err(|e| LoadError::Damaged(format!("not valid JSON ({e})"))).and_then(|v| stored_format::decode(doc, v)))
        })
        .collect();

    let mut opened = Opened { saved: Saved::default(), generation: 0, notices: Vec::new(), kept_aside: Vec::new(), migrated_from: None, rewrite: false };
    for (i, ((key, raw), result)) in found.iter().zip(&decoded).enumerate() {
        if let Some(Err(reason)) = result {
            let backup = stored_format::backup_key(doc, &format!("{stamp}-{i}"));
            keep_aside(&backup, raw).map_err(|_| SaveError::CannotKeepAside { reason: reason.to_string(), raw: raw.clone() })?;
            opened.notices.push(format!("Stored data under “{key}” could not be read: {reason}. It was kept aside under “{backup}”."));
            opened.kept_aside.push((backup, raw.clone()));
        }
    }
    let Some(chosen) = stored_format::newest(&decoded) else { return Ok(opened) };
    let (key, _) = &found[chosen];
    let Some(Some(Ok(decoded))) = decoded.into_iter().nth(chosen) else { return Ok(opened) };
    if let Some(dropped) = &decoded.history_dropped {
        opened.notices.push(dropped.clone());
        opened.rewrite = true;
    }
    if decoded.version < stored_format::STORE_VERSION {
        opened.rewrite = true;
        opened.migrated_from = Some(key.clone());
        opened.notices.push(format!("Your highlights were upgraded from storage format version {}.", decoded.version));
    } else if !opened.kept_aside.is_empty() {
        opened.notices.push("Your highlights were recovered from the last good save.".into());
    }
    opened.generation = decoded.generation;
    opened.saved = decoded.saved;
    Ok(opened)
}

/// Parses a value another tab stored in one of the document's slots.
pub fn decode_foreign(doc: &Document, raw: &str) -> Result<Decoded, LoadError> {
    let value = serde_json::from_str(raw).map_err(|_| LoadError::NotTagmark)?;
    stored_format::decode(doc, value)
}

/// Stores the reader's work as write number `generation`, in that write's
/// slot, and reads it back: a write the browser did not keep is an error.
/// Returns the value written and its length in UTF-16 code units (what the quota counts).
pub fn save(doc: &Document, saved: Parts<'_>, generation: u64) -> Result<(String, usize), SaveError> {
    check_available()?;
    let key = &stored_format::slot_keys(doc)[stored_format::slot_for(generation)];
    let json = serde_json::to_string(&stored_format::encode(doc, saved, generation)).map_err(|e| SaveError::Failed(e.to_string()))?;
    // The value crosses into JS once; writing and checking the read-back
    // both use that JS string, so a large save isn't converted three times.
    let value = JsValue::from_str(&json);
    let storage: JsValue = LocalStorage::raw().into();
    let call = |method: &str, args: &[&JsValue]| -> Result<JsValue, JsValue> {
        let function: js_sys::Function = js_sys::Reflect::get(&storage, &method.into())?.dyn_into()?;
        let args: js_sys::Array = args.iter().map(|a| (*a).clone()).collect();
        function.apply(&storage, &args)
    };
    let key_js = JsValue::from_str(key);
    call("setItem", &[&key_js, &value]).map_err(|e| refused(&e, key, &value))?;
    match call("getItem", &[&key_js]) {
        Ok(back) if back == value => {
            let units = key.len() + value.unchecked_ref::<js_sys::JsString>().length() as usize;
            Ok((json, units))
        }
        _ => Err(SaveError::Failed("the browser did not keep what was written".into())),
    }
}

/// Removes a value that a verified write has replaced (the version 1 key).
pub fn forget(key: &str) {
    LocalStorage::delete(key);
}

/// UTF-16 code units used in localStorage by keys other than `except`.
/// Reading every value is slow for large stores, so this runs at load and
/// after failures; saves estimate from what they wrote.
pub fn units_used_except(except: &[String]) -> usize {
    if check_available().is_err() {
        return 0;
    }
    let storage = LocalStorage::raw();
    let mut units = 0usize;
    for i in 0..storage.length().unwrap_or(0) {
        let Some(key) = storage.key(i).ok().flatten() else { continue };
        if except.contains(&key) {
            continue;
        }
        let value = storage.get_item(&key).ok().flatten().unwrap_or_default();
        units += key.encode_utf16().count() + value.encode_utf16().count();
    }
    units
}

/// A count of UTF-16 code units as a fraction of [`QUOTA_BYTES`].
pub fn fraction_of_quota(units: usize) -> f64 {
    units as f64 * 2.0 / QUOTA_BYTES
}

fn keep_aside(key: &str, raw: &str) -> Result<(), ()> {
    let storage = LocalStorage::raw();
    storage.set_item(key, raw).map_err(|_| ())?;
    match storage.get_item(key) {
        Ok(Some(back)) if back == raw => Ok(()),
        _ => Err(()),
    }
}

/// The error of a `setItem` of `value` under `key` that threw `e`.
fn refused(e: &JsValue, key: &str, value: &JsValue) -> SaveError {
    if js_error_name(e) != "QuotaExceededError" {
        return SaveError::Failed(js_error_text(e));
    }
    let storage = LocalStorage::raw();
    let replaced = storage.get_item(key).ok().flatten().map_or(0, |v| key.len() + v.encode_utf16().count());
    let needed = key.len() + value.unchecked_ref::<js_sys::JsString>().length() as usize;
    SaveError::Full { needed, free: (QUOTA_UNITS + replaced).saturating_sub(units_used()) }
}

fn js_error_text(value: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(value.clone()).message().into()
}

fn js_error_name(value: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(value.clone()).name().into()
}

/// The keys of everything stored for document `id`: its slots, a version 1
/// value, its tagged phrases. Values kept aside under backup keys aren't
/// among them: they are the reader's to download, never deleted.
fn document_keys(id: &str) -> [String; 4] {
    [
        format!("tagmark:v2:{id}:a"),
        format!("tagmark:v2:{id}:b"),
        format!("tagmark:v1:{id}"),
        crate::web::suggestion_store::phrases_key(id),
    ]
}

/// A copy of every stored value of document `id`, as (key, value), left in
/// place: a removal keeps them until it can no longer be undone.
pub fn copy_document(id: &str) -> Vec<(String, String)> {
    if check_available().is_err() {
        return Vec::new();
    }
    let storage = LocalStorage::raw();
    document_keys(id).into_iter().filter_map(|key| Some((key.clone(), storage.get_item(&key).ok()??))).collect()
}

/// Deletes every stored value of document `id` (see [`document_keys`]).
pub fn delete_document(id: &str) {
    if check_available().is_err() {
        return;
    }
    for key in document_keys(id) {
        LocalStorage::delete(key);
    }
}

/// Writes back those of `values` whose key is gone (another tab finished
/// the removal); values still there are left as they are.
pub fn put_back_missing(values: &[(String, String)]) -> Result<(), SaveError> {
    check_available()?;
    let storage = LocalStorage::raw();
    for (key, value) in values {
        if storage.get_item(key).ok().flatten().is_some() {
            continue;
        }
        storage.set_item(key, value).map_err(|e| refused(&e, key, &JsValue::from_str(value)))?;
    }
    Ok(())
}

/// The key that marks document `id` as removed but still undoable, so that
/// a page that ends without saying so (closed in a crash) has its removal
/// finished by the next page.
fn removing_key(id: &str) -> String {
    format!("{REMOVING}{id}")
}

const REMOVING: &str = "tagmark:removing:";

/// Marks document `id` as removed, until [`unmark_removing`].
pub fn mark_removing(id: &str) {
    if check_available().is_ok() {
        // Best effort: without the mark, the keys only wait for the next removal of this text.
        let _ = LocalStorage::raw().set_item(&removing_key(id), "1");
    }
}

/// Clears the mark of [`mark_removing`].
pub fn unmark_removing(id: &str) {
    if check_available().is_ok() {
        LocalStorage::delete(removing_key(id));
    }
}

/// The documents marked by [`mark_removing`], in this page or an earlier one.
pub fn marked_removing() -> Vec<String> {
    if check_available().is_err() {
        return Vec::new();
    }
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| key.strip_prefix(REMOVING).map(str::to_string))
        .collect()
}

/// Every value Tagmark keeps in localStorage, as one JSON object by key: what
/// the crash banner offers when no document is open.
pub fn backup_of_everything() -> String {
    let mut all = serde_json::Map::new();
    if check_available().is_ok() {
        let storage = LocalStorage::raw();
        for i in 0..storage.length().unwrap_or(0) {
            let Some(key) = storage.key(i).ok().flatten().filter(|k| k.starts_with("tagmark:")) else { continue };
            if let Ok(Some(value)) = storage.get_item(&key) {
                all.insert(key, serde_json::Value::String(value));
            }
        }
    }
    serde_json::Value::Object(all).to_string()
}

/// UTF-16 code units free for the next write of `doc`: the quota less what
/// the origin uses, plus what that write replaces. The write goes to the
/// older slot; the smaller slot is counted, to err on the side of refusing.
pub fn room_for_next_write(doc: &Document) -> usize {
    let slots = stored_format::slot_keys(doc);
    let used = units_used();
    let replaced = if check_available().is_ok() {
        let storage = LocalStorage::raw();
        let size = |key: &String| storage.get_item(key).ok().flatten().map_or(0, |v| v.encode_utf16().count() + key.len());
        size(&slots[0]).min(size(&slots[1]))
    } else {
        0
    };
    (QUOTA_UNITS + replaced).saturating_sub(used)
}

/// localStorage's quota in UTF-16 code units.
pub const QUOTA_UNITS: usize = (QUOTA_BYTES as usize) / 2;

/// UTF-16 code units used in localStorage by the whole origin.
pub fn units_used() -> usize {
    units_used_except(&[])
}
