//! What the shared SQL of each aggregate (the `backend!` macros) is
//! instantiated with on PostgreSQL: the database and row types, and how
//! times and dates are stored (`TIMESTAMPTZ` and `DATE` columns, bound and
//! read as they are) and how a writing transaction begins (a plain
//! `BEGIN`; the aggregates that need it lock rows or tables).

use sqlx::{ColumnIndex, Row as _};
use time::{Date, OffsetDateTime};

pub(super) use super::Db;

pub(super) type DbKind = sqlx::Postgres;
pub(super) type Row = sqlx::postgres::PgRow;

pub(super) fn enc_t(t: OffsetDateTime) -> OffsetDateTime {
    t
}

pub(super) fn enc_d(d: Date) -> Date {
    d
}

pub(super) fn get_t<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<OffsetDateTime, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

pub(super) fn get_ot<I: ColumnIndex<Row>>(
    r: &Row,
    col: I,
) -> Result<Option<OffsetDateTime>, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

pub(super) fn get_d<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<Date, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

pub(super) fn get_od<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<Option<Date>, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

/// An `INTEGER` column (32-bit on PostgreSQL).
pub(super) fn get_int<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<i64, String> {
    r.try_get::<i32, _>(col)
        .map(i64::from)
        .map_err(|e| e.to_string())
}

/// A writing transaction.
pub(super) type Tx = sqlx::Transaction<'static, DbKind>;

pub(super) async fn begin(db: &Db) -> Result<Tx, sqlx::Error> {
    db.pool.begin().await
}
