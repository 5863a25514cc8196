//! Header binding: a checklist table bound to the sheets of its files.
//! The header row is found by the column titles and aliases, each data
//! row's cells are typed as their columns need, and every row keeps its
//! file, sheet and line for the findings.

use crate::checklist::{ColType, Table};
use crate::date;
use crate::evidence::table::{col_letter, Cell, Sheet};
use crate::present::number::plain;
use chrono::NaiveDate;

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
            Value::Number(n) => plain(*n),
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

/// Binds the sheets of one file to a table spec: picks the sheet and row
/// whose cells match the most column titles, then reads the rows below.
/// Rows that are wholly empty are skipped.
pub fn bind_file(
    spec: &Table,
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
    fn headers_normalise() {
        assert_eq!(norm_header(" 疏散用时(秒)* "), norm_header("疏散用时(秒)"));
    }
}
