//! Stories of the [`MeetingStore`] aggregate: the negotiations calendar.

use jiff::civil::date;
use southdesk_calendar::{CentreRole, ChecklistItem, Link, LinkKind, MeetingData, Status, When};
use southdesk_store::{MeetingFilter, Store, StoreError};

pub fn geneva_meeting(uid: &str, month: i8, day: i8, themes: &[&str]) -> MeetingData {
    MeetingData {
        uid: uid.to_string(),
        series: None,
        body: Some("wipo-sccr".into()),
        title: format!("SCCR « {uid} », 南方"),
        agenda: "Item 1; item 2, \"quoted\"\nnext line".into(),
        when: When::Timed {
            start: date(2026, month, day).at(10, 0, 0, 0),
            end: date(2026, month, day).at(13, 0, 0, 0),
            tz: "Europe/Zurich".into(),
        },
        venue: Some("Geneva".into()),
        online_url: None,
        languages: vec!["en".into(), "fr".into()],
        status: Status::Planned,
        themes: themes.iter().map(|t| t.to_string()).collect(),
        roles: vec![CentreRole::Statement],
        checklist: vec![ChecklistItem {
            text: "Draft statement".into(),
            done: false,
            public: false,
        }],
    }
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

pub async fn meetings_are_stored_listed_and_linked(store: &dyn Store) {
    assert!(
        store
            .meetings(&MeetingFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let march = store
        .create_meeting(geneva_meeting("m-march", 3, 31, &["ip", "digital"]))
        .await
        .unwrap();
    assert_eq!(march.data.themes, ["digital", "ip"]);
    assert_eq!(
        march.data.when.start_instant().to_string(),
        "2026-03-31T08:00:00Z"
    );
    let mut nov = geneva_meeting("m-nov", 11, 10, &["trade"]);
    nov.body = Some("wto-gc".into());
    nov.when = When::AllDay {
        first: date(2026, 11, 10),
        last: date(2026, 11, 12),
    };
    let nov = store.create_meeting(nov).await.unwrap();
    let again = store.meeting(march.id).await.unwrap().unwrap();
    assert_eq!(again, march, "round trip");
    assert_eq!(store.meeting_by_uid("m-nov").await.unwrap().unwrap(), nov);

    let list = |f: MeetingFilter| async move {
        store
            .meetings(&f)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.data.uid)
            .collect::<Vec<_>>()
    };
    assert_eq!(list(MeetingFilter::default()).await, ["m-march", "m-nov"]);
    let by_theme = MeetingFilter {
        themes: vec!["trade".into(), "health".into()],
        ..Default::default()
    };
    assert_eq!(list(by_theme).await, ["m-nov"]);
    let by_body = MeetingFilter {
        bodies: vec!["wipo-sccr".into()],
        ..Default::default()
    };
    assert_eq!(list(by_body).await, ["m-march"]);
    // Overlap: the March meeting ends at 11:00 UTC.
    let range = MeetingFilter {
        from: Some(ts("2026-03-31T10:59:59Z")),
        to: Some(ts("2026-11-10T00:00:00Z")),
        ..Default::default()
    };
    assert_eq!(list(range).await, ["m-march"]);
    let range = MeetingFilter {
        from: Some(ts("2026-03-31T11:00:00Z")),
        to: Some(ts("2026-11-10T00:00:01Z")),
        ..Default::default()
    };
    assert_eq!(list(range).await, ["m-nov"]);

    let out = Link {
        kind: LinkKind::Output,
        id: 42,
    };
    let req = Link {
        kind: LinkKind::Request,
        id: 7,
    };
    store.link_meeting(march.id, out).await.unwrap();
    store.link_meeting(march.id, out).await.unwrap();
    let linked = store.link_meeting(march.id, req).await.unwrap();
    assert_eq!(linked.links, [req, out]);
    assert_eq!(store.meetings_linked_to(out).await.unwrap()[0].id, march.id);
    let unlinked = store.unlink_meeting(march.id, out).await.unwrap();
    assert_eq!(unlinked.links, [req]);
    assert!(matches!(
        store.link_meeting(999_999, out).await,
        Err(StoreError::NotFound { .. })
    ));

    let mut changed = march.data.clone();
    changed.status = Status::Confirmed;
    changed.themes = vec!["health".into()];
    changed.checklist[0].done = true;
    let updated = store.update_meeting(march.id, changed).await.unwrap();
    assert_eq!(updated.data.status, Status::Confirmed);
    assert_eq!(updated.data.themes, ["health"]);
    assert!(updated.data.checklist[0].done);
    assert_eq!(updated.links, [req], "links are kept");
    assert!(matches!(
        store.update_meeting(999_999, march.data.clone()).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn meeting_imports_are_all_or_nothing(store: &dyn Store) {
    store
        .create_meeting(geneva_meeting("stored@x", 3, 10, &["ip"]))
        .await
        .unwrap();
    // The third clashes with a stored meeting: none is written.
    let batch = vec![
        geneva_meeting("a@x", 4, 1, &["ip"]),
        geneva_meeting("b@x", 4, 2, &["ip"]),
        geneva_meeting("stored@x", 4, 3, &["ip"]),
    ];
    let e = store.import_meetings(batch).await.unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert_eq!(
        e.to_string(),
        "duplicate UID \"stored@x\" (SCCR « stored@x », 南方): a meeting with this UID is already stored"
    );
    assert_eq!(
        store
            .meetings(&MeetingFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );

    // A bad meeting anywhere in the batch: nothing is written either.
    let mut bad = geneva_meeting("c@x", 4, 4, &["ip"]);
    bad.when = When::Timed {
        start: date(2026, 4, 4).at(10, 0, 0, 0),
        end: date(2026, 4, 4).at(9, 0, 0, 0),
        tz: "Europe/Zurich".into(),
    };
    let e = store
        .import_meetings(vec![geneva_meeting("d@x", 4, 5, &[]), bad])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(
        e.to_string()
            .starts_with("meeting \"c@x\" (SCCR « c@x », 南方): it ends"),
        "{e}"
    );
    let mut bad = geneva_meeting("e@x", 4, 4, &["ip"]);
    bad.when = When::Timed {
        start: date(2026, 4, 4).at(10, 0, 0, 0),
        end: date(2026, 4, 4).at(11, 0, 0, 0),
        tz: "Mars/Olympus_Mons".into(),
    };
    let e = store.create_meeting(bad).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown time zone `Mars/Olympus_Mons`"),
        "{e}"
    );
    assert_eq!(
        store
            .meetings(&MeetingFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );

    let ok = store
        .import_meetings(vec![
            geneva_meeting("a@x", 4, 1, &["ip"]),
            geneva_meeting("b@x", 4, 2, &["ip"]),
        ])
        .await
        .unwrap();
    assert_eq!(ok.len(), 2);
    assert_eq!(
        store
            .meetings(&MeetingFilter::default())
            .await
            .unwrap()
            .len(),
        3
    );
}

pub async fn a_new_reading_of_a_calendar_adds_updates_and_keeps_the_centres_work(
    store: &dyn Store,
) {
    let mut stored = geneva_meeting("sync@x", 5, 4, &["ip"]);
    stored.checklist[0].done = true;
    let stored = store.create_meeting(stored).await.unwrap();
    let link = Link {
        kind: LinkKind::Request,
        id: 7,
    };
    store.link_meeting(stored.id, link).await.unwrap();

    // The calendar moved it, changed its status and knows other themes, no
    // roles, no checklist; it also has a new meeting.
    let mut moved = geneva_meeting("sync@x", 5, 6, &["health"]);
    moved.status = Status::Postponed;
    moved.roles = vec![];
    moved.checklist = vec![];
    let synced = store
        .sync_meetings(vec![moved.clone(), geneva_meeting("fresh@x", 5, 7, &[])])
        .await
        .unwrap();
    assert_eq!(synced.unchanged, 0);
    assert_eq!(synced.added.len(), 1);
    assert_eq!(synced.added[0].data.uid, "fresh@x");
    assert_eq!(synced.updated.len(), 1);
    let now = &synced.updated[0];
    assert_eq!(now.id, stored.id, "updated in place");
    assert_eq!(now.data.when, moved.when);
    assert_eq!(now.data.status, Status::Postponed);
    assert_eq!(now.data.themes, ["health", "ip"]);
    assert_eq!(now.data.roles, stored.data.roles);
    assert_eq!(now.data.checklist, stored.data.checklist);
    assert_eq!(now.links, [link], "links kept");

    // The same reading again changes nothing.
    let again = store
        .sync_meetings(vec![moved.clone(), geneva_meeting("fresh@x", 5, 7, &[])])
        .await
        .unwrap();
    assert_eq!(
        (again.added.len(), again.updated.len(), again.unchanged),
        (0, 0, 2)
    );

    // A bad meeting anywhere: nothing is written, not even the updates.
    let mut bad = geneva_meeting("bad@x", 5, 8, &[]);
    bad.when = When::Timed {
        start: date(2026, 5, 8).at(10, 0, 0, 0),
        end: date(2026, 5, 8).at(9, 0, 0, 0),
        tz: "Europe/Zurich".into(),
    };
    let mut renamed = moved;
    renamed.title = "Renamed".into();
    let e = store.sync_meetings(vec![renamed, bad]).await.unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("\"bad@x\""), "{e}");
    let all = store.meetings(&MeetingFilter::default()).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        store.meeting(stored.id).await.unwrap().unwrap().data.title,
        now.data.title
    );
}

pub async fn checklist_items_keep_whether_they_are_public(store: &dyn Store) {
    let mut m = geneva_meeting("public@x", 6, 2, &[]);
    m.checklist.push(ChecklistItem {
        text: "Side event open to delegations".into(),
        done: true,
        public: true,
    });
    let stored = store.create_meeting(m).await.unwrap();
    let read = store.meeting(stored.id).await.unwrap().unwrap();
    let flags: Vec<(&str, bool, bool)> = read
        .data
        .checklist
        .iter()
        .map(|c| (c.text.as_str(), c.done, c.public))
        .collect();
    assert_eq!(
        flags,
        [
            ("Draft statement", false, false),
            ("Side event open to delegations", true, true)
        ]
    );
    let public: Vec<&str> = read
        .data
        .checklist_for(false)
        .into_iter()
        .map(|(_, c)| c.text.as_str())
        .collect();
    assert_eq!(public, ["Side event open to delegations"]);
}

pub async fn a_body_chosen_by_staff_survives_a_new_reading(store: &dyn Store) {
    let imported = store
        .import_meetings(vec![
            geneva_meeting("gc@x", 7, 1, &[]),
            geneva_meeting("other@x", 7, 2, &[]),
        ])
        .await
        .unwrap();
    let (gc, other) = (&imported[0], &imported[1]);
    assert_eq!(gc.data.body.as_deref(), Some("wipo-sccr"));

    let chosen = store
        .choose_meeting_body(gc.id, Some("wto-gc".into()), vec!["trade".into()])
        .await
        .unwrap();
    assert_eq!(chosen.data.body.as_deref(), Some("wto-gc"));
    assert!(chosen.data.themes.contains(&"trade".to_string()));
    let none = store
        .choose_meeting_body(other.id, None, vec![])
        .await
        .unwrap();
    assert_eq!(none.data.body, None);

    // The calendar moves both and still says SCCR: the staff's choices stay.
    let synced = store
        .sync_meetings(vec![
            geneva_meeting("gc@x", 7, 3, &[]),
            geneva_meeting("other@x", 7, 4, &[]),
        ])
        .await
        .unwrap();
    assert_eq!(synced.updated.len(), 2);
    let gc = store.meeting(gc.id).await.unwrap().unwrap();
    assert_eq!(gc.data.body.as_deref(), Some("wto-gc"));
    assert_eq!(gc.data.when.first_day(), date(2026, 7, 3));
    let other = store.meeting(other.id).await.unwrap().unwrap();
    assert_eq!(other.data.body, None);

    // A meeting never chosen for follows the calendar's body.
    let fresh = store
        .create_meeting(geneva_meeting("fresh-body@x", 7, 5, &[]))
        .await
        .unwrap();
    let mut reading = geneva_meeting("fresh-body@x", 7, 5, &[]);
    reading.body = Some("who-wha".into());
    store.sync_meetings(vec![reading]).await.unwrap();
    assert_eq!(
        store
            .meeting(fresh.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .body
            .as_deref(),
        Some("who-wha")
    );

    let e = store
        .choose_meeting_body(9999, Some("wto-gc".into()), vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}
