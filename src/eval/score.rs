//! From item results to the whole result: section subtotals, the total
//! and grade (with vetoes and pending on-site points), the score trace,
//! the rectification list and the evidence manifest.

use super::{round2, Input};
use crate::result::*;
use std::collections::BTreeMap;

/// Builds the result around the evaluated items.
pub fn assemble(
    input: &Input,
    items: Vec<ItemResult>,
    tables: Vec<crate::result::TableRead>,
    warnings: Vec<String>,
) -> InspectionResult {
    let cl = input.checklist;
    let p = input.profile;
    let st = cl.school_type(&p.kind);
    let summary = summarise(input, &items);
    let sections = cl
        .sections
        .iter()
        .map(|s| {
            let mine = items
                .iter()
                .filter(|i| i.section == s.id && i.status.counts() && i.status != Status::Pending);
            let (score, max) = mine.fold((0.0, 0.0), |(a, b), i| (a + i.score, b + i.max));
            SectionResult {
                id: s.id.clone(),
                title: s.title.clone(),
                title_en: s.title_en.clone(),
                score: round2(score),
                max: round2(max),
                points: s.points,
            }
        })
        .collect();
    InspectionResult {
        schema: SCHEMA.to_string(),
        generator: format!("ducha {}", env!("CARGO_PKG_VERSION")),
        checklist: ChecklistRef {
            id: cl.id.clone(),
            title: cl.title.clone(),
            edition: cl.edition.clone(),
            tailored: cl.tailored,
        },
        school: School {
            name: p.name.clone(),
            code: p.code.clone(),
            kind: p.kind.clone(),
            type_name: st.map(|t| t.name.clone()).unwrap_or_default(),
            township: p.township.clone(),
            office: st.map(|t| t.office.clone()).unwrap_or_default(),
            term_start: crate::date::iso(p.term_start),
        },
        date: crate::date::iso(input.date),
        date_source: input.date_source.to_string(),
        inspection: input.inspection.map(|i| Team {
            members: i.team.clone(),
            visit_date: i.visit_date.map(crate::date::iso),
            staff: i.staff.clone(),
            photos: i.photos.clone(),
        }),
        trace: trace(&items, &summary),
        tables,
        rectifications: rectifications(input, &items),
        summary,
        sections,
        items,
        manifest: input
            .evidence
            .files
            .iter()
            .filter(|f| !inspection_photo(input, &f.path))
            .map(|f| ManifestEntry {
                path: f.path.clone(),
                bytes: f.bytes,
                sha256: f.sha256.clone(),
            })
            .collect(),
        warnings,
        followup: None,
    }
}

/// A file of the submission that is an inspector's photo (the sheet kept
/// in the submission cites it): listed with the inspection, not the school.
fn inspection_photo(input: &Input, path: &str) -> bool {
    input
        .inspection
        .is_some_and(|i| i.photos.iter().any(|p| p.in_submission && p.path == path))
}

fn pct(earned: f64, of: f64) -> f64 {
    if of <= 0.0 {
        100.0
    } else {
        (earned / of * 1000.0).round() / 10.0
    }
}

fn summarise(input: &Input, items: &[ItemResult]) -> Summary {
    let cl = input.checklist;
    let judged = items
        .iter()
        .filter(|i| i.status.counts() && i.status != Status::Pending);
    let (earned, applicable) = judged.fold((0.0, 0.0), |(a, b), i| (a + i.score, b + i.max));
    let pending: Vec<&ItemResult> = items
        .iter()
        .filter(|i| i.status == Status::Pending)
        .collect();
    let pend_points: f64 = pending.iter().map(|i| i.max).sum();
    // Best case: every pending item gets what its evidence allows; worst: 0.
    let pend_best: f64 = pending
        .iter()
        .map(|i| i.evidence_score.unwrap_or(i.max))
        .sum();
    let vetoed: Vec<String> = items
        .iter()
        .filter(|i| i.vetoed)
        .map(|i| i.id.clone())
        .collect();
    let score = pct(earned, applicable);
    let grade = if vetoed.is_empty() {
        cl.grade_for(score)
    } else {
        cl.lowest_grade()
    };
    let best_score = pct(earned + pend_best, applicable + pend_points);
    let worst_score = pct(earned, applicable + pend_points);
    let pending_veto = pending.iter().any(|i| i.veto_item);
    let mut counts = BTreeMap::new();
    for s in Status::ALL {
        counts.insert(s, items.iter().filter(|i| i.status == s).count());
    }
    Summary {
        score,
        earned: round2(earned),
        applicable: round2(applicable),
        grade,
        pending: Pending {
            items: pending.len(),
            points: round2(pend_points),
            best_score,
            best_grade: if vetoed.is_empty() {
                cl.grade_for(best_score)
            } else {
                cl.lowest_grade()
            },
            worst_score,
            worst_grade: if vetoed.is_empty() && !pending_veto {
                cl.grade_for(worst_score)
            } else {
                cl.lowest_grade()
            },
        },
        vetoed,
        counts,
        self_assessment: SelfAssessment::of(items),
    }
}

fn trace(items: &[ItemResult], s: &Summary) -> Vec<TraceLine> {
    let mut lines: Vec<TraceLine> = items
        .iter()
        .map(|i| {
            let why = match i.status {
                Status::NotApplicable | Status::Waived => format!("{},不计入总分", i.note),
                Status::Pending => match i.evidence_score {
                    Some(e) => format!("待现场检查,材料部分 {e} 分,暂不计入"),
                    None => "待现场检查,暂不计入".to_string(),
                },
                Status::Error => format!("材料无法读取,计 0 分: {}", i.note),
                _ if i.vetoed => "一票否决,计 0 分".to_string(),
                _ => {
                    let n = i.findings.len();
                    let mut w = if n == 0 {
                        "无问题".to_string()
                    } else {
                        format!("{n} 条问题")
                    };
                    if let (Some(e), Some(o)) = (i.evidence_score, &i.onsite) {
                        w.push_str(&format!(";材料 {e} 分,现场 {} 分", o.score));
                    } else if let Some(o) = &i.onsite {
                        w.push_str(&format!(";现场 {} 分", o.score));
                    }
                    w
                }
            };
            TraceLine {
                item: i.id.clone(),
                earned: i.score,
                max: i.max,
                counted: i.status.counts() && i.status != Status::Pending,
                why,
            }
        })
        .collect();
    let mut why = format!("{} ÷ {} × 100 = {}", s.earned, s.applicable, s.score);
    if !s.vetoed.is_empty() {
        why.push_str(&format!(
            ";一票否决项 {} 不达标,等级为 {}",
            s.vetoed.join("、"),
            s.grade
        ));
    }
    lines.push(TraceLine {
        item: "total".into(),
        earned: s.earned,
        max: s.applicable,
        counted: true,
        why,
    });
    lines
}

fn rectifications(input: &Input, items: &[ItemResult]) -> Vec<Rectification> {
    let r = &input.checklist.rectification;
    items
        .iter()
        .filter(|i| matches!(i.status, Status::Fail | Status::Partial | Status::Error))
        .map(|i| {
            let days = if i.vetoed { r.veto_days } else { r.other_days };
            let mut findings: Vec<String> = i.findings.iter().map(|f| f.message.clone()).collect();
            if findings.is_empty() && !i.note.is_empty() {
                findings.push(i.note.clone());
            }
            Rectification {
                item: i.id.clone(),
                title: i.title.clone(),
                veto: i.vetoed,
                findings,
                guidance: i.guidance_school.clone(),
                // `lint` bounds the days and the command line the date, so
                // this stays in the calendar; past it there is no deadline.
                deadline: crate::date::add_days(input.date, days)
                    .map(crate::date::iso)
                    .unwrap_or_default(),
            }
        })
        .collect()
}
