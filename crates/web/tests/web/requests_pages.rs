//! The request desk's pages: submitting with attachments (multipart), a
//! forged CSRF token, another member's request, staff logging a request on
//! a member's behalf, and the triage forms.

use crate::common::accounts::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use southdesk_plan::Role;
use southdesk_store::NewAccount;
use southdesk_store::requests::RequestQuery;
use southdesk_web::app::auth::{CSRF_FIELD, SESSION_COOKIE};

const BOUNDARY: &str = "----southdesk-test-boundary";

fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        b.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

async fn post_multipart(app: &axum::Router, browser: &Browser, body: Vec<u8>) -> Reply {
    let req = Request::post("/requests")
        .header("cookie", format!("{SESSION_COOKIE}={}", browser.cookie))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

async fn count(store: &std::sync::Arc<dyn southdesk_store::Store>) -> usize {
    store
        .requests(&RequestQuery::default())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_delegate_submits_with_attachments_and_only_their_member_sees_it() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    store
        .create_account(NewAccount {
            email: "d@ind.example".into(),
            name: "India".into(),
            role: Role::Delegate,
            programme: None,
            member: Some("IND".into()),
            group: None,
            password_hash: Some(southdesk_store::credentials::hash_password(PASSWORD)),
        })
        .await
        .unwrap();
    let bra = login(&app, "d@bra.example", PASSWORD).await;
    let ind = login(&app, "d@ind.example", PASSWORD).await;

    let form = get_with(
        &app,
        "/requests/new?lang=zh",
        &[("cookie", &session_cookie(&bra.cookie))],
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.body.contains("巴西"),
        "the delegate's own member is fixed"
    );

    let fields = [
        (CSRF_FIELD, bra.csrf.as_str()),
        ("requester", "member:BRA"),
        ("title", "气候融资谈判支持"),
        ("text", "请为气候融资新集体量化目标的谈判提供政策建议。"),
        ("contact", "巴西常驻代表团"),
        ("lang", "zh"),
        ("mode", "policy-advice"),
        ("deadline", "2099-01-31"),
    ];
    let r = post_multipart(
        &app,
        &bra,
        multipart(&fields, &[("立场.pdf", b"%PDF-1.4 position")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").unwrap().to_string();
    assert!(location.ends_with("?stored=1"), "{location}");
    let page = get_with(&app, &location, &[("cookie", &session_cookie(&bra.cookie))]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"req-notice\""));
    assert!(page.body.contains("立场.pdf"));
    let stored = store.requests(&RequestQuery::default()).await.unwrap();
    assert_eq!(stored.len(), 1);
    let id = stored[0].id;

    // The other country's delegate: 403 on the page and the attachment, not
    // in their queue, not on Brazil's member page.
    for path in [
        format!("/requests/{id}"),
        format!("/requests/{id}/attachments/1"),
        "/members/BRA/requests".into(),
    ] {
        let r = get_with(&app, &path, &[("cookie", &session_cookie(&ind.cookie))]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!r.body.contains("气候融资"), "{path}");
    }
    let q = get_with(
        &app,
        "/requests",
        &[("cookie", &session_cookie(&ind.cookie))],
    )
    .await;
    assert!(!q.body.contains("气候融资"));
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&ind),
        &[("action", "comment"), ("text", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let q = get_with(
        &app,
        "/requests",
        &[("cookie", &session_cookie(&bra.cookie))],
    )
    .await;
    assert!(q.body.contains("气候融资"));

    // A forged CSRF token: refused, nothing stored; the same with a form.
    let mut forged = fields;
    forged[0] = (CSRF_FIELD, "forged-token");
    let r = post_multipart(&app, &bra, multipart(&forged, &[])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let forged_form = Browser {
        cookie: bra.cookie.clone(),
        csrf: "forged".into(),
    };
    let r = request(
        &app,
        Method::POST,
        "/requests",
        Some(&forged_form),
        &fields[1..],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&store).await, 1);

    // Bad input: a clear error on the form, nothing stored.
    let with = |k: &'static str, v: &'static str| {
        let mut f = fields.to_vec();
        f.retain(|(name, _)| *name != k);
        f.push((k, v));
        f
    };
    for (k, v, status, error) in [
        (
            "deadline",
            "2026-13-40",
            StatusCode::UNPROCESSABLE_ENTITY,
            "req-error-invalid-date",
        ),
        (
            "deadline",
            "2001-01-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "req-error-deadline-in-past",
        ),
        (
            "requester",
            "member:IND",
            StatusCode::FORBIDDEN,
            "req-error-other",
        ),
        (
            "title",
            " ",
            StatusCode::UNPROCESSABLE_ENTITY,
            "req-error-no-title",
        ),
    ] {
        let r = post_multipart(&app, &bra, multipart(&with(k, v), &[])).await;
        assert_eq!(r.status, status, "{k}={v}: {}", r.body);
        assert!(r.body.contains("id=\"req-error\""), "{k}={v}");
        let expected = southdesk_web::app::i18n::Tr::new(southdesk_plan::Lang::En).t(error);
        assert!(
            error == "req-error-other" || r.body.contains(&expected),
            "{k}={v}"
        );
        assert_eq!(count(&store).await, 1, "{k}={v}: nothing stored");
    }
    let big = vec![b'x'; 4 * 1024 * 1024 + 1];
    let r = post_multipart(&app, &bra, multipart(&fields, &[("big.pdf", &big)])).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count(&store).await, 1);
}

#[tokio::test]
async fn staff_log_a_request_on_a_members_behalf_and_triage_it() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let staff = add_account(store.as_ref(), "s@southcentre.example", Role::Staff).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let s = login(&app, "s@southcentre.example", PASSWORD).await;
    let form = get_with(
        &app,
        "/requests/new",
        &[("cookie", &session_cookie(&s.cookie))],
    )
    .await;
    assert!(
        form.body.contains("name=\"channel\""),
        "staff choose the channel"
    );
    assert!(
        form.body.contains("value=\"group:g77\""),
        "and the requester"
    );
    let r = request(
        &app,
        Method::POST,
        "/requests",
        Some(&s),
        &[
            ("requester", "group:g77"),
            ("channel", "email"),
            ("title", "Debt restructuring briefing"),
            (
                "text",
                "The G77 chair asks for a briefing on sovereign debt restructuring.",
            ),
            ("contact", "chair@g77.example"),
            ("mode", "research"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let unknown = request(
        &app,
        Method::POST,
        "/requests",
        Some(&s),
        &[
            ("requester", "member:XXX"),
            ("title", "t"),
            ("text", "t"),
            ("contact", "c"),
            ("mode", "research"),
        ],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = store.requests(&RequestQuery::default()).await.unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0].id;
    assert_eq!(list[0].channel.as_str(), "email");

    // Management triages and assigns through the forms.
    let page = get_with(
        &app,
        &format!("/requests/{id}"),
        &[("cookie", &session_cookie(&m.cookie))],
    )
    .await;
    assert!(page.body.contains("id=\"req-triage-form\""));
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &[("action", "triage"), ("themes", "debt"), ("lead", "ggdp")],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no theme `debt`"
    );
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &[
            ("action", "triage"),
            ("themes", "finance"),
            ("themes", "tax"),
            ("lead", "ggdp"),
            ("supporting", "tax-initiative"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let triaged = store.request(id).await.unwrap().unwrap();
    assert_eq!(triaged.routing.themes, ["finance", "tax"]);
    assert_eq!(triaged.routing.supporting, ["tax-initiative"]);
    assert!(triaged.routing.is_cross_cutting());
    let staff_id = staff.id.to_string();
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &[("action", "assign"), ("assignees", &staff_id)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &[("action", "status"), ("status", "closed")],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "assigned → closed skips steps"
    );
    for status in ["in-progress", "delivered"] {
        let r = request(
            &app,
            Method::POST,
            &format!("/requests/{id}/changes"),
            Some(&s),
            &[("action", "status"), ("status", status)],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{status}: {}", r.body);
    }
    let page = get_with(
        &app,
        &format!("/requests/{id}"),
        &[("cookie", &session_cookie(&s.cookie))],
    )
    .await;
    assert!(page.body.contains("data-status=\"delivered\""));
    let inbox = get_with(&app, "/inbox", &[("cookie", &session_cookie(&s.cookie))]).await;
    assert!(inbox.body.contains(&format!("/requests/{id}")));
    let member = get_with(
        &app,
        "/members/g77/requests",
        &[("cookie", &session_cookie(&m.cookie))],
    )
    .await;
    assert_eq!(member.status, StatusCode::OK);
    assert!(member.body.contains("id=\"req-stats\""));
}
