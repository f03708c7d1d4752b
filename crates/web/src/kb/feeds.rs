//! Atom feeds and OAI-PMH over the public outputs.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use southdesk_kb::{atom, oai};
use southdesk_store::{OutputFilter, Page};

use crate::app::{AppState, Ctx, PageError};

use super::shared::*;

async fn feed(
    state: AppState,
    headers: HeaderMap,
    ctx: Ctx,
    shelf: Shelf,
) -> Result<Response, PageError> {
    let base = base_url(&state, &headers);
    let plan = state.plan_for_labels().await;
    // Feeds are public: whoever asks, only public outputs.
    let view = shelf.view(&ctx, plan.as_ref(), OutputFilter::public())?;
    let page = state
        .store
        .outputs(&view.filter, Page::first(FEED_ENTRIES))
        .await?;
    let title = shelf.title(&ctx, view.title, &page.outputs);
    let self_path = view.feed.unwrap_or_default();
    let page_path = view.page;
    let meta = atom::FeedMeta {
        self_url: format!("{base}{self_path}"),
        page_url: format!("{base}{page_path}"),
        title,
        lang: ctx.lang(),
    };
    let body = atom::feed(&meta, &page.outputs, &base, time::OffsetDateTime::now_utc());
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(atom::MEDIA_TYPE),
    );
    Ok(r)
}

/// `GET /feeds/outputs.atom`.
pub async fn feed_all(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
) -> Result<Response, PageError> {
    feed(state, headers, ctx, Shelf::All).await
}

/// The name in a feed's file name (`trade.atom` → `trade`).
fn atom_stem(file: &str) -> Result<String, PageError> {
    file.strip_suffix(".atom")
        .map(str::to_string)
        .ok_or(PageError::NotFound("kb-notfound"))
}

/// `GET /feeds/themes/{id}.atom`.
pub async fn feed_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    feed(state, headers, ctx, Shelf::Theme(atom_stem(&file)?)).await
}

/// `GET /feeds/series/{slug}.atom`.
pub async fn feed_series(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    feed(state, headers, ctx, Shelf::Series(atom_stem(&file)?)).await
}

/// `GET /oai`, `POST /oai`: OAI-PMH 2.0 over the public outputs.
pub async fn oai_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    oai_answer(&state, &headers, &pairs).await
}

pub async fn oai_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    oai_answer(&state, &headers, &pairs).await
}

async fn oai_answer(state: &AppState, headers: &HeaderMap, pairs: &[(String, String)]) -> Response {
    let config = oai::OaiConfig::new(&base_url(state, headers));
    match oai::respond(
        state.store.as_ref(),
        &config,
        pairs,
        time::OffsetDateTime::now_utc(),
    )
    .await
    {
        Ok(body) => {
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(oai::MEDIA_TYPE),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "store failed while answering OAI-PMH");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the catalogue cannot be read",
            )
                .into_response()
        }
    }
}
