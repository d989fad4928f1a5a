use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::core::annotation::Tag;
use crate::core::keymap::{Command, Scope};
use crate::core::text::shorten;
use crate::state::{use_store, Store};
use crate::web::keys::command;
use crate::web::lifetime::Lifetime;

/// Edits one highlight: its tag, its note, its edges; tags every other
/// occurrence; deletes it. Where highlights overlap it first asks which one.
/// Focus moves in when it opens, and goes back when it closes (Esc, Close,
/// or the highlight going away) unless the reader put it somewhere else.
#[component]
pub fn AnnotationPopover() -> impl IntoView {
    let store = use_store();
    let lifetime = Lifetime::of_owner();
    let panel = NodeRef::<Div>::new();
    let opener: StoredValue<Option<SendWrapper<web_sys::HtmlElement>>> = StoredValue::new(None);

    // What is shown changes only with the choice, not with every edit, so
    // typing in the note never rebuilds the textarea under the caret.
    let showing =
        Memo::new(move |_| store.ui.popover().with(|p| p.as_ref().map(|p| (p.candidates.clone(), p.chosen.clone()))));

    // Focus is the browser's, so syncing it with the popover is an Effect's job.
    Effect::new(move |was_open: Option<bool>| {
        let open = showing.with(Option::is_some);
        if open && was_open != Some(true) {
            let active = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            opener.set_value(active.map(SendWrapper::new));
        }
        if open {
            focus_first_control(panel);
        } else if was_open == Some(true) {
            // Closed by something other than Esc or Close (undo or another
            // tab removed the highlight): once the panel is gone, and a
            // click elsewhere has moved focus where it went, give focus
            // back only if it was lost with the panel.
            lifetime.next_frame(move || {
                if focus_was_lost() {
                    focus_opener(opener);
                }
            });
        }
        open
    });

    let close = move || {
        store.session.end_burst();
        store.ui.close_popover();
        focus_opener(opener);
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let in_text = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).is_some();
        let Some(command) = command(Scope::Popover, &ev, in_text) else { return };
        match (command, store.ui.chosen()) {
            (Command::ClosePopover, _) => {
                ev.prevent_default();
                ev.stop_propagation();
                close();
            }
            (Command::NudgeStart(step), Some(id)) => {
                ev.prevent_default();
                nudge(store, &id, true, step);
            }
            (Command::NudgeEnd(step), Some(id)) => {
                ev.prevent_default();
                nudge(store, &id, false, step);
            }
            // Alt+arrows in the picker are the browser's (Back, Forward).
            _ => {}
        }
    };

    let position = move || {
        store.ui.popover().with(|p| {
            p.as_ref().map(|p| format!("left: {}; top: {:.0}px", popover_left(p.left), p.bottom + 8.0)).unwrap_or_default()
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
        .filter_map(|id| store.session.find(&id))
        .map(|a| {
            let id = a.id.clone();
            let quote = store.session.with_doc(|doc| shorten(doc.slice(a.start, a.end), 24));
            view! {
                <li>
                    <button
                        type="button"
                        class=format!("pick {}", a.tag.as_str())
                        on:click=move |_| store.ui.choose(id.clone())
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
    let session = store.session;
    let current = Memo::new(move |_| session.annotations().with(|list| id.with_value(|id| list.iter().find(|a| &a.id == id).cloned())));
    let more = Memo::new(move |_| id.with_value(|id| session.untagged_occurrences(id).len()));
    let quote = move || {
        current.with(|a| a.as_ref().map(|a| session.with_doc(|doc| shorten(doc.slice(a.start, a.end), 60))).unwrap_or_default())
    };
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
            // The browser counts UTF-16 units, so the limit holds for code points too.
            <textarea
                rows="3"
                maxlength=crate::core::keepable::MAX_NOTE_CHARS
                prop:value=move || current.with(|a| a.as_ref().map(|a| a.note.clone()).unwrap_or_default())
                on:input=move |ev| id.with_value(|id| store.set_note(id, event_target_value(&ev)))
                on:blur=move |_| session.end_burst()
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
fn nudge(store: Store, id: &str, move_start: bool, step: isize) {
    let Some(a) = store.session.find(id) else { return };
    let (start, end) = if move_start {
        (store.session.with_doc(|doc| doc.step_grapheme(a.start, step)), a.end)
    } else {
        (a.start, store.session.with_doc(|doc| doc.step_grapheme(a.end, step)))
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

/// True when the focused element went away with what was closed.
fn focus_was_lost() -> bool {
    let document = document();
    match document.active_element() {
        None => true,
        Some(active) => !active.is_connected() || document.body().is_some_and(|body| active.is_same_node(Some(&body))),
    }
}

fn focus_opener(opener: StoredValue<Option<SendWrapper<web_sys::HtmlElement>>>) {
    if let Some(el) = opener.get_value() {
        let _ = el.focus();
    }
}

/// The CSS `left` of a popover opened at page x `left`: kept 8 px inside
/// the page on both sides, whatever the popover's width (see `.popover`).
pub(super) fn popover_left(left: f64) -> String {
    format!("max(8px, min({left:.0}px, calc(100% - min(22rem, calc(100% - 16px)) - 8px)))")
}
