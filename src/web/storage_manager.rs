//! `navigator.storage`: asking the browser to keep the library (it may
//! otherwise evict IndexedDB under storage pressure) and how much room is
//! left. Each answer is `None` where the browser has no such API (an
//! insecure context, an old browser) or refuses to answer.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{StorageEstimate, StorageManager};

fn manager() -> Option<StorageManager> {
    let manager = web_sys::window()?.navigator().storage();
    // The binding returns whatever the property holds, undefined included.
    (!manager.is_undefined()).then_some(manager)
}

async fn settle(promise: Result<Promise, wasm_bindgen::JsValue>) -> Option<wasm_bindgen::JsValue> {
    JsFuture::from(promise.ok()?).await.ok()
}

/// Asks that the site's storage be kept under pressure: whether it now is.
pub async fn persist() -> Option<bool> {
    settle(manager()?.persist()).await?.as_bool()
}

/// Whether the site's storage is already kept under pressure.
pub async fn persisted() -> Option<bool> {
    settle(manager()?.persisted()).await?.as_bool()
}

/// Bytes the site uses and the most it may use, as the browser estimates them.
pub async fn estimate() -> Option<(f64, f64)> {
    // A dictionary, not a class: there is no instanceof to check.
    let estimate: StorageEstimate = settle(manager()?.estimate()).await?.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}
