//! spaCy token patterns reduced to one regular expression over characters.
//!
//! Tagmark has no tokenizer and no language model (they would not fit the
//! wasm budget, and a Chinese tokenizer's word boundaries are exactly what
//! the reader's phrases cut across), so only the token attributes that
//! describe a token's characters are kept. Each token becomes a group of the
//! expression, and tokens are joined by `\s*`: English tokens are separated
//! by spaces in the text, Chinese ones are not, and optional whitespace
//! matches both.

use serde_json::{Map, Value};

/// Token attributes that need a part-of-speech tagger, a parser, a
/// lemmatizer or some other trained part of a spaCy pipeline.
const NEEDS_MODEL: &[&str] = &[
    "POS", "TAG", "DEP", "LEMMA", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID",
    "SENT_START", "IS_SENT_START", "IS_STOP", "IS_OOV", "NORM", "HEAD", "SPACY", "LANG",
];

/// Token attributes that are about a token's boundaries, which only a
/// tokenizer knows.
const NEEDS_TOKENIZER: &[&str] = &["LENGTH", "SHAPE", "PREFIX", "SUFFIX"];

/// What the characters of a number look like in Chinese news text: Arabic
/// digits, full-width digits, separators and the Chinese numerals.
const LIKE_NUM: &str = "[0-9０-９.,，．〇零一二两三四五六七八九十百千万亿]+";

/// A token list compiled: the expression's source and whether it must be
/// matched without regard to case (any `LOWER` makes the whole pattern so,
/// since a JavaScript RegExp has one `i` flag for all of it).
pub(super) struct Compiled {
    /// JavaScript RegExp source, for the `u` flag.
    pub source: String,
    /// Some token used `LOWER`.
    pub case_insensitive: bool,
    /// The pattern is a single plain literal, so it can be a phrase instead.
    pub literal: Option<String>,
}

/// Compiles a token list, or says (without the line number, which the caller
/// adds) why it can't.
pub(super) fn compile(tokens: &[Value]) -> Result<Compiled, String> {
    if tokens.is_empty() {
        return Err("\"pattern\" is an empty list of tokens".into());
    }
    let mut source = String::new();
    let mut case_insensitive = false;
    let mut literal = None;
    for (i, token) in tokens.iter().enumerate() {
        let n = i + 1;
        let Value::Object(token) = token else {
            return Err(format!("token {n} is not an object like {{\"ORTH\": \"…\"}}"));
        };
        let (body, lower, op, plain) = token_body(n, token)?;
        case_insensitive |= lower;
        if tokens.len() == 1 && op.is_none() && !lower {
            literal = plain;
        }
        source.push_str(&quantified(&body, i == 0, op.as_deref(), n)?);
    }
    Ok(Compiled { source, case_insensitive, literal })
}

/// One token's expression (without quantifier), whether it used `LOWER`,
/// its `OP`, and its text when it is a plain literal.
fn token_body(n: usize, token: &Map<String, Value>) -> Result<(String, bool, Option<String>, Option<String>), String> {
    if token.is_empty() {
        return Err(format!(
            "token {n} is empty, which means \"any token\" and needs a tokenizer to know where a \
             token ends; use the \"regex\" form with e.g. [^，。]{{1,4}} instead"
        ));
    }
    let mut op = None;
    let mut found: Option<(String, &str, bool, Option<String>)> = None;
    for (key, value) in token {
        let attr = key.to_uppercase();
        if attr == "OP" {
            let Value::String(o) = value else {
                return Err(format!("token {n} has an \"OP\" that is not a string"));
            };
            op = Some(o.clone());
            continue;
        }
        let (body, lower, plain) = attribute(n, key, &attr, value)?;
        if let Some((_, first, _, _)) = &found {
            return Err(format!(
                "token {n} combines \"{first}\" and \"{key}\"; Tagmark matches characters and \
                 can use only one of them per token"
            ));
        }
        found = Some((body, key.as_str(), lower, plain));
    }
    let Some((body, _, lower, plain)) = found else {
        return Err(format!("token {n} has only an \"OP\"; \"any token\" needs a tokenizer"));
    };
    Ok((body, lower, op, plain))
}

/// One attribute's expression, whether it is case-insensitive, and its text
/// when it is a plain literal.
fn attribute(n: usize, key: &str, attr: &str, value: &Value) -> Result<(String, bool, Option<String>), String> {
    match attr {
        "ORTH" | "TEXT" | "LOWER" => {
            let lower = attr == "LOWER";
            let (body, plain) = text_value(n, key, value)?;
            Ok((body, lower, plain))
        }
        "IS_DIGIT" => flag(n, key, value, "[0-9０-９]+"),
        "LIKE_NUM" => flag(n, key, value, LIKE_NUM),
        "IS_PUNCT" => flag(n, key, value, "\\p{P}+"),
        "IS_SPACE" => flag(n, key, value, "\\s+"),
        "IS_ALPHA" => flag(n, key, value, "\\p{L}+"),
        _ if attr.starts_with('_') => Err(format!(
            "token {n} uses \"{key}\", a custom extension attribute, which needs spaCy's \
             pipeline; Tagmark matches characters, so it can't use it"
        )),
        _ if NEEDS_MODEL.contains(&attr) => Err(format!(
            "token {n} uses \"{key}\", which needs a language model; Tagmark matches \
             characters, so it can't use it"
        )),
        _ if NEEDS_TOKENIZER.contains(&attr) => Err(format!(
            "token {n} uses \"{key}\", which needs a tokenizer to know where a token ends; \
             Tagmark matches characters, so it can't use it"
        )),
        _ => Err(format!(
            "token {n} uses \"{key}\", which Tagmark does not support; it supports ORTH, TEXT, \
             LOWER, IS_DIGIT, LIKE_NUM, IS_PUNCT, IS_SPACE, IS_ALPHA and OP"
        )),
    }
}

/// A boolean attribute: only `true` reduces to characters (`false` means
/// "a token that is not…", which needs to know where the token ends).
fn flag(n: usize, key: &str, value: &Value, class: &str) -> Result<(String, bool, Option<String>), String> {
    match value {
        Value::Bool(true) => Ok((class.to_string(), false, None)),
        Value::Bool(false) => Err(format!(
            "token {n} has \"{key}\": false, which needs a tokenizer to know what a token is; \
             only true is supported"
        )),
        _ => Err(format!("token {n} has a \"{key}\" that is not true or false")),
    }
}

/// A text attribute's value: a string, or `{"REGEX": …}` or `{"IN": […]}`.
fn text_value(n: usize, key: &str, value: &Value) -> Result<(String, Option<String>), String> {
    match value {
        Value::String(s) if s.is_empty() => Err(format!("token {n} has an empty \"{key}\"")),
        Value::String(s) => Ok((escape(s), Some(s.clone()))),
        Value::Object(ops) => {
            if ops.len() != 1 {
                return Err(format!(
                    "token {n}'s \"{key}\" must have exactly one of REGEX or IN"
                ));
            }
            let (op, arg) = ops.iter().next().expect("one entry");
            match op.to_uppercase().as_str() {
                "REGEX" => match arg {
                    Value::String(r) if !r.is_empty() => Ok((format!("(?:{})", strip_anchors(r)), None)),
                    _ => Err(format!("token {n}'s \"REGEX\" is not a non-empty string")),
                },
                "IN" => {
                    let Value::Array(items) = arg else {
                        return Err(format!("token {n}'s \"IN\" is not a list of strings"));
                    };
                    let mut words = Vec::new();
                    for item in items {
                        match item {
                            Value::String(s) if !s.is_empty() => words.push(s.as_str()),
                            _ => return Err(format!("token {n}'s \"IN\" holds something that is not a non-empty string")),
                        }
                    }
                    if words.is_empty() {
                        return Err(format!("token {n}'s \"IN\" is empty, so it matches nothing"));
                    }
                    // Longest first: a JavaScript alternation takes the first
                    // branch that matches, and the longer word is the one meant.
                    crate::core::sort::by_key(&mut words, |w| (std::cmp::Reverse(w.chars().count()), *w));
                    words.dedup();
                    let alternatives: Vec<String> = words.iter().map(|w| escape(w)).collect();
                    Ok((format!("(?:{})", alternatives.join("|")), None))
                }
                "NOT_IN" => Err(format!(
                    "token {n} uses \"NOT_IN\", which means \"a token that is none of these\" and \
                     needs a tokenizer to know what a token is"
                )),
                o if o.starts_with("FUZZY") => Err(format!(
                    "token {n} uses \"{op}\", fuzzy matching by edit distance on tokens, which \
                     Tagmark does not support; use \"IN\" with the spellings, or the \"regex\" form"
                )),
                "==" | "!=" | ">=" | "<=" | ">" | "<" => Err(format!(
                    "token {n} compares with \"{op}\", which works on numbers such as a token's \
                     length; Tagmark matches characters, so it can't use it"
                )),
                _ => Err(format!(
                    "token {n}'s \"{key}\" uses \"{op}\", which Tagmark does not support (only REGEX and IN)"
                )),
            }
        }
        _ => Err(format!("token {n}'s \"{key}\" is not a string, REGEX or IN")),
    }
}

/// In spaCy a token's `^` and `$` are the token's edges; Tagmark has no
/// tokens, so inside a larger expression they would mean the text's edges
/// and never match. They are dropped.
fn strip_anchors(regex: &str) -> &str {
    let regex = regex.strip_prefix('^').unwrap_or(regex);
    match regex.strip_suffix('$') {
        Some(rest) if rest.chars().rev().take_while(|&c| c == '\\').count() % 2 == 0 => rest,
        _ => regex,
    }
}

/// The token's group with its `OP`. A token after the first carries its
/// separating `\s*` inside the group, so repetitions are separated the way
/// tokens are; the first token has none, so a match does not start with
/// whitespace unless that token is absent.
fn quantified(body: &str, first: bool, op: Option<&str>, n: usize) -> Result<String, String> {
    let g = format!("(?:{body})");
    let s = format!("(?:\\s*{g})");
    let Some(op) = op else {
        return Ok(if first { g } else { s });
    };
    let (min, max) = match op {
        "?" => (0, Some(1)),
        "*" => (0, None),
        "+" => (1, None),
        "!" => {
            return Err(format!(
                "token {n} has OP \"!\" (negation), which needs a tokenizer to know what a \
                 token is; Tagmark matches characters, so it can't use it"
            ))
        }
        _ => counted(op).ok_or_else(|| {
            format!("token {n} has OP \"{op}\"; the ones supported are ?, *, +, {{n}}, {{n,m}}, {{n,}} and {{,m}}")
        })?,
    };
    if max == Some(0) || max.is_some_and(|m| m < min) {
        return Err(format!("token {n} has OP \"{op}\", which matches nothing"));
    }
    let range = |lo: u32, hi: Option<u32>| match (lo, hi) {
        (0, Some(1)) => "?".to_string(),
        (0, None) => "*".to_string(),
        (1, None) => "+".to_string(),
        (lo, Some(hi)) if lo == hi => format!("{{{lo}}}"),
        (lo, Some(hi)) => format!("{{{lo},{hi}}}"),
        (lo, None) => format!("{{{lo},}}"),
    };
    if !first {
        return Ok(format!("{s}{}", range(min, max)));
    }
    // The first token: one `g`, then the rest of the repetitions as `s`.
    let rest = match (min.saturating_sub(1), max.map(|m| m - 1)) {
        (_, Some(0)) => String::new(),
        (lo, hi) => format!("{s}{}", range(lo, hi)),
    };
    Ok(if min == 0 { format!("(?:{g}{rest})?") } else { format!("{g}{rest}") })
}

/// `{n}`, `{n,m}`, `{n,}`, `{,m}` as (min, max); a bound over 100 is refused
/// as a likely mistake.
fn counted(op: &str) -> Option<(u32, Option<u32>)> {
    let inner = op.strip_prefix('{')?.strip_suffix('}')?;
    let number = |s: &str| s.trim().parse::<u32>().ok().filter(|&v| v <= 100);
    match inner.split_once(',') {
        None => number(inner).map(|v| (v, Some(v))),
        Some((lo, hi)) => {
            let lo = if lo.trim().is_empty() { 0 } else { number(lo)? };
            let hi = if hi.trim().is_empty() { None } else { Some(number(hi)?) };
            if lo == 0 && hi.is_none() && inner.trim() == "," {
                return None;
            }
            Some((lo, hi))
        }
    }
}

/// Escapes `text` for a JavaScript RegExp with the `u` flag, which allows an
/// escape only before a syntax character (`\-` or `\,` would be an error).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "^$\\.*+?()[]{}|/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
