//! The template environment that writes the Typst main source: trusted
//! template text from `templates/`, with every value it inserts escaped as
//! the contents of a Typst string literal, so that not even a label can
//! become markup. The school's data never passes through here; it reaches
//! Typst as JSON (see [`super::view`]).

use crate::render::RenderError;
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, Output, State, UndefinedBehavior};
use std::sync::OnceLock;

/// The auto-escape mode of every `.typ.j2` template.
const TYPST: AutoEscape = AutoEscape::Custom("typst");

/// The templates, embedded in the binary. A new `templates/*.typ.j2`
/// needs a line here.
static TEMPLATES: &[(&str, &str)] = &[
    (
        "common.typ.j2",
        include_str!("../../templates/common.typ.j2"),
    ),
    (
        "report.typ.j2",
        include_str!("../../templates/report.typ.j2"),
    ),
    ("fill.typ.j2", include_str!("../../templates/fill.typ.j2")),
    (
        "notice.typ.j2",
        include_str!("../../templates/notice.typ.j2"),
    ),
    (
        "official.typ.j2",
        include_str!("../../templates/official.typ.j2"),
    ),
    ("sheet.typ.j2", include_str!("../../templates/sheet.typ.j2")),
    (
        "summary.typ.j2",
        include_str!("../../templates/summary.typ.j2"),
    ),
];

/// The environment, built once per process. Templates are parsed on first
/// use, so a broken template fails only the documents that use it.
fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
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
        env.set_loader(|name| {
            Ok(TEMPLATES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, source)| source.to_string()))
        });
        env
    })
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
pub fn render(name: &str, ctx: Value) -> Result<String, RenderError> {
    let env = env();
    let tmpl = env.get_template(name).map_err(|e| RenderError::Template {
        name: name.to_string(),
        load: true,
        detail: format!("{e:#}"),
    })?;
    tmpl.render(ctx).map_err(|e| RenderError::Template {
        name: name.to_string(),
        load: false,
        detail: format!("{e:#}"),
    })
}

#[cfg(test)]
mod tests {
    use super::escape_str;
    use typst::syntax::{ast, parse_code, SyntaxKind};

    /// The escaped text, put between quotes, parses as exactly one string
    /// literal whose value is the original text.
    fn round_trips(original: &str) {
        let code = format!("\"{}\"", escape_str(original));
        let root = parse_code(&code);
        assert!(
            root.errors_and_warnings().0.is_empty(),
            "{code:?} does not parse"
        );
        let strs: Vec<_> = root
            .children()
            .filter(|n| n.kind() == SyntaxKind::Str)
            .collect();
        assert_eq!(strs.len(), 1, "{code:?}");
        let value = strs[0].cast::<ast::Str>().expect("a string literal").get();
        assert_eq!(value.as_str(), original);
    }

    #[test]
    fn labels_cannot_leave_their_string() {
        for s in [
            "普通文字",
            "\") #panic(\"x\") (\"",
            "back\\slash\\",
            "line\nbreak\r\ttab",
            "#read(\"/etc/passwd\")",
            "*x* $y$ @z <w> ] // c /* d */",
            "nul\u{0}bell\u{7}",
            "{{ x }} {% y %}",
        ] {
            round_trips(s);
        }
    }
}
