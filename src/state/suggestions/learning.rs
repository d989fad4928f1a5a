//! Learning what the reader tags: this document's share of the lexicon
//! is brought up to date after the paint, stored for the library's other
//! documents, and each changed phrase reaches the blocks where it occurs,
//! in slices, within the caps on learned suggestions.

use leptos::prelude::*;

use super::{Suggestions, LEARNED_PER_BLOCK, MAX_LEARNED, REPAINTS_PER_SLICE, SLICE_MS};
use crate::core::annotation::{Annotation, Tag};
use crate::core::document::Document;
use crate::core::suggest::learned::{self, DocPhrases};
use crate::core::suggest::{offer, Found, Source};
use crate::state::Session;
use crate::web::clock::monotonic_ms;
use crate::web::{paint, suggestion_store};

impl Suggestions {
    pub(super) fn queue_learning(&self) {
        if self.learning_queued.get_value() {
            return;
        }
        self.learning_queued.set_value(true);
        let this = *self;
        paint::after_next_paint(move || {
            if this.learning_queued.try_get_value().is_some() {
                this.learning_queued.set_value(false);
                this.learn();
            }
        });
    }

    /// The blocks where `phrase` occurs whole, with its starts in each.
    fn blocks_with(doc: &Document, phrase: &str) -> Vec<(usize, Vec<usize>)> {
        let len = phrase.chars().count();
        let mut by_block: Vec<(usize, Vec<usize>)> = Vec::new();
        for start in doc.occurrences(phrase) {
            let block = doc.block_index_of(start);
            if start + len > doc.blocks()[block].end {
                continue;
            }
            match by_block.last_mut() {
                Some((b, starts)) if *b == block => starts.push(start),
                _ => by_block.push((block, vec![start])),
            }
        }
        by_block
    }

    /// Tells block `block` what the lexicon now says of `phrase`, found at
    /// `starts`; returns whether its finds changed (so that it repaints).
    fn relearn_block(&self, block: usize, phrase: &str, starts: &[usize]) -> bool {
        let entry = self.lexicon.with_value(|lexicon| lexicon.entry(phrase));
        let old = self.found.with_value(|all| all[block].0.get_untracked());
        let mut finds = old.clone();
        let before = learned_in(&finds);
        offer::relearn(&mut finds, phrase, starts, entry.as_ref());
        self.keep_within_cap(before, &mut finds);
        let changed = finds != old;
        if changed {
            self.found.with_value(|all| all[block].1.set(finds));
        }
        changed
    }

    /// Keeps, of a block's new `finds` (which had `before` learned ones),
    /// at most [`LEARNED_PER_BLOCK`] learned finds (the surest and longest)
    /// and no more than [`MAX_LEARNED`] in the document: a phrase that
    /// recurs everywhere must not bury the text, or the memory, under
    /// suggestions no one can review. Whether a cap cut some is shown.
    pub(super) fn keep_within_cap(&self, before: usize, finds: &mut Vec<Found>) {
        let total = self.learned_count.get_value().saturating_sub(before);
        let allowed = MAX_LEARNED.saturating_sub(total).min(LEARNED_PER_BLOCK);
        let (mut learned, rest): (Vec<Found>, Vec<Found>) =
            std::mem::take(finds).into_iter().partition(|f| matches!(f.source, Source::Learned(_)));
        let cut = learned.len() > allowed;
        if cut {
            crate::core::sort::by(&mut learned, |a, b| b.score.total_cmp(&a.score).then((b.end - b.start).cmp(&(a.end - a.start))));
            learned.truncate(allowed);
        }
        self.learned_count.set_value(total + learned.len());
        *finds = rest;
        finds.append(&mut learned);
        if cut && !self.capped.get_untracked() {
            self.capped.set(true);
        }
    }

    /// Brings this document's share of the lexicon up to date and tells
    /// the blocks where a changed phrase occurs.
    fn learn(&self) {
        let session = self.session;
        let Some(doc) = session.try_with_doc(|_| session.doc()) else { return };
        let now = session.annotations().with_untracked(|list| phrases_on(&doc, list));
        let before = self.own.get_value();
        if now == before {
            return;
        }
        let changed = changed_phrases(&before, &now);
        self.lexicon.update_value(|lexicon| {
            lexicon.remove(&before);
            lexicon.add(&now);
        });
        // A phrase may occur in every block of a long text: telling them
        // is sliced like the scan, block by block, so the tag that caused
        // it is painted first and no task runs long.
        let this = *self;
        let text = doc.clone();
        leptos::task::spawn_local(async move {
            let mut slice_began = monotonic_ms();
            // Each block told repaints after the slice: they are counted too.
            let mut repainting = 0;
            for phrase in changed {
                let blocks = Suggestions::blocks_with(&text, &phrase);
                for (block, starts) in blocks {
                    // The reader may have left the document between slices.
                    if this.found.try_with_value(|_| ()).is_none() {
                        return;
                    }
                    repainting += usize::from(this.relearn_block(block, &phrase, &starts));
                    if monotonic_ms() - slice_began > SLICE_MS || repainting >= REPAINTS_PER_SLICE {
                        paint::next_frame().await;
                        (slice_began, repainting) = (monotonic_ms(), 0);
                    }
                }
            }
        });
        let problem = suggestion_store::save_phrases(doc.id(), &learned::encode(&now)).err();
        self.own.set_value(now);
        if self.problem.with_untracked(|p| *p != problem) {
            self.problem.set(problem);
        }
    }
}

/// How many of `finds` are learned phrases.
pub(super) fn learned_in(finds: &[Found]) -> usize {
    finds.iter().filter(|f| matches!(f.source, Source::Learned(_))).count()
}

/// The phrases the reader tagged on `doc`, counted per tag.
pub(super) fn phrases_on(doc: &Document, list: &[Annotation]) -> DocPhrases {
    learned::phrases_of(list.iter().map(|a| (doc.slice(a.start, a.end), a.tag)))
}

/// Every other document's tagged phrases; one that can't be read is left
/// out (and left alone: its document rewrites it when next edited).
pub(super) fn others_phrases(session: Session) -> Vec<DocPhrases> {
    let id = session.with_doc(|doc| doc.id().to_string());
    suggestion_store::all_phrases(&id).into_iter().filter_map(|(_, value)| learned::decode(&value).ok()).collect()
}

/// Phrases whose counts differ between two of a document's phrase lists
/// (both sorted, as [`learned::phrases_of`] makes them, so each lookup is a
/// binary search: a document may have tens of thousands).
fn changed_phrases(before: &DocPhrases, now: &DocPhrases) -> Vec<String> {
    let missing_from = |list: &DocPhrases, entry: &&(String, Tag, u32)| list.binary_search(entry).is_err();
    let mut changed: Vec<String> = before
        .iter()
        .filter(|entry| missing_from(now, entry))
        .chain(now.iter().filter(|entry| missing_from(before, entry)))
        .map(|(phrase, _, _)| phrase.clone())
        .collect();
    crate::core::sort::ascending(&mut changed);
    changed.dedup();
    changed
}
