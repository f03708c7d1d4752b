//! The negotiations calendar: list, month and theme views, a meeting's
//! page, recording and importing meetings, iCalendar feeds, and its JSON
//! API.

pub mod api;
pub mod pages;
pub mod service;

use axum::extract::DefaultBodyLimit;
use axum::http::Method as M;
use axum::routing::{get, post};
use southdesk_plan::authz::Action as A;

use crate::app::routes::{RouteDef, asset, json, page};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        page(M::GET, "/meetings", "/meetings", A::ViewPublic, || {
            get(pages::list)
        }),
        page(
            M::GET,
            "/meetings/month",
            "/meetings/month",
            A::ViewPublic,
            || get(pages::month),
        ),
        page(
            M::GET,
            "/meetings/next",
            "/meetings/next",
            A::ViewPublic,
            || get(pages::next),
        ),
        page(
            M::POST,
            "/meetings/my-themes",
            "/meetings/my-themes",
            A::ViewPublic,
            || post(pages::pick_themes),
        ),
        page(
            M::GET,
            "/meetings/import",
            "/meetings/import",
            A::ManageMeetings,
            || get(pages::import_form),
        ),
        page(
            M::POST,
            "/meetings/import",
            "/meetings/import",
            A::ManageMeetings,
            || post(pages::import_submit),
        ),
        page(
            M::GET,
            "/meetings/new",
            "/meetings/new",
            A::ManageMeetings,
            || get(pages::new_form),
        ),
        page(M::POST, "/meetings", "/meetings", A::ManageMeetings, || {
            post(pages::create)
        }),
        page(
            M::GET,
            "/meetings/{id}",
            "/meetings/1",
            A::ViewPublic,
            || get(pages::show),
        ),
        page(
            M::POST,
            "/meetings/{id}/links",
            "/meetings/1/links",
            A::ManageMeetings,
            || post(pages::add_link),
        ),
        page(
            M::POST,
            "/meetings/{id}/checklist",
            "/meetings/1/checklist",
            A::ManageMeetings,
            || post(pages::checklist),
        ),
        page(
            M::POST,
            "/meetings/{id}/status",
            "/meetings/1/status",
            A::ManageMeetings,
            || post(pages::set_status),
        ),
        page(
            M::GET,
            "/meetings/themes/{id}",
            "/meetings/themes/trade",
            A::ViewPublic,
            || get(pages::theme_timeline),
        ),
        asset(
            M::GET,
            "/meetings/feed.ics",
            "/meetings/feed.ics",
            A::ViewPublic,
            || get(pages::feed_all),
        ),
        asset(
            M::GET,
            "/meetings/themes/{id}/feed.ics",
            "/meetings/themes/trade/feed.ics",
            A::ViewPublic,
            || get(pages::feed_theme),
        ),
        asset(
            M::GET,
            "/meetings/forums/{id}/feed.ics",
            "/meetings/forums/wipo/feed.ics",
            A::ViewPublic,
            || get(pages::feed_forum),
        ),
        asset(
            M::GET,
            "/meetings/programmes/{id}/feed.ics",
            "/meetings/programmes/hipb/feed.ics",
            A::ViewPublic,
            || get(pages::feed_programme),
        ),
        json(
            M::GET,
            "/api/v1/meetings",
            "/api/v1/meetings",
            A::ViewPublic,
            || get(api::list),
        ),
        json(
            M::POST,
            "/api/v1/meetings",
            "/api/v1/meetings",
            A::ManageMeetings,
            || post(api::create),
        ),
        json(
            M::GET,
            "/api/v1/meetings/{id}",
            "/api/v1/meetings/1",
            A::ViewPublic,
            || get(api::get_one),
        ),
        json(
            M::POST,
            "/api/v1/meetings/import",
            "/api/v1/meetings/import",
            A::ManageMeetings,
            || post(api::import).layer(DefaultBodyLimit::max(api::MAX_IMPORT_BYTES)),
        ),
        json(
            M::POST,
            "/api/v1/meetings/{id}/links",
            "/api/v1/meetings/1/links",
            A::ManageMeetings,
            || post(api::link),
        ),
    ]
}
