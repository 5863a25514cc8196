//! A table of the submission, editable until written as .xlsx or CSV,
//! with its dates typed in one of the forms schools use.

use chrono::{Datelike, NaiveDate};
use ducha::output::csv::{self, Encoding};
use ducha::output::sheet::{Out, SheetOut};
use ducha::output::xlsx;

pub(crate) fn t(s: impl Into<String>) -> Out {
    Out::Text(s.into())
}

pub(crate) fn n(x: impl Into<f64>) -> Out {
    Out::Number(x.into())
}

/// How dates are typed in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dates {
    /// Real Excel dates (ISO text in CSV).
    Excel,
    Iso,
    /// 2026-9-1
    Dash,
    /// 2026/09/01
    Slash,
    /// 2026年9月1日
    Chinese,
    /// 2026.9.1
    Dot,
}

pub(crate) const DATE_STYLES: [Dates; 6] = [
    Dates::Excel,
    Dates::Dash,
    Dates::Slash,
    Dates::Chinese,
    Dates::Dot,
    Dates::Iso,
];

pub(crate) fn date_text(d: NaiveDate, s: Dates) -> String {
    let (y, m, dd) = (d.year(), d.month(), d.day());
    match s {
        Dates::Excel | Dates::Iso => format!("{y}-{m:02}-{dd:02}"),
        Dates::Dash => format!("{y}-{m}-{dd}"),
        Dates::Slash => format!("{y}/{m:02}/{dd:02}"),
        Dates::Chinese => format!("{y}年{m}月{dd}日"),
        Dates::Dot => format!("{y}.{m}.{dd}"),
    }
}

/// How a table is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fmt {
    /// A workbook; `true`: with a title row (and a note row) above the header.
    Xlsx(bool),
    Csv(Encoding),
}

/// A table of the submission, kept editable until it is written.
pub(crate) struct Table {
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) note: Option<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<Out>>,
    pub(crate) fmt: Fmt,
    pub(crate) dates: Dates,
}

impl Table {
    pub(crate) fn col(&self, header: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("{}: no column {header}", self.path))
    }
    /// Rows whose `col` reads `key`.
    pub(crate) fn find(&self, col: &str, key: &str) -> Vec<usize> {
        let c = self.col(col);
        (0..self.rows.len())
            .filter(|&i| self.rows[i][c].to_text() == key)
            .collect()
    }
    /// Sets `col` in every row whose `key_col` reads `key`.
    pub(crate) fn set(&mut self, key_col: &str, key: &str, col: &str, v: Out) {
        let c = self.col(col);
        let rows = self.find(key_col, key);
        assert!(
            !rows.is_empty(),
            "{}: no row with {key_col} = {key}",
            self.path
        );
        for i in rows {
            self.rows[i][c] = v.clone();
        }
    }
    pub(crate) fn set_at(&mut self, row: usize, col: &str, v: Out) {
        let c = self.col(col);
        self.rows[row][c] = v;
    }
    pub(crate) fn remove(&mut self, col: &str, key: &str) {
        let c = self.col(col);
        self.rows.retain(|r| r[c].to_text() != key);
    }
    pub(crate) fn cell(&self, row: usize, col: &str) -> String {
        self.rows[row][self.col(col)].to_text()
    }

    pub(crate) fn styled(&self, v: &Out) -> Out {
        let excel = self.dates == Dates::Excel && matches!(self.fmt, Fmt::Xlsx(_));
        match v {
            Out::Date(d) if !excel => Out::Text(date_text(*d, self.dates)),
            Out::DateTime(x) if !excel => Out::Text(format!(
                "{} {}",
                date_text(x.date(), self.dates),
                x.format("%H:%M")
            )),
            v => v.clone(),
        }
    }

    pub(crate) fn bytes(&self) -> Vec<u8> {
        let rows: Vec<Vec<Out>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|v| self.styled(v)).collect())
            .collect();
        match self.fmt {
            Fmt::Csv(enc) => csv::csv(&self.headers, &rows, enc),
            Fmt::Xlsx(titled) => {
                let name = self
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or("Sheet1")
                    .trim_end_matches(".xlsx")
                    .chars()
                    .take(31)
                    .collect();
                let sheet = SheetOut {
                    name,
                    title: titled.then(|| self.title.clone()),
                    note: if titled { self.note.clone() } else { None },
                    headers: self.headers.clone(),
                    rows,
                    widths: Vec::new(),
                    columns: Vec::new(),
                    ..Default::default()
                };
                xlsx::xlsx(&[sheet]).expect("workbook")
            }
        }
    }
}
