//! Re-anchoring: finding where an annotation's text now is, when the text
//! has changed since the annotation was made. Precision comes first: an
//! annotation is placed only where the evidence points to one passage, and
//! is otherwise left unplaced for the reader — never put on the wrong text.
//!
//! In order: the old position, if it still holds the quote and its context
//! agrees; then exact occurrences of the quote, chosen by context; then
//! approximate matches (at most a quarter of the quote edited, comparing
//! full-width and half-width forms as equal), which also need agreeing
//! context and a clear winner.

use crate::core::document::Document;

/// What is known about an annotation's passage.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// The text it covered.
    pub quote: &'a str,
    /// Text before it, as recorded (may be empty).
    pub prefix: &'a str,
    /// Text after it, as recorded (may be empty).
    pub suffix: &'a str,
    /// Its old first code point.
    pub start: usize,
    /// Its old end.
    pub end: usize,
}

/// How an annotation was placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Where it was.
    Kept,
    /// On the same quote elsewhere.
    Moved,
    /// On a slightly different version of the quote.
    Approximate,
}

/// Characters of agreeing context needed to trust a match away from the old position.
const CONTEXT_MIN: usize = 3;
/// Quotes at least this long are distinctive enough to need no context when unique.
const DISTINCTIVE: usize = 10;
/// Shortest quote matched approximately.
const FUZZY_MIN: usize = 4;

/// Where `target` is in `doc` now, and how it was found; `None` when the
/// evidence does not single out one passage.
pub fn locate(doc: &Document, target: &Target) -> Option<(usize, usize, How)> {
    let quote: Vec<char> = target.quote.chars().collect();
    if quote.is_empty() {
        return None;
    }
    let prefix: Vec<char> = target.prefix.chars().collect();
    let suffix: Vec<char> = target.suffix.chars().collect();
    // Only the text next to a candidate is read, as far as its context agrees.
    let context = |s: usize, e: usize| context_agreement(doc.slice(0, s), doc.slice(e.max(s), doc.len()), &prefix, &suffix);
    // Near the document's edges less context was recorded; all of it must agree then.
    let enough = CONTEXT_MIN.min(prefix.len() + suffix.len()).max(1);
    let (start, end) = (target.start, target.end);
    let still_there = start < end && end <= doc.len() && doc.slice(start, end) == target.quote;
    if still_there {
        // Agreeing context at the old place settles it, even if a copy
        // elsewhere (a duplicated sentence) agrees as well or better.
        let agreement = context(start, end);
        // All the context there was agrees (none, for a quote spanning the whole text).
        if agreement >= enough || agreement == prefix.len() + suffix.len() {
            return Some((start, end, How::Kept));
        }
    }
    let exact = doc.occurrences(target.quote);
    if still_there && exact.len() == 1 && quote.len() >= DISTINCTIVE {
        return Some((start, end, How::Kept));
    }
    if !exact.is_empty() {
        let (s, score) = best_by_context(&exact, quote.len(), context)?;
        let unique_and_distinctive = exact.len() == 1 && quote.len() >= DISTINCTIVE;
        return (score >= enough || unique_and_distinctive).then_some((s, s + quote.len(), How::Moved));
    }
    if quote.len() < FUZZY_MIN {
        return None;
    }
    // Alignment indexes the text by code point; only this last resort pays for them.
    let chars: Vec<char> = doc.text().chars().collect();
    let candidates = fuzzy_candidates(&chars, &quote);
    let mut scored: Vec<((usize, usize), usize, usize)> =
        candidates.into_iter().map(|(s, e, d)| ((s, e), d, context(s, e))).filter(|c| c.2 >= enough).collect();
    // Fewer edits first, then more context.
    crate::core::sort::by(&mut scored, |a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
    let (best, distance, agreement) = *scored.first()?;
    let rival = scored.iter().skip(1).find(|c| !overlaps(c.0, best));
    if rival.is_some_and(|r| r.1 == distance && r.2 >= agreement) {
        return None;
    }
    Some((best.0, best.1, How::Approximate))
}

/// True when `found` is `quote` or within the edits an approximate match
/// allows (a quarter of the quote, full- and half-width forms equal).
pub fn is_close(quote: &str, found: &str) -> bool {
    let quote: Vec<char> = quote.chars().map(fold).collect();
    let found: Vec<char> = found.chars().map(fold).collect();
    quote == found || (quote.len() >= FUZZY_MIN && edit_distance(&quote, &found) <= quote.len() / 4)
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The start (of a quote `len` long) with the most agreeing context and
/// that score, if it beats every other start.
fn best_by_context(starts: &[usize], len: usize, context: impl Fn(usize, usize) -> usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut second: Option<usize> = None;
    for &s in starts {
        let score = context(s, s + len);
        match best {
            Some((_, top)) if score <= top => second = Some(second.map_or(score, |x| x.max(score))),
            _ => {
                second = best.map(|(_, top)| top).max(second);
                best = Some((s, score));
            }
        }
    }
    best.filter(|&(_, top)| second.is_none_or(|s| top > s))
}

/// How many characters of recorded context agree with the text around a
/// candidate (`before` and `after` it): the end of the prefix against the end
/// of `before` plus the start of the suffix against the start of `after`,
/// comparing full- and half-width forms as equal.
fn context_agreement(before: &str, after: &str, prefix: &[char], suffix: &[char]) -> usize {
    let before = prefix.iter().rev().zip(before.chars().rev()).take_while(|(a, b)| fold(**a) == fold(*b)).count();
    let after = suffix.iter().zip(after.chars()).take_while(|(a, b)| fold(**a) == fold(*b)).count();
    before + after
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Full-width ASCII forms and the ideographic space compare as their
/// half-width forms: the same text typed on another keyboard.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Passages within a quarter of the quote's length in edits of it, seeded
/// where the text shares the quote's first or last two characters.
fn fuzzy_candidates(chars: &[char], quote: &[char]) -> Vec<(usize, usize, usize)> {
    let n = quote.len();
    let budget = n / 4;
    let folded: Vec<char> = quote.iter().map(|&c| fold(c)).collect();
    let head = &folded[..2];
    let tail = &folded[n - 2..];
    let mut windows = Vec::new();
    for i in 0..chars.len().saturating_sub(1) {
        let pair = [fold(chars[i]), fold(chars[i + 1])];
        if pair == head {
            windows.push((i.saturating_sub(budget), (i + n + budget).min(chars.len())));
        }
        if pair == tail {
            windows.push(((i + 2).saturating_sub(n + budget), (i + 2 + budget).min(chars.len())));
        }
    }
    crate::core::sort::ascending(&mut windows);
    windows.dedup();
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (from, to) in windows {
        if let Some((s, e, d)) = best_alignment(&folded, &chars[from..to]) {
            let hit = (from + s, from + e, d);
            if d <= budget && !found.iter().any(|f| (f.0, f.1) == (hit.0, hit.1)) {
                found.push(hit);
            }
        }
    }
    found
}

/// The substring of `window` closest to `pattern` by edit distance
/// (semi-global alignment): its start, end and distance.
fn best_alignment(pattern: &[char], window: &[char]) -> Option<(usize, usize, usize)> {
    let (m, w) = (pattern.len(), window.len());
    // cost[j], origin[j]: best cost of aligning pattern[..i] ending at window[..j], and where it began.
    let mut cost: Vec<usize> = vec![0; w + 1];
    let mut origin: Vec<usize> = (0..=w).collect();
    for i in 1..=m {
        let mut next_cost = vec![i; w + 1];
        let mut next_origin = vec![0; w + 1];
        for j in 1..=w {
            let same = pattern[i - 1] == fold(window[j - 1]);
            let options = [
                (cost[j - 1] + usize::from(!same), origin[j - 1]),
                (cost[j] + 1, origin[j]),
                (next_cost[j - 1] + 1, next_origin[j - 1]),
            ];
            let (c, o) = options.into_iter().min_by_key(|&(c, _)| c).unwrap_or((usize::MAX, 0));
            next_cost[j] = c;
            next_origin[j] = o;
        }
        cost = next_cost;
        origin = next_origin;
    }
    (1..=w).map(|j| (origin[j], j, cost[j])).filter(|&(s, e, _)| s < e).min_by_key(|&(s, e, c)| (c, e - s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::ARTICLE;

    fn target<'a>(quote: &'a str, prefix: &'a str, suffix: &'a str, start: usize) -> Target<'a> {
        Target { quote, prefix, suffix, start, end: start + quote.chars().count() }
    }

    #[test]
    fn keeps_a_quote_that_is_still_where_it_was() {
        let doc = Document::parse("标题\n\n甲说好。乙说好。").unwrap();
        assert_eq!(locate(&doc, &target("好", "乙说", "。", 9)), Some((9, 10, How::Kept)));
    }

    #[test]
    fn moves_to_the_occurrence_the_context_points_at() {
        let doc = Document::parse("标题\n\n插入。甲说好。乙说好。").unwrap();
        assert_eq!(locate(&doc, &target("好", "乙说", "。", 9)), Some((12, 13, How::Moved)));
    }

    #[test]
    fn a_short_quote_without_agreeing_context_stays_unplaced() {
        let doc = Document::parse("标题\n\n好人好事。").unwrap();
        assert_eq!(locate(&doc, &target("好事", "完全无关的上文", "完全无关的下文", 0)), None);
    }

    #[test]
    fn matches_approximately_across_full_and_half_width_and_small_edits() {
        let doc = Document::parse("标题\n\n会议于2017年12月1日,在北京开幕。").unwrap();
        let t = target("2017年12月1日，在北京", "会议于", "开幕。", 3);
        let (s, e, how) = locate(&doc, &t).unwrap();
        assert_eq!(how, How::Approximate);
        assert_eq!(doc.slice(s, e), "2017年12月1日,在北京");
        let widths = Document::parse("标题\n\n会议于２０１７年12月1日，在北京开幕。").unwrap();
        let (s, e, _) = locate(&widths, &t).unwrap();
        assert_eq!(widths.slice(s, e), "２０１７年12月1日，在北京");
    }

    #[test]
    fn too_many_edits_or_no_context_means_unplaced() {
        let doc = Document::parse("标题\n\n会议于去年冬天在上海开幕。").unwrap();
        assert_eq!(locate(&doc, &target("2017年12月1日在北京", "会议于", "开幕。", 3)), None);
        let doc = Document::parse("标题\n\n他说2017年12月1日,在北京。").unwrap();
        assert_eq!(locate(&doc, &target("2017年12月1日，在北京", "完全无关", "完全无关", 3)), None);
    }

    #[test]
    fn close_means_within_a_quarter() {
        assert!(is_close("2017年12月1日", "２０１７年12月1日"));
        assert!(is_close("一二三四五六七八", "一二三四五六七九"));
        assert!(!is_close("一二三四", "一二五六"));
        assert!(!is_close("好", "坏"));
    }

    /// One edit of the canonical text: replace `remove` code points at `at` with `insert`.
    struct Edit {
        at: usize,
        remove: usize,
        insert: String,
    }

    /// Applies edits (sorted, not overlapping) and maps an old range to the new
    /// text: `None` when an edit removed part of it; edits of the same length
    /// inside it (punctuation, width) keep it.
    fn apply(chars: &[char], edits: &[Edit], range: (usize, usize)) -> (String, Option<(usize, usize)>) {
        let mut out = String::new();
        let mut at = 0;
        let mut shift: isize = 0;
        let mut mapped = Some(range);
        for edit in edits {
            out.extend(&chars[at..edit.at]);
            out.push_str(&edit.insert);
            let inserted = edit.insert.chars().count();
            let (s, e) = range;
            let edit_end = edit.at + edit.remove;
            if edit_end <= s {
                shift += inserted as isize - edit.remove as isize;
            } else if edit.at >= e {
                // after the range: no effect
            } else if edit.remove == inserted && edit.at >= s && edit_end <= e {
                // same-length change inside: the passage is still there
            } else {
                mapped = None;
            }
            at = edit_end;
        }
        out.extend(&chars[at..]);
        let mapped = mapped.map(|(s, e)| ((s as isize + shift) as usize, (e as isize + shift) as usize));
        (out, mapped)
    }

    /// Annotations the corpus places: phrases of 2 to 13 characters spread over
    /// every block, as readers pick them.
    fn corpus_annotations(doc: &Document) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        for (i, block) in doc.blocks().iter().enumerate() {
            let len = block.end - block.start;
            for (k, share) in [0.15, 0.55, 0.85].into_iter().enumerate() {
                let size = 2 + (i * 7 + k * 3) % 12;
                let start = block.start + (len as f64 * share) as usize;
                if start + size <= block.end {
                    ranges.push((start, start + size));
                }
            }
        }
        ranges
    }

    fn position_of(chars: &[char], needle: &str) -> usize {
        let needle: Vec<char> = needle.chars().collect();
        (0..chars.len()).find(|&i| chars[i..].starts_with(&needle)).expect("needle in the article")
    }

    /// The edits the corpus tries, each a realistic revision of the article.
    fn revisions(chars: &[char]) -> Vec<(&'static str, Vec<Edit>)> {
        let body = position_of(chars, "(一) 青山着意化为桥");
        let middle = position_of(chars, "一个小小的细节");
        let dup_start = position_of(chars, "真挚的祝福");
        let dup_end = dup_start + "真挚的祝福，让人想起两人五年前首次会面的情景。".chars().count();
        let deleted = position_of(chars, "在事关国家间关系走向的关键时刻");
        let deleted_end = (deleted..chars.len()).find(|&i| chars[i] == '\n').unwrap() + 1;
        let commas: Vec<Edit> = (0..chars.len())
            .filter(|&i| chars[i] == '，' && i % 3 == 0)
            .map(|i| Edit { at: i, remove: 1, insert: ",".into() })
            .collect();
        let digits: Vec<Edit> = (0..chars.len())
            .filter(|&i| chars[i].is_ascii_digit() && i % 2 == 0)
            .map(|i| Edit { at: i, remove: 1, insert: char::from_u32(chars[i] as u32 + 0xFEE0).unwrap().to_string() })
            .collect();
        let duplicate: String = chars[dup_start..dup_end].iter().collect();
        vec![
            ("insertion before the body", vec![Edit { at: body, remove: 0, insert: "【编者按】本文首发于二〇二〇年。\n".into() }]),
            ("insertion mid-paragraph", vec![Edit { at: middle, remove: 0, insert: "据悉，".into() }]),
            ("insertion at the end", vec![Edit { at: chars.len(), remove: 0, insert: "\n(完)".into() }]),
            ("a third of full-width commas made half-width", commas),
            ("half of the digits made full-width", digits),
            ("a duplicated sentence", vec![Edit { at: dup_end, remove: 0, insert: duplicate }]),
            ("a deleted paragraph", vec![Edit { at: deleted, remove: deleted_end - deleted, insert: String::new() }]),
        ]
    }

    /// The re-anchoring corpus: every corpus annotation through every revision.
    /// Prints precision and recall; fails on any annotation placed on wrong
    /// text or a recall under 95 %. Run: `cargo test --lib anchoring_corpus -- --nocapture`.
    #[test]
    fn anchoring_corpus() {
        let original = Document::parse(ARTICLE).unwrap();
        let chars: &[char] = &original.text().chars().collect::<Vec<char>>();
        let annotations = corpus_annotations(&original);
        let (mut placed_right, mut placed_wrong, mut expected_placeable, mut unplaced_ok, mut total) = (0, 0, 0, 0, 0);
        let mut by_how = std::collections::BTreeMap::new();
        for (name, edits) in revisions(chars) {
            let mut wrong_here = Vec::new();
            for &(s, e) in &annotations {
                let (text, expected) = apply(chars, &edits, (s, e));
                let revised = Document::parse(&text).unwrap();
                assert_eq!(revised.text(), text, "revision `{name}` keeps its text canonical");
                let quote = original.slice(s, e);
                let prefix = original.slice(s.saturating_sub(32), s);
                let suffix = original.slice(e, e + 32);
                let got = locate(&revised, &Target { quote, prefix, suffix, start: s, end: e });
                total += 1;
                match (got, expected) {
                    (Some((gs, ge, how)), Some((xs, xe))) if (gs, ge) == (xs, xe) => {
                        placed_right += 1;
                        *by_how.entry(format!("{how:?}")).or_insert(0) += 1;
                    }
                    (Some((gs, ge, _)), _) => {
                        placed_wrong += 1;
                        wrong_here.push(format!("{quote:?} → {:?} (expected {expected:?})", revised.slice(gs, ge)));
                    }
                    (None, None) => unplaced_ok += 1,
                    (None, Some(_)) => {}
                }
                if expected.is_some() {
                    expected_placeable += 1;
                }
            }
            assert!(wrong_here.is_empty(), "revision `{name}` misplaced: {wrong_here:#?}");
        }
        let placed = placed_right + placed_wrong;
        let precision = if placed == 0 { 1.0 } else { placed_right as f64 / placed as f64 };
        let recall = placed_right as f64 / expected_placeable as f64;
        println!(
            "anchoring corpus: {total} cases, {expected_placeable} placeable; placed {placed_right} right, \
             {placed_wrong} wrong; {unplaced_ok} correctly left unplaced; precision {:.3}, recall {:.3}; right by {by_how:?}",
            precision, recall
        );
        assert!(by_how.get("Approximate").is_some_and(|&n| n > 0), "the corpus exercises approximate matching");
        assert!(by_how.get("Moved").is_some_and(|&n| n > 0), "the corpus exercises relocation");
        assert_eq!(placed_wrong, 0);
        assert!(recall >= 0.95, "recall {recall:.3}");
    }
}
