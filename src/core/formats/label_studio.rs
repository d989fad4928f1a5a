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

#[derive(Serialize)]
struct LabelStudioAnnotation<'a> {
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

/// Writes `export` as a one-task Label Studio list on `doc`.
pub(super) fn write(doc: &Document, export: &Export) -> String {
    let result: Vec<LabelStudioResult> = export
        .annotations
        .iter()
        .map(|a| LabelStudioResult {
            id: &a.id,
            from_name: "label",
            to_name: "text",
            kind: "labels",
            value: LabelStudioValue { start: a.start, end: a.end, text: &a.quote, labels: [a.tag.label()] },
        })
        .collect();
    // No annotations means an unlabeled task, not one labeled as empty.
    let annotations = if result.is_empty() { Vec::new() } else { vec![LabelStudioAnnotation { result }] };
    let tasks = [LabelStudioTask { data: LabelStudioData { text: doc.text() }, annotations }];
    serde_json::to_string_pretty(&tasks).expect("a task list serializes")
}
