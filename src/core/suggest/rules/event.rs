//! event: absolute dates (2017年12月1日, 二〇一七年, December 1, 2017) and
//! named meetings, forums, ceremonies and festivals (中拉政党论坛).

use super::{ends_with_any, found, is_han, starts_with, starts_with_any};
use crate::core::annotation::Tag;
use crate::core::suggest::{Found, Source};

/// The head nouns of a named happening, longer first.
const HEADS: &[&str] = &[
    "代表大会", "对话会", "研讨会", "博览会", "座谈会", "招待会", "发布会", "交流会", "洽谈会", "联欢会", "运动会",
    "纪念会", "报告会", "见面会", "峰会", "大会", "年会", "全会", "论坛", "会议", "仪式", "典礼",
    "庆典", "晚会", "节", "会",
];

/// Words ending in a head that are organisations, institutions or no
/// happening at all (委员会 is a body, 机会 a chance, 将会 a modal).
const NOT_EVENTS: &[&str] = &[
    "人大常委会", "委员会", "理事会", "董事会", "基金会", "联合会", "研究会", "促进会", "联谊会", "常委会", "居委会",
    "村委会", "大都会", "可能会", "一定会", "机会", "社会", "学会", "协会", "工会", "国会", "议会", "体会", "误会",
    "领会", "商会", "总会", "省会", "都会", "理会", "知会", "照会", "融会", "附会", "约会", "开会", "与会", "入会",
    "散会", "闭会", "休会", "到会", "参会", "一会", "环节", "细节", "章节", "季节", "关节", "调节", "情节", "礼节",
    "音节", "气节", "使节", "脱节", "时节", "过节", "名节", "小节", "枝节", "骨节", "节节", "法会",
];

/// Characters before a bare 会 that make it a modal or verb (不会, 将会, 也会).
fn modal_before_hui(c: char) -> bool {
    matches!(
        c,
        '不' | '将' | '都' | '也' | '就' | '才' | '还' | '只' | '定' | '必' | '更' | '又' | '亦' | '却' | '便'
            | '仍' | '则' | '并' | '应' | '能' | '很' | '谁' | '你' | '我' | '他' | '她' | '它' | '们' | '准'
    )
}

/// Characters after 会 that continue a word (会见, 会员, 会长): 会 is not its end.
fn continues_hui(c: char) -> bool {
    matches!(
        c,
        '见' | '员' | '长' | '址' | '徽' | '标' | '所' | '馆' | '计' | '同' | '商' | '聚' | '师' | '意' | '合' | '话'
            | '议' | '谈' | '晤' | '面' | '场' | '期' | '务' | '费' | '籍' | '章' | '刊' | '旗' | '歌' | '堂' | '展'
            | '演' | '说' | '做' | '有' | '是' | '让' | '使' | '给' | '带' | '对' | '更' | '成' | '把' | '得' | '觉'
            | '变' | '受' | '产' | '影' | '发' | '出' | '继' | '再' | '被' | '为'
            | '诊' | '客' | '考' | '餐' | '审' | '签' | '战'
    )
}

/// Characters after 节 that make it another word (节约, 节目, 节日).
fn continues_jie(c: char) -> bool {
    matches!(c, '约' | '目' | '奏' | '省' | '点' | '能' | '制' | '日' | '俭' | '庆' | '选' | '假' | '拍' | '课')
}

/// Where a name stops when scanning back from its head: the verb or
/// particle before it (出席…论坛, 在…举行的…大会).
const BACK_STOPS: &[&str] = &[
    "出席", "举行", "召开", "参加", "举办", "主持", "出访", "访问", "参与", "前往", "来到", "通过", "致辞", "发表",
    "表示", "指出", "讲话", "强调", "开幕", "闭幕", "期间", "之际", "前夕", "会见", "亲临", "见证", "成功", "隆重",
    "盛大", "首次", "这次", "此次", "本次", "本届", "上届", "这届", "此届", "迎来", "启动", "观看", "筹办", "承办",
    "主办", "联合", "共同", "一道", "一起", "作为", "围绕", "恰逢", "正值", "适逢", "欢度", "度过", "迎接", "筹备", "备战", "办好", "就", "的", "在", "于", "是", "了", "将", "向", "把",
    "被", "从", "到", "对", "及", "等", "并", "也", "都", "还", "又", "已", "为", "该", "此", "过", "这", "那",
];

/// Relative time words that may precede a head but are no part of its name.
const LEADING_TIME: &[&str] = &[
    "今年", "去年", "明年", "当年", "每年", "同年", "次年", "当天", "当日", "今天", "昨天", "日前", "近日", "近期",
    "目前", "此前", "此后", "随后", "历届", "每届", "年度", "一年一度的", "下一届", "上一届", "新一届", "下届",
];

/// Modifiers that describe a meeting without naming it.
const GENERIC: &[&str] = &[
    "重要", "主要", "相关", "有关", "各种", "各类", "这些", "那些", "其他", "此类", "类似", "一系列", "多次", "多场",
    "各级", "历次", "本次", "此次", "专题", "全体", "系列", "双边", "多边", "国际", "线上", "视频",
];

/// A name is at most this long; scanning further back finds the subject, not the name.
const NAME_MAX: usize = 24;

const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Sept.", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.", "Jun.", "Jul.",
];

/// Every event in `text`.
pub(super) fn find(text: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let prev = i.checked_sub(1).map(|p| text[p]);
        let word_start = !prev.is_some_and(|p| p.is_alphanumeric() && !is_han(p)) && !prev.is_some_and(is_cn_digit);
        let c = text[i];
        if word_start && (c.is_ascii_alphanumeric() || is_digit(c) || is_cn_digit(c)) && !prev.is_some_and(|p| p.is_ascii_digit()) {
            if let Some((end, score)) = date_parts(text, i).or_else(|| english_date(text, i)) {
                out.push(found(i, end, Tag::Event, "event.date", score));
                i = end;
                continue;
            }
        }
        if let Some(end) = congress(text, i) {
            out.push(found(i, end, Tag::Event, "event.meeting", 0.6));
            i = end;
            continue;
        }
        if let Some((start, score)) = meeting(text, i) {
            let end = i + starts_with_any(text, i, HEADS).map_or(0, |h| h.chars().count());
            // a named meeting can contain a statistic but not another meeting's name
            while out.last().is_some_and(|f: &Found| f.end > start && f.source == Source::Rule("event.meeting")) {
                out.pop();
            }
            out.push(found(start, end, Tag::Event, "event.meeting", score));
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_cn_digit(c: char) -> bool {
    matches!(c, '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The end and value of the Arabic number at `i` (at most 4 digits).
fn arabic(text: &[char], i: usize) -> Option<(usize, u32)> {
    let mut j = i;
    let mut value = 0u32;
    while j < text.len() && is_digit(text[j]) && j - i < 5 {
        value = value * 10 + text[j].to_digit(10).unwrap_or_else(|| text[j] as u32 - '０' as u32);
        j += 1;
    }
    (j > i && j - i <= 4 && !text.get(j).copied().is_some_and(is_digit)).then_some((j, value))
}

/// The end and value of a small Chinese number at `i` (一 to 三十一).
fn chinese_small(text: &[char], i: usize) -> Option<(usize, u32)> {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).map(|v| v as u32);
    let mut j = i;
    let mut value = 0;
    if let Some(d) = text.get(j).and_then(|&c| digit(c)) {
        value = d;
        j += 1;
    }
    if text.get(j) == Some(&'十') {
        value = value.max(1) * 10;
        j += 1;
        if let Some(d) = text.get(j).and_then(|&c| digit(c)) {
            value += d;
            j += 1;
        }
    }
    (j > i && value > 0).then_some((j, value))
}

/// The end of a date starting at `i`, for the statistic rule to step over.
pub(super) fn date_at(text: &[char], i: usize) -> Option<usize> {
    date_parts(text, i).map(|(end, _)| end)
}

/// A Chinese-style date at `i`: its end and a score (more parts, surer).
fn date_parts(text: &[char], i: usize) -> Option<(usize, f32)> {
    let (year_end, has_year) = year(text, i).map_or((i, false), |e| (e, true));
    let chinese = !text.get(i).copied().is_some_and(is_digit);
    let number = |j: usize| if chinese { chinese_small(text, j) } else { arabic(text, j) };
    let mut end = year_end;
    let mut parts = u8::from(has_year);
    if let Some((e, _)) = number(end).filter(|&(e, m)| (1..=12).contains(&m) && text.get(e) == Some(&'月')) {
        end = e + 1;
        parts += 1;
        if let Some((e, _)) = number(end).filter(|&(e, d)| (1..=31).contains(&d) && matches!(text.get(e), Some('日' | '号'))) {
            end = e + 1;
            parts += 1;
        } else if !has_year && chinese {
            return None; // 三月 alone is too often vague; 3月 alone is kept below
        }
    } else if !has_year {
        // a day alone (16日) is the news shorthand for this month's date
        let (e, d) = arabic(text, i)?;
        let after = text.get(e + 1).copied();
        if !(1..=31).contains(&d) || !matches!(text.get(e), Some('日')) || after.is_some_and(|c| matches!(c, '游' | '元' | '本')) {
            return None;
        }
        return Some((e + 1, 0.6));
    }
    let score = match parts {
        3 => 0.95,
        2 => 0.9,
        _ if has_year => 0.85,
        _ => 0.6,
    };
    Some((end, score))
}

/// The end of a year (2016年, 二〇一七年) at `i`.
fn year(text: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    while j < text.len() && j - i < 4 && (is_digit(text[j]) || matches!(text[j], '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九')) {
        j += 1;
    }
    let four = j - i == 4;
    let arabic_year = four && text[i..j].iter().all(|&c| is_digit(c));
    let chinese_year = four && text[i..j].iter().all(|&c| !is_digit(c));
    if (arabic_year || chinese_year) && text.get(j) == Some(&'年') && !matches!(text.get(j + 1), Some('前' | '后' | '间' | '代')) {
        Some(j + 1 + usize::from(matches!(text.get(j + 1), Some('底' | '初' | '末'))))
    } else {
        None
    }
}

/// An English date at `i`: December 1, 2017 / 1 December 2017 / Dec. 1, 2017 / December 2017 / in 2016.
fn english_date(text: &[char], i: usize) -> Option<(usize, f32)> {
    let word_end = |j: usize| !text.get(j).is_some_and(|c| c.is_alphanumeric());
    let year_at = |j: usize| arabic(text, j).filter(|&(e, v)| (1000..=2199).contains(&v) && e - j == 4 && word_end(e));
    let day_at = |j: usize| arabic(text, j).filter(|&(e, v)| (1..=31).contains(&v) && word_end(e));
    let month_at = |j: usize| starts_with_any(text, j, MONTHS).map(|m| j + m.chars().count()).filter(|&e| word_end(e) || text[e - 1] == '.');
    if let Some(m) = month_at(i) {
        if text.get(m) != Some(&' ') {
            return None;
        }
        if let Some((d, _)) = day_at(m + 1) {
            let y = if text.get(d) == Some(&',') { d + 2 } else { d + 1 };
            if text.get(y - 1) == Some(&' ') {
                if let Some((e, _)) = year_at(y) {
                    return Some((e, 0.95));
                }
            }
            return Some((d, 0.85));
        }
        return year_at(m + 1).map(|(e, _)| (e, 0.9));
    }
    if let Some((d, _)) = day_at(i) {
        if text.get(d) == Some(&' ') {
            if let Some(m) = month_at(d + 1) {
                if text.get(m) == Some(&' ') {
                    if let Some((e, _)) = year_at(m + 1) {
                        return Some((e, 0.95));
                    }
                }
                return Some((m, 0.85));
            }
        }
    }
    let (e, _) = year_at(i)?;
    let preposition = ["in ", "since ", "by ", "until ", "from ", "of "].iter().any(|p| super::ends_with(text, i, p));
    preposition.then_some((e, 0.7))
}

/// A party congress named by its number (党的十八大): the end if one starts at `i`.
fn congress(text: &[char], i: usize) -> Option<usize> {
    if i == 0 || !matches!(text[i - 1], '的' | '党') || text[i] == '〇' {
        return None;
    }
    let (e, v) = chinese_small(text, i)?;
    (v >= 10 && text.get(e) == Some(&'大') && !text.get(e + 1).is_some_and(|&c| matches!(c, '学' | '国' | '使' | '型' | '量' | '批' | '多' | '力' | '会'))).then_some(e + 1)
}

/// A named happening whose head starts at `head`: the start of its name and a score.
fn meeting(text: &[char], head: usize) -> Option<(usize, f32)> {
    let word = starts_with_any(text, head, HEADS)?;
    let end = head + word.chars().count();
    if ends_with_any(text, end, NOT_EVENTS).is_some() {
        return None;
    }
    let next = text.get(end).copied();
    match word {
        "会" if head.checked_sub(1).is_some_and(|p| modal_before_hui(text[p])) => return None,
        w if w.ends_with('会') && next.is_some_and(continues_hui) => return None,
        "节" if next.is_some_and(continues_jie) => return None,
        _ => {}
    }
    if word == "会" && ends_with_any(text, end, &HEADS[..HEADS.len() - 2]).is_some() {
        return None; // the longer head (研讨会) was judged where it starts
    }
    let mut start = head;
    while start > 0 && head - start < NAME_MAX {
        let c = text[start - 1];
        if c == '》' {
            // a document's title inside a meeting's name: 《公约》缔约方大会
            match text[start.saturating_sub(NAME_MAX)..start].iter().rposition(|&c| c == '《') {
                Some(p) => {
                    start = start.saturating_sub(NAME_MAX) + p;
                    continue;
                }
                None => break,
            }
        }
        if c == '《' {
            return None; // the head is part of a title (《世界中文大会倡议》)
        }
        if start >= 2 && matches!(c, '个' | '位' | '名' | '项' | '种' | '场') && (text[start - 2].is_ascii_digit() || matches!(text[start - 2], '多' | '余' | '几')) {
            break; // 4个分论坛 counts forums, it names none
        }
        let in_name = is_han(c) || c.is_ascii_alphanumeric() || is_digit(c) || matches!(c, '—' | '·' | '-');
        if !in_name || ends_with_any(text, start, BACK_STOPS).is_some() {
            break;
        }
        start -= 1;
    }
    let capped = head - start >= NAME_MAX;
    loop {
        if let Some(e) = date_at(text, start).filter(|&e| e <= head) {
            start = e;
        } else if let Some(w) = starts_with_any(text, start, LEADING_TIME) {
            start += w.chars().count();
        } else {
            break;
        }
    }
    // 那场…对话会, 这次…会议: the classifier belongs to the demonstrative
    while start < head && matches!(text[start], '—' | '·' | '-' | '场' | '次' | '个' | '届') && !starts_with(text, start, "届时") {
        start += 1;
    }
    // A leading time word may reach past the head (次年会): no name is left.
    if start > head {
        return None;
    }
    if GENERIC.iter().any(|g| text[start..head].iter().copied().eq(g.chars())) {
        return None; // 重要会议, 相关论坛: described, not named
    }
    let modifier = head.saturating_sub(start);
    let min = match word {
        "节" => 1,
        "会" => 3,
        _ => 2,
    };
    // 亚运会, 冬奥会, 进博会, 广交会: the short names of games and fairs
    let games = word == "会" && modifier == 2 && matches!(text[head - 1], '运' | '冬' | '奥' | '博' | '交' | '残');
    if (modifier < min && !games) || start > head {
        return None;
    }
    if !starts_with(text, start, "第") && text[start..head].iter().all(|&c| is_cn_digit(c) || c == '届' || c == '次') {
        return None;
    }
    Some((start, if capped { 0.4 } else if word.chars().count() == 1 { 0.6 } else { 0.8 }))
}
