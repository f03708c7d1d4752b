//! The SQLite backend: one database file, WAL journal, a small pool.
//!
//! Dates are stored as ISO 8601 text (`2026-01-31`), times as UTC text with
//! microseconds (`2026-01-31T09:30:00.000000Z`), which sorts as it reads.

mod accounts;
mod meetings;
mod outputs;
mod plan_versions;
mod requests;

crate::requests::store_impl!(SqliteStore, requests);

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use southdesk_plan::{Account, NewPlanVersion, PlanVersion, PlanVersionMeta};

use crate::accounts::{ApiToken, FailureCounts, NewAccount, NewApiToken, Session};
use crate::error::from_sqlx;
use crate::outputs::{OutputFilter, OutputPage, OutputStore, Page};
use crate::{AccountStore, Backend, Store, StoreError};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a writer waits for another one before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_CONNECTIONS: u32 = 4;

pub(crate) struct SqliteStore {
    db: Db,
}

/// The pool and the name of the database, for messages.
pub(crate) struct Db {
    pool: SqlitePool,
    target: String,
}

impl Db {
    /// Maps a database error met while `doing` something.
    fn err(&self, doing: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
        move |e| from_sqlx(Backend::Sqlite, &self.target, doing, e)
    }
}

impl SqliteStore {
    pub(crate) async fn open(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| crate::url::invalid(url, config_reason(e)))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);

        let in_memory = options
            .get_filename()
            .to_string_lossy()
            .starts_with("file:sqlx-in-memory-")
            || url.contains("mode=memory");
        let file = if in_memory {
            None
        } else {
            Some(
                std::path::absolute(options.get_filename())
                    .unwrap_or_else(|_| options.get_filename().to_path_buf()),
            )
        };
        let target = match &file {
            Some(f) => f.display().to_string(),
            None => ":memory:".to_string(),
        };

        let pool_options = if in_memory {
            // The database lives as long as one connection does: keep exactly one.
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS)
        };
        let pool = pool_options
            .acquire_timeout(BUSY_TIMEOUT * 2)
            .connect_with(options)
            .await
            .map_err(|e| open_error(&target, file.as_deref(), e))?;

        // Migrate under the write lock: SQLite has no advisory lock, and two
        // processes opening a new file at once would both create the tables.
        let mut tx = pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| open_error(&target, file.as_deref(), e))?;
        migrate(&mut tx)
            .await
            .map_err(|e| crate::error::from_migrate(Backend::Sqlite, e))?;
        tx.commit()
            .await
            .map_err(|e| open_error(&target, file.as_deref(), e))?;

        tracing::debug!(database = %target, "opened SQLite store");
        Ok(SqliteStore {
            db: Db { pool, target },
        })
    }
}

/// Runs the migrations on `conn` (inside the caller's transaction; the
/// migrator's own transactions become savepoints).
///
/// `Migrator::run(&mut tx)` would do, but makes `open` not `Send`
/// ("implementation of `Acquire` is not general enough"); `run_direct` is
/// sqlx's public (doc-hidden) way around that.
async fn migrate(conn: &mut SqliteConnection) -> Result<(), MigrateError> {
    MIGRATOR.run_direct(None, conn, false).await
}

/// The reason in a URL parse error, without the "error with configuration" prefix.
fn config_reason(e: sqlx::Error) -> String {
    match e {
        sqlx::Error::Configuration(inner) => inner.to_string(),
        other => other.to_string(),
    }
}

fn open_error(target: &str, file: Option<&Path>, e: sqlx::Error) -> StoreError {
    let reason = match &e {
        sqlx::Error::Database(db) => {
            let mut reason = db.message().to_string();
            // SQLITE_CANTOPEN: say what is wrong with the folder.
            if db.code().as_deref() == Some("14") {
                reason.push_str(&folder_hint(file));
            }
            reason
        }
        sqlx::Error::Io(io) => crate::error::io_reason(io),
        other => other.to_string(),
    };
    StoreError::Unreachable {
        backend: Backend::Sqlite,
        target: target.to_string(),
        reason,
    }
}

fn folder_hint(file: Option<&Path>) -> String {
    let Some(folder) = file.and_then(Path::parent).map(PathBuf::from) else {
        return String::new();
    };
    match std::fs::metadata(&folder) {
        Ok(m) if m.is_dir() => " (is the folder writable?)".to_string(),
        Ok(_) => format!(" ({} is not a folder)", folder.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!(" (folder {} does not exist)", folder.display())
        }
        Err(_) => format!(" (is {} a readable folder?)", folder.display()),
    }
}

const DATE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

pub(crate) fn date_to_text(d: Date) -> String {
    d.format(DATE).expect("dates format as ISO 8601")
}

pub(crate) fn text_to_date(s: &str) -> Result<Date, String> {
    Date::parse(s, DATE).map_err(|e| format!("bad date {s:?} ({e})"))
}

pub(crate) fn time_to_text(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("times format as ISO 8601")
}

pub(crate) fn text_to_time(s: &str) -> Result<OffsetDateTime, String> {
    PrimitiveDateTime::parse(s, TIMESTAMP)
        .map(PrimitiveDateTime::assume_utc)
        .or_else(|_| OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339))
        .map_err(|e| format!("bad timestamp {s:?} ({e})"))
}

#[async_trait::async_trait]
impl AccountStore for SqliteStore {
    async fn create_account(&self, new: NewAccount) -> Result<Account, StoreError> {
        accounts::create(&self.db, new).await
    }

    async fn account(&self, id: i64) -> Result<Option<Account>, StoreError> {
        accounts::get(&self.db, id).await
    }

    async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        accounts::by_email(&self.db, email).await
    }

    async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        accounts::list(&self.db).await
    }

    async fn set_account_disabled(&self, id: i64, disabled: bool) -> Result<(), StoreError> {
        accounts::set_disabled(&self.db, id, disabled).await
    }

    async fn set_password_hash(&self, id: i64, phc: &str) -> Result<(), StoreError> {
        accounts::set_password_hash(&self.db, id, phc).await
    }

    async fn password_hash(&self, id: i64) -> Result<Option<String>, StoreError> {
        accounts::password_hash(&self.db, id).await
    }

    async fn create_session(&self, session: Session) -> Result<(), StoreError> {
        accounts::create_session(&self.db, session).await
    }

    async fn session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<(Session, Account)>, StoreError> {
        accounts::session(&self.db, id_hash, now).await
    }

    async fn touch_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        accounts::touch_session(&self.db, id_hash, now, expires_at).await
    }

    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        accounts::delete_session(&self.db, id_hash).await
    }

    async fn delete_sessions_of(&self, account_id: i64) -> Result<u64, StoreError> {
        accounts::delete_sessions_of(&self.db, account_id).await
    }

    async fn create_api_token(&self, token: NewApiToken) -> Result<ApiToken, StoreError> {
        accounts::create_token(&self.db, token).await
    }

    async fn api_token_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<(ApiToken, Account)>, StoreError> {
        accounts::token_by_hash(&self.db, hash).await
    }

    async fn touch_api_token(&self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
        accounts::touch_token(&self.db, id, now).await
    }

    async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        accounts::tokens(&self.db, account_id).await
    }

    async fn revoke_api_token(&self, account_id: i64, id: i64) -> Result<(), StoreError> {
        accounts::revoke_token(&self.db, account_id, id).await
    }

    async fn record_login_failure(
        &self,
        email: &str,
        ip: &str,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        accounts::record_failure(&self.db, email, ip, at).await
    }

    async fn login_failures_since(
        &self,
        email: &str,
        ip: &str,
        since: OffsetDateTime,
    ) -> Result<FailureCounts, StoreError> {
        accounts::failures_since(&self.db, email, ip, since).await
    }

    async fn clear_login_failures(&self, email: &str) -> Result<(), StoreError> {
        accounts::clear_failures(&self.db, email).await
    }
}

#[async_trait::async_trait]
impl OutputStore for SqliteStore {
    async fn put_file(&self, sha256: &str, bytes: &[u8]) -> Result<bool, StoreError> {
        outputs::put_file(&self.db, sha256, bytes).await
    }

    async fn file(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        outputs::file(&self.db, sha256).await
    }

    async fn create_output(
        &self,
        new: southdesk_plan::outputs::NewOutput,
        by: Option<i64>,
    ) -> Result<southdesk_plan::outputs::Output, StoreError> {
        outputs::create(&self.db, new, by).await
    }

    async fn output(&self, id: i64) -> Result<Option<southdesk_plan::outputs::Output>, StoreError> {
        outputs::get(&self.db, id).await
    }

    async fn update_output(
        &self,
        id: i64,
        new: southdesk_plan::outputs::NewOutput,
        corrections: Vec<southdesk_plan::outputs::NewTagCorrection>,
    ) -> Result<southdesk_plan::outputs::Output, StoreError> {
        outputs::update(&self.db, id, new, corrections).await
    }

    async fn delete_output(&self, id: i64) -> Result<(), StoreError> {
        outputs::delete(&self.db, id).await
    }

    async fn outputs(&self, filter: &OutputFilter, page: Page) -> Result<OutputPage, StoreError> {
        outputs::list(&self.db, filter, page).await
    }

    async fn output_by_file_hash(
        &self,
        sha256: &str,
    ) -> Result<Option<southdesk_plan::outputs::Output>, StoreError> {
        outputs::by_file_hash(&self.db, sha256).await
    }

    async fn record_tag_correction(
        &self,
        correction: southdesk_plan::outputs::NewTagCorrection,
    ) -> Result<southdesk_plan::outputs::TagCorrection, StoreError> {
        outputs::record_correction(&self.db, correction).await
    }

    async fn tag_corrections(
        &self,
    ) -> Result<Vec<southdesk_plan::outputs::TagCorrection>, StoreError> {
        outputs::corrections(&self.db).await
    }
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.db.pool)
            .await
            .map(drop)
            .map_err(self.db.err("pinging the database"))
    }

    async fn plan_versions(&self) -> Result<Vec<PlanVersionMeta>, StoreError> {
        plan_versions::list(&self.db).await
    }

    async fn plan_version(&self, id: i64) -> Result<Option<PlanVersion>, StoreError> {
        plan_versions::get(&self.db, id).await
    }

    async fn adopted_plan(&self) -> Result<Option<PlanVersion>, StoreError> {
        plan_versions::adopted(&self.db).await
    }

    async fn insert_plan_version(&self, v: NewPlanVersion) -> Result<PlanVersionMeta, StoreError> {
        plan_versions::insert(&self.db, v).await
    }

    async fn seed_plan_if_empty(&self, v: NewPlanVersion) -> Result<bool, StoreError> {
        plan_versions::seed_if_empty(&self.db, v).await
    }

    async fn adopt_plan_version(
        &self,
        id: i64,
        on: time::Date,
    ) -> Result<PlanVersionMeta, StoreError> {
        plan_versions::adopt(&self.db, id, on).await
    }

    async fn close(&self) {
        self.db.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_sort_as_text() {
        let a = crate::plan_versions::now();
        let text = time_to_text(a);
        assert_eq!(text.len(), "2026-01-31T09:30:00.000000Z".len());
        assert_eq!(text_to_time(&text).unwrap(), a);
        let b = a + time::Duration::microseconds(1);
        assert!(time_to_text(b) > text);
        assert_eq!(
            text_to_time("2026-01-31T09:30:00+01:00").unwrap(),
            time::macros::datetime!(2026-01-31 08:30 UTC)
        );
        let d = time::macros::date!(2026 - 02 - 03);
        assert_eq!(date_to_text(d), "2026-02-03");
        assert_eq!(text_to_date("2026-02-03").unwrap(), d);
        assert!(text_to_date("03/02/2026").is_err());
    }
}
