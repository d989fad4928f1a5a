//! Tagmark: highlight and tag phrases of a Chinese news article, in the browser.

pub mod autosave;
pub mod components;
pub mod core;
pub mod state;
pub mod web;

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{
    AnnotationList, AnnotationPopover, Article, ArticleNode, ExportButton, HistoryButtons, ImportDialog, Legend,
    ResizeHandles, ShortcutsHelp, StorageBanner, TagAllOffer, TagToolbar,
};
use crate::core::document::{Document, ARTICLE};
use crate::state::{Session, Store};

/// The app: the article Tagmark ships with, or, with `?doc=/path.txt`, a
/// plain-text article from the same site (how the benchmark opens its
/// 1,000,000-character document).
#[component]
pub fn App() -> impl IntoView {
    let Some(path) = same_origin_doc_param() else {
        let doc = Document::parse(ARTICLE).expect("the shipped article has text");
        return view! { <Tagmark doc=Arc::new(doc) /> }.into_any();
    };
    let loaded = RwSignal::new(None::<Result<Arc<Document>, String>>);
    leptos::task::spawn_local(async move {
        let text = crate::web::fetch::fetch_text(&path).await;
        let doc = text.and_then(|text| Document::parse(&text).map_err(|e| format!("{path}: {e}")));
        loaded.set(Some(doc.map(Arc::new)));
    });
    (move || match loaded.get() {
        None => view! { <p class="banner info" role="status">"Loading the article…"</p> }.into_any(),
        Some(Ok(doc)) => view! { <Tagmark doc=doc /> }.into_any(),
        Some(Err(why)) => view! { <p class="banner warning" role="alert">"The article could not be loaded: " {why}</p> }.into_any(),
    })
    .into_any()
}

/// The `doc` query parameter, if it is a path on this site (never another origin).
fn same_origin_doc_param() -> Option<String> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let path = params.get("doc")?;
    (path.starts_with('/') && !path.starts_with("//") && !path.contains(':') && !path.contains('\\')).then_some(path)
}

/// The whole annotator on `doc`: state, saving and every part of the page.
#[component]
pub fn Tagmark(doc: Arc<Document>) -> impl IntoView {
    let store = Store::new(Session::new(doc));
    provide_context(store);
    provide_context(ArticleNode::default());
    crate::autosave::start(store);
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
            {move || store.ui.announcement().get()}
        </div>
    }
}
