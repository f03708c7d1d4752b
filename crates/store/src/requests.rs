//! Requests to the desk: the [`RequestStore`] aggregate.
//!
//! Tables (migration `0003_requests.sql`): `requests`, `attachment_blobs`
//! (content addressed by SHA-256, shared between requests),
//! `request_attachments`, `request_assignments`, `request_comments`,
//! `request_events` (the history: who changed what, when),
//! `request_idempotency` (keys unique per account), `request_links` (to
//! outputs and meetings, by id, without a foreign key across aggregates),
//! `notification_outbox` (email to send) and `inbox` (in-app notices).
//!
//! Every write is one transaction: a request is stored with its
//! attachments, its first event, its idempotency key and its notifications,
//! or not at all; a change writes its event and notifications with it.
//!
//! Both backends run the same SQL (numbered `$N` parameters, which SQLite
//! reads too) through [`backend!`]; each supplies how it encodes times and
//! dates and how it begins a writing transaction.

use southdesk_plan::requests::{
    Channel, DeclineReason, LinkKind, Mode, Requester, Routing, Status,
};
use time::{Date, OffsetDateTime};

use crate::StoreError;

/// A file sent with a request. `sha256` (hex) is computed by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// An attachment as listed (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
}

/// A retry key sent with a submission: the same key from the same account
/// gives back the request made the first time. `fingerprint` is a hash of
/// what was submitted: the same key with another content is a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub fingerprint: String,
}

/// A notification written with an event: an email to `email` (sent by the
/// outbox sender) and a notice in the inbox of `account_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub account_id: i64,
    pub email: String,
    /// `received`, `assigned`, `status`, `comment`, `overdue`.
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// Also sent by email to `email` (else the inbox only).
    pub send_email: bool,
}

/// A request to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    pub submitted_by: i64,
    pub requester: Requester,
    pub contact: String,
    pub title: String,
    pub text: String,
    /// Language of the text (`zh`, `en`, `fr`, `es`).
    pub lang: String,
    pub mode: Mode,
    pub forum: Option<String>,
    pub meeting: Option<String>,
    pub deadline: Option<Date>,
    pub confidential: bool,
    pub channel: Channel,
    pub received_at: OffsetDateTime,
    /// Acknowledgement deadline (working days after receipt).
    pub ack_due: Date,
    /// Proposed by the tagger.
    pub routing: Routing,
    pub sdgs: Vec<u8>,
    /// The tagger's result with its evidence, JSON.
    pub tags_json: String,
    pub attachments: Vec<NewAttachment>,
    pub idempotency: Option<Idempotency>,
    /// Notifications of receipt; their `request` is filled in by the store.
    pub notify: Vec<Notice>,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: i64,
    pub submitted_by: i64,
    pub requester: Requester,
    pub contact: String,
    pub title: String,
    pub text: String,
    pub lang: String,
    pub mode: Mode,
    pub forum: Option<String>,
    pub meeting: Option<String>,
    pub deadline: Option<Date>,
    pub confidential: bool,
    pub channel: Channel,
    pub status: Status,
    pub received_at: OffsetDateTime,
    pub ack_due: Date,
    pub acknowledged_at: Option<OffsetDateTime>,
    pub delivered_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
    pub routing: Routing,
    pub sdgs: Vec<u8>,
    pub tags_json: String,
    pub decline_reason: Option<DeclineReason>,
    pub decline_note: Option<String>,
    /// Account ids, ascending.
    pub assignees: Vec<i64>,
    /// Filled by [`RequestStore::request`] only.
    pub attachments: Vec<AttachmentMeta>,
}

impl Request {
    /// What authorisation needs to know about it.
    pub fn facts(&self) -> southdesk_plan::authz::RequestFacts<'_> {
        southdesk_plan::authz::RequestFacts {
            requester: self.requester.party(),
            programme: self.routing.lead.as_deref(),
            assignees: &self.assignees,
        }
    }
}

/// The outcome of a submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Submitted {
    pub request: Request,
    /// False when the idempotency key had been used: `request` is the one
    /// made the first time.
    pub created: bool,
}

/// A change to a request; each writes one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Confirm (or correct) the routing: received → triaged.
    Triage {
        routing: Routing,
        sdgs: Vec<u8>,
    },
    /// Assign staff: triaged → assigned (or change the people assigned).
    Assign {
        assignees: Vec<i64>,
    },
    /// Any other status change allowed by
    /// [`southdesk_plan::requests::check_transition`]; declining needs a
    /// reason.
    Status {
        to: Status,
        decline: Option<(DeclineReason, String)>,
    },
    Comment {
        text: String,
        internal: bool,
    },
    /// Link an output or a meeting (whose existence the caller checked).
    Link {
        kind: LinkKind,
        target: i64,
    },
}

impl Change {
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Triage { .. } => "triaged",
            Change::Assign { .. } => "assigned",
            Change::Status { .. } => "status",
            Change::Comment { .. } => "comment",
            Change::Link { .. } => "linked",
        }
    }
}

/// Which requests to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestQuery {
    pub requester: Option<Requester>,
    /// Lead or supporting programme.
    pub programme: Option<String>,
    pub assignee: Option<i64>,
    pub open_only: bool,
    /// Overdue on this day (see [`southdesk_plan::requests::is_overdue`]).
    pub overdue_on: Option<Date>,
    /// At most this many, newest first (0: 500).
    pub limit: u32,
}

/// One entry of a request's history.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestEvent {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor: i64,
    /// `received`, `triaged`, `assigned`, `status`, `comment`, `linked`.
    pub kind: String,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    /// What changed, JSON.
    pub detail: String,
    /// Internal (a comment for the Secretariat only).
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: i64,
    pub at: OffsetDateTime,
    pub author: i64,
    pub internal: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: LinkKind,
    pub target: i64,
    pub at: OffsetDateTime,
    pub by: i64,
}

/// An email waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    pub id: i64,
    pub email: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A notice in someone's inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxItem {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub subject: String,
    pub at: OffsetDateTime,
    pub read: bool,
}

/// Requests and everything attached to them.
#[async_trait::async_trait]
pub trait RequestStore: Send + Sync {
    /// Stores a request with its attachments, its `received` event, its
    /// idempotency key and its notifications, in one transaction. With a
    /// key already used by the account: the first request, `created:
    /// false` ([`StoreError::Conflict`] if the fingerprint differs).
    async fn submit_request(&self, new: NewRequest) -> Result<Submitted, StoreError>;

    /// The request with its attachments and assignees.
    async fn request(&self, id: i64) -> Result<Option<Request>, StoreError>;

    /// Requests matching `q`, newest first, with assignees, without
    /// attachments.
    async fn requests(&self, q: &RequestQuery) -> Result<Vec<Request>, StoreError>;

    /// Applies a change by `actor`, writes its event and `notify`, in one
    /// transaction. [`StoreError::NotFound`] if there is no such request,
    /// [`StoreError::Conflict`] if its status does not allow the change,
    /// [`StoreError::Invalid`] if an assignee is not an account.
    async fn change_request(
        &self,
        id: i64,
        actor: i64,
        change: Change,
        notify: Vec<Notice>,
    ) -> Result<Request, StoreError>;

    /// The history, oldest first.
    async fn request_events(&self, id: i64) -> Result<Vec<RequestEvent>, StoreError>;

    /// Comments, oldest first.
    async fn request_comments(&self, id: i64) -> Result<Vec<Comment>, StoreError>;

    /// Links, oldest first.
    async fn request_links(&self, id: i64) -> Result<Vec<Link>, StoreError>;

    /// An attachment of the request, with its bytes.
    async fn attachment(
        &self,
        request_id: i64,
        attachment_id: i64,
    ) -> Result<Option<(AttachmentMeta, Vec<u8>)>, StoreError>;

    /// Emails due at `now` (unsent, next attempt reached), oldest first.
    async fn due_notifications(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, StoreError>;

    async fn notification_sent(&self, id: i64, at: OffsetDateTime) -> Result<(), StoreError>;

    /// Records a failed attempt; the next one is at `retry_at`.
    async fn notification_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: OffsetDateTime,
    ) -> Result<(), StoreError>;

    /// The account's inbox, newest first.
    async fn inbox(&self, account_id: i64, limit: u32) -> Result<Vec<InboxItem>, StoreError>;

    /// Marks an item of the account's inbox read.
    async fn mark_inbox_read(&self, account_id: i64, id: i64) -> Result<(), StoreError>;

    /// Writes `notify` for a request that became overdue on `day`, once per
    /// request and day; returns whether it wrote them.
    async fn notify_overdue(
        &self,
        request_id: i64,
        day: Date,
        notify: Vec<Notice>,
    ) -> Result<bool, StoreError>;
}

pub(crate) fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "request",
        id: id.to_string(),
    }
}

pub(crate) fn corrupt(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "request",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

/// Checks what the store itself can check of a new request.
pub(crate) fn check_new(new: &NewRequest) -> Result<(), StoreError> {
    if new.title.trim().is_empty() || new.text.trim().is_empty() {
        return Err(StoreError::Invalid(
            "a request needs a title and a text".into(),
        ));
    }
    if let Some(k) = &new.idempotency
        && (k.key.is_empty() || k.key.len() > 200)
    {
        return Err(StoreError::Invalid(
            "an idempotency key has 1 to 200 characters".into(),
        ));
    }
    Ok(())
}

/// The new status (and whether it acknowledges or delivers) of a change to
/// a request in `from`; `Conflict` if the rules refuse it.
pub(crate) fn next_status(id: i64, from: Status, change: &Change) -> Result<Status, StoreError> {
    use southdesk_plan::requests::check_transition;
    let refuse =
        |what: &str| StoreError::Conflict(format!("request {id} is {from}: it cannot be {what}"));
    match change {
        Change::Triage { .. } => match from {
            Status::Received | Status::Triaged => Ok(Status::Triaged),
            _ => Err(refuse("triaged")),
        },
        Change::Assign { assignees } => {
            if assignees.is_empty() {
                return Err(StoreError::Invalid("assign at least one person".into()));
            }
            match from {
                Status::Received | Status::Triaged => Ok(Status::Assigned),
                Status::Assigned | Status::InProgress => Ok(from),
                _ => Err(refuse("assigned")),
            }
        }
        Change::Status { to, decline } => {
            if *to == Status::Assigned {
                return Err(StoreError::Invalid(
                    "a request is assigned by assigning people to it".into(),
                ));
            }
            if (*to == Status::Declined) != decline.is_some() {
                return Err(StoreError::Invalid(
                    "a request is declined with a reason, and only then".into(),
                ));
            }
            check_transition(from, *to)
                .map(|_| *to)
                .map_err(|e| StoreError::Conflict(format!("request {id}: {e}")))
        }
        Change::Comment { .. } | Change::Link { .. } => Ok(from),
    }
}

fn parse_field<T>(id: i64, what: &str, v: Option<T>) -> Result<T, StoreError> {
    v.ok_or_else(|| corrupt(id, format!("bad {what}")))
}

pub(crate) fn decode_requester(id: i64, kind: &str, rid: &str) -> Result<Requester, StoreError> {
    parse_field(id, "requester", Requester::from_parts(kind, rid))
}

pub(crate) fn decode_status(id: i64, s: &str) -> Result<Status, StoreError> {
    parse_field(id, "status", Status::parse(s))
}

pub(crate) fn decode_mode(id: i64, s: &str) -> Result<Mode, StoreError> {
    parse_field(id, "mode", Mode::parse(s))
}

pub(crate) fn decode_channel(id: i64, s: &str) -> Result<Channel, StoreError> {
    parse_field(id, "channel", Channel::parse(s))
}

pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    id: i64,
    s: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| corrupt(id, e))
}

/// The implementation of [`RequestStore`] over one backend's `Db`. The
/// module invoking it defines: `type Row`, `enc_t`, `enc_d`, `get_t`,
/// `get_ot`, `get_d`, `get_od` (encode and read times and dates) and
/// `begin(db)` (a writing transaction); `$lock` is appended to the
/// select that reads a request before changing it.
macro_rules! backend {
    (lock = $lock:literal) => {
        use sqlx::Row as _;
        use $crate::requests::*;
        use southdesk_plan::requests::{DeclineReason, LinkKind, Routing, Status};

        fn request_row(r: &Row) -> Result<Request, StoreError> {
            let id: i64 = r.try_get("id").map_err(|e| corrupt(0, e))?;
            let c = |e: sqlx::Error| corrupt(id, e);
            let s = |col: &str| -> Result<String, StoreError> { r.try_get(col).map_err(c) };
            let os = |col: &str| -> Result<Option<String>, StoreError> { r.try_get(col).map_err(c) };
            Ok(Request {
                id,
                submitted_by: r.try_get("submitted_by").map_err(c)?,
                requester: decode_requester(id, &s("requester_kind")?, &s("requester_id")?)?,
                contact: s("contact")?,
                title: s("title")?,
                text: s("body")?,
                lang: s("lang")?,
                mode: decode_mode(id, &s("mode")?)?,
                forum: os("forum")?,
                meeting: os("meeting")?,
                deadline: get_od(r, "deadline").map_err(|e| corrupt(id, e))?,
                confidential: r.try_get("confidential").map_err(c)?,
                channel: decode_channel(id, &s("channel")?)?,
                status: decode_status(id, &s("status")?)?,
                received_at: get_t(r, "received_at").map_err(|e| corrupt(id, e))?,
                ack_due: get_d(r, "ack_due").map_err(|e| corrupt(id, e))?,
                acknowledged_at: get_ot(r, "acknowledged_at").map_err(|e| corrupt(id, e))?,
                delivered_at: get_ot(r, "delivered_at").map_err(|e| corrupt(id, e))?,
                updated_at: get_t(r, "updated_at").map_err(|e| corrupt(id, e))?,
                routing: Routing {
                    themes: decode_json(id, &s("themes")?)?,
                    lead: os("programme")?,
                    supporting: decode_json(id, &s("supporting")?)?,
                    out_of_plan: r.try_get("out_of_plan").map_err(c)?,
                },
                sdgs: decode_json(id, &s("sdgs")?)?,
                tags_json: s("tags_json")?,
                decline_reason: match os("decline_reason")? {
                    Some(d) => Some(parse_reason(id, &d)?),
                    None => None,
                },
                decline_note: os("decline_note")?,
                assignees: Vec::new(),
                attachments: Vec::new(),
            })
        }

        fn parse_reason(id: i64, s: &str) -> Result<DeclineReason, StoreError> {
            DeclineReason::parse(s).ok_or_else(|| corrupt(id, "bad decline reason"))
        }

        async fn assignees_of<'e, E>(db: &Db, e: E, id: i64) -> Result<Vec<i64>, StoreError>
        where
            E: sqlx::Executor<'e, Database = DbKind>,
        {
            sqlx::query_scalar(
                "SELECT account_id FROM request_assignments WHERE request_id = $1 ORDER BY account_id",
            )
            .bind(id)
            .fetch_all(e)
            .await
            .map_err(db.err("reading the assignees of a request"))
        }

        async fn write_notices(
            db: &Db,
            tx: &mut sqlx::Transaction<'_, DbKind>,
            request_id: i64,
            at: time::OffsetDateTime,
            notify: &[Notice],
        ) -> Result<(), StoreError> {
            const DOING: &str = "writing notifications";
            for n in notify.iter().filter(|n| n.send_email) {
                sqlx::query(
                    "INSERT INTO notification_outbox (request_id, account_id, email, subject, body, \
                     created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $6)",
                )
                .bind(request_id)
                .bind(n.account_id)
                .bind(&n.email)
                .bind(&n.subject)
                .bind(&n.body)
                .bind(enc_t(at))
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            for n in notify {
                sqlx::query(
                    "INSERT INTO inbox (account_id, request_id, kind, subject, created_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(n.account_id)
                .bind(request_id)
                .bind(&n.kind)
                .bind(&n.subject)
                .bind(enc_t(at))
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            Ok(())
        }

        #[allow(clippy::too_many_arguments)]
        async fn write_event(
            db: &Db,
            tx: &mut sqlx::Transaction<'_, DbKind>,
            request_id: i64,
            at: time::OffsetDateTime,
            actor: i64,
            kind: &str,
            from: Option<Status>,
            to: Option<Status>,
            detail: String,
            internal: bool,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO request_events (request_id, at, actor_id, kind, from_status, \
                 to_status, detail, internal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(request_id)
            .bind(enc_t(at))
            .bind(actor)
            .bind(kind)
            .bind(from.map(Status::as_str))
            .bind(to.map(Status::as_str))
            .bind(detail)
            .bind(internal)
            .execute(&mut **tx)
            .await
            .map(drop)
            .map_err(db.err("writing the history of a request"))
        }

        /// Replaces the programmes request `id` is routed to (the lead and
        /// the supporting ones), which a programme's queue reads.
        async fn write_programmes(
            db: &Db,
            tx: &mut sqlx::Transaction<'static, DbKind>,
            id: i64,
            routing: &Routing,
        ) -> Result<(), StoreError> {
            const DOING: &str = "routing a request";
            sqlx::query("DELETE FROM request_programmes WHERE request_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            let lead = routing.lead.iter().map(|p| (p, true));
            let supporting = routing.supporting.iter().map(|p| (p, false));
            for (programme, is_lead) in lead.chain(supporting) {
                sqlx::query(
                    "INSERT INTO request_programmes (programme, request_id, lead) VALUES ($1, $2, $3) \
                     ON CONFLICT (programme, request_id) DO NOTHING",
                )
                .bind(programme)
                .bind(id)
                .bind(is_lead)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            Ok(())
        }

        pub(super) async fn submit(db: &Db, new: NewRequest) -> Result<Submitted, StoreError> {
            const DOING: &str = "storing a request";
            check_new(&new)?;
            let mut tx = begin(db).await.map_err(db.err(DOING))?;
            if let Some(k) = &new.idempotency {
                let claimed: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO request_idempotency (account_id, key, fingerprint, created_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, key) DO NOTHING RETURNING account_id",
                )
                .bind(new.submitted_by)
                .bind(&k.key)
                .bind(&k.fingerprint)
                .bind(enc_t(new.received_at))
                .fetch_optional(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                if claimed.is_none() {
                    let (fingerprint, request_id): (String, Option<i64>) = sqlx::query_as(
                        "SELECT fingerprint, request_id FROM request_idempotency \
                         WHERE account_id = $1 AND key = $2",
                    )
                    .bind(new.submitted_by)
                    .bind(&k.key)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    tx.rollback().await.map_err(db.err(DOING))?;
                    if fingerprint != k.fingerprint {
                        return Err(StoreError::Conflict(format!(
                            "the idempotency key {:?} was used for another request",
                            k.key
                        )));
                    }
                    let id = request_id.ok_or_else(|| corrupt(0, "idempotency key without request"))?;
                    let request = get(db, id).await?.ok_or_else(|| not_found(id))?;
                    return Ok(Submitted { request, created: false });
                }
            }
            let at = new.received_at;
            let row = sqlx::query("INSERT INTO requests (submitted_by, requester_kind, requester_id, contact, title, \
                 body, lang, mode, forum, meeting, deadline, confidential, channel, status, \
                 received_at, ack_due, updated_at, themes, programme, supporting, out_of_plan, \
                 sdgs, tags_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
                 'received', $14, $15, $14, $16, $17, $18, $19, $20, $21) RETURNING id")
            .bind(new.submitted_by)
            .bind(new.requester.kind())
            .bind(new.requester.id())
            .bind(&new.contact)
            .bind(new.title.trim())
            .bind(&new.text)
            .bind(&new.lang)
            .bind(new.mode.as_str())
            .bind(&new.forum)
            .bind(&new.meeting)
            .bind(new.deadline.map(enc_d))
            .bind(new.confidential)
            .bind(new.channel.as_str())
            .bind(enc_t(at))
            .bind(enc_d(new.ack_due))
            .bind(json(&new.routing.themes))
            .bind(&new.routing.lead)
            .bind(json(&new.routing.supporting))
            .bind(new.routing.out_of_plan)
            .bind(json(&new.sdgs))
            .bind(&new.tags_json)
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
            let id: i64 = row.try_get(0).map_err(db.err(DOING))?;
            write_programmes(db, &mut tx, id, &new.routing).await?;
            for a in &new.attachments {
                sqlx::query(
                    "INSERT INTO attachment_blobs (sha256, size, bytes) VALUES ($1, $2, $3) \
                     ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(&a.sha256)
                .bind(a.bytes.len() as i64)
                .bind(&a.bytes)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                sqlx::query(
                    "INSERT INTO request_attachments (request_id, sha256, filename, content_type, size) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(&a.sha256)
                .bind(&a.filename)
                .bind(&a.content_type)
                .bind(a.bytes.len() as i64)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            }
            if let Some(k) = &new.idempotency {
                sqlx::query(
                    "UPDATE request_idempotency SET request_id = $1 WHERE account_id = $2 AND key = $3",
                )
                .bind(id)
                .bind(new.submitted_by)
                .bind(&k.key)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
            }
            let detail = serde_json::json!({
                "channel": new.channel.as_str(),
                "attachments": new.attachments.len(),
            });
            write_event(
                db, &mut tx, id, at, new.submitted_by, "received", None,
                Some(Status::Received), detail.to_string(), false,
            )
            .await?;
            write_notices(db, &mut tx, id, at, &new.notify).await?;
            tx.commit().await.map_err(db.err(DOING))?;
            let request = get(db, id).await?.ok_or_else(|| not_found(id))?;
            Ok(Submitted { request, created: true })
        }

        pub(super) async fn get(db: &Db, id: i64) -> Result<Option<Request>, StoreError> {
            const DOING: &str = "reading a request";
            let row = sqlx::query("SELECT id, submitted_by, requester_kind, requester_id, contact, title, body, lang, \
                 mode, forum, meeting, deadline, confidential, channel, status, received_at, ack_due, \
                 acknowledged_at, delivered_at, updated_at, themes, programme, supporting, \
                 out_of_plan, sdgs, tags_json, decline_reason, decline_note FROM requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db.err(DOING))?;
            let Some(row) = row else { return Ok(None) };
            let mut r = request_row(&row)?;
            r.assignees = assignees_of(db, &db.pool, id).await?;
            let rows = sqlx::query(
                "SELECT id, filename, content_type, sha256, size FROM request_attachments \
                 WHERE request_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .map_err(db.err(DOING))?;
            for a in rows {
                let c = |e: sqlx::Error| corrupt(id, e);
                r.attachments.push(AttachmentMeta {
                    id: a.try_get("id").map_err(c)?,
                    filename: a.try_get("filename").map_err(c)?,
                    content_type: a.try_get("content_type").map_err(c)?,
                    sha256: a.try_get("sha256").map_err(c)?,
                    size: a.try_get("size").map_err(c)?,
                });
            }
            Ok(Some(r))
        }

        pub(super) async fn list(db: &Db, q: &RequestQuery) -> Result<Vec<Request>, StoreError> {
            const DOING: &str = "listing requests";
            let limit = if q.limit == 0 { 500 } else { i64::from(q.limit) };
            // Only the filters asked for go into the SQL, each a condition
            // an index answers: a generic `$1 = '' OR …` form keeps SQLite
            // from using any of them.
            let mut sql = String::from(
                "SELECT id, submitted_by, requester_kind, requester_id, contact, title, body, lang, \
                 mode, forum, meeting, deadline, confidential, channel, status, received_at, ack_due, \
                 acknowledged_at, delivered_at, updated_at, themes, programme, supporting, \
                 out_of_plan, sdgs, tags_json, decline_reason, decline_note FROM requests r WHERE TRUE",
            );
            let mut n = 0;
            let mut param = || {
                n += 1;
                format!("${n}")
            };
            if q.requester.is_some() {
                let (k, i) = (param(), param());
                sql += &format!(" AND requester_kind = {k} AND requester_id = {i}");
            }
            if q.programme.is_some() {
                sql += &format!(
                    " AND id IN (SELECT request_id FROM request_programmes WHERE programme = {})",
                    param()
                );
            }
            if q.assignee.is_some() {
                sql += &format!(
                    " AND id IN (SELECT request_id FROM request_assignments WHERE account_id = {})",
                    param()
                );
            }
            if q.open_only {
                sql += " AND status IN ('received', 'triaged', 'assigned', 'in-progress')";
            }
            if q.overdue_on.is_some() {
                let d = param();
                sql += &format!(
                    " AND ((status = 'received' AND ack_due < {d}) \
                     OR (status IN ('received', 'triaged', 'assigned', 'in-progress') AND deadline < {d}))"
                );
            }
            sql += &format!(" ORDER BY received_at DESC, id DESC LIMIT {}", param());
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            if let Some(r) = &q.requester {
                query = query.bind(r.kind()).bind(r.id());
            }
            if let Some(p) = &q.programme {
                query = query.bind(p.as_str());
            }
            if let Some(a) = q.assignee {
                query = query.bind(a);
            }
            if let Some(d) = q.overdue_on {
                query = query.bind(enc_d(d));
            }
            let rows = query
                .bind(limit)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err(DOING))?;
            let mut out = rows.iter().map(request_row).collect::<Result<Vec<_>, _>>()?;
            // The assignees of all of them in one query.
            if !out.is_empty() {
                let list = (1..=out.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
                let mut query = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(format!(
                    "SELECT request_id, account_id FROM request_assignments \
                     WHERE request_id IN ({list}) ORDER BY account_id"
                )));
                for r in &out {
                    query = query.bind(r.id);
                }
                let pairs = query.fetch_all(&db.pool).await.map_err(db.err(DOING))?;
                let mut by_request: std::collections::HashMap<i64, Vec<i64>> =
                    std::collections::HashMap::new();
                for (request, account) in pairs {
                    by_request.entry(request).or_default().push(account);
                }
                for r in &mut out {
                    r.assignees = by_request.remove(&r.id).unwrap_or_default();
                }
            }
            Ok(out)
        }

        pub(super) async fn change(
            db: &Db,
            id: i64,
            actor: i64,
            change: Change,
            notify: Vec<Notice>,
        ) -> Result<Request, StoreError> {
            const DOING: &str = "changing a request";
            let mut tx = begin(db).await.map_err(db.err(DOING))?;
            let status: Option<String> =
                sqlx::query_scalar(concat!("SELECT status FROM requests WHERE id = $1", $lock))
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
            let from = decode_status(id, &status.ok_or_else(|| not_found(id))?)?;
            let to = next_status(id, from, &change)?;
            let now = crate::plan_versions::now();
            let changed = to != from;
            let mut internal = false;
            let detail = match &change {
                Change::Triage { routing, sdgs } => {
                    sqlx::query(
                        "UPDATE requests SET themes = $1, programme = $2, supporting = $3, \
                         out_of_plan = $4, sdgs = $5 WHERE id = $6",
                    )
                    .bind(json(&routing.themes))
                    .bind(&routing.lead)
                    .bind(json(&routing.supporting))
                    .bind(routing.out_of_plan)
                    .bind(json(sdgs))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    write_programmes(db, &mut tx, id, routing).await?;
                    serde_json::json!({ "routing": routing, "sdgs": sdgs })
                }
                Change::Assign { assignees } => {
                    sqlx::query("DELETE FROM request_assignments WHERE request_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    for a in assignees {
                        sqlx::query(
                            "INSERT INTO request_assignments (request_id, account_id, assigned_at, \
                             assigned_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(*a)
                        .bind(enc_t(now))
                        .bind(actor)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| match &e {
                            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                                StoreError::Invalid(format!("there is no account {a}"))
                            }
                            _ => db.err(DOING)(e),
                        })?;
                    }
                    serde_json::json!({ "assignees": assignees })
                }
                Change::Status { decline, .. } => {
                    if let Some((reason, note)) = decline {
                        sqlx::query(
                            "UPDATE requests SET decline_reason = $1, decline_note = $2, status = 'declined' \
                             WHERE id = $3",
                        )
                        .bind(reason.as_str())
                        .bind(note)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                    }
                    match decline {
                        Some((reason, note)) => {
                            serde_json::json!({ "reason": reason.as_str(), "note": note })
                        }
                        None => serde_json::json!({}),
                    }
                }
                Change::Comment { text, internal: i } => {
                    internal = *i;
                    sqlx::query(
                        "INSERT INTO request_comments (request_id, at, author_id, internal, text) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(enc_t(now))
                    .bind(actor)
                    .bind(*i)
                    .bind(text)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    serde_json::json!({ "internal": i })
                }
                Change::Link { kind, target } => {
                    sqlx::query(
                        "INSERT INTO request_links (request_id, kind, target_id, linked_at, linked_by) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(kind.as_str())
                    .bind(*target)
                    .bind(enc_t(now))
                    .bind(actor)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    serde_json::json!({ "kind": kind.as_str(), "target": target })
                }
            };
            let acknowledges = changed && from == Status::Received;
            let delivers = changed && to == Status::Delivered;
            sqlx::query(
                "UPDATE requests SET status = $1, updated_at = $2, \
                 acknowledged_at = CASE WHEN $3 = 1 AND acknowledged_at IS NULL THEN $2 ELSE acknowledged_at END, \
                 delivered_at = CASE WHEN $4 = 1 THEN $2 ELSE delivered_at END WHERE id = $5",
            )
            .bind(to.as_str())
            .bind(enc_t(now))
            .bind(i64::from(acknowledges))
            .bind(i64::from(delivers))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db.err(DOING))?;
            write_event(
                db, &mut tx, id, now, actor, change.kind(), Some(from),
                changed.then_some(to), detail.to_string(), internal,
            )
            .await?;
            write_notices(db, &mut tx, id, now, &notify).await?;
            tx.commit().await.map_err(db.err(DOING))?;
            get(db, id).await?.ok_or_else(|| not_found(id))
        }

        pub(super) async fn events(db: &Db, id: i64) -> Result<Vec<RequestEvent>, StoreError> {
            let rows = sqlx::query(
                "SELECT id, at, actor_id, kind, from_status, to_status, detail, internal \
                 FROM request_events WHERE request_id = $1 ORDER BY at, id",
            )
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .map_err(db.err("reading the history of a request"))?;
            rows.iter()
                .map(|r| {
                    let c = |e: sqlx::Error| corrupt(id, e);
                    let st = |col: &str| -> Result<Option<Status>, StoreError> {
                        let s: Option<String> = r.try_get(col).map_err(c)?;
                        s.map(|s| decode_status(id, &s)).transpose()
                    };
                    Ok(RequestEvent {
                        id: r.try_get("id").map_err(c)?,
                        at: get_t(r, "at").map_err(|e| corrupt(id, e))?,
                        actor: r.try_get("actor_id").map_err(c)?,
                        kind: r.try_get("kind").map_err(c)?,
                        from_status: st("from_status")?,
                        to_status: st("to_status")?,
                        detail: r.try_get("detail").map_err(c)?,
                        internal: r.try_get("internal").map_err(c)?,
                    })
                })
                .collect()
        }

        pub(super) async fn comments(db: &Db, id: i64) -> Result<Vec<Comment>, StoreError> {
            let rows = sqlx::query(
                "SELECT id, at, author_id, internal, text FROM request_comments \
                 WHERE request_id = $1 ORDER BY at, id",
            )
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .map_err(db.err("reading comments"))?;
            rows.iter()
                .map(|r| {
                    let c = |e: sqlx::Error| corrupt(id, e);
                    Ok(Comment {
                        id: r.try_get("id").map_err(c)?,
                        at: get_t(r, "at").map_err(|e| corrupt(id, e))?,
                        author: r.try_get("author_id").map_err(c)?,
                        internal: r.try_get("internal").map_err(c)?,
                        text: r.try_get("text").map_err(c)?,
                    })
                })
                .collect()
        }

        pub(super) async fn links(db: &Db, id: i64) -> Result<Vec<Link>, StoreError> {
            let rows = sqlx::query(
                "SELECT kind, target_id, linked_at, linked_by FROM request_links \
                 WHERE request_id = $1 ORDER BY linked_at, kind, target_id",
            )
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .map_err(db.err("reading links"))?;
            rows.iter()
                .map(|r| {
                    let c = |e: sqlx::Error| corrupt(id, e);
                    let kind: String = r.try_get("kind").map_err(c)?;
                    Ok(Link {
                        kind: LinkKind::parse(&kind).ok_or_else(|| corrupt(id, "bad link kind"))?,
                        target: r.try_get("target_id").map_err(c)?,
                        at: get_t(r, "linked_at").map_err(|e| corrupt(id, e))?,
                        by: r.try_get("linked_by").map_err(c)?,
                    })
                })
                .collect()
        }

        pub(super) async fn attachment(
            db: &Db,
            request_id: i64,
            attachment_id: i64,
        ) -> Result<Option<(AttachmentMeta, Vec<u8>)>, StoreError> {
            let row = sqlx::query(
                "SELECT a.id, a.filename, a.content_type, a.sha256, a.size, b.bytes \
                 FROM request_attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256 \
                 WHERE a.request_id = $1 AND a.id = $2",
            )
            .bind(request_id)
            .bind(attachment_id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db.err("reading an attachment"))?;
            let Some(r) = row else { return Ok(None) };
            let c = |e: sqlx::Error| corrupt(request_id, e);
            Ok(Some((
                AttachmentMeta {
                    id: r.try_get("id").map_err(c)?,
                    filename: r.try_get("filename").map_err(c)?,
                    content_type: r.try_get("content_type").map_err(c)?,
                    sha256: r.try_get("sha256").map_err(c)?,
                    size: r.try_get("size").map_err(c)?,
                },
                r.try_get("bytes").map_err(c)?,
            )))
        }

        pub(super) async fn due(
            db: &Db,
            now: time::OffsetDateTime,
            limit: u32,
        ) -> Result<Vec<OutboxMessage>, StoreError> {
            let rows = sqlx::query(
                "SELECT id, email, subject, body, attempts FROM notification_outbox \
                 WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
            )
            .bind(enc_t(now))
            .bind(i64::from(limit))
            .fetch_all(&db.pool)
            .await
            .map_err(db.err("reading the outbox"))?;
            rows.iter()
                .map(|r| {
                    let c = |e: sqlx::Error| corrupt(0, e);
                    Ok(OutboxMessage {
                        id: r.try_get("id").map_err(c)?,
                        email: r.try_get("email").map_err(c)?,
                        subject: r.try_get("subject").map_err(c)?,
                        body: r.try_get("body").map_err(c)?,
                        attempts: r.try_get("attempts").map_err(c)?,
                    })
                })
                .collect()
        }

        pub(super) async fn sent(db: &Db, id: i64, at: time::OffsetDateTime) -> Result<(), StoreError> {
            sqlx::query(
                "UPDATE notification_outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2",
            )
            .bind(enc_t(at))
            .bind(id)
            .execute(&db.pool)
            .await
            .map(drop)
            .map_err(db.err("updating the outbox"))
        }

        pub(super) async fn failed(
            db: &Db,
            id: i64,
            error: &str,
            retry_at: time::OffsetDateTime,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "UPDATE notification_outbox SET attempts = attempts + 1, last_error = $1, \
                 next_attempt_at = $2 WHERE id = $3",
            )
            .bind(error)
            .bind(enc_t(retry_at))
            .bind(id)
            .execute(&db.pool)
            .await
            .map(drop)
            .map_err(db.err("updating the outbox"))
        }

        pub(super) async fn inbox(db: &Db, account_id: i64, limit: u32) -> Result<Vec<InboxItem>, StoreError> {
            let rows = sqlx::query(
                "SELECT id, request_id, kind, subject, created_at, read_at FROM inbox \
                 WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
            )
            .bind(account_id)
            .bind(i64::from(if limit == 0 { 200 } else { limit }))
            .fetch_all(&db.pool)
            .await
            .map_err(db.err("reading an inbox"))?;
            rows.iter()
                .map(|r| {
                    let c = |e: sqlx::Error| corrupt(0, e);
                    Ok(InboxItem {
                        id: r.try_get("id").map_err(c)?,
                        request_id: r.try_get("request_id").map_err(c)?,
                        kind: r.try_get("kind").map_err(c)?,
                        subject: r.try_get("subject").map_err(c)?,
                        at: get_t(r, "created_at").map_err(|e| corrupt(0, e))?,
                        read: get_ot(r, "read_at").map_err(|e| corrupt(0, e))?.is_some(),
                    })
                })
                .collect()
        }

        pub(super) async fn mark_read(db: &Db, account_id: i64, id: i64) -> Result<(), StoreError> {
            let done = sqlx::query(
                "UPDATE inbox SET read_at = $1 WHERE account_id = $2 AND id = $3",
            )
            .bind(enc_t(crate::plan_versions::now()))
            .bind(account_id)
            .bind(id)
            .execute(&db.pool)
            .await
            .map_err(db.err("updating an inbox"))?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound { what: "inbox item", id: id.to_string() });
            }
            Ok(())
        }

        pub(super) async fn overdue(
            db: &Db,
            request_id: i64,
            day: time::Date,
            notify: Vec<Notice>,
        ) -> Result<bool, StoreError> {
            const DOING: &str = "recording an overdue notice";
            let mut tx = begin(db).await.map_err(db.err(DOING))?;
            let fresh: Option<i64> = sqlx::query_scalar(
                "INSERT INTO request_overdue_notices (request_id, on_day) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING RETURNING request_id",
            )
            .bind(request_id)
            .bind(enc_d(day))
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(d) if d.is_foreign_key_violation() => not_found(request_id),
                _ => db.err(DOING)(e),
            })?;
            if fresh.is_none() {
                return Ok(false);
            }
            write_notices(db, &mut tx, request_id, crate::plan_versions::now(), &notify).await?;
            tx.commit().await.map_err(db.err(DOING))?;
            Ok(true)
        }

    };
}
pub(crate) use backend;

/// The [`RequestStore`] impl of a backend store type whose module `$m` was
/// made with [`backend!`].
macro_rules! store_impl {
    ($store:ty, $m:ident) => {
        #[async_trait::async_trait]
        impl $crate::requests::RequestStore for $store {
            async fn submit_request(
                &self,
                new: $crate::requests::NewRequest,
            ) -> Result<$crate::requests::Submitted, StoreError> {
                $m::submit(&self.db, new).await
            }
            async fn request(
                &self,
                id: i64,
            ) -> Result<Option<$crate::requests::Request>, StoreError> {
                $m::get(&self.db, id).await
            }
            async fn requests(
                &self,
                q: &$crate::requests::RequestQuery,
            ) -> Result<Vec<$crate::requests::Request>, StoreError> {
                $m::list(&self.db, q).await
            }
            async fn change_request(
                &self,
                id: i64,
                actor: i64,
                change: $crate::requests::Change,
                notify: Vec<$crate::requests::Notice>,
            ) -> Result<$crate::requests::Request, StoreError> {
                $m::change(&self.db, id, actor, change, notify).await
            }
            async fn request_events(
                &self,
                id: i64,
            ) -> Result<Vec<$crate::requests::RequestEvent>, StoreError> {
                $m::events(&self.db, id).await
            }
            async fn request_comments(
                &self,
                id: i64,
            ) -> Result<Vec<$crate::requests::Comment>, StoreError> {
                $m::comments(&self.db, id).await
            }
            async fn request_links(
                &self,
                id: i64,
            ) -> Result<Vec<$crate::requests::Link>, StoreError> {
                $m::links(&self.db, id).await
            }
            async fn attachment(
                &self,
                request_id: i64,
                attachment_id: i64,
            ) -> Result<Option<($crate::requests::AttachmentMeta, Vec<u8>)>, StoreError> {
                $m::attachment(&self.db, request_id, attachment_id).await
            }
            async fn due_notifications(
                &self,
                now: time::OffsetDateTime,
                limit: u32,
            ) -> Result<Vec<$crate::requests::OutboxMessage>, StoreError> {
                $m::due(&self.db, now, limit).await
            }
            async fn notification_sent(
                &self,
                id: i64,
                at: time::OffsetDateTime,
            ) -> Result<(), StoreError> {
                $m::sent(&self.db, id, at).await
            }
            async fn notification_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: time::OffsetDateTime,
            ) -> Result<(), StoreError> {
                $m::failed(&self.db, id, error, retry_at).await
            }
            async fn inbox(
                &self,
                account_id: i64,
                limit: u32,
            ) -> Result<Vec<$crate::requests::InboxItem>, StoreError> {
                $m::inbox(&self.db, account_id, limit).await
            }
            async fn mark_inbox_read(&self, account_id: i64, id: i64) -> Result<(), StoreError> {
                $m::mark_read(&self.db, account_id, id).await
            }
            async fn notify_overdue(
                &self,
                request_id: i64,
                day: time::Date,
                notify: Vec<$crate::requests::Notice>,
            ) -> Result<bool, StoreError> {
                $m::overdue(&self.db, request_id, day, notify).await
            }
        }
    };
}
pub(crate) use store_impl;
