//! Requests on SQLite: a change needs no row lock, as every write holds the
//! database's write lock from its start (`BEGIN IMMEDIATE`). The queries are
//! shared with PostgreSQL ([`crate::requests::backend`]).

use super::codec::*;

crate::requests::backend!(super::SqliteStore, lock = "");
