//! Accounts, their passwords, sessions, API tokens and failed logins: the
//! [`AccountStore`] aggregate and the part common to both backends.
//!
//! The store keeps only what it is given: password hashes arrive as PHC
//! strings (hashing is the web crate's business), session ids and API
//! tokens arrive already hashed (SHA-256, hex), so a copy of the database
//! gives no one a way in.
//!
//! Tables (migration `0002_accounts.sql`): `accounts` (email stored
//! lowercase, unique on `lower(email)`; the role binding is checked by the
//! schema too), `account_passwords`, `sessions`, `api_tokens` (hash unique)
//! and `login_failures`.

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

    /// Disables (or enables again) an account. Disabling ends its sessions.
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
}

/// The email as stored: trimmed, lowercase.
pub(crate) fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks a new account before it is written.
pub(crate) fn check_new(new: &mut NewAccount) -> Result<(), StoreError> {
    new.email = normalise_email(&new.email);
    if new.email.is_empty() || !new.email.contains('@') {
        return Err(StoreError::Invalid(format!(
            "`{}` is not an email address",
            new.email
        )));
    }
    new.name = new.name.trim().to_string();
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
