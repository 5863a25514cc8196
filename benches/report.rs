//! Report rendering throughput, as in a batch: evaluates the seven bundled
//! samples (`samples/`), renders one report of each as a warm-up (fonts
//! parsed, layout cache filled), then renders N reports going round the
//! samples in one process and prints reports per CPU-second. Typst keeps
//! what a report laid out (labels, item titles, table headers) for the
//! next four compiles (`EVICT_AGE` in `src/render/typeset.rs`), so a
//! school's own pages are gone by the time its turn comes again: seven
//! schools in turn measure what a batch of different schools costs. It
//! also prints each sample's CPU time and the rate for the reports of 4 to
//! 6 pages alone. Then where a report's time goes by phase (Typst's timing
//! scopes), the same reports with Typst's layout cache emptied before each
//! one (laid out from scratch), and whole `ducha report` processes, if a
//! `ducha` binary has been built.
//!
//! `cargo bench --bench report [-- N]` (N defaults to 42). Run from the
//! package root. `DUCHA_BENCH_RESULTS=a.json:b.json` renders those result
//! files in turn instead of the samples (e.g. synthetic schools with 180
//! evidence files); give six or more, or a school finds its own previous
//! report in the cache. Target: ≥ 20 reports/s on one core for a 4–6 page
//! report, one whole process ≤ 300 ms.

#[path = "common/cpu.rs"]
mod cpu;

use ducha::pipeline::{self, CheckOptions};
use ducha::render::{self, PdfOptions};
use ducha::result::InspectionResult;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SAMPLES: &str = "samples";

fn main() {
    // `cargo bench` passes `--bench`; the first numeric argument is N.
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(42)
        .max(1);
    let results = match std::env::var("DUCHA_BENCH_RESULTS") {
        Ok(list) => std::env::split_paths(&list)
            .map(|p| read_result(&p))
            .collect(),
        Err(_) => samples(),
    };
    if results.is_empty() {
        eprintln!("no results to render (run from the package root)");
        std::process::exit(2);
    }
    if results.len() < 6 {
        println!(
            "note: {} results in turn: each finds its own previous report in Typst's cache, so the rate is optimistic",
            results.len()
        );
    }
    in_process(&results, n);
    phases(&results, n.min(14));
    from_scratch(&results, n.min(14));
    whole_process(&results[0], n.min(10));
}

fn read_result(path: &Path) -> (String, InspectionResult) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {}: {e}", path.display());
        std::process::exit(2);
    });
    let r = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{} is not a result: {e}", path.display());
        std::process::exit(2);
    });
    (path.display().to_string(), r)
}

/// The bundled samples, evaluated as `ducha check` would (their own
/// inspection sheets and dates).
fn samples() -> Vec<(String, InspectionResult)> {
    let cl = pipeline::load_checklist(None).expect("the official checklist loads");
    // The schools a batch of the samples checks (not `samples/previous/`,
    // last term's results).
    let dirs = ducha::batch::submissions(Path::new(SAMPLES)).expect("the samples");
    dirs.iter()
        .map(|d| {
            let r = pipeline::check(d, &cl, &CheckOptions::default()).expect("sample evaluates");
            (d.display().to_string(), r)
        })
        .collect()
}

fn in_process(results: &[(String, InspectionResult)], n: usize) {
    let opts = PdfOptions::default();
    let t = Instant::now();
    for (name, r) in results {
        let out = render::report(r, &opts).expect("report renders");
        println!("{name}: {} pages, {} bytes", out.pages, out.pdf.len());
    }
    println!(
        "warm-up: {} reports in {:.1} ms (fonts parsed with the first)",
        results.len(),
        ms(t.elapsed())
    );
    let mut times = Vec::with_capacity(n);
    let mut pages = 0;
    // Per result: its page count and the CPU time of each of its reports.
    let mut each: Vec<(usize, Vec<Duration>)> = vec![(0, Vec::new()); results.len()];
    let cpu_start = cpu::process();
    let start = Instant::now();
    for (i, (_, r)) in results.iter().enumerate().cycle().take(n) {
        let t = Instant::now();
        let c = cpu::process();
        let out = render::report(r, &opts).expect("report renders");
        each[i].1.push(cpu::process() - c);
        each[i].0 = out.pages;
        pages += out.pages;
        std::hint::black_box(out.pdf.len());
        times.push(t.elapsed());
    }
    let total = start.elapsed();
    let cpu = cpu::process() - cpu_start;
    times.sort();
    println!(
        "in process: {n} reports ({:.1} pages each) in {:.2} s = {:.1} reports/s (median {:.1} ms, min {:.1} ms, max {:.1} ms)",
        pages as f64 / n as f64,
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
    println!("in process: {}", per_cpu(cpu, n));
    by_length(results, &each);
    let layout = Instant::now();
    for (_, r) in results.iter().cycle().take(n) {
        std::hint::black_box(
            render::page_texts(render::Document::Report, r, &opts).expect("report compiles"),
        );
    }
    println!(
        "layout only (no PDF export): mean {:.1} ms",
        ms(layout.elapsed()) / n as f64
    );
}

/// The in-process figures per result, and for the reports of 4 to 6 pages
/// (the length the target is set for) against the others.
fn by_length(results: &[(String, InspectionResult)], each: &[(usize, Vec<Duration>)]) {
    let mut in_range = (Duration::ZERO, 0);
    let mut others = (Duration::ZERO, 0);
    for ((name, _), (pages, cpus)) in results.iter().zip(each) {
        if cpus.is_empty() {
            continue;
        }
        let sum: Duration = cpus.iter().sum();
        println!(
            "  {name}: {pages} pages, {} reports, {:.1} ms CPU each",
            cpus.len(),
            ms(sum) / cpus.len() as f64
        );
        let bucket = if (4..=6).contains(pages) {
            &mut in_range
        } else {
            &mut others
        };
        bucket.0 += sum;
        bucket.1 += cpus.len();
    }
    for (label, (cpu, n)) in [("4-6 pages", in_range), ("other lengths", others)] {
        if n > 0 {
            println!("in process, {label}: {}", per_cpu(cpu, n));
        }
    }
}

/// Where a report's time goes, from Typst's own timing scopes: evaluating
/// the template, each layout iteration (the second one settles page numbers
/// and the running header), and the PDF export. Wall time, summed over
/// threads (pages are laid out in parallel, so the parts of a layout can add
/// up to more than it), with the scopes' own overhead.
fn phases(results: &[(String, InspectionResult)], n: usize) {
    let opts = PdfOptions::default();
    typst_timing::clear();
    typst_timing::enable();
    for (_, r) in results.iter().cycle().take(n) {
        std::hint::black_box(render::report(r, &opts).expect("report renders").pdf.len());
    }
    typst_timing::disable();
    let mut json = Vec::new();
    if let Err(e) = typst_timing::export_json(&mut json, |_| (String::new(), 0)) {
        println!("phases: skipped ({e})");
        return;
    }
    #[derive(serde::Deserialize)]
    struct Event {
        name: String,
        ph: String,
        ts: f64,
        tid: u64,
    }
    let events: Vec<Event> = match serde_json::from_slice(&json) {
        Ok(events) => events,
        Err(e) => {
            println!("phases: skipped (typst-timing's events: {e})");
            return;
        }
    };
    // Time inside the outermost scope of each name, summed over threads.
    let mut open: HashMap<u64, Vec<(String, f64)>> = HashMap::new();
    let mut total: HashMap<String, (f64, usize)> = HashMap::new();
    for e in events {
        let stack = open.entry(e.tid).or_default();
        if e.ph == "B" {
            stack.push((e.name, e.ts));
        } else if let Some((name, ts)) = stack.pop() {
            if !stack.iter().any(|(n, _)| *n == name) {
                let t = total.entry(name).or_default();
                t.0 += e.ts - ts;
                t.1 += 1;
            }
        }
    }
    println!(
        "phases (Typst's timing scopes, ms per report over {n} reports, summed over threads):"
    );
    for (depth, name, what) in PHASES {
        if let Some((us, calls)) = total.get(*name) {
            println!(
                "  {:>6.1} ms  {}{name}: {what} ({:.1} per report)",
                us / 1000.0 / n as f64,
                "  ".repeat(*depth),
                *calls as f64 / n as f64
            );
        }
    }
}

/// The timing scopes `phases` prints, with their depth: an indented line
/// is a part of the nearest less indented line above it.
const PHASES: &[(usize, &str, &str)] = &[
    (0, "eval", "the template run on the data"),
    (0, "layout document", "layout, all iterations"),
    (1, "iter (1)", "the first"),
    (
        1,
        "iter (2)",
        "the second, settling page numbers and the header",
    ),
    (1, "iter (3)", "a third"),
    (1, "page run", "their page runs, summed over threads"),
    (2, "layout_table", "tables"),
    (2, "prepare", "shaping paragraphs"),
    (2, "realize", "applying show and set rules"),
    (0, "convert document", "the PDF export"),
    (
        1,
        "finish export",
        "writing the file: font subsets, compression",
    ),
];

/// Each report with Typst's layout cache emptied first: what one report
/// costs when nothing of it was laid out before (fonts stay parsed).
fn from_scratch(results: &[(String, InspectionResult)], n: usize) {
    let opts = PdfOptions::default();
    let cpu_start = cpu::process();
    let start = Instant::now();
    for (_, r) in results.iter().cycle().take(n) {
        comemo::evict(0);
        std::hint::black_box(render::report(r, &opts).expect("report renders").pdf.len());
    }
    let total = start.elapsed();
    let cpu = cpu::process() - cpu_start;
    println!(
        "from scratch (layout cache emptied before each): {:.1} ms per report; {}",
        ms(total) / n as f64,
        per_cpu(cpu, n)
    );
}

/// `cpu` spent on `n` reports, per report and as a rate. CPU time is what
/// the cores spend (Typst lays pages out in parallel); wall time also
/// counts waiting for a core that other processes use.
fn per_cpu(cpu: Duration, n: usize) -> String {
    format!(
        "{:.1} ms CPU per report = {:.1} reports per CPU-second",
        ms(cpu) / n as f64,
        n as f64 / cpu.as_secs_f64()
    )
}

/// Times `ducha report RESULT.json -o OUT` as a whole process for the first
/// result, when the binary exists next to this bench (target/release or
/// target/debug).
fn whole_process((_, result): &(String, InspectionResult), runs: usize) {
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
    let sample = out_dir.join("result.json");
    let json = serde_json::to_vec(result).expect("a result serialises");
    if std::fs::write(&sample, json).is_err() {
        println!("whole process: skipped (cannot write {})", sample.display());
        return;
    }
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new(&bin)
            .arg("report")
            .arg(&sample)
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
