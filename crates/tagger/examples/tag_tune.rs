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

/// One unambiguous vocabulary phrase per theme, in English, French, Spanish and
/// Chinese, to be set in a neutral sentence.
pub const THEME_PHRASES: [(&str, [&str; 4]); 14] = [
    (
        "agenda2030",
        [
            "the 2030 Agenda for Sustainable Development",
            "le Programme de développement durable à l'horizon 2030",
            "la Agenda 2030 para el Desarrollo Sostenible",
            "2030年可持续发展议程",
        ],
    ),
    (
        "climate",
        [
            "the Paris Agreement",
            "l'Accord de Paris",
            "el Acuerdo de París",
            "巴黎协定",
        ],
    ),
    (
        "governance",
        [
            "the reform of the United Nations",
            "la réforme des Nations Unies",
            "la reforma de las Naciones Unidas",
            "联合国改革",
        ],
    ),
    (
        "digital",
        [
            "global digital governance",
            "la gouvernance mondiale du numérique",
            "la gobernanza digital mundial",
            "全球数字治理",
        ],
    ),
    (
        "ucm",
        [
            "unilateral coercive measures",
            "les mesures coercitives unilatérales",
            "las medidas coercitivas unilaterales",
            "单边强制措施",
        ],
    ),
    (
        "finance",
        [
            "the Sevilla Commitment",
            "l'Engagement de Séville",
            "el Compromiso de Sevilla",
            "塞维利亚承诺",
        ],
    ),
    (
        "trade",
        [
            "WTO reform",
            "la réforme de l'OMC",
            "la reforma de la OMC",
            "世贸组织改革",
        ],
    ),
    (
        "investment",
        [
            "bilateral investment treaties",
            "les traités bilatéraux d'investissement",
            "los tratados bilaterales de inversión",
            "双边投资条约",
        ],
    ),
    (
        "ip",
        [
            "the TRIPS Agreement",
            "l'Accord sur les ADPIC",
            "el Acuerdo sobre los ADPIC",
            "与贸易有关的知识产权协定",
        ],
    ),
    (
        "biodiversity",
        [
            "the Nagoya Protocol",
            "le Protocole de Nagoya",
            "el Protocolo de Nagoya",
            "名古屋议定书",
        ],
    ),
    (
        "rights",
        [
            "the right to development",
            "le droit au développement",
            "el derecho al desarrollo",
            "发展权",
        ],
    ),
    (
        "health",
        [
            "universal health coverage",
            "la couverture sanitaire universelle",
            "la cobertura sanitaria universal",
            "全民健康覆盖",
        ],
    ),
    (
        "ssc",
        [
            "South-South cooperation",
            "la coopération Sud-Sud",
            "la cooperación Sur-Sur",
            "南南合作",
        ],
    ),
    (
        "tax",
        [
            "international tax cooperation",
            "la coopération fiscale internationale",
            "la cooperación tributaria internacional",
            "国际税务合作",
        ],
    ),
];

/// The phrase in a neutral sentence of its language.
pub fn phrase_sentence(lang: usize, phrase: &str) -> String {
    match lang {
        0 => format!("The delegation asked about {phrase}."),
        1 => format!("La délégation a posé une question sur {phrase}."),
        2 => format!("La delegación preguntó por {phrase}."),
        _ => format!("代表团询问了{phrase}的情况。"),
    }
}

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
