//! Request layers: language negotiation and security headers.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use southdesk_plan::Lang;

use crate::i18n::{self, LangSource, Tr};

/// The UI language chosen for a request (see [`i18n::negotiate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UiLang(pub Lang);

fn joined(headers: &HeaderMap, name: header::HeaderName, sep: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(sep))
}

fn negotiate(uri: &axum::http::Uri, headers: &HeaderMap) -> (Lang, LangSource) {
    let cookies = joined(headers, header::COOKIE, "; ");
    let accept = joined(headers, header::ACCEPT_LANGUAGE, ", ");
    i18n::negotiate(uri.query(), cookies.as_deref(), accept.as_deref())
}

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
    let mut response = next.run(req).await;
    let h = response.headers_mut();
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
    response
}

/// What a page handler needs to know about the request: the translator of
/// the chosen language, the path (for the language switcher) and who is
/// asking (for the header and the CSRF token of forms).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub path: String,
    pub auth: Option<crate::auth::Auth>,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.tr.lang
    }

    /// The logged-in account, if any.
    pub fn user(&self) -> Option<&southdesk_plan::Account> {
        self.auth.as_ref().and_then(|a| a.user.as_ref())
    }

    /// The CSRF token for a hidden form field ([`crate::auth::CSRF_FIELD`]).
    pub fn csrf_token(&self) -> &str {
        self.auth.as_ref().map_or("", |a| a.csrf_token())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = match parts.extensions.get::<UiLang>() {
            Some(UiLang(lang)) => *lang,
            None => negotiate(&parts.uri, &parts.headers).0,
        };
        Ok(Ctx {
            tr: Tr::new(lang),
            path: parts.uri.path().to_string(),
            auth: parts.extensions.get::<crate::auth::Auth>().cloned(),
        })
    }
}
