//! YAML files the user wrote (checklists, school.yaml, inspection
//! sheets): parsed with positions kept, every serde error turned into a
//! diagnostic at `file:line:col` in Chinese.

use crate::diag::Diagnostic;
use crate::yamlpos::{Locator, Pos};
use serde::Deserialize;
use serde_yaml::Value;
use std::sync::OnceLock;

/// A YAML file with its text and positions, kept for error messages.
#[derive(Debug, Clone)]
pub struct Doc {
    pub file: String,
    pub text: String,
    /// Indexed on first use: a valid checklist (the embedded one in every
    /// process) needs no positions, and indexing its 64 KB took a quarter
    /// of loading it (docs/performance.md, "A checklist's positions, globs and
    /// patterns").
    locator: OnceLock<Locator>,
}

impl Doc {
    /// A document serde_yaml accepted (so its nesting is bounded before
    /// the second parser indexes it, when a position is first asked for).
    pub fn new(file: &str, text: &str) -> Self {
        Doc {
            file: file.to_string(),
            text: text.to_string(),
            locator: OnceLock::new(),
        }
    }
    /// A document whose positions are not indexed (one that does not
    /// parse: its errors carry their own positions).
    fn unlocated(file: &str, text: &str) -> Self {
        Doc {
            file: file.to_string(),
            text: text.to_string(),
            locator: OnceLock::from(Locator::default()),
        }
    }
    /// The index of the document's positions, made when first asked for.
    pub fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(&self.text))
    }
    /// A diagnostic at `path` (nearest located ancestor).
    pub fn diag(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.file, &self.text, self.locator().find(path), message)
    }
    pub fn diag_at(&self, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.file, &self.text, pos, message)
    }
}

pub fn parse_doc(name: &str, text: &str) -> Result<(Doc, Value), Vec<Diagnostic>> {
    if let Some(pos) = too_deep(text) {
        return Err(vec![
            Doc::unlocated(name, text).diag_at(Some(pos), too_deep_message())
        ]);
    }
    // serde_yaml first: it bounds nesting and aliases, and a text it
    // refuses needs no index of positions.
    let parsed: Result<Value, _> = serde_yaml::from_str(text);
    let doc = match &parsed {
        Ok(_) => Doc::new(name, text),
        Err(_) => Doc::unlocated(name, text),
    };
    let value: Value = parsed.map_err(|e| {
        let pos = e.location().map(|l| Pos {
            line: l.line(),
            col: l.column(),
        });
        let mut msg = format!("YAML 语法错误: {}", strip_location(&e.to_string()));
        // The commonest cause by far, in words a clerk knows.
        let line = pos.and_then(|p| text.lines().nth(p.line.saturating_sub(1)));
        if line.is_some_and(|l| l.contains('\t')) {
            msg.push_str("(这一行有制表符 Tab;YAML 只能用空格缩进和分隔,请把 Tab 换成空格)");
        }
        // A full-width colon on this line or the one before makes a key
        // part of a text, and the next line then fails to parse.
        // The diagnostic then points at the colon itself.
        let mut pos = pos;
        let near = pos.and_then(|p| {
            let first = p.line.saturating_sub(2);
            text.lines()
                .enumerate()
                .skip(first)
                .take(p.line - first)
                .find_map(|(i, l)| l.chars().position(|c| c == '：').map(|c| (i, c)))
        });
        if let Some((line, col)) = near {
            msg.push_str(FULL_WIDTH_COLON);
            pos = Some(Pos {
                line: line + 1,
                col: col + 1,
            });
        }
        vec![doc.diag_at(pos, msg)]
    })?;
    if !value.is_mapping() {
        let mut msg = "文件内容应是一个 YAML 映射(键: 值)".to_string();
        if text.contains('：') {
            msg.push_str(FULL_WIDTH_COLON);
        }
        return Err(vec![doc.diag_at(None, msg)]);
    }
    Ok((doc, value))
}

/// The flow nesting (`[[[…`, `{{{…`) serde_yaml refuses anyway (its limit
/// is 128), found before it: its scanner looks ahead through every open
/// bracket, so 100,000 of them took minutes.
pub const MAX_NESTING: usize = 128;

/// Where flow brackets first nest past [`MAX_NESTING`], outside quotes and
/// comments. A line starting with a key at column 1 starts afresh (a
/// bracket left open in a plain scalar does not add up over a file).
pub fn too_deep(text: &str) -> Option<Pos> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with(|c: char| !c.is_whitespace() && !"[{-#".contains(c)) {
            depth = 0;
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if prev.is_whitespace() || "[{,:".contains(prev) => {
                    quote = Some(c)
                }
                (None, '#') if prev.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(Pos {
                            line: i + 1,
                            col: col + 1,
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

pub fn too_deep_message() -> String {
    format!("YAML 嵌套超过 {MAX_NESTING} 层([ 或 {{ 套得太深),不像是手写的文件")
}

/// serde_yaml appends " at line L column C"; the diagnostic shows it anyway.
pub fn strip_location(s: &str) -> String {
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Turns a serde error at `base` inside `doc` into a diagnostic, finding the
/// offending key for "unknown field" errors.
pub fn serde_diag(doc: &Doc, base: &str, inner: &str, msg: &str) -> Diagnostic {
    let mut path = join_path(base, inner);
    let mut text = strip_location(msg);
    if let Some(field) = backticked(&text).filter(|_| text.starts_with("unknown field")) {
        if let Some(p) = find_key(doc.locator(), &path, &field) {
            path = p;
        }
        let expected = expected_list(&text);
        text = if expected.is_empty() {
            format!("未知的键 `{field}`")
        } else {
            format!("未知的键 `{field}`(可用的键: {expected})")
        };
        text.push_str(&key_hint(doc, &path, &field));
    } else if let Some(v) = backticked(&text).filter(|_| text.starts_with("unknown variant")) {
        let expected = expected_list(&text);
        if doc.locator().exact(&join_path(&path, "kind")).is_some() {
            path = join_path(&path, "kind");
        }
        text = format!("未知的取值 `{v}`(可用: {expected})");
    } else if text.starts_with("missing field") {
        let f = backticked(&text).unwrap_or_default();
        text = format!("缺少必填的键 `{f}`");
    } else {
        let line = doc
            .locator()
            .find(&path)
            .and_then(|p| doc.text.lines().nth(p.line.saturating_sub(1)));
        let colon = text.contains('：') || line.is_some_and(|l| l.contains('：'));
        // "invalid type: string "score：3", expected struct …": a text where
        // keys and values belong.
        let found_text = text
            .strip_prefix("invalid type: string \"")
            .and_then(|r| r.split_once("\", expected "))
            .filter(|(_, what)| what.starts_with("struct") || what.starts_with("a map"));
        text = match found_text {
            Some((found, _)) => format!("这里应是若干「键: 值」,却是文字「{found}」"),
            None => format!("格式不对: {text}"),
        };
        if colon {
            text.push_str(FULL_WIDTH_COLON);
        }
    }
    doc.diag(&path, text)
}

const FULL_WIDTH_COLON: &str = ";文件中有全角冒号「：」,键后面要用半角冒号加空格,如 `score: 3`";

/// The two ways a clerk's text turns into an unknown key, in words: a
/// full-width colon (`score：3` is one key), and a comma inside a text in
/// `{…}` (`{finding: 门口有杂物, 已清理}` makes `已清理` a key).
fn key_hint(doc: &Doc, path: &str, field: &str) -> String {
    if let Some((key, _)) = field.split_once('：') {
        return format!(";「{key}」后面的冒号是全角的「：」,请改成半角冒号加空格,如 `{key}: …`");
    }
    let Some(pos) = doc.locator().exact(path) else {
        return String::new();
    };
    let Some(line) = doc.text.lines().nth(pos.line.saturating_sub(1)) else {
        return String::new();
    };
    let before: String = line.chars().take(pos.col.saturating_sub(1)).collect();
    let in_braces = before
        .rfind('{')
        .is_some_and(|i| !before[i..].contains('}'));
    if in_braces && before.trim_end().ends_with(',') {
        return ";多半是文字中的逗号把文字断开了:请给这段文字加引号,如 `finding: \"门口有杂物,已清理\"`".to_string();
    }
    String::new()
}

/// The alternatives serde lists after "expected", without its wording.
fn expected_list(msg: &str) -> String {
    let e = msg
        .split_once("expected ")
        .map(|(_, e)| e)
        .unwrap_or_default();
    let e = e.strip_prefix("one of ").unwrap_or(e);
    e.replace('`', "").replace(" or ", ", ")
}

fn backticked(s: &str) -> Option<String> {
    let a = s.find('`')?;
    let b = s[a + 1..].find('`')?;
    Some(s[a + 1..a + 1 + b].to_string())
}

fn join_path(base: &str, inner: &str) -> String {
    match (base.is_empty(), inner.is_empty() || inner == ".") {
        (_, true) => base.to_string(),
        (true, false) => inner.to_string(),
        (false, false) if inner.starts_with('[') => format!("{base}{inner}"),
        _ => format!("{base}.{inner}"),
    }
}

/// The path of key `field` at or below `path` (the error path of serde may
/// stop at an enclosing value).
fn find_key(loc: &Locator, path: &str, field: &str) -> Option<String> {
    let direct = join_path(path, field);
    if loc.exact(&direct).is_some() {
        return Some(direct);
    }
    loc.paths_below(path)
        .filter(|p| p.ends_with(&format!(".{field}")))
        .min_by_key(|p| loc.exact(p).map(|x| (x.line, x.col)))
        .cloned()
}

/// Deserialises `value` as `T`, reporting the path of the error.
pub fn from_value<T: for<'de> Deserialize<'de>>(
    doc: &Doc,
    base: &str,
    value: Value,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        serde_diag(doc, base, &inner, &e.inner().to_string())
    })
}

/// Parses a whole file as `T`, with every error located.
pub fn parse<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<(T, Doc), Vec<Diagnostic>> {
    let (doc, value) = parse_doc(file, text)?;
    let t = from_value(&doc, "", value).map_err(|d| vec![d])?;
    Ok((t, doc))
}

/// A scalar as text (`2026-09-01`, `4209210001`), empty for anything else.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}
