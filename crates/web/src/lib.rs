//! The web face of southdesk: server-rendered HTML pages in Chinese,
//! English, French and Spanish, and the JSON API with its OpenAPI
//! description.
//!
//! The crate is laid out by feature. [`app`] holds what every feature uses
//! (state, request context, i18n, layers, authentication, errors,
//! extractors, the page frame); each feature folder owns its pages, API
//! handlers, DTOs and forms, and lists its routes with the
//! [`southdesk_plan::authz::Action`] each performs:
//!
//! | Feature | What |
//! | --- | --- |
//! | [`plan`] | the plan at a glance, its areas and versions, the open data page, the plan's API |
//! | [`tagging`] | tagging a text with areas and SDGs, page and API |
//! | [`accounts`] | logging in and out, one's account and tokens, administration of accounts |
//! | [`desk`] | the request desk: queues, submission, a request's page, the inbox, its API, notices |
//! | [`kb`] | the knowledge base: search, outputs, listings, files, Atom, OAI-PMH, its API |
//! | [`calendar`] | the negotiations calendar: views, meetings, imports, iCalendar feeds, its API |
//! | [`contacts`] | the contacts register: organisations, people, posts and who held them |
//! | [`home`] | the start page of each role |
//! | [`find`] | the header's search across outputs, meetings and (for staff) requests |
//! | [`app::system`] | static files, `/healthz`, the OpenAPI document and its browser |
//!
//! The addresses themselves are listed once, in each feature's `routes()`,
//! joined by [`routes`].
//!
//! **Invariant:** a feature imports only [`app`] and the domain and service
//! crates, never a sibling feature; [`app`] imports no feature. Features
//! meet through the `Store` and the domain crates. This file is the only one
//! that names every feature: it joins their route tables ([`routes`]) and
//! OpenAPI paths ([`openapi`]). `tests/web/tidy.rs` enforces it.
//!
//! The UI language comes from `?lang=` (remembered in a `lang` cookie), the
//! cookie, `Accept-Language`, or is English.

pub mod accounts;
pub mod app;
pub mod calendar;
pub mod contacts;
pub mod desk;
pub mod find;
pub mod home;
pub mod kb;
pub mod plan;
pub mod tagging;

use axum::Router;
use axum::http::{HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

pub use app::AppState;
use app::routes::{RouteDef, guarded};
pub use app::server::{Transport, serve};
use app::system::{DOCS_PATH, OPENAPI_PATH};
use app::{PageError, auth, error, layers};

/// Every route of the app: the features' tables joined.
pub fn routes() -> Vec<RouteDef> {
    [
        app::system::routes(),
        plan::routes(),
        tagging::routes(),
        accounts::routes(),
        desk::routes(),
        kb::routes(),
        calendar::routes(),
        contacts::routes(),
        home::routes(),
        find::routes(),
    ]
    .concat()
}

/// The OpenAPI description of the API: the service's own document with
/// every feature's paths.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "southdesk API",
        description = "Open data of the South Centre's Thematic Work Programme: the adopted plan, its thematic areas and the stored versions, the knowledge base of outputs, the negotiations calendar, the request desk, and a tagger that finds the areas and SDGs of a text. Every text is given in Chinese (zh), English (en), French (fr) and Spanish (es). Errors are JSON objects `{\"error\": {\"code\", \"message\"}}` with a stable code.",
        license(name = "MIT", identifier = "MIT"),
    ),
    paths(app::system::healthz),
    components(schemas(error::ErrorBody, error::ErrorDetail, app::system::Health)),
    tags((name = "service", description = "State of the service")),
)]
struct ApiDoc;

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    plan::api::add_to(&mut doc);
    tagging::api::add_to(&mut doc);
    accounts::me::add_to(&mut doc);
    desk::api::add_to(&mut doc);
    kb::api::add_to(&mut doc);
    calendar::api::add_to(&mut doc);
    contacts::api::add_to(&mut doc);
    doc
}

/// All routes of the web app (from [`routes`], each behind its
/// authorisation guard), with authentication and CSRF checks, language
/// negotiation, the rendering of page errors, security headers and request
/// tracing.
pub fn router(state: AppState) -> Router {
    let state = state.with_api_catalogue(app::state::ApiCatalogue {
        routes: routes()
            .iter()
            .map(|r| app::state::RouteSummary {
                method: r.method.clone(),
                path: r.path,
                public: southdesk_plan::authz::allowed(None, &r.action),
            })
            .collect(),
        openapi: openapi(),
    });
    let mut pages = Router::new();
    let mut api_v1 = Router::new();
    for def in routes() {
        let Some(handler) = guarded(&def) else {
            continue;
        };
        if def.path.starts_with("/api/v1/") {
            api_v1 = api_v1.route(def.path, handler);
        } else {
            pages = pages.route(def.path, handler);
        }
    }
    // Open data: readable from pages on any origin (with a token, not cookies).
    let api_v1 = api_v1.layer(SetResponseHeaderLayer::if_not_present(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    ));

    let docs = SwaggerUi::new(DOCS_PATH)
        .url(OPENAPI_PATH, openapi())
        // No call to the public validator: the docs work offline.
        .config(Config::default().validator_url("none"));

    pages
        .merge(api_v1)
        .merge(docs)
        .fallback(fallback)
        .layer(axum::middleware::from_fn(error::render_page_errors))
        .layer(axum::middleware::from_fn(layers::reject_nul))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(layers::language))
        .layer(axum::middleware::from_fn(layers::security_headers))
        .layer(TraceLayer::new_for_http())
}

/// Unknown addresses: JSON under `/api/`, the HTML 404 page elsewhere.
async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        error::unknown_path(uri.path())
    } else {
        PageError::not_found().into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_listed_once_with_an_example_of_its_pattern() {
        let table = routes();
        let mut seen = std::collections::HashSet::new();
        for r in &table {
            assert!(seen.insert((r.method.clone(), r.path)), "{r:?} twice");
            let pattern: Vec<&str> = r.path.split('/').collect();
            // An example may carry a query (`/search?q=trade`); the path is compared.
            let path = r.example.split('?').next().unwrap_or_default();
            let example: Vec<&str> = path.split('/').collect();
            assert_eq!(pattern.len(), example.len(), "{r:?}");
            for (p, e) in pattern.iter().zip(&example) {
                assert!(p.starts_with('{') || p == e, "{r:?}: {e} for {p}");
            }
        }
    }
}
