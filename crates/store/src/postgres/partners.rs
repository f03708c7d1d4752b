//! Agreements and joint work on PostgreSQL; the queries are shared
//! ([`crate::partners::backend`]).

use super::codec::*;

crate::partners::backend!(super::PgStore);
