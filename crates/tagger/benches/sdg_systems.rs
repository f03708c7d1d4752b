//! SDG query engine throughput: all six public systems (Aurora, Elsevier, Auckland,
//! SIRIS, SDSN, SDGO) loaded together over the text2sdg projects corpus, side by side
//! with a raw Aho-Corasick scan of the same literal patterns (every exact term and
//! phrase, and the longest literal run of every wildcard term; ASCII case-insensitive
//! DFA, the fastest configuration measured) over the same texts, both overlapping
//! (every occurrence, what the engine needs) and leftmost-first (a lower bound).
//!
//! `cargo bench -p southdesk-tagger --bench sdg_systems`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use southdesk_tagger::query::QuerySet;

fn sdg_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sdg")
}

fn texts() -> Vec<String> {
    let mut rdr =
        csv::Reader::from_path(sdg_data().join("text2sdg_projects/projects.csv")).unwrap();
    let ti = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    rdr.records().map(|r| r.unwrap()[ti].to_string()).collect()
}

fn systems() -> QuerySet {
    let q = sdg_data().join("queries");
    QuerySet::load_paths(&[
        q.join("text2sdg_aurora_queries.csv"),
        q.join("text2sdg_elsevier_queries.csv"),
        q.join("text2sdg_auckland_queries.csv"),
        q.join("text2sdg_siris_queries.csv"),
        q.join("text2sdg_sdsn_queries.csv"),
        q.join("text2sdg_osdg_sdgo_queries.csv"),
    ])
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let docs = texts();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let t0 = Instant::now();
    let set = systems();
    let compile = t0.elapsed();
    let patterns = set.literal_patterns();
    let raw = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(&patterns)
        .unwrap();
    let raw_leftmost = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(&patterns)
        .unwrap();
    let (terms, pats) = set.automaton_stats();
    eprintln!(
        "sdg_systems: {} docs, {:.2} MB; {} systems, {} queries, {} terms, {} automaton patterns; \
         compiled in {:.0} ms; memory_bytes() = {:.1} MiB; raw automaton ({} literals) = {:.1} MiB",
        docs.len(),
        bytes as f64 / 1e6,
        set.systems().len(),
        set.query_count(),
        terms,
        pats,
        compile.as_secs_f64() * 1e3,
        set.memory_bytes() as f64 / (1024.0 * 1024.0),
        patterns.len(),
        raw.memory_usage() as f64 / (1024.0 * 1024.0),
    );

    let mut g = c.benchmark_group("sdg_systems");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(12));
    g.bench_function("engine_all_six_systems", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += set.detect(black_box(d)).len();
            }
            black_box(n)
        })
    });
    g.bench_function("raw_aho_corasick_same_literals_overlapping", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += raw.find_overlapping_iter(black_box(d.as_str())).count();
            }
            black_box(n)
        })
    });
    g.bench_function("raw_aho_corasick_same_literals_leftmost", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += raw_leftmost.find_iter(black_box(d.as_str())).count();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
