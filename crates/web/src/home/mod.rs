//! The start page of each role (`/start`; `/` sends logged-in users here):
//! what a coordinator has to do today, the desk's figures for management,
//! a delegate's requests, meetings and the latest outputs.

pub mod figures;
pub mod pages;
pub mod views;

use axum::http::Method as M;
use axum::routing::get;
use southdesk_plan::authz::Action as A;

use crate::app::routes::{Kind::*, RouteDef, route};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![route(
        Page,
        M::GET,
        "/start",
        "/start",
        A::ViewOwnAccount,
        || get(pages::start),
    )]
}
