//! Synthetic evidence: deterministic writers for the file kinds a
//! submission holds (workbooks, CSV, Word documents, PDF scans, photos).
//! Used by `examples/make_samples.rs`, `ducha init` templates and tests.

pub mod write;
