//! The data a PDF template lays out: the result reshaped for print (grouped
//! by section, numbers formatted, status labels in the chosen language),
//! with personal data masked. It reaches Typst as JSON through
//! the file `/data.json` of the Typst world, never as markup.

use crate::output::human::{chinese_number, num};
use crate::present::mask::mask_name;
use crate::present::Lang;
use crate::result::{Finding, InspectionResult, ItemResult, Status};
use serde_json::{json, Value};

/// How the view is built.
#[derive(Debug, Clone, Copy)]
pub struct ViewOptions {
    pub lang: Lang,
    pub self_audit: bool,
    pub redact: bool,
}

/// Keys whose strings are not personal text and are never masked: hashes,
/// and the bureau's own contact line (an office phone a school must call).
const UNMASKED_KEYS: [&str; 3] = ["sha", "ratio", "contact"];

/// Builds the view of a result. Every string in it has been through
/// [`mask`]; with `redact`, finding subjects (children's names) are masked
/// with [`mask_name`].
pub fn build(r: &InspectionResult, o: ViewOptions, doc: Value) -> Value {
    let mut v = json!({
        "doc": doc,
        "school": {
            "name": r.school.name,
            "code": r.school.code,
            "type_name": r.school.type_name,
            "township": r.school.township,
            "office": r.school.office,
            "term_start": r.school.term_start,
        },
        "checklist": {
            "id": r.checklist.id,
            "title": r.checklist.title,
            "edition": r.checklist.edition,
        },
        "date": r.date,
        // The on-site form's visit date: the inspection's, or none (a line
        // to write it on), never the day the form was printed.
        "visit_date": r.inspection.as_ref().and_then(|t| t.visit_date.clone()),
        "generator": r.generator,
        "team": r.inspection.as_ref().map(|t| t.members.iter().map(|m| json!({"name": m.name, "unit": m.unit})).collect::<Vec<_>>()).unwrap_or_default(),
        "staff": r.inspection.as_ref().map(|t| t.staff.iter().map(|m| json!({"name": m.name, "post": m.post})).collect::<Vec<_>>()).unwrap_or_default(),
        // The inspectors' photos, listed apart from the school's files.
        "photos": r.inspection.iter().flat_map(|t| &t.photos).enumerate().map(|(i, p)| json!({
            "no": (i + 1).to_string(),
            "path": p.path,
            "size": size(p.bytes),
            "sha": p.sha256.chars().take(12).collect::<String>(),
            "items": p.items.iter().map(|id| r.items.iter().find(|i| &i.id == id).map_or(id.as_str(), |i| i.title.as_str())).collect::<Vec<_>>().join(o.lang.label("pdf", "list_sep")),
        })).collect::<Vec<_>>(),
        "summary": summary(r, o.lang),
        "sections": sections(r, o),
        "details": r.items.iter().filter(|it| has_details(it, o.self_audit)).map(|it| item(it, o)).collect::<Vec<_>>(),
        "onsite": r.items.iter().filter(|it| it.mode != crate::checklist::Mode::Evidence).map(|it| item(it, o)).collect::<Vec<_>>(),
        "rectifications": r.rectifications.iter().enumerate().map(|(i, rc)| json!({
            "no": (i + 1).to_string(),
            "item": rc.item,
            "title": rc.title,
            "veto": rc.veto,
            "findings": rect_findings(r, rc, o.lang),
            "count": rc.findings.len(),
            "guidance": rc.guidance.trim(),
            "deadline": super::official::date_words(&rc.deadline, o.lang),
        })).collect::<Vec<_>>(),
        "manifest": manifest(&r.manifest, o.lang),
        "manifest_count": r.manifest.len(),
        "warnings": r.warnings,
        "followup": r.followup.as_ref().map(|f| followup(f, r, o.lang)),
    });
    if o.redact {
        let names: Vec<String> = r
            .items
            .iter()
            .flat_map(|i| {
                i.findings
                    .iter()
                    .filter_map(|f| f.subject.as_ref().map(ToString::to_string))
            })
            .collect();
        redact_subjects(&mut v, &names);
    }
    crate::present::mask::mask_json(&mut v, &UNMASKED_KEYS);
    v
}

/// Last term's findings listed per item in the PDF (the JSON has all).
const FOLLOWUP_SHOWN: usize = 4;

/// 回头看: last term's problems and what became of each, those found
/// again first.
fn followup(f: &crate::result::FollowUp, r: &InspectionResult, lang: Lang) -> Value {
    use crate::present::followup as words;
    json!({
        "heading": words::heading(f, lang),
        "edition": words::edition(f, &r.checklist, lang),
        "counts": words::counts(f, lang),
        "items": f.items.iter().enumerate().map(|(i, it)| {
            let (shown, more) = words::listed(it, FOLLOWUP_SHOWN, lang);
            json!({
                "no": (i + 1).to_string(),
                "title": it.title,
                "renamed": it.previous_item.as_ref().map(|old| lang.fill("followup", "renamed", &[("old", old)])),
                "status": it.status.key(),
                "label": lang.label("followup", it.status.key()),
                "then": format!("{} / {}", num(it.previous_score), num(it.previous_max)),
                "now": words::now(it, " / ", lang),
                "recurring": it.recurring,
                "findings": shown.iter().map(|p| json!({
                    "recurs": p.recurs,
                    "mark": words::mark(it, p, lang),
                    "message": p.message,
                })).collect::<Vec<_>>(),
                "more": more,
            })
        }).collect::<Vec<_>>(),
    })
}

fn summary(r: &InspectionResult, lang: Lang) -> Value {
    let s = &r.summary;
    let vetoed: Vec<Value> = s
        .vetoed
        .iter()
        .map(|id| {
            let title = r
                .items
                .iter()
                .find(|i| &i.id == id)
                .map(|i| i.title.as_str())
                .unwrap_or("");
            json!({"id": id, "title": title})
        })
        .collect();
    let counts: Vec<Value> = Status::ALL
        .iter()
        .filter_map(|st| {
            let n = s.counts.get(st).copied().unwrap_or(0);
            (n > 0).then(|| json!({"status": st, "mark": mark(*st), "label": lang.status(*st), "n": n.to_string()}))
        })
        .collect();
    json!({
        "score": num(s.score),
        "earned": num(s.earned),
        "applicable": num(s.applicable),
        "grade": s.grade,
        "vetoed": vetoed,
        "counts": counts,
        "pending": {
            "items": s.pending.items.to_string(),
            "points": num(s.pending.points),
            "best_score": num(s.pending.best_score),
            "best_grade": s.pending.best_grade,
            "worst_score": num(s.pending.worst_score),
            "worst_grade": s.pending.worst_grade,
        },
        "has_pending": s.pending.items > 0,
        "self_assessment": s.self_assessment.as_ref().map(|a| json!({
            "items": a.items.to_string(),
            "self_score": num(a.self_score),
            "evaluated": num(a.evaluated),
            "over": num(a.over),
            "over_items": a.over_items.to_string(),
            "over_reported": a.over > 1e-9,
        })),
    })
}

fn sections(r: &InspectionResult, o: ViewOptions) -> Vec<Value> {
    r.sections
        .iter()
        .enumerate()
        .map(|(i, sec)| {
            let ratio = if sec.max > 0.0 { (sec.score / sec.max).clamp(0.0, 1.0) } else { 0.0 };
            let items: Vec<Value> = r.items.iter().filter(|it| it.section == sec.id).map(|it| item(it, o)).collect();
            json!({
                "id": sec.id,
                "no": match o.lang { Lang::Zh => chinese_number(i + 1), Lang::En => (i + 1).to_string() },
                "title": o.lang.section_title(sec),
                "score": num(sec.score),
                "max": num(sec.max),
                "points": num(sec.points),
                "ratio": if ratio.is_finite() { ratio } else { 0.0 },
                "applicable": sec.max > 0.0,
                "items": items,
            })
        })
        .collect()
}

/// Whether an item gets a paragraph in the findings part.
fn has_details(it: &ItemResult, self_audit: bool) -> bool {
    !it.findings.is_empty()
        || it
            .onsite
            .as_ref()
            .is_some_and(|o| !o.finding.trim().is_empty())
        || matches!(
            it.status,
            Status::Fail | Status::Partial | Status::Error | Status::Waived
        )
        || (self_audit && it.status == Status::Pending)
}

fn item(it: &ItemResult, o: ViewOptions) -> Value {
    let counted = !matches!(
        it.status,
        Status::NotApplicable | Status::Waived | Status::Pending
    );
    let show_guidance = matches!(
        it.status,
        Status::Fail | Status::Partial | Status::Error | Status::Pending
    ) || !it.findings.is_empty();
    // The on-site remark is printed apart only when no finding carries it.
    let remark_is_finding = it.findings.iter().any(|f| f.code == ONSITE_CODE);
    let onsite = it.onsite.as_ref().map(|x| {
        json!({
            "score": num(x.score),
            "finding": x.finding.trim(),
            // The report prints the remark apart only when no finding
            // carries it (the on-site form always shows it).
            "apart": !remark_is_finding && !x.finding.trim().is_empty(),
            "photos": x.photos,
            "veto": x.veto,
        })
    });
    // A note that only repeats the status or the veto mark is not
    // printed twice.
    let note = {
        let note = it.note.trim();
        let repeats = note == o.lang.status(it.status)
            || note == o.lang.label("pdf", "vetoed")
            || note == crate::present::Lang::Zh.status(it.status)
            || note == crate::present::Lang::Zh.label("pdf", "vetoed");
        if repeats {
            ""
        } else {
            note
        }
    };
    let line = if counted {
        o.lang.fill(
            "doc",
            "item_line",
            &[
                ("status", &o.lang.status(it.status)),
                ("score", &num(it.score)),
                ("max", &num(it.max)),
            ],
        )
    } else {
        o.lang.fill(
            "doc",
            "item_line_na",
            &[("status", &o.lang.status(it.status))],
        )
    };
    json!({
        "id": it.id,
        "section": it.section,
        "line": line,
        "title": it.title,
        "basis": it.basis,
        "mode": it.mode,
        "veto_item": it.veto_item,
        "vetoed": it.vetoed,
        "status": it.status,
        "mark": mark(it.status),
        "status_label": o.lang.status(it.status),
        "score": if counted { num(it.score) } else { "—".to_string() },
        "max": num(it.max),
        "evidence_score": it.evidence_score.map(num),
        "self_score": it.self_score.map(num),
        // The school gave itself more than the evaluation did.
        "self_over": counted && it.self_score.is_some_and(|s| s > it.score + 1e-9),
        "onsite": onsite,
        "findings": findings(&it.findings, o.lang),
        "note": note,
        "guidance_school": if show_guidance || o.self_audit { it.guidance_school.trim() } else { "" },
        "guidance_inspector": it.guidance_inspector.trim(),
    })
}

/// The problems of a rectification entry as the notice lists them: alike
/// ones as one line naming who, when they are the item's findings.
fn rect_findings(
    r: &InspectionResult,
    rc: &crate::result::Rectification,
    lang: Lang,
) -> Vec<String> {
    let Some(it) = r.items.iter().find(|i| i.id == rc.item) else {
        return rc.findings.clone();
    };
    let mine: Vec<&str> = it.findings.iter().map(|f| f.message.as_str()).collect();
    if mine != rc.findings.iter().map(String::as_str).collect::<Vec<_>>() {
        return rc.findings.clone();
    }
    let out = crate::present::group::group(&it.findings)
        .into_iter()
        .flat_map(|g| match g.is_grouped() {
            true => vec![group_message(&g, lang)],
            false => g.findings.iter().map(|f| f.message.clone()).collect(),
        })
        .collect();
    capped(out, |more| {
        lang.fill("pdf", "more_findings", &[("n", &more)])
    })
}

/// A group's line as the PDF prints it: how many, the example, and who.
fn group_message(g: &crate::present::group::Group, lang: Lang) -> String {
    let mut line = g.line(lang);
    if let Some(who) = g.subjects(lang) {
        line.push_str(lang.label("pdf", "group_sep"));
        line.push_str(&who);
    }
    line
}

/// At most [`MAX_PDF_FINDINGS`] entries, then `more(n)` for the rest.
fn capped<T>(mut out: Vec<T>, more: impl FnOnce(usize) -> T) -> Vec<T> {
    if out.len() > MAX_PDF_FINDINGS {
        let n = out.len() - MAX_PDF_FINDINGS;
        out.truncate(MAX_PDF_FINDINGS);
        out.push(more(n));
    }
    out
}

/// The most entries an item (or a rectification entry) lists in a PDF,
/// after grouping; the rest are counted in one line ("及其他 N 条"), and
/// the JSON result keeps every one. A 100,000-row roster's report stays a
/// report (Typst needed 3.3 GB for it).
pub const MAX_PDF_FINDINGS: usize = 40;

/// The findings of an item as the report lists them: alike ones as one
/// entry naming who and where (the JSON result keeps each).
fn findings(fs: &[Finding], lang: Lang) -> Vec<Value> {
    let out = crate::present::group::group(fs)
        .into_iter()
        .flat_map(|g| match g.is_grouped() {
            true => vec![json!({
                "code": g.findings[0].code,
                "message": group_message(&g, lang),
                "location": g.places(lang),
                "veto": g.findings.iter().any(|f| f.veto),
                "subject": "",
            })],
            false => g.findings.iter().map(|f| finding(f, lang)).collect(),
        })
        .collect();
    capped(out, |more| {
        json!({
            "code": "",
            "message": lang.fill("pdf", "more_findings", &[("n", &more)]),
            "location": "",
            "veto": false,
            "subject": "",
        })
    })
}

fn finding(f: &Finding, lang: Lang) -> Value {
    // `subject` (the child a finding is about) may be added to `Finding`
    // later; reading it through serde keeps this code valid either way.
    let subject = serde_json::to_value(f)
        .ok()
        .and_then(|v| v.get("subject").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default();
    // A subject the message already names is not said twice (潘磊 潘磊的…,
    // 2026-09-09 2026-09-09 有供餐…).
    let subject = if f.message.contains(subject.trim()) {
        String::new()
    } else {
        subject
    };
    // An on-site finding is the team's own record: its place is the
    // inspection sheet's line, which says nothing to a reader.
    let location = if f.location.is_empty() || f.code == ONSITE_CODE {
        String::new()
    } else {
        lang.location(&f.location)
    };
    json!({
        "code": f.code,
        "message": f.message,
        "location": location,
        "veto": f.veto,
        "subject": subject,
    })
}

/// The code of the finding an inspector's on-site score below the points
/// adds (`eval`): its text is the on-site finding.
const ONSITE_CODE: &str = "onsite";

/// The status mark of the PDF: the terminal marks, with × for ✗ (which
/// the embedded fonts do not have).
fn mark(s: Status) -> &'static str {
    match s {
        Status::Fail => "×",
        other => other.mark(),
    }
}

/// A file size: 856 B, 12.3 KB, 4.1 MB.
/// Files of one folder listed one by one in the PDF's file list; a
/// folder with more shows its first [`FOLDER_SHOWN`] and a line for the
/// rest (a school's 20,000 growth records made a 330-page annex that
/// Typst held in memory whole). The result JSON lists every file.
const FOLDER_LISTED: usize = 20;
const FOLDER_SHOWN: usize = 10;
/// Lines of the file list at most, whatever the folders.
const MANIFEST_LINES: usize = 400;

/// The PDF's file list: a line per file, runs of one folder beyond
/// [`FOLDER_LISTED`] files cut to their first files and a line saying how
/// many more (and their size), and the list cut at [`MANIFEST_LINES`].
fn manifest(files: &[crate::result::ManifestEntry], lang: Lang) -> Vec<Value> {
    fn folder(path: &str) -> &str {
        path.rsplit_once('/').map_or("", |(d, _)| d)
    }
    // The line for files not listed: how many, their size, and where.
    let more = |key: &'static str, rest: &[crate::result::ManifestEntry], dir: &str| {
        let bytes: u64 = rest.iter().map(|m| m.bytes).sum();
        let dir = if dir.is_empty() { "." } else { dir };
        let text = lang.fill(
            "pdf",
            key,
            &[("n", &rest.len()), ("folder", &dir), ("size", &size(bytes))],
        );
        json!({ "more": text })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < files.len() {
        let dir = folder(&files[i].path);
        let run = files[i..]
            .iter()
            .take_while(|m| folder(&m.path) == dir)
            .count();
        let shown = if run > FOLDER_LISTED {
            FOLDER_SHOWN
        } else {
            run
        };
        for (k, m) in files[i..i + shown].iter().enumerate() {
            if out.len() >= MANIFEST_LINES {
                out.push(more("manifest_rest", &files[i + k..], dir));
                return out;
            }
            out.push(json!({
                "no": (i + k + 1).to_string(),
                "path": m.path,
                "size": size(m.bytes),
                "sha": m.sha256.chars().take(12).collect::<String>(),
            }));
        }
        if shown < run {
            out.push(more("manifest_more", &files[i + shown..i + run], dir));
        }
        i += run;
    }
    out
}

fn size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K {
        format!("{bytes} B")
    } else if b < K * K {
        format!("{:.1} KB", b / K)
    } else {
        format!("{:.1} MB", b / K / K)
    }
}

/// With `--redact`: the names findings are about (children) become 张**
/// in every string of the view: findings, rectification entries, notes.
/// Longer names first, so that 王小明 is masked whole before 王小.
fn redact_subjects(v: &mut Value, names: &[String]) {
    fn walk(v: &mut Value, names: &[(String, String)]) {
        match v {
            Value::String(s) => {
                for (name, masked) in names {
                    if s.contains(name.as_str()) {
                        *s = s.replace(name.as_str(), masked);
                    }
                }
            }
            Value::Object(map) => map.iter_mut().for_each(|(_, c)| walk(c, names)),
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, names)),
            _ => {}
        }
    }
    let mut pairs: Vec<(String, String)> = names
        .iter()
        .map(|n| n.trim())
        .filter(|n| crate::present::mask::is_name(n))
        .map(|n| (n.to_string(), mask_name(n)))
        .collect();
    pairs.sort_by(|a, b| {
        b.0.chars()
            .count()
            .cmp(&a.0.chars().count())
            .then(a.0.cmp(&b.0))
    });
    pairs.dedup();
    walk(v, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::ManifestEntry;

    fn files(folder: &str, n: usize) -> Vec<ManifestEntry> {
        (0..n)
            .map(|i| ManifestEntry {
                path: format!("{folder}/{i:05}.pdf"),
                bytes: 1024,
                sha256: "ab".repeat(32),
            })
            .collect()
    }

    /// A folder of up to 20 files is listed whole; a larger one shows its
    /// first 10 and one line for the rest, numbered as the JSON numbers
    /// them; and the list stops at 400 lines with a line for what is left.
    #[test]
    fn the_file_list_cuts_large_folders_and_stays_bounded() {
        let mut m = files("关爱/责任书", 20);
        m.extend(files("关爱/成长档案", 35));
        m.push(ManifestEntry {
            path: "school.yaml".into(),
            bytes: 10,
            sha256: "cd".repeat(32),
        });
        let v = manifest(&m, Lang::Zh);
        assert_eq!(v.len(), 20 + 10 + 1 + 1);
        assert_eq!(v[29]["no"], "30");
        assert_eq!(
            v[30]["more"],
            "……「关爱/成长档案」中另有 25 个文件（共 25.0 KB），逐个列在检查结果（JSON）中"
        );
        assert_eq!(v[31]["no"], "56");
        assert_eq!(v[31]["path"], "school.yaml");

        // 100 folders of 15 files: 1,500 files, 400 lines listed.
        let many: Vec<ManifestEntry> = (0..100)
            .flat_map(|f| files(&format!("成长档案/{f:03}"), 15))
            .collect();
        let v = manifest(&many, Lang::Zh);
        assert_eq!(v.len(), MANIFEST_LINES + 1);
        assert_eq!(v[399]["no"], "400");
        assert_eq!(
            v[400]["more"],
            "……另有 1100 个文件（共 1.1 MB），逐个列在检查结果（JSON）中"
        );
    }
}
