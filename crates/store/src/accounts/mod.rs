//! Accounts, their passwords, sessions, API tokens and failed logins: the
//! [`AccountStore`] aggregate and the part common to both backends.
//!
//! The store keeps only what it is given: password hashes arrive as PHC
//! strings, session ids and API tokens arrive already hashed (SHA-256,
//! hex), so a copy of the database gives no one a way in. How they are
//! made — argon2id, the password rule, minting tokens — is written once, in
//! [`credentials`].
//!
//! Tables (migration `0002_accounts.sql`): `accounts` (email stored
//! lowercase, unique on `lower(email)`; the role binding is checked by the
//! schema too), `account_passwords`, `sessions`, `api_tokens` (hash unique)
//! and `login_failures`; migration `0008_password_resets.sql` adds
//! `password_resets` (self-service reset links, kept as the hash of their
//! token) and lets the desk's `notification_outbox` carry emails that are
//! about an account rather than a request, so the reset email is sent by
//! the same sender as every other.

pub mod credentials;

use southdesk_plan::{Account, Role};
use time::OffsetDateTime;

use crate::StoreError;

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub programme: Option<String>,
    pub member: Option<String>,
    pub group: Option<String>,
    /// Argon2id PHC string, if the account gets a password right away.
    pub password_hash: Option<String>,
}

/// A login session. The session id itself is never stored: only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the id in the cookie, hex.
    pub id_hash: String,
    pub account_id: i64,
    /// The token the session's forms carry.
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen: OffsetDateTime,
    /// After this instant the session is gone; moved on with each use.
    pub expires_at: OffsetDateTime,
}

/// A personal API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it in lists.
    pub prefix: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

/// An API token to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiToken {
    pub account_id: i64,
    pub name: String,
    pub prefix: String,
    /// SHA-256 of the whole token, hex.
    pub hash: String,
}

/// Failed logins counted in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FailureCounts {
    pub by_email: u64,
    pub by_ip: u64,
}

/// How long a password reset link can be used.
pub const RESET_LINK_TTL: time::Duration = time::Duration::minutes(60);

/// Reset links of one account that may be open (unused, unexpired) at once.
pub const MAX_OPEN_RESET_LINKS: u64 = 3;

/// Shortest time between two reset links of one account.
pub const RESET_LINK_INTERVAL: time::Duration = time::Duration::minutes(1);

/// An email to queue in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub email: String,
    pub subject: String,
    pub body: String,
}

/// A password reset link to store, with the email that carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPasswordReset {
    pub account_id: i64,
    /// SHA-256 of the token in the link, hex ([`credentials::token_hash`]).
    pub token_hash: String,
    /// When it is asked for; the link lapses [`RESET_LINK_TTL`] later.
    pub at: OffsetDateTime,
    /// The email with the link, queued in the same transaction.
    pub mail: OutgoingMail,
}

/// What became of a request for a reset link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetRequested {
    /// The link is stored and its email queued.
    Queued,
    /// The account's last link is less than [`RESET_LINK_INTERVAL`] old,
    /// or it has [`MAX_OPEN_RESET_LINKS`] open links: nothing was written.
    RateLimited,
    /// The account is disabled: nothing was written.
    Disabled,
}

/// Accounts and everything that authenticates them.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates an account (email lowercased and trimmed). [`StoreError::Conflict`]
    /// if the email is taken (in any case), [`StoreError::Invalid`] if the
    /// binding does not fit the role or the email is empty.
    async fn create_account(&self, new: NewAccount) -> Result<Account, StoreError>;

    async fn account(&self, id: i64) -> Result<Option<Account>, StoreError>;

    /// The account with this email, in any case.
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError>;

    /// All accounts, by email.
    async fn accounts(&self) -> Result<Vec<Account>, StoreError>;

    /// Disables (or enables again) an account. Disabling ends its sessions
    /// and revokes its API tokens (enabling it again does not revive them).
    /// [`StoreError::NotFound`] if there is no such account.
    async fn set_account_disabled(&self, id: i64, disabled: bool) -> Result<(), StoreError>;

    /// Sets the account's password hash (PHC string) and ends its sessions.
    async fn set_password_hash(&self, id: i64, phc: &str) -> Result<(), StoreError>;

    /// The account's password hash, if it has a password.
    async fn password_hash(&self, id: i64) -> Result<Option<String>, StoreError>;

    async fn create_session(&self, session: Session) -> Result<(), StoreError>;

    /// The session with this id hash and its account, unless it expired
    /// before `now`.
    async fn session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<(Session, Account)>, StoreError>;

    /// Records a use of the session at `now`, moving its expiry to `expires_at`.
    async fn touch_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError>;

    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError>;

    /// Ends every session of the account; returns how many there were.
    async fn delete_sessions_of(&self, account_id: i64) -> Result<u64, StoreError>;

    /// [`StoreError::NotFound`] if the account does not exist.
    async fn create_api_token(&self, token: NewApiToken) -> Result<ApiToken, StoreError>;

    /// The unrevoked token with this hash and its account.
    async fn api_token_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<(ApiToken, Account)>, StoreError>;

    async fn touch_api_token(&self, id: i64, now: OffsetDateTime) -> Result<(), StoreError>;

    /// The account's tokens, revoked ones included, newest first.
    async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>, StoreError>;

    /// Revokes the account's token `id`. [`StoreError::NotFound`] if the
    /// account has no such token (revoking twice is fine).
    async fn revoke_api_token(&self, account_id: i64, id: i64) -> Result<(), StoreError>;

    /// Records a failed login for `email` (lowercased) from `ip` at `at`,
    /// and forgets failures older than a day.
    async fn record_login_failure(
        &self,
        email: &str,
        ip: &str,
        at: OffsetDateTime,
    ) -> Result<(), StoreError>;

    /// Failed logins since `since`, for this email (any case) and this IP.
    async fn login_failures_since(
        &self,
        email: &str,
        ip: &str,
        since: OffsetDateTime,
    ) -> Result<FailureCounts, StoreError>;

    /// Forgets the failed logins of `email` (after a successful login).
    async fn clear_login_failures(&self, email: &str) -> Result<(), StoreError>;

    /// Failed logins since `since` per email (lowercase) that has any,
    /// by email: what the administration shows as locked accounts.
    async fn login_failures_by_email(
        &self,
        since: OffsetDateTime,
    ) -> Result<Vec<(String, u64)>, StoreError>;

    /// Lifts the login delay of account `id` by forgetting its failed
    /// logins; returns how many there were. [`StoreError::NotFound`] if
    /// there is no such account.
    async fn unlock_account(&self, id: i64) -> Result<u64, StoreError>;

    /// Stores a reset link and queues its email, in one transaction,
    /// unless the account is disabled or asked too often
    /// ([`ResetRequested`]). [`StoreError::NotFound`] if there is no such
    /// account.
    async fn request_password_reset(
        &self,
        new: NewPasswordReset,
    ) -> Result<ResetRequested, StoreError>;

    /// The enabled account whose link has this token hash, if the link is
    /// unused and unexpired at `now`.
    async fn password_reset_account(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Account>, StoreError>;

    /// Uses the link: in one transaction marks it (and every other open
    /// link of the account) used, sets the password hash `phc`, ends the
    /// account's sessions and forgets its failed logins. Returns the
    /// account. [`StoreError::NotFound`] if the link is unknown, used,
    /// expired at `now`, or its account disabled.
    async fn complete_password_reset(
        &self,
        token_hash: &str,
        phc: &str,
        now: OffsetDateTime,
    ) -> Result<Account, StoreError>;
}

/// The email as stored: trimmed, lowercase.
pub(crate) fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

use southdesk_common::is_one_address;

/// Checks a new account before it is written.
pub(crate) fn check_new(new: &mut NewAccount) -> Result<(), StoreError> {
    new.email = normalise_email(&new.email);
    if !is_one_address(&new.email) {
        return Err(StoreError::Invalid(format!(
            "`{}` is not one email address",
            new.email.escape_debug()
        )));
    }
    new.name = new.name.trim().to_string();
    // The name goes into mail headers (`To: Name <address>`).
    if new.name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the name `{}` holds a line break or another control character",
            new.name.escape_debug()
        )));
    }
    let blank = |v: &mut Option<String>| {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    };
    blank(&mut new.programme);
    blank(&mut new.member);
    blank(&mut new.group);
    southdesk_plan::people::check_binding(
        new.role,
        new.programme.as_deref(),
        new.member.as_deref(),
        new.group.as_deref(),
    )
    .map_err(|e| StoreError::Invalid(e.to_string()))
}

pub(crate) fn email_taken(email: &str) -> StoreError {
    StoreError::Conflict(format!("an account with email {email} already exists"))
}

pub(crate) fn account_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "account",
        id: id.to_string(),
    }
}

pub(crate) fn reset_not_found() -> StoreError {
    StoreError::NotFound {
        what: "password reset link",
        id: "(token)".to_string(),
    }
}

pub(crate) fn token_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "API token",
        id: id.to_string(),
    }
}

/// Account columns, as a literal for `concat!`.
macro_rules! account_columns {
    () => {
        "a.id, a.email, a.name, a.role, a.programme, a.member_iso3, a.group_id, a.disabled_at"
    };
}
pub(crate) use account_columns;

/// Token columns, as a literal for `concat!`.
macro_rules! token_columns {
    () => {
        "t.id, t.account_id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at"
    };
}
pub(crate) use token_columns;

/// Decodes the role column of account `id`.
pub(crate) fn decode_role(id: i64, role: &str) -> Result<Role, StoreError> {
    Role::parse(role).ok_or_else(|| StoreError::CorruptData {
        what: "account",
        id: id.to_string(),
        reason: format!("unknown role {role:?}"),
    })
}

pub(crate) fn corrupt_account(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "account",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

/// [`AccountStore`] for the backend store type `$store` (whose `db: Db` field
/// holds the pool): the trait impl with its SQL, and the row decoding it
/// needs. The module invoking it provides the backend's codec (`Db`, `Row`,
/// `enc_t`, `get_t`, `get_ot` and `begin(db)`, a writing transaction).
macro_rules! backend {
    ($store:ty) => {
        use sqlx::{Row as _, ValueRef as _};
        use time::OffsetDateTime;

        use southdesk_plan::Account;
        use $crate::StoreError;
        use $crate::accounts::{
            ApiToken, FailureCounts, MAX_OPEN_RESET_LINKS, NewAccount, NewApiToken,
            NewPasswordReset, RESET_LINK_INTERVAL, RESET_LINK_TTL, ResetRequested, Session,
            account_columns, account_not_found, check_new, corrupt_account, decode_role,
            email_taken, normalise_email, reset_not_found, token_columns, token_not_found,
        };
        use $crate::plan_versions::now;

        #[async_trait::async_trait]
        impl $crate::accounts::AccountStore for $store {
            async fn create_account(&self, mut new: NewAccount) -> Result<Account, StoreError> {
                const DOING: &str = "creating an account";
                let db = &self.db;
                check_new(&mut new)?;
                let at = now();
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO accounts (email, name, role, programme, member_iso3, group_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&new.email)
                .bind(&new.name)
                .bind(new.role.as_str())
                .bind(&new.programme)
                .bind(&new.member)
                .bind(&new.group)
                .bind(enc_t(at))
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_unique_violation() => email_taken(&new.email),
                    _ => db.err(DOING)(e),
                })?;
                if let Some(phc) = &new.password_hash {
                    sqlx::query(
                        "INSERT INTO account_passwords (account_id, phc, set_at) VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(phc)
                    .bind(enc_t(at))
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                }
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Account {
                    id,
                    email: new.email,
                    name: new.name,
                    role: new.role,
                    programme: new.programme,
                    member: new.member,
                    group: new.group,
                    disabled: false,
                })
            }

            async fn account(&self, id: i64) -> Result<Option<Account>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    account_columns!(),
                    " FROM accounts a WHERE a.id = $1"
                ))
                .bind(id)
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading an account"))?;
                row.map(|r| account_row(&r, 0)).transpose()
            }

            async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    account_columns!(),
                    " FROM accounts a WHERE lower(a.email) = $1"
                ))
                .bind(normalise_email(email))
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading an account"))?;
                row.map(|r| account_row(&r, 0)).transpose()
            }

            async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    account_columns!(),
                    " FROM accounts a ORDER BY a.email"
                ))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("listing accounts"))?;
                rows.iter().map(|r| account_row(r, 0)).collect()
            }

            async fn set_account_disabled(&self, id: i64, disabled: bool) -> Result<(), StoreError> {
                const DOING: &str = "disabling an account";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let done = sqlx::query(
                    "UPDATE accounts SET disabled_at = CASE WHEN $1 THEN coalesce(disabled_at, $2) \
                     ELSE NULL END WHERE id = $3",
                )
                .bind(disabled)
                .bind(enc_t(now()))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                if done.rows_affected() == 0 {
                    return Err(account_not_found(id));
                }
                if disabled {
                    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    // Its tokens are revoked for good: enabling the account
                    // again does not bring them back.
                    sqlx::query(
                        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) \
                         WHERE account_id = $2",
                    )
                    .bind(enc_t(now()))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                }
                tx.commit().await.map_err(db.err(DOING))
            }

            async fn set_password_hash(&self, id: i64, phc: &str) -> Result<(), StoreError> {
                const DOING: &str = "setting a password";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let exists: bool =
                    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE id = $1)")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                if !exists {
                    return Err(account_not_found(id));
                }
                sqlx::query(
                    "INSERT INTO account_passwords (account_id, phc, set_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (account_id) DO UPDATE SET phc = excluded.phc, set_at = excluded.set_at",
                )
                .bind(id)
                .bind(phc)
                .bind(enc_t(now()))
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))
            }

            async fn password_hash(&self, id: i64) -> Result<Option<String>, StoreError> {
                let db = &self.db;
                sqlx::query_scalar("SELECT phc FROM account_passwords WHERE account_id = $1")
                    .bind(id)
                    .fetch_optional(&db.pool)
                    .await
                    .map_err(db.err("reading a password hash"))
            }

            async fn create_session(&self, s: Session) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query(
                    "INSERT INTO sessions (id_hash, account_id, csrf_token, created_at, last_seen, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&s.id_hash)
                .bind(s.account_id)
                .bind(&s.csrf_token)
                .bind(enc_t(s.created_at))
                .bind(enc_t(s.last_seen))
                .bind(enc_t(s.expires_at))
                .execute(&db.pool)
                .await
                .map(drop)
                .map_err(db.err("creating a session"))
            }

            async fn session(
                &self,
                id_hash: &str,
                at: OffsetDateTime,
            ) -> Result<Option<(Session, Account)>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(concat!(
                    "SELECT s.id_hash, s.csrf_token, s.created_at AS s_created, s.last_seen, s.expires_at, ",
                    account_columns!(),
                    " FROM sessions s JOIN accounts a ON a.id = s.account_id \
                      WHERE s.id_hash = $1 AND s.expires_at > $2"
                ))
                .bind(id_hash)
                .bind(enc_t(at))
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading a session"))?;
                let Some(row) = row else { return Ok(None) };
                let account = account_row(&row, 5)?;
                let time = |col: &str| -> Result<OffsetDateTime, StoreError> {
                    get_t(&row, col).map_err(|e| corrupt_account(account.id, e))
                };
                let session = Session {
                    id_hash: row
                        .try_get("id_hash")
                        .map_err(|e| corrupt_account(account.id, e))?,
                    account_id: account.id,
                    csrf_token: row
                        .try_get("csrf_token")
                        .map_err(|e| corrupt_account(account.id, e))?,
                    created_at: time("s_created")?,
                    last_seen: time("last_seen")?,
                    expires_at: time("expires_at")?,
                };
                Ok(Some((session, account)))
            }

            async fn touch_session(
                &self,
                id_hash: &str,
                at: OffsetDateTime,
                expires_at: OffsetDateTime,
            ) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE id_hash = $3")
                    .bind(enc_t(at))
                    .bind(enc_t(expires_at))
                    .bind(id_hash)
                    .execute(&db.pool)
                    .await
                    .map(drop)
                    .map_err(db.err("recording a session's use"))
            }

            async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&db.pool)
                    .await
                    .map(drop)
                    .map_err(db.err("ending a session"))
            }

            async fn delete_sessions_of(&self, account_id: i64) -> Result<u64, StoreError> {
                let db = &self.db;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&db.pool)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(db.err("ending sessions"))
            }

            async fn create_api_token(&self, t: NewApiToken) -> Result<ApiToken, StoreError> {
                const DOING: &str = "creating an API token";
                let db = &self.db;
                let created_at = now();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO api_tokens (account_id, name, prefix, hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(t.account_id)
                .bind(&t.name)
                .bind(&t.prefix)
                .bind(&t.hash)
                .bind(enc_t(created_at))
                .fetch_one(&db.pool)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                        account_not_found(t.account_id)
                    }
                    _ => db.err(DOING)(e),
                })?;
                Ok(ApiToken {
                    id,
                    account_id: t.account_id,
                    name: t.name,
                    prefix: t.prefix,
                    created_at,
                    last_used_at: None,
                    revoked_at: None,
                })
            }

            async fn api_token_by_hash(
                &self,
                hash: &str,
            ) -> Result<Option<(ApiToken, Account)>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    token_columns!(),
                    ", ",
                    account_columns!(),
                    " FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
                      WHERE t.hash = $1 AND t.revoked_at IS NULL"
                ))
                .bind(hash)
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading an API token"))?;
                let Some(row) = row else { return Ok(None) };
                Ok(Some((token_row(&row)?, account_row(&row, 7)?)))
            }

            async fn touch_api_token(&self, id: i64, at: OffsetDateTime) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                    .bind(enc_t(at))
                    .bind(id)
                    .execute(&db.pool)
                    .await
                    .map(drop)
                    .map_err(db.err("recording an API token's use"))
            }

            async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    token_columns!(),
                    " FROM api_tokens t WHERE t.account_id = $1 ORDER BY t.created_at DESC, t.id DESC"
                ))
                .bind(account_id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("listing API tokens"))?;
                rows.iter().map(token_row).collect()
            }

            async fn revoke_api_token(&self, account_id: i64, id: i64) -> Result<(), StoreError> {
                let db = &self.db;
                let done = sqlx::query(
                    "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) \
                     WHERE id = $2 AND account_id = $3",
                )
                .bind(enc_t(now()))
                .bind(id)
                .bind(account_id)
                .execute(&db.pool)
                .await
                .map_err(db.err("revoking an API token"))?;
                if done.rows_affected() == 0 {
                    return Err(token_not_found(id));
                }
                Ok(())
            }

            async fn record_login_failure(
                &self,
                email: &str,
                ip: &str,
                at: OffsetDateTime,
            ) -> Result<(), StoreError> {
                const DOING: &str = "recording a failed login";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(enc_t(at - time::Duration::days(1)))
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES ($1, $2, $3)")
                    .bind(normalise_email(email))
                    .bind(ip)
                    .bind(enc_t(at))
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))
            }

            async fn login_failures_since(
                &self,
                email: &str,
                ip: &str,
                since: OffsetDateTime,
            ) -> Result<FailureCounts, StoreError> {
                let db = &self.db;
                let row = sqlx::query(
                    "SELECT \
                       (SELECT count(*) FROM login_failures WHERE email = $1 AND at >= $2) AS by_email, \
                       (SELECT count(*) FROM login_failures WHERE ip = $3 AND at >= $4) AS by_ip",
                )
                .bind(normalise_email(email))
                .bind(enc_t(since))
                .bind(ip)
                .bind(enc_t(since))
                .fetch_one(&db.pool)
                .await
                .map_err(db.err("counting failed logins"))?;
                let count = |col: &str| -> u64 { row.try_get::<i64, _>(col).unwrap_or(0).max(0) as u64 };
                Ok(FailureCounts {
                    by_email: count("by_email"),
                    by_ip: count("by_ip"),
                })
            }

            async fn clear_login_failures(&self, email: &str) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query("DELETE FROM login_failures WHERE email = $1")
                    .bind(normalise_email(email))
                    .execute(&db.pool)
                    .await
                    .map(drop)
                    .map_err(db.err("forgetting failed logins"))
            }

            async fn login_failures_by_email(
                &self,
                since: OffsetDateTime,
            ) -> Result<Vec<(String, u64)>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT email, count(*) AS n FROM login_failures WHERE at >= $1 \
                     GROUP BY email ORDER BY email",
                )
                .bind(enc_t(since))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("counting failed logins"))?;
                rows.iter()
                    .map(|r| {
                        let email: String =
                            r.try_get("email").map_err(|e| corrupt_account(0, e))?;
                        let n: i64 = r.try_get("n").map_err(|e| corrupt_account(0, e))?;
                        Ok((email, n.max(0) as u64))
                    })
                    .collect()
            }

            async fn unlock_account(&self, id: i64) -> Result<u64, StoreError> {
                const DOING: &str = "unlocking an account";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let email: Option<String> =
                    sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                let Some(email) = email else {
                    return Err(account_not_found(id));
                };
                let done = sqlx::query("DELETE FROM login_failures WHERE email = $1")
                    .bind(normalise_email(&email))
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(done.rows_affected())
            }

            async fn request_password_reset(
                &self,
                new: NewPasswordReset,
            ) -> Result<ResetRequested, StoreError> {
                const DOING: &str = "storing a password reset link";
                let db = &self.db;
                let at = new.at;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                // Writing the account's row first locks it (PostgreSQL; SQLite
                // holds the database), so two requests at once count each other.
                let disabled: Option<bool> = sqlx::query_scalar(
                    "UPDATE accounts SET name = name WHERE id = $1 RETURNING disabled_at IS NOT NULL",
                )
                .bind(new.account_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                match disabled {
                    None => return Err(account_not_found(new.account_id)),
                    Some(true) => return Ok(ResetRequested::Disabled),
                    Some(false) => {}
                }
                let row = sqlx::query(
                    "SELECT \
                       (SELECT count(*) FROM password_resets \
                          WHERE account_id = $1 AND used_at IS NULL AND expires_at > $2) AS open, \
                       (SELECT count(*) FROM password_resets \
                          WHERE account_id = $3 AND created_at > $4) AS recent",
                )
                .bind(new.account_id)
                .bind(enc_t(at))
                .bind(new.account_id)
                .bind(enc_t(at - RESET_LINK_INTERVAL))
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                let open: i64 = row.try_get("open").map_err(db.err(DOING))?;
                let recent: i64 = row.try_get("recent").map_err(db.err(DOING))?;
                if open >= MAX_OPEN_RESET_LINKS as i64 || recent > 0 {
                    return Ok(ResetRequested::RateLimited);
                }
                sqlx::query(
                    "INSERT INTO password_resets (account_id, token_hash, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(new.account_id)
                .bind(&new.token_hash)
                .bind(enc_t(at))
                .bind(enc_t(at + RESET_LINK_TTL))
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                sqlx::query(
                    "INSERT INTO notification_outbox (request_id, account_id, email, subject, body, \
                     created_at, attempts, next_attempt_at) VALUES (NULL, $1, $2, $3, $4, $5, 0, $6)",
                )
                .bind(new.account_id)
                .bind(&new.mail.email)
                .bind(&new.mail.subject)
                .bind(&new.mail.body)
                .bind(enc_t(at))
                .bind(enc_t(at))
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(ResetRequested::Queued)
            }

            async fn password_reset_account(
                &self,
                token_hash: &str,
                at: OffsetDateTime,
            ) -> Result<Option<Account>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    account_columns!(),
                    " FROM password_resets r JOIN accounts a ON a.id = r.account_id \
                      WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 \
                      AND a.disabled_at IS NULL"
                ))
                .bind(token_hash)
                .bind(enc_t(at))
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading a password reset link"))?;
                row.map(|r| account_row(&r, 0)).transpose()
            }

            async fn complete_password_reset(
                &self,
                token_hash: &str,
                phc: &str,
                at: OffsetDateTime,
            ) -> Result<Account, StoreError> {
                const DOING: &str = "setting a password from a reset link";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                // Used once: only the first of two concurrent uses updates the row.
                let account_id: Option<i64> = sqlx::query_scalar(
                    "UPDATE password_resets SET used_at = $1 \
                     WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3 \
                     AND account_id IN (SELECT id FROM accounts WHERE disabled_at IS NULL) \
                     RETURNING account_id",
                )
                .bind(enc_t(at))
                .bind(token_hash)
                .bind(enc_t(at))
                .fetch_optional(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                let Some(account_id) = account_id else {
                    return Err(reset_not_found());
                };
                sqlx::query(
                    "UPDATE password_resets SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL",
                )
                .bind(enc_t(at))
                .bind(account_id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                sqlx::query(
                    "INSERT INTO account_passwords (account_id, phc, set_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (account_id) DO UPDATE SET phc = excluded.phc, set_at = excluded.set_at",
                )
                .bind(account_id)
                .bind(phc)
                .bind(enc_t(at))
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                let row = sqlx::query(concat!(
                    "SELECT ",
                    account_columns!(),
                    " FROM accounts a WHERE a.id = $1"
                ))
                .bind(account_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                let account = account_row(&row, 0)?;
                sqlx::query("DELETE FROM login_failures WHERE email = $1")
                    .bind(normalise_email(&account.email))
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(account)
            }
        }

        /// An account from the [`account_columns`] of a row, starting at
        /// column `at` (read by position: joins have several `id` columns).
        fn account_row(row: &Row, at: usize) -> Result<Account, StoreError> {
            let id: i64 = row.try_get(at).map_err(|e| corrupt_account(0, e))?;
            let col = |e: sqlx::Error| corrupt_account(id, e);
            let role: String = row.try_get(at + 3).map_err(col)?;
            // Disabled if set; the time itself is not read.
            let disabled = !row.try_get_raw(at + 7).map_err(col)?.is_null();
            Ok(Account {
                id,
                email: row.try_get(at + 1).map_err(col)?,
                name: row.try_get(at + 2).map_err(col)?,
                role: decode_role(id, &role)?,
                programme: row.try_get(at + 4).map_err(col)?,
                member: row.try_get(at + 5).map_err(col)?,
                group: row.try_get(at + 6).map_err(col)?,
                disabled,
            })
        }

        fn token_row(row: &Row) -> Result<ApiToken, StoreError> {
            // In joins the token's id is the first `id` column: read by position.
            let id: i64 = row.try_get(0).map_err(|e| corrupt_token(0, e))?;
            let col = |e: sqlx::Error| corrupt_token(id, e);
            let bad = |e: String| corrupt_token(id, e);
            Ok(ApiToken {
                id,
                account_id: row.try_get(1).map_err(col)?,
                name: row.try_get(2).map_err(col)?,
                prefix: row.try_get(3).map_err(col)?,
                created_at: get_t(row, 4).map_err(bad)?,
                last_used_at: get_ot(row, 5).map_err(bad)?,
                revoked_at: get_ot(row, 6).map_err(bad)?,
            })
        }

        fn corrupt_token(id: i64, reason: impl std::fmt::Display) -> StoreError {
            StoreError::CorruptData {
                what: "API token",
                id: id.to_string(),
                reason: reason.to_string(),
            }
        }
    };
}
pub(crate) use backend;
