//! The request desk's pages: my queue, the submission form, a request
//! (triage, assignment, declining, status, comments, links, history), a
//! programme's queue, a member's or group's requests with response times,
//! the overdue list and the inbox.
//!
//! Who may see and do what is asked of `plan::authz` (through
//! [`crate::desk`], which also applies the rules); this module only shows.

use axum::extract::{Path, State};
use axum::response::Redirect;
use maud::{Markup, html};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::people::is_iso3;
use southdesk_plan::requests::{self as rules, Requester, Timeline};
use southdesk_store::requests::{Request, RequestQuery};

use super::labels;
use super::mail;
use super::workflow::{self as desk};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::labels::members;
use crate::app::layout::{Nav, page};
use crate::app::{PageError, PathId, User};

use super::views::*;

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
        @if items.is_empty() {
            (crate::app::ui::empty_state(&tr.t("req-inbox-empty"), "", Some(("/requests", &tr.t("req-queue-title")))))
        }
        ul class="inbox" id="inbox" {
            @for i in &items {
                li class=[(!i.read).then_some("unread")] {
                    span class="inbox-when" { (when(tr, i.at)) }
                    a href=(i.href) {
                        (mail::inbox_line(tr, &i.detail).unwrap_or_else(|| tr.ta(&format!("req-inbox-{}", i.kind), &[("id", i.request_id.unwrap_or_default().into())])))
                    }
                    @if !i.read {
                        form method="post" action=(format!("/inbox/{}/read", i.id)) class="inline-form" {
                            (csrf(&ctx))
                            button type="submit" class="button button-small button-secondary" { (tr.t("req-mark-read")) }
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
