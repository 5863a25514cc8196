//! Tables during one evaluation: each checklist table is bound to its
//! files once (header found, columns matched) and shared by every rule
//! that reads it; rows become expression contexts.

use super::bind::{bind_file, Bound, Row, Unreadable, Value};
use crate::checklist::{Checklist, Table, TableId};
use crate::evidence::{Evidence, EvidenceFile};
use crate::result::{Finding, Location};
use compact_str::CompactString;
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
        /// Findings about one column: missing from a file, or a cell that
        /// does not read as the column needs. A rule reports those of the
        /// columns it reads, and only those.
        column_problems: Vec<ColumnProblem>,
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
    /// One slot per checklist table, filled on first use.
    cache: Vec<OnceCell<Rc<TableState>>>,
    /// Per checklist table, the table files its globs match.
    files: Vec<Vec<&'a EvidenceFile>>,
    /// Files more than one table reads: their sheets are parsed once and
    /// kept. Any other file's are parsed for its table and given back once
    /// it is bound.
    shared: std::collections::HashSet<&'a str>,
}

impl<'a> Tables<'a> {
    pub fn new(checklist: &'a Checklist, evidence: &'a Evidence) -> Self {
        let files: Vec<Vec<&EvidenceFile>> = checklist
            .tables
            .values()
            .map(|spec| {
                evidence
                    .matching(&spec.files)
                    .into_iter()
                    .filter(|f| crate::evidence::table::TABLE_EXTS.contains(&f.ext.as_str()))
                    .collect()
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut shared = std::collections::HashSet::new();
        for f in files.iter().flatten() {
            if !seen.insert(f.path.as_str()) {
                shared.insert(f.path.as_str());
            }
        }
        Tables {
            checklist,
            cache: checklist.tables.iter().map(|_| OnceCell::new()).collect(),
            files,
            shared,
        }
    }

    /// The tables read so far (those an applicable item used), in the
    /// checklist's order: files, rows and the rows read past.
    pub fn report(&self) -> Vec<crate::result::TableRead> {
        use crate::result::{SkippedRow, TableFile, TableRead};
        self.checklist
            .tables
            .values()
            .zip(&self.cache)
            .filter_map(|(spec, slot)| {
                let TableState::Found { bound, .. } = &**slot.get()? else {
                    return None;
                };
                let files = bound
                    .sources
                    .iter()
                    .enumerate()
                    .map(|(i, s)| TableFile {
                        file: s.file.to_string(),
                        sheet: s.sheet.clone(),
                        header_row: s.header_line,
                        rows: bound.rows.iter().filter(|r| r.source == i).count(),
                        ignored: s.ignored,
                    })
                    .collect();
                let skipped = bound
                    .skipped
                    .iter()
                    .map(|k| SkippedRow {
                        file: bound.sources[k.source].file.to_string(),
                        sheet: bound.sources[k.source].sheet.clone(),
                        row: k.line,
                        reason: k.kind,
                    })
                    .collect();
                Some(TableRead {
                    id: spec.id.clone(),
                    title: spec.title.clone(),
                    files,
                    rows: bound.rows.len(),
                    skipped,
                })
            })
            .collect()
    }

    /// The bound table `id`.
    pub fn get(&self, id: TableId) -> Rc<TableState> {
        self.cache[id.0]
            .get_or_init(|| Rc::new(self.bind(id)))
            .clone()
    }

    fn bind(&self, id: TableId) -> TableState {
        let spec = self.checklist.table(id);
        let mut files = self.files[id.0].clone();
        // A copy marked final is read first and one marked old last, so
        // that a row they share is counted from the newer (see
        // `duplicates`); the sort is stable, paths stay in order otherwise.
        files.sort_by_key(|f| {
            let name = f.name();
            match (
                FINAL_MARKS.iter().any(|m| name.contains(m)),
                OLD_MARKS.iter().any(|m| name.contains(m)),
            ) {
                (true, _) => 0,
                (false, false) => 1,
                (false, true) => 2,
            }
        });
        if files.is_empty() {
            return TableState::Missing;
        }
        let mut bound = Bound::default();
        let mut problems = Vec::new();
        for f in files {
            let sheets = if self.shared.contains(f.path.as_str()) {
                f.sheets().map(std::borrow::Cow::Borrowed)
            } else {
                f.sheets_once()
            };
            let sheets = match sheets {
                Ok(s) => s,
                Err(e) => return TableState::Unreadable(format!("「{}」无法读取: {e}", f.path)),
            };
            if let Err(nh) = bind_file(
                spec,
                &self.checklist.not_data_rows,
                &f.path,
                &sheets,
                &mut bound,
            ) {
                problems.push(Finding {
                    code: "table-header-missing".into(),
                    message: format!(
                        "「{}」中找不到「{}」的表头行(应含「{}」等列)",
                        nh.file,
                        spec.title,
                        headers(spec)
                    ),
                    location: Location {
                        file: Some(nh.file.into()),
                        sheet: nh.sheet.map(Into::into),
                        ..Default::default()
                    },
                    subject: None,
                    veto: false,
                });
            }
        }
        // An unfilled template left beside the clerk's own file: not read,
        // and said (when every file is empty, the rules say `table-empty`).
        let filled: Vec<bool> = (0..bound.sources.len())
            .map(|i| bound.rows.iter().any(|r| r.source == i))
            .collect();
        if filled.iter().any(|f| *f) {
            for (i, f) in filled.iter().enumerate() {
                if !f {
                    bound.sources[i].ignored = true;
                }
            }
        }
        let mut missing_columns = Vec::new();
        let mut column_problems = duplicates(spec, &mut bound);
        for (ci, col) in spec.columns.iter().enumerate() {
            for src in bound.sources.iter().filter(|s| !s.ignored) {
                if src.columns[ci].is_none() && !col.optional {
                    let names: Vec<&str> = std::iter::once(col.title.as_str())
                        .chain(col.aliases.iter().map(String::as_str))
                        .collect();
                    let mut message = format!("「{}」没有找到「{}」列", src.file, col.title);
                    if let Some(h) = crate::eval::bind::closest(&names, &src.headers) {
                        message.push_str(&format!(";最接近的是「{h}」"));
                    }
                    column_problems.push(ColumnProblem {
                        column: ci,
                        unit: "table".into(),
                        finding: Finding {
                            code: "column-missing".into(),
                            message,
                            location: Location {
                                file: Some(src.file.clone()),
                                sheet: src.sheet.as_deref().map(Into::into),
                                row: Some(src.header_line),
                                column: None,
                            },
                            subject: None,
                            veto: false,
                        },
                    });
                }
            }
            if !col.optional
                && bound
                    .sources
                    .iter()
                    .filter(|s| !s.ignored)
                    .all(|s| s.columns[ci].is_none())
            {
                missing_columns.push(ci);
            }
        }
        for row in &bound.rows {
            for (ci, v) in row.values.iter().enumerate() {
                if let Value::Invalid(raw, why) = v {
                    column_problems.push(ColumnProblem {
                        column: ci,
                        unit: row.unit(),
                        finding: invalid_cell(spec, &bound, row, ci, raw, *why),
                    });
                }
            }
        }
        let bound = Arc::new(bound);
        let values = row_values(spec, &bound);
        TableState::Found {
            bound,
            values,
            problems,
            column_problems,
            missing_columns,
        }
    }
}

/// Words in a file name that mark the copy to trust (最终版 beside an
/// older copy).
const FINAL_MARKS: &[&str] = &["最终", "终版", "定稿", "final", "Final", "FINAL"];

/// Words in a file name that mark an older copy.
const OLD_MARKS: &[&str] = &["旧", "副本", "备份", "old", "Old", "copy", "Copy", "bak"];

/// Rows whose key (a child's name, a class, a plate) appeared before, in
/// the same file or another: a `duplicate-row` finding naming both places,
/// and the row is not counted twice. Files come final copy first, then in
/// path order; the first place is the one kept.
fn duplicates(spec: &Table, bound: &mut Bound) -> Vec<ColumnProblem> {
    let Some(k) = spec.key else {
        return Vec::new();
    };
    let place = |b: &Bound, r: &Row| {
        let s = &b.sources[r.source];
        format!("{} 第 {} 行", s.file, r.line)
    };
    let mut first: std::collections::HashMap<String, usize> = Default::default();
    let mut out = Vec::new();
    let mut keep = vec![true; bound.rows.len()];
    for (i, row) in bound.rows.iter().enumerate() {
        let key: String = row.values[k]
            .display()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if key.is_empty() {
            continue;
        }
        match first.get(&key) {
            None => {
                first.insert(key, i);
            }
            Some(&j) => {
                keep[i] = false;
                let shown = row.values[k].display();
                out.push(ColumnProblem {
                    column: k,
                    unit: row.unit(),
                    finding: Finding {
                        code: "duplicate-row".into(),
                        message: format!(
                            "「{shown}」在「{}」中出现了两次:{} 和 {};只计前一处,请删去多余的一行(或旧的文件)",
                            spec.title,
                            place(bound, &bound.rows[j]),
                            place(bound, row)
                        ),
                        location: cell_location(bound, spec, row, Some(k)),
                        subject: Some(shown.into()),
                        veto: false,
                    },
                });
            }
        }
    }
    let mut i = 0;
    bound.rows.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    out
}

/// A finding about one column of a bound table.
#[derive(Debug, Clone)]
pub struct ColumnProblem {
    pub column: usize,
    /// The unit it fails in a rule: the row (`source#line`) for a cell,
    /// `table` for a column missing from a file.
    pub unit: CompactString,
    pub finding: Finding,
}

/// The finding for a cell that does not read as its column needs.
fn invalid_cell(
    spec: &Table,
    bound: &Bound,
    row: &Row,
    ci: usize,
    raw: &str,
    why: Unreadable,
) -> Finding {
    let subject = spec
        .key
        .map(|k| row.values[k].display())
        .filter(|s| !s.is_empty());
    let who = subject
        .as_deref()
        .map(|s| format!("「{s}」"))
        .unwrap_or_default();
    let title = &spec.columns[ci].title;
    let (code, message) = match why {
        Unreadable::Number => (
            "number-invalid",
            format!("{who}「{title}」的「{raw}」不是有效的数字"),
        ),
        Unreadable::Approximate => (
            "number-invalid",
            format!("{who}「{title}」的「{raw}」不是确切的数字,请填写实际数值"),
        ),
        Unreadable::Date => (
            "date-invalid",
            format!("{who}「{title}」的「{raw}」不是有效的日期"),
        ),
        Unreadable::NoYear => (
            "date-invalid",
            format!("{who}「{title}」的「{raw}」没有年份,请写完整日期(如 2026-09-01)"),
        ),
        Unreadable::ExcelError => (
            "cell-error",
            format!("{who}「{title}」是 Excel 错误值「{raw}」,请改正公式或直接填写"),
        ),
        Unreadable::NoCachedValue => (
            "formula-no-value",
            format!(
                "{who}「{title}」是没有计算结果的公式,请用 Excel 或 WPS 打开该文件、保存后再提交"
            ),
        ),
    };
    Finding {
        code: code.into(),
        message,
        location: cell_location(bound, spec, row, Some(ci)),
        subject: subject.map(Into::into),
        veto: false,
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
        Value::Text(s) => MjValue::from(s.as_str()),
        // Never compared or counted: the cell's own finding stands for it.
        Value::Invalid(..) => MjValue::UNDEFINED,
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
        // Kept once per finding: inline when short.
        Some(compact_str::format_compact!("{}({})", at.letter, at.header))
    });
    let column = column.or_else(|| col.map(|ci| spec.columns[ci].title.as_str().into()));
    Location {
        file: Some(src.file.clone()),
        sheet: src.sheet.as_deref().map(Into::into),
        row: Some(row.line),
        column,
    }
}
