//! doccano's JSONL as a corpus: each line a text and its spans, each line
//! a document.
//!
//! A line is `{"text": …, "label": [[start, end, "tag"], …]}`; doccano also
//! writes `"labels"` and, for relation projects, `"entities"` of
//! `{"start_offset", "end_offset", "label"}` objects, all read here. Its
//! offsets are meant to count code points, but its annotation screen counts
//! UTF-16 units (doccano issues #2290, #2484), so a text with characters
//! outside the BMP is also read the UTF-16 way when the spans suggest it.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value};

use super::normalize::{lay_out, overlapping, Laid, Span};
use super::{count, numbered, CorpusDoc, CorpusError, CorpusFormat, CorpusRead, Utf16Reading, EXAMPLES};
use crate::core::annotation::Tag;
use crate::core::formats::tag_named;
use crate::core::import::shown;
use crate::core::library::Status;
use crate::core::text;

/// One line that has a text, read once for both readings.
struct Line {
    /// 1-based line number in the file.
    number: usize,
    laid: Laid,
    title: String,
    /// Spans with one of the three tags, offsets as the file has them.
    spans: Vec<(usize, usize, Tag)>,
    /// Code point offset of each UTF-16 offset of the raw text (`None`
    /// inside a surrogate pair); empty when the text has no character
    /// outside the BMP, where both units agree.
    utf16: Vec<Option<usize>>,
    /// Code point offsets of the raw text's grapheme boundaries.
    graphemes: Vec<usize>,
}

impl Line {
    /// `start..end` read as UTF-16 units, in code points; `None` when an end
    /// is past the text or inside a pair.
    fn from_utf16(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if self.utf16.is_empty() {
            return (end <= self.laid.raw_len()).then_some((start, end));
        }
        Some((self.utf16.get(start).copied()??, self.utf16.get(end).copied()??))
    }

    /// Whether `start..end` (code points) is a span Tagmark could have
    /// drawn: in the text, not empty, whole graphemes.
    fn clean(&self, start: usize, end: usize) -> bool {
        start < end
            && end <= self.laid.raw_len()
            && self.graphemes.binary_search(&start).is_ok()
            && self.graphemes.binary_search(&end).is_ok()
    }
}

/// Whether `body` is several lines, the first a doccano line: JSONL in a
/// file not named `.jsonl` (a single JSON value would have parsed whole).
pub(super) fn looks_like(body: &str) -> bool {
    let mut lines = body.split('\n').map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().and_then(|l| serde_json::from_str::<Value>(l).ok());
    first.is_some_and(|v| v.get("text").is_some_and(Value::is_string)) && lines.next().is_some()
}

/// Reads every line of `body`; the code point reading is the main one.
pub(super) fn read(file_name: &str, body: &str) -> Result<CorpusRead, CorpusError> {
    let mut common = Vec::new();
    let mut lines = Vec::new();
    let mut seen = 0;
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown_lines = BTreeSet::new();
    for (i, source) in body.split('\n').enumerate() {
        let (number, source) = (i + 1, source.trim());
        if source.is_empty() {
            continue;
        }
        seen += 1;
        let object = match serde_json::from_str::<Value>(source) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                common.push(format!("Line {number} is not a JSON object; it was skipped."));
                continue;
            }
            Err(e) => {
                common.push(format!("Line {number} is not JSON (column {}); it was skipped.", e.column()));
                continue;
            }
        };
        let Some(raw) = object.get("text").and_then(Value::as_str) else {
            common.push(format!("Line {number} has no \"text\"; it was skipped."));
            continue;
        };
        let Ok(laid) = lay_out(raw) else {
            common.push(format!("Line {number}'s text is empty; it was skipped."));
            continue;
        };
        let (found, malformed) = spans(&object);
        if malformed > 0 {
            common.push(format!(
                "Line {number}: {} not [start, end, label] with whole-number offsets; skipped.",
                count(malformed, "label is", "labels are")
            ));
        }
        let mut spans = Vec::with_capacity(found.len());
        for (start, end, label) in found {
            match tag_named(&label) {
                Some(tag) => spans.push((start, end, tag)),
                None => {
                    *unknown.entry(label).or_default() += 1;
                    unknown_lines.insert(number);
                }
            }
        }
        let title = title_of(&object).unwrap_or_else(|| laid.fallback_title());
        let utf16 = if raw.chars().any(|c| c.len_utf16() == 2) { utf16_table(raw) } else { Vec::new() };
        lines.push(Line { number, graphemes: text::grapheme_boundaries(raw), laid, title, spans, utf16 });
    }
    if lines.is_empty() {
        let first = common.first().cloned().unwrap_or_default();
        return Err(CorpusError::NothingRead { what: "line", count: seen, first });
    }
    if !unknown.is_empty() {
        common.push(unknown_labels(&unknown, &numbered("line", &unknown_lines)));
    }

    let (cp_documents, cp_problems) = reading(&lines, file_name, &common, false);
    Ok(CorpusRead {
        format: CorpusFormat::Doccano,
        documents: cp_documents,
        problems: cp_problems,
        utf16: utf16_reading(&lines, file_name, &common),
    })
}

/// The UTF-16 reading, when some span reads differently in it and it fits
/// the text at least as well as the code point reading does.
fn utf16_reading(lines: &[Line], file_name: &str, common: &[String]) -> Option<Utf16Reading> {
    let (mut differ, mut cp_bad, mut u16_bad, mut cp_past, mut u16_past) = (0, 0, 0, 0, 0);
    let mut examples = Vec::new();
    for line in lines.iter().filter(|l| !l.utf16.is_empty()) {
        for &(start, end, _) in &line.spans {
            let converted = line.from_utf16(start, end);
            if converted == Some((start, end)) {
                continue;
            }
            differ += 1;
            cp_bad += usize::from(!line.clean(start, end));
            u16_bad += usize::from(!converted.is_some_and(|(s, e)| line.clean(s, e)));
            cp_past += usize::from(end > line.laid.raw_len());
            u16_past += usize::from(converted.is_none());
            if examples.len() < EXAMPLES {
                let other = converted.map_or_else(String::new, |(s, e)| line.laid.raw_slice(s, e));
                examples.push((line.laid.raw_slice(start, end), other));
            }
        }
    }
    if differ == 0 || u16_bad > cp_bad {
        return None;
    }
    let (documents, problems) = reading(lines, file_name, common, true);
    Some(Utf16Reading { only_utf16_fits: cp_past > 0 && u16_past == 0, documents, problems, examples })
}

/// The documents and problems of one reading of the offsets.
fn reading(lines: &[Line], file_name: &str, common: &[String], utf16: bool) -> (Vec<CorpusDoc>, Vec<String>) {
    let mut problems = common.to_vec();
    let (mut overlaps, mut overlap_lines) = (0, BTreeSet::new());
    let (mut repeats, mut repeat_lines) = (0, BTreeSet::new());
    let mut documents = Vec::with_capacity(lines.len());
    for line in lines {
        let at = format!("Line {}", line.number);
        let mut ids = HashSet::new();
        let mut spans = Vec::with_capacity(line.spans.len());
        for &(start, end, tag) in &line.spans {
            // The id keeps the file's offsets, so importing the same file
            // again, either way, finds its annotations already there.
            let id = format!("doccano-{}-{start}-{end}-{}", line.number, tag.as_str());
            if !ids.insert(id.clone()) {
                repeats += 1;
                repeat_lines.insert(line.number);
                continue;
            }
            let (s, e) = if utf16 && !line.utf16.is_empty() {
                match line.from_utf16(start, end) {
                    Some(converted) => converted,
                    None => {
                        problems.push(format!(
                            "{at}: the {} span at {start}–{end} does not fit the text as UTF-16 units; it was skipped.",
                            tag.as_str()
                        ));
                        continue;
                    }
                }
            } else {
                (start, end)
            };
            let (created, modified) = (String::new(), String::new());
            spans.push(Span { start: s, end: e, tag, id, created, modified, shown: (start, end) });
        }
        let annotations = line.laid.annotations(spans, &at, &mut problems);
        let overlapped = overlapping(&annotations);
        if overlapped > 0 {
            overlaps += overlapped;
            overlap_lines.insert(line.number);
        }
        documents.push(CorpusDoc {
            title: line.title.clone(),
            file_name: file_name.to_string(),
            status: Status::Todo,
            added: String::new(),
            edited: String::new(),
            document: line.laid.document.clone(),
            annotations,
        });
    }
    if repeats > 0 {
        problems.push(format!(
            "{} another with the same offsets and label ({}) and {} read once.",
            count(repeats, "span repeated", "spans repeated"),
            numbered("line", &repeat_lines),
            if repeats == 1 { "was" } else { "were" }
        ));
    }
    if overlaps > 0 {
        problems.push(format!(
            "{} another ({}); doccano drops such spans, Tagmark keeps them all.",
            count(overlaps, "span overlaps", "spans overlap"),
            numbered("line", &overlap_lines)
        ));
    }
    (documents, problems)
}

/// Every span of a line as `(start, end, label)`, and how many labels were
/// not spans at all (a classification label, a negative offset).
fn spans(object: &Map<String, Value>) -> (Vec<(usize, usize, String)>, usize) {
    let mut found = Vec::new();
    let mut malformed = 0;
    for key in ["label", "labels", "entities"] {
        let Some(list) = object.get(key) else { continue };
        let Some(list) = list.as_array() else {
            malformed += 1;
            continue;
        };
        for item in list {
            match span(item) {
                Some(span) => found.push(span),
                None => malformed += 1,
            }
        }
    }
    (found, malformed)
}

/// One `[start, end, label]` or `{"start_offset", "end_offset", "label"}`.
fn span(item: &Value) -> Option<(usize, usize, String)> {
    let whole = |v: &Value| v.as_u64().and_then(|n| usize::try_from(n).ok());
    match item {
        Value::Array(parts) => match parts.as_slice() {
            [start, end, label] => Some((whole(start)?, whole(end)?, label.as_str()?.to_string())),
            _ => None,
        },
        Value::Object(fields) => {
            let field = |a: &str, b: &str| fields.get(a).or_else(|| fields.get(b));
            let start = whole(field("start_offset", "start")?)?;
            let end = whole(field("end_offset", "end")?)?;
            Some((start, end, field("label", "tag")?.as_str()?.to_string()))
        }
        _ => None,
    }
}

/// A title the line carries: `title`, `name`, or `meta.title`.
fn title_of(object: &Map<String, Value>) -> Option<String> {
    let meta = object.get("meta");
    [object.get("title"), object.get("name"), meta.and_then(|m| m.get("title")), meta.and_then(|m| m.get("name"))]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::trim)
        .find(|t| !t.is_empty())
        .map(str::to_string)
}

/// The code point offset of every UTF-16 offset of `raw`, `None` between
/// the two halves of a pair: one pass a line, whatever its number of spans.
fn utf16_table(raw: &str) -> Vec<Option<usize>> {
    let mut table = Vec::with_capacity(raw.len() + 1);
    for (i, c) in raw.chars().enumerate() {
        table.push(Some(i));
        if c.len_utf16() == 2 {
            table.push(None);
        }
    }
    table.push(Some(raw.chars().count()));
    table
}

/// "12 spans with labels other than … were skipped: PERSON (10), ORG (2) (lines 2 and 5)."
pub(super) fn unknown_labels(unknown: &BTreeMap<String, usize>, where_: &str) -> String {
    let total: usize = unknown.values().sum();
    let mut by_count: Vec<(&String, &usize)> = unknown.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let names: Vec<String> = by_count.iter().map(|(label, n)| format!("{} ({n})", bare(label))).collect();
    let (spans, were) = if total == 1 { ("span with a label", "was") } else { ("spans with labels", "were") };
    format!("{total} {spans} other than quote, statistic and event {were} skipped: {} ({where_}).", names.join(", "))
}

/// A label from the file, escaped and shortened as [`shown`] does, without its quotes.
fn bare(label: &str) -> String {
    let quoted = shown(label);
    quoted[1..quoted.len() - 1].to_string()
}
