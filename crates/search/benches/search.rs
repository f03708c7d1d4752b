//! Search engine benchmark: Tantivy (this crate) side by side with SQLite FTS5 on the same
//! generated corpus and the same queries.
//!
//! ```text
//! CARGO_TARGET_DIR=target-search cargo bench -p southdesk-search --bench search
//! SEARCH_BENCH_SIZES=10000,100000,1000000 cargo bench -p southdesk-search --bench search
//! ```
//!
//! Own timing rather than criterion: indexing a million documents is one long measurement,
//! not a micro-benchmark. Figures: indexing documents/s (generation time excluded), peak
//! resident memory while indexing (VmHWM, reset before each engine through
//! /proc/self/clear_refs), index size on disk, and p50/p99 latency of a fixed query mix.
//!
//! SQLite FTS5 tokenizers: Latin-script versions (en, fr, es) go to a table tokenised with
//! `porter unicode61 remove_diacritics 2` (Unicode word splitting, accents folded, English
//! Porter stemming: FTS5 ships no French or Spanish stemmer); Chinese versions go to a table
//! with the `trigram` tokenizer (FTS5 has no Chinese word segmenter; trigrams find any
//! substring of 3+ characters, so the Chinese queries below have 4 characters). Each query is
//! sent to the table of its script only, which favours SQLite (Tantivy analyses every query
//! with all four analysers). Both engines return the 10 best by BM25 (title ×3, abstract ×2,
//! body ×1) plus the total count, public versions only. Tantivy answers per output (the best
//! matching version of each output, outputs counted); SQLite runs each query twice: per
//! version (the 10 best versions, versions counted: the figure kept from earlier runs) and
//! per output (grouped by output id, the 10 best outputs, distinct outputs counted: the same
//! answer as Tantivy's).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params, params_from_iter};
use southdesk_search::corpus::Generator;
use southdesk_search::{
    Facet, IndexDoc, Lang, Options, Query, SearchIndex, ThemeBridge, Visibility,
};

const SEED: u64 = 20260101;
const REPEAT: usize = 30;

struct BenchQuery {
    label: &'static str,
    text: &'static str,
    filter: Option<(Facet, &'static str)>,
}

const QUERIES: &[BenchQuery] = &[
    BenchQuery {
        label: "word en",
        text: "debt",
        filter: None,
    },
    BenchQuery {
        label: "word en (stem)",
        text: "negotiations",
        filter: None,
    },
    BenchQuery {
        label: "word fr",
        text: "développement",
        filter: None,
    },
    BenchQuery {
        label: "word es",
        text: "propiedad",
        filter: None,
    },
    BenchQuery {
        label: "two words en",
        text: "climate finance",
        filter: None,
    },
    BenchQuery {
        label: "phrase en",
        text: "\"intellectual property\"",
        filter: None,
    },
    BenchQuery {
        label: "phrase fr",
        text: "\"transfert de technologie\"",
        filter: None,
    },
    BenchQuery {
        label: "zh 知识产权",
        text: "知识产权",
        filter: None,
    },
    BenchQuery {
        label: "zh 气候变化",
        text: "气候变化",
        filter: None,
    },
    BenchQuery {
        label: "faceted tax+type",
        text: "tax",
        filter: Some((Facet::Type, "research-paper")),
    },
    BenchQuery {
        label: "faceted zh+type",
        text: "知识产权",
        filter: Some((Facet::Type, "policy-brief")),
    },
    BenchQuery {
        label: "faceted phrase+theme",
        text: "\"sovereign debt\"",
        filter: Some((Facet::Theme, "finance")),
    },
];

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing we use.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("SEARCH_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    println!("machine: {} cores, {}", cores(), cpu_model());
    for n in sizes {
        run(n);
    }
}

fn run(n: usize) {
    let outputs = {
        let mut ids: Vec<i64> = Generator::new(SEED).take(n).map(|d| d.output_id).collect();
        ids.dedup();
        ids.len()
    };
    println!("\n== {n} documents (language versions of {outputs} outputs), seed {SEED}");
    let t = Instant::now();
    let count = Generator::new(SEED).take(n).count();
    let gen_time = t.elapsed();
    println!(
        "generation alone: {:.2}s ({count} docs)",
        gen_time.as_secs_f64()
    );

    let dir = tempfile::tempdir().expect("tempdir");

    // --- Tantivy
    let tantivy_dir = dir.path().join("tantivy");
    reset_peak();
    let bridge = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/vocab/themes.toml"
    ))
    .ok()
    .and_then(|t| ThemeBridge::from_vocab_toml(&t).ok())
    .unwrap_or_default();
    let index = SearchIndex::open_with(&tantivy_dir, Options::default())
        .expect("open")
        .with_bridge(bridge);
    let t = Instant::now();
    index
        .upsert_iter(Generator::new(SEED).take(n))
        .expect("index");
    let tantivy_index_time = t.elapsed().saturating_sub(gen_time);
    let tantivy_peak = peak_kb();
    let tantivy_size = dir_size(&tantivy_dir);

    // --- SQLite FTS5
    let sqlite_path = dir.path().join("fts.sqlite");
    reset_peak();
    let conn = Connection::open(&sqlite_path).expect("sqlite");
    let t = Instant::now();
    sqlite_index(&conn, Generator::new(SEED).take(n));
    let sqlite_index_time = t.elapsed().saturating_sub(gen_time);
    let sqlite_peak = peak_kb();
    let sqlite_size = std::fs::metadata(&sqlite_path)
        .map(|m| m.len())
        .unwrap_or(0);

    println!("\n| engine | index time | docs/s | peak RSS while indexing | size on disk |");
    println!("|---|---|---|---|---|");
    for (name, time, peak, size) in [
        ("Tantivy", tantivy_index_time, tantivy_peak, tantivy_size),
        ("SQLite FTS5", sqlite_index_time, sqlite_peak, sqlite_size),
    ] {
        println!(
            "| {name} | {:.1} s | {:.0} | {} | {:.0} MiB |",
            time.as_secs_f64(),
            n as f64 / time.as_secs_f64().max(1e-9),
            peak.map(|kb| format!("{:.0} MiB", kb as f64 / 1024.0))
                .unwrap_or_else(|| "n/a".into()),
            size as f64 / (1 << 20) as f64
        );
    }

    // --- queries
    let mut all: [Vec<Duration>; 4] = Default::default();
    println!(
        "\n| query | Tantivy outputs | FTS5 versions | FTS5 outputs | Tantivy p50 | Tantivy full p50 | FTS5 p50 | FTS5 per output p50 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for bq in QUERIES {
        let mut lean = Query::new(bq.text);
        lean.cross_language = false;
        lean.facets = Vec::new();
        lean.visibility = vec![Visibility::Public];
        if let Some((f, v)) = bq.filter {
            lean.filters.push((f, v.to_string()));
        }
        let mut full = lean.clone();
        full.cross_language = true;
        full.facets = Facet::ALL.to_vec();

        let tantivy_total = index.search(&lean).expect("search").total;
        let sqlite_total = sqlite_query(&conn, bq, false).1;
        let sqlite_outputs = sqlite_query(&conn, bq, true).1;
        let mut per: [Vec<Duration>; 4] = Default::default();
        for _ in 0..REPEAT {
            let t = Instant::now();
            std::hint::black_box(index.search(&lean).expect("search"));
            per[0].push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(index.search(&full).expect("search"));
            per[1].push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(sqlite_query(&conn, bq, false));
            per[2].push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(sqlite_query(&conn, bq, true));
            per[3].push(t.elapsed());
        }
        println!(
            "| {} | {tantivy_total} | {sqlite_total} | {sqlite_outputs} | {} | {} | {} | {} |",
            bq.label,
            ms(percentile(&mut per[0], 0.5)),
            ms(percentile(&mut per[1], 0.5)),
            ms(percentile(&mut per[2], 0.5)),
            ms(percentile(&mut per[3], 0.5)),
        );
        for (a, p) in all.iter_mut().zip(per) {
            a.extend(p);
        }
    }
    println!(
        "\n| engine | p50 | p99 | (all {} queries × {REPEAT} runs) |",
        QUERIES.len()
    );
    println!("|---|---|---|---|");
    for (name, v) in [
        "Tantivy (top 10 outputs + count)",
        "Tantivy full (+ 9 facet counts, cross-language, snippets)",
        "SQLite FTS5 per version (top 10 versions + count)",
        "SQLite FTS5 per output (top 10 outputs + distinct count)",
    ]
    .iter()
    .zip(all.iter_mut())
    {
        println!(
            "| {name} | {} | {} | |",
            ms(percentile(v, 0.5)),
            ms(percentile(v, 0.99))
        );
    }
}

fn sqlite_index(conn: &Connection, docs: impl Iterator<Item = IndexDoc>) {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         CREATE TABLE docs (id INTEGER PRIMARY KEY, output_id INTEGER NOT NULL, lang TEXT NOT NULL,
                            type TEXT NOT NULL, visibility TEXT NOT NULL, year TEXT, themes TEXT NOT NULL);
         CREATE INDEX docs_output ON docs(output_id);
         CREATE TABLE doc_theme (doc INTEGER NOT NULL, theme TEXT NOT NULL);
         CREATE INDEX doc_theme_doc ON doc_theme(doc, theme);
         CREATE VIRTUAL TABLE fts_latin USING fts5(title, abstract, body, tokenize = 'porter unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE fts_zh USING fts5(title, abstract, body, tokenize = 'trigram');",
    )
    .expect("schema");
    let mut batch = 0;
    conn.execute_batch("BEGIN").expect("begin");
    for (i, d) in docs.enumerate() {
        let id = i as i64 + 1;
        conn.prepare_cached("INSERT INTO docs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .expect("prepare")
            .execute(params![
                id,
                d.output_id,
                d.lang.code(),
                d.output_type,
                d.visibility.as_str(),
                d.facet_values(Facet::Year).first(),
                d.themes.join(",")
            ])
            .expect("insert");
        for theme in &d.themes {
            conn.prepare_cached("INSERT INTO doc_theme VALUES (?1, ?2)")
                .expect("prepare")
                .execute(params![id, theme])
                .expect("insert");
        }
        let table = if d.lang == Lang::Zh {
            "fts_zh"
        } else {
            "fts_latin"
        };
        conn.prepare_cached(&format!(
            "INSERT INTO {table}(rowid, title, abstract, body) VALUES (?1, ?2, ?3, ?4)"
        ))
        .expect("prepare")
        .execute(params![id, d.title, d.summary, d.body])
        .expect("insert");
        batch += 1;
        if batch == 10_000 {
            conn.execute_batch("COMMIT; BEGIN").expect("commit");
            batch = 0;
        }
    }
    conn.execute_batch("COMMIT").expect("commit");
}

/// Top 10 output ids by BM25 and the total count, public versions only: per version (the 10
/// best versions, versions counted) or per output (each output ranked by its best version,
/// distinct outputs counted).
fn sqlite_query(conn: &Connection, q: &BenchQuery, per_output: bool) -> (Vec<i64>, i64) {
    let table = if q
        .text
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        "fts_zh"
    } else {
        "fts_latin"
    };
    let (join, cond, value) = match q.filter {
        None => ("", "", None),
        Some((Facet::Type, v)) => ("", "AND d.type = ?2", Some(v)),
        // EXISTS keeps the planner on the full-text index first (a join on the theme table
        // drove it to run MATCH per theme row: seconds per query at 100k)
        Some((Facet::Theme, v)) => (
            "",
            "AND EXISTS (SELECT 1 FROM doc_theme t WHERE t.doc = d.id AND t.theme = ?2)",
            Some(v),
        ),
        Some(_) => unreachable!("only type and theme filters in the mix"),
    };
    let from = format!(
        "FROM {table} f JOIN docs d ON d.id = f.rowid {join} WHERE {table} MATCH ?1 AND d.visibility = 'public' {cond}"
    );
    let (top_sql, count_sql) = if per_output {
        // MATERIALIZED: flattened into the aggregate, bm25() is refused ("unable to use
        // function bm25 in the requested context")
        (
            format!(
                "WITH m AS MATERIALIZED (SELECT d.output_id, bm25({table}, 3.0, 2.0, 1.0) AS rank {from}) \
                 SELECT output_id FROM m GROUP BY output_id ORDER BY min(rank), output_id LIMIT 10"
            ),
            format!("SELECT count(DISTINCT d.output_id) {from}"),
        )
    } else {
        (
            format!("SELECT d.output_id {from} ORDER BY bm25({table}, 3.0, 2.0, 1.0) LIMIT 10"),
            format!("SELECT count(*) {from}"),
        )
    };
    let args: Vec<&str> = std::iter::once(q.text).chain(value).collect();
    let mut top = conn.prepare_cached(&top_sql).expect("prepare");
    let ids: Vec<i64> = top
        .query_map(params_from_iter(&args), |r| r.get(0))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect();
    let mut count = conn.prepare_cached(&count_sql).expect("prepare");
    let total: i64 = count
        .query_row(params_from_iter(&args), |r| r.get(0))
        .expect("count");
    (ids, total)
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
