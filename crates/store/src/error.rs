use crate::Backend;

/// What went wrong in the store.
///
/// Each variant has a stable machine-readable [`code`](StoreError::code) and
/// a one-line message meant for the people running southdesk. Messages never
/// contain passwords.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The URL given to [`open`](crate::open) cannot be used. `url` is redacted.
    #[error("invalid database URL \"{url}\": {reason}")]
    InvalidUrl { url: String, reason: String },

    /// The database cannot be opened or reached. `target` is the SQLite
    /// file or the PostgreSQL `host:port`.
    #[error("{}", unreachable_message(*backend, target, reason))]
    Unreachable {
        backend: Backend,
        target: String,
        reason: String,
    },

    /// The schema could not be brought up to date.
    #[error("cannot update the {backend} database schema: {reason}")]
    Migration { backend: Backend, reason: String },

    /// No such record. `what` names the kind (`plan version`).
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: String },

    /// The change contradicts the stored state (e.g. adopting a version that
    /// is not a draft).
    #[error("{0}")]
    Conflict(String),

    /// The record to write breaks a rule (an account's role binding, an
    /// email that is not one).
    #[error("{0}")]
    Invalid(String),

    /// A stored record cannot be decoded.
    #[error("stored {what} {id} cannot be read: {reason}")]
    CorruptData {
        what: &'static str,
        id: String,
        reason: String,
    },

    /// What was asked cannot be done with this kind of store (a backup of
    /// a PostgreSQL desk, which `pg_dump` makes). The message says what to
    /// do instead.
    #[error("{0}")]
    Unsupported(String),

    /// A migration's target store already holds data: `table` has rows.
    #[error(
        "the target store is not empty: table {table} has rows (a desk is copied into an empty store only)"
    )]
    TargetNotEmpty { table: String },

    /// A restore would overwrite the desk at `path`, which holds data.
    #[error("{path} already holds a desk ({reason}); pass --force to replace it")]
    DeskNotEmpty { path: String, reason: String },

    /// The file is not a southdesk database (not SQLite, damaged, or
    /// another application's).
    #[error("{path} is not a southdesk database: {reason}")]
    NotADesk { path: String, reason: String },

    /// The file was written by a newer southdesk: its schema is at
    /// migration `version`, this southdesk knows migrations up to `known`.
    #[error(
        "{path} was written by a newer southdesk (schema version {version}; this one knows up to {known}); upgrade southdesk to use it"
    )]
    NewerSchema {
        path: String,
        version: i64,
        known: i64,
    },

    /// The two stores of a copy do not have the same tables or columns.
    #[error("the stores' schemas differ in table {table}: {reason}")]
    SchemaMismatch { table: String, reason: String },

    /// A stored value cannot be copied: where it is, and why.
    #[error("table {table}, row {row}, column {column}: {reason}")]
    BadValue {
        table: String,
        row: String,
        column: String,
        reason: String,
    },

    /// Writing rows into the target store failed (a batch of rows: `rows`
    /// says which).
    #[error("copying table {table} ({rows}) failed: {reason}")]
    CopyFailed {
        table: String,
        rows: String,
        reason: String,
    },

    /// What was read back from the target differs from the source.
    #[error("verification failed for table {table}: {reason}")]
    VerificationFailed { table: String, reason: String },

    /// A file could not be read or written.
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },

    /// Anything else: a bug or an unexpected database failure.
    #[error("{backend} database error while {doing}: {reason}")]
    Internal {
        backend: Backend,
        doing: &'static str,
        reason: String,
    },
}

fn unreachable_message(backend: Backend, target: &str, reason: &str) -> String {
    match backend {
        Backend::Sqlite => format!("cannot open SQLite database {target}: {reason}"),
        Backend::Postgres => format!("cannot connect to PostgreSQL at {target}: {reason}"),
    }
}

impl StoreError {
    /// Stable code for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::InvalidUrl { .. } => "invalid_database_url",
            StoreError::Unreachable { .. } => "database_unreachable",
            StoreError::Migration { .. } => "migration_failed",
            StoreError::NotFound { .. } => "not_found",
            StoreError::Conflict(_) => "conflict",
            StoreError::Invalid(_) => "invalid",
            StoreError::CorruptData { .. } => "corrupt_data",
            StoreError::Unsupported(_) => "unsupported",
            StoreError::TargetNotEmpty { .. } => "target_not_empty",
            StoreError::DeskNotEmpty { .. } => "desk_not_empty",
            StoreError::NotADesk { .. } => "not_a_desk",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::SchemaMismatch { .. } => "schema_mismatch",
            StoreError::BadValue { .. } => "bad_value",
            StoreError::CopyFailed { .. } => "copy_failed",
            StoreError::VerificationFailed { .. } => "verification_failed",
            StoreError::Io { .. } => "io_error",
            StoreError::Internal { .. } => "internal",
        }
    }

    pub(crate) fn plan_version_not_found(id: i64) -> StoreError {
        StoreError::NotFound {
            what: "plan version",
            id: id.to_string(),
        }
    }

    pub(crate) fn corrupt_plan_version(id: i64, reason: impl std::fmt::Display) -> StoreError {
        StoreError::CorruptData {
            what: "plan version",
            id: id.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// Maps a database error met while `doing` something to a [`StoreError`].
///
/// `target` names the database as in [`StoreError::Unreachable`].
pub(crate) fn from_sqlx(
    backend: Backend,
    target: &str,
    doing: &'static str,
    e: sqlx::Error,
) -> StoreError {
    match &e {
        sqlx::Error::PoolTimedOut => StoreError::Unreachable {
            backend,
            target: target.to_string(),
            reason: "timed out waiting for a database connection".into(),
        },
        sqlx::Error::PoolClosed => StoreError::Unreachable {
            backend,
            target: target.to_string(),
            reason: "the store was closed".into(),
        },
        sqlx::Error::Io(io) => StoreError::Unreachable {
            backend,
            target: target.to_string(),
            reason: io_reason(io),
        },
        // SQLITE_BUSY (and its extended codes) after the busy timeout.
        sqlx::Error::Database(db)
            if backend == Backend::Sqlite
                && db
                    .code()
                    .and_then(|c| c.parse::<i32>().ok())
                    .is_some_and(|c| c & 0xff == 5) =>
        {
            StoreError::Unreachable {
                backend,
                target: target.to_string(),
                reason: format!("{} (another process holds it too long)", db.message()),
            }
        }
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(format!(
            "{doing}: a conflicting change was made at the same time; try again"
        )),
        sqlx::Error::Database(db) => StoreError::Internal {
            backend,
            doing,
            reason: db.message().to_string(),
        },
        _ => StoreError::Internal {
            backend,
            doing,
            reason: e.to_string(),
        },
    }
}

/// An I/O error as a short lowercase phrase (`connection refused`).
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => "connection refused".into(),
        K::ConnectionReset => "connection reset by the server".into(),
        K::TimedOut => "timed out".into(),
        K::PermissionDenied => "permission denied".into(),
        K::AddrNotAvailable => "address not available".into(),
        _ => {
            let s = e.to_string();
            // "Network is unreachable (os error 101)" -> "network is unreachable"
            let s = match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            };
            let mut c = s.chars();
            match c.next() {
                Some(first) => first.to_lowercase().chain(c).collect(),
                None => "input/output error".into(),
            }
        }
    }
}

pub(crate) fn from_migrate(backend: Backend, e: sqlx::migrate::MigrateError) -> StoreError {
    use sqlx::migrate::MigrateError as M;
    let reason = match &e {
        M::VersionMissing(v) => format!(
            "the database was migrated by a newer southdesk (migration {v} is unknown to this one); upgrade southdesk"
        ),
        M::VersionMismatch(v) => {
            format!("migration {v} differs from the one applied to the database")
        }
        M::Execute(inner) | M::ExecuteMigration(inner, _) => match inner {
            sqlx::Error::Database(db) => match &e {
                M::ExecuteMigration(_, v) => format!("migration {v}: {}", db.message()),
                _ => db.message().to_string(),
            },
            other => other.to_string(),
        },
        other => other.to_string(),
    };
    StoreError::Migration { backend, reason }
}
