//! The negotiations calendar through the real router: a coordinator adds a
//! meeting with the form, links an output, the theme's feed shows it (read
//! by an independent iCalendar parser); the API, the import's bad inputs,
//! "my themes" for anonymous visitors, and the feed links on the pages.

use crate::common::accounts::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use southdesk_plan::Lang;
use southdesk_plan::Role;
use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};

fn output(title: &str, visibility: Visibility) -> NewOutput {
    NewOutput {
        output_type: OutputType::PolicyBrief,
        series: None,
        number: None,
        date: time::macros::date!(2026 - 03 - 01),
        visibility,
        versions: vec![OutputVersion {
            lang: Lang::En,
            title: title.into(),
            abstract_: String::new(),
            body: "Text".into(),
            file: None,
        }],
        authors: vec![],
        programmes: vec!["hipb".into()],
        forums: vec![],
        meetings: vec![],
        countries: vec![],
        themes: vec![],
        sdgs: vec![],
        tags_confirmed: false,
        proposed_tags: vec![],
    }
}

fn events(feed: &str) -> Vec<String> {
    let unfolded = icalendar::parser::unfold(feed);
    let cal = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("the feed is not iCalendar: {e}\n{feed}"));
    cal.components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|c| {
            c.properties
                .iter()
                .find(|p| p.name.as_str() == "SUMMARY")
                .map(|p| p.val.as_str().to_string())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn a_coordinator_adds_a_meeting_links_an_output_and_the_theme_feed_shows_it() {
    let (app, store) = app_and_store().await;
    add_account(
        store.as_ref(),
        "coord@southcentre.example",
        Role::Coordinator,
    )
    .await;
    let coord = login(&app, "coord@southcentre.example", PASSWORD).await;

    let form = request(&app, Method::GET, "/meetings/new", Some(&coord), &[]).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);

    let r = request(
        &app,
        Method::POST,
        "/meetings",
        Some(&coord),
        &[
            ("title", "SCCR 48: limitations and exceptions for libraries"),
            ("body", "wipo-sccr"),
            ("start", "2026-03-31T10:00"),
            ("end", "2026-03-31T13:00"),
            ("tz", "Europe/Zurich"),
            ("venue", "WIPO, Geneva"),
            ("languages", "en, fr"),
            ("status", "confirmed"),
            ("role", "statement"),
            ("role", "side-event"),
            ("theme", "health"),
            ("checklist", "Draft the statement\nBook the side-event room"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page_url = r.header("location").unwrap().to_string();
    let id: i64 = page_url.trim_start_matches("/meetings/").parse().unwrap();
    let m = store.meeting(id).await.unwrap().unwrap();
    assert!(
        m.data.themes.contains(&"ip".to_string()),
        "the body's themes: {:?}",
        m.data.themes
    );
    assert!(
        m.data.themes.contains(&"health".to_string()),
        "picked: {:?}",
        m.data.themes
    );
    assert_eq!(
        m.data.when.start_instant().to_string(),
        "2026-03-31T08:00:00Z"
    );

    // Linking something that does not exist is refused; an output that does is linked.
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/links"),
        Some(&coord),
        &[("kind", "output"), ("id", "4242")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("There is no request or output with this number.")
    );
    let out = store
        .create_output(
            output("Brief on the broadcasting treaty", Visibility::Public),
            None,
        )
        .await
        .unwrap();
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/links"),
        Some(&coord),
        &[("kind", "output"), ("id", &out.id.to_string())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Tick one item: the page shows what is prepared and what is still asked.
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/checklist"),
        Some(&coord),
        &[("toggle", "0")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The checklist is the Centre's own: a visitor sees the meeting, not it.
    let public = get(&app, &page_url).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("Draft the statement"));
    assert!(!public.body.contains("Book the side-event room"));
    let page = request(&app, Method::GET, &page_url, Some(&coord), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    let prepared = &page.body
        [page.body.find("id=\"prepared\"").unwrap()..page.body.find("id=\"still-asked\"").unwrap()];
    assert!(prepared.contains("Draft the statement"), "{prepared}");
    assert!(
        prepared.contains("Brief on the broadcasting treaty"),
        "{prepared}"
    );
    let asked = &page.body[page.body.find("id=\"still-asked\"").unwrap()..];
    assert!(asked.contains("Book the side-event room"));
    assert!(
        page.body
            .contains(r#"<link rel="alternate" type="text/calendar""#)
    );
    assert!(page.body.contains("/meetings/themes/ip/feed.ics"));

    // The theme's feed has it, at 10:00 Geneva time with the zone's rules.
    let feed = get(&app, "/meetings/themes/ip/feed.ics").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(
        feed.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(
        events(&feed.body),
        ["SCCR 48: limitations and exceptions for libraries"]
    );
    assert!(
        feed.body
            .contains("DTSTART;TZID=Europe/Zurich:20260331T100000\r\n")
    );
    assert!(
        feed.body
            .contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n")
    );
    // Other feeds: the forum's and the programme's have it, another theme's not.
    assert_eq!(
        events(&get(&app, "/meetings/forums/wipo/feed.ics").await.body).len(),
        1
    );
    assert_eq!(
        events(&get(&app, "/meetings/programmes/hipb/feed.ics").await.body).len(),
        1
    );
    assert!(events(&get(&app, "/meetings/themes/tax/feed.ics").await.body).is_empty());
    assert!(events(&get(&app, "/meetings/forums/wto/feed.ics").await.body).is_empty());
    assert_eq!(
        get(&app, "/meetings/themes/nope/feed.ics").await.status,
        StatusCode::NOT_FOUND
    );

    // The views list it.
    for url in [
        "/meetings?from=2026-03-01",
        "/meetings/month?m=2026-03",
        "/meetings/themes/ip",
    ] {
        let r = get(&app, url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        assert!(r.body.contains("SCCR 48: limitations"), "{url}");
        assert!(r.body.contains(r#"type="text/calendar""#), "{url}");
    }
    assert!(
        !get(&app, "/meetings?from=2026-04-01")
            .await
            .body
            .contains("SCCR 48")
    );

    // Staff may not add meetings.
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let r = request(
        &app,
        Method::POST,
        "/meetings",
        Some(&staff),
        &[("title", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_meetings_from_the_form_are_explained() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "m@southcentre.example", Role::Management).await;
    let b = login(&app, "m@southcentre.example", PASSWORD).await;
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let app = app.clone();
        let b = b.clone();
        async move { request(&app, Method::POST, "/meetings", Some(&b), &fields).await }
    };
    let r = post(vec![
        ("title", "WHA"),
        ("start", "2026-05-20T10:00"),
        ("end", "2026-05-20T09:00"),
        ("tz", "Europe/Zurich"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("before it starts"), "{}", r.body);
    let r = post(vec![
        ("title", "WHA"),
        ("start", "2026-05-20T10:00"),
        ("end", "2026-05-20T11:00"),
        ("tz", "Geneva"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("unknown time zone `Geneva`"), "{}", r.body);
    let r = post(vec![
        ("title", "WHA"),
        ("start", "tomorrow"),
        ("end", "2026-05-20T11:00"),
        ("tz", "UTC"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("2026-03-10T10:00"), "{}", r.body);
    assert!(
        r.body.contains("value=\"WHA\""),
        "the form keeps what was typed"
    );
    // An online link is a web address, never a script.
    let r = post(vec![
        ("title", "WHA"),
        ("start", "2026-05-20T10:00"),
        ("end", "2026-05-20T11:00"),
        ("tz", "UTC"),
        ("online", "javascript:alert(document.cookie)"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("is not a web address"), "{}", r.body);
    assert!(!r.body.contains("href=\"javascript:"), "{}", r.body);
    assert!(
        store
            .meetings(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn token(store: &dyn southdesk_store::Store, email: &str, role: Role) -> String {
    let a = add_account(store, email, role).await;
    southdesk_store::credentials::create_api_token(store, a.id, "test")
        .await
        .unwrap()
        .1
}

async fn api(
    app: &axum::Router,
    method: Method,
    uri: &str,
    token: &str,
    content_type: &str,
    body: impl Into<Body>,
) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(body.into())
        .unwrap();
    send(app, req).await
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:inc-3@un.example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/New_York:20261102T100000\r\nDTEND;TZID=America/New_York:20261102T180000\r\nSUMMARY:INC on International Tax Cooperation\\, third session\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:ffd@un.example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260420\r\nDTEND;VALUE=DATE:20260424\r\nSUMMARY:FfD Forum 2026\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[tokio::test]
async fn the_api_imports_lists_creates_and_links() {
    let (app, store) = app_and_store().await;
    let t = token(store.as_ref(), "mgmt@southcentre.example", Role::Management).await;
    let staff = token(store.as_ref(), "staff@southcentre.example", Role::Staff).await;

    // Bad files: a clear error naming the event, nothing imported.
    let bad = ICS.replace("20261102T180000", "20261102T080000");
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import",
        &t,
        "text/calendar",
        bad,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "invalid_ics");
    assert_eq!(
        r.json()["error"]["message"],
        "line 8, event \"inc-3@un.example\" (INC on International Tax Cooperation, third session): it ends (2026-11-02T08:00:00 America/New_York) before it starts (2026-11-02T10:00:00 America/New_York)"
    );
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import",
        &t,
        "text/calendar",
        ICS.replace("America/New_York", "America/Gotham"),
    )
    .await;
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown time zone \"America/Gotham\""),
        "{}",
        r.body
    );
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import",
        &t,
        "text/calendar",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
    )
    .await;
    assert_eq!(r.json()["error"]["code"], "invalid_ics");
    assert!(
        store
            .meetings(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import",
        &staff,
        "text/calendar",
        ICS,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import",
        &t,
        "text/calendar",
        ICS,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["imported"], 2);
    let inc = &r.json()["meetings"][0];
    assert_eq!(inc["body"], "un-tax-inc");
    assert_eq!(inc["forum"], "un-tax-inc");
    assert_eq!(
        inc["start_utc"], "2026-11-02T15:00:00Z",
        "EST after the clocks change on 1 November"
    );
    assert!(inc["themes"].as_array().unwrap().contains(&"tax".into()));
    // Importing again: the duplicate UID is named, nothing is added.
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import",
        &t,
        "text/calendar",
        ICS,
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["error"]["code"], "duplicate_uid");
    assert!(r.body.contains("inc-3@un.example"), "{}", r.body);
    assert_eq!(store.meetings(&Default::default()).await.unwrap().len(), 2);

    // With update=true the session moved by its secretariat follows the
    // file; the other is unchanged.
    let moved = ICS
        .replace("20261102T100000", "20261103T100000")
        .replace("20261102T180000", "20261103T180000");
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import?update=true",
        &t,
        "text/calendar",
        moved,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["imported"], 0);
    assert_eq!(r.json()["unchanged"], 1);
    assert_eq!(r.json()["updated"][0]["uid"], "inc-3@un.example");
    assert_eq!(r.json()["updated"][0]["start_utc"], "2026-11-03T15:00:00Z");
    assert_eq!(store.meetings(&Default::default()).await.unwrap().len(), 2);
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings/import?update=maybe",
        &t,
        "text/calendar",
        ICS,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // Reading is public; filters.
    let r = get(&app, "/api/v1/meetings?theme=tax").await;
    let titles: Vec<String> = r.json()["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.contains(&"INC on International Tax Cooperation, third session".to_string()),
        "{titles:?}"
    );
    let r = get(&app, "/api/v1/meetings?from=2026-05-01&forum=ffd-forum").await;
    assert_eq!(r.json()["meetings"].as_array().unwrap().len(), 0);
    let r = get(&app, "/api/v1/meetings?from=May").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Create with JSON and link an output.
    let body = serde_json::json!({
        "title": "WHA79 side event on pathogen access",
        "body": "who-wha",
        "start": "2026-05-19T13:15",
        "end": "2026-05-19T14:30",
        "time_zone": "Europe/Zurich",
        "roles": ["side-event"],
        "checklist": [{"text": "Speakers confirmed", "done": true}]
    });
    let r = api(
        &app,
        Method::POST,
        "/api/v1/meetings",
        &t,
        "application/json",
        body.to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["start_utc"], "2026-05-19T11:15:00Z");
    let again = api(&app, Method::POST, "/api/v1/meetings", &t, "application/json", serde_json::json!({"uid": r.json()["uid"], "title": "x", "start": "2026-05-19", "end": "2026-05-19"}).to_string()).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let bad_tz = api(&app, Method::POST, "/api/v1/meetings", &t, "application/json", serde_json::json!({"title": "x", "start": "2026-05-19T10:00", "end": "2026-05-19T11:00", "time_zone": "Geneva"}).to_string()).await;
    assert_eq!(bad_tz.status, StatusCode::UNPROCESSABLE_ENTITY);

    let out = store
        .create_output(output("Note on PABS", Visibility::Public), None)
        .await
        .unwrap();
    let link = |target: i64| serde_json::json!({"kind": "output", "id": target}).to_string();
    let r = api(
        &app,
        Method::POST,
        &format!("/api/v1/meetings/{id}/links"),
        &t,
        "application/json",
        link(999),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["code"], "no_link_target");
    let r = api(
        &app,
        Method::POST,
        &format!("/api/v1/meetings/{id}/links"),
        &t,
        "application/json",
        link(out.id),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["links"][0]["id"], out.id);
    let r = get(&app, &format!("/api/v1/meetings/{id}")).await;
    assert_eq!(r.json()["links"][0]["kind"], "output");

    // The OpenAPI document describes the calendar.
    let doc = get(&app, "/api/openapi.json").await.json();
    for p in [
        "/api/v1/meetings",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/import",
        "/api/v1/meetings/{id}/links",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} missing");
    }
}

#[tokio::test]
async fn anonymous_visitors_pick_their_themes_for_the_next_30_days() {
    let (app, store) = app_and_store().await;
    let soon = jiff::Zoned::now()
        .date()
        .checked_add(jiff::ToSpan::days(3))
        .unwrap();
    let mut data = southdesk_calendar::MeetingData {
        uid: "soon@x".into(),
        series: None,
        body: Some("un-tax-inc".into()),
        title: "INC session".into(),
        agenda: String::new(),
        when: southdesk_calendar::When::AllDay {
            first: soon,
            last: soon,
        },
        venue: None,
        online_url: None,
        languages: vec![],
        status: southdesk_calendar::Status::Confirmed,
        themes: vec!["tax".into()],
        roles: vec![],
        checklist: vec![],
    };
    data.validate().unwrap();
    store.create_meeting(data).await.unwrap();

    let r = get(&app, "/meetings/next").await;
    assert!(r.body.contains("Choose themes to see their meetings."));
    assert!(!r.body.contains("INC session"));
    let r = request(
        &app,
        Method::POST,
        "/meetings/my-themes",
        None,
        &[("theme", "tax"), ("theme", "trade"), ("theme", "nonsense")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = set_cookie(&r, southdesk_web::calendar::service::THEMES_COOKIE).unwrap();
    assert_eq!(cookie, "tax.trade");
    let r = get_with(
        &app,
        "/meetings/next",
        &[("cookie", &format!("southdesk_themes={cookie}"))],
    )
    .await;
    assert!(r.body.contains("INC session"), "{}", r.body);
    assert!(r.body.contains("/meetings/themes/tax/feed.ics"));

    // A coordinator's themes are those of the programme.
    add_account(store.as_ref(), "tax@southcentre.example", Role::Coordinator).await;
    let c = login(&app, "tax@southcentre.example", PASSWORD).await;
    let r = request(&app, Method::GET, "/meetings/next", Some(&c), &[]).await;
    assert!(r.body.contains("The themes of your programme."));
}

#[tokio::test]
async fn the_import_page_takes_a_file_whole_or_not_at_all() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    let c = login(&app, "c@southcentre.example", PASSWORD).await;
    let page = request(&app, Method::GET, "/meetings/import", Some(&c), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    let bad = ICS.replace(
        "America/New_York:20261102T100000",
        "Mars/Base:20261102T100000",
    );
    let r = request(
        &app,
        Method::POST,
        "/meetings/import",
        Some(&c),
        &[("ics", &bad)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Nothing was imported: line 7, event &quot;inc-3@un.example&quot;"),
        "{}",
        r.body
    );
    assert!(
        store
            .meetings(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    let r = request(
        &app,
        Method::POST,
        "/meetings/import",
        Some(&c),
        &[("ics", ICS)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), Some("/meetings?from=2026-04-20"));
    assert_eq!(store.meetings(&Default::default()).await.unwrap().len(), 2);

    // The same file again with "update" ticked: nothing new, said so.
    let renamed = ICS.replace("FfD Forum 2026", "FfD Forum 2026 (resumed)");
    let r = request(
        &app,
        Method::POST,
        "/meetings/import",
        Some(&c),
        &[("ics", &renamed), ("update", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Imported: 0 new, 1 updated, 1 unchanged."),
        "{}",
        r.body
    );
    let titles: Vec<String> = store
        .meetings(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.data.title)
        .collect();
    assert!(
        titles.contains(&"FfD Forum 2026 (resumed)".to_string()),
        "{titles:?}"
    );
    assert_eq!(titles.len(), 2);
}

// ---- issue 11: preparation, subscribe links, per-meeting files, upload, bodies ----------------

/// A meeting with one internal and one public checklist item.
async fn prepared_meeting(store: &dyn southdesk_store::Store) -> i64 {
    let mut data = southdesk_calendar::MeetingData {
        uid: "prep@x".into(),
        series: None,
        body: Some("wipo-sccr".into()),
        title: "SCCR 49".into(),
        agenda: "Broadcasting".into(),
        when: southdesk_calendar::When::AllDay {
            first: jiff::civil::date(2026, 11, 9),
            last: jiff::civil::date(2026, 11, 13),
        },
        venue: Some("Geneva".into()),
        online_url: None,
        languages: vec![],
        status: southdesk_calendar::Status::Confirmed,
        themes: vec!["ip".into()],
        roles: vec![],
        checklist: vec![
            southdesk_calendar::ChecklistItem::internal(
                "Negotiating line for the Group (internal)",
            ),
            southdesk_calendar::ChecklistItem {
                text: "Side event open to all delegations".into(),
                done: false,
                public: true,
            },
        ],
    };
    data.validate().unwrap();
    store.create_meeting(data).await.unwrap().id
}

const INTERNAL: &str = "Negotiating line for the Group (internal)";
const PUBLIC: &str = "Side event open to all delegations";

#[tokio::test]
async fn internal_checklist_items_are_for_the_centres_staff_only() {
    let (app, store) = app_and_store().await;
    let id = prepared_meeting(store.as_ref()).await;
    add_account(store.as_ref(), "d@bra.example", Role::Delegate).await;
    add_account(store.as_ref(), "s@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    let delegate = login(&app, "d@bra.example", PASSWORD).await;
    let staff = login(&app, "s@southcentre.example", PASSWORD).await;
    let coord = login(&app, "c@southcentre.example", PASSWORD).await;
    let page = format!("/meetings/{id}");

    // The page.
    let anon = get(&app, &page).await;
    assert_eq!(anon.status, StatusCode::OK);
    assert!(!anon.body.contains(INTERNAL), "anonymous sees internal");
    assert!(anon.body.contains(PUBLIC));
    let r = request(&app, Method::GET, &page, Some(&delegate), &[]).await;
    assert!(
        !r.body.contains(INTERNAL),
        "a member's delegate sees internal"
    );
    assert!(r.body.contains(PUBLIC));
    for b in [&staff, &coord] {
        let r = request(&app, Method::GET, &page, Some(b), &[]).await;
        assert!(r.body.contains(INTERNAL), "{}", r.body);
        assert!(r.body.contains(PUBLIC));
    }

    // The API, one meeting and the list.
    let texts = |v: &serde_json::Value| -> Vec<String> {
        v["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["text"].as_str().unwrap().to_string())
            .collect()
    };
    let api_url = format!("/api/v1/meetings/{id}");
    assert_eq!(texts(&get(&app, &api_url).await.json()), [PUBLIC]);
    let list = get(&app, "/api/v1/meetings").await.json();
    assert_eq!(texts(&list["meetings"][0]), [PUBLIC]);
    let dt = token(store.as_ref(), "d2@bra.example", Role::Delegate).await;
    let st = token(store.as_ref(), "s2@southcentre.example", Role::Staff).await;
    let r = api(&app, Method::GET, &api_url, &dt, "application/json", "").await;
    assert_eq!(texts(&r.json()), [PUBLIC]);
    let r = api(&app, Method::GET, &api_url, &st, "application/json", "").await;
    assert_eq!(texts(&r.json()), [INTERNAL, PUBLIC]);
    assert_eq!(r.json()["checklist"][0]["public"], false);
    assert_eq!(r.json()["checklist"][1]["public"], true);

    // The feeds and the meeting's own file carry no checklist at all.
    for url in [
        "/meetings/feed.ics".to_string(),
        "/meetings/themes/ip/feed.ics".to_string(),
        format!("/meetings/{id}/event.ics"),
    ] {
        let r = get(&app, &url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        let unfolded = icalendar::parser::unfold(&r.body);
        assert!(!unfolded.contains("Negotiating line"), "{url}: {}", r.body);
    }

    // A coordinator adds a public item and makes the internal one public.
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/checklist"),
        Some(&coord),
        &[("text", "Registration opens 1 October"), ("public", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/checklist"),
        Some(&coord),
        &[("text", "Brief the coordinator of the Group")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let anon = get(&app, &page).await;
    assert!(anon.body.contains("Registration opens 1 October"));
    assert!(!anon.body.contains("Brief the coordinator of the Group"));
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/checklist"),
        Some(&coord),
        &[("publish", "0")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(get(&app, &page).await.body.contains(INTERNAL));
    // Staff see but may not change the checklist.
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{id}/checklist"),
        Some(&staff),
        &[("publish", "3")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let m = store.meeting(id).await.unwrap().unwrap();
    assert!(!m.data.checklist[3].public);
}

fn app_with_public_url(
    store: std::sync::Arc<dyn southdesk_store::Store>,
    url: Option<&str>,
) -> axum::Router {
    let mut state = southdesk_web::AppState::new(store);
    state.public_url = url.map(str::to_string);
    southdesk_web::router(state)
}

#[tokio::test]
async fn subscribe_links_are_absolute_https_and_webcal() {
    let store = seeded_store().await;
    let id = prepared_meeting(store.as_ref()).await;

    let app = app_with_public_url(store.clone(), Some("https://desk.southcentre.int/"));
    for (url, feed) in [
        ("/meetings", "/meetings/feed.ics"),
        ("/meetings/month?m=2026-11", "/meetings/feed.ics"),
        ("/meetings/themes/ip", "/meetings/themes/ip/feed.ics"),
        (
            &format!("/meetings/{id}") as &str,
            "/meetings/themes/ip/feed.ics",
        ),
    ] {
        let r = get(&app, url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        for want in [
            format!("https://desk.southcentre.int{feed}"),
            format!("webcal://desk.southcentre.int{feed}"),
        ] {
            assert!(r.body.contains(&format!("\"{want}\"")), "{url}: no {want}");
        }
        assert!(
            !r.body.contains(&format!("<code>{feed}</code>")),
            "{url}: a relative subscribe address"
        );
    }
    let ics = get(&app, &format!("/meetings/{id}/event.ics")).await;
    assert!(
        ics.body.contains(&format!(
            "URL:https://desk.southcentre.int/meetings/{id}\r\n"
        )),
        "{}",
        ics.body
    );

    // Without a configured address: the Host, https unless it is this machine
    // or a proxy says otherwise.
    let app = app_with_public_url(store, None);
    for (headers, base) in [
        (
            vec![("host", "desk.example.org")],
            "https://desk.example.org",
        ),
        (vec![("host", "127.0.0.1:8511")], "http://127.0.0.1:8511"),
        (vec![("host", "localhost:8511")], "http://localhost:8511"),
        (
            vec![("host", "desk.example.org"), ("x-forwarded-proto", "http")],
            "http://desk.example.org",
        ),
        (
            vec![("host", "10.0.0.5:8080"), ("x-forwarded-proto", "https")],
            "https://10.0.0.5:8080",
        ),
    ] {
        let r = get_with(&app, "/meetings", &headers).await;
        let web = format!("{base}/meetings/feed.ics");
        let webcal = format!(
            "webcal://{}/meetings/feed.ics",
            base.split_once("://").unwrap().1
        );
        assert!(
            r.body.contains(&format!("\"{web}\"")),
            "{headers:?}: no {web}"
        );
        assert!(
            r.body.contains(&format!("\"{webcal}\"")),
            "{headers:?}: no {webcal}"
        );
    }
}

#[tokio::test]
async fn each_meeting_downloads_as_one_event() {
    let (app, store) = app_and_store().await;
    let id = prepared_meeting(store.as_ref()).await;
    prepared_other(store.as_ref()).await;
    let page = get(&app, &format!("/meetings/{id}")).await;
    assert!(
        page.body
            .contains(&format!("href=\"/meetings/{id}/event.ics\""))
    );

    let r = get(&app, &format!("/meetings/{id}/event.ics")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(
        r.header("content-disposition")
            .is_some_and(|v| v.contains(&format!("meeting-{id}.ics")))
    );
    assert_eq!(events(&r.body), ["SCCR 49"], "one VEVENT: {}", r.body);
    assert!(r.body.contains("DTSTART;VALUE=DATE:20261109\r\n"));
    assert!(r.body.contains("DTEND;VALUE=DATE:20261114\r\n"));
    // Our own reader takes it back too.
    let read = southdesk_calendar::parse_ics(
        &r.body,
        &southdesk_calendar::Forums::embedded(),
        &southdesk_plan::Plan::embedded_2026_2028(),
    )
    .unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].uid, "prep@x");

    assert_eq!(
        get(&app, "/meetings/999/event.ics").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/meetings/abc/event.ics").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn prepared_other(store: &dyn southdesk_store::Store) {
    let mut data = southdesk_calendar::MeetingData {
        uid: "other@x".into(),
        series: None,
        body: None,
        title: "Another meeting".into(),
        agenda: String::new(),
        when: southdesk_calendar::When::AllDay {
            first: jiff::civil::date(2026, 11, 10),
            last: jiff::civil::date(2026, 11, 10),
        },
        venue: None,
        online_url: None,
        languages: vec![],
        status: southdesk_calendar::Status::Planned,
        themes: vec![],
        roles: vec![],
        checklist: vec![],
    };
    data.validate().unwrap();
    store.create_meeting(data).await.unwrap();
}

fn ics_upload(
    csrf: &str,
    file_name: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "----southdeskCalendarBoundary11";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    field(southdesk_web::app::auth::CSRF_FIELD, csrf);
    field("ics", "");
    for (k, v) in extra {
        field(k, v);
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: text/calendar\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload_ics(
    app: &axum::Router,
    b: &Browser,
    name: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> Reply {
    let (ct, body) = ics_upload(&b.csrf, name, bytes, extra);
    let req = Request::post("/meetings/import")
        .header("content-type", ct)
        .header("cookie", session_cookie(&b.cookie))
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

#[tokio::test]
async fn staff_who_may_import_find_the_page_and_upload_a_file() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    add_account(store.as_ref(), "s@southcentre.example", Role::Staff).await;
    let c = login(&app, "c@southcentre.example", PASSWORD).await;
    let s = login(&app, "s@southcentre.example", PASSWORD).await;

    // The link is there for whoever may import, and only for them.
    let r = request(&app, Method::GET, "/meetings", Some(&c), &[]).await;
    assert!(r.body.contains("href=\"/meetings/import\""));
    for b in [None, Some(&s)] {
        let r = request(&app, Method::GET, "/meetings", b, &[]).await;
        assert!(!r.body.contains("href=\"/meetings/import\""));
    }
    let form = request(&app, Method::GET, "/meetings/import", Some(&c), &[]).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(form.body.contains("type=\"file\""));

    // A bad file: the error names the file, the line and the event; nothing stored.
    let bad = ICS.replace(
        "America/New_York:20261102T100000",
        "Mars/Base:20261102T100000",
    );
    let r = upload_ics(&app, &c, "un-calendar.ics", bad.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains(
            "Nothing was imported: un-calendar.ics: line 7, event &quot;inc-3@un.example&quot;"
        ),
        "{}",
        r.body
    );
    let r = upload_ics(
        &app,
        &c,
        "latin1.ics",
        b"BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\n",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("latin1.ics is not UTF-8 text (line 2)"),
        "{}",
        r.body
    );
    assert!(
        store
            .meetings(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    // A good file is imported whole.
    let r = upload_ics(&app, &c, "un-calendar.ics", ICS.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(store.meetings(&Default::default()).await.unwrap().len(), 2);
    // Again with the update option: nothing new, said so.
    let r = upload_ics(
        &app,
        &c,
        "un-calendar.ics",
        ICS.as_bytes(),
        &[("update", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Imported: 0 new, 0 updated, 2 unchanged."),
        "{}",
        r.body
    );
    // Without update, the same file is refused whole.
    let r = upload_ics(&app, &c, "un-calendar.ics", ICS.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store.meetings(&Default::default()).await.unwrap().len(), 2);
    // Staff may not import.
    let r = upload_ics(&app, &s, "un-calendar.ics", ICS.as_bytes(), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

const FORUM_ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
BEGIN:VEVENT\r\nUID:wha79@who.example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260518\r\nDTEND;VALUE=DATE:20260527\r\nSUMMARY:WHA79\r\nLOCATION:Palais des Nations\\, Geneva\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:scp36@wipo.example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261012\r\nDTEND;VALUE=DATE:20261016\r\nSUMMARY:SCP/36\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:gc@wto.example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260722\r\nDTEND;VALUE=DATE:20260724\r\nSUMMARY:General Council\r\nLOCATION:WTO\\, Centre William Rappard\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:retreat@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20260902\r\nSUMMARY:Staff retreat\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[tokio::test]
async fn imported_events_find_their_forum_and_staff_may_change_it() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    let c = login(&app, "c@southcentre.example", PASSWORD).await;
    let r = request(
        &app,
        Method::POST,
        "/meetings/import",
        Some(&c),
        &[("ics", FORUM_ICS)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let by_uid = |uid: &'static str| {
        let store = store.clone();
        async move { store.meeting_by_uid(uid).await.unwrap().unwrap() }
    };
    assert_eq!(
        by_uid("wha79@who.example").await.data.body.as_deref(),
        Some("who-wha")
    );
    assert_eq!(
        by_uid("scp36@wipo.example").await.data.body.as_deref(),
        Some("wipo-scp")
    );
    assert_eq!(
        by_uid("gc@wto.example").await.data.body.as_deref(),
        Some("wto-gc")
    );
    assert_eq!(by_uid("retreat@x").await.data.body, None);

    // The page names the body, and staff who manage meetings may change it.
    let gc = by_uid("gc@wto.example").await;
    let page = request(
        &app,
        Method::GET,
        &format!("/meetings/{}", gc.id),
        Some(&c),
        &[],
    )
    .await;
    assert!(page.body.contains("WTO General Council"));
    assert!(
        page.body.contains("<option value=\"wto-gc\" selected>"),
        "{}",
        page.body
    );
    assert!(
        !get(&app, &format!("/meetings/{}", gc.id))
            .await
            .body
            .contains("id=\"body-form\"")
    );
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{}/body", gc.id),
        Some(&c),
        &[("body", "wto-trips-council")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let now = by_uid("gc@wto.example").await;
    assert_eq!(now.data.body.as_deref(), Some("wto-trips-council"));
    assert!(
        now.data.themes.contains(&"ip".to_string()),
        "{:?}",
        now.data.themes
    );
    let retreat = by_uid("retreat@x").await;
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{}/body", retreat.id),
        Some(&c),
        &[("body", "nonsense")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(by_uid("retreat@x").await.data.body, None);
    let wha = by_uid("wha79@who.example").await;
    request(
        &app,
        Method::POST,
        &format!("/meetings/{}/body", wha.id),
        Some(&c),
        &[("body", "")],
    )
    .await;
    assert_eq!(by_uid("wha79@who.example").await.data.body, None);

    // A new reading of the calendar keeps the staff's choices.
    let r = request(
        &app,
        Method::POST,
        "/meetings/import",
        Some(&c),
        &[
            ("ics", &FORUM_ICS.replace("20260724", "20260725")),
            ("update", "1"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        by_uid("gc@wto.example").await.data.body.as_deref(),
        Some("wto-trips-council")
    );
    assert_eq!(by_uid("wha79@who.example").await.data.body, None);
    assert_eq!(
        by_uid("scp36@wipo.example").await.data.body.as_deref(),
        Some("wipo-scp")
    );

    // Anyone else may not change it.
    let r = request(
        &app,
        Method::POST,
        &format!("/meetings/{}/body", gc.id),
        None,
        &[("body", "")],
    )
    .await;
    assert!(
        r.status == StatusCode::FORBIDDEN
            || r.status == StatusCode::SEE_OTHER
                && r.header("location")
                    .is_some_and(|l| l.starts_with("/login")),
        "{}",
        r.status
    );
    assert_eq!(
        by_uid("gc@wto.example").await.data.body.as_deref(),
        Some("wto-trips-council")
    );
}

#[tokio::test]
async fn the_month_reads_as_a_list_of_days_on_a_phone() {
    let (app, store) = app_and_store().await;
    prepared_meeting(store.as_ref()).await;
    let r = get(&app, "/meetings/month?m=2026-11").await;
    let list = &r.body[r
        .body
        .find("class=\"cal-day-list\"")
        .expect("a list of days")..];
    assert!(list.contains("data-day=\"2026-11-09\""));
    assert!(list.contains("data-day=\"2026-11-13\""));
    assert!(
        !list.contains("data-day=\"2026-11-14\""),
        "only days with meetings"
    );
    assert!(list.contains("SCCR 49"));
}
