//! `--lang en`: no Chinese fixed label is left in the terminal report or
//! the bureau workbook; what the school and the checklist wrote stays as
//! written.

use crate::common::*;
use calamine::{open_workbook_auto, Data, Reader};

/// Every string of a JSON value, longest first.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// `text` with every string of the result taken out: what is left is what
/// ducha wrote itself.
fn fixed_part(text: &str, result_strings: &[String]) -> String {
    let mut t = text.to_string();
    for s in result_strings.iter().filter(|s| !s.is_empty()) {
        t = t.replace(s.as_str(), " ");
    }
    t
}

fn chinese(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            l.chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "、，：（）「」；".contains(c))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn english_terminal_and_workbook_have_no_chinese_fixed_label() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join("samples/01-河口镇中心小学");
    let json = dir.path().join("r.json");
    let (code, _, err) = ducha(&[
        "check",
        sample.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut ss = Vec::new();
    strings(&v, &mut ss);
    ss.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    assert!(ss.len() > 50);

    // The terminal report.
    let (_, en, _) = ducha(&["check", sample.to_str().unwrap(), "--lang", "en"]);
    assert!(en.contains("School code") && en.contains("Score"), "{en}");
    let left = chinese(&fixed_part(&en, &ss));
    assert!(
        left.is_empty(),
        "Chinese fixed labels in the English terminal report: {left:#?}"
    );
    // The same check finds the Chinese labels of the default language.
    let (_, zh, _) = ducha(&["check", sample.to_str().unwrap()]);
    assert!(!chinese(&fixed_part(&zh, &ss)).is_empty());

    // The workbook: sheet names, titles, headers and fixed cells.
    let xlsx = dir.path().join("summary.xlsx");
    let (code, out, err) = ducha(&[
        "aggregate",
        json.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("aggregated 1 results"), "{out}");
    let names = open_workbook_auto(&xlsx).unwrap().sheet_names();
    assert!(names.contains(&"Schools".to_string()), "{names:?}");
    // The checklist's grade names are its own words (every band is a
    // column of Townships, got or not).
    let cl = ducha::checklist::load(None).unwrap();
    ss.extend(cl.grade_bands.iter().map(|b| b.grade.clone()));
    ss.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let left = chinese(&fixed_part(&workbook_text(&xlsx), &ss));
    assert!(
        left.is_empty(),
        "Chinese fixed labels in the English workbook: {left:#?}"
    );
}

/// Sheet names, every text cell, and the print footer of each sheet.
fn workbook_text(xlsx: &std::path::Path) -> String {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    let names = wb.sheet_names();
    let mut text = String::new();
    for name in &names {
        text.push_str(name);
        text.push('\n');
        let range = wb.worksheet_range(name).unwrap();
        for row in range.rows() {
            for c in row {
                if let Data::String(s) = c {
                    text.push_str(s);
                    text.push('\n');
                }
            }
        }
    }
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let said = regex::Regex::new(r"<(?:oddFooter|a:t|formula1)>([^<]*)<").unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.starts_with("xl/worksheets/sheet") || name.starts_with("xl/charts/chart") {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
            // Footers, chart and axis titles, list choices.
            for m in said.captures_iter(&xml) {
                text.push_str(&m[1]);
                text.push('\n');
            }
        }
    }
    text
}

/// The whole samples workbook in English: both terms, the spot check,
/// the notes, the rectification form and the charts.
#[test]
fn the_english_samples_workbook_has_no_chinese_fixed_label() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, o, e) = batch_no_pdf(&root().join("samples"), &out);
    assert!(code == 0 || code == 1, "{o}{e}");
    let results = out.join("results");
    // One school twice: a note on the Notes sheet.
    let twice = tmp.path().join("twice");
    std::fs::create_dir(&twice).unwrap();
    let first = results.join("01-河口镇中心小学.json");
    std::fs::copy(&first, twice.join("again.json")).unwrap();
    let xlsx = tmp.path().join("summary.xlsx");
    let previous = root().join("samples/previous");
    let (code, _, err) = ducha(&[
        "aggregate",
        results.to_str().unwrap(),
        twice.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
        "--previous-term",
        previous.to_str().unwrap(),
        "--spot-check",
        "2",
        "--seed",
        "7",
        "--keep-going",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    // What the results and the checklist say, as written and as masked.
    let mut ss = Vec::new();
    for dir in [&results, &previous] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            // The files' names (a note names the copy left out).
            ss.push(p.display().to_string());
            let text = std::fs::read_to_string(&p).unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            strings(&v, &mut ss);
            let r = ducha::output::json::parse(&text).unwrap();
            for f in r.items.iter().flat_map(|i| &i.findings) {
                let mut m = ducha::present::mask::mask_for_bureau(&f.message);
                if let Some(s) = f.subject.as_deref().filter(|s| !s.is_empty()) {
                    m = m.replace(s, &ducha::present::mask::mask_name(s));
                }
                ss.push(m);
            }
        }
    }
    let cl = ducha::checklist::load(None).unwrap();
    ss.extend(cl.grade_bands.iter().map(|b| b.grade.clone()));
    ss.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let text = workbook_text(&xlsx);
    for want in [
        "Notes",
        "Schools",
        "Townships",
        "Charts",
        "Rectification",
        "Spot checks",
        "Terms compared",
        "Page &amp;P of &amp;N",
        "Schools per score band",
        "not started,in progress,done",
        "has several results",
    ] {
        assert!(text.contains(want), "«{want}» in the English workbook");
    }
    let left = chinese(&fixed_part(&text, &ss));
    assert!(
        left.is_empty(),
        "Chinese fixed labels in the English workbook: {left:#?}"
    );
}
