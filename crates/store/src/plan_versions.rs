//! Plan versions, the part common to both backends: how a version is turned
//! into columns and back.
//!
//! Columns of `plan_versions`: `id`, `label`, `period_start`, `period_end`,
//! `status` (`draft`/`adopted`/`superseded`), `adopted_on`, `created_at`,
//! `source`, `theme_count` and `content` (the [`Plan`] as JSON text). A
//! partial unique index keeps at most one row `adopted`.

use southdesk_plan::{NewPlanVersion, Period, Plan, PlanVersionMeta, VersionStatus};
use time::{Date, OffsetDateTime};

use crate::StoreError;

/// The metadata columns, as a literal for `concat!`.
macro_rules! meta_columns {
    () => {
        "id, label, period_start, period_end, status, adopted_on, created_at, source, theme_count"
    };
}
pub(crate) use meta_columns;

/// A version ready to be written.
pub(crate) struct Encoded {
    pub label: String,
    pub period_start: i32,
    pub period_end: i32,
    pub status: VersionStatus,
    pub adopted_on: Option<Date>,
    pub created_at: OffsetDateTime,
    pub source: String,
    pub theme_count: i32,
    pub content: String,
}

impl Encoded {
    /// Encodes `v`, stamped now. An adopted version without a date is
    /// adopted today.
    pub fn new(v: NewPlanVersion) -> Encoded {
        let created_at = now();
        let adopted_on = match (v.status, v.adopted_on) {
            (VersionStatus::Adopted, None) => Some(created_at.date()),
            (_, on) => on,
        };
        // Strings, numbers and lists only: serialising cannot fail.
        let content = serde_json::to_string(&v.plan).expect("a Plan serialises to JSON");
        Encoded {
            label: v.label,
            period_start: v.plan.period.start.into(),
            period_end: v.plan.period.end.into(),
            status: v.status,
            adopted_on,
            created_at,
            source: v.source,
            theme_count: i32::try_from(v.plan.themes.len()).unwrap_or(i32::MAX),
            content,
        }
    }

    pub fn meta(&self, id: i64) -> PlanVersionMeta {
        PlanVersionMeta {
            id,
            label: self.label.clone(),
            period: Period {
                start: self.period_start as u16,
                end: self.period_end as u16,
            },
            status: self.status,
            adopted_on: self.adopted_on,
            created_at: self.created_at,
            source: self.source.clone(),
            themes: self.theme_count as usize,
        }
    }
}

/// The current time in UTC, to the microsecond (the precision both
/// backends keep, so a stored time reads back equal).
pub(crate) fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    let micros = t.microsecond();
    t.replace_nanosecond(micros * 1000)
        .expect("whole microseconds are valid nanoseconds")
}

/// Metadata columns as read, before validation.
pub(crate) struct MetaRow {
    pub id: i64,
    pub label: String,
    pub period_start: i64,
    pub period_end: i64,
    pub status: String,
    pub adopted_on: Option<Date>,
    pub created_at: OffsetDateTime,
    pub source: String,
    pub theme_count: i64,
}

impl MetaRow {
    pub fn into_meta(self) -> Result<PlanVersionMeta, StoreError> {
        let id = self.id;
        let status = VersionStatus::parse(&self.status).ok_or_else(|| {
            StoreError::corrupt_plan_version(id, format!("unknown status {:?}", self.status))
        })?;
        let year = |y: i64| {
            u16::try_from(y).map_err(|_| {
                StoreError::corrupt_plan_version(id, format!("period year {y} out of range"))
            })
        };
        let themes = usize::try_from(self.theme_count).map_err(|_| {
            StoreError::corrupt_plan_version(
                id,
                format!("theme count {} out of range", self.theme_count),
            )
        })?;
        Ok(PlanVersionMeta {
            id,
            label: self.label,
            period: Period {
                start: year(self.period_start)?,
                end: year(self.period_end)?,
            },
            status,
            adopted_on: self.adopted_on,
            created_at: self.created_at,
            source: self.source,
            themes,
        })
    }
}

/// Decodes the `content` column of version `id`.
pub(crate) fn decode_content(id: i64, content: &str) -> Result<Plan, StoreError> {
    serde_json::from_str(content).map_err(|e| {
        StoreError::corrupt_plan_version(id, format!("content is not a valid plan ({e})"))
    })
}

/// The error for adopting version `id` whose status is `status`.
pub(crate) fn not_a_draft(id: i64, status: &str) -> StoreError {
    StoreError::Conflict(format!(
        "plan version {id} is {status}, not a draft; only drafts can be adopted"
    ))
}
