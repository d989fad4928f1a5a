//! Why a file can't be imported, in words a reader can act on, and how big a
//! file may be. Every format's reader reports through [`ImportError`].

use std::fmt;

use crate::core::formats::tagmark::EXPORT_VERSION;

/// Largest file accepted, so a wrong pick in the file dialog can't freeze the tab.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Most characters of a value from the file quoted back in a message.
const SHOWN_CHARS: usize = 40;

/// How deep serde_json lets JSON nest before it gives up (its recursion limit).
pub const MAX_JSON_DEPTH: usize = 128;

/// Whether serde_json gave up because the JSON nests deeper than
/// [`MAX_JSON_DEPTH`]: that error has no category of its own, only its
/// message, and "not JSON" would send the reader looking for a typo.
pub(crate) fn too_deep(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("recursion limit exceeded")
}

/// Why a file can't be imported; each names the first problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Bigger than [`MAX_IMPORT_BYTES`]; rejected before reading it.
    TooLarge { bytes: usize },
    /// Not UTF-8 JSON; 1-based position of the first error (0, 0 when unknown).
    NotJson { line: usize, column: usize },
    /// JSON nested deeper than [`MAX_JSON_DEPTH`], which no annotation file is.
    TooDeep,
    /// JSON, but not a Tagmark export; the reason reads "it …".
    NotTagmark(String),
    /// A Tagmark export of a version this build doesn't read.
    UnsupportedVersion(u64),
    /// Annotation `index` (0-based) has a tag other than the three; empty when missing.
    UnknownTag { index: usize, tag: String },
    /// Annotation `index` (0-based) has offsets that can't describe its quote.
    BadOffsets { index: usize, detail: String },
    /// Annotation `index` (0-based) has a missing or mistyped field; an empty
    /// `field` means the annotation itself.
    BadField { index: usize, field: &'static str, detail: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => {
                let mb = *bytes as f64 / (1024.0 * 1024.0);
                write!(f, "This file is {mb:.1} MB; Tagmark imports files up to {} MB.", MAX_IMPORT_BYTES / (1024 * 1024))
            }
            ImportError::NotJson { line: 0, .. } => write!(f, "This file is not JSON."),
            ImportError::NotJson { line, column } => {
                write!(f, "This file is not JSON (the error is at line {line}, column {column}).")
            }
            ImportError::TooDeep => write!(f, "{}", too_deep_message()),
            ImportError::NotTagmark(why) => write!(f, "This file is not a Tagmark export: {why}."),
            ImportError::UnsupportedVersion(v) if u64::from(EXPORT_VERSION) < *v => write!(
                f,
                "This file was made by a newer Tagmark (export version {v}); this one reads version {EXPORT_VERSION}."
            ),
            ImportError::UnsupportedVersion(v) => {
                write!(f, "This file is a version {v} export; this Tagmark reads version {EXPORT_VERSION}.")
            }
            ImportError::UnknownTag { index, tag } if tag.is_empty() => {
                write!(f, "Annotation {} has no tag; the tags are quote, statistic and event.", index + 1)
            }
            ImportError::UnknownTag { index, tag } => write!(
                f,
                "Annotation {} has an unknown tag {}; the tags are quote, statistic and event.",
                index + 1,
                shown(tag)
            ),
            ImportError::BadOffsets { index, detail } => {
                write!(f, "Annotation {} has offsets that don't fit: {detail}.", index + 1)
            }
            ImportError::BadField { index, field: "", detail } => write!(f, "Annotation {} {detail}.", index + 1),
            ImportError::BadField { index, field, detail } => {
                write!(f, "Annotation {}'s \"{field}\" {detail}.", index + 1)
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// What every import says of JSON nested deeper than [`MAX_JSON_DEPTH`].
pub(crate) fn too_deep_message() -> String {
    format!("This file's JSON is nested too deeply (more than {MAX_JSON_DEPTH} levels) to be an annotation file.")
}

/// A value from the file, quoted, shortened and with control and bidi
/// characters escaped, so a message can't be flooded or spoofed by the file.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars().take(SHOWN_CHARS) {
        out.extend(c.escape_debug());
    }
    if value.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shown_quotes_escapes_and_shortens() {
        assert_eq!(shown("opinion"), "\"opinion\"");
        assert_eq!(shown("a\u{202e}b\n"), "\"a\\u{202e}b\\n\"");
        assert_eq!(shown(&"x".repeat(SHOWN_CHARS + 1)), format!("\"{}…\"", "x".repeat(SHOWN_CHARS)));
    }

    proptest! {
        /// Whatever a file says, what a message quotes of it is short and has
        /// no control or bidi character left to act on.
        #[test]
        fn shown_is_short_and_inert(value in "\\PC*|[\u{0}-\u{1f}\u{202a}-\u{202e}\u{2066}-\u{2069}a]{0,60}") {
            let out = shown(&value);
            let bidi = |c: char| ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c);
            prop_assert!(!out.chars().any(|c| c.is_control() || bidi(c)), "{:?}", out);
            prop_assert!(out.chars().count() <= 2 + 1 + SHOWN_CHARS * 10);
        }
    }
}
