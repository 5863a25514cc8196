//! `ducha batch`: every submission under a folder checked in parallel,
//! each result JSON and report PDF written atomically, then the bureau
//! workbook. One broken submission does not stop the others; the run ends
//! with the list of what failed and why.

use crate::aggregate::{self, SchoolRow, Split};
use crate::checklist::Checklist;
use crate::error::{Error, Result};
use crate::pipeline::{self, CheckOptions};
use crate::render::{self, PdfOptions};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Stack of each batch worker thread: like a main thread's, with room
/// (rayon's default worker stack, 2 MB, overflowed on a long report).
const BATCH_STACK: usize = 32 << 20;

/// Options of a batch run.
pub struct BatchOptions {
    pub check: CheckOptions,
    pub jobs: Option<usize>,
    /// Write a report PDF per school.
    pub pdf: bool,
    pub pdf_options: PdfOptions,
    pub split: Split,
    /// Last term's results, by school (`--previous DIR`).
    pub previous: Option<PreviousResults>,
}

/// The folder of a batch's submissions that holds last term's results
/// (not a school): followed up when `--previous` is not given.
pub const PREVIOUS_FOLDER: &str = "previous";

/// Last term's result files, indexed by 学校标识码 (each read whole only
/// when its school comes up, so that a county's results never sit in
/// memory together; the lean rows, with no child data, are kept for the
/// workbook's comparison of the terms).
#[derive(Debug, Default)]
pub struct PreviousResults {
    /// code → the row of the latest result of each school (its `source`
    /// is the file).
    by_code: std::collections::HashMap<String, SchoolRow>,
    /// Files that could not be read: (file, why).
    pub unreadable: Vec<(String, String)>,
}

impl PreviousResults {
    /// Indexes the result files under `dir` (a batch's output folder, or
    /// its `results/`).
    pub fn index(dir: &Path) -> Result<PreviousResults> {
        if !dir.is_dir() {
            return Err(Error::other(format!(
                "{}: 不是文件夹;--previous 应给出上学期 batch 输出的文件夹",
                dir.display()
            )));
        }
        let report = aggregate::read_results(&[dir.to_path_buf()]);
        let mut by_code: std::collections::HashMap<String, SchoolRow> = Default::default();
        for row in report.rows {
            let later = by_code.get(&row.code).is_none_or(|r| row.date > r.date);
            if later {
                by_code.insert(row.code.clone(), row);
            }
        }
        Ok(PreviousResults {
            by_code,
            unreadable: report
                .failed
                .into_iter()
                .map(|(f, why)| (f, why.to_string()))
                .collect(),
        })
    }
    /// The previous result of a school, read.
    fn of(&self, code: &str) -> Option<Result<pipeline::Previous>> {
        let row = self.by_code.get(code)?;
        Some(pipeline::Previous::read(Path::new(&row.source)))
    }
    /// How many schools have a previous result.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }
    /// The rows of last term's results, by code, ids mapped to `cl`.
    pub fn rows(&self, cl: &Checklist) -> Vec<SchoolRow> {
        let mut rows: Vec<SchoolRow> = self.by_code.values().cloned().collect();
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        aggregate::terms::mapped(rows, cl)
    }
}

/// What a batch run did.
#[derive(Debug, Default)]
pub struct BatchSummary {
    pub checked: usize,
    /// (submission, why)
    pub failed: Vec<(String, Error)>,
    pub outputs: Vec<PathBuf>,
    /// Entries of the batch folder that are no submission (a stray
    /// file), by name: said, not checked.
    pub ignored: Vec<String>,
}

/// The submissions under `root`: its immediate subfolders and .zip files.
pub fn submissions(root: &Path) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            (p.is_dir() || crate::evidence::is_zip(p))
                && !p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with('.') || n == PREVIOUS_FOLDER
                })
        })
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(Error::other(format!(
            "{}: 没有找到提交材料(每所学校一个文件夹,内含 school.yaml)",
            root.display()
        )));
    }
    Ok(dirs)
}

/// The entries of `root` that [`submissions`] does not take, but for
/// hidden files and office leftovers.
fn not_submissions(root: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| !(p.is_dir() || crate::evidence::is_zip(p)))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !crate::evidence::source::is_junk(n) && n != crate::documents::FILE)
        .collect();
    names.sort();
    names
}

/// A file name for a submission's outputs: its folder name, or the
/// zip's name without `.zip`.
fn stem(dir: &Path) -> String {
    let name = if crate::evidence::is_zip(dir) {
        dir.file_stem()
    } else {
        dir.file_name()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "submission".into())
}

/// One submission's row and written files, or why it failed.
type Outcome = Result<(SchoolRow, Vec<PathBuf>)>;

/// Checks one submission and writes its result. The PDFs come in a second
/// pass ([`documents`]), once every school's documents can be numbered.
fn one(dir: &Path, cl: &Checklist, out: &Path, opts: &BatchOptions) -> Outcome {
    let r = pipeline::check_with(dir, cl, &opts.check, |code| {
        opts.previous.as_ref().and_then(|p| p.of(code))
    })?;
    let json = result_path(out, &stem(dir));
    pipeline::write_atomic_with(&json, |f| crate::output::json::write(&r, f))?;
    Ok((SchoolRow::from_result(&r, &stem(dir)), vec![json]))
}

fn result_path(out: &Path, name: &str) -> PathBuf {
    out.join("results").join(format!("{name}.json"))
}

/// The numbers of a school's documents: its feedback's and its notice's.
#[derive(Debug, Clone, Copy, Default)]
struct Numbers {
    feedback: Option<u32>,
    notice: Option<u32>,
}

/// Numbers the documents issued, each series consecutively from
/// `first_number` in folder order: a feedback for every school a team
/// visited, a notice for those with something to fix. A school no team
/// visited gets its self-audit report (the school's own, unnumbered) and
/// takes no number, so the series has no gaps.
fn numbering(rows: &[Option<&SchoolRow>], first: u32) -> Vec<Numbers> {
    let (mut feedback, mut notice) = (first, first);
    rows.iter()
        .map(|row| {
            let Some(r) = row.filter(|r| !r.self_audit_only) else {
                return Numbers::default();
            };
            let n = Numbers {
                feedback: Some(feedback),
                notice: (!r.rectifications.is_empty()).then_some(notice),
            };
            feedback = feedback.saturating_add(1);
            if n.notice.is_some() {
                notice = notice.saturating_add(1);
            }
            n
        })
        .collect()
}

/// Renders a school's report (the feedback, or its self-audit report where
/// no team visited) and its notice, from the result the first pass wrote.
fn documents(name: &str, n: Numbers, out: &Path, opts: &BatchOptions) -> Result<Vec<PathBuf>> {
    let r = pipeline::read_result(&result_path(out, name))?;
    let visited = r.inspection.is_some();
    let base = render::PdfOptions {
        self_audit: !visited,
        number: n.feedback,
        ..opts.pdf_options.clone()
    };
    let mut written = Vec::new();
    let pdf = render::report(&r, &base)?;
    let path = out.join("reports").join(format!("{name}.pdf"));
    pipeline::write_atomic(&path, &pdf.pdf)?;
    written.push(path);
    if visited && !r.rectifications.is_empty() {
        let opts = render::PdfOptions {
            number: n.notice,
            ..base
        };
        let pdf = render::notice(&r, &opts)?;
        let path = out.join(NOTICES_FOLDER).join(format!("{name}.pdf"));
        pipeline::write_atomic(&path, &pdf.pdf)?;
        written.push(path);
    }
    Ok(written)
}

/// Where a batch writes the rectification notices (限期整改通知书).
pub const NOTICES_FOLDER: &str = "notices";

/// Runs `work` on every index below `n` on `jobs` threads of its own
/// (default: one per core), each taking the next index when done with one.
/// Not a rayon pool: Typst's layout calls rayon, and a rayon worker
/// waiting on it steals the next school, then the next, so that a
/// thread held dozens of schools at once (peak memory grew with the
/// county: 284 MB for 50 schools, 612 MB for 200). Here a thread holds
/// one school; Typst's parallel work runs on rayon's global pool.
/// A defect that panics on one school's files costs that school, not the
/// county's run: `failed` says so in its place.
fn in_workers<T: Send>(
    n: usize,
    jobs: Option<usize>,
    work: impl Fn(usize) -> Result<T> + Sync,
) -> Result<Vec<Result<T>>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = jobs.filter(|&j| j > 0).unwrap_or(cores).min(n).max(1);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<T>>>> = (0..n).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..jobs {
            std::thread::Builder::new()
                // Typst's layout recurses deeply on long reports.
                .stack_size(BATCH_STACK)
                .spawn_scoped(scope, || loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= n {
                        break;
                    }
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(k)))
                        .unwrap_or_else(|p| {
                            let why = p
                                .downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| p.downcast_ref::<String>().cloned())
                                .unwrap_or_default();
                            Err(Error::other(format!(
                                "处理这所学校时 ducha 内部出错({why}),请把它的材料发给维护者;其余学校不受影响"
                            )))
                        });
                    // What the school needed goes back to the system before
                    // the next: 1,000 schools peaked at 127-131 MB with it,
                    // 136-139 without, and no slower (docs/performance.md).
                    crate::release_memory();
                    if let Ok(mut slot) = slots[k].lock() {
                        *slot = Some(r);
                    }
                })
                .map_err(|e| Error::other(format!("无法启动并行任务: {e}")))?;
        }
        Ok(())
    })?;
    Ok(slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(Error::other("未能处理(并行任务中断)".to_string())))
        })
        .collect())
}

/// Runs the batch: check and report every submission, then aggregate.
pub fn run(root: &Path, out: &Path, cl: &Checklist, opts: &BatchOptions) -> Result<BatchSummary> {
    let mut dirs = submissions(root)?;
    // A school sent both as a folder and as a zip of the same name: the
    // folder is checked, the zip is listed as failed (their outputs would
    // have the same name).
    let mut clashes = Vec::new();
    let mut links_out = Vec::new();
    let root_real = root.canonicalize().map_err(|e| Error::io(root, e))?;
    dirs.retain(|d| {
        let zip_beside_folder = crate::evidence::is_zip(d) && d.with_extension("").is_dir();
        if zip_beside_folder {
            clashes.push(d.clone());
        }
        // A school folder that is a link to somewhere else on the disk.
        let is_link = std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink());
        let outside = is_link && !d.canonicalize().is_ok_and(|t| t.starts_with(&root_real));
        if outside {
            links_out.push(d.clone());
        }
        !zip_beside_folder && !outside
    });
    let progress = Progress::new(dirs.len() as u64);
    let checked = in_workers(dirs.len(), opts.jobs, |k| {
        let r = one(&dirs[k], cl, out, opts);
        progress.done(&stem(&dirs[k]), r.as_ref().map(|(row, _)| row));
        r
    })?;
    progress.finish();
    // Second pass: each school's documents, numbered.
    let mut outcomes: Vec<(String, Outcome)> = dirs.iter().map(|d| stem(d)).zip(checked).collect();
    if opts.pdf {
        let rows: Vec<Option<&SchoolRow>> = outcomes
            .iter()
            .map(|(_, r)| r.as_ref().ok().map(|(row, _)| row))
            .collect();
        let numbers = numbering(&rows, opts.pdf_options.documents.first_number);
        let pdfs = in_workers(outcomes.len(), opts.jobs, |k| match &outcomes[k].1 {
            Ok(_) => documents(&outcomes[k].0, numbers[k], out, opts),
            Err(_) => Ok(Vec::new()),
        })?;
        render::release_caches();
        for ((_, r), pdf) in outcomes.iter_mut().zip(pdfs) {
            match (r.as_mut(), pdf) {
                (Ok((_, written)), Ok(more)) => written.extend(more),
                (Ok(_), Err(e)) => *r = Err(e),
                _ => {}
            }
        }
    }
    let mut summary = BatchSummary {
        ignored: not_submissions(root),
        ..Default::default()
    };
    for l in links_out {
        summary.failed.push((
            stem(&l),
            Error::other(format!(
                "{} 是指向 {} 之外的链接,未检查;请把这所学校的材料复制进来",
                l.display(),
                root.display()
            )),
        ));
    }
    for z in clashes {
        summary.failed.push((
            z.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Error::other(format!(
                "与文件夹「{}」是同一所学校,已检查文件夹,未检查压缩包",
                stem(&z)
            )),
        ));
    }
    let mut rows = Vec::new();
    for (name, r) in outcomes {
        match r {
            Ok((row, written)) => {
                summary.checked += 1;
                summary.outputs.extend(written);
                rows.push(row);
            }
            Err(e) => summary.failed.push((name, e)),
        }
    }
    if !rows.is_empty() {
        let lang = opts.pdf_options.lang;
        let mut notes = aggregate::mixes(&rows, lang);
        let (rows, dup) = aggregate::dedup(rows, lang);
        notes.extend(dup);
        // A school that could not be checked is said in the workbook too.
        notes.extend(summary.failed.iter().map(|(name, why)| {
            lang.fill(
                "workbook",
                "not_aggregated",
                &[("file", name), ("why", &why.message())],
            )
        }));
        let previous = opts.previous.as_ref().map(|p| p.rows(cl));
        let mut rows = rows;
        if let Some(prev) = &previous {
            aggregate::with_previous(&mut rows, prev);
        }
        let grades = aggregate::grade_names(cl);
        let extras = aggregate::Extras {
            spot: cl.spot_check.as_ref().map(|w| (w, None)),
            previous: previous.as_deref(),
            grades: &grades,
        };
        let books = aggregate::build(&rows, opts.split, &notes, extras, lang);
        summary
            .outputs
            .extend(aggregate::write_xlsx(&books, &out.join("summary.xlsx"))?);
        if opts.pdf {
            let r = render::summary(&rows, &notes, &render::grade_names(cl), &opts.pdf_options)?;
            let path = out.join("summary.pdf");
            pipeline::write_atomic(&path, &r.pdf)?;
            summary.outputs.push(path);
        }
    }
    Ok(summary)
}

/// A progress bar on a terminal, plain lines when piped.
struct Progress {
    bar: Option<ProgressBar>,
    done: Mutex<u64>,
    total: u64,
}

impl Progress {
    fn new(total: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
                b.set_style(style);
            }
            b
        });
        Progress {
            bar,
            done: Mutex::new(0),
            total,
        }
    }
    fn done(&self, name: &str, row: std::result::Result<&SchoolRow, &Error>) {
        let n = {
            let mut d = self.done.lock().unwrap_or_else(|e| e.into_inner());
            *d += 1;
            *d
        };
        let line = match row {
            Ok(r) => format!("{name}: {} 分 {}", r.score, r.grade),
            Err(_) => format!("{name}: 失败"),
        };
        match &self.bar {
            Some(b) => {
                b.set_position(n);
                b.set_message(line);
            }
            None => eprintln!("[{n}/{}] {line}", self.total),
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
