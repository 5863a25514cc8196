//! `ducha-synth N -o DIR --seed S`: writes N synthetic submissions of the
//! invented county (benchmarks, demonstrations); the same seed writes the
//! same bytes.

use clap::Parser;
use ducha::error::Error;
use std::io::Write;
use std::path::PathBuf;

/// 生成模拟学校的提交材料 (synthetic submissions for benchmarks and demonstrations)
#[derive(Parser)]
#[command(name = "ducha-synth", version)]
struct Args {
    /// 学校数
    n: usize,
    #[arg(short, long)]
    output: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() {
    let args = Args::parse();
    let code = match ducha_synth::generate(&args.output, args.n, args.seed) {
        Ok(dirs) => {
            let text = format!(
                "已生成 {} 所学校的模拟材料: {}\n",
                dirs.len(),
                args.output.display()
            );
            // A closed pipe (`| head`) is not an error.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            0
        }
        Err(e) => {
            let e = Error::Other(e);
            eprint!("{e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
