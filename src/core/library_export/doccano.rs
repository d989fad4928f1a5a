//! doccano JSONL for the whole library: one line per document, with the
//! labels the single-document doccano export writes.

use serde::Serialize;

use super::export_of;
use crate::core::formats::doccano::labels;
use crate::core::library::Item;

/// One line. doccano reads `text` and `label` and keeps the other keys as
/// the example's metadata, so the title and status survive a round trip
/// through its project; `id` ties the line back to the Tagmark document.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    label: Vec<(usize, usize, &'static str)>,
    title: &'a str,
    status: &'static str,
}

/// Writes one line per item, each ending in a line feed; a document
/// without annotations is a line with an empty `label`, an unlabeled example.
pub(super) fn write(items: &[Item], exported: &str) -> String {
    let mut out = String::new();
    for item in items {
        let export = export_of(item, exported);
        let line = Line {
            id: &item.entry.id,
            text: item.document.text(),
            label: labels(&export),
            title: &item.entry.title,
            status: item.entry.status.as_str(),
        };
        out.push_str(&serde_json::to_string(&line).expect("a doccano line serializes"));
        out.push('\n');
    }
    out
}
