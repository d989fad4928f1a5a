//! The value Tagmark keeps in localStorage, and reading it back without ever
//! mistaking damaged data for "no annotations".

use serde::{Deserialize, Serialize};

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::history::History;
use crate::core::import::Incoming;

/// Version of the stored value's shape; bump it with a migration.
pub const STORE_VERSION: u32 = 1;
const STORE_FORMAT: &str = "tagmark-store";

/// The localStorage key for a document: one key per document and schema version.
pub fn storage_key(doc: &Document) -> String {
    format!("tagmark:v{STORE_VERSION}:{}", doc.id())
}

/// The stored value.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Stored {
    format: String,
    version: u32,
    document: String,
    annotations: Vec<StoredAnnotation>,
    #[serde(default)]
    history: serde_json::Value,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unplaced: Vec<Incoming>,
}

/// What a stored value holds once read.
#[derive(Debug, Default, PartialEq)]
pub struct Saved {
    /// The annotations, in document order.
    pub annotations: Vec<Annotation>,
    /// Undo and redo, so they survive a reload.
    pub history: History,
    /// Imported annotations that could not be placed on this text, kept until the reader discards them.
    pub unplaced: Vec<Incoming>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct StoredAnnotation {
    id: String,
    tag: Tag,
    start: usize,
    end: usize,
    quote: String,
    created: String,
    #[serde(default)]
    modified: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

/// Why a stored value could not be used. The value is then left untouched.
#[derive(Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Not a Tagmark value at all.
    NotTagmark,
    /// Written by a newer Tagmark than this one.
    NewerVersion(u32),
    /// Belongs to another document.
    OtherDocument(String),
    /// Shaped right, but an annotation does not fit the text.
    Damaged(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotTagmark => write!(f, "it is not in Tagmark's format"),
            LoadError::NewerVersion(v) => {
                write!(f, "it was written by a newer Tagmark (format version {v}; this one reads {STORE_VERSION})")
            }
            LoadError::OtherDocument(id) => write!(f, "it belongs to another document ({id})"),
            LoadError::Damaged(why) => write!(f, "it is damaged: {why}"),
        }
    }
}

/// Builds the value to store for `doc`.
pub fn encode(doc: &Document, saved: &Saved) -> Stored {
    let Saved { annotations, history, unplaced } = saved;
    Stored {
        unplaced: unplaced.clone(),
        history: serde_json::to_value(history).unwrap_or_default(),
        format: STORE_FORMAT.into(),
        version: STORE_VERSION,
        document: doc.id().into(),
        annotations: annotations
            .iter()
            .map(|a| StoredAnnotation {
                id: a.id.clone(),
                tag: a.tag,
                start: a.start,
                end: a.end,
                quote: doc.slice(a.start, a.end).into(),
                created: a.created.clone(),
                modified: a.modified.clone(),
                note: a.note.clone(),
            })
            .collect(),
    }
}

/// Reads a stored value (already parsed as JSON) for `doc`. Every annotation
/// must still hold its quote; one that does not makes the whole value
/// "damaged", so the caller keeps it instead of saving over it. A history
/// that can't be read is dropped: it is a convenience, the annotations are the work.
pub fn decode(doc: &Document, value: serde_json::Value) -> Result<Saved, LoadError> {
    if value.get("format").and_then(|f| f.as_str()) != Some(STORE_FORMAT) {
        return Err(LoadError::NotTagmark);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(STORE_VERSION) => {}
        Some(v) if v > u64::from(STORE_VERSION) => return Err(LoadError::NewerVersion(v as u32)),
        _ => return Err(LoadError::NotTagmark),
    }
    let stored: Stored = serde_json::from_value(value).map_err(|e| LoadError::Damaged(e.to_string()))?;
    if stored.document != doc.id() {
        return Err(LoadError::OtherDocument(stored.document));
    }
    let mut annotations = Vec::with_capacity(stored.annotations.len());
    for s in stored.annotations {
        if s.start >= s.end || s.end > doc.len() || doc.slice(s.start, s.end) != s.quote {
            return Err(LoadError::Damaged(format!("annotation {} no longer matches the text", s.id)));
        }
        let modified = if s.modified.is_empty() { s.created.clone() } else { s.modified };
        let annotation =
            Annotation { id: s.id, tag: s.tag, start: s.start, end: s.end, created: s.created, modified, note: s.note };
        crate::core::annotation::insert_in_order(&mut annotations, annotation);
    }
    let history = serde_json::from_value(stored.history).unwrap_or_default();
    Ok(Saved { annotations, history, unplaced: stored.unplaced })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Document {
        Document::parse("标题\n\n𠮷野家😀在东京开店。")
    }

    fn sample(doc: &Document) -> Vec<Annotation> {
        vec![Annotation::new("a1", Tag::Event, 3, 7, "2026-11-25T10:00:00.000Z")]
            .into_iter()
            .inspect(|a| assert_eq!(doc.slice(a.start, a.end), "𠮷野家😀"))
            .collect()
    }

    #[test]
    fn round_trips_through_json() {
        let doc = doc();
        let annotations = sample(&doc);
        let mut history = History::default();
        let mut list = Vec::new();
        let step = crate::core::history::Step::new(
            crate::core::history::StepKind::Create,
            vec![(None, Some(annotations[0].clone()))],
            1.0,
        );
        history.record(&mut list, step);
        let unplaced = vec![Incoming {
            id: "lost".into(),
            tag: Tag::Quote,
            quote: "不在文中".into(),
            start: 0,
            end: 4,
            prefix: String::new(),
            suffix: String::new(),
            created: "t".into(),
            modified: "t".into(),
            note: "<b>kept</b>".into(),
        }];
        let saved = Saved { annotations, history, unplaced };
        let text = serde_json::to_string(&encode(&doc, &saved)).unwrap();
        assert!(text.contains("\"quote\":\"𠮷野家😀\""));
        let back = decode(&doc, serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(back, saved);
    }

    #[test]
    fn key_names_version_and_document() {
        let doc = doc();
        assert_eq!(storage_key(&doc), format!("tagmark:v1:{}", doc.id()));
    }

    #[test]
    fn refuses_foreign_newer_and_damaged_values() {
        let doc = doc();
        assert_eq!(decode(&doc, json!([1, 2])), Err(LoadError::NotTagmark));
        assert_eq!(decode(&doc, json!({"format": "tagmark-store", "version": 9})), Err(LoadError::NewerVersion(9)));
        let mut value = serde_json::to_value(encode(&doc, &Saved { annotations: sample(&doc), ..Saved::default() })).unwrap();
        value["annotations"][0]["end"] = json!(6);
        assert!(matches!(decode(&doc, value.clone()), Err(LoadError::Damaged(_))));
        value["annotations"][0]["end"] = json!(999);
        assert!(matches!(decode(&doc, value.clone()), Err(LoadError::Damaged(_))));
        value["document"] = json!("doc-other");
        assert_eq!(decode(&doc, value), Err(LoadError::OtherDocument("doc-other".into())));
        let mut value = serde_json::to_value(encode(&doc, &Saved { annotations: sample(&doc), ..Saved::default() })).unwrap();
        value["annotations"][0]["tag"] = json!("opinion");
        assert!(matches!(decode(&doc, value), Err(LoadError::Damaged(_))));
    }
}

#[cfg(test)]
mod compatibility {
    use super::*;

    /// A value written before notes and history existed still loads.
    #[test]
    fn reads_values_without_notes_modified_or_history() {
        let doc = Document::parse("标题\n\n正文。");
        let value = serde_json::json!({
            "format": "tagmark-store", "version": 1, "document": doc.id(),
            "annotations": [{"id": "a", "tag": "quote", "start": 3, "end": 5, "quote": "正文", "created": "2026-01-01T00:00:00Z"}]
        });
        let saved = decode(&doc, value).unwrap();
        assert_eq!(saved.annotations[0].modified, "2026-01-01T00:00:00Z");
        assert_eq!(saved.annotations[0].note, "");
        assert_eq!(saved.history, History::default());
    }
}
