//! The school's self-assessment (自评表.xlsx): written by `ducha init` with
//! every item of the school's type, its 满分 and a 自评分 column to fill,
//! and read by `check` from the submission. The self-scores never change a
//! verdict: they stand beside the evaluated score, so a reviewer sees
//! where the school judged itself more kindly than its evidence.
//!
//! Reading goes by the header's words, not by position: a clerk who
//! inserts a column or a row above the table is still read right. A cell
//! that is not a score is said, with its sheet and cell, in the result's
//! warnings, and that item has no self-score (never a guessed one).

use crate::checklist::{Checklist, Mode};
use crate::evidence::table::{Cell, Sheet};
use crate::evidence::Evidence;
use crate::onsite::{at, cell, number};
use crate::present::Lang;
use indexmap::IndexMap;
use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

fn l(lang: Lang, key: &'static str) -> &'static str {
    lang.label("self_book", key)
}

/// The file's name in a submission, as `init` writes it.
pub fn file_name() -> &'static str {
    l(Lang::Zh, "file")
}

/// The header row (0-based) of the written sheet; items follow it.
const HEAD: u32 = 2;
const C_ID: u16 = 0;
const C_TITLE: u16 = 1;
const C_MAX: u16 = 2;
const C_MODE: u16 = 3;
const C_SELF: u16 = 4;
const C_NOTE: u16 = 5;

/// The workbook for a school type: every item the type has, with the
/// self-scores given (none from `init`).
pub fn write(
    cl: &Checklist,
    kind: &str,
    lang: Lang,
    score: impl Fn(&str) -> Option<f64>,
) -> Result<Vec<u8>, XlsxError> {
    let type_name = cl
        .school_type(kind)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| kind.to_string());
    let mut wb = Workbook::new();
    wb.set_properties(&crate::output::xlsx::fixed_properties()?);
    let crate::output::xlsx::FormFormats {
        title,
        head,
        fixed,
        small,
        input,
    } = crate::output::xlsx::FormFormats::new();
    let note = Format::new().set_text_wrap().set_font_color(0x595959);
    let total = fixed.clone().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(l(lang, "sheet"))?;
    ws.write_with_format(
        0,
        0,
        lang.fill(
            "self_book",
            "title",
            &[("checklist", &cl.title), ("type", &type_name)],
        ),
        &title,
    )?;
    ws.merge_range(1, 0, 1, C_NOTE, l(lang, "note"), &note)?;
    ws.set_row_height(1, 32)?;
    let headers = [
        "col_id",
        "col_title",
        "col_max",
        "col_mode",
        "col_self",
        "col_note",
    ];
    for (c, k) in headers.into_iter().enumerate() {
        ws.write_with_format(HEAD, c as u16, l(lang, k), &head)?;
    }
    let mut row = HEAD;
    for (_, item) in cl.items() {
        if !item.school_types.is_empty() && !item.school_types.iter().any(|t| t == kind) {
            continue;
        }
        row += 1;
        let mode = match item.mode {
            Mode::Evidence => "mode_evidence",
            Mode::Onsite => "mode_onsite",
            Mode::Both => "mode_both",
        };
        let veto = if item.veto { l(lang, "veto_tag") } else { "" };
        ws.write_with_format(row, C_ID, &item.id, &small)?;
        ws.write_with_format(row, C_TITLE, format!("{}{veto}", item.title), &fixed)?;
        ws.write_with_format(row, C_MAX, item.points, &fixed)?;
        ws.write_with_format(row, C_MODE, l(lang, mode), &small)?;
        match score(&item.id) {
            Some(s) => ws.write_with_format(row, C_SELF, s, &input)?,
            None => ws.write_blank(row, C_SELF, &input)?,
        };
        ws.write_blank(row, C_NOTE, &input)?;
        let rule = crate::onsite::score_rule(item.points, lang)?;
        ws.add_data_validation(row, C_SELF, row, C_SELF, &rule)?;
    }
    // The totals, for the clerk's eye; not read back (the row has no id).
    let last = row;
    row += 1;
    ws.write_with_format(row, C_ID, "", &total)?;
    ws.write_with_format(row, C_TITLE, l(lang, "total"), &total)?;
    let sum = |c: u16| {
        let letter = crate::evidence::table::col_letter(c as usize);
        Formula::new(format!("=SUM({letter}{}:{letter}{})", HEAD + 2, last + 1))
    };
    ws.write_formula_with_format(row, C_MAX, sum(C_MAX), &total)?;
    ws.write_with_format(row, C_MODE, "", &total)?;
    ws.write_formula_with_format(row, C_SELF, sum(C_SELF), &total)?;
    ws.write_with_format(row, C_NOTE, "", &total)?;
    for (c, w) in [14.0, 40.0, 7.0, 12.0, 9.0, 40.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEAD, HEAD)?;
    ws.protect();
    wb.save_to_buffer()
}

/// Self-scores read from a submission's 自评表, and what could not be read.
#[derive(Debug, Default)]
pub struct SelfScores {
    pub scores: IndexMap<String, f64>,
    /// Where each score was written (`自评表.xlsx 自评!E5`).
    pub at: IndexMap<String, String>,
    /// Cells that are no score, and other problems: for the warnings.
    pub problems: Vec<String>,
}

/// Whether a header cell reads as `key`'s label in either language.
fn is_label(c: &Cell, key: &'static str) -> bool {
    let t = c.text();
    let t = t.trim();
    t == l(Lang::Zh, key) || t == l(Lang::En, key)
}

/// Reads the self-assessment of a submission, when it has one.
pub fn read(ev: &Evidence, cl: &Checklist) -> Option<SelfScores> {
    let f = [l(Lang::Zh, "file"), l(Lang::En, "file")]
        .into_iter()
        .find_map(|n| ev.get(n))?;
    let mut out = SelfScores::default();
    let sheets = match f.sheets() {
        Ok(s) => s,
        Err(e) => {
            out.problems.push(format!("{}: {e}", f.path));
            return Some(out);
        }
    };
    // The sheet and header row holding a 自评分 column, in the top rows.
    let found = sheets.iter().find_map(|s| {
        s.rows.iter().take(10).enumerate().find_map(|(r, row)| {
            let col = |key| row.iter().position(|c| is_label(c, key));
            Some((
                s,
                r as u32,
                col("col_self")?,
                col("col_id"),
                col("col_title"),
            ))
        })
    });
    let Some((sheet, head, c_self, c_id, c_title)) = found else {
        out.problems.push(format!(
            "{}: 没有找到「{}」列,未读取自评分",
            f.path,
            l(Lang::Zh, "col_self")
        ));
        return Some(out);
    };
    if c_id.is_none() && c_title.is_none() {
        out.problems.push(format!(
            "{} {}: 没有「{}」或「{}」列,无法知道自评分对应哪一项,未读取",
            f.path,
            at(sheet, head, c_self as u16),
            l(Lang::Zh, "col_id"),
            l(Lang::Zh, "col_title")
        ));
        return Some(out);
    }
    for row in head + 1..sheet.rows.len() as u32 {
        read_row(
            &mut out,
            &f.path,
            sheet,
            row,
            c_self as u16,
            c_id,
            c_title,
            cl,
        );
    }
    Some(out)
}

#[allow(clippy::too_many_arguments)]
fn read_row(
    out: &mut SelfScores,
    file: &str,
    sheet: &Sheet,
    row: u32,
    c_self: u16,
    c_id: Option<usize>,
    c_title: Option<usize>,
    cl: &Checklist,
) {
    let text = |c: Option<usize>| c.map(|c| cell(sheet, row, c as u16).text().trim().to_string());
    let id = text(c_id).unwrap_or_default();
    // The title as written, without the veto tag `init` adds.
    let title = text(c_title).unwrap_or_default();
    let title = title
        .strip_suffix(l(Lang::Zh, "veto_tag"))
        .or_else(|| title.strip_suffix(l(Lang::En, "veto_tag")))
        .unwrap_or(&title);
    let value = number(cell(sheet, row, c_self));
    let place = format!("{file} {}", at(sheet, row, c_self));
    let item = if !id.is_empty() {
        match cl.item(&id) {
            Some(i) => i,
            None => {
                if value.is_some() {
                    out.problems
                        .push(format!("{place}: 清单中没有检查项 `{id}`,此行自评分未读取"));
                }
                return;
            }
        }
    } else {
        match cl.items().map(|(_, i)| i).find(|i| i.title == title) {
            Some(i) => i,
            // The totals row, a note under the table, a blank row.
            None => return,
        }
    };
    let max = crate::present::number::plain(item.points);
    match value {
        None => {}
        Some(Ok(s)) if (0.0..=item.points).contains(&s) => {
            if out.scores.insert(item.id.clone(), s).is_some() {
                out.problems.push(format!(
                    "{place}: 检查项「{}」填了两次自评分,采用后一行",
                    item.title
                ));
            }
            out.at.insert(item.id.clone(), place);
        }
        Some(Ok(s)) => out.problems.push(format!(
            "{place}: 「{}」的自评分 {} 不在 0 到满分 {max} 之间,未读取",
            item.title,
            crate::present::number::plain(s)
        )),
        Some(Err(t)) => out.problems.push(format!(
            "{place}: 「{}」的自评分「{t}」不是数字,未读取",
            item.title
        )),
    }
}
