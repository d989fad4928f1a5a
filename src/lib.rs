//! Tagmark: highlight and tag phrases of a Chinese news article, in the browser.

pub mod autosave;
pub mod components;
pub mod core;
pub mod state;
pub mod web;

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{
    AddTexts, AnnotationList, AnnotationPopover, Article, ArticleNode, ExportButton, Guidelines, HistoryButtons,
    ImportDialog, KeepingBanner, Legend, LibraryView, PatternsDialog, ResizeHandles, ShortcutsHelp, StorageBanner,
    SuggestionBar, SuggestionChoices, TagAllOffer, TagToolbar,
};
use crate::core::document::Document;
use crate::core::route::Route;
use crate::core::merge;
use crate::state::{use_library, Keeping, Library, OpenImport, PatternBook, Session, Store};

/// The app. A first visit opens the article Tagmark ships with; `#/library`
/// lists the reader's documents and `#/d/<id>` opens one of them. With
/// `?doc=/path.txt`, a plain-text article from the same site opens instead
/// (how the benchmark opens its 1,000,000-character document).
#[component]
pub fn App() -> impl IntoView {
    // The reader's patterns serve every document, a site's article too.
    provide_context(PatternBook::load());
    if let Some(path) = same_origin_doc_param() {
        return view! { <SiteDocument path=path /> }.into_any();
    }
    let library = Library::start(crate::web::clock::now_rfc3339());
    provide_context(library);
    let (hash, set_hash) = signal(crate::web::route::current());
    crate::web::route::on_change(move |h| set_hash.set(h));
    let route = Memo::new(move |_| Route::parse(&hash.get()));
    view! {
        <AddTexts>
            {move || match route.get() {
                Route::Library => view! { <LibraryView /> }.into_any(),
                Route::Unknown(path) => view! { <LibraryView unknown=path /> }.into_any(),
                Route::Start => view! { <LibraryDocument id=library.sample_id() /> }.into_any(),
                Route::Document(id) => view! { <LibraryDocument id=id /> }.into_any(),
            }}
        </AddTexts>
    }
    .into_any()
}

/// A document of the library, loaded by id. Each one is built under its own
/// owner, so going to another document drops this one's session whole.
#[component]
fn LibraryDocument(id: String) -> impl IntoView {
    let library = use_library();
    let loaded = RwSignal::new(None::<Result<Arc<Document>, String>>);
    // Texts are read from IndexedDB, which opens as the app starts: on a
    // reload the document is asked for before it is open.
    let needs_database = id != library.sample_id();
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) || (needs_database && library.keeping().with(|k| *k == Keeping::Opening)) {
            return asked == Some(true);
        }
        let wanted = id.clone();
        leptos::task::spawn_local(async move {
            let doc = library.document(&wanted).await;
            let _ = loaded.try_set(Some(doc));
        });
        true
    });
    move || match loaded.get() {
        None => view! { <p class="banner info" role="status">"Opening the document…"</p> }.into_any(),
        Some(Ok(doc)) => view! { <Tagmark doc=doc /> }.into_any(),
        Some(Err(why)) => view! {
            <p class="banner warning" role="alert">
                "This document could not be opened: " {why} ". "
                <a href=Route::Library.hash()>"Go to the library"</a>
            </p>
        }
        .into_any(),
    }
}

/// A plain-text article fetched from this site (`?doc=`), outside the library.
#[component]
fn SiteDocument(path: String) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<Arc<Document>, String>>);
    leptos::task::spawn_local(async move {
        let text = crate::web::fetch::fetch_text(&path).await;
        let doc = text.and_then(|text| Document::parse(&text).map_err(|e| format!("{path}: {e}")));
        let _ = loaded.try_set(Some(doc.map(Arc::new)));
    });
    move || match loaded.get() {
        None => view! { <p class="banner info" role="status">"Loading the article…"</p> }.into_any(),
        Some(Ok(doc)) => view! { <Tagmark doc=doc /> }.into_any(),
        Some(Err(why)) => view! { <p class="banner warning" role="alert">"The article could not be loaded: " {why}</p> }.into_any(),
    }
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
    let book = use_context::<PatternBook>().unwrap_or_else(|| {
        let book = PatternBook::load();
        provide_context(book);
        book
    });
    let store = Store::new(Session::new(doc), book);
    provide_context(store);
    provide_context(ArticleNode::default());
    crate::autosave::start(store, use_context::<Library>());
    store.suggestions.start();
    if let Some(library) = use_context::<Library>() {
        let id = store.session.with_doc(|doc| doc.id().to_string());
        let import: OpenImport = Box::new(move |incoming| {
            let session = store.session;
            let plan = session.annotations().with_untracked(|list| session.with_doc(|doc| merge::plan(doc, list, incoming)));
            store.check_import(&plan).map_err(|e| e.to_string())?;
            store.import(&plan);
            Ok(())
        });
        library.set_open(id.clone(), import);
        on_cleanup(move || library.close_open(&id));
    }
    view! {
        <header class="app-bar">
            <a class="brand" href=Route::Library.hash() title="Library">"Tagmark"</a>
            <a class="to-library" href=Route::Library.hash()>"Library"</a>
            <Legend />
            <SuggestionBar />
            <HistoryButtons />
            <ImportDialog />
            <ExportButton />
            <Guidelines />
            <PatternsDialog />
            <ShortcutsHelp />
        </header>
        <StorageBanner />
        {use_context::<Library>().map(|_| view! { <KeepingBanner /> })}
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
        <SuggestionChoices />
        <div class="visually-hidden" role="status" aria-live="polite">
            {move || store.ui.announcement().get()}
        </div>
    }
}
