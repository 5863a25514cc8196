//! The result as JSON (`ducha.result/1`, see docs/result-schema.md).

use crate::result::InspectionResult;
use std::io::Write;

/// Pretty JSON with a trailing newline, phone and ID numbers masked;
/// identical inputs give identical bytes.
pub fn render(r: &InspectionResult) -> String {
    let mut out = Vec::new();
    match write(r, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// The same JSON, written as it is made (a result of 100,000 children is
/// some hundred MB: not held as one string as well).
pub fn write(r: &InspectionResult, w: impl std::io::Write) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut w, &crate::present::mask::masked(r))?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Why a result file cannot be used (by `report`, `aggregate`, `batch`).
#[derive(Debug, Clone, PartialEq)]
pub enum ResultFileError {
    /// The path named does not exist.
    Missing,
    /// The file exists but cannot be read.
    Unreadable(String),
    /// Not JSON at all.
    NotJson(String),
    /// JSON, but not a ducha result (no `schema`).
    NotAResult,
    /// A ducha result of another schema version.
    Schema { found: String },
    /// A ducha result whose fields do not fit the schema.
    Malformed(String),
}

impl std::fmt::Display for ResultFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing => write!(f, "文件不存在"),
            Self::Unreadable(e) => write!(f, "无法读取: {e}"),
            Self::NotJson(e) => write!(f, "不是有效的 JSON: {e}"),
            Self::NotAResult => write!(f, "不是 ducha 的检查结果(缺少 schema)"),
            Self::Schema { found } => write!(
                f,
                "结果格式 {found} 不受支持(应为 {})",
                crate::result::SCHEMA
            ),
            Self::Malformed(e) => write!(f, "检查结果格式有误: {e}"),
        }
    }
}

impl std::error::Error for ResultFileError {}

/// Reads a result back, checking its schema.
pub fn parse(text: &str) -> Result<InspectionResult, ResultFileError> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ResultFileError::NotJson(e.to_string()))?;
    match v.get("schema").and_then(|s| s.as_str()) {
        Some(crate::result::SCHEMA) => {}
        Some(other) => {
            return Err(ResultFileError::Schema {
                found: other.to_string(),
            })
        }
        None => return Err(ResultFileError::NotAResult),
    }
    serde_json::from_value(v).map_err(|e| ResultFileError::Malformed(e.to_string()))
}
