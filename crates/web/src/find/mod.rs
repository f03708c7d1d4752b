//! The header's search box (`/search?q=`): outputs for everyone, meetings
//! of the calendar, and for those who work on the desk, requests. Each part
//! lists the best few and leads to its own full search.

pub mod pages;

use axum::http::Method as M;
use axum::routing::get;
use southdesk_plan::authz::Action as A;

use crate::app::routes::{Kind::*, RouteDef, route};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![route(
        Page,
        M::GET,
        "/search",
        "/search?q=trade",
        A::ViewPublic,
        || get(pages::search),
    )]
}
