//! Evaluation: checklist + evidence + profile + on-site scores → result.
//! Pure: no I/O happens here. `score` turns item outcomes into the
//! summary, the trace and the rectification list.

pub mod bind;
mod rules;
mod scope;
mod score;
mod tables;

use crate::checklist::{Checklist, Combine, Item, Mode, Scoring};
use crate::evidence::Evidence;
use crate::inspection::Inspection;
use crate::profile::Profile;
use crate::result::*;
use chrono::{Datelike, NaiveDate};
use minijinja::Value as MjValue;
use rules::{Ctx, Outcome};
use tables::Tables;

/// Everything an evaluation reads.
pub struct Input<'a> {
    pub checklist: &'a Checklist,
    pub evidence: &'a Evidence,
    pub profile: &'a Profile,
    pub inspection: Option<&'a Inspection>,
    /// The school's self-assessed score per item.
    pub self_scores: &'a indexmap::IndexMap<String, f64>,
    /// Notes of reading the submission, for the warnings.
    pub notes: &'a [String],
    /// The inspection date ("today" for every date rule).
    pub date: NaiveDate,
    /// Where the date came from: `option`, `inspection`, `school`, `today`.
    pub date_source: &'a str,
    /// Last term's result of this school, for `followup` rules.
    pub previous: Option<&'a InspectionResult>,
}

/// Evaluates every item and builds the result.
pub fn evaluate(input: &Input) -> InspectionResult {
    let cl = input.checklist;
    let tables = Tables::new(cl, input.evidence);
    let school = input.profile.to_value();
    let mut items = Vec::new();
    let mut warnings: Vec<String> = input
        .evidence
        .refused
        .iter()
        .map(|(p, why)| format!("{p}: {why}"))
        .collect();
    warnings.extend(input.profile.placeholders(crate::profile::FILE));
    warnings.extend(input.notes.iter().cloned());
    let date = crate::date::iso(input.date);
    let term_start = crate::date::iso(input.profile.term_start);
    let base = |item: &Item| {
        std::sync::Arc::new(vec![
            ("date".into(), MjValue::from(date.clone())),
            ("term_start".into(), MjValue::from(term_start.clone())),
            ("year".into(), MjValue::from(input.date.year())),
            ("school".into(), school.clone()),
            ("params".into(), crate::expr::params_value(&item.params)),
        ])
    };
    let cx = |item: &Item, previous| Ctx {
        checklist: cl,
        evidence: input.evidence,
        tables: &tables,
        base: base(item),
        constants: Default::default(),
        previous,
    };
    for (section, item) in cl.items() {
        let r = evaluate_item(item, &section.id, &cx(item, None), input, &mut warnings);
        items.push(r);
    }
    // 回头看 rules read the other items' outcomes: evaluated again once
    // every item has one (an item's own problem of last time is left out
    // of its rule, which would otherwise judge itself).
    if let Some(prev) = input.previous {
        for (at, (section, item)) in cl.items().enumerate() {
            if !item
                .rules
                .iter()
                .any(|r| matches!(r, crate::checklist::Rule::Followup(_)))
            {
                continue;
            }
            let problems: Vec<rules::followup::Problem> = problems(prev, &items, cl)
                .into_iter()
                .filter(|p| p.id != item.id)
                .collect();
            let cx = Ctx {
                previous: Some(&problems[..]),
                ..cx(item, None)
            };
            let mut scratch = Vec::new();
            items[at] = evaluate_item(item, &section.id, &cx, input, &mut scratch);
        }
    }
    let read = tables.report();
    // The bound rows are not needed past here: given back before the
    // result is assembled, which copies each finding's message into the
    // rectification list.
    drop(tables);
    let mut r = score::assemble(input, items, read, warnings);
    // Masked once, here, so that every writer finds nothing left to mask
    // and writes the result as it is, without a copy.
    crate::present::mask::mask_in_place(&mut r);
    r
}

/// Last term's problems, each with its item of this term.
fn problems(
    prev: &InspectionResult,
    items: &[ItemResult],
    cl: &Checklist,
) -> Vec<rules::followup::Problem> {
    prev.items
        .iter()
        .filter(|p| crate::followup::is_problem(p.status))
        .filter_map(|p| {
            let id = crate::followup::current_id(cl, &p.id)?;
            let now = items.iter().find(|i| i.id == id);
            Some(rules::followup::Problem {
                id: id.to_string(),
                title: now
                    .map(|n| n.title.clone())
                    .unwrap_or_else(|| p.title.clone()),
                previous_score: p.score,
                previous_max: p.max,
                findings: p.findings.iter().map(|f| f.message.clone()).collect(),
                now: now.map(|n| (n.status, n.score, n.max)),
            })
        })
        .collect()
}

/// The rules' findings, moved into one list of their exact number: a
/// list grown by collecting keeps up to as much again spare, and a roster
/// of 100,000 children is 100,000 findings an item.
fn take_findings(outcomes: &mut [Outcome]) -> Vec<Finding> {
    // One rule with findings (the usual case): its list is moved as it
    // is, not copied; the spare capacity of a list grown by doubling is
    // address space the allocator has not handed pages for.
    let mut with = outcomes.iter_mut().filter(|o| !o.findings.is_empty());
    if let (Some(one), None) = (with.next(), with.next()) {
        return std::mem::take(&mut one.findings);
    }
    let n = outcomes.iter().map(|o| o.findings.len()).sum();
    let mut all = Vec::with_capacity(n);
    for o in outcomes {
        all.extend(std::mem::take(&mut o.findings));
    }
    all
}

fn new_result(item: &Item, section: &str) -> ItemResult {
    ItemResult {
        id: item.id.clone(),
        section: section.to_string(),
        title: item.title.clone(),
        basis: item.basis.clone(),
        mode: item.mode,
        veto_item: item.veto,
        status: Status::Pending,
        score: 0.0,
        max: item.points,
        evidence_score: None,
        onsite: None,
        self_score: None,
        vetoed: false,
        findings: Vec::new(),
        note: String::new(),
        guidance_school: item.guidance.school.clone(),
        guidance_inspector: item.guidance.inspector.clone(),
    }
}

/// Whether the item applies to this school; `Err` when its condition
/// cannot be computed.
fn applies(item: &Item, cx: &Ctx, input: &Input) -> Result<Option<String>, crate::expr::ExprError> {
    let kind = &input.profile.kind;
    if !item.school_types.is_empty() && !item.school_types.contains(kind) {
        let name = input
            .checklist
            .school_type(kind)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| kind.clone());
        return Ok(Some(format!("不适用于{name}")));
    }
    if let Some(cond) = &item.applies_if {
        if !cond.test(&cx.with([]))? {
            return Ok(Some(format!("不适用(条件「{}」不成立)", cond.source)));
        }
    }
    Ok(None)
}

fn evaluate_item(
    item: &Item,
    section: &str,
    cx: &Ctx,
    input: &Input,
    warnings: &mut Vec<String>,
) -> ItemResult {
    let mut r = new_result(item, section);
    r.self_score = input.self_scores.get(&item.id).copied();
    if let Some(w) = input
        .inspection
        .and_then(|i| i.waivers.iter().find(|w| w.item == item.id))
    {
        if w.expires >= input.date {
            r.status = Status::Waived;
            r.note = format!(
                "已豁免: {}(批准: {},有效期至 {})",
                w.reason,
                w.approved_by,
                crate::date::iso(w.expires)
            );
            return r;
        }
        warnings.push(format!(
            "检查项 {} 的豁免已于 {} 过期,按正常检查",
            item.id,
            crate::date::iso(w.expires)
        ));
    }
    match applies(item, cx, input) {
        Err(e) => {
            r.status = Status::Error;
            r.note = format!("适用条件无法计算: {e}");
            return r;
        }
        Ok(Some(why)) => {
            r.status = Status::NotApplicable;
            r.note = why;
            return r;
        }
        Ok(None) => {}
    }
    let mut evidence = (item.mode != Mode::Onsite).then(|| {
        let outcomes: Vec<Outcome> = item.rules.iter().map(|rule| rules::run(rule, cx)).collect();
        outcomes
    });
    // The findings are moved out of the outcomes, not copied: a roster of
    // 100,000 children is 100,000 findings an item.
    if let Some(outcomes) = &mut evidence {
        if let Some(e) = outcomes.iter().find_map(|o| o.error.clone()) {
            r.status = Status::Error;
            r.note = e;
            r.findings = take_findings(outcomes);
            return r;
        }
        r.evidence_score = Some(evidence_score(item, outcomes));
        r.findings = take_findings(outcomes);
    }
    let notes: Vec<String> = evidence
        .iter()
        .flatten()
        .filter_map(|o| o.note.clone())
        .collect();
    // Two rules reading the same missing table say so once (compared by
    // reference: a copy of every finding's texts was a third of the
    // memory of a large roster's check).
    // foldhash rather than the standard SipHash, and sized once: at
    // 100,000 children this set took 6.5 % of a `check`, most of it
    // SipHash over each finding's message (issue 20). The set only answers
    // "seen before?", so its order never reaches a result.
    let keep: Vec<bool> = {
        use foldhash::HashSetExt;
        let mut seen = foldhash::HashSet::with_capacity(r.findings.len());
        r.findings
            .iter()
            .map(|f| seen.insert((&f.code, &f.message, &f.location)))
            .collect()
    };
    let mut keep = keep.into_iter();
    let before = r.findings.len();
    r.findings.retain(|_| keep.next().unwrap_or(true));
    // Given back only when repeats were removed: a list moved whole from
    // its rule is not copied again to lose address space it never used.
    if r.findings.len() < before {
        r.findings.shrink_to_fit();
    }
    if item.veto {
        for f in &mut r.findings {
            f.veto = item.veto_on.is_empty() || item.veto_on.iter().any(|c| *c == f.code);
        }
    }
    let onsite = input.inspection.and_then(|i| i.scores.get(&item.id));
    if let Some(o) = onsite {
        r.onsite = Some(Onsite {
            score: o.score,
            finding: o.finding.clone(),
            photos: o.photos.clone(),
            veto: o.veto,
        });
        // A full score with a remark is no finding; the remark stays in `onsite`.
        if o.score < item.points || o.veto {
            r.findings.push(Finding {
                code: "onsite".into(),
                message: if o.finding.is_empty() {
                    format!("现场检查得 {} 分(满分 {})", o.score, item.points)
                } else {
                    format!("现场检查: {}", o.finding)
                },
                location: Location::file(o.at.as_str()),
                subject: None,
                veto: o.veto,
            });
        }
    }
    let score = match (item.mode, r.evidence_score, onsite) {
        (Mode::Evidence, Some(e), _) => Some(e),
        (_, _, None) => None,
        (Mode::Onsite, _, Some(o)) => Some(o.score),
        (_, e, Some(o)) => Some(combine(item.combine, e.unwrap_or(item.points), o.score)),
    };
    r.vetoed = r.findings.iter().any(|f| f.veto);
    match score {
        None if !r.vetoed => {
            r.status = Status::Pending;
            r.note = "待现场检查".into();
        }
        _ if r.vetoed => {
            r.status = Status::Fail;
            r.score = 0.0;
            r.note = "一票否决".into();
        }
        Some(s) => {
            r.score = round2(s);
            let clean = r.findings.is_empty();
            r.status = if r.score >= item.points - 1e-9 && clean {
                Status::Pass
            } else if r.score <= 1e-9 {
                Status::Fail
            } else {
                Status::Partial
            };
        }
        None => {}
    }
    // What a rule said of itself (回头看 not checked), after the note
    // of the status, if any.
    if !notes.is_empty() {
        let mut all: Vec<String> = Some(r.note.clone())
            .filter(|n| !n.is_empty())
            .into_iter()
            .collect();
        all.extend(notes);
        r.note = all.join(";");
    }
    r
}

fn combine(how: Combine, evidence: f64, onsite: f64) -> f64 {
    match how {
        Combine::Min => evidence.min(onsite),
        Combine::Onsite => onsite,
        Combine::Mean => (evidence + onsite) / 2.0,
    }
}

/// The score the evidence earns under the item's scoring style.
fn evidence_score(item: &Item, outcomes: &[Outcome]) -> f64 {
    let p = item.points;
    let any_finding = outcomes.iter().any(|o| !o.findings.is_empty());
    let blocked = outcomes.iter().any(|o| o.blocked);
    let s = match item.scoring {
        Scoring::AllOrNothing => {
            if any_finding {
                0.0
            } else {
                p
            }
        }
        Scoring::Proportional => {
            let parts: Vec<f64> = outcomes
                .iter()
                .map(|o| {
                    if o.blocked {
                        0.0
                    } else if o.units == 0 {
                        1.0
                    } else {
                        (o.units.saturating_sub(o.failed.len())) as f64 / o.units as f64
                    }
                })
                .collect();
            if parts.is_empty() {
                p
            } else {
                p * parts.iter().sum::<f64>() / parts.len() as f64
            }
        }
        Scoring::Deduct(n) => {
            if blocked {
                0.0
            } else {
                let failed: usize = outcomes.iter().map(|o| o.failed.len()).sum();
                (p - n * failed as f64).max(0.0)
            }
        }
    };
    round2(s)
}

/// Rounds to two decimals; never gives -0 (an empty sum does).
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}
