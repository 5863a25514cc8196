//! The hostile corpus (issue 16): `tests/hostile/cases.yaml` lists inputs
//! made to break ducha with the outcome each must have; this runs them.
//! Beyond its own pins every case must end within [`TIMEOUT`] with exit
//! 0, 1 or 2, print no panic, stay under [`MAX_RSS_KB`] of memory, leave
//! the submission folder as it was and leave no partial output file.

use crate::common::root;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);
/// Peak resident memory allowed to any command on any case (1 GiB).
const MAX_RSS_KB: i64 = 1 << 20;
const SAMPLE: &str = "samples/01-河口镇中心小学";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    #[allow(dead_code)]
    what: String,
    #[serde(default)]
    base: Option<String>,
    /// Written in the order listed (a file may be made from one before).
    #[serde(default)]
    files: indexmap::IndexMap<String, Content>,
    #[serde(default)]
    remove: Vec<String>,
    run: Vec<String>,
    exit: i32,
    #[serde(default)]
    says: Vec<String>,
    #[serde(default)]
    items: BTreeMap<String, String>,
    #[serde(default)]
    like_base: bool,
    #[serde(default)]
    makes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Content {
    Text(String),
    Spec(Box<Spec>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Spec {
    repeat: Option<String>,
    times: Option<usize>,
    head: Option<String>,
    tail: Option<String>,
    hex: Option<String>,
    encrypted_package: Option<bool>,
    gbk_of: Option<String>,
    bom_crlf_of: Option<String>,
    copy: Option<String>,
    patch: Option<String>,
    replace: Option<Vec<[String; 2]>>,
    truncate: Option<String>,
    truncate_of: Option<String>,
    keep: Option<usize>,
    zip: Option<ZipSpec>,
    symlink: Option<String>,
    fifo: Option<bool>,
    sparse: Option<u64>,
    dir: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ZipSpec {
    pack: Option<String>,
    top: Option<String>,
    #[serde(default)]
    entries: Vec<ZipEntry>,
    #[serde(default)]
    encrypted_flag: bool,
    #[serde(default)]
    empty_files: usize,
    /// Byte strings replaced in the finished archive (same lengths): names
    /// the writer would refuse, such as a duplicate.
    #[serde(default)]
    rename: Vec<[String; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZipEntry {
    name: String,
    text: Option<String>,
    zeros: Option<usize>,
    copy_of: Option<String>,
}

fn cases() -> &'static Vec<Case> {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("tests/hostile/cases.yaml")).unwrap();
        serde_yaml::from_str(&text).expect("tests/hostile/cases.yaml parses")
    })
}

/// Replaces the generators a literal YAML cannot hold.
fn expand(s: &str) -> String {
    s.replace("{or100k}", &"true or ".repeat(100_000))
        .replace("{not100k}", &"not ".repeat(100_000))
        .replace(
            "{paren1500}",
            &format!("{}true{}", "(".repeat(1500), ")".repeat(1500)),
        )
}

/// A path of the case folder, as raw bytes where it names GBK (`{gbk:…}`).
fn case_path(root: &Path, rel: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    let mut rest = rel;
    while let Some(i) = rest.find("{gbk:") {
        bytes.extend_from_slice(&rest.as_bytes()[..i]);
        let end = rest[i..].find('}').unwrap() + i;
        bytes.extend_from_slice(&encoding_rs::GBK.encode(&rest[i + 5..end]).0);
        rest = &rest[end + 1..];
    }
    bytes.extend_from_slice(rest.as_bytes());
    root.join(std::ffi::OsStr::from_bytes(&bytes))
}

fn write_content(root: &Path, rel: &str, c: &Content) {
    let path = case_path(root, rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    let spec = match c {
        Content::Text(t) => return std::fs::write(&path, t).unwrap(),
        Content::Spec(s) => s,
    };
    let repo = |p: &str| root_path(p);
    let data: Vec<u8> = if let Some(r) = &spec.repeat {
        let mut d = spec.head.clone().unwrap_or_default().into_bytes();
        d.extend(r.repeat(spec.times.unwrap_or(1)).into_bytes());
        d.extend(spec.tail.clone().unwrap_or_default().into_bytes());
        d
    } else if let Some(h) = &spec.hex {
        let one: Vec<u8> = (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect();
        let mut d = one.repeat(spec.times.unwrap_or(1));
        if spec.encrypted_package == Some(true) {
            // A compound file's directory naming the encrypted stream.
            d.extend(vec![0u8; 504]);
            d.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        }
        d
    } else if let Some(p) = &spec.gbk_of {
        let text = std::fs::read_to_string(repo(p)).unwrap();
        encoding_rs::GBK.encode(&text).0.into_owned()
    } else if let Some(p) = &spec.bom_crlf_of {
        let text = std::fs::read_to_string(repo(p)).unwrap();
        let mut d = vec![0xEF, 0xBB, 0xBF];
        d.extend(text.replace('\n', "\r\n").into_bytes());
        d
    } else if let Some(p) = &spec.copy {
        let from = repo(p);
        if from.is_dir() {
            return crate::cli::copy_dir(&from, &path);
        }
        std::fs::read(from).unwrap()
    } else if let Some(p) = &spec.patch {
        let mut text = std::fs::read_to_string(repo(p)).unwrap();
        for [a, b] in spec.replace.iter().flatten() {
            assert!(text.contains(a.as_str()), "{rel}: {p} has no {a:?}");
            text = text.replacen(a.as_str(), &expand(b), 1);
        }
        text.into_bytes()
    } else if let Some(p) = spec
        .truncate
        .as_ref()
        .map(|p| repo(p))
        .or(spec.truncate_of.as_ref().map(|p| root.join(p)))
    {
        let mut d = std::fs::read(p).unwrap();
        d.truncate(spec.keep.unwrap());
        d
    } else if let Some(z) = &spec.zip {
        make_zip(root, z)
    } else if let Some(t) = &spec.symlink {
        return std::os::unix::fs::symlink(t, &path).unwrap();
    } else if spec.fifo == Some(true) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        return;
    } else if let Some(n) = spec.sparse {
        let f = std::fs::File::create(&path).unwrap();
        return f.set_len(n).unwrap();
    } else if spec.dir == Some(true) {
        return std::fs::create_dir_all(&path).unwrap();
    } else {
        panic!("{rel}: nothing to write");
    };
    std::fs::write(&path, data).unwrap();
}

fn root_path(p: &str) -> PathBuf {
    root().join(p)
}

fn make_zip(case_root: &Path, z: &ZipSpec) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    if let Some(p) = &z.pack {
        crate::common::add_dir_to_zip(&mut w, &root_path(p), z.top.as_deref());
    }
    for i in 0..z.empty_files {
        w.start_file(format!("照片/空白{i:05}.jpg"), opts).unwrap();
    }
    for e in &z.entries {
        w.start_file(e.name.as_str(), opts).unwrap();
        if let Some(t) = &e.text {
            w.write_all(t.as_bytes()).unwrap();
        } else if let Some(n) = e.zeros {
            w.write_all(&vec![0u8; n]).unwrap();
        } else if let Some(p) = &e.copy_of {
            w.write_all(&std::fs::read(case_root.join(p)).unwrap())
                .unwrap();
        }
    }
    let mut bytes = w.finish().unwrap().into_inner();
    for [from, to] in &z.rename {
        let (from, to) = (from.as_bytes(), to.as_bytes());
        assert_eq!(from.len(), to.len());
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
    }
    if z.encrypted_flag {
        // The encryption bit of every local and central header.
        for (sig, at) in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)] {
            let mut i = 0;
            while i + 4 <= bytes.len() {
                if &bytes[i..i + 4] == sig {
                    bytes[i + at] |= 1;
                }
                i += 1;
            }
        }
    }
    bytes
}

/// Every entry under a folder: kind, size, content hash or link target.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let t = e.file_type();
            let what = if t.is_symlink() {
                format!("link {:?}", std::fs::read_link(e.path()).unwrap())
            } else if t.is_file() {
                let d = std::fs::read(e.path()).unwrap();
                format!(
                    "file {}",
                    ducha::evidence::hex(&<sha2::Sha256 as sha2::Digest>::digest(&d))
                )
            } else if t.is_dir() {
                "dir".to_string()
            } else {
                "other".to_string()
            };
            (e.path().to_path_buf(), what)
        })
        .collect()
}

struct Run {
    code: i32,
    out: String,
    err: String,
    rss_kb: i64,
}

/// The high-water mark of a live process's resident memory, in KiB.
/// (`wait4`'s `ru_maxrss` would count the test process itself: a child
/// inherits the peak of the process it was forked from across `exec`.)
fn vm_hwm_kb(pid: u32) -> Option<i64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs ducha, polling its peak memory until it exits (the mark only
/// rises, so the last reading misses at most the last few milliseconds);
/// kills it past the timeout.
fn run(args: &[String], cwd: &Path) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ducha"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ducha");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut s).unwrap();
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut s).unwrap();
        s
    });
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        if let Some(kb) = vm_hwm_kb(child.id()) {
            peak = peak.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("{args:?} ran past {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    use std::os::unix::process::ExitStatusExt;
    let code = status
        .code()
        .unwrap_or_else(|| -status.signal().unwrap_or(0));
    Run {
        code,
        out: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        err: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
        rss_kb: peak,
    }
}

fn statuses(json: &str) -> Option<BTreeMap<String, String>> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    Some(
        v["items"]
            .as_array()?
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap_or_default().to_string(),
                    i["status"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect(),
    )
}

/// The item statuses of the unchanged sample, the reference for
/// `like_base`.
fn base_statuses() -> &'static BTreeMap<String, String> {
    static BASE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    BASE.get_or_init(|| {
        let args: Vec<String> = ["check", SAMPLE, "--format", "json", "--date", "2026-09-10"]
            .map(String::from)
            .to_vec();
        let r = run(&args, &root());
        statuses(&r.out).expect("the sample's result")
    })
}

/// Runs one case; returns what went wrong (empty when it held).
fn run_case(case: &Case) -> (Vec<String>, i64) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let sub = dir.join("sub");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    match case.base.as_deref() {
        Some("s01") => crate::cli::copy_dir(&root().join(SAMPLE), &sub),
        Some("mini") => {
            crate::cli::copy_dir(&crate::common::fixture("submissions/mini-basic"), &sub)
        }
        None => {}
        Some(other) => panic!("{}: unknown base {other}", case.id),
    }
    for r in &case.remove {
        let p = dir.join(r);
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
    }
    for (rel, c) in &case.files {
        write_content(dir, rel, c);
    }
    let fill = |s: &str| {
        s.replace("{root}", &dir.display().to_string())
            .replace("{sub}", &sub.display().to_string())
            .replace("{out}", &out.display().to_string())
    };
    let args: Vec<String> = case.run.iter().map(|a| fill(a)).collect();
    let before = snapshot(&sub);
    let r = run(&args, dir);
    let mut wrong = Vec::new();
    let text = format!("{}\n{}", r.out, r.err);
    if r.code != case.exit {
        wrong.push(format!("exit {} (expected {})", r.code, case.exit));
    }
    if !(0..=2).contains(&r.code) {
        wrong.push(format!("exit code {} is none of 0, 1, 2", r.code));
    }
    if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
        wrong.push("a panic".into());
    }
    if r.rss_kb > MAX_RSS_KB {
        wrong.push(format!("peak memory {} MB", r.rss_kb >> 10));
    }
    for s in &case.says {
        let s = fill(s);
        if !text.contains(&s) {
            wrong.push(format!("does not say {s:?}"));
        }
    }
    if !case.items.is_empty() || case.like_base {
        match statuses(&r.out) {
            None => wrong.push("no JSON result on stdout".into()),
            Some(got) => {
                for (id, want) in &case.items {
                    match got.get(id) {
                        Some(s) if s == want => {}
                        s => wrong.push(format!("{id} is {s:?}, expected {want}")),
                    }
                }
                if case.like_base && &got != base_statuses() {
                    let diff: Vec<_> = got
                        .iter()
                        .filter(|(k, v)| base_statuses().get(*k) != Some(v))
                        .collect();
                    wrong.push(format!("statuses differ from the sample's: {diff:?}"));
                }
            }
        }
    }
    for m in &case.makes {
        if !dir.join(m).is_file() {
            wrong.push(format!("made no {m}"));
        }
    }
    if snapshot(&sub) != before {
        wrong.push("the submission folder changed".into());
    }
    for (p, _) in snapshot(&out) {
        let name = p.file_name().unwrap().to_string_lossy();
        if name.starts_with(".tmp") || name.ends_with(".tmp") {
            wrong.push(format!("a partial output file {name}"));
        }
    }
    if !wrong.is_empty() {
        wrong.push(format!(
            "output:\n{}",
            text.chars().take(1500).collect::<String>()
        ));
    }
    (wrong, r.rss_kb)
}

/// The corpus is run in four shards, so that the test harness runs them
/// side by side.
fn shard(k: usize) {
    let mut failed = Vec::new();
    for (i, case) in cases().iter().enumerate() {
        if i % 4 != k {
            continue;
        }
        let (wrong, rss) = run_case(case);
        eprintln!("hostile {:<40} peak {:>4} MB", case.id, rss >> 10);
        if !wrong.is_empty() {
            failed.push(format!("{}:\n  {}", case.id, wrong.join("\n  ")));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n\n"));
}

#[test]
fn hostile_corpus_0() {
    shard(0)
}
#[test]
fn hostile_corpus_1() {
    shard(1)
}
#[test]
fn hostile_corpus_2() {
    shard(2)
}
#[test]
fn hostile_corpus_3() {
    shard(3)
}

#[test]
fn hostile_corpus_has_at_least_sixty_distinct_cases() {
    let ids: std::collections::BTreeSet<_> = cases().iter().map(|c| &c.id).collect();
    assert_eq!(ids.len(), cases().len(), "case ids are unique");
    assert!(cases().len() >= 60, "{} cases", cases().len());
}
