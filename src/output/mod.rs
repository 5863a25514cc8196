//! Renderers of a result for the terminal (`human`) and as JSON (`json`),
//! and the fixed-byte table writers (`xlsx`, `csv`, over the cells and
//! sheets of `sheet`) of the bureau workbook and the `ducha init` templates.

pub mod csv;
pub mod human;
pub mod json;
pub mod sheet;
pub mod xlsx;
