//! The embedded official checklist and label file, parsed once when ducha
//! is built.
//!
//! Every `ducha` process that uses the official checklist (the default)
//! started by parsing its 64 KB of YAML, 20 M instructions, before
//! anything else could happen, and the 42 KB of labels cost another 11 M
//! (docs/performance.md, 2026-12-07). Here each YAML file is parsed as
//! ducha parses it (serde_yaml) and written out as JSON, which the
//! program reads back in a fraction of the time. The YAML files stay the
//! only source: the JSON is a build product in OUT_DIR, and the build
//! fails if the JSON does not give back exactly the value the YAML gives
//! (a key that is not a text, a tag, a number JSON cannot hold).

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for (src, out) in [
        ("checklists/start-of-term.yaml", "start-of-term.json"),
        ("templates/labels.yaml", "labels.json"),
    ] {
        as_json(Path::new(src), out);
    }
}

fn as_json(src: &Path, out: &str) {
    println!("cargo:rerun-if-changed={}", src.display());
    let text = std::fs::read_to_string(src)
        .unwrap_or_else(|e| panic!("{}: cannot be read: {e}", src.display()));
    // A text serde_yaml refuses is left to the program, which reports
    // it with its position; the JSON then says there is none.
    let json = match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(value) => {
            let json = serde_json::to_string(&value)
                .unwrap_or_else(|e| panic!("{}: cannot be kept as JSON: {e}", src.display()));
            let back: serde_yaml::Value =
                serde_json::from_str(&json).expect("JSON written here parses");
            assert!(
                back == value,
                "{}: its JSON form does not give back the same value (a tag or a key that is not a text?)",
                src.display()
            );
            json
        }
        Err(_) => String::new(),
    };
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join(out), json).expect("OUT_DIR is writable");
}
