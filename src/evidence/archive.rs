//! A submission sent as a .zip (from WeChat or e-mail), read in place:
//! nothing is extracted to disk. Names in GBK/GB18030 (Windows) or UTF-8;
//! one top-level folder is the submission itself; entries with `..` or an
//! absolute path are refused (zip-slip); sizes and compression ratios
//! past the limits refuse the entry or the archive (zip bombs).

use super::{source::is_junk, Evidence, EvidenceFile, ReadError};
use crate::error::{Error, Result};
use std::io::{Read, Seek};
use std::path::Path;

/// An entry expanding more than this many times its compressed size (and
/// to more than 1 MiB) is taken for a zip bomb: office files compress
/// 2–20 times, text at most about 100.
pub const MAX_RATIO: u64 = 200;

/// A submission .zip on disk.
pub struct Archive<'a>(pub &'a Path);

impl super::Source for Archive<'_> {
    fn read(&self, limits: super::Limits) -> Result<Evidence> {
        read_zip(self.0, limits)
    }
}

/// Whether a path names a .zip file.
pub fn is_zip(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// An entry's name: UTF-8 when it is (zips from macOS, WeChat and most
/// tools, with or without the UTF-8 flag), else GB18030, which is what
/// Windows' own zip writes on a Chinese system.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

/// The entry's path inside the submission, `/`-separated, or why it is
/// refused.
fn safe_path(name: &str) -> std::result::Result<Vec<String>, &'static str> {
    let name = name.replace('\\', "/");
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        return Err("zip 中的绝对路径,已拒绝读取");
    }
    let parts: Vec<String> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .map(str::to_string)
        .collect();
    if parts.iter().any(|p| p == "..") {
        return Err("zip 中的路径含「..」,指向提交材料之外,已拒绝读取");
    }
    Ok(parts)
}

/// Reads a submission .zip.
pub fn read_zip(path: &Path, limits: super::Limits) -> Result<Evidence> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    read_zip_from(std::io::BufReader::new(file), size, path, limits)
}

/// Reads a submission .zip from any reader (`path` names it in messages;
/// the fuzz target reads bytes in memory).
pub fn read_zip_from<R: Read + Seek>(
    reader: R,
    size: u64,
    path: &Path,
    limits: super::Limits,
) -> Result<Evidence> {
    if size > limits.max_total {
        return Err(Error::other(format!(
            "{}: 压缩包大小超过 {} MB,请精简后再提交",
            path.display(),
            limits.max_total >> 20
        )));
    }
    let bad = |why: String| Error::other(format!("{}: {why}", path.display()));
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| bad(format!("不是有效的 zip 压缩包({e}),请重新压缩后提交")))?;
    // Names and sizes first, from the central directory: a bomb is refused
    // before anything is decompressed.
    let mut entries = Vec::new();
    let mut refused = Vec::new();
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let e = zip
            .by_index_raw(i)
            .map_err(|e| bad(format!("压缩包已损坏({e})")))?;
        let name = entry_name(e.name_raw());
        if e.is_dir() {
            continue;
        }
        if e.encrypted() {
            return Err(bad("压缩包已加密,请去掉密码后重新压缩提交".into()));
        }
        let parts = match safe_path(&name) {
            Ok(p) if !p.is_empty() => p,
            Ok(_) => continue,
            Err(why) => {
                refused.push((name, why.to_string()));
                continue;
            }
        };
        // As a folder is read: office leftovers by their file name, and
        // macOS's resource forks wherever they are.
        if parts.last().is_some_and(|p| is_junk(p)) || parts.iter().any(|p| p == "__MACOSX") {
            continue;
        }
        let (size, packed) = (e.size(), e.compressed_size());
        if size > 1 << 20 && size > packed.saturating_mul(MAX_RATIO) {
            return Err(bad(format!(
                "「{name}」解压后 {} MB,是压缩后的 {} 倍以上,疑似压缩炸弹,已拒绝读取",
                size >> 20,
                MAX_RATIO
            )));
        }
        declared = declared.saturating_add(size.min(limits.max_file + 1));
        if declared > limits.max_total {
            return Err(bad(format!(
                "解压后总大小超过 {} MB,请精简后再提交",
                limits.max_total >> 20
            )));
        }
        entries.push((i, parts, size));
    }
    // One folder holding everything is the submission itself.
    let strip = match entries.first() {
        Some((_, first, _)) if first.len() > 1 => {
            let top = &first[0];
            entries
                .iter()
                .all(|(_, p, _)| p.len() > 1 && &p[0] == top)
                .then(|| top.clone())
        }
        _ => None,
    };
    let mut files = Vec::new();
    for (i, parts, size) in entries {
        let rel: String = unicode_normalization::UnicodeNormalization::nfc(
            parts[usize::from(strip.is_some())..].join("/").as_str(),
        )
        .collect();
        if size > limits.max_file {
            files.push(EvidenceFile::unreadable(
                &rel,
                size,
                ReadError::TooLarge {
                    bytes: size,
                    limit: limits.max_file,
                },
            ));
            continue;
        }
        let mut e = zip
            .by_index(i)
            .map_err(|e| bad(format!("「{rel}」无法解压({e})")))?;
        // The declared size may lie: never read past it (or the limit).
        let mut data = Vec::with_capacity(size.min(limits.max_file) as usize);
        match (&mut e)
            .take(size.min(limits.max_file) + 1)
            .read_to_end(&mut data)
        {
            Ok(_) if data.len() as u64 > size => {
                return Err(bad(format!(
                    "「{rel}」解压后比记录的大小更大,压缩包已损坏或被篡改"
                )))
            }
            Ok(_) => files.push(EvidenceFile::read(
                &rel,
                data,
                Some(super::Reopen::ZipEntry(path.to_path_buf(), i)),
            )),
            Err(err) => files.push(EvidenceFile::unreadable(
                &rel,
                size,
                ReadError::Io(err.to_string()),
            )),
        }
    }
    let name = strip.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Ok(Evidence::new(name, files, refused, limits.max_cells))
}

/// The most an Office file (.xlsx, .docx: a zip of XML parts) may hold
/// once unpacked. A 20,000-row, 200-column sheet is about 150 MB of XML.
pub const MAX_PACKAGE_UNPACKED: u64 = 256 << 20;

/// What [`check_package`] learnt about an Office file while unpacking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Package {
    /// Whether a sheet of it may hold merged cells. `false` only when every
    /// part was unpacked and none holds the bytes `mergeCell` (an element
    /// name is never escaped, and a prefix such as `x:mergeCell` keeps
    /// them), none is UTF-16 (where those bytes would differ), and the
    /// file lists every part it holds (no two parts under one name that
    /// two zip readers might resolve differently). The workbook reader
    /// then skips calamine's merged-cell pass, which parses a sheet's
    /// whole XML a second time: 14 % of `check` of a 50,000-child roster.
    pub may_merge: bool,
}

impl Package {
    /// Nothing known: whatever may be in the file is looked for.
    const UNKNOWN: Package = Package { may_merge: true };
}

/// The bytes of one element name that merged cells need.
const MERGE_TAG: &[u8] = b"mergeCell";

/// A sink that keeps nothing of what is written to it but whether
/// [`MERGE_TAG`] occurs in it and whether it starts as UTF-16 text. Searched with
/// memchr's `memmem`; the few bytes kept between two writes find a name
/// cut by a buffer's edge.
struct PartScan {
    finder: memchr::memmem::Finder<'static>,
    /// The last `MERGE_TAG.len() - 1` bytes written.
    edge: Vec<u8>,
    /// The first two bytes of the part, for its encoding.
    head: Vec<u8>,
    found: bool,
}

impl PartScan {
    fn new() -> Self {
        PartScan {
            finder: memchr::memmem::Finder::new(MERGE_TAG),
            edge: Vec::with_capacity(2 * MERGE_TAG.len()),
            head: Vec::with_capacity(2),
            found: false,
        }
    }

    /// Whether the part may name merged cells.
    fn may_merge(&self) -> bool {
        // A byte-order mark, or `<` next to a zero byte: the encodings
        // quick-xml (under calamine) reads as UTF-16.
        let utf16 = matches!(
            self.head.as_slice(),
            [0xFF, 0xFE] | [0xFE, 0xFF] | [b'<', 0] | [0, b'<']
        );
        self.found || utf16
    }
}

impl std::io::Write for PartScan {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let keep = MERGE_TAG.len() - 1;
        if self.head.len() < 2 {
            let n = (2 - self.head.len()).min(buf.len());
            self.head.extend_from_slice(&buf[..n]);
        }
        if !self.found {
            // Across the edge: the bytes kept and the start of this buffer.
            let start = buf.len().min(keep);
            self.edge.extend_from_slice(&buf[..start]);
            self.found = self.finder.find(&self.edge).is_some() || self.finder.find(buf).is_some();
            // Keep the last bytes of what has been written so far.
            if buf.len() >= keep {
                self.edge.clear();
                self.edge.extend_from_slice(&buf[buf.len() - keep..]);
            } else {
                let cut = self.edge.len().saturating_sub(keep);
                self.edge.drain(..cut);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks an Office file's parts before a parser unpacks them: a part
/// expanding more than [`MAX_RATIO`] times (past 1 MiB), or parts adding
/// up to more than [`MAX_PACKAGE_UNPACKED`], refuse the file. The parts
/// are really unpacked (into nothing) to count, because the sizes a zip
/// declares can lie, and the parsers trust them. What else the unpacking
/// shows comes back as a [`Package`].
pub(crate) fn check_package(bytes: &[u8]) -> std::result::Result<Package, ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // Not a zip: the parser says what is wrong with it.
        return Ok(Package::UNKNOWN);
    };
    let bomb = |part: &str, n: u64| ReadError::Bomb {
        part: part.to_string(),
        unpacked_mb: n >> 20,
    };
    let too_much = ReadError::Unpacked {
        limit_mb: MAX_PACKAGE_UNPACKED >> 20,
    };
    // What the parts declare, first: most bombs are honest about it.
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            return Ok(Package::UNKNOWN);
        };
        let (n, packed) = (part.size(), part.compressed_size());
        if n > 1 << 20 && n > packed.saturating_mul(MAX_RATIO) {
            return Err(bomb(part.name(), n));
        }
        declared = declared.saturating_add(n);
        if declared > MAX_PACKAGE_UNPACKED {
            return Err(too_much);
        }
    }
    // The zip reader keeps one part per name. A file holding more
    // central-directory records than parts listed (or those four bytes
    // inside a part by chance) may hold two parts under one name: then
    // nothing is concluded from the parts read.
    let records = memchr::memmem::find_iter(bytes, b"PK\x01\x02").count();
    let mut package = Package {
        may_merge: records > zip.len(),
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            return Ok(Package::UNKNOWN);
        };
        let allowed = (MAX_PACKAGE_UNPACKED - total).min(
            part.compressed_size()
                .saturating_mul(MAX_RATIO)
                .max(1 << 20),
        );
        let mut scan = PartScan::new();
        let n = match std::io::copy(&mut (&mut part).take(allowed + 1), &mut scan) {
            Ok(n) => n,
            // A damaged part: the parser reports it.
            Err(_) => return Ok(Package::UNKNOWN),
        };
        if n > allowed && total + n <= MAX_PACKAGE_UNPACKED {
            return Err(bomb(part.name(), n));
        }
        total += n;
        if total > MAX_PACKAGE_UNPACKED {
            return Err(too_much);
        }
        package.may_merge |= scan.may_merge();
    }
    Ok(package)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_submission_are_refused() {
        assert!(safe_path("../etc/passwd").is_err());
        assert!(safe_path("a/../../b").is_err());
        assert!(safe_path("/etc/passwd").is_err());
        assert!(safe_path("C:\\Windows\\x").is_err());
        assert_eq!(
            safe_path("学校\\关爱\\花名册.xlsx").unwrap(),
            ["学校", "关爱", "花名册.xlsx"]
        );
    }

    #[test]
    fn gbk_names_are_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("关爱/留守儿童花名册.xlsx");
        assert_eq!(entry_name(&gbk), "关爱/留守儿童花名册.xlsx");
        assert_eq!(entry_name("关爱/a.txt".as_bytes()), "关爱/a.txt");
    }

    /// A zip of the given parts, deflated or stored.
    fn package(parts: &[(&str, &[u8])], stored: bool) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let method = if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        for (name, bytes) in parts {
            zip.start_file(
                *name,
                zip::write::SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    fn workbook(merge: bool, text: &str) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(1, 0, text).unwrap();
        if merge {
            ws.merge_range(2, 0, 2, 3, "一年级", &rust_xlsxwriter::Format::new())
                .unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn a_workbook_without_merged_cells_is_known_to_have_none() {
        // Written before the scan: these are the answers the workbook
        // reader relies on to skip (or not) the merged-cell pass.
        assert!(
            !check_package(&workbook(false, "合并单元格"))
                .unwrap()
                .may_merge
        );
        assert!(
            check_package(&workbook(true, "合并单元格"))
                .unwrap()
                .may_merge
        );
        // The bytes in a cell's text: looked for (slower, never wrong).
        assert!(
            check_package(&workbook(false, "mergeCell"))
                .unwrap()
                .may_merge
        );
        // A prefixed element name still holds the bytes.
        let sheet =
            b"<x:worksheet><x:mergeCells><x:mergeCell ref=\"A3:D3\"/></x:mergeCells></x:worksheet>";
        assert!(
            check_package(&package(&[("xl/worksheets/sheet1.xml", sheet)], false))
                .unwrap()
                .may_merge
        );
        // A sheet in UTF-16, with or without a byte-order mark: not concluded.
        for head in [
            &[0xFF, 0xFE, b'<', 0][..],
            &[b'<', 0, b'w', 0][..],
            &[0, b'<'][..],
        ] {
            let pkg = package(
                &[("a.xml", b"<w/>"), ("xl/worksheets/sheet1.xml", head)],
                false,
            );
            assert!(check_package(&pkg).unwrap().may_merge, "{head:?}");
        }
        // Four bytes that open a central-directory record, inside a stored
        // part: more records than parts, nothing concluded.
        let pkg = package(&[("a.xml", b"<w>PK\x01\x02</w>"), ("b.xml", b"<w/>")], true);
        assert!(check_package(&pkg).unwrap().may_merge);
        let pkg = package(&[("a.xml", b"<w>PK</w>"), ("b.xml", b"<w/>")], true);
        assert!(!check_package(&pkg).unwrap().may_merge);
        // Not a zip at all (an .xls): the parser looks for itself.
        assert!(
            check_package(b"\xD0\xCF\x11\xE0 not a zip")
                .unwrap()
                .may_merge
        );
    }

    #[test]
    fn the_name_is_found_wherever_the_writes_cut_it() {
        use std::io::Write;
        let text = b"<sheetData/><mergeCells count=\"1\">";
        for cut in 0..=text.len() {
            for second in [1, 3, usize::MAX] {
                let mut scan = PartScan::new();
                scan.write_all(&text[..cut]).unwrap();
                // The rest in pieces of one, three or all bytes.
                for piece in text[cut..].chunks(second.min(text.len()).max(1)) {
                    scan.write_all(piece).unwrap();
                }
                assert!(scan.may_merge(), "cut at {cut}, pieces of {second}");
            }
        }
        let mut scan = PartScan::new();
        for b in b"<merge Cell/><mergeCel/>" {
            scan.write_all(&[*b]).unwrap();
        }
        assert!(!scan.may_merge());
    }
}
