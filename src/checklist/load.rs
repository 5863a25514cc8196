//! Loading a checklist in two stages: the YAML is read raw (with
//! positions), a tailoring file is merged onto the checklist it
//! `extends`, every item is deserialised on its own so that one bad item
//! does not hide the next, and `validate` then collects every remaining
//! problem. All problems come back at once, each with `file:line:col`.

use super::checked::Checklist;
use super::raw::*;
use super::validate;
use crate::diag::Diagnostic;
use crate::yamlfile::{from_value, parse_doc, Doc};
use indexmap::IndexMap;
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

/// The schema version this engine reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The official checklist, embedded in the binary.
pub const OFFICIAL: &str = include_str!("../../checklists/start-of-term.yaml");
/// The embedded checklist as build.rs parsed it, as JSON (empty if it
/// did not parse).
const OFFICIAL_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/start-of-term.json"));
/// How the embedded checklist is named in messages and in `extends:`.
pub const OFFICIAL_NAME: &str = "start-of-term.yaml";

/// Where a piece of the merged checklist was written: which file, at
/// which path. Validation uses it to point at the text.
#[derive(Debug, Clone)]
pub struct Origin {
    pub doc: usize,
    pub path: String,
}

/// The merged, not yet validated checklist.
pub(crate) struct Merged {
    pub docs: Vec<Doc>,
    pub id: String,
    pub title: String,
    pub edition: String,
    pub issuer: String,
    pub documents: Documents,
    pub tailored: bool,
    pub school_types: Vec<SchoolType>,
    pub school_types_origin: Origin,
    pub profile: ProfileSpec,
    pub grade_bands: Vec<GradeBand>,
    pub grade_bands_origin: Origin,
    pub rectification: Rectification,
    pub spot_check: Option<super::raw::SpotCheck>,
    pub not_data_rows: super::raw::NotDataRows,
    pub tables: IndexMap<String, (Value, Origin)>,
    pub sections: Vec<MergedSection>,
    /// Problems found while merging a tailoring file; validation adds its own.
    pub problems: Vec<Diagnostic>,
}

pub(crate) struct MergedSection {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub points: Option<f64>,
    pub origin: Origin,
    pub items: Vec<(Value, Origin)>,
}

/// Loads and validates a checklist file; `None` loads the embedded one.
pub fn load(path: Option<&Path>) -> Result<Checklist, Vec<Diagnostic>> {
    let (name, text) = match path {
        None => (OFFICIAL_NAME.to_string(), OFFICIAL.to_string()),
        Some(p) => {
            let text = crate::files::read_text_bounded(p, crate::files::MAX_YAML).map_err(|e| {
                vec![Diagnostic::file(
                    &p.display().to_string(),
                    format!("无法读取清单文件: {e}"),
                )]
            })?;
            (p.display().to_string(), text)
        }
    };
    load_str(
        &name,
        &text,
        path.and_then(Path::parent).map(Path::to_path_buf),
    )
}

/// The official checklist's text (embedded, named by `extends:`, or a
/// copy given as a file) as build.rs parsed it: the same value
/// `parse_doc` makes, in a tenth of the time.
fn official_value(name: &str, text: &str) -> Option<(Doc, Value)> {
    if text != OFFICIAL || OFFICIAL_JSON.is_empty() {
        return None;
    }
    let value: Value = serde_json::from_str(OFFICIAL_JSON).ok()?;
    value.is_mapping().then(|| (Doc::new(name, text), value))
}

/// Loads and validates a checklist from text; `dir` resolves `extends:`.
pub fn load_str(
    name: &str,
    text: &str,
    dir: Option<PathBuf>,
) -> Result<Checklist, Vec<Diagnostic>> {
    let mut docs = Vec::new();
    let merged = merge(name, text, dir, &mut docs, 0)?;
    validate::validate(merged)
}

fn merge(
    name: &str,
    text: &str,
    dir: Option<PathBuf>,
    docs: &mut Vec<Doc>,
    depth: usize,
) -> Result<Merged, Vec<Diagnostic>> {
    let (doc, value) = match official_value(name, text) {
        Some(parsed) => parsed,
        None => parse_doc(name, text)?,
    };
    let header: ChecklistFile = from_value(&doc, "", value).map_err(|d| vec![d])?;
    let di = docs.len();
    docs.push(doc);
    let origin = |path: &str| Origin {
        doc: di,
        path: path.to_string(),
    };
    let doc = &docs[di];
    if header.version != SCHEMA_VERSION {
        return Err(vec![doc.diag(
            "version",
            format!(
                "不支持的清单格式版本 {}(本程序读取版本 {SCHEMA_VERSION})",
                header.version
            ),
        )]);
    }
    let mut merged = match &header.extends {
        None => {
            let tables = header
                .tables
                .iter()
                .map(|(k, v)| (k.clone(), (v.clone(), origin(&format!("tables.{k}")))))
                .collect();
            let sections = header
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| MergedSection {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    title_en: s.title_en.clone(),
                    points: s.points,
                    origin: origin(&format!("sections[{si}]")),
                    items: s
                        .items
                        .iter()
                        .enumerate()
                        .map(|(ii, v)| (v.clone(), origin(&format!("sections[{si}].items[{ii}]"))))
                        .collect(),
                })
                .collect();
            let mut problems = Vec::new();
            let mut need = |v: Option<&_>, key: &str| {
                if v.is_none() {
                    problems.push(doc.diag_at(None, format!("缺少必填的键 `{key}`")));
                }
            };
            need(
                header.school_types.as_ref().map(|_| ()).as_ref(),
                "school_types",
            );
            need(
                header.grade_bands.as_ref().map(|_| ()).as_ref(),
                "grade_bands",
            );
            if !problems.is_empty() {
                return Err(problems);
            }
            Merged {
                docs: Vec::new(),
                id: header.id.clone(),
                title: header.title.clone(),
                edition: header.edition.clone(),
                issuer: header.issuer.clone(),
                documents: header.documents.clone().unwrap_or_default(),
                tailored: false,
                school_types: header.school_types.clone().unwrap_or_default(),
                school_types_origin: origin("school_types"),
                profile: header.profile.clone().unwrap_or_default(),
                grade_bands: header.grade_bands.clone().unwrap_or_default(),
                grade_bands_origin: origin("grade_bands"),
                rectification: header.rectification.clone().unwrap_or_default(),
                spot_check: header.spot_check.clone(),
                not_data_rows: header.not_data_rows.clone().unwrap_or_default(),
                tables,
                sections,
                problems: Vec::new(),
            }
        }
        Some(base) => {
            if depth > 4 {
                return Err(vec![doc.diag("extends", "extends 嵌套过深(最多 4 层)")]);
            }
            if !header.sections.is_empty() {
                return Err(vec![doc.diag(
                    "sections",
                    "裁剪清单不能重写 sections;请用 overrides 修改检查项、用 drop 删除检查项",
                )]);
            }
            let (base_name, base_text, base_dir) = if base == OFFICIAL_NAME || base == "official" {
                (OFFICIAL_NAME.to_string(), OFFICIAL.to_string(), None)
            } else {
                let p = dir.clone().unwrap_or_default().join(base);
                match crate::files::read_text_bounded(&p, crate::files::MAX_YAML) {
                    Ok(t) => (
                        p.display().to_string(),
                        t,
                        p.parent().map(Path::to_path_buf),
                    ),
                    Err(e) => {
                        return Err(vec![doc.diag(
                            "extends",
                            format!("无法读取被扩展的清单 {}: {e}", p.display()),
                        )])
                    }
                }
            };
            let mut m = merge(&base_name, &base_text, base_dir, docs, depth + 1)?;
            let problems = apply_tailoring(&mut m, &header, di, docs);
            m.problems.extend(problems);
            m
        }
    };
    merged.id = header.id;
    merged.title = header.title;
    if !header.edition.is_empty() {
        merged.edition = header.edition;
    }
    if !header.issuer.is_empty() {
        merged.issuer = header.issuer;
    }
    if header.extends.is_some() {
        if let Some(d) = &header.documents {
            merged.documents.overlay(d);
        }
    }
    if depth == 0 {
        merged.docs = std::mem::take(docs);
    }
    Ok(merged)
}

/// Applies a tailoring file's `overrides`, `drop`, bands and tables.
fn apply_tailoring(m: &mut Merged, h: &ChecklistFile, di: usize, docs: &[Doc]) -> Vec<Diagnostic> {
    let doc = &docs[di];
    let mut problems = Vec::new();
    m.tailored = true;
    if let Some(st) = &h.school_types {
        m.school_types = st.clone();
        m.school_types_origin = Origin {
            doc: di,
            path: "school_types".into(),
        };
    }
    if let Some(p) = &h.profile {
        m.profile = p.clone();
    }
    if let Some(b) = &h.grade_bands {
        m.grade_bands = b.clone();
        m.grade_bands_origin = Origin {
            doc: di,
            path: "grade_bands".into(),
        };
    }
    if let Some(r) = &h.rectification {
        m.rectification = r.clone();
    }
    if let Some(r) = &h.spot_check {
        m.spot_check = Some(r.clone());
    }
    if let Some(r) = &h.not_data_rows {
        m.not_data_rows = r.clone();
    }
    for (k, v) in &h.tables {
        m.tables.insert(
            k.clone(),
            (
                v.clone(),
                Origin {
                    doc: di,
                    path: format!("tables.{k}"),
                },
            ),
        );
    }
    for (i, id) in h.drop.iter().enumerate() {
        let mut found = false;
        for s in &mut m.sections {
            let before = s.items.len();
            s.items.retain(|(v, _)| item_id(v) != Some(id.as_str()));
            found |= s.items.len() != before;
        }
        if !found {
            problems.push(doc.diag(
                &format!("drop[{i}]"),
                format!("drop 中的检查项 `{id}` 在被扩展的清单中不存在"),
            ));
        }
    }
    for (id, patch) in &h.overrides {
        let path = format!("overrides.{id}");
        let Some((v, o)) = m
            .sections
            .iter_mut()
            .flat_map(|s| s.items.iter_mut())
            .find(|(v, _)| item_id(v) == Some(id.as_str()))
        else {
            problems.push(doc.diag(
                &path,
                format!("overrides 中的检查项 `{id}` 在被扩展的清单中不存在"),
            ));
            continue;
        };
        let Value::Mapping(patch) = patch else {
            problems.push(doc.diag(&path, "overrides 的每一项应是一个映射(键: 值)"));
            continue;
        };
        if patch.contains_key("id") {
            problems.push(doc.diag(&format!("{path}.id"), "不能用 overrides 修改检查项的 id"));
            continue;
        }
        deep_merge(v, patch);
        *o = Origin {
            doc: di,
            path: path.clone(),
        };
    }
    // Section points of a tailored checklist are the sum of its items.
    for s in &mut m.sections {
        s.points = None;
    }
    problems
}

fn item_id(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// Merges `patch` into `base`: mappings key by key (`params`, `guidance`),
/// anything else replaced.
fn deep_merge(base: &mut Value, patch: &Mapping) {
    let Value::Mapping(b) = base else {
        *base = Value::Mapping(patch.clone());
        return;
    };
    for (k, pv) in patch {
        match (b.get_mut(k), pv) {
            (Some(bv @ Value::Mapping(_)), Value::Mapping(pm)) => deep_merge(bv, pm),
            _ => {
                b.insert(k.clone(), pv.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the program reads for the official checklist (build.rs's
    /// JSON) is the value its YAML gives, and only its own text is read
    /// that way.
    #[test]
    fn the_official_checklist_built_as_json_is_the_file_s() {
        let (_, from_yaml) = parse_doc(OFFICIAL_NAME, OFFICIAL).unwrap();
        let (_, from_json) = official_value(OFFICIAL_NAME, OFFICIAL).expect("built as JSON");
        assert_eq!(from_json, from_yaml);
        let tailored = format!("{OFFICIAL}\n# a copy with one more line\n");
        assert!(official_value("copy.yaml", &tailored).is_none());
    }
}
