//! doccano's sequence-labeling JSONL: one JSON object per line, each with
//! its own text and `[start, end, tag]` labels.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::tag_named;
use super::tagmark::{Export, CONTEXT_CHARS};
use crate::core::document::Document;
use crate::core::import::ImportError;
use crate::core::incoming::Incoming;

#[derive(Serialize)]
struct DoccanoLine<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'static str)>,
}

/// Writes `doc` and the labels of `export` as one doccano line.
pub(super) fn write(doc: &Document, export: &Export) -> String {
    let line = DoccanoLine {
        text: doc.text(),
        label: labels(export),
    };
    let mut out = serde_json::to_string(&line).expect("a doccano line serializes");
    out.push('\n');
    out
}

/// The `[start, end, tag]` labels of `export`, in its order: the
/// whole-library file writes the same ones on each document's line.
pub(crate) fn labels(export: &Export) -> Vec<(usize, usize, &'static str)> {
    export.annotations.iter().map(|a| (a.start, a.end, a.tag.as_str())).collect()
}

/// The lines of a doccano file with their 1-based line numbers, or `None`
/// when some non-empty line is not a JSON object with a `text` string.
pub(super) fn lines(body: &[u8]) -> Option<Vec<(usize, Map<String, Value>)>> {
    let body = std::str::from_utf8(body).ok()?;
    let mut lines = Vec::new();
    for (i, line) in body.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) if object.get("text").is_some_and(Value::is_string) => lines.push((i + 1, object)),
            _ => return None,
        }
    }
    (!lines.is_empty()).then_some(lines)
}

/// Reads doccano lines; each label's offsets count code points of its own line's text.
///
/// doccano keeps no ids, so each is made from the line number, the range and
/// the tag: importing the same file again finds them already present, and a
/// label added in doccano does not take over the id of another.
pub(super) fn read(lines: &[(usize, Map<String, Value>)]) -> Result<Vec<Incoming>, ImportError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut index = 0;
    for (line, object) in lines {
        let text: Vec<char> = object.get("text").and_then(Value::as_str).unwrap_or_default().chars().collect();
        let labels = match object.get("label").or_else(|| object.get("labels")) {
            None => &[][..],
            Some(Value::Array(labels)) => labels.as_slice(),
            Some(_) => {
                return Err(ImportError::BadField {
                    index,
                    field: "label",
                    detail: format!("on line {line} is not a list"),
                })
            }
        };
        for label in labels {
            let bad_offsets = move |detail: String| ImportError::BadOffsets { index, detail: format!("{detail} (line {line})") };
            let (start, end, tag) = match label.as_array().map(Vec::as_slice) {
                Some([start, end, tag]) => (start, end, tag),
                _ => {
                    return Err(ImportError::BadField {
                        index,
                        field: "label",
                        detail: format!("on line {line} is not [start, end, tag]"),
                    })
                }
            };
            let offset = |value: &Value, name: &str| {
                value.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| bad_offsets(format!("{name} is not a whole number")))
            };
            let (start, end) = (offset(start, "start")?, offset(end, "end")?);
            let Some(tag) = tag.as_str().and_then(tag_named) else {
                let tag = tag.as_str().map_or_else(|| tag.to_string(), str::to_string);
                return Err(ImportError::UnknownTag { index, tag });
            };
            if start >= end {
                return Err(bad_offsets(format!("start ({start}) is not before end ({end})")));
            }
            if end > text.len() {
                return Err(bad_offsets(format!("end ({end}) is past the end of the text ({} characters)", text.len())));
            }
            index += 1;
            let id = format!("doccano-{line}-{start}-{end}-{}", tag.as_str());
            if !seen.insert(id.clone()) {
                continue;
            }
            out.push(Incoming {
                id,
                tag,
                quote: text[start..end].iter().collect(),
                start,
                end,
                prefix: text[start.saturating_sub(CONTEXT_CHARS)..start].iter().collect(),
                suffix: text[end..(end + CONTEXT_CHARS).min(text.len())].iter().collect(),
                created: String::new(),
                modified: String::new(),
                note: String::new(),
                source: None,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use crate::core::formats::{read, Format};

    #[test]
    fn doccano_reads_each_line_against_its_own_text() {
        let file = "\u{feff}{\"id\": 7, \"text\": \"ab𠮷c\", \"label\": [[2, 3, \"quote\"], [2, 3, \"quote\"]]}\r\n\r\n\
                    {\"text\": \"xyz\", \"labels\": [[0, 2, \"EVENT\"]]}\n";
        let (format, list) = read(file.as_bytes()).unwrap();
        assert_eq!(format, Format::Doccano);
        assert_eq!(list.len(), 2, "a repeated label is read once");
        assert_eq!(list[0].id, "doccano-1-2-3-quote");
        assert_eq!((list[0].quote.as_str(), list[0].prefix.as_str(), list[0].suffix.as_str()), ("𠮷", "ab", "c"));
        assert_eq!((list[1].id.as_str(), list[1].tag, list[1].quote.as_str()), ("doccano-3-0-2-event", Tag::Event, "xy"));
        assert_eq!(list[1].created, "");
        // A line without labels is an unlabeled text.
        assert_eq!(read(b"{\"text\": \"abc\"}").unwrap(), (Format::Doccano, Vec::new()));
    }

    #[test]
    fn doccano_errors() {
        let past = read("{\"text\": \"ab𠮷\", \"label\": [[1, 4, \"quote\"]]}".as_bytes()).unwrap_err();
        assert!(matches!(&past, ImportError::BadOffsets { index: 0, detail } if detail.contains("past the end")), "{past:?}");
        let second = "{\"text\": \"abc\", \"label\": [[0, 1, \"quote\"]]}\n{\"text\": \"abc\", \"label\": [[2, 2, \"quote\"]]}";
        let error = read(second.as_bytes()).unwrap_err();
        assert!(matches!(&error, ImportError::BadOffsets { index: 1, detail } if detail.contains("line 2")), "{error:?}");
        let negative = read(b"{\"text\": \"abc\", \"label\": [[-1, 2, \"quote\"]]}").unwrap_err();
        assert!(matches!(negative, ImportError::BadOffsets { .. }), "{negative:?}");
        assert_eq!(
            read(b"{\"text\": \"abc\", \"label\": [[0, 1, \"PER\"]]}"),
            Err(ImportError::UnknownTag { index: 0, tag: "PER".into() })
        );
        let classification = read(b"{\"text\": \"abc\", \"label\": [\"quote\"]}").unwrap_err();
        assert!(matches!(classification, ImportError::BadField { field: "label", .. }), "{classification:?}");
    }
}
