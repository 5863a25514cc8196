//! Every submission under `samples/` (written by `cargo run -p ducha-synth
//! --bin make-samples`) checked with the official checklist, as a user
//! runs `ducha check samples/<folder>`: its grade, vetoes and pending
//! on-site items pinned here, its whole JSON result in a snapshot named
//! after the folder, and the folder left untouched by the check.

use ducha::pipeline::{self, CheckOptions};
use ducha::result::InspectionResult;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One sample and what it must give.
struct Expect {
    folder: &'static str,
    grade: &'static str,
    vetoed: &'static [&'static str],
    /// On-site items not yet scored (a self-audit has no inspection sheet).
    pending: usize,
}

const SAMPLES: &[Expect] = &[
    Expect {
        folder: "01-河口镇中心小学",
        grade: "优秀",
        vetoed: &[],
        pending: 0,
    },
    Expect {
        folder: "02-城关第二初级中学",
        grade: "良好",
        vetoed: &[],
        pending: 0,
    },
    Expect {
        folder: "03-桂花乡九年一贯制学校",
        grade: "不合格",
        vetoed: &["bus.drivers"],
        pending: 0,
    },
    Expect {
        folder: "04-城关镇中心幼儿园",
        grade: "优秀",
        vetoed: &[],
        pending: 0,
    },
    Expect {
        folder: "05-澴阳县职业技术学校",
        // 80.3: 进货查验 is waived this term (食材统一配送).
        grade: "良好",
        vetoed: &[],
        pending: 0,
    },
    Expect {
        folder: "06-柳林乡白果村小学",
        grade: "合格",
        vetoed: &[],
        pending: 7,
    },
    Expect {
        folder: "07-澴阳县第一高级中学",
        grade: "优秀",
        vetoed: &[],
        pending: 0,
    },
];

/// The folder relative to the package, so that results name no machine path.
fn dir(folder: &str) -> PathBuf {
    Path::new("samples").join(folder)
}

fn check(folder: &str) -> InspectionResult {
    let cl = pipeline::load_checklist(None).expect("the official checklist loads");
    pipeline::check(&dir(folder), &cl, &CheckOptions::default())
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
}

fn expect(folder: &str) -> &'static Expect {
    SAMPLES
        .iter()
        .find(|e| e.folder == folder)
        .unwrap_or_else(|| panic!("no expectation for {folder}"))
}

/// Checks one sample against its row of `SAMPLES` and its snapshot.
fn sample(folder: &str) {
    let want = expect(folder);
    let r = check(folder);
    let summary = &r.summary;
    assert_eq!(
        summary.grade, want.grade,
        "{folder}: score {} grade",
        summary.score
    );
    assert_eq!(summary.vetoed, want.vetoed, "{folder}: vetoed items");
    assert_eq!(
        summary.pending.items, want.pending,
        "{folder}: pending on-site items"
    );
    insta::assert_json_snapshot!(folder, r);
}

#[test]
fn s01_clean_primary_school() {
    sample("01-河口镇中心小学");
}

#[test]
fn s02_junior_school_with_scattered_findings() {
    sample("02-城关第二初级中学");
}

#[test]
fn s03_nine_year_school_vetoed_for_its_bus_driver() {
    sample("03-桂花乡九年一贯制学校");
}

#[test]
fn s04_kindergarten() {
    sample("04-城关镇中心幼儿园");
}

#[test]
fn s05_vocational_school() {
    sample("05-澴阳县职业技术学校");
}

#[test]
fn s06_village_school_self_audit() {
    sample("06-柳林乡白果村小学");
}

#[test]
fn s07_senior_high_school() {
    sample("07-澴阳县第一高级中学");
}

/// Every folder under `samples/` has a row above (and a test), and every
/// row a folder; the README names each with its grade.
#[test]
fn every_sample_is_listed() {
    let mut folders: Vec<String> = std::fs::read_dir("samples")
        .expect("samples/ exists")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // Last term's results, not a school.
        .filter(|n| n != ducha::batch::PREVIOUS_FOLDER)
        .collect();
    folders.sort();
    let listed: Vec<&str> = SAMPLES.iter().map(|e| e.folder).collect();
    assert_eq!(folders, listed);
    let readme = std::fs::read_to_string("samples/README.md").expect("samples/README.md");
    for e in SAMPLES {
        let row = readme
            .lines()
            .find(|l| l.contains(&format!("`{}`", e.folder)));
        let row = row.unwrap_or_else(|| panic!("README.md has no row for {}", e.folder));
        assert!(
            row.contains(&format!("| {} |", e.grade)),
            "README.md row of {} should say {}: {row}",
            e.folder,
            e.grade
        );
    }
}

/// Bytes and modification time of every file under `dir`.
fn state(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable folder") {
            let path = e.expect("entry").path();
            let meta = std::fs::metadata(&path).expect("metadata");
            if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.insert(path, (bytes, meta.modified().expect("mtime")));
            }
        }
    }
    out
}

#[test]
fn checking_leaves_the_submission_untouched() {
    let folder = "02-城关第二初级中学";
    let before = state(&dir(folder));
    let files_before = std::fs::read_dir(dir(folder)).expect("folder").count();
    check(folder);
    check(folder);
    assert_eq!(
        std::fs::read_dir(dir(folder)).expect("folder").count(),
        files_before,
        "no file added"
    );
    let after = state(&dir(folder));
    assert_eq!(before.len(), after.len(), "same files");
    for (path, (bytes, mtime)) in &before {
        let (b, m) = &after[path];
        assert!(bytes == b, "{} changed", path.display());
        assert_eq!(mtime, m, "{} touched", path.display());
    }
}

/// Every checklist under `checklists/` (the county tailoring too) loaded
/// and evaluated on every sample: each applicable item gets a verdict,
/// none is `error`, and the result's items are exactly the checklist's.
#[test]
fn every_shipped_checklist_evaluates_every_sample() {
    let mut files = vec![PathBuf::from("checklists/start-of-term.yaml")];
    for e in std::fs::read_dir("checklists/examples").unwrap() {
        files.push(e.unwrap().path());
    }
    for f in &files {
        let cl = pipeline::load_checklist(Some(f)).unwrap_or_else(|e| panic!("{f:?}: {e}"));
        let ids: Vec<&str> = cl.items().map(|(_, i)| i.id.as_str()).collect();
        for want in SAMPLES {
            let r = pipeline::check(&dir(want.folder), &cl, &CheckOptions::default())
                .unwrap_or_else(|e| panic!("{f:?} {}: {e}", want.folder));
            let got: Vec<&str> = r.items.iter().map(|i| i.id.as_str()).collect();
            assert_eq!(got, ids, "{f:?} {}", want.folder);
            for i in &r.items {
                assert_ne!(
                    i.status,
                    ducha::result::Status::Error,
                    "{f:?} {} {}: {}",
                    want.folder,
                    i.id,
                    i.note
                );
            }
        }
    }
    // The county's tailoring took effect.
    let county =
        pipeline::load_checklist(Some(Path::new("checklists/examples/county-tailored.yaml")))
            .unwrap();
    assert!(county.item("enrollment.migrant").is_none());
    assert_eq!(county.item("enrollment.students").unwrap().points, 6.0);
}

/// The README's first command, `batch samples -o out`, as a user runs it
/// (into a temporary folder): every sample gets its result and report,
/// and the bureau gets its workbook and 通报.
#[test]
fn readme_batch_command_runs_on_the_samples() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("cargo run --release -- batch"))
        .expect("the README names the batch command");
    let args: Vec<&str> = line
        .split("--release --")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(args, ["batch", "samples", "-o", "out"], "{line}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, err) =
        crate::common::ducha(&[args[0], args[1], args[2], out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");
    for want in SAMPLES {
        assert!(out.join(format!("results/{}.json", want.folder)).is_file());
        let pdf = std::fs::read(out.join(format!("reports/{}.pdf", want.folder))).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{}", want.folder);
    }
    assert!(out.join("summary.xlsx").is_file());
    assert!(out.join("summary.pdf").is_file());
}
