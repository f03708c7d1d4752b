//! What the shared SQL of each aggregate (the `backend!` macros) is
//! instantiated with on SQLite: the database and row types, how times and
//! dates are stored, and how a writing transaction begins.
//!
//! Dates are stored as ISO 8601 text (`2026-01-31`), times as UTC text with
//! microseconds (`2026-01-31T09:30:00.000000Z`), which sorts as it reads.
//!
//! Writes run in `BEGIN IMMEDIATE` transactions: the write lock is taken
//! before anything is read, so concurrent writers queue on the busy timeout
//! instead of failing when they upgrade from reading to writing. Within the
//! process they queue before that, on the store's write gate ([`Tx`]):
//! SQLite's busy handler waits by sleeping (up to 100 ms at a time), which
//! left both cores idle while writers of one process slept on each other.

use sqlx::{ColumnIndex, Row as _};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

pub(super) use super::Db;

pub(super) type DbKind = sqlx::Sqlite;
pub(super) type Row = sqlx::sqlite::SqliteRow;

pub(super) fn enc_t(t: OffsetDateTime) -> String {
    time_to_text(t)
}

pub(super) fn enc_d(d: Date) -> String {
    date_to_text(d)
}

pub(super) fn get_t<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<OffsetDateTime, String> {
    text_to_time(&r.try_get::<String, _>(col).map_err(|e| e.to_string())?)
}

pub(super) fn get_ot<I: ColumnIndex<Row>>(
    r: &Row,
    col: I,
) -> Result<Option<OffsetDateTime>, String> {
    let s: Option<String> = r.try_get(col).map_err(|e| e.to_string())?;
    s.map(|s| text_to_time(&s)).transpose()
}

pub(super) fn get_d<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<Date, String> {
    text_to_date(&r.try_get::<String, _>(col).map_err(|e| e.to_string())?)
}

pub(super) fn get_od<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<Option<Date>, String> {
    let s: Option<String> = r.try_get(col).map_err(|e| e.to_string())?;
    s.map(|s| text_to_date(&s)).transpose()
}

/// An `INTEGER` column (SQLite integers are 64-bit).
pub(super) fn get_int<I: ColumnIndex<Row>>(r: &Row, col: I) -> Result<i64, String> {
    r.try_get(col).map_err(|e| e.to_string())
}

/// A writing transaction, holding the store's write gate until it ends:
/// one writer of this process at a time, the others waiting in turn (the
/// gate is fair) instead of in SQLite's busy handler. Used as the
/// connection it runs on.
pub(super) struct Tx {
    tx: sqlx::Transaction<'static, DbKind>,
    _gate: tokio::sync::OwnedMutexGuard<()>,
}

impl std::ops::Deref for Tx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &sqlx::SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.tx
    }
}

impl Tx {
    pub(super) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub(super) async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

pub(super) async fn begin(db: &Db) -> Result<Tx, sqlx::Error> {
    // Bounded like SQLite's own wait: a writer stuck past the busy timeout
    // is answered as busy, not waited for forever.
    let gate = tokio::time::timeout(super::BUSY_TIMEOUT, db.write_gate.clone().lock_owned())
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)?;
    let tx = db.pool.begin_with("BEGIN IMMEDIATE").await?;
    Ok(Tx { tx, _gate: gate })
}

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

pub(crate) fn date_to_text(d: Date) -> String {
    d.format(DATE).expect("dates format as ISO 8601")
}

pub(crate) fn text_to_date(s: &str) -> Result<Date, String> {
    Date::parse(s, DATE).map_err(|e| format!("bad date {s:?} ({e})"))
}

pub(crate) fn time_to_text(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("times format as ISO 8601")
}

pub(crate) fn text_to_time(s: &str) -> Result<OffsetDateTime, String> {
    PrimitiveDateTime::parse(s, TIMESTAMP)
        .map(PrimitiveDateTime::assume_utc)
        .or_else(|_| OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339))
        .map_err(|e| format!("bad timestamp {s:?} ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_sort_as_text() {
        let a = crate::plan_versions::now();
        let text = time_to_text(a);
        assert_eq!(text.len(), "2026-01-31T09:30:00.000000Z".len());
        assert_eq!(text_to_time(&text).unwrap(), a);
        let b = a + time::Duration::microseconds(1);
        assert!(time_to_text(b) > text);
        assert_eq!(
            text_to_time("2026-01-31T09:30:00+01:00").unwrap(),
            time::macros::datetime!(2026-01-31 08:30 UTC)
        );
        let d = time::macros::date!(2026 - 02 - 03);
        assert_eq!(date_to_text(d), "2026-02-03");
        assert_eq!(text_to_date("2026-02-03").unwrap(), d);
        assert!(text_to_date("03/02/2026").is_err());
    }
}
