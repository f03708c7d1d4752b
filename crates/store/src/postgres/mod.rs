//! The PostgreSQL backend.

mod accounts;
mod codec;
mod contacts;
mod meetings;
mod outputs;
mod partners;
mod plan_versions;
mod requests;

use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use crate::error::from_sqlx;
use crate::{Backend, StoreError};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// How long to wait for the server, so a wrong host or port fails fast.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_CONNECTIONS: u32 = 8;

crate::connection!(
    PgStore,
    PgPool,
    Backend::Postgres,
    "The pool and the server's `host:port`, for messages."
);

impl PgStore {
    pub(crate) async fn open(url: &str) -> Result<PgStore, StoreError> {
        let (options, target) = connect_options(url)?;
        let unreachable = |reason: String| StoreError::Unreachable {
            backend: Backend::Postgres,
            target: target.clone(),
            reason,
        };

        // One direct attempt first: the pool retries refused connections
        // until its timeout and then only says that it timed out.
        match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
            Err(_) => {
                return Err(unreachable(format!(
                    "no answer within {} seconds",
                    CONNECT_TIMEOUT.as_secs()
                )));
            }
            Ok(Err(e)) => return Err(unreachable(connect_reason(e))),
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
            }
        }

        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|e| unreachable(connect_reason(e)))?;

        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| crate::error::from_migrate(Backend::Postgres, e))?;

        tracing::debug!(server = %target, "opened PostgreSQL store");
        Ok(PgStore {
            db: Db {
                pool,
                target,
                adopted: Default::default(),
                write_gate: Default::default(),
            },
        })
    }
}

/// The connection options of `url` and the server's `host:port` (or
/// socket), for messages.
pub(crate) fn connect_options(url: &str) -> Result<(PgConnectOptions, String), StoreError> {
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        let reason = match e {
            sqlx::Error::Configuration(inner) => inner.to_string(),
            other => other.to_string(),
        };
        crate::url::invalid(url, reason)
    })?;
    // sqlx keeps the brackets of an IPv6 literal (`[::1]`) and then fails
    // to resolve it.
    let host = options.get_host();
    let options = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(ip) => {
            let ip = ip.to_string();
            options.host(&ip)
        }
        None => options,
    };
    let target = match options.get_socket() {
        Some(socket) => socket.display().to_string(),
        None if options.get_host().contains(':') => {
            format!("[{}]:{}", options.get_host(), options.get_port())
        }
        None => format!("{}:{}", options.get_host(), options.get_port()),
    };
    Ok((options, target))
}

pub(crate) fn connect_reason(e: sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        sqlx::Error::Io(io) => crate::error::io_reason(&io),
        sqlx::Error::Tls(tls) => format!("TLS failed: {tls}"),
        sqlx::Error::PoolTimedOut => {
            format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs())
        }
        other => other.to_string(),
    }
}
