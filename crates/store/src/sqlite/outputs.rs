//! Outputs, their files and tag corrections on SQLite. The queries are
//! shared with PostgreSQL ([`crate::outputs::backend`]). Appending to the
//! change feed needs no lock: every write holds the database's write lock
//! from its start (`BEGIN IMMEDIATE`), so positions follow commit order.

use super::codec::*;

crate::outputs::backend!(super::SqliteStore, feed_lock = None);
