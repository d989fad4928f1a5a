//! The browser's decoder for `core::readers::encoding`: `TextDecoder`,
//! whose tables the browser already has, so none go into the wasm.

use crate::core::readers::encoding::Encoding;
use wasm_bindgen::JsValue;
use web_sys::{TextDecoder, TextDecoderOptions};

/// The text of `bytes` in `encoding`, `None` on any invalid sequence
/// (`fatal`, never a replacement character). A byte order mark is left in
/// the text (`ignoreBOM`): the core has stripped the file's own, and the
/// host decoder in the tests leaves any other, so both read alike.
pub fn decode(encoding: Encoding, bytes: &[u8]) -> Option<String> {
    let options = TextDecoderOptions::new();
    options.set_fatal(true);
    // web-sys has no setter for it; the dictionary member is plain JS.
    js_sys::Reflect::set(&options, &JsValue::from_str("ignoreBOM"), &JsValue::TRUE).ok()?;
    let decoder = TextDecoder::new_with_label_and_options(encoding.label(), &options).ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}
