//! Learned phrases: every phrase the reader tagged, as a dictionary entry.
//!
//! Each document contributes its [`DocPhrases`] (phrase, tag, how many
//! annotations); the [`Lexicon`] sums them over the library, and its
//! [`Lexicon::find`] suggests the phrases' other occurrences with the tag the
//! reader gave them most often.

use std::collections::HashMap;

use super::{Found, Source};
use crate::core::annotation::Tag;

/// Phrases shorter than this (in code points) are not learned: a single
/// Hanzi such as 会 is everywhere and means nothing on its own.
pub const MIN_CHARS: usize = 2;
/// Phrases longer than this are not learned: a tagged paragraph will not
/// recur word for word, and would only slow the scan.
pub const MAX_CHARS: usize = 200;

/// One document's contribution: (phrase, tag, how many of its annotations
/// carry that phrase with that tag), sorted by phrase then tag.
pub type DocPhrases = Vec<(String, Tag, u32)>;

/// The phrases of one document's annotations, given as (annotated text,
/// tag): trimmed, those outside [`MIN_CHARS`]..=[`MAX_CHARS`] code points
/// dropped, counted, sorted and deduplicated.
pub fn phrases_of<'a>(annotations: impl Iterator<Item = (&'a str, Tag)>) -> DocPhrases {
    let mut counts: HashMap<(String, Tag), u32> = HashMap::new();
    for (text, tag) in annotations {
        let phrase = text.trim();
        let len = phrase.chars().count();
        if (MIN_CHARS..=MAX_CHARS).contains(&len) {
            *counts.entry((phrase.to_string(), tag)).or_default() += 1;
        }
    }
    let mut phrases: DocPhrases = counts.into_iter().map(|((p, t), n)| (p, t, n)).collect();
    crate::core::sort::ascending(&mut phrases);
    phrases
}

/// A tag's place in [`Tag::ALL`], the order of the counts.
fn index(tag: Tag) -> usize {
    Tag::ALL.iter().position(|&t| t == tag).expect("every tag is in Tag::ALL")
}

/// The library's dictionary: each phrase with how many annotations carry it
/// with each tag, indexed by its first two characters so [`Lexicon::find`]
/// scans a text once whatever the number of entries (every entry has at
/// least [`MIN_CHARS`] = 2 code points).
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Phrase → counts in [`Tag::ALL`] order; never all zero.
    counts: HashMap<String, [u32; 3]>,
    /// First two characters → the entries starting with them, longest first.
    by_start: HashMap<(char, char), Vec<Entry>>,
}

/// A phrase in the index, as characters to compare and as the key of its counts.
#[derive(Clone, Debug)]
struct Entry {
    chars: Box<[char]>,
    phrase: String,
}

impl Lexicon {
    /// The sum of every document's phrases.
    pub fn from_docs<'a>(docs: impl IntoIterator<Item = &'a DocPhrases>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for doc in docs {
            lexicon.add(doc);
        }
        lexicon
    }

    /// Adds one document's phrases (when it is opened or its annotations change).
    pub fn add(&mut self, doc: &DocPhrases) {
        for (phrase, tag, n) in doc {
            if *n == 0 || !(MIN_CHARS..=MAX_CHARS).contains(&phrase.chars().count()) {
                continue;
            }
            let counts = self.counts.entry(phrase.clone()).or_insert_with(|| {
                let chars: Box<[char]> = phrase.chars().collect();
                let bucket = self.by_start.entry((chars[0], chars[1])).or_default();
                let at = bucket.partition_point(|e| e.chars.len() >= chars.len());
                bucket.insert(at, Entry { chars, phrase: phrase.clone() });
                [0; 3]
            });
            counts[index(*tag)] = counts[index(*tag)].saturating_add(*n);
        }
    }

    /// Takes back what [`add`](Lexicon::add) added for the same phrases, so
    /// the app swaps a changed document's contribution by removing the old
    /// list and adding the new one. A phrase whose counts reach zero is forgotten.
    pub fn remove(&mut self, doc: &DocPhrases) {
        for (phrase, tag, n) in doc {
            let Some(counts) = self.counts.get_mut(phrase.as_str()) else { continue };
            counts[index(*tag)] = counts[index(*tag)].saturating_sub(*n);
            if counts.iter().all(|&c| c == 0) {
                self.counts.remove(phrase.as_str());
                let mut chars = phrase.chars();
                let key = (chars.next().unwrap_or(' '), chars.next().unwrap_or(' '));
                if let Some(bucket) = self.by_start.get_mut(&key) {
                    bucket.retain(|e| e.phrase != *phrase);
                    if bucket.is_empty() {
                        self.by_start.remove(&key);
                    }
                }
            }
        }
    }

    /// How many phrases the lexicon holds.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether the reader has tagged nothing learnable yet.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The phrase's suggestion: its majority tag, score and the other tags
    /// it was given (see [`score`]).
    pub fn entry(&self, phrase: &str) -> Option<(Tag, f32, Vec<Tag>)> {
        self.counts.get(phrase).map(score)
    }

    /// Every occurrence of every phrase in one block's text, in code points
    /// of `text`. At each position only the longest phrase starting there is
    /// taken, and one lying wholly inside an earlier find is dropped (160多个
    /// 国家 hides 多个国家 within it); finds that cross each other are all
    /// kept, for the reader to choose.
    pub fn find(&self, text: &[char]) -> Vec<Found> {
        let mut found = Vec::new();
        let mut covered = 0;
        for start in 0..text.len().saturating_sub(1) {
            let Some(bucket) = self.by_start.get(&(text[start], text[start + 1])) else { continue };
            let Some(entry) = bucket.iter().find(|e| text[start..].starts_with(&e.chars)) else { continue };
            let end = start + entry.chars.len();
            if end <= covered {
                continue;
            }
            covered = end;
            let (tag, score, alternatives) = score(&self.counts[entry.phrase.as_str()]);
            found.push(Found { start, end, tag, source: Source::Learned(entry.phrase.clone()), score, alternatives });
        }
        found
    }
}

/// A phrase's suggestion from its counts. The tag is the majority (most
/// annotations; a tie goes to the tag first in [`Tag::ALL`]), the
/// alternatives the other tags it was given, most frequent first. With
/// `m` the majority's count and `n` the total,
///
/// score = (m / n) · (n / (n + 1)) = m / (n + 1)
///
/// the consistency of the reader's tagging times a confidence that grows
/// with the number of times tagged: once → 0.5, four times alike → 0.8, three
/// quotes and one event → 0.75 · 0.8 = 0.6.
pub fn score(counts: &[u32; 3]) -> (Tag, f32, Vec<Tag>) {
    let mut order: Vec<usize> = (0..3).collect();
    // Stable: equal counts keep Tag::ALL order.
    crate::core::sort::by_key(&mut order, |&i| std::cmp::Reverse(counts[i]));
    let majority = counts[order[0]];
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    let score = if total == 0 { 0.0 } else { (majority as f64 / (total as f64 + 1.0)) as f32 };
    let alternatives = order[1..].iter().filter(|&&i| counts[i] > 0).map(|&i| Tag::ALL[i]).collect();
    (Tag::ALL[order[0]], score, alternatives)
}

/// A document's phrases for localStorage, compactly:
/// `[["160多个国家","s",2],…]` with [`Tag::code`].
pub fn encode(phrases: &DocPhrases) -> String {
    let rows: Vec<(&str, &str, u32)> = phrases.iter().map(|(p, t, n)| (p.as_str(), t.code(), *n)).collect();
    serde_json::to_string(&rows).expect("strings and numbers serialize")
}

/// Reads back [`encode`]'s form; a stored value that is not that form, or
/// has an unknown tag code, is refused with a message (never a panic: the
/// storage may hold anything).
pub fn decode(stored: &str) -> Result<DocPhrases, String> {
    let rows: Vec<(String, String, u32)> =
        serde_json::from_str(stored).map_err(|e| format!("the stored phrases are not a list of [phrase, tag, count]: {e}"))?;
    rows.into_iter()
        .enumerate()
        .map(|(i, (phrase, code, n))| match Tag::from_code(&code) {
            Some(tag) => Ok((phrase, tag, n)),
            None => Err(format!("stored phrase {} has the tag code \"{code}\"; the codes are q, s and e", i + 1)),
        })
        .collect()
}

#[cfg(test)]
mod tests;
