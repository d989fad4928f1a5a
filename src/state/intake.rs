//! Adding texts to the library: files picked or dropped (folders too),
//! pasted text, and annotation files that carry their texts. Each file is
//! read, recognised and added in turn, giving the page a turn between
//! files so a thousand of them keep it responsive and can be cancelled.
//! Every file ends as one [`Outcome`] the reader is shown.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::corpus::{self, CorpusDoc, CorpusRead};
use crate::core::document::Document;
use crate::core::library::{revised_by, Entry, Status};
use crate::core::readers::encoding::Encoding;
use crate::core::readers::{self, ReadError, MAX_FILE_BYTES};
use crate::core::revision::{carry_over, CarriedOver};
use crate::state::library::{stored_annotations, Added, Library};
use crate::web::clock::now_rfc3339;
use crate::web::files::{read_bytes, yield_to_browser, PickedFile, ReadFailure};
use crate::web::{decode, html_dom};

/// How far a batch of files has got.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Files finished.
    pub done: usize,
    /// Files in the batch.
    pub total: usize,
    /// The file being read.
    pub current: String,
}

/// What became of one file.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// A document was added (or was already there: the same text).
    Added {
        /// The file, with its folder path.
        file: String,
        /// The document's id.
        id: String,
        /// Its title.
        title: String,
        /// The encoding it was read in, and every one the "read as" menu
        /// offers, it among them: the same list whichever is chosen.
        encoding: Option<(Encoding, Vec<Encoding>)>,
        /// The same text was already in the library.
        already: bool,
        /// The file's bytes while another encoding may be chosen.
        bytes: Option<Arc<Vec<u8>>>,
    },
    /// The file could not be added; nothing was changed.
    Failed {
        /// The file.
        file: String,
        /// Why, in words the reader can act on.
        message: String,
    },
    /// The text looks like a new version of a document already there.
    Revision {
        /// The file.
        file: String,
        /// The document it would replace.
        old: Entry,
        /// The new text.
        new: Arc<Document>,
        /// What would become of the old version's annotations.
        carried: CarriedOver,
        /// The new text's title.
        title: String,
    },
    /// An annotation file with documents, read and waiting for the reader.
    Corpus {
        /// The file.
        file: String,
        /// What it holds.
        read: Arc<CorpusRead>,
    },
    /// The reader's choice on this file is being carried out: a second
    /// click finds nothing to do.
    Working {
        /// The file.
        file: String,
        /// What is being done, as the report says it.
        doing: &'static str,
    },
    /// The reader cancelled before these files were read.
    Cancelled {
        /// How many files were not read.
        left: usize,
    },
}

/// The state of adding texts (see the module comment); shared by context.
#[derive(Clone, Copy)]
pub struct Intake {
    library: Library,
    progress: RwSignal<Option<Progress>>,
    outcomes: RwSignal<Vec<Outcome>>,
    cancelled: StoredValue<bool>,
}

impl Intake {
    /// Adding texts into `library`.
    pub fn new(library: Library) -> Intake {
        Intake { library, progress: RwSignal::new(None), outcomes: RwSignal::new(Vec::new()), cancelled: StoredValue::new(false) }
    }

    /// The batch being read, if any.
    pub fn progress(&self) -> Signal<Option<Progress>> {
        self.progress.into()
    }

    /// What became of each file of the last batch, for the report.
    pub fn outcomes(&self) -> Signal<Vec<Outcome>> {
        self.outcomes.into()
    }

    /// Stops the batch after the file being read.
    pub fn cancel(&self) {
        self.cancelled.set_value(true);
    }

    /// Closes the report.
    pub fn dismiss(&self) {
        self.outcomes.set(Vec::new());
    }

    /// Reads and adds `files`, one at a time.
    pub fn take(&self, files: Vec<PickedFile>) {
        if files.is_empty() || self.progress.with_untracked(Option::is_some) {
            return;
        }
        let intake = *self;
        intake.cancelled.set_value(false);
        intake.outcomes.set(Vec::new());
        let total = files.len();
        leptos::task::spawn_local(async move {
            for (done, picked) in files.into_iter().enumerate() {
                if intake.cancelled.get_value() {
                    intake.outcomes.update(|o| o.push(Outcome::Cancelled { left: total - done }));
                    break;
                }
                let file = if picked.path.is_empty() { picked.name() } else { picked.path.trim_start_matches('/').to_string() };
                intake.progress.set(Some(Progress { done, total, current: file.clone() }));
                yield_to_browser().await;
                let outcome = intake.read_one(&picked, file).await;
                intake.outcomes.update(|o| o.push(outcome));
            }
            intake.progress.set(None);
        });
    }

    async fn read_one(&self, picked: &PickedFile, file: String) -> Outcome {
        let name = picked.name();
        let failed = |message: String| Outcome::Failed { file: file.clone(), message };
        let bytes = match read_bytes(&picked.file, MAX_FILE_BYTES).await {
            Ok(bytes) => bytes,
            Err(ReadFailure::TooLarge { bytes }) => return failed(ReadError::TooLarge { bytes }.message("It")),
            Err(ReadFailure::Io(why)) => return failed(format!("The browser could not read it ({why}).")),
        };
        let lower = name.to_lowercase();
        if lower.ends_with(".json") || lower.ends_with(".jsonl") {
            return match corpus::read(&name, &bytes) {
                Ok(Some(read)) => Outcome::Corpus { file, read: Arc::new(read) },
                Ok(None) => failed(
                    "It holds annotations of a single document, without its text. Open that document and use Import JSON.".into(),
                ),
                Err(e) => failed(e.to_string()),
            };
        }
        self.add_text_file(file, &name, Arc::new(bytes), None).await
    }

    async fn add_text_file(&self, file: String, name: &str, bytes: Arc<Vec<u8>>, encoding: Option<Encoding>) -> Outcome {
        let read = readers::read_text_file(name, &bytes, encoding, &decode::decode, &html_dom::elements);
        let text = match read {
            Ok(text) => text,
            Err(e) => return Outcome::Failed { file, message: e.message("It") },
        };
        let doc = Arc::new(text.document);
        let revised = self.library.entries().with_untracked(|list| revised_by(list, doc.id(), &text.title, &file).cloned());
        if let Some(old) = revised {
            return match self.library.document(&old.id).await {
                Ok(old_doc) => {
                    let carried = carry_over(&old_doc, &stored_annotations(&old_doc), &doc);
                    Outcome::Revision { file, old, new: doc, carried, title: text.title }
                }
                Err(why) => Outcome::Failed { file, message: format!("It revises “{}”, which can't be read: {why}.", old.title) },
            };
        }
        let entry = new_entry(&doc, text.title.clone(), file.clone());
        match self.library.add(entry, doc.clone(), Vec::new()).await {
            Ok(added) => {
                let choosable = text.readings.len() > 1;
                Outcome::Added {
                    file,
                    id: doc.id().to_string(),
                    title: self.title_in_library(doc.id(), added.clone(), text.title),
                    encoding: Some((text.encoding, text.readings)),
                    already: added == Added::AlreadyThere,
                    bytes: choosable.then_some(bytes),
                }
            }
            Err(why) => Outcome::Failed { file, message: format!("It can't be added: {why}.") },
        }
    }

    /// Reads outcome `index` again in `encoding` (the guess was wrong): the
    /// document read before goes, unless the reader has tagged it since.
    pub fn reread(&self, index: usize, encoding: Encoding) {
        let Some(Outcome::Added { file, id, bytes: Some(bytes), already: false, .. }) =
            self.outcomes.with_untracked(|o| o.get(index).cloned())
        else {
            return;
        };
        self.mark_working(index, &file, "is read again");
        let intake = *self;
        leptos::task::spawn_local(async move {
            let untouched = intake.library.entry(&id).is_some_and(|e| e.counts == [0; 3] && e.edited.is_empty());
            if untouched {
                let _ = intake.library.discard(&id).await;
            }
            let name = file.rsplit('/').next().unwrap_or(&file).to_string();
            let outcome = intake.add_text_file(file, &name, bytes, Some(encoding)).await;
            intake.outcomes.update(|o| replace_at(o, index, outcome));
        });
    }

    /// Takes the offer of outcome `index`: the text as a new version (true)
    /// or as a document of its own (false).
    pub fn settle_revision(&self, index: usize, as_version: bool) {
        let Some(Outcome::Revision { file, old, new, carried, title }) = self.outcomes.with_untracked(|o| o.get(index).cloned())
        else {
            return;
        };
        self.mark_working(index, &file, if as_version { "becomes the new version" } else { "is added" });
        let intake = *self;
        leptos::task::spawn_local(async move {
            let result = if as_version {
                let replaced = intake.library.replace_with_version(&old.id, new.clone(), carried, now_rfc3339()).await;
                // The old version may be the open one: the reader goes on with the new.
                if replaced.is_ok() && intake.library.open_id().as_deref() == Some(old.id.as_str()) {
                    crate::web::route::go(&crate::core::route::Route::Document(new.id().to_string()).hash());
                }
                replaced.map(|()| false)
            } else {
                let entry = new_entry(&new, title.clone(), String::new());
                intake.library.add(entry, new.clone(), Vec::new()).await.map(|a| a == Added::AlreadyThere)
            };
            let outcome = match result {
                Ok(already) => Outcome::Added { file, id: new.id().to_string(), title, encoding: None, already, bytes: None },
                Err(message) => Outcome::Failed { file, message },
            };
            intake.outcomes.update(|o| replace_at(o, index, outcome));
        });
    }

    fn mark_working(&self, index: usize, file: &str, doing: &'static str) {
        self.outcomes.update(|o| replace_at(o, index, Outcome::Working { file: file.to_string(), doing }));
    }

    /// Adds the documents of corpus outcome `index`, read with code point
    /// offsets or (`utf16`) with doccano's UTF-16 ones.
    pub fn import_corpus(&self, index: usize, utf16: bool) {
        let Some(Outcome::Corpus { file, read }) = self.outcomes.with_untracked(|o| o.get(index).cloned()) else { return };
        let documents: Vec<CorpusDoc> = match (&read.utf16, utf16) {
            (Some(other), true) => other.documents.clone(),
            _ => read.documents.clone(),
        };
        self.mark_working(index, &file, "is imported");
        let intake = *self;
        let total = documents.len();
        leptos::task::spawn_local(async move {
            let mut outcomes = Vec::with_capacity(total);
            for (done, d) in documents.into_iter().enumerate() {
                intake.progress.set(Some(Progress { done, total, current: d.title.clone() }));
                yield_to_browser().await;
                let doc = Arc::new(d.document);
                let entry = Entry {
                    id: doc.id().to_string(),
                    title: d.title.clone(),
                    file_name: d.file_name,
                    status: d.status,
                    length: doc.len(),
                    counts: [0; 3],
                    added: if d.added.is_empty() { now_rfc3339() } else { d.added },
                    edited: d.edited,
                };
                let shown = format!("{file}: {}", d.title);
                outcomes.push(match intake.library.add(entry, doc.clone(), d.annotations).await {
                    Ok(added) => Outcome::Added {
                        file: shown,
                        id: doc.id().to_string(),
                        title: intake.title_in_library(doc.id(), added.clone(), d.title),
                        encoding: None,
                        already: added == Added::AlreadyThere,
                        bytes: None,
                    },
                    Err(message) => Outcome::Failed { file: shown, message },
                });
            }
            intake.progress.set(None);
            // The report may have been closed meanwhile: replace the corpus
            // entry only while it is still there.
            intake.outcomes.update(|o| {
                if matches!(o.get(index), Some(Outcome::Working { .. })) {
                    o.splice(index..=index, outcomes);
                } else {
                    *o = outcomes;
                }
            });
        });
    }

    /// The title the report links to: a text already there keeps the
    /// library's title, and naming the file's would name no document.
    fn title_in_library(&self, id: &str, added: Added, title: String) -> String {
        match added {
            Added::AlreadyThere => self.library.entry(id).map_or(title, |e| e.title),
            Added::New => title,
        }
    }

    /// Adds pasted text as a document titled `title`: its id, or `None`
    /// when it looks like a new version of a document already there (the
    /// offer is then in the report).
    pub async fn add_pasted(&self, title: String, text: String) -> Result<Option<String>, String> {
        let doc = Document::parse(&text).map_err(|e| format!("The pasted text can't be added: {e}."))?;
        let doc = Arc::new(doc);
        let title = if title.trim().is_empty() { readers::title_of_pasted(&text) } else { title.trim().to_string() };
        let revised = self.library.entries().with_untracked(|list| revised_by(list, doc.id(), &title, "").cloned());
        if let Some(old) = revised {
            let old_doc = self.library.document(&old.id).await?;
            let carried = carry_over(&old_doc, &stored_annotations(&old_doc), &doc);
            let offer = Outcome::Revision { file: "Pasted text".into(), old, new: doc, carried, title };
            self.outcomes.set(vec![offer]);
            return Ok(None);
        }
        let entry = new_entry(&doc, title, String::new());
        self.library.add(entry, doc.clone(), Vec::new()).await?;
        Ok(Some(doc.id().to_string()))
    }
}

/// Puts `outcome` at `index` of the report, or at its end when the report
/// was closed and emptied meanwhile.
fn replace_at(outcomes: &mut Vec<Outcome>, index: usize, outcome: Outcome) {
    match outcomes.get_mut(index) {
        Some(slot) => *slot = outcome,
        None => outcomes.push(outcome),
    }
}

/// The entry of a document just added.
fn new_entry(doc: &Document, title: String, file_name: String) -> Entry {
    Entry {
        id: doc.id().to_string(),
        title,
        file_name,
        status: Status::Todo,
        length: doc.len(),
        counts: [0; 3],
        added: now_rfc3339(),
        edited: String::new(),
    }
}
