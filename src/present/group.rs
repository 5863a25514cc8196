//! Alike findings told once: forty children with the same empty column
//! are one line naming the forty, in the terminal and the PDF (the JSON
//! keeps every finding).

use super::Lang;
use crate::result::Finding;

/// The fewest alike findings shown as one group.
pub const GROUP_MIN: usize = 3;

/// The most names and rows a group lists before "…".
const LIST_MAX: usize = 12;

/// Findings of one item that say the same thing about different rows.
pub struct Group<'a> {
    pub findings: Vec<&'a Finding>,
}

/// What makes findings alike: the code, the file and column, and the
/// message without its subject and numbers (row numbers, counts).
fn key(f: &Finding) -> (&str, Option<&str>, Option<&str>, String) {
    let mut m = f.message.clone();
    if let Some(s) = f.subject.as_deref().filter(|s| !s.is_empty()) {
        m = m.replace(s, "");
    }
    let mut text = String::with_capacity(m.len());
    for c in m.chars() {
        if c.is_ascii_digit() {
            if !text.ends_with('#') {
                text.push('#');
            }
        } else {
            text.push(c);
        }
    }
    (
        &f.code,
        f.location.file.as_deref(),
        f.location.column.as_deref(),
        text,
    )
}

/// The findings in groups, in the order each first appears.
pub fn group(findings: &[Finding]) -> Vec<Group<'_>> {
    let mut keys = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    for f in findings {
        let k = key(f);
        match keys.iter().position(|x| *x == k) {
            Some(i) => groups[i].findings.push(f),
            None => {
                keys.push(k);
                groups.push(Group { findings: vec![f] });
            }
        }
    }
    groups
}

impl Group<'_> {
    /// Whether it is told as one line.
    pub fn is_grouped(&self) -> bool {
        self.findings.len() >= GROUP_MIN
    }
    /// The line: how many, and the first as the example.
    pub fn line(&self, lang: Lang) -> String {
        lang.fill(
            "group",
            "line",
            &[
                ("n", &self.findings.len()),
                ("example", &self.findings[0].message),
            ],
        )
    }
    /// Who the findings are about (`涉及: 张三、李四、…`), if they name anyone.
    pub fn subjects(&self, lang: Lang) -> Option<String> {
        let names: Vec<&str> = self
            .findings
            .iter()
            .filter_map(|f| f.subject.as_deref())
            .filter(|s| !s.is_empty())
            .collect();
        (!names.is_empty())
            .then(|| lang.fill("group", "subjects", &[("names", &list(&names, lang))]))
    }
    /// Where they are: the file and the rows.
    pub fn places(&self, lang: Lang) -> String {
        let first = &self.findings[0].location;
        let rows: Vec<String> = self
            .findings
            .iter()
            .filter_map(|f| f.location.row.map(|r| r.to_string()))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let mut at = first.clone();
        at.row = None;
        if rows.is_empty() {
            return lang.location(&at);
        }
        lang.fill(
            "group",
            "places",
            &[("at", &lang.location(&at)), ("rows", &list(&rows, lang))],
        )
    }
}

fn list(items: &[&str], lang: Lang) -> String {
    let sep = lang.label("group", "sep");
    let mut s = items
        .iter()
        .take(LIST_MAX)
        .copied()
        .collect::<Vec<_>>()
        .join(sep);
    if items.len() > LIST_MAX {
        s.push_str(sep);
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::Location;

    fn f(name: &str, row: usize) -> Finding {
        Finding {
            code: "row-incomplete".into(),
            message: format!("「{name}」未填写「健康状况」"),
            location: Location {
                file: Some("花名册.xlsx".into()),
                sheet: None,
                row: Some(row),
                column: Some("H(健康状况)".into()),
            },
            subject: Some(name.into()),
            veto: false,
        }
    }

    #[test]
    fn alike_findings_are_one_group_naming_each_subject_and_row() {
        let mut fs: Vec<Finding> = (0..40).map(|i| f(&format!("孩子{i}"), i + 4)).collect();
        fs.insert(
            1,
            Finding {
                code: "phone-invalid".into(),
                ..f("王小明", 9)
            },
        );
        let g = group(&fs);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].findings.len(), 40);
        assert!(g[0].is_grouped() && !g[1].is_grouped());
        let line = g[0].line(Lang::Zh);
        assert!(
            line.contains("40") && line.contains("「孩子0」未填写「健康状况」"),
            "{line}"
        );
        let who = g[0].subjects(Lang::Zh).unwrap();
        assert!(who.contains("孩子0、孩子1") && who.ends_with('…'), "{who}");
        let at = g[0].places(Lang::Zh);
        assert!(
            at.starts_with("花名册.xlsx") && at.contains("第 4、5、6"),
            "{at}"
        );
    }
}
