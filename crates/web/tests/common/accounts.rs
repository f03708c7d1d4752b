//! Accounts for the web tests: creating them, logging in through the real
//! `/login`, and requests with a session (cookie and CSRF token).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request};
use southdesk_plan::{Account, Role};
use southdesk_store::{NewAccount, Store};
use southdesk_web::app::auth::{CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE};
use southdesk_web::{AppState, router};

use super::{Reply, form_encode, get, get_with, seeded_store, send};

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery staple";

/// A logged-in browser: its session cookie and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// Creates an account with [`PASSWORD`]. Coordinators coordinate `ggdp`,
/// delegates represent Brazil.
pub async fn add_account(store: &dyn Store, email: &str, role: Role) -> Account {
    let programme = southdesk_plan::Plan::embedded_2026_2028().programmes[0]
        .id
        .clone();
    store
        .create_account(NewAccount {
            email: email.to_string(),
            name: format!("Tester {}", role.as_str().to_uppercase()),
            role,
            programme: (role == Role::Coordinator).then_some(programme),
            member: (role == Role::Delegate).then(|| "BRA".to_string()),
            group: None,
            password_hash: Some(southdesk_store::credentials::hash_password(PASSWORD)),
        })
        .await
        .expect("account is created")
}

/// The app over a seeded store, and the store.
pub async fn app_and_store() -> (Router, Arc<dyn Store>) {
    let store = seeded_store().await;
    (router(AppState::new(store.clone())), store)
}

/// The value of a `Set-Cookie` for cookie `name`.
pub fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A fresh anonymous CSRF token (the value of its cookie), as `/login` sets it.
pub async fn anonymous_csrf(app: &Router) -> String {
    let r = get(app, "/login").await;
    set_cookie(&r, CSRF_COOKIE).expect("the login page sets the CSRF cookie")
}

/// The value of the first hidden CSRF field of a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let needle = format!("name=\"{CSRF_FIELD}\" value=\"");
    let i = html.find(&needle)? + needle.len();
    Some(html[i..i + html[i..].find('"')?].to_string())
}

/// Logs in through the login form; panics if that fails.
pub async fn login(app: &Router, email: &str, password: &str) -> Browser {
    let r = try_login(app, email, password).await;
    assert_eq!(r.status, 303, "login of {email} failed: {}", r.body);
    let cookie = set_cookie(&r, SESSION_COOKIE).expect("a session cookie");
    let page = get_with(app, "/account", &[("cookie", &session_cookie(&cookie))]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = csrf_in(&page.body).expect("the account page has forms");
    Browser { cookie, csrf }
}

/// Posts the login form as an anonymous browser.
pub async fn try_login(app: &Router, email: &str, password: &str) -> Reply {
    let token = anonymous_csrf(app).await;
    let body = format!(
        "{CSRF_FIELD}={}&email={}&password={}",
        form_encode(&token),
        form_encode(email),
        form_encode(password)
    );
    let req = Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("{CSRF_COOKIE}={token}"))
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

pub fn session_cookie(value: &str) -> String {
    format!("{SESSION_COOKIE}={value}")
}

/// A request as `browser` (or an anonymous browser with a valid CSRF
/// cookie): GETs carry the cookie, other methods the CSRF token too, as a
/// form field.
pub async fn request(
    app: &Router,
    method: Method,
    uri: &str,
    browser: Option<&Browser>,
    fields: &[(&str, &str)],
) -> Reply {
    let (cookie, csrf) = match browser {
        Some(b) => (session_cookie(&b.cookie), b.csrf.clone()),
        None => {
            let t = anonymous_csrf(app).await;
            (format!("{CSRF_COOKIE}={t}"), t)
        }
    };
    let mut req = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header("cookie", cookie);
    let body = if method == Method::GET {
        Body::empty()
    } else {
        let mut pairs = vec![format!("{CSRF_FIELD}={}", form_encode(&csrf))];
        pairs.extend(
            fields
                .iter()
                .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v))),
        );
        req = req.header("content-type", "application/x-www-form-urlencoded");
        Body::from(pairs.join("&"))
    };
    send(app, req.body(body).unwrap()).await
}

/// Posts a multipart form to `uri` as `b` (its CSRF token first, then
/// `fields`, then `files`: field, file name, content type, bytes).
pub async fn post_multipart(
    app: &axum::Router,
    b: &Browser,
    uri: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> super::Reply {
    let mut all = vec![(southdesk_web::app::auth::CSRF_FIELD, b.csrf.as_str())];
    all.extend_from_slice(fields);
    let (ct, body) = super::multipart_body(&all, files);
    let req = axum::http::Request::post(uri)
        .header("content-type", ct)
        .header(
            "cookie",
            format!("{}={}", southdesk_web::app::auth::SESSION_COOKIE, b.cookie),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    super::send(app, req).await
}
