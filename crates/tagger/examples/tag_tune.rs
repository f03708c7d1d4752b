//! Chooses training settings by cross-validation inside the training split of
//! the embedded labelled set (the held-out split is not looked at), and reports
//! how short texts with one vocabulary phrase fare.
//!
//! `CARGO_TARGET_DIR=target-tagger cargo run --release -p southdesk-tagger --example tag_tune`

use std::sync::Arc;

use southdesk_tagger::dataset::builtin_labelled;
use southdesk_tagger::labels::{Label, N_THEMES};
use southdesk_tagger::model::train_with;
use southdesk_tagger::vocab::Vocabulary;
use southdesk_tagger::*;

fn main() {
    if std::env::var("MISSES").is_ok() {
        misses();
        return;
    }
    let vocab = Vocabulary::builtin();
    let train: Vec<Example> = builtin_labelled()
        .iter()
        .filter(|e| Split::Train.keep(e))
        .cloned()
        .collect();
    let mut grid: Vec<(String, TrainConfig)> = Vec::new();
    let base = TrainConfig::default();
    for l2 in [1e-4, 1e-3, 3e-3, 1e-2, 3e-2] {
        for range in [(0.25, 0.6), (0.2, 0.5), (0.3, 0.7)] {
            grid.push((
                format!("l2 {l2:e} thresholds {range:?}"),
                TrainConfig {
                    l2,
                    threshold_range: range,
                    ..base.clone()
                },
            ));
        }
    }
    let folds = 4;
    for (name, cfg) in &grid {
        let (mut f1, mut n) = (0.0, 0);
        for k in 0..folds {
            let part = |keep: bool| -> Vec<Example> {
                train
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (i % folds != k) == keep)
                    .map(|(_, e)| e.clone())
                    .collect()
            };
            let (tr, te) = (part(true), part(false));
            let m = train_with(vocab, &tr, cfg);
            let t = Tagger::from_parts(Arc::new(vocab.clone()), m);
            let r = evaluate(&t, &te);
            let themes: Vec<f64> = r
                .labels
                .iter()
                .filter(|s| Label::parse(&s.label).is_some_and(|l| l.is_theme()))
                .map(|s| s.f1)
                .collect();
            f1 += themes.iter().sum::<f64>() / N_THEMES as f64;
            n += 1;
        }
        let m = train_with(vocab, &train, cfg);
        let t = Tagger::from_parts(Arc::new(vocab.clone()), m);
        let mm = t.model_for(Label::Theme(0)).unwrap();
        let th: Vec<String> = mm
            .thresholds()
            .iter()
            .take(14)
            .map(|x| format!("{x:.2}"))
            .collect();
        println!(
            "  {} rows, shared {:.3}, themes {}",
            mm.n_features(),
            mm.threshold(),
            th.join(" ")
        );
        let tu = t.label_scores("The trade union called a strike.")
            [Label::theme("rights").unwrap().index()];
        let mut ok = 0;
        let mut fails = Vec::new();
        for (id, ph) in THEME_PHRASES {
            for (lang, p) in ph.iter().enumerate() {
                let text = phrase_sentence(lang, p);
                let r = t.tag(&text, &TagOptions::default());
                if r.themes.first().is_some_and(|x| x.id == id) {
                    ok += 1;
                } else {
                    let s = t.label_scores(&text)[Label::theme(id).unwrap().index()];
                    fails.push(format!("{id}/{lang} {s:.2}"));
                }
            }
        }
        println!(
            "{name}: CV theme macro-F1 {:.3}; 'trade union' rights {:.3}; phrases {ok}/56 {fails:?}",
            f1 / n as f64,
            tu
        );
    }
}

include!("../tests/support/theme_phrases.rs");

#[allow(dead_code)]
fn misses() {
    let t = Tagger::builtin();
    for e in builtin_labelled().iter().filter(|e| Split::Test.keep(e)) {
        let sc = t.label_scores(&e.text);
        for id in e.themes.iter().flatten() {
            let l = Label::theme(id).unwrap();
            if sc[l.index()] < t.threshold(l) {
                let ev: f32 = t
                    .vocabulary()
                    .matches(&e.text)
                    .iter()
                    .filter(|m| m.label == l)
                    .map(|m| m.weight)
                    .sum();
                println!(
                    "MISS {} {id} score {:.3} th {:.3} vocab-sum {ev:.2}: {}",
                    e.id,
                    sc[l.index()],
                    t.threshold(l),
                    e.text.chars().take(80).collect::<String>()
                );
            }
        }
    }
}
