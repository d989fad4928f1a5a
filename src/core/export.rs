//! The JSON a reader downloads with **Export JSON**.

use serde::{Deserialize, Serialize};

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;

/// Value of the export's `format` field.
pub const EXPORT_FORMAT: &str = "tagmark-annotations";
/// Version of the export's shape.
pub const EXPORT_VERSION: u32 = 1;
/// Code points of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// A whole export file.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Export {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// Always [`EXPORT_VERSION`].
    pub version: u32,
    /// The unit of `start` and `end`: `"codepoint"`.
    pub offset_unit: String,
    /// When the file was made (RFC 3339, UTC).
    pub exported: String,
    /// The text the offsets count into.
    pub document: ExportedDocument,
    /// In document order.
    pub annotations: Vec<ExportedAnnotation>,
}

/// Which text the annotations belong to.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct ExportedDocument {
    /// Hash of the canonical text.
    pub id: String,
    /// The headline.
    pub title: String,
    /// Length of the canonical text in code points.
    pub length: usize,
}

/// One annotation, self-describing enough to re-anchor it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ExportedAnnotation {
    /// Stable id.
    pub id: String,
    /// `quote`, `statistic` or `event`.
    pub tag: Tag,
    /// Exactly `canonical[start..end]`.
    pub quote: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Up to [`CONTEXT_CHARS`] code points before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after the quote.
    pub suffix: String,
    /// When it was made (RFC 3339, UTC).
    pub created: String,
    /// When it last changed (RFC 3339, UTC).
    pub modified: String,
    /// The reader's plain-text note (empty when there is none).
    pub note: String,
}

/// Builds the export of `annotations` on `doc`, stamped `exported`.
pub fn build(doc: &Document, annotations: &[Annotation], exported: &str) -> Export {
    Export {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        offset_unit: "codepoint".into(),
        exported: exported.into(),
        document: ExportedDocument { id: doc.id().into(), title: doc.title().into(), length: doc.len() },
        annotations: annotations
            .iter()
            .map(|a| ExportedAnnotation {
                id: a.id.clone(),
                tag: a.tag,
                quote: doc.slice(a.start, a.end).into(),
                start: a.start,
                end: a.end,
                prefix: doc.slice(a.start.saturating_sub(CONTEXT_CHARS), a.start).into(),
                suffix: doc.slice(a.end, a.end + CONTEXT_CHARS).into(),
                created: a.created.clone(),
                modified: a.modified.clone(),
                note: a.note.clone(),
            })
            .collect(),
    }
}

/// The download's file name: `<document title>-annotations.json`, with
/// characters that file systems reject replaced.
pub fn file_name(doc: &Document) -> String {
    let stem: String = doc
        .title()
        .chars()
        .map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c })
        .collect();
    let stem = if stem.trim().is_empty() { doc.id().to_string() } else { stem };
    format!("{stem}-annotations.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_prefix_and_suffix_come_from_the_text() {
        let doc = Document::parse("标题\n\n今天𠮷野家😀开店，热闹。").unwrap();
        let a = Annotation::new("x", Tag::Event, 5, 9, "t");
        let export = build(&doc, &[a], "2026-11-25T00:00:00Z");
        let got = &export.annotations[0];
        assert_eq!(got.quote, "𠮷野家😀");
        assert_eq!(got.prefix, "标题\n今天");
        assert_eq!(got.suffix, "开店，热闹。");
        assert_eq!(export.document.length, doc.len());
        let chars: Vec<char> = doc.text().chars().collect();
        assert_eq!(chars[got.start..got.end].iter().collect::<String>(), got.quote);
    }

    #[test]
    fn json_has_the_documented_fields() {
        let doc = Document::parse("标题\n\n正文。").unwrap();
        let a = Annotation::new("x", Tag::Quote, 3, 5, "t");
        let value = serde_json::to_value(build(&doc, &[a], "now")).unwrap();
        for field in ["format", "version", "offset_unit", "exported", "document", "annotations"] {
            assert!(value.get(field).is_some(), "missing {field}");
        }
        let first = &value["annotations"][0];
        for field in ["id", "tag", "quote", "start", "end", "prefix", "suffix", "created", "modified", "note"] {
            assert!(first.get(field).is_some(), "missing annotations[].{field}");
        }
        assert_eq!(first["tag"], "quote");
        assert_eq!(value["document"]["title"], "标题");
    }

    #[test]
    fn file_name_uses_the_title() {
        assert_eq!(file_name(&Document::parse("东方风来春色新\n\n正文。").unwrap()), "东方风来春色新-annotations.json");
        assert_eq!(file_name(&Document::parse("a/b:c\n\n正文。").unwrap()), "a_b_c-annotations.json");
    }
}
