//! The command line: arguments (clap), dispatch to the pipeline stages,
//! output, and exit codes (0 nothing failed, 1 some item failed, 2 could
//! not evaluate). A closed pipe counts as success.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::output;
use crate::pipeline::{self, CheckOptions};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "ducha", version, about = "督查: 开学检查引擎 — 按清单检查学校提交的材料,出具报告,汇总全县结果")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 检查一所学校的提交材料 (check a submission folder)
    Check {
        /// 提交材料文件夹
        dir: PathBuf,
        /// 检查清单(默认: 内置的开学检查清单)
        #[arg(long)]
        checklist: Option<PathBuf>,
        /// 现场检查记录 inspection.yaml(默认: 材料文件夹中的 inspection.yaml)
        #[arg(long)]
        inspection: Option<PathBuf>,
        /// 检查日期 YYYY-MM-DD(默认: 检查记录的日期,其次 school.yaml 的自查日期,最后是今天)
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// 输出到文件(默认: 终端)
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// 校验检查清单,一次列出全部问题 (validate a checklist)
    Lint {
        /// 清单文件(YAML)
        checklist: PathBuf,
    },
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("「{s}」不是 YYYY-MM-DD 格式的日期"))
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprint!("{e}");
            e.exit_code()
        }
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::other(format!("无法写出结果: {e}"))),
    }
}

fn emit(text: &str, output: Option<&PathBuf>) -> Result<()> {
    match output {
        Some(p) => pipeline::write_atomic(p, text.as_bytes()),
        None => print(text),
    }
}

pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Check {
            dir,
            checklist,
            inspection,
            date,
            format,
            output: out,
            lang,
        } => {
            let cl = pipeline::load_checklist(checklist.as_deref())?;
            let opts = CheckOptions { inspection, date };
            let r = pipeline::check(&dir, &cl, &opts)?;
            let text = match format {
                Format::Human => output::human::render(&r, lang),
                Format::Json => output::json::render(&r),
            };
            emit(&text, out.as_ref())?;
            Ok(pipeline::exit_code(&r))
        }
        Command::Lint { checklist } => lint(&checklist),
    }
}

fn lint(path: &std::path::Path) -> Result<i32> {
    match crate::checklist::load(Some(path)) {
        Ok(cl) => {
            let n: usize = cl.sections.iter().map(|s| s.items.len()).sum();
            print(&format!(
                "✓ {}: 校验通过 — {} 个分部,{} 个检查项,共 {} 分\n",
                path.display(),
                cl.sections.len(),
                n,
                output::human::num(cl.total_points())
            ))?;
            Ok(0)
        }
        Err(diags) => {
            eprint!("{}", crate::diag::render_all(&diags));
            eprintln!("\n{}: 发现 {} 个问题", path.display(), diags.len());
            Ok(2)
        }
    }
}
