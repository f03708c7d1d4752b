//! Request layers: language negotiation and security headers.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::context::{UiLang, negotiate};
use super::i18n::{self, LangSource};

/// Chooses the language of the request and, when it was chosen with
/// `?lang=`, remembers it in the `lang` cookie.
pub async fn language(mut req: Request, next: Next) -> Response {
    let (lang, source) = negotiate(req.uri(), req.headers());
    req.extensions_mut().insert(UiLang(lang));
    let mut response = next.run(req).await;
    if source == LangSource::Query {
        response.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&i18n::lang_cookie(lang)).expect("cookie is ASCII"),
        );
    }
    response
}

/// Content-Security-Policy of the pages: everything from this origin only,
/// no inline scripts or styles.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Swagger UI sets inline styles and uses `data:` images (icons in its
/// stylesheet); everything still comes from this origin.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Sets the security headers of every response.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/docs");
    // A response to a logged-in request (session cookie or API token) may
    // hold what only that account may read: no cache keeps it.
    let authenticated = req.headers().contains_key(header::AUTHORIZATION)
        || super::auth::cookie_value(req.headers(), super::auth::SESSION_COOKIE).is_some();
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if authenticated {
        let public = h
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("public"));
        if !public {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if docs { DOCS_CSP } else { CSP }),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        set_page_headers(h);
    }
    response
}

/// `Vary` and `Cache-Control` of every page: pages depend on the language
/// negotiated from the request, and on data that changes.
fn set_page_headers(h: &mut axum::http::HeaderMap) {
    h.entry(header::VARY)
        .or_insert(HeaderValue::from_static("Accept-Language, Cookie"));
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
}
