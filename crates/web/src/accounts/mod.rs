//! Accounts: logging in and out, one's own account and API tokens, the
//! administration of accounts, and `GET /api/v1/me`.

pub mod me;
pub mod pages;
pub mod reset;

use axum::http::Method as M;
use axum::routing::{get, post};
use southdesk_plan::authz::Action as A;

use crate::app::routes::{Kind::*, RouteDef, route};

/// The routes of this feature, each with its [`southdesk_plan::authz::Action`].
pub fn routes() -> Vec<RouteDef> {
    vec![
        route(Page, M::GET, "/login", "/login", A::ViewPublic, || {
            get(pages::login_form)
        }),
        route(Page, M::POST, "/login", "/login", A::ViewPublic, || {
            post(pages::login_submit)
        }),
        route(Page, M::POST, "/logout", "/logout", A::ViewPublic, || {
            post(pages::logout)
        }),
        route(
            Page,
            M::GET,
            "/account",
            "/account",
            A::ViewOwnAccount,
            || get(pages::account),
        ),
        route(
            Page,
            M::POST,
            "/account/password",
            "/account/password",
            A::ChangeOwnPassword,
            || post(pages::change_password),
        ),
        route(
            Page,
            M::POST,
            "/account/tokens",
            "/account/tokens",
            A::ManageOwnTokens,
            || post(pages::create_token),
        ),
        route(
            Page,
            M::POST,
            "/account/tokens/{id}/revoke",
            "/account/tokens/999999/revoke",
            A::ManageOwnTokens,
            || post(pages::revoke_token),
        ),
        route(
            Page,
            M::GET,
            "/admin/users",
            "/admin/users",
            A::ManageUsers,
            || get(pages::users),
        ),
        route(
            Page,
            M::POST,
            "/admin/users",
            "/admin/users",
            A::ManageUsers,
            || post(pages::add_user),
        ),
        route(
            Page,
            M::POST,
            "/admin/users/{id}/disable",
            "/admin/users/999999/disable",
            A::ManageUsers,
            || post(pages::disable_user),
        ),
        route(
            Page,
            M::POST,
            "/admin/users/{id}/enable",
            "/admin/users/999999/enable",
            A::ManageUsers,
            || post(pages::enable_user),
        ),
        route(
            Page,
            M::POST,
            "/admin/users/{id}/password",
            "/admin/users/999999/password",
            A::ResetPassword,
            || post(pages::reset_password),
        ),
        route(
            Page,
            M::POST,
            "/admin/users/{id}/unlock",
            "/admin/users/999999/unlock",
            A::ManageUsers,
            || post(pages::unlock_user),
        ),
        route(
            Page,
            M::GET,
            "/password-reset",
            "/password-reset",
            A::ViewPublic,
            || get(reset::forgot_form),
        ),
        route(
            Page,
            M::POST,
            "/password-reset",
            "/password-reset",
            A::ViewPublic,
            || post(reset::forgot_submit),
        ),
        route(
            Page,
            M::GET,
            "/password-reset/{token}",
            "/password-reset/0000",
            A::ViewPublic,
            || get(reset::reset_form),
        ),
        route(
            Page,
            M::POST,
            "/password-reset/{token}",
            "/password-reset/0000",
            A::ViewPublic,
            || post(reset::reset_submit),
        ),
        route(
            Api,
            M::GET,
            "/api/v1/me",
            "/api/v1/me",
            A::ViewOwnAccount,
            || get(me::me),
        ),
    ]
}
