//! Reading and validating plan files (TOML).

use crate::Plan;

/// A plan file that cannot be used: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {}{message}", line.map(|l| format!(":{l}")).unwrap_or_default(), field.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct PlanError {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Dotted path of the field, e.g. `themes[3].title.fr`.
    pub field: Option<String>,
    pub message: String,
}

/// Parses and validates a plan file. `file` names it in errors.
pub fn from_toml_str(src: &str, file: &str) -> Result<Plan, PlanError> {
    toml::from_str(src).map_err(|e| PlanError {
        file: file.to_string(),
        line: None,
        field: None,
        message: e.to_string(),
    })
}
