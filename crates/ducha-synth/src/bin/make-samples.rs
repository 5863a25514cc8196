//! Generates `samples/`: invented but realistic submissions of the schools
//! of 澴阳县 (a fictional county in Hubei), one folder per school, each
//! shaped for `checklists/start-of-term.yaml`. Deterministic: the seeded
//! generator and fixed-byte writers of `ducha_synth`, so a rerun rewrites
//! identical bytes. Run: `cargo run -p ducha-synth --bin make-samples`.
//!
//! The schools' profiles and what each demonstrates are in
//! `ducha_synth::curated`; every folder is checked with the library and
//! `samples/README.md` is written from the results.

use ducha_synth::{curated, readme};
use std::path::{Path, PathBuf};

/// A fresh folder for last term's submissions, outside `samples/`.
fn tempfile_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("ducha-previous-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The workspace root, two levels above this crate.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .ok_or("no workspace root")?
        .join("samples");
    std::fs::create_dir_all(&root)?;
    // Folders of earlier runs (a renamed school must not linger).
    for entry in std::fs::read_dir(&root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    let specs = curated::specs();
    for spec in &specs {
        ducha_synth::write_folder(&root.join(&spec.folder), &ducha_synth::build(spec))?;
    }
    // Last term's results of some schools, for 回头看.
    let previous = root.join("previous");
    std::fs::create_dir_all(&previous)?;
    let scratch = tempfile_dir()?;
    for (folder, flaws) in curated::previous_terms() {
        let spec = specs
            .iter()
            .find(|s| s.folder == folder)
            .ok_or_else(|| format!("no sample {folder}"))?;
        let json = ducha_synth::previous::previous_result(spec, flaws, &scratch)?;
        std::fs::write(previous.join(format!("{folder}.json")), json)?;
    }
    std::fs::remove_dir_all(&scratch)?;
    std::fs::write(root.join("county.yaml"), curated::COUNTY_YAML)?;
    std::fs::write(root.join("README.md"), readme::readme(&root, &specs)?)?;
    println!("wrote {} samples under {}", specs.len(), root.display());
    Ok(())
}
