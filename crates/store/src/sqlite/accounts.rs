//! Accounts, sessions, API tokens and failed logins on SQLite.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;

use southdesk_plan::Account;

use super::{Db, text_to_time, time_to_text};
use crate::StoreError;
use crate::accounts::{
    ApiToken, FailureCounts, NewAccount, NewApiToken, Session, account_columns, account_not_found,
    check_new, corrupt_account, decode_role, email_taken, normalise_email, token_columns,
    token_not_found,
};
use crate::plan_versions::now;

const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

pub(super) async fn create(db: &Db, mut new: NewAccount) -> Result<Account, StoreError> {
    const DOING: &str = "creating an account";
    check_new(&mut new)?;
    let at = time_to_text(now());
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (email, name, role, programme, member_iso3, group_id, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&new.email)
    .bind(&new.name)
    .bind(new.role.as_str())
    .bind(&new.programme)
    .bind(&new.member)
    .bind(&new.group)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => email_taken(&new.email),
        _ => db.err(DOING)(e),
    })?;
    if let Some(phc) = &new.password_hash {
        sqlx::query("INSERT INTO account_passwords (account_id, phc, set_at) VALUES (?, ?, ?)")
            .bind(id)
            .bind(phc)
            .bind(&at)
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

pub(super) async fn get(db: &Db, id: i64) -> Result<Option<Account>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a WHERE a.id = ?"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db.err("reading an account"))?;
    row.map(|r| account_row(&r, 0)).transpose()
}

pub(super) async fn by_email(db: &Db, email: &str) -> Result<Option<Account>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts a WHERE lower(a.email) = ?"
    ))
    .bind(normalise_email(email))
    .fetch_optional(&db.pool)
    .await
    .map_err(db.err("reading an account"))?;
    row.map(|r| account_row(&r, 0)).transpose()
}

pub(super) async fn list(db: &Db) -> Result<Vec<Account>, StoreError> {
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

pub(super) async fn set_disabled(db: &Db, id: i64, disabled: bool) -> Result<(), StoreError> {
    const DOING: &str = "disabling an account";
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    let at = disabled.then(|| time_to_text(now()));
    let done = sqlx::query(
        "UPDATE accounts SET disabled_at = CASE WHEN ? IS NULL THEN NULL \
         ELSE coalesce(disabled_at, ?) END WHERE id = ?",
    )
    .bind(&at)
    .bind(&at)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db.err(DOING))?;
    if done.rows_affected() == 0 {
        return Err(account_not_found(id));
    }
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE account_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
    }
    tx.commit().await.map_err(db.err(DOING))
}

pub(super) async fn set_password_hash(db: &Db, id: i64, phc: &str) -> Result<(), StoreError> {
    const DOING: &str = "setting a password";
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?)")
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    if !exists {
        return Err(account_not_found(id));
    }
    sqlx::query(
        "INSERT INTO account_passwords (account_id, phc, set_at) VALUES (?, ?, ?) \
         ON CONFLICT (account_id) DO UPDATE SET phc = excluded.phc, set_at = excluded.set_at",
    )
    .bind(id)
    .bind(phc)
    .bind(time_to_text(now()))
    .execute(&mut *tx)
    .await
    .map_err(db.err(DOING))?;
    sqlx::query("DELETE FROM sessions WHERE account_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    tx.commit().await.map_err(db.err(DOING))
}

pub(super) async fn password_hash(db: &Db, id: i64) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar("SELECT phc FROM account_passwords WHERE account_id = ?")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(db.err("reading a password hash"))
}

pub(super) async fn create_session(db: &Db, s: Session) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, account_id, csrf_token, created_at, last_seen, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.id_hash)
    .bind(s.account_id)
    .bind(&s.csrf_token)
    .bind(time_to_text(s.created_at))
    .bind(time_to_text(s.last_seen))
    .bind(time_to_text(s.expires_at))
    .execute(&db.pool)
    .await
    .map(drop)
    .map_err(db.err("creating a session"))
}

pub(super) async fn session(
    db: &Db,
    id_hash: &str,
    at: OffsetDateTime,
) -> Result<Option<(Session, Account)>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT s.id_hash, s.csrf_token, s.created_at AS s_created, s.last_seen, s.expires_at, ",
        account_columns!(),
        " FROM sessions s JOIN accounts a ON a.id = s.account_id \
          WHERE s.id_hash = ? AND s.expires_at > ?"
    ))
    .bind(id_hash)
    .bind(time_to_text(at))
    .fetch_optional(&db.pool)
    .await
    .map_err(db.err("reading a session"))?;
    let Some(row) = row else { return Ok(None) };
    let account = account_row(&row, 5)?;
    let time = |col: &str| -> Result<OffsetDateTime, StoreError> {
        let text: String = row
            .try_get(col)
            .map_err(|e| corrupt_account(account.id, e))?;
        text_to_time(&text).map_err(|e| corrupt_account(account.id, e))
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

pub(super) async fn touch_session(
    db: &Db,
    id_hash: &str,
    at: OffsetDateTime,
    expires_at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET last_seen = ?, expires_at = ? WHERE id_hash = ?")
        .bind(time_to_text(at))
        .bind(time_to_text(expires_at))
        .bind(id_hash)
        .execute(&db.pool)
        .await
        .map(drop)
        .map_err(db.err("recording a session's use"))
}

pub(super) async fn delete_session(db: &Db, id_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
        .bind(id_hash)
        .execute(&db.pool)
        .await
        .map(drop)
        .map_err(db.err("ending a session"))
}

pub(super) async fn delete_sessions_of(db: &Db, account_id: i64) -> Result<u64, StoreError> {
    sqlx::query("DELETE FROM sessions WHERE account_id = ?")
        .bind(account_id)
        .execute(&db.pool)
        .await
        .map(|r| r.rows_affected())
        .map_err(db.err("ending sessions"))
}

pub(super) async fn create_token(db: &Db, t: NewApiToken) -> Result<ApiToken, StoreError> {
    const DOING: &str = "creating an API token";
    let created_at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (account_id, name, prefix, hash, created_at) \
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(t.account_id)
    .bind(&t.name)
    .bind(&t.prefix)
    .bind(&t.hash)
    .bind(time_to_text(created_at))
    .fetch_one(&db.pool)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => account_not_found(t.account_id),
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

pub(super) async fn token_by_hash(
    db: &Db,
    hash: &str,
) -> Result<Option<(ApiToken, Account)>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        token_columns!(),
        ", ",
        account_columns!(),
        " FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
          WHERE t.hash = ? AND t.revoked_at IS NULL"
    ))
    .bind(hash)
    .fetch_optional(&db.pool)
    .await
    .map_err(db.err("reading an API token"))?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some((token_row(&row)?, account_row(&row, 7)?)))
}

pub(super) async fn touch_token(db: &Db, id: i64, at: OffsetDateTime) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
        .bind(time_to_text(at))
        .bind(id)
        .execute(&db.pool)
        .await
        .map(drop)
        .map_err(db.err("recording an API token's use"))
}

pub(super) async fn tokens(db: &Db, account_id: i64) -> Result<Vec<ApiToken>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        token_columns!(),
        " FROM api_tokens t WHERE t.account_id = ? ORDER BY t.created_at DESC, t.id DESC"
    ))
    .bind(account_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db.err("listing API tokens"))?;
    rows.iter().map(token_row).collect()
}

pub(super) async fn revoke_token(db: &Db, account_id: i64, id: i64) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND account_id = ?",
    )
    .bind(time_to_text(now()))
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

pub(super) async fn record_failure(
    db: &Db,
    email: &str,
    ip: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    const DOING: &str = "recording a failed login";
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    sqlx::query("DELETE FROM login_failures WHERE at < ?")
        .bind(time_to_text(at - time::Duration::days(1)))
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    sqlx::query("INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)")
        .bind(normalise_email(email))
        .bind(ip)
        .bind(time_to_text(at))
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    tx.commit().await.map_err(db.err(DOING))
}

pub(super) async fn failures_since(
    db: &Db,
    email: &str,
    ip: &str,
    since: OffsetDateTime,
) -> Result<FailureCounts, StoreError> {
    let row = sqlx::query(
        "SELECT \
           (SELECT count(*) FROM login_failures WHERE email = ? AND at >= ?) AS by_email, \
           (SELECT count(*) FROM login_failures WHERE ip = ? AND at >= ?) AS by_ip",
    )
    .bind(normalise_email(email))
    .bind(time_to_text(since))
    .bind(ip)
    .bind(time_to_text(since))
    .fetch_one(&db.pool)
    .await
    .map_err(db.err("counting failed logins"))?;
    let count = |col: &str| -> u64 { row.try_get::<i64, _>(col).unwrap_or(0).max(0) as u64 };
    Ok(FailureCounts {
        by_email: count("by_email"),
        by_ip: count("by_ip"),
    })
}

pub(super) async fn clear_failures(db: &Db, email: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM login_failures WHERE email = ?")
        .bind(normalise_email(email))
        .execute(&db.pool)
        .await
        .map(drop)
        .map_err(db.err("forgetting failed logins"))
}

/// An account from the [`account_columns`] of a row, starting at column `at`
/// (read by position: joins have several `id` columns).
fn account_row(row: &SqliteRow, at: usize) -> Result<Account, StoreError> {
    let id: i64 = row.try_get(at).map_err(|e| corrupt_account(0, e))?;
    let col = |e: sqlx::Error| corrupt_account(id, e);
    let role: String = row.try_get(at + 3).map_err(col)?;
    let disabled_at: Option<String> = row.try_get(at + 7).map_err(col)?;
    Ok(Account {
        id,
        email: row.try_get(at + 1).map_err(col)?,
        name: row.try_get(at + 2).map_err(col)?,
        role: decode_role(id, &role)?,
        programme: row.try_get(at + 4).map_err(col)?,
        member: row.try_get(at + 5).map_err(col)?,
        group: row.try_get(at + 6).map_err(col)?,
        disabled: disabled_at.is_some(),
    })
}

fn token_row(row: &SqliteRow) -> Result<ApiToken, StoreError> {
    // In joins the token's id is the first `id` column: read by position.
    let id: i64 = row.try_get(0).map_err(|e| corrupt_token(0, e))?;
    let col = |e: sqlx::Error| corrupt_token(id, e);
    let time = |s: String| text_to_time(&s).map_err(|e| corrupt_token(id, e));
    let opt_time = |s: Option<String>| s.map(time).transpose();
    Ok(ApiToken {
        id,
        account_id: row.try_get(1).map_err(col)?,
        name: row.try_get(2).map_err(col)?,
        prefix: row.try_get(3).map_err(col)?,
        created_at: time(row.try_get(4).map_err(col)?)?,
        last_used_at: opt_time(row.try_get(5).map_err(col)?)?,
        revoked_at: opt_time(row.try_get(6).map_err(col)?)?,
    })
}

fn corrupt_token(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "API token",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}
