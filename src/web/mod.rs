//! Thin adapters between the pure core and the browser. Nothing here knows
//! the app's state: callers hand in what an adapter needs.

pub mod clock;
pub mod crash;
pub mod download;
pub mod fetch;
pub mod highlights;
pub mod ids;
pub mod keys;
pub mod local_storage;
pub mod paint;
pub mod selection;
pub mod storage_manager;
pub mod text_store;
pub mod words;
