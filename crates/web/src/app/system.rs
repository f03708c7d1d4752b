//! The routes of the service itself: static files, `/healthz`, the
//! OpenAPI document and its browser.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, Method as M, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Serialize;
use southdesk_plan::authz::Action as A;
use utoipa::ToSchema;

use super::assets;
use super::error::ErrorDetail;
use super::routes::{Kind, RouteDef, route};
use super::state::AppState;

/// Path of the OpenAPI document.
pub const OPENAPI_PATH: &str = "/api/openapi.json";
/// Path of the Swagger UI.
pub const DOCS_PATH: &str = "/api/docs";

/// The service's own routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route(Kind::Page, M::GET, "/api/", "/api/", A::ViewPublic, || {
            get(|| async { Redirect::permanent("/api") })
        }),
        route(
            Kind::Asset,
            M::GET,
            "/static/{name}",
            "/static/app.css",
            A::ViewPublic,
            || get(assets::serve),
        ),
        route(
            Kind::Asset,
            M::GET,
            "/healthz",
            "/healthz",
            A::ViewPublic,
            || get(healthz),
        ),
        // Served by the Swagger UI router.
        RouteDef {
            method: M::GET,
            path: OPENAPI_PATH,
            example: OPENAPI_PATH,
            kind: Kind::Api,
            action: A::ViewPublic,
            handler: None,
        },
        RouteDef {
            method: M::GET,
            path: "/api/docs/",
            example: "/api/docs/",
            kind: Kind::Asset,
            action: A::ViewPublic,
            handler: None,
        },
    ]
}

/// Health of the service.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database does not answer.
    #[schema(example = "ok")]
    pub status: String,
    /// The database backend: `sqlite` or `postgresql`.
    #[schema(example = "sqlite")]
    pub store: String,
    /// Why the service is unavailable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
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
