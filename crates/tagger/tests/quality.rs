//! Measured quality (ignored by default; run with `--ignored --nocapture`,
//! preferably `--release`). Figures are written to BENCHMARKS.md by hand.
//!
//! ```text
//! CARGO_TARGET_DIR=target-tagger cargo test --release -p southdesk-tagger --test quality -- --ignored --nocapture
//! ```

use std::path::PathBuf;
use std::time::Instant;

use southdesk_tagger::dataset::{builtin_labelled, read_jsonl};
use southdesk_tagger::*;

fn swisstext(name: &str) -> Vec<Example> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sdg/swisstext2024")
        .join(name);
    let f = std::fs::File::open(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    read_jsonl(std::io::BufReader::new(f), name).unwrap()
}

/// SwissText 2024 task 1: train on `task1_train.jsonl` (430), evaluate on the gold
/// test set (156). Published best: macro-F1 0.56, accuracy 0.52.
#[test]
#[ignore]
fn swisstext_2024_task1() {
    let train_set = swisstext("task1_train.jsonl");
    let test_set = swisstext("testdata_results.jsonl");
    let t0 = Instant::now();
    let m = train(&train_set, &TrainConfig::default());
    let took = t0.elapsed();
    let t = Tagger::builtin().with_model(m);
    let r = evaluate(&t, &test_set);
    println!("trained in {took:.2?}\n{r}");
    let s = r.sdg_single.unwrap();
    println!(
        "SWISSTEXT single-label: accuracy {:.3} macro-F1 {:.3} (published best 0.52 / 0.56); ECE {:.3}",
        s.accuracy, s.macro_f1, r.ece
    );
}

/// Themes and SDGs of our labelled set: the default model is trained on the
/// training split (ids not ending in a multiple of 5); evaluated on the rest.
#[test]
#[ignore]
fn themes_held_out() {
    let t0 = Instant::now();
    let t = Tagger::builtin();
    println!("Tagger::builtin() in {:.2?}", t0.elapsed());
    let all = builtin_labelled();
    let test: Vec<Example> = all
        .iter()
        .filter(|e| Split::Test.keep(e))
        .cloned()
        .collect();
    println!("{} labelled texts, {} held out", all.len(), test.len());
    let r = evaluate(&t, &test);
    println!("{r}");
}
