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
use super::problems::{Kind, Problems};
use super::{char_column, count, numbered, same_text, CorpusDoc, CorpusError, CorpusFormat, CorpusRead, Utf16Reading, EXAMPLES};
use crate::core::annotation::Tag;
use crate::core::formats::tag_named;
use crate::core::import::shown;
use crate::core::library::Status;
use crate::core::text::{self, thousands};

const NOT_OBJECT: Kind = Kind::new("line that is not a JSON object", "lines that are not JSON objects");
const NOT_JSON: Kind = Kind::new("line that is not JSON", "lines that are not JSON");
const TOO_DEEP: Kind = Kind::new("line nested too deeply", "lines nested too deeply");
const NO_TEXT: Kind = Kind::new("line without a \"text\"", "lines without a \"text\"");
const EMPTY: Kind = Kind::new("line with an empty text", "lines with an empty text");
const MALFORMED: Kind = Kind::new("line with malformed labels", "lines with malformed labels");
const NOT_UTF16: Kind =
    Kind::new("span that does not fit its text as UTF-16 units", "spans that do not fit their text as UTF-16 units");

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
    fn read_as_utf16(&self, start: usize, end: usize) -> Option<(usize, usize)> {
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
    let mut common = Problems::default();
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
                common.add(NOT_OBJECT, || format!("Line {number} is not a JSON object; it was skipped."));
                continue;
            }
            Err(e) if crate::core::import::too_deep(&e) => {
                common.add(TOO_DEEP, || {
                    format!(
                        "Line {number}'s JSON is nested too deeply (more than {} levels); it was skipped.",
                        crate::core::import::MAX_JSON_DEPTH
                    )
                });
                continue;
            }
            Err(e) => {
                let column = char_column(source, e.column());
                common.add(NOT_JSON, || format!("Line {number} is not JSON (column {column}); it was skipped."));
                continue;
            }
        };
        let Some(raw) = object.get("text").and_then(Value::as_str) else {
            common.add(NO_TEXT, || format!("Line {number} has no \"text\"; it was skipped."));
            continue;
        };
        let Ok(laid) = lay_out(raw) else {
            common.add(EMPTY, || format!("Line {number}'s text is empty; it was skipped."));
            continue;
        };
        let (found, malformed) = spans(&object);
        if malformed > 0 {
            common.add(MALFORMED, || {
                format!(
                    "Line {number}: {} not [start, end, label] with whole-number offsets; skipped.",
                    count(malformed, "label is", "labels are")
                )
            });
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
        let first = common.first().unwrap_or_default().to_string();
        return Err(CorpusError::NothingRead { what: "line", count: seen, first });
    }
    if !unknown.is_empty() {
        common.sum_up(unknown_labels(&unknown, &numbered("line", &unknown_lines)));
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
fn utf16_reading(lines: &[Line], file_name: &str, common: &Problems) -> Option<Utf16Reading> {
    let (mut differ, mut cp_bad, mut u16_bad, mut cp_past, mut u16_past) = (0, 0, 0, 0, 0);
    let mut examples = Vec::new();
    for line in lines.iter().filter(|l| !l.utf16.is_empty()) {
        for &(start, end, _) in &line.spans {
            let converted = line.read_as_utf16(start, end);
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

/// The documents and problems of one reading of the offsets, lines of the
/// same text made one document.
fn reading(lines: &[Line], file_name: &str, common: &Problems, utf16: bool) -> (Vec<CorpusDoc>, Vec<String>) {
    let mut problems = common.clone();
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
                match line.read_as_utf16(start, end) {
                    Some(converted) => converted,
                    None => {
                        problems.add(NOT_UTF16, || {
                            format!(
                                "{at}: the {} span at {start}–{end} does not fit the text as UTF-16 units; it was skipped.",
                                tag.as_str()
                            )
                        });
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
        problems.sum_up(format!(
            "{} another with the same offsets and label ({}) and {} read once.",
            count(repeats, "span repeated", "spans repeated"),
            numbered("line", &repeat_lines),
            if repeats == 1 { "was" } else { "were" }
        ));
    }
    if overlaps > 0 {
        problems.sum_up(format!(
            "{} another ({}); doccano drops such spans, Tagmark keeps them all.",
            count(overlaps, "span overlaps", "spans overlap"),
            numbered("line", &overlap_lines)
        ));
    }
    let numbers: Vec<usize> = lines.iter().map(|l| l.number).collect();
    let merged = same_text::merge(documents, &numbers);
    same_text::sum_up(&merged, "line", &mut problems);
    (merged.documents, problems.into_sentences())
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
    crate::core::sort::by(&mut by_count, |a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    // A file may use thousands of labels: the commonest are named, the rest counted.
    const NAMED: usize = 10;
    let names: Vec<String> = by_count.iter().take(NAMED).map(|(label, n)| format!("{} ({n})", bare(label))).collect();
    let others = match by_count.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {} other {}", thousands(n), if n == 1 { "label" } else { "labels" }),
    };
    let (spans, were) = if total == 1 { ("span with a label", "was") } else { ("spans with labels", "were") };
    format!(
        "{} {spans} other than quote, statistic and event {were} skipped: {}{others} ({where_}).",
        thousands(total),
        names.join(", ")
    )
}

/// A label from the file, escaped and shortened as [`shown`] does, without its quotes.
pub(super) fn bare(label: &str) -> String {
    let quoted = shown(label);
    quoted[1..quoted.len() - 1].to_string()
}

#[cfg(test)]
mod tests {
    use super::super::read as read_corpus;
    use super::*;

    const FIXTURE: &str = include_str!("../../../tests/fixtures/corpus/doccano.jsonl");
    const BAD_LINE: &str = include_str!("../../../tests/fixtures/corpus/doccano-bad-line.jsonl");
    const UTF16: &str = include_str!("../../../tests/fixtures/corpus/doccano-utf16.jsonl");

    fn quotes(doc: &CorpusDoc) -> Vec<(&str, Tag)> {
        doc.annotations.iter().map(|a| (a.quote.as_str(), a.tag)).collect()
    }

    #[test]
    fn reads_each_line_as_a_document_with_its_spans() {
        let read = read_corpus("新闻.jsonl", FIXTURE.as_bytes()).unwrap().unwrap();
        assert_eq!(read.format, CorpusFormat::Doccano);
        assert!(read.utf16.is_none(), "no character outside the BMP");
        let titles: Vec<&str> = read.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["城市更新调查（一）", "春运首日", "暴雨袭击南方多省，气象台发布橙色预警。张华说：“请市民减少外出。”"]);
        let [first, second, third] = &read.documents[..] else { panic!("{} documents", read.documents.len()) };
        assert_eq!(first.document.stored_kinds(), "tpp");
        assert_eq!(quotes(first), [("12.5万个", Tag::Statistic), ("“就业形势总体稳定。”", Tag::Quote)]);
        assert_eq!(first.annotations[0].id, "doccano-1-27-33-statistic");
        assert_eq!((first.file_name.as_str(), first.status), ("新闻.jsonl", Status::Todo));

        // Leading spaces and blank lines are dropped; the spans move with them.
        assert_eq!(second.document.text(), "春运首日铁路客流创新高\n据铁路部门介绍，春运首日全国铁路发送旅客1050万人次。\n各地车站秩序井然。");
        assert_eq!(quotes(second), [("春运首日全国铁路发送旅客1050万人次", Tag::Event), ("1050万人次", Tag::Statistic)]);
        assert_eq!((second.annotations[0].start, second.annotations[0].end, second.annotations[1].start), (20, 39, 32));
        assert_eq!(second.annotations[0].id, "doccano-2-23-42-event", "the id keeps the file's offsets");
        assert_eq!(second.annotations[0].prefix, "春运首日铁路客流创新高\n据铁路部门介绍，");

        assert_eq!(third.document.stored_kinds(), "p", "one line is no title");
        assert_eq!(quotes(third), [("暴雨袭击南方多省", Tag::Event), ("“请市民减少外出。”", Tag::Quote)]);
        assert_eq!(
            read.problems,
            [
                "1 span with a label other than quote, statistic and event was skipped: PERSON (1) (line 3).",
                "2 spans overlap another (line 2); doccano drops such spans, Tagmark keeps them all.",
            ]
        );
    }

    #[test]
    fn a_malformed_line_is_skipped_and_named() {
        let read = read_corpus("news.jsonl", BAD_LINE.as_bytes()).unwrap().unwrap();
        assert_eq!(read.documents.len(), 3);
        assert_eq!(read.problems, ["Line 3 is not JSON (column 43); it was skipped."]);
        let all: Vec<&str> = read.documents.iter().flat_map(|d| d.annotations.iter().map(|a| a.quote.as_str())).collect();
        assert_eq!(all, ["680万辆", "市场仍有较大增长空间", "推动充电设施建设"]);
        assert_eq!(read.documents[2].annotations[0].id, "doccano-4-8-16-event", "ids count the bad line");
        // Without the .jsonl name, several lines are still JSONL.
        assert_eq!(read_corpus("news.txt", BAD_LINE.as_bytes()).unwrap().unwrap().documents.len(), 3);
    }

    #[test]
    fn a_line_nested_too_deeply_is_named_as_such() {
        let deep = format!("{{\"text\": \"正文\", \"label\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let file = format!("{{\"text\": \"第一条\"}}\n{deep}\n");
        let read = read_corpus("d.jsonl", file.as_bytes()).unwrap().unwrap();
        assert_eq!(read.problems, ["Line 2's JSON is nested too deeply (more than 128 levels); it was skipped."]);
    }

    #[test]
    fn lines_with_the_same_text_make_one_document_and_identical_spans_merge() {
        let line = "{\"text\": \"暴雨袭击南方多省。\", \"label\": [[0, 2, \"event\"]]}\n";
        // The same text once laid out: its spaces go, its span moves with them.
        let spaced = "{\"text\": \"  暴雨袭击南方多省。\", \"label\": [[2, 4, \"event\"], [4, 8, \"quote\"]]}\n";
        let file = format!("{line}{line}{{\"text\": \"另一条\"}}\n{spaced}");
        let read = read_corpus("d.jsonl", file.as_bytes()).unwrap().unwrap();
        assert_eq!(read.documents.len(), 2);
        assert_eq!(quotes(&read.documents[0]), [("暴雨", Tag::Event), ("袭击南方", Tag::Quote)]);
        assert_eq!(read.documents[0].annotations[0].id, "doccano-1-0-2-event", "the first line's is kept");
        assert_eq!(
            read.problems,
            [
                "Lines 2 and 4 repeat the text of an earlier line: each text makes one document, with the annotations of all its lines.",
                "2 duplicate annotations (same text, range and label) were merged.",
            ]
        );
        let three = read_corpus("e.jsonl", line.repeat(3).as_bytes()).unwrap().unwrap();
        assert_eq!((three.documents.len(), three.documents[0].annotations.len()), (1, 1));
    }

    #[test]
    fn a_flood_of_problems_is_listed_in_part_and_counted_by_kind() {
        let mut labels: Vec<String> = (0..100_000).map(|i| format!("[{}, {}, \"event\"]", 10 + i, 11 + i)).collect();
        labels.push("[0, 1, \"PERSON\"]".into());
        let file = format!("{{\"text\": \"甲乙丙\", \"label\": [{}]}}\n{{oops\n", labels.join(", "));
        let read = read_corpus("flood.jsonl", file.as_bytes()).unwrap().unwrap();
        assert_eq!(read.problems.len(), 102, "100 listed, one line counting the rest, one summary");
        assert_eq!(read.problems[0], "Line 2 is not JSON (column 2); it was skipped.");
        assert_eq!(read.problems[1], "Line 1: the event span at 10–11 ends past the end of the text (3 characters); it was skipped.");
        assert_eq!(read.problems[100], "… and 99,901 more: 99,901 spans past the end of their text.");
        assert!(read.problems[101].contains("PERSON (1)"), "{}", read.problems[101]);
    }

    #[test]
    fn thousands_of_different_unknown_labels_are_named_in_part() {
        let labels: Vec<String> = (0..5_000).map(|i| format!("[0, 1, \"L{i:04}\"]")).collect();
        let file = format!("{{\"text\": \"甲乙丙\", \"label\": [{}, [0, 1, \"L0001\"]]}}", labels.join(", "));
        let read = read_corpus("labels.jsonl", file.as_bytes()).unwrap().unwrap();
        assert_eq!(
            read.problems,
            ["5,001 spans with labels other than quote, statistic and event were skipped: L0001 (2), L0000 (1), L0002 (1), \
              L0003 (1), L0004 (1), L0005 (1), L0006 (1), L0007 (1), L0008 (1), L0009 (1) and 4,990 other labels (line 1)."]
        );
    }

    #[test]
    fn a_file_of_only_bad_lines_is_refused() {
        let error = read_corpus("x.jsonl", b"{oops\n[1, 2]\n{\"label\": []}\n").unwrap_err();
        assert_eq!(error, CorpusError::NothingRead { what: "line", count: 3, first: "Line 1 is not JSON (column 2); it was skipped.".into() });
        assert_eq!(error.to_string(), "None of this file's 3 lines could be read. Line 1 is not JSON (column 2); it was skipped.");
        assert_eq!(read_corpus("x.jsonl", b"\n\n").unwrap_err().to_string(), "This file has no lines to read.");
    }

    #[test]
    fn spans_drawn_in_utf16_units_are_offered_that_way() {
        let read = read_corpus("u.jsonl", UTF16.as_bytes()).unwrap().unwrap();
        assert_eq!(read.problems, ["Line 1: the quote span at 40–47 ends past the end of the text (44 characters); it was skipped."]);
        assert_eq!(quotes(&read.documents[0]), [("店今日开业，首日", Tag::Event), ("0人次。店长", Tag::Statistic)]);
        let other = read.utf16.expect("a UTF-16 reading");
        assert!(other.only_utf16_fits);
        assert!(other.problems.is_empty(), "{:?}", other.problems);
        assert_eq!(
            quotes(&other.documents[0]),
            [("首家门店今日开业", Tag::Event), ("3000人次", Tag::Statistic), ("“欢迎品尝。”", Tag::Quote)]
        );
        assert_eq!(other.examples[0], ("店今日开业，首日".to_string(), "首家门店今日开业".to_string()));
        assert_eq!(other.examples[2].0, "品尝。”", "clamped to the text");
        assert_eq!(other.documents[0].annotations[0].id, "doccano-1-14-22-event");
    }

    #[test]
    fn utf16_is_offered_only_when_the_readings_differ() {
        // The astral characters come after every span: both readings agree.
        let after = "{\"text\": \"今日开业，顾客很多。𠮷😀\", \"label\": [[0, 4, \"event\"]]}\n{\"text\": \"第二条\"}";
        assert!(read_corpus("a.jsonl", after.as_bytes()).unwrap().unwrap().utf16.is_none());
        // Before the span, both readings fit: offered, but not as the only fit.
        let before = "{\"text\": \"𠮷野家今日开业，顾客很多。\", \"label\": [[3, 7, \"event\"]]}";
        let read = read_corpus("b.jsonl", before.as_bytes()).unwrap().unwrap();
        assert_eq!(quotes(&read.documents[0]), [("今日开业", Tag::Event)]);
        let other = read.utf16.expect("offered");
        assert!(!other.only_utf16_fits);
        assert_eq!(quotes(&other.documents[0]), [("家今日开", Tag::Event)]);
        // Code points on whole emoji, UTF-16 splitting them: not offered.
        let split = "{\"text\": \"👍🏽很好👍🏽\", \"label\": [[2, 4, \"quote\"]]}";
        assert!(read_corpus("c.jsonl", split.as_bytes()).unwrap().unwrap().utf16.is_none());
    }

    #[test]
    fn label_styles_and_malformed_labels() {
        let file = "{\"text\": \"甲乙丙丁\", \"name\": \"名字\", \"labels\": [[0, 1, \"Quote\"], [\"event\"], [1, -2, \"event\"]], \
                    \"entities\": [{\"start_offset\": 2, \"end_offset\": 3, \"label\": \"EVENT\"}]}\n\
                    {\"text\": \"戊己\", \"label\": [[0, 1, \"quote\"], [0, 1, \"quote\"], [1, 1, \"event\"]]}";
        let read = read_corpus("s.jsonl", file.as_bytes()).unwrap().unwrap();
        assert_eq!(read.documents[0].title, "名字");
        assert_eq!(quotes(&read.documents[0]), [("甲", Tag::Quote), ("丙", Tag::Event)]);
        assert_eq!(
            read.problems,
            [
                "Line 1: 2 labels are not [start, end, label] with whole-number offsets; skipped.",
                "Line 2: the event span at 1–1 does not start before it ends; it was skipped.",
                "1 span repeated another with the same offsets and label (line 2) and was read once.",
            ]
        );
    }
}
