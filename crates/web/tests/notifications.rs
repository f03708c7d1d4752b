//! Notifications over real SMTP: a small SMTP sink on 127.0.0.1 written
//! here receives the emails of receipt, assignment and status changes;
//! a failed delivery is retried; overdue notices are written once a day.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::accounts::*;
use common::*;
use serde_json::{Value, json};
use southdesk_plan::{Plan, Role};
use southdesk_store::Store;
use southdesk_web::notify::{self, SmtpConfig};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message the sink accepted.
#[derive(Debug, Clone)]
struct Mail {
    to: Vec<String>,
    data: String,
}

/// An SMTP server that accepts every message, on a free loopback port.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let store = mails.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut to = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                        b"250 OK\r\n"
                    } else if upper.starts_with("DATA") {
                        let _ = write.write_all(b"354 go on\r\n").await;
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        store.lock().unwrap().push(Mail {
                            to: std::mem::take(&mut to),
                            data,
                        });
                        b"250 queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (port, mails)
}

async fn api(app: &axum::Router, method: Method, uri: &str, token: &str, body: Value) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}

async fn token(store: &dyn Store, id: i64) -> String {
    southdesk_web::auth::create_api_token(store, id, "t")
        .await
        .unwrap()
        .1
}

#[tokio::test]
async fn emails_go_out_over_smtp_with_retries_and_overdue_notices() {
    let (port, mails) = smtp_sink().await;
    let smtp = SmtpConfig::from_url(&format!(
        "smtp://127.0.0.1:{port}?from=desk@southcentre.example"
    ))
    .unwrap();
    let (app, store) = app_and_store().await;
    let d = add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let m = add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let s = add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let (td, tm, ts) = (
        token(store.as_ref(), d.id).await,
        token(store.as_ref(), m.id).await,
        token(store.as_ref(), s.id).await,
    );

    let r = api(&app, Method::POST, "/api/v1/requests", &td, json!({
        "contact": "mission", "title": "Fisheries", "text": "Analyse the fisheries subsidies draft.",
        "mode": "research"
    }))
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let pass = notify::deliver_due(store.as_ref(), &smtp).await.unwrap();
    assert_eq!((pass.sent, pass.failed), (1, 0));
    {
        let got = mails.lock().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].to, ["delegate@bra.example"]);
        assert!(
            got[0].data.contains("Subject: Request received: Fisheries"),
            "{}",
            got[0].data
        );
    }
    assert_eq!(
        notify::deliver_due(store.as_ref(), &smtp)
            .await
            .unwrap()
            .sent,
        0,
        "sent once"
    );

    // Triage and assignment: the delegate hears of the status, staff of
    // the assignment.
    let programme = Plan::embedded_2026_2028().programmes[0].id.clone();
    let changes = format!("/api/v1/requests/{id}/changes");
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tm,
        json!({"action": "triage", "themes": ["trade"], "lead": programme}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tm,
        json!({"action": "assign", "assignees": [s.id]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        json!({"action": "status", "status": "in-progress"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let pass = notify::deliver_due(store.as_ref(), &smtp).await.unwrap();
    assert_eq!(pass.sent, 3);
    {
        let got = mails.lock().unwrap();
        let to: Vec<&str> = got.iter().map(|m| m.to[0].as_str()).collect();
        assert_eq!(
            to,
            [
                "delegate@bra.example",
                "delegate@bra.example",
                "staff@southcentre.example",
                "delegate@bra.example"
            ]
        );
        assert!(got[2].data.contains("was assigned to you"));
        assert!(got[3].data.contains("is now in-progress"));
    }

    // The server is down: the email waits and is retried later.
    let r = api(
        &app,
        Method::POST,
        &changes,
        &ts,
        json!({"action": "status", "status": "delivered"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dead = SmtpConfig::from_url(&format!("smtp://127.0.0.1:{down}")).unwrap();
    let pass = notify::deliver_due(store.as_ref(), &dead).await.unwrap();
    assert_eq!((pass.sent, pass.failed), (0, 1));
    assert_eq!(
        notify::deliver_due(store.as_ref(), &smtp)
            .await
            .unwrap()
            .sent,
        0,
        "not before its retry time"
    );
    let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(2);
    let pass = notify::deliver_due_at(store.as_ref(), &smtp, later)
        .await
        .unwrap();
    assert_eq!(pass.sent, 1);
    assert_eq!(mails.lock().unwrap().len(), 5);

    // Overdue: a request past the deadline its requester gave warns the
    // people assigned, once a day.
    let tomorrow = time::OffsetDateTime::now_utc().date() + time::Duration::days(1);
    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &td,
        json!({
            "contact": "mission", "title": "Late", "text": "Something urgent.", "mode": "research",
            "deadline": tomorrow.to_string()
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let late = r.json()["id"].as_i64().unwrap();
    let changes = format!("/api/v1/requests/{late}/changes");
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tm,
        json!({"action": "triage", "themes": ["trade"], "lead": programme}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = api(
        &app,
        Method::POST,
        &changes,
        &tm,
        json!({"action": "assign", "assignees": [s.id]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let overdue_of = |items: Vec<southdesk_store::requests::InboxItem>| {
        items
            .into_iter()
            .filter(|i| i.kind == "overdue")
            .map(|i| i.request_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        southdesk_web::desk::notify_overdue(store.as_ref(), tomorrow)
            .await
            .unwrap(),
        0
    );
    let far = tomorrow + time::Duration::days(1);
    assert_eq!(
        southdesk_web::desk::notify_overdue(store.as_ref(), far)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        southdesk_web::desk::notify_overdue(store.as_ref(), far)
            .await
            .unwrap(),
        0,
        "once a day"
    );
    assert_eq!(overdue_of(store.inbox(s.id, 0).await.unwrap()), [late]);
    let before = mails.lock().unwrap().len();
    notify::deliver_due(store.as_ref(), &smtp).await.unwrap();
    let got = mails.lock().unwrap();
    assert!(
        got[before..]
            .iter()
            .any(|m| m.to == ["staff@southcentre.example"] && m.data.contains("is overdue"))
    );
}
