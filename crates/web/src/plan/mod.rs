//! The plan: the adopted plan at a glance (`/`), a page per area, the
//! stored versions, the open data page, and the plan's JSON API.

pub mod api;
pub mod dto;
pub mod pages;
pub mod views;

use axum::http::Method as M;
use axum::routing::get;
use southdesk_plan::authz::Action as A;

use crate::app::routes::{Kind::*, RouteDef, route};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        route(Page, M::GET, "/", "/", A::ViewPlan, || get(pages::home)),
        route(Page, M::GET, "/plan", "/plan", A::ViewPlan, || {
            get(pages::overview)
        }),
        route(
            Page,
            M::GET,
            "/themes/{id}",
            "/themes/trade",
            A::ViewPlan,
            || get(pages::theme),
        ),
        route(
            Page,
            M::GET,
            "/plan/versions",
            "/plan/versions",
            A::ViewPlan,
            || get(pages::versions),
        ),
        route(Page, M::GET, "/api", "/api", A::ViewPublic, || {
            get(pages::open_data)
        }),
        route(
            Api,
            M::GET,
            "/api/v1/plan",
            "/api/v1/plan",
            A::ViewPlan,
            || get(api::plan),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/plan/themes/{id}",
            "/api/v1/plan/themes/trade",
            A::ViewPlan,
            || get(api::theme),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/plan/versions",
            "/api/v1/plan/versions",
            A::ViewPlan,
            || get(api::versions),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/plan/versions/{id}",
            "/api/v1/plan/versions/1",
            A::ViewPlan,
            || get(api::version),
        ),
    ]
}
