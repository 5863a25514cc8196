//! Checklists: the raw YAML shapes (`raw`), loading with `extends:`
//! tailoring (`load`), validation (`validate`) into the checked form
//! (`checked`) that evaluation reads, and the glob language (`glob`).

mod checked;
pub mod glob;
mod load;
pub mod raw;
mod validate;

pub use checked::*;
pub use glob::Glob;
pub use load::{load, load_str, OFFICIAL, OFFICIAL_NAME, SCHEMA_VERSION};
pub use raw::{
    ColType, ColumnSpec, Combine, GradeBand, Guidance, Mode, NotDataRows, ProfileSpec,
    Rectification, SchoolType, Scoring, SpotCheck,
};
pub use validate::SCHOOL_FIELDS;
