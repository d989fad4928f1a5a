//! The library: every document the reader has added, what is known about
//! each (its [`Entry`]), and where their texts are kept (IndexedDB, or this
//! tab's memory when IndexedDB can't be used). Handed out by context; read
//! through read-only signals, changed through methods named for the action.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::core::annotation::{Annotation, Tag};
use crate::core::document::{Document, ARTICLE};
use crate::core::incoming::Incoming;
use crate::core::library::{Entry, Status};
use crate::web::broadcast::Broadcast;
use crate::web::text_store::TextStore;

mod closed;
mod removal;

pub use closed::stored_annotations;
use closed::store_annotations;

/// Where the library's texts are kept, as the banner tells the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keeping {
    /// Opening IndexedDB.
    Opening,
    /// Texts are in IndexedDB.
    Kept,
    /// IndexedDB can't be used: texts added now live only in this tab.
    InMemory(String),
    /// The last write failed (for example, storage is full).
    Failing(String),
}

/// A removed document, held so the removal can be undone.
#[derive(Clone, Debug)]
pub struct Removed {
    /// Its entry as it was.
    pub entry: Entry,
    /// Its text.
    pub doc: Arc<Document>,
    /// Its stored annotations (localStorage key, value).
    pub stored: Vec<(String, String)>,
    /// When the removal made way for a new version: that version's id,
    /// which undoing takes out again.
    pub replaced_by: Option<String>,
}

/// What adding a document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    /// A new document.
    New,
    /// The same text was already there: one document, its annotations merged.
    AlreadyThere,
}

/// The library (see the module comment). `Copy`; lives as long as the app.
#[derive(Clone, Copy)]
pub struct Library {
    entries: ReadSignal<Vec<Entry>>,
    set_entries: WriteSignal<Vec<Entry>>,
    keeping: ReadSignal<Keeping>,
    set_keeping: WriteSignal<Keeping>,
    /// Every removal of this page's lifetime that can still be undone, oldest first.
    removed: ReadSignal<Vec<Removed>>,
    set_removed: WriteSignal<Vec<Removed>>,
    /// Documents whose removal is under way: a second confirm does nothing.
    removing: StoredValue<Vec<String>>,
    /// Documents whose saves failed when they were left: their work is in
    /// memory only (`web::unsaved`), so the library says so.
    unsaved: RwSignal<Vec<String>>,
    store: StoredValue<Option<TextStore>, LocalStorage>,
    /// Texts that IndexedDB doesn't hold (it can't be used): this tab's only copy.
    in_memory: StoredValue<HashMap<String, Arc<Document>>>,
    sample: StoredValue<Arc<Document>>,
    broadcast: StoredValue<Option<Broadcast>, LocalStorage>,
    /// The open document and how to merge annotations into its session:
    /// writing them to its storage behind the session's back would be
    /// overwritten by its next save.
    open: StoredValue<Option<(String, OpenImport)>, LocalStorage>,
}

/// Merges imported annotations into the open document's session, or says
/// why they can't be kept (nothing changes then).
pub type OpenImport = Box<dyn Fn(Vec<Incoming>) -> Result<(), String>>;

/// The message other tabs get when this one changes the library.
const CHANGED: &str = "library-changed";

impl Library {
    /// The library with only the shipped article, then (asynchronously)
    /// everything IndexedDB holds. Other tabs' changes are picked up live.
    pub fn start(now: String) -> Library {
        let sample = Arc::new(Document::parse(ARTICLE).expect("the shipped article has text"));
        let (entries, set_entries) = signal(vec![sample_entry(&sample, now)]);
        let (keeping, set_keeping) = signal(Keeping::Opening);
        let (removed, set_removed) = signal(Vec::new());
        let library = Library {
            entries,
            set_entries,
            keeping,
            set_keeping,
            removed,
            set_removed,
            removing: StoredValue::new(Vec::new()),
            unsaved: RwSignal::new(Vec::new()),
            store: StoredValue::new_local(None),
            in_memory: StoredValue::new(HashMap::new()),
            sample: StoredValue::new(sample),
            broadcast: StoredValue::new_local(None),
            open: StoredValue::new_local(None),
        };
        library.broadcast.set_value(Broadcast::open(move |_| library.reload()));
        library.finish_removals_when_leaving();
        leptos::task::spawn_local(async move {
            match TextStore::open().await {
                Ok(store) => {
                    library.store.set_value(Some(store));
                    library.set_keeping.set(Keeping::Kept);
                    if library.read_entries().await {
                        library.finish_earlier_removals();
                    }
                }
                Err(e) => library.set_keeping.set(Keeping::InMemory(e.to_string())),
            }
        });
        library
    }

    /// Every document, the shipped article first, in the order they were added.
    pub fn entries(&self) -> ReadSignal<Vec<Entry>> {
        self.entries
    }

    /// Where the texts are kept.
    pub fn keeping(&self) -> ReadSignal<Keeping> {
        self.keeping
    }

    /// Every removal of this page that can still be undone, oldest first.
    pub fn removed(&self) -> ReadSignal<Vec<Removed>> {
        self.removed
    }

    /// The id of the shipped article, which is always in the library.
    pub fn sample_id(&self) -> String {
        self.sample.with_value(|doc| doc.id().to_string())
    }

    /// The entry of `id`, if it is in the library (not tracked).
    pub fn entry(&self, id: &str) -> Option<Entry> {
        self.entries.with_untracked(|list| list.iter().find(|e| e.id == id).cloned())
    }

    /// The text of document `id`: from memory for the shipped article and
    /// for texts IndexedDB couldn't take, else from IndexedDB.
    pub async fn document(&self, id: &str) -> Result<Arc<Document>, String> {
        if let Some(doc) = self.sample.with_value(|doc| (doc.id() == id).then(|| doc.clone())) {
            return Ok(doc);
        }
        if let Some(doc) = self.in_memory.with_value(|docs| docs.get(id).cloned()) {
            return Ok(doc);
        }
        let Some(store) = self.store.get_value() else {
            return Err("this document is not in this tab's memory, and the browser's database can't be used".into());
        };
        match store.document(id).await {
            Ok(Some(doc)) => Ok(Arc::new(doc)),
            Ok(None) => Err("it is not in the library (it may have been removed, perhaps in another tab)".into()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Adds a document, or finds it already there (the id is the hash of
    /// its text), and merges `annotations` into its stored work. An entry
    /// keeps its title and status when the text was already there.
    pub async fn add(&self, entry: Entry, doc: Arc<Document>, annotations: Vec<Incoming>) -> Result<Added, String> {
        let existing = self.entry(&entry.id);
        let with_work = !annotations.is_empty();
        let open = self.open.with_value(|open| open.as_ref().is_some_and(|(id, _)| *id == entry.id));
        if with_work && open {
            let imported = self.open.with_value(|open| open.as_ref().map(|(_, import)| import(annotations)));
            imported.unwrap_or(Ok(())).map_err(|e| format!("its annotations could not be kept: {e}"))?;
        } else if with_work {
            store_annotations(&doc, annotations).map_err(|e| format!("its annotations could not be kept: {e}"))?;
        }
        let added = match existing {
            Some(_) => Added::AlreadyThere,
            None => {
                // A removed text added again comes back with its stored work.
                self.drop_removal(&entry.id);
                self.keep_text(&entry, doc.clone()).await;
                self.set_entries.update(|list| list.push(entry));
                Added::New
            }
        };
        if with_work {
            self.refresh_counts(&doc);
        }
        self.announce_change();
        Ok(added)
    }

    /// Tells the library which document is open, and how annotations
    /// imported for it reach its session.
    pub fn set_open(&self, id: String, import: OpenImport) {
        self.open.set_value(Some((id, import)));
    }

    /// Tells the library that document `id` closed (another may have opened first).
    pub fn close_open(&self, id: &str) {
        if self.open.with_value(|open| open.as_ref().is_some_and(|(open, _)| open == id)) {
            self.open.set_value(None);
        }
    }

    /// The open document's id, if one is open.
    pub fn open_id(&self) -> Option<String> {
        self.open.with_value(|open| open.as_ref().map(|(id, _)| id.clone()))
    }

    /// Renames a document; its id (and so its annotations) stay.
    pub fn rename(&self, id: &str, title: String) {
        let title = title.trim().to_string();
        if !title.is_empty() {
            self.change(id, |e| e.title = title);
        }
    }

    /// Sets where the reader says a document stands.
    pub fn set_status(&self, id: &str, status: Status) {
        self.change(id, |e| e.status = status);
    }

    /// Notes that the reader changed the open document's annotations: its
    /// counts, and when.
    pub fn record_work(&self, id: &str, counts: [usize; 3], edited: String) {
        self.change(id, |e| {
            e.counts = counts;
            e.edited = edited;
        });
    }

    /// Notes whether document `id` has work that storage doesn't hold
    /// (its saves fail); the work itself is in `web::unsaved`.
    pub fn record_unsaved(&self, id: &str, unsaved: bool) {
        let listed = self.unsaved.with_untracked(|ids| ids.iter().any(|u| u == id));
        if unsaved && !listed {
            self.unsaved.update(|ids| ids.push(id.to_string()));
        } else if !unsaved && listed {
            self.unsaved.update(|ids| ids.retain(|u| u != id));
        }
    }

    /// The documents with work that storage doesn't hold, in the order they were left.
    pub fn unsaved(&self) -> ReadSignal<Vec<String>> {
        self.unsaved.read_only()
    }

    /// Every document with its stored annotations, in list order, for a
    /// whole-library export. `progress` hears how many are read so far.
    pub async fn everything(&self, progress: impl Fn(usize, usize)) -> Result<Vec<(Entry, Arc<Document>, Vec<Annotation>)>, String> {
        let entries = self.entries.get_untracked();
        let mut all = Vec::with_capacity(entries.len());
        for (i, entry) in entries.into_iter().enumerate() {
            progress(i, self.entries.with_untracked(Vec::len));
            let doc = self.document(&entry.id).await.map_err(|e| format!("“{}” could not be read: {e}", entry.title))?;
            let annotations = stored_annotations(&doc);
            all.push((entry, doc, annotations));
        }
        Ok(all)
    }

    /// Reads the entries again from IndexedDB (another tab changed them).
    pub fn reload(&self) {
        let library = *self;
        leptos::task::spawn_local(async move {
            library.read_entries().await;
        });
    }

    /// Takes the entries IndexedDB holds; false when they could not be read.
    async fn read_entries(&self) -> bool {
        let Some(store) = self.store.get_value() else { return false };
        match store.entries().await {
            Ok(stored) => {
                let sample = self.sample_id();
                let held = self.in_memory.with_value(|docs| docs.keys().cloned().collect::<Vec<_>>());
                let stays = |id: &str| id == sample || held.iter().any(|h| h == id);
                self.set_entries.update(|list| merge_entries(list, stored, stays));
                true
            }
            Err(e) => {
                self.set_keeping.set(Keeping::Failing(e.to_string()));
                false
            }
        }
    }

    fn change(&self, id: &str, edit: impl FnOnce(&mut Entry)) {
        let mut changed = None;
        self.set_entries.update(|list| {
            if let Some(entry) = list.iter_mut().find(|e| e.id == id) {
                edit(entry);
                changed = Some(entry.clone());
            }
        });
        if let Some(entry) = changed {
            self.keep_entry(entry);
        }
    }

    fn keep_entry(&self, entry: Entry) {
        let Some(store) = self.store.get_value() else { return };
        let library = *self;
        leptos::task::spawn_local(async move {
            match store.put_entry(&entry).await {
                Ok(()) => library.announce_change(),
                Err(e) => library.set_keeping.set(Keeping::Failing(e.to_string())),
            }
        });
    }

    /// Keeps a text in IndexedDB, or in this tab's memory when that fails.
    async fn keep_text(&self, entry: &Entry, doc: Arc<Document>) {
        let stored = match self.store.get_value() {
            Some(store) => store.put_document(entry, &doc).await.map_err(|e| e.to_string()),
            None => Err(String::new()),
        };
        match stored {
            Ok(()) => self.in_memory.update_value(|docs| drop(docs.remove(entry.id.as_str()))),
            Err(why) => {
                if !why.is_empty() {
                    self.set_keeping.set(Keeping::Failing(why));
                }
                self.in_memory.update_value(|docs| drop(docs.insert(entry.id.clone(), doc)));
            }
        }
    }

    async fn forget(&self, id: &str) -> Result<(), String> {
        self.set_entries.update(|list| list.retain(|e| e.id != id));
        self.in_memory.update_value(|docs| drop(docs.remove(id)));
        match self.store.get_value() {
            Some(store) => store.remove(id).await.map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }

    /// Counts a document's stored annotations into its entry.
    fn refresh_counts(&self, doc: &Document) {
        let list = stored_annotations(doc);
        let counts = Tag::ALL.map(|tag| list.iter().filter(|a| a.tag == tag).count());
        self.record_work(doc.id(), counts, crate::web::clock::now_rfc3339());
    }

    fn announce_change(&self) {
        self.broadcast.with_value(|b| {
            if let Some(b) = b {
                b.post(CHANGED);
            }
        });
    }
}

/// The shipped article's entry before the reader has touched it.
fn sample_entry(doc: &Document, now: String) -> Entry {
    Entry {
        id: doc.id().to_string(),
        title: doc.title().to_string(),
        file_name: String::new(),
        status: Status::Todo,
        length: doc.len(),
        counts: [0; 3],
        added: now,
        edited: String::new(),
    }
}

/// Takes what IndexedDB holds: its entries replace ours with the same id,
/// ours that it no longer holds go (another tab removed them), except those
/// that `stays` (the shipped article, texts only this tab holds).
fn merge_entries(list: &mut Vec<Entry>, stored: Vec<Entry>, stays: impl Fn(&str) -> bool) {
    let mut by_id: HashMap<String, Entry> = stored.into_iter().map(|e| (e.id.clone(), e)).collect();
    list.retain_mut(|entry| match by_id.remove(&entry.id) {
        Some(theirs) => {
            *entry = theirs;
            true
        }
        None => stays(&entry.id),
    });
    let mut rest: Vec<Entry> = by_id.into_values().collect();
    crate::core::sort::by(&mut rest, |a, b| a.added.cmp(&b.added).then_with(|| a.id.cmp(&b.id)));
    list.extend(rest);
}

