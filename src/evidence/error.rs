//! Why an evidence file could not be read, kept as data until it is
//! shown (an item's `error` note names the file and this).

use std::fmt;

/// A file format ducha reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Workbook,
    Json,
    Yaml,
    Docx,
}

/// Why an evidence file could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// Not a kind of file ducha reads as a table.
    NotATable { ext: String },
    /// Not a kind of document whose text ducha reads.
    NoText { ext: String },
    /// Larger than the per-file limit: not read at all.
    TooLarge { bytes: u64, limit: u64 },
    /// The file system would not give the content.
    Io(String),
    /// The content is not valid for its format (the parser's words).
    Corrupt { format: Format, detail: String },
    /// A .docx without `word/document.xml`.
    DocxWithoutBody,
    /// One sheet of a workbook could not be read.
    Sheet { name: String, detail: String },
    /// One line of a CSV file could not be read (1-based).
    Line { line: usize, detail: String },
    /// A file of no bytes.
    Empty,
    /// A workbook saved with a password.
    Encrypted,
    /// A sheet with content past the rows and columns a table can have.
    TooFar {
        sheet: String,
        cell: String,
        rows: u32,
        cols: u32,
    },
    /// A part of an Office file that unpacks far beyond its packed size.
    Bomb { part: String, unpacked_mb: u64 },
    /// An Office file whose parts unpack past the limit.
    Unpacked { limit_mb: u64 },
    /// Past the submission's budget of table cells (all tables together).
    CellBudget { limit: u64 },
    /// The file changed on disk after it was read and hashed.
    Changed,
    /// A JSON/YAML table that is not a list of records.
    NotRecords { top_level: bool },
    /// An item of a JSON/YAML records list that is not a record.
    NotARecord,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotATable { ext } => write!(f, ".{ext} 不是表格文件"),
            ReadError::NoText { ext } => write!(f, ".{ext} 文件的文字无法读取"),
            ReadError::TooLarge { bytes, limit } => write!(
                f,
                "文件大小 {} MB 超过上限 {} MB,未读取",
                bytes >> 20,
                limit >> 20
            ),
            ReadError::Io(e) => write!(f, "无法读取: {e}"),
            ReadError::Corrupt { format, detail } => match format {
                Format::Workbook => write!(f, "无法打开工作簿: {detail}"),
                Format::Json => write!(f, "JSON 格式有误: {detail}"),
                Format::Yaml => write!(f, "YAML 格式有误: {detail}"),
                Format::Docx => write!(f, "不是有效的 .docx 文件({detail})"),
            },
            ReadError::DocxWithoutBody => {
                write!(f, "不是有效的 .docx 文件(缺少 word/document.xml)")
            }
            ReadError::Sheet { name, detail } => write!(f, "工作表「{name}」无法读取: {detail}"),
            ReadError::Empty => write!(f, "文件是空的(0 字节),请重新保存后提交"),
            ReadError::Encrypted => write!(f, "文件已加密,请去掉密码后再提交"),
            ReadError::TooFar {
                sheet,
                cell,
                rows,
                cols,
            } => {
                if !sheet.is_empty() {
                    write!(f, "工作表「{sheet}」的 ")?;
                }
                write!(
                    f,
                    "{cell} 单元格有内容,超出了表格可读取的范围(最多 {rows} 行、{cols} 列);请删除该单元格(或整行、整列)后重新保存"
                )
            }
            ReadError::Bomb { part, unpacked_mb } => write!(
                f,
                "文件内部的「{part}」解压后至少 {unpacked_mb} MB,是压缩后的 {} 倍以上,疑似压缩炸弹,未读取",
                super::archive::MAX_RATIO
            ),
            ReadError::Unpacked { limit_mb } => {
                write!(f, "文件解压后超过 {limit_mb} MB,未读取;请删去无关的工作表或图片后重新保存")
            }
            ReadError::CellBudget { limit } => write!(
                f,
                "本校提交的表格合计已超过 {limit} 个单元格,此文件未读取;请删去无关的表格后重新提交"
            ),
            ReadError::Changed => write!(f, "文件在检查过程中被修改,请重新检查"),
            ReadError::Line { line, detail } => write!(f, "第 {line} 行无法读取: {detail}"),
            ReadError::NotRecords { top_level: false } => {
                write!(f, "应是记录的列表,或含 rows: 列表的映射")
            }
            ReadError::NotRecords { top_level: true } => write!(f, "应是记录的列表"),
            ReadError::NotARecord => write!(f, "列表中的每一项都应是一条记录(键: 值)"),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    pub(crate) fn corrupt(format: Format, e: impl fmt::Display) -> Self {
        ReadError::Corrupt {
            format,
            detail: e.to_string(),
        }
    }
}
