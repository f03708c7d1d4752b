//! Outputs, their files and tag corrections on PostgreSQL. The queries are
//! shared with SQLite ([`crate::outputs::backend`]). A write takes one
//! transaction-level advisory lock just before it appends to the change
//! feed and holds it until it commits, so feed positions are handed out in
//! commit order and a follower never skips an entry that commits late.

use super::codec::*;

// The advisory lock key of the change feed of outputs (any fixed number).
crate::outputs::backend!(
    super::PgStore,
    feed_lock = Some("SELECT pg_advisory_xact_lock(126742893077348)")
);
