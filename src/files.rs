//! Reading the files a user names (checklists, inspection sheets, result
//! files) with a bound: `/dev/zero` or a 2 GB file given by mistake is
//! refused with a message instead of filling the memory.

use std::io::Read;
use std::path::Path;

/// The largest checklist, tailoring or inspection sheet read (the official
/// checklist is about 60 KB).
pub const MAX_YAML: u64 = 8 << 20;

/// The largest result file read (a school with 100,000 findings is about
/// 40 MB).
pub const MAX_RESULT: u64 = 128 << 20;

/// The file's bytes, or an error when it holds more than `limit` (read no
/// further than that, whatever the file claims to be).
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    read_bounded_into(path, limit, &mut data)?;
    Ok(data)
}

/// [`read_bounded`] into `data`, which is cleared first and keeps its
/// room: a caller reading many files one after the other (the aggregate's
/// reader threads) reuses one buffer instead of having fresh pages mapped
/// and zeroed by the system for each file.
pub fn read_bounded_into(path: &Path, limit: u64, data: &mut Vec<u8>) -> std::io::Result<()> {
    data.clear();
    let f = std::fs::File::open(path)?;
    // A regular file says its size: refused before a byte is read. Pipes
    // and devices (`/dev/zero`) are read up to the limit.
    let meta = f.metadata()?;
    if meta.is_file() && meta.len() > limit {
        return Err(too_big(limit));
    }
    // Room for the whole file at once (and the byte that would say it
    // grew past the limit): read_to_end otherwise doubles its buffer from
    // 8 KB, copying as it goes: 8 % of the instructions reading results.
    let hint = if meta.is_file() { meta.len() + 1 } else { 0 };
    data.reserve(usize::try_from(hint).unwrap_or(0));
    f.take(limit + 1).read_to_end(data)?;
    if data.len() as u64 > limit {
        data.clear();
        return Err(too_big(limit));
    }
    Ok(())
}

fn too_big(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("文件超过 {} MB,不像是 ducha 能读的文件", limit >> 20),
    )
}

/// The file as UTF-8 text, bounded like [`read_bounded`].
pub fn read_text_bounded(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_bounded(path, limit)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "不是 UTF-8 文本"))
}

/// The size and SHA-256 of a regular file, read in pieces (memory stays
/// small whatever its size); refused past `limit` bytes. A pipe or device
/// is refused before it is opened: reading one could wait for ever.
pub fn hash_file(path: &Path, limit: u64) -> std::io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "不是普通文件",
        ));
    }
    if meta.len() > limit {
        return Err(too_big(limit));
    }
    let mut hasher = Sha256::new();
    let n = std::io::copy(&mut std::fs::File::open(path)?.take(limit + 1), &mut hasher)?;
    if n > limit {
        return Err(too_big(limit));
    }
    Ok((n, crate::evidence::hex(&hasher.finalize())))
}
