//! What binds the Centre to its partners and what they did together: the
//! [`AgreementStore`] (agreements, their parties, signed files and the
//! reminders before one expires) and the [`JointWorkStore`] (an
//! organisation's part in an output or a meeting).
//!
//! Tables (migration `0017_agreements_joint_work.sql`): `agreements` (the
//! fields as JSON in `data`, checked by `southdesk_contacts`; `stage` and
//! `valid_until` beside it for the daily reminders), `agreement_parties`,
//! `agreement_reminders` (one per agreement, last day and account: a
//! reminder is never sent twice) and `joint_work`. A signed file is kept by
//! content in `attachment_blobs`, as request attachments are.

use southdesk_contacts::{Agreement, AgreementData, JointWork, JointWorkData, Standing, Work};

use crate::StoreError;

/// A signed file to keep with an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUpload {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The largest signed file, in bytes.
pub const MAX_SIGNED_FILE: usize = 20 << 20;

/// Which agreements to list; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementFilter {
    /// Only those this organisation is party to.
    pub organisation: Option<i64>,
    /// Only those standing so on `on`.
    pub standing: Option<Standing>,
    /// The day standings are read on.
    pub on: Option<time::Date>,
}

/// What a day's round of reminders did ([`AgreementStore::remind_agreements`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reminded {
    /// Agreements whose reminder went to an inbox today.
    pub reminded: Vec<i64>,
    /// Agreements that renewed themselves (tacit renewal).
    pub renewed: Vec<i64>,
}

/// Agreements of the contacts register.
#[async_trait::async_trait]
pub trait AgreementStore: Send + Sync {
    /// Records an agreement, checked, with its signed file if given; every
    /// party must be an organisation of the register and the responsible
    /// account an account.
    async fn create_agreement(
        &self,
        data: AgreementData,
        file: Option<SignedUpload>,
        by: Option<i64>,
    ) -> Result<Agreement, StoreError>;

    /// Replaces an agreement's fields (and its file when one is given;
    /// otherwise the file stays). Its renewals stay as recorded.
    async fn update_agreement(
        &self,
        id: i64,
        data: AgreementData,
        file: Option<SignedUpload>,
    ) -> Result<Agreement, StoreError>;

    async fn agreement(&self, id: i64) -> Result<Option<Agreement>, StoreError>;

    /// Agreements by last day (those without one last), then title.
    async fn agreements(&self, filter: &AgreementFilter) -> Result<Vec<Agreement>, StoreError>;

    /// The signed file of an agreement and its bytes.
    async fn agreement_file(
        &self,
        id: i64,
    ) -> Result<Option<(southdesk_contacts::SignedFile, Vec<u8>)>, StoreError>;

    /// Renews an agreement on `on` by its term ([`AgreementData::renew`]).
    async fn renew_agreement(&self, id: i64, on: time::Date) -> Result<Agreement, StoreError>;

    /// The day's round, in one transaction: each signed agreement renewed
    /// tacitly whose last day is past renews itself (and says so in the
    /// inbox of its responsible account — or, if that one is disabled or
    /// not named, of whoever recorded it); each within its notice of the
    /// last day puts a reminder in that inbox, once per last day.
    async fn remind_agreements(&self, day: time::Date) -> Result<Reminded, StoreError>;
}

/// Joint work: organisations' parts in outputs and meetings.
#[async_trait::async_trait]
pub trait JointWorkStore: Send + Sync {
    /// Records an organisation's part in an output or a meeting (both must
    /// exist); the same part twice is refused.
    async fn create_joint_work(&self, data: JointWorkData) -> Result<JointWork, StoreError>;

    /// Removes one recorded by mistake: what it was, or `None` if there is
    /// none.
    async fn delete_joint_work(&self, id: i64) -> Result<Option<JointWork>, StoreError>;

    /// The parts an organisation played, newest record first.
    async fn joint_work_of_org(&self, organisation: i64) -> Result<Vec<JointWork>, StoreError>;

    /// The organisations that took part in an output or a meeting.
    async fn joint_work_on(&self, work: Work) -> Result<Vec<JointWork>, StoreError>;
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a signed file before it is kept.
pub(crate) fn check_file(f: &SignedUpload) -> Result<(), StoreError> {
    if f.bytes.is_empty() {
        return Err(StoreError::Invalid("agreement: file: is empty".into()));
    }
    if f.bytes.len() > MAX_SIGNED_FILE {
        return Err(StoreError::Invalid(format!(
            "agreement: file: is larger than {} MB",
            MAX_SIGNED_FILE >> 20
        )));
    }
    if f.name.trim().is_empty()
        || f.name.chars().count() > 300
        || f.name.chars().any(char::is_control)
    {
        return Err(StoreError::Invalid(
            "agreement: file: has no usable name".into(),
        ));
    }
    Ok(())
}

/// [`AgreementStore`] and [`JointWorkStore`] for the backend store type
/// `$store` (the codec provides `Db`, `DbKind`, `begin`, `enc_t`).
macro_rules! backend {
    ($store:ty) => {
        use sqlx::Row as _;
        use southdesk_contacts::{
            Agreement, AgreementData, JointWork, JointWorkData, SignedFile, Stage, Work,
        };
        use $crate::StoreError;
        use $crate::contacts::{any_theme, corrupt, day_text, invalid, not_found, now_text};
        use $crate::partners::{
            AgreementFilter, SignedUpload, Reminded, check_file, sha256_hex,
        };

        type Conn = <DbKind as sqlx::Database>::Connection;

        const AGREEMENT_COLUMNS: &str =
            "id, data, file_name, file_type, file_size, file_sha256, created_by";

        fn agreement_row(r: &<DbKind as sqlx::Database>::Row) -> Result<(Agreement, Option<i64>), StoreError> {
            let id: i64 = r.try_get(0).map_err(|e| corrupt("agreement", 0, e))?;
            let c = |e: sqlx::Error| corrupt("agreement", id, e);
            let data: String = r.try_get(1).map_err(c)?;
            let data: AgreementData =
                serde_json::from_str(&data).map_err(|e| corrupt("agreement", id, e))?;
            let name: Option<String> = r.try_get(2).map_err(c)?;
            let file = match name {
                Some(name) => Some(SignedFile {
                    name,
                    content_type: r.try_get::<Option<String>, _>(3).map_err(c)?.unwrap_or_default(),
                    size: r
                        .try_get::<Option<i64>, _>(4)
                        .map_err(c)?
                        .and_then(|s| u64::try_from(s).ok())
                        .unwrap_or(0),
                    sha256: r.try_get::<Option<String>, _>(5).map_err(c)?.unwrap_or_default(),
                }),
                None => None,
            };
            let by: Option<i64> = r.try_get(6).map_err(c)?;
            Ok((Agreement { id, data, file }, by))
        }

        /// Refuses parties that are not organisations of the register, and
        /// a responsible account that does not exist.
        async fn check_links(
            db: &Db,
            tx: &mut Conn,
            data: &AgreementData,
        ) -> Result<(), StoreError> {
            for (i, p) in data.parties.iter().enumerate() {
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
                        .bind(*p)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err("reading an organisation"))?;
                if found.is_none() {
                    return Err(StoreError::Invalid(format!(
                        "agreement: parties[{i}]: there is no organisation {p}"
                    )));
                }
            }
            if let Some(a) = data.responsible {
                let found: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
                    .bind(a)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db.err("reading an account"))?;
                if found.is_none() {
                    return Err(StoreError::Invalid(format!(
                        "agreement: responsible: there is no account {a}"
                    )));
                }
            }
            Ok(())
        }

        /// Writes agreement `id`'s fields, parties and (when given) file.
        async fn write_agreement(
            db: &Db,
            tx: &mut Conn,
            id: i64,
            data: &AgreementData,
            file: Option<&SignedUpload>,
        ) -> Result<(), StoreError> {
            const DOING: &str = "storing an agreement";
            sqlx::query(
                "UPDATE agreements SET title = $1, stage = $2, valid_until = $3, data = $4, \
                 updated_at = $5 WHERE id = $6",
            )
            .bind(&data.title)
            .bind(data.stage.as_str())
            .bind(data.valid_until.map(day_text))
            .bind(serde_json::to_string(data).expect("agreements encode as JSON"))
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
            sqlx::query("DELETE FROM agreement_parties WHERE agreement_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            for p in &data.parties {
                sqlx::query(
                    "INSERT INTO agreement_parties (agreement_id, organisation_id) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(*p)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            }
            if let Some(f) = file {
                let sha = sha256_hex(&f.bytes);
                sqlx::query(
                    "INSERT INTO attachment_blobs (sha256, size, bytes) VALUES ($1, $2, $3) \
                     ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(&sha)
                .bind(f.bytes.len() as i64)
                .bind(&f.bytes)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                sqlx::query(
                    "UPDATE agreements SET file_sha256 = $1, file_name = $2, file_type = $3, \
                     file_size = $4 WHERE id = $5",
                )
                .bind(&sha)
                .bind(f.name.trim())
                .bind(&f.content_type)
                .bind(f.bytes.len() as i64)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            }
            Ok(())
        }

        async fn read_agreement(
            db: &Db,
            conn: &mut Conn,
            id: i64,
        ) -> Result<Option<(Agreement, Option<i64>)>, StoreError> {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db.err("reading an agreement"))?;
            row.as_ref().map(agreement_row).transpose()
        }

        /// Puts a notice about agreement `a` in `account`'s inbox.
        async fn notice(
            db: &Db,
            tx: &mut Conn,
            account: i64,
            a: &Agreement,
            kind: &str,
        ) -> Result<(), StoreError> {
            let until = a.data.valid_until.map(day_text).unwrap_or_default();
            let subject = match kind {
                "agreement-renewed" => format!("Agreement renewed until {until}: {}", a.data.title),
                _ => format!("Agreement expires on {until}: {}", a.data.title),
            };
            let detail = serde_json::json!({
                "line": format!("inbox-{kind}"),
                "title": a.data.title,
                "date": until,
            });
            sqlx::query(
                "INSERT INTO inbox (account_id, request_id, kind, subject, created_at, detail, href) \
                 VALUES ($1, NULL, $2, $3, $4, $5, $6)",
            )
            .bind(account)
            .bind(kind)
            .bind(subject)
            .bind(enc_t(time::OffsetDateTime::now_utc()))
            .bind(detail.to_string())
            .bind(format!("/contacts/agreements/{}", a.id))
            .execute(&mut *tx)
            .await
            .map_err(db.err("writing a reminder"))?;
            Ok(())
        }

        fn work_columns(w: Work) -> (Option<i64>, Option<i64>) {
            match w {
                Work::Output(id) => (Some(id), None),
                Work::Meeting(id) => (None, Some(id)),
            }
        }

        fn joint_rows(rows: &[<DbKind as sqlx::Database>::Row]) -> Result<Vec<JointWork>, StoreError> {
            rows.iter()
                .map(|r| {
                    let id: i64 = r.try_get(0).map_err(|e| corrupt("joint work", 0, e))?;
                    let d: String = r.try_get(1).map_err(|e| corrupt("joint work", id, e))?;
                    let data: JointWorkData =
                        serde_json::from_str(&d).map_err(|e| corrupt("joint work", id, e))?;
                    Ok(JointWork { id, data })
                })
                .collect()
        }

        #[async_trait::async_trait]
        impl $crate::partners::AgreementStore for $store {
            async fn create_agreement(
                &self,
                mut data: AgreementData,
                file: Option<SignedUpload>,
                by: Option<i64>,
            ) -> Result<Agreement, StoreError> {
                const DOING: &str = "storing an agreement";
                let db = &self.db;
                data.check(any_theme).map_err(|e| invalid("agreement", e))?;
                if let Some(f) = &file {
                    check_file(f)?;
                }
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                check_links(db, &mut tx, &data).await?;
                let now = now_text();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO agreements (title, stage, data, created_by, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                )
                .bind(&data.title)
                .bind(data.stage.as_str())
                .bind("{}")
                .bind(by)
                .bind(&now)
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                write_agreement(db, &mut tx, id, &data, file.as_ref()).await?;
                let (a, _) = read_agreement(db, &mut tx, id)
                    .await?
                    .ok_or_else(|| not_found("agreement", id))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(a)
            }

            async fn update_agreement(
                &self,
                id: i64,
                mut data: AgreementData,
                file: Option<SignedUpload>,
            ) -> Result<Agreement, StoreError> {
                const DOING: &str = "storing an agreement";
                let db = &self.db;
                if let Some(f) = &file {
                    check_file(f)?;
                }
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let (old, _) = read_agreement(db, &mut tx, id)
                    .await?
                    .ok_or_else(|| not_found("agreement", id))?;
                data.renewals = old.data.renewals;
                data.check(any_theme).map_err(|e| invalid("agreement", e))?;
                check_links(db, &mut tx, &data).await?;
                write_agreement(db, &mut tx, id, &data, file.as_ref()).await?;
                let (a, _) = read_agreement(db, &mut tx, id)
                    .await?
                    .ok_or_else(|| not_found("agreement", id))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(a)
            }

            async fn agreement(&self, id: i64) -> Result<Option<Agreement>, StoreError> {
                let db = &self.db;
                let mut conn = db.pool.acquire().await.map_err(db.err("reading an agreement"))?;
                Ok(read_agreement(db, &mut conn, id).await?.map(|(a, _)| a))
            }

            async fn agreements(&self, filter: &AgreementFilter) -> Result<Vec<Agreement>, StoreError> {
                let db = &self.db;
                let org = filter.organisation.unwrap_or(0);
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE ($1 = 0 OR id IN \
                     (SELECT agreement_id FROM agreement_parties WHERE organisation_id = $1)) \
                     ORDER BY CASE WHEN valid_until IS NULL THEN 1 ELSE 0 END, valid_until, title, id \
                     LIMIT {}",
                    $crate::contacts::MAX_LISTED * 4
                )))
                .bind(org)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading agreements"))?;
                let day = filter.on.unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    let (a, _) = agreement_row(r)?;
                    if filter.standing.is_none_or(|s| a.data.standing(day) == s) {
                        out.push(a);
                    }
                }
                Ok(out)
            }

            async fn agreement_file(
                &self,
                id: i64,
            ) -> Result<Option<(SignedFile, Vec<u8>)>, StoreError> {
                let db = &self.db;
                let Some(a) = self.agreement(id).await? else {
                    return Ok(None);
                };
                let Some(f) = a.file else { return Ok(None) };
                let bytes: Option<Vec<u8>> =
                    sqlx::query_scalar("SELECT bytes FROM attachment_blobs WHERE sha256 = $1")
                        .bind(&f.sha256)
                        .fetch_optional(&db.pool)
                        .await
                        .map_err(db.err("reading a signed file"))?;
                Ok(bytes.map(|b| (f, b)))
            }

            async fn renew_agreement(&self, id: i64, on: time::Date) -> Result<Agreement, StoreError> {
                const DOING: &str = "renewing an agreement";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let (mut a, _) = read_agreement(db, &mut tx, id)
                    .await?
                    .ok_or_else(|| not_found("agreement", id))?;
                a.data.renew(on, false).map_err(|e| invalid("agreement", e))?;
                write_agreement(db, &mut tx, id, &a.data, None).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(a)
            }

            async fn remind_agreements(&self, day: time::Date) -> Result<Reminded, StoreError> {
                const DOING: &str = "reminding of agreements";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {AGREEMENT_COLUMNS} FROM agreements \
                     WHERE stage = $1 AND valid_until IS NOT NULL ORDER BY id"
                )))
                .bind(Stage::Signed.as_str())
                .fetch_all(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                let mut done = Reminded::default();
                for r in &rows {
                    let (mut a, by) = agreement_row(r)?;
                    // The responsible account, else whoever recorded it: the
                    // first still active. With none, nothing is recorded as
                    // sent, so the reminder goes once someone is named.
                    let mut account = None;
                    for candidate in [a.data.responsible, by].into_iter().flatten() {
                        let active: Option<i64> = sqlx::query_scalar(
                            "SELECT id FROM accounts WHERE id = $1 AND disabled_at IS NULL",
                        )
                        .bind(candidate)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        if active.is_some() {
                            account = Some(candidate);
                            break;
                        }
                    }
                    let Some(account) = account else {
                        continue;
                    };
                    // A tacit renewal catches up with every term missed
                    // while the desk was not running.
                    let mut renewed = false;
                    while a.data.renewal_due(day) {
                        if a.data.renew(day, true).is_err() {
                            break;
                        }
                        renewed = true;
                    }
                    if renewed {
                        write_agreement(db, &mut tx, a.id, &a.data, None).await?;
                        notice(db, &mut tx, account, &a, "agreement-renewed").await?;
                        done.renewed.push(a.id);
                    }
                    if a.data.reminder_due(day) {
                        let until = a.data.valid_until.map(day_text).unwrap_or_default();
                        let first = sqlx::query(
                            "INSERT INTO agreement_reminders (agreement_id, valid_until, account_id, sent_at) \
                             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        )
                        .bind(a.id)
                        .bind(&until)
                        .bind(account)
                        .bind(now_text())
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        if first.rows_affected() == 1 {
                            notice(db, &mut tx, account, &a, "agreement-expiring").await?;
                            done.reminded.push(a.id);
                        }
                    }
                }
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(done)
            }
        }

        #[async_trait::async_trait]
        impl $crate::partners::JointWorkStore for $store {
            async fn create_joint_work(&self, mut data: JointWorkData) -> Result<JointWork, StoreError> {
                const DOING: &str = "storing joint work";
                let db = &self.db;
                data.check().map_err(|e| invalid("joint work", e))?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let (table, what) = match data.work {
                    Work::Output(_) => ("outputs", "output"),
                    Work::Meeting(_) => ("meetings", "meeting"),
                };
                for (field, table, id) in [
                    ("organisation", "organisations", data.organisation),
                    ("work", table, data.work.id()),
                ] {
                    let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT id FROM {table} WHERE id = $1"
                    )))
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    if found.is_none() {
                        let what = if field == "work" { what } else { "organisation" };
                        return Err(StoreError::Invalid(format!(
                            "joint work: {field}: there is no {what} {id}"
                        )));
                    }
                }
                let (output, meeting) = work_columns(data.work);
                let same: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM joint_work WHERE organisation_id = $1 AND role = $2 \
                     AND COALESCE(output_id, 0) = $3 AND COALESCE(meeting_id, 0) = $4",
                )
                .bind(data.organisation)
                .bind(data.role.as_str())
                .bind(output.unwrap_or(0))
                .bind(meeting.unwrap_or(0))
                .fetch_optional(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                if same.is_some() {
                    return Err(StoreError::Invalid(
                        "joint work: role: is already recorded for this organisation".into(),
                    ));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO joint_work (organisation_id, output_id, meeting_id, role, data, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(data.organisation)
                .bind(output)
                .bind(meeting)
                .bind(data.role.as_str())
                .bind(serde_json::to_string(&data).expect("joint work encodes as JSON"))
                .bind(now_text())
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(JointWork { id, data })
            }

            async fn delete_joint_work(&self, id: i64) -> Result<Option<JointWork>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query("DELETE FROM joint_work WHERE id = $1 RETURNING id, data")
                    .bind(id)
                    .fetch_all(&db.pool)
                    .await
                    .map_err(db.err("removing joint work"))?;
                Ok(joint_rows(&rows)?.pop())
            }

            async fn joint_work_of_org(&self, organisation: i64) -> Result<Vec<JointWork>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, data FROM joint_work WHERE organisation_id = $1 ORDER BY id DESC",
                )
                .bind(organisation)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading joint work"))?;
                joint_rows(&rows)
            }

            async fn joint_work_on(&self, work: Work) -> Result<Vec<JointWork>, StoreError> {
                let db = &self.db;
                let column = match work {
                    Work::Output(_) => "output_id",
                    Work::Meeting(_) => "meeting_id",
                };
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT id, data FROM joint_work WHERE {column} = $1 ORDER BY id"
                )))
                .bind(work.id())
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading joint work"))?;
                joint_rows(&rows)
            }
        }
    };
}
pub(crate) use backend;
