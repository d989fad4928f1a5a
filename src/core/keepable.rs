//! Nothing is accepted that can't be kept: a limit on a note's length, and
//! whether a document's work, as an import would leave it, fits in what
//! storage has free. Both are checked before anything changes.

use crate::core::editing::{self, Work};
use crate::core::history::{Step, StepKind};
use crate::core::merge::{self, Plan};
use crate::core::document::Document;
use crate::core::stored_format::{self, Saved};
use crate::core::text::{shorten, thousands};

/// The longest note, in characters (code points). A note is the reader's
/// remark on a phrase; a hundred thousand characters is a short book, and
/// localStorage holds the work of every document in about five million.
pub const MAX_NOTE_CHARS: usize = 100_000;

/// Why something can't be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unkeepable {
    /// A note longer than [`MAX_NOTE_CHARS`].
    NoteTooLong {
        /// The start of the annotated phrase, to find it by.
        quote: String,
        /// The note's length in characters.
        chars: usize,
    },
    /// The work would need more of localStorage than is free (UTF-16 code units).
    NoRoom {
        /// What storing the work would take.
        needed: usize,
        /// What is free for it.
        free: usize,
    },
}

impl std::fmt::Display for Unkeepable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unkeepable::NoteTooLong { quote, chars } => write!(
                f,
                "The note on “{quote}” is {} characters long; a note can hold at most {}.",
                thousands(*chars),
                thousands(MAX_NOTE_CHARS)
            ),
            Unkeepable::NoRoom { needed, free } => write!(
                f,
                "The annotations would need {} of this site's localStorage, and {} is free. Remove documents you no \
                 longer need (export them first), or free space used by other pages of this site.",
                megabytes(*needed),
                megabytes(*free)
            ),
        }
    }
}

/// Refuses the first note longer than [`MAX_NOTE_CHARS`], with its phrase.
pub fn check_note(quote: &str, note: &str) -> Result<(), Unkeepable> {
    // Counting stops at the limit: a huge note costs what the limit costs.
    if note.chars().nth(MAX_NOTE_CHARS).is_none() {
        return Ok(());
    }
    Err(Unkeepable::NoteTooLong { quote: shorten(quote, 24), chars: note.chars().count() })
}

/// Checks every note an import would bring in: the added and the winning ones.
pub fn check_plan_notes(doc: &Document, plan: &Plan) -> Result<(), Unkeepable> {
    let placed = plan.added.iter().chain(plan.replaced.iter().map(|(_, theirs)| theirs));
    for a in placed {
        check_note(doc.slice(a.start, a.end), &a.note)?;
    }
    plan.unplaced.iter().try_for_each(|u| check_note(&u.quote, &u.note))
}

/// The work as it would be stored after importing `plan` as one undoable
/// step, as the session does it.
pub fn after_import(mut saved: Saved, plan: &Plan, now: &str) -> Saved {
    let changes = merge::apply(&mut saved.annotations.clone(), plan);
    if !changes.is_empty() {
        let work = Work {
            annotations: &mut saved.annotations,
            history: &mut saved.history,
            deleted: &mut saved.deleted,
            rejected: &mut saved.rejected,
        };
        editing::commit(work, Step::new(StepKind::Import, changes, 0.0), || now.to_string());
    }
    for incoming in &plan.unplaced {
        if !saved.unplaced.iter().any(|k| k.id == incoming.id) {
            saved.unplaced.push(incoming.clone());
        }
    }
    saved
}

/// UTF-16 code units that storing `saved` for `doc` takes, key included
/// (what localStorage's quota counts).
pub fn stored_units(doc: &Document, saved: &Saved) -> usize {
    let key = &stored_format::slot_keys(doc)[0];
    let json = serde_json::to_string(&stored_format::encode(doc, saved.parts(), u64::MAX)).unwrap_or_default();
    key.encode_utf16().count() + json.encode_utf16().count()
}

/// Refuses work that needs more than `free` code units.
pub fn check_room(needed: usize, free: usize) -> Result<(), Unkeepable> {
    if needed <= free {
        Ok(())
    } else {
        Err(Unkeepable::NoRoom { needed, free })
    }
}

/// UTF-16 code units as the megabytes they take (two bytes each).
pub fn megabytes(units: usize) -> String {
    format!("{:.1} MB", units as f64 * 2.0 / 1_048_576.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::{Annotation, Tag};
    use crate::core::incoming::Incoming;

    fn doc() -> Document {
        Document::parse("标题\n\n他说：“𠮷野家的😀很好吃。”2017年12月1日。").unwrap()
    }

    fn incoming(id: &str, quote: &str, note: String) -> Incoming {
        Incoming {
            id: id.into(),
            tag: Tag::Event,
            quote: quote.into(),
            start: 0,
            end: quote.chars().count(),
            prefix: String::new(),
            suffix: String::new(),
            created: "2026-12-07T00:00:00Z".into(),
            modified: "2026-12-07T00:00:00Z".into(),
            note,
            source: None,
        }
    }

    #[test]
    fn a_note_at_the_limit_is_kept_and_one_past_it_is_refused_with_its_size() {
        assert_eq!(check_note("x", &"𠮷".repeat(MAX_NOTE_CHARS)), Ok(()));
        let refused = check_note("他说：“𠮷野家的😀很好吃。”", &"😀".repeat(MAX_NOTE_CHARS + 1)).unwrap_err();
        assert_eq!(refused, Unkeepable::NoteTooLong { quote: shorten("他说：“𠮷野家的😀很好吃。”", 24), chars: MAX_NOTE_CHARS + 1 });
        assert!(refused.to_string().contains("100,001 characters long; a note can hold at most 100,000."), "{refused}");
    }

    #[test]
    fn a_plan_with_a_five_megabyte_note_is_refused_before_anything_changes() {
        let d = doc();
        let plan = merge::plan(&d, &[], vec![incoming("n1", "2017年12月1日", "x".repeat(5 * 1024 * 1024))]);
        assert_eq!(plan.added.len(), 1);
        assert!(matches!(check_plan_notes(&d, &plan), Err(Unkeepable::NoteTooLong { chars, .. }) if chars == 5 * 1024 * 1024));
        let unplaced = merge::plan(&d, &[], vec![incoming("n2", "not in this text", "y".repeat(MAX_NOTE_CHARS + 1))]);
        assert_eq!(unplaced.unplaced.len(), 1);
        assert!(check_plan_notes(&d, &unplaced).is_err(), "an unplaced annotation is stored too");
    }

    #[test]
    fn the_room_an_import_needs_counts_its_history_step_and_grows_with_the_note() {
        let d = doc();
        let empty = Saved::default();
        let small = merge::plan(&d, &[], vec![incoming("n1", "2017年12月1日", "short".into())]);
        let big = merge::plan(&d, &[], vec![incoming("n1", "2017年12月1日", "字".repeat(50_000))]);
        let small_after = after_import(empty.clone(), &small, "2026-12-07T00:00:00Z");
        let big_after = after_import(empty.clone(), &big, "2026-12-07T00:00:00Z");
        assert_eq!(small_after.annotations.len(), 1);
        assert!(small_after.history.next_undo().is_some(), "the import is one undoable step");
        let grown = stored_units(&d, &big_after) - stored_units(&d, &small_after);
        // Once in the list and once in the undo step: 50,000 UTF-16 units each.
        assert!(grown >= 2 * (50_000 - "short".len()), "{grown}");
        assert_eq!(check_room(stored_units(&d, &big_after), 90_000), Err(Unkeepable::NoRoom { needed: stored_units(&d, &big_after), free: 90_000 }));
        assert!(check_room(stored_units(&d, &small_after), 90_000).is_ok());
        let message = Unkeepable::NoRoom { needed: 5 * 1024 * 1024, free: 1024 * 1024 }.to_string();
        assert!(message.starts_with("The annotations would need 10.0 MB of this site's localStorage, and 2.0 MB is free."), "{message}");
    }

    #[test]
    fn importing_what_is_there_changes_nothing_and_adds_no_step() {
        let d = doc();
        let start = d.text().find("2017").map(|b| d.text()[..b].chars().count()).unwrap();
        let mine = Annotation::new("n1", Tag::Event, start, start + 10, "2026-12-07T00:00:00Z");
        let saved = Saved { annotations: vec![mine.clone()], ..Saved::default() };
        let plan = merge::plan(&d, &saved.annotations, vec![]);
        let after = after_import(saved.clone(), &plan, "2026-12-07T00:00:00Z");
        assert_eq!(after, saved);
    }
}
