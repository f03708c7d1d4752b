//! The JSON API under `/api/v1`, its OpenAPI description and `/healthz`.

pub mod dto;
pub mod me;
pub mod meetings;
pub mod requests;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use southdesk_store::StoreError;
use utoipa::OpenApi;

use crate::AppState;
use dto::{
    ErrorBody, ErrorDetail, Health, PlanDocument, TagRequest, TagResponse, Theme, VersionList,
    VersionMeta,
};

/// Path of the OpenAPI document.
pub const OPENAPI_PATH: &str = "/api/openapi.json";
/// Path of the Swagger UI.
pub const DOCS_PATH: &str = "/api/docs";

/// An API error: a status and a stable code.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    /// 401: no valid credentials (`WWW-Authenticate: Bearer` is added).
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code,
            message: message.into(),
        }
    }

    /// 403: authenticated, not allowed.
    pub fn forbidden() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: "this account may not do this".into(),
        }
    }

    fn no_adopted_plan() -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "no_adopted_plan",
            message: "no version of the plan is adopted".into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: message.into(),
        }
    }

    fn from_json_rejection(r: &JsonRejection, limit: usize) -> ApiError {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                code: "payload_too_large",
                message: format!("the request body is larger than {limit} bytes"),
            },
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "send the body as `Content-Type: application/json`".into(),
            },
            _ => ApiError::bad_request(r.body_text()),
        }
    }

    fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        tracing::error!(code = e.code(), error = %e, "store failed while answering the API");
        match e {
            // The details (host, file) are for the operators' logs.
            StoreError::Unreachable { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "store_unavailable",
                message: "the database cannot be reached; try again later".into(),
            },
            other => ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "internal_error",
                message: format!("the database failed ({})", other.code()),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// The adopted plan.
#[utoipa::path(
    get,
    path = "/api/v1/plan",
    tag = "plan",
    responses(
        (status = 200, description = "The plan in force with all its texts in the four languages", body = PlanDocument),
        (status = 404, description = "No version is adopted (`no_adopted_plan`)", body = ErrorBody),
        (status = 500, description = "The database failed (`internal_error`)", body = ErrorBody),
        (status = 503, description = "The database cannot be reached (`store_unavailable`)", body = ErrorBody),
    )
)]
pub async fn plan(State(state): State<AppState>) -> ApiResult<PlanDocument> {
    let version = state
        .store
        .adopted_plan()
        .await?
        .ok_or_else(ApiError::no_adopted_plan)?;
    Ok(Json(PlanDocument::from(&version)))
}

/// One thematic area of the adopted plan.
#[utoipa::path(
    get,
    path = "/api/v1/plan/themes/{id}",
    tag = "plan",
    params(("id" = String, Path, description = "Identifier of the thematic area", example = "climate")),
    responses(
        (status = 200, description = "The thematic area", body = Theme),
        (status = 404, description = "No such area (`not_found`) or no adopted plan (`no_adopted_plan`)", body = ErrorBody),
        (status = 500, description = "The database failed (`internal_error`)", body = ErrorBody),
        (status = 503, description = "The database cannot be reached (`store_unavailable`)", body = ErrorBody),
    )
)]
pub async fn theme(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Theme> {
    let version = state
        .store
        .adopted_plan()
        .await?
        .ok_or_else(ApiError::no_adopted_plan)?;
    let theme = version.plan.theme(&id).ok_or_else(|| {
        ApiError::not_found(format!("no thematic area {id:?} in the adopted plan"))
    })?;
    Ok(Json(Theme::new(&version.plan, theme)))
}

/// The stored versions of the plan.
#[utoipa::path(
    get,
    path = "/api/v1/plan/versions",
    tag = "versions",
    responses(
        (status = 200, description = "All stored versions, newest first, without content", body = VersionList),
        (status = 500, description = "The database failed (`internal_error`)", body = ErrorBody),
        (status = 503, description = "The database cannot be reached (`store_unavailable`)", body = ErrorBody),
    )
)]
pub async fn versions(State(state): State<AppState>) -> ApiResult<VersionList> {
    let mut list = state.store.plan_versions().await?;
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok(Json(VersionList {
        versions: list.iter().map(VersionMeta::from).collect(),
    }))
}

/// One stored version with its content.
#[utoipa::path(
    get,
    path = "/api/v1/plan/versions/{id}",
    tag = "versions",
    params(("id" = i64, Path, description = "Identifier of the version", example = 1)),
    responses(
        (status = 200, description = "The version with its full content", body = PlanDocument),
        (status = 400, description = "The identifier is not a number (`bad_request`)", body = ErrorBody),
        (status = 404, description = "No such version (`not_found`)", body = ErrorBody),
        (status = 500, description = "The database failed (`internal_error`)", body = ErrorBody),
        (status = 503, description = "The database cannot be reached (`store_unavailable`)", body = ErrorBody),
    )
)]
pub async fn version(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<PlanDocument> {
    let n: i64 = id
        .parse()
        .map_err(|_| ApiError::bad_request(format!("version id {id:?} is not a number")))?;
    let version = state
        .store
        .plan_version(n)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no plan version {n}")))?;
    Ok(Json(PlanDocument::from(&version)))
}

/// Tags a text with the thematic areas of the plan and the SDGs.
#[utoipa::path(
    post,
    path = "/api/v1/tag",
    tag = "tagging",
    request_body = TagRequest,
    responses(
        (status = 200, description = "The areas and SDGs found, with their evidence (character offsets) and the model's strongest features", body = TagResponse),
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
    let req = json_body(body, crate::tag::MAX_API_BODY_BYTES)?;
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
    let plan = match state.store.adopted_plan().await {
        Ok(v) => v.map(|v| v.plan),
        Err(e) => {
            tracing::warn!(code = e.code(), error = %e, "no plan titles for the tags");
            None
        }
    };
    Ok(Json(TagResponse::new(&result, plan.as_ref())))
}

/// Whether the service and its database work.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.store.backend().as_str().to_string();
    let (status, health) = match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Health {
                status: "ok".into(),
                store,
                error: None,
            },
        ),
        Err(e) => {
            tracing::warn!(code = e.code(), error = %e, "health check: store ping failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Health {
                    status: "unavailable".into(),
                    store,
                    error: Some(ErrorDetail {
                        code: e.code().to_string(),
                        message: "the database does not answer".into(),
                    }),
                },
            )
        }
    };
    let mut response = (status, Json(health)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The answer to an unknown address under `/api/`.
pub fn unknown_path(path: &str) -> Response {
    ApiError::not_found(format!("no API resource at {path}")).into_response()
}

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "southdesk API",
        description = "Open data of the South Centre's Thematic Work Programme: the adopted plan, its thematic areas and the stored versions, and a tagger that finds the areas and SDGs of a text. Every text is given in Chinese (zh), English (en), French (fr) and Spanish (es). Errors are JSON objects `{\"error\": {\"code\", \"message\"}}` with a stable code.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    paths(plan, theme, versions, version, tag, healthz),
    components(schemas(
        PlanDocument, Theme, VersionList, VersionMeta, ErrorBody, ErrorDetail, Health,
        dto::Localized, dto::Period, dto::VersionStatus, dto::Objective, dto::Mode,
        dto::Programme, dto::Forum, dto::Topic,
        TagRequest, TagResponse, dto::ThemeTag, dto::SdgTag, dto::Evidence, dto::Feature,
    )),
    tags(
        (name = "plan", description = "The plan in force"),
        (name = "versions", description = "Stored versions of the plan"),
        (name = "tagging", description = "Thematic areas and SDGs of a text"),
        (name = "service", description = "State of the service"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    me::add_to(&mut doc);
    meetings::add_to(&mut doc);
    requests::add_to(&mut doc);
    crate::kb::api::add_to(&mut doc);
    doc
}

/// axum's body limit on routes that set none.
pub(crate) const DEFAULT_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Reads a JSON body, or says in the API's error shape why not. `limit` is
/// the route's body limit (its `DefaultBodyLimit`), named in a 413.
pub(crate) fn json_body<T>(
    body: Result<Json<T>, JsonRejection>,
    limit: usize,
) -> Result<T, ApiError> {
    body.map(|Json(t)| t)
        .map_err(|r| ApiError::from_json_rejection(&r, limit))
}
