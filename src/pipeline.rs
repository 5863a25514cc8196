//! The stages of `check`, named after what they do: load the checklist,
//! read the submission, load its profile and inspection sheet, fix the
//! inspection date, evaluate. Used by `check`, `report`, `sheet`, `batch`.

use crate::checklist::{self, Checklist};
use crate::error::{Error, Result};
use crate::eval::{self, Input};
use crate::evidence::{self, Evidence};
use crate::inspection::{self, Inspection};
use crate::profile::{self, Profile};
use crate::result::InspectionResult;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Options of a check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// An inspection sheet outside the submission.
    pub inspection: Option<PathBuf>,
    /// The inspection date, overriding the sheet and the profile.
    pub date: Option<NaiveDate>,
    /// Last term's result, followed up (回头看).
    pub previous: Option<std::sync::Arc<Previous>>,
}

/// A previous result and the file it came from.
#[derive(Debug)]
pub struct Previous {
    pub file: String,
    pub result: InspectionResult,
}

impl Previous {
    pub fn read(path: &Path) -> Result<Previous> {
        Ok(Previous {
            file: path.display().to_string(),
            result: read_result(path)?,
        })
    }
}

/// A result file written by `check --format json` (or `batch`).
pub fn read_result(path: &Path) -> Result<InspectionResult> {
    let text = crate::files::read_text_bounded(path, crate::files::MAX_RESULT)
        .map_err(|e| Error::io(path, e))?;
    crate::output::json::parse(&text).map_err(|e| Error::ResultFile {
        path: path.display().to_string(),
        error: e,
    })
}

/// Follows a previous result up in `r` (回头看); another school's result,
/// or a later one, is refused naming the file.
pub fn follow_up(r: &mut InspectionResult, prev: &Previous, cl: &Checklist) -> Result<()> {
    let f = crate::followup::follow_up(&prev.result, r, cl)
        .map_err(|why| Error::other(format!("{}: {why}", prev.file)))?;
    r.followup = Some(f);
    Ok(())
}

/// Loads a checklist file, or the embedded official one.
pub fn load_checklist(path: Option<&Path>) -> Result<Checklist> {
    checklist::load(path).map_err(Error::Invalid)
}

/// A submission read and its profile and sheet validated.
pub struct Submission {
    pub dir: PathBuf,
    pub evidence: Evidence,
    pub profile: Profile,
    pub inspection: Option<Inspection>,
    /// The school's self-scores: its 自评表, then the inspection sheet's
    /// for items the 自评表 leaves out.
    pub self_scores: indexmap::IndexMap<String, f64>,
    /// What reading them found to say (cells that are no score).
    pub notes: Vec<String>,
}

fn display(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// Reads a submission folder and validates `school.yaml` and the
/// inspection sheet (given, or `inspection.yaml` in the folder).
/// A submission's files, from a folder or a .zip.
pub fn read_evidence(dir: &Path) -> Result<evidence::Evidence> {
    use evidence::Source;
    let limits = evidence::Limits::default();
    if evidence::is_zip(dir) {
        evidence::Archive(dir).read(limits)
    } else {
        evidence::Folder(dir).read(limits)
    }
}

pub fn read_submission(dir: &Path, cl: &Checklist, opts: &CheckOptions) -> Result<Submission> {
    let evidence = read_evidence(dir)?;
    let school_file = display(dir, profile::FILE);
    let Some(f) = evidence.get(profile::FILE) else {
        return Err(Error::other(format!(
            "{school_file}: 缺少学校信息文件 school.yaml(可用 ducha init 生成模板)"
        )));
    };
    let text = yaml_in_submission(f, &school_file)?;
    let profile = profile::parse(&school_file, &text, cl).map_err(Error::Invalid)?;
    let inspection = match &opts.inspection {
        Some(p) => {
            let text = crate::files::read_bounded(p, crate::files::MAX_YAML)
                .map_err(|e| Error::io(p, e))?;
            let name = p.display().to_string();
            let label = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| name.clone());
            // Photo paths start from the sheet's own folder: the photos
            // are the inspection's, kept with its record.
            let folder = p.parent().unwrap_or(Path::new(""));
            let base = inspection::PhotoBase::Folder(folder);
            // The workbook of `ducha sheet -o …xlsx`, filled in, or YAML.
            let parsed = if crate::onsite::is_workbook(p) {
                crate::onsite::read(&name, &label, &text, cl, base, &profile.code)
            } else {
                inspection::parse(&name, &label, &text_of(&text), cl, base)
            };
            Some(parsed.map_err(Error::Invalid)?)
        }
        None => match evidence.get(inspection::FILE) {
            Some(f) => {
                let name = display(dir, inspection::FILE);
                let text = yaml_in_submission(f, &name)?;
                Some(
                    inspection::parse(
                        &name,
                        inspection::FILE,
                        &text,
                        cl,
                        inspection::PhotoBase::Submission(&evidence),
                    )
                    .map_err(Error::Invalid)?,
                )
            }
            None => None,
        },
    };
    let (self_scores, notes) = self_scores(&evidence, cl, inspection.as_ref());
    Ok(Submission {
        dir: dir.to_path_buf(),
        evidence,
        profile,
        inspection,
        self_scores,
        notes,
    })
}

/// The self-scores of a submission: its 自评表 first (the school's own
/// document); a sheet's self-score fills an item the 自评表 leaves out,
/// and one that differs from it is said.
pub fn self_scores(
    ev: &Evidence,
    cl: &Checklist,
    sheet: Option<&Inspection>,
) -> (indexmap::IndexMap<String, f64>, Vec<String>) {
    let book = crate::selfassess::read(ev, cl).unwrap_or_default();
    let (mut scores, mut notes) = (book.scores, book.problems);
    for (id, s) in sheet.iter().flat_map(|i| &i.self_scores) {
        match scores.get(id) {
            None => {
                scores.insert(id.clone(), *s);
            }
            Some(own) if (own - s).abs() > 1e-9 => {
                let sheet = sheet.map(|i| i.file.as_str()).unwrap_or_default();
                let plain = crate::present::number::plain;
                notes.push(format!(
                    "{}: 检查项 {id} 的自评分为 {},{sheet} 中为 {};采用学校自评表",
                    book.at.get(id).map(String::as_str).unwrap_or_default(),
                    plain(*own),
                    plain(*s)
                ));
            }
            Some(_) => {}
        }
    }
    (scores, notes)
}

/// The text of a YAML file of the submission (school.yaml,
/// inspection.yaml), within the bound of the YAML files a user names.
fn yaml_in_submission(f: &evidence::EvidenceFile, name: &str) -> Result<String> {
    if f.bytes > crate::files::MAX_YAML {
        return Err(Error::other(format!(
            "{name}: 文件超过 {} MB,不像是 ducha 能读的文件",
            crate::files::MAX_YAML >> 20
        )));
    }
    let bytes = f.content().map_err(|e| Error::io(name, e))?;
    Ok(text_of(&bytes))
}

/// YAML text as Notepad may save it (UTF-8, with BOM, or GBK).
fn text_of(bytes: &[u8]) -> String {
    evidence::text::decode_text(bytes).0
}

/// The inspection date and where it came from: the option, the sheet's
/// visit date, the profile's self-audit date, else today.
pub fn inspection_date(sub: &Submission, opts: &CheckOptions) -> (NaiveDate, &'static str) {
    if let Some(d) = opts.date {
        return (d, "option");
    }
    if let Some(d) = sub.inspection.as_ref().and_then(|i| i.visit_date) {
        return (d, "inspection");
    }
    if let Some(d) = sub.profile.self_audit_date {
        return (d, "school");
    }
    (chrono::Local::now().date_naive(), "today")
}

/// Evaluates a read submission.
pub fn evaluate(
    sub: &Submission,
    cl: &Checklist,
    opts: &CheckOptions,
    previous: Option<&Previous>,
) -> InspectionResult {
    let (date, source) = inspection_date(sub, opts);
    eval::evaluate(&Input {
        checklist: cl,
        evidence: &sub.evidence,
        profile: &sub.profile,
        inspection: sub.inspection.as_ref(),
        self_scores: &sub.self_scores,
        notes: &sub.notes,
        date,
        date_source: source,
        previous: previous.map(|p| &p.result),
    })
}

/// Reads and evaluates a submission folder.
pub fn check(dir: &Path, cl: &Checklist, opts: &CheckOptions) -> Result<InspectionResult> {
    check_with(dir, cl, opts, |_| None)
}

/// Reads and evaluates a submission folder; its previous result is
/// `opts.previous`, else the one `previous_of` finds by 学校标识码 (a
/// batch's `--previous DIR`). Another school's, or a later, previous
/// result is refused before it is used.
pub fn check_with(
    dir: &Path,
    cl: &Checklist,
    opts: &CheckOptions,
    previous_of: impl FnOnce(&str) -> Option<Result<Previous>>,
) -> Result<InspectionResult> {
    let sub = read_submission(dir, cl, opts)?;
    let found;
    let previous = match &opts.previous {
        Some(p) => Some(&**p),
        None => match previous_of(&sub.profile.code) {
            Some(p) => {
                found = p?;
                Some(&found)
            }
            None => None,
        },
    };
    if let Some(p) = previous {
        // The pair is checked first: another school's problems must not
        // reach this school's rules.
        let date = crate::date::iso(inspection_date(&sub, opts).0);
        crate::followup::refuse(&p.result, (&sub.profile.name, &sub.profile.code), &date)
            .map_err(|why| Error::other(format!("{}: {why}", p.file)))?;
    }
    let mut r = evaluate(&sub, cl, opts, previous);
    if let Some(p) = previous {
        follow_up(&mut r, p, cl)?;
    }
    Ok(r)
}

/// Writes a file atomically: a temporary file beside it, then a rename,
/// so that an interrupted run leaves no truncated output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Writes a file atomically by a writer (a temporary file beside it,
/// renamed when complete).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    write(tmp.as_file_mut()).map_err(|e| Error::io(path, e))?;
    // Temporary files are private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Exit code for a result: 1 when an item failed or lost points, or a
/// veto item failed; else 0. Pending and not-applicable items do not fail.
pub fn exit_code(r: &InspectionResult) -> i32 {
    use crate::result::Status;
    let failed = r
        .items
        .iter()
        .any(|i| matches!(i.status, Status::Fail | Status::Partial | Status::Error));
    if failed || !r.summary.vetoed.is_empty() {
        1
    } else {
        0
    }
}
