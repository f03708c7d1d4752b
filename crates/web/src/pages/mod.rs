//! Server-rendered HTML pages.

pub mod layout;
pub mod views;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use southdesk_store::StoreError;

use crate::AppState;
use crate::middleware::Ctx;
use layout::{Nav, page};

/// An HTML response. Pages depend on the language negotiated from the
/// request, and on data that changes when a version is adopted.
pub fn html(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup).into_response();
    let h = response.headers_mut();
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn notice_page(
    ctx: &Ctx,
    status: StatusCode,
    nav: Nav,
    title_id: &str,
    text_id: &str,
    link: (&str, &str),
) -> Response {
    let title = ctx.tr.t(title_id);
    html(
        status,
        page(
            ctx,
            nav,
            &title,
            views::notice(&ctx.tr, title_id, text_id, link),
        ),
    )
}

/// The 404 page.
pub fn not_found(ctx: &Ctx, text_id: &str) -> Response {
    notice_page(
        ctx,
        StatusCode::NOT_FOUND,
        Nav::None,
        "notfound-title",
        text_id,
        ("/", "notfound-home"),
    )
}

/// The page shown when the store fails.
fn unavailable(ctx: &Ctx, err: &StoreError) -> Response {
    tracing::error!(code = err.code(), error = %err, path = %ctx.path, "store failed while rendering a page");
    notice_page(
        ctx,
        StatusCode::SERVICE_UNAVAILABLE,
        Nav::None,
        "error-title",
        "error-text",
        ("/", "notfound-home"),
    )
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Response {
    match state.store.adopted_plan().await {
        Ok(Some(version)) => {
            let title = version.plan.title.best(ctx.lang()).to_string();
            html(
                StatusCode::OK,
                page(&ctx, Nav::Overview, &title, views::home(&ctx.tr, &version)),
            )
        }
        Ok(None) => notice_page(
            &ctx,
            StatusCode::OK,
            Nav::Overview,
            "noplan-title",
            "noplan-text",
            ("/plan/versions", "noplan-versions"),
        ),
        Err(e) => unavailable(&ctx, &e),
    }
}

pub async fn theme(State(state): State<AppState>, Path(id): Path<String>, ctx: Ctx) -> Response {
    match state.store.adopted_plan().await {
        Ok(Some(version)) => match version.plan.theme(&id) {
            Some(t) => {
                let title = t.title.best(ctx.lang()).to_string();
                html(
                    StatusCode::OK,
                    page(
                        &ctx,
                        Nav::Overview,
                        &title,
                        views::theme(&ctx.tr, &version.plan, t),
                    ),
                )
            }
            None => not_found(&ctx, "notfound-area-text"),
        },
        Ok(None) => not_found(&ctx, "notfound-area-text"),
        Err(e) => unavailable(&ctx, &e),
    }
}

pub async fn versions(State(state): State<AppState>, ctx: Ctx) -> Response {
    match state.store.plan_versions().await {
        Ok(mut list) => {
            list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
            let title = ctx.tr.t("versions-title");
            html(
                StatusCode::OK,
                page(&ctx, Nav::Versions, &title, views::versions(&ctx.tr, &list)),
            )
        }
        Err(e) => unavailable(&ctx, &e),
    }
}

pub async fn open_data(ctx: Ctx) -> Response {
    let title = ctx.tr.t("api-title");
    html(
        StatusCode::OK,
        page(&ctx, Nav::OpenData, &title, views::open_data(&ctx.tr)),
    )
}
