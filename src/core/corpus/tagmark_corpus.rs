//! Tagmark's corpus JSON: the whole library in one file, written and read.
//!
//! Each document keeps its canonical text and one block kind code a block,
//! all [`Document::from_stored`] needs to rebuild it with the same id; its
//! annotations are the objects a Tagmark JSON export holds (the same
//! serialization, UTF-16 offsets included). Read strictly: it is a backup.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{CorpusDoc, CorpusError, CorpusFormat, CorpusRead, CORPUS_FORMAT, CORPUS_VERSION};
use crate::core::document::Document;
use crate::core::formats::tagmark::{self, TagmarkAnnotation};
use crate::core::formats::{read_each, Utf16Offsets};
use crate::core::import::shown;
use crate::core::library::{Item, Status};

/// The file. Typed rather than built as a `serde_json::Value`, whose
/// objects sort their keys: the fields stay in the documented order.
#[derive(Serialize)]
struct CorpusFile<'a> {
    format: &'a str,
    version: u64,
    offset_unit: &'a str,
    exported: &'a str,
    documents: Vec<CorpusDocument<'a>>,
}

#[derive(Serialize)]
struct CorpusDocument<'a> {
    id: &'a str,
    title: &'a str,
    file_name: &'a str,
    status: &'a str,
    added: &'a str,
    edited: &'a str,
    blocks: String,
    text: &'a str,
    annotations: Vec<TagmarkAnnotation<'a>>,
}

/// Writes `items` as a corpus stamped `exported`.
pub(super) fn write(items: &[Item], exported: &str) -> String {
    // Each document's export is built first, as the annotations borrow it.
    let exports: Vec<(tagmark::Export, Utf16Offsets)> = items
        .iter()
        .map(|item| (tagmark::build(item.document, item.annotations, exported), Utf16Offsets::new(item.document)))
        .collect();
    let documents = items
        .iter()
        .zip(&exports)
        .map(|(item, (export, utf16))| CorpusDocument {
            id: item.document.id(),
            title: &item.entry.title,
            file_name: &item.entry.file_name,
            status: item.entry.status.as_str(),
            added: &item.entry.added,
            edited: &item.entry.edited,
            blocks: item.document.stored_kinds(),
            text: item.document.text(),
            annotations: export
                .annotations
                .iter()
                .map(|a| TagmarkAnnotation { fields: a, start_utf16: utf16.at(a.start), end_utf16: utf16.at(a.end) })
                .collect(),
        })
        .collect();
    let file = CorpusFile { format: CORPUS_FORMAT, version: CORPUS_VERSION, offset_unit: "codepoint", exported, documents };
    serde_json::to_string_pretty(&file).expect("a corpus serializes")
}

/// Reads a corpus already parsed as JSON, checking every document before
/// returning any: the first damaged one refuses the file, by its number and title.
pub(super) fn read(value: &Value) -> Result<CorpusRead, CorpusError> {
    let bad = |why: &str| CorpusError::BadCorpus(why.to_string());
    match value.get("version").map(Value::as_u64) {
        None => return Err(bad("it has no \"version\"")),
        Some(Some(v)) if v == CORPUS_VERSION => {}
        Some(Some(v)) if v > CORPUS_VERSION => return Err(CorpusError::NewerVersion(v)),
        Some(_) => return Err(bad("its \"version\" is not one Tagmark wrote")),
    }
    match value.get("offset_unit").and_then(Value::as_str) {
        None | Some("codepoint") => {}
        Some(unit) => return Err(CorpusError::BadCorpus(format!("its offsets count {}, not code points", shown(unit)))),
    }
    let Some(list) = value.get("documents").and_then(Value::as_array) else {
        return Err(bad("it has no \"documents\" list"));
    };
    let documents = list.iter().enumerate().map(|(index, item)| document(index, item)).collect::<Result<_, _>>()?;
    Ok(CorpusRead { format: CorpusFormat::TagmarkCorpus, documents, problems: Vec::new(), utf16: None })
}

/// Document `index` of the corpus.
fn document(index: usize, item: &Value) -> Result<CorpusDoc, CorpusError> {
    let Value::Object(fields) = item else {
        return Err(CorpusError::BadDocument { index, title: String::new(), detail: "is not a JSON object".into() });
    };
    let title = string(fields, "title").unwrap_or_default();
    let refuse = |detail: String| CorpusError::BadDocument { index, title: title.clone(), detail };
    let (Some(text), Some(blocks)) = (string(fields, "text"), string(fields, "blocks")) else {
        return Err(refuse("has no \"text\" or no \"blocks\"".into()));
    };
    let Some(doc) = Document::from_stored(&text, &blocks) else {
        return Err(refuse("has a text and block kinds that don't fit together".into()));
    };
    match string(fields, "id") {
        Some(id) if id == doc.id() => {}
        Some(_) => return Err(refuse("has a text that is not the one it was saved with (its id doesn't match)".into())),
        None => return Err(refuse("has no \"id\"".into())),
    }
    let status = match string(fields, "status") {
        None => Status::Todo,
        Some(name) => Status::from_name(&name)
            .ok_or_else(|| refuse(format!("has a status {}, not todo, in-progress or done", shown(&name))))?,
    };
    let list = fields.get("annotations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let annotations = read_each(list, |i, a| tagmark::read_annotation(i, a, Some(doc.len())))
        .map_err(|e| refuse(format!("can't be read: {}", e.to_string().trim_end_matches('.'))))?;
    Ok(CorpusDoc {
        title: if title.is_empty() { doc.title().to_string() } else { title.clone() },
        file_name: string(fields, "file_name").unwrap_or_default(),
        status,
        added: string(fields, "added").unwrap_or_default(),
        edited: string(fields, "edited").unwrap_or_default(),
        document: doc,
        annotations,
    })
}

/// Field `key` when it is a string.
fn string(fields: &Map<String, Value>, key: &str) -> Option<String> {
    fields.get(key).and_then(Value::as_str).map(str::to_string)
}
