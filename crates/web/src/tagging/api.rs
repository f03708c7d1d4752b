//! `POST /api/v1/tag`.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use utoipa::OpenApi;

use crate::app::error::{ErrorBody, json_body};
use crate::app::{ApiError, ApiResult, AppState};

use super::dto::{self, TagRequest, TagResponse};
use super::evidence;

/// Tags a text with the thematic areas of the plan and the SDGs.
#[utoipa::path(
    post,
    path = "/api/v1/tag",
    tag = "tagging",
    request_body = TagRequest,
    responses(
        (status = 200, description = "The areas and SDGs found, with their evidence (character offsets) and the words of the text that weighed most in the learned model (`terms`)", body = TagResponse),
        (status = 400, description = "The body is not the expected JSON (`bad_request`)", body = ErrorBody),
        (status = 413, description = "The body is larger than 2 MB (`payload_too_large`)", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON (`unsupported_media_type`)", body = ErrorBody),
        (status = 422, description = "The text is empty or only white space (`empty_text`)", body = ErrorBody),
        (status = 500, description = "Tagging failed (`internal_error`)", body = ErrorBody),
    )
)]
pub async fn tag(
    State(state): State<AppState>,
    body: Result<Json<TagRequest>, JsonRejection>,
) -> ApiResult<TagResponse> {
    let req = json_body(body, evidence::MAX_API_BODY_BYTES)?;
    if req.text.trim().is_empty() {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "empty_text",
            message: "the text is empty".into(),
        });
    }
    let tagger = state.tagger.clone();
    let all = req.all;
    let text = req.text;
    let mut result = tokio::task::spawn_blocking(move || {
        tagger.tag(&text, &southdesk_tagger::TagOptions { all })
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "tagging task failed");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal_error",
            message: "tagging failed".into(),
        }
    })?;
    result.id = req.id;
    // Titles are a courtesy: without the plan, the tags still answer.
    let plan = state.plan_for_labels().await;
    Ok(Json(TagResponse::new(&result, plan.as_ref())))
}

#[derive(OpenApi)]
#[openapi(
    paths(tag),
    components(schemas(
        TagRequest, TagResponse, dto::ThemeTag, dto::SdgTag, dto::Evidence, dto::Term,
    )),
    tags((name = "tagging", description = "Thematic areas and SDGs of a text")),
)]
struct TagDoc;

/// Adds `POST /api/v1/tag` to the document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(TagDoc::openapi());
}
