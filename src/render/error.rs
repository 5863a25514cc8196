//! Why a PDF could not be made, kept as data until it is shown.

use std::fmt;
use std::path::PathBuf;

/// A PDF that could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum RenderError {
    /// A template is missing or does not parse (`load`), or fails while
    /// it is expanded.
    Template {
        name: String,
        load: bool,
        detail: String,
    },
    /// The data handed to the templates could not be serialised.
    Serialize { what: &'static str, detail: String },
    /// A `--font-dir` that is not a folder.
    FontDir(PathBuf),
    /// Typst rejected the generated source: its error diagnostics.
    Typeset(Vec<String>),
    /// The laid-out document could not be written as PDF.
    Export(Vec<String>),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Template {
                name,
                load: true,
                detail,
            } => write!(f, "报告模板 {name} 缺失或有误:{detail}"),
            RenderError::Template { name, detail, .. } => {
                write!(f, "报告模板 {name} 无法展开:{detail}")
            }
            RenderError::Serialize { what, detail } => write!(f, "{what}无法序列化:{detail}"),
            RenderError::FontDir(d) => write!(f, "字体目录「{}」不存在或不是目录", d.display()),
            RenderError::Typeset(d) => write!(f, "报告排版失败:{}", d.join(";")),
            RenderError::Export(d) => write!(f, "PDF 导出失败:{}", d.join(";")),
        }
    }
}

impl std::error::Error for RenderError {}
