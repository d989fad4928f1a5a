//! Label Studio's JSON export as a corpus: each task a text (`data.text`)
//! and the spans of its annotations and predictions.
//!
//! Only `labels` results are spans; Label Studio accepts offsets out of
//! range and a `value.text` that is not the text at them without a word, so
//! both are checked here and said.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::doccano::{bare, unknown_labels};
use super::normalize::{lay_out, Span};
use super::problems::{Kind, Problems};
use super::{count, numbered, same_text, CorpusDoc, CorpusError, CorpusFormat, CorpusRead};
use crate::core::formats::tag_named;
use crate::core::import::shown;
use crate::core::library::Status;

/// The tasks of a Label Studio export: a list in which some object has a
/// `data.text` string, or one such task on its own; `None` for anything else.
pub(super) fn tasks(value: &Value) -> Option<Vec<&Value>> {
    let has_text = |task: &Value| task.get("data").and_then(|d| d.get("text")).is_some_and(Value::is_string);
    match value {
        Value::Array(list) if list.iter().any(has_text) => Some(list.iter().collect()),
        Value::Object(_) if has_text(value) => Some(vec![value]),
        _ => None,
    }
}

const NO_TEXT: Kind = Kind::new("task without data.text", "tasks without data.text");
const EMPTY: Kind = Kind::new("task with an empty text", "tasks with an empty text");
const NOT_WHOLE: Kind =
    Kind::new("result whose start or end is not a whole number", "results whose start or end is not a whole number");
const NO_LABELS: Kind = Kind::new("result without labels", "results without labels");
const OTHER_TEXT: Kind =
    Kind::new("result whose text is not the text at its offsets", "results whose text is not the text at their offsets");

/// What is skipped across the file, said once at the end.
#[derive(Default)]
struct Skipped {
    other_types: BTreeMap<String, usize>,
    other_type_tasks: BTreeSet<usize>,
    unknown: BTreeMap<String, usize>,
    unknown_tasks: BTreeSet<usize>,
    cancelled: usize,
    cancelled_tasks: BTreeSet<usize>,
    repeats: usize,
    repeat_tasks: BTreeSet<usize>,
}

/// Reads every task; a task without a text is skipped and said.
pub(super) fn read(file_name: &str, tasks: &[&Value]) -> Result<CorpusRead, CorpusError> {
    let mut problems = Problems::default();
    let mut skipped = Skipped::default();
    let mut used_ids = HashSet::new();
    let mut documents = Vec::new();
    let mut numbers = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        let number = i + 1;
        let data = task.get("data");
        let Some(raw) = data.and_then(|d| d.get("text")).and_then(Value::as_str) else {
            problems.add(NO_TEXT, || format!("Task {number} has no data.text; it was skipped."));
            continue;
        };
        let Ok(laid) = lay_out(raw) else {
            problems.add(EMPTY, || format!("Task {number}'s text is empty; it was skipped."));
            continue;
        };
        let at = format!("Task {number}");
        let spans = task_spans(task, number, &laid, &mut used_ids, &mut skipped, &mut problems);
        let annotations = laid.annotations(spans, &at, &mut problems);
        let text_of = |v: Option<&Value>| v.and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty()).map(String::from);
        let meta = task.get("meta");
        let title = [data.and_then(|d| d.get("title")), data.and_then(|d| d.get("name")), meta.and_then(|m| m.get("title"))]
            .into_iter()
            .find_map(text_of)
            .unwrap_or_else(|| laid.fallback_title());
        // Label Studio marks a task labeled once it has its annotations.
        let done = task.get("is_labeled").and_then(Value::as_bool) == Some(true);
        numbers.push(number);
        documents.push(CorpusDoc {
            title,
            file_name: file_name.to_string(),
            status: if done { Status::Done } else { Status::Todo },
            added: text_of(task.get("created_at")).unwrap_or_default(),
            edited: text_of(task.get("updated_at")).unwrap_or_default(),
            document: laid.document,
            annotations,
        });
    }
    if documents.is_empty() {
        let first = problems.first().unwrap_or_default().to_string();
        return Err(CorpusError::NothingRead { what: "task", count: tasks.len(), first });
    }
    summarize(&skipped, &mut problems);
    let merged = same_text::merge(documents, &numbers);
    same_text::sum_up(&merged, "task", &mut problems);
    let problems = problems.into_sentences();
    Ok(CorpusRead { format: CorpusFormat::LabelStudio, documents: merged.documents, problems, utf16: None })
}

/// The spans of task `number`'s annotations (not cancelled ones) and
/// predictions, with ids: the result's own when the file has it once.
fn task_spans(
    task: &Value,
    number: usize,
    laid: &super::normalize::Laid,
    used_ids: &mut HashSet<String>,
    skipped: &mut Skipped,
    problems: &mut Problems,
) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut ranges = HashSet::new();
    let groups = ["annotations", "predictions"].into_iter().filter_map(|key| task.get(key).and_then(Value::as_array));
    for entry in groups.flatten() {
        if entry.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
            skipped.cancelled += 1;
            skipped.cancelled_tasks.insert(number);
            continue;
        }
        let stamp = |key: &str| entry.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
        let (created, modified) = (stamp("created_at"), stamp("updated_at"));
        for result in entry.get("result").and_then(Value::as_array).into_iter().flatten() {
            let kind = result.get("type").and_then(Value::as_str).unwrap_or("(none)");
            if kind != "labels" {
                *skipped.other_types.entry(kind.to_string()).or_default() += 1;
                skipped.other_type_tasks.insert(number);
                continue;
            }
            let value = result.get("value");
            let whole = |key: &str| value.and_then(|v| v.get(key)).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
            let (Some(start), Some(end)) = (whole("start"), whole("end")) else {
                problems.add(NOT_WHOLE, || format!("Task {number}: a result's start or end is not a whole number; it was skipped."));
                continue;
            };
            let labels = value.and_then(|v| v.get("labels")).and_then(Value::as_array);
            let labels: Vec<&str> = labels.into_iter().flatten().filter_map(Value::as_str).collect();
            if labels.is_empty() {
                problems.add(NO_LABELS, || format!("Task {number}: the result at {start}–{end} has no labels; it was skipped."));
                continue;
            }
            if let Some(said) = value.and_then(|v| v.get("text")).and_then(Value::as_str) {
                let there = laid.raw_slice(start, end);
                if start < end && end <= laid.raw_len() && said != there {
                    problems.add(OTHER_TEXT, || {
                        format!(
                            "Task {number}: the result at {start}–{end} gives its text as {}, but the text there is {}; the offsets were kept.",
                            shown(said),
                            shown(&there)
                        )
                    });
                }
            }
            let own_id = result.get("id").and_then(Value::as_str).filter(|id| !id.is_empty());
            for label in labels {
                let Some(tag) = tag_named(label) else {
                    *skipped.unknown.entry(label.to_string()).or_default() += 1;
                    skipped.unknown_tasks.insert(number);
                    continue;
                };
                if !ranges.insert((start, end, tag)) {
                    skipped.repeats += 1;
                    skipped.repeat_tasks.insert(number);
                    continue;
                }
                let made = format!("labelstudio-{number}-{start}-{end}-{}", tag.as_str());
                let id = match own_id {
                    Some(id) if !used_ids.contains(id) => id.to_string(),
                    _ => made,
                };
                used_ids.insert(id.clone());
                let (created, modified) = (created.clone(), modified.clone());
                spans.push(Span { start, end, tag, id, created, modified, shown: (start, end) });
            }
        }
    }
    spans
}

/// One sentence for each kind of thing skipped across the file.
fn summarize(skipped: &Skipped, problems: &mut Problems) {
    if !skipped.other_types.is_empty() {
        let total: usize = skipped.other_types.values().sum();
        // Types come from the file: a list of thousands is cut.
        let mut kinds: Vec<String> = skipped.other_types.keys().take(10).map(|k| bare(k)).collect();
        if skipped.other_types.len() > 10 {
            kinds.push(format!("{} more", skipped.other_types.len() - 10));
        }
        problems.sum_up(format!(
            "{} of other types ({}) {} skipped ({}).",
            count(total, "result", "results"),
            kinds.join(", "),
            if total == 1 { "was" } else { "were" },
            numbered("task", &skipped.other_type_tasks)
        ));
    }
    if !skipped.unknown.is_empty() {
        problems.sum_up(unknown_labels(&skipped.unknown, &numbered("task", &skipped.unknown_tasks)));
    }
    if skipped.cancelled > 0 {
        problems.sum_up(format!(
            "{} skipped ({}).",
            count(skipped.cancelled, "cancelled annotation was", "cancelled annotations were"),
            numbered("task", &skipped.cancelled_tasks)
        ));
    }
    if skipped.repeats > 0 {
        problems.sum_up(format!(
            "{} another with the same offsets and label and {} read once ({}).",
            count(skipped.repeats, "span repeated", "spans repeated"),
            if skipped.repeats == 1 { "was" } else { "were" },
            numbered("task", &skipped.repeat_tasks)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::read as read_corpus;
    use super::*;
    use crate::core::annotation::Tag;

    const FIXTURE: &str = include_str!("../../../tests/fixtures/corpus/label-studio.json");

    #[test]
    fn reads_tasks_with_their_annotations_and_predictions() {
        let read = read_corpus("project-1.json", FIXTURE.as_bytes()).unwrap().unwrap();
        assert_eq!(read.format, CorpusFormat::LabelStudio);
        assert!(read.utf16.is_none());
        let [park, grain] = &read.documents[..] else { panic!("{} documents", read.documents.len()) };
        assert_eq!((park.title.as_str(), park.status, park.file_name.as_str()), ("园区新企业", Status::Done, "project-1.json"));
        assert_eq!((park.added.as_str(), park.edited.as_str()), ("2026-01-05T08:00:00.000000Z", "2026-01-06T09:30:00.000000Z"));
        assert_eq!(park.document.stored_kinds(), "tp");
        let got: Vec<(&str, Tag, &str)> = park.annotations.iter().map(|a| (a.id.as_str(), a.tag, a.quote.as_str())).collect();
        assert_eq!(
            got,
            [
                ("ls-a1", Tag::Statistic, "120家"),
                ("ls-a2", Tag::Quote, "“我们将优化营商环境。”"),
                ("ls-p1", Tag::Event, "园区新落户企业120家"),
            ]
        );
        assert_eq!((park.annotations[0].created.as_str(), park.annotations[0].modified.as_str()), ("2026-01-06T09:00:00.000000Z", "2026-01-06T09:30:00.000000Z"));
        assert_eq!(park.annotations[2].modified, "2026-01-05T08:10:00.000000Z", "a prediction's modified is its created");

        assert_eq!((grain.title.as_str(), grain.status), ("全国秋粮收购进度过半", Status::Todo));
        let got: Vec<(Tag, &str)> = grain.annotations.iter().map(|a| (a.tag, a.quote.as_str())).collect();
        assert_eq!(got, [(Tag::Event, "累计收购秋粮超过9000万吨"), (Tag::Statistic, "9000万吨")]);
        assert_eq!(
            read.problems,
            [
                "Task 2: the result at 29–35 gives its text as \"9000吨\", but the text there is \"9000万吨\"; the offsets were kept.",
                "Task 2: the statistic span at 20–200 ends past the end of the text (36 characters); it was skipped.",
                "1 result of other types (choices) was skipped (task 1).",
                "1 span with a label other than quote, statistic and event was skipped: ORG (1) (task 2).",
                "1 cancelled annotation was skipped (task 2).",
                "1 span repeated another with the same offsets and label and was read once (task 1).",
            ]
        );
    }

    #[test]
    fn tasks_with_the_same_text_make_one_document() {
        let task = |id: &str| {
            format!(
                r#"{{"data": {{"text": "甲乙丙"}}, "annotations": [{{"result": [
                {{"id": "{id}", "type": "labels", "value": {{"start": 0, "end": 1, "labels": ["Quote"]}}}}]}}]}}"#
            )
        };
        let file = format!("[{}, {}]", task("r1"), task("r2"));
        let read = read_corpus("t.json", file.as_bytes()).unwrap().unwrap();
        assert_eq!(read.documents.len(), 1);
        let ids: Vec<&str> = read.documents[0].annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["r1"]);
        assert_eq!(
            read.problems,
            [
                "Task 2 repeats the text of an earlier task: each text makes one document, with the annotations of all its tasks.",
                "1 duplicate annotation (same text, range and label) was merged.",
            ]
        );
    }

    #[test]
    fn one_task_repeated_ids_and_tasks_without_text() {
        let one = r#"{"data": {"text": "甲乙丙"}, "annotations": [{"result": [
            {"id": "r", "type": "labels", "value": {"start": 0, "end": 1, "labels": ["Quote", "Event"]}},
            {"id": "r", "type": "labels", "value": {"start": 2, "end": 2, "labels": ["Quote"]}},
            {"type": "relation"}, {"type": "rating"}, {"type": "textarea"}]}]}"#;
        let read = read_corpus("t.json", one.as_bytes()).unwrap().unwrap();
        let ids: Vec<&str> = read.documents[0].annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["r", "labelstudio-1-0-1-event"], "an id the file already used is made instead");
        assert_eq!(
            read.problems,
            [
                "Task 1: the quote span at 2–2 does not start before it ends; it was skipped.",
                "3 results of other types (rating, relation, textarea) were skipped (task 1).",
            ]
        );
        let list = r#"[{"data": {"html": "<p>x</p>"}}, {"data": {"text": "正文"}}]"#;
        let read = read_corpus("t.json", list.as_bytes()).unwrap().unwrap();
        assert_eq!((read.documents.len(), read.problems.as_slice()), (1, &["Task 1 has no data.text; it was skipped.".to_string()][..]));
        let empty = read_corpus("t.json", br#"[{"data": {"text": "  "}}]"#).unwrap_err();
        assert_eq!(empty.to_string(), "This file's one task could not be read. Task 1's text is empty; it was skipped.");
    }
}
