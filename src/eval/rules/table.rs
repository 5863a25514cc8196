//! `table`: per-row checks on a table (required cells, patterns,
//! allowed values, number ranges, date bounds, conditions).

use super::{check_columns, expr_columns, found, rows_where, subject, test_each, Ctx, Outcome};
use crate::checklist::{Check, CheckKind, DateBound, Table, TableRule};
use crate::eval::bind::{Bound, Row, Value};
use crate::eval::tables::{cell_location, mj_value, TableState};
use minijinja::Value as MjValue;
use std::cell::LazyCell;

pub fn run(r: &TableRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let spec = cx.table(r.table);
    let reads: Vec<Vec<usize>> = r.checks.iter().map(|c| check_columns(c, spec)).collect();
    let mut used: Vec<usize> = reads.iter().flatten().copied().collect();
    if let Some(w) = &r.when {
        used.extend(expr_columns(spec, w));
    }
    let state = cx.tables.get(r.table);
    if r.optional && matches!(*state, TableState::Missing) {
        return out;
    }
    let Some(bound) = found(&state, spec, &used, r.optional, &mut out) else {
        return out;
    };
    let entries = rows_where(&state, r.when.as_ref(), cx, &[]);
    let values: Vec<MjValue> = entries.iter().map(|(_, rv)| rv.clone()).collect();
    // Each check's `when` and `test` over all rows at once.
    let tested: Vec<Tested> = r
        .checks
        .iter()
        .map(|c| Tested::new(c, &values, cx))
        .collect();
    let n = entries.len();
    let at = TableRows { spec, bound };
    for (i, entry) in entries.iter().enumerate() {
        let ctx = cx.with([("row".into(), entry.1.clone())]);
        for ((c, t), cols) in r.checks.iter().zip(&tested).zip(&reads) {
            // A check reading a cell that does not read as its column needs
            // is not run on that row: the cell's own finding stands for it
            // (never a pass, never a second finding).
            if cols
                .iter()
                .any(|ci| matches!(entry.0.values[*ci], Value::Invalid(..)))
            {
                continue;
            }
            if let Err(e) = check_row(c, t.held(i), &at, entry, &ctx, cx, &mut out) {
                return Outcome::error(e.to_string());
            }
        }
    }
    out.units += n;
    if n < r.min_rows {
        out.finding(
            "table",
            "too-few-rows",
            format!("「{}」只有 {n} 行记录,应至少 {} 行", spec.title, r.min_rows),
            crate::result::Location::file(&bound.sources[0].file),
        );
        out.units = out.units.max(1);
    }
    out
}

/// The table being checked: its spec and its bound rows.
struct TableRows<'a> {
    spec: &'a Table,
    bound: &'a Bound,
}

/// A check's `when` and `test` on every row, computed before the rows are
/// checked one by one; a test runs only on the rows its `when` lets through.
struct Tested {
    when: Option<Vec<bool>>,
    test: Option<Vec<bool>>,
}

impl Tested {
    fn new(c: &Check, rows: &[MjValue], cx: &Ctx) -> Tested {
        let when = c.when.as_ref().map(|w| test_each(w, rows, None, cx, &[]));
        let test = match &c.kind {
            CheckKind::Test { test, .. } => Some(test_each(test, rows, when.as_deref(), cx, &[])),
            _ => None,
        };
        Tested { when, test }
    }
    fn held(&self, row: usize) -> Held {
        Held {
            when: self.when.as_ref().is_none_or(|w| w[row]),
            test: self.test.as_ref().is_some_and(|t| t[row]),
        }
    }
}

/// A check's conditions on one row, computed for all rows beforehand:
/// whether its `when` holds (true without one) and its `test` (false
/// without one, or when it could not be computed).
#[derive(Clone, Copy)]
struct Held {
    when: bool,
    test: bool,
}

/// Runs one check on one row (`entry`: the row and its expression value;
/// `ctx` has it as `row`). Errors are problems that stop the rule (a date
/// bound that cannot be computed), not findings about the data.
fn check_row(
    c: &Check,
    held: Held,
    t: &TableRows,
    entry: &(&Row, MjValue),
    ctx: &MjValue,
    cx: &Ctx,
    out: &mut Outcome,
) -> Result<(), BoundError> {
    let (row, rv) = (entry.0, &entry.1);
    if !held.when {
        return Ok(());
    }
    let (spec, bound) = (t.spec, t.bound);
    // What names the row in a finding; built only when there is one.
    let unit = || row.unit();
    let subj = || subject(spec, row);
    let who = LazyCell::new(|| subj().map(|s| format!("「{s}」")).unwrap_or_default());
    let title = |ci: usize| spec.columns[ci].title.clone();
    let custom = |ctx: &MjValue| c.message.as_ref().map(|m| m.render_or_elide(ctx));
    let column = match &c.kind {
        CheckKind::Required(cols) => {
            let empty: Vec<usize> = cols
                .iter()
                .copied()
                .filter(|ci| row.values[*ci].is_empty())
                .collect();
            if !empty.is_empty() {
                let names: Vec<String> = empty.iter().map(|ci| title(*ci)).collect();
                let msg = custom(ctx)
                    .unwrap_or_else(|| format!("{}未填写「{}」", *who, names.join("」「")));
                out.finding_about(
                    unit(),
                    subj(),
                    c.code.as_deref().unwrap_or("row-incomplete"),
                    msg,
                    cell_location(bound, spec, row, Some(empty[0])),
                );
            }
            return Ok(());
        }
        CheckKind::Test { column, test } => {
            if !held.test {
                let msg =
                    custom(ctx).unwrap_or_else(|| format!("{}未满足条件「{}」", *who, test.source));
                out.finding_about(
                    unit(),
                    subj(),
                    c.code.as_deref().unwrap_or("row-check-failed"),
                    msg,
                    cell_location(bound, spec, row, *column),
                );
            }
            return Ok(());
        }
        CheckKind::Pattern { column, .. }
        | CheckKind::OneOf { column, .. }
        | CheckKind::Range { column, .. }
        | CheckKind::Dates { column, .. } => *column,
    };
    let ci = column;
    let v = &row.values[ci];
    if v.is_empty() {
        return Ok(());
    }
    let vctx =
        LazyCell::new(|| cx.with([("row".into(), rv.clone()), ("value".into(), mj_value(v))]));
    let loc = || cell_location(bound, spec, row, Some(ci));
    let shown = v.display();
    let problem: Option<(&str, String)> = match &c.kind {
        CheckKind::Pattern { regex, .. } => (!regex.is_match(&shown)).then(|| {
            (
                "value-invalid",
                format!("{}「{}」的「{shown}」格式不正确", *who, title(ci)),
            )
        }),
        CheckKind::OneOf { values, .. } => (!values.contains(&shown)).then(|| {
            (
                "value-not-allowed",
                format!(
                    "{}「{}」为「{shown}」,应为 {} 之一",
                    *who,
                    title(ci),
                    values.join("/")
                ),
            )
        }),
        CheckKind::Range { min, max, .. } => {
            let Value::Number(n) = v else { return Ok(()) };
            let low = min.is_some_and(|m| *n < m);
            let high = max.is_some_and(|m| *n > m);
            (low || high).then(|| {
                let range = match (min, max) {
                    (Some(a), Some(b)) => format!("应在 {a} 到 {b} 之间"),
                    (Some(a), None) => format!("应不小于 {a}"),
                    (None, Some(b)) => format!("应不大于 {b}"),
                    _ => String::new(),
                };
                (
                    "number-out-of-range",
                    format!("{}「{}」为 {shown},{range}", *who, title(ci)),
                )
            })
        }
        CheckKind::Dates {
            not_before,
            not_after,
            ..
        } => {
            let Value::Date(d) = v else { return Ok(()) };
            let bounds = [(not_before, true), (not_after, false)];
            let mut hit = None;
            for (b, early) in bounds {
                let Some(b) = b else { continue };
                let limit = bound_date(b, &vctx, cx)?;
                if (early && *d < limit) || (!early && *d > limit) {
                    let (code, word) = if early {
                        ("date-too-early", "不早于")
                    } else {
                        ("date-too-late", "不晚于")
                    };
                    let limit = crate::date::iso(limit);
                    hit = Some((
                        code,
                        format!("{}「{}」为 {shown},应{word} {limit}", *who, title(ci)),
                    ));
                    break;
                }
            }
            hit
        }
        CheckKind::Required(_) | CheckKind::Test { .. } => None,
    };
    if let Some((code, msg)) = problem {
        let code = c.code.as_deref().unwrap_or(code);
        let msg = custom(&vctx).unwrap_or(msg);
        out.finding_about(unit(), subj(), code, msg, loc());
    }
    Ok(())
}

/// A date bound's date. An expression whose value is not a date stops
/// the rule with an error: compared as text it would silently pass.
fn bound_date(b: &DateBound, ctx: &MjValue, cx: &Ctx) -> Result<chrono::NaiveDate, BoundError> {
    match b {
        DateBound::Date(d) => Ok(*d),
        DateBound::Expr(e) => {
            let v = cx.eval(e, ctx).map_err(|error| BoundError::Failed {
                source: e.source.clone(),
                error,
            })?;
            let text = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            v.as_str()
                .and_then(crate::date::parse)
                .ok_or_else(|| BoundError::NotADate {
                    source: e.source.clone(),
                    value: text,
                })
        }
    }
}

/// A date bound that stops the rule: it cannot be computed, or its value
/// is not a date.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundError {
    Failed {
        source: String,
        error: crate::expr::ExprError,
    },
    NotADate {
        source: String,
        value: String,
    },
}

impl std::fmt::Display for BoundError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BoundError::Failed { source, error } => {
                write!(f, "日期界限「{source}」无法计算: {error}")
            }
            BoundError::NotADate { source, value } => {
                write!(f, "日期界限「{source}」的值「{value}」不是日期")
            }
        }
    }
}
