//! Logging in and out, sessions, CSRF, throttling, API tokens and the
//! administration of accounts, through the real router.

use crate::common::accounts::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use southdesk_plan::{Lang, Role};
use southdesk_web::app::auth::{CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE};
use southdesk_web::app::i18n::Tr;

#[tokio::test]
async fn login_sets_a_safe_cookie_and_logout_ends_the_session() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;

    let r = try_login(&app, "ADA@southcentre.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Each role lands on its start page.
    assert_eq!(r.header("location"), Some("/start"));
    let set = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(SESSION_COOKIE))
        .unwrap();
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(part), "{set}");
    }
    assert!(
        !set.contains("Secure"),
        "only with SOUTHDESK_COOKIE_SECURE=1"
    );

    let me = login(&app, "ada@southcentre.example", PASSWORD).await;
    // The home page sends a logged-in user to their start page.
    let root = request(&app, Method::GET, "/", Some(&me), &[]).await;
    assert_eq!(root.status, StatusCode::SEE_OTHER);
    assert_eq!(root.header("location"), Some("/start"));
    let home = request(&app, Method::GET, "/start", Some(&me), &[]).await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(
        home.body.contains("Tester STAFF"),
        "the header names the user"
    );
    assert!(home.body.contains("action=\"/logout\""));
    assert!(
        !home.body.contains("href=\"/admin/users\""),
        "staff do not manage accounts"
    );
    let anon = get(&app, "/").await;
    assert!(anon.body.contains("href=\"/login\""));
    assert!(
        anon.header("set-cookie").is_none(),
        "no cookie without a form"
    );

    let r = request(&app, Method::POST, "/logout", Some(&me), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(set_cookie(&r, SESSION_COOKIE).is_some_and(|v| v.is_empty()));
    let r = request(&app, Method::GET, "/account", Some(&me), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the session is gone");
}

#[tokio::test]
async fn wrong_passwords_get_one_message_and_are_throttled() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;
    let wrong = |email: &'static str| {
        let app = app.clone();
        async move {
            request(
                &app,
                Method::POST,
                "/login?lang=en",
                None,
                &[("email", email), ("password", "not the password")],
            )
            .await
        }
    };
    let known = wrong("ada@southcentre.example").await;
    let unknown = wrong("nobody@southcentre.example").await;
    for r in [&known, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Wrong email address or password."));
    }
    for _ in 0..4 {
        wrong("ada@southcentre.example").await;
    }
    // After the fifth failure within 15 minutes the email must wait (30 s,
    // then longer with each failure), even with the right password.
    let r = try_login(&app, "ada@southcentre.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let r = request(
        &app,
        Method::POST,
        "/login?lang=fr",
        None,
        &[("email", "ada@southcentre.example"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Trop de tentatives manquées"), "translated");
    assert!(r.header("retry-after").is_some());

    // Per address: 20 failures (6 so far), whatever the email.
    for i in 0..14 {
        let email: &'static str = Box::leak(format!("x{i}@southcentre.example").into_boxed_str());
        wrong(email).await;
    }
    add_account(store.as_ref(), "bob@southcentre.example", Role::Board).await;
    let r = try_login(&app, "bob@southcentre.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Admin).await;
    let me = login(&app, "ada@southcentre.example", PASSWORD).await;
    let post = |cookie: String, body: &'static str| {
        Request::post("/admin/users?lang=es")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(Body::from(body))
            .unwrap()
    };
    // No token, a wrong token, the anonymous token instead of the session's.
    let anon = anonymous_csrf(&app).await;
    for (cookie, body) in [
        (session_cookie(&me.cookie), "email=x"),
        (session_cookie(&me.cookie), "_csrf=0123&email=x"),
        (
            format!("{}; {CSRF_COOKIE}={anon}", session_cookie(&me.cookie)),
            Box::leak(format!("_csrf={anon}&email=x").into_boxed_str()) as &'static str,
        ),
    ] {
        let r = send(&app, post(cookie, body)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{body}");
        assert!(r.body.contains("El formulario ha caducado"), "{}", r.body);
    }
    // Anonymous forms: a forged (unsigned) cookie is refused.
    let r = send(
        &app,
        Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("{CSRF_COOKIE}=abc.def"))
            .body(Body::from("_csrf=abc.def&email=a%40b&password=x"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The right one passes.
    let r = request(
        &app,
        Method::POST,
        "/admin/users",
        Some(&me),
        &[("email", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn api_tokens_made_on_the_account_page_authenticate_until_revoked() {
    let (app, store) = app_and_store().await;
    let ada = add_account(store.as_ref(), "ada@southcentre.example", Role::Delegate).await;
    let me = login(&app, "ada@southcentre.example", PASSWORD).await;
    let r = request(
        &app,
        Method::POST,
        "/account/tokens",
        Some(&me),
        &[("name", "laptop")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let i = r.body.find("<code id=\"new-token\">").unwrap() + "<code id=\"new-token\">".len();
    let token = &r.body[i..i + r.body[i..].find('<').unwrap()];
    assert!(token.starts_with("sdk_") && token.len() == 68, "{token}");
    let again = request(&app, Method::GET, "/account", Some(&me), &[]).await;
    assert!(!again.body.contains(token), "shown once");
    assert!(again.body.contains(&token[..12]), "its prefix is listed");

    let bearer = format!("Bearer {token}");
    let r = get_with(&app, "/api/v1/me", &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["email"], "ada@southcentre.example");
    assert_eq!(j["role"], "delegate");
    assert_eq!(j["member"], "BRA");

    // Bearer requests need no CSRF token and ignore cookies.
    let r = send(
        &app,
        Request::post("/api/v1/tag")
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .body(Body::from(r#"{"text": "WTO reform"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let id = store.api_tokens(ada.id).await.unwrap()[0].id;
    let r = request(
        &app,
        Method::POST,
        &format!("/account/tokens/{id}/revoke"),
        Some(&me),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = get_with(&app, "/api/v1/me", &[("authorization", &bearer)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"]["code"], "invalid_token");
    let r = get_with(
        &app,
        "/api/v1/me",
        &[("authorization", "Bearer sdk_nonsense")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn admins_add_disable_and_reset_accounts() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "root@southcentre.example", Role::Admin).await;
    let admin = login(&app, "root@southcentre.example", PASSWORD).await;
    let programme = southdesk_plan::Plan::embedded_2026_2028().programmes[0]
        .id
        .clone();
    let add = |fields: Vec<(&'static str, String)>| {
        let app = app.clone();
        let admin = admin.clone();
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            request(&app, Method::POST, "/admin/users?lang=en", Some(&admin), &f).await
        }
    };
    let pw = || ("password", "a long enough password".to_string());
    let r = add(vec![
        ("email", "coord@southcentre.example".into()),
        ("role", "coordinator".into()),
        ("programme", programme.clone()),
        pw(),
    ])
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Bad bindings, unknown programme, short password, taken email.
    for (fields, message) in [
        (
            vec![
                ("email", "d@x.org".into()),
                ("role", "delegate".into()),
                pw(),
            ],
            "a delegate exactly one member state or group",
        ),
        (
            vec![
                ("email", "c@x.org".into()),
                ("role", "coordinator".into()),
                ("programme", "nope".into()),
                pw(),
            ],
            "There is no such programme",
        ),
        (
            vec![
                ("email", "d@x.org".into()),
                ("role", "delegate".into()),
                ("member", "XXX".into()),
                pw(),
            ],
            "There is no such member state",
        ),
        (
            vec![
                ("email", "s@x.org".into()),
                ("role", "staff".into()),
                ("password", "short".into()),
            ],
            "at least 12 characters",
        ),
        (
            vec![
                ("email", "COORD@southcentre.example".into()),
                ("role", "staff".into()),
                pw(),
            ],
            "already exists",
        ),
    ] {
        let r = add(fields).await;
        assert!(r.status.is_client_error(), "{message}: {}", r.status);
        assert!(r.body.contains(message), "{message}");
    }
    let coord = store
        .account_by_email("coord@southcentre.example")
        .await
        .unwrap()
        .unwrap();
    let c = login(&app, "coord@southcentre.example", "a long enough password").await;

    // Reset: the old password and sessions stop working.
    let r = request(
        &app,
        Method::POST,
        &format!("/admin/users/{}/password", coord.id),
        Some(&admin),
        &[("password", "another long password")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = request(&app, Method::GET, "/account", Some(&c), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        try_login(&app, "coord@southcentre.example", "a long enough password")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let c = login(&app, "coord@southcentre.example", "another long password").await;

    // Disabled: sessions end, logging in fails.
    let r = request(
        &app,
        Method::POST,
        &format!("/admin/users/{}/disable", coord.id),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = request(&app, Method::GET, "/account", Some(&c), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        try_login(&app, "coord@southcentre.example", "another long password")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let list = request(&app, Method::GET, "/admin/users", Some(&admin), &[]).await;
    assert!(list.body.contains("Disabled"));
}

#[tokio::test]
async fn users_change_their_own_password() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Council).await;
    let me = login(&app, "ada@southcentre.example", PASSWORD).await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let app = app.clone();
        let me = me.clone();
        async move {
            request(
                &app,
                Method::POST,
                "/account/password",
                Some(&me),
                &[("current", current), ("new", new), ("confirm", confirm)],
            )
            .await
        }
    };
    let r = change("wrong", "a brand new password", "a brand new password").await;
    assert!(r.body.contains("The current password is wrong."));
    let r = change(PASSWORD, "a brand new password", "a brand new passwort").await;
    assert!(r.body.contains("The two new passwords differ."));
    let r = change(PASSWORD, "a brand new password", "a brand new password").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A new session comes with the answer.
    assert!(set_cookie(&r, SESSION_COOKIE).is_some());
    login(&app, "ada@southcentre.example", "a brand new password").await;
}

/// The link in the newest queued email to `email`.
async fn reset_link_in_outbox(store: &dyn southdesk_store::Store, email: &str) -> Option<String> {
    let due = store
        .due_notifications(
            time::OffsetDateTime::now_utc() + time::Duration::hours(1),
            100,
        )
        .await
        .unwrap();
    let mail = due.iter().rev().find(|m| m.email == email)?;
    let start = mail.body.find("/password-reset/")?;
    let token: String = mail.body[start + "/password-reset/".len()..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    Some(format!("/password-reset/{token}"))
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_single_use_emailed_link_that_lifts_the_lock() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;

    // The login page leads to the reset page.
    let login_page = request(&app, Method::GET, "/login?lang=en", None, &[]).await;
    assert!(login_page.body.contains(r#"href="/password-reset""#));

    // Lock the account with wrong passwords.
    for _ in 0..5 {
        try_login(&app, "ada@southcentre.example", "not the password").await;
    }
    let r = try_login(&app, "ada@southcentre.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);

    // The answer is the same for an unknown address, and only a known one gets an email.
    let unknown = request(
        &app,
        Method::POST,
        "/password-reset?lang=fr",
        None,
        &[("email", "nobody@southcentre.example")],
    )
    .await;
    let known = request(
        &app,
        Method::POST,
        "/password-reset?lang=fr",
        None,
        &[("email", "ADA@southcentre.example")],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(known.status, StatusCode::OK);
    let sent = Tr::new(Lang::Fr).t("accounts-forgot-sent");
    assert!(unknown.body.contains(&sent) && known.body.contains(&sent));
    assert!(
        reset_link_in_outbox(store.as_ref(), "nobody@southcentre.example")
            .await
            .is_none()
    );
    let link = reset_link_in_outbox(store.as_ref(), "ada@southcentre.example")
        .await
        .expect("the email carries a link");

    // The link opens a form; a short password is refused with the reason.
    let form = request(&app, Method::GET, &format!("{link}?lang=en"), None, &[]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("ada@southcentre.example"));
    let short = request(
        &app,
        Method::POST,
        &format!("{link}?lang=en"),
        None,
        &[("new", "short"), ("confirm", "short")],
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("aria-invalid=\"true\""));

    let new_password = "a brand new passphrase";
    let done = request(
        &app,
        Method::POST,
        &link,
        None,
        &[("new", new_password), ("confirm", new_password)],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.header("location"), Some("/login?reset=1"));

    // The lock is lifted, the old password is gone, the new one works.
    let old = try_login(&app, "ada@southcentre.example", PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let ok = try_login(&app, "ada@southcentre.example", new_password).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);

    // The link works once.
    let again = request(&app, Method::GET, &link, None, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.header("location"), Some("/password-reset?invalid=1"));
    let reused = request(
        &app,
        Method::POST,
        &link,
        None,
        &[
            ("new", "yet another passphrase"),
            ("confirm", "yet another passphrase"),
        ],
    )
    .await;
    assert_eq!(reused.header("location"), Some("/password-reset?invalid=1"));
    let ok = try_login(&app, "ada@southcentre.example", new_password).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_admin_sees_a_locked_account_and_unlocks_it() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "root@southcentre.example", Role::Admin).await;
    let ada = add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;
    let admin = login(&app, "root@southcentre.example", PASSWORD).await;
    for _ in 0..5 {
        try_login(&app, "ada@southcentre.example", "not the password").await;
    }
    assert_eq!(
        try_login(&app, "ada@southcentre.example", PASSWORD)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let users = request(&app, Method::GET, "/admin/users?lang=en", Some(&admin), &[]).await;
    let unlock = format!("/admin/users/{}/unlock", ada.id);
    assert!(
        users.body.contains(&unlock),
        "the locked account offers Unlock"
    );
    assert!(
        users
            .body
            .contains(&Tr::new(Lang::En).t("accounts-state-locked"))
    );

    // Not for a staff member.
    let staff = add_account(store.as_ref(), "bo@southcentre.example", Role::Staff).await;
    let bo = login(&app, &staff.email, PASSWORD).await;
    let r = request(&app, Method::POST, &unlock, Some(&bo), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = request(&app, Method::POST, &unlock, Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let ok = try_login(&app, "ada@southcentre.example", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let users = request(&app, Method::GET, "/admin/users?lang=en", Some(&admin), &[]).await;
    assert!(!users.body.contains(&unlock));
    let r = request(
        &app,
        Method::POST,
        "/admin/users/999999/unlock",
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn after_login_only_this_sites_paths_are_followed() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "n@southcentre.example", Role::Staff).await;
    for (next, goes) in [
        ("/requests", "/requests"),
        ("/\t/evil.com", "/start"),
        ("/\n/evil.com", "/start"),
        ("/\r/x", "/start"),
        ("//evil.com", "/start"),
    ] {
        // The login page carries `next` in its form: no 500 whatever it is.
        let page = get(
            &app,
            &format!(
                "/login?next={}",
                next.replace('\t', "%09")
                    .replace('\n', "%0A")
                    .replace('\r', "%0D")
                    .replace('\0', "%00")
            ),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{next:?}");
        let token = anonymous_csrf(&app).await;
        let body = format!(
            "{CSRF_FIELD}={}&email=n%40southcentre.example&password={}&next={}",
            form_encode(&token),
            form_encode(PASSWORD),
            form_encode(next)
        );
        let req = Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("{CSRF_COOKIE}={token}"))
            .body(Body::from(body))
            .unwrap();
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.body);
        assert_eq!(r.header("location"), Some(goes), "{next:?}");
    }
}

#[tokio::test]
async fn what_a_logged_in_account_reads_is_never_cached() {
    let (app, store) = app_and_store().await;
    let a = add_account(store.as_ref(), "c@southcentre.example", Role::Staff).await;
    let me = login(&app, "c@southcentre.example", PASSWORD).await;
    for uri in ["/start", "/requests", "/account", "/outputs", "/"] {
        let r = request(&app, Method::GET, uri, Some(&me), &[]).await;
        assert_eq!(r.header("cache-control"), Some("no-store"), "{uri}");
    }
    let token = southdesk_store::credentials::create_api_token(store.as_ref(), a.id, "t")
        .await
        .unwrap()
        .1;
    let api = get_with(
        &app,
        "/api/v1/me",
        &[("authorization", &format!("Bearer {token}"))],
    )
    .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.header("cache-control"), Some("no-store"));
    // The public pages stay revalidated, the hashed stylesheet cached.
    assert_eq!(
        get(&app, "/").await.header("cache-control"),
        Some("no-cache")
    );
    let home = get(&app, "/").await.body;
    let start = home.find("/static/app.css?v=").unwrap();
    let href = &home[start..start + home[start..].find('"').unwrap()];
    let css = request(&app, Method::GET, href, Some(&me), &[]).await;
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

/// Sends `head` (a request's line and headers, no body) to the app served
/// on a real socket; the status line of the answer, which must come within
/// five seconds although the body never does.
async fn status_without_body(app: axum::Router, head: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(southdesk_web::serve(
        listener,
        app,
        southdesk_web::Transport::default(),
        std::future::pending(),
    ));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("answered without waiting for the body")
        .unwrap();
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn oversized_or_anonymous_bodies_are_refused_before_they_are_read() {
    let (app, _) = app_and_store().await;
    let t = anonymous_csrf(&app).await;
    // A form declared at 30 MB: 413 from its length alone.
    let line = status_without_body(
        app.clone(),
        format!(
            "POST /logout HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 31457280\r\nCookie: {CSRF_COOKIE}={t}\r\n\r\n"
        ),
    )
    .await;
    assert!(line.starts_with("HTTP/1.1 413"), "{line}");
    // A multipart form from someone not logged in: refused unread.
    let line = status_without_body(
        app,
        format!(
            "POST /outputs/upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\nCookie: {CSRF_COOKIE}={t}\r\n\r\n"
        ),
    )
    .await;
    assert!(line.starts_with("HTTP/1.1 403"), "{line}");
}

/// A login attempt from `peer`, through whatever proxies `forwarded_for`
/// names.
async fn login_from(
    app: &axum::Router,
    peer: &str,
    forwarded_for: Option<&str>,
    email: &str,
    password: &str,
) -> StatusCode {
    let token = anonymous_csrf(app).await;
    let body = format!(
        "{CSRF_FIELD}={}&email={}&password={}",
        form_encode(&token),
        form_encode(email),
        form_encode(password)
    );
    let mut req = Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("{CSRF_COOKIE}={token}"));
    if let Some(f) = forwarded_for {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    let addr: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    send(app, req).await.status
}

#[tokio::test]
async fn the_owner_is_slowed_not_locked_out() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;
    let ago = |s: i64| time::OffsetDateTime::now_utc() - time::Duration::seconds(s);
    for _ in 0..5 {
        store
            .record_login_failure("ada@southcentre.example", "192.0.2.1", ago(40))
            .await
            .unwrap();
    }
    // Five failures, the last 40 s ago: the 30 s wait is over.
    let r = try_login(&app, "ada@southcentre.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A success forgets them; six failures, the last 40 s ago: 60 s to wait.
    for _ in 0..6 {
        store
            .record_login_failure("ada@southcentre.example", "192.0.2.1", ago(40))
            .await
            .unwrap();
    }
    let r = try_login(&app, "ada@southcentre.example", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), Some("60"));
}

#[tokio::test]
async fn wrong_passwords_sent_at_once_are_checked_no_more_than_the_limit() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;
    let tries: Vec<_> = (0..25)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                login_from(
                    &app,
                    &format!("192.0.2.{}", i + 1),
                    None,
                    "ada@southcentre.example",
                    "not the password",
                )
                .await
            })
        })
        .collect();
    let mut checked = 0;
    for t in tries {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    // However they interleave, no more than the limit reach the password
    // check (before, all 25 did).
    assert!(checked <= 5, "{checked} passwords checked");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_counted_apart() {
    let store = seeded_store().await;
    let mut state = southdesk_web::AppState::new(store.clone());
    state.auth.trusted_proxies = vec!["10.0.0.1".parse().unwrap()];
    let app = southdesk_web::router(state);
    add_account(store.as_ref(), "bob@southcentre.example", Role::Staff).await;
    // One client behind the proxy fails 20 times with other addresses.
    for i in 0..20 {
        let s = login_from(
            &app,
            "10.0.0.1",
            Some("203.0.113.9"),
            &format!("x{i}@southcentre.example"),
            "wrong password",
        )
        .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
    // That client is refused; another behind the same proxy logs in.
    let s = login_from(
        &app,
        "10.0.0.1",
        Some("203.0.113.9"),
        "bob@southcentre.example",
        PASSWORD,
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    let s = login_from(
        &app,
        "10.0.0.1",
        Some("198.51.100.7"),
        "bob@southcentre.example",
        PASSWORD,
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // A forwarded-for header from anyone else is not believed.
    for i in 0..20 {
        login_from(
            &app,
            "192.0.2.50",
            Some(&format!("198.51.100.{i}")),
            &format!("y{i}@southcentre.example"),
            "wrong password",
        )
        .await;
    }
    let s = login_from(
        &app,
        "192.0.2.50",
        Some("198.51.100.200"),
        "bob@southcentre.example",
        PASSWORD,
    )
    .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
}
