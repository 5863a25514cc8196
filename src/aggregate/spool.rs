//! Texts of the school rows that one document alone prints, kept in a
//! temporary file while the results are read and read back when that
//! document is written: the rectifications' problems (整改跟踪) and the
//! items' examples (the county bulletin quotes one school's per item).
//!
//! They are the largest part of a school's row (each open rectification
//! keeps the first message of up to three kinds of finding, each failing
//! item one example): about 1.2 KB a school, 24 MB at 20,000 schools,
//! which took `aggregate` over its memory target (issue 20,
//! docs/performance.md). The file is unnamed and deleted by the system
//! when it is closed (`tempfile::tempfile`); what it holds is already
//! masked, as the workbook prints it. Where no temporary file can be made,
//! or a write to it fails, the texts stay in memory: the same workbook.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::{Arc, Mutex};

/// The temporary file, shared by the reading threads.
pub struct Spool {
    file: Mutex<Inner>,
    /// A second handle on the same file for positioned reads (`pread`),
    /// which neither move the writer's position nor need the lock: the
    /// 整改跟踪 sheet reads a text back for each of its rows, twice (once
    /// to measure the columns, once to write), and three system calls
    /// under the lock for each (seek, read, seek back) were about a
    /// seventh of that sheet's time (issue 20, docs/performance.md).
    #[cfg(unix)]
    reader: File,
}

struct Inner {
    w: BufWriter<File>,
    /// Where the next put goes (counted, not asked: asking a `BufWriter`
    /// its position writes out its buffer).
    end: u64,
    /// A write failed: where the file ends is no longer known, so
    /// nothing more is put (later texts stay in memory).
    broken: bool,
}

impl Inner {
    /// What is still in the writer's buffer, to the file before a read;
    /// a failed write-out breaks the spool (see `broken`).
    fn flush(&mut self) -> std::io::Result<()> {
        if self.w.buffer().is_empty() {
            return Ok(());
        }
        let r = self.w.flush();
        self.broken |= r.is_err();
        r
    }
}

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spool")
    }
}

impl Spool {
    /// A new spool, or none if the system gives no temporary file.
    pub fn new() -> Option<Arc<Spool>> {
        let file = tempfile::tempfile().ok()?;
        Some(Arc::new(Spool {
            #[cfg(unix)]
            reader: file.try_clone().ok()?,
            file: Mutex::new(Inner {
                w: BufWriter::new(file),
                end: 0,
                broken: false,
            }),
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A thread that panicked holding the lock cannot have left a put
        // half counted: `end` moves only after its write succeeded.
        self.file.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends `bytes`; where they are, or none if the file cannot take
    /// them (the caller keeps them in memory).
    fn put(&self, bytes: &[u8]) -> Option<(u64, u32)> {
        let len = u32::try_from(bytes.len()).ok()?;
        let mut s = self.lock();
        if s.broken {
            return None;
        }
        if s.w.write_all(bytes).is_err() {
            s.broken = true;
            return None;
        }
        let at = s.end;
        s.end += u64::from(len);
        Some((at, len))
    }

    /// The bytes put at `at`.
    #[cfg(unix)]
    fn get(&self, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        // Once in the file, a put's bytes never change: the read needs
        // the lock no longer than the flush.
        self.lock().flush()?;
        let mut out = vec![0; len as usize];
        self.reader.read_exact_at(&mut out, at)?;
        Ok(out)
    }

    /// The bytes put at `at` (elsewhere than Unix, a second handle would
    /// share the writer's position: the reads seek under the lock).
    #[cfg(not(unix))]
    fn get(&self, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        let mut s = self.lock();
        s.flush()?;
        let f = s.w.get_mut();
        f.seek(SeekFrom::Start(at))?;
        let mut out = vec![0; len as usize];
        let read = f.read_exact(&mut out);
        // Later puts go at the end again, whatever the read did.
        f.seek(SeekFrom::End(0))?;
        read.map(|_| out)
    }
}

/// Each kind's first message and its count.
pub type Problems = Box<[(Box<str>, usize)]>;

/// A text of a row (a rectification's problems, an item's example): in
/// memory, or in the spool.
#[derive(Clone, Debug)]
pub enum Kept<T> {
    Here(T),
    Spooled {
        spool: Arc<Spool>,
        at: u64,
        len: u32,
    },
}

impl<T> Kept<T>
where
    T: Clone + serde::Serialize + serde::de::DeserializeOwned,
{
    /// `value` in `spool` where there is one, else in memory.
    pub fn new(value: T, spool: Option<&Arc<Spool>>) -> Kept<T> {
        let Some(spool) = spool else {
            return Kept::Here(value);
        };
        let spooled = serde_json::to_vec(&value)
            .ok()
            .and_then(|bytes| spool.put(&bytes));
        match spooled {
            Some((at, len)) => Kept::Spooled {
                spool: spool.clone(),
                at,
                len,
            },
            None => Kept::Here(value),
        }
    }

    /// The value, or why it could not be read back (the temporary file
    /// failed under us: a full or removed disk).
    pub fn get(&self) -> Result<Cow<'_, T>, String> {
        match self {
            Kept::Here(v) => Ok(Cow::Borrowed(v)),
            Kept::Spooled { spool, at, len } => {
                let bytes = spool.get(*at, *len).map_err(|e| e.to_string())?;
                serde_json::from_slice::<T>(&bytes)
                    .map(Cow::Owned)
                    .map_err(|e| e.to_string())
            }
        }
    }
}

impl<T> PartialEq for Kept<T>
where
    T: Clone + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
{
    fn eq(&self, other: &Kept<T>) -> bool {
        match (self.get(), other.get()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &[(&str, usize)]) -> Problems {
        t.iter().map(|&(s, n)| (s.into(), n)).collect()
    }

    #[test]
    fn spooled_texts_come_back_as_they_went_in_in_any_order() {
        let spool = Spool::new().expect("a temporary file");
        let a = texts(&[("花名册缺少监护人电话 138****0000", 3), ("台账未填写", 1)]);
        let b = texts(&[("\"引号\" 与 \\ 反斜杠\n换行", 2)]);
        let ka = Kept::new(a.clone(), Some(&spool));
        let kb = Kept::new(b.clone(), Some(&spool));
        assert!(matches!(ka, Kept::Spooled { .. }));
        assert!(matches!(kb, Kept::Spooled { .. }));
        // Read back out of order, and put again after a read.
        assert_eq!(*kb.get().unwrap(), b);
        assert_eq!(*ka.get().unwrap(), a);
        let c = texts(&[("第三条", 5)]);
        let kc = Kept::new(c.clone(), Some(&spool));
        assert_eq!(*kc.get().unwrap(), c);
        assert_eq!(*kb.get().unwrap(), b);
        assert_eq!(ka, Kept::Here(a));
        assert_ne!(kb, Kept::Here(c));
        let t: Box<str> = "××未按时报送".into();
        let kt = Kept::new(t.clone(), Some(&spool));
        assert!(matches!(kt, Kept::Spooled { .. }));
        assert_eq!(*kt.get().unwrap(), t);
    }

    #[test]
    fn without_a_spool_texts_stay_in_memory() {
        let a = texts(&[("x", 1)]);
        assert!(matches!(Kept::new(a.clone(), None), Kept::Here(p) if p == a));
    }
}
