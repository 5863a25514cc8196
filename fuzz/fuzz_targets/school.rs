//! school.yaml and inspection sheets: the first byte picks which one the
//! rest is read as; either gives a value or diagnostics with positions.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let cl = common::official();
    if pick % 2 == 0 {
        let _ = ducha::profile::parse("school.yaml", &text, cl);
    } else {
        let evidence = ducha::evidence::Evidence::from_files(
            "fuzz",
            vec![("照片/留守儿童之家.jpg".to_string(), vec![0xFF, 0xD8])],
        );
        let _ = ducha::inspection::parse("inspection.yaml", "inspection.yaml", &text, cl, ducha::inspection::PhotoBase::Submission(&evidence));
    }
});
