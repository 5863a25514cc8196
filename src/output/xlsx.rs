//! Deterministic workbooks: identical sheets give identical .xlsx bytes
//! (fixed document properties, formats registered in a fixed order), for
//! the bureau workbook and the `ducha init` templates.

use super::sheet::{ChartKind, ChartOut, ColumnKind, ColumnOut, Out, PrintOut, Sheet, SheetOut};
use chrono::{Datelike, NaiveDate, Timelike};
use rust_xlsxwriter::{
    Chart, ChartType, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Note, Workbook, Worksheet, XlsxError,
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
    /// Long text wrapped within its column.
    wrap: Format,
}

impl Formats {
    fn all(&self) -> [&Format; 8] {
        [
            &self.title,
            &self.note,
            &self.header,
            &self.cell,
            &self.date,
            &self.datetime,
            &self.text,
            &self.wrap,
        ]
    }

    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            // One line: never wrapped, shrunk if the columns are narrower.
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_shrink()
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
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            cell,
        }
    }
}

/// A workbook with one worksheet per sheet, in order.
pub fn xlsx(sheets: &[SheetOut]) -> Result<Vec<u8>, WorkbookError> {
    let sheets: Vec<(&SheetOut, Option<&Each>)> = sheets.iter().map(|s| (s, None)).collect();
    Ok(workbook(&sheets, false)?.save_to_buffer()?)
}

/// A sheet's rows made on demand (see [`Sheet::made`]).
type Each<'a> = dyn Fn(&mut dyn FnMut(&[Out])) + Send + Sync + 'a;

/// The same, with a filter on every header row (tables a clerk sorts),
/// written to `out` as it is zipped. These are the bureau's workbooks, up
/// to 20,000 schools and hundreds of thousands of rectification rows: each
/// sheet is streamed row by row to a temporary file (rust_xlsxwriter's
/// constant-memory mode, strings stored in the cells) instead of being
/// held in memory until saved, and the file is not built in memory first.
/// A sheet's rows may be made as they are written ([`Sheet::made`]), so
/// that its cells are never all held either.
pub fn xlsx_filtered_to(
    sheets: &[Sheet],
    out: impl std::io::Write + Send,
) -> Result<(), WorkbookError> {
    let sheets: Vec<(&SheetOut, Option<&Each>)> = sheets
        .iter()
        .map(|s| (&s.head, s.made.as_deref()))
        .collect();
    Ok(workbook(&sheets, true)?.save_to_writer(out)?)
}

fn workbook(sheets: &[(&SheetOut, Option<&Each>)], large: bool) -> Result<Workbook, WorkbookError> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties()?);
    let f = Formats::new();
    if !large {
        for &(s, made) in sheets {
            write_sheet(wb.add_worksheet(), s, made, &f, false)
                .map_err(|e| WorkbookError::sheet(s, e))?;
        }
        return Ok(wb);
    }
    for &(s, _) in sheets {
        if s.charts.is_empty() {
            wb.add_worksheet_with_constant_memory()
                .map_err(|e| WorkbookError::sheet(s, e))?;
        } else {
            // A chart caches the values it draws from its sheet's cells,
            // which a constant-memory sheet no longer holds when saved;
            // a chart sheet's tables are small.
            wb.add_worksheet();
        }
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
        .try_for_each(|(ws, &(s, made))| {
            write_sheet(ws, s, made, &f, true).map_err(|e| WorkbookError::sheet(s, e))
        })?;
    // Level 3 rather than 6: a county or province workbook is mostly
    // sheet XML, which level 3 compresses about as well in far less time.
    wb.set_zip_compression_level(3);
    Ok(wb)
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

/// Writes one sheet, its rows `made` on demand or else `s.rows`;
/// `filter` puts an autofilter on its header row.
fn write_sheet(
    ws: &mut Worksheet,
    s: &SheetOut,
    made: Option<&Each>,
    f: &Formats,
    filter: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let each = |f: &mut dyn FnMut(&[Out])| match made {
        Some(m) => m(f),
        None => s.rows.iter().for_each(|r| f(r)),
    };
    ws.set_name(&s.name)?;
    // A chart sheet's title spans its tables and charts.
    let last_col = if s.charts.is_empty() {
        s.headers.len().max(1) as u16 - 1
    } else {
        chart_layout(s, 0).1 + CHART_COLS
    };
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
    // The rows every printed page repeats: the title, the note and the
    // header (a chart sheet has none).
    let heading = row + !s.headers.is_empty() as u32;
    let (widths, rows) = widths(s, &each);
    if !s.headers.is_empty() {
        // Before the rows below: a constant-memory sheet writes rows in order.
        ws.set_row_height(row, header_height(s, &widths))?;
    }
    for (c, h) in s.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
        if let Some(text) = s.columns.get(c).and_then(|k| k.note.as_deref()) {
            ws.insert_note(row, c as u16, &Note::new(text).set_author("ducha"))?;
        }
    }
    // Template columns: the rows below the header take text or dates as
    // the column needs (a leading 0 survives, a date is a date). Only for
    // an empty table: a table with rows formats its own cells.
    let entry_rows = if rows == 0 { TEMPLATE_ROWS } else { rows };
    if rows == 0 {
        for (c, col) in s.columns.iter().enumerate() {
            let Some(fmt) = column_format(col.kind, f) else {
                continue;
            };
            for r in row + 1..=row + TEMPLATE_ROWS {
                ws.write_blank(r, c as u16, fmt)?;
            }
        }
    }
    for (c, col) in s.columns.iter().enumerate() {
        if !col.choices.is_empty() && !s.headers.is_empty() {
            let list = DataValidation::new().allow_list_strings(&col.choices)?;
            ws.add_data_validation(row + 1, c as u16, row + entry_rows, c as u16, &list)?;
        }
    }
    ws.set_freeze_panes(heading, 0)?;
    if !s.headers.is_empty() {
        // The first error stops the writing (the rows are still made, not
        // written) and is returned.
        let mut failed = None;
        each(&mut |r| {
            if failed.is_some() {
                return;
            }
            row += 1;
            let mut one = || -> Result<(), XlsxError> {
                let lines = wrapped_lines(s, r, &widths);
                if lines > 1.0 {
                    ws.set_row_height(row, 15.0 * lines + 2.0)?;
                }
                write_row(ws, row, r, &s.columns, f)?;
                Ok(())
            };
            failed = one().err();
        });
        if let Some(e) = failed {
            return Err(e);
        }
    }
    write_charts(ws, s, row, f)?;
    for (c, w) in widths.into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    if filter && !s.headers.is_empty() {
        let header = s.title.is_some() as u32 + s.note.is_some() as u32;
        ws.autofilter(header, 0, header + rows, s.headers.len() as u16 - 1)?;
    }
    if let Some(p) = &s.print {
        print_setup(ws, p, heading)?;
    }
    Ok(())
}

/// A4 landscape, one page wide and as many tall as it takes, the
/// `heading` rows on every page, and the footer.
fn print_setup(ws: &mut Worksheet, p: &PrintOut, heading: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    if heading > 0 {
        ws.set_repeat_rows(0, heading - 1)?;
    }
    ws.set_footer(&p.footer);
    Ok(())
}

/// The cell format of a column people type in, if not the plain one.
fn column_format(kind: ColumnKind, f: &Formats) -> Option<&Format> {
    match kind {
        ColumnKind::General => None,
        ColumnKind::Text => Some(&f.text),
        ColumnKind::Date => Some(&f.date),
        ColumnKind::Wrap => Some(&f.wrap),
    }
}

/// Rows a chart takes: about 300 pixels at the default row height.
const CHART_ROWS: u32 = 16;

/// Columns a chart covers: 640 pixels at the default column width.
const CHART_COLS: u16 = 9;

/// Where each chart's table starts (its header row) and the column the
/// charts stand in, right of the widest table: from `top`, each table
/// then its chart beside it, one blank row between them.
fn chart_layout(s: &SheetOut, top: u32) -> (Vec<u32>, u16) {
    let mut at = Vec::new();
    let mut row = top + 1;
    for c in &s.charts {
        at.push(row);
        let rows = (c.rows.len() as u32 + 1).max(chart_rows(c));
        row += rows + 1;
    }
    let col = s.charts.iter().map(|c| c.headers.len()).max().unwrap_or(1) as u16 + 1;
    (at, col)
}

fn chart_rows(c: &ChartOut) -> u32 {
    CHART_ROWS.max(c.rows.len() as u32 * 2 + 4)
}

/// The charts of a chart sheet, each beside the table it draws; `last` is
/// the last row written above them.
fn write_charts(ws: &mut Worksheet, s: &SheetOut, last: u32, f: &Formats) -> Result<(), XlsxError> {
    let (at, col) = chart_layout(s, last);
    // Each chart on a page of its own, its table beside it.
    if at.len() > 1 {
        ws.set_page_breaks(&at[1..])?;
    }
    for (c, &top) in s.charts.iter().zip(&at) {
        for (j, h) in c.headers.iter().enumerate() {
            ws.write_string_with_format(top, j as u16, h, &f.header)?;
        }
        for (i, (name, values)) in c.rows.iter().enumerate() {
            let r = top + 1 + i as u32;
            ws.write_string_with_format(r, 0, name, &f.cell)?;
            for (j, v) in values.iter().enumerate() {
                ws.write_number_with_format(r, j as u16 + 1, *v, &f.cell)?;
            }
        }
        if c.rows.is_empty() {
            continue;
        }
        let mut chart = native_chart(c, &s.name, top);
        chart.set_width(640).set_height(chart_rows(c) * 20);
        ws.insert_chart(top, col, &chart)?;
    }
    Ok(())
}

/// The rust_xlsxwriter chart of a table whose header row is `top`.
fn native_chart(c: &ChartOut, sheet: &str, top: u32) -> Chart {
    let mut chart = Chart::new(match c.kind {
        ChartKind::Column => ChartType::Column,
        ChartKind::Bar => ChartType::Bar,
        ChartKind::StackedBar => ChartType::BarStacked,
    });
    chart.title().set_name(&c.title);
    let (first, last) = (top + 1, top + c.rows.len() as u32);
    for j in 1..c.headers.len() as u16 {
        chart
            .add_series()
            .set_name((sheet, top, j))
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, j, last, j));
    }
    // Bars: the category axis is the vertical one; the first row on top.
    // Values count schools: whole numbers.
    match c.kind {
        ChartKind::Column => {
            chart.x_axis().set_name(&c.category_title);
            chart.y_axis().set_name(&c.value_title).set_num_format("0");
            chart.legend().set_hidden();
        }
        ChartKind::Bar => {
            chart.y_axis().set_name(&c.category_title).set_reverse();
            chart.x_axis().set_name(&c.value_title).set_num_format("0");
            chart.legend().set_hidden();
        }
        ChartKind::StackedBar => {
            chart.y_axis().set_name(&c.category_title).set_reverse();
            chart.x_axis().set_name(&c.value_title).set_num_format("0");
        }
    }
    chart
}

/// Writes one row of a table, each cell in the format of its value and
/// column (`cell_format`).
///
/// rust_xlsxwriter finds a format's index by hashing the whole `Format`
/// (every font, border, fill and alignment field) on each formatted
/// write, and has no write that takes an index once known. So the values
/// go in unformatted and each run of neighbouring cells in the same format
/// gets it in one `set_range_format`: one hash a run instead of one a
/// cell. The row is still the sheet's current row (a constant-memory sheet
/// writes a row out only when a later one is written), so the cells are
/// the ones just stored. Blank cells before the row's first value or after
/// its last are written as blanks in their format, as before: only a write
/// marks how far the sheet reaches (its `dimension`), and a range format
/// does not. The formats are met left to right, as one write a cell met
/// them, so a small workbook's style order stays the same.
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    r: &[Out],
    columns: &[ColumnOut],
    f: &Formats,
) -> Result<(), XlsxError> {
    let format = |c: usize| {
        let kind = columns.get(c).map_or(ColumnKind::General, |k| k.kind);
        cell_format(&r[c], kind, f)
    };
    let blank = |v: &Out| matches!(v, Out::Empty) || matches!(v, Out::Text(t) if t.is_empty());
    // The cells from the first value to the last: none in a row of blanks.
    let first = r.iter().position(|v| !blank(v)).unwrap_or(r.len());
    let end = r
        .iter()
        .rposition(|v| !blank(v))
        .map_or(first, |last| last + 1);
    for c in 0..first {
        ws.write_blank(row, c as u16, format(c))?;
    }
    for (c, v) in r.iter().enumerate().take(end).skip(first) {
        let col = c as u16;
        match v {
            Out::Empty => {}
            Out::Text(s) => _ = ws.write_string(row, col, s)?,
            Out::Number(n) => _ = ws.write_number(row, col, *n)?,
            Out::Date(d) => _ = ws.write_datetime(row, col, excel_date(*d)?)?,
            Out::DateTime(t) => {
                let dt =
                    excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())?;
                ws.write_datetime(row, col, dt)?;
            }
        }
    }
    let mut start = first;
    while start < end {
        let run = format(start);
        let mut stop = start + 1;
        while stop < end && std::ptr::eq(format(stop), run) {
            stop += 1;
        }
        ws.set_range_format(row, start as u16, row, stop as u16 - 1, run)?;
        start = stop;
    }
    for c in end..r.len() {
        ws.write_blank(row, c as u16, format(c))?;
    }
    Ok(())
}

/// A cell's format: a blank to fill in takes its column's (a date
/// column's blank is a date once typed), a text in a wrapping column
/// wraps, a date shows as one.
fn cell_format<'f>(v: &Out, kind: ColumnKind, f: &'f Formats) -> &'f Format {
    match v {
        Out::Empty => column_format(kind, f).unwrap_or(&f.cell),
        Out::Text(_) if kind == ColumnKind::Wrap => &f.wrap,
        Out::Text(_) | Out::Number(_) => &f.cell,
        Out::Date(_) => &f.date,
        Out::DateTime(_) => &f.datetime,
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn display(t: &str) -> f64 {
    t.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum::<f64>()
}

/// Column widths: as given, else the widest header or cell text (CJK
/// characters count double), between 6 and 40; a chart sheet's from its
/// tables. Columns too narrow for the title (14 pt, one line) are all
/// widened alike until it fits.
/// Also the number of rows (one pass over rows made on demand).
fn widths(s: &SheetOut, each: &Each) -> (Vec<f64>, u32) {
    let mut rows = 0u32;
    let mut w: Vec<f64> = if !s.widths.is_empty() {
        each(&mut |_| rows += 1);
        return (s.widths.clone(), rows);
    } else if s.charts.is_empty() {
        // A header wraps onto up to four lines over its cells.
        let mut w: Vec<f64> = s
            .headers
            .iter()
            .map(|h| {
                let head = display(h);
                head.min((head / 4.0).ceil().max(6.0))
            })
            .collect();
        each(&mut |r| {
            rows += 1;
            for (x, v) in w.iter_mut().zip(r) {
                let d = match v {
                    Out::Date(_) => 10.0,
                    Out::DateTime(_) => 16.0,
                    Out::Empty => 0.0,
                    Out::Text(t) => display(t),
                    v => display(&v.to_text()),
                };
                *x = x.max(d);
            }
        });
        w
    } else {
        each(&mut |_| rows += 1);
        chart_table_widths(&s.charts)
    };
    for (c, x) in w.iter_mut().enumerate() {
        let wrapped = s.columns.get(c).is_some_and(|k| k.kind == ColumnKind::Wrap);
        *x = (*x + 2.0).clamp(if wrapped { WRAP_WIDTH } else { 6.0 }, 40.0);
    }
    let title = s.title.as_deref().map_or(0.0, display) * TITLE_SCALE;
    let total: f64 = w.iter().sum();
    if !w.is_empty() && title > total {
        let more = (title - total) / w.len() as f64;
        for x in &mut w {
            *x += more;
        }
    }
    (w, rows)
}

/// The least width of a column of long text (typed or written).
const WRAP_WIDTH: f64 = 24.0;

/// Lines the row's longest wrapped text takes in its column (rows are
/// not measured when the file opens: the writer sets their heights).
fn wrapped_lines(s: &SheetOut, row: &[Out], widths: &[f64]) -> f64 {
    row.iter()
        .zip(widths)
        .enumerate()
        .filter(|(c, _)| {
            s.columns
                .get(*c)
                .is_some_and(|k| k.kind == ColumnKind::Wrap)
        })
        .map(|(_, (v, w))| (display(&v.to_text()) / (w - 1.0).max(1.0)).ceil())
        .fold(1.0, f64::max)
}

/// The header row's height: enough lines for the header that wraps most
/// in its column (rows are not measured when the file opens).
fn header_height(s: &SheetOut, widths: &[f64]) -> f64 {
    let lines = s
        .headers
        .iter()
        .zip(widths)
        .map(|(h, w)| (display(h) / (w - 1.0).max(1.0)).ceil())
        .fold(1.0, f64::max);
    15.0 * lines + 4.0
}

/// The title's width against the cell text's: 14 pt bold against 11 pt,
/// with room to spare.
const TITLE_SCALE: f64 = 14.0 / 11.0 * 1.15;

/// The widest text of each column of the charts' tables.
fn chart_table_widths(charts: &[ChartOut]) -> Vec<f64> {
    let cols = charts.iter().map(|c| c.headers.len()).max().unwrap_or(0);
    (0..cols)
        .map(|j| {
            charts
                .iter()
                .flat_map(|c| {
                    let head = c.headers.get(j).map_or(0.0, |h| display(h));
                    let cells = c.rows.iter().map(move |(name, values)| match j {
                        0 => display(name),
                        _ => values
                            .get(j - 1)
                            .map_or(0.0, |v| display(&crate::present::number::plain(*v))),
                    });
                    std::iter::once(head).chain(cells)
                })
                .fold(0.0, f64::max)
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
            ..Default::default()
        }
    }

    #[test]
    fn workbooks_repeat_their_bytes() {
        assert_eq!(xlsx(&[sheet()]).unwrap(), xlsx(&[sheet()]).unwrap());
        // Sheets filled in parallel: the bytes still repeat.
        let two = || {
            let mut other = sheet();
            other.name = "整改跟踪".into();
            let mut bytes = Vec::new();
            xlsx_filtered_to(&[sheet().into(), other.into()], &mut bytes).unwrap();
            bytes
        };
        assert_eq!(two(), two());
    }

    /// Rows made as they are written give the very bytes of rows held
    /// (widths, heights, filter range and all).
    #[test]
    fn rows_made_on_demand_write_the_same_workbook() {
        let mut held = sheet();
        held.columns = vec![
            ColumnOut::default(),
            ColumnOut {
                kind: ColumnKind::Wrap,
                ..Default::default()
            },
        ];
        held.rows = (0..50)
            .map(|i| {
                vec![
                    Out::text(format!("学生{i}")),
                    Out::text("很长的说明".repeat(i % 7)),
                ]
            })
            .collect();
        let rows = held.rows.clone();
        let made = Sheet::made(
            SheetOut {
                rows: Vec::new(),
                ..held.clone()
            },
            move |f| rows.iter().for_each(|r| f(r)),
        );
        let write = |s: Sheet| {
            let mut bytes = Vec::new();
            xlsx_filtered_to(&[s], &mut bytes).unwrap();
            bytes
        };
        assert_eq!(write(made), write(held.into()));
    }
}
