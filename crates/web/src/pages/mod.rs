//! Server-rendered HTML pages.

pub mod account;
pub mod layout;
pub mod meetings;
pub mod requests;
pub mod tagging;
pub mod views;

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde::Deserialize;
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
            views::notice(&ctx.tr, title_id, &ctx.tr.t(text_id), link),
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

/// The 403 page: logged in, but not allowed.
pub fn forbidden(ctx: &Ctx) -> Response {
    notice_page(
        ctx,
        StatusCode::FORBIDDEN,
        Nav::None,
        "forbidden-title",
        "forbidden-text",
        ("/", "notfound-home"),
    )
}

/// The page shown when a form comes without its CSRF token (or with a stale
/// one).
pub fn csrf_failed(ctx: &Ctx) -> Response {
    notice_page(
        ctx,
        StatusCode::FORBIDDEN,
        Nav::None,
        "csrf-title",
        "csrf-text",
        ("/", "notfound-home"),
    )
}

/// The page shown when a form is larger than `limit` bytes (413).
pub fn too_large(ctx: &Ctx, limit: usize) -> Response {
    let title = ctx.tr.t("toolarge-title");
    let mb = i64::try_from(limit.div_ceil(1024 * 1024)).unwrap_or(i64::MAX);
    let text = ctx.tr.ta("toolarge-text", &[("mb", mb.into())]);
    html(
        StatusCode::PAYLOAD_TOO_LARGE,
        page(
            ctx,
            Nav::None,
            &title,
            views::notice(&ctx.tr, "toolarge-title", &text, ("/", "notfound-home")),
        ),
    )
}

/// The page shown when the store fails.
pub(crate) fn unavailable(ctx: &Ctx, err: &StoreError) -> Response {
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

/// The tagging form.
pub async fn tag_form(ctx: Ctx) -> Response {
    tag_form_page(&ctx, StatusCode::OK, tagging::FormState::default())
}

fn tag_form_page(ctx: &Ctx, status: StatusCode, state: tagging::FormState) -> Response {
    let state = tagging::FormState {
        csrf: ctx.csrf_token(),
        ..state
    };
    let title = ctx.tr.t("tag-title");
    html(
        status,
        page(ctx, Nav::Tag, &title, tagging::form(&ctx.tr, state)),
    )
}

/// What the tagging form sends.
#[derive(Debug, Deserialize)]
pub struct TagForm {
    #[serde(default)]
    text: String,
    /// Present (`1`) when the box for weaker candidates is ticked.
    #[serde(default)]
    all: Option<String>,
}

/// Tags the submitted text and shows its tags.
pub async fn tag_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<Form<TagForm>, FormRejection>,
) -> Response {
    let error = |status, id| {
        tag_form_page(
            &ctx,
            status,
            tagging::FormState {
                error: Some(id),
                ..Default::default()
            },
        )
    };
    let form = match form {
        Ok(Form(form)) => form,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error(StatusCode::PAYLOAD_TOO_LARGE, "tag-error-too-large");
        }
        Err(r) => {
            tracing::debug!(error = %r, "unreadable tagging form");
            return error(StatusCode::BAD_REQUEST, "tag-error-bad-form");
        }
    };
    let all = form.all.is_some();
    if form.text.len() > crate::tag::MAX_PAGE_TEXT_BYTES {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "tag-error-too-large");
    }
    if form.text.trim().is_empty() {
        return tag_form_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            tagging::FormState {
                text: &form.text,
                all,
                error: Some("tag-error-empty"),
                ..Default::default()
            },
        );
    }
    let tagger = state.tagger.clone();
    let text = form.text;
    let tagged = tokio::task::spawn_blocking(move || {
        let result = tagger.tag(&text, &southdesk_tagger::TagOptions { all });
        (text, result)
    })
    .await;
    let (text, result) = match tagged {
        Ok(pair) => pair,
        Err(e) => {
            tracing::error!(error = %e, "tagging task failed");
            return notice_page(
                &ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                Nav::Tag,
                "error-title",
                "tag-error-failed",
                ("/tag", "tag-again"),
            );
        }
    };
    // Area titles come from the adopted plan; without it, the ids show.
    let plan = match state.store.adopted_plan().await {
        Ok(v) => v.map(|v| v.plan),
        Err(e) => {
            tracing::warn!(code = e.code(), error = %e, "no plan titles for the tagging page");
            None
        }
    };
    let title = ctx.tr.t("tag-result-title");
    html(
        StatusCode::OK,
        page(
            &ctx,
            Nav::Tag,
            &title,
            tagging::result(&ctx.tr, plan.as_ref(), &text, &result),
        ),
    )
}
