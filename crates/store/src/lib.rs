//! Storage of southdesk: one [`Store`] trait, a SQLite and a PostgreSQL
//! implementation of it.
//!
//! [`open`] picks the backend from the database URL, connects, runs the
//! backend's migrations (embedded from `migrations/sqlite` or
//! `migrations/postgres`) and hands back the store as `Arc<dyn Store>`.
//!
//! Layout: one module per aggregate. `src/<aggregate>.rs` holds its trait,
//! validation, and its SQL and row decoding, written once for both backends
//! (numbered `$N` parameters, which SQLite reads too) in a `backend!` macro,
//! with a `store_impl!` macro implementing the trait. Each backend
//! instantiates them in `src/<backend>/<aggregate>.rs`, with its codec
//! (`src/<backend>/codec.rs`: how times and dates are stored, how a writing
//! transaction begins) and what differs (PostgreSQL's row and table locks,
//! where SQLite's `BEGIN IMMEDIATE` already serialises writers).
//!
//! All SQL is run with runtime queries (no compile-time checked macros), so
//! the crate builds without a database.
//!
//! Adding an aggregate (requests, outputs, …): a migration in *both*
//! `migrations/sqlite` and `migrations/postgres` (same version number), the
//! methods on [`Store`] or a trait it requires, `src/<aggregate>.rs` with
//! the SQL, `src/sqlite/<aggregate>.rs` and `src/postgres/<aggregate>.rs`
//! that instantiate it, and stories in `tests/suite/mod.rs` registered in
//! `tests/store.rs`.
//!
//! Tests: `cargo test -p southdesk-store` runs every story on SQLite and on
//! PostgreSQL. The PostgreSQL server is `SOUTHDESK_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`; the user must be allowed to
//! create databases); `SOUTHDESK_SKIP_POSTGRES=1` skips those tests.

pub mod accounts;
mod error;
pub mod meetings;
pub mod outputs;
mod plan_versions;
mod postgres;
pub mod requests;
mod sqlite;
mod url;

use std::sync::Arc;

use southdesk_plan::{NewPlanVersion, PlanVersion, PlanVersionMeta};

pub use accounts::{AccountStore, ApiToken, FailureCounts, NewAccount, NewApiToken, Session};
pub use error::StoreError;
pub use meetings::{MeetingFilter, MeetingStore, Synced};
pub use outputs::{OutputFilter, OutputOrder, OutputPage, OutputStore, Page, sha256_hex};
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
/// suite (`tests/suite`). Aggregates with many methods have their own trait,
/// which `Store` requires: [`AccountStore`], [`OutputStore`], [`MeetingStore`] (their methods are called on any
/// `dyn Store`; import the trait where a generic needs it).
#[async_trait::async_trait]
pub trait Store:
    AccountStore + OutputStore + RequestStore + MeetingStore + Send + Sync + 'static
{
    /// The database this store runs on.
    fn backend(&self) -> Backend;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    // ---- plan versions -------------------------------------------------

    /// All stored plan versions, without content, newest first.
    async fn plan_versions(&self) -> Result<Vec<PlanVersionMeta>, StoreError>;

    /// The version with this id, with its content; `None` if there is none.
    async fn plan_version(&self, id: i64) -> Result<Option<PlanVersion>, StoreError>;

    /// The version in force, if any.
    async fn adopted_plan(&self) -> Result<Option<PlanVersion>, StoreError>;

    /// Stores a version. If its status is Adopted, the currently adopted
    /// version becomes Superseded in the same transaction.
    ///
    /// An adopted version without `adopted_on` is recorded as adopted today
    /// (UTC).
    async fn insert_plan_version(&self, v: NewPlanVersion) -> Result<PlanVersionMeta, StoreError>;

    /// Inserts `v` only if no version exists at all (first start); atomic
    /// against concurrent starts. Returns whether it inserted.
    async fn seed_plan_if_empty(&self, v: NewPlanVersion) -> Result<bool, StoreError>;

    /// Adopts a draft: it becomes Adopted with `on` as adoption date, the
    /// previous adopted one Superseded; one transaction.
    ///
    /// [`StoreError::NotFound`] if there is no such version,
    /// [`StoreError::Conflict`] if it is not a draft.
    async fn adopt_plan_version(
        &self,
        id: i64,
        on: time::Date,
    ) -> Result<PlanVersionMeta, StoreError>;

    /// Closes the connections. Later calls fail.
    async fn close(&self);
}

/// The [`Store`] impl of a backend store type (with a `db: Db` field) whose
/// module `$m` was made with `plan_versions::backend!`.
macro_rules! store_impl {
    ($store:ty, $backend:expr, $m:ident) => {
        #[async_trait::async_trait]
        impl $crate::Store for $store {
            fn backend(&self) -> $crate::Backend {
                $backend
            }

            async fn ping(&self) -> Result<(), $crate::StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.db.pool)
                    .await
                    .map(drop)
                    .map_err(self.db.err("pinging the database"))
            }

            async fn plan_versions(
                &self,
            ) -> Result<Vec<southdesk_plan::PlanVersionMeta>, $crate::StoreError> {
                $m::list(&self.db).await
            }

            async fn plan_version(
                &self,
                id: i64,
            ) -> Result<Option<southdesk_plan::PlanVersion>, $crate::StoreError> {
                $m::get(&self.db, id).await
            }

            async fn adopted_plan(
                &self,
            ) -> Result<Option<southdesk_plan::PlanVersion>, $crate::StoreError> {
                $m::adopted(&self.db).await
            }

            async fn insert_plan_version(
                &self,
                v: southdesk_plan::NewPlanVersion,
            ) -> Result<southdesk_plan::PlanVersionMeta, $crate::StoreError> {
                $m::insert(&self.db, v).await
            }

            async fn seed_plan_if_empty(
                &self,
                v: southdesk_plan::NewPlanVersion,
            ) -> Result<bool, $crate::StoreError> {
                $m::seed_if_empty(&self.db, v).await
            }

            async fn adopt_plan_version(
                &self,
                id: i64,
                on: time::Date,
            ) -> Result<southdesk_plan::PlanVersionMeta, $crate::StoreError> {
                $m::adopt(&self.db, id, on).await
            }

            async fn close(&self) {
                self.db.pool.close().await;
            }
        }
    };
}
pub(crate) use store_impl;
