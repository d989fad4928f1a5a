//! Files and folders dropped on the page. A drop's items are only usable while
//! its event handler runs, so the entries are taken then (`entries`) and
//! walked afterwards (`DroppedEntries::files`).

use crate::web::files::{hidden, PickedFile};
use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// What a drop held, taken while its event handler ran.
pub struct DroppedEntries {
    entries: Vec<FileSystemEntry>,
    /// The drop's plain files, for a browser without `webkitGetAsEntry`.
    files: Vec<web_sys::File>,
}

/// Takes a drop's entries; call it inside the drop handler, before any await.
pub fn entries(data: &DataTransfer) -> DroppedEntries {
    let items = data.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter(|item| item.kind() == "file")
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    let files = match (entries.is_empty(), data.files()) {
        (true, Some(list)) => (0..list.length()).filter_map(|i| list.get(i)).collect(),
        _ => Vec::new(),
    };
    DroppedEntries { entries, files }
}

impl DroppedEntries {
    /// Every file dropped or inside a dropped folder, hidden ones left out,
    /// ordered by path; a file or folder the browser cannot read is left out.
    pub async fn files(self) -> Vec<PickedFile> {
        let mut found: Vec<PickedFile> = self
            .files
            .into_iter()
            .filter(|file| !hidden(&file.name()))
            .map(|file| PickedFile { file, path: String::new() })
            .collect();
        // A work list rather than recursion: an async fn cannot call itself unboxed.
        let mut pending = self.entries;
        while let Some(entry) = pending.pop() {
            if hidden(&entry.name()) {
                continue;
            }
            // Told apart by isDirectory / isFile, as the spec does, not by
            // class: a test can then hand in stand-in entries for a folder.
            if entry.is_directory() {
                pending.extend(children(entry.unchecked_ref()).await);
            } else if entry.is_file() {
                let file: &FileSystemFileEntry = entry.unchecked_ref();
                if let Ok(file) = called_back(|ok, err| file.file_with_callback_and_callback(ok, err)).await {
                    found.push(PickedFile { file: file.unchecked_into(), path: inside_folder(&entry.full_path()) });
                }
            }
        }
        crate::core::sort::by(&mut found, |a, b| sort_key(a).cmp(&sort_key(b)));
        found
    }
}

/// Takes a drop's files and folders and walks them: `entries` then `files`,
/// for a caller that has nothing to await before it.
pub async fn files_from_drop(data: &DataTransfer) -> Vec<PickedFile> {
    entries(data).files().await
}

/// A folder's entries. `readEntries` hands them out in batches (at most 100 in
/// Chromium), so it is called until a batch comes back empty.
async fn children(folder: &FileSystemDirectoryEntry) -> Vec<FileSystemEntry> {
    let reader = folder.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = called_back(|ok, err| {
            if let Err(e) = reader.read_entries_with_callback_and_callback(ok, err) {
                let _ = err.call1(&JsValue::NULL, &e);
            }
        });
        let Ok(batch) = batch.await else { return all };
        let batch: Array = batch.unchecked_into();
        if batch.length() == 0 {
            return all;
        }
        all.extend(batch.iter().map(|entry| entry.unchecked_into::<FileSystemEntry>()));
    }
}

/// Awaits a callback-style API: `call` gets the success and error callbacks.
async fn called_back(call: impl FnOnce(&js_sys::Function, &js_sys::Function)) -> Result<JsValue, JsValue> {
    let mut call = Some(call);
    JsFuture::from(Promise::new(&mut |ok, err| {
        if let Some(call) = call.take() {
            call(&ok, &err);
        }
    }))
    .await
}

/// The path inside a dropped folder ("notes/day 1.txt"), or "" for a file
/// dropped on its own (`fullPath` "/day 1.txt").
fn inside_folder(full_path: &str) -> String {
    let path = full_path.trim_start_matches('/');
    if path.contains('/') { path.to_string() } else { String::new() }
}

/// Folder files by their path, loose files by their name, so a drop of both reads in one order.
fn sort_key(picked: &PickedFile) -> String {
    if picked.path.is_empty() { picked.name() } else { picked.path.clone() }
}
