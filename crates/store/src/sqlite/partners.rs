//! Agreements and joint work on SQLite; the queries are shared
//! ([`crate::partners::backend`]).

use super::codec::*;

crate::partners::backend!(super::SqliteStore);
