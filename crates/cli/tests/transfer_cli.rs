//! End-to-end tests of `southdesk backup`, `southdesk restore` and
//! `southdesk migrate` with the real binary, on data folders in a temporary
//! folder and a fresh PostgreSQL database (`SOUTHDESK_TEST_POSTGRES`,
//! default `postgres://postgres@127.0.0.1:5432/postgres`;
//! `SOUTHDESK_SKIP_POSTGRES=1` skips the PostgreSQL part).

use std::path::Path;
use std::process::{Output, Stdio};

use southdesk_plan::Lang;
use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};
use sqlx::{AssertSqlSafe, Connection};

mod support;
use support::{Server, bin, failed, ok};

fn southdesk(args: &[&str]) -> Output {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run southdesk")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A desk with the seeded plan, an account and an output.
async fn desk(data: &Path) {
    ok(&southdesk(&["plan", "versions", "--data", p(data)]));
    let store = southdesk_store::open(&format!("sqlite://{}", data.join("southdesk.db").display()))
        .await
        .unwrap();
    store
        .create_account(southdesk_store::NewAccount {
            email: "staff@southcentre.int".into(),
            name: "Staff".into(),
            role: southdesk_plan::Role::Staff,
            programme: None,
            member: None,
            group: None,
            password_hash: None,
        })
        .await
        .unwrap();
    store
        .create_output(
            NewOutput {
                output_type: OutputType::PolicyBrief,
                series: None,
                number: None,
                date: time::macros::date!(2026 - 05 - 04),
                visibility: Visibility::Public,
                versions: vec![OutputVersion {
                    lang: Lang::En,
                    title: "Climate finance after Baku".into(),
                    abstract_: "Climate finance for developing countries.".into(),
                    body: String::new(),
                    file: None,
                }],
                authors: vec![],
                programmes: vec!["sdcc".into()],
                forums: vec![],
                meetings: vec![],
                countries: vec![],
                themes: vec!["climate".into()],
                sdgs: vec![13],
                tags_confirmed: true,
                proposed_tags: vec![],
            },
            None,
        )
        .await
        .unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_then_restore_into_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    desk(&a).await;
    ok(&southdesk(&["reindex", "--data", p(&a)]));

    let file = dir.path().join("desk-backup.db");
    let out = ok(&southdesk(&["backup", p(&file), "--data", p(&a)]));
    assert!(
        out.starts_with(&format!("wrote {} (", file.display())),
        "{out}"
    );
    assert!(
        out.contains("plan_versions 1, accounts 1, requests 0, outputs 1, files 0, meetings 0"),
        "{out}"
    );
    let err = failed(&southdesk(&["backup", p(&file), "--data", p(&a)]));
    assert!(err.contains("already exists"), "{err}");

    // A folder whose desk was started once (it holds the seeded plan
    // only); a stale index there is removed with the restore.
    let b = dir.path().join("b");
    ok(&southdesk(&["plan", "versions", "--data", p(&b)]));
    std::fs::create_dir_all(b.join("index")).unwrap();
    std::fs::write(b.join("index").join("stale"), b"x").unwrap();
    let out = ok(&southdesk(&["restore", p(&file), "--data", p(&b)]));
    assert!(out.contains("plan_versions 1, accounts 1"), "{out}");
    assert!(out.contains("removed the search index"), "{out}");
    assert!(!b.join("index").exists());
    let out = ok(&southdesk(&["search", "Baku", "--data", p(&b)]));
    assert!(out.contains("Climate finance after Baku"), "{out}");

    // The restored desk holds data now.
    let err = failed(&southdesk(&["restore", p(&file), "--data", p(&b)]));
    assert!(
        err.contains("already holds a desk") && err.contains("--force"),
        "{err}"
    );
    // Not under a running server, even with --force: nothing changes.
    let mut serving = bin();
    serving.args(["serve", "--data", p(&b)]);
    let server = Server::start(serving);
    let before = std::fs::read(b.join("southdesk.db")).unwrap();
    let err = failed(&southdesk(&[
        "restore",
        p(&file),
        "--data",
        p(&b),
        "--force",
    ]));
    assert!(
        err.contains("a server is running on the data folder"),
        "{err}"
    );
    assert_eq!(std::fs::read(b.join("southdesk.db")).unwrap(), before);
    drop(server);
    ok(&southdesk(&[
        "restore",
        p(&file),
        "--data",
        p(&b),
        "--force",
    ]));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database".repeat(100)).unwrap();
    let c = dir.path().join("c");
    let err = failed(&southdesk(&["restore", p(&junk), "--data", p(&c)]));
    assert!(err.contains("is not a southdesk database"), "{err}");
    assert!(!c.join("southdesk.db").exists());

    let err = failed(&southdesk(&[
        "backup",
        p(&dir.path().join("pg.db")),
        "--database",
        "postgres://desk:s3cret@127.0.0.1:1/desk",
    ]));
    assert!(
        err.contains("pg_dump --format=custom") && !err.contains("s3cret"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_to_postgres_and_back() {
    if std::env::var("SOUTHDESK_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("!!! SKIPPED: PostgreSQL part of the migrate CLI test");
        return;
    }
    let admin = std::env::var("SOUTHDESK_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("southdesk_test_{:016x}", rand::random::<u64>());
    let sql = |s: String| {
        let admin = admin.clone();
        async move {
            let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
            sqlx::query(AssertSqlSafe(s)).execute(&mut c).await.unwrap();
            let _ = c.close().await;
        }
    };
    sql(format!("CREATE DATABASE \"{name}\"")).await;
    let (base, _) = admin.rsplit_once('/').unwrap();
    let pg = format!("{base}/{name}");

    let outcome = tokio::spawn({
        let pg = pg.clone();
        async move {
            let dir = tempfile::tempdir().unwrap();
            let a = dir.path().join("a");
            desk(&a).await;
            let out = ok(&southdesk(&["migrate", "--data", p(&a), "--to", &pg]));
            assert!(out.contains("verified: "), "{out}");
            let outputs = out.lines().find(|l| l.starts_with("outputs ")).unwrap();
            let cells: Vec<&str> = outputs.split_whitespace().collect();
            assert_eq!(&cells[..3], ["outputs", "1", "1"], "{out}");

            // The PostgreSQL desk answers: the account is there.
            let out = ok(&southdesk(&[
                "user",
                "list",
                "--data",
                p(&a),
                "--database",
                &pg,
            ]));
            assert!(out.contains("staff@southcentre.int"), "{out}");

            let back = dir.path().join("back");
            std::fs::create_dir_all(&back).unwrap();
            let to = format!("sqlite://{}", back.join("southdesk.db").display());
            let out = ok(&southdesk(&[
                "migrate",
                "--database",
                &pg,
                "--data",
                p(&back),
                "--to",
                &to,
            ]));
            assert!(out.contains("verified: "), "{out}");
            let out = ok(&southdesk(&["search", "Baku", "--data", p(&back)]));
            assert!(out.contains("Climate finance after Baku"), "{out}");

            let err = failed(&southdesk(&["migrate", "--data", p(&a), "--to", &pg]));
            assert!(
                err.contains("not empty: table plan_versions has rows"),
                "{err}"
            );
        }
    })
    .await;
    sql(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}
