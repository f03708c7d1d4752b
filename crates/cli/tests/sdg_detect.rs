//! End-to-end: `southdesk sdg detect` over the text2sdg projects corpus.

use std::collections::BTreeMap;
use std::path::PathBuf;

mod support;
use support::{bin, fed};

fn sdg_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sdg")
}

fn projects() -> PathBuf {
    sdg_data().join("text2sdg_projects/projects.csv")
}

fn queries() -> PathBuf {
    sdg_data().join("queries")
}

#[test]
fn features_rows_match_text2sdg_counts() {
    let out = bin()
        .args(["sdg", "detect", "--queries"])
        .arg(queries())
        .arg("--input")
        .arg(projects())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(stdout.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        vec!["document", "sdg", "system", "query_id", "features"]
    );
    let mut per_system: BTreeMap<String, usize> = BTreeMap::new();
    let mut first = None;
    for r in rdr.records() {
        let r = r.unwrap();
        if first.is_none() {
            first = Some(r.clone());
        }
        *per_system.entry(r[2].to_string()).or_default() += 1;
        assert!(r[1].starts_with("SDG-") && r[1].len() == 6, "{:?}", r);
    }
    let expect: BTreeMap<String, usize> = [
        ("Auckland", 374),
        ("Aurora", 60),
        ("Elsevier", 235),
        ("SDGO", 3629),
        ("SDSN", 2589),
        ("SIRIS", 166),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(per_system, expect);
    // rows shown in text2sdg's vignette
    assert!(stdout.contains("\n19,SDG-03,SIRIS,749,\"sleep, quality\"\n"));
    // the first row of text2sdg's vignette: document 1, SDG-03, Elsevier query 3
    let rows: Vec<_> = stdout.lines().skip(1).take(3).collect();
    assert!(
        rows.contains(
            &"1,SDG-03,Elsevier,3,\"tuberculosis, human, tuberculosis, disease, human, human\""
        ),
        "{rows:?}"
    );
}

#[test]
fn documents_output_as_jsonl() {
    let out = bin()
        .args([
            "sdg",
            "detect",
            "--output",
            "documents",
            "--format",
            "jsonl",
            "--queries",
        ])
        .arg(queries().join("text2sdg_aurora_queries.csv"))
        .arg("--input")
        .arg(projects())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut total_hits = 0;
    let mut rows = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["system"], "Aurora");
        total_hits += v["hits"].as_u64().unwrap();
        rows += 1;
    }
    assert_eq!(total_hits, 60);
    assert!(rows < 60 && rows > 30, "{rows}");
}

#[test]
fn missing_text_column_is_a_one_line_error() {
    let out = bin()
        .args(["sdg", "detect", "--text-column", "body", "--queries"])
        .arg(queries().join("text2sdg_elsevier_queries.csv"))
        .arg("--input")
        .arg(projects())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing printed before the error");
    let err = String::from_utf8(out.stderr).unwrap();
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("error: "), "{err}");
    assert!(
        last.contains("projects.csv: no column 'body' (columns: document, text)"),
        "{err}"
    );
}

#[test]
fn bad_query_file_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mine.csv");
    std::fs::write(
        &f,
        "system,sdg,query_id,query\nmine,SDG-04,7,\"<school (teacher\"\n",
    )
    .unwrap();
    let out = bin()
        .args(["sdg", "detect", "--queries"])
        .arg(&f)
        .arg("--input")
        .arg(projects())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mine.csv:2:17: expected ')' to close group opened at column 9"),
        "{err}"
    );
}

#[test]
fn reads_csv_from_stdin() {
    let mut c = bin();
    c.args(["sdg", "detect", "--queries"])
        .arg(queries().join("text2sdg_sdsn_queries.csv"))
        .args(["--input", "-", "--text-column", "abstract"]);
    let out = fed(
        c,
        b"id,abstract\n1,\"Access to clean water and sanitation, and extreme poverty.\"\n2,nothing here\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().count() > 1, "{stdout}");
    assert!(
        stdout.lines().skip(1).all(|l| l.starts_with("1,")),
        "{stdout}"
    );
}
