//! Two terms and the spot check, from the samples: `batch samples`
//! follows up the schools whose last results are in `samples/previous/`,
//! and the workbook compares the terms and ranks schools for 抽查.

use crate::aggregate::cells;
use crate::common::*;
use ducha::result::{InspectionResult, Status};
use std::path::Path;

fn result(dir: &Path, folder: &str) -> InspectionResult {
    let p = dir.join("results").join(format!("{folder}.json"));
    ducha::output::json::parse(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a Vec<Vec<String>> {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

/// The column of `header` in a sheet whose row 2 holds the headers (row
/// 3 under a note).
fn col(rows: &[Vec<String>], header: &str) -> usize {
    rows[1..3]
        .iter()
        .find_map(|r| r.iter().position(|h| h == header))
        .unwrap_or_else(|| panic!("no column {header}: {:?}", &rows[1..3]))
}

#[test]
fn batch_follows_the_samples_up_and_compares_the_terms_without_child_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, err) = batch_no_pdf(&root().join("samples"), &out);
    assert!(code == 0 || code == 1, "{stdout}{err}");
    assert!(
        err.contains("回头看: 使用") && err.contains("3 所学校"),
        "{err}"
    );
    // `previous/` is last term's results, not a school.
    assert!(!stdout.contains("previous"), "{stdout}");
    assert!(!out.join("results/previous.json").exists());

    let now = result(&out, "02-城关第二初级中学");
    let f = now.followup.as_ref().expect("02 is followed up");
    assert_eq!(f.previous_date, "2026-03-12");
    assert!(result(&out, "04-城关镇中心幼儿园").followup.is_none());
    // The waived item of 05 was short last time: not judged now.
    let voc = result(&out, "05-澴阳县职业技术学校");
    let fu = voc.followup.as_ref().unwrap();
    let proc = fu
        .items
        .iter()
        .find(|i| i.item == "food.procurement")
        .unwrap();
    assert_eq!(proc.status, ducha::result::Rectified::NotApplicable);
    assert_eq!(proc.now_status, Some(Status::Waived));
    // Its finding of last time is not said to be gone: it was not checked.
    let (_, shown, _) = ducha(&[
        "check",
        root()
            .join("samples/05-澴阳县职业技术学校")
            .to_str()
            .unwrap(),
        "--previous",
        root()
            .join("samples/previous/05-澴阳县职业技术学校.json")
            .to_str()
            .unwrap(),
    ]);
    let at = shown.find("food.procurement  上次").expect("listed");
    let next = shown[at..].lines().nth(1).unwrap();
    assert!(next.contains("[未复查]"), "{next}");

    // Over-reporting: self-scores minus evaluated scores over the items
    // judged that have a self-score.
    let compared: Vec<_> = now
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Pass | Status::Partial | Status::Fail))
        .filter_map(|i| i.self_score.map(|s| (s, i.score)))
        .collect();
    let over: f64 = compared.iter().map(|(s, e)| s - e).sum();
    let a = now.summary.self_assessment.as_ref().unwrap();
    assert_eq!(a.items, compared.len());
    assert!((a.over - over).abs() < 1e-9 && a.over > 0.0, "{a:?}");

    let book = cells(&out.join("summary.xlsx"));
    let schools = sheet(&book, "学校汇总");
    let row02 = schools.iter().find(|r| r[1] == now.school.name).unwrap();
    assert_eq!(
        row02[col(schools, "自评高出(分)")],
        ducha::present::number::plain(a.over)
    );

    let terms = sheet(&book, "两次检查对比");
    let r = terms.iter().find(|r| r[1] == now.school.name).unwrap();
    assert_eq!(r[col(terms, "上次得分")], "85.1");
    assert_eq!(
        r[col(terms, "本次得分")],
        ducha::present::number::plain(now.summary.score)
    );
    let change = now.summary.score - 85.1;
    assert_eq!(
        r[col(terms, "变化(分)")],
        ducha::present::number::plain((change * 10.0).round() / 10.0)
    );
    let kg = terms.iter().find(|r| r[1].contains("幼儿园")).unwrap();
    assert_eq!(kg[col(terms, "变化(分)")], "上次无结果");

    // Items short both terms: 02's roster is one; only followed schools.
    let rec = sheet(&book, "连续未达标");
    assert!(rec
        .iter()
        .any(|r| r[2] == now.school.code && r[3] == "care.roster"));
    let followed = ["2142003101", "2142001202", "2142000905"];
    assert!(rec[2..].iter().all(|r| followed.contains(&r[2].as_str())));
    let items = sheet(&book, "检查项对比");
    assert!(items.iter().any(|r| r[0] == "care.roster"));
    sheet(&book, "乡镇变化");

    // No child is named on the sheets of the terms or of the spot check.
    let children: Vec<&str> = now
        .items
        .iter()
        .flat_map(|i| &i.findings)
        .filter_map(|f| f.subject.as_deref())
        .filter(|s| !s.starts_with("20"))
        .collect();
    assert!(!children.is_empty());
    for name in [
        "两次检查对比",
        "乡镇变化",
        "检查项对比",
        "连续未达标",
        "抽查建议",
    ] {
        for row in sheet(&book, name) {
            for c in row {
                for child in &children {
                    assert!(!c.contains(child), "{name}: {child} in {c}");
                }
            }
        }
    }
}

#[test]
fn a_spot_check_draw_is_weighted_by_a_documented_risk_and_can_be_replayed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, o, e) = batch_no_pdf(&root().join("samples"), &out);
    assert!(code == 0 || code == 1, "{o}{e}");
    let results = out.join("results");
    let draw = |xlsx: &str, seed: &str| {
        let path = tmp.path().join(xlsx);
        let (code, stdout, err) = ducha(&[
            "aggregate",
            results.to_str().unwrap(),
            "-o",
            path.to_str().unwrap(),
            "--previous-term",
            root().join("samples/previous").to_str().unwrap(),
            "--spot-check",
            "3",
            "--seed",
            seed,
        ]);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<String> = stdout
            .lines()
            .skip_while(|l| !l.starts_with("抽查:"))
            .map(str::to_string)
            .collect();
        (lines, sheet(&cells(&path), "抽查建议").clone())
    };
    let (lines, spot) = draw("a.xlsx", "20261203");
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[0].contains("以种子 20261203 从 7 所学校中按风险分加权抽取 3 所"));
    for (i, l) in lines[1..].iter().enumerate() {
        assert!(l.starts_with(&format!("  {}. ", i + 1)), "{l}");
        assert!(l.contains("风险分"), "{l}");
    }
    // The same results and seed: the same draw, on screen and in the sheet.
    let (again, spot_again) = draw("b.xlsx", "20261203");
    assert_eq!(lines, again);
    assert_eq!(spot, spot_again);
    // The note under the title says the formula and the draw.
    assert!(spot[1][0].contains("随机数种子 20261203"), "{}", spot[1][0]);

    // Every school is ranked; three drawn, 1 to 3; risks never rise.
    let body = &spot[3..];
    assert_eq!(body.len(), 7);
    let mut drawn: Vec<&str> = body
        .iter()
        .map(|r| r[col(&spot, "抽中顺序")].as_str())
        .filter(|d| !d.is_empty())
        .collect();
    drawn.sort();
    assert_eq!(drawn, ["1", "2", "3"]);
    let n = |r: &Vec<String>, h: &str| -> f64 { r[col(&spot, h)].parse().unwrap() };
    let risks: Vec<f64> = body.iter().map(|r| n(r, "风险分")).collect();
    assert!(risks.windows(2).all(|w| w[0] >= w[1]), "{risks:?}");
    // The risk is the formula of the note, by the official weights.
    for r in body {
        let own = if r[col(&spot, "仅学校自查")] == "是" {
            1.0
        } else {
            0.0
        };
        let over = r[col(&spot, "自评高出(分)")]
            .parse::<f64>()
            .unwrap_or(0.0)
            .max(0.0);
        let want = 1.0
            + over
            + 5.0 * n(r, "一票否决项")
            + 0.5 * n(r, "待查分值")
            + 2.0 * n(r, "连续两次未达标项")
            + 3.0 * own;
        assert!((n(r, "风险分") - want).abs() < 1e-9, "{r:?}");
    }
    // With --previous-term, items short twice count for the followed schools.
    assert!(body.iter().any(|r| n(r, "连续两次未达标项") > 0.0));

    // A draw nobody can replay is refused.
    let (code, _, err) = ducha(&[
        "aggregate",
        results.to_str().unwrap(),
        "-o",
        tmp.path().join("c.xlsx").to_str().unwrap(),
        "--spot-check",
        "3",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--seed"), "{err}");
    assert!(!tmp.path().join("c.xlsx").exists());
}
