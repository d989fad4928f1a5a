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
