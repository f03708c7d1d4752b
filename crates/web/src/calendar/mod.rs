//! The negotiations calendar: list, month and theme views, a meeting's
//! page, recording and importing meetings, iCalendar feeds, and its JSON
//! API.

pub mod api;
pub mod feeds;
pub mod forms;
pub mod pages;
pub mod service;
pub mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::Method as M;
use axum::routing::{get, post};
use southdesk_plan::authz::Action as A;

use crate::app::routes::{Kind::*, RouteDef, route};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        route(
            Page,
            M::GET,
            "/meetings",
            "/meetings",
            A::ViewPublic,
            || get(pages::list),
        ),
        route(
            Page,
            M::GET,
            "/meetings/month",
            "/meetings/month",
            A::ViewPublic,
            || get(pages::month),
        ),
        route(
            Page,
            M::GET,
            "/meetings/next",
            "/meetings/next",
            A::ViewPublic,
            || get(pages::next),
        ),
        route(
            Page,
            M::POST,
            "/meetings/my-themes",
            "/meetings/my-themes",
            A::ViewPublic,
            || post(pages::pick_themes),
        ),
        route(
            Page,
            M::GET,
            "/meetings/import",
            "/meetings/import",
            A::ManageMeetings,
            || get(forms::import_form),
        ),
        route(
            Page,
            M::POST,
            "/meetings/import",
            "/meetings/import",
            A::ManageMeetings,
            || {
                post(forms::import_submit).layer(DefaultBodyLimit::max(
                    crate::app::limits::MAX_MULTIPART_BYTES,
                ))
            },
        ),
        route(
            Page,
            M::GET,
            "/meetings/new",
            "/meetings/new",
            A::ManageMeetings,
            || get(forms::new_form),
        ),
        route(
            Page,
            M::POST,
            "/meetings",
            "/meetings",
            A::ManageMeetings,
            || post(forms::create),
        ),
        route(
            Page,
            M::GET,
            "/meetings/{id}",
            "/meetings/1",
            A::ViewPublic,
            || get(pages::show),
        ),
        route(
            Page,
            M::POST,
            "/meetings/{id}/links",
            "/meetings/1/links",
            A::ManageMeetings,
            || post(pages::add_link),
        ),
        route(
            Page,
            M::POST,
            "/meetings/{id}/checklist",
            "/meetings/1/checklist",
            A::ManageMeetings,
            || post(pages::checklist),
        ),
        route(
            Page,
            M::POST,
            "/meetings/{id}/status",
            "/meetings/1/status",
            A::ManageMeetings,
            || post(pages::set_status),
        ),
        route(
            Page,
            M::GET,
            "/meetings/themes/{id}",
            "/meetings/themes/trade",
            A::ViewPublic,
            || get(pages::theme_timeline),
        ),
        route(
            Asset,
            M::GET,
            "/meetings/{id}/event.ics",
            "/meetings/1/event.ics",
            A::ViewPublic,
            || get(feeds::event_ics),
        ),
        route(
            Page,
            M::POST,
            "/meetings/{id}/body",
            "/meetings/1/body",
            A::ManageMeetings,
            || post(pages::choose_body),
        ),
        route(
            Asset,
            M::GET,
            "/meetings/feed.ics",
            "/meetings/feed.ics",
            A::ViewPublic,
            || get(feeds::feed_all),
        ),
        route(
            Asset,
            M::GET,
            "/meetings/themes/{id}/feed.ics",
            "/meetings/themes/trade/feed.ics",
            A::ViewPublic,
            || get(feeds::feed_theme),
        ),
        route(
            Asset,
            M::GET,
            "/meetings/forums/{id}/feed.ics",
            "/meetings/forums/wipo/feed.ics",
            A::ViewPublic,
            || get(feeds::feed_forum),
        ),
        route(
            Asset,
            M::GET,
            "/meetings/programmes/{id}/feed.ics",
            "/meetings/programmes/hipb/feed.ics",
            A::ViewPublic,
            || get(feeds::feed_programme),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/meetings",
            "/api/v1/meetings",
            A::ViewPublic,
            || get(api::list),
        ),
        route(
            Api,
            M::POST,
            "/api/v1/meetings",
            "/api/v1/meetings",
            A::ManageMeetings,
            || post(api::create),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/meetings/{id}",
            "/api/v1/meetings/1",
            A::ViewPublic,
            || get(api::get_one),
        ),
        route(
            Api,
            M::POST,
            "/api/v1/meetings/import",
            "/api/v1/meetings/import",
            A::ManageMeetings,
            || post(api::import).layer(DefaultBodyLimit::max(api::MAX_IMPORT_BYTES)),
        ),
        route(
            Api,
            M::POST,
            "/api/v1/meetings/{id}/links",
            "/api/v1/meetings/1/links",
            A::ManageMeetings,
            || post(api::link),
        ),
    ]
}
