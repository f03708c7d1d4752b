//! Requests on PostgreSQL: TIMESTAMPTZ and DATE columns; a change locks
//! its request row. The queries are shared with SQLite
//! ([`crate::requests::backend`]).

use time::{Date, OffsetDateTime};

use super::Db;
use crate::StoreError;

type DbKind = sqlx::Postgres;
type Row = sqlx::postgres::PgRow;

fn enc_t(t: OffsetDateTime) -> OffsetDateTime {
    t
}

fn enc_d(d: Date) -> Date {
    d
}

fn get_t(r: &Row, col: &str) -> Result<OffsetDateTime, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

fn get_ot(r: &Row, col: &str) -> Result<Option<OffsetDateTime>, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

fn get_d(r: &Row, col: &str) -> Result<Date, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

fn get_od(r: &Row, col: &str) -> Result<Option<Date>, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

async fn begin(db: &Db) -> Result<sqlx::Transaction<'static, DbKind>, sqlx::Error> {
    db.pool.begin().await
}

crate::requests::backend!(lock = " FOR UPDATE");
