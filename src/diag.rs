//! Diagnostics: a problem in an input file with an optional position,
//! rendered as `file:line:col: message` with the offending line and a caret.

use crate::yamlpos::Pos;
use serde::Serialize;
use std::fmt;

/// One problem found in a file the user wrote (checklist, school.yaml,
/// inspection sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
    /// The source line the position points into, kept for rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a position inside `source` (the whole file text).
    pub fn at(file: &str, source: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        let source_line = pos.and_then(|p| {
            source
                .lines()
                .nth(p.line.saturating_sub(1))
                .map(str::to_string)
        });
        Diagnostic {
            file: file.to_string(),
            line: pos.map(|p| p.line),
            col: pos.map(|p| p.col),
            message: message.into(),
            source_line,
        }
    }

    /// A diagnostic about a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: None,
            col: None,
            message: message.into(),
            source_line: None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (Some(l), Some(c)) => {
                writeln!(f, "错误: {}\n  --> {}:{}:{}", self.message, self.file, l, c)?
            }
            (Some(l), None) => writeln!(f, "错误: {}\n  --> {}:{}", self.message, self.file, l)?,
            _ => writeln!(f, "错误: {}\n  --> {}", self.message, self.file)?,
        }
        if let (Some(line), Some(l), Some(c)) = (&self.source_line, self.line, self.col) {
            let gutter = " ".repeat(l.to_string().len());
            writeln!(f, "{gutter} |")?;
            // A long line (minified, or 100,000 brackets) is shown as the
            // stretch around the column, marked with … where it is cut.
            let chars: Vec<char> = line.chars().collect();
            let col = c.saturating_sub(1).min(chars.len());
            let from = col.saturating_sub(SHOWN / 2);
            let to = (from + SHOWN).min(chars.len());
            let cut_left = if from > 0 { "…" } else { "" };
            let cut_right = if to < chars.len() { "…" } else { "" };
            let shown: String = chars[from..to].iter().collect();
            writeln!(f, "{l} | {cut_left}{shown}{cut_right}")?;
            // Width of the prefix in terminal columns: CJK characters take two.
            let pad: usize = chars[from..col]
                .iter()
                .copied()
                .map(display_width)
                .sum::<usize>()
                + usize::from(from > 0);
            writeln!(f, "{gutter} | {}^", " ".repeat(pad))?;
        }
        Ok(())
    }
}

/// Characters of a source line shown around the error's column.
const SHOWN: usize = 100;

/// Terminal width of a character: two for CJK and full-width forms.
pub fn display_width(c: char) -> usize {
    let u = c as u32;
    if (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u)
    {
        2
    } else {
        1
    }
}

/// Renders a list of diagnostics, one block each.
pub fn render_all(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
