//! The evidence set: a submission read once into memory (paths, sizes,
//! SHA-256, and the bytes of the files whose content rules read). Tables
//! and document texts are parsed on first use and cached; nothing here
//! touches the file system after loading.

pub mod archive;
pub mod error;
pub mod source;
pub mod table;
pub mod text;

use crate::checklist::Glob;
pub use error::{Format, ReadError};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

pub use archive::{is_zip, Archive};
pub use source::{read_folder, Folder, Limits, Source};
pub use table::{Cell, Sheet};

/// One file of the submission.
#[derive(Debug)]
pub struct EvidenceFile {
    /// Path relative to the submission, with `/` separators.
    pub path: String,
    pub bytes: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Lower-case extension without the dot.
    pub ext: String,
    /// Content, kept for tables, documents and YAML files.
    data: Option<Vec<u8>>,
    /// Set when the file could not be read (too large, I/O error).
    pub problem: Option<ReadError>,
    sheets: OnceLock<Result<Vec<Sheet>, ReadError>>,
    text: OnceLock<Result<String, ReadError>>,
}

impl EvidenceFile {
    /// A file read into memory.
    pub fn new(path: &str, content: Vec<u8>) -> Self {
        let sha256 = hex(&Sha256::digest(&content));
        let ext = extension(path);
        let keep =
            table::TABLE_EXTS.contains(&ext.as_str()) || text::READABLE.contains(&ext.as_str());
        EvidenceFile {
            path: path.to_string(),
            bytes: content.len() as u64,
            sha256,
            ext,
            data: keep.then_some(content),
            problem: None,
            sheets: OnceLock::new(),
            text: OnceLock::new(),
        }
    }

    /// A file that is listed but could not be read.
    pub fn unreadable(path: &str, bytes: u64, problem: ReadError) -> Self {
        EvidenceFile {
            path: path.to_string(),
            bytes,
            sha256: String::new(),
            ext: extension(path),
            data: None,
            problem: Some(problem),
            sheets: OnceLock::new(),
            text: OnceLock::new(),
        }
    }

    /// The file's name without its folders.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The file's sheets (parsed once).
    pub fn sheets(&self) -> Result<&[Sheet], ReadError> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        let r = self.sheets.get_or_init(|| match &self.data {
            Some(d) => table::parse(&self.ext, d),
            None => Err(ReadError::NotATable {
                ext: self.ext.clone(),
            }),
        });
        r.as_deref().map_err(Clone::clone)
    }

    /// The document's text (extracted once).
    pub fn text(&self) -> Result<&str, ReadError> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        let r = self.text.get_or_init(|| match &self.data {
            Some(d) => text::extract(&self.ext, d),
            None => Err(ReadError::NoText {
                ext: self.ext.clone(),
            }),
        });
        r.as_deref().map_err(Clone::clone)
    }

    /// Raw content, for the files whose content is kept.
    pub fn data(&self) -> Option<&[u8]> {
        self.data.as_deref()
    }
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => name[i + 1..].to_lowercase(),
        _ => String::new(),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A submission in memory.
#[derive(Debug, Default)]
pub struct Evidence {
    /// The submission's name (its folder name).
    pub name: String,
    /// Files sorted by path.
    pub files: Vec<EvidenceFile>,
    /// Entries refused while reading (links leaving the folder...), with why.
    pub refused: Vec<(String, String)>,
}

impl Evidence {
    /// An evidence set from files in memory (tests, zip archives).
    pub fn from_files(name: &str, files: Vec<(String, Vec<u8>)>) -> Self {
        let mut files: Vec<EvidenceFile> = files
            .into_iter()
            .map(|(p, d)| EvidenceFile::new(&p, d))
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Evidence {
            name: name.to_string(),
            files,
            refused: Vec::new(),
        }
    }

    /// The file at `path` (compared in NFC, as paths are stored).
    pub fn get(&self, path: &str) -> Option<&EvidenceFile> {
        let path: String = unicode_normalization::UnicodeNormalization::nfc(path).collect();
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(&path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Files matching any of the globs, in path order.
    pub fn matching(&self, globs: &[Glob]) -> Vec<&EvidenceFile> {
        self.files
            .iter()
            .filter(|f| globs.iter().any(|g| g.is_match(&f.path)))
            .collect()
    }
}
