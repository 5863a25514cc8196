//! `ducha diff OLD.json NEW.json`: what changed between two results of one
//! school, per item and in total. Findings are matched as in 回头看 (code,
//! and subject or place), so a reworded message is no change.

use crate::checklist::Checklist;
use crate::present::Lang;
use crate::result::{InspectionResult, ItemResult, Status};
use serde::Serialize;
use std::collections::HashMap;

/// A finding added or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingChange {
    pub code: String,
    pub message: String,
}

/// An item that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    pub item: String,
    /// The old result's id, when the item was renamed (`replaces:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_item: Option<String>,
    pub title: String,
    /// None: the item is in one result only.
    pub old_status: Option<Status>,
    pub new_status: Option<Status>,
    pub old_score: Option<f64>,
    pub new_score: Option<f64>,
    pub added: Vec<FindingChange>,
    pub removed: Vec<FindingChange>,
    /// Lost points, got a worse status, or became vetoed.
    pub worse: bool,
}

/// The totals then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub date: String,
    pub score: f64,
    pub grade: String,
    pub vetoed: Vec<String>,
}

/// The whole difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub school: String,
    pub code: String,
    pub old: Totals,
    pub new: Totals,
    pub items: Vec<ItemChange>,
    /// Anything got worse: the total score, an item, a veto.
    pub worse: bool,
}

/// How bad a status is, for "worse": a pass beats a partial beats a fail.
fn rank(s: Status) -> u8 {
    match s {
        Status::Pass | Status::NotApplicable | Status::Waived => 0,
        Status::Pending => 1,
        Status::Partial => 2,
        Status::Fail | Status::Error => 3,
    }
}

fn totals(r: &InspectionResult) -> Totals {
    Totals {
        date: r.date.clone(),
        score: r.summary.score,
        grade: r.summary.grade.clone(),
        vetoed: r.summary.vetoed.clone(),
    }
}

/// Compares two results of one school; another school's is refused.
pub fn diff(
    old: &InspectionResult,
    new: &InspectionResult,
    cl: &Checklist,
) -> Result<Diff, String> {
    if old.school.code != new.school.code {
        return Err(format!(
            "两个结果不是同一所学校的:{} 与 {};diff 比较同一所学校的两次检查",
            crate::followup::school(old),
            crate::followup::school(new)
        ));
    }
    let new_ids: HashMap<&str, &ItemResult> =
        new.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut matched = std::collections::HashSet::new();
    let mut items = Vec::new();
    for o in &old.items {
        let id = crate::followup::current_id(cl, &o.id).unwrap_or(&o.id);
        let n = new_ids.get(id).copied();
        if let Some(n) = n {
            matched.insert(n.id.as_str());
        }
        if let Some(c) = change(Some(o), n) {
            items.push(c);
        }
    }
    for n in new
        .items
        .iter()
        .filter(|n| !matched.contains(n.id.as_str()))
    {
        if let Some(c) = change(None, Some(n)) {
            items.push(c);
        }
    }
    let worse = new.summary.score < old.summary.score - 1e-9
        || new
            .summary
            .vetoed
            .iter()
            .any(|v| !old.summary.vetoed.contains(v))
        || items.iter().any(|i| i.worse);
    Ok(Diff {
        school: new.school.name.clone(),
        code: new.school.code.clone(),
        old: totals(old),
        new: totals(new),
        items,
        worse,
    })
}

fn change(old: Option<&ItemResult>, new: Option<&ItemResult>) -> Option<ItemChange> {
    let keys = |i: Option<&ItemResult>| -> Vec<((String, String), FindingChange)> {
        i.iter()
            .flat_map(|i| &i.findings)
            .map(|f| {
                (
                    crate::followup::key(f),
                    FindingChange {
                        code: f.code.to_string(),
                        message: f.message.clone(),
                    },
                )
            })
            .collect()
    };
    // Multiset difference both ways.
    let minus = |a: &[((String, String), FindingChange)],
                 b: &[((String, String), FindingChange)]| {
        let mut left: HashMap<&(String, String), usize> = HashMap::new();
        for (k, _) in b {
            *left.entry(k).or_insert(0) += 1;
        }
        a.iter()
            .filter(|(k, _)| match left.get_mut(k) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(|(_, f)| f.clone())
            .collect::<Vec<_>>()
    };
    let (ko, kn) = (keys(old), keys(new));
    let added = minus(&kn, &ko);
    let removed = minus(&ko, &kn);
    let (os, ns) = (old.map(|i| i.status), new.map(|i| i.status));
    let (oscore, nscore) = (old.map(|i| i.score), new.map(|i| i.score));
    let same_score = match (oscore, nscore) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => false,
    };
    if os == ns && same_score && added.is_empty() && removed.is_empty() {
        return None;
    }
    let worse = match (old, new) {
        (Some(o), Some(n)) => {
            n.score < o.score - 1e-9 || rank(n.status) > rank(o.status) || (n.vetoed && !o.vetoed)
        }
        _ => false,
    };
    let it = new.or(old)?;
    Some(ItemChange {
        item: it.id.clone(),
        old_item: old
            .filter(|o| new.is_some_and(|n| n.id != o.id))
            .map(|o| o.id.clone()),
        title: it.title.clone(),
        old_status: os,
        new_status: ns,
        old_score: oscore,
        new_score: nscore,
        added,
        removed,
        worse,
    })
}

/// The difference as text, for the terminal.
pub fn render(d: &Diff, lang: Lang) -> String {
    use crate::output::human::num;
    use std::fmt::Write;
    let l = |k| lang.label("diff", k);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{}",
        lang.fill(
            "diff",
            "heading",
            &[
                ("school", &d.school),
                ("old", &d.old.date),
                ("new", &d.new.date)
            ]
        )
    );
    let _ = writeln!(
        o,
        "{}",
        lang.fill(
            "diff",
            "total",
            &[
                ("old", &num(d.old.score)),
                ("og", &d.old.grade),
                ("new", &num(d.new.score)),
                ("ng", &d.new.grade),
                ("delta", &signed(d.new.score - d.old.score)),
            ]
        )
    );
    if d.items.is_empty() {
        let _ = writeln!(o, "{}", l("no_change"));
    }
    let status = |s: Option<Status>| s.map_or(l("absent"), |s| lang.status(s));
    let score = |s: Option<f64>| s.map_or("—".to_string(), num);
    for c in &d.items {
        let mark = if c.worse { "↓" } else { "·" };
        let _ = writeln!(
            o,
            "\n{mark} {} {}  {} → {}  {} → {}",
            c.item,
            c.title,
            status(c.old_status),
            status(c.new_status),
            score(c.old_score),
            score(c.new_score)
        );
        if let Some(old) = &c.old_item {
            let _ = writeln!(
                o,
                "    {}",
                lang.fill("followup", "renamed", &[("old", old)])
            );
        }
        for f in &c.added {
            let _ = writeln!(o, "    + {}", f.message);
        }
        for f in &c.removed {
            let _ = writeln!(o, "    − {}", f.message);
        }
    }
    let _ = writeln!(o, "\n{}", if d.worse { l("worse") } else { l("not_worse") });
    o
}

fn signed(x: f64) -> String {
    let s = crate::output::human::num(x.abs());
    if x > 1e-9 {
        format!("+{s}")
    } else if x < -1e-9 {
        format!("-{s}")
    } else {
        "±0".to_string()
    }
}
