//! Word boundaries from the browser's own segmenter (`Intl.Segmenter`),
//! which knows Chinese words; Rust has no dictionary for them.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::core::text::code_points_of_utf16_prefix;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = Segmenter)]
    type Segmenter;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "Segmenter", catch)]
    fn new(locale: &str, options: &JsValue) -> Result<Segmenter, JsValue>;

    #[wasm_bindgen(method)]
    fn segment(this: &Segmenter, input: &str) -> JsValue;
}

#[derive(serde::Serialize)]
struct Options {
    granularity: &'static str,
}

#[derive(Deserialize)]
struct Segment {
    /// UTF-16 offset of the segment in the input.
    index: usize,
}

/// Code point offsets where words of `text` begin, plus the end of the text.
/// Falls back to every character when the browser has no segmenter.
pub fn word_boundaries(text: &str) -> Vec<usize> {
    let len = text.chars().count();
    let segmented = serde_wasm_bindgen::to_value(&Options { granularity: "word" })
        .ok()
        .and_then(|options| Segmenter::new("zh", &options).ok())
        .map(|segmenter| js_sys::Array::from(&segmenter.segment(text)));
    let Some(segments) = segmented else { return (0..=len).collect() };
    let mut boundaries: Vec<usize> = segments
        .iter()
        .filter_map(|s| serde_wasm_bindgen::from_value::<Segment>(s).ok())
        .map(|s| code_points_of_utf16_prefix(text, s.index))
        .collect();
    boundaries.push(len);
    boundaries.dedup();
    boundaries
}
