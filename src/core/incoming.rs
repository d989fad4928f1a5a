//! An annotation read from a file, before it has a place on the current text.
//!
//! It has its own type, rather than being the Tagmark export's, because it is
//! also stored (the `unplaced` list of the stored value): the stored format
//! must not change shape when an export format does.

use serde::{Deserialize, Serialize};

use crate::core::annotation::Tag;

/// One annotation as read from a file, in any importable format, with
/// `modified` filled from `created` when the file has none. Strings are kept
/// byte for byte.
///
/// Its JSON is stored: keep the fields, their order and their names as they
/// are (the order is the order they are written in).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// Stable id.
    pub id: String,
    /// `quote`, `statistic` or `event`.
    pub tag: Tag,
    /// The text the annotation was made on; what anchoring looks for.
    pub quote: String,
    /// First code point in the file's text: a hint, the quote decides.
    pub start: usize,
    /// One past the last code point in the file's text.
    pub end: usize,
    /// Text just before the quote, to choose between repeats.
    pub prefix: String,
    /// Text just after the quote, to choose between repeats.
    pub suffix: String,
    /// When it was made (RFC 3339, UTC), or empty when the file doesn't say.
    pub created: String,
    /// When it last changed (RFC 3339, UTC); decides which copy wins a merge.
    pub modified: String,
    /// The reader's plain-text note (empty when there is none).
    pub note: String,
    /// Where an accepted suggestion came from, when the file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
