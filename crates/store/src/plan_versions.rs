//! Plan versions: the [`PlanVersionStore`] aggregate, how a version is
//! turned into columns and back, and the SQL of both backends
//! ([`backend!`]).
//!
//! Columns of `plan_versions`: `id`, `label`, `period_start`, `period_end`,
//! `status` (`draft`/`adopted`/`superseded`), `adopted_on`, `created_at`,
//! `source`, `theme_count` and `content` (the [`Plan`] as JSON text). A
//! partial unique index keeps at most one row `adopted`.

use southdesk_plan::{NewPlanVersion, Period, Plan, PlanVersion, PlanVersionMeta, VersionStatus};
use time::{Date, OffsetDateTime};

use crate::StoreError;

/// The versions of the plan: drafts, the one in force, superseded ones.
#[async_trait::async_trait]
pub trait PlanVersionStore: Send + Sync {
    /// All stored plan versions, without content, newest first.
    async fn plan_versions(&self) -> Result<Vec<PlanVersionMeta>, StoreError>;

    /// The version with this id, with its content; `None` if there is none.
    async fn plan_version(&self, id: i64) -> Result<Option<PlanVersion>, StoreError>;

    /// The version in force, if any.
    async fn adopted_plan(&self) -> Result<Option<PlanVersion>, StoreError>;

    /// [`PlanVersionStore::adopted_plan`], shared rather than copied: for
    /// the paths that read it per output or per request.
    async fn adopted_plan_shared(&self) -> Result<Option<std::sync::Arc<PlanVersion>>, StoreError> {
        Ok(self.adopted_plan().await?.map(std::sync::Arc::new))
    }

    /// Stores a version. If its status is Adopted, the currently adopted
    /// version becomes Superseded in the same transaction.
    ///
    /// An adopted version without `adopted_on` is recorded as adopted today
    /// (UTC).
    async fn insert_plan_version(&self, v: NewPlanVersion) -> Result<PlanVersionMeta, StoreError>;

    /// Inserts `v` only if no version exists at all (first start); atomic
    /// against concurrent starts. Returns whether it inserted.
    async fn seed_plan_if_empty(&self, v: NewPlanVersion) -> Result<bool, StoreError>;

    /// Adopts a draft: it becomes Adopted with `on` as adoption date, the
    /// previous adopted one Superseded; one transaction.
    ///
    /// [`StoreError::NotFound`] if there is no such version,
    /// [`StoreError::Conflict`] if it is not a draft.
    async fn adopt_plan_version(&self, id: i64, on: Date) -> Result<PlanVersionMeta, StoreError>;
}

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

/// The adopted plan as last decoded, with its version id. Versions never
/// change once stored (adopting another gives another id), so a cheap read
/// of the adopted id tells whether the kept plan is still the one in force:
/// pages, checks and the tagger read the plan on every request and output,
/// and decoding its JSON each time cost more than the rest of an ingest.
#[derive(Default)]
pub(crate) struct AdoptedCache(std::sync::Mutex<Option<std::sync::Arc<PlanVersion>>>);

impl AdoptedCache {
    pub(crate) fn get(&self, id: i64) -> Option<std::sync::Arc<PlanVersion>> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.as_ref().filter(|v| v.meta.id == id).cloned()
    }

    pub(crate) fn put(&self, version: std::sync::Arc<PlanVersion>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(version);
    }
}

/// The error for adopting version `id` whose status is `status`.
pub(crate) fn not_a_draft(id: i64, status: &str) -> StoreError {
    StoreError::Conflict(format!(
        "plan version {id} is {status}, not a draft; only drafts can be adopted"
    ))
}

/// [`PlanVersionStore`] for the backend store type `$store` (whose `db: Db`
/// field holds the pool): the trait impl with its SQL, and the row decoding
/// it needs. The module invoking it provides the backend's codec (`Db`,
/// `DbKind`, `Row`, `enc_t`, `enc_d`, `get_t`, `get_od`, `get_int` and
/// `begin(db)`, a writing transaction); `$lock`, if any, is run first in a
/// transaction that adopts or seeds, to serialise those writes.
macro_rules! backend {
    ($store:ty, lock = $lock:expr) => {
        use sqlx::Row as _;

        use southdesk_plan::{NewPlanVersion, PlanVersion, PlanVersionMeta, VersionStatus};
        use $crate::StoreError;
        use $crate::plan_versions::{Encoded, MetaRow, decode_content, meta_columns, not_a_draft};

        const LOCK: Option<&str> = $lock;

        #[async_trait::async_trait]
        impl $crate::plan_versions::PlanVersionStore for $store {
            async fn plan_versions(&self) -> Result<Vec<PlanVersionMeta>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    meta_columns!(),
                    " FROM plan_versions ORDER BY created_at DESC, id DESC"
                ))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("listing plan versions"))?;
                rows.iter().map(|r| meta_row(r)?.into_meta()).collect()
            }

            async fn plan_version(&self, id: i64) -> Result<Option<PlanVersion>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    meta_columns!(),
                    ", content FROM plan_versions WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading a plan version"))?;
                row.map(|r| full_row(&r)).transpose()
            }

            async fn adopted_plan(&self) -> Result<Option<PlanVersion>, StoreError> {
                Ok(self.adopted_plan_shared().await?.map(|v| (*v).clone()))
            }

            async fn adopted_plan_shared(
                &self,
            ) -> Result<Option<std::sync::Arc<PlanVersion>>, StoreError> {
                let db = &self.db;
                let id: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM plan_versions WHERE status = 'adopted'")
                        .fetch_optional(&db.pool)
                        .await
                        .map_err(db.err("reading the adopted plan"))?;
                let Some(id) = id else {
                    return Ok(None);
                };
                if let Some(kept) = db.adopted.get(id) {
                    return Ok(Some(kept));
                }
                let row = sqlx::query(concat!(
                    "SELECT ",
                    meta_columns!(),
                    ", content FROM plan_versions WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading the adopted plan"))?;
                let Some(version) = row.map(|r| full_row(&r)).transpose()? else {
                    return Ok(None);
                };
                let version = std::sync::Arc::new(version);
                db.adopted.put(version.clone());
                Ok(Some(version))
            }

            async fn insert_plan_version(
                &self,
                v: NewPlanVersion,
            ) -> Result<PlanVersionMeta, StoreError> {
                const DOING: &str = "storing a plan version";
                let db = &self.db;
                let enc = Encoded::new(v);
                let mut tx = begin_write(db, DOING, enc.status == VersionStatus::Adopted).await?;
                let id = insert_in(&mut tx, &enc).await.map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(enc.meta(id))
            }

            async fn seed_plan_if_empty(&self, v: NewPlanVersion) -> Result<bool, StoreError> {
                const DOING: &str = "seeding the plan";
                let db = &self.db;
                let enc = Encoded::new(v);
                let mut tx = begin_write(db, DOING, true).await?;
                let any: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM plan_versions)")
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                if any {
                    return Ok(false);
                }
                insert_in(&mut tx, &enc).await.map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(true)
            }

            async fn adopt_plan_version(
                &self,
                id: i64,
                on: time::Date,
            ) -> Result<PlanVersionMeta, StoreError> {
                const DOING: &str = "adopting a plan version";
                let db = &self.db;
                let mut tx = begin_write(db, DOING, true).await?;
                let status: Option<String> =
                    sqlx::query_scalar("SELECT status FROM plan_versions WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                match status.as_deref() {
                    None => return Err(StoreError::plan_version_not_found(id)),
                    Some("draft") => {}
                    Some(other) => return Err(not_a_draft(id, other)),
                }
                sqlx::query("UPDATE plan_versions SET status = 'superseded' WHERE status = 'adopted'")
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                let row = sqlx::query(concat!(
                    "UPDATE plan_versions SET status = 'adopted', adopted_on = $1 WHERE id = $2 RETURNING ",
                    meta_columns!()
                ))
                .bind(enc_d(on))
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                let meta = meta_row(&row)?.into_meta()?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(meta)
            }
        }

        /// A writing transaction, holding [`LOCK`] if `lock`.
        async fn begin_write(
            db: &Db,
            doing: &'static str,
            lock: bool,
        ) -> Result<Tx, StoreError> {
            let mut tx = begin(db).await.map_err(db.err(doing))?;
            if lock && let Some(sql) = LOCK {
                sqlx::query(sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(doing))?;
            }
            Ok(tx)
        }

        /// Inserts `enc` in the open transaction, superseding the adopted
        /// version first if `enc` is adopted. Returns the new id.
        async fn insert_in(
            conn: &mut <DbKind as sqlx::Database>::Connection,
            enc: &Encoded,
        ) -> Result<i64, sqlx::Error> {
            if enc.status == VersionStatus::Adopted {
                sqlx::query("UPDATE plan_versions SET status = 'superseded' WHERE status = 'adopted'")
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::query_scalar(
                "INSERT INTO plan_versions \
                 (label, period_start, period_end, status, adopted_on, created_at, source, theme_count, content) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&enc.label)
            .bind(enc.period_start)
            .bind(enc.period_end)
            .bind(enc.status.as_str())
            .bind(enc.adopted_on.map(enc_d))
            .bind(enc_t(enc.created_at))
            .bind(&enc.source)
            .bind(enc.theme_count)
            .bind(&enc.content)
            .fetch_one(&mut *conn)
            .await
        }

        fn meta_row(row: &Row) -> Result<MetaRow, StoreError> {
            let id: i64 = row
                .try_get("id")
                .map_err(|e| StoreError::corrupt_plan_version(0, e))?;
            let corrupt = |e: String| StoreError::corrupt_plan_version(id, e);
            let col = |e: sqlx::Error| StoreError::corrupt_plan_version(id, e);
            Ok(MetaRow {
                id,
                label: row.try_get("label").map_err(col)?,
                period_start: get_int(row, "period_start").map_err(corrupt)?,
                period_end: get_int(row, "period_end").map_err(corrupt)?,
                status: row.try_get("status").map_err(col)?,
                adopted_on: get_od(row, "adopted_on").map_err(corrupt)?,
                created_at: get_t(row, "created_at").map_err(corrupt)?,
                source: row.try_get("source").map_err(col)?,
                theme_count: get_int(row, "theme_count").map_err(corrupt)?,
            })
        }

        fn full_row(row: &Row) -> Result<PlanVersion, StoreError> {
            let meta = meta_row(row)?.into_meta()?;
            let content: String = row
                .try_get("content")
                .map_err(|e| StoreError::corrupt_plan_version(meta.id, e))?;
            let plan = decode_content(meta.id, &content)?;
            Ok(PlanVersion { meta, plan })
        }
    };
}
pub(crate) use backend;
