//! The server loop's transport limits, over real sockets: a client that
//! sends half its headers, stops its body, or idles on a kept-alive
//! connection is cut off after the limit (here a second or two, so the
//! tests are quick); a slow but steady upload goes through; the peer's
//! address reaches handlers; the connection cap holds; and a shutdown
//! finishes the requests in flight and refuses new connections.

use std::net::SocketAddr;
use std::time::Duration;

use crate::common;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::routing::{get, post};
use southdesk_web::{Transport, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, timeout};

const SECOND: Duration = Duration::from_secs(1);

/// Limits short enough for tests: one second for headers and bodies, two
/// for idling (so the two clocks can be told apart).
fn short() -> Transport {
    Transport {
        header_timeout: SECOND,
        body_timeout: SECOND,
        idle_timeout: 2 * SECOND,
        max_connections: 64,
    }
}

/// A server running [`serve`] on a free port.
struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start(router: Router, transport: Transport) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, transport, async {
            let _ = stopped.await;
        }));
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }

    /// Sends the shutdown signal.
    fn shut_down(&mut self) {
        let _ = self.stop.take().expect("not yet stopped").send(());
    }
}

/// A status line and body, as read off the socket.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: String,
    body: String,
}

/// Reads one answer (with a `Content-Length`) off `s`; `None` if the
/// connection is closed (or reset) first.
async fn read_answer(s: &mut TcpStream) -> Option<Answer> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match s.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let headers = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let length: usize = headers
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match s.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Some(Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string(),
    })
}

/// Waits (at most `limit`) for the server to close `s`, reading and
/// dropping whatever it sends; how long that took.
async fn closed_within(s: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut chunk = [0u8; 1024];
    timeout(limit, async {
        loop {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the connection is still open after {limit:?}"));
    started.elapsed()
}

fn get_request(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n")
}

#[tokio::test]
async fn half_sent_headers_are_cut_off_at_the_header_timeout_even_when_they_trickle() {
    let server = Server::start(common::app().await, short()).await;
    let mut s = server.connect().await;
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    // A slowloris client: one more header line every 200 ms, never the end.
    let started = Instant::now();
    let mut chunk = [0u8; 1024];
    loop {
        assert!(
            started.elapsed() < 3 * SECOND,
            "the connection is still open after 3 s of trickled headers"
        );
        tokio::select! {
            read = s.read(&mut chunk) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => panic!("answered: {}", String::from_utf8_lossy(&chunk[..n])),
            },
            () = sleep(Duration::from_millis(200)) => {
                if s.write_all(b"X-Slow: 1\r\n").await.is_err() {
                    break;
                }
            }
        }
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(800),
        "closed too early: {took:?}"
    );
    assert!(took < 2 * SECOND, "closed late: {took:?}");

    // And a connection that never sends anything is closed as well.
    let mut silent = server.connect().await;
    let took = closed_within(&mut silent, 3 * SECOND).await;
    assert!(took < 2 * SECOND, "closed late: {took:?}");
}

#[tokio::test]
async fn a_body_that_stops_coming_is_answered_408_and_the_handler_is_not_left_waiting() {
    let (done, mut handler_ended) = mpsc::unbounded_channel();
    let router = Router::new().route(
        "/upload",
        post(move |body: Body| {
            let done = done.clone();
            async move {
                let read = axum::body::to_bytes(body, 1 << 20).await;
                let _ = done.send(read.as_ref().map(|b| b.len()).map_err(|e| e.to_string()));
                match read {
                    Ok(b) => format!("{} bytes", b.len()),
                    Err(_) => "failed".into(),
                }
            }
        }),
    );
    let server = Server::start(router, short()).await;
    let mut s = server.connect().await;
    s.write_all(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
        .await
        .unwrap();
    let started = Instant::now();
    let answer = timeout(3 * SECOND, read_answer(&mut s))
        .await
        .expect("answered or closed within 3 s");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900),
        "cut off too early: {took:?}"
    );
    assert!(took < 2 * SECOND, "cut off late: {took:?}");
    let answer = answer.expect("a 408 before the close");
    assert_eq!(answer.status, 408, "{answer:?}");
    assert!(
        answer
            .headers
            .to_ascii_lowercase()
            .contains("connection: close"),
        "{answer:?}"
    );
    // The handler's read failed; it returned instead of hanging.
    let ended = timeout(SECOND, handler_ended.recv())
        .await
        .expect("the handler ended")
        .unwrap();
    let err = ended.expect_err("the handler's read of the body failed");
    assert!(err.contains("arrived"), "{err}");
    // The server closes the connection after its 408.
    closed_within(&mut s, SECOND).await;
}

#[tokio::test]
async fn an_api_body_that_stops_coming_gets_the_apis_error_shape() {
    let server = Server::start(common::app().await, short()).await;
    let mut s = server.connect().await;
    s.write_all(
        b"POST /api/v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\": \"",
    )
    .await
    .unwrap();
    let answer = timeout(3 * SECOND, read_answer(&mut s))
        .await
        .expect("answered within 3 s")
        .expect("a 408 before the close");
    assert_eq!(answer.status, 408, "{answer:?}");
    let json: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(json["error"]["code"], "request_timeout", "{json}");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_at_the_idle_timeout_not_the_header_one() {
    let server = Server::start(common::app().await, short()).await;
    let mut s = server.connect().await;
    s.write_all(get_request("/healthz").as_bytes())
        .await
        .unwrap();
    let first = read_answer(&mut s).await.expect("an answer");
    assert_eq!(first.status, 200, "{first:?}");
    // Idle longer than the header timeout (1 s), within the idle one (2 s):
    // the connection still serves.
    sleep(Duration::from_millis(1500)).await;
    s.write_all(get_request("/healthz").as_bytes())
        .await
        .unwrap();
    let second = read_answer(&mut s)
        .await
        .expect("kept alive past 1.5 s idle");
    assert_eq!(second.status, 200, "{second:?}");
    // Then, left idle, it is closed after about 2 s.
    let took = closed_within(&mut s, 4 * SECOND).await;
    assert!(
        took >= Duration::from_millis(1800),
        "closed too early: {took:?}"
    );
    assert!(took < 3 * SECOND, "closed late: {took:?}");
}

#[tokio::test]
async fn normal_requests_work_and_handlers_see_the_peer_address() {
    let router = common::app().await.route(
        "/peer",
        get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.to_string() }),
    );
    let server = Server::start(router, short()).await;
    let mut s = server.connect().await;
    let me = s.local_addr().unwrap();
    s.write_all(get_request("/healthz").as_bytes())
        .await
        .unwrap();
    let health = read_answer(&mut s).await.expect("an answer");
    assert_eq!(health.status, 200, "{health:?}");
    assert!(health.body.contains("ok"), "{health:?}");
    s.write_all(get_request("/peer").as_bytes()).await.unwrap();
    let peer = read_answer(&mut s).await.expect("an answer");
    assert_eq!(peer.status, 200, "{peer:?}");
    assert_eq!(peer.body, me.to_string());
    // A page of the app, on the same connection.
    s.write_all(get_request("/").as_bytes()).await.unwrap();
    let home = read_answer(&mut s).await.expect("an answer");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("<html"), "{}", &home.body[..200]);
}

#[tokio::test]
async fn a_slow_but_steady_upload_outlasting_the_body_timeout_goes_through() {
    let router = Router::new().route(
        "/upload",
        post(|body: Body| async move {
            match axum::body::to_bytes(body, 1 << 20).await {
                Ok(b) => format!("{} bytes", b.len()),
                Err(e) => format!("failed: {e}"),
            }
        }),
    );
    let server = Server::start(router, short()).await;
    let mut s = server.connect().await;
    // 12 chunks of 4 KiB, 250 ms apart: 3 s in all, three body timeouts.
    let chunk = vec![b'x'; 4096];
    s.write_all(
        format!(
            "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            12 * chunk.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let started = Instant::now();
    for _ in 0..12 {
        sleep(Duration::from_millis(250)).await;
        s.write_all(&chunk).await.unwrap();
    }
    let answer = read_answer(&mut s).await.expect("an answer");
    assert!(started.elapsed() > 2 * SECOND);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, "49152 bytes");
}

#[tokio::test]
async fn beyond_the_connection_cap_new_connections_wait_for_a_free_one() {
    let transport = Transport {
        max_connections: 1,
        idle_timeout: 30 * SECOND,
        header_timeout: 30 * SECOND,
        ..short()
    };
    let server = Server::start(common::app().await, transport).await;
    let mut first = server.connect().await;
    first
        .write_all(get_request("/healthz").as_bytes())
        .await
        .unwrap();
    assert_eq!(read_answer(&mut first).await.unwrap().status, 200);
    // The first connection, kept alive, holds the only slot: the second
    // is not served...
    let mut second = server.connect().await;
    second
        .write_all(get_request("/healthz").as_bytes())
        .await
        .unwrap();
    assert!(
        timeout(Duration::from_millis(700), read_answer(&mut second))
            .await
            .is_err(),
        "served beyond the cap"
    );
    // ...until the first one closes.
    drop(first);
    let answer = timeout(2 * SECOND, read_answer(&mut second))
        .await
        .expect("served once a slot is free")
        .expect("an answer");
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_closes_idle_connections_and_refuses_new_ones() {
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let router = common::app().await.route(
        "/slow",
        get(move || {
            let started_tx = started_tx.clone();
            async move {
                let _ = started_tx.send(());
                sleep(SECOND).await;
                "finished"
            }
        }),
    );
    // Long idle limit: shutting down must not wait for it.
    let transport = Transport {
        idle_timeout: Duration::from_secs(60),
        ..short()
    };
    let mut server = Server::start(router, transport).await;
    let mut idle = server.connect().await;
    idle.write_all(get_request("/healthz").as_bytes())
        .await
        .unwrap();
    assert_eq!(read_answer(&mut idle).await.unwrap().status, 200);

    let mut busy = server.connect().await;
    busy.write_all(get_request("/slow").as_bytes())
        .await
        .unwrap();
    timeout(2 * SECOND, started.recv())
        .await
        .expect("the slow handler started");
    let stopping = Instant::now();
    server.shut_down();
    // The idle connection is closed at once.
    let took = closed_within(&mut idle, 2 * SECOND).await;
    assert!(took < Duration::from_millis(500), "{took:?}");
    // New connections are refused.
    sleep(Duration::from_millis(100)).await;
    assert!(
        TcpStream::connect(server.addr).await.is_err(),
        "a new connection was accepted after the shutdown signal"
    );
    // The request in flight is answered in full.
    let answer = read_answer(&mut busy).await.expect("an answer");
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, "finished");
    // And the server returns once it is.
    timeout(3 * SECOND, &mut server.task)
        .await
        .expect("serve returned after the last request")
        .unwrap();
    assert!(stopping.elapsed() < 3 * SECOND);
}

#[tokio::test]
async fn a_page_body_that_stops_coming_gets_a_page_in_the_readers_language() {
    let server = Server::start(common::app().await, short()).await;
    for (lang, expected) in [
        ("fr", "L’envoi du formulaire s’est interrompu"),
        ("zh", "表单发送中断"),
        ("en", "The form stopped arriving"),
    ] {
        let mut s = server.connect().await;
        let head = format!(
            "POST /login HTTP/1.1\r\nHost: x\r\nAccept-Language: {lang}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail="
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let answer = timeout(3 * SECOND, read_answer(&mut s))
            .await
            .expect("answered within 3 s")
            .expect("a 408 before the close");
        assert_eq!(answer.status, 408, "{answer:?}");
        assert!(
            answer.headers.to_ascii_lowercase().contains("text/html"),
            "{answer:?}"
        );
        assert!(answer.body.contains(expected), "{lang}: {}", answer.body);
        if lang == "en" {
            assert!(
                answer.body.contains("for 1 second while"),
                "{}",
                answer.body
            );
        }
        assert!(
            answer.body.contains("href=\"/\""),
            "a way on: {}",
            answer.body
        );
    }
}
