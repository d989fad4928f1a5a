//! Undo and redo as reversible steps over the annotation list. Each step
//! records, per annotation id, what it was before and after, so it can be
//! replayed either way and stored with the annotations.

use serde::{Deserialize, Serialize};

use crate::core::annotation::{document_order, insert_in_order, Annotation};
use crate::core::suggest::Rejected;

/// Most steps kept; older ones are forgotten.
pub const HISTORY_LIMIT: usize = 200;
/// Edits of one burst (typing a note) closer together than this become one step.
pub const BURST_MS: f64 = 1500.0;

/// What a step did, for announcements ("Undid: edit note").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// A new highlight.
    Create,
    /// A different tag.
    Retag,
    /// The note changed.
    Note,
    /// An edge moved.
    Resize,
    /// A highlight removed.
    Delete,
    /// Every occurrence of a phrase tagged at once.
    TagAll,
    /// A file merged in.
    Import,
    /// A suggestion accepted.
    Accept,
    /// Every suggestion of a tag accepted at once.
    AcceptAll,
    /// A suggestion rejected.
    Reject,
}

impl StepKind {
    /// How the step is named to the reader.
    pub fn describe(self) -> &'static str {
        match self {
            StepKind::Create => "create highlight",
            StepKind::Retag => "change tag",
            StepKind::Note => "edit note",
            StepKind::Resize => "resize highlight",
            StepKind::Delete => "delete highlight",
            StepKind::TagAll => "tag every occurrence",
            StepKind::Import => "import",
            StepKind::Accept => "accept suggestion",
            StepKind::AcceptAll => "accept all suggestions",
            StepKind::Reject => "reject suggestion",
        }
    }
}

/// One annotation before and after a step; `None` where it didn't exist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The annotation before the step.
    pub before: Option<Annotation>,
    /// The annotation after the step.
    pub after: Option<Annotation>,
}

/// A reversible step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// What it did.
    pub kind: StepKind,
    /// The annotations it changed.
    pub changes: Vec<Change>,
    /// Steps with the same burst key, made in quick succession, merge into one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst: Option<String>,
    /// When it was made, in milliseconds since the epoch.
    pub at_ms: f64,
    /// Suggestions this step rejected (undoing it offers them again).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
}

impl Step {
    /// A step of `kind` made of `(before, after)` pairs at `at_ms`.
    pub fn new(kind: StepKind, pairs: Vec<(Option<Annotation>, Option<Annotation>)>, at_ms: f64) -> Step {
        let changes = pairs.into_iter().map(|(before, after)| Change { before, after }).collect();
        Step { kind, changes, burst: None, at_ms, rejected: Vec::new() }
    }

    /// A step that rejects `rejected` and changes no annotation.
    pub fn reject(rejected: Vec<Rejected>, at_ms: f64) -> Step {
        Step { rejected, ..Step::new(StepKind::Reject, Vec::new(), at_ms) }
    }

    /// The same step, merged with later ones that share `key`.
    pub fn in_burst(mut self, key: impl Into<String>) -> Step {
        self.burst = Some(key.into());
        self
    }

    /// The ids this step adds and removes, applied forward or (`forward`
    /// false) undone: what other tabs must learn as deletions and revivals.
    pub fn presence(&self, forward: bool) -> Presence {
        let mut presence = Presence::default();
        for change in &self.changes {
            let (from, to) = if forward { (&change.before, &change.after) } else { (&change.after, &change.before) };
            match (from, to) {
                (None, Some(a)) => presence.added.push(a.id.clone()),
                (Some(a), None) => presence.removed.push(a.id.clone()),
                _ => {}
            }
        }
        presence
    }

    pub(crate) fn is_noop(&self) -> bool {
        self.rejected.is_empty() && self.changes.iter().all(|c| c.before == c.after)
    }
}

/// Ids a step made appear and disappear.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Presence {
    /// Ids that now exist and did not before.
    pub added: Vec<String>,
    /// Ids that existed and now don't.
    pub removed: Vec<String>,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Applies `step` to `list` and records it for undo; forgets anything
    /// that could have been redone. A step that changes nothing is dropped.
    pub fn record(&mut self, list: &mut Vec<Annotation>, step: Step) {
        if step.is_noop() {
            return;
        }
        apply(list, &step.changes, true);
        self.redo.clear();
        match self.undo.last_mut() {
            Some(last) if continues_burst(last, &step) => {
                for change in step.changes {
                    let id = change_id(&change);
                    match last.changes.iter_mut().find(|c| change_id(c) == id) {
                        Some(existing) => existing.after = change.after,
                        None => last.changes.push(change),
                    }
                }
                last.at_ms = step.at_ms;
                if last.is_noop() {
                    self.undo.pop();
                }
            }
            _ => self.undo.push(step),
        }
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.drain(..self.undo.len() - HISTORY_LIMIT);
        }
    }

    /// Reverts the last step; returns what it was.
    pub fn undo(&mut self, list: &mut Vec<Annotation>) -> Option<StepKind> {
        let step = self.undo.pop()?;
        apply(list, &step.changes, false);
        let kind = step.kind;
        self.redo.push(step);
        Some(kind)
    }

    /// Replays the last undone step; returns what it was.
    pub fn redo(&mut self, list: &mut Vec<Annotation>) -> Option<StepKind> {
        let step = self.redo.pop()?;
        apply(list, &step.changes, true);
        let kind = step.kind;
        self.undo.push(step);
        Some(kind)
    }

    /// The step `undo` would revert.
    pub fn next_undo(&self) -> Option<&Step> {
        self.undo.last()
    }

    /// The step `redo` would replay.
    pub fn next_redo(&self) -> Option<&Step> {
        self.redo.last()
    }

    /// True when there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Keeps, on each stack, the steps nearest the present down to the first
    /// one with an annotation that doesn't satisfy `fits`, and drops that one
    /// and every older one: undoing past a dropped step would replay changes
    /// on a list they were not made on. Returns how many steps were dropped.
    pub fn retain_fitting(&mut self, fits: impl Fn(&Annotation) -> bool) -> usize {
        let step_fits = |step: &Step| step.changes.iter().all(|c| c.before.iter().chain(&c.after).all(&fits));
        let mut dropped = 0;
        for stack in [&mut self.undo, &mut self.redo] {
            // The end of each stack is the step nearest the present.
            let keep_from = stack.iter().rposition(|step| !step_fits(step)).map_or(0, |i| i + 1);
            stack.drain(..keep_from);
            dropped += keep_from;
        }
        dropped
    }

    /// Ends the current burst: the next edit starts a step of its own.
    /// Returns whether a burst was open (and so whether anything changed).
    pub fn end_burst(&mut self) -> bool {
        match self.undo.last_mut() {
            Some(last) if last.burst.is_some() => {
                last.burst = None;
                true
            }
            _ => false,
        }
    }
}

fn continues_burst(last: &Step, next: &Step) -> bool {
    last.kind == next.kind
        && last.burst.is_some()
        && last.burst == next.burst
        && next.at_ms - last.at_ms <= BURST_MS
}

fn change_id(change: &Change) -> &str {
    change.after.as_ref().or(change.before.as_ref()).map(|a| a.id.as_str()).unwrap_or_default()
}

/// Replaces, by id, each changed annotation with its `after` (or `before`
/// when going back), keeping document order.
fn apply(list: &mut Vec<Annotation>, changes: &[Change], forward: bool) {
    for change in changes {
        let id = change_id(change);
        let (source, target) = if forward { (&change.before, &change.after) } else { (&change.after, &change.before) };
        // The list is in document order, so what the change replaces is
        // found by a binary search; a list that disagrees is searched whole.
        let at = source
            .as_ref()
            .map(|a| list.partition_point(|x| document_order(x) < document_order(a)))
            .filter(|&at| list.get(at).is_some_and(|x| x.id == id));
        match at {
            Some(at) => drop(list.remove(at)),
            None => list.retain(|a| a.id != id),
        }
        if let Some(annotation) = target {
            insert_in_order(list, annotation.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use proptest::prelude::*;

    fn ann(id: &str, start: usize) -> Annotation {
        Annotation::new(id, Tag::Quote, start, start + 2, "2026-01-01T00:00:00Z")
    }

    fn with_note(a: &Annotation, note: &str) -> Annotation {
        Annotation { note: note.into(), ..a.clone() }
    }

    #[test]
    fn presence_names_what_a_step_adds_and_removes_either_way() {
        let (a, b, c) = (ann("a", 0), ann("b", 4), ann("c", 8));
        let step = Step::new(
            StepKind::Import,
            vec![(None, Some(a)), (Some(b), None), (Some(c.clone()), Some(with_note(&c, "n")))],
            0.0,
        );
        let forward = step.presence(true);
        assert_eq!((forward.added, forward.removed), (vec!["a".to_string()], vec!["b".to_string()]));
        let back = step.presence(false);
        assert_eq!((back.added, back.removed), (vec!["b".to_string()], vec!["a".to_string()]));
    }

    #[test]
    fn undo_and_redo_a_creation() {
        let (mut list, mut history) = (Vec::new(), History::default());
        history.record(&mut list, Step::new(StepKind::Create, vec![(None, Some(ann("a", 3)))], 0.0));
        assert_eq!(list.len(), 1);
        assert_eq!(history.undo(&mut list), Some(StepKind::Create));
        assert!(list.is_empty());
        assert_eq!(history.redo(&mut list), Some(StepKind::Create));
        assert_eq!(list, vec![ann("a", 3)]);
        assert_eq!(history.redo(&mut list), None);
    }

    #[test]
    fn note_typing_in_one_burst_is_one_step() {
        let a = ann("a", 0);
        let (mut list, mut history) = (vec![a.clone()], History::default());
        let mut current = a.clone();
        for (i, text) in ["h", "he", "hel"].iter().enumerate() {
            let next = with_note(&current, text);
            let step = Step::new(StepKind::Note, vec![(Some(current), Some(next.clone()))], i as f64 * 500.0);
            history.record(&mut list, step.in_burst("a"));
            current = next;
        }
        assert_eq!(list[0].note, "hel");
        history.undo(&mut list);
        assert_eq!(list, vec![a], "one undo reverts the whole burst");
        assert!(!history.can_undo());
    }

    #[test]
    fn a_pause_or_end_burst_starts_a_new_step() {
        let a = ann("a", 0);
        let (mut list, mut history) = (vec![a.clone()], History::default());
        let one = with_note(&a, "one");
        history.record(&mut list, Step::new(StepKind::Note, vec![(Some(a.clone()), Some(one.clone()))], 0.0).in_burst("a"));
        let two = with_note(&a, "two");
        history.record(&mut list, Step::new(StepKind::Note, vec![(Some(one.clone()), Some(two.clone()))], 5000.0).in_burst("a"));
        history.end_burst();
        let three = with_note(&a, "three");
        history.record(&mut list, Step::new(StepKind::Note, vec![(Some(two.clone()), Some(three))], 5100.0).in_burst("a"));
        history.undo(&mut list);
        assert_eq!(list[0].note, "two");
        history.undo(&mut list);
        assert_eq!(list[0].note, "one");
    }

    #[test]
    fn history_is_bounded_and_new_steps_clear_redo() {
        let (mut list, mut history) = (Vec::new(), History::default());
        for i in 0..HISTORY_LIMIT + 20 {
            history.record(&mut list, Step::new(StepKind::Create, vec![(None, Some(ann(&i.to_string(), i)))], 0.0));
        }
        let mut undone = 0;
        while history.undo(&mut list).is_some() {
            undone += 1;
        }
        assert_eq!(undone, HISTORY_LIMIT);
        assert_eq!(list.len(), 20);
        history.record(&mut list, Step::new(StepKind::Delete, vec![(Some(ann("0", 0)), None)], 0.0));
        assert!(!history.can_redo());
    }

    #[test]
    fn survives_a_json_round_trip() {
        let (mut list, mut history) = (Vec::new(), History::default());
        history.record(&mut list, Step::new(StepKind::TagAll, vec![(None, Some(ann("a", 0))), (None, Some(ann("b", 9)))], 1.0));
        let mut back: History = serde_json::from_str(&serde_json::to_string(&history).unwrap()).unwrap();
        assert_eq!(back, history);
        assert_eq!(back.undo(&mut list), Some(StepKind::TagAll));
        assert!(list.is_empty());
    }

    #[test]
    fn retaining_keeps_the_recent_steps_down_to_the_first_misfit() {
        let (mut list, mut history) = (Vec::new(), History::default());
        for (id, start) in [("old", 0), ("bad", 90), ("new", 4), ("newer", 8), ("undone", 50), ("later", 12)] {
            history.record(&mut list, Step::new(StepKind::Create, vec![(None, Some(ann(id, start)))], 0.0));
        }
        history.undo(&mut list);
        history.undo(&mut list);
        // Undo: old, bad, new, newer; redo (nearest first): undone, later.
        assert_eq!(history.retain_fitting(|a| a.end <= 20), 4, "old and bad, undone and later");
        assert!(!history.can_redo(), "the misfit is the next redo, so nothing can be redone");
        let mut undone = Vec::new();
        while let Some(step) = history.next_undo() {
            undone.push(step.changes[0].after.as_ref().unwrap().id.clone());
            history.undo(&mut list);
        }
        assert_eq!(undone, ["newer", "new"]);
        let mut all_fit = History::default();
        all_fit.record(&mut Vec::new(), Step::new(StepKind::Create, vec![(None, Some(ann("a", 0)))], 0.0));
        let before = all_fit.clone();
        assert_eq!(all_fit.retain_fitting(|_| true), 0);
        assert_eq!(all_fit, before);
    }

    #[derive(Clone, Debug)]
    enum Op {
        Create(usize),
        Delete(usize),
        Retag(usize),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..50).prop_map(Op::Create),
            (0usize..8).prop_map(Op::Delete),
            (0usize..8).prop_map(Op::Retag),
            Just(Op::Undo),
            Just(Op::Redo),
        ]
    }

    proptest! {
        /// Undoing everything returns to the start; redoing as many steps returns to the end.
        #[test]
        fn undo_all_then_redo_all_round_trips(ops in proptest::collection::vec(op(), 0..40)) {
            let (mut list, mut history) = (Vec::<Annotation>::new(), History::default());
            let mut next_id = 0;
            for op in ops {
                match op {
                    Op::Create(start) => {
                        next_id += 1;
                        let step = Step::new(StepKind::Create, vec![(None, Some(ann(&next_id.to_string(), start)))], 0.0);
                        history.record(&mut list, step);
                    }
                    Op::Delete(i) if i < list.len() => {
                        let step = Step::new(StepKind::Delete, vec![(Some(list[i].clone()), None)], 0.0);
                        history.record(&mut list, step);
                    }
                    Op::Retag(i) if i < list.len() => {
                        let after = Annotation { tag: Tag::Event, ..list[i].clone() };
                        let step = Step::new(StepKind::Retag, vec![(Some(list[i].clone()), Some(after))], 0.0);
                        history.record(&mut list, step);
                    }
                    Op::Undo => { history.undo(&mut list); }
                    Op::Redo => { history.redo(&mut list); }
                    _ => {}
                }
            }
            let end = list.clone();
            let mut undone = 0;
            while history.undo(&mut list).is_some() {
                undone += 1;
            }
            prop_assert!(list.is_empty());
            for _ in 0..undone {
                prop_assert!(history.redo(&mut list).is_some());
            }
            prop_assert_eq!(list, end);
        }

        /// Whatever is dropped, what is kept fits and is still the most recent
        /// history: undoing all of it returns to where undoing that much did before.
        #[test]
        fn retaining_keeps_a_fitting_recent_suffix(starts in proptest::collection::vec(0usize..30, 0..20), limit in 0usize..32) {
            let (mut list, mut history) = (Vec::<Annotation>::new(), History::default());
            for (i, start) in starts.iter().enumerate() {
                history.record(&mut list, Step::new(StepKind::Create, vec![(None, Some(ann(&i.to_string(), *start)))], 0.0));
            }
            let mut original = history.clone();
            let dropped = history.retain_fitting(|a| a.end <= limit);
            let kept = starts.iter().rev().take_while(|&&start| start + 2 <= limit).count();
            prop_assert_eq!(dropped, starts.len() - kept);
            let (mut after_retain, mut after_original) = (list.clone(), list.clone());
            while history.undo(&mut after_retain).is_some() {}
            for _ in 0..kept {
                original.undo(&mut after_original);
            }
            prop_assert_eq!(after_retain, after_original);
        }
    }
}
