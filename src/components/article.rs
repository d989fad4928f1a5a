use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::ArticleBlock;
use crate::core::document::Document;
use crate::core::keymap::{Command, Motion, Scope};
use crate::core::suggest::Rejected;
use crate::state::{use_store, PendingSelection, Store, Suggestions};
use crate::web::keys::command;
use crate::web::lifetime::Lifetime;
use crate::web::selection::{caret_box, first_block_below, page_offset, read_selection, select_offsets};
use crate::web::words::word_boundaries;

/// What a run of blocks costs, in code points (highlights count extra): a
/// run is rendered in one go and laid out only near the viewport
/// (`content-visibility: auto`).
const RUN_SIZE: usize = 12_000;

/// Rendering time a task may take before it yields to the reader.
const SLICE_MS: f64 = 40.0;

/// The article element, shared by context with the parts of the page that
/// measure or select its text (the caret, the resize handles).
#[derive(Clone, Copy, Default)]
pub struct ArticleNode(pub NodeRef<html::Article>);

/// The article element's [`NodeRef`], provided by [`crate::Tagmark`].
pub fn use_article_node() -> NodeRef<html::Article> {
    expect_context::<ArticleNode>().0
}

/// The article, block by block. It turns the reader's selection into a
/// pending range for the tag toolbar, opens the popover on a clicked
/// highlight, and, when focused, offers a keyboard caret (the keys are in
/// [`crate::core::keymap`]). A long text is rendered a run of blocks at a
/// time after the first paint, in tasks short enough to keep the page
/// responsive; the article is `aria-busy` until every run is in.
#[component]
pub fn Article() -> impl IntoView {
    let store = use_store();
    let session = store.session;
    let article_ref = use_article_node();
    // Spans are loaded by now; each costs about as much to render as this many characters.
    let runs = session.with_doc(|doc| doc.runs(RUN_SIZE, |i| 25 * session.block_spans(i).with_untracked(Vec::len)));
    let rendering = RwSignal::new(runs.len() > 1);
    let lifetime = Lifetime::of_owner();
    let suggestions = store.suggestions;
    // The first screen is drawn with its suggestions; the rest of the text
    // is scanned once all of it is rendered (see `state/suggestions.rs`).
    suggestions.scan_run(runs[0].clone());
    if runs.len() == 1 {
        suggestions.scan_rest();
    } else {
        let rest = Rc::new(runs[1..].to_vec());
        let owner = Owner::current().expect("Article renders inside the app's owner");
        // The views must live as long as the article: their effects repaint highlights.
        let kept = StoredValue::new_local(Vec::new());
        let slices = lifetime.clone();
        lifetime.next_frame(move || {
            let job = RenderJob { article_ref, owner, runs: rest, kept, rendering, suggestions, lifetime: slices.clone() };
            slices.timeout(Duration::ZERO, move || render_slice(job, 0));
        });
    }
    // While the mouse button is down the selection is still growing; the
    // toolbar waits for mouseup instead of chasing every selectionchange.
    let dragging = StoredValue::new(false);
    // Keyboard caret: (anchor, focus) in code points.
    let caret = RwSignal::new(None::<(usize, usize)>);
    let focused = RwSignal::new(false);

    let refresh = move || {
        let Some(article) = article_ref.get_untracked() else { return };
        let read = read_selection(&article);
        let pending = read.range.and_then(|raw| {
            let (start, end) = session.with_doc(|doc| doc.normalize_selection(raw.start, raw.end))?;
            Some(PendingSelection { start, end, left: raw.page_box.0, bottom: raw.page_box.3 })
        });
        store.ui.select(pending);
        if let Some(ends) = read.ends {
            caret.set(Some(ends));
        }
    };

    let on_selection_change = Closure::<dyn Fn()>::new(move || {
        if !dragging.get_value() {
            refresh();
        }
    });
    // The listener is removed on cleanup, which the reactive system may run
    // from any thread in principle; in the browser there is only one.
    let on_selection_change = SendWrapper::new(on_selection_change);
    let document = SendWrapper::new(document());
    let _ = document
        .add_event_listener_with_callback("selectionchange", on_selection_change.as_ref().unchecked_ref());
    let mouseup = window_event_listener(leptos::ev::mouseup, move |_| {
        if dragging.get_value() {
            dragging.set_value(false);
            refresh();
        }
    });
    on_cleanup(move || {
        let _ = document
            .remove_event_listener_with_callback("selectionchange", on_selection_change.as_ref().unchecked_ref());
        mouseup.remove();
    });

    let on_click = move |ev: web_sys::MouseEvent| {
        if store.ui.pending().with_untracked(Option::is_some) {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        // A suggestion is painted inside any highlight it overlaps, so the
        // dashed text clicked is the suggestion's.
        let suggestion = target.as_ref().and_then(|el| el.closest("[data-sg]").ok().flatten());
        if let Some(key) = suggestion.and_then(|el| first_token(&el, "data-sg")) {
            store.ui.close_popover();
            store.ui.set_current_suggestion(Some(key));
            return;
        }
        let mark = target.and_then(|el| el.closest("mark[data-ids]").ok().flatten());
        let Some(mark) = mark else { return };
        let ids: Vec<String> =
            mark.get_attribute("data-ids").unwrap_or_default().split(' ').map(str::to_string).collect();
        let rect = mark.get_bounding_client_rect();
        let (dx, dy) = page_offset();
        store.ui.open_popover(ids, rect.left() + dx, rect.bottom() + dy);
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(article) = article_ref.get_untracked() else { return };
        let on_suggestion = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|el| el.has_attribute("data-sg-open"));
        if let Some(element) = on_suggestion {
            on_suggestion_key(store, &element, &ev);
            return;
        }
        if !ev.target().is_some_and(|t| t.loose_eq(&article)) || ev.meta_key() {
            return;
        }
        let Some(Command::Caret { motion, extend }) = command(Scope::Article, &ev, false)
        else {
            return;
        };
        ev.prevent_default();
        let (anchor, focus) = caret.get_untracked().unwrap_or((0, 0));
        let focus_to = session.with_doc(|doc| move_caret(doc, focus, motion));
        let anchor_to = if extend { anchor } else { focus_to };
        caret.set(Some((anchor_to, focus_to)));
        let _ = select_offsets(&article, anchor_to, focus_to);
        // selectionchange arrives a frame later; a tag key pressed before
        // then must already see this selection.
        refresh();
    };

    // Where the caret is drawn, measured once per change for both the
    // `Show` and the style. Measuring reads layout, so it waits for the next
    // frame: inside a change it would force a layout of the new highlights
    // before the change's own task ends.
    let caret_style = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let focus = caret.get().map(|(_, focus)| focus).filter(|_| focused.get());
        // Re-place after highlights repaint the text under the caret.
        session.annotations().track();
        let Some(focus) = focus else { return caret_style.set(None) };
        lifetime.next_frame(move || {
            // A later change (or the caret going away) has the last word.
            let still = caret.try_get_untracked().flatten().map(|(_, f)| f) == Some(focus);
            let Some(article) = article_ref.get_untracked().filter(|_| still && focused.try_get_untracked().unwrap_or(false)) else { return };
            let style = caret_box(&article, focus).map(|(left, top, bottom)| {
                let (dx, dy) = page_offset();
                format!("left: {:.1}px; top: {:.1}px; height: {:.1}px", left + dx, top + dy, bottom - top)
            });
            caret_style.try_set(style);
        });
    });

    let runs = runs
        .into_iter()
        .enumerate()
        .map(|(i, run)| {
            let style = format!("contain-intrinsic-size: auto {}px", session.with_doc(|doc| estimated_height(doc, run.clone())));
            let blocks = (i == 0).then(|| blocks_of(run));
            view! { <div class="run" style=style>{blocks}</div> }
        })
        .collect_view();
    view! {
        <article
            class="article"
            lang="zh-CN"
            tabindex="0"
            aria-label="Article. Use arrow keys to move a caret, Shift with arrows to select, then 1, 2 or 3 to tag."
            node_ref=article_ref
            aria-busy=move || rendering.get().then_some("true")
            on:mousedown=move |ev| {
                if ev.button() == 0 {
                    dragging.set_value(true);
                    store.ui.select(None);
                    store.ui.close_popover();
                    // A click on a suggestion opens it again, on click.
                    store.ui.set_current_suggestion(None);
                }
            }
            on:click=on_click
            on:keydown=on_keydown
            on:focus=move |_| {
                focused.set(true);
                if caret.get_untracked().is_none() {
                    let start = first_visible_block_start(store, article_ref);
                    caret.set(Some((start, start)));
                }
            }
            on:blur=move |_| focused.set(false)
        >
            {runs}
        </article>
        <Show when=move || caret_style.with(Option::is_some)>
            <div class="caret" aria-hidden="true" style=move || caret_style.get().unwrap_or_default()></div>
        </Show>
    }
}

/// A key pressed on the suggestion that begins at `element`: the current
/// one if it begins there, else the first that does.
fn on_suggestion_key(store: Store, element: &web_sys::Element, ev: &web_sys::KeyboardEvent) {
    // A drag that began on a suggestion focused it; its keys are the selection's.
    if store.ui.pending().with_untracked(Option::is_some) {
        return;
    }
    let Some(command) = command(Scope::Suggestion, ev, false) else { return };
    let current = store.ui.current_suggestion().with_untracked(Clone::clone);
    let opens_here = |key: &Rejected| {
        element.get_attribute("data-sg-open").is_some_and(|open| open.split(' ').any(|t| t == key.token()))
    };
    let Some(key) = current.filter(opens_here).or_else(|| first_token(element, "data-sg-open")) else { return };
    ev.prevent_default();
    // The tag keys also tag a selection; here they mean this suggestion.
    ev.stop_propagation();
    match command {
        Command::Accept(tag) => store.accept_suggestion(&key, tag),
        Command::Reject => store.reject_suggestion(&key),
        Command::ClosePopover => store.ui.set_current_suggestion(None),
        _ => {}
    }
}

/// The first suggestion named by `element`'s `attribute`.
fn first_token(element: &web_sys::Element, attribute: &str) -> Option<Rejected> {
    element.get_attribute(attribute)?.split(' ').find_map(Rejected::from_token)
}

/// Where the caret goes from `focus` for `motion`. Costs the block it is in.
fn move_caret(doc: &Document, focus: usize, motion: Motion) -> usize {
    let blocks = doc.blocks();
    let here = blocks.partition_point(|b| b.end < focus).min(blocks.len() - 1);
    let block = &blocks[here];
    let next = blocks.get(here + 1);
    let previous = here.checked_sub(1).map(|i| &blocks[i]);
    let word_boundaries = || word_boundaries(doc.block_text(here)).into_iter().map(|b| block.start + b);
    match motion {
        Motion::Word(step) if step > 0 => {
            word_boundaries().find(|&b| b > focus).or_else(|| next.map(|b| b.start)).unwrap_or(focus)
        }
        Motion::Word(_) => word_boundaries().rfind(|&b| b < focus).or_else(|| previous.map(|b| b.end)).unwrap_or(focus),
        Motion::Char(step) if step > 0 && focus == block.end => next.map_or(focus, |b| b.start),
        Motion::Char(step) if step < 0 && focus == block.start => previous.map_or(focus, |b| b.end),
        Motion::Char(step) => doc.step_grapheme(focus, step),
        Motion::Block(step) => {
            let target = if step > 0 { next } else { previous };
            let fallback = if step > 0 { block.end } else { block.start };
            target.map_or(fallback, |b| (b.start + (focus - block.start)).min(b.end))
        }
        Motion::BlockStart => block.start,
        Motion::BlockEnd => block.end,
    }
}

/// The start of the first block on screen, so the caret appears where the reader is.
fn first_visible_block_start(store: Store, article: NodeRef<html::Article>) -> usize {
    article
        .get_untracked()
        .and_then(|article| first_block_below(&article, 60.0))
        .unwrap_or_else(|| store.session.with_doc(|doc| doc.blocks()[0].start))
}

fn blocks_of(run: Range<usize>) -> impl IntoView {
    run.map(|index| view! { <ArticleBlock index=index /> }).collect_view()
}

/// About how tall a run is at the usual column width (36 Hanzi a line),
/// so the scroll bar is close to right before the run is laid out; the
/// browser keeps the real height once it has been.
fn estimated_height(doc: &Document, run: Range<usize>) -> usize {
    const LINE: usize = 34;
    const CHARS_PER_LINE: usize = 36;
    doc.blocks()[run].iter().map(|b| (b.end - b.start).div_ceil(CHARS_PER_LINE) * LINE + LINE / 2).sum()
}

/// Renders the remaining runs into their placeholders, as many as fit in
/// [`SLICE_MS`] per task, then lets the page handle input before going on.
///
/// Each run is mounted with `leptos::mount::mount_to` under the article's
/// owner (so it sees the app's context and is disposed with the article)
/// rather than as a reactive child: a reactive child is built later by the
/// scheduler, so this loop could not tell how long its work took and stop
/// at [`SLICE_MS`].
fn render_slice(job: RenderJob, next: usize) {
    // Gone (the app was unmounted): nothing to render into.
    let Some(article) = job.article_ref.get_untracked() else { return };
    let clock = window().performance();
    let now = || clock.as_ref().map_or(0.0, |p| p.now());
    let began = now();
    let mut next = next;
    while next < job.runs.len() && now() - began < SLICE_MS {
        // Placeholder 0 holds the first run, rendered with the article.
        let host = article.children().item(next as u32 + 1).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let Some(host) = host else { return };
        let run = job.runs[next].clone();
        let mounted = job.owner.with(|| leptos::mount::mount_to(host, move || blocks_of(run).into_any()));
        job.kept.update_value(|views| views.push(Box::new(mounted)));
        next += 1;
    }
    if next < job.runs.len() {
        // The reader may leave before the next slice: it then never runs.
        let lifetime = job.lifetime.clone();
        lifetime.timeout(Duration::ZERO, move || render_slice(job, next));
    } else {
        job.rendering.set(false);
        job.suggestions.scan_rest();
    }
}

/// What the slices of one article's rendering share.
struct RenderJob {
    article_ref: NodeRef<html::Article>,
    owner: Owner,
    runs: Rc<Vec<Range<usize>>>,
    /// The views must live as long as the article: their effects repaint highlights.
    kept: StoredValue<Vec<Box<dyn std::any::Any>>, LocalStorage>,
    rendering: RwSignal<bool>,
    suggestions: Suggestions,
    /// The article's: it ends when the reader leaves the document.
    lifetime: Lifetime,
}
