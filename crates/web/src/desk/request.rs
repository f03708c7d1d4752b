//! One request: its page, laid out for the triage decision and the work
//! on it, and the forms that change it.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::requests::{self as rules, DeclineReason, LinkKind, Routing, Status};
use southdesk_plan::{Account, Plan};
use southdesk_store::requests::{
    Change, Comment as RequestComment, Link as RequestLink, Request, RequestEvent,
};

use super::labels;
use super::workflow::{self as desk, DeskError};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::form::{self, Fields};
use crate::app::layout::{Nav, page};
use crate::app::notice::html_response;
use crate::app::{PageError, PathId, User};

use super::views::*;

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
pub(super) fn evidence(tags_json: &str) -> Vec<(String, String)> {
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

pub(super) fn triage_form(
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

pub(super) fn change_of(f: &Fields) -> Result<Change, DeskError> {
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
