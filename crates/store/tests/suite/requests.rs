//! Stories of the [`RequestStore`] aggregate: intake, idempotency,
//! transitions, history, visibility queries, notifications.

use std::sync::Arc;

use southdesk_plan::Role;
use southdesk_plan::requests::{
    Channel, DeclineReason, LinkKind, Mode, Requester, Routing, Status,
};
use southdesk_store::requests::{
    Change, Idempotency, NewAttachment, NewRequest, Notice, RequestQuery,
};
use southdesk_store::{Store, StoreError};
use time::macros::date;
use time::{Duration, OffsetDateTime};

use super::accounts::new_account;

fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.microsecond() * 1000).unwrap()
}

pub fn new_request(by: i64, requester: Requester, title: &str) -> NewRequest {
    NewRequest {
        submitted_by: by,
        requester,
        contact: "mission@example.org".into(),
        title: title.into(),
        text: "请分析渔业补贴协定草案。\n\"quotes\" \\ 🌍".into(),
        lang: "zh".into(),
        mode: Mode::PolicyAdvice,
        forum: Some("WTO".into()),
        meeting: Some("MC14".into()),
        deadline: Some(date!(2026 - 06 - 30)),
        confidential: true,
        channel: Channel::Web,
        received_at: now(),
        ack_due: date!(2026 - 03 - 05),
        routing: Routing {
            themes: vec!["trade".into(), "health".into()],
            lead: Some("ggdp".into()),
            supporting: vec!["hip".into()],
            out_of_plan: false,
        },
        sdgs: vec![14, 17],
        tags_json: "{\"themes\":[]}".into(),
        attachments: vec![],
        idempotency: None,
        notify: vec![],
    }
}

fn attachment(name: &str, bytes: &[u8]) -> NewAttachment {
    NewAttachment {
        filename: name.into(),
        content_type: "application/pdf".into(),
        sha256: southdesk_common::sha256_hex(bytes),
        bytes: bytes.to_vec(),
    }
}

fn notice(account_id: i64, kind: &str) -> Notice {
    Notice {
        account_id,
        email: format!("{account_id}@example.org"),
        kind: kind.into(),
        subject: format!("Request {kind}"),
        body: "body".into(),
        send_email: true,
        detail: String::new(),
    }
}

async fn count(store: &dyn Store) -> usize {
    store
        .requests(&RequestQuery::default())
        .await
        .unwrap()
        .len()
}

pub async fn intake_is_atomic_with_attachments_and_history(store: &dyn Store) {
    let d = store
        .create_account(new_account("d@bra.example", Role::Delegate))
        .await
        .unwrap();
    let mut new = new_request(d.id, Requester::Member("BRA".into()), "Fisheries subsidies");
    new.attachments = vec![
        attachment("draft.pdf", b"%PDF-1.7 draft"),
        attachment("copy.pdf", b"%PDF-1.7 draft"),
        attachment("notes.txt", &[0, 159, 146, 150, 255]),
    ];
    new.notify = vec![notice(d.id, "received")];
    let s = store.submit_request(new.clone()).await.unwrap();
    assert!(s.created);
    let r = store.request(s.request.id).await.unwrap().unwrap();
    assert_eq!(r, s.request);
    assert_eq!(r.status, Status::Received);
    assert_eq!(r.text, new.text);
    assert_eq!(r.routing, new.routing);
    assert_eq!(r.sdgs, [14, 17]);
    assert_eq!(r.deadline, Some(date!(2026 - 06 - 30)));
    assert!(r.confidential);
    assert_eq!(r.attachments.len(), 3);
    let (meta, bytes) = store
        .attachment(r.id, r.attachments[2].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(meta.filename, "notes.txt");
    assert_eq!(bytes, [0, 159, 146, 150, 255]);
    assert!(
        store
            .attachment(r.id + 1, r.attachments[2].id)
            .await
            .unwrap()
            .is_none()
    );

    let events = store.request_events(r.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, "received");
    assert_eq!(events[0].to_status, Some(Status::Received));
    assert_eq!(events[0].actor, d.id);
    let inbox = store.inbox(d.id, 0).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert!(!inbox[0].read);
    store.mark_inbox_read(d.id, inbox[0].id).await.unwrap();
    assert!(store.inbox(d.id, 0).await.unwrap()[0].read);
    assert_eq!(
        store
            .mark_inbox_read(d.id + 99, inbox[0].id)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    let due = store
        .due_notifications(now() + Duration::seconds(1), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].email, format!("{}@example.org", d.id));

    // A submission that fails half-way (its notice names no account)
    // leaves nothing: no request, no blob, no event.
    let mut bad = new_request(d.id, Requester::Member("BRA".into()), "Half");
    bad.attachments = vec![attachment("new.pdf", b"never stored")];
    bad.notify = vec![notice(d.id + 1000, "received")];
    store.submit_request(bad).await.unwrap_err();
    assert_eq!(count(store).await, 1);
    let mut unknown = new_request(d.id + 1000, Requester::Member("BRA".into()), "Nobody");
    unknown.idempotency = Some(Idempotency {
        key: "k".into(),
        fingerprint: "f".into(),
    });
    store.submit_request(unknown).await.unwrap_err();
    assert_eq!(count(store).await, 1);
    let e = store
        .submit_request(new_request(d.id, Requester::Member("BRA".into()), " "))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert_eq!(count(store).await, 1);
}

pub async fn idempotent_submission_under_concurrent_retries(store: Arc<dyn Store>) {
    let d = store
        .create_account(new_account("retry@bra.example", Role::Delegate))
        .await
        .unwrap();
    let other = store
        .create_account(new_account("other@bra.example", Role::Delegate))
        .await
        .unwrap();
    let key = |fp: &str| {
        Some(Idempotency {
            key: "2026-03-02-fisheries".into(),
            fingerprint: fp.into(),
        })
    };
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let store = store.clone();
        let mut new = new_request(d.id, Requester::Member("BRA".into()), "Retried");
        new.idempotency = key("same");
        new.attachments = vec![attachment("a.pdf", b"attachment")];
        tasks.spawn(async move { store.submit_request(new).await });
    }
    let mut ids = Vec::new();
    let mut created = 0;
    while let Some(r) = tasks.join_next().await {
        let s = r.unwrap().expect("every retry succeeds");
        created += usize::from(s.created);
        ids.push(s.request.id);
    }
    assert_eq!(created, 1, "one of 8 concurrent retries creates");
    ids.dedup();
    assert_eq!(ids.len(), 1, "all get the same request");
    assert_eq!(count(store.as_ref()).await, 1);

    // The same key with another content: a conflict, nothing stored.
    let mut changed = new_request(d.id, Requester::Member("BRA".into()), "Changed");
    changed.idempotency = key("different");
    let e = store.submit_request(changed).await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");
    // Keys are per account.
    let mut theirs = new_request(other.id, Requester::Member("BRA".into()), "Theirs");
    theirs.idempotency = key("same");
    assert!(store.submit_request(theirs).await.unwrap().created);
    assert_eq!(count(store.as_ref()).await, 2);
}

pub async fn transitions_follow_the_rules_and_are_recorded(store: &dyn Store) {
    let d = store
        .create_account(new_account("d2@bra.example", Role::Delegate))
        .await
        .unwrap();
    let c = store
        .create_account(new_account("c@southcentre.example", Role::Coordinator))
        .await
        .unwrap();
    let s = store
        .create_account(new_account("s@southcentre.example", Role::Staff))
        .await
        .unwrap();
    let id = store
        .submit_request(new_request(d.id, Requester::Member("BRA".into()), "Life"))
        .await
        .unwrap()
        .request
        .id;
    let status = |to| Change::Status { to, decline: None };

    let e = store
        .change_request(id, c.id, status(Status::Delivered), vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    let e = store
        .change_request(id, c.id, Change::Assign { assignees: vec![] }, vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid");

    let routing = Routing {
        themes: vec!["health".into()],
        lead: Some("hip".into()),
        supporting: vec!["ggdp".into()],
        out_of_plan: false,
    };
    let r = store
        .change_request(
            id,
            c.id,
            Change::Triage {
                routing: routing.clone(),
                sdgs: vec![3],
            },
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(r.status, Status::Triaged);
    assert_eq!(r.routing, routing);
    assert!(r.acknowledged_at.is_some());
    let e = store
        .change_request(
            id,
            c.id,
            Change::Assign {
                assignees: vec![s.id, 999_999],
            },
            vec![],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    assert!(
        store
            .request(id)
            .await
            .unwrap()
            .unwrap()
            .assignees
            .is_empty()
    );
    let r = store
        .change_request(
            id,
            c.id,
            Change::Assign {
                assignees: vec![s.id],
            },
            vec![notice(s.id, "assigned")],
        )
        .await
        .unwrap();
    assert_eq!(r.status, Status::Assigned);
    assert_eq!(r.assignees, [s.id]);
    assert_eq!(store.inbox(s.id, 0).await.unwrap().len(), 1);
    // A notice for the inbox only writes no email.
    let due = || async {
        store
            .due_notifications(now() + Duration::seconds(1), 100)
            .await
            .unwrap()
            .len()
    };
    let emails = due().await;
    store
        .change_request(
            id,
            c.id,
            Change::Comment {
                text: "Noted.".into(),
                internal: true,
            },
            vec![Notice {
                send_email: false,
                ..notice(s.id, "comment")
            }],
        )
        .await
        .unwrap();
    assert_eq!(store.inbox(s.id, 0).await.unwrap().len(), 2);
    assert_eq!(due().await, emails);
    for to in [Status::InProgress, Status::Delivered] {
        let r = store
            .change_request(id, s.id, status(to), vec![])
            .await
            .unwrap();
        assert_eq!(r.status, to);
    }
    store
        .change_request(
            id,
            s.id,
            Change::Link {
                kind: LinkKind::Output,
                target: 42,
            },
            vec![],
        )
        .await
        .unwrap();
    store
        .change_request(
            id,
            s.id,
            Change::Comment {
                text: "Sent the brief.".into(),
                internal: false,
            },
            vec![],
        )
        .await
        .unwrap();
    store
        .change_request(
            id,
            s.id,
            Change::Comment {
                text: "Took 3 days.".into(),
                internal: true,
            },
            vec![],
        )
        .await
        .unwrap();
    let r = store
        .change_request(id, c.id, status(Status::Closed), vec![])
        .await
        .unwrap();
    assert_eq!(r.status, Status::Closed);
    assert!(r.delivered_at.is_some());

    let links = store.request_links(id).await.unwrap();
    assert_eq!((links[0].kind, links[0].target), (LinkKind::Output, 42));
    let comments = store.request_comments(id).await.unwrap();
    assert_eq!(comments.len(), 3);
    assert!(comments[0].internal, "the inbox-only note");
    assert!(comments[2].internal);
    let kinds: Vec<String> = store
        .request_events(id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{}:{}", e.kind, e.to_status.map_or("-", |s| s.as_str())))
        .collect();
    assert_eq!(
        kinds,
        [
            "received:received",
            "triaged:triaged",
            "assigned:assigned",
            "comment:-",
            "status:in-progress",
            "status:delivered",
            "linked:-",
            "comment:-",
            "comment:-",
            "status:closed",
        ]
    );

    // Declining needs a reason; a declined request stays declined.
    let id2 = store
        .submit_request(new_request(d.id, Requester::Member("BRA".into()), "No"))
        .await
        .unwrap()
        .request
        .id;
    let e = store
        .change_request(id2, c.id, status(Status::Declined), vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    let r = store
        .change_request(
            id2,
            c.id,
            Change::Status {
                to: Status::Declined,
                decline: Some((DeclineReason::OutsideMandate, "Not our field.".into())),
            },
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(r.status, Status::Declined);
    assert_eq!(r.decline_reason, Some(DeclineReason::OutsideMandate));
    assert_eq!(r.decline_note.as_deref(), Some("Not our field."));
    let e = store
        .change_request(id2, c.id, status(Status::Triaged), vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict");
    let e = store
        .change_request(999_999, c.id, status(Status::Triaged), vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

pub async fn requests_are_listed_by_party_programme_assignee_and_overdue(store: &dyn Store) {
    let d = store
        .create_account(new_account("d3@bra.example", Role::Delegate))
        .await
        .unwrap();
    let s = store
        .create_account(new_account("s3@southcentre.example", Role::Staff))
        .await
        .unwrap();
    let bra = store
        .submit_request(new_request(d.id, Requester::Member("BRA".into()), "Brazil"))
        .await
        .unwrap()
        .request;
    let mut g = new_request(d.id, Requester::Group("g77".into()), "G77");
    g.routing = Routing {
        themes: vec!["health".into()],
        lead: Some("hip".into()),
        supporting: vec![],
        out_of_plan: false,
    };
    g.deadline = None;
    g.ack_due = date!(2026 - 12 - 31);
    let g77 = store.submit_request(g).await.unwrap().request;
    let ids =
        |v: Vec<southdesk_store::requests::Request>| v.iter().map(|r| r.id).collect::<Vec<_>>();
    let q = |f: fn(&mut RequestQuery)| {
        let mut q = RequestQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(
        ids(store.requests(&RequestQuery::default()).await.unwrap()),
        [g77.id, bra.id]
    );
    assert_eq!(
        ids(store
            .requests(&q(|q| q.requester = Some(Requester::Member("BRA".into()))))
            .await
            .unwrap()),
        [bra.id]
    );
    assert_eq!(
        ids(store
            .requests(&q(|q| q.requester = Some(Requester::Group("g77".into()))))
            .await
            .unwrap()),
        [g77.id]
    );
    // `hip` leads one and supports the other; `ggdp` leads only Brazil's.
    assert_eq!(
        ids(store
            .requests(&q(|q| q.programme = Some("hip".into())))
            .await
            .unwrap()),
        [g77.id, bra.id]
    );
    assert_eq!(
        ids(store
            .requests(&q(|q| q.programme = Some("ggdp".into())))
            .await
            .unwrap()),
        [bra.id]
    );
    assert!(
        store
            .requests(&q(|q| q.programme = Some("gg".into())))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ids(store
            .requests(&q(|q| q.overdue_on = Some(date!(2026 - 03 - 06))))
            .await
            .unwrap()),
        [bra.id]
    );
    assert!(
        store
            .requests(&q(|q| q.overdue_on = Some(date!(2026 - 03 - 05))))
            .await
            .unwrap()
            .is_empty()
    );
    // Triage reroutes: the queues follow the new lead and supporters.
    store
        .change_request(
            bra.id,
            s.id,
            Change::Triage {
                routing: Routing {
                    themes: vec!["trade".into()],
                    lead: Some("gg".into()),
                    supporting: vec!["hip".into()],
                    out_of_plan: false,
                },
                sdgs: vec![17],
            },
            vec![],
        )
        .await
        .unwrap();
    for (programme, expected) in [
        ("gg", vec![bra.id]),
        ("hip", vec![g77.id, bra.id]),
        ("ggdp", vec![]),
    ] {
        let q = RequestQuery {
            programme: Some(programme.into()),
            ..Default::default()
        };
        assert_eq!(
            ids(store.requests(&q).await.unwrap()),
            expected,
            "{programme}"
        );
    }
    store
        .change_request(
            bra.id,
            s.id,
            Change::Assign {
                assignees: vec![s.id],
            },
            vec![],
        )
        .await
        .unwrap();
    let mut mine = RequestQuery {
        assignee: Some(s.id),
        ..Default::default()
    };
    assert_eq!(ids(store.requests(&mine).await.unwrap()), [bra.id]);
    mine.open_only = true;
    assert_eq!(ids(store.requests(&mine).await.unwrap()), [bra.id]);
    assert_eq!(store.requests(&mine).await.unwrap()[0].assignees, [s.id]);

    // Overdue notices are written once per request and day.
    assert!(
        store
            .notify_overdue(bra.id, date!(2026 - 03 - 06), vec![notice(s.id, "overdue")])
            .await
            .unwrap()
    );
    assert!(
        !store
            .notify_overdue(bra.id, date!(2026 - 03 - 06), vec![notice(s.id, "overdue")])
            .await
            .unwrap()
    );
    let due = store
        .due_notifications(now() + Duration::seconds(1), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    store
        .notification_failed(due[0].id, "connection refused", now() + Duration::hours(1))
        .await
        .unwrap();
    assert!(
        store
            .due_notifications(now() + Duration::seconds(1), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let later = store
        .due_notifications(now() + Duration::hours(2), 10)
        .await
        .unwrap();
    assert_eq!(later[0].attempts, 1);
    store.notification_sent(later[0].id, now()).await.unwrap();
    assert!(
        store
            .due_notifications(now() + Duration::hours(3), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Migration 0006 indexes the programmes of the requests stored before it.
pub async fn programme_queues_cover_requests_stored_before_0006(store: &dyn Store, url: &str) {
    let d = store
        .create_account(new_account("d6@bra.example", Role::Delegate))
        .await
        .unwrap();
    let r = store
        .submit_request(new_request(d.id, Requester::Member("BRA".into()), "Before"))
        .await
        .unwrap()
        .request;
    // Back to the schema of 0005: no request_programmes, 0006 not applied.
    for sql in [
        "DROP TABLE request_programmes",
        "DROP INDEX requests_received",
        "DELETE FROM _sqlx_migrations WHERE version = 6",
    ] {
        super::raw_execute(store.backend(), url, sql.to_string()).await;
    }
    let again = southdesk_store::open(url).await.unwrap();
    for (programme, expected) in [("ggdp", vec![r.id]), ("hip", vec![r.id]), ("gg", vec![])] {
        let q = RequestQuery {
            programme: Some(programme.into()),
            ..Default::default()
        };
        let got: Vec<i64> = again
            .requests(&q)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(got, expected, "{programme}");
    }
    again.close().await;
}

/// The working views of the desk: filters, free-text search, sorts, paging,
/// facet counts and the reader's scope, all in SQL, the same on both
/// backends.
pub async fn requests_are_filtered_searched_sorted_and_paged(store: &dyn Store) {
    use southdesk_plan::authz::RequestScope;
    use southdesk_store::requests::{Reach, RequestOrder, SortKey};

    let d = store
        .create_account(new_account("d9@bra.example", Role::Delegate))
        .await
        .unwrap();
    let s = store
        .create_account(new_account("s9@southcentre.example", Role::Staff))
        .await
        .unwrap();
    let t0 = now() - Duration::days(10);
    let mut stored = Vec::new();
    // (requester, title, themes, lead, deadline, days after t0)
    type Row<'a> = (
        Requester,
        &'a str,
        &'a [&'a str],
        &'a str,
        Option<time::Date>,
        i64,
    );
    let rows: [Row; 4] = [
        (
            Requester::Member("BRA".into()),
            "Fisheries subsidies",
            &["trade"],
            "ggdp",
            Some(date!(2026 - 06 - 30)),
            0,
        ),
        (
            Requester::Member("IND".into()),
            "Vaccine patents 100%_sure",
            &["health"],
            "hip",
            None,
            1,
        ),
        (
            Requester::Group("g77".into()),
            "Débt restructuring",
            &["trade", "health"],
            "ggdp",
            Some(date!(2026 - 04 - 01)),
            2,
        ),
        (
            Requester::Member("BRA".into()),
            "渔业补贴 follow-up",
            &["trade"],
            "hip",
            Some(date!(2026 - 05 - 01)),
            3,
        ),
    ];
    for (requester, title, themes, lead, deadline, day) in rows {
        let mut n = new_request(d.id, requester, title);
        n.routing = Routing {
            themes: themes.iter().map(|t| t.to_string()).collect(),
            lead: Some(lead.into()),
            supporting: vec![],
            out_of_plan: false,
        };
        n.deadline = deadline;
        n.received_at = t0 + Duration::days(day);
        n.text = format!("Body of {title}");
        stored.push(store.submit_request(n).await.unwrap().request.id);
    }
    let [fish, vaccine, debt, yuye] = stored[..] else {
        unreachable!()
    };
    // The vaccine request is delivered, the debt one assigned to staff.
    for to in [
        Status::Triaged,
        Status::Assigned,
        Status::InProgress,
        Status::Delivered,
    ] {
        let change = match to {
            Status::Triaged => Change::Triage {
                routing: Routing {
                    themes: vec!["health".into()],
                    lead: Some("hip".into()),
                    supporting: vec![],
                    out_of_plan: false,
                },
                sdgs: vec![3],
            },
            Status::Assigned => Change::Assign {
                assignees: vec![s.id],
            },
            to => Change::Status { to, decline: None },
        };
        store
            .change_request(vaccine, d.id, change, vec![])
            .await
            .unwrap();
    }
    store
        .change_request(
            debt,
            d.id,
            Change::Assign {
                assignees: vec![s.id],
            },
            vec![],
        )
        .await
        .unwrap();

    let ids =
        |v: Vec<southdesk_store::requests::Request>| v.iter().map(|r| r.id).collect::<Vec<_>>();
    let q = |f: &dyn Fn(&mut RequestQuery)| {
        let mut q = RequestQuery::default();
        f(&mut q);
        q
    };
    let list = |q: RequestQuery| async move { ids(store.requests(&q).await.unwrap()) };

    // Filters.
    assert_eq!(
        list(q(&|q| q.theme = Some("trade".into()))).await,
        [yuye, debt, fish]
    );
    assert_eq!(
        list(q(&|q| q.theme = Some("health".into()))).await,
        [debt, vaccine]
    );
    assert_eq!(list(q(&|q| q.open_only = true)).await, [yuye, debt, fish]);
    assert_eq!(
        list(q(&|q| q.statuses = vec![Status::Delivered, Status::Closed])).await,
        [vaccine]
    );
    assert_eq!(list(q(&|q| q.assignee = Some(s.id))).await, [debt, vaccine]);
    assert_eq!(
        list(q(&|q| {
            q.requester = Some(Requester::Member("BRA".into()));
            q.theme = Some("trade".into());
            q.programme = Some("hip".into());
        }))
        .await,
        [yuye]
    );
    // Free text: case folded, in the title, the text or the requester's
    // code; `%` and `_` are literal.
    assert_eq!(
        list(q(&|q| q.text = Some("FISHERIES".into()))).await,
        [fish]
    );
    assert_eq!(list(q(&|q| q.text = Some("débt".into()))).await, [debt]);
    assert_eq!(list(q(&|q| q.text = Some("DÉBT".into()))).await, [debt]);
    assert_eq!(list(q(&|q| q.text = Some("渔业".into()))).await, [yuye]);
    assert_eq!(
        list(q(&|q| q.text = Some("body of vaccine".into()))).await,
        [vaccine]
    );
    assert_eq!(list(q(&|q| q.text = Some("ind".into()))).await, [vaccine]);
    assert_eq!(
        list(q(&|q| q.text = Some("100%_s".into()))).await,
        [vaccine]
    );
    assert!(list(q(&|q| q.text = Some("100%x".into()))).await.is_empty());
    assert_eq!(
        list(q(&|q| {
            q.text = Some("Brésil".into());
            q.text_requesters = vec![Requester::Member("BRA".into())];
        }))
        .await,
        [yuye, fish]
    );
    // Sorts: due date (none last either way), status, received, updated.
    let by = |key, descending| RequestOrder { key, descending };
    assert_eq!(
        list(q(&|q| q.order = by(SortKey::Due, false))).await,
        [debt, yuye, fish, vaccine]
    );
    assert_eq!(
        list(q(&|q| q.order = by(SortKey::Due, true))).await,
        [fish, yuye, debt, vaccine]
    );
    assert_eq!(
        list(q(&|q| q.order = by(SortKey::Received, false))).await,
        [fish, vaccine, debt, yuye]
    );
    assert_eq!(
        list(q(&|q| q.order = by(SortKey::Status, false))).await,
        [yuye, fish, debt, vaccine]
    );
    assert_eq!(
        list(q(&|q| q.order = by(SortKey::Updated, true))).await[..2],
        [debt, vaccine]
    );
    // Pages do not overlap; the count ignores the page.
    let page = |offset| {
        q(&move |q| {
            q.limit = 3;
            q.offset = offset;
        })
    };
    assert_eq!(list(page(0)).await, [yuye, debt, vaccine]);
    assert_eq!(list(page(3)).await, [fish]);
    assert_eq!(store.count_requests(&page(3)).await.unwrap(), 4);
    // Queues and scopes.
    assert_eq!(
        list(q(
            &|q| q.any_of = vec![Reach::Programme("hip".into()), Reach::Assignee(s.id)]
        ))
        .await,
        [yuye, debt, vaccine]
    );
    let scope = |f: &dyn Fn(&mut RequestScope)| {
        let mut s = RequestScope::default();
        f(&mut s);
        Some(s)
    };
    assert_eq!(
        list(q(&|q| q.scope = scope(&|s| s.member = Some("bra".into())))).await,
        [yuye, fish]
    );
    assert_eq!(
        list(q(&|q| q.scope = scope(&|s| s.group = Some("G77".into())))).await,
        [debt]
    );
    assert_eq!(
        list(q(
            &|q| q.scope = scope(&|s| s.lead_programme = Some("ggdp".into()))
        ))
        .await,
        [debt, fish]
    );
    assert!(list(q(&|q| q.scope = scope(&|_| {}))).await.is_empty());
    assert_eq!(
        list(q(&|q| q.scope = scope(&|s| s.all = true))).await.len(),
        4
    );
    // Facets: each counted under the other filters.
    let f = store
        .request_facets(
            &q(&|q| {
                q.theme = Some("trade".into());
                q.statuses = vec![Status::Received];
            }),
            date!(2026 - 04 - 15),
        )
        .await
        .unwrap();
    assert_eq!(f.statuses, [(Status::Received, 2), (Status::Assigned, 1)]);
    assert_eq!(f.themes, [("trade".to_string(), 2)]);
    assert_eq!(
        f.programmes,
        [("ggdp".to_string(), 1), ("hip".to_string(), 1)]
    );
    assert_eq!(f.requesters, [(Requester::Member("BRA".into()), 2)]);
    assert!(f.assignees.is_empty());
    // Both are still received with their acknowledgement due in March.
    assert_eq!(f.overdue, 2);
}

/// Saved views belong to their account, are replaced by name, deleted by
/// id; the inbox counts what is unread.
pub async fn saved_views_and_unread_counts(store: &dyn Store) {
    let a = store
        .create_account(new_account("a9@southcentre.example", Role::Admin))
        .await
        .unwrap();
    let b = store
        .create_account(new_account("b9@southcentre.example", Role::Staff))
        .await
        .unwrap();
    let v = store
        .save_view(a.id, " Trade, open ", "theme=trade&status=open")
        .await
        .unwrap();
    assert_eq!(v.name, "Trade, open");
    store
        .save_view(a.id, "Overdue", "tab=overdue")
        .await
        .unwrap();
    let again = store
        .save_view(a.id, "Trade, open", "theme=trade&sort=due")
        .await
        .unwrap();
    assert_eq!(again.id, v.id);
    let views = store.saved_views(a.id).await.unwrap();
    assert_eq!(
        views
            .iter()
            .map(|v| (v.name.as_str(), v.query.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Overdue", "tab=overdue"),
            ("Trade, open", "theme=trade&sort=due")
        ]
    );
    assert!(store.saved_views(b.id).await.unwrap().is_empty());
    assert!(matches!(
        store.save_view(a.id, "  ", "x").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.delete_saved_view(b.id, v.id).await,
        Err(StoreError::NotFound { .. })
    ));
    store.delete_saved_view(a.id, v.id).await.unwrap();
    assert_eq!(store.saved_views(a.id).await.unwrap().len(), 1);

    assert_eq!(store.unread_count(b.id).await.unwrap(), 0);
    let notice = |to: i64| Notice {
        account_id: to,
        email: "b9@southcentre.example".into(),
        kind: "assigned".into(),
        subject: "Request «T»: assigned to you".into(),
        body: "…".into(),
        send_email: false,
        detail: String::new(),
    };
    let mut n = new_request(a.id, Requester::Member("BRA".into()), "T");
    n.notify = vec![notice(b.id), notice(b.id)];
    store.submit_request(n).await.unwrap();
    assert_eq!(store.unread_count(b.id).await.unwrap(), 2);
    assert_eq!(store.unread_count(a.id).await.unwrap(), 0);
    let first = store.inbox(b.id, 0).await.unwrap()[0].id;
    store.mark_inbox_read(b.id, first).await.unwrap();
    assert_eq!(store.unread_count(b.id).await.unwrap(), 1);
}
