//! PDF rendering as users see it: the generated Typst source (snapshots),
//! the three PDFs, escaping of school-written text, masking, reproducible
//! bytes and warnings about characters no font has.
//!
//! Text checks read the laid-out document (`render::page_texts`: the text
//! runs Typst shaped, before PDF export) rather than the PDF, whose text is
//! CID-encoded and compressed. The PDF's text layer is written from those
//! same runs.

use ducha::render::{self, Document, PdfOptions};
use ducha::result::InspectionResult;

fn sample() -> InspectionResult {
    serde_json::from_str(include_str!("../fixtures/results/sample.json"))
        .expect("sample.json is a valid result")
}

/// The official checklist's document settings (县教育局, no number).
fn zh() -> PdfOptions {
    let cl = ducha::checklist::load(None).expect("official checklist");
    PdfOptions {
        documents: ducha::documents::Documents::of(&cl, None),
        ..PdfOptions::default()
    }
}

/// A county's settings, as `county.yaml` gives them, and the 12th number.
fn county() -> PdfOptions {
    let cl = ducha::checklist::load(None).expect("official checklist");
    let raw = ducha::checklist::raw::Documents {
        issuer: Some("澴阳县教育局".into()),
        office: Some("澴阳县人民政府教育督导室".into()),
        team: Some("澴阳县教育局督导检查组".into()),
        inspection: Some("2026年秋季开学工作督导检查".into()),
        number: Some("澴教督〔{year}〕{n}号".into()),
        notice_number: Some("澴教督改〔{year}〕{n}号".into()),
        contact: Some("联系人:王老师,电话 0712-4321000".into()),
        ..Default::default()
    };
    PdfOptions {
        documents: ducha::documents::Documents::of(
            &cl,
            Some((&raw, std::path::Path::new("county.yaml"))),
        ),
        number: Some(12),
        ..PdfOptions::default()
    }
}

fn audit_opts() -> PdfOptions {
    PdfOptions {
        self_audit: true,
        ..zh()
    }
}

/// All text of a document with whitespace removed, so that line breaks
/// inside a sentence do not matter.
fn text(doc: Document, r: &InspectionResult, opts: &PdfOptions) -> String {
    let pages = render::page_texts(doc, r, opts).expect("document compiles");
    squash(&pages.concat())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(&squash(needle)),
        "text should contain {needle:?}"
    );
}

mod fixture {
    use super::*;

    #[test]
    fn sample_round_trips() {
        let raw: serde_json::Value =
            serde_json::from_str(include_str!("../fixtures/results/sample.json")).unwrap();
        let again = serde_json::to_value(sample()).unwrap();
        assert_eq!(raw, again);
        let r = sample();
        assert_eq!(r.schema, ducha::result::SCHEMA);
        assert_eq!(r.sections.len(), 6);
        assert_eq!(r.manifest.len(), 15);
    }
}

mod source {
    use super::*;

    #[test]
    fn report_zh() {
        insta::assert_snapshot!(render::report_source(&sample(), &zh()).unwrap());
    }

    #[test]
    fn self_audit_zh() {
        let opts = audit_opts();
        insta::assert_snapshot!(render::report_source(&sample(), &opts).unwrap());
    }

    #[test]
    fn sheet_zh() {
        insta::assert_snapshot!(render::sheet_source(&sample(), &zh()).unwrap());
    }

    #[test]
    fn report_en() {
        let opts = PdfOptions {
            lang: ducha::present::Lang::En,
            ..zh()
        };
        insta::assert_snapshot!(render::report_source(&sample(), &opts).unwrap());
    }

    #[test]
    fn holds_no_data() {
        let mut r = sample();
        r.school.name = "独一无二的校名".into();
        for doc in [
            render::report_source(&r, &zh()).unwrap(),
            render::sheet_source(&r, &zh()).unwrap(),
        ] {
            assert!(!doc.contains("独一无二"));
            assert!(doc.contains(r#"json("/data.json")"#));
        }
    }

    /// Typst keys every memoized layout by the styles in force, so a set or
    /// show rule holding a school's value (its name in the PDF title or the
    /// running header) would keep anything laid out for one school from
    /// serving the next, and a batch would lay out every report from
    /// scratch.
    #[test]
    fn style_rules_hold_no_school_data() {
        let r = sample();
        let self_audit = audit_opts();
        let word = regex::Regex::new(r"\bdata\b").unwrap();
        for doc in [
            render::report_source(&r, &zh()).unwrap(),
            render::report_source(&r, &self_audit).unwrap(),
            render::sheet_source(&r, &zh()).unwrap(),
        ] {
            let rules = style_rules(&doc);
            assert!(rules.iter().any(|r| r.starts_with("#set page(")));
            for rule in rules {
                assert!(!word.is_match(&rule), "a style rule reads data: {rule}");
            }
        }
    }

    /// The top-level `#set` and `#show` rules of a source, each with its
    /// bracketed arguments (which may span lines).
    fn style_rules(source: &str) -> Vec<String> {
        let mut rules = Vec::new();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if !(line.starts_with("#set ") || line.starts_with("#show ")) {
                continue;
            }
            let mut rule = line.to_string();
            let depth = |s: &str| {
                s.chars().fold(0i32, |d, c| match c {
                    '(' | '[' | '{' => d + 1,
                    ')' | ']' | '}' => d - 1,
                    _ => d,
                })
            };
            while depth(&rule) > 0 {
                match lines.next() {
                    Some(next) => {
                        rule.push('\n');
                        rule.push_str(next);
                    }
                    None => break,
                }
            }
            rules.push(rule);
        }
        rules
    }
}

mod smoke {
    use super::*;

    /// Issue 19: the inspection report is the bureau's 督导检查反馈意见:
    /// issuing body, number, title naming the school, addressee, team with
    /// its leader, 总体评价 written from the data, problems by section with
    /// their evidence, the rectification list, signatures and seals; item
    /// ids only in the appendix.
    #[test]
    fn report() {
        let r = sample();
        let opts = county();
        let out = render::report(&r, &opts).unwrap();
        assert!(out.pdf.starts_with(b"%PDF-"));
        assert!((3..=8).contains(&out.pages), "{} pages", out.pages);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let t = text(Document::Report, &r, &opts);
        for s in [
            "澴阳县教育局",
            "澴教督〔2026〕12号",
            "关于青山镇中心小学2026年秋季开学工作督导检查情况的反馈意见",
            "青山镇中心小学：",
            "2026年9月5日，澴阳县教育局督导检查组（组长：王建国，成员：刘芳）到你校开展督导检查，查阅了学校提交的15份材料",
            "一、总体评价",
            "你校从业人员健康证明未达到要求，属一票否决项",
            "另有7个现场检查项目（18分）尚未评分",
            "存在的主要问题是：",
            "二、存在的问题",
            "（一）留守儿童关爱工程",
            "从业人员「赵师傅」健康证有效期至 2026-07-31,已过期",
            "留守儿童/留守儿童花名册.xlsx 工作表「Sheet1」第 5 行 F(性格特点) 列",
            "三、整改要求",
            "2026年9月8日",
            "报送澴阳县人民政府教育督导室",
            "检查组组长（签字）",
            "学校负责人（签字）",
            "（盖章）",
            "附件1：检查项目得分表",
            "附件2：证据材料清单（共15个文件）",
            &r.manifest[3].sha256[..12],
            "第 1 页 共",
        ] {
            assert_contains(&t, s);
        }
        assert!(!t.contains("自查"));
        // No English in the body: item ids, the checklist id, the tool and
        // the inspection sheet's line come before the appendix nowhere.
        let body = &t[..t.find("附件1：").expect("the appendix")];
        for id in r.items.iter().map(|i| i.id.as_str()).chain([
            r.checklist.id.as_str(),
            "ducha",
            "inspection.yaml:",
        ]) {
            assert!(!body.contains(id), "{id} in the body");
        }
        assert!(!t.contains("ducha") && !t.contains("start-of-term"));
        // The running header names the school from the second page on.
        let pages = render::page_texts(Document::Report, &r, &opts).unwrap();
        assert!(!pages[0].starts_with("青山镇中心小学"));
        assert!(pages[1].starts_with("青山镇中心小学"), "{}", pages[1]);
        // The document title names the school (set after typesetting).
        let xmp = "<rdf:li xml:lang=\"x-default\">督导检查反馈意见 青山镇中心小学</rdf:li>";
        assert!(out.pdf.windows(xmp.len()).any(|w| w == xmp.as_bytes()));
        // Without a number the clerk gets room to write one.
        let unnumbered = PdfOptions {
            number: None,
            ..county()
        };
        assert_contains(
            &text(Document::Report, &r, &unnumbered),
            "澴教督〔2026〕\u{3000}\u{3000}号",
        );
    }

    /// The self-audit report is the school's document: its title, to the
    /// bureau, the principal's signature and the school's seal; no
    /// bureau head, number or team signatures.
    #[test]
    fn self_audit() {
        let r = sample();
        let opts = PdfOptions {
            self_audit: true,
            ..county()
        };
        let out = render::report(&r, &opts).unwrap();
        assert!(out.pdf.starts_with(b"%PDF-"));
        assert!((3..=8).contains(&out.pages), "{} pages", out.pages);
        let t = text(Document::Report, &r, &opts);
        for s in [
            "青山镇中心小学2026年秋季开学工作督导检查自查报告",
            "澴阳县教育局：",
            "我校于2026年9月5日对照检查标准逐项开展了自查",
            "一、自查总体情况",
            "我校从业人员健康证明未达到要求",
            "本项待检查组现场检查",
            "整改建议",
            "整改计划",
            "校长（签字）",
            "（盖章）",
        ] {
            assert_contains(&t, s);
        }
        for s in ["检查组组长（签字）", "检查组成员", "澴教督〔", "你校"] {
            assert!(!t.contains(&squash(s)), "{s} in a self-audit");
        }
    }

    /// Issue 19: the rectification notice: each problem, what to do, the
    /// deadline (a veto item's first), a column for who is responsible,
    /// and the return slip.
    #[test]
    fn notice() {
        let r = sample();
        let opts = county();
        let out = render::notice(&r, &opts).unwrap();
        assert!(out.pdf.starts_with(b"%PDF-"));
        assert!((1..=2).contains(&out.pages), "{} pages", out.pages);
        let t = text(Document::Notice, &r, &opts);
        for s in [
            "澴阳县教育局",
            "澴教督改〔2026〕12号",
            "限期整改通知书",
            "青山镇中心小学：",
            "2026年9月5日，澴阳县教育局对你校开展了2026年秋季开学工作督导检查",
            "整改责任人",
            "2026年9月8日",
            "2026年10月1日",
            "一票否决项（红色）须立即整改",
            "联系人:王老师,电话 0712-4321000",
            "沿此线剪下",
            "限期整改通知书回执",
            "通知书文号澴教督改〔2026〕12号",
            "共8项问题",
        ] {
            assert_contains(&t, s);
        }
        for rc in &r.rectifications {
            assert_contains(&t, &rc.title);
            assert!(!t.contains(&rc.item), "{} printed", rc.item);
        }
    }

    #[test]
    fn sheet() {
        let r = sample();
        let out = render::sheet(&r, &zh()).unwrap();
        assert!(out.pdf.starts_with(b"%PDF-"));
        assert!((2..=6).contains(&out.pages), "{} pages", out.pages);
        let t = text(Document::Sheet, &r, &zh());
        for s in [
            "现场检查记录表",
            "青山镇中心小学",
            "2026-09-05",
            "safety.fire_exits",
            "逐层查看疏散通道和安全出口",
            "enrollment.teachers",
            "材料得分：3 / 4",
            "教师「周老师」未到岗,没有请假审批",
            "学校自评",
            // Issue 17: a line per member, the leader marked; the
            // school's staff present with their posts.
            "组长",
            "学校陪同人员",
            "职务",
        ] {
            assert_contains(&t, s);
        }
        // Evidence-only items are not on the form.
        assert!(!t.contains("care.roster"));
        // Every item has a box for the photo numbers and one for the
        // school's self-score (filled where the school gave one).
        let items = r
            .items
            .iter()
            .filter(|i| i.mode != ducha::checklist::Mode::Evidence)
            .count();
        assert_eq!(t.matches("照片编号").count(), items);
        assert_eq!(t.matches("学校自评").count(), items);
        assert!(!t.contains("(veto)") && !t.contains("veto"), "no English");
    }

    #[test]
    fn english_labels() {
        let r = sample();
        let opts = PdfOptions {
            lang: ducha::present::Lang::En,
            ..zh()
        };
        let t = text(Document::Report, &r, &opts);
        for s in [
            "Inspection feedback",
            "Overall assessment",
            "Annex 1: item scores",
            "Rectification",
            "Page 1 of",
            "pending on-site",
            "sheet “Sheet1”, row 5",
        ] {
            assert_contains(&t, s);
        }
        assert!(!t.contains("限期整改通知"));
        let t = text(Document::Sheet, &r, &opts);
        assert_contains(&t, "On-Site Inspection Form");
    }

    #[test]
    fn empty_result_renders() {
        let mut r = sample();
        r.items.clear();
        r.sections.clear();
        r.rectifications.clear();
        r.manifest.clear();
        r.summary.counts.clear();
        r.summary.vetoed = vec!["no.such.item".into()];
        r.inspection = None;
        r.date = "not a date".into();
        r.school.name = String::new();
        for opts in [zh(), audit_opts()] {
            let out = render::report(&r, &opts).unwrap();
            assert!(out.pdf.starts_with(b"%PDF-"));
        }
        assert!(render::sheet(&r, &zh()).unwrap().pdf.starts_with(b"%PDF-"));
        assert!(render::notice(&r, &zh()).unwrap().pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn font_dirs_add_fonts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/fonts/NotoSansCJKsc-Regular.ttf"
            ),
            dir.path().join("extra.ttf"),
        )
        .unwrap();
        std::fs::write(dir.path().join("broken.otf"), b"not a font").unwrap();
        let opts = PdfOptions {
            font_dirs: vec![dir.path().to_path_buf()],
            ..zh()
        };
        let out = render::report(&sample(), &opts).unwrap();
        assert!(out.pdf.starts_with(b"%PDF-"));
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert!(
            out.warnings[0].contains("broken.otf"),
            "{}",
            out.warnings[0]
        );
    }

    #[test]
    fn missing_font_dir_is_an_error() {
        let opts = PdfOptions {
            font_dirs: vec!["/no/such/fonts".into()],
            ..zh()
        };
        let err = render::report(&sample(), &opts).unwrap_err();
        assert_eq!(err, render::RenderError::FontDir("/no/such/fonts".into()));
        assert!(
            err.to_string().contains("字体目录「/no/such/fonts」"),
            "{err}"
        );
    }
}

mod safety {
    use super::*;

    pub const NASTY: [&str; 10] = [
        "#read(\"/etc/passwd\")",
        "*x*",
        "$ a^2 $",
        "@ref",
        "<label>",
        "]",
        "\\",
        "// x",
        "#set page(width: 1cm)",
        "\"}) #panic(\"boom\")",
    ];

    #[test]
    fn school_text_is_never_markup() {
        let mut r = sample();
        r.school.name = format!("青山镇{}小学", NASTY.join(" "));
        let item = r.items.iter_mut().find(|i| i.id == "care.roster").unwrap();
        for (f, nasty) in item.findings.iter_mut().zip(NASTY) {
            f.message = format!("问题 {nasty} 结束");
        }
        let onsite = r.items.iter_mut().find(|i| i.id == "care.home").unwrap();
        onsite.onsite = Some(ducha::result::Onsite {
            score: 1.0,
            finding: NASTY.join(" | "),
            photos: vec!["*p*.jpg".into()],
            veto: false,
        });
        r.rectifications[0].guidance = NASTY.join(" ");
        // Placeholders of labels are filled once; a value is not rescanned.
        r.school.office = "{office}{x}{n}".into();
        for doc in [Document::Report, Document::Sheet] {
            let t = text(doc, &r, &zh());
            for nasty in NASTY {
                assert_contains(&t, nasty);
            }
            assert!(!t.contains("root:"), "no file may be read");
        }
        assert_contains(&text(Document::Report, &r, &zh()), "报送{office}{x}{n}。");
        for nasty in NASTY.iter().take(3) {
            assert_contains(
                &text(Document::Report, &r, &zh()),
                &format!("问题 {nasty} 结束"),
            );
        }
        // Sheets lay out the same data; it compiles the same way.
        assert!(render::sheet(&r, &zh()).unwrap().pdf.starts_with(b"%PDF-"));
        assert!(render::notice(&r, &zh()).unwrap().pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn phones_and_ids_are_masked() {
        let r = sample();
        let t = text(Document::Report, &r, &zh());
        assert_contains(&t, "监护人电话 139****5678");
        assert_contains(&t, "420921********123X");
        assert_contains(&t, "0712-****5678");
        for raw in ["13912345678", "42092119800101123X", "0712-2345678"] {
            assert!(!t.contains(raw), "{raw} must be masked");
        }
        let t = text(Document::Sheet, &r, &zh());
        assert!(!t.contains("13912345678"));
    }
}

mod reproducible {
    use super::*;

    #[test]
    fn same_input_same_bytes() {
        let r = sample();
        let a = render::report(&r, &zh()).unwrap().pdf;
        let b = render::report(&r, &zh()).unwrap().pdf;
        assert!(a == b, "two renders differ");
        let s1 = render::sheet(&r, &zh()).unwrap().pdf;
        let s2 = render::sheet(&r, &zh()).unwrap().pdf;
        assert!(s1 == s2, "two sheets differ");
    }

    /// Layouts are reused from one school to the next (and between the
    /// threads of a batch): that must never change a byte.
    #[test]
    fn other_schools_before_change_nothing() {
        let r = sample();
        let first = render::report(&r, &zh()).unwrap().pdf;
        let mut other = sample();
        other.school.name = "柳林乡中心小学".into();
        other.school.code = "2142009999".into();
        other.rectifications.truncate(1);
        other.manifest.truncate(3);
        let o = render::report(&other, &zh()).unwrap().pdf;
        assert!(o != first);
        let again = render::report(&r, &zh()).unwrap().pdf;
        assert!(again == first, "the report changed after another school's");
        let r2 = r.clone();
        let elsewhere = std::thread::spawn(move || render::report(&r2, &zh()).unwrap().pdf)
            .join()
            .unwrap();
        assert!(elsewhere == first, "the report changed on another thread");
    }

    #[test]
    fn creation_date_is_the_inspection_date() {
        let pdf = render::report(&sample(), &zh()).unwrap().pdf;
        let needle = b"2026-09-05T08:00:00+08:00";
        assert!(
            pdf.windows(needle.len()).any(|w| w == needle),
            "XMP creation date is the result's date"
        );
    }
}

mod glyphs {
    use super::*;

    #[test]
    fn missing_glyph_is_named() {
        let mut r = sample();
        r.school.name = "青山镇㐀家小学".into();
        let out = render::report(&r, &zh()).unwrap();
        let w: Vec<&String> = out
            .warnings
            .iter()
            .filter(|w| w.contains("U+3400"))
            .collect();
        assert_eq!(w.len(), 1, "{:?}", out.warnings);
        assert!(
            w[0].contains('㐀') && w[0].contains("school.name"),
            "{}",
            w[0]
        );
    }

    #[test]
    fn missing_glyph_in_a_finding_names_the_item() {
        let mut r = sample();
        r.items[1].findings[0].message.push('㐀');
        let out = render::report(&r, &zh()).unwrap();
        assert!(
            out.warnings
                .iter()
                .any(|w| w.contains("U+3400")
                    && w.contains("items[care.roster].findings[0].message")),
            "{:?}",
            out.warnings
        );
        // The on-site form does not print evidence-only items: no warning.
        assert!(render::sheet(&r, &zh()).unwrap().warnings.is_empty());
    }
}

/// Writes the PDFs of the sample for a human to look at:
/// `DUCHA_PDF_OUT=/tmp/pdfs cargo test --test render -- --ignored`.
#[test]
#[ignore]
fn write_pdfs_for_review() {
    let Some(dir) = std::env::var_os("DUCHA_PDF_OUT") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let r = sample();
    let en = PdfOptions {
        lang: ducha::present::Lang::En,
        ..zh()
    };
    let audit = audit_opts();
    for (name, out) in [
        ("report.pdf", render::report(&r, &zh())),
        ("self-audit.pdf", render::report(&r, &audit)),
        ("sheet.pdf", render::sheet(&r, &zh())),
        ("report-en.pdf", render::report(&r, &en)),
        ("sheet-en.pdf", render::sheet(&r, &en)),
    ] {
        std::fs::write(dir.join(name), out.unwrap().pdf).unwrap();
    }
    let mut nasty = sample();
    nasty.school.name = safety::NASTY.join(" ");
    nasty.items[1].findings[0].message = safety::NASTY.join(" ");
    std::fs::write(
        dir.join("escaping.pdf"),
        render::report(&nasty, &zh()).unwrap().pdf,
    )
    .unwrap();
}

mod redaction {
    use super::*;

    /// `--redact` masks the children a finding is about, wherever the
    /// report prints their names; phones are masked either way.
    #[test]
    fn redacted_report_hides_childrens_names() {
        let cl = ducha::pipeline::load_checklist(None).unwrap();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/06-柳林乡白果村小学");
        let r = ducha::pipeline::check(&dir, &cl, &Default::default()).unwrap();
        let child = r
            .items
            .iter()
            .flat_map(|i| i.findings.iter())
            .find_map(|f| f.subject.clone())
            .expect("the village school has findings about children");
        let plain = text(Document::Report, &r, &zh());
        assert!(
            plain.contains(child.as_str()),
            "unredacted report names {child}"
        );
        let opts = PdfOptions {
            redact: true,
            ..zh()
        };
        let redacted = text(Document::Report, &r, &opts);
        assert!(
            !redacted.contains(child.as_str()),
            "redacted report still names {child}"
        );
        assert!(redacted.contains(&ducha::present::mask::mask_name(&child)));
    }
}

/// The view the templates read (`/data.json`) is the contract between
/// Rust and Typst: pinned for two samples, a primary school with an
/// inspection sheet and a kindergarten, each as the report reads it.
mod view_contract {
    use super::*;
    use ducha::pipeline::{self, CheckOptions};

    fn view(folder: &str, opts: &PdfOptions) -> serde_json::Value {
        let cl = pipeline::load_checklist(None).unwrap();
        let dir = std::path::Path::new("samples").join(folder);
        let r = pipeline::check(&dir, &cl, &CheckOptions::default()).unwrap();
        render::view_of(&r, opts)
    }

    #[test]
    fn primary_school_report_view() {
        insta::assert_json_snapshot!(view("01-河口镇中心小学", &zh()));
    }

    #[test]
    fn kindergarten_self_audit_view() {
        insta::assert_json_snapshot!(view("04-城关镇中心幼儿园", &audit_opts()));
    }
}

/// Issue 16: what goes into the PDF is bounded; the JSON keeps everything.
#[test]
fn a_pdf_lists_at_most_forty_entries_an_item_and_counts_the_rest() {
    let mut r = sample();
    let i = r
        .items
        .iter()
        .position(|i| {
            i.status == ducha::result::Status::Fail || i.status == ducha::result::Status::Partial
        })
        .unwrap_or(0);
    r.items[i].status = ducha::result::Status::Fail;
    r.items[i].findings = (0..100)
        .map(|k| ducha::result::Finding {
            code: format!("code-{k}").into(),
            message: format!("第 {k} 种问题"),
            location: Default::default(),
            subject: None,
            veto: false,
        })
        .collect();
    let id = r.items[i].id.clone();
    let v = render::view_of(&r, &zh());
    let item = v["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id.as_str())
        .unwrap();
    let f = item["findings"].as_array().unwrap();
    assert_eq!(f.len(), 41);
    assert!(
        f[40]["message"].as_str().unwrap().contains("及其他 60 条"),
        "{}",
        f[40]
    );
    let pdf = render::report(&r, &zh()).unwrap();
    assert!(pdf.pages < 20, "{} pages", pdf.pages);
}
