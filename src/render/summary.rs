//! The county summary report (开学检查情况通报) of `ducha aggregate
//! --pdf`: overall figures, score distribution, grade counts per township,
//! the items that fail most and the veto list, from the same statistics as
//! the workbook. Names and numbers reach Typst only as JSON.

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

#[derive(Serialize)]
struct View<'a> {
    period: String,
    stats: &'a Stats,
    top_items: &'a [crate::aggregate::stats::ItemStat],
    vetoes: Vec<Veto>,
    notes: &'a [String],
}

/// How many of the most failing items the report lists.
const TOP_ITEMS: usize = 10;

/// Renders the summary report of the rows (already deduplicated) with the
/// notes about mixed or duplicate results.
pub fn summary(
    rows: &[SchoolRow],
    notes: &[String],
    opts: &PdfOptions,
) -> Result<Rendered, RenderError> {
    let refs: Vec<&SchoolRow> = rows.iter().collect();
    let stats = crate::aggregate::stats::compute(&refs, opts.lang);
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
    let view = View {
        period: if first == last {
            first.to_string()
        } else {
            format!("{first} — {last}")
        },
        top_items: &stats.items[..stats.items.len().min(TOP_ITEMS)],
        stats: &stats,
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
    })
}
