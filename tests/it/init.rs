//! `ducha init`: a skeleton every school type can start from.

use crate::common::*;

#[test]
fn a_fresh_skeleton_checks_to_a_clean_list_of_what_is_missing() {
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    for t in &cl.school_types {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("材料");
        let (code, out, err) = ducha(&["init", d.to_str().unwrap(), "--type", &t.id]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("school.yaml"), "{out}");
        assert!(d.join("填报说明.txt").is_file());
        let (code, json, err) = ducha(&[
            "check",
            d.to_str().unwrap(),
            "--format",
            "json",
            "--date",
            "2026-09-10",
        ]);
        assert_eq!(code, 1, "{}: a skeleton has failing items: {err}", t.id);
        let r = ducha::output::json::parse(&json).unwrap();
        assert_eq!(r.school.kind, t.id);
        for i in &r.items {
            assert_ne!(
                i.status,
                ducha::result::Status::Error,
                "{}: {} {:?}",
                t.id,
                i.id,
                i.note
            );
        }
        // Every table template is found and read: missing data, not missing files.
        let codes: Vec<&str> = r
            .items
            .iter()
            .flat_map(|i| i.findings.iter().map(|f| f.code.as_str()))
            .collect();
        assert!(!codes.contains(&"table-missing"), "{}: {codes:?}", t.id);
        assert!(
            !codes.contains(&"column-missing") && !codes.contains(&"table-header-missing"),
            "{}: {codes:?}",
            t.id
        );
    }
}

#[test]
fn templates_carry_a_title_a_note_and_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("s");
    ducha(&["init", d.to_str().unwrap(), "--type", "primary"]);
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(d.join("关爱/留守儿童花名册.xlsx")).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(rows[0][0].contains("留守儿童花名册"), "{:?}", rows[0]);
    assert!(rows[1][0].starts_with("填表说明"), "{:?}", rows[1]);
    assert_eq!(rows[2][0], "姓名");
    assert!(rows[2].contains(&"监护人电话".to_string()));
    let kg = dir.path().join("k");
    ducha(&["init", kg.to_str().unwrap(), "--type", "kindergarten"]);
    assert!(
        !kg.join("开学/课程设置表.xlsx").exists(),
        "no curriculum for kindergartens"
    );
}

#[test]
fn init_refuses_a_non_empty_folder_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("school.yaml"), "name: 我校\n").unwrap();
    let (code, _, err) = ducha(&["init", d.to_str().unwrap(), "--type", "primary"]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    let (code, out, _) = ducha(&["init", d.to_str().unwrap(), "--type", "primary", "--force"]);
    assert_eq!(code, 0);
    assert!(out.contains("school.yaml(已存在,未改动)"), "{out}");
    assert_eq!(
        std::fs::read_to_string(d.join("school.yaml")).unwrap(),
        "name: 我校\n"
    );
    let (code, _, err) = ducha(&[
        "init",
        d.join("x").to_str().unwrap(),
        "--type",
        "university",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("未知的学校类型「university」"), "{err}");
}
