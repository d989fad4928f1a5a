//! The open document's suggestions: what the three sources find, block by
//! block, and what each block offers once the reader's annotations and
//! rejections are taken out. The first run of blocks is scanned just
//! before it is rendered, so the first screen shows its suggestions at
//! once; the rest once the article is all rendered, in short background
//! slices, so a long text neither loads slower nor blocks the page. What
//! the reader tags is learned after the paint, and reaches only the blocks
//! where the phrase occurs.

use leptos::prelude::*;

mod learning;

use learning::{learned_in, others_phrases, phrases_on};

use crate::core::annotation::Tag;
use crate::core::document::Document;
use crate::core::sections::{sections, SECTION_SIZE};
use crate::core::suggest::learned::{DocPhrases, Lexicon};
use crate::core::suggest::offer::{self, Suggestion};
use crate::core::suggest::patterns::{self, Pattern};
use crate::core::suggest::{rules, Found, Rejected};
use crate::state::session::BlockSignal;
use crate::state::{PatternBook, Session};
use crate::web::clock::monotonic_ms;
use crate::web::regex::Regex;
use crate::web::paint;

/// Most blocks a background slice changes: each repaints in the same task.
const REPAINTS_PER_SLICE: usize = 8;

/// Most learned-phrase suggestions kept for one document.
pub const MAX_LEARNED: usize = 20_000;

/// Most learned-phrase suggestions kept for one block (a paragraph).
pub const LEARNED_PER_BLOCK: usize = 24;

/// Longest a slice of the background scan runs before the page gets a
/// turn (ms). The blocks it changed repaint in the same task, which costs
/// several times the scan (measured: an 8 ms slice made 50–100 ms tasks).
const SLICE_MS: f64 = 3.0;

/// Blocks counted together (see `Suggestions::new`): a change costs a
/// group of this many and one pass over the groups.
const COUNT_GROUP: usize = 64;

/// Block `index`'s offer from its finds, spans and rejections (tracked).
fn offer_of(session: Session, found: StoredValue<Vec<BlockSignal<Vec<Found>>>>, index: usize) -> Vec<Suggestion> {
    let finds = found.with_value(|all| all[index].0);
    // A block with no finds (most of them) offers nothing, whatever its spans.
    finds.with(|f| {
        if f.is_empty() {
            return Vec::new();
        }
        session.block_spans(index).with(|s| session.block_rejected(index).with(|r| offer::offer(f, s, r)))
    })
}

/// See the module comment. `Copy`: its parts live in the document's owner.
#[derive(Clone, Copy)]
pub struct Suggestions {
    session: Session,
    book: PatternBook,
    /// Each block's settled finds, from every source.
    found: StoredValue<Vec<BlockSignal<Vec<Found>>>>,
    counts: Memo<[usize; 3]>,
    /// Which blocks have been scanned with the current patterns.
    scanned: StoredValue<Vec<bool>>,
    /// How many of them, for [`Suggestions::ready`].
    scanned_count: RwSignal<usize>,
    /// The patterns blocks are scanned with.
    patterns: StoredValue<Vec<Pattern>>,
    /// Set once the article has rendered every block: the rest of the scan
    /// may run in the background from then on.
    rest_allowed: StoredValue<bool>,
    lexicon: StoredValue<Lexicon>,
    /// This document's share of the lexicon, as last learned.
    own: StoredValue<DocPhrases>,
    /// Bumped by every new scan, so an older one still in flight stops.
    scan: StoredValue<u64>,
    learning_queued: StoredValue<bool>,
    /// Why this document's phrases could not be kept for the others, if so.
    problem: RwSignal<Option<String>>,
    /// Learned suggestions held now, and whether [`MAX_LEARNED`] cut some.
    learned_count: StoredValue<usize>,
    capped: RwSignal<bool>,
}

impl Suggestions {
    /// Suggestions for `session`'s document, to be scanned with `book`'s
    /// patterns and the phrases tagged across the library once
    /// [`Suggestions::start`] is called.
    pub fn new(session: Session, book: PatternBook) -> Suggestions {
        let blocks = session.with_doc(|doc| doc.blocks().len());
        let found: Vec<BlockSignal<Vec<Found>>> = (0..blocks).map(|_| signal(Vec::new())).collect();
        let found = StoredValue::new(found);
        // Counted in two levels, so a change in one block recounts its group
        // of COUNT_GROUP blocks and adds up the groups, not every block.
        let groups: Vec<Memo<[usize; 3]>> = (0..blocks.div_ceil(COUNT_GROUP))
            .map(|group| {
                let blocks = group * COUNT_GROUP..((group + 1) * COUNT_GROUP).min(blocks);
                Memo::new(move |_| {
                    let mut sum = [0; 3];
                    for i in blocks.clone() {
                        let counts = offer::count_by_tag(&offer_of(session, found, i));
                        (0..3).for_each(|t| sum[t] += counts[t]);
                    }
                    sum
                })
            })
            .collect();
        let counts = Memo::new(move |_| {
            groups.iter().fold([0; 3], |mut sum, group| {
                let counts = group.get();
                (0..3).for_each(|t| sum[t] += counts[t]);
                sum
            })
        });
        Suggestions {
            session,
            book,
            found,
            counts,
            scanned: StoredValue::new(vec![false; blocks]),
            scanned_count: RwSignal::new(0),
            patterns: StoredValue::new(Vec::new()),
            rest_allowed: StoredValue::new(false),
            lexicon: StoredValue::new(Lexicon::default()),
            own: StoredValue::new(DocPhrases::default()),
            scan: StoredValue::new(0),
            learning_queued: StoredValue::new(false),
            problem: RwSignal::new(None),
            learned_count: StoredValue::new(0),
            capped: RwSignal::new(false),
        }
    }

    /// Learns the library's phrases and starts scanning; called once the
    /// session holds the stored work, so that this document's own phrases
    /// are in the lexicon before the first block is scanned.
    pub fn start(&self) {
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("tagmark:suggestions:setup");
        }
        let session = self.session;
        let own = session.annotations().with_untracked(|list| session.with_doc(|doc| phrases_on(doc, list)));
        let mut lexicon = Lexicon::from_docs(others_phrases(session).iter());
        lexicon.add(&own);
        self.lexicon.set_value(lexicon);
        self.own.set_value(own);
        let this = *self;
        let book = self.book;
        this.patterns.set_value(book.patterns().get_untracked());
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark("tagmark:suggestions:setup", "tagmark:suggestions:setup");
        }
        // A new pattern file changes what every block finds.
        Effect::new(move |first: Option<()>| {
            let patterns = book.patterns().get();
            if first.is_some() {
                this.rescan(patterns);
            }
        });
        // Syncs what the reader tagged into the lexicon and into storage,
        // where the library's other documents read it.
        Effect::new(move |first: Option<()>| {
            session.annotations().track();
            if first.is_some() {
                this.queue_learning();
            }
        });
    }

    /// What block `index` offers (tracked): its finds, less what a
    /// highlight or a rejection has settled. Computed where it is read, not
    /// kept: a `Memo` a block would cost more memory on a long text than the
    /// recomputing costs time (see README, "One change, one cost").
    pub fn offered(&self, index: usize) -> Vec<Suggestion> {
        offer_of(self.session, self.found, index)
    }

    /// How many suggestions are offered per tag, in [`Tag::ALL`] order.
    pub fn counts(&self) -> Memo<[usize; 3]> {
        self.counts
    }

    /// Whether every block has been scanned.
    pub fn ready(&self) -> Signal<bool> {
        let scanned = self.scanned_count;
        let blocks = self.found.with_value(Vec::len);
        Signal::derive(move || scanned.get() >= blocks)
    }

    /// Whether some learned suggestions were left out (see [`MAX_LEARNED`]).
    pub fn capped(&self) -> ReadSignal<bool> {
        self.capped.read_only()
    }

    /// Why the learned phrases could not be stored, if they couldn't.
    pub fn problem(&self) -> ReadSignal<Option<String>> {
        self.problem.read_only()
    }

    /// The suggestion offered with `key`, if it still is.
    pub fn find(&self, key: &Rejected) -> Option<Suggestion> {
        let block = self.session.with_doc(|doc| doc.block_index_of(key.start));
        untrack(|| self.offered(block)).into_iter().find(|s| s.key() == *key)
    }

    /// Every suggestion of `tag` offered in the document.
    pub fn all_of(&self, tag: Tag) -> Vec<Suggestion> {
        let blocks = self.found.with_value(Vec::len);
        untrack(|| (0..blocks).flat_map(|block| self.offered(block).into_iter().filter(|s| s.tag == tag)).collect())
    }

    /// The suggestion after (`forward`) or before the one at `from` (its
    /// start and end; `None` starts from the top or the bottom), wrapping
    /// round the document. Costs the blocks it looks through.
    pub fn neighbour(&self, from: Option<(usize, usize)>, forward: bool) -> Option<Suggestion> {
        let position = |s: &Suggestion| (s.start, std::cmp::Reverse(s.end));
        let here = from.map(|(start, end)| (start, std::cmp::Reverse(end)));
        let beyond = |s: &Suggestion| here.is_none_or(|here| if forward { position(s) > here } else { position(s) < here });
        let n = self.found.with_value(Vec::len);
        let first = from.map(|(start, _)| self.session.with_doc(|doc| doc.block_index_of(start)));
        let first = first.unwrap_or(if forward { 0 } else { n.saturating_sub(1) });
        let pick = |block: usize, anywhere: bool| {
            let list = untrack(|| self.offered(block));
            let ok = |s: &&Suggestion| anywhere || beyond(s);
            if forward { list.iter().find(ok).cloned() } else { list.iter().rev().find(ok).cloned() }
        };
        // On from here to the end, then round from the other end.
        let onward: Vec<usize> = if forward { (first..n).collect() } else { (0..=first).rev().collect() };
        let round: Vec<usize> = if forward { (0..=first).collect() } else { (first..n).rev().collect() };
        onward.into_iter().find_map(|b| pick(b, false)).or_else(|| round.into_iter().find_map(|b| pick(b, true)))
    }

    /// Scans the blocks of `run` that are not scanned yet, at once: the
    /// article calls this just before it renders them, so a block is drawn
    /// with its suggestions the first time, never drawn again for them.
    pub fn scan_run(&self, run: std::ops::Range<usize>) {
        let doc = self.session.doc();
        let regexes = self.patterns.with_value(|patterns| compile(patterns));
        let performance = window().performance();
        if let Some(p) = &performance {
            let _ = p.mark("tagmark:suggestions:run");
        }
        // A long block is scanned in the background, a section a slice.
        for index in run.filter(|&i| !is_long(&doc, i)) {
            self.scan_block(&doc, index, &regexes);
        }
        if let Some(p) = &performance {
            let _ = p.measure_with_start_mark("tagmark:suggestions:run", "tagmark:suggestions:run");
        }
    }

    /// Scans what is left, in the background; the article calls this once
    /// it has rendered every block, so the scan never slows loading.
    pub fn scan_rest(&self) {
        self.rest_allowed.set_value(true);
        self.scan_in_background();
    }

    /// Scans every block anew with `patterns`, in the background.
    fn rescan(&self, patterns: Vec<Pattern>) {
        self.patterns.set_value(patterns);
        self.scan.update_value(|generation| *generation += 1);
        self.scanned.update_value(|flags| flags.iter_mut().for_each(|f| *f = false));
        self.scanned_count.set(0);
        if self.rest_allowed.get_value() {
            self.scan_in_background();
        }
    }

    /// Scans block `index` unless it is scanned; returns whether its
    /// finds changed (so that it repaints).
    fn scan_block(&self, doc: &Document, index: usize, regexes: &[CompiledRegex]) -> bool {
        if self.scanned.with_value(|flags| flags[index]) {
            return false;
        }
        let block = &doc.blocks()[index];
        let finds = self.find_in(doc, (block.start, block.end), regexes);
        self.keep_finds(index, finds)
    }

    /// What the rules, patterns and lexicon find in `[start, end)` of block `index`.
    fn find_in(&self, doc: &Document, range: (usize, usize), regexes: &[CompiledRegex]) -> Vec<Found> {
        self.lexicon.with_value(|lexicon| self.patterns.with_value(|patterns| find_in_range(doc, range, lexicon, patterns, regexes)))
    }

    /// Takes a block's finds, within the caps; returns whether they changed.
    fn keep_finds(&self, index: usize, mut finds: Vec<Found>) -> bool {
        let before = self.found.with_value(|all| all[index].0.with_untracked(|f| learned_in(f)));
        self.keep_within_cap(before, &mut finds);
        // Most blocks find nothing: they need not be told.
        let changed = self.found.with_value(|all| all[index].0.with_untracked(|old| *old != finds));
        if changed {
            self.found.with_value(|all| all[index].1.set(finds));
        }
        self.scanned.update_value(|flags| flags[index] = true);
        self.scanned_count.update(|n| *n += 1);
        changed
    }

    /// The blocks not scanned yet, in order, in slices short enough that a
    /// slice and the repainting of the blocks it changed stay one short task.
    fn scan_in_background(&self) {
        if self.scanned.with_value(|flags| flags.iter().all(|&f| f)) {
            return;
        }
        let generation = self.scan.get_value();
        let this = *self;
        let doc = self.session.doc();
        let regexes = self.patterns.with_value(|patterns| compile(patterns));
        let performance = window().performance();
        leptos::task::spawn_local(async move {
            if let Some(p) = &performance {
                let _ = p.mark("tagmark:suggestions:start");
            }
            let mut slice_began = monotonic_ms();
            let mut repainting = 0;
            let mut first_slice = true;
            for index in 0..doc.blocks().len() {
                if this.scan.try_get_value() != Some(generation) {
                    return;
                }
                if is_long(&doc, index) && !this.scanned.with_value(|flags| flags[index]) {
                    // One section a turn, each turn checked against the time.
                    let mut finds = Vec::new();
                    for part in sections(doc.block_text(index), doc.blocks()[index].start, SECTION_SIZE) {
                        finds.extend(this.find_in(&doc, part, &regexes));
                        if monotonic_ms() - slice_began > SLICE_MS {
                            paint::next_frame().await;
                            if this.scan.try_get_value() != Some(generation) {
                                return;
                            }
                            slice_began = monotonic_ms();
                        }
                    }
                    repainting += usize::from(this.keep_finds(index, finds));
                    continue;
                }
                repainting += usize::from(this.scan_block(&doc, index, &regexes));
                if monotonic_ms() - slice_began > SLICE_MS || repainting >= REPAINTS_PER_SLICE {
                    repainting = 0;
                    if let Some(p) = performance.as_ref().filter(|_| std::mem::take(&mut first_slice)) {
                        let _ = p.measure_with_start_mark("tagmark:suggestions:first-slice", "tagmark:suggestions:start");
                    }
                    paint::next_frame().await;
                    slice_began = monotonic_ms();
                }
            }
            if let Some(p) = &performance {
                let _ = p.measure_with_start_mark("tagmark:suggestions", "tagmark:suggestions:start");
            }
        });
    }

}

/// The regular-expression patterns, compiled for one scan; a stored
/// pattern the browser no longer accepts finds nothing (it was checked
/// when it was imported).
fn compile(patterns: &[Pattern]) -> Vec<CompiledRegex> {
    patterns::regexes(patterns)
        .filter_map(|(pattern, source, flags)| {
            Some(CompiledRegex { pattern: pattern.clone(), regex: Regex::new(source, flags).ok()? })
        })
        .collect()
}

/// A regular-expression pattern, compiled for one scan.
struct CompiledRegex {
    pattern: Pattern,
    regex: Regex,
}

/// Everything the three sources find in block `index`, settled.
/// Whether block `index` is cut into sections (and so scanned a section at a time).
fn is_long(doc: &Document, index: usize) -> bool {
    let block = &doc.blocks()[index];
    block.end - block.start > SECTION_SIZE
}

/// What the rules, patterns and lexicon find in `[start, end)`: a whole
/// block, or a section of a long one.
fn find_in_range(
    doc: &Document,
    (start, end): (usize, usize),
    lexicon: &Lexicon,
    patterns: &[Pattern],
    regexes: &[CompiledRegex],
) -> Vec<Found> {
    let text = doc.slice(start, end);
    let chars: Vec<char> = text.chars().collect();
    let mut finds = rules::find(&chars);
    finds.extend(patterns::find_phrases(patterns, &chars));
    for compiled in regexes {
        let matches = compiled.regex.find_all(text).into_iter();
        finds.extend(matches.filter_map(|(start, end)| patterns::regex_found(&compiled.pattern, &chars, start, end)));
    }
    finds.extend(lexicon.find(&chars));
    offer::settle(text, start, finds)
}
