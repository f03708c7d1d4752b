//! The plan's JSON API: `/api/v1/plan`, its areas and stored versions.

use axum::Json;
use axum::extract::{Path, State};
use utoipa::OpenApi;

use crate::app::error::ErrorBody;
use crate::app::{ApiError, ApiResult, AppState, PathId};

use super::dto::{self, PlanDocument, Theme, VersionList, VersionMeta};

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
        (status = 404, description = "No such version, or the identifier is not a whole number from 1 (`not_found`)", body = ErrorBody),
        (status = 500, description = "The database failed (`internal_error`)", body = ErrorBody),
        (status = 503, description = "The database cannot be reached (`store_unavailable`)", body = ErrorBody),
    )
)]
pub async fn version(State(state): State<AppState>, PathId(n): PathId) -> ApiResult<PlanDocument> {
    let version = state
        .store
        .plan_version(n)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no plan version {n}")))?;
    Ok(Json(PlanDocument::from(&version)))
}

#[derive(OpenApi)]
#[openapi(
    paths(plan, theme, versions, version),
    components(schemas(
        PlanDocument, Theme, VersionList, VersionMeta,
        dto::Localized, dto::Period, dto::VersionStatus, dto::Objective, dto::Mode,
        dto::Programme, dto::Forum, dto::Topic,
    )),
    tags(
        (name = "plan", description = "The plan in force"),
        (name = "versions", description = "Stored versions of the plan"),
    )
)]
struct PlanDoc;

/// Adds the plan's paths to the document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(PlanDoc::openapi());
}
