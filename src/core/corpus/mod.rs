//! Annotation files that carry their own texts, each making several
//! documents of the library at once: doccano JSONL, Label Studio task lists
//! and Tagmark's own corpus JSON (which Tagmark also writes, as a backup of
//! the whole library).
//!
//! Unlike [`crate::core::formats::read`], which places another file's
//! annotations on the open document, these readers build each document from
//! the file's text ([`normalize`]) and map the file's offsets into its
//! canonical text. Files from other tools are read leniently: what can't be
//! read is skipped and said in [`CorpusRead::problems`], so the reader can
//! decide before anything is imported. Tagmark's own corpus is read strictly,
//! as it is a backup: a damaged document refuses the file.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::core::document::Document;
use crate::core::incoming::Incoming;
use crate::core::library::{self, Status};

mod doccano;
mod label_studio;
mod normalize;
mod problems;
mod same_text;
mod tagmark_corpus;

pub use problems::LISTED;

/// Largest corpus file accepted: bigger than a single-document import
/// ([`crate::core::import::MAX_IMPORT_BYTES`]) as it holds many texts, still
/// small enough that a wrong pick in the file dialog can't freeze the tab.
pub const MAX_CORPUS_BYTES: usize = 20 * 1024 * 1024;

/// Value of a corpus file's `format` field.
pub const CORPUS_FORMAT: &str = "tagmark-corpus";

/// Version of the corpus file's shape this build writes and reads.
pub const CORPUS_VERSION: u64 = 1;

/// Which kind of corpus file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CorpusFormat {
    /// doccano's sequence-labeling JSONL: one text and its spans a line.
    Doccano,
    /// A Label Studio task list (or one task) with `data.text`.
    LabelStudio,
    /// Tagmark's whole-library backup, [`write_corpus`]'s output.
    TagmarkCorpus,
}

impl CorpusFormat {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            CorpusFormat::Doccano => "doccano JSONL",
            CorpusFormat::LabelStudio => "Label Studio JSON",
            CorpusFormat::TagmarkCorpus => "Tagmark corpus JSON",
        }
    }
}

/// One document a corpus file makes, with what the library lists of it.
#[derive(Clone, Debug)]
pub struct CorpusDoc {
    /// What the library calls it: the file's title, or its first line shortened.
    pub title: String,
    /// The file it came from (for a Tagmark corpus, the name it had before).
    pub file_name: String,
    /// Where it stands; `Todo` unless the file says otherwise.
    pub status: Status,
    /// When it was added (RFC 3339), or empty when the file doesn't say.
    pub added: String,
    /// When its annotations last changed (RFC 3339), or empty.
    pub edited: String,
    /// The text, laid out as blocks.
    pub document: Document,
    /// Its annotations, their offsets counting into `document`'s canonical text.
    pub annotations: Vec<Incoming>,
}

/// What a corpus file holds, and what could not be read of it.
#[derive(Clone, Debug)]
pub struct CorpusRead {
    /// Which kind of file it was.
    pub format: CorpusFormat,
    /// Every document read, in file order.
    pub documents: Vec<CorpusDoc>,
    /// Everything the reader must be told: each a sentence, with its line /
    /// task number; past [`LISTED`] of them, one more counts the rest by kind.
    pub problems: Vec<String>,
    /// Set for doccano when spans fit only, or also, as UTF-16 offsets: the other reading.
    pub utf16: Option<Utf16Reading>,
}

/// The doccano file read again with its offsets as UTF-16 code units, the
/// unit doccano's annotation screen counts in (doccano issues #2290, #2484),
/// for the reader to choose when a text has characters outside the BMP.
#[derive(Clone, Debug)]
pub struct Utf16Reading {
    /// The code point reading has spans past their text and this one none:
    /// the file was almost certainly drawn in UTF-16 units.
    pub only_utf16_fits: bool,
    /// The documents as this reading makes them.
    pub documents: Vec<CorpusDoc>,
    /// This reading's problems, worded as [`CorpusRead::problems`].
    pub problems: Vec<String>,
    /// Up to [`EXAMPLES`] spans the two readings disagree on: (code point
    /// reading's quote, UTF-16 reading's quote).
    pub examples: Vec<(String, String)>,
}

/// Most examples a [`Utf16Reading`] shows: enough to tell which is right.
pub const EXAMPLES: usize = 5;

/// Why a file can't be read as a corpus at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorpusError {
    /// Bigger than [`MAX_CORPUS_BYTES`]; refused before reading it.
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not UTF-8; 1-based line and column (in characters) of the first bad byte.
    NotUtf8 {
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        column: usize,
    },
    /// Starts like JSON but isn't; 1-based position of the first error.
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
    },
    /// JSON nested deeper than [`crate::core::import::MAX_JSON_DEPTH`].
    TooDeep,
    /// Every line or task was bad: nothing to import. `first` is the first
    /// problem, a sentence.
    NothingRead {
        /// `"line"` or `"task"`.
        what: &'static str,
        /// How many there were.
        count: usize,
        /// The first one's problem.
        first: String,
    },
    /// A Tagmark corpus of a newer version than this build reads.
    NewerVersion(u64),
    /// A Tagmark corpus that is damaged; the reason reads "it …".
    BadCorpus(String),
    /// Document `index` (0-based) of a Tagmark corpus is damaged.
    BadDocument {
        /// Its position in the file.
        index: usize,
        /// Its title, as far as the file gives one.
        title: String,
        /// What is wrong, completing "Document 2 (…) …".
        detail: String,
    },
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::TooLarge { bytes } => {
                let mb = *bytes as f64 / (1024.0 * 1024.0);
                write!(f, "This file is {mb:.1} MB; Tagmark imports corpus files up to {} MB.", MAX_CORPUS_BYTES >> 20)
            }
            CorpusError::NotUtf8 { line, column } => {
                write!(f, "This file is not UTF-8 text (the first bad byte is at line {line}, column {column}).")
            }
            CorpusError::NotJson { line, column } => {
                write!(f, "This file is not JSON (the error is at line {line}, column {column}).")
            }
            CorpusError::TooDeep => f.write_str(&crate::core::import::too_deep_message()),
            CorpusError::NothingRead { count: 0, what, .. } => write!(f, "This file has no {what}s to read."),
            CorpusError::NothingRead { what, count: 1, first } => write!(f, "This file's one {what} could not be read. {first}"),
            CorpusError::NothingRead { what, count, first } => {
                write!(f, "None of this file's {count} {what}s could be read. {first}")
            }
            CorpusError::NewerVersion(v) => write!(
                f,
                "This corpus was made by a newer Tagmark (corpus version {v}); this one reads version {CORPUS_VERSION}."
            ),
            CorpusError::BadCorpus(why) => write!(f, "This Tagmark corpus can't be read: {why}."),
            CorpusError::BadDocument { index, title, detail } if title.is_empty() => {
                write!(f, "Document {} of this corpus {detail}.", index + 1)
            }
            CorpusError::BadDocument { index, title, detail } => {
                write!(f, "Document {} ({}) of this corpus {detail}.", index + 1, crate::core::import::shown(title))
            }
        }
    }
}

impl std::error::Error for CorpusError {}

/// Reads a corpus file: doccano JSONL (a `.jsonl` name, or several JSON
/// lines), a Label Studio task list (objects with `data.text`) or a Tagmark
/// corpus (`"format": "tagmark-corpus"`).
/// None when the bytes are not a corpus file of these three formats (e.g. a single-document Tagmark export, W3C): the caller then tries formats::read.
///
/// A single JSON object with a `text` is doccano only in a `.jsonl` file:
/// in a `.json` it is left to [`crate::core::formats::read`], which reads
/// it as labels on the open document.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Option<CorpusRead>, CorpusError> {
    if bytes.len() > MAX_CORPUS_BYTES {
        return Err(CorpusError::TooLarge { bytes: bytes.len() });
    }
    // Editors on Windows like to add a byte order mark; it isn't JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let jsonl = file_name.to_ascii_lowercase().ends_with(".jsonl");
    let looks_json = jsonl
        || file_name.to_ascii_lowercase().ends_with(".json")
        || bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'{' | b'['));
    let body = match std::str::from_utf8(bytes) {
        Ok(body) => body,
        Err(_) if !looks_json => return Ok(None),
        Err(e) => {
            let (line, column) = position(bytes, e.valid_up_to());
            return Err(CorpusError::NotUtf8 { line, column });
        }
    };
    if jsonl {
        return doccano::read(file_name, body).map(Some);
    }
    match serde_json::from_str::<Value>(body) {
        Ok(value) => {
            if value.get("format").and_then(Value::as_str) == Some(CORPUS_FORMAT) {
                return tagmark_corpus::read(&value).map(Some);
            }
            Ok(label_studio::tasks(&value).map(|tasks| label_studio::read(file_name, &tasks)).transpose()?)
        }
        // Several lines, the first of them a doccano line: JSONL with a
        // wrong name, or with a bad line further down.
        Err(_) if doccano::looks_like(body) => doccano::read(file_name, body).map(Some),
        Err(_) if !looks_json => Ok(None),
        Err(e) if crate::core::import::too_deep(&e) => Err(CorpusError::TooDeep),
        Err(e) => {
            let line = body.split('\n').nth(e.line().saturating_sub(1)).unwrap_or_default();
            Err(CorpusError::NotJson { line: e.line(), column: char_column(line, e.column()) })
        }
    }
}

/// Writes the library's documents as a Tagmark corpus, stamped `exported`
/// (RFC 3339, UTC): every text, title, status and annotation, so that
/// [`read`] gives them all back.
pub fn write_corpus(items: &[library::Item], exported: &str) -> String {
    tagmark_corpus::write(items, exported)
}

/// 1-based line and column (in characters) of byte `at` of `bytes`, which
/// are valid UTF-8 up to `at`.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// The column, in characters, of serde_json's `byte_column` (1-based,
/// counting bytes) of `line`: a column of a Chinese line in bytes would
/// point the reader two thirds of the way too far.
fn char_column(line: &str, byte_column: usize) -> usize {
    line.char_indices().take_while(|&(byte, _)| byte < byte_column).count().max(1)
}

/// "line 3" or "lines 2, 5 and 9", with at most ten numbers listed, for
/// problems that sum up a whole file.
fn numbered(what: &str, numbers: &BTreeSet<usize>) -> String {
    const LISTED: usize = 10;
    let shown: Vec<String> = numbers.iter().take(LISTED).map(usize::to_string).collect();
    match shown.len() {
        0 => String::new(),
        1 => format!("{what} {}", shown[0]),
        _ if numbers.len() > LISTED => format!("{what}s {} and {} more", shown.join(", "), numbers.len() - LISTED),
        n => format!("{what}s {} and {}", shown[..n - 1].join(", "), shown[n - 1]),
    }
}

/// "1 span" / "3 spans": problems count things in English.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_numbers_read_as_english() {
        assert_eq!(numbered("line", &BTreeSet::from([3])), "line 3");
        assert_eq!(numbered("line", &BTreeSet::from([2, 5, 9])), "lines 2, 5 and 9");
        assert_eq!(numbered("task", &(1..=12).collect()), "tasks 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more");
        assert_eq!(count(1, "span", "spans"), "1 span");
        assert_eq!(count(0, "span", "spans"), "0 spans");
    }

    #[test]
    fn other_files_are_left_to_the_single_document_readers() {
        assert!(read("notes.txt", "标题\n\n正文。".as_bytes()).unwrap().is_none());
        assert!(read("a.json", br#"{"format":"tagmark-annotations","version":1}"#).unwrap().is_none());
        assert!(read("a.json", br#"{"text":"abc","label":[[0,1,"quote"]]}"#).unwrap().is_none(), "one doccano line in a .json");
        assert!(read("a.json", br#"[{"id":"x","type":"Annotation"}]"#).unwrap().is_none());
        assert!(read("a.bin", b"\xff\xfe\x00").unwrap().is_none());
    }

    #[test]
    fn errors_say_where_and_what() {
        let big = vec![b' '; MAX_CORPUS_BYTES + 1];
        assert_eq!(read("big.jsonl", &big).unwrap_err(), CorpusError::TooLarge { bytes: MAX_CORPUS_BYTES + 1 });
        assert!(read("big.jsonl", &big).unwrap_err().to_string().contains("up to 20 MB"));
        let bad_utf8 = read("a.json", b"[\n  {\"a\xff\"}]").unwrap_err();
        assert_eq!(bad_utf8, CorpusError::NotUtf8 { line: 2, column: 6 });
        assert_eq!(bad_utf8.to_string(), "This file is not UTF-8 text (the first bad byte is at line 2, column 6).");
        let not_json = read("a.json", b"[\n {\"data\": }]").unwrap_err();
        assert_eq!(not_json, CorpusError::NotJson { line: 2, column: 11 });
        let chinese = read("a.json", "[\n {\"标题\": }]".as_bytes()).unwrap_err();
        assert_eq!(chinese, CorpusError::NotJson { line: 2, column: 9 }, "counted in characters, not bytes");
        assert_eq!(CorpusError::NewerVersion(2).to_string(), "This corpus was made by a newer Tagmark (corpus version 2); this one reads version 1.");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        for name in ["deep.json", "deep.txt"] {
            assert_eq!(
                read(name, deep.as_bytes()).unwrap_err().to_string(),
                "This file's JSON is nested too deeply (more than 128 levels) to be an annotation file.",
                "{name}"
            );
        }
        let doc = CorpusError::BadDocument { index: 1, title: "标题".into(), detail: "has no \"text\"".into() };
        assert_eq!(doc.to_string(), "Document 2 (\"标题\") of this corpus has no \"text\".");
    }
}
