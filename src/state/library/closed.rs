//! The annotations of documents that aren't open: read for an export or
//! a count, and merged with imported ones, straight in localStorage.

use crate::core::annotation::Annotation;
use crate::core::document::Document;
use crate::core::incoming::Incoming;
use crate::core::merge;
use crate::web::local_storage::{self, SaveError};

/// What is stored for `doc` (empty when nothing is, or it can't be read:
/// opening keeps aside what it can't read, as it always does).
pub fn stored_annotations(doc: &Document) -> Vec<Annotation> {
    local_storage::open(doc, &format!("{}", js_sys::Date::now() as u64)).map(|o| o.saved.annotations).unwrap_or_default()
}

/// Merges imported annotations into a document's stored work (it isn't
/// open, so they go straight to localStorage, verified like every save).
pub(super) fn store_annotations(doc: &Document, incoming: Vec<Incoming>) -> Result<(), SaveError> {
    let opened = local_storage::open(doc, &format!("{}", js_sys::Date::now() as u64))?;
    let mut saved = opened.saved;
    let plan = merge::plan(doc, &saved.annotations, incoming);
    merge::apply(&mut saved.annotations, &plan);
    saved.unplaced.extend(plan.unplaced);
    local_storage::save(doc, saved.parts(), opened.generation + 1).map(|_| ())
}
