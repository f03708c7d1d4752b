//! Agreements and joint work through the router: an agreement recorded
//! with its signed file (refused in the reader's language when it breaks a
//! rule), renewed, and reminded in the inbox before it expires; joint work
//! recorded on an organisation's page and shown on the output's and the
//! meeting's pages, to the public by name only.

use crate::common::accounts::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use southdesk_plan::Role;
use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};

/// Posts the agreement form (with the signed file if given) to `uri` as `b`.
async fn post_agreement(
    app: &axum::Router,
    b: &Browser,
    uri: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Reply {
    let files: Vec<(&str, &str, &str, &[u8])> = file
        .map(|(name, bytes)| vec![("file", name, "application/pdf", bytes)])
        .unwrap_or_default();
    post_multipart(app, b, uri, fields, &files).await
}

async fn organisation(
    store: &dyn southdesk_store::Store,
    name: &str,
    kind: southdesk_contacts::OrgKind,
) -> southdesk_contacts::Organisation {
    store
        .create_organisation(southdesk_contacts::OrgData::new(name, kind))
        .await
        .unwrap()
}

#[tokio::test]
async fn an_agreement_is_recorded_with_its_file_renewed_and_reminded_before_it_expires() {
    let (app, store) = app_and_store().await;
    let staff_account = add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let delegate = login(&app, "delegate@bra.example", PASSWORD).await;
    let uni = organisation(
        store.as_ref(),
        "University of Nairobi",
        southdesk_contacts::OrgKind::University,
    )
    .await;
    let org_page = format!("/contacts/organisations/{}", uni.id);

    // From the organisation's page, the form names it as a party.
    let page = request(&app, Method::GET, &org_page, Some(&staff), &[]).await;
    let new = format!("/contacts/agreements/new?org={}", uni.id);
    assert!(
        page.body.contains(&new.replace('&', "&amp;")),
        "a link to record one"
    );
    let form = request(&app, Method::GET, &new, Some(&staff), &[]).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("University of Nairobi"));

    let today = time::OffsetDateTime::now_utc().date();
    let until = (today + time::Duration::days(30)).to_string();
    let uni_id = uni.id.to_string();
    let staff_id = staff_account.id.to_string();
    let fields = |signed_on: &'static str| {
        vec![
            ("title", "MoU on health research"),
            ("kind", "mou"),
            ("parties", uni_id.as_str()),
            ("stage", "signed"),
            ("signed_on", signed_on),
            ("valid_from", "2024-03-01"),
            ("valid_until", until.as_str()),
            ("renewal", "by-amendment"),
            ("term_months", "24"),
            ("notice_days", "90"),
            ("responsible", staff_id.as_str()),
            ("themes", "health"),
        ]
    };
    let pdf = b"%PDF-1.7 the signed memorandum".as_slice();

    // Signed without a signing day: refused in French, naming the field,
    // what was typed kept, nothing stored.
    let r = post_agreement(
        &app,
        &staff,
        "/contacts/agreements?lang=fr",
        &fields(""),
        Some(("MoU signé.pdf", pdf)),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let text = readable_text(&r.body);
    assert!(text.contains("Signé le"), "{text}");
    assert!(
        r.body.contains("MoU on health research"),
        "the title is kept"
    );
    assert!(
        store
            .agreements(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );

    let r = post_agreement(
        &app,
        &staff,
        "/contacts/agreements",
        &fields("2024-03-01"),
        Some(("MoU signé.pdf", pdf)),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.header("location").unwrap().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = request(&app, Method::GET, &page, Some(&staff), &[]).await;
    let text = readable_text(&shown.body);
    assert!(text.contains("Expiring soon"), "{text}");
    assert!(text.contains("MoU signé.pdf"), "{text}");
    assert!(text.contains("90 days before the last day"), "{text}");

    // The signed file comes back as it was sent, named as it was.
    let file = request(
        &app,
        Method::GET,
        &format!("{page}/file"),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body.as_bytes(), pdf);
    let disposition = file.header("content-disposition").unwrap();
    assert!(
        disposition.contains("attachment") && disposition.contains("MoU%20sign%C3%A9.pdf"),
        "{disposition}"
    );

    // On the party's page, and in the list of those expiring (not expired).
    let page_of_uni = request(&app, Method::GET, &org_page, Some(&staff), &[]).await;
    assert!(page_of_uni.body.contains(&format!("href=\"{page}\"")));
    let expiring = request(
        &app,
        Method::GET,
        "/contacts/agreements?standing=expiring",
        Some(&staff),
        &[],
    )
    .await;
    assert!(expiring.body.contains("MoU on health research"));
    let expired = request(
        &app,
        Method::GET,
        "/contacts/agreements?standing=expired",
        Some(&staff),
        &[],
    )
    .await;
    assert!(!expired.body.contains("MoU on health research"));

    // The day's round puts a reminder in the responsible one's inbox, in
    // their language, leading to the agreement.
    let done = store.remind_agreements(today).await.unwrap();
    assert_eq!(done.reminded, [id]);
    let inbox = request(&app, Method::GET, "/inbox?lang=es", Some(&staff), &[]).await;
    let text = readable_text(&inbox.body);
    assert!(
        text.contains("El acuerdo «MoU on health research» vence el"),
        "{text}"
    );
    assert!(inbox.body.contains(&format!("href=\"{page}\"")));

    // Renewed by its term: 24 months from the last day.
    let r = request(
        &app,
        Method::POST,
        &format!("{page}/renew"),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let renewed = store.agreement(id).await.unwrap().unwrap();
    assert_eq!(
        renewed.data.valid_until,
        Some(southdesk_contacts::add_months(
            today + time::Duration::days(30),
            24
        ))
    );
    let text = readable_text(
        &request(&app, Method::GET, &page, Some(&staff), &[])
            .await
            .body,
    );
    assert!(text.contains("Renewed on"), "{text}");
    assert!(text.contains("In force"), "{text}");

    // An edit without a file keeps the signed one.
    let r = post_agreement(
        &app,
        &staff,
        &format!("{page}/edit"),
        &fields("2024-03-01"),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let kept = store.agreement(id).await.unwrap().unwrap();
    assert_eq!(kept.file, renewed.file);
    assert_eq!(kept.data.renewals, renewed.data.renewals);

    // The API lists it among those expiring, to the Secretariat's token.
    let token =
        southdesk_store::credentials::create_api_token(store.as_ref(), staff_account.id, "t")
            .await
            .unwrap()
            .1;
    let call = |uri: String| {
        let req = axum::http::Request::get(uri)
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::empty())
            .unwrap();
        send(&app, req)
    };
    let r = call(format!(
        "/api/v1/contacts/agreements?standing=expiring&organisation={}",
        uni.id
    ))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let json = r.json();
    assert_eq!(json["agreements"][0]["id"], id);
    assert_eq!(json["agreements"][0]["file"], "MoU signé.pdf");
    assert_eq!(
        json["agreements"][0]["renewals"].as_array().unwrap().len(),
        1
    );
    let r = call("/api/v1/contacts/agreements?standing=soon".into()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = call(format!("/api/v1/contacts/agreements/{id}")).await;
    // The edit above gave back the first last day.
    assert_eq!(r.json()["standing"], "expiring");

    // Delegates see no agreement, nor its file.
    for uri in [
        page.clone(),
        format!("{page}/file"),
        "/contacts/agreements".into(),
    ] {
        let r = request(&app, Method::GET, &uri, Some(&delegate), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
    }
}

fn brief(title: &str) -> NewOutput {
    NewOutput {
        output_type: OutputType::PolicyBrief,
        series: None,
        number: None,
        date: time::macros::date!(2026 - 03 - 01),
        visibility: Visibility::Public,
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
        tags_confirmed: true,
        proposed_tags: vec![],
    }
}

#[tokio::test]
async fn joint_work_is_recorded_on_the_organisation_and_shown_on_the_output_and_the_meeting() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let unctad = organisation(
        store.as_ref(),
        "UNCTAD",
        southdesk_contacts::OrgKind::UnBody,
    )
    .await;
    let output = store
        .create_output(brief("Debt and development finance"), None)
        .await
        .unwrap();
    let mut meeting = southdesk_calendar::MeetingData {
        uid: "side-event@x".into(),
        series: None,
        body: None,
        title: "Side event on debt".into(),
        agenda: String::new(),
        when: southdesk_calendar::When::AllDay {
            first: jiff::civil::date(2026, 7, 1),
            last: jiff::civil::date(2026, 7, 1),
        },
        venue: None,
        online_url: None,
        languages: vec![],
        status: southdesk_calendar::Status::Confirmed,
        themes: vec![],
        roles: vec![],
        checklist: vec![],
    };
    meeting.validate().unwrap();
    let meeting = store.create_meeting(meeting).await.unwrap();
    let org_page = format!("/contacts/organisations/{}", unctad.id);
    let org_id = unctad.id.to_string();

    // A part the work has no place for: refused in Chinese, naming the field.
    let meeting_path = format!("/meetings/{}", meeting.id);
    let r = request(
        &app,
        Method::POST,
        "/contacts/joint-work?lang=zh",
        Some(&staff),
        &[
            ("organisation", org_id.as_str()),
            ("work", meeting_path.as_str()),
            ("role", "co-publisher"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(readable_text(&r.body).contains("角色"), "{}", r.body);

    for (work, role) in [
        (
            format!("https://desk.example/outputs/{}", output.id),
            "co-publisher",
        ),
        (meeting_path.clone(), "co-organiser"),
    ] {
        let r = request(
            &app,
            Method::POST,
            "/contacts/joint-work",
            Some(&staff),
            &[
                ("organisation", org_id.as_str()),
                ("work", work.as_str()),
                ("role", role),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(r.header("location").unwrap().starts_with(&org_page));
    }
    // On the organisation's page, each with its part and its link.
    let page = request(&app, Method::GET, &org_page, Some(&staff), &[]).await;
    let text = readable_text(&page.body);
    assert!(text.contains("co-publisher"), "{text}");
    assert!(text.contains("Debt and development finance"), "{text}");
    assert!(page.body.contains(&format!("href=\"{meeting_path}\"")));

    // On the output's page: the public reads the name and the part, staff
    // also get the link to the organisation.
    let public = get(&app, &format!("/outputs/{}", output.id)).await;
    let text = readable_text(&public.body);
    assert!(text.contains("UNCTAD (co-publisher)"), "{text}");
    assert!(!public.body.contains(&org_page));
    let to_staff = request(
        &app,
        Method::GET,
        &format!("/outputs/{}", output.id),
        Some(&staff),
        &[],
    )
    .await;
    assert!(to_staff.body.contains(&format!("href=\"{org_page}\"")));
    let m = get(&app, &format!("{meeting_path}?lang=fr")).await;
    assert!(
        readable_text(&m.body).contains("UNCTAD (coorganisateur)"),
        "{}",
        m.body
    );

    // Removed when recorded by mistake.
    let joint = store.joint_work_of_org(unctad.id).await.unwrap();
    let r = request(
        &app,
        Method::POST,
        &format!("/contacts/joint-work/{}/delete", joint[0].id),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(store.joint_work_of_org(unctad.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_duplicate_organisation_is_reviewed_then_merged_with_its_agreements_and_joint_work() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let keep = organisation(
        store.as_ref(),
        "UNCTAD",
        southdesk_contacts::OrgKind::UnBody,
    )
    .await;
    let other = organisation(
        store.as_ref(),
        "CNUCED",
        southdesk_contacts::OrgKind::UnBody,
    )
    .await;
    let mou = store
        .create_agreement(
            southdesk_contacts::AgreementData::draft(
                "Draft MoU",
                southdesk_contacts::AgreementKind::Mou,
                vec![other.id],
            ),
            None,
            None,
        )
        .await
        .unwrap();
    let page = format!("/contacts/organisations/{}", keep.id);
    let shown = request(&app, Method::GET, &page, Some(&staff), &[]).await;
    assert!(shown.body.contains(&format!("action=\"{page}/merge\"")));

    // Itself: refused in French, nothing changes.
    let own = keep.id.to_string();
    let r = request(
        &app,
        Method::POST,
        &format!("{page}/merge?lang=fr"),
        Some(&staff),
        &[("other", own.as_str())],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(readable_text(&r.body).contains("Numéro de l’autre fiche"));
    // Reviewed, then merged.
    let other_no = format!("#{}", other.id);
    let r = request(
        &app,
        Method::POST,
        &format!("{page}/merge"),
        Some(&staff),
        &[("other", other_no.as_str())],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(readable_text(&r.body).contains("CNUCED will be merged into UNCTAD"));
    assert!(
        store
            .organisation(other.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .is_live()
    );
    let other_id = other.id.to_string();
    let r = request(
        &app,
        Method::POST,
        &format!("{page}/merge"),
        Some(&staff),
        &[("other", other_id.as_str()), ("confirm", "yes")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), Some(page.as_str()));
    assert_eq!(
        store.agreement(mou.id).await.unwrap().unwrap().data.parties,
        [keep.id]
    );
    let merged_page = request(&app, Method::GET, &page, Some(&staff), &[]).await;
    assert!(readable_text(&merged_page.body).contains("Draft MoU"));
    // The other's address leads to the kept record; lists no longer show it.
    let r = request(
        &app,
        Method::GET,
        &format!("/contacts/organisations/{}", other.id),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), Some(page.as_str()));
    let list = request(
        &app,
        Method::GET,
        "/contacts?tab=organisations",
        Some(&staff),
        &[],
    )
    .await;
    assert!(!readable_text(&list.body).contains("CNUCED"));
}
