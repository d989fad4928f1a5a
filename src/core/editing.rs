//! What one edit does to a document's work: the annotation list, its undo
//! history and its deletion record change together, so that another tab
//! learns of every deletion and never deletes again what undo brought back.
//! The clock is handed in, so all of it is tested without a browser.

use crate::core::annotation::Annotation;
use crate::core::history::{History, Presence, Step, StepKind};
use crate::core::stored_format::Tombstone;
use crate::core::suggest::Rejected;

/// The parts of a document's work an edit changes, borrowed together.
pub struct Work<'a> {
    /// All annotations, in document order.
    pub annotations: &'a mut Vec<Annotation>,
    /// Undo and redo.
    pub history: &'a mut History,
    /// Recent deletions, for other tabs.
    pub deleted: &'a mut Vec<Tombstone>,
    /// Rejected suggestions.
    pub rejected: &'a mut Vec<Rejected>,
}

/// What an edit did.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The step that was applied, undone or redone; `None` when there was none.
    pub kind: Option<StepKind>,
    /// Whether the deletion record changed (so only then is it saved anew).
    pub deletions_changed: bool,
    /// Whether the rejected suggestions changed.
    pub rejections_changed: bool,
    /// The annotations changed, as (what was there, what is there now):
    /// what repainting and the counts need, without looking at the rest.
    pub changed: Vec<(Option<Annotation>, Option<Annotation>)>,
}

/// Applies `step` and records it for undo. `now` (RFC 3339) is asked for
/// only when a deletion or revival needs a time stamp.
pub fn commit(work: Work<'_>, step: Step, now: impl FnOnce() -> String) -> Outcome {
    let presence = step.presence(true);
    let kind = step.kind;
    let rejections_changed = reject(work.rejected, &step.rejected, true);
    let changed = if step.is_noop() { Vec::new() } else { pairs(&step, true) };
    work.history.record(work.annotations, step);
    let deletions_changed = keep_deletions(work.deleted, work.annotations, presence, now);
    Outcome { kind: Some(kind), deletions_changed, rejections_changed, changed }
}

/// Undoes (or, `forward`, redoes) the next step of the history.
pub fn travel(work: Work<'_>, forward: bool, now: impl FnOnce() -> String) -> Outcome {
    let history = &*work.history;
    let next = if forward { history.next_redo() } else { history.next_undo() };
    let Some(step) = next else {
        return Outcome { kind: None, deletions_changed: false, rejections_changed: false, changed: Vec::new() };
    };
    let presence = step.presence(forward);
    let changed = pairs(step, forward);
    let rejections_changed = reject(work.rejected, &step.rejected, forward);
    let kind = if forward { work.history.redo(work.annotations) } else { work.history.undo(work.annotations) };
    let deletions_changed = keep_deletions(work.deleted, work.annotations, presence, now);
    Outcome { kind, deletions_changed, rejections_changed, changed }
}

/// `step`'s changes as (from, to), in the direction it is applied.
fn pairs(step: &Step, forward: bool) -> Vec<(Option<Annotation>, Option<Annotation>)> {
    let pair = |c: &crate::core::history::Change| {
        if forward {
            (c.before.clone(), c.after.clone())
        } else {
            (c.after.clone(), c.before.clone())
        }
    };
    step.changes.iter().map(pair).collect()
}

/// Adds (`forward`) or takes back a step's rejections; returns whether the
/// list changed.
fn reject(list: &mut Vec<Rejected>, step: &[Rejected], forward: bool) -> bool {
    let before = list.len();
    if forward {
        list.extend(step.iter().filter(|r| !list.contains(r)).cloned().collect::<Vec<_>>());
    } else {
        list.retain(|r| !step.contains(r));
    }
    list.len() != before
}

/// Keeps the deletion record in step with a change: an id that disappeared
/// gets a tombstone; one that came back (undo) loses its tombstone and
/// counts as modified now, so that no other tab deletes it again. Returns
/// whether the record changed.
fn keep_deletions(
    deleted: &mut Vec<Tombstone>,
    annotations: &mut [Annotation],
    presence: Presence,
    now: impl FnOnce() -> String,
) -> bool {
    let Presence { added, removed } = presence;
    let revived: Vec<String> = deleted.iter().filter(|t| added.contains(&t.id)).map(|t| t.id.clone()).collect();
    if removed.is_empty() && revived.is_empty() {
        return false;
    }
    let now = now();
    deleted.retain(|t| !revived.contains(&t.id) && !removed.contains(&t.id));
    deleted.extend(removed.into_iter().map(|id| Tombstone { id, deleted: now.clone() }));
    for a in annotations.iter_mut().filter(|a| revived.contains(&a.id)) {
        a.modified = now.clone();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;

    const T0: &str = "2026-12-01T00:00:00.000Z";
    const T1: &str = "2026-12-01T00:00:01.000Z";
    const T2: &str = "2026-12-01T00:00:02.000Z";

    #[derive(Default)]
    struct Doc {
        annotations: Vec<Annotation>,
        history: History,
        deleted: Vec<Tombstone>,
        rejected: Vec<Rejected>,
    }

    impl Doc {
        fn work(&mut self) -> Work<'_> {
            Work {
                annotations: &mut self.annotations,
                history: &mut self.history,
                deleted: &mut self.deleted,
                rejected: &mut self.rejected,
            }
        }
    }

    const NOTHING: Outcome = Outcome { kind: None, deletions_changed: false, rejections_changed: false, changed: Vec::new() };

    fn ann(id: &str) -> Annotation {
        Annotation::new(id, Tag::Quote, 0, 2, T0)
    }

    #[test]
    fn a_deletion_leaves_a_tombstone_and_undo_revives_it_as_modified_now() {
        let mut doc = Doc::default();
        commit(doc.work(), Step::new(StepKind::Create, vec![(None, Some(ann("a")))], 0.0), || panic!("no time needed"));
        let deleted = commit(doc.work(), Step::new(StepKind::Delete, vec![(Some(ann("a")), None)], 1.0), || T1.into());
        let changed = vec![(Some(ann("a")), None)];
        assert_eq!(deleted, Outcome { kind: Some(StepKind::Delete), deletions_changed: true, changed, ..NOTHING });
        assert!(doc.annotations.is_empty());
        assert_eq!(doc.deleted, vec![Tombstone { id: "a".into(), deleted: T1.into() }]);

        let undone = travel(doc.work(), false, || T2.into());
        let changed = vec![(None, Some(ann("a")))];
        assert_eq!(undone, Outcome { kind: Some(StepKind::Delete), deletions_changed: true, changed, ..NOTHING });
        assert!(doc.deleted.is_empty(), "the revived id loses its tombstone");
        assert_eq!(doc.annotations[0].modified, T2, "and is newer than the deletion other tabs saw");

        let redone = travel(doc.work(), true, || T2.into());
        assert_eq!(redone.kind, Some(StepKind::Delete));
        assert_eq!(doc.deleted, vec![Tombstone { id: "a".into(), deleted: T2.into() }]);
    }

    #[test]
    fn edits_that_add_or_remove_nothing_leave_the_record_alone() {
        let mut doc = Doc::default();
        commit(doc.work(), Step::new(StepKind::Create, vec![(None, Some(ann("a")))], 0.0), || T1.into());
        let retagged = Annotation { tag: Tag::Event, ..ann("a") };
        let outcome = commit(doc.work(), Step::new(StepKind::Retag, vec![(Some(ann("a")), Some(retagged))], 1.0), || {
            panic!("a retag needs no time stamp")
        });
        assert!(!outcome.deletions_changed);
        assert_eq!(outcome.changed, [(Some(ann("a")), Some(Annotation { tag: Tag::Event, ..ann("a") }))]);
        let undone = travel(doc.work(), false, || T1.into());
        assert!(!undone.deletions_changed);
        assert_eq!(undone.changed, [(Some(Annotation { tag: Tag::Event, ..ann("a") }), Some(ann("a")))], "undo runs the change backwards");
        assert_eq!(doc.annotations[0].tag, Tag::Quote);
    }

    #[test]
    fn travelling_past_either_end_does_nothing() {
        let mut doc = Doc::default();
        assert_eq!(travel(doc.work(), false, || T1.into()), NOTHING);
        assert_eq!(travel(doc.work(), true, || T1.into()), NOTHING);
        commit(doc.work(), Step::new(StepKind::Create, vec![(None, Some(ann("a")))], 0.0), || T1.into());
        assert_eq!(travel(doc.work(), true, || T1.into()).kind, None, "nothing undone yet");
        assert_eq!(travel(doc.work(), false, || T1.into()).kind, Some(StepKind::Create));
        assert!(doc.annotations.is_empty());
        assert_eq!(doc.deleted.len(), 1, "undoing a creation is a deletion for other tabs");
    }

    #[test]
    fn a_rejection_is_a_step_that_undo_takes_back_and_redo_replays() {
        let mut doc = Doc::default();
        let rejected = Rejected { start: 3, end: 7, tag: Tag::Statistic };
        let outcome = commit(doc.work(), Step::reject(vec![rejected.clone()], 0.0), || panic!("no time needed"));
        assert_eq!(outcome, Outcome { kind: Some(StepKind::Reject), rejections_changed: true, ..NOTHING });
        assert_eq!(doc.rejected, std::slice::from_ref(&rejected));
        assert!(doc.history.can_undo(), "a rejection changes no annotation but is still a step");

        let undone = travel(doc.work(), false, || T1.into());
        assert_eq!(undone, Outcome { kind: Some(StepKind::Reject), rejections_changed: true, ..NOTHING });
        assert!(doc.rejected.is_empty());
        assert_eq!(travel(doc.work(), true, || T1.into()).kind, Some(StepKind::Reject));
        assert_eq!(doc.rejected, [rejected]);
        assert!(doc.annotations.is_empty() && doc.deleted.is_empty());
    }
}
