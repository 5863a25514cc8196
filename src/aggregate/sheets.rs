//! The tables of the bureau workbook, built from school rows: 学校汇总,
//! 乡镇汇总, 检查项统计, 一票否决, 整改跟踪, split by bureau office.

use super::stats::Stats;
use super::SchoolRow;
use crate::output::sheet::{Out, SheetOut};
use crate::result::Status;
use indexmap::IndexMap;

/// How results are split between the bureau's offices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// One workbook; the school list also per office on sheets of its own.
    Together,
    /// One workbook per office (基础教育科, 职成教育科).
    ByOffice,
}

/// A workbook to write: `office` is set when split by office.
#[derive(Debug, Clone)]
pub struct WorkbookOut {
    pub office: Option<String>,
    pub sheets: Vec<SheetOut>,
}

/// Builds the workbook(s). `notes` (mixed checklist versions, duplicates)
/// go on a sheet of their own, first, so that nobody misses them.
pub fn build(rows: &[SchoolRow], split: Split, notes: &[String]) -> Vec<WorkbookOut> {
    let mut rows: Vec<&SchoolRow> = rows.iter().collect();
    rows.sort_by(|a, b| (&a.office, &a.township, &a.code).cmp(&(&b.office, &b.township, &b.code)));
    let offices: Vec<String> =
        rows.iter()
            .map(|r| r.office.clone())
            .fold(Vec::new(), |mut v, o| {
                if !v.contains(&o) {
                    v.push(o);
                }
                v
            });
    match split {
        Split::Together => {
            let mut sheets = note_sheet(notes);
            // The school lists and the county tables are built side by side:
            // at province scale each is hundreds of thousands of cells.
            let (lists, rest) = rayon::join(
                || {
                    let mut lists = vec![schools(&rows, "学校汇总")];
                    for o in &offices {
                        let mine: Vec<&SchoolRow> =
                            rows.iter().copied().filter(|r| &r.office == o).collect();
                        lists.push(schools(
                            &mine,
                            &format!("学校汇总-{}", if o.is_empty() { "未分科室" } else { o }),
                        ));
                    }
                    lists
                },
                || common(&rows),
            );
            sheets.extend(lists);
            sheets.extend(rest);
            vec![WorkbookOut {
                office: None,
                sheets,
            }]
        }
        Split::ByOffice => offices
            .iter()
            .map(|o| {
                let mine: Vec<&SchoolRow> =
                    rows.iter().copied().filter(|r| &r.office == o).collect();
                let mut sheets = note_sheet(notes);
                sheets.push(schools(&mine, "学校汇总"));
                sheets.extend(common(&mine));
                WorkbookOut {
                    office: Some(o.clone()),
                    sheets,
                }
            })
            .collect(),
    }
}

fn common(rows: &[&SchoolRow]) -> Vec<SheetOut> {
    let (stats, rect) = rayon::join(|| super::stats::compute(rows), || rectifications(rows));
    vec![townships(&stats), items(&stats), vetoes(rows), rect]
}

fn sheet(name: &str, title: String, headers: &[&str], rows: Vec<Vec<Out>>) -> SheetOut {
    SheetOut {
        name: name.to_string(),
        title: Some(title),
        note: None,
        headers: headers.iter().map(|s| s.to_string()).collect(),
        rows,
        widths: Vec::new(),
    }
}

fn note_sheet(notes: &[String]) -> Vec<SheetOut> {
    if notes.is_empty() {
        return Vec::new();
    }
    let rows = notes.iter().map(|n| vec![Out::text(n.clone())]).collect();
    vec![SheetOut {
        name: "注意".into(),
        title: Some("汇总前请先核对以下情况".into()),
        note: None,
        headers: vec!["说明".into()],
        rows,
        widths: vec![100.0],
    }]
}

fn num(x: f64) -> Out {
    Out::Number((x * 10.0).round() / 10.0)
}

/// Section columns: every section seen, in first-seen order.
fn section_titles(rows: &[&SchoolRow]) -> IndexMap<String, String> {
    let mut m = IndexMap::new();
    for r in rows {
        for (id, title, _, _) in &r.sections {
            m.entry(id.clone()).or_insert_with(|| title.clone());
        }
    }
    m
}

fn schools(rows: &[&SchoolRow], name: &str) -> SheetOut {
    let secs = section_titles(rows);
    let mut headers: Vec<String> = ["乡镇", "学校", "学校标识码", "类型", "科室", "检查日期"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(secs.values().cloned());
    headers.extend(
        ["总分", "等级", "一票否决项", "待查分值", "清单版本"]
            .iter()
            .map(|s| s.to_string()),
    );
    let body = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Out::text(r.township.clone()),
                Out::text(r.name.clone()),
                Out::text(r.code.clone()),
                Out::text(r.type_name.clone()),
                Out::text(r.office.clone()),
                Out::text(r.date.clone()),
            ];
            for id in secs.keys() {
                row.push(match r.sections.iter().find(|s| &s.0 == id) {
                    Some((_, _, score, max)) if *max > 0.0 => num(*score),
                    _ => Out::Empty,
                });
            }
            row.extend([
                num(r.score),
                Out::text(r.grade.clone()),
                Out::text(r.vetoed.join("、")),
                num(r.pending_points),
                Out::text(r.checklist.clone()),
            ]);
            row
        })
        .collect();
    let mut s = sheet(
        name,
        format!("开学检查学校汇总表(共 {} 所)", rows.len()),
        &[],
        body,
    );
    s.headers = headers;
    s
}

fn townships(stats: &Stats) -> SheetOut {
    let body = stats
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![
                Out::text(g.township.clone()),
                Out::text(g.kind.clone()),
                Out::Number(g.schools as f64),
                num(g.mean),
            ];
            row.extend(g.grades.iter().map(|n| Out::Number(*n as f64)));
            row.push(Out::Number(g.vetoed as f64));
            row
        })
        .collect();
    let mut headers: Vec<String> = ["乡镇", "学校类型", "学校数", "平均分"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(stats.grades.iter().cloned());
    headers.push("一票否决校数".into());
    let mut s = sheet("乡镇汇总", "各乡镇、各类学校检查结果统计".into(), &[], body);
    s.headers = headers;
    s
}

fn items(stats: &Stats) -> SheetOut {
    let order = [
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::Error,
        Status::Pending,
        Status::NotApplicable,
        Status::Waived,
    ];
    let body = stats
        .items
        .iter()
        .map(|i| {
            let mut row = vec![
                Out::text(i.id.clone()),
                Out::text(i.title.clone()),
                Out::Number(i.inspected as f64),
            ];
            row.extend(order.map(|st| Out::Number(i.counts.get(&st).copied().unwrap_or(0) as f64)));
            row.push(num(i.rate));
            row.push(Out::text(
                i.common
                    .iter()
                    .map(|(c, n)| format!("{c}×{n}"))
                    .collect::<Vec<_>>()
                    .join("、"),
            ));
            row
        })
        .collect();
    let headers = [
        "检查项",
        "名称",
        "检查学校数",
        "达标",
        "部分达标",
        "不达标",
        "材料无法读取",
        "待现场检查",
        "不适用",
        "豁免",
        "失分率(%)",
        "常见问题(代码×次数)",
    ];
    sheet(
        "检查项统计",
        "各检查项达标情况(按失分率从高到低)".into(),
        &headers,
        body,
    )
}

fn vetoes(rows: &[&SchoolRow]) -> SheetOut {
    let body = rows
        .iter()
        .flat_map(|r| {
            r.vetoes.iter().map(move |v| {
                vec![
                    Out::text(r.township.clone()),
                    Out::text(r.name.clone()),
                    Out::text(r.code.clone()),
                    Out::text(v.item.clone()),
                    Out::text(v.title.clone()),
                    Out::text(v.findings.join(";")),
                ]
            })
        })
        .collect();
    sheet(
        "一票否决",
        "一票否决项不达标的学校".into(),
        &["乡镇", "学校", "学校标识码", "检查项", "名称", "问题"],
        body,
    )
}

fn rectifications(rows: &[&SchoolRow]) -> SheetOut {
    let mut all: Vec<(&SchoolRow, &super::RectRow)> = rows
        .iter()
        .flat_map(|r| r.rectifications.iter().map(move |x| (*r, x)))
        .collect();
    all.sort_by(|a, b| {
        (&a.1.deadline, &a.0.township, &a.0.code).cmp(&(&b.1.deadline, &b.0.township, &b.0.code))
    });
    let body = all
        .into_iter()
        .map(|(r, x)| {
            vec![
                Out::text(r.township.clone()),
                Out::text(r.name.clone()),
                Out::text(r.code.clone()),
                Out::text(x.item.clone()),
                Out::text(x.title.clone()),
                Out::text(if x.veto { "是" } else { "否" }),
                Out::text(x.deadline.clone()),
                Out::Number(x.findings as f64),
                Out::Empty,
                Out::Empty,
            ]
        })
        .collect();
    sheet(
        "整改跟踪",
        "限期整改跟踪表".into(),
        &[
            "乡镇",
            "学校",
            "学校标识码",
            "检查项",
            "名称",
            "一票否决",
            "整改期限",
            "问题条数",
            "责任人",
            "完成情况",
        ],
        body,
    )
}
