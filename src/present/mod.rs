//! The output edge: everything the terminal, JSON, PDF and workbook
//! writers share to turn results into what a reader sees. Fixed labels in
//! both languages come from one data file (`templates/labels.yaml`,
//! loaded once); numbers print by one rule ([`number`]); personal data is
//! masked here, where output is written ([`mask`]). The result model
//! carries data, not words.

pub mod followup;
pub mod group;
pub mod mask;
pub mod number;

#[cfg(test)]
use crate::result::SkipReason;
use crate::result::{Location, SectionResult, Status};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Output language of the fixed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// One label in both languages.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Pair {
    zh: String,
    en: String,
}

impl Pair {
    fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The label file: group → key → label.
type Groups = BTreeMap<String, BTreeMap<String, Pair>>;

/// The label file as built into the program.
pub const LABELS_YAML: &str = include_str!("../../templates/labels.yaml");

/// The label file as build.rs parsed it, as JSON (empty if it did not
/// parse): read in about a tenth of the time of the YAML.
const LABELS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/labels.json"));

fn groups() -> &'static Groups {
    static G: OnceLock<Groups> = OnceLock::new();
    // The file is part of the program, not user input; the tests
    // `labels_file_parses` and `labels_built_as_json_are_the_file_s` keep
    // it valid and its JSON the same, so this cannot fail at run time.
    G.get_or_init(|| {
        serde_json::from_str(LABELS_JSON).unwrap_or_else(|_| {
            serde_yaml::from_str(LABELS_YAML).expect("templates/labels.yaml parses")
        })
    })
}

/// Reads the label file and compiles the masking patterns now, so that
/// their first use does not wait for them (see [`crate::warm_up`]).
pub fn warm_up() {
    groups();
    mask::warm_up();
}

/// The keys of one label group (for the tests that check every used key
/// exists).
pub fn keys(group: &str) -> Vec<&'static str> {
    groups()
        .get(group)
        .map(|g| g.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

impl Lang {
    /// A fixed label: `lang.label("terminal", "what_to_do")` → 怎么改 / what to do.
    /// A key missing from the file gives the key itself (a test checks
    /// that none is missing).
    pub fn label(self, group: &str, key: &'static str) -> &'static str {
        match groups().get(group).and_then(|g| g.get(key)) {
            Some(p) => p.get(self),
            None => key,
        }
    }
    /// A label with its `{name}` slots filled.
    pub fn fill(
        self,
        group: &str,
        key: &'static str,
        args: &[(&str, &dyn std::fmt::Display)],
    ) -> String {
        fill(self.label(group, key), args)
    }
    /// A group of labels, merged with the groups after it (later keys win):
    /// the labels of one PDF document.
    pub fn labels(self, groups_in_order: &[&str]) -> BTreeMap<&'static str, &'static str> {
        let mut m = BTreeMap::new();
        for g in groups_in_order {
            if let Some(labels) = groups().get(*g) {
                for (k, p) in labels {
                    m.insert(k.as_str(), p.get(self));
                }
            }
        }
        m
    }
    /// A status, as a word.
    pub fn status(self, s: Status) -> &'static str {
        self.label("status", s.key())
    }
    /// A section's title: the checklist's English one with `--lang en`
    /// where it gives one, else its Chinese title.
    pub fn section_title(self, s: &SectionResult) -> &str {
        match (self, &s.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &s.title,
        }
    }
    /// Where a finding points, in this language:
    /// `花名册.xlsx 工作表「Sheet1」第 5 行 D(父母联系电话) 列`, or
    /// `花名册.xlsx, sheet “Sheet1”, row 5, column D(父母联系电话)`.
    pub fn location(self, l: &Location) -> String {
        let mut parts = vec![l.file.as_deref().unwrap_or_default().to_string()];
        if let Some(s) = &l.sheet {
            parts.push(self.fill("location", "sheet", &[("s", s)]));
        }
        if let Some(r) = l.row {
            parts.push(self.fill("location", "row", &[("r", &r)]));
        }
        if let Some(c) = &l.column {
            parts.push(self.fill("location", "column", &[("c", c)]));
        }
        parts.join(self.label("location", "join"))
    }
}

/// A label about points still pending on site, its slots filled: `{n}`
/// items, `{p}` points, `{best}`/`{bg}` and `{worst}`/`{wg}` the best and
/// worst score and grade still possible (terminal, report, bulletin).
pub fn fill_pending(
    lang: Lang,
    group: &str,
    key: &'static str,
    p: &crate::result::Pending,
) -> String {
    let num = crate::output::human::num;
    lang.fill(
        group,
        key,
        &[
            ("n", &p.items),
            ("p", &num(p.points)),
            ("best", &num(p.best_score)),
            ("bg", &p.best_grade),
            ("worst", &num(p.worst_score)),
            ("wg", &p.worst_grade),
        ],
    )
}

/// Fills `{name}` slots of a label, in one pass: a value that itself
/// contains `{n}` (a school's file name) is inserted as it is.
pub fn fill(label: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(label.len() + 16);
    let mut rest = label;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let slot = after
            .find('}')
            .and_then(|close| Some((args.iter().find(|(k, _)| *k == &after[..close])?, close)));
        match slot {
            Some(((_, v), close)) => {
                out.push_str(&v.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_once_and_values_kept_as_they_are() {
        assert_eq!(
            fill("「{table}」{n} 行", &[("table", &"表{n}"), ("n", &3)]),
            "「表{n}」3 行"
        );
        assert_eq!(fill("{x} {unknown}", &[("x", &1)]), "1 {unknown}");
        assert_eq!(fill("第 {x} 页 共 {y} 页", &[]), "第 {x} 页 共 {y} 页");
    }

    #[test]
    fn labels_file_parses() {
        let g: Groups = serde_yaml::from_str(LABELS_YAML).unwrap();
        assert!(g.contains_key("status") && g.contains_key("workbook"));
    }

    /// The labels the program reads (build.rs's JSON) are the file's: a
    /// label the YAML reads as a text but JSON keeps as a number, say,
    /// would make them differ.
    #[test]
    fn labels_built_as_json_are_the_file_s() {
        let from_yaml: Groups = serde_yaml::from_str(LABELS_YAML).unwrap();
        let from_json: Groups = serde_json::from_str(LABELS_JSON).unwrap();
        assert_eq!(from_json, from_yaml);
        assert_eq!(groups(), &from_yaml);
    }

    #[test]
    fn every_status_has_a_label_in_both_languages() {
        let keys = keys("status");
        for s in Status::ALL {
            assert!(keys.contains(&s.key()), "{s:?}");
        }
        let skip = super::keys("skip");
        for r in [
            SkipReason::Total,
            SkipReason::Note,
            SkipReason::Heading,
            SkipReason::Blank,
        ] {
            assert!(skip.contains(&r.key()), "{r:?}");
        }
        assert_eq!(Lang::Zh.status(Status::Pass), "达标");
        assert_eq!(Lang::En.status(Status::Error), "unreadable evidence");
    }

    #[test]
    fn location_reads_the_same_as_before_in_chinese_and_english() {
        let l = Location {
            file: Some("花名册.xlsx".into()),
            sheet: Some("Sheet1".into()),
            row: Some(5),
            column: Some("D(父母联系电话)".into()),
        };
        assert_eq!(
            Lang::Zh.location(&l),
            "花名册.xlsx 工作表「Sheet1」 第 5 行 D(父母联系电话) 列"
        );
        assert_eq!(
            Lang::En.location(&l),
            "花名册.xlsx, sheet “Sheet1”, row 5, column D(父母联系电话)"
        );
    }

    /// Every `label(GROUP, KEY)`, `fill(GROUP, KEY, …)`,
    /// `term(lang, KEY)` and `wb(lang, KEY)` in the source, and every `t.key` in the templates,
    /// names a label that exists.
    #[test]
    fn every_label_the_code_and_templates_use_exists() {
        let re = regex::Regex::new(r#"\.(?:label|fill)\(\s*"([a-z_]+)",\s*"([a-z_]+)""#).unwrap();
        let short = regex::Regex::new(r#"\b(term|wb)\(\s*lang,\s*"([a-z_]+)""#).unwrap();
        let list = regex::Regex::new(r#"\bwbs\(\s*lang,\s*&\[([^\]]*)\]"#).unwrap();
        let quoted = regex::Regex::new(r#""([a-z_]+)""#).unwrap();
        let tpl = regex::Regex::new(r"\bt\.([a-z_]+)").unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut used = 0;
        for e in walkdir::WalkDir::new(root.join("src")) {
            let e = e.unwrap();
            if e.path().extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(e.path()).unwrap();
            for c in re.captures_iter(&text) {
                used += 1;
                if !keys(&c[1]).contains(&&c[2]) {
                    missing.push(format!("{}: {}.{}", e.path().display(), &c[1], &c[2]));
                }
            }
            for c in list.captures_iter(&text) {
                for k in quoted.captures_iter(&c[1]) {
                    used += 1;
                    if !keys("workbook").contains(&&k[1]) {
                        missing.push(format!("{}: workbook.{}", e.path().display(), &k[1]));
                    }
                }
            }
            for c in short.captures_iter(&text) {
                used += 1;
                let group = if &c[1] == "term" {
                    "terminal"
                } else {
                    "workbook"
                };
                if !keys(group).contains(&&c[2]) {
                    missing.push(format!("{}: {group}.{}", e.path().display(), &c[2]));
                }
            }
        }
        for (tpl_file, groups) in [
            ("common.typ.j2", &["pdf", "report"][..]),
            ("fill.typ.j2", &["pdf", "report"][..]),
            ("report.typ.j2", &["pdf", "report"][..]),
            ("sheet.typ.j2", &["pdf", "sheet"][..]),
            ("summary.typ.j2", &["summary_pdf"][..]),
        ] {
            let p = root.join("templates").join(tpl_file);
            let text = std::fs::read_to_string(&p).unwrap();
            for c in tpl.captures_iter(&text) {
                used += 1;
                if !groups.iter().any(|g| keys(g).contains(&&c[1])) {
                    missing.push(format!("{tpl_file}: t.{}", &c[1]));
                }
            }
        }
        assert!(used > 100, "the scan found only {used} uses");
        assert!(
            missing.is_empty(),
            "labels missing from templates/labels.yaml: {missing:#?}"
        );
    }
}
