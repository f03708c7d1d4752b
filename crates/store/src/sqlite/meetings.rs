//! The negotiations calendar on SQLite (SQL shared with PostgreSQL:
//! [`crate::meetings`]).

use super::Db;

type DbKind = sqlx::Sqlite;
type Row = sqlx::sqlite::SqliteRow;

crate::meetings::meetings_backend!(super::SqliteStore, begin = "BEGIN IMMEDIATE", lock = "");
