//! `ducha aggregate` and `ducha batch`: the workbook a clerk files upward.

use crate::common::*;
use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};

const ROSTER: &str = "学生姓名,出生日期,联系电话,类别,分数\n王小明,2016-3-8,13812345678,甲,90\n李娜,2015/10/1,1381234,乙,45\n";

/// Writes results of three schools (one vocational, one vetoed) as JSON.
fn results(dir: &Path, edition_of_last: Option<&str>) -> Vec<PathBuf> {
    let cl = mini();
    let mut paths = Vec::new();
    let schools = [
        ("甲镇小学", "4209210001", "primary", "甲镇", "2027-01-01"),
        ("乙镇小学", "4209210002", "primary", "乙镇", "2026-09-01"),
        (
            "甲镇幼儿园",
            "4209210003",
            "kindergarten",
            "甲镇",
            "2027-01-01",
        ),
    ];
    for (i, (name, code, kind, town, lic)) in schools.iter().enumerate() {
        let school = SCHOOL
            .replace("测试小学", name)
            .replace("4209210099", code)
            .replace("type: primary", &format!("type: {kind}"))
            .replace("测试镇", town)
            .replace("2027-01-01", lic);
        let mut r = eval_with(
            &cl,
            &[("花名册.csv", ROSTER.as_bytes())],
            &school,
            None,
            "2026-09-10",
        );
        if i == 2 {
            if let Some(e) = edition_of_last {
                r.checklist.edition = e.to_string();
            }
        }
        let p = dir.join(format!("{code}.json"));
        std::fs::write(&p, ducha::output::json::render(&r)).unwrap();
        paths.push(p);
    }
    paths
}

/// Runs `ducha aggregate DIR -o OUT` with `extra` arguments.
fn aggregate(dir: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "aggregate",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ducha(&args)
}

pub(crate) fn cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::Float(f) => ducha::present::number::plain(*f),
                            // Dates as the results write them.
                            Data::DateTime(d) => ducha::date::from_excel_serial(d.as_f64())
                                .map(ducha::date::iso)
                                .unwrap_or_else(|| d.to_string()),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn the_workbook_has_every_table_and_no_child_data() {
    let dir = tempfile::tempdir().unwrap();
    results(dir.path(), None);
    let out = dir.path().join("summary.xlsx");
    let (code, stdout, err) = aggregate(dir.path(), &out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("已汇总 3 份结果"), "{stdout}");
    let book = cells(&out);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "学校汇总",
            "学校汇总-基础教育科",
            "乡镇汇总",
            "图表",
            "检查项统计",
            "一票否决",
            "整改跟踪",
            "抽查建议"
        ]
    );
    let schools = &book[0].1;
    assert_eq!(schools[1][..3], ["乡镇", "学校", "学校标识码"]);
    assert_eq!(schools.len(), 2 + 3, "title, header, three schools");
    let vetoes = &book[5].1;
    assert_eq!(vetoes.len(), 2 + 1, "乙镇小学's expired licence");
    assert_eq!(vetoes[2][1], "乙镇小学");
    assert!(
        vetoes[2][5].contains("许可证"),
        "the veto finding is kept: {:?}",
        vetoes[2]
    );
    let towns = &book[2].1;
    assert!(
        towns
            .iter()
            .any(|r| r[0] == "甲镇" && r[1] == "合计" && r[2] == "2"),
        "{towns:?}"
    );
    let items = &book[4].1;
    let rates: Vec<f64> = items[2..].iter().map(|r| r[10].parse().unwrap()).collect();
    assert!(
        rates.windows(2).all(|w| w[0] >= w[1]),
        "items by failure rate: {rates:?}"
    );
    let files = items.iter().find(|r| r[0] == "a.files").unwrap();
    assert_eq!(
        (
            files[2].as_str(),
            files[5].as_str(),
            files[10].as_str(),
            files[11].as_str()
        ),
        ("3", "3", "100", "file-missing×6")
    );
    let all: String = book
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .cloned()
        .collect::<Vec<_>>()
        .join("|");
    for child in ["王小明", "李娜", "1381234"] {
        assert!(!all.contains(child), "child data «{child}» in the workbook");
    }
    // Sheets are filled in parallel: the bytes must not depend on which
    // thread came first.
    let again = dir.path().join("again.xlsx");
    let (code, _, err) = aggregate(dir.path(), &again, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(&again).unwrap(),
        "the same results give the same workbook bytes"
    );
}

#[test]
fn split_by_office_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    results(dir.path(), None);
    let out = dir.path().join("out/summary.xlsx");
    let csv = dir.path().join("csv");
    let (code, _, err) = aggregate(
        dir.path(),
        &out,
        &["--by-section", "--csv", csv.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("out/summary-基础教育科.xlsx").is_file());
    let text = std::fs::read(csv.join("基础教育科-学校汇总.csv")).unwrap();
    assert!(
        text.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 with BOM for Excel"
    );
}

#[test]
fn mixed_editions_are_refused_then_flagged() {
    let dir = tempfile::tempdir().unwrap();
    results(dir.path(), Some("t2"));
    let out = dir.path().join("s.xlsx");
    let (code, _, err) = aggregate(dir.path(), &out, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("不同的检查清单版本") && err.contains("--allow-mixed"),
        "{err}"
    );
    assert!(!out.exists());
    let (code, _, _) = aggregate(dir.path(), &out, &["--allow-mixed"]);
    assert_eq!(code, 0);
    let book = cells(&out);
    assert_eq!(book[0].0, "注意");
}

#[test]
fn corrupt_and_foreign_files_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    results(dir.path(), None);
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"schema\": \"ducha.result/1\", ",
    )
    .unwrap();
    std::fs::write(dir.path().join("other.json"), "{\"name\": 1}").unwrap();
    let out = dir.path().join("s.xlsx");
    let (code, _, err) = aggregate(dir.path(), &out, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.json")
            && err.contains("other.json")
            && err.contains("不是 ducha 的检查结果"),
        "{err}"
    );
    assert!(out.exists(), "the good results are still aggregated");
    // And the files left out are named on the 注意 sheet.
    let book = cells(&out);
    let notes: String = book
        .iter()
        .find(|(n, _)| n == "注意")
        .expect("a 注意 sheet")
        .1
        .iter()
        .flatten()
        .cloned()
        .collect();
    assert!(
        notes.contains("broken.json") && notes.contains("other.json"),
        "{notes}"
    );
    let (code, _, _) = aggregate(dir.path(), &out, &["--keep-going"]);
    assert_eq!(code, 0);
}

#[test]
fn a_result_saved_again_in_gbk_is_named_and_skipped() {
    // A clerk opened a result in Notepad and saved it as ANSI (GBK): its
    // Chinese texts are no longer UTF-8. It is left out by name, and the
    // others are still aggregated.
    let dir = tempfile::tempdir().unwrap();
    let paths = results(dir.path(), None);
    let text = std::fs::read_to_string(&paths[0]).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let saved = dir.path().join("记事本另存.json");
    std::fs::write(&saved, &gbk).unwrap();
    std::fs::remove_file(&paths[0]).unwrap();
    let out = dir.path().join("s.xlsx");
    let (code, stdout, err) = aggregate(dir.path(), &out, &[]);
    assert_eq!(code, 2, "{stdout}{err}");
    assert!(
        err.contains("记事本另存.json") && err.contains("不是 UTF-8"),
        "{err}"
    );
    assert!(stdout.contains("已汇总 2 份结果"), "{stdout}");
}

#[test]
fn batch_checks_every_school_and_lists_failures() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    std::fs::create_dir_all(subs.join("坏学校")).unwrap();
    std::fs::write(subs.join("坏学校/school.yaml"), "name: 坏学校\n").unwrap();
    crate::cli::copy_dir(&fixture("submissions/mini-basic"), &subs.join("好学校"));
    let out = dir.path().join("out");
    let (code, stdout, err) = ducha(&[
        "batch",
        subs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--checklist",
        MINI_PATH,
        "--no-pdf",
        "--jobs",
        "2",
    ]);
    assert_eq!(code, 2, "{stdout}{err}");
    assert!(
        stdout.contains("已检查 1 所学校")
            && stdout.contains("坏学校")
            && stdout.contains("缺少必填的键 `code`"),
        "{stdout}"
    );
    assert!(
        err.contains("[2/2]"),
        "plain progress lines when not on a terminal: {err}"
    );
    assert!(out.join("results/好学校.json").is_file());
    assert!(out.join("summary.xlsx").is_file());
}

const MINI_PATH: &str = "tests/fixtures/checklists/mini.yaml";

#[test]
fn summary_report_pdf() {
    let dir = tempfile::tempdir().unwrap();
    results(dir.path(), None);
    let out = dir.path().join("s.xlsx");
    let pdf = dir.path().join("通报.pdf");
    let (code, stdout, err) = aggregate(dir.path(), &out, &["--pdf", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("通报.pdf"), "{stdout}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // Same inputs, same bytes.
    let again = dir.path().join("again.pdf");
    aggregate(dir.path(), &out, &["--pdf", again.to_str().unwrap()]);
    assert_eq!(bytes, std::fs::read(&again).unwrap());
}

/// Issue 16: two schools under one code are both kept and both named on
/// the 注意 sheet; a result that is a link is read like the file.
#[test]
fn two_schools_under_one_code_are_both_kept_and_a_linked_result_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let paths = results(dir.path(), None);
    // The third school takes the first one's code.
    let text = std::fs::read_to_string(&paths[2]).unwrap();
    let first = ducha::output::json::parse(&std::fs::read_to_string(&paths[0]).unwrap()).unwrap();
    let mut r = ducha::output::json::parse(&text).unwrap();
    r.school.code = first.school.code.clone();
    std::fs::write(&paths[2], ducha::output::json::render(&r)).unwrap();
    // And the second result is reached through a link.
    let elsewhere = tempfile::tempdir().unwrap();
    let real = elsewhere.path().join("b.json");
    std::fs::rename(&paths[1], &real).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&real, &paths[1]).unwrap();
    let out = dir.path().join("out.xlsx");
    let (code, stdout, err) = aggregate(dir.path(), &out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("已汇总 3 份结果(3 所学校)"), "{stdout}");
    let book = cells(&out);
    let notes = &book
        .iter()
        .find(|(n, _)| n == "注意")
        .expect("a 注意 sheet")
        .1;
    let text: String = notes.iter().flatten().cloned().collect();
    assert!(
        text.contains(&first.school.code)
            && text.contains("甲镇小学")
            && text.contains("甲镇幼儿园"),
        "{text}"
    );
}
