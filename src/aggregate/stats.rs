//! County statistics over school rows: per township and school type, per
//! item (failure rates, common finding codes), the grade counts and the
//! score distribution. Both the workbook and the summary report read them.

use super::{SchoolRow, Shared};
use crate::present::Lang;
use crate::result::Status;
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Schools of one township and type (or all types: `kind` = 合计).
#[derive(Debug, Clone, Serialize)]
pub struct GroupStat {
    pub township: String,
    pub kind: String,
    pub schools: usize,
    pub mean: f64,
    /// Schools per grade, in the order of [`Stats::grades`].
    pub grades: Vec<usize>,
    pub vetoed: usize,
}

/// One item across the schools.
#[derive(Debug, Clone, Serialize)]
pub struct ItemStat {
    pub id: String,
    pub title: String,
    pub counts: BTreeMap<Status, usize>,
    /// Schools where it was judged or is pending (applicable, not waived).
    pub inspected: usize,
    /// Schools where it failed, lost points or was unreadable.
    pub failing: usize,
    /// Failing ÷ judged (pass + failing), in percent.
    pub rate: f64,
    /// The most frequent finding codes, with counts.
    pub common: Vec<(String, usize)>,
}

/// Everything counted over a set of schools.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub schools: usize,
    pub mean: f64,
    /// Grades, best first: the checklist's bands in order, then any other
    /// grade a school got (by the mean score of the schools that got it).
    pub grades: Vec<String>,
    /// Schools per grade, aligned with `grades`.
    pub grade_counts: Vec<usize>,
    /// Schools per score band: <60, 60–70, 70–80, 80–90, ≥90.
    pub distribution: Vec<(String, usize)>,
    /// Per township its school types, then its total; the county total
    /// last.
    pub groups: Vec<GroupStat>,
    /// Items, the most failing first.
    pub items: Vec<ItemStat>,
}

fn mean(rows: &[&SchoolRow]) -> f64 {
    let m = rows.iter().map(|r| r.score).sum::<f64>() / rows.len().max(1) as f64;
    (m * 10.0).round() / 10.0
}

/// Grades, best first: by the mean score of the schools that got them
/// without a veto (a vetoed school gets the lowest grade whatever its
/// score); grades only vetoed schools got come last.
fn grade_order(rows: &[&SchoolRow]) -> Vec<String> {
    let mut g: IndexMap<String, (f64, usize)> = IndexMap::new();
    for r in rows {
        let e = g.entry(r.grade.clone()).or_insert((0.0, 0));
        if r.vetoed.is_empty() {
            e.0 += r.score;
            e.1 += 1;
        }
    }
    let mut v: Vec<(String, f64)> = g
        .into_iter()
        .map(|(k, (s, n))| {
            (
                k,
                if n == 0 {
                    f64::NEG_INFINITY
                } else {
                    s / n as f64
                },
            )
        })
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v.into_iter().map(|(k, _)| k).collect()
}

fn group(township: &str, kind: &str, rows: &[&SchoolRow], grades: &[String]) -> GroupStat {
    GroupStat {
        township: township.to_string(),
        kind: kind.to_string(),
        schools: rows.len(),
        mean: mean(rows),
        grades: grades
            .iter()
            .map(|g| rows.iter().filter(|r| &r.grade == g).count())
            .collect(),
        vetoed: rows.iter().filter(|r| !r.vetoed.is_empty()).count(),
    }
}

/// The grades to count: `bands` (the checklist's, best first), then the
/// grades schools got that the bands do not name, so that none is lost.
fn grade_columns(rows: &[&SchoolRow], bands: &[String]) -> Vec<String> {
    let mut grades = bands.to_vec();
    for g in grade_order(rows) {
        if !grades.contains(&g) {
            grades.push(g);
        }
    }
    grades
}

fn groups(rows: &[&SchoolRow], grades: &[String], lang: Lang) -> Vec<GroupStat> {
    let total = lang.label("workbook", "total");
    let mut sorted: Vec<&SchoolRow> = rows.to_vec();
    sorted.sort_by(|a, b| (&a.township, &a.kind).cmp(&(&b.township, &b.kind)));
    // Township → its schools by type, in the order met.
    let mut by: IndexMap<&str, IndexMap<&str, Vec<&SchoolRow>>> = IndexMap::new();
    for r in &sorted {
        by.entry(&r.township)
            .or_default()
            .entry(&r.type_name)
            .or_default()
            .push(r);
    }
    let mut out = Vec::new();
    for (t, kinds) in &by {
        for (k, v) in kinds {
            out.push(group(t, k, v, grades));
        }
        let all: Vec<&SchoolRow> = kinds.values().flatten().copied().collect();
        out.push(group(t, total, &all, grades));
    }
    out.push(group(
        lang.label("workbook", "all_townships"),
        total,
        &sorted,
        grades,
    ));
    out
}

/// Per item while counting: title, schools per status, finding codes.
type Tally = (Shared, BTreeMap<Status, usize>, IndexMap<Shared, usize>);

fn items(rows: &[&SchoolRow]) -> Vec<ItemStat> {
    let mut stats: IndexMap<Shared, Tally> = IndexMap::new();
    for r in rows {
        for i in &r.items {
            let s = stats
                .entry(i.name.id.clone())
                .or_insert_with(|| (i.name.title.clone(), BTreeMap::new(), IndexMap::new()));
            *s.1.entry(i.status).or_default() += 1;
            for (c, n) in i.codes() {
                *s.2.entry(c.clone()).or_default() += n;
            }
        }
    }
    let mut out: Vec<ItemStat> = stats
        .into_iter()
        .map(|(id, (title, counts, codes))| {
            let get = |st: Status| counts.get(&st).copied().unwrap_or(0);
            let failing = get(Status::Partial) + get(Status::Fail) + get(Status::Error);
            let judged = failing + get(Status::Pass);
            let rate = if judged == 0 {
                0.0
            } else {
                (failing as f64 / judged as f64 * 1000.0).round() / 10.0
            };
            let mut common: Vec<(String, usize)> =
                codes.into_iter().map(|(c, n)| (c.to_string(), n)).collect();
            common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            common.truncate(3);
            ItemStat {
                inspected: judged + get(Status::Pending),
                id: id.to_string(),
                title: title.to_string(),
                counts,
                failing,
                rate,
                common,
            }
        })
        .collect();
    out.sort_by(|a, b| b.rate.total_cmp(&a.rate));
    out
}

/// Counts everything over the rows, with the grades the rows got (best
/// first by their mean score).
pub fn compute(rows: &[&SchoolRow], lang: Lang) -> Stats {
    compute_graded(rows, &[], lang)
}

/// Counts everything over the rows, with a count for every grade of
/// `bands` (the checklist's grade names, best first) even where no school
/// got it, and for any other grade a school got after them.
pub fn compute_graded(rows: &[&SchoolRow], bands: &[String], lang: Lang) -> Stats {
    let grades = grade_columns(rows, bands);
    let bands = [
        (lang.label("workbook", "band_low"), 0.0, 60.0),
        ("60–70", 60.0, 70.0),
        ("70–80", 70.0, 80.0),
        ("80–90", 80.0, 90.0),
        (lang.label("workbook", "band_high"), 90.0, f64::INFINITY),
    ];
    Stats {
        schools: rows.len(),
        mean: mean(rows),
        grade_counts: grades
            .iter()
            .map(|g| rows.iter().filter(|r| &r.grade == g).count())
            .collect(),
        distribution: bands
            .iter()
            .map(|(name, lo, hi)| {
                (
                    name.to_string(),
                    rows.iter()
                        .filter(|r| r.score >= *lo && r.score < *hi)
                        .count(),
                )
            })
            .collect(),
        groups: groups(rows, &grades, lang),
        items: items(rows),
        grades,
    }
}
