//! `aggregate`: counts, sums, extremes, ratios and value lists over a
//! table (per group, optionally joined to another table), compared with
//! thresholds or the profile.

use super::{
    alias_columns, expr_columns, found, norm_key, report_columns, rows_where, test_each, Ctx,
    Outcome,
};
use crate::checklist::{Agg, AggOp, AggregateRule, ColType, Lookup, Table};
use crate::eval::bind::{Bound, Row, Value};
use crate::eval::scope::Name;
use crate::eval::tables::{cell_location, TableState};
use crate::result::Location;
use compact_str::format_compact;
use indexmap::IndexMap;
use minijinja::Value as MjValue;

pub fn run(r: &AggregateRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let spec = cx.table(r.table);
    let mut used: Vec<usize> = r.group_by.iter().copied().collect();
    used.extend(
        r.values
            .iter()
            .filter(|(_, a)| a.table.is_none())
            .filter_map(|(_, a)| a.op.column()),
    );
    if let Some(w) = &r.when {
        used.extend(expr_columns(spec, w));
    }
    for (_, a) in r.values.iter().filter(|(_, a)| a.table.is_none()) {
        used.extend(agg_expr_columns(a, spec));
    }
    let state = cx.tables.get(r.table);
    // Joined and looked-up tables: their unreadable cells in the columns
    // read are named here too, and their values are not what the
    // assertions would compare.
    let mut joined_unreadable = false;
    for (_, a) in &r.values {
        if let Some(t) = a.table {
            let tspec = cx.table(t);
            let cols = agg_expr_columns(a, tspec);
            joined_unreadable |= report_columns(&cx.tables.get(t), tspec, &cols, &mut out);
        }
    }
    let lookup_cols: Vec<usize> = match &r.lookup {
        Some(l) => {
            let lspec = cx.table(l.table);
            let cols: Vec<usize> = r
                .assert
                .iter()
                .flat_map(|a| alias_columns(lspec, &a.test, &l.alias))
                .collect();
            joined_unreadable |= report_columns(&cx.tables.get(l.table), lspec, &cols, &mut out);
            cols
        }
        None => Vec::new(),
    };
    let empty = Bound::default();
    let bound = if r.optional && matches!(*state, TableState::Missing) {
        &empty
    } else {
        match found(&state, spec, &used, r.optional, &mut out) {
            Some(b) => b,
            None => return out,
        }
    };
    let rows = rows_where(&state, r.when.as_ref(), cx, &[]);
    // Groups in order of first appearance.
    let mut groups: IndexMap<String, Vec<(&Row, MjValue)>> = IndexMap::new();
    match r.group_by {
        None => {
            groups.insert(String::new(), rows);
        }
        Some(gi) => {
            for (row, rv) in rows {
                groups
                    .entry(row.values[gi].display())
                    .or_default()
                    .push((row, rv));
            }
        }
    }
    let file = bound.sources.first().map(|s| s.file.clone());
    for (key, rows) in &groups {
        let mut vars: Vec<(Name, MjValue)> = Vec::new();
        if r.group_by.is_some() {
            vars.push(("group".into(), MjValue::from(key.clone())));
        }
        for (name, agg) in &r.values {
            let v = match agg.table {
                None => compute(agg, spec, rows, cx),
                Some(t) => other_table(agg, t, &vars, cx),
            };
            vars.push((Name::Owned(name.clone()), v));
        }
        let mut unreadable = joined_unreadable
            || rows.iter().any(|(row, _)| {
                used.iter()
                    .any(|ci| matches!(row.values[*ci], Value::Invalid(..)))
            });
        if let Some(l) = &r.lookup {
            let (v, bad) = lookup(l, key, cx, &lookup_cols);
            unreadable |= bad;
            vars.push((Name::Owned(l.alias.clone()), v));
        }
        let ctx = cx.with(vars);
        for (ai, a) in r.assert.iter().enumerate() {
            out.units += 1;
            // A value computed from an unreadable cell is not compared:
            // the cell's finding stands for the assertion (an unreadable
            // 核载人数 is not an overload, nor a pass).
            if unreadable {
                out.failed.insert(format_compact!("{key}#{ai}"));
                continue;
            }
            if let Some(msg) = super::failed(a, &ctx) {
                let loc = match rows.first() {
                    Some((row, _)) if r.group_by.is_some() => cell_location(bound, spec, row, None),
                    _ => file.as_deref().map(Location::file).unwrap_or_default(),
                };
                out.finding(
                    format_compact!("{key}#{ai}"),
                    a.code.as_deref().unwrap_or("threshold-not-met"),
                    msg,
                    loc,
                );
            }
        }
    }
    out
}

/// The columns an aggregate value reads: its column, and those its
/// expressions read as `row.<id>`.
fn agg_expr_columns(a: &Agg, spec: &Table) -> Vec<usize> {
    let mut cols: Vec<usize> = a.op.column().into_iter().collect();
    if let Some(w) = &a.when {
        cols.extend(expr_columns(spec, w));
    }
    if let AggOp::CountWhere(e) | AggOp::Ratio(e) = &a.op {
        cols.extend(expr_columns(spec, e));
    }
    cols
}

/// An aggregate over another table (a join): all its rows where the
/// aggregate's `when` holds, which may read the current `group`. An absent
/// table counts as no rows; the rules on that table report it.
fn other_table(
    agg: &Agg,
    table: crate::checklist::TableId,
    vars: &[(Name, MjValue)],
    cx: &Ctx,
) -> MjValue {
    let state = cx.tables.get(table);
    let rows = rows_where(&state, agg.when.as_ref(), cx, vars);
    compute(agg, cx.table(table), &rows, cx)
}

fn compute(agg: &Agg, spec: &Table, rows: &[(&Row, MjValue)], cx: &Ctx) -> MjValue {
    let count_where = |e| -> usize {
        let values: Vec<MjValue> = rows.iter().map(|(_, rv)| rv.clone()).collect();
        test_each(e, &values, None, cx, &[])
            .into_iter()
            .filter(|p| *p)
            .count()
    };
    let num = |x: f64| {
        if crate::present::number::is_whole(x) {
            MjValue::from(x as i64)
        } else {
            MjValue::from(x)
        }
    };
    let nums = |ci: usize| -> Vec<f64> {
        rows.iter()
            .filter_map(|(r, _)| match r.values[ci] {
                Value::Number(n) => Some(n),
                _ => None,
            })
            .collect()
    };
    let extreme = |ci: usize, is_min: bool| -> MjValue {
        if spec.columns[ci].kind == ColType::Date {
            let dates = rows.iter().filter_map(|(r, _)| match r.values[ci] {
                Value::Date(d) => Some(d),
                _ => None,
            });
            let d = if is_min { dates.min() } else { dates.max() };
            return d
                .map(|d| MjValue::from(crate::date::iso(d)))
                .unwrap_or(MjValue::from(()));
        }
        let v = nums(ci).into_iter();
        let x = if is_min {
            v.reduce(f64::min)
        } else {
            v.reduce(f64::max)
        };
        x.map(num).unwrap_or(MjValue::from(()))
    };
    match &agg.op {
        AggOp::Count => MjValue::from(rows.len()),
        AggOp::CountWhere(e) => MjValue::from(count_where(e)),
        AggOp::Ratio(e) => MjValue::from(if rows.is_empty() {
            0.0
        } else {
            count_where(e) as f64 / rows.len() as f64
        }),
        AggOp::Sum(ci) => num(nums(*ci).iter().sum()),
        AggOp::Values(ci) => {
            let mut seen = Vec::new();
            for (r, _) in rows {
                let s = r.values[*ci].display();
                if !s.is_empty() && !seen.contains(&s) {
                    seen.push(s);
                }
            }
            MjValue::from(seen)
        }
        AggOp::Min(ci) => extreme(*ci, true),
        AggOp::Max(ci) => extreme(*ci, false),
    }
}

/// The row of the lookup table whose key column equals `key`, or none;
/// and whether one of its columns `cols` is unreadable.
fn lookup(l: &Lookup, key: &str, cx: &Ctx, cols: &[usize]) -> (MjValue, bool) {
    let state = cx.tables.get(l.table);
    let key = norm_key(key);
    let (rows, values) = state.rows();
    rows.iter()
        .zip(values)
        .find(|(r, _)| norm_key(&r.values[l.key].display()) == key)
        .map(|(r, v)| {
            let bad = cols
                .iter()
                .any(|ci| matches!(r.values[*ci], Value::Invalid(..)));
            (v.clone(), bad)
        })
        .unwrap_or((MjValue::from(()), false))
}
