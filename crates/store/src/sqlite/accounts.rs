//! Accounts, sessions, API tokens and failed logins on SQLite. The queries
//! are shared with PostgreSQL ([`crate::accounts::backend`]).

use super::codec::*;

crate::accounts::backend!(super::SqliteStore);
