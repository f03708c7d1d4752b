//! Moving and copying whole desks (`southdesk_store::transfer`) on real
//! databases: a SQLite file in a temporary folder, and fresh PostgreSQL
//! databases `southdesk_test_<random>` on `SOUTHDESK_TEST_POSTGRES`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), dropped
//! afterwards; `SOUTHDESK_SKIP_POSTGRES=1` skips the tests that need one.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jiff::civil::date as civil;
use southdesk_calendar::{
    CentreRole, ChecklistItem, LinkKind as MeetingLinkKind, MeetingData, When,
};
use southdesk_common::sha256_hex;
use southdesk_plan::outputs::{
    Author, FileRef, NewOutput, NewTagCorrection, OutputType, OutputVersion, ProposedTag, TagKind,
    Visibility,
};
use southdesk_plan::requests::{Channel, LinkKind, Mode, Requester, Routing, Status};
use southdesk_plan::{Lang, NewPlanVersion, Plan, Role, VersionStatus};
use southdesk_store::accounts::{NewPasswordReset, OutgoingMail};
use southdesk_store::requests::{
    Change, Idempotency, NewAttachment, NewRequest, Notice, RequestQuery,
};
use southdesk_store::transfer::{self, TABLES};
use southdesk_store::{
    MeetingFilter, NewAccount, NewApiToken, OutputFilter, Page, Session, Store, StoreError, open,
};
use sqlx::{AssertSqlSafe, Connection};
use time::macros::date;
use time::{Duration as TimeDelta, OffsetDateTime};

// ---- databases -----------------------------------------------------------------

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

fn postgres_admin() -> Option<String> {
    if std::env::var("SOUTHDESK_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("!!! SKIPPED: PostgreSQL transfer test (SOUTHDESK_SKIP_POSTGRES=1)");
        return None;
    }
    Some(std::env::var("SOUTHDESK_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.into()))
}

/// `admin` with its database replaced by `name`.
fn database_url(admin: &str, name: &str) -> String {
    let (base, query) = admin
        .split_once('?')
        .map_or((admin, None), |(b, q)| (b, Some(q)));
    let start = base.find("://").map_or(0, |i| i + 3);
    let mut url = match base[start..].find('/') {
        Some(slash) => format!("{}/{name}", &base[..start + slash]),
        None => format!("{base}/{name}"),
    };
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

async fn admin_sql(admin: &str, sql: String) {
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {}: {e}", southdesk_store::redact(admin)));
    sqlx::query(AssertSqlSafe(sql.clone()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

/// Runs `test` with the URLs of `n` new, empty PostgreSQL databases, and
/// drops them whatever the test does.
async fn with_postgres<F, Fut>(n: usize, test: F)
where
    F: FnOnce(Vec<String>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(admin) = postgres_admin() else {
        return;
    };
    let names: Vec<String> = (0..n)
        .map(|_| format!("southdesk_test_{:016x}", rand::random::<u64>()))
        .collect();
    for name in &names {
        admin_sql(&admin, format!("CREATE DATABASE \"{name}\"")).await;
    }
    let urls = names.iter().map(|n| database_url(&admin, n)).collect();
    let outcome = tokio::spawn(test(urls)).await;
    for name in &names {
        admin_sql(
            &admin,
            format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        )
        .await;
    }
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn raw_sqlite(url: &str, sql: &str) {
    let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
    sqlx::query(AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

// ---- a desk with data in every table -----------------------------------------------

fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.microsecond() * 1000).unwrap()
}

fn account(email: &str, role: Role) -> NewAccount {
    NewAccount {
        email: email.into(),
        name: format!("Name of {email} — Ñandú 南方"),
        role,
        programme: (role == Role::Coordinator).then(|| "ggdp".into()),
        member: (role == Role::Delegate).then(|| "BRA".into()),
        group: None,
        password_hash: None,
    }
}

fn request(by: i64, title: &str, n: usize) -> NewRequest {
    let bytes = format!("%PDF-1.7 attachment {n}").into_bytes();
    NewRequest {
        submitted_by: by,
        requester: Requester::Member("BRA".into()),
        contact: "mission@example.org".into(),
        title: title.into(),
        text: "Analyse du projet d'accord.\n\"quotes\" \\ 🌍 请分析".into(),
        lang: "fr".into(),
        mode: Mode::PolicyAdvice,
        forum: Some("WTO".into()),
        meeting: None,
        deadline: n.is_multiple_of(2).then_some(date!(2026 - 06 - 30)),
        confidential: n.is_multiple_of(3),
        channel: Channel::Web,
        received_at: now(),
        ack_due: date!(2026 - 03 - 05),
        routing: Routing {
            themes: vec!["trade".into(), "health".into()],
            lead: Some("ggdp".into()),
            supporting: vec!["hip".into()],
            out_of_plan: false,
        },
        sdgs: vec![3, 17],
        tags_json: "{\"themes\":[]}".into(),
        attachments: vec![NewAttachment {
            filename: format!("draft-{n}.pdf"),
            content_type: "application/pdf".into(),
            sha256: sha256_hex(&bytes),
            bytes,
        }],
        idempotency: Some(Idempotency {
            key: format!("key-{n}"),
            fingerprint: format!("fp-{n}"),
        }),
        notify: vec![Notice {
            account_id: by,
            email: "d@bra.example".into(),
            kind: "received".into(),
            subject: "Request received".into(),
            body: "We have your request.".into(),
            send_email: true,
            detail: "{}".into(),
        }],
    }
}

/// An output whose English version carries a file of `bytes` (stored first).
async fn output(store: &dyn Store, n: usize, bytes: &[u8], by: Option<i64>) -> i64 {
    let sha = sha256_hex(bytes);
    store.put_file(&sha, bytes).await.unwrap();
    let new = NewOutput {
        output_type: OutputType::ResearchPaper,
        series: Some("Research Paper".into()),
        number: Some(format!("{}", 100 + n)),
        date: date!(2026 - 03 - 01),
        visibility: if n.is_multiple_of(2) {
            Visibility::Public
        } else {
            Visibility::Confidential
        },
        versions: vec![
            OutputVersion {
                lang: Lang::En,
                title: format!("Special and differential treatment {n}"),
                abstract_: "Abstract.".into(),
                body: "Body text, with \"quotes\" and 🌍.".into(),
                file: Some(FileRef {
                    sha256: sha,
                    size: bytes.len() as u64,
                    media_type: "application/pdf".into(),
                    name: format!("RP{n}_EN.pdf"),
                }),
            },
            OutputVersion {
                lang: Lang::Zh,
                title: format!("特殊和差别待遇 {n}"),
                abstract_: String::new(),
                body: String::new(),
                file: None,
            },
        ],
        authors: vec![
            Author {
                name: "Carlos Correa".into(),
                staff: true,
                account_id: by,
                affiliation: None,
            },
            Author {
                name: "Jane External".into(),
                staff: false,
                account_id: None,
                affiliation: Some("University of Somewhere".into()),
            },
        ],
        programmes: vec!["ggdp".into()],
        forums: vec!["wto".into()],
        meetings: vec![],
        countries: vec!["BRA".into(), "IND".into()],
        themes: vec!["trade".into()],
        sdgs: vec![17, 10],
        tags_confirmed: n.is_multiple_of(2),
        proposed_tags: vec![ProposedTag {
            kind: TagKind::Theme,
            value: "trade".into(),
            score: 0.75,
            evidence: vec!["WTO".into()],
        }],
    };
    store.create_output(new, by).await.unwrap().id
}

fn meeting(uid: &str, day: i8) -> MeetingData {
    MeetingData {
        uid: uid.into(),
        series: None,
        body: Some("wipo-sccr".into()),
        title: format!("SCCR « {uid} »"),
        agenda: "Item 1\nitem 2".into(),
        when: if day % 2 == 0 {
            When::Timed {
                start: civil(2026, 3, day).at(10, 0, 0, 0),
                end: civil(2026, 3, day).at(13, 0, 0, 0),
                tz: "Europe/Zurich".into(),
            }
        } else {
            When::AllDay {
                first: civil(2026, 3, day),
                last: civil(2026, 3, day + 1),
            }
        },
        venue: Some("Geneva".into()),
        online_url: None,
        languages: vec!["en".into(), "fr".into()],
        status: southdesk_calendar::Status::Planned,
        themes: vec!["trade".into()],
        roles: vec![CentreRole::Statement],
        checklist: vec![ChecklistItem {
            text: "Draft statement".into(),
            done: false,
            public: true,
        }],
    }
}

/// Ids of what the desk holds, for the comparisons.
struct Desk {
    admin: i64,
    staff: i64,
    requests: Vec<i64>,
    outputs: Vec<i64>,
    /// The output made and deleted last: its id must never be given again.
    deleted_output: i64,
}

/// What `southdesk` stores on its first start: the embedded plan, adopted.
async fn seed(store: &dyn Store) -> bool {
    let plan = Plan::embedded_2026_2028();
    store
        .seed_plan_if_empty(NewPlanVersion {
            label: format!("Thematic Work Programme {}", plan.period),
            status: VersionStatus::Adopted,
            adopted_on: Some(date!(2026 - 01 - 01)),
            source: "embedded:data/plans/2026-2028.toml".into(),
            plan,
        })
        .await
        .unwrap()
}

/// Fills `store` through its traits, `scale` requests and outputs, with
/// rows in every table.
async fn fill(store: &dyn Store, scale: usize) -> Desk {
    assert!(seed(store).await);
    store
        .insert_plan_version(NewPlanVersion {
            label: "A draft".into(),
            status: VersionStatus::Draft,
            adopted_on: None,
            source: "import:draft.md".into(),
            plan: Plan::embedded_2026_2028(),
        })
        .await
        .unwrap();

    let admin = store
        .create_account(account("admin@southcentre.int", Role::Admin))
        .await
        .unwrap()
        .id;
    let staff = store
        .create_account(account("staff@southcentre.int", Role::Staff))
        .await
        .unwrap()
        .id;
    let coordinator = store
        .create_account(account("coord@southcentre.int", Role::Coordinator))
        .await
        .unwrap()
        .id;
    let delegate = store
        .create_account(account("d@bra.example", Role::Delegate))
        .await
        .unwrap()
        .id;
    store.set_account_disabled(coordinator, true).await.unwrap();
    store
        .set_password_hash(staff, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
        .await
        .unwrap();
    let t = now();
    store
        .create_session(Session {
            id_hash: sha256_hex(b"session"),
            account_id: staff,
            csrf_token: "csrf".into(),
            created_at: t,
            last_seen: t,
            expires_at: t + TimeDelta::days(7),
        })
        .await
        .unwrap();
    let token = store
        .create_api_token(NewApiToken {
            account_id: admin,
            name: "script".into(),
            prefix: "sd_abc".into(),
            hash: sha256_hex(b"token"),
        })
        .await
        .unwrap();
    store.touch_api_token(token.id, t).await.unwrap();
    store
        .record_login_failure("staff@southcentre.int", "192.0.2.1", t)
        .await
        .unwrap();
    store
        .request_password_reset(NewPasswordReset {
            account_id: staff,
            token_hash: sha256_hex(b"reset"),
            at: t,
            mail: OutgoingMail {
                email: "staff@southcentre.int".into(),
                subject: "Reset".into(),
                body: "A link".into(),
            },
        })
        .await
        .unwrap();
    store
        .save_view(staff, "Mine", "status=received&sort=due")
        .await
        .unwrap();

    let mut outputs = Vec::new();
    for n in 0..scale {
        outputs.push(output(store, n, format!("%PDF output {n}").as_bytes(), Some(staff)).await);
    }
    // A bigger file, with every byte value.
    let big: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    outputs.push(output(store, scale, &big, None).await);
    let deleted_output = output(store, scale + 1, b"deleted", None).await;
    store.delete_output(deleted_output).await.unwrap();
    store
        .record_tag_correction(NewTagCorrection {
            output_id: outputs[0],
            kind: TagKind::Sdg,
            proposed: vec!["10".into()],
            chosen: vec!["10".into(), "17".into()],
            text: "Special and differential treatment".into(),
            lang: Lang::En,
            account_id: Some(staff),
        })
        .await
        .unwrap();

    let mut requests = Vec::new();
    for n in 0..scale {
        let id = store
            .submit_request(request(delegate, &format!("Fisheries subsidies {n}"), n))
            .await
            .unwrap()
            .request
            .id;
        requests.push(id);
    }
    let first = requests[0];
    store
        .change_request(
            first,
            admin,
            Change::Assign {
                assignees: vec![staff],
            },
            vec![Notice {
                account_id: staff,
                email: "staff@southcentre.int".into(),
                kind: "assigned".into(),
                subject: "Assigned to you".into(),
                body: "Please answer.".into(),
                send_email: false,
                detail: "{\"by\":1}".into(),
            }],
        )
        .await
        .unwrap();
    store
        .change_request(
            first,
            staff,
            Change::Comment {
                text: "Draft is on the way.".into(),
                internal: true,
            },
            vec![],
        )
        .await
        .unwrap();
    store
        .change_request(
            first,
            staff,
            Change::Link {
                kind: LinkKind::Output,
                target: outputs[0],
            },
            vec![],
        )
        .await
        .unwrap();
    assert!(
        store
            .notify_overdue(first, date!(2026 - 03 - 06), vec![])
            .await
            .unwrap()
    );

    let m = store.create_meeting(meeting("sccr-47", 10)).await.unwrap();
    let joint_meeting = m.id;
    store.create_meeting(meeting("sccr-48", 13)).await.unwrap();
    store
        .link_meeting(
            m.id,
            southdesk_calendar::Link {
                kind: MeetingLinkKind::Request,
                id: first,
            },
        )
        .await
        .unwrap();

    // The contacts register: a mission with its name in Chinese, a part of
    // it, a person, a post and who held it.
    let mut mission = southdesk_contacts::OrgData {
        name: "Misión Permanente del Ecuador".into(),
        names: Default::default(),
        acronym: None,
        kind: southdesk_contacts::OrgKind::PermanentMission,
        iati_type: None,
        iati_id: None,
        country: Some("ECU".into()),
        parent: None,
        website: Some("https://example.org/ecuador".into()),
        merged_into: None,
    };
    mission
        .names
        .insert(southdesk_plan::Lang::Zh, "厄瓜多尔常驻代表团".into());
    let mission = store.create_organisation(mission).await.unwrap();
    let mut desk_org = mission.data.clone();
    desk_org.name = "WTO desk".into();
    desk_org.names.clear();
    desk_org.parent = Some(mission.id);
    store.create_organisation(desk_org).await.unwrap();
    let person = store
        .create_person(
            southdesk_contacts::PersonData {
                name: "李明".into(),
                latin_name: Some("Li Ming".into()),
                honorific: Some("Mr".into()),
                languages: vec!["zh".into(), "es".into()],
                emails: vec!["li.ming@example.org".into()],
                phones: vec!["+41 22 555 01 02".into()],
                themes: vec!["trade".into()],
                notes: "Follows TRIPS.".into(),
                consent: None,
                erased_on: None,
                merged_into: None,
            },
            None,
        )
        .await
        .unwrap();
    let post = store
        .create_post(southdesk_contacts::PostData {
            organisation: mission.id,
            title: "Counsellor".into(),
            portfolio: Some("TRIPS".into()),
            themes: vec![],
        })
        .await
        .unwrap();
    store
        .add_tenure(southdesk_contacts::TenureData {
            post: post.id,
            person: person.id,
            from: date!(2024 - 09 - 01),
            to: Some(date!(2026 - 06 - 30)),
        })
        .await
        .unwrap();
    assert!(
        store
            .record_contact_access(
                person.id,
                Some(admin),
                southdesk_store::ContactAccess::Export
            )
            .await
            .unwrap()
    );
    store
        .create_relation(southdesk_contacts::RelationData {
            kind: southdesk_contacts::RelationKind::Advises,
            from: southdesk_contacts::Party::Person(person.id),
            to: southdesk_contacts::Party::Organisation(mission.id),
            since: Some(date!(2024 - 09 - 01)),
            until: None,
            note: "On TRIPS.".into(),
        })
        .await
        .unwrap();
    store
        .create_interaction(
            southdesk_contacts::InteractionData {
                kind: southdesk_contacts::InteractionKind::Call,
                on: date!(2026 - 05 - 04),
                subject: "Briefing before the TRIPS Council".into(),
                note: "Asked for the note on compulsory licences.".into(),
                people: vec![person.id],
                organisations: vec![mission.id],
                themes: vec!["ip".into()],
                concerns: vec![southdesk_contacts::Concerns::Request(requests[0])],
            },
            Some(staff),
        )
        .await
        .unwrap();

    let mou = store
        .create_agreement(
            southdesk_contacts::AgreementData {
                stage: southdesk_contacts::Stage::Signed,
                signed_on: Some(date!(2024 - 03 - 01)),
                valid_from: Some(date!(2024 - 03 - 01)),
                valid_until: Some(date!(2027 - 02 - 28)),
                renewal: southdesk_contacts::Renewal::ByAmendment,
                ..southdesk_contacts::AgreementData::draft(
                    "MoU on TRIPS flexibilities",
                    southdesk_contacts::AgreementKind::Mou,
                    vec![mission.id],
                )
            },
            Some(southdesk_store::SignedUpload {
                name: "mou.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: b"%PDF-1.7 signed MoU".to_vec(),
            }),
            Some(staff),
        )
        .await
        .unwrap();
    let reminded = store
        .remind_agreements(date!(2027 - 01 - 05))
        .await
        .unwrap();
    assert_eq!(reminded.reminded, [mou.id]);
    store
        .create_joint_work(southdesk_contacts::JointWorkData {
            organisation: mission.id,
            work: southdesk_contacts::Work::Meeting(joint_meeting),
            role: southdesk_contacts::JointRole::CoOrganiser,
            note: "Side event".into(),
        })
        .await
        .unwrap();

    Desk {
        admin,
        staff,
        requests,
        outputs,
        deleted_output,
    }
}

/// The desks answer the same through the traits.
async fn assert_same_desk(a: &dyn Store, b: &dyn Store, desk: &Desk) {
    // Contacts: the same records, found the same way (by pinyin too).
    let orgs = a
        .organisations(&southdesk_store::OrgFilter::default())
        .await
        .unwrap();
    assert_eq!(
        orgs,
        b.organisations(&southdesk_store::OrgFilter::default())
            .await
            .unwrap()
    );
    let li = southdesk_store::PersonFilter {
        query: "li ming".into(),
        limit: 0,
        theme: None,
    };
    let people = a.people(&li).await.unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people, b.people(&li).await.unwrap());
    assert_eq!(
        a.tenures_of_person(people[0].id).await.unwrap(),
        b.tenures_of_person(people[0].id).await.unwrap()
    );
    assert_eq!(
        a.relations_of(southdesk_store::Party::Person(people[0].id))
            .await
            .unwrap(),
        b.relations_of(southdesk_store::Party::Person(people[0].id))
            .await
            .unwrap()
    );
    let timeline = a
        .interactions_of(southdesk_store::Party::Person(people[0].id), 0)
        .await
        .unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(
        timeline,
        b.interactions_of(southdesk_store::Party::Person(people[0].id), 0)
            .await
            .unwrap()
    );
    let all = OutputFilter::everything();
    assert_eq!(
        a.outputs(&all, Page::all()).await.unwrap(),
        b.outputs(&all, Page::all()).await.unwrap()
    );
    for &id in &desk.outputs {
        let output = a.output(id).await.unwrap().unwrap();
        assert_eq!(Some(&output), b.output(id).await.unwrap().as_ref());
        for v in &output.versions {
            if let Some(f) = &v.file {
                let bytes = b.file(&f.sha256).await.unwrap().unwrap();
                assert_eq!(sha256_hex(&bytes), f.sha256);
                assert_eq!(Some(bytes), a.file(&f.sha256).await.unwrap());
            }
        }
    }
    let q = RequestQuery::default();
    assert_eq!(a.requests(&q).await.unwrap(), b.requests(&q).await.unwrap());
    for &id in &desk.requests {
        assert_eq!(a.request(id).await.unwrap(), b.request(id).await.unwrap());
        assert_eq!(
            a.request_events(id).await.unwrap(),
            b.request_events(id).await.unwrap()
        );
        assert_eq!(
            a.request_comments(id).await.unwrap(),
            b.request_comments(id).await.unwrap()
        );
        assert_eq!(
            a.request_links(id).await.unwrap(),
            b.request_links(id).await.unwrap()
        );
    }
    assert_eq!(a.accounts().await.unwrap(), b.accounts().await.unwrap());
    assert_eq!(
        a.password_hash(desk.staff).await.unwrap(),
        b.password_hash(desk.staff).await.unwrap()
    );
    assert_eq!(
        a.api_tokens(desk.admin).await.unwrap(),
        b.api_tokens(desk.admin).await.unwrap()
    );
    assert_eq!(
        a.inbox(desk.staff, 100).await.unwrap(),
        b.inbox(desk.staff, 100).await.unwrap()
    );
    assert_eq!(
        a.saved_views(desk.staff).await.unwrap(),
        b.saved_views(desk.staff).await.unwrap()
    );
    assert_eq!(
        a.plan_versions().await.unwrap(),
        b.plan_versions().await.unwrap()
    );
    assert_eq!(
        a.adopted_plan().await.unwrap(),
        b.adopted_plan().await.unwrap()
    );
    assert_eq!(
        a.tag_corrections().await.unwrap(),
        b.tag_corrections().await.unwrap()
    );
    let meetings = MeetingFilter::default();
    assert_eq!(
        a.meetings(&meetings).await.unwrap(),
        b.meetings(&meetings).await.unwrap()
    );
    let far = now() + TimeDelta::days(3650);
    assert_eq!(
        a.due_notifications(far, 1000).await.unwrap(),
        b.due_notifications(far, 1000).await.unwrap()
    );
}

/// Every table of both stores has the same count and checksum.
async fn assert_same_tables(a: &str, b: &str) -> u64 {
    let tables = transfer::compare(a, b).await.unwrap();
    assert!(!tables.is_empty());
    let mut rows = 0;
    for t in &tables {
        assert!(t.equal(), "{t:?}");
        rows += t.rows.0;
    }
    rows
}

// ---- the list of tables ------------------------------------------------------------

/// The tables the migrations make are those of `TABLES` (`output_changes`
/// may not exist yet), and every foreign key points to a table listed
/// before its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_list_is_the_schema_in_foreign_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir.path().join("desk.db"));
    open(&url).await.unwrap().close().await;
    check_table_list(transfer::schema_tables(&url).await.unwrap(), "SQLite");

    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
         WHERE m.type = 'table'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(keys.len() > 20, "{keys:?}");
    let position = |t: &str| TABLES.iter().position(|x| *x == t).unwrap();
    for (table, parent) in keys {
        if table != parent {
            assert!(
                position(&parent) < position(&table),
                "{table} refers to {parent}, which TABLES lists after it"
            );
        }
    }

    with_postgres(1, |urls| async move {
        open(&urls[0]).await.unwrap().close().await;
        check_table_list(
            transfer::schema_tables(&urls[0]).await.unwrap(),
            "PostgreSQL",
        );
    })
    .await;
}

fn check_table_list(schema: Vec<String>, backend: &str) {
    let listed: BTreeSet<&str> = TABLES.iter().copied().collect();
    assert_eq!(listed.len(), TABLES.len(), "a table is listed twice");
    for table in &schema {
        assert!(
            listed.contains(table.as_str()),
            "the {backend} migrations make table {table}, which transfer::TABLES does not list: \
             add it there, after the tables it refers to"
        );
    }
    for table in TABLES {
        assert!(
            *table == "output_changes" || schema.iter().any(|t| t == table),
            "transfer::TABLES lists {table}, which the {backend} schema does not have"
        );
    }
}

// ---- migrate -------------------------------------------------------------------

/// SQLite → PostgreSQL → SQLite: every table verified each way, the three
/// stores answer the same, and new rows on the copies take new ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_migrates_to_postgres_and_back() {
    with_postgres(1, |urls| async move {
        let dir = tempfile::tempdir().unwrap();
        let first = sqlite_url(&dir.path().join("first.db"));
        let back = sqlite_url(&dir.path().join("back.db"));
        let pg = urls[0].clone();

        let source = open(&first).await.unwrap();
        let desk = fill(source.as_ref(), 6).await;
        source.close().await;

        let started = Instant::now();
        let there = transfer::migrate(&first, &pg).await.unwrap();
        let there_took = started.elapsed();
        let started = Instant::now();
        let again = transfer::migrate(&pg, &back).await.unwrap();
        let back_took = started.elapsed();

        // Every table present has rows: the desk covers the whole schema.
        let present = transfer::schema_tables(&first).await.unwrap();
        for report in [&there, &again] {
            assert_eq!(
                report.tables.len() + report.absent.len(),
                TABLES.len(),
                "{report:?}"
            );
            for t in &report.tables {
                assert!(
                    t.source_rows > 0,
                    "the test desk has no rows in {}",
                    t.table
                );
                assert_eq!(t.source_rows, t.target_rows, "{t:?}");
            }
            for absent in &report.absent {
                assert!(!present.contains(absent));
            }
        }
        assert_eq!(
            there.tables, again.tables,
            "checksums differ between the two copies"
        );
        let total: u64 = there.tables.iter().map(|t| t.source_rows).sum();
        eprintln!(
            "migrated {total} rows in {} tables: SQLite → PostgreSQL {:.2} s, back {:.2} s",
            there.tables.len(),
            there_took.as_secs_f64(),
            back_took.as_secs_f64()
        );
        let outputs = there.tables.iter().find(|t| t.table == "outputs").unwrap();
        assert_eq!(outputs.last_id, Some(desk.deleted_output));

        assert_eq!(assert_same_tables(&first, &pg).await, total);
        assert_eq!(assert_same_tables(&pg, &back).await, total);
        // SQLite to SQLite: the rows as SQLite stores them, text for text.
        assert_eq!(assert_same_tables(&first, &back).await, total);

        let a = open(&first).await.unwrap();
        let p = open(&pg).await.unwrap();
        let b = open(&back).await.unwrap();
        assert_same_desk(a.as_ref(), p.as_ref(), &desk).await;
        assert_same_desk(a.as_ref(), b.as_ref(), &desk).await;

        // New rows on the copies: the sequences go on after the copied ids,
        // and after the deleted output's.
        for store in [&p, &b] {
            let id = output(store.as_ref(), 90, b"new after the move", None).await;
            assert_eq!(id, desk.deleted_output + 1, "{}", store.backend());
            let account = store
                .create_account(account("new@southcentre.int", Role::Staff))
                .await
                .unwrap();
            assert!(account.id > desk.staff);
            let r = store
                .submit_request(request(account.id, "After the move", 99))
                .await
                .unwrap();
            assert!(r.created);
            assert!(r.request.id > *desk.requests.last().unwrap());
            assert_eq!(
                store.request(r.request.id).await.unwrap().unwrap().status,
                Status::Received
            );
            let m = store.create_meeting(meeting("sccr-49", 20)).await.unwrap();
            assert!(m.id > 2);
        }
        a.close().await;
        p.close().await;
        b.close().await;

        // The copies are no longer empty: a second migration into them is refused.
        match transfer::migrate(&first, &pg).await {
            Err(e @ StoreError::TargetNotEmpty { .. }) => {
                assert_eq!(e.code(), "target_not_empty");
                assert!(
                    e.to_string().contains("table plan_versions has rows"),
                    "{e}"
                );
            }
            other => panic!("{other:?}"),
        }
    })
    .await;
}

/// A target with one row is refused, named by its table, and left as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_refuses_a_target_with_rows() {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite_url(&dir.path().join("source.db"));
    let target = sqlite_url(&dir.path().join("target.db"));
    let s = open(&source).await.unwrap();
    fill(s.as_ref(), 1).await;
    s.close().await;
    let t = open(&target).await.unwrap();
    t.create_account(account("x@southcentre.int", Role::Staff))
        .await
        .unwrap();
    t.close().await;

    let e = transfer::migrate(&source, &target).await.unwrap_err();
    assert_eq!(e.code(), "target_not_empty");
    assert!(e.to_string().contains("table accounts has rows"), "{e}");
    let t = open(&target).await.unwrap();
    assert_eq!(t.accounts().await.unwrap().len(), 1);
    assert!(t.plan_versions().await.unwrap().is_empty());
    t.close().await;

    let e = transfer::migrate(&source, &source).await.unwrap_err();
    assert_eq!(e.code(), "unsupported");
    let missing = sqlite_url(&dir.path().join("missing.db"));
    let e = transfer::migrate(&missing, &target).await.unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert!(!dir.path().join("missing.db").exists());
}

/// A value PostgreSQL cannot hold stops the copy: the error names its
/// table, row and column, and the target keeps no row at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_value_stops_the_whole_migration() {
    with_postgres(2, |urls| async move {
        let dir = tempfile::tempdir().unwrap();
        let source = sqlite_url(&dir.path().join("source.db"));
        let s = open(&source).await.unwrap();
        let desk = fill(s.as_ref(), 2).await;
        s.close().await;

        // Too big for PostgreSQL's 32-bit INTEGER, in a late table.
        let id = desk.outputs[1];
        raw_sqlite(
            &source,
            &format!("UPDATE outputs SET year = 3000000000 WHERE id = {id}"),
        )
        .await;
        let e = transfer::migrate(&source, &urls[0]).await.unwrap_err();
        assert_eq!(e.code(), "bad_value", "{e}");
        let message = e.to_string();
        assert!(
            message.contains("table outputs")
                && message.contains(&format!("row id={id}"))
                && message.contains("column year"),
            "{message}"
        );
        for t in transfer::schema_tables(&urls[0]).await.unwrap() {
            let n = transfer::compare(&urls[0], &urls[0])
                .await
                .unwrap()
                .into_iter()
                .find(|c| c.table == t)
                .map(|c| c.rows.0);
            assert_eq!(n, Some(0), "{t} kept rows of a failed migration");
        }

        // A time SQLite holds as text that is not one.
        raw_sqlite(
            &source,
            &format!("UPDATE outputs SET year = 2026 WHERE id = {id}"),
        )
        .await;
        raw_sqlite(
            &source,
            &format!(
                "UPDATE accounts SET created_at = 'yesterday' WHERE id = {}",
                desk.staff
            ),
        )
        .await;
        let e = transfer::migrate(&source, &urls[1]).await.unwrap_err();
        assert_eq!(e.code(), "bad_value", "{e}");
        assert!(
            e.to_string().starts_with(&format!(
                "table accounts, row id={}, column created_at:",
                desk.staff
            )),
            "{e}"
        );
    })
    .await;
}

// ---- backup and restore ------------------------------------------------------------

/// A backup taken while another task keeps writing is a consistent desk:
/// restored into a fresh folder, it has every table and file of the
/// backup, and what it has equals what the live desk has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_whole() {
    let dir = tempfile::tempdir().unwrap();
    let live_file = dir.path().join("live").join("southdesk.db");
    std::fs::create_dir_all(live_file.parent().unwrap()).unwrap();
    let live_url = sqlite_url(&live_file);
    let live = open(&live_url).await.unwrap();
    let desk = fill(live.as_ref(), 3).await;
    let before = live
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .total;

    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = tokio::spawn({
        let (live, stop, written, delegate) = (
            live.clone(),
            stop.clone(),
            written.clone(),
            desk.requests.len(),
        );
        async move {
            let mut n = 1000;
            while !stop.load(Ordering::SeqCst) {
                let bytes = format!("written during the backup {n}").repeat(2000);
                output(live.as_ref(), n, bytes.as_bytes(), None).await;
                let by = live.request(1).await.unwrap().unwrap().submitted_by;
                live.submit_request(request(by, &format!("During {n} of {delegate}"), n))
                    .await
                    .unwrap();
                written.fetch_add(1, Ordering::SeqCst);
                n += 1;
            }
        }
    });
    while written.load(Ordering::SeqCst) < 3 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let backup_file = dir.path().join("backups").join("desk.db");
    std::fs::create_dir_all(backup_file.parent().unwrap()).unwrap();
    let report = transfer::backup(&live_url, &backup_file).await.unwrap();
    let during = written.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(
        written.load(Ordering::SeqCst) > during,
        "the writer did not go on during the backup"
    );
    assert_eq!(report.bytes, std::fs::metadata(&backup_file).unwrap().len());
    assert!(report.schema_version >= 10);
    // No temporary file is left beside it.
    assert_eq!(
        std::fs::read_dir(backup_file.parent().unwrap())
            .unwrap()
            .count(),
        1
    );

    // Into a desk started once: it holds the seeded plan only.
    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    let target = fresh.join("southdesk.db");
    let started_once = open(&sqlite_url(&target)).await.unwrap();
    assert!(seed(started_once.as_ref()).await);
    started_once.close().await;
    let restored = transfer::restore(&backup_file, &target, false)
        .await
        .unwrap();
    assert!(restored.replaced);
    assert_eq!(restored.tables, report.tables);
    assert_eq!(restored.schema_version, restored.schema_version_before);
    let restored_url = sqlite_url(&target);
    assert_same_tables(&sqlite_url(&backup_file), &restored_url).await;

    // What the backup holds is what the live desk held: whole outputs,
    // with their files, and no output without them.
    let copy = open(&restored_url).await.unwrap();
    let outputs = copy
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap();
    let live_total = live
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .total;
    assert!(
        outputs.total >= before + 3 && outputs.total < live_total,
        "{} {before} {live_total}",
        outputs.total
    );
    for o in &outputs.outputs {
        assert_eq!(Some(o), live.output(o.id).await.unwrap().as_ref());
        for v in &o.versions {
            if let Some(f) = &v.file {
                let bytes = copy.file(&f.sha256).await.unwrap().unwrap();
                assert_eq!(sha256_hex(&bytes), f.sha256);
                assert_eq!(bytes.len() as u64, f.size);
            }
        }
    }
    let requests = copy.requests(&RequestQuery::default()).await.unwrap();
    assert!(requests.len() >= desk.requests.len() + 3);
    for r in requests {
        let whole = copy.request(r.id).await.unwrap().unwrap();
        assert_eq!(whole.attachments.len(), 1, "{whole:?}");
        assert_eq!(Some(whole), live.request(r.id).await.unwrap());
        assert_eq!(
            copy.request_events(r.id).await.unwrap(),
            live.request_events(r.id).await.unwrap()
        );
    }
    copy.close().await;
    live.close().await;

    // A backup never overwrites a file.
    let e = transfer::backup(&live_url, &backup_file).await.unwrap_err();
    assert_eq!(e.code(), "io_error");
    assert!(e.to_string().contains("already exists"), "{e}");
}

/// A restore refuses a desk that holds data (unless forced), and a file
/// that is not a southdesk database; either way the target is untouched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_non_empty_desks_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.db");
    let s = open(&sqlite_url(&source)).await.unwrap();
    fill(s.as_ref(), 1).await;
    s.close().await;
    let backup = dir.path().join("backup.db");
    transfer::backup(&sqlite_url(&source), &backup)
        .await
        .unwrap();

    // A desk with one account.
    let target = dir.path().join("southdesk.db");
    let t = open(&sqlite_url(&target)).await.unwrap();
    t.create_account(account("only@southcentre.int", Role::Staff))
        .await
        .unwrap();
    t.close().await;
    let untouched = std::fs::read(&target).unwrap();
    let e = transfer::restore(&backup, &target, false)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "desk_not_empty");
    assert!(e.to_string().contains("table accounts has rows"), "{e}");
    assert!(e.to_string().contains("--force"), "{e}");
    assert_eq!(std::fs::read(&target).unwrap(), untouched);

    // Files that are not southdesk databases.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(
        &garbage,
        b"this is not a database at all, just text".repeat(200),
    )
    .unwrap();
    let half = dir.path().join("half.db");
    let bytes = std::fs::read(&backup).unwrap();
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let other = dir.path().join("other.db");
    raw_sqlite(
        &format!("sqlite://{}?mode=rwc", other.display()),
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
    )
    .await;
    let newer = dir.path().join("newer.db");
    std::fs::copy(&backup, &newer).unwrap();
    raw_sqlite(
        &sqlite_url(&newer),
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, X'00', 0)",
    )
    .await;
    let empty_target = dir.path().join("empty").join("southdesk.db");
    std::fs::create_dir_all(empty_target.parent().unwrap()).unwrap();
    for (file, code, words) in [
        (&garbage, "not_a_desk", "is not a southdesk database"),
        (&half, "not_a_desk", "is not a southdesk database"),
        (&other, "not_a_desk", "no southdesk schema"),
        (
            &newer,
            "newer_schema",
            "written by a newer southdesk (schema version 9999",
        ),
    ] {
        for (target, force) in [(&target, true), (&empty_target, false)] {
            let e = transfer::restore(file, target, force).await.unwrap_err();
            assert_eq!(e.code(), code, "{}: {e}", file.display());
            assert!(e.to_string().contains(words), "{}: {e}", file.display());
            assert!(e.to_string().contains(&file.display().to_string()), "{e}");
        }
        assert_eq!(std::fs::read(&target).unwrap(), untouched);
        assert!(!empty_target.exists());
        // Nothing left beside the targets.
        assert_eq!(
            std::fs::read_dir(empty_target.parent().unwrap())
                .unwrap()
                .count(),
            0
        );
    }
    let e = transfer::restore(&dir.path().join("absent.db"), &empty_target, false)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "io_error");

    // Forced, the desk is replaced, its old WAL journal with it.
    let r = transfer::restore(&backup, &target, true).await.unwrap();
    assert!(r.replaced);
    assert!(!Path::new(&format!("{}-wal", target.display())).exists());
    assert_same_tables(&sqlite_url(&backup), &sqlite_url(&target)).await;
    // One changed character in one row tells the tables apart.
    raw_sqlite(
        &sqlite_url(&target),
        "UPDATE accounts SET name = name || '.' WHERE id = 1",
    )
    .await;
    let differ: Vec<String> = transfer::compare(&sqlite_url(&backup), &sqlite_url(&target))
        .await
        .unwrap()
        .into_iter()
        .filter(|t| !t.equal())
        .map(|t| t.table)
        .collect();
    assert_eq!(differ, ["accounts"]);
    let t = open(&sqlite_url(&target)).await.unwrap();
    assert!(
        t.account_by_email("only@southcentre.int")
            .await
            .unwrap()
            .is_none()
    );
    t.close().await;
}

/// A backup of an older southdesk is migrated as it is restored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_backup_is_migrated_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    // The migrations up to 0008, as an older southdesk had them.
    let old_migrations = dir.path().join("migrations");
    std::fs::create_dir_all(&old_migrations).unwrap();
    let all = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for entry in std::fs::read_dir(&all).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.as_str() < "0009" {
            std::fs::copy(entry.path(), old_migrations.join(&name)).unwrap();
        }
    }
    let old = dir.path().join("old.db");
    let url = format!("sqlite://{}?mode=rwc", old.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(old_migrations.as_path())
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    let _ = conn.close().await;

    let target = dir.path().join("southdesk.db");
    let r = transfer::restore(&old, &target, false).await.unwrap();
    assert_eq!(r.schema_version_before, 8);
    assert!(r.schema_version >= 10, "{r:?}");
    let tables = transfer::schema_tables(&sqlite_url(&target)).await.unwrap();
    assert!(tables.iter().any(|t| t == "saved_views"), "{tables:?}");
    let store = open(&sqlite_url(&target)).await.unwrap();
    store
        .create_account(account("after@southcentre.int", Role::Staff))
        .await
        .unwrap();
    store.close().await;
}

/// PostgreSQL desks are backed up with pg_dump: the refusal says how.
#[tokio::test]
async fn backup_of_postgres_explains_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let e = transfer::backup(
        "postgres://desk:s3cret@db.example:5432/desk",
        &dir.path().join("x.db"),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "unsupported");
    let m = e.to_string();
    assert!(
        m.contains("pg_dump --format=custom") && m.contains("pg_restore"),
        "{m}"
    );
    assert!(!m.contains("s3cret"), "{m}");
    assert!(!dir.path().join("x.db").exists());
}

// ---- a larger desk -------------------------------------------------------------------

/// How long a desk of a few thousand rows takes to move (printed; run with
/// `--nocapture` to see it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_larger_desk_migrates_and_verifies() {
    with_postgres(1, |urls| async move {
        let dir = tempfile::tempdir().unwrap();
        let first = sqlite_url(&dir.path().join("first.db"));
        let back = sqlite_url(&dir.path().join("back.db"));
        let s = open(&first).await.unwrap();
        fill(s.as_ref(), 150).await;
        s.close().await;
        let started = Instant::now();
        let there = transfer::migrate(&first, &urls[0]).await.unwrap();
        let there_took = started.elapsed();
        let started = Instant::now();
        transfer::migrate(&urls[0], &back).await.unwrap();
        let back_took = started.elapsed();
        let rows: u64 = there.tables.iter().map(|t| t.source_rows).sum();
        let bytes = std::fs::metadata(dir.path().join("first.db")).unwrap().len();
        eprintln!(
            "larger desk: {rows} rows ({:.1} MB SQLite file): SQLite → PostgreSQL {:.2} s, back {:.2} s",
            bytes as f64 / 1048576.0,
            there_took.as_secs_f64(),
            back_took.as_secs_f64()
        );
        assert!(rows > 2000, "{rows}");
        assert_same_tables(&first, &back).await;
    })
    .await;
}
