//! The on-site workbook (`ducha sheet DIR -o 现场检查记录表.xlsx`): what an
//! inspection team fills in Excel or WPS instead of writing YAML, and reads
//! back with `--inspection 现场检查记录表.xlsx`.
//!
//! Two sheets: 检查组 (the visit date, the leader and members with their
//! units, the school's staff present) and 现场评分 (one row per applicable
//! on-site or evidence+on-site item: its id in a narrow column, title,
//! 满分, what the evidence already shows, the school's self-score, then
//! the cells to fill: 得分, 一票否决, 发现问题, 照片). Only the cells to
//! fill are unlocked. The layout is fixed: reading goes by position, and a
//! mistake names its sheet and cell ("现场评分!F12: 得分 5 超过满分 3").

use crate::checklist::{Checklist, Mode};
use crate::diag::Diagnostic;
use crate::evidence::table::{col_letter, Cell, Sheet};
use crate::inspection::{Inspection, Inspector, OnsiteScore, PhotoBase, Photos, Staff};
use crate::present::Lang;
use crate::result::{InspectionResult, Status};
use indexmap::IndexMap;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Workbook, XlsxError};

/// Rows of the team sheet (0-based): the visit date in column B.
const DATE_ROW: u32 = 2;
/// The header of the members, then the leader and up to seven members.
const TEAM_HEAD: u32 = 4;
const TEAM_ROWS: u32 = 8;
/// The header of the school's staff present, then three rows.
const STAFF_HEAD: u32 = TEAM_HEAD + TEAM_ROWS + 2;
const STAFF_ROWS: u32 = 3;
/// The score sheet's header row; items follow it.
const SCORE_HEAD: u32 = 1;

/// Columns of the score sheet.
const C_ID: u16 = 0;
const C_TITLE: u16 = 1;
const C_MAX: u16 = 2;
const C_EVIDENCE: u16 = 3;
const C_SELF: u16 = 4;
const C_SCORE: u16 = 5;
const C_VETO: u16 = 6;
const C_FINDING: u16 = 7;
const C_PHOTOS: u16 = 8;

/// Findings of the evidence listed for an item (then "及其他 N 条").
const EVIDENCE_SHOWN: usize = 5;

fn l(lang: Lang, key: &'static str) -> &'static str {
    lang.label("onsite_book", key)
}

/// A score cell's validation: a number from 0 to the item's points.
pub(crate) fn score_rule(max: f64, lang: Lang) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, max))
        .set_error_message(lang.fill(
            "onsite_book",
            "score_rule",
            &[("max", &crate::present::number::plain(max))],
        ))
}

/// The workbook for one school, pre-filled from its evaluated result (and
/// its inspection sheet, when it has one).
pub fn write(r: &InspectionResult, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    // Phone and ID numbers in findings are masked, as in every output.
    let r = &crate::present::mask::masked(r);
    let mut wb = Workbook::new();
    wb.set_properties(&crate::output::xlsx::fixed_properties()?);
    let crate::output::xlsx::FormFormats {
        title,
        head,
        fixed,
        small,
        input,
    } = crate::output::xlsx::FormFormats::new();
    let date_input = input.clone().set_num_format("yyyy-mm-dd");
    let team = r.inspection.as_ref();

    let ws = wb.add_worksheet();
    ws.set_name(l(lang, "team_sheet"))?;
    ws.write_with_format(
        0,
        0,
        format!("{} — {}", l(lang, "title"), r.school.name),
        &title,
    )?;
    ws.write_with_format(1, 0, l(lang, "school"), &head)?;
    ws.write_with_format(1, 1, &r.school.name, &fixed)?;
    ws.write_with_format(
        1,
        2,
        format!("{} {}", l(lang, "code"), r.school.code),
        &fixed,
    )?;
    ws.write_with_format(DATE_ROW, 0, l(lang, "visit_date"), &head)?;
    match team
        .and_then(|t| t.visit_date.as_deref())
        .and_then(crate::date::parse)
    {
        Some(d) => ws.write_date_with_format(DATE_ROW, 1, excel_date(d), &date_input)?,
        None => ws.write_blank(DATE_ROW, 1, &date_input)?,
    };
    ws.write_with_format(DATE_ROW, 2, l(lang, "date_hint"), &small)?;
    for (c, k) in ["role", "name", "unit"].into_iter().enumerate() {
        ws.write_with_format(TEAM_HEAD, c as u16, l(lang, k), &head)?;
    }
    let members: Vec<(String, String)> = team
        .map(|t| {
            t.members
                .iter()
                .map(|m| (m.name.clone(), m.unit.clone()))
                .collect()
        })
        .unwrap_or_default();
    for i in 0..TEAM_ROWS {
        let row = TEAM_HEAD + 1 + i;
        let role = if i == 0 { "leader" } else { "member" };
        ws.write_with_format(row, 0, l(lang, role), &fixed)?;
        let (name, unit) = members.get(i as usize).cloned().unwrap_or_default();
        ws.write_with_format(row, 1, name, &input)?;
        ws.write_with_format(row, 2, unit, &input)?;
    }
    for (c, k) in ["staff", "name", "post"].into_iter().enumerate() {
        ws.write_with_format(STAFF_HEAD, c as u16, l(lang, k), &head)?;
    }
    let staff: &[Staff] = team.map(|t| t.staff.as_slice()).unwrap_or_default();
    for i in 0..STAFF_ROWS {
        let row = STAFF_HEAD + 1 + i;
        ws.write_with_format(row, 0, (i + 1).to_string(), &fixed)?;
        let (name, post) = staff
            .get(i as usize)
            .map(|s| (s.name.as_str(), s.post.as_str()))
            .unwrap_or_default();
        ws.write_with_format(row, 1, name, &input)?;
        ws.write_with_format(row, 2, post, &input)?;
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 40)?;
    print_setup(ws, 0)?;
    ws.protect();

    let ws = wb.add_worksheet();
    ws.set_name(l(lang, "score_sheet"))?;
    ws.write_with_format(
        0,
        0,
        format!("{} — {}", l(lang, "title"), r.school.name),
        &title,
    )?;
    let headers = [
        "col_id",
        "col_title",
        "col_max",
        "col_evidence",
        "col_self",
        "col_score",
        "col_veto",
        "col_finding",
        "col_photos",
    ];
    for (c, k) in headers.into_iter().enumerate() {
        ws.write_with_format(SCORE_HEAD, c as u16, l(lang, k), &head)?;
    }
    let items = r
        .items
        .iter()
        .filter(|i| i.mode != Mode::Evidence && i.status != Status::NotApplicable);
    for (n, it) in items.enumerate() {
        let row = SCORE_HEAD + 1 + n as u32;
        ws.write_with_format(row, C_ID, &it.id, &small)?;
        ws.write_with_format(row, C_TITLE, &it.title, &fixed)?;
        ws.write_with_format(row, C_MAX, it.max, &fixed)?;
        ws.write_with_format(row, C_EVIDENCE, evidence_text(it, lang), &small)?;
        match it.self_score {
            Some(s) => ws.write_with_format(row, C_SELF, s, &fixed)?,
            None => ws.write_blank(row, C_SELF, &fixed)?,
        };
        match &it.onsite {
            Some(o) => ws.write_with_format(row, C_SCORE, o.score, &input)?,
            None => ws.write_blank(row, C_SCORE, &input)?,
        };
        ws.add_data_validation(row, C_SCORE, row, C_SCORE, &score_rule(it.max, lang)?)?;
        if it.veto_item {
            let vetoed = it.onsite.as_ref().is_some_and(|o| o.veto);
            ws.write_with_format(
                row,
                C_VETO,
                if vetoed { l(lang, "yes") } else { "" },
                &input,
            )?;
            let veto_rule =
                DataValidation::new().allow_list_strings(&[l(lang, "yes"), l(lang, "no")])?;
            ws.add_data_validation(row, C_VETO, row, C_VETO, &veto_rule)?;
        } else {
            ws.write_with_format(row, C_VETO, "—", &small)?;
        }
        let (finding, photos) = it
            .onsite
            .as_ref()
            .map(|o| (o.finding.clone(), o.photos.join("、")))
            .unwrap_or_default();
        ws.write_with_format(row, C_FINDING, finding, &input)?;
        ws.write_with_format(row, C_PHOTOS, photos, &input)?;
    }
    for (c, w) in [9.0, 26.0, 6.0, 42.0, 7.0, 7.0, 8.0, 36.0, 20.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    print_setup(ws, SCORE_HEAD)?;
    ws.protect();
    wb.save_to_buffer()
}

/// A4 landscape, one page wide, the header row repeated on every page.
fn print_setup(ws: &mut rust_xlsxwriter::Worksheet, header: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header, header)?;
    Ok(())
}

fn excel_date(d: chrono::NaiveDate) -> rust_xlsxwriter::ExcelDateTime {
    use chrono::Datelike;
    rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .unwrap_or_else(|_| rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).unwrap())
}

/// What the evidence already shows for an item, as the form prints it.
fn evidence_text(it: &crate::result::ItemResult, lang: Lang) -> String {
    if it.mode == Mode::Onsite {
        return l(lang, "onsite_only").to_string();
    }
    let mut lines = Vec::new();
    if let Some(s) = it.evidence_score {
        lines.push(format!(
            "{} {} / {}",
            l(lang, "evidence_score"),
            crate::present::number::plain(s),
            crate::present::number::plain(it.max)
        ));
    }
    if it.findings.is_empty() {
        lines.push(l(lang, "no_findings").to_string());
    }
    for f in it.findings.iter().take(EVIDENCE_SHOWN) {
        lines.push(format!("· {}", f.message));
    }
    if it.findings.len() > EVIDENCE_SHOWN {
        lines.push(lang.fill(
            "onsite_book",
            "more",
            &[("n", &(it.findings.len() - EVIDENCE_SHOWN))],
        ));
    }
    lines.join("\n")
}

/// Whether a path names an on-site workbook rather than a YAML sheet.
pub fn is_workbook(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Reads a filled workbook back as an inspection sheet. `file` names it in
/// messages; `label` in the result. A workbook made for another school
/// (its code in 检查组!C2) is refused: its scores are not this school's.
pub fn read(
    file: &str,
    label: &str,
    bytes: &[u8],
    checklist: &Checklist,
    photo_base: PhotoBase,
    school_code: &str,
) -> Result<Inspection, Vec<Diagnostic>> {
    let bad = |msg: String| vec![Diagnostic::file(file, msg)];
    let sheets = crate::evidence::table::parse("xlsx", bytes).map_err(|e| bad(e.to_string()))?;
    let find = |key: &'static str| {
        sheets.iter().find(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n == l(Lang::Zh, key) || n == l(Lang::En, key))
        })
    };
    let (Some(team_sheet), Some(score_sheet)) = (find("team_sheet"), find("score_sheet")) else {
        return Err(bad(format!(
            "没有「{}」和「{}」两个工作表,不是 ducha sheet 生成的现场检查记录表",
            l(Lang::Zh, "team_sheet"),
            l(Lang::Zh, "score_sheet")
        )));
    };
    let score_head = cell(score_sheet, SCORE_HEAD, C_SCORE).text();
    if score_head != l(Lang::Zh, "col_score") && score_head != l(Lang::En, "col_score") {
        return Err(bad(format!(
            "{}: 表头已被改动(应为「{}」),请用 ducha sheet 重新生成后填写",
            at(score_sheet, SCORE_HEAD, C_SCORE),
            l(Lang::Zh, "col_score")
        )));
    }
    let written_for = cell(team_sheet, 1, 2).text();
    if !written_for.is_empty() && !written_for.contains(school_code) {
        return Err(bad(format!(
            "{}: 这份记录表是为「{}」({written_for})生成的,不是学校标识码 {school_code} 的学校;请用本校的记录表",
            at(team_sheet, 1, 2),
            cell(team_sheet, 1, 1).text()
        )));
    }
    let mut problems = Vec::new();
    let mut say = |sheet: &Sheet, row: u32, col: u16, msg: String| {
        problems.push(Diagnostic::file(
            file,
            format!("{}: {msg}", at(sheet, row, col)),
        ));
    };

    let visit_date = match cell(team_sheet, DATE_ROW, 1) {
        Cell::Date(d) => Some(*d),
        Cell::Empty => {
            say(team_sheet, DATE_ROW, 1, "请填写检查日期".into());
            None
        }
        other => {
            let d = crate::date::parse(&other.text());
            if d.is_none() {
                say(
                    team_sheet,
                    DATE_ROW,
                    1,
                    format!("检查日期「{}」不是日期,请写成 2026-09-10", other.text()),
                );
            }
            d
        }
    };
    let mut team = Vec::new();
    for row in TEAM_HEAD + 1..=TEAM_HEAD + TEAM_ROWS {
        let name = cell(team_sheet, row, 1).text();
        let unit = cell(team_sheet, row, 2).text();
        if !name.is_empty() {
            team.push(Inspector { name, unit });
        } else if !unit.is_empty() {
            say(team_sheet, row, 1, "填写了单位,但没有填写姓名".into());
        }
    }
    let mut staff = Vec::new();
    for row in STAFF_HEAD + 1..=STAFF_HEAD + STAFF_ROWS {
        let name = cell(team_sheet, row, 1).text();
        let post = cell(team_sheet, row, 2).text();
        if !name.is_empty() {
            staff.push(Staff { name, post });
        } else if !post.is_empty() {
            say(team_sheet, row, 1, "填写了职务,但没有填写姓名".into());
        }
    }
    if team.is_empty() {
        say(
            team_sheet,
            TEAM_HEAD + 1,
            1,
            "请填写检查组组长的姓名".into(),
        );
    }

    let mut scores = IndexMap::new();
    let mut self_scores = IndexMap::new();
    let mut photo_list = Photos::default();
    for row in SCORE_HEAD + 1..score_sheet.rows.len() as u32 {
        let id = cell(score_sheet, row, C_ID).text();
        if id.is_empty() {
            continue;
        }
        let Some(item) = checklist.item(&id) else {
            say(score_sheet, row, C_ID, format!("清单中没有检查项 `{id}`"));
            continue;
        };
        if item.mode == Mode::Evidence {
            say(
                score_sheet,
                row,
                C_ID,
                format!("`{id}`({})只依据提交材料评定,不能现场打分", item.title),
            );
            continue;
        }
        let max = crate::present::number::plain(item.points);
        if let Some(s) = number(cell(score_sheet, row, C_SELF)) {
            match s {
                Ok(s) if (0.0..=item.points).contains(&s) => {
                    self_scores.insert(id.clone(), s);
                }
                Ok(s) => say(
                    score_sheet,
                    row,
                    C_SELF,
                    format!("自评分 {} 超过满分 {max}", crate::present::number::plain(s)),
                ),
                Err(t) => say(score_sheet, row, C_SELF, format!("自评分「{t}」不是数字")),
            }
        }
        let veto_text = cell(score_sheet, row, C_VETO).text();
        let veto = if veto_text == l(Lang::Zh, "yes") || veto_text == l(Lang::En, "yes") {
            if !item.veto {
                say(
                    score_sheet,
                    row,
                    C_VETO,
                    format!("`{id}`({})不是一票否决项", item.title),
                );
            }
            true
        } else {
            let no = ["", "—", l(Lang::Zh, "no"), l(Lang::En, "no")];
            if !no.contains(&veto_text.as_str()) {
                say(
                    score_sheet,
                    row,
                    C_VETO,
                    format!("一票否决应填「是」或「否」,不是「{veto_text}」"),
                );
            }
            false
        };
        let finding = cell(score_sheet, row, C_FINDING).text();
        let photos: Vec<String> = cell(score_sheet, row, C_PHOTOS)
            .text()
            .split(['、', ',', '，', ';', '；', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let score = match number(cell(score_sheet, row, C_SCORE)) {
            // Not scored yet: the item stays pending, unless something
            // else was written for it.
            None => {
                if veto || !finding.is_empty() || !photos.is_empty() {
                    say(
                        score_sheet,
                        row,
                        C_SCORE,
                        "写了检查记录,但没有填写得分".into(),
                    );
                }
                continue;
            }
            Some(Err(t)) => {
                say(score_sheet, row, C_SCORE, format!("得分「{t}」不是数字"));
                continue;
            }
            Some(Ok(s)) if !(0.0..=item.points).contains(&s) => {
                let s = crate::present::number::plain(s);
                let msg = if s.starts_with('-') {
                    format!("得分 {s} 不能是负数")
                } else {
                    format!("得分 {s} 超过满分 {max}")
                };
                say(score_sheet, row, C_SCORE, msg);
                continue;
            }
            Some(Ok(s)) => s,
        };
        for p in &photos {
            if let Err(msg) = photo_list.add(photo_base, &id, p) {
                say(score_sheet, row, C_PHOTOS, msg);
            }
        }
        scores.insert(
            id.clone(),
            OnsiteScore {
                score,
                finding,
                photos,
                veto,
                at: format!("{label} {}", at(score_sheet, row, C_SCORE)),
            },
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Inspection {
        file: label.to_string(),
        team,
        staff,
        visit_date,
        scores,
        waivers: Vec::new(),
        self_scores,
        photos: photo_list.into_vec(),
    })
}

static EMPTY: Cell = Cell::Empty;

pub(crate) fn cell(s: &Sheet, row: u32, col: u16) -> &Cell {
    s.rows
        .get(row as usize)
        .and_then(|r| r.get(col as usize))
        .unwrap_or(&EMPTY)
}

/// `现场评分!F12`.
pub(crate) fn at(s: &Sheet, row: u32, col: u16) -> String {
    format!(
        "{}!{}{}",
        s.name.as_deref().unwrap_or_default(),
        col_letter(col as usize),
        row + 1
    )
}

/// A number cell, or the text of one that is not a number; `None` when
/// empty.
pub(crate) fn number(c: &Cell) -> Option<Result<f64, String>> {
    match c {
        Cell::Empty => None,
        Cell::Number(n) => Some(Ok(*n)),
        other => {
            let t = other.text();
            if t.is_empty() {
                return None;
            }
            // Full-width digits, and "3分" as a clerk writes a score.
            let half: String =
                unicode_normalization::UnicodeNormalization::nfkc(t.as_str()).collect();
            let half = half.trim();
            let half = half.strip_suffix('分').unwrap_or(half).trim_end();
            Some(half.parse::<f64>().map_err(|_| t))
        }
    }
}
