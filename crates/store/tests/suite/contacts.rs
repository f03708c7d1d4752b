//! The contacts register: organisations, people, posts and tenures.

use std::collections::BTreeMap;
use std::sync::Arc;

use southdesk_contacts::{Consent, OrgData, OrgKind, PersonData, PostData, TenureData};

use super::raw_count;
use southdesk_plan::Lang;
use southdesk_store::{ContactAccess, OrgFilter, Party, PersonFilter, Store};
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
        merged_into: None,
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

    // Notes of others' records that name them.
    let met = store
        .create_interaction(
            southdesk_contacts::InteractionData {
                kind: southdesk_contacts::InteractionKind::Call,
                on: date!(2026 - 05 - 04),
                subject: "Call with Li Ming on TRIPS".into(),
                note: "LI MING (li.ming@example.org) will send the text; 李明 agreed.".into(),
                people: vec![li.id, other.id],
                organisations: vec![mission.id],
                themes: vec![],
                concerns: vec![],
            },
            None,
        )
        .await
        .unwrap();
    store
        .create_relation(southdesk_contacts::RelationData {
            kind: southdesk_contacts::RelationKind::Advises,
            from: Party::Person(li.id),
            to: Party::Organisation(mission.id),
            since: None,
            until: None,
            note: "Ming advises on TRIPS; call +41 22 555 01 02".into(),
        })
        .await
        .unwrap();

    let erased = store
        .erase_person(li.id, date!(2026 - 12 - 07))
        .await
        .unwrap();
    let after = store.interaction(met.id).await.unwrap().unwrap();
    assert_eq!(after.data.subject, "Call with […] on TRIPS");
    assert_eq!(after.data.note, "[…] ([…]) will send the text; […] agreed.");
    assert_eq!(after.data.people, [li.id, other.id], "links stay");
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
        let elsewhere = raw_count(
            store.backend(),
            url,
            format!(
                "SELECT (SELECT count(*) FROM interactions WHERE lower(data) LIKE lower('%{needle}%')) \
                 + (SELECT count(*) FROM relations WHERE lower(data) LIKE lower('%{needle}%'))"
            ),
        )
        .await;
        assert_eq!((n, e, elsewhere), (0, 0, 0), "{needle} is still stored");
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

/// A permanent mission of `iso3` named `name`.
async fn mission(store: &dyn Store, name: &str, iso3: &str) -> southdesk_contacts::Organisation {
    store
        .create_organisation(org(name, OrgKind::PermanentMission, Some(iso3)))
        .await
        .unwrap()
}

/// Records that `person` holds `post` from `from` (to `to`).
async fn hold(store: &dyn Store, post: i64, person: i64, from: time::Date, to: Option<time::Date>) {
    store
        .add_tenure(TenureData {
            post,
            person,
            from,
            to,
        })
        .await
        .unwrap();
}

/// The rows of `csv`, read as an import reads them.
fn sheet(csv: &str) -> Vec<southdesk_contacts::SheetRow> {
    southdesk_contacts::read_people(csv.as_bytes(), date!(2026 - 12 - 07), |t| {
        ["trade", "health"].contains(&t)
    })
    .unwrap()
    .rows
}

/// What each outcome does, in short: `create`, `update #3`, `refuse
/// emails[0]`.
fn actions(out: &[southdesk_contacts::RowOutcome]) -> Vec<String> {
    use southdesk_contacts::RowAction::*;
    out.iter()
        .map(|o| match &o.action {
            Create => "create".to_string(),
            Update { id } => format!("update #{id}"),
            Unchanged { id } => format!("unchanged #{id}"),
            Refuse(e) => format!("refuse {}", e.field),
        })
        .collect()
}

pub async fn an_import_is_previewed_then_written_whole_or_not_at_all(store: &dyn Store) {
    use southdesk_contacts::{RowAction, RowNote};
    let kenya = mission(store, "Permanent Mission of Kenya", "KEN").await;
    let trips = post_at(store, kenya.id, "Counsellor (TRIPS)").await;
    let old = store
        .create_person(person("Jane Wanjiku", None, "jane@kenya.example.org"), None)
        .await
        .unwrap();
    hold(store, trips.id, old.id, date!(2023 - 01 - 01), None).await;
    let wang = store
        .create_person(
            person("王毅", Some("Wang Yi"), "wang@china.example.org"),
            None,
        )
        .await
        .unwrap();
    let people_before = store.people(&PersonFilter::default()).await.unwrap();

    let csv = "name,pinyin,email,themes,organisation,organisation_kind,country,post,since\n\
               Jane Wanjiku,,JANE@kenya.example.org; jw@mail.example.org,health,,,,,\n\
               Wang Yi,,yi.wang@other.example.org,,,,,,\n\
               Amina Odhiambo,,amina@kenya.example.org,,Permanent Mission of Kenya,,,Counsellor (TRIPS),2026-11-01\n\
               Awa Diop,,awa@senegal.example.org,,Mission du Sénégal,permanent-mission,SEN,Conseillère,2026-10-01\n\
               Luis Mora,,luis@x.example.org,,Nowhere Institute,,,Fellow,\n\
               Kofi,,jw@mail.example.org,,,,,,\n";
    let rows = sheet(csv);
    let preview = store.import_people(&rows, None, false).await.unwrap();
    assert_eq!(
        actions(&preview),
        [
            format!("update #{}", old.id),
            "create".into(),
            "refuse since".into(),
            "create".into(),
            "refuse organisation".into(),
            "refuse emails[0]".into(),
        ]
    );
    let lines: Vec<u64> = preview.iter().map(|o| o.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
    let RowAction::Refuse(e) = &preview[2].action else {
        unreachable!()
    };
    assert!(e.message.contains("overlaps"), "{e}");
    let RowAction::Refuse(e) = &preview[5].action else {
        unreachable!()
    };
    assert!(e.message.contains("line 2"), "{e}");
    assert!(
        preview[1]
            .notes
            .contains(&RowNote::SameName { id: wang.id }),
        "`Wang Yi` may be 王毅: {:?}",
        preview[1].notes
    );
    assert_eq!(
        preview[3].notes,
        [
            RowNote::NewOrganisation("Mission du Sénégal".into()),
            RowNote::NewPost("Conseillère".into()),
            RowNote::Holds {
                post: "Conseillère".into(),
                since: date!(2026 - 10 - 01)
            },
        ]
    );
    assert_eq!(preview[3].person, 0, "a preview creates no one");
    // Nothing was written, by the preview nor by a write with refusals.
    let written = store.import_people(&rows, None, true).await.unwrap();
    assert_eq!(actions(&written), actions(&preview));
    assert_eq!(
        store.people(&PersonFilter::default()).await.unwrap(),
        people_before
    );
    assert!(
        store
            .organisations(&OrgFilter {
                query: "Sénégal".into(),
                ..OrgFilter::default()
            })
            .await
            .unwrap()
            .is_empty()
    );

    // The focal point left; the file is fixed: all is written at once.
    store
        .end_tenure(
            store.tenures_of_post(trips.id).await.unwrap()[0].id,
            date!(2026 - 10 - 31),
        )
        .await
        .unwrap();
    let fixed = csv
        .replace(
            "Nowhere Institute,,,Fellow",
            "Nowhere Institute,think-tank,,Fellow",
        )
        .replace("Kofi,,jw@", "Kofi,,kofi@");
    let rows = sheet(&fixed);
    let written = store.import_people(&rows, None, true).await.unwrap();
    assert!(
        written
            .iter()
            .all(|o| !matches!(o.action, RowAction::Refuse(_))),
        "{written:?}"
    );
    let jane = store.person(old.id).await.unwrap().unwrap();
    assert_eq!(
        jane.data.emails,
        ["jane@kenya.example.org", "jw@mail.example.org"]
    );
    assert_eq!(jane.data.themes, ["trade", "health"]);
    let amina = written[2].person;
    assert!(amina > 0);
    let holders: Vec<(i64, Option<time::Date>)> = store
        .tenures_of_post(trips.id)
        .await
        .unwrap()
        .iter()
        .map(|t| (t.data.person, t.data.to))
        .collect();
    assert_eq!(
        holders,
        [(old.id, Some(date!(2026 - 10 - 31))), (amina, None)]
    );
    let senegal = store
        .organisations(&OrgFilter {
            query: "senegal".into(),
            ..OrgFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(senegal.len(), 1);
    assert_eq!(senegal[0].data.country.as_deref(), Some("SEN"));
    let held = store.holdings(&[written[3].person], None).await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].organisation.id, senegal[0].id);
    assert_eq!(held[0].post.data.title, "Conseillère");

    // The same file again changes nothing and creates no one twice.
    let again = store
        .import_people(
            &sheet(&fixed.replace("Wang Yi,,yi", "Wang Yi,,YI")),
            None,
            true,
        )
        .await
        .unwrap();
    assert!(
        again
            .iter()
            .all(|o| matches!(o.action, RowAction::Unchanged { .. })),
        "{:?}",
        actions(&again)
    );
    assert_eq!(
        store.people(&PersonFilter::default()).await.unwrap().len(),
        people_before.len() + 5
    );
}

pub async fn the_posts_people_hold_are_read_for_many_at_once(store: &dyn Store) {
    let mission = mission(store, "Permanent Mission of Ecuador", "ECU").await;
    let a = post_at(store, mission.id, "Ambassador").await;
    let b = post_at(store, mission.id, "Counsellor").await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            store
                .create_person(
                    person(&format!("P{i}"), None, &format!("p{i}@example.org")),
                    None,
                )
                .await
                .unwrap()
                .id,
        );
    }
    let hold = |post: i64, person: i64, from, to| TenureData {
        post,
        person,
        from,
        to,
    };
    for t in [
        hold(
            a.id,
            ids[0],
            date!(2020 - 01 - 01),
            Some(date!(2024 - 12 - 31)),
        ),
        hold(a.id, ids[1], date!(2025 - 01 - 01), None),
        hold(b.id, ids[0], date!(2025 - 03 - 01), None),
    ] {
        store.add_tenure(t).await.unwrap();
    }
    let today = date!(2026 - 12 - 07);
    let now = store.holdings(&ids, Some(today)).await.unwrap();
    let seen: Vec<(i64, i64)> = now
        .iter()
        .map(|h| (h.tenure.data.person, h.post.id))
        .collect();
    assert_eq!(seen, [(ids[0], b.id), (ids[1], a.id)]);
    assert!(now.iter().all(|h| h.organisation.id == mission.id));
    let all = store.holdings(&ids, None).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        store
            .holdings(&ids, Some(date!(2024 - 06 - 01)))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store.holdings(&[], None).await.unwrap().is_empty());

    // An export of the list is one audit entry per person, in one go.
    store
        .record_contact_accesses(
            &[ids[2], ids[0], 99_999],
            None,
            southdesk_store::ContactAccess::Export,
        )
        .await
        .unwrap();
    let log: Vec<i64> = store
        .contact_audit(10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.person)
        .collect();
    let mut expected = vec![ids[0], ids[2]];
    expected.sort_unstable_by(|x, y| y.cmp(x));
    let mut got = log.clone();
    got.sort_unstable_by(|x, y| y.cmp(x));
    assert_eq!(got, expected);
}

pub async fn interactions_are_on_the_timeline_of_everyone_who_took_part(store: &dyn Store) {
    use southdesk_contacts::{Concerns, InteractionData, InteractionKind};
    use southdesk_store::Party;
    let mission = mission(store, "Permanent Mission of Ecuador", "ECU").await;
    let li = store
        .create_person(person("李明", Some("Li Ming"), "li@example.org"), None)
        .await
        .unwrap();
    let ana = store
        .create_person(person("Ana Pérez", None, "ana@example.org"), None)
        .await
        .unwrap();
    let log = |on, subject: &str, people: Vec<i64>, organisations: Vec<i64>| InteractionData {
        kind: InteractionKind::Meeting,
        on,
        subject: subject.into(),
        note: String::new(),
        people,
        organisations,
        themes: vec!["trade".into()],
        concerns: vec![Concerns::Request(4)],
    };
    let first = store
        .create_interaction(
            log(
                date!(2026 - 10 - 02),
                "Fisheries subsidies",
                vec![li.id],
                vec![mission.id],
            ),
            None,
        )
        .await
        .unwrap();
    let second = store
        .create_interaction(
            log(
                date!(2026 - 11 - 15),
                "TRIPS",
                vec![li.id, ana.id, li.id],
                vec![],
            ),
            None,
        )
        .await
        .unwrap();
    assert_eq!(second.data.people, [li.id, ana.id], "a repeat is dropped");
    let subjects = |list: Vec<southdesk_contacts::Interaction>| {
        list.into_iter().map(|i| i.data.subject).collect::<Vec<_>>()
    };
    assert_eq!(
        subjects(
            store
                .interactions_of(Party::Person(li.id), 0)
                .await
                .unwrap()
        ),
        ["TRIPS", "Fisheries subsidies"],
        "newest first"
    );
    assert_eq!(
        subjects(
            store
                .interactions_of(Party::Person(ana.id), 0)
                .await
                .unwrap()
        ),
        ["TRIPS"]
    );
    assert_eq!(
        subjects(
            store
                .interactions_of(Party::Organisation(mission.id), 0)
                .await
                .unwrap()
        ),
        ["Fisheries subsidies"]
    );
    assert_eq!(
        store
            .interactions_of(Party::Person(li.id), 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.interaction(first.id).await.unwrap(), Some(first));

    // Someone not in the register, or no one at all: refused, nothing stored.
    for (people, field) in [(vec![li.id, 9999], "people[1]"), (vec![], "people")] {
        let e = store
            .create_interaction(log(date!(2026 - 12 - 01), "X", people, vec![]), None)
            .await
            .unwrap_err();
        assert!(e.to_string().contains(field), "{e}");
    }
    assert_eq!(
        store
            .interactions_of(Party::Person(li.id), 0)
            .await
            .unwrap()
            .len(),
        2
    );
}

pub async fn people_are_purged_when_their_retention_ends(store: &dyn Store, url: &str) {
    use southdesk_contacts::{InteractionData, InteractionKind};
    let mission = mission(store, "Permanent Mission of Ghana", "GHA").await;
    let post = post_at(store, mission.id, "Counsellor").await;
    let mut ids = Vec::new();
    for (name, email) in [
        ("Holds a post", "holds@example.org"),
        ("Met next year", "met@example.org"),
        ("Left long ago", "left@example.org"),
        ("Never heard of", "never@example.org"),
    ] {
        ids.push(
            store
                .create_person(person(name, None, email), None)
                .await
                .unwrap()
                .id,
        );
    }
    let hold = |person, from, to| TenureData {
        post: post.id,
        person,
        from,
        to,
    };
    store
        .add_tenure(hold(
            ids[2],
            date!(2010 - 01 - 01),
            Some(date!(2012 - 12 - 31)),
        ))
        .await
        .unwrap();
    store
        .add_tenure(hold(ids[0], date!(2013 - 01 - 01), None))
        .await
        .unwrap();
    // A cutoff after today: only what is current or later keeps a record.
    let cutoff = time::OffsetDateTime::now_utc().date() + time::Duration::days(400);
    store
        .create_interaction(
            InteractionData {
                kind: InteractionKind::Call,
                on: cutoff + time::Duration::days(1),
                subject: "A call planned".into(),
                note: String::new(),
                people: vec![ids[1]],
                organisations: vec![],
                themes: vec![],
                concerns: vec![],
            },
            None,
        )
        .await
        .unwrap();
    let due: Vec<i64> = store
        .people_past_retention(cutoff)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(due, [ids[2], ids[3]]);
    // Records changed since the cutoff stay (a cutoff in the past).
    assert!(
        store
            .people_past_retention(date!(2020 - 01 - 01))
            .await
            .unwrap()
            .is_empty()
    );
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(store.purge_people(&due, today).await.unwrap(), 2);
    for id in &due {
        let p = store.person(*id).await.unwrap().unwrap();
        assert_eq!(p.data.erased_on, Some(today));
        assert!(p.data.emails.is_empty());
    }
    // The tenure of the one who left stays, with no name on it.
    assert_eq!(store.tenures_of_person(ids[2]).await.unwrap().len(), 1);
    for needle in [
        "Left long ago",
        "left long ago",
        "never@example.org",
        "Never heard",
    ] {
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
    let log = store.contact_audit(10).await.unwrap();
    let erased: Vec<(Option<i64>, i64)> = log
        .iter()
        .filter(|e| e.action == southdesk_store::ContactAccess::Erase)
        .map(|e| (e.account, e.person))
        .collect();
    assert_eq!(erased.len(), 2);
    assert!(erased.iter().all(|(by, _)| by.is_none()), "by no account");
    // Purged people are not due again.
    assert!(
        store
            .people_past_retention(cutoff)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn two_records_of_one_person_are_merged_keeping_every_link(store: &dyn Store) {
    use southdesk_contacts::{InteractionData, InteractionKind};
    use southdesk_store::Party;
    let mission = mission(store, "Permanent Mission of China", "CHN").await;
    let post = post_at(store, mission.id, "Counsellor").await;
    let keep = store
        .create_person(person("王毅", None, "wang@mission.example.org"), None)
        .await
        .unwrap();
    let other = store
        .create_person(person("Wang Yi", None, "wy@mail.example.org"), None)
        .await
        .unwrap();
    hold(store, post.id, other.id, date!(2024 - 01 - 01), None).await;
    let call = |people: Vec<i64>| InteractionData {
        kind: InteractionKind::Call,
        on: date!(2026 - 11 - 02),
        subject: "Call".into(),
        note: String::new(),
        people,
        organisations: vec![],
        themes: vec![],
        concerns: vec![],
    };
    let both = store
        .create_interaction(call(vec![keep.id, other.id]), None)
        .await
        .unwrap();
    let only_other = store
        .create_interaction(call(vec![other.id]), None)
        .await
        .unwrap();

    let merged = store.merge_people(keep.id, other.id, None).await.unwrap();
    let audit = store.contact_audit(10).await.unwrap();
    assert_eq!(
        (audit[0].action, audit[0].person),
        (ContactAccess::Merge, other.id),
        "the merge is in the audit log"
    );
    assert_eq!(merged.data.name, "王毅");
    assert_eq!(
        merged.data.emails,
        ["wang@mission.example.org", "wy@mail.example.org"]
    );
    assert_eq!(
        store
            .people_with_email("wy@mail.example.org")
            .await
            .unwrap(),
        std::slice::from_ref(&merged)
    );
    let gone = store.person(other.id).await.unwrap().unwrap();
    assert_eq!(gone.data.merged_into, Some(keep.id));
    assert!(gone.data.emails.is_empty());
    // Its post and its interactions are the kept record's now.
    let held = store.tenures_of_person(keep.id).await.unwrap();
    assert_eq!(held.len(), 1);
    assert!(store.tenures_of_person(other.id).await.unwrap().is_empty());
    let timeline: Vec<i64> = store
        .interactions_of(Party::Person(keep.id), 0)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(timeline, [only_other.id, both.id]);
    assert_eq!(
        store
            .interaction(both.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .people,
        [keep.id]
    );
    assert!(
        store
            .interactions_of(Party::Person(other.id), 0)
            .await
            .unwrap()
            .is_empty()
    );
    // Found once, under the kept name; by the other's name too.
    let found = store
        .people(&PersonFilter {
            query: "wang".into(),
            limit: 0,
            theme: None,
        })
        .await
        .unwrap();
    assert_eq!(found, std::slice::from_ref(&merged));

    // Refused: again, into itself, or a missing record; nothing changes.
    for (a, b) in [(keep.id, other.id), (keep.id, keep.id), (keep.id, 9999)] {
        assert!(store.merge_people(a, b, None).await.is_err(), "{a} ← {b}");
    }
    assert_eq!(store.person(keep.id).await.unwrap().unwrap(), merged);
}

pub async fn relationships_read_in_each_direction_and_follow_a_merge(store: &dyn Store) {
    use southdesk_contacts::{Party, RelationData, RelationKind};
    let g77 = store
        .create_organisation(org("Group of 77", OrgKind::Group, None))
        .await
        .unwrap();
    let kenya = mission(store, "Permanent Mission of Kenya", "KEN").await;
    let amina = store
        .create_person(person("Amina Odhiambo", None, "amina@example.org"), None)
        .await
        .unwrap();
    let twin = store
        .create_person(person("Amina O.", None, "ao@example.org"), None)
        .await
        .unwrap();
    let tie = |kind, from, to| RelationData {
        kind,
        from,
        to,
        since: Some(date!(1964 - 06 - 15)),
        until: None,
        note: String::new(),
    };
    let member = store
        .create_relation(tie(
            RelationKind::MemberOf,
            Party::Organisation(kenya.id),
            Party::Organisation(g77.id),
        ))
        .await
        .unwrap();
    store
        .create_relation(tie(
            RelationKind::Advises,
            Party::Person(twin.id),
            Party::Organisation(kenya.id),
        ))
        .await
        .unwrap();
    store
        .create_relation(tie(
            RelationKind::Partner,
            Party::Person(amina.id),
            Party::Person(twin.id),
        ))
        .await
        .unwrap();
    // From each side: its own name.
    let of_g77 = store
        .relations_of(Party::Organisation(g77.id))
        .await
        .unwrap();
    assert_eq!(of_g77, std::slice::from_ref(&member));
    assert_eq!(
        of_g77[0].data.seen_from(Party::Organisation(g77.id)),
        Some((Party::Organisation(kenya.id), "has-member"))
    );
    assert_eq!(
        store
            .relations_of(Party::Organisation(kenya.id))
            .await
            .unwrap()
            .len(),
        2
    );

    // To itself, to a record not in the register: refused, naming the field.
    for (bad, field) in [
        (
            tie(
                RelationKind::Funds,
                Party::Person(amina.id),
                Party::Person(amina.id),
            ),
            "to",
        ),
        (
            tie(
                RelationKind::Funds,
                Party::Person(amina.id),
                Party::Organisation(9999),
            ),
            "to",
        ),
        (
            tie(
                RelationKind::Funds,
                Party::Person(9999),
                Party::Organisation(g77.id),
            ),
            "from",
        ),
    ] {
        let e = store.create_relation(bad).await.unwrap_err().to_string();
        assert!(e.contains(&format!("relation: {field}:")), "{e}");
    }

    // A merge moves the twin's ties; the one between the two goes.
    store.merge_people(amina.id, twin.id, None).await.unwrap();
    let of_amina = store.relations_of(Party::Person(amina.id)).await.unwrap();
    assert_eq!(of_amina.len(), 1, "{of_amina:?}");
    assert_eq!(of_amina[0].data.from, Party::Person(amina.id));
    assert_eq!(of_amina[0].data.kind, RelationKind::Advises);
    assert!(
        store
            .relations_of(Party::Person(twin.id))
            .await
            .unwrap()
            .is_empty()
    );

    assert!(store.delete_relation(member.id).await.unwrap());
    assert!(!store.delete_relation(member.id).await.unwrap());
    assert!(
        store
            .relations_of(Party::Organisation(g77.id))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn lists_filter_by_countries_and_theme(store: &dyn Store) {
    for (name, iso3) in [
        ("Mission K", "KEN"),
        ("Mission E", "ECU"),
        ("Mission S", "SEN"),
    ] {
        mission(store, name, iso3).await;
    }
    let names = |orgs: Vec<southdesk_contacts::Organisation>| {
        orgs.into_iter().map(|o| o.data.name).collect::<Vec<_>>()
    };
    let of = |countries: Vec<&str>| OrgFilter {
        countries: Some(countries.into_iter().map(str::to_string).collect()),
        ..OrgFilter::default()
    };
    assert_eq!(
        names(store.organisations(&of(vec!["SEN", "KEN"])).await.unwrap()),
        ["Mission K", "Mission S"]
    );
    assert!(store.organisations(&of(vec![])).await.unwrap().is_empty());
    let mut noted = person("Noted", None, "n@example.org");
    noted.themes = vec![];
    noted.notes = "\"trade\"".into();
    store.create_person(noted, None).await.unwrap();
    store
        .create_person(person("Trader", None, "t@example.org"), None)
        .await
        .unwrap();
    let found = store
        .people(&PersonFilter {
            theme: Some("trade".into()),
            ..PersonFilter::default()
        })
        .await
        .unwrap();
    let found: Vec<String> = found.into_iter().map(|p| p.data.name).collect();
    assert_eq!(
        found,
        ["Trader"],
        "a note that says \"trade\" is not the theme"
    );
}
