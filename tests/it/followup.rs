//! 回头看 (`--previous`): last term's problems, each rectified, partly
//! rectified or not; another school's or a later result refused; a result
//! of an older checklist edition followed up item by item.

use crate::common::*;
use ducha::followup::{follow_up, Refused};
use ducha::result::{InspectionResult, Rectified, Status};
use std::path::Path;

const S02: &str = "samples/02-城关第二初级中学";

/// A copy of sample 02 as it was at an earlier visit: the same files,
/// but on site 留守儿童之家 scored 2 of 3 and 备课 1 (2 now).
fn earlier_copy(dir: &Path) -> std::path::PathBuf {
    let sub = dir.join("then");
    crate::cli::copy_dir(&root().join(S02), &sub);
    let sheet = sub.join("inspection.yaml");
    let text = std::fs::read_to_string(&sheet).unwrap();
    let text = text
        .replace("visit_date: 2026-09-17", "visit_date: 2026-09-10")
        .replace("  care.home:\n    score: 3", "  care.home:\n    score: 2")
        .replace(
            "  enrollment.lesson_prep:\n    score: 2",
            "  enrollment.lesson_prep:\n    score: 1",
        );
    std::fs::write(&sheet, text).unwrap();
    sub
}

fn result_json(sub: &Path, date: &str, out: &Path) {
    let (code, o, e) = ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--date",
        date,
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{o}{e}");
}

fn read(path: &Path) -> InspectionResult {
    ducha::output::json::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn official() -> ducha::checklist::Checklist {
    ducha::checklist::load(None).unwrap()
}

#[test]
fn last_terms_problems_are_rectified_partly_or_not() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("上次.json");
    result_json(&earlier_copy(tmp.path()), "2026-09-10", &prev);
    let sample = root().join(S02);
    let then = read(&prev);
    let r = check_after(&sample, &prev, &tmp.path().join("本次.json"));
    assert!(r.summary.score < 100.0, "items still short: exit 1");
    let f = r.followup.as_ref().expect("followed up");
    assert_eq!(f.previous_date, "2026-09-10");
    assert!(!f.edition_changed);
    // Every item short last time is followed up, and only those.
    let short: Vec<&str> = then
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Fail | Status::Partial))
        .map(|i| i.id.as_str())
        .collect();
    let followed: Vec<&str> = f.items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(followed, short);
    let of = |id: &str| f.items.iter().find(|i| i.item == id).unwrap();
    // Full marks on site now: rectified.
    assert_eq!(of("care.home").status, Rectified::Rectified);
    assert!(!of("care.home").recurring);
    // A better on-site score, still short: partly.
    assert_eq!(of("enrollment.lesson_prep").status, Rectified::Partly);
    assert!(of("enrollment.lesson_prep").recurring);
    // The same two children without their data: not rectified, each
    // finding found again (matched by code and child, not by wording).
    let roster = of("care.roster");
    assert_eq!(roster.status, Rectified::NotRectified);
    assert!(roster.recurring);
    assert!(!roster.findings.is_empty() && roster.findings.iter().all(|p| p.recurs));
    // The counts add up.
    assert_eq!(f.counts.values().sum::<usize>(), f.items.len());

    // The terminal shows the section with the words of each status.
    let (_, out, _) = ducha(&[
        "check",
        sample.to_str().unwrap(),
        "--date",
        "2026-09-17",
        "--previous",
        prev.to_str().unwrap(),
    ]);
    assert!(
        out.contains(&format!(
            "回头看:上次检查 2026-09-10,{} 分,{};当时未达标 {} 项",
            ducha::output::human::num(then.summary.score),
            then.summary.grade,
            short.len()
        )),
        "{out}"
    );
    let line = |id: &str| {
        out.lines()
            .find(|l| l.contains(&format!("  {id}  ")) && l.contains("上次"))
            .unwrap_or_else(|| panic!("no line for {id}:\n{out}"))
            .to_string()
    };
    assert!(line("care.home").starts_with("  整改到位 "), "{out}");
    assert!(
        line("enrollment.lesson_prep").starts_with("  部分整改 "),
        "{out}"
    );
    assert!(line("care.roster").starts_with("  未整改 "), "{out}");
    assert!(line("care.roster").ends_with("[连续两次未达标]"), "{out}");
}

#[test]
fn another_schools_or_a_later_result_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("别校.json");
    result_json(
        &root().join("samples/01-河口镇中心小学"),
        "2026-09-10",
        &other,
    );
    let sample = root().join(S02);
    let (code, out, err) = ducha(&[
        "check",
        sample.to_str().unwrap(),
        "--date",
        "2026-09-17",
        "--previous",
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        err.trim_end(),
        format!(
            "错误: {}: 上次的结果是「澴阳县河口镇中心小学」(学校标识码 2142003101)的,不是「澴阳县城关第二初级中学」(学校标识码 2142001202)的;回头看要用本校上次的检查结果",
            other.display()
        )
    );
    assert!(out.is_empty(), "no partial output: {out}");

    let later = tmp.path().join("later.json");
    result_json(&sample, "2026-09-20", &later);
    let now = tmp.path().join("now.json");
    result_json(&sample, "2026-09-17", &now);
    let e = follow_up(&read(&later), &read(&now), &official()).unwrap_err();
    assert_eq!(
        e,
        Refused::NotEarlier {
            then: "2026-09-20".into(),
            now: "2026-09-17".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "上次结果的检查日期 2026-09-20 不早于本次的 2026-09-17;请确认两个结果没有给反"
    );
}

#[test]
fn a_result_of_an_older_edition_is_followed_item_by_item() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("上次.json");
    result_json(&earlier_copy(tmp.path()), "2026-09-10", &prev);
    // Last term's edition: 花名册 had another id, and 演练 an item that
    // this edition no longer has.
    let mut then = read(&prev);
    then.checklist.edition = "2025-秋".into();
    for i in &mut then.items {
        match i.id.as_str() {
            "care.roster" => i.id = "care.children_list".into(),
            "safety.drills" => i.id = "safety.drill_log".into(),
            _ => {}
        }
    }
    let county = tmp.path().join("county.yaml");
    std::fs::write(
        &county,
        format!(
            "version: 1\nextends: {}\nid: start-of-term\ntitle: 开学检查\nedition: \"2026-秋\"\noverrides:\n  care.roster:\n    replaces: [care.children_list]\n",
            root().join("checklists/start-of-term.yaml").display()
        ),
    )
    .unwrap();
    let cl = ducha::checklist::load(Some(&county)).expect("tailored checklist");
    let now = tmp.path().join("now.json");
    result_json(&root().join(S02), "2026-09-17", &now);
    let f = follow_up(&then, &read(&now), &cl).unwrap();
    assert!(f.edition_changed);
    let roster = f.items.iter().find(|i| i.item == "care.roster").unwrap();
    assert_eq!(roster.previous_item.as_deref(), Some("care.children_list"));
    assert_eq!(roster.status, Rectified::NotRectified);
    let drills = f
        .items
        .iter()
        .find(|i| i.item == "safety.drill_log")
        .expect("an id no longer in the checklist is listed");
    assert_eq!(drills.status, Rectified::Removed);
    assert_eq!(drills.now_status, None);
}

#[test]
fn an_item_replacing_a_current_item_is_refused_by_lint() {
    let tmp = tempfile::tempdir().unwrap();
    let county = tmp.path().join("county.yaml");
    std::fs::write(
        &county,
        format!(
            "version: 1\nextends: {}\nid: x\ntitle: x\nedition: x\noverrides:\n  care.roster:\n    replaces: [care.home]\n",
            root().join("checklists/start-of-term.yaml").display()
        ),
    )
    .unwrap();
    let (code, _, err) = ducha(&["lint", county.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`care.home` 仍是本清单的检查项,不能被 `care.roster` 取代"),
        "{err}"
    );
}

#[test]
fn batch_follows_each_school_up_by_its_code() {
    let tmp = tempfile::tempdir().unwrap();
    let last = tmp.path().join("上学期");
    std::fs::create_dir_all(&last).unwrap();
    // Last term's results under any name: matched by 学校标识码.
    result_json(
        &earlier_copy(tmp.path()),
        "2026-09-10",
        &last.join("x.json"),
    );
    let subs = tmp.path().join("subs");
    crate::cli::copy_dir(&root().join(S02), &subs.join("二中"));
    crate::cli::copy_dir(
        &root().join("samples/04-城关镇中心幼儿园"),
        &subs.join("幼儿园"),
    );
    let out = tmp.path().join("out");
    let (code, o, e) = ducha(&[
        "batch",
        subs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-pdf",
        "--date",
        "2026-09-17",
        "--previous",
        last.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{o}{e}");
    let r = read(&out.join("results/二中.json"));
    let f = r.followup.expect("二中 followed up");
    assert_eq!(f.previous_date, "2026-09-10");
    // No result last term: nothing to follow up, and no error.
    assert!(read(&out.join("results/幼儿园.json")).followup.is_none());
    // Last term's folder as the output: refused before anything is written.
    let (code, _, e) = ducha(&[
        "batch",
        subs.to_str().unwrap(),
        "-o",
        last.to_str().unwrap(),
        "--previous",
        last.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(e.contains("与输出文件夹") && e.contains("相同"), "{e}");
}

#[test]
fn diff_says_what_changed_and_exits_1_when_something_got_worse() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("上次.json");
    result_json(&earlier_copy(tmp.path()), "2026-09-10", &prev);
    let now = tmp.path().join("本次.json");
    result_json(&root().join(S02), "2026-09-17", &now);
    let (then, r) = (read(&prev), read(&now));
    let (p, n) = (prev.to_str().unwrap(), now.to_str().unwrap());

    let (code, out, err) = ducha(&["diff", p, n]);
    assert_eq!(code, 0, "better on every item: {out}{err}");
    let num = ducha::output::human::num;
    assert!(out.contains(&format!(
        "总分 {}({})→ {}({})",
        num(then.summary.score),
        then.summary.grade,
        num(r.summary.score),
        r.summary.grade
    )));
    assert!(out.contains("· care.home 留守儿童之家"), "{out}");
    assert!(out.contains("部分达标 → 达标  2 → 3"), "{out}");
    assert!(out.trim_end().ends_with("没有变差的项目"), "{out}");
    // An item whose findings and score are the same is not listed.
    assert!(!out.contains("care.roster"), "{out}");

    // The other way round: 留守儿童之家 and 备课 lost points.
    let (code, out, _) = ducha(&["diff", n, p]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("↓ care.home "), "{out}");
    assert!(out.contains("↓ enrollment.lesson_prep "), "{out}");
    let (code, json, _) = ducha(&["diff", n, p, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["worse"], true);
    let home = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "care.home")
        .unwrap();
    assert_eq!(home["old_score"], 3.0);
    assert_eq!(home["new_score"], 2.0);
    assert_eq!(home["worse"], true);

    // Another school's result is refused.
    let other = tmp.path().join("别校.json");
    result_json(
        &root().join("samples/01-河口镇中心小学"),
        "2026-09-10",
        &other,
    );
    let (code, _, err) = ducha(&["diff", other.to_str().unwrap(), n]);
    assert_eq!(code, 2);
    assert!(err.contains("两个结果不是同一所学校的"), "{err}");
}

/// Runs `check --previous` on `sub` and reads the result.
fn check_after(sub: &Path, prev: &Path, out: &Path) -> InspectionResult {
    let (code, o, e) = ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--date",
        "2026-09-17",
        "--previous",
        prev.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{o}{e}");
    read(out)
}

#[test]
fn the_rectification_item_asks_each_problem_of_last_time_to_pass_or_be_done_in_the_ledger() {
    let tmp = tempfile::tempdir().unwrap();
    let prev = tmp.path().join("上次.json");
    result_json(&earlier_copy(tmp.path()), "2026-09-10", &prev);
    let then = read(&prev);
    let sample = root().join(S02);

    // Without a previous result the item checks its ledger only, and says so.
    let alone = tmp.path().join("alone.json");
    result_json(&sample, "2026-09-17", &alone);
    let alone = read(&alone);
    let rect = item(&alone, "safety.rectification");
    assert_eq!(rect.status, Status::Pass);
    assert!(rect.note.contains("未复核上次问题的整改"), "{}", rect.note);

    // With it: one `not-rectified` per problem of last time still short
    // now; care.home passes now and is not among them.
    let r = check_after(&sample, &prev, &tmp.path().join("r.json"));
    let f = r.followup.as_ref().unwrap();
    let still: Vec<&str> = f
        .items
        .iter()
        .filter(|i| matches!(i.status, Rectified::Partly | Rectified::NotRectified))
        .map(|i| i.title.as_str())
        .collect();
    let rect = item(&r, "safety.rectification");
    let open: Vec<&str> = rect
        .findings
        .iter()
        .filter(|f| f.code == "not-rectified")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(open.len(), still.len(), "{open:#?}");
    for t in &still {
        assert!(open.iter().any(|m| m.contains(&format!("「{t}」"))), "{t}");
    }
    assert!(!open.iter().any(|m| m.contains("留守儿童之家")));
    assert_eq!(rect.status, Status::Fail, "2 points, 1 off per problem");

    // The ledger records two as done: 花名册 by its item's name, 备课 by
    // quoting last time's finding (spacing and quotes as a clerk types).
    let sub = tmp.path().join("now");
    crate::cli::copy_dir(&sample, &sub);
    let lesson = then
        .items
        .iter()
        .find(|i| i.id == "enrollment.lesson_prep")
        .unwrap();
    let quoted = lesson.findings[0].message.replace(':', ": ");
    std::fs::write(
        sub.join("安全/问题整改台账-回头看.csv"),
        format!(
            "问题,检查项目,来源,整改措施,责任人,完成时限,完成情况,佐证材料\n\
             部分儿童信息不全,“留守儿童花名册”,上次督导,逐一补齐,王老师,2026-09-15,已完成,补全后的花名册\n\
             \"{quoted}\",,上次督导,提前备课,李老师,2026-09-15,已完成,教案\n\
             消防器材过期,消防器材与月度消防检查,上次督导,更换,张老师,2026-12-30,整改中,\n"
        ),
    )
    .unwrap();
    let r = check_after(&sub, &prev, &tmp.path().join("r2.json"));
    let rect = item(&r, "safety.rectification");
    let open2: Vec<&str> = rect
        .findings
        .iter()
        .filter(|f| f.code == "not-rectified")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(open2.len(), still.len() - 2, "{open2:#?}");
    assert!(!open2.iter().any(|m| m.contains("留守儿童花名册")));
    assert!(!open2.iter().any(|m| m.contains(&lesson.title)));
    // 整改中 is not done.
    assert!(open2.iter().any(|m| m.contains("消防器材")));
}

#[test]
fn a_followup_rule_that_cannot_tell_which_ledger_row_is_which_problem_is_refused_by_lint() {
    let official = std::fs::read_to_string(root().join("checklists/start-of-term.yaml")).unwrap();
    let lint = |from: &str, to: &str| -> String {
        assert!(official.contains(from), "{from}");
        let text = official.replace(from, to);
        let diags = ducha::checklist::load_str("t.yaml", &text, None).unwrap_err();
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let e = lint("names: [item, issue]", "names: [item, isue]");
    assert!(
        e.contains("表格「问题整改台账」没有 id 为 `isue` 的列"),
        "{e}"
    );
    let e = lint("            names: [item, issue]\n", "");
    assert!(e.contains("请写明台账中哪些列写着问题(names)"), "{e}");
    let e = lint(
        "            ledger: rectification\n            names",
        "            names",
    );
    assert!(e.contains("请同时写明 ledger"), "{e}");
    let e = lint("  veto: 5              #", "  veto: -5             #");
    assert!(e.contains("抽查风险权重 veto 为 -5"), "{e}");
}
