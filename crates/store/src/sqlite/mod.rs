//! The SQLite backend: one database file, WAL journal, a small pool. How
//! it stores times and dates and begins writes: [`codec`].

mod accounts;
pub(crate) mod codec;
mod contacts;
mod meetings;
mod outputs;
mod partners;
mod plan_versions;
mod requests;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};

use crate::error::from_sqlx;
use crate::{Backend, StoreError};

pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a writer waits for another one before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_CONNECTIONS: u32 = 4;

crate::connection!(
    SqliteStore,
    SqlitePool,
    Backend::Sqlite,
    "The pool and the name of the database, for messages."
);

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
        // Several processes opening a new file at once race to switch it to
        // WAL and to create the tables; SQLite answers some of those races
        // with SQLITE_BUSY at once, without waiting for the busy timeout. Such
        // an open is tried again, for as long as the busy timeout.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let mut pause = Duration::from_millis(10);
        let pool = loop {
            match connect_and_migrate(&pool_options, &options).await {
                Err(Opening::Sqlx(e)) if is_busy(&e) && std::time::Instant::now() < deadline => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
                Err(Opening::Sqlx(e)) => return Err(open_error(&target, file.as_deref(), e)),
                Err(Opening::Migrate(e)) => {
                    return Err(crate::error::from_migrate(Backend::Sqlite, e));
                }
                Ok(pool) => break pool,
            }
        };

        tracing::debug!(database = %target, "opened SQLite store");
        Ok(SqliteStore {
            db: Db {
                pool,
                target,
                adopted: Default::default(),
                write_gate: Default::default(),
            },
        })
    }
}

enum Opening {
    Sqlx(sqlx::Error),
    Migrate(MigrateError),
}

/// SQLITE_BUSY or SQLITE_LOCKED, with or without an extended code.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| matches!(c & 0xff, 5 | 6)),
        _ => false,
    }
}

/// Connects the pool and migrates under the write lock: SQLite has no
/// advisory lock, and two processes opening a new file at once would both
/// create the tables.
async fn connect_and_migrate(
    pool_options: &SqlitePoolOptions,
    options: &SqliteConnectOptions,
) -> Result<SqlitePool, Opening> {
    let pool = pool_options
        .clone()
        .acquire_timeout(BUSY_TIMEOUT * 2)
        .connect_with(options.clone())
        .await
        .map_err(Opening::Sqlx)?;
    let mut tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(Opening::Sqlx)?;
    migrate(&mut tx).await.map_err(Opening::Migrate)?;
    tx.commit().await.map_err(Opening::Sqlx)?;
    Ok(pool)
}

/// Runs the migrations on `conn` (inside the caller's transaction; the
/// migrator's own transactions become savepoints).
///
/// `Migrator::run(&mut tx)` would do, but makes `open` not `Send`
/// ("implementation of `Acquire` is not general enough"); `run_direct` is
/// sqlx's public (doc-hidden) way around that.
pub(crate) async fn migrate(conn: &mut SqliteConnection) -> Result<(), MigrateError> {
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
