//! 回头看: last term's result beside this term's. Every item that failed
//! or lost points last time is rectified, partly rectified or not; the
//! findings are matched by item, finding code and subject (or place),
//! never by their message text, which changes with the wording.

use crate::checklist::Checklist;
use crate::result::{
    Finding, FollowUp, FollowUpItem, InspectionResult, ItemResult, PreviousFinding, Rectified,
    Status,
};
use std::collections::HashMap;

/// Why a previous result cannot be followed up.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// The previous result is another school's.
    OtherSchool { then: String, now: String },
    /// The previous result is not earlier than this one.
    NotEarlier { then: String, now: String },
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::OtherSchool { then, now } => write!(
                f,
                "上次的结果是{then}的,不是{now}的;回头看要用本校上次的检查结果"
            ),
            Refused::NotEarlier { then, now } => write!(
                f,
                "上次结果的检查日期 {then} 不早于本次的 {now};请确认两个结果没有给反"
            ),
        }
    }
}

pub(crate) fn school(r: &InspectionResult) -> String {
    named(&r.school.name, &r.school.code)
}

fn named(name: &str, code: &str) -> String {
    format!("「{name}」(学校标识码 {code})")
}

/// Whether `previous` can be followed up by this term's check of the
/// school `(name, code)` on `date` (ISO): the same school, earlier.
pub fn refuse(
    previous: &InspectionResult,
    (name, code): (&str, &str),
    date: &str,
) -> Result<(), Refused> {
    if previous.school.code != code {
        return Err(Refused::OtherSchool {
            then: school(previous),
            now: named(name, code),
        });
    }
    if previous.date.as_str() >= date {
        return Err(Refused::NotEarlier {
            then: previous.date.clone(),
            now: date.to_string(),
        });
    }
    Ok(())
}

/// Whether an item counts as a problem: failed, or lost points.
pub fn is_problem(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Partial)
}

/// A finding as matched across terms: its code, and whom it is about
/// or, for a finding about no one, its file, sheet and column (rows move
/// between terms as a table is filled again; wording changes too).
pub(crate) fn key(f: &Finding) -> (String, String) {
    let place = match &f.subject {
        Some(s) => format!("subject:{s}"),
        None => {
            let l = &f.location;
            format!(
                "place:{}|{}|{}",
                file_only(l.file.as_deref().unwrap_or_default()),
                l.sheet.as_deref().unwrap_or_default(),
                l.column.as_deref().unwrap_or_default()
            )
        }
    };
    (f.code.to_string(), place)
}

/// A location's file without the line a YAML file's place carries
/// (`inspection.yaml:28`): lines move as the sheet is filled again.
fn file_only(file: &str) -> &str {
    match file.rsplit_once(':') {
        Some((f, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => f,
        _ => file,
    }
}

/// The id an item of an earlier edition has in this checklist.
pub(crate) fn current_id<'a>(cl: &'a Checklist, old: &'a str) -> Option<&'a str> {
    if cl.item(old).is_some() {
        return Some(old);
    }
    cl.items()
        .map(|(_, i)| i)
        .find(|i| i.replaces.iter().any(|r| r == old))
        .map(|i| i.id.as_str())
}

/// Follows last term's problems up in this term's result.
pub fn follow_up(
    previous: &InspectionResult,
    now: &InspectionResult,
    cl: &Checklist,
) -> Result<FollowUp, Refused> {
    refuse(previous, (&now.school.name, &now.school.code), &now.date)?;
    let by_id: HashMap<&str, &ItemResult> = now.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut items = Vec::new();
    for p in previous.items.iter().filter(|i| is_problem(i.status)) {
        let id = current_id(cl, &p.id);
        let found = id.and_then(|id| by_id.get(id).copied());
        items.push(item(p, id, found));
    }
    let mut counts = std::collections::BTreeMap::new();
    for i in &items {
        *counts.entry(i.status).or_insert(0) += 1;
    }
    Ok(FollowUp {
        previous_date: previous.date.clone(),
        previous_checklist: previous.checklist.clone(),
        previous_score: previous.summary.score,
        previous_grade: previous.summary.grade.clone(),
        edition_changed: previous.checklist.id != now.checklist.id
            || previous.checklist.edition != now.checklist.edition,
        items,
        counts,
    })
}

/// One previous problem: `id` is its id now (none: no item has it),
/// `now` the item in this term's result (none: not evaluated for this
/// school, as for an item of another school type).
fn item(p: &ItemResult, id: Option<&str>, now: Option<&ItemResult>) -> FollowUpItem {
    // This term's findings, as a multiset of keys: two findings of one
    // key last time recur only if there are two again.
    let mut left: HashMap<(String, String), usize> = HashMap::new();
    for f in now.iter().flat_map(|n| &n.findings) {
        *left.entry(key(f)).or_insert(0) += 1;
    }
    let findings: Vec<PreviousFinding> = p
        .findings
        .iter()
        .map(|f| {
            let recurs = match left.get_mut(&key(f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            };
            PreviousFinding {
                code: f.code.to_string(),
                message: f.message.clone(),
                subject: f.subject.as_ref().map(ToString::to_string),
                recurs,
            }
        })
        .collect();
    let status = match (id, now) {
        (None, _) => Rectified::Removed,
        (Some(_), None) => Rectified::NotApplicable,
        (Some(_), Some(n)) => match n.status {
            Status::Pass => Rectified::Rectified,
            Status::Pending | Status::Error => Rectified::Pending,
            Status::NotApplicable | Status::Waived => Rectified::NotApplicable,
            Status::Fail | Status::Partial => {
                let recurring = findings.iter().filter(|f| f.recurs).count();
                let better = n.score > p.score + 1e-9;
                if findings.is_empty() {
                    // Scored on site only: the score tells.
                    if better {
                        Rectified::Partly
                    } else {
                        Rectified::NotRectified
                    }
                } else if recurring == findings.len() && !better {
                    Rectified::NotRectified
                } else {
                    Rectified::Partly
                }
            }
        },
    };
    FollowUpItem {
        item: id.unwrap_or(&p.id).to_string(),
        previous_item: id.filter(|i| *i != p.id).map(|_| p.id.clone()),
        title: now
            .map(|n| n.title.clone())
            .unwrap_or_else(|| p.title.clone()),
        status,
        previous_status: p.status,
        previous_score: p.score,
        previous_max: p.max,
        previous_vetoed: p.vetoed,
        now_status: now.map(|n| n.status),
        score: now.map(|n| n.score),
        max: now.map(|n| n.max),
        recurring: now.is_some_and(|n| is_problem(n.status)),
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::Location;

    fn onsite(at: &str) -> Finding {
        Finding {
            code: "onsite".into(),
            message: "现场检查: 教案只备到本周".into(),
            location: Location::file(at),
            subject: None,
            veto: false,
        }
    }

    #[test]
    fn an_onsite_finding_is_the_same_whatever_line_of_the_sheet_it_is_on() {
        assert_eq!(
            key(&onsite("inspection.yaml:25")),
            key(&onsite("inspection.yaml:28"))
        );
        assert_ne!(
            key(&onsite("inspection.yaml:25")),
            key(&onsite("现场记录.xlsx"))
        );
        // A file name with a colon and no line stays whole.
        assert_eq!(
            file_only("C:/记录/inspection.yaml"),
            "C:/记录/inspection.yaml"
        );
        assert_eq!(file_only("inspection.yaml:"), "inspection.yaml:");
    }
}
