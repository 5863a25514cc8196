//! Reading tables as schools save them: encodings, title rows, merged
//! cells, Excel dates, empty sheets, YAML and JSON records.

use crate::common::*;
use ducha::result::Status;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADER: [&str; 5] = ["学生姓名", "出生日期", "联系电话", "类别", "分数"];

fn gb18030(s: &str) -> Vec<u8> {
    let (b, _, _) = encoding_rs::GB18030.encode(s);
    b.into_owned()
}

#[test]
fn csv_in_gb18030_and_utf8_with_bom() {
    let text = "学生姓名,出生日期,联系电话,类别,分数\n王小明,2016-3-8,13812345678,甲,90\n李娜,2015/10/1,13812345679,乙,80\n";
    let gb = gb18030(text);
    assert!(std::str::from_utf8(&gb).is_err(), "really GB18030 bytes");
    let bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
    for bytes in [gb, bom] {
        let r = eval_mem(&[("花名册.csv", &bytes)]);
        let i = item(&r, "a.rows");
        assert_eq!(i.status, Status::Pass, "{:?}", i.findings);
        assert_eq!(
            item(&r, "a.count").status,
            Status::Fail,
            "two rows read, left_behind is 2: only the visits are missing"
        );
        assert_eq!(codes(item(&r, "a.count")), ["no-visits"]);
    }
}

/// A workbook with a merged title row, a note row, the header on row 3,
/// a real Excel date, a merged class cell and a phone stored as a number.
fn roster_xlsx(empty_first_sheet: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    if empty_first_sheet {
        wb.add_worksheet().set_name("说明").unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        4,
        "测试小学留守儿童花名册(2026年秋)",
        &Format::new(),
    )
    .unwrap();
    ws.write(1, 0, "填表说明:每人一行").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write(3, 0, "王小明").unwrap();
    ws.write_datetime_with_format(3, 1, ExcelDateTime::from_ymd(2016, 3, 8).unwrap(), &date)
        .unwrap();
    ws.write(3, 2, 13812345678.0).unwrap();
    ws.merge_range(3, 3, 4, 3, "甲", &Format::new()).unwrap();
    ws.write(3, 4, 90).unwrap();
    ws.write(4, 0, "李娜").unwrap();
    ws.write(4, 1, "2015年10月1日").unwrap();
    ws.write(4, 2, "0712-1234567").unwrap();
    ws.write(4, 4, 100).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_a_title_row_merged_cells_and_excel_dates() {
    let r = eval_mem(&[("花名册.xlsx", &roster_xlsx(false))]);
    let i = item(&r, "a.rows");
    // Row 5 (李娜): the merged 类别 cell counts for her too; only her
    // landline fails the mobile pattern, located on its Excel row.
    assert_eq!(codes(i), ["value-invalid"], "{:?}", i.findings);
    let loc = &i.findings[0].location;
    assert_eq!(
        (loc.sheet.as_deref(), loc.row, loc.column.as_deref()),
        (Some("花名册"), Some(5), Some("C(联系电话)"))
    );
}

#[test]
fn xlsx_whose_first_sheet_is_empty() {
    let r = eval_mem(&[("花名册.xlsx", &roster_xlsx(true))]);
    assert_eq!(codes(item(&r, "a.rows")), ["value-invalid"]);

    let mut wb = Workbook::new();
    wb.add_worksheet();
    let empty = wb.save_to_buffer().unwrap();
    let r = eval_mem(&[("花名册.xlsx", &empty)]);
    let i = item(&r, "a.rows");
    assert_eq!(codes(i), ["table-header-missing"]);
    assert_eq!(i.status, Status::Fail);
}

#[test]
fn a_corrupt_workbook_makes_the_item_an_error_and_others_still_evaluate() {
    let r = eval_mem(&[
        ("花名册.xlsx", b"PK\x03\x04 not really a workbook"),
        ("工作计划.txt", b"x"),
        ("关爱方案.txt", "2026年".as_bytes()),
    ]);
    let i = item(&r, "a.rows");
    assert_eq!(i.status, Status::Error);
    assert!(i.note.contains("花名册.xlsx"), "{}", i.note);
    assert_eq!(item(&r, "a.files").status, Status::Pass);
}

#[test]
fn missing_columns_are_named() {
    let text = "学生姓名,联系电话,类别\n王小明,13812345678,甲\n";
    let r = eval_mem(&[("花名册.csv", text.as_bytes())]);
    let i = item(&r, "a.rows");
    assert_eq!(codes(i), ["column-missing"]);
    assert_eq!(
        i.findings[0].message,
        "「花名册.csv」没有找到「出生日期」列"
    );
    assert_eq!(i.score, 0.0);
}

#[test]
fn yaml_and_json_tables() {
    let yaml = "- {学生姓名: 王小明, 出生日期: 2016-3-8, 联系电话: '13812345678', 类别: 甲, 分数: 90}\n- {学生姓名: 李娜, 出生日期: 2015-10-01, 联系电话: '13812345679', 类别: 乙}\n";
    let r = eval_mem(&[("花名册.yaml", yaml.as_bytes())]);
    assert_eq!(
        item(&r, "a.rows").status,
        Status::Pass,
        "{:?}",
        item(&r, "a.rows").findings
    );
    let json = r#"{"rows": [{"学生姓名": "王小明", "出生日期": "2016/3/8", "联系电话": "13812345678", "类别": "甲"}]}"#;
    let r = eval_mem(&[("花名册.json", json.as_bytes())]);
    assert_eq!(item(&r, "a.rows").status, Status::Pass);
    let r = eval_mem(&[("花名册.json", b"{not json")]);
    assert_eq!(item(&r, "a.rows").status, Status::Error);
}

#[test]
fn on_disk_submission_reads_every_form() {
    let cl = mini();
    let r = ducha::pipeline::check(&fixture("submissions/mini-basic"), &cl, &Default::default())
        .unwrap();
    assert_eq!(r.date, "2026-09-10");
    assert_eq!(r.date_source, "inspection");
    let paths: Vec<&str> = r.manifest.iter().map(|m| m.path.as_str()).collect();
    assert!(paths.contains(&"食堂/从业人员.csv"), "{paths:?}");
    let m = r.manifest.iter().find(|m| m.path == "school.yaml").unwrap();
    assert_eq!(m.sha256.len(), 64);
}

/// One file two tables read (its name matches both globs): each table
/// gets its rows from the same parsed sheets, kept for the second, not
/// read once and given back before the other table is bound.
#[test]
fn a_file_read_by_two_tables_gives_both_their_rows() {
    let text = "学生姓名,出生日期,联系电话,类别,分数,日期\n王小明,2016-3-8,13812345678,甲,90,2026-09-02\n李娜,2015/10/1,13812345679,乙,80,2026-09-03\n";
    let r = eval_mem(&[("花名册与家访.csv", text.as_bytes())]);
    let i = item(&r, "a.count");
    // Two children on the roster (left_behind is 2), both visited: no
    // finding, where a table left without rows would fail count-mismatch
    // or no-visits.
    assert_eq!(i.status, Status::Pass, "{:?}", i.findings);
    let read: Vec<(&str, usize)> = r.tables.iter().map(|t| (t.id.as_str(), t.rows)).collect();
    assert!(read.contains(&("roster", 2)), "{read:?}");
    assert!(read.contains(&("visits", 2)), "{read:?}");
}
