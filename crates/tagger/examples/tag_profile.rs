//! Tags ~1 MiB of the labelled texts a few times, for profilers
//! (`valgrind --tool=callgrind`, `perf`) and quick stage timings.
//!
//! `CARGO_TARGET_DIR=target-tagger cargo run --release -p southdesk-tagger --example tag_profile -- [MiB] [reps]`

use std::hint::black_box;
use std::time::Instant;

use southdesk_tagger::dataset::builtin_labelled;
use southdesk_tagger::{TagOptions, Tagger};

fn main() {
    let mut args = std::env::args().skip(1);
    let mib: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let reps: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let want = (mib * (1 << 20) as f64) as usize;
    let mut text = String::new();
    while text.len() < want {
        for e in builtin_labelled() {
            text.push_str(&e.text);
            text.push('\n');
        }
    }
    let t = Tagger::builtin();
    if let Some(m) = t.model_for(southdesk_tagger::labels::Label::Theme(0)) {
        eprintln!(
            "model: {} labels, {} feature rows, {} KiB",
            m.labels().len(),
            m.n_features(),
            m.memory_usage() / 1024
        );
    }
    if let Ok(path) = std::env::var("TAG_DUMP") {
        // Every labelled text and the whole corpus, with candidates, as JSON
        // lines: for checking that optimisations keep results identical.
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
        let all = TagOptions { all: true };
        for e in builtin_labelled() {
            writeln!(
                out,
                "{}",
                serde_json::to_string(&t.tag(&e.text, &all)).unwrap()
            )
            .unwrap();
        }
        writeln!(
            out,
            "{}",
            serde_json::to_string(&t.tag(&text, &all)).unwrap()
        )
        .unwrap();
    }
    let t0 = Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        let r = t.tag(black_box(&text), &TagOptions::default());
        n += r.themes.len() + r.sdgs.len();
    }
    let dt = t0.elapsed().as_secs_f64() / reps as f64;
    if std::env::var("TAG_STAGES").is_ok() {
        stages(&text, reps);
    }
    println!(
        "{} bytes: {:.2} ms per tag, {:.1} MiB/s ({n} tags)",
        text.len(),
        dt * 1e3,
        text.len() as f64 / dt / (1 << 20) as f64
    );
}

/// Rough time of each stage over 8 KiB pieces of `text`.
fn stages(text: &str, reps: usize) {
    use southdesk_tagger::features::{FeatureConfig, Features};
    use southdesk_tagger::normalize::Normalized;
    use southdesk_tagger::vocab::Vocabulary;
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut k = rest.len().min(8192);
        while !rest.is_char_boundary(k) {
            k -= 1;
        }
        pieces.push(&rest[..k]);
        rest = &rest[k..];
    }
    let v = Vocabulary::builtin();
    let mut norm = Normalized::default();
    let mut hits = Vec::new();
    let mut f = Features::default();
    let cfg = FeatureConfig::default();
    let (mut tn, mut ts, mut tf) = (0f64, 0f64, 0f64);
    for _ in 0..reps {
        for p in &pieces {
            let t = Instant::now();
            norm.reset(p);
            tn += t.elapsed().as_secs_f64();
            let t = Instant::now();
            hits.clear();
            v.scan(p, &norm, &mut hits);
            ts += t.elapsed().as_secs_f64();
            let t = Instant::now();
            f.extract(&cfg, &norm);
            tf += t.elapsed().as_secs_f64();
        }
    }
    let per = |x: f64| x / reps as f64 * 1e3;
    println!(
        "normalise {:.2} ms, vocabulary scan {:.2} ms, features {:.2} ms",
        per(tn),
        per(ts),
        per(tf)
    );
}
