//! Reading result files for aggregation: in parallel, each reduced to
//! its row at once (20,000 files never sit in memory whole); a corrupt or
//! foreign file is reported by name and skipped.

use super::{LeanResult, SchoolRow};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Rows read, and the files that could not be used.
#[derive(Debug, Default)]
pub struct ReadReport {
    pub rows: Vec<SchoolRow>,
    /// (file, why)
    pub failed: Vec<(String, String)>,
}

/// Result files named by the arguments: files as given, folders searched
/// for `*.json`.
fn collect(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut failed = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_type().is_file()
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
            failed.push((p.display().to_string(), "文件不存在".to_string()));
        }
    }
    (files, failed)
}

fn read_one(path: &Path) -> Result<SchoolRow, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取: {e}"))?;
    let lean: LeanResult = serde_json::from_slice(&bytes).map_err(|e| {
        if e.is_data() && !bytes.windows(8).any(|w| w == b"\"schema\"") {
            "不是 ducha 的检查结果(缺少 schema)".to_string()
        } else {
            format!("检查结果格式有误: {e}")
        }
    })?;
    if lean.schema != crate::result::SCHEMA {
        return Err(format!(
            "结果格式 {} 不受支持(应为 {})",
            lean.schema,
            crate::result::SCHEMA
        ));
    }
    Ok(SchoolRow::from_lean(lean, &path.display().to_string()))
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
    let read = || -> Vec<(PathBuf, Result<SchoolRow, String>)> {
        files
            .into_par_iter()
            .map(|f| {
                let r = read_one(&f);
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
