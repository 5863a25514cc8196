//! The words of the official documents, written from the data: the
//! heading block (issuing body, document number, title, addressee), the
//! opening paragraph, the 总体评价 paragraphs and the closing, for the
//! feedback (督导检查反馈意见), the school's self-audit report and the
//! rectification notice (限期整改通知书). Sentence patterns live in
//! `templates/labels.yaml` (group `doc`); only the choice of which
//! sentence and what fills it is made here.

use crate::documents::{number, Documents};
use crate::output::human::num;
use crate::present::Lang;
use crate::result::{InspectionResult, Status};
use serde_json::{json, Value};

/// Which document the words are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Feedback,
    SelfAudit,
    Notice,
}

/// Most item titles the 总体评价 names as main problems; the rest are
/// counted ("等 N 项").
const PROBLEMS_NAMED: usize = 8;

fn l(lang: Lang, key: &'static str) -> &'static str {
    lang.label("doc", key)
}

fn f(lang: Lang, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    lang.fill("doc", key, args)
}

/// A date as documents write it: 2026年9月17日 (ISO with `--lang en`);
/// text that is no date stays as it is.
pub fn date_words(iso: &str, lang: Lang) -> String {
    match (lang, chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")) {
        (Lang::Zh, Ok(d)) => {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        _ => iso.to_string(),
    }
}

/// The `doc` block of the view: every fixed-text piece the document's
/// template prints around the tables, already filled.
pub fn block(
    r: &InspectionResult,
    docs: &Documents,
    n: Option<u32>,
    kind: Kind,
    lang: Lang,
) -> Value {
    let year = r.date.get(..4).unwrap_or_default();
    let school = r.school.name.as_str();
    let inspection = if docs.inspection.is_empty() {
        r.checklist.title.as_str()
    } else {
        docs.inspection.as_str()
    };
    let team = r
        .inspection
        .as_ref()
        .map(|t| t.members.as_slice())
        .unwrap_or_default();
    let member = |m: &crate::inspection::Inspector| m.name.clone();
    let leader = team.first().map(member).unwrap_or_default();
    let members: Vec<String> = team.iter().skip(1).map(member).collect();
    let reply_office = if docs.office.is_empty() {
        r.school.office.clone()
    } else {
        docs.office.clone()
    };
    let date = date_words(&r.date, lang);
    let pattern = match kind {
        Kind::Notice => &docs.notice_number,
        _ => &docs.number,
    };
    let title = match kind {
        Kind::Feedback => f(
            lang,
            "feedback_title",
            &[("school", &school), ("inspection", &inspection)],
        ),
        Kind::SelfAudit => f(
            lang,
            "self_title",
            &[("school", &school), ("inspection", &inspection)],
        ),
        Kind::Notice => l(lang, "notice_title").to_string(),
    };
    json!({
        "issuer": docs.issuer,
        "number": if kind == Kind::SelfAudit { String::new() } else { number(pattern, year, n) },
        "title": title,
        "short_title": l(lang, match kind { Kind::Feedback => "feedback_short", Kind::SelfAudit => "self_short", Kind::Notice => "notice_title" }),
        "to": match kind {
            Kind::SelfAudit => f(lang, "to", &[("who", &docs.issuer)]),
            _ => f(lang, "to", &[("who", &school)]),
        },
        "team": docs.team,
        "leader": leader,
        "members": members,
        "date": date,
        "reply_office": reply_office,
        "contact": docs.contact,
        "opening": opening(r, docs, inspection, kind, lang),
        "overall": overall(r, kind, lang),
        "closing": closing(r, &reply_office, kind, lang),
        "signer": match kind { Kind::SelfAudit => school.to_string(), _ => docs.issuer.clone() },
    })
}

fn opening(
    r: &InspectionResult,
    docs: &Documents,
    inspection: &str,
    kind: Kind,
    lang: Lang,
) -> String {
    let date = date_words(&r.date, lang);
    let files = r.manifest.len();
    match kind {
        Kind::SelfAudit => f(
            lang,
            "self_opening",
            &[
                ("issuer", &docs.issuer),
                ("inspection", &inspection),
                ("date", &date),
                ("files", &files),
            ],
        ),
        Kind::Notice => f(
            lang,
            "notice_opening",
            &[
                ("issuer", &docs.issuer),
                ("inspection", &inspection),
                ("date", &date),
            ],
        ),
        Kind::Feedback => {
            let team = r
                .inspection
                .as_ref()
                .map(|t| t.members.as_slice())
                .unwrap_or_default();
            let who = match team {
                [] => String::new(),
                [leader] => f(lang, "who_leader", &[("leader", &leader.name)]),
                [leader, rest @ ..] => f(
                    lang,
                    "who_team",
                    &[
                        ("leader", &leader.name),
                        (
                            "members",
                            &rest
                                .iter()
                                .map(|m| m.name.as_str())
                                .collect::<Vec<_>>()
                                .join(lang.label("pdf", "list_sep")),
                        ),
                    ],
                ),
            };
            let onsite = r.items.iter().filter(|i| i.onsite.is_some()).count();
            let onsite = if onsite > 0 {
                f(lang, "onsite_part", &[("n", &onsite)])
            } else {
                String::new()
            };
            let team_name = if docs.team.is_empty() {
                docs.issuer.clone()
            } else {
                docs.team.clone()
            };
            f(
                lang,
                "feedback_opening",
                &[
                    ("issuer", &docs.issuer),
                    ("inspection", &inspection),
                    ("date", &date),
                    ("team", &team_name),
                    ("who", &who),
                    ("files", &files),
                    ("onsite", &onsite),
                ],
            )
        }
    }
}

/// The 总体评价 paragraphs: veto items first, then the score and grade,
/// the items by result, what is still pending, what went well, the main
/// problems, last term's problems, the school's own scores.
fn overall(r: &InspectionResult, kind: Kind, lang: Lang) -> Vec<String> {
    let s = &r.summary;
    let sep = lang.label("pdf", "list_sep");
    let title_of = |id: &str| {
        r.items
            .iter()
            .find(|i| i.id == id)
            .map_or(id.to_string(), |i| i.title.clone())
    };
    let mut out = Vec::new();
    let own = kind == Kind::SelfAudit;
    let score = num(s.score);
    let (applicable, earned) = (num(s.applicable), num(s.earned));
    if !s.vetoed.is_empty() {
        let items: Vec<String> = s.vetoed.iter().map(|v| title_of(v)).collect();
        out.push(f(
            lang,
            if own { "self_veto" } else { "veto" },
            &[
                ("items", &items.join(sep)),
                ("score", &score),
                ("grade", &s.grade),
            ],
        ));
    } else {
        out.push(f(
            lang,
            // With on-site points pending the grade is not final: the
            // sentence says the score so far, the pending one the range.
            match (own, s.pending.items > 0) {
                (true, false) => "self_score",
                (true, true) => "self_score_so_far",
                (false, false) => "score",
                (false, true) => "score_so_far",
            },
            &[
                ("score", &score),
                ("applicable", &applicable),
                ("earned", &earned),
                ("grade", &s.grade),
            ],
        ));
    }
    let parts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|st| {
            let n = s.counts.get(st).copied().unwrap_or(0);
            (n > 0).then(|| {
                f(
                    lang,
                    "count_part",
                    &[("status", &lang.status(*st)), ("n", &n)],
                )
            })
        })
        .collect();
    out.push(f(
        lang,
        "counts",
        &[("n", &r.items.len()), ("parts", &parts.join(sep))],
    ));
    if s.pending.items > 0 {
        out.push(crate::present::fill_pending(
            lang, "doc", "pending", &s.pending,
        ));
    }
    // Sections where every applicable item passed.
    let good: Vec<&str> = r
        .sections
        .iter()
        .filter(|sec| sec.max > 0.0 && sec.score + 1e-9 >= sec.max)
        .filter(|sec| {
            r.items.iter().filter(|i| i.section == sec.id).all(|i| {
                !matches!(
                    i.status,
                    Status::Fail | Status::Partial | Status::Error | Status::Pending
                )
            })
        })
        .map(|sec| lang.section_title(sec))
        .collect();
    if !good.is_empty() {
        out.push(f(lang, "good", &[("sections", &good.join(sep))]));
    }
    // Main problems: veto items, failed, unreadable, then partly met.
    let rank = |st: Status, vetoed: bool| match (vetoed, st) {
        (true, _) => 0,
        (_, Status::Fail) => 1,
        (_, Status::Error) => 2,
        _ => 3,
    };
    let mut short: Vec<(usize, usize, &str)> = r
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            matches!(i.status, Status::Fail | Status::Partial | Status::Error) || i.vetoed
        })
        .map(|(k, i)| (rank(i.status, i.vetoed), k, i.title.as_str()))
        .collect();
    short.sort();
    if !short.is_empty() {
        let names: Vec<String> = short
            .iter()
            .take(PROBLEMS_NAMED)
            .map(|(_, _, t)| f(lang, "quoted", &[("t", t)]))
            .collect();
        let mut items = names.join(sep);
        if short.len() > PROBLEMS_NAMED {
            items.push_str(&f(lang, "and_more", &[("n", &short.len())]));
        }
        out.push(f(
            lang,
            if own { "self_problems" } else { "problems" },
            &[("items", &items), ("n", &short.len())],
        ));
    }
    if let Some(fu) = &r.followup {
        if !fu.items.is_empty() {
            out.push(f(
                lang,
                "followup",
                &[
                    ("date", &date_words(&fu.previous_date, lang)),
                    ("counts", &crate::present::followup::counts(fu, lang)),
                ],
            ));
        }
    }
    if let Some(a) = &s.self_assessment {
        let args: [(&str, &dyn std::fmt::Display); 5] = [
            ("n", &a.items),
            ("self", &num(a.self_score)),
            ("eval", &num(a.evaluated)),
            ("over", &num(a.over)),
            ("k", &a.over_items),
        ];
        if !own {
            out.push(lang.fill(
                "pdf",
                if a.over > 1e-9 {
                    "self_over"
                } else {
                    "self_fair"
                },
                &args,
            ));
        }
    }
    out
}

fn closing(r: &InspectionResult, office: &str, kind: Kind, lang: Lang) -> String {
    let any = !r.rectifications.is_empty();
    match (kind, any) {
        (Kind::SelfAudit, true) => l(lang, "self_closing").to_string(),
        (Kind::SelfAudit, false) => l(lang, "self_closing_none").to_string(),
        (Kind::Notice, _) => f(lang, "notice_closing", &[("office", &office)]),
        (Kind::Feedback, true) => f(lang, "closing", &[("office", &office)]),
        (Kind::Feedback, false) => l(lang, "closing_none").to_string(),
    }
}
