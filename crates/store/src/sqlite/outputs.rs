//! Outputs, their files and tag corrections on SQLite. The queries are
//! shared with PostgreSQL ([`crate::outputs::backend`]).

use super::codec::*;

crate::outputs::backend!(super::SqliteStore);
