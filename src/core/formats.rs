//! Interchange formats: the annotations written for other tools, and files
//! from other tools read back in.
//!
//! Every writer starts from [`export::build`], so the quote, prefix, suffix
//! and offsets are computed once and agree across formats. All offsets count
//! Unicode code points into the canonical text (what Python's `str`, and so
//! doccano and Label Studio, index by); the Tagmark JSON and the CSV also
//! carry UTF-16 offsets for JavaScript, Java and C# consumers.
//!
//! Every reader produces [`Incoming`] annotations, which
//! [`import::plan`] then anchors on the current text exactly as it does a
//! Tagmark export: the quote is the authority, the offsets a hint.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::export::{self, Export, ExportedAnnotation, ExportedDocument, CONTEXT_CHARS};
use crate::core::import::{self, ImportError, Incoming, MAX_IMPORT_BYTES};

/// A file format Tagmark writes, and perhaps reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Tagmark's own export, with UTF-16 offsets added; reads back losslessly.
    Tagmark,
    /// A W3C Web Annotation collection (JSON-LD); reads back losslessly.
    W3c,
    /// doccano's sequence-labeling JSONL; notes, ids and times are lost.
    Doccano,
    /// A Label Studio task list with the annotations as a completed annotation (write only).
    LabelStudio,
    /// One row per annotation, for spreadsheets (write only). RFC 4180 with
    /// CRLF; a text cell a spreadsheet would run as a formula (one starting
    /// with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`.
    Csv,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 5] = [Format::Tagmark, Format::W3c, Format::Doccano, Format::LabelStudio, Format::Csv];

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Tagmark => "Tagmark JSON",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Doccano => "doccano JSONL",
            Format::LabelStudio => "Label Studio JSON",
            Format::Csv => "CSV",
        }
    }

    /// The download's file name: the document title (made safe for file
    /// systems the way [`export::file_name`] does it) and a format suffix.
    pub fn file_name(self, doc: &Document) -> String {
        let tagmark = export::file_name(doc);
        // Reuse the one sanitizing rule rather than keep a second copy of it.
        let stem = tagmark.strip_suffix("-annotations.json").unwrap_or(&tagmark);
        match self {
            Format::Tagmark => tagmark.clone(),
            Format::W3c => format!("{stem}-annotations.jsonld"),
            Format::Doccano => format!("{stem}-doccano.jsonl"),
            Format::LabelStudio => format!("{stem}-labelstudio.json"),
            Format::Csv => format!("{stem}-annotations.csv"),
        }
    }

    /// The media type of the download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Tagmark | Format::LabelStudio => "application/json",
            // The media type the Web Annotation Protocol names for this serialization.
            Format::W3c => "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            // JSON Lines has no registered type; this is the one tools recognize.
            Format::Doccano => "application/jsonl",
            // RFC 4180, with the charset spelled out: the file is UTF-8.
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// Whether [`read`] accepts files in this format.
    pub fn can_import(self) -> bool {
        matches!(self, Format::Tagmark | Format::W3c | Format::Doccano)
    }
}

/// Writes `annotations` on `doc` in `format`; `exported` (RFC 3339, UTC) is
/// the time stamped on the file where the format has a place for it.
pub fn write(format: Format, doc: &Document, annotations: &[Annotation], exported: &str) -> String {
    let export = export::build(doc, annotations, exported);
    let utf16 = Utf16Offsets::new(doc);
    match format {
        Format::Tagmark => write_tagmark(&export, &utf16),
        Format::W3c => write_w3c(doc, &export),
        Format::Doccano => write_doccano(doc, &export),
        Format::LabelStudio => write_label_studio(doc, &export),
        Format::Csv => write_csv(&export, &utf16),
    }
}

/// Reads a file in any importable format, telling which it was.
///
/// Tagmark JSON is tried first and, when nothing else fits either, its error
/// is the one returned: its messages are the most specific.
pub fn read(bytes: &[u8]) -> Result<(Format, Vec<Incoming>), ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        if value.get("format").and_then(Value::as_str) == Some(export::EXPORT_FORMAT) {
            return import::parse(bytes).map(|list| (Format::Tagmark, list));
        }
        if let Some(items) = w3c_items(&value) {
            return read_w3c(&items?).map(|list| (Format::W3c, list));
        }
    }
    if let Some(lines) = doccano_lines(body) {
        return read_doccano(&lines).map(|list| (Format::Doccano, list));
    }
    import::parse(bytes).map(|list| (Format::Tagmark, list))
}

/// UTF-16 offset of every code point offset of the text, computed once so a
/// long list of annotations costs one pass over the text, not one each.
struct Utf16Offsets(Vec<usize>);

impl Utf16Offsets {
    fn new(doc: &Document) -> Utf16Offsets {
        let mut table = Vec::with_capacity(doc.len() + 1);
        let mut units = 0;
        table.push(units);
        for c in doc.text().chars() {
            units += c.len_utf16();
            table.push(units);
        }
        Utf16Offsets(table)
    }

    /// Clamped like [`Document::slice`], which made the quote.
    fn at(&self, code_points: usize) -> usize {
        self.0[code_points.min(self.0.len() - 1)]
    }
}

// ---------------------------------------------------------------- Tagmark JSON

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

#[derive(Serialize)]
struct TagmarkAnnotation<'a> {
    #[serde(flatten)]
    fields: &'a ExportedAnnotation,
    start_utf16: usize,
    end_utf16: usize,
}

fn write_tagmark(export: &Export, utf16: &Utf16Offsets) -> String {
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

// ---------------------------------------------------------------- W3C Web Annotation

const W3C_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Prefix of the IRI made from an id that is not a UUID.
const TAGMARK_URN: &str = "urn:tagmark:";
const UUID_URN: &str = "urn:uuid:";

#[derive(Serialize)]
struct W3cCollection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    // The model requires `first` only when there is something in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<W3cPage<'a>>,
}

#[derive(Serialize)]
struct W3cPage<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<W3cAnnotation<'a>>,
}

#[derive(Serialize)]
struct W3cAnnotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    created: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    modified: &'a str,
    /// When this serialization was made: the model's name for the export time.
    #[serde(skip_serializing_if = "str::is_empty")]
    generated: &'a str,
    body: Vec<W3cBody<'a>>,
    target: W3cTarget<'a>,
}

#[derive(Serialize)]
struct W3cBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
}

#[derive(Serialize)]
struct W3cTarget<'a> {
    source: String,
    /// Alternatives that select the same text: the quote survives edits, the
    /// position is exact and cheap.
    selector: (W3cQuoteSelector<'a>, W3cPositionSelector),
}

#[derive(Serialize)]
struct W3cQuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    prefix: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    suffix: &'a str,
}

#[derive(Serialize)]
struct W3cPositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

fn write_w3c(doc: &Document, export: &Export) -> String {
    let source = format!("{TAGMARK_URN}document:{}", doc.id());
    let collection_id = format!("{source}:annotations");
    let items: Vec<W3cAnnotation> = export
        .annotations
        .iter()
        .map(|a| {
            let mut body = vec![W3cBody { kind: "TextualBody", purpose: "tagging", value: a.tag.as_str(), format: None }];
            if !a.note.is_empty() {
                body.push(W3cBody { kind: "TextualBody", purpose: "commenting", value: &a.note, format: Some("text/plain") });
            }
            W3cAnnotation {
                id: w3c_id(&a.id),
                kind: "Annotation",
                created: &a.created,
                modified: &a.modified,
                generated: &export.exported,
                body,
                target: W3cTarget {
                    source: source.clone(),
                    selector: (
                        W3cQuoteSelector { kind: "TextQuoteSelector", exact: &a.quote, prefix: &a.prefix, suffix: &a.suffix },
                        W3cPositionSelector { kind: "TextPositionSelector", start: a.start, end: a.end },
                    ),
                },
            }
        })
        .collect();
    let collection = W3cCollection {
        context: W3C_CONTEXT,
        id: collection_id.clone(),
        kind: "AnnotationCollection",
        label: &export.document.title,
        total: items.len(),
        first: (!items.is_empty()).then(|| W3cPage {
            id: format!("{collection_id}:page-1"),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        }),
    };
    serde_json::to_string_pretty(&collection).expect("a collection serializes")
}

/// An annotation's IRI: a UUID as the standard `urn:uuid:` URN, anything else
/// percent-encoded (so any string makes a valid IRI) under `urn:tagmark:`.
fn w3c_id(id: &str) -> String {
    if looks_like_uuid(id) {
        format!("{UUID_URN}{id}")
    } else {
        let mut iri = String::from(TAGMARK_URN);
        for byte in id.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                iri.push(char::from(byte));
            } else {
                iri.push_str(&format!("%{byte:02X}"));
            }
        }
        iri
    }
}

/// Reverses [`w3c_id`]; another tool's IRI is kept whole as the id.
fn id_from_w3c(iri: &str) -> String {
    if let Some(uuid) = iri.strip_prefix(UUID_URN) {
        return uuid.to_string();
    }
    iri.strip_prefix(TAGMARK_URN).and_then(percent_decode).unwrap_or_else(|| iri.to_string())
}

fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `8-4-4-4-12` hex digits.
fn looks_like_uuid(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// True when `value`'s `type` (or JSON-LD `@type`) is `name`, alone or in a list.
fn has_type(value: &Value, name: &str) -> bool {
    let is = |v: &Value| v.as_str().is_some_and(|t| t == name || t.strip_prefix("oa:") == Some(name));
    ["type", "@type"].iter().any(|key| match value.get(key) {
        Some(Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    })
}

/// True when `@context` names the Web Annotation context, alone or in a list.
fn has_w3c_context(value: &Value) -> bool {
    let is = |v: &Value| v.as_str().is_some_and(|c| c.contains("w3.org/ns/anno"));
    match value.get("@context") {
        Some(Value::Array(list)) => list.iter().any(is),
        Some(c) => is(c),
        None => false,
    }
}

/// The annotations on an embedded `AnnotationPage`.
fn page_items(page: &Value) -> Result<Vec<&Value>, ImportError> {
    // Only what is in the file can be read: a page that links on to more
    // would otherwise be imported in part without a word.
    if page.get("next").is_some() {
        return Err(ImportError::NotTagmark(
            "it is a W3C annotation collection split over several pages; Tagmark reads a single page".into(),
        ));
    }
    match page.get("items") {
        Some(Value::Array(items)) => Ok(items.iter().collect()),
        _ => Err(ImportError::NotTagmark("it is a W3C annotation page without an \"items\" list".into())),
    }
}

/// The annotations of a W3C file, or `None` when `value` isn't one.
fn w3c_items(value: &Value) -> Option<Result<Vec<&Value>, ImportError>> {
    match value {
        Value::Object(_) if has_type(value, "AnnotationCollection") => Some(match value.get("first") {
            None => Ok(Vec::new()),
            Some(page @ Value::Object(_)) => page_items(page),
            Some(_) => Err(ImportError::NotTagmark(
                "it is a W3C annotation collection whose annotations are not in the file".into(),
            )),
        }),
        Value::Object(_) if has_type(value, "AnnotationPage") => Some(page_items(value)),
        Value::Object(_) if has_type(value, "Annotation") || has_w3c_context(value) => Some(Ok(vec![value])),
        Value::Array(list) if !list.is_empty() && list.iter().all(|item| has_type(item, "Annotation")) => {
            Some(Ok(list.iter().collect()))
        }
        _ => None,
    }
}

fn read_w3c(items: &[&Value]) -> Result<Vec<Incoming>, ImportError> {
    import::read_each(items.iter().copied(), read_w3c_annotation)
}

/// A value that may be one thing or a list of them, as JSON-LD allows.
fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None => Vec::new(),
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
    }
}

fn has_purpose(body: &Value, purpose: &str) -> bool {
    one_or_many(body.get("purpose")).iter().any(|p| p.as_str() == Some(purpose))
}

fn read_w3c_annotation(index: usize, item: &Value) -> Result<Incoming, ImportError> {
    let bad_field = |field: &'static str, detail: &str| ImportError::BadField { index, field, detail: detail.to_string() };
    let Value::Object(fields) = item else {
        return Err(bad_field("", "is not a JSON object"));
    };
    let id = match fields.get("id").or_else(|| fields.get("@id")) {
        None => return Err(bad_field("id", "is missing")),
        Some(Value::String(iri)) => id_from_w3c(iri),
        Some(_) => return Err(bad_field("id", "is not a string")),
    };
    if id.is_empty() {
        return Err(bad_field("id", "is empty"));
    }

    let bodies = one_or_many(fields.get("body"));
    let tagging: Vec<&Value> = bodies.iter().copied().filter(|b| has_purpose(b, "tagging")).collect();
    let tag = tagging.iter().find_map(|b| b.get("value").and_then(Value::as_str).and_then(tag_named));
    let Some(tag) = tag else {
        let tag = match tagging.first().and_then(|b| b.get("value")) {
            None => String::new(),
            Some(Value::String(name)) => name.clone(),
            Some(other) => other.to_string(),
        };
        return Err(ImportError::UnknownTag { index, tag });
    };
    let note = bodies
        .iter()
        .filter(|b| has_purpose(b, "commenting"))
        .find_map(|b| b.get("value").and_then(Value::as_str))
        .unwrap_or_default()
        .to_string();

    // A target is an object with selectors; several targets are alternatives.
    let target = one_or_many(fields.get("target")).into_iter().find(|t| t.is_object());
    let selectors = one_or_many(target.and_then(|t| t.get("selector")));
    let quote_selector = selectors.iter().find(|s| has_type(s, "TextQuoteSelector"));
    let quote = match quote_selector.and_then(|s| s.get("exact")).and_then(Value::as_str) {
        Some(exact) if !exact.is_empty() => exact.to_string(),
        _ => return Err(bad_field("target", "has no TextQuoteSelector with an \"exact\" quote")),
    };
    let context = |key: &str| -> String {
        quote_selector.and_then(|s| s.get(key)).and_then(Value::as_str).unwrap_or_default().to_string()
    };
    let quote_len = quote.chars().count();
    let position = selectors.iter().find(|s| has_type(s, "TextPositionSelector")).and_then(|s| {
        let offset = |key: &str| s.get(key).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
        Some((offset("start")?, offset("end")?))
    });
    // A position that can't hold the quote (some tools count UTF-16 units)
    // is dropped rather than rejected: the quote alone still places it.
    let (start, end) = match position {
        Some((start, end)) if start < end && end - start == quote_len => (start, end),
        _ => (0, quote_len),
    };

    let text = |key: &str| fields.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let created = text("created");
    let modified = match text("modified") {
        m if m.is_empty() => created.clone(),
        m => m,
    };
    Ok(Incoming { id, tag, quote, start, end, prefix: context("prefix"), suffix: context("suffix"), created, modified, note })
}

/// The tag a file names, by its file name (`quote`) or its label (`Quote`), in any case.
fn tag_named(name: &str) -> Option<Tag> {
    Tag::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(name))
}

// ---------------------------------------------------------------- doccano JSONL

#[derive(Serialize)]
struct DoccanoLine<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'static str)>,
}

fn write_doccano(doc: &Document, export: &Export) -> String {
    let line = DoccanoLine {
        text: doc.text(),
        label: export.annotations.iter().map(|a| (a.start, a.end, a.tag.as_str())).collect(),
    };
    let mut out = serde_json::to_string(&line).expect("a doccano line serializes");
    out.push('\n');
    out
}

/// The lines of a doccano file with their 1-based line numbers, or `None`
/// when some non-empty line is not a JSON object with a `text` string.
fn doccano_lines(body: &[u8]) -> Option<Vec<(usize, Map<String, Value>)>> {
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
fn read_doccano(lines: &[(usize, Map<String, Value>)]) -> Result<Vec<Incoming>, ImportError> {
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
            });
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- Label Studio

/// One task; import it into a project whose labeling config is
/// `<Text name="text" value="$text"/>` with
/// `<Labels name="label" toName="text">` holding `Quote`, `Statistic`, `Event`.
#[derive(Serialize)]
struct LabelStudioTask<'a> {
    data: LabelStudioData<'a>,
    annotations: Vec<LabelStudioAnnotation<'a>>,
}

#[derive(Serialize)]
struct LabelStudioData<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct LabelStudioAnnotation<'a> {
    result: Vec<LabelStudioResult<'a>>,
}

#[derive(Serialize)]
struct LabelStudioResult<'a> {
    id: &'a str,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: LabelStudioValue<'a>,
}

#[derive(Serialize)]
struct LabelStudioValue<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'static str; 1],
}

fn write_label_studio(doc: &Document, export: &Export) -> String {
    let result: Vec<LabelStudioResult> = export
        .annotations
        .iter()
        .map(|a| LabelStudioResult {
            id: &a.id,
            from_name: "label",
            to_name: "text",
            kind: "labels",
            value: LabelStudioValue { start: a.start, end: a.end, text: &a.quote, labels: [a.tag.label()] },
        })
        .collect();
    // No annotations means an unlabeled task, not one labeled as empty.
    let annotations = if result.is_empty() { Vec::new() } else { vec![LabelStudioAnnotation { result }] };
    let tasks = [LabelStudioTask { data: LabelStudioData { text: doc.text() }, annotations }];
    serde_json::to_string_pretty(&tasks).expect("a task list serializes")
}

// ---------------------------------------------------------------- CSV

/// The CSV's header row.
const CSV_HEADER: [&str; 10] = ["id", "tag", "start", "end", "start_utf16", "end_utf16", "quote", "note", "created", "modified"];

/// RFC 4180: records end in CRLF, and a field holding a comma, a double quote,
/// CR or LF is wrapped in double quotes with its quotes doubled.
///
/// Text fields (id, quote, note and the times, which an imported file may
/// have set to anything) that start with `=`, `+`, `-`, `@`, a tab or CR get
/// a leading `'`: spreadsheets run such a cell as a formula (CSV injection),
/// and the `'` makes them show it as text. A program reading the CSV sees
/// the `'`; the other formats carry the text unchanged.
fn write_csv(export: &Export, utf16: &Utf16Offsets) -> String {
    let mut out = String::new();
    push_record(&mut out, CSV_HEADER.iter().map(|h| h.to_string()));
    for a in &export.annotations {
        push_record(
            &mut out,
            [
                defused(&a.id),
                a.tag.as_str().to_string(),
                a.start.to_string(),
                a.end.to_string(),
                utf16.at(a.start).to_string(),
                utf16.at(a.end).to_string(),
                defused(&a.quote),
                defused(&a.note),
                defused(&a.created),
                defused(&a.modified),
            ],
        );
    }
    out
}

fn push_record(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// The field with a `'` in front when a spreadsheet would take it for a formula.
fn defused(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::insert_in_order;
    use crate::core::text;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    const EXPORTED: &str = "2026-03-01T12:00:00Z";
    const T1: &str = "2026-02-01T08:00:00Z";

    /// Canonical text, code point by code point:
    /// 标0 题1 \n2 𠮷3 野4 家5 😀6 在7 东8 京9 开10 店11 ，12 "13 引14 号15 "16 ，17
    /// =18 S19 U20 M21 (22 1 23 )24 。25 \n26 第27 二28 段29 e30 ◌́31 。32
    fn fixture() -> (Document, Vec<Annotation>) {
        let doc = Document::parse("标题\n\n𠮷野家😀在东京开店，\"引号\"，=SUM(1)。\n\n第二段e\u{301}。").unwrap();
        let mut formula = Annotation::new("0f8c6d3e-2b1a-4c5d-9e8f-1a2b3c4d5e6f", Tag::Quote, 18, 25, T1);
        formula.modified = "2026-02-02T09:30:00.5Z".into();
        formula.note = "+1, \"agreed\"\nsecond line".into();
        let astral = Annotation::new("stat 2/𠮷", Tag::Statistic, 3, 7, "2026-02-01T08:01:00Z");
        let combining = Annotation::new("ann-3", Tag::Event, 30, 32, "2026-02-01T08:02:00Z");
        let mut list = Vec::new();
        for a in [formula, astral, combining] {
            insert_in_order(&mut list, a);
        }
        (doc, list)
    }

    fn golden(format: Format) -> &'static str {
        match format {
            Format::Tagmark => include_str!("../../tests/golden/tagmark.json"),
            Format::W3c => include_str!("../../tests/golden/w3c.jsonld"),
            Format::Doccano => include_str!("../../tests/golden/doccano.jsonl"),
            Format::LabelStudio => include_str!("../../tests/golden/labelstudio.json"),
            Format::Csv => include_str!("../../tests/golden/annotations.csv"),
        }
    }

    #[test]
    fn writers_match_the_golden_files() {
        let (doc, list) = fixture();
        assert_eq!(doc.text(), "标题\n𠮷野家😀在东京开店，\"引号\"，=SUM(1)。\n第二段e\u{301}。");
        for format in Format::ALL {
            assert_eq!(write(format, &doc, &list, EXPORTED), golden(format), "{format:?}");
        }
    }

    /// Writes `list` in `format`, reads it back and applies the plan to an empty list.
    fn round_trip(format: Format, doc: &Document, list: &[Annotation]) -> Vec<Annotation> {
        let file = write(format, doc, list, EXPORTED);
        let (detected, incoming) = read(file.as_bytes()).unwrap_or_else(|e| panic!("{format:?}: {e}\n{file}"));
        assert_eq!(detected, format);
        let plan = import::plan(doc, &[], incoming);
        assert_eq!(plan.relocated, 0, "{format:?}");
        assert!(plan.unplaced.is_empty(), "{format:?}");
        let mut got = Vec::new();
        import::apply(&mut got, &plan);
        got
    }

    fn ranges(list: &[Annotation]) -> BTreeSet<(usize, usize, Tag)> {
        list.iter().map(|a| (a.start, a.end, a.tag)).collect()
    }

    /// Tagmark and W3C restore everything; doccano the tags and ranges.
    fn assert_round_trips(doc: &Document, list: &[Annotation]) {
        for format in Format::ALL.into_iter().filter(|f| f.can_import()) {
            let got = round_trip(format, doc, list);
            match format {
                Format::Doccano => {
                    assert_eq!(ranges(&got), ranges(list));
                    assert!(got.iter().all(|a| a.id.starts_with("doccano-") && a.note.is_empty()));
                }
                _ => assert_eq!(got, list, "{format:?}"),
            }
        }
    }

    #[test]
    fn importable_formats_round_trip() {
        let (doc, list) = fixture();
        assert_round_trips(&doc, &list);
        assert_round_trips(&doc, &[]);
        let mut note_only_on_one = list.clone();
        note_only_on_one[0].note = "=1\r\n\t".into();
        assert_round_trips(&doc, &note_only_on_one);
    }

    #[test]
    fn labels_names_and_types() {
        let doc = Document::parse("东方风来春色新\n\n正文。").unwrap();
        let names: Vec<String> = Format::ALL.iter().map(|f| f.file_name(&doc)).collect();
        assert_eq!(
            names,
            [
                "东方风来春色新-annotations.json",
                "东方风来春色新-annotations.jsonld",
                "东方风来春色新-doccano.jsonl",
                "东方风来春色新-labelstudio.json",
                "东方风来春色新-annotations.csv",
            ]
        );
        assert_eq!(Format::Csv.file_name(&Document::parse("a/b:c\n\n正文。").unwrap()), "a_b_c-annotations.csv");
        assert_eq!(Format::Tagmark.file_name(&doc), export::file_name(&doc));
        assert_eq!(Format::W3c.label(), "W3C Web Annotation (JSON-LD)");
        let importable: Vec<Format> = Format::ALL.into_iter().filter(|f| f.can_import()).collect();
        assert_eq!(importable, [Format::Tagmark, Format::W3c, Format::Doccano]);
        assert!(Format::ALL.iter().all(|f| !f.mime().is_empty() && !f.label().is_empty()));
    }

    #[test]
    fn tagmark_json_is_the_export_plus_utf16_offsets() {
        let (doc, list) = fixture();
        assert_eq!(
            write(Format::Tagmark, &doc, &[], EXPORTED),
            serde_json::to_string_pretty(&export::build(&doc, &[], EXPORTED)).unwrap()
        );
        let mut written: Value = serde_json::from_str(&write(Format::Tagmark, &doc, &list, EXPORTED)).unwrap();
        for a in written["annotations"].as_array_mut().unwrap() {
            let a = a.as_object_mut().unwrap();
            assert!(a.remove("start_utf16").is_some() && a.remove("end_utf16").is_some());
        }
        assert_eq!(written, serde_json::to_value(export::build(&doc, &list, EXPORTED)).unwrap());
    }

    // ------------------------------------------------------------ offsets agree

    /// A minimal RFC 4180 reader, to check the writer from the other side.
    fn parse_csv(csv: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = csv.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut field)),
                (false, '\r') => {
                    assert_eq!(chars.next(), Some('\n'), "a bare CR ends no record");
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                (false, '\n') => panic!("a bare LF outside quotes"),
                (false, c) => field.push(c),
            }
        }
        assert!(field.is_empty() && record.is_empty(), "the last record ends in CRLF");
        records
    }

    fn undefused(field: &str) -> &str {
        match field.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => field,
        }
    }

    fn code_points(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    fn number(value: &Value) -> usize {
        value.as_u64().expect("a whole number") as usize
    }

    /// Every format says the same start, end and quote for each annotation.
    fn assert_offsets_agree(doc: &Document, list: &[Annotation]) {
        let text = doc.text();
        let file = |format| write(format, doc, list, EXPORTED);
        let tagmark: Value = serde_json::from_str(&file(Format::Tagmark)).unwrap();
        let w3c: Value = serde_json::from_str(&file(Format::W3c)).unwrap();
        let doccano: Value = serde_json::from_str(file(Format::Doccano).trim_end()).unwrap();
        let studio: Value = serde_json::from_str(&file(Format::LabelStudio)).unwrap();
        let csv = parse_csv(&file(Format::Csv));
        assert_eq!(csv[0], CSV_HEADER);
        assert_eq!(csv.len(), list.len() + 1);
        assert_eq!(doccano["text"], text);
        assert_eq!(studio[0]["data"]["text"], text);
        assert_eq!(w3c["total"], list.len());

        for (i, a) in list.iter().enumerate() {
            let expected = (a.start, a.end);
            let quote = code_points(text, a.start, a.end);

            let t = &tagmark["annotations"][i];
            assert_eq!((number(&t["start"]), number(&t["end"])), expected);
            assert_eq!(number(&t["start_utf16"]), text::utf16_len_of_prefix(text, a.start));
            assert_eq!(number(&t["end_utf16"]), text::utf16_len_of_prefix(text, a.end));
            assert_eq!(t["quote"], quote.as_str());

            let w = &w3c["first"]["items"][i]["target"]["selector"];
            assert_eq!(w[0]["type"], "TextQuoteSelector");
            assert_eq!(w[0]["exact"], quote.as_str());
            assert_eq!(w[1]["type"], "TextPositionSelector");
            assert_eq!((number(&w[1]["start"]), number(&w[1]["end"])), expected);

            let d = &doccano["label"][i];
            assert_eq!((number(&d[0]), number(&d[1])), expected);
            assert_eq!(d[2], a.tag.as_str());

            let s = &studio[0]["annotations"][0]["result"][i]["value"];
            assert_eq!((number(&s["start"]), number(&s["end"])), expected);
            assert_eq!(s["text"], quote.as_str());
            assert_eq!(s["labels"][0], a.tag.label());

            let row = &csv[i + 1];
            assert_eq!(undefused(&row[0]), a.id);
            assert_eq!(row[1], a.tag.as_str());
            let at = |col: usize| row[col].parse::<usize>().unwrap();
            assert_eq!((at(2), at(3)), expected);
            assert_eq!((at(4), at(5)), (number(&t["start_utf16"]), number(&t["end_utf16"])));
            assert_eq!(undefused(&row[6]), quote);
            assert_eq!(undefused(&row[7]), a.note);
            // In UTF-16 units too, the range holds the quote.
            let units: Vec<u16> = text.encode_utf16().collect();
            assert_eq!(String::from_utf16(&units[at(4)..at(5)]).unwrap(), quote);
        }
    }

    #[test]
    fn offsets_agree_across_formats() {
        let (doc, list) = fixture();
        assert_offsets_agree(&doc, &list);
        // The fixture covers a surrogate pair and a combining mark.
        assert_eq!(doc.slice(3, 7), "𠮷野家😀");
        assert_eq!(doc.slice(30, 32), "e\u{301}");
        let csv = parse_csv(&write(Format::Csv, &doc, &list, EXPORTED));
        assert_eq!((csv[1][4].as_str(), csv[1][5].as_str()), ("3", "9"));
    }

    // ------------------------------------------------------------ CSV

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let doc = Document::parse("标题\n\n-1, \"x\"\n\n@a\tb").unwrap();
        // Canonical: 标题\n-1, "x"\n@a\tb; "-1, \"x\"" is 3..10, "@a" 11..13.
        let mut first = Annotation::new("=id", Tag::Statistic, 3, 10, T1);
        first.note = "line one\r\nline two".into();
        let second = Annotation::new("plain", Tag::Event, 11, 13, "+T");
        let csv = write(Format::Csv, &doc, &[first, second], EXPORTED);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,tag,start,end,start_utf16,end_utf16,quote,note,created,modified");
        assert_eq!(
            lines[1],
            "'=id,statistic,3,10,3,10,\"'-1, \"\"x\"\"\",\"line one"
        );
        assert_eq!(lines[2], "line two\",2026-02-01T08:00:00Z,2026-02-01T08:00:00Z");
        assert_eq!(lines[3], "plain,event,11,13,11,13,'@a,,'+T,'+T");
        assert_eq!(lines[4], "");
        assert_eq!(defused("\tx"), "'\tx");
        assert_eq!(defused("a=b"), "a=b");
    }

    // ------------------------------------------------------------ W3C

    #[test]
    fn w3c_ids_survive_any_string() {
        for id in ["0f8c6d3e-2b1a-4c5d-9e8f-1a2b3c4d5e6f", "ann-3", "stat 2/𠮷", "urn:uuid:x", "urn:tagmark:%zz", "%", "a%2"] {
            assert_eq!(id_from_w3c(&w3c_id(id)), id);
        }
        assert_eq!(w3c_id("0F8C6D3E-2B1A-4C5D-9E8F-1A2B3C4D5E6F"), "urn:uuid:0F8C6D3E-2B1A-4C5D-9E8F-1A2B3C4D5E6F");
        assert_eq!(w3c_id("stat 2/𠮷"), "urn:tagmark:stat%202%2F%F0%A0%AE%B7");
        // Another tool's IRI is the id as it stands.
        assert_eq!(id_from_w3c("http://example.org/anno/1"), "http://example.org/anno/1");
        assert_eq!(id_from_w3c("urn:tagmark:%F0"), "urn:tagmark:%F0");
    }

    fn w3c_annotation(tag: &str, selectors: Value) -> Value {
        serde_json::json!({
            "@context": W3C_CONTEXT,
            "id": "http://example.org/anno/1",
            "type": "Annotation",
            "created": T1,
            "body": [
                { "type": "TextualBody", "purpose": ["tagging"], "value": tag },
                { "type": "TextualBody", "purpose": "commenting", "value": "n" }
            ],
            "target": { "source": "http://example.org/page", "selector": selectors }
        })
    }

    #[test]
    fn w3c_reads_bare_annotations_and_arrays() {
        let doc = Document::parse("标题\n\n𠮷野家😀好，好。").unwrap();
        let quote = serde_json::json!({ "type": "TextQuoteSelector", "exact": "😀好", "prefix": "家" });
        let one = w3c_annotation("Statistic", quote.clone());
        let (format, read_one) = read(one.to_string().as_bytes()).unwrap();
        assert_eq!(format, Format::W3c);
        assert_eq!(read_one[0].id, "http://example.org/anno/1");
        assert_eq!((read_one[0].tag, read_one[0].note.as_str(), read_one[0].modified.as_str()), (Tag::Statistic, "n", T1));
        // No position: the quote and its context place it.
        let plan = import::plan(&doc, &[], read_one);
        assert_eq!((plan.added[0].start, plan.added[0].end), (6, 8));

        let mut no_context = one.clone();
        no_context.as_object_mut().unwrap().remove("@context");
        let array = Value::Array(vec![no_context]);
        assert_eq!(read(array.to_string().as_bytes()).unwrap().0, Format::W3c);

        // A position counted in UTF-16 units can't hold the quote: it is dropped.
        let utf16 = w3c_annotation(
            "event",
            serde_json::json!([quote, { "type": "TextPositionSelector", "start": 8, "end": 11 }]),
        );
        let (_, read_utf16) = read(utf16.to_string().as_bytes()).unwrap();
        assert_eq!((read_utf16[0].start, read_utf16[0].end), (0, 2));
        let plan = import::plan(&doc, &[], read_utf16);
        assert_eq!((plan.added[0].start, plan.added[0].end, plan.relocated), (6, 8, 1));
    }

    #[test]
    fn w3c_errors() {
        let quote = serde_json::json!({ "type": "TextQuoteSelector", "exact": "好" });
        let unknown = w3c_annotation("opinion", quote.clone());
        assert_eq!(read(unknown.to_string().as_bytes()), Err(ImportError::UnknownTag { index: 0, tag: "opinion".into() }));
        let mut untagged = w3c_annotation("quote", quote.clone());
        untagged["body"] = serde_json::json!({ "type": "TextualBody", "value": "quote" });
        assert_eq!(read(untagged.to_string().as_bytes()), Err(ImportError::UnknownTag { index: 0, tag: String::new() }));
        let no_quote = w3c_annotation("quote", serde_json::json!({ "type": "TextPositionSelector", "start": 0, "end": 1 }));
        let error = read(no_quote.to_string().as_bytes()).unwrap_err();
        assert!(matches!(error, ImportError::BadField { index: 0, field: "target", .. }), "{error:?}");
        let twice = Value::Array(vec![w3c_annotation("quote", quote.clone()), w3c_annotation("event", quote)]);
        let error = read(twice.to_string().as_bytes()).unwrap_err();
        assert!(matches!(error, ImportError::BadField { index: 1, field: "id", .. }), "{error:?}");
        let linked = serde_json::json!({ "@context": W3C_CONTEXT, "type": "AnnotationCollection", "first": "http://x/p1" });
        assert!(read(linked.to_string().as_bytes()).unwrap_err().to_string().contains("not in the file"));
        let paged = serde_json::json!({ "type": "AnnotationPage", "items": [], "next": "http://x/p2" });
        assert!(read(paged.to_string().as_bytes()).unwrap_err().to_string().contains("several pages"));
    }

    // ------------------------------------------------------------ doccano

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

    // ------------------------------------------------------------ detection

    #[test]
    fn anything_else_gets_the_tagmark_error() {
        for garbage in [&b"garbage"[..], b"", b"{}", b"[]", b"[1, 2]", b"{\"format\": \"foo\", \"version\": 1}", b"{\"text\": 1}\n"] {
            let expected = import::parse(garbage).unwrap_err();
            assert_eq!(read(garbage), Err(expected.clone()), "{}", String::from_utf8_lossy(garbage));
            assert_eq!(read(garbage).unwrap_err().to_string(), expected.to_string());
        }
        assert_eq!(read(b"garbage").unwrap_err().to_string(), "This file is not JSON (the error is at line 1, column 1).");
        // A broken Tagmark file says what is wrong with it, not that it isn't doccano.
        let (doc, list) = fixture();
        let broken = write(Format::Tagmark, &doc, &list, EXPORTED).replace("\"version\": 1", "\"version\": 2");
        assert_eq!(read(broken.as_bytes()), Err(ImportError::UnsupportedVersion(2)));
    }

    #[test]
    fn too_large_comes_first() {
        let bytes = vec![b'{'; MAX_IMPORT_BYTES + 1];
        assert_eq!(read(&bytes), Err(ImportError::TooLarge { bytes: MAX_IMPORT_BYTES + 1 }));
    }

    #[test]
    fn a_byte_order_mark_is_tolerated_everywhere() {
        let (doc, list) = fixture();
        for format in Format::ALL.into_iter().filter(|f| f.can_import()) {
            let bytes = [&b"\xEF\xBB\xBF"[..], write(format, &doc, &list, EXPORTED).as_bytes()].concat();
            assert_eq!(read(&bytes).unwrap().0, format);
        }
    }

    // ------------------------------------------------------------ properties

    /// A one-paragraph article of astral characters, combining marks and
    /// characters that CSV and spreadsheets treat specially.
    fn article() -> impl Strategy<Value = Document> {
        proptest::collection::vec(
            proptest::sample::select(vec!['甲', '乙', 'a', 'e', '\u{301}', '𠮷', '😀', '。', '"', ',', '=', '-']),
            1..40,
        )
        .prop_map(|body| Document::parse(&format!("标题\n\n{}", body.into_iter().collect::<String>())).unwrap())
    }

    fn id(kind: usize, i: usize) -> String {
        match kind {
            0 => format!("0f8c6d3e-2b1a-4c5d-9e8f-{i:012x}"),
            1 => format!("id{i}"),
            _ => format!("=𠮷 /%{i}"),
        }
    }

    proptest! {
        #[test]
        fn every_importable_format_round_trips(
            doc in article(),
            ranges in proptest::collection::vec((0usize..50, 1usize..6, 0usize..3, 0usize..3, "[a-z,\"\n=😀]{0,6}"), 0..8),
        ) {
            let mut list = Vec::new();
            for (i, (start, len, tag, kind, note)) in ranges.into_iter().enumerate() {
                let start = start % doc.len();
                let end = (start + len).min(doc.len());
                if start < end {
                    let mut a = Annotation::new(id(kind, i), Tag::ALL[tag], start, end, T1);
                    a.note = note;
                    insert_in_order(&mut list, a);
                }
            }
            assert_round_trips(&doc, &list);
            assert_offsets_agree(&doc, &list);
        }

        #[test]
        fn any_id_survives_w3c(id in "\\PC{1,12}") {
            prop_assert_eq!(id_from_w3c(&w3c_id(&id)), id);
        }
    }
}
