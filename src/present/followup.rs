//! The words of 回头看, shared by the terminal and the PDF: the heading,
//! the edition note, an item's score now, its findings as listed (those
//! found again first, cut after a few) and the counts line.

use super::Lang;
use crate::output::human::num;
use crate::result::{ChecklistRef, FollowUp, FollowUpItem, PreviousFinding, Rectified, Status};

fn fl(lang: Lang, key: &'static str) -> &'static str {
    lang.label("followup", key)
}

/// "回头看:上次检查 DATE,SCORE 分,GRADE;当时未达标 N 项".
pub fn heading(f: &FollowUp, lang: Lang) -> String {
    lang.fill(
        "followup",
        "heading",
        &[
            ("date", &f.previous_date),
            ("score", &num(f.previous_score)),
            ("grade", &f.previous_grade),
            ("n", &f.items.len()),
        ],
    )
}

/// The checklists of both terms, when the edition changed.
pub fn edition(f: &FollowUp, now: &ChecklistRef, lang: Lang) -> Option<String> {
    let c = &f.previous_checklist;
    f.edition_changed.then(|| {
        lang.fill(
            "followup",
            "edition",
            &[
                ("then", &format!("{} {}", c.id, c.edition)),
                ("now", &format!("{} {}", now.id, now.edition)),
            ],
        )
    })
}

/// The item's score now (`4{sep}6`), or its status when it has no score.
pub fn now(it: &FollowUpItem, sep: &str, lang: Lang) -> String {
    match (it.now_status, it.score) {
        (Some(Status::Pass | Status::Partial | Status::Fail), Some(s)) => {
            format!("{}{sep}{}", num(s), num(it.max.unwrap_or(0.0)))
        }
        (Some(st), _) => lang.status(st).to_string(),
        (None, _) => "—".to_string(),
    }
}

/// Last term's findings to list, those found again first, at most
/// `shown` (the JSON keeps all), with "……及其他 N 条" for the rest.
pub fn listed(
    it: &FollowUpItem,
    shown: usize,
    lang: Lang,
) -> (Vec<&PreviousFinding>, Option<String>) {
    let mut all: Vec<&PreviousFinding> = it.findings.iter().collect();
    all.sort_by_key(|p| !p.recurs);
    let more = all.len().saturating_sub(shown);
    all.truncate(shown);
    let more = (more > 0).then(|| lang.fill("followup", "more", &[("n", &more)]));
    (all, more)
}

/// 仍存在 or 已消除; 未复查 when the item was not judged this time
/// (pending, waived, not applicable, removed): nothing says it is gone.
pub fn mark(it: &FollowUpItem, p: &PreviousFinding, lang: Lang) -> &'static str {
    let judged = matches!(
        it.status,
        Rectified::Rectified | Rectified::Partly | Rectified::NotRectified
    );
    fl(
        lang,
        match (judged, p.recurs) {
            (false, _) => "unchecked",
            (true, true) => "recurs",
            (true, false) => "gone",
        },
    )
}

/// "整改到位 2;部分整改 2;未整改 7".
pub fn counts(f: &FollowUp, lang: Lang) -> String {
    Rectified::ALL
        .iter()
        .filter_map(|k| Some(format!("{} {}", fl(lang, k.key()), f.counts.get(k)?)))
        .collect::<Vec<_>>()
        .join(fl(lang, "counts_sep"))
}
