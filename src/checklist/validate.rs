//! Validation of a merged checklist: deserialises each table and item on
//! its own, then checks references, points, expressions and regexes,
//! collecting every problem before reporting.

use super::load::{Merged, Origin};
use super::model::*;
use super::Compiled;
use crate::diag::Diagnostic;
use crate::expr::{self, Expr};
use crate::yamlfile::{from_value, Doc};
use indexmap::IndexMap;
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// Fields of `school.yaml` that every checklist may read as `school.X`,
/// besides the headcounts and flags the checklist declares.
pub const SCHOOL_FIELDS: &[&str] = &[
    "name",
    "code",
    "type",
    "township",
    "term_start",
    "self_audit_date",
    "food_license",
    "principal",
    "phone",
];

/// Names an expression may read, beyond `date`, `term_start`, `year`,
/// `school` and `params`.
#[derive(Default, Clone)]
struct Scope<'a> {
    row: Option<&'a TableSpec>,
    value: bool,
    names: Vec<String>,
    lookups: Vec<(String, &'a TableSpec)>,
}

struct Validator<'a> {
    docs: &'a [Doc],
    problems: Vec<Diagnostic>,
    compiled: Compiled,
    school_keys: BTreeSet<String>,
}

impl<'a> Validator<'a> {
    fn at(&mut self, o: &Origin, sub: &str, msg: impl Into<String>) {
        let path = if sub.is_empty() {
            o.path.clone()
        } else if sub.starts_with('[') {
            format!("{}{sub}", o.path)
        } else {
            format!("{}.{sub}", o.path)
        };
        let d = self.docs[o.doc].diag(&path, msg);
        self.problems.push(d);
    }

    /// Compiles an expression and checks the names it reads.
    fn expr(
        &mut self,
        o: &Origin,
        sub: &str,
        src: &str,
        params: &IndexMap<String, serde_yaml::Value>,
        scope: &Scope,
    ) {
        match Expr::compile(src) {
            Err(e) => self.at(o, sub, format!("表达式「{src}」无法解析: {e}")),
            Ok(x) => {
                if let Some(p) = x.pitfall() {
                    self.at(o, sub, p);
                }
                let vars = x.variables();
                self.check_vars(o, sub, src, &vars, params, scope);
                self.compiled.exprs.insert(src.to_string(), x);
            }
        }
    }

    /// Checks the names a message template reads.
    fn template(
        &mut self,
        o: &Origin,
        sub: &str,
        src: &str,
        params: &IndexMap<String, serde_yaml::Value>,
        scope: &Scope,
    ) {
        match expr::template_variables(src) {
            Err(e) => self.at(o, sub, format!("消息模板「{src}」无法解析: {e}")),
            Ok(vars) => self.check_vars(o, sub, src, &vars, params, scope),
        }
    }

    fn check_vars(
        &mut self,
        o: &Origin,
        sub: &str,
        src: &str,
        vars: &BTreeSet<String>,
        params: &IndexMap<String, serde_yaml::Value>,
        scope: &Scope,
    ) {
        for var in vars {
            let mut parts = var.split('.');
            let root = parts.next().unwrap_or_default();
            let attr = parts.next();
            let problem = match (root, attr) {
                (f, _) if expr::FUNCTIONS.contains(&f) => None,
                ("date" | "term_start" | "year", _) => None,
                ("school", None) => None,
                ("school", Some(a)) => (!self.school_keys.contains(a))
                    .then(|| format!("school.{a} 不是学校信息(school.yaml)中的字段")),
                ("params", None) => None,
                ("params", Some(a)) => (!params.contains_key(a))
                    .then(|| format!("params.{a} 未在本检查项的 params 中声明")),
                ("row", a) => match (scope.row, a) {
                    (None, _) => Some("这里没有表格行,不能使用 row".to_string()),
                    (Some(_), None) => None,
                    (Some(t), Some(a)) => t
                        .column(a)
                        .is_none()
                        .then(|| format!("row.{a}: 表格「{}」没有 id 为 `{a}` 的列", t.title)),
                },
                ("value", _) if scope.value => None,
                (r, a) => {
                    if let Some((_, t)) = scope.lookups.iter().find(|(n, _)| n == r) {
                        a.and_then(|a| {
                            t.column(a).is_none().then(|| {
                                format!("{r}.{a}: 表格「{}」没有 id 为 `{a}` 的列", t.title)
                            })
                        })
                    } else if scope.names.iter().any(|n| n == r) {
                        None
                    } else {
                        Some(format!("未声明的变量 `{r}`"))
                    }
                }
            };
            if let Some(p) = problem {
                self.at(o, sub, format!("「{src}」中 {p}"));
            }
        }
    }

    fn glob(&mut self, o: &Origin, sub: &str, src: &str) {
        match crate::evidence::compile_glob(src) {
            Ok(g) => {
                self.compiled.globs.insert(src.to_string(), g);
            }
            Err(e) => self.at(o, sub, format!("文件匹配模式「{src}」有误: {e}")),
        }
    }

    fn regex(&mut self, o: &Origin, sub: &str, src: &str) {
        match regex::Regex::new(src) {
            Ok(r) => {
                self.compiled.regexes.insert(src.to_string(), r);
            }
            Err(e) => {
                let first = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.at(o, sub, format!("正则表达式「{src}」有误: {first}"));
            }
        }
    }
}

pub(crate) fn validate(m: Merged) -> Result<Checklist, Vec<Diagnostic>> {
    let docs = &m.docs;
    let mut school_keys: BTreeSet<String> = SCHOOL_FIELDS.iter().map(|s| s.to_string()).collect();
    school_keys.extend(m.profile.headcounts.keys().cloned());
    school_keys.extend(m.profile.flags.keys().cloned());
    let mut v = Validator {
        docs,
        problems: m.problems.clone(),
        compiled: Compiled::default(),
        school_keys,
    };

    // School types and grade bands.
    let mut seen = HashSet::new();
    for (i, t) in m.school_types.iter().enumerate() {
        if !seen.insert(t.id.clone()) {
            v.at(
                &m.school_types_origin,
                &format!("[{i}].id"),
                format!("学校类型 `{}` 重复", t.id),
            );
        }
    }
    if m.grade_bands.is_empty() {
        v.at(&m.grade_bands_origin, "", "grade_bands 不能为空");
    }
    for (i, w) in m.grade_bands.windows(2).enumerate() {
        if w[1].min >= w[0].min {
            v.at(
                &m.grade_bands_origin,
                &format!("[{}].min", i + 1),
                "等级应按分数从高到低排列",
            );
        }
    }

    // Tables.
    let mut tables = IndexMap::new();
    for (id, (value, o)) in &m.tables {
        match from_value::<TableSpec>(&docs[o.doc], &o.path, value.clone()) {
            Err(d) => v.problems.push(d),
            Ok(t) => {
                check_table(&mut v, o, &t);
                tables.insert(id.clone(), t);
            }
        }
    }

    // A template must be read as its own table only.
    for (id, t) in &tables {
        let Some(path) = &t.template else { continue };
        for (other, ot) in &tables {
            let hit = other != id
                && ot
                    .files
                    .iter()
                    .filter_map(|g| v.compiled.globs.get(g))
                    .any(|g| g.is_match(path));
            if hit {
                let o = &m.tables[id].1;
                v.at(
                    o,
                    "template",
                    format!(
                        "模板「{path}」也会被当作表格「{}」读取;请让两个表格的 files 互不重叠",
                        ot.title
                    ),
                );
            }
        }
    }

    // Sections and items.
    let mut sections = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut section_ids = HashSet::new();
    for s in &m.sections {
        if !section_ids.insert(s.id.clone()) {
            v.at(&s.origin, "id", format!("分部 id `{}` 重复", s.id));
        }
        let mut items = Vec::new();
        for (value, o) in &s.items {
            let item: Item = match from_value(&docs[o.doc], &o.path, value.clone()) {
                Ok(i) => i,
                Err(d) => {
                    v.problems.push(d);
                    continue;
                }
            };
            if !ids.insert(item.id.clone()) {
                v.at(o, "id", format!("检查项 id `{}` 重复", item.id));
            }
            if !item.id.starts_with(&format!("{}.", s.id)) {
                v.at(
                    o,
                    "id",
                    format!(
                        "检查项 id `{}` 应以所在分部的 id 开头(`{}.`)",
                        item.id, s.id
                    ),
                );
            }
            check_item(&mut v, o, &item, &tables, &m.school_types);
            items.push(item);
        }
        let sum: f64 = items.iter().map(|i| i.points).sum();
        let points = match s.points {
            Some(p) => {
                if (p - sum).abs() > 1e-9 && items.len() == s.items.len() {
                    v.at(
                        &s.origin,
                        "points",
                        format!("分部「{}」标明 {p} 分,但各检查项合计 {sum} 分", s.title),
                    );
                }
                p
            }
            None => sum,
        };
        sections.push(Section {
            id: s.id.clone(),
            title: s.title.clone(),
            points,
            items,
        });
    }
    if sections.iter().all(|s| s.items.is_empty()) && v.problems.is_empty() {
        v.problems
            .push(docs[0].diag_at(None, "清单中没有任何检查项"));
    }

    if !v.problems.is_empty() {
        let mut p = v.problems;
        p.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        p.dedup();
        return Err(p);
    }
    let mut bands = m.grade_bands.clone();
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    Ok(Checklist {
        id: m.id,
        title: m.title,
        edition: m.edition,
        issuer: m.issuer,
        source: docs.last().map(|d| d.file.clone()).unwrap_or_default(),
        school_types: m.school_types,
        profile: m.profile,
        grade_bands: bands,
        rectification: m.rectification,
        tables,
        sections,
        tailored: m.tailored,
        compiled: Arc::new(v.compiled),
    })
}

fn check_table(v: &mut Validator, o: &Origin, t: &TableSpec) {
    let mut seen = HashSet::new();
    for (i, c) in t.columns.iter().enumerate() {
        if !seen.insert(c.id.clone()) {
            v.at(
                o,
                &format!("columns[{i}].id"),
                format!("列 id `{}` 重复", c.id),
            );
        }
    }
    if let Some(k) = &t.key {
        if t.column(k).is_none() {
            v.at(o, "key", format!("key `{k}` 不是本表的列"));
        }
    }
    if t.files.is_empty() {
        v.at(o, "files", "files 至少要有一个文件匹配模式");
    }
    for (i, g) in t.files.iter().enumerate() {
        v.glob(o, &format!("files[{i}]"), g);
    }
}

fn check_item(
    v: &mut Validator,
    o: &Origin,
    item: &Item,
    tables: &IndexMap<String, TableSpec>,
    types: &[SchoolType],
) {
    if item.points <= 0.0 {
        v.at(o, "points", "分值应大于 0");
    }
    if !item.veto_on.is_empty() && !item.veto {
        v.at(o, "veto_on", "只有一票否决项(veto: true)才能写 veto_on");
    }
    for (i, t) in item.school_types.iter().enumerate() {
        if !types.iter().any(|x| &x.id == t) {
            v.at(
                o,
                &format!("school_types[{i}]"),
                format!("未知的学校类型 `{t}`"),
            );
        }
    }
    match (item.mode, item.rules.is_empty()) {
        (Mode::Onsite, false) => v.at(o, "rules", "现场检查项(mode: onsite)不应有证据规则"),
        (Mode::Evidence | Mode::Both, true) => {
            v.at(o, "rules", "证据检查项至少要有一条规则(rules)")
        }
        _ => {}
    }
    if let Scoring::Deduct(n) = item.scoring {
        if n <= 0.0 {
            v.at(o, "scoring", "deduct 的分值应大于 0");
        }
    }
    let p = &item.params;
    let base = Scope::default();
    if let Some(a) = &item.applies_if {
        v.expr(o, "applies_if", a, p, &base);
    }
    for (ri, rule) in item.rules.iter().enumerate() {
        let r = format!("rules[{ri}]");
        check_rule(v, o, &r, rule, p, tables);
    }
}

fn table<'t>(
    v: &mut Validator,
    o: &Origin,
    sub: &str,
    name: &str,
    tables: &'t IndexMap<String, TableSpec>,
) -> Option<&'t TableSpec> {
    let t = tables.get(name);
    if t.is_none() {
        v.at(o, sub, format!("未定义的表格 `{name}`(在 tables 中声明)"));
    }
    t
}

fn column(v: &mut Validator, o: &Origin, sub: &str, t: &TableSpec, col: &str) {
    if t.column(col).is_none() {
        v.at(
            o,
            sub,
            format!("表格「{}」没有 id 为 `{col}` 的列", t.title),
        );
    }
}

fn check_rule(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    rule: &Rule,
    p: &IndexMap<String, serde_yaml::Value>,
    tables: &IndexMap<String, TableSpec>,
) {
    let base = Scope::default();
    match rule {
        Rule::Files(f) => {
            for (i, g) in f.glob.to_vec().iter().enumerate() {
                v.glob(o, &format!("{r}.glob[{i}]"), g);
            }
            for (i, k) in f.keywords.iter().enumerate() {
                v.template(o, &format!("{r}.keywords[{i}]"), k, p, &base);
            }
            if f.min == 0 {
                v.at(o, &format!("{r}.min"), "min 至少为 1");
            }
        }
        Rule::Table(t) => {
            let Some(spec) = table(v, o, &format!("{r}.table"), &t.table, tables) else {
                return;
            };
            let row = Scope {
                row: Some(spec),
                ..Scope::default()
            };
            if let Some(w) = &t.when {
                v.expr(o, &format!("{r}.when"), w, p, &row);
            }
            for (ci, c) in t.checks.iter().enumerate() {
                check_check(v, o, &format!("{r}.checks[{ci}]"), c, spec, p);
            }
        }
        Rule::Aggregate(a) => {
            let Some(spec) = table(v, o, &format!("{r}.table"), &a.table, tables) else {
                return;
            };
            let row = Scope {
                row: Some(spec),
                ..Scope::default()
            };
            if let Some(w) = &a.when {
                v.expr(o, &format!("{r}.when"), w, p, &row);
            }
            if let Some(g) = &a.group_by {
                column(v, o, &format!("{r}.group_by"), spec, g);
            }
            let mut scope = Scope::default();
            if let Some(l) = &a.lookup {
                if a.group_by.is_none() {
                    v.at(o, &format!("{r}.lookup"), "lookup 需要与 group_by 一起使用");
                }
                if let Some(lt) = table(v, o, &format!("{r}.lookup.table"), &l.table, tables) {
                    column(v, o, &format!("{r}.lookup.key"), lt, &l.key);
                    scope.lookups.push((l.alias.clone(), lt));
                }
            }
            if a.group_by.is_some() {
                scope.names.push("group".into());
            }
            for (name, agg) in &a.values {
                let sub = format!("{r}.values.{name}");
                if agg.ops() != 1 {
                    v.at(
                        o,
                        &sub,
                        "每个汇总值只能是 count、sum、min、max、ratio、values 中的一种",
                    );
                }
                let over = match &agg.table {
                    Some(t) => table(v, o, &format!("{sub}.table"), t, tables),
                    None => Some(spec),
                };
                let Some(over) = over else { continue };
                let mut rs = Scope {
                    row: Some(over),
                    ..Scope::default()
                };
                if a.group_by.is_some() {
                    rs.names.push("group".into());
                }
                if let Some(e) = agg.row_expr() {
                    v.expr(o, &sub, e, p, &rs);
                }
                if let Some(w) = &agg.when {
                    if agg.table.is_none() {
                        v.at(
                            o,
                            &format!("{sub}.when"),
                            "汇总值的 when 只能与 table 一起使用(本表请用规则的 when)",
                        );
                    }
                    v.expr(o, &format!("{sub}.when"), w, p, &rs);
                }
                if let Some(c) = agg.column() {
                    column(v, o, &sub, over, c);
                }
                scope.names.push(name.clone());
            }
            for (i, x) in a.assert.iter().enumerate() {
                v.expr(o, &format!("{r}.assert[{i}].test"), &x.test, p, &scope);
                v.template(
                    o,
                    &format!("{r}.assert[{i}].message"),
                    &x.message,
                    p,
                    &scope,
                );
            }
        }
        Rule::Coverage(c) => {
            let Some(from) = table(v, o, &format!("{r}.from"), &c.from, tables) else {
                return;
            };
            let key = c.key.clone().or_else(|| from.key.clone());
            match &key {
                None => v.at(
                    o,
                    &format!("{r}.key"),
                    format!("表格「{}」没有 key,请写明 key", from.title),
                ),
                Some(k) => column(v, o, &format!("{r}.key"), from, k),
            }
            if let Some(w) = &c.from_when {
                v.expr(
                    o,
                    &format!("{r}.from_when"),
                    w,
                    p,
                    &Scope {
                        row: Some(from),
                        ..Scope::default()
                    },
                );
            }
            if let Some(g) = &c.to_files {
                for (i, g) in g.to_vec().iter().enumerate() {
                    v.glob(o, &format!("{r}.to_files[{i}]"), g);
                }
            }
            match (&c.to, &c.to_files) {
                (Some(to), _) => {
                    if let Some(tt) = table(v, o, &format!("{r}.to"), to, tables) {
                        match &c.to_key {
                            Some(k) => column(v, o, &format!("{r}.to_key"), tt, k),
                            None => v.at(
                                o,
                                r,
                                "coverage 规则需要 to_key(对方表格中存放姓名等键值的列)",
                            ),
                        }
                        if let Some(w) = &c.when {
                            let s = Scope {
                                row: Some(tt),
                                names: vec!["key".into()],
                                ..Scope::default()
                            };
                            v.expr(o, &format!("{r}.when"), w, p, &s);
                        }
                    }
                }
                (None, Some(_)) => {}
                (None, None) => v.at(o, r, "coverage 规则需要 to(表格)或 to_files(文件)"),
            }
            if let Some(m) = &c.message {
                v.template(
                    o,
                    &format!("{r}.message"),
                    m,
                    p,
                    &Scope {
                        names: vec!["key".into()],
                        ..Scope::default()
                    },
                );
            }
        }
        Rule::Assert(a) => {
            for (i, x) in a.assert.iter().enumerate() {
                v.expr(o, &format!("{r}.assert[{i}].test"), &x.test, p, &base);
                v.template(o, &format!("{r}.assert[{i}].message"), &x.message, p, &base);
            }
        }
    }
}

fn check_check(
    v: &mut Validator,
    o: &Origin,
    sub: &str,
    c: &Check,
    t: &TableSpec,
    p: &IndexMap<String, serde_yaml::Value>,
) {
    let kinds = [
        !c.required.is_empty(),
        c.pattern.is_some(),
        c.one_of.is_some(),
        c.min.is_some() || c.max.is_some(),
        c.not_before.is_some() || c.not_after.is_some(),
        c.test.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if kinds != 1 {
        v.at(o, sub, "每条 check 只能是 required、pattern、one_of、min/max、not_before/not_after、test 中的一种");
    }
    for (i, col) in c.required.iter().enumerate() {
        column(v, o, &format!("{sub}.required[{i}]"), t, col);
    }
    let needs_column = c.pattern.is_some()
        || c.one_of.is_some()
        || c.min.is_some()
        || c.max.is_some()
        || c.not_before.is_some()
        || c.not_after.is_some();
    match &c.column {
        Some(col) => column(v, o, &format!("{sub}.column"), t, col),
        None if needs_column => v.at(o, sub, "这条 check 需要 column(要检查的列)"),
        None => {}
    }
    if let Some(col) = c.column.as_deref().and_then(|c| t.column(c)) {
        if (c.not_before.is_some() || c.not_after.is_some()) && col.kind != ColType::Date {
            v.at(
                o,
                &format!("{sub}.column"),
                format!(
                    "列 `{}` 不是日期列(type: date),不能用 not_before/not_after",
                    col.id
                ),
            );
        }
        if (c.min.is_some() || c.max.is_some()) && col.kind != ColType::Number {
            v.at(
                o,
                &format!("{sub}.column"),
                format!("列 `{}` 不是数字列(type: number),不能用 min/max", col.id),
            );
        }
    }
    if let Some(re) = &c.pattern {
        v.regex(o, &format!("{sub}.pattern"), re);
    }
    let row = Scope {
        row: Some(t),
        value: c.column.is_some(),
        ..Scope::default()
    };
    for (name, e) in [
        ("not_before", &c.not_before),
        ("not_after", &c.not_after),
        ("test", &c.test),
        ("when", &c.when),
    ] {
        if let Some(e) = e {
            v.expr(o, &format!("{sub}.{name}"), e, p, &row);
        }
    }
    if let Some(m) = &c.message {
        v.template(o, &format!("{sub}.message"), m, p, &row);
    }
}
