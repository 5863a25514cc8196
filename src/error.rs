//! The one error type of the command line, with its exit code.

use crate::diag::{render_all, Diagnostic};
use std::fmt;

/// Anything that stops a command before it produced its result.
/// Every variant exits with code 2 ("could not evaluate").
#[derive(Debug)]
pub enum Error {
    /// Problems in a file the user wrote, all of them at once.
    Invalid(Vec<Diagnostic>),
    /// An I/O problem with a named path.
    Io { path: String, message: String },
    /// A result file (`report`, `aggregate`) that cannot be used.
    ResultFile {
        path: String,
        error: crate::output::json::ResultFileError,
    },
    /// A PDF that could not be made.
    Render(crate::render::RenderError),
    /// Bad usage or any other problem, already phrased for the user.
    Other(String),
}

impl Error {
    pub fn io(path: impl AsRef<std::path::Path>, err: impl fmt::Display) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            message: err.to_string(),
        }
    }
    pub fn other(msg: impl Into<String>) -> Self {
        Error::Other(msg.into())
    }
    pub fn one(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
    /// The message without the "错误: " the terminal puts before it (a
    /// batch lists it beside the school's name).
    pub fn message(&self) -> String {
        match self {
            Error::Invalid(d) => render_all(d).trim_end().to_string(),
            Error::Io { path, message } => format!("{path}: {message}"),
            Error::ResultFile { path, error } => format!("{path}: {error}"),
            Error::Render(e) => e.to_string(),
            Error::Other(m) => m.clone(),
        }
    }
    /// Exit code for this error: always 2.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(d) => write!(f, "{}", render_all(d)),
            e => writeln!(f, "错误: {}", e.message()),
        }
    }
}

impl std::error::Error for Error {}

impl From<crate::render::RenderError> for Error {
    fn from(e: crate::render::RenderError) -> Self {
        Error::Render(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
