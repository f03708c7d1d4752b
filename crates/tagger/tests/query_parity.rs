//! Parity with text2sdg's `detect_sdg_systems()` on the package's `projects` corpus.
//!
//! text2sdg reports one row per (document, system, query) hit; the vignette gives
//! Aurora 60, SIRIS 166, Elsevier 235, Auckland 374, SDSN 2,589, SDGO 3,629.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use southdesk_tagger::query::{AuroraMode, LoadOptions, QuerySet};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sdg")
}

fn projects() -> Vec<String> {
    let path = shared().join("text2sdg_projects/projects.csv");
    let mut rdr = csv::Reader::from_path(&path).expect("projects.csv");
    let headers = rdr.headers().unwrap().clone();
    let ti = headers.iter().position(|h| h == "text").unwrap();
    rdr.records().map(|r| r.unwrap()[ti].to_string()).collect()
}

fn q(name: &str) -> PathBuf {
    shared().join("queries").join(name)
}

/// (document, system, query_id) rows, like text2sdg's output.
fn rows(set: &QuerySet, docs: &[String]) -> BTreeSet<(usize, String, u8, String)> {
    let mut out = BTreeSet::new();
    for (d, text) in docs.iter().enumerate() {
        for h in set.detect(text) {
            out.insert((d + 1, h.system, h.sdg, h.query_id));
        }
    }
    out
}

fn per_system(rows: &BTreeSet<(usize, String, u8, String)>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r.1.clone()).or_insert(0) += 1;
    }
    m
}

#[test]
fn text2sdg_parity_all_six_systems() {
    let docs = projects();
    assert_eq!(docs.len(), 500);
    let set = QuerySet::load_paths(&[
        q("text2sdg_aurora_queries.csv"),
        q("text2sdg_elsevier_queries.csv"),
        q("text2sdg_auckland_queries.csv"),
        q("text2sdg_siris_queries.csv"),
        q("text2sdg_sdsn_queries.csv"),
        q("text2sdg_osdg_sdgo_queries.csv"),
    ])
    .expect("all six systems load");
    assert_eq!(
        set.systems(),
        vec!["Aurora", "Elsevier", "Auckland", "SIRIS", "SDSN", "SDGO"]
    );
    let rows = rows(&set, &docs);
    let counts = per_system(&rows);
    println!("per system: {counts:?}");
    let doc_sys_sdg: BTreeSet<_> = rows.iter().map(|r| (r.0, r.1.clone(), r.2)).collect();
    println!(
        "total {} rows, {} distinct document x system x SDG",
        rows.len(),
        doc_sys_sdg.len()
    );
    let expect = [
        ("Aurora", 60),
        ("SIRIS", 166),
        ("Elsevier", 235),
        ("Auckland", 374),
        ("SDSN", 2589),
        ("SDGO", 3629),
    ];
    for (s, n) in expect {
        assert_eq!(counts.get(s).copied().unwrap_or(0), n, "{s}");
    }
}

/// The other ways of reading Aurora, for the record (see BENCHMARKS.md,
/// "SDG query parity"): the Scopus queries with Scopus semantics, the Aurora v5 XML,
/// and text2sdg 0.1.x, which computed but discarded the W/3 check of split queries.
#[test]
fn aurora_variants() {
    let docs = projects();
    let count = |set: &QuerySet| rows(set, &docs).len();
    let load = |opts: LoadOptions| {
        QuerySet::load_paths_with(&[q("text2sdg_aurora_queries.csv")], &opts).unwrap()
    };
    let t2s = load(LoadOptions {
        aurora: AuroraMode::Text2sdg,
        ..Default::default()
    });
    assert_eq!(count(&t2s), 60);
    let old = load(LoadOptions {
        aurora: AuroraMode::Text2sdg,
        aurora_skip_w_check: true,
    });
    assert_eq!(count(&old), 62);
    let scopus = load(LoadOptions {
        aurora: AuroraMode::Scopus,
        ..Default::default()
    });
    assert_eq!(count(&scopus), 65);
    let xml = QuerySet::load_paths(&[q("aurora_v5_xml")]).unwrap();
    assert_eq!(xml.query_count(), 378);
    assert_eq!(count(&xml), 65);
}
