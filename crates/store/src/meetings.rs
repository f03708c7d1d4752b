//! The negotiations calendar: the [`MeetingStore`] aggregate.
//!
//! Tables (migration `0005_meetings.sql`; `0007_meeting_preparation.sql`
//! adds `body_fixed`, a body chosen by staff, and the checklist items'
//! `public` flag): `meetings` (UID unique; end not
//! before start, enforced by the schema), `meeting_themes` (for the
//! per-theme feeds) and `meeting_links(meeting_id, kind, target_id)` to
//! requests and outputs, by id and without a foreign key across aggregates:
//! callers check that the target exists (`RequestStore::request`,
//! `OutputStore::output`) before linking.
//!
//! Times are kept as text on both backends: wall-clock start and end as
//! written (`2026-03-10T10:00:00`, or `2026-03-10` for all-day meetings)
//! with their IANA zone, and the UTC instants (`2026-03-10T09:00:00Z`, which
//! sort as they read) for range queries. Both backends run the same SQL
//! (`$N` parameters, which SQLite reads too) through [`backend!`].

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use southdesk_calendar::{
    CentreRole, ChecklistItem, Link, LinkKind, Meeting, MeetingData, Status, When,
};

use crate::StoreError;

/// Which meetings to list. Empty lists do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingFilter {
    /// Meetings still going on at this instant: ending after it, or
    /// starting at or after it (a meeting that ends at midnight is not in
    /// the next day).
    pub from: Option<Timestamp>,
    /// Meetings that start before this instant.
    pub to: Option<Timestamp>,
    /// Meetings with any of these themes.
    pub themes: Vec<String>,
    /// Meetings of any of these bodies.
    pub bodies: Vec<String>,
}

/// What [`MeetingStore::sync_meetings`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    pub added: Vec<Meeting>,
    pub updated: Vec<Meeting>,
    /// Known meetings the calendar says nothing new of.
    pub unchanged: usize,
}

/// The negotiations calendar.
#[async_trait::async_trait]
pub trait MeetingStore: Send + Sync {
    /// Records a meeting. [`StoreError::Invalid`] if it breaks a rule (end
    /// before start, unknown zone), [`StoreError::Conflict`] if its UID is
    /// taken.
    async fn create_meeting(&self, data: MeetingData) -> Result<Meeting, StoreError>;

    /// Records meetings all or nothing, in one transaction; errors name the
    /// meeting (UID and title).
    async fn import_meetings(&self, data: Vec<MeetingData>) -> Result<Vec<Meeting>, StoreError>;

    /// Records a new reading of a calendar, all or nothing: meetings with
    /// a new UID are added; a known UID is updated as
    /// [`MeetingData::refreshed_by`] says (the calendar's fields replaced,
    /// the Centre's roles, checklist and themes kept, and the body if staff
    /// chose it), or left alone when nothing changed.
    async fn sync_meetings(&self, data: Vec<MeetingData>) -> Result<Synced, StoreError>;

    async fn meeting(&self, id: i64) -> Result<Option<Meeting>, StoreError>;

    async fn meeting_by_uid(&self, uid: &str) -> Result<Option<Meeting>, StoreError>;

    /// Replaces everything but the id and the links.
    /// [`StoreError::NotFound`] if there is no such meeting.
    async fn update_meeting(&self, id: i64, data: MeetingData) -> Result<Meeting, StoreError>;

    /// Sets the forum body of meeting `id` as staff chose it (`None`: no
    /// body), with `themes` added to the meeting's. A new reading of the
    /// meeting's calendar ([`MeetingStore::sync_meetings`]) keeps a body
    /// chosen so. [`StoreError::NotFound`] if there is no such meeting.
    async fn choose_meeting_body(
        &self,
        id: i64,
        body: Option<String>,
        themes: Vec<String>,
    ) -> Result<Meeting, StoreError>;

    /// Meetings by start, then id.
    async fn meetings(&self, filter: &MeetingFilter) -> Result<Vec<Meeting>, StoreError>;

    /// Links the meeting to a request or an output (linking twice is fine).
    /// The target is not checked here.
    async fn link_meeting(&self, id: i64, link: Link) -> Result<Meeting, StoreError>;

    async fn unlink_meeting(&self, id: i64, link: Link) -> Result<Meeting, StoreError>;

    /// Meetings linked to this request or output.
    async fn meetings_linked_to(&self, link: Link) -> Result<Vec<Meeting>, StoreError>;
}

pub(crate) fn utc_text(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The columns of a meeting, in the order of `MEETING_COLUMNS`.
pub(crate) struct Encoded {
    pub uid: String,
    pub series: Option<String>,
    pub body: Option<String>,
    pub title: String,
    pub agenda: String,
    pub start_local: String,
    pub end_local: String,
    pub tz: String,
    pub start_utc: String,
    pub end_utc: String,
    pub venue: Option<String>,
    pub online_url: Option<String>,
    pub languages: String,
    pub status: &'static str,
    pub roles: String,
    pub checklist: String,
}

/// Validates and encodes a meeting.
pub(crate) fn encode(mut d: MeetingData) -> Result<(Encoded, Vec<String>), StoreError> {
    d.validate()
        .map_err(|e| StoreError::Invalid(format!("meeting {}: {e}", d.describe())))?;
    let (start_local, end_local, tz) = match &d.when {
        When::Timed { start, end, tz } => (start.to_string(), end.to_string(), tz.clone()),
        When::AllDay { first, last } => (first.to_string(), last.to_string(), String::new()),
    };
    let json = |v: &dyn erased::Json| v.to_json();
    Ok((
        Encoded {
            start_utc: utc_text(d.when.start_instant()),
            end_utc: utc_text(d.when.end_instant()),
            uid: d.uid,
            series: d.series,
            body: d.body,
            title: d.title,
            agenda: d.agenda,
            start_local,
            end_local,
            tz,
            venue: d.venue,
            online_url: d.online_url,
            languages: json(&d.languages),
            status: d.status.as_str(),
            roles: json(&d.roles),
            checklist: json(&d.checklist),
        },
        d.themes,
    ))
}

mod erased {
    /// JSON of the list columns.
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).expect("lists of strings encode as JSON")
        }
    }
}

fn corrupt(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "meeting",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

/// The raw columns of a stored meeting.
pub(crate) struct Raw {
    pub id: i64,
    pub uid: String,
    pub series: Option<String>,
    pub body: Option<String>,
    pub title: String,
    pub agenda: String,
    pub start_local: String,
    pub end_local: String,
    pub tz: String,
    pub venue: Option<String>,
    pub online_url: Option<String>,
    pub languages: String,
    pub status: String,
    pub roles: String,
    pub checklist: String,
}

pub(crate) fn decode(
    r: Raw,
    themes: Vec<String>,
    links: Vec<(String, i64)>,
) -> Result<Meeting, StoreError> {
    let id = r.id;
    let when = if r.tz.is_empty() {
        When::AllDay {
            first: r.start_local.parse::<Date>().map_err(|e| corrupt(id, e))?,
            last: r.end_local.parse::<Date>().map_err(|e| corrupt(id, e))?,
        }
    } else {
        When::Timed {
            start: r
                .start_local
                .parse::<DateTime>()
                .map_err(|e| corrupt(id, e))?,
            end: r
                .end_local
                .parse::<DateTime>()
                .map_err(|e| corrupt(id, e))?,
            tz: r.tz,
        }
    };
    let status = Status::parse(&r.status)
        .ok_or_else(|| corrupt(id, format!("unknown status {:?}", r.status)))?;
    let languages: Vec<String> = serde_json::from_str(&r.languages).map_err(|e| corrupt(id, e))?;
    let roles: Vec<CentreRole> = serde_json::from_str(&r.roles).map_err(|e| corrupt(id, e))?;
    let checklist: Vec<ChecklistItem> =
        serde_json::from_str(&r.checklist).map_err(|e| corrupt(id, e))?;
    let mut links = links
        .into_iter()
        .map(|(k, target)| {
            LinkKind::parse(&k)
                .map(|kind| Link { kind, id: target })
                .ok_or_else(|| corrupt(id, format!("unknown link kind {k:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    links.sort();
    Ok(Meeting {
        id,
        data: MeetingData {
            uid: r.uid,
            series: r.series,
            body: r.body,
            title: r.title,
            agenda: r.agenda,
            when,
            venue: r.venue,
            online_url: r.online_url,
            languages,
            status,
            themes,
            roles,
            checklist,
        },
        links,
    })
}

pub(crate) fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "meeting",
        id: id.to_string(),
    }
}

pub(crate) fn uid_taken(uid: &str, title: &str) -> StoreError {
    StoreError::Conflict(format!(
        "duplicate UID {uid:?} ({title}): a meeting with this UID is already stored"
    ))
}

/// [`MeetingStore`] for the backend store type `$store` (whose `db: Db`
/// field holds the pool): the trait impl with its SQL, and the reading and
/// writing of a meeting's rows its methods share. The module invoking it
/// provides the backend's codec (`Db`, `DbKind`, `Row` and `begin(db)`, a
/// writing transaction; times are text on both backends, so no time
/// codec); `$lock` is appended to the select that finds a known meeting
/// when a calendar is read again.
macro_rules! backend {
    ($store:ty, lock = $lock:literal) => {
        use sqlx::Row as _;
        use southdesk_calendar::{Link, Meeting, MeetingData};
        use $crate::StoreError;
        use $crate::meetings::{MeetingFilter, Raw, decode, encode, not_found, uid_taken, utc_text};

        const COLUMNS: &str = "id, uid, series, body, title, agenda, start_local, end_local, tz, \
             venue, online_url, languages, status, roles, checklist";

        type Query<'q> = sqlx::query::Query<'q, DbKind, <DbKind as sqlx::Database>::Arguments>;
        type Conn = <DbKind as sqlx::Database>::Connection;

        #[async_trait::async_trait]
        impl $crate::meetings::MeetingStore for $store {
            async fn create_meeting(&self, data: MeetingData) -> Result<Meeting, StoreError> {
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err("storing a meeting"))?;
                let id = insert(&mut tx, data, db).await?;
                tx.commit().await.map_err(db.err("storing a meeting"))?;
                existing(db, id).await
            }

            async fn import_meetings(&self, data: Vec<MeetingData>) -> Result<Vec<Meeting>, StoreError> {
                let db = &self.db;
                // Everything is checked before anything is written.
                for d in &data {
                    encode(d.clone())?;
                }
                let mut tx = begin(db).await.map_err(db.err("importing meetings"))?;
                let mut ids = Vec::with_capacity(data.len());
                for d in data {
                    ids.push(insert(&mut tx, d, db).await?);
                }
                tx.commit().await.map_err(db.err("importing meetings"))?;
                let mut out = Vec::with_capacity(ids.len());
                for id in ids {
                    out.push(existing(db, id).await?);
                }
                Ok(out)
            }

            async fn meeting(&self, id: i64) -> Result<Option<Meeting>, StoreError> {
                one(&self.db, id).await
            }

            async fn meeting_by_uid(&self, uid: &str) -> Result<Option<Meeting>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM meetings WHERE uid = $1"
                )))
                .bind(uid)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading a meeting"))?;
                Ok(complete(db, rows).await?.pop())
            }

            async fn update_meeting(&self, id: i64, data: MeetingData) -> Result<Meeting, StoreError> {
                const DOING: &str = "updating a meeting";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                update(&mut tx, id, data, db).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                existing(db, id).await
            }

            async fn choose_meeting_body(
                &self,
                id: i64,
                body: Option<String>,
                themes: Vec<String>,
            ) -> Result<Meeting, StoreError> {
                const DOING: &str = "choosing a meeting's body";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let stored = one_on(db, &mut tx, id).await?.ok_or_else(|| not_found(id))?;
                let mut data = stored.data;
                data.body = body;
                data.themes.extend(themes);
                update(&mut tx, id, data, db).await?;
                sqlx::query("UPDATE meetings SET body_fixed = $1 WHERE id = $2")
                    .bind(true)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                existing(db, id).await
            }

            async fn sync_meetings(
                &self,
                data: Vec<MeetingData>,
            ) -> Result<$crate::meetings::Synced, StoreError> {
                const DOING: &str = "importing meetings";
                let db = &self.db;
                // Everything is checked before anything is written.
                for d in &data {
                    encode(d.clone())?;
                }
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), 0);
                for d in data {
                    let id: Option<i64> =
                        sqlx::query_scalar(concat!("SELECT id FROM meetings WHERE uid = $1", $lock))
                            .bind(&d.uid)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(db.err(DOING))?;
                    let Some(id) = id else {
                        added.push(insert(&mut tx, d, db).await?);
                        continue;
                    };
                    let stored = one_on(db, &mut tx, id).await?.ok_or_else(|| not_found(id))?;
                    let fixed: bool = sqlx::query_scalar("SELECT body_fixed FROM meetings WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    let mut d = d;
                    if fixed {
                        d.body = stored.data.body.clone();
                    }
                    match stored.data.refreshed_by(&d) {
                        Some(next) => {
                            update(&mut tx, id, next, db).await?;
                            updated.push(id);
                        }
                        None => unchanged += 1,
                    }
                }
                tx.commit().await.map_err(db.err(DOING))?;
                let mut synced = $crate::meetings::Synced {
                    unchanged,
                    ..Default::default()
                };
                for id in added {
                    synced.added.push(existing(db, id).await?);
                }
                for id in updated {
                    synced.updated.push(existing(db, id).await?);
                }
                Ok(synced)
            }

            async fn meetings(&self, f: &MeetingFilter) -> Result<Vec<Meeting>, StoreError> {
                let db = &self.db;
                let mut sql = format!("SELECT {COLUMNS} FROM meetings m WHERE 1 = 1");
                let mut binds: Vec<String> = Vec::new();
                let param = |binds: &mut Vec<String>, v: String| {
                    binds.push(v);
                    format!("${}", binds.len())
                };
                if let Some(from) = f.from {
                    let p = param(&mut binds, utc_text(from));
                    sql.push_str(&format!(" AND (m.end_utc > {p} OR m.start_utc >= {p})"));
                }
                if let Some(to) = f.to {
                    let p = param(&mut binds, utc_text(to));
                    sql.push_str(&format!(" AND m.start_utc < {p}"));
                }
                if !f.themes.is_empty() {
                    let ps: Vec<String> = f.themes.iter().map(|t| param(&mut binds, t.clone())).collect();
                    sql.push_str(&format!(
                        " AND EXISTS (SELECT 1 FROM meeting_themes t WHERE t.meeting_id = m.id AND t.theme IN ({}))",
                        ps.join(", ")
                    ));
                }
                if !f.bodies.is_empty() {
                    let ps: Vec<String> = f.bodies.iter().map(|b| param(&mut binds, b.clone())).collect();
                    sql.push_str(&format!(" AND m.body IN ({})", ps.join(", ")));
                }
                sql.push_str(" ORDER BY m.start_utc, m.id");
                // The SQL is ours; values are bound.
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for b in binds {
                    q = q.bind(b);
                }
                let rows = q.fetch_all(&db.pool).await.map_err(db.err("listing meetings"))?;
                complete(db, rows).await
            }

            async fn link_meeting(&self, id: i64, link: Link) -> Result<Meeting, StoreError> {
                let db = &self.db;
                existing(db, id).await?;
                sqlx::query(
                    "INSERT INTO meeting_links (meeting_id, kind, target_id) VALUES ($1, $2, $3) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(link.kind.as_str())
                .bind(link.id)
                .execute(&db.pool)
                .await
                .map_err(db.err("linking a meeting"))?;
                existing(db, id).await
            }

            async fn unlink_meeting(&self, id: i64, link: Link) -> Result<Meeting, StoreError> {
                let db = &self.db;
                existing(db, id).await?;
                sqlx::query("DELETE FROM meeting_links WHERE meeting_id = $1 AND kind = $2 AND target_id = $3")
                    .bind(id)
                    .bind(link.kind.as_str())
                    .bind(link.id)
                    .execute(&db.pool)
                    .await
                    .map_err(db.err("unlinking a meeting"))?;
                existing(db, id).await
            }

            async fn meetings_linked_to(&self, link: Link) -> Result<Vec<Meeting>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM meetings WHERE id IN \
                     (SELECT meeting_id FROM meeting_links WHERE kind = $1 AND target_id = $2) \
                     ORDER BY start_utc, id"
                )))
                .bind(link.kind.as_str())
                .bind(link.id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("listing meetings"))?;
                complete(db, rows).await
            }
        }

        /// Binds the sixteen columns a meeting is written with, as `$1`…`$16`.
        fn bind_columns<'q>(q: Query<'q>, e: &'q $crate::meetings::Encoded) -> Query<'q> {
            q.bind(&e.uid)
                .bind(&e.series)
                .bind(&e.body)
                .bind(&e.title)
                .bind(&e.agenda)
                .bind(&e.start_local)
                .bind(&e.end_local)
                .bind(&e.tz)
                .bind(&e.start_utc)
                .bind(&e.end_utc)
                .bind(&e.venue)
                .bind(&e.online_url)
                .bind(&e.languages)
                .bind(e.status)
                .bind(&e.roles)
                .bind(&e.checklist)
        }

        async fn insert(
            tx: &mut Tx,
            data: MeetingData,
            db: &Db,
        ) -> Result<i64, StoreError> {
            let (e, themes) = encode(data)?;
            let now = utc_text(jiff::Timestamp::now());
            let row = bind_columns(
                sqlx::query(
                    "INSERT INTO meetings (uid, series, body, title, agenda, start_local, end_local, tz, \
                     start_utc, end_utc, venue, online_url, languages, status, roles, checklist, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
                ),
                &e,
            )
            .bind(&now)
            .fetch_one(&mut **tx)
            .await
            .map_err(|err| match &err {
                sqlx::Error::Database(d) if d.is_unique_violation() => uid_taken(&e.uid, &e.title),
                _ => db.err("storing a meeting")(err),
            })?;
            let id: i64 = row.try_get(0).map_err(db.err("storing a meeting"))?;
            write_themes(tx, id, &themes, db).await?;
            Ok(id)
        }

        /// Replaces everything of meeting `id` but its id and links.
        async fn update(
            tx: &mut Tx,
            id: i64,
            data: MeetingData,
            db: &Db,
        ) -> Result<(), StoreError> {
            const DOING: &str = "updating a meeting";
            let (e, themes) = encode(data)?;
            let done = bind_columns(
                sqlx::query(
                    "UPDATE meetings SET uid = $1, series = $2, body = $3, title = $4, agenda = $5, \
                     start_local = $6, end_local = $7, tz = $8, start_utc = $9, end_utc = $10, venue = $11, \
                     online_url = $12, languages = $13, status = $14, roles = $15, checklist = $16, \
                     updated_at = $17 WHERE id = $18",
                ),
                &e,
            )
            .bind(utc_text(jiff::Timestamp::now()))
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(|err| match &err {
                sqlx::Error::Database(d) if d.is_unique_violation() => uid_taken(&e.uid, &e.title),
                _ => db.err(DOING)(err),
            })?;
            if done.rows_affected() == 0 {
                return Err(not_found(id));
            }
            write_themes(tx, id, &themes, db).await
        }

        async fn write_themes(
            tx: &mut Tx,
            id: i64,
            themes: &[String],
            db: &Db,
        ) -> Result<(), StoreError> {
            sqlx::query("DELETE FROM meeting_themes WHERE meeting_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(db.err("storing a meeting's themes"))?;
            for t in themes {
                sqlx::query("INSERT INTO meeting_themes (meeting_id, theme) VALUES ($1, $2)")
                    .bind(id)
                    .bind(t)
                    .execute(&mut **tx)
                    .await
                    .map_err(db.err("storing a meeting's themes"))?;
            }
            Ok(())
        }

        fn raw(r: &Row) -> Result<Raw, sqlx::Error> {
            Ok(Raw {
                id: r.try_get("id")?,
                uid: r.try_get("uid")?,
                series: r.try_get("series")?,
                body: r.try_get("body")?,
                title: r.try_get("title")?,
                agenda: r.try_get("agenda")?,
                start_local: r.try_get("start_local")?,
                end_local: r.try_get("end_local")?,
                tz: r.try_get("tz")?,
                venue: r.try_get("venue")?,
                online_url: r.try_get("online_url")?,
                languages: r.try_get("languages")?,
                status: r.try_get("status")?,
                roles: r.try_get("roles")?,
                checklist: r.try_get("checklist")?,
            })
        }

        /// Reads the meetings of `rows` with their themes and links.
        async fn complete(db: &Db, rows: Vec<Row>) -> Result<Vec<Meeting>, StoreError> {
            let mut conn = db.pool.acquire().await.map_err(db.err("reading meetings"))?;
            complete_on(db, &mut conn, rows).await
        }

        /// [`complete`] on `conn` (a transaction's, to read what it wrote or locked).
        async fn complete_on(db: &Db, conn: &mut Conn, rows: Vec<Row>) -> Result<Vec<Meeting>, StoreError> {
            const DOING: &str = "reading meetings";
            let raws = rows
                .iter()
                .map(raw)
                .collect::<Result<Vec<_>, _>>()
                .map_err(db.err(DOING))?;
            if raws.is_empty() {
                return Ok(Vec::new());
            }
            let ids: Vec<String> = raws.iter().map(|r| r.id.to_string()).collect();
            // Ids are integers from the database: safe to splice.
            let list = ids.join(",");
            let themes = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT meeting_id, theme FROM meeting_themes WHERE meeting_id IN ({list}) ORDER BY theme"
            )))
            .fetch_all(&mut *conn)
            .await
            .map_err(db.err(DOING))?;
            let links = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT meeting_id, kind, target_id FROM meeting_links WHERE meeting_id IN ({list})"
            )))
            .fetch_all(&mut *conn)
            .await
            .map_err(db.err(DOING))?;
            let mut out = Vec::with_capacity(raws.len());
            for r in raws {
                let id = r.id;
                let mut t = Vec::new();
                for row in &themes {
                    if row.try_get::<i64, _>("meeting_id").map_err(db.err(DOING))? == id {
                        t.push(row.try_get::<String, _>("theme").map_err(db.err(DOING))?);
                    }
                }
                let mut l = Vec::new();
                for row in &links {
                    if row.try_get::<i64, _>("meeting_id").map_err(db.err(DOING))? == id {
                        l.push((
                            row.try_get::<String, _>("kind").map_err(db.err(DOING))?,
                            row.try_get::<i64, _>("target_id").map_err(db.err(DOING))?,
                        ));
                    }
                }
                out.push(decode(r, t, l)?);
            }
            Ok(out)
        }

        async fn one(db: &Db, id: i64) -> Result<Option<Meeting>, StoreError> {
            let mut conn = db.pool.acquire().await.map_err(db.err("reading a meeting"))?;
            one_on(db, &mut conn, id).await
        }

        async fn one_on(db: &Db, conn: &mut Conn, id: i64) -> Result<Option<Meeting>, StoreError> {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM meetings WHERE id = $1"
            )))
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(db.err("reading a meeting"))?;
            Ok(complete_on(db, conn, rows).await?.pop())
        }

        async fn existing(db: &Db, id: i64) -> Result<Meeting, StoreError> {
            one(db, id).await?.ok_or_else(|| not_found(id))
        }
    };
}
pub(crate) use backend;
