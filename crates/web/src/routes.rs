//! The route table: every address of the web app, its method, the
//! [`Action`] a request to it performs and its handler.
//!
//! [`crate::router`] is built from this table only, and the authorisation
//! test (`tests/authz_matrix.rs`) walks it for every role: a route cannot be
//! added without saying who may use it. Each route is wrapped in
//! [`auth::guard`], which asks `plan::authz::allowed`; handlers that act on
//! one record (a request, later) ask it again with the record's facts.

use axum::extract::DefaultBodyLimit;
use axum::http::Method;
use axum::response::Redirect;
use axum::routing::{MethodRouter, get, post};
use southdesk_plan::authz::Action;

use crate::{AppState, api, assets, auth, kb, pages, tag};

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
    /// Builds the handler; `None` for the routes the Swagger UI router
    /// serves ([`api::OPENAPI_PATH`], [`api::DOCS_PATH`]).
    pub handler: Option<fn() -> MethodRouter<AppState>>,
}

impl std::fmt::Debug for RouteDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

const fn route(
    method: Method,
    path: &'static str,
    example: &'static str,
    kind: Kind,
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

/// Every route of the app.
pub fn table() -> Vec<RouteDef> {
    use Action as A;
    use Kind::*;
    let get_ = Method::GET;
    let post_ = Method::POST;
    vec![
        // ---- public pages
        route(get_.clone(), "/", "/", Page, A::ViewPlan, || {
            get(pages::home)
        }),
        route(
            get_.clone(),
            "/themes/{id}",
            "/themes/trade",
            Page,
            A::ViewPlan,
            || get(pages::theme),
        ),
        route(
            get_.clone(),
            "/plan/versions",
            "/plan/versions",
            Page,
            A::ViewPlan,
            || get(pages::versions),
        ),
        route(get_.clone(), "/api", "/api", Page, A::ViewPublic, || {
            get(pages::open_data)
        }),
        route(get_.clone(), "/api/", "/api/", Page, A::ViewPublic, || {
            get(|| async { Redirect::permanent("/api") })
        }),
        route(get_.clone(), "/tag", "/tag", Page, A::UseTagger, || {
            get(pages::tag_form)
        }),
        route(post_.clone(), "/tag", "/tag", Page, A::UseTagger, || {
            post(pages::tag_submit).layer(DefaultBodyLimit::max(tag::MAX_FORM_BODY_BYTES))
        }),
        route(
            get_.clone(),
            "/static/{name}",
            "/static/app.css",
            Asset,
            A::ViewPublic,
            || get(assets::serve),
        ),
        route(
            get_.clone(),
            "/healthz",
            "/healthz",
            Asset,
            A::ViewPublic,
            || get(api::healthz),
        ),
        // ---- logging in and out
        route(
            get_.clone(),
            "/login",
            "/login",
            Page,
            A::ViewPublic,
            || get(pages::account::login_form),
        ),
        route(
            post_.clone(),
            "/login",
            "/login",
            Page,
            A::ViewPublic,
            || post(pages::account::login_submit),
        ),
        route(
            post_.clone(),
            "/logout",
            "/logout",
            Page,
            A::ViewPublic,
            || post(pages::account::logout),
        ),
        // ---- one's own account
        route(
            get_.clone(),
            "/account",
            "/account",
            Page,
            A::ViewOwnAccount,
            || get(pages::account::account),
        ),
        route(
            post_.clone(),
            "/account/password",
            "/account/password",
            Page,
            A::ChangeOwnPassword,
            || post(pages::account::change_password),
        ),
        route(
            post_.clone(),
            "/account/tokens",
            "/account/tokens",
            Page,
            A::ManageOwnTokens,
            || post(pages::account::create_token),
        ),
        route(
            post_.clone(),
            "/account/tokens/{id}/revoke",
            "/account/tokens/999999/revoke",
            Page,
            A::ManageOwnTokens,
            || post(pages::account::revoke_token),
        ),
        // ---- administration of accounts
        route(
            get_.clone(),
            "/admin/users",
            "/admin/users",
            Page,
            A::ManageUsers,
            || get(pages::account::users),
        ),
        route(
            post_.clone(),
            "/admin/users",
            "/admin/users",
            Page,
            A::ManageUsers,
            || post(pages::account::add_user),
        ),
        route(
            post_.clone(),
            "/admin/users/{id}/disable",
            "/admin/users/999999/disable",
            Page,
            A::ManageUsers,
            || post(pages::account::disable_user),
        ),
        route(
            post_.clone(),
            "/admin/users/{id}/enable",
            "/admin/users/999999/enable",
            Page,
            A::ManageUsers,
            || post(pages::account::enable_user),
        ),
        route(
            post_.clone(),
            "/admin/users/{id}/password",
            "/admin/users/999999/password",
            Page,
            A::ResetPassword,
            || post(pages::account::reset_password),
        ),
        // ---- JSON API
        route(
            get_.clone(),
            "/api/v1/plan",
            "/api/v1/plan",
            Api,
            A::ViewPlan,
            || get(api::plan),
        ),
        route(
            get_.clone(),
            "/api/v1/plan/themes/{id}",
            "/api/v1/plan/themes/trade",
            Api,
            A::ViewPlan,
            || get(api::theme),
        ),
        route(
            get_.clone(),
            "/api/v1/plan/versions",
            "/api/v1/plan/versions",
            Api,
            A::ViewPlan,
            || get(api::versions),
        ),
        route(
            get_.clone(),
            "/api/v1/plan/versions/{id}",
            "/api/v1/plan/versions/1",
            Api,
            A::ViewPlan,
            || get(api::version),
        ),
        route(
            post_.clone(),
            "/api/v1/tag",
            "/api/v1/tag",
            Api,
            A::UseTagger,
            || post(api::tag).layer(DefaultBodyLimit::max(tag::MAX_API_BODY_BYTES)),
        ),
        route(
            get_.clone(),
            "/api/v1/me",
            "/api/v1/me",
            Api,
            A::ViewOwnAccount,
            || get(api::me::me),
        ),
        // ---- the request desk: pages (each request then checked with its facts)
        route(
            get_.clone(),
            "/requests",
            "/requests",
            Page,
            A::ListRequests,
            || get(pages::requests::queue),
        ),
        route(
            post_.clone(),
            "/requests",
            "/requests",
            Page,
            A::OpenRequestForm,
            || {
                post(pages::requests::submit)
                    .layer(DefaultBodyLimit::max(api::requests::MAX_SUBMIT_BYTES))
            },
        ),
        route(
            get_.clone(),
            "/requests/new",
            "/requests/new",
            Page,
            A::OpenRequestForm,
            || get(pages::requests::new_form),
        ),
        route(
            get_.clone(),
            "/requests/overdue",
            "/requests/overdue",
            Page,
            A::ViewOverdueRequests,
            || get(pages::requests::overdue_list),
        ),
        route(
            get_.clone(),
            "/requests/{id}",
            "/requests/1",
            Page,
            A::ListRequests,
            || get(pages::requests::show),
        ),
        route(
            post_.clone(),
            "/requests/{id}/changes",
            "/requests/1/changes",
            Page,
            A::ListRequests,
            || post(pages::requests::change),
        ),
        route(
            get_.clone(),
            "/requests/{id}/attachments/{aid}",
            "/requests/1/attachments/1",
            Page,
            A::ListRequests,
            || get(api::requests::attachment),
        ),
        route(
            get_.clone(),
            "/programmes/{id}/requests",
            "/programmes/ggdp/requests",
            Page,
            A::ListRequests,
            || get(pages::requests::programme_queue),
        ),
        route(
            get_.clone(),
            "/members/{code}/requests",
            "/members/BRA/requests",
            Page,
            A::ListRequests,
            || get(pages::requests::member_page),
        ),
        route(
            get_.clone(),
            "/inbox",
            "/inbox",
            Page,
            A::ViewOwnInbox,
            || get(pages::requests::inbox),
        ),
        route(
            post_.clone(),
            "/inbox/{id}/read",
            "/inbox/999999/read",
            Page,
            A::ViewOwnInbox,
            || post(pages::requests::inbox_read),
        ),
        // ---- the request desk (each request then checked with its facts)
        route(
            post_.clone(),
            "/api/v1/requests",
            "/api/v1/requests",
            Api,
            A::OpenRequestForm,
            || {
                post(api::requests::submit)
                    .layer(DefaultBodyLimit::max(api::requests::MAX_SUBMIT_BYTES))
            },
        ),
        route(
            get_.clone(),
            "/api/v1/requests",
            "/api/v1/requests",
            Api,
            A::ListRequests,
            || get(api::requests::list),
        ),
        route(
            get_.clone(),
            "/api/v1/requests/{id}",
            "/api/v1/requests/1",
            Api,
            A::ListRequests,
            || get(api::requests::get_one),
        ),
        route(
            post_.clone(),
            "/api/v1/requests/{id}/changes",
            "/api/v1/requests/1/changes",
            Api,
            A::ListRequests,
            || post(api::requests::change),
        ),
        route(
            get_.clone(),
            "/api/v1/requests/{id}/history",
            "/api/v1/requests/1/history",
            Api,
            A::ListRequests,
            || get(api::requests::history),
        ),
        route(
            get_.clone(),
            "/api/v1/requests/{id}/attachments/{aid}",
            "/api/v1/requests/1/attachments/1",
            Api,
            A::ListRequests,
            || get(api::requests::attachment),
        ),
        route(
            get_.clone(),
            "/api/v1/inbox",
            "/api/v1/inbox",
            Api,
            A::ViewOwnInbox,
            || get(api::requests::inbox),
        ),
        // ---- knowledge base (crate::kb): lists, pages and feeds are public;
        // each output is then checked with Action::ViewOutput (or EditOutput).
        route(
            get_.clone(),
            "/outputs",
            "/outputs",
            Page,
            A::ViewPublic,
            || get(kb::list),
        ),
        route(
            get_.clone(),
            "/outputs/",
            "/outputs/",
            Page,
            A::ViewPublic,
            || get(kb::to_list),
        ),
        route(
            get_.clone(),
            "/outputs/new",
            "/outputs/new",
            Page,
            A::CreateOutput,
            || get(kb::new_form),
        ),
        route(
            post_.clone(),
            "/outputs",
            "/outputs",
            Page,
            A::CreateOutput,
            || post(kb::create_submit).layer(DefaultBodyLimit::max(tag::MAX_FORM_BODY_BYTES)),
        ),
        route(
            post_.clone(),
            "/outputs/upload",
            "/outputs/upload",
            Page,
            A::CreateOutput,
            || post(kb::upload_submit).layer(DefaultBodyLimit::max(kb::MAX_UPLOAD_BYTES)),
        ),
        route(
            get_.clone(),
            "/outputs/{id}",
            "/outputs/1",
            Page,
            A::ViewPublic,
            || get(kb::show),
        ),
        route(
            get_.clone(),
            "/outputs/{id}/edit",
            "/outputs/1/edit",
            Page,
            A::CreateOutput,
            || get(kb::edit_form),
        ),
        route(
            post_.clone(),
            "/outputs/{id}/edit",
            "/outputs/1/edit",
            Page,
            A::CreateOutput,
            || post(kb::edit_submit).layer(DefaultBodyLimit::max(tag::MAX_FORM_BODY_BYTES)),
        ),
        route(
            get_.clone(),
            "/themes/{id}/outputs",
            "/themes/trade/outputs",
            Page,
            A::ViewPublic,
            || get(kb::by_theme),
        ),
        route(
            get_.clone(),
            "/series/{slug}",
            "/series/research-paper",
            Page,
            A::ViewPublic,
            || get(kb::by_series),
        ),
        route(
            get_.clone(),
            "/programmes/{id}/outputs",
            "/programmes/ggdp/outputs",
            Page,
            A::ViewPublic,
            || get(kb::by_programme),
        ),
        route(
            get_.clone(),
            "/files/{sha256}",
            "/files/347e5d9f0fc3d802d108a5f4a5ec91ae3c77cfd39fe901088c94e58b8aed953b",
            Asset,
            A::ViewPublic,
            || get(kb::file),
        ),
        route(
            get_.clone(),
            "/feeds/outputs.atom",
            "/feeds/outputs.atom",
            Asset,
            A::ViewPublic,
            || get(kb::feed_all),
        ),
        route(
            get_.clone(),
            "/feeds/themes/{file}",
            "/feeds/themes/trade.atom",
            Asset,
            A::ViewPublic,
            || get(kb::feed_theme),
        ),
        route(
            get_.clone(),
            "/feeds/series/{file}",
            "/feeds/series/research-paper.atom",
            Asset,
            A::ViewPublic,
            || get(kb::feed_series),
        ),
        route(get_.clone(), "/oai", "/oai", Asset, A::ViewPublic, || {
            get(kb::oai_get)
        }),
        route(post_.clone(), "/oai", "/oai", Asset, A::ViewPublic, || {
            post(kb::oai_post)
        }),
        route(
            get_.clone(),
            "/api/v1/search",
            "/api/v1/search",
            Api,
            A::ViewPublic,
            || get(kb::api::search),
        ),
        route(
            get_.clone(),
            "/api/v1/outputs",
            "/api/v1/outputs",
            Api,
            A::ViewPublic,
            || get(kb::api::list),
        ),
        route(
            post_.clone(),
            "/api/v1/outputs",
            "/api/v1/outputs",
            Api,
            A::CreateOutput,
            || post(kb::api::create).layer(DefaultBodyLimit::max(kb::api::MAX_RECORD_BYTES)),
        ),
        route(
            get_.clone(),
            "/api/v1/outputs/{id}",
            "/api/v1/outputs/1",
            Api,
            A::ViewPublic,
            || get(kb::api::get),
        ),
        route(
            Method::PUT,
            "/api/v1/outputs/{id}",
            "/api/v1/outputs/1",
            Api,
            A::CreateOutput,
            || {
                axum::routing::put(kb::api::replace)
                    .layer(DefaultBodyLimit::max(kb::api::MAX_RECORD_BYTES))
            },
        ),
        route(
            Method::DELETE,
            "/api/v1/outputs/{id}",
            "/api/v1/outputs/999999",
            Api,
            A::CreateOutput,
            || axum::routing::delete(kb::api::delete),
        ),
        route(
            Method::PUT,
            "/api/v1/files/{sha256}",
            "/api/v1/files/347e5d9f0fc3d802d108a5f4a5ec91ae3c77cfd39fe901088c94e58b8aed953b",
            Api,
            A::CreateOutput,
            || {
                axum::routing::put(kb::api::put_file)
                    .layer(DefaultBodyLimit::max(kb::api::MAX_FILE_BYTES))
            },
        ),
        // ---- served by the Swagger UI router
        RouteDef {
            method: get_.clone(),
            path: api::OPENAPI_PATH,
            example: api::OPENAPI_PATH,
            kind: Api,
            action: A::ViewPublic,
            handler: None,
        },
        RouteDef {
            method: get_,
            path: "/api/docs/",
            example: "/api/docs/",
            kind: Asset,
            action: A::ViewPublic,
            handler: None,
        },
    ]
    .into_iter()
    .chain(calendar())
    .collect()
}

/// The negotiations calendar: pages and feeds are public, writing needs
/// [`Action::ManageMeetings`].
fn calendar() -> Vec<RouteDef> {
    use Action as A;
    use Kind::*;
    use pages::meetings as m;
    let get_ = Method::GET;
    let post_ = Method::POST;
    vec![
        route(
            get_.clone(),
            "/meetings",
            "/meetings",
            Page,
            A::ViewPublic,
            || get(m::list),
        ),
        route(
            get_.clone(),
            "/meetings/month",
            "/meetings/month",
            Page,
            A::ViewPublic,
            || get(m::month),
        ),
        route(
            get_.clone(),
            "/meetings/next",
            "/meetings/next",
            Page,
            A::ViewPublic,
            || get(m::next),
        ),
        route(
            post_.clone(),
            "/meetings/my-themes",
            "/meetings/my-themes",
            Page,
            A::ViewPublic,
            || post(m::pick_themes),
        ),
        route(
            get_.clone(),
            "/meetings/import",
            "/meetings/import",
            Page,
            A::ManageMeetings,
            || get(m::import_form),
        ),
        route(
            post_.clone(),
            "/meetings/import",
            "/meetings/import",
            Page,
            A::ManageMeetings,
            || post(m::import_submit),
        ),
        route(
            get_.clone(),
            "/meetings/new",
            "/meetings/new",
            Page,
            A::ManageMeetings,
            || get(m::new_form),
        ),
        route(
            post_.clone(),
            "/meetings",
            "/meetings",
            Page,
            A::ManageMeetings,
            || post(m::create),
        ),
        route(
            get_.clone(),
            "/meetings/{id}",
            "/meetings/1",
            Page,
            A::ViewPublic,
            || get(m::show),
        ),
        route(
            post_.clone(),
            "/meetings/{id}/links",
            "/meetings/1/links",
            Page,
            A::ManageMeetings,
            || post(m::add_link),
        ),
        route(
            post_.clone(),
            "/meetings/{id}/checklist",
            "/meetings/1/checklist",
            Page,
            A::ManageMeetings,
            || post(m::checklist),
        ),
        route(
            post_.clone(),
            "/meetings/{id}/status",
            "/meetings/1/status",
            Page,
            A::ManageMeetings,
            || post(m::set_status),
        ),
        route(
            get_.clone(),
            "/meetings/themes/{id}",
            "/meetings/themes/trade",
            Page,
            A::ViewPublic,
            || get(m::theme_timeline),
        ),
        route(
            get_.clone(),
            "/meetings/feed.ics",
            "/meetings/feed.ics",
            Asset,
            A::ViewPublic,
            || get(m::feed_all),
        ),
        route(
            get_.clone(),
            "/meetings/themes/{id}/feed.ics",
            "/meetings/themes/trade/feed.ics",
            Asset,
            A::ViewPublic,
            || get(m::feed_theme),
        ),
        route(
            get_.clone(),
            "/meetings/forums/{id}/feed.ics",
            "/meetings/forums/wipo/feed.ics",
            Asset,
            A::ViewPublic,
            || get(m::feed_forum),
        ),
        route(
            get_.clone(),
            "/meetings/programmes/{id}/feed.ics",
            "/meetings/programmes/hipb/feed.ics",
            Asset,
            A::ViewPublic,
            || get(m::feed_programme),
        ),
        route(
            get_.clone(),
            "/api/v1/meetings",
            "/api/v1/meetings",
            Api,
            A::ViewPublic,
            || get(api::meetings::list),
        ),
        route(
            post_.clone(),
            "/api/v1/meetings",
            "/api/v1/meetings",
            Api,
            A::ManageMeetings,
            || post(api::meetings::create),
        ),
        route(
            get_.clone(),
            "/api/v1/meetings/{id}",
            "/api/v1/meetings/1",
            Api,
            A::ViewPublic,
            || get(api::meetings::get_one),
        ),
        route(
            post_.clone(),
            "/api/v1/meetings/import",
            "/api/v1/meetings/import",
            Api,
            A::ManageMeetings,
            || {
                post(api::meetings::import)
                    .layer(DefaultBodyLimit::max(api::meetings::MAX_IMPORT_BYTES))
            },
        ),
        route(
            post_,
            "/api/v1/meetings/{id}/links",
            "/api/v1/meetings/1/links",
            Api,
            A::ManageMeetings,
            || post(api::meetings::link),
        ),
    ]
}
/// The handler of `def` behind its authorisation guard.
pub(crate) fn guarded(def: &RouteDef) -> Option<MethodRouter<AppState>> {
    let action = def.action;
    def.handler.map(|make| {
        make().route_layer(axum::middleware::from_fn(move |req, next| {
            auth::guard(action, req, next)
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_listed_once_with_an_example_of_its_pattern() {
        let table = table();
        let mut seen = std::collections::HashSet::new();
        for r in &table {
            assert!(seen.insert((r.method.clone(), r.path)), "{r:?} twice");
            let pattern: Vec<&str> = r.path.split('/').collect();
            let example: Vec<&str> = r.example.split('/').collect();
            assert_eq!(pattern.len(), example.len(), "{r:?}");
            for (p, e) in pattern.iter().zip(&example) {
                assert!(p.starts_with('{') || p == e, "{r:?}: {e} for {p}");
            }
        }
    }
}
