//! The notice pages: a page that only says something (not found, not
//! allowed, too large, unavailable, a form without its CSRF token), in the
//! reader's language, inside the page frame. Handlers do not call these:
//! they return a [`super::error::PageError`], which is rendered here.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::context::Ctx;
use super::i18n::Tr;
use super::layout::{Nav, page};

/// An HTML response with `status` (the page headers, `Vary` and
/// `Cache-Control`, are set on every HTML response by
/// [`super::layers::security_headers`]).
pub fn html_response(status: StatusCode, markup: Markup) -> Response {
    (status, markup).into_response()
}

/// A notice page: `title_id`'s title, `text`, and a link onward
/// (path, message id).
pub fn notice_page(
    ctx: &Ctx,
    status: StatusCode,
    title_id: &str,
    text: &str,
    link: (&str, &str),
) -> Response {
    let title = ctx.tr.t(title_id);
    html_response(
        status,
        page(
            ctx,
            Nav::None,
            &title,
            notice(&ctx.tr, title_id, text, link),
        ),
    )
}

/// The page shown when a form comes without its CSRF token (or with a stale
/// one). Rendered by the authentication layer, before any handler.
pub fn csrf_failed(ctx: &Ctx) -> Response {
    notice_page(
        ctx,
        StatusCode::FORBIDDEN,
        "csrf-title",
        &ctx.tr.t("csrf-text"),
        ("/", "notfound-home"),
    )
}

/// The page shown when a form is larger than `limit` bytes (413).
pub fn too_large(ctx: &Ctx, limit: usize) -> Response {
    notice_page(
        ctx,
        StatusCode::PAYLOAD_TOO_LARGE,
        "toolarge-title",
        &too_large_text(&ctx.tr, limit),
        ("/", "notfound-home"),
    )
}

/// "The form is larger than N MB".
pub fn too_large_text(tr: &Tr, limit: usize) -> String {
    let mb = i64::try_from(limit.div_ceil(1024 * 1024)).unwrap_or(i64::MAX);
    tr.ta("toolarge-text", &[("mb", mb.into())])
}

/// The content of a notice page.
pub fn notice(tr: &Tr, title_id: &str, text: &str, link: (&str, &str)) -> Markup {
    html! {
        div class="notice" {
            h1 id="page-heading" { (tr.t(title_id)) }
            p { (text) }
            p { a href=(link.0) { (tr.t(link.1)) } }
        }
    }
}
