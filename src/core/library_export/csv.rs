//! The whole library as one CSV: the single-document CSV's rows, each
//! after the id and title of its document.

use super::export_of;
use crate::core::formats::csv::{defused, push_record, row, CSV_HEADER};
use crate::core::formats::Utf16Offsets;
use crate::core::library::Item;

/// The columns before the single-document CSV's.
const DOCUMENT_COLUMNS: [&str; 2] = ["document_id", "title"];

/// RFC 4180 with CRLF, the header first, then one row per annotation in
/// document order. A document without annotations has no row: a row is an
/// annotation. The title gets the same formula guard as every text cell (a
/// title such as `=SUM(1)` would otherwise run in a spreadsheet).
pub(super) fn write(items: &[Item], exported: &str) -> String {
    let mut out = String::new();
    push_record(&mut out, DOCUMENT_COLUMNS.iter().chain(CSV_HEADER.iter()).map(|h| h.to_string()));
    for item in items {
        let export = export_of(item, exported);
        let utf16 = Utf16Offsets::new(item.document);
        let (id, title) = (defused(&item.entry.id), defused(&item.entry.title));
        for a in &export.annotations {
            push_record(&mut out, [id.clone(), title.clone()].into_iter().chain(row(a, &utf16)));
        }
    }
    out
}
