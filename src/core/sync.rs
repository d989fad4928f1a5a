//! Merging what two tabs saved: by id, the newer edit wins, and a deletion
//! wins over any edit made before it. The merge is commutative and
//! idempotent, so tabs that keep exchanging values converge.

use std::collections::BTreeMap;

use crate::core::annotation::{insert_in_order, Annotation};
use crate::core::time::{timestamp, Instant};
use crate::core::stored_format::Tombstone;
use crate::core::suggest::Rejected;

/// Most deletions remembered; older ones can no longer resurrect anything
/// that has been saved since.
pub const TOMBSTONE_LIMIT: usize = 2000;

/// One side of a merge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Side {
    /// Its annotations.
    pub annotations: Vec<Annotation>,
    /// Its deletions.
    pub deleted: Vec<Tombstone>,
    /// Its rejected suggestions. Merged as a union: a rejection undone in
    /// one tab stays rejected in the other until it too undoes it.
    pub rejected: Vec<Rejected>,
}

/// Merges two sides; see the module comment for the rules.
pub fn merge(ours: &Side, theirs: &Side) -> Side {
    let mut tombstones: BTreeMap<&str, &Tombstone> = BTreeMap::new();
    for t in ours.deleted.iter().chain(&theirs.deleted) {
        let keep = tombstones.get(t.id.as_str()).is_none_or(|k| rank_tombstone(t) > rank_tombstone(k));
        if keep {
            tombstones.insert(&t.id, t);
        }
    }
    let mut newest: BTreeMap<&str, &Annotation> = BTreeMap::new();
    for a in ours.annotations.iter().chain(&theirs.annotations) {
        let keep = newest.get(a.id.as_str()).is_none_or(|k| rank(a) > rank(k));
        if keep {
            newest.insert(&a.id, a);
        }
    }
    let mut annotations = Vec::with_capacity(newest.len());
    for (id, a) in newest {
        let deleted_after = tombstones.get(id).is_some_and(|t| time(&t.deleted) >= time(&a.modified));
        if !deleted_after {
            insert_in_order(&mut annotations, a.clone());
        }
    }
    let mut deleted: Vec<Tombstone> = tombstones.into_values().cloned().collect();
    crate::core::sort::by(&mut deleted, |a, b| rank_tombstone(b).cmp(&rank_tombstone(a)));
    deleted.truncate(TOMBSTONE_LIMIT);
    crate::core::sort::by(&mut deleted, |a, b| a.id.cmp(&b.id));
    let mut rejected: Vec<Rejected> = ours.rejected.iter().chain(&theirs.rejected).cloned().collect();
    crate::core::sort::ascending(&mut rejected);
    rejected.dedup();
    Side { annotations, deleted, rejected }
}

fn time(s: &str) -> Option<Instant> {
    timestamp(s)
}

/// Total order on versions of one annotation: newer first, then content,
/// so both tabs pick the same one even when timestamps tie.
fn rank(a: &Annotation) -> (Option<Instant>, &str, &str, usize, usize, &str, &str) {
    (time(&a.modified), a.modified.as_str(), a.tag.as_str(), a.start, a.end, a.note.as_str(), a.created.as_str())
}

fn rank_tombstone(t: &Tombstone) -> (Option<Instant>, &str) {
    (time(&t.deleted), t.deleted.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use proptest::prelude::*;

    fn ann(id: &str, start: usize, modified: &str) -> Annotation {
        let mut a = Annotation::new(id, Tag::Quote, start, start + 2, "2026-01-01T00:00:00.000Z");
        a.modified = modified.into();
        a
    }

    fn gone(id: &str, at: &str) -> Tombstone {
        Tombstone { id: id.into(), deleted: at.into() }
    }

    const T1: &str = "2026-01-01T00:00:01.000Z";
    const T2: &str = "2026-01-01T00:00:02.000Z";
    const T3: &str = "2026-01-01T00:00:03.000Z";

    #[test]
    fn creations_on_both_sides_are_kept() {
        let ours = Side { annotations: vec![ann("a", 0, T1)], deleted: vec![], rejected: vec![] };
        let theirs = Side { annotations: vec![ann("b", 5, T1)], deleted: vec![], rejected: vec![] };
        let ids: Vec<String> = merge(&ours, &theirs).annotations.into_iter().map(|a| a.id).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn the_newer_edit_wins() {
        let mut edited = ann("a", 0, T2);
        edited.note = "newer".into();
        let ours = Side { annotations: vec![ann("a", 0, T1)], deleted: vec![], rejected: vec![] };
        let theirs = Side { annotations: vec![edited.clone()], deleted: vec![], rejected: vec![] };
        assert_eq!(merge(&ours, &theirs).annotations, vec![edited.clone()]);
        assert_eq!(merge(&theirs, &ours).annotations, vec![edited]);
    }

    #[test]
    fn a_deletion_beats_older_edits_but_not_newer_ones() {
        let ours = Side { annotations: vec![ann("a", 0, T1)], deleted: vec![], rejected: vec![] };
        let theirs = Side { annotations: vec![], deleted: vec![gone("a", T2)], rejected: vec![] };
        let merged = merge(&ours, &theirs);
        assert!(merged.annotations.is_empty());
        assert_eq!(merged.deleted, vec![gone("a", T2)]);
        let restored = Side { annotations: vec![ann("a", 0, T3)], deleted: vec![], rejected: vec![] };
        assert_eq!(merge(&restored, &theirs).annotations.len(), 1, "restored after the deletion");
    }

    fn side() -> impl Strategy<Value = Side> {
        let ann_s = (0usize..5, 0usize..20, 0usize..4).prop_map(|(id, start, t)| {
            ann(&format!("id{id}"), start, &format!("2026-01-01T00:00:0{t}.000Z"))
        });
        let tomb_s = (0usize..5, 0usize..4).prop_map(|(id, t)| gone(&format!("id{id}"), &format!("2026-01-01T00:00:0{t}.000Z")));
        (proptest::collection::vec(ann_s, 0..6), proptest::collection::vec(tomb_s, 0..3)).prop_map(|(list, deleted)| {
            let mut annotations: Vec<Annotation> = Vec::new();
            for a in list {
                if !annotations.iter().any(|b| b.id == a.id) {
                    insert_in_order(&mut annotations, a);
                }
            }
            Side { annotations, deleted, rejected: Vec::new() }
        })
    }

    proptest! {
        #[test]
        fn merging_is_commutative_idempotent_and_associative(a in side(), b in side(), c in side()) {
            let ab = merge(&a, &b);
            prop_assert_eq!(&ab, &merge(&b, &a));
            prop_assert_eq!(&merge(&ab, &ab), &ab);
            prop_assert_eq!(&merge(&ab, &b), &ab);
            prop_assert_eq!(merge(&ab, &c), merge(&a, &merge(&b, &c)));
        }

        #[test]
        fn nothing_newer_than_every_deletion_is_lost(a in side(), b in side()) {
            let merged = merge(&a, &b);
            for x in a.annotations.iter().chain(&b.annotations) {
                let deleted_later = a.deleted.iter().chain(&b.deleted)
                    .any(|t| t.id == x.id && time(&t.deleted) >= time(&x.modified));
                let has_newer = a.annotations.iter().chain(&b.annotations)
                    .any(|y| y.id == x.id && rank(y) > rank(x));
                if !deleted_later && !has_newer {
                    prop_assert!(merged.annotations.contains(x), "{:?} lost", x);
                }
            }
        }
    }
}
