use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::core::annotation::Tag;
use crate::core::text::shorten;
use crate::store::{use_store, Popover};

/// Edits one highlight: its tag, its note, its edges; tags every other
/// occurrence; deletes it. Where highlights overlap it first asks which one.
/// Focus moves in when it opens; Esc closes it and gives focus back.
#[component]
pub fn AnnotationPopover() -> impl IntoView {
    let store = use_store();
    let panel = NodeRef::<Div>::new();
    let opener: StoredValue<Option<SendWrapper<web_sys::HtmlElement>>> = StoredValue::new(None);

    // What is shown changes only with the choice, not with every edit, so
    // typing in the note never rebuilds the textarea under the caret.
    let showing = Memo::new(move |_| store.popover.with(|p| p.as_ref().map(|p| (p.candidates.clone(), p.chosen.clone()))));

    Effect::new(move |was_open: Option<bool>| {
        let open = showing.with(Option::is_some);
        if open && was_open != Some(true) {
            let active = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            opener.set_value(active.map(SendWrapper::new));
        }
        if open {
            focus_first_control(panel);
        }
        open
    });

    let close = move || {
        if let Some(id) = store.popover.get_untracked().and_then(|p| p.chosen) {
            store.history.update(|h| h.end_burst());
            let _ = id;
        }
        store.popover.set(None);
        if let Some(el) = opener.get_value() {
            let _ = el.focus();
        }
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            close();
            return;
        }
        let in_text = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).is_some();
        let Some(id) = store.popover.with_untracked(|p| p.as_ref().and_then(|p| p.chosen.clone())) else { return };
        if in_text || !ev.alt_key() {
            return;
        }
        let step: isize = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        };
        ev.prevent_default();
        nudge(store, &id, !ev.shift_key(), step);
    };

    let position = move || {
        store.popover.with(|p| {
            p.as_ref().map(|p| format!("left: {:.0}px; top: {:.0}px", p.left.max(8.0), p.bottom + 8.0)).unwrap_or_default()
        })
    };

    view! {
        <Show when=move || showing.with(Option::is_some)>
            <div
                class="popover"
                role="dialog"
                aria-label="Edit highlight"
                node_ref=panel
                style=position
                on:keydown=on_keydown
            >
                {move || match showing.get() {
                    Some((_, Some(id))) => view! { <Editor id=id on_close=close /> }.into_any(),
                    Some((candidates, None)) => view! { <Picker candidates=candidates /> }.into_any(),
                    None => ().into_any(),
                }}
            </div>
        </Show>
    }
}

/// "Several highlights here — which one?"
#[component]
fn Picker(candidates: Vec<String>) -> impl IntoView {
    let store = use_store();
    let choices = candidates
        .into_iter()
        .filter_map(|id| store.find(&id))
        .map(|a| {
            let id = a.id.clone();
            let quote = shorten(store.doc.slice(a.start, a.end), 24);
            view! {
                <li>
                    <button
                        type="button"
                        class=format!("pick {}", a.tag.as_str())
                        on:click=move |_| store.popover.update(|p| {
                            if let Some(p) = p {
                                p.chosen = Some(id.clone());
                            }
                        })
                    >
                        <span class="swatch" aria-hidden="true"></span>
                        {format!("{}: {quote}", a.tag.label())}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="popover-title">"Highlights overlap here. Which one?"</p>
        <ul class="pick-list">{choices}</ul>
    }
}

/// The controls for one highlight.
#[component]
fn Editor(id: String, on_close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let store = use_store();
    let id = StoredValue::new(id);
    let current = Memo::new(move |_| store.annotations.with(|list| id.with_value(|id| list.iter().find(|a| &a.id == id).cloned())));
    // Undo can remove the highlight being edited; the editor goes with it.
    Effect::new(move |_| {
        if current.with(Option::is_none) {
            on_close();
        }
    });
    let more = Memo::new(move |_| id.with_value(|id| store.untagged_occurrences(id).len()));
    let quote = move || current.with(|a| a.as_ref().map(|a| shorten(store.doc.slice(a.start, a.end), 60)).unwrap_or_default());
    let tag_buttons = Tag::ALL
        .map(|tag| {
            view! {
                <button
                    type="button"
                    class=format!("tag-choice {}", tag.as_str())
                    aria-pressed=move || current.with(|a| a.as_ref().is_some_and(|a| a.tag == tag)).to_string()
                    on:click=move |_| id.with_value(|id| store.retag(id, tag))
                >
                    <span class="swatch" aria-hidden="true"></span>
                    {tag.label()}
                </button>
            }
        })
        .collect_view();
    let edge = move |label: &'static str, text: &'static str, move_start: bool, step: isize| {
        view! {
            <button
                type="button"
                class="edge"
                aria-label=label
                title=label
                on:click=move |_| id.with_value(|id| nudge(store, id, move_start, step))
            >
                {text}
            </button>
        }
    };
    view! {
        <p class="popover-title">
            <span class="popover-quote" lang="zh-CN">{quote}</span>
        </p>
        <div class="tag-choices" role="group" aria-label="Tag">{tag_buttons}</div>
        <label class="note">
            <span>"Note"</span>
            <textarea
                rows="3"
                prop:value=move || current.with(|a| a.as_ref().map(|a| a.note.clone()).unwrap_or_default())
                on:input=move |ev| id.with_value(|id| store.set_note(id, event_target_value(&ev)))
                on:blur=move |_| store.history.update(|h| h.end_burst())
            ></textarea>
        </label>
        <div class="edges" role="group" aria-label="Resize (Alt+←/→ moves the start, Alt+Shift+←/→ the end)">
            <span class="edges-label" aria-hidden="true">"Start"</span>
            {edge("Move start earlier", "◂", true, -1)}
            {edge("Move start later", "▸", true, 1)}
            <span class="edges-label" aria-hidden="true">"End"</span>
            {edge("Move end earlier", "◂", false, -1)}
            {edge("Move end later", "▸", false, 1)}
        </div>
        <div class="popover-actions">
            <button
                type="button"
                disabled=move || more.get() == 0
                on:click=move |_| {
                    id.with_value(|id| store.tag_every_occurrence(id));
                }
            >
                {move || format!("Tag every occurrence ({} more)", more.get())}
            </button>
            <button type="button" class="danger" on:click=move |_| id.with_value(|id| store.delete(id))>
                "Delete"
            </button>
            <button type="button" on:click=move |_| on_close()>
                "Close"
            </button>
        </div>
    }
}

/// Moves one edge of `id` by one grapheme, keeping at least one character.
fn nudge(store: crate::store::Store, id: &str, move_start: bool, step: isize) {
    let Some(a) = store.find(id) else { return };
    let (start, end) = if move_start {
        (store.doc.step_grapheme(a.start, step), a.end)
    } else {
        (a.start, store.doc.step_grapheme(a.end, step))
    };
    if start < end && (start, end) != (a.start, a.end) {
        store.resize(id, start, end);
    }
}

fn focus_first_control(panel: NodeRef<Div>) {
    if let Some(el) = panel.get_untracked() {
        let target = el
            .query_selector("[aria-pressed=true], textarea, button")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            let _ = target.focus();
        }
    }
}

/// Opens the popover on the highlights with `ids` (outermost first), under
/// the element at `left`/`bottom` (page coordinates).
pub fn open_popover(store: crate::store::Store, ids: Vec<String>, left: f64, bottom: f64) {
    let chosen = (ids.len() == 1).then(|| ids[0].clone());
    store.popover.set(Some(Popover { candidates: ids, chosen, left, bottom }));
}
