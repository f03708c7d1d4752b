//! `/api/v1/meetings`: the negotiations calendar as JSON, and its writes
//! (bearer token of an account that may manage meetings).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use southdesk_calendar::{
    CentreRole, ChecklistItem, Link, LinkKind, Meeting, MeetingData, Status, When,
};
use southdesk_plan::Lang;
use southdesk_plan::authz::{Action, allowed};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::service::{self as calendar, LinkError, ListQuery};
use crate::app::AppState;
use crate::app::auth::CurrentUser;
use crate::app::error::ErrorBody;
use crate::app::{ApiError, PathId};

/// Largest iCalendar file the API imports.
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;

/// A meeting of the calendar.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingDoc {
    #[schema(example = 12)]
    pub id: i64,
    /// The iCalendar UID.
    #[schema(example = "sccr-48@wipo.example")]
    pub uid: String,
    /// UID of the recurring series, for an occurrence of one.
    pub series: Option<String>,
    /// Id of the forum body (`data/forums.toml`).
    #[schema(example = "wipo-sccr")]
    pub body: Option<String>,
    /// Id of the body's forum in the plan.
    #[schema(example = "wipo")]
    pub forum: Option<String>,
    pub title: String,
    pub agenda: String,
    /// Wall-clock start in `time_zone` (`2026-03-31T10:00:00`), or the first day (`2026-03-31`) of an all-day meeting.
    #[schema(example = "2026-03-31T10:00:00")]
    pub start: String,
    /// Wall-clock end, or the last day (included) of an all-day meeting.
    #[schema(example = "2026-03-31T13:00:00")]
    pub end: String,
    /// IANA zone of `start` and `end`; `null` for all-day meetings.
    #[schema(example = "Europe/Zurich")]
    pub time_zone: Option<String>,
    pub all_day: bool,
    /// The start as a UTC instant.
    #[schema(example = "2026-03-31T08:00:00Z")]
    pub start_utc: String,
    #[schema(example = "2026-03-31T11:00:00Z")]
    pub end_utc: String,
    pub venue: Option<String>,
    pub online_url: Option<String>,
    #[schema(example = json!(["en", "fr", "es"]))]
    pub languages: Vec<String>,
    /// `planned`, `confirmed`, `postponed`, `cancelled` or `held`.
    #[schema(example = "confirmed")]
    pub status: String,
    #[schema(example = json!(["digital", "ip"]))]
    pub themes: Vec<String>,
    /// `statement`, `side-event`, `briefing`, `delegations-supported`.
    pub roles: Vec<String>,
    /// The Centre's preparation: every item for the Secretariat, the
    /// public items for everyone else.
    pub checklist: Vec<ChecklistDoc>,
    /// Requests and outputs tied to the meeting (those the caller may see).
    pub links: Vec<LinkDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChecklistDoc {
    pub text: String,
    #[serde(default)]
    pub done: bool,
    /// Shown to everyone; otherwise the item is internal (the Secretariat only).
    #[serde(default)]
    pub public: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LinkDoc {
    /// `request` or `output`.
    #[schema(example = "output")]
    pub kind: String,
    #[schema(example = 3)]
    pub id: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingList {
    pub meetings: Vec<MeetingDoc>,
}

/// A meeting to record.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    /// Made up if absent.
    pub uid: Option<String>,
    pub body: Option<String>,
    pub title: String,
    #[serde(default)]
    pub agenda: String,
    /// `2026-03-31T10:00` (with `time_zone`) or `2026-03-31` (all day).
    pub start: String,
    pub end: String,
    /// IANA zone; required unless the meeting is all day.
    pub time_zone: Option<String>,
    pub venue: Option<String>,
    pub online_url: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    pub status: Option<String>,
    /// Besides those of the body and those the tagger finds in the title and agenda.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub checklist: Vec<ChecklistDoc>,
}

/// What an import made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportResult {
    /// Meetings added.
    pub imported: usize,
    pub meetings: Vec<MeetingDoc>,
    /// With `update=true`: meetings already stored that the file changed.
    pub updated: Vec<MeetingDoc>,
    /// With `update=true`: meetings already stored that the file says nothing new of.
    pub unchanged: usize,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true`: meetings already stored (same UID) follow the file (dates,
    /// status, details), keeping the Centre's roles, checklist and themes.
    /// Otherwise a known UID is refused (`duplicate_uid`).
    #[serde(default)]
    pub update: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// First day (`2026-03-01`): meetings that end on or after it. Default: all.
    pub from: Option<String>,
    /// Last day, included: meetings that start on or before it.
    pub to: Option<String>,
    /// A theme id.
    pub theme: Option<String>,
    /// A plan forum id (`wipo`) or a body id (`wipo-sccr`).
    pub forum: Option<String>,
    /// A programme id: the meetings of the themes it carries.
    pub programme: Option<String>,
}

pub async fn doc(
    state: &AppState,
    who: Option<&southdesk_plan::Account>,
    m: &Meeting,
) -> MeetingDoc {
    let d = &m.data;
    let (start, end, time_zone) = match &d.when {
        When::Timed { start, end, tz } => (start.to_string(), end.to_string(), Some(tz.clone())),
        When::AllDay { first, last } => (first.to_string(), last.to_string(), None),
    };
    let mut links = Vec::new();
    for l in &m.links {
        if calendar::link_title(state.store.as_ref(), who, *l, Lang::En)
            .await
            .is_some()
        {
            links.push(LinkDoc {
                kind: l.kind.as_str().into(),
                id: l.id,
            });
        }
    }
    MeetingDoc {
        id: m.id,
        uid: d.uid.clone(),
        series: d.series.clone(),
        forum: d
            .body
            .as_deref()
            .and_then(|b| calendar::forums().body(b))
            .map(|b| b.forum.clone()),
        body: d.body.clone(),
        title: d.title.clone(),
        agenda: d.agenda.clone(),
        start,
        end,
        time_zone,
        all_day: d.when.is_all_day(),
        start_utc: d.when.start_instant().to_string(),
        end_utc: d.when.end_instant().to_string(),
        venue: d.venue.clone(),
        online_url: d.online_url.clone(),
        languages: d.languages.clone(),
        status: d.status.as_str().into(),
        themes: d.themes.clone(),
        roles: d.roles.iter().map(|r| r.as_str().to_string()).collect(),
        checklist: d
            .checklist_for(allowed(who, &Action::ViewMeetingPreparation))
            .into_iter()
            .map(|(_, c)| ChecklistDoc {
                text: c.text.clone(),
                done: c.done,
                public: c.public,
            })
            .collect(),
        links,
    }
}

fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code,
        message: message.into(),
    }
}

/// Meetings, by start.
#[utoipa::path(
    get,
    path = "/api/v1/meetings",
    tag = "meetings",
    params(ListParams),
    responses(
        (status = 200, description = "The meetings that match, by start", body = MeetingList),
        (status = 400, description = "A date does not read (`bad_request`)", body = ErrorBody),
        (status = 503, description = "The database cannot be reached (`store_unavailable`)", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<MeetingList>, ApiError> {
    let plan = state.adopted_plan().await?;
    let filter = q
        .filter(plan.as_ref(), None)
        .ok_or_else(|| ApiError::bad_request("`from` and `to` are days such as 2026-03-01"))?;
    let ms = state.store.meetings(&filter).await?;
    let mut meetings = Vec::with_capacity(ms.len());
    for m in &ms {
        meetings.push(doc(&state, who.as_ref(), m).await);
    }
    Ok(Json(MeetingList { meetings }))
}

/// One meeting.
#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}",
    tag = "meetings",
    params(("id" = i64, Path, description = "Identifier of the meeting")),
    responses(
        (status = 200, description = "The meeting", body = MeetingDoc),
        (status = 404, description = "No such meeting (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    PathId(n): PathId,
) -> Result<Json<MeetingDoc>, ApiError> {
    let m = state
        .store
        .meeting(n)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no meeting {n}")))?;
    Ok(Json(doc(&state, who.as_ref(), &m).await))
}

fn to_data(i: MeetingInput) -> Result<MeetingData, ApiError> {
    let when = match &i.time_zone {
        Some(tz) => {
            let read = |s: &str, what: &str| {
                s.trim().parse::<jiff::civil::DateTime>().map_err(|_| {
                    unprocessable(
                        "bad_time",
                        format!("`{what}` {s:?} is not a date-time such as 2026-03-31T10:00"),
                    )
                })
            };
            When::Timed {
                start: read(&i.start, "start")?,
                end: read(&i.end, "end")?,
                tz: tz.clone(),
            }
        }
        None => {
            let read = |s: &str, what: &str| {
                s.trim().parse::<jiff::civil::Date>().map_err(|_| {
                    unprocessable(
                        "bad_time",
                        format!("`{what}` {s:?} is not a day such as 2026-03-31 (give `time_zone` for times)"),
                    )
                })
            };
            When::AllDay {
                first: read(&i.start, "start")?,
                last: read(&i.end, "end")?,
            }
        }
    };
    let status = match i.status.as_deref() {
        None => Status::Planned,
        Some(s) => Status::parse(s)
            .ok_or_else(|| unprocessable("bad_status", format!("unknown status {s:?}")))?,
    };
    let roles = i
        .roles
        .iter()
        .map(|r| {
            CentreRole::parse(r)
                .ok_or_else(|| unprocessable("bad_role", format!("unknown role {r:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(b) = &i.body
        && calendar::forums().body(b).is_none()
    {
        return Err(unprocessable("bad_body", format!("no forum body {b:?}")));
    }
    let mut data = MeetingData {
        uid: i.uid.unwrap_or_else(calendar::new_uid),
        series: None,
        body: i.body,
        title: i.title,
        agenda: i.agenda,
        when,
        venue: i.venue,
        online_url: i.online_url,
        languages: i.languages,
        status,
        themes: i.themes,
        roles,
        checklist: i
            .checklist
            .into_iter()
            .map(|c| ChecklistItem {
                text: c.text,
                done: c.done,
                public: c.public,
            })
            .collect(),
    };
    data.validate().map_err(|e| {
        unprocessable(
            "invalid_meeting",
            format!("meeting {}: {e}", data.describe()),
        )
    })?;
    Ok(data)
}

fn store_write_error(e: southdesk_store::StoreError) -> ApiError {
    match e {
        southdesk_store::StoreError::Conflict(m) => ApiError {
            status: StatusCode::CONFLICT,
            code: "duplicate_uid",
            message: m,
        },
        southdesk_store::StoreError::Invalid(m) => unprocessable("invalid_meeting", m),
        other => ApiError::from(other),
    }
}

/// Records a meeting; its themes are those given, its body's, and those the tagger finds in its title and agenda.
#[utoipa::path(
    post,
    path = "/api/v1/meetings",
    tag = "meetings",
    security(("bearer" = [])),
    request_body = MeetingInput,
    responses(
        (status = 201, description = "The meeting recorded", body = MeetingDoc),
        (status = 400, description = "The body is not the expected JSON (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid token (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "The account may not manage meetings (`forbidden`)", body = ErrorBody),
        (status = 409, description = "The UID is taken (`duplicate_uid`)", body = ErrorBody),
        (status = 422, description = "End before start, unknown time zone, … (`invalid_meeting`, `bad_time`, `bad_status`, `bad_role`, `bad_body`)", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    body: Result<Json<MeetingInput>, JsonRejection>,
) -> Result<(StatusCode, Json<MeetingDoc>), ApiError> {
    let input = crate::app::error::json_body(body, crate::app::error::DEFAULT_BODY_BYTES)?;
    let mut data = to_data(input)?;
    calendar::tag_themes(&state, &mut data).await;
    let m = state
        .store
        .create_meeting(data)
        .await
        .map_err(store_write_error)?;
    Ok((
        StatusCode::CREATED,
        Json(doc(&state, who.as_ref(), &m).await),
    ))
}

/// Imports an iCalendar file (the body, `text/calendar`), all or nothing.
#[utoipa::path(
    post,
    path = "/api/v1/meetings/import",
    tag = "meetings",
    security(("bearer" = [])),
    params(ImportParams),
    request_body(content = String, content_type = "text/calendar", description = "An iCalendar (RFC 5545) file"),
    responses(
        (status = 201, description = "Every event was imported (with `update=true`: added, updated or found unchanged)", body = ImportResult),
        (status = 400, description = "A query parameter cannot be read (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid token (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "The account may not manage meetings (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Without `update=true`: an event's UID is already stored (`duplicate_uid`); nothing was imported", body = ErrorBody),
        (status = 422, description = "The file cannot be read (`invalid_ics`: the message names the line and the event); nothing was imported", body = ErrorBody),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    params: Result<Query<ImportParams>, QueryRejection>,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportResult>), ApiError> {
    let Query(params) = params.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let text = std::str::from_utf8(&body)
        .map_err(|e| unprocessable("invalid_ics", format!("the file is not UTF-8 ({e})")))?;
    let plan = state
        .adopted_plan()
        .await?
        .unwrap_or_else(southdesk_plan::Plan::embedded_2026_2028);
    let mut data = southdesk_calendar::parse_ics(text, calendar::forums(), &plan)
        .map_err(|e| unprocessable("invalid_ics", e.to_string()))?;
    for d in &mut data {
        calendar::tag_themes(&state, d).await;
    }
    let synced = if params.update {
        state.store.sync_meetings(data).await
    } else {
        state
            .store
            .import_meetings(data)
            .await
            .map(|added| southdesk_store::Synced {
                added,
                ..Default::default()
            })
    }
    .map_err(store_write_error)?;
    let mut meetings = Vec::with_capacity(synced.added.len());
    for m in &synced.added {
        meetings.push(doc(&state, who.as_ref(), m).await);
    }
    let mut updated = Vec::with_capacity(synced.updated.len());
    for m in &synced.updated {
        updated.push(doc(&state, who.as_ref(), m).await);
    }
    Ok((
        StatusCode::CREATED,
        Json(ImportResult {
            imported: meetings.len(),
            meetings,
            updated,
            unchanged: synced.unchanged,
        }),
    ))
}

/// Ties a request or an output (which must exist) to the meeting.
#[utoipa::path(
    post,
    path = "/api/v1/meetings/{id}/links",
    tag = "meetings",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Identifier of the meeting")),
    request_body = LinkDoc,
    responses(
        (status = 200, description = "The meeting with its links", body = MeetingDoc),
        (status = 404, description = "No such meeting (`not_found`)", body = ErrorBody),
        (status = 422, description = "No such request or output (`no_link_target`), or an unknown kind (`bad_link`)", body = ErrorBody),
    )
)]
pub async fn link(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    PathId(n): PathId,
    body: Result<Json<LinkDoc>, JsonRejection>,
) -> Result<Json<MeetingDoc>, ApiError> {
    let l = crate::app::error::json_body(body, crate::app::error::DEFAULT_BODY_BYTES)?;
    let kind = LinkKind::parse(&l.kind).ok_or_else(|| {
        unprocessable(
            "bad_link",
            format!("kind {:?} is neither `request` nor `output`", l.kind),
        )
    })?;
    let link = Link { kind, id: l.id };
    if state.store.meeting(n).await?.is_none() {
        return Err(ApiError::not_found(format!("no meeting {n}")));
    }
    match calendar::check_link(state.store.as_ref(), link).await {
        Ok(()) => {}
        Err(LinkError::Missing) => {
            return Err(unprocessable(
                "no_link_target",
                format!("no {} {}", kind.as_str(), l.id),
            ));
        }
        Err(LinkError::Store(e)) => return Err(e.into()),
    }
    let m = state.store.link_meeting(n, link).await?;
    Ok(Json(doc(&state, who.as_ref(), &m).await))
}

#[derive(OpenApi)]
#[openapi(
    paths(list, get_one, create, import, link),
    components(schemas(MeetingDoc, MeetingList, MeetingInput, ChecklistDoc, LinkDoc, ImportResult)),
    tags((name = "meetings", description = "The negotiations calendar: meetings of the forums, with their time zones, status, themes, the Centre's role, preparation and links. iCalendar feeds: /meetings/feed.ics, /meetings/themes/{id}/feed.ics, /meetings/forums/{id}/feed.ics, /meetings/programmes/{id}/feed.ics")),
)]
struct MeetingsDoc;

/// Adds the calendar's paths to the document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(MeetingsDoc::openapi());
}
