//! CSV files as Excel writes them: CRLF line ends, UTF-8, UTF-8 with a
//! byte-order mark or GB18030; identical rows give identical bytes.

use super::sheet::Out;

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
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_encodings() {
        let h = vec!["姓名".to_string()];
        let rows = vec![vec![Out::text("张三")]];
        assert!(csv(&h, &rows, Encoding::Utf8Bom).starts_with(&[0xEF, 0xBB, 0xBF]));
        let gb = csv(&h, &rows, Encoding::Gb18030);
        assert_eq!(encoding_rs::GB18030.decode(&gb).0, "姓名\r\n张三\r\n");
    }
}
