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
    // Staff may not open what they logged until it is assigned to them:
    // they are sent back to a fresh form that says it was logged.
    let back = r.header("location").unwrap().to_string();
    assert!(back.starts_with("/requests/new?logged="), "{back}");
    let form = get_with(&app, &back, &[("cookie", &session_cookie(&s.cookie))]).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("id=\"req-logged\""), "{}", form.body);
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
    // Staff who logged it may not open it (until assigned): no notice
    // carrying its title reaches their inbox.
    assert!(
        store.inbox(staff.id, 0).await.unwrap().is_empty(),
        "{:?}",
        store.inbox(staff.id, 0).await.unwrap()
    );
    let inbox = request(&app, Method::GET, "/inbox", Some(&s), &[]).await;
    assert!(!inbox.body.contains("Debt restructuring briefing"));

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

// ---- the working views, saved views, bulk assignment, links, history ----------

use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};
use southdesk_plan::requests::Status;
use southdesk_store::requests::Change;
use southdesk_web::{AppState, router};

/// A store, the state over it and its router.
async fn desk() -> (
    axum::Router,
    std::sync::Arc<dyn southdesk_store::Store>,
    AppState,
) {
    let store = seeded_store().await;
    let state = AppState::new(store.clone());
    (router(state.clone()), store, state)
}

/// Submits a request through the form as `who`; its id.
async fn submit(app: &axum::Router, who: &Browser, title: &str, text: &str, lang: &str) -> i64 {
    let r = request(
        app,
        Method::POST,
        "/requests",
        Some(who),
        &[
            ("requester", "member:BRA"),
            ("title", title),
            ("text", text),
            ("contact", "Mission of Brazil"),
            ("lang", lang),
            ("mode", "policy-advice"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").unwrap();
    location
        .trim_start_matches("/requests/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn page_of(app: &axum::Router, who: &Browser, uri: &str) -> Reply {
    get_with(app, uri, &[("cookie", &session_cookie(&who.cookie))]).await
}

/// The ids of the rows of the requests table.
fn rows(html: &str) -> Vec<i64> {
    html.split("data-request=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

fn output(title: &str, visibility: Visibility) -> NewOutput {
    NewOutput {
        output_type: OutputType::PolicyBrief,
        series: None,
        number: None,
        date: time::macros::date!(2026 - 03 - 01),
        visibility,
        versions: vec![OutputVersion {
            lang: southdesk_plan::Lang::En,
            title: title.into(),
            abstract_: String::new(),
            body: "Text of the brief".into(),
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
    }
}

#[tokio::test]
async fn my_queue_holds_open_work_and_the_views_filter_search_and_sort() {
    let (app, store, _) = desk().await;
    let admin = add_account(store.as_ref(), "a@southcentre.example", Role::Admin).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let a = login(&app, "a@southcentre.example", PASSWORD).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let fish = submit(
        &app,
        &d,
        "Fisheries subsidies",
        "Advice on the WTO fisheries subsidies agreement.",
        "en",
    )
    .await;
    let vax = submit(
        &app,
        &d,
        "Vaccine patents",
        "Advice on the TRIPS waiver for vaccines.",
        "en",
    )
    .await;
    // The vaccine request is answered.
    for change in [
        Change::Triage {
            routing: store.request(vax).await.unwrap().unwrap().routing,
            sdgs: vec![],
        },
        Change::Assign {
            assignees: vec![admin.id],
        },
        Change::Status {
            to: Status::InProgress,
            decline: None,
        },
        Change::Status {
            to: Status::Delivered,
            decline: None,
        },
    ] {
        store
            .change_request(vax, admin.id, change, vec![])
            .await
            .unwrap();
    }

    let mine = page_of(&app, &d, "/requests").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(rows(&mine.body), [fish], "delivered work leaves my queue");
    assert!(
        mine.body.contains("aria-current=\"page\""),
        "the tab is marked"
    );
    let done = page_of(&app, &d, "/requests?tab=done").await;
    assert_eq!(rows(&done.body), [vax]);
    // A delegate has no all-requests view; management and admin do.
    assert_eq!(
        page_of(&app, &d, "/requests?tab=all").await.status,
        StatusCode::FORBIDDEN
    );
    assert!(!mine.body.contains("tab=all"));
    let all = page_of(&app, &a, "/requests?tab=all").await;
    assert_eq!(rows(&all.body), [vax, fish]);
    assert!(all.body.contains("tab=all"));
    // Search, filters in the URL, sort by a column head.
    assert_eq!(
        rows(&page_of(&app, &a, "/requests?tab=all&q=TRIPS").await.body),
        [vax]
    );
    assert_eq!(
        rows(
            &page_of(&app, &a, "/requests?tab=all&q=Br%C3%A9sil")
                .await
                .body
        ),
        [vax, fish]
    );
    assert_eq!(
        rows(
            &page_of(&app, &a, "/requests?tab=all&status=received")
                .await
                .body
        ),
        [fish]
    );
    let sorted = page_of(&app, &a, "/requests?tab=all&sort=received").await;
    assert_eq!(rows(&sorted.body), [fish, vax]);
    assert!(
        sorted.body.contains("aria-sort=\"ascending\""),
        "{}",
        sorted.body
    );
    assert!(
        sorted
            .body
            .contains("href=\"/requests?tab=all&amp;sort=-received\"")
    );
    // The facet sidebar counts by status under the other filters.
    assert!(all.body.contains("id=\"desk-facets\""));
    assert!(all.body.contains("ui-facet-count"));
    assert!(all.body.contains("id=\"desk-filters\"") && all.body.contains("method=\"get\""));
}

#[tokio::test]
async fn a_saved_view_comes_back_as_a_tab_and_can_be_deleted() {
    let (app, store, _) = desk().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let r = request(
        &app,
        Method::POST,
        "/requests/views",
        Some(&m),
        &[
            ("name", "Trade, received"),
            ("query", "tab=all&theme=trade&status=received"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("/requests?tab=all&theme=trade&status=received&saved=1")
    );
    let page = page_of(&app, &m, "/requests").await;
    assert!(
        page.body
            .contains("href=\"/requests?tab=all&amp;theme=trade&amp;status=received\"")
    );
    assert!(page.body.contains("Trade, received"));
    let views = store
        .saved_views(m_id(&store, "m@southcentre.example").await)
        .await
        .unwrap();
    assert_eq!(views.len(), 1);
    let r = request(
        &app,
        Method::POST,
        "/requests/views",
        Some(&m),
        &[("name", " "), ("query", "tab=all")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/views/{}/delete", views[0].id),
        Some(&m),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !page_of(&app, &m, "/requests")
            .await
            .body
            .contains("Trade, received")
    );
}

async fn m_id(store: &std::sync::Arc<dyn southdesk_store::Store>, email: &str) -> i64 {
    store.account_by_email(email).await.unwrap().unwrap().id
}

#[tokio::test]
async fn bulk_assignment_assigns_each_with_its_history_and_notice() {
    let (app, store, _) = desk().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let staff = add_account(store.as_ref(), "s@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let one = submit(
        &app,
        &d,
        "Fisheries subsidies",
        "Advice on fisheries subsidies.",
        "en",
    )
    .await;
    let two = submit(
        &app,
        &d,
        "Vaccine patents",
        "Advice on the TRIPS waiver.",
        "en",
    )
    .await;
    let list = page_of(&app, &m, "/requests").await;
    assert!(list.body.contains("id=\"desk-bulk\""), "{}", list.body);
    assert!(list.body.contains("form=\"desk-bulk\""));
    // Delegates do not get the form, nor may they post it.
    assert!(
        !page_of(&app, &d, "/requests")
            .await
            .body
            .contains("id=\"desk-bulk\"")
    );
    let sid = staff.id.to_string();
    let (a, b) = (one.to_string(), two.to_string());
    let fields = [
        ("ids", a.as_str()),
        ("ids", b.as_str()),
        ("assignee", sid.as_str()),
        ("back", "/requests?tab=all"),
    ];
    assert_eq!(
        request(
            &app,
            Method::POST,
            "/requests/bulk-assign",
            Some(&d),
            &fields
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let r = request(
        &app,
        Method::POST,
        "/requests/bulk-assign",
        Some(&m),
        &fields,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), Some("/requests?tab=all&assigned=2"));
    for id in [one, two] {
        let req = store.request(id).await.unwrap().unwrap();
        assert_eq!(req.assignees, [staff.id]);
        assert_eq!(req.status, Status::Assigned);
        let kinds: Vec<String> = store
            .request_events(id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds, ["received", "assigned"]);
    }
    let inbox = store.inbox(staff.id, 0).await.unwrap();
    assert_eq!(inbox.iter().filter(|i| i.kind == "assigned").count(), 2);
}

#[tokio::test]
async fn linking_an_internal_output_warns_and_publishing_it_lets_the_delegate_open_it() {
    let (app, store, state) = desk().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let id = submit(
        &app,
        &d,
        "Fisheries subsidies",
        "Advice on fisheries subsidies.",
        "en",
    )
    .await;
    let brief = state
        .catalogue()
        .create(
            output("Fisheries subsidies: a briefing", Visibility::Internal),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        page_of(&app, &d, &format!("/outputs/{}", brief.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The picker finds it by title, shows its visibility, and offers it
    // as a radio button.
    let pick = page_of(
        &app,
        &m,
        &format!("/requests/{id}?kind=output&find=briefing"),
    )
    .await;
    assert_eq!(pick.status, StatusCode::OK);
    assert!(pick.body.contains("id=\"req-link-form\""), "{}", pick.body);
    assert!(pick.body.contains(&format!(
        "type=\"radio\" id=\"f-target-0\" name=\"target\" value=\"{}\"",
        brief.id
    )));
    assert!(pick.body.contains("Internal"));
    let none = page_of(&app, &m, &format!("/requests/{id}?kind=output&find=zzzz")).await;
    assert!(none.body.contains("id=\"req-link-none\""));

    // Linking it warns first and links nothing.
    let target = brief.id.to_string();
    let link = [
        ("action", "link"),
        ("kind", "output"),
        ("target", target.as_str()),
    ];
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &link,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("id=\"req-link-warning\""), "{}", r.body);
    assert!(r.body.contains("id=\"req-link-publish\""));
    assert!(r.body.contains("id=\"req-link-note\""));
    assert!(store.request_links(id).await.unwrap().is_empty());

    // Publishing it links it, and the delegate can open it.
    let mut publish = link.to_vec();
    publish.push(("publish", "1"));
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &publish,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(store.request_links(id).await.unwrap().len(), 1);
    assert_eq!(
        store.output(brief.id).await.unwrap().unwrap().visibility,
        Visibility::Public
    );
    assert_eq!(
        page_of(&app, &d, &format!("/outputs/{}", brief.id))
            .await
            .status,
        StatusCode::OK
    );
    let page = page_of(&app, &d, &format!("/requests/{id}")).await;
    assert!(
        page.body
            .contains(&format!("href=\"/outputs/{}\"", brief.id)),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("linked output «Fisheries subsidies: a briefing» by"),
        "{}",
        page.body
    );

    // A confidential one: a delivery note instead.
    let secret = state
        .catalogue()
        .create(output("Negotiating note", Visibility::Confidential), None)
        .await
        .unwrap();
    let target = secret.id.to_string();
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &[
            ("action", "link"),
            ("kind", "output"),
            ("target", target.as_str()),
        ],
    )
    .await;
    assert!(r.body.contains("id=\"req-link-warning\""));
    let r = request(
        &app,
        Method::POST,
        &format!("/requests/{id}/changes"),
        Some(&m),
        &[
            ("action", "note"),
            (
                "text",
                "The answer was given orally to the mission on 3 March.",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(store.request_links(id).await.unwrap().len(), 1);
    let page = page_of(&app, &d, &format!("/requests/{id}")).await;
    assert!(page.body.contains("given orally to the mission"));
}

#[tokio::test]
async fn the_history_and_the_inbox_say_what_changed() {
    let (app, store, _) = desk().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let staff = add_account(store.as_ref(), "s@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let s = login(&app, "s@southcentre.example", PASSWORD).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let id = submit(
        &app,
        &d,
        "Fisheries subsidies",
        "Advice on fisheries subsidies.",
        "en",
    )
    .await;
    let changes = format!("/requests/{id}/changes");
    let sid = staff.id.to_string();
    for (who, fields) in [
        (&m, vec![("action", "assign"), ("assignees", sid.as_str())]),
        (&s, vec![("action", "status"), ("status", "in-progress")]),
        (
            &s,
            vec![("action", "comment"), ("text", "Draft on its way.")],
        ),
    ] {
        let r = request(&app, Method::POST, &changes, Some(who), &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let page = page_of(&app, &m, &format!("/requests/{id}?lang=en")).await;
    let history = &page.body[page.body.find("id=\"req-history\"").unwrap()..];
    assert!(
        history.contains("Tester DELEGATE submitted the request"),
        "{history}"
    );
    assert!(!history.contains("received the request"));
    assert!(
        history.contains("assigned to Tester STAFF by Tester MANAGEMENT"),
        "{history}"
    );
    assert!(
        history.contains("status changed from Assigned to In progress by Tester STAFF"),
        "{history}"
    );
    assert!(history.contains("comment by Tester STAFF"), "{history}");

    let inbox = page_of(&app, &s, "/inbox?lang=en").await;
    assert!(
        inbox
            .body
            .contains("Request «Fisheries subsidies»: assigned to you by Tester MANAGEMENT"),
        "{}",
        inbox.body
    );
    let inbox = page_of(&app, &d, "/inbox?lang=en").await;
    assert!(
        inbox
            .body
            .contains("Request «Fisheries subsidies»: status changed to In progress"),
        "{}",
        inbox.body
    );
    assert!(
        inbox
            .body
            .contains("Request «Fisheries subsidies»: new comment by Tester STAFF"),
        "{}",
        inbox.body
    );
    assert!(!inbox.body.contains("moved on"));
    // In the reader's language.
    let inbox = page_of(&app, &d, "/inbox?lang=fr").await;
    assert!(
        inbox
            .body
            .contains("Demande « Fisheries subsidies » : statut passé à"),
        "{}",
        inbox.body
    );
    assert_eq!(store.unread_count(staff.id).await.unwrap(), 1);
}

#[tokio::test]
async fn the_triage_page_lays_the_proposal_beside_the_decision() {
    let (app, store, _) = desk().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let id = submit(
        &app,
        &d,
        "Fisheries subsidies at the WTO",
        "We ask for policy advice on the WTO agreement on fisheries subsidies and on trade rules for developing countries.",
        "en",
    )
    .await;
    let page = page_of(&app, &m, &format!("/requests/{id}?lang=en")).await;
    assert!(page.body.contains("id=\"req-proposal\""), "{}", page.body);
    assert!(page.body.contains("ui-choice-grid"));
    assert!(page.body.contains("proposed, score"), "{}", page.body);
    assert!(
        page.body.contains("<mark>"),
        "evidence is shown in its text"
    );
    assert!(page.body.contains("<label for=\"f-lead\">"));
    assert!(page.body.contains("<label for=\"f-assignee\">"));
    assert!(
        page.body.contains("<label for=\"f-text\">"),
        "the comment box is labelled"
    );
    // The proposed themes are ticked while nothing is decided.
    let r = store.request(id).await.unwrap().unwrap();
    let proposed = &r.routing.themes;
    assert!(!proposed.is_empty());
    for t in proposed {
        let at = page
            .body
            .find(&format!("name=\"themes\" value=\"{t}\""))
            .unwrap();
        assert!(page.body[at..at + 60].contains("checked"), "{t}");
    }
}

#[tokio::test]
async fn each_role_starts_on_the_work_it_does() {
    use southdesk_plan::requests::Routing;
    let (app, store, _) = desk().await;
    let admin = add_account(store.as_ref(), "a@southcentre.example", Role::Admin).await;
    add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let c = login(&app, "c@southcentre.example", PASSWORD).await;
    let m = login(&app, "m@southcentre.example", PASSWORD).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let programme = southdesk_plan::Plan::embedded_2026_2028().programmes[0]
        .id
        .clone();
    let ours = submit(
        &app,
        &d,
        "Fisheries subsidies",
        "Advice on the WTO fisheries subsidies agreement.",
        "en",
    )
    .await;
    let other = submit(
        &app,
        &d,
        "Vaccine patents",
        "Advice on the TRIPS waiver for vaccines.",
        "en",
    )
    .await;
    // One request goes to the coordinator's programme, the other elsewhere.
    let elsewhere = southdesk_plan::Plan::embedded_2026_2028()
        .programmes
        .iter()
        .map(|p| p.id.clone())
        .find(|p| *p != programme)
        .unwrap();
    for (id, lead) in [(ours, programme.clone()), (other, elsewhere)] {
        store
            .change_request(
                id,
                admin.id,
                Change::Triage {
                    routing: Routing {
                        themes: vec!["trade".into()],
                        lead: Some(lead),
                        supporting: vec![],
                        out_of_plan: false,
                    },
                    sdgs: vec![],
                },
                vec![],
            )
            .await
            .unwrap();
    }

    // The coordinator: their programme's open queue, and the desk's figures.
    let cs = page_of(&app, &c, "/start").await;
    assert_eq!(cs.status, StatusCode::OK, "{}", cs.body);
    assert!(cs.body.contains("id=\"queue-heading\""));
    assert_eq!(rows(&cs.body), [ours], "only the programme's requests");
    assert!(cs.body.contains("id=\"figures-heading\""));
    assert!(!cs.body.contains("id=\"own-heading\""));

    // A Board member: the figures (no request text), no queue.
    add_account(store.as_ref(), "b@board.example", Role::Board).await;
    let b = login(&app, "b@board.example", PASSWORD).await;
    let bs = page_of(&app, &b, "/start").await;
    assert_eq!(bs.status, StatusCode::OK, "{}", bs.body);
    assert!(bs.body.contains("id=\"figures-heading\""));
    assert!(!bs.body.contains("id=\"queue-heading\""));
    assert!(rows(&bs.body).is_empty(), "no request rows for the Board");
    assert!(!bs.body.contains("Fisheries subsidies"));

    // Management: every open request and the figures with their charts.
    let ms = page_of(&app, &m, "/start").await;
    assert_eq!(ms.status, StatusCode::OK, "{}", ms.body);
    assert!(ms.body.contains("id=\"figures-heading\""));
    assert!(ms.body.contains("ui-chart") && ms.body.contains("<svg"));
    let mut all = rows(&ms.body);
    all.sort();
    assert_eq!(all, [ours, other]);

    // The delegate: their member's own requests, no queue, no figures.
    let ds = page_of(&app, &d, "/start").await;
    assert_eq!(ds.status, StatusCode::OK, "{}", ds.body);
    assert!(ds.body.contains("id=\"own-heading\""));
    assert!(!ds.body.contains("id=\"queue-heading\""));
    assert!(!ds.body.contains("id=\"figures-heading\""));
    let mut own = rows(&ds.body);
    own.sort();
    assert_eq!(own, [ours, other]);
    assert!(ds.body.contains("href=\"/members/BRA/requests\""));

    // Nobody logged in: the start page asks to log in first.
    let anon = get(&app, "/start").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    assert!(
        anon.header("location")
            .is_some_and(|l| l.starts_with("/login")),
        "{:?}",
        anon.header("location")
    );
}

#[tokio::test]
async fn a_nul_character_in_a_form_or_address_is_refused_and_nothing_stored() {
    let (app, store, _) = desk().await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    let d = login(&app, "d@bra.example", PASSWORD).await;
    let r = request(
        &app,
        Method::POST,
        "/requests?lang=fr",
        Some(&d),
        &[
            ("requester", "member:BRA"),
            ("title", "Fisheries\0subsidies"),
            ("text", "Advice, please."),
            ("contact", "Mission of Brazil"),
            ("lang", "en"),
            ("mode", "policy-advice"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains("caractère NUL"),
        "in the reader's language: {}",
        r.body
    );
    assert_eq!(count(&store).await, 0);
    for uri in ["/outputs?q=a%00b", "/requests?q=%00", "/search?q=x%00"] {
        let r = page_of(&app, &d, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    // The same form without it is stored.
    submit(&app, &d, "Fisheries subsidies", "Advice, please.", "en").await;
    assert_eq!(count(&store).await, 1);
}
