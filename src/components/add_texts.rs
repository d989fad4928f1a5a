use leptos::html::{Dialog, Input};
use leptos::prelude::*;

use crate::components::intake_report::IntakeReport;
use crate::core::readers::title_of_pasted;
use crate::core::route::Route;
use crate::state::Intake;
use crate::state::use_library;
use crate::web::{dropped, files, route};

/// What the file picker accepts: texts and annotation files that carry them.
const ACCEPTED: &str = ".txt,.text,.md,.markdown,.html,.htm,.json,.jsonl,text/plain,text/markdown,text/html,application/json";

/// The adding of texts, provided to everything inside it: files dropped
/// anywhere on the page (folders too) are added, with a progress bar and
/// Cancel while they are read, and a report when they are done.
#[component]
pub fn AddTexts(children: Children) -> impl IntoView {
    let intake = Intake::new(use_library());
    provide_context(intake);
    let (dragging, set_dragging) = signal(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        set_dragging.set(false);
        let Some(data) = ev.data_transfer() else { return };
        // The items are readable only during the event: take them now.
        let entries = dropped::entries(&data);
        leptos::task::spawn_local(async move { intake.take(entries.files().await) });
    };
    view! {
        <div
            class="drop-zone"
            class:dragging=dragging
            on:dragover=move |ev| {
                ev.prevent_default();
                set_dragging.set(true);
            }
            on:dragleave=move |_| set_dragging.set(false)
            on:drop=on_drop
        >
            {children()}
            {move || intake.progress().get().map(|p| view! {
                <div class="intake-progress" role="status" aria-live="polite">
                    <label>
                        {format!("Adding {} of {}: ", p.done + 1, p.total)}
                        <span class="file-name">{p.current.clone()}</span>
                        <progress max=p.total value=p.done></progress>
                    </label>
                    <button type="button" class="cancel-intake" on:click=move |_| intake.cancel()>"Cancel"</button>
                </div>
            })}
            <IntakeReport />
        </div>
    }
}

/// The adding of texts provided by [`AddTexts`].
pub fn use_intake() -> Intake {
    expect_context::<Intake>()
}

/// **Open files…** (several at once) and **Paste text**.
#[component]
pub fn AddButtons() -> impl IntoView {
    let intake = use_intake();
    let picker = NodeRef::<Input>::new();
    let on_files = move |_| {
        let Some(input) = picker.get_untracked() else { return };
        let picked = files::from_input(&input);
        input.set_value("");
        intake.take(picked);
    };
    view! {
        <button type="button" class="open-files" on:click=move |_| {
            if let Some(input) = picker.get_untracked() {
                input.click();
            }
        }>"Open files…"</button>
        <input
            type="file"
            multiple
            accept=ACCEPTED
            class="visually-hidden"
            tabindex="-1"
            aria-hidden="true"
            data-input="open-files"
            node_ref=picker
            on:change=on_files
        />
        <PasteDialog />
    }
}

/// **Paste text**: a title (prefilled from the first line until the reader
/// edits it) and the text; **Add** opens the new document.
#[component]
fn PasteDialog() -> impl IntoView {
    let intake = use_intake();
    let dialog = NodeRef::<Dialog>::new();
    let (text, set_text) = signal(String::new());
    let (title, set_title) = signal(String::new());
    let (title_edited, set_title_edited) = signal(false);
    let (failed, set_failed) = signal(None::<String>);
    // Adding is under way: a second Add (click or Enter) does nothing.
    let adding = StoredValue::new(false);
    let shown_title = move || if title_edited.get() { title.get() } else { text.with(|t| title_of_pasted(t)) };
    let open = move |_| {
        set_text.set(String::new());
        set_title.set(String::new());
        set_title_edited.set(false);
        set_failed.set(None);
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if adding.get_value() {
            return;
        }
        adding.set_value(true);
        let (title, text) = (shown_title(), text.get_untracked());
        leptos::task::spawn_local(async move {
            let added = intake.add_pasted(title, text).await;
            adding.set_value(false);
            match added {
                Ok(opened) => {
                    if let Some(d) = dialog.get_untracked() {
                        d.close();
                    }
                    if let Some(id) = opened {
                        route::go(&Route::Document(id).hash());
                    }
                }
                Err(why) => drop(set_failed.try_set(Some(why))),
            }
        });
    };
    view! {
        <button type="button" class="paste-text" on:click=open>"Paste text"</button>
        <dialog class="paste" node_ref=dialog aria-labelledby="paste-title">
            <form on:submit=add>
                <h2 id="paste-title">"Paste text"</h2>
                <label>
                    "Title"
                    <input
                        class="paste-title"
                        prop:value=shown_title
                        on:input=move |ev| {
                            set_title_edited.set(true);
                            set_title.set(event_target_value(&ev));
                        }
                    />
                </label>
                <label>
                    "Text"
                    <textarea
                        class="paste-body"
                        rows="12"
                        prop:value=text
                        on:input=move |ev| set_text.set(event_target_value(&ev))
                    ></textarea>
                </label>
                {move || failed.get().map(|why| view! { <p role="alert" class="import-error">{why}</p> })}
                <div class="dialog-actions">
                    <button type="submit" class="primary">
                        "Add"
                    </button>
                    <button type="button" on:click=move |_| {
                        if let Some(d) = dialog.get_untracked() {
                            d.close();
                        }
                    }>"Cancel"</button>
                </div>
            </form>
        </dialog>
    }
}
