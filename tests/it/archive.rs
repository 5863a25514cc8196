//! Submissions sent as .zip (WeChat, e-mail), read in place (issue 16).

use crate::common::*;
use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

const SAMPLE: &str = "samples/01-河口镇中心小学";

fn check_json(path: &Path) -> (i32, Option<ducha::result::InspectionResult>, String) {
    let (code, out, err) = ducha(&["check", path.to_str().unwrap(), "--format", "json"]);
    (code, ducha::output::json::parse(&out).ok(), err)
}

#[test]
fn a_zip_gives_the_same_verdicts_and_hashes_as_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (_, folder, err) = check_json(&root().join(SAMPLE));
    let folder = folder.unwrap_or_else(|| panic!("{err}"));
    for top in [Some("01-河口镇中心小学"), None] {
        let z = dir.path().join("河口镇中心小学.zip");
        std::fs::write(&z, zip_dir(&root().join(SAMPLE), top)).unwrap();
        let (code, r, err) = check_json(&z);
        let r = r.unwrap_or_else(|| panic!("{code} {err}"));
        let statuses = |r: &ducha::result::InspectionResult| {
            r.items
                .iter()
                .map(|i| (i.id.clone(), i.status, i.score))
                .collect::<Vec<_>>()
        };
        assert_eq!(statuses(&r), statuses(&folder), "top folder {top:?}");
        let manifest = |r: &ducha::result::InspectionResult| {
            r.manifest
                .iter()
                .map(|m| (m.path.clone(), m.sha256.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(manifest(&r), manifest(&folder), "top folder {top:?}");
    }
}

/// A zip made by Windows' own "send to compressed folder" on a Chinese
/// system: GB18030 names, no UTF-8 flag. Written here with ASCII names of
/// the same byte length, then patched to the GBK bytes.
#[test]
fn windows_zips_with_gbk_names_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join(SAMPLE);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    let mut patches = Vec::new();
    for (i, e) in walkdir::WalkDir::new(&sample)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .enumerate()
    {
        let rel = e
            .path()
            .strip_prefix(&sample)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let (gbk, _, _) = encoding_rs::GBK.encode(&rel);
        // Unique, and never inside another placeholder.
        let placeholder = format!("Z{i:04}{}", "X".repeat(gbk.len() - 5));
        assert_eq!(placeholder.len(), gbk.len());
        w.start_file(&placeholder, opts).unwrap();
        w.write_all(&std::fs::read(e.path()).unwrap()).unwrap();
        patches.push((placeholder.into_bytes(), gbk.into_owned()));
    }
    let mut bytes = w.finish().unwrap().into_inner();
    for (from, to) in &patches {
        // Each name is in the local header and the central directory.
        let mut at = 0;
        while let Some(p) = bytes[at..]
            .windows(from.len())
            .position(|w| w == from.as_slice())
        {
            // Only where a name starts: after the fixed part of a header.
            let start = at + p;
            bytes[start..start + from.len()].copy_from_slice(to);
            at = start + from.len();
        }
    }
    let z = dir.path().join("gbk.zip");
    std::fs::write(&z, &bytes).unwrap();
    let (code, r, err) = check_json(&z);
    let r = r.unwrap_or_else(|| panic!("{code} {err}"));
    assert_eq!(r.school.name, "澴阳县河口镇中心小学");
    assert!(
        r.manifest
            .iter()
            .any(|m| m.path == "关爱/留守儿童花名册.xlsx"),
        "{:?}",
        r.manifest
            .iter()
            .map(|m| &m.path)
            .take(5)
            .collect::<Vec<_>>()
    );
    assert_eq!(ducha::pipeline::exit_code(&r), code);
    assert_eq!(r.summary.score, 99.5);
}

#[test]
fn zip_slip_entries_are_refused_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    w.start_file("school.yaml", opts).unwrap();
    w.write_all(&std::fs::read(root().join(SAMPLE).join("school.yaml")).unwrap())
        .unwrap();
    for evil in ["../../evil.txt", "/etc/evil.txt"] {
        w.start_file(evil, opts).unwrap();
        w.write_all(b"x").unwrap();
    }
    let z = dir.path().join("slip.zip");
    std::fs::write(&z, w.finish().unwrap().into_inner()).unwrap();
    let (_, r, err) = check_json(&z);
    let r = r.unwrap_or_else(|| panic!("{err}"));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("../../evil.txt") && w.contains("..")),
        "{:?}",
        r.warnings
    );
    assert!(r.warnings.iter().any(|w| w.contains("/etc/evil.txt")));
    assert!(!dir.path().parent().unwrap().join("evil.txt").exists());
    assert!(r.manifest.iter().all(|m| !m.path.contains("evil")));
}

#[test]
fn bombs_encrypted_and_corrupt_zips_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    // 20 MB of zeros compress about a thousand times.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("关爱/花名册.csv", opts).unwrap();
    w.write_all(&vec![0u8; 20 << 20]).unwrap();
    let bomb = dir.path().join("bomb.zip");
    std::fs::write(&bomb, w.finish().unwrap().into_inner()).unwrap();
    let (code, _, err) = check_json(&bomb);
    assert_eq!(code, 2);
    assert!(
        err.contains("bomb.zip") && err.contains("压缩炸弹"),
        "{err}"
    );

    // The encryption flag (bit 0) set in the local and central headers.
    let mut bytes = zip_dir(&root().join(SAMPLE).join("关爱"), None);
    for sig in [[0x50u8, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x01, 0x02]] {
        let flag_at = if sig[2] == 3 { 6 } else { 8 };
        let mut i = 0;
        while i + 4 <= bytes.len() {
            if bytes[i..i + 4] == sig {
                bytes[i + flag_at] |= 1;
            }
            i += 1;
        }
    }
    let enc = dir.path().join("enc.zip");
    std::fs::write(&enc, &bytes).unwrap();
    let (code, _, err) = check_json(&enc);
    assert_eq!(code, 2);
    assert!(err.contains("已加密"), "{err}");

    let corrupt = dir.path().join("broken.zip");
    std::fs::write(&corrupt, b"PK\x03\x04 this is not a zip").unwrap();
    let (code, _, err) = check_json(&corrupt);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.zip") && err.contains("不是有效的 zip"),
        "{err}"
    );
}

#[test]
fn batch_takes_folders_and_zips_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    crate::cli::copy_dir(
        &root().join("samples/04-城关镇中心幼儿园"),
        &subs.join("04-城关镇中心幼儿园"),
    );
    std::fs::write(
        subs.join("01-河口镇中心小学.zip"),
        zip_dir(&root().join(SAMPLE), Some("01-河口镇中心小学")),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = batch_no_pdf(&subs, &out);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains("已检查 2 所学校"), "{stdout}");
    assert!(out.join("results/01-河口镇中心小学.json").is_file());
    assert!(out.join("results/04-城关镇中心幼儿园.json").is_file());
}

/// Issue 16: `ducha verify RESULT.json DIR|ZIP` says whether the
/// submission is still the one inspected.
#[test]
fn verify_lists_changed_added_and_removed_files() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    crate::cli::copy_dir(&root().join(SAMPLE), &s);
    let result = dir.path().join("r.json");
    let (code, _, err) = ducha(&[
        "check",
        s.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        result.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let verify = |sub: &Path| ducha(&["verify", result.to_str().unwrap(), sub.to_str().unwrap()]);
    let (code, out, err) = verify(&s);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("一致"), "{out}");
    // The same school as a zip is the same submission.
    let z = dir.path().join("s.zip");
    std::fs::write(&z, zip_dir(&s, Some("s"))).unwrap();
    let (code, out, _) = verify(&z);
    assert_eq!(code, 0, "{out}");
    // Changed, added, removed.
    std::fs::write(s.join("关爱/亲情联系记录.csv"), "姓名\n").unwrap();
    std::fs::write(s.join("关爱/新文件.txt"), "x").unwrap();
    std::fs::remove_file(s.join("食堂/食品留样记录.xlsx")).unwrap();
    let (code, out, _) = verify(&s);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("已改动 关爱/亲情联系记录.csv"), "{out}");
    assert!(out.contains("新增 关爱/新文件.txt"), "{out}");
    assert!(out.contains("已删除 食堂/食品留样记录.xlsx"), "{out}");
    let (code, _, err) = ducha(&[
        "verify",
        dir.path().join("none.json").to_str().unwrap(),
        s.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
}
