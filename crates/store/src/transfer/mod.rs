//! Moving and copying whole desks: [`backup`] (a consistent copy of a
//! SQLite desk while it runs), [`restore`] (a backup put in place of a
//! desk) and [`migrate`] (a desk copied into an empty store of another
//! kind, SQLite → PostgreSQL or back, and verified).
//!
//! The tables are listed in [`TABLES`], parents before children (foreign
//! key order). A migration copies the tables of the list that the source
//! has, refuses a source with a table the list does not name (it would
//! be lost), and converts values by column type ([`value::ColType`]: on
//! SQLite times and dates are text, on PostgreSQL `TIMESTAMPTZ` and
//! `DATE`; booleans are 0/1 on SQLite; PostgreSQL's `INTEGER` is 32-bit).
//!
//! A migration is all or nothing: the target is written in one
//! transaction, read back and compared with the source table by table
//! (row counts and the SHA-256 of the rows in key order, in one canonical
//! text form) before it is committed; any difference rolls it back. The
//! source is read in one snapshot. Only the target's schema (its
//! migrations, run first) stays when the copy fails.
//!
//! Nothing here prints: each function returns a report.

mod db;
mod value;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;

use self::db::{Column, Conn, TableSpec, for_each_row, sqlite_file};
use self::value::{Checksum, ColType, Value};
use crate::{Backend, StoreError};

/// Every table of a desk, parents before the tables whose foreign keys
/// point to them. A table added by a migration must be added here (a
/// test compares the list with the schemas of both backends).
pub const TABLES: &[&str] = &[
    "plan_versions",
    "accounts",
    "account_passwords",
    "sessions",
    "api_tokens",
    "login_failures",
    "password_resets",
    "saved_views",
    "requests",
    "attachment_blobs",
    "request_attachments",
    "request_assignments",
    "request_comments",
    "request_events",
    "request_idempotency",
    "request_links",
    "request_programmes",
    "request_themes",
    "request_overdue_notices",
    "notification_outbox",
    "inbox",
    "files",
    "outputs",
    "output_versions",
    "output_authors",
    "output_links",
    "output_changes",
    "tag_corrections",
    "meetings",
    "meeting_themes",
    "meeting_links",
    "organisations",
    "people",
    "person_emails",
    "posts",
    "tenures",
    "contact_audit",
    "interactions",
    "interaction_parties",
    "relations",
    "agreements",
    "agreement_parties",
    "agreement_reminders",
    "joint_work",
];

/// Rows per `INSERT` at most (fewer for wide tables), and bytes.
const BATCH_ROWS: usize = 500;
const BATCH_PARAMETERS: usize = 30_000;
const BATCH_BYTES: usize = 4 << 20;

/// How many rows a table has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

/// What [`backup`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub file: PathBuf,
    pub bytes: u64,
    /// The last migration applied to the copied schema.
    pub schema_version: i64,
    pub tables: Vec<TableCount>,
    pub elapsed: Duration,
}

/// What [`restore`] put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub file: PathBuf,
    pub target: PathBuf,
    pub bytes: u64,
    /// The schema version of the file, and after the restore (higher when
    /// the file came from an older southdesk and was migrated).
    pub schema_version_before: i64,
    pub schema_version: i64,
    /// Whether a desk file was there before (empty, or replaced by force).
    pub replaced: bool,
    pub tables: Vec<TableCount>,
}

/// One table of a [`migrate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: String,
    pub source_rows: u64,
    /// Rows read back from the target before the commit.
    pub target_rows: u64,
    /// SHA-256 (hex) of the rows in canonical form, equal on both sides.
    pub checksum: String,
    /// The last id the target's sequence has given (new rows get higher
    /// ones), for tables with one.
    pub last_id: Option<i64>,
}

/// What [`migrate`] copied and verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    /// The stores, passwords redacted.
    pub source: String,
    pub target: String,
    pub tables: Vec<TableCopy>,
    /// Tables of [`TABLES`] the source does not have (a schema older than
    /// the list), not copied.
    pub absent: Vec<String>,
    pub elapsed: Duration,
}

/// Count and checksum of one table in two stores ([`compare`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableComparison {
    pub table: String,
    pub rows: (u64, u64),
    pub checksums: (String, String),
}

impl TableComparison {
    pub fn equal(&self) -> bool {
        self.rows.0 == self.rows.1 && self.checksums.0 == self.checksums.1
    }
}

/// What to run instead of `southdesk backup` on PostgreSQL.
fn pg_dump_advice(url: &str) -> String {
    let url = crate::redact(url);
    format!(
        "southdesk backup copies SQLite desks; a PostgreSQL desk is backed up with PostgreSQL's \
         own tools, which take a consistent copy while the desk runs: \
         pg_dump --format=custom --file=desk.dump '{url}' \
         — and restored into an empty database with \
         pg_restore --no-owner --dbname='<empty database URL>' desk.dump \
         (see \"Moving, backing up and restoring a desk\" in README.md)"
    )
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        reason: crate::error::io_reason(&e),
    }
}

/// Writes a consistent copy of the SQLite desk at `source_url` to `file`
/// (which must not exist), while the desk may be in use: SQLite's
/// `VACUUM INTO` copies one snapshot, as a compact database. The copy is
/// written beside `file` under a temporary name, synced, then renamed.
///
/// A PostgreSQL desk is refused with [`StoreError::Unsupported`], whose
/// message gives the `pg_dump` recipe.
pub async fn backup(source_url: &str, file: &Path) -> Result<BackupReport, StoreError> {
    let started = Instant::now();
    if let crate::url::Kind::Postgres = crate::url::classify(source_url)? {
        return Err(StoreError::Unsupported(pg_dump_advice(source_url)));
    }
    let db = sqlite_file(source_url)?;
    if !db.is_file() {
        return Err(StoreError::NotFound {
            what: "SQLite desk",
            id: db.display().to_string(),
        });
    }
    if file.exists() {
        return Err(StoreError::Io {
            path: file.display().to_string(),
            reason: "already exists; choose another file or remove it first".into(),
        });
    }
    let file = std::path::absolute(file).map_err(|e| io_error(file, e))?;
    let (dir, name) = beside(&file)?;
    let temp = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let Some(temp_text) = temp.to_str().map(str::to_string) else {
        return Err(StoreError::Io {
            path: file.display().to_string(),
            reason: "the path is not valid UTF-8".into(),
        });
    };

    let mut conn = Conn::sqlite(&db, false).await?;
    let copied = async {
        let version = conn
            .schema_version()
            .await?
            .ok_or_else(|| StoreError::NotADesk {
                path: db.display().to_string(),
                reason: "it has no southdesk schema".into(),
            })?;
        let sqlite = conn.as_sqlite().expect("a SQLite connection");
        sqlx::query("VACUUM INTO $1")
            .bind(&temp_text)
            .execute(&mut *sqlite)
            .await
            .map_err(|e| {
                crate::error::from_sqlx(Backend::Sqlite, &temp_text, "writing the backup", e)
            })?;
        Ok(version)
    }
    .await;
    conn.close().await;
    let version = match copied {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    if let Err(e) = sync_file(&temp).and_then(|()| std::fs::rename(&temp, &file)) {
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(&file, e));
    }
    sync_dir(dir);

    let mut copy = Conn::sqlite(&file, false).await?;
    let tables = counts(&mut copy).await;
    copy.close().await;
    let bytes = std::fs::metadata(&file)
        .map_err(|e| io_error(&file, e))?
        .len();
    Ok(BackupReport {
        file,
        bytes,
        schema_version: version,
        tables: tables?,
        elapsed: started.elapsed(),
    })
}

/// Puts the backup `file` in place of the SQLite desk `target` (the
/// database file, e.g. `DATA/southdesk.db`).
///
/// The file must be a southdesk database ([`StoreError::NotADesk`]
/// otherwise: not SQLite, damaged, broken foreign keys, or migrations that
/// are not southdesk's) of a schema this southdesk knows
/// ([`StoreError::NewerSchema`] if it comes from a newer one; an older one
/// is migrated). `target` must not exist or hold an empty store — no rows
/// but the embedded plan stored on a first start — unless `force`
/// ([`StoreError::DeskNotEmpty`]). The file is copied beside
/// `target` under a temporary name, checked and migrated there, synced and
/// renamed over `target`: whatever fails, `target` is left as it was.
///
/// The search index (`DATA/index`) is the caller's to remove.
pub async fn restore(file: &Path, target: &Path, force: bool) -> Result<RestoreReport, StoreError> {
    if !file.is_file() {
        return Err(StoreError::Io {
            path: file.display().to_string(),
            reason: "no such file".into(),
        });
    }
    let target = std::path::absolute(target).map_err(|e| io_error(target, e))?;
    let replaced = check_target(&target, force).await?;
    let (dir, name) = beside(&target)?;
    let temp = dir.join(format!(".{name}.restore-{}", std::process::id()));
    let remove_temp = || {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
        }
    };
    remove_temp();
    std::fs::copy(file, &temp).map_err(|e| {
        remove_temp();
        io_error(file, e)
    })?;
    let prepared = prepare(&temp, file).await;
    let (before, after, tables) = match prepared {
        Ok(p) => p,
        Err(e) => {
            remove_temp();
            return Err(e);
        }
    };
    let placed = sync_file(&temp).and_then(|()| {
        // A journal left by the desk replaced would be applied to the new file.
        for suffix in ["-wal", "-shm", "-journal"] {
            match std::fs::remove_file(format!("{}{suffix}", target.display())) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        std::fs::rename(&temp, &target)
    });
    if let Err(e) = placed {
        remove_temp();
        return Err(io_error(&target, e));
    }
    sync_dir(dir);
    let bytes = std::fs::metadata(&target)
        .map_err(|e| io_error(&target, e))?
        .len();
    Ok(RestoreReport {
        file: file.to_path_buf(),
        target,
        bytes,
        schema_version_before: before,
        schema_version: after,
        replaced,
        tables,
    })
}

/// Whether a desk is at `target`; an error if it holds rows and not `force`.
async fn check_target(target: &Path, force: bool) -> Result<bool, StoreError> {
    if !target.exists() {
        return Ok(false);
    }
    if force {
        return Ok(true);
    }
    let not_empty = |reason: String| StoreError::DeskNotEmpty {
        path: target.display().to_string(),
        reason,
    };
    let mut conn = Conn::sqlite(target, false)
        .await
        .map_err(|e| not_empty(format!("it cannot be read as a database: {e}")))?;
    let found = async {
        for table in conn.tables().await? {
            if conn.has_rows(&table).await? {
                if table == "plan_versions" && only_the_seeded_plan(&mut conn).await? {
                    continue;
                }
                return Ok(Some(table));
            }
        }
        Ok::<_, StoreError>(None)
    }
    .await;
    conn.close().await;
    match found {
        Ok(None) => Ok(true),
        Ok(Some(table)) => Err(not_empty(format!("table {table} has rows"))),
        Err(e) => Err(not_empty(format!("it cannot be read as a database: {e}"))),
    }
}

/// Whether the plan versions are the one `southdesk` stores on its first
/// start (the embedded plan): a desk started once and never used.
async fn only_the_seeded_plan(conn: &mut Conn) -> Result<bool, StoreError> {
    let sqlite = conn.as_sqlite().expect("a SQLite connection");
    let (count, source): (i64, Option<String>) =
        sqlx::query_as("SELECT COUNT(*), MIN(source) FROM plan_versions")
            .fetch_one(&mut *sqlite)
            .await
            .map_err(|e| StoreError::Internal {
                backend: Backend::Sqlite,
                doing: "reading the plan versions",
                reason: sqlite_reason(e),
            })?;
    Ok(count == 1 && source.is_some_and(|s| s.starts_with("embedded:")))
}

/// Checks the copy at `temp` of the backup `file`, migrates it, counts its
/// rows: (schema version of the file, after, counts).
async fn prepare(temp: &Path, file: &Path) -> Result<(i64, i64, Vec<TableCount>), StoreError> {
    let not_a_desk = |reason: String| StoreError::NotADesk {
        path: file.display().to_string(),
        reason,
    };
    let mut conn = Conn::sqlite(temp, false)
        .await
        .map_err(|e| not_a_desk(format!("it cannot be opened ({e})")))?;
    let result = async {
        let sqlite = conn.as_sqlite().expect("a SQLite connection");
        // One file, no journal beside it, until it is renamed in place.
        sqlx::query("PRAGMA journal_mode = DELETE")
            .execute(&mut *sqlite)
            .await
            .map_err(|e| not_a_desk(sqlite_reason(e)))?;
        let check: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&mut *sqlite)
            .await
            .map_err(|e| not_a_desk(sqlite_reason(e)))?;
        if check != ["ok"] {
            return Err(not_a_desk(format!(
                "it is damaged ({})",
                check.first().map_or("no answer", String::as_str)
            )));
        }
        let has_migrations: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&mut *sqlite)
        .await
        .map_err(|e| not_a_desk(sqlite_reason(e)))?;
        if has_migrations == 0 {
            return Err(not_a_desk(
                "it has no southdesk schema (no table _sqlx_migrations)".into(),
            ));
        }
        let applied: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(&mut *sqlite)
        .await
        .map_err(|e| not_a_desk(sqlite_reason(e)))?;
        let known: HashMap<i64, &[u8]> = crate::sqlite::MIGRATOR
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .map(|m| (m.version, &*m.checksum))
            .collect();
        let known_max = known.keys().copied().max().unwrap_or(0);
        let Some(before) = applied.iter().map(|(v, _)| *v).max() else {
            return Err(not_a_desk(
                "no southdesk migration was applied to it".into(),
            ));
        };
        if before > known_max {
            return Err(StoreError::NewerSchema {
                path: file.display().to_string(),
                version: before,
                known: known_max,
            });
        }
        for (version, checksum) in &applied {
            if known.get(version) != Some(&checksum.as_slice()) {
                return Err(not_a_desk(format!(
                    "its migration {version} is not southdesk's"
                )));
            }
        }
        crate::sqlite::migrate(sqlite)
            .await
            .map_err(|e| crate::error::from_migrate(Backend::Sqlite, e))?;
        let broken: Vec<String> =
            sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&mut *sqlite)
                .await
                .map_err(|e| not_a_desk(sqlite_reason(e)))?;
        if let Some(table) = broken.first() {
            return Err(not_a_desk(format!(
                "{} row(s) of table {table} point to rows that do not exist",
                broken.iter().filter(|t| *t == table).count()
            )));
        }
        let after = conn.schema_version().await?.unwrap_or(before);
        Ok((before, after, counts(&mut conn).await?))
    }
    .await;
    conn.close().await;
    result
}

fn sqlite_reason(e: sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    }
}

/// The rows of each table of [`TABLES`] the store has.
async fn counts(conn: &mut Conn) -> Result<Vec<TableCount>, StoreError> {
    let present = conn.tables().await?;
    let mut out = Vec::new();
    for table in TABLES.iter().filter(|t| present.iter().any(|p| p == *t)) {
        out.push(TableCount {
            table: table.to_string(),
            rows: conn.count(table).await?,
        });
    }
    Ok(out)
}

/// The folder and file name of `path`.
fn beside(path: &Path) -> Result<(&Path, String), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| StoreError::Io {
            path: path.display().to_string(),
            reason: "not a file name".into(),
        })?;
    if !dir.is_dir() {
        return Err(StoreError::Io {
            path: dir.display().to_string(),
            reason: "no such folder".into(),
        });
    }
    Ok((dir, name))
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// Makes a rename in `dir` durable (best effort: not every system can
/// sync a folder).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Copies the whole desk at `source_url` into the empty store at
/// `target_url` and verifies the copy (see the module's documentation).
///
/// Both schemas are first brought to this southdesk's migrations (the
/// target is created if it is a new SQLite file). Refuses a target that
/// has rows ([`StoreError::TargetNotEmpty`] names the table), a source
/// with a table not in [`TABLES`] ([`StoreError::SchemaMismatch`]), a
/// value the target cannot hold ([`StoreError::BadValue`]: table, row,
/// column). The target's id sequences go on after the largest id copied
/// (or the source's sequence, if it went further).
pub async fn migrate(source_url: &str, target_url: &str) -> Result<MigrateReport, StoreError> {
    let started = Instant::now();
    let source_kind = crate::url::classify(source_url)?;
    let target_kind = crate::url::classify(target_url)?;
    if let crate::url::Kind::Sqlite = source_kind {
        let file = sqlite_file(source_url)?;
        if !file.is_file() {
            return Err(StoreError::NotFound {
                what: "SQLite desk",
                id: file.display().to_string(),
            });
        }
        if let crate::url::Kind::Sqlite = target_kind
            && sqlite_file(target_url)? == file
        {
            return Err(StoreError::Unsupported(
                "the source and the target are the same store".into(),
            ));
        }
    } else if source_url.trim() == target_url.trim() {
        return Err(StoreError::Unsupported(
            "the source and the target are the same store".into(),
        ));
    }

    // Both schemas at this southdesk's version (the target created).
    crate::open(source_url).await?.close().await;
    crate::open(target_url).await?.close().await;

    let mut source = Conn::open(source_url).await?;
    let mut target = match Conn::open(target_url).await {
        Ok(t) => t,
        Err(e) => {
            source.close().await;
            return Err(e);
        }
    };
    let copied = copy(&mut source, &mut target).await;
    source.close().await;
    target.close().await;
    let (tables, absent) = copied?;
    Ok(MigrateReport {
        source: crate::redact(source_url),
        target: crate::redact(target_url),
        tables,
        absent,
        elapsed: started.elapsed(),
    })
}

/// Counts and checksums every table of [`TABLES`] in the stores at `a` and
/// `b`, each read in one snapshot, with the same column types (those of
/// PostgreSQL when either store is one). Neither store is migrated or
/// written.
pub async fn compare(a: &str, b: &str) -> Result<Vec<TableComparison>, StoreError> {
    let mut a = Conn::open(a).await?;
    let mut b = match Conn::open(b).await {
        Ok(b) => b,
        Err(e) => {
            a.close().await;
            return Err(e);
        }
    };
    let result = async {
        let (specs, _) = plan(&mut a, &mut b).await?;
        begin_snapshot(&mut a).await?;
        begin_snapshot(&mut b).await?;
        let mut out = Vec::new();
        for spec in &specs {
            let (rows_a, sum_a) = digest(&mut a, spec).await?;
            let (rows_b, sum_b) = digest(&mut b, spec).await?;
            out.push(TableComparison {
                table: spec.name.clone(),
                rows: (rows_a, rows_b),
                checksums: (sum_a, sum_b),
            });
        }
        Ok(out)
    }
    .await;
    let _ = a.execute("ROLLBACK", "ending the snapshot").await;
    let _ = b.execute("ROLLBACK", "ending the snapshot").await;
    a.close().await;
    b.close().await;
    result
}

/// The file of a `sqlite:` URL (absolute); in-memory databases are
/// refused.
pub fn sqlite_path(url: &str) -> Result<PathBuf, StoreError> {
    sqlite_file(url)
}

/// The tables of the store at `url` (not the migrator's), whether or not
/// [`TABLES`] names them.
pub async fn schema_tables(url: &str) -> Result<Vec<String>, StoreError> {
    let mut conn = Conn::open(url).await?;
    let tables = conn.tables().await;
    conn.close().await;
    tables
}

async fn begin_snapshot(conn: &mut Conn) -> Result<(), StoreError> {
    match conn.backend() {
        Backend::Sqlite => conn.execute("BEGIN", "beginning a snapshot").await,
        Backend::Postgres => {
            conn.execute(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                "beginning a snapshot",
            )
            .await
        }
    }
}

async fn digest(conn: &mut Conn, spec: &TableSpec) -> Result<(u64, String), StoreError> {
    let mut sum = Checksum::new();
    for_each_row(conn.rows(spec), |row| sum.row(&row)).await?;
    Ok(sum.finish())
}

/// The tables both stores will copy, as [`TableSpec`]s, in [`TABLES`]'s
/// order, and the tables of the list the source does not have.
async fn plan(
    source: &mut Conn,
    target: &mut Conn,
) -> Result<(Vec<TableSpec>, Vec<String>), StoreError> {
    let in_source = source.tables().await?;
    let in_target = target.tables().await?;
    if let Some(unknown) = in_source.iter().find(|t| !TABLES.contains(&t.as_str())) {
        return Err(StoreError::SchemaMismatch {
            table: unknown.clone(),
            reason: "this southdesk does not know the table (it is not in transfer::TABLES), \
                     so it cannot copy it"
                .into(),
        });
    }
    let versions = (
        source.schema_version().await?,
        target.schema_version().await?,
    );
    if versions.0 != versions.1 {
        return Err(StoreError::SchemaMismatch {
            table: "_sqlx_migrations".into(),
            reason: format!(
                "the source is at schema version {}, the target at {}",
                versions.0.unwrap_or(0),
                versions.1.unwrap_or(0)
            ),
        });
    }
    let mut specs = Vec::new();
    let mut absent = Vec::new();
    for &table in TABLES {
        if !in_source.iter().any(|t| t == table) {
            absent.push(table.to_string());
            continue;
        }
        if !in_target.iter().any(|t| t == table) {
            return Err(StoreError::SchemaMismatch {
                table: table.into(),
                reason: "the target has no such table".into(),
            });
        }
        specs.push(table_spec(source, target, table).await?);
    }
    Ok((specs, absent))
}

/// The columns of `table` (in the source's order) with their types, from
/// whichever side is PostgreSQL (SQLite's declared types otherwise), its
/// key and its id column.
async fn table_spec(
    source: &mut Conn,
    target: &mut Conn,
    table: &str,
) -> Result<TableSpec, StoreError> {
    let mismatch = |reason: String| StoreError::SchemaMismatch {
        table: table.into(),
        reason,
    };
    let (source_columns, source_key) = source.columns(table).await?;
    let (target_columns, target_key) = target.columns(table).await?;
    for (name, _) in &source_columns {
        if !target_columns.iter().any(|(n, _)| n == name) {
            return Err(mismatch(format!("the target has no column {name}")));
        }
    }
    for (name, _) in &target_columns {
        if !source_columns.iter().any(|(n, _)| n == name) {
            return Err(mismatch(format!("the source has no column {name}")));
        }
    }
    let postgres_types: Option<&Vec<(String, String)>> = if target.backend() == Backend::Postgres {
        Some(&target_columns)
    } else if source.backend() == Backend::Postgres {
        Some(&source_columns)
    } else {
        None
    };
    let mut columns = Vec::with_capacity(source_columns.len());
    for (name, declared) in &source_columns {
        let ty = match postgres_types {
            None => ColType::from_sqlite(declared),
            Some(types) => {
                let data_type = &types
                    .iter()
                    .find(|(n, _)| n == name)
                    .expect("columns checked above")
                    .1;
                ColType::from_postgres(data_type).ok_or_else(|| {
                    mismatch(format!(
                        "column {name} has PostgreSQL type {data_type}, which southdesk cannot copy"
                    ))
                })?
            }
        };
        columns.push(Column {
            name: name.clone(),
            ty,
        });
    }
    let key_names = if source_key.is_empty() {
        &target_key
    } else {
        &source_key
    };
    let key: Vec<usize> = if key_names.is_empty() {
        (0..columns.len()).collect()
    } else {
        key_names
            .iter()
            .map(|k| {
                columns
                    .iter()
                    .position(|c| &c.name == k)
                    .ok_or_else(|| mismatch(format!("key column {k} is not a column")))
            })
            .collect::<Result<_, _>>()?
    };
    let id = match key.as_slice() {
        [i] if matches!(columns[*i].ty, ColType::Int32 | ColType::Int64)
            && target.has_sequence(table, &columns[*i].name).await? =>
        {
            Some(*i)
        }
        _ => None,
    };
    Ok(TableSpec {
        name: table.into(),
        columns,
        key,
        id,
    })
}

/// Copies and verifies inside one snapshot of the source and one
/// transaction of the target, committed only if every table verifies.
async fn copy(
    source: &mut Conn,
    target: &mut Conn,
) -> Result<(Vec<TableCopy>, Vec<String>), StoreError> {
    let (specs, absent) = plan(source, target).await?;
    begin_snapshot(source).await?;
    let begin = match target.backend() {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN",
    };
    if let Err(e) = target.execute(begin, "beginning the copy").await {
        let _ = source.execute("ROLLBACK", "ending the snapshot").await;
        return Err(e);
    }
    let copied = copy_tables(source, target, &specs).await;
    let _ = source.execute("ROLLBACK", "ending the snapshot").await;
    match copied {
        Ok(tables) => {
            target.execute("COMMIT", "committing the copy").await?;
            Ok((tables, absent))
        }
        Err(e) => {
            let _ = target.execute("ROLLBACK", "abandoning the copy").await;
            Err(e)
        }
    }
}

async fn copy_tables(
    source: &mut Conn,
    target: &mut Conn,
    specs: &[TableSpec],
) -> Result<Vec<TableCopy>, StoreError> {
    // Parents first: the table named is the one a desk fills first.
    let mut tables = target.tables().await?;
    tables.sort_by_key(|t| TABLES.iter().position(|x| x == t).unwrap_or(TABLES.len()));
    for table in tables {
        if target.has_rows(&table).await? {
            return Err(StoreError::TargetNotEmpty { table });
        }
    }
    let mut copies = Vec::with_capacity(specs.len());
    for spec in specs {
        let max_rows = (BATCH_PARAMETERS / spec.columns.len().max(1)).clamp(1, BATCH_ROWS);
        let mut sum = Checksum::new();
        let mut batch: Vec<Vec<Value>> = Vec::with_capacity(max_rows);
        let mut weight = 0;
        let mut max_id: Option<i64> = None;
        let mut rows = source.rows(spec);
        while let Some(row) = rows.try_next().await? {
            sum.row(&row);
            if let Some(Value::Int(id)) = spec.id.map(|i| &row[i]) {
                max_id = max_id.max(Some(*id));
            }
            weight += row.iter().map(Value::weight).sum::<usize>();
            batch.push(row);
            if batch.len() >= max_rows || weight >= BATCH_BYTES {
                target.insert(spec, &batch).await?;
                batch.clear();
                weight = 0;
            }
        }
        drop(rows);
        target.insert(spec, &batch).await?;
        let (source_rows, checksum) = sum.finish();

        let last_id = match spec.id {
            None => None,
            Some(i) => {
                let column = &spec.columns[i].name;
                let drawn = if source.has_sequence(&spec.name, column).await? {
                    source.sequence_value(&spec.name, column).await?
                } else {
                    None
                };
                let last = drawn.max(max_id).filter(|&n| n > 0);
                if let Some(last) = last {
                    target.set_sequence(&spec.name, column, last).await?;
                }
                last
            }
        };
        copies.push(TableCopy {
            table: spec.name.clone(),
            source_rows,
            target_rows: 0,
            checksum,
            last_id,
        });
    }

    for (spec, copy) in specs.iter().zip(&mut copies) {
        let (rows, checksum) = digest(target, spec).await?;
        copy.target_rows = rows;
        if rows != copy.source_rows {
            return Err(StoreError::VerificationFailed {
                table: spec.name.clone(),
                reason: format!(
                    "{} rows read from the source, {rows} read back from the target",
                    copy.source_rows
                ),
            });
        }
        if checksum != copy.checksum {
            return Err(StoreError::VerificationFailed {
                table: spec.name.clone(),
                reason: format!(
                    "the rows read back differ from the source's (SHA-256 {} in the source, {} in the target)",
                    &copy.checksum[..12],
                    &checksum[..12]
                ),
            });
        }
    }
    Ok(copies)
}
