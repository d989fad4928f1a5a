//! Whole-library exports: every document of the library, its text and its
//! annotations, in one file another tool takes as a corpus.
//!
//! Each format reuses the single-document writer of [`crate::core::formats`]
//! for its per-document part, so a document's labels read the same in both
//! files: offsets are code points into the canonical text, tags are named as
//! there, and the CSV has the same cells and formula guard. Documents come
//! in the order given, which is the library list's.

use crate::core::formats::tagmark::{build, safe_stem, Export};
use crate::core::library::Item;

mod bio;
mod csv;
mod doccano;
mod label_studio;

pub use bio::bio_conflicts;
pub use label_studio::LABEL_STUDIO_CONFIG;

/// A file format the whole library is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LibraryFormat {
    /// doccano JSONL, one line per document, title and status kept as metadata.
    Doccano,
    /// A Label Studio task list, one task per document.
    LabelStudio,
    /// The Label Studio labeling config the task list fits (XML).
    LabelStudioConfig,
    /// One CSV row per annotation, with the document's id and title first.
    Csv,
    /// Character-level BIO tags, one character a line (CoNLL style).
    Bio,
}

impl LibraryFormat {
    /// Every format, in menu order.
    pub const ALL: [LibraryFormat; 5] = [
        LibraryFormat::Doccano,
        LibraryFormat::LabelStudio,
        LibraryFormat::LabelStudioConfig,
        LibraryFormat::Csv,
        LibraryFormat::Bio,
    ];

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            LibraryFormat::Doccano => "doccano JSONL",
            LibraryFormat::LabelStudio => "Label Studio tasks (JSON)",
            LibraryFormat::LabelStudioConfig => "Label Studio labeling config (XML)",
            LibraryFormat::Csv => "CSV",
            LibraryFormat::Bio => "Character BIO (CoNLL)",
        }
    }

    /// The download's file name: `library_name` made safe for file systems
    /// (as single-document downloads are) and a format suffix, e.g.
    /// `tagmark-library-doccano.jsonl`; a blank name becomes `tagmark-library`.
    pub fn file_name(self, library_name: &str) -> String {
        let stem = safe_stem(library_name.trim());
        let stem = if stem.is_empty() { "tagmark-library" } else { stem.as_str() };
        let suffix = match self {
            LibraryFormat::Doccano => "doccano.jsonl",
            LibraryFormat::LabelStudio => "labelstudio.json",
            LibraryFormat::LabelStudioConfig => "labelstudio-config.xml",
            LibraryFormat::Csv => "annotations.csv",
            LibraryFormat::Bio => "bio.txt",
        };
        format!("{stem}-{suffix}")
    }

    /// The media type of the download.
    pub fn mime(self) -> &'static str {
        match self {
            LibraryFormat::Doccano => "application/jsonl",
            LibraryFormat::LabelStudio => "application/json",
            LibraryFormat::LabelStudioConfig => "application/xml",
            LibraryFormat::Csv => "text/csv; charset=utf-8",
            // Plain UTF-8 text: CoNLL files have no media type of their own.
            LibraryFormat::Bio => "text/plain; charset=utf-8",
        }
    }
}

/// Writes the documents of `items`, in their order, in `format`; `exported`
/// (RFC 3339, UTC) is the time the per-document exports are stamped with
/// (none of these formats has a place for it in the file itself).
pub fn write(format: LibraryFormat, items: &[Item], exported: &str) -> String {
    match format {
        LibraryFormat::Doccano => doccano::write(items, exported),
        LibraryFormat::LabelStudio => label_studio::write(items, exported),
        LibraryFormat::LabelStudioConfig => LABEL_STUDIO_CONFIG.to_string(),
        LibraryFormat::Csv => csv::write(items, exported),
        LibraryFormat::Bio => bio::write(items),
    }
}

/// The single-document export of `item`, which every format but BIO starts from.
fn export_of(item: &Item, exported: &str) -> Export {
    build(item.document, item.annotations, exported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::{insert_in_order, Annotation, Tag};
    use crate::core::document::{BlockKind, Document};
    use crate::core::library::{Entry, Status};
    use proptest::prelude::*;
    use serde_json::Value;

    const EXPORTED: &str = "2026-03-01T12:00:00Z";
    const T1: &str = "2026-02-01T08:00:00Z";

    /// A document of the library, owning what an [`Item`] borrows.
    #[derive(Debug)]
    struct Owned {
        entry: Entry,
        document: Document,
        annotations: Vec<Annotation>,
    }

    impl Owned {
        fn new(title: &str, status: Status, document: Document, list: Vec<Annotation>) -> Owned {
            let mut annotations = Vec::new();
            for a in list {
                insert_in_order(&mut annotations, a);
            }
            let entry = Entry {
                id: document.id().into(),
                title: title.into(),
                file_name: format!("{title}.txt"),
                status,
                length: document.len(),
                counts: Tag::ALL.map(|t| annotations.iter().filter(|a| a.tag == t).count()),
                added: T1.into(),
                edited: String::new(),
            };
            Owned { entry, document, annotations }
        }

        fn item(&self) -> Item<'_> {
            Item { entry: &self.entry, document: &self.document, annotations: &self.annotations }
        }
    }

    fn items(library: &[Owned]) -> Vec<Item<'_>> {
        library.iter().map(Owned::item).collect()
    }

    /// Canonical text of the first document, code point by code point:
    /// 𠮷0 野1 家2 开3 店4 \n5 社6 长7 说8 “9 欢10 迎11 ␠12 2 13 0 14 2 15 6 16
    /// ␠17 年18 的19 客20 人21 😀22 ”23 。24 共25 ␠26 3 27 ␠28 家29 店30 。31
    ///
    /// The statistic 13..17 lies inside the quote 10..23 (dropped from BIO),
    /// the event 27..32 starts inside the statistic 25..30 (cut to 30..32).
    /// The second document has no annotation, a space and a two-code-point emoji.
    fn fixture() -> Vec<Owned> {
        let first = Document::from_blocks(vec![
            (BlockKind::Title, "𠮷野家开店".into()),
            (BlockKind::Paragraph, "社长说“欢迎 2026 年的客人😀”。共 3 家店。".into()),
        ])
        .unwrap();
        let mut quote = Annotation::new("q-1", Tag::Quote, 10, 23, T1);
        quote.note = "好, \"真的\"\n第二行".into();
        quote.modified = "2026-02-02T09:30:00Z".into();
        let list = vec![
            Annotation::new("e-title", Tag::Event, 0, 5, T1),
            quote,
            Annotation::new("s-nested", Tag::Statistic, 13, 17, T1),
            Annotation::new("s-count", Tag::Statistic, 25, 30, T1),
            Annotation::new("=e-cut", Tag::Event, 27, 32, T1),
        ];
        let second = Document::parse("周报\n\nTagmark 好用👍🏽。").unwrap();
        vec![
            Owned::new("=1+1 𠮷野家", Status::InProgress, first, list),
            Owned::new("周报", Status::Done, second, Vec::new()),
        ]
    }

    fn golden_name(format: LibraryFormat) -> String {
        format.file_name("library")
    }

    /// Byte for byte; with `TAGMARK_BLESS=1` in the environment the files
    /// are written instead (review the diff before committing it).
    #[test]
    fn writers_match_the_golden_files() {
        let library = fixture();
        assert_eq!(library[0].document.slice(10, 23), "欢迎 2026 年的客人😀");
        assert_eq!(library[0].document.slice(27, 32), "3 家店。");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/library");
        let bless = std::env::var_os("TAGMARK_BLESS").is_some();
        for format in LibraryFormat::ALL {
            let file = write(format, &items(&library), EXPORTED);
            let path = dir.join(golden_name(format));
            if bless {
                std::fs::write(&path, &file).unwrap();
            }
            let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(file, golden, "{format:?}");
        }
    }

    #[test]
    fn every_document_is_a_line_or_a_task_even_without_annotations() {
        let library = fixture();
        let doccano = write(LibraryFormat::Doccano, &items(&library), EXPORTED);
        let lines: Vec<Value> = doccano.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert!(doccano.ends_with("\"status\":\"done\"}\n"), "every line ends in a line feed");
        assert_eq!(lines[0]["id"], library[0].entry.id.as_str());
        assert_eq!(lines[0]["title"], "=1+1 𠮷野家", "no formula guard outside the CSV");
        assert_eq!(lines[0]["status"], "in-progress");
        assert_eq!(lines[0]["label"][4], serde_json::json!([27, 32, "event"]));
        assert_eq!(lines[1]["label"], serde_json::json!([]));
        assert_eq!(lines[1]["text"], "周报\nTagmark 好用👍🏽。");
        // Keys in the order the brief gives, text right after the id.
        assert!(doccano.starts_with("{\"id\":\"doc-"));

        let tasks: Value = serde_json::from_str(&write(LibraryFormat::LabelStudio, &items(&library), EXPORTED)).unwrap();
        assert_eq!(tasks.as_array().unwrap().len(), 2);
        assert_eq!(tasks[0]["data"]["tagmark_id"], library[0].entry.id.as_str());
        assert_eq!(tasks[0]["annotations"][0]["result"].as_array().unwrap().len(), 5);
        assert_eq!(tasks[1]["annotations"], serde_json::json!([]));
        assert_eq!(write(LibraryFormat::Doccano, &[], EXPORTED), "");
        assert_eq!(write(LibraryFormat::LabelStudio, &[], EXPORTED), "[]");
    }

    #[test]
    fn a_document_s_labels_are_the_single_document_export_s() {
        use crate::core::formats::{self, Format};
        let library = fixture();
        let all = items(&library);
        let doccano: Vec<Value> =
            write(LibraryFormat::Doccano, &all, EXPORTED).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let tasks: Value = serde_json::from_str(&write(LibraryFormat::LabelStudio, &all, EXPORTED)).unwrap();
        for (i, item) in all.iter().enumerate() {
            let one = |format| formats::write(format, item.document, item.annotations, EXPORTED);
            let single: Value = serde_json::from_str(one(Format::Doccano).trim_end()).unwrap();
            assert_eq!(doccano[i]["label"], single["label"]);
            assert_eq!(doccano[i]["text"], single["text"]);
            let single: Value = serde_json::from_str(&one(Format::LabelStudio)).unwrap();
            assert_eq!(tasks[i]["annotations"], single[0]["annotations"]);
            assert_eq!(tasks[i]["data"]["text"], single[0]["data"]["text"]);
        }
    }

    #[test]
    fn the_csv_puts_the_document_first_and_guards_titles() {
        let library = fixture();
        let csv = write(LibraryFormat::Csv, &items(&library), EXPORTED);
        let records: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            records[0],
            "document_id,title,id,tag,start,end,start_utf16,end_utf16,quote,note,created,modified"
        );
        let id = &library[0].entry.id;
        assert_eq!(records[1], format!("{id},'=1+1 𠮷野家,e-title,event,0,5,0,6,𠮷野家开店,,{T1},{T1}"));
        assert!(records[2].starts_with(&format!("{id},'=1+1 𠮷野家,q-1,quote,10,23,11,25,欢迎 2026 年的客人😀,\"好, \"\"真的\"\"")));
        assert!(records.iter().any(|r| r.contains(",'=e-cut,event,27,32,")));
        // The header and five annotations; the note's LF is inside quotes, and
        // the second document has no annotation, so no row.
        assert_eq!(csv.matches("\r\n").count(), 6);
        assert_eq!(csv.matches('\n').count(), 7);
        assert!(!csv.contains("周报"));
    }

    /// The attribute `name="…"` values of every `<tag` element of the config.
    fn attributes<'a>(config: &'a str, tag: &str, name: &str) -> Vec<&'a str> {
        config
            .split('<')
            .filter(|element| element.starts_with(&format!("{tag} ")))
            .filter_map(|element| element.split(&format!(" {name}=\"")).nth(1))
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn the_labeling_config_declares_what_the_tasks_use() {
        let config = write(LibraryFormat::LabelStudioConfig, &[], EXPORTED);
        assert_eq!(config, LABEL_STUDIO_CONFIG);
        assert!(config.starts_with("<View>") && config.trim_end().ends_with("</View>"));
        let library = fixture();
        let tasks: Value = serde_json::from_str(&write(LibraryFormat::LabelStudio, &items(&library), EXPORTED)).unwrap();
        let declared = attributes(&config, "Label", "value");
        assert_eq!(declared, Tag::ALL.map(Tag::label), "every tag, in toolbar order");
        let labels_name = attributes(&config, "Labels", "name");
        let labels_to = attributes(&config, "Labels", "toName");
        let text_name = attributes(&config, "Text", "name");
        assert_eq!((labels_name.len(), labels_to.len(), text_name.len()), (1, 1, 1));
        assert_eq!(labels_to, text_name, "the labels apply to the text");
        let mut results = 0;
        for task in tasks.as_array().unwrap() {
            // Every `$key` the config reads is in every task's data.
            for value in attributes(&config, "Text", "value").into_iter().chain(attributes(&config, "Header", "value")) {
                let key = value.strip_prefix('$').expect("a task field");
                assert!(task["data"][key].is_string(), "{key} in {task}");
            }
            for annotation in task["annotations"].as_array().unwrap() {
                for result in annotation["result"].as_array().unwrap() {
                    results += 1;
                    assert_eq!(result["from_name"], labels_name[0]);
                    assert_eq!(result["to_name"], text_name[0]);
                    assert_eq!(result["type"], "labels", "a <Labels> control's results");
                    for label in result["value"]["labels"].as_array().unwrap() {
                        assert!(declared.contains(&label.as_str().unwrap()), "{label} is declared");
                    }
                }
            }
        }
        assert_eq!(results, 5);
        // The colours are the app's highlight colours.
        let style = include_str!("../../../style/main.css");
        for (tag, background) in Tag::ALL.iter().zip(attributes(&config, "Label", "background")) {
            assert!(style.contains(&format!("--{}: {background};", tag.as_str())), "{tag:?} {background}");
        }
    }

    #[test]
    fn names_labels_and_types() {
        let names: Vec<String> = LibraryFormat::ALL.iter().map(|f| f.file_name("tagmark-library")).collect();
        assert_eq!(
            names,
            [
                "tagmark-library-doccano.jsonl",
                "tagmark-library-labelstudio.json",
                "tagmark-library-labelstudio-config.xml",
                "tagmark-library-annotations.csv",
                "tagmark-library-bio.txt",
            ]
        );
        assert_eq!(LibraryFormat::Bio.file_name(" a/b:c "), "a_b_c-bio.txt");
        assert_eq!(LibraryFormat::Csv.file_name("  "), "tagmark-library-annotations.csv");
        assert_eq!(LibraryFormat::LabelStudioConfig.mime(), "application/xml");
        assert_eq!(LibraryFormat::Csv.mime(), "text/csv; charset=utf-8");
        let labels: std::collections::HashSet<_> = LibraryFormat::ALL.iter().map(|f| f.label()).collect();
        assert_eq!(labels.len(), LibraryFormat::ALL.len(), "each label tells its format apart");
    }

    // ------------------------------------------------------------ properties

    /// A document of one to three blocks of Hanzi, 𠮷, emoji (one with a
    /// skin tone, two code points), ASCII and spaces.
    fn document() -> impl Strategy<Value = Document> {
        let piece = prop::sample::select(vec!['中', '国', '𠮷', '😀', '👍', '\u{1f3fd}', 'a', 'Z', '1', ' ', '\u{3000}', '"', '。']);
        let block = prop::collection::vec(piece, 0..24).prop_map(|c| (BlockKind::Paragraph, c.into_iter().collect::<String>()));
        prop::collection::vec(block, 1..4).prop_filter_map("only whitespace", |blocks| Document::from_blocks(blocks).ok())
    }

    fn annotations(doc: &Document, ranges: Vec<(usize, usize, usize)>) -> Vec<Annotation> {
        let mut list = Vec::new();
        for (i, (start, len, tag)) in ranges.into_iter().enumerate() {
            let start = start % doc.len();
            let end = (start + len).min(doc.len());
            insert_in_order(&mut list, Annotation::new(format!("a{i}"), Tag::ALL[tag], start, end, T1));
        }
        list
    }

    fn library() -> impl Strategy<Value = Vec<Owned>> {
        let one = (document(), prop::collection::vec((0usize..80, 1usize..8, 0usize..3), 0..8))
            .prop_map(|(doc, ranges)| {
                let list = annotations(&doc, ranges);
                Owned::new("t", Status::Todo, doc, list)
            });
        prop::collection::vec(one, 1..4)
    }

    /// Python's `text[start:end]`, code points.
    fn python_slice(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end.saturating_sub(start)).collect()
    }

    /// Checks the BIO file against the library; returns how many spans begin (`B-`).
    fn check_bio(library: &[Owned], bio: &str) -> usize {
        let blocks: Vec<&str> = bio.strip_suffix('\n').unwrap_or(bio).split("\n\n").collect();
        assert_eq!(blocks.len(), library.len(), "a blank line between documents");
        let mut begins = 0;
        for (owned, block) in library.iter().zip(blocks) {
            let want: Vec<char> = owned.document.text().chars().filter(|c| !c.is_whitespace()).collect();
            let lines: Vec<&str> = block.split('\n').collect();
            assert_eq!(lines.len(), want.len(), "one line per non-whitespace code point");
            let mut previous = "O".to_string();
            for (line, c) in lines.iter().zip(want) {
                let (token, tag) = line.split_once(' ').expect("character, space, tag");
                assert_eq!(token.chars().collect::<Vec<_>>(), [c]);
                if let Some(name) = tag.strip_prefix("I-") {
                    assert!(previous == format!("B-{name}") || previous == tag, "{tag} after {previous}");
                } else if let Some(name) = tag.strip_prefix("B-") {
                    assert!(Tag::ALL.iter().any(|t| t.as_str().to_ascii_uppercase() == name), "{tag}");
                    begins += 1;
                } else {
                    assert_eq!(tag, "O");
                }
                previous = tag.to_string();
            }
        }
        begins
    }

    proptest! {
        #[test]
        fn doccano_offsets_slice_the_quotes_and_bio_is_well_formed(library in library()) {
            let all = items(&library);
            let doccano = write(LibraryFormat::Doccano, &all, EXPORTED);
            let tasks: Value = serde_json::from_str(&write(LibraryFormat::LabelStudio, &all, EXPORTED)).unwrap();
            let lines: Vec<Value> = doccano.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            prop_assert_eq!(lines.len(), library.len());
            for ((line, owned), task) in lines.iter().zip(&library).zip(tasks.as_array().unwrap()) {
                let text = line["text"].as_str().unwrap();
                prop_assert_eq!(text, owned.document.text());
                let labels = line["label"].as_array().unwrap();
                prop_assert_eq!(labels.len(), owned.annotations.len());
                for (i, (label, a)) in labels.iter().zip(&owned.annotations).enumerate() {
                    let (start, end) = (label[0].as_u64().unwrap() as usize, label[1].as_u64().unwrap() as usize);
                    prop_assert_eq!((start, end, label[2].as_str().unwrap()), (a.start, a.end, a.tag.as_str()));
                    let quote = &task["annotations"][0]["result"][i]["value"]["text"];
                    prop_assert_eq!(python_slice(text, start, end), quote.as_str().unwrap());
                }
            }
            let begins = check_bio(&library, &write(LibraryFormat::Bio, &all, EXPORTED));
            let spans: usize = library.iter().map(|o| o.annotations.len()).sum();
            let conflicts = bio_conflicts(&all);
            prop_assert!(begins <= spans && spans - begins <= conflicts, "{} spans, {} begin, {} conflicts", spans, begins, conflicts);
        }

        /// Spans that share no character all come through whole, one `B-` each.
        #[test]
        fn disjoint_spans_have_no_conflict(doc in document(), cuts in prop::collection::vec((0usize..5, 1usize..6, 0usize..3), 0..8)) {
            let mut ranges = Vec::new();
            let mut at = 0;
            for (gap, len, tag) in cuts {
                let start = at + gap;
                let end = (start + len).min(doc.len());
                let spanned = python_slice(doc.text(), start, end);
                if start < end && spanned.chars().any(|c| !c.is_whitespace()) {
                    ranges.push((start, end - start, tag));
                }
                at = end.max(start);
            }
            let list = annotations(&doc, ranges);
            let owned = vec![Owned::new("t", Status::Todo, doc, list)];
            prop_assert_eq!(bio_conflicts(&items(&owned)), 0);
            let begins = check_bio(&owned, &write(LibraryFormat::Bio, &items(&owned), EXPORTED));
            prop_assert_eq!(begins, owned[0].annotations.len());
        }
    }
}
