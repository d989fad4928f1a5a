//! W3C Web Annotation (JSON-LD): written as a collection with one embedded
//! page, read back from a collection, a page, an array or a bare annotation.

use serde::Serialize;
use serde_json::Value;

use super::tagmark::Export;
use super::{read_each, tag_named};
use crate::core::document::Document;
use crate::core::import::ImportError;
use crate::core::incoming::Incoming;

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
    /// The suggestion source that proposed it, when it was accepted from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    generator: Option<W3cGenerator<'a>>,
}

/// The software that generated an accepted suggestion: Tagmark's rule,
/// learned phrase or the reader's pattern, named by its source.
#[derive(Serialize)]
struct W3cGenerator<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
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

/// Writes `export` as a W3C annotation collection on `doc`.
pub(super) fn write(doc: &Document, export: &Export) -> String {
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
                generator: a.source.as_deref().map(|name| W3cGenerator { kind: "Software", name }),
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
pub(super) fn items(value: &Value) -> Option<Result<Vec<&Value>, ImportError>> {
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

/// Reads the annotations [`items`] found.
pub(super) fn read(items: &[&Value]) -> Result<Vec<Incoming>, ImportError> {
    read_each(items.iter().copied(), read_annotation)
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

fn read_annotation(index: usize, item: &Value) -> Result<Incoming, ImportError> {
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
    // Tagmark writes an accepted suggestion's source as the generator's name.
    let source = fields.get("generator").and_then(|g| g.get("name")).and_then(Value::as_str).map(str::to_string);
    Ok(Incoming {
        id,
        tag,
        quote,
        start,
        end,
        prefix: context("prefix"),
        suffix: context("suffix"),
        created,
        modified,
        note,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use crate::core::formats::tests::T1;
    use crate::core::formats::{read, Format};
    use proptest::prelude::*;

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
        let plan = crate::core::merge::plan(&doc, &[], read_one);
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
        let plan = crate::core::merge::plan(&doc, &[], read_utf16);
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


    proptest! {
        #[test]
        fn any_id_survives_w3c(id in "\\PC{1,12}") {
            prop_assert_eq!(id_from_w3c(&w3c_id(&id)), id);
        }
    }
}
