//! End-to-end tests of `southdesk user …` and `southdesk token …`: adding,
//! listing and disabling accounts, the errors an administrator meets first,
//! and a token used against a served `/api/v1/me`.

use std::path::Path;
use std::process::Output;

mod support;
use support::{Server, bin, fed};

const PASSWORD: &str = "a password long enough";

/// Runs `southdesk ARGS --data DATA` with `stdin` as its input.
fn run(args: &[&str], data: &Path, stdin: &str) -> Output {
    let mut c = bin();
    c.args(args).arg("--data").arg(data);
    fed(c, stdin.as_bytes())
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "failed: {}", stderr(&o));
    stdout(&o)
}

/// Asserts a failure with a one-line error containing `needle`.
fn fails_with(o: &Output, needle: &str) {
    assert!(!o.status.success(), "expected failure: {}", stdout(o));
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(err.contains(needle), "{needle:?} in {err}");
}

fn add(data: &Path, extra: &[&str], password: &str) -> Output {
    let mut args = vec!["user", "add", "--password-stdin"];
    args.extend_from_slice(extra);
    run(&args, data, &format!("{password}\n"))
}

#[test]
fn users_are_added_listed_and_disabled() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let out = ok(add(
        data,
        &[
            "--email",
            "Admin@SouthCentre.example",
            "--role",
            "admin",
            "--name",
            "Ada",
        ],
        PASSWORD,
    ));
    assert!(
        out.contains("added admin@southcentre.example (admin)"),
        "{out}"
    );
    ok(add(
        data,
        &[
            "--email",
            "d@mission.example",
            "--role",
            "delegate",
            "--member",
            "bra",
        ],
        PASSWORD,
    ));
    ok(add(
        data,
        &[
            "--email",
            "g@mission.example",
            "--role",
            "delegate",
            "--group",
            "g77",
        ],
        PASSWORD,
    ));

    let list = ok(run(&["user", "list"], data, ""));
    assert!(list.contains("admin@southcentre.example"), "{list}");
    assert!(list.contains("BRA"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&["user", "list", "--format", "json"], data, ""))).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["email"], "admin@southcentre.example");
    assert_eq!(rows[0]["name"], "Ada");
    assert_eq!(rows[1]["member"], "BRA");
    assert_eq!(rows[2]["group"], "g77");

    // The same email in another case.
    fails_with(
        &add(
            data,
            &["--email", "ADMIN@southcentre.example", "--role", "staff"],
            PASSWORD,
        ),
        "an account with email admin@southcentre.example already exists",
    );

    ok(run(
        &["user", "disable", "--email", "d@mission.example"],
        data,
        "",
    ));
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&["user", "list", "--format", "json"], data, ""))).unwrap();
    assert_eq!(json[1]["disabled"], true);
    fails_with(
        &run(&["user", "disable", "--email", "nobody@x.org"], data, ""),
        "no account with email nobody@x.org",
    );
    ok(run(
        &[
            "user",
            "reset-password",
            "--email",
            "g@mission.example",
            "--password-stdin",
        ],
        data,
        "another long password\n",
    ));
}

#[test]
fn bad_roles_bindings_and_passwords_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let o = add(data, &["--email", "x@y.org", "--role", "root"], PASSWORD);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unknown role `root`"), "{}", stderr(&o));
    fails_with(
        &add(
            data,
            &["--email", "x@y.org", "--role", "coordinator"],
            PASSWORD,
        ),
        "a coordinator needs a programme",
    );
    fails_with(
        &add(
            data,
            &[
                "--email",
                "x@y.org",
                "--role",
                "coordinator",
                "--programme",
                "nope",
            ],
            PASSWORD,
        ),
        "there is no programme `nope` in the adopted plan",
    );
    fails_with(
        &add(
            data,
            &["--email", "x@y.org", "--role", "delegate"],
            PASSWORD,
        ),
        "a delegate needs exactly one member state",
    );
    fails_with(
        &add(
            data,
            &[
                "--email", "x@y.org", "--role", "delegate", "--member", "XYZ",
            ],
            PASSWORD,
        ),
        "`XYZ` is not a member state",
    );
    fails_with(
        &add(
            data,
            &[
                "--email", "x@y.org", "--role", "delegate", "--group", "nope",
            ],
            PASSWORD,
        ),
        "there is no group `nope`",
    );
    fails_with(
        &add(
            data,
            &["--email", "x@y.org", "--role", "staff", "--member", "BRA"],
            PASSWORD,
        ),
        "the staff role takes no programme",
    );
    fails_with(
        &add(data, &["--email", "x@y.org", "--role", "staff"], "short"),
        "at least 12 characters",
    );
    fails_with(
        &add(data, &["--email", "x@y.org", "--role", "staff"], ""),
        "at least 12 characters",
    );
    let list = ok(run(&["user", "list"], data, ""));
    assert!(list.contains("no accounts"), "{list}");
}

#[test]
fn a_token_from_the_command_line_works_against_the_api() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    ok(add(
        data,
        &["--email", "c@southcentre.example", "--role", "council"],
        PASSWORD,
    ));
    let token = ok(run(
        &[
            "token",
            "create",
            "--email",
            "c@southcentre.example",
            "--name",
            "script",
        ],
        data,
        "",
    ));
    let token = token.trim().to_string();
    assert!(token.starts_with("sdk_"), "{token}");
    fails_with(
        &run(&["token", "create", "--email", "nobody@x.org"], data, ""),
        "no account with email nobody@x.org",
    );

    let mut serving = bin();
    serving.args(["serve", "--data"]).arg(data);
    let server = Server::start(serving);
    let url = server.url.clone();

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (status, body) = rt.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{url}/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    });
    assert_eq!(status, 200, "{body}");
    let me: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(me["email"], "c@southcentre.example");
    assert_eq!(me["role"], "council");
    let status = rt.block_on(async {
        reqwest::Client::new()
            .get(format!("{url}/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 401);
    drop(server);
}
