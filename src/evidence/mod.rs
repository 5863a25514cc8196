//! The evidence set: a submission read once (paths, sizes, SHA-256, and
//! the bytes of the files whose content rules read, when they are at most
//! [`HOLD_MAX`]; a larger one is read again on use and checked against its
//! hash). Tables and document texts are parsed on first use and cached.

pub mod archive;
pub mod error;
pub mod source;
pub mod table;
pub mod text;

use crate::checklist::Glob;
pub use error::{Format, ReadError};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// A table or document up to this size is held in memory once read; a
/// larger one (an .xlsx full of pasted photos) is read again from the
/// submission when a rule needs it, so that twenty of them do not sit in
/// memory together.
pub const HOLD_MAX: u64 = 8 << 20;

/// The table cells (non-empty) a submission's tables may hold together:
/// a 100,000-row roster of 40 columns. The cells of every table read stay
/// in memory while the school is evaluated, so this bounds its memory.
pub const MAX_CELLS: u64 = 4_000_000;

/// Where a file's content is.
#[derive(Debug)]
enum Content {
    /// Not kept (photos, scans: only their hash and size matter).
    None,
    Held(Vec<u8>),
    /// Read again on use, checked against the hash taken at reading.
    Reopen(Reopen),
}

/// How to read a large file again.
#[derive(Debug, Clone)]
pub enum Reopen {
    File(PathBuf),
    /// Entry `index` of the submission zip at the path.
    ZipEntry(PathBuf, usize),
}

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
    /// Content, for tables, documents and YAML files.
    data: Content,
    /// Set when the file could not be read (too large, I/O error).
    pub problem: Option<ReadError>,
    sheets: OnceLock<Result<Vec<Sheet>, ReadError>>,
    text: OnceLock<Result<String, ReadError>>,
    /// The submission's cells left to read (shared by its files), of
    /// `cell_limit`.
    cells: Arc<AtomicU64>,
    cell_limit: u64,
}

impl EvidenceFile {
    /// A file read into memory (and kept there).
    pub fn new(path: &str, content: Vec<u8>) -> Self {
        Self::read(path, content, None)
    }

    /// A file read into memory: its hash taken, and its content kept when
    /// rules read it, or dropped and read again from `reopen` on use when
    /// it is over [`HOLD_MAX`].
    pub fn read(path: &str, content: Vec<u8>, reopen: Option<Reopen>) -> Self {
        let sha256 = hex(&Sha256::digest(&content));
        let ext = extension(path);
        let keep =
            table::TABLE_EXTS.contains(&ext.as_str()) || text::READABLE.contains(&ext.as_str());
        let bytes = content.len() as u64;
        let data = match reopen {
            _ if !keep => Content::None,
            Some(r) if bytes > HOLD_MAX => Content::Reopen(r),
            _ => Content::Held(content),
        };
        EvidenceFile {
            path: path.to_string(),
            bytes,
            sha256,
            ext,
            data,
            problem: None,
            sheets: OnceLock::new(),
            text: OnceLock::new(),
            cells: Arc::new(AtomicU64::new(MAX_CELLS)),
            cell_limit: MAX_CELLS,
        }
    }

    /// A file that is listed but could not be read.
    pub fn unreadable(path: &str, bytes: u64, problem: ReadError) -> Self {
        EvidenceFile {
            path: path.to_string(),
            bytes,
            sha256: String::new(),
            ext: extension(path),
            data: Content::None,
            problem: Some(problem),
            sheets: OnceLock::new(),
            text: OnceLock::new(),
            cells: Arc::new(AtomicU64::new(MAX_CELLS)),
            cell_limit: MAX_CELLS,
        }
    }

    /// The file's name without its folders.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The file's sheets (parsed once).
    pub fn sheets(&self) -> Result<&[Sheet], ReadError> {
        let r = self.sheets.get_or_init(|| self.parse_sheets());
        r.as_deref().map_err(Clone::clone)
    }

    /// The file's sheets for one use: those parsed before, or parsed now
    /// and not kept, so that they are given back when the caller is done
    /// (a roster of 100,000 children is 70 MB of cells, which a table
    /// bound from them no longer needs). For a file only one reader asks
    /// for; another asking again parses it again (and takes its cells
    /// from the budget again).
    pub fn sheets_once(&self) -> Result<Cow<'_, [Sheet]>, ReadError> {
        match self.sheets.get() {
            Some(r) => r.as_deref().map(Cow::Borrowed).map_err(Clone::clone),
            None => self.parse_sheets().map(Cow::Owned),
        }
    }

    fn parse_sheets(&self) -> Result<Vec<Sheet>, ReadError> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        if !table::TABLE_EXTS.contains(&self.ext.as_str()) {
            return Err(ReadError::NotATable {
                ext: self.ext.clone(),
            });
        }
        let sheets = table::parse(&self.ext, &self.content()?)?;
        let n: u64 = sheets
            .iter()
            .flat_map(|s| &s.rows)
            .map(|r| r.iter().filter(|c| !c.is_empty()).count() as u64)
            .sum();
        // Take the cells from what the submission has left, or refuse.
        self.cells
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .map_err(|_| ReadError::CellBudget {
                limit: self.cell_limit,
            })?;
        Ok(sheets)
    }

    /// The document's text (extracted once).
    pub fn text(&self) -> Result<&str, ReadError> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        let r = self.text.get_or_init(|| {
            if !text::READABLE.contains(&self.ext.as_str()) {
                return Err(ReadError::NoText {
                    ext: self.ext.clone(),
                });
            }
            text::extract(&self.ext, &self.content()?)
        });
        r.as_deref().map_err(Clone::clone)
    }

    /// The content of a table, document or YAML file: held, or read again
    /// (and checked to be what was hashed).
    pub fn content(&self) -> Result<Cow<'_, [u8]>, ReadError> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        match &self.data {
            Content::Held(d) => Ok(Cow::Borrowed(d)),
            Content::None => Err(ReadError::NoText {
                ext: self.ext.clone(),
            }),
            Content::Reopen(r) => {
                let data = r.read(self.bytes)?;
                if hex(&Sha256::digest(&data)) != self.sha256 {
                    return Err(ReadError::Changed);
                }
                Ok(Cow::Owned(data))
            }
        }
    }
}

impl Reopen {
    /// The content again, at most `bytes` (+1, to see a change).
    fn read(&self, bytes: u64) -> Result<Vec<u8>, ReadError> {
        use std::io::Read;
        let io = |e: std::io::Error| ReadError::Io(e.to_string());
        let mut data = Vec::with_capacity(bytes as usize);
        match self {
            Reopen::File(p) => {
                std::fs::File::open(p)
                    .map_err(io)?
                    .take(bytes + 1)
                    .read_to_end(&mut data)
                    .map_err(io)?;
            }
            Reopen::ZipEntry(p, i) => {
                let f = std::fs::File::open(p).map_err(io)?;
                let mut zip = zip::ZipArchive::new(std::io::BufReader::new(f))
                    .map_err(|e| ReadError::Io(e.to_string()))?;
                let entry = zip.by_index(*i).map_err(|e| ReadError::Io(e.to_string()))?;
                entry.take(bytes + 1).read_to_end(&mut data).map_err(io)?;
            }
        }
        Ok(data)
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
        let files: Vec<EvidenceFile> = files
            .into_iter()
            .map(|(p, d)| EvidenceFile::new(&p, d))
            .collect();
        Evidence::new(name.to_string(), files, Vec::new(), MAX_CELLS)
    }

    /// A submission of these files (sorted here), sharing one budget of
    /// `max_cells` table cells.
    pub fn new(
        name: String,
        mut files: Vec<EvidenceFile>,
        refused: Vec<(String, String)>,
        max_cells: u64,
    ) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let cells = Arc::new(AtomicU64::new(max_cells));
        for f in &mut files {
            f.cells = cells.clone();
            f.cell_limit = max_cells;
        }
        Evidence {
            name,
            files,
            refused,
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
