//! When the app panics, the page must not just die: a banner says what
//! happened and offers the reader's work as it was in memory, built from a
//! copy kept outside the reactive system (which may be what broke).

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::document::Document;
use crate::core::formats::tagmark as export;
use crate::web::{local_storage, unsaved};

/// The open document, and how to export its live state.
struct Watched {
    doc: Arc<Document>,
    /// Builds the export of the live state (file name, JSON) for a time
    /// stamp. It may fail (the crash may have happened while the state was
    /// being changed); the banner is shown by then.
    live_export: Box<dyn Fn(&str) -> Option<(String, String)>>,
}

thread_local! {
    static WATCHED: RefCell<Option<Watched>> = const { RefCell::new(None) };
    /// Whether the live state has changed since it was last saved.
    static BEHIND: Cell<bool> = const { Cell::new(false) };
}

/// Lets the crash banner offer the open document's work: as last saved
/// (read from storage at crash time) and, when saving is behind, as it was
/// in memory (`live_export` gets the time stamp and returns the file name and JSON).
pub fn watch(doc: Arc<Document>, live_export: impl Fn(&str) -> Option<(String, String)> + 'static) {
    BEHIND.with(|b| b.set(false));
    WATCHED.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            *w = Some(Watched { doc, live_export: Box::new(live_export) });
        }
    });
}

/// Notes that the live state moved past what is saved.
pub fn mark_behind() {
    BEHIND.with(|b| b.set(true));
}

/// Notes that storage holds the live state.
pub fn mark_saved() {
    BEHIND.with(|b| b.set(false));
}

/// Forgets the open document once its session is gone (the reader opened
/// another, or the library), so nothing keeps it in memory. Its unsaved
/// work, if any, is in [`unsaved`] by then.
pub fn forget_work() {
    BEHIND.with(|b| b.set(false));
    WATCHED.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            *w = None;
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
    let mut offered = 0;
    for (label, (file_name, json)) in downloads(&now) {
        let link = download_link(&document, &label, &file_name, &json)?;
        message.append_child(&document.create_text_node(" "))?;
        message.append_child(&link)?;
        offered += 1;
    }
    if offered == 0 {
        message.append_child(&document.create_text_node("No work was waiting to be saved."))?;
    }
    Ok(())
}

/// What the banner offers, as (link text, (file name, JSON)): the open
/// document's unsaved work (if saving is behind) and its last save, the
/// unsaved work on documents left earlier, and, with no document open,
/// every stored value of Tagmark's.
fn downloads(now: &str) -> Vec<(String, (String, String))> {
    let mut offered = Vec::new();
    let behind = BEHIND.with(|b| b.get());
    let open_id = WATCHED.with(|w| {
        let w = w.try_borrow().ok()?;
        let watched = w.as_ref()?;
        if behind {
            if let Some(export) = (watched.live_export)(now) {
                offered.push(("Download your highlights as they were in memory".to_string(), export));
            }
        }
        if let Some(export) = last_saved(&watched.doc, now) {
            offered.push(("Download your highlights as last saved".to_string(), export));
        }
        Some(watched.doc.id().to_string())
    });
    unsaved::for_each(|doc, saved| {
        if open_id.as_deref() != Some(doc.id()) {
            if let Some(export) = export_json(doc, &saved.annotations, now) {
                offered.push((format!("Download the unsaved highlights on “{}”", doc.title()), export));
            }
        }
    });
    if open_id.is_none() {
        let backup = local_storage::backup_of_everything();
        offered.push(("Download everything Tagmark keeps in localStorage".to_string(), (format!("tagmark-localstorage-{}.json", &now[..10.min(now.len())]), backup)));
    }
    offered
}

/// The export of what storage holds for `doc`.
fn last_saved(doc: &Document, now: &str) -> Option<(String, String)> {
    let opened = local_storage::open(doc, "crash").ok()?;
    export_json(doc, &opened.saved.annotations, now)
}

fn download_link(document: &web_sys::Document, label: &str, file_name: &str, json: &str) -> Result<web_sys::Element, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&web_sys::Url::create_object_url_with_blob(&blob)?);
    link.set_download(file_name);
    link.set_text_content(Some(label));
    Ok(link.into())
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
        "Tagmark hit an internal error and stopped responding. Your highlights up to the last save are still in this browser.",
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
