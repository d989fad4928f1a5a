//! Interchange formats: the annotations written for other tools, and files
//! from other tools read back in.
//!
//! Every writer starts from [`tagmark::build`], so the quote, prefix, suffix
//! and offsets are computed once and agree across formats. All offsets count
//! Unicode code points into the canonical text (what Python's `str`, and so
//! doccano and Label Studio, index by); the Tagmark JSON and the CSV also
//! carry UTF-16 offsets for JavaScript, Java and C# consumers.
//!
//! Every reader produces [`Incoming`] annotations, which
//! [`merge::plan`](crate::core::merge::plan) then anchors on the current text exactly as it does a
//! Tagmark export: the quote is the authority, the offsets a hint.

use std::collections::HashMap;

use serde_json::Value;

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::import::{ImportError, MAX_IMPORT_BYTES};
use crate::core::incoming::Incoming;

pub(crate) mod csv;
pub(crate) mod doccano;
pub(crate) mod label_studio;
pub mod tagmark;
mod w3c;

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
    /// systems the way [`tagmark::file_name`] does it) and a format suffix.
    pub fn file_name(self, doc: &Document) -> String {
        let tagmark = tagmark::file_name(doc);
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
    let export = tagmark::build(doc, annotations, exported);
    let utf16 = Utf16Offsets::new(doc);
    match format {
        Format::Tagmark => tagmark::write(&export, &utf16),
        Format::W3c => w3c::write(doc, &export),
        Format::Doccano => doccano::write(doc, &export),
        Format::LabelStudio => label_studio::write(doc, &export),
        Format::Csv => csv::write(&export, &utf16),
    }
}

/// Reads a file in any importable format, telling which it was.
///
/// Tagmark JSON is tried first and, when nothing else fits either, its error
/// is the one returned: its messages are the most specific.
///
/// The size is checked before anything is read, and the JSON is parsed once;
/// only doccano, one JSON value per line, reads the lines on its own.
pub fn read(bytes: &[u8]) -> Result<(Format, Vec<Incoming>), ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    // Editors on Windows like to add a byte order mark; it isn't JSON.
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // serde_json checks UTF-8 itself and reports where it breaks.
    let parsed = serde_json::from_slice::<Value>(body);
    if let Ok(value) = &parsed {
        if value.get("format").and_then(Value::as_str) == Some(tagmark::EXPORT_FORMAT) {
            return tagmark::read(value).map(|list| (Format::Tagmark, list));
        }
        if let Some(items) = w3c::items(value) {
            return w3c::read(&items?).map(|list| (Format::W3c, list));
        }
    }
    if let Some(lines) = doccano::lines(body) {
        return doccano::read(&lines).map(|list| (Format::Doccano, list));
    }
    match parsed {
        Ok(value) => tagmark::read(&value).map(|list| (Format::Tagmark, list)),
        Err(e) if crate::core::import::too_deep(&e) => Err(ImportError::TooDeep),
        Err(e) => Err(ImportError::NotJson { line: e.line(), column: e.column() }),
    }
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

/// UTF-16 offset of every code point offset of the text, computed once so a
/// long list of annotations costs one pass over the text, not one each.
pub(crate) struct Utf16Offsets(Vec<usize>);

impl Utf16Offsets {
    /// The table for `doc`'s canonical text.
    pub(crate) fn new(doc: &Document) -> Utf16Offsets {
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
    pub(crate) fn at(&self, code_points: usize) -> usize {
        self.0[code_points.min(self.0.len() - 1)]
    }
}

/// The tag a file names, by its file name (`quote`) or its label (`Quote`), in
/// any case: other tools' files spell them either way.
pub(crate) fn tag_named(name: &str) -> Option<Tag> {
    name.to_ascii_lowercase().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::csv::CSV_HEADER;
    use super::*;
    use crate::core::annotation::insert_in_order;
    use crate::core::merge;
    use crate::core::text;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    pub(super) const EXPORTED: &str = "2026-03-01T12:00:00Z";
    pub(super) const T1: &str = "2026-02-01T08:00:00Z";

    /// Canonical text, code point by code point:
    /// 标0 题1 \n2 𠮷3 野4 家5 😀6 在7 东8 京9 开10 店11 ，12 "13 引14 号15 "16 ，17
    /// =18 S19 U20 M21 (22 1 23 )24 。25 \n26 第27 二28 段29 e30 ◌́31 。32
    pub(super) fn fixture() -> (Document, Vec<Annotation>) {
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
            Format::Tagmark => include_str!("../../../tests/golden/tagmark.json"),
            Format::W3c => include_str!("../../../tests/golden/w3c.jsonld"),
            Format::Doccano => include_str!("../../../tests/golden/doccano.jsonl"),
            Format::LabelStudio => include_str!("../../../tests/golden/labelstudio.json"),
            Format::Csv => include_str!("../../../tests/golden/annotations.csv"),
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
        let plan = merge::plan(doc, &[], incoming);
        assert_eq!(plan.relocated, 0, "{format:?}");
        assert!(plan.unplaced.is_empty(), "{format:?}");
        let mut got = Vec::new();
        merge::apply(&mut got, &plan);
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
        let mut accepted = list.clone();
        accepted[0].source = Some("learned:𠮷野家😀".into());
        assert_round_trips(&doc, &accepted);
    }

    #[test]
    fn an_accepted_suggestions_source_is_a_field_in_tagmark_json_and_the_w3c_generator() {
        let (doc, mut list) = fixture();
        list[0].source = Some("rule:event.date".into());
        let json: serde_json::Value = serde_json::from_str(&write(Format::Tagmark, &doc, &list, EXPORTED)).unwrap();
        assert_eq!(json["annotations"][0]["source"], "rule:event.date");
        assert!(json["annotations"][1].get("source").is_none(), "tagged by hand: no source");
        let w3c: serde_json::Value = serde_json::from_str(&write(Format::W3c, &doc, &list, EXPORTED)).unwrap();
        let items = &w3c["first"]["items"];
        assert_eq!(items[0]["generator"], serde_json::json!({"type": "Software", "name": "rule:event.date"}));
        assert!(items[1].get("generator").is_none());
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
        assert_eq!(Format::Tagmark.file_name(&doc), tagmark::file_name(&doc));
        assert_eq!(Format::W3c.label(), "W3C Web Annotation (JSON-LD)");
        let importable: Vec<Format> = Format::ALL.into_iter().filter(|f| f.can_import()).collect();
        assert_eq!(importable, [Format::Tagmark, Format::W3c, Format::Doccano]);
        assert!(Format::ALL.iter().all(|f| !f.mime().is_empty() && !f.label().is_empty()));
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

    // ------------------------------------------------------------ detection

    /// What reading the file gives, whatever format it turns out to be.
    fn parse(bytes: &[u8]) -> Result<Vec<Incoming>, ImportError> {
        read(bytes).map(|(_, list)| list)
    }

    fn message(bytes: &[u8]) -> String {
        parse(bytes).expect_err("should be rejected").to_string()
    }

    #[test]
    fn anything_else_gets_the_tagmark_error() {
        for garbage in [&b"garbage"[..], b"", b"{}", b"[]", b"[1, 2]", b"{\"format\": \"foo\", \"version\": 1}", b"{\"text\": 1}\n"] {
            let expected = match serde_json::from_slice::<Value>(garbage) {
                Ok(value) => tagmark::read(&value).unwrap_err(),
                Err(e) => ImportError::NotJson { line: e.line(), column: e.column() },
            };
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
    fn json_nested_too_deeply_is_named_as_such() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let object = format!("{{\"format\": \"tagmark-annotations\", \"annotations\": {deep}}}");
        for bytes in [deep.as_bytes(), object.as_bytes()] {
            assert_eq!(
                message(bytes),
                "This file's JSON is nested too deeply (more than 128 levels) to be an annotation file."
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_tolerated() {
        let doc = Document::parse("标题\n\n正文。").unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(serde_json::to_vec(&tagmark::build(&doc, &[Annotation::new("a", Tag::Quote, 3, 5, T1)], T1)).unwrap());
        assert_eq!(parse(&bytes).unwrap().len(), 1);
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
    }
}
