//! The negotiations calendar on SQLite: a known meeting needs no row lock
//! when a calendar is read again, as every write holds the database's write
//! lock from its start (`BEGIN IMMEDIATE`). The queries are shared with
//! PostgreSQL ([`crate::meetings::backend`]).

use super::codec::*;

crate::meetings::backend!(super::SqliteStore, lock = "");
