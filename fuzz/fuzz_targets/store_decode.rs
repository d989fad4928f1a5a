//! Any bytes in localStorage: reading them must never panic, and whatever is
//! accepted must lie within the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tagmark::core::document::{Document, ARTICLE};
use tagmark::core::stored_format;

fn article() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| Document::parse(ARTICLE).expect("the shipped article has text"))
}

fuzz_target!(|data: &[u8]| {
    let doc = article();
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    if let Ok(decoded) = stored_format::decode(doc, value) {
        for a in &decoded.saved.annotations {
            assert!(a.start < a.end && a.end <= doc.len());
        }
    }
});
