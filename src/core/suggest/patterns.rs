//! The reader's own patterns: spaCy EntityRuler JSONL and a regular-expression form.
//!
//! A file holds one pattern a line, `{"label": "statistic", "pattern":
//! "160多个国家"}` with an optional `"id"`. A string pattern is a phrase
//! matched literally on characters (spaCy's phrase patterns go through a
//! tokenizer, which cannot match inside a Chinese word; Tagmark has none). A
//! list of token objects is reduced to a regular expression where its
//! attributes describe characters (see `tokens.rs`). Tagmark's own form,
//! `{"label": "event", "regex": "…", "flags": "i"}`, is a regular expression
//! as the browser's RegExp reads it. Regular expressions run in the browser,
//! so their syntax is checked by a checker the caller hands in.

mod tokens;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Found, Source};
use crate::core::annotation::Tag;

/// The largest pattern file accepted, in bytes.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most patterns one file may hold.
pub const MAX_PATTERNS: usize = 10_000;
/// How many errors are listed before the rest are counted in one last entry.
pub const MAX_ERRORS: usize = 20;

/// One of the reader's patterns, as parsed and as the app stores it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    /// The tag its finds get.
    pub label: Tag,
    /// What an accepted find records as `pattern:<name>`: the line's `id`,
    /// else a short readable form of the pattern.
    pub name: String,
    /// How it matches.
    pub matcher: Matcher,
    /// The line as it was in the file, written back by [`to_jsonl`] so an
    /// export reads back the same.
    pub line: String,
}

/// How a pattern matches the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Matcher {
    /// These characters, exactly ([`find_phrases`] does it here).
    Phrase(String),
    /// A JavaScript RegExp, run by the browser with the `u` flag added.
    Regex {
        /// The expression's source.
        source: String,
        /// `""` or `"i"`: the only flag a pattern chooses.
        flags: String,
    },
}

/// Why a line of a pattern file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// The line, from 1; 0 for the file as a whole (too large, too many
    /// patterns, or the count of errors not listed).
    pub line: usize,
    /// What is wrong, for the reader to fix.
    pub message: String,
}

impl fmt::Display for PatternError {
    /// `line 4: …`, or the bare message for the whole file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}", self.message),
            line => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// Checks a regular expression's syntax: `(source, flags)` where flags are
/// the ones the engine will use (`"u"` or `"iu"`); the app hands in the
/// browser's RegExp, tests a stand-in.
pub type RegexCheck<'a> = &'a dyn Fn(&str, &str) -> Result<(), String>;

/// Reads a whole pattern file. Blank lines are skipped. If any line is
/// wrong, nothing is accepted and every error is returned (up to
/// [`MAX_ERRORS`], then one entry counting the rest), so the reader can fix
/// them at once.
pub fn parse(text: &str, check_regex: RegexCheck) -> Result<Vec<Pattern>, Vec<PatternError>> {
    let whole = |message: String| vec![PatternError { line: 0, message }];
    if text.len() > MAX_BYTES {
        return Err(whole(format!(
            "the file is {} MB; a pattern file may be at most 5 MB",
            text.len().div_ceil(1024 * 1024)
        )));
    }
    // Editors on Windows like to start a file with a byte order mark; it isn't JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut patterns = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        match parse_line(line, check_regex) {
            Ok(pattern) => patterns.push(pattern),
            Err(message) => errors.push(PatternError { line: i + 1, message }),
        }
    }
    if patterns.len() + errors.len() > MAX_PATTERNS {
        return Err(whole(format!(
            "the file has {} patterns; Tagmark takes at most {MAX_PATTERNS} from one file",
            patterns.len() + errors.len()
        )));
    }
    if errors.is_empty() {
        return Ok(patterns);
    }
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        errors.truncate(MAX_ERRORS);
        errors.push(PatternError { line: 0, message: format!("and {more} more lines with errors") });
    }
    Err(errors)
}

/// One non-blank line, or why it is refused (without the line number).
fn parse_line(line: &str, check_regex: RegexCheck) -> Result<Pattern, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        if crate::core::import::too_deep(&e) {
            format!("is JSON nested too deeply (more than {} levels)", crate::core::import::MAX_JSON_DEPTH)
        } else {
            format!("is not JSON ({e})")
        }
    })?;
    let Value::Object(fields) = value else {
        return Err("is not a JSON object like {\"label\": \"event\", \"pattern\": \"…\"}".into());
    };
    for key in fields.keys() {
        if !["label", "pattern", "regex", "flags", "id"].contains(&key.as_str()) {
            return Err(format!(
                "has a field \"{key}\"; the fields are label, pattern or regex, flags (with regex) and id"
            ));
        }
    }
    let label = match fields.get("label") {
        None => return Err("has no \"label\" (quote, statistic or event)".into()),
        Some(Value::String(l)) => l.to_lowercase().parse::<Tag>().map_err(|_| {
            format!("has the label \"{l}\"; the labels are quote, statistic and event (in any case)")
        })?,
        Some(_) => return Err("has a \"label\" that is not a string".into()),
    };
    let id = match fields.get("id") {
        None => None,
        Some(Value::String(id)) if id.trim().is_empty() => return Err("has an empty \"id\"".into()),
        Some(Value::String(id)) => Some(id.trim().to_string()),
        Some(Value::Number(id)) => Some(id.to_string()),
        Some(_) => return Err("has an \"id\" that is not a string".into()),
    };
    if fields.contains_key("flags") && !fields.contains_key("regex") {
        return Err("has \"flags\" without \"regex\"; flags belong to the regex form".into());
    }
    let (matcher, short) = match (fields.get("pattern"), fields.get("regex")) {
        (Some(_), Some(_)) => return Err("has both \"pattern\" and \"regex\"; a line is one or the other".into()),
        (None, None) => return Err("has neither \"pattern\" nor \"regex\"".into()),
        (Some(Value::String(phrase)), None) => {
            let phrase = phrase.trim();
            if phrase.is_empty() {
                return Err("has an empty phrase as its \"pattern\"".into());
            }
            (Matcher::Phrase(phrase.to_string()), shorten(phrase))
        }
        (Some(Value::Array(list)), None) => {
            let compiled = tokens::compile(list)?;
            match compiled.literal {
                Some(text) => (Matcher::Phrase(text.clone()), shorten(&text)),
                None => {
                    let flags = if compiled.case_insensitive { "i" } else { "" };
                    check(&compiled.source, flags, check_regex)
                        .map_err(|e| format!("its tokens make the expression /{}/, which {e}", compiled.source))?;
                    let short = format!("tokens /{}/", shorten(&compiled.source));
                    (Matcher::Regex { source: compiled.source, flags: flags.into() }, short)
                }
            }
        }
        (Some(_), None) => return Err("has a \"pattern\" that is neither a phrase (a string) nor a list of tokens".into()),
        (None, Some(Value::String(source))) => {
            if source.is_empty() {
                return Err("has an empty \"regex\"".into());
            }
            let flags = match fields.get("flags") {
                None => String::new(),
                Some(Value::String(f)) => user_flags(f)?,
                Some(_) => return Err("has \"flags\" that are not a string".into()),
            };
            check(source, &flags, check_regex).map_err(|e| format!("has a \"regex\" that {e}"))?;
            let short = format!("regex /{}/", shorten(source));
            (Matcher::Regex { source: source.clone(), flags }, short)
        }
        (None, Some(_)) => return Err("has a \"regex\" that is not a string".into()),
    };
    Ok(Pattern { label, name: id.unwrap_or(short), matcher, line: line.to_string() })
}

/// The flags a regex line may give: `i`, and `u` which is always on anyway.
/// `g`, `y`, `m`, `s`, `d` and `v` change how matches are found or reported,
/// which the app decides, so they are refused.
fn user_flags(flags: &str) -> Result<String, String> {
    let mut i = false;
    let mut seen = String::new();
    for c in flags.chars() {
        if seen.contains(c) {
            return Err(format!("has the flag \"{c}\" twice"));
        }
        seen.push(c);
        match c {
            'i' => i = true,
            'u' => {}
            _ => {
                return Err(format!(
                    "has the flag \"{c}\"; only \"i\" may be given (Tagmark always adds \"u\" and decides the rest)"
                ))
            }
        }
    }
    Ok(if i { "i".into() } else { String::new() })
}

/// Runs the checker with the flags the engine will use.
fn check(source: &str, flags: &str, check_regex: RegexCheck) -> Result<(), String> {
    check_regex(source, engine_flags(flags)).map_err(|e| format!("is not a valid regular expression: {e}"))
}

/// The flags the browser's RegExp is built with for a pattern's `flags`:
/// `u` always (code points, not UTF-16 halves), `i` if asked. The adapter
/// adds `g` for its own loop over the matches.
pub fn engine_flags(flags: &str) -> &'static str {
    if flags.contains('i') {
        "iu"
    } else {
        "u"
    }
}

/// At most 30 code points of `text`, with `…` when cut, for a name.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 30 {
        text.to_string()
    } else {
        text.chars().take(29).chain(['…']).collect()
    }
}

/// The patterns as a file: each one's original line, newline-terminated, so
/// [`parse`] reads the same patterns back.
pub fn to_jsonl(patterns: &[Pattern]) -> String {
    patterns.iter().map(|p| format!("{}\n", p.line)).collect()
}

/// Adds each of `new` that `existing` does not have (the same label and
/// matcher; the name and line may differ), and returns how many were added.
pub fn merge(existing: &mut Vec<Pattern>, new: Vec<Pattern>) -> usize {
    let mut added = 0;
    for pattern in new {
        if !existing.iter().any(|p| p.label == pattern.label && p.matcher == pattern.matcher) {
            existing.push(pattern);
            added += 1;
        }
    }
    added
}

/// Every occurrence of every phrase pattern in `text`. Occurrences of one
/// pattern don't overlap (the leftmost wins, as a search would), those of
/// different patterns may. Score 1.0: the reader wrote the pattern.
pub fn find_phrases(patterns: &[Pattern], text: &[char]) -> Vec<Found> {
    // Phrases indexed by first character, so a long text is scanned once
    // whatever the number of patterns.
    let mut by_first: HashMap<char, Vec<(usize, Vec<char>)>> = HashMap::new();
    for (i, p) in patterns.iter().enumerate() {
        if let Matcher::Phrase(phrase) = &p.matcher {
            let chars: Vec<char> = phrase.chars().collect();
            if let Some(&c) = chars.first() {
                by_first.entry(c).or_default().push((i, chars));
            }
        }
    }
    let mut next_free = vec![0usize; patterns.len()];
    let mut found = Vec::new();
    for start in 0..text.len() {
        let Some(candidates) = by_first.get(&text[start]) else { continue };
        for (i, chars) in candidates {
            let end = start + chars.len();
            if start >= next_free[*i] && end <= text.len() && text[start..end] == chars[..] {
                next_free[*i] = end;
                let p = &patterns[*i];
                found.push(Found {
                    start,
                    end,
                    tag: p.label,
                    source: Source::Pattern(p.name.clone()),
                    score: 1.0,
                    alternatives: Vec::new(),
                });
            }
        }
    }
    found
}

/// The regular-expression patterns for the browser adapter to run:
/// `(pattern, source, engine flags)`, the flags being [`engine_flags`]'s.
pub fn regexes(patterns: &[Pattern]) -> impl Iterator<Item = (&Pattern, &str, &'static str)> {
    patterns.iter().filter_map(|p| match &p.matcher {
        Matcher::Regex { source, flags } => Some((p, source.as_str(), engine_flags(flags))),
        Matcher::Phrase(_) => None,
    })
}

/// A regex match made a find, in code points of `text` (the adapter
/// converts RegExp's UTF-16 indices first, e.g. with
/// `text::code_points_of_utf16_prefix`). Whitespace at either end is trimmed
/// (an absent first token leaves the next one's `\s*`), and an empty match
/// (which `a?` or `\b` can make; only the engine could tell beforehand) or
/// one out of bounds gives `None`.
pub fn regex_found(pattern: &Pattern, text: &[char], start: usize, end: usize) -> Option<Found> {
    if start > end || end > text.len() {
        return None;
    }
    let mut start = start;
    let mut end = end;
    while start < end && text[start].is_whitespace() {
        start += 1;
    }
    while end > start && text[end - 1].is_whitespace() {
        end -= 1;
    }
    (start < end).then(|| Found {
        start,
        end,
        tag: pattern.label,
        source: Source::Pattern(pattern.name.clone()),
        score: 1.0,
        alternatives: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
