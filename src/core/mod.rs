//! Pure logic: everything here compiles and is tested without a browser.

pub mod anchor;
pub mod block_paint;
pub mod annotation;
pub mod corpus;
pub mod document;
pub mod editing;
pub mod formats;
pub mod history;
pub mod import;
pub mod incoming;
pub mod keymap;
pub mod library;
pub mod library_export;
pub mod list_filter;
pub mod list_window;
pub mod merge;
pub mod readers;
pub mod revision;
pub mod route;
pub mod segments;
pub mod sort;
pub mod stored_format;
pub mod suggest;
pub mod sync;
pub mod text;
pub mod time;
