//! The contacts register: the [`ContactStore`] aggregate.
//!
//! Tables (migration `0013_contacts.sql`): `organisations`, `people` (with
//! `person_emails`, to find one person recorded twice), `posts` and
//! `tenures`. Each record's fields are JSON in `data`, checked by
//! `southdesk_contacts` before every write; the columns beside it are what
//! lists filter and sort on, and `search`, the folded text a search looks
//! in ([`southdesk_contacts::fold`]). A search narrows with `LIKE` on
//! `search` and keeps what [`southdesk_contacts::matches`] accepts.
//!
//! Tenures of one post are written under the post's lock (PostgreSQL:
//! `FOR UPDATE` on the post; SQLite: the write lock every writer holds),
//! so two tenures that overlap are never both stored.

use southdesk_contacts::{
    FieldError, OrgData, OrgKind, Organisation, Person, PersonData, PostData, fold,
};
use southdesk_plan::members::Members;

use crate::StoreError;

/// Which organisations to list; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgFilter {
    /// Words found in a name (any language), or the acronym.
    pub query: String,
    pub kind: Option<OrgKind>,
    pub country: Option<String>,
    /// At most this many (by name); 0: [`MAX_LISTED`].
    pub limit: usize,
}

/// Which people to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFilter {
    /// Words found in a name (in its script or in Latin letters) or an
    /// e-mail.
    pub query: String,
    /// At most this many (by name); 0: [`MAX_LISTED`].
    pub limit: usize,
}

/// What was done with a person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactAccess {
    /// The person's page was read.
    View,
    /// The person's data was exported.
    Export,
    /// The person's data was erased.
    Erase,
}

impl ContactAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactAccess::View => "view",
            ContactAccess::Export => "export",
            ContactAccess::Erase => "erase",
        }
    }

    pub fn parse(s: &str) -> Option<ContactAccess> {
        [
            ContactAccess::View,
            ContactAccess::Export,
            ContactAccess::Erase,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactAuditEntry {
    pub id: i64,
    /// UTC, as `2026-12-07T09:30:00Z`.
    pub at: String,
    pub account: Option<i64>,
    pub action: ContactAccess,
    pub person: i64,
}

/// The most records one list returns.
pub const MAX_LISTED: usize = 500;

/// The contacts register.
#[async_trait::async_trait]
pub trait ContactStore: Send + Sync {
    /// Records an organisation. [`StoreError::Invalid`] names the field
    /// that breaks a rule (an unknown country, a parent that does not
    /// exist).
    async fn create_organisation(&self, data: OrgData) -> Result<Organisation, StoreError>;

    /// Replaces an organisation's fields. A parent that is the
    /// organisation itself or one of its parts is refused.
    async fn update_organisation(&self, id: i64, data: OrgData)
    -> Result<Organisation, StoreError>;

    async fn organisation(&self, id: i64) -> Result<Option<Organisation>, StoreError>;

    /// Organisations by name.
    async fn organisations(&self, filter: &OrgFilter) -> Result<Vec<Organisation>, StoreError>;

    /// Records a person, recorded by account `by`.
    async fn create_person(&self, data: PersonData, by: Option<i64>) -> Result<Person, StoreError>;

    async fn update_person(&self, id: i64, data: PersonData) -> Result<Person, StoreError>;

    async fn person(&self, id: i64) -> Result<Option<Person>, StoreError>;

    /// Erases a person's data on request: the record keeps its id, its
    /// tenures and links, and [`PersonData::erased`] in place of its fields;
    /// its e-mails go, and a search no longer finds it.
    async fn erase_person(&self, id: i64, day: time::Date) -> Result<Person, StoreError>;

    /// People by name.
    async fn people(&self, filter: &PersonFilter) -> Result<Vec<Person>, StoreError>;

    /// People recorded with this e-mail (folded to lower case).
    async fn people_with_email(&self, email: &str) -> Result<Vec<Person>, StoreError>;

    /// Writes who accessed a person's data to the audit log: a view only
    /// when `by` is not the account that recorded the person. Returns
    /// whether an entry was written.
    async fn record_contact_access(
        &self,
        person: i64,
        by: Option<i64>,
        action: ContactAccess,
    ) -> Result<bool, StoreError>;

    /// The audit log, newest first, at most `limit` entries.
    async fn contact_audit(&self, limit: usize) -> Result<Vec<ContactAuditEntry>, StoreError>;

    /// Records a post of an organisation that exists.
    async fn create_post(&self, data: PostData) -> Result<southdesk_contacts::Post, StoreError>;

    async fn post(&self, id: i64) -> Result<Option<southdesk_contacts::Post>, StoreError>;

    /// The posts of an organisation, by title.
    async fn posts_of(
        &self,
        organisation: i64,
    ) -> Result<Vec<southdesk_contacts::Post>, StoreError>;

    /// Records that a person holds (or held) a post. Refused, naming the
    /// field, if it overlaps another tenure of the post or ends before it
    /// starts ([`southdesk_contacts::check_tenure`]).
    async fn add_tenure(
        &self,
        data: southdesk_contacts::TenureData,
    ) -> Result<southdesk_contacts::Tenure, StoreError>;

    /// Ends a tenure on `last_day` (the person left the post).
    async fn end_tenure(
        &self,
        id: i64,
        last_day: time::Date,
    ) -> Result<southdesk_contacts::Tenure, StoreError>;

    async fn tenure(&self, id: i64) -> Result<Option<southdesk_contacts::Tenure>, StoreError>;

    /// The tenures of a post, by start.
    async fn tenures_of_post(
        &self,
        post: i64,
    ) -> Result<Vec<southdesk_contacts::Tenure>, StoreError>;

    /// The tenures of a person, by start.
    async fn tenures_of_person(
        &self,
        person: i64,
    ) -> Result<Vec<southdesk_contacts::Tenure>, StoreError>;
}

pub(crate) fn invalid(what: &str, e: FieldError) -> StoreError {
    StoreError::Invalid(format!("{what}: {e}"))
}

/// Checks an organisation against the rules and the countries the desk
/// knows.
pub(crate) fn check_org(data: &mut OrgData) -> Result<(), StoreError> {
    static MEMBERS: std::sync::LazyLock<Members> = std::sync::LazyLock::new(Members::embedded);
    data.check(|c| MEMBERS.country(c).is_some())
        .map_err(|e| invalid("organisation", e))
}

/// Theme ids are checked against the plan by the caller (the plan is
/// versioned; the store keeps what an adopted plan once named).
pub(crate) fn any_theme(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(crate) fn check_person(data: &mut PersonData) -> Result<(), StoreError> {
    data.check(any_theme).map_err(|e| invalid("person", e))
}

pub(crate) fn check_post(data: &mut PostData) -> Result<(), StoreError> {
    data.check(any_theme).map_err(|e| invalid("post", e))
}

pub(crate) fn org_search(d: &OrgData) -> String {
    fold(&d.search_fields().join(" | "))
}

pub(crate) fn person_search(d: &PersonData) -> String {
    fold(&d.search_fields().join(" | "))
}

/// The words of a query, folded (each a `LIKE` pattern's middle: folding
/// leaves no `%` or `_`).
pub(crate) fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("%{w}%"))
        .collect()
}

pub(crate) fn limit(n: usize) -> usize {
    if n == 0 {
        MAX_LISTED
    } else {
        n.min(MAX_LISTED)
    }
}

pub(crate) fn day_text(d: time::Date) -> String {
    d.to_string()
}

pub(crate) fn parse_day(what: &'static str, id: i64, s: &str) -> Result<time::Date, StoreError> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| corrupt(what, id, e))
}

pub(crate) fn corrupt(what: &'static str, id: i64, e: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what,
        id: id.to_string(),
        reason: e.to_string(),
    }
}

pub(crate) fn not_found(what: &'static str, id: i64) -> StoreError {
    StoreError::NotFound {
        what,
        id: id.to_string(),
    }
}

pub(crate) fn now_text() -> String {
    crate::meetings::utc_text(jiff::Timestamp::now())
}

/// [`ContactStore`] for the backend store type `$store`; `$lock` is
/// appended to the select that reads a post before its tenures are
/// written (the codec provides `Db`, `DbKind`, `begin`).
macro_rules! backend {
    ($store:ty, lock = $lock:literal) => {
        use sqlx::Row as _;
        use southdesk_contacts::{
            OrgData, Organisation, Person, PersonData, Post, PostData, Tenure, TenureData,
            check_tenure, matches,
        };
        use $crate::StoreError;
        use $crate::contacts::{
            ContactAccess, ContactAuditEntry, OrgFilter, PersonFilter, check_org, check_person, check_post, corrupt, day_text,
            invalid, limit, not_found, now_text, org_search, parse_day, person_search,
            query_words,
        };

        type Conn = <DbKind as sqlx::Database>::Connection;

        fn decode<T: serde::de::DeserializeOwned>(
            what: &'static str,
            id: i64,
            json: &str,
        ) -> Result<T, StoreError> {
            serde_json::from_str(json).map_err(|e| corrupt(what, id, e))
        }

        fn json<T: serde::Serialize>(v: &T) -> String {
            serde_json::to_string(v).expect("contact records encode as JSON")
        }

        /// The fields of record `id` of `table` (`what` names it in errors).
        async fn data_of<T: serde::de::DeserializeOwned>(
            db: &Db,
            table: &str,
            what: &'static str,
            id: i64,
        ) -> Result<Option<T>, StoreError> {
            let data: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT data FROM {table} WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db.err("reading contacts"))?;
            data.map(|d| decode(what, id, &d)).transpose()
        }

        /// Rows of `(id, data)`, decoded.
        fn id_data<T: serde::de::DeserializeOwned>(
            rows: &[<DbKind as sqlx::Database>::Row],
            what: &'static str,
        ) -> Result<Vec<(i64, T)>, StoreError> {
            rows.iter()
                .map(|r| {
                    let id: i64 = r.try_get(0).map_err(|e| corrupt(what, 0, e))?;
                    let d: String = r.try_get(1).map_err(|e| corrupt(what, id, e))?;
                    Ok((id, decode(what, id, &d)?))
                })
                .collect()
        }

        async fn org_exists(db: &Db, tx: &mut Conn, id: i64) -> Result<bool, StoreError> {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db.err("reading an organisation"))?;
            Ok(found.is_some())
        }

        /// Refuses a parent that does not exist, or whose chain of parents
        /// reaches `id` (the organisation being written).
        async fn check_parent(
            db: &Db,
            tx: &mut Conn,
            id: Option<i64>,
            parent: Option<i64>,
        ) -> Result<(), StoreError> {
            let mut at = parent;
            let mut steps = 0;
            while let Some(p) = at {
                if Some(p) == id {
                    return Err(StoreError::Invalid(
                        "organisation: parent: is the organisation itself or one of its parts"
                            .into(),
                    ));
                }
                let up: Option<Option<i64>> =
                    sqlx::query_scalar("SELECT parent_id FROM organisations WHERE id = $1")
                        .bind(p)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err("reading an organisation"))?;
                match up {
                    None if steps == 0 => {
                        return Err(StoreError::Invalid(format!(
                            "organisation: parent: there is no organisation {p}"
                        )));
                    }
                    None => break,
                    Some(next) => at = next,
                }
                steps += 1;
                if steps > 64 {
                    break;
                }
            }
            Ok(())
        }

        async fn write_emails(
            db: &Db,
            tx: &mut Conn,
            id: i64,
            emails: &[String],
        ) -> Result<(), StoreError> {
            sqlx::query("DELETE FROM person_emails WHERE person_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err("storing a person"))?;
            for e in emails {
                sqlx::query("INSERT INTO person_emails (person_id, email) VALUES ($1, $2)")
                    .bind(id)
                    .bind(e)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err("storing a person"))?;
            }
            Ok(())
        }

        fn tenure_row(r: &<DbKind as sqlx::Database>::Row) -> Result<Tenure, StoreError> {
            let id: i64 = r.try_get(0).map_err(|e| corrupt("tenure", 0, e))?;
            let post: i64 = r.try_get(1).map_err(|e| corrupt("tenure", id, e))?;
            let person: i64 = r.try_get(2).map_err(|e| corrupt("tenure", id, e))?;
            let from: String = r.try_get(3).map_err(|e| corrupt("tenure", id, e))?;
            let to: Option<String> = r.try_get(4).map_err(|e| corrupt("tenure", id, e))?;
            Ok(Tenure {
                id,
                data: TenureData {
                    post,
                    person,
                    from: parse_day("tenure", id, &from)?,
                    to: to.map(|t| parse_day("tenure", id, &t)).transpose()?,
                },
            })
        }

        const TENURE_COLUMNS: &str = "id, post_id, person_id, from_day, to_day";

        async fn tenures_where(
            db: &Db,
            conn: &mut Conn,
            column: &str,
            value: i64,
        ) -> Result<Vec<Tenure>, StoreError> {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {TENURE_COLUMNS} FROM tenures WHERE {column} = $1 ORDER BY from_day, id"
            )))
            .bind(value)
            .fetch_all(&mut *conn)
            .await
            .map_err(db.err("reading tenures"))?;
            rows.iter().map(tenure_row).collect()
        }

        /// Reads the post `id` under the backend's lock; refuses it missing.
        async fn lock_post(db: &Db, tx: &mut Conn, id: i64) -> Result<(), StoreError> {
            let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM posts WHERE id = $1{}",
                $lock
            )))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db.err("reading a post"))?;
            match found {
                Some(_) => Ok(()),
                None => Err(StoreError::Invalid(format!("tenure: post: there is no post {id}"))),
            }
        }

        /// Records whose `search` holds every word of `query`, then kept
        /// if `keep` says so, by name, at most `max`.
        async fn search_rows<T: serde::de::DeserializeOwned>(
            db: &Db,
            table: &str,
            what: &'static str,
            extra: &[(&str, String)],
            query: &str,
            max: usize,
        ) -> Result<Vec<(i64, T)>, StoreError> {
            let words = query_words(query);
            let mut sql = format!("SELECT id, data FROM {table} WHERE 1 = 1");
            let mut n = 0;
            for _ in &words {
                n += 1;
                sql.push_str(&format!(" AND search LIKE ${n}"));
            }
            for (col, _) in extra {
                n += 1;
                sql.push_str(&format!(" AND {col} = ${n}"));
            }
            // Read past the limit: `matches` may drop some of what LIKE kept.
            sql.push_str(&format!(" ORDER BY name, id LIMIT {}", max * 4 + 20));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for w in words {
                q = q.bind(w);
            }
            for (_, v) in extra {
                q = q.bind(v.clone());
            }
            let rows = q
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("searching contacts"))?;
            id_data(&rows, what)
        }

        #[async_trait::async_trait]
        impl $crate::contacts::ContactStore for $store {
            async fn create_organisation(&self, mut data: OrgData) -> Result<Organisation, StoreError> {
                const DOING: &str = "storing an organisation";
                let db = &self.db;
                check_org(&mut data)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                check_parent(db, &mut tx, None, data.parent).await?;
                let at = now_text();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO organisations (name, kind, country, parent_id, search, data, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                )
                .bind(&data.name)
                .bind(data.kind.as_str())
                .bind(&data.country)
                .bind(data.parent)
                .bind(org_search(&data))
                .bind(json(&data))
                .bind(at)
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Organisation { id, data })
            }

            async fn update_organisation(
                &self,
                id: i64,
                mut data: OrgData,
            ) -> Result<Organisation, StoreError> {
                const DOING: &str = "updating an organisation";
                let db = &self.db;
                check_org(&mut data)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                if !org_exists(db, &mut tx, id).await? {
                    return Err(not_found("organisation", id));
                }
                check_parent(db, &mut tx, Some(id), data.parent).await?;
                sqlx::query(
                    "UPDATE organisations SET name = $1, kind = $2, country = $3, parent_id = $4, \
                     search = $5, data = $6, updated_at = $7 WHERE id = $8",
                )
                .bind(&data.name)
                .bind(data.kind.as_str())
                .bind(&data.country)
                .bind(data.parent)
                .bind(org_search(&data))
                .bind(json(&data))
                .bind(now_text())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Organisation { id, data })
            }

            async fn organisation(&self, id: i64) -> Result<Option<Organisation>, StoreError> {
                let data = data_of(&self.db, "organisations", "organisation", id).await?;
                Ok(data.map(|data| Organisation { id, data }))
            }

            async fn organisations(&self, filter: &OrgFilter) -> Result<Vec<Organisation>, StoreError> {
                let max = limit(filter.limit);
                let mut extra = Vec::new();
                if let Some(k) = filter.kind {
                    extra.push(("kind", k.as_str().to_string()));
                }
                if let Some(c) = &filter.country {
                    extra.push(("country", c.to_ascii_uppercase()));
                }
                let rows: Vec<(i64, OrgData)> =
                    search_rows(&self.db, "organisations", "organisation", &extra, &filter.query, max)
                        .await?;
                let mut out = Vec::new();
                for (id, data) in rows {
                    if matches(&filter.query, &data.search_fields()) {
                        out.push(Organisation { id, data });
                    }
                    if out.len() == max {
                        break;
                    }
                }
                Ok(out)
            }

            async fn create_person(
                &self,
                mut data: PersonData,
                by: Option<i64>,
            ) -> Result<Person, StoreError> {
                const DOING: &str = "storing a person";
                let db = &self.db;
                check_person(&mut data)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let at = now_text();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO people (name, search, data, created_at, updated_at, created_by) \
                     VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
                )
                .bind(data.latin_name.as_deref().unwrap_or(&data.name))
                .bind(person_search(&data))
                .bind(json(&data))
                .bind(at)
                .bind(by)
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                write_emails(db, &mut tx, id, &data.emails).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Person { id, data })
            }

            async fn update_person(&self, id: i64, mut data: PersonData) -> Result<Person, StoreError> {
                const DOING: &str = "updating a person";
                let db = &self.db;
                check_person(&mut data)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let done = sqlx::query(
                    "UPDATE people SET name = $1, search = $2, data = $3, updated_at = $4 \
                     WHERE id = $5",
                )
                .bind(data.latin_name.as_deref().unwrap_or(&data.name))
                .bind(person_search(&data))
                .bind(json(&data))
                .bind(now_text())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                if done.rows_affected() == 0 {
                    return Err(not_found("person", id));
                }
                write_emails(db, &mut tx, id, &data.emails).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Person { id, data })
            }

            async fn person(&self, id: i64) -> Result<Option<Person>, StoreError> {
                let data = data_of(&self.db, "people", "person", id).await?;
                Ok(data.map(|data| Person { id, data }))
            }

            async fn erase_person(&self, id: i64, day: time::Date) -> Result<Person, StoreError> {
                const DOING: &str = "erasing a person";
                let db = &self.db;
                let data = PersonData::erased(id, day);
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let done = sqlx::query(
                    "UPDATE people SET name = $1, search = '', data = $2, updated_at = $3 \
                     WHERE id = $4",
                )
                .bind(&data.name)
                .bind(json(&data))
                .bind(now_text())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                if done.rows_affected() == 0 {
                    return Err(not_found("person", id));
                }
                write_emails(db, &mut tx, id, &[]).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Person { id, data })
            }

            async fn people(&self, filter: &PersonFilter) -> Result<Vec<Person>, StoreError> {
                let max = limit(filter.limit);
                let rows: Vec<(i64, PersonData)> =
                    search_rows(&self.db, "people", "person", &[], &filter.query, max).await?;
                let mut out = Vec::new();
                for (id, data) in rows {
                    if matches(&filter.query, &data.search_fields()) {
                        out.push(Person { id, data });
                    }
                    if out.len() == max {
                        break;
                    }
                }
                Ok(out)
            }

            async fn people_with_email(&self, email: &str) -> Result<Vec<Person>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT p.id, p.data FROM people p JOIN person_emails e ON e.person_id = p.id \
                     WHERE e.email = $1 ORDER BY p.id",
                )
                .bind(email.trim().to_lowercase())
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("finding people by e-mail"))?;
                Ok(id_data(&rows, "person")?
                    .into_iter()
                    .map(|(id, data)| Person { id, data })
                    .collect())
            }

            async fn record_contact_access(
                &self,
                person: i64,
                by: Option<i64>,
                action: ContactAccess,
            ) -> Result<bool, StoreError> {
                let db = &self.db;
                // A view by the person's own recorder is not logged.
                let only_others = if action == ContactAccess::View {
                    " AND (created_by IS NULL OR $2 IS NULL OR created_by <> $2)"
                } else {
                    ""
                };
                let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO contact_audit (at, account_id, action, person_id) \
                     SELECT $1, $2, $3, id FROM people WHERE id = $4{only_others}"
                )))
                .bind(now_text())
                .bind(by)
                .bind(action.as_str())
                .bind(person)
                .execute(&db.pool)
                .await
                .map_err(db.err("writing the contacts' audit log"))?;
                Ok(done.rows_affected() == 1)
            }

            async fn contact_audit(&self, limit: usize) -> Result<Vec<ContactAuditEntry>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT id, at, account_id, action, person_id FROM contact_audit \
                     ORDER BY id DESC LIMIT {}",
                    limit.min(10_000)
                )))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading the contacts' audit log"))?;
                rows.iter()
                    .map(|r| {
                        let id: i64 = r.try_get(0).map_err(|e| corrupt("audit entry", 0, e))?;
                        let bad = |e: sqlx::Error| corrupt("audit entry", id, e);
                        let action: String = r.try_get(3).map_err(bad)?;
                        Ok(ContactAuditEntry {
                            id,
                            at: r.try_get(1).map_err(bad)?,
                            account: r.try_get(2).map_err(bad)?,
                            action: ContactAccess::parse(&action).ok_or_else(|| {
                                corrupt("audit entry", id, format!("unknown action {action:?}"))
                            })?,
                            person: r.try_get(4).map_err(bad)?,
                        })
                    })
                    .collect()
            }

            async fn create_post(&self, mut data: PostData) -> Result<Post, StoreError> {
                const DOING: &str = "storing a post";
                let db = &self.db;
                check_post(&mut data)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                if !org_exists(db, &mut tx, data.organisation).await? {
                    return Err(StoreError::Invalid(format!(
                        "post: organisation: there is no organisation {}",
                        data.organisation
                    )));
                }
                let at = now_text();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO posts (organisation_id, title, data, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $4) RETURNING id",
                )
                .bind(data.organisation)
                .bind(&data.title)
                .bind(json(&data))
                .bind(at)
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Post { id, data })
            }

            async fn post(&self, id: i64) -> Result<Option<Post>, StoreError> {
                let data = data_of(&self.db, "posts", "post", id).await?;
                Ok(data.map(|data| Post { id, data }))
            }

            async fn posts_of(&self, organisation: i64) -> Result<Vec<Post>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, data FROM posts WHERE organisation_id = $1 ORDER BY title, id",
                )
                .bind(organisation)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading posts"))?;
                Ok(id_data(&rows, "post")?
                    .into_iter()
                    .map(|(id, data)| Post { id, data })
                    .collect())
            }

            async fn add_tenure(&self, data: TenureData) -> Result<Tenure, StoreError> {
                const DOING: &str = "storing a tenure";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                lock_post(db, &mut tx, data.post).await?;
                let person: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1")
                    .bind(data.person)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                if person.is_none() {
                    return Err(StoreError::Invalid(format!(
                        "tenure: person: there is no person {}",
                        data.person
                    )));
                }
                let others = tenures_where(db, &mut tx, "post_id", data.post).await?;
                check_tenure(&data, &others).map_err(|e| invalid("tenure", e))?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO tenures (post_id, person_id, from_day, to_day) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(data.post)
                .bind(data.person)
                .bind(day_text(data.from))
                .bind(data.to.map(day_text))
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Tenure { id, data })
            }

            async fn end_tenure(&self, id: i64, last_day: time::Date) -> Result<Tenure, StoreError> {
                const DOING: &str = "ending a tenure";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let post: Option<i64> = sqlx::query_scalar("SELECT post_id FROM tenures WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                let Some(post) = post else {
                    return Err(not_found("tenure", id));
                };
                lock_post(db, &mut tx, post).await?;
                let all = tenures_where(db, &mut tx, "post_id", post).await?;
                let Some(mut tenure) = all.iter().find(|t| t.id == id).copied() else {
                    return Err(not_found("tenure", id));
                };
                tenure.data.to = Some(last_day);
                let others: Vec<Tenure> = all.into_iter().filter(|t| t.id != id).collect();
                check_tenure(&tenure.data, &others).map_err(|e| invalid("tenure", e))?;
                sqlx::query("UPDATE tenures SET to_day = $1 WHERE id = $2")
                    .bind(day_text(last_day))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(tenure)
            }

            async fn tenure(&self, id: i64) -> Result<Option<Tenure>, StoreError> {
                let db = &self.db;
                let mut conn = db.pool.acquire().await.map_err(db.err("reading tenures"))?;
                Ok(tenures_where(db, &mut conn, "id", id).await?.pop())
            }

            async fn tenures_of_post(&self, post: i64) -> Result<Vec<Tenure>, StoreError> {
                let db = &self.db;
                let mut conn = db.pool.acquire().await.map_err(db.err("reading tenures"))?;
                tenures_where(db, &mut conn, "post_id", post).await
            }

            async fn tenures_of_person(&self, person: i64) -> Result<Vec<Tenure>, StoreError> {
                let db = &self.db;
                let mut conn = db.pool.acquire().await.map_err(db.err("reading tenures"))?;
                tenures_where(db, &mut conn, "person_id", person).await
            }
        }
    };
}
pub(crate) use backend;
