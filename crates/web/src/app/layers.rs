//! Request layers: language negotiation, security headers, and the refusal
//! of NUL characters in input.

use axum::extract::FromRequestParts;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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

/// Refuses a request whose query or text fields hold a NUL character
/// (U+0000), before any handler: PostgreSQL cannot store one in text and
/// SQLite would, so both stores answer the same only if neither sees it.
/// Read: the query string, urlencoded forms, the text parts of multipart
/// forms (file parts may be binary) and JSON bodies, when the body is
/// already in memory or of a known size within the form limits (a body over
/// them is refused by its route's limit anyway).
pub async fn reject_nul(req: Request, next: Next) -> Response {
    use axum::body::{Body, HttpBody};
    let api = req.uri().path().starts_with("/api/");
    let query_nul = req
        .uri()
        .query()
        .is_some_and(|q| q.to_ascii_lowercase().contains("%00"));
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let boundary = super::form::boundary(req.headers());
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    let json = content_type.starts_with("application/json");
    let limit = if boundary.is_some() {
        super::limits::MAX_MULTIPART_BYTES
    } else {
        super::limits::MAX_FORM_BYTES
    };
    let known = req
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= limit as u64);
    let mut req = req;
    let mut body_nul = false;
    if !query_nul && known && (form || json || boundary.is_some()) {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
            return (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "").into_response();
        };
        body_nul = if let Some(b) = &boundary {
            super::form::parse_multipart(&bytes, b).is_some_and(|f| {
                f.pairs
                    .iter()
                    .any(|(k, v)| k.contains('\0') || v.contains('\0'))
            })
        } else if form {
            super::form::pairs(&bytes)
                .iter()
                .any(|(k, v)| k.contains('\0') || v.contains('\0'))
        } else {
            bytes.contains(&0) || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
        };
        req = Request::from_parts(parts, Body::from(bytes));
    }
    if !(query_nul || body_nul) {
        return next.run(req).await;
    }
    if api {
        return super::ApiError::bad_request(
            "a text field or the query holds a NUL character (U+0000), which cannot be stored",
        )
        .into_response();
    }
    let (mut parts, _) = req.into_parts();
    let ctx = super::Ctx::from_request_parts(&mut parts, &())
        .await
        .unwrap_or_else(|e| match e {});
    super::notice::notice_page(
        &ctx,
        axum::http::StatusCode::BAD_REQUEST,
        "nul-title",
        &ctx.tr.t("nul-text"),
        ("/", "notfound-home"),
    )
}
