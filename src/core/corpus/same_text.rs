//! Documents of one file that have the same text. A document's id is its
//! text's hash, so the library keeps one of them and would merge the
//! others' annotations into it unseen: three lines of one text, each with
//! its span, made one document with three identical annotations. The read
//! makes that one document itself, drops what repeats, and says so.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::problems::Problems;
use super::{count, numbered, CorpusDoc};
use crate::core::annotation::Tag;

/// A document merged into an earlier one with the same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Repeat {
    /// Its number in the file (line, task or document, from 1).
    pub(super) number: usize,
    /// Its title, as the file gives it.
    pub(super) title: String,
    /// The number of the document it went into.
    pub(super) into: usize,
    /// That document's title.
    pub(super) into_title: String,
}

/// The documents with each text once, and what that took.
pub(super) struct Merged {
    /// One document a text, in file order; the first keeps its title,
    /// status and times.
    pub(super) documents: Vec<CorpusDoc>,
    /// Each document that went into an earlier one.
    pub(super) repeats: Vec<Repeat>,
    /// How many annotations were dropped as the same as one kept (range,
    /// tag and note alike).
    pub(super) duplicates: usize,
}

/// Merges `documents` with the same text; `numbers` are their numbers in
/// the file, in the same order. An annotation of a later document that is
/// the same as one already kept (range, tag and note alike) is dropped; a
/// document's own annotations all stay, as a backup gives them back. One
/// whose id is taken gets the id with its own document's number added, so
/// reading the file twice gives the same ids.
pub(super) fn merge(documents: Vec<CorpusDoc>, numbers: &[usize]) -> Merged {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<(CorpusDoc, usize)> = Vec::with_capacity(documents.len());
    let mut repeats = Vec::new();
    let mut duplicates = 0;
    for (doc, &number) in documents.into_iter().zip(numbers) {
        let Some(&at) = by_id.get(doc.document.id()) else {
            by_id.insert(doc.document.id().to_string(), kept.len());
            kept.push((doc, number));
            continue;
        };
        let (first, into) = &mut kept[at];
        repeats.push(Repeat { number, title: doc.title, into: *into, into_title: first.title.clone() });
        let mut ids: HashSet<String> = first.annotations.iter().map(|a| a.id.clone()).collect();
        let mut same: HashSet<(usize, usize, Tag, String)> =
            first.annotations.iter().map(|a| (a.start, a.end, a.tag, a.note.clone())).collect();
        for mut a in doc.annotations {
            if !same.insert((a.start, a.end, a.tag, a.note.clone())) {
                duplicates += 1;
                continue;
            }
            if ids.contains(&a.id) {
                a.id = format!("{}-{number}", a.id);
            }
            ids.insert(a.id.clone());
            first.annotations.push(a);
        }
    }
    Merged { documents: kept.into_iter().map(|(doc, _)| doc).collect(), repeats, duplicates }
}

/// Says what merging did in a file of `what`s ("line", "task"): which
/// repeat an earlier one's text, and how many annotations were duplicates.
pub(super) fn sum_up(merged: &Merged, what: &str, problems: &mut Problems) {
    if !merged.repeats.is_empty() {
        let numbers: BTreeSet<usize> = merged.repeats.iter().map(|r| r.number).collect();
        let listed = numbered(what, &numbers);
        let verb = if numbers.len() == 1 { "repeats" } else { "repeat" };
        problems.sum_up(format!(
            "{}{} {verb} the text of an earlier {what}: each text makes one document, with the annotations of all its {what}s.",
            listed[..1].to_uppercase(),
            &listed[1..]
        ));
    }
    if merged.duplicates > 0 {
        problems.sum_up(duplicates_merged(merged.duplicates));
    }
}

/// "2 duplicate annotations (same text, range and label) were merged."
pub(super) fn duplicates_merged(n: usize) -> String {
    format!(
        "{} (same text, range and label) {} merged.",
        count(n, "duplicate annotation", "duplicate annotations"),
        if n == 1 { "was" } else { "were" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::corpus::normalize::lay_out;
    use crate::core::incoming::Incoming;
    use crate::core::library::Status;

    fn doc(text: &str, title: &str, spans: &[(&str, usize, usize)]) -> CorpusDoc {
        let document = lay_out(text).unwrap().document;
        let annotations = spans
            .iter()
            .map(|&(id, start, end)| Incoming {
                id: id.into(),
                tag: Tag::Event,
                quote: document.slice(start, end).into(),
                start,
                end,
                prefix: String::new(),
                suffix: String::new(),
                created: String::new(),
                modified: String::new(),
                note: String::new(),
                source: None,
            })
            .collect();
        let (file_name, added, edited) = (String::new(), String::new(), String::new());
        CorpusDoc { title: title.into(), file_name, status: Status::Todo, added, edited, document, annotations }
    }

    #[test]
    fn the_same_text_is_one_document_with_each_annotation_once() {
        let docs = vec![
            doc("甲乙丙丁", "一", &[("a", 0, 1), ("b", 0, 1)]),
            doc("戊己", "二", &[]),
            doc("甲乙丙丁", "三", &[("c", 0, 1), ("a", 1, 2)]),
        ];
        let merged = merge(docs, &[1, 2, 5]);
        let titles: Vec<&str> = merged.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["一", "二"]);
        let ids: Vec<&str> = merged.documents[0].annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "a-5"], "c repeats a; a's own b stays; the second a's id was taken");
        assert_eq!(merged.duplicates, 1);
        let repeat = Repeat { number: 5, title: "三".into(), into: 1, into_title: "一".into() };
        assert_eq!(merged.repeats, [repeat]);
        assert_eq!(duplicates_merged(2), "2 duplicate annotations (same text, range and label) were merged.");
        assert_eq!(duplicates_merged(1), "1 duplicate annotation (same text, range and label) was merged.");
    }
}
