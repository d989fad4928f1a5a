//! The reader's own patterns: spaCy EntityRuler JSONL and a regular-expression form.
