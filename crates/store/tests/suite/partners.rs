//! Agreements (parties, signed file, renewals, the reminders before one
//! expires) and joint work (an organisation's part in an output or a
//! meeting).

use southdesk_contacts::{
    AgreementData, AgreementKind, JointRole, JointWorkData, OrgKind, Renewal, Stage, Standing, Work,
};
use southdesk_plan::Role;
use southdesk_store::{AgreementFilter, SignedUpload, Store, StoreError};
use time::macros::date;

use super::{geneva_meeting, new_account, org, paper};

fn signed(title: &str, parties: Vec<i64>) -> AgreementData {
    AgreementData {
        stage: Stage::Signed,
        signed_on: Some(date!(2024 - 03 - 01)),
        valid_from: Some(date!(2024 - 03 - 01)),
        valid_until: Some(date!(2027 - 02 - 28)),
        renewal: Renewal::ByAmendment,
        ..AgreementData::draft(title, AgreementKind::Mou, parties)
    }
}

fn pdf(text: &str) -> SignedUpload {
    SignedUpload {
        name: "MoU signed.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: format!("%PDF-1.7 {text}").into_bytes(),
    }
}

pub async fn agreements_keep_their_parties_file_and_renewals(store: &dyn Store) {
    let who = store
        .create_account(new_account("partnerships@southcentre.int", Role::Staff))
        .await
        .unwrap();
    let uni = store
        .create_organisation(org(
            "University of Nairobi",
            OrgKind::University,
            Some("KEN"),
        ))
        .await
        .unwrap();
    let who_org = store
        .create_organisation(org("World Health Organization", OrgKind::UnBody, None))
        .await
        .unwrap();
    let mou = store
        .create_agreement(
            signed(" MoU on health research ", vec![uni.id, who_org.id]),
            Some(pdf("signed")),
            Some(who.id),
        )
        .await
        .unwrap();
    assert_eq!(mou.data.title, "MoU on health research");
    let file = mou.file.clone().expect("the signed file");
    assert_eq!(file.name, "MoU signed.pdf");
    assert_eq!(file.size, 15);
    let (meta, bytes) = store.agreement_file(mou.id).await.unwrap().unwrap();
    assert_eq!(meta, file);
    assert_eq!(bytes, b"%PDF-1.7 signed");

    // Listed by party and by standing on a day.
    let draft = store
        .create_agreement(
            AgreementData::draft("Letter of intent", AgreementKind::Letter, vec![uni.id]),
            None,
            Some(who.id),
        )
        .await
        .unwrap();
    let of_uni = store
        .agreements(&AgreementFilter {
            organisation: Some(uni.id),
            ..Default::default()
        })
        .await
        .unwrap();
    // By last day: the one without a last day comes last.
    assert_eq!(
        of_uni.iter().map(|a| a.id).collect::<Vec<_>>(),
        [mou.id, draft.id]
    );
    let of_who = store
        .agreements(&AgreementFilter {
            organisation: Some(who_org.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(of_who.len(), 1);
    let expiring = store
        .agreements(&AgreementFilter {
            standing: Some(Standing::Expiring),
            on: Some(date!(2027 - 01 - 15)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(expiring.iter().map(|a| a.id).collect::<Vec<_>>(), [mou.id]);

    // An edit keeps the file when none is given, and the renewals.
    let renewed = store
        .renew_agreement(mou.id, date!(2027 - 01 - 20))
        .await
        .unwrap();
    assert_eq!(renewed.data.valid_until, Some(date!(2030 - 02 - 28)));
    let mut edit = renewed.data.clone();
    edit.renewals.clear();
    edit.note = "Renewed after the joint review.".into();
    let edited = store.update_agreement(mou.id, edit, None).await.unwrap();
    assert_eq!(edited.file, Some(file.clone()));
    assert_eq!(edited.data.renewals.len(), 1, "renewals stay as recorded");
    let refiled = store
        .update_agreement(mou.id, edited.data.clone(), Some(pdf("amended")))
        .await
        .unwrap();
    assert_ne!(refiled.file.as_ref().unwrap().sha256, file.sha256);
    assert_eq!(store.agreement(mou.id).await.unwrap(), Some(refiled));

    // What breaks a rule is refused, naming the field; nothing changes.
    let all = AgreementFilter::default();
    let before = store.agreements(&all).await.unwrap();
    for (data, file, field) in [
        (signed("x", vec![999_999]), None, "parties[0]"),
        (signed("x", vec![]), None, "parties"),
        (
            AgreementData {
                signed_on: None,
                ..signed("x", vec![uni.id])
            },
            None,
            "signed_on",
        ),
        (
            AgreementData {
                responsible: Some(999_999),
                ..signed("x", vec![uni.id])
            },
            None,
            "responsible",
        ),
        (
            signed("x", vec![uni.id]),
            Some(SignedUpload {
                bytes: vec![],
                ..pdf("")
            }),
            "file",
        ),
    ] {
        match store.create_agreement(data, file, None).await {
            Err(StoreError::Invalid(m)) => {
                assert!(m.starts_with(&format!("agreement: {field}:")), "{m}")
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(store.agreements(&all).await.unwrap(), before);
    let err = store
        .renew_agreement(draft.id, date!(2027 - 01 - 20))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("stage")),
        "{err}"
    );
}

pub async fn reminders_come_once_before_an_agreement_expires(store: &dyn Store) {
    let owner = store
        .create_account(new_account("owner@southcentre.int", Role::Staff))
        .await
        .unwrap();
    let lead = store
        .create_account(new_account("lead@southcentre.int", Role::Coordinator))
        .await
        .unwrap();
    let ngo = store
        .create_organisation(org("Third World Network", OrgKind::Ngo, Some("MYS")))
        .await
        .unwrap();
    // Reminded to whoever recorded it, 90 days before 28 February 2027.
    let mou = store
        .create_agreement(signed("MoU with TWN", vec![ngo.id]), None, Some(owner.id))
        .await
        .unwrap();
    // Renews itself every 12 months, reminded to the responsible account
    // 30 days before.
    let tacit = store
        .create_agreement(
            AgreementData {
                renewal: Renewal::Tacit,
                term_months: Some(12),
                notice_days: 30,
                valid_until: Some(date!(2026 - 12 - 31)),
                responsible: Some(lead.id),
                ..signed("Partnership with TWN", vec![ngo.id])
            },
            None,
            Some(owner.id),
        )
        .await
        .unwrap();

    let early = store
        .remind_agreements(date!(2026 - 11 - 01))
        .await
        .unwrap();
    assert!(early.reminded.is_empty() && early.renewed.is_empty());
    assert_eq!(store.unread_count(owner.id).await.unwrap(), 0);

    let due = store
        .remind_agreements(date!(2026 - 12 - 05))
        .await
        .unwrap();
    assert_eq!(due.reminded, [mou.id, tacit.id]);
    let inbox = store.inbox(owner.id, 0).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].kind, "agreement-expiring");
    assert_eq!(inbox[0].request_id, None);
    assert_eq!(inbox[0].href, format!("/contacts/agreements/{}", mou.id));
    assert!(
        inbox[0].detail.contains("2027-02-28"),
        "{}",
        inbox[0].detail
    );
    assert_eq!(store.unread_count(lead.id).await.unwrap(), 1);

    // Once per last day, however often the round runs.
    let again = store
        .remind_agreements(date!(2026 - 12 - 06))
        .await
        .unwrap();
    assert!(again.reminded.is_empty());
    assert_eq!(store.inbox(owner.id, 0).await.unwrap().len(), 1);

    // Past its last day, the tacit one renews itself and says so; its new
    // last day will bring a new reminder in its time.
    let jan = store
        .remind_agreements(date!(2027 - 01 - 02))
        .await
        .unwrap();
    assert_eq!(jan.renewed, [tacit.id]);
    let t = store.agreement(tacit.id).await.unwrap().unwrap();
    assert_eq!(t.data.valid_until, Some(date!(2027 - 12 - 31)));
    assert!(t.data.renewals[0].tacit);
    let kinds: Vec<String> = store
        .inbox(lead.id, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.kind)
        .collect();
    assert_eq!(kinds, ["agreement-renewed", "agreement-expiring"]);
    let dec = store
        .remind_agreements(date!(2027 - 12 - 10))
        .await
        .unwrap();
    assert_eq!(dec.reminded, [tacit.id]);
    // A desk left off for years catches up every term at once.
    let late = store
        .remind_agreements(date!(2030 - 06 - 01))
        .await
        .unwrap();
    assert_eq!(late.renewed, [tacit.id]);
    let t = store.agreement(tacit.id).await.unwrap().unwrap();
    assert_eq!(t.data.valid_until, Some(date!(2030 - 12 - 31)));

    // A responsible account since disabled: the one who recorded it is
    // reminded instead.
    let left = store
        .create_account(new_account("left@southcentre.int", Role::Staff))
        .await
        .unwrap();
    store.set_account_disabled(left.id, true).await.unwrap();
    let orphan = store
        .create_agreement(
            AgreementData {
                valid_until: Some(date!(2031 - 01 - 31)),
                responsible: Some(left.id),
                ..signed("Data-sharing letter", vec![ngo.id])
            },
            None,
            Some(owner.id),
        )
        .await
        .unwrap();
    let r = store
        .remind_agreements(date!(2031 - 01 - 10))
        .await
        .unwrap();
    assert!(r.reminded.contains(&orphan.id), "{r:?}");
    let inbox = store.inbox(owner.id, 0).await.unwrap();
    assert_eq!(inbox[0].href, format!("/contacts/agreements/{}", orphan.id));
    assert_eq!(store.unread_count(left.id).await.unwrap(), 0);
}

pub async fn joint_work_is_seen_from_both_sides(store: &dyn Store) {
    let unctad = store
        .create_organisation(org("UNCTAD", OrgKind::UnBody, None))
        .await
        .unwrap();
    let fes = store
        .create_organisation(org(
            "Friedrich-Ebert-Stiftung",
            OrgKind::Foundation,
            Some("DEU"),
        ))
        .await
        .unwrap();
    let output = store.create_output(paper("210"), None).await.unwrap();
    let meeting = store
        .create_meeting(geneva_meeting("m-joint", 5, 12, &["trade"]))
        .await
        .unwrap();
    let mut made = Vec::new();
    for (o, work, role) in [
        (unctad.id, Work::Output(output.id), JointRole::CoPublisher),
        (fes.id, Work::Output(output.id), JointRole::Funder),
        (unctad.id, Work::Meeting(meeting.id), JointRole::CoOrganiser),
    ] {
        made.push(
            store
                .create_joint_work(JointWorkData {
                    organisation: o,
                    work,
                    role,
                    note: String::new(),
                })
                .await
                .unwrap(),
        );
    }
    let on_output = store.joint_work_on(Work::Output(output.id)).await.unwrap();
    assert_eq!(
        on_output
            .iter()
            .map(|j| (j.data.organisation, j.data.role))
            .collect::<Vec<_>>(),
        [
            (unctad.id, JointRole::CoPublisher),
            (fes.id, JointRole::Funder)
        ]
    );
    let of_unctad = store.joint_work_of_org(unctad.id).await.unwrap();
    assert_eq!(
        of_unctad.iter().map(|j| j.data.work).collect::<Vec<_>>(),
        [Work::Meeting(meeting.id), Work::Output(output.id)]
    );

    // Refused, naming the field: a part the work has no place for, the
    // same part twice, a record that does not exist.
    let before = (
        store.joint_work_of_org(unctad.id).await.unwrap(),
        store.joint_work_of_org(fes.id).await.unwrap(),
    );
    for (data, field) in [
        (
            JointWorkData {
                organisation: fes.id,
                work: Work::Meeting(meeting.id),
                role: JointRole::CoPublisher,
                note: String::new(),
            },
            "role",
        ),
        (made[0].data.clone(), "role"),
        (
            JointWorkData {
                work: Work::Output(999_999),
                ..made[1].data.clone()
            },
            "work",
        ),
        (
            JointWorkData {
                organisation: 999_999,
                ..made[1].data.clone()
            },
            "organisation",
        ),
    ] {
        match store.create_joint_work(data).await {
            Err(StoreError::Invalid(m)) => {
                assert!(m.starts_with(&format!("joint work: {field}:")), "{m}")
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(
        (
            store.joint_work_of_org(unctad.id).await.unwrap(),
            store.joint_work_of_org(fes.id).await.unwrap(),
        ),
        before
    );
    assert_eq!(
        store.delete_joint_work(made[1].id).await.unwrap(),
        Some(made[1].clone())
    );
    assert_eq!(store.delete_joint_work(made[1].id).await.unwrap(), None);
    assert_eq!(
        store
            .joint_work_on(Work::Output(output.id))
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn two_records_of_one_organisation_are_merged_keeping_every_link(store: &dyn Store) {
    use southdesk_contacts::{
        InteractionData, InteractionKind, Party, PostData, RelationData, RelationKind,
    };
    use southdesk_store::OrgFilter;
    let keep = store
        .create_organisation(org("UNCTAD", OrgKind::UnBody, None))
        .await
        .unwrap();
    let mut twin = org("CNUCED", OrgKind::UnBody, None);
    twin.names.insert(southdesk_plan::Lang::Fr, "CNUCED".into());
    twin.website = Some("https://unctad.org".into());
    let other = store.create_organisation(twin).await.unwrap();
    let part = store
        .create_organisation(southdesk_contacts::OrgData {
            parent: Some(other.id),
            ..org("Division on Globalization", OrgKind::UnBody, None)
        })
        .await
        .unwrap();
    let g77 = store
        .create_organisation(org("Group of 77", OrgKind::Group, None))
        .await
        .unwrap();
    let post = store
        .create_post(PostData {
            organisation: other.id,
            title: "Economic Affairs Officer".into(),
            portfolio: None,
            themes: vec![],
        })
        .await
        .unwrap();
    let met = store
        .create_interaction(
            InteractionData {
                kind: InteractionKind::Meeting,
                on: date!(2026 - 04 - 02),
                subject: "Debt workshop".into(),
                note: String::new(),
                people: vec![],
                organisations: vec![keep.id, other.id],
                themes: vec![],
                concerns: vec![],
            },
            None,
        )
        .await
        .unwrap();
    let tie = |kind, from, to| RelationData {
        kind,
        from: Party::Organisation(from),
        to: Party::Organisation(to),
        since: None,
        until: None,
        note: String::new(),
    };
    let member = store
        .create_relation(tie(RelationKind::Advises, other.id, g77.id))
        .await
        .unwrap();
    store
        .create_relation(tie(RelationKind::Partner, keep.id, other.id))
        .await
        .unwrap();
    let both = store
        .create_agreement(signed("MoU", vec![keep.id, other.id]), None, None)
        .await
        .unwrap();
    let only_other = store
        .create_agreement(signed("Letter", vec![other.id, g77.id]), None, None)
        .await
        .unwrap();
    let output = store.create_output(paper("301"), None).await.unwrap();
    for o in [keep.id, other.id] {
        store
            .create_joint_work(JointWorkData {
                organisation: o,
                work: Work::Output(output.id),
                role: JointRole::CoPublisher,
                note: String::new(),
            })
            .await
            .unwrap();
    }
    store
        .create_joint_work(JointWorkData {
            organisation: other.id,
            work: Work::Output(output.id),
            role: JointRole::Funder,
            note: String::new(),
        })
        .await
        .unwrap();

    let merged = store.merge_organisations(keep.id, other.id).await.unwrap();
    assert_eq!(merged.data.name, "UNCTAD");
    assert_eq!(merged.data.website.as_deref(), Some("https://unctad.org"));
    assert_eq!(
        merged.data.name_in(southdesk_plan::Lang::Fr),
        "CNUCED",
        "the other's names fill the kept one's"
    );
    // Every link is keep's now, once each.
    assert_eq!(
        store.posts_of(keep.id).await.unwrap(),
        [southdesk_contacts::Post {
            data: PostData {
                organisation: keep.id,
                ..post.data.clone()
            },
            ..post
        }]
    );
    assert!(store.posts_of(other.id).await.unwrap().is_empty());
    assert_eq!(
        store
            .organisation(part.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .parent,
        Some(keep.id)
    );
    let i = store.interaction(met.id).await.unwrap().unwrap();
    assert_eq!(i.data.organisations, [keep.id]);
    assert_eq!(
        store
            .interactions_of(Party::Organisation(keep.id), 0)
            .await
            .unwrap()
            .len(),
        1
    );
    let ties = store
        .relations_of(Party::Organisation(keep.id))
        .await
        .unwrap();
    assert_eq!(ties.len(), 1, "the tie to itself went: {ties:?}");
    assert_eq!(ties[0].id, member.id);
    assert_eq!(ties[0].data.from, Party::Organisation(keep.id));
    assert_eq!(
        store
            .agreement(both.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .parties,
        [keep.id]
    );
    assert_eq!(
        store
            .agreement(only_other.id)
            .await
            .unwrap()
            .unwrap()
            .data
            .parties,
        [keep.id, g77.id]
    );
    let of_keep = store
        .agreements(&AgreementFilter {
            organisation: Some(keep.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(of_keep.len(), 2);
    let mut parts: Vec<JointRole> = store
        .joint_work_on(Work::Output(output.id))
        .await
        .unwrap()
        .into_iter()
        .map(|j| {
            assert_eq!(j.data.organisation, keep.id);
            j.data.role
        })
        .collect();
    parts.sort();
    assert_eq!(parts, [JointRole::CoPublisher, JointRole::Funder]);
    // The other one is found by no list and no search, and says where it went.
    let gone = store.organisation(other.id).await.unwrap().unwrap();
    assert_eq!(gone.data.merged_into, Some(keep.id));
    for query in ["", "cnuced"] {
        let found = store
            .organisations(&OrgFilter {
                query: query.into(),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(found.iter().all(|o| o.id != other.id), "{query}: {found:?}");
    }
    // Refused: itself, one merged already, one missing.
    for (k, o) in [(keep.id, keep.id), (keep.id, other.id), (keep.id, 999_999)] {
        assert!(store.merge_organisations(k, o).await.is_err(), "{k} ← {o}");
    }
}
