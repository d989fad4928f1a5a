//! Thin adapters between the pure core and the browser. Nothing here knows
//! the app's state: callers hand in what an adapter needs.

pub mod broadcast;
pub mod clock;
pub mod crash;
pub mod decode;
pub mod download;
pub mod dropped;
pub mod fetch;
pub mod files;
pub mod highlights;
pub mod html_dom;
pub mod ids;
pub mod keys;
pub mod lifetime;
pub mod local_storage;
pub mod paint;
pub mod regex;
pub mod route;
pub mod selection;
pub mod storage_manager;
pub mod suggestion_store;
pub mod text_store;
pub mod unsaved;
pub mod words;
