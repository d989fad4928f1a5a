//! Label Studio for the whole library: one task per document, and the
//! labeling config a new project needs to accept them as they are.

use serde::Serialize;

use super::export_of;
use crate::core::formats::label_studio::{annotations, LabelStudioAnnotation};
use crate::core::library::Item;

/// The labeling config of a project the task list imports into unchanged:
/// `<Labels name>` and `<Text name>` are the tasks' `from_name` and
/// `to_name`, each `<Label value>` a tag's label as the results name it,
/// `$text` and `$title` keys of each task's `data`. The backgrounds are the
/// highlight colours of the app's stylesheet, so a tag looks the same in both.
pub const LABEL_STUDIO_CONFIG: &str = r##"<View>
  <Header value="$title"/>
  <Labels name="label" toName="text">
    <Label value="Quote" background="#ffd76a"/>
    <Label value="Statistic" background="#8fd3ff"/>
    <Label value="Event" background="#b9f0a6"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"##;

/// One task: the single-document writer's, with the title and the Tagmark
/// document id in `data` so each task can be told apart and traced back.
#[derive(Serialize)]
struct Task<'a> {
    data: Data<'a>,
    annotations: Vec<LabelStudioAnnotation<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    title: &'a str,
    tagmark_id: &'a str,
}

/// Writes one task per item, pretty-printed as the single-document file is;
/// a document without annotations is a task with an empty `annotations`.
pub(super) fn write(items: &[Item], exported: &str) -> String {
    let exports: Vec<_> = items.iter().map(|item| export_of(item, exported)).collect();
    let tasks: Vec<Task> = items
        .iter()
        .zip(&exports)
        .map(|(item, export)| Task {
            data: Data { text: item.document.text(), title: &item.entry.title, tagmark_id: &item.entry.id },
            annotations: annotations(export),
        })
        .collect();
    serde_json::to_string_pretty(&tasks).expect("a task list serializes")
}
