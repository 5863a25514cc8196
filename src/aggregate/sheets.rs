//! The tables of the bureau workbook, built from school rows: 学校汇总,
//! 乡镇汇总, 图表, 检查项统计, 一票否决, 整改跟踪, split by bureau office;
//! every sheet set up to print (A4 landscape, one page wide).

use super::stats::Stats;
use super::SchoolRow;
use crate::output::sheet::{
    ChartKind, ChartOut, ColumnKind, ColumnOut, Out, PrintOut, Sheet, SheetOut,
};
use crate::present::Lang;
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

/// A workbook to write: `office` is set when split by office. The long
/// sheets (school lists, 抽查建议, 一票否决, 整改跟踪) make their rows from
/// the school rows as they are written: at 20,000 schools their cells
/// alone were 85 MB.
pub struct WorkbookOut<'a> {
    pub office: Option<String>,
    pub sheets: Vec<Sheet<'a>>,
}

/// What a workbook may add to the county tables.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// The checklist's risk weights, and a draw (`--spot-check N --seed S`):
    /// the 抽查建议 sheet.
    pub spot: Option<(&'a crate::checklist::SpotCheck, Option<super::spot::Draw>)>,
    /// Last term's rows (ids mapped to this checklist): the sheets
    /// comparing the terms.
    pub previous: Option<&'a [SchoolRow]>,
    /// The checklist's grades, best first: 乡镇汇总 and 图表 count every
    /// one of them, even where no school got it.
    pub grades: &'a [String],
}

/// The grade names of a checklist's bands, best first.
pub fn grade_names(cl: &crate::checklist::Checklist) -> Vec<String> {
    cl.grade_bands.iter().map(|b| b.grade.clone()).collect()
}

/// Builds the workbook(s). `notes` (mixed checklist versions, duplicates)
/// go on a sheet of their own, first, so that nobody misses them.
pub fn build<'a>(
    rows: &'a [SchoolRow],
    split: Split,
    notes: &[String],
    extras: Extras<'a>,
    lang: Lang,
) -> Vec<WorkbookOut<'a>> {
    let mut rows: Vec<&'a SchoolRow> = rows.iter().collect();
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
    // The draw is the county's, whatever the split: each office's
    // workbook shows its own schools of it.
    let risks = extras.spot.map(|(w, d)| {
        (
            w,
            d,
            std::sync::Arc::new(super::spot::rank(&rows, w, d, lang)),
        )
    });
    let spot_of = |office: Option<&str>| -> Vec<Sheet<'a>> {
        let Some((w, d, risks)) = &risks else {
            return Vec::new();
        };
        vec![spot(rows.clone(), risks.clone(), w, *d, office, lang)]
    };
    let terms_of = |mine: &[&SchoolRow]| -> Vec<Sheet<'a>> {
        match extras.previous {
            Some(prev) => {
                let office = mine.first().map(|r| r.office.as_str());
                let prev: Vec<SchoolRow> = match office {
                    Some(o) if split == Split::ByOffice => {
                        prev.iter().filter(|p| p.office == o).cloned().collect()
                    }
                    _ => prev.to_vec(),
                };
                super::terms::sheets(mine, &prev, lang)
                    .into_iter()
                    .map(Sheet::from)
                    .collect()
            }
            None => Vec::new(),
        }
    };
    let books = match split {
        Split::Together => {
            let mut sheets = note_sheet(notes, lang);
            sheets.push(schools(rows.clone(), wb(lang, "schools_sheet"), lang));
            for o in &offices {
                let mine: Vec<&SchoolRow> =
                    rows.iter().copied().filter(|r| &r.office == o).collect();
                let office: &str = if o.is_empty() {
                    wb(lang, "no_office")
                } else {
                    o
                };
                let name = lang.fill("workbook", "schools_office_sheet", &[("office", &office)]);
                sheets.push(schools(mine, &name, lang));
            }
            sheets.extend(common(&rows, extras.grades, lang));
            sheets.extend(spot_of(None));
            sheets.extend(terms_of(&rows));
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
                let mut sheets = note_sheet(notes, lang);
                sheets.push(schools(mine.clone(), wb(lang, "schools_sheet"), lang));
                sheets.extend(common(&mine, extras.grades, lang));
                sheets.extend(spot_of(Some(o)));
                sheets.extend(terms_of(&mine));
                WorkbookOut {
                    office: Some(o.clone()),
                    sheets,
                }
            })
            .collect::<Vec<_>>(),
    };
    printable(books, lang)
}

/// Every sheet of the workbooks set up to print, with page numbers.
fn printable(mut books: Vec<WorkbookOut>, lang: Lang) -> Vec<WorkbookOut> {
    let print = PrintOut {
        footer: wb(lang, "footer").into(),
    };
    for s in books.iter_mut().flat_map(|b| &mut b.sheets) {
        s.head.print = Some(print.clone());
    }
    books
}

fn common<'a>(rows: &[&'a SchoolRow], grades: &[String], lang: Lang) -> Vec<Sheet<'a>> {
    let stats = super::stats::compute_graded(rows, grades, lang);
    vec![
        townships(&stats, lang).into(),
        charts(&stats, lang).into(),
        items(&stats, lang).into(),
        vetoes(rows.to_vec(), lang),
        rectifications(rows, lang),
    ]
}

/// A label of the workbook.
pub(super) fn wb(lang: Lang, key: &'static str) -> &'static str {
    lang.label("workbook", key)
}

/// Workbook labels by key, in order.
pub(super) fn wbs(lang: Lang, keys: &[&'static str]) -> Vec<String> {
    keys.iter().map(|k| wb(lang, k).to_string()).collect()
}

pub(super) fn sheet(
    name: &str,
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<Out>>,
) -> SheetOut {
    SheetOut {
        name: name.to_string(),
        title: Some(title),
        note: None,
        headers,
        rows,
        ..Default::default()
    }
}

fn note_sheet<'a>(notes: &[String], lang: Lang) -> Vec<Sheet<'a>> {
    if notes.is_empty() {
        return Vec::new();
    }
    let rows = notes.iter().map(|n| vec![Out::text(n.clone())]).collect();
    vec![Sheet::from(SheetOut {
        name: wb(lang, "notes_sheet").into(),
        title: Some(wb(lang, "notes_title").into()),
        note: None,
        headers: wbs(lang, &["notes_header"]),
        rows,
        widths: vec![100.0],
        ..Default::default()
    })]
}

pub(super) fn num(x: f64) -> Out {
    Out::Number((x * 10.0).round() / 10.0)
}

/// A date as the results write it: an Excel date (text only if it is
/// none, so that nothing is lost).
pub(super) fn date(text: &str) -> Out {
    if text.is_empty() {
        return Out::Empty;
    }
    match crate::date::parse(text) {
        Some(d) => Out::Date(d),
        None => Out::text(text),
    }
}

/// A section's columns on the school list: its id, title, and the
/// maximum every school it applies to shares (one column naming it), or
/// none when the maxima differ (points earned and maximum side by side).
struct SectionCols {
    id: String,
    title: String,
    shared: Option<f64>,
}

/// Section columns: every section seen, in first-seen order, titled in
/// the workbook's language.
fn section_cols(rows: &[&SchoolRow], lang: Lang) -> Vec<SectionCols> {
    let mut m: IndexMap<String, (String, Vec<f64>)> = IndexMap::new();
    for r in rows {
        for s in &r.sections {
            let e = m
                .entry(s.id.to_string())
                .or_insert_with(|| (s.title_in(lang).to_string(), Vec::new()));
            if s.max > 0.0 && !e.1.contains(&s.max) {
                e.1.push(s.max);
            }
        }
    }
    m.into_iter()
        .map(|(id, (title, maxima))| SectionCols {
            id,
            title,
            shared: match maxima[..] {
                [one] => Some(one),
                _ => None,
            },
        })
        .collect()
}

impl SectionCols {
    fn headers(&self, lang: Lang) -> Vec<String> {
        let section: &dyn std::fmt::Display = &self.title;
        match self.shared {
            Some(max) => vec![lang.fill(
                "workbook",
                "section_shared",
                &[
                    ("section", section),
                    ("max", &crate::present::number::plain(max)),
                ],
            )],
            None => vec![
                lang.fill("workbook", "section_score", &[("section", section)]),
                lang.fill("workbook", "section_max", &[("section", section)]),
            ],
        }
    }

    /// A school's cells: points earned (and maximum); empty where the
    /// section does not apply to it.
    fn cells(&self, r: &SchoolRow) -> Vec<Out> {
        let s = r
            .sections
            .iter()
            .find(|s| *s.id == *self.id)
            .filter(|s| s.max > 0.0);
        match (self.shared, s) {
            (Some(_), Some(s)) => vec![num(s.score)],
            (Some(_), None) => vec![Out::Empty],
            (None, Some(s)) => vec![num(s.score), num(s.max)],
            (None, None) => vec![Out::Empty, Out::Empty],
        }
    }
}

fn schools<'a>(rows: Vec<&'a SchoolRow>, name: &str, lang: Lang) -> Sheet<'a> {
    let secs = section_cols(&rows, lang);
    let mut headers = wbs(
        lang,
        &[
            "township",
            "school",
            "code",
            "type",
            "office",
            "date",
            "term_start",
        ],
    );
    headers.extend(secs.iter().flat_map(|s| s.headers(lang)));
    headers.extend(wbs(
        lang,
        &[
            "score_pct",
            "grade",
            "vetoed_items",
            "pending_points",
            "self_score",
            "self_over",
            "checklist",
        ],
    ));
    let head = sheet(
        name,
        lang.fill("workbook", "schools_title", &[("n", &rows.len())]),
        headers,
        Vec::new(),
    );
    let row = move |r: &SchoolRow| {
        let mut row = vec![
            Out::text(r.township.clone()),
            Out::text(r.name.clone()),
            Out::text(r.code.clone()),
            Out::text(r.type_name.clone()),
            Out::text(r.office.clone()),
            date(&r.date),
            date(&r.term_start),
        ];
        row.extend(secs.iter().flat_map(|s| s.cells(r)));
        row.extend([
            num(r.score),
            Out::text(r.grade.clone()),
            // The veto items by title (the ids are not for a clerk).
            Out::text(
                r.vetoes
                    .iter()
                    .map(|v| v.title.as_str())
                    .collect::<Vec<_>>()
                    .join(wb(lang, "list_sep")),
            ),
            num(r.pending_points),
            r.self_assessment
                .as_ref()
                .map_or(Out::Empty, |a| num(a.self_score)),
            r.self_assessment
                .as_ref()
                .map_or(Out::Empty, |a| num(a.over)),
            Out::text(r.checklist.clone()),
        ]);
        row
    };
    Sheet::made(head, move |f| rows.iter().for_each(|r| f(&row(r))))
}

/// 抽查建议: every school by risk, what makes it, and the draw's places.
fn spot<'a>(
    rows: Vec<&'a SchoolRow>,
    risks: std::sync::Arc<Vec<super::spot::Risk>>,
    w: &crate::checklist::SpotCheck,
    draw: Option<super::spot::Draw>,
    office: Option<&str>,
    lang: Lang,
) -> Sheet<'a> {
    let office = office.map(str::to_string);
    let body = move |f: &mut dyn FnMut(&[Out])| {
        let mine = risks
            .iter()
            .filter(|x| office.as_deref().is_none_or(|o| rows[x.row].office == o));
        for (rank, x) in mine.enumerate() {
            let r = rows[x.row];
            let parts: Vec<String> = x
                .parts
                .iter()
                .map(|(words, p)| format!("{words} +{}", crate::present::number::plain(*p)))
                .collect();
            f(&[
                Out::Number((rank + 1) as f64),
                Out::text(r.township.clone()),
                Out::text(r.name.clone()),
                Out::text(r.code.clone()),
                num(x.risk),
                Out::text(parts.join(wb(lang, "findings_sep"))),
                r.self_assessment
                    .as_ref()
                    .map_or(Out::Empty, |a| num(a.over)),
                Out::Number(r.vetoed.len() as f64),
                num(r.pending_points),
                Out::Number(r.recurring.len() as f64),
                Out::text(wb(lang, if r.self_audit_only { "yes" } else { "no" })),
                x.drawn.map_or(Out::Empty, |p| Out::Number(p as f64)),
            ]);
        }
    };
    let formula = super::spot::formula(w, lang);
    let note = match draw {
        Some(d) => lang.fill(
            "workbook",
            "spot_drawn_note",
            &[("formula", &formula), ("seed", &d.seed), ("n", &d.n)],
        ),
        None => lang.fill("workbook", "spot_note", &[("formula", &formula)]),
    };
    let mut s = sheet(
        wb(lang, "spot_sheet"),
        wb(lang, "spot_title").into(),
        wbs(
            lang,
            &[
                "risk_rank",
                "township",
                "school",
                "code",
                "risk",
                "risk_parts",
                "self_over",
                "vetoed_items",
                "pending_points",
                "recurring_items",
                "self_audit_only",
                "drawn",
            ],
        ),
        Vec::new(),
    );
    s.note = Some(note);
    Sheet::made(s, body)
}

fn townships(stats: &Stats, lang: Lang) -> SheetOut {
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
    let mut headers = wbs(lang, &["township", "school_type", "schools", "mean"]);
    headers.extend(stats.grades.iter().cloned());
    headers.push(wb(lang, "vetoed_schools").into());
    sheet(
        wb(lang, "townships_sheet"),
        wb(lang, "townships_title").into(),
        headers,
        body,
    )
}

fn items(stats: &Stats, lang: Lang) -> SheetOut {
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
                    .join(wb(lang, "list_sep")),
            ));
            row
        })
        .collect();
    let mut headers = wbs(lang, &["item", "title", "inspected"]);
    // The status columns read as the statuses do everywhere else, except
    // 豁免 (short for the column).
    headers.extend(order.map(|st| match st {
        Status::Waived => wb(lang, "waived").to_string(),
        st => lang.status(st).to_string(),
    }));
    headers.extend(wbs(lang, &["rate", "common"]));
    sheet(
        wb(lang, "items_sheet"),
        wb(lang, "items_title").into(),
        headers,
        body,
    )
}

fn vetoes(rows: Vec<&SchoolRow>, lang: Lang) -> Sheet<'_> {
    let body = move |f: &mut dyn FnMut(&[Out])| {
        for r in &rows {
            for v in &r.vetoes {
                f(&[
                    Out::text(r.township.clone()),
                    Out::text(r.name.clone()),
                    Out::text(r.code.clone()),
                    Out::text(v.item.clone()),
                    Out::text(v.title.clone()),
                    Out::text(v.findings.join(wb(lang, "findings_sep"))),
                ]);
            }
        }
    };
    let mut s = sheet(
        wb(lang, "vetoes_sheet"),
        wb(lang, "vetoes_title").into(),
        wbs(
            lang,
            &["township", "school", "code", "item", "title", "problem"],
        ),
        Vec::new(),
    );
    s.columns = kinds(&[(5, ColumnKind::Wrap)]);
    Sheet::made(s, body)
}

/// Column formats by position; the columns not named are plain.
fn kinds(of: &[(usize, ColumnKind)]) -> Vec<ColumnOut> {
    let n = of.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
    (0..n)
        .map(|c| ColumnOut {
            kind: of
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(ColumnKind::General, |(_, k)| *k),
            ..Default::default()
        })
        .collect()
}

/// 整改跟踪: one row per open rectification, the findings masked, and
/// the columns the school and the verifier fill in (完成情况 from a list,
/// 完成日期 a date); the item's id at the far right.
fn rectifications<'a>(rows: &[&'a SchoolRow], lang: Lang) -> Sheet<'a> {
    let mut all: Vec<(&SchoolRow, &super::RectRow)> = rows
        .iter()
        .flat_map(|r| r.rectifications.iter().map(move |x| (*r, x)))
        .collect();
    all.sort_by(|a, b| {
        (&a.1.deadline, &a.0.township, &a.0.code).cmp(&(&b.1.deadline, &b.0.township, &b.0.code))
    });
    let body = move |f: &mut dyn FnMut(&[Out])| {
        for &(r, x) in &all {
            f(&[
                Out::text(r.township.clone()),
                Out::text(r.name.clone()),
                Out::text(r.code.clone()),
                Out::text(&*x.title),
                Out::text(wb(lang, if x.veto { "yes" } else { "no" })),
                Out::text(problem_text(x, lang)),
                Out::Number(x.findings as f64),
                date(&x.deadline),
                Out::Empty,
                Out::Empty,
                Out::Empty,
                Out::Empty,
                Out::Empty,
                Out::text(&*x.item),
            ]);
        }
    };
    let mut s = sheet(
        wb(lang, "rect_sheet"),
        wb(lang, "rect_title").into(),
        wbs(
            lang,
            &[
                "township",
                "school",
                "code",
                "item",
                "veto",
                "problem",
                "findings",
                "deadline",
                "measures",
                "responsible",
                "done",
                "done_date",
                "verifier",
                "item_id",
            ],
        ),
        Vec::new(),
    );
    s.note = Some(wb(lang, "rect_note").into());
    s.columns = kinds(&[
        (3, ColumnKind::Wrap),
        (5, ColumnKind::Wrap),
        (8, ColumnKind::Wrap),
        (11, ColumnKind::Date),
    ]);
    s.columns[10].choices = wbs(lang, &["status_open", "status_doing", "status_done"]);
    Sheet::made(s, body)
}

/// A rectification's findings in a cell: each kind's first finding, with
/// the count of its kind, then how many kinds are left out.
fn problem_text(x: &super::RectRow, lang: Lang) -> String {
    let problems = match x.problems.get() {
        Ok(p) => p,
        // Said in the cell itself, never an empty or shortened one.
        Err(e) => return lang.fill("workbook", "problem_unread", &[("error", &e)]),
    };
    let mut parts: Vec<String> = problems
        .iter()
        .map(|(text, n)| match n {
            1 => text.to_string(),
            n => lang.fill("workbook", "problem_more", &[("text", text), ("n", n)]),
        })
        .collect();
    if x.more_kinds > 0 {
        parts.push(lang.fill("workbook", "problem_kinds", &[("n", &x.more_kinds)]));
    }
    parts.join(wb(lang, "findings_sep"))
}

/// How many of the most failing items 图表 draws.
const TOP_ITEMS: usize = 10;

/// 图表: native charts of the county figures, each beside the small
/// table it draws: schools per score band, grades per township, and the
/// items most schools fell short on.
fn charts(stats: &Stats, lang: Lang) -> SheetOut {
    let schools = wb(lang, "schools");
    let distribution = ChartOut {
        kind: ChartKind::Column,
        title: wb(lang, "distribution_chart").into(),
        category_title: wb(lang, "band").into(),
        value_title: schools.into(),
        headers: wbs(lang, &["band", "schools"]),
        rows: stats
            .distribution
            .iter()
            .map(|(band, n)| (band.clone(), vec![*n as f64]))
            .collect(),
    };
    // Each township's total row; the county's (the last) is not a bar.
    let towns = &stats.groups[..stats.groups.len().saturating_sub(1)];
    let total = wb(lang, "total");
    let mut grade_headers = wbs(lang, &["township"]);
    grade_headers.extend(stats.grades.iter().cloned());
    let grades = ChartOut {
        kind: ChartKind::StackedBar,
        title: wb(lang, "grades_chart").into(),
        category_title: wb(lang, "township").into(),
        value_title: schools.into(),
        headers: grade_headers,
        rows: towns
            .iter()
            .filter(|g| g.kind == total)
            .map(|g| {
                let counts = g.grades.iter().map(|n| *n as f64).collect();
                (g.township.clone(), counts)
            })
            .collect(),
    };
    let mut failing: Vec<&super::stats::ItemStat> =
        stats.items.iter().filter(|i| i.failing > 0).collect();
    // Stable: items failing at as many schools keep the failure-rate order.
    failing.sort_by_key(|i| std::cmp::Reverse(i.failing));
    let items = ChartOut {
        kind: ChartKind::Bar,
        title: wb(lang, "failing_chart").into(),
        category_title: wb(lang, "item").into(),
        value_title: wb(lang, "failing_schools").into(),
        headers: wbs(lang, &["item", "failing_schools"]),
        rows: failing
            .iter()
            .take(TOP_ITEMS)
            .map(|i| (i.title.clone(), vec![i.failing as f64]))
            .collect(),
    };
    SheetOut {
        name: wb(lang, "charts_sheet").into(),
        title: Some(wb(lang, "charts_title").into()),
        note: Some(wb(lang, "charts_note").into()),
        charts: vec![distribution, grades, items],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{shared, Kept, RectRow, Spool};

    #[test]
    fn a_rectification_text_not_read_back_is_said_in_its_cell() {
        let spool = Spool::new().expect("a temporary file");
        let x = RectRow {
            item: shared("care.roster"),
            title: shared("花名册"),
            veto: false,
            deadline: shared("2026-09-30"),
            findings: 2,
            // Past the end of the (empty) file: it cannot be read.
            problems: Kept::Spooled {
                spool,
                at: 4096,
                len: 10,
            },
            more_kinds: 0,
        };
        let zh = problem_text(&x, Lang::Zh);
        assert!(zh.starts_with("(问题文本读取失败: "), "{zh}");
        let en = problem_text(&x, Lang::En);
        assert!(
            en.starts_with("(the findings could not be read back: "),
            "{en}"
        );
    }
}
