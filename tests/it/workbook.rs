//! The bureau workbook as a clerk prints and files it, from the samples:
//! the print setup of every sheet, 乡镇汇总's order and grade columns,
//! real dates, section scores with their maximum, the rectification form,
//! the native charts. Read back with calamine (cells) and as the XML in
//! the xlsx file (print settings, validations, charts).

use crate::aggregate::cells;
use crate::common::*;
use calamine::{open_workbook_auto, Data, Reader};
use ducha::result::InspectionResult;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `batch samples` into a temporary folder: the folder and the workbook.
fn samples_book(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut args = vec!["batch", "samples", "-o", out.to_str().unwrap(), "--no-pdf"];
    args.extend_from_slice(extra);
    let (code, stdout, err) = ducha(&args);
    assert!(code == 0 || code == 1, "{stdout}{err}");
    (tmp, out)
}

fn results(out: &Path) -> Vec<InspectionResult> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(out.join("results"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| ducha::output::json::parse(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// A file inside the xlsx, as text.
fn part(xlsx: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in {}", xlsx.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn parts(xlsx: &Path, prefix: &str) -> Vec<String> {
    let z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut names: Vec<String> = z
        .file_names()
        .filter(|n| n.starts_with(prefix) && n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    names.sort_by_key(|n| (n.len(), n.clone()));
    names
}

fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a Vec<Vec<String>> {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

/// The row holding the headers: the first whose first cell is `first`.
fn header_row(rows: &[Vec<String>], first: &str) -> usize {
    rows.iter()
        .position(|r| r.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no header row starting {first}: {rows:?}"))
}

/// The one number an attribute of the first match of `pattern` holds.
fn capture(text: &str, pattern: &str) -> Option<String> {
    regex::Regex::new(pattern)
        .unwrap()
        .captures(text)
        .map(|c| c[1].to_string())
}

/// Display width of a text in characters of the default font (CJK double).
fn display(t: &str) -> f64 {
    t.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum()
}

#[test]
fn every_sheet_prints_on_a4_landscape_one_page_wide_with_its_headings_on_each_page() {
    let (_tmp, out) = samples_book(&[]);
    let xlsx = out.join("summary.xlsx");
    let book = cells(&xlsx);
    let workbook = part(&xlsx, "xl/workbook.xml");
    let styles = part(&xlsx, "xl/styles.xml");
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    assert!(book.len() >= 12, "every sample table: {}", book.len());
    let cols = regex::Regex::new(r#"<col min="(\d+)" max="(\d+)" width="([\d.]+)""#).unwrap();
    for (i, (name, rows)) in book.iter().enumerate() {
        let xml = part(&xlsx, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{name}: fit to page"
        );
        let setup = capture(&xml, r"(<pageSetup [^>]*/>)").unwrap_or_default();
        for want in [
            "paperSize=\"9\"",
            "orientation=\"landscape\"",
            "fitToHeight=\"0\"",
        ] {
            assert!(setup.contains(want), "{name}: {want} in {setup}");
        }
        // fitToWidth="1" is the default Excel leaves out.
        assert!(
            !setup.contains("fitToWidth") || setup.contains("fitToWidth=\"1\""),
            "{name}: {setup}"
        );
        let footer = capture(&xml, r"<oddFooter>([^<]*)</oddFooter>").unwrap_or_default();
        assert!(
            footer.contains("&amp;P") && footer.contains("&amp;N") && footer.contains("页"),
            "{name}: page numbers in the footer: {footer}"
        );
        // The heading rows repeat on every page: up to the header row,
        // the row the panes are frozen under.
        let frozen: usize = capture(&xml, r#"ySplit="(\d+)""#)
            .unwrap_or_else(|| panic!("{name}: frozen header"))
            .parse()
            .unwrap();
        let titles = capture(
            &workbook,
            &format!(r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">([^<]*)<"#),
        )
        .unwrap_or_else(|| panic!("{name}: no print titles"));
        assert!(
            titles.ends_with(&format!("!$1:${frozen}")),
            "{name}: {titles}, header in row {frozen}"
        );
        assert!(frozen >= 2, "{name}: a title row above the header");
        // The title: one line, within the width of its merged cells.
        let style: usize = capture(&xml, r#"<c r="A1" s="(\d+)""#)
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            !xfs[style].contains("wrapText"),
            "{name}: the title does not wrap: {}",
            xfs[style]
        );
        let widths: f64 = cols
            .captures_iter(&xml)
            .map(|c| {
                let n = c[2].parse::<f64>().unwrap() - c[1].parse::<f64>().unwrap() + 1.0;
                n * c[3].parse::<f64>().unwrap()
            })
            .sum();
        // 14 pt bold against the 11 pt the widths are counted in.
        let title = display(&rows[0][0]) * 14.0 / 11.0 * 1.1;
        assert!(
            title <= widths,
            "{name}: title «{}» ({title:.0}) wider than its cells ({widths:.0})",
            rows[0][0]
        );
    }
    // The school list with no note row repeats its title and header.
    assert!(
        workbook.contains(r#"localSheetId="0">学校汇总!$1:$2<"#),
        "{workbook}"
    );
}

#[test]
fn each_township_lists_its_school_types_then_its_total_and_every_grade_band() {
    let (_tmp, out) = samples_book(&["--by-section"]);
    for office in ["基础教育科", "职成教育科"] {
        let path = out.join(format!("summary-{office}.xlsx"));
        let book = cells(&path);
        let towns = sheet(&book, "乡镇汇总");
        let h = header_row(towns, "乡镇");
        // Every band of the official checklist, best first, even at zero.
        assert_eq!(
            towns[h][4..8],
            ["优秀", "良好", "合格", "不合格"],
            "{office}"
        );
        assert_eq!(towns[h][8], "一票否决校数");
        let body = &towns[h + 1..];
        let last = body.last().unwrap();
        assert_eq!((last[0].as_str(), last[1].as_str()), ("全部乡镇", "合计"));
        // Each township's rows: its school types, then its 合计, whose
        // counts add its types up.
        let mut types_seen = 0.0;
        let mut town = String::new();
        for r in &body[..body.len() - 1] {
            if r[0] != town {
                assert_eq!(types_seen, 0.0, "{office}: {town} ended without 合计");
                town = r[0].clone();
            }
            let n: f64 = r[2].parse().unwrap();
            if r[1] == "合计" {
                assert_eq!(n, types_seen, "{office}: {town}'s total");
                types_seen = 0.0;
            } else {
                types_seen += n;
            }
            // No school lost between the grade columns.
            let graded: f64 = r[4..8].iter().map(|c| c.parse::<f64>().unwrap()).sum();
            assert_eq!(graded, n, "{office}: {r:?}");
        }
        assert_eq!(types_seen, 0.0, "{office}: the last township has its 合计");
    }
}

#[test]
fn a_grade_the_bands_do_not_name_gets_a_column_of_its_own() {
    let (tmp, out) = samples_book(&[]);
    let dir = out.join("results");
    // A result whose grade the checklist does not give.
    let path = dir.join("04-城关镇中心幼儿园.json");
    let mut r = ducha::output::json::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    r.summary.grade = "待定".into();
    std::fs::write(&path, ducha::output::json::render(&r)).unwrap();
    let xlsx = tmp.path().join("mixed.xlsx");
    let (code, _, err) = ducha(&[
        "aggregate",
        dir.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let book = cells(&xlsx);
    let towns = sheet(&book, "乡镇汇总");
    let h = header_row(towns, "乡镇");
    assert_eq!(towns[h][4..9], ["优秀", "良好", "合格", "不合格", "待定"]);
    let county = towns.last().unwrap();
    let graded: f64 = county[4..9].iter().map(|c| c.parse::<f64>().unwrap()).sum();
    assert_eq!((county[2].as_str(), graded), ("7", 7.0));
    assert_eq!(county[8], "1");
}

#[test]
fn every_date_column_holds_excel_dates() {
    let (_tmp, out) = samples_book(&[]);
    let xlsx = out.join("summary.xlsx");
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let mut columns = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let Some(h) = rows
            .iter()
            .position(|r| r.iter().filter(|c| !matches!(c, Data::Empty)).count() > 1)
        else {
            continue;
        };
        for (c, head) in rows[h].iter().enumerate() {
            let head = head.to_string();
            if !(head.ends_with("日期") || head.ends_with("期限")) {
                continue;
            }
            let mut dates = 0;
            for r in &rows[h + 1..] {
                match r.get(c) {
                    None | Some(Data::Empty) => {}
                    Some(Data::DateTime(d)) => {
                        assert!(d.is_datetime() && d.as_f64() > 40000.0, "{name}/{head}");
                        dates += 1;
                    }
                    Some(other) => panic!("{name}/{head}: {other:?} is not a date"),
                }
            }
            columns.push((name.clone(), head, dates));
        }
    }
    let has = |sheet: &str, head: &str| {
        columns
            .iter()
            .find(|(s, h, _)| s == sheet && h == head)
            .map(|c| c.2)
    };
    assert_eq!(has("学校汇总", "检查日期"), Some(7), "{columns:?}");
    assert_eq!(has("学校汇总", "开学日期"), Some(7), "{columns:?}");
    assert!(has("整改跟踪", "整改期限").unwrap() > 20, "{columns:?}");
    assert_eq!(has("整改跟踪", "完成日期"), Some(0), "blank, to fill");
    assert_eq!(has("两次检查对比", "上次检查日期"), Some(3), "{columns:?}");
    assert_eq!(has("两次检查对比", "本次检查日期"), Some(7), "{columns:?}");
}

#[test]
fn each_section_score_is_shown_with_the_school_s_own_maximum() {
    let (_tmp, out) = samples_book(&[]);
    let xlsx = out.join("summary.xlsx");
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let range = wb.worksheet_range("学校汇总").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let heads: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    let number = |r: &[Data], c: usize| match &r[c] {
        Data::Float(f) => Some(*f),
        Data::Empty => None,
        other => panic!("{}: {other:?} is not a number", heads[c]),
    };
    let all = results(&out);
    let mut checked = 0;
    for res in &all {
        let r = rows
            .iter()
            .find(|r| r[1].to_string() == res.school.name)
            .unwrap();
        for s in res.sections.iter().filter(|s| s.max > 0.0) {
            // Either one column naming the maximum all schools share,
            // or the points earned and the maximum side by side.
            let shared = format!("{}(满分 {})", s.title, ducha::present::number::plain(s.max));
            if let Some(c) = heads.iter().position(|h| *h == shared) {
                assert_eq!(number(r, c), Some(s.score), "{shared}");
                assert!(
                    all.iter().all(|o| o
                        .sections
                        .iter()
                        .all(|x| x.id != s.id || x.max == 0.0 || x.max == s.max)),
                    "{shared}: every school has that maximum"
                );
            } else {
                let earned = heads
                    .iter()
                    .position(|h| *h == format!("{}得分", s.title))
                    .unwrap_or_else(|| panic!("no column for {}: {heads:?}", s.title));
                assert_eq!(heads[earned + 1], format!("{}满分", s.title));
                assert_eq!(number(r, earned), Some(s.score), "{}", s.title);
                assert_eq!(number(r, earned + 1), Some(s.max), "{}", s.title);
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
    // The maxima differ between the samples (not-applicable items).
    assert!(heads.iter().any(|h| h.ends_with("满分")), "{heads:?}");
}

#[test]
fn the_rectification_sheet_is_a_form_to_fill_in_without_child_data() {
    let (_tmp, out) = samples_book(&[]);
    let xlsx = out.join("summary.xlsx");
    let book = cells(&xlsx);
    let rect = sheet(&book, "整改跟踪");
    let h = header_row(rect, "乡镇");
    let heads = &rect[h];
    let col = |name: &str| {
        heads
            .iter()
            .position(|x| x == name)
            .unwrap_or_else(|| panic!("no column {name}: {heads:?}"))
    };
    for name in [
        "学校",
        "检查项",
        "问题",
        "一票否决",
        "整改期限",
        "整改措施",
        "责任人",
        "完成情况",
        "完成日期",
        "核查人",
    ] {
        col(name);
    }
    assert_eq!(
        heads.last().unwrap(),
        "检查项编号",
        "the id at the far right"
    );
    let all = results(&out);
    let open: usize = all.iter().map(|r| r.rectifications.len()).sum();
    let body = &rect[h + 1..];
    assert_eq!(body.len(), open, "one row per open rectification");
    let id = regex::Regex::new(r"^[a-z_]+\.[a-z_]+$").unwrap();
    for r in body {
        assert!(
            r[..r.len() - 1].iter().all(|c| !id.is_match(c)),
            "an item id in the main columns: {r:?}"
        );
        assert!(!r[col("问题")].is_empty(), "{r:?}");
        for fill in ["整改措施", "责任人", "完成情况", "完成日期", "核查人"] {
            assert_eq!(r[col(fill)], "", "{fill} is left to fill in");
        }
    }
    // The veto item is marked, with its finding.
    let bus = body
        .iter()
        .find(|r| r.last().unwrap() == "bus.drivers")
        .unwrap();
    assert_eq!(bus[col("一票否决")], "是");
    assert_eq!(bus[col("检查项")], "校车驾驶人资格(第23条)");
    assert!(bus[col("问题")].contains("61 周岁"), "{bus:?}");
    // Many findings of one kind are grouped, and counted.
    let visits = body
        .iter()
        .find(|r| r.last().unwrap() == "care.home_visits" && r[col("问题")].contains("等 6 条"))
        .expect("白果村小学's six missing visits grouped");
    assert!(visits[col("问题")].contains("没有家访记录"), "{visits:?}");
    // No child's name, nor a phone number, in full.
    let text: String = body.iter().flatten().cloned().collect::<Vec<_>>().join("|");
    let mut children = 0;
    for f in all.iter().flat_map(|r| &r.items).flat_map(|i| &i.findings) {
        if let Some(s) = f.subject.as_deref().filter(|s| s.chars().count() >= 2) {
            if !s.chars().any(|c| c.is_ascii_digit()) {
                assert!(!text.contains(s), "«{s}» in 整改跟踪");
                children += 1;
            }
        }
    }
    assert!(children > 20, "{children}");
    assert!(!text.contains("4731256"), "a guardian's phone");
    // 完成情况: a list to choose from, on every row.
    let xml = part(
        &xlsx,
        &format!(
            "xl/worksheets/sheet{}.xml",
            book.iter().position(|(n, _)| n == "整改跟踪").unwrap() + 1
        ),
    );
    let letter = (b'A' + col("完成情况") as u8) as char;
    let first = h + 2;
    let last = h + 1 + body.len();
    let want = format!(r#"sqref="{letter}{first}:{letter}{last}""#);
    let validation =
        capture(&xml, r"(<dataValidation [^>]*>.*?</dataValidation>)").expect("a data validation");
    assert!(
        validation.contains("type=\"list\"") && validation.contains(&want),
        "{validation} for {want}"
    );
    assert!(validation.contains("未整改,整改中,已完成"), "{validation}");
}

#[test]
fn the_charts_sheet_draws_native_charts_from_its_own_tables() {
    let (tmp, out) = samples_book(&[]);
    let xlsx = out.join("summary.xlsx");
    let book = cells(&xlsx);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    let at = names
        .iter()
        .position(|n| *n == "图表")
        .expect("a 图表 sheet");
    assert_eq!(names[at - 1], "乡镇汇总", "{names:?}");
    let charts = sheet(&book, "图表");
    let all = results(&out);
    // The score distribution's table: the five bands, every school in one.
    let d = header_row(charts, "分数段");
    let bands: Vec<&str> = charts[d + 1..d + 6].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(bands, ["60 分以下", "60–70", "70–80", "80–90", "90 分以上"]);
    let band = |s: f64| match s {
        s if s < 60.0 => 0,
        s if s < 70.0 => 1,
        s if s < 80.0 => 2,
        s if s < 90.0 => 3,
        _ => 4,
    };
    for (i, r) in charts[d + 1..d + 6].iter().enumerate() {
        let n = all.iter().filter(|x| band(x.summary.score) == i).count();
        assert_eq!(r[1], n.to_string(), "{r:?}");
    }
    // Grades per township: the four bands as series.
    let g = header_row(charts, "乡镇");
    assert_eq!(charts[g][1..5], ["优秀", "良好", "合格", "不合格"]);
    // The most failed items, by title, most failing schools first.
    let f = header_row(charts, "检查项");
    let items: Vec<&Vec<String>> = charts[f + 1..]
        .iter()
        .take_while(|r| !r[0].is_empty())
        .collect();
    assert!(!items.is_empty() && items.len() <= 10, "{items:?}");
    let failing: Vec<f64> = items.iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(failing.windows(2).all(|w| w[0] >= w[1]), "{failing:?}");
    assert!(items.iter().any(|r| r[0].contains("留守儿童花名册")));
    assert!(items.iter().all(|r| !r[0].contains('.')), "titles, not ids");

    // Each chart on a printed page of its own.
    let at = book.iter().position(|(n, _)| n == "图表").unwrap();
    let sheet_xml = part(&xlsx, &format!("xl/worksheets/sheet{}.xml", at + 1));
    assert!(
        sheet_xml.contains("<rowBreaks count=\"2\""),
        "page breaks between the charts"
    );

    // Three native charts, each drawing from this sheet's cells.
    let files = parts(&xlsx, "xl/charts/chart");
    assert_eq!(files.len(), 3, "{files:?}");
    let xml: Vec<String> = files.iter().map(|f| part(&xlsx, f)).collect();
    assert!(
        xml[0].contains("<c:barDir val=\"col\"/>"),
        "distribution: columns"
    );
    assert!(
        xml[1].contains("<c:barDir val=\"bar\"/>")
            && xml[1].contains("<c:grouping val=\"stacked\"/>"),
        "grades per township: stacked bars"
    );
    assert!(xml[2].contains("<c:barDir val=\"bar\"/>"), "items: bars");
    for (x, title) in xml
        .iter()
        .zip(["各分数段学校数", "各乡镇等级分布", "不达标学校最多的检查项"])
    {
        assert!(x.contains(title), "chart title {title}");
        assert!(x.contains("<c:f>图表!$"), "ranges on the chart sheet");
        assert!(x.contains("<c:pt idx=\"0\">"), "cached values");
    }
    assert!(xml[0].contains("学校数"), "axis title");

    // The same results, the same bytes, charts and all.
    let again = tmp.path().join("again.xlsx");
    let twice = tmp.path().join("twice.xlsx");
    for p in [&again, &twice] {
        let (code, _, err) = ducha(&[
            "aggregate",
            out.join("results").to_str().unwrap(),
            "-o",
            p.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    assert!(std::fs::read(&again).unwrap() == std::fs::read(&twice).unwrap());
}
