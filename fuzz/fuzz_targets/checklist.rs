//! Checklist loading and validation (`ducha lint`, `--checklist`): any
//! text gives a checklist or diagnostics, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = ducha::checklist::load_str("fuzz.yaml", &text, None);
});
