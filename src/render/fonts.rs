//! The fonts a report is typeset with: the four embedded Noto CJK subsets,
//! parsed once per process, plus any fonts from `--font-dir` folders (a
//! school's FangSong/SimSun), parsed once per folder.

use crate::render::RenderError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use typst::foundations::Bytes;
use typst::text::Font;

/// Song (body) family of the embedded fonts.
pub const SERIF: &str = "Noto Serif CJK SC";
/// Hei (headings) family of the embedded fonts.
pub const SANS: &str = "Noto Sans CJK SC";

static SERIF_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSerifCJKsc-Regular.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSerifCJKsc-Bold.ttf");
static SANS_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold.ttf");

/// Font files larger than this in a font folder are skipped (a font
/// collection of a full CJK family is about 30 MB).
const MAX_FONT_FILE: u64 = 64 * 1024 * 1024;

/// The embedded fonts, parsed on first use.
pub fn embedded() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = [SERIF_REGULAR, SERIF_BOLD, SANS_REGULAR, SANS_BOLD]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        // Typst identifies a font by a hash of its whole file (13 MB
        // here, about 6 ms), taken once and kept with the font: taken
        // here, so that `crate::warm_up` takes it off the main thread
        // (otherwise the first layout does).
        for f in &fonts {
            std::hash::Hash::hash(f, &mut std::hash::DefaultHasher::new());
        }
        fonts
    })
}

/// Fonts found in one folder, with warnings about files that could not be
/// used. Each folder is read once per process.
struct Folder {
    fonts: Vec<Font>,
    warnings: Vec<String>,
}

/// Every font for a report: embedded first, then those of `dirs` in order.
/// A folder that cannot be read is an error; a bad font file in it is a
/// warning.
pub fn collect(dirs: &[PathBuf]) -> Result<(Vec<Font>, Vec<String>), RenderError> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Folder>>>> = OnceLock::new();
    let mut fonts = embedded().to_vec();
    let mut warnings = Vec::new();
    for dir in dirs {
        let cache = CACHE.get_or_init(Default::default);
        let cached = cache.lock().map(|c| c.get(dir).cloned()).unwrap_or(None);
        let folder = match cached {
            Some(f) => f,
            None => {
                let f = Arc::new(scan(dir)?);
                if let Ok(mut c) = cache.lock() {
                    c.insert(dir.clone(), f.clone());
                }
                f
            }
        };
        fonts.extend(folder.fonts.iter().cloned());
        warnings.extend(folder.warnings.iter().cloned());
    }
    Ok((fonts, warnings))
}

fn scan(dir: &Path) -> Result<Folder, RenderError> {
    if !dir.is_dir() {
        return Err(RenderError::FontDir(dir.to_path_buf()));
    }
    let mut folder = Folder {
        fonts: Vec::new(),
        warnings: Vec::new(),
    };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .max_depth(3)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && is_font_file(e.path()))
        .map(|e| e.into_path())
        .collect();
    // A stable order keeps fallback choices, and so the PDF bytes, stable.
    files.sort();
    for path in files {
        let too_big = std::fs::metadata(&path)
            .map(|m| m.len() > MAX_FONT_FILE)
            .unwrap_or(false);
        if too_big {
            folder
                .warnings
                .push(format!("字体文件「{}」超过 64 MB,已跳过", path.display()));
            continue;
        }
        match std::fs::read(&path) {
            Ok(data) => {
                let before = folder.fonts.len();
                folder.fonts.extend(Font::iter(Bytes::new(data)));
                if folder.fonts.len() == before {
                    folder
                        .warnings
                        .push(format!("字体文件「{}」无法解析,已跳过", path.display()));
                }
            }
            Err(e) => folder
                .warnings
                .push(format!("字体文件「{}」无法读取:{e}", path.display())),
        }
    }
    Ok(folder)
}

fn is_font_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
}

/// Whether any of `fonts` has a glyph for `c`.
pub fn covered(fonts: &[Font], c: char) -> bool {
    fonts.iter().any(|f| f.info().coverage.contains(c as u32))
}
