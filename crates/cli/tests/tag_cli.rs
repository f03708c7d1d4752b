//! End-to-end tests of `southdesk tag` and `southdesk tagger`.

use std::path::PathBuf;
use std::process::Output;

mod support;
use support::{bin, fed, ok};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut c = bin();
    c.args(args);
    fed(c, stdin.unwrap_or_default())
}

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sdg")
        .join(rel)
}

#[test]
fn tags_stdin_as_json_with_character_offsets() {
    let text = "Le débat: une carbon tax et 气候变化.";
    let o = run(&["tag", "--format", "json"], Some(text.as_bytes()));
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    let themes = v["themes"].as_array().unwrap();
    let tax = themes.iter().find(|t| t["id"] == "tax").expect("tax theme");
    let ev = &tax["evidence"][0];
    assert_eq!(ev["term"], "carbon tax");
    let (s, e) = (
        ev["start"].as_u64().unwrap() as usize,
        ev["end"].as_u64().unwrap() as usize,
    );
    let slice: String = text.chars().skip(s).take(e - s).collect();
    assert_eq!(slice, "carbon tax");
    assert!(tax["score"].as_f64().unwrap() > 0.0);
    assert!(v["sdgs"].is_array());
    assert!(v.get("id").is_none());
}

#[test]
fn all_adds_candidates_after_tags() {
    let text = "A trade union meeting on data, patents, health, debt and forests.";
    let plain = ok(&run(
        &["tag", "--format", "jsonl", "-"],
        Some(text.as_bytes()),
    ));
    let all = ok(&run(
        &["tag", "--format", "jsonl", "--all", "-"],
        Some(text.as_bytes()),
    ));
    let p: serde_json::Value = serde_json::from_str(plain.trim()).unwrap();
    let a: serde_json::Value = serde_json::from_str(all.trim()).unwrap();
    assert!(!plain.contains("\"candidate\""));
    for fam in ["themes", "sdgs"] {
        let (p, a) = (p[fam].as_array().unwrap(), a[fam].as_array().unwrap());
        // The tags come first and unchanged; candidates follow.
        assert_eq!(&a[..p.len()], &p[..], "{all}");
        assert!(a[p.len()..].iter().all(|t| t["candidate"] == true), "{all}");
    }
    let n = |v: &serde_json::Value| {
        v["themes"].as_array().unwrap().len() + v["sdgs"].as_array().unwrap().len()
    };
    assert!(n(&a) > n(&p), "no candidates: {all}");
    // A trade union is not trade.
    assert!(
        p["themes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != "trade"),
        "{plain}"
    );
}

#[test]
fn csv_rows_are_streamed_and_a_missing_column_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rows.csv");
    std::fs::write(
        &p,
        "ref,body\nA1,\"A carbon tax, at last\"\nB2,nothing here\n",
    )
    .unwrap();
    let ps = p.to_str().unwrap();
    let out = ok(&run(
        &[
            "tag",
            "--input",
            ps,
            "--text-column",
            "body",
            "--id-column",
            "ref",
            "--format",
            "jsonl",
        ],
        None,
    ));
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "A1");
    assert!(
        rows[0]["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == "climate")
    );
    assert_eq!(rows[1]["id"], "B2");
    let csv = ok(&run(
        &[
            "tag",
            "--input",
            ps,
            "--text-column",
            "body",
            "--id-column",
            "ref",
            "--format",
            "csv",
        ],
        None,
    ));
    assert!(csv.starts_with("id,themes,sdgs\nA1,"), "{csv}");

    let o = run(&["tag", "--input", ps], None);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("rows.csv") && err.contains("`text`") && err.contains("ref, body"),
        "{err}"
    );
}

#[test]
fn jsonl_input_and_invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rows.jsonl");
    std::fs::write(
        &p,
        "{\"id\":7,\"text\":\"The WTO and the trade talks\"}\n\n{\"id\":\"x\",\"text\":\"\"}\n",
    )
    .unwrap();
    let out = ok(&run(
        &[
            "tag",
            "--input",
            p.to_str().unwrap(),
            "--id-column",
            "id",
            "--format",
            "json",
        ],
        None,
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["id"], "7");
    assert!(
        v[0]["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == "trade")
    );
    assert_eq!(v[1]["themes"].as_array().unwrap().len(), 0);

    let o = run(&["tag"], Some(b"tax \xff\xfe"));
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("byte offset 4"), "{err}");
}

#[test]
fn queries_add_sdg_evidence() {
    let q = shared("queries/text2sdg_sdsn_queries.csv");
    let out = ok(&run(
        &["tag", "--format", "json", "--queries", q.to_str().unwrap()],
        Some("Extreme poverty persists in Africa.".as_bytes()),
    ));
    assert!(out.contains("\"source\": \"query:"), "{out}");
}

#[test]
fn train_then_eval_swisstext() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("sw.model");
    let train = shared("swisstext2024/task1_train.jsonl");
    let test = shared("swisstext2024/testdata_results.jsonl");
    let o = run(
        &[
            "tagger",
            "train",
            "--input",
            train.to_str().unwrap(),
            "--output",
            m.to_str().unwrap(),
            "--seed",
            "3",
        ],
        None,
    );
    ok(&o);
    let bytes1 = std::fs::read(&m).unwrap();
    ok(&run(
        &[
            "tagger",
            "train",
            "--input",
            train.to_str().unwrap(),
            "--output",
            m.to_str().unwrap(),
            "--seed",
            "3",
        ],
        None,
    ));
    assert_eq!(
        bytes1,
        std::fs::read(&m).unwrap(),
        "training is deterministic"
    );
    let out = ok(&run(
        &[
            "tagger",
            "eval",
            "--input",
            test.to_str().unwrap(),
            "--model",
            m.to_str().unwrap(),
        ],
        None,
    ));
    for want in ["precision", "recall", "f1", "macro", "accuracy", "sdg:13"] {
        assert!(out.contains(want), "{want} missing from {out}");
    }
    // The model also works for tagging.
    let out = ok(&run(
        &["tag", "--model", m.to_str().unwrap(), "--format", "jsonl"],
        Some(b"Ocean acidification and marine biodiversity loss."),
    ));
    assert!(out.starts_with('{'));
}
