//! Requests on SQLite: times and dates as text, writes under `BEGIN
//! IMMEDIATE`. The queries are shared with PostgreSQL ([`crate::requests::backend`]).

use time::{Date, OffsetDateTime};

use super::{Db, date_to_text, text_to_date, text_to_time, time_to_text};
use crate::StoreError;

type DbKind = sqlx::Sqlite;
type Row = sqlx::sqlite::SqliteRow;

fn enc_t(t: OffsetDateTime) -> String {
    time_to_text(t)
}

fn enc_d(d: Date) -> String {
    date_to_text(d)
}

fn get_t(r: &Row, col: &str) -> Result<OffsetDateTime, String> {
    text_to_time(&r.try_get::<String, _>(col).map_err(|e| e.to_string())?)
}

fn get_ot(r: &Row, col: &str) -> Result<Option<OffsetDateTime>, String> {
    let s: Option<String> = r.try_get(col).map_err(|e| e.to_string())?;
    s.map(|s| text_to_time(&s)).transpose()
}

fn get_d(r: &Row, col: &str) -> Result<Date, String> {
    text_to_date(&r.try_get::<String, _>(col).map_err(|e| e.to_string())?)
}

fn get_od(r: &Row, col: &str) -> Result<Option<Date>, String> {
    let s: Option<String> = r.try_get(col).map_err(|e| e.to_string())?;
    s.map(|s| text_to_date(&s)).transpose()
}

async fn begin(db: &Db) -> Result<sqlx::Transaction<'static, DbKind>, sqlx::Error> {
    db.pool.begin_with("BEGIN IMMEDIATE").await
}

crate::requests::backend!(lock = "");
