//! `files`: documents that must be present, of the right type, not
//! empty, and (where readable) containing the required words.

use super::{Ctx, Outcome};
use crate::checklist::{FilesRule, Glob};
use crate::result::Location;

pub fn run(r: &FilesRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome {
        units: 1,
        ..Default::default()
    };
    let patterns: Vec<&str> = r.globs.iter().map(Glob::source).collect();
    let mut good = Vec::new();
    for f in cx.evidence.matching(&r.globs) {
        if !r.extensions.is_empty() && !r.extensions.contains(&f.ext) {
            out.finding(
                "files",
                "file-type",
                format!(
                    "「{}」的文件类型不符合要求,应为 {}",
                    f.path,
                    r.extensions.join("/")
                ),
                Location::file(&f.path),
            );
        } else if r.non_empty && f.bytes == 0 {
            out.finding(
                "files",
                "file-empty",
                format!("「{}」是空文件", f.path),
                Location::file(&f.path),
            );
        } else {
            good.push(f);
        }
    }
    if good.len() < r.min {
        let msg = if r.min == 1 {
            format!("缺少「{}」(应放在 {})", r.label, patterns.join(" 或 "))
        } else {
            format!(
                "「{}」应至少 {} 份,只找到 {} 份(应放在 {})",
                r.label,
                r.min,
                good.len(),
                patterns.join(" 或 ")
            )
        };
        out.finding("files", "file-missing", msg, Location::default());
        out.blocked = true;
        return out;
    }
    if r.keywords.is_empty() {
        return out;
    }
    let ctx = cx.with([]);
    let mut texts = Vec::new();
    for f in &good {
        if crate::evidence::text::READABLE.contains(&f.ext.as_str()) {
            match f.text() {
                Ok(t) => texts.push((f, t)),
                Err(e) => return Outcome::error(format!("「{}」无法读取: {e}", f.path)),
            }
        }
    }
    for k in &r.keywords {
        let kw = match k.render(&ctx) {
            Ok(s) => s,
            Err(e) => return Outcome::error(format!("关键词「{}」无法计算: {e}", k.source)),
        };
        if !texts.is_empty() && !texts.iter().any(|(_, t)| t.contains(&kw)) {
            let names: Vec<&str> = texts.iter().map(|(f, _)| f.path.as_str()).collect();
            out.finding(
                "files",
                "keyword-missing",
                format!("「{}」中没有出现「{kw}」", names.join("、")),
                Location::file(names[0]),
            );
        }
    }
    out
}
