//! Tagmark's own JSON: the export, with UTF-16 offsets added for JavaScript,
//! Java and C# consumers.

use serde::Serialize;

use super::Utf16Offsets;
use crate::core::export::{Export, ExportedAnnotation, ExportedDocument};

/// The export with two more fields per annotation. Typed rather than a
/// `serde_json::Value` edited in place, because `Value` objects sort their
/// keys: this keeps the file byte for byte what Export JSON writes, plus the
/// two fields at the end of each annotation.
#[derive(Serialize)]
struct TagmarkFile<'a> {
    format: &'a str,
    version: u32,
    offset_unit: &'a str,
    exported: &'a str,
    document: &'a ExportedDocument,
    annotations: Vec<TagmarkAnnotation<'a>>,
}

#[derive(Serialize)]
struct TagmarkAnnotation<'a> {
    #[serde(flatten)]
    fields: &'a ExportedAnnotation,
    start_utf16: usize,
    end_utf16: usize,
}

/// Writes the Tagmark JSON of `export`.
pub(super) fn write(export: &Export, utf16: &Utf16Offsets) -> String {
    // No `..`: a field added to `Export` fails to compile here instead of
    // silently going missing from this format.
    let Export { format, version, offset_unit, exported, document, annotations } = export;
    let file = TagmarkFile {
        format,
        version: *version,
        offset_unit,
        exported,
        document,
        annotations: annotations
            .iter()
            .map(|a| TagmarkAnnotation { fields: a, start_utf16: utf16.at(a.start), end_utf16: utf16.at(a.end) })
            .collect(),
    };
    serde_json::to_string_pretty(&file).expect("an export serializes")
}

#[cfg(test)]
mod tests {
    use crate::core::export;
    use crate::core::formats::tests::{fixture, EXPORTED};
    use crate::core::formats::{write, Format};
    use serde_json::Value;

    #[test]
    fn tagmark_json_is_the_export_plus_utf16_offsets() {
        let (doc, list) = fixture();
        assert_eq!(
            write(Format::Tagmark, &doc, &[], EXPORTED),
            serde_json::to_string_pretty(&export::build(&doc, &[], EXPORTED)).unwrap()
        );
        let mut written: Value = serde_json::from_str(&write(Format::Tagmark, &doc, &list, EXPORTED)).unwrap();
        for a in written["annotations"].as_array_mut().unwrap() {
            let a = a.as_object_mut().unwrap();
            assert!(a.remove("start_utf16").is_some() && a.remove("end_utf16").is_some());
        }
        assert_eq!(written, serde_json::to_value(export::build(&doc, &list, EXPORTED)).unwrap());
    }
}
