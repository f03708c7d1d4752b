//! The request desk: member states' requests from intake to delivery —
//! the workflow shared by pages and API ([`workflow`]), the words of its
//! notices ([`mail`]), the outbox sender ([`notify`]), the pages and the
//! JSON API.

pub mod api;
pub mod forms;
pub mod labels;
pub mod link;
pub mod mail;
pub mod notify;
pub mod pages;
pub mod queue;
pub mod request;
pub mod views;
pub mod workflow;

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
            "/requests",
            "/requests",
            A::ListRequests,
            || get(queue::list),
        ),
        route(
            Page,
            M::POST,
            "/requests/bulk-assign",
            "/requests/bulk-assign",
            A::TriageRequests,
            || post(queue::bulk_assign),
        ),
        route(
            Page,
            M::POST,
            "/requests/views",
            "/requests/views",
            A::ListRequests,
            || post(queue::save_view),
        ),
        route(
            Page,
            M::POST,
            "/requests/views/{id}/delete",
            "/requests/views/999999/delete",
            A::ListRequests,
            || post(queue::delete_view),
        ),
        route(
            Page,
            M::POST,
            "/requests",
            "/requests",
            A::OpenRequestForm,
            || post(forms::submit).layer(DefaultBodyLimit::max(api::MAX_SUBMIT_BYTES)),
        ),
        route(
            Page,
            M::GET,
            "/requests/new",
            "/requests/new",
            A::OpenRequestForm,
            || get(forms::new_form),
        ),
        route(
            Page,
            M::GET,
            "/requests/overdue",
            "/requests/overdue",
            A::ViewOverdueRequests,
            || get(pages::overdue_list),
        ),
        route(
            Page,
            M::GET,
            "/requests/{id}",
            "/requests/1",
            A::ListRequests,
            || get(request::show),
        ),
        route(
            Page,
            M::POST,
            "/requests/{id}/changes",
            "/requests/1/changes",
            A::ListRequests,
            || post(request::change),
        ),
        route(
            Page,
            M::GET,
            "/requests/{id}/attachments/{aid}",
            "/requests/1/attachments/1",
            A::ListRequests,
            || get(api::attachment),
        ),
        route(
            Page,
            M::GET,
            "/programmes/{id}/requests",
            "/programmes/ggdp/requests",
            A::ListRequests,
            || get(pages::programme_queue),
        ),
        route(
            Page,
            M::GET,
            "/members/{code}/requests",
            "/members/BRA/requests",
            A::ListRequests,
            || get(pages::member_page),
        ),
        route(Page, M::GET, "/inbox", "/inbox", A::ViewOwnInbox, || {
            get(pages::inbox)
        }),
        route(
            Page,
            M::POST,
            "/inbox/{id}/read",
            "/inbox/999999/read",
            A::ViewOwnInbox,
            || post(pages::inbox_read),
        ),
        route(
            Api,
            M::POST,
            "/api/v1/requests",
            "/api/v1/requests",
            A::OpenRequestForm,
            || post(api::submit).layer(DefaultBodyLimit::max(api::MAX_SUBMIT_BYTES)),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/requests",
            "/api/v1/requests",
            A::ListRequests,
            || get(api::list),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/requests/{id}",
            "/api/v1/requests/1",
            A::ListRequests,
            || get(api::get_one),
        ),
        route(
            Api,
            M::POST,
            "/api/v1/requests/{id}/changes",
            "/api/v1/requests/1/changes",
            A::ListRequests,
            || post(api::change),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/requests/{id}/history",
            "/api/v1/requests/1/history",
            A::ListRequests,
            || get(api::history),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/requests/{id}/attachments/{aid}",
            "/api/v1/requests/1/attachments/1",
            A::ListRequests,
            || get(api::attachment),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/inbox",
            "/api/v1/inbox",
            A::ViewOwnInbox,
            || get(api::inbox),
        ),
    ]
}
