//! The inspection sheet (`inspection.yaml`): the team, the visit date,
//! per on-site item a score or verdict with finding, photos and veto flag,
//! waivers, and the school's self-assessed scores. Validated against the
//! checklist and the submission, every mistake with its `file:line`.

use crate::checklist::{Checklist, Mode};
use crate::date;
use crate::diag::Diagnostic;
use crate::evidence::Evidence;
use crate::yamlfile::scalar;
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file name of the sheet inside a submission.
pub const FILE: &str = "inspection.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    team: Vec<Inspector>,
    #[serde(default)]
    staff: Vec<Staff>,
    visit_date: serde_yaml::Value,
    #[serde(default)]
    items: IndexMap<String, RawEntry>,
    #[serde(default)]
    waivers: Vec<RawWaiver>,
    #[serde(default)]
    self_scores: IndexMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    score: Option<f64>,
    verdict: Option<Verdict>,
    #[serde(default)]
    finding: String,
    #[serde(default)]
    photos: Vec<String>,
    #[serde(default)]
    veto: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    item: String,
    reason: String,
    approved_by: String,
    expires: serde_yaml::Value,
}

/// A member of the inspection team.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Inspector {
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

/// A member of the school's staff present at the visit (学校陪同人员).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub name: String,
    #[serde(default)]
    pub post: String,
}

/// An inspector's photo, as the sheet names it, with its size and hash.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Photo {
    /// The path as written: relative to the sheet's folder.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// The items it documents.
    pub items: Vec<String>,
    /// The photo is a file of the submission (a sheet kept inside it):
    /// listed here, not among the school's files.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_submission: bool,
}

/// Where a sheet's photo paths point: the sheet's own folder. For the
/// `inspection.yaml` kept in a submission that folder is the submission
/// (a folder or a zip), whose files are read already.
#[derive(Clone, Copy)]
pub enum PhotoBase<'a> {
    Submission(&'a Evidence),
    Folder(&'a Path),
}

/// The largest photo hashed (a phone's photo is a few MB; a video is not
/// a photo).
const MAX_PHOTO: u64 = 512 << 20;

impl PhotoBase<'_> {
    /// The photo at `path`, or why it cannot be one.
    fn find(&self, path: &str) -> Result<Photo, String> {
        let photo = |bytes, sha256, in_submission| Photo {
            path: path.to_string(),
            bytes,
            sha256,
            items: Vec::new(),
            in_submission,
        };
        match self {
            PhotoBase::Submission(ev) => ev
                .get(path)
                .map(|f| photo(f.bytes, f.sha256.clone(), true))
                .ok_or_else(|| format!("照片「{path}」不在提交材料中")),
            PhotoBase::Folder(dir) => {
                let full = dir.join(path);
                let (bytes, sha) = crate::files::hash_file(&full, MAX_PHOTO).map_err(|e| {
                    let shown = if dir.as_os_str().is_empty() {
                        ".".into()
                    } else {
                        dir.display().to_string()
                    };
                    if e.kind() == std::io::ErrorKind::NotFound {
                        format!("照片「{path}」不在记录表所在的文件夹「{shown}」中(照片的路径从记录表所在的文件夹算起)")
                    } else {
                        format!("照片「{path}」无法读取: {e}")
                    }
                })?;
                Ok(photo(bytes, sha, false))
            }
        }
    }
}

/// The photos of a sheet, each once with the items it documents.
#[derive(Default)]
pub(crate) struct Photos(Vec<Photo>);

impl Photos {
    /// Records `path` for `item`; `Err` says why it is no photo.
    pub(crate) fn add(&mut self, base: PhotoBase, item: &str, path: &str) -> Result<(), String> {
        let i = match self.0.iter().position(|p| p.path == path) {
            Some(i) => i,
            None => {
                self.0.push(base.find(path)?);
                self.0.len() - 1
            }
        };
        if !self.0[i].items.iter().any(|x| x == item) {
            self.0[i].items.push(item.to_string());
        }
        Ok(())
    }
    pub(crate) fn into_vec(self) -> Vec<Photo> {
        self.0
    }
}

/// An on-site verdict given instead of a score.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Full points.
    Pass,
    /// No points.
    Fail,
}

/// The inspector's judgement of one item.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OnsiteScore {
    pub score: f64,
    pub finding: String,
    pub photos: Vec<String>,
    pub veto: bool,
    /// Where it was written (`inspection.yaml:12`).
    pub at: String,
}

/// A waiver: the item is excused (its points leave the denominator).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Waiver {
    pub item: String,
    pub reason: String,
    pub approved_by: String,
    pub expires: NaiveDate,
}

/// A validated inspection sheet.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Inspection {
    pub file: String,
    pub team: Vec<Inspector>,
    pub staff: Vec<Staff>,
    pub visit_date: Option<NaiveDate>,
    pub scores: IndexMap<String, OnsiteScore>,
    pub waivers: Vec<Waiver>,
    pub self_scores: IndexMap<String, f64>,
    /// The photos the scores cite.
    pub photos: Vec<Photo>,
}

/// Parses and validates an inspection sheet against the checklist; photo
/// references are found from the sheet's folder (`photos`).
///
/// `file` names the sheet in error messages; `label` names it in the
/// result (`inspection.yaml`, relative to the submission when it is inside).
pub fn parse(
    file: &str,
    label: &str,
    text: &str,
    checklist: &Checklist,
    photo_base: PhotoBase,
) -> Result<Inspection, Vec<Diagnostic>> {
    let (raw, doc): (Raw, _) = crate::yamlfile::parse(file, text)?;
    let loc = doc.locator();
    let at = |path: &str, msg: String| doc.diag(path, msg);
    let mut problems = Vec::new();
    let vd = date::parse(&scalar(&raw.visit_date));
    if vd.is_none() {
        problems.push(at(
            "visit_date",
            format!(
                "检查日期「{}」不是日期,请写成 2026-09-10",
                scalar(&raw.visit_date)
            ),
        ));
    }
    let mut scores = IndexMap::new();
    let mut photos = Photos::default();
    for (id, e) in &raw.items {
        let path = format!("items.{id}");
        let Some(item) = checklist.item(id) else {
            problems.push(at(&path, format!("清单中没有检查项 `{id}`")));
            continue;
        };
        if item.mode == Mode::Evidence {
            problems.push(at(
                &path,
                format!("`{id}`({})只依据提交材料评定,不能现场打分", item.title),
            ));
            continue;
        }
        let score = match (e.score, e.verdict) {
            (Some(_), Some(_)) => {
                problems.push(at(
                    &path,
                    format!("`{id}` 请只写 score(分数)或 verdict(结论)之一"),
                ));
                continue;
            }
            (None, None) => {
                problems.push(at(
                    &path,
                    format!(
                        "`{id}` 缺少 score(0 到 {} 分)或 verdict(pass/fail)",
                        item.points
                    ),
                ));
                continue;
            }
            (Some(s), None) => {
                if !(0.0..=item.points).contains(&s) {
                    problems.push(at(
                        &format!("{path}.score"),
                        format!("`{id}` 的得分 {s} 超出范围 0 到 {} 分", item.points),
                    ));
                    continue;
                }
                s
            }
            (None, Some(Verdict::Pass)) => item.points,
            (None, Some(Verdict::Fail)) => 0.0,
        };
        if e.veto && !item.veto {
            problems.push(at(
                &format!("{path}.veto"),
                format!("`{id}`({})不是一票否决项,不能标记 veto", item.title),
            ));
        }
        for (i, p) in e.photos.iter().enumerate() {
            if let Err(msg) = photos.add(photo_base, id, p) {
                problems.push(at(&format!("{path}.photos[{i}]"), msg));
            }
        }
        let line = loc.find(&path).map(|p| p.line).unwrap_or(0);
        scores.insert(
            id.clone(),
            OnsiteScore {
                score,
                finding: e.finding.trim().to_string(),
                photos: e.photos.clone(),
                veto: e.veto,
                at: format!("{label}:{line}"),
            },
        );
    }
    let mut waivers = Vec::new();
    for (i, w) in raw.waivers.iter().enumerate() {
        let path = format!("waivers[{i}]");
        if checklist.item(&w.item).is_none() {
            problems.push(at(
                &format!("{path}.item"),
                format!("清单中没有检查项 `{}`", w.item),
            ));
        }
        if w.reason.trim().is_empty() || w.approved_by.trim().is_empty() {
            problems.push(at(
                &path,
                "豁免须写明理由(reason)和批准人(approved_by)".into(),
            ));
        }
        match date::parse(&scalar(&w.expires)) {
            None => problems.push(at(
                &format!("{path}.expires"),
                format!("「{}」不是日期", scalar(&w.expires)),
            )),
            Some(expires) => waivers.push(Waiver {
                item: w.item.clone(),
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires,
            }),
        }
    }
    for (id, s) in &raw.self_scores {
        match checklist.item(id) {
            None => problems.push(at(
                &format!("self_scores.{id}"),
                format!("清单中没有检查项 `{id}`"),
            )),
            Some(item) if !(0.0..=item.points).contains(s) => problems.push(at(
                &format!("self_scores.{id}"),
                format!("`{id}` 的自评分 {s} 超出范围 0 到 {} 分", item.points),
            )),
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Inspection {
        file: label.to_string(),
        team: raw.team,
        staff: raw.staff,
        visit_date: vd,
        scores,
        waivers,
        self_scores: raw.self_scores,
        photos: photos.into_vec(),
    })
}
