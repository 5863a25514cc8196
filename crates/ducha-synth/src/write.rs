//! The generator's own fixed-byte writers: identical input gives identical
//! bytes for .docx and .pdf (fixed timestamps, no dates) and .jpg. Its
//! workbooks and CSV files come from the product's writers,
//! `ducha::output::xlsx` and `ducha::output::csv`.

use std::io::Write;

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

    #[test]
    fn writers_repeat_their_bytes() {
        let d = || docx("标题", &["正文 <2026> & 年".to_string()]).unwrap();
        assert_eq!(d(), d());
        assert_eq!(jpg(64, 48, 7), jpg(64, 48, 7));
        assert_ne!(jpg(64, 48, 7), jpg(64, 48, 8));
        assert!(pdf(&["食品经营许可证".into()]).starts_with(b"%PDF-1.4"));
    }

    #[test]
    fn docx_is_read_back() {
        let d = docx("2026年关爱方案", &["一、目标 & 要求".to_string()]).unwrap();
        let text = ducha::evidence::text::extract("docx", &d).unwrap();
        assert!(
            text.contains("2026年关爱方案") && text.contains("一、目标 & 要求"),
            "{text}"
        );
    }
}
