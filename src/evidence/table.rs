//! Tables as schools keep them: .xlsx/.xls sheets, .csv in any of the
//! encodings Excel writes on Chinese Windows, and .yaml/.json lists of
//! records. Parsing gives raw sheets; `bind` finds the header row (even
//! under a title row) and matches the checklist's columns by title or alias.

use super::{Format, ReadError};
use crate::date;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::io::Cursor;

/// Extensions read as tables.
pub const TABLE_EXTS: &[&str] = &["xlsx", "xlsm", "xls", "csv", "json", "yaml", "yml"];

/// A raw cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// An Excel error value (`#REF!`, `#DIV/0!`, `#N/A`, `#VALUE!`), or
    /// [`NO_CACHED_VALUE`] for a formula saved without its result: not
    /// filled in, whatever the column.
    Error(String),
}

/// The [`Cell::Error`] of a formula whose result was never saved (a file
/// written by a program, not opened in Excel or WPS since).
pub const NO_CACHED_VALUE: &str = "=?";

/// Limits of a sheet read: a school table is far smaller. A sheet with
/// content past them is refused with the cell named, instead of a dense
/// grid up to a stray far cell (XFD1048576 would be 17 billion cells).
pub const MAX_ROWS: u32 = 200_000;
pub const MAX_COLS: u32 = 200;

/// The largest table kept as JSON or YAML records (parsed whole, into
/// values many times the size of the text; exports of this kind are far
/// smaller, and large tables come as .xlsx or .csv).
pub const MAX_RECORDS_FILE: u64 = 8 << 20;

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
    /// The cell as text, numbers without a trailing `.0` (phone numbers
    /// stored as numbers stay intact).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => crate::present::number::plain(*n),
            Cell::Date(d) => date::iso(*d),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A sheet of a workbook, or the one sheet of a CSV/YAML/JSON file.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name; `None` for files that have no sheets.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows (0-based) that are one cell merged across columns: headings
    /// inside a table ("一年级"), not data.
    pub banners: Vec<usize>,
    /// The top rows as header matching reads them, normalised on first use
    /// (a sheet is matched against a table once per school evaluation).
    pub heads: std::sync::OnceLock<Vec<Vec<String>>>,
}

/// Reads the sheets of a table file.
pub fn parse(ext: &str, bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    match ext {
        // calamine can panic on a damaged workbook (a cell reference of a
        // dozen letters overflowed its column arithmetic, found by
        // fuzzing): that costs the file, not the school.
        "xlsx" | "xlsm" | "xls" => crate::panic::catch_quietly(|| parse_workbook(bytes))
            .unwrap_or_else(|| {
                Err(ReadError::corrupt(
                    Format::Workbook,
                    "读取时解析程序出错,文件可能已损坏",
                ))
            }),
        "csv" => parse_csv(bytes).map(|s| vec![s]),
        "json" | "yaml" | "yml" if bytes.len() as u64 > MAX_RECORDS_FILE => {
            Err(ReadError::TooLarge {
                bytes: bytes.len() as u64,
                limit: MAX_RECORDS_FILE,
            })
        }
        "json" => {
            let v: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| ReadError::corrupt(Format::Json, e))?;
            records_sheet(
                serde_json::from_value::<serde_yaml::Value>(v)
                    .map_err(|e| ReadError::corrupt(Format::Json, e))?,
            )
        }
        "yaml" | "yml" => {
            let text = String::from_utf8_lossy(bytes);
            if let Some(pos) = crate::yamlfile::too_deep(&text) {
                return Err(ReadError::corrupt(
                    Format::Yaml,
                    format!(
                        "第 {} 行: {}",
                        pos.line,
                        crate::yamlfile::too_deep_message()
                    ),
                ));
            }
            let v: serde_yaml::Value =
                serde_yaml::from_slice(bytes).map_err(|e| ReadError::corrupt(Format::Yaml, e))?;
            records_sheet(v)
        }
        _ => Err(ReadError::NotATable {
            ext: ext.to_string(),
        }),
    }
}

/// An Office file saved with a password: a compound file holding an
/// `EncryptedPackage` stream (names are UTF-16 in the directory).
fn encrypted(bytes: &[u8]) -> bool {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(&OLE) && bytes.windows(name.len()).any(|w| w == name.as_slice())
}

fn parse_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, ReadError> {
    if encrypted(bytes) {
        return Err(ReadError::Encrypted);
    }
    let package = super::archive::check_package(bytes)?;
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::corrupt(Format::Workbook, e))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let merged = match &mut wb {
            calamine::Sheets::Xlsx(x) if package.may_merge => {
                x.merge_cells_by_sheet_name(&name).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        // Rows and columns as Excel numbers them, from A1: blank leading rows
        // and columns are kept so that row numbers match what the user sees.
        let mut rows: Vec<Vec<Cell>> = match &mut wb {
            calamine::Sheets::Xlsx(x) => xlsx_rows(x, &name)?,
            _ => {
                let range = wb.worksheet_range(&name).map_err(|e| ReadError::Sheet {
                    name: name.clone(),
                    detail: e.to_string(),
                })?;
                // calamine gives .xls sheets as a dense grid (at most
                // 65,536 × 256); kept here as the .xlsx cells are: within
                // the bounds, trailing blanks dropped.
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let mut rows: Vec<Vec<Cell>> = Vec::new();
                for (i, r) in range.rows().enumerate() {
                    let mut row = vec![Cell::Empty; c0 as usize];
                    row.extend(r.iter().cloned().map(data_cell));
                    place_row(&mut rows, r0 as usize + i, row, &name)?;
                }
                rows
            }
        };
        let banners = banner_rows(&rows, &merged);
        for d in &merged {
            fill_merged(&mut rows, d);
        }
        sheets.push(Sheet {
            name: Some(name),
            rows,
            banners,
            heads: Default::default(),
        });
    }
    Ok(sheets)
}

/// The cells of an .xlsx sheet, streamed: only cells that exist are kept,
/// a formula without its saved result becomes [`NO_CACHED_VALUE`], and
/// content past [`MAX_ROWS`] × [`MAX_COLS`] refuses the sheet, naming the
/// cell (blank cells there, a stray space, are ignored).
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Vec<Vec<Cell>>, ReadError> {
    let sheet_err = |detail: String| ReadError::Sheet {
        name: name.to_string(),
        detail,
    };
    let mut reader = x
        .worksheet_cells_reader(name)
        .map_err(|e| sheet_err(e.to_string()))?;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    while let Some(c) = reader
        .next_cell_with_formula()
        .map_err(|e| sheet_err(e.to_string()))?
    {
        let (r, col) = c.pos;
        let has_formula = c.formula.as_deref().is_some_and(|f| !f.is_empty());
        let cell = match data_cell(Data::from(c.value)) {
            Cell::Empty if has_formula => Cell::Error(NO_CACHED_VALUE.to_string()),
            cell => cell,
        };
        if cell.is_empty() {
            continue;
        }
        if r >= MAX_ROWS || col >= MAX_COLS {
            return Err(too_far(name, col as usize, r as usize));
        }
        let (r, col) = (r as usize, col as usize);
        if rows.len() <= r {
            // Cells come row by row: the row before is complete, and
            // given back the spare capacity its growth left (up to half
            // of it; 100 MB for a roster of 100,000 children).
            if let Some(done) = rows.last_mut() {
                done.shrink_to_fit();
            }
            rows.resize(r + 1, Vec::new());
        }
        let row = &mut rows[r];
        if row.len() <= col {
            row.resize(col + 1, Cell::Empty);
        }
        row[col] = cell;
    }
    // Also a row whose cells came out of order (a file not written by
    // Excel) ends without spare capacity.
    for row in &mut rows {
        row.shrink_to_fit();
    }
    rows.shrink_to_fit();
    Ok(rows)
}

/// Content at a cell past [`MAX_ROWS`] × [`MAX_COLS`] (0-based column and
/// row); `sheet` is empty for a file without sheets.
fn too_far(sheet: &str, col: usize, row: usize) -> ReadError {
    ReadError::TooFar {
        sheet: sheet.to_string(),
        cell: format!("{}{}", col_letter(col), row + 1),
        rows: MAX_ROWS,
        cols: MAX_COLS,
    }
}

/// Places a row read at `row_no` (0-based) as the .xls and .csv readers
/// keep rows: trailing blank cells dropped, a blank row not kept (the rows
/// before the next filled one are padded, so numbers stay as the user sees
/// them), content past the bounds refusing the sheet.
fn place_row(
    rows: &mut Vec<Vec<Cell>>,
    row_no: usize,
    mut row: Vec<Cell>,
    sheet: &str,
) -> Result<(), ReadError> {
    let Some(last) = row.iter().rposition(|c| !c.is_empty()) else {
        return Ok(());
    };
    if row_no >= MAX_ROWS as usize || last >= MAX_COLS as usize {
        return Err(too_far(sheet, last, row_no));
    }
    row.truncate(last + 1);
    rows.resize(row_no, Vec::new());
    rows.push(row);
    Ok(())
}

/// Rows holding one cell merged across three or more columns and nothing
/// else: a heading inside the table, not a record.
fn banner_rows(rows: &[Vec<Cell>], merged: &[calamine::Dimensions]) -> Vec<usize> {
    let mut out: Vec<usize> = merged
        .iter()
        .filter(|d| d.start.0 == d.end.0 && d.end.1 >= d.start.1 + 2)
        .map(|d| (d.start.0 as usize, d.start.1 as usize))
        .filter(|&(r, c)| {
            rows.get(r).is_some_and(|row| {
                row.iter()
                    .enumerate()
                    .all(|(i, cell)| (i == c) != cell.is_empty())
            })
        })
        .map(|(r, _)| r)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Copies a merged region's value into every cell it covers, so that a
/// class name merged over five rows belongs to each of them. Regions in a
/// single row (titles spanning columns) are left alone.
fn fill_merged(rows: &mut [Vec<Cell>], d: &calamine::Dimensions) {
    let (r0, c0) = (d.start.0 as usize, d.start.1 as usize);
    let (r1, c1) = (d.end.0 as usize, d.end.1 as usize);
    if r0 == r1 {
        return;
    }
    let Some(v) = rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
        return;
    };
    for row in rows.iter_mut().take(r1 + 1).skip(r0) {
        for c in c0..=c1 {
            if row.len() <= c {
                row.resize(c + 1, Cell::Empty);
            }
            if row[c].is_empty() {
                row[c] = v.clone();
            }
        }
    }
}

/// A cell from calamine's value, its text moved, not copied.
fn data_cell(d: Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) => {
            let n = dt.as_f64();
            if n.fract() == 0.0 {
                date::from_excel_serial(n)
                    .map(Cell::Date)
                    .unwrap_or(Cell::Number(n))
            } else {
                // A date with a time of day: kept as text so that neither is lost.
                date::parse_datetime(&n.to_string())
                    .map(|t| Cell::Text(t.format("%Y-%m-%d %H:%M").to_string()))
                    .unwrap_or(Cell::Number(n))
            }
        }
        Data::DateTimeIso(s) => match date::parse(&s) {
            Some(d) => Cell::Date(d),
            None => Cell::Text(s),
        },
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn parse_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let (text, _) = super::text::decode_text(bytes);
    let first = text.lines().next().unwrap_or_default();
    let delim = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| ReadError::Line {
            line: i + 1,
            detail: e.to_string(),
        })?;
        // The last filled field, found before cells are made: a line of
        // three million commas is not three million cells.
        let Some(last) = rec
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.trim().is_empty())
            .last()
            .map(|(i, _)| i)
        else {
            continue;
        };
        if last >= MAX_COLS as usize {
            return Err(too_far("", last, i));
        }
        let row = rec
            .iter()
            .take(last + 1)
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        place_row(&mut rows, i, row, "")?;
    }
    Ok(Sheet {
        name: None,
        rows,
        banners: Vec::new(),
        heads: Default::default(),
    })
}

/// A list of records (`- 姓名: 张三`), or `{rows: [...]}`, as a sheet
/// whose first row is the union of the keys.
fn records_sheet(v: serde_yaml::Value) -> Result<Vec<Sheet>, ReadError> {
    let list = match v {
        serde_yaml::Value::Sequence(s) => s,
        serde_yaml::Value::Mapping(mut m) => match m.remove("rows") {
            Some(serde_yaml::Value::Sequence(s)) => s,
            _ => return Err(ReadError::NotRecords { top_level: false }),
        },
        _ => return Err(ReadError::NotRecords { top_level: true }),
    };
    let mut keys: Vec<String> = Vec::new();
    for rec in &list {
        let serde_yaml::Value::Mapping(m) = rec else {
            return Err(ReadError::NotARecord);
        };
        for k in m.keys() {
            let k = scalar_text(k);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let mut rows = vec![keys
        .iter()
        .map(|k| Cell::Text(k.clone()))
        .collect::<Vec<_>>()];
    for rec in &list {
        let serde_yaml::Value::Mapping(m) = rec else {
            continue;
        };
        rows.push(
            keys.iter()
                .map(|k| match m.get(k.as_str()) {
                    None | Some(serde_yaml::Value::Null) => Cell::Empty,
                    Some(serde_yaml::Value::Number(n)) => {
                        Cell::Number(n.as_f64().unwrap_or_default())
                    }
                    Some(serde_yaml::Value::Bool(b)) => Cell::Bool(*b),
                    Some(v) => Cell::Text(scalar_text(v)),
                })
                .collect(),
        );
    }
    Ok(vec![Sheet {
        name: None,
        rows,
        banners: Vec::new(),
        heads: Default::default(),
    }])
}

fn scalar_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Spreadsheet letters for a zero-based column index.
pub fn col_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(25), "Z");
        assert_eq!(col_letter(26), "AA");
        assert_eq!(col_letter(27), "AB");
    }
}
