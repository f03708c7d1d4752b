//! The negotiations calendar on PostgreSQL: a known meeting is locked
//! (`FOR UPDATE`) when a calendar is read again. The queries are shared
//! with SQLite ([`crate::meetings::backend`]).

use super::codec::*;

crate::meetings::backend!(super::PgStore, lock = " FOR UPDATE");
