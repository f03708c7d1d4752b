// TEMPORARY experiment harness (to be removed).
use southdesk_tagger::vocab::Vocabulary;
use southdesk_tagger::*;
use std::path::PathBuf;
use std::sync::Arc;

fn data(name: &str) -> Vec<Example> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sdg/swisstext2024")
        .join(name);
    let f = std::fs::File::open(&p).unwrap();
    dataset::read_jsonl(std::io::BufReader::new(f), "x").unwrap()
}

fn cfg_from_env() -> TrainConfig {
    let mut c = TrainConfig::default();
    if let Ok(s) = std::env::var("EXP") {
        for kv in s.split(',') {
            let (k, v) = kv.split_once('=').unwrap();
            match k {
                "epochs" => c.epochs = v.parse().unwrap(),
                "lr" => c.learning_rate = v.parse().unwrap(),
                "l2" => c.l2 = v.parse().unwrap(),
                "bal" => c.balance = v.parse().unwrap(),
                "vs" => c.vocab_scale = v.parse().unwrap(),
                "prefix" => c.features.word_prefix = v.parse().unwrap(),
                "bi" => c.features.word_bigrams = v == "1",
                "folds" => c.folds = v.parse().unwrap(),
                _ => panic!("{k}"),
            }
        }
    }
    c
}

#[test]
#[ignore]
fn cv() {
    let train = data("task1_train.jsonl");
    let cfg = cfg_from_env();
    let vocab = Arc::new(Vocabulary::builtin().clone());
    let k = 5;
    let (mut f1, mut acc, mut ece) = (0.0, 0.0, 0.0);
    let t0 = std::time::Instant::now();
    for fold in 0..k {
        let tr: Vec<Example> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|x| x.1.clone())
            .collect();
        let te: Vec<Example> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k == fold)
            .map(|x| x.1.clone())
            .collect();
        let m = model::train_with(&vocab, &tr, &cfg);
        let t = Tagger::from_parts(vocab.clone(), m);
        let r = evaluate(&t, &te);
        let s = r.sdg_single.unwrap();
        f1 += s.macro_f1;
        acc += s.accuracy;
        ece += r.ece;
    }
    println!(
        "CV {:?}: macroF1 {:.3} acc {:.3} ece {:.3} ({:?})",
        std::env::var("EXP").ok(),
        f1 / k as f64,
        acc / k as f64,
        ece / k as f64,
        t0.elapsed()
    );
    if std::env::var("TEST").is_ok() {
        let m = model::train_with(&vocab, &train, &cfg);
        println!("threshold {}", m.threshold());
        let t = Tagger::from_parts(vocab.clone(), m);
        let r = evaluate(&t, &data("testdata_results.jsonl"));
        println!("{r}");
    }
}
