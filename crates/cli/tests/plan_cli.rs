//! End-to-end tests of the `southdesk` binary: serving, plan versions, and
//! the bad inputs a user meets first (bad database URL, unwritable data
//! folder, busy port, corrupt plan file).

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use std::time::{Duration, Instant};
use support::{Server, bin};

fn run(args: &[&str], data: &Path) -> Output {
    bin()
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run southdesk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a failed run with exactly one line on stderr containing `needle`.
fn assert_one_line_error(o: &Output, needle: &str) {
    assert!(
        !o.status.success(),
        "expected failure, got success: {}",
        stdout(o)
    );
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected a one-line error, got:\n{err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(
        err.contains(needle),
        "error should mention {needle:?}:\n{err}"
    );
}

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/000_87b5cc5633e2944e.txt")
}

fn serve(data: &Path, extra: &[&str]) -> Server {
    let mut c = bin();
    c.args(["serve", "--data"]).arg(data).args(extra);
    Server::start(c)
}

fn get(url: &str, lang: &str) -> (u16, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .get(url)
            .header("accept-language", lang)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.text().await.unwrap())
    })
}

#[test]
fn serve_creates_data_folder_seeds_plan_and_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");
    let server = serve(&data, &[]);
    assert!(
        data.join("southdesk.db").is_file(),
        "SQLite file in the data folder"
    );

    let (status, body) = get(&format!("{}/healthz", server.url), "en");
    assert_eq!(status, 200);
    assert!(body.contains("\"sqlite\""), "{body}");

    let (status, html) = get(&format!("{}/", server.url), "zh-CN,zh;q=0.9");
    assert_eq!(status, 200);
    assert!(
        html.contains("<html lang=\"zh\""),
        "Chinese chosen from Accept-Language"
    );
    assert!(
        html.contains("国际贸易与发展"),
        "theme 7's Chinese title on the home page"
    );

    let (status, json) = get(&format!("{}/api/v1/plan", server.url), "en");
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let themes = v["themes"].as_array().expect("themes");
    assert_eq!(themes.len(), 14);
    drop(server);

    // A second start on the same data keeps one adopted version.
    let o = run(&["plan", "versions", "--format", "json"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    let versions: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 1);
    assert_eq!(versions[0]["status"], "adopted");
}

#[test]
fn busy_port_is_a_one_line_error_and_creates_nothing() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");
    let o = bin()
        .args(["serve", "--port", &port, "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_one_line_error(&o, &format!("port {port}"));
    assert!(stderr(&o).contains("in use"));
    assert!(!data.exists(), "nothing written when the port is busy");
}

#[test]
fn unknown_email_kind_is_a_one_line_error_and_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");
    let o = bin()
        .args([
            "serve",
            "--port",
            "0",
            "--email-on",
            "received,late",
            "--data",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert_one_line_error(&o, "--email-on: unknown kind of notice \"late\"");
    assert!(!data.exists(), "nothing written");
}

#[test]
fn acknowledgement_days_out_of_range_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");
    let o = bin()
        .args(["serve", "--port", "0", "--ack-working-days", "0", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--ack-working-days"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1..=60"), "{}", stderr(&o));
    assert!(!data.exists(), "nothing written");
}

#[test]
fn bad_database_url_is_a_one_line_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["plan", "versions", "--data"])
        .arg(tmp.path())
        .args(["--database", "mysql://root:secret@localhost/desk"])
        .output()
        .unwrap();
    assert_one_line_error(&o, "invalid database URL");
    assert!(!stderr(&o).contains("secret"), "password redacted");

    let started = Instant::now();
    let o = bin()
        .args(["plan", "versions", "--data"])
        .arg(tmp.path())
        .args(["--database", "postgres://postgres@127.0.0.1:1/nothing"])
        .output()
        .unwrap();
    assert_one_line_error(&o, "cannot connect to PostgreSQL");
    assert!(started.elapsed() < Duration::from_secs(15), "fails fast");
}

#[test]
fn unwritable_data_folder_is_a_one_line_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    // A folder below a regular file can never be created, even by root.
    let o = run(&["plan", "versions"], &file.join("desk"));
    assert_one_line_error(&o, "cannot create data folder");
}

#[test]
fn corrupt_plan_file_is_refused_with_line_and_nothing_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/plans/2026-2028.toml"),
    )
    .unwrap();
    // Remove the French title of the first theme.
    let theme_start = good.find("[[themes]]").unwrap();
    let fr_at = theme_start
        + good[theme_start..]
            .find("\nfr = ")
            .expect("a French line in a theme");
    let line_no = good[..fr_at + 1].lines().count() + 1;
    let end = fr_at + 1 + good[fr_at + 1..].find('\n').unwrap();
    let broken = format!("{}{}", &good[..fr_at], &good[end..]);
    let path = tmp.path().join("broken.toml");
    std::fs::write(&path, broken).unwrap();

    let o = run(&["plan", "import", path.to_str().unwrap()], &data);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("broken.toml:"), "names the file: {err}");
    assert!(err.contains(".fr"), "names the field: {err}");
    let reported: usize = err
        .split("broken.toml:")
        .nth(1)
        .and_then(|s| s.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a line number after the file name: {err}"));
    assert!(
        reported.abs_diff(line_no) <= 3,
        "line {reported} should point near the removed line {line_no}: {err}"
    );

    let o = run(&["plan", "versions", "--format", "json"], &data);
    let versions: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        versions.as_array().unwrap().len(),
        1,
        "nothing stored from the broken file"
    );

    // Not TOML at all.
    std::fs::write(&path, "[[themes]\nid = ").unwrap();
    let o = run(&["plan", "import", path.to_str().unwrap()], &data);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("broken.toml:1"), "{}", stderr(&o));
}

#[test]
fn dry_run_reads_the_seed_into_fourteen_themes() {
    let seed = seed_path();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("never-created");
    let o = run(
        &[
            "plan",
            "import",
            seed.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ],
        &data,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["language"], "zh");
    let themes = doc["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 14);
    for (i, t) in themes.iter().enumerate() {
        assert_eq!(t["number"], i + 1);
        assert!(!t["body"].as_str().unwrap().is_empty());
    }
    assert_eq!(themes[6]["title"], "国际贸易与发展");
    assert_eq!(
        themes[13]["title"],
        "国际税收体系改革、数字经济中的税收权利及非法资金流动"
    );
    assert!(!data.exists(), "a dry run stores nothing");
}

#[test]
fn import_diff_adopt_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");

    // Importing the seed itself gives a draft equal to the adopted plan.
    let o = run(&["plan", "import", seed_path().to_str().unwrap()], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("stored draft version 2"),
        "{}",
        stdout(&o)
    );
    let o = run(&["plan", "diff", "1", "2"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("do not differ"), "{}", stdout(&o));

    // An amended English document: theme 7 renamed, theme 14 dropped, a new theme 14.
    let mut doc = String::from(
        "# South Centre Thematic Work Programme 2026–2028\n\n## I. Introduction\n\nAmended text.\n\n## II. Thematic areas\n\n",
    );
    let titles = [
        "Implementing the 2030 Agenda for Sustainable Development, including policy action to eradicate poverty",
        "Climate change, environment and sustainable development",
        "International institutions and global governance",
        "Digital transformation and frontier technologies",
        "Addressing unilateral coercive measures",
        "Developments in the global economy, in particular development finance and external debt",
        "Trade, industrial policy and development",
        "The international investment regime",
        "Innovation, intellectual property, technology transfer and the protection of traditional knowledge",
        "Biodiversity, access to genetic resources (marine and terrestrial) and benefit sharing",
        "Social dimensions of development and human rights, including income and gender inequality",
        "Health and development, including universal health coverage, access to medicines and health technologies, antimicrobial resistance, R&D",
        "Strengthening South-South and triangular cooperation",
        "Ocean economy and small island developing States",
    ];
    for (i, t) in titles.iter().enumerate() {
        doc.push_str(&format!("{}. {t}\n", i + 1));
    }
    for (i, t) in titles.iter().enumerate() {
        doc.push_str(&format!(
            "\n### {}. {t}\n\nThe Centre will work on {t}.\n",
            i + 1
        ));
    }
    let amended = tmp.path().join("amended.md");
    std::fs::write(&amended, doc).unwrap();
    let o = run(
        &[
            "plan",
            "import",
            amended.to_str().unwrap(),
            "--format",
            "json",
        ],
        &data,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(meta["status"], "draft");
    let id = meta["id"].as_i64().unwrap().to_string();

    let o = run(&["plan", "diff", "adopted", &id, "--format", "json"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    let diff: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"theme_removed"), "{kinds:?}");
    assert!(kinds.contains(&"theme_added"), "{kinds:?}");
    assert!(kinds.contains(&"theme_renamed"), "{kinds:?}");
    let text = run(&["plan", "diff", "adopted", &id], &data);
    assert!(
        stdout(&text).contains("tax"),
        "removed theme named: {}",
        stdout(&text)
    );

    // The draft lacks translations and a lead for the new theme: adoption is refused.
    let o = run(&["plan", "adopt", &id], &data);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot be adopted"), "{}", stderr(&o));

    // The faithful draft (version 2) can be adopted; version 1 is superseded.
    let o = run(&["plan", "adopt", "2", "--on", "2026-11-20"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["plan", "versions", "--format", "json"], &data);
    let versions: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let status_of = |id: i64| {
        versions
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .map(|v| v["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(status_of(1), "superseded");
    assert_eq!(status_of(2), "adopted");
    assert_eq!(status_of(3), "draft");
}

#[test]
fn show_prints_the_adopted_plan_in_each_language() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("desk");
    let o = run(&["plan", "show", "--format", "json"], &data);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let themes = v["plan"]["themes"].as_array().unwrap();
    let ids: Vec<&str> = themes.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "agenda2030",
            "climate",
            "governance",
            "digital",
            "ucm",
            "finance",
            "trade",
            "investment",
            "ip",
            "biodiversity",
            "rights",
            "health",
            "ssc",
            "tax"
        ]
    );
    for t in themes {
        for lang in ["zh", "en", "fr", "es"] {
            assert!(!t["title"][lang].as_str().unwrap().is_empty());
        }
        assert!(t["lead"].is_string());
        assert!(t["supporting"].is_array());
        assert!(t["topics"].is_array());
        assert!(t["forums"].is_array());
    }
    let fr = run(&["plan", "show", "--lang", "fr"], &data);
    assert!(stdout(&fr).contains(themes[6]["title"]["fr"].as_str().unwrap()));
    let zh = run(&["plan", "show", "--lang", "zh"], &data);
    assert!(stdout(&zh).contains("国际贸易与发展"));
    let bad = run(&["plan", "show", "--lang", "de"], &data);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("unknown language"),
        "{}",
        stderr(&bad)
    );
}
