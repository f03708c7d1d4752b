//! The request desk in the JSON API: `/api/v1/requests…` and
//! `/api/v1/inbox`. Writes authenticate with a bearer token only; a
//! submission may carry an `Idempotency-Key` header (a retry with the same
//! key gives back the first request, `200` instead of `201`).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::requests::{Channel, DeclineReason, LinkKind, Requester, Routing, Status};
use southdesk_store::requests::{Change, Request, RequestQuery};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::workflow::{self as desk, DeskError, Submission};
use crate::app::AppState;
use crate::app::error::ErrorBody;
use crate::app::{ApiError, PathId, User};

/// Header of a submission's retry key.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Largest body of a submission (attachments in base64 included).
pub const MAX_SUBMIT_BYTES: usize = crate::app::limits::MAX_MULTIPART_BYTES;

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> ApiError {
        let (status, code, message) = match e {
            DeskError::Forbidden => return ApiError::forbidden(),
            DeskError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such request".into()),
            DeskError::Invalid(e) => (
                if e.is_too_large() {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
                e.code(),
                e.to_string(),
            ),
            DeskError::BadInput(code, m) => (StatusCode::UNPROCESSABLE_ENTITY, code, m),
            DeskError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m),
            DeskError::Store(e) => return ApiError::from(e),
        };
        ApiError {
            status,
            code,
            message,
        }
    }
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    crate::app::error::json_body(b, MAX_SUBMIT_BYTES)
}

/// A file sent with a request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AttachmentIn {
    #[schema(example = "draft.pdf")]
    pub filename: String,
    #[schema(example = "application/pdf")]
    pub content_type: Option<String>,
    /// The file, base64 (standard alphabet, padded).
    pub content_base64: String,
}

/// A request to submit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestIn {
    /// `member` or `group`; a delegate may leave both out (their own).
    #[schema(example = "member")]
    pub requester_kind: Option<String>,
    /// ISO alpha-3 code or group id.
    #[schema(example = "BRA")]
    pub requester_id: Option<String>,
    #[schema(example = "Permanent Mission, +41 22 000 00 00")]
    pub contact: String,
    #[schema(example = "Fisheries subsidies: analysis of the chair's draft")]
    pub title: String,
    pub text: String,
    /// `zh`, `en`, `fr` or `es`.
    #[schema(example = "en")]
    pub lang: Option<String>,
    /// `research`, `policy-advice`, `capacity-building` or `advocacy`.
    #[schema(example = "policy-advice")]
    pub mode: String,
    #[schema(example = "WTO")]
    pub forum: Option<String>,
    #[schema(example = "MC14")]
    pub meeting: Option<String>,
    /// `YYYY-MM-DD`, not in the past.
    #[schema(example = "2026-06-30")]
    pub deadline: Option<String>,
    #[serde(default)]
    pub confidential: bool,
    /// `api` (default), or for staff logging a request: `email`, `meeting`.
    pub channel: Option<String>,
    #[serde(default)]
    pub attachments: Vec<AttachmentIn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentOut {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
}

/// A request as the API shows it. `routing` is what the tagger proposed
/// until the request is triaged, then what the coordinator confirmed.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestOut {
    pub id: i64,
    #[schema(example = "member")]
    pub requester_kind: String,
    #[schema(example = "BRA")]
    pub requester_id: String,
    pub contact: String,
    pub title: String,
    pub text: String,
    pub lang: String,
    pub mode: String,
    pub forum: Option<String>,
    pub meeting: Option<String>,
    pub deadline: Option<String>,
    pub confidential: bool,
    pub channel: String,
    /// `received`, `triaged`, `assigned`, `in-progress`, `delivered`, `closed`, `declined`.
    pub status: String,
    pub received_at: String,
    /// Acknowledgement deadline (working days after receipt).
    pub ack_due: String,
    pub acknowledged_at: Option<String>,
    pub delivered_at: Option<String>,
    pub themes: Vec<String>,
    pub lead_programme: Option<String>,
    pub supporting_programmes: Vec<String>,
    /// No theme of the plan covers it: an input for the next amendment.
    pub out_of_plan: bool,
    pub sdgs: Vec<u8>,
    pub decline_reason: Option<String>,
    pub decline_note: Option<String>,
    pub assignees: Vec<i64>,
    pub attachments: Vec<AttachmentOut>,
    pub overdue: bool,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl From<&Request> for RequestOut {
    fn from(r: &Request) -> Self {
        RequestOut {
            id: r.id,
            requester_kind: r.requester.kind().into(),
            requester_id: r.requester.id().into(),
            contact: r.contact.clone(),
            title: r.title.clone(),
            text: r.text.clone(),
            lang: r.lang.clone(),
            mode: r.mode.as_str().into(),
            forum: r.forum.clone(),
            meeting: r.meeting.clone(),
            deadline: r.deadline.map(|d| d.to_string()),
            confidential: r.confidential,
            channel: r.channel.as_str().into(),
            status: r.status.as_str().into(),
            received_at: rfc3339(r.received_at),
            ack_due: r.ack_due.to_string(),
            acknowledged_at: r.acknowledged_at.map(rfc3339),
            delivered_at: r.delivered_at.map(rfc3339),
            themes: r.routing.themes.clone(),
            lead_programme: r.routing.lead.clone(),
            supporting_programmes: r.routing.supporting.clone(),
            out_of_plan: r.routing.out_of_plan,
            sdgs: r.sdgs.clone(),
            decline_reason: r.decline_reason.map(|d| d.as_str().into()),
            decline_note: r.decline_note.clone(),
            assignees: r.assignees.clone(),
            attachments: r
                .attachments
                .iter()
                .map(|a| AttachmentOut {
                    id: a.id,
                    filename: a.filename.clone(),
                    content_type: a.content_type.clone(),
                    sha256: a.sha256.clone(),
                    size: a.size,
                })
                .collect(),
            overdue: southdesk_plan::requests::is_overdue(
                r.status,
                r.ack_due,
                r.deadline,
                desk::today(),
            ),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestList {
    pub requests: Vec<RequestOut>,
}

/// Submits a request.
#[utoipa::path(
    post,
    path = "/api/v1/requests",
    tag = "requests",
    security(("bearer" = [])),
    request_body = RequestIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key (from the same account) gives back the first request")),
    responses(
        (status = 201, description = "Stored, with the tagger's routing; the whole request is stored or nothing", body = RequestOut),
        (status = 200, description = "A retry: the request stored the first time", body = RequestOut),
        (status = 401, description = "No token", body = ErrorBody),
        (status = 403, description = "Not for this member state or group (`forbidden`)", body = ErrorBody),
        (status = 409, description = "The key was used for another request (`conflict`)", body = ErrorBody),
        (status = 413, description = "Text or an attachment too large", body = ErrorBody),
        (status = 422, description = "A rule is broken: `unknown_member`, `invalid_date`, `deadline_in_past`, `no_title`, …", body = ErrorBody),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    User(user): User,
    headers: HeaderMap,
    b: Result<Json<RequestIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(b)?;
    let requester = match (&input.requester_kind, &input.requester_id) {
        (None, None) => None,
        (k, Some(id)) => Some(
            Requester::from_parts(k.as_deref().unwrap_or("member"), id).ok_or_else(|| {
                ApiError::from(DeskError::BadInput(
                    "invalid_requester",
                    "requester_kind is `member` or `group`".into(),
                ))
            })?,
        ),
        (Some(_), None) => {
            return Err(
                DeskError::BadInput("invalid_requester", "requester_id is missing".into()).into(),
            );
        }
    };
    let channel = match input.channel.as_deref() {
        None => None,
        Some(c) => Some(Channel::parse(c).ok_or_else(|| {
            ApiError::from(DeskError::BadInput(
                "invalid_channel",
                format!("unknown channel {c:?}"),
            ))
        })?),
    };
    let mut attachments = Vec::new();
    for a in input.attachments {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(a.content_base64.as_bytes())
            .map_err(|_| {
                ApiError::from(DeskError::BadInput(
                    "invalid_attachment",
                    format!("attachment {:?} is not base64", a.filename),
                ))
            })?;
        attachments.push((
            a.filename,
            a.content_type
                .unwrap_or_else(|| "application/octet-stream".into()),
            bytes,
        ));
    }
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let sub = Submission {
        requester,
        contact: input.contact,
        title: input.title,
        text: input.text,
        lang: input.lang.unwrap_or_default(),
        mode: input.mode,
        forum: input.forum,
        meeting: input.meeting,
        deadline: input.deadline,
        confidential: input.confidential,
        channel,
        attachments,
        idempotency_key: key,
    };
    let done = desk::submit(&state, &user, sub, Channel::Api).await?;
    let status = if done.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut r = (status, Json(RequestOut::from(&done.request))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/requests/{}", done.request.id)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    Ok(r)
}

/// Which requests to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// `mine` (default: one's queue), `all`, `overdue`.
    pub scope: Option<String>,
    /// A programme's queue.
    pub programme: Option<String>,
    /// `member:BRA` or `group:g77`.
    pub requester: Option<String>,
}

/// Requests the token's account may read.
#[utoipa::path(
    get,
    path = "/api/v1/requests",
    tag = "requests",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "Requests, newest first; only those the account may read", body = RequestList),
        (status = 401, description = "No token", body = ErrorBody),
        (status = 403, description = "The account may not list requests", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    User(user): User,
    Query(q): Query<ListQuery>,
) -> Result<Json<RequestList>, ApiError> {
    let requester = match q.requester.as_deref() {
        Some(k) => Some(Requester::parse_key(k).ok_or_else(|| {
            ApiError::from(DeskError::BadInput(
                "invalid_requester",
                "requester is `member:XXX` or `group:id`".into(),
            ))
        })?),
        None => None,
    };
    let found = match (q.scope.as_deref(), &q.programme, &requester) {
        (Some("overdue"), _, _) => {
            if !allowed(Some(&user), &Action::ViewOverdueRequests) {
                return Err(ApiError::forbidden());
            }
            let q = RequestQuery {
                overdue_on: Some(desk::today()),
                ..Default::default()
            };
            desk::list(&state, &user, &q).await?
        }
        (_, Some(_), _) | (_, _, Some(_)) | (Some("all"), _, _) => {
            if let Some(r) = &requester
                && !allowed(Some(&user), &Action::ViewPartyRequests { party: r.party() })
            {
                return Err(ApiError::forbidden());
            }
            let q = RequestQuery {
                requester,
                programme: q.programme,
                ..Default::default()
            };
            desk::list(&state, &user, &q).await?
        }
        _ => desk::queue(&state, &user).await?,
    };
    Ok(Json(RequestList {
        requests: found.iter().map(RequestOut::from).collect(),
    }))
}

/// One request.
#[utoipa::path(
    get,
    path = "/api/v1/requests/{id}",
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = RequestOut),
        (status = 403, description = "Another member's or group's request (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    User(user): User,
    PathId(id): PathId,
) -> Result<Json<RequestOut>, ApiError> {
    let r = desk::visible(&state, &user, id).await?;
    Ok(Json(RequestOut::from(&r)))
}

/// A change to a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum ChangeIn {
    /// Confirm or correct the routing (received → triaged).
    Triage {
        themes: Vec<String>,
        lead: Option<String>,
        #[serde(default)]
        supporting: Vec<String>,
        #[serde(default)]
        sdgs: Vec<u8>,
    },
    /// Assign staff (→ assigned).
    Assign { assignees: Vec<i64> },
    /// Decline, with a reason: `outside-mandate` or `no-capacity`.
    Decline { reason: String, note: String },
    /// `in-progress`, `delivered`, `closed`.
    Status { status: String },
    Comment {
        text: String,
        #[serde(default)]
        internal: bool,
    },
    /// Link an output or a meeting that answered it.
    Link { kind: String, target: i64 },
}

pub fn to_change(c: ChangeIn) -> Result<Change, DeskError> {
    let bad = |code, m: String| DeskError::BadInput(code, m);
    Ok(match c {
        ChangeIn::Triage {
            themes,
            lead,
            supporting,
            sdgs,
        } => Change::Triage {
            routing: Routing {
                out_of_plan: themes.is_empty(),
                themes,
                lead: lead.filter(|l| !l.is_empty()),
                supporting,
            },
            sdgs,
        },
        ChangeIn::Assign { assignees } => Change::Assign { assignees },
        ChangeIn::Decline { reason, note } => {
            let reason = DeclineReason::parse(&reason)
                .ok_or_else(|| bad("invalid_reason", format!("unknown reason {reason:?}")))?;
            if note.trim().is_empty() {
                return Err(bad("no_reason", "say why the request is declined".into()));
            }
            Change::Status {
                to: Status::Declined,
                decline: Some((reason, note)),
            }
        }
        ChangeIn::Status { status } => {
            let to = Status::parse(&status)
                .ok_or_else(|| bad("invalid_status", format!("unknown status {status:?}")))?;
            if to == Status::Declined {
                return Err(bad("no_reason", "decline with the `decline` action".into()));
            }
            Change::Status { to, decline: None }
        }
        ChangeIn::Comment { text, internal } => Change::Comment { text, internal },
        ChangeIn::Link { kind, target } => Change::Link {
            kind: LinkKind::parse(&kind)
                .ok_or_else(|| bad("invalid_link", format!("unknown link kind {kind:?}")))?,
            target,
        },
    })
}

/// Triages, assigns, declines, changes the status of, comments on or links
/// a request.
#[utoipa::path(
    post,
    path = "/api/v1/requests/{id}/changes",
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Request id")),
    request_body = ChangeIn,
    responses(
        (status = 200, description = "The request after the change (its history has one more event)", body = RequestOut),
        (status = 403, description = "Not allowed for this account", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
        (status = 409, description = "The status does not allow it (`conflict`)", body = ErrorBody),
        (status = 422, description = "Bad input (`invalid_status`, `unknown_output`, `unknown_programme`, …)", body = ErrorBody),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    User(user): User,
    PathId(id): PathId,
    b: Result<Json<ChangeIn>, JsonRejection>,
) -> Result<Json<RequestOut>, ApiError> {
    let c = to_change(body(b)?)?;
    let r = desk::change(&state, &user, id, c).await?;
    Ok(Json(RequestOut::from(&r)))
}

/// One entry of the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub at: String,
    pub actor: i64,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// What changed, as JSON text.
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentOut {
    pub at: String,
    pub author: i64,
    pub internal: bool,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkOut {
    pub kind: String,
    pub target: i64,
}

/// The history, comments and links of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryOut {
    pub events: Vec<EventOut>,
    pub comments: Vec<CommentOut>,
    pub links: Vec<LinkOut>,
}

/// Who changed what and when; internal comments and events only for the
/// Secretariat.
#[utoipa::path(
    get,
    path = "/api/v1/requests/{id}/history",
    tag = "requests",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "History, comments and links", body = HistoryOut),
        (status = 403, description = "Not allowed", body = ErrorBody),
        (status = 404, description = "No such request", body = ErrorBody),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    User(user): User,
    PathId(id): PathId,
) -> Result<Json<HistoryOut>, ApiError> {
    let r = desk::visible(&state, &user, id).await?;
    let internals = allowed(Some(&user), &Action::ViewRequestInternals(r.facts()));
    let events = state.store.request_events(r.id).await?;
    let comments = state.store.request_comments(r.id).await?;
    let links = state.store.request_links(r.id).await?;
    Ok(Json(HistoryOut {
        events: events
            .into_iter()
            .filter(|e| internals || !e.internal)
            .map(|e| EventOut {
                at: rfc3339(e.at),
                actor: e.actor,
                kind: e.kind,
                from_status: e.from_status.map(|s| s.as_str().into()),
                to_status: e.to_status.map(|s| s.as_str().into()),
                detail: if internals { e.detail } else { "{}".into() },
            })
            .collect(),
        comments: comments
            .into_iter()
            .filter(|c| internals || !c.internal)
            .map(|c| CommentOut {
                at: rfc3339(c.at),
                author: c.author,
                internal: c.internal,
                text: c.text,
            })
            .collect(),
        links: links
            .into_iter()
            .map(|l| LinkOut {
                kind: l.kind.as_str().into(),
                target: l.target,
            })
            .collect(),
    }))
}

/// An attachment's bytes (pages and API share it).
pub async fn attachment(
    State(state): State<AppState>,
    User(user): User,
    PathId(id): PathId,
    Path((_, aid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let r = desk::visible(&state, &user, id).await?;
    let aid: i64 = aid
        .parse()
        .map_err(|_| ApiError::not_found("no such attachment"))?;
    let (meta, bytes) = state
        .store
        .attachment(r.id, aid)
        .await?
        .ok_or_else(|| ApiError::not_found("no such attachment"))?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    let safe: String = meta
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// A notice of the inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItemOut {
    pub id: i64,
    /// The request it is about; absent for a notice about another record
    /// (`agreement-expiring`).
    pub request_id: Option<i64>,
    /// The path of the page the notice leads to.
    pub href: String,
    /// `received`, `assigned`, `status`, `comment`, `overdue`,
    /// `agreement-expiring`, `agreement-renewed`.
    pub kind: String,
    pub subject: String,
    pub at: String,
    pub read: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxOut {
    pub items: Vec<InboxItemOut>,
}

/// The notices of the token's account, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/inbox",
    tag = "requests",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Notices", body = InboxOut),
        (status = 401, description = "No token", body = ErrorBody),
    )
)]
pub async fn inbox(
    State(state): State<AppState>,
    User(user): User,
) -> Result<Json<InboxOut>, ApiError> {
    let items = state.store.inbox(user.id, 0).await?;
    Ok(Json(InboxOut {
        items: items
            .into_iter()
            .map(|i| InboxItemOut {
                id: i.id,
                request_id: i.request_id,
                href: i.href,
                kind: i.kind,
                subject: i.subject,
                at: rfc3339(i.at),
                read: i.read,
            })
            .collect(),
    }))
}

#[derive(OpenApi)]
#[openapi(
    paths(submit, list, get_one, change, history, inbox),
    components(schemas(
        RequestIn, AttachmentIn, RequestOut, AttachmentOut, RequestList, ChangeIn, HistoryOut,
        EventOut, CommentOut, LinkOut, InboxOut, InboxItemOut
    )),
    tags((name = "requests", description = "Requests of member states and groups to the desk: intake (with an `Idempotency-Key`), triage, assignment, status, comments, links, history, inbox"))
)]
struct RequestsDoc;

/// Adds the request desk to the OpenAPI document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(RequestsDoc::openapi());
}
