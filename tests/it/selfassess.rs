//! The school's self-assessment (issue 17): `ducha init` writes
//! 自评表.xlsx, `check` reads it from the submission, by its header words,
//! and the self-audit report shows each self-score beside the evaluated
//! score. A cell that is no score is a warning naming its cell; the item
//! then has no self-score.

use crate::common::*;
use ducha::result::InspectionResult;
use std::path::Path;

const VILLAGE: &str = "samples/06-柳林乡白果村小学";

fn check_json(dir: &Path) -> (i32, InspectionResult, String) {
    let (code, out, err) = ducha(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-09-11",
    ]);
    let r = ducha::output::json::parse(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    (code, r, err)
}

fn self_score(r: &InspectionResult, id: &str) -> Option<f64> {
    item(r, id).self_score
}

#[test]
fn init_writes_a_self_assessment_of_every_item_of_the_type() {
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("材料");
    let (code, out, err) = ducha(&["init", d.to_str().unwrap(), "--type", "kindergarten"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("自评表.xlsx"), "{out}");
    let book = std::fs::read(d.join("自评表.xlsx")).unwrap();
    let sheets = ducha::evidence::table::parse("xlsx", &book).unwrap();
    assert_eq!(sheets[0].name.as_deref(), Some("自评"));
    let head: Vec<String> = sheets[0].rows[2].iter().map(|c| c.text()).collect();
    assert_eq!(
        head,
        ["编号", "检查项目", "满分", "评定方式", "自评分", "说明"]
    );
    let ids: Vec<String> = sheets[0].rows[3..]
        .iter()
        .map(|r| r[0].text())
        .filter(|id| !id.is_empty())
        .collect();
    let want: Vec<String> = cl
        .items()
        .map(|(_, i)| i)
        .filter(|i| i.school_types.is_empty() || i.school_types.iter().any(|t| t == "kindergarten"))
        .map(|i| i.id.clone())
        .collect();
    assert_eq!(
        ids, want,
        "every item of the type, in the checklist's order"
    );
    assert!(!ids.iter().any(|i| i == "bus.drivers" && !want.contains(i)));
    // 满分 as a number, and the last row totals it.
    let points: f64 = cl
        .items()
        .filter(|(_, i)| want.contains(&i.id))
        .map(|(_, i)| i.points)
        .sum();
    let last = sheets[0].rows.last().unwrap();
    assert_eq!(last[1].text(), "合计");
    assert!(!last[2].text().is_empty(), "{points}: a SUM formula");
    // An unfilled form: no self-score and nothing to say about it.
    let (_, r, _) = check_json(&d);
    assert!(r.items.iter().all(|i| i.self_score.is_none()));
    assert!(
        !r.warnings.iter().any(|w| w.contains("自评表")),
        "{:?}",
        r.warnings
    );
}

/// A clerk's 自评表, written again by a second writer: a line above the
/// header, a column of their own before 自评分, "6分", a score in words,
/// one over the points, an id that is not the checklist's, a row found
/// by its title alone, and the totals row.
#[test]
fn a_filled_self_assessment_is_read_by_its_header_and_its_mistakes_are_named() {
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    let title = |id: &str| cl.item(id).unwrap().title.clone();
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("s");
    crate::cli::copy_dir(&root().join(VILLAGE), &sub);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评").unwrap();
    ws.write(0, 0, "白果村小学自评表").unwrap();
    ws.write(1, 0, "填表人:张老师").unwrap();
    for (c, h) in ["编号", "检查项目", "满分", "备注", "自评分"]
        .iter()
        .enumerate()
    {
        ws.write(3, c as u16, *h).unwrap();
    }
    let rows: [(&str, String, &str); 7] = [
        ("care.plan", title("care.plan"), "3"),
        ("care.roster", title("care.roster"), "6分"),
        ("care.home_visits", title("care.home_visits"), "四"),
        ("care.contact", title("care.contact"), "5"),
        ("care.nothing", "不存在的项目".into(), "2"),
        ("", title("care.home"), "3"),
        ("", "合计".into(), "17"),
    ];
    for (i, (id, t, v)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write(r, 0, *id).unwrap();
        ws.write(r, 1, t.as_str()).unwrap();
        match v.parse::<f64>() {
            Ok(n) => ws.write(r, 4, n).unwrap(),
            Err(_) => ws.write(r, 4, *v).unwrap(),
        };
    }
    wb.save(sub.join("自评表.xlsx")).unwrap();
    let (code, r, err) = check_json(&sub);
    assert_eq!(code, 1, "{err}");
    assert_eq!(self_score(&r, "care.plan"), Some(3.0));
    assert_eq!(self_score(&r, "care.roster"), Some(6.0));
    assert_eq!(self_score(&r, "care.home"), Some(3.0), "found by its title");
    assert_eq!(self_score(&r, "care.home_visits"), None);
    assert_eq!(self_score(&r, "care.contact"), None);
    for want in [
        format!(
            "自评表.xlsx 自评!E7: 「{}」的自评分「四」不是数字,未读取",
            title("care.home_visits")
        ),
        format!(
            "自评表.xlsx 自评!E8: 「{}」的自评分 5 不在 0 到满分 3 之间,未读取",
            title("care.contact")
        ),
        "自评表.xlsx 自评!E9: 清单中没有检查项 `care.nothing`,此行自评分未读取".to_string(),
    ] {
        assert!(r.warnings.contains(&want), "{want}\n{:#?}", r.warnings);
    }
    assert_eq!(
        r.warnings
            .iter()
            .filter(|w| w.contains("自评表.xlsx"))
            .count(),
        3,
        "the totals row is no mistake: {:#?}",
        r.warnings
    );
}

/// A self-score in the inspection sheet keeps working for an item the
/// 自评表 leaves out; where both give one and they differ, the school's
/// own 自评表 stands and the difference is said.
#[test]
fn a_self_score_in_the_inspection_sheet_fills_in_and_a_conflict_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("s");
    crate::cli::copy_dir(&root().join("samples/01-河口镇中心小学"), &sub);
    let sheet = sub.join("inspection.yaml");
    let mut text = std::fs::read_to_string(&sheet).unwrap();
    text.push_str("self_scores:\n  care.roster: 5\n  safety.drills: 2\n");
    std::fs::write(&sheet, text).unwrap();
    let (_, r, err) = check_json(&sub);
    assert_eq!(self_score(&r, "care.roster"), Some(6.0), "{err}");
    assert_eq!(self_score(&r, "safety.drills"), Some(2.0));
    let conflict = r
        .warnings
        .iter()
        .find(|w| w.contains("care.roster"))
        .unwrap_or_else(|| panic!("{:#?}", r.warnings));
    assert!(conflict.starts_with("自评表.xlsx 自评!E"), "{conflict}");
    assert!(
        conflict.ends_with("检查项 care.roster 的自评分为 6,inspection.yaml 中为 5;采用学校自评表"),
        "{conflict}"
    );
}

/// The self-audit report's score table has the school's self-score beside
/// the evaluated score.
#[test]
fn the_self_audit_report_shows_the_self_score_beside_the_score() {
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    let opts = ducha::pipeline::CheckOptions::default();
    let r = ducha::pipeline::check(&root().join(VILLAGE), &cl, &opts).unwrap();
    assert_eq!(self_score(&r, "care.roster"), Some(6.0));
    assert_eq!(item(&r, "care.roster").score, 0.0);
    let pdf = ducha::render::PdfOptions {
        self_audit: true,
        ..Default::default()
    };
    let pages = ducha::render::page_texts(ducha::render::Document::Report, &r, &pdf).unwrap();
    let t: String = pages
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(t.contains("自评分"), "the column header");
    assert!(t.contains("自评分为学校自评表所填分数"), "its note");
    // The roster row: points 6, self-score 6, score 0.
    let title = &cl.item("care.roster").unwrap().title;
    let row: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    // The item table is the appendix, the last place the title is printed.
    let at = t.rfind(&row).expect("the roster row");
    assert!(
        t[at..].starts_with(&format!("{row}660")),
        "{}",
        &t[at..at + 80]
    );
}
