//! Loading query files: formats, error locations, detection basics.

use std::fs;
use std::path::PathBuf;

use southdesk_tagger::query::{Dialect, Expr, Query, QuerySet, System, parse};

fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("southdesk-query-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn csv_parse_error_names_file_line_and_column() {
    let d = tmp_dir("csv");
    let f = d.join("foo.csv");
    fs::write(
        &f,
        "system,sdg,query_id,query\nx,SDG-01,1,<poverty>\nx,SDG-02,2,\"(hunger OR <food security>\"\n",
    )
    .unwrap();
    let e = QuerySet::load_paths(std::slice::from_ref(&f)).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3:27: expected ')' to close group opened at column 1",
            f.display()
        )
    );
}

#[test]
fn csv_missing_column_lists_the_columns() {
    let d = tmp_dir("cols");
    let f = d.join("bar.csv");
    fs::write(&f, "sdg,text\nSDG-01,x\n").unwrap();
    let e = QuerySet::load_paths(&[f]).unwrap_err().to_string();
    assert!(
        e.ends_with("bar.csv:1:1: missing column 'query' (columns: sdg, text)"),
        "{e}"
    );
}

#[test]
fn xml_error_points_into_the_file() {
    let d = tmp_dir("xml");
    let f = d.join("query_SDG1.xml");
    fs::write(
        &f,
        "<aqd:query xmlns:aqd=\"x\" xmlns:dc=\"y\">\n<dc:identifier type=\"sdg\">1</dc:identifier>\n\
         <aqd:query-definition><aqd:query-lines>\n<aqd:query-line field=\"TITLE-ABS-KEY\">\n   \
         (\"poverty\" W/3\n   \"end\"\n</aqd:query-line></aqd:query-lines></aqd:query-definition></aqd:query>\n",
    )
    .unwrap();
    let e = QuerySet::load_paths(&[f]).unwrap_err().to_string();
    assert!(
        e.ends_with("query_SDG1.xml:7:1: expected ')' to close group opened at line 5 column 4"),
        "{e}"
    );
}

#[test]
fn translated_companion_alone_is_refused() {
    let d = tmp_dir("comp");
    let f = d.join("text2sdg_aurora_translated_w.csv");
    fs::write(&f, "orig,correct\n").unwrap();
    let e = QuerySet::load_paths(&[f]).unwrap_err().to_string();
    assert!(e.contains("companion"), "{e}");
}

#[test]
fn duplicate_system_names_are_refused() {
    let q = |s: &str| Query {
        id: "1".into(),
        sdg: 1,
        expr: parse(s, Dialect::Corpustools).unwrap().expr,
        source: None,
    };
    let sys = || System {
        name: "A".into(),
        queries: vec![q("poverty")],
    };
    assert!(QuerySet::from_systems(vec![sys(), sys()]).is_err());
    let bad = System {
        name: "B".into(),
        queries: vec![Query { sdg: 18, ..q("x") }],
    };
    assert!(QuerySet::from_systems(vec![bad]).is_err());
}

#[test]
fn detect_reports_features_and_character_spans() {
    let mk = |id: &str, sdg: u8, s: &str, d: Dialect| Query {
        id: id.into(),
        sdg,
        expr: parse(s, d).unwrap().expr,
        source: None,
    };
    let set = QuerySet::from_systems(vec![
        System {
            name: "ct".into(),
            queries: vec![
                mk(
                    "1",
                    1,
                    "<extreme poverty> OR microfinanc*",
                    Dialect::Corpustools,
                ),
                mk(
                    "2",
                    13,
                    "<climat* change*>~4 NOT ocean*",
                    Dialect::Corpustools,
                ),
                mk("3", 5, "{north-south divide}", Dialect::Corpustools),
                mk("4", 2, "fertili?er~s", Dialect::Corpustools),
            ],
        },
        System {
            name: "scopus".into(),
            queries: vec![
                mk(
                    "a",
                    6,
                    "\"water\" W/2 (\"sanitation\" OR \"hygiene\")",
                    Dialect::Scopus,
                ),
                mk(
                    "b",
                    6,
                    "\"socio-economic*\" AND NOT \"ocean*\"",
                    Dialect::Scopus,
                ),
            ],
        },
    ])
    .unwrap();
    let text = "Ünïcode: Extreme poverty, the north-south divide; climate-driven change in water and sanitation. fertilizer Fertilizer socio-economical";
    let hits = set.detect(text);
    let ids: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.system.as_str(), h.query_id.as_str()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("ct", "1"),
            ("ct", "2"),
            ("ct", "3"),
            ("ct", "4"),
            ("scopus", "a"),
            ("scopus", "b")
        ]
    );
    let h = &hits[0];
    assert_eq!(h.features, vec!["Extreme", "poverty"]);
    let chars: Vec<char> = text.chars().collect();
    for (f, &(a, b)) in h.features.iter().zip(&h.spans) {
        assert_eq!(&chars[a..b].iter().collect::<String>(), f);
    }
    assert_eq!(h.spans[0], (9, 16));
    assert_eq!(hits[2].features, vec!["north", "-", "south", "divide"]);
    // case-sensitive: only the lower-case one
    assert_eq!(hits[3].features, vec!["fertilizer"]);
    assert_eq!(hits[1].features, vec!["climate", "change"]);
    assert_eq!(hits[4].features, vec!["water", "sanitation"]);
    // NOT at document level
    let hits = set.detect("climate change and the ocean");
    assert!(hits.iter().all(|h| h.query_id != "2"));
    assert!(set.memory_bytes() > 0);
    assert_eq!(set.systems(), vec!["ct", "scopus"]);
    assert!(set.detect("").is_empty());
    let _ = Expr::term("x");
}

#[test]
fn proximity_windows() {
    let mk = |s: &str, d: Dialect| {
        QuerySet::from_systems(vec![System {
            name: "s".into(),
            queries: vec![Query {
                id: "1".into(),
                sdg: 1,
                expr: parse(s, d).unwrap().expr,
                source: None,
            }],
        }])
        .unwrap()
    };
    // corpustools ~3: inside a 3-token window (at most 2 positions apart)
    let ct = mk("<a b>~3", Dialect::Corpustools);
    assert_eq!(ct.detect("a x b").len(), 1);
    assert_eq!(ct.detect("b , a").len(), 1);
    assert_eq!(ct.detect("a x y b").len(), 0);
    // Scopus W/2: at most 2 words between
    let sc = mk("\"a\" W/2 \"b\"", Dialect::Scopus);
    assert_eq!(sc.detect("a x y b").len(), 1);
    assert_eq!(sc.detect("b x y a").len(), 1);
    assert_eq!(sc.detect("a x y z b").len(), 0);
    let pre = mk("\"a\" PRE/2 \"b\"", Dialect::Scopus);
    assert_eq!(pre.detect("a x y b").len(), 1);
    assert_eq!(pre.detect("b x y a").len(), 0);
}
