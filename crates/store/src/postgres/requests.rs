//! Requests on PostgreSQL: a change locks its request row (`FOR UPDATE`).
//! The queries are shared with SQLite ([`crate::requests::backend`]).

use super::codec::*;

crate::requests::backend!(super::PgStore, lock = " FOR UPDATE");
