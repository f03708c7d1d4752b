//! The search index follows the store's change feed, whoever writes:
//! `southdesk ingest` killed (SIGKILL) at random moments leaves nothing
//! unsearchable once the server starts again; outputs ingested while the
//! server runs are searchable through it within about a second, and
//! `southdesk reindex` works while it runs. On SQLite and PostgreSQL.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use southdesk_store::{OutputFilter, Page, Store};
use sqlx::{AssertSqlSafe, Connection};

mod support;
use support::{Server, bin, fed};

/// Where the desk lives: a data folder, and a PostgreSQL URL or none.
struct Desk {
    data: PathBuf,
    database: Option<String>,
}

impl Desk {
    fn args(&self, c: &mut Command) {
        c.arg("--data").arg(&self.data);
        if let Some(url) = &self.database {
            c.arg("--database").arg(url);
        }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = bin();
        c.args(args);
        self.args(&mut c);
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args)
            .stdin(Stdio::null())
            .output()
            .expect("run southdesk")
    }

    async fn store(&self) -> std::sync::Arc<dyn Store> {
        let url = match &self.database {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data.join("southdesk.db").display()),
        };
        southdesk_store::open(&url).await.unwrap()
    }

    /// Starts `serve` on a free port.
    fn serve(&self, extra: &[&str]) -> Server {
        let mut c = self.cmd(&["serve"]);
        c.args(extra);
        Server::start(c)
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A word no dictionary has, unique to document `i`.
fn word(i: usize) -> String {
    let mut w = String::from("quorblex");
    let mut n = i;
    for _ in 0..3 {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    w
}

/// `n` plain English documents, each with its own word.
fn documents(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        std::fs::write(
            dir.join(format!("note-{i:03}.txt")),
            format!(
                "Analytical note {i} on {w}\n\nThe {w} question matters for developing countries \
                 in the negotiations on trade, debt and health. This note reviews the options \
                 before the next session and what is at stake for the South.",
                w = word(i)
            ),
        )
        .unwrap();
    }
}

/// The ids of the outputs the server finds for `q` (public search).
async fn found(http: &reqwest::Client, base: &str, q: &str) -> Vec<i64> {
    let r: serde_json::Value = http
        .get(format!("{base}/api/v1/search"))
        .query(&[("q", q), ("per_page", "100")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|h| h["output_id"].as_i64().unwrap())
        .collect()
}

async fn stored(store: &dyn Store) -> Vec<southdesk_plan::outputs::Output> {
    store
        .outputs(&OutputFilter::everything(), Page::first(100_000))
        .await
        .unwrap()
        .outputs
}

/// The document number of an output (from its title).
fn number(o: &southdesk_plan::outputs::Output) -> usize {
    let title = &o.versions[0].title;
    let digits: String = title
        .split_whitespace()
        .nth(2)
        .unwrap_or_else(|| panic!("{title}"))
        .to_string();
    digits.parse().unwrap_or_else(|_| panic!("{title}"))
}

/// Checks, through a freshly started server, that every stored output is
/// found by its own word. Returns how many were checked.
async fn every_stored_output_is_searchable(desk: &Desk) -> usize {
    let store = desk.store().await;
    let outputs = stored(&*store).await;
    store.close().await;
    let server = desk.serve(&[]);
    let base = server.url.clone();
    let http = reqwest::Client::new();
    for o in &outputs {
        let hits = found(&http, &base, &word(number(o))).await;
        assert_eq!(
            hits,
            [o.id],
            "output {} ({}) is stored but not searchable",
            o.id,
            o.versions[0].title
        );
    }
    drop(server);
    outputs.len()
}

/// Kills `southdesk ingest` (SIGKILL) at pseudo-random moments, three
/// times, then starts the server: every stored output is searchable.
async fn killed_ingest_rounds(desk: &Desk, tmp: &Path) {
    const N: usize = 200;
    let docs = tmp.join("docs");
    documents(&docs, N);
    let mut seed: u64 = 0x5eed_1e55;
    let mut report = Vec::new();
    for round in 0..3 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Kill once a few more outputs are stored, a little after.
        let store = desk.store().await;
        let target = store.last_output_change().await.unwrap() + 3 + ((seed >> 33) % 25) as i64;
        let extra = Duration::from_millis((seed >> 45) % 200);
        let mut child = desk
            .cmd(&[
                "ingest",
                docs.to_str().unwrap(),
                "--visibility",
                "public",
                "--type",
                "analytical-note",
                // Small batches: the kill falls anywhere in the run.
                "--batch",
                "3",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none()
            && started.elapsed() < Duration::from_secs(60)
            && store.last_output_change().await.unwrap() < target
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        std::thread::sleep(extra);
        let wait = started.elapsed();
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let count = stored(&*store).await.len();
        let head = store.last_output_change().await.unwrap();
        store.close().await;
        let index = southdesk_kb::open_index(&desk.data.join("index")).unwrap();
        let position = index.position().unwrap();
        report.push(format!(
            "round {round}: killed after {} ms{}; {count} outputs stored, feed at {head}, \
             index at {position} ({} behind)",
            wait.as_millis(),
            if finished { " (had finished)" } else { "" },
            head - position
        ));
    }
    let checked = every_stored_output_is_searchable(desk).await;
    for line in &report {
        println!("{line}");
    }
    println!("after restart: all {checked} stored outputs found by search");
    assert!(checked > 0, "nothing was stored before the kills");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_ingests_leave_nothing_unsearchable_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = Desk {
        data: tmp.path().join("data"),
        database: None,
    };
    std::fs::create_dir_all(&desk.data).unwrap();
    killed_ingest_rounds(&desk, tmp.path()).await;
}

/// A fresh PostgreSQL database for one test, dropped when it ends.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create() -> Option<PgDatabase> {
        if std::env::var("SOUTHDESK_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
            eprintln!("!!! SKIPPED: PostgreSQL (SOUTHDESK_SKIP_POSTGRES=1)");
            return None;
        }
        let admin = std::env::var("SOUTHDESK_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {admin}: {e}"));
        let name = format!(
            "southdesk_follow_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
                % 1_000_000_000
        );
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        Some(PgDatabase {
            url: format!("{base}/{name}"),
            admin,
            name,
        })
    }

    async fn drop(self) {
        let mut conn = sqlx::PgConnection::connect(&self.admin).await.unwrap();
        let _ = sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        )))
        .execute(&mut conn)
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_ingests_leave_nothing_unsearchable_on_postgres() {
    let Some(db) = PgDatabase::create().await else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let desk = Desk {
        data: tmp.path().join("data"),
        database: Some(db.url.clone()),
    };
    killed_ingest_rounds(&desk, tmp.path()).await;
    db.drop().await;
}

/// Waits until the server finds `q` as `expected`; how long it took.
async fn until_found(http: &reqwest::Client, base: &str, q: &str, expected: &[i64]) -> Duration {
    let started = Instant::now();
    loop {
        if found(http, base, q).await == expected {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{q}: the server never found {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_and_reindex_while_the_server_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = Desk {
        data: tmp.path().join("data"),
        database: None,
    };
    let server = desk.serve(&[]);
    let base = server.url.clone();
    let http = reqwest::Client::new();
    let docs = tmp.path().join("docs");
    documents(&docs, 5);
    let o = desk.run(&[
        "ingest",
        docs.to_str().unwrap(),
        "--visibility",
        "public",
        "--type",
        "analytical-note",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ingested_at = Instant::now();
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["outputs"], 5, "{j}");
    let store = desk.store().await;
    let outputs = stored(&*store).await;
    let mut slowest = Duration::ZERO;
    for o in &outputs {
        until_found(&http, &base, &word(number(o)), &[o.id]).await;
        slowest = slowest.max(ingested_at.elapsed());
    }
    println!("outputs ingested by the CLI were searchable through the server after {slowest:?}");
    assert!(
        slowest < Duration::from_secs(5),
        "the server took {slowest:?} to follow the CLI's writes"
    );

    // `reindex` while the server runs: the server rebuilds, the CLI waits.
    let o = desk.run(&["reindex"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("rebuilt by the running server"), "{out}");
    for o in &outputs {
        assert_eq!(found(&http, &base, &word(number(o))).await, [o.id]);
    }
    // `search` from the CLI works beside it too.
    let o = desk.run(&["search", &word(number(&outputs[0]))]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains(&outputs[0].versions[0].title));
    store.close().await;
    drop(server);
}

/// The value of cookie `name` set by a response, if any.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            let (k, rest) = c.split_once('=')?;
            (k.trim() == name).then(|| rest.split(';').next().unwrap_or("").to_string())
        })
}

/// Two servers on one PostgreSQL database, each with its own data folder
/// (its own index following the change feed): a write through either is
/// searchable through both within about a second; a session opened on one
/// is honoured by the other (sessions live in the database).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_database() {
    let Some(db) = PgDatabase::create().await else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let a = Desk {
        data: tmp.path().join("a"),
        database: Some(db.url.clone()),
    };
    let b = Desk {
        data: tmp.path().join("b"),
        database: Some(db.url.clone()),
    };
    let add = a.cmd(&[
        "user",
        "add",
        "--email",
        "staff@southcentre.example",
        "--name",
        "Staff",
        "--role",
        "staff",
        "--password-stdin",
    ]);
    let o = fed(add, b"correct horse battery staple\n");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = a.run(&["token", "create", "--email", "staff@southcentre.example"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let token = text(&o.stdout).trim().to_string();

    let server_a = a.serve(&["--follow-ms", "200"]);
    let server_b = b.serve(&["--follow-ms", "200"]);
    let (base_a, base_b) = (server_a.url.clone(), server_b.url.clone());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut ids = Vec::new();
    for (n, base) in [(0, &base_a), (1, &base_b)] {
        let r = http
            .post(format!("{base}/api/v1/outputs"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "type": "analytical-note",
                "date": "2026-11-30",
                "visibility": "public",
                "versions": [{
                    "lang": "en",
                    "title": format!("Note on {}", word(900 + n)),
                    "abstract": "Written through one server, read through the other.",
                    "body": "",
                }],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let id = r.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        ids.push((n, id));
    }
    for (n, id) in ids {
        for base in [&base_a, &base_b] {
            let took = until_found(&http, base, &word(900 + n), &[id]).await;
            println!("output {id} found through {base} after {took:?}");
        }
    }

    // Log in on A; the session works on B.
    let page = http.get(format!("{base_a}/login")).send().await.unwrap();
    let csrf = set_cookie(&page, "southdesk_csrf").expect("a CSRF cookie");
    let r = http
        .post(format!("{base_a}/login"))
        .header(reqwest::header::COOKIE, format!("southdesk_csrf={csrf}"))
        .form(&[
            ("email", "staff@southcentre.example"),
            ("password", "correct horse battery staple"),
            ("_csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "login: {}", r.status());
    let session = set_cookie(&r, "southdesk_session").expect("a session cookie");
    let me = http
        .get(format!("{base_b}/account"))
        .header(
            reqwest::header::COOKIE,
            format!("southdesk_session={session}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.status(),
        200,
        "the other server does not know the session"
    );
    assert!(
        me.text()
            .await
            .unwrap()
            .contains("staff@southcentre.example")
    );

    drop((server_a, server_b));
    db.drop().await;
}
