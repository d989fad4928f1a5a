//! When the app panics, the page must not just die: a banner says what
//! happened and offers the reader's work as it was in memory, built from a
//! copy kept outside the reactive system (which may be what broke).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::document::Document;
use crate::core::formats::tagmark;
use crate::core::stored_format::{self, Saved};
use crate::store::Store;
use leptos::prelude::WithUntracked;

/// The latest copy of the reader's work.
enum Work {
    /// What was last written to storage (free to keep: the save made it anyway).
    Stored(&'static Document, String),
    /// A copy taken while saving doesn't work.
    Unsaved(&'static Document, Saved),
}

thread_local! {
    static LAST_WORK: RefCell<Option<Work>> = const { RefCell::new(None) };
    /// The live store, read at crash time when [`LAST_WORK`] is behind it.
    static LIVE: std::cell::Cell<Option<Store>> = const { std::cell::Cell::new(None) };
    /// Whether the live state has changed since [`LAST_WORK`] was taken.
    static BEHIND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Lets the crash banner read the live store as a last resort.
pub fn watch(store: Store) {
    LIVE.with(|live| live.set(Some(store)));
}

/// Notes that the live state moved past the last remembered copy.
pub fn mark_behind() {
    BEHIND.with(|b| b.set(true));
}

/// Remembers the value just written to storage.
pub fn remember_stored(doc: &'static Document, json: String) {
    keep(Work::Stored(doc, json));
}

/// Remembers work that storage doesn't hold.
pub fn remember_unsaved(doc: &'static Document, saved: Saved) {
    keep(Work::Unsaved(doc, saved));
}

fn keep(work: Work) {
    BEHIND.with(|b| b.set(false));
    LAST_WORK.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = Some(work);
        }
    });
}

/// Logs panics to the console and shows the crash banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let _ = show_banner(&info.to_string());
    }));
}

/// Panics on purpose, so tests can check that a crash is survivable.
#[wasm_bindgen]
pub fn tagmark_simulate_crash() {
    panic!("simulated crash (tagmark_simulate_crash)");
}

fn show_banner(detail: &str) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let (banner, message) = build_banner(&document, detail)?;
    // The banner is in the page before anything below can fail.
    document.body().ok_or("no body")?.prepend_with_node_1(&banner)?;
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    let behind = BEHIND.with(|b| b.get());
    let export = if behind { live_export(&now) } else { None }.or_else(|| remembered_export(&now));
    if let Some((file_name, json)) = export {
        let parts = js_sys::Array::of1(&JsValue::from_str(&json));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
        link.set_href(&web_sys::Url::create_object_url_with_blob(&blob)?);
        link.set_download(&file_name);
        link.set_text_content(Some("Download your highlights as they were in memory"));
        message.append_child(&link)?;
    }
    Ok(())
}

/// The export of the live store. Reading it may fail if the crash happened
/// while it was being changed; the banner is already shown by then.
fn live_export(now: &str) -> Option<(String, String)> {
    let store = LIVE.with(|live| live.get())?;
    let file = store.annotations.try_with_untracked(|list| tagmark::build(store.doc, list, now))?;
    Some((tagmark::file_name(store.doc), serde_json::to_string_pretty(&file).ok()?))
}

/// The export of the last remembered copy.
fn remembered_export(now: &str) -> Option<(String, String)> {
    LAST_WORK.with(|cell| {
        let slot = cell.try_borrow().ok()?;
        let (doc, annotations) = match slot.as_ref()? {
            Work::Stored(doc, json) => {
                let value = serde_json::from_str(json).ok()?;
                (*doc, stored_format::decode(doc, value).ok()?.saved.annotations)
            }
            Work::Unsaved(doc, saved) => (*doc, saved.annotations.clone()),
        };
        let json = serde_json::to_string_pretty(&tagmark::build(doc, &annotations, now)).ok()?;
        Some((tagmark::file_name(doc), json))
    })
}

fn build_banner(document: &web_sys::Document, detail: &str) -> Result<(web_sys::Element, web_sys::Element), JsValue> {
    let banner = document.create_element("div")?;
    banner.set_class_name("crash");
    banner.set_attribute("role", "alert")?;
    let message = document.create_element("p")?;
    message.set_text_content(Some(
        "Tagmark hit an internal error and stopped responding. Your highlights up to the last save are still in this browser. ",
    ));
    banner.append_child(&message)?;
    let details = document.create_element("pre")?;
    details.set_text_content(Some(detail));
    banner.append_child(&details)?;
    let reload = document.create_element("button")?;
    reload.set_text_content(Some("Reload Tagmark"));
    let on_click = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    reload.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    banner.append_child(&reload)?;
    Ok((banner, message))
}
