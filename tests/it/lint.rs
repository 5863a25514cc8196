//! `ducha lint`: every broken checklist under tests/fixtures/lint gives
//! its exact errors (pinned), and every shipped checklist lints clean.

use crate::common::*;

#[test]
fn broken_checklists_report_every_problem_with_positions() {
    let dir = fixture("lint");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "at least 8 broken checklists");
    for f in files {
        let rel = f
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (code, out, err) = ducha(&["lint", &rel]);
        assert_eq!(code, 2, "{rel} must fail lint");
        assert!(out.is_empty(), "{rel}: nothing on stdout");
        assert!(
            err.contains(&format!("--> {rel}:")),
            "{rel}: errors name the file and line:\n{err}"
        );
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("lint-{name}"), err);
    }
}

#[test]
fn shipped_checklists_lint_clean() {
    let mut files = vec![root().join("checklists/start-of-term.yaml")];
    if let Ok(rd) = std::fs::read_dir(root().join("checklists/examples")) {
        files.extend(rd.map(|e| e.unwrap().path()));
    }
    files.push(fixture("checklists/mini.yaml"));
    for f in files {
        let (code, out, err) = ducha(&["lint", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {err}", f.display());
        assert!(out.contains("校验通过"), "{out}");
    }
}

#[test]
fn official_checklist_is_the_embedded_default_and_totals_100() {
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    assert_eq!(cl.total_points(), 100.0);
    assert_eq!(cl.sections.len(), 6);
    for s in &cl.sections {
        let sum: f64 = s.items.iter().map(|i| i.points).sum();
        assert_eq!(sum, s.points, "section {}", s.id);
    }
    let on_disk = std::fs::read_to_string(root().join("checklists/start-of-term.yaml")).unwrap();
    assert_eq!(
        on_disk,
        ducha::checklist::OFFICIAL,
        "the embedded checklist is the file in checklists/"
    );
}

#[test]
fn every_item_of_the_standard_is_in_the_checklist() {
    let standard = std::fs::read_to_string(root().join("../shared/docs/STANDARD.md"));
    let Ok(standard) = standard else {
        // The standard sits beside the repository on developer machines and
        // in CI; a lone clone has only the checklist.
        eprintln!("STANDARD.md not found beside the repository; skipped");
        return;
    };
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    let ids: Vec<&str> = standard
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|id| id.contains('.') && !id.contains(' '))
        .collect();
    assert!(ids.len() >= 35, "found {} ids in STANDARD.md", ids.len());
    for id in ids {
        let item = cl
            .item(id)
            .unwrap_or_else(|| panic!("{id} is in STANDARD.md but not in the checklist"));
        let row = standard
            .lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap();
        let pts: f64 = row.split('|').nth(3).unwrap().trim().parse().unwrap();
        assert_eq!(item.points, pts, "{id} points");
        assert_eq!(item.veto, row.contains("**veto**"), "{id} veto flag");
    }
}

#[test]
fn tailoring_changes_without_copying() {
    let base = fixture("checklists/mini.yaml");
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("county.yaml");
    std::fs::write(
        &t,
        format!(
            "version: 1\nextends: {}\nid: county\ntitle: 县清单\ndrop: [a.cover]\noverrides:\n  a.rows:\n    points: 6\n    params: {{max_age: 14}}\n",
            base.display()
        ),
    )
    .unwrap();
    let cl = ducha::checklist::load(Some(&t)).unwrap();
    assert!(cl.tailored);
    assert!(cl.item("a.cover").is_none());
    let rows = cl.item("a.rows").unwrap();
    assert_eq!(rows.points, 6.0);
    assert_eq!(rows.params["max_age"], serde_yaml::Value::from(14));
    // The section total follows its items.
    assert_eq!(cl.sections[0].points, 2.0 + 6.0 + 2.0);
}

/// `ducha schema` describes the checklist format: every shipped
/// checklist (and the test fixture) validates against it, and a
/// misspelled key does not.
#[test]
fn shipped_checklists_validate_against_the_schema() {
    let (code, out, err) = ducha(&["schema"]);
    assert_eq!(code, 0, "{err}");
    let schema: serde_json::Value = serde_json::from_str(&out).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut files = vec![root().join("checklists/start-of-term.yaml")];
    for e in std::fs::read_dir(root().join("checklists/examples")).unwrap() {
        files.push(e.unwrap().path());
    }
    files.push(fixture("checklists/mini.yaml"));
    for f in &files {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let json = serde_json::to_value(yaml).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
    let bad = serde_json::json!({"version": 1, "id": "x", "title": "x", "sectoins": []});
    assert!(!validator.is_valid(&bad), "an unknown key is an error");
}
