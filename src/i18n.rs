//! Fixed labels of every output in Chinese (default) and English
//! (`--lang en`). Content from the checklist and the school stays as written.

use crate::result::Status;

/// Output language of the fixed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// A fixed label: `t("总分", "Score")`.
    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
    /// A section's title: the checklist's English one with `--lang en`
    /// where it gives one, else its Chinese title.
    pub fn section_title(self, s: &crate::result::SectionResult) -> &str {
        match (self, &s.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &s.title,
        }
    }
    /// Where a finding points, in this language:
    /// `花名册.xlsx 工作表「Sheet1」第 5 行 D(父母联系电话) 列`, or
    /// `花名册.xlsx, sheet “Sheet1”, row 5, column D(父母联系电话)`.
    pub fn location(self, l: &crate::result::Location) -> String {
        let file = l.file.clone().unwrap_or_default();
        match self {
            Lang::Zh => {
                let mut s = file;
                if let Some(sh) = &l.sheet {
                    s.push_str(&format!(" 工作表「{sh}」"));
                }
                if let Some(r) = l.row {
                    s.push_str(&format!(" 第 {r} 行"));
                }
                if let Some(c) = &l.column {
                    s.push_str(&format!(" {c} 列"));
                }
                s
            }
            Lang::En => {
                let mut parts = vec![file];
                if let Some(s) = &l.sheet {
                    parts.push(format!("sheet “{s}”"));
                }
                if let Some(r) = l.row {
                    parts.push(format!("row {r}"));
                }
                if let Some(c) = &l.column {
                    parts.push(format!("column {c}"));
                }
                parts.join(", ")
            }
        }
    }
    pub fn status(self, s: Status) -> &'static str {
        match self {
            Lang::Zh => s.label_zh(),
            Lang::En => s.label_en(),
        }
    }
}
