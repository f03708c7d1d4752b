//! Atom feeds and OAI-PMH over the public outputs.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use southdesk_kb::{atom, oai};
use southdesk_plan::outputs::series_slug;
use southdesk_store::{OutputFilter, Page};

use crate::app::{AppState, Ctx, PageError};

use super::shared::*;

/// Which feed.
enum FeedOf {
    All,
    Theme(String),
    Series(String),
}

async fn feed(
    state: AppState,
    headers: HeaderMap,
    ctx: Ctx,
    which: FeedOf,
) -> Result<Response, PageError> {
    let base = base_url(&state, &headers);
    let plan = state.plan_for_labels().await;
    // Feeds are public: whoever asks, only public outputs.
    let mut filter = OutputFilter::public();
    let (title, self_path, page_path) = match &which {
        FeedOf::All => (
            ctx.tr.t("kb-feed-all"),
            "/feeds/outputs.atom".to_string(),
            "/outputs".to_string(),
        ),
        FeedOf::Theme(id) => {
            let Some(theme) = plan.as_ref().and_then(|p| p.theme(id)) else {
                return Err(PageError::NotFound("kb-notfound-theme"));
            };
            filter.themes.push(id.clone());
            (
                ctx.tr.ta(
                    "kb-theme-outputs-title",
                    &[("theme", theme.title.best(ctx.lang()).to_string().into())],
                ),
                format!("/feeds/themes/{id}.atom"),
                format!("/themes/{id}/outputs"),
            )
        }
        FeedOf::Series(slug) => {
            filter.series.push(slug.clone());
            (
                String::new(),
                format!("/feeds/series/{slug}.atom"),
                format!("/series/{slug}"),
            )
        }
    };
    let page = state
        .store
        .outputs(&filter, Page::first(FEED_ENTRIES))
        .await?;
    let title = match which {
        FeedOf::Series(slug) => ctx.tr.ta(
            "kb-series-outputs-title",
            &[(
                "series",
                page.outputs
                    .iter()
                    .find_map(|o| o.series.clone())
                    .unwrap_or(slug)
                    .into(),
            )],
        ),
        _ => title,
    };
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
    feed(state, headers, ctx, FeedOf::All).await
}

/// `GET /feeds/themes/{id}.atom`.
pub async fn feed_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    match file.strip_suffix(".atom") {
        Some(id) if !id.is_empty() => feed(state, headers, ctx, FeedOf::Theme(id.into())).await,
        _ => Err(PageError::NotFound("kb-notfound")),
    }
}

/// `GET /feeds/series/{slug}.atom`.
pub async fn feed_series(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    match file.strip_suffix(".atom") {
        Some(slug) if !slug.is_empty() && series_slug(slug) == slug => {
            feed(state, headers, ctx, FeedOf::Series(slug.into())).await
        }
        _ => Err(PageError::NotFound("kb-notfound")),
    }
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
