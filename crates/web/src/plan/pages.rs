//! The plan's pages: the plan at a glance, an area, the stored versions,
//! the open data page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;

use crate::app::layout::{Nav, page};
use crate::app::notice::notice;
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

/// One area of the adopted plan.
pub async fn theme(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Markup, PageError> {
    let no_area = || PageError::NotFound("notfound-area-text");
    let version = state.store.adopted_plan().await?.ok_or_else(no_area)?;
    let t = version.plan.theme(&id).ok_or_else(no_area)?;
    let title = t.title.best(ctx.lang()).to_string();
    Ok(page(
        &ctx,
        Nav::Overview,
        &title,
        views::theme(&ctx.tr, &version.plan, t),
    ))
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
