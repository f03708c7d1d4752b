//! Errors and warnings with a file / line / column location.

use std::fmt;

/// Where something is: a file (or `<query>` for a bare string), a 1-based line and a
/// 1-based column counted in characters.
///
/// For CSV files the line is the line on which the record starts and the column is
/// counted inside the query cell; for XML files both refer to the file itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A query file or query text that cannot be used.
///
/// Displays as `file:line:column: message`, e.g.
/// `queries/foo.csv:12:34: expected ')' to close group opened at column 5`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub location: Location,
    pub message: String,
}

impl QueryError {
    pub fn new(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        QueryError {
            location: Location {
                file: file.into(),
                line,
                column,
            },
            message: message.into(),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for QueryError {}

/// Something suspicious that was accepted (e.g. a proximity window that was capped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWarning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for QueryWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.location, self.message)
    }
}

/// A parse problem inside one query text; `column` is a 1-based character column
/// within that text. The loader turns it into a [`QueryError`] with the file position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// A warning inside one query text (column as in [`ParseError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseWarning {
    pub column: usize,
    pub message: String,
}

/// Result of parsing one query text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub expr: crate::query::Expr,
    pub warnings: Vec<ParseWarning>,
}
