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
