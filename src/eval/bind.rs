//! Header binding: a checklist table bound to the sheets of its files.
//! The header row is found by the column titles and aliases, each data
//! row's cells are typed as their columns need, and every row keeps its
//! file, sheet and line for the findings.

use crate::checklist::{ColType, ColumnSpec, NotDataRows, Table};
use crate::date;
use crate::evidence::table::{col_letter, Cell, Sheet, NO_CACHED_VALUE};
use crate::present::number::plain;
use chrono::NaiveDate;
use compact_str::{format_compact, CompactString};

/// Normalises a header text for matching: Unicode NFKC (full-width
/// brackets, colons and letters become their ASCII forms), lower case, no
/// whitespace, no asterisks marking required columns, no colon after it
/// (`姓名:`).
pub fn norm_header(s: &str) -> String {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    let keep = |c: &char| !c.is_whitespace() && !matches!(c, '*' | '※');
    // Most headers are NFKC already (plain CJK and ASCII): no decomposing
    // iterator for them.
    let mut h: String = if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        s.chars()
            .filter(keep)
            .flat_map(char::to_lowercase)
            .collect()
    } else {
        s.nfkc().filter(keep).flat_map(char::to_lowercase).collect()
    };
    while h.ends_with(':') {
        h.pop();
    }
    h
}

/// A normalised header without a trailing bracketed part: `留样量(克)`,
/// `留样量(g)` and `留样量` all have the stem `留样量`.
fn stem(h: &str) -> &str {
    match (h.ends_with(')'), h.rfind('(')) {
        (true, Some(i)) if i > 0 => &h[..i],
        _ => h,
    }
}

/// A header cell normalised for matching ([`norm_header`], which drops
/// the spaces that `Cell::text` would trim).
fn norm_cell(c: &Cell) -> String {
    match c {
        Cell::Text(s) => norm_header(s),
        other => norm_header(&other.text()),
    }
}

/// Why a cell does not read as its column needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Not a number (`abc`, `五十四`, a unit the column does not take).
    Number,
    /// An approximate number (`约130`, `130左右`): an inspection rests on
    /// the figure recorded, so it is not read as 130.
    Approximate,
    /// Not a date.
    Date,
    /// A month and day without a year (`9月1日`).
    NoYear,
    /// An Excel error value (`#REF!`).
    ExcelError,
    /// A formula saved without its result.
    NoCachedValue,
}

/// A typed cell value after binding to a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    /// A cell that does not read as the column's type; the raw text is
    /// kept. Expressions never see it as a value (see `tables::mj_value`).
    Invalid(String, Unreadable),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
    /// As shown in messages.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Invalid(s, _) => s.clone(),
            Value::Number(n) => plain(*n),
            Value::Date(d) => date::iso(*d),
        }
    }
}

/// Excel's error values, as they read in a cell.
const EXCEL_ERRORS: &[&str] = &[
    "#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
];

fn typed(cell: &Cell, col: &ColumnSpec) -> Value {
    if let Cell::Error(e) = cell {
        let why = if e == NO_CACHED_VALUE {
            Unreadable::NoCachedValue
        } else {
            Unreadable::ExcelError
        };
        return Value::Invalid(e.clone(), why);
    }
    // Text is trimmed once here (it is most cells); `Cell::text` would
    // trim and copy it again.
    if let Cell::Text(s) = cell {
        let t = s.trim();
        // An error value as a CSV or a copy-paste carries it.
        if t.starts_with('#') && EXCEL_ERRORS.contains(&t) {
            return Value::Invalid(t.to_string(), Unreadable::ExcelError);
        }
        return match col.kind {
            _ if t.is_empty() => Value::Empty,
            ColType::Text => Value::Text(t.to_string()),
            ColType::Number => number(t, &col.units),
            ColType::Date => date_text(t),
        };
    }
    if cell.is_empty() {
        return Value::Empty;
    }
    match col.kind {
        ColType::Text => Value::Text(cell.text()),
        ColType::Number => match cell {
            Cell::Number(n) => Value::Number(*n),
            Cell::Bool(b) => Value::Number(if *b { 1.0 } else { 0.0 }),
            other => number(&other.text(), &col.units),
        },
        ColType::Date => match cell {
            Cell::Date(d) => Value::Date(*d),
            // An Excel serial, or 20140901 typed as a number.
            Cell::Number(n) => date::from_excel_serial(*n)
                .or_else(|| {
                    date::parse(&plain(*n)).filter(|_| (19000101.0..=21991231.0).contains(n))
                })
                .map(Value::Date)
                .unwrap_or_else(|| Value::Invalid(cell.text(), Unreadable::Date)),
            other => date_text(&other.text()),
        },
    }
}

/// A date typed as text, full-width digits folded (`２０２６年９月１日`).
fn date_text(t: &str) -> Value {
    use unicode_normalization::UnicodeNormalization;
    if let Some(d) = date::parse(t) {
        return Value::Date(d);
    }
    let folded: String = t.nfkc().collect();
    if let Some(d) = date::parse(&folded) {
        return Value::Date(d);
    }
    // `9月1日`, `9-1`, `9/1`: a month and a day. The year is not guessed
    // (a record of 12月 in an autumn term may be from either year).
    let parts: Vec<&str> = folded
        .trim_end_matches('日')
        .split(['月', '-', '/', '.'])
        .collect();
    let no_year = parts.len() == 2
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    Value::Invalid(
        t.to_string(),
        if no_year {
            Unreadable::NoYear
        } else {
            Unreadable::Date
        },
    )
}

/// A number typed as text: `1,200`, ` 35 `, `１２５` are numbers, and so is
/// one followed by a unit the column takes (`125克`, `125 g`, `19人`).
fn number(t: &str, units: &[String]) -> Value {
    use unicode_normalization::UnicodeNormalization;
    if let Ok(n) = t.parse::<f64>() {
        if n.is_finite() {
            return Value::Number(n);
        }
    }
    let folded: String = t
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let lower = folded.to_lowercase();
    let digits = units
        .iter()
        .map(|u| u.nfkc().collect::<String>().to_lowercase())
        .filter(|u| !u.is_empty())
        .find_map(|u| lower.strip_suffix(u.as_str()).map(|d| d.to_string()))
        .unwrap_or(lower);
    if let Ok(n) = digits.parse::<f64>() {
        if n.is_finite() {
            return Value::Number(n);
        }
    }
    let approximate = ["约", "大约", "近", "~"]
        .iter()
        .any(|p| folded.starts_with(p))
        || ["左右", "余", "多"].iter().any(|p| folded.ends_with(p));
    Value::Invalid(
        t.to_string(),
        if approximate {
            Unreadable::Approximate
        } else {
            Unreadable::Number
        },
    )
}

pub use crate::result::SkipReason as SkipKind;

/// A row read past, and where it is.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub source: usize,
    pub line: usize,
    pub kind: SkipKind,
}

/// Whether `cell` (normalised) is `marker` or starts with it followed by
/// punctuation or a digit.
fn starts_with_marker(cell: &str, marker: &str) -> bool {
    cell.strip_prefix(marker).is_some_and(|rest| {
        rest.chars()
            .next()
            .is_none_or(|c| c.is_ascii_punctuation() || c.is_ascii_digit() || "、。:".contains(c))
    })
}

/// The checklist's markers of non-record rows, normalised once per file.
struct Markers {
    notes: Vec<String>,
    totals: Vec<String>,
    /// The first characters of all markers: a cell starting otherwise is
    /// no marker, and is not normalised (most cells of most rows).
    firsts: Vec<char>,
}

impl Markers {
    fn new(m: &NotDataRows) -> Self {
        let notes: Vec<String> = m.notes.iter().map(|s| norm_header(s)).collect();
        let totals: Vec<String> = m.totals.iter().map(|s| norm_header(s)).collect();
        let firsts = notes
            .iter()
            .chain(&totals)
            .filter_map(|s| s.chars().next())
            .collect();
        Markers {
            notes,
            totals,
            firsts,
        }
    }
    /// The cell, normalised, when it may start with a marker.
    fn candidate(&self, c: &Cell) -> Option<String> {
        let Cell::Text(s) = c else { return None };
        let first = s.trim_start().chars().next()?.to_lowercase().next()?;
        self.firsts.contains(&first).then(|| norm_header(s))
    }
}

/// What kind of non-record row `row` is, if it is one.
fn not_data(row: &[Cell], banner: bool, markers: &Markers) -> Option<SkipKind> {
    if row.iter().all(Cell::is_empty) {
        return Some(SkipKind::Blank);
    }
    if banner {
        return Some(SkipKind::Heading);
    }
    let mut filled = row.iter().filter(|c| !c.is_empty()).take(3);
    let first = filled.next()?;
    let first = markers.candidate(first);
    if let Some(f) = &first {
        if markers.notes.iter().any(|m| starts_with_marker(f, m)) {
            return Some(SkipKind::Note);
        }
    }
    let total = |c: &str| markers.totals.iter().any(|m| starts_with_marker(c, m));
    if first.as_deref().is_some_and(total)
        || filled.any(|c| markers.candidate(c).as_deref().is_some_and(total))
    {
        return Some(SkipKind::Total);
    }
    None
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

impl Row {
    /// The row as a unit of a rule: its source (file and sheet) and line,
    /// `0#12`; inline, no allocation.
    pub fn unit(&self) -> CompactString {
        format_compact!("{}#{}", self.source, self.line)
    }
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
    pub file: std::sync::Arc<str>,
    pub sheet: Option<String>,
    pub header_line: usize,
    /// Per spec column: where it was found, if it was.
    pub columns: Vec<Option<ColumnAt>>,
    /// Every header cell as written (to name the closest to a missing
    /// column).
    pub headers: Vec<String>,
    /// An unfilled template beside a filled file: not read.
    pub ignored: bool,
}

/// A table of the checklist, bound to the rows of its files.
#[derive(Debug, Clone, Default)]
pub struct Bound {
    pub sources: Vec<Source>,
    pub rows: Vec<Row>,
    /// Rows read past: totals, notes, headings, blank rows between records.
    pub skipped: Vec<Skipped>,
}

/// Why a source could not be bound.
#[derive(Debug, Clone)]
pub struct NoHeader {
    pub file: String,
    pub sheet: Option<String>,
}

/// The header cell naming a column: one of its names exactly, else one
/// whose stem (without a bracketed unit) is a name's stem.
fn position(names: &[String], cells: &[String]) -> Option<usize> {
    cells.iter().position(|c| names.contains(c)).or_else(|| {
        cells.iter().position(|c| {
            !c.is_empty()
                && names
                    .iter()
                    .any(|n| stem(n) == stem(c) && !stem(c).is_empty())
        })
    })
}

/// The header of `headers` closest to a column's names (sharing the most
/// characters, at least half of the shorter), for "最接近的是「出生年月」".
pub fn closest<'h>(names: &[&str], headers: &'h [String]) -> Option<&'h str> {
    let score = |a: &str, b: &str| strsim::normalized_levenshtein(&norm_header(a), &norm_header(b));
    headers
        .iter()
        .map(|h| (names.iter().map(|n| score(n, h)).fold(0.0, f64::max), h))
        .filter(|(s, _)| *s >= 0.3)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| h.as_str())
}

/// How many rows from the top to search for the header row.
const HEADER_SEARCH_ROWS: usize = 15;

/// Binds the sheets of one file to a table spec: picks the sheet and row
/// whose cells match the most column titles, then reads the rows below.
/// Rows that are wholly empty are skipped.
pub fn bind_file(
    spec: &Table,
    markers: &NotDataRows,
    file: &str,
    sheets: &[Sheet],
    out: &mut Bound,
) -> Result<(), NoHeader> {
    let names = spec.header_names.get_or_init(|| {
        spec.columns
            .iter()
            .map(|c| {
                std::iter::once(&c.title)
                    .chain(c.aliases.iter())
                    .map(|s| norm_header(s))
                    .collect()
            })
            .collect()
    });
    // (score, sheet, row, the row's normalised cells)
    let mut best: Option<(usize, usize, usize, &[String])> = None;
    'search: for (si, sheet) in sheets.iter().enumerate() {
        // Each cell normalised once per sheet, not once per column spec
        // or per school evaluation.
        let heads = sheet.heads.get_or_init(|| {
            sheet
                .rows
                .iter()
                .take(HEADER_SEARCH_ROWS)
                .map(|row| row.iter().map(norm_cell).collect())
                .collect()
        });
        for (ri, cells) in heads.iter().enumerate() {
            let score = names
                .iter()
                .filter(|alts| position(alts, cells).is_some())
                .count();
            if score > 0 && best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, si, ri, cells.as_slice()));
                if score == names.len() {
                    // Every column found: no later row can do better.
                    break 'search;
                }
            }
        }
    }
    let Some((_, si, hi, cells)) = best else {
        return Err(NoHeader {
            file: file.into(),
            sheet: sheets.first().and_then(|s| s.name.clone()),
        });
    };
    let sheet = &sheets[si];
    let header = &sheet.rows[hi];
    let positions: Vec<Option<usize>> = names.iter().map(|alts| position(alts, cells)).collect();
    let source = out.sources.len();
    out.sources.push(Source {
        file: file.into(),
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
        headers: header
            .iter()
            .map(Cell::text)
            .filter(|h| !h.is_empty())
            .collect(),
        ignored: false,
    });
    let markers = Markers::new(markers);
    // Blank rows count as skipped only when a record follows them.
    let mut blanks = Vec::new();
    for (ri, row) in sheet.rows.iter().enumerate().skip(hi + 1) {
        match not_data(row, sheet.banners.contains(&ri), &markers) {
            Some(SkipKind::Blank) => {
                blanks.push(ri + 1);
                continue;
            }
            Some(kind) => {
                out.skipped.push(Skipped {
                    source,
                    line: ri + 1,
                    kind,
                });
                continue;
            }
            None => {}
        }
        out.skipped.extend(blanks.drain(..).map(|line| Skipped {
            source,
            line,
            kind: SkipKind::Blank,
        }));
        let values = spec
            .columns
            .iter()
            .zip(&positions)
            .map(|(c, p)| match p.and_then(|i| row.get(i)) {
                Some(cell) => typed(cell, c),
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
    fn headers_normalise() {
        assert_eq!(norm_header(" 疏散用时(秒)* "), norm_header("疏散用时(秒)"));
        assert_eq!(norm_header("留样量（克）"), norm_header("留样量(克)"));
        assert_eq!(norm_header("备注："), "备注");
        assert_eq!(norm_header("监护人电话："), norm_header("监护人电话"));
        assert_eq!(stem(&norm_header("留样量（g）")), "留样量");
    }

    fn col(kind: ColType, units: &[&str]) -> ColumnSpec {
        ColumnSpec {
            id: "x".into(),
            title: "x".into(),
            aliases: Vec::new(),
            kind,
            optional: false,
            note: String::new(),
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    #[test]
    fn numbers_as_clerks_write_them() {
        let c = col(ColType::Number, &["克", "g"]);
        let read = |t: &str| typed(&Cell::Text(t.into()), &c);
        assert_eq!(read("125克"), Value::Number(125.0));
        assert_eq!(read("125 g"), Value::Number(125.0));
        assert_eq!(read("１２５"), Value::Number(125.0));
        assert_eq!(read("1,200"), Value::Number(1200.0));
        assert_eq!(
            read("约130"),
            Value::Invalid("约130".into(), Unreadable::Approximate)
        );
        assert_eq!(
            read("五十四"),
            Value::Invalid("五十四".into(), Unreadable::Number)
        );
        assert_eq!(
            read("19人"),
            Value::Invalid("19人".into(), Unreadable::Number)
        );
        assert_eq!(
            read("abc"),
            Value::Invalid("abc".into(), Unreadable::Number)
        );
        assert_eq!(
            read("inf"),
            Value::Invalid("inf".into(), Unreadable::Number)
        );
        let e = typed(&Cell::Error("#REF!".into()), &col(ColType::Text, &[]));
        assert_eq!(e, Value::Invalid("#REF!".into(), Unreadable::ExcelError));
        // As a CSV carries it: text, in a text column too.
        let e = typed(&Cell::Text("#N/A".into()), &col(ColType::Text, &[]));
        assert_eq!(e, Value::Invalid("#N/A".into(), Unreadable::ExcelError));
    }

    #[test]
    fn dates_as_clerks_write_them() {
        let c = col(ColType::Date, &[]);
        let d = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(typed(&Cell::Number(20140901.0), &c), d(2014, 9, 1));
        assert_eq!(
            typed(&Cell::Text("２０１４年９月１日".into()), &c),
            d(2014, 9, 1)
        );
        assert_eq!(
            typed(&Cell::Text("9月1日".into()), &c),
            Value::Invalid("9月1日".into(), Unreadable::NoYear)
        );
        assert_eq!(
            typed(&Cell::Number(123.0), &c),
            Value::Invalid("123".into(), Unreadable::Date)
        );
    }

    #[test]
    fn rows_that_are_not_records() {
        let m = Markers::new(&NotDataRows {
            totals: vec!["合计".into(), "小计".into()],
            notes: vec!["注".into(), "填表人".into()],
        });
        let row = |cells: &[&str]| -> Vec<Cell> {
            cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect()
        };
        assert_eq!(
            not_data(&row(&["合计", "", "54"]), false, &m),
            Some(SkipKind::Total)
        );
        assert_eq!(
            not_data(&row(&["", "合 计", "54"]), false, &m),
            Some(SkipKind::Total)
        );
        assert_eq!(
            not_data(&row(&["注：本表每学期更新"]), false, &m),
            Some(SkipKind::Note)
        );
        assert_eq!(
            not_data(&row(&["填表人:王老师", "", "审核:"]), false, &m),
            Some(SkipKind::Note)
        );
        assert_eq!(not_data(&row(&["", ""]), false, &m), Some(SkipKind::Blank));
        assert_eq!(
            not_data(&row(&["一年级"]), true, &m),
            Some(SkipKind::Heading)
        );
        // A child named 注... or a class 合计班 is a record.
        assert_eq!(not_data(&row(&["注明远", "男"]), false, &m), None);
        assert_eq!(
            not_data(&row(&["王小明", "男", "三(2)班"]), false, &m),
            None
        );
    }

    #[test]
    fn closest_header_is_named() {
        let headers = vec![
            "姓名".to_string(),
            "出生年月".to_string(),
            "班级".to_string(),
        ];
        assert_eq!(closest(&["出生日期", "生日"], &headers), Some("出生年月"));
        assert_eq!(closest(&["监护人电话"], &["甲".to_string()]), None);
    }
}
