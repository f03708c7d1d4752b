//! What the CLI's end-to-end tests share: the real binary with a clean
//! environment, and the real server on a free port. Each test file takes
//! it with `mod support;` and uses what it needs.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

/// `southdesk`, without the caller's `SOUTHDESK_DATA`/`SOUTHDESK_DATABASE`
/// and with its log kept to errors.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_southdesk"));
    c.env_remove("SOUTHDESK_DATABASE")
        .env_remove("SOUTHDESK_DATA")
        .env("SOUTHDESK_LOG", "error");
    c
}

/// Runs `cmd` with `stdin` as its whole input; its output.
pub fn fed(mut cmd: Command, stdin: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run southdesk");
    // Dropped at the end of the statement: the child sees the end of input.
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// The output of a run that must succeed (else its stderr is shown).
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The one-line error of a run that must fail.
pub fn failed(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "succeeded: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let err = String::from_utf8_lossy(&o.stderr).trim().to_string();
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    err
}

/// A running `southdesk serve`, killed (and waited for) when dropped.
pub struct Server {
    pub child: Child,
    /// `http://host:port`, without a trailing slash.
    pub url: String,
}

impl Server {
    /// Starts `cmd` (a `southdesk serve` command; `--port 0` is added) and
    /// waits for the line that gives its address. Its output is read on
    /// so that it never blocks on a full pipe; stderr is dropped.
    #[allow(clippy::zombie_processes)]
    pub fn start(mut cmd: Command) -> Server {
        cmd.args(["--port", "0"]);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn southdesk serve");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            if out.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve stopped before listening");
            }
            if let Some(start) = line.find("http://") {
                let url = line[start..].split_whitespace().next().unwrap();
                let url = url.trim_end_matches('/').to_string();
                std::thread::spawn(move || for _ in out.lines() {});
                return Server { child, url };
            }
        }
    }

    /// `host:port`.
    pub fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Stops it now (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
