//! Tables as schools keep them: .xlsx/.xls sheets, .csv in any of the
//! encodings Excel writes on Chinese Windows, and .yaml/.json lists of
//! records. Parsing gives raw sheets; `bind` finds the header row (even
//! under a title row) and matches the checklist's columns by title or alias.

use crate::checklist::{ColType, TableSpec};
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
}

impl Cell {
    fn is_empty(&self) -> bool {
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
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => date::iso(*d),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A sheet of a workbook, or the one sheet of a CSV/YAML/JSON file.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name; `None` for files that have no sheets.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Reads the sheets of a table file.
pub fn parse(ext: &str, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    match ext {
        "xlsx" | "xlsm" | "xls" => parse_workbook(bytes),
        "csv" => parse_csv(bytes).map(|s| vec![s]),
        "json" => {
            let v: serde_json::Value =
                serde_json::from_slice(bytes).map_err(|e| format!("JSON 格式有误: {e}"))?;
            records_sheet(
                serde_json::from_value::<serde_yaml::Value>(v).map_err(|e| e.to_string())?,
            )
        }
        "yaml" | "yml" => {
            let v: serde_yaml::Value =
                serde_yaml::from_slice(bytes).map_err(|e| format!("YAML 格式有误: {e}"))?;
            records_sheet(v)
        }
        _ => Err(format!(".{ext} 不是表格文件")),
    }
}

fn parse_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("无法打开工作簿: {e}"))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let merged = match &mut wb {
            calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("工作表「{name}」无法读取: {e}"))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        // Rows and columns as Excel numbers them, from A1: blank leading rows
        // and columns are kept so that row numbers match what the user sees.
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0 as usize];
        for r in range.rows() {
            let mut row = vec![Cell::Empty; c0 as usize];
            row.extend(r.iter().map(data_cell));
            rows.push(row);
        }
        for d in &merged {
            fill_merged(&mut rows, d);
        }
        sheets.push(Sheet {
            name: Some(name),
            rows,
        });
    }
    Ok(sheets)
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

fn data_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
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
        Data::DateTimeIso(s) => date::parse(s)
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn parse_csv(bytes: &[u8]) -> Result<Sheet, String> {
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
        let rec = rec.map_err(|e| format!("第 {} 行无法读取: {e}", i + 1))?;
        rows.push(
            rec.iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet { name: None, rows })
}

/// A list of records (`- 姓名: 张三`), or `{rows: [...]}`, as a sheet
/// whose first row is the union of the keys.
fn records_sheet(v: serde_yaml::Value) -> Result<Vec<Sheet>, String> {
    let list = match v {
        serde_yaml::Value::Sequence(s) => s,
        serde_yaml::Value::Mapping(mut m) => match m.remove("rows") {
            Some(serde_yaml::Value::Sequence(s)) => s,
            _ => return Err("应是记录的列表,或含 rows: 列表的映射".into()),
        },
        _ => return Err("应是记录的列表".into()),
    };
    let mut keys: Vec<String> = Vec::new();
    for rec in &list {
        let serde_yaml::Value::Mapping(m) = rec else {
            return Err("列表中的每一项都应是一条记录(键: 值)".into());
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
    Ok(vec![Sheet { name: None, rows }])
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

/// Normalises a header text for matching: no spaces, no asterisks marking
/// required columns, ASCII parentheses and colons.
pub fn norm_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' => out.push('('),
            ')' => out.push(')'),
            ':' => out.push(':'),
            '*' | '※' => {}
            c if c.is_whitespace() => {}
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A header cell normalised for matching ([`norm_header`], which drops
/// the spaces that `Cell::text` would trim).
fn norm_cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => norm_header(s),
        other => norm_header(&other.text()),
    }
}

/// A typed cell value after binding to a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A cell that does not read as the column's type; the raw text is kept.
    Invalid(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
    /// As shown in messages.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Invalid(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Date(d) => date::iso(*d),
        }
    }
}

fn typed(cell: &Cell, kind: ColType) -> Value {
    // Text is trimmed once here (it is most cells); `Cell::text` would
    // trim and copy it again.
    if let Cell::Text(s) = cell {
        let t = s.trim();
        return match kind {
            _ if t.is_empty() => Value::Empty,
            ColType::Text => Value::Text(t.to_string()),
            ColType::Number => number(t),
            ColType::Date => date::parse(t)
                .map(Value::Date)
                .unwrap_or_else(|| Value::Invalid(t.to_string())),
        };
    }
    if cell.is_empty() {
        return Value::Empty;
    }
    match kind {
        ColType::Text => Value::Text(cell.text()),
        ColType::Number => match cell {
            Cell::Number(n) => Value::Number(*n),
            Cell::Bool(b) => Value::Number(if *b { 1.0 } else { 0.0 }),
            other => number(&other.text()),
        },
        ColType::Date => match cell {
            Cell::Date(d) => Value::Date(*d),
            Cell::Number(n) => date::from_excel_serial(*n)
                .map(Value::Date)
                .unwrap_or_else(|| Value::Invalid(cell.text())),
            other => {
                let t = other.text();
                date::parse(&t)
                    .map(Value::Date)
                    .unwrap_or(Value::Invalid(t))
            }
        },
    }
}

/// A number typed as text: `1,200`, ` 35 ` and `35` are numbers.
fn number(t: &str) -> Value {
    if let Ok(n) = t.parse::<f64>() {
        return Value::Number(n);
    }
    let cleaned: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    cleaned
        .parse::<f64>()
        .map(Value::Number)
        .unwrap_or_else(|_| Value::Invalid(t.to_string()))
}

/// One data row of a bound table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index of its file and sheet in [`Bound::sources`].
    pub source: usize,
    /// Row number as the user sees it (Excel row, or CSV line).
    pub line: usize,
    /// One value per column of the spec, in the spec's order.
    pub values: Vec<Value>,
}

/// Where a column was found in one source.
#[derive(Debug, Clone)]
pub struct ColumnAt {
    /// The header text as written.
    pub header: String,
    /// Spreadsheet letter (A, B, ..., AA) of the column.
    pub letter: String,
}

/// One file (and sheet) a table was read from.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: String,
    pub sheet: Option<String>,
    pub header_line: usize,
    /// Per spec column: where it was found, if it was.
    pub columns: Vec<Option<ColumnAt>>,
}

/// A table of the checklist, bound to the rows of its files.
#[derive(Debug, Clone, Default)]
pub struct Bound {
    pub sources: Vec<Source>,
    pub rows: Vec<Row>,
}

/// Why a source could not be bound.
#[derive(Debug, Clone)]
pub struct NoHeader {
    pub file: String,
    pub sheet: Option<String>,
}

/// How many rows from the top to search for the header row.
const HEADER_SEARCH_ROWS: usize = 15;

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

/// Binds the sheets of one file to a table spec: picks the sheet and row
/// whose cells match the most column titles, then reads the rows below.
/// Rows that are wholly empty are skipped.
pub fn bind_file(
    spec: &TableSpec,
    file: &str,
    sheets: &[Sheet],
    out: &mut Bound,
) -> Result<(), NoHeader> {
    let names: Vec<Vec<String>> = spec
        .columns
        .iter()
        .map(|c| {
            std::iter::once(&c.title)
                .chain(c.aliases.iter())
                .map(|s| norm_header(s))
                .collect()
        })
        .collect();
    // (score, sheet, row, the row's normalised cells)
    let mut best: Option<(usize, usize, usize, Vec<String>)> = None;
    'search: for (si, sheet) in sheets.iter().enumerate() {
        for (ri, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            // Each cell normalised once, not once per column spec.
            let cells: Vec<String> = row.iter().map(norm_cell).collect();
            let score = names
                .iter()
                .filter(|alts| cells.iter().any(|c| alts.contains(c)))
                .count();
            if score > 0 && best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, si, ri, cells));
                if score == names.len() {
                    // Every column found: no later row can do better.
                    break 'search;
                }
            }
        }
    }
    let Some((_, si, hi, cells)) = best else {
        return Err(NoHeader {
            file: file.to_string(),
            sheet: sheets.first().and_then(|s| s.name.clone()),
        });
    };
    let sheet = &sheets[si];
    let header = &sheet.rows[hi];
    let positions: Vec<Option<usize>> = names
        .iter()
        .map(|alts| cells.iter().position(|c| alts.contains(c)))
        .collect();
    let source = out.sources.len();
    out.sources.push(Source {
        file: file.to_string(),
        sheet: sheet.name.clone(),
        header_line: hi + 1,
        columns: positions
            .iter()
            .map(|p| {
                p.map(|i| ColumnAt {
                    header: header[i].text(),
                    letter: col_letter(i),
                })
            })
            .collect(),
    });
    for (ri, row) in sheet.rows.iter().enumerate().skip(hi + 1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let values = spec
            .columns
            .iter()
            .zip(&positions)
            .map(|(c, p)| match p.and_then(|i| row.get(i)) {
                Some(cell) => typed(cell, c.kind),
                None => Value::Empty,
            })
            .collect();
        out.rows.push(Row {
            source,
            line: ri + 1,
            values,
        });
    }
    Ok(())
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

    #[test]
    fn headers_normalise() {
        assert_eq!(norm_header(" 疏散用时(秒)* "), norm_header("疏散用时(秒)"));
    }
}
