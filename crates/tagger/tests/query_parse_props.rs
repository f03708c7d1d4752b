//! Property tests for the query parsers and the detector: never panic, and printing a
//! parsed tree then parsing it again gives the same tree.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use southdesk_tagger::query::{Dialect, QuerySet, parse};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sdg")
}

/// Query-like text: words, wildcards, operators, brackets, quotes, flags, escapes.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,8}",
        "[a-z]{1,5}[*?]",
        "[*?][a-z]{1,4}",
        Just(" AND ".to_string()),
        Just(" OR ".to_string()),
        Just(" NOT ".to_string()),
        Just(" AND NOT ".to_string()),
        Just(" W/3 ".to_string()),
        Just(" PRE/2 ".to_string()),
        Just(" w/1000000000000 ".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("~3".to_string()),
        Just("~s".to_string()),
        Just("~d99999999999".to_string()),
        Just("\\".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("é".to_string()),
        Just(":".to_string()),
        Just("“".to_string()),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_roundtrip(s: &str, d: Dialect) -> Result<(), TestCaseError> {
    if let Ok(p) = parse(s, d) {
        let printed = p.expr.to_dialect_string(d);
        match parse(&printed, d) {
            Ok(again) => prop_assert_eq!(again.expr, p.expr, "printed as {}", printed),
            Err(e) => prop_assert!(false, "{s:?} printed as {printed:?} does not parse: {e}"),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsers_never_panic_on_any_string(s in any::<String>()) {
        let _ = parse(&s, Dialect::Corpustools);
        let _ = parse(&s, Dialect::Scopus);
    }

    #[test]
    fn corpustools_roundtrip(s in query_like()) {
        check_roundtrip(&s, Dialect::Corpustools)?;
    }

    #[test]
    fn scopus_roundtrip(s in query_like()) {
        check_roundtrip(&s, Dialect::Scopus)?;
    }

    #[test]
    fn corpustools_roundtrip_any(s in any::<String>()) {
        check_roundtrip(&s, Dialect::Corpustools)?;
    }

    #[test]
    fn scopus_roundtrip_any(s in any::<String>()) {
        check_roundtrip(&s, Dialect::Scopus)?;
    }
}

fn all_systems() -> &'static QuerySet {
    static SET: OnceLock<QuerySet> = OnceLock::new();
    SET.get_or_init(|| {
        let q = shared().join("queries");
        QuerySet::load_paths(&[q.clone(), q.join("osdg_tool_OSDG-kw-mapping.json")]).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn detect_never_panics_and_spans_are_in_range(
        words in prop::collection::vec(prop_oneof![
            "[a-zA-Z]{1,10}",
            Just("poverty".to_string()),
            Just("climate change".to_string()),
            Just("socio-economic".to_string()),
            Just("don't".to_string()),
            Just("_".to_string()),
            Just("e.g.".to_string()),
            Just("ñandú".to_string()),
            Just("\u{301}".to_string()),
            Just("家庭".to_string()),
            "[ \n\t.,;:!?()\"'-]{1,3}",
            any::<String>(),
        ], 0..60)
    ) {
        let text = words.join(" ");
        let n_chars = text.chars().count();
        for h in all_systems().detect(&text) {
            prop_assert!((1..=17).contains(&h.sdg));
            prop_assert_eq!(h.features.len(), h.spans.len());
            for (f, &(a, b)) in h.features.iter().zip(&h.spans) {
                prop_assert!(a < b && b <= n_chars);
                let piece: String = text.chars().skip(a).take(b - a).collect();
                prop_assert_eq!(&piece, f);
            }
        }
    }
}

/// Every query of every shipped file survives print → parse unchanged.
#[test]
fn shipped_queries_roundtrip() {
    let q = shared().join("queries");
    let mut n = 0;
    for set in [
        QuerySet::load_paths(std::slice::from_ref(&q)).unwrap(),
        QuerySet::load_paths(&[q.join("aurora_v5_xml")]).unwrap(),
    ] {
        for sys in set.system_list() {
            let d = if sys.name == "Aurora" && set.systems().len() == 1 {
                Dialect::Scopus
            } else {
                Dialect::Corpustools
            };
            for query in &sys.queries {
                let printed = query.expr.to_dialect_string(d);
                let again = parse(&printed, d).unwrap_or_else(|e| panic!("{printed}: {e}"));
                assert_eq!(again.expr, query.expr, "{} {}", sys.name, query.id);
                n += 1;
            }
        }
    }
    assert!(n > 9_000, "{n}");
}

#[test]
fn absurd_inputs_are_errors_or_warnings() {
    for (s, d) in [
        ("", Dialect::Corpustools),
        ("   ", Dialect::Scopus),
        ("((((a", Dialect::Corpustools),
        ("a)))", Dialect::Corpustools),
        ("\"a\" W/3", Dialect::Scopus),
        ("AND", Dialect::Corpustools),
        ("()", Dialect::Scopus),
        ("<>", Dialect::Corpustools),
    ] {
        assert!(parse(s, d).is_err(), "{s:?} should not parse");
    }
    let p = parse("\"a\" W/1000000000 \"b\"", Dialect::Scopus).unwrap();
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    let p = parse("<a b>~1000000000", Dialect::Corpustools).unwrap();
    assert_eq!(p.warnings.len(), 1);
    // found by fuzzing: a wildcard term with a literal newline
    let e = parse("*\\\n", Dialect::Corpustools).unwrap().expr;
    let set = QuerySet::from_systems(vec![southdesk_tagger::query::System {
        name: "x".into(),
        queries: vec![southdesk_tagger::query::Query {
            id: "1".into(),
            sdg: 1,
            expr: e,
            source: None,
        }],
    }])
    .unwrap();
    assert!(set.detect("a\nb").is_empty());
    let deep = "(".repeat(5000) + "a" + &")".repeat(5000);
    // deep nesting must not overflow the stack: either parses or is a clear error
    let _ = parse(&deep, Dialect::Corpustools);
    let _ = parse(&deep, Dialect::Scopus);
}
