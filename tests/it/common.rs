//! Helpers shared by the test modules.

use ducha::checklist::Checklist;
use ducha::eval::{evaluate, Input};
use ducha::evidence::Evidence;
use ducha::result::{InspectionResult, ItemResult};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The mini checklist that uses every rule kind.
pub fn mini() -> Checklist {
    ducha::checklist::load(Some(&fixture("checklists/mini.yaml"))).expect("mini checklist loads")
}

pub const SCHOOL: &str = "name: 测试小学\ncode: \"4209210099\"\ntype: primary\ntownship: 测试镇\nterm_start: 2026-09-01\nheadcounts: {teachers: 12, left_behind: 2}\nflags: {canteen: true}\nfood_license: {number: JY1, expires: 2027-01-01}\n";

/// Evaluates files held in memory against a checklist.
pub fn eval_with(
    cl: &Checklist,
    files: &[(&str, &[u8])],
    school: &str,
    inspection: Option<&str>,
    date: &str,
) -> InspectionResult {
    let mut all: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, d)| (p.to_string(), d.to_vec()))
        .collect();
    all.push(("school.yaml".into(), school.as_bytes().to_vec()));
    let evidence = Evidence::from_files("mem", all);
    let profile = ducha::profile::parse("school.yaml", school, cl).expect("school.yaml valid");
    let insp = inspection.map(|t| {
        ducha::inspection::parse(
            "inspection.yaml",
            "inspection.yaml",
            t,
            cl,
            ducha::inspection::PhotoBase::Submission(&evidence),
        )
        .expect("inspection valid")
    });
    let (self_scores, notes) = ducha::pipeline::self_scores(&evidence, cl, insp.as_ref());
    evaluate(&Input {
        checklist: cl,
        evidence: &evidence,
        profile: &profile,
        inspection: insp.as_ref(),
        self_scores: &self_scores,
        notes: &notes,
        date: ducha::date::parse(date).expect("date"),
        date_source: "option",
        previous: None,
    })
}

pub fn eval_mem(files: &[(&str, &[u8])]) -> InspectionResult {
    eval_with(&mini(), files, SCHOOL, None, "2026-09-10")
}

pub fn item<'a>(r: &'a InspectionResult, id: &str) -> &'a ItemResult {
    r.items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

pub fn codes(i: &ItemResult) -> Vec<&str> {
    i.findings.iter().map(|f| f.code.as_str()).collect()
}

/// `ducha batch SUBS -o OUT --no-pdf` with the official checklist.
pub fn batch_no_pdf(subs: &Path, out: &Path) -> (i32, String, String) {
    ducha(&[
        "batch",
        subs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-pdf",
    ])
}

/// Runs the binary in the crate root; returns (exit code, stdout, stderr).
pub fn ducha(args: &[&str]) -> (i32, String, String) {
    ducha_in(&root(), args)
}

pub fn ducha_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ducha"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run ducha");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Adds the files of `dir` to a zip being written, under `top/` when
/// given, in path order, deflated.
pub fn add_dir_to_zip<W: std::io::Write + std::io::Seek>(
    w: &mut zip::ZipWriter<W>,
    dir: &Path,
    top: Option<&str>,
) {
    use std::io::Write;
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    files.sort_by(|a, b| a.path().cmp(b.path()));
    for e in files {
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let name = match top {
            Some(t) => format!("{t}/{rel}"),
            None => rel,
        };
        w.start_file(name, opts).unwrap();
        w.write_all(&std::fs::read(e.path()).unwrap()).unwrap();
    }
}

/// The files of `dir` as a zip, under `top/` when given.
pub fn zip_dir(dir: &Path, top: Option<&str>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    add_dir_to_zip(&mut w, dir, top);
    w.finish().unwrap().into_inner()
}
