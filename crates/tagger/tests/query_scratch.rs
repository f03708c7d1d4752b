use southdesk_tagger::query::*;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sdg")
}
fn projects() -> Vec<String> {
    let mut rdr = csv::Reader::from_path(shared().join("text2sdg_projects/projects.csv")).unwrap();
    rdr.records().map(|r| r.unwrap()[1].to_string()).collect()
}
fn table(name: &str) -> Vec<(String, String, String)> {
    let mut rdr = csv::Reader::from_path(shared().join("queries").join(name)).unwrap();
    let h = rdr.headers().unwrap().clone();
    let qi = h.iter().position(|x| x == "query").unwrap();
    let si = h.iter().position(|x| x == "sdg").unwrap();
    let ii = h.iter().position(|x| x == "query_id").unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r[si].to_string(), r[ii].to_string(), r[qi].to_string())
        })
        .collect()
}
fn count(name: &str, f: &dyn Fn(&str) -> String, docs: &[String]) -> usize {
    let qs: Vec<Query> = table(name)
        .into_iter()
        .map(|(s, id, q)| Query {
            id,
            sdg: s[4..].parse().unwrap(),
            expr: parse(&f(&q), Dialect::Corpustools).unwrap().expr,
            source: None,
        })
        .collect();
    let set = QuerySet::from_systems(vec![System {
        name: "x".into(),
        queries: qs,
    }])
    .unwrap();
    let mut rows = BTreeSet::new();
    for (d, t) in docs.iter().enumerate() {
        for h in set.detect(t) {
            rows.insert((d, h.query_id));
        }
    }
    rows.len()
}
#[test]
fn scratch() {
    let docs = projects();
    let braces_to_seq = |q: &str| q.replace('{', "<").replace('}', ">");
    println!(
        "auckland as-is {}",
        count("text2sdg_auckland_queries.csv", &|q| q.to_string(), &docs)
    );
    println!(
        "auckland braces->seq {}",
        count("text2sdg_auckland_queries.csv", &braces_to_seq, &docs)
    );
    let lit = |q: &str| {
        let mut out = String::new();
        let mut inb = false;
        for c in q.chars() {
            match c {
                '{' => {
                    inb = true;
                    out.push('<')
                }
                '}' => {
                    inb = false;
                    out.push('>')
                }
                '*' | '?' if inb => {
                    out.push('\\');
                    out.push(c)
                }
                _ => out.push(c),
            }
        }
        out
    };
    println!(
        "auckland braces->seq literal wildcards {}",
        count("text2sdg_auckland_queries.csv", &lit, &docs)
    );
    let tok = |q: &str| {
        let mut out = String::new();
        let mut rest = q;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let j = rest[i..].find('}').unwrap() + i;
            let inner = &rest[i + 1..j];
            let mut parts = Vec::new();
            for w in inner.split_whitespace() {
                for t in tokenize::token_strs(&w.replace('*', "QQSTAR")) {
                    parts.push(t.replace("QQSTAR", "*"));
                }
            }
            out.push('<');
            out.push_str(
                &parts
                    .iter()
                    .map(|p| {
                        if p.chars()
                            .all(|c| c.is_alphanumeric() || c == '*' || c == '\'')
                        {
                            p.clone()
                        } else {
                            format!("\\{p}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            out.push('>');
            rest = &rest[j + 1..];
        }
        out.push_str(rest);
        out
    };
    println!(
        "auckland braces->tokenized seq {}",
        count("text2sdg_auckland_queries.csv", &tok, &docs)
    );
}

#[test]
fn aurora_detail() {
    let docs = projects();
    let q = |n: &str| shared().join("queries").join(n);
    for (label, w) in [("and", false), ("w", true)] {
        let opts = LoadOptions {
            aurora: AuroraMode::Text2sdg,
            aurora_skip_w_check: !w,
        };
        let set = QuerySet::load_paths_with(&[q("text2sdg_aurora_queries.csv")], &opts).unwrap();
        let mut rows = std::collections::BTreeMap::<String, Vec<usize>>::new();
        for (d, t) in docs.iter().enumerate() {
            for h in set.detect(t) {
                rows.entry(format!("{:02}/{}", h.sdg, h.query_id))
                    .or_default()
                    .push(d + 1);
            }
        }
        println!("== {label}");
        for (k, v) in &rows {
            println!("{k}: {v:?}");
        }
    }
}

#[test]
fn aurora_features() {
    let docs = projects();
    let q = |n: &str| shared().join("queries").join(n);
    let opts = LoadOptions {
        aurora: AuroraMode::Text2sdg,
        aurora_skip_w_check: true,
    };
    let set = QuerySet::load_paths_with(&[q("text2sdg_aurora_queries.csv")], &opts).unwrap();
    let sys = &set.system_list()[0];
    for (d, t) in docs.iter().enumerate() {
        for h in set.detect(t) {
            let qq = sys
                .queries
                .iter()
                .find(|x| x.id == h.query_id && x.sdg == h.sdg)
                .unwrap();
            println!(
                "doc {} sdg {} q {} :: {:?}\n    {}",
                d + 1,
                h.sdg,
                h.query_id,
                h.features,
                qq.expr
            );
        }
    }
}

fn map_near(e: &Expr, f: &dyn Fn(u32) -> u32) -> Expr {
    match e {
        Expr::Term(_) => e.clone(),
        Expr::Seq(v) => Expr::Seq(v.iter().map(|x| map_near(x, f)).collect()),
        Expr::And(v) => Expr::And(v.iter().map(|x| map_near(x, f)).collect()),
        Expr::Or(v) => Expr::Or(v.iter().map(|x| map_near(x, f)).collect()),
        Expr::AndNot(a, b) => Expr::AndNot(Box::new(map_near(a, f)), Box::new(map_near(b, f))),
        Expr::Near {
            items,
            window,
            ordered,
        } => Expr::Near {
            items: items.iter().map(|x| map_near(x, f)).collect(),
            window: f(*window),
            ordered: *ordered,
        },
    }
}

#[test]
fn aurora_windows() {
    let docs = projects();
    let q = |n: &str| shared().join("queries").join(n);
    for w in [false, true] {
        let opts = LoadOptions {
            aurora: AuroraMode::Text2sdg,
            aurora_skip_w_check: !w,
        };
        let set = QuerySet::load_paths_with(&[q("text2sdg_aurora_queries.csv")], &opts).unwrap();
        for (label, f) in [
            ("n", &(|x: u32| x) as &dyn Fn(u32) -> u32),
            ("n-1", &|x: u32| x.saturating_sub(1)),
            ("n+1", &|x: u32| x + 1),
        ] {
            let mut sys = set.system_list()[0].clone();
            for qq in &mut sys.queries {
                qq.expr = map_near(&qq.expr, f);
            }
            let s2 = QuerySet::from_systems(vec![sys]).unwrap();
            let mut rows = BTreeSet::new();
            for (d, t) in docs.iter().enumerate() {
                for h in s2.detect(t) {
                    rows.insert((d, h.sdg, h.query_id));
                }
            }
            println!("wprox={w} window {label}: {}", rows.len());
        }
    }
}

#[test]
fn aurora_diff() {
    let docs = projects();
    let q = |n: &str| shared().join("queries").join(n);
    let run = |w: bool, f: &dyn Fn(u32) -> u32| {
        let opts = LoadOptions {
            aurora: AuroraMode::Text2sdg,
            aurora_skip_w_check: !w,
        };
        let set = QuerySet::load_paths_with(&[q("text2sdg_aurora_queries.csv")], &opts).unwrap();
        let mut sys = set.system_list()[0].clone();
        for qq in &mut sys.queries {
            qq.expr = map_near(&qq.expr, f);
        }
        let s2 = QuerySet::from_systems(vec![sys]).unwrap();
        let mut rows = std::collections::BTreeMap::new();
        for (d, t) in docs.iter().enumerate() {
            for h in s2.detect(t) {
                rows.insert((d + 1, h.sdg, h.query_id.clone()), h.features.join(" "));
            }
        }
        rows
    };
    let a = run(false, &|x| x);
    let b = run(true, &|x| x);
    let c = run(true, &|x| x.saturating_sub(1));
    for (k, v) in &a {
        if !c.contains_key(k) {
            println!("and,n only {:?} {}  (in w,n: {})", k, v, b.contains_key(k));
        }
    }
}

#[test]
fn aurora_w_only() {
    let docs = projects();
    let q = |n: &str| shared().join("queries").join(n);
    // (sdg, id) of the w-group queries
    let mut worig = std::collections::HashSet::new();
    let mut rdr = csv::Reader::from_path(q("text2sdg_aurora_translated_w.csv")).unwrap();
    for r in rdr.records() {
        worig.insert(r.unwrap()[1].to_string());
    }
    let mut wids = std::collections::HashSet::new();
    let mut rdr = csv::Reader::from_path(q("text2sdg_aurora_queries.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        if worig.contains(&r[5]) {
            wids.insert((r[1][4..].parse::<u8>().unwrap(), r[4].to_string()));
        }
    }
    println!("w ids {wids:?}");
    let opts = LoadOptions {
        aurora: AuroraMode::Text2sdg,
        aurora_skip_w_check: false,
    };
    let set = QuerySet::load_paths_with(&[q("text2sdg_aurora_queries.csv")], &opts).unwrap();
    let mut sys = set.system_list()[0].clone();
    for qq in &mut sys.queries {
        let is_w = wids.contains(&(qq.sdg, qq.id.clone()));
        qq.expr = match &qq.expr {
            Expr::Near {
                items,
                window,
                ordered,
            } if is_w => Expr::Near {
                items: items
                    .iter()
                    .map(|x| map_near(x, &|x| x.saturating_sub(1)))
                    .collect(),
                window: *window,
                ordered: *ordered,
            },
            e => map_near(e, &|x| x.saturating_sub(1)),
        };
    }
    let s2 = QuerySet::from_systems(vec![sys]).unwrap();
    let mut rows = BTreeSet::new();
    for (d, t) in docs.iter().enumerate() {
        for h in s2.detect(t) {
            rows.insert((d, h.sdg, h.query_id));
        }
    }
    println!("w-prox<=3, corpustools windows n-1: {}", rows.len());
}

#[test]
fn perf_loop() {
    let docs = projects();
    let q = shared().join("queries");
    let set = QuerySet::load_paths(&[q]).unwrap();
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..20 { for d in &docs { n += set.detect(d).len(); } }
    println!("perf_loop {n} {:?}", t.elapsed() / 20);
}

#[test]
fn raw_kinds() {
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
    let docs = projects();
    let q = shared().join("queries");
    let set = QuerySet::load_paths(&[q]).unwrap();
    let pats = set.literal_patterns();
    for kind in [AhoCorasickKind::DFA, AhoCorasickKind::ContiguousNFA, AhoCorasickKind::NoncontiguousNFA] {
        for overlapping in [true, false] {
            let mk = if overlapping { MatchKind::Standard } else { MatchKind::LeftmostFirst };
            let ac = AhoCorasick::builder().match_kind(mk).kind(Some(kind)).ascii_case_insensitive(true).build(&pats).unwrap();
            let t = std::time::Instant::now();
            let mut n = 0;
            for _ in 0..10 { for d in &docs { n += if overlapping { ac.find_overlapping_iter(d.as_str()).count() } else { ac.find_iter(d.as_str()).count() }; } }
            println!("raw {kind:?} overlapping={overlapping} {n} {:?} mem {}", t.elapsed() / 10, ac.memory_usage());
        }
    }
}
