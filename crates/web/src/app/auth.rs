//! Authentication: sessions, API tokens and CSRF
//! protection. *Authorisation* — who may do what — is decided only by
//! [`southdesk_plan::authz::allowed`]; [`guard`] asks it for every route.
//!
//! - **Sessions.** Logging in sets the `southdesk_session` cookie (HttpOnly,
//!   SameSite=Lax, Path=/, `Secure` when `SOUTHDESK_COOKIE_SECURE=1`) to a
//!   random 256-bit id; the store keeps its SHA-256 only. A session expires
//!   after [`SESSION_IDLE`] without use.
//! - **API tokens.** `Authorization: Bearer sdk_…`; stored as SHA-256.
//!   Requests with a bearer token ignore cookies and need no CSRF token. The
//!   JSON API never takes a session cookie as authentication for writes.
//! - **CSRF.** Every POST/PUT/PATCH/DELETE outside `/api/` without a bearer
//!   token must carry a token, in the form field [`CSRF_FIELD`] or the
//!   [`CSRF_HEADER`] header: the session's token when logged in, otherwise
//!   the value of the signed double-submit cookie [`CSRF_COOKIE`]
//!   (`nonce.hmac`), set by pages that show an anonymous form.
//! - **Throttling.** See `crate::accounts`: failed logins are counted
//!   per email and per IP address in the store.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use southdesk_plan::authz::{Action, allowed};
use time::{Duration, OffsetDateTime};

pub use super::context::{Auth, CurrentUser, Via};
pub use super::cookies::{
    AuthConfig, CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, SESSION_IDLE, cookie_value,
};
use southdesk_common::sha256_hex;

use super::context::Ctx;
use super::cookies::same;
use super::error::{ApiError, PageError};
use super::notice;
use super::state::AppState;

/// Largest form body read to find its CSRF token.
const MAX_CSRF_FORM_BYTES: usize = super::limits::MAX_FORM_BYTES;
/// Largest multipart form (with files) read to find its CSRF token.
const MAX_MULTIPART_BYTES: usize = super::limits::MAX_MULTIPART_BYTES;

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Unread notices of an account's inbox (0, logged, if the store fails:
/// a page is not refused for its header's figure).
async fn unread_count(store: &dyn southdesk_store::Store, account: i64) -> u64 {
    match store.unread_count(account).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "cannot count unread notices");
            0
        }
    }
}

/// Resolves who is asking (bearer token or session cookie), checks the CSRF
/// token of state-changing requests, and records [`Auth`] in the request.
pub async fn authenticate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = OffsetDateTime::now_utc();
    let api = req.uri().path().starts_with("/api/");
    let unsafe_method = is_unsafe(req.method());
    let store = state.store.as_ref();
    let config = &state.auth;

    // 1. A bearer token: the only way the API's writes authenticate.
    if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let found = match token {
            Some(t) => store.api_token_by_hash(&sha256_hex(t)).await,
            None => Ok(None),
        };
        return match found {
            Ok(Some((token, account))) if !account.disabled => {
                if let Err(e) = store.touch_api_token(token.id, now).await {
                    tracing::warn!(error = %e, "cannot record an API token's use");
                }
                let mut req = req;
                req.extensions_mut().insert(Auth {
                    user: Some(account),
                    via: Via::Bearer,
                    unread: 0,
                    csrf: String::new(),
                    csrf_used: Arc::default(),
                });
                next.run(req).await
            }
            Ok(_) => ApiError::unauthorized(
                "invalid_token",
                "the bearer token is unknown, revoked, or its account is disabled",
            )
            .into_response(),
            Err(e) => ApiError::from(e).into_response(),
        };
    }

    // 2. The session cookie; not for the API's writes.
    let mut auth = None;
    if !(api && unsafe_method)
        && let Some(id) = cookie_value(req.headers(), SESSION_COOKIE)
    {
        let id_hash = sha256_hex(id);
        match store.session(&id_hash, now).await {
            Ok(Some((session, account))) if !account.disabled => {
                // Record the use at most once a minute.
                if now - session.last_seen > Duration::minutes(1)
                    && let Err(e) = store.touch_session(&id_hash, now, now + SESSION_IDLE).await
                {
                    tracing::warn!(error = %e, "cannot record a session's use");
                }
                // The header of a page shows the inbox's unread count.
                let unread = if api || unsafe_method {
                    0
                } else {
                    unread_count(store, account.id).await
                };
                auth = Some(Auth {
                    user: Some(account),
                    via: Via::Session(id_hash),
                    unread,
                    csrf: session.csrf_token,
                    csrf_used: Arc::default(),
                });
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot read a session"),
        }
    }
    let cookie_token = cookie_value(req.headers(), CSRF_COOKIE)
        .filter(|t| config.valid_anonymous_token(t))
        .map(str::to_string);
    let new_cookie = auth.is_none() && cookie_token.is_none();
    let auth = auth.unwrap_or_else(|| {
        Auth::anonymous(
            cookie_token
                .clone()
                .unwrap_or_else(|| config.new_anonymous_token()),
        )
    });

    // 3. CSRF: every state-changing form outside the API. OAI-PMH
    // harvesters may POST their (read-only) requests to `/oai`.
    let mut req = req;
    if unsafe_method && !api && req.uri().path() != "/oai" {
        let expected = match &auth.via {
            Via::Session(_) => Some(auth.csrf.clone()),
            _ => cookie_token,
        };
        let logged_in = matches!(auth.via, Via::Session(_));
        let (sent, rebuilt) = match submitted_csrf(req, logged_in).await {
            Ok(pair) => pair,
            Err((mut parts, limit)) => {
                let ctx = Ctx::from_request_parts(&mut parts, &())
                    .await
                    .unwrap_or_else(|e| match e {});
                return notice::too_large(&ctx, limit);
            }
        };
        req = rebuilt;
        let ok =
            matches!((&expected, &sent), (Some(e), Some(s)) if same(e.as_bytes(), s.as_bytes()));
        if !ok {
            let (mut parts, body) = req.into_parts();
            let ctx = Ctx::from_request_parts(&mut parts, &())
                .await
                .unwrap_or_else(|e| match e {});
            drop(body);
            return notice::csrf_failed(&ctx);
        }
    }

    req.extensions_mut().insert(auth.clone());
    let mut response = next.run(req).await;
    if new_cookie && auth.csrf_used.load(Ordering::Relaxed) {
        response.headers_mut().append(
            header::SET_COOKIE,
            config.cookie(CSRF_COOKIE, &auth.csrf, None),
        );
    }
    response
}

/// The CSRF token sent with a request: the header, or the form field (the
/// body is read and put back). A body over its limit gives back the request's
/// head and the limit.
async fn submitted_csrf(
    req: Request,
    logged_in: bool,
) -> Result<(Option<String>, Request), (axum::http::request::Parts, usize)> {
    if let Some(v) = req.headers().get(CSRF_HEADER) {
        let sent = v.to_str().ok().map(str::to_string);
        return Ok((sent, req));
    }
    // A body declared larger than its limit is refused before a byte of it
    // is read.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let too_long = |limit: usize| declared.is_some_and(|n| n > limit as u64);
    // A multipart form (with files): its `_csrf` part. Every form with files
    // is behind the login, so an anonymous one is not read at all (its CSRF
    // check fails).
    if let Some(boundary) = super::form::boundary(req.headers()) {
        if !logged_in {
            return Ok((None, req));
        }
        if too_long(MAX_MULTIPART_BYTES) {
            return Err((req.into_parts().0, MAX_MULTIPART_BYTES));
        }
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_MULTIPART_BYTES).await else {
            return Err((parts, MAX_MULTIPART_BYTES));
        };
        let sent = super::form::parse_multipart(&bytes, &boundary)
            .and_then(|f| f.get(CSRF_FIELD).map(str::to_string));
        return Ok((sent, Request::from_parts(parts, Body::from(bytes))));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, req));
    }
    if too_long(MAX_CSRF_FORM_BYTES) {
        return Err((req.into_parts().0, MAX_CSRF_FORM_BYTES));
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_CSRF_FORM_BYTES).await else {
        return Err((parts, MAX_CSRF_FORM_BYTES));
    };
    let sent = bytes
        .split(|b| *b == b'&')
        .filter_map(|pair| {
            let mut kv = pair.splitn(2, |b| *b == b'=');
            Some((kv.next()?, kv.next().unwrap_or_default()))
        })
        .find(|(k, _)| *k == CSRF_FIELD.as_bytes())
        .and_then(|(_, v)| std::str::from_utf8(v).ok().map(str::to_string));
    Ok((sent, Request::from_parts(parts, Body::from(bytes))))
}

/// Lets the request through if [`allowed`] says its account may perform
/// `action`; otherwise: not logged in → the login page (pages) or 401
/// (API); logged in → 403.
pub async fn guard(action: Action<'static>, req: Request, next: Next) -> Response {
    let user = req.extensions().get::<Auth>().and_then(|a| a.user.clone());
    if allowed(user.as_ref(), &action) {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    match (user, api) {
        (None, true) => ApiError::unauthorized(
            "unauthorized",
            "send a personal API token as `Authorization: Bearer …`",
        )
        .into_response(),
        (Some(_), true) => ApiError::forbidden().into_response(),
        (None, false) => {
            let next_path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let target = if req.method() == Method::GET {
                format!("/login?next={}", southdesk_common::url_encode(next_path))
            } else {
                "/login".to_string()
            };
            Redirect::to(&target).into_response()
        }
        (Some(_), false) => PageError::Forbidden.into_response(),
    }
}
