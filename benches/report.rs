//! Report rendering throughput: renders the sample result's report N times
//! in one process after a warm-up and prints reports per second; then, if
//! a `ducha` binary has been built, times whole `ducha report` processes.
//!
//! `cargo bench --bench report [-- N]` (N defaults to 40). Run from the
//! package root: the sample is read from
//! `tests/fixtures/results/sample.json`, or from the result file named by
//! `DUCHA_BENCH_RESULT` (e.g. a synthetic school with 180 evidence files).
//! Target: ≥ 20 reports/s on one core for a 4–6 page report.

use ducha::render::{self, PdfOptions};
use ducha::result::InspectionResult;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SAMPLE: &str = "tests/fixtures/results/sample.json";

fn main() {
    // `cargo bench` passes `--bench`; the first numeric argument is N.
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(40)
        .max(1);
    let sample = std::env::var("DUCHA_BENCH_RESULT").unwrap_or(SAMPLE.to_string());
    let text = match std::fs::read_to_string(&sample) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {sample} (run from the package root): {e}");
            std::process::exit(2);
        }
    };
    let result: InspectionResult =
        serde_json::from_str(&text).expect("sample.json is a valid result");
    in_process(&result, n);
    whole_process(Path::new(&sample), n.min(10));
}

fn in_process(result: &InspectionResult, n: usize) {
    let opts = PdfOptions::default();
    let t = Instant::now();
    let first = render::report(result, &opts).expect("report renders");
    println!(
        "warm-up (fonts parsed, first report): {:.1} ms, {} pages, {} bytes",
        ms(t.elapsed()),
        first.pages,
        first.pdf.len()
    );
    // Each report is for a different school, as in a batch: Typst's
    // memoization may reuse what is shared (labels, item titles), not the
    // whole document.
    let schools: Vec<InspectionResult> = (0..n)
        .map(|i| {
            let mut r = result.clone();
            r.school.name = format!("{}{}", r.school.name, i + 1);
            r.school.code = format!("{}", 2142001000 + i);
            r
        })
        .collect();
    let mut times = Vec::with_capacity(n);
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    for school in &schools {
        let t = Instant::now();
        let out = render::report(school, &opts).expect("report renders");
        std::hint::black_box(out.pdf.len());
        times.push(t.elapsed());
    }
    let total = start.elapsed();
    let cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    times.sort();
    let layout = Instant::now();
    for school in &schools {
        std::hint::black_box(
            render::page_texts(render::Document::Report, school, &opts).expect("report compiles"),
        );
    }
    println!(
        "layout only (no PDF export): mean {:.1} ms",
        ms(layout.elapsed()) / n as f64
    );
    println!(
        "in process: {n} reports in {:.2} s = {:.1} reports/s (median {:.1} ms, min {:.1} ms, max {:.1} ms)",
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
    if let Some(cpu) = cpu {
        // CPU time is what one core spends; wall time also counts waiting
        // for a core that other processes use.
        println!(
            "in process: {:.1} ms CPU per report = {:.1} reports per CPU-second",
            cpu * 1000.0 / n as f64,
            n as f64 / cpu
        );
    }
}

/// User + system CPU time of this process (Linux), in seconds.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // USER_HZ is 100 on every Linux architecture ducha runs on.
    Some((utime + stime) / 100.0)
}

/// Times `ducha report SAMPLE -o OUT` as a whole process, when the binary
/// exists next to this bench (target/release or target/debug).
fn whole_process(sample: &Path, runs: usize) {
    let Some(bin) = ducha_binary() else {
        println!("whole process: skipped (no ducha binary built)");
        return;
    };
    let out_dir = std::env::temp_dir().join(format!("ducha-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&out_dir).is_err() {
        println!("whole process: skipped (no temporary folder)");
        return;
    }
    let out = out_dir.join("report.pdf");
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new(&bin)
            .arg("report")
            .arg(sample)
            .arg("-o")
            .arg(&out)
            .output();
        let elapsed = t.elapsed();
        match status {
            Ok(o) if o.status.success() || o.status.code() == Some(1) => times.push(elapsed),
            Ok(o) => {
                println!(
                    "whole process: skipped ({} report exited with {}: {})",
                    bin.display(),
                    o.status,
                    String::from_utf8_lossy(&o.stderr)
                        .lines()
                        .next()
                        .unwrap_or("")
                );
                break;
            }
            Err(e) => {
                println!("whole process: skipped ({e})");
                break;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_dir);
    if times.is_empty() {
        return;
    }
    times.sort();
    println!(
        "whole process ({}): {} runs, median {:.1} ms, min {:.1} ms",
        bin.display(),
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[0])
    );
}

fn ducha_binary() -> Option<PathBuf> {
    // `cargo bench` runs target/<profile>/deps/report-<hash>; the binary is
    // target/<profile>/ducha. Also look next to the bench itself.
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    let name = format!("ducha{}", std::env::consts::EXE_SUFFIX);
    [dir.join(&name), dir.parent()?.join(&name)]
        .into_iter()
        .find(|p| p.is_file())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
