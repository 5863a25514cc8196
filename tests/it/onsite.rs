//! The on-site workbook (issue 17): `ducha sheet DIR -o X.xlsx` writes a
//! form an inspection team fills in Excel or WPS; `--inspection X.xlsx`
//! reads it back as the YAML sheet would be.

use crate::common::*;
use std::path::Path;

const SAMPLE: &str = "samples/01-河口镇中心小学";

/// What an inspector writes on one row of 现场评分.
struct Entry<'a> {
    score: &'a str,
    veto: &'a str,
    finding: &'a str,
    photos: &'a str,
}

/// The generated form's item ids, by row (0-based), from 现场评分.
fn form_ids(form: &Path) -> Vec<(usize, String)> {
    let sheets = ducha::evidence::table::parse("xlsx", &std::fs::read(form).unwrap()).unwrap();
    let scores = sheets
        .iter()
        .find(|s| s.name.as_deref() == Some("现场评分"))
        .expect("a 现场评分 sheet");
    scores
        .rows
        .iter()
        .enumerate()
        .skip(2)
        .filter_map(|(i, r)| r.first().map(|c| (i, c.text())))
        .filter(|(_, id)| !id.is_empty())
        .collect()
}

/// The form filled in by a second writer (rust_xlsxwriter from scratch,
/// as a spreadsheet program saving it again would): the team, the date,
/// and per item id what `fill` gives.
fn filled(
    form: &Path,
    out: &Path,
    date: Option<&str>,
    fill: &dyn Fn(&str) -> Option<Entry<'static>>,
) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = team_and_score_sheets(&mut wb, date, None);
    for (row, id) in form_ids(form) {
        let row = row as u32;
        ws.write(row, 0, id.as_str()).unwrap();
        if let Some(e) = fill(&id) {
            match e.score.parse::<f64>() {
                Ok(n) => ws.write(row, 5, n).unwrap(),
                Err(_) => ws.write(row, 5, e.score).unwrap(),
            };
            ws.write(row, 6, e.veto).unwrap();
            ws.write(row, 7, e.finding).unwrap();
            ws.write(row, 8, e.photos).unwrap();
        }
    }
    wb.save(out).unwrap();
}

/// A second writer's 检查组 (the date, two members; the school the form
/// was made for in B2:C2 when given) and the 现场评分 sheet with its 得分
/// header, returned to be filled.
fn team_and_score_sheets<'a>(
    wb: &'a mut rust_xlsxwriter::Workbook,
    date: Option<&str>,
    made_for: Option<(&str, &str)>,
) -> &'a mut rust_xlsxwriter::Worksheet {
    let team = wb.add_worksheet();
    team.set_name("检查组").unwrap();
    if let Some((name, code)) = made_for {
        team.write(1, 1, name).unwrap();
        team.write(1, 2, format!("学校标识码 {code}")).unwrap();
    }
    if let Some(d) = date {
        team.write(2, 1, d).unwrap();
    }
    team.write(5, 0, "组长").unwrap();
    team.write(5, 1, "张建华").unwrap();
    team.write(5, 2, "澴阳县教育局基础教育科").unwrap();
    team.write(6, 1, "李红梅").unwrap();
    team.write(6, 2, "澴阳县教育局安全管理股").unwrap();
    // 学校陪同人员: the header in row 15, the first of three rows in 16.
    team.write(15, 1, "王立新").unwrap();
    team.write(15, 2, "副校长").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("现场评分").unwrap();
    ws.write(1, 5, "得分").unwrap();
    ws
}

/// The sample's inspection.yaml, as an inspector would fill the form.
fn as_in_the_sample(id: &str) -> Option<Entry<'static>> {
    let e = |score, finding, photos| {
        Some(Entry {
            score,
            veto: "",
            finding,
            photos,
        })
    };
    match id {
        "care.home" => e("3", "", "照片/留守儿童之家.jpg"),
        "enrollment.teachers" => e("4", "", ""),
        "enrollment.lesson_prep" => e("3", "", ""),
        "safety.fire_exits" => Some(Entry {
            score: "2",
            veto: "否",
            finding: "",
            photos: "照片/疏散通道.jpg",
        }),
        "safety.facilities" => e("3", "", ""),
        "safety.environment" => e(
            "1.5",
            "二楼男生厕所有异味,保洁不到位,已要求当天整改",
            "照片/二楼男厕.jpg、照片/校园环境.jpg",
        ),
        "food.kitchen" => e("1", "", "照片/食堂后厨.jpg, 照片/留样柜.jpg"),
        _ => None,
    }
}

fn check_with(sub: &Path, sheet: &Path) -> (i32, String, String) {
    ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--inspection",
        sheet.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-09-15",
    ])
}

/// A copy of the sample without its inspection sheet, and the form for it.
/// The inspectors' photos live with their record: beside the form in
/// `dir/照片`, not in the school's folder.
fn form_for_sample(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let sub = dir.join("s");
    crate::cli::copy_dir(&root().join(SAMPLE), &sub);
    std::fs::remove_file(sub.join("inspection.yaml")).unwrap();
    std::fs::rename(sub.join("照片"), dir.join("照片")).unwrap();
    let form = dir.join("现场检查记录表.xlsx");
    let (code, out, err) = ducha(&[
        "sheet",
        sub.to_str().unwrap(),
        "-o",
        form.to_str().unwrap(),
        "--date",
        "2026-09-15",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    (sub, form)
}

#[test]
fn a_filled_workbook_gives_the_result_of_the_equivalent_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let (sub, form) = form_for_sample(dir.path());
    let ids: Vec<String> = form_ids(&form).into_iter().map(|(_, id)| id).collect();
    // One row per applicable on-site item: the sample scores all of them.
    for id in ["care.home", "safety.fire_exits", "food.kitchen"] {
        assert!(ids.iter().any(|i| i == id), "{ids:?}");
    }
    assert!(
        !ids.iter().any(|i| i == "care.roster"),
        "evidence-only items have no row"
    );
    let sheet = dir.path().join("已填写.xlsx");
    filled(&form, &sheet, Some("2026-09-15"), &as_in_the_sample);
    let (code_x, out_x, err_x) = check_with(&sub, &sheet);
    // The sample's YAML sheet, kept beside the form and its photos.
    let yaml = dir.path().join("inspection.yaml");
    std::fs::copy(root().join(SAMPLE).join("inspection.yaml"), &yaml).unwrap();
    let (code_y, out_y, err_y) = check_with(&sub, &yaml);
    assert_eq!(code_x, code_y, "{err_x}{err_y}");
    let x = ducha::output::json::parse(&out_x).unwrap_or_else(|e| panic!("{e}: {err_x}"));
    let y = ducha::output::json::parse(&out_y).unwrap();
    assert_eq!(x.summary.score, y.summary.score);
    assert_eq!(x.summary.grade, y.summary.grade);
    for (a, b) in x.items.iter().zip(&y.items) {
        assert_eq!((&a.id, a.status, a.score), (&b.id, b.status, b.score));
        let (oa, ob) = (a.onsite.as_ref(), b.onsite.as_ref());
        assert_eq!(
            oa.map(|o| (&o.finding, &o.photos, o.veto)),
            ob.map(|o| (&o.finding, &o.photos, o.veto)),
            "{}",
            a.id
        );
    }
    let team = x.inspection.as_ref().unwrap();
    assert_eq!(team.members[0].name, "张建华");
    assert_eq!(team.visit_date.as_deref(), Some("2026-09-15"));
    assert_eq!(
        (team.staff[0].name.as_str(), team.staff[0].post.as_str()),
        ("王立新", "副校长")
    );
    // The photos are the inspection's: listed with it, hashed, each with
    // the items it shows, and not among the school's files.
    let photos: Vec<(&str, &[String])> = team
        .photos
        .iter()
        .map(|p| (p.path.as_str(), p.items.as_slice()))
        .collect();
    assert_eq!(photos.len(), 6, "{photos:?}");
    assert!(photos.contains(&("照片/疏散通道.jpg", &["safety.fire_exits".to_string()][..])));
    assert!(team
        .photos
        .iter()
        .all(|p| !p.in_submission && p.sha256.len() == 64));
    assert_eq!(team.photos, y.inspection.as_ref().unwrap().photos);
    assert!(
        !x.manifest.iter().any(|m| m.path.starts_with("照片/")),
        "photos are not school evidence"
    );
}

/// The sheet kept in the school's folder (`inspection.yaml`) finds its
/// photos there; they are still listed with the inspection, and `verify`
/// still knows them.
#[test]
fn photos_beside_a_sheet_kept_in_the_submission_are_the_inspections() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("s");
    crate::cli::copy_dir(&root().join(SAMPLE), &sub);
    let (code, out, err) = ducha(&[
        "check",
        sub.to_str().unwrap(),
        "--format",
        "json",
        "--date",
        "2026-09-15",
    ]);
    assert_eq!(code, 1, "{err}");
    let r = ducha::output::json::parse(&out).unwrap();
    let team = r.inspection.as_ref().unwrap();
    assert!(!team.photos.is_empty());
    assert!(team.photos.iter().all(|p| p.in_submission));
    assert!(!r.manifest.iter().any(|m| m.path.starts_with("照片/")));
    let result = dir.path().join("r.json");
    std::fs::write(&result, &out).unwrap();
    let (code, out, err) = ducha(&["verify", result.to_str().unwrap(), sub.to_str().unwrap()]);
    assert_eq!(code, 0, "the photos were there when inspected: {out}{err}");
    // A photo changed since is a change to the submission.
    std::fs::write(sub.join(&team.photos[0].path), b"another photo").unwrap();
    let (code, out, _) = ducha(&["verify", result.to_str().unwrap(), sub.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&team.photos[0].path), "{out}");
}

#[test]
fn mistakes_in_the_workbook_name_their_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (sub, form) = form_for_sample(dir.path());
    let row_of = |id: &str| {
        form_ids(&form)
            .into_iter()
            .find(|(_, i)| i == id)
            .map(|(r, _)| r + 1)
            .unwrap()
    };
    let sheet = dir.path().join("错.xlsx");
    filled(&form, &sheet, Some("2026-09-15"), &|id| match id {
        "care.home" => Some(Entry {
            score: "5",
            veto: "",
            finding: "",
            photos: "",
        }),
        "enrollment.teachers" => Some(Entry {
            score: "四",
            veto: "",
            finding: "",
            photos: "",
        }),
        "enrollment.lesson_prep" => Some(Entry {
            score: "3",
            veto: "是",
            finding: "",
            photos: "",
        }),
        "food.kitchen" => Some(Entry {
            score: "1",
            veto: "",
            finding: "",
            photos: "照片/没有这张.jpg",
        }),
        _ => None,
    });
    let (code, _, err) = check_with(&sub, &sheet);
    assert_eq!(code, 2, "{err}");
    for want in [
        format!("现场评分!F{}: 得分 5 超过满分 3", row_of("care.home")),
        format!(
            "现场评分!F{}: 得分「四」不是数字",
            row_of("enrollment.teachers")
        ),
        format!(
            "现场评分!G{}: `enrollment.lesson_prep`",
            row_of("enrollment.lesson_prep")
        ),
        format!(
            "现场评分!I{}: 照片「照片/没有这张.jpg」不在记录表所在的文件夹「{}」中(照片的路径从记录表所在的文件夹算起)",
            row_of("food.kitchen"),
            dir.path().display()
        ),
    ] {
        assert!(err.contains(&want), "{want}\n{err}");
    }
    assert!(err.contains("错.xlsx"), "{err}");

    // The form of another school is refused, naming both.
    let other = dir.path().join("别校.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        team_and_score_sheets(
            &mut wb,
            Some("2026-09-15"),
            Some(("城关镇中心幼儿园", "2142001504")),
        );
        wb.save(&other).unwrap();
    }
    let (code, _, err) = check_with(&sub, &other);
    assert_eq!(code, 2);
    assert!(
        err.contains("检查组!C2: 这份记录表是为「城关镇中心幼儿园」") && err.contains("2142003101"),
        "{err}"
    );

    let no_date = dir.path().join("无日期.xlsx");
    filled(&form, &no_date, None, &as_in_the_sample);
    let (code, _, err) = check_with(&sub, &no_date);
    assert_eq!(code, 2);
    assert!(err.contains("检查组!B3: 请填写检查日期"), "{err}");
}

/// The form's print setup, protection and validations, read from its XML.
#[test]
fn the_workbook_locks_all_but_the_cells_to_fill_and_prints_landscape() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let (_, form) = form_for_sample(dir.path());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&form).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    let team_at = workbook.find("name=\"检查组\"").unwrap();
    let scores_at = workbook.find("name=\"现场评分\"").unwrap();
    assert!(team_at < scores_at, "检查组 first");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeat"
    );
    let scores = part("xl/worksheets/sheet2.xml");
    assert!(scores.contains("<sheetProtection"), "locked");
    assert!(scores.contains("orientation=\"landscape\"") && scores.contains("paperSize=\"9\""));
    assert!(scores.contains("fitToHeight=\"0\""), "one page wide");
    // A decimal 0..满分 on each score cell, 是/否 on the veto items only.
    assert!(scores.contains("type=\"decimal\""));
    assert!(
        scores.contains("&quot;是,否&quot;") || scores.contains("\"是,否\""),
        "{}",
        &scores[..2000.min(scores.len())]
    );
}
