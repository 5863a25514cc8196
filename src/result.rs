//! The result of an inspection: the one model every renderer reads
//! (terminal, JSON, PDF, workbook). Serialised as `result.json` with a
//! versioned schema, documented in `docs/result-schema.md`.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The schema identifier written into every result.
pub const SCHEMA: &str = "ducha.result/1";

/// A table of the checklist as read from the submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRead {
    pub id: String,
    pub title: String,
    /// Each file (and sheet) read, in order.
    pub files: Vec<TableFile>,
    /// Records read, over all files.
    pub rows: usize,
    /// Rows read past, with their place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedRow>,
}

/// One file (and sheet) a table was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableFile {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The header row, as the spreadsheet numbers it.
    pub header_row: usize,
    pub rows: usize,
    /// An unfilled template beside a filled file: not read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ignored: bool,
}

/// A row of a table that is not a record, and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRow {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub row: usize,
    pub reason: SkipReason,
}

/// Why a row is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// 合计, 小计, 总计.
    Total,
    /// 注, 备注, 说明, 填表人, 审核 ... under the table.
    Note,
    /// One cell merged across the row: a heading inside the table.
    Heading,
    /// An empty row between records.
    Blank,
}

impl SkipReason {
    /// The key of its label in `templates/labels.yaml` (group `skip`).
    pub fn key(self) -> &'static str {
        match self {
            SkipReason::Total => "total",
            SkipReason::Note => "note",
            SkipReason::Heading => "heading",
            SkipReason::Blank => "blank",
        }
    }
}

/// Status of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Partial,
    Fail,
    NotApplicable,
    Pending,
    Error,
    Waived,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::NotApplicable,
        Status::Pending,
        Status::Error,
        Status::Waived,
    ];
    /// Terminal mark.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Partial => "◐",
            Status::Fail => "✗",
            Status::NotApplicable => "—",
            Status::Pending => "○",
            Status::Error => "!",
            Status::Waived => "~",
        }
    }
    /// The status as its JSON spells it (`not_applicable`): the key of
    /// its label in `templates/labels.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
            Status::NotApplicable => "not_applicable",
            Status::Pending => "pending",
            Status::Error => "error",
            Status::Waived => "waived",
        }
    }
    /// Whether the item's points count in the denominator.
    pub fn counts(self) -> bool {
        !matches!(self, Status::NotApplicable | Status::Waived)
    }
}

/// Where a finding's evidence is: file, sheet, row, column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Shared by the findings of one file (a roster of 100,000 children
    /// is 400,000 findings naming it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<CompactString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column letter and header, e.g. `D(父母联系电话)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<CompactString>,
}

impl Location {
    pub fn file(f: &str) -> Self {
        Location {
            file: Some(f.into()),
            ..Default::default()
        }
    }
    pub fn is_empty(&self) -> bool {
        self.file.is_none()
    }
}

/// One finding: a stable code, a Chinese message, where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: CompactString,
    pub message: String,
    #[serde(default, skip_serializing_if = "Location::is_empty")]
    pub location: Location,
    /// Whom the finding is about: the row's key (a child's or a worker's
    /// name), so that `--redact` can mask it wherever it appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<CompactString>,
    /// This finding triggers the item's veto.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub veto: bool,
}

/// The inspector's part of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Onsite {
    pub score: f64,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub finding: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub photos: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub veto: bool,
}

/// The evaluation of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub id: String,
    pub section: String,
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub basis: String,
    /// How the item is judged: evidence, on site, or both.
    pub mode: crate::checklist::Mode,
    pub veto_item: bool,
    pub status: Status,
    /// Points earned (0 for items that do not count).
    pub score: f64,
    /// The item's points.
    pub max: f64,
    /// Score from the evidence alone, for items judged both ways.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evidence_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub onsite: Option<Onsite>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub self_score: Option<f64>,
    /// A failed veto item (一票否决).
    pub vetoed: bool,
    pub findings: Vec<Finding>,
    /// Why the item is not applicable, waived or in error.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub note: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub guidance_school: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub guidance_inspector: String,
}

/// A section's subtotal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    /// The checklist's English title (`--lang en`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    pub score: f64,
    /// Applicable points of the section.
    pub max: f64,
    /// Points as written in the checklist.
    pub points: f64,
}

/// Points still to be scored on site, and the range of outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub items: usize,
    pub points: f64,
    pub best_score: f64,
    pub best_grade: String,
    pub worst_score: f64,
    pub worst_grade: String,
}

/// The summary: score, grade, vetoes, counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Earned ÷ applicable × 100, rounded to one decimal.
    pub score: f64,
    pub earned: f64,
    pub applicable: f64,
    pub grade: String,
    /// Ids of failed veto items.
    pub vetoed: Vec<String>,
    /// Items per status, in the order of `Status::ALL`.
    pub counts: std::collections::BTreeMap<Status, usize>,
    pub pending: Pending,
    /// The school's self-scores beside the evaluated ones, over the items
    /// both judged (none: the school scored no item itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_assessment: Option<SelfAssessment>,
}

/// The school's word against the inspection: over the items that have a
/// self-score and a score of their own (pending, not applicable, waived
/// and unreadable items are left out: nothing to compare with).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfAssessment {
    /// Items compared.
    pub items: usize,
    /// Their self-scores, summed.
    pub self_score: f64,
    /// Their evaluated scores, summed.
    pub evaluated: f64,
    /// Self-assessed minus evaluated, in points: over-reporting when
    /// positive.
    pub over: f64,
    /// Items whose self-score is above the evaluated one.
    pub over_items: usize,
}

impl SelfAssessment {
    /// The comparison over `items`; none when no item has a self-score.
    pub fn of(items: &[ItemResult]) -> Option<SelfAssessment> {
        let compared: Vec<(f64, f64)> = items
            .iter()
            .filter(|i| matches!(i.status, Status::Pass | Status::Partial | Status::Fail))
            .filter_map(|i| i.self_score.map(|s| (s, i.score)))
            .collect();
        if compared.is_empty() {
            return None;
        }
        let r2 = |x: f64| (x * 100.0).round() / 100.0 + 0.0;
        let self_score = r2(compared.iter().map(|c| c.0).sum());
        let evaluated = r2(compared.iter().map(|c| c.1).sum());
        Some(SelfAssessment {
            items: compared.len(),
            self_score,
            evaluated,
            over: r2(self_score - evaluated),
            over_items: compared.iter().filter(|(s, e)| s > &(e + 1e-9)).count(),
        })
    }
}

/// One line of the score trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceLine {
    pub item: String,
    pub earned: f64,
    pub max: f64,
    pub counted: bool,
    pub why: String,
}

/// A file of the submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The school, as the result names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct School {
    pub name: String,
    pub code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub type_name: String,
    pub township: String,
    /// The bureau office its results go to.
    pub office: String,
    pub term_start: String,
}

/// The checklist a result was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistRef {
    pub id: String,
    pub title: String,
    pub edition: String,
    pub tailored: bool,
}

/// The inspection team and visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub members: Vec<crate::inspection::Inspector>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub visit_date: Option<String>,
    /// The school's staff present (学校陪同人员).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub staff: Vec<crate::inspection::Staff>,
    /// The inspectors' photos: the inspection's own record, apart from the
    /// school's files (`manifest`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub photos: Vec<crate::inspection::Photo>,
}

/// A rectification entry (限期整改).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rectification {
    pub item: String,
    pub title: String,
    pub veto: bool,
    pub findings: Vec<String>,
    pub guidance: String,
    pub deadline: String,
}

/// What became of an item that failed, or lost points, last term (回头看).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rectified {
    /// Passing now (整改到位).
    Rectified,
    /// Still not passing, but some of last term's findings are gone or
    /// the score rose (部分整改).
    Partly,
    /// The same findings again, no better score (未整改).
    NotRectified,
    /// Not decided yet: on-site points pending, or evidence in error.
    Pending,
    /// The item no longer applies, or is waived this term.
    NotApplicable,
    /// The checklist of this term has no such item (and none replaces it).
    Removed,
}

impl Rectified {
    pub const ALL: [Rectified; 6] = [
        Rectified::Rectified,
        Rectified::Partly,
        Rectified::NotRectified,
        Rectified::Pending,
        Rectified::NotApplicable,
        Rectified::Removed,
    ];
    /// The key of its label (group `followup`), as its JSON spells it.
    pub fn key(self) -> &'static str {
        match self {
            Rectified::Rectified => "rectified",
            Rectified::Partly => "partly",
            Rectified::NotRectified => "not_rectified",
            Rectified::Pending => "pending",
            Rectified::NotApplicable => "not_applicable",
            Rectified::Removed => "removed",
        }
    }
}

/// One of last term's findings, and whether it is found again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousFinding {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The same finding (code, and subject or place) this term.
    pub recurs: bool,
}

/// An item followed up from last term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpItem {
    /// The item's id in this term's checklist (last term's id when removed).
    pub item: String,
    /// Last term's id, when the item was renamed (`replaces:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_item: Option<String>,
    pub title: String,
    pub status: Rectified,
    pub previous_status: Status,
    pub previous_score: f64,
    pub previous_max: f64,
    /// Vetoed last term.
    pub previous_vetoed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Failed or lost points two terms running.
    pub recurring: bool,
    pub findings: Vec<PreviousFinding>,
}

/// 回头看: last term's result, and what became of its problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The previous result's inspection date.
    pub previous_date: String,
    pub previous_checklist: ChecklistRef,
    pub previous_score: f64,
    pub previous_grade: String,
    /// The checklist's edition changed between the terms.
    pub edition_changed: bool,
    pub items: Vec<FollowUpItem>,
    /// Items per status, in the order of `Rectified::ALL`.
    pub counts: std::collections::BTreeMap<Rectified, usize>,
}

/// The whole result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionResult {
    pub schema: String,
    pub generator: String,
    pub checklist: ChecklistRef,
    pub school: School,
    /// The inspection date used for every date rule.
    pub date: String,
    /// Where the date came from: `option`, `inspection`, `school`, `today`.
    pub date_source: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub inspection: Option<Team>,
    pub summary: Summary,
    pub sections: Vec<SectionResult>,
    pub items: Vec<ItemResult>,
    pub rectifications: Vec<Rectification>,
    pub trace: Vec<TraceLine>,
    /// Every table read: its files, rows, and the rows read past.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<TableRead>,
    pub manifest: Vec<ManifestEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
    /// Last term's problems followed up (`--previous`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub followup: Option<FollowUp>,
}
