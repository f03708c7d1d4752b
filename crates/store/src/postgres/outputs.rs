//! Outputs, their files and tag corrections on PostgreSQL. The queries are
//! shared with SQLite ([`crate::outputs::backend`]).

use super::codec::*;

crate::outputs::backend!(super::PgStore);
