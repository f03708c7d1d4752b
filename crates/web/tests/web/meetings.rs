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
    let page = get(&app, &page_url).await;
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
