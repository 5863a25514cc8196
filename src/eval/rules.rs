//! The evidence rule kinds: each takes prepared data (bound tables, the
//! evidence set, a base context) and returns an outcome: findings, how
//! many units (rows, keys, groups, files) it checked and which failed.

use super::scope::{self, Name, Vars};
use super::tables::{cell_location, TableState, Tables};
use crate::checklist::*;
use crate::evidence::table::{Row, Value};
use crate::evidence::Evidence;
use crate::expr;
use crate::result::{Finding, Location};
use indexmap::IndexMap;
use minijinja::Value as MjValue;
use std::cell::{LazyCell, RefCell};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What one rule found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Units checked (rows, keys, groups, assertions, file sets).
    pub units: usize,
    /// Units with at least one finding.
    pub failed: BTreeSet<String>,
    /// Nothing could be checked (missing table or file): no points.
    pub blocked: bool,
    /// Evidence present but unreadable: the item is `error`.
    pub error: Option<String>,
}

impl Outcome {
    fn finding(&mut self, unit: &str, code: &str, message: String, location: Location) {
        self.finding_about(unit, None, code, message, location);
    }
    /// A finding about a person (the row's key), for `--redact`.
    fn finding_about(
        &mut self,
        unit: &str,
        subject: Option<String>,
        code: &str,
        message: String,
        location: Location,
    ) {
        self.failed.insert(unit.to_string());
        self.findings.push(Finding {
            code: code.to_string(),
            message,
            location,
            subject,
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
    /// Values of expressions that read only `base`, computed once per item
    /// (`not_before: term_start` on every row of a table).
    pub constants: RefCell<HashMap<String, Result<MjValue, String>>>,
}

/// The variables of [`Ctx::base`].
pub const BASE: &[&str] = &["date", "term_start", "year", "school", "params"];

impl Ctx<'_> {
    /// A context: the item's variables and `extra`.
    pub fn with(&self, extra: impl IntoIterator<Item = (Name, MjValue)>) -> MjValue {
        scope::scope(&self.base, extra.into_iter().collect())
    }
    fn expr(&self, src: &str) -> Result<&crate::expr::Expr, String> {
        self.checklist.compiled.expr(src)
    }
    fn test(&self, src: &str, ctx: &MjValue) -> Result<bool, String> {
        self.expr(src)?.test(ctx)
    }
    /// Evaluates an expression; one that reads only the item's variables
    /// is evaluated once per item.
    fn eval(&self, src: &str, ctx: &MjValue) -> Result<MjValue, String> {
        let e = self.expr(src)?;
        if !e.reads_only(BASE) {
            return e.eval(ctx);
        }
        if let Some(v) = self.constants.borrow().get(src) {
            return v.clone();
        }
        let v = e.eval(ctx);
        self.constants
            .borrow_mut()
            .insert(src.to_string(), v.clone());
        v
    }
}

pub fn run(rule: &Rule, cx: &Ctx) -> Outcome {
    match rule {
        Rule::Files(r) => files(r, cx),
        Rule::Table(r) => table(r, cx),
        Rule::Aggregate(r) => aggregate(r, cx),
        Rule::Coverage(r) => coverage(r, cx),
        Rule::Assert(r) => assert(r, cx),
    }
}

fn files(r: &FilesRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome {
        units: 1,
        ..Default::default()
    };
    let patterns = r.glob.to_vec();
    let globs = match cx.checklist.compiled.globs(&patterns) {
        Ok(g) => g,
        Err(e) => return Outcome::error(e),
    };
    let mut good = Vec::new();
    for f in cx.evidence.matching(&globs) {
        if !r.extensions.is_empty() && !r.extensions.contains(&f.ext) {
            out.finding(
                "files",
                "file-type",
                format!(
                    "「{}」的文件类型不符合要求,应为 {}",
                    f.path,
                    r.extensions.join("/")
                ),
                Location::file(&f.path),
            );
        } else if r.non_empty && f.bytes == 0 {
            out.finding(
                "files",
                "file-empty",
                format!("「{}」是空文件", f.path),
                Location::file(&f.path),
            );
        } else {
            good.push(f);
        }
    }
    if good.len() < r.min {
        let msg = if r.min == 1 {
            format!("缺少「{}」(应放在 {})", r.label, patterns.join(" 或 "))
        } else {
            format!(
                "「{}」应至少 {} 份,只找到 {} 份(应放在 {})",
                r.label,
                r.min,
                good.len(),
                patterns.join(" 或 ")
            )
        };
        out.finding("files", "file-missing", msg, Location::default());
        out.blocked = true;
        return out;
    }
    if r.keywords.is_empty() {
        return out;
    }
    let ctx = cx.with([]);
    let mut texts = Vec::new();
    for f in &good {
        if crate::evidence::text::READABLE.contains(&f.ext.as_str()) {
            match f.text() {
                Ok(t) => texts.push((f, t)),
                Err(e) => return Outcome::error(format!("「{}」无法读取: {e}", f.path)),
            }
        }
    }
    for k in &r.keywords {
        let kw = match expr::render(k, &ctx) {
            Ok(s) => s,
            Err(e) => return Outcome::error(format!("关键词「{k}」无法计算: {e}")),
        };
        if !texts.is_empty() && !texts.iter().any(|(_, t)| t.contains(&kw)) {
            let names: Vec<&str> = texts.iter().map(|(f, _)| f.path.as_str()).collect();
            out.finding(
                "files",
                "keyword-missing",
                format!("「{}」中没有出现「{kw}」", names.join("、")),
                Location::file(names[0]),
            );
        }
    }
    out
}

/// The bound table for a rule, or the outcome that ends the rule.
/// `allow_empty`: a table without rows is fine (optional tables, the
/// matching side of a coverage rule); otherwise it is `table-empty`.
fn found<'t>(
    state: &'t TableState,
    spec: &TableSpec,
    used: &[usize],
    allow_empty: bool,
    out: &mut Outcome,
) -> Option<&'t crate::evidence::Bound> {
    match state {
        TableState::Missing => {
            out.units = out.units.max(1);
            let place = spec
                .template
                .clone()
                .unwrap_or_else(|| spec.files.join(" 或 "));
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
            missing_columns,
            ..
        } => {
            for p in problems {
                out.failed.insert("table".into());
                out.findings.push(p.clone());
            }
            if bound.sources.is_empty() || used.iter().any(|c| missing_columns.contains(c)) {
                out.units = out.units.max(1);
                out.blocked = true;
                return None;
            }
            if bound.rows.is_empty() && !allow_empty {
                // A template with its header and nothing below: not filled in.
                let files: Vec<&str> = bound.sources.iter().map(|s| s.file.as_str()).collect();
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

fn col_index(spec: &TableSpec, id: &str) -> usize {
    spec.columns.iter().position(|c| c.id == id).unwrap_or(0)
}

/// A row as a unit of its rule: its source (file and sheet) and line.
fn unit_of(row: &Row) -> String {
    format!("{}#{}", row.source, row.line)
}

/// The row's key (a name), when the table has one.
fn subject(spec: &TableSpec, row: &Row) -> Option<String> {
    spec.key
        .as_ref()
        .map(|k| row.values[col_index(spec, k)].display())
        .filter(|s| !s.is_empty())
}

fn table(r: &TableRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let Some(spec) = cx.tables.spec(&r.table) else {
        return Outcome::error(format!("清单中没有表格 {}", r.table));
    };
    let used: Vec<usize> = r
        .checks
        .iter()
        .flat_map(|c| c.required.iter().chain(c.column.iter()))
        .map(|c| col_index(spec, c))
        .collect();
    let state = cx.tables.get(&r.table);
    if r.optional && matches!(*state, TableState::Missing) {
        return out;
    }
    let Some(bound) = found(&state, spec, &used, r.optional, &mut out) else {
        return out;
    };
    let entries = rows_where(&state, r.when.as_deref(), cx, &[]);
    let values: Vec<MjValue> = entries.iter().map(|(_, rv)| rv.clone()).collect();
    // Each check's `when` and `test` over all rows at once.
    let tested: Vec<Tested> = r
        .checks
        .iter()
        .map(|c| Tested::new(c, &values, cx))
        .collect();
    let n = entries.len();
    for (i, entry) in entries.iter().enumerate() {
        let ctx = cx.with([("row".into(), entry.1.clone())]);
        for (c, t) in r.checks.iter().zip(&tested) {
            if let Err(e) = check_row(c, t.held(i), spec, bound, entry, &ctx, cx, &mut out) {
                return Outcome::error(e);
            }
        }
    }
    out.units += n;
    if n < r.min_rows {
        out.finding(
            "table",
            "too-few-rows",
            format!("「{}」只有 {n} 行记录,应至少 {} 行", spec.title, r.min_rows),
            Location::file(&bound.sources[0].file),
        );
        out.units = out.units.max(1);
    }
    out
}

/// A check's `when` and `test` on every row, computed before the rows are
/// checked one by one. A check with required columns never runs its test,
/// and a test runs only on the rows its `when` lets through.
struct Tested {
    when: Option<Vec<bool>>,
    test: Option<Vec<bool>>,
}

impl Tested {
    fn new(c: &Check, rows: &[MjValue], cx: &Ctx) -> Tested {
        let when = c.when.as_ref().map(|w| test_each(w, rows, None, cx, &[]));
        let test = c
            .test
            .as_ref()
            .filter(|_| c.required.is_empty())
            .map(|t| test_each(t, rows, when.as_deref(), cx, &[]));
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
/// `ctx` has it as `row`; `held`: its conditions on the row). Errors are
/// problems of the checklist (an expression that cannot run), not of the
/// data.
#[allow(clippy::too_many_arguments)]
fn check_row(
    c: &Check,
    held: Held,
    spec: &TableSpec,
    bound: &crate::evidence::Bound,
    entry: &(&Row, MjValue),
    ctx: &MjValue,
    cx: &Ctx,
    out: &mut Outcome,
) -> Result<(), String> {
    let (row, rv) = (entry.0, &entry.1);
    if !held.when {
        return Ok(());
    }
    // What names the row in a finding; built only when there is one.
    let unit = || unit_of(row);
    let subj = || subject(spec, row);
    let who = LazyCell::new(|| subj().map(|s| format!("「{s}」")).unwrap_or_default());
    let title = |ci: usize| spec.columns[ci].title.clone();
    if !c.required.is_empty() {
        let empty: Vec<usize> = c
            .required
            .iter()
            .map(|id| col_index(spec, id))
            .filter(|ci| row.values[*ci].is_empty())
            .collect();
        if !empty.is_empty() {
            let names: Vec<String> = empty.iter().map(|ci| title(*ci)).collect();
            let msg = custom(c, ctx)
                .unwrap_or_else(|| format!("{}未填写「{}」", *who, names.join("」「")));
            out.finding_about(
                &unit(),
                subj(),
                c.code.as_deref().unwrap_or("row-incomplete"),
                msg,
                cell_location(bound, spec, row, Some(empty[0])),
            );
        }
        return Ok(());
    }
    if let Some(t) = &c.test {
        if !held.test {
            let msg = custom(c, ctx).unwrap_or_else(|| format!("{}未满足条件「{t}」", *who));
            let ci = c.column.as_deref().map(|id| col_index(spec, id));
            out.finding_about(
                &unit(),
                subj(),
                c.code.as_deref().unwrap_or("row-check-failed"),
                msg,
                cell_location(bound, spec, row, ci),
            );
        }
        return Ok(());
    }
    let Some(col) = c.column.as_deref() else {
        return Ok(());
    };
    let ci = col_index(spec, col);
    let v = &row.values[ci];
    if v.is_empty() {
        return Ok(());
    }
    let vctx = LazyCell::new(|| {
        cx.with([
            ("row".into(), rv.clone()),
            ("value".into(), super::tables::mj_value(v)),
        ])
    });
    let loc = || cell_location(bound, spec, row, Some(ci));
    let shown = v.display();
    let problem: Option<(&str, String)> = if let Value::Invalid(raw) = v {
        let (code, what) = match spec.columns[ci].kind {
            ColType::Date => ("date-invalid", "日期"),
            _ => ("number-invalid", "数字"),
        };
        Some((
            code,
            format!("{}「{}」的「{raw}」不是有效的{what}", *who, title(ci)),
        ))
    } else if let Some(re) = &c.pattern {
        let re = cx.checklist.compiled.regex(re)?;
        (!re.is_match(&shown)).then(|| {
            (
                "value-invalid",
                format!("{}「{}」的「{shown}」格式不正确", *who, title(ci)),
            )
        })
    } else if let Some(list) = &c.one_of {
        (!list.contains(&shown)).then(|| {
            (
                "value-not-allowed",
                format!(
                    "{}「{}」为「{shown}」,应为 {} 之一",
                    *who,
                    title(ci),
                    list.join("/")
                ),
            )
        })
    } else if c.min.is_some() || c.max.is_some() {
        let Value::Number(n) = v else { return Ok(()) };
        let low = c.min.is_some_and(|m| *n < m);
        let high = c.max.is_some_and(|m| *n > m);
        (low || high).then(|| {
            let range = match (c.min, c.max) {
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
    } else {
        date_bounds(c, &vctx, cx, &who, &title(ci), &shown)?
    };
    if let Some((code, msg)) = problem {
        // A cell that does not read as a date or number keeps its own code
        // and message: the check's own are about valid values.
        let (code, msg) = if matches!(v, Value::Invalid(_)) {
            (code, msg)
        } else {
            (
                c.code.as_deref().unwrap_or(code),
                custom(c, &vctx).unwrap_or(msg),
            )
        };
        out.finding_about(&unit(), subj(), code, msg, loc());
    }
    Ok(())
}

fn date_bounds(
    c: &Check,
    ctx: &MjValue,
    cx: &Ctx,
    who: &str,
    title: &str,
    shown: &str,
) -> Result<Option<(&'static str, String)>, String> {
    for (src, early) in [(&c.not_before, true), (&c.not_after, false)] {
        let Some(src) = src else { continue };
        let bound = cx
            .eval(src, ctx)
            .map_err(|e| format!("日期界限「{src}」无法计算: {e}"))?;
        let bound = bound
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| bound.to_string());
        let bad = if early {
            shown < bound.as_str()
        } else {
            shown > bound.as_str()
        };
        if bad {
            let (code, word) = if early {
                ("date-too-early", "不早于")
            } else {
                ("date-too-late", "不晚于")
            };
            return Ok(Some((
                code,
                format!("{who}「{title}」为 {shown},应{word} {bound}"),
            )));
        }
    }
    Ok(None)
}

/// The check's own message, rendered; `None` when it has none or it
/// cannot be rendered for this row.
fn custom(c: &Check, ctx: &MjValue) -> Option<String> {
    c.message.as_ref().and_then(|m| expr::render(m, ctx).ok())
}

/// Rows of a table that pass `when`. A condition that cannot be computed
/// for a row (an empty cell compared with a date) does not hold: the data
/// is at fault, and other checks report it.
fn rows_where<'b>(
    state: &'b TableState,
    when: Option<&str>,
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

/// Whether the condition `src` holds for each of `rows` (bound to `row`,
/// with `extra` beside the item's variables); with `only`, just for the
/// rows it marks (the others are false and are not computed). All rows
/// in one batch ([`expr::Expr::test_rows`]) when it can stand for
/// row-by-row tests, else row by row. A row for which the condition cannot
/// be computed (an empty cell compared with a date) does not pass; an
/// expression validation has not seen passes for no row.
fn test_each(
    src: &str,
    rows: &[MjValue],
    only: Option<&[bool]>,
    cx: &Ctx,
    extra: &[(Name, MjValue)],
) -> Vec<bool> {
    let mut pass = vec![false; rows.len()];
    let Ok(e) = cx.expr(src) else {
        return pass;
    };
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

fn aggregate(r: &AggregateRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let Some(spec) = cx.tables.spec(&r.table) else {
        return Outcome::error(format!("清单中没有表格 {}", r.table));
    };
    let mut used: Vec<usize> = r.group_by.iter().map(|g| col_index(spec, g)).collect();
    used.extend(
        r.values
            .values()
            .filter(|a| a.table.is_none())
            .filter_map(|a| a.column())
            .map(|c| col_index(spec, c)),
    );
    let state = cx.tables.get(&r.table);
    let empty = crate::evidence::Bound::default();
    let bound = if r.optional && matches!(*state, TableState::Missing) {
        &empty
    } else {
        match found(&state, spec, &used, r.optional, &mut out) {
            Some(b) => b,
            None => return out,
        }
    };
    let rows = rows_where(&state, r.when.as_deref(), cx, &[]);
    // Groups in order of first appearance.
    let mut groups: IndexMap<String, Vec<(&Row, MjValue)>> = IndexMap::new();
    match &r.group_by {
        None => {
            groups.insert(String::new(), rows);
        }
        Some(g) => {
            let gi = col_index(spec, g);
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
            let v = match &agg.table {
                None => compute(agg, spec, rows, cx),
                Some(t) => other_table(agg, t, &vars, cx),
            };
            vars.push((Name::Owned(name.clone()), v));
        }
        if let Some(l) = &r.lookup {
            vars.push((Name::Owned(l.alias.clone()), lookup(l, key, cx)));
        }
        let ctx = cx.with(vars);
        for (ai, a) in r.assert.iter().enumerate() {
            out.units += 1;
            if !cx.test(&a.test, &ctx).unwrap_or(false) {
                let msg = expr::render(&a.message, &ctx).unwrap_or_else(|_| a.message.clone());
                let loc = match rows.first() {
                    Some((row, _)) if r.group_by.is_some() => cell_location(bound, spec, row, None),
                    _ => file.as_deref().map(Location::file).unwrap_or_default(),
                };
                out.finding(
                    &format!("{key}#{ai}"),
                    a.code.as_deref().unwrap_or("threshold-not-met"),
                    msg,
                    loc,
                );
            }
        }
    }
    out
}

/// An aggregate over another table (a join): all its rows where the
/// aggregate's `when` holds, which may read the current `group`. An absent
/// table counts as no rows; the rules on that table report it.
fn other_table(agg: &Agg, table: &str, vars: &[(Name, MjValue)], cx: &Ctx) -> MjValue {
    let Some(spec) = cx.tables.spec(table) else {
        return MjValue::from(());
    };
    let state = cx.tables.get(table);
    let rows = rows_where(&state, agg.when.as_deref(), cx, vars);
    compute(agg, spec, &rows, cx)
}

fn compute(agg: &Agg, spec: &TableSpec, rows: &[(&Row, MjValue)], cx: &Ctx) -> MjValue {
    let count_where = |e: &str| -> usize {
        let values: Vec<MjValue> = rows.iter().map(|(_, rv)| rv.clone()).collect();
        test_each(e, &values, None, cx, &[])
            .into_iter()
            .filter(|p| *p)
            .count()
    };
    let num = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            MjValue::from(x as i64)
        } else {
            MjValue::from(x)
        }
    };
    let ci = agg.column().map(|c| col_index(spec, c));
    let nums = || -> Vec<f64> {
        let Some(ci) = ci else { return Vec::new() };
        rows.iter()
            .filter_map(|(r, _)| {
                if let Value::Number(n) = r.values[ci] {
                    Some(n)
                } else {
                    None
                }
            })
            .collect()
    };
    if let Some(c) = &agg.count {
        return match c {
            CountOf::All(_) => MjValue::from(rows.len()),
            CountOf::Where(e) => MjValue::from(count_where(e)),
        };
    }
    if let Some(e) = &agg.ratio {
        return MjValue::from(if rows.is_empty() {
            0.0
        } else {
            count_where(e) as f64 / rows.len() as f64
        });
    }
    if agg.sum.is_some() {
        return num(nums().iter().sum());
    }
    if let (Some(_), Some(ci)) = (&agg.values, ci) {
        let mut seen = Vec::new();
        for (r, _) in rows {
            let s = r.values[ci].display();
            if !s.is_empty() && !seen.contains(&s) {
                seen.push(s);
            }
        }
        return MjValue::from(seen);
    }
    // min / max, of numbers or of dates.
    let Some(ci) = ci else {
        return MjValue::from(());
    };
    let is_min = agg.min.is_some();
    if spec.columns[ci].kind == ColType::Date {
        let dates = rows.iter().filter_map(|(r, _)| {
            if let Value::Date(d) = r.values[ci] {
                Some(d)
            } else {
                None
            }
        });
        let d = if is_min { dates.min() } else { dates.max() };
        return d
            .map(|d| MjValue::from(crate::date::iso(d)))
            .unwrap_or(MjValue::from(()));
    }
    let v = nums();
    let x = if is_min {
        v.iter().cloned().reduce(f64::min)
    } else {
        v.iter().cloned().reduce(f64::max)
    };
    x.map(num).unwrap_or(MjValue::from(()))
}

/// The row of the lookup table whose key column equals `key`, or none.
fn lookup(l: &Lookup, key: &str, cx: &Ctx) -> MjValue {
    let Some(spec) = cx.tables.spec(&l.table) else {
        return MjValue::from(());
    };
    let state = cx.tables.get(&l.table);
    let ki = col_index(spec, &l.key);
    let key = norm_key(key);
    let (rows, values) = state.rows();
    rows.iter()
        .zip(values)
        .find(|(r, _)| norm_key(&r.values[ki].display()) == key)
        .map(|(_, v)| v.clone())
        .unwrap_or(MjValue::from(()))
}

/// Keys compared without spaces (names typed as 王 小明).
fn norm_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn coverage(r: &CoverageRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let Some(from) = cx.tables.spec(&r.from) else {
        return Outcome::error(format!("清单中没有表格 {}", r.from));
    };
    let key = r
        .key
        .clone()
        .or_else(|| from.key.clone())
        .unwrap_or_default();
    let ki = col_index(from, &key);
    let state = cx.tables.get(&r.from);
    let Some(bound) = found(&state, from, &[ki], false, &mut out) else {
        return out;
    };
    let rows = rows_where(&state, r.from_when.as_deref(), cx, &[]);
    let mut have: HashSet<String> = HashSet::with_capacity(rows.len());
    let mut targets: Vec<String> = Vec::new();
    if let Some(to) = &r.to {
        let Some(tspec) = cx.tables.spec(to) else {
            return Outcome::error(format!("清单中没有表格 {to}"));
        };
        targets.push(tspec.title.clone());
        let tk = col_index(tspec, r.to_key.as_deref().unwrap_or_default());
        let tstate = cx.tables.get(to);
        if matches!(*tstate, TableState::Missing) && r.to_files.is_some() {
            // Either a table or files may cover the keys: files only here.
        } else {
            let mut sub = Outcome::default();
            match found(&tstate, tspec, &[tk], true, &mut sub) {
                Some(_) => {
                    out.findings.extend(sub.findings);
                    let trows = rows_where(&tstate, r.when.as_deref(), cx, &[]);
                    have.extend(
                        trows
                            .iter()
                            .map(|(row, _)| norm_key(&row.values[tk].display())),
                    );
                }
                None => {
                    // The other table is missing or unusable: said once,
                    // and every key is uncovered.
                    out.findings.extend(sub.findings);
                    out.error = sub.error;
                    out.units = rows.len().max(1);
                    out.failed.insert("table".into());
                    out.blocked = true;
                    return out;
                }
            }
        }
    }
    if let Some(g) = &r.to_files {
        let pats = g.to_vec();
        let globs = match cx.checklist.compiled.globs(&pats) {
            Ok(g) => g,
            Err(e) => return Outcome::error(e),
        };
        // A key is covered by a file whose name contains it. The names
        // are joined into one text (a key has no line break), searched
        // once per key rather than name by name.
        let names: String = cx
            .evidence
            .matching(&globs)
            .iter()
            .map(|f| norm_key(f.name()) + "\n")
            .collect();
        for (row, _) in &rows {
            let k = norm_key(&row.values[ki].display());
            if !k.is_empty() && names.contains(k.as_str()) {
                have.insert(k);
            }
        }
        targets.push(pats.join(" 或 "));
    }
    let target = targets.join("或");
    let mut seen = HashSet::with_capacity(rows.len());
    for (row, _) in &rows {
        let k = norm_key(&row.values[ki].display());
        if k.is_empty() || !seen.insert(k.clone()) {
            continue;
        }
        out.units += 1;
        if !have.contains(&k) {
            let ctx = cx.with([("key".into(), MjValue::from(k.clone()))]);
            let msg = r
                .message
                .as_ref()
                .and_then(|m| expr::render(m, &ctx).ok())
                .unwrap_or_else(|| format!("「{k}」在「{target}」中没有符合要求的记录"));
            out.finding_about(
                &format!("key:{k}"),
                Some(k.clone()),
                r.code.as_deref().unwrap_or("coverage-gap"),
                msg,
                cell_location(bound, from, row, Some(ki)),
            );
        }
    }
    out
}

fn assert(r: &AssertRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let ctx = cx.with([]);
    for (i, a) in r.assert.iter().enumerate() {
        out.units += 1;
        if !cx.test(&a.test, &ctx).unwrap_or(false) {
            let msg = expr::render(&a.message, &ctx).unwrap_or_else(|_| a.message.clone());
            let loc = if a.test.contains("school.") {
                Location::file(crate::profile::FILE)
            } else {
                Location::default()
            };
            out.finding(
                &format!("assert:{i}"),
                a.code.as_deref().unwrap_or("condition-not-met"),
                msg,
                loc,
            );
        }
    }
    out
}
