//! statistic: a numeral with what it counts or measures, approximation
//! words and the counted noun phrase included; ordinals, names, dates and
//! fixed expressions left out.

use super::event::date_at;
use super::statistic_words::{is_stop, noun_final, Kind, EN_UNITS, JOINERS, NOUN_MAX, STOP_WORDS, UNITS};
use super::{found, is_han, starts_with, starts_with_any};
use crate::core::annotation::Tag;
use crate::core::suggest::Found;

/// Approximation words before the numeral, longer first.
const APPROX_BEFORE: &[&str] = &["超过", "多达", "将近", "大约", "接近", "约", "近", "逾", "超"];

/// Approximation words after the unit (三年多, 100人左右).
const APPROX_AFTER: &[&str] = &["左右", "以上", "之多", "多", "余"];

/// Counted nouns up to this length are taken whole; longer ones are cut at a noun-final character.
const SHORT_NOUN: usize = 4;

/// Every statistic in `text`.
pub(super) fn find(text: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if !starts_numeral(text, i) {
            i += 1;
            continue;
        }
        if let Some(end) = date_at(text, i) {
            i = end;
            continue;
        }
        match statistic_at(text, i) {
            Some((start, end, rule, score)) => {
                out.push(found(start, end, Tag::Statistic, rule, score));
                i = end;
            }
            None => i = skip_numeral(text, i),
        }
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_cn_digit(c: char) -> bool {
    matches!(c, '零' | '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '两' | '几')
}

fn is_cn_magnitude(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿')
}

fn is_numeral_char(c: char) -> bool {
    is_digit(c) || is_cn_digit(c) || is_cn_magnitude(c)
}

/// Whether a numeral starts at `i` (not in the middle of one, nor of a
/// Latin name like G20).
fn starts_numeral(text: &[char], i: usize) -> bool {
    let c = text[i];
    let prev = i.checked_sub(1).map(|p| text[p]);
    if prev.is_some_and(|p| is_numeral_char(p) || p.is_ascii_alphabetic() || p == '-' || p == '.' || p == '第') {
        return false;
    }
    if starts_with(text, i, "百分之") {
        return true;
    }
    let next = text.get(i + 1).copied();
    match c {
        _ if is_digit(c) => true,
        // 百/千/万 open a numeral only after 上 or 数 (上百个, 数千名), never alone (千家万户, 万一)
        '百' | '千' | '万' => prev.is_some_and(|p| matches!(p, '上' | '数')),
        '数' | '几' => next.is_some_and(|n| matches!(n, '十' | '百' | '千' | '万')),
        '半' => unit_at(text, i + 1, false).is_some_and(|(_, kind)| kind == Kind::Span),
        '零' | '〇' | '亿' => false,
        _ => is_cn_digit(c) && !prev.is_some_and(|p| matches!(p, '周' | '初' | '星' | '期' | '礼' | '拜' | '之' | '统' | '唯')),
    }
}

fn skip_numeral(text: &[char], i: usize) -> usize {
    let mut j = i + 1;
    while j < text.len() && is_numeral_char(text[j]) {
        j += 1;
    }
    j
}

/// The end of the numeral starting at `i`, and whether it is written in Arabic digits.
fn numeral_end(text: &[char], i: usize) -> (usize, bool) {
    let mut j = i;
    if is_digit(text[i]) {
        while j < text.len() {
            let c = text[j];
            let sep = matches!(c, ',' | '.' | '，' | '．') && c != '，';
            if is_digit(c) || (sep && j > i && text.get(j + 1).is_some_and(|&n| is_digit(n))) {
                j += 1;
            } else {
                break;
            }
        }
        // 千/百 only as part of a magnitude (3千万); alone they start units (千瓦, 千米)
        while j < text.len()
            && (matches!(text[j], '万' | '亿')
                || (matches!(text[j], '千' | '百') && text.get(j + 1).is_some_and(|&c| matches!(c, '万' | '亿'))))
        {
            j += 1;
        }
        return (j, true);
    }
    if text[j] == '数' {
        j += 1;
    }
    while j < text.len() && (is_cn_digit(text[j]) || is_cn_magnitude(text[j])) {
        j += 1;
    }
    (j, false)
}

/// A statistic whose numeral starts at `i`: (start, end, rule, score).
fn statistic_at(text: &[char], i: usize) -> Option<(usize, usize, &'static str, f32)> {
    let start = approx_before(text, i);
    if starts_with(text, i, "百分之") {
        if i + 3 >= text.len() || !is_numeral_char(text[i + 3]) {
            return None;
        }
        let (end, _) = numeral_end(text, i + 3);
        return (end > i + 3).then_some((start, end, "statistic.percent", 0.85));
    }
    if text[i] == '半' {
        let (unit, _) = unit_at(text, i + 1, false)?;
        return Some((start, i + 1 + unit.chars().count(), "statistic.span", 0.7));
    }
    let (num_end, arabic) = numeral_end(text, i);
    let numeral: String = text[i..num_end].iter().collect();
    if numeral == "一" {
        // 一半 and (增长)一倍 measure; any other lone 一 is an article
        // (一个重要的…) or part of a fixed expression
        if text.get(i + 1) == Some(&'倍') {
            let end = i + 2 + usize::from(text.get(i + 2) == Some(&'多'));
            return Some((start, end, "statistic.count", 0.7));
        }
        return starts_with(text, i + 1, "半").then(|| {
            let end = i + 2 + starts_with_any(text, i + 2, &["以上", "以下"]).map_or(0, |w| w.chars().count());
            (start, end, "statistic.percent", 0.7)
        });
    }
    if arabic && text.get(num_end) == Some(&' ') {
        return english(text, start, num_end);
    }
    let mut j = num_end;
    if j < text.len() && matches!(text[j], '多' | '余' | '来') && text.get(j + 1).is_some_and(|&c| unit_at(text, j + 1, arabic).is_some() || c == '万' || c == '亿') {
        j += 1;
        while j < text.len() && matches!(text[j], '万' | '亿') {
            j += 1;
        }
    }
    let has_magnitude = numeral.contains(['万', '亿']);
    let Some((unit, kind)) = unit_at(text, j, arabic) else {
        // 5亿 / 14亿 on their own still measure something
        return (arabic && has_magnitude).then_some((start, j, "statistic.count", 0.6));
    };
    if kind == Kind::Percent && unit == "成" && (arabic || numeral.chars().count() > 1) {
        return None;
    }
    let (unit, kind) = match (unit, text.get(j + 1)) {
        // 两个多小时, 三个半月: the approximation sits inside the unit
        ("个", Some('多' | '余' | '半')) => match unit_at(text, j + 2, arabic) {
            Some((u, Kind::Span)) if !u.starts_with('个') => {
                j += 2;
                (u, Kind::Span)
            }
            _ => (unit, kind),
        },
        _ => (unit, kind),
    };
    if unit == "人" && !arabic && numeral.chars().count() == 1 {
        return None; // 两人, 三人: the people already named, not a count
    }
    let mut end = j + unit.chars().count();
    if text.get(end).is_some_and(|&c| unit.ends_with(c)) && unit.chars().count() == 1 {
        return None; // 一个个, 一次次: reduplication describes, it does not count
    }
    if kind == Kind::Span && (starts_with_any(text, end, &["前", "后", "以前", "以后", "之前", "之后", "代", "级"]).is_some()) {
        return None; // 五年前 places in time, 80年代 names a decade, 三年级 ranks
    }
    if let Some(a) = starts_with_any(text, end, APPROX_AFTER) {
        if !(a == "多" || a == "余") || !text.get(end + 1).is_some_and(|&c| is_han(c) && !is_stop(c)) || kind != Kind::Nominal {
            end += a.chars().count();
        }
    }
    if kind == Kind::Money && starts_with(text, end, "人民币") {
        end += 3;
    }
    if unit == "届" && text.get(end).is_some_and(|&c| is_numeral_char(c) || matches!(c, '中' | '全')) {
        return None; // 十一届三中全会 names a session
    }
    let mut score = if arabic { 0.9 } else { 0.8 };
    if kind == Kind::Nominal {
        if text.get(end).is_some_and(|&c| is_numeral_char(c)) {
            return None; // 两个一百年, 三个代表: a slogan's name
        }
        let noun_end = counted_noun(text, end);
        if noun_end == end {
            // the counted noun was named before (城市十余个): weaker, but still a count
            score -= 0.2;
        }
        end = noun_end;
    }
    let rule = match kind {
        Kind::Percent => "statistic.percent",
        Kind::Money => "statistic.money",
        Kind::Span => "statistic.span",
        Kind::Nominal | Kind::Measure => "statistic.count",
    };
    Some((start, end, rule, score))
}

/// Where the statistic starts once an approximation word before the numeral is included.
fn approx_before(text: &[char], i: usize) -> usize {
    for a in APPROX_BEFORE {
        let n = a.chars().count();
        if i >= n && starts_with(text, i - n, a) {
            return i - n;
        }
    }
    if i > 0 && text[i - 1] == '上' && matches!(text[i], '百' | '千' | '万') {
        return i - 1;
    }
    i
}

/// The unit at `j`, if any.
fn unit_at(text: &[char], j: usize, arabic: bool) -> Option<(&'static str, Kind)> {
    UNITS
        .iter()
        .copied()
        .find(|(u, _)| starts_with(text, j, u))
        .filter(|(u, _)| !(arabic && *u == "成"))
        .filter(|(u, _)| !(matches!(*u, "周" | "年") && text.get(j + 1).is_some_and(|&c| matches!(c, '边' | '围' | '轻' | '度' | '会' | '终'))))
}

/// The end of the counted noun phrase starting at `from` (== `from` if none).
fn counted_noun(text: &[char], from: usize) -> usize {
    let mut end = conjunct(text, from);
    if end == from {
        return from;
    }
    for _ in 0..2 {
        let Some(j) = starts_with_any(text, end, JOINERS) else { break };
        let next = end + j.chars().count();
        let e = conjunct(text, next);
        if e == next {
            break;
        }
        end = e;
    }
    end
}

/// One noun of a coordination: Han characters up to a stop character or verb.
fn conjunct(text: &[char], from: usize) -> usize {
    let mut j = from;
    let mut at_stop = false;
    while j < text.len() && j - from < NOUN_MAX {
        let c = text[j];
        // 就 and 共 are adverbs (就…达成, 共650多位) except in 就业 and 共产党
        let adverb = (matches!(c, '就' | '共') && !matches!(text.get(j + 1), Some('业' | '产')))
            || (matches!(c, '近' | '约' | '逾') && text.get(j + 1).is_some_and(|&n| is_numeral_char(n)));
        if !is_han(c) || is_numeral_char(c) || is_stop(c) || adverb || starts_with_any(text, j, STOP_WORDS).is_some() {
            at_stop = is_han(c);
            break;
        }
        j += 1;
    }
    // A long run may hold a verb we do not know (政党领导人致信): end it at
    // the last character that typically ends a noun; with none, a run with no
    // boundary in sight keeps the two characters most nouns have.
    if j - from > SHORT_NOUN {
        // before punctuation the run is most likely all noun (精品线路。) unless
        // a longer tail follows the noun-final character (游客齐声欢呼。)
        let run_on = j - from == NOUN_MAX && text.get(j).is_some_and(|&c| is_han(c));
        let tail_min = if at_stop || run_on { 1 } else { 3 };
        if let Some(p) = text[from..j].iter().rposition(|&c| noun_final(c)).filter(|&p| p >= 1 && j - from - p > tail_min) {
            return from + p + 1;
        }
        if j - from == NOUN_MAX && text.get(j).is_some_and(|&c| is_han(c) && !is_stop(c)) {
            return from + 2;
        }
    }
    j
}

/// An English statistic: `3.5 percent`, `160 countries`, `2 million people`.
fn english(text: &[char], start: usize, num_end: usize) -> Option<(usize, usize, &'static str, f32)> {
    let mut end = num_end;
    let start = ["more than ", "less than ", "nearly ", "about ", "around ", "almost ", "over "]
        .iter()
        .find(|w| super::ends_with(text, start, w))
        .map_or(start, |w| start - w.chars().count());
    let mut rule = "statistic.count";
    // at most two words: a magnitude and a noun (2 million people)
    for _ in 0..2 {
        if text.get(end) != Some(&' ') {
            break;
        }
        let Some(u) = starts_with_any(text, end + 1, EN_UNITS) else { break };
        let e = end + 1 + u.chars().count();
        if text.get(e).is_some_and(|c| c.is_alphabetic()) {
            break;
        }
        if u.starts_with("per") {
            rule = "statistic.percent";
        }
        end = e;
    }
    (end > num_end).then_some((start, end, rule, 0.8))
}
