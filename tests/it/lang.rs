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
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let names = wb.sheet_names();
    assert!(names.contains(&"Schools".to_string()), "{names:?}");
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
    let left = chinese(&fixed_part(&text, &ss));
    assert!(
        left.is_empty(),
        "Chinese fixed labels in the English workbook: {left:#?}"
    );
}
