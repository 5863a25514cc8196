//! PDF rendering of a result: the inspection report (开学检查反馈报告),
//! the self-audit report (开学检查自查报告) and the on-site form
//! (现场检查记录表).
//!
//! Pipeline: [`view`] reshapes the result for print and masks personal
//! data; [`template`] writes the Typst main source from trusted templates
//! in `templates/` (labels escaped as string-literal contents); [`typeset`]
//! compiles it with the view as JSON, the Typst world's one file
//! `/data.json` (served from memory), and exports the PDF. What a school
//! or inspector wrote is only ever a JSON string to Typst, never markup.

mod error;
mod fonts;
mod glyphs;
pub mod official;
mod summary;
mod template;
mod typeset;
mod view;

use crate::present::Lang;
use crate::result::InspectionResult;
pub use error::RenderError;
use std::path::PathBuf;
pub use summary::summary;

/// How a PDF is rendered.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Language of the fixed labels.
    pub lang: Lang,
    /// The school's self-audit report instead of the inspection report.
    pub self_audit: bool,
    /// Also mask children's names (张**).
    pub redact: bool,
    /// Folders with extra fonts (.ttf/.otf/.ttc/.otc), used where the
    /// embedded fonts lack a character.
    pub font_dirs: Vec<PathBuf>,
    /// Who issues the documents and how they are numbered.
    pub documents: crate::documents::Documents,
    /// The `{n}` of the document number; none: room to write it.
    pub number: Option<u32>,
}

/// Parses (and hashes) the embedded fonts now; see [`crate::warm_up`].
pub fn warm_up() {
    fonts::embedded();
}

/// Empties Typst's memoized layouts: after a batch's schools, before its
/// county documents, so that what the last schools laid out does not stay
/// beside the bulletin's own (peak memory of a 1,000-school batch).
pub fn release_caches() {
    comemo::evict(0);
}

/// The checklist's grades, best first (the county bulletin names the
/// schools of the first and the last).
pub fn grade_names(cl: &crate::checklist::Checklist) -> Vec<String> {
    cl.grade_bands.iter().map(|b| b.grade.clone()).collect()
}

/// A rendered PDF and what the user should know about it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// In Chinese: missing glyphs, unusable font files, Typst warnings.
    pub warnings: Vec<String>,
    /// Number of pages.
    pub pages: usize,
    /// The text of each page as laid out (what a reader sees).
    pub texts: Vec<String>,
}

/// Which document to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The report (inspection or, with `self_audit`, self-audit).
    Report,
    /// The on-site inspection form.
    Sheet,
    /// The rectification notice (限期整改通知书) with its return slip.
    Notice,
}

/// The inspection report (开学检查反馈报告), or with `self_audit` the
/// self-audit report (开学检查自查报告).
pub fn report(result: &InspectionResult, opts: &PdfOptions) -> Result<Rendered, RenderError> {
    render(Document::Report, result, opts)
}

/// The printable on-site form (现场检查记录表), pre-filled with what the
/// evidence showed.
pub fn sheet(result: &InspectionResult, opts: &PdfOptions) -> Result<Rendered, RenderError> {
    render(Document::Sheet, result, opts)
}

/// The rectification notice (限期整改通知书) with its return slip (回执).
pub fn notice(result: &InspectionResult, opts: &PdfOptions) -> Result<Rendered, RenderError> {
    render(Document::Notice, result, opts)
}

/// The generated Typst main source of the report (for snapshots).
pub fn report_source(result: &InspectionResult, opts: &PdfOptions) -> Result<String, RenderError> {
    source(Document::Report, result, opts)
}

/// The generated Typst main source of the on-site form (for snapshots).
pub fn sheet_source(result: &InspectionResult, opts: &PdfOptions) -> Result<String, RenderError> {
    source(Document::Sheet, result, opts)
}

/// The text of each laid-out page, as Typst shaped it before PDF export:
/// what a reader sees, for checks that the data was printed literally.
pub fn page_texts(
    doc: Document,
    result: &InspectionResult,
    opts: &PdfOptions,
) -> Result<Vec<String>, RenderError> {
    Ok(compile(doc, result, opts, false)?.0.pages)
}

fn render(
    doc: Document,
    result: &InspectionResult,
    opts: &PdfOptions,
) -> Result<Rendered, RenderError> {
    let (out, warnings) = compile(doc, result, opts, true)?;
    Ok(Rendered {
        pdf: out.pdf.unwrap_or_default(),
        warnings,
        pages: out.pages.len(),
        texts: out.pages,
    })
}

/// The data the templates read as `/data.json`: the contract between
/// Rust and Typst (pinned by snapshots), masked and, with `redact`,
/// without children's names.
pub fn view_of(result: &InspectionResult, opts: &PdfOptions) -> serde_json::Value {
    view_for(Document::Report, result, opts)
}

fn view_for(doc: Document, result: &InspectionResult, opts: &PdfOptions) -> serde_json::Value {
    let kind = match doc {
        Document::Notice => official::Kind::Notice,
        _ if opts.self_audit => official::Kind::SelfAudit,
        _ => official::Kind::Feedback,
    };
    view::build(
        result,
        view::ViewOptions {
            lang: opts.lang,
            self_audit: opts.self_audit,
            redact: opts.redact,
        },
        official::block(result, &opts.documents, opts.number, kind, opts.lang),
    )
}

fn compile(
    doc: Document,
    result: &InspectionResult,
    opts: &PdfOptions,
    want_pdf: bool,
) -> Result<(typeset::Typeset, Vec<String>), RenderError> {
    let source = source(doc, result, opts)?;
    let view = view_for(doc, result, opts);
    let data = serde_json::to_vec(&view).map_err(|e| RenderError::Serialize {
        what: "报告数据",
        detail: e.to_string(),
    })?;
    let (fonts, mut warnings) = fonts::collect(&opts.font_dirs)?;
    let fonts = typeset::Fonts {
        fonts,
        dirs: opts.font_dirs.clone(),
    };
    let ident = format!(
        "ducha/{}/{}/{}/{}",
        doc_key(doc, opts),
        result.school.code,
        result.checklist.id,
        result.date
    );
    // The school's name as the view has it (masked like every view
    // string), as the cover and the running header show it.
    let school = view
        .pointer("/school/name")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty());
    let meta = typeset::Meta {
        ident: &ident,
        date: &result.date,
        title_suffix: school,
    };
    let out = typeset::typeset(source, data, &fonts, &meta, want_pdf)?;
    // Only when something printed as tofu is the result searched for where
    // the character came from.
    if !out.tofu.is_empty() {
        let raw = serde_json::to_value(result).map_err(|e| RenderError::Serialize {
            what: "检查结果",
            detail: e.to_string(),
        })?;
        let missing = glyphs::missing(&raw, &fonts.fonts);
        warnings.extend(glyphs::warnings(&missing, &out.tofu));
    }
    warnings.extend(out.warnings.iter().cloned());
    Ok((out, warnings))
}

fn source(
    doc: Document,
    _result: &InspectionResult,
    opts: &PdfOptions,
) -> Result<String, RenderError> {
    // The labels of the document: the shared `pdf` group, then the
    // document's own group (its title, and what differs from the others).
    let (name, labels_doc) = match doc {
        Document::Report if opts.self_audit => ("report.typ.j2", "self_audit"),
        Document::Report => ("report.typ.j2", "report"),
        Document::Sheet => ("sheet.typ.j2", "sheet"),
        Document::Notice => ("notice.typ.j2", "notice"),
    };
    let ctx = minijinja::context! {
        t => opts.lang.labels(&["pdf", labels_doc]),
        d => opts.lang.labels(&["doc"]),
        self_audit => opts.self_audit && doc == Document::Report,
        lang => match opts.lang { Lang::Zh => "zh", Lang::En => "en" },
        serif => fonts::SERIF,
        sans => fonts::SANS,
    };
    template::render(name, ctx)
}

fn doc_key(doc: Document, opts: &PdfOptions) -> &'static str {
    match doc {
        Document::Report if opts.self_audit => "self-audit",
        Document::Report => "report",
        Document::Sheet => "sheet",
        Document::Notice => "notice",
    }
}
