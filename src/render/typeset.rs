//! Typesetting: compiles a generated Typst main source with the view as
//! JSON and exports a PDF with a fixed identifier and creation date.
//!
//! The view reaches the template as the world's one file, `/data.json`,
//! served from memory by the only file resolver, which serves nothing
//! else: no template can read a file from the disk. It is deliberately
//! not `sys.inputs`: Typst keys every memoized layout by its standard
//! library, and `sys.inputs` is part of the library, so with the data
//! there no table cell, paragraph or shaped run of one school could be
//! reused for the next, and every report was laid out from scratch
//! (measured in docs/performance.md). A file is only
//! read where the template calls `json(..)`, so the layout cache survives
//! from one school to the next and is checked only by what each piece
//! actually read.

use crate::render::RenderError;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, Source};
use typst::text::Font;
use typst_as_lib::conversions::IntoFileId;
use typst_as_lib::file_resolver::FileResolver;
use typst_as_lib::{TypstAsLibError, TypstEngine, TypstTemplateMainFile};

type Engine = TypstEngine<TypstTemplateMainFile>;

/// The path of the main source in the Typst world.
const MAIN_PATH: &str = "/main.typ";
/// The path the template reads the view from: `json("/data.json")`.
const DATA_PATH: &str = "/data.json";

/// The fonts of a compile and the font folders they came from (the
/// folders identify the set).
pub struct Fonts {
    pub fonts: Vec<Font>,
    pub dirs: Vec<PathBuf>,
}

/// How many compiles an unused memoized result survives (Typst's cache is
/// global). Not 0: in a parallel batch, one report's eviction would
/// otherwise empty the cache another report is still using between its
/// layout iterations. 4 rather than 2: what the last few schools laid out
/// (item rows with the same title, score and status, labels, table
/// headers) serves the next; callgrind over the samples in turn measured
/// 218 M instructions per report with 2 and 203 M with 4. Small, so memory
/// stays flat over a long batch, and below 6, so that the report bench's
/// seven samples in turn never find their own previous report.
const EVICT_AGE: usize = 4;

/// The view of the compile in progress, the only file of the world.
type Slot = Arc<Mutex<Option<Bytes>>>;

/// Serves `/data.json` from the slot and nothing else.
struct DataFile {
    id: FileId,
    slot: Slot,
}

impl FileResolver for DataFile {
    fn resolve_binary(&self, id: FileId) -> FileResult<Cow<'_, Bytes>> {
        let data = if id == self.id {
            self.slot.lock().ok().and_then(|s| s.clone())
        } else {
            None
        };
        data.map(Cow::Owned).ok_or_else(|| not_found(id))
    }

    fn resolve_source(&self, id: FileId) -> FileResult<Cow<'_, Source>> {
        Err(not_found(id))
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

/// An engine and the slot its data file is served from.
struct Typesetter {
    engine: Engine,
    slot: Slot,
}

/// The engine for a main source and font set, built once per thread (the
/// standard library and the font book are reused by every report of the
/// thread). One per thread because the data slot belongs to the compile
/// in progress; the layout cache is shared by all threads.
fn typesetter(source: String, fonts: &Fonts) -> Rc<Typesetter> {
    type Key = (String, Vec<PathBuf>);
    thread_local! {
        static TYPESETTERS: RefCell<HashMap<Key, Rc<Typesetter>>> = RefCell::default();
    }
    let key = (source, fonts.dirs.clone());
    TYPESETTERS.with(|cell| {
        if let Some(t) = cell.borrow().get(&key) {
            return t.clone();
        }
        let slot = Slot::default();
        let engine = TypstEngine::builder()
            .main_file((MAIN_PATH, key.0.clone()))
            .add_file_resolver(DataFile {
                id: DATA_PATH.into_file_id(),
                slot: slot.clone(),
            })
            .fonts(fonts.fonts.iter().cloned())
            .comemo_evict_max_age(Some(EVICT_AGE))
            .build();
        let t = Rc::new(Typesetter { engine, slot });
        cell.borrow_mut().insert(key, t.clone());
        t
    })
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

/// What the PDF says about itself.
pub struct Meta<'a> {
    /// Fixes the PDF's identifier.
    pub ident: &'a str,
    /// `YYYY-MM-DD`: fixes the creation date.
    pub date: &'a str,
    /// Appended to the title the template sets, after a space (the
    /// school's name). Set here, not by the template, because a set rule
    /// with a school's value would key every layout to that school.
    pub title_suffix: Option<&'a str>,
}

/// Compiles `source` with `data` (the view as JSON, read by the template
/// from `/data.json`) and `fonts`. The fixed identifier and creation date
/// of `meta` make identical inputs give identical bytes.
pub fn typeset(
    source: String,
    data: Vec<u8>,
    fonts: &Fonts,
    meta: &Meta,
    want_pdf: bool,
) -> Result<Typeset, RenderError> {
    let t = typesetter(source, fonts);
    if let Ok(mut slot) = t.slot.lock() {
        *slot = Some(Bytes::new(data));
    }
    let warned = t.engine.compile();
    if let Ok(mut slot) = t.slot.lock() {
        *slot = None;
    }
    let warnings = warned
        .warnings
        .iter()
        .map(|d| format!("排版警告:{}", diagnostic(d)))
        .collect();
    let mut doc: typst_layout::PagedDocument = warned.output.map_err(compile_error)?;
    if let Some(suffix) = meta.title_suffix {
        let info = doc.info_mut();
        let title = match info.title.take() {
            Some(t) => format!("{t} {suffix}"),
            None => suffix.to_string(),
        };
        info.title = Some(title.into());
    }
    let pdf = if want_pdf {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(meta.ident.to_string()),
            timestamp: timestamp(meta.date),
            ..Default::default()
        };
        let bytes = typst_pdf::pdf(&doc, &options)
            .map_err(|errs| RenderError::Export(errs.iter().map(diagnostic).collect()))?;
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

fn compile_error(e: TypstAsLibError) -> RenderError {
    RenderError::Typeset(match e {
        TypstAsLibError::TypstSource(diags) => diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(diagnostic)
            .collect(),
        other => vec![other.to_string()],
    })
}
