//! The template environment that writes the Typst main source: trusted
//! template text from `templates/`, with every value it inserts escaped as
//! the contents of a Typst string literal, so that not even a label can
//! become markup. The school's data never passes through here; it reaches
//! Typst as JSON (see [`super::view`]).

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior};
use std::sync::OnceLock;

/// The auto-escape mode of every `.typ.j2` template.
const TYPST: AutoEscape = AutoEscape::Custom("typst");

static TEMPLATES: [(&str, &str); 3] = [
    (
        "common.typ.j2",
        include_str!("../../templates/common.typ.j2"),
    ),
    (
        "report.typ.j2",
        include_str!("../../templates/report.typ.j2"),
    ),
    ("sheet.typ.j2", include_str!("../../templates/sheet.typ.j2")),
];

/// The environment, built once per process.
fn env() -> Result<&'static Environment<'static>, String> {
    static ENV: OnceLock<Result<Environment<'static>, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") {
                TYPST
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(typst_formatter);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| format!("报告模板 {name} 有误:{e}"))?;
        }
        Ok(env)
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Writes a value into the source. In a Typst template every value,
/// whatever its type and even if marked safe, is escaped.
fn typst_formatter(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    if state.auto_escape() == TYPST {
        let text = if value.is_none() || value.is_undefined() {
            String::new()
        } else {
            value.to_string()
        };
        out.write_str(&escape_str(&text)).map_err(Error::from)
    } else {
        minijinja::escape_formatter(out, state, value)
    }
}

/// Escapes `s` as the contents of a Typst string literal (`"…"`): only
/// `\`, `"` and control characters are special there.
pub fn escape_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Renders template `name` with `ctx`.
pub fn render(name: &str, ctx: Value) -> Result<String, String> {
    let env = env()?;
    let tmpl = env
        .get_template(name)
        .map_err(|e| format!("报告模板 {name} 缺失:{e}"))?;
    tmpl.render(ctx)
        .map_err(|e| format!("报告模板 {name} 无法展开:{e:#}"))
}
