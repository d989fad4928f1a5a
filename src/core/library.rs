//! The library: every document the reader has added, as its list shows it
//! (title, status, counts, when it was last edited). The texts themselves
//! are kept elsewhere (IndexedDB); an [`Entry`] is what the list needs.

use serde::{Deserialize, Serialize};

/// Where the reader says a document stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not started (every document begins here).
    #[default]
    Todo,
    /// Being annotated.
    InProgress,
    /// Finished.
    Done,
}

impl Status {
    /// Every status, in the order the reader moves through them.
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    /// The name in files: `todo`, `in-progress`, `done`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in-progress",
            Status::Done => "done",
        }
    }

    /// The status named `name` in a file, if it is one.
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// How the list shows it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "To do",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }
}

/// One document of the library, without its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The document's id (hash of its canonical text): never changes.
    pub id: String,
    /// What the reader calls it; renaming changes only this.
    pub title: String,
    /// The file it came from, if any: with the title, how a revised text is
    /// recognised as a new version.
    #[serde(default)]
    pub file_name: String,
    /// Where the reader says it stands.
    #[serde(default)]
    pub status: Status,
    /// Length of the canonical text in code points.
    pub length: usize,
    /// Annotations per tag, in `Tag::ALL` order, as of the last save.
    #[serde(default)]
    pub counts: [usize; 3],
    /// When it was added (RFC 3339, UTC).
    pub added: String,
    /// When its annotations last changed (RFC 3339, UTC), or empty.
    #[serde(default)]
    pub edited: String,
}

/// One document as a whole-library export reads it: its entry, its text
/// and its annotations (in document order).
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// Title, status and the rest of what the list shows.
    pub entry: &'a Entry,
    /// The document itself.
    pub document: &'a crate::core::document::Document,
    /// Its annotations, in document order.
    pub annotations: &'a [crate::core::annotation::Annotation],
}
