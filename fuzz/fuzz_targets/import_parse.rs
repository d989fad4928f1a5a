//! Any bytes given to the import parser: it must answer (Ok or a clear
//! error) without panicking, and whatever it accepts must anchor only onto
//! its quote or a close version of it and merge without breaking document order.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tagmark::core::document::{Document, ARTICLE};
use tagmark::core::{formats, merge};

fn article() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| Document::parse(ARTICLE).expect("the shipped article has text"))
}

fuzz_target!(|data: &[u8]| {
    let doc = article();
    let Ok((_, incoming)) = formats::read(data) else { return };
    for item in &incoming {
        if let Some((start, end)) = merge::anchor(doc, item) {
            assert!(start < end && end <= doc.len());
            assert!(tagmark::core::anchor::is_close(&item.quote, doc.slice(start, end)));
        }
    }
    let plan = merge::plan(doc, &[], incoming);
    let mut list = Vec::new();
    merge::apply(&mut list, &plan);
    assert!(list.windows(2).all(|w| w[0].start <= w[1].start));
    for a in &list {
        assert!(a.start < a.end && a.end <= doc.len());
    }
});
