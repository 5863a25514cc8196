//! Synthetic evidence: deterministic submissions of invented schools, for
//! `samples/`, the tests and the benchmarks; no part of the product.
//!
//! `write` holds the fixed-byte writers of the file kinds only a
//! submission holds (Word documents, PDF scans, photos); workbooks and CSV
//! files come from the product's writers (`ducha::output`). The rest builds
//! whole submission folders: a school's profile ([`Spec`]) becomes a clean
//! submission ([`Sub`], one module per checklist section), its `flaws`
//! break what it should demonstrate, and [`build`] renders every file.
//! [`curated`] holds the seven samples of `samples/`
//! (`cargo run -p ducha-synth --bin make-samples`); [`generate`] writes any
//! number of random but plausible schools of the county
//! (`cargo run -p ducha-synth --bin ducha-synth -- N -o DIR --seed S`).

pub mod write;

mod bus;
mod calendar;
mod care;
pub mod county;
pub mod curated;
mod curriculum;
mod enrollment;
mod faults;
mod fees;
mod folder;
mod food;
mod names;
mod people;
pub mod previous;
pub mod readme;
mod rng;
mod safety;
mod spec;
mod sub;
mod table;
mod words;

pub use folder::{build, build_designed, write_folder};
pub use spec::{Kind, Spec, COUNTY, TERM_START};
pub use sub::Sub;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Writes `n` synthetic submission folders under `dir`, one per school
/// of an invented county (`0001-河口镇中心小学` …): mostly primary
/// schools, some junior, nine-year schools and kindergartens, a few
/// senior and vocational schools, over twelve townships, each with a
/// random but plausible mix of findings; about half carry the
/// inspectors' `inspection.yaml`, the others are self-audits. The same
/// `seed` writes the same bytes. Returns the folders in order.
pub fn generate(dir: &Path, n: usize, seed: u64) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let specs = county::specs(n, seed);
    specs
        .par_iter()
        .map(|spec| {
            let folder = dir.join(&spec.folder);
            write_folder(&folder, &build(spec))
                .map_err(|e| format!("{}: {e}", folder.display()))?;
            Ok(folder)
        })
        .collect()
}

/// The official checklist, parsed once (the 自评表 lists its items).
pub(crate) fn official() -> &'static ducha::checklist::Checklist {
    static CL: std::sync::OnceLock<ducha::checklist::Checklist> = std::sync::OnceLock::new();
    CL.get_or_init(|| ducha::pipeline::load_checklist(None).expect("the official checklist loads"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ducha::result::Status;

    /// Same seed, same bytes; another seed, other schools.
    #[test]
    fn generation_is_deterministic() {
        let a: Vec<_> = county::specs(12, 7).iter().map(build).collect();
        let b: Vec<_> = county::specs(12, 7).iter().map(build).collect();
        assert!(a == b);
        let c = county::specs(12, 8);
        assert_ne!(county::specs(12, 7)[0].name, c[0].name);
    }

    /// Every synthetic school evaluates without `error` statuses, and
    /// loses points exactly where its flaws were meant to cost them.
    #[test]
    fn synthetic_findings_match_their_design() {
        let cl = ducha::pipeline::load_checklist(None).expect("checklist");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut grades = std::collections::BTreeMap::new();
        let mut differ = Vec::new();
        // DUCHA_SYNTH_TEST_N=300 for a wider look (release build advised).
        let n = std::env::var("DUCHA_SYNTH_TEST_N")
            .ok()
            .and_then(|n| n.parse().ok());
        for spec in county::specs(n.unwrap_or(60), 2026) {
            let (files, flawed) = build_designed(&spec);
            let folder = dir.path().join(&spec.folder);
            write_folder(&folder, &files).expect("write");
            let r = ducha::pipeline::check(&folder, &cl, &Default::default()).expect("check");
            *grades.entry(r.summary.grade.clone()).or_insert(0) += 1;
            for i in &r.items {
                assert_ne!(
                    i.status,
                    Status::Error,
                    "{}: {} {}",
                    spec.folder,
                    i.id,
                    i.note
                );
                let lost = matches!(i.status, Status::Partial | Status::Fail);
                let meant = flawed.contains(&i.id.as_str());
                let pending = i.status == Status::Pending;
                if lost != meant && !pending {
                    let why = i.findings.first().map(|f| f.message.as_str()).unwrap_or("");
                    differ.push(format!(
                        "{} {} {:?} designed={meant}: {why}",
                        spec.folder, i.id, i.status
                    ));
                }
            }
        }
        assert!(
            differ.is_empty(),
            "verdicts differ from the design:\n{}",
            differ.join("\n")
        );
        assert!(grades.len() >= 3, "grades {grades:?}");
    }
}

#[cfg(test)]
mod any_size {
    use super::*;

    /// Issue 20: the generator makes any N schools for any seed: every
    /// school built (no flaw may index a table an earlier flaw emptied),
    /// each in a folder of its own (a county of 20,000 lost 1,630 to
    /// folders of the same name).
    #[test]
    fn any_n_schools_for_any_seed() {
        // 311 schools of seed 4 met an emptied lessons table (issue 20).
        let specs = county::specs(311, 4);
        assert_eq!(specs.len(), 311);
        specs.par_iter().for_each(|s| {
            build(s);
        });
        let specs = county::specs(20_000, 3);
        let folders: std::collections::HashSet<&str> =
            specs.iter().map(|s| s.folder.as_str()).collect();
        assert_eq!(folders.len(), 20_000, "folders of the same name");
    }
}
