//! Deterministic file writers: identical input gives identical bytes for
//! .xlsx (fixed document properties), .csv (UTF-8, UTF-8 with BOM or
//! GB18030), .docx and .pdf (fixed timestamps, no dates) and .jpg.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};
use std::io::Write;

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Number(f64),
    /// A real date: an Excel date in workbooks, `YYYY-MM-DD` in CSV.
    Date(NaiveDate),
    /// A real date and time: an Excel date-time in workbooks,
    /// `YYYY-MM-DD HH:MM` in CSV.
    DateTime(NaiveDateTime),
}

impl Out {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Out {
        Out::Text(s.into())
    }

    /// The cell as CSV text.
    pub fn to_text(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(s) => s.clone(),
            Out::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Out::Number(n) => n.to_string(),
            Out::Date(d) => d.format("%Y-%m-%d").to_string(),
            Out::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// One worksheet: an optional title row (merged across the header width)
/// and note row above a bold, bordered header row.
#[derive(Debug, Clone, Default)]
pub struct SheetOut {
    pub name: String,
    pub title: Option<String>,
    pub note: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Out>>,
    /// Column widths in characters; empty: from the header and cell texts.
    pub widths: Vec<f64>,
}

/// The creation time written into every workbook, so that bytes repeat.
fn fixed_properties() -> Result<DocProperties, String> {
    let when = ExcelDateTime::from_ymd(2026, 1, 1)
        .and_then(|d| d.and_hms(0, 0, 0))
        .map_err(|e| e.to_string())?;
    Ok(DocProperties::new().set_creation_datetime(&when))
}

/// Formats shared by the cells of a workbook.
struct Formats {
    title: Format,
    note: Format,
    header: Format,
    cell: Format,
    date: Format,
    datetime: Format,
}

impl Formats {
    fn all(&self) -> [&Format; 6] {
        [
            &self.title,
            &self.note,
            &self.header,
            &self.cell,
            &self.date,
            &self.datetime,
        ]
    }

    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            date: cell
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            datetime: cell
                .clone()
                .set_num_format("yyyy-mm-dd hh:mm")
                .set_align(FormatAlign::Left),
            cell,
        }
    }
}

/// A workbook with one worksheet per sheet, in order.
pub fn xlsx(sheets: &[SheetOut]) -> Result<Vec<u8>, String> {
    workbook(sheets, false)
}

/// The same, with a filter on every header row (tables a clerk sorts).
/// These are the bureau's workbooks, up to 20,000 schools and hundreds of
/// thousands of rectification rows: each sheet is streamed row by row to
/// a temporary file (rust_xlsxwriter's constant-memory mode, strings
/// stored in the cells) instead of being held in memory until saved.
pub fn xlsx_filtered(sheets: &[SheetOut]) -> Result<Vec<u8>, String> {
    workbook(sheets, true)
}

fn workbook(sheets: &[SheetOut], large: bool) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    wb.set_properties(&fixed_properties()?);
    let f = Formats::new();
    if !large {
        for s in sheets {
            write_sheet(wb.add_worksheet(), s, &f, false)
                .map_err(|e| format!("工作表「{}」: {e}", s.name))?;
        }
        return wb.save_to_buffer().map_err(|e| e.to_string());
    }
    for s in sheets {
        wb.add_worksheet_with_constant_memory()
            .map_err(|e| format!("工作表「{}」: {e}", s.name))?;
    }
    // The sheets are filled in parallel. Every format is registered first,
    // in a fixed order, so that its index in the file does not depend on
    // which sheet's thread meets it first: the bytes stay reproducible.
    for fmt in f.all() {
        wb.register_format(fmt);
    }
    use rayon::prelude::*;
    wb.worksheets_mut()
        .par_iter_mut()
        .zip(sheets)
        .try_for_each(|(ws, s)| {
            write_sheet(ws, s, &f, true).map_err(|e| format!("工作表「{}」: {e}", s.name))
        })?;
    // Level 3 rather than 6: a county or province workbook is mostly
    // sheet XML, which level 3 compresses about as well in far less time.
    wb.set_zip_compression_level(3);
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// Writes one sheet; `filter` puts an autofilter on its header row.
fn write_sheet(
    ws: &mut Worksheet,
    s: &SheetOut,
    f: &Formats,
    filter: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(&s.name)?;
    let last_col = s.headers.len().max(1) as u16 - 1;
    let mut row: u32 = 0;
    for (text, fmt, height) in [(&s.title, &f.title, 28.0), (&s.note, &f.note, 30.0)] {
        let Some(text) = text else { continue };
        if last_col == 0 {
            ws.write_string_with_format(row, 0, text, fmt)?;
        } else {
            ws.merge_range(row, 0, row, last_col, text, fmt)?;
        }
        ws.set_row_height(row, height)?;
        row += 1;
    }
    for (c, h) in s.headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, h, &f.header)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    for r in &s.rows {
        row += 1;
        for (c, v) in r.iter().enumerate() {
            write_cell(ws, row, c as u16, v, f)?;
        }
    }
    for (c, w) in widths(s).into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    if filter && !s.headers.is_empty() {
        let header = s.title.is_some() as u32 + s.note.is_some() as u32;
        ws.autofilter(
            header,
            0,
            header + s.rows.len() as u32,
            s.headers.len() as u16 - 1,
        )?;
    }
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Out,
    f: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match v {
        Out::Empty => ws.write_blank(row, col, &f.cell)?,
        Out::Text(s) => ws.write_string_with_format(row, col, s, &f.cell)?,
        Out::Number(n) => ws.write_number_with_format(row, col, *n, &f.cell)?,
        Out::Date(d) => ws.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?,
        Out::DateTime(t) => {
            let dt =
                excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())?;
            ws.write_datetime_with_format(row, col, dt, &f.datetime)?
        }
    };
    Ok(())
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Column widths: as given, else the widest header or cell text (CJK
/// characters count double), between 6 and 40.
fn widths(s: &SheetOut) -> Vec<f64> {
    if !s.widths.is_empty() {
        return s.widths.clone();
    }
    let display = |t: &str| {
        t.chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
            .sum::<f64>()
    };
    (0..s.headers.len())
        .map(|c| {
            let cells = s.rows.iter().filter_map(|r| r.get(c)).map(|v| match v {
                Out::Date(_) => 10.0,
                Out::DateTime(_) => 16.0,
                v => display(&v.to_text()),
            });
            let w = cells.fold(display(&s.headers[c]), f64::max);
            (w + 2.0).clamp(6.0, 40.0)
        })
        .collect()
}

/// Text encodings of CSV files as Excel saves them on Chinese Windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark ("CSV UTF-8" in Excel).
    Utf8Bom,
    /// GB18030 (a superset of GBK; "CSV" on Chinese Windows).
    Gb18030,
}

/// A CSV file: header line, then rows; CRLF line ends as Excel writes.
pub fn csv(headers: &[String], rows: &[Vec<Out>], enc: Encoding) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(headers);
    for r in rows {
        let _ = w.write_record(r.iter().map(Out::to_text));
    }
    let utf8 = w.into_inner().unwrap_or_default();
    match enc {
        Encoding::Utf8 => utf8,
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], &utf8].concat(),
        Encoding::Gb18030 => {
            let text = String::from_utf8_lossy(&utf8);
            encoding_rs::GB18030.encode(&text).0.into_owned()
        }
    }
}

/// Escapes text for XML content and attribute values.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;

/// A paragraph of `word/document.xml`; the title is centred, bold, larger.
fn docx_paragraph(text: &str, title: bool) -> String {
    let (ppr, rpr) = if title {
        (
            r#"<w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr>"#,
            r#"<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/></w:rPr>"#,
        )
    } else {
        (
            r#"<w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="200" w:firstLine="480"/></w:pPr>"#,
            r#"<w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="24"/></w:rPr>"#,
        )
    };
    format!(
        r#"<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    )
}

fn docx_body(title: &str, paragraphs: &[String]) -> String {
    let mut body = docx_paragraph(title, true);
    for p in paragraphs {
        body.push_str(&docx_paragraph(p, false));
    }
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}"#,
            r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#,
            "</w:body></w:document>"
        ),
        body
    )
}

/// A minimal Word document: a centred title and body paragraphs.
pub fn docx(title: &str, paragraphs: &[String]) -> Result<Vec<u8>, String> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/document.xml", docx_body(title, paragraphs)),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        zip.start_file(name, opts).map_err(|e| e.to_string())?;
        zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// A PDF string for the STSong-Light font: UTF-16BE in hex. Characters
/// outside the Basic Multilingual Plane become `?`.
fn pdf_hex(line: &str) -> String {
    let mut s = String::from("<");
    for c in line.chars() {
        let u = if (c as u32) <= 0xFFFF {
            c as u32
        } else {
            '?' as u32
        };
        s.push_str(&format!("{u:04X}"));
    }
    s.push('>');
    s
}

/// A one-page A4 PDF showing the lines from the top, in the standard CJK
/// font STSong-Light (not embedded; viewers substitute a Song face). No
/// dates or ids are written, so the bytes repeat.
pub fn pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT\n/F1 14 Tf\n18 TL\n72 770 Td\n");
    for (i, l) in lines.iter().take(40).enumerate() {
        if i == 1 {
            content.push_str("/F1 11 Tf\n");
        }
        content.push_str(&format!("{} Tj T*\n", pdf_hex(l)));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [6 0 R] >>".to_string(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>".to_string(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_string(),
    ];
    pdf_file(&objects)
}

/// Numbers the objects, writes the cross-reference table and trailer.
fn pdf_file(objects: &[String]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// splitmix64: a small deterministic generator for image noise.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A small photo-like JPEG: a sky-to-ground gradient whose colours come
/// from the seed, with a darker block (a building or a board) and noise.
pub fn jpg(width: u16, height: u16, seed: u64) -> Vec<u8> {
    let mut st = seed;
    let mut pick = |lo: u64, span: u64| (lo + splitmix(&mut st) % span) as f64;
    let sky = [pick(120, 80), pick(150, 70), pick(190, 60)];
    let ground = [pick(60, 80), pick(80, 70), pick(40, 50)];
    let (bx0, bx1) = (
        pick(0, width as u64 / 2),
        pick(width as u64 / 2, width as u64 / 2 + 1),
    );
    let (by0, by1) = (
        pick(height as u64 / 5, height as u64 / 4 + 1),
        pick(height as u64 * 2 / 3, height as u64 / 4 + 1),
    );
    let (w, h) = (width.max(1) as usize, height.max(1) as usize);
    let mut data = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        let t = y as f64 / h as f64;
        for x in 0..w {
            let block =
                (x as f64) >= bx0 && (x as f64) < bx1 && (y as f64) >= by0 && (y as f64) < by1;
            for c in 0..3 {
                let base = sky[c] * (1.0 - t) + ground[c] * t;
                let v = if block { base * 0.45 + 40.0 } else { base };
                let noise = (splitmix(&mut st) % 17) as f64 - 8.0;
                data.push((v + noise).clamp(0.0, 255.0) as u8);
            }
        }
    }
    let mut out = Vec::new();
    let enc = jpeg_encoder::Encoder::new(&mut out, 80);
    // Encoding an RGB buffer of the stated size into memory cannot fail.
    let _ = enc.encode(&data, w as u16, h as u16, jpeg_encoder::ColorType::Rgb);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> SheetOut {
        SheetOut {
            name: "花名册".into(),
            title: Some("留守儿童花名册".into()),
            note: Some("填表说明".into()),
            headers: vec!["姓名".into(), "出生日期".into()],
            rows: vec![vec![
                Out::text("王小明"),
                Out::Date(NaiveDate::from_ymd_opt(2015, 3, 8).unwrap()),
            ]],
            widths: vec![],
        }
    }

    #[test]
    fn writers_repeat_their_bytes() {
        assert_eq!(xlsx(&[sheet()]).unwrap(), xlsx(&[sheet()]).unwrap());
        let d = || docx("标题", &["正文 <2026> & 年".to_string()]).unwrap();
        assert_eq!(d(), d());
        assert_eq!(jpg(64, 48, 7), jpg(64, 48, 7));
        assert_ne!(jpg(64, 48, 7), jpg(64, 48, 8));
        assert!(pdf(&["食品经营许可证".into()]).starts_with(b"%PDF-1.4"));
    }

    #[test]
    fn csv_encodings() {
        let h = vec!["姓名".to_string()];
        let rows = vec![vec![Out::text("张三")]];
        assert!(csv(&h, &rows, Encoding::Utf8Bom).starts_with(&[0xEF, 0xBB, 0xBF]));
        let gb = csv(&h, &rows, Encoding::Gb18030);
        assert_eq!(encoding_rs::GB18030.decode(&gb).0, "姓名\r\n张三\r\n");
    }

    #[test]
    fn docx_is_read_back() {
        let d = docx("2026年关爱方案", &["一、目标 & 要求".to_string()]).unwrap();
        let text = crate::evidence::text::extract("docx", &d).unwrap();
        assert!(
            text.contains("2026年关爱方案") && text.contains("一、目标 & 要求"),
            "{text}"
        );
    }
}
