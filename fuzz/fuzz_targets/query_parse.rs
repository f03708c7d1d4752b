//! Fuzz both query parsers: never panic, and a parsed query printed and parsed again
//! gives the same tree. Also runs the detector on the input as text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use southdesk_tagger::query::{Dialect, Query, QuerySet, System, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for d in [Dialect::Corpustools, Dialect::Scopus] {
        if let Ok(p) = parse(s, d) {
            let printed = p.expr.to_dialect_string(d);
            let again = parse(&printed, d).expect("printed query parses");
            assert_eq!(again.expr, p.expr, "{printed}");
            let set = QuerySet::from_systems(vec![System {
                name: "fuzz".into(),
                queries: vec![Query {
                    id: "1".into(),
                    sdg: 1,
                    expr: p.expr,
                    source: None,
                }],
            }])
            .expect("compiles");
            let _ = set.detect(s);
        }
    }
});
