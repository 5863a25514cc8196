// Each target uses part of this module.
#![allow(dead_code)]
// Shared by the targets: the official checklist (loaded once) and a
// school that every item applies to.
use std::sync::OnceLock;

/// The official checklist, and ducha's panic hook over the fuzzer's (a
/// parser panic ducha catches is not a crash; any other still aborts).
pub fn official() -> &'static ducha::checklist::Checklist {
    ducha::panic::install_hook();
    static CL: OnceLock<ducha::checklist::Checklist> = OnceLock::new();
    CL.get_or_init(|| ducha::checklist::load(None).expect("the official checklist loads"))
}

pub const SCHOOL: &str = "name: 模糊测试小学\ncode: \"4209210099\"\ntype: primary\ntownship: 测试镇\nterm_start: 2026-09-01\nheadcounts: {students: 300, teachers: 20, left_behind: 5, special_ed: 1, migrant_applicants: 1}\nflags: {canteen: true, school_bus: true, boarding: true}\nfood_license: {number: JY1, expires: 2027-01-01}\n";

/// Evaluates a submission of these files with the official checklist.
pub fn evaluate(evidence: &ducha::evidence::Evidence) {
    let cl = official();
    let profile = ducha::profile::parse("school.yaml", SCHOOL, cl).expect("school.yaml valid");
    let _ = ducha::eval::evaluate(&ducha::eval::Input {
        checklist: cl,
        evidence,
        profile: &profile,
        inspection: None,
        self_scores: &Default::default(),
        notes: &[],
        date: ducha::date::parse("2026-09-10").expect("date"),
        date_source: "option",
        previous: None,
    });
}
