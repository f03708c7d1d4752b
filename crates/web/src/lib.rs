//! The web face of southdesk: server-rendered HTML pages in Chinese,
//! English, French and Spanish, and the JSON API with its OpenAPI
//! description.
//!
//! | Route | What |
//! | --- | --- |
//! | `GET /` | the adopted plan at a glance |
//! | `GET /themes/{id}` | one thematic area |
//! | `GET /plan/versions` | stored versions of the plan |
//! | `GET /api` | the open data page (links to the API and its docs) |
//! | `GET /tag`, `POST /tag` | tag a text: form, and the themes and SDGs found with their evidence |
//! | `POST /api/v1/tag` | tag a text (JSON) |
//! | `GET /api/v1/plan`, `/api/v1/plan/themes/{id}`, `/api/v1/plan/versions`, `/api/v1/plan/versions/{id}` | JSON API |
//! | `GET /api/openapi.json`, `/api/docs/` | OpenAPI document, Swagger UI |
//! | `GET /login`, `POST /login`, `POST /logout` | logging in (throttled) and out |
//! | `GET /account`, `POST /account/password`, `POST /account/tokens`, `POST /account/tokens/{id}/revoke` | one's own account, password and API tokens |
//! | `GET /admin/users`, `POST /admin/users`, `POST /admin/users/{id}/{disable,enable,password}` | accounts (admin) |
//! | `GET /api/v1/me` | the account of the bearer token |
//! | `GET /meetings`, `/meetings/month`, `/meetings/next`, `/meetings/{id}`, `/meetings/themes/{id}` | the negotiations calendar: list, month, next 30 days in my themes, a meeting, a theme's timeline |
//! | `GET /meetings/new`, `POST /meetings`, `GET`/`POST /meetings/import`, `POST /meetings/{id}/{links,checklist,status}`, `POST /meetings/my-themes` | recording meetings (ManageMeetings); the themes picked by an anonymous visitor |
//! | `GET /meetings/feed.ics`, `/meetings/{themes,forums,programmes}/{id}/feed.ics` | iCalendar feeds |
//! | `GET /api/v1/meetings`, `/api/v1/meetings/{id}`; `POST /api/v1/meetings`, `/api/v1/meetings/import`, `/api/v1/meetings/{id}/links` | the calendar's JSON API |
//! | `GET /healthz` | health, after pinging the store |
//! | `GET /outputs` (search, facets, `?format=` exports), `/outputs/{id}`, `/outputs/new`, `/outputs/{id}/edit`, `/themes/{id}/outputs`, `/series/{slug}`, `/programmes/{id}/outputs`, `/files/{sha256}` | the knowledge base ([`kb`]) |
//! | `GET /feeds/outputs.atom`, `/feeds/themes/{id}.atom`, `/feeds/series/{slug}.atom`, `GET`/`POST /oai` | Atom feeds and OAI-PMH of public outputs |
//! | `GET /api/v1/search`, `/api/v1/outputs[/{id}]` (CRUD), `PUT /api/v1/files/{sha256}` | the knowledge base's JSON API |
//! | `GET /static/{file}` | stylesheet, icon and the tagging page's script |
//!
//! The table of routes, with the action each performs, is [`routes::table`];
//! who may perform it is decided by `southdesk_plan::authz` alone. See
//! [`auth`] for sessions, API tokens and CSRF protection.
//!
//! The UI language comes from `?lang=` (remembered in a `lang` cookie), the
//! cookie, `Accept-Language`, or is English.

pub mod api;
pub mod assets;
pub mod auth;
pub mod calendar;
pub mod desk;
pub mod form;
pub mod i18n;
pub mod kb;
pub mod mail;
pub mod middleware;
pub mod notify;
pub mod pages;
pub mod routes;
pub mod tag;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, Uri, header};
use axum::response::Response;
use southdesk_store::Store;
use southdesk_tagger::Tagger;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::middleware::Ctx;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Built once at startup and shared by every request.
    pub tagger: Arc<Tagger>,
    /// Cookie settings and the key signing anonymous CSRF tokens.
    pub auth: auth::AuthConfig,
    /// The search index of the knowledge base (`DATA/index/`; in memory
    /// unless [`AppState::with_index`] says otherwise).
    pub index: Arc<southdesk_search::SearchIndex>,
    /// The site's public address (`https://desk.southcentre.int`), for
    /// absolute links in feeds, OAI-PMH and exports; `None`: taken from
    /// the request's `Host`.
    pub public_url: Option<String>,
    /// Which notices go out by email, and their links.
    pub mail: Arc<mail::Settings>,
    /// Working days the desk has to acknowledge a request.
    pub ack_working_days: u32,
}

impl AppState {
    /// State over `store` with the built-in tagger ([`Tagger::builtin`],
    /// whose model is trained on first use in the process).
    pub fn new(store: Arc<dyn Store>) -> Self {
        let public_url = std::env::var("SOUTHDESK_PUBLIC_URL")
            .ok()
            .filter(|u| !u.trim().is_empty());
        AppState {
            store,
            tagger: Arc::new(Tagger::builtin()),
            auth: auth::AuthConfig::from_env(),
            index: Arc::new(southdesk_kb::memory_index().expect("an in-memory search index opens")),
            mail: Arc::new(mail::Settings::default().with_link_base(public_url.as_deref())),
            public_url,
            ack_working_days: southdesk_plan::requests::DEFAULT_ACK_WORKING_DAYS,
        }
    }

    /// The same state with another acknowledgement deadline.
    pub fn with_ack_working_days(self, days: u32) -> Self {
        AppState {
            ack_working_days: days,
            ..self
        }
    }

    /// The same state with these notification settings; links point to
    /// [`AppState::public_url`] unless the settings name another address.
    pub fn with_mail(self, settings: mail::Settings) -> Self {
        let settings = match settings.link_base {
            Some(_) => settings,
            None => settings.with_link_base(self.public_url.as_deref()),
        };
        AppState {
            mail: Arc::new(settings),
            ..self
        }
    }

    /// The same state with another search index.
    pub fn with_index(self, index: Arc<southdesk_search::SearchIndex>) -> Self {
        AppState { index, ..self }
    }

    /// The knowledge base's catalogue over this state's store, index and
    /// tagger: the way outputs are written.
    pub fn catalogue(&self) -> southdesk_kb::Catalogue {
        southdesk_kb::Catalogue::new(self.store.clone(), self.index.clone(), self.tagger.clone())
    }

    /// The same state with another tagger.
    pub fn with_tagger(self, tagger: Arc<Tagger>) -> Self {
        AppState { tagger, ..self }
    }
}

/// All routes of the web app (from [`routes::table`], each behind its
/// authorisation guard), with authentication and CSRF checks, language
/// negotiation, security headers and request tracing.
pub fn router(state: AppState) -> Router {
    let mut pages = Router::new();
    let mut api_v1 = Router::new();
    for def in routes::table() {
        let Some(handler) = routes::guarded(&def) else {
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

    let docs = SwaggerUi::new(api::DOCS_PATH)
        .url(api::OPENAPI_PATH, api::openapi())
        // No call to the public validator: the docs work offline.
        .config(Config::default().validator_url("none"));

    pages
        .merge(api_v1)
        .merge(docs)
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(middleware::language))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(TraceLayer::new_for_http())
}

/// Unknown addresses: JSON under `/api/`, the HTML 404 page elsewhere.
async fn fallback(uri: Uri, ctx: Ctx) -> Response {
    if uri.path().starts_with("/api/") {
        api::unknown_path(uri.path())
    } else {
        pages::not_found(&ctx, "notfound-text")
    }
}
