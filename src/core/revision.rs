//! A revised text: carrying a document's annotations over to its new
//! version, re-anchored by [`crate::core::anchor`], with the tally the
//! reader is shown (kept, moved, approximate, unplaced).

use crate::core::anchor::{locate, How, Target};
use crate::core::annotation::{document_order, Annotation};
use crate::core::document::Document;
use crate::core::formats::tagmark::CONTEXT_CHARS;
use crate::core::incoming::Incoming;

/// The annotations of an old version, placed on the new one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CarriedOver {
    /// Placed on the new text, in document order (ids, notes and times kept).
    pub placed: Vec<Annotation>,
    /// Whose text the new version no longer singles out: listed for the
    /// reader to place by hand, never dropped.
    pub unplaced: Vec<Incoming>,
    /// Still where they were.
    pub kept: usize,
    /// On the same quote somewhere else.
    pub moved: usize,
    /// On a slightly edited quote.
    pub approximate: usize,
}

/// Re-anchors `annotations` (made on `old`) onto `new`.
pub fn carry_over(old: &Document, annotations: &[Annotation], new: &Document) -> CarriedOver {
    let mut result = CarriedOver::default();
    for a in annotations {
        let quote = old.slice(a.start, a.end);
        let prefix = old.slice(a.start.saturating_sub(CONTEXT_CHARS), a.start);
        let suffix = old.slice(a.end, a.end + CONTEXT_CHARS);
        let target = Target { quote, prefix, suffix, start: a.start, end: a.end };
        match locate(new, &target) {
            Some((start, end, how)) => {
                match how {
                    How::Kept => result.kept += 1,
                    How::Moved => result.moved += 1,
                    How::Approximate => result.approximate += 1,
                }
                result.placed.push(Annotation { start, end, ..a.clone() });
            }
            None => result.unplaced.push(Incoming {
                id: a.id.clone(),
                tag: a.tag,
                quote: quote.into(),
                start: a.start,
                end: a.end,
                prefix: prefix.into(),
                source: a.source.clone(),
                suffix: suffix.into(),
                created: a.created.clone(),
                modified: a.modified.clone(),
                note: a.note.clone(),
            }),
        }
    }
    crate::core::sort::by(&mut result.placed, |a, b| document_order(a).cmp(&document_order(b)));
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotation::Tag;

    fn doc(text: &str) -> Document {
        Document::parse(text).unwrap()
    }

    fn at(doc: &Document, id: &str, tag: Tag, phrase: &str) -> Annotation {
        let byte = doc.text().find(phrase).unwrap();
        let start = doc.text()[..byte].chars().count();
        Annotation::new(id, tag, start, start + phrase.chars().count(), "2026-12-01T00:00:00.000Z")
    }

    #[test]
    fn each_annotation_is_kept_moved_approximate_or_unplaced_and_none_is_lost() {
        let old = doc("标题\n\n第一段说𠮷，会议于2026年5月召开。\n\n第二段：“我们会继续努力。”他说。\n\n第三段有160多个国家参加。\n\n第五段删除了😀。");
        let new = doc("标题\n\n第一段说𠮷，会议于2026年5月召开。\n\n编者按：新加的一段。\n\n第二段：“我们会继续努力！”他说。\n\n第三段有160多个国家参加。");
        let list = vec![
            at(&old, "title", Tag::Event, "标题"),
            at(&old, "date", Tag::Event, "2026年5月"),
            at(&old, "quote", Tag::Quote, "“我们会继续努力。”"),
            at(&old, "stat", Tag::Statistic, "160多个国家"),
            at(&old, "gone", Tag::Statistic, "第五段删除了😀"),
        ];
        let carried = carry_over(&old, &list, &new);
        assert_eq!((carried.kept, carried.moved, carried.approximate), (2, 1, 1));
        assert_eq!(carried.unplaced.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(), ["gone"]);
        assert_eq!(carried.unplaced[0].quote, "第五段删除了😀");
        assert_eq!(carried.placed.len() + carried.unplaced.len(), list.len());
        let date = carried.placed.iter().find(|a| a.id == "date").unwrap();
        assert_eq!(new.slice(date.start, date.end), "2026年5月");
        let quote = carried.placed.iter().find(|a| a.id == "quote").unwrap();
        assert_eq!(new.slice(quote.start, quote.end), "“我们会继续努力！”");
    }
}
