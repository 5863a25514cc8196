//! The evidence rule kinds, one file each: a rule takes prepared data
//! (bound tables, the evidence set, the item's variables) and returns an
//! outcome: findings, how many units (rows, keys, groups, files) it
//! checked and which failed. This file holds what they share.

mod aggregate;
mod assert;
mod coverage;
mod files;
pub mod followup;
mod table;

use super::bind::{Bound, Row};
use super::scope::{self, Name, Vars};
use super::tables::{TableState, Tables};
use crate::checklist::{Checklist, Rule, Table};
use crate::evidence::Evidence;
use crate::expr::ExprError;
use crate::expr::{self, Expr};
use crate::result::{Finding, Location};
use compact_str::{format_compact, CompactString};
use minijinja::Value as MjValue;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// What one rule found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Units checked (rows, keys, groups, assertions, file sets).
    pub units: usize,
    /// Units with at least one finding (only counted: a hashed set, so
    /// that a roster of 100,000 failing children costs the same per child
    /// as one of 500). A unit is a short label (`key:张三`, `学生.xlsx#12`),
    /// held inline up to 24 bytes, so most need no allocation of their own.
    pub failed: HashSet<CompactString>,
    /// Nothing could be checked (missing table or file): no points.
    pub blocked: bool,
    /// Evidence present but unreadable, or a rule that cannot be
    /// computed: the item is `error`.
    pub error: Option<String>,
    /// What the item's note says of the rule (回头看 without a previous
    /// result: not checked).
    pub note: Option<String>,
}

impl Outcome {
    fn finding(&mut self, unit: impl AsRef<str>, code: &str, message: String, location: Location) {
        self.finding_about(unit, None, code, message, location);
    }
    /// A finding about a person (the row's key), for `--redact`.
    fn finding_about(
        &mut self,
        unit: impl AsRef<str>,
        subject: Option<String>,
        code: &str,
        message: String,
        location: Location,
    ) {
        // Copied only when new: a row with several findings is one unit.
        let unit = unit.as_ref();
        if !self.failed.contains(unit) {
            self.failed.insert(CompactString::new(unit));
        }
        self.findings.push(Finding {
            code: code.into(),
            message,
            location,
            subject: subject.map(Into::into),
            veto: false,
        });
    }
    fn error(msg: String) -> Self {
        Outcome {
            error: Some(msg),
            ..Default::default()
        }
    }
}

/// Everything a rule may read.
pub struct Ctx<'a> {
    pub checklist: &'a Checklist,
    pub evidence: &'a Evidence,
    pub tables: &'a Tables<'a>,
    /// `date`, `term_start`, `year`, `school`, `params`.
    pub base: Vars,
    /// Values of expressions that read only `base`, computed once per
    /// item (`not_before: term_start` on every row of a table), by the
    /// expression's address in the checked checklist.
    pub constants: RefCell<HashMap<*const Expr, Result<MjValue, ExprError>>>,
    /// Last term's problems with this term's items, for `followup`
    /// rules; none: no previous result.
    pub previous: Option<&'a [followup::Problem]>,
}

/// The variables of [`Ctx::base`].
pub const BASE: &[&str] = &["date", "term_start", "year", "school", "params"];

impl Ctx<'_> {
    /// A context: the item's variables and `extra`.
    pub fn with(&self, extra: impl IntoIterator<Item = (Name, MjValue)>) -> MjValue {
        scope::scope(&self.base, extra.into_iter().collect())
    }
    /// Evaluates an expression; one that reads only the item's variables
    /// is evaluated once per item.
    fn eval(&self, e: &Expr, ctx: &MjValue) -> Result<MjValue, ExprError> {
        if !e.reads_only(BASE) {
            return e.eval(ctx);
        }
        let key = e as *const Expr;
        if let Some(v) = self.constants.borrow().get(&key) {
            return v.clone();
        }
        let v = e.eval(ctx);
        self.constants.borrow_mut().insert(key, v.clone());
        v
    }
    fn table(&self, id: crate::checklist::TableId) -> &Table {
        self.checklist.table(id)
    }
}

pub fn run(rule: &Rule, cx: &Ctx) -> Outcome {
    match rule {
        Rule::Files(r) => files::run(r, cx),
        Rule::Table(r) => table::run(r, cx),
        Rule::Aggregate(r) => aggregate::run(r, cx),
        Rule::Coverage(r) => coverage::run(r, cx),
        Rule::Assert(r) => assert::run(r, cx),
        Rule::Followup(r) => followup::run(r, cx),
    }
}

/// The bound table for a rule, or the outcome that ends the rule.
/// `allow_empty`: a table without rows is fine (optional tables, the
/// matching side of a coverage rule); otherwise it is `table-empty`.
/// `used`: the columns the rule reads; one missing from every file
/// blocks the rule.
fn found<'t>(
    state: &'t TableState,
    spec: &Table,
    used: &[usize],
    allow_empty: bool,
    out: &mut Outcome,
) -> Option<&'t Bound> {
    match state {
        TableState::Missing => {
            out.units = out.units.max(1);
            let place = spec
                .template
                .clone()
                .unwrap_or_else(|| spec.patterns().join(" 或 "));
            out.finding(
                "table",
                "table-missing",
                format!("缺少「{}」(应放在 {place})", spec.title),
                Location::default(),
            );
            out.blocked = true;
            None
        }
        TableState::Unreadable(e) => {
            out.error = Some(e.clone());
            None
        }
        TableState::Found {
            bound,
            problems,
            column_problems,
            missing_columns,
            ..
        } => {
            for p in problems {
                out.failed.insert("table".into());
                out.findings.push(p.clone());
            }
            // A missing column or an unreadable cell fails only the rules
            // that read that column.
            for p in column_problems {
                if used.contains(&p.column) {
                    out.failed.insert(p.unit.clone());
                    out.findings.push(p.finding.clone());
                }
            }
            if bound.sources.is_empty() || used.iter().any(|c| missing_columns.contains(c)) {
                out.units = out.units.max(1);
                out.blocked = true;
                return None;
            }
            if bound.rows.is_empty() && !allow_empty {
                // A template with its header and nothing below: not filled in.
                let files: Vec<&str> = bound.sources.iter().map(|s| &*s.file).collect();
                out.units = out.units.max(1);
                let loc = Location::file(files[0]);
                out.finding(
                    "table",
                    "table-empty",
                    format!("「{}」还没有填写任何记录({})", spec.title, files.join("、")),
                    loc,
                );
                out.blocked = true;
                return None;
            }
            Some(bound)
        }
    }
}

/// The problems of columns `cols` of a table a rule reads besides its own
/// (a joined or looked-up table), named in the rule's findings: "the days
/// that need a record come from the 留样 table, whose row 5 is unreadable".
/// Returns whether there was one.
fn report_columns(state: &TableState, spec: &Table, cols: &[usize], out: &mut Outcome) -> bool {
    let mut any = false;
    if let TableState::Found {
        column_problems, ..
    } = state
    {
        for p in column_problems {
            if cols.contains(&p.column) {
                any = true;
                out.failed.insert(format_compact!("{}:{}", spec.id, p.unit));
                let mut f = p.finding.clone();
                f.message = format!("(来自「{}」){}", spec.title, f.message);
                out.findings.push(f);
            }
        }
    }
    any
}

/// The columns of `spec` that `e` reads as `<root>.<id>`.
fn alias_columns(spec: &Table, e: &Expr, root: &str) -> Vec<usize> {
    let prefix = format!("{root}.");
    e.variables()
        .iter()
        .filter_map(|v| v.strip_prefix(prefix.as_str()))
        .filter_map(|id| {
            let id = id.split('.').next().unwrap_or(id);
            spec.columns.iter().position(|c| c.id == id)
        })
        .collect()
}

/// The columns of `spec` that `e` reads as `row.<id>` (or `row['<id>']`).
fn expr_columns(spec: &Table, e: &Expr) -> Vec<usize> {
    alias_columns(spec, e, "row")
}

/// Every column a per-row check reads: its own and those its `when` and
/// `test` read.
fn check_columns(c: &crate::checklist::Check, spec: &Table) -> Vec<usize> {
    let mut cols = c.kind.columns();
    if let Some(w) = &c.when {
        cols.extend(expr_columns(spec, w));
    }
    if let crate::checklist::CheckKind::Test { test, .. } = &c.kind {
        cols.extend(expr_columns(spec, test));
    }
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// The row's key (a name), when the table has one.
fn subject(spec: &Table, row: &Row) -> Option<String> {
    spec.key
        .map(|k| row.values[k].display())
        .filter(|s| !s.is_empty())
}

/// Rows of a table that pass `when`. A condition that cannot be computed
/// for a row (an empty cell compared with a date) does not hold: the data
/// is at fault, and other checks report it.
fn rows_where<'b>(
    state: &'b TableState,
    when: Option<&Expr>,
    cx: &Ctx,
    extra: &[(Name, MjValue)],
) -> Vec<(&'b Row, MjValue)> {
    let (rows, values) = state.rows();
    let all = rows.iter().zip(values.iter().cloned());
    let Some(w) = when else {
        return all.collect();
    };
    let pass = test_each(w, values, None, cx, extra);
    all.zip(pass).filter(|(_, p)| *p).map(|(e, _)| e).collect()
}

/// Whether the condition `e` holds for each of `rows` (bound to `row`,
/// with `extra` beside the item's variables); with `only`, just for the
/// rows it marks (the others are false and are not computed). All rows
/// in one batch ([`expr::Expr::test_rows`]) when it can stand for
/// row-by-row tests, else row by row. A row for which the condition cannot
/// be computed (an empty cell compared with a date) does not pass.
fn test_each(
    e: &Expr,
    rows: &[MjValue],
    only: Option<&[bool]>,
    cx: &Ctx,
    extra: &[(Name, MjValue)],
) -> Vec<bool> {
    let mut pass = vec![false; rows.len()];
    let picked: Vec<usize> = (0..rows.len())
        .filter(|&i| only.is_none_or(|o| o[i]))
        .collect();
    if picked.is_empty() {
        return pass;
    }
    let mut vars = extra.to_vec();
    let batch: Vec<MjValue> = picked.iter().map(|&i| rows[i].clone()).collect();
    vars.push((expr::ROWS.into(), MjValue::from(batch)));
    let results = e
        .test_rows(&cx.with(vars), picked.len())
        .unwrap_or_else(|| {
            picked
                .iter()
                .map(|&i| {
                    let mut vars = extra.to_vec();
                    vars.push(("row".into(), rows[i].clone()));
                    e.test(&cx.with(vars)).unwrap_or(false)
                })
                .collect()
        });
    for (i, ok) in picked.into_iter().zip(results) {
        pass[i] = ok;
    }
    pass
}

/// The message of an assertion that does not hold in `ctx`, or `None`
/// when it holds. One that cannot be computed does not hold: a
/// comparison with an unreadable value is never true.
fn failed(a: &crate::checklist::Assertion, ctx: &MjValue) -> Option<String> {
    if a.test.test(ctx).unwrap_or(false) {
        return None;
    }
    Some(a.message.render_or_elide(ctx))
}

/// Keys compared without spaces (names typed as 王 小明).
fn norm_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
