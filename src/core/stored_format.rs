//! The value Tagmark keeps in localStorage, and reading it back without ever
//! mistaking damaged data for "no annotations".
//!
//! Version 2 (current) is compact: each annotation is a JSON array, the quote
//! is replaced by a checksum, and the value is written alternately to two
//! slots with a rising generation, so a lost or torn write leaves the
//! previous one to fall back on. Version 1 (one object per annotation,
//! quote included, one key) is still read and migrated.

use serde::{Deserialize, Serialize};

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::history::History;
use crate::core::incoming::Incoming;
use crate::core::suggest::Rejected;

/// Version of the stored value's shape; bump it with a migration.
pub const STORE_VERSION: u32 = 2;
const STORE_FORMAT: &str = "tagmark-store";

/// The two localStorage slots for a document's value, written alternately.
pub fn slot_keys(doc: &Document) -> [String; 2] {
    [format!("tagmark:v2:{}:a", doc.id()), format!("tagmark:v2:{}:b", doc.id())]
}

/// Where version 1 kept a document's value.
pub fn legacy_key(doc: &Document) -> String {
    format!("tagmark:v1:{}", doc.id())
}

/// Where a value that could not be read is kept aside, never to be overwritten.
pub fn backup_key(doc: &Document, stamp: &str) -> String {
    format!("tagmark:backup:{}:{stamp}", doc.id())
}

/// A deleted annotation's id and when it was deleted, so that another tab
/// that still has it learns of the deletion instead of bringing it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The deleted annotation's id.
    pub id: String,
    /// When it was deleted (RFC 3339, UTC).
    pub deleted: String,
}

/// What a stored value holds once read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saved {
    /// The annotations, in document order.
    pub annotations: Vec<Annotation>,
    /// Undo and redo, so they survive a reload.
    pub history: History,
    /// Imported annotations that could not be placed on this text, kept until the reader discards them.
    pub unplaced: Vec<Incoming>,
    /// Recent deletions, for merging with other tabs.
    pub deleted: Vec<Tombstone>,
    /// Suggestions the reader rejected, not to be offered again.
    pub rejected: Vec<Rejected>,
}

/// Borrowed view of everything that is saved, so a save copies nothing.
#[derive(Clone, Copy, Debug)]
pub struct Parts<'a> {
    /// The annotations, in document order.
    pub annotations: &'a [Annotation],
    /// Undo and redo.
    pub history: &'a History,
    /// Imported annotations without a place.
    pub unplaced: &'a [Incoming],
    /// Recent deletions.
    pub deleted: &'a [Tombstone],
    /// Rejected suggestions.
    pub rejected: &'a [Rejected],
}

impl Saved {
    /// Borrows every part.
    pub fn parts(&self) -> Parts<'_> {
        Parts {
            annotations: &self.annotations,
            history: &self.history,
            unplaced: &self.unplaced,
            deleted: &self.deleted,
            rejected: &self.rejected,
        }
    }
}

/// The stored value (version 2), as read.
#[derive(Deserialize, Debug, PartialEq)]
struct Stored {
    document: String,
    /// Rises with every write; the higher of the two slots is the newer.
    generation: u64,
    /// `[id, tag, start, end, created, modified or "", quote checksum, note]`
    annotations: Vec<CompactAnnotation>,
    #[serde(default)]
    deleted: Vec<Tombstone>,
    #[serde(default)]
    history: serde_json::Value,
    #[serde(default)]
    unplaced: Vec<Incoming>,
    /// `[annotation id, source]` for each accepted suggestion: most
    /// annotations have none, so it is not a ninth field of each.
    #[serde(default)]
    sources: Vec<(String, String)>,
    #[serde(default)]
    rejected: Vec<Rejected>,
}

type CompactAnnotation = (String, String, usize, usize, String, String, String, String);
type CompactAnnotationRef<'a> = (&'a str, &'static str, usize, usize, &'a str, &'a str, String, &'a str);

/// The stored value (version 2), as written: borrowed from the live state,
/// so a save copies nothing before serializing.
#[derive(Serialize)]
pub struct StoredRef<'a> {
    format: &'static str,
    version: u32,
    document: &'a str,
    generation: u64,
    annotations: Vec<CompactAnnotationRef<'a>>,
    #[serde(skip_serializing_if = "<[Tombstone]>::is_empty")]
    deleted: &'a [Tombstone],
    history: &'a History,
    #[serde(skip_serializing_if = "<[Incoming]>::is_empty")]
    unplaced: &'a [Incoming],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<(&'a str, &'a str)>,
    #[serde(skip_serializing_if = "<[Rejected]>::is_empty")]
    rejected: &'a [Rejected],
}

/// Version 1's value: one object per annotation, quote included.
#[derive(Deserialize)]
struct StoredV1 {
    document: String,
    annotations: Vec<AnnotationV1>,
    #[serde(default)]
    history: serde_json::Value,
    #[serde(default)]
    unplaced: Vec<Incoming>,
}

#[derive(Deserialize)]
struct AnnotationV1 {
    id: String,
    tag: Tag,
    start: usize,
    end: usize,
    quote: String,
    created: String,
    #[serde(default)]
    modified: String,
    #[serde(default)]
    note: String,
}

/// Why a stored value could not be used. The value is then left untouched.
#[derive(Clone, Debug, PartialEq, Eq)]
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
                write!(f, "it was written by a newer Tagmark (format version {v}; this one reads up to {STORE_VERSION})")
            }
            LoadError::OtherDocument(id) => write!(f, "it belongs to another document ({id})"),
            LoadError::Damaged(why) => write!(f, "it is damaged: {why}"),
        }
    }
}

/// A decoded value and its generation (0 for version 1, which had none).
#[derive(Debug, PartialEq)]
pub struct Decoded {
    /// The reader's work.
    pub saved: Saved,
    /// Which write this was.
    pub generation: u64,
    /// The shape it was read from; below [`STORE_VERSION`] means it should be migrated.
    pub version: u32,
    /// When part or all of the stored undo history was dropped, a sentence
    /// saying so, to show the reader; `None` when all of it was kept.
    pub history_dropped: Option<String>,
}

/// Builds the value to store for `doc` as write number `generation`.
pub fn encode<'a>(doc: &'a Document, saved: Parts<'a>, generation: u64) -> StoredRef<'a> {
    StoredRef {
        format: STORE_FORMAT,
        version: STORE_VERSION,
        document: doc.id(),
        generation,
        annotations: saved
            .annotations
            .iter()
            .map(|a| {
                let modified = if a.modified == a.created { "" } else { a.modified.as_str() };
                let check = checksum(doc.slice(a.start, a.end));
                (a.id.as_str(), a.tag.code(), a.start, a.end, a.created.as_str(), modified, check, a.note.as_str())
            })
            .collect(),
        deleted: saved.deleted,
        history: saved.history,
        unplaced: saved.unplaced,
        sources: saved.annotations.iter().filter_map(|a| Some((a.id.as_str(), a.source.as_deref()?))).collect(),
        rejected: saved.rejected,
    }
}

/// Reads a stored value (already parsed as JSON) for `doc`, in either
/// version. Every annotation must still hold its quote (checked by checksum
/// in version 2); one that does not makes the whole value "damaged", so the
/// caller keeps it aside instead of saving over it. The undo history is a
/// convenience, the annotations are the work: a history that can't be read,
/// or the part of it that doesn't fit the text, is dropped, and
/// [`Decoded::history_dropped`] says so.
pub fn decode(doc: &Document, value: serde_json::Value) -> Result<Decoded, LoadError> {
    if value.get("format").and_then(|f| f.as_str()) != Some(STORE_FORMAT) {
        return Err(LoadError::NotTagmark);
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(1) => decode_v1(doc, value),
        Some(2) => decode_v2(doc, value),
        Some(v) if v > u64::from(STORE_VERSION) => Err(LoadError::NewerVersion(v.min(u64::from(u32::MAX)) as u32)),
        _ => Err(LoadError::NotTagmark),
    }
}

fn decode_v2(doc: &Document, value: serde_json::Value) -> Result<Decoded, LoadError> {
    let stored: Stored = serde_json::from_value(value).map_err(|e| LoadError::Damaged(e.to_string()))?;
    if stored.document != doc.id() {
        return Err(LoadError::OtherDocument(stored.document));
    }
    let mut annotations = Vec::with_capacity(stored.annotations.len());
    let mut sources: std::collections::HashMap<String, String> = stored.sources.into_iter().collect();
    for (id, tag, start, end, created, modified, check, note) in stored.annotations {
        let tag = Tag::from_code(&tag).ok_or_else(|| LoadError::Damaged(format!("annotation {id} has tag {tag:?}")))?;
        if start >= end || end > doc.len() || checksum(doc.slice(start, end)) != check {
            return Err(LoadError::Damaged(format!("annotation {id} no longer matches the text")));
        }
        let modified = if modified.is_empty() { created.clone() } else { modified };
        let source = sources.remove(&id);
        crate::core::annotation::insert_in_order(
            &mut annotations,
            Annotation { id, tag, start, end, created, modified, note, source },
        );
    }
    let (history, history_dropped) = read_history(doc, stored.history);
    // A rejection is a hint, not the work: one that no longer fits is dropped.
    let rejected = stored.rejected.into_iter().filter(|r| r.start < r.end && r.end <= doc.len()).collect();
    let saved = Saved { annotations, history, unplaced: stored.unplaced, deleted: stored.deleted, rejected };
    Ok(Decoded { saved, generation: stored.generation, version: 2, history_dropped })
}

fn decode_v1(doc: &Document, value: serde_json::Value) -> Result<Decoded, LoadError> {
    let stored: StoredV1 = serde_json::from_value(value).map_err(|e| LoadError::Damaged(e.to_string()))?;
    if stored.document != doc.id() {
        return Err(LoadError::OtherDocument(stored.document));
    }
    let mut annotations = Vec::with_capacity(stored.annotations.len());
    for s in stored.annotations {
        if s.start >= s.end || s.end > doc.len() || doc.slice(s.start, s.end) != s.quote {
            return Err(LoadError::Damaged(format!("annotation {} no longer matches the text", s.id)));
        }
        let modified = if s.modified.is_empty() { s.created.clone() } else { s.modified };
        let annotation = Annotation {
            id: s.id,
            tag: s.tag,
            start: s.start,
            end: s.end,
            created: s.created,
            modified,
            note: s.note,
            source: None,
        };
        crate::core::annotation::insert_in_order(&mut annotations, annotation);
    }
    let (history, history_dropped) = read_history(doc, stored.history);
    let saved = Saved { annotations, history, unplaced: stored.unplaced, ..Saved::default() };
    Ok(Decoded { saved, generation: 0, version: 1, history_dropped })
}

/// The stored undo history, less every step that would bring back an
/// annotation outside `doc` (and the steps older than it), and the sentence
/// that tells the reader what was dropped, if anything was.
fn read_history(doc: &Document, stored: serde_json::Value) -> (History, Option<String>) {
    // A value saved before there was a history has none: nothing was lost.
    if stored.is_null() {
        return (History::default(), None);
    }
    let Ok(mut history) = serde_json::from_value::<History>(stored) else {
        let why = "Your undo history could not be read and was dropped; your highlights are intact.";
        return (History::default(), Some(why.to_string()));
    };
    let dropped = history.retain_fitting(|a| a.start < a.end && a.end <= doc.len());
    let steps = if dropped == 1 { "1 step".to_string() } else { format!("{dropped} steps") };
    let why = match dropped {
        0 => None,
        _ if !history.can_undo() && !history.can_redo() => Some(format!(
            "Your undo history ({steps}) did not fit this text and was dropped; your highlights are intact."
        )),
        _ => Some(format!(
            "Part of your undo history ({steps}) did not fit this text and was dropped; your highlights are intact."
        )),
    };
    (history, why)
}

/// Picks what to load from the decoded slots: the highest generation that
/// could be read. Returns its index, or `None` when no slot could be read.
pub fn newest(slots: &[Option<Result<Decoded, LoadError>>]) -> Option<usize> {
    slots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Some(Ok(d)) => Some((d.generation, i)),
            _ => None,
        })
        .max()
        .map(|(_, i)| i)
}

/// Which slot write number `generation` goes to.
pub fn slot_for(generation: u64) -> usize {
    (generation % 2) as usize
}

/// FNV-1a (32 bit) of the quote, in hex: enough to notice that stored
/// offsets no longer hold the text they were made on.
fn checksum(quote: &str) -> String {
    let hash = quote.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::{Step, StepKind};
    use proptest::prelude::*;
    use serde_json::json;

    fn doc() -> Document {
        Document::parse("标题\n\n𠮷野家😀在东京开店。").unwrap()
    }

    fn sample(doc: &Document) -> Vec<Annotation> {
        let a = Annotation::new("a1", Tag::Event, 3, 7, "2026-11-25T10:00:00.000Z");
        assert_eq!(doc.slice(a.start, a.end), "𠮷野家😀");
        vec![a]
    }

    fn round_trip(doc: &Document, saved: &Saved, generation: u64) -> Decoded {
        let text = serde_json::to_string(&encode(doc, saved.parts(), generation)).unwrap();
        decode(doc, serde_json::from_str(&text).unwrap()).unwrap()
    }

    #[test]
    fn round_trips_everything_through_json() {
        let doc = doc();
        let annotations = sample(&doc);
        let mut history = History::default();
        history.record(&mut Vec::new(), Step::new(StepKind::Create, vec![(None, Some(annotations[0].clone()))], 1.0));
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
            source: Some("rule:event.date".into()),
        }];
        let deleted = vec![Tombstone { id: "gone".into(), deleted: "2026-11-25T10:00:01.000Z".into() }];
        let mut annotations = annotations;
        annotations[0].source = Some("learned:一百二十".into());
        let rejected = vec![Rejected { start: 0, end: 2, tag: Tag::Statistic }];
        let saved = Saved { annotations, history, unplaced, deleted, rejected };
        let back = round_trip(&doc, &saved, 7);
        assert_eq!(back, Decoded { saved, generation: 7, version: 2, history_dropped: None });
    }

    #[test]
    fn the_compact_form_leaves_out_the_quote() {
        let doc = doc();
        let saved = Saved { annotations: sample(&doc), ..Saved::default() };
        let text = serde_json::to_string(&encode(&doc, saved.parts(), 1)).unwrap();
        assert!(!text.contains("𠮷野家😀"), "{text}");
        assert!(text.contains(r#"["a1","e",3,7,"2026-11-25T10:00:00.000Z","","#), "{text}");
    }

    #[test]
    fn keys_name_version_and_document() {
        let doc = doc();
        assert_eq!(slot_keys(&doc)[0], format!("tagmark:v2:{}:a", doc.id()));
        assert_eq!(legacy_key(&doc), format!("tagmark:v1:{}", doc.id()));
        assert!(backup_key(&doc, "x").starts_with("tagmark:backup:"));
    }

    #[test]
    fn reads_and_marks_for_migration_a_version_1_value() {
        let doc = Document::parse("标题\n\n正文。").unwrap();
        let value = json!({
            "format": "tagmark-store", "version": 1, "document": doc.id(),
            "annotations": [{"id": "a", "tag": "quote", "start": 3, "end": 5, "quote": "正文", "created": "2026-01-01T00:00:00Z"}]
        });
        let decoded = decode(&doc, value).unwrap();
        assert_eq!(decoded.version, 1);
        assert_eq!(decoded.generation, 0);
        assert_eq!(decoded.saved.annotations, vec![Annotation::new("a", Tag::Quote, 3, 5, "2026-01-01T00:00:00Z")]);
        assert_eq!(decoded.saved.history, History::default());
        assert_eq!(decoded.history_dropped, None, "no history stored is no history lost");
        let upgraded = round_trip(&doc, &decoded.saved, 1);
        assert_eq!(upgraded.saved, decoded.saved);
        assert_eq!(upgraded.version, 2);
    }

    #[test]
    fn refuses_foreign_newer_and_damaged_values() {
        let doc = doc();
        assert_eq!(decode(&doc, json!([1, 2])), Err(LoadError::NotTagmark));
        assert_eq!(decode(&doc, json!({"format": "tagmark-store", "version": 9})), Err(LoadError::NewerVersion(9)));
        let good = serde_json::to_value(encode(&doc, Saved { annotations: sample(&doc), ..Saved::default() }.parts(), 1)).unwrap();
        let mut value = good.clone();
        value["annotations"][0][3] = json!(6);
        assert!(matches!(decode(&doc, value), Err(LoadError::Damaged(_))));
        let mut value = good.clone();
        value["annotations"][0][3] = json!(999);
        assert!(matches!(decode(&doc, value), Err(LoadError::Damaged(_))));
        let mut value = good.clone();
        value["annotations"][0][1] = json!("x");
        assert!(matches!(decode(&doc, value), Err(LoadError::Damaged(_))));
        let mut value = good.clone();
        value["document"] = json!("doc-other");
        assert_eq!(decode(&doc, value), Err(LoadError::OtherDocument("doc-other".into())));
        let mut value = good;
        value["annotations"] = json!("torn");
        assert!(matches!(decode(&doc, value), Err(LoadError::Damaged(_))));
    }

    /// The stored value of `sample` with a history of one step per range,
    /// oldest first, each creating an annotation on it.
    fn with_history(doc: &Document, ranges: &[(usize, usize)]) -> serde_json::Value {
        let mut history = History::default();
        for (i, &(start, end)) in ranges.iter().enumerate() {
            let made = Annotation::new(format!("h{i}"), Tag::Quote, start, end, "2026-11-25T10:00:00.000Z");
            history.record(&mut Vec::new(), Step::new(StepKind::Create, vec![(None, Some(made))], i as f64));
        }
        let saved = Saved { annotations: sample(doc), history, ..Saved::default() };
        serde_json::to_value(encode(doc, saved.parts(), 1)).unwrap()
    }

    #[test]
    fn history_past_the_end_of_the_text_is_dropped_and_said() {
        let doc = doc();
        let len = doc.len();
        // Oldest first: fits, runs past the end, fits, fits.
        let decoded = decode(&doc, with_history(&doc, &[(0, 2), (5, len + 3), (3, 5), (len - 1, len)])).unwrap();
        assert_eq!(decoded.saved.annotations, sample(&doc), "the highlights are intact");
        assert_eq!(
            decoded.history_dropped.as_deref(),
            Some("Part of your undo history (2 steps) did not fit this text and was dropped; your highlights are intact.")
        );
        let mut list = decoded.saved.annotations.clone();
        let mut history = decoded.saved.history;
        assert!(history.undo(&mut list).is_some() && history.undo(&mut list).is_some());
        assert_eq!(history.undo(&mut list), None, "undo stops before the step that does not fit");
        // Redo brings back only what fits the text.
        while history.redo(&mut list).is_some() {}
        assert!(list.iter().all(|a| a.start < a.end && a.end <= doc.len()), "{list:?}");

        let none_fit = decode(&doc, with_history(&doc, &[(0, len + 1)])).unwrap();
        assert_eq!(none_fit.saved.history, History::default());
        assert_eq!(
            none_fit.history_dropped.as_deref(),
            Some("Your undo history (1 step) did not fit this text and was dropped; your highlights are intact.")
        );
        let empty_range = decode(&doc, with_history(&doc, &[(4, 4)])).unwrap();
        assert_eq!(empty_range.saved.history, History::default());
        assert_eq!(decode(&doc, with_history(&doc, &[(0, len)])).unwrap().history_dropped, None);
    }

    #[test]
    fn an_unreadable_history_is_dropped_and_said() {
        let doc = doc();
        let mut value = with_history(&doc, &[(0, 2)]);
        value["history"] = json!("torn");
        let decoded = decode(&doc, value).unwrap();
        assert_eq!(decoded.saved.annotations, sample(&doc), "the highlights are intact");
        assert_eq!(decoded.saved.history, History::default());
        assert_eq!(
            decoded.history_dropped.as_deref(),
            Some("Your undo history could not be read and was dropped; your highlights are intact.")
        );
        let legacy = json!({
            "format": "tagmark-store", "version": 1, "document": doc.id(), "history": {"undo": 3},
            "annotations": [{"id": "a", "tag": "quote", "start": 3, "end": 5, "quote": "𠮷野", "created": "t"}]
        });
        let decoded = decode(&doc, legacy).unwrap();
        assert_eq!(decoded.saved.annotations.len(), 1);
        assert!(decoded.history_dropped.is_some_and(|why| why.contains("could not be read")));
    }

    /// Both slots as the build of 2026-12-01 (before the store was split)
    /// wrote them on the shipped article: tagged, noted, deleted, undone,
    /// redone and imported by hand in the browser (tests/e2e/fixtures/capture-stored.mjs).
    const STORED_2026_12_01: &str = include_str!("../../tests/fixtures/stored-2026-12-01.json");

    #[test]
    fn a_value_stored_by_the_build_of_2026_12_01_loads_unchanged() {
        let doc = Document::parse(crate::core::document::ARTICLE).unwrap();
        let slots: serde_json::Map<String, serde_json::Value> = serde_json::from_str(STORED_2026_12_01).unwrap();
        assert_eq!(slots.len(), 2);
        let decoded: Vec<_> = slot_keys(&doc)
            .iter()
            .map(|key| {
                let raw = slots[key].as_str().expect("a slot holds the raw stored string");
                Some(decode(&doc, serde_json::from_str(raw).unwrap()))
            })
            .collect();
        let newest_at = newest(&decoded).expect("a slot is readable");
        let raw = slots[&slot_keys(&doc)[newest_at]].as_str().unwrap();
        let Some(Ok(newest)) = &decoded[newest_at] else { unreachable!() };
        assert_eq!((newest.version, newest.generation, newest.history_dropped.as_deref()), (2, 17, None));
        let saved = &newest.saved;
        assert_eq!(saved.annotations.len(), 4);
        assert!(saved.history.can_undo() && saved.history.can_redo());
        assert_eq!((saved.unplaced.len(), saved.deleted.len()), (1, 2));
        assert!(saved.annotations.iter().any(|a| !a.note.is_empty()), "the note survives");
        // Written back, it is the very string the old build stored.
        assert_eq!(serde_json::to_string(&encode(&doc, saved.parts(), newest.generation)).unwrap(), raw);
    }

    #[test]
    fn the_newest_readable_slot_wins() {
        let doc = doc();
        let ok = |g| Some(Ok(Decoded { saved: Saved::default(), generation: g, version: 2, history_dropped: None }));
        let _ = &doc;
        assert_eq!(newest(&[ok(4), ok(5)]), Some(1));
        assert_eq!(newest(&[ok(6), ok(5)]), Some(0));
        assert_eq!(newest(&[ok(4), Some(Err(LoadError::NotTagmark))]), Some(0), "falls back to the last good write");
        assert_eq!(newest(&[None, Some(Err(LoadError::NotTagmark))]), None);
        assert_eq!(slot_for(4), 0);
        assert_eq!(slot_for(5), 1);
    }

    proptest! {
        #[test]
        fn any_annotation_set_round_trips(
            raw in proptest::collection::vec((0usize..12, 1usize..4, 0usize..3, "[a-z<>&\"\n中]{0,6}"), 0..20)
        ) {
            let doc = doc();
            let annotations: Vec<Annotation> = raw.iter().enumerate().map(|(i, &(start, len, tag, ref note))| {
                let end = (start + len).min(doc.len());
                let start = start.min(end - 1);
                let mut a = Annotation::new(format!("id{i}"), Tag::ALL[tag], start, end, "2026-01-01T00:00:00Z");
                a.note = note.clone();
                if i % 2 == 0 { a.modified = "2026-02-01T00:00:00Z".into(); }
                a
            }).collect();
            let mut sorted = Vec::new();
            for a in annotations { crate::core::annotation::insert_in_order(&mut sorted, a); }
            let saved = Saved { annotations: sorted, ..Saved::default() };
            prop_assert_eq!(round_trip(&doc, &saved, 3).saved, saved);
        }
    }
}
