//! Two terms side by side (`aggregate --previous-term DIR`): per school
//! the score and grade then and now, per township the change, per item
//! the failure rate then and now, and the items short both terms. Built
//! from school rows only: no child-level data.

use super::sheets::{date, num, sheet, wb, wbs};
use super::stats;
use super::SchoolRow;
use crate::checklist::Checklist;
use crate::output::sheet::{Out, SheetOut};
use crate::present::Lang;
use crate::result::Status;
use std::collections::HashMap;

fn short(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Partial)
}

/// Last term's rows with their items under this checklist's ids (an
/// item an edition renamed is matched by `replaces`; a removed one keeps
/// its old id and matches nothing).
pub fn mapped(prev: Vec<SchoolRow>, cl: &Checklist) -> Vec<SchoolRow> {
    prev.into_iter()
        .map(|mut r| {
            for i in &mut r.items {
                if let Some(id) = crate::followup::current_id(cl, &i.name.id) {
                    i.name = super::item_name(id, &i.name.title);
                }
            }
            r
        })
        .collect()
}

/// The items short at both inspections of one school, by id and title.
pub fn recurring(now: &SchoolRow, then: &SchoolRow) -> Vec<(String, String)> {
    let was: HashMap<&str, Status> = then.items.iter().map(|i| (&*i.name.id, i.status)).collect();
    now.items
        .iter()
        .filter(|i| short(i.status) && was.get(&*i.name.id).is_some_and(|s| short(*s)))
        .map(|i| (i.name.id.to_string(), i.name.title.to_string()))
        .collect()
}

/// Last term's row of each school, by code.
pub fn by_code(prev: &[SchoolRow]) -> HashMap<&str, &SchoolRow> {
    prev.iter().map(|r| (r.code.as_str(), r)).collect()
}

/// The sheets comparing the terms.
pub fn sheets(now: &[&SchoolRow], prev: &[SchoolRow], lang: Lang) -> Vec<SheetOut> {
    let then = by_code(prev);
    // Each term's county statistics, computed once for both sheets.
    let refs: Vec<&SchoolRow> = prev.iter().collect();
    let (a, b) = (stats::compute(&refs, lang), stats::compute(now, lang));
    vec![
        schools(now, prev, &then, lang),
        townships(&a, &b, lang),
        items(&a, &b, lang),
        recurring_sheet(now, &then, lang),
    ]
}

fn change(now: f64, then: f64) -> Out {
    num(now - then)
}

fn schools(
    now: &[&SchoolRow],
    prev: &[SchoolRow],
    then: &HashMap<&str, &SchoolRow>,
    lang: Lang,
) -> SheetOut {
    let mut body: Vec<Vec<Out>> = now
        .iter()
        .map(|r| {
            let p = then.get(r.code.as_str());
            vec![
                Out::text(r.township.clone()),
                Out::text(r.name.clone()),
                Out::text(r.code.clone()),
                p.map_or(Out::Empty, |p| date(&p.date)),
                p.map_or(Out::Empty, |p| num(p.score)),
                p.map_or(Out::Empty, |p| Out::text(p.grade.clone())),
                date(&r.date),
                num(r.score),
                Out::text(r.grade.clone()),
                p.map_or(Out::text(wb(lang, "no_previous")), |p| {
                    change(r.score, p.score)
                }),
            ]
        })
        .collect();
    // Schools with a result last term only: said, not dropped.
    let here: std::collections::HashSet<&str> = now.iter().map(|r| r.code.as_str()).collect();
    for p in prev.iter().filter(|p| !here.contains(p.code.as_str())) {
        body.push(vec![
            Out::text(p.township.clone()),
            Out::text(p.name.clone()),
            Out::text(p.code.clone()),
            date(&p.date),
            num(p.score),
            Out::text(p.grade.clone()),
            Out::Empty,
            Out::Empty,
            Out::Empty,
            Out::text(wb(lang, "no_current")),
        ]);
    }
    sheet(
        wb(lang, "terms_sheet"),
        wb(lang, "terms_title").into(),
        wbs(
            lang,
            &[
                "township",
                "school",
                "code",
                "then_date",
                "then_score",
                "then_grade",
                "now_date",
                "now_score",
                "now_grade",
                "change",
            ],
        ),
        body,
    )
}

/// `a`: last term's statistics, `b`: this term's.
fn townships(a: &stats::Stats, b: &stats::Stats, lang: Lang) -> SheetOut {
    let total = wb(lang, "total");
    // Each township's total over its school types, and the county's.
    let of = |s: &stats::Stats| -> Vec<(String, usize, f64)> {
        s.groups
            .iter()
            .filter(|g| g.kind == total)
            .map(|g| (g.township.clone(), g.schools, g.mean))
            .collect()
    };
    let (then, now) = (of(a), of(b));
    let mut names: Vec<String> = now.iter().map(|t| t.0.clone()).collect();
    for t in &then {
        if !names.contains(&t.0) {
            names.insert(names.len().saturating_sub(1), t.0.clone());
        }
    }
    let body = names
        .iter()
        .map(|n| {
            let t = then.iter().find(|t| &t.0 == n);
            let w = now.iter().find(|t| &t.0 == n);
            vec![
                Out::text(n.clone()),
                t.map_or(Out::Empty, |t| Out::Number(t.1 as f64)),
                t.map_or(Out::Empty, |t| num(t.2)),
                w.map_or(Out::Empty, |w| Out::Number(w.1 as f64)),
                w.map_or(Out::Empty, |w| num(w.2)),
                match (t, w) {
                    (Some(t), Some(w)) => change(w.2, t.2),
                    _ => Out::Empty,
                },
            ]
        })
        .collect();
    sheet(
        wb(lang, "terms_townships_sheet"),
        wb(lang, "terms_townships_title").into(),
        wbs(
            lang,
            &[
                "township",
                "then_schools",
                "then_mean",
                "now_schools",
                "now_mean",
                "change",
            ],
        ),
        body,
    )
}

fn items(a: &stats::Stats, b: &stats::Stats, lang: Lang) -> SheetOut {
    let then: HashMap<&str, &stats::ItemStat> =
        a.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut body: Vec<Vec<Out>> = b
        .items
        .iter()
        .map(|i| {
            let t = then.get(i.id.as_str()).filter(|t| t.inspected > 0);
            vec![
                Out::text(i.id.clone()),
                Out::text(i.title.clone()),
                t.map_or(Out::Empty, |t| num(t.rate)),
                num(i.rate),
                t.map_or(Out::Empty, |t| change(i.rate, t.rate)),
            ]
        })
        .collect();
    // Items of last term that this one no longer has.
    let ids: std::collections::HashSet<&str> = b.items.iter().map(|i| i.id.as_str()).collect();
    for t in a.items.iter().filter(|t| !ids.contains(t.id.as_str())) {
        body.push(vec![
            Out::text(t.id.clone()),
            Out::text(t.title.clone()),
            num(t.rate),
            Out::Empty,
            Out::text(wb(lang, "item_removed")),
        ]);
    }
    sheet(
        wb(lang, "terms_items_sheet"),
        wb(lang, "terms_items_title").into(),
        wbs(
            lang,
            &["item", "title", "then_rate", "now_rate", "rate_change"],
        ),
        body,
    )
}

fn recurring_sheet(now: &[&SchoolRow], then: &HashMap<&str, &SchoolRow>, lang: Lang) -> SheetOut {
    let body = now
        .iter()
        .flat_map(|r| {
            let rec = then
                .get(r.code.as_str())
                .map(|p| recurring(r, p))
                .unwrap_or_default();
            rec.into_iter().map(move |(id, title)| {
                vec![
                    Out::text(r.township.clone()),
                    Out::text(r.name.clone()),
                    Out::text(r.code.clone()),
                    Out::text(id),
                    Out::text(title),
                ]
            })
        })
        .collect();
    sheet(
        wb(lang, "recurring_sheet"),
        wb(lang, "recurring_title").into(),
        wbs(lang, &["township", "school", "code", "item", "title"]),
        body,
    )
}
