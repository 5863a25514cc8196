//! Deterministic workbooks: identical sheets give identical .xlsx bytes
//! (fixed document properties, formats registered in a fixed order), for
//! the bureau workbook and the `ducha init` templates.

use super::sheet::{ColumnKind, Out, SheetOut};
use chrono::{Datelike, NaiveDate, Timelike};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet,
    XlsxError,
};

/// The creation time written into every workbook, so that bytes repeat.
pub(crate) fn fixed_properties() -> Result<DocProperties, XlsxError> {
    let when = ExcelDateTime::from_ymd(2026, 1, 1).and_then(|d| d.and_hms(0, 0, 0))?;
    Ok(DocProperties::new().set_creation_datetime(&when))
}

/// Formats of the workbooks people fill in (the on-site form, the
/// self-assessment): locked labels, and unlocked yellow input cells.
pub(crate) struct FormFormats {
    pub title: Format,
    pub head: Format,
    pub fixed: Format,
    pub small: Format,
    pub input: Format,
}

impl FormFormats {
    pub fn new() -> Self {
        let fixed = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        FormFormats {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(0xD9E1F2)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            small: fixed.clone().set_font_size(8).set_font_color(0x595959),
            input: fixed.clone().set_unlocked().set_background_color(0xFFF2CC),
            fixed,
        }
    }
}

/// Formats shared by the cells of a workbook.
struct Formats {
    title: Format,
    note: Format,
    header: Format,
    cell: Format,
    date: Format,
    datetime: Format,
    /// Template cells typed as text (`@`).
    text: Format,
}

impl Formats {
    fn all(&self) -> [&Format; 7] {
        [
            &self.title,
            &self.note,
            &self.header,
            &self.cell,
            &self.date,
            &self.datetime,
            &self.text,
        ]
    }

    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            date: cell
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            datetime: cell
                .clone()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Left),
            text: cell.clone().set_num_format("@"),
            cell,
        }
    }
}

/// A workbook with one worksheet per sheet, in order.
pub fn xlsx(sheets: &[SheetOut]) -> Result<Vec<u8>, WorkbookError> {
    workbook(sheets, false)
}

/// The same, with a filter on every header row (tables a clerk sorts).
/// These are the bureau's workbooks, up to 20,000 schools and hundreds of
/// thousands of rectification rows: each sheet is streamed row by row to
/// a temporary file (rust_xlsxwriter's constant-memory mode, strings
/// stored in the cells) instead of being held in memory until saved.
pub fn xlsx_filtered(sheets: &[SheetOut]) -> Result<Vec<u8>, WorkbookError> {
    workbook(sheets, true)
}

fn workbook(sheets: &[SheetOut], large: bool) -> Result<Vec<u8>, WorkbookError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties()?);
    let f = Formats::new();
    if !large {
        for s in sheets {
            write_sheet(wb.add_worksheet(), s, &f, false)
                .map_err(|e| WorkbookError::sheet(s, e))?;
        }
        return Ok(wb.save_to_buffer()?);
    }
    for s in sheets {
        wb.add_worksheet_with_constant_memory()
            .map_err(|e| WorkbookError::sheet(s, e))?;
    }
    // The sheets are filled in parallel. Every format is registered first,
    // in a fixed order, so that its index in the file does not depend on
    // which sheet's thread meets it first: the bytes stay reproducible.
    for fmt in f.all() {
        wb.register_format(fmt);
    }
    use rayon::prelude::*;
    wb.worksheets_mut()
        .par_iter_mut()
        .zip(sheets)
        .try_for_each(|(ws, s)| {
            write_sheet(ws, s, &f, true).map_err(|e| WorkbookError::sheet(s, e))
        })?;
    // Level 3 rather than 6: a county or province workbook is mostly
    // sheet XML, which level 3 compresses about as well in far less time.
    wb.set_zip_compression_level(3);
    Ok(wb.save_to_buffer()?)
}

/// A workbook that could not be written, with the sheet where known.
#[derive(Debug)]
pub struct WorkbookError {
    pub sheet: Option<String>,
    pub error: XlsxError,
}

impl WorkbookError {
    fn sheet(s: &SheetOut, error: XlsxError) -> Self {
        WorkbookError {
            sheet: Some(s.name.clone()),
            error,
        }
    }
}

impl From<XlsxError> for WorkbookError {
    fn from(error: XlsxError) -> Self {
        WorkbookError { sheet: None, error }
    }
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.sheet {
            Some(s) => write!(f, "工作表「{s}」: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

impl std::error::Error for WorkbookError {}

/// Rows below a template's header formatted for entry.
const TEMPLATE_ROWS: u32 = 200;

/// Writes one sheet; `filter` puts an autofilter on its header row.
fn write_sheet(
    ws: &mut Worksheet,
    s: &SheetOut,
    f: &Formats,
    filter: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(&s.name)?;
    let last_col = s.headers.len().max(1) as u16 - 1;
    let mut row: u32 = 0;
    for (text, fmt, height) in [(&s.title, &f.title, 28.0), (&s.note, &f.note, 30.0)] {
        let Some(text) = text else { continue };
        if last_col == 0 {
            ws.write_string_with_format(row, 0, text, fmt)?;
        } else {
            ws.merge_range(row, 0, row, last_col, text, fmt)?;
        }
        ws.set_row_height(row, height)?;
        row += 1;
    }
    for (c, h) in s.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
        if let Some(text) = s.columns.get(c).and_then(|k| k.note.as_deref()) {
            ws.insert_note(row, c as u16, &Note::new(text).set_author("ducha"))?;
        }
    }
    // Template columns: the rows below the header take text or dates as
    // the column needs (a leading 0 survives, a date is a date).
    for (c, col) in s.columns.iter().enumerate() {
        let fmt = match col.kind {
            ColumnKind::General => continue,
            ColumnKind::Text => &f.text,
            ColumnKind::Date => &f.date,
        };
        for r in row + 1..=row + TEMPLATE_ROWS {
            ws.write_blank(r, c as u16, fmt)?;
        }
    }
    ws.set_freeze_panes(row + 1, 0)?;
    for r in &s.rows {
        row += 1;
        for (c, v) in r.iter().enumerate() {
            write_cell(ws, row, c as u16, v, f)?;
        }
    }
    for (c, w) in widths(s).into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    if filter && !s.headers.is_empty() {
        let header = s.title.is_some() as u32 + s.note.is_some() as u32;
        ws.autofilter(
            header,
            0,
            header + s.rows.len() as u32,
            s.headers.len() as u16 - 1,
        )?;
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Out,
    f: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match v {
        Out::Empty => ws.write_blank(row, col, &f.cell)?,
        Out::Text(s) => ws.write_string_with_format(row, col, s, &f.cell)?,
        Out::Number(n) => ws.write_number_with_format(row, col, *n, &f.cell)?,
        Out::Date(d) => ws.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?,
        Out::DateTime(t) => {
            let dt =
                excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())?;
            ws.write_datetime_with_format(row, col, dt, &f.datetime)?
        }
    };
    Ok(())
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Column widths: as given, else the widest header or cell text (CJK
/// characters count double), between 6 and 40.
fn widths(s: &SheetOut) -> Vec<f64> {
    if !s.widths.is_empty() {
        return s.widths.clone();
    }
    let display = |t: &str| {
        t.chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
            .sum::<f64>()
    };
    (0..s.headers.len())
        .map(|c| {
            let cells = s.rows.iter().filter_map(|r| r.get(c)).map(|v| match v {
                Out::Date(_) => 10.0,
                Out::DateTime(_) => 16.0,
                v => display(&v.to_text()),
            });
            let w = cells.fold(display(&s.headers[c]), f64::max);
            (w + 2.0).clamp(6.0, 40.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> SheetOut {
        SheetOut {
            name: "花名册".into(),
            title: Some("留守儿童花名册".into()),
            note: Some("填表说明".into()),
            headers: vec!["姓名".into(), "出生日期".into()],
            rows: vec![vec![
                Out::text("王小明"),
                Out::Date(NaiveDate::from_ymd_opt(2015, 3, 8).unwrap()),
            ]],
            widths: vec![],
            columns: Vec::new(),
        }
    }

    #[test]
    fn workbooks_repeat_their_bytes() {
        assert_eq!(xlsx(&[sheet()]).unwrap(), xlsx(&[sheet()]).unwrap());
        // Sheets filled in parallel: the bytes still repeat.
        let two = || {
            let mut other = sheet();
            other.name = "整改跟踪".into();
            xlsx_filtered(&[sheet(), other]).unwrap()
        };
        assert_eq!(two(), two());
    }
}
