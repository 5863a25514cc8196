//! 抽查: the risk each school carries, by the checklist's `spot_check`
//! weights, and a draw of N schools weighted by it that anyone holding
//! the results and the seed can replay.
//!
//! risk = base
//!      + over_point × points self-assessed above the evaluation
//!      + veto × failed veto items
//!      + pending_point × points still to be scored on site
//!      + recurring × items short at this and the previous inspection
//!      + self_audit_only × (1 when no inspection team visited)
//!
//! The draw is weighted sampling without replacement (Efraimidis and
//! Spirakis, 2006): the schools are put in the order of their 学校标识码,
//! each takes u in (0, 1] from ChaCha8 seeded with the seed, and the N
//! largest u^(1/risk) are drawn, in that order. A school twice as risky
//! is about twice as likely to be drawn first.

use super::SchoolRow;
use crate::checklist::SpotCheck;
use crate::present::Lang;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// One school's risk and what it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Index into the rows given.
    pub row: usize,
    pub risk: f64,
    /// Each factor that adds to the base: its words and its points.
    pub parts: Vec<(String, f64)>,
    /// Place in the draw (1 = drawn first); none: not drawn.
    pub drawn: Option<usize>,
}

/// A draw: how many and the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    pub n: usize,
    pub seed: u64,
}

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

/// The risk of one school.
fn risk_of(row: &SchoolRow, w: &SpotCheck, lang: Lang) -> (f64, Vec<(String, f64)>) {
    let num = crate::present::number::plain;
    let over = row
        .self_assessment
        .as_ref()
        .map(|a| a.over.max(0.0))
        .unwrap_or(0.0);
    let factors: [(f64, f64, &str, String); 5] = [
        (over, w.over_point, "spot_over", num(r2(over))),
        (
            row.vetoed.len() as f64,
            w.veto,
            "spot_veto",
            row.vetoed.len().to_string(),
        ),
        (
            row.pending_points,
            w.pending_point,
            "spot_pending",
            num(r2(row.pending_points)),
        ),
        (
            row.recurring.len() as f64,
            w.recurring,
            "spot_recurring",
            row.recurring.len().to_string(),
        ),
        (
            if row.self_audit_only { 1.0 } else { 0.0 },
            w.self_audit_only,
            "spot_self_audit",
            String::new(),
        ),
    ];
    let mut risk = w.base;
    let mut parts = Vec::new();
    for (x, weight, key, shown) in factors {
        let points = r2(x * weight);
        if points > 0.0 {
            risk += points;
            parts.push((lang.fill("workbook", key, &[("x", &shown)]), points));
        }
    }
    (r2(risk), parts)
}

/// Every school's risk, highest first (then by code), with the draw's
/// places when `draw` is given.
pub fn rank(rows: &[&SchoolRow], w: &SpotCheck, draw: Option<Draw>, lang: Lang) -> Vec<Risk> {
    let mut risks: Vec<Risk> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (risk, parts) = risk_of(r, w, lang);
            Risk {
                row: i,
                risk,
                parts,
                drawn: None,
            }
        })
        .collect();
    if let Some(d) = draw {
        // Keys in the order of the codes, whatever the order of the files.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| (&rows[a].code, &rows[a].name).cmp(&(&rows[b].code, &rows[b].name)));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(d.seed);
        let mut keyed: Vec<(f64, usize)> = order
            .into_iter()
            .map(|i| {
                // u in (0, 1]: 53 random bits, never 0.
                let u = ((rng.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
                // ln(u^(1/w)) = ln(u)/w orders as u^(1/w) and keeps precision.
                (u.ln() / risks[i].risk, i)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (place, (_, i)) in keyed.into_iter().take(d.n).enumerate() {
            risks[i].drawn = Some(place + 1);
        }
    }
    risks.sort_by(|a, b| {
        b.risk
            .total_cmp(&a.risk)
            .then_with(|| rows[a.row].code.cmp(&rows[b.row].code))
    });
    risks
}

/// The formula in the workbook's words, from the weights.
pub fn formula(w: &SpotCheck, lang: Lang) -> String {
    let num = crate::present::number::plain;
    lang.fill(
        "workbook",
        "spot_formula",
        &[
            ("base", &num(w.base)),
            ("over", &num(w.over_point)),
            ("veto", &num(w.veto)),
            ("pending", &num(w.pending_point)),
            ("recurring", &num(w.recurring)),
            ("self", &num(w.self_audit_only)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, vetoed: usize) -> SchoolRow {
        crate::aggregate::test_row(code, vetoed)
    }

    const W: SpotCheck = SpotCheck {
        base: 1.0,
        over_point: 1.0,
        veto: 5.0,
        pending_point: 0.5,
        recurring: 2.0,
        self_audit_only: 3.0,
    };

    #[test]
    fn the_same_seed_draws_the_same_schools_whatever_the_order_of_the_files() {
        let rows: Vec<SchoolRow> = (0..40).map(|i| row(&format!("{i:03}"), i % 3)).collect();
        let refs: Vec<&SchoolRow> = rows.iter().collect();
        let mut back = refs.clone();
        back.reverse();
        let d = Some(Draw { n: 5, seed: 2026 });
        let drawn = |rs: &[&SchoolRow]| {
            let mut v: Vec<(usize, String)> = rank(rs, &W, d, Lang::Zh)
                .into_iter()
                .filter_map(|r| r.drawn.map(|p| (p, rs[r.row].code.clone())))
                .collect();
            v.sort();
            v
        };
        let a = drawn(&refs);
        assert_eq!(a.len(), 5);
        assert_eq!(a, drawn(&back));
        // Another seed, another draw.
        let other: Vec<(usize, String)> = {
            let mut v: Vec<(usize, String)> =
                rank(&refs, &W, Some(Draw { n: 5, seed: 7 }), Lang::Zh)
                    .into_iter()
                    .filter_map(|r| r.drawn.map(|p| (p, refs[r.row].code.clone())))
                    .collect();
            v.sort();
            v
        };
        assert_ne!(a, other);
    }

    #[test]
    fn riskier_schools_are_drawn_more_often() {
        // 10 schools of risk 1, 10 of risk 11 (two veto items): over many
        // seeds the risky ones take most first places.
        let rows: Vec<SchoolRow> = (0..20)
            .map(|i| row(&format!("{i:03}"), if i < 10 { 0 } else { 2 }))
            .collect();
        let refs: Vec<&SchoolRow> = rows.iter().collect();
        let mut risky_first = 0;
        for seed in 0..400 {
            let r = rank(&refs, &W, Some(Draw { n: 1, seed }), Lang::Zh);
            let first = r.iter().find(|x| x.drawn == Some(1)).unwrap();
            if first.risk > 1.0 {
                risky_first += 1;
            }
        }
        // Expected share 110/120 ≈ 0.92.
        assert!((340..=395).contains(&risky_first), "{risky_first}");
    }

    #[test]
    fn the_risk_is_the_weighted_sum_with_its_parts_named() {
        let mut r = row("001", 1);
        r.self_assessment = Some(crate::result::SelfAssessment {
            items: 10,
            self_score: 40.0,
            evaluated: 36.5,
            over: 3.5,
            over_items: 2,
        });
        r.pending_points = 4.0;
        r.recurring = vec![("care.roster".into(), "花名册".into())];
        r.self_audit_only = true;
        let risks = rank(&[&r], &W, None, Lang::Zh);
        // 1 + 3.5 + 5 + 2 + 2 + 3
        assert_eq!(risks[0].risk, 16.5);
        let words: Vec<String> = risks[0]
            .parts
            .iter()
            .map(|(w, p)| format!("{w} +{p}"))
            .collect();
        assert_eq!(
            words,
            [
                "自评高出 3.5 分 +3.5",
                "一票否决 1 项 +5",
                "待现场检查 4 分 +2",
                "连续两次未达标 1 项 +2",
                "仅学校自查,检查组未到校 +3"
            ]
        );
        assert_eq!(risks[0].drawn, None);
    }
}
