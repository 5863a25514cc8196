//! The school profile, `school.yaml`: name, 10-digit 学校标识码, type,
//! township, term start, headcounts and flags. Validated on load against
//! the checklist (known type, declared headcounts and flags), every
//! problem with its line.

use crate::checklist::Checklist;
use crate::date;
use crate::diag::Diagnostic;
use crate::yamlfile::scalar;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The file name of the profile inside a submission.
pub const FILE: &str = "school.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: String,
    code: serde_yaml::Value,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    township: String,
    term_start: serde_yaml::Value,
    #[serde(default)]
    self_audit_date: Option<serde_yaml::Value>,
    #[serde(default)]
    principal: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    headcounts: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    flags: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    food_license: Option<RawLicense>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicense {
    #[serde(default)]
    number: Option<serde_yaml::Value>,
    #[serde(default)]
    expires: Option<serde_yaml::Value>,
}

/// A food business licence (食品经营许可证).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct License {
    pub number: String,
    pub expires: Option<NaiveDate>,
}

/// A validated school profile.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Profile {
    pub name: String,
    pub code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub township: String,
    pub term_start: NaiveDate,
    pub self_audit_date: Option<NaiveDate>,
    pub principal: Option<String>,
    pub phone: Option<String>,
    pub headcounts: IndexMap<String, f64>,
    pub flags: IndexMap<String, bool>,
    pub food_license: Option<License>,
}

/// Parses and validates `school.yaml`; `file` names it in messages.
pub fn parse(file: &str, text: &str, checklist: &Checklist) -> Result<Profile, Vec<Diagnostic>> {
    // Every missing key at once (serde would name only the first).
    let (doc, value) = crate::yamlfile::parse_doc(file, text)?;
    let missing: Vec<Diagnostic> = [
        ("name", "学校全称"),
        ("code", "10 位学校标识码"),
        ("type", "学校类型"),
        ("term_start", "本学期开学日期"),
    ]
    .iter()
    .filter(|(k, _)| value.get(k).is_none())
    .map(|(k, what)| doc.diag_at(None, format!("缺少必填的键 `{k}`({what})")))
    .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let raw: Raw = crate::yamlfile::from_value(&doc, "", value).map_err(|d| vec![d])?;
    let at = |path: &str, msg: String| doc.diag(path, msg);
    let mut problems = Vec::new();
    let code = scalar(&raw.code);
    if code.len() != 10 || !code.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(at(
            "code",
            format!("学校标识码应为 10 位数字,这里是「{code}」"),
        ));
    }
    if checklist.school_type(&raw.kind).is_none() {
        let known: Vec<String> = checklist
            .school_types
            .iter()
            .map(|t| format!("{}({})", t.id, t.name))
            .collect();
        problems.push(at(
            "type",
            format!("未知的学校类型「{}」,应为: {}", raw.kind, known.join("、")),
        ));
    }
    let mut get_date = |path: &str, v: &serde_yaml::Value| {
        let s = scalar(v);
        let d = date::parse(&s);
        if d.is_none() {
            problems.push(at(path, format!("「{s}」不是日期,请写成 2026-09-01")));
        }
        d
    };
    let term_start = get_date("term_start", &raw.term_start);
    let self_audit_date = raw
        .self_audit_date
        .as_ref()
        .and_then(|v| get_date("self_audit_date", v));
    let food_license = raw.food_license.as_ref().map(|l| License {
        number: l.number.as_ref().map(scalar).unwrap_or_default(),
        expires: l
            .expires
            .as_ref()
            .and_then(|v| get_date("food_license.expires", v)),
    });
    let mut headcounts = IndexMap::new();
    for (k, label) in &checklist.profile.headcounts {
        match raw.headcounts.get(k) {
            None => problems.push(at(
                "headcounts",
                format!("headcounts 缺少 {k}({label});没有请填 0"),
            )),
            Some(v) => match v.as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0) {
                Some(n) => {
                    headcounts.insert(k.clone(), n);
                }
                None => problems.push(at(
                    &format!("headcounts.{k}"),
                    format!("{k}({label})应是不小于 0 的整数"),
                )),
            },
        }
    }
    for k in raw
        .headcounts
        .keys()
        .filter(|k| !checklist.profile.headcounts.contains_key(*k))
    {
        problems.push(at(
            &format!("headcounts.{k}"),
            format!(
                "未知的人数字段 {k}(可用: {})",
                keys(&checklist.profile.headcounts)
            ),
        ));
    }
    let mut flags = IndexMap::new();
    for (k, label) in &checklist.profile.flags {
        match raw.flags.get(k) {
            None => problems.push(at(
                "flags",
                format!("flags 缺少 {k}({label});请填 是 或 否(也可写 true、false)"),
            )),
            Some(v) => match flag(v) {
                Some(b) => {
                    flags.insert(k.clone(), b);
                }
                None => problems.push(at(
                    &format!("flags.{k}"),
                    format!("{k}({label})应填 是 或 否(也可写 true、false、有、无)"),
                )),
            },
        }
    }
    for k in raw
        .flags
        .keys()
        .filter(|k| !checklist.profile.flags.contains_key(*k))
    {
        problems.push(at(
            &format!("flags.{k}"),
            format!("未知的标志 {k}(可用: {})", keys(&checklist.profile.flags)),
        ));
    }
    if raw.name.trim().is_empty() {
        problems.push(at("name", "学校名称不能为空".into()));
    }
    match (problems.is_empty(), term_start) {
        (true, Some(term_start)) => Ok(Profile {
            name: raw.name.trim().to_string(),
            code,
            kind: raw.kind,
            township: raw.township,
            term_start,
            self_audit_date,
            principal: raw.principal,
            phone: raw.phone,
            headcounts,
            flags,
            food_license,
        }),
        _ => Err(problems),
    }
}

/// A flag as schools write it: `true`/`false`, or 是/否, 有/无, yes/no.
fn flag(v: &serde_yaml::Value) -> Option<bool> {
    if let Some(b) = v.as_bool() {
        return Some(b);
    }
    match v.as_str()?.trim().to_lowercase().as_str() {
        "是" | "有" | "yes" | "y" | "true" | "对" => Some(true),
        "否" | "无" | "没有" | "no" | "n" | "false" | "不是" => Some(false),
        _ => None,
    }
}

impl Profile {
    /// Values still as `ducha init` wrote them (某某学校, 0000000000): said
    /// in the result's warnings, since the report would carry them.
    pub fn placeholders(&self, file: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (field, value, placeholder) in [
            ("name", &self.name, crate::init::PLACEHOLDER_NAME),
            ("code", &self.code, crate::init::PLACEHOLDER_CODE),
            (
                "township",
                &self.township,
                crate::init::PLACEHOLDER_TOWNSHIP,
            ),
        ] {
            if value.trim() == placeholder {
                out.push(format!(
                    "{file}: {field} 还是模板中的「{placeholder}」,请改成本校的实际信息"
                ));
            }
        }
        out
    }
}

fn keys(m: &IndexMap<String, String>) -> String {
    m.keys().cloned().collect::<Vec<_>>().join("、")
}

impl Profile {
    /// The profile as expressions see it: `school.name`, `school.canteen`,
    /// `school.left_behind`, `school.food_license.expires`.
    pub fn to_value(&self) -> minijinja::Value {
        let mut m: IndexMap<String, minijinja::Value> = IndexMap::new();
        m.insert("name".into(), self.name.clone().into());
        m.insert("code".into(), self.code.clone().into());
        m.insert("type".into(), self.kind.clone().into());
        m.insert("township".into(), self.township.clone().into());
        m.insert("term_start".into(), date::iso(self.term_start).into());
        if let Some(d) = self.self_audit_date {
            m.insert("self_audit_date".into(), date::iso(d).into());
        }
        for (k, v) in [("principal", &self.principal), ("phone", &self.phone)] {
            if let Some(v) = v {
                m.insert(k.into(), v.clone().into());
            }
        }
        for (k, v) in &self.headcounts {
            m.insert(k.clone(), (*v as i64).into());
        }
        for (k, v) in &self.flags {
            m.insert(k.clone(), (*v).into());
        }
        if let Some(l) = &self.food_license {
            let mut lm: IndexMap<String, minijinja::Value> = IndexMap::new();
            lm.insert("number".into(), l.number.clone().into());
            if let Some(e) = l.expires {
                lm.insert("expires".into(), date::iso(e).into());
            }
            m.insert("food_license".into(), minijinja::Value::from_iter(lm));
        }
        minijinja::Value::from_iter(m)
    }
}
