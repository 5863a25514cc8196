//! Bureau aggregation: many results reduced to lean per-school rows (no
//! child-level data survives the reduction), then laid out as the tables
//! a clerk files upward: per school, per township, per item, vetoes and
//! open rectifications, split by bureau office. `sheets` builds the
//! tables; `xlsx`/`csv` write them.

mod read;
mod sheets;
mod spool;
pub mod spot;
pub mod stats;
pub mod terms;

pub use read::{read_results, ReadReport};
pub use sheets::{build, grade_names, Extras, Split, WorkbookOut};
pub use spool::{Kept, Problems, Spool};

use crate::present::Lang;
use crate::result::{InspectionResult, Status};
use indexmap::IndexMap;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the aggregate keeps of a result: enough for every table, nothing
/// about individual children (finding messages are kept only for veto
/// items and, a few per kind, for open rectifications; their subjects,
/// phone and ID numbers masked).
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolRow {
    /// The file it was read from (or the submission folder in a batch).
    pub source: String,
    pub name: String,
    pub code: String,
    pub kind: String,
    pub type_name: String,
    pub township: String,
    pub office: String,
    pub term_start: String,
    pub date: String,
    pub checklist: String,
    pub score: f64,
    pub grade: String,
    pub vetoed: Vec<String>,
    pub pending_points: f64,
    pub pending_items: usize,
    /// The best and worst outcome while on-site points are pending.
    pub pending: crate::result::Pending,
    /// Sections: id, titles, score, applicable max.
    pub sections: Box<[SectionRow]>,
    pub items: Box<[ItemRow]>,
    pub vetoes: Vec<VetoRow>,
    pub rectifications: Vec<RectRow>,
    /// The school's self-scores beside the evaluated ones.
    pub self_assessment: Option<crate::result::SelfAssessment>,
    /// No inspection team recorded a visit: the school's self-audit only.
    pub self_audit_only: bool,
    /// Items short at this inspection and at the previous one (回头看),
    /// by id and title.
    pub recurring: Vec<(String, String)>,
}

/// A text that many rows repeat (item ids and titles, finding codes):
/// one allocation shared by the rows, not one per school.
pub type Shared = Arc<str>;

/// Texts met per reading thread, so that 20,000 rows share one copy of
/// each item's id and title. Bounded: a hostile folder of results with a
/// new title in each is not collected without end (the table starts over
/// and the texts are still right, only shared less).
const SHARED_MAX: usize = 4096;

thread_local! {
    static SHARED: std::cell::RefCell<std::collections::HashSet<Shared>> =
        std::cell::RefCell::new(std::collections::HashSet::new());
}

/// The shared copy of a text.
pub fn shared(s: &str) -> Shared {
    SHARED.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(x) = t.get(s) {
            return x.clone();
        }
        if t.len() >= SHARED_MAX {
            t.clear();
        }
        let x: Shared = Arc::from(s);
        t.insert(x.clone());
        x
    })
}

/// An item's id and title, shared by every row of the item.
#[derive(Debug, PartialEq)]
pub struct ItemName {
    pub id: Shared,
    pub title: Shared,
}

thread_local! {
    static NAMES: std::cell::RefCell<HashMap<Shared, Vec<Arc<ItemName>>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// The shared name of an item (bounded as [`shared`] is).
pub fn item_name(id: &str, title: &str) -> Arc<ItemName> {
    NAMES.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(x) = t
            .get(id)
            .and_then(|v| v.iter().find(|n| &*n.title == title))
        {
            return x.clone();
        }
        if t.len() >= SHARED_MAX {
            t.clear();
        }
        let x = Arc::new(ItemName {
            id: shared(id),
            title: shared(title),
        });
        let same = t.entry(x.id.clone()).or_default();
        // Titles under one id are few; a hostile file with thousands is
        // not searched without end.
        if same.len() >= 16 {
            same.clear();
        }
        same.push(x.clone());
        x
    })
}

/// Findings counted by code, in first-seen order (a map, not a search:
/// a result file may hold any number of distinct codes).
fn counted<'a>(codes: impl Iterator<Item = &'a str>) -> Box<[(Shared, usize)]> {
    let mut out: IndexMap<&str, usize> = IndexMap::new();
    for c in codes {
        *out.entry(c).or_default() += 1;
    }
    out.into_iter().map(|(c, n)| (shared(c), n)).collect()
}

/// A section's outcome at one school, its id and titles shared (the
/// result's own section record is three texts per school).
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRow {
    pub id: Shared,
    pub title: Shared,
    pub title_en: Option<Shared>,
    pub score: f64,
    /// Applicable points.
    pub max: f64,
}

impl SectionRow {
    fn of(s: &crate::result::SectionResult) -> Self {
        SectionRow {
            id: shared(&s.id),
            title: shared(&s.title),
            title_en: s.title_en.as_deref().map(shared),
            score: s.score,
            max: s.max,
        }
    }

    /// Its title in the workbook's language.
    pub fn title_in(&self, lang: Lang) -> &str {
        match (lang, &self.title_en) {
            (Lang::En, Some(t)) => t,
            _ => &self.title,
        }
    }
}

/// An item's outcome at one school. 700,000 of them at 20,000 schools,
/// most without findings: the name shared and the findings boxed apart
/// (24 bytes rather than 88).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub name: Arc<ItemName>,
    pub status: Status,
    /// What it found, if anything.
    pub found: Option<Box<Found>>,
}

/// What an item found at one school.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Its findings by code, in first-seen order: each code and how many
    /// (a roster of 50,000 children missing a record is one entry).
    pub codes: Box<[(Shared, usize)]>,
    /// One of its findings as the county bulletin may quote it: no child
    /// named (the subject becomes ××), phones and ID numbers masked.
    /// (In the reading's [`Spool`] where it has one: only the county
    /// bulletin quotes it, one school's for each item.)
    pub example: Kept<Box<str>>,
}

impl ItemRow {
    /// Its findings by code (none: empty).
    pub fn codes(&self) -> &[(Shared, usize)] {
        self.found.as_ref().map_or(&[], |f| &f.codes)
    }

    /// A finding to quote, if it has any.
    pub fn example(&self) -> Option<Result<Cow<'_, Box<str>>, String>> {
        self.found.as_ref().map(|f| f.example.get())
    }
}

/// A failed veto item at one school, with its findings (masked).
#[derive(Debug, Clone, PartialEq)]
pub struct VetoRow {
    pub item: String,
    pub title: String,
    pub findings: Vec<String>,
}

/// An open rectification at one school (over 100,000 at 20,000 schools:
/// the item and the deadline shared, the texts boxed).
#[derive(Debug, Clone, PartialEq)]
pub struct RectRow {
    pub item: Shared,
    pub title: Shared,
    pub veto: bool,
    pub deadline: Shared,
    pub findings: usize,
    /// What was found, masked: per kind of finding (its code) the first
    /// message and how many of that kind, at most [`PROBLEM_KINDS`] kinds
    /// (in the reading's [`Spool`] where it has one).
    pub problems: Kept<Problems>,
    /// Kinds of finding beyond those kept.
    pub more_kinds: usize,
}

/// Kinds of finding a rectification row keeps the text of.
pub const PROBLEM_KINDS: usize = 3;

/// A rectification's findings by kind: the item's findings grouped by
/// code (each kind's first message, masked, and its count), or, for an
/// item that failed without findings, the rectification's own texts (its
/// note); with the number of kinds left out.
fn problems(
    item: Option<&LeanItem>,
    own: &Capped,
    masked: impl Fn(&LeanFinding) -> String,
) -> (Problems, usize) {
    if let Some(i) = item.filter(|i| !i.findings.is_empty()) {
        let mut kinds: IndexMap<&str, (Box<str>, usize)> = IndexMap::new();
        for f in &i.findings {
            kinds
                .entry(&f.code)
                .or_insert_with(|| (masked(f).into(), 0))
                .1 += 1;
        }
        let more = kinds.len().saturating_sub(PROBLEM_KINDS);
        return (kinds.into_values().take(PROBLEM_KINDS).collect(), more);
    }
    let kept = own
        .kept
        .iter()
        .map(|t| (crate::present::mask::mask_for_bureau(t).into(), 1))
        .collect();
    (kept, own.total.saturating_sub(own.kept.len()))
}

impl SchoolRow {
    /// Reduces a result to its row (a batch holds the whole result).
    pub fn from_result(r: &InspectionResult, source: &str) -> Self {
        Self::from_lean(LeanResult::of(r), source, None)
    }

    /// Reduces a lean result to its row, the texts of its rectifications
    /// put in `spool` if there is one.
    pub(crate) fn from_lean(r: LeanResult, source: &str, spool: Option<&Arc<Spool>>) -> Self {
        let masked = |f: &LeanFinding| {
            let mut m = crate::present::mask::mask_for_bureau(&f.message);
            if let Some(s) = f
                .subject
                .as_deref()
                .filter(|s| crate::present::mask::is_name(s))
            {
                m = m.replace(s, &crate::present::mask::mask_name(s));
            }
            m
        };
        let vetoes = r
            .items
            .iter()
            .filter(|i| i.vetoed)
            .map(|i| VetoRow {
                item: i.id.to_string(),
                title: i.title.to_string(),
                findings: i.findings.iter().filter(|f| f.veto).map(masked).collect(),
            })
            .collect();
        let rectifications = r
            .rectifications
            .iter()
            .map(|x| {
                let item = r.items.iter().find(|i| i.id == x.item);
                let (problems, more_kinds) = problems(item, &x.findings, masked);
                // Nothing to keep: no file for it.
                let into = spool.filter(|_| !problems.is_empty());
                RectRow {
                    item: shared(&x.item),
                    title: shared(&x.title),
                    veto: x.veto,
                    deadline: shared(&x.deadline),
                    findings: x.findings.total,
                    problems: Kept::new(problems, into),
                    more_kinds,
                }
            })
            .collect();
        SchoolRow {
            source: source.to_string(),
            name: r.school.name,
            code: r.school.code,
            kind: r.school.kind,
            type_name: r.school.type_name,
            township: r.school.township,
            office: r.school.office,
            term_start: r.school.term_start,
            date: r.date.into_owned(),
            checklist: format!("{} {}", r.checklist.id, r.checklist.edition),
            score: r.summary.score,
            grade: r.summary.grade,
            vetoed: r.summary.vetoed,
            pending_points: r.summary.pending.points,
            pending_items: r.summary.pending.items,
            pending: r.summary.pending.clone(),
            sections: r.sections.iter().map(SectionRow::of).collect(),
            vetoes,
            items: r
                .items
                .into_iter()
                .map(|i| ItemRow {
                    found: example(&i.findings).map(|example| {
                        Box::new(Found {
                            codes: counted(i.findings.iter().map(|f| &*f.code)),
                            example: Kept::new(example, spool),
                        })
                    }),
                    name: item_name(&i.id, &i.title),
                    status: i.status,
                })
                .collect(),
            rectifications,
            self_assessment: r.summary.self_assessment,
            self_audit_only: r.inspection.is_none(),
            recurring: r
                .followup
                .map(|f| {
                    f.items
                        .into_iter()
                        .filter(|i| i.recurring)
                        .map(|i| (i.item.into_owned(), i.title.into_owned()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// A finding to quote in a county document: the first that names no one,
/// else the first with its subject (a child, a date) made ××.
fn example(fs: &[LeanFinding]) -> Option<Box<str>> {
    let f = fs
        .iter()
        .find(|f| f.subject.as_deref().is_none_or(str::is_empty))
        .or(fs.first())?;
    let mut m = f.message.to_string();
    if let Some(s) = f
        .subject
        .as_deref()
        .filter(|s| crate::present::mask::is_name(s))
    {
        m = m.replace(s, "××");
    }
    Some(crate::present::mask::mask_for_bureau(&m).into())
}

/// What a row is made of, as read from a result file: serde skips the
/// manifest, trace, guidance and locations without keeping them, and
/// borrows strings from the file's bytes where it can (finding messages
/// are only kept for veto items).
#[derive(Debug, Deserialize)]
pub(crate) struct LeanResult<'a> {
    pub schema: Cow<'a, str>,
    pub checklist: crate::result::ChecklistRef,
    pub school: crate::result::School,
    #[serde(borrow)]
    pub date: Cow<'a, str>,
    pub summary: crate::result::Summary,
    pub sections: Vec<crate::result::SectionResult>,
    #[serde(borrow)]
    pub items: Vec<LeanItem<'a>>,
    #[serde(borrow)]
    pub rectifications: Vec<LeanRect<'a>>,
    /// Whether an inspection team is named (its members are not kept).
    #[serde(default)]
    pub inspection: Option<serde::de::IgnoredAny>,
    #[serde(default, borrow)]
    pub followup: Option<LeanFollowUp<'a>>,
}

/// What a row keeps of 回头看: the items short two terms running.
#[derive(Debug, Deserialize)]
pub(crate) struct LeanFollowUp<'a> {
    #[serde(borrow)]
    items: Vec<LeanFollowUpItem<'a>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LeanFollowUpItem<'a> {
    #[serde(borrow)]
    item: Cow<'a, str>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default)]
    recurring: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LeanItem<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    status: Status,
    #[serde(default)]
    vetoed: bool,
    #[serde(borrow)]
    findings: Vec<LeanFinding<'a>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LeanFinding<'a> {
    #[serde(borrow)]
    code: Cow<'a, str>,
    #[serde(borrow)]
    message: Cow<'a, str>,
    #[serde(default, borrow)]
    subject: Option<Cow<'a, str>>,
    #[serde(default)]
    veto: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LeanRect<'a> {
    #[serde(borrow)]
    item: Cow<'a, str>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    veto: bool,
    findings: Capped,
    #[serde(borrow)]
    deadline: Cow<'a, str>,
}

/// A JSON array of texts: its first [`PROBLEM_KINDS`] kept, all counted
/// (the rest are skipped without being kept).
#[derive(Debug)]
pub(crate) struct Capped {
    kept: Vec<String>,
    total: usize,
}

impl<'de> Deserialize<'de> for Capped {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Capped;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Capped, A::Error> {
                let mut c = Capped {
                    kept: Vec::new(),
                    total: 0,
                };
                while c.kept.len() < PROBLEM_KINDS {
                    match seq.next_element::<String>()? {
                        Some(t) => c.kept.push(t),
                        None => break,
                    }
                }
                c.total = c.kept.len();
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    c.total += 1;
                }
                Ok(c)
            }
        }
        d.deserialize_seq(V)
    }
}

impl<'a> LeanResult<'a> {
    /// The lean view of a whole result, borrowing its strings.
    fn of(r: &'a InspectionResult) -> Self {
        LeanResult {
            schema: Cow::Borrowed(&r.schema),
            checklist: r.checklist.clone(),
            school: r.school.clone(),
            date: Cow::Borrowed(&r.date),
            summary: r.summary.clone(),
            sections: r.sections.clone(),
            items: r
                .items
                .iter()
                .map(|i| LeanItem {
                    id: Cow::Borrowed(&i.id),
                    title: Cow::Borrowed(&i.title),
                    status: i.status,
                    vetoed: i.vetoed,
                    findings: i
                        .findings
                        .iter()
                        .map(|f| LeanFinding {
                            code: Cow::Borrowed(&f.code),
                            message: Cow::Borrowed(&f.message),
                            subject: f.subject.as_deref().map(Cow::Borrowed),
                            veto: f.veto,
                        })
                        .collect(),
                })
                .collect(),
            rectifications: r
                .rectifications
                .iter()
                .map(|x| LeanRect {
                    item: Cow::Borrowed(&x.item),
                    title: Cow::Borrowed(&x.title),
                    veto: x.veto,
                    findings: Capped {
                        kept: x.findings.iter().take(PROBLEM_KINDS).cloned().collect(),
                        total: x.findings.len(),
                    },
                    deadline: Cow::Borrowed(&x.deadline),
                })
                .collect(),
            inspection: r.inspection.as_ref().map(|_| serde::de::IgnoredAny),
            followup: r.followup.as_ref().map(|f| LeanFollowUp {
                items: f
                    .items
                    .iter()
                    .map(|i| LeanFollowUpItem {
                        item: Cow::Borrowed(&i.item),
                        title: Cow::Borrowed(&i.title),
                        recurring: i.recurring,
                    })
                    .collect(),
            }),
        }
    }
}

/// Checks that the rows belong together: one checklist edition and one
/// term. Returns a note per mix found, in the workbook's language.
pub fn mixes(rows: &[SchoolRow], lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    let mut count = |what: &'static str, key: fn(&SchoolRow) -> &str| {
        let mut seen: IndexMap<String, usize> = IndexMap::new();
        for r in rows {
            *seen.entry(key(r).to_string()).or_default() += 1;
        }
        if seen.len() > 1 {
            let parts: Vec<String> = seen
                .iter()
                .map(|(k, n)| lang.fill("workbook", "mixed_part", &[("k", k), ("n", n)]))
                .collect();
            let parts = parts.join(lang.label("workbook", "list_sep"));
            notes.push(lang.fill(
                "workbook",
                "mixed",
                &[("what", &lang.label("workbook", what)), ("parts", &parts)],
            ));
        }
    };
    count("mixed_checklist", |r| &r.checklist);
    count("mixed_term", |r| &r.term_start);
    notes
}

/// Gives each row the items short at its previous inspection too, from
/// last term's rows (`prev`, ids mapped): what the spot-check risk and
/// the 连续未达标 sheet count.
pub fn with_previous(rows: &mut [SchoolRow], prev: &[SchoolRow]) {
    let then = terms::by_code(prev);
    for r in rows {
        if let Some(p) = then.get(r.code.as_str()) {
            r.recurring = terms::recurring(r, p);
        }
    }
}

/// Keeps one row per school code (the latest inspection), with a note
/// for each row left out, in the workbook's language. The rows stay where
/// they are (a kept later copy takes its school's first place): at 20,000
/// schools, moving them into a map and back held three copies (+31 MB).
pub fn dedup(mut rows: Vec<SchoolRow>, lang: Lang) -> (Vec<SchoolRow>, Vec<String>) {
    let duplicate = |kept: &SchoolRow, dropped: &SchoolRow| {
        lang.fill(
            "workbook",
            "duplicate",
            &[
                ("school", &kept.name),
                ("code", &kept.code),
                ("kept", &kept.source),
                ("dropped", &dropped.source),
            ],
        )
    };
    let mut notes = Vec::new();
    // Per school, keyed by code and name (two schools under one code are
    // two schools, both kept, both named in a note; one school twice is
    // one): where it first came and which row is kept.
    let plan: Vec<(usize, usize)> = {
        let mut by_key: IndexMap<(&str, &str), (usize, usize)> = IndexMap::new();
        // The names seen under each code, in first-seen order (searching
        // every kept row for the code was quadratic: 1.4 s at 20,000).
        let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let seen = names.entry(&r.code).or_default();
            if let Some(other) = seen.iter().find(|n| **n != r.name) {
                let o = &rows[by_key[&(r.code.as_str(), *other)].1];
                notes.push(lang.fill(
                    "workbook",
                    "code_shared",
                    &[
                        ("code", &r.code),
                        ("a", other),
                        ("a_file", &o.source),
                        ("b", &r.name),
                        ("b_file", &r.source),
                    ],
                ));
            }
            if !seen.contains(&r.name.as_str()) {
                seen.push(&r.name);
            }
            match by_key.get_mut(&(r.code.as_str(), r.name.as_str())) {
                Some((_, kept)) if rows[*kept].date > r.date => {
                    notes.push(duplicate(&rows[*kept], r));
                }
                Some((_, kept)) => {
                    notes.push(duplicate(r, &rows[*kept]));
                    *kept = i;
                }
                None => {
                    by_key.insert((&r.code, &r.name), (i, i));
                }
            }
        }
        by_key.into_values().collect()
    };
    let mut first = vec![false; rows.len()];
    for (at, kept) in plan {
        // Both places are this school's: the swaps do not meet.
        rows.swap(at, kept);
        first[at] = true;
    }
    let mut i = 0;
    rows.retain(|_| {
        i += 1;
        first[i - 1]
    });
    (rows, notes)
}

/// The path of an office's workbook: `summary.xlsx` → `summary-职成教育科.xlsx`.
pub fn office_path(out: &Path, office: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "summary".into());
    let ext = out
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xlsx".into());
    let office = if office.is_empty() {
        "未分科室"
    } else {
        office
    };
    out.with_file_name(format!("{stem}-{office}.{ext}"))
}

/// Writes the workbook(s) atomically; returns the paths written.
pub fn write_xlsx(books: &[sheets::WorkbookOut], out: &Path) -> crate::error::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for b in books {
        let path = match &b.office {
            Some(o) => office_path(out, o),
            None => out.to_path_buf(),
        };
        // Zipped straight into the temporary file beside the workbook.
        let mut failed = None;
        crate::pipeline::write_atomic_with(&path, |f| {
            use std::io::Write;
            let mut w = std::io::BufWriter::new(f);
            crate::output::xlsx::xlsx_filtered_to(&b.sheets, &mut w).map_err(|e| {
                let text = e.to_string();
                failed = Some(e);
                std::io::Error::other(text)
            })?;
            w.flush()
        })
        .map_err(|e| match failed.take() {
            Some(w) => crate::error::Error::other(format!("{}: {w}", path.display())),
            None => e,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes every sheet as a CSV file (UTF-8 with BOM, as Excel opens it)
/// into `dir`; split workbooks get the office in the file name.
pub fn write_csv(books: &[sheets::WorkbookOut], dir: &Path) -> crate::error::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for b in books {
        for s in &b.sheets {
            let name = match &b.office {
                Some(o) => format!("{o}-{}.csv", s.head.name),
                None => format!("{}.csv", s.head.name),
            };
            let bytes = crate::output::csv::csv_for_spreadsheets(
                &s.head.headers,
                &s.rows(),
                crate::output::csv::Encoding::Utf8Bom,
            );
            let path = dir.join(name);
            crate::pipeline::write_atomic(&path, &bytes)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// A row with nothing in it but its code, name 学校{code} and vetoes.
#[cfg(test)]
pub(crate) fn test_row(code: &str, vetoed: usize) -> SchoolRow {
    SchoolRow {
        source: String::new(),
        name: format!("学校{code}"),
        code: code.into(),
        kind: String::new(),
        type_name: String::new(),
        township: String::new(),
        office: String::new(),
        term_start: String::new(),
        date: String::new(),
        checklist: String::new(),
        score: 80.0,
        grade: String::new(),
        vetoed: (0..vetoed).map(|i| format!("v{i}")).collect(),
        pending_points: 0.0,
        pending_items: 0,
        pending: crate::result::Pending {
            items: 0,
            points: 0.0,
            best_score: 80.0,
            best_grade: String::new(),
            worst_score: 80.0,
            worst_grade: String::new(),
        },
        sections: Box::default(),
        items: Box::default(),
        vetoes: Vec::new(),
        rectifications: Vec::new(),
        self_assessment: None,
        self_audit_only: false,
        recurring: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(code: &str, name: &str, date: &str, source: &str) -> SchoolRow {
        SchoolRow {
            name: name.into(),
            date: date.into(),
            source: source.into(),
            ..test_row(code, 0)
        }
    }

    /// One school twice keeps its later result; two schools under one
    /// code are both kept and named, whichever order the files come in.
    #[test]
    fn dedup_keeps_the_later_copy_and_names_shared_codes() {
        let rows = vec![
            at("4201", "甲校", "2026-09-01", "a.json"),
            at("4201", "乙校", "2026-09-02", "b.json"),
            at("4202", "丙校", "2026-09-03", "c.json"),
            at("4201", "甲校", "2026-09-05", "d.json"),
            at("4202", "丙校", "2026-09-01", "e.json"),
        ];
        let (kept, notes) = dedup(rows, Lang::Zh);
        let kept: Vec<(&str, &str)> = kept
            .iter()
            .map(|r| (r.name.as_str(), r.source.as_str()))
            .collect();
        assert_eq!(
            kept,
            [("甲校", "d.json"), ("乙校", "b.json"), ("丙校", "c.json")]
        );
        assert_eq!(
            notes,
            [
                "学校标识码 4201 同时用于「甲校」(a.json)和「乙校」(b.json),两份结果都已汇总,请核对标识码",
                "学校标识码 4201 同时用于「乙校」(b.json)和「甲校」(d.json),两份结果都已汇总,请核对标识码",
                "甲校(4201)有多份结果,保留 d.json 的,略去 a.json",
                "丙校(4202)有多份结果,保留 c.json 的,略去 e.json",
            ]
        );
    }

    /// Findings are kept per code with their count, and the county's
    /// table adds them up across schools.
    #[test]
    fn finding_codes_are_counted_per_kind() {
        let c = counted(["MISSING", "LATE", "MISSING", "MISSING"].into_iter());
        let c: Vec<(&str, usize)> = c.iter().map(|(k, n)| (&**k, *n)).collect();
        assert_eq!(c, [("MISSING", 3), ("LATE", 1)]);
        assert!(Arc::ptr_eq(&shared("家访"), &shared("家访")));
        let a = item_name("care.visit", "家访");
        assert!(Arc::ptr_eq(&a, &item_name("care.visit", "家访")));
        assert_eq!(&*item_name("care.visit", "家访记录").title, "家访记录");
    }
}
