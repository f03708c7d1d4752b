//! Plan versions on PostgreSQL.
//!
//! Writes lock the table in SHARE ROW EXCLUSIVE mode (which conflicts with
//! itself but not with readers), so seeding and adoption are serialised
//! across connections and processes.

use sqlx::Row;
use sqlx::postgres::{PgConnection, PgRow};
use time::{Date, OffsetDateTime};

use southdesk_plan::{NewPlanVersion, PlanVersion, PlanVersionMeta, VersionStatus};

use super::Db;
use crate::StoreError;
use crate::plan_versions::{Encoded, MetaRow, decode_content, meta_columns, not_a_draft};

const LOCK: &str = "LOCK TABLE plan_versions IN SHARE ROW EXCLUSIVE MODE";

pub(super) async fn list(db: &Db) -> Result<Vec<PlanVersionMeta>, StoreError> {
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

pub(super) async fn get(db: &Db, id: i64) -> Result<Option<PlanVersion>, StoreError> {
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

pub(super) async fn adopted(db: &Db) -> Result<Option<PlanVersion>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        meta_columns!(),
        ", content FROM plan_versions WHERE status = 'adopted'"
    ))
    .fetch_optional(&db.pool)
    .await
    .map_err(db.err("reading the adopted plan"))?;
    row.map(|r| full_row(&r)).transpose()
}

pub(super) async fn insert(db: &Db, v: NewPlanVersion) -> Result<PlanVersionMeta, StoreError> {
    const DOING: &str = "storing a plan version";
    let enc = Encoded::new(v);
    let mut tx = db.pool.begin().await.map_err(db.err(DOING))?;
    if enc.status == VersionStatus::Adopted {
        sqlx::query(LOCK)
            .execute(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
    }
    let id = insert_in(&mut tx, &enc).await.map_err(db.err(DOING))?;
    tx.commit().await.map_err(db.err(DOING))?;
    Ok(enc.meta(id))
}

pub(super) async fn seed_if_empty(db: &Db, v: NewPlanVersion) -> Result<bool, StoreError> {
    const DOING: &str = "seeding the plan";
    let enc = Encoded::new(v);
    let mut tx = db.pool.begin().await.map_err(db.err(DOING))?;
    sqlx::query(LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
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

pub(super) async fn adopt(db: &Db, id: i64, on: Date) -> Result<PlanVersionMeta, StoreError> {
    const DOING: &str = "adopting a plan version";
    let mut tx = db.pool.begin().await.map_err(db.err(DOING))?;
    sqlx::query(LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
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
    .bind(on)
    .bind(id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db.err(DOING))?;
    let meta = meta_row(&row)?.into_meta()?;
    tx.commit().await.map_err(db.err(DOING))?;
    Ok(meta)
}

/// Inserts `enc` in the open transaction, superseding the adopted version
/// first if `enc` is adopted. Returns the new id.
async fn insert_in(conn: &mut PgConnection, enc: &Encoded) -> Result<i64, sqlx::Error> {
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
    .bind(enc.adopted_on)
    .bind(enc.created_at)
    .bind(&enc.source)
    .bind(enc.theme_count)
    .bind(&enc.content)
    .fetch_one(&mut *conn)
    .await
}

fn meta_row(row: &PgRow) -> Result<MetaRow, StoreError> {
    let id: i64 = row
        .try_get("id")
        .map_err(|e| StoreError::corrupt_plan_version(0, e))?;
    let col = |e: sqlx::Error| StoreError::corrupt_plan_version(id, e);
    Ok(MetaRow {
        id,
        label: row.try_get("label").map_err(col)?,
        period_start: row.try_get::<i32, _>("period_start").map_err(col)?.into(),
        period_end: row.try_get::<i32, _>("period_end").map_err(col)?.into(),
        status: row.try_get("status").map_err(col)?,
        adopted_on: row.try_get::<Option<Date>, _>("adopted_on").map_err(col)?,
        created_at: row
            .try_get::<OffsetDateTime, _>("created_at")
            .map_err(col)?,
        source: row.try_get("source").map_err(col)?,
        theme_count: row.try_get::<i32, _>("theme_count").map_err(col)?.into(),
    })
}

fn full_row(row: &PgRow) -> Result<PlanVersion, StoreError> {
    let meta = meta_row(row)?.into_meta()?;
    let content: String = row
        .try_get("content")
        .map_err(|e| StoreError::corrupt_plan_version(meta.id, e))?;
    let plan = decode_content(meta.id, &content)?;
    Ok(PlanVersion { meta, plan })
}
