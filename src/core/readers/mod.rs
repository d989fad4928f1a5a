//! Readers: how each kind of file becomes the blocks of a document.

pub mod plain;
pub mod markdown;
