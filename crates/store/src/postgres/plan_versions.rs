//! Plan versions on PostgreSQL: writes that adopt or seed lock the table in
//! SHARE ROW EXCLUSIVE mode (which conflicts with itself but not with
//! readers), so seeding and adoption are serialised across connections and
//! processes. The queries are shared with SQLite
//! ([`crate::plan_versions::backend`]).

use super::codec::*;

crate::plan_versions::backend!(
    super::PgStore,
    lock = Some("LOCK TABLE plan_versions IN SHARE ROW EXCLUSIVE MODE")
);
