//! Zip submissions read in place: any bytes give an evidence set (whose
//! tables and documents are then read and evaluated) or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = common::official();
    let Ok(evidence) = ducha::evidence::archive::read_zip_from(
        std::io::Cursor::new(data),
        data.len() as u64,
        std::path::Path::new("fuzz.zip"),
        ducha::evidence::Limits::default(),
    ) else {
        return;
    };
    for f in &evidence.files {
        let _ = f.sheets();
        let _ = f.text();
    }
    common::evaluate(&evidence);
});
