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
use crate::core::revision::CarriedOver;
use crate::core::stored_format::Parts;
use crate::web::broadcast::Broadcast;
use crate::web::local_storage;
use crate::web::text_store::TextStore;

mod closed;

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
    removed: ReadSignal<Option<Removed>>,
    set_removed: WriteSignal<Option<Removed>>,
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

/// Merges imported annotations into the open document's session.
pub type OpenImport = Box<dyn Fn(Vec<Incoming>)>;

/// The message other tabs get when this one changes the library.
const CHANGED: &str = "library-changed";

impl Library {
    /// The library with only the shipped article, then (asynchronously)
    /// everything IndexedDB holds. Other tabs' changes are picked up live.
    pub fn start(now: String) -> Library {
        let sample = Arc::new(Document::parse(ARTICLE).expect("the shipped article has text"));
        let (entries, set_entries) = signal(vec![sample_entry(&sample, now)]);
        let (keeping, set_keeping) = signal(Keeping::Opening);
        let (removed, set_removed) = signal(None);
        let library = Library {
            entries,
            set_entries,
            keeping,
            set_keeping,
            removed,
            set_removed,
            store: StoredValue::new_local(None),
            in_memory: StoredValue::new(HashMap::new()),
            sample: StoredValue::new(sample),
            broadcast: StoredValue::new_local(None),
            open: StoredValue::new_local(None),
        };
        library.broadcast.set_value(Broadcast::open(move |_| library.reload()));
        leptos::task::spawn_local(async move {
            match TextStore::open().await {
                Ok(store) => {
                    library.store.set_value(Some(store));
                    library.set_keeping.set(Keeping::Kept);
                    library.reload();
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

    /// The last removal, while it can be undone.
    pub fn removed(&self) -> ReadSignal<Option<Removed>> {
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
            self.open.with_value(|open| open.as_ref().map(|(_, import)| import(annotations)));
        } else if with_work {
            store_annotations(&doc, annotations).map_err(|e| format!("its annotations could not be kept: {e}"))?;
        }
        let added = match existing {
            Some(_) => Added::AlreadyThere,
            None => {
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

    /// Removes a document with its annotations; [`Library::undo_remove`]
    /// brings both back. The shipped article can't be removed.
    pub async fn remove(&self, id: &str) -> Result<(), String> {
        if id == self.sample_id() {
            return Err("the shipped article is always in the library".into());
        }
        let Some(entry) = self.entry(id) else { return Ok(()) };
        let doc = self.document(id).await?;
        self.forget(id).await?;
        let stored = local_storage::take_document(id);
        self.set_removed.set(Some(Removed { entry, doc, stored, replaced_by: None }));
        self.announce_change();
        Ok(())
    }

    /// Makes `new` the next version of `old_id`: the new text takes the old
    /// entry's title, file name and status, and the annotations carried over
    /// (the unplaced ones listed to place by hand). One step: undoing it
    /// ([`Library::undo_remove`]) brings the old version back.
    pub async fn replace_with_version(&self, old_id: &str, new: Arc<Document>, carried: CarriedOver, now: String) -> Result<(), String> {
        let Some(old_entry) = self.entry(old_id) else { return Err("the old version is no longer in the library".into()) };
        let old_doc = self.document(old_id).await?;
        let placed = carried.placed;
        let counts = Tag::ALL.map(|tag| placed.iter().filter(|a| a.tag == tag).count());
        let history = Default::default();
        let parts = Parts { annotations: &placed, history: &history, unplaced: &carried.unplaced, deleted: &[], rejected: &[] };
        local_storage::save(&new, parts, 1).map_err(|e| format!("the carried-over annotations could not be kept: {e}"))?;
        let entry = Entry {
            id: new.id().to_string(),
            length: new.len(),
            counts,
            added: now.clone(),
            edited: now,
            ..old_entry.clone()
        };
        self.keep_text(&entry, new.clone()).await;
        self.forget(old_id).await?;
        let stored = local_storage::take_document(old_id);
        self.set_entries.update(|list| list.push(entry.clone()));
        self.set_removed.set(Some(Removed { entry: old_entry, doc: old_doc, stored, replaced_by: Some(entry.id) }));
        self.announce_change();
        Ok(())
    }

    /// Undoes the last removal (or replacement by a new version).
    pub async fn undo_remove(&self) -> Result<String, String> {
        let Some(removed) = self.removed.get_untracked() else { return Err("nothing to undo".into()) };
        if let Some(newer) = &removed.replaced_by {
            self.forget(newer).await?;
            local_storage::take_document(newer);
        }
        local_storage::put_back(&removed.stored).map_err(|e| format!("its annotations could not be put back: {e}"))?;
        self.keep_text(&removed.entry, removed.doc.clone()).await;
        self.set_entries.update(|list| list.push(removed.entry.clone()));
        self.set_removed.set(None);
        self.announce_change();
        Ok(removed.entry.title)
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

    /// Forgets the undo of the last removal (the reader dismissed it).
    pub fn dismiss_removed(&self) {
        self.set_removed.set(None);
    }

    /// Reads the entries again from IndexedDB (another tab changed them).
    pub fn reload(&self) {
        let Some(store) = self.store.get_value() else { return };
        let library = *self;
        leptos::task::spawn_local(async move {
            match store.entries().await {
                Ok(stored) => {
                    let sample = library.sample_id();
                    let held = library.in_memory.with_value(|docs| docs.keys().cloned().collect::<Vec<_>>());
                    let stays = |id: &str| id == sample || held.iter().any(|h| h == id);
                    library.set_entries.update(|list| merge_entries(list, stored, stays));
                }
                Err(e) => library.set_keeping.set(Keeping::Failing(e.to_string())),
            }
        });
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

