//! The page of an area as a hub: its outputs (recent and most cited),
//! meetings, requests (listed for those who work with them, counted for
//! everyone else), the SDGs its outputs touch and its feeds — each as the
//! reader may see it.

use crate::common::accounts::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use southdesk_plan::Role;
use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};
use southdesk_plan::requests::{LinkKind, Routing};
use southdesk_store::requests::Change;
use southdesk_web::{AppState, router};

fn output(title: &str, visibility: Visibility, themes: &[&str], sdgs: &[u8]) -> NewOutput {
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
        themes: themes.iter().map(|t| t.to_string()).collect(),
        sdgs: sdgs.to_vec(),
        tags_confirmed: true,
        proposed_tags: vec![],
    }
}

/// The text of the element with `id` (up to its closing `</section>`).
fn part<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn an_area_page_gathers_its_work_as_the_reader_may_see_it() {
    let store = seeded_store().await;
    let app = router(AppState::new(store.clone()));
    let admin = add_account(store.as_ref(), "a@southcentre.example", Role::Admin).await;
    add_account(store.as_ref(), "c@southcentre.example", Role::Coordinator).await;
    let programme = southdesk_plan::Plan::embedded_2026_2028().programmes[0]
        .id
        .clone();
    let public = store
        .create_output(
            output(
                "Fisheries subsidies after MC14",
                Visibility::Public,
                &["trade"],
                &[14, 17],
            ),
            None,
        )
        .await
        .unwrap();
    let internal = store
        .create_output(
            output(
                "Negotiating notes on fisheries",
                Visibility::Internal,
                &["trade"],
                &[14],
            ),
            None,
        )
        .await
        .unwrap();
    store
        .create_output(
            output("Vaccine equity", Visibility::Public, &["health"], &[3]),
            None,
        )
        .await
        .unwrap();

    // Two open requests on trade, one confidential; the first cites the
    // public brief twice over (answer and follow-up).
    let mut ids = Vec::new();
    for (title, confidential) in [
        ("Advice on fisheries subsidies", false),
        ("Secret tactics", true),
    ] {
        let mut n = southdesk_store::requests::NewRequest {
            submitted_by: admin.id,
            requester: southdesk_plan::requests::Requester::Member("BRA".into()),
            contact: "Mission".into(),
            title: title.into(),
            text: "Please advise.".into(),
            lang: "en".into(),
            mode: southdesk_plan::requests::Mode::PolicyAdvice,
            forum: None,
            meeting: None,
            deadline: None,
            confidential,
            channel: southdesk_plan::requests::Channel::Web,
            received_at: time::OffsetDateTime::now_utc(),
            ack_due: time::OffsetDateTime::now_utc().date(),
            routing: Routing::default(),
            sdgs: vec![],
            tags_json: "{}".into(),
            attachments: vec![],
            idempotency: None,
            notify: vec![],
        };
        n.routing = Routing {
            themes: vec!["trade".into()],
            lead: Some(programme.clone()),
            supporting: vec![],
            out_of_plan: false,
        };
        ids.push(store.submit_request(n).await.unwrap().request.id);
    }
    for target in [public.id, internal.id] {
        store
            .change_request(
                ids[0],
                admin.id,
                Change::Link {
                    kind: LinkKind::Output,
                    target,
                },
                vec![],
            )
            .await
            .unwrap();
    }

    // The public: public outputs only, counts of requests (the
    // confidential one not even counted), SDGs, absolute feed addresses.
    let p = get(&app, "/themes/trade?lang=en").await;
    assert_eq!(p.status, StatusCode::OK);
    let recent = part(&p.body, "area-recent");
    assert!(
        recent.contains("Fisheries subsidies after MC14"),
        "{recent}"
    );
    assert!(
        !p.body.contains("Negotiating notes"),
        "internal output shown"
    );
    assert!(!recent.contains("Vaccine equity"), "another area's output");
    assert!(recent.contains("href=\"/themes/trade/outputs\""));
    let cited = part(&p.body, "area-cited");
    assert!(
        cited.contains("Fisheries subsidies after MC14") && cited.contains("cited once"),
        "{cited}"
    );
    let requests = part(&p.body, "area-requests");
    assert!(
        requests.contains("One request on this area is open."),
        "{requests}"
    );
    assert!(!p.body.contains("Advice on fisheries") && !p.body.contains("Secret tactics"));
    assert!(
        !requests.contains("href=\"/requests"),
        "no desk link for the public"
    );
    let sdgs = part(&p.body, "area-sdgs");
    assert!(
        sdgs.contains("href=\"/outputs?theme=trade&amp;sdg=14\""),
        "{sdgs}"
    );
    assert!(sdgs.contains("href=\"/outputs?theme=trade&amp;sdg=17\""));
    assert!(!sdgs.contains("sdg=3\""), "health's SDG is not trade's");
    let feeds = part(&p.body, "area-feeds");
    assert!(
        feeds.contains("href=\"http://localhost/feeds/themes/trade.atom\""),
        "{feeds}"
    );
    assert!(feeds.contains("href=\"webcal://localhost/meetings/themes/trade/feed.ics\""));
    assert!(feeds.contains("value=\"http://localhost/meetings/themes/trade/feed.ics\""));
    // The feed it points to is there.
    assert_eq!(
        get(&app, "/feeds/themes/trade.atom").await.status,
        StatusCode::OK
    );

    // In Chinese, the same hub in the reader's language.
    let zh = get(&app, "/themes/trade?lang=zh").await;
    assert!(
        zh.body.contains("该领域的工作") && zh.body.contains("被引用 1 次"),
        "zh"
    );

    // The lead programme's coordinator: the internal output too, both
    // requests counted, listed and linked.
    let s = login(&app, "c@southcentre.example", PASSWORD).await;
    let p = request(&app, Method::GET, "/themes/trade?lang=en", Some(&s), &[]).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(part(&p.body, "area-recent").contains("Negotiating notes on fisheries"));
    let requests = part(&p.body, "area-requests");
    assert!(
        requests.contains("Advice on fisheries subsidies"),
        "{requests}"
    );
    assert!(requests.contains("href=\"/requests?theme=trade\""));
    let cited = part(&p.body, "area-cited");
    assert!(cited.contains("Negotiating notes on fisheries"), "{cited}");

    // An area with no work yet says so and points onward.
    let empty = get(&app, "/themes/health?lang=en").await;
    assert!(part(&empty.body, "area-cited").contains("No output of this area has been cited"));
    assert!(part(&empty.body, "area-requests").contains("No request on this area is open."));
}
