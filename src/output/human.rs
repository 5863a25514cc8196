//! The terminal report: items grouped by section with ✓ ✗ ◐ ○ marks,
//! each finding with its location and the item's guidance, then score,
//! grade, veto items and what is still pending on site.

use crate::i18n::Lang;
use crate::result::{InspectionResult, ItemResult, Status};
use std::fmt::Write;

/// Renders the report as plain text, phone and ID numbers masked.
pub fn render(r: &InspectionResult, lang: Lang) -> String {
    let r = &crate::privacy::masked(r);
    let mut o = String::new();
    let s = &r.school;
    let _ = writeln!(o, "{} — {}", r.checklist.title, s.name);
    let _ = writeln!(
        o,
        "{} {} · {} {} · {} {}",
        lang.t("学校标识码", "School code"),
        s.code,
        lang.t("类型", "Type"),
        s.type_name,
        lang.t("乡镇", "Township"),
        s.township
    );
    let source = match r.date_source.as_str() {
        "option" => lang.t("命令行 --date", "--date option"),
        "inspection" => lang.t("检查记录", "inspection sheet"),
        "school" => lang.t("school.yaml 自查日期", "self-audit date in school.yaml"),
        _ => lang.t("今天", "today"),
    };
    let _ = writeln!(
        o,
        "{} {}({}) · {} {} {}",
        lang.t("检查日期", "Date"),
        r.date,
        source,
        lang.t("清单", "Checklist"),
        r.checklist.id,
        r.checklist.edition
    );
    for (i, sec) in r.sections.iter().enumerate() {
        let items: Vec<&ItemResult> = r.items.iter().filter(|it| it.section == sec.id).collect();
        let total = if sec.max > 0.0 {
            format!("{}/{}", num(sec.score), num(sec.max))
        } else {
            lang.t("不适用或待检查", "n/a or pending").to_string()
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
    summary(&mut o, r, lang);
    o
}

fn item(o: &mut String, it: &ItemResult, lang: Lang) {
    let score = match (it.status, it.evidence_score) {
        (Status::Pending, Some(e)) => format!(
            "{}({} {}/{})",
            lang.status(it.status),
            lang.t("材料", "evidence"),
            num(e),
            num(it.max)
        ),
        (Status::NotApplicable | Status::Waived | Status::Pending, _) => format!(
            "{}({} {})",
            lang.status(it.status),
            num(it.max),
            lang.t("分", "pts")
        ),
        _ => format!("{}/{}", num(it.score), num(it.max)),
    };
    let veto = if it.vetoed {
        lang.t(" [一票否决]", " [VETO]")
    } else {
        ""
    };
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
    for f in &it.findings {
        let _ = writeln!(o, "      · {}", f.message);
        if !f.location.is_empty() {
            let _ = writeln!(
                o,
                "        {}: {}",
                lang.t("位置", "at"),
                lang.location(&f.location)
            );
        }
    }
    let show_guidance = matches!(it.status, Status::Fail | Status::Partial | Status::Error)
        || (it.status == Status::Pending && !it.findings.is_empty());
    if show_guidance && !it.guidance_school.is_empty() {
        let _ = writeln!(
            o,
            "      {}: {}",
            lang.t("怎么改", "what to do"),
            it.guidance_school.trim()
        );
    }
}

fn summary(o: &mut String, r: &InspectionResult, lang: Lang) {
    let s = &r.summary;
    let _ = writeln!(o, "\n{}", "─".repeat(40));
    let _ = writeln!(
        o,
        "{} {} {}({} / {})  {} {}",
        lang.t("总分", "Score"),
        num(s.score),
        lang.t("分", "pts"),
        num(s.earned),
        num(s.applicable),
        lang.t("等级", "Grade"),
        s.grade
    );
    if s.vetoed.is_empty() {
        let _ = writeln!(
            o,
            "{}: {}",
            lang.t("一票否决", "Veto items failed"),
            lang.t("无", "none")
        );
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
            lang.t("一票否决", "Veto items failed"),
            names.join(";")
        );
    }
    if s.pending.items > 0 {
        let _ = writeln!(
            o,
            "{} {} {},{} {} {};{} {}({}),{} {}({})",
            lang.t("待现场检查", "Pending on site:"),
            s.pending.items,
            lang.t("项", "items"),
            lang.t("共", ""),
            num(s.pending.points),
            lang.t("分", "pts"),
            lang.t("最好", "best"),
            num(s.pending.best_score),
            s.pending.best_grade,
            lang.t("最差", "worst"),
            num(s.pending.worst_score),
            s.pending.worst_grade
        );
    }
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|st| s.counts.get(st).copied().unwrap_or(0) > 0)
        .map(|st| format!("{} {} {}", st.mark(), lang.status(*st), s.counts[st]))
        .collect();
    let _ = writeln!(o, "{}", counts.join(" · "));
    for w in &r.warnings {
        let _ = writeln!(o, "{}: {w}", lang.t("注意", "warning"));
    }
}

/// A number without trailing zeros: 3, 4.5, 86.7.
pub fn num(x: f64) -> String {
    crate::evidence::table::format_number((x * 100.0).round() / 100.0)
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
