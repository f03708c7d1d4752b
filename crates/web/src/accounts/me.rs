//! `GET /api/v1/me`: the account a personal API token belongs to, and the
//! bearer security scheme of the OpenAPI document.

use axum::Json;
use serde::Serialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{OpenApi, ToSchema};

use crate::app::ApiError;
use crate::app::auth::CurrentUser;
use crate::app::error::ErrorBody;

/// Name of the security scheme in the OpenAPI document.
pub const BEARER_SCHEME: &str = "bearer";

/// An account, as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    #[schema(example = 7)]
    pub id: i64,
    #[schema(example = "delegate@mission.example")]
    pub email: String,
    pub name: String,
    /// `admin`, `management`, `coordinator`, `staff`, `delegate`, `board` or `council`.
    #[schema(example = "delegate")]
    pub role: String,
    /// Programme id, for coordinators.
    pub programme: Option<String>,
    /// ISO 3166-1 alpha-3 code of the member state, for its delegates.
    #[schema(example = "BRA")]
    pub member: Option<String>,
    /// Group id, for a group's delegates.
    pub group: Option<String>,
}

/// The account of the token sent.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account the token belongs to", body = Me),
        (status = 401, description = "No token, or an unknown or revoked one (`unauthorized`, `invalid_token`)", body = ErrorBody),
    )
)]
pub async fn me(CurrentUser(user): CurrentUser) -> Result<Json<Me>, ApiError> {
    let a = user.ok_or_else(|| ApiError::unauthorized("unauthorized", "no account"))?;
    Ok(Json(Me {
        id: a.id,
        email: a.email,
        name: a.name,
        role: a.role.to_string(),
        programme: a.programme,
        member: a.member,
        group: a.group,
    }))
}

#[derive(OpenApi)]
#[openapi(
    paths(me),
    components(schemas(Me)),
    tags((name = "accounts", description = "Your account; send a personal API token (made on /account or with `southdesk token create`) as `Authorization: Bearer …`")),
)]
struct MeDoc;

/// Adds `/api/v1/me` and the bearer scheme to the document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(MeDoc::openapi());
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER_SCHEME,
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
}
