//! The contacts register: organisations, people, posts and tenures.

use std::collections::BTreeMap;
use std::sync::Arc;

use southdesk_contacts::{Consent, OrgData, OrgKind, PersonData, PostData, TenureData};

use super::raw_count;
use southdesk_plan::Lang;
use southdesk_store::{OrgFilter, PersonFilter, Store};
use time::macros::date;

pub fn org(name: &str, kind: OrgKind, country: Option<&str>) -> OrgData {
    OrgData {
        country: country.map(str::to_string),
        ..OrgData::new(name, kind)
    }
}

/// A post titled `title` at organisation `org`.
async fn post_at(store: &dyn Store, org: i64, title: &str) -> southdesk_contacts::Post {
    store
        .create_post(PostData {
            organisation: org,
            title: title.into(),
            portfolio: None,
            themes: vec![],
        })
        .await
        .unwrap()
}

pub fn person(name: &str, latin: Option<&str>, email: &str) -> PersonData {
    PersonData {
        name: name.into(),
        latin_name: latin.map(str::to_string),
        honorific: None,
        languages: vec!["en".into()],
        emails: vec![email.into()],
        phones: vec![],
        themes: vec!["trade".into()],
        notes: String::new(),
        consent: Some(Consent {
            given: true,
            source: "e-mail".into(),
            on: date!(2026 - 01 - 15),
        }),
        erased_on: None,
    }
}

fn names<T>(list: &[T], name: impl Fn(&T) -> &str) -> Vec<String> {
    list.iter().map(|x| name(x).to_string()).collect()
}

pub async fn organisations_and_people_are_found_in_any_script(store: &dyn Store) {
    let mut ecuador = org(
        "Misión Permanente del Ecuador",
        OrgKind::PermanentMission,
        Some("ecu"),
    );
    ecuador.names = BTreeMap::from([
        (Lang::En, "Permanent Mission of Ecuador".to_string()),
        (Lang::Zh, "厄瓜多尔常驻代表团".to_string()),
    ]);
    let ecuador = store.create_organisation(ecuador).await.unwrap();
    assert_eq!(ecuador.data.country.as_deref(), Some("ECU"));
    let mut wto = org("World Trade Organization", OrgKind::UnBody, None);
    wto.acronym = Some("WTO".into());
    let wto = store.create_organisation(wto).await.unwrap();
    let mut div = org("Intellectual Property Division", OrgKind::UnBody, None);
    div.parent = Some(wto.id);
    let div = store.create_organisation(div).await.unwrap();
    assert_eq!(store.organisation(div.id).await.unwrap().unwrap(), div);

    let find = |query: &str| OrgFilter {
        query: query.into(),
        ..OrgFilter::default()
    };
    let found = store.organisations(&find("mision ecuador")).await.unwrap();
    assert_eq!(
        names(&found, |o| &o.data.name),
        ["Misión Permanente del Ecuador"]
    );
    let found = store.organisations(&find("厄瓜多尔")).await.unwrap();
    assert_eq!(found.len(), 1, "by its Chinese name");
    let found = store.organisations(&find("wto")).await.unwrap();
    assert_eq!(found, std::slice::from_ref(&wto), "by its acronym");
    let all = store.organisations(&OrgFilter::default()).await.unwrap();
    assert_eq!(all.len(), 3);
    let missions = store
        .organisations(&OrgFilter {
            kind: Some(OrgKind::PermanentMission),
            country: Some("ecu".into()),
            ..OrgFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(missions, std::slice::from_ref(&ecuador));

    let wang = store
        .create_person(person("王毅", Some("Wang Yi"), "Wang.Yi@example.org"), None)
        .await
        .unwrap();
    assert_eq!(wang.data.emails, ["wang.yi@example.org"]);
    let jose = store
        .create_person(person("José Sánchez", None, "jsanchez@example.org"), None)
        .await
        .unwrap();
    let people = |query: &str| PersonFilter {
        query: query.into(),
        ..PersonFilter::default()
    };
    for q in ["wang", "王毅", "毅", "WANG YI"] {
        let found = store.people(&people(q)).await.unwrap();
        assert_eq!(found, std::slice::from_ref(&wang), "{q}");
    }
    for q in ["sanchez", "JOSÉ", "jsanchez"] {
        let found = store.people(&people(q)).await.unwrap();
        assert_eq!(found, std::slice::from_ref(&jose), "{q}");
    }
    assert!(
        store
            .people(&people("wang sanchez"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.people(&people("")).await.unwrap().len(), 2);
    assert_eq!(
        store
            .people_with_email(" WANG.YI@example.org")
            .await
            .unwrap(),
        std::slice::from_ref(&wang)
    );

    // An update replaces the fields and what a search finds.
    let mut moved = wang.data.clone();
    moved.emails = vec!["yi.wang@example.net".into()];
    let moved = store.update_person(wang.id, moved).await.unwrap();
    assert!(
        store
            .people_with_email("wang.yi@example.org")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.people(&people("yi.wang")).await.unwrap(),
        std::slice::from_ref(&moved)
    );
    assert_eq!(store.person(wang.id).await.unwrap().unwrap(), moved);
}

pub async fn a_post_passes_from_one_holder_to_the_next(store: Arc<dyn Store>) {
    let mission = store
        .create_organisation(org(
            "Permanent Mission of Kenya",
            OrgKind::PermanentMission,
            Some("KEN"),
        ))
        .await
        .unwrap();
    let post = store
        .create_post(PostData {
            organisation: mission.id,
            title: "Counsellor".into(),
            portfolio: Some("WTO".into()),
            themes: vec!["trade".into()],
        })
        .await
        .unwrap();
    assert_eq!(
        store.posts_of(mission.id).await.unwrap(),
        std::slice::from_ref(&post)
    );
    let first = store
        .create_person(person("Amina Odhiambo", None, "amina@example.org"), None)
        .await
        .unwrap();
    let second = store
        .create_person(person("Peter Kamau", None, "peter@example.org"), None)
        .await
        .unwrap();
    let held = store
        .add_tenure(TenureData {
            post: post.id,
            person: first.id,
            from: date!(2022 - 09 - 01),
            to: None,
        })
        .await
        .unwrap();
    // The successor cannot start while the first holds the post.
    let successor = TenureData {
        post: post.id,
        person: second.id,
        from: date!(2026 - 09 - 01),
        to: None,
    };
    let e = store.add_tenure(successor).await.unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    assert!(e.to_string().contains("from"), "{e}");
    // The focal point leaves; the post is vacant; the successor arrives.
    let ended = store
        .end_tenure(held.id, date!(2026 - 06 - 30))
        .await
        .unwrap();
    assert_eq!(ended.data.to, Some(date!(2026 - 06 - 30)));
    let next = store.add_tenure(successor).await.unwrap();
    let history = store.tenures_of_post(post.id).await.unwrap();
    assert_eq!(history, [ended, next]);
    assert_eq!(
        southdesk_contacts::holder_on(&history, post.id, date!(2026 - 08 - 01)),
        None
    );
    assert_eq!(
        southdesk_contacts::holder_on(&history, post.id, date!(2027 - 01 - 01))
            .map(|t| t.data.person),
        Some(second.id)
    );
    assert_eq!(store.tenures_of_person(first.id).await.unwrap(), [ended]);
    // Ending the first tenure after the successor began is refused.
    let e = store
        .end_tenure(held.id, date!(2026 - 12 - 31))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");

    // Two staff record a holder of a new post at the same time: one wins.
    let post2 = post_at(&*store, mission.id, "First Secretary").await;
    let tries = [first.id, second.id].map(|person| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .add_tenure(TenureData {
                    post: post2.id,
                    person,
                    from: date!(2026 - 01 - 01),
                    to: None,
                })
                .await
        })
    });
    let mut stored = 0;
    for t in tries {
        if t.await.unwrap().is_ok() {
            stored += 1;
        }
    }
    assert_eq!(stored, 1);
    assert_eq!(store.tenures_of_post(post2.id).await.unwrap().len(), 1);
}

pub async fn contact_records_that_break_a_rule_are_refused_and_nothing_changes(store: &dyn Store) {
    let field_of = |e: southdesk_store::StoreError| {
        assert_eq!(e.code(), "invalid", "{e}");
        e.to_string()
    };
    let e = store
        .create_organisation(org(
            "Mission of Atlantis",
            OrgKind::PermanentMission,
            Some("ATL"),
        ))
        .await
        .unwrap_err();
    assert!(field_of(e).contains("country"));
    let mut orphan = org("A division", OrgKind::UnBody, None);
    orphan.parent = Some(4242);
    assert!(field_of(store.create_organisation(orphan).await.unwrap_err()).contains("parent"));
    let top = store
        .create_organisation(org("Top", OrgKind::UnBody, None))
        .await
        .unwrap();
    let mut part = org("Part", OrgKind::UnBody, None);
    part.parent = Some(top.id);
    let part = store.create_organisation(part).await.unwrap();
    // A cycle: the top made a part of its own part.
    let mut cycle = top.data.clone();
    cycle.parent = Some(part.id);
    assert!(
        field_of(store.update_organisation(top.id, cycle).await.unwrap_err()).contains("parent")
    );
    assert_eq!(store.organisation(top.id).await.unwrap().unwrap(), top);

    let e = store
        .create_person(
            person(
                "Someone",
                None,
                "someone@example.org\r\nBcc: all@example.org",
            ),
            None,
        )
        .await
        .unwrap_err();
    assert!(field_of(e).contains("emails[0]"));
    let e = store
        .create_post(PostData {
            organisation: 4242,
            title: "Counsellor".into(),
            portfolio: None,
            themes: vec![],
        })
        .await
        .unwrap_err();
    assert!(field_of(e).contains("organisation"));
    let p = store
        .create_person(person("Ana", None, "ana@example.org"), None)
        .await
        .unwrap();
    let e = store
        .add_tenure(TenureData {
            post: 4242,
            person: p.id,
            from: date!(2026 - 01 - 01),
            to: None,
        })
        .await
        .unwrap_err();
    assert!(field_of(e).contains("post"));
    let post = post_at(store, top.id, "Director").await;
    let e = store
        .add_tenure(TenureData {
            post: post.id,
            person: p.id,
            from: date!(2026 - 01 - 01),
            to: Some(date!(2025 - 01 - 01)),
        })
        .await
        .unwrap_err();
    assert!(field_of(e).contains("to"));
    assert!(store.tenures_of_post(post.id).await.unwrap().is_empty());
    let missing = store
        .update_person(4242, person("X", None, "x@example.org"))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "not_found", "{missing}");
    assert_eq!(
        store
            .organisations(&OrgFilter::default())
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store.people(&PersonFilter::default()).await.unwrap().len(),
        1
    );
}

pub async fn a_person_erased_on_request_leaves_nothing_identifying(store: &dyn Store, url: &str) {
    let mission = store
        .create_organisation(org(
            "Permanent Mission of China",
            OrgKind::PermanentMission,
            Some("CHN"),
        ))
        .await
        .unwrap();
    let post = post_at(store, mission.id, "Counsellor").await;
    let mut li = person("李明", Some("Li Ming"), "li.ming@example.org");
    li.phones = vec!["+41 22 555 01 02".into()];
    li.notes = "Prefers calls in the morning.".into();
    let li = store.create_person(li, None).await.unwrap();
    let other = store
        .create_person(person("Ana Pérez", None, "ana@example.org"), None)
        .await
        .unwrap();
    let held = store
        .add_tenure(TenureData {
            post: post.id,
            person: li.id,
            from: date!(2024 - 01 - 01),
            to: Some(date!(2026 - 06 - 30)),
        })
        .await
        .unwrap();

    let erased = store
        .erase_person(li.id, date!(2026 - 12 - 07))
        .await
        .unwrap();
    assert_eq!(
        erased.data,
        PersonData::erased(li.id, date!(2026 - 12 - 07))
    );
    assert_eq!(store.person(li.id).await.unwrap().unwrap(), erased);
    // Links and counts stay: the tenure, the other person.
    assert_eq!(store.tenures_of_person(li.id).await.unwrap(), [held]);
    assert_eq!(
        store.people(&PersonFilter::default()).await.unwrap().len(),
        2
    );
    // Nothing finds it, and nothing of it is left in any column.
    for q in ["li ming", "李明", "li.ming"] {
        let found = store
            .people(&PersonFilter {
                query: q.into(),
                ..PersonFilter::default()
            })
            .await
            .unwrap();
        assert!(found.is_empty(), "{q}: {found:?}");
    }
    assert!(
        store
            .people_with_email("li.ming@example.org")
            .await
            .unwrap()
            .is_empty()
    );
    for needle in ["李明", "Li Ming", "li ming", "li.ming", "555 01", "morning"] {
        let n = raw_count(
            store.backend(),
            url,
            format!(
                "SELECT count(*) FROM people WHERE name LIKE '%{needle}%' OR search LIKE '%{needle}%' \
                 OR data LIKE '%{needle}%'"
            ),
        )
        .await;
        let e = raw_count(
            store.backend(),
            url,
            format!("SELECT count(*) FROM person_emails WHERE email LIKE '%{needle}%'"),
        )
        .await;
        assert_eq!((n, e), (0, 0), "{needle} is still stored");
    }
    assert_eq!(store.person(other.id).await.unwrap().unwrap(), other);
    let e = store
        .erase_person(4242, date!(2026 - 12 - 07))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found", "{e}");
}

pub async fn reads_of_a_person_by_others_are_in_the_audit_log(store: &dyn Store) {
    use southdesk_plan::Role;
    use southdesk_store::ContactAccess::*;
    let staff = store
        .create_account(super::new_account("staff@example.org", Role::Staff))
        .await
        .unwrap();
    let other = store
        .create_account(super::new_account("other@example.org", Role::Coordinator))
        .await
        .unwrap();
    let p = store
        .create_person(person("Ana Pérez", None, "ana@example.org"), Some(staff.id))
        .await
        .unwrap();
    // Its recorder's own views are not logged; others' views, exports and
    // erasures are, newest first.
    assert!(
        !store
            .record_contact_access(p.id, Some(staff.id), View)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_contact_access(p.id, Some(other.id), View)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_contact_access(p.id, Some(staff.id), Export)
            .await
            .unwrap()
    );
    assert!(
        store
            .record_contact_access(p.id, Some(other.id), Erase)
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_contact_access(4242, Some(other.id), View)
            .await
            .unwrap()
    );
    let log = store.contact_audit(10).await.unwrap();
    let seen: Vec<_> = log
        .iter()
        .map(|e| (e.account, e.action, e.person))
        .collect();
    assert_eq!(
        seen,
        [
            (Some(other.id), Erase, p.id),
            (Some(staff.id), Export, p.id),
            (Some(other.id), View, p.id),
        ]
    );
    assert!(log[0].at.ends_with('Z') && log[0].at.starts_with("20"));
    assert_eq!(store.contact_audit(1).await.unwrap(), log[..1]);
}
