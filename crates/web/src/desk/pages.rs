//! The request desk's pages: my queue, the submission form, a request
//! (triage, assignment, declining, status, comments, links, history), a
//! programme's queue, a member's or group's requests with response times,
//! the overdue list and the inbox.
//!
//! Who may see and do what is asked of `plan::authz` (through
//! [`crate::desk`], which also applies the rules); this module only shows.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::requests::{
    self as rules, Channel, DeclineReason, LinkKind, Mode, Requester, Routing, Status, Timeline,
};
use southdesk_plan::{Account, Lang, Plan, people::is_iso3};
use southdesk_store::requests::{
    Change, Comment as RequestComment, Link as RequestLink, Request, RequestEvent, RequestQuery,
};

use super::labels;
use super::workflow::{self as desk, DeskError, Submission};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::auth::CSRF_FIELD;
use crate::app::form::{self, Fields};
use crate::app::i18n::Tr;
use crate::app::labels::members;
use crate::app::layout::{Nav, column_heads, page};
use crate::app::notice::html_response;
use crate::app::{PageError, PathId, User};

/// Error codes with their own message (`req-error-…`); others get
/// `req-error-other`.
const KNOWN_ERRORS: &[&str] = &[
    "no_title",
    "title_too_long",
    "no_text",
    "text_too_large",
    "field_too_long",
    "no_contact",
    "unknown_member",
    "unknown_group",
    "deadline_in_past",
    "too_many_attachments",
    "attachment_too_large",
    "bad_attachment",
    "invalid_date",
    "invalid_mode",
    "no_requester",
    "bad_comment",
    "invalid_assignee",
    "unknown_output",
    "unknown_meeting",
    "no_reason",
    "unknown_programme",
    "lead_also_supports",
    "no_lead",
    "conflict",
];

/// The status and message id of a refusal.
fn refusal(e: &DeskError) -> (StatusCode, String) {
    let (status, code) = match e {
        DeskError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        DeskError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        DeskError::Invalid(e) if e.is_too_large() => (StatusCode::PAYLOAD_TOO_LARGE, e.code()),
        DeskError::Invalid(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.code()),
        DeskError::BadInput(code, _) => (StatusCode::UNPROCESSABLE_ENTITY, *code),
        DeskError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
        DeskError::Store(_) => (StatusCode::SERVICE_UNAVAILABLE, "store"),
    };
    let id = if KNOWN_ERRORS.contains(&code) {
        format!("req-error-{}", code.replace('_', "-"))
    } else {
        "req-error-other".to_string()
    };
    (status, id)
}

fn csrf(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf_token()); }
}

fn requester_href(r: &Requester) -> String {
    format!("/members/{}/requests", r.id())
}

fn mode_label(tr: &Tr, plan: Option<&Plan>, m: Mode) -> String {
    plan.and_then(|p| p.modes.iter().find(|x| x.id == m.as_str()))
        .map_or_else(
            || m.as_str().to_string(),
            |x| x.title.best(tr.lang).to_string(),
        )
}

fn programme_label(plan: Option<&Plan>, id: &str) -> String {
    plan.and_then(|p| p.programme(id))
        .map_or_else(|| id.to_string(), |p| p.acronym.clone())
}

fn theme_label(tr: &Tr, plan: Option<&Plan>, id: &str) -> String {
    plan.and_then(|p| p.theme(id))
        .map_or_else(|| id.to_string(), |t| t.title.best(tr.lang).to_string())
}

fn when(tr: &Tr, t: time::OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", tr.date(t.date()), t.hour(), t.minute())
}

fn overdue(r: &Request) -> bool {
    rules::is_overdue(r.status, r.ack_due, r.deadline, desk::today())
}

/// A table of requests.
fn table(tr: &Tr, list: &[Request]) -> Markup {
    html! {
        @if list.is_empty() {
            p class="hint" id="req-empty" { (tr.t("req-queue-empty")) }
        } @else {
            table class="requests" {
                (column_heads(tr, &["req-col-number", "req-col-title", "req-col-requester", "req-col-status", "req-col-ack-due", "req-col-deadline"]))
                tbody {
                    @for r in list {
                        tr data-request=(r.id) {
                            td { (r.id) }
                            td { a href=(format!("/requests/{}", r.id)) { (r.title) } }
                            td { (labels::requester_name(tr, &r.requester)) }
                            td class="req-status" {
                                (labels::status_label(tr, r.status))
                                @if overdue(r) { " · " strong class="overdue" { (tr.t("req-overdue")) } }
                            }
                            td { (tr.date(r.ack_due)) }
                            td { @if let Some(d) = r.deadline { (tr.date(d)) } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}

fn links_bar(tr: &Tr, user: &Account) -> Markup {
    html! {
        p class="req-links" {
            @if allowed(Some(user), &Action::OpenRequestForm) {
                a href="/requests/new" class="button" id="req-new" { (tr.t("req-new-link")) } " "
            }
            a href="/requests" { (tr.t("req-queue-title")) }
            @if allowed(Some(user), &Action::ViewOverdueRequests) {
                " · " a href="/requests/overdue" { (tr.t("req-overdue-title")) }
            }
            " · " a href="/inbox" { (tr.t("req-inbox-title")) }
        }
    }
}

fn list_page(
    ctx: &Ctx,
    user: &Account,
    title: &str,
    intro: Option<Markup>,
    list: &[Request],
) -> Markup {
    let tr = &ctx.tr;
    page(
        ctx,
        Nav::None,
        title,
        html! {
            h1 id="page-heading" { (title) }
            (links_bar(tr, user))
            @if let Some(i) = intro { (i) }
            (table(tr, list))
        },
    )
}

impl From<DeskError> for PageError {
    /// What a page says when the desk refuses: not allowed, not found, the
    /// store failed, or the rule that said no, with a way back to the queue.
    fn from(e: DeskError) -> PageError {
        match e {
            DeskError::Forbidden => PageError::Forbidden,
            DeskError::NotFound => PageError::NotFound("req-not-found"),
            DeskError::Store(e) => PageError::Store(e),
            other => {
                let (status, text_id) = refusal(&other);
                PageError::Notice {
                    status,
                    title_id: "req-refused-title",
                    text_id,
                    next: ("/requests", "req-queue-title"),
                }
            }
        }
    }
}

/// `GET /requests`: my queue.
pub async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
) -> Result<Markup, PageError> {
    let list = desk::queue(&state, &user).await?;
    Ok(list_page(
        &ctx,
        &user,
        &ctx.tr.t("req-queue-title"),
        None,
        &list,
    ))
}

/// `GET /requests/overdue`.
pub async fn overdue_list(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
) -> Result<Markup, PageError> {
    let q = RequestQuery {
        overdue_on: Some(desk::today()),
        ..Default::default()
    };
    let list = desk::list(&state, &user, &q).await?;
    Ok(list_page(
        &ctx,
        &user,
        &ctx.tr.t("req-overdue-title"),
        None,
        &list,
    ))
}

/// `GET /programmes/{id}/requests`.
pub async fn programme_queue(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    Path(p): Path<String>,
) -> Result<Markup, PageError> {
    let plan = state.plan_for_labels().await;
    let name = plan
        .as_ref()
        .and_then(|pl| pl.programme(&p))
        .map(|x| x.name.best(ctx.lang()).to_string())
        .ok_or(PageError::NotFound("req-not-found"))?;
    let q = RequestQuery {
        programme: Some(p),
        ..Default::default()
    };
    let list = desk::list(&state, &user, &q).await?;
    let title = ctx
        .tr
        .ta("req-programme-title", &[("programme", name.into())]);
    Ok(list_page(&ctx, &user, &title, None, &list))
}

/// `GET /members/{code}/requests`: a member state's (ISO code) or
/// group's (id) requests and how quickly they were answered.
pub async fn member_page(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    Path(code): Path<String>,
) -> Result<Markup, PageError> {
    let requester = if is_iso3(&code) {
        Requester::Member(code)
    } else {
        Requester::Group(code.to_ascii_lowercase())
    };
    let known = match &requester {
        Requester::Member(c) => members().country(c).is_some(),
        Requester::Group(g) => members().group(g).is_some(),
    };
    if !known {
        return Err(PageError::NotFound("req-not-found"));
    }
    if !allowed(
        Some(&user),
        &Action::ViewPartyRequests {
            party: requester.party(),
        },
    ) {
        return Err(PageError::Forbidden);
    }
    let q = RequestQuery {
        requester: Some(requester.clone()),
        ..Default::default()
    };
    let all = state.store.requests(&q).await?;
    let timelines: Vec<Timeline> = all
        .iter()
        .map(|r| Timeline {
            status: r.status,
            received: r.received_at.date(),
            ack_due: r.ack_due,
            acknowledged: r.acknowledged_at.map(|t| t.date()),
            delivered: r.delivered_at.map(|t| t.date()),
        })
        .collect();
    let stats = rules::response_stats(desk::calendar(), desk::today(), &timelines);
    let visible: Vec<Request> = all
        .into_iter()
        .filter(|r| allowed(Some(&user), &Action::ViewRequest(r.facts())))
        .collect();
    let tr = &ctx.tr;
    let days = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |d| format!("{d:.1}"));
    let intro = html! {
        dl class="req-stats" id="req-stats" {
            dt { (tr.t("req-stats-total")) } dd { (stats.total) }
            dt { (tr.t("req-stats-open")) } dd { (stats.open) }
            dt { (tr.t("req-stats-delivered")) } dd { (stats.delivered) }
            dt { (tr.t("req-stats-declined")) } dd { (stats.declined) }
            dt { (tr.t("req-stats-ack")) } dd { (days(stats.mean_days_to_acknowledge)) }
            dt { (tr.t("req-stats-deliver")) } dd { (days(stats.mean_days_to_deliver)) }
            dt { (tr.t("req-stats-late")) } dd { (stats.late_acknowledgements) }
        }
    };
    let title = tr.ta(
        "req-member-title",
        &[("name", labels::requester_name(tr, &requester).into())],
    );
    Ok(list_page(&ctx, &user, &title, Some(intro), &visible))
}

// ---- submitting ------------------------------------------------------------------

/// What the form shows again after an error.
#[derive(Default)]
struct Draft {
    fields: Fields,
    error: Option<String>,
}

fn submit_form(
    ctx: &Ctx,
    user: &Account,
    plan: Option<&Plan>,
    status: StatusCode,
    d: Draft,
) -> Response {
    let tr = &ctx.tr;
    let f = &d.fields;
    let own = desk::own_party(user);
    let staff = user.role.is_secretariat();
    let title = tr.t("req-new-title");
    let main = html! {
        h1 id="page-heading" { (title) }
        @if let Some(e) = &d.error {
            p class="notice notice-error" role="alert" id="req-error" { (tr.t(e)) " " (tr.t("req-nothing-stored")) }
        }
        form class="auth-form req-form" method="post" action="/requests" enctype="multipart/form-data" {
            (csrf(ctx))
            div class="field" {
                label for="req-requester" { (tr.t("req-field-requester")) }
                @match (&own, staff) {
                    (Some(r), _) => {
                        input type="hidden" name="requester" value=(r.key());
                        p id="req-requester" { (labels::requester_name(tr, r)) }
                    }
                    (None, _) => {
                        select id="req-requester" name="requester" required {
                            @for c in members().countries.iter().filter(|c| c.member || c.member_uncertain) {
                                @let key = format!("member:{}", c.iso3);
                                option value=(key) selected[f.get("requester") == Some(key.as_str())] { (c.name.best(tr.lang)) }
                            }
                            @for g in &members().groups {
                                @let key = format!("group:{}", g.id);
                                option value=(key) selected[f.get("requester") == Some(key.as_str())] { (g.name.best(tr.lang)) }
                            }
                        }
                    }
                }
            }
            @if staff {
                div class="field" {
                    label for="req-channel" { (tr.t("req-field-channel")) }
                    select id="req-channel" name="channel" {
                        @for c in Channel::ALL.iter().filter(|c| **c != Channel::Api) {
                            option value=(c.as_str()) selected[f.get("channel") == Some(c.as_str())] { (tr.t(&format!("req-channel-{}", c.as_str()))) }
                        }
                    }
                }
            }
            div class="field" {
                label for="req-title" { (tr.t("req-field-title")) }
                input type="text" id="req-title" name="title" value=(f.text("title")) required maxlength=(rules::MAX_TITLE_CHARS);
            }
            div class="field" {
                label for="req-text" { (tr.t("req-field-text")) }
                textarea id="req-text" name="text" rows="8" required { (f.text("text")) }
            }
            div class="field" {
                label for="req-contact" { (tr.t("req-field-contact")) }
                input type="text" id="req-contact" name="contact" value=(f.text("contact")) required;
            }
            div class="field" {
                label for="req-lang" { (tr.t("req-field-lang")) }
                select id="req-lang" name="lang" {
                    @for l in Lang::ALL {
                        option value=(l.code()) selected[f.get("lang").map_or(l == tr.lang, |v| v == l.code())] { (l.endonym()) }
                    }
                }
            }
            div class="field" {
                label for="req-mode" { (tr.t("req-field-mode")) }
                select id="req-mode" name="mode" {
                    @for m in Mode::ALL {
                        option value=(m.as_str()) selected[f.get("mode") == Some(m.as_str())] { (mode_label(tr, plan, *m)) }
                    }
                }
            }
            div class="field" {
                label for="req-forum" { (tr.t("req-field-forum")) }
                input type="text" id="req-forum" name="forum" value=(f.text("forum"));
            }
            div class="field" {
                label for="req-meeting" { (tr.t("req-field-meeting")) }
                input type="text" id="req-meeting" name="meeting" value=(f.text("meeting"));
            }
            div class="field" {
                label for="req-deadline" { (tr.t("req-field-deadline")) }
                input type="date" id="req-deadline" name="deadline" value=(f.text("deadline"));
            }
            div class="field" {
                label {
                    input type="checkbox" name="confidential" value="1" checked[f.get("confidential").is_some()];
                    " " (tr.t("req-field-confidential"))
                }
            }
            div class="field" {
                label for="req-files" { (tr.t("req-field-attachments")) }
                input type="file" id="req-files" name="attachment" multiple;
            }
            button type="submit" class="button" id="req-submit" { (tr.t("req-submit")) }
        }
    };
    html_response(status, page(ctx, Nav::None, &title, main))
}

/// `GET /requests/new`.
pub async fn new_form(State(state): State<AppState>, ctx: Ctx, User(user): User) -> Response {
    let plan = state.plan_for_labels().await;
    submit_form(&ctx, &user, plan.as_ref(), StatusCode::OK, Draft::default())
}

/// `POST /requests`: stores the request whole, or nothing (and says so).
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let plan = state.plan_for_labels().await;
    let Some(fields) = form::parse(&headers, &body) else {
        return Ok(submit_form(
            &ctx,
            &user,
            plan.as_ref(),
            StatusCode::BAD_REQUEST,
            Draft {
                error: Some("req-error-other".into()),
                ..Default::default()
            },
        ));
    };
    let requester = match fields.get("requester") {
        Some(k) if !k.is_empty() => match Requester::parse_key(k) {
            Some(r) => Some(r),
            None => {
                return Ok(submit_form(
                    &ctx,
                    &user,
                    plan.as_ref(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Draft {
                        error: Some("req-error-unknown-member".into()),
                        fields,
                    },
                ));
            }
        },
        _ => None,
    };
    let sub = Submission {
        requester,
        contact: fields.text("contact"),
        title: fields.text("title"),
        text: fields.text("text"),
        lang: fields.text("lang"),
        mode: fields.text("mode"),
        forum: fields.get("forum").map(str::to_string),
        meeting: fields.get("meeting").map(str::to_string),
        deadline: fields.get("deadline").map(str::to_string),
        confidential: fields.get("confidential").is_some(),
        channel: fields.get("channel").and_then(Channel::parse),
        attachments: fields
            .files
            .iter()
            .map(|f| (f.filename.clone(), f.content_type.clone(), f.bytes.clone()))
            .collect(),
        idempotency_key: fields.get("idempotency_key").map(str::to_string),
    };
    match desk::submit(&state, &user, sub, Channel::Web).await {
        Ok(done) => {
            Ok(Redirect::to(&format!("/requests/{}?stored=1", done.request.id)).into_response())
        }
        Err(DeskError::Store(e)) => Err(e.into()),
        Err(e) => {
            let (status, id) = refusal(&e);
            let fields = Fields {
                files: Vec::new(),
                ..fields
            };
            Ok(submit_form(
                &ctx,
                &user,
                plan.as_ref(),
                status,
                Draft {
                    fields,
                    error: Some(id),
                },
            ))
        }
    }
}

// ---- one request ---------------------------------------------------------------

#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    stored: Option<String>,
    done: Option<String>,
}

/// `GET /requests/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    PathId(id): PathId,
    Query(q): Query<ShowQuery>,
) -> Result<Markup, PageError> {
    let r = desk::visible(&state, &user, id).await?;
    let notice = if q.stored.is_some() {
        Some(ctx.tr.ta("req-stored", &[("id", r.id.into())]))
    } else {
        q.done.as_ref().map(|_| ctx.tr.t("req-done"))
    };
    Ok(request_page(&state, &ctx, &user, &r, notice, None).await?)
}

async fn request_page(
    state: &AppState,
    ctx: &Ctx,
    user: &Account,
    r: &Request,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Markup, southdesk_store::StoreError> {
    let tr = &ctx.tr;
    let plan = state.plan_for_labels().await;
    let plan = plan.as_ref();
    let facts = r.facts();
    let internals = allowed(Some(user), &Action::ViewRequestInternals(facts));
    let may_triage = allowed(
        Some(user),
        &Action::TriageRequest {
            programme: r.routing.lead.as_deref(),
        },
    );
    let may_work = allowed(Some(user), &Action::WorkOnRequest(facts));
    let events = state.store.request_events(r.id).await?;
    let comments = state.store.request_comments(r.id).await?;
    let links = state.store.request_links(r.id).await?;
    let people: HashMap<i64, Account> = if internals || may_triage {
        state
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    } else {
        HashMap::new()
    };
    let name_of = |id: i64| -> String {
        people.get(&id).map_or_else(
            || {
                if id == user.id {
                    user.name.clone()
                } else {
                    tr.t("req-someone")
                }
            },
            |a| a.name.clone(),
        )
    };
    let staff: Vec<&Account> = {
        let mut v: Vec<&Account> = people
            .values()
            .filter(|a| a.role.is_secretariat() && !a.disabled)
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    let next_work: Vec<Status> = rules::next_statuses(r.status)
        .into_iter()
        .filter(|s| *s != Status::Declined && *s != Status::Triaged && *s != Status::Assigned)
        .collect();
    let view = RequestView {
        ctx,
        plan,
        r,
        internals,
        name_of: &name_of,
    };
    let main = html! {
        (view.facts(notice, error))
        (view.routing())
        (view.actions(may_triage, may_work, &staff, &next_work))
        (view.links(&links, may_work))
        (view.comments(user, &comments))
        (view.history(&events))
    };
    Ok(page(ctx, Nav::None, &r.title, main))
}

/// The parts of a request's page, for a reader who may (`internals`) or
/// may not see the desk's internal notes.
struct RequestView<'a> {
    ctx: &'a Ctx,
    plan: Option<&'a Plan>,
    r: &'a Request,
    internals: bool,
    /// The name of an account, or "someone" for those the reader may not know.
    name_of: &'a dyn Fn(i64) -> String,
}

impl RequestView<'_> {
    fn facts(&self, notice: Option<String>, error: Option<String>) -> Markup {
        let (tr, plan, r) = (&self.ctx.tr, self.plan, self.r);
        html! {
            p class="eyebrow" { (tr.ta("req-number", &[("id", r.id.into())])) }
            h1 id="page-heading" { (r.title) }
            @if let Some(n) = notice { p class="notice" role="status" id="req-notice" { (n) } }
            @if let Some(e) = error { p class="notice notice-error" role="alert" id="req-error" { (tr.t(&e)) } }
            dl class="account-facts req-facts" {
                dt { (tr.t("req-col-status")) }
                dd id="req-status" data-status=(r.status.as_str()) {
                    (labels::status_label(tr, r.status))
                    @if overdue(r) { " · " strong class="overdue" { (tr.t("req-overdue")) } }
                }
                dt { (tr.t("req-field-requester")) }
                dd { a href=(requester_href(&r.requester)) { (labels::requester_name(tr, &r.requester)) } }
                dt { (tr.t("req-field-contact")) } dd { (r.contact) }
                dt { (tr.t("req-field-mode")) } dd { (mode_label(tr, plan, r.mode)) }
                @if let Some(f) = &r.forum { dt { (tr.t("req-field-forum")) } dd { (f) } }
                @if let Some(m) = &r.meeting { dt { (tr.t("req-field-meeting")) } dd { (m) } }
                dt { (tr.t("req-col-received")) } dd { (when(tr, r.received_at)) }
                dt { (tr.t("req-col-ack-due")) } dd { (tr.date(r.ack_due)) }
                @if let Some(d) = r.deadline { dt { (tr.t("req-col-deadline")) } dd { (tr.date(d)) } }
                dt { (tr.t("req-field-channel")) } dd { (tr.t(&format!("req-channel-{}", r.channel.as_str()))) }
                @if r.confidential { dt { (tr.t("req-field-confidential")) } dd { (tr.t("req-yes")) } }
                @if let (Some(reason), Some(note)) = (r.decline_reason, &r.decline_note) {
                    dt { (tr.t("req-declined-because")) }
                    dd id="req-decline" { (tr.t(&format!("req-reason-{}", reason.as_str()))) " — " (note) }
                }
            }
            div class="req-text" lang=(r.lang) { @for line in r.text.lines() { (line) br; } }
            @if !r.attachments.is_empty() {
                h2 { (tr.t("req-field-attachments")) }
                ul {
                    @for a in &r.attachments {
                        li { a href=(format!("/requests/{}/attachments/{}", r.id, a.id)) { (a.filename) } " (" (a.size) " B)" }
                    }
                }
            }
        }
    }

    fn routing(&self) -> Markup {
        let (tr, plan, r, internals, name_of) = (
            &self.ctx.tr,
            self.plan,
            self.r,
            self.internals,
            self.name_of,
        );
        html! {
            h2 { (tr.t("req-routing")) }
            @if r.routing.out_of_plan {
                p class="notice" id="req-out-of-plan" { (tr.t("req-out-of-plan")) }
            }
            dl class="account-facts" {
                dt { (tr.t("req-themes")) }
                dd id="req-themes" { @for (i, t) in r.routing.themes.iter().enumerate() { @if i > 0 { ", " } (theme_label(tr, plan, t)) } @if r.routing.themes.is_empty() { "—" } }
                dt { (tr.t("req-lead")) }
                dd id="req-lead" { @if let Some(l) = &r.routing.lead { a href=(format!("/programmes/{l}/requests")) { (programme_label(plan, l)) } } @else { "—" } }
                dt { (tr.t("req-supporting")) }
                dd { @for (i, p) in r.routing.supporting.iter().enumerate() { @if i > 0 { ", " } (programme_label(plan, p)) } @if r.routing.supporting.is_empty() { "—" } }
                dt { (tr.t("req-sdgs")) }
                dd { @for (i, g) in r.sdgs.iter().enumerate() { @if i > 0 { ", " } (tr.ta("req-sdg", &[("goal", (*g).into())])) } @if r.sdgs.is_empty() { "—" } }
                @if internals {
                    dt { (tr.t("req-assignees")) }
                    dd id="req-assignees" { @for (i, a) in r.assignees.iter().enumerate() { @if i > 0 { ", " } (name_of(*a)) } @if r.assignees.is_empty() { (tr.t("req-nobody")) } }
                }
            }
            @if internals {
                details class="req-evidence" {
                    summary { (tr.t("req-evidence")) }
                    ul { @for (term, theme) in evidence(&r.tags_json) { li { span lang=(r.lang) { (term) } " → " (theme_label(tr, plan, &theme)) } } }
                }
            }
        }
    }

    fn actions(
        &self,
        may_triage: bool,
        may_work: bool,
        staff: &[&Account],
        next_work: &[Status],
    ) -> Markup {
        let (ctx, tr, plan, r, action) = (
            self.ctx,
            &self.ctx.tr,
            self.plan,
            self.r,
            format!("/requests/{}/changes", self.r.id),
        );
        html! {
            @if may_triage && matches!(r.status, Status::Received | Status::Triaged) {
                (triage_form(ctx, plan, &action, &r.routing, &r.sdgs))
            }
            @if may_triage && matches!(r.status, Status::Received | Status::Triaged | Status::Assigned | Status::InProgress) && !staff.is_empty() {
                form method="post" action=(action) class="auth-form" id="req-assign-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="assign";
                    fieldset {
                        legend { (tr.t("req-assign-heading")) }
                        @for a in staff {
                            label class="check" {
                                input type="checkbox" name="assignees" value=(a.id) checked[r.assignees.contains(&a.id)];
                                " " (a.name)
                            }
                        }
                    }
                    button type="submit" class="button" id="req-assign" { (tr.t("req-assign-submit")) }
                }
            }
            @if may_triage && matches!(r.status, Status::Received | Status::Triaged | Status::Assigned) {
                form method="post" action=(action) class="auth-form" id="req-decline-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="decline";
                    div class="field" {
                        label for="req-reason" { (tr.t("req-decline-heading")) }
                        select id="req-reason" name="reason" {
                            @for d in DeclineReason::ALL { option value=(d.as_str()) { (tr.t(&format!("req-reason-{}", d.as_str()))) } }
                        }
                    }
                    div class="field" {
                        label for="req-note" { (tr.t("req-decline-note")) }
                        input type="text" id="req-note" name="note" required;
                    }
                    button type="submit" class="button" { (tr.t("req-decline-submit")) }
                }
            }
            @if may_work && !next_work.is_empty() {
                form method="post" action=(action) class="auth-form" id="req-status-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="status";
                    p { (tr.t("req-status-heading")) }
                    @for s in next_work {
                        button type="submit" class="button" name="status" value=(s.as_str()) id=(format!("req-to-{}", s.as_str())) { (labels::status_label(tr, *s)) } " "
                    }
                }
            }
        }
    }

    fn links(&self, links: &[RequestLink], may_work: bool) -> Markup {
        let (ctx, tr, action) = (
            self.ctx,
            &self.ctx.tr,
            format!("/requests/{}/changes", self.r.id),
        );
        html! {
            h2 { (tr.t("req-links")) }
            @if links.is_empty() { p class="hint" { (tr.t("req-no-links")) } }
            ul id="req-link-list" {
                @for l in links {
                    li { (tr.t(&format!("req-link-{}", l.kind.as_str()))) " " (l.target) }
                }
            }
            @if may_work {
                form method="post" action=(action) class="auth-form" id="req-link-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="link";
                    input type="hidden" name="kind" value="output";
                    div class="field" {
                        label for="req-target" { (tr.t("req-link-target")) }
                        input type="number" id="req-target" name="target" required;
                    }
                    button type="submit" class="button" id="req-link" { (tr.t("req-link-submit")) }
                }
            }
        }
    }

    fn comments(&self, user: &Account, comments: &[RequestComment]) -> Markup {
        let (ctx, tr, internals, name_of, action, facts) = (
            self.ctx,
            &self.ctx.tr,
            self.internals,
            self.name_of,
            format!("/requests/{}/changes", self.r.id),
            self.r.facts(),
        );
        html! {
            h2 { (tr.t("req-comments")) }
            ul class="req-comments" {
                @for c in comments.iter().filter(|c| internals || !c.internal) {
                    li class=[c.internal.then_some("internal")] {
                        strong { (name_of(c.author)) } " · " (when(tr, c.at))
                        @if c.internal { " · " em { (tr.t("req-comment-internal")) } }
                        p { (c.text) }
                    }
                }
            }
            @if allowed(Some(user), &Action::CommentOnRequest { facts, internal: false }) {
                form method="post" action=(action) class="auth-form" id="req-comment-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="comment";
                    div class="field" {
                        label for="req-comment" { (tr.t("req-comment-label")) }
                        textarea id="req-comment" name="text" rows="3" required {}
                    }
                    @if allowed(Some(user), &Action::CommentOnRequest { facts, internal: true }) {
                        label class="check" { input type="checkbox" name="internal" value="1"; " " (tr.t("req-comment-internal")) }
                    }
                    button type="submit" class="button" { (tr.t("req-comment-submit")) }
                }
            }
        }
    }

    fn history(&self, events: &[RequestEvent]) -> Markup {
        let (tr, internals, name_of) = (&self.ctx.tr, self.internals, self.name_of);
        html! {
            h2 { (tr.t("req-history")) }
            ol class="req-history" id="req-history" {
                @for e in events.iter().filter(|e| internals || !e.internal) {
                    li {
                        (when(tr, e.at)) " · " (name_of(e.actor)) " · " (tr.t(&format!("req-event-{}", e.kind)))
                        @if let Some(to) = e.to_status { " → " (labels::status_label(tr, to)) }
                    }
                }
            }
        }
    }
}

/// (term, theme) pairs of the tagger's evidence.
fn evidence(tags_json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(tags_json).unwrap_or_default();
    let mut out = Vec::new();
    for t in v["themes"].as_array().into_iter().flatten() {
        let theme = t["id"].as_str().unwrap_or_default().to_string();
        for e in t["evidence"].as_array().into_iter().flatten().take(5) {
            if let Some(term) = e["term"].as_str() {
                out.push((term.to_string(), theme.clone()));
            }
        }
    }
    out
}

fn triage_form(
    ctx: &Ctx,
    plan: Option<&Plan>,
    action: &str,
    routing: &Routing,
    sdgs: &[u8],
) -> Markup {
    let tr = &ctx.tr;
    let Some(plan) = plan else { return html! {} };
    html! {
        form method="post" action=(action) class="auth-form" id="req-triage-form" {
            (csrf(ctx))
            input type="hidden" name="action" value="triage";
            @for g in sdgs { input type="hidden" name="sdgs" value=(g); }
            fieldset {
                legend { (tr.t("req-triage-heading")) }
                @for t in &plan.themes {
                    label class="check" {
                        input type="checkbox" name="themes" value=(t.id) checked[routing.themes.contains(&t.id)];
                        " " (t.title.best(tr.lang))
                    }
                }
            }
            div class="field" {
                label for="req-lead-select" { (tr.t("req-lead")) }
                select id="req-lead-select" name="lead" {
                    @for p in &plan.programmes {
                        option value=(p.id) selected[routing.lead.as_deref() == Some(p.id.as_str())] { (p.acronym) " — " (p.name.best(tr.lang)) }
                    }
                }
            }
            fieldset {
                legend { (tr.t("req-supporting")) }
                @for p in &plan.programmes {
                    label class="check" {
                        input type="checkbox" name="supporting" value=(p.id) checked[routing.supporting.contains(&p.id)];
                        " " (p.acronym)
                    }
                }
            }
            button type="submit" class="button" id="req-triage" { (tr.t("req-triage-submit")) }
        }
    }
}

fn change_of(f: &Fields) -> Result<Change, DeskError> {
    let bad = |code| DeskError::BadInput(code, String::new());
    Ok(match f.get("action").unwrap_or_default() {
        "triage" => {
            let themes: Vec<String> = f.all("themes").into_iter().map(str::to_string).collect();
            let lead = f.get("lead").filter(|l| !l.is_empty()).map(str::to_string);
            let supporting = f
                .all("supporting")
                .into_iter()
                .filter(|s| Some(*s) != lead.as_deref())
                .map(str::to_string)
                .collect();
            Change::Triage {
                routing: Routing {
                    out_of_plan: themes.is_empty(),
                    themes,
                    lead,
                    supporting,
                },
                sdgs: f
                    .all("sdgs")
                    .into_iter()
                    .filter_map(|g| g.parse().ok())
                    .collect(),
            }
        }
        "assign" => {
            let assignees: Vec<i64> = f
                .all("assignees")
                .into_iter()
                .filter_map(|a| a.parse().ok())
                .collect();
            if assignees.is_empty() {
                return Err(bad("invalid_assignee"));
            }
            Change::Assign { assignees }
        }
        "decline" => {
            let reason = f
                .get("reason")
                .and_then(DeclineReason::parse)
                .ok_or(bad("no_reason"))?;
            let note = f.text("note");
            if note.trim().is_empty() {
                return Err(bad("no_reason"));
            }
            Change::Status {
                to: Status::Declined,
                decline: Some((reason, note)),
            }
        }
        "status" => {
            let to = f
                .get("status")
                .and_then(Status::parse)
                .filter(|s| *s != Status::Declined)
                .ok_or(bad("invalid_status"))?;
            Change::Status { to, decline: None }
        }
        "comment" => Change::Comment {
            text: f.text("text"),
            internal: f.get("internal").is_some(),
        },
        "link" => Change::Link {
            kind: f
                .get("kind")
                .and_then(LinkKind::parse)
                .ok_or(bad("unknown_output"))?,
            target: f
                .get("target")
                .and_then(|t| t.trim().parse().ok())
                .ok_or(bad("unknown_output"))?,
        },
        _ => return Err(bad("invalid")),
    })
}

/// `POST /requests/{id}/changes`: one of the forms of the request page.
pub async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    PathId(id): PathId,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let result = match form::parse(&headers, &body) {
        Some(f) => match change_of(&f) {
            Ok(c) => desk::change(&state, &user, id, c).await,
            Err(e) => Err(e),
        },
        None => Err(DeskError::BadInput("invalid", String::new())),
    };
    match result {
        Ok(r) => Ok(Redirect::to(&format!("/requests/{}?done=1", r.id)).into_response()),
        Err(e @ (DeskError::Forbidden | DeskError::NotFound | DeskError::Store(_))) => {
            Err(e.into())
        }
        // The request's page again, saying why the change was refused.
        Err(e) => {
            let (status, msg) = refusal(&e);
            let r = desk::visible(&state, &user, id).await?;
            let page = request_page(&state, &ctx, &user, &r, None, Some(msg)).await?;
            Ok(html_response(status, page))
        }
    }
}

// ---- inbox --------------------------------------------------------------------

/// `GET /inbox`.
pub async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
) -> Result<Markup, PageError> {
    let items = state.store.inbox(user.id, 0).await?;
    let tr = &ctx.tr;
    let title = tr.t("req-inbox-title");
    let main = html! {
        h1 id="page-heading" { (title) }
        (links_bar(tr, &user))
        @if items.is_empty() { p class="hint" { (tr.t("req-inbox-empty")) } }
        ul class="inbox" id="inbox" {
            @for i in &items {
                li class=[(!i.read).then_some("unread")] {
                    (when(tr, i.at)) " · "
                    a href=(format!("/requests/{}", i.request_id)) {
                        (tr.ta(&format!("req-inbox-{}", i.kind), &[("id", i.request_id.into())]))
                    }
                    @if !i.read {
                        form method="post" action=(format!("/inbox/{}/read", i.id)) class="inline-form" {
                            (csrf(&ctx))
                            button type="submit" class="button button-small" { (tr.t("req-mark-read")) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(&ctx, Nav::None, &title, main))
}

/// `POST /inbox/{id}/read`.
pub async fn inbox_read(
    State(state): State<AppState>,
    User(user): User,
    PathId(id): PathId,
) -> Result<Redirect, PageError> {
    match state.store.mark_inbox_read(user.id, id).await {
        Ok(()) => Ok(Redirect::to("/inbox")),
        Err(southdesk_store::StoreError::NotFound { .. }) => {
            Err(PageError::NotFound("req-not-found"))
        }
        Err(e) => Err(e.into()),
    }
}
