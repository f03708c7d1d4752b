//! The request context: who is asking ([`Auth`], [`CurrentUser`]) and,
//! for pages, [`Ctx`].

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, Uri, header};
use southdesk_plan::{Account, Lang};

use super::i18n::{self, LangSource, Tr};

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

pub fn negotiate(uri: &axum::http::Uri, headers: &HeaderMap) -> (Lang, LangSource) {
    let cookies = joined(headers, header::COOKIE, "; ");
    let accept = joined(headers, header::ACCEPT_LANGUAGE, ", ");
    i18n::negotiate(uri.query(), cookies.as_deref(), accept.as_deref())
}

/// What a page handler needs to know about the request: the translator of
/// the chosen language, the path (for the language switcher) and who is
/// asking (for the header and the CSRF token of forms).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub path: String,
    pub auth: Option<Auth>,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.tr.lang
    }

    /// The logged-in account, if any.
    pub fn user(&self) -> Option<&southdesk_plan::Account> {
        self.auth.as_ref().and_then(|a| a.user.as_ref())
    }

    /// How many notices of the logged-in account's inbox are unread (0
    /// when nobody is logged in).
    pub fn unread(&self) -> u64 {
        self.auth.as_ref().map_or(0, |a| a.unread)
    }

    /// The CSRF token for a hidden form field ([`super::auth::CSRF_FIELD`]).
    pub fn csrf_token(&self) -> &str {
        self.auth.as_ref().map_or("", |a| a.csrf_token())
    }
}

impl Ctx {
    /// The context of a request: its language (chosen by
    /// [`super::layers::language`], or negotiated here), path and account.
    pub fn read(uri: &Uri, headers: &HeaderMap, extensions: &Extensions) -> Ctx {
        let lang = match extensions.get::<UiLang>() {
            Some(UiLang(lang)) => *lang,
            None => negotiate(uri, headers).0,
        };
        Ctx {
            tr: Tr::new(lang),
            path: uri.path().to_string(),
            auth: extensions.get::<Auth>().cloned(),
        }
    }

    /// [`Ctx::read`] of a whole request.
    pub fn of_request(req: &Request) -> Ctx {
        Ctx::read(req.uri(), req.headers(), req.extensions())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Ctx::read(&parts.uri, &parts.headers, &parts.extensions))
    }
}

/// How the request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    /// A session cookie; the SHA-256 of its id.
    Session(String),
    Bearer,
}

/// What [`super::auth::authenticate`] found out about the request, in its extensions.
#[derive(Debug, Clone)]
pub struct Auth {
    /// The logged-in account (never a disabled one).
    pub user: Option<Account>,
    pub via: Via,
    /// Unread notices of the account's inbox, counted for pages only.
    pub unread: u64,
    /// The CSRF token the request's forms carry.
    pub(super) csrf: String,
    /// Set once a page put [`Auth::csrf`] into a form: an anonymous token
    /// is then stored in its cookie.
    pub(super) csrf_used: Arc<AtomicBool>,
}

impl Auth {
    pub(super) fn anonymous(csrf: String) -> Auth {
        Auth {
            user: None,
            via: Via::Anonymous,
            unread: 0,
            csrf,
            csrf_used: Arc::default(),
        }
    }

    /// The CSRF token, for a hidden form field.
    pub fn csrf_token(&self) -> &str {
        self.csrf_used.store(true, Ordering::Relaxed);
        &self.csrf
    }
}

/// The logged-in account, if any (resolved from the session cookie or the
/// bearer token by [`super::auth::authenticate`]; disabled accounts are rejected).
#[derive(Debug, Clone)]
pub struct CurrentUser(pub Option<Account>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(CurrentUser(
            parts.extensions.get::<Auth>().and_then(|a| a.user.clone()),
        ))
    }
}
