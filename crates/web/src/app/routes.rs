//! What a route is: its method, address, the [`Action`] a request to it
//! performs and its handler. Each feature lists its own routes
//! (`<feature>::routes()`); [`crate::routes`] joins them into the one table
//! the router is built from and the authorisation test
//! (`tests/web/authz_matrix.rs`) walks for every role: a route cannot be
//! added without saying who may use it. Each route is wrapped in
//! [`super::auth::guard`], which asks `plan::authz::allowed`; handlers that
//! act on one record ask it again with the record's facts.

use axum::http::Method;
use axum::routing::MethodRouter;
use southdesk_plan::authz::Action;

use super::auth;
use super::state::AppState;

/// What a route answers: an HTML page, the JSON API, or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    Api,
    Asset,
}

/// One route of the app.
#[derive(Clone)]
pub struct RouteDef {
    pub method: Method,
    /// The path pattern, as axum reads it (`/themes/{id}`).
    pub path: &'static str,
    /// A concrete address of the route, for tests.
    pub example: &'static str,
    pub kind: Kind,
    /// What a request to the route does; [`auth::guard`] checks it.
    pub action: Action<'static>,
    /// Builds the handler; `None` for the routes another router serves
    /// (the Swagger UI's).
    pub handler: Option<fn() -> MethodRouter<AppState>>,
}

impl std::fmt::Debug for RouteDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// A route answering `kind` at `path` (and, for tests, at `example`), doing
/// `action`, handled by what `handler` builds.
pub fn route(
    kind: Kind,
    method: Method,
    path: &'static str,
    example: &'static str,
    action: Action<'static>,
    handler: fn() -> MethodRouter<AppState>,
) -> RouteDef {
    RouteDef {
        method,
        path,
        example,
        kind,
        action,
        handler: Some(handler),
    }
}

/// The handler of `def` behind its authorisation guard.
pub fn guarded(def: &RouteDef) -> Option<MethodRouter<AppState>> {
    let action = def.action;
    def.handler.map(|make| {
        make().route_layer(axum::middleware::from_fn(move |req, next| {
            auth::guard(action, req, next)
        }))
    })
}
