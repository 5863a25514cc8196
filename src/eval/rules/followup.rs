//! `followup`: last term's problems (回头看) as a rule. Every item that
//! failed or lost points at the previous inspection passes now, or a row
//! of the ledger (问题整改台账) that names it is done. An item still
//! waiting for its on-site score is not judged yet, and the note says so.

use super::{test_each, Ctx, Outcome};
use crate::checklist::FollowupRule;
use crate::eval::tables::TableState;
use crate::result::{Location, Status};
use compact_str::format_compact;
use minijinja::Value as MjValue;

/// A problem of last time, with the same item this time.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The item's id in this checklist.
    pub id: String,
    pub title: String,
    pub previous_score: f64,
    pub previous_max: f64,
    /// Last time's finding messages, which a ledger may quote.
    pub findings: Vec<String>,
    /// This term's status, score and maximum; none: the item no longer
    /// exists or was not evaluated for this school.
    pub now: Option<(Status, f64, f64)>,
}

/// Text as compared with a ledger cell: letters and digits only, so
/// quotes, brackets and spaces a clerk types or leaves out do not count.
fn plain(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A title's lead: up to its first punctuation (留守儿童花名册 of
/// 留守儿童花名册,信息"五个清楚"), the name a clerk writes for the item.
/// Under four characters it names too little to tell items apart.
fn lead(title: &str) -> Option<String> {
    let lead = title
        .split(|c: char| !c.is_alphanumeric() && !c.is_whitespace())
        .map(plain)
        .find(|s| !s.is_empty())?;
    (lead.chars().count() >= 4).then_some(lead)
}

/// Whether a ledger cell names the problem: it contains the item's
/// title, the title's lead or the id, or one of last time's findings
/// word for word.
fn names(cell: &str, p: &Problem) -> bool {
    let title = plain(&p.title);
    (!title.is_empty() && cell.contains(&title))
        || lead(&p.title).is_some_and(|l| cell.contains(&l))
        || cell.contains(&plain(&p.id))
        || p.findings
            .iter()
            .map(|f| plain(f))
            .any(|f| !f.is_empty() && cell.contains(&f))
}

pub fn run(r: &FollowupRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let Some(problems) = cx.previous else {
        out.note = Some("没有提供上次的检查结果(--previous),未复核上次问题的整改".into());
        return out;
    };
    // The ledger's rows: the text naming a problem, and whether done. A
    // missing or unreadable ledger has no rows here; the table rule that
    // reads it says what is wrong with it.
    let mut rows: Vec<(Vec<String>, bool)> = Vec::new();
    let mut place = Location::default();
    if let Some(l) = &r.ledger {
        let state = cx.tables.get(l.table);
        let (found, values) = state.rows();
        let done = match &l.done {
            Some(d) => test_each(d, values, None, cx, &[]),
            None => vec![true; found.len()],
        };
        for (row, d) in found.iter().zip(done) {
            let text = l
                .names
                .iter()
                .map(|c| plain(&row.values[*c].display()))
                .filter(|t| !t.is_empty())
                .collect();
            rows.push((text, d));
        }
        if let TableState::Found { bound, .. } = &*state {
            if let Some(s) = bound.sources.first() {
                place = Location::file(&s.file);
            }
        }
    }
    let mut waiting = Vec::new();
    for p in problems {
        let Some((status, score, max)) = p.now else {
            continue;
        };
        if matches!(
            status,
            Status::Pass | Status::NotApplicable | Status::Waived
        ) {
            out.units += 1;
            continue;
        }
        let done = rows
            .iter()
            .any(|(text, done)| *done && text.iter().any(|t| names(t, p)));
        if done {
            out.units += 1;
            continue;
        }
        if matches!(status, Status::Pending | Status::Error) {
            waiting.push(format!("「{}」", p.title));
            continue;
        }
        out.units += 1;
        let plain_n = crate::present::number::plain;
        let msg = match &r.message {
            Some(m) => {
                // Scores as a report writes them ("4", "2.5"), not "4.0".
                let problem = MjValue::from_serialize(serde_json::json!({
                    "id": p.id,
                    "title": p.title,
                    "previous_score": plain_n(p.previous_score),
                    "previous_max": plain_n(p.previous_max),
                    "score": plain_n(score),
                    "max": plain_n(max),
                }));
                m.render_or_elide(&cx.with([("problem".into(), problem)]))
            }
            None => format!(
                "上次检查「{}」得 {}/{} 分,本次仍未达标({}/{} 分),整改台账中也没有记为已完成",
                p.title,
                plain_n(p.previous_score),
                plain_n(p.previous_max),
                plain_n(score),
                plain_n(max)
            ),
        };
        out.finding(
            format_compact!("problem:{}", p.id),
            r.code.as_deref().unwrap_or("not-rectified"),
            msg,
            place.clone(),
        );
    }
    out.note = match (problems.is_empty(), waiting.is_empty()) {
        (true, _) => Some("上次检查没有未达标的项目".into()),
        (false, true) => None,
        (false, false) => Some(format!(
            "上次的问题中 {} 本次待现场检查,打分后再复核整改",
            waiting.join("、")
        )),
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(title: &str) -> Problem {
        Problem {
            id: "care.roster".into(),
            title: title.into(),
            previous_score: 4.0,
            previous_max: 6.0,
            findings: vec!["「张三」缺少监护人电话".into()],
            now: Some((Status::Partial, 4.0, 6.0)),
        }
    }

    #[test]
    fn a_ledger_cell_names_an_item_by_title_lead_id_or_a_quoted_finding() {
        let p = problem("留守儿童花名册,信息\"五个清楚\"");
        let n = |cell: &str| names(&plain(cell), &p);
        assert!(n("留守儿童花名册信息“五个清楚”"));
        assert!(n("《留守儿童花名册》"));
        assert!(n("care.roster"));
        assert!(n("张三 缺少监护人电话"));
        // Too little to tell items apart, or another item.
        assert!(!n("留守儿童"));
        assert!(!n("花名册"));
        assert!(!n("留守儿童之家"));
        // A lead under four characters is no name.
        let short = problem("陪餐,每天");
        assert!(!names(&plain("陪餐"), &short));
    }
}
