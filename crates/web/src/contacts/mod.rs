//! The contacts register: finding people and organisations, a page for
//! each, the forms that record them, and the posts an organisation holds
//! with who held each when. Personal data: the Secretariat only
//! ([`southdesk_plan::authz::Action::ViewContacts`]).

pub mod forms;
pub mod pages;
mod views;

use axum::http::Method as M;
use axum::routing::{get, post};
use southdesk_plan::authz::Action as A;

use crate::app::AppState;
use crate::app::routes::{Kind::*, RouteDef, route};

/// A page route.
fn page(
    method: M,
    path: &'static str,
    example: &'static str,
    action: A<'static>,
    handler: fn() -> axum::routing::MethodRouter<AppState>,
) -> RouteDef {
    route(Page, method, path, example, action, handler)
}

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        page(M::GET, "/contacts", "/contacts", A::ViewContacts, || {
            get(pages::index)
        }),
        page(
            M::GET,
            "/contacts/audit",
            "/contacts/audit",
            A::ViewContactAudit,
            || get(pages::audit),
        ),
        page(
            M::GET,
            "/contacts/organisations/new",
            "/contacts/organisations/new",
            A::EditContacts,
            || get(forms::org_new),
        ),
        page(
            M::POST,
            "/contacts/organisations",
            "/contacts/organisations",
            A::EditContacts,
            || post(forms::org_create),
        ),
        page(
            M::GET,
            "/contacts/organisations/{id}",
            "/contacts/organisations/1",
            A::ViewContacts,
            || get(pages::organisation),
        ),
        page(
            M::GET,
            "/contacts/organisations/{id}/edit",
            "/contacts/organisations/1/edit",
            A::EditContacts,
            || get(forms::org_edit),
        ),
        page(
            M::POST,
            "/contacts/organisations/{id}/edit",
            "/contacts/organisations/1/edit",
            A::EditContacts,
            || post(forms::org_update),
        ),
        page(
            M::POST,
            "/contacts/organisations/{id}/posts",
            "/contacts/organisations/1/posts",
            A::EditContacts,
            || post(forms::post_create),
        ),
        page(
            M::GET,
            "/contacts/people/new",
            "/contacts/people/new",
            A::EditContacts,
            || get(forms::person_new),
        ),
        page(
            M::POST,
            "/contacts/people",
            "/contacts/people",
            A::EditContacts,
            || post(forms::person_create),
        ),
        page(
            M::GET,
            "/contacts/people/{id}",
            "/contacts/people/1",
            A::ViewContacts,
            || get(pages::person),
        ),
        page(
            M::GET,
            "/contacts/people/{id}/edit",
            "/contacts/people/1/edit",
            A::EditContacts,
            || get(forms::person_edit),
        ),
        page(
            M::POST,
            "/contacts/people/{id}/edit",
            "/contacts/people/1/edit",
            A::EditContacts,
            || post(forms::person_update),
        ),
        // A download from the person's page: a visitor is sent to log in.
        page(
            M::GET,
            "/contacts/people/{id}/export.json",
            "/contacts/people/1/export.json",
            A::ExportContacts,
            || get(pages::person_export),
        ),
        page(
            M::POST,
            "/contacts/people/{id}/erase",
            "/contacts/people/1/erase",
            A::EraseContacts,
            || post(forms::person_erase),
        ),
        page(
            M::POST,
            "/contacts/posts/{id}/tenures",
            "/contacts/posts/1/tenures",
            A::EditContacts,
            || post(forms::tenure_add),
        ),
        page(
            M::POST,
            "/contacts/tenures/{id}/end",
            "/contacts/tenures/1/end",
            A::EditContacts,
            || post(forms::tenure_end),
        ),
    ]
}
