//! Tagmark: highlight and tag phrases of a Chinese news article, in the browser.

pub mod components;
pub mod core;
pub mod persistence;
pub mod store;
pub mod web;

use leptos::prelude::*;

use crate::components::{
    AnnotationList, AnnotationPopover, Article, ExportButton, HistoryButtons, ImportDialog, Legend, ResizeHandles, ShortcutsHelp,
    StorageBanner, TagAllOffer, TagToolbar,
};
use crate::core::document::{Document, ARTICLE};
use crate::store::Store;

/// The app on the article Tagmark ships with.
#[component]
pub fn App() -> impl IntoView {
    let doc: &'static Document = Box::leak(Box::new(Document::parse(ARTICLE)));
    view! { <Tagmark doc=doc /> }
}

/// The whole annotator on `doc`: state, saving and every part of the page.
#[component]
pub fn Tagmark(doc: &'static Document) -> impl IntoView {
    let store = Store::new(doc);
    provide_context(store);
    persistence::start(store);
    view! {
        <header class="app-bar">
            <span class="brand">"Tagmark"</span>
            <Legend />
            <HistoryButtons />
            <ImportDialog />
            <ExportButton />
            <ShortcutsHelp />
        </header>
        <StorageBanner />
        <div class="layout">
            <main class="reading">
                <Article />
            </main>
            <AnnotationList />
        </div>
        <TagToolbar />
        <AnnotationPopover />
        <ResizeHandles />
        <TagAllOffer />
        <div class="visually-hidden" role="status" aria-live="polite">
            {move || store.announcement.get()}
        </div>
    }
}
