//! The contacts register: finding people and organisations, a page for
//! each, the forms that record them, and the posts an organisation holds
//! with who held each when. Personal data: the Secretariat only
//! ([`southdesk_plan::authz::Action::ViewContacts`]).

pub mod agreements;
pub mod api;
pub mod forms;
pub mod interactions;
pub mod joint;
pub mod merge;
pub mod pages;
pub mod relations;
pub mod transfer;
mod views;

use axum::extract::DefaultBodyLimit;
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

/// An API route.
fn api(
    method: M,
    path: &'static str,
    example: &'static str,
    action: A<'static>,
    handler: fn() -> axum::routing::MethodRouter<AppState>,
) -> RouteDef {
    route(Api, method, path, example, action, handler)
}

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        api(
            M::GET,
            "/api/v1/contacts/people",
            "/api/v1/contacts/people",
            A::ViewContacts,
            || get(api::people),
        ),
        api(
            M::GET,
            "/api/v1/contacts/people/{id}",
            "/api/v1/contacts/people/1",
            A::ViewContacts,
            || get(api::person),
        ),
        api(
            M::GET,
            "/api/v1/contacts/agreements",
            "/api/v1/contacts/agreements",
            A::ViewContacts,
            || get(api::agreements),
        ),
        api(
            M::GET,
            "/api/v1/contacts/agreements/{id}",
            "/api/v1/contacts/agreements/1",
            A::ViewContacts,
            || get(api::agreement),
        ),
        api(
            M::POST,
            "/api/v1/contacts/import",
            "/api/v1/contacts/import",
            A::EditContacts,
            || post(api::import).layer(DefaultBodyLimit::max(southdesk_contacts::sheet::MAX_BYTES)),
        ),
        api(
            M::GET,
            "/api/v1/organisations",
            "/api/v1/organisations",
            A::ViewPublic,
            || get(api::organisations),
        ),
        page(M::GET, "/contacts", "/contacts", A::ViewContacts, || {
            get(pages::index)
        }),
        page(
            M::GET,
            "/contacts/interactions/new",
            "/contacts/interactions/new?person=1",
            A::EditContacts,
            || get(interactions::interaction_new),
        ),
        page(
            M::POST,
            "/contacts/interactions",
            "/contacts/interactions",
            A::EditContacts,
            || post(interactions::interaction_create),
        ),
        page(
            M::POST,
            "/contacts/relations",
            "/contacts/relations",
            A::EditContacts,
            || post(relations::relation_create),
        ),
        page(
            M::POST,
            "/contacts/relations/{id}/delete",
            "/contacts/relations/1/delete",
            A::EditContacts,
            || post(relations::relation_delete),
        ),
        page(
            M::GET,
            "/contacts/agreements",
            "/contacts/agreements",
            A::ViewContacts,
            || get(agreements::list),
        ),
        page(
            M::GET,
            "/contacts/agreements/new",
            "/contacts/agreements/new?org=1",
            A::EditContacts,
            || get(agreements::new_form),
        ),
        page(
            M::POST,
            "/contacts/agreements",
            "/contacts/agreements",
            A::EditContacts,
            || {
                post(agreements::create).layer(DefaultBodyLimit::max(
                    crate::app::limits::MAX_MULTIPART_BYTES,
                ))
            },
        ),
        page(
            M::GET,
            "/contacts/agreements/{id}",
            "/contacts/agreements/1",
            A::ViewContacts,
            || get(agreements::agreement),
        ),
        page(
            M::GET,
            "/contacts/agreements/{id}/edit",
            "/contacts/agreements/1/edit",
            A::EditContacts,
            || get(agreements::edit_form),
        ),
        page(
            M::POST,
            "/contacts/agreements/{id}/edit",
            "/contacts/agreements/1/edit",
            A::EditContacts,
            || {
                post(agreements::update).layer(DefaultBodyLimit::max(
                    crate::app::limits::MAX_MULTIPART_BYTES,
                ))
            },
        ),
        page(
            M::POST,
            "/contacts/agreements/{id}/renew",
            "/contacts/agreements/1/renew",
            A::EditContacts,
            || post(agreements::renew),
        ),
        // A download from the agreement's page: a visitor is sent to log in.
        page(
            M::GET,
            "/contacts/agreements/{id}/file",
            "/contacts/agreements/1/file",
            A::ViewContacts,
            || get(agreements::file),
        ),
        page(
            M::POST,
            "/contacts/joint-work",
            "/contacts/joint-work",
            A::EditContacts,
            || post(joint::create),
        ),
        page(
            M::POST,
            "/contacts/joint-work/{id}/delete",
            "/contacts/joint-work/1/delete",
            A::EditContacts,
            || post(joint::delete),
        ),
        page(
            M::GET,
            "/contacts/import",
            "/contacts/import",
            A::EditContacts,
            || get(transfer::import_form),
        ),
        page(
            M::POST,
            "/contacts/import",
            "/contacts/import",
            A::EditContacts,
            || {
                post(transfer::import_submit).layer(DefaultBodyLimit::max(
                    crate::app::limits::MAX_MULTIPART_BYTES,
                ))
            },
        ),
        // Downloads from the list: a visitor is sent to log in.
        page(
            M::GET,
            "/contacts/export.csv",
            "/contacts/export.csv",
            A::ExportContacts,
            || get(transfer::export_csv),
        ),
        page(
            M::GET,
            "/contacts/export.vcf",
            "/contacts/export.vcf",
            A::ExportContacts,
            || get(transfer::export_vcard),
        ),
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
            "/contacts/organisations/{id}/merge",
            "/contacts/organisations/1/merge",
            A::EditContacts,
            || post(merge::org_merge),
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
            "/contacts/people/{id}/merge",
            "/contacts/people/1/merge",
            A::EditContacts,
            || post(merge::person_merge),
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
