//! End-to-end tests of `southdesk reindex`, `southdesk search` and
//! `southdesk export` on a data folder whose store holds outputs the index
//! has never seen.

use std::path::Path;
use std::process::{Output, Stdio};

use southdesk_plan::Lang;
use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};

mod support;
use support::{bin, ok};

fn run(data: &Path, args: &[&str]) -> Output {
    bin()
        .env_remove("SOUTHDESK_PUBLIC_URL")
        .args(args)
        .arg("--data")
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .expect("run southdesk")
}

fn output(visibility: Visibility, lang: Lang, title: &str, abstract_: &str) -> NewOutput {
    NewOutput {
        output_type: OutputType::PolicyBrief,
        series: None,
        number: None,
        date: time::macros::date!(2026 - 05 - 04),
        visibility,
        versions: vec![OutputVersion {
            lang,
            title: title.into(),
            abstract_: abstract_.into(),
            body: String::new(),
            file: None,
        }],
        authors: vec![],
        programmes: vec!["sdcc".into()],
        forums: vec![],
        meetings: vec![],
        countries: vec![],
        themes: vec!["climate".into()],
        sdgs: vec![13],
        tags_confirmed: true,
        proposed_tags: vec![],
    }
}

/// Outputs written to the store directly, as another process might.
async fn seed(data: &Path) {
    std::fs::create_dir_all(data).unwrap();
    let store = southdesk_store::open(&format!("sqlite://{}", data.join("southdesk.db").display()))
        .await
        .unwrap();
    let mut baku = output(
        Visibility::Public,
        Lang::En,
        "Climate finance after Baku",
        "Climate finance for developing countries.",
    );
    baku.versions.push(OutputVersion {
        lang: Lang::Fr,
        title: "La finance climatique après Bakou".into(),
        abstract_: "La finance climatique pour les pays en développement.".into(),
        body: String::new(),
        file: None,
    });
    for o in [
        baku,
        output(
            Visibility::Public,
            Lang::Zh,
            "气候融资与公正转型",
            "发展中国家需要可预测的气候融资。",
        ),
        output(
            Visibility::Internal,
            Lang::En,
            "Climate finance tactics Zanzibar",
            "Internal climate finance notes.",
        ),
    ] {
        store.create_output(o, None).await.unwrap();
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_search_and_export_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    seed(&data).await;

    let out = ok(&run(&data, &["reindex"]));
    assert!(out.starts_with("indexed 3 outputs in "), "{out}");
    assert!(data.join("index").is_dir());

    // The operator holds the data folder: every visibility by default,
    // said on the first line (on stderr when the output is JSON).
    let all = run(&data, &["search", "climate finance", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&ok(&all)).unwrap();
    assert_eq!(j["total"], 3, "{j}");
    assert!(
        String::from_utf8_lossy(&all.stderr)
            .contains("Showing public, internal and confidential outputs (local operator"),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    let out = ok(&run(&data, &["search", "Zanzibar"]));
    assert!(out.contains("Zanzibar"), "{out}");

    // JSON with --visibility public: the same response as GET /api/v1/search
    // gives a visitor.
    let out = ok(&run(
        &data,
        &[
            "search",
            "climate finance",
            "--format",
            "json",
            "--visibility",
            "public",
        ],
    ));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["total"], 2, "{j}");
    // One hit per output; the Baku brief matched in English and French.
    let mut hits: Vec<(i64, String, Vec<String>)> = j["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["output_id"].as_i64().unwrap(),
                h["lang"].as_str().unwrap().to_string(),
                serde_json::from_value(h["also_in"].clone()).unwrap(),
            )
        })
        .collect();
    hits.sort();
    assert_eq!(hits.len(), 2, "{j}");
    assert_eq!((hits[1].0, hits[1].1.as_str()), (2, "zh"));
    let mut baku = vec![hits[0].1.clone()];
    baku.extend(hits[0].2.clone());
    baku.sort();
    assert_eq!(
        (hits[0].0, baku),
        (1, vec!["en".to_string(), "fr".to_string()])
    );
    assert!(j["facets"]["language"].is_array());

    // Text, in Chinese: both languages, each hit's language shown.
    let out = ok(&run(
        &data,
        &["search", "气候融资", "--visibility", "public"],
    ));
    assert!(
        out.starts_with("Showing public outputs (--visibility)\n2 results\n"),
        "{out}"
    );
    assert!(out.contains("[zh] #2 气候融资与公正转型"), "{out}");
    // The Baku brief once, in whichever of its languages scored best.
    assert_eq!(out.matches("] #1 ").count(), 1, "{out}");
    assert!(out.contains("     also in: "), "{out}");
    assert!(!out.contains("Zanzibar"));
    assert!(out.contains("language: "), "{out}");

    // An output found in two languages is one result, its other language named.
    // In English (--lang en), the English version is the one shown.
    let out = ok(&run(
        &data,
        &[
            "search",
            "climate finance",
            "--lang",
            "en",
            "--visibility",
            "public",
        ],
    ));
    assert!(out.contains("\n2 results\n"), "{out}");
    assert!(
        out.contains(
            "[en] #1 Climate finance after Baku (policy-brief, 2026-05-04)\n     also in: fr\n"
        ),
        "{out}"
    );

    let out = ok(&run(
        &data,
        &[
            "search",
            "climate finance",
            "--filter",
            "lang=zh",
            "--format",
            "json",
        ],
    ));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["total"], 1);
    assert_eq!(j["hits"][0]["output_id"], 2);

    let out = ok(&run(
        &data,
        &["search", "Zanzibar", "--visibility", "public,internal"],
    ));
    assert!(out.contains("Zanzibar"), "{out}");

    let bad = run(&data, &["search", "x", "--filter", "colour=red"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("unknown facet `colour`"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    // Exports: all public outputs, or those a query finds.
    let out = ok(&run(
        &data,
        &[
            "export",
            "--format",
            "bibtex",
            "--base-url",
            "https://desk.example",
        ],
    ));
    assert_eq!(out.matches("@techreport{").count(), 2, "{out}");
    assert!(out.contains("url = {https://desk.example/outputs/1}"));
    assert!(!out.contains("Zanzibar"));
    let out = ok(&run(
        &data,
        &[
            "export",
            "--format",
            "csv",
            "气候融资",
            "--filter",
            "theme=climate",
        ],
    ));
    assert_eq!(out.lines().count(), 3, "{out}");
    let out = ok(&run(
        &data,
        &["export", "--format", "csljson", "--filter", "lang=zh"],
    ));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j.as_array().unwrap().len(), 1);
    assert_eq!(j[0]["title"], "气候融资与公正转型");
    let out = ok(&run(
        &data,
        &[
            "export",
            "--format",
            "ris",
            "--visibility",
            "public,internal",
        ],
    ));
    assert_eq!(out.matches("ER  - ").count(), 3);
    let bad = run(&data, &["export", "--format", "docx"]);
    assert!(!bad.status.success());

    // A lost index is rebuilt from the store.
    std::fs::remove_dir_all(data.join("index")).unwrap();
    let out = ok(&run(
        &data,
        &["search", "climate finance", "--format", "json"],
    ));
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["total"], 3, "all three stored outputs found again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_from_the_cli_makes_an_output_public_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    seed(&data).await;
    ok(&run(&data, &["reindex"]));
    let public = |data: &Path| {
        ok(&run(
            data,
            &["search", "Zanzibar", "--visibility", "public"],
        ))
    };
    assert!(!public(&data).contains("#3 "), "internal at first");

    // Nothing named, or an unknown id: refused, nothing changed.
    let none = run(&data, &["outputs", "publish"]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("name the outputs"));
    let unknown = run(&data, &["outputs", "publish", "3", "#99"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("output #99 not found; nothing changed"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    assert!(
        !public(&data).contains("#3 "),
        "the refused run changed nothing"
    );

    let out = ok(&run(&data, &["outputs", "publish", "#3"]));
    assert!(out.contains("#3 internal → public"), "{out}");
    assert!(
        out.contains("1 output made public, 0 already public"),
        "{out}"
    );
    assert!(public(&data).contains("#3 Climate finance tactics Zanzibar"));
    // Again: already public, said so.
    let out = ok(&run(&data, &["outputs", "publish", "3"]));
    assert!(
        out.contains("0 outputs made public, 1 already public"),
        "{out}"
    );

    // And back: confidential outputs leave the public search.
    let out = ok(&run(
        &data,
        &["outputs", "set-visibility", "3", "--to", "confidential"],
    ));
    assert!(out.contains("#3 public → confidential"), "{out}");
    assert!(!public(&data).contains("#3 "));
    let bad = run(&data, &["outputs", "set-visibility", "3", "--to", "secret"]);
    assert!(!bad.status.success());
}
