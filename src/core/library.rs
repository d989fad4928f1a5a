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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// How the library list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Most recently edited first (then most recently added).
    #[default]
    Edited,
    /// By title, A to Z (code point order, which groups CJK titles by radical).
    Title,
    /// Most recently added first.
    Added,
    /// Longest first.
    Length,
    /// To do, then in progress, then done.
    Status,
}

impl Sort {
    /// Every order, as the sort menu lists them.
    pub const ALL: [Sort; 5] = [Sort::Edited, Sort::Title, Sort::Added, Sort::Length, Sort::Status];

    /// The menu's wording.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Edited => "Last edited",
            Sort::Title => "Title",
            Sort::Added => "Added",
            Sort::Length => "Length",
            Sort::Status => "Status",
        }
    }

    /// A stable name, for the menu's values.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Edited => "edited",
            Sort::Title => "title",
            Sort::Added => "added",
            Sort::Length => "length",
            Sort::Status => "status",
        }
    }

    /// The order named by [`Sort::as_str`].
    pub fn from_name(name: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The entries whose title contains `query` (case-insensitively; an empty
/// query matches all), in `sort` order, as indexes into `entries`. Ties
/// fall back to the title, then the id, so the order never flickers.
pub fn shown(entries: &[Entry], query: &str, sort: Sort) -> Vec<usize> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<usize> =
        (0..entries.len()).filter(|&i| query.is_empty() || entries[i].title.to_lowercase().contains(&query)).collect();
    let by_title = |a: &Entry, b: &Entry| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id));
    crate::core::sort::by(&mut found, |&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        let primary = match sort {
            Sort::Edited => last_touched(b).cmp(last_touched(a)),
            Sort::Title => std::cmp::Ordering::Equal,
            Sort::Added => b.added.cmp(&a.added),
            Sort::Length => b.length.cmp(&a.length),
            Sort::Status => (a.status as u8).cmp(&(b.status as u8)),
        };
        primary.then_with(|| by_title(a, b))
    });
    found
}

/// When the reader last did something to the entry: its last edit, or when it was added.
fn last_touched(entry: &Entry) -> &str {
    if entry.edited.is_empty() {
        &entry.added
    } else {
        &entry.edited
    }
}

/// The document that a newly added text revises: another document with the
/// same file name, or failing that the same title. `None` when the text is
/// already in the library (same id) or matches nothing.
pub fn revised_by<'a>(entries: &'a [Entry], id: &str, title: &str, file_name: &str) -> Option<&'a Entry> {
    if entries.iter().any(|e| e.id == id) {
        return None;
    }
    let same_file = |e: &&Entry| !file_name.is_empty() && e.file_name == file_name;
    let same_title = |e: &&Entry| !title.trim().is_empty() && e.title.trim() == title.trim();
    entries.iter().find(same_file).or_else(|| entries.iter().find(same_title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, title: &str, added: &str, edited: &str) -> Entry {
        Entry {
            id: id.into(),
            title: title.into(),
            file_name: format!("{title}.txt"),
            status: Status::Todo,
            length: title.chars().count(),
            counts: [0; 3],
            added: added.into(),
            edited: edited.into(),
        }
    }

    fn titles(entries: &[Entry], order: Vec<usize>) -> Vec<&str> {
        order.into_iter().map(|i| entries[i].title.as_str()).collect()
    }

    #[test]
    fn search_is_by_title_and_ignores_case() {
        let entries =
            vec![entry("a", "Beijing Forum", "1", ""), entry("b", "北京𠮷日", "2", ""), entry("c", "Other", "3", "")];
        assert_eq!(titles(&entries, shown(&entries, "beijing", Sort::Title)), ["Beijing Forum"]);
        assert_eq!(titles(&entries, shown(&entries, " 𠮷 ", Sort::Title)), ["北京𠮷日"]);
        assert_eq!(shown(&entries, "", Sort::Title).len(), 3);
        assert!(shown(&entries, "zzz", Sort::Title).is_empty());
    }

    #[test]
    fn every_sort_orders_and_ties_fall_back_to_the_title() {
        let mut entries = vec![
            entry("a", "B", "2026-01-01", "2026-03-01"),
            entry("b", "A", "2026-02-01", ""),
            entry("c", "C", "2026-01-15", "2026-01-20"),
        ];
        entries[0].length = 10;
        entries[2].status = Status::Done;
        entries[0].status = Status::InProgress;
        assert_eq!(titles(&entries, shown(&entries, "", Sort::Edited)), ["B", "A", "C"]);
        assert_eq!(titles(&entries, shown(&entries, "", Sort::Title)), ["A", "B", "C"]);
        assert_eq!(titles(&entries, shown(&entries, "", Sort::Added)), ["A", "C", "B"]);
        assert_eq!(titles(&entries, shown(&entries, "", Sort::Length)), ["B", "A", "C"]);
        assert_eq!(titles(&entries, shown(&entries, "", Sort::Status)), ["A", "B", "C"]);
        for sort in Sort::ALL {
            assert_eq!(Sort::from_name(sort.as_str()), Some(sort));
        }
    }

    #[test]
    fn a_revision_is_found_by_file_name_first_then_by_title() {
        let mut entries = vec![entry("a", "News", "1", ""), entry("b", "Other", "2", "")];
        entries[1].file_name = "news.txt".into();
        assert_eq!(revised_by(&entries, "new", "News", "news.txt").map(|e| e.id.as_str()), Some("b"));
        assert_eq!(revised_by(&entries, "new", "News", "").map(|e| e.id.as_str()), Some("a"));
        assert_eq!(revised_by(&entries, "a", "News", "news.txt"), None, "the same text is not a revision");
        assert_eq!(revised_by(&entries, "new", "Fresh", "fresh.txt"), None);
        assert_eq!(revised_by(&entries, "new", "  ", ""), None);
    }

    #[test]
    fn statuses_and_entries_keep_their_names_in_files() {
        for status in Status::ALL {
            assert_eq!(Status::from_name(status.as_str()), Some(status));
        }
        let json = serde_json::to_string(&Status::InProgress).unwrap();
        assert_eq!(json, "\"in-progress\"");
        let e = entry("doc-1", "标题", "2026-12-01T00:00:00.000Z", "");
        let back: Entry = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }
}
