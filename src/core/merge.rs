//! Merging an imported file into the annotations: re-anchor each incoming
//! annotation on the current text and plan the merge, so the reader sees
//! what would change before anything does.

use std::collections::{HashMap, HashSet};

use crate::core::anchor::{locate, Target};
use crate::core::annotation::{insert_in_order, Annotation};
use crate::core::document::Document;
use crate::core::incoming::Incoming;
use crate::core::time::timestamp;

/// Where an incoming annotation lands on the current text.
pub fn anchor(doc: &Document, incoming: &Incoming) -> Option<(usize, usize)> {
    let target = Target {
        quote: &incoming.quote,
        prefix: &incoming.prefix,
        suffix: &incoming.suffix,
        start: incoming.start,
        end: incoming.end,
    };
    locate(doc, &target).map(|(start, end, _)| (start, end))
}

/// What an import would do, computed before anything changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Annotations with new ids that found their place in the text.
    pub added: Vec<Annotation>,
    /// (ours, theirs): the same id, changed, and the file's copy is newer.
    pub replaced: Vec<(Annotation, Annotation)>,
    /// Already present: same id, tag, range and note.
    pub unchanged: usize,
    /// Same id, changed, but our copy is as new or newer, so it stays.
    pub kept_ours: usize,
    /// How many of `added` and `replaced` sit somewhere else than the file said.
    pub relocated: usize,
    /// Would be added or would win, but the quote can't be placed on this text.
    pub unplaced: Vec<Incoming>,
}

impl Plan {
    /// Annotations present on both sides with different content.
    pub fn conflicting(&self) -> usize {
        self.replaced.len() + self.kept_ours
    }

    /// True when applying the plan would change nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.replaced.is_empty()
    }
}

/// Decides, per incoming annotation, whether it is added, replaces ours, is
/// already present, loses to ours, or can't be placed. A repeated id after
/// the first is ignored (`parse` never returns one).
pub fn plan(doc: &Document, existing: &[Annotation], incoming: Vec<Incoming>) -> Plan {
    let mut ours: HashMap<&str, &Annotation> = HashMap::new();
    for a in existing {
        ours.entry(a.id.as_str()).or_insert(a);
    }
    let mut seen = HashSet::new();
    let mut plan = Plan::default();
    for theirs in incoming {
        if !seen.insert(theirs.id.clone()) {
            continue;
        }
        let placed = anchor(doc, &theirs).map(|(start, end)| {
            let moved = (start, end) != (theirs.start, theirs.end);
            let annotation = Annotation {
                id: theirs.id.clone(),
                tag: theirs.tag,
                start,
                end,
                created: theirs.created.clone(),
                modified: theirs.modified.clone(),
                note: theirs.note.clone(),
                source: theirs.source.clone(),
            };
            (annotation, moved)
        });
        match (ours.get(theirs.id.as_str()), placed) {
            (None, Some((annotation, moved))) => {
                plan.relocated += usize::from(moved);
                plan.added.push(annotation);
            }
            (None, None) => plan.unplaced.push(theirs),
            (Some(&mine), Some((annotation, _))) if same_content(mine, &annotation) => plan.unchanged += 1,
            (Some(&mine), placed) => {
                if timestamp(effective_modified(mine)) >= timestamp(&theirs.modified) {
                    plan.kept_ours += 1;
                } else if let Some((annotation, moved)) = placed {
                    plan.relocated += usize::from(moved);
                    plan.replaced.push((mine.clone(), annotation));
                } else {
                    plan.unplaced.push(theirs);
                }
            }
        }
    }
    plan
}

fn same_content(a: &Annotation, b: &Annotation) -> bool {
    (a.tag, a.start, a.end, &a.note) == (b.tag, b.start, b.end, &b.note)
}

/// Annotations stored before `modified` existed have it empty.
fn effective_modified(a: &Annotation) -> &str {
    if a.modified.is_empty() {
        &a.created
    } else {
        &a.modified
    }
}

/// Applies a plan to the list; returns the (before, after) pairs for the undo history.
///
/// Anything that changed since the plan was made is left alone: an added id
/// already present, or a replaced annotation that is no longer exactly `ours`.
pub fn apply(list: &mut Vec<Annotation>, plan: &Plan) -> Vec<(Option<Annotation>, Option<Annotation>)> {
    let mut changes = Vec::with_capacity(plan.added.len() + plan.replaced.len());
    for added in &plan.added {
        if list.iter().all(|a| a.id != added.id) {
            insert_in_order(list, added.clone());
            changes.push((None, Some(added.clone())));
        }
    }
    for (mine, theirs) in &plan.replaced {
        if let Some(at) = list.iter().position(|a| a == mine) {
            let before = list.remove(at);
            insert_in_order(list, theirs.clone());
            changes.push((Some(before), Some(theirs.clone())));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;
    use crate::core::formats::{self, tagmark::build};
    use crate::core::import::ImportError;
    use proptest::prelude::*;

    const T1: &str = "2026-01-01T00:00:00Z";

    fn json(doc: &Document, annotations: &[Annotation]) -> Vec<u8> {
        serde_json::to_vec(&build(doc, annotations, T1)).expect("an export serializes")
    }

    fn ann(id: &str, tag: Tag, start: usize, end: usize) -> Annotation {
        Annotation::new(id, tag, start, end, T1)
    }

    /// What reading the file gives, whatever format it turns out to be.
    fn parse(bytes: &[u8]) -> Result<Vec<Incoming>, ImportError> {
        formats::read(bytes).map(|(_, list)| list)
    }

    fn incoming(quote: &str, start: usize, prefix: &str, suffix: &str) -> Incoming {
        Incoming {
            id: "x".into(),
            tag: Tag::Event,
            quote: quote.into(),
            start,
            end: start + quote.chars().count(),
            prefix: prefix.into(),
            suffix: suffix.into(),
            source: None,
            created: T1.into(),
            modified: T1.into(),
            note: String::new(),
        }
    }

    #[test]
    fn round_trip_onto_the_same_text() {
        let doc = Document::parse("标题\n\n他说：“今天𠮷野家😀开店。”统计：3个。").unwrap();
        let mut note = ann("c", Tag::Event, 6, 12);
        note.note = "<b>bold</b>\u{202e} and\nlines".into();
        let list = vec![ann("a", Tag::Quote, 3, 5), ann("b", Tag::Statistic, 5, 13), note];
        let read = parse(&json(&doc, &list)).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(read[2].note, list[2].note, "notes come back byte for byte");

        let onto_empty = plan(&doc, &[], read.clone());
        let mut sorted = list.clone();
        sorted.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
        let mut added = onto_empty.added.clone();
        added.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
        assert_eq!(added, sorted);
        assert_eq!(onto_empty.relocated, 0);
        assert!(onto_empty.unplaced.is_empty());

        let onto_same = plan(&doc, &list, read);
        assert_eq!(onto_same.unchanged, 3);
        assert!(onto_same.is_empty());
        assert_eq!(onto_same.conflicting(), 0);
    }

    #[test]
    fn relocates_after_text_was_inserted_before() {
        let old = Document::parse("标题\n\n他说：今天很好。").unwrap();
        let new = Document::parse("标题\n\n新的一句。他说：今天很好。").unwrap();
        let read = parse(&json(&old, &[ann("a", Tag::Quote, 6, 10)])).unwrap();
        let plan = plan(&new, &[], read);
        assert_eq!(plan.relocated, 1);
        assert_eq!(plan.added.len(), 1);
        let a = &plan.added[0];
        assert_eq!((a.start, a.end), (11, 15));
        assert_eq!(new.slice(a.start, a.end), "今天很好");
    }

    #[test]
    fn ambiguous_repeats_are_not_guessed() {
        let doc = Document::parse("标题\n\n好。好。").unwrap();
        assert_eq!(anchor(&doc, &incoming("好", 0, "", "")), None);
        assert_eq!(anchor(&doc, &incoming("好", 0, "无关", "无关")), None);
        let plan = plan(&doc, &[], vec![incoming("好", 0, "", "")]);
        assert_eq!(plan.unplaced.len(), 1);
        assert!(plan.is_empty());
        assert_eq!(anchor(&doc, &incoming("不在", 0, "", "")), None);
    }

    #[test]
    fn context_picks_between_repeats() {
        let doc = Document::parse("标题\n\n甲说好。乙说好。").unwrap();
        // 甲说好。乙说好。 starts at 3: 好 at 5 and 9.
        assert_eq!(anchor(&doc, &incoming("好", 0, "乙说", "")), Some((9, 10)));
        assert_eq!(anchor(&doc, &incoming("好", 0, "甲说", "。乙")), Some((5, 6)));
        assert_eq!(anchor(&doc, &incoming("好", 0, "", "。乙")), Some((5, 6)));
    }

    #[test]
    fn overlapping_repeats_are_all_candidates() {
        let doc = Document::parse("标题\n\n哈哈哈。").unwrap();
        // 哈哈 at 3 and 4; the suffix "哈。" only fits the first.
        assert_eq!(anchor(&doc, &incoming("哈哈", 0, "", "哈。")), Some((3, 5)));
        assert_eq!(anchor(&doc, &incoming("哈哈", 0, "", "")), None);
    }

    #[test]
    fn code_points_outside_the_bmp() {
        let old = Document::parse("标题\n\n𠮷野家😀好。").unwrap();
        let new = Document::parse("标题\n\n😀𠮷𠮷野家😀好。").unwrap();
        let list = [ann("a", Tag::Statistic, 6, 8)];
        let read = parse(&json(&old, &list)).unwrap();
        assert_eq!(read[0].quote, "😀好");
        assert_eq!(anchor(&old, &read[0]), Some((6, 8)));
        assert_eq!(anchor(&new, &read[0]), Some((8, 10)));
        assert_eq!(new.slice(8, 10), "😀好");
        // Two 😀 in the new text: the prefix settles it.
        let smiley = incoming("😀", 0, "野家", "");
        assert_eq!(anchor(&new, &smiley), Some((8, 9)));
    }

    #[test]
    fn newer_wins_either_way() {
        let doc = Document::parse("标题\n\n正文一句。").unwrap();
        let mut ours = ann("a", Tag::Quote, 3, 5);
        ours.modified = "2026-01-02T00:00:00Z".into();
        ours.note = "ours".into();
        let mut theirs = ours.clone();
        theirs.note = "theirs".into();
        theirs.tag = Tag::Event;

        // Fractions sort by time, not by character: .5Z is later than Z.
        theirs.modified = "2026-01-02T00:00:00.5Z".into();
        let newer = plan(&doc, std::slice::from_ref(&ours), parse(&json(&doc, &[theirs.clone()])).unwrap());
        assert_eq!(newer.replaced, vec![(ours.clone(), theirs.clone())]);
        assert_eq!(newer.conflicting(), 1);
        let mut list = vec![ann("z", Tag::Event, 0, 2), ours.clone()];
        let changes = apply(&mut list, &newer);
        assert_eq!(changes, vec![(Some(ours.clone()), Some(theirs.clone()))]);
        assert_eq!(list.len(), 2);
        assert!(list.contains(&theirs));

        theirs.modified = "2026-01-01T23:59:59.999Z".into();
        let older = plan(&doc, std::slice::from_ref(&ours), parse(&json(&doc, &[theirs.clone()])).unwrap());
        assert_eq!(older.kept_ours, 1);
        assert!(older.replaced.is_empty() && older.is_empty());

        theirs.modified = ours.modified.clone();
        let tie = plan(&doc, std::slice::from_ref(&ours), parse(&json(&doc, &[theirs])).unwrap());
        assert_eq!(tie.kept_ours, 1, "a tie keeps ours");
    }

    #[test]
    fn a_winner_that_cannot_be_placed_is_unplaced() {
        let old = Document::parse("标题\n\n正文一句。").unwrap();
        let new = Document::parse("标题\n\n全新内容。").unwrap();
        let ours = ann("a", Tag::Quote, 3, 5);
        let mut theirs = ours.clone();
        theirs.modified = "2026-02-01T00:00:00Z".into();
        let plan = plan(&new, &[ours], parse(&json(&old, &[theirs])).unwrap());
        assert_eq!(plan.unplaced.len(), 1);
        assert!(plan.is_empty());
    }

    #[test]
    fn apply_adds_in_order_and_skips_what_changed_since() {
        let doc = Document::parse("标题\n\n正文一句。").unwrap();
        let existing = vec![ann("b", Tag::Quote, 5, 7)];
        let read = parse(&json(&doc, &[ann("a", Tag::Quote, 3, 5), ann("c", Tag::Event, 6, 8)])).unwrap();
        let plan = plan(&doc, &existing, read);
        let mut list = existing.clone();
        let changes = apply(&mut list, &plan);
        assert_eq!(changes.len(), 2);
        assert!(changes.iter().all(|(before, after)| before.is_none() && after.is_some()));
        let ids: Vec<&str> = list.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        // Applying again changes nothing: the ids are there now.
        assert!(apply(&mut list, &plan).is_empty());
        assert_eq!(list.len(), 3);
    }

    /// A one-paragraph article of repetitive text, so quotes repeat often.
    fn article() -> impl Strategy<Value = Document> {
        proptest::collection::vec(proptest::sample::select(vec!['甲', '乙', 'a', '𠮷', '😀', '。']), 1..40)
            .prop_map(|body| Document::parse(&format!("标题\n\n{}", body.into_iter().collect::<String>())).unwrap())
    }

    proptest! {
        #[test]
        fn anchor_only_returns_the_quote_or_a_close_version_of_it(
            doc in article(),
            quote in "[甲乙a𠮷😀。]{1,4}",
            start in 0usize..60,
            prefix in "[甲乙a𠮷😀。]{0,6}",
            suffix in "[甲乙a𠮷😀。]{0,6}",
        ) {
            let mut inc = incoming(&quote, start, &prefix, &suffix);
            if let Some((s, e)) = anchor(&doc, &inc) {
                prop_assert!(s < e && e <= doc.len());
                prop_assert!(crate::core::anchor::is_close(&quote, doc.slice(s, e)), "{} placed on {}", quote, doc.slice(s, e));
            }
            // Offsets that disagree with the quote's length must not slip through either.
            inc.end = inc.start + 1;
            if let Some((s, e)) = anchor(&doc, &inc) {
                prop_assert!(crate::core::anchor::is_close(&quote, doc.slice(s, e)));
            }
        }

        #[test]
        fn export_then_import_adds_everything_where_it_was(
            doc in article(),
            ranges in proptest::collection::vec((0usize..50, 1usize..6, 0usize..3), 0..8),
        ) {
            let mut list = Vec::new();
            for (i, (start, len, tag)) in ranges.into_iter().enumerate() {
                let start = start % doc.len();
                let end = (start + len).min(doc.len());
                if start < end {
                    insert_in_order(&mut list, ann(&format!("id{i}"), Tag::ALL[tag], start, end));
                }
            }
            let read = parse(&json(&doc, &list)).expect("an export parses");
            let plan = plan(&doc, &[], read);
            prop_assert_eq!(plan.relocated, 0);
            prop_assert!(plan.unplaced.is_empty());
            let mut got = Vec::new();
            apply(&mut got, &plan);
            prop_assert_eq!(got, list);
        }
    }
}
