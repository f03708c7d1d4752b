//! Accounts, sessions, API tokens and failed logins on PostgreSQL. The queries
//! are shared with SQLite ([`crate::accounts::backend`]).

use super::codec::*;

crate::accounts::backend!(super::PgStore);
