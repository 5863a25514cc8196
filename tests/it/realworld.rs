//! The corpus of submissions filled the way clerks fill forms
//! (`tests/fixtures/realworld/cases.yaml`): each case replaces one table of
//! sample 01 by a copy with one habit; the items named change as the case
//! says, and every other item keeps the sample's verdict.

use crate::common::*;
use ducha::pipeline::{self, CheckOptions};
use ducha::result::{InspectionResult, Status};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    habit: String,
    file: String,
    /// Further files of the case: path in the submission → fixture name.
    #[serde(default)]
    add: BTreeMap<String, String>,
    #[serde(default)]
    expect: BTreeMap<String, Expect>,
    #[serde(default)]
    table: Option<TableExpect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    status: Vec<Status>,
    #[serde(default)]
    codes: Option<Vec<String>>,
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    vetoed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableExpect {
    id: String,
    rows: usize,
    #[serde(default)]
    skipped: BTreeMap<String, usize>,
    /// Files read (and those ignored as blank templates), when checked.
    #[serde(default)]
    files: Option<usize>,
    #[serde(default)]
    ignored: Option<usize>,
}

const SAMPLE: &str = "samples/01-河口镇中心小学";

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn check(dir: &Path) -> InspectionResult {
    let cl = pipeline::load_checklist(None).unwrap();
    pipeline::check(dir, &cl, &CheckOptions::default()).unwrap()
}

/// `D5` for a finding at column D, row 5.
fn cell(f: &ducha::result::Finding) -> Option<String> {
    let col = f.location.column.as_deref()?;
    let letters: String = col.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    Some(format!("{letters}{}", f.location.row?))
}

#[test]
fn clerks_habits_give_the_verdicts_written_down_for_them() {
    let root = root();
    let cases: Vec<Case> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/realworld/cases.yaml")).unwrap(),
    )
    .unwrap();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let base = check(&root.join(SAMPLE));
    let mut wrong = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root.join(SAMPLE), dir.path());
        let fixture = root.join(format!("tests/fixtures/realworld/{}.xlsx", case.id));
        assert!(fixture.is_file(), "{}: no fixture", case.id);
        std::fs::copy(&fixture, dir.path().join(&case.file)).unwrap();
        for (path, name) in &case.add {
            let from = root.join(format!("tests/fixtures/realworld/{name}.xlsx"));
            std::fs::copy(&from, dir.path().join(path)).unwrap();
        }
        let r = check(dir.path());
        let mut say = |what: String| wrong.push(format!("{} ({}): {what}", case.id, case.habit));
        for (b, i) in base.items.iter().zip(&r.items) {
            match case.expect.get(&i.id) {
                None => {
                    if (b.status, b.score) != (i.status, i.score) {
                        say(format!(
                            "{} changed from {:?} {} to {:?} {} ({:?})",
                            i.id,
                            b.status,
                            b.score,
                            i.status,
                            i.score,
                            i.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
                        ));
                    }
                }
                Some(e) => {
                    if !e.status.contains(&i.status) {
                        say(format!(
                            "{}: status {:?}, expected {:?} ({})",
                            i.id, i.status, e.status, i.note
                        ));
                    }
                    let mut codes: Vec<&str> = i.findings.iter().map(|f| f.code.as_str()).collect();
                    codes.sort_unstable();
                    codes.dedup();
                    if let Some(want) = &e.codes {
                        let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
                        want.sort_unstable();
                        if codes != want {
                            say(format!("{}: codes {codes:?}, expected {want:?}", i.id));
                        }
                    }
                    if let Some(at) = &e.at {
                        if !i
                            .findings
                            .iter()
                            .any(|f| cell(f).as_deref() == Some(at.as_str()))
                        {
                            say(format!(
                                "{}: no finding at {at}: {:?}",
                                i.id,
                                i.findings
                                    .iter()
                                    .map(|f| (cell(f), &f.message))
                                    .collect::<Vec<_>>()
                            ));
                        }
                    }
                    if let Some(m) = &e.message {
                        if !i.findings.iter().any(|f| f.message.contains(m.as_str())) {
                            say(format!(
                                "{}: no message with «{m}»: {:?}",
                                i.id,
                                i.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
                            ));
                        }
                    }
                    if let Some(n) = &e.note {
                        if !i.note.contains(n.as_str()) {
                            say(format!("{}: note «{}» lacks «{n}»", i.id, i.note));
                        }
                    }
                    if let Some(v) = e.vetoed {
                        if i.vetoed != v {
                            say(format!("{}: vetoed {}, expected {v}", i.id, i.vetoed));
                        }
                    }
                }
            }
            // Whatever the habit, no message shows an expression.
            for f in &i.findings {
                if f.message.contains("row.") || f.message.contains("「None」") {
                    say(format!("{}: raw text in «{}»", i.id, f.message));
                }
            }
        }
        for id in case.expect.keys() {
            if !r.items.iter().any(|i| &i.id == id) {
                say(format!("no item {id}"));
            }
        }
        if let Some(t) = &case.table {
            match r.tables.iter().find(|x| x.id == t.id) {
                None => say(format!("table {} not listed", t.id)),
                Some(x) => {
                    if x.rows != t.rows {
                        say(format!(
                            "table {}: {} rows, expected {}",
                            t.id, x.rows, t.rows
                        ));
                    }
                    let mut got: BTreeMap<String, usize> = BTreeMap::new();
                    for s in &x.skipped {
                        *got.entry(s.reason.key().to_string()).or_default() += 1;
                    }
                    if let Some(n) = t.files {
                        if x.files.len() != n {
                            say(format!(
                                "table {}: {} files, expected {n}",
                                t.id,
                                x.files.len()
                            ));
                        }
                    }
                    if let Some(n) = t.ignored {
                        let got = x.files.iter().filter(|f| f.ignored).count();
                        if got != n {
                            say(format!("table {}: {got} ignored, expected {n}", t.id));
                        }
                    }
                    if got != t.skipped {
                        say(format!(
                            "table {}: skipped {got:?}, expected {:?}",
                            t.id, t.skipped
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong verdicts:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
