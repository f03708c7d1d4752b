//! The tagging page: `GET /tag` and `POST /tag`.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::layout::{Nav, page};
use crate::app::notice::html_response;
use crate::app::{AppState, Ctx, PageError};

use super::evidence::MAX_PAGE_TEXT_BYTES;
use super::views as tagging;

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
    html_response(
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
) -> Result<Response, PageError> {
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
            return Ok(error(StatusCode::PAYLOAD_TOO_LARGE, "tag-error-too-large"));
        }
        Err(r) => {
            tracing::debug!(error = %r, "unreadable tagging form");
            return Ok(error(StatusCode::BAD_REQUEST, "tag-error-bad-form"));
        }
    };
    let all = form.all.is_some();
    if form.text.len() > MAX_PAGE_TEXT_BYTES {
        return Ok(error(StatusCode::PAYLOAD_TOO_LARGE, "tag-error-too-large"));
    }
    if form.text.trim().is_empty() {
        return Ok(tag_form_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            tagging::FormState {
                text: &form.text,
                all,
                error: Some("tag-error-empty"),
                ..Default::default()
            },
        ));
    }
    let tagger = state.tagger.clone();
    let text = form.text;
    let tagged = tokio::task::spawn_blocking(move || {
        let result = tagger.tag(&text, &southdesk_tagger::TagOptions { all });
        (text, result)
    })
    .await;
    let (text, result) = tagged.map_err(|e| {
        tracing::error!(error = %e, "tagging task failed");
        PageError::Notice {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title_id: "error-title",
            text_id: "tag-error-failed".into(),
            next: ("/tag", "tag-again"),
        }
    })?;
    // Area titles come from the adopted plan; without it, the ids show.
    let plan = state.plan_for_labels().await;
    let title = ctx.tr.t("tag-result-title");
    Ok(page(
        &ctx,
        Nav::Tag,
        &title,
        tagging::result(
            &ctx.tr,
            plan.as_ref(),
            &text,
            &result,
            tagging::FormState {
                text: "",
                all,
                error: None,
                csrf: ctx.csrf_token(),
            },
        ),
    )
    .into_response())
}
