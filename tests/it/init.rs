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

/// Issue 15 §12: templates that prevent mistakes.
#[test]
fn templates_prevent_the_mistakes_clerks_make() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("s");
    ducha(&["init", d.to_str().unwrap(), "--type", "primary"]);
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(d.join("关爱/留守儿童花名册.xlsx")).unwrap())
            .unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    // Text columns (phones) are cells formatted as text, so that a
    // landline's leading 0 survives; the header notes say what to write.
    assert!(
        read("xl/styles.xml").contains("formatCode=\"@\""),
        "a text format"
    );
    let notes = read("xl/comments1.xml");
    assert!(notes.contains("要写年份"), "{notes}");
    assert!(
        notes.contains("如 2015-03-08"),
        "the column's own note: {notes}"
    );
    assert!(
        notes.contains("0712-"),
        "phones: a landline with its area code: {notes}"
    );
    // 填报说明 names every file name rule, and that every match is read.
    let how = std::fs::read_to_string(d.join("填报说明.txt")).unwrap();
    for glob in ["关爱/*关爱*方案*", "安全/*领导小组*", "食堂/*许可证*"] {
        assert!(how.contains(glob), "{glob} in 填报说明.txt");
    }
    assert!(how.contains("都会被读取"));
    // school.yaml takes 是/否, and a result still carrying the template's
    // placeholders says so.
    let yaml = std::fs::read_to_string(d.join("school.yaml")).unwrap();
    assert!(yaml.contains("canteen: 否"), "{yaml}");
    let (_, json, err) = ducha(&[
        "check",
        d.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-09-10",
    ]);
    let r = ducha::output::json::parse(&json).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert!(
        r.warnings.iter().any(|w| w.contains("某某学校")),
        "{:?}",
        r.warnings
    );
    let yaml = yaml.replace("canteen: 否", "canteen: 有");
    std::fs::write(d.join("school.yaml"), yaml).unwrap();
    let (code, _, err) = ducha(&["check", d.to_str().unwrap(), "--date", "2026-09-10"]);
    assert_eq!(code, 1, "有 reads as a flag: {err}");
    std::fs::write(
        d.join("school.yaml"),
        std::fs::read_to_string(d.join("school.yaml"))
            .unwrap()
            .replace("canteen: 有", "canteen: 也许"),
    )
    .unwrap();
    let (code, _, err) = ducha(&["check", d.to_str().unwrap(), "--date", "2026-09-10"]);
    assert_eq!(code, 2);
    assert!(err.contains("应填 是 或 否"), "{err}");
}
