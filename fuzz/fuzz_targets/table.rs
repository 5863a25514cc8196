//! Table reading: the first byte picks the format (.xlsx, .xls, .csv,
//! .json, .yaml), the rest is the file. The file is parsed, then read as
//! the left-behind roster by a whole evaluation (header matching, cell
//! reading, every rule on the roster).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const EXTS: [&str; 5] = ["xlsx", "xls", "csv", "json", "yaml"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let ext = EXTS[pick as usize % EXTS.len()];
    let _ = common::official();
    let _ = ducha::evidence::table::parse(ext, bytes);
    let evidence = ducha::evidence::Evidence::from_files(
        "fuzz",
        vec![(format!("关爱/留守儿童花名册.{ext}"), bytes.to_vec())],
    );
    common::evaluate(&evidence);
});
