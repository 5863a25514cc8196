//! Renderers of a result for the terminal (`human`) and as JSON (`json`).

pub mod human;
pub mod json;
