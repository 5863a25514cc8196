//! The raw checklist: the serde shapes of the YAML
//! (`deny_unknown_fields` everywhere), as an author writes them. `validate`
//! turns them into the checked form (`checked`) that evaluation reads; the
//! leaf types that need no checking (school types, grade bands, columns,
//! modes, scoring) are shared by both.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;
use std::collections::BTreeMap;

/// A school type the checklist knows (`primary` → 小学), and the bureau
/// office (科室) its results go to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolType {
    pub id: String,
    pub name: String,
    /// 基础教育科 or 职成教育科: where aggregates file this type.
    #[serde(default)]
    pub office: String,
    /// Grades taught, for the curriculum rules (kindergartens: none).
    #[serde(default)]
    pub grades: Vec<u32>,
    /// Compulsory education (义务教育): primary, junior, nine-year.
    #[serde(default)]
    pub compulsory: bool,
}

/// A grade band: the grade given at or above `min` percent.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub grade: String,
    pub min: f64,
}

/// Rows of a submitted table that are not records: read past, listed in
/// the result. A cell "starts with" a marker when the marker is the whole
/// cell or is followed by punctuation or a digit (`注:`, `注1`, `合计`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotDataRows {
    /// A row with one of these among its first cells is a total row.
    #[serde(default)]
    pub totals: Vec<String>,
    /// A row whose first filled cell starts with one of these is a note
    /// under (or above) the table.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The risk a school carries in the county's spot-check draw (抽查): a
/// weight per unit of each factor, summed (`aggregate --spot-check`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpotCheck {
    /// Every school's, so that any school can be drawn.
    pub base: f64,
    /// Per point the school scored itself above the evaluation.
    pub over_point: f64,
    /// Per failed veto item.
    pub veto: f64,
    /// Per point still to be scored on site.
    pub pending_point: f64,
    /// Per item short at this inspection and the previous one.
    pub recurring: f64,
    /// When no inspection team visited (the school's self-audit only).
    pub self_audit_only: f64,
}

impl SpotCheck {
    /// The weights by key, as the checklist names them.
    pub fn weights(&self) -> [(&'static str, f64); 6] {
        [
            ("base", self.base),
            ("over_point", self.over_point),
            ("veto", self.veto),
            ("pending_point", self.pending_point),
            ("recurring", self.recurring),
            ("self_audit_only", self.self_audit_only),
        ]
    }
}

/// How the bureau's documents name it: the issuing body, the inspection,
/// the document-number patterns (督导检查反馈意见, 限期整改通知书, 通报).
/// Every field is optional: a tailoring checklist or a county's
/// `county.yaml` sets the ones that differ, field by field, over the
/// official checklist's defaults.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    /// The issuing body (发文机关), e.g. 澴阳县教育局; default: `issuer`.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The office that runs the inspection and takes the schools' replies
    /// (回执), e.g. 澴阳县人民政府教育督导室; empty: the school type's office.
    #[serde(default)]
    pub office: Option<String>,
    /// The team's name as it signs, e.g. 澴阳县教育局督导检查组.
    #[serde(default)]
    pub team: Option<String>,
    /// The inspection's name, e.g. 2026年秋季开学工作督导检查.
    #[serde(default)]
    pub inspection: Option<String>,
    /// The feedback's document number, `{year}` and `{n}` filled in,
    /// e.g. 澴教督〔{year}〕{n}号; empty: no number.
    #[serde(default)]
    pub number: Option<String>,
    /// The rectification notice's number; empty: `number`'s pattern.
    #[serde(default)]
    pub notice_number: Option<String>,
    /// The county bulletin's (通报) number; empty: none.
    #[serde(default)]
    pub bulletin_number: Option<String>,
    /// The first `{n}` a batch gives (schools in folder order).
    #[serde(default)]
    pub first_number: Option<u32>,
    /// Who the schools call about the notice, e.g. 联系人:王老师 0712-4321000.
    #[serde(default)]
    pub contact: Option<String>,
}

impl Documents {
    /// `over`'s fields where set, else these.
    pub fn overlay(&mut self, over: &Documents) {
        fn set<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
            if b.is_some() {
                *a = b.clone();
            }
        }
        set(&mut self.issuer, &over.issuer);
        set(&mut self.office, &over.office);
        set(&mut self.team, &over.team);
        set(&mut self.inspection, &over.inspection);
        set(&mut self.number, &over.number);
        set(&mut self.notice_number, &over.notice_number);
        set(&mut self.bulletin_number, &over.bulletin_number);
        set(&mut self.first_number, &over.first_number);
        set(&mut self.contact, &over.contact);
    }
}

/// Deadlines of rectification entries, in days after the inspection date.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rectification {
    pub veto_days: i64,
    pub other_days: i64,
}

impl Default for Rectification {
    fn default() -> Self {
        Rectification {
            veto_days: 7,
            other_days: 30,
        }
    }
}

/// The fields of `school.yaml` that the checklist relies on: headcounts
/// and flags, each with a Chinese label (used by `init` and in messages).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub headcounts: IndexMap<String, String>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub flags: IndexMap<String, String>,
}

/// How a table column's cells are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColType {
    #[default]
    Text,
    Number,
    Date,
}

/// A column of a table, found by its title or any alias.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, rename = "type")]
    pub kind: ColType,
    /// A table without this column is still read.
    #[serde(default)]
    pub optional: bool,
    /// What to write in it, for the templates of `ducha init`.
    #[serde(default)]
    pub note: String,
    /// Units a number may be written with (`125克`, `125 g`): read as the
    /// number. Any other text in a number column is `number-invalid`.
    #[serde(default)]
    pub units: Vec<String>,
}

/// A table the school submits (xlsx, csv, yaml or json).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    pub title: String,
    /// Globs relative to the submission; every matching file is read.
    pub files: Vec<String>,
    /// Where `ducha init` puts the template (relative path, .xlsx).
    #[serde(default)]
    pub template: Option<String>,
    pub columns: Vec<ColumnSpec>,
    /// Column whose values identify a row (a child's name).
    #[serde(default)]
    pub key: Option<String>,
    /// Shown to the school above the template's header row.
    #[serde(default)]
    pub note: String,
}

impl TableSpec {
    pub fn column(&self, id: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.id == id)
    }
}

/// How an item is judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// From the submitted evidence, by the engine.
    #[default]
    Evidence,
    /// On site, by the inspector.
    Onsite,
    /// Both: the evidence part is automatic, the inspector confirms.
    Both,
}

/// How an item judged both ways combines the two scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The lower of the two.
    #[default]
    Min,
    /// The inspector's score replaces the evidence score.
    Onsite,
    /// The mean of the two.
    Mean,
}

/// How an item's points are earned from its rules' findings. Written
/// `all_or_nothing`, `proportional` or `{deduct: 1}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", try_from = "ScoringSyntax")]
pub enum Scoring {
    /// Full points without findings, none with any.
    #[default]
    AllOrNothing,
    /// Points in proportion to the rows/keys/files that pass.
    Proportional,
    /// `{deduct: 1}`: N points off per failing row or key, down to 0.
    Deduct(f64),
}

/// The YAML forms of `Scoring` (serde_yaml reads enums with data only as
/// `!tags`; a clerk writes a map).
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
enum ScoringSyntax {
    Name(String),
    Deduct { deduct: f64 },
}

// The error is a message because serde's `try_from` turns it into the
// YAML error shown at the value's line and column (the one place it goes).
impl TryFrom<ScoringSyntax> for Scoring {
    type Error = String;
    fn try_from(s: ScoringSyntax) -> Result<Self, String> {
        match s {
            ScoringSyntax::Name(n) if n == "all_or_nothing" => Ok(Scoring::AllOrNothing),
            ScoringSyntax::Name(n) if n == "proportional" => Ok(Scoring::Proportional),
            ScoringSyntax::Name(n) => Err(format!("unknown variant `{n}`, expected `all_or_nothing`, `proportional` or `{{deduct: N}}`")),
            ScoringSyntax::Deduct { deduct } => Ok(Scoring::Deduct(deduct)),
        }
    }
}

/// Guidance texts: for the school (what to submit, how to fix) and for the
/// inspector (where to look).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    #[serde(default)]
    pub school: String,
    #[serde(default)]
    pub inspector: String,
}

/// One string or a list of them.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A per-row check of a `table` rule. Exactly one of `required`,
/// `pattern`, `one_of`, `min`/`max`, `not_before`/`not_after`, `test`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Columns that must not be empty.
    #[serde(default)]
    pub required: Vec<String>,
    pub column: Option<String>,
    /// Regular expression the whole cell must match.
    pub pattern: Option<String>,
    pub one_of: Option<Vec<String>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Date bounds (inclusive), as expressions: `term_start`, `add_days(date, -31)`.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// A condition on the row (`row.absent_days <= 7 or row.reason`).
    pub test: Option<String>,
    /// Only rows for which this holds are checked.
    pub when: Option<String>,
    pub code: Option<String>,
    /// Message template; the default message names the check.
    pub message: Option<String>,
}

/// An aggregate over a table's rows: exactly one of `count`, `sum`,
/// `min`, `max`, `ratio`, `values`. With `table`, it is computed over that
/// other table (all its rows, or those where `when` holds; `when` may read
/// `group`), which joins two tables in one rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agg {
    /// `count: true` counts rows; `count: "expr"` counts rows where it holds.
    pub count: Option<CountOf>,
    pub sum: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// Share (0..1) of rows where the expression holds.
    pub ratio: Option<String>,
    /// The distinct non-empty values of a column, as a list.
    pub values: Option<String>,
    pub table: Option<String>,
    pub when: Option<String>,
}

impl Agg {
    /// The column the aggregate reads, if any.
    pub fn column(&self) -> Option<&str> {
        self.sum
            .as_deref()
            .or(self.min.as_deref())
            .or(self.max.as_deref())
            .or(self.values.as_deref())
    }
    /// The row expression it evaluates, if any.
    pub fn row_expr(&self) -> Option<&str> {
        match &self.count {
            Some(CountOf::Where(e)) => Some(e),
            _ => self.ratio.as_deref(),
        }
    }
    /// How many operations it names (validation wants exactly one).
    pub fn ops(&self) -> usize {
        [
            self.count.is_some(),
            self.sum.is_some(),
            self.min.is_some(),
            self.max.is_some(),
            self.ratio.is_some(),
            self.values.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CountOf {
    All(bool),
    Where(String),
}

/// A condition with the message given when it does not hold.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assertion {
    pub test: String,
    pub message: String,
    pub code: Option<String>,
}

/// Joins each group of an aggregate to a row of another table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    pub table: String,
    /// Column of `table` that holds the group's value.
    pub key: String,
    /// Name of the joined row in expressions.
    #[serde(rename = "as")]
    pub alias: String,
}

/// Evidence rules: the vocabulary the checklist composes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    Files(FilesRule),
    Table(TableRule),
    Aggregate(AggregateRule),
    Coverage(CoverageRule),
    Assert(AssertRule),
    Followup(FollowupRule),
}

/// Files that must be present.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilesRule {
    /// What the files are, in the school's words (学校工作计划).
    pub label: String,
    pub glob: OneOrMany,
    #[serde(default = "one")]
    pub min: usize,
    /// Allowed extensions, lower case, without the dot; empty: any.
    #[serde(default)]
    pub extensions: Vec<String>,
    #[serde(default = "yes")]
    pub non_empty: bool,
    /// Words (templates: `{{ year }}`) that a readable file must contain.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Where `ducha init` leaves a placeholder folder.
    #[serde(default)]
    pub folder: Option<String>,
}

fn one() -> usize {
    1
}
fn yes() -> bool {
    true
}

/// Row checks on a table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRule {
    pub table: String,
    #[serde(default)]
    pub min_rows: usize,
    /// An absent table is no finding (e.g. no absent pupils, no list).
    #[serde(default)]
    pub optional: bool,
    /// Only rows for which this holds are checked.
    pub when: Option<String>,
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// Aggregates over a table compared with thresholds or the profile.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AggregateRule {
    pub table: String,
    pub when: Option<String>,
    /// Evaluate per distinct value of this column.
    pub group_by: Option<String>,
    pub lookup: Option<Lookup>,
    #[schemars(with = "BTreeMap<String, Agg>")]
    pub values: IndexMap<String, Agg>,
    pub assert: Vec<Assertion>,
    /// An absent table counts as zero rows instead of a finding.
    #[serde(default)]
    pub optional: bool,
}

/// Every key of one table has a match in another table (or a file).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageRule {
    pub from: String,
    /// Key column of `from`; default: the table's key.
    pub key: Option<String>,
    /// Only these rows of `from` need a match.
    pub from_when: Option<String>,
    /// A table of matches; with `to_files` too, either counts.
    pub to: Option<String>,
    /// Column of `to` holding the key.
    pub to_key: Option<String>,
    /// A row of `to` counts only when this holds (`row.visit_date >= term_start`).
    pub when: Option<String>,
    /// Or: a file whose name contains the key.
    pub to_files: Option<OneOrMany>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// Conditions on the profile and the dates.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssertRule {
    pub assert: Vec<Assertion>,
}

/// 回头看 as a rule: every item that failed or lost points at the
/// previous inspection (`--previous`) passes now, or a row of the ledger
/// that names it is done. Without a previous result it checks nothing
/// and says so in the item's note.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowupRule {
    /// The ledger (问题整改台账) where a problem is recorded as done.
    pub ledger: Option<String>,
    /// Columns of the ledger whose text names a problem: a row names an
    /// item when one of these cells contains the item's title or id, or
    /// one of its findings of last time word for word.
    #[serde(default)]
    pub names: Vec<String>,
    /// A ledger row counts as done when this holds (`row.status == '已完成'`).
    pub done: Option<String>,
    pub code: Option<String>,
    /// Template; `problem` has `id`, `title`, and as written in a report
    /// (`4`, `2.5`) `previous_score`, `previous_max`, `score`, `max`.
    pub message: Option<String>,
}

/// One inspection item.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The rule it rests on: name and article.
    #[serde(default)]
    pub basis: String,
    pub points: f64,
    #[serde(default)]
    pub veto: bool,
    /// Finding codes that trigger the veto; empty: any finding.
    #[serde(default)]
    pub veto_on: Vec<String>,
    /// School types it applies to; empty: all.
    #[serde(default)]
    pub school_types: Vec<String>,
    /// Applies only when this holds (`school.canteen`).
    pub applies_if: Option<String>,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub combine: Combine,
    #[serde(default)]
    pub scoring: Scoring,
    /// Thresholds and other numbers, as `params.NAME` in expressions; a
    /// county overrides them without touching the rules.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub params: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    pub guidance: Guidance,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Ids this item had in earlier editions: a previous term's result
    /// for one of them is followed up under this item (回头看).
    #[serde(default)]
    pub replaces: Vec<String>,
}

/// A checklist file as written. Items and tables stay raw YAML here,
/// so that loading deserialises each on its own (one bad item does not
/// hide the next); the schema describes them as what they become.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistFile {
    pub version: u32,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub edition: String,
    #[serde(default)]
    pub issuer: String,
    /// How the bureau's documents name the issuer and number them.
    #[serde(default)]
    pub documents: Option<Documents>,
    #[serde(default)]
    pub extends: Option<String>,
    #[serde(default)]
    pub school_types: Option<Vec<SchoolType>>,
    #[serde(default)]
    pub profile: Option<ProfileSpec>,
    #[serde(default)]
    pub grade_bands: Option<Vec<GradeBand>>,
    #[serde(default)]
    pub rectification: Option<Rectification>,
    /// Risk weights of the spot-check draw; none: no 抽查建议.
    #[serde(default)]
    pub spot_check: Option<SpotCheck>,
    /// Rows of the submitted tables that are not records.
    #[serde(default)]
    pub not_data_rows: Option<NotDataRows>,
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, TableSpec>")]
    pub tables: IndexMap<String, Value>,
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    /// Tailoring: item id → fields to change.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub overrides: IndexMap<String, Value>,
    /// Tailoring: item ids to leave out.
    #[serde(default)]
    pub drop: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    pub id: String,
    pub title: String,
    /// The title in English (`--lang en`); the Chinese title without one.
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    #[schemars(with = "Vec<Item>")]
    pub items: Vec<Value>,
}

/// The JSON Schema of a checklist file, for editors (`ducha schema`).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ChecklistFile)).unwrap_or_default()
}
