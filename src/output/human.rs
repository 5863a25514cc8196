//! The terminal report: items grouped by section with ✓ ✗ ◐ ○ marks,
//! each finding with its location and the item's guidance, then score,
//! grade, veto items and what is still pending on site.

use crate::present::{number, Lang};
use crate::result::{InspectionResult, ItemResult, Status};
use std::fmt::Write;

/// Renders the report as plain text, phone and ID numbers masked.
pub fn render(r: &InspectionResult, lang: Lang) -> String {
    let r = &crate::present::mask::masked(r);
    let mut o = String::new();
    let s = &r.school;
    let _ = writeln!(o, "{} — {}", r.checklist.title, s.name);
    let _ = writeln!(
        o,
        "{} {} · {} {} · {} {}",
        term(lang, "school_code"),
        s.code,
        term(lang, "type"),
        s.type_name,
        term(lang, "township"),
        s.township
    );
    let source = match r.date_source.as_str() {
        "option" => term(lang, "source_option"),
        "inspection" => term(lang, "source_inspection"),
        "school" => term(lang, "source_school"),
        _ => term(lang, "source_today"),
    };
    let _ = writeln!(
        o,
        "{} {}({}) · {} {} {}",
        term(lang, "date"),
        r.date,
        source,
        term(lang, "checklist"),
        r.checklist.id,
        r.checklist.edition
    );
    for (i, sec) in r.sections.iter().enumerate() {
        let items: Vec<&ItemResult> = r.items.iter().filter(|it| it.section == sec.id).collect();
        let total = if sec.max > 0.0 {
            format!("{}/{}", num(sec.score), num(sec.max))
        } else {
            term(lang, "section_none").to_string()
        };
        let no = match lang {
            Lang::Zh => format!("{}、", chinese_number(i + 1)),
            Lang::En => format!("{}. ", i + 1),
        };
        let _ = writeln!(o, "\n{no}{}  {}", lang.section_title(sec), total);
        for it in items {
            item(&mut o, it, lang);
        }
    }
    tables(&mut o, r, lang);
    if let Some(f) = &r.followup {
        followup(&mut o, f, &r.checklist, lang);
    }
    summary(&mut o, r, lang);
    o
}

/// Last term's findings listed per item in the terminal.
const FOLLOWUP_SHOWN: usize = 5;

/// 回头看: last term's problems, each with what became of it.
fn followup(
    o: &mut String,
    f: &crate::result::FollowUp,
    now: &crate::result::ChecklistRef,
    lang: Lang,
) {
    use crate::present::followup as words;
    let fl = |k| lang.label("followup", k);
    let _ = writeln!(o, "\n{}", words::heading(f, lang));
    if let Some(line) = words::edition(f, now, lang) {
        let _ = writeln!(o, "  {line}");
    }
    if f.items.is_empty() {
        let _ = writeln!(o, "  {}", fl("none"));
        return;
    }
    for it in &f.items {
        let renamed = match &it.previous_item {
            Some(old) => lang.fill("followup", "renamed", &[("old", old)]),
            None => String::new(),
        };
        let then_now = lang.fill(
            "followup",
            "then_now",
            &[
                ("then", &num(it.previous_score)),
                ("max", &num(it.previous_max)),
                ("now", &words::now(it, "/", lang)),
            ],
        );
        let recurring = if it.recurring {
            format!(" {}", fl("recurring"))
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {} {}{}  {}  {}{}",
            fl(it.status.key()),
            it.title,
            renamed,
            it.item,
            then_now,
            recurring
        );
        let (shown, more) = words::listed(it, FOLLOWUP_SHOWN, lang);
        for pf in shown {
            let _ = writeln!(o, "      · [{}] {}", words::mark(it, pf, lang), pf.message);
        }
        if let Some(more) = more {
            let _ = writeln!(o, "      {more}");
        }
    }
    let _ = writeln!(o, "  {}", words::counts(f, lang));
}

/// Tables read from several files, and rows read past (totals, notes):
/// said, so that nothing is merged or dropped unseen.
fn tables(o: &mut String, r: &InspectionResult, lang: Lang) {
    let sep = term(lang, "sep");
    let mut lines = Vec::new();
    for t in &r.tables {
        if t.files.len() > 1 {
            let files: Vec<String> = t
                .files
                .iter()
                .map(|f| match f.ignored {
                    true => lang.fill("terminal", "ignored_template", &[("file", &f.file)]),
                    false => f.file.clone(),
                })
                .collect();
            lines.push(lang.fill(
                "terminal",
                "several_files",
                &[
                    ("table", &t.title),
                    ("n", &t.files.len()),
                    ("files", &files.join(sep)),
                ],
            ));
        }
        if t.skipped.is_empty() {
            continue;
        }
        let mut kinds: Vec<&str> = Vec::new();
        let mut by_file: Vec<(&str, Vec<String>)> = Vec::new();
        for s in &t.skipped {
            let k = lang.label("skip", s.reason.key());
            if !kinds.contains(&k) {
                kinds.push(k);
            }
            match by_file.iter_mut().find(|(f, _)| *f == s.file) {
                Some((_, rows)) => rows.push(s.row.to_string()),
                None => by_file.push((&s.file, vec![s.row.to_string()])),
            }
        }
        let places: Vec<String> = by_file
            .iter()
            .map(|(f, rows)| {
                lang.fill(
                    "terminal",
                    "rows_of_file",
                    &[("file", f), ("rows", &rows.join(sep))],
                )
            })
            .collect();
        lines.push(lang.fill(
            "terminal",
            "skipped_rows",
            &[
                ("table", &t.title),
                ("n", &t.skipped.len()),
                ("kinds", &kinds.join(sep)),
                ("places", &places.join(";")),
            ],
        ));
    }
    if !lines.is_empty() {
        let _ = writeln!(o, "\n{}", term(lang, "tables"));
        for l in lines {
            let _ = writeln!(o, "  {l}");
        }
    }
}

fn item(o: &mut String, it: &ItemResult, lang: Lang) {
    let score = match (it.status, it.evidence_score) {
        (Status::Pending, Some(e)) => format!(
            "{}({} {}/{})",
            lang.status(it.status),
            term(lang, "evidence"),
            num(e),
            num(it.max)
        ),
        (Status::NotApplicable | Status::Waived | Status::Pending, _) => format!(
            "{}({} {})",
            lang.status(it.status),
            num(it.max),
            term(lang, "pts")
        ),
        _ => format!("{}/{}", num(it.score), num(it.max)),
    };
    let veto = if it.vetoed { term(lang, "vetoed") } else { "" };
    let _ = writeln!(
        o,
        "  {} {}  {}  {}{}",
        it.status.mark(),
        it.id,
        it.title,
        score,
        veto
    );
    if matches!(
        it.status,
        Status::NotApplicable | Status::Waived | Status::Error
    ) && !it.note.is_empty()
    {
        let _ = writeln!(o, "      {}", it.note);
    }
    for g in crate::present::group::group(&it.findings) {
        if g.is_grouped() {
            let _ = writeln!(o, "      · {}", g.line(lang));
            if let Some(who) = g.subjects(lang) {
                let _ = writeln!(o, "        {who}");
            }
            let _ = writeln!(o, "        {}: {}", term(lang, "at"), g.places(lang));
            continue;
        }
        for f in g.findings {
            let _ = writeln!(o, "      · {}", f.message);
            if !f.location.is_empty() {
                let _ = writeln!(
                    o,
                    "        {}: {}",
                    term(lang, "at"),
                    lang.location(&f.location)
                );
            }
        }
    }
    let show_guidance = matches!(it.status, Status::Fail | Status::Partial | Status::Error)
        || (it.status == Status::Pending && !it.findings.is_empty());
    if show_guidance && !it.guidance_school.is_empty() {
        let _ = writeln!(
            o,
            "      {}: {}",
            term(lang, "what_to_do"),
            it.guidance_school.trim()
        );
    }
}

fn summary(o: &mut String, r: &InspectionResult, lang: Lang) {
    let s = &r.summary;
    let _ = writeln!(o, "\n{}", "─".repeat(40));
    let line = lang.fill(
        "terminal",
        "score_line",
        &[
            ("s", &num(s.score)),
            ("e", &num(s.earned)),
            ("a", &num(s.applicable)),
            ("g", &s.grade),
        ],
    );
    let _ = writeln!(o, "{line}");
    if s.vetoed.is_empty() {
        let _ = writeln!(o, "{}: {}", term(lang, "veto_failed"), term(lang, "none"));
    } else {
        let names: Vec<String> = s
            .vetoed
            .iter()
            .filter_map(|id| r.items.iter().find(|i| &i.id == id))
            .map(|i| format!("{} {}", i.id, i.title))
            .collect();
        let _ = writeln!(
            o,
            "{}: {}",
            term(lang, "veto_failed"),
            names.join(term(lang, "list_sep"))
        );
    }
    if s.pending.items > 0 {
        let line = crate::present::fill_pending(lang, "terminal", "pending_line", &s.pending);
        let _ = writeln!(o, "{line}");
    }
    if let Some(a) = &s.self_assessment {
        let key = if a.over > 1e-9 {
            "self_over"
        } else {
            "self_fair"
        };
        let line = lang.fill(
            "terminal",
            key,
            &[
                ("n", &a.items),
                ("self", &num(a.self_score)),
                ("eval", &num(a.evaluated)),
                ("over", &num(a.over)),
                ("k", &a.over_items),
            ],
        );
        let _ = writeln!(o, "{line}");
    }
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|st| s.counts.get(st).copied().unwrap_or(0) > 0)
        .map(|st| format!("{} {} {}", st.mark(), lang.status(*st), s.counts[st]))
        .collect();
    let _ = writeln!(o, "{}", counts.join(" · "));
    for w in &r.warnings {
        let _ = writeln!(o, "{}: {w}", term(lang, "warning"));
    }
}

/// A score: two decimals at most, no trailing zeros (3, 4.5, 86.67).
pub fn num(x: f64) -> String {
    number::plain(number::rounded(x, 2))
}

/// A label of the terminal report.
fn term(lang: Lang, key: &'static str) -> &'static str {
    lang.label("terminal", key)
}

/// 一, 二, ... 十, for section headings.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 11] = [
        "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    match n {
        0..=10 => D[n].to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        _ => n.to_string(),
    }
}
