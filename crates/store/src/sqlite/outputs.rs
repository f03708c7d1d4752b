//! Outputs, their files and tag corrections on SQLite.

use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Arguments, Row, SqliteConnection};

use southdesk_plan::outputs::{NewOutput, NewTagCorrection, Output, TagCorrection};

use super::{Db, text_to_date, text_to_time, time_to_text};
use crate::StoreError;
use crate::outputs::{
    AuthorRow, Bind, CorrectionRow, Dialect, LinkRow, OutputFilter, OutputPage, OutputRow, Page,
    SqlBuilder, VersionRow, assemble, check_content, check_new, check_sha256, file_missing,
    file_size_differs, link_rows, list_json, number_taken, order_by, output_columns,
    output_not_found, proposed_json, push_where, series_columns,
};
use crate::plan_versions::now;

const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

fn args(binds: &[Bind]) -> SqliteArguments {
    let mut a = SqliteArguments::default();
    for b in binds {
        let r = match b {
            Bind::Text(s) => a.add(s.clone()),
            Bind::Int(i) => a.add(*i),
            Bind::Time(t) => a.add(time_to_text(*t)),
        };
        r.expect("text and integers bind");
    }
    a
}

pub(super) async fn put_file(db: &Db, sha256: &str, bytes: &[u8]) -> Result<bool, StoreError> {
    check_content(sha256, bytes)?;
    let done = sqlx::query(
        "INSERT INTO files (sha256, size, content, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(bytes.len() as i64)
    .bind(bytes)
    .bind(time_to_text(now()))
    .execute(&db.pool)
    .await
    .map_err(db.err("storing a file"))?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn file(db: &Db, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
    check_sha256(sha256)?;
    sqlx::query_scalar("SELECT content FROM files WHERE sha256 = ?")
        .bind(sha256)
        .fetch_optional(&db.pool)
        .await
        .map_err(db.err("reading a file"))
}

pub(super) async fn create(
    db: &Db,
    mut new: NewOutput,
    by: Option<i64>,
) -> Result<Output, StoreError> {
    const DOING: &str = "creating an output";
    check_new(&mut new)?;
    let at = time_to_text(now());
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    check_files(db, &mut tx, &mut new).await?;
    let (series, slug, number) = series_columns(&new);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outputs (type, series, series_slug, number, date, year, visibility, \
         tags_confirmed, proposed_tags, created_at, updated_at, created_by) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.output_type.as_str())
    .bind(series)
    .bind(slug)
    .bind(number)
    .bind(super::date_to_text(new.date))
    .bind(new.date.year())
    .bind(new.visibility.as_str())
    .bind(new.tags_confirmed)
    .bind(proposed_json(&new.proposed_tags))
    .bind(&at)
    .bind(&at)
    .bind(by)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| write_error(db, DOING, &new, e))?;
    write_children(db, &mut tx, id, &new).await?;
    tx.commit().await.map_err(db.err(DOING))?;
    get(db, id).await?.ok_or_else(|| output_not_found(id))
}

pub(super) async fn update(
    db: &Db,
    id: i64,
    mut new: NewOutput,
    corrections: Vec<NewTagCorrection>,
) -> Result<Output, StoreError> {
    const DOING: &str = "updating an output";
    check_new(&mut new)?;
    let at = time_to_text(now());
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    check_files(db, &mut tx, &mut new).await?;
    let (series, slug, number) = series_columns(&new);
    let done = sqlx::query(
        "UPDATE outputs SET type = ?, series = ?, series_slug = ?, number = ?, date = ?, \
         year = ?, visibility = ?, tags_confirmed = ?, proposed_tags = ?, updated_at = ? \
         WHERE id = ?",
    )
    .bind(new.output_type.as_str())
    .bind(series)
    .bind(slug)
    .bind(number)
    .bind(super::date_to_text(new.date))
    .bind(new.date.year())
    .bind(new.visibility.as_str())
    .bind(new.tags_confirmed)
    .bind(proposed_json(&new.proposed_tags))
    .bind(&at)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(|e| write_error(db, DOING, &new, e))?;
    if done.rows_affected() == 0 {
        return Err(output_not_found(id));
    }
    for table in ["output_versions", "output_authors", "output_links"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE output_id = ?"
        )))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    }
    write_children(db, &mut tx, id, &new).await?;
    for c in corrections {
        insert_correction(db, &mut tx, id, c, &at).await?;
    }
    tx.commit().await.map_err(db.err(DOING))?;
    get(db, id).await?.ok_or_else(|| output_not_found(id))
}

fn write_error(db: &Db, doing: &'static str, new: &NewOutput, e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => number_taken(new),
        _ => db.err(doing)(e),
    }
}

/// Checks that the files named exist, and takes their sizes from the store.
async fn check_files(
    db: &Db,
    tx: &mut SqliteConnection,
    new: &mut NewOutput,
) -> Result<(), StoreError> {
    for (i, v) in new.versions.iter_mut().enumerate() {
        let Some(f) = &mut v.file else { continue };
        let size: Option<i64> = sqlx::query_scalar("SELECT size FROM files WHERE sha256 = ?")
            .bind(&f.sha256)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db.err("checking files"))?;
        match size {
            None => return Err(file_missing(i, &f.sha256)),
            Some(s) if f.size != 0 && f.size != s as u64 => {
                return Err(file_size_differs(i, f.size, s));
            }
            Some(s) => f.size = s as u64,
        }
    }
    Ok(())
}

async fn write_children(
    db: &Db,
    tx: &mut SqliteConnection,
    id: i64,
    new: &NewOutput,
) -> Result<(), StoreError> {
    const DOING: &str = "writing an output's versions, authors and links";
    for v in &new.versions {
        sqlx::query(
            "INSERT INTO output_versions (output_id, lang, title, abstract, body, file_sha256, \
             file_media_type, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(v.lang.code())
        .bind(&v.title)
        .bind(&v.abstract_)
        .bind(&v.body)
        .bind(v.file.as_ref().map(|f| &f.sha256))
        .bind(v.file.as_ref().map(|f| &f.media_type))
        .bind(v.file.as_ref().map(|f| &f.name))
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    }
    for (i, a) in new.authors.iter().enumerate() {
        sqlx::query(
            "INSERT INTO output_authors (output_id, position, name, staff, account_id, \
             affiliation) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&a.name)
        .bind(a.staff)
        .bind(a.account_id)
        .bind(&a.affiliation)
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                StoreError::Invalid(format!(
                    "authors[{i}].account_id: there is no account {:?}",
                    a.account_id
                ))
            }
            _ => db.err(DOING)(e),
        })?;
    }
    for (kind, value, position) in link_rows(new) {
        sqlx::query(
            "INSERT INTO output_links (output_id, kind, value, position) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(kind)
        .bind(value)
        .bind(position)
        .execute(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    }
    Ok(())
}

pub(super) async fn delete(db: &Db, id: i64) -> Result<(), StoreError> {
    let done = sqlx::query("DELETE FROM outputs WHERE id = ?")
        .bind(id)
        .execute(&db.pool)
        .await
        .map_err(db.err("deleting an output"))?;
    if done.rows_affected() == 0 {
        Err(output_not_found(id))
    } else {
        Ok(())
    }
}

pub(super) async fn get(db: &Db, id: i64) -> Result<Option<Output>, StoreError> {
    Ok(load(db, &[id]).await?.pop())
}

pub(super) async fn list(
    db: &Db,
    filter: &OutputFilter,
    page: Page,
) -> Result<OutputPage, StoreError> {
    const DOING: &str = "listing outputs";
    let mut count = SqlBuilder::new(Dialect::Sqlite, "SELECT count(*) FROM outputs o");
    push_where(&mut count, filter);
    let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(count.sql), args(&count.binds))
        .fetch_one(&db.pool)
        .await
        .map_err(db.err(DOING))?;
    let mut ids = SqlBuilder::new(Dialect::Sqlite, "SELECT o.id FROM outputs o");
    push_where(&mut ids, filter);
    ids.push(order_by(filter.order));
    ids.push(" LIMIT ");
    ids.bind(Bind::Int(page.limit.min(i64::MAX as u64) as i64));
    ids.push(" OFFSET ");
    ids.bind(Bind::Int(page.offset.min(i64::MAX as u64) as i64));
    let ids: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(ids.sql), args(&ids.binds))
        .fetch_all(&db.pool)
        .await
        .map_err(db.err(DOING))?;
    let mut outputs = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(200) {
        outputs.extend(load(db, chunk).await?);
    }
    Ok(OutputPage {
        outputs,
        total: total as u64,
    })
}

pub(super) async fn by_file_hash(db: &Db, sha256: &str) -> Result<Option<Output>, StoreError> {
    check_sha256(sha256)?;
    let id: Option<i64> =
        sqlx::query_scalar("SELECT min(output_id) FROM output_versions WHERE file_sha256 = ?")
            .bind(sha256)
            .fetch_one(&db.pool)
            .await
            .map_err(db.err("finding an output by file"))?;
    match id {
        Some(id) => get(db, id).await,
        None => Ok(None),
    }
}

/// The outputs with these ids, in this order (missing ones left out).
async fn load(db: &Db, ids: &[i64]) -> Result<Vec<Output>, StoreError> {
    const DOING: &str = "reading outputs";
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let binds: Vec<Bind> = ids.iter().map(|i| Bind::Int(*i)).collect();
    let query = |start: &str, end: &str| {
        let mut b = SqlBuilder::new(Dialect::Sqlite, start);
        b.bind_list(binds.iter().cloned());
        b.push(end);
        b
    };
    let b = query(
        concat!(
            "SELECT ",
            output_columns!(),
            " FROM outputs o WHERE o.id IN "
        ),
        "",
    );
    let rows = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
        .fetch_all(&db.pool)
        .await
        .map_err(db.err(DOING))?;
    let mut outputs: Vec<OutputRow> = rows.iter().map(output_row).collect::<Result<_, _>>()?;
    outputs.sort_by_key(|r| ids.iter().position(|i| *i == r.id));

    let b = query(
        "SELECT v.output_id, v.lang, v.title, v.abstract, v.body, v.file_sha256, \
         v.file_media_type, v.file_name, f.size FROM output_versions v \
         LEFT JOIN files f ON f.sha256 = v.file_sha256 WHERE v.output_id IN ",
        "",
    );
    let versions = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
        .fetch_all(&db.pool)
        .await
        .map_err(db.err(DOING))?
        .iter()
        .map(|r| -> Result<VersionRow, sqlx::Error> {
            Ok(VersionRow {
                output_id: r.try_get(0)?,
                lang: r.try_get(1)?,
                title: r.try_get(2)?,
                abstract_: r.try_get(3)?,
                body: r.try_get(4)?,
                file_sha256: r.try_get(5)?,
                file_media_type: r.try_get(6)?,
                file_name: r.try_get(7)?,
                file_size: r.try_get(8)?,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(db.err(DOING))?;

    let b = query(
        "SELECT output_id, name, staff, account_id, affiliation FROM output_authors \
         WHERE output_id IN ",
        " ORDER BY output_id, position",
    );
    let authors = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
        .fetch_all(&db.pool)
        .await
        .map_err(db.err(DOING))?
        .iter()
        .map(|r| -> Result<AuthorRow, sqlx::Error> {
            Ok(AuthorRow {
                output_id: r.try_get(0)?,
                name: r.try_get(1)?,
                staff: r.try_get(2)?,
                account_id: r.try_get(3)?,
                affiliation: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(db.err(DOING))?;

    let b = query(
        "SELECT output_id, kind, value FROM output_links WHERE output_id IN ",
        " ORDER BY output_id, kind, position",
    );
    let links = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
        .fetch_all(&db.pool)
        .await
        .map_err(db.err(DOING))?
        .iter()
        .map(|r| -> Result<LinkRow, sqlx::Error> {
            Ok(LinkRow {
                output_id: r.try_get(0)?,
                kind: r.try_get(1)?,
                value: r.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(db.err(DOING))?;
    assemble(outputs, versions, authors, links)
}

fn output_row(r: &SqliteRow) -> Result<OutputRow, StoreError> {
    let id: i64 = r.try_get(0).map_err(|e| corrupt(0, e))?;
    let get = |e: sqlx::Error| corrupt(id, e);
    let date: String = r.try_get(4).map_err(get)?;
    let created_at: String = r.try_get(8).map_err(get)?;
    let updated_at: String = r.try_get(9).map_err(get)?;
    Ok(OutputRow {
        id,
        output_type: r.try_get(1).map_err(get)?,
        series: r.try_get(2).map_err(get)?,
        number: r.try_get(3).map_err(get)?,
        date: text_to_date(&date).map_err(|e| corrupt(id, e))?,
        visibility: r.try_get(5).map_err(get)?,
        tags_confirmed: r.try_get(6).map_err(get)?,
        proposed_tags: r.try_get(7).map_err(get)?,
        created_at: text_to_time(&created_at).map_err(|e| corrupt(id, e))?,
        updated_at: text_to_time(&updated_at).map_err(|e| corrupt(id, e))?,
        created_by: r.try_get(10).map_err(get)?,
    })
}

fn corrupt(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "output",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

async fn insert_correction(
    db: &Db,
    tx: &mut SqliteConnection,
    output_id: i64,
    c: NewTagCorrection,
    at: &str,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO tag_corrections (output_id, kind, proposed, chosen, text, lang, \
         account_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(output_id)
    .bind(c.kind.as_str())
    .bind(list_json(&c.proposed))
    .bind(list_json(&c.chosen))
    .bind(&c.text)
    .bind(c.lang.code())
    .bind(c.account_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(db.err("recording a tag correction"))
}

pub(super) async fn record_correction(
    db: &Db,
    c: NewTagCorrection,
) -> Result<TagCorrection, StoreError> {
    const DOING: &str = "recording a tag correction";
    let at = now();
    let mut tx = db
        .pool
        .begin_with(BEGIN_WRITE)
        .await
        .map_err(db.err(DOING))?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM outputs WHERE id = ?)")
        .bind(c.output_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db.err(DOING))?;
    if !exists {
        return Err(output_not_found(c.output_id));
    }
    let id = insert_correction(db, &mut tx, c.output_id, c.clone(), &time_to_text(at)).await?;
    tx.commit().await.map_err(db.err(DOING))?;
    Ok(TagCorrection {
        id,
        correction: c,
        at,
    })
}

pub(super) async fn corrections(db: &Db) -> Result<Vec<TagCorrection>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, output_id, kind, proposed, chosen, text, lang, account_id, at \
         FROM tag_corrections ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await
    .map_err(db.err("listing tag corrections"))?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0).map_err(|e| corrupt(0, e))?;
            let bad = |e: sqlx::Error| StoreError::CorruptData {
                what: "tag correction",
                id: id.to_string(),
                reason: e.to_string(),
            };
            let at: String = r.try_get(8).map_err(bad)?;
            CorrectionRow {
                id,
                output_id: r.try_get(1).map_err(bad)?,
                kind: r.try_get(2).map_err(bad)?,
                proposed: r.try_get(3).map_err(bad)?,
                chosen: r.try_get(4).map_err(bad)?,
                text: r.try_get(5).map_err(bad)?,
                lang: r.try_get(6).map_err(bad)?,
                account_id: r.try_get(7).map_err(bad)?,
                at: text_to_time(&at).map_err(|e| StoreError::CorruptData {
                    what: "tag correction",
                    id: id.to_string(),
                    reason: e,
                })?,
            }
            .decode()
        })
        .collect()
}
