//! Tagmark's own JSON, the file a reader downloads with **Export JSON**: its
//! shape, writing it (the menu's Tagmark JSON adds UTF-16 offsets for
//! JavaScript, Java and C# consumers) and reading it back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{read_each, Utf16Offsets};
use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::import::{shown, ImportError};
use crate::core::incoming::Incoming;

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
    /// Where an accepted suggestion came from (`rule:…`, `learned:…`,
    /// `pattern:…`); absent for what the reader tagged by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
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
                source: a.source.clone(),
            })
            .collect(),
    }
}

/// The download's file name: `<document title>-annotations.json`, with
/// characters that file systems reject replaced.
pub fn file_name(doc: &Document) -> String {
    let stem = safe_stem(doc.title());
    let stem = if stem.trim().is_empty() { doc.id().to_string() } else { stem };
    format!("{stem}-annotations.json")
}

/// `name` with the characters file systems reject (controls and
/// `/\:*?"<>|`) replaced by `_`, for every download's file name.
pub(crate) fn safe_stem(name: &str) -> String {
    name.chars().map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c }).collect()
}

// ---------------------------------------------------------------- writing

/// The export with two more fields per annotation. Typed rather than a
/// `serde_json::Value` edited in place, because `Value` objects sort their
/// keys: this keeps the file byte for byte what Export JSON writes, plus the
/// two fields at the end of each annotation.
#[derive(Serialize)]
struct TagmarkFile<'a> {
    format: &'a str,
    version: u32,
    offset_unit: &'a str,
    exported: &'a str,
    document: &'a ExportedDocument,
    annotations: Vec<TagmarkAnnotation<'a>>,
}

/// One annotation as the Tagmark JSON writes it (also each document's
/// annotations in a corpus file): the export's fields, then UTF-16 offsets.
#[derive(Serialize)]
pub(crate) struct TagmarkAnnotation<'a> {
    #[serde(flatten)]
    pub(crate) fields: &'a ExportedAnnotation,
    pub(crate) start_utf16: usize,
    pub(crate) end_utf16: usize,
}

/// Writes the Tagmark JSON of `export`.
pub(super) fn write(export: &Export, utf16: &Utf16Offsets) -> String {
    // No `..`: a field added to `Export` fails to compile here instead of
    // silently going missing from this format.
    let Export { format, version, offset_unit, exported, document, annotations } = export;
    let file = TagmarkFile {
        format,
        version: *version,
        offset_unit,
        exported,
        document,
        annotations: annotations
            .iter()
            .map(|a| TagmarkAnnotation { fields: a, start_utf16: utf16.at(a.start), end_utf16: utf16.at(a.end) })
            .collect(),
    };
    serde_json::to_string_pretty(&file).expect("an export serializes")
}

// ---------------------------------------------------------------- reading

/// Reads a Tagmark export, already parsed as JSON by [`super::read`] (which
/// checked its size), checking everything before returning any of it.
pub(super) fn read(value: &Value) -> Result<Vec<Incoming>, ImportError> {
    let not_tagmark = |why: &str| ImportError::NotTagmark(why.to_string());

    let Value::Object(top) = value else {
        return Err(not_tagmark("it is not a JSON object"));
    };
    match top.get("format") {
        None => return Err(not_tagmark("it has no \"format\" field")),
        Some(Value::String(format)) if format == EXPORT_FORMAT => {}
        Some(Value::String(format)) => {
            return Err(ImportError::NotTagmark(format!(
                "its format is {}, not \"{EXPORT_FORMAT}\"",
                shown(format)
            )))
        }
        Some(_) => return Err(not_tagmark("its \"format\" is not a string")),
    }
    match top.get("version") {
        None => return Err(not_tagmark("it has no \"version\" field")),
        Some(v) => match v.as_u64() {
            Some(v) if v == u64::from(EXPORT_VERSION) => {}
            Some(v) => return Err(ImportError::UnsupportedVersion(v)),
            None => return Err(not_tagmark("its \"version\" is not a whole number")),
        },
    }
    let length = match top.get("document").and_then(|d| d.get("length")) {
        None => None,
        Some(v) => match v.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) => Some(n),
            None => return Err(not_tagmark("its document length is not a whole number")),
        },
    };
    let Some(Value::Array(list)) = top.get("annotations") else {
        return Err(not_tagmark("it has no \"annotations\" list"));
    };

    read_each(list, |index, item| read_annotation(index, item, length))
}

/// Reads annotation `index` (0-based) of an export or of a corpus
/// document, checking `end` against `length` when the file gives one.
pub(crate) fn read_annotation(index: usize, item: &Value, length: Option<usize>) -> Result<Incoming, ImportError> {
    let bad_field = |field: &'static str, detail: &str| ImportError::BadField { index, field, detail: detail.to_string() };
    let bad_offsets = |detail: String| ImportError::BadOffsets { index, detail };

    let Value::Object(fields) = item else {
        return Err(bad_field("", "is not a JSON object"));
    };
    let id = match fields.get("id") {
        None => return Err(bad_field("id", "is missing")),
        Some(Value::String(id)) if id.is_empty() => return Err(bad_field("id", "is empty")),
        Some(Value::String(id)) => id.clone(),
        Some(_) => return Err(bad_field("id", "is not a string")),
    };
    let tag = match fields.get("tag") {
        Some(Value::String(name)) => name.parse().ok(),
        _ => None,
    };
    let Some(tag) = tag else {
        let tag = match fields.get("tag") {
            None => String::new(),
            Some(Value::String(name)) => name.clone(),
            Some(other) => other.to_string(),
        };
        return Err(ImportError::UnknownTag { index, tag });
    };
    let quote = match fields.get("quote") {
        None => return Err(bad_field("quote", "is missing")),
        Some(Value::String(q)) if q.is_empty() => return Err(bad_field("quote", "is empty")),
        Some(Value::String(q)) => q.clone(),
        Some(_) => return Err(bad_field("quote", "is not a string")),
    };
    let start = offset(fields, "start").map_err(bad_offsets)?;
    let end = offset(fields, "end").map_err(bad_offsets)?;
    if start >= end {
        return Err(bad_offsets(format!("start ({start}) is not before end ({end})")));
    }
    if let Some(length) = length.filter(|&length| end > length) {
        return Err(bad_offsets(format!(
            "end ({end}) is past the end of the document ({length} characters)"
        )));
    }
    let quote_len = quote.chars().count();
    if quote_len != end - start {
        return Err(bad_offsets(format!(
            "the quote is {quote_len} characters long but start to end spans {}",
            end - start
        )));
    }
    let text = |field: &'static str| match fields.get(field) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(bad_field(field, "is not a string")),
    };
    let prefix = text("prefix")?;
    let suffix = text("suffix")?;
    let created = text("created")?;
    let modified = text("modified")?;
    let note = text("note")?;
    let source = Some(text("source")?).filter(|s| !s.is_empty());
    let modified = if modified.is_empty() { created.clone() } else { modified };
    Ok(Incoming { id, tag, quote, start, end, prefix, suffix, created, modified, note, source })
}

/// Reads `start` or `end`; the error completes "has offsets that don't fit: …".
fn offset(fields: &Map<String, Value>, name: &str) -> Result<usize, String> {
    let value = fields.get(name).ok_or_else(|| format!("\"{name}\" is missing"))?;
    if let Some(n) = value.as_u64() {
        return usize::try_from(n).map_err(|_| format!("\"{name}\" is too large"));
    }
    match value {
        Value::Number(n) if n.as_i64().is_some_and(|n| n < 0) => Err(format!("\"{name}\" is negative")),
        Value::Number(n) if n.as_f64().is_some_and(|n| n < 0.0) => Err(format!("\"{name}\" is negative")),
        _ => Err(format!("\"{name}\" is not a whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formats::tests::{fixture, EXPORTED};
    use crate::core::formats::{self, write, Format};

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

    #[test]
    fn tagmark_json_is_the_export_plus_utf16_offsets() {
        let (doc, list) = fixture();
        assert_eq!(
            write(Format::Tagmark, &doc, &[], EXPORTED),
            serde_json::to_string_pretty(&build(&doc, &[], EXPORTED)).unwrap()
        );
        let mut written: Value = serde_json::from_str(&write(Format::Tagmark, &doc, &list, EXPORTED)).unwrap();
        for a in written["annotations"].as_array_mut().unwrap() {
            let a = a.as_object_mut().unwrap();
            assert!(a.remove("start_utf16").is_some() && a.remove("end_utf16").is_some());
        }
        assert_eq!(written, serde_json::to_value(build(&doc, &list, EXPORTED)).unwrap());
    }

    #[test]
    fn incoming_has_the_exported_annotations_json() {
        // The stored value keeps unplaced annotations as `Incoming`; an
        // export's annotation must read as one and write back the same.
        let (doc, list) = fixture();
        for exported in build(&doc, &list, EXPORTED).annotations {
            let json = serde_json::to_string(&exported).unwrap();
            let incoming: Incoming = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&incoming).unwrap(), json);
            assert_eq!(serde_json::from_str::<ExportedAnnotation>(&serde_json::to_string(&incoming).unwrap()).unwrap(), exported);
        }
    }

    // ------------------------------------------------------------ reading

    const T1: &str = "2026-01-01T00:00:00Z";

    fn json(doc: &Document, annotations: &[Annotation]) -> Vec<u8> {
        serde_json::to_vec(&build(doc, annotations, T1)).expect("an export serializes")
    }

    fn ann(id: &str, tag: Tag, start: usize, end: usize) -> Annotation {
        Annotation::new(id, tag, start, end, T1)
    }

    /// An export with one annotation whose fields are replaced by `edit`.
    fn with_annotation(edit: impl FnOnce(&mut Map<String, Value>)) -> Vec<u8> {
        let doc = Document::parse("标题\n\n正文一句。").unwrap();
        let mut value = serde_json::to_value(build(&doc, &[ann("a", Tag::Quote, 3, 5)], T1)).unwrap();
        let fields = value["annotations"][0].as_object_mut().unwrap();
        edit(fields);
        serde_json::to_vec(&value).unwrap()
    }

    /// What reading the file gives, whatever format it turns out to be.
    fn parse(bytes: &[u8]) -> Result<Vec<Incoming>, ImportError> {
        formats::read(bytes).map(|(_, list)| list)
    }

    fn message(bytes: &[u8]) -> String {
        parse(bytes).expect_err("should be rejected").to_string()
    }

    #[test]
    fn not_tagmark_says_why() {
        assert!(message(b"[]").contains("not a Tagmark export: it is not a JSON object"));
        assert!(message(b"{}").contains("it has no \"format\" field"));
        assert_eq!(
            message(br#"{"format": "foo", "version": 1, "annotations": []}"#),
            "This file is not a Tagmark export: its format is \"foo\", not \"tagmark-annotations\"."
        );
        assert!(message(br#"{"format": "tagmark-annotations", "annotations": []}"#).contains("no \"version\""));
        assert!(message(br#"{"format": "tagmark-annotations", "version": 1}"#).contains("no \"annotations\" list"));
        assert!(message(br#"{"format": "tagmark-annotations", "version": 1, "annotations": {}}"#)
            .contains("no \"annotations\" list"));
        assert!(message(br#"{"format": "tagmark-annotations", "version": "1", "annotations": []}"#)
            .contains("not a whole number"));
    }

    #[test]
    fn messages_escape_and_shorten_what_the_file_says() {
        let long = format!("{{\"format\": \"\\u202e{}\", \"version\": 1}}", "x".repeat(500));
        let text = message(long.as_bytes());
        assert!(text.contains("\\u{202e}"), "{text}");
        assert!(!text.contains('\u{202e}'));
        assert!(text.len() < 200);
    }

    #[test]
    fn unsupported_version() {
        let bytes = br#"{"format": "tagmark-annotations", "version": 2, "annotations": []}"#;
        assert_eq!(parse(bytes), Err(ImportError::UnsupportedVersion(2)));
        assert!(message(bytes).contains("newer Tagmark (export version 2)"));
        let old = br#"{"format": "tagmark-annotations", "version": 0, "annotations": []}"#;
        assert!(message(old).contains("version 0 export"));
    }

    #[test]
    fn unknown_tag() {
        let bytes = with_annotation(|a| {
            a.insert("tag".into(), "opinion".into());
        });
        assert_eq!(parse(&bytes), Err(ImportError::UnknownTag { index: 0, tag: "opinion".into() }));
        assert_eq!(
            message(&bytes),
            "Annotation 1 has an unknown tag \"opinion\"; the tags are quote, statistic and event."
        );
        let number = with_annotation(|a| {
            a.insert("tag".into(), 3.into());
        });
        assert!(matches!(parse(&number), Err(ImportError::UnknownTag { index: 0, .. })));
        let missing = with_annotation(|a| {
            a.remove("tag");
        });
        assert!(message(&missing).contains("Annotation 1 has no tag"));
    }

    #[test]
    fn bad_offsets() {
        let cases: [(&str, Value, &str); 6] = [
            ("start", 5.into(), "start (5) is not before end (5)"),
            ("start", (-1).into(), "\"start\" is negative"),
            ("end", 4.5.into(), "\"end\" is not a whole number"),
            ("end", "5".into(), "\"end\" is not a whole number"),
            ("end", 99.into(), "past the end of the document (8 characters)"),
            ("end", 6.into(), "the quote is 2 characters long but start to end spans 3"),
        ];
        for (field, value, phrase) in cases {
            let bytes = with_annotation(|a| {
                a.insert(field.into(), value.clone());
            });
            let error = parse(&bytes).expect_err(phrase);
            assert!(matches!(error, ImportError::BadOffsets { index: 0, .. }), "{error:?}");
            assert!(error.to_string().starts_with("Annotation 1 has offsets that don't fit: "));
            assert!(error.to_string().contains(phrase), "{error} lacks {phrase}");
        }
    }

    #[test]
    fn bad_fields() {
        let cases: [(&str, Option<Value>, &str); 6] = [
            ("id", None, "Annotation 1's \"id\" is missing."),
            ("id", Some("".into()), "Annotation 1's \"id\" is empty."),
            ("quote", Some(7.into()), "Annotation 1's \"quote\" is not a string."),
            ("note", Some(Value::Null), "Annotation 1's \"note\" is not a string."),
            ("prefix", Some(Value::Bool(true)), "Annotation 1's \"prefix\" is not a string."),
            ("modified", Some(Value::Array(vec![])), "Annotation 1's \"modified\" is not a string."),
        ];
        for (field, value, expected) in cases {
            let bytes = with_annotation(|a| match value {
                Some(v) => {
                    a.insert(field.into(), v);
                }
                None => {
                    a.remove(field);
                }
            });
            let error = parse(&bytes).expect_err(expected);
            assert!(matches!(error, ImportError::BadField { index: 0, .. }), "{error:?}");
            assert_eq!(error.to_string(), expected);
        }
        let not_object = br#"{"format": "tagmark-annotations", "version": 1, "annotations": [3]}"#;
        assert_eq!(message(not_object), "Annotation 1 is not a JSON object.");
    }

    #[test]
    fn duplicate_ids_in_one_file() {
        let doc = Document::parse("标题\n\n正文一句。").unwrap();
        let bytes = json(&doc, &[ann("a", Tag::Quote, 3, 5), ann("b", Tag::Quote, 5, 7), ann("a", Tag::Event, 6, 8)]);
        let error = parse(&bytes).unwrap_err();
        assert!(matches!(error, ImportError::BadField { index: 2, field: "id", .. }));
        assert_eq!(error.to_string(), "Annotation 3's \"id\" is the same as annotation 1's.");
    }

    #[test]
    fn optional_fields_default_and_extra_fields_are_ignored() {
        let bytes = with_annotation(|a| {
            for field in ["prefix", "suffix", "note", "modified"] {
                a.remove(field);
            }
            a.insert("colour".into(), "red".into());
        });
        let read = parse(&bytes).unwrap();
        assert_eq!((read[0].prefix.as_str(), read[0].note.as_str()), ("", ""));
        assert_eq!(read[0].modified, T1, "modified falls back to created");
    }
}
