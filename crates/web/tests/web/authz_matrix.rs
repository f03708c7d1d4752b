//! Every route of the router (read from the one route table,
//! `southdesk_web::routes::table`) × every role, logged in through the real
//! `/login`: each gets what `plan::authz::allowed` says, and denials take
//! the expected form — the login page for anonymous visitors of pages, 401
//! for anonymous API calls, 403 for logged-in accounts.

use crate::common::accounts::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use southdesk_plan::authz::allowed;
use southdesk_plan::{Account, Role};
use southdesk_web::app::routes::Kind;
use southdesk_web::routes as table;

/// How the guard said no, if it did.
fn denial(r: &Reply) -> Option<&'static str> {
    let location = r.header("location").unwrap_or("");
    if r.status == StatusCode::SEE_OTHER && location.starts_with("/login") {
        Some("login")
    } else if r.status == StatusCode::UNAUTHORIZED && r.body.contains("\"unauthorized\"") {
        Some("401")
    } else if r.status == StatusCode::FORBIDDEN {
        Some("403")
    } else {
        None
    }
}

/// Request 1, which every role allowed to read requests may read: made by
/// Brazil (the delegates'), led by the coordinators' programme, assigned to
/// the staff account. Routes on one request answer for it.
async fn seed_request(
    store: &dyn southdesk_store::Store,
    people: &[(Role, Option<Account>, Option<Browser>)],
) {
    use southdesk_plan::requests::{Channel, Mode, Requester, Routing};
    use southdesk_store::requests::{Change, NewRequest};
    let id_of = |r: Role| {
        people
            .iter()
            .find(|(role, _, _)| *role == r)
            .and_then(|(_, a, _)| a.as_ref())
            .map(|a| a.id)
            .unwrap()
    };
    let programme = southdesk_plan::Plan::embedded_2026_2028().programmes[0]
        .id
        .clone();
    let r = store
        .submit_request(NewRequest {
            submitted_by: id_of(Role::Delegate),
            requester: Requester::Member("BRA".into()),
            contact: "mission".into(),
            title: "Seed".into(),
            text: "Seed request".into(),
            lang: "en".into(),
            mode: Mode::Research,
            forum: None,
            meeting: None,
            deadline: None,
            confidential: false,
            channel: Channel::Web,
            received_at: time::OffsetDateTime::now_utc(),
            ack_due: time::OffsetDateTime::now_utc().date(),
            routing: Routing {
                themes: vec![],
                lead: Some(programme),
                supporting: vec![],
                out_of_plan: false,
            },
            sdgs: vec![],
            tags_json: "{}".into(),
            attachments: vec![southdesk_store::requests::NewAttachment {
                filename: "a.txt".into(),
                content_type: "text/plain".into(),
                sha256: southdesk_common::sha256_hex(b"a"),
                bytes: b"a".to_vec(),
            }],
            idempotency: None,
            notify: vec![],
        })
        .await
        .unwrap();
    assert_eq!(r.request.id, 1);
    store
        .change_request(
            1,
            id_of(Role::Admin),
            Change::Assign {
                assignees: vec![id_of(Role::Staff)],
            },
            vec![],
        )
        .await
        .unwrap();
}

/// Output 1, public, with a file: the record the route table's examples
/// (`/outputs/1`, `/files/347e5d9f…`) point at.
async fn fixture_output(store: &dyn southdesk_store::Store) {
    use southdesk_plan::outputs::*;
    let bytes = b"%PDF-1.4 southdesk fixture\n";
    let sha = southdesk_common::sha256_hex(bytes);
    store.put_file(&sha, bytes).await.unwrap();
    let o = store
        .create_output(
            NewOutput {
                output_type: OutputType::PolicyBrief,
                series: None,
                number: None,
                date: time::macros::date!(2026 - 01 - 15),
                visibility: Visibility::Public,
                versions: vec![OutputVersion {
                    lang: southdesk_plan::Lang::En,
                    title: "Fixture".into(),
                    abstract_: String::new(),
                    body: String::new(),
                    file: Some(FileRef {
                        sha256: sha,
                        size: bytes.len() as u64,
                        media_type: "application/pdf".into(),
                        name: "fixture.pdf".into(),
                    }),
                }],
                authors: vec![],
                programmes: vec![],
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
    assert_eq!(o.id, 1);
}

#[tokio::test]
async fn every_route_answers_every_role_as_authz_decides() {
    let (app, store) = app_and_store().await;
    // A meeting, so that the calendar's routes of one meeting (`…/1`) answer.
    let mut meeting = southdesk_calendar::MeetingData {
        uid: "matrix@southdesk".into(),
        series: None,
        body: Some("wto-gc".into()),
        title: "WTO General Council".into(),
        agenda: String::new(),
        when: southdesk_calendar::When::AllDay {
            first: jiff::civil::date(2026, 3, 2),
            last: jiff::civil::date(2026, 3, 3),
        },
        venue: None,
        online_url: None,
        languages: vec![],
        status: southdesk_calendar::Status::Planned,
        themes: vec!["trade".into()],
        roles: vec![],
        checklist: vec![],
    };
    meeting.validate().unwrap();
    assert_eq!(store.create_meeting(meeting).await.unwrap().id, 1);
    // Organisation, person, post and tenure 1, for the contacts' record routes.
    let org = store
        .create_organisation(southdesk_contacts::OrgData {
            country: Some("KEN".into()),
            ..southdesk_contacts::OrgData::new(
                "Permanent Mission of Kenya",
                southdesk_contacts::OrgKind::PermanentMission,
            )
        })
        .await
        .unwrap();
    let person = store
        .create_person(
            southdesk_contacts::PersonData {
                emails: vec!["amina@example.org".into()],
                ..southdesk_contacts::PersonData::new("Amina Odhiambo")
            },
            None,
        )
        .await
        .unwrap();
    let post = store
        .create_post(southdesk_contacts::PostData {
            organisation: org.id,
            title: "Counsellor".into(),
            portfolio: Some("WTO".into()),
            themes: vec![],
        })
        .await
        .unwrap();
    let tenure = store
        .add_tenure(southdesk_contacts::TenureData {
            post: post.id,
            person: person.id,
            from: time::macros::date!(2024 - 01 - 01),
            to: None,
        })
        .await
        .unwrap();
    // Agreement 1, with its signed file.
    let agreement = store
        .create_agreement(
            southdesk_contacts::AgreementData::draft(
                "MoU with the mission",
                southdesk_contacts::AgreementKind::Mou,
                vec![org.id],
            ),
            Some(southdesk_store::SignedUpload {
                name: "mou.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: b"%PDF-1.7 signed".to_vec(),
            }),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        [org.id, person.id, post.id, tenure.id, agreement.id],
        [1, 1, 1, 1, 1]
    );
    let mut people: Vec<(Role, Option<Account>, Option<Browser>)> = Vec::new();
    for role in Role::ALL {
        if role == Role::Public {
            people.push((role, None, None));
            continue;
        }
        let email = format!("{role}@southcentre.example");
        let account = add_account(store.as_ref(), &email, role).await;
        let browser = login(&app, &email, PASSWORD).await;
        people.push((role, Some(account), Some(browser)));
    }
    seed_request(store.as_ref(), &people).await;
    // Output 1 and its file, for the knowledge base's record routes.
    fixture_output(store.as_ref()).await;

    // Logging out ends the session: those routes go last.
    let mut routes = table();
    routes.sort_by_key(|r| r.path == "/logout");
    assert!(routes.len() >= 25, "{} routes", routes.len());

    let mut problems = Vec::new();
    for def in &routes {
        for (role, account, browser) in &people {
            let r = request(&app, def.method.clone(), def.example, browser.as_ref(), &[]).await;
            // The API takes no session cookie for writes: such calls are
            // anonymous.
            let account = if def.kind == Kind::Api && def.method != Method::GET {
                &None
            } else {
                account
            };
            let may = allowed(account.as_ref(), &def.action);
            let got = denial(&r);
            let expected = match (may, account, def.kind) {
                (true, _, _) => None,
                (false, None, Kind::Page) => Some("login"),
                (false, None, _) => Some("401"),
                (false, Some(_), _) => Some("403"),
            };
            let mut ok = got == expected;
            if may && def.method == Method::GET {
                // Allowed pages answer, or redirect elsewhere than the login page.
                ok &= r.status == StatusCode::OK || r.status.is_redirection();
            }
            if !ok {
                problems.push(format!(
                    "{def:?} ({}) as {role}: status {} ({got:?}), expected {}",
                    def.example,
                    r.status,
                    expected.unwrap_or("allowed")
                ));
            }
        }
    }

    // An address that is no route: 404 for everyone.
    for (role, _, browser) in &people {
        if *role == Role::Public || browser.is_some() {
            let r = request(&app, Method::GET, "/no/such/page", None, &[]).await;
            if r.status != StatusCode::NOT_FOUND {
                problems.push(format!("/no/such/page as {role}: {}", r.status));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn anonymous_visitors_of_private_pages_are_sent_to_login_and_back() {
    let (app, _) = app_and_store().await;
    let r = get(&app, "/admin/users?lang=fr").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        Some("/login?next=%2Fadmin%2Fusers%3Flang%3Dfr")
    );
    let r = get(&app, "/api/v1/me").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(r.json()["error"]["code"], "unauthorized");
}
