use leptos::prelude::*;

use crate::core::annotation::Tag;
use crate::core::document::{BlockKind, Document};
use crate::core::segments::{segment, Span};
use crate::core::suggest::offer::Suggestion;
use crate::state::use_store;

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
    let offered = store.suggestions.block(index);
    let shown = store.ui.suggestions_shown();
    // Hidden suggestions are not followed: the block repaints for them
    // only while they are shown.
    let text = move || {
        if shown.get() {
            offered.with(|offered| spans.with(|spans| paint(&doc, start, end, spans, offered)))
        } else {
            spans.with(|spans| paint(&doc, start, end, spans, &[]))
        }
    };
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

/// The block `[start, end)` as plain text nodes and `<mark>`s, one per
/// piece of highlight; inside them (or on their own), a piece under
/// suggestions is a dashed `<span class="sg">`. Marks are cut only where
/// highlights begin and end, so suggestions never change how a highlight
/// is drawn or hide its colour.
fn paint(doc: &Document, start: usize, end: usize, spans: &[Span], suggestions: &[Suggestion]) -> Vec<AnyView> {
    let suggested: Vec<Span> =
        suggestions.iter().map(|s| Span { id: s.token(), tag: s.tag, start: s.start, end: s.end }).collect();
    segment(start, end, spans)
        .into_iter()
        .map(|piece| {
            let inner = paint_suggestions(doc, piece.start, piece.end, &suggested, suggestions);
            if piece.covered_by.is_empty() {
                return inner.into_any();
            }
            let tags: Vec<Tag> = piece.covered_by.iter().map(|&i| spans[i].tag).collect();
            let ids: Vec<&str> = piece.covered_by.iter().map(|&i| spans[i].id.as_str()).collect();
            let names: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
            let labels: Vec<&str> = tags.iter().map(|t| t.label()).collect();
            // One attribute each (a long text has tens of thousands of marks);
            // a single tag's colour comes from the stylesheet, by data-tags.
            let class = match (piece.opens.is_empty(), piece.closes.is_empty()) {
                (true, true) => "hl",
                (false, true) => "hl opens",
                (true, false) => "hl closes",
                (false, false) => "hl opens closes",
            };
            view! {
                <mark
                    class=class
                    data-tags=names.join(" ")
                    data-ids=ids.join(" ")
                    aria-description=format!("{} highlight", labels.join(" and "))
                    style=(tags.len() > 1).then(|| bands(&tags))
                >
                    {inner}
                </mark>
            }
            .into_any()
        })
        .collect()
}

/// `[start, end)` (one piece of highlight, or of plain text) as text and
/// dashed suggestion spans. `suggested` is `suggestions` as spans.
fn paint_suggestions(doc: &Document, start: usize, end: usize, suggested: &[Span], suggestions: &[Suggestion]) -> Vec<AnyView> {
    let here: Vec<usize> = (0..suggested.len()).filter(|&i| suggested[i].start < end && suggested[i].end > start).collect();
    if here.is_empty() {
        return vec![doc.slice(start, end).to_string().into_any()];
    }
    let local: Vec<Span> = here.iter().map(|&i| suggested[i].clone()).collect();
    segment(start, end, &local)
        .into_iter()
        .map(|piece| {
            let text = doc.slice(piece.start, piece.end).to_string();
            if piece.covered_by.is_empty() {
                return text.into_any();
            }
            let tokens: Vec<&str> = piece.covered_by.iter().map(|&i| local[i].id.as_str()).collect();
            let tags: Vec<&str> = piece.covered_by.iter().map(|&i| local[i].tag.as_str()).collect();
            // Where a suggestion begins; a piece of a highlight that starts
            // inside the suggestion is not its beginning.
            let opens: Vec<&str> = piece
                .covered_by
                .iter()
                .filter(|&&i| local[i].start == piece.start)
                .map(|&i| local[i].id.as_str())
                .collect();
            let described: Vec<String> = piece
                .covered_by
                .iter()
                .map(|&i| {
                    let s = &suggestions[here[i]];
                    format!("{} suggestion from {}", s.tag.label(), s.source.name())
                })
                .collect();
            view! {
                <span
                    class="sg"
                    data-sg=tokens.join(" ")
                    data-sg-tags=tags.join(" ")
                    data-sg-open=(!opens.is_empty()).then(|| opens.join(" "))
                    aria-description=described.join("; ")
                >
                    {text}
                </span>
            }
            .into_any()
        })
        .collect()
}

/// One colour band per covering annotation, so overlaps stay readable.
fn bands(tags: &[Tag]) -> String {
    let share = 100.0 / tags.len() as f64;
    let bands: Vec<String> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| format!("var(--{}) {:.2}% {:.2}%", t.as_str(), share * i as f64, share * (i + 1) as f64))
        .collect();
    format!("background-image: linear-gradient(to bottom, {})", bands.join(", "))
}
