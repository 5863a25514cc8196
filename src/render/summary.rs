//! The county bulletin (通报) of `ducha aggregate --pdf`: who issues it,
//! the overall figures, the schools praised (优秀) and criticised (不合格,
//! with why), the schools whose on-site points are still pending (apart,
//! with the grades still possible), grades per township, the common
//! problems in words and the veto list, from the same statistics as the
//! workbook. Names and numbers reach Typst only as JSON.

use super::{fonts, template, typeset, PdfOptions, Rendered};
use crate::aggregate::stats::Stats;
use crate::aggregate::SchoolRow;
use crate::present::Lang;
use crate::render::RenderError;
use serde::Serialize;

#[derive(Serialize)]
struct Veto {
    township: String,
    school: String,
    item: String,
    title: String,
    findings: Vec<String>,
}

/// A school named in the bulletin: 优秀, 不合格 (with why), or still
/// pending (with the best and worst grade it may get).
#[derive(Serialize)]
struct Named {
    township: String,
    school: String,
    score: String,
    why: String,
}

/// A common problem: the item, how many schools, one finding as it read.
#[derive(Serialize)]
struct Problem {
    title: String,
    failing: usize,
    inspected: usize,
    rate: f64,
    example: String,
}

#[derive(Serialize)]
struct Doc {
    issuer: String,
    number: String,
    title: String,
    opening: String,
    date: String,
    pending_note: String,
}

#[derive(Serialize)]
struct View<'a> {
    doc: Doc,
    period: String,
    stats: &'a Stats,
    problems: Vec<Problem>,
    excellent: Vec<Named>,
    failing: Vec<Named>,
    pending: Vec<Named>,
    /// The schools pending beyond those listed, pointing to the workbook.
    pending_more: String,
    vetoes: Vec<Veto>,
    notes: &'a [String],
}

/// Schools still to be graded the bulletin names at most: it is sent to
/// every school, and a county where half the schools await their on-site
/// points listed 505 of them on 20 pages (the workbook lists all).
const PENDING_LISTED: usize = 30;

/// How many of the most failing items the report lists.
const TOP_ITEMS: usize = 10;

fn l(lang: Lang, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    lang.fill("summary_pdf", key, args)
}

/// Renders the county bulletin (通报) of the rows (already deduplicated)
/// with the notes about mixed or duplicate results. `grades` are the
/// checklist's grade names, best first: the first names the schools
/// praised, the last those criticised. Schools with on-site points still
/// pending are graded nowhere but in a list of their own.
pub fn summary(
    rows: &[SchoolRow],
    notes: &[String],
    grades: &[String],
    opts: &PdfOptions,
) -> Result<Rendered, RenderError> {
    let lang = opts.lang;
    let (final_rows, open): (Vec<&SchoolRow>, Vec<&SchoolRow>) =
        rows.iter().partition(|r| r.pending_items == 0);
    let stats = crate::aggregate::stats::compute_graded(&final_rows, grades, lang);
    let first = rows
        .iter()
        .map(|r| r.date.as_str())
        .min()
        .unwrap_or_default();
    let last = rows
        .iter()
        .map(|r| r.date.as_str())
        .max()
        .unwrap_or_default();
    let sep = lang.label("pdf", "list_sep");
    let num = crate::output::human::num;
    fn by_place(mut v: Vec<&SchoolRow>) -> Vec<&SchoolRow> {
        v.sort_by(|a, b| (&a.township, &a.code).cmp(&(&b.township, &b.code)));
        v
    }
    let best = grades.first().map(String::as_str).unwrap_or_default();
    let worst = grades.last().map(String::as_str).unwrap_or_default();
    let named = |r: &SchoolRow, why: String| Named {
        township: r.township.clone(),
        school: r.name.clone(),
        score: num(r.score),
        why,
    };
    let excellent = by_place(
        final_rows
            .iter()
            .copied()
            .filter(|r| r.grade == best)
            .collect(),
    )
    .into_iter()
    .map(|r| named(r, String::new()))
    .collect();
    let failing = by_place(
        final_rows
            .iter()
            .copied()
            .filter(|r| r.grade == worst && grades.len() > 1)
            .collect(),
    )
    .into_iter()
    .map(|r| {
        let why = if r.vetoes.is_empty() {
            l(lang, "why_score", &[("score", &num(r.score))])
        } else {
            let titles: Vec<&str> = r.vetoes.iter().map(|v| v.title.as_str()).collect();
            l(lang, "why_veto", &[("items", &titles.join(sep))])
        };
        named(r, why)
    })
    .collect();
    let pending_more = match open.len().saturating_sub(PENDING_LISTED) {
        0 => String::new(),
        n => l(
            lang,
            "pending_more",
            &[
                ("n", &n),
                ("sheet", &lang.label("workbook", "schools_sheet")),
            ],
        ),
    };
    let pending = by_place(open.clone())
        .into_iter()
        .take(PENDING_LISTED)
        .map(|r| {
            named(
                r,
                crate::present::fill_pending(lang, "summary_pdf", "why_pending", &r.pending),
            )
        })
        .collect();
    let problems = stats
        .items
        .iter()
        .filter(|i| i.failing > 0)
        .take(TOP_ITEMS)
        .map(|i| Problem {
            title: i.title.clone(),
            failing: i.failing,
            inspected: i.inspected,
            rate: i.rate,
            example: final_rows
                .iter()
                .flat_map(|r| r.items.iter())
                .filter(|x| *x.name.id == *i.id)
                .find_map(|x| {
                    // An example that cannot be read back from the
                    // spool (its disk failed) gives way to the next
                    // school's: any of them is a true example.
                    x.example()?.ok().map(|t| t.to_string())
                })
                .unwrap_or_default(),
        })
        .collect();
    let docs = &opts.documents;
    let inspection = if docs.inspection.is_empty() {
        rows.first()
            .map(|r| r.checklist.clone())
            .unwrap_or_default()
    } else {
        docs.inspection.clone()
    };
    let period = if first == last {
        super::official::date_words(first, lang)
    } else {
        format!(
            "{}—{}",
            super::official::date_words(first, lang),
            super::official::date_words(last, lang)
        )
    };
    let view = View {
        doc: Doc {
            issuer: docs.issuer.clone(),
            number: crate::documents::number(
                &docs.bulletin_number,
                last.get(..4).unwrap_or_default(),
                opts.number,
            ),
            title: l(lang, "doc_title", &[("inspection", &inspection)]),
            opening: {
                let unvisited = rows.iter().filter(|r| r.self_audit_only).count();
                let mut o = l(
                    lang,
                    "opening",
                    &[
                        ("period", &period),
                        ("issuer", &docs.issuer),
                        ("n", &rows.len()),
                        ("inspection", &inspection),
                        ("visited", &(rows.len() - unvisited)),
                    ],
                );
                if unvisited > 0 {
                    o.push_str(&l(lang, "opening_unvisited", &[("k", &unvisited)]));
                }
                o.push_str(&l(lang, "opening_end", &[]));
                o
            },
            date: super::official::date_words(last, lang),
            pending_note: if open.is_empty() {
                String::new()
            } else {
                l(
                    lang,
                    "pending_note",
                    &[("n", &open.len()), ("m", &final_rows.len())],
                )
            },
        },
        period,
        stats: &stats,
        problems,
        excellent,
        failing,
        pending,
        pending_more,
        vetoes: rows
            .iter()
            .flat_map(|r| {
                r.vetoes.iter().map(move |v| Veto {
                    township: r.township.clone(),
                    school: r.name.clone(),
                    item: v.item.clone(),
                    title: v.title.clone(),
                    findings: v.findings.clone(),
                })
            })
            .collect(),
        notes,
    };
    let ctx = minijinja::context! {
        t => opts.lang.labels(&["summary_pdf"]),
        d => opts.lang.labels(&["doc"]),
        lang => match opts.lang { Lang::Zh => "zh", Lang::En => "en" },
        serif => fonts::SERIF,
        sans => fonts::SANS,
    };
    let source = template::render("summary.typ.j2", ctx)?;
    let data = serde_json::to_vec(&view).map_err(|e| RenderError::Serialize {
        what: "汇总数据",
        detail: e.to_string(),
    })?;
    let (fonts, mut warnings) = fonts::collect(&opts.font_dirs)?;
    let fonts = typeset::Fonts {
        fonts,
        dirs: opts.font_dirs.clone(),
    };
    let ident = format!("ducha/summary/{last}");
    let meta = typeset::Meta {
        ident: &ident,
        date: last,
        title_suffix: None,
    };
    let out = typeset::typeset(source, data, &fonts, &meta, true)?;
    warnings.extend(out.warnings.iter().cloned());
    Ok(Rendered {
        pdf: out.pdf.unwrap_or_default(),
        warnings,
        pages: out.pages.len(),
        texts: out.pages,
    })
}
