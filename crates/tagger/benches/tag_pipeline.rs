//! Throughput of (a) the theme/SDG vocabulary scan and (c) the full `tag`
//! pipeline, each beside a raw Aho-Corasick scan of the same literal patterns over
//! the same text in the same run; and memory of the compiled vocabularies.
//!
//! `CARGO_TARGET_DIR=target-tagger cargo bench -p southdesk-tagger --bench tag_pipeline`

use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use southdesk_tagger::dataset::builtin_labelled;
use southdesk_tagger::normalize::normalize;
use southdesk_tagger::vocab::Vocabulary;
use southdesk_tagger::{TagOptions, Tagger};

/// About 1 MiB of our labelled texts (four languages), repeated.
fn corpus() -> String {
    let mut s = String::new();
    let set = builtin_labelled();
    let filler = "The meeting reviewed the report of the secretariat and adopted its agenda. ";
    while s.len() < 1 << 20 {
        if set.is_empty() {
            s.push_str(filler);
        }
        for e in set {
            s.push_str(&e.text);
            s.push('\n');
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let vocab = Vocabulary::builtin();
    let raw = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(vocab.literals())
        .unwrap();
    let norm = normalize(&text);
    eprintln!(
        "vocabularies: {} patterns, compiled {} KiB (automaton {} KiB); raw automaton {} KiB; text {} bytes",
        vocab.len(),
        vocab.memory_usage() / 1024,
        raw.memory_usage() / 1024,
        raw.memory_usage() / 1024,
        text.len()
    );

    let mut g = c.benchmark_group("vocabulary");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    g.bench_function("raw_aho_corasick_overlapping_on_normalised", |b| {
        b.iter(|| {
            raw.find_overlapping_iter(black_box(norm.text.as_str()))
                .count()
        })
    });
    g.bench_function("vocab_normalise_and_scan", |b| {
        let mut hits = Vec::new();
        b.iter(|| {
            let n = normalize(black_box(&text));
            hits.clear();
            vocab.scan(&text, &n, &mut hits);
            hits.len()
        })
    });
    g.bench_function("vocab_scan_only", |b| {
        let mut hits = Vec::new();
        b.iter(|| {
            hits.clear();
            vocab.scan(&text, black_box(&norm), &mut hits);
            hits.len()
        })
    });
    g.finish();

    let tagger = Tagger::builtin();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(6));
    g.bench_function("raw_aho_corasick_overlapping_on_normalised", |b| {
        b.iter(|| {
            raw.find_overlapping_iter(black_box(norm.text.as_str()))
                .count()
        })
    });
    g.bench_function("tag", |b| {
        b.iter(|| tagger.tag(black_box(&text), &TagOptions::default()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
