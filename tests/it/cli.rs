//! The command line as users run it: reports, JSON, exit codes, output
//! files, and a submission left untouched.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

const MINI: &str = "tests/fixtures/checklists/mini.yaml";
const BASIC: &str = "tests/fixtures/submissions/mini-basic";

#[test]
fn human_report_in_chinese() {
    let (code, out, err) = ducha(&["check", BASIC, "--checklist", MINI]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn human_report_with_english_labels() {
    let (_, out, _) = ducha(&[
        "check",
        BASIC,
        "--checklist",
        MINI,
        "--lang",
        "en",
        "--date",
        "2026-09-12",
    ]);
    assert!(
        out.contains("Score") && out.contains("--date option"),
        "{out}"
    );
}

#[test]
fn json_report_is_versioned_and_reproducible() {
    let (code, a, _) = ducha(&["check", BASIC, "--checklist", MINI, "--format", "json"]);
    assert_eq!(code, 1);
    let (_, b, _) = ducha(&["check", BASIC, "--checklist", MINI, "--format", "json"]);
    assert_eq!(a, b);
    let r = ducha::output::json::parse(&a).unwrap();
    assert_eq!(r.schema, "ducha.result/1");
    insta::assert_snapshot!(a);
}

#[test]
fn date_option_overrides_the_sheet() {
    let (_, out, _) = ducha(&[
        "check",
        BASIC,
        "--checklist",
        MINI,
        "--format",
        "json",
        "--date",
        "2026-09-02",
    ]);
    let r = ducha::output::json::parse(&out).unwrap();
    assert_eq!(
        (r.date.as_str(), r.date_source.as_str()),
        ("2026-09-02", "option")
    );
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sub/result.json");
    let (code, stdout, _) = ducha(&[
        "check",
        BASIC,
        "--checklist",
        MINI,
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(ducha::output::json::parse(&text).is_ok());
    let names: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn cannot_evaluate_exits_2_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let (code, _, err) = ducha(&["check", d]);
    assert_eq!(code, 2);
    assert!(err.contains("school.yaml"), "{err}");

    std::fs::write(dir.path().join("school.yaml"), "name: 某校\ncode: 12345\ntype: primary\nterm_start: 2026-09-01\nheadcounts: {teachers: 1, left_behind: 0}\nflags: {canteen: false}\n").unwrap();
    let (code, _, err) = ducha(&["check", d, "--checklist", MINI]);
    assert_eq!(code, 2);
    assert!(
        err.contains("学校标识码应为 10 位数字") && err.contains("school.yaml:2:1"),
        "{err}"
    );

    let (code, _, err) = ducha(&["check", BASIC, "--date", "2026-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("2026-13-01"), "{err}");
    let (code, _, _) = ducha(&["check", "/no/such/folder"]);
    assert_eq!(code, 2);
}

#[test]
fn clean_result_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let cl = dir.path().join("one.yaml");
    std::fs::write(
        &cl,
        "version: 1\nid: one\ntitle: 一项\nschool_types: [{id: primary, name: 小学}]\ngrade_bands: [{grade: 合格, min: 60}, {grade: 不合格, min: 0}]\nsections:\n  - id: a\n    title: 甲\n    points: 1\n    items:\n      - {id: a.plan, title: 计划, points: 1, rules: [{kind: files, label: 计划, glob: \"*计划*\"}]}\n",
    )
    .unwrap();
    let sub = dir.path().join("s");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("school.yaml"),
        "name: 某校\ncode: \"1234567890\"\ntype: primary\nterm_start: 2026-09-01\n",
    )
    .unwrap();
    std::fs::write(sub.join("计划.txt"), "x").unwrap();
    let (code, out, err) = ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--checklist",
        cl.to_str().unwrap(),
        "--date",
        "2026-09-05",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (
                e.path().display().to_string(),
                (std::fs::read(e.path()).unwrap(), m.modified().unwrap()),
            )
        })
        .collect()
}

#[test]
fn check_leaves_the_submission_untouched() {
    let dir = root().join(BASIC);
    let before = snapshot(&dir);
    for format in ["human", "json"] {
        let (code, _, _) = ducha(&["check", BASIC, "--checklist", MINI, "--format", format]);
        assert_eq!(code, 1);
    }
    assert_eq!(before, snapshot(&dir));
}

#[test]
fn links_leaving_the_submission_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("s");
    copy_dir(&root().join(BASIC), &sub);
    std::fs::write(dir.path().join("secret.csv"), "学生姓名\n外人\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("secret.csv"), sub.join("家访2.csv")).unwrap();
    let (_, out, _) = ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--checklist",
        MINI,
        "--format",
        "json",
    ]);
    let r = ducha::output::json::parse(&out).unwrap();
    #[cfg(unix)]
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("家访2.csv") && w.contains("拒绝")),
        "{:?}",
        r.warnings
    );
    assert!(!r.manifest.iter().any(|m| m.path == "家访2.csv"));
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_ducha"))
        .args(["check", BASIC, "--checklist", MINI])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}
