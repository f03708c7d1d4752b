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

pub use southdesk_contacts::Party;
use southdesk_contacts::{
    FieldError, OrgData, OrgKind, Organisation, Person, PersonData, PostData, RowOutcome, SheetRow,
    fold,
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
    /// Only in one of these countries (a group of member states).
    pub countries: Option<Vec<String>>,
    /// At most this many (by name); 0: [`MAX_LISTED`].
    pub limit: usize,
}

/// Which people to list (records merged into others are not).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFilter {
    /// Words found in a name (in its script or in Latin letters) or an
    /// e-mail.
    pub query: String,
    /// Only those who follow this theme of the plan.
    pub theme: Option<String>,
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
    /// The record was merged into another of the same person.
    Merge,
}

impl ContactAccess {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactAccess::View => "view",
            ContactAccess::Export => "export",
            ContactAccess::Erase => "erase",
            ContactAccess::Merge => "merge",
        }
    }

    pub fn parse(s: &str) -> Option<ContactAccess> {
        [
            ContactAccess::View,
            ContactAccess::Export,
            ContactAccess::Erase,
            ContactAccess::Merge,
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

    /// Merges organisation `other` into `keep` (two records of one
    /// organisation): `keep` gets what `other` adds
    /// ([`OrgData::absorbing`]); `other`'s posts, parts, interactions,
    /// relationships, agreements and joint work become `keep`'s (a link
    /// `keep` already has is kept once; a relationship that would tie `keep`
    /// to itself goes), and `other` keeps only where it went
    /// (`merged_into`), found by no search or list. Refused if either is
    /// missing or merged already, or if they are the same record.
    async fn merge_organisations(&self, keep: i64, other: i64) -> Result<Organisation, StoreError>;

    /// Organisations by name (records merged into others are not listed).
    async fn organisations(&self, filter: &OrgFilter) -> Result<Vec<Organisation>, StoreError>;

    /// Records a person, recorded by account `by`.
    async fn create_person(&self, data: PersonData, by: Option<i64>) -> Result<Person, StoreError>;

    async fn update_person(&self, id: i64, data: PersonData) -> Result<Person, StoreError>;

    async fn person(&self, id: i64) -> Result<Option<Person>, StoreError>;

    /// Erases a person's data on request: the record keeps its id, its
    /// tenures and links, and [`PersonData::erased`] in place of its fields;
    /// its e-mails go, and a search no longer finds it. The subject and
    /// note of each interaction they took part in, and the note of each of
    /// their relationships, lose every mention of them
    /// ([`PersonData::redact`]).
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

    /// The tenures of `people` (all, or only those covering `on`), each
    /// with its post and the post's organisation: by person, then start.
    /// A few queries whatever the number of people.
    async fn holdings(
        &self,
        people: &[i64],
        on: Option<time::Date>,
    ) -> Result<Vec<Holding>, StoreError>;

    /// Records an interaction, checked (themes are the caller's to check
    /// against the plan); every person and organisation it names must be
    /// in the register.
    async fn create_interaction(
        &self,
        data: southdesk_contacts::InteractionData,
        by: Option<i64>,
    ) -> Result<southdesk_contacts::Interaction, StoreError>;

    async fn interaction(
        &self,
        id: i64,
    ) -> Result<Option<southdesk_contacts::Interaction>, StoreError>;

    /// The interactions a person or an organisation took part in, newest
    /// first, at most `limit` (0: [`MAX_LISTED`]).
    async fn interactions_of(
        &self,
        party: Party,
        limit: usize,
    ) -> Result<Vec<southdesk_contacts::Interaction>, StoreError>;

    /// Merges person `other` into `keep` (two records of one person): `keep`
    /// gets what `other` adds ([`PersonData::absorbing`]), `other`'s
    /// tenures and interactions become `keep`'s, and `other` keeps only
    /// where it went ([`PersonData::merged`]). Refused if either is missing,
    /// erased or merged already, or if they are the same record. The merge
    /// is in the audit log, by account `by`, on `other`.
    async fn merge_people(
        &self,
        keep: i64,
        other: i64,
        by: Option<i64>,
    ) -> Result<Person, StoreError>;

    /// People (not already erased) with no sign of activity on or after
    /// `cutoff`: the record not changed since, no post held on or after
    /// it, no interaction logged on or after it
    /// ([`southdesk_contacts::retention_cutoff`]).
    async fn people_past_retention(&self, cutoff: time::Date) -> Result<Vec<Person>, StoreError>;

    /// Erases each of `people` on `day` as [`ContactStore::erase_person`]
    /// does, with an `erase` entry by no account in the audit log for each,
    /// in one transaction. Returns how many were erased.
    async fn purge_people(&self, people: &[i64], day: time::Date) -> Result<usize, StoreError>;

    /// Records a relationship between two parties of the register (both
    /// must exist; refused naming the field if it ties a record to itself
    /// or ends before it starts).
    async fn create_relation(
        &self,
        data: southdesk_contacts::RelationData,
    ) -> Result<southdesk_contacts::Relation, StoreError>;

    /// Removes a relationship recorded by mistake; `false` if there is none.
    async fn delete_relation(&self, id: i64) -> Result<bool, StoreError>;

    /// The relationships a party is on either side of, by start.
    async fn relations_of(
        &self,
        party: Party,
    ) -> Result<Vec<southdesk_contacts::Relation>, StoreError>;

    /// The people a search finds, but those whose data was erased, each
    /// with the posts held on `day`: what an export lists.
    async fn people_list(&self, query: &str, day: time::Date) -> Result<PeopleList, StoreError> {
        let people: Vec<Person> = self
            .people(&PersonFilter {
                query: query.chars().take(200).collect(),
                limit: 0,
                theme: None,
            })
            .await?
            .into_iter()
            .filter(|p| p.data.is_live())
            .collect();
        let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
        let held = self.holdings(&ids, Some(day)).await?;
        Ok(PeopleList { people, held })
    }

    /// Records one `action` on each of `people` (an export of a list), in
    /// one transaction.
    async fn record_contact_accesses(
        &self,
        people: &[i64],
        by: Option<i64>,
        action: ContactAccess,
    ) -> Result<(), StoreError>;

    /// Imports the rows of a file read by [`southdesk_contacts::read_people`],
    /// in one transaction: a row whose e-mail is recorded updates that
    /// person, another creates one; the post it names is found (or created,
    /// with its organisation when the row gives the kind) and the person
    /// holds it from the row's day. A row that breaks a rule is refused
    /// with the field and why. Writes everything only when `write` and no
    /// row is refused; otherwise writes nothing and answers what it would
    /// do (the preview).
    async fn import_people(
        &self,
        rows: &[SheetRow],
        by: Option<i64>,
        write: bool,
    ) -> Result<Vec<RowOutcome>, StoreError>;
}

/// People with the posts they hold ([`ContactStore::people_list`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleList {
    pub people: Vec<Person>,
    pub held: Vec<Holding>,
}

impl PeopleList {
    pub fn ids(&self) -> Vec<i64> {
        self.people.iter().map(|p| p.id).collect()
    }

    /// Each person with the first post held, as an export writes them.
    pub fn listed(&self) -> Vec<southdesk_contacts::ListedPerson<'_>> {
        self.people
            .iter()
            .map(|p| southdesk_contacts::ListedPerson {
                id: p.id,
                person: &p.data,
                post: self
                    .held
                    .iter()
                    .find(|h| h.tenure.data.person == p.id)
                    .map(|h| southdesk_contacts::HeldPost {
                        organisation: &h.organisation.data.name,
                        kind: h.organisation.data.kind,
                        country: h.organisation.data.country.as_deref(),
                        title: &h.post.data.title,
                        since: h.tenure.data.from,
                    }),
            })
            .collect()
    }
}

/// A tenure with its post and organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub tenure: southdesk_contacts::Tenure,
    pub post: southdesk_contacts::Post,
    pub organisation: Organisation,
}

/// The most ids one `IN (…)` list binds.
pub(crate) const IDS_PER_QUERY: usize = 500;

/// `$first, $first+1, …` for `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether two names are the same person's, as far as names tell: equal
/// once folded, or the same words in another order (`Wang Yi`, `Yi Wang`).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let words = |s: &str| {
        let mut w: Vec<String> = s.split(' ').map(str::to_string).collect();
        w.sort();
        w
    };
    a == b || words(&a) == words(&b)
}

/// Whether `o` is the organisation a row names: by a name in any language
/// or the acronym, folded; in `country` when the row gives one.
pub(crate) fn names_org(o: &OrgData, name: &str, country: Option<&str>) -> bool {
    let n = fold(name);
    let named = fold(&o.name) == n
        || o.names.values().any(|v| fold(v) == n)
        || o.acronym.as_deref().is_some_and(|a| fold(a) == n);
    o.is_live() && named && country.is_none_or(|c| o.country.as_deref() == Some(c))
}

pub(crate) fn invalid(what: &str, e: FieldError) -> StoreError {
    StoreError::Invalid(format!("{what}: {e}"))
}

/// Checks an organisation against the rules and the countries the desk
/// knows.
pub(crate) fn check_org(data: &mut OrgData) -> Result<(), StoreError> {
    org_rules(data).map_err(|e| invalid("organisation", e))
}

/// [`OrgData::check`] with the countries the desk knows.
pub(crate) fn org_rules(data: &mut OrgData) -> Result<(), FieldError> {
    static MEMBERS: std::sync::LazyLock<Members> = std::sync::LazyLock::new(Members::embedded);
    data.check(|c| MEMBERS.country(c).is_some())
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
            FieldError, Interaction, InteractionData, OrgData, Organisation, Person, PersonData,
            Post, PostData, RowAction, RowNote, RowOutcome, SheetRow, Tenure, TenureData,
            check_tenure, fold, matches,
        };
        use $crate::StoreError;
        use $crate::contacts::{
            ContactAccess, ContactAuditEntry, Holding, OrgFilter, PersonFilter, check_org, check_person, check_post, corrupt, day_text,
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

        async fn insert_org(db: &Db, tx: &mut Conn, data: &OrgData) -> Result<i64, StoreError> {
            sqlx::query_scalar(
                "INSERT INTO organisations (name, kind, country, parent_id, search, data, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            )
            .bind(&data.name)
            .bind(data.kind.as_str())
            .bind(&data.country)
            .bind(data.parent)
            .bind(org_search(data))
            .bind(json(data))
            .bind(now_text())
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err("storing an organisation"))
        }

        async fn insert_person(
            db: &Db,
            tx: &mut Conn,
            data: &PersonData,
            by: Option<i64>,
        ) -> Result<i64, StoreError> {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO people (name, search, data, created_at, updated_at, created_by) \
                 VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
            )
            .bind(data.latin_name.as_deref().unwrap_or(&data.name))
            .bind(person_search(data))
            .bind(json(data))
            .bind(now_text())
            .bind(by)
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err("storing a person"))?;
            write_emails(db, tx, id, &data.emails).await?;
            Ok(id)
        }

        /// Writes person `id`'s new fields; `false` if there is no such
        /// person.
        async fn rewrite_person(
            db: &Db,
            tx: &mut Conn,
            id: i64,
            data: &PersonData,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(
                "UPDATE people SET name = $1, search = $2, data = $3, updated_at = $4 \
                 WHERE id = $5",
            )
            .bind(data.latin_name.as_deref().unwrap_or(&data.name))
            .bind(person_search(data))
            .bind(json(data))
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err("updating a person"))?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            write_emails(db, tx, id, &data.emails).await?;
            Ok(true)
        }

        /// Replaces person `id`'s fields with a placeholder (`erased` or
        /// merged: nothing searchable, no e-mail); `false` if there is no
        /// such person.
        async fn rewrite_erased(
            db: &Db,
            tx: &mut Conn,
            id: i64,
            erased: &PersonData,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(
                "UPDATE people SET name = $1, search = '', data = $2, updated_at = $3 \
                 WHERE id = $4",
            )
            .bind(&erased.name)
            .bind(json(erased))
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err("erasing a person"))?;
            if done.rows_affected() == 0 {
                return Ok(false);
            }
            write_emails(db, tx, id, &[]).await?;
            Ok(true)
        }

        /// Writes organisation `id`'s fields and the columns beside them (a
        /// record merged into another is searched by nothing).
        async fn write_org(db: &Db, tx: &mut Conn, id: i64, data: &OrgData) -> Result<(), StoreError> {
            let search = if data.is_live() { org_search(data) } else { String::new() };
            sqlx::query(
                "UPDATE organisations SET name = $1, kind = $2, country = $3, parent_id = $4, \
                 search = $5, data = $6, updated_at = $7 WHERE id = $8",
            )
            .bind(&data.name)
            .bind(data.kind.as_str())
            .bind(&data.country)
            .bind(data.parent)
            .bind(search)
            .bind(json(data))
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err("storing an organisation"))?;
            Ok(())
        }

        /// Rewrites the `(id, data)` rows `select` reads (bound to `other`)
        /// with `change`; `table` is where they are written back.
        async fn rewrite_json<T: serde::de::DeserializeOwned + serde::Serialize>(
            db: &Db,
            tx: &mut Conn,
            select: &str,
            table: &str,
            what: &'static str,
            other: i64,
            mut change: impl FnMut(&mut T),
        ) -> Result<(), StoreError> {
            let rows = sqlx::query(sqlx::AssertSqlSafe(select.to_string()))
                .bind(other)
                .fetch_all(&mut *tx)
                .await
                .map_err(db.err("merging organisations"))?;
            for (id, mut data) in id_data::<T>(&rows, what)? {
                change(&mut data);
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE {table} SET data = $1 WHERE id = $2"
                )))
                .bind(json(&data))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err("merging organisations"))?;
            }
            Ok(())
        }

        /// Every link to organisation `other` becomes a link to `keep`: its
        /// posts, its parts, the interactions, relationships, agreements and
        /// joint work it is in (kept once where `keep` is in them already).
        async fn move_org_links(db: &Db, tx: &mut Conn, keep: i64, other: i64) -> Result<(), StoreError> {
            const DOING: &str = "merging organisations";
            let swap = |list: &mut Vec<i64>| {
                let mut out: Vec<i64> = Vec::with_capacity(list.len());
                for o in list.iter().map(|&o| if o == other { keep } else { o }) {
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
                *list = out;
            };
            rewrite_json::<PostData>(db, tx, "SELECT id, data FROM posts WHERE organisation_id = $1", "posts", "post", other, |p| p.organisation = keep).await?;
            rewrite_json::<OrgData>(db, tx, "SELECT id, data FROM organisations WHERE parent_id = $1", "organisations", "organisation", other, |o| o.parent = Some(keep)).await?;
            rewrite_json::<InteractionData>(
                db, tx,
                "SELECT id, data FROM interactions WHERE id IN \
                 (SELECT interaction_id FROM interaction_parties WHERE organisation_id = $1)",
                "interactions", "interaction", other,
                |i| swap(&mut i.organisations),
            ).await?;
            rewrite_json::<southdesk_contacts::AgreementData>(
                db, tx,
                "SELECT id, data FROM agreements WHERE id IN \
                 (SELECT agreement_id FROM agreement_parties WHERE organisation_id = $1)",
                "agreements", "agreement", other,
                |a| swap(&mut a.parties),
            ).await?;
            rewrite_json::<southdesk_contacts::JointWorkData>(
                db, tx,
                "SELECT id, data FROM joint_work WHERE organisation_id = $1",
                "joint_work", "joint work", other,
                |j| j.organisation = keep,
            ).await?;
            // Link tables: a row keep already has goes, the others move.
            for (table, key) in [
                ("interaction_parties", "interaction_id"),
                ("agreement_parties", "agreement_id"),
            ] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE organisation_id = $1 AND {key} IN \
                     (SELECT {key} FROM {table} WHERE organisation_id = $2)"
                )))
                .bind(other)
                .bind(keep)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            }
            sqlx::query(
                "DELETE FROM joint_work WHERE organisation_id = $1 AND EXISTS \
                 (SELECT 1 FROM joint_work k WHERE k.organisation_id = $2 AND k.role = joint_work.role \
                  AND COALESCE(k.output_id, 0) = COALESCE(joint_work.output_id, 0) \
                  AND COALESCE(k.meeting_id, 0) = COALESCE(joint_work.meeting_id, 0))",
            )
            .bind(other)
            .bind(keep)
            .execute(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
            for (table, column) in [
                ("posts", "organisation_id"),
                ("organisations", "parent_id"),
                ("interaction_parties", "organisation_id"),
                ("agreement_parties", "organisation_id"),
                ("joint_work", "organisation_id"),
            ] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE {table} SET {column} = $1 WHERE {column} = $2"
                )))
                .bind(keep)
                .bind(other)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            }
            // Relationships: its side becomes keep's; one that would tie
            // keep to itself goes.
            let rows = sqlx::query("SELECT id, data FROM relations WHERE from_org = $1 OR to_org = $1")
                .bind(other)
                .fetch_all(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            for (id, mut data) in id_data::<southdesk_contacts::RelationData>(&rows, "relation")? {
                let moved = |p| match p {
                    southdesk_contacts::Party::Organisation(o) if o == other => {
                        southdesk_contacts::Party::Organisation(keep)
                    }
                    p => p,
                };
                data.from = moved(data.from);
                data.to = moved(data.to);
                if data.from == data.to {
                    sqlx::query("DELETE FROM relations WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                } else {
                    write_relation(db, tx, id, &data).await?;
                }
            }
            Ok(())
        }

        /// Before person `id` is erased: every mention of them leaves the
        /// subject and note of the interactions they took part in and the
        /// notes of their relationships.
        async fn scrub_mentions(db: &Db, tx: &mut Conn, id: i64) -> Result<(), StoreError> {
            const DOING: &str = "erasing a person";
            let old: Option<String> = sqlx::query_scalar("SELECT data FROM people WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            let Some(old) = old else { return Ok(()) };
            let old: PersonData = decode("person", id, &old)?;
            if !old.is_live() {
                return Ok(());
            }
            let rows = sqlx::query(
                "SELECT id, data FROM interactions WHERE id IN \
                 (SELECT interaction_id FROM interaction_parties WHERE person_id = $1)",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
            for (iid, mut d) in id_data::<InteractionData>(&rows, "interaction")? {
                let (subject, note) = (old.redact(&d.subject), old.redact(&d.note));
                if subject == d.subject && note == d.note {
                    continue;
                }
                (d.subject, d.note) = (subject, note);
                sqlx::query("UPDATE interactions SET data = $1 WHERE id = $2")
                    .bind(json(&d))
                    .bind(iid)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
            }
            let rows = sqlx::query(
                "SELECT id, data FROM relations WHERE from_person = $1 OR to_person = $1",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
            for (rid, mut d) in id_data::<southdesk_contacts::RelationData>(&rows, "relation")? {
                let note = old.redact(&d.note);
                if note != d.note {
                    d.note = note;
                    write_relation(db, tx, rid, &d).await?;
                }
            }
            Ok(())
        }

        /// The columns of a party: (`person` id, `organisation` id).
        fn party_columns(p: southdesk_contacts::Party) -> (Option<i64>, Option<i64>) {
            match p {
                southdesk_contacts::Party::Person(id) => (Some(id), None),
                southdesk_contacts::Party::Organisation(id) => (None, Some(id)),
            }
        }

        /// Whether a party is in the register.
        async fn party_exists(
            db: &Db,
            tx: &mut Conn,
            p: southdesk_contacts::Party,
        ) -> Result<bool, StoreError> {
            let (table, id) = match p {
                southdesk_contacts::Party::Person(id) => ("people", id),
                southdesk_contacts::Party::Organisation(id) => ("organisations", id),
            };
            let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM {table} WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db.err("reading contacts"))?;
            Ok(found.is_some())
        }

        /// Writes relation `id`'s sides and fields.
        async fn write_relation(
            db: &Db,
            tx: &mut Conn,
            id: i64,
            data: &southdesk_contacts::RelationData,
        ) -> Result<(), StoreError> {
            let (fp, fo) = party_columns(data.from);
            let (tp, to) = party_columns(data.to);
            sqlx::query(
                "UPDATE relations SET kind = $1, from_person = $2, from_org = $3, \
                 to_person = $4, to_org = $5, data = $6 WHERE id = $7",
            )
            .bind(data.kind.as_str())
            .bind(fp)
            .bind(fo)
            .bind(tp)
            .bind(to)
            .bind(json(data))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err("storing a relationship"))?;
            Ok(())
        }

        async fn insert_post(db: &Db, tx: &mut Conn, data: &PostData) -> Result<i64, StoreError> {
            sqlx::query_scalar(
                "INSERT INTO posts (organisation_id, title, data, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(data.organisation)
            .bind(&data.title)
            .bind(json(data))
            .bind(now_text())
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err("storing a post"))
        }

        async fn insert_tenure(
            db: &Db,
            tx: &mut Conn,
            data: &TenureData,
        ) -> Result<i64, StoreError> {
            sqlx::query_scalar(
                "INSERT INTO tenures (post_id, person_id, from_day, to_day) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(data.post)
            .bind(data.person)
            .bind(day_text(data.from))
            .bind(data.to.map(day_text))
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err("storing a tenure"))
        }

        /// Records of `table` whose `search` holds every word of `text`,
        /// read in the transaction (at most 50).
        async fn like_rows<T: serde::de::DeserializeOwned>(
            db: &Db,
            tx: &mut Conn,
            table: &str,
            what: &'static str,
            text: &str,
        ) -> Result<Vec<(i64, T)>, StoreError> {
            let words = query_words(text);
            if words.is_empty() {
                return Ok(Vec::new());
            }
            let mut sql = format!("SELECT id, data FROM {table} WHERE 1 = 1");
            for i in 1..=words.len() {
                sql.push_str(&format!(" AND search LIKE ${i}"));
            }
            sql.push_str(" ORDER BY id LIMIT 50");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for w in words {
                q = q.bind(w);
            }
            let rows = q
                .fetch_all(&mut *tx)
                .await
                .map_err(db.err("importing contacts"))?;
            id_data(&rows, what)
        }

        /// What one import row does, written in `tx`: the action and the
        /// person's id, or the reason it is refused (before it writes).
        async fn import_row(
            db: &Db,
            tx: &mut Conn,
            row: &SheetRow,
            by: Option<i64>,
            emails_seen: &mut std::collections::HashMap<String, u64>,
            notes: &mut Vec<RowNote>,
        ) -> Result<Result<(RowAction, i64), FieldError>, StoreError> {
            const DOING: &str = "importing contacts";
            for (i, e) in row.person.emails.iter().enumerate() {
                if let Some(line) = emails_seen.get(e) {
                    return Ok(Err(FieldError::new(
                        format!("emails[{i}]"),
                        format!("`{e}` is also on line {line} of the file"),
                    )));
                }
            }
            for e in &row.person.emails {
                emails_seen.insert(e.clone(), row.line);
            }
            // The person: found by e-mail, else new.
            let mut found: Vec<i64> = Vec::new();
            if !row.person.emails.is_empty() {
                let sql = format!(
                    "SELECT DISTINCT person_id FROM person_emails WHERE email IN ({}) \
                     ORDER BY person_id",
                    $crate::contacts::placeholders(1, row.person.emails.len())
                );
                let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
                for e in &row.person.emails {
                    q = q.bind(e);
                }
                found = q.fetch_all(&mut *tx).await.map_err(db.err(DOING))?;
            }
            if found.len() > 1 {
                let ids: Vec<String> = found.iter().map(|i| format!("#{i}")).collect();
                return Ok(Err(FieldError::new(
                    "emails",
                    format!(
                        "belong to {} people of the register ({}): merge them first",
                        found.len(),
                        ids.join(", ")
                    ),
                )));
            }
            let existing: Option<(i64, PersonData)> = match found.first() {
                Some(&id) => {
                    let data: String = sqlx::query_scalar("SELECT data FROM people WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    Some((id, decode("person", id, &data)?))
                }
                None => None,
            };
            let merged = match &existing {
                Some((_, stored)) => {
                    let mut m = stored.merged_with(&row.person);
                    if let Err(e) = check_person(&mut m) {
                        return Ok(Err(FieldError::new("", e.to_string())));
                    }
                    Some(m)
                }
                None => {
                    let same: Vec<(i64, PersonData)> =
                        like_rows(db, tx, "people", "person", &row.person.name).await?;
                    for (id, p) in same {
                        let latin = row.person.latin_name.as_deref().unwrap_or("");
                        if $crate::contacts::same_name(&p.name, &row.person.name)
                            || p.latin_name.as_deref().is_some_and(|l| {
                                $crate::contacts::same_name(l, &row.person.name)
                                    || $crate::contacts::same_name(l, latin)
                            })
                        {
                            notes.push(RowNote::SameName { id });
                        }
                    }
                    None
                }
            };
            // The post, before anything is written.
            enum Org {
                Known(i64),
                New(OrgData),
            }
            let mut post_plan: Option<(Org, Option<i64>, &southdesk_contacts::sheet::PostRef)> =
                None;
            if let Some(pr) = &row.post {
                let orgs: Vec<(i64, OrgData)> =
                    like_rows(db, tx, "organisations", "organisation", &pr.organisation).await?;
                let named: Vec<i64> = orgs
                    .iter()
                    .filter(|(_, o)| {
                        $crate::contacts::names_org(o, &pr.organisation, pr.country.as_deref())
                    })
                    .map(|(id, _)| *id)
                    .collect();
                let org = match (named.as_slice(), pr.kind) {
                    ([id], _) => Org::Known(*id),
                    ([], Some(kind)) => {
                        let mut o = OrgData::new(pr.organisation.clone(), kind);
                        o.country = pr.country.clone();
                        if let Err(e) = $crate::contacts::org_rules(&mut o) {
                            let field = match e.field.as_str() {
                                "country" => "country",
                                _ => "organisation",
                            };
                            return Ok(Err(FieldError::new(field, e.message)));
                        }
                        Org::New(o)
                    }
                    ([], None) => {
                        return Ok(Err(FieldError::new(
                            "organisation",
                            format!(
                                "no organisation `{}` in the register: add it first, or give \
                                 its kind in a column `organisation_kind` to create it",
                                pr.organisation
                            ),
                        )));
                    }
                    (many, _) => {
                        return Ok(Err(FieldError::new(
                            "organisation",
                            format!(
                                "`{}` names {} organisations: give the country (column \
                                 `country`) to tell them apart",
                                pr.organisation,
                                many.len()
                            ),
                        )));
                    }
                };
                let post = match &org {
                    Org::Known(o) => {
                        let rows = sqlx::query(
                            "SELECT id, data FROM posts WHERE organisation_id = $1 ORDER BY id",
                        )
                        .bind(*o)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        id_data::<PostData>(&rows, "post")?
                            .into_iter()
                            .find(|(_, p)| fold(&p.title) == fold(&pr.title))
                            .map(|(id, _)| id)
                    }
                    Org::New(_) => None,
                };
                if let Some(post) = post {
                    let others = tenures_where(db, tx, "post_id", post).await?;
                    let person = existing.as_ref().map_or(0, |(id, _)| *id);
                    let held = others
                        .iter()
                        .any(|t| t.data.person == person && t.data.to.is_none());
                    if !held {
                        let new = TenureData {
                            post,
                            person,
                            from: pr.since,
                            to: None,
                        };
                        if let Err(e) = check_tenure(&new, &others) {
                            return Ok(Err(FieldError::new("since", e.message)));
                        }
                    }
                }
                post_plan = Some((org, post, pr));
            }
            // Everything checked: write.
            let (action, id) = match (existing, merged) {
                (Some((id, stored)), Some(m)) => {
                    if m == stored {
                        (RowAction::Unchanged { id }, id)
                    } else {
                        rewrite_person(db, tx, id, &m).await?;
                        (RowAction::Update { id }, id)
                    }
                }
                _ => (
                    RowAction::Create,
                    insert_person(db, tx, &row.person, by).await?,
                ),
            };
            if let Some((org, post, pr)) = post_plan {
                let org = match org {
                    Org::Known(o) => o,
                    Org::New(o) => {
                        notes.push(RowNote::NewOrganisation(o.name.clone()));
                        insert_org(db, tx, &o).await?
                    }
                };
                let post = match post {
                    Some(p) => p,
                    None => {
                        notes.push(RowNote::NewPost(pr.title.clone()));
                        let data = PostData {
                            organisation: org,
                            title: pr.title.clone(),
                            portfolio: None,
                            themes: Vec::new(),
                        };
                        insert_post(db, tx, &data).await?
                    }
                };
                let held = tenures_where(db, tx, "post_id", post)
                    .await?
                    .iter()
                    .any(|t| t.data.person == id && t.data.to.is_none());
                if !held {
                    let t = TenureData {
                        post,
                        person: id,
                        from: pr.since,
                        to: None,
                    };
                    insert_tenure(db, tx, &t).await?;
                    notes.push(RowNote::Holds {
                        post: pr.title.clone(),
                        since: pr.since,
                    });
                }
            }
            Ok(Ok((action, id)))
        }

        /// Records whose `search` holds every word of `query`, then kept
        /// if `keep` says so, by name, at most `max`.
        async fn search_rows<T: serde::de::DeserializeOwned>(
            db: &Db,
            table: &str,
            what: &'static str,
            extra: &[(&str, Vec<String>)],
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
            // `column =` or `column LIKE` one value; `column IN` a list.
            for (cond, values) in extra {
                if cond.ends_with(" IN") {
                    sql.push_str(&format!(
                        " AND {cond} ({})",
                        $crate::contacts::placeholders(n + 1, values.len().max(1))
                    ));
                    n += values.len().max(1);
                } else {
                    n += 1;
                    sql.push_str(&format!(" AND {cond} ${n}"));
                }
            }
            // Read past the limit: `matches` may drop some of what LIKE kept.
            sql.push_str(&format!(" ORDER BY name, id LIMIT {}", max * 4 + 20));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for w in words {
                q = q.bind(w);
            }
            for (cond, values) in extra {
                if values.is_empty() && cond.ends_with(" IN") {
                    // An empty list: nothing is in it.
                    q = q.bind(String::new());
                }
                for v in values {
                    q = q.bind(v.clone());
                }
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
                let id = insert_org(db, &mut tx, &data).await?;
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
                write_org(db, &mut tx, id, &data).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Organisation { id, data })
            }

            async fn merge_organisations(
                &self,
                keep: i64,
                other: i64,
            ) -> Result<Organisation, StoreError> {
                const DOING: &str = "merging organisations";
                let db = &self.db;
                if keep == other {
                    return Err(StoreError::Invalid(
                        "organisation: merge: a record cannot be merged into itself".into(),
                    ));
                }
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let mut read = Vec::with_capacity(2);
                for id in [keep, other] {
                    let data: Option<String> =
                        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                            "SELECT data FROM organisations WHERE id = $1{}",
                            $lock
                        )))
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    let Some(data) = data else {
                        return Err(not_found("organisation", id));
                    };
                    let data: OrgData = decode("organisation", id, &data)?;
                    if !data.is_live() {
                        return Err(StoreError::Invalid(format!(
                            "organisation: merge: #{id} was merged already"
                        )));
                    }
                    read.push(data);
                }
                let mut merged = read[0].absorbing(keep, &read[1], other);
                check_org(&mut merged)?;
                move_org_links(db, &mut tx, keep, other).await?;
                check_parent(db, &mut tx, Some(keep), merged.parent).await?;
                let gone = OrgData {
                    merged_into: Some(keep),
                    parent: None,
                    ..read[1].clone()
                };
                write_org(db, &mut tx, other, &gone).await?;
                write_org(db, &mut tx, keep, &merged).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Organisation { id: keep, data: merged })
            }

            async fn organisation(&self, id: i64) -> Result<Option<Organisation>, StoreError> {
                let data = data_of(&self.db, "organisations", "organisation", id).await?;
                Ok(data.map(|data| Organisation { id, data }))
            }

            async fn organisations(&self, filter: &OrgFilter) -> Result<Vec<Organisation>, StoreError> {
                let max = limit(filter.limit);
                let mut extra = Vec::new();
                if let Some(k) = filter.kind {
                    extra.push(("kind =", vec![k.as_str().to_string()]));
                }
                if let Some(c) = &filter.country {
                    extra.push(("country =", vec![c.to_ascii_uppercase()]));
                }
                if let Some(list) = &filter.countries {
                    extra.push(("country IN", list.clone()));
                }
                let rows: Vec<(i64, OrgData)> =
                    search_rows(&self.db, "organisations", "organisation", &extra, &filter.query, max)
                        .await?;
                let mut out = Vec::new();
                for (id, data) in rows {
                    // A record merged into another is that other one now.
                    if data.is_live() && matches(&filter.query, &data.search_fields()) {
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
                let id = insert_person(db, &mut tx, &data, by).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Person { id, data })
            }

            async fn update_person(&self, id: i64, mut data: PersonData) -> Result<Person, StoreError> {
                const DOING: &str = "updating a person";
                let db = &self.db;
                check_person(&mut data)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                if !rewrite_person(db, &mut tx, id, &data).await? {
                    return Err(not_found("person", id));
                }
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
                scrub_mentions(db, &mut tx, id).await?;
                if !rewrite_erased(db, &mut tx, id, &data).await? {
                    return Err(not_found("person", id));
                }
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Person { id, data })
            }

            async fn people(&self, filter: &PersonFilter) -> Result<Vec<Person>, StoreError> {
                let max = limit(filter.limit);
                // A theme's id in the JSON, then checked on the record.
                let extra: Vec<(&str, Vec<String>)> = match &filter.theme {
                    Some(t) => vec![("data LIKE", vec![format!("%\"{t}\"%")])],
                    None => Vec::new(),
                };
                let rows: Vec<(i64, PersonData)> =
                    search_rows(&self.db, "people", "person", &extra, &filter.query, max).await?;
                let mut out = Vec::new();
                for (id, data) in rows {
                    // A record merged into another is that other one now.
                    let themed = filter.theme.as_ref().is_none_or(|t| data.themes.contains(t));
                    if data.merged_into.is_none()
                        && themed
                        && matches(&filter.query, &data.search_fields())
                    {
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
                let id = insert_post(db, &mut tx, &data).await?;
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
                let id = insert_tenure(db, &mut tx, &data).await?;
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

            async fn create_interaction(
                &self,
                mut data: InteractionData,
                by: Option<i64>,
            ) -> Result<Interaction, StoreError> {
                const DOING: &str = "storing an interaction";
                let db = &self.db;
                data.check($crate::contacts::any_theme)
                    .map_err(|e| invalid("interaction", e))?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                for (field, table, what, ids) in [
                    ("people", "people", "person", &data.people),
                    ("organisations", "organisations", "organisation", &data.organisations),
                ] {
                    for (i, id) in ids.iter().enumerate() {
                        let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                            "SELECT id FROM {table} WHERE id = $1"
                        )))
                        .bind(*id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        if found.is_none() {
                            return Err(StoreError::Invalid(format!(
                                "interaction: {field}[{i}]: there is no {what} {id}"
                            )));
                        }
                    }
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO interactions (kind, on_day, data, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(data.kind.as_str())
                .bind(day_text(data.on))
                .bind(json(&data))
                .bind(by)
                .bind(now_text())
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                for (column, ids) in [
                    ("person_id", &data.people),
                    ("organisation_id", &data.organisations),
                ] {
                    for party in ids {
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "INSERT INTO interaction_parties (interaction_id, {column}) \
                             VALUES ($1, $2)"
                        )))
                        .bind(id)
                        .bind(*party)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    }
                }
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Interaction { id, data })
            }

            async fn interaction(&self, id: i64) -> Result<Option<Interaction>, StoreError> {
                let data = data_of(&self.db, "interactions", "interaction", id).await?;
                Ok(data.map(|data| Interaction { id, data }))
            }

            async fn interactions_of(
                &self,
                party: $crate::contacts::Party,
                max: usize,
            ) -> Result<Vec<Interaction>, StoreError> {
                let db = &self.db;
                let (column, value) = match party {
                    $crate::contacts::Party::Person(id) => ("person_id", id),
                    $crate::contacts::Party::Organisation(id) => ("organisation_id", id),
                };
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT i.id, i.data FROM interactions i WHERE i.id IN \
                     (SELECT interaction_id FROM interaction_parties WHERE {column} = $1) \
                     ORDER BY i.on_day DESC, i.id DESC LIMIT {}",
                    limit(max)
                )))
                .bind(value)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading interactions"))?;
                Ok(id_data(&rows, "interaction")?
                    .into_iter()
                    .map(|(id, data)| Interaction { id, data })
                    .collect())
            }

            async fn people_past_retention(&self, cutoff: time::Date) -> Result<Vec<Person>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT p.id, p.data FROM people p WHERE p.search <> '' AND p.updated_at < $1 \
                     AND NOT EXISTS (SELECT 1 FROM tenures t WHERE t.person_id = p.id \
                         AND (t.to_day IS NULL OR t.to_day >= $1)) \
                     AND NOT EXISTS (SELECT 1 FROM interaction_parties ip \
                         JOIN interactions i ON i.id = ip.interaction_id \
                         WHERE ip.person_id = p.id AND i.on_day >= $1) \
                     ORDER BY p.id",
                )
                .bind(day_text(cutoff))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("finding people past retention"))?;
                Ok(id_data(&rows, "person")?
                    .into_iter()
                    .filter(|(_, d): &(i64, PersonData)| d.erased_on.is_none())
                    .map(|(id, data)| Person { id, data })
                    .collect())
            }

            async fn purge_people(&self, people: &[i64], day: time::Date) -> Result<usize, StoreError> {
                const DOING: &str = "purging people past retention";
                let db = &self.db;
                let at = now_text();
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let mut done = 0;
                for &id in people {
                    let data = PersonData::erased(id, day);
                    scrub_mentions(db, &mut tx, id).await?;
                    if !rewrite_erased(db, &mut tx, id, &data).await? {
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO contact_audit (at, account_id, action, person_id) \
                         VALUES ($1, NULL, 'erase', $2)",
                    )
                    .bind(&at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    done += 1;
                }
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(done)
            }

            async fn merge_people(
                &self,
                keep: i64,
                other: i64,
                by: Option<i64>,
            ) -> Result<Person, StoreError> {
                const DOING: &str = "merging people";
                let db = &self.db;
                if keep == other {
                    return Err(StoreError::Invalid(
                        "person: merge: a record cannot be merged into itself".into(),
                    ));
                }
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let mut read = Vec::with_capacity(2);
                for id in [keep, other] {
                    let data: Option<String> =
                        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                            "SELECT data FROM people WHERE id = $1{}",
                            $lock
                        )))
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    let Some(data) = data else {
                        return Err(not_found("person", id));
                    };
                    let data: PersonData = decode("person", id, &data)?;
                    if !data.is_live() {
                        return Err(StoreError::Invalid(format!(
                            "person: merge: #{id} was erased or merged already"
                        )));
                    }
                    read.push(data);
                }
                let mut merged = read[0].absorbing(&read[1]);
                check_person(&mut merged)?;
                // The other's interactions: its id becomes keep's in each.
                let rows = sqlx::query(
                    "SELECT id, data FROM interactions WHERE id IN \
                     (SELECT interaction_id FROM interaction_parties WHERE person_id = $1)",
                )
                .bind(other)
                .fetch_all(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                for (id, mut data) in id_data::<InteractionData>(&rows, "interaction")? {
                    let mut people: Vec<i64> = Vec::with_capacity(data.people.len());
                    for p in data.people.iter().map(|&p| if p == other { keep } else { p }) {
                        if !people.contains(&p) {
                            people.push(p);
                        }
                    }
                    data.people = people;
                    sqlx::query("UPDATE interactions SET data = $1 WHERE id = $2")
                        .bind(json(&data))
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                }
                sqlx::query(
                    "DELETE FROM interaction_parties WHERE person_id = $1 AND interaction_id IN \
                     (SELECT interaction_id FROM interaction_parties WHERE person_id = $2)",
                )
                .bind(other)
                .bind(keep)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                for table in ["interaction_parties", "tenures"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE {table} SET person_id = $1 WHERE person_id = $2"
                    )))
                    .bind(keep)
                    .bind(other)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                }
                // The other's relationships: its side becomes keep's; one
                // that would tie keep to itself goes.
                let rows = sqlx::query(
                    "SELECT id, data FROM relations WHERE from_person = $1 OR to_person = $1",
                )
                .bind(other)
                .fetch_all(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                for (id, mut data) in
                    id_data::<southdesk_contacts::RelationData>(&rows, "relation")?
                {
                    let moved = |p| match p {
                        southdesk_contacts::Party::Person(o) if o == other => {
                            southdesk_contacts::Party::Person(keep)
                        }
                        p => p,
                    };
                    data.from = moved(data.from);
                    data.to = moved(data.to);
                    if data.from == data.to {
                        sqlx::query("DELETE FROM relations WHERE id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await
                            .map_err(db.err(DOING))?;
                    } else {
                        write_relation(db, &mut tx, id, &data).await?;
                    }
                }
                let gone = PersonData::merged(other, keep);
                rewrite_erased(db, &mut tx, other, &gone).await?;
                rewrite_person(db, &mut tx, keep, &merged).await?;
                sqlx::query(
                    "INSERT INTO contact_audit (at, account_id, action, person_id) \
                     VALUES ($1, $2, 'merge', $3)",
                )
                .bind(now_text())
                .bind(by)
                .bind(other)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(Person { id: keep, data: merged })
            }

            async fn create_relation(
                &self,
                mut data: southdesk_contacts::RelationData,
            ) -> Result<southdesk_contacts::Relation, StoreError> {
                const DOING: &str = "storing a relationship";
                let db = &self.db;
                data.check().map_err(|e| invalid("relation", e))?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                for (field, p) in [("from", data.from), ("to", data.to)] {
                    if !party_exists(db, &mut tx, p).await? {
                        return Err(StoreError::Invalid(format!(
                            "relation: {field}: there is no such record ({})",
                            p.code()
                        )));
                    }
                }
                let (fp, fo) = party_columns(data.from);
                let (tp, to) = party_columns(data.to);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO relations (kind, from_person, from_org, to_person, to_org, data, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(data.kind.as_str())
                .bind(fp)
                .bind(fo)
                .bind(tp)
                .bind(to)
                .bind(json(&data))
                .bind(now_text())
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(southdesk_contacts::Relation { id, data })
            }

            async fn delete_relation(&self, id: i64) -> Result<bool, StoreError> {
                let db = &self.db;
                let done = sqlx::query("DELETE FROM relations WHERE id = $1")
                    .bind(id)
                    .execute(&db.pool)
                    .await
                    .map_err(db.err("removing a relationship"))?;
                Ok(done.rows_affected() > 0)
            }

            async fn relations_of(
                &self,
                party: southdesk_contacts::Party,
            ) -> Result<Vec<southdesk_contacts::Relation>, StoreError> {
                let db = &self.db;
                let (side, id) = match party {
                    southdesk_contacts::Party::Person(id) => ("person", id),
                    southdesk_contacts::Party::Organisation(id) => ("org", id),
                };
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT id, data FROM relations WHERE from_{side} = $1 OR to_{side} = $1 \
                     ORDER BY id"
                )))
                .bind(id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading relationships"))?;
                let mut out: Vec<southdesk_contacts::Relation> = id_data(&rows, "relation")?
                    .into_iter()
                    .map(|(id, data)| southdesk_contacts::Relation { id, data })
                    .collect();
                out.sort_by_key(|r| (r.data.since, r.id));
                Ok(out)
            }

            async fn holdings(
                &self,
                people: &[i64],
                on: Option<time::Date>,
            ) -> Result<Vec<Holding>, StoreError> {
                const DOING: &str = "reading the posts people hold";
                let db = &self.db;
                let mut out = Vec::new();
                for chunk in people.chunks($crate::contacts::IDS_PER_QUERY) {
                    let n = chunk.len();
                    let day = match on {
                        Some(_) => format!(
                            " AND t.from_day <= ${d} AND (t.to_day IS NULL OR t.to_day >= ${d})",
                            d = n + 1
                        ),
                        None => String::new(),
                    };
                    let sql = format!(
                        "SELECT t.id, t.post_id, t.person_id, t.from_day, t.to_day, p.data, \
                         o.id, o.data FROM tenures t JOIN posts p ON p.id = t.post_id \
                         JOIN organisations o ON o.id = p.organisation_id \
                         WHERE t.person_id IN ({}){day} ORDER BY t.person_id, t.from_day, t.id",
                        $crate::contacts::placeholders(1, n)
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    if let Some(d) = on {
                        q = q.bind(day_text(d));
                    }
                    let rows = q.fetch_all(&db.pool).await.map_err(db.err(DOING))?;
                    for r in &rows {
                        let tenure = tenure_row(r)?;
                        let bad = |e: sqlx::Error| corrupt("tenure", tenure.id, e);
                        let post: String = r.try_get(5).map_err(bad)?;
                        let org_id: i64 = r.try_get(6).map_err(bad)?;
                        let org: String = r.try_get(7).map_err(bad)?;
                        out.push(Holding {
                            post: Post {
                                id: tenure.data.post,
                                data: decode("post", tenure.data.post, &post)?,
                            },
                            organisation: Organisation {
                                id: org_id,
                                data: decode("organisation", org_id, &org)?,
                            },
                            tenure,
                        });
                    }
                }
                Ok(out)
            }

            async fn record_contact_accesses(
                &self,
                people: &[i64],
                by: Option<i64>,
                action: ContactAccess,
            ) -> Result<(), StoreError> {
                const DOING: &str = "writing the contacts' audit log";
                let db = &self.db;
                let at = now_text();
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                for chunk in people.chunks($crate::contacts::IDS_PER_QUERY) {
                    let sql = format!(
                        "INSERT INTO contact_audit (at, account_id, action, person_id) \
                         SELECT $1, $2, $3, id FROM people WHERE id IN ({}) ORDER BY id",
                        $crate::contacts::placeholders(4, chunk.len())
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(&at)
                        .bind(by)
                        .bind(action.as_str());
                    for id in chunk {
                        q = q.bind(*id);
                    }
                    q.execute(&mut *tx).await.map_err(db.err(DOING))?;
                }
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(())
            }

            async fn import_people(
                &self,
                rows: &[SheetRow],
                by: Option<i64>,
                write: bool,
            ) -> Result<Vec<RowOutcome>, StoreError> {
                const DOING: &str = "importing contacts";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let mut seen = std::collections::HashMap::new();
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let mut notes = Vec::new();
                    let (action, person) = match &row.refused {
                        Some(e) => (RowAction::Refuse(e.clone()), 0),
                        None => match import_row(db, &mut tx, row, by, &mut seen, &mut notes).await? {
                            Ok(done) => done,
                            Err(e) => {
                                notes.clear();
                                (RowAction::Refuse(e), 0)
                            }
                        },
                    };
                    out.push(RowOutcome {
                        line: row.line,
                        name: row.person.name.clone(),
                        person: if write || action != RowAction::Create { person } else { 0 },
                        action,
                        notes,
                    });
                }
                let refused = out.iter().any(|o| matches!(o.action, RowAction::Refuse(_)));
                if write && !refused {
                    tx.commit().await.map_err(db.err(DOING))?;
                } else {
                    tx.rollback().await.map_err(db.err(DOING))?;
                    if write {
                        for o in &mut out {
                            if o.action == RowAction::Create {
                                o.person = 0;
                            }
                        }
                    }
                }
                Ok(out)
            }
        }
    };
}
pub(crate) use backend;
