//! The command line: arguments (clap), dispatch to the pipeline stages,
//! output, and exit codes (0 nothing failed, 1 some item failed, 2 could
//! not evaluate). A closed pipe counts as success.

use crate::error::{Error, Result};
use crate::output;
use crate::pipeline::{self, CheckOptions};
use crate::present::Lang;
use chrono::{Datelike, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "ducha",
    version,
    about = "督查: 开学检查引擎 — 按清单检查学校提交的材料,出具报告,汇总全县结果"
)]
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
    /// 检查一所学校的提交材料 (check a submission folder or .zip)
    Check {
        /// 提交材料文件夹,或 .zip 压缩包
        dir: PathBuf,
        #[command(flatten)]
        check: CheckArgs,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// 输出到文件(默认: 终端)
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// 生成一所学校的提交材料模板 (scaffold a submission folder)
    Init {
        /// 要创建的文件夹
        dir: PathBuf,
        /// 学校类型: kindergarten primary junior nine_year senior vocational
        #[arg(long = "type")]
        kind: String,
        #[arg(long)]
        checklist: Option<PathBuf>,
        /// 文件夹不为空时仍然写入(已有文件不会被覆盖)
        #[arg(long)]
        force: bool,
    },
    /// 核对提交材料是否仍是检查时的那一份 (is the submission still the one inspected)
    Verify {
        /// check --format json 生成的结果文件
        result: PathBuf,
        /// 提交材料文件夹,或 .zip 压缩包
        submission: PathBuf,
    },
    /// 比较同一学校的两次检查结果:各项与总分的变化 (what changed between two results)
    Diff {
        /// 较早的结果文件(.json)
        old: PathBuf,
        /// 较新的结果文件(.json)
        new: PathBuf,
        /// 清单(用于对应改名的检查项,默认: 内置清单)
        #[arg(long)]
        checklist: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
    },
    /// 校验检查清单,一次列出全部问题 (validate a checklist)
    Lint {
        /// 清单文件(YAML)
        checklist: PathBuf,
    },
    /// 输出检查清单格式的 JSON Schema,供编辑器补全与校验 (JSON Schema of the checklist format)
    Schema,
    /// 生成检查反馈报告 PDF (inspection report, or --self-audit)
    Report {
        /// 提交材料文件夹或 .zip,或 check --format json 生成的结果文件
        input: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// 自查报告:不含签字栏,待现场检查的项目单列
        #[arg(long)]
        self_audit: bool,
        /// 文号中的序号 N(填入发文设置 number 的序号位置;默认: 留空待填)
        #[arg(long, value_name = "N")]
        number: Option<u32>,
        #[command(flatten)]
        pdf: PdfArgs,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// 生成限期整改通知书(附回执) (rectification notice with its return slip)
    Notice {
        /// 提交材料文件夹或 .zip,或 check --format json 生成的结果文件
        input: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// 文号中的序号 N(填入发文设置 notice_number 的序号位置;默认: 留空待填)
        #[arg(long, value_name = "N")]
        number: Option<u32>,
        #[command(flatten)]
        pdf: PdfArgs,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// 生成现场检查记录表: .pdf 打印填写, .xlsx 在 Excel/WPS 中填写后用 --inspection 读回 (on-site form)
    Sheet {
        /// 提交材料文件夹,或 .zip 压缩包
        dir: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        pdf: PdfArgs,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// 汇总多所学校的检查结果为工作簿 (bureau workbook)
    Aggregate {
        /// 结果文件(.json)或存放结果的文件夹
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
        /// 每个工作表另存为 CSV 到此文件夹
        #[arg(long)]
        csv: Option<PathBuf>,
        /// 另生成汇总通报 PDF
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// 通报的发文设置 county.yaml(默认: --checklist 旁的 county.yaml)
        #[arg(long, value_name = "FILE")]
        county: Option<PathBuf>,
        /// 通报文号中的序号 N(填入发文设置 bulletin_number 的序号位置)
        #[arg(long, value_name = "N")]
        number: Option<u32>,
        #[arg(long, value_enum, default_value = "zh")]
        lang: Lang,
        /// 基础教育科、职成教育科分别生成工作簿
        #[arg(long)]
        by_section: bool,
        /// 有无法读取的结果文件(或同一学校的旧结果被略去)时仍以 0 退出
        #[arg(long)]
        keep_going: bool,
        /// 允许汇总不同清单版本或不同学期的结果(在「注意」工作表中标明)
        #[arg(long)]
        allow_mixed: bool,
        /// 检查清单(默认: 内置的开学检查清单),提供抽查风险权重和检查项改名
        #[arg(long)]
        checklist: Option<PathBuf>,
        /// 按风险分加权随机抽取 N 所学校抽查(须同时给出 --seed)
        #[arg(long, value_name = "N")]
        spot_check: Option<usize>,
        /// 抽查的随机数种子(如 20261203);同一批结果、同一种子抽到同样的学校
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// 上学期的结果文件夹:工作簿增加两次检查对比、乡镇变化、检查项对比、连续未达标
        #[arg(long, value_name = "DIR")]
        previous_term: Option<PathBuf>,
    },
    /// 批量检查文件夹下每所学校,生成结果、报告和汇总 (check + report every school, then aggregate)
    Batch {
        /// 存放各校提交材料的文件夹(每校一个子文件夹或一个 .zip)
        dir: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// 并行任务数(默认: CPU 核数)
        #[arg(long)]
        jobs: Option<usize>,
        /// 不生成 PDF 报告
        #[arg(long)]
        no_pdf: bool,
        /// 基础教育科、职成教育科分别生成汇总工作簿
        #[arg(long)]
        by_section: bool,
        #[command(flatten)]
        pdf: PdfArgs,
        #[arg(long)]
        checklist: Option<PathBuf>,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// 上学期的结果文件夹(batch 的输出或其 results/),按学校标识码对应,用于回头看;
        /// 不给出时,使用提交材料文件夹中的 previous/(如有)
        #[arg(long)]
        previous: Option<PathBuf>,
    },
}

/// Options shared by the commands that evaluate a submission.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// 检查清单(默认: 内置的开学检查清单)
    #[arg(long)]
    checklist: Option<PathBuf>,
    /// 现场检查记录 inspection.yaml(默认: 材料文件夹中的 inspection.yaml)
    #[arg(long)]
    inspection: Option<PathBuf>,
    /// 检查日期 YYYY-MM-DD(默认: 检查记录的日期,其次 school.yaml 的自查日期,最后是今天)
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// 上次检查的结果文件(.json),用于回头看:上次的问题是否整改到位
    #[arg(long)]
    previous: Option<PathBuf>,
}

impl CheckArgs {
    /// Loads the checklist and evaluates the submission folder.
    fn check(&self, dir: &std::path::Path) -> Result<crate::result::InspectionResult> {
        self.check_with(&pipeline::load_checklist(self.checklist.as_deref())?, dir)
    }

    /// Evaluates the submission folder with a checklist already loaded.
    fn check_with(
        &self,
        cl: &crate::checklist::Checklist,
        dir: &std::path::Path,
    ) -> Result<crate::result::InspectionResult> {
        let previous = match &self.previous {
            Some(p) => Some(std::sync::Arc::new(pipeline::Previous::read(p)?)),
            None => None,
        };
        let opts = CheckOptions {
            inspection: self.inspection.clone(),
            date: self.date,
            previous,
        };
        pipeline::check(dir, cl, &opts)
    }
}

/// Options of the PDF renderers.
#[derive(clap::Args, Debug)]
pub struct PdfArgs {
    #[arg(long, value_enum, default_value = "zh")]
    lang: Lang,
    /// 儿童姓名也打码(张**)
    #[arg(long)]
    redact: bool,
    /// 另外使用此文件夹中的字体(如仿宋、宋体)
    #[arg(long)]
    font_dir: Vec<PathBuf>,
    /// 发文设置 county.yaml:发文机关、检查名称、文号(默认: 清单旁或提交材料所在文件夹中的 county.yaml)
    #[arg(long, value_name = "FILE")]
    county: Option<PathBuf>,
}

impl PdfArgs {
    fn options(
        &self,
        self_audit: bool,
        documents: crate::documents::Documents,
    ) -> crate::render::PdfOptions {
        crate::render::PdfOptions {
            lang: self.lang,
            self_audit,
            redact: self.redact,
            font_dirs: self.font_dir.clone(),
            documents,
            number: None,
        }
    }
}

/// The documents' settings: the checklist's, with a county file over
/// them: `--county`, else a `county.yaml` beside the checklist file, else
/// one in `folder` (the folder that holds a submission: a county's folder
/// of submissions). Where one was read is said on stderr.
fn documents(
    cl: &crate::checklist::Checklist,
    checklist: Option<&std::path::Path>,
    county: Option<&std::path::Path>,
    folder: Option<&std::path::Path>,
    lang: Lang,
) -> Result<crate::documents::Documents> {
    let places: Vec<PathBuf> = checklist
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
        .into_iter()
        .chain(folder.map(std::path::Path::to_path_buf))
        .collect();
    let places: Vec<&std::path::Path> = places.iter().map(PathBuf::as_path).collect();
    let d = crate::documents::Documents::find(cl, county, &places)
        .map_err(crate::error::Error::Invalid)?;
    match &d.source {
        Some(src) => eprintln!(
            "{}",
            lang.fill("cli", "county_used", &[("file", &src.display())])
        ),
        None => eprintln!(
            "{}",
            lang.fill("cli", "county_default", &[("issuer", &d.issuer)])
        ),
    }
    Ok(d)
}

/// `--date`: `YYYY-MM-DD` within the years an inspection can have, so
/// that deadlines and date rules computed from it stay in the calendar.
/// (A message, as clap's value parsers take: clap shows it with the option.)
fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("「{s}」不是 YYYY-MM-DD 格式的日期"))?;
    if !DATE_YEARS.contains(&d.year()) {
        return Err(format!(
            "「{s}」超出了可用的年份({}–{})",
            DATE_YEARS.start(),
            DATE_YEARS.end()
        ));
    }
    Ok(d)
}

/// The years `--date` accepts.
const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Refuses an output path inside the submission (or over the zip): ducha
/// never writes into the evidence it inspects.
fn outside(output: &std::path::Path, submission: &std::path::Path) -> Result<()> {
    // The output may not exist yet: resolve its folder, then add the name.
    let resolve = |p: &std::path::Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    let (Some(out), Ok(sub)) = (resolve(output), submission.canonicalize()) else {
        return Ok(());
    };
    if out == sub || (sub.is_dir() && out.starts_with(&sub)) {
        return Err(Error::other(format!(
            "输出位置 {} 在提交材料 {} 之内;ducha 不向提交材料中写入任何文件,请换一个位置",
            output.display(),
            submission.display()
        )));
    }
    Ok(())
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    crate::panic::install_hook();
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
            check,
            format,
            output: out,
            lang,
        } => {
            if let Some(o) = &out {
                outside(o, &dir)?;
            }
            let r = check.check(&dir)?;
            match (format, out.as_ref()) {
                (Format::Human, o) => emit(&output::human::render(&r, lang), o)?,
                (Format::Json, Some(p)) => {
                    pipeline::write_atomic_with(p, |f| output::json::write(&r, f))?
                }
                (Format::Json, None) => match output::json::write(&r, std::io::stdout().lock()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(Error::other(format!("无法写出结果: {e}")))
                    }
                    _ => {}
                },
            }
            Ok(pipeline::exit_code(&r))
        }
        Command::Lint { checklist } => lint(&checklist),
        Command::Diff {
            old,
            new,
            checklist,
            format,
            lang,
        } => {
            let cl = pipeline::load_checklist(checklist.as_deref())?;
            // Phone and ID numbers in findings are masked, as everywhere.
            let masked = |p: &std::path::Path| -> Result<crate::result::InspectionResult> {
                Ok(crate::present::mask::masked(&pipeline::read_result(p)?).into_owned())
            };
            let d = crate::diff::diff(&masked(&old)?, &masked(&new)?, &cl).map_err(|why| {
                Error::other(format!("{} {}: {why}", old.display(), new.display()))
            })?;
            let text = match format {
                Format::Human => crate::diff::render(&d, lang),
                Format::Json => {
                    let mut t = serde_json::to_string_pretty(&d)
                        .map_err(|e| Error::other(e.to_string()))?;
                    t.push('\n');
                    t
                }
            };
            print(&text)?;
            Ok(if d.worse { 1 } else { 0 })
        }
        Command::Verify { result, submission } => verify(&result, &submission),
        Command::Schema => {
            let schema = crate::checklist::raw::schema();
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            print(&format!("{text}\n"))?;
            Ok(0)
        }
        Command::Init {
            dir,
            kind,
            checklist,
            force,
        } => {
            let cl = pipeline::load_checklist(checklist.as_deref())?;
            let r = crate::init::init(&dir, &kind, &cl, force, chrono::Local::now().date_naive())?;
            let mut text = format!("已在 {} 生成 {} 个文件:\n", dir.display(), r.written.len());
            for f in &r.written {
                text.push_str(&format!("  {f}\n"));
            }
            for f in &r.kept {
                text.push_str(&format!("  {f}(已存在,未改动)\n"));
            }
            text.push_str(&format!(
                "下一步: 填写 school.yaml 和各表格,然后运行 ducha check {}\n",
                dir.display()
            ));
            print(&text)?;
            Ok(0)
        }
        Command::Report {
            input,
            output,
            self_audit,
            number,
            pdf,
            check,
        } => {
            let doc = crate::render::Document::Report;
            official(&input, &output, doc, self_audit, number, &pdf, &check)
        }
        Command::Notice {
            input,
            output,
            number,
            pdf,
            check,
        } => {
            let doc = crate::render::Document::Notice;
            official(&input, &output, doc, false, number, &pdf, &check)
        }
        Command::Sheet {
            dir,
            output,
            pdf,
            check,
        } => {
            outside(&output, &dir)?;
            if !crate::onsite::is_workbook(&output) {
                crate::warm_up();
            }
            let cl = pipeline::load_checklist(check.checklist.as_deref())?;
            let r = result_of(&dir, &check, &cl)?;
            let opts = pdf.options(false, crate::documents::Documents::default());
            // The format follows the extension: a workbook to fill in
            // Excel or WPS and read back, or the printed form.
            if crate::onsite::is_workbook(&output) {
                let bytes = crate::onsite::write(&r, opts.lang)
                    .map_err(|e| Error::other(format!("{}: {e}", output.display())))?;
                pipeline::write_atomic(&output, &bytes)?;
                let line = opts
                    .lang
                    .fill("cli", "wrote_file", &[("path", &output.display())]);
                print(&format!("{line}\n"))?;
                return Ok(0);
            }
            let rendered = crate::render::sheet(&r, &opts)?;
            write_pdf(&output, rendered, opts.lang)
        }
        Command::Aggregate {
            inputs,
            output,
            csv,
            pdf,
            county,
            number,
            lang,
            by_section,
            keep_going,
            allow_mixed,
            checklist,
            spot_check,
            seed,
            previous_term,
        } => aggregate(
            &inputs,
            &AggregateOut {
                xlsx: output,
                csv,
                pdf,
                county,
                number,
                lang,
            },
            &AggregateHow {
                by_section,
                keep_going,
                allow_mixed,
                checklist,
                spot_check,
                seed,
                previous_term,
            },
        ),
        Command::Batch {
            dir,
            output,
            jobs,
            no_pdf,
            by_section,
            pdf,
            checklist,
            date,
            previous,
        } => {
            // Not inside the folder of submissions either: the outputs
            // would be taken for a school's next time.
            outside(&output, &dir)?;
            if let Some(p) = &previous {
                // Last term's results would be overwritten while read.
                let same = |a: &std::path::Path, b: &std::path::Path| {
                    a.canonicalize()
                        .ok()
                        .is_some_and(|a| b.canonicalize().ok() == Some(a))
                };
                if same(p, &output) || same(p, &output.join("results")) {
                    return Err(Error::other(format!(
                        "--previous {} 与输出文件夹 {} 相同;上学期的结果会被本次覆盖,请换一个输出文件夹",
                        p.display(),
                        output.display()
                    )));
                }
            }
            let cl = pipeline::load_checklist(checklist.as_deref())?;
            let docs = documents(
                &cl,
                checklist.as_deref(),
                pdf.county.as_deref(),
                Some(&dir),
                pdf.lang,
            )?;
            // Last term's results kept beside the submissions, in
            // `previous/`, are followed up without being named.
            let beside = dir.join(crate::batch::PREVIOUS_FOLDER);
            let previous = previous.or_else(|| beside.is_dir().then_some(beside));
            let opts = crate::batch::BatchOptions {
                check: CheckOptions {
                    inspection: None,
                    date,
                    previous: None,
                },
                previous: match &previous {
                    Some(p) => Some(crate::batch::PreviousResults::index(p)?),
                    None => None,
                },
                jobs,
                pdf: !no_pdf,
                pdf_options: pdf.options(false, docs),
                split: if by_section {
                    crate::aggregate::Split::ByOffice
                } else {
                    crate::aggregate::Split::Together
                },
            };
            let s = crate::batch::run(&dir, &output, &cl, &opts)?;
            let lang = opts.pdf_options.lang;
            if let (Some(p), Some(prev)) = (&previous, &opts.previous) {
                eprintln!(
                    "{}",
                    lang.fill(
                        "cli",
                        "batch_previous",
                        &[("dir", &p.display()), ("n", &prev.len())]
                    )
                );
            }
            for (f, why) in opts.previous.iter().flat_map(|p| &p.unreadable) {
                eprintln!(
                    "{}",
                    lang.fill("cli", "skipped_result", &[("file", f), ("why", why)])
                );
            }
            let mut text = lang.fill(
                "cli",
                "batch_done",
                &[("n", &s.checked), ("dir", &output.display())],
            );
            text.push('\n');
            if !s.failed.is_empty() {
                let failed = lang.fill("cli", "batch_failed", &[("n", &s.failed.len())]);
                text.push_str(&format!("\n{failed}\n"));
                for (name, why) in &s.failed {
                    text.push_str(&format!(
                        "  {name}: {}\n",
                        why.message().replace('\n', "\n    ")
                    ));
                }
            }
            if !s.ignored.is_empty() {
                let line = lang.fill("cli", "batch_ignored", &[("n", &s.ignored.len())]);
                text.push_str(&format!("\n{line}\n"));
                for name in &s.ignored {
                    text.push_str(&format!("  {name}\n"));
                }
            }
            print(&text)?;
            Ok(if s.failed.is_empty() { 0 } else { 2 })
        }
    }
}

/// A result: read from a result file, or evaluated from a folder.
/// `report` and `notice`: the result (evaluated, or read), the county's
/// settings, the document numbered as asked.
fn official(
    input: &std::path::Path,
    output: &std::path::Path,
    doc: crate::render::Document,
    self_audit: bool,
    number: Option<u32>,
    pdf: &PdfArgs,
    check: &CheckArgs,
) -> Result<i32> {
    if !input.is_file() || crate::evidence::is_zip(input) {
        outside(output, input)?;
    }
    crate::warm_up();
    let cl = pipeline::load_checklist(check.checklist.as_deref())?;
    let r = result_of(input, check, &cl)?;
    let lang = pdf.lang;
    let notice = doc == crate::render::Document::Notice;
    // No feedback or notice is issued for an inspection that did not
    // happen, nor a notice with nothing to fix.
    if r.inspection.is_none() && notice {
        return Err(Error::other(lang.fill(
            "cli",
            "notice_unvisited",
            &[("school", &r.school.name)],
        )));
    }
    if r.rectifications.is_empty() && notice {
        return Err(Error::other(lang.fill(
            "cli",
            "notice_nothing",
            &[("school", &r.school.name)],
        )));
    }
    let self_audit = self_audit || r.inspection.is_none();
    if r.inspection.is_none() {
        eprintln!(
            "{}",
            lang.fill("cli", "report_unvisited", &[("school", &r.school.name)])
        );
    }
    let docs = documents(
        &cl,
        check.checklist.as_deref(),
        pdf.county.as_deref(),
        holder(input).as_deref(),
        pdf.lang,
    )?;
    let opts = crate::render::PdfOptions {
        number,
        ..pdf.options(self_audit, docs)
    };
    let rendered = match doc {
        crate::render::Document::Notice => crate::render::notice(&r, &opts)?,
        _ => crate::render::report(&r, &opts)?,
    };
    write_pdf(output, rendered, opts.lang)
}

/// The folder that holds a submission (folder or zip), where a county
/// keeps its `county.yaml`; none for a result file (it is filed apart
/// from the submissions).
fn holder(input: &std::path::Path) -> Option<PathBuf> {
    if input.is_file() && !crate::evidence::is_zip(input) {
        return None;
    }
    std::fs::canonicalize(input)
        .ok()
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
}

fn result_of(
    input: &std::path::Path,
    check: &CheckArgs,
    cl: &crate::checklist::Checklist,
) -> Result<crate::result::InspectionResult> {
    if input.is_file() && !crate::evidence::is_zip(input) {
        let mut r = pipeline::read_result(input)?;
        if let Some(p) = &check.previous {
            pipeline::follow_up(&mut r, &pipeline::Previous::read(p)?, cl)?;
        }
        return Ok(r);
    }
    check.check_with(cl, input)
}

fn write_pdf(path: &std::path::Path, r: crate::render::Rendered, lang: Lang) -> Result<i32> {
    for w in &r.warnings {
        eprintln!("{}{w}", lang.label("cli", "note"));
    }
    pipeline::write_atomic(path, &r.pdf)?;
    let line = lang.fill(
        "cli",
        "wrote_pdf",
        &[("path", &path.display()), ("pages", &r.pages)],
    );
    print(&format!("{line}\n"))?;
    Ok(0)
}

/// Where `aggregate` writes.
struct AggregateOut {
    xlsx: PathBuf,
    csv: Option<PathBuf>,
    pdf: Option<PathBuf>,
    county: Option<PathBuf>,
    number: Option<u32>,
    lang: Lang,
}

/// Each result file that could not be read, on the terminal.
fn say_skipped(report: &crate::aggregate::ReadReport, lang: Lang) {
    for (f, why) in &report.failed {
        eprintln!(
            "{}",
            lang.fill("cli", "skipped_result", &[("file", f), ("why", why)])
        );
    }
}

/// How `aggregate` aggregates.
struct AggregateHow {
    by_section: bool,
    keep_going: bool,
    allow_mixed: bool,
    checklist: Option<PathBuf>,
    spot_check: Option<usize>,
    seed: Option<u64>,
    previous_term: Option<PathBuf>,
}

fn aggregate(inputs: &[PathBuf], out: &AggregateOut, how: &AggregateHow) -> Result<i32> {
    let AggregateHow {
        by_section,
        keep_going,
        allow_mixed,
        ..
    } = *how;
    let cl = pipeline::load_checklist(how.checklist.as_deref())?;
    let draw = match (how.spot_check, how.seed) {
        (None, None) => None,
        (Some(n), Some(seed)) => Some(crate::aggregate::spot::Draw { n, seed }),
        (Some(_), None) => return Err(Error::other(
            "--spot-check 需要同时给出 --seed(随机数种子,如当天日期 20261203),以便他人复现这次抽取",
        )),
        (None, Some(_)) => return Err(Error::other("--seed 只用于 --spot-check N")),
    };
    let weights = cl.spot_check.as_ref();
    if draw.is_some() && weights.is_none() {
        return Err(Error::other(format!(
            "{}: 检查清单没有 spot_check(抽查风险权重),无法抽查",
            cl.source
        )));
    }
    let previous = match &how.previous_term {
        None => None,
        Some(dir) => {
            let report = crate::aggregate::read_results(std::slice::from_ref(dir));
            say_skipped(&report, out.lang);
            if report.rows.is_empty() {
                return Err(Error::other(format!(
                    "{}: 没有可读的上学期结果文件(.json)",
                    dir.display()
                )));
            }
            let (rows, _) = crate::aggregate::dedup(report.rows, out.lang);
            Some(crate::aggregate::terms::mapped(rows, &cl))
        }
    };
    let report = crate::aggregate::read_results(inputs);
    say_skipped(&report, out.lang);
    if report.rows.is_empty() {
        let given: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::other(format!(
            "没有可汇总的检查结果({} 中没有可读的 .json 结果文件)",
            given.join("、")
        )));
    }
    let mut notes = crate::aggregate::mixes(&report.rows, out.lang);
    if !notes.is_empty() && !allow_mixed {
        return Err(Error::other(format!(
            "{};如确需合并汇总,请加 --allow-mixed",
            notes.join(";")
        )));
    }
    let n = report.rows.len();
    let (mut rows, dup) = crate::aggregate::dedup(report.rows, out.lang);
    if let Some(prev) = &previous {
        crate::aggregate::with_previous(&mut rows, prev);
    }
    // Which copy of a school was kept is said here too, not only on the
    // workbook's 注意 sheet.
    for d in &dup {
        eprintln!("{}{d}", out.lang.label("cli", "note"));
    }
    notes.extend(dup);
    // A result file left out is said on the 注意 sheet too, not only here.
    notes.extend(report.failed.iter().map(|(f, why)| {
        out.lang
            .fill("workbook", "not_aggregated", &[("file", f), ("why", why)])
    }));
    let split = if by_section {
        crate::aggregate::Split::ByOffice
    } else {
        crate::aggregate::Split::Together
    };
    let grades = crate::aggregate::grade_names(&cl);
    let extras = crate::aggregate::Extras {
        spot: weights.map(|w| (w, draw)),
        previous: previous.as_deref(),
        grades: &grades,
    };
    let books = crate::aggregate::build(&rows, split, &notes, extras, out.lang);
    let mut written = crate::aggregate::write_xlsx(&books, &out.xlsx)?;
    if let Some(dir) = &out.csv {
        written.extend(crate::aggregate::write_csv(&books, dir)?);
    }
    if let Some(path) = &out.pdf {
        let opts = crate::render::PdfOptions {
            lang: out.lang,
            documents: documents(
                &cl,
                how.checklist.as_deref(),
                out.county.as_deref(),
                None,
                out.lang,
            )?,
            number: out.number,
            ..Default::default()
        };
        let r = crate::render::summary(&rows, &notes, &crate::render::grade_names(&cl), &opts)?;
        for w in &r.warnings {
            eprintln!("{}{w}", out.lang.label("cli", "note"));
        }
        pipeline::write_atomic(path, &r.pdf)?;
        written.push(path.clone());
    }
    let mut text = out
        .lang
        .fill("cli", "aggregated", &[("n", &n), ("schools", &rows.len())]);
    text.push('\n');
    for p in &written {
        text.push_str(&format!("  {}\n", p.display()));
    }
    if let (Some(d), Some(w)) = (draw, weights) {
        text.push_str(&spot_lines(&rows, w, d, out.lang));
    }
    print(&text)?;
    // Anything left out (an unreadable file, a school's older copy) is a
    // non-zero exit unless the clerk said to go on (issue 16): it is on
    // the terminal and the 注意 sheet either way.
    let left_out = !report.failed.is_empty() || rows.len() < n;
    Ok(if !left_out || keep_going { 0 } else { 2 })
}

/// The schools drawn for the spot check, in the order drawn, each with
/// its risk and what makes it.
fn spot_lines(
    rows: &[crate::aggregate::SchoolRow],
    w: &crate::checklist::SpotCheck,
    d: crate::aggregate::spot::Draw,
    lang: Lang,
) -> String {
    let refs: Vec<&crate::aggregate::SchoolRow> = rows.iter().collect();
    let mut drawn: Vec<crate::aggregate::spot::Risk> =
        crate::aggregate::spot::rank(&refs, w, Some(d), lang)
            .into_iter()
            .filter(|r| r.drawn.is_some())
            .collect();
    drawn.sort_by_key(|r| r.drawn);
    let mut text = lang.fill(
        "cli",
        "spot_drawn",
        &[("n", &drawn.len()), ("seed", &d.seed), ("all", &rows.len())],
    );
    text.push('\n');
    for r in &drawn {
        let row = refs[r.row];
        let parts: Vec<String> = r.parts.iter().map(|(words, _)| words.clone()).collect();
        let why = if parts.is_empty() {
            lang.label("cli", "spot_base").to_string()
        } else {
            parts.join(lang.label("workbook", "findings_sep"))
        };
        text.push_str(&format!(
            "  {}. {}({})  {} {}:{why}\n",
            r.drawn.unwrap_or_default(),
            row.name,
            row.code,
            lang.label("workbook", "risk"),
            crate::present::number::plain(r.risk),
        ));
    }
    text
}

/// `ducha verify`: 0 the same files, 1 a difference (listed), 2 an error.
fn verify(result: &std::path::Path, submission: &std::path::Path) -> Result<i32> {
    let r = pipeline::read_result(result)?;
    let now = pipeline::read_evidence(submission)?;
    let diff = crate::verify::verify(&r, &now);
    let lang = Lang::Zh;
    let mut text = String::new();
    if diff.is_empty() {
        text = lang.fill(
            "verify",
            "same",
            &[
                ("dir", &submission.display()),
                ("n", &r.manifest.len()),
                ("date", &r.date),
            ],
        );
        text.push('\n');
    } else {
        text.push_str(&lang.fill(
            "verify",
            "differs",
            &[("dir", &submission.display()), ("date", &r.date)],
        ));
        text.push('\n');
        for (key, files) in [
            ("changed", &diff.changed),
            ("added", &diff.added),
            ("removed", &diff.removed),
        ] {
            for f in files {
                text.push_str(&format!("  {} {f}\n", lang.label("verify", key)));
            }
        }
    }
    print(&text)?;
    Ok(if diff.is_empty() { 0 } else { 1 })
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
