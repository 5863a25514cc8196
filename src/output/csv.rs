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

/// A CSV file for a clerk to open in Excel or WPS: a text cell that would
/// start a formula there (`=HYPERLINK(…)` as a school's name, `+`, `-`,
/// `@`, a tab or a carriage return first) gets a leading `'`, so that it
/// shows as the text it is. Numbers stay numbers.
pub fn csv_for_spreadsheets(headers: &[String], rows: &[Vec<Out>], enc: Encoding) -> Vec<u8> {
    let safe: Vec<Vec<Out>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Out::Text(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                        Out::Text(format!("'{s}"))
                    }
                    v => v.clone(),
                })
                .collect()
        })
        .collect();
    csv(headers, &safe, enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_be_formulas_stay_text() {
        let h = vec!["学校".to_string(), "总分".to_string()];
        let rows = vec![
            vec![
                Out::text("=HYPERLINK(\"http://x\",\"点我\")"),
                Out::Number(-3.0),
            ],
            vec![Out::text("@SUM(A1)"), Out::text("河口镇中心小学")],
        ];
        let text = String::from_utf8(csv_for_spreadsheets(&h, &rows, Encoding::Utf8)).unwrap();
        assert_eq!(
            text,
            "学校,总分\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",-3\r\n'@SUM(A1),河口镇中心小学\r\n"
        );
    }

    #[test]
    fn csv_encodings() {
        let h = vec!["姓名".to_string()];
        let rows = vec![vec![Out::text("张三")]];
        assert!(csv(&h, &rows, Encoding::Utf8Bom).starts_with(&[0xEF, 0xBB, 0xBF]));
        let gb = csv(&h, &rows, Encoding::Gb18030);
        assert_eq!(encoding_rs::GB18030.decode(&gb).0, "姓名\r\n张三\r\n");
    }
}
