//! No request is ever lost: the real `southdesk serve` is killed (SIGKILL)
//! in the middle of a burst of submissions with attachments; after a
//! restart every acknowledged request is stored whole, no request is
//! stored in part, and retrying the unacknowledged ones with their
//! idempotency keys creates no duplicate.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use southdesk_store::requests::RequestQuery;

mod support;
use support::{Server, bin, fed, ok};

fn run(args: &[&str], data: &Path, stdin: &str) -> String {
    let mut c = bin();
    c.args(args).arg("--data").arg(data);
    ok(&fed(c, stdin.as_bytes()))
}

/// Starts the server on a free port.
fn serve(data: &Path) -> Server {
    let mut c = bin();
    c.args(["serve", "--data"]).arg(data);
    Server::start(c)
}

/// The attachment of the request titled `title`: 64 KiB derived from it.
fn payload(title: &str) -> Vec<u8> {
    title
        .as_bytes()
        .iter()
        .cycle()
        .take(64 * 1024)
        .copied()
        .collect()
}

fn body(title: &str) -> serde_json::Value {
    serde_json::json!({
        "contact": "mission",
        "title": title,
        "text": format!("Burst request {title}: analysis of fisheries subsidies."),
        "mode": "research",
        "attachments": [{
            "filename": format!("{title}.bin"),
            "content_base64": base64::engine::general_purpose::STANDARD.encode(payload(title)),
        }],
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_loses_no_acknowledged_request_and_stores_none_in_part() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    run(
        &[
            "user",
            "add",
            "--email",
            "d@bra.example",
            "--role",
            "delegate",
            "--member",
            "BRA",
            "--password-stdin",
        ],
        data,
        "correct horse battery staple\n",
    );
    let token = run(&["token", "create", "--email", "d@bra.example"], data, "")
        .trim()
        .to_string();
    let mut server = serve(data);
    let base = server.url.clone();
    let http = reqwest::Client::new();

    let acknowledged = Arc::new(Mutex::new(Vec::<(String, i64)>::new()));
    let unanswered = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..8 {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        let (acknowledged, unanswered) = (acknowledged.clone(), unanswered.clone());
        tasks.spawn(async move {
            for n in 0.. {
                let title = format!("burst-{t}-{n}");
                let r = http
                    .post(format!("{base}/api/v1/requests"))
                    .bearer_auth(&token)
                    .header("idempotency-key", &title)
                    .json(&body(&title))
                    .timeout(Duration::from_secs(10))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 201 => {
                        let v: serde_json::Value = r.json().await.unwrap();
                        acknowledged
                            .lock()
                            .unwrap()
                            .push((title, v["id"].as_i64().unwrap()));
                    }
                    _ => {
                        unanswered.lock().unwrap().push(title);
                        return;
                    }
                }
            }
        });
    }
    // Kill the server mid-burst.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 40 && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill(); // SIGKILL
    while tasks.join_next().await.is_some() {}
    let acknowledged = acknowledged.lock().unwrap().clone();
    let unanswered = unanswered.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 40,
        "{} acknowledged",
        acknowledged.len()
    );
    assert_eq!(unanswered.len(), 8, "every client saw the server die");

    // What is stored after the crash.
    let url = format!("sqlite://{}", data.join("southdesk.db").display());
    let store = southdesk_store::open(&url).await.unwrap();
    let stored = store.requests(&RequestQuery::default()).await.unwrap();
    for (title, id) in &acknowledged {
        let r = store
            .request(*id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged request {title} ({id}) is lost"));
        assert_eq!(&r.title, title);
    }
    for r in &stored {
        // Whole: its attachment with the right bytes, its receipt event,
        // its idempotency key (a retry finds it).
        let full = store.request(r.id).await.unwrap().unwrap();
        assert_eq!(full.attachments.len(), 1, "{} has no attachment", r.title);
        let (_, bytes) = store
            .attachment(r.id, full.attachments[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(bytes, payload(&r.title), "{}", r.title);
        let events = store.request_events(r.id).await.unwrap();
        assert_eq!(events.len(), 1, "{}", r.title);
        assert!(
            acknowledged.iter().any(|(t, _)| t == &r.title) || unanswered.contains(&r.title),
            "{} was never sent",
            r.title
        );
    }
    eprintln!(
        "acknowledged {}, stored {} (the others were in flight: {})",
        acknowledged.len(),
        stored.len(),
        unanswered.len()
    );
    assert!(
        stored.len() >= acknowledged.len() && stored.len() <= acknowledged.len() + unanswered.len()
    );
    store.close().await;

    // Restart; the submitters retry what was not answered, with the same
    // keys: 200 for what was stored before the crash, 201 for the rest,
    // and never a duplicate.
    let mut server = serve(data);
    let base = server.url.clone();
    let stored_titles: Vec<String> = stored.iter().map(|r| r.title.clone()).collect();
    for title in &unanswered {
        let r = http
            .post(format!("{base}/api/v1/requests"))
            .bearer_auth(&token)
            .header("idempotency-key", title)
            .json(&body(title))
            .send()
            .await
            .unwrap();
        let expected = if stored_titles.contains(title) {
            200
        } else {
            201
        };
        assert_eq!(r.status().as_u16(), expected, "{title}");
    }
    server.kill();
    let store = southdesk_store::open(&url).await.unwrap();
    let after = store.requests(&RequestQuery::default()).await.unwrap();
    assert_eq!(after.len(), acknowledged.len() + unanswered.len());
    let mut titles: Vec<&str> = after.iter().map(|r| r.title.as_str()).collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), after.len(), "no duplicates");
    store.close().await;
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = serve(&data);
    let child = &mut server.child;
    let url = server.url.clone();
    // It answers, then stops on SIGTERM with success, not killed by it.
    assert!(healthy(&url));
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "still running 15 s after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // The store was closed properly: it opens again and serves.
    let again = serve(&data);
    assert!(healthy(&again.url));
}

/// Whether `GET /healthz` answers 200 (over a plain socket).
fn healthy(url: &str) -> bool {
    use std::io::Read;
    let addr = url.trim_start_matches("http://");
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    if write!(
        s,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .is_err()
    {
        return false;
    }
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    reply.starts_with("HTTP/1.1 200")
}
