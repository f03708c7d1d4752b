//! The plan's pages: the plan at a glance, an area, the stored versions,
//! the open data page.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use southdesk_calendar::Meeting;
use southdesk_plan::authz::{Action, allowed, output_scope};
use southdesk_store::requests::{Request, RequestQuery};
use southdesk_store::{MeetingFilter, OutputFilter, Page};

use crate::app::layout::{Nav, page};
use crate::app::notice::notice;
use crate::app::urls::base_url;
use crate::app::{AppState, Ctx, PageError};

use super::views;

/// `/`: the adopted plan at a glance for visitors; a logged-in account is
/// sent to its start page (the plan stays at `/plan`).
pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    if ctx.user().is_some() {
        return Ok(Redirect::to("/start").into_response());
    }
    Ok(overview(State(state), ctx).await?.into_response())
}

/// The adopted plan at a glance; without one, a notice that leads to the
/// stored versions.
pub async fn overview(State(state): State<AppState>, ctx: Ctx) -> Result<Markup, PageError> {
    Ok(match state.store.adopted_plan().await? {
        Some(version) => {
            let title = version.plan.title.best(ctx.lang()).to_string();
            page(&ctx, Nav::Overview, &title, views::home(&ctx.tr, &version))
        }
        None => page(
            &ctx,
            Nav::Overview,
            &ctx.tr.t("noplan-title"),
            notice(
                &ctx.tr,
                "noplan-title",
                &ctx.tr.t("noplan-text"),
                ("/plan/versions", "noplan-versions"),
            ),
        ),
    })
}

/// One area of the adopted plan, as a hub of the work on it: its outputs,
/// meetings, requests, feeds and SDGs beside what the plan says.
pub async fn theme(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ctx: Ctx,
) -> Result<Markup, PageError> {
    let no_area = || PageError::NotFound("notfound-area-text");
    let version = state.store.adopted_plan().await?.ok_or_else(no_area)?;
    let t = version.plan.theme(&id).ok_or_else(no_area)?;
    let title = t.title.best(ctx.lang()).to_string();
    let hub = hub(&state, &ctx, &t.id, &base_url(&state, &headers)).await?;
    Ok(page(
        &ctx,
        Nav::Overview,
        &title,
        views::theme(&ctx.tr, &version.plan, t, &hub),
    ))
}

/// How many open requests of the area are read, to count and list them.
const OPEN_WINDOW: u32 = 500;
/// How many items each list of the hub shows.
const HUB_LIST: usize = 5;
/// How many of the most-cited outputs are looked at to find
/// [`HUB_LIST`] the reader may read.
const CITED_WINDOW: u32 = 50;

/// What the page of area `id` shows of the work on it, as the reader may
/// see it. Counting is the store's (SDGs, citations): a page view reads a
/// handful of rows, not the area's outputs and requests.
async fn hub(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    base: &str,
) -> Result<views::AreaHub, PageError> {
    let store = state.store.as_ref();
    let reader = ctx.user();
    let scope = output_scope(reader);
    let of_area = OutputFilter {
        scope: scope.clone(),
        themes: vec![id.to_string()],
        ..OutputFilter::default()
    };
    let recent = store
        .outputs(
            &of_area,
            Page {
                offset: 0,
                limit: HUB_LIST as u64,
            },
        )
        .await?;
    // The SDGs the area's outputs (those the reader may read) touch.
    let sdgs = store.sdg_counts(&of_area).await?;

    // Requests of the area: listed for those who may read them, counted for
    // everyone (confidential ones only for those who may read them).
    let open = store
        .requests(&RequestQuery {
            theme: Some(id.to_string()),
            open_only: true,
            limit: OPEN_WINDOW,
            ..RequestQuery::default()
        })
        .await?;
    let may_read = |r: &Request| allowed(reader, &Action::ViewRequest(r.facts()));
    let open_count = open
        .iter()
        .filter(|r| !r.confidential || may_read(r))
        .count() as u64;
    let open_requests = allowed(reader, &Action::ListRequests).then(|| {
        open.iter()
            .filter(|r| may_read(r))
            .take(HUB_LIST)
            .cloned()
            .collect()
    });

    // The outputs most cited: linked most often as answers to the area's
    // requests and to its meetings, those the reader may read.
    let mut most_cited = Vec::new();
    for (oid, n) in store.most_cited_in_theme(id, CITED_WINDOW).await? {
        if most_cited.len() == HUB_LIST {
            break;
        }
        if let Some(o) = store.output(oid).await?
            && scope.contains(&o.facts())
        {
            most_cited.push((o, n));
        }
    }

    let upcoming: Vec<Meeting> = store
        .meetings(&MeetingFilter {
            from: Some(jiff::Timestamp::now()),
            themes: vec![id.to_string()],
            ..MeetingFilter::default()
        })
        .await?;

    let ics_path = format!("/meetings/themes/{id}/feed.ics");
    let webcal = format!(
        "webcal://{}",
        base.split_once("://").map_or(base, |(_, rest)| rest)
    );
    Ok(views::AreaHub {
        outputs_total: recent.total,
        recent: recent.outputs,
        most_cited,
        upcoming,
        open_count,
        open_requests,
        sdgs,
        atom: format!("{base}/feeds/themes/{id}.atom"),
        ics: format!("{base}{ics_path}"),
        webcal: format!("{webcal}{ics_path}"),
    })
}

/// The stored versions, newest first.
pub async fn versions(State(state): State<AppState>, ctx: Ctx) -> Result<Markup, PageError> {
    let mut list = state.store.plan_versions().await?;
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let title = ctx.tr.t("versions-title");
    Ok(page(
        &ctx,
        Nav::Versions,
        &title,
        views::versions(&ctx.tr, &list),
    ))
}

/// The open data page: every public address of the app, from the route
/// table and the OpenAPI document the router hands to the state.
pub async fn open_data(State(state): State<AppState>, ctx: Ctx) -> Markup {
    let title = ctx.tr.t("api-title");
    let endpoints = state
        .api_catalogue
        .as_deref()
        .map(views::api_endpoints)
        .unwrap_or_default();
    page(
        &ctx,
        Nav::OpenData,
        &title,
        views::open_data(&ctx.tr, &endpoints),
    )
}
