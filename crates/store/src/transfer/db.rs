//! One connection to either backend, with what a copy needs of it: the
//! schema (tables, columns, primary keys, id sequences), rows read as
//! [`Value`]s in primary-key order, and rows written in batches.
//!
//! Connections are single (not pools): a copy reads its source in one
//! snapshot and writes its target in one transaction, each on one
//! connection, with `BEGIN`/`COMMIT` sent as statements.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow};
use sqlx::{AssertSqlSafe, Connection, Row};
use time::{Date, OffsetDateTime};

use super::value::{ColType, Value, to_micros};
use crate::error::from_sqlx;
use crate::sqlite::codec::{date_to_text, text_to_date, text_to_time, time_to_text};
use crate::{Backend, StoreError};

/// A column of a table being copied.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub ty: ColType,
}

/// A table as both sides of a copy agree on it.
#[derive(Debug, Clone)]
pub(crate) struct TableSpec {
    pub name: String,
    pub columns: Vec<Column>,
    /// Indexes into `columns` of the primary key (every column when the
    /// table has none), the order rows are read in.
    pub key: Vec<usize>,
    /// The integer primary key drawn from a sequence (SQLite
    /// `AUTOINCREMENT`, PostgreSQL identity or serial), if any.
    pub id: Option<usize>,
}

impl TableSpec {
    /// How a row is named in messages: its key (`id=12`, `output_id=3,
    /// lang="en"`).
    pub(crate) fn describe_row(&self, row: &[Option<Value>]) -> String {
        self.key
            .iter()
            .map(|&i| {
                let v = row
                    .get(i)
                    .and_then(|v| v.as_ref())
                    .map_or("?".to_string(), Value::describe);
                format!("{}={v}", self.columns[i].name)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(crate) enum Conn {
    Sqlite {
        conn: SqliteConnection,
        target: String,
    },
    Postgres {
        conn: PgConnection,
        target: String,
    },
}

/// SQL identifiers are the schema's own table and column names (letters,
/// digits, `_`), quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Conn {
    /// Opens the SQLite file at `path` (created if `create`), with foreign
    /// keys on and the store's busy timeout. Its journal mode is left as
    /// the file has it.
    pub(crate) async fn sqlite(path: &Path, create: bool) -> Result<Conn, StoreError> {
        let target = path.display().to_string();
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(create)
            .foreign_keys(true)
            .busy_timeout(crate::sqlite::BUSY_TIMEOUT);
        let conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| from_sqlx(Backend::Sqlite, &target, "opening the database", e))?;
        Ok(Conn::Sqlite { conn, target })
    }

    pub(crate) async fn postgres(url: &str) -> Result<Conn, StoreError> {
        let (options, target) = crate::postgres::connect_options(url)?;
        let timeout = crate::postgres::CONNECT_TIMEOUT;
        let unreachable = |reason: String| StoreError::Unreachable {
            backend: Backend::Postgres,
            target: target.clone(),
            reason,
        };
        let conn = match tokio::time::timeout(timeout, PgConnection::connect_with(&options)).await {
            Err(_) => {
                return Err(unreachable(format!(
                    "no answer within {} seconds",
                    timeout.as_secs()
                )));
            }
            Ok(Err(e)) => return Err(unreachable(crate::postgres::connect_reason(e))),
            Ok(Ok(conn)) => conn,
        };
        Ok(Conn::Postgres { conn, target })
    }

    /// Opens the store at `url` (which must exist, for SQLite).
    pub(crate) async fn open(url: &str) -> Result<Conn, StoreError> {
        match crate::url::classify(url)? {
            crate::url::Kind::Sqlite => Conn::sqlite(&sqlite_file(url)?, false).await,
            crate::url::Kind::Postgres => Conn::postgres(url).await,
        }
    }

    pub(crate) fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite { .. } => Backend::Sqlite,
            Conn::Postgres { .. } => Backend::Postgres,
        }
    }

    fn err(&self, doing: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
        let (backend, target) = match self {
            Conn::Sqlite { target, .. } => (Backend::Sqlite, target),
            Conn::Postgres { target, .. } => (Backend::Postgres, target),
        };
        move |e| from_sqlx(backend, target, doing, e)
    }

    /// Runs one statement without parameters.
    pub(crate) async fn execute(
        &mut self,
        sql: &str,
        doing: &'static str,
    ) -> Result<(), StoreError> {
        let r = match self {
            Conn::Sqlite { conn, .. } => sqlx::query(AssertSqlSafe(sql.to_string()))
                .execute(&mut *conn)
                .await
                .map(drop),
            Conn::Postgres { conn, .. } => sqlx::query(AssertSqlSafe(sql.to_string()))
                .execute(&mut *conn)
                .await
                .map(drop),
        };
        r.map_err(self.err(doing))
    }

    /// The tables of the schema, but the migrator's own and SQLite's.
    pub(crate) async fn tables(&mut self) -> Result<Vec<String>, StoreError> {
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations' \
                     ORDER BY name",
                )
                .fetch_all(&mut *conn)
                .await
            }
            Conn::Postgres { conn, .. } => {
                sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                     AND table_name <> '_sqlx_migrations' ORDER BY table_name",
                )
                .fetch_all(&mut *conn)
                .await
            }
        };
        r.map_err(self.err("listing the tables"))
    }

    /// The columns of `table` in their order, with their declared type
    /// (PostgreSQL's `data_type`, SQLite's declaration), and the names of
    /// its primary key's columns in key order.
    pub(crate) async fn columns(
        &mut self,
        table: &str,
    ) -> Result<(Vec<(String, String)>, Vec<String>), StoreError> {
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                let rows: Result<Vec<(String, String, i64)>, _> =
                    sqlx::query_as("SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid")
                        .bind(table)
                        .fetch_all(&mut *conn)
                        .await;
                rows.map(|rows| {
                    let mut key: Vec<(i64, String)> = rows
                        .iter()
                        .filter(|r| r.2 > 0)
                        .map(|r| (r.2, r.0.clone()))
                        .collect();
                    key.sort();
                    (
                        rows.into_iter().map(|(n, t, _)| (n, t)).collect(),
                        key.into_iter().map(|(_, n)| n).collect(),
                    )
                })
            }
            Conn::Postgres { conn, .. } => {
                let cols: Result<Vec<(String, String)>, _> = sqlx::query_as(
                    "SELECT column_name::text, data_type::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 \
                     ORDER BY ordinal_position",
                )
                .bind(table)
                .fetch_all(&mut *conn)
                .await;
                let key: Result<Vec<String>, _> = sqlx::query_scalar(
                    "SELECT k.column_name::text \
                     FROM information_schema.table_constraints c \
                     JOIN information_schema.key_column_usage k \
                       ON k.constraint_name = c.constraint_name \
                      AND k.constraint_schema = c.constraint_schema \
                      AND k.table_name = c.table_name \
                     WHERE c.table_schema = current_schema() AND c.table_name = $1 \
                       AND c.constraint_type = 'PRIMARY KEY' \
                     ORDER BY k.ordinal_position",
                )
                .bind(table)
                .fetch_all(&mut *conn)
                .await;
                cols.and_then(|c| key.map(|k| (c, k)))
            }
        };
        r.map_err(self.err("reading the columns"))
    }

    /// Whether `column` of `table` is drawn from a sequence.
    pub(crate) async fn has_sequence(
        &mut self,
        table: &str,
        column: &str,
    ) -> Result<bool, StoreError> {
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                let sql: Result<Option<String>, _> = sqlx::query_scalar(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1",
                )
                .bind(table)
                .fetch_optional(&mut *conn)
                .await;
                sql.map(|s| s.is_some_and(|s| s.to_ascii_uppercase().contains("AUTOINCREMENT")))
            }
            Conn::Postgres { conn, .. } => {
                sqlx::query_scalar::<_, Option<String>>("SELECT pg_get_serial_sequence($1, $2)")
                    .bind(ident(table))
                    .bind(column)
                    .fetch_one(&mut *conn)
                    .await
                    .map(|s| s.is_some())
            }
        };
        r.map_err(self.err("reading the id sequences"))
    }

    /// The last value drawn from the id sequence of `table` (`None` if
    /// none was drawn yet).
    pub(crate) async fn sequence_value(
        &mut self,
        table: &str,
        column: &str,
    ) -> Result<Option<i64>, StoreError> {
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                let exists: Result<Option<i64>, _> = sqlx::query_scalar(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'",
                )
                .fetch_optional(&mut *conn)
                .await;
                match exists {
                    Ok(Some(_)) => {
                        sqlx::query_scalar::<_, i64>(
                            "SELECT seq FROM sqlite_sequence WHERE name = $1",
                        )
                        .bind(table)
                        .fetch_optional(&mut *conn)
                        .await
                    }
                    Ok(None) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            Conn::Postgres { conn, .. } => {
                sqlx::query_scalar::<_, Option<i64>>(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass)",
                )
                .bind(ident(table))
                .bind(column)
                .fetch_one(&mut *conn)
                .await
            }
        };
        r.map_err(self.err("reading the id sequences"))
    }

    /// Makes the id sequence of `table` go on after `last`: the next id
    /// drawn is `last + 1` or more.
    pub(crate) async fn set_sequence(
        &mut self,
        table: &str,
        column: &str,
        last: i64,
    ) -> Result<(), StoreError> {
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                // Inserting explicit ids already raised it to the largest
                // id; a source whose sequence went further keeps its gap.
                let updated =
                    sqlx::query("UPDATE sqlite_sequence SET seq = max(seq, $1) WHERE name = $2")
                        .bind(last)
                        .bind(table)
                        .execute(&mut *conn)
                        .await;
                match updated {
                    Ok(done) if done.rows_affected() == 0 => {
                        sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
                            .bind(table)
                            .bind(last)
                            .execute(&mut *conn)
                            .await
                            .map(drop)
                    }
                    other => other.map(drop),
                }
            }
            Conn::Postgres { conn, .. } => {
                sqlx::query("SELECT setval(pg_get_serial_sequence($1, $2)::regclass, $3, true)")
                    .bind(ident(table))
                    .bind(column)
                    .bind(last)
                    .execute(&mut *conn)
                    .await
                    .map(drop)
            }
        };
        r.map_err(self.err("resetting the id sequences"))
    }

    /// Whether `table` has a row.
    pub(crate) async fn has_rows(&mut self, table: &str) -> Result<bool, StoreError> {
        let sql = format!("SELECT 1 FROM {} LIMIT 1", ident(table));
        let r = match self {
            Conn::Sqlite { conn, .. } => sqlx::query(AssertSqlSafe(sql))
                .fetch_optional(&mut *conn)
                .await
                .map(|r| r.is_some()),
            Conn::Postgres { conn, .. } => sqlx::query(AssertSqlSafe(sql))
                .fetch_optional(&mut *conn)
                .await
                .map(|r| r.is_some()),
        };
        r.map_err(self.err("looking for rows"))
    }

    pub(crate) async fn count(&mut self, table: &str) -> Result<u64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM {}", ident(table));
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql))
                    .fetch_one(&mut *conn)
                    .await
            }
            Conn::Postgres { conn, .. } => {
                sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql))
                    .fetch_one(&mut *conn)
                    .await
            }
        };
        r.map(|n| n as u64).map_err(self.err("counting rows"))
    }

    /// The highest migration applied to the schema (`None` without the
    /// migrator's table).
    pub(crate) async fn schema_version(&mut self) -> Result<Option<i64>, StoreError> {
        let tables = match self {
            Conn::Sqlite { conn, .. } => sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            )
            .fetch_one(&mut *conn)
            .await,
            Conn::Postgres { conn, .. } => sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
            )
            .fetch_one(&mut *conn)
            .await,
        };
        if tables.map_err(self.err("reading the schema version"))? == 0 {
            return Ok(None);
        }
        let sql = "SELECT MAX(version) FROM _sqlx_migrations";
        let r = match self {
            Conn::Sqlite { conn, .. } => {
                sqlx::query_scalar::<_, Option<i64>>(sql)
                    .fetch_one(&mut *conn)
                    .await
            }
            Conn::Postgres { conn, .. } => {
                sqlx::query_scalar::<_, Option<i64>>(sql)
                    .fetch_one(&mut *conn)
                    .await
            }
        };
        r.map_err(self.err("reading the schema version"))
    }

    /// The rows of `table`, in key order, as values of the spec's types.
    /// On PostgreSQL text keys are ordered bytewise (`COLLATE "C"`), as
    /// SQLite orders them.
    pub(crate) fn rows<'a>(
        &'a mut self,
        spec: &'a TableSpec,
    ) -> BoxStream<'a, Result<Vec<Value>, StoreError>> {
        let postgres = self.backend() == Backend::Postgres;
        let columns = spec
            .columns
            .iter()
            .map(|c| ident(&c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let order = spec
            .key
            .iter()
            .map(|&i| {
                let c = &spec.columns[i];
                let collate = if postgres && c.ty.is_text() {
                    " COLLATE \"C\""
                } else {
                    ""
                };
                format!("{}{collate} NULLS FIRST", ident(&c.name))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns} FROM {} ORDER BY {order}",
            ident(&spec.name)
        );
        match self {
            Conn::Sqlite { conn, target } => {
                let target = target.clone();
                sqlx::query(AssertSqlSafe(sql))
                    .fetch(&mut *conn)
                    .map(move |r| match r {
                        Ok(row) => decode_sqlite(spec, &row),
                        Err(e) => Err(from_sqlx(Backend::Sqlite, &target, "reading rows", e)),
                    })
                    .boxed()
            }
            Conn::Postgres { conn, target } => {
                let target = target.clone();
                sqlx::query(AssertSqlSafe(sql))
                    .fetch(&mut *conn)
                    .map(move |r| match r {
                        Ok(row) => decode_postgres(spec, &row),
                        Err(e) => Err(from_sqlx(Backend::Postgres, &target, "reading rows", e)),
                    })
                    .boxed()
            }
        }
    }

    /// Writes `rows` into `spec`'s table with one `INSERT`, ids included.
    pub(crate) async fn insert(
        &mut self,
        spec: &TableSpec,
        rows: &[Vec<Value>],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let postgres = self.backend() == Backend::Postgres;
        // Values that do not fit their column are named before anything is sent.
        if postgres {
            for row in rows {
                for (v, c) in row.iter().zip(&spec.columns) {
                    if let (Value::Int(i), ColType::Int32) = (v, c.ty)
                        && i32::try_from(*i).is_err()
                    {
                        return Err(StoreError::BadValue {
                            table: spec.name.clone(),
                            row: spec
                                .describe_row(&row.iter().cloned().map(Some).collect::<Vec<_>>()),
                            column: c.name.clone(),
                            reason: format!("{i} does not fit PostgreSQL's 32-bit INTEGER"),
                        });
                    }
                }
            }
        }
        let n = spec.columns.len();
        let mut sql = format!(
            "INSERT INTO {} ({})",
            ident(&spec.name),
            spec.columns
                .iter()
                .map(|c| ident(&c.name))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if postgres && spec.id.is_some() {
            sql.push_str(" OVERRIDING SYSTEM VALUE");
        }
        sql.push_str(" VALUES ");
        for r in 0..rows.len() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..n {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", r * n + c + 1));
            }
            sql.push(')');
        }
        let result = match self {
            Conn::Sqlite { conn, .. } => {
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for row in rows {
                    for v in row {
                        q = match v {
                            Value::Null => q.bind(None::<i64>),
                            Value::Int(i) => q.bind(*i),
                            Value::Bool(b) => q.bind(*b),
                            Value::Text(s) => q.bind(s.as_str()),
                            Value::Bytes(b) => q.bind(b.as_slice()),
                            Value::Time(t) => q.bind(time_to_text(*t)),
                            Value::Date(d) => q.bind(date_to_text(*d)),
                        };
                    }
                }
                q.execute(&mut *conn).await.map(drop)
            }
            Conn::Postgres { conn, .. } => {
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for row in rows {
                    for (v, c) in row.iter().zip(&spec.columns) {
                        q = match (v, c.ty) {
                            (Value::Null, ColType::Int32) => q.bind(None::<i32>),
                            (Value::Null, ColType::Int64) => q.bind(None::<i64>),
                            (Value::Null, ColType::Bool) => q.bind(None::<bool>),
                            (Value::Null, ColType::Text) => q.bind(None::<String>),
                            (Value::Null, ColType::Bytes) => q.bind(None::<Vec<u8>>),
                            (Value::Null, ColType::Time) => q.bind(None::<OffsetDateTime>),
                            (Value::Null, ColType::Date) => q.bind(None::<Date>),
                            (Value::Int(i), ColType::Int32) => {
                                q.bind(i32::try_from(*i).expect("checked above"))
                            }
                            (Value::Int(i), _) => q.bind(*i),
                            (Value::Bool(b), _) => q.bind(*b),
                            (Value::Text(s), _) => q.bind(s.as_str()),
                            (Value::Bytes(b), _) => q.bind(b.as_slice()),
                            (Value::Time(t), _) => q.bind(to_micros(*t)),
                            (Value::Date(d), _) => q.bind(*d),
                        };
                    }
                }
                q.execute(&mut *conn).await.map(drop)
            }
        };
        result.map_err(|e| {
            let first = spec.describe_row(&rows[0].iter().cloned().map(Some).collect::<Vec<_>>());
            let last = spec.describe_row(
                &rows[rows.len() - 1]
                    .iter()
                    .cloned()
                    .map(Some)
                    .collect::<Vec<_>>(),
            );
            let reason = match &e {
                sqlx::Error::Database(db) => db.message().to_string(),
                other => other.to_string(),
            };
            StoreError::CopyFailed {
                table: spec.name.clone(),
                rows: if rows.len() == 1 {
                    format!("row {first}")
                } else {
                    format!("rows {first} to {last}")
                },
                reason,
            }
        })
    }

    /// The SQLite connection, for what only SQLite has (`VACUUM INTO`,
    /// pragmas, the migrator).
    pub(crate) fn as_sqlite(&mut self) -> Option<&mut SqliteConnection> {
        match self {
            Conn::Sqlite { conn, .. } => Some(conn),
            Conn::Postgres { .. } => None,
        }
    }

    pub(crate) async fn close(self) {
        match self {
            Conn::Sqlite { conn, .. } => {
                let _ = conn.close().await;
            }
            Conn::Postgres { conn, .. } => {
                let _ = tokio::time::timeout(Duration::from_secs(5), conn.close()).await;
            }
        }
    }
}

/// The file of a `sqlite:` URL; in-memory databases cannot be copied.
pub(crate) fn sqlite_file(url: &str) -> Result<PathBuf, StoreError> {
    use std::str::FromStr;
    let options =
        SqliteConnectOptions::from_str(url).map_err(|e| crate::url::invalid(url, e.to_string()))?;
    let file = options.get_filename();
    if url.contains(":memory:")
        || url.contains("mode=memory")
        || file.to_string_lossy().starts_with("file:sqlx-in-memory-")
    {
        return Err(StoreError::Unsupported(
            "an in-memory SQLite database cannot be copied; use a file".into(),
        ));
    }
    Ok(std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf()))
}

/// Decodes one row; a value that cannot be read is named with its row and
/// column.
fn decode_row<R>(
    spec: &TableSpec,
    row: &R,
    get: impl Fn(&R, usize, ColType) -> Result<Value, String>,
) -> Result<Vec<Value>, StoreError> {
    let mut values: Vec<Option<Value>> = Vec::with_capacity(spec.columns.len());
    let mut failed = None;
    for (i, c) in spec.columns.iter().enumerate() {
        match get(row, i, c.ty) {
            Ok(v) => values.push(Some(v)),
            Err(reason) => {
                values.push(None);
                failed.get_or_insert((i, reason));
            }
        }
    }
    match failed {
        None => Ok(values.into_iter().map(|v| v.expect("decoded")).collect()),
        Some((i, reason)) => Err(StoreError::BadValue {
            table: spec.name.clone(),
            row: spec.describe_row(&values),
            column: spec.columns[i].name.clone(),
            reason,
        }),
    }
}

fn decode_sqlite(spec: &TableSpec, row: &SqliteRow) -> Result<Vec<Value>, StoreError> {
    decode_row(spec, row, |row, i, ty| {
        let e = |e: sqlx::Error| e.to_string();
        Ok(match ty {
            ColType::Int32 | ColType::Int64 => row
                .try_get::<Option<i64>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Int),
            ColType::Bool => match row.try_get::<Option<i64>, _>(i).map_err(e)? {
                None => Value::Null,
                Some(0) => Value::Bool(false),
                Some(1) => Value::Bool(true),
                Some(n) => return Err(format!("{n} is not a boolean (0 or 1)")),
            },
            ColType::Text => row
                .try_get::<Option<String>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Text),
            ColType::Bytes => row
                .try_get::<Option<Vec<u8>>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Bytes),
            ColType::Time => match row.try_get::<Option<String>, _>(i).map_err(e)? {
                None => Value::Null,
                Some(s) => Value::Time(text_to_time(&s)?),
            },
            ColType::Date => match row.try_get::<Option<String>, _>(i).map_err(e)? {
                None => Value::Null,
                Some(s) => Value::Date(text_to_date(&s)?),
            },
        })
    })
}

fn decode_postgres(spec: &TableSpec, row: &PgRow) -> Result<Vec<Value>, StoreError> {
    decode_row(spec, row, |row, i, ty| {
        let e = |e: sqlx::Error| e.to_string();
        Ok(match ty {
            ColType::Int32 => row
                .try_get::<Option<i32>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, |n| Value::Int(n.into())),
            ColType::Int64 => row
                .try_get::<Option<i64>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Int),
            ColType::Bool => row
                .try_get::<Option<bool>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Bool),
            ColType::Text => row
                .try_get::<Option<String>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Text),
            ColType::Bytes => row
                .try_get::<Option<Vec<u8>>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Bytes),
            ColType::Time => row
                .try_get::<Option<OffsetDateTime>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Time),
            ColType::Date => row
                .try_get::<Option<Date>, _>(i)
                .map_err(e)?
                .map_or(Value::Null, Value::Date),
        })
    })
}

/// Reads every row of a stream through `each`.
pub(crate) async fn for_each_row(
    mut rows: BoxStream<'_, Result<Vec<Value>, StoreError>>,
    mut each: impl FnMut(Vec<Value>),
) -> Result<(), StoreError> {
    while let Some(row) = rows.try_next().await? {
        each(row);
    }
    Ok(())
}
