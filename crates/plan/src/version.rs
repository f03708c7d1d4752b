use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::{Period, Plan};

/// Where a plan version is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionStatus {
    /// Read from a document or being edited; not in force.
    Draft,
    /// In force. At most one version is adopted at a time.
    Adopted,
    /// Was adopted; replaced by a later adoption.
    Superseded,
}

impl VersionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Adopted => "adopted",
            VersionStatus::Superseded => "superseded",
        }
    }

    pub fn parse(s: &str) -> Option<VersionStatus> {
        match s {
            "draft" => Some(VersionStatus::Draft),
            "adopted" => Some(VersionStatus::Adopted),
            "superseded" => Some(VersionStatus::Superseded),
            _ => None,
        }
    }
}

impl std::fmt::Display for VersionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A version of the plan to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlanVersion {
    /// Human label, e.g. `2026–2028 as adopted` or the imported file name.
    pub label: String,
    pub status: VersionStatus,
    /// Set when `status` is adopted.
    pub adopted_on: Option<Date>,
    /// Where it came from: `embedded:data/plans/2026-2028.toml`, `import:FILE`, …
    pub source: String,
    pub plan: Plan,
}

/// A stored version, without its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersionMeta {
    pub id: i64,
    pub label: String,
    pub period: Period,
    pub status: VersionStatus,
    pub adopted_on: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub source: String,
    pub themes: usize,
}

/// A stored version with its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersion {
    #[serde(flatten)]
    pub meta: PlanVersionMeta,
    pub plan: Plan,
}
