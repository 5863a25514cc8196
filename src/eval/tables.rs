//! Tables during one evaluation: each checklist table is bound to its
//! files once (header found, columns matched) and shared by every rule
//! that reads it; rows become expression contexts.

use super::bind::{bind_file, Bound, Row, Value};
use crate::checklist::{Checklist, Table, TableId};
use crate::evidence::Evidence;
use crate::result::{Finding, Location};
use minijinja::Value as MjValue;
use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::Arc;

/// A table as found in the submission.
#[derive(Debug)]
pub enum TableState {
    /// No file matches the table's globs.
    Missing,
    /// A matching file could not be read: the items using it are `error`.
    Unreadable(String),
    /// Read; `problems` are findings about the files themselves (no header
    /// row, missing columns); `missing_columns` are spec column indexes
    /// absent from every source. `values` are the rows as expressions see
    /// them (`row_values`), built once and shared by every rule.
    Found {
        bound: Arc<Bound>,
        values: Vec<MjValue>,
        problems: Vec<Finding>,
        missing_columns: Vec<usize>,
    },
}

impl TableState {
    /// The rows and their expression values; none unless found.
    pub fn rows(&self) -> (&[Row], &[MjValue]) {
        match self {
            TableState::Found { bound, values, .. } => (&bound.rows, values),
            _ => (&[], &[]),
        }
    }
}

/// Bound tables of one evaluation, bound on first use.
pub struct Tables<'a> {
    checklist: &'a Checklist,
    evidence: &'a Evidence,
    /// One slot per checklist table, filled on first use.
    cache: Vec<OnceCell<Rc<TableState>>>,
}

impl<'a> Tables<'a> {
    pub fn new(checklist: &'a Checklist, evidence: &'a Evidence) -> Self {
        Tables {
            checklist,
            evidence,
            cache: checklist.tables.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The bound table `id`.
    pub fn get(&self, id: TableId) -> Rc<TableState> {
        self.cache[id.0]
            .get_or_init(|| Rc::new(self.bind(self.checklist.table(id))))
            .clone()
    }

    fn bind(&self, spec: &Table) -> TableState {
        let files: Vec<_> = self
            .evidence
            .matching(&spec.files)
            .into_iter()
            .filter(|f| crate::evidence::table::TABLE_EXTS.contains(&f.ext.as_str()))
            .collect();
        if files.is_empty() {
            return TableState::Missing;
        }
        let mut bound = Bound::default();
        let mut problems = Vec::new();
        for f in files {
            let sheets = match f.sheets() {
                Ok(s) => s,
                Err(e) => return TableState::Unreadable(format!("「{}」无法读取: {e}", f.path)),
            };
            if let Err(nh) = bind_file(spec, &f.path, sheets, &mut bound) {
                problems.push(Finding {
                    code: "table-header-missing".into(),
                    message: format!(
                        "「{}」中找不到「{}」的表头行(应含「{}」等列)",
                        nh.file,
                        spec.title,
                        headers(spec)
                    ),
                    location: Location {
                        file: Some(nh.file),
                        sheet: nh.sheet,
                        ..Default::default()
                    },
                    subject: None,
                    veto: false,
                });
            }
        }
        let mut missing_columns = Vec::new();
        for (ci, col) in spec.columns.iter().enumerate() {
            for src in &bound.sources {
                if src.columns[ci].is_none() && !col.optional {
                    problems.push(Finding {
                        code: "column-missing".into(),
                        message: format!("「{}」缺少「{}」列", src.file, col.title),
                        location: Location {
                            file: Some(src.file.clone()),
                            sheet: src.sheet.clone(),
                            row: Some(src.header_line),
                            column: None,
                        },
                        subject: None,
                        veto: false,
                    });
                }
            }
            if !col.optional && bound.sources.iter().all(|s| s.columns[ci].is_none()) {
                missing_columns.push(ci);
            }
        }
        let bound = Arc::new(bound);
        let values = row_values(spec, &bound);
        TableState::Found {
            bound,
            values,
            problems,
            missing_columns,
        }
    }
}

fn headers(spec: &Table) -> String {
    spec.columns
        .iter()
        .take(3)
        .map(|c| c.title.as_str())
        .collect::<Vec<_>>()
        .join("」「")
}

/// A cell value as expressions see it: text, number, ISO date, or none.
pub fn mj_value(v: &Value) -> MjValue {
    match v {
        Value::Empty => MjValue::from(()),
        Value::Text(s) | Value::Invalid(s) => MjValue::from(s.as_str()),
        Value::Number(n) if crate::present::number::is_whole(*n) => MjValue::from(*n as i64),
        Value::Number(n) => MjValue::from(*n),
        Value::Date(d) => MjValue::from(crate::date::iso_str(&crate::date::iso_bytes(*d))),
    }
}

/// The rows as expressions see them (`row.name`), one per row; a cell
/// becomes an expression value only when an expression reads it.
pub fn row_values(spec: &Table, bound: &Arc<Bound>) -> Vec<MjValue> {
    let ids = Arc::new(spec.columns.iter().map(|c| c.id.clone()).collect());
    (0..bound.rows.len())
        .map(|i| super::scope::record(&ids, bound, i))
        .collect()
}

/// Location of a cell: file, sheet, row, and `D(父母联系电话)`.
pub fn cell_location(bound: &Bound, spec: &Table, row: &Row, col: Option<usize>) -> Location {
    let src = &bound.sources[row.source];
    let column = col.and_then(|ci| {
        let at = src.columns.get(ci)?.as_ref()?;
        Some(format!("{}({})", at.letter, at.header))
    });
    let column = column.or_else(|| col.map(|ci| spec.columns[ci].title.clone()));
    Location {
        file: Some(src.file.clone()),
        sheet: src.sheet.clone(),
        row: Some(row.line),
        column,
    }
}
