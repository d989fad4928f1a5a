//! Tagmark's corpus JSON: the whole library in one file, written and read.
//!
//! Each document keeps its canonical text and one block kind code a block,
//! all [`Document::from_stored`] needs to rebuild it with the same id; its
//! annotations are the objects a Tagmark JSON export holds (the same
//! serialization, UTF-16 offsets included). Read strictly: it is a backup.

use serde::Serialize;
use serde_json::{Map, Value};

use super::problems::{Kind, Problems};
use super::same_text::{self, Repeat};
use super::{CorpusDoc, CorpusError, CorpusFormat, CorpusRead, CORPUS_FORMAT, CORPUS_VERSION};
use crate::core::document::Document;
use crate::core::formats::tagmark::{self, TagmarkAnnotation};
use crate::core::formats::{read_each, Utf16Offsets};
use crate::core::import::shown;
use crate::core::library::{Item, Status};

const REPEATED: Kind = Kind::new("document with the text of an earlier one", "documents with the text of an earlier one");

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
/// returning any: the first damaged one refuses the file, by its number and
/// title. Tagmark never writes one text twice (the id is the text's hash);
/// an edited backup may, and a repeat is merged into the first and said.
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
    let documents = list.iter().enumerate().map(|(index, item)| document(index, item)).collect::<Result<Vec<_>, _>>()?;
    let numbers: Vec<usize> = (1..=documents.len()).collect();
    let merged = same_text::merge(documents, &numbers);
    let mut problems = Problems::default();
    for repeat in &merged.repeats {
        problems.add(REPEATED, || repeated(repeat));
    }
    if merged.duplicates > 0 {
        problems.sum_up(same_text::duplicates_merged(merged.duplicates));
    }
    let problems = problems.into_sentences();
    Ok(CorpusRead { format: CorpusFormat::TagmarkCorpus, documents: merged.documents, problems, utf16: None })
}

/// "Document 3 ("B") has the same text, and so the same id, as document 1 ("A"): …"
fn repeated(repeat: &Repeat) -> String {
    let named = |number: usize, title: &str| match title {
        "" => number.to_string(),
        title => format!("{number} ({})", shown(title)),
    };
    format!(
        "Document {} has the same text, and so the same id, as document {}: it was skipped, its annotations added to document {}'s.",
        named(repeat.number, &repeat.title),
        named(repeat.into, &repeat.into_title),
        repeat.into
    )
}

/// Document `index` of the corpus.
fn document(index: usize, item: &Value) -> Result<CorpusDoc, CorpusError> {
    let Value::Object(fields) = item else {
        return Err(CorpusError::BadDocument { index, title: String::new(), detail: "is not a JSON object".into() });
    };
    let given_title = string(fields, "title");
    let title = given_title.clone().unwrap_or_default();
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
        // Kept as written, empty included: only a file without one gets the headline.
        title: given_title.unwrap_or_else(|| doc.title().to_string()),
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

#[cfg(test)]
mod tests {
    use super::super::{read as read_corpus, write_corpus};
    use super::*;
    use crate::core::annotation::{Annotation, Tag};
    use crate::core::document::BlockKind;
    use crate::core::library::Entry;
    use proptest::prelude::*;

    const EXPORTED: &str = "2026-03-01T12:00:00Z";

    fn entry(doc: &Document, title: &str, status: Status) -> Entry {
        Entry {
            id: doc.id().into(),
            title: title.into(),
            file_name: "新闻.txt".into(),
            status,
            length: doc.len(),
            counts: [0; 3],
            added: "2026-02-01T08:00:00Z".into(),
            edited: "2026-02-02T09:00:00Z".into(),
        }
    }

    fn library() -> (Vec<Document>, Vec<Entry>, Vec<Vec<Annotation>>) {
        let a = Document::parse("标题\n\n𠮷野家😀在东京开店。").unwrap();
        let b = Document::from_blocks(vec![(BlockKind::Quote, "引文一段。".into()), (BlockKind::Source, "（新华社）".into())]).unwrap();
        let mut note = Annotation::new("n-1", Tag::Quote, 3, 7, "2026-02-01T08:01:00Z");
        note.note = "第一行\n第二行".into();
        let entries = vec![entry(&a, "改过的名字", Status::Done), entry(&b, "", Status::InProgress)];
        (vec![a, b], entries, vec![vec![note, Annotation::new("e-2", Tag::Event, 7, 12, "t")], Vec::new()])
    }

    fn written() -> String {
        let (docs, entries, lists) = library();
        let items: Vec<Item> = (0..docs.len())
            .map(|i| Item { entry: &entries[i], document: &docs[i], annotations: &lists[i] })
            .collect();
        write_corpus(&items, EXPORTED)
    }

    #[test]
    fn writes_the_documented_fields_in_order() {
        let file = written();
        let value: Value = serde_json::from_str(&file).unwrap();
        assert_eq!(value["format"], "tagmark-corpus");
        assert_eq!((value["version"].as_u64(), value["offset_unit"].as_str()), (Some(1), Some("codepoint")));
        let first = &value["documents"][0];
        assert_eq!(first["blocks"], "tp");
        assert_eq!(first["status"], "done");
        assert_eq!(first["text"], "标题\n𠮷野家😀在东京开店。");
        let note = &first["annotations"][0];
        assert_eq!((note["quote"].as_str(), note["start_utf16"].as_u64(), note["end_utf16"].as_u64()), (Some("𠮷野家😀"), Some(3), Some(9)));
        assert_eq!(note["prefix"], "标题\n");
        let order = ["\"id\"", "\"title\"", "\"file_name\"", "\"status\"", "\"added\"", "\"edited\"", "\"blocks\"", "\"text\"", "\"annotations\""];
        let at: Vec<usize> = order.iter().map(|k| file.find(&format!("    {k}")).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let read = read_corpus("backup.json", written().as_bytes()).unwrap().unwrap();
        assert_eq!(read.format, CorpusFormat::TagmarkCorpus);
        assert!(read.problems.is_empty() && read.utf16.is_none());
        let (docs, _, lists) = library();
        assert_eq!(read.documents.len(), 2);
        assert_eq!((read.documents[0].title.as_str(), read.documents[0].status), ("改过的名字", Status::Done));
        assert_eq!((read.documents[1].title.as_str(), read.documents[1].status), ("", Status::InProgress));
        assert_eq!(read.documents[1].document.stored_kinds(), "qr");
        assert_eq!(read.documents[0].document.id(), docs[0].id());
        let note = &read.documents[0].annotations[0];
        assert_eq!((note.id.as_str(), note.quote.as_str(), note.note.as_str()), ("n-1", "𠮷野家😀", "第一行\n第二行"));
        assert_eq!(read.documents[0].annotations.len(), lists[0].len());
    }

    #[test]
    fn a_damaged_corpus_is_refused_by_document() {
        let file = written();
        let read = |text: &str| read_corpus("b.json", text.as_bytes()).unwrap_err().to_string();
        assert_eq!(read(&file.replace("\"version\": 1", "\"version\": 3")), "This corpus was made by a newer Tagmark (corpus version 3); this one reads version 1.");
        assert_eq!(
            read(&file.replace("在东京开店", "在大阪开店")),
            "Document 1 (\"改过的名字\") of this corpus has a text that is not the one it was saved with (its id doesn't match)."
        );
        assert_eq!(read(&file.replace("\"qr\"", "\"q\"")), "Document 2 of this corpus has a text and block kinds that don't fit together.");
        assert!(read(&file.replace("\"in-progress\"", "\"started\"")).contains("has a status \"started\", not todo"));
        let bad_offsets = read(&file.replace("\"end\": 12", "\"end\": 40"));
        assert!(bad_offsets.starts_with("Document 1 (\"改过的名字\") of this corpus can't be read: Annotation 2 has offsets"), "{bad_offsets}");
        assert!(!bad_offsets.ends_with(".."), "{bad_offsets}");
        assert_eq!(read(&file.replace("\"documents\"", "\"docs\"")), "This Tagmark corpus can't be read: it has no \"documents\" list.");
    }

    #[test]
    fn a_repeated_document_is_skipped_by_name_and_its_annotations_kept() {
        let mut file: Value = serde_json::from_str(&written()).unwrap();
        let documents = file["documents"].as_array_mut().unwrap();
        let mut again = documents[0].clone();
        again["title"] = "另一个名字".into();
        again["annotations"][0]["note"] = "改过的注".into();
        documents.push(again);
        let read = read_corpus("backup.json", file.to_string().as_bytes()).unwrap().unwrap();
        let titles: Vec<&str> = read.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["改过的名字", ""]);
        assert_eq!(
            read.problems,
            [
                "Document 3 (\"另一个名字\") has the same text, and so the same id, as document 1 (\"改过的名字\"): \
                 it was skipped, its annotations added to document 1's.",
                "1 duplicate annotation (same text, range and label) was merged.",
            ]
        );
        let kept: Vec<(&str, &str)> = read.documents[0].annotations.iter().map(|a| (a.id.as_str(), a.note.as_str())).collect();
        assert_eq!(kept, [("n-1", "第一行\n第二行"), ("e-2", ""), ("n-1-3", "改过的注")], "an id taken is made unique");
    }

    /// Documents of one to four blocks of any kind, from Hanzi, 𠮷 and emoji.
    fn any_document() -> impl Strategy<Value = Document> {
        let piece = prop::sample::select(vec!["中", "文", "𠮷", "😀", "👍🏽", "。", "a", " "]);
        let line = prop::collection::vec(piece, 1..20).prop_map(|p| p.concat());
        let kind = prop::sample::select(BlockKind::ALL.to_vec());
        prop::collection::vec((kind, line), 1..4).prop_filter_map("only spaces", |blocks| Document::from_blocks(blocks).ok())
    }

    /// A document with annotations on it, title, status and times.
    fn any_item() -> impl Strategy<Value = (Document, Entry, Vec<Annotation>)> {
        let status = prop::sample::select(Status::ALL.to_vec());
        (any_document(), "\\PC{0,12}", status, prop::collection::vec((0usize..80, 1usize..10, 0usize..3, "[a-z𠮷\n]{0,4}"), 0..6))
            .prop_map(|(doc, title, status, spans)| {
                let mut e = entry(&doc, &title, status);
                e.edited = String::new();
                let list = spans
                    .into_iter()
                    .enumerate()
                    .map(|(i, (start, len, tag, note))| {
                        let start = start % doc.len();
                        let end = (start + len).min(doc.len()).max(start + 1);
                        let mut a = Annotation::new(format!("a{i}-𠮷"), Tag::ALL[tag], start, end, "2026-01-01T00:00:00Z");
                        a.note = note;
                        a
                    })
                    .collect();
                (doc, e, list)
            })
    }

    proptest! {
        #[test]
        fn write_then_read_gives_back_every_document(items in prop::collection::vec(any_item(), 0..4)) {
            let list: Vec<Item> = items.iter().map(|(d, e, a)| Item { entry: e, document: d, annotations: a }).collect();
            let read = read_corpus("backup.json", write_corpus(&list, EXPORTED).as_bytes()).unwrap().unwrap();
            prop_assert_eq!(read.documents.len(), items.len());
            for ((doc, entry, annotations), got) in items.iter().zip(&read.documents) {
                prop_assert_eq!(got.document.text(), doc.text());
                prop_assert_eq!(got.document.stored_kinds(), doc.stored_kinds());
                prop_assert_eq!(got.document.id(), doc.id());
                prop_assert_eq!(&got.title, &entry.title);
                prop_assert_eq!((got.status, &got.file_name, &got.added, &got.edited), (entry.status, &entry.file_name, &entry.added, &entry.edited));
                prop_assert_eq!(got.annotations.len(), annotations.len());
                for (a, g) in annotations.iter().zip(&got.annotations) {
                    prop_assert_eq!((&g.id, g.tag, g.start, g.end), (&a.id, a.tag, a.start, a.end));
                    prop_assert_eq!((&g.created, &g.modified, &g.note), (&a.created, &a.modified, &a.note));
                    prop_assert_eq!(g.quote.as_str(), doc.slice(a.start, a.end));
                }
            }
        }
    }
}
