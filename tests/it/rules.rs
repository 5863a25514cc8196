//! Every rule kind against small in-memory evidence (the mini checklist),
//! with the scoring styles, vetoes and applicability.

use crate::common::*;
use ducha::result::Status;

const ROSTER: &[u8] = "学生姓名,出生日期,联系电话,类别,分数\n王小明,2016-3-8,13812345678,甲,90\n李娜,2015/10/1,1381234,乙,45\n".as_bytes();
const VISITS: &[u8] = "学生姓名,日期\n王小明,2026.9.3\n李娜,2026-09-04\n".as_bytes();

#[test]
fn files_rule_counts_types_emptiness_and_keywords() {
    let r = eval_mem(&[
        ("工作计划.txt", b"2026"),
        ("关爱方案.txt", "2026年方案".as_bytes()),
    ]);
    assert_eq!(item(&r, "a.files").status, Status::Pass);

    let r = eval_mem(&[
        ("工作计划.pdf", b"%PDF"),
        ("关爱方案.txt", "去年方案".as_bytes()),
    ]);
    let i = item(&r, "a.files");
    assert_eq!(codes(i), ["file-type", "file-missing", "keyword-missing"]);
    assert_eq!(i.score, 0.0, "proportional: both halves lost");

    let r = eval_mem(&[("工作计划.txt", b""), ("关爱方案.txt", "2026年".as_bytes())]);
    let i = item(&r, "a.files");
    assert_eq!(codes(i), ["file-empty", "file-missing"]);
    assert_eq!(i.score, 1.0, "proportional: half the points");
    assert_eq!(i.status, Status::Partial);
}

#[test]
fn table_rule_checks_each_row_and_names_the_cell() {
    let r = eval_mem(&[("花名册.csv", ROSTER)]);
    let i = item(&r, "a.rows");
    assert_eq!(codes(i), ["value-invalid"]);
    let f = &i.findings[0];
    assert_eq!(f.location.file.as_deref(), Some("花名册.csv"));
    assert_eq!(f.location.row, Some(3));
    assert_eq!(f.location.column.as_deref(), Some("C(联系电话)"));
    assert_eq!(f.subject.as_deref(), Some("李娜"));
    assert_eq!(i.score, 3.0, "deduct 1 per failing row");
    assert_eq!(i.status, Status::Partial);
}

#[test]
fn every_check_kind_fires() {
    let roster = "学生姓名,出生日期,联系电话,类别,分数\n,2016-3-8,,甲,90\n老大,2009-1-1,13812345678,丙,101\n老二,明天,13812345678,甲,x\n";
    let r = eval_mem(&[("花名册.csv", roster.as_bytes())]);
    let i = item(&r, "a.rows");
    assert_eq!(
        codes(i),
        [
            // Cells that do not read as their column needs, first (they
            // are found when the table is read), then each check.
            "date-invalid",
            "number-invalid",
            "row-incomplete",
            "value-not-allowed",
            "number-out-of-range",
            "date-too-early",
            "over-age",
        ]
    );
    assert_eq!(i.score, 1.0, "three failing rows: 4 - 3");
    // A misread date is shown as written.
    assert!(
        i.findings.iter().any(|f| f.message.contains("「明天」")),
        "{:?}",
        i.findings
    );
}

#[test]
fn a_missing_table_is_a_finding_and_earns_nothing() {
    let r = eval_mem(&[]);
    let i = item(&r, "a.rows");
    assert_eq!(codes(i), ["table-missing"]);
    assert_eq!(i.score, 0.0);
    assert_eq!(i.status, Status::Fail);
}

#[test]
fn aggregate_rule_compares_with_the_profile_and_other_tables() {
    let r = eval_mem(&[("花名册.csv", ROSTER), ("家访.csv", VISITS)]);
    assert_eq!(
        item(&r, "a.count").status,
        Status::Pass,
        "{:?}",
        item(&r, "a.count").findings
    );

    let three = [ROSTER, "张三,2016-1-1,13812345678,甲,10\n".as_bytes()].concat();
    let r = eval_mem(&[("花名册.csv", &three)]);
    let i = item(&r, "a.count");
    assert_eq!(codes(i), ["count-mismatch", "rate-low", "no-visits"]);
    assert_eq!(i.findings[0].message, "花名册 3 人,应为 2 人");
}

#[test]
fn coverage_rule_finds_keys_without_a_match() {
    let visits = "学生姓名,日期\n王 小明,2026-09-03\n李娜,2026-08-20\n";
    let r = eval_mem(&[("花名册.csv", ROSTER), ("家访.csv", visits.as_bytes())]);
    let i = item(&r, "a.cover");
    // 王 小明 matches 王小明 (spaces ignored); 李娜's visit predates term start.
    assert_eq!(codes(i), ["coverage-gap"]);
    assert_eq!(i.findings[0].message, "「李娜」没有家访");
    assert_eq!(i.score, 1.0);
}

#[test]
fn assert_rule_and_veto_items() {
    let school = SCHOOL.replace("expires: 2027-01-01", "expires: 2026-09-01");
    let workers = "姓名,有效期至\n刘厨师,2027-03-01\n陈阿姨,2026-9-1\n";
    let r = eval_with(
        &mini(),
        &[("食堂/人员.csv", workers.as_bytes())],
        &school,
        None,
        "2026-09-10",
    );
    let lic = item(&r, "b.license");
    assert!(lic.vetoed);
    assert_eq!(lic.status, Status::Fail);
    assert_eq!(
        lic.findings[0].location.file.as_deref(),
        Some("school.yaml")
    );
    let w = item(&r, "b.workers");
    assert!(w.vetoed, "cert-expired is in veto_on");
    assert_eq!(r.summary.vetoed, ["b.license", "b.workers"]);
    assert_eq!(r.summary.grade, "不合格");
    assert!(r
        .rectifications
        .iter()
        .any(|x| x.item == "b.license" && x.veto && x.deadline == "2026-09-17"));
}

#[test]
fn veto_on_limits_which_findings_veto() {
    let cl = mini();
    let workers = "姓名,有效期至\n刘厨师,不详\n";
    let r = eval_with(
        &cl,
        &[("食堂/人员.csv", workers.as_bytes())],
        SCHOOL,
        None,
        "2026-09-10",
    );
    let w = item(&r, "b.workers");
    assert_eq!(codes(w), ["date-invalid"]);
    assert!(!w.vetoed, "only cert-expired vetoes");
    assert_eq!(w.status, Status::Partial);
}

#[test]
fn applicability_by_profile_and_school_type() {
    let school = SCHOOL
        .replace("canteen: true", "canteen: false")
        .replace("type: primary", "type: kindergarten");
    let r = eval_with(&mini(), &[], &school, None, "2026-09-10");
    for id in ["b.license", "b.workers", "b.both"] {
        assert_eq!(item(&r, id).status, Status::NotApplicable, "{id}");
    }
    assert_eq!(item(&r, "b.both").note, "不适用于幼儿园");
    // Not-applicable points leave the denominator.
    let applicable: f64 = r
        .items
        .iter()
        .filter(|i| i.status != Status::NotApplicable && i.status != Status::Pending)
        .map(|i| i.max)
        .sum();
    assert_eq!(r.summary.applicable, applicable);
}

#[test]
fn onsite_items_pass_fail_or_stay_pending() {
    let cl = mini();
    let files: &[(&str, &[u8])] = &[("照片/a.jpg", b"\xff\xd8")];
    let r = eval_with(&cl, files, SCHOOL, None, "2026-09-10");
    assert_eq!(item(&r, "b.onsite").status, Status::Pending);
    assert_eq!(item(&r, "b.both").status, Status::Pending);
    assert_eq!(item(&r, "b.both").evidence_score, Some(1.0));
    assert_eq!(r.summary.pending.items, 2);
    assert_eq!(r.summary.pending.points, 2.0);
    assert_eq!(
        r.summary.pending.worst_grade, "不合格",
        "a pending veto item may still fail"
    );

    let sheet = "visit_date: 2026-09-10\nitems:\n  b.onsite: {verdict: pass}\n  b.both: {score: 0.5, finding: 照片不全}\n";
    let r = eval_with(&cl, files, SCHOOL, Some(sheet), "2026-09-10");
    assert_eq!(item(&r, "b.onsite").status, Status::Pass);
    let both = item(&r, "b.both");
    assert_eq!(
        (both.status, both.score),
        (Status::Partial, 0.5),
        "min of evidence 1 and on-site 0.5"
    );
    assert_eq!(r.summary.pending.items, 0);

    let sheet = "visit_date: 2026-09-10\nitems:\n  b.onsite: {score: 0, veto: true, finding: 安全出口锁闭}\n";
    let r = eval_with(&cl, files, SCHOOL, Some(sheet), "2026-09-10");
    let o = item(&r, "b.onsite");
    assert!(o.vetoed);
    assert_eq!(o.findings[0].message, "现场检查: 安全出口锁闭");
    assert_eq!(r.summary.grade, "不合格");
}

#[test]
fn waivers_take_items_out_until_they_expire() {
    let sheet = "visit_date: 2026-09-10\nwaivers:\n  - {item: a.rows, reason: 新建校, approved_by: 县教育局, expires: 2026-12-31}\n";
    let r = eval_with(&mini(), &[], SCHOOL, Some(sheet), "2026-09-10");
    assert_eq!(item(&r, "a.rows").status, Status::Waived);
    let r = eval_with(&mini(), &[], SCHOOL, Some(sheet), "2027-01-05");
    assert_eq!(item(&r, "a.rows").status, Status::Fail);
    assert!(r.warnings.iter().any(|w| w.contains("过期")));
}

#[test]
fn score_trace_explains_the_total() {
    let r = eval_mem(&[("花名册.csv", ROSTER), ("家访.csv", VISITS)]);
    let total = r.trace.last().unwrap();
    assert_eq!(total.item, "total");
    let counted: f64 = r
        .trace
        .iter()
        .filter(|t| t.counted && t.item != "total")
        .map(|t| t.earned)
        .sum();
    assert!((counted - r.summary.earned).abs() < 1e-6);
    assert!(
        total.why.contains(&format!("= {}", r.summary.score)),
        "{}",
        total.why
    );
    let expected = (r.summary.earned / r.summary.applicable * 1000.0).round() / 10.0;
    assert_eq!(r.summary.score, expected);
}

#[test]
fn phone_numbers_are_masked_in_findings() {
    let roster = "学生姓名,出生日期,联系电话,类别,分数\n王小明,2016-3-8,13812345678(父),甲,90\n";
    let cl = mini();
    let r = eval_with(
        &cl,
        &[("花名册.csv", roster.as_bytes())],
        SCHOOL,
        None,
        "2026-09-10",
    );
    // Evaluation keeps the cell as found; every writer masks it.
    let masked = ducha::present::mask::masked(&r);
    assert_eq!(
        item(&masked, "a.rows").findings[0].message,
        "「王小明」「联系电话」的「138****5678(父)」格式不正确"
    );
    let json = ducha::output::json::render(&r);
    assert!(!json.contains("13812345678") && json.contains("138****5678(父)"));
    let text = ducha::output::human::render(&r, ducha::present::Lang::Zh);
    assert!(!text.contains("13812345678") && text.contains("138****5678(父)"));
}

#[test]
fn an_arrival_rate_just_below_the_threshold_does_not_read_as_equal_to_it() {
    // 2,400 of 2,450 students is 97.96 %, below the official 98 %: rounded
    // to one decimal it would read "98.0 % … below 98.0 %".
    let cl = ducha::pipeline::load_checklist(None).unwrap();
    let school = std::fs::read_to_string(root().join("samples/01-河口镇中心小学/school.yaml"))
        .expect("sample profile");
    let sheet = "班级,上学期人数,应到,实到\n全校,2450,2450,2400\n";
    let r = eval_with(
        &cl,
        &[("开学/学生报到统计表.csv", sheet.as_bytes())],
        &school,
        None,
        "2026-09-10",
    );
    let i = item(&r, "enrollment.students");
    let f = i
        .findings
        .iter()
        .find(|f| f.code == "arrival-rate-low")
        .expect("the rate is low");
    assert!(
        f.message
            .starts_with("到校率 97.9%(实到 2400 / 应到 2450),低于 98"),
        "{}",
        f.message
    );
}
