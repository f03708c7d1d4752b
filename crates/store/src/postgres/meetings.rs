//! The negotiations calendar on PostgreSQL (SQL shared with SQLite:
//! [`crate::meetings`]).

use super::Db;

type DbKind = sqlx::Postgres;
type Row = sqlx::postgres::PgRow;

crate::meetings::meetings_backend!(super::PgStore, begin = "BEGIN", lock = " FOR UPDATE");
