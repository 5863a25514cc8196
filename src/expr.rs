//! Checklist expressions (`arrival / due >= params.min_rate`) and message
//! templates, evaluated with minijinja in strict mode so that a misspelled
//! variable is an error, never a silent false.

use crate::date;
use minijinja::value::Value;
use minijinja::{Environment, Error as MjError, ErrorKind, UndefinedBehavior};
use std::collections::BTreeSet;
use std::sync::{OnceLock, RwLock};

/// Functions expressions may call (ours and minijinja's own globals).
pub const FUNCTIONS: &[&str] = &[
    "add_days",
    "days_before",
    "days_between",
    "years_between",
    "hours_between",
    "is_date",
    "contains_any",
    "range",
    "dict",
    "namespace",
];

/// The shared expression environment, with the date helpers.
pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(new_env)
}

/// The steps one evaluation or rendering may take.
pub const MAX_STEPS: u64 = 20_000_000;

/// The longest expression or message template: far above any real one,
/// and short enough that the parser's recursion stays within the stack
/// (`not not not …` a hundred thousand times overflowed it).
pub const MAX_SOURCE: usize = 2_000;

fn too_long(source: &str) -> Option<ExprError> {
    (source.len() > MAX_SOURCE).then(|| {
        ExprError::Syntax(format!(
            "表达式或消息模板过长({} 个字节,最多 {MAX_SOURCE}),请拆分或简化",
            source.len()
        ))
    })
}

fn new_env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Bounded work: a loop of loops in a message or a condition stops with
    // an error instead of running for hours. A batch test over 20,000 rows
    // takes about 1.5 million steps.
    env.set_fuel(Some(MAX_STEPS));
    // Messages are plain text: a template whose text ends in `.html` must
    // not be HTML-escaped because of its name.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    // An empty cell shown in a message prints as nothing, never `none`
    // (a row without a name must not read 「None」).
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_function("add_days", add_days);
    env.add_function("days_before", days_before);
    env.add_function("days_between", days_between);
    env.add_function("years_between", years_between);
    env.add_function("is_date", is_date);
    env.add_function("hours_between", hours_between);
    env.add_function("contains_any", contains_any);
    env
}

/// Message templates compiled once per process, named by their source:
/// a failing row renders its message with no parsing.
fn templates() -> &'static RwLock<Environment<'static>> {
    static TEMPLATES: OnceLock<RwLock<Environment<'static>>> = OnceLock::new();
    TEMPLATES.get_or_init(|| RwLock::new(new_env()))
}

fn parse_date(v: &Value, what: &str) -> Result<chrono::NaiveDate, MjError> {
    let s = v
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string());
    date::parse(&s).ok_or_else(|| {
        MjError::new(
            ErrorKind::InvalidOperation,
            format!("{what}: 「{s}」不是日期"),
        )
    })
}

/// `add_days(d, n)`: the ISO date `n` days after `d` (negative: before).
fn add_days(d: Value, n: i64) -> Result<String, MjError> {
    let from = parse_date(&d, "add_days")?;
    date::add_days(from, n).map(date::iso).ok_or_else(|| {
        MjError::new(
            ErrorKind::InvalidOperation,
            format!("add_days: {} 加 {n} 天超出了日期范围", date::iso(from)),
        )
    })
}

/// `days_before(d, n)`: the ISO date `n` days before `d`.
fn days_before(d: Value, n: i64) -> Result<String, MjError> {
    add_days(d, n.checked_neg().unwrap_or(i64::MAX))
}

/// `days_between(a, b)`: days from `a` to `b` (positive when `b` is later).
fn days_between(a: Value, b: Value) -> Result<i64, MjError> {
    Ok((parse_date(&b, "days_between")? - parse_date(&a, "days_between")?).num_days())
}

/// `years_between(a, b)`: whole years from `a` to `b` (an age on `b`).
fn years_between(a: Value, b: Value) -> Result<i64, MjError> {
    Ok(date::years_between(
        parse_date(&a, "years_between")?,
        parse_date(&b, "years_between")?,
    ))
}

/// `hours_between(a, b)`: hours from date-time `a` to `b` (`2026-09-01 11:30`).
fn hours_between(a: Value, b: Value) -> Result<f64, MjError> {
    let p = |v: &Value| {
        let s = v
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| v.to_string());
        date::parse_datetime(&s).ok_or_else(|| {
            MjError::new(
                ErrorKind::InvalidOperation,
                format!("hours_between: 「{s}」不是日期时间"),
            )
        })
    };
    Ok((p(&b)? - p(&a)?).num_minutes() as f64 / 60.0)
}

/// `contains_any(text, list)`: whether the text contains any of the words.
fn contains_any(text: Value, words: Value) -> Result<bool, MjError> {
    let Some(text) = text.as_str() else {
        return Ok(false);
    };
    for w in words.try_iter()? {
        if let Some(w) = w.as_str() {
            if !w.is_empty() && text.contains(w) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// `is_date(v)`: whether `v` reads as a date.
fn is_date(v: Value) -> bool {
    v.as_str().and_then(date::parse).is_some()
}

/// An item's params as expressions see them. YAML integers become signed
/// integers, so that `-params.days` negates (minijinja refuses to negate
/// the unsigned integers serde would give).
pub fn params_value(params: &indexmap::IndexMap<String, serde_yaml::Value>) -> Value {
    fn conv(v: &serde_yaml::Value) -> Value {
        match v {
            serde_yaml::Value::Null => Value::from(()),
            serde_yaml::Value::Bool(b) => Value::from(*b),
            serde_yaml::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::from(i),
                None => Value::from(n.as_f64().unwrap_or_default()),
            },
            serde_yaml::Value::String(s) => Value::from(s.clone()),
            serde_yaml::Value::Sequence(l) => Value::from(l.iter().map(conv).collect::<Vec<_>>()),
            serde_yaml::Value::Mapping(m) => {
                Value::from_iter(m.iter().map(|(k, v)| (crate::yamlfile::scalar(k), conv(v))))
            }
            serde_yaml::Value::Tagged(t) => conv(&t.value),
        }
    }
    Value::from_iter(params.iter().map(|(k, v)| (k.clone(), conv(v))))
}

/// The name under which [`Expr::test_rows`] finds the rows.
pub const ROWS: &str = "__rows";

/// A compiled expression together with its source text.
pub struct Expr {
    pub source: String,
    compiled: minijinja::Expression<'static, 'static>,
    /// The variables it reads, found on first use.
    variables: OnceLock<BTreeSet<String>>,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Expr({:?})", self.source)
    }
}

impl Expr {
    /// Compiles an expression; the error text is the parser's.
    pub fn compile(source: &str) -> Result<Expr, ExprError> {
        if let Some(e) = too_long(source) {
            return Err(e);
        }
        let compiled = env()
            .compile_expression_owned(source.to_string())
            .map_err(describe)?;
        Ok(Expr {
            source: source.to_string(),
            compiled,
            variables: OnceLock::new(),
        })
    }

    /// Evaluates against a context value (a map).
    pub fn eval(&self, ctx: &Value) -> Result<Value, ExprError> {
        if exhausted(&self.source) {
            return Err(out_of_fuel());
        }
        self.compiled
            .eval(ctx)
            .map_err(|e| remember(&self.source, e))
    }

    /// Evaluates as a condition, by truthiness as in Jinja: `row.reason
    /// and row.approval` holds when both are filled in.
    /// An undefined result (`school.canten`) is an error, never false.
    pub fn test(&self, ctx: &Value) -> Result<bool, ExprError> {
        let v = self.eval(ctx)?;
        if v.is_undefined() {
            return Err(ExprError::UndefinedResult {
                source: self.source.clone(),
            });
        }
        Ok(v.is_true())
    }

    /// Tests the expression for each of `rows` (bound to `row`) in one
    /// template render: `ctx` gives every other variable and must have the
    /// rows as `__rows` (see [`ROWS`]). `None` when the batch cannot stand for
    /// row-by-row tests (an error in any row, an expression that reads
    /// `loop` or could end the template's tag); the caller then tests row
    /// by row, so every row still gets the exact result of [`Expr::test`].
    /// One render costs what one `test` costs plus a few hundred
    /// instructions per row, instead of a whole evaluation per row.
    pub fn test_rows(&self, ctx: &Value, rows: usize) -> Option<Vec<bool>> {
        let src = &self.source;
        if ["{%", "%}", "{{", "}}", "{#", "#}"]
            .iter()
            .any(|t| src.contains(t))
            || self.roots().any(|root| root == "loop" || root == ROWS)
        {
            return None;
        }
        let template = format!(
            "{{% for row in {ROWS} %}}{{% if ({src}) %}}1{{% else %}}0{{% endif %}}{{% endfor %}}"
        );
        let out = render(&template, ctx).ok()?;
        (out.len() == rows).then(|| out.bytes().map(|b| b == b'1').collect())
    }

    /// A pitfall of the expression language worth an error: `-params.days`
    /// negates `params` before reading `.days` (write `-(params.days)` or
    /// `days_before(date, params.days)`).
    pub fn pitfall(&self) -> Option<String> {
        // Every match has a `.` somewhere after a `-`: without one, the
        // regex (costly to compile, for its Unicode `\w`) is not needed,
        // and the official checklist then never compiles it.
        let src = &self.source;
        if !src.find('-').is_some_and(|i| src[i..].contains('.')) {
            return None;
        }
        static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
        let re = RE
            .get_or_init(|| regex::Regex::new(r"(^|[^\w)\]\s])\s*-\s*([A-Za-z_]\w*(\.\w+)+)").ok())
            .as_ref()?;
        re.captures(&self.source).map(|c| {
            let path = &c[2];
            format!("「-{path}」会先对 `{}` 取负再取属性,请写成「-({path})」或使用 days_before(日期, {path})", path.split('.').next().unwrap_or(path))
        })
    }

    /// Variables the expression reads, as dotted paths (`row.name`).
    pub fn variables(&self) -> BTreeSet<String> {
        self.read_set().clone()
    }

    fn read_set(&self) -> &BTreeSet<String> {
        self.variables.get_or_init(|| {
            self.compiled
                .undeclared_variables(true)
                .into_iter()
                .collect()
        })
    }

    /// Whether every variable it reads is one of `roots` (or below one:
    /// `params.days`) or a function: its value is then the same for every
    /// row of a table.
    pub fn reads_only(&self, roots: &[&str]) -> bool {
        self.roots()
            .all(|root| roots.contains(&root) || FUNCTIONS.contains(&root))
    }

    /// The first name of each variable it reads (`params` of `params.days`).
    fn roots(&self) -> impl Iterator<Item = &str> {
        self.read_set()
            .iter()
            .map(|v| v.split('.').next().unwrap_or(v))
    }
}

/// A validated message template (`到校率 {{ rate }}`), rendered per finding.
#[derive(Debug, Clone)]
pub struct Template {
    pub source: String,
}

impl Template {
    /// Parses the template; the error text is the parser's.
    pub fn compile(source: &str) -> Result<Template, ExprError> {
        if let Some(e) = too_long(source) {
            return Err(e);
        }
        template_variables(source)?;
        Ok(Template {
            source: source.to_string(),
        })
    }

    /// Renders it with the context.
    pub fn render(&self, ctx: &Value) -> Result<String, ExprError> {
        render(&self.source, ctx)
    }

    /// Renders it, or when a value it shows cannot be computed (an empty
    /// cell in arithmetic), the message with `…` in place of each value:
    /// a school never reads an expression.
    pub fn render_or_elide(&self, ctx: &Value) -> String {
        self.render(ctx).unwrap_or_else(|_| {
            static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
            match RE
                .get_or_init(|| regex::Regex::new(r"\{\{.*?\}\}|\{%.*?%\}").ok())
                .as_ref()
            {
                Some(re) => re.replace_all(&self.source, "…").into_owned(),
                None => self.source.clone(),
            }
        })
    }
}

/// Renders a message template (`到校率 {{ rate }}`) with the context.
pub fn render(template: &str, ctx: &Value) -> Result<String, ExprError> {
    if !template.contains("{{") && !template.contains("{%") {
        return Ok(template.to_string());
    }
    if exhausted(template) {
        return Err(out_of_fuel());
    }
    {
        let env = templates().read().unwrap_or_else(|e| e.into_inner());
        if let Ok(t) = env.get_template(template) {
            return t.render(ctx).map(fit).map_err(|e| remember(template, e));
        }
    }
    templates()
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .add_template_owned(template.to_string(), template.to_string())
        .map_err(describe)?;
    let env = templates().read().unwrap_or_else(|e| e.into_inner());
    let t = env.get_template(template).map_err(describe)?;
    t.render(ctx).map(fit).map_err(|e| remember(template, e))
}

/// A rendered message without the spare capacity of its buffer (about
/// 2.5 times its length): a roster of 100,000 children keeps 400,000 of
/// them in its result.
fn fit(mut s: String) -> String {
    s.shrink_to_fit();
    s
}

/// Variables a message template reads, as dotted paths.
pub fn template_variables(template: &str) -> Result<BTreeSet<String>, ExprError> {
    let tmpl = env().template_from_str(template).map_err(describe)?;
    Ok(tmpl.undeclared_variables(true).into_iter().collect())
}

/// Why an expression or message template failed, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprError {
    /// Not a valid expression or template: the parser's words.
    Syntax(String),
    /// It reads a variable that is not defined (`school.canten`).
    Undefined { detail: Option<String> },
    /// A condition whose value is undefined (never taken as false).
    UndefinedResult { source: String },
    /// Evaluation failed (a type error, a bad call, date arithmetic out of
    /// the calendar): the engine's words.
    Eval(String),
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExprError::Syntax(s) | ExprError::Eval(s) => f.write_str(s),
            ExprError::Undefined { detail: None } => f.write_str("用到了未定义的变量"),
            ExprError::Undefined { detail: Some(d) } => write!(f, "用到了未定义的变量 ({d})"),
            ExprError::UndefinedResult { source } => {
                write!(f, "表达式「{source}」用到了未定义的变量")
            }
        }
    }
}

impl std::error::Error for ExprError {}

/// Expressions and templates that once ran out of steps: their work does
/// not depend on the row enough to finish on the next one, and 20 million
/// steps for each of 5,000 rows would run for hours. They fail at once
/// from then on (the error is the same).
fn out_of_steps() -> &'static RwLock<std::collections::HashSet<String>> {
    static SET: OnceLock<RwLock<std::collections::HashSet<String>>> = OnceLock::new();
    SET.get_or_init(Default::default)
}

fn exhausted(source: &str) -> bool {
    out_of_steps()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .contains(source)
}

/// The error, with a source that ran out of steps remembered.
fn remember(source: &str, e: MjError) -> ExprError {
    if e.kind() == ErrorKind::OutOfFuel {
        out_of_steps()
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(source.to_string());
    }
    describe(e)
}

fn out_of_fuel() -> ExprError {
    ExprError::Eval(format!(
        "计算量过大(超过 {MAX_STEPS} 步,多半是循环套循环),已停止;请简化表达式或消息模板"
    ))
}

fn describe(e: MjError) -> ExprError {
    let text = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    match e.kind() {
        ErrorKind::OutOfFuel => out_of_fuel(),
        ErrorKind::UndefinedError => ExprError::Undefined {
            detail: e.detail().map(str::to_string),
        },
        ErrorKind::SyntaxError => ExprError::Syntax(text),
        _ => ExprError::Eval(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn an_empty_cell_prints_as_nothing_in_a_message() {
        let ctx = context! { row => context! { name => (), n => 3 } };
        assert_eq!(
            render("「{{ row.name }}」第 {{ row.n }} 行", &ctx).unwrap(),
            "「」第 3 行"
        );
    }

    #[test]
    fn strict_undefined_is_an_error() {
        let e = Expr::compile("school.canten").unwrap();
        let ctx = context! { school => context! { canteen => true } };
        assert!(e.test(&ctx).is_err());
        let e = Expr::compile("school.canteen").unwrap();
        assert_eq!(e.test(&ctx), Ok(true));
    }

    #[test]
    fn truthiness_and_negation() {
        let ctx = context! { row => context! { status => "已完成", proof => "照片" }, p => context! { n => 3 } };
        assert!(Expr::compile("row.status == '已完成' and row.proof")
            .unwrap()
            .test(&ctx)
            .unwrap());
        assert!(Expr::compile("-p.n").unwrap().pitfall().is_some());
        assert!(Expr::compile("1 - p.n").unwrap().pitfall().is_none());
        assert!(Expr::compile("f(date, -p.n)").unwrap().pitfall().is_some());
        assert!(Expr::compile("x == -p.n").unwrap().pitfall().is_some());
        // No `.` after the `-`: no pitfall, found without the regex.
        assert!(Expr::compile("due - arrived == absent")
            .unwrap()
            .pitfall()
            .is_none());
        assert!(Expr::compile("p.n == -x").unwrap().pitfall().is_none());
        assert_eq!(
            Expr::compile("-(p.n)")
                .unwrap()
                .eval(&ctx)
                .unwrap()
                .to_string(),
            "-3"
        );
    }

    #[test]
    fn rows_tested_in_one_batch_agree_with_row_by_row_tests() {
        let rows = |rs: Vec<Value>| context! { __rows => rs, params => context! { n => 2 } };
        let by_row = |e: &Expr, rs: &[Value]| -> Vec<Result<bool, ExprError>> {
            rs.iter()
                .map(|r| e.test(&context! { row => r, params => context! { n => 2 } }))
                .collect()
        };
        let rs = vec![
            context! { a => 1, s => "是" },
            context! { a => 5, s => "否" },
            context! { a => (), s => "是" },
        ];
        let e = Expr::compile("row.a is not none and row.a > params.n or row.s == '是'").unwrap();
        let batch = e.test_rows(&rows(rs.clone()), 3).unwrap();
        let single: Vec<bool> = by_row(&e, &rs).into_iter().map(Result::unwrap).collect();
        assert_eq!(batch, single);
        assert_eq!(batch, [true, true, true]);
        // A row where the expression is an error: no batch, so the caller
        // tests row by row and only that row is an error.
        let e = Expr::compile("row.b > 1").unwrap();
        let one = vec![context! { b => 2 }, context! { a => 1 }];
        assert_eq!(e.test_rows(&rows(one.clone()), 2), None);
        let single = by_row(&e, &one);
        assert_eq!(single[0], Ok(true));
        assert!(single[1].is_err());
        // Expressions that could change the batch template's meaning.
        for src in ["row.s == '%}'", "loop.index > 0"] {
            let e = Expr::compile(src).unwrap();
            assert_eq!(e.test_rows(&rows(rs.clone()), 3), None, "{src}");
        }
    }

    #[test]
    fn date_helpers() {
        let ctx = context! { date => "2026-09-10", d => "2026-8-31" };
        assert_eq!(
            Expr::compile("add_days(date, -31)")
                .unwrap()
                .eval(&ctx)
                .unwrap()
                .to_string(),
            "2026-08-10"
        );
        assert_eq!(
            Expr::compile("days_between(d, date)")
                .unwrap()
                .eval(&ctx)
                .unwrap()
                .to_string(),
            "10"
        );
        assert!(Expr::compile("date >= add_days(date, -1)")
            .unwrap()
            .test(&ctx)
            .unwrap());
        let vars = Expr::compile("row.a > params.x and date")
            .unwrap()
            .variables();
        assert!(vars.contains("row.a") && vars.contains("params.x") && vars.contains("date"));
    }
}
