//! One test per defect found in use, named after it: each failed before
//! its fix and pins the behaviour a user depends on.

use crate::common::*;
use ducha::result::Status;

/// The mini checklist with one text replaced (the text must be there).
fn mini_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixture("checklists/mini.yaml")).unwrap();
    assert!(text.contains(from), "mini.yaml has «{from}»");
    text.replacen(from, to, 1)
}

/// `ducha lint` on a checklist text written to a temporary file:
/// (exit code, stderr, the file's path).
fn lint_text(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("county.yaml");
    std::fs::write(&path, text).unwrap();
    let p = path.to_string_lossy().into_owned();
    let (code, _, err) = ducha(&["lint", &p]);
    (code, err, p)
}

const ROSTER: &[u8] =
    "学生姓名,出生日期,联系电话,类别\n王小明,2016-3-8,13812345678,甲\n李娜,2015/10/1,13812345679,乙\n"
        .as_bytes();

#[test]
fn unquoted_date_bound_is_a_date_not_arithmetic() {
    // `not_before: 2016-01-01` unquoted used to be computed as 2016-1-1 =
    // 2014 and compared as text, so the bound never fired.
    for bound in ["2016-01-01", "'2016-01-01'", "\"'2016-01-01'\"", "2016/1/1"] {
        let text = mini_with(
            "not_before: \"add_days(date, -16 * 366)\"",
            &format!("not_before: {bound}"),
        );
        let cl = ducha::checklist::load_str("mini.yaml", &text, None)
            .unwrap_or_else(|e| panic!("{bound}: {e:?}"));
        let r = eval_with(&cl, &[("花名册.csv", ROSTER)], SCHOOL, None, "2026-09-10");
        let i = item(&r, "a.rows");
        let early: Vec<_> = i
            .findings
            .iter()
            .filter(|f| f.code == "date-too-early")
            .collect();
        assert_eq!(early.len(), 1, "{bound}: {:?}", i.findings);
        assert_eq!(early[0].subject.as_deref(), Some("李娜"));
        assert!(
            early[0].message.contains("应不早于 2016-01-01"),
            "{}",
            early[0].message
        );
    }
}

#[test]
fn date_bound_that_is_not_a_date_fails_lint_with_its_position() {
    let cases = [
        ("2016-13-01", "不是有效的日期"),
        ("\"1 + 1\"", "不是日期"),
        ("\"'下学期'\"", "不是日期"),
    ];
    for (bound, says) in cases {
        let text = mini_with(
            "not_before: \"add_days(date, -16 * 366)\"",
            &format!("not_before: {bound}"),
        );
        let line = text
            .lines()
            .position(|l| l.contains(&format!("not_before: {bound}")))
            .unwrap()
            + 1;
        let (code, err, path) = lint_text(&text);
        assert_eq!(code, 2, "{bound}: {err}");
        assert!(err.contains(says), "{bound}: {err}");
        assert!(
            err.contains(&format!("--> {path}:{line}:")),
            "{bound} is named at its line {line}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn huge_parameter_in_date_arithmetic_fails_lint_instead_of_panicking() {
    // A tailoring that lints clean used to panic in `add_days`.
    let text = "version: 1\nextends: start-of-term.yaml\nid: county\ntitle: 某县\noverrides:\n  safety.fire_equipment: {params: {check_days: 100000000}}\n";
    let (code, err, _) = lint_text(text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("超出了日期范围"), "{err}");
    assert!(
        err.contains("days_before(date, params.check_days)"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");

    let text = mini_with(
        "grade_bands:",
        "rectification: {veto_days: 100000000, other_days: 30}\ngrade_bands:",
    );
    let (code, err, _) = lint_text(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("veto_days 为 100000000 天"), "{err}");
}

#[test]
fn date_arithmetic_that_overflows_at_run_time_is_an_error_item() {
    // A bound that reads the school cannot be computed by lint; when it
    // leaves the calendar, the item is `error`, never a panic.
    let text = mini_with(
        "not_before: \"add_days(date, -16 * 366)\"",
        "not_before: \"add_days(school.term_start, 100000000)\"",
    );
    let cl = ducha::checklist::load_str("mini.yaml", &text, None).unwrap();
    let r = eval_with(&cl, &[("花名册.csv", ROSTER)], SCHOOL, None, "2026-09-10");
    let i = item(&r, "a.rows");
    assert_eq!(i.status, Status::Error);
    assert!(i.note.contains("超出了日期范围"), "{}", i.note);
}

#[test]
fn far_future_date_option_is_refused_not_a_panic() {
    let dir = fixture("submissions/mini-basic");
    let dir = dir.to_str().unwrap();
    let mini = fixture("checklists/mini.yaml");
    let mini = mini.to_str().unwrap();
    let (code, _, err) = ducha(&["check", dir, "--checklist", mini, "--date=+262142-12-31"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("超出了可用的年份"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (code, _, err) = ducha(&["check", dir, "--checklist", mini, "--date=2199-12-31"]);
    assert!(code == 0 || code == 1, "the last year works: {err}");
}

#[test]
fn value_in_a_test_or_when_fails_lint() {
    // `value` is the checked cell of bounds and messages; a `test` or
    // `when` is computed on whole rows, where it used to be an error at
    // run time (every row failing) after a clean lint.
    let text = mini_with(
        "test: \"not is_date(row.birth) or years_between(row.birth, date) < params.max_age\"",
        "column: birth\n                test: \"value is not none\"",
    );
    let (code, err, _) = lint_text(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("未声明的变量 `value`"), "{err}");
}

#[test]
fn onsite_finding_phone_is_masked_in_json_terminal_and_rectification_list() {
    // The inspector's finding quoted a phone; the PDF masked it, the JSON,
    // the terminal and the rectification list did not.
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("school");
    crate::cli::copy_dir(&fixture("submissions/mini-basic"), &sub);
    let sheet = dir.path().join("inspection.yaml");
    std::fs::write(
        &sheet,
        "team:\n  - {name: 王检查, unit: 测试县教育局}\nvisit_date: 2026-09-10\nitems:\n  b.onsite: {score: 0, finding: \"值班电话13812345678,13912345678 未接通\"}\n",
    )
    .unwrap();
    let mini = fixture("checklists/mini.yaml");
    let args = |format: &'static str| {
        vec![
            "check".to_string(),
            sub.to_string_lossy().into_owned(),
            "--checklist".into(),
            mini.to_string_lossy().into_owned(),
            "--inspection".into(),
            sheet.to_string_lossy().into_owned(),
            "--format".into(),
            format.into(),
        ]
    };
    for format in ["json", "human"] {
        let a = args(format);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let (code, out, err) = ducha(&a);
        assert_eq!(code, 1, "{err}");
        assert!(
            out.contains("值班电话138****5678,139****5678 未接通"),
            "{format}: {out}"
        );
        assert!(
            !out.contains("13812345678") && !out.contains("13912345678"),
            "{format}: {out}"
        );
    }
    let a = args("json");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let (_, json, _) = ducha(&a);
    let r = ducha::output::json::parse(&json).unwrap();
    let rect = r
        .rectifications
        .iter()
        .find(|rc| rc.item == "b.onsite")
        .expect("the on-site item is to be rectified");
    assert!(
        rect.findings.iter().any(|f| f.contains("138****5678")),
        "{:?}",
        rect.findings
    );
}

/// Issue 14 §4: errors carry their kind until they are shown.
#[test]
fn errors_keep_their_kind_until_they_are_shown() {
    use ducha::evidence::{EvidenceFile, Format, ReadError};
    use ducha::output::json::ResultFileError;
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("foreign.json");
    std::fs::write(&foreign, r#"{"name": "not a result"}"#).unwrap();
    let old = dir.path().join("old.json");
    std::fs::write(&old, r#"{"schema": "ducha.result/0"}"#).unwrap();
    let report = ducha::aggregate::read_results(&[
        dir.path().join("gone.json"),
        foreign.clone(),
        old.clone(),
    ]);
    let kinds: Vec<&ResultFileError> = report.failed.iter().map(|(_, e)| e).collect();
    assert_eq!(
        kinds,
        [
            &ResultFileError::Missing,
            &ResultFileError::NotAResult,
            &ResultFileError::Schema {
                found: "ducha.result/0".into()
            }
        ]
    );
    assert!(report.failed[2].0.ends_with("old.json"));
    assert_eq!(
        kinds[2].to_string(),
        "结果格式 ducha.result/0 不受支持(应为 ducha.result/1)"
    );

    let f = EvidenceFile::new("花名册.json", b"{".to_vec());
    assert!(matches!(
        f.sheets(),
        Err(ReadError::Corrupt {
            format: Format::Json,
            ..
        })
    ));
    let f = EvidenceFile::new("方案.docx", b"not a zip".to_vec());
    assert!(matches!(
        f.text(),
        Err(ReadError::Corrupt {
            format: Format::Docx,
            ..
        })
    ));
}

/// Issue 15 §10: one value at XFD1048576 in a roster made the reader try
/// to allocate a 17-billion-cell grid, killing the whole county's batch.
/// Now the roster is refused with the cell named, and every school
/// completes, the workbook too.
#[test]
fn a_stray_far_cell_costs_one_table_not_the_county_run() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    for s in ["01-河口镇中心小学", "04-城关镇中心幼儿园"] {
        crate::cli::copy_dir(&root().join("samples").join(s), &subs.join(s));
    }
    std::fs::copy(
        fixture("realworld/roster-stray-far-cell.xlsx"),
        subs.join("01-河口镇中心小学/关爱/留守儿童花名册.xlsx"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = batch_no_pdf(&subs, &out);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains("已检查 2 所学校"), "{stdout}");
    assert!(out.join("summary.xlsx").is_file());
    let r: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("results/01-河口镇中心小学.json")).unwrap(),
    )
    .unwrap();
    let roster = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "care.roster")
        .unwrap();
    assert_eq!(roster["status"], "error");
    assert!(
        roster["note"].as_str().unwrap().contains("XFD1048576"),
        "{roster}"
    );
}

/// Issue 16: `report s -o s/关爱/留守儿童花名册.xlsx` replaced the roster
/// with a PDF. No command writes into the submission.
#[test]
fn no_command_writes_into_the_submission() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    crate::cli::copy_dir(&root().join("samples/01-河口镇中心小学"), &s);
    let roster = s.join("关爱/留守儿童花名册.xlsx");
    let before = std::fs::read(&roster).unwrap();
    let sp = s.to_str().unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec![
            "report".into(),
            sp.into(),
            "-o".into(),
            roster.to_str().unwrap().into(),
        ],
        vec![
            "sheet".into(),
            sp.into(),
            "-o".into(),
            s.join("记录表.pdf").to_str().unwrap().into(),
        ],
        vec![
            "check".into(),
            sp.into(),
            "-o".into(),
            s.join("结果.json").to_str().unwrap().into(),
        ],
        vec![
            "batch".into(),
            dir.path().to_str().unwrap().into(),
            "-o".into(),
            s.join("out").to_str().unwrap().into(),
        ],
    ];
    for args in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = ducha(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("不向提交材料中写入"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&roster).unwrap(), before);
    assert!(
        !s.join("结果.json").exists() && !s.join("记录表.pdf").exists() && !s.join("out").exists()
    );
    // Beside it is fine.
    let (code, _, err) = ducha(&[
        "check",
        sp,
        "-o",
        dir.path().join("结果.json").to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
}

/// Issue 16: an encrypted workbook says so; an empty file says it is
/// empty; a name stored decomposed (NFD) is the same name as in NFC.
#[test]
fn encrypted_and_empty_files_say_so_and_nfd_names_match() {
    use ducha::evidence::{EvidenceFile, ReadError};
    // The start of a compound file and its directory entry's name.
    let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    enc.extend(vec![0u8; 504]);
    enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let f = EvidenceFile::new("关爱/花名册.xlsx", enc);
    assert_eq!(f.sheets().unwrap_err(), ReadError::Encrypted);
    assert!(ReadError::Encrypted.to_string().contains("已加密"));
    let f = EvidenceFile::new("关爱/花名册.csv", Vec::new());
    assert_eq!(f.sheets().unwrap_err(), ReadError::Empty);

    let dir = tempfile::tempdir().unwrap();
    let nfd = "Cafe\u{301}.txt"; // é as e + combining accent
    std::fs::write(dir.path().join(nfd), b"x").unwrap();
    let ev = ducha::evidence::read_folder(dir.path(), Default::default()).unwrap();
    assert!(ev.get("Caf\u{e9}.txt").is_some(), "NFC finds NFD");
    assert!(ev.get(nfd).is_some(), "and NFD itself");
}

/// Issue 16: a school.yaml missing several keys names all of them; a tab
/// in YAML says "Tab" at its line.
#[test]
fn school_yaml_names_every_missing_key_and_a_tab() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("school.yaml"),
        "name: 某校\ntype: primary\n",
    )
    .unwrap();
    let (code, _, err) = ducha(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`code`") && err.contains("`term_start`"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("school.yaml"),
        "name: 某校\ncode: \"1234567890\"\ntype: primary\nterm_start: 2026-09-01\nheadcounts:\n\tstudents: 3\n",
    )
    .unwrap();
    let (code, _, err) = ducha(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("school.yaml:6:1") && err.contains("制表符 Tab"),
        "{err}"
    );
}

/// Issue 16: a condition of 100,000 `not`s overflowed the stack in `lint`
/// and `check`; a message looping over loops ran for minutes. Expressions
/// and templates have a size, and their evaluation a number of steps.
#[test]
fn huge_expressions_and_endless_messages_are_bounded() {
    let text = mini_with(
        "test: \"not is_date(row.birth) or years_between(row.birth, date) < params.max_age\"",
        &format!("test: \"{}true\"", "not ".repeat(100_000)),
    );
    let (code, err, _) = lint_text(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("过长"), "{err}");

    let text = mini_with(
        "message: \"{{ row.name }}已满 {{ params.max_age }} 岁\"",
        "message: \"{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\"",
    );
    let (code, err, path) = lint_text(&text);
    assert_eq!(code, 0, "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("county.yaml"), &text).unwrap();
    let sub = dir.path().join("s");
    crate::cli::copy_dir(&fixture("submissions/mini-basic"), &sub);
    let (code, out, err) = ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--checklist",
        dir.path().join("county.yaml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let _ = path;
    // It ends (before the bound it ran for minutes), with a result.
    assert!(code == 0 || code == 1, "{err}");
    assert!(ducha::output::json::parse(&out).is_ok());
}

/// Issue 16: `lint /dev/zero` and `--inspection /dev/zero` filled 2 GB
/// before failing; files a user names are read within a stated size.
#[cfg(unix)]
#[test]
fn endless_files_given_by_mistake_are_refused_within_a_bound() {
    let (code, _, err) = ducha(&["lint", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/dev/zero") && err.contains("超过 8 MB"),
        "{err}"
    );
    let sample = root().join("samples/01-河口镇中心小学");
    let (code, _, err) = ducha(&[
        "check",
        sample.to_str().unwrap(),
        "--inspection",
        "/dev/zero",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("/dev/zero") && err.contains("超过 8 MB"),
        "{err}"
    );
    let (code, _, err) = ducha(&["report", "/dev/zero", "-o", "/tmp/never.pdf"]);
    assert_eq!(code, 2, "{err}");
}

/// Issue 16: a folder link inside the submission that points inside it
/// was ignored, so its files counted as missing; now they are read under
/// the link's name. A link leaving the submission is still refused.
#[cfg(unix)]
#[test]
fn folder_links_that_stay_inside_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    std::fs::create_dir_all(s.join("材料/关爱")).unwrap();
    std::fs::write(s.join("材料/关爱/方案.txt"), "2026年方案").unwrap();
    std::os::unix::fs::symlink(s.join("材料/关爱"), s.join("关爱")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.txt"), "x").unwrap();
    std::os::unix::fs::symlink(outside.path(), s.join("外面")).unwrap();
    let ev = ducha::evidence::read_folder(&s, Default::default()).unwrap();
    assert!(
        ev.get("关爱/方案.txt").is_some(),
        "{:?}",
        ev.files.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    assert!(ev.get("材料/关爱/方案.txt").is_some());
    assert!(ev.get("外面/x.txt").is_none());
    assert!(
        ev.refused
            .iter()
            .any(|(p, why)| p == "外面" && why.contains("之外")),
        "{:?}",
        ev.refused
    );
}

/// Issue 16: `batch` says when a school folder is a link leaving the
/// batch folder (it is not checked).
#[cfg(unix)]
#[test]
fn batch_names_a_school_folder_linking_outside() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    crate::cli::copy_dir(
        &root().join("samples/04-城关镇中心幼儿园"),
        &subs.join("04-城关镇中心幼儿园"),
    );
    let elsewhere = tempfile::tempdir().unwrap();
    crate::cli::copy_dir(
        &root().join("samples/01-河口镇中心小学"),
        &elsewhere.path().join("01"),
    );
    std::os::unix::fs::symlink(elsewhere.path().join("01"), subs.join("01-链接")).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = batch_no_pdf(&subs, &out);
    assert_eq!(code, 2, "{stdout}{err}");
    assert!(
        stdout.contains("已检查 1 所学校")
            && stdout.contains("01-链接")
            && stdout.contains("之外的链接"),
        "{stdout}"
    );
}

/// Issue 16: the tables of one submission share a budget of cells; the
/// file that would pass it is unreadable with a message (twenty dense
/// workbooks no longer add up past the memory bound).
#[test]
fn a_submission_s_tables_share_a_budget_of_cells() {
    use ducha::evidence::{Limits, ReadError};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a花名册.csv"),
        "姓名,性别\n张三,男\n李四,女\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b花名册.csv"), "姓名,性别\n王五,男\n").unwrap();
    let limits = Limits {
        max_cells: 8,
        ..Default::default()
    };
    let ev = ducha::evidence::read_folder(dir.path(), limits).unwrap();
    // 6 cells, then 4 more: past 8.
    assert!(ev.get("a花名册.csv").unwrap().sheets().is_ok());
    let err = ev.get("b花名册.csv").unwrap().sheets().unwrap_err();
    assert_eq!(err, ReadError::CellBudget { limit: 8 });
    assert!(err.to_string().contains("超过 8 个单元格"), "{err}");
}

/// Issue 16: a large table is not held in memory after hashing; it is
/// read again on use, and a file changed in between is said to be, not
/// read as if it were the one hashed.
#[test]
fn a_large_table_is_read_again_and_a_change_is_caught() {
    use ducha::evidence::{ReadError, HOLD_MAX};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.csv");
    let mut text = String::from("姓名,性别\n");
    while (text.len() as u64) <= HOLD_MAX {
        text.push_str("张三,男\n");
    }
    std::fs::write(&path, &text).unwrap();
    let ev = ducha::evidence::read_folder(dir.path(), Default::default()).unwrap();
    let f = ev.get("花名册.csv").unwrap();
    assert!(f.content().is_ok(), "read again, as hashed");
    std::fs::write(&path, text.replace("张三", "李四")).unwrap();
    assert_eq!(f.sheets().unwrap_err(), ReadError::Changed);
}

/// Issue 16: a .csv is bounded like a sheet: content past 200 columns is
/// refused with its cell named; blank rows and cells cost nothing.
#[test]
fn csv_content_past_the_bounds_is_refused_and_blanks_cost_nothing() {
    use ducha::evidence::table::parse;
    let wide = format!("姓名{}x\n", ",".repeat(250));
    let err = parse("csv", wide.as_bytes()).unwrap_err().to_string();
    assert!(err.contains("IQ1") && err.contains("200 列"), "{err}");
    let blank = format!("姓名,性别\n{}", "\n".repeat(1_000_000));
    let sheets = parse("csv", blank.as_bytes()).unwrap();
    assert_eq!(sheets[0].rows.len(), 1);
    let blank_wide = format!("姓名{}\n", ",".repeat(1_000_000));
    let sheets = parse("csv", blank_wide.as_bytes()).unwrap();
    assert_eq!(sheets[0].rows[0].len(), 1);
}
