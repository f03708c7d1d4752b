//! `southdesk contacts list` over a desk whose register was written through
//! the store: people found by pinyin, organisations by kind, JSON that reads
//! back as the records, and a bad kind refused by name.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_southdesk"))
        .env_remove("SOUTHDESK_DATA")
        .env_remove("SOUTHDESK_DATABASE")
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run southdesk")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_and_organisations_are_listed_and_found() {
    let dir = tempfile::tempdir().unwrap();
    // The desk's database, as `serve` would create it.
    let first = run(&["contacts", "list"], dir.path());
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(first.stdout.is_empty());
    let url = format!("sqlite://{}", dir.path().join("southdesk.db").display());
    let store = southdesk_store::open(&url).await.unwrap();
    let mission = store
        .create_organisation(southdesk_contacts::OrgData {
            country: Some("KEN".into()),
            ..southdesk_contacts::OrgData::new(
                "Permanent Mission of Kenya",
                southdesk_contacts::OrgKind::PermanentMission,
            )
        })
        .await
        .unwrap();
    for (name, latin, email) in [
        ("李明", Some("Li Ming"), "li.ming@example.org"),
        ("Amina Odhiambo", None, "amina@example.org"),
    ] {
        store
            .create_person(
                southdesk_contacts::PersonData {
                    latin_name: latin.map(str::to_string),
                    emails: vec![email.into()],
                    ..southdesk_contacts::PersonData::new(name)
                },
                None,
            )
            .await
            .unwrap();
    }
    store.close().await;

    let o = run(&["contacts", "list", "--query", "li ming"], dir.path());
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "1\t李明\tLi Ming\tli.ming@example.org\n"
    );
    let o = run(
        &[
            "contacts",
            "list",
            "--organisations",
            "--kind",
            "permanent-mission",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(o.status.success());
    let orgs: Vec<southdesk_contacts::Organisation> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(orgs, [mission]);
    let o = run(
        &["contacts", "list", "--organisations", "--kind", "club"],
        dir.path(),
    );
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("--kind \"club\""), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_is_previewed_refused_then_imported_and_exported_as_vcard() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mission.csv");
    let bad = "name,latin_name,email,organisation,organisation_kind,country,post,since\n\
               王芳,Wang Fang,wang.fang@mission.example.org,Mission of China,permanent-mission,CHN,Counsellor,2026-09-01\n\
               Kwame Mensah,,kwame@ghana.example.org,Mission of Ghana,permanent-mission,XXX,Counsellor,\n";
    std::fs::write(&file, bad).unwrap();
    let file_arg = file.to_str().unwrap();

    // A refused row: its line and column, exit 1, nothing written even
    // with --yes.
    for args in [
        vec!["contacts", "import", file_arg],
        vec!["contacts", "import", file_arg, "--yes"],
    ] {
        let o = run(&args, dir.path());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.contains("mission.csv:3\tKwame Mensah\trefused: country"),
            "{out}"
        );
        assert!(out.contains("mission.csv:2\t王芳\tnew"), "{out}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("1 refused: nothing was written"), "{err}");
    }
    let listed = run(&["contacts", "list"], dir.path());
    assert!(listed.stdout.is_empty(), "nothing was written");

    // Fixed: a preview writes nothing, --yes writes both.
    std::fs::write(&file, bad.replace(",XXX,", ",GHA,")).unwrap();
    let o = run(&["contacts", "import", file_arg], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("run again with --yes"));
    assert!(run(&["contacts", "list"], dir.path()).stdout.is_empty());
    let o = run(&["contacts", "import", file_arg, "--yes"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("new organisation Mission of Ghana"), "{out}");
    let listed = String::from_utf8_lossy(
        &run(&["contacts", "list", "--query", "wang fang"], dir.path()).stdout,
    )
    .to_string();
    assert!(listed.contains("王芳\tWang Fang"), "{listed}");

    // vCard, read by an independent parser.
    let vcf = dir.path().join("all.vcf");
    let o = run(
        &[
            "contacts",
            "export",
            "--format",
            "vcard",
            "--output",
            vcf.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&vcf).unwrap();
    let cards: Vec<_> = ical::VcardParser::new(std::io::BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cards.len(), 2);
    let orgs: Vec<String> = cards
        .iter()
        .flat_map(|c| c.properties.iter())
        .filter(|p| p.name == "ORG")
        .filter_map(|p| p.value.clone())
        .collect();
    // By name in Latin letters: Kwame Mensah, then Wang Fang.
    assert_eq!(orgs, ["Mission of Ghana", "Mission of China"]);
    // CSV to standard output, which reads back as an import.
    let o = run(&["contacts", "export", "--query", "kwame"], dir.path());
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with("name,latin_name,"), "{csv}");
    assert!(
        csv.contains("Kwame Mensah,,,kwame@ghana.example.org"),
        "{csv}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_past_retention_are_listed_then_purged() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(&["contacts", "list"], dir.path()).status.success());
    let url = format!("sqlite://{}", dir.path().join("southdesk.db").display());
    let store = southdesk_store::open(&url).await.unwrap();
    let mut ids = Vec::new();
    for (name, email) in [
        ("Old Contact", "old@example.org"),
        ("Recent Contact", "new@example.org"),
    ] {
        ids.push(
            store
                .create_person(
                    southdesk_contacts::PersonData {
                        emails: vec![email.into()],
                        ..southdesk_contacts::PersonData::new(name)
                    },
                    None,
                )
                .await
                .unwrap()
                .id,
        );
    }
    store.close().await;
    // The first was last changed eight years ago.
    let mut db = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("UPDATE people SET updated_at = '2018-01-02T10:00:00Z' WHERE id = ?")
        .bind(ids[0])
        .execute(&mut db)
        .await
        .unwrap();
    drop(db);

    let o = run(&["contacts", "purge", "--years", "5"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}\tOld Contact\n", ids[0])
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("--yes"));
    let o = run(&["contacts", "purge", "--years", "10"], dir.path());
    assert!(o.stdout.is_empty(), "eight years is within ten");
    let o = run(&["contacts", "purge", "--years", "5", "--yes"], dir.path());
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}\terased\n", ids[0])
    );
    let listed =
        String::from_utf8_lossy(&run(&["contacts", "list"], dir.path()).stdout).to_string();
    assert!(
        !listed.contains("Old Contact") && !listed.contains("old@example.org"),
        "{listed}"
    );
    assert!(listed.contains("Recent Contact"), "{listed}");
    let o = run(&["contacts", "purge", "--years", "5"], dir.path());
    assert!(o.stdout.is_empty(), "an erased record is not due again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agreements_are_listed_by_standing_and_reminded_once() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(&["contacts", "list"], dir.path()).status.success());
    let url = format!("sqlite://{}", dir.path().join("southdesk.db").display());
    let store = southdesk_store::open(&url).await.unwrap();
    let owner = store
        .create_account(southdesk_store::NewAccount {
            email: "owner@southcentre.example".into(),
            name: "Owner".into(),
            role: southdesk_plan::Role::Staff,
            programme: None,
            member: None,
            group: None,
            password_hash: None,
        })
        .await
        .unwrap();
    let ngo = store
        .create_organisation(southdesk_contacts::OrgData::new(
            "Third World Network",
            southdesk_contacts::OrgKind::Ngo,
        ))
        .await
        .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let mut ids = Vec::new();
    for (title, days) in [("Expiring MoU", 10), ("Long partnership", 900)] {
        let a = store
            .create_agreement(
                southdesk_contacts::AgreementData {
                    stage: southdesk_contacts::Stage::Signed,
                    signed_on: Some(today - time::Duration::days(400)),
                    valid_until: Some(today + time::Duration::days(days)),
                    ..southdesk_contacts::AgreementData::draft(
                        title,
                        southdesk_contacts::AgreementKind::Mou,
                        vec![ngo.id],
                    )
                },
                None,
                Some(owner.id),
            )
            .await
            .unwrap();
        ids.push(a.id);
    }
    store.close().await;

    let o = run(
        &["contacts", "agreements", "--standing", "expiring"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let until = (today + time::Duration::days(10)).to_string();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}\texpiring\t{until}\tExpiring MoU\n", ids[0])
    );
    let o = run(
        &["contacts", "agreements", "--standing", "soon"],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("in-force"));

    let o = run(&["contacts", "remind"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{}\treminded\n", ids[0])
    );
    let o = run(&["contacts", "remind"], dir.path());
    assert!(o.stdout.is_empty(), "once per last day");
    let store = southdesk_store::open(&url).await.unwrap();
    assert_eq!(store.unread_count(owner.id).await.unwrap(), 1);
    store.close().await;
}
