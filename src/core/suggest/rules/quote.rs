//! quote: direct quotations in “…” 「…」 『…』 "…" ‘…’, told apart from
//! quoted names, titles and terms by the guideline's signals.

use super::{ends_with_any, found, is_han, is_sentence_end, starts_with_any};
use crate::core::annotation::Tag;
use crate::core::suggest::Found;

/// How far a closing mark is looked for: a quotation longer than this is a
/// broken pairing, and the cap keeps unmatched marks from making the scan quadratic.
const MAX_QUOTE: usize = 800;

/// Above this weight (a Han character 1, a Latin word 2) a quoted span
/// without any other signal is taken as a clause. Coined terms and titles
/// in news text (“一带一路”, “人类命运共同体”, “构建新型国际关系”, "a new era")
/// stay at or under 12, while an unpunctuated quoted clause is rarely shorter.
const TERM_MAX: usize = 12;

/// Verbs that introduce reported words when followed by a colon (or, after
/// the quote, when the quote ends in a comma: “…，”他说).
const SPEECH_VERBS: &[&str] = &[
    "表示", "指出", "强调", "提出", "写道", "认为", "介绍", "回忆", "告诉", "问道", "坦言", "感慨",
    "说道", "谈到", "宣布", "透露", "呼吁", "称赞", "表态", "直言", "感叹", "笑道", "答道", "回答",
    "称", "说", "道", "问",
];

/// English verbs of saying, matched as whole words.
const SAID: &[&str] = &["said", "says", "say", "told", "added", "asked", "wrote", "stated", "noted", "stressed"];

/// Words that announce a name or term rather than someone's words (被誉为“外交经典”).
const NAMING: &[&str] = &["被誉为", "被称为", "誉为", "称为", "称作", "叫做", "视为", "所谓", "命名为", "名为", "号称"];

/// Nouns after a closing mark that make the quoted words a name (“…”活动, “…”理念).
const NAME_AFTER: &[&str] = &[
    "活动", "主题", "系列", "倡议", "理念", "精神", "口号", "工程", "计划", "项目", "模式", "战略", "目标", "思想",
    "论坛", "大会", "节", "奖", "号", "丛书", "栏目", "专栏", "行动",
];

/// Every quotation in `text`.
pub(super) fn find(text: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(close) = closing(text, i) else {
            i += 1;
            continue;
        };
        if let Some((rule, score)) = judge(text, i, close) {
            out.push(found(i, close + 1, Tag::Quote, rule, score));
        }
        // marks nested inside belong to this quotation, quote or term
        i = close + 1;
    }
    out
}

/// The spans inside quotation marks that hold a short name or term (‘两个一百年’,
/// “十四五”), nested ones included: a numeral there is part of a name.
pub(super) fn terms(text: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..text.len() {
        if let Some(close) = closing(text, i) {
            let inner = &text[i + 1..close];
            let punctuated = inner.iter().any(|&c| is_sentence_end(c) || matches!(c, '，' | '；' | ',' | ';'));
            if !punctuated && weight(inner) <= TERM_MAX {
                out.push((i + 1, close));
            }
        }
    }
    out
}

/// The index of the mark closing the one opening at `open`, if it opens one.
fn closing(text: &[char], open: usize) -> Option<usize> {
    let (opener, closer) = match text[open] {
        '“' => ('“', '”'),
        '「' => ('「', '」'),
        '『' => ('『', '』'),
        '‘' => ('‘', '’'),
        '"' => ('"', '"'),
        _ => return None,
    };
    let limit = text.len().min(open + 1 + MAX_QUOTE);
    let mut depth = 0usize;
    for (j, &c) in text.iter().enumerate().take(limit).skip(open + 1) {
        if c == closer {
            if depth == 0 {
                return (j > open + 1).then_some(j);
            }
            depth -= 1;
        } else if c == opener && opener != closer {
            depth += 1;
        }
    }
    None
}

/// The rule and score if `text[open..=close]` is a quotation, `None` for a term.
fn judge(text: &[char], open: usize, close: usize) -> Option<(&'static str, f32)> {
    let inner = &text[open + 1..close];
    let before = before_mark(text, open);
    if speech_colon(text, before) {
        return Some(("quote.speech", 0.9));
    }
    let last = inner.iter().rev().copied().find(|c| !matches!(c, '’' | '”' | '」' | '』' | '\'' | ' '));
    if last.is_some_and(is_sentence_end) {
        return Some(("quote.sentence", 0.85));
    }
    if matches!(last, Some('，' | ',')) && speaker_after(text, close + 1) {
        return Some(("quote.speech", 0.8));
    }
    if ends_with_any(text, before, NAMING).is_some() {
        return None;
    }
    let clause = inner.iter().any(|c| matches!(c, '，' | '；' | ',' | ';' | '：'));
    let long = weight(inner) > TERM_MAX;
    // “中国共产党的故事——地方党委的实践”活动: the title of something, not words said
    let titled = inner.windows(2).any(|w| w == ['—', '—']);
    if titled || (!clause && starts_with_any(text, close + 1, NAME_AFTER).is_some()) {
        return None;
    }
    let after = text.get(close + 1).copied();
    if after.is_some_and(is_sentence_end) && (clause || long) {
        return Some(("quote.sentence", 0.7));
    }
    if clause {
        return Some(("quote.clause", 0.6));
    }
    if long {
        return Some(("quote.clause", 0.5));
    }
    None
}

/// The end of the text before an opening mark, spaces skipped.
fn before_mark(text: &[char], open: usize) -> usize {
    let mut b = open;
    while b > 0 && text[b - 1].is_whitespace() {
        b -= 1;
    }
    b
}

/// Whether `text[..end]` is a speech verb and a colon (说：, said:), or an
/// English verb of saying and a comma (said, "…").
fn speech_colon(text: &[char], end: usize) -> bool {
    let Some(&mark) = end.checked_sub(1).and_then(|i| text.get(i)) else {
        return false;
    };
    let mut verb_end = end - 1;
    while verb_end > 0 && text[verb_end - 1] == ' ' {
        verb_end -= 1;
    }
    match mark {
        '：' | ':' => ends_with_any(text, verb_end, SPEECH_VERBS).is_some() || english_said(text, verb_end),
        ',' | '，' => english_said(text, verb_end),
        _ => false,
    }
}

/// Whether `text[..end]` ends with a whole English verb of saying.
fn english_said(text: &[char], end: usize) -> bool {
    ends_with_any(text, end, SAID).is_some_and(|w| {
        let start = end - w.chars().count();
        start == 0 || !text[start - 1].is_alphanumeric()
    })
}

/// Whether a speaker and a verb of saying follow a quote ending in a comma:
/// “…，”他说 / "…," he said.
fn speaker_after(text: &[char], from: usize) -> bool {
    let limit = text.len().min(from + 24);
    let mut i = from;
    while i < limit {
        let c = text[i];
        if matches!(c, '。' | '，' | '“' | '"' | '!' | '?' | '！' | '？' | '；') && i > from {
            return false;
        }
        if starts_with_any(text, i, SPEECH_VERBS).is_some() {
            return true;
        }
        if (i == 0 || !text[i - 1].is_alphanumeric()) && starts_with_any(text, i, SAID).is_some() {
            return true;
        }
        i += 1;
    }
    false
}

/// Han characters count 1, Latin words 2: a rough length in "meaning units".
fn weight(inner: &[char]) -> usize {
    let mut w = 0;
    let mut in_word = false;
    for &c in inner {
        if is_han(c) {
            w += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                w += 2;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use crate::core::annotation::Tag;
    use crate::core::suggest::rules::{spans, spans_of};

    fn quotes(text: &str) -> Vec<String> {
        spans_of(text, Tag::Quote)
    }

    #[test]
    fn guideline_yes() {
        assert_eq!(quotes("“中国共产党愿广交天下朋友。”"), ["“中国共产党愿广交天下朋友。”"]);
    }

    #[test]
    fn guideline_no_terms() {
        assert!(quotes("“外交经典”、“冬日茶叙”、“友谊勋章”、“年度会晤”").is_empty());
        assert!(quotes("这次会见被誉为“外交经典”。").is_empty());
        assert!(quotes("双方举行“冬日茶叙”，气氛热烈。").is_empty());
        assert!(quotes("他获得“友谊勋章”。").is_empty());
    }

    #[test]
    fn speech_verb_and_colon() {
        let s = spans("习近平强调：“要坚持对话协商”，各方表示赞同。");
        assert_eq!(s[0], ("“要坚持对话协商”".to_string(), Tag::Quote, "quote.speech"));
        assert_eq!(quotes("他说:“好”"), ["“好”"]);
        assert_eq!(quotes("他认为： 「世界需要合作」"), ["「世界需要合作」"]);
    }

    #[test]
    fn sentence_punctuation_inside_or_after() {
        assert_eq!(quotes("“我们一定会成功！”他的声音很坚定"), ["“我们一定会成功！”"]);
        assert_eq!(spans("他们相信“合作共赢的道路会越走越宽广”。")[0].2, "quote.sentence");
        assert_eq!(quotes("“真的吗？”"), ["“真的吗？”"]);
        assert_eq!(quotes("“路还很长……”"), ["“路还很长……”"]);
    }

    #[test]
    fn nested_single_quotes_belong_to_the_outer_quote() {
        let text = "他说：“大家都叫它‘友谊之桥’，这是真的。”";
        assert_eq!(quotes(text), ["“大家都叫它‘友谊之桥’，这是真的。”"]);
    }

    #[test]
    fn comma_then_speaker() {
        assert_eq!(quotes("“这是一个好的开始，”他说，“未来更可期。”"), ["“这是一个好的开始，”", "“未来更可期。”"]);
    }

    #[test]
    fn english_quotes() {
        assert_eq!(quotes(r#"He said, "We will keep working together.""#), [r#""We will keep working together.""#]);
        assert_eq!(quotes(r#""Trade is growing," she said."#), [r#""Trade is growing,""#]);
        assert!(quotes(r#"They called it "a new era" in the press."#).is_empty());
    }

    #[test]
    fn unclosed_and_empty_marks_are_ignored() {
        assert!(quotes("他说：“没有结束").is_empty());
        assert!(quotes("“”").is_empty());
    }

    #[test]
    fn long_clause_without_signal() {
        assert_eq!(quotes("双方同意“推动构建更加紧密的命运共同体并不断深化务实合作”并签署协议"), ["“推动构建更加紧密的命运共同体并不断深化务实合作”"]);
        assert!(quotes("共建“一带一路”倡议").is_empty());
    }
}
