//! Reading a submission folder into memory: every regular file under it,
//! links that stay inside followed, links that leave it refused, oversized
//! files listed but not read. Never writes anything.

use super::{Evidence, EvidenceFile};
use crate::error::{Error, Result};
use std::path::Path;

/// Size limits for reading a submission.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A larger file is listed with a problem and not read.
    pub max_file: u64,
    /// A larger submission is refused whole.
    pub max_total: u64,
    /// Filled table cells the submission's tables may hold together
    /// ([`super::MAX_CELLS`]); the file past it is unreadable.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file: 100 << 20,
            max_total: 2 << 30,
            max_cells: super::MAX_CELLS,
        }
    }
}

/// Where a submission comes from. Every kind is read once, whole, into an
/// [`Evidence`] (files over [`super::HOLD_MAX`] are hashed, then read again
/// when a rule needs them): a folder ([`Folder`]) or a .zip archive read
/// in place ([`super::archive::Archive`]).
pub trait Source {
    /// The submission read into memory.
    fn read(&self, limits: Limits) -> Result<Evidence>;
}

/// A submission folder on disk.
pub struct Folder<'a>(pub &'a Path);

impl Source for Folder<'_> {
    fn read(&self, limits: Limits) -> Result<Evidence> {
        read_folder(self.0, limits)
    }
}

/// Files that office tools leave behind and that are no evidence.
pub(crate) fn is_junk(name: &str) -> bool {
    name.starts_with("~$")
        || name.starts_with('.')
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// A relative path as the submission names it: `/`-separated, in NFC (so
/// that a name typed on one system matches the same name stored
/// decomposed, NFD, by another).
fn slash_path(rel: &Path) -> String {
    let joined = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    unicode_normalization::UnicodeNormalization::nfc(joined.as_str()).collect()
}

/// Why a pipe, socket or device in a submission is not read.
const SPECIAL: &str = "不是普通文件(管道、设备等),未读取";

/// Reads a submission folder.
pub fn read_folder(dir: &Path, limits: Limits) -> Result<Evidence> {
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    if !meta.is_dir() {
        return Err(Error::other(format!(
            "{} 不是文件夹,也不是 .zip 压缩包",
            dir.display()
        )));
    }
    let root = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let mut total = 0u64;
    // (path in the submission, file on disk), read after the walk.
    let mut todo: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let rel_str = slash_path(rel);
        if rel_str.is_empty() {
            continue;
        }
        let fname = entry.file_name().to_string_lossy();
        if is_junk(&fname) {
            continue;
        }
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&root) && target.is_file() => {
                    todo.push((rel_str, target))
                }
                // A folder link that stays inside: its files are read under
                // the link's name (they used to count as missing).
                Ok(target) if target.starts_with(&root) && target.is_dir() => {
                    for sub in walkdir::WalkDir::new(&target)
                        .follow_links(false)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_map(|e| e.ok())
                    {
                        let inner = sub.path().strip_prefix(&target).unwrap_or(sub.path());
                        let name = format!("{rel_str}/{}", slash_path(inner));
                        if sub.path_is_symlink() {
                            refused.push((name, "链接中的链接,未读取".to_string()));
                        } else if is_junk(&sub.file_name().to_string_lossy()) {
                        } else if sub.file_type().is_file() {
                            todo.push((name, sub.into_path()));
                        } else if !sub.file_type().is_dir() {
                            refused.push((name, SPECIAL.to_string()));
                        }
                    }
                }
                Ok(target) if target.starts_with(&root) => {
                    refused.push((rel_str, SPECIAL.to_string()))
                }
                Ok(_) => refused.push((rel_str, "链接指向提交文件夹之外,已拒绝读取".to_string())),
                Err(_) => refused.push((rel_str, "链接指向的文件不存在,未读取".to_string())),
            }
        } else if entry.file_type().is_file() {
            todo.push((rel_str, entry.into_path()));
        } else if !entry.file_type().is_dir() {
            // A pipe or a device: reading it could block for ever.
            refused.push((rel_str, SPECIAL.to_string()));
        }
    }
    for (rel_str, path) in todo {
        let size = std::fs::metadata(&path)
            .map_err(|e| Error::io(&path, e))?
            .len();
        total += size;
        if total > limits.max_total {
            return Err(Error::other(format!(
                "{}: 提交材料总大小超过 {} MB,请精简后再检查",
                dir.display(),
                limits.max_total >> 20
            )));
        }
        if size > limits.max_file {
            files.push(EvidenceFile::unreadable(
                &rel_str,
                size,
                super::ReadError::TooLarge {
                    bytes: size,
                    limit: limits.max_file,
                },
            ));
            continue;
        }
        match std::fs::read(&path) {
            Ok(data) => files.push(EvidenceFile::read(
                &rel_str,
                data,
                Some(super::Reopen::File(path.clone())),
            )),
            Err(e) => files.push(EvidenceFile::unreadable(
                &rel_str,
                size,
                super::ReadError::Io(e.to_string()),
            )),
        }
    }
    Ok(Evidence::new(name, files, refused, limits.max_cells))
}
