//! `southdesk serve`'s transport options reach the server: with
//! `--header-timeout 1` a client that never finishes its headers is cut
//! off after about a second, with `--idle-timeout 2` a kept-alive
//! connection after about two, and `SOUTHDESK_BODY_TIMEOUT=1` answers a
//! stalled body 408.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod support;
use support::{Server, bin};

/// The real server on a free port, with `args` and `env`.
fn start(args: &[&str], env: &[(&str, &str)], data: &std::path::Path) -> Server {
    let mut c = bin();
    c.envs(env.iter().copied())
        .args(["serve", "--data"])
        .arg(data)
        .args(args);
    Server::start(c)
}

fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Reads until the server closes `s`; what it sent and how long that took.
/// Panics if the read times out (the connection is still open).
fn read_to_close(s: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("still open after {:?}: {e}", started.elapsed()),
        }
    }
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn serve_takes_its_timeouts_from_options_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = start(
        &["--header-timeout", "1", "--idle-timeout", "2"],
        &[("SOUTHDESK_BODY_TIMEOUT", "1")],
        &data,
    );

    // Half a request's headers, never the rest.
    let mut s = connect(&server);
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let (sent, took) = read_to_close(&mut s);
    assert_eq!(sent, "", "nothing is answered to half a request");
    assert!(took < Duration::from_secs(2), "closed after {took:?}");

    // A kept-alive connection: served, then closed after about 2 s idle.
    let mut s = connect(&server);
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (sent, took) = read_to_close(&mut s);
    assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
    assert!(
        took >= Duration::from_millis(1800) && took < Duration::from_secs(3),
        "closed after {took:?}"
    );

    // A body that stops: 408 after about a second.
    let mut s = connect(&server);
    s.write_all(b"POST /api/v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    let (sent, took) = read_to_close(&mut s);
    assert!(sent.starts_with("HTTP/1.1 408"), "{sent}");
    assert!(sent.contains("request_timeout"), "{sent}");
    assert!(took < Duration::from_secs(2), "answered after {took:?}");
}

#[test]
fn serve_refuses_a_zero_timeout() {
    let out = bin()
        .args(["serve", "--body-timeout", "0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--body-timeout"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
