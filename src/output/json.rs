//! The result as JSON (`ducha.result/1`, see docs/result-schema.md).

use crate::result::InspectionResult;

/// Pretty JSON with a trailing newline, phone and ID numbers masked;
/// identical inputs give identical bytes.
pub fn render(r: &InspectionResult) -> String {
    let mut s = serde_json::to_string_pretty(&crate::present::mask::masked(r))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Reads a result back, checking its schema.
pub fn parse(text: &str) -> Result<InspectionResult, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("不是有效的 JSON: {e}"))?;
    match v.get("schema").and_then(|s| s.as_str()) {
        Some(crate::result::SCHEMA) => {}
        Some(other) => {
            return Err(format!(
                "结果格式 {other} 不受支持(应为 {})",
                crate::result::SCHEMA
            ))
        }
        None => return Err("不是 ducha 的检查结果(缺少 schema)".into()),
    }
    serde_json::from_value(v).map_err(|e| format!("检查结果格式有误: {e}"))
}
