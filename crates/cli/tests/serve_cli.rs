//! `southdesk serve`'s transport options reach the server: with
//! `--header-timeout 1` a client that never finishes its headers is cut
//! off after about a second, with `--idle-timeout 2` a kept-alive
//! connection after about two, and `SOUTHDESK_BODY_TIMEOUT=1` answers a
//! stalled body 408.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The real server on a free port, with `args`; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(args: &[&str], env: &[(&str, &str)], data: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_southdesk"))
            .env_remove("SOUTHDESK_DATABASE")
            .env_remove("SOUTHDESK_DATA")
            .env("SOUTHDESK_LOG", "error")
            .envs(env.iter().copied())
            .args(["serve", "--port", "0", "--data"])
            .arg(data)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let start = line.find("http://").expect(&line) + "http://".len();
        let addr = line[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        Server { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    let server = Server::start(
        &["--header-timeout", "1", "--idle-timeout", "2"],
        &[("SOUTHDESK_BODY_TIMEOUT", "1")],
        &data,
    );

    // Half a request's headers, never the rest.
    let mut s = server.connect();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let (sent, took) = read_to_close(&mut s);
    assert_eq!(sent, "", "nothing is answered to half a request");
    assert!(took < Duration::from_secs(2), "closed after {took:?}");

    // A kept-alive connection: served, then closed after about 2 s idle.
    let mut s = server.connect();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (sent, took) = read_to_close(&mut s);
    assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
    assert!(
        took >= Duration::from_millis(1800) && took < Duration::from_secs(3),
        "closed after {took:?}"
    );

    // A body that stops: 408 after about a second.
    let mut s = server.connect();
    s.write_all(b"POST /api/v1/tag HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    let (sent, took) = read_to_close(&mut s);
    assert!(sent.starts_with("HTTP/1.1 408"), "{sent}");
    assert!(sent.contains("request_timeout"), "{sent}");
    assert!(took < Duration::from_secs(2), "answered after {took:?}");
}

#[test]
fn serve_refuses_a_zero_timeout() {
    let out = Command::new(env!("CARGO_BIN_EXE_southdesk"))
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
