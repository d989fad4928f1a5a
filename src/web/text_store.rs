//! The library's texts and entries in IndexedDB (through the `idb` crate;
//! bench/crates.md says why that one): localStorage holds about 5 MiB, far
//! too little for a library of articles. Every failure comes back as a
//! [`StoreError`], and a record that can't be read is an error naming its
//! document, never skipped and never replaced by another text.

use std::rc::Rc;

use idb::{Database, DatabaseEvent, Factory, KeyPath, ObjectStoreParams, Transaction, TransactionMode, TransactionResult};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use web_sys::IdbTransaction;

use crate::core::document::Document;
use crate::core::library::Entry;

/// The app's database; tests open others with [`TextStore::open_named`].
const DATABASE: &str = "tagmark";
/// Version 1 is the first layout: the two stores below, keyed by `id`.
const VERSION: u32 = 1;
const TEXTS: &str = "texts";
const ENTRIES: &str = "entries";

/// Why the store can't be used or an operation did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// IndexedDB can't be used at all: missing, blocked, or private mode.
    Unavailable(String),
    /// The origin's storage quota is used up.
    Full,
    /// The stored record of document `id` can't be read back as it was written.
    Damaged {
        /// The document whose record it is.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Anything else the browser reported.
    Failed(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "the browser doesn't allow a database here ({why})"),
            StoreError::Full => write!(f, "the browser's storage for this site is full"),
            StoreError::Damaged { id, reason } => write!(f, "the stored document {id} is damaged ({reason})"),
            StoreError::Failed(why) => write!(f, "the browser's database refused ({why})"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Sorts what the browser reported. A DOMException shows as `Name: message`
/// whichever variant of `idb::Error` carries it, so the quota is found by name.
fn failed(error: idb::Error) -> StoreError {
    let why = error.to_string();
    if why.contains("QuotaExceededError") {
        StoreError::Full
    } else {
        StoreError::Failed(why)
    }
}

/// One record of the `texts` store: with the kinds, all it takes to rebuild
/// the document (see [`Document::from_stored`]).
#[derive(Serialize, Deserialize)]
struct TextRecord {
    id: String,
    text: String,
    blocks: String,
}

/// An open connection to the library's database. Cloning shares it.
#[derive(Clone, Debug)]
pub struct TextStore {
    db: Rc<Database>,
}

impl TextStore {
    /// Opens (creating on first use) the app's database.
    pub async fn open() -> Result<TextStore, StoreError> {
        TextStore::open_named(DATABASE).await
    }

    /// Opens the database `name` with the app's layout: tests use their own,
    /// so they never touch the reader's library.
    pub async fn open_named(name: &str) -> Result<TextStore, StoreError> {
        let unavailable = |e: idb::Error| StoreError::Unavailable(e.to_string());
        let factory = Factory::new().map_err(unavailable)?;
        let mut request = factory.open(name, Some(VERSION)).map_err(unavailable)?;
        request.on_upgrade_needed(|event| {
            // Only version 1 exists, so an upgrade always starts from nothing.
            // A failure here aborts the upgrade, which fails the open below.
            if let Ok(db) = event.database() {
                for store in [TEXTS, ENTRIES] {
                    let mut params = ObjectStoreParams::new();
                    params.key_path(Some(KeyPath::new_single("id")));
                    let _ = db.create_object_store(store, params);
                }
            }
        });
        let db = request.await.map_err(unavailable)?;
        Ok(TextStore { db: Rc::new(db) })
    }

    /// Every entry of the library, in id order (one `getAll`).
    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let tx = self.db.transaction(&[ENTRIES], TransactionMode::ReadOnly).map_err(failed)?;
        let store = tx.object_store(ENTRIES).map_err(failed)?;
        let values = store.get_all(None, None).map_err(failed)?.await.map_err(failed)?;
        values.into_iter().map(entry_from).collect()
    }

    /// Writes (or replaces) one entry, say after a rename or a status change.
    pub async fn put_entry(&self, entry: &Entry) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[ENTRIES], TransactionMode::ReadWrite).map_err(failed)?;
        tx.object_store(ENTRIES).map_err(failed)?.put(&to_js(entry)?, None).map_err(failed)?;
        finish(tx).await
    }

    /// Writes a document's text and its entry in one transaction, so the
    /// list never shows an entry whose text is missing (or the other way).
    pub async fn put_document(&self, entry: &Entry, doc: &Document) -> Result<(), StoreError> {
        if entry.id != doc.id() {
            return Err(StoreError::Failed(format!("entry {} given for document {}", entry.id, doc.id())));
        }
        let record = TextRecord { id: doc.id().to_string(), text: doc.text().to_string(), blocks: doc.stored_kinds() };
        let tx = self.db.transaction(&[TEXTS, ENTRIES], TransactionMode::ReadWrite).map_err(failed)?;
        tx.object_store(TEXTS).map_err(failed)?.put(&to_js(&record)?, None).map_err(failed)?;
        tx.object_store(ENTRIES).map_err(failed)?.put(&to_js(entry)?, None).map_err(failed)?;
        finish(tx).await
    }

    /// The document `id`, rebuilt from its stored text and block kinds;
    /// `None` when there is no such record.
    pub async fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let tx = self.db.transaction(&[TEXTS], TransactionMode::ReadOnly).map_err(failed)?;
        let store = tx.object_store(TEXTS).map_err(failed)?;
        let Some(value) = store.get(JsValue::from_str(id)).map_err(failed)?.await.map_err(failed)? else {
            return Ok(None);
        };
        let damaged = |reason: &str| StoreError::Damaged { id: id.to_string(), reason: reason.to_string() };
        let record: TextRecord =
            serde_wasm_bindgen::from_value(value).map_err(|e| damaged(&e.to_string()))?;
        let doc = Document::from_stored(&record.text, &record.blocks)
            .ok_or_else(|| damaged("its text and block kinds don't fit together"))?;
        // The id is a hash of the text: a text changed in storage shows here.
        if record.id != id || doc.id() != id {
            return Err(damaged("its text is not the one stored under this id"));
        }
        Ok(Some(doc))
    }

    /// Removes a document's text and entry in one transaction.
    pub async fn remove(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[TEXTS, ENTRIES], TransactionMode::ReadWrite).map_err(failed)?;
        for store in [TEXTS, ENTRIES] {
            tx.object_store(store).map_err(failed)?.delete(JsValue::from_str(id)).map_err(failed)?;
        }
        finish(tx).await
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| StoreError::Failed(e.to_string()))
}

/// An entry as stored; one that can't be read is named by its key.
fn entry_from(value: JsValue) -> Result<Entry, StoreError> {
    let id = js_sys::Reflect::get(&value, &JsValue::from_str("id")).ok().and_then(|v| v.as_string());
    serde_wasm_bindgen::from_value(value).map_err(|e| StoreError::Damaged {
        id: id.unwrap_or_else(|| "without an id".to_string()),
        reason: e.to_string(),
    })
}

/// Waits until a write transaction has committed. Requests are not awaited
/// one by one: a failed request aborts the transaction, which reports it.
async fn finish(tx: Transaction) -> Result<(), StoreError> {
    // Kept to read the reason after an abort, which the future doesn't give.
    let raw: IdbTransaction = tx.into();
    match Transaction::from(raw.clone()).await {
        Ok(TransactionResult::Committed) => Ok(()),
        Ok(TransactionResult::Aborted) => Err(match raw.error() {
            Some(e) if e.name() == "QuotaExceededError" => StoreError::Full,
            Some(e) => StoreError::Failed(format!("{}: {}", e.name(), e.message())),
            None => StoreError::Failed("the write was aborted".to_string()),
        }),
        Err(e) => Err(failed(e)),
    }
}
