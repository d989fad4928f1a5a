//! Reading an export file back in: validate it, re-anchor each annotation on
//! the current text, and plan the merge so the reader sees it before anything
//! changes.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::{Map, Value};

use crate::core::anchor::{locate, Target};
use crate::core::annotation::{insert_in_order, Annotation, Tag};
use crate::core::document::Document;
use crate::core::export::{EXPORT_FORMAT, EXPORT_VERSION};

/// Largest file accepted, so a wrong pick in the file dialog can't freeze the tab.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Most characters of a value from the file quoted back in a message.
const SHOWN_CHARS: usize = 40;

/// Why a file can't be imported; each names the first problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Bigger than [`MAX_IMPORT_BYTES`]; rejected before reading it.
    TooLarge { bytes: usize },
    /// Not UTF-8 JSON; 1-based position of the first error (0, 0 when unknown).
    NotJson { line: usize, column: usize },
    /// JSON, but not a Tagmark export; the reason reads "it …".
    NotTagmark(String),
    /// A Tagmark export of a version this build doesn't read.
    UnsupportedVersion(u64),
    /// Annotation `index` (0-based) has a tag other than the three; empty when missing.
    UnknownTag { index: usize, tag: String },
    /// Annotation `index` (0-based) has offsets that can't describe its quote.
    BadOffsets { index: usize, detail: String },
    /// Annotation `index` (0-based) has a missing or mistyped field; an empty
    /// `field` means the annotation itself.
    BadField { index: usize, field: &'static str, detail: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => {
                let mb = *bytes as f64 / (1024.0 * 1024.0);
                write!(f, "This file is {mb:.1} MB; Tagmark imports files up to {} MB.", MAX_IMPORT_BYTES / (1024 * 1024))
            }
            ImportError::NotJson { line: 0, .. } => write!(f, "This file is not JSON."),
            ImportError::NotJson { line, column } => {
                write!(f, "This file is not JSON (the error is at line {line}, column {column}).")
            }
            ImportError::NotTagmark(why) => write!(f, "This file is not a Tagmark export: {why}."),
            ImportError::UnsupportedVersion(v) if u64::from(EXPORT_VERSION) < *v => write!(
                f,
                "This file was made by a newer Tagmark (export version {v}); this one reads version {EXPORT_VERSION}."
            ),
            ImportError::UnsupportedVersion(v) => {
                write!(f, "This file is a version {v} export; this Tagmark reads version {EXPORT_VERSION}.")
            }
            ImportError::UnknownTag { index, tag } if tag.is_empty() => {
                write!(f, "Annotation {} has no tag; the tags are quote, statistic and event.", index + 1)
            }
            ImportError::UnknownTag { index, tag } => write!(
                f,
                "Annotation {} has an unknown tag {}; the tags are quote, statistic and event.",
                index + 1,
                shown(tag)
            ),
            ImportError::BadOffsets { index, detail } => {
                write!(f, "Annotation {} has offsets that don't fit: {detail}.", index + 1)
            }
            ImportError::BadField { index, field: "", detail } => write!(f, "Annotation {} {detail}.", index + 1),
            ImportError::BadField { index, field, detail } => {
                write!(f, "Annotation {}'s \"{field}\" {detail}.", index + 1)
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// A value from the file, quoted, shortened and with control and bidi
/// characters escaped, so a message can't be flooded or spoofed by the file.
fn shown(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars().take(SHOWN_CHARS) {
        out.extend(c.escape_debug());
    }
    if value.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// One annotation as read from a file: the export's own shape, with
/// `modified` filled from `created` when the file has none. Strings are kept
/// byte for byte.
pub type Incoming = crate::core::export::ExportedAnnotation;

/// Reads an export file, checking everything before returning any of it.
pub fn parse(bytes: &[u8]) -> Result<Vec<Incoming>, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    // Editors on Windows like to add a byte order mark; it isn't JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // serde_json checks UTF-8 itself and reports where it breaks.
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::NotJson { line: e.line(), column: e.column() })?;
    let not_tagmark = |why: &str| ImportError::NotTagmark(why.to_string());

    let Value::Object(top) = &value else {
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

/// Reads every item with `read`, refusing a file that repeats an id: ids
/// decide merges, so a repeat is an error, not a guess.
pub(crate) fn read_each<'a, I>(
    items: I,
    mut read: impl FnMut(usize, &'a Value) -> Result<Incoming, ImportError>,
) -> Result<Vec<Incoming>, ImportError>
where
    I: IntoIterator<Item = &'a Value>,
{
    let mut first_with_id: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let incoming = read(index, item)?;
        if let Some(&first) = first_with_id.get(&incoming.id) {
            return Err(ImportError::BadField {
                index,
                field: "id",
                detail: format!("is the same as annotation {}'s", first + 1),
            });
        }
        first_with_id.insert(incoming.id.clone(), index);
        out.push(incoming);
    }
    Ok(out)
}

fn read_annotation(index: usize, item: &Value, length: Option<usize>) -> Result<Incoming, ImportError> {
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
        Some(Value::String(name)) => Tag::ALL.into_iter().find(|t| t.as_str() == name),
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
    let modified = if modified.is_empty() { created.clone() } else { modified };
    Ok(Incoming { id, tag, quote, start, end, prefix, suffix, created, modified, note })
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

/// Where an incoming annotation lands on the current text.
pub fn anchor(doc: &Document, incoming: &Incoming) -> Option<(usize, usize)> {
    let target = Target {
        quote: &incoming.quote,
        prefix: &incoming.prefix,
        suffix: &incoming.suffix,
        start: incoming.start,
        end: incoming.end,
    };
    locate(doc, &target).map(|(start, end, _)| (start, end))
}

/// What an import would do, computed before anything changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Annotations with new ids that found their place in the text.
    pub added: Vec<Annotation>,
    /// (ours, theirs): the same id, changed, and the file's copy is newer.
    pub replaced: Vec<(Annotation, Annotation)>,
    /// Already present: same id, tag, range and note.
    pub unchanged: usize,
    /// Same id, changed, but our copy is as new or newer, so it stays.
    pub kept_ours: usize,
    /// How many of `added` and `replaced` sit somewhere else than the file said.
    pub relocated: usize,
    /// Would be added or would win, but the quote can't be placed on this text.
    pub unplaced: Vec<Incoming>,
}

impl Plan {
    /// Annotations present on both sides with different content.
    pub fn conflicting(&self) -> usize {
        self.replaced.len() + self.kept_ours
    }

    /// True when applying the plan would change nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.replaced.is_empty()
    }
}

/// Decides, per incoming annotation, whether it is added, replaces ours, is
/// already present, loses to ours, or can't be placed. A repeated id after
/// the first is ignored (`parse` never returns one).
pub fn plan(doc: &Document, existing: &[Annotation], incoming: Vec<Incoming>) -> Plan {
    let mut ours: HashMap<&str, &Annotation> = HashMap::new();
    for a in existing {
        ours.entry(a.id.as_str()).or_insert(a);
    }
    let mut seen = HashSet::new();
    let mut plan = Plan::default();
    for theirs in incoming {
        if !seen.insert(theirs.id.clone()) {
            continue;
        }
        let placed = anchor(doc, &theirs).map(|(start, end)| {
            let moved = (start, end) != (theirs.start, theirs.end);
            let annotation = Annotation {
                id: theirs.id.clone(),
                tag: theirs.tag,
                start,
                end,
                created: theirs.created.clone(),
                modified: theirs.modified.clone(),
                note: theirs.note.clone(),
            };
            (annotation, moved)
        });
        match (ours.get(theirs.id.as_str()), placed) {
            (None, Some((annotation, moved))) => {
                plan.relocated += usize::from(moved);
                plan.added.push(annotation);
            }
            (None, None) => plan.unplaced.push(theirs),
            (Some(&mine), Some((annotation, _))) if same_content(mine, &annotation) => plan.unchanged += 1,
            (Some(&mine), placed) => {
                if timestamp(effective_modified(mine)) >= timestamp(&theirs.modified) {
                    plan.kept_ours += 1;
                } else if let Some((annotation, moved)) = placed {
                    plan.relocated += usize::from(moved);
                    plan.replaced.push((mine.clone(), annotation));
                } else {
                    plan.unplaced.push(theirs);
                }
            }
        }
    }
    plan
}

fn same_content(a: &Annotation, b: &Annotation) -> bool {
    (a.tag, a.start, a.end, &a.note) == (b.tag, b.start, b.end, &b.note)
}

/// Annotations stored before `modified` existed have it empty.
fn effective_modified(a: &Annotation) -> &str {
    if a.modified.is_empty() {
        &a.created
    } else {
        &a.modified
    }
}

/// A UTC timestamp as (year, month, day, hour, minute, second, nanosecond).
pub(crate) type Instant = (u32, u32, u32, u32, u32, u32, u32);

/// Parses `YYYY-MM-DDTHH:MM:SS(.f…)Z` (what JS `toISOString` writes) into a
/// tuple that sorts by time; plain string order gets `…00Z` vs `…00.5Z` wrong.
/// `None`, the oldest, for anything else.
pub(crate) fn timestamp(s: &str) -> Option<Instant> {
    let s = s.strip_suffix(['Z', 'z']).or_else(|| s.strip_suffix("+00:00"))?;
    let (date, time) = s.split_once(['T', 't'])?;
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (time, None),
    };
    let field = |part: &str, width: usize| -> Option<u32> {
        if part.len() == width && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let mut date = date.split('-');
    let year = field(date.next()?, 4)?;
    let month = field(date.next()?, 2)?;
    let day = field(date.next()?, 2)?;
    let mut clock = clock.split(':');
    let hour = field(clock.next()?, 2)?;
    let minute = field(clock.next()?, 2)?;
    let second = field(clock.next()?, 2)?;
    if date.next().is_some() || clock.next().is_some() {
        return None;
    }
    let nanos = match fraction {
        None => 0,
        Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse().ok()?
        }
        Some(_) => return None,
    };
    let valid = (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && second <= 60;
    valid.then_some((year, month, day, hour, minute, second, nanos))
}

/// Applies a plan to the list; returns the (before, after) pairs for the undo history.
///
/// Anything that changed since the plan was made is left alone: an added id
/// already present, or a replaced annotation that is no longer exactly `ours`.
pub fn apply(list: &mut Vec<Annotation>, plan: &Plan) -> Vec<(Option<Annotation>, Option<Annotation>)> {
    let mut changes = Vec::with_capacity(plan.added.len() + plan.replaced.len());
    for added in &plan.added {
        if list.iter().all(|a| a.id != added.id) {
            insert_in_order(list, added.clone());
            changes.push((None, Some(added.clone())));
        }
    }
    for (mine, theirs) in &plan.replaced {
        if let Some(at) = list.iter().position(|a| a == mine) {
            let before = list.remove(at);
            insert_in_order(list, theirs.clone());
            changes.push((Some(before), Some(theirs.clone())));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::build;
    use proptest::prelude::*;

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

    fn incoming(quote: &str, start: usize, prefix: &str, suffix: &str) -> Incoming {
        Incoming {
            id: "x".into(),
            tag: Tag::Event,
            quote: quote.into(),
            start,
            end: start + quote.chars().count(),
            prefix: prefix.into(),
            suffix: suffix.into(),
            created: T1.into(),
            modified: T1.into(),
            note: String::new(),
        }
    }

    fn message(bytes: &[u8]) -> String {
        parse(bytes).expect_err("should be rejected").to_string()
    }

    #[test]
    fn round_trip_onto_the_same_text() {
        let doc = Document::parse("标题\n\n他说：“今天𠮷野家😀开店。”统计：3个。").unwrap();
        let mut note = ann("c", Tag::Event, 6, 12);
        note.note = "<b>bold</b>\u{202e} and\nlines".into();
        let list = vec![ann("a", Tag::Quote, 3, 5), ann("b", Tag::Statistic, 5, 13), note];
        let read = parse(&json(&doc, &list)).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read[2].note, list[2].note, "notes come back byte for byte");

        let onto_empty = plan(&doc, &[], read.clone());
        let mut sorted = list.clone();
        sorted.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
        let mut added = onto_empty.added.clone();
        added.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
        assert_eq!(added, sorted);
        assert_eq!(onto_empty.relocated, 0);
        assert!(onto_empty.unplaced.is_empty());

        let onto_same = plan(&doc, &list, read);
        assert_eq!(onto_same.unchanged, 3);
        assert!(onto_same.is_empty());
        assert_eq!(onto_same.conflicting(), 0);
    }

    #[test]
    fn too_large_is_rejected_before_parsing() {
        let bytes = vec![b'x'; MAX_IMPORT_BYTES + 1];
        assert_eq!(parse(&bytes), Err(ImportError::TooLarge { bytes: MAX_IMPORT_BYTES + 1 }));
        assert!(message(&bytes).contains("up to 10 MB"));
        let fifty = ImportError::TooLarge { bytes: 50 * 1024 * 1024 }.to_string();
        assert_eq!(fifty, "This file is 50.0 MB; Tagmark imports files up to 10 MB.");
    }

    #[test]
    fn not_json_reports_where() {
        assert_eq!(parse(b"{\n  \"format\": \n  oops"), Err(ImportError::NotJson { line: 3, column: 3 }));
        assert!(message(b"{\n\n  nope").contains("is not JSON (the error is at line 3"));
        assert!(matches!(parse(b""), Err(ImportError::NotJson { .. })));
        assert!(matches!(parse(b"{\"format\": \"\xff\"}"), Err(ImportError::NotJson { line: 1, .. })));
    }

    #[test]
    fn a_byte_order_mark_is_tolerated() {
        let doc = Document::parse("标题\n\n正文。").unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(json(&doc, &[ann("a", Tag::Quote, 3, 5)]));
        assert_eq!(parse(&bytes).unwrap().len(), 1);
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

    #[test]
    fn relocates_after_text_was_inserted_before() {
        let old = Document::parse("标题\n\n他说：今天很好。").unwrap();
        let new = Document::parse("标题\n\n新的一句。他说：今天很好。").unwrap();
        let read = parse(&json(&old, &[ann("a", Tag::Quote, 6, 10)])).unwrap();
        let plan = plan(&new, &[], read);
        assert_eq!(plan.relocated, 1);
        assert_eq!(plan.added.len(), 1);
        let a = &plan.added[0];
        assert_eq!((a.start, a.end), (11, 15));
        assert_eq!(new.slice(a.start, a.end), "今天很好");
    }

    #[test]
    fn ambiguous_repeats_are_not_guessed() {
        let doc = Document::parse("标题\n\n好。好。").unwrap();
        assert_eq!(anchor(&doc, &incoming("好", 0, "", "")), None);
        assert_eq!(anchor(&doc, &incoming("好", 0, "无关", "无关")), None);
        let plan = plan(&doc, &[], vec![incoming("好", 0, "", "")]);
        assert_eq!(plan.unplaced.len(), 1);
        assert!(plan.is_empty());
        assert_eq!(anchor(&doc, &incoming("不在", 0, "", "")), None);
    }

    #[test]
    fn context_picks_between_repeats() {
        let doc = Document::parse("标题\n\n甲说好。乙说好。").unwrap();
        // 甲说好。乙说好。 starts at 3: 好 at 5 and 9.
        assert_eq!(anchor(&doc, &incoming("好", 0, "乙说", "")), Some((9, 10)));
        assert_eq!(anchor(&doc, &incoming("好", 0, "甲说", "。乙")), Some((5, 6)));
        assert_eq!(anchor(&doc, &incoming("好", 0, "", "。乙")), Some((5, 6)));
    }

    #[test]
    fn overlapping_repeats_are_all_candidates() {
        let doc = Document::parse("标题\n\n哈哈哈。").unwrap();
        // 哈哈 at 3 and 4; the suffix "哈。" only fits the first.
        assert_eq!(anchor(&doc, &incoming("哈哈", 0, "", "哈。")), Some((3, 5)));
        assert_eq!(anchor(&doc, &incoming("哈哈", 0, "", "")), None);
    }

    #[test]
    fn code_points_outside_the_bmp() {
        let old = Document::parse("标题\n\n𠮷野家😀好。").unwrap();
        let new = Document::parse("标题\n\n😀𠮷𠮷野家😀好。").unwrap();
        let list = [ann("a", Tag::Statistic, 6, 8)];
        let read = parse(&json(&old, &list)).unwrap();
        assert_eq!(read[0].quote, "😀好");
        assert_eq!(anchor(&old, &read[0]), Some((6, 8)));
        assert_eq!(anchor(&new, &read[0]), Some((8, 10)));
        assert_eq!(new.slice(8, 10), "😀好");
        // Two 😀 in the new text: the prefix settles it.
        let smiley = incoming("😀", 0, "野家", "");
        assert_eq!(anchor(&new, &smiley), Some((8, 9)));
    }

    #[test]
    fn newer_wins_either_way() {
        let doc = Document::parse("标题\n\n正文一句。").unwrap();
        let mut ours = ann("a", Tag::Quote, 3, 5);
        ours.modified = "2026-01-02T00:00:00Z".into();
        ours.note = "ours".into();
        let mut theirs = ours.clone();
        theirs.note = "theirs".into();
        theirs.tag = Tag::Event;

        // Fractions sort by time, not by character: .5Z is later than Z.
        theirs.modified = "2026-01-02T00:00:00.5Z".into();
        let newer = plan(&doc, std::slice::from_ref(&ours), parse(&json(&doc, &[theirs.clone()])).unwrap());
        assert_eq!(newer.replaced, vec![(ours.clone(), theirs.clone())]);
        assert_eq!(newer.conflicting(), 1);
        let mut list = vec![ann("z", Tag::Event, 0, 2), ours.clone()];
        let changes = apply(&mut list, &newer);
        assert_eq!(changes, vec![(Some(ours.clone()), Some(theirs.clone()))]);
        assert_eq!(list.len(), 2);
        assert!(list.contains(&theirs));

        theirs.modified = "2026-01-01T23:59:59.999Z".into();
        let older = plan(&doc, std::slice::from_ref(&ours), parse(&json(&doc, &[theirs.clone()])).unwrap());
        assert_eq!(older.kept_ours, 1);
        assert!(older.replaced.is_empty() && older.is_empty());

        theirs.modified = ours.modified.clone();
        let tie = plan(&doc, std::slice::from_ref(&ours), parse(&json(&doc, &[theirs])).unwrap());
        assert_eq!(tie.kept_ours, 1, "a tie keeps ours");
    }

    #[test]
    fn a_winner_that_cannot_be_placed_is_unplaced() {
        let old = Document::parse("标题\n\n正文一句。").unwrap();
        let new = Document::parse("标题\n\n全新内容。").unwrap();
        let ours = ann("a", Tag::Quote, 3, 5);
        let mut theirs = ours.clone();
        theirs.modified = "2026-02-01T00:00:00Z".into();
        let plan = plan(&new, &[ours], parse(&json(&old, &[theirs])).unwrap());
        assert_eq!(plan.unplaced.len(), 1);
        assert!(plan.is_empty());
    }

    #[test]
    fn apply_adds_in_order_and_skips_what_changed_since() {
        let doc = Document::parse("标题\n\n正文一句。").unwrap();
        let existing = vec![ann("b", Tag::Quote, 5, 7)];
        let read = parse(&json(&doc, &[ann("a", Tag::Quote, 3, 5), ann("c", Tag::Event, 6, 8)])).unwrap();
        let plan = plan(&doc, &existing, read);
        let mut list = existing.clone();
        let changes = apply(&mut list, &plan);
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|(before, after)| before.is_none() && after.is_some()));
        let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        // Applying again changes nothing: the ids are there now.
        assert!(apply(&mut list, &plan).is_empty());
        assert_eq!(list.len(), 3);
    }

    #[test]
    fn timestamps_parse_into_sortable_tuples() {
        assert_eq!(timestamp("2026-01-02T03:04:05.678Z"), Some((2026, 1, 2, 3, 4, 5, 678_000_000)));
        assert_eq!(timestamp("2026-01-02T03:04:05+00:00"), Some((2026, 1, 2, 3, 4, 5, 0)));
        for bad in ["", "yesterday", "2026-01-02", "2026-13-02T00:00:00Z", "2026-01-02T00:00:00", "2026-1-02T00:00:00Z"] {
            assert_eq!(timestamp(bad), None, "{bad}");
        }
        assert!(timestamp("garbage") < timestamp("1970-01-01T00:00:00Z"));
    }

    /// A one-paragraph article of repetitive text, so quotes repeat often.
    fn article() -> impl Strategy<Value = Document> {
        proptest::collection::vec(proptest::sample::select(vec!['甲', '乙', 'a', '𠮷', '😀', '。']), 1..40)
            .prop_map(|body| Document::parse(&format!("标题\n\n{}", body.into_iter().collect::<String>())).unwrap())
    }

    proptest! {
        #[test]
        fn anchor_only_returns_the_quote_or_a_close_version_of_it(
            doc in article(),
            quote in "[甲乙a𠮷😀。]{1,4}",
            start in 0usize..60,
            prefix in "[甲乙a𠮷😀。]{0,6}",
            suffix in "[甲乙a𠮷😀。]{0,6}",
        ) {
            let mut inc = incoming(&quote, start, &prefix, &suffix);
            if let Some((s, e)) = anchor(&doc, &inc) {
                prop_assert!(s < e && e <= doc.len());
                prop_assert!(crate::core::anchor::is_close(&quote, doc.slice(s, e)), "{} placed on {}", quote, doc.slice(s, e));
            }
            // Offsets that disagree with the quote's length must not slip through either.
            inc.end = inc.start + 1;
            if let Some((s, e)) = anchor(&doc, &inc) {
                prop_assert!(crate::core::anchor::is_close(&quote, doc.slice(s, e)));
            }
        }

        #[test]
        fn export_then_import_adds_everything_where_it_was(
            doc in article(),
            ranges in proptest::collection::vec((0usize..50, 1usize..6, 0usize..3), 0..8),
        ) {
            let mut list = Vec::new();
            for (i, (start, len, tag)) in ranges.into_iter().enumerate() {
                let start = start % doc.len();
                let end = (start + len).min(doc.len());
                if start < end {
                    insert_in_order(&mut list, ann(&format!("id{i}"), Tag::ALL[tag], start, end));
                }
            }
            let read = parse(&json(&doc, &list)).expect("an export parses");
            let plan = plan(&doc, &[], read);
            prop_assert_eq!(plan.relocated, 0);
            prop_assert!(plan.unplaced.is_empty());
            let mut got = Vec::new();
            apply(&mut got, &plan);
            prop_assert_eq!(got, list);
        }
    }
}
