//! Typed errors of the library. Dataset problems carry their location (file,
//! row, column, the text, what was expected) and are collected, never thrown
//! one at a time; the CLI renders them for people.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with a dataset, where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// Path relative to the dataset folder (`indicators.csv`,
    /// `dataset.xlsx[projects]`, `notes/2024/jiaxing.md`).
    pub file: String,
    /// The record's number with the header as row 1 (the sheet row in a workbook).
    pub row: Option<usize>,
    /// The physical line where the record starts, when it differs from `row`.
    pub line: Option<u64>,
    pub column: Option<String>,
    /// The offending text, as written.
    pub text: Option<String>,
    pub message: String,
    pub expected: Option<String>,
}

impl Problem {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            file: file.into(),
            row: None,
            line: None,
            column: None,
            text: None,
            message: message.into(),
            expected: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, message)
        }
    }

    pub fn at_row(mut self, row: usize) -> Problem {
        self.row = Some(row);
        self
    }

    pub fn at_line(mut self, line: u64) -> Problem {
        self.line = Some(line);
        self
    }

    pub fn in_column(mut self, column: impl Into<String>) -> Problem {
        self.column = Some(column.into());
        self
    }

    pub fn with_text(mut self, text: impl Into<String>) -> Problem {
        let text: String = text.into();
        // A 50 MB field must not become a 50 MB message.
        const MAX: usize = 120;
        self.text = Some(if text.chars().count() > MAX {
            let cut: String = text.chars().take(MAX).collect();
            format!("{cut}… ({} characters)", text.chars().count())
        } else {
            text
        });
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Problem {
        self.expected = Some(expected.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `indicators.csv, row 4, column value: "五十一亿元": Chinese numerals are
/// not numbers here; expected an amount such as 51亿元`
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
            if let Some(line) = self.line.filter(|l| *l as usize != row) {
                write!(f, " (line {line})")?;
            }
        } else if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(text) = &self.text {
            write!(f, ": {text:?}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset has errors; warnings found on the way come along.
    #[error("the dataset has {} error(s)", .0.iter().filter(|p| p.is_error()).count())]
    Invalid(Vec<Problem>),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no dataset folder at {}", .0.display())]
    NoDataset(PathBuf),
    /// A template does not parse or render; the text is Tera's full report.
    #[error("template error: {0}")]
    Template(String),
    #[error("no brief for period {period}: {reason}")]
    NoBrief { period: String, reason: String },
    #[error("chart error: {0}")]
    Chart(String),
    /// `serve`: a newer change came in, and a build of it follows.
    #[error("the build was stopped for a newer change")]
    Cancelled,
    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
