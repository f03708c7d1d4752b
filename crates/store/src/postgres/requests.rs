//! Requests on PostgreSQL: a change locks its request row (`FOR UPDATE`).
//! The queries are shared with SQLite ([`crate::requests::backend`]).

use super::codec::*;
use crate::StoreError;

crate::requests::backend!(lock = " FOR UPDATE");
