//! Label Studio's task list (write only): the text and the annotations as
//! one completed annotation.

use serde::Serialize;

use crate::core::document::Document;
use super::tagmark::Export;

/// One task; import it into a project whose labeling config is
/// `<Text name="text" value="$text"/>` with
/// `<Labels name="label" toName="text">` holding `Quote`, `Statistic`, `Event`.
#[derive(Serialize)]
struct LabelStudioTask<'a> {
    data: LabelStudioData<'a>,
    annotations: Vec<LabelStudioAnnotation<'a>>,
}

#[derive(Serialize)]
struct LabelStudioData<'a> {
    text: &'a str,
}

/// One completed annotation of a task: its labeled ranges.
#[derive(Serialize)]
pub(crate) struct LabelStudioAnnotation<'a> {
    result: Vec<LabelStudioResult<'a>>,
}

#[derive(Serialize)]
struct LabelStudioResult<'a> {
    id: &'a str,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: LabelStudioValue<'a>,
}

#[derive(Serialize)]
struct LabelStudioValue<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'static str; 1],
}

/// The `name` of the labeling config's `<Labels>`, which each result names as `from_name`.
pub(crate) const FROM_NAME: &str = "label";
/// The `name` of the config's `<Text>`, which each result names as `to_name`.
pub(crate) const TO_NAME: &str = "text";

/// Writes `export` as a one-task Label Studio list on `doc`.
pub(super) fn write(doc: &Document, export: &Export) -> String {
    let tasks = [LabelStudioTask { data: LabelStudioData { text: doc.text() }, annotations: annotations(export) }];
    serde_json::to_string_pretty(&tasks).expect("a task list serializes")
}

/// The task's `annotations`: one holding every range of `export`, or none
/// at all, as the whole-library task list writes them too.
pub(crate) fn annotations(export: &Export) -> Vec<LabelStudioAnnotation<'_>> {
    let result: Vec<LabelStudioResult> = export
        .annotations
        .iter()
        .map(|a| LabelStudioResult {
            id: &a.id,
            from_name: FROM_NAME,
            to_name: TO_NAME,
            kind: "labels",
            value: LabelStudioValue { start: a.start, end: a.end, text: &a.quote, labels: [a.tag.label()] },
        })
        .collect();
    // No annotations means an unlabeled task, not one labeled as empty.
    if result.is_empty() { Vec::new() } else { vec![LabelStudioAnnotation { result }] }
}
