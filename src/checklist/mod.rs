//! Checklists: the YAML format (`model`), loading with `extends:`
//! tailoring (`load`), and validation into a checked form (`validate`).

mod load;
mod model;
mod validate;

pub use load::{load, load_str, OFFICIAL, OFFICIAL_NAME, SCHEMA_VERSION};
pub use model::*;

use crate::expr::Expr;
use regex::Regex;
use std::collections::HashMap;

/// Expressions and regular expressions of a checklist, compiled once at
/// load time and looked up by their source text during evaluation.
#[derive(Debug, Default)]
pub struct Compiled {
    pub exprs: HashMap<String, Expr>,
    pub regexes: HashMap<String, Regex>,
    pub globs: HashMap<String, crate::evidence::Glob>,
}

impl Compiled {
    /// The compiled form of an expression that validation has seen.
    pub fn expr(&self, src: &str) -> Result<&Expr, String> {
        self.exprs
            .get(src)
            .ok_or_else(|| format!("表达式未经校验: {src}"))
    }
    /// Compiled globs for a list of patterns.
    pub fn globs(&self, srcs: &[String]) -> Result<Vec<&crate::evidence::Glob>, String> {
        srcs.iter()
            .map(|g| {
                self.globs
                    .get(g)
                    .ok_or_else(|| format!("文件匹配模式未经校验: {g}"))
            })
            .collect()
    }
    pub fn regex(&self, src: &str) -> Result<&Regex, String> {
        self.regexes
            .get(src)
            .ok_or_else(|| format!("正则表达式未经校验: {src}"))
    }
}
