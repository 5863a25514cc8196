//! Typesetting: compiles a generated Typst main source with the view as
//! `sys.inputs.data` and exports a PDF with a fixed identifier and
//! creation date. The Typst world holds only the main source, the fonts and
//! the inputs: no file resolver, so no template can read a file.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Smart};
use typst::layout::{Frame, FrameItem};
use typst::text::Font;
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};

type Engine = TypstEngine<TypstTemplateMainFile>;

/// The fonts of a compile and the font folders they came from (the
/// folders identify the set).
pub struct Fonts {
    pub fonts: Vec<Font>,
    pub dirs: Vec<PathBuf>,
}

/// How many compiles an unused memoized result survives (Typst's cache is
/// global). Not 0: in a parallel batch, one report's eviction would
/// otherwise empty the cache another report is still using between its
/// layout iterations. Small, so memory stays flat over a long batch
/// (measured with the sample report: about 8 MB per unit of age).
const EVICT_AGE: usize = 2;

/// The engine for a main source and font set, built once per process:
/// the standard library and the font book are reused by every report.
fn engine(source: String, fonts: &Fonts) -> Arc<Engine> {
    type Key = (String, Vec<PathBuf>);
    static ENGINES: OnceLock<Mutex<HashMap<Key, Arc<Engine>>>> = OnceLock::new();
    let engines = ENGINES.get_or_init(Default::default);
    let key = (source, fonts.dirs.clone());
    if let Some(e) = engines.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return e;
    }
    let engine = Arc::new(
        TypstEngine::builder()
            .main_file(key.0.clone())
            .fonts(fonts.fonts.iter().cloned())
            .comemo_evict_max_age(Some(EVICT_AGE))
            .build(),
    );
    if let Ok(mut m) = engines.lock() {
        m.insert(key, engine.clone());
    }
    engine
}

/// What typesetting produced.
pub struct Typeset {
    /// The PDF, when asked for.
    pub pdf: Option<Vec<u8>>,
    /// The plain text of each page, in reading order of the layout.
    pub pages: Vec<String>,
    /// Characters that were laid out with no glyph (tofu), in order.
    pub tofu: BTreeSet<char>,
    /// Typst's own warnings.
    pub warnings: Vec<String>,
}

/// Compiles `source` with `data` (the view as JSON) and `fonts`.
/// `ident` and `date` (`YYYY-MM-DD`) fix the PDF's identifier and creation
/// date, so identical inputs give identical bytes.
pub fn typeset(
    source: String,
    data: Vec<u8>,
    fonts: &Fonts,
    ident: &str,
    date: &str,
    want_pdf: bool,
) -> Result<Typeset, String> {
    let engine = engine(source, fonts);
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(data).into_value());
    let warned = engine.compile_with_input(inputs);
    let warnings = warned
        .warnings
        .iter()
        .map(|d| format!("排版警告:{}", diagnostic(d)))
        .collect();
    let doc = warned.output.map_err(compile_error)?;
    let pdf = if want_pdf {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            timestamp: timestamp(date),
            ..Default::default()
        };
        let bytes = typst_pdf::pdf(&doc, &options).map_err(|errs| {
            let msgs: Vec<String> = errs.iter().map(diagnostic).collect();
            format!("PDF 导出失败:{}", msgs.join(";"))
        })?;
        Some(bytes)
    } else {
        None
    };
    let mut tofu = BTreeSet::new();
    let pages = doc
        .pages()
        .iter()
        .map(|p| {
            let mut text = String::new();
            frame_text(&p.frame, &mut text, &mut tofu);
            text
        })
        .collect();
    Ok(Typeset {
        pdf,
        pages,
        tofu,
        warnings,
    })
}

/// The creation date: the result's date at 08:00 China time; none when
/// the date does not parse (the PDF then carries no date at all).
fn timestamp(date: &str) -> Option<typst_pdf::Timestamp> {
    let d = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    let dt = Datetime::from_ymd_hms(d.year(), d.month() as u8, d.day() as u8, 8, 0, 0)?;
    typst_pdf::Timestamp::new_local(dt, 8 * 60)
}

/// Appends the text of a frame, depth first, and the characters drawn
/// with glyph 0 (`.notdef`).
fn frame_text(frame: &Frame, out: &mut String, tofu: &mut BTreeSet<char>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => frame_text(&g.frame, out, tofu),
            FrameItem::Text(t) => {
                out.push_str(&t.text);
                for g in t.glyphs.iter().filter(|g| g.id == 0) {
                    let range = g.range();
                    if let Some(s) = t.text.get(range) {
                        tofu.extend(s.chars().filter(|c| !c.is_whitespace()));
                    }
                }
                out.push('\n');
            }
            _ => {}
        }
    }
}

fn diagnostic(d: &SourceDiagnostic) -> String {
    let mut s = d.message.to_string();
    for h in &d.hints {
        s.push_str(&format!("(提示:{})", h.v));
    }
    s
}

fn compile_error(e: TypstAsLibError) -> String {
    match e {
        TypstAsLibError::TypstSource(diags) => {
            let msgs: Vec<String> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(diagnostic)
                .collect();
            format!("报告排版失败:{}", msgs.join(";"))
        }
        other => format!("报告排版失败:{other}"),
    }
}
