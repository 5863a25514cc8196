//! Who issues the bureau's documents and how they are numbered: the
//! checklist's `documents:` block (the official checklist's defaults, a
//! tailoring's changes) with a county's `county.yaml` over it, field by
//! field. The feedback (督导检查反馈意见), the rectification notice
//! (限期整改通知书) and the county bulletin (通报) print them.

use crate::checklist::raw::Documents as Raw;
use crate::checklist::Checklist;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The name of a county's settings file, looked for beside a tailored
/// checklist and in the folder that holds the submissions.
pub const FILE: &str = "county.yaml";

/// The settings every document reads, resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Documents {
    pub issuer: String,
    pub office: String,
    pub team: String,
    pub inspection: String,
    pub number: String,
    pub notice_number: String,
    pub bulletin_number: String,
    pub first_number: u32,
    pub contact: String,
    /// The county file they were read from, if any (said on the terminal).
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

impl Documents {
    /// The checklist's settings with `county`'s over them.
    pub fn of(cl: &Checklist, county: Option<(&Raw, &Path)>) -> Documents {
        let mut d = cl.documents.clone();
        if let Some((c, _)) = county {
            d.overlay(c);
        }
        let issuer = d
            .issuer
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| cl.issuer.clone());
        let text = |o: Option<String>| o.map(|s| s.trim().to_string()).unwrap_or_default();
        let number = text(d.number);
        let issuer = issuer.trim().to_string();
        Documents {
            team: text(d.team).replace("{issuer}", &issuer),
            office: text(d.office),
            inspection: text(d.inspection),
            notice_number: match text(d.notice_number) {
                n if n.is_empty() => number.clone(),
                n => n,
            },
            number,
            bulletin_number: text(d.bulletin_number),
            first_number: d.first_number.unwrap_or(1),
            contact: text(d.contact),
            issuer,
            source: county.map(|(_, p)| p.to_path_buf()),
        }
    }

    /// The settings for a checklist, with the county file found at the
    /// first of `places` that holds one (an explicit `--county` first).
    pub fn find(
        cl: &Checklist,
        explicit: Option<&Path>,
        places: &[&Path],
    ) -> Result<Documents, Vec<Diagnostic>> {
        let file = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => places.iter().map(|d| d.join(FILE)).find(|p| p.is_file()),
        };
        match file {
            Some(p) => {
                let raw = read(&p)?;
                Ok(Documents::of(cl, Some((&raw, &p))))
            }
            None => Ok(Documents::of(cl, None)),
        }
    }
}

/// Reads a county file; every problem comes back with its line.
pub fn read(path: &Path) -> Result<Raw, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let text = crate::files::read_text_bounded(path, crate::files::MAX_YAML)
        .map_err(|e| vec![Diagnostic::file(&name, format!("无法读取发文设置: {e}"))])?;
    let (raw, doc) = crate::yamlfile::parse::<Raw>(&name, &text)?;
    let problems: Vec<Diagnostic> = pattern_problems(&raw)
        .into_iter()
        .map(|(field, msg)| doc.diag(field, msg))
        .collect();
    if problems.is_empty() {
        Ok(raw)
    } else {
        Err(problems)
    }
}

/// What is wrong with the number patterns: a slot other than `{year}` and
/// `{n}` (it would be printed as written), or a school's document without
/// `{n}` (every school would get the same number).
fn pattern_problems(raw: &Raw) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let fields = [
        ("number", &raw.number, true),
        ("notice_number", &raw.notice_number, true),
        ("bulletin_number", &raw.bulletin_number, false),
    ];
    for (field, pattern, per_school) in fields {
        let Some(p) = pattern.as_deref().filter(|p| !p.trim().is_empty()) else {
            continue;
        };
        let mut rest = p;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let slot = after.find('}').map_or(after, |close| &after[..close]);
            if slot != "year" && slot != "n" {
                out.push((field, format!("文号格式「{p}」中的 {{{slot}}} 无法填写:只能用 {{year}}(年份)和 {{n}}(序号)")));
            }
            rest = after;
        }
        if per_school && !p.contains("{n}") {
            out.push((field, format!("文号格式「{p}」没有 {{n}}:每所学校的文号都会相同;请写成如 澴教督〔{{year}}〕{{n}}号")));
        }
    }
    out
}

/// A document number from its pattern: `{year}` and `{n}` filled in;
/// without `n`, room for the clerk to write it (〔2026〕　　号).
/// Empty when the pattern is.
pub fn number(pattern: &str, year: &str, n: Option<u32>) -> String {
    if pattern.trim().is_empty() {
        return String::new();
    }
    let n = n.map_or_else(|| "\u{3000}\u{3000}".to_string(), |n| n.to_string());
    pattern.replace("{year}", year).replace("{n}", &n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_only_take_year_and_n() {
        let raw = Raw {
            number: Some("澴教督〔{yr}〕{n}号".into()),
            notice_number: Some("澴教督改〔{year}〕号".into()),
            bulletin_number: Some("澴教督〔{year}〕30号".into()),
            ..Raw::default()
        };
        let p = pattern_problems(&raw);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "number");
        assert!(p[0].1.contains("{yr}"), "{}", p[0].1);
        assert_eq!(p[1].0, "notice_number");
    }

    #[test]
    fn numbers_fill_year_and_n_or_leave_room() {
        assert_eq!(
            number("澴教督〔{year}〕{n}号", "2026", Some(12)),
            "澴教督〔2026〕12号"
        );
        assert_eq!(
            number("澴教督〔{year}〕{n}号", "2026", None),
            "澴教督〔2026〕\u{3000}\u{3000}号"
        );
        assert_eq!(number("", "2026", Some(3)), "");
    }

    #[test]
    fn a_county_file_goes_over_the_official_defaults_field_by_field() {
        let cl = crate::checklist::load(None).expect("official checklist");
        let base = Documents::of(&cl, None);
        assert_eq!(base.issuer, "县教育局");
        assert_eq!(base.team, "县教育局督导检查组");
        assert_eq!(base.inspection, "开学工作督导检查");
        // A tailored checklist's issuer heads its documents.
        let tailored = crate::checklist::load(Some(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/checklists/examples/county-tailored.yaml"
        ))))
        .expect("the example tailoring loads");
        let t = Documents::of(&tailored, None);
        assert_eq!(
            (t.issuer.as_str(), t.team.as_str()),
            ("青山县教育局", "青山县教育局督导检查组")
        );
        assert_eq!(base.number, "");
        let county = Raw {
            issuer: Some("澴阳县教育局".into()),
            number: Some("澴教督〔{year}〕{n}号".into()),
            ..Raw::default()
        };
        let d = Documents::of(&cl, Some((&county, Path::new("county.yaml"))));
        assert_eq!(d.issuer, "澴阳县教育局");
        // Unset in the county file: the official default stays.
        assert_eq!(d.inspection, "开学工作督导检查");
        // No notice pattern of its own: the feedback's.
        assert_eq!(d.notice_number, "澴教督〔{year}〕{n}号");
    }
}
