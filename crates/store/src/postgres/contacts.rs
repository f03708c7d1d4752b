//! The contacts register on PostgreSQL: a post is locked (`FOR UPDATE`)
//! while its tenures are written. The queries are shared with SQLite
//! ([`crate::contacts::backend`]).

use super::codec::*;

crate::contacts::backend!(super::PgStore, lock = " FOR UPDATE");
