//! Issue 19: documents a bureau can sign, send and publish. The county's
//! settings (`county.yaml`) head the feedback, the notice and the county
//! bulletin; the bulletin names the schools praised and criticised, keeps
//! the schools still pending apart, and speaks of the common problems in
//! Chinese, without a child's name.

use crate::common::{ducha, root};
use ducha::aggregate::SchoolRow;
use ducha::documents::Documents;
use ducha::render::{self, PdfOptions};
use std::path::Path;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Runs `ducha VERB DIR -o PDF EXTRA…`.
fn document(verb: &str, dir: &Path, pdf: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![verb, dir.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    ducha(&args)
}

fn samples() -> std::path::PathBuf {
    root().join("samples")
}

/// The sample county's settings, as `batch samples` reads them.
fn county_docs(cl: &ducha::checklist::Checklist) -> Documents {
    let file = samples().join(ducha::documents::FILE);
    Documents::find(cl, Some(&file), &[]).expect("samples/county.yaml reads")
}

/// Every sample school checked (no PDFs), as the bureau's rows.
fn rows(
    cl: &ducha::checklist::Checklist,
) -> (Vec<SchoolRow>, Vec<ducha::result::InspectionResult>) {
    let mut rows = Vec::new();
    let mut results = Vec::new();
    for entry in ducha::batch::submissions(&samples()).unwrap() {
        let r = ducha::pipeline::check(&entry, cl, &Default::default()).unwrap();
        rows.push(SchoolRow::from_result(&r, &entry.display().to_string()));
        results.push(r);
    }
    (rows, results)
}

fn bulletin(rows: &[SchoolRow], cl: &ducha::checklist::Checklist) -> String {
    let opts = PdfOptions {
        documents: county_docs(cl),
        ..Default::default()
    };
    let out = render::summary(rows, &[], &render::grade_names(cl), &opts).unwrap();
    assert!(out.pdf.starts_with(b"%PDF-"));
    squash(&out.texts.concat())
}

#[test]
fn the_bulletin_names_schools_and_problems_in_chinese() {
    let cl = ducha::checklist::load(None).unwrap();
    let (mut rows, results) = rows(&cl);
    let t = bulletin(&rows, &cl);
    for s in [
        "澴阳县教育局",
        "澴教督〔2026〕30号",
        "关于2026年秋季开学工作督导检查情况的通报",
        "对全县7所学校（幼儿园）开展了2026年秋季开学工作督导检查",
        // 06 is a self-audit with 7 on-site items unscored: apart.
        "另有1所学校尚有现场检查项目未评分",
        "本次共汇总6所学校",
        "检查结果为优秀的学校",
        "澴阳县河口镇中心小学",
        "澴阳县城关镇中心幼儿园",
        "澴阳县第一高级中学",
        "检查结果为不合格的学校",
        "一票否决：校车驾驶人资格(第 23 条)",
        "等级待定的学校",
        "尚有7个现场检查项目",
        "存在的主要问题",
        "典型问题",
        "工作要求",
    ] {
        assert!(t.contains(&squash(s)), "the bulletin should say {s:?}");
    }
    // No English codes or ids, and no child's name.
    for r in &results {
        for i in &r.items {
            assert!(!t.contains(&i.id), "{} in the bulletin", i.id);
            for f in &i.findings {
                assert!(
                    !t.contains(f.code.as_str()) || f.code.chars().count() < 4,
                    "{} in the bulletin",
                    f.code
                );
                if let Some(child) = f.subject.as_deref().filter(|s| s.chars().count() >= 2) {
                    if i.section == "care" {
                        assert!(!t.contains(child), "{child} in the bulletin");
                    }
                }
            }
        }
    }
    // A school below the pass mark without a veto is named with its score
    // (issue 19: a school at 59.8 appeared nowhere).
    let weak = rows
        .iter_mut()
        .find(|r| r.code == results[4].school.code)
        .unwrap();
    weak.score = 59.8;
    weak.grade = "不合格".into();
    let name = weak.name.clone();
    let t = bulletin(&rows, &cl);
    let at = t.find("检查结果为不合格的学校").unwrap();
    assert!(
        t[at..].contains(&format!("{name}59.8得分59.8分，低于合格分数线")),
        "{}",
        &t[at..at + 300]
    );
}

/// A county where many schools still await their on-site points names
/// the first 30 of them and counts the rest (issue 20: 505 such schools
/// filled 20 of the bulletin's 32 pages); the workbook lists them all.
#[test]
fn the_bulletin_lists_at_most_thirty_schools_pending() {
    let cl = ducha::checklist::load(None).unwrap();
    let (rows, _) = rows(&cl);
    let pending = rows.iter().find(|r| r.pending_items > 0).unwrap().clone();
    let mut county: Vec<SchoolRow> = rows.into_iter().filter(|r| r.pending_items == 0).collect();
    for i in 0..40 {
        county.push(SchoolRow {
            name: format!("澴阳县待定第{i:02}小学"),
            code: format!("42{i:08}"),
            ..pending.clone()
        });
    }
    let t = bulletin(&county, &cl);
    let listed = (0..40)
        .filter(|i| t.contains(&format!("澴阳县待定第{i:02}小学")))
        .count();
    assert_eq!(listed, 30, "{t}");
    assert!(
        t.contains(&squash(
            "另有 10 所学校等级待定，名单见汇总表「学校汇总」。"
        )),
        "{t}"
    );
    assert!(t.contains("另有40所学校尚有现场检查项目未评分"), "{t}");
}

#[test]
fn a_county_file_is_read_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("county.yaml");
    std::fs::write(&bad, "issuer: 澴阳县教育局\nisuer_office: 督导室\n").unwrap();
    let pdf = tmp.path().join("n.pdf");
    let dir = samples().join("02-城关第二初级中学");
    let (code, _, err) = document("notice", &dir, &pdf, &["--county", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("county.yaml:2"), "{err}");
    assert!(err.contains("isuer_office"), "{err}");
    assert!(!pdf.exists(), "no partial output");
    // A good one: the notice is written, numbered as asked.
    std::fs::write(
        &bad,
        "issuer: 澴阳县教育局\nnotice_number: 澴教督改〔{year}〕{n}号\n",
    )
    .unwrap();
    let (code, stdout, err) = document(
        "notice",
        &dir,
        &pdf,
        &["--county", bad.to_str().unwrap(), "--number", "7"],
    );
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(Path::new(&pdf).is_file());
    let cl = ducha::checklist::load(None).unwrap();
    let r = ducha::pipeline::check(&dir, &cl, &Default::default()).unwrap();
    let opts = PdfOptions {
        documents: Documents::find(&cl, Some(&bad), &[]).unwrap(),
        number: Some(7),
        ..Default::default()
    };
    let t = squash(
        &render::page_texts(render::Document::Notice, &r, &opts)
            .unwrap()
            .concat(),
    );
    assert!(t.contains("澴教督改〔2026〕7号"), "{t}");
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        render::notice(&r, &opts).unwrap().pdf
    );
}

/// The batch reads the county's settings beside the submissions and
/// numbers each series without gaps over the documents issued: feedback
/// for the six visited schools (11–16; 06 was not visited, its report is
/// its self-audit), notices for the four with something to fix (11–14;
/// 04 and 07 have nothing to fix). Each written PDF
/// is byte for byte the document rendered from its result with that
/// number.
#[test]
fn batch_numbers_each_series_without_gaps() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, err) = ducha(&["batch", "samples", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(err.contains("发文设置: 使用 samples/county.yaml"), "{err}");
    // county.yaml is the county's, not a stray file.
    assert!(!stdout.contains("county.yaml"), "{stdout}");
    let cl = ducha::checklist::load(None).unwrap();
    let docs = county_docs(&cl);
    let expect = [
        ("01-河口镇中心小学", Some(11), Some(11)),
        ("02-城关第二初级中学", Some(12), Some(12)),
        ("03-桂花乡九年一贯制学校", Some(13), Some(13)),
        ("04-城关镇中心幼儿园", Some(14), None),
        ("05-澴阳县职业技术学校", Some(15), Some(14)),
        ("06-柳林乡白果村小学", None, None),
        ("07-澴阳县第一高级中学", Some(16), None),
    ];
    for (school, feedback, notice) in expect {
        let r = ducha::pipeline::read_result(&out.join(format!("results/{school}.json"))).unwrap();
        let opts = PdfOptions {
            documents: docs.clone(),
            number: feedback,
            self_audit: feedback.is_none(),
            ..Default::default()
        };
        let written = std::fs::read(out.join(format!("reports/{school}.pdf"))).unwrap();
        assert!(
            written == render::report(&r, &opts).unwrap().pdf,
            "{school}: feedback no. {feedback:?}"
        );
        let path = out.join(format!("notices/{school}.pdf"));
        match notice {
            Some(n) => {
                let opts = PdfOptions {
                    number: Some(n),
                    ..opts
                };
                assert!(
                    std::fs::read(&path).unwrap() == render::notice(&r, &opts).unwrap().pdf,
                    "{school}: notice no. {n}"
                );
            }
            None => assert!(!path.exists(), "{school} has no notice"),
        }
    }
}

/// `report` of a school no team visited is its self-audit report (said);
/// `notice` refuses it, and a school with nothing to fix.
#[test]
fn no_bureau_document_for_what_did_not_happen() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("x.pdf");
    let village = samples().join("06-柳林乡白果村小学");
    let (code, _, err) = document("report", &village, &pdf, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("生成的是学校自查报告"), "{err}");
    let cl = ducha::checklist::load(None).unwrap();
    let r = ducha::pipeline::check(&village, &cl, &Default::default()).unwrap();
    let t = squash(
        &render::page_texts(
            render::Document::Report,
            &r,
            &PdfOptions {
                self_audit: true,
                documents: county_docs(&cl),
                ..Default::default()
            },
        )
        .unwrap()
        .concat(),
    );
    // Points pending on site: no grade yet, said so.
    assert!(t.contains("尚有项目须检查组现场检查，等级待定"), "{t}");
    assert!(!t.contains("等级为合格"), "a pending school graded");
    std::fs::remove_file(&pdf).unwrap();
    let (code, _, err) = document("notice", &village, &pdf, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("没有检查组的检查记录"), "{err}");
    let kindergarten = samples().join("04-城关镇中心幼儿园");
    let (code, _, err) = document("notice", &kindergarten, &pdf, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("没有需要整改的问题"), "{err}");
    assert!(!pdf.exists());
}

/// A guardian's phone number the roster got wrong (「4731256」) is still a
/// phone number: masked in the result and in the feedback like a right
/// one.
#[test]
fn a_mistyped_phone_is_masked_in_the_feedback() {
    let cl = ducha::checklist::load(None).unwrap();
    let r = ducha::pipeline::check(
        &samples().join("02-城关第二初级中学"),
        &cl,
        &Default::default(),
    )
    .unwrap();
    let raw = serde_json::to_string(&r).unwrap();
    assert!(
        !raw.contains("4731256") && raw.contains("「473****」"),
        "the result is masked when it is made"
    );
    // A result made otherwise (a result file edited by hand) may hold the
    // number as typed: the feedback still masks it.
    let mut r = r;
    for f in r.items.iter_mut().flat_map(|i| &mut i.findings) {
        f.message = f.message.replace("「473****」", "「4731256」");
    }
    assert!(serde_json::to_string(&r).unwrap().contains("4731256"));
    let t = squash(
        &render::page_texts(
            render::Document::Report,
            &r,
            &PdfOptions {
                documents: county_docs(&cl),
                ..Default::default()
            },
        )
        .unwrap()
        .concat(),
    );
    assert!(!t.contains("4731256"), "unmasked phone in the feedback");
    assert!(t.contains("「473****」"), "masked as typed");
}
