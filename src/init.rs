//! `ducha init`: a submission skeleton for a school type, made from the
//! checklist: `school.yaml` with every field explained in Chinese, the
//! folders the checklist names, an .xlsx template (title row, note row,
//! header) for every table the type's items read, and 填报说明.txt.

use crate::checklist::{Checklist, Rule};
use crate::error::{Error, Result};
use crate::output::sheet::{ColumnKind, ColumnOut, SheetOut};
use crate::output::xlsx::xlsx;
use crate::pipeline::write_atomic;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::path::Path;

/// What `init` wrote and what it left alone.
#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<String>,
    /// Files that existed already (with `--force`): never overwritten.
    pub kept: Vec<String>,
}

/// The folder part of a glob before its first wildcard: `关爱/成长档案/**` → `关爱/成长档案`.
fn literal_dir(glob: &str) -> Option<String> {
    let cut = glob.find(['*', '?', '[', '{']).unwrap_or(glob.len());
    let dir = glob[..cut].rsplit_once('/').map(|(d, _)| d.to_string())?;
    (!dir.is_empty()).then_some(dir)
}

/// Tables and folders the items applying to `kind` use.
fn needs(cl: &Checklist, kind: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut tables = BTreeSet::new();
    let mut dirs = BTreeSet::new();
    for (_, item) in cl.items() {
        if !item.school_types.is_empty() && !item.school_types.iter().any(|t| t == kind) {
            continue;
        }
        for rule in &item.rules {
            if let Rule::Files(f) = rule {
                dirs.extend(f.folder.clone());
            }
            dirs.extend(rule.globs().iter().filter_map(|g| literal_dir(g.source())));
            tables.extend(rule.tables().into_iter().map(|t| cl.table(t).id.clone()));
        }
    }
    (tables, dirs)
}

/// The template of one table.
fn template(cl: &Checklist, id: &str, school_type: &str) -> Option<(String, Vec<u8>)> {
    let t = cl.tables.get(id)?;
    let path = t.template.clone()?;
    let notes: Vec<String> = t
        .columns
        .iter()
        .filter(|c| !c.note.is_empty())
        .map(|c| format!("{}: {}", c.title, c.note))
        .collect();
    let mut note = t.note.clone();
    if !notes.is_empty() {
        note = format!("{note} {}", notes.join(";")).trim().to_string();
    }
    let sheet = SheetOut {
        name: t.title.chars().take(31).collect(),
        title: Some(format!("{}({school_type})", t.title)),
        note: (!note.is_empty()).then_some(format!("填表说明: {note}")),
        headers: t.columns.iter().map(|c| c.title.clone()).collect(),
        rows: Vec::new(),
        widths: Vec::new(),
        columns: t.columns.iter().map(column_out).collect(),
        ..Default::default()
    };
    xlsx(&[sheet]).ok().map(|b| (path, b))
}

/// How a template column takes what is typed, and the note on its header:
/// the column's own note, then the forms ducha reads.
fn column_out(c: &crate::checklist::ColumnSpec) -> ColumnOut {
    use crate::checklist::ColType;
    let lang = crate::present::Lang::Zh;
    let (kind, forms) = match c.kind {
        ColType::Date => (ColumnKind::Date, lang.label("init", "date").to_string()),
        ColType::Number if c.units.is_empty() => (
            ColumnKind::General,
            lang.label("init", "number").to_string(),
        ),
        ColType::Number => (
            ColumnKind::General,
            lang.fill(
                "init",
                "number_units",
                &[("units", &c.units.join(lang.label("init", "sep")))],
            ),
        ),
        ColType::Text => (ColumnKind::Text, String::new()),
    };
    let note = [c.note.as_str(), forms.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    ColumnOut {
        kind,
        note: (!note.is_empty()).then_some(note),
        choices: Vec::new(),
    }
}

/// Creates the skeleton in `dir` (which must be empty unless `force`).
pub fn init(
    dir: &Path,
    kind: &str,
    cl: &Checklist,
    force: bool,
    today: NaiveDate,
) -> Result<InitReport> {
    let Some(st) = cl.school_type(kind) else {
        let known: Vec<String> = cl
            .school_types
            .iter()
            .map(|t| format!("{}({})", t.id, t.name))
            .collect();
        return Err(Error::other(format!(
            "未知的学校类型「{kind}」,应为: {}",
            known.join("、")
        )));
    };
    if dir.exists() {
        let non_empty = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .next()
            .is_some();
        if non_empty && !force {
            return Err(Error::other(format!(
                "{} 不是空文件夹;如确需在其中补充模板,请加 --force(已有文件不会被覆盖)",
                dir.display()
            )));
        }
    }
    let (tables, dirs) = needs(cl, kind);
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "school.yaml".into(),
            school_yaml(cl, kind, today).into_bytes(),
        ),
        ("填报说明.txt".into(), instructions(cl, kind).into_bytes()),
    ];
    files.extend(tables.iter().filter_map(|t| template(cl, t, &st.name)));
    // The school's own scores, read by `check` beside the evaluated ones.
    let book = crate::selfassess::write(cl, kind, crate::present::Lang::Zh, |_| None)
        .map_err(|e| Error::other(format!("{}: {e}", crate::selfassess::file_name())))?;
    files.push((crate::selfassess::file_name().to_string(), book));
    let mut report = InitReport::default();
    for d in &dirs {
        std::fs::create_dir_all(dir.join(d)).map_err(|e| Error::io(dir.join(d), e))?;
    }
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if path.exists() {
            report.kept.push(rel);
            continue;
        }
        write_atomic(&path, &bytes)?;
        report.written.push(rel);
    }
    Ok(report)
}

/// The current term's start: 1 September from August on, else 1 March.
fn term_start(today: NaiveDate) -> NaiveDate {
    let (y, m) = if today.month() >= 8 {
        (today.year(), 9)
    } else {
        (today.year(), 3)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today)
}

/// The values `school.yaml` comes with, which the school replaces; a
/// result still carrying one says so.
pub const PLACEHOLDER_NAME: &str = "某某学校";
pub const PLACEHOLDER_CODE: &str = "0000000000";
pub const PLACEHOLDER_TOWNSHIP: &str = "某某镇";

fn school_yaml(cl: &Checklist, kind: &str, today: NaiveDate) -> String {
    let types: Vec<String> = cl
        .school_types
        .iter()
        .map(|t| format!("{}({})", t.id, t.name))
        .collect();
    let mut s = String::new();
    s.push_str("# 学校基本信息 —— ducha 开学检查\n# 请逐项填写。以 # 开头的是说明,可以保留;日期写成 2026-09-01。\n\n");
    s.push_str(&format!(
        "name: {PLACEHOLDER_NAME}                 # 学校全称\n"
    ));
    s.push_str(&format!(
        "code: \"{PLACEHOLDER_CODE}\"           # 10 位学校标识码,写在英文引号中\n"
    ));
    s.push_str(&format!(
        "type: {kind:<24}# 学校类型: {}\n",
        types.join(" ")
    ));
    s.push_str(&format!(
        "township: {PLACEHOLDER_TOWNSHIP}               # 所在乡镇\n"
    ));
    s.push_str(&format!(
        "term_start: {}          # 本学期开学日期\n",
        crate::date::iso(term_start(today))
    ));
    s.push_str("# self_audit_date: 2026-09-08  # 自查日期;不写则用检查当天\n");
    s.push_str("principal: \"\"                # 校长姓名\n");
    s.push_str("phone: \"\"                    # 学校联系电话\n\n");
    s.push_str("headcounts:                   # 人数,没有的填 0\n");
    for (k, label) in &cl.profile.headcounts {
        s.push_str(&format!("  {:<28}# {label}\n", format!("{k}: 0")));
    }
    s.push_str("\nflags:                        # 有的填 是,没有的填 否(也可写 true、false)\n");
    for (k, label) in &cl.profile.flags {
        s.push_str(&format!("  {:<28}# {label}\n", format!("{k}: 否")));
    }
    s.push_str("\n# 有学生食堂的学校,去掉下面三行开头的 #,填写食品经营许可证:\n");
    s.push_str("# food_license:\n#   number: JY00000000000000   # 许可证编号\n#   expires: 2027-12-31        # 有效期至\n");
    s
}

/// 填报说明.txt: per section and item, what to submit.
fn instructions(cl: &Checklist, kind: &str) -> String {
    let lang = crate::present::Lang::Zh;
    let mut s = format!("{} —— 填报说明\n\n填好 school.yaml,把材料放进对应文件夹,表格用本文件夹中的模板填写;\n然后运行 ducha check 本文件夹,按提示逐项补齐。\n", cl.title);
    s.push_str(lang.label("init", "files_all"));
    s.push('\n');
    s.push_str(&lang.fill(
        "init",
        "self_book",
        &[("file", &crate::selfassess::file_name())],
    ));
    s.push('\n');
    for sec in &cl.sections {
        s.push_str(&format!("\n【{}】\n", sec.title));
        for item in &sec.items {
            if !item.school_types.is_empty() && !item.school_types.iter().any(|t| t == kind) {
                continue;
            }
            let how = match item.mode {
                crate::checklist::Mode::Onsite => "(现场检查)".to_string(),
                _ => String::new(),
            };
            s.push_str(&format!(
                "- {}{how}({} 分): {}\n",
                item.title,
                crate::output::human::num(item.points),
                item.guidance.school
            ));
            // The file name rules the item reads, as the checklist writes them.
            let mut globs: Vec<&str> = Vec::new();
            for rule in &item.rules {
                globs.extend(rule.globs().iter().map(|g| g.source()));
                for t in rule.tables() {
                    globs.extend(cl.table(t).patterns());
                }
            }
            let mut seen = BTreeSet::new();
            globs.retain(|g| seen.insert(*g));
            if !globs.is_empty() {
                s.push_str(&lang.fill("init", "files_rule", &[("globs", &globs.join("、"))]));
                s.push('\n');
            }
        }
    }
    s
}
