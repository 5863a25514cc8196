//! Plain text of documents, for keyword checks: .docx (the paragraphs
//! of `word/document.xml`), .txt and .md (UTF-8 or GB18030).

use super::{Format, ReadError};
use std::io::{Cursor, Read};

/// The largest `word/document.xml` read (a 300-page plan is about 5 MiB).
pub const MAX_DOCX_TEXT: u64 = 64 << 20;

/// Extensions whose text can be read.
pub const READABLE: &[&str] = &["docx", "txt", "md"];

/// Text of a document, or why it cannot be read.
pub fn extract(ext: &str, bytes: &[u8]) -> Result<String, ReadError> {
    match ext {
        "docx" => docx_text(bytes),
        "txt" | "md" => Ok(decode_text(bytes).0),
        _ => Err(ReadError::NoText {
            ext: ext.to_string(),
        }),
    }
}

/// Decodes bytes saved by Chinese Windows tools: UTF-8 (with or without
/// BOM), UTF-16 with BOM, else GB18030. Returns the text and the encoding
/// name.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 (BOM)");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, _) = encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        let (text, _, _) = enc.decode(bytes);
        return (text.into_owned(), "UTF-16");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "GB18030")
        }
    }
}

fn docx_text(bytes: &[u8]) -> Result<String, ReadError> {
    let docx = |e: &dyn std::fmt::Display| ReadError::corrupt(Format::Docx, e);
    super::archive::check_package(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| docx(&e))?;
    let mut xml = String::new();
    let body = zip
        .by_name("word/document.xml")
        .map_err(|_| ReadError::DocxWithoutBody)?;
    // Past the limit the text is not read at all, rather than cut off
    // silently (a year written after the cut would be "missing").
    if body.size() > MAX_DOCX_TEXT {
        return Err(ReadError::TooLarge {
            bytes: body.size(),
            limit: MAX_DOCX_TEXT,
        });
    }
    body.take(MAX_DOCX_TEXT)
        .read_to_string(&mut xml)
        .map_err(|e| docx(&e))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"w:t" => in_text = true,
            Ok(quick_xml::events::Event::End(e)) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => out.push('\n'),
                _ => {}
            },
            Ok(quick_xml::events::Event::Empty(e)) if e.name().as_ref() == b"w:tab" => {
                out.push('\t')
            }
            Ok(quick_xml::events::Event::Text(t)) if in_text => {
                out.push_str(&t.unescape().map_err(|e| docx(&e))?);
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Err(e) => return Err(docx(&e)),
            _ => {}
        }
    }
    Ok(out)
}
