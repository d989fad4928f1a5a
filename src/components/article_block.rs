use leptos::prelude::*;

use std::sync::Arc;

use crate::core::block_paint::{paint_block, PartPaint, PiecePaint};
use crate::core::document::{BlockKind, Document};
use crate::core::sections::{by_section, sections, SECTION_SIZE};
use crate::state::use_store;

/// Highlights on a block from which its pieces are keyed (see `ArticleBlock`).
const KEYED_FROM: usize = 8;

/// A piece's key: a hash of its whole look (an equal look keeps its nodes).
/// A hash, not a copy, because every dense block keeps its pieces' keys.
fn look(piece: &PiecePaint) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    piece.hash(&mut hasher);
    hasher.finish()
}

/// One block of the article (headline, paragraph, caption…) with its
/// highlights and suggestions painted. Only blocks whose highlights or
/// suggestions changed re-render.
#[component]
pub fn ArticleBlock(index: usize) -> impl IntoView {
    let store = use_store();
    let session = store.session;
    let doc = session.doc();
    let (kind, start, end) = {
        let block = &doc.blocks()[index];
        (block.kind, block.start, block.end)
    };
    let spans = session.block_spans(index);
    let suggestions = store.suggestions;
    let shown = store.ui.suggestions_shown();
    let cut = sections(doc.block_text(index), start, SECTION_SIZE);
    if cut.len() > 1 {
        let text = sectioned(doc, cut, spans, move || if shown.get() { suggestions.offered(index) } else { Vec::new() });
        return block_element(kind, start, text);
    }
    // Hidden suggestions are not followed: the block repaints for them
    // only while they are shown.
    let pieces = move || {
        if shown.get() {
            let offered = suggestions.offered(index);
            spans.with(|spans| paint_block(start, end, spans, &offered))
        } else {
            spans.with(|spans| paint_block(start, end, spans, &[]))
        }
    };
    // A dense block's pieces are keyed by their look, so a change rebuilds
    // only the pieces it touches. Keying costs memory a piece (and so does
    // switching at run time), so the choice is made when the block is
    // created: a block with few highlights, most of a long text, is
    // redrawn whole, which for a few pieces is as cheap.
    let text = if spans.with_untracked(Vec::len) >= KEYED_FROM {
        view! { <For each=pieces key=look children=move |piece| render_piece(&doc, piece) /> }.into_any()
    } else {
        (move || pieces().into_iter().map(|piece| render_piece(&doc, piece)).collect::<Vec<_>>()).into_any()
    };
    block_element(kind, start, text)
}

/// The block's element for its kind, around its painted text.
fn block_element(kind: BlockKind, start: usize, text: AnyView) -> AnyView {
    match kind {
        BlockKind::Title => view! { <h1 class="title" data-start=start>{text}</h1> }.into_any(),
        BlockKind::Subtitle => view! { <p class="subtitle" data-start=start>{text}</p> }.into_any(),
        BlockKind::Lead => view! { <p class="lead" data-start=start>{text}</p> }.into_any(),
        BlockKind::Heading => view! { <h2 class="section" data-start=start>{text}</h2> }.into_any(),
        BlockKind::Paragraph => view! { <p data-start=start>{text}</p> }.into_any(),
        BlockKind::Caption => view! {
            <figure class="photo">
                <div class="photo-frame" aria-hidden="true"></div>
                <figcaption lang="en" data-start=start>{text}</figcaption>
            </figure>
        }
        .into_any(),
        BlockKind::Source => view! { <p class="source" data-start=start>{text}</p> }.into_any(),
        BlockKind::Quote => view! { <blockquote data-start=start>{text}</blockquote> }.into_any(),
    }
}

/// A long block's text, a section at a time (see `core/sections.rs`): each
/// section repaints only when its own spans or suggestions change, and is
/// laid out only near the viewport.
fn sectioned(
    doc: Arc<Document>,
    cut: Vec<(usize, usize)>,
    spans: ReadSignal<Vec<crate::core::segments::Span>>,
    offered: impl Fn() -> Vec<crate::core::suggest::offer::Suggestion> + Send + Sync + 'static,
) -> AnyView {
    let bounds = cut.clone();
    let shares = Memo::new(move |_| spans.with(|spans| by_section(&bounds, spans, &offered())));
    cut.into_iter()
        .enumerate()
        .map(|(i, (start, end))| {
            let mine = Memo::new(move |_| shares.with(|all| all[i].clone()));
            let doc = doc.clone();
            // The browser keeps the real height once it has laid the section out.
            let height = format!("contain-intrinsic-size: auto {}px", (end - start).div_ceil(36) * 34);
            view! {
                <span class="section" data-part=start style=height>
                    {move || mine.with(|(spans, offered)| paint_block(start, end, spans, offered)).into_iter().map(|piece| render_piece(&doc, piece)).collect::<Vec<_>>()}
                </span>
            }
        })
        .collect_view()
        .into_any()
}

/// A piece of the block: text, or a `<mark>` (a piece of highlight); in
/// either, the runs under suggestions are dashed `<span class="sg">`s.
fn render_piece(doc: &Document, piece: PiecePaint) -> AnyView {
    let inner = if piece.parts.is_empty() {
        vec![doc.slice(piece.start, piece.end).to_string().into_any()]
    } else {
        piece.parts.into_iter().map(|part| render_part(doc, part)).collect()
    };
    let Some(mark) = piece.mark else { return inner.into_any() };
    // One attribute each (a long text has tens of thousands of marks);
    // a single tag's colour comes from the stylesheet, by data-tags.
    view! {
        <mark class=mark.class data-tags=mark.tags data-ids=mark.ids aria-description=mark.description style=mark.bands>
            {inner}
        </mark>
    }
    .into_any()
}

fn render_part(doc: &Document, part: PartPaint) -> AnyView {
    let text = doc.slice(part.start, part.end).to_string();
    let Some(sg) = part.suggested else { return text.into_any() };
    view! {
        <span class="sg" data-sg=sg.tokens data-sg-tags=sg.tags data-sg-open=sg.opens aria-description=sg.description>
            {text}
        </span>
    }
    .into_any()
}
