//! The inspection sheet: each mistake gives its error with `file:line`.

use crate::common::*;
use ducha::evidence::Evidence;

fn errors(sheet: &str) -> String {
    let cl = mini();
    let ev = Evidence::from_files("mem", vec![("照片/有.jpg".into(), b"x".to_vec())]);
    match ducha::inspection::parse(
        "inspection.yaml",
        "inspection.yaml",
        sheet,
        &cl,
        ducha::inspection::PhotoBase::Submission(&ev),
    ) {
        Ok(_) => String::new(),
        Err(d) => ducha::diag::render_all(&d),
    }
}

#[test]
fn a_good_sheet_parses() {
    let sheet = "team:\n  - {name: 王检查, unit: 县教育局}\nvisit_date: 2026-9-10\nitems:\n  b.onsite: {score: 1, photos: [照片/有.jpg]}\nself_scores: {a.rows: 4}\n";
    assert_eq!(errors(sheet), "");
}

#[test]
fn unknown_item() {
    let e = errors("visit_date: 2026-09-10\nitems:\n  b.nothing: {score: 1}\n");
    assert!(
        e.contains("清单中没有检查项 `b.nothing`") && e.contains("--> inspection.yaml:3:3"),
        "{e}"
    );
}

#[test]
fn score_above_the_items_points() {
    let e = errors("visit_date: 2026-09-10\nitems:\n  b.onsite:\n    score: 5\n");
    assert!(
        e.contains("得分 5 超出范围 0 到 1 分") && e.contains("--> inspection.yaml:4:5"),
        "{e}"
    );
}

#[test]
fn evidence_only_item_cannot_be_scored_on_site() {
    let e = errors("visit_date: 2026-09-10\nitems:\n  a.rows: {score: 1}\n");
    assert!(
        e.contains("只依据提交材料评定") && e.contains("inspection.yaml:3:3"),
        "{e}"
    );
}

#[test]
fn veto_on_a_non_veto_item_and_missing_photo() {
    let e = errors("visit_date: 2026-09-10\nitems:\n  b.both:\n    score: 0\n    veto: true\n    photos: [照片/无.jpg]\n");
    assert!(
        e.contains("不是一票否决项") && e.contains("inspection.yaml:5:5"),
        "{e}"
    );
    assert!(
        e.contains("照片「照片/无.jpg」不在提交材料中") && e.contains("inspection.yaml:6:14"),
        "{e}"
    );
}

#[test]
fn bad_date_unknown_key_and_missing_score() {
    let e = errors("visit_date: 九月十日\nitems:\n  b.onsite: {finding: x}\n");
    assert!(
        e.contains("检查日期「九月十日」不是日期") && e.contains("inspection.yaml:1:1"),
        "{e}"
    );
    assert!(e.contains("缺少 score"), "{e}");
    let e = errors("visit_date: 2026-09-10\nteem: []\n");
    assert!(
        e.contains("未知的键 `teem`") && e.contains("inspection.yaml:2:1"),
        "{e}"
    );
}

#[test]
fn pinned_error_output() {
    let e = errors("visit_date: 2026-09-10\nitems:\n  b.onsite: {score: -1}\n  b.both: {score: 1, verdict: pass}\nself_scores:\n  a.rows: 9\n");
    insta::assert_snapshot!(e);
}

/// The first line of the error: what a user reads.
fn first_line(sheet: &str) -> String {
    errors(sheet).lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_comma_inside_flow_text_gets_the_quoting_hint() {
    let e = first_line(
        "visit_date: 2026-09-10\nitems:\n  b.onsite: {score: 1, finding: 门口有杂物, 已清理}\n",
    );
    assert_eq!(e, "错误: 未知的键 `已清理`(可用的键: score, verdict, finding, photos, veto);多半是文字中的逗号把文字断开了:请给这段文字加引号,如 `finding: \"门口有杂物,已清理\"`");
}

#[test]
fn a_full_width_colon_gets_the_colon_hint() {
    let e = first_line("visit_date: 2026-09-10\nitems:\n  b.onsite: {score：1}\n");
    assert_eq!(e, "错误: 未知的键 `score：1`(可用的键: score, verdict, finding, photos, veto);「score」后面的冒号是全角的「：」,请改成半角冒号加空格,如 `score: …`");
    let e = first_line("visit_date: 2026-09-10\nitems:\n  b.onsite:\n    score：1\n");
    assert_eq!(e, "错误: 这里应是若干「键: 值」,却是文字「score：1」;文件中有全角冒号「：」,键后面要用半角冒号加空格,如 `score: 3`");
}
