//! The annotations of documents that aren't open: read for an export or
//! a count, and merged with imported ones, straight in localStorage.

use crate::core::annotation::Annotation;
use crate::core::document::Document;
use crate::core::incoming::Incoming;
use crate::core::keepable;
use crate::core::merge;
use crate::web::local_storage;

/// What is stored for `doc` (empty when nothing is, or it can't be read:
/// opening keeps aside what it can't read, as it always does).
pub fn stored_annotations(doc: &Document) -> Vec<Annotation> {
    local_storage::open(doc, &format!("{}", js_sys::Date::now() as u64)).map(|o| o.saved.annotations).unwrap_or_default()
}

/// Merges imported annotations into a document's stored work (it isn't
/// open, so they go straight to localStorage, verified like every save).
/// Work that can't be kept (a note too long, no room) is refused whole,
/// before anything is written.
pub(super) fn store_annotations(doc: &Document, incoming: Vec<Incoming>) -> Result<(), String> {
    let opened = local_storage::open(doc, &format!("{}", js_sys::Date::now() as u64)).map_err(|e| e.to_string())?;
    let mut saved = opened.saved;
    let plan = merge::plan(doc, &saved.annotations, incoming);
    keepable::check_plan_notes(doc, &plan).map_err(|e| e.to_string())?;
    merge::apply(&mut saved.annotations, &plan);
    saved.unplaced.extend(plan.unplaced);
    keepable::check_room(keepable::stored_units(doc, &saved), local_storage::room_for_next_write(doc)).map_err(|e| e.to_string())?;
    local_storage::save(doc, saved.parts(), opened.generation + 1).map(|_| ()).map_err(|e| e.to_string())
}
