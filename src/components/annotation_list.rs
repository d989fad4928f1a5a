use std::ops::Range;

use leptos::prelude::*;

use crate::components::annotation_entry::{entry_of, focus_entry, focus_in_list, open_from_list, reveal, Entry};
use crate::components::article::use_article_node;
use crate::components::UnplacedList;
use crate::core::annotation::{Annotation, Tag};
use crate::core::keymap::{Command, Scope};
use crate::core::list_filter::{needle, Matching};
use crate::core::list_window::{self, find_near, page_rows, rows_in_page, scroll_to_show, travel, MARGIN};
use crate::state::use_store;
use crate::web::keys::command;
use crate::web::lifetime::Lifetime;

/// A row's height (px) until the style sheet's `--row-height` is read.
const ROW_FALLBACK: f64 = 56.0;

/// The active entry: its id, and the row it was last seen at (where the
/// search for it starts after a change moved it).
pub(super) type Active = Option<(String, usize)>;

/// The side panel: every annotation in document order, with per-tag counts
/// that filter, a text filter over quotes and notes, and keyboard travel
/// (↑/↓ or j/k, PageUp/PageDown, Home/End to move, Enter to open the
/// highlight). Only the rows in view, and a margin, are in the page: rows
/// are one height, so row i sits at i × that height in a box as tall as
/// all of them, and the scroll position alone says which rows to draw.
#[component]
pub fn AnnotationList() -> impl IntoView {
    let store = use_store();
    let lifetime = Lifetime::of_owner();
    let (window_later, reveal_later) = (lifetime.clone(), lifetime);
    let session = store.session;
    let article = use_article_node();
    let annotations = session.annotations();
    let shown_tags = RwSignal::new(Tag::ALL.to_vec());
    let query = RwSignal::new(String::new());
    let counts = session.tag_counts();
    // With no filter this is the list itself, whatever its length; a
    // filter costs one pass over the list per change.
    let matching = Memo::new(move |_| {
        let needle = query.with(|q| needle(q));
        shown_tags.with(|tags| {
            annotations.with(|list| session.with_doc(|doc| Matching::of(list, tags, &needle, |a| doc.slice(a.start, a.end))))
        })
    });
    let count = Memo::new(move |_| matching.with(Matching::len));
    let active = RwSignal::<Active>::new(None);
    // The row of the active entry among those that match.
    let active_row = Memo::new(move |_| {
        active.with(|a| {
            let (id, near) = a.as_ref()?;
            matching.with(|m| annotations.with(|list| row_of(m, list, id, *near)))
        })
    });

    let viewport = NodeRef::<leptos::html::Div>::new();
    let row_height = StoredValue::new(0.0_f64);
    let row_px = move |el: &web_sys::Element| {
        if row_height.get_value() <= 0.0 {
            row_height.set_value(css_row_height(el).unwrap_or(0.0));
        }
        Some(row_height.get_value()).filter(|h| *h > 0.0).unwrap_or(ROW_FALLBACK)
    };
    // The viewport is never taller than the window: sizing the window of
    // rows by it keeps the rows enough when the list grows to its full height.
    let tallest = || window_height().unwrap_or(900.0);
    let rows_window = RwSignal::new(list_window::window(0.0, tallest(), ROW_FALLBACK, MARGIN));
    let update_window = move || {
        let Some(el) = viewport.get_untracked() else { return };
        let next = list_window::window(f64::from(el.scroll_top()), tallest(), row_px(&el), MARGIN);
        if rows_window.with_untracked(|w| *w != next) {
            // Redrawing may move the focused row in the page, which drops
            // its focus: give it back, without scrolling.
            let refocus = focus_in_list().then(|| active.get_untracked()).flatten();
            rows_window.set(next);
            if let Some((id, _)) = refocus {
                // Only the page is touched: safe even if the list is gone by then.
                request_animation_frame(move || {
                    if !focus_in_list() {
                        focus_entry(&id, false);
                    }
                });
            }
        }
    };
    // A filter that shortens the list clamps the scroll position; the
    // window follows once the list has its new height.
    Effect::new(move |_| {
        count.track();
        window_later.next_frame(update_window);
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| update_window());
    on_cleanup(move || resized.remove());

    // The rows in the page, and the active one wherever it is, so the
    // focus and the Tab stop survive scrolling it out of view.
    let rows = Memo::new(move |_| {
        let pinned = active_row.get();
        let shown: Range<usize> = rows_window.get();
        matching.with(|m| {
            annotations.with(|list| {
                rows_in_page(shown, m.len(), pinned).into_iter().map(|r| (r, list[m.index(r)].clone())).collect::<Vec<_>>()
            })
        })
    });
    // The entry with the focus is the active one, so it stays in the page
    // when scrolled away, and Tab comes back to it.
    let on_focus = move |ev: web_sys::FocusEvent| {
        if let Some(entry) = entry_of(ev.target()) {
            if active.with_untracked(|a| a.as_ref().map(|(id, _)| id) != Some(&entry.0)) {
                active.set(Some(entry));
            }
        }
    };
    // The entry Tab lands on: the active one, else the first drawn.
    let tab_stop = Memo::new(move |_| {
        rows.with(|r| {
            active
                .with(|a| a.as_ref().map(|(id, _)| id.clone()).filter(|id| r.iter().any(|(_, x)| &x.id == id)))
                .or_else(|| r.first().map(|(_, a)| a.id.clone()))
        })
    });

    let toggles = Tag::ALL
        .into_iter()
        .enumerate()
        .map(|(i, tag)| {
            view! {
                <button
                    type="button"
                    class=format!("filter {}", tag.as_str())
                    aria-pressed=move || shown_tags.with(|t| t.contains(&tag)).to_string()
                    on:click=move |_| shown_tags.update(|t| {
                        if let Some(at) = t.iter().position(|x| *x == tag) {
                            t.remove(at);
                        } else {
                            t.push(tag);
                        }
                    })
                >
                    <span class="swatch" aria-hidden="true"></span>
                    {tag.label()}
                    " "
                    <span class="count">{move || counts.get()[i]}</span>
                </button>
            }
        })
        .collect_view();

    let on_list_key = move |ev: web_sys::KeyboardEvent| {
        let how = match command(Scope::List, &ev, false) {
            Some(Command::ListMove(how)) => how,
            Some(Command::ListOpen) => {
                // The entry with focus, which Tab may have reached without making it active.
                if let Some((id, row)) = entry_of(ev.target()).or_else(|| active.get_untracked()) {
                    ev.prevent_default();
                    active.set(Some((id.clone(), row)));
                    open_from_list(store, article, &id);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let Some(el) = viewport.get_untracked() else { return };
        let row = row_px(&el);
        let height = f64::from(el.client_height());
        let Some(next) = travel(active_row.get_untracked(), how, count.get_untracked(), page_rows(height, row)) else {
            return;
        };
        let id = matching.with_untracked(|m| annotations.with_untracked(|list| list[m.index(next)].id.clone()));
        // Scroll the row into the viewport first, so the window drawn next holds it.
        if let Some(top) = scroll_to_show(next, f64::from(el.scroll_top()), height, row) {
            el.set_scroll_top(top.round() as i32);
            update_window();
        }
        active.set(Some((id.clone(), next)));
        // The row may only now be coming into the page.
        reveal_later.next_frame(move || {
            focus_entry(&id, true);
            reveal(article, &id);
        });
    };

    // On narrow screens the panel is a bottom sheet, folded until asked for.
    let expanded = RwSignal::new(false);
    view! {
        <aside class="panel" class:expanded=move || expanded.get() aria-label="Annotations">
            <button
                type="button"
                class="panel-toggle"
                aria-expanded=move || expanded.get().to_string()
                aria-controls="panel-body"
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                {move || format!("Annotations ({})", annotations.with(Vec::len))}
            </button>
            <div class="panel-body" id="panel-body">
            <h2 class="panel-title">"Annotations"</h2>
            <div class="filters" role="group" aria-label="Show tags">{toggles}</div>
            <label class="search">
                <span class="visually-hidden">"Filter annotations"</span>
                <input
                    type="search"
                    placeholder="Filter quotes and notes"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            <p class="panel-empty" hidden=move || count.get() != 0>
                {move || if annotations.with(Vec::is_empty) {
                    "Select text in the article and press 1, 2 or 3 to tag it."
                } else {
                    "No annotation matches the filter."
                }}
            </p>
            <div class="entries-viewport" node_ref=viewport on:scroll=move |_| update_window()>
                <ol class="entries" style=move || format!("--rows: {}", count.get()) on:keydown=on_list_key on:focusin=on_focus>
                    <For
                        each=move || rows.get()
                        key=|(row, a)| (*row, a.id.clone(), a.modified.clone(), a.start, a.end)
                        children=move |(row, a): (usize, Annotation)| {
                            view! { <Entry annotation=a row=row size=count active=active tab_stop=tab_stop /> }
                        }
                    />
                </ol>
            </div>
            <UnplacedList />
            </div>
        </aside>
    }
}

/// The row of the entry `id` among `matching`, looked for from row `near`.
fn row_of(matching: &Matching, list: &[Annotation], id: &str, near: usize) -> Option<usize> {
    find_near(matching.len(), near, |r| list[matching.index(r)].id == id)
}

/// The style sheet's `--row-height` on `el`, in px.
fn css_row_height(el: &web_sys::Element) -> Option<f64> {
    let style = window().get_computed_style(el).ok()??;
    let value = style.get_property_value("--row-height").ok()?;
    // The browser's parseFloat: Rust's own float parser would add ~15 KiB of wasm.
    let px = js_sys::parse_float(value.trim().strip_suffix("px")?);
    px.is_finite().then_some(px)
}

fn window_height() -> Option<f64> {
    window().inner_height().ok()?.as_f64()
}
