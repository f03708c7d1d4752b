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
    assert!(
        store
            .people(&PersonFilter::default())
            .await
            .unwrap()
            .is_empty()
    );

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
