//! In-browser tests of the IndexedDB text store and navigator.storage, in
//! headless Chromium. Each test opens a database of its own, deleted first,
//! so a rerun starts from nothing and tests don't see each other's records.
#![cfg(target_arch = "wasm32")]

use tagmark::core::document::{BlockKind, Document};
use tagmark::core::library::{Entry, Status};
use tagmark::web::storage_manager;
use tagmark::web::text_store::{StoreError, TextStore};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// Plain IndexedDB calls, so the tests don't check the store with itself.
#[wasm_bindgen(inline_js = r#"
const done = (req) => new Promise((ok, fail) => {
  req.onsuccess = () => ok(req.result);
  req.onerror = () => fail(req.error);
  req.onblocked = () => fail(new Error("blocked"));
});
export function drop_database(name) { return done(indexedDB.deleteDatabase(name)); }
export async function put_raw(name, store, record) {
  const db = await done(indexedDB.open(name));
  const tx = db.transaction(store, "readwrite");
  tx.objectStore(store).put(record);
  await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onabort = tx.onerror = () => fail(tx.error); });
  db.close();
}
"#)]
extern "C" {
    fn drop_database(name: &str) -> js_sys::Promise;
    fn put_raw(name: &str, store: &str, record: JsValue) -> js_sys::Promise;
}

/// A store on an empty database of its own.
async fn fresh(name: &str) -> TextStore {
    JsFuture::from(drop_database(name)).await.expect("the old test database can be deleted");
    TextStore::open_named(name).await.expect("IndexedDB works in headless Chromium")
}

fn doc() -> Document {
    Document::from_blocks(vec![
        (BlockKind::Title, "𠮷野家😀开店".to_string()),
        (BlockKind::Subtitle, "——东方风来春色新".to_string()),
        (BlockKind::Paragraph, "第一段：有160多个政党。👩‍👩‍👧".to_string()),
        (BlockKind::Quote, "“青山着意化为桥”".to_string()),
        (BlockKind::Source, "（本版稿件均据新华社）".to_string()),
    ])
    .expect("the test text has text")
}

fn entry(doc: &Document, title: &str) -> Entry {
    Entry {
        id: doc.id().to_string(),
        title: title.to_string(),
        file_name: "吉野家.txt".to_string(),
        status: Status::InProgress,
        length: doc.len(),
        counts: [1, 2, 3],
        added: "2026-01-02T03:04:05Z".to_string(),
        edited: String::new(),
    }
}

#[wasm_bindgen_test]
async fn a_document_comes_back_with_its_id_text_and_blocks() {
    let store = fresh("tagmark-test-document").await;
    let doc = doc();
    store.put_document(&entry(&doc, "吉野家"), &doc).await.unwrap();
    let back = store.document(doc.id()).await.unwrap().expect("the document was stored");
    assert_eq!(back.id(), doc.id());
    assert_eq!(back.text(), doc.text());
    assert_eq!(back.blocks(), doc.blocks());
    assert_eq!(back.stored_kinds(), "tspqr");
    assert_eq!(store.entries().await.unwrap(), vec![entry(&doc, "吉野家")]);
    assert!(store.document("no-such-id").await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn entries_round_trip_and_a_put_replaces() {
    let store = fresh("tagmark-test-entries").await;
    let one = Document::parse("一\n\n第一篇").unwrap();
    let two = Document::parse("二\n\n第二篇𠮷").unwrap();
    store.put_entry(&entry(&one, "first")).await.unwrap();
    store.put_entry(&entry(&two, "second")).await.unwrap();
    let mut renamed = entry(&one, "第一篇 renamed");
    renamed.status = Status::Done;
    store.put_entry(&renamed).await.unwrap();
    let mut got = store.entries().await.unwrap();
    got.sort_by(|a, b| a.title.cmp(&b.title));
    assert_eq!(got, vec![entry(&two, "second"), renamed]);
}

#[wasm_bindgen_test]
async fn remove_takes_the_text_and_the_entry() {
    let store = fresh("tagmark-test-remove").await;
    let (kept, gone) = (doc(), Document::parse("删\n\n这篇要删掉").unwrap());
    store.put_document(&entry(&kept, "kept"), &kept).await.unwrap();
    store.put_document(&entry(&gone, "gone"), &gone).await.unwrap();
    store.remove(gone.id()).await.unwrap();
    assert!(store.document(gone.id()).await.unwrap().is_none());
    assert!(store.document(kept.id()).await.unwrap().is_some());
    assert_eq!(store.entries().await.unwrap(), vec![entry(&kept, "kept")]);
}

#[wasm_bindgen_test]
async fn a_mismatched_entry_is_refused() {
    let store = fresh("tagmark-test-mismatch").await;
    let (a, b) = (doc(), Document::parse("别的").unwrap());
    assert!(matches!(store.put_document(&entry(&a, "a"), &b).await, Err(StoreError::Failed(_))));
    assert!(store.entries().await.unwrap().is_empty());
}

/// Writes `record` into the texts store behind the store's back.
async fn damage(name: &str, record: &[(&str, &str)]) {
    let object = js_sys::Object::new();
    for (key, value) in record {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value)).unwrap();
    }
    JsFuture::from(put_raw(name, "texts", object.into())).await.expect("a raw write works");
}

fn assert_damaged(result: Result<Option<Document>, StoreError>, id: &str) {
    match result {
        Err(error @ StoreError::Damaged { .. }) => {
            assert!(error.to_string().contains(id), "{error} names {id}");
        }
        other => panic!("expected a damaged record, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_damaged_record_is_an_error_naming_its_id() {
    let name = "tagmark-test-damaged";
    let store = fresh(name).await;
    let doc = doc();
    store.put_document(&entry(&doc, "t"), &doc).await.unwrap();
    // Three blocks of text under five kinds.
    let lines = doc.text().split('\n').take(3).collect::<Vec<_>>().join("\n");
    damage(name, &[("id", doc.id()), ("text", &lines), ("blocks", "tspqr")]).await;
    assert_damaged(store.document(doc.id()).await, doc.id());
    // Text and kinds that fit, but not the text this id was stored for.
    damage(name, &[("id", doc.id()), ("text", "另一篇"), ("blocks", "p")]).await;
    assert_damaged(store.document(doc.id()).await, doc.id());
    // Not a text record at all.
    damage(name, &[("id", "broken")]).await;
    assert_damaged(store.document("broken").await, "broken");
}

#[wasm_bindgen_test]
async fn a_damaged_entry_is_an_error_naming_its_id() {
    let name = "tagmark-test-damaged-entry";
    let store = fresh(name).await;
    let object = js_sys::Object::new();
    js_sys::Reflect::set(&object, &"id".into(), &"bad-entry".into()).unwrap();
    js_sys::Reflect::set(&object, &"length".into(), &"not a number".into()).unwrap();
    JsFuture::from(put_raw(name, "entries", object.into())).await.unwrap();
    let error = store.entries().await.expect_err("the entry can't be read");
    assert!(matches!(&error, StoreError::Damaged { id, .. } if id == "bad-entry"), "{error:?}");
}

#[wasm_bindgen_test]
async fn the_estimate_gives_usage_and_quota() {
    let (usage, quota) = storage_manager::estimate().await.expect("Chromium has navigator.storage");
    assert!(usage >= 0.0 && quota > 0.0 && usage <= quota, "usage {usage}, quota {quota}");
    assert!(storage_manager::persisted().await.is_some());
}
