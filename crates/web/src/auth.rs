//! Authentication: passwords (argon2id), sessions, API tokens and CSRF
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
//! - **Throttling.** See [`crate::pages::account`]: failed logins are counted
//!   per email and per IP address in the store.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use southdesk_plan::Account;
use southdesk_plan::authz::{Action, allowed};
use southdesk_store::{ApiToken, NewApiToken, Store, StoreError};
use time::{Duration, OffsetDateTime};

use crate::AppState;
use crate::middleware::Ctx;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "southdesk_session";
/// Name of the anonymous (double-submit) CSRF cookie.
pub const CSRF_COOKIE: &str = "southdesk_csrf";
/// Form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// Header carrying the CSRF token (for scripts).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A session unused for this long is gone.
pub const SESSION_IDLE: Duration = Duration::hours(4);
/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Prefix of every API token.
pub const TOKEN_PREFIX: &str = "sdk_";
/// Largest form body read to find its CSRF token.
const MAX_CSRF_FORM_BYTES: usize = crate::tag::MAX_FORM_BODY_BYTES;
/// Largest multipart form (with files) read to find its CSRF token.
const MAX_MULTIPART_BYTES: usize = crate::api::requests::MAX_SUBMIT_BYTES;

// ---- secrets -----------------------------------------------------------------

/// 32 random bytes as 64 hex digits.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `s`, hex: how session ids and API tokens are stored.
pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// Equal, in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hashes a password with argon2id (default parameters) into a PHC string.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password with default parameters")
        .to_string()
}

/// Whether `password` matches the PHC string `phc`.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`] characters, not
/// only spaces. The error is a message id of the UI (`password-too-short`).
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    if password.trim().chars().count() < MIN_PASSWORD_CHARS {
        Err("password-too-short")
    } else {
        Ok(())
    }
}

/// Creates an API token for the account: the stored record and the token
/// itself, to be shown once.
pub async fn create_api_token(
    store: &dyn Store,
    account_id: i64,
    name: &str,
) -> Result<(ApiToken, String), StoreError> {
    let secret = format!("{TOKEN_PREFIX}{}", random_hex());
    let token = store
        .create_api_token(NewApiToken {
            account_id,
            name: name.trim().to_string(),
            prefix: secret[..TOKEN_PREFIX.len() + 8].to_string(),
            hash: sha256_hex(&secret),
        })
        .await?;
    Ok((token, secret))
}

// ---- configuration -----------------------------------------------------------------

/// Secrets and settings of authentication, made once per process.
#[derive(Clone)]
pub struct AuthConfig {
    /// Signs the anonymous CSRF cookie. Random per process: a restart only
    /// makes open anonymous forms ask to be sent again.
    key: Arc<[u8; 32]>,
    /// Cookies get `Secure` (`SOUTHDESK_COOKIE_SECURE=1`).
    pub cookie_secure: bool,
}

impl AuthConfig {
    pub fn from_env() -> AuthConfig {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        AuthConfig {
            key: Arc::new(key),
            cookie_secure: std::env::var("SOUTHDESK_COOKIE_SECURE").is_ok_and(|v| v == "1"),
        }
    }

    fn sign(&self, nonce: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&*self.key).expect("HMAC takes any key length");
        mac.update(nonce.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A new anonymous CSRF token `nonce.signature`.
    fn new_anonymous_token(&self) -> String {
        let nonce = random_hex();
        let sig = self.sign(&nonce);
        format!("{nonce}.{sig}")
    }

    fn valid_anonymous_token(&self, token: &str) -> bool {
        token
            .split_once('.')
            .is_some_and(|(nonce, sig)| same(self.sign(nonce).as_bytes(), sig.as_bytes()))
    }

    /// A `Set-Cookie` value.
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<Duration>) -> HeaderValue {
        let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if let Some(age) = max_age {
            c.push_str(&format!("; Max-Age={}", age.whole_seconds()));
        }
        if self.cookie_secure {
            c.push_str("; Secure");
        }
        HeaderValue::from_str(&c).expect("cookie values are ASCII")
    }
}

// ---- who is asking --------------------------------------------------------------------

/// How the request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    /// A session cookie; the SHA-256 of its id.
    Session(String),
    Bearer,
}

/// What [`authenticate`] found out about the request, in its extensions.
#[derive(Debug, Clone)]
pub struct Auth {
    /// The logged-in account (never a disabled one).
    pub user: Option<Account>,
    pub via: Via,
    /// The CSRF token the request's forms carry.
    csrf: String,
    /// Set once a page put [`Auth::csrf`] into a form: an anonymous token
    /// is then stored in its cookie.
    csrf_used: Arc<AtomicBool>,
}

impl Auth {
    fn anonymous(csrf: String) -> Auth {
        Auth {
            user: None,
            via: Via::Anonymous,
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
/// bearer token by [`authenticate`]; disabled accounts are rejected).
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

/// The value of cookie `name`.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
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
                    csrf: String::new(),
                    csrf_used: Arc::default(),
                });
                next.run(req).await
            }
            Ok(_) => crate::api::ApiError::unauthorized(
                "invalid_token",
                "the bearer token is unknown, revoked, or its account is disabled",
            )
            .into_response(),
            Err(e) => crate::api::ApiError::from(e).into_response(),
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
                auth = Some(Auth {
                    user: Some(account),
                    via: Via::Session(id_hash),
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
        let (sent, rebuilt) = match submitted_csrf(req).await {
            Ok(pair) => pair,
            Err((mut parts, limit)) => {
                let ctx = Ctx::from_request_parts(&mut parts, &())
                    .await
                    .unwrap_or_else(|e| match e {});
                return crate::pages::too_large(&ctx, limit);
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
            return crate::pages::csrf_failed(&ctx);
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
) -> Result<(Option<String>, Request), (axum::http::request::Parts, usize)> {
    if let Some(v) = req.headers().get(CSRF_HEADER) {
        let sent = v.to_str().ok().map(str::to_string);
        return Ok((sent, req));
    }
    // A multipart form (with files): its `_csrf` part.
    if let Some(boundary) = crate::form::boundary(req.headers()) {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_MULTIPART_BYTES).await else {
            return Err((parts, MAX_MULTIPART_BYTES));
        };
        let sent = crate::form::parse_multipart(&bytes, &boundary)
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
        (None, true) => crate::api::ApiError::unauthorized(
            "unauthorized",
            "send a personal API token as `Authorization: Bearer …`",
        )
        .into_response(),
        (Some(_), true) => crate::api::ApiError::forbidden().into_response(),
        (None, false) => {
            let next_path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let target = if req.method() == Method::GET {
                format!(
                    "/login?next={}",
                    crate::pages::account::url_encode(next_path)
                )
            } else {
                "/login".to_string()
            };
            Redirect::to(&target).into_response()
        }
        (Some(_), false) => {
            let (mut parts, _) = req.into_parts();
            let ctx = Ctx::from_request_parts(&mut parts, &())
                .await
                .unwrap_or_else(|e| match e {});
            crate::pages::forbidden(&ctx)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse battery");
        assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse batterY", &phc));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(hash_password("same"), hash_password("same"), "salted");
        assert_eq!(check_new_password("short"), Err("password-too-short"));
        assert_eq!(
            check_new_password("            "),
            Err("password-too-short")
        );
        assert_eq!(check_new_password("twelve chars"), Ok(()));
    }

    #[test]
    fn anonymous_tokens_are_signed() {
        let c = AuthConfig::from_env();
        let t = c.new_anonymous_token();
        assert!(c.valid_anonymous_token(&t));
        let (nonce, _) = t.split_once('.').unwrap();
        assert!(!c.valid_anonymous_token(&format!("{nonce}.{}", "0".repeat(64))));
        assert!(!c.valid_anonymous_token(nonce));
        assert!(
            !AuthConfig::from_env().valid_anonymous_token(&t),
            "other key"
        );
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("lang=fr; southdesk_session=abc"),
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_static("southdesk_csrf=x.y"),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&h, CSRF_COOKIE), Some("x.y"));
        assert_eq!(cookie_value(&h, "other"), None);
    }
}
