//! The PostgreSQL backend.

mod accounts;
mod meetings;
mod outputs;
mod plan_versions;
mod requests;

crate::requests::store_impl!(PgStore, requests);

use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use time::OffsetDateTime;

use southdesk_plan::{Account, NewPlanVersion, PlanVersion, PlanVersionMeta};

use crate::accounts::{ApiToken, FailureCounts, NewAccount, NewApiToken, Session};
use crate::error::from_sqlx;
use crate::outputs::{OutputFilter, OutputPage, OutputStore, Page};
use crate::{AccountStore, Backend, Store, StoreError};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// How long to wait for the server, so a wrong host or port fails fast.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_CONNECTIONS: u32 = 8;

pub(crate) struct PgStore {
    db: Db,
}

/// The pool and the server's `host:port`, for messages.
pub(crate) struct Db {
    pool: PgPool,
    target: String,
}

impl Db {
    /// Maps a database error met while `doing` something.
    fn err(&self, doing: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
        move |e| from_sqlx(Backend::Postgres, &self.target, doing, e)
    }
}

impl PgStore {
    pub(crate) async fn open(url: &str) -> Result<PgStore, StoreError> {
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
            db: Db { pool, target },
        })
    }
}

fn connect_reason(e: sqlx::Error) -> String {
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

#[async_trait::async_trait]
impl AccountStore for PgStore {
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
impl OutputStore for PgStore {
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
impl Store for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
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
