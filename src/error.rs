//! The one error type. Problems found in a site's files are [`Diagnostic`]s that carry the file,
//! the line and a message naming the bad value and what was expected; a run collects all of them
//! before it fails, so a user sees every bad file at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, like a compiler's `file:line: error: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file as the user knows it (relative to the current folder or the site).
    pub file: PathBuf,
    /// 1-based line where the problem applies, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            message: message.into(),
        }
    }

    /// `file:line: error: message`.
    pub fn display(&self, severity: Severity) -> String {
        let label = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => format!("{}:{line}: {label}: {}", self.file.display(), self.message),
            None => format!("{}: {label}: {}", self.file.display(), self.message),
        }
    }
}

/// Everything that can stop a command.
#[derive(Debug)]
pub enum Error {
    /// The site's files have problems; every one found is listed.
    Site(Vec<Diagnostic>),
    /// Reading or writing a path failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command line asks for something that cannot be done (exit status 2).
    Usage(String),
    /// A command found problems and has printed them already; the text is its summary.
    Reported(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// 1 for problems in the site or the file system, 2 for wrong use of the command line.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Site(_) | Error::Io { .. } | Error::Reported(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{}", d.display(Severity::Error))?;
                }
                let files: std::collections::BTreeSet<_> =
                    diagnostics.iter().map(|d| &d.file).collect();
                write!(
                    f,
                    "error: build failed with {} error{} in {} file{}; the previous output was left as it was",
                    diagnostics.len(),
                    plural(diagnostics.len()),
                    files.len(),
                    plural(files.len())
                )
            }
            Error::Io { path, .. } => write!(f, "error: {}", path.display()),
            Error::Usage(message) => write!(f, "error: {message}"),
            Error::Reported(summary) => f.write_str(summary),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
