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
//! The module is laid out by responsibility:
//!
//! - here, the aggregate's types and its trait;
//! - [`rules`]: what the store itself checks of a new request and of a
//!   change (the status a change leads to);
//! - [`queue`]: the SQL of the lists a desk works from (a party's requests,
//!   a programme's queue, someone's assignments, the overdue ones);
//! - [`sql`]: the row decoding and the [`backend!`] macro, the trait impl
//!   with its SQL, written once for both backends (numbered `$N`
//!   parameters, which SQLite reads too); each backend invokes it with its
//!   codec (how it encodes times and dates, how it begins a writing
//!   transaction) and its row lock.

pub(crate) mod queue;
pub(crate) mod rules;
pub(crate) mod sql;

pub(crate) use sql::backend;

use southdesk_plan::authz::RequestScope;
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
    /// What changed, JSON, for the inbox to say it in its reader's
    /// language (`""`: nothing more than `kind`).
    pub detail: String,
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

/// Which requests to list. Every filter set must hold (AND); an unset one
/// does not filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestQuery {
    pub requester: Option<Requester>,
    /// Lead or supporting programme.
    pub programme: Option<String>,
    pub assignee: Option<i64>,
    pub open_only: bool,
    /// Overdue on this day (see [`southdesk_plan::requests::is_overdue`]).
    pub overdue_on: Option<Date>,
    /// At most this many (0: 500).
    pub limit: u32,
    /// Skip this many first (paging).
    pub offset: u32,
    /// Only the requests this scope lets one read (`None`: every one).
    pub scope: Option<RequestScope>,
    /// Requests reached by any one of these (a queue: one's party, one's
    /// programme, one's assignments); empty: no such filter.
    pub any_of: Vec<Reach>,
    /// Requests in one of these statuses; empty: any.
    pub statuses: Vec<Status>,
    /// Requests routed to this theme (area).
    pub theme: Option<String>,
    /// Words in the title, text, contact or requester's code (case
    /// folded), or a requester among `text_requesters` (whose names match).
    pub text: Option<String>,
    pub text_requesters: Vec<Requester>,
    pub order: RequestOrder,
}

/// How a request is reached in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Party(Requester),
    /// Lead or supporting programme.
    Programme(String),
    Assignee(i64),
}

/// The order of a list of requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestOrder {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for RequestOrder {
    /// Newest first.
    fn default() -> Self {
        RequestOrder {
            key: SortKey::Received,
            descending: true,
        }
    }
}

/// What a list of requests is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Received,
    /// The deadline; requests without one come last either way.
    Due,
    Updated,
    /// The order of the workflow: received, triaged, …, declined.
    Status,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Received,
        SortKey::Due,
        SortKey::Updated,
        SortKey::Status,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Received => "received",
            SortKey::Due => "due",
            SortKey::Updated => "updated",
            SortKey::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How many requests of a query fall under each value of a facet; each
/// facet counted with the query's other filters (not its own).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestFacets {
    pub statuses: Vec<(Status, u64)>,
    pub themes: Vec<(String, u64)>,
    /// Lead or supporting.
    pub programmes: Vec<(String, u64)>,
    pub requesters: Vec<(Requester, u64)>,
    pub assignees: Vec<(i64, u64)>,
    /// Overdue on the day given.
    pub overdue: u64,
}

/// A list of requests someone saved: a name and the query string of the
/// page's filters and order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub query: String,
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
    /// The request the notice is about; `None` for a notice about another
    /// record (a reminder of an agreement), which [`InboxItem::href`] leads to.
    pub request_id: Option<i64>,
    /// Where the notice leads: the request's page, or the record's.
    pub href: String,
    pub kind: String,
    pub subject: String,
    /// See [`Notice::detail`].
    pub detail: String,
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

    /// Requests matching `q`, in its order, with assignees, without
    /// attachments.
    async fn requests(&self, q: &RequestQuery) -> Result<Vec<Request>, StoreError>;

    /// How many requests match `q` (ignoring its limit and offset).
    async fn count_requests(&self, q: &RequestQuery) -> Result<u64, StoreError>;

    /// The facet counts of `q`; `overdue` counts those overdue on `day`.
    async fn request_facets(
        &self,
        q: &RequestQuery,
        day: Date,
    ) -> Result<RequestFacets, StoreError>;

    /// Saves `query` as the account's view `name` (replacing a view of
    /// that name). [`StoreError::Invalid`] for a blank name.
    async fn save_view(
        &self,
        account_id: i64,
        name: &str,
        query: &str,
    ) -> Result<SavedView, StoreError>;

    /// The account's saved views, by name.
    async fn saved_views(&self, account_id: i64) -> Result<Vec<SavedView>, StoreError>;

    /// Deletes one of the account's saved views ([`StoreError::NotFound`]
    /// if it has none with this id).
    async fn delete_saved_view(&self, account_id: i64, id: i64) -> Result<(), StoreError>;

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

    /// How many notices of the account's inbox are unread.
    async fn unread_count(&self, account_id: i64) -> Result<u64, StoreError>;

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
