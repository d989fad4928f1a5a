//! Learned phrases: every phrase the reader tagged, as a dictionary entry.
