//! Plan versions on SQLite: no table lock, as every write holds the
//! database's write lock from its start (`BEGIN IMMEDIATE`). The queries
//! are shared with PostgreSQL ([`crate::plan_versions::backend`]).

use super::codec::*;

crate::plan_versions::backend!(super::SqliteStore, lock = None);
