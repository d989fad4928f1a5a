//! One CSV row per annotation, for spreadsheets (write only).

use super::Utf16Offsets;
use super::tagmark::{Export, ExportedAnnotation};

/// The CSV's header row.
pub(crate) const CSV_HEADER: [&str; 10] = ["id", "tag", "start", "end", "start_utf16", "end_utf16", "quote", "note", "created", "modified"];

/// RFC 4180: records end in CRLF, and a field holding a comma, a double quote,
/// CR or LF is wrapped in double quotes with its quotes doubled.
///
/// Text fields (id, quote, note and the times, which an imported file may
/// have set to anything) that start with `=`, `+`, `-`, `@`, a tab or CR get
/// a leading `'`: spreadsheets run such a cell as a formula (CSV injection),
/// and the `'` makes them show it as text. A program reading the CSV sees
/// the `'`; the other formats carry the text unchanged.
pub(super) fn write(export: &Export, utf16: &Utf16Offsets) -> String {
    let mut out = String::new();
    push_record(&mut out, CSV_HEADER.iter().map(|h| h.to_string()));
    for a in &export.annotations {
        push_record(&mut out, row(a, utf16));
    }
    out
}

/// The fields of `a`'s row, in [`CSV_HEADER`] order: the whole-library CSV
/// writes the same cells after its own two columns.
pub(crate) fn row(a: &ExportedAnnotation, utf16: &Utf16Offsets) -> [String; 10] {
    [
        defused(&a.id),
        a.tag.as_str().to_string(),
        a.start.to_string(),
        a.end.to_string(),
        utf16.at(a.start).to_string(),
        utf16.at(a.end).to_string(),
        defused(&a.quote),
        defused(&a.note),
        defused(&a.created),
        defused(&a.modified),
    ]
}

/// Appends one record, quoting the fields that need it, and its CRLF.
pub(crate) fn push_record(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// The field with a `'` in front when a spreadsheet would take it for a formula.
pub(crate) fn defused(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::{Annotation, Tag};
    use crate::core::document::Document;
    use crate::core::formats::tests::{EXPORTED, T1};
    use crate::core::formats::{write, Format};

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let doc = Document::parse("标题\n\n-1, \"x\"\n\n@a\tb").unwrap();
        // Canonical: 标题\n-1, "x"\n@a\tb; "-1, \"x\"" is 3..10, "@a" 11..13.
        let mut first = Annotation::new("=id", Tag::Statistic, 3, 10, T1);
        first.note = "line one\r\nline two".into();
        let second = Annotation::new("plain", Tag::Event, 11, 13, "+T");
        let csv = write(Format::Csv, &doc, &[first, second], EXPORTED);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,tag,start,end,start_utf16,end_utf16,quote,note,created,modified");
        assert_eq!(
            lines[1],
            "'=id,statistic,3,10,3,10,\"'-1, \"\"x\"\"\",\"line one"
        );
        assert_eq!(lines[2], "line two\",2026-02-01T08:00:00Z,2026-02-01T08:00:00Z");
        assert_eq!(lines[3], "plain,event,11,13,11,13,'@a,,'+T,'+T");
        assert_eq!(lines[4], "");
        assert_eq!(defused("\tx"), "'\tx");
        assert_eq!(defused("a=b"), "a=b");
    }
}
