//! The request desk through the JSON API, with bearer tokens: intake with
//! attachments and an idempotency key, every bad input refused with
//! nothing stored, a request's life from triage to delivery, and a
//! delegate who never sees another member's request.

use std::sync::Arc;

use crate::common::accounts::*;
use crate::common::*;
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use base64::Engine as _;
use serde_json::{Value, json};
use southdesk_plan::{Account, Plan, Role};
use southdesk_store::NewAccount;
use southdesk_store::Store;
use southdesk_store::requests::RequestQuery;

async fn token(store: &dyn Store, a: &Account) -> String {
    southdesk_store::credentials::create_api_token(store, a.id, "test")
        .await
        .unwrap()
        .1
}

async fn api(
    app: &Router,
    method: Method,
    uri: &str,
    token: &str,
    body: Option<Value>,
    key: Option<&str>,
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"));
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let body = match body {
        Some(v) => {
            req = req.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    send(app, req.body(body).unwrap()).await
}

async fn delegate_of(store: &dyn Store, email: &str, member: &str) -> Account {
    store
        .create_account(NewAccount {
            email: email.into(),
            name: email.into(),
            role: Role::Delegate,
            programme: None,
            member: Some(member.into()),
            group: None,
            password_hash: Some(southdesk_store::credentials::hash_password(PASSWORD)),
        })
        .await
        .unwrap()
}

fn chinese_request() -> Value {
    json!({
        "contact": "巴西常驻代表团",
        "title": "渔业补贴谈判分析",
        "text": "请分析世贸组织渔业补贴协定草案对发展中国家的特殊和差别待遇。",
        "lang": "zh",
        "mode": "policy-advice",
        "forum": "WTO",
        "deadline": "2099-06-30",
        "attachments": [{
            "filename": "草案.pdf",
            "content_type": "application/pdf",
            "content_base64": base64::engine::general_purpose::STANDARD.encode(b"%PDF draft")
        }]
    })
}

async fn stored(store: &Arc<dyn Store>) -> usize {
    store
        .requests(&RequestQuery::default())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn intake_is_idempotent_and_bad_input_stores_nothing() {
    let (app, store) = app_and_store().await;
    let d = delegate_of(store.as_ref(), "d@bra.example", "BRA").await;
    let t = token(store.as_ref(), &d).await;
    let staff = add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let st = token(store.as_ref(), &staff).await;

    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &t,
        Some(chinese_request()),
        Some("k-1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let first = r.json();
    assert_eq!(first["requester_id"], "BRA");
    assert_eq!(first["status"], "received");
    assert_eq!(first["attachments"][0]["filename"], "草案.pdf");
    assert!(first["ack_due"].as_str().unwrap() > "2026-01-01");
    let again = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &t,
        Some(chinese_request()),
        Some("k-1"),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["id"], first["id"]);
    let mut other = chinese_request();
    other["title"] = json!("另一个");
    let clash = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &t,
        Some(other),
        Some("k-1"),
    )
    .await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert_eq!(stored(&store).await, 1);

    // Each bad input: a clear error, nothing stored.
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = chinese_request();
        f(&mut v);
        v
    };
    let cases: Vec<(&str, &str, Value, StatusCode, &str)> = vec![
        (
            "delegate",
            "text",
            with(&|v| v["text"] = json!("字".repeat(30_000))),
            StatusCode::PAYLOAD_TOO_LARGE,
            "text_too_large",
        ),
        (
            "delegate",
            "attachment",
            with(&|v| {
                v["attachments"][0]["content_base64"] = json!(
                    base64::engine::general_purpose::STANDARD
                        .encode(vec![7u8; 4 * 1024 * 1024 + 1])
                )
            }),
            StatusCode::PAYLOAD_TOO_LARGE,
            "attachment_too_large",
        ),
        (
            "delegate",
            "date",
            with(&|v| v["deadline"] = json!("2026-02-30")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_date",
        ),
        (
            "delegate",
            "past",
            with(&|v| v["deadline"] = json!("2001-01-01")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "deadline_in_past",
        ),
        (
            "delegate",
            "other member",
            with(&|v| {
                v["requester_kind"] = json!("member");
                v["requester_id"] = json!("IND");
            }),
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
        (
            "staff",
            "unknown member",
            with(&|v| {
                v["requester_kind"] = json!("member");
                v["requester_id"] = json!("XXX");
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_member",
        ),
        (
            "staff",
            "no requester",
            chinese_request(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_requester",
        ),
        (
            "delegate",
            "mode",
            with(&|v| v["mode"] = json!("magic")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_mode",
        ),
        (
            "delegate",
            "title",
            with(&|v| v["title"] = json!("  ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_title",
        ),
        (
            "delegate",
            "base64",
            with(&|v| v["attachments"][0]["content_base64"] = json!("***")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_attachment",
        ),
        // PostgreSQL cannot store a NUL in text and SQLite would: refused
        // before either sees it.
        (
            "delegate",
            "nul in the title",
            with(&|v| v["title"] = json!("Fisheries\u{0}subsidies")),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "delegate",
            "nul in the text",
            with(&|v| v["text"] = json!("\u{0}")),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ];
    for (who, what, body, status, code) in cases {
        let tok = if who == "staff" { &st } else { &t };
        let r = api(
            &app,
            Method::POST,
            "/api/v1/requests",
            tok,
            Some(body),
            None,
        )
        .await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], code, "{what}");
        assert_eq!(stored(&store).await, 1, "{what}: nothing stored");
    }
    // Without a token, or with a session cookie only: 401, nothing stored.
    let r = post(
        &app,
        "/api/v1/requests",
        "application/json",
        chinese_request().to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&store).await, 1);
    // Staff log a request received by email for a group.
    let mut by_email = chinese_request();
    by_email["requester_kind"] = json!("group");
    by_email["requester_id"] = json!("g77");
    by_email["channel"] = json!("email");
    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &st,
        Some(by_email.clone()),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["channel"], "email");
    by_email["requester_id"] = json!("BRA");
    by_email["requester_kind"] = json!("member");
    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &t,
        Some(by_email),
        None,
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "delegates do not log emails"
    );
}

#[tokio::test]
async fn a_request_lives_from_triage_to_delivery_and_others_never_see_it() {
    let (app, store) = app_and_store().await;
    let plan = Plan::embedded_2026_2028();
    let programme = plan.programmes[0].id.clone();
    let theme = plan
        .themes
        .iter()
        .find(|t| t.lead == programme)
        .unwrap()
        .id
        .clone();
    let bra = delegate_of(store.as_ref(), "d@bra.example", "BRA").await;
    let ind = delegate_of(store.as_ref(), "d@ind.example", "IND").await;
    let m = add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let c = add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    let s = add_account(store.as_ref(), "s@southcentre.example", Role::Staff).await;
    let (tb, ti, tm, tc, ts) = (
        token(store.as_ref(), &bra).await,
        token(store.as_ref(), &ind).await,
        token(store.as_ref(), &m).await,
        token(store.as_ref(), &c).await,
        token(store.as_ref(), &s).await,
    );
    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &tb,
        Some(chinese_request()),
        None,
    )
    .await;
    let id = r.json()["id"].as_i64().unwrap();
    let url = format!("/api/v1/requests/{id}");
    let changes = format!("{url}/changes");

    // Another country's delegate: 403 on the request and its history, and
    // not in any list.
    for path in [
        url.clone(),
        format!("{url}/history"),
        format!("{url}/attachments/1"),
    ] {
        let r = api(&app, Method::GET, &path, &ti, None, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
    }
    for q in ["", "?scope=all", "?requester=member:BRA"] {
        let r = api(
            &app,
            Method::GET,
            &format!("/api/v1/requests{q}"),
            &ti,
            None,
            None,
        )
        .await;
        assert!(
            r.status == StatusCode::FORBIDDEN
                || r.json()["requests"].as_array().unwrap().is_empty(),
            "{q}: {}",
            r.body
        );
    }
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ti,
        Some(json!({"action": "comment", "text": "hi"})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Staff not assigned see nothing either.
    assert_eq!(
        api(&app, Method::GET, &url, &ts, None, None).await.status,
        StatusCode::FORBIDDEN
    );

    // Management routes it to the coordinator's programme.
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tm,
        Some(json!({
            "action": "triage", "themes": [theme], "lead": programme, "supporting": [], "sdgs": [14]
        })),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "triaged");
    // The delegate may not work on it; staff may not assign.
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tb,
        Some(json!({"action": "status", "status": "in-progress"})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The coordinator assigns staff.
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tc,
        Some(json!({"action": "assign", "assignees": [s.id]})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "assigned");
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tc,
        Some(json!({"action": "assign", "assignees": [bra.id]})),
        None,
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only the Secretariat is assigned"
    );
    // Staff work on it.
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        Some(json!({"action": "status", "status": "delivered"})),
        None,
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "assigned → delivered skips a step: {}",
        r.body
    );
    for status in ["in-progress", "delivered"] {
        let r = api(
            &app,
            Method::POST,
            &changes,
            &ts,
            Some(json!({"action": "status", "status": status})),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        Some(json!({"action": "link", "kind": "output", "target": 999})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["code"], "unknown_output");
    // A confidential output of another programme, which staff may not read,
    // is answered exactly as one that does not exist (and is not linked).
    let secret = store
        .create_output(
            southdesk_plan::outputs::NewOutput {
                output_type: southdesk_plan::outputs::OutputType::AdvisoryNote,
                series: None,
                number: None,
                date: time::macros::date!(2026 - 03 - 01),
                visibility: southdesk_plan::outputs::Visibility::Confidential,
                versions: vec![southdesk_plan::outputs::OutputVersion {
                    lang: southdesk_plan::Lang::En,
                    title: "Confidential advice".into(),
                    abstract_: String::new(),
                    body: "Text".into(),
                    file: None,
                }],
                authors: vec![],
                programmes: vec![plan.programmes[1].id.clone()],
                forums: vec![],
                meetings: vec![],
                countries: vec![],
                themes: vec![],
                sdgs: vec![],
                tags_confirmed: true,
                proposed_tags: vec![],
            },
            None,
        )
        .await
        .unwrap();
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        Some(json!({"action": "link", "kind": "output", "target": secret.id})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "unknown_output");
    assert_eq!(
        r.json()["error"]["message"],
        format!("there is no output {}", secret.id)
    );
    // A meeting that does not exist is refused; one that exists is linked.
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        Some(json!({"action": "link", "kind": "meeting", "target": 999})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["code"], "unknown_meeting");
    let m = api(
        &app,
        Method::POST,
        "/api/v1/meetings",
        &tc,
        Some(json!({
            "title": "TRIPS Council",
            "start": "2026-06-10T10:00",
            "end": "2026-06-10T13:00",
            "time_zone": "Europe/Zurich"
        })),
        None,
    )
    .await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.body);
    let meeting = m.json()["id"].as_i64().unwrap();
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        Some(json!({"action": "link", "kind": "meeting", "target": meeting})),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for (text, internal) in [("内部备注", true), ("The brief is attached.", false)] {
        let r = api(
            &app,
            Method::POST,
            &changes,
            &ts,
            Some(json!({"action": "comment", "text": text, "internal": internal})),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tb,
        Some(json!({"action": "comment", "text": "x", "internal": true})),
        None,
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "delegates write no internal comments"
    );

    // The delegate sees the new status, not the internal comment.
    let r = api(&app, Method::GET, &url, &tb, None, None).await;
    assert_eq!(r.json()["status"], "delivered");
    let h = api(
        &app,
        Method::GET,
        &format!("{url}/history"),
        &tb,
        None,
        None,
    )
    .await
    .json();
    let comments: Vec<&str> = h["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(comments, ["The brief is attached."]);
    let h = api(
        &app,
        Method::GET,
        &format!("{url}/history"),
        &tm,
        None,
        None,
    )
    .await
    .json();
    assert_eq!(h["comments"].as_array().unwrap().len(), 2);
    let kinds: Vec<&str> = h["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "received", "triaged", "assigned", "status", "status", "linked", "comment", "comment"
        ]
    );
    // Queues and inboxes.
    let mine = api(&app, Method::GET, "/api/v1/requests", &ts, None, None)
        .await
        .json();
    assert_eq!(mine["requests"][0]["id"], id);
    let theirs = api(
        &app,
        Method::GET,
        &format!("/api/v1/requests?programme={programme}"),
        &tc,
        None,
        None,
    )
    .await
    .json();
    assert_eq!(theirs["requests"][0]["id"], id);
    let inbox = api(&app, Method::GET, "/api/v1/inbox", &ts, None, None)
        .await
        .json();
    assert_eq!(inbox["items"][0]["kind"], "assigned");
    let inbox = api(&app, Method::GET, "/api/v1/inbox", &tb, None, None)
        .await
        .json();
    let kinds: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"received") && kinds.contains(&"status"),
        "{kinds:?}"
    );
    let att = api(
        &app,
        Method::GET,
        &format!("{url}/attachments/1"),
        &tb,
        None,
        None,
    )
    .await;
    assert_eq!(att.status, StatusCode::OK);
    assert_eq!(att.body, "%PDF draft");
}

#[tokio::test]
async fn the_openapi_document_describes_the_request_desk() {
    let app = app().await;
    let doc = get(&app, "/api/openapi.json").await.json();
    for path in [
        "/api/v1/requests",
        "/api/v1/requests/{id}",
        "/api/v1/requests/{id}/changes",
        "/api/v1/requests/{id}/history",
        "/api/v1/inbox",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let params = doc["paths"]["/api/v1/requests"]["post"]["parameters"].to_string();
    assert!(params.contains("Idempotency-Key"), "{params}");
}
