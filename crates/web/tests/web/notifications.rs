//! Notifications over real SMTP: a small SMTP sink on 127.0.0.1 written
//! here receives the emails of receipt, assignment and status changes;
//! a failed delivery is retried; overdue notices are written once a day.

use std::sync::{Arc, Mutex};

use crate::common::accounts::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use southdesk_plan::{Plan, Role};
use southdesk_store::Store;
use southdesk_web::desk::notify::{self, SmtpConfig};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message the sink accepted.
#[derive(Debug, Clone)]
struct Mail {
    to: Vec<String>,
    data: String,
}

impl Mail {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .unwrap_or_else(|| panic!("not a message: {}", self.data))
    }

    /// The subject, decoded.
    fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    /// The text body, decoded, with the wire's CRLF line ends as LF.
    fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .unwrap_or_default()
            .replace("\r\n", "\n")
    }
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
                            // Undo the sender's dot-stuffing (RFC 5321 4.5.2).
                            data.push_str(
                                l.strip_prefix('.')
                                    .filter(|r| r.starts_with('.'))
                                    .unwrap_or(&l),
                            );
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
    southdesk_store::credentials::create_api_token(store, id, "t")
        .await
        .unwrap()
        .1
}

/// Management triages request `id` to `theme`, led by the plan's first programme.
async fn triage(app: &axum::Router, token: &str, id: i64, theme: &str) {
    let programme = Plan::embedded_2026_2028().programmes[0].id.clone();
    let r = api(
        app,
        Method::POST,
        &format!("/api/v1/requests/{id}/changes"),
        token,
        json!({"action": "triage", "themes": [theme], "lead": programme}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
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
        assert_eq!(got[0].subject(), "Request received: Fisheries");
        let text = got[0].text();
        // English first (the request's language), then the other three.
        assert!(
            text.starts_with("Your request “Fisheries” on behalf of Brazil"),
            "{text}"
        );
        assert!(
            text.contains("巴西") && text.contains("Brésil") && text.contains("Brasil"),
            "{text}"
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
        assert_eq!(
            got[2].subject(),
            format!("Request #{id} assigned to you: Fisheries")
        );
        assert!(
            got[2].text().contains("was assigned to you"),
            "{}",
            got[2].text()
        );
        assert!(
            got[3].text().contains("is now: In progress."),
            "{}",
            got[3].text()
        );
        assert!(got[3].text().contains("En cours"), "{}", got[3].text());
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
            .filter_map(|i| i.request_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        southdesk_web::desk::workflow::notify_overdue(
            store.as_ref(),
            tomorrow,
            &Default::default()
        )
        .await
        .unwrap(),
        0
    );
    let far = tomorrow + time::Duration::days(1);
    assert_eq!(
        southdesk_web::desk::workflow::notify_overdue(store.as_ref(), far, &Default::default())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        southdesk_web::desk::workflow::notify_overdue(store.as_ref(), far, &Default::default())
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
            .any(|m| m.to == ["staff@southcentre.example"]
                && m.subject() == format!("Request #{late} is overdue: Late"))
    );
}

#[tokio::test]
async fn a_request_in_chinese_is_answered_in_chinese_first_then_in_the_other_languages() {
    let (port, mails) = smtp_sink().await;
    let smtp = SmtpConfig::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let (app, store) = app_and_store().await;
    let d = add_account(store.as_ref(), "zh@bra.example", Role::Delegate).await;
    let m = add_account(store.as_ref(), "m-zh@southcentre.example", Role::Management).await;
    let td = token(store.as_ref(), d.id).await;
    let tm = token(store.as_ref(), m.id).await;
    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &td,
        json!({
            "contact": "代表团", "title": "渔业补贴谈判", "lang": "zh", "mode": "policy-advice",
            "text": "请分析世贸组织渔业补贴协定第二阶段谈判的最新案文。"
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    triage(&app, &tm, id, "trade").await;
    assert_eq!(
        notify::deliver_due(store.as_ref(), &smtp)
            .await
            .unwrap()
            .sent,
        2
    );
    let got = mails.lock().unwrap().clone();
    assert_eq!(got[0].subject(), "已收到请求：渔业补贴谈判");
    let text = got[0].text();
    let parts: Vec<&str> = text.split("\n\n---\n\n").collect();
    assert_eq!(parts.len(), 4, "{text}");
    assert!(
        parts[0].starts_with("您代表巴西提交的请求“渔业补贴谈判”"),
        "{}",
        parts[0]
    );
    assert!(
        parts[1].starts_with("Your request “渔业补贴谈判” on behalf of Brazil"),
        "{}",
        parts[1]
    );
    assert!(parts[2].starts_with("Votre demande"), "{}", parts[2]);
    assert!(parts[3].starts_with("Su solicitud"), "{}", parts[3]);
    assert_eq!(got[1].subject(), format!("请求 #{id} 已确认：渔业补贴谈判"));
    // The inbox keeps its own kinds.
    let kinds: Vec<String> = store
        .inbox(d.id, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.kind)
        .collect();
    assert_eq!(kinds, ["status", "received"]);
}

#[tokio::test]
async fn the_desk_emails_only_the_kinds_it_is_told_to_and_links_to_the_request() {
    let (port, mails) = smtp_sink().await;
    let smtp = SmtpConfig::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let store = seeded_store().await;
    let app = southdesk_web::router(southdesk_web::AppState::new(store.clone()).with_mail(
        southdesk_web::app::state::MailSettings {
            email_on: southdesk_web::app::state::MailSettings::parse_email_on("status").unwrap(),
            link_base: Some("https://desk.example".into()),
        },
    ));
    let d = add_account(store.as_ref(), "only@bra.example", Role::Delegate).await;
    let m = add_account(
        store.as_ref(),
        "m-only@southcentre.example",
        Role::Management,
    )
    .await;
    let (td, tm) = (
        token(store.as_ref(), d.id).await,
        token(store.as_ref(), m.id).await,
    );
    let r = api(
        &app,
        Method::POST,
        "/api/v1/requests",
        &td,
        json!({
            "contact": "mission", "title": "Debt", "text": "Sovereign debt restructuring options.",
            "mode": "research"
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(
        notify::deliver_due(store.as_ref(), &smtp)
            .await
            .unwrap()
            .sent,
        0,
        "no email on receipt"
    );
    triage(&app, &tm, id, "finance").await;
    assert_eq!(
        notify::deliver_due(store.as_ref(), &smtp)
            .await
            .unwrap()
            .sent,
        1
    );
    let got = mails.lock().unwrap().clone();
    let text = got[0].text();
    assert!(
        text.trim_end()
            .ends_with(&format!("\n\nhttps://desk.example/requests/{id}")),
        "{text}"
    );
    // The inbox has both all the same.
    assert_eq!(store.inbox(d.id, 0).await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_acknowledgement_deadline_is_the_desks_setting() {
    let (port, mails) = smtp_sink().await;
    let smtp = SmtpConfig::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let store = seeded_store().await;
    let app = southdesk_web::router(
        southdesk_web::AppState::new(store.clone()).with_ack_working_days(10),
    );
    let d = add_account(store.as_ref(), "ack@bra.example", Role::Delegate).await;
    let td = token(store.as_ref(), d.id).await;
    let r = api(&app, Method::POST, "/api/v1/requests", &td, json!({
        "contact": "mission", "title": "Ack", "text": "Trade and investment.", "mode": "research"
    }))
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let today = southdesk_web::desk::workflow::today();
    let due = southdesk_web::desk::workflow::calendar().add_working_days(today, 10);
    assert_eq!(r.json()["ack_due"], due.to_string());
    assert_ne!(
        due,
        southdesk_web::desk::workflow::calendar().add_working_days(today, 3)
    );
    notify::deliver_due(store.as_ref(), &smtp).await.unwrap();
    let text = mails.lock().unwrap()[0].text();
    assert!(text.contains("within 10 working days"), "{text}");
}

/// The requester hears of an answer in the request's language, with a link
/// to the output when they may open it, and without one when they may not.
#[tokio::test]
async fn the_delivery_message_is_in_the_requests_language() {
    use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};
    use southdesk_web::{AppState, router};

    let store = seeded_store().await;
    let state = AppState::new(store.clone());
    let app = router(state.clone());
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let d = add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let delegate = login(&app, "d@bra.example", PASSWORD).await;
    let r = request(
        &app,
        Method::POST,
        "/requests",
        Some(&delegate),
        &[
            ("title", "渔业补贴谈判"),
            ("text", "请为世贸组织渔业补贴协定的谈判提供政策建议。"),
            ("contact", "巴西常驻代表团"),
            ("lang", "zh"),
            ("mode", "policy-advice"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = store.requests(&Default::default()).await.unwrap()[0].id;
    let new_output = |title: &str, visibility| NewOutput {
        output_type: OutputType::PolicyBrief,
        series: None,
        number: None,
        date: time::macros::date!(2026 - 03 - 01),
        visibility,
        versions: vec![OutputVersion {
            lang: southdesk_plan::Lang::En,
            title: title.into(),
            abstract_: String::new(),
            body: "Text".into(),
            file: None,
        }],
        authors: vec![],
        programmes: vec![],
        forums: vec![],
        meetings: vec![],
        countries: vec![],
        themes: vec![],
        sdgs: vec![],
        tags_confirmed: false,
        proposed_tags: vec![],
    };
    let public = state
        .catalogue()
        .create(
            new_output("Fisheries subsidies: a briefing", Visibility::Public),
            None,
        )
        .await
        .unwrap();
    let internal = state
        .catalogue()
        .create(new_output("Internal notes", Visibility::Internal), None)
        .await
        .unwrap();
    for (o, extra) in [(&public, None), (&internal, Some(("confirm", "1")))] {
        let target = o.id.to_string();
        let mut fields = vec![
            ("action", "link"),
            ("kind", "output"),
            ("target", target.as_str()),
        ];
        fields.extend(extra);
        let r = request(
            &app,
            Method::POST,
            &format!("/requests/{id}/changes"),
            Some(&m),
            &fields,
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let later = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
    let mails = store.due_notifications(later, 100).await.unwrap();
    let delivered: Vec<_> = mails
        .iter()
        .filter(|m| m.email == d.email && m.subject.contains("已答复"))
        .collect();
    assert_eq!(delivered.len(), 2, "{mails:#?}");
    assert_eq!(
        delivered[0].subject,
        format!("请求 #{id} 已答复：渔业补贴谈判")
    );
    let first = delivered[0].body.split("\n\n---\n\n").next().unwrap();
    assert!(
        first.starts_with("南方中心以《Fisheries subsidies: a briefing》答复"),
        "{first}"
    );
    assert!(
        first.contains(&format!("/outputs/{}", public.id)),
        "{first}"
    );
    let first = delivered[1].body.split("\n\n---\n\n").next().unwrap();
    assert!(first.contains("《Internal notes》"), "{first}");
    assert!(
        !first.contains(&format!("/outputs/{}", internal.id)),
        "no link they cannot open: {first}"
    );
    // The inbox says it too, in the reader's language.
    let inbox = get_with(
        &app,
        "/inbox?lang=zh",
        &[("cookie", &session_cookie(&delegate.cookie))],
    )
    .await;
    assert!(
        inbox
            .body
            .contains("请求《渔业补贴谈判》：已交付成果《Fisheries subsidies: a briefing》"),
        "{}",
        inbox.body
    );
}
