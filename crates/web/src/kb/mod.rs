//! The knowledge base on the web: the catalogue of outputs (list, search
//! with facets, one page per output with all its language versions, create
//! and edit forms where staff confirm or change the tagger's themes and
//! SDGs), listings by theme, series and programme, file downloads, Atom
//! feeds, citation exports, OAI-PMH, and the JSON API ([`api`]).
//!
//! Who sees what is `plan::authz`'s: routes declare `ViewPublic` (lists,
//! pages, feeds) or `CreateOutput` (forms), and every output shown, counted,
//! exported or downloaded is checked with `Action::ViewOutput` — one by one
//! for a record, through `authz::output_scope` for lists and search.

pub mod api;
mod bulk;
mod feeds;
mod forms;
mod pages;
mod shared;
mod upload;
mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::Method as M;
use axum::routing::{delete, get, post, put};

use crate::app::limits::MAX_FORM_BYTES;
use crate::app::routes::{Kind::*, RouteDef, route};
use southdesk_plan::authz::Action;

pub use upload::MAX_UPLOAD_BYTES;

use bulk::bulk_visibility;
use feeds::{feed_all, feed_series, feed_theme, oai_get, oai_post};
use forms::{create_submit, edit_form, edit_submit, new_form};
use pages::{by_programme, by_series, by_theme, file, list, show, to_list};
use upload::upload_submit;

/// The routes of the knowledge base, each with its [`Action`].
pub fn routes() -> Vec<RouteDef> {
    use Action as A;
    vec![
        route(Page, M::GET, "/outputs", "/outputs", A::ViewPublic, || {
            get(list)
        }),
        route(
            Page,
            M::GET,
            "/outputs/",
            "/outputs/",
            A::ViewPublic,
            || get(to_list),
        ),
        route(
            Page,
            M::GET,
            "/outputs/new",
            "/outputs/new",
            A::CreateOutput,
            || get(new_form),
        ),
        route(
            Page,
            M::POST,
            "/outputs",
            "/outputs",
            A::CreateOutput,
            || post(create_submit).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)),
        ),
        route(
            Page,
            M::POST,
            "/outputs/upload",
            "/outputs/upload",
            A::CreateOutput,
            || post(upload_submit).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        ),
        route(
            Page,
            M::POST,
            "/outputs/visibility",
            "/outputs/visibility",
            A::CreateOutput,
            || post(bulk_visibility).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)),
        ),
        route(
            Page,
            M::GET,
            "/outputs/{id}",
            "/outputs/1",
            A::ViewPublic,
            || get(show),
        ),
        route(
            Page,
            M::GET,
            "/outputs/{id}/edit",
            "/outputs/1/edit",
            A::CreateOutput,
            || get(edit_form),
        ),
        route(
            Page,
            M::POST,
            "/outputs/{id}/edit",
            "/outputs/1/edit",
            A::CreateOutput,
            || post(edit_submit).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)),
        ),
        route(
            Page,
            M::GET,
            "/themes/{id}/outputs",
            "/themes/trade/outputs",
            A::ViewPublic,
            || get(by_theme),
        ),
        route(
            Page,
            M::GET,
            "/series/{slug}",
            "/series/research-paper",
            A::ViewPublic,
            || get(by_series),
        ),
        route(
            Page,
            M::GET,
            "/programmes/{id}/outputs",
            "/programmes/ggdp/outputs",
            A::ViewPublic,
            || get(by_programme),
        ),
        route(
            Asset,
            M::GET,
            "/files/{sha256}",
            "/files/347e5d9f0fc3d802d108a5f4a5ec91ae3c77cfd39fe901088c94e58b8aed953b",
            A::ViewPublic,
            || get(file),
        ),
        route(
            Asset,
            M::GET,
            "/feeds/outputs.atom",
            "/feeds/outputs.atom",
            A::ViewPublic,
            || get(feed_all),
        ),
        route(
            Asset,
            M::GET,
            "/feeds/themes/{file}",
            "/feeds/themes/trade.atom",
            A::ViewPublic,
            || get(feed_theme),
        ),
        route(
            Asset,
            M::GET,
            "/feeds/series/{file}",
            "/feeds/series/research-paper.atom",
            A::ViewPublic,
            || get(feed_series),
        ),
        route(Asset, M::GET, "/oai", "/oai", A::ViewPublic, || {
            get(oai_get)
        }),
        route(Asset, M::POST, "/oai", "/oai", A::ViewPublic, || {
            post(oai_post)
        }),
        route(
            Api,
            M::GET,
            "/api/v1/search",
            "/api/v1/search",
            A::ViewPublic,
            || get(api::search),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/outputs",
            "/api/v1/outputs",
            A::ViewPublic,
            || get(api::list),
        ),
        route(
            Api,
            M::POST,
            "/api/v1/outputs",
            "/api/v1/outputs",
            A::CreateOutput,
            || post(api::create).layer(DefaultBodyLimit::max(api::MAX_RECORD_BYTES)),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/outputs/{id}",
            "/api/v1/outputs/1",
            A::ViewPublic,
            || get(api::get),
        ),
        route(
            Api,
            M::PUT,
            "/api/v1/outputs/{id}",
            "/api/v1/outputs/1",
            A::CreateOutput,
            || put(api::replace).layer(DefaultBodyLimit::max(api::MAX_RECORD_BYTES)),
        ),
        route(
            Api,
            M::DELETE,
            "/api/v1/outputs/{id}",
            "/api/v1/outputs/999999",
            A::CreateOutput,
            || delete(api::delete),
        ),
        route(
            Api,
            M::PUT,
            "/api/v1/files/{sha256}",
            "/api/v1/files/347e5d9f0fc3d802d108a5f4a5ec91ae3c77cfd39fe901088c94e58b8aed953b",
            A::CreateOutput,
            || put(api::put_file).layer(DefaultBodyLimit::max(api::MAX_FILE_BYTES)),
        ),
    ]
}
