//! When the app panics, the page must not just die: a banner says what
//! happened and offers the reader's work as it was in memory, built from a
//! copy kept outside the reactive system (which may be what broke).

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::document::Document;
use crate::core::formats::tagmark as export;
use crate::core::stored_format::{self, Saved};

/// The latest copy of the reader's work.
enum Work {
    /// What was last written to storage (free to keep: the save made it anyway).
    Stored(Arc<Document>, String),
    /// A copy taken while saving doesn't work.
    Unsaved(Arc<Document>, Saved),
}

thread_local! {
    static LAST_WORK: RefCell<Option<Work>> = const { RefCell::new(None) };
    /// Builds the export of the live state (file name, JSON) for a time stamp,
    /// read at crash time when [`LAST_WORK`] is behind it.
    static LIVE: RefCell<Option<LiveExport>> = const { RefCell::new(None) };
    /// Whether the live state has changed since [`LAST_WORK`] was taken.
    static BEHIND: Cell<bool> = const { Cell::new(false) };
}

/// See [`LIVE`]. It may fail (the crash may have happened while the state
/// was being changed); the banner is shown by then.
type LiveExport = Box<dyn Fn(&str) -> Option<(String, String)>>;

/// Lets the crash banner export the live state as a last resort:
/// `live_export` gets the time stamp and returns the file name and JSON.
pub fn watch(live_export: impl Fn(&str) -> Option<(String, String)> + 'static) {
    LIVE.with(|live| *live.borrow_mut() = Some(Box::new(live_export)));
}

/// Notes that the live state moved past the last remembered copy.
pub fn mark_behind() {
    BEHIND.with(|b| b.set(true));
}

/// Remembers the value just written to storage.
pub fn remember_stored(doc: Arc<Document>, json: String) {
    keep(Work::Stored(doc, json));
}

/// Remembers work that storage doesn't hold.
pub fn remember_unsaved(doc: Arc<Document>, saved: Saved) {
    keep(Work::Unsaved(doc, saved));
}

/// Drops the copy of a document's work once its session is gone (the
/// reader opened another document), so the copy doesn't keep it in memory.
pub fn forget_work() {
    LIVE.with(|live| live.borrow_mut().take());
    LAST_WORK.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = None;
        }
    });
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
    let now = crate::web::clock::now_rfc3339();
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

fn live_export(now: &str) -> Option<(String, String)> {
    LIVE.with(|live| live.try_borrow().ok()?.as_ref()?(now))
}

/// The export of the last remembered copy.
fn remembered_export(now: &str) -> Option<(String, String)> {
    LAST_WORK.with(|cell| {
        let slot = cell.try_borrow().ok()?;
        let (doc, annotations) = match slot.as_ref()? {
            Work::Stored(doc, json) => {
                let value = serde_json::from_str(json).ok()?;
                (doc, stored_format::decode(doc, value).ok()?.saved.annotations)
            }
            Work::Unsaved(doc, saved) => (doc, saved.annotations.clone()),
        };
        export_json(doc, &annotations, now)
    })
}

/// The Tagmark JSON export of `annotations` on `doc`: file name and text.
pub fn export_json(doc: &Document, annotations: &[crate::core::annotation::Annotation], now: &str) -> Option<(String, String)> {
    let json = serde_json::to_string_pretty(&export::build(doc, annotations, now)).ok()?;
    Some((export::file_name(doc), json))
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
