//! The checked checklist: what validation builds from the raw YAML
//! shapes (`raw`) and the only form evaluation reads. Every expression,
//! regex and glob is compiled, every table and column reference is bound
//! to an index, and a per-row check is one enum variant, so a check that
//! validation did not accept cannot be built, and evaluation has no
//! "not validated" branch and no lookup by source text.

use super::glob::Glob;
use super::raw::{ColumnSpec, Combine, Guidance, Mode, Scoring};
use super::raw::{GradeBand, ProfileSpec, Rectification, SchoolType};
use crate::expr::{Expr, Template};
use chrono::NaiveDate;
use indexmap::IndexMap;
use regex::Regex;

/// The position of a table in [`Checklist::tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableId(pub usize);

/// The position of a column in its table's [`Table::columns`].
pub type Col = usize;

/// A validated checklist.
#[derive(Debug)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    pub edition: String,
    pub issuer: String,
    /// The documents' settings as the checklist (and what it extends) set
    /// them; a county's `county.yaml` goes over them (`crate::documents`).
    pub documents: super::raw::Documents,
    /// Where it came from (a path, or the embedded checklist's name).
    pub source: String,
    pub school_types: Vec<SchoolType>,
    pub profile: ProfileSpec,
    /// Sorted from the highest band to the lowest.
    pub grade_bands: Vec<GradeBand>,
    pub rectification: Rectification,
    /// Risk weights of the spot-check draw (抽查); none: not declared.
    pub spot_check: Option<super::raw::SpotCheck>,
    /// Rows of submitted tables that are not records.
    pub not_data_rows: super::raw::NotDataRows,
    /// Tables by id, in the order the checklist declares them.
    pub tables: IndexMap<String, Table>,
    pub sections: Vec<Section>,
    /// True when the checklist `extends` another (a county tailoring).
    pub tailored: bool,
}

impl Checklist {
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().map(|(_, i)| i).find(|i| i.id == id)
    }
    pub fn school_type(&self, id: &str) -> Option<&SchoolType> {
        self.school_types.iter().find(|t| t.id == id)
    }
    /// The table a rule refers to (validation bound the reference).
    pub fn table(&self, id: TableId) -> &Table {
        &self.tables[id.0]
    }
    pub fn total_points(&self) -> f64 {
        self.items().map(|(_, i)| i.points).sum()
    }
    /// Grade for a score in percent (bands sorted high to low).
    pub fn grade_for(&self, score: f64) -> String {
        self.grade_bands
            .iter()
            .find(|b| score + 1e-9 >= b.min)
            .or(self.grade_bands.last())
            .map(|b| b.grade.clone())
            .unwrap_or_default()
    }
    /// The lowest grade: what a failed veto item gives.
    pub fn lowest_grade(&self) -> String {
        self.grade_bands
            .last()
            .map(|b| b.grade.clone())
            .unwrap_or_default()
    }
}

/// A table the school submits, with its file globs compiled.
#[derive(Debug)]
pub struct Table {
    pub id: String,
    pub title: String,
    /// Every matching file is read.
    pub files: Vec<Glob>,
    /// Where `ducha init` puts the template (relative path, .xlsx).
    pub template: Option<String>,
    pub columns: Vec<ColumnSpec>,
    /// The column whose values identify a row (a child's name).
    pub key: Option<Col>,
    /// Shown to the school above the template's header row.
    pub note: String,
    /// Each column's title and aliases as header matching compares them,
    /// computed on first use and kept for every school of a batch.
    pub header_names: std::sync::OnceLock<Vec<Vec<String>>>,
}

impl Table {
    pub fn column(&self, id: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.id == id)
    }
    /// The patterns of [`Table::files`] as written.
    pub fn patterns(&self) -> Vec<&str> {
        self.files.iter().map(Glob::source).collect()
    }
}

/// A section of the checklist with its items.
#[derive(Debug)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// The title in English (`--lang en`), when the checklist gives one.
    pub title_en: Option<String>,
    pub points: f64,
    pub items: Vec<Item>,
}

/// One inspection item.
#[derive(Debug)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The rule it rests on: name and article.
    pub basis: String,
    pub points: f64,
    pub veto: bool,
    /// Finding codes that trigger the veto; empty: any finding.
    pub veto_on: Vec<String>,
    /// School types it applies to; empty: all.
    pub school_types: Vec<String>,
    /// Applies only when this holds (`school.canteen`).
    pub applies_if: Option<Expr>,
    pub mode: Mode,
    pub combine: Combine,
    pub scoring: Scoring,
    /// Thresholds and other numbers, as `params.NAME` in expressions.
    pub params: IndexMap<String, serde_yaml::Value>,
    pub guidance: Guidance,
    pub rules: Vec<Rule>,
    /// Ids of this item in earlier editions.
    pub replaces: Vec<String>,
}

/// Evidence rules: the vocabulary the checklist composes.
#[derive(Debug)]
pub enum Rule {
    Files(FilesRule),
    Table(TableRule),
    Aggregate(AggregateRule),
    Coverage(CoverageRule),
    Assert(AssertRule),
    Followup(FollowupRule),
}

impl Rule {
    /// The tables the rule reads.
    pub fn tables(&self) -> Vec<TableId> {
        match self {
            Rule::Files(_) | Rule::Assert(_) => Vec::new(),
            Rule::Followup(f) => f.ledger.iter().map(|l| l.table).collect(),
            Rule::Table(t) => vec![t.table],
            Rule::Aggregate(a) => std::iter::once(a.table)
                .chain(a.values.iter().filter_map(|(_, v)| v.table))
                .chain(a.lookup.iter().map(|l| l.table))
                .collect(),
            Rule::Coverage(c) => std::iter::once(c.from)
                .chain(c.to.iter().map(|(t, _)| *t))
                .collect(),
        }
    }
    /// The file globs the rule reads (not those of its tables).
    pub fn globs(&self) -> &[Glob] {
        match self {
            Rule::Files(f) => &f.globs,
            Rule::Coverage(c) => &c.to_files,
            _ => &[],
        }
    }
}

/// Files that must be present.
#[derive(Debug)]
pub struct FilesRule {
    /// What the files are, in the school's words (学校工作计划).
    pub label: String,
    pub globs: Vec<Glob>,
    pub min: usize,
    /// Allowed extensions, lower case, without the dot; empty: any.
    pub extensions: Vec<String>,
    pub non_empty: bool,
    /// Words (templates: `{{ year }}`) that a readable file must contain.
    pub keywords: Vec<Template>,
    /// Where `ducha init` leaves a placeholder folder.
    pub folder: Option<String>,
}

/// Row checks on a table.
#[derive(Debug)]
pub struct TableRule {
    pub table: TableId,
    pub min_rows: usize,
    /// An absent table is no finding.
    pub optional: bool,
    /// Only rows for which this holds are checked.
    pub when: Option<Expr>,
    pub checks: Vec<Check>,
}

/// A per-row check of a table rule.
#[derive(Debug)]
pub struct Check {
    pub kind: CheckKind,
    /// Only rows for which this holds are checked.
    pub when: Option<Expr>,
    pub code: Option<String>,
    /// The message; without one the engine's default names the check.
    pub message: Option<Template>,
}

/// What a per-row check asks of a row.
#[derive(Debug)]
pub enum CheckKind {
    /// These columns must not be empty.
    Required(Vec<Col>),
    /// The whole cell matches the regex.
    Pattern { column: Col, regex: Regex },
    /// The cell is one of the values.
    OneOf { column: Col, values: Vec<String> },
    /// A number column's value lies within the bounds (inclusive).
    Range {
        column: Col,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// A date column's value lies within the bounds (inclusive).
    Dates {
        column: Col,
        not_before: Option<DateBound>,
        not_after: Option<DateBound>,
    },
    /// A condition on the row; `column` is where a failure points.
    Test { column: Option<Col>, test: Expr },
}

impl CheckKind {
    /// The columns the check reads directly.
    pub fn columns(&self) -> Vec<Col> {
        match self {
            CheckKind::Required(cols) => cols.clone(),
            CheckKind::Pattern { column, .. }
            | CheckKind::OneOf { column, .. }
            | CheckKind::Range { column, .. }
            | CheckKind::Dates { column, .. } => vec![*column],
            CheckKind::Test { column, .. } => column.iter().copied().collect(),
        }
    }
}

/// A date bound of a check. It has one meaning: a date written in the
/// checklist, or an expression whose value is a date (a name such as
/// `term_start` or `params.since`, or `add_days(date, -31)`).
#[derive(Debug)]
pub enum DateBound {
    Date(NaiveDate),
    Expr(Expr),
}

impl DateBound {
    /// As written in the checklist.
    pub fn source(&self) -> String {
        match self {
            DateBound::Date(d) => crate::date::iso(*d),
            DateBound::Expr(e) => e.source.clone(),
        }
    }
}

/// Aggregates over a table compared with thresholds or the profile.
#[derive(Debug)]
pub struct AggregateRule {
    pub table: TableId,
    pub when: Option<Expr>,
    /// Evaluate per distinct value of this column.
    pub group_by: Option<Col>,
    pub lookup: Option<Lookup>,
    /// Named values, in order (a later one may not read an earlier one;
    /// the assertions read them all).
    pub values: Vec<(String, Agg)>,
    pub assert: Vec<Assertion>,
    /// An absent table counts as zero rows instead of a finding.
    pub optional: bool,
}

/// Joins each group of an aggregate to a row of another table.
#[derive(Debug)]
pub struct Lookup {
    pub table: TableId,
    /// Column of `table` that holds the group's value.
    pub key: Col,
    /// Name of the joined row in expressions.
    pub alias: String,
}

/// One aggregate value: an operation over the rule's table, or over
/// `table` (all its rows, or those where `when` holds; `when` may read
/// `group`), which joins two tables in one rule.
#[derive(Debug)]
pub struct Agg {
    pub op: AggOp,
    pub table: Option<TableId>,
    pub when: Option<Expr>,
}

/// What an aggregate computes; columns are of the table it runs over.
#[derive(Debug)]
pub enum AggOp {
    Count,
    CountWhere(Expr),
    Sum(Col),
    Min(Col),
    Max(Col),
    /// Share (0..1) of rows where the expression holds.
    Ratio(Expr),
    /// The distinct non-empty values of a column, as a list.
    Values(Col),
}

impl AggOp {
    /// The column the operation reads, if any.
    pub fn column(&self) -> Option<Col> {
        match self {
            AggOp::Sum(c) | AggOp::Min(c) | AggOp::Max(c) | AggOp::Values(c) => Some(*c),
            _ => None,
        }
    }
}

/// A condition with the message given when it does not hold.
#[derive(Debug)]
pub struct Assertion {
    pub test: Expr,
    pub message: Template,
    pub code: Option<String>,
}

/// Every key of one table has a match in another table (or a file).
#[derive(Debug)]
pub struct CoverageRule {
    pub from: TableId,
    /// Key column of `from`.
    pub key: Col,
    /// Only these rows of `from` need a match.
    pub from_when: Option<Expr>,
    /// A table of matches and its key column; with `to_files` too,
    /// either counts.
    pub to: Option<(TableId, Col)>,
    /// A row of `to` counts only when this holds.
    pub when: Option<Expr>,
    /// Or: a file whose name contains the key.
    pub to_files: Vec<Glob>,
    pub code: Option<String>,
    pub message: Option<Template>,
}

/// Last term's problems passing now or done in a ledger (回头看).
#[derive(Debug)]
pub struct FollowupRule {
    pub ledger: Option<Ledger>,
    pub code: Option<String>,
    /// With `problem` (id, title, previous_score, previous_max, score, max).
    pub message: Option<Template>,
}

/// Where a problem is recorded as rectified.
#[derive(Debug)]
pub struct Ledger {
    pub table: TableId,
    /// Columns whose text names the problem.
    pub names: Vec<Col>,
    /// A row that counts as done; none: any row naming the problem.
    pub done: Option<Expr>,
}

/// Conditions on the profile and the dates.
#[derive(Debug)]
pub struct AssertRule {
    pub assert: Vec<Assertion>,
}
