//! The contacts register on SQLite: tenures of a post need no row lock, as
//! every write holds the database's write lock from its start. The queries
//! are shared with PostgreSQL ([`crate::contacts::backend`]).

use super::codec::*;

crate::contacts::backend!(super::SqliteStore, lock = "");
