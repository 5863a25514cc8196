//! A table to write: its cells ([`Out`]) and a worksheet's layout
//! ([`SheetOut`]), shared by the xlsx and CSV writers.

use chrono::{NaiveDate, NaiveDateTime};

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Number(f64),
    /// A real date: an Excel date in workbooks, `YYYY-MM-DD` in CSV.
    Date(NaiveDate),
    /// A real date and time: an Excel date-time in workbooks,
    /// `YYYY-MM-DD HH:MM` in CSV.
    DateTime(NaiveDateTime),
}

impl Out {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Out {
        Out::Text(s.into())
    }

    /// The cell as CSV text.
    pub fn to_text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(s) => s.clone(),
            Out::Number(n) => crate::present::number::plain(*n),
            Out::Date(d) => d.format("%Y-%m-%d").to_string(),
            Out::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// One worksheet: an optional title row (merged across the header width)
/// and note row above a bold, bordered header row.
#[derive(Debug, Clone, Default)]
pub struct SheetOut {
    pub name: String,
    pub title: Option<String>,
    pub note: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Out>>,
    /// Column widths in characters; empty: from the header and cell texts.
    pub widths: Vec<f64>,
    /// Per column, the format of the cells a school will type in and a
    /// note on the header (the templates of `ducha init`); may be empty.
    pub columns: Vec<ColumnOut>,
    /// How the sheet prints; none: as the spreadsheet program likes.
    pub print: Option<PrintOut>,
    /// Charts, each drawn from a small table of its own that the writer
    /// lays out below the title (the rows and headers stay empty).
    pub charts: Vec<ChartOut>,
}

/// Rows made as they are written: called once per pass over the sheet
/// (its column widths, then its cells), each row handed to `f` and
/// dropped. A county's tables (tens of thousands of schools, hundreds of
/// thousands of rectifications) are never held as cells all at once.
pub type RowsFn<'a> = Box<dyn Fn(&mut dyn FnMut(&[Out])) + Send + Sync + 'a>;

/// A sheet whose rows are either held (`head.rows`) or made on demand.
pub struct Sheet<'a> {
    /// Name, title, headers and layout; its `rows` are the rows unless
    /// `made` is set.
    pub head: SheetOut,
    pub made: Option<RowsFn<'a>>,
}

impl<'a> Sheet<'a> {
    /// A sheet whose rows are made as they are written.
    pub fn made(head: SheetOut, rows: impl Fn(&mut dyn FnMut(&[Out])) + Send + Sync + 'a) -> Self {
        Sheet {
            head,
            made: Some(Box::new(rows)),
        }
    }

    /// Each row in order.
    pub fn each(&self, f: &mut dyn FnMut(&[Out])) {
        match &self.made {
            Some(m) => m(f),
            None => self.head.rows.iter().for_each(|r| f(r)),
        }
    }

    /// The rows, held (a CSV file, a test).
    pub fn rows(&self) -> Vec<Vec<Out>> {
        let mut v = Vec::new();
        self.each(&mut |r| v.push(r.to_vec()));
        v
    }
}

impl From<SheetOut> for Sheet<'_> {
    fn from(head: SheetOut) -> Self {
        Sheet { head, made: None }
    }
}

/// A sheet a clerk prints and files: A4 landscape, one page wide (as many
/// pages tall as it takes), the title, note and header rows repeated on
/// every page, and this footer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintOut {
    /// Excel's header and footer codes: `&C第 &P 页 共 &N 页`.
    pub footer: String,
}

/// A native chart and the table it draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOut {
    pub kind: ChartKind,
    pub title: String,
    /// The category axis's title.
    pub category_title: String,
    /// The value axis's title.
    pub value_title: String,
    /// The table's header: the category column's, then each series' name.
    pub headers: Vec<String>,
    /// The table's rows: the category, then one value per series.
    pub rows: Vec<(String, Vec<f64>)>,
}

/// The kind of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical columns.
    Column,
    /// Horizontal bars.
    Bar,
    /// Horizontal bars, the series stacked.
    StackedBar,
}

/// How a template column takes what is typed in it.
#[derive(Debug, Clone, Default)]
pub struct ColumnOut {
    pub kind: ColumnKind,
    /// Shown as a comment on the header cell: the accepted forms.
    pub note: Option<String>,
    /// The values to choose from (a dropdown on the column's rows); empty:
    /// anything may be typed.
    pub choices: Vec<String>,
}

/// The cell format of a template column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColumnKind {
    #[default]
    General,
    /// Stored as typed: phone numbers keep a leading 0, ID numbers all
    /// 18 digits.
    Text,
    /// A date cell (yyyy-mm-dd).
    Date,
    /// Long text, wrapped within the column's width.
    Wrap,
}
