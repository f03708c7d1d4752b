//! The contacts register through the router: who sees it, a refused record
//! told in the reader's language with nothing stored, a person's data
//! exported whole, and erased on request.

use crate::common::accounts::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use southdesk_plan::Role;
use southdesk_store::PersonFilter;

#[tokio::test]
async fn staff_record_people_and_only_management_erases_them() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "boss@southcentre.example", Role::Management).await;
    add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let boss = login(&app, "boss@southcentre.example", PASSWORD).await;
    let delegate = login(&app, "delegate@bra.example", PASSWORD).await;

    // A bad e-mail: refused in French, naming the field, what was typed kept.
    let r = request(
        &app,
        Method::POST,
        "/contacts/people?lang=fr",
        Some(&staff),
        &[
            ("name", "李明"),
            ("latin_name", "Li Ming"),
            ("emails", "li.ming@example.org\nnot-an-address"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = readable_text(&r.body);
    assert!(text.contains("Adresses électroniques"), "{text}");
    assert!(r.body.contains("not-an-address"), "the typed text is kept");
    assert!(nobody(store.as_ref()).await);

    let r = request(
        &app,
        Method::POST,
        "/contacts/people",
        Some(&staff),
        &[
            ("name", "李明"),
            ("latin_name", "Li Ming"),
            ("emails", "li.ming@example.org"),
            ("phones", "+41 22 555 01 02"),
            ("themes", "trade"),
            ("consent", "yes"),
            ("consent_source", "registration form"),
            ("consent_on", "2026-03-02"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.header("location").unwrap().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = request(
        &app,
        Method::GET,
        &format!("{page}?lang=zh"),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("李明 (Li Ming)"));
    assert!(shown.body.contains("同意被联系"), "consent, in Chinese");
    // Staff do not get the erasure form; management does.
    assert!(!shown.body.contains("/erase"));
    let to_boss = request(&app, Method::GET, &page, Some(&boss), &[]).await;
    assert!(
        to_boss
            .body
            .contains(&format!("/contacts/people/{id}/erase"))
    );
    // A delegate sees no one.
    let r = request(&app, Method::GET, &page, Some(&delegate), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = request(&app, Method::GET, "/contacts?q=li", Some(&delegate), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Export: the record whole, as JSON to keep.
    let r = request(
        &app,
        Method::GET,
        &format!("/contacts/people/{id}/export.json"),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    let json = r.json();
    assert_eq!(json["person"]["emails"][0], "li.ming@example.org");
    assert_eq!(json["person"]["consent"]["source"], "registration form");

    // Erasure: refused unconfirmed, then done; nothing finds the person.
    let erase = format!("/contacts/people/{id}/erase");
    let r = request(
        &app,
        Method::POST,
        &erase,
        Some(&staff),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = request(&app, Method::POST, &erase, Some(&boss), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        !store
            .person(id)
            .await
            .unwrap()
            .unwrap()
            .data
            .emails
            .is_empty()
    );
    let r = request(
        &app,
        Method::POST,
        &erase,
        Some(&boss),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let shown = request(&app, Method::GET, &page, Some(&staff), &[]).await;
    assert!(!shown.body.contains("Li Ming") && !shown.body.contains("李明"));
    assert!(
        shown.body.contains("erased on request"),
        "{}",
        readable_text(&shown.body)
    );
    let r = request(&app, Method::GET, "/contacts?q=li+ming", Some(&staff), &[]).await;
    assert!(!r.body.contains("Li Ming"));
    let exported = request(
        &app,
        Method::GET,
        &format!("/contacts/people/{id}/export.json"),
        Some(&staff),
        &[],
    )
    .await;
    assert!(!exported.body.contains("li.ming"), "{}", exported.body);

    // The audit log: the recorder's own views are not in it; management's
    // view, both exports and the erasure are, and only admins read it.
    use southdesk_store::ContactAccess::*;
    let log: Vec<_> = store
        .contact_audit(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.person))
        .collect();
    assert_eq!(log, [(Export, id), (Erase, id), (Export, id), (View, id)]);
    let r = request(&app, Method::GET, "/contacts/audit", Some(&boss), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    add_account(store.as_ref(), "admin@southcentre.example", Role::Admin).await;
    let admin = login(&app, "admin@southcentre.example", PASSWORD).await;
    let r = request(
        &app,
        Method::GET,
        "/contacts/audit?lang=es",
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("boss@southcentre.example"));
    assert!(r.body.contains("Borrada") && r.body.contains("Exportada"));
}

/// Whether the register holds no one.
async fn nobody(store: &dyn southdesk_store::Store) -> bool {
    store
        .people(&PersonFilter::default())
        .await
        .unwrap()
        .is_empty()
}

/// A permanent mission of `iso3` named `name`.
async fn mission(
    store: &dyn southdesk_store::Store,
    name: &str,
    iso3: &str,
) -> southdesk_contacts::Organisation {
    store
        .create_organisation(southdesk_contacts::OrgData {
            country: Some(iso3.into()),
            ..southdesk_contacts::OrgData::new(name, southdesk_contacts::OrgKind::PermanentMission)
        })
        .await
        .unwrap()
}

/// Posts `fields` and a CSV file to `/contacts/import` as `b`.
async fn import(
    app: &axum::Router,
    b: &Browser,
    lang: &str,
    fields: &[(&str, &str)],
    file: Option<&[u8]>,
) -> Reply {
    let files: Vec<(&str, &str, &str, &[u8])> = file
        .map(|bytes| vec![("file", "mission.csv", "text/csv", bytes)])
        .unwrap_or_default();
    post_multipart(
        app,
        b,
        &format!("/contacts/import?lang={lang}"),
        fields,
        &files,
    )
    .await
}

#[tokio::test]
async fn a_csv_of_mission_contacts_is_previewed_fixed_imported_and_exported() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "admin@southcentre.example", Role::Admin).await;
    add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let delegate = login(&app, "delegate@bra.example", PASSWORD).await;
    let csv = "姓名,拼音,电子邮件,机构,机构类型,国家,职位,任职日期\n\
               王芳,Wang Fang,wang.fang@mission.example.org,中国常驻日内瓦代表团,permanent-mission,CHN,参赞,2026-09-01\n\
               Kwame Mensah,,kwame@@ghana.example.org,Permanent Mission of Ghana,permanent-mission,GHA,Counsellor,\n";

    // The list offers the import; a delegate gets neither page nor list.
    let list = request(&app, Method::GET, "/contacts", Some(&staff), &[]).await;
    assert!(list.body.contains("href=\"/contacts/import\""));
    for path in [
        "/contacts/import",
        "/contacts/export.csv",
        "/contacts/export.vcf",
    ] {
        let r = request(&app, Method::GET, path, Some(&delegate), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = import(&app, &delegate, "en", &[], Some(csv.as_bytes())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A refused row: in Spanish, its line and column named, nothing stored,
    // the rows kept in the box to be fixed.
    let r = import(&app, &staff, "es", &[], Some(csv.as_bytes())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let text = readable_text(&r.body);
    assert!(text.contains("Se rechazan 1 de 2 filas"), "{text}");
    assert!(text.contains("Columna «电子邮件»"), "{text}");
    assert!(text.contains("kwame@@ghana.example.org"), "{text}");
    assert!(r.body.contains("id=\"line-3\""));
    assert!(
        !r.body.contains("id=\"import-confirm\""),
        "no import with a refused row"
    );
    assert!(nobody(store.as_ref()).await);

    // Fixed in the box: a preview, still nothing stored.
    let fixed = csv.replace("kwame@@", "kwame@");
    let r = import(&app, &staff, "en", &[("csv", &fixed)], None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let text = readable_text(&r.body);
    assert!(text.contains("2 rows checked: 2 new"), "{text}");
    assert!(
        text.contains("New organisation: Permanent Mission of Ghana"),
        "{text}"
    );
    assert!(r.body.contains("id=\"import-confirm\""));
    assert!(nobody(store.as_ref()).await);

    // Confirmed: both written, with their posts.
    let r = import(
        &app,
        &staff,
        "en",
        &[("csv", &fixed), ("confirm", "1")],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(readable_text(&r.body).contains("Imported: 2 new"));
    let people = store.people(&PersonFilter::default()).await.unwrap();
    assert_eq!(people.len(), 2);
    let wang = store
        .people(&PersonFilter {
            query: "wang fang".into(),
            limit: 0,
            theme: None,
        })
        .await
        .unwrap();
    assert_eq!(wang.len(), 1);
    assert_eq!(wang[0].data.name, "王芳");
    let held = store.holdings(&[wang[0].id], None).await.unwrap();
    assert_eq!(held[0].organisation.data.name, "中国常驻日内瓦代表团");
    assert_eq!(held[0].organisation.data.country.as_deref(), Some("CHN"));
    assert_eq!(held[0].post.data.title, "参赞");

    // Not UTF-8: refused with the line, in French.
    let r = import(&app, &staff, "fr", &[], Some(b"nom\nJos\xe9\n")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = readable_text(&r.body);
    assert!(text.contains("mission.csv: ligne 2"), "{text}");
    assert_eq!(
        store.people(&PersonFilter::default()).await.unwrap().len(),
        2
    );

    // Exports: CSV that reads back as the same people, vCard 4.0; each
    // exported person in the audit log.
    let r = request(
        &app,
        Method::GET,
        "/contacts/export.csv?q=wang",
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    assert!(r.header("content-disposition").unwrap().contains(".csv"));
    let sheet = southdesk_contacts::read_people(
        r.body.as_bytes(),
        time::macros::date!(2026 - 12 - 07),
        |_| true,
    )
    .unwrap();
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.rows[0].person, wang[0].data);
    assert_eq!(sheet.rows[0].post.as_ref().unwrap().title, "参赞");
    let r = request(&app, Method::GET, "/contacts/export.vcf", Some(&staff), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/vcard"));
    assert_eq!(r.body.matches("BEGIN:VCARD\r\n").count(), 2, "{}", r.body);
    assert!(r.body.contains("FN:王芳\r\n"), "{}", r.body);
    let log = store.contact_audit(10).await.unwrap();
    let exports = log
        .iter()
        .filter(|e| e.action == southdesk_store::ContactAccess::Export)
        .count();
    assert_eq!(
        exports, 3,
        "one for the CSV of one person, two for the vCards"
    );
}

#[tokio::test]
async fn a_meeting_is_logged_tagged_and_on_both_timelines() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let delegate = login(&app, "delegate@bra.example", PASSWORD).await;
    let mission = mission(store.as_ref(), "Permanent Mission of Ecuador", "ECU").await;
    let li = store
        .create_person(southdesk_contacts::PersonData::new("李明"), None)
        .await
        .unwrap();
    let post = store
        .create_post(southdesk_contacts::PostData {
            organisation: mission.id,
            title: "Counsellor".into(),
            portfolio: None,
            themes: vec![],
        })
        .await
        .unwrap();
    store
        .add_tenure(southdesk_contacts::TenureData {
            post: post.id,
            person: li.id,
            from: time::macros::date!(2025 - 01 - 01),
            to: None,
        })
        .await
        .unwrap();

    // The form offers the person and the mission where they hold a post.
    let form = request(
        &app,
        Method::GET,
        &format!("/contacts/interactions/new?person={}", li.id),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Permanent Mission of Ecuador"));
    let r = request(
        &app,
        Method::GET,
        &format!("/contacts/interactions/new?person={}", li.id),
        Some(&delegate),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let person = li.id.to_string();
    let org = mission.id.to_string();
    let base = [
        ("for_person", person.as_str()),
        ("kind", "meeting"),
        ("on", "2026-11-20"),
        ("people", person.as_str()),
        ("organisations", org.as_str()),
    ];
    // A link to nothing on the desk: refused in Chinese, the typed subject kept.
    let mut fields = base.to_vec();
    fields.extend([
        ("subject", "Fisheries subsidies at the WTO"),
        ("concerns", "/requests/404"),
    ]);
    let r = request(
        &app,
        Method::POST,
        "/contacts/interactions?lang=zh",
        Some(&staff),
        &fields,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        readable_text(&r.body).contains("相关事项"),
        "{}",
        readable_text(&r.body)
    );
    assert!(r.body.contains("Fisheries subsidies at the WTO"));
    assert!(
        store
            .interactions_of(southdesk_store::Party::Person(li.id), 0)
            .await
            .unwrap()
            .is_empty()
    );

    // No theme ticked: the tagger finds trade in the subject and the note.
    let mut fields = base.to_vec();
    fields.extend([
        ("subject", "Fisheries subsidies at the WTO"),
        (
            "note",
            "Went through the draft agreement on fisheries subsidies before the WTO \
             negotiating session; the mission asked for our note on special and \
             differential treatment in trade rules.",
        ),
    ]);
    let r = request(
        &app,
        Method::POST,
        "/contacts/interactions",
        Some(&staff),
        &fields,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        r.header("location")
            .unwrap()
            .starts_with(&format!("/contacts/people/{}#interaction-", li.id))
    );
    let logged = store
        .interactions_of(southdesk_store::Party::Person(li.id), 0)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert!(
        logged[0].data.themes.contains(&"trade".to_string()),
        "{:?}",
        logged[0].data.themes
    );

    // In the person's export of their data.
    let r = request(
        &app,
        Method::GET,
        &format!("/contacts/people/{}/export.json", li.id),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(
        r.json()["interactions"][0]["subject"],
        "Fisheries subsidies at the WTO"
    );

    // On both timelines.
    for page in [
        format!("/contacts/people/{}", li.id),
        format!("/contacts/organisations/{}", mission.id),
    ] {
        let r = request(&app, Method::GET, &page, Some(&staff), &[]).await;
        let text = readable_text(&r.body);
        assert!(
            text.contains("Fisheries subsidies at the WTO"),
            "{page}: {text}"
        );
        assert!(
            r.body
                .contains(&format!("id=\"interaction-{}\"", logged[0].id))
        );
    }
}

#[tokio::test]
async fn a_duplicate_is_reviewed_then_merged_and_its_address_leads_to_the_kept_record() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let keep = store
        .create_person(
            southdesk_contacts::PersonData {
                emails: vec!["wang@mission.example.org".into()],
                ..southdesk_contacts::PersonData::new("王毅")
            },
            None,
        )
        .await
        .unwrap();
    let other = store
        .create_person(
            southdesk_contacts::PersonData {
                emails: vec!["wy@mail.example.org".into()],
                ..southdesk_contacts::PersonData::new("Wang Yi")
            },
            None,
        )
        .await
        .unwrap();
    let page = format!("/contacts/people/{}", keep.id);
    let shown = request(&app, Method::GET, &page, Some(&staff), &[]).await;
    assert!(shown.body.contains(&format!("action=\"{page}/merge\"")));
    assert!(readable_text(&shown.body).contains(&format!("Record #{}", keep.id)));

    // Itself, or no such record: refused in French, nothing changes.
    for (typed, said) in [
        (keep.id.to_string(), "is this very record"),
        ("#9999".to_string(), "#9999"),
    ] {
        let r = request(
            &app,
            Method::POST,
            &format!("{page}/merge?lang=fr"),
            Some(&staff),
            &[("other", typed.as_str())],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = readable_text(&r.body);
        assert!(text.contains("Numéro de l’autre fiche"), "{text}");
        assert!(text.contains(said), "{text}");
    }
    // The review shows both; nothing is merged until confirmed.
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
    let text = readable_text(&r.body);
    assert!(text.contains("Wang Yi will be merged into 王毅"), "{text}");
    assert!(r.body.contains("id=\"merge-confirm\""));
    assert_eq!(store.person(other.id).await.unwrap().unwrap(), other);
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
    let kept = store.person(keep.id).await.unwrap().unwrap();
    assert_eq!(
        kept.data.emails,
        ["wang@mission.example.org", "wy@mail.example.org"]
    );
    // The other's address leads to the kept record.
    let r = request(
        &app,
        Method::GET,
        &format!("/contacts/people/{}", other.id),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), Some(page.as_str()));
    // The merge is in the audit log, by whom.
    add_account(store.as_ref(), "admin@southcentre.example", Role::Admin).await;
    let admin = login(&app, "admin@southcentre.example", PASSWORD).await;
    let audit = request(&app, Method::GET, "/contacts/audit", Some(&admin), &[]).await;
    let text = readable_text(&audit.body);
    assert!(text.contains("Merged into another record"), "{text}");
}

/// `method uri` with a bearer token and an optional CSV body.
async fn api_call(
    app: &axum::Router,
    method: Method,
    uri: &str,
    token: &str,
    csv: Option<&str>,
) -> Reply {
    let mut req = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {token}"));
    let body = match csv {
        Some(c) => {
            req = req.header("content-type", "text/csv");
            axum::body::Body::from(c.to_string())
        }
        None => axum::body::Body::empty(),
    };
    send(app, req.body(body).unwrap()).await
}

#[tokio::test]
async fn the_api_imports_lists_and_reads_people_for_staff_and_names_organisations_for_all() {
    let (app, store) = app_and_store().await;
    let staff = add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let delegate = add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let token = |a: southdesk_plan::Account| {
        let store = store.clone();
        async move {
            southdesk_store::credentials::create_api_token(store.as_ref(), a.id, "test")
                .await
                .unwrap()
                .1
        }
    };
    let staff_token = token(staff.clone()).await;
    let delegate_token = token(delegate).await;
    let csv = "name,latin_name,emails,organisation,organisation_kind,country,post,since\n\
               王芳,Wang Fang,wang.fang@mission.example.org,中国常驻日内瓦代表团,permanent-mission,CHN,参赞,2026-09-01\n\
               Bad,,not-an-address,,,,,\n";

    // A refused row: 422, its line and field, nothing written even with write=true.
    let r = api_call(
        &app,
        Method::POST,
        "/api/v1/contacts/import?write=true",
        &staff_token,
        Some(csv),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["written"], false);
    assert_eq!(v["rows"][1]["line"], 3);
    assert_eq!(v["rows"][1]["action"], "refuse");
    assert_eq!(v["rows"][1]["field"], "emails[0]");
    assert!(nobody(store.as_ref()).await);
    // A file that cannot be read: 400 with the line.
    let r = api_call(
        &app,
        Method::POST,
        "/api/v1/contacts/import",
        &staff_token,
        Some("emails\nx@y.org\n"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("\"bad_file\"") && r.body.contains("line 1"),
        "{}",
        r.body
    );
    // Fixed: a preview, then the write.
    let fixed = csv.replace("Bad,,not-an-address", "Bad,,bad@example.org");
    let r = api_call(
        &app,
        Method::POST,
        "/api/v1/contacts/import",
        &staff_token,
        Some(&fixed),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(nobody(store.as_ref()).await);
    let r = api_call(
        &app,
        Method::POST,
        "/api/v1/contacts/import?write=true",
        &staff_token,
        Some(&fixed),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["written"], true);
    let id = v["rows"][0]["person"].as_i64().unwrap();

    // Found by pinyin, with the post held today.
    let r = api_call(
        &app,
        Method::GET,
        "/api/v1/contacts/people?q=wang+fang",
        &staff_token,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["people"].as_array().unwrap().len(), 1);
    assert_eq!(v["people"][0]["name"], "王芳");
    assert_eq!(v["people"][0]["posts"][0]["title"], "参赞");
    // One person: a read by someone other than who recorded them is in
    // the audit log.
    let r = api_call(
        &app,
        Method::GET,
        &format!("/api/v1/contacts/people/{id}"),
        &staff_token,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        store.contact_audit(10).await.unwrap().is_empty(),
        "the recorder's own read"
    );
    let boss = add_account(store.as_ref(), "boss@southcentre.example", Role::Management).await;
    let boss_token = token(boss.clone()).await;
    let r = api_call(
        &app,
        Method::GET,
        &format!("/api/v1/contacts/people/{id}"),
        &boss_token,
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["latin_name"], "Wang Fang");
    let log = store.contact_audit(10).await.unwrap();
    assert_eq!((log[0].account, log[0].person), (Some(boss.id), id));
    // A delegate: no people, no import.
    for (method, uri) in [
        (Method::GET, "/api/v1/contacts/people".to_string()),
        (Method::GET, format!("/api/v1/contacts/people/{id}")),
        (Method::POST, "/api/v1/contacts/import".to_string()),
    ] {
        let r = api_call(&app, method, &uri, &delegate_token, Some(csv)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(!r.body.contains("王芳"));
    }
    // Everyone: the organisations, with no person named.
    let r = get(&app, "/api/v1/organisations?kind=permanent-mission").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["organisations"][0]["name"], "中国常驻日内瓦代表团");
    assert_eq!(v["organisations"][0]["iati_type"], "10");
    assert!(!r.body.contains("王芳") && !r.body.contains("wang.fang"));
    let r = get(&app, "/api/v1/organisations?kind=club").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // The OpenAPI document lists the paths.
    let doc = get(&app, "/api/openapi.json").await.body;
    for path in [
        "/api/v1/contacts/people",
        "/api/v1/contacts/import",
        "/api/v1/organisations",
    ] {
        assert!(doc.contains(path), "{path}");
    }
}

#[tokio::test]
async fn a_relationship_is_added_from_one_side_and_read_from_both() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let g77 = store
        .create_organisation(southdesk_contacts::OrgData::new(
            "Group of 77",
            southdesk_contacts::OrgKind::Group,
        ))
        .await
        .unwrap();
    let kenya = mission(store.as_ref(), "Permanent Mission of Kenya", "KEN").await;
    let kenya_page = format!("/contacts/organisations/{}", kenya.id);
    let page = request(&app, Method::GET, &kenya_page, Some(&staff), &[]).await;
    assert!(
        page.body.contains(&format!("value=\"o{}\"", g77.id)),
        "the list offers the G77"
    );
    let party = format!("o{}", kenya.id);
    // To itself: refused in Spanish, nothing stored.
    let r = request(
        &app,
        Method::POST,
        "/contacts/relations?lang=es",
        Some(&staff),
        &[
            ("party", party.as_str()),
            ("tie", "member-of"),
            ("other", party.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        readable_text(&r.body).contains("«Con»"),
        "{}",
        readable_text(&r.body)
    );
    let other = format!("Group of 77 (o{})", g77.id);
    let r = request(
        &app,
        Method::POST,
        "/contacts/relations",
        Some(&staff),
        &[
            ("party", party.as_str()),
            ("tie", "member-of"),
            ("other", other.as_str()),
            ("since", "1964-06-15"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Kenya is a member of the G77; the G77 has Kenya as a member.
    let text = readable_text(
        &request(&app, Method::GET, &kenya_page, Some(&staff), &[])
            .await
            .body,
    );
    assert!(text.contains("Member of\nGroup of 77"), "{text}");
    let g77_page = format!("/contacts/organisations/{}", g77.id);
    let bare = request(&app, Method::GET, &g77_page, Some(&staff), &[]).await;
    assert!(
        !bare.body.contains("class=\"facts\""),
        "no empty box of facts"
    );
    let text = readable_text(
        &request(&app, Method::GET, &g77_page, Some(&staff), &[])
            .await
            .body,
    );
    assert!(
        text.contains("Has as member\nPermanent Mission of Kenya"),
        "{text}"
    );
    let rel = store
        .relations_of(southdesk_store::Party::Organisation(g77.id))
        .await
        .unwrap();
    assert_eq!(rel.len(), 1);
    let r = request(
        &app,
        Method::POST,
        &format!("/contacts/relations/{}/delete", rel[0].id),
        Some(&staff),
        &[("back", party.as_str())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .relations_of(southdesk_store::Party::Organisation(g77.id))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn lists_are_filtered_by_country_group_and_theme() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    for (name, iso3) in [
        ("Permanent Mission of Kenya", "KEN"),
        ("Permanent Mission of Ecuador", "ECU"),
        ("Permanent Mission of Senegal", "SEN"),
    ] {
        store
            .create_organisation(southdesk_contacts::OrgData {
                country: Some(iso3.into()),
                ..southdesk_contacts::OrgData::new(
                    name,
                    southdesk_contacts::OrgKind::PermanentMission,
                )
            })
            .await
            .unwrap();
    }
    for (name, theme) in [("Ana Trade", "trade"), ("Bo Health", "health")] {
        store
            .create_person(
                southdesk_contacts::PersonData {
                    themes: vec![theme.into()],
                    ..southdesk_contacts::PersonData::new(name)
                },
                None,
            )
            .await
            .unwrap();
    }
    let shown = |body: &str| readable_text(body);
    // The African Group: Kenya and Senegal, not Ecuador.
    let r = request(
        &app,
        Method::GET,
        "/contacts?tab=organisations&group=african-group",
        Some(&staff),
        &[],
    )
    .await;
    let t = shown(&r.body);
    assert!(
        t.contains("Mission of Kenya") && t.contains("Mission of Senegal"),
        "{t}"
    );
    assert!(!t.contains("Mission of Ecuador"), "{t}");
    let r = request(
        &app,
        Method::GET,
        "/contacts?tab=organisations&country=ECU",
        Some(&staff),
        &[],
    )
    .await;
    let t = shown(&r.body);
    assert!(
        t.contains("Mission of Ecuador") && !t.contains("Mission of Kenya"),
        "{t}"
    );
    let r = request(
        &app,
        Method::GET,
        "/contacts?theme=health",
        Some(&staff),
        &[],
    )
    .await;
    let t = shown(&r.body);
    assert!(t.contains("Bo Health") && !t.contains("Ana Trade"), "{t}");
    // The filters are offered, in the reader's language.
    let r = request(
        &app,
        Method::GET,
        "/contacts?tab=organisations&lang=fr",
        Some(&staff),
        &[],
    )
    .await;
    assert!(shown(&r.body).contains("Groupe d’États membres"));
}

#[tokio::test]
async fn the_holder_of_a_post_is_named_by_number_or_by_a_name_only_one_answers_to() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    let kenya = mission(store.as_ref(), "Permanent Mission of Kenya", "KEN").await;
    let mut posts = Vec::new();
    for title in ["Counsellor", "First Secretary", "Attaché"] {
        posts.push(
            store
                .create_post(southdesk_contacts::PostData {
                    organisation: kenya.id,
                    title: title.into(),
                    portfolio: None,
                    themes: vec![],
                })
                .await
                .unwrap(),
        );
    }
    let mut people = Vec::new();
    for (name, email) in [
        ("Amina Odhiambo", "amina@example.org"),
        ("Wang Fang", "wang.fang@example.org"),
        ("Wang Lei", "wang.lei@example.org"),
    ] {
        people.push(
            store
                .create_person(
                    southdesk_contacts::PersonData {
                        emails: vec![email.into()],
                        ..southdesk_contacts::PersonData::new(name)
                    },
                    None,
                )
                .await
                .unwrap(),
        );
    }
    // The page offers the people as one types, each with its number.
    let page = request(
        &app,
        Method::GET,
        &format!("/contacts/organisations/{}", kenya.id),
        Some(&staff),
        &[],
    )
    .await;
    assert!(
        page.body
            .contains(&format!("Amina Odhiambo #{}", people[0].id))
    );

    let hold = |post: i64, typed: String| {
        let app = app.clone();
        let staff = staff.clone();
        async move {
            let field = format!("person-{post}");
            let from = format!("from-{post}");
            request(
                &app,
                Method::POST,
                &format!("/contacts/posts/{post}/tenures?lang=fr"),
                Some(&staff),
                &[
                    (field.as_str(), typed.as_str()),
                    (from.as_str(), "2026-01-05"),
                ],
            )
            .await
        }
    };
    // Several answer to "wang"; nobody to "zzyzx"; no person #9999.
    for typed in ["wang", "zzyzx", "#9999"] {
        let r = hold(posts[0].id, typed.to_string()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(
            readable_text(&r.body).contains("Personne"),
            "{typed}: {}",
            r.body
        );
    }
    assert!(store.tenures_of_post(posts[0].id).await.unwrap().is_empty());
    // By a name only one answers to, by a name picked from the list, by number.
    for (post, typed, who) in [
        (posts[0].id, "amina".to_string(), people[0].id),
        (
            posts[1].id,
            format!("Wang Lei #{}", people[2].id),
            people[2].id,
        ),
        (posts[2].id, people[1].id.to_string(), people[1].id),
    ] {
        let r = hold(post, typed.clone()).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{typed}: {}", r.body);
        let held = store.tenures_of_post(post).await.unwrap();
        assert_eq!(held[0].data.person, who, "{typed}");
    }
}
