//! Storage of southdesk: one [`Store`] trait, a SQLite and a PostgreSQL
//! implementation of it.
//!
//! [`open`] picks the backend from the database URL, connects, runs the
//! backend's migrations (embedded from `migrations/sqlite` or
//! `migrations/postgres`) and hands back the store as `Arc<dyn Store>`.
//!
//! Layout: one module per aggregate — [`accounts`], [`contacts`],
//! [`partners`] (agreements and joint work), [`outputs`], [`requests`],
//! [`meetings`], [`plan_versions`] — each with its own trait
//! ([`AccountStore`], [`ContactStore`], [`AgreementStore`],
//! [`JointWorkStore`], [`OutputStore`], [`RequestStore`], [`MeetingStore`],
//! [`PlanVersionStore`]), all of which [`Store`] requires. The module
//! (`src/<aggregate>.rs`, or `src/<aggregate>/` when it is large:
//! `requests/` is split into its types, `rules`, `queue` and `sql`) holds
//! the trait, the validation, and one `backend!` macro: given a backend's
//! store type, it emits the trait impl itself, whose methods hold the SQL
//! and row decoding written once for both backends (numbered `$N`
//! parameters, which SQLite reads too), and the helpers those methods
//! share. There is no layer of functions that only forwards to them. Each
//! backend invokes it in `src/<backend>/<aggregate>.rs`
//! (`crate::accounts::backend!(super::SqliteStore)`; `requests`,
//! `meetings` and `plan_versions` also take a `lock = …`) with its codec in
//! scope (`src/<backend>/codec.rs`: the row types, how times and dates are
//! stored, how a writing transaction begins) and what differs: PostgreSQL's
//! row and table locks, where SQLite's `BEGIN IMMEDIATE` already serialises
//! writers. `src/<backend>/mod.rs` connects and migrates, and implements
//! `Store` itself: `backend`, `ping` and `close`, what belongs to the
//! connection.
//!
//! [`credentials`] (in `accounts`) makes what the account store keeps:
//! argon2id password hashes, the rule a new password must pass, and API
//! tokens, minted and stored as their SHA-256 ([`southdesk_common::sha256_hex`],
//! as are stored files).
//!
//! [`transfer`] moves whole desks: `backup` and `restore` of a SQLite
//! desk, and `migrate`, which copies every table (listed in
//! [`transfer::TABLES`], parents first) into an empty store of the other
//! kind and verifies the copy before committing it. Adding a table: list
//! it there too (a test compares the list with both schemas).
//!
//! All SQL is run with runtime queries (no compile-time checked macros), so
//! the crate builds without a database.
//!
//! Adding an aggregate: a migration in *both* `migrations/sqlite` and
//! `migrations/postgres` (same version number); `src/<aggregate>.rs` with
//! its trait and its `backend!` macro; the trait added to the supertraits
//! of [`Store`] (its methods are then callable on any `dyn Store`);
//! `src/sqlite/<aggregate>.rs` and `src/postgres/<aggregate>.rs` invoking
//! the macro; and stories in `tests/suite/mod.rs` registered in
//! `tests/store.rs`.
//!
//! Tests: `cargo test -p southdesk-store` runs every story on SQLite and on
//! PostgreSQL. The PostgreSQL server is `SOUTHDESK_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`; the user must be allowed to
//! create databases); `SOUTHDESK_SKIP_POSTGRES=1` skips those tests.

pub mod accounts;
pub mod contacts;
mod error;
pub mod meetings;
pub mod outputs;
pub mod partners;
pub mod plan_versions;
mod postgres;
pub mod requests;
mod sqlite;
pub mod transfer;
mod url;

use std::sync::Arc;

pub use accounts::credentials;
pub use accounts::{AccountStore, ApiToken, FailureCounts, NewAccount, NewApiToken, Session};
pub use contacts::{
    ContactAccess, ContactAuditEntry, ContactStore, Holding, OrgFilter, Party, PeopleList,
    PersonFilter,
};
pub use error::StoreError;
pub use meetings::{MeetingFilter, MeetingStore, Synced};
pub use outputs::{
    NewFile, OutputChange, OutputFilter, OutputOrder, OutputPage, OutputStore, Page,
};
pub use partners::{AgreementFilter, AgreementStore, JointWorkStore, Reminded, SignedUpload};
pub use plan_versions::PlanVersionStore;
pub use requests::RequestStore;
pub use url::redact;

/// Which database a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgresql`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Opens the store at `url` and brings its schema up to date.
///
/// Accepted URLs:
/// - `sqlite:///abs/path.db`, `sqlite://relative.db`, `sqlite:relative.db`
///   (the file is created if missing; its folder must exist),
/// - `sqlite::memory:` (a private in-memory database, gone on [`Store::close`]),
/// - `postgres://user[:password]@host[:port]/database[?params]`, or
///   `postgresql://…`.
///
/// Errors are one-line and never contain the password of the URL.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match url::classify(url)? {
        url::Kind::Sqlite => Ok(Arc::new(sqlite::SqliteStore::open(url).await?)),
        url::Kind::Postgres => Ok(Arc::new(postgres::PgStore::open(url).await?)),
    }
}

/// Everything southdesk keeps in a database.
///
/// Implemented once per backend; both implementations pass the same test
/// suite (`tests/suite`). Each aggregate has its own trait, which `Store`
/// requires: [`AccountStore`], [`ContactStore`], [`AgreementStore`],
/// [`JointWorkStore`], [`OutputStore`],
/// [`RequestStore`], [`MeetingStore`] and [`PlanVersionStore`]. Their methods are called on
/// any `dyn Store` without importing them; import the aggregate's trait
/// only where a generic bound names it.
#[async_trait::async_trait]
pub trait Store:
    AccountStore
    + ContactStore
    + AgreementStore
    + JointWorkStore
    + OutputStore
    + RequestStore
    + MeetingStore
    + PlanVersionStore
    + Send
    + Sync
    + 'static
{
    /// The database this store runs on.
    fn backend(&self) -> Backend;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Closes the connections. Later calls fail.
    async fn close(&self);
}

/// The connection of one backend: the store type over its pool (`Db`, with
/// the name of the database for messages) and what belongs to the
/// connection itself in [`Store`] (each aggregate's trait is implemented in
/// its module by that aggregate's `backend!` macro).
macro_rules! connection {
    ($store:ident, $pool:ty, $backend:expr, $target_doc:literal) => {
        pub(crate) struct $store {
            db: Db,
        }

        #[doc = $target_doc]
        pub(crate) struct Db {
            pool: $pool,
            target: String,
            /// The adopted plan as last read, by version id (see
            /// [`crate::plan_versions::AdoptedCache`]).
            adopted: crate::plan_versions::AdoptedCache,
            /// Writers of this process, one at a time (SQLite: see
            /// `sqlite::codec::Tx`; PostgreSQL does not use it).
            #[allow(dead_code)]
            write_gate: std::sync::Arc<tokio::sync::Mutex<()>>,
        }

        impl Db {
            /// Maps a database error met while `doing` something.
            fn err(&self, doing: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
                move |e| from_sqlx($backend, &self.target, doing, e)
            }
        }

        #[async_trait::async_trait]
        impl crate::Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.db.pool)
                    .await
                    .map(drop)
                    .map_err(self.db.err("pinging the database"))
            }

            async fn close(&self) {
                self.db.pool.close().await;
            }
        }
    };
}
pub(crate) use connection;
