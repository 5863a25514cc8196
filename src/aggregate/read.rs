//! Reading result files for aggregation: in parallel, each reduced to
//! its row at once (20,000 files never sit in memory whole); a corrupt or
//! foreign file is reported by name and skipped.

use super::{LeanResult, SchoolRow, Spool};
use crate::output::json::ResultFileError;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows read, and the files that could not be used.
#[derive(Debug, Default)]
pub struct ReadReport {
    pub rows: Vec<SchoolRow>,
    /// (file, why)
    pub failed: Vec<(String, ResultFileError)>,
}

/// Result files named by the arguments: files as given, folders searched
/// for `*.json`.
fn collect(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<(String, ResultFileError)>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    // A link to a result file is read like the file (it
                    // used to be skipped without a word).
                    (e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file()))
                        && e.path()
                            .extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                })
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            failed.push((p.display().to_string(), ResultFileError::Missing));
        }
    }
    (files, failed)
}

/// Room a reader thread keeps between two files. A result is about 100 KB;
/// after a larger one (up to [`crate::files::MAX_RESULT`]) the room is
/// given back, so the readers hold at most this much each between files.
const KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// The bytes of the file a reader thread is on, reused from one file
    /// to the next: with freed memory given back at once
    /// (`purge_freed_memory_at_once`), a fresh 100 KB buffer per file was
    /// mapped and zeroed by the system 20,000 times (docs/performance.md,
    /// 2026-12-07, third session).
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn read_one(path: &Path, spool: Option<&Arc<Spool>>) -> Result<SchoolRow, ResultFileError> {
    READ_BUFFER.with(|buf| {
        // The buffer is held while a file is parsed. Were that work ever to
        // call into Rayon, this thread could start another file meanwhile:
        // that file gets a buffer of its own instead of a panic.
        match buf.try_borrow_mut() {
            Ok(mut bytes) => {
                let row = read_one_into(path, spool, &mut bytes);
                if bytes.capacity() > KEPT_BUFFER {
                    *bytes = Vec::new();
                }
                row
            }
            Err(_) => read_one_into(path, spool, &mut Vec::new()),
        }
    })
}

fn read_one_into(
    path: &Path,
    spool: Option<&Arc<Spool>>,
    bytes: &mut Vec<u8>,
) -> Result<SchoolRow, ResultFileError> {
    crate::files::read_bounded_into(path, crate::files::MAX_RESULT, bytes)
        .map_err(|e| ResultFileError::Unreadable(e.to_string()))?;
    let bytes = &bytes[..];
    // Parsed from bytes: serde_json checks as UTF-8 each text it keeps,
    // about half the cost of checking the whole file first (measured:
    // 1.85 against 1.99 G instructions for 1,000 results).
    let lean: LeanResult = serde_json::from_slice(bytes).map_err(|e| {
        if !e.is_data() {
            // A result saved again as GBK (Notepad's "ANSI") is said as
            // such, not as a bad code point at a column.
            if let Err(u) = std::str::from_utf8(bytes) {
                return ResultFileError::NotJson(format!(
                    "第 {} 字节起不是 UTF-8 文本(是否用记事本等另存为了 GBK/ANSI?)",
                    u.valid_up_to()
                ));
            }
            return ResultFileError::NotJson(e.to_string());
        }
        // A result of another schema version has other fields: say which
        // version it is rather than which field is missing.
        #[derive(serde::Deserialize)]
        struct Schema {
            schema: String,
        }
        match serde_json::from_slice::<Schema>(bytes) {
            Err(_) => ResultFileError::NotAResult,
            Ok(s) if s.schema != crate::result::SCHEMA => {
                ResultFileError::Schema { found: s.schema }
            }
            Ok(_) => ResultFileError::Malformed(e.to_string()),
        }
    })?;
    if lean.schema != crate::result::SCHEMA {
        return Err(ResultFileError::Schema {
            found: lean.schema.into_owned(),
        });
    }
    Ok(SchoolRow::from_lean(
        lean,
        &path.display().to_string(),
        spool,
    ))
}

/// Reader threads per core. Reading is partly waiting for the disk: the
/// results of a county are often not in the page cache (copied from the
/// townships' USB sticks, or pushed out by the batch that wrote them), and
/// more threads than cores keep both cores parsing while others wait.
/// 20,000 results on 2 cores with a cold cache: 6.8 s with 2 threads,
/// 4.9 s with 8; with a warm cache 4.2 s and 3.5–3.9 s.
const READERS_PER_CORE: usize = 4;

/// Reads every result named by the inputs, in parallel; rows come back in
/// file order.
pub fn read_results(inputs: &[PathBuf]) -> ReadReport {
    let (files, mut failed) = collect(inputs);
    // The rectifications' texts and the items' examples wait in a
    // temporary file for the sheet and the bulletin that print them (see
    // `spool`). Whatever the number of files: one path, the one the
    // tests take.
    let spool = Spool::new();
    let read = || -> Vec<(PathBuf, Result<SchoolRow, ResultFileError>)> {
        files
            .into_par_iter()
            .map(|f| {
                let r = read_one(&f, spool.as_ref());
                (f, r)
            })
            .collect()
    };
    // The threads Rayon would use (the cores, or RAYON_NUM_THREADS), times four.
    let threads = rayon::current_num_threads() * READERS_PER_CORE;
    let outcomes = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(read),
        Err(_) => read(),
    };
    let mut rows = Vec::with_capacity(outcomes.len());
    for (f, r) in outcomes {
        match r {
            Ok(row) => rows.push(row),
            Err(e) => failed.push((f.display().to_string(), e)),
        }
    }
    ReadReport { rows, failed }
}
