//! Tagging a text with the plan's areas and the SDGs: the `/tag` page and
//! `POST /api/v1/tag`.

pub mod api;
pub mod dto;
pub mod evidence;
pub mod pages;
pub mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::Method as M;
use axum::routing::{get, post};
use southdesk_plan::authz::Action as A;

use crate::app::routes::{Kind::*, RouteDef, route};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        route(Page, M::GET, "/tag", "/tag", A::UseTagger, || {
            get(pages::tag_form)
        }),
        route(Page, M::POST, "/tag", "/tag", A::UseTagger, || {
            post(pages::tag_submit).layer(DefaultBodyLimit::max(evidence::MAX_FORM_BODY_BYTES))
        }),
        route(
            Api,
            M::POST,
            "/api/v1/tag",
            "/api/v1/tag",
            A::UseTagger,
            || post(api::tag).layer(DefaultBodyLimit::max(evidence::MAX_API_BODY_BYTES)),
        ),
    ]
}
