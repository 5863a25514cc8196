//! Validation of a merged checklist into the checked form: deserialises
//! each table and item on its own, then checks references, points,
//! expressions, regexes and globs and compiles them, collecting every
//! problem before reporting. A builder that returns `None` has recorded
//! the problem that stopped it.

use super::checked::*;
use super::glob::{self, Glob};
use super::load::{Merged, Origin};
use super::raw::{self, ColType, Mode, SchoolType, Scoring};
use crate::diag::Diagnostic;
use crate::expr::{self, Expr, Template};
use crate::yamlfile::{from_value, Doc};
use indexmap::IndexMap;
use regex::Regex;
use std::collections::{BTreeSet, HashMap, HashSet};

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

/// The days a rectification deadline may lie after the inspection date.
const RECTIFICATION_DAYS: std::ops::RangeInclusive<i64> = 0..=3650;

/// The date `lint` computes an item's constant expressions on, to catch
/// parameters that take a date rule out of the calendar.
const PROBE_DATE: &str = "2026-09-01";

type Params = IndexMap<String, serde_yaml::Value>;

/// Names an expression may read, beyond `date`, `term_start`, `year`,
/// `school` and `params`.
#[derive(Default, Clone)]
struct Scope<'a> {
    row: Option<&'a Table>,
    value: bool,
    names: Vec<String>,
    lookups: Vec<(String, &'a Table)>,
}

impl<'a> Scope<'a> {
    fn row(t: &'a Table) -> Self {
        Scope {
            row: Some(t),
            ..Scope::default()
        }
    }
}

struct Validator<'a> {
    docs: &'a [Doc],
    problems: Vec<Diagnostic>,
    school_keys: BTreeSet<String>,
    /// Patterns compiled so far, by their text: one written once and
    /// reused by a YAML alias (`pattern: *phone`) is compiled once (a
    /// Unicode `\d` makes a phone pattern costly to compile).
    regexes: HashMap<String, Regex>,
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

    /// Compiles an expression, checks the names it reads, and computes it
    /// once when it reads only the dates and `params` (a parameter that
    /// takes a date out of the calendar is a problem of the checklist).
    fn expr(
        &mut self,
        o: &Origin,
        sub: &str,
        src: &str,
        params: &Params,
        scope: &Scope,
    ) -> Option<Expr> {
        match Expr::compile(src) {
            Err(e) => {
                self.at(o, sub, format!("表达式「{src}」无法解析: {e}"));
                None
            }
            Ok(x) => {
                let before = self.problems.len();
                if let Some(p) = x.pitfall() {
                    self.at(o, sub, p);
                }
                let vars = x.variables();
                self.check_vars(o, sub, src, &vars, params, scope);
                if self.problems.len() > before {
                    return None;
                }
                if x.reads_only(&["date", "term_start", "year", "params"]) {
                    if let Err(e) = x.eval(&probe_context(params)) {
                        self.at(o, sub, format!("表达式「{src}」无法计算: {e}"));
                        return None;
                    }
                }
                Some(x)
            }
        }
    }

    /// Checks the names a message template reads.
    fn template(
        &mut self,
        o: &Origin,
        sub: &str,
        src: &str,
        params: &Params,
        scope: &Scope,
    ) -> Option<Template> {
        match expr::template_variables(src) {
            Err(e) => {
                self.at(o, sub, format!("消息模板「{src}」无法解析: {e}"));
                None
            }
            Ok(vars) => {
                let before = self.problems.len();
                self.check_vars(o, sub, src, &vars, params, scope);
                (self.problems.len() == before).then(|| Template {
                    source: src.to_string(),
                })
            }
        }
    }

    fn check_vars(
        &mut self,
        o: &Origin,
        sub: &str,
        src: &str,
        vars: &BTreeSet<String>,
        params: &Params,
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

    fn glob(&mut self, o: &Origin, sub: &str, src: &str) -> Option<Glob> {
        match glob::compile(src) {
            Ok(g) => Some(g),
            Err(e) => {
                self.at(o, sub, format!("文件匹配模式「{src}」有误: {e}"));
                None
            }
        }
    }

    /// Every glob of a list, or `None` when any is wrong (all reported).
    fn globs(&mut self, o: &Origin, sub: &str, srcs: &[String]) -> Option<Vec<Glob>> {
        let globs: Vec<Option<Glob>> = srcs
            .iter()
            .enumerate()
            .map(|(i, g)| self.glob(o, &format!("{sub}[{i}]"), g))
            .collect();
        globs.into_iter().collect()
    }

    fn regex(&mut self, o: &Origin, sub: &str, src: &str) -> Option<Regex> {
        if let Some(r) = self.regexes.get(src) {
            return Some(r.clone());
        }
        match Regex::new(src) {
            Ok(r) => {
                self.regexes.insert(src.to_string(), r.clone());
                Some(r)
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
                None
            }
        }
    }

    /// The table a rule names, bound to its position.
    fn table<'t>(
        &mut self,
        o: &Origin,
        sub: &str,
        name: &str,
        tables: &'t IndexMap<String, Table>,
    ) -> Option<(TableId, &'t Table)> {
        match tables.get_full(name) {
            Some((i, _, t)) => Some((TableId(i), t)),
            None => {
                self.at(o, sub, format!("未定义的表格 `{name}`(在 tables 中声明)"));
                None
            }
        }
    }

    /// A column of a table, bound to its position.
    fn column(&mut self, o: &Origin, sub: &str, t: &Table, col: &str) -> Option<Col> {
        let at = t.columns.iter().position(|c| c.id == col);
        if at.is_none() {
            self.at(
                o,
                sub,
                format!("表格「{}」没有 id 为 `{col}` 的列", t.title),
            );
        }
        at
    }
}

/// The context `lint` computes constant expressions in: the probe date
/// as `date` and `term_start`, and the item's params.
fn probe_context(params: &Params) -> minijinja::Value {
    minijinja::context! {
        date => PROBE_DATE,
        term_start => PROBE_DATE,
        year => 2026,
        params => expr::params_value(params),
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
        school_keys,
        regexes: HashMap::new(),
    };
    check_header(&mut v, &m);

    // Tables.
    let mut tables = IndexMap::new();
    for (id, (value, o)) in &m.tables {
        match from_value::<raw::TableSpec>(&docs[o.doc], &o.path, value.clone()) {
            Err(d) => v.problems.push(d),
            Ok(t) => {
                tables.insert(id.clone(), check_table(&mut v, o, id, t));
            }
        }
    }
    check_templates(&mut v, &m, &tables);

    // Sections and items.
    let mut sections = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut section_ids = HashSet::new();
    // (old id, where, index, the item): checked once every id is known.
    let mut replaced = Vec::new();
    for s in &m.sections {
        if !section_ids.insert(s.id.clone()) {
            v.at(&s.origin, "id", format!("分部 id `{}` 重复", s.id));
        }
        let mut items = Vec::new();
        let mut points_read = 0;
        for (value, o) in &s.items {
            let item: raw::Item = match from_value(&docs[o.doc], &o.path, value.clone()) {
                Ok(i) => i,
                Err(d) => {
                    v.problems.push(d);
                    continue;
                }
            };
            points_read += 1;
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
            for (i, old) in item.replaces.iter().enumerate() {
                replaced.push((old.clone(), o.clone(), i, item.id.clone()));
            }
            let points = item.points;
            let before = v.problems.len();
            match check_item(&mut v, o, item, &tables, &m.school_types) {
                Some(i) => items.push(i),
                None => {
                    if v.problems.len() == before {
                        v.at(o, "", "检查项未能通过校验");
                    }
                    // Keeps the section's sum for the points check below.
                    items.push(placeholder(points));
                }
            }
        }
        let sum: f64 = items.iter().map(|i| i.points).sum();
        let points = match s.points {
            Some(p) => {
                if (p - sum).abs() > 1e-9 && points_read == s.items.len() {
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
            title_en: s.title_en.clone(),
            points,
            items,
        });
    }
    // A replaced id names an earlier edition's item: not one of this
    // edition's, and replaced by one item only.
    let mut by: std::collections::HashMap<String, String> = Default::default();
    for (old, o, i, item) in replaced {
        let at = format!("replaces[{i}]");
        if ids.contains(&old) {
            v.at(
                &o,
                &at,
                format!("`{old}` 仍是本清单的检查项,不能被 `{item}` 取代"),
            );
        } else if let Some(first) = by.insert(old.clone(), item.clone()) {
            v.at(
                &o,
                &at,
                format!("`{old}` 已由 `{first}` 取代,不能再由 `{item}` 取代"),
            );
        }
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
        documents: m.documents,
        source: docs.last().map(|d| d.file.clone()).unwrap_or_default(),
        school_types: m.school_types,
        profile: m.profile,
        grade_bands: bands,
        rectification: m.rectification,
        spot_check: m.spot_check,
        not_data_rows: m.not_data_rows,
        tables,
        sections,
        tailored: m.tailored,
    })
}

/// An item that did not validate, standing in for its points until the
/// problems are reported (a checklist with problems is never returned).
fn placeholder(points: f64) -> Item {
    Item {
        id: String::new(),
        title: String::new(),
        basis: String::new(),
        points,
        veto: false,
        veto_on: Vec::new(),
        school_types: Vec::new(),
        applies_if: None,
        mode: Mode::Onsite,
        combine: Default::default(),
        scoring: Scoring::AllOrNothing,
        params: Params::new(),
        guidance: Default::default(),
        rules: Vec::new(),
        replaces: Vec::new(),
    }
}

/// School types, grade bands and rectification deadlines.
fn check_header(v: &mut Validator, m: &Merged) {
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
    let r = &m.rectification;
    for (key, days) in [("veto_days", r.veto_days), ("other_days", r.other_days)] {
        if !RECTIFICATION_DAYS.contains(&days) {
            let o = Origin {
                doc: m.docs.len() - 1,
                path: format!("rectification.{key}"),
            };
            v.at(
                &o,
                "",
                format!(
                    "整改期限 {key} 为 {days} 天,应在 {} 到 {} 天之间",
                    RECTIFICATION_DAYS.start(),
                    RECTIFICATION_DAYS.end()
                ),
            );
        }
    }
    if let Some(w) = &m.spot_check {
        let o = Origin {
            doc: m.docs.len() - 1,
            path: "spot_check".into(),
        };
        for (key, x) in w.weights() {
            if !(x.is_finite() && x >= 0.0) {
                v.at(
                    &o,
                    key,
                    format!("抽查风险权重 {key} 为 {x},应为不小于 0 的数"),
                );
            }
        }
        if w.base.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            v.at(&o, "base", "base 应大于 0,否则风险分为 0 的学校永远抽不到");
        }
    }
}

fn check_table(v: &mut Validator, o: &Origin, id: &str, t: raw::TableSpec) -> Table {
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
    let key = t.key.as_ref().and_then(|k| {
        let at = t.columns.iter().position(|c| &c.id == k);
        if at.is_none() {
            v.at(o, "key", format!("key `{k}` 不是本表的列"));
        }
        at
    });
    if t.files.is_empty() {
        v.at(o, "files", "files 至少要有一个文件匹配模式");
    }
    // With a problem the table is still built from what did validate, so
    // that the rules naming it are checked too (and the checklist is
    // refused).
    let files = t
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, g)| v.glob(o, &format!("files[{i}]"), g))
        .collect();
    Table {
        id: id.to_string(),
        title: t.title,
        files,
        template: t.template,
        columns: t.columns,
        key,
        note: t.note,
        header_names: Default::default(),
    }
}

/// A template must be read as its own table only.
fn check_templates(v: &mut Validator, m: &Merged, tables: &IndexMap<String, Table>) {
    for (id, t) in tables {
        let Some(path) = &t.template else { continue };
        for (other, ot) in tables {
            if other != id && ot.files.iter().any(|g| g.is_match(path)) {
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
}

fn check_item(
    v: &mut Validator,
    o: &Origin,
    item: raw::Item,
    tables: &IndexMap<String, Table>,
    types: &[SchoolType],
) -> Option<Item> {
    let before = v.problems.len();
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
    let applies_if = item
        .applies_if
        .as_ref()
        .map(|a| v.expr(o, "applies_if", a, p, &Scope::default()));
    let rules: Vec<Option<Rule>> = item
        .rules
        .iter()
        .enumerate()
        .map(|(ri, rule)| check_rule(v, o, &format!("rules[{ri}]"), rule, p, tables))
        .collect();
    if v.problems.len() > before {
        return None;
    }
    Some(Item {
        applies_if: applies_if.flatten(),
        rules: rules.into_iter().collect::<Option<_>>()?,
        id: item.id,
        title: item.title,
        basis: item.basis,
        points: item.points,
        veto: item.veto,
        veto_on: item.veto_on,
        school_types: item.school_types,
        mode: item.mode,
        combine: item.combine,
        scoring: item.scoring,
        params: item.params,
        guidance: item.guidance,
        replaces: item.replaces,
    })
}

fn check_rule(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    rule: &raw::Rule,
    p: &Params,
    tables: &IndexMap<String, Table>,
) -> Option<Rule> {
    Some(match rule {
        raw::Rule::Files(f) => Rule::Files(check_files(v, o, r, f, p)?),
        raw::Rule::Table(t) => Rule::Table(check_table_rule(v, o, r, t, p, tables)?),
        raw::Rule::Aggregate(a) => Rule::Aggregate(check_aggregate(v, o, r, a, p, tables)?),
        raw::Rule::Coverage(c) => Rule::Coverage(check_coverage(v, o, r, c, p, tables)?),
        raw::Rule::Assert(a) => Rule::Assert(AssertRule {
            assert: assertions(v, o, r, &a.assert, p, &Scope::default())?,
        }),
        raw::Rule::Followup(f) => Rule::Followup(check_followup(v, o, r, f, p, tables)?),
    })
}

fn check_followup(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    f: &raw::FollowupRule,
    p: &Params,
    tables: &IndexMap<String, Table>,
) -> Option<FollowupRule> {
    let before = v.problems.len();
    let ledger = match &f.ledger {
        None => {
            if !f.names.is_empty() || f.done.is_some() {
                v.at(o, r, "names 和 done 说的是整改台账,请同时写明 ledger(表格)");
            }
            None
        }
        Some(name) => v
            .table(o, &format!("{r}.ledger"), name, tables)
            .map(|(tid, t)| {
                if f.names.is_empty() {
                    v.at(
                        o,
                        &format!("{r}.names"),
                        "请写明台账中哪些列写着问题(names),否则认不出台账的哪一行是哪个问题",
                    );
                }
                let names: Vec<Option<Col>> = f
                    .names
                    .iter()
                    .enumerate()
                    .map(|(i, c)| v.column(o, &format!("{r}.names[{i}]"), t, c))
                    .collect();
                let done = f
                    .done
                    .as_ref()
                    .map(|d| v.expr(o, &format!("{r}.done"), d, p, &Scope::row(t)));
                (tid, names, done)
            }),
    };
    let message = f.message.as_ref().map(|m| {
        let s = Scope {
            names: vec!["problem".into()],
            ..Scope::default()
        };
        v.template(o, &format!("{r}.message"), m, p, &s)
    });
    if v.problems.len() > before {
        return None;
    }
    let ledger = match ledger {
        None => None,
        Some((table, names, done)) => Some(Ledger {
            table,
            names: names.into_iter().collect::<Option<_>>()?,
            done: option(done)?,
        }),
    };
    Some(FollowupRule {
        ledger,
        code: f.code.clone(),
        message: option(message)?,
    })
}

fn check_files(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    f: &raw::FilesRule,
    p: &Params,
) -> Option<FilesRule> {
    let globs = v.globs(o, &format!("{r}.glob"), &f.glob.to_vec());
    let keywords: Vec<Option<Template>> = f
        .keywords
        .iter()
        .enumerate()
        .map(|(i, k)| v.template(o, &format!("{r}.keywords[{i}]"), k, p, &Scope::default()))
        .collect();
    if f.min == 0 {
        v.at(o, &format!("{r}.min"), "min 至少为 1");
        return None;
    }
    Some(FilesRule {
        label: f.label.clone(),
        globs: globs?,
        min: f.min,
        extensions: f.extensions.clone(),
        non_empty: f.non_empty,
        keywords: keywords.into_iter().collect::<Option<_>>()?,
        folder: f.folder.clone(),
    })
}

fn check_table_rule(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    t: &raw::TableRule,
    p: &Params,
    tables: &IndexMap<String, Table>,
) -> Option<TableRule> {
    let (id, spec) = v.table(o, &format!("{r}.table"), &t.table, tables)?;
    let when = t
        .when
        .as_ref()
        .map(|w| v.expr(o, &format!("{r}.when"), w, p, &Scope::row(spec)));
    let checks: Vec<Option<Check>> = t
        .checks
        .iter()
        .enumerate()
        .map(|(ci, c)| check_check(v, o, &format!("{r}.checks[{ci}]"), c, spec, p))
        .collect();
    Some(TableRule {
        table: id,
        min_rows: t.min_rows,
        optional: t.optional,
        when: option(when)?,
        checks: checks.into_iter().collect::<Option<_>>()?,
    })
}

/// An optional part that, when written, must have validated: `None` when
/// it was written and did not.
fn option<T>(x: Option<Option<T>>) -> Option<Option<T>> {
    match x {
        None => Some(None),
        Some(None) => None,
        Some(Some(t)) => Some(Some(t)),
    }
}

fn assertions(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    list: &[raw::Assertion],
    p: &Params,
    scope: &Scope,
) -> Option<Vec<Assertion>> {
    let built: Vec<Option<Assertion>> = list
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let test = v.expr(o, &format!("{r}.assert[{i}].test"), &x.test, p, scope);
            let message = v.template(o, &format!("{r}.assert[{i}].message"), &x.message, p, scope);
            Some(Assertion {
                test: test?,
                message: message?,
                code: x.code.clone(),
            })
        })
        .collect();
    built.into_iter().collect()
}

fn check_aggregate(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    a: &raw::AggregateRule,
    p: &Params,
    tables: &IndexMap<String, Table>,
) -> Option<AggregateRule> {
    let (id, spec) = v.table(o, &format!("{r}.table"), &a.table, tables)?;
    let before = v.problems.len();
    let when = a
        .when
        .as_ref()
        .map(|w| v.expr(o, &format!("{r}.when"), w, p, &Scope::row(spec)));
    let group_by = a
        .group_by
        .as_ref()
        .map(|g| v.column(o, &format!("{r}.group_by"), spec, g));
    let mut scope = Scope::default();
    let mut lookup = None;
    if let Some(l) = &a.lookup {
        if a.group_by.is_none() {
            v.at(o, &format!("{r}.lookup"), "lookup 需要与 group_by 一起使用");
        }
        if let Some((lid, lt)) = v.table(o, &format!("{r}.lookup.table"), &l.table, tables) {
            let key = v.column(o, &format!("{r}.lookup.key"), lt, &l.key);
            scope.lookups.push((l.alias.clone(), lt));
            lookup = key.map(|key| Lookup {
                table: lid,
                key,
                alias: l.alias.clone(),
            });
        }
    }
    if a.group_by.is_some() {
        scope.names.push("group".into());
    }
    let mut values = Vec::new();
    for (name, agg) in &a.values {
        let sub = format!("{r}.values.{name}");
        if let Some(x) = check_agg(v, o, &sub, agg, (id, spec), a.group_by.is_some(), p, tables) {
            values.push((name.clone(), x));
        }
        scope.names.push(name.clone());
    }
    let assert = assertions(v, o, r, &a.assert, p, &scope);
    if v.problems.len() > before {
        return None;
    }
    Some(AggregateRule {
        table: id,
        when: option(when)?,
        group_by: option(group_by)?,
        lookup,
        values,
        assert: assert?,
        optional: a.optional,
    })
}

/// One aggregate value over the rule's table (`own`) or another one.
#[allow(clippy::too_many_arguments)]
fn check_agg(
    v: &mut Validator,
    o: &Origin,
    sub: &str,
    agg: &raw::Agg,
    own: (TableId, &Table),
    grouped: bool,
    p: &Params,
    tables: &IndexMap<String, Table>,
) -> Option<Agg> {
    if agg.ops() != 1 {
        v.at(
            o,
            sub,
            "每个汇总值只能是 count、sum、min、max、ratio、values 中的一种",
        );
    }
    let (table, over) = match &agg.table {
        Some(t) => {
            let (tid, t) = v.table(o, &format!("{sub}.table"), t, tables)?;
            (Some(tid), t)
        }
        None => (None, own.1),
    };
    let mut rs = Scope::row(over);
    if grouped {
        rs.names.push("group".into());
    }
    let row_expr = agg.row_expr().map(|e| v.expr(o, sub, e, p, &rs));
    let when = agg.when.as_ref().map(|w| {
        if agg.table.is_none() {
            v.at(
                o,
                &format!("{sub}.when"),
                "汇总值的 when 只能与 table 一起使用(本表请用规则的 when)",
            );
        }
        v.expr(o, &format!("{sub}.when"), w, p, &rs)
    });
    let column = agg.column().map(|c| v.column(o, sub, over, c));
    if agg.ops() != 1 {
        return None;
    }
    let (row_expr, column) = (option(row_expr)?, option(column)?);
    let op = match (&agg.count, row_expr, column) {
        (Some(raw::CountOf::All(_)), _, _) => AggOp::Count,
        (Some(raw::CountOf::Where(_)), Some(e), _) => AggOp::CountWhere(e),
        (None, Some(e), _) => AggOp::Ratio(e),
        (_, _, Some(c)) if agg.sum.is_some() => AggOp::Sum(c),
        (_, _, Some(c)) if agg.min.is_some() => AggOp::Min(c),
        (_, _, Some(c)) if agg.max.is_some() => AggOp::Max(c),
        (_, _, Some(c)) => AggOp::Values(c),
        _ => return None,
    };
    Some(Agg {
        op,
        table,
        when: option(when)?,
    })
}

fn check_coverage(
    v: &mut Validator,
    o: &Origin,
    r: &str,
    c: &raw::CoverageRule,
    p: &Params,
    tables: &IndexMap<String, Table>,
) -> Option<CoverageRule> {
    let (fid, from) = v.table(o, &format!("{r}.from"), &c.from, tables)?;
    let before = v.problems.len();
    let key = match c.key.as_ref() {
        Some(k) => v.column(o, &format!("{r}.key"), from, k),
        None if from.key.is_some() => from.key,
        None => {
            v.at(
                o,
                &format!("{r}.key"),
                format!("表格「{}」没有 key,请写明 key", from.title),
            );
            None
        }
    };
    let from_when = c
        .from_when
        .as_ref()
        .map(|w| v.expr(o, &format!("{r}.from_when"), w, p, &Scope::row(from)));
    let to_files = match &c.to_files {
        Some(g) => v.globs(o, &format!("{r}.to_files"), &g.to_vec()),
        None => Some(Vec::new()),
    };
    let mut to = None;
    let mut when = None;
    match (&c.to, &c.to_files) {
        (Some(name), _) => {
            if let Some((tid, tt)) = v.table(o, &format!("{r}.to"), name, tables) {
                match &c.to_key {
                    Some(k) => to = v.column(o, &format!("{r}.to_key"), tt, k).map(|k| (tid, k)),
                    None => v.at(
                        o,
                        r,
                        "coverage 规则需要 to_key(对方表格中存放姓名等键值的列)",
                    ),
                }
                if let Some(w) = &c.when {
                    // Computed on each row of `to` before keys are matched.
                    when = Some(v.expr(o, &format!("{r}.when"), w, p, &Scope::row(tt)));
                }
            }
        }
        (None, Some(_)) => {}
        (None, None) => v.at(o, r, "coverage 规则需要 to(表格)或 to_files(文件)"),
    }
    let message = c.message.as_ref().map(|m| {
        let s = Scope {
            names: vec!["key".into()],
            ..Scope::default()
        };
        v.template(o, &format!("{r}.message"), m, p, &s)
    });
    if v.problems.len() > before {
        return None;
    }
    Some(CoverageRule {
        from: fid,
        key: key?,
        from_when: option(from_when)?,
        to,
        when: option(when)?,
        to_files: to_files?,
        code: c.code.clone(),
        message: option(message)?,
    })
}

fn check_check(
    v: &mut Validator,
    o: &Origin,
    sub: &str,
    c: &raw::Check,
    t: &Table,
    p: &Params,
) -> Option<Check> {
    let before = v.problems.len();
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
    let required: Vec<Option<Col>> = c
        .required
        .iter()
        .enumerate()
        .map(|(i, col)| v.column(o, &format!("{sub}.required[{i}]"), t, col))
        .collect();
    let needs_column = c.pattern.is_some()
        || c.one_of.is_some()
        || c.min.is_some()
        || c.max.is_some()
        || c.not_before.is_some()
        || c.not_after.is_some();
    let column = match &c.column {
        Some(col) => v.column(o, &format!("{sub}.column"), t, col),
        None if needs_column => {
            v.at(o, sub, "这条 check 需要 column(要检查的列)");
            None
        }
        None => None,
    };
    if let Some(col) = column.map(|ci| &t.columns[ci]) {
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
    if c.test.is_some() && c.message.as_deref().is_none_or(|m| m.trim().is_empty()) {
        // Without one, a school would read the raw expression.
        v.at(
            o,
            &format!("{sub}.test"),
            "test 检查必须写 message:学校看到的是这句说明,不是表达式".to_string(),
        );
    }
    let regex = c
        .pattern
        .as_ref()
        .and_then(|re| v.regex(o, &format!("{sub}.pattern"), re));
    // `value` is the checked cell: bounds and messages of a check on a
    // column read it; a `when` or `test` is computed on whole rows first.
    let row = Scope::row(t);
    let cell = Scope {
        value: c.column.is_some() && c.test.is_none(),
        ..Scope::row(t)
    };
    let not_before = c
        .not_before
        .as_ref()
        .map(|b| date_bound(v, o, &format!("{sub}.not_before"), b, p, &cell));
    let not_after = c
        .not_after
        .as_ref()
        .map(|b| date_bound(v, o, &format!("{sub}.not_after"), b, p, &cell));
    let test = c
        .test
        .as_ref()
        .map(|e| v.expr(o, &format!("{sub}.test"), e, p, &row));
    let when = c
        .when
        .as_ref()
        .map(|e| v.expr(o, &format!("{sub}.when"), e, p, &row));
    let message = c
        .message
        .as_ref()
        .map(|m| v.template(o, &format!("{sub}.message"), m, p, &cell));
    if v.problems.len() > before {
        return None;
    }
    let kind = if !c.required.is_empty() {
        CheckKind::Required(required.into_iter().collect::<Option<_>>()?)
    } else if let Some(test) = test {
        CheckKind::Test {
            column,
            test: test?,
        }
    } else if let Some(regex) = regex {
        CheckKind::Pattern {
            column: column?,
            regex,
        }
    } else if let Some(values) = &c.one_of {
        CheckKind::OneOf {
            column: column?,
            values: values.clone(),
        }
    } else if c.min.is_some() || c.max.is_some() {
        CheckKind::Range {
            column: column?,
            min: c.min,
            max: c.max,
        }
    } else {
        CheckKind::Dates {
            column: column?,
            not_before: option(not_before)?,
            not_after: option(not_after)?,
        }
    };
    Some(Check {
        kind,
        when: option(when)?,
        code: c.code.clone(),
        message: option(message)?,
    })
}

/// A date bound has one meaning: a date as a school would write it
/// (`2028-01-01`, also when YAML leaves it unquoted), or an expression
/// whose value is a date (`term_start`, `params.since`,
/// `add_days(date, -31)`). A text that looks like a date but is none
/// (`2028-13-01`) is a problem, never arithmetic; so is an expression
/// that reads no variable and does not give a date.
fn date_bound(
    v: &mut Validator,
    o: &Origin,
    sub: &str,
    src: &str,
    p: &Params,
    scope: &Scope,
) -> Option<DateBound> {
    let t = src.trim();
    if looks_like_date(t) {
        return match crate::date::parse(t) {
            Some(d) => Some(DateBound::Date(d)),
            None => {
                v.at(o, sub, format!("日期界限「{src}」不是有效的日期"));
                None
            }
        };
    }
    let e = v.expr(o, sub, src, p, scope)?;
    if e.reads_only(&["params"]) {
        // A constant or a parameter: known now, and it must be a date.
        let value = e.eval(&probe_context(p)).ok()?;
        let text = value
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| value.to_string());
        return match crate::date::parse(&text).filter(|_| value.as_str().is_some()) {
            Some(d) => Some(DateBound::Date(d)),
            None => {
                v.at(
                    o,
                    sub,
                    format!("日期界限「{src}」的值「{text}」不是日期;请写日期(如 2026-09-01)、term_start、date 或返回日期的表达式"),
                );
                None
            }
        };
    }
    Some(DateBound::Expr(e))
}

/// `2028-01-01`, `2028/1/1`, `2028.1.1`, `2028年1月1日`, `20280101`: the
/// shapes of a date literal, which an expression never has.
fn looks_like_date(t: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if t.len() == 8 && digits(t) {
        return true;
    }
    let s = t.strip_suffix('日').unwrap_or(t);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    parts.len() == 3 && parts[0].len() == 4 && parts.iter().all(|p| digits(p) && p.len() <= 4)
}
