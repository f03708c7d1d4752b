//! Behaviour of the tagging pipeline: context rules, CJK, offsets, candidates,
//! public SDG queries, errors, determinism and calibration.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use southdesk_tagger::dataset::read_jsonl;
use southdesk_tagger::model::train_with;
use southdesk_tagger::query::QuerySet;
use southdesk_tagger::vocab::Vocabulary;
use southdesk_tagger::*;

/// A small vocabulary in the documented format, so these tests do not depend on
/// the content of `data/vocab/*.toml` (which content writers edit).
const VOCAB: &str = r#"
[[theme]]
id = "climate"
zh = ["气候变化"]
en = ["climate change", "carbon"]
fr = ["changements climatiques"]
[[theme]]
id = "tax"
zh = ["税收", "税"]
en = ["tax"]
fr = ["impôt"]
es = ["impuesto"]
[[theme]]
id = "trade"
acronyms = ["WTO"]
zh = ["贸易"]
en = ["trade", "tariff@0.3"]
[[theme]]
id = "digital"
en = ["data"]
[[theme]]
id = "ip"
acronyms = ["IP"]
en = ["patent"]
[[theme]]
id = "rights"
en = ["human rights"]
fr = ["développement@0.2"]
[[sdg]]
goal = 13
en = ["climate change"]
[[phrase]]
terms = ["carbon tax", "碳税"]
labels = { climate = 1.0, tax = 1.0 }
[[phrase]]
terms = ["trade union", "工会"]
labels = { rights = 1.0 }
[[phrase]]
terms = ["IP address"]
labels = { digital = 1.0 }
"#;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sdg")
        .join(rel)
}

/// A tagger on the test vocabulary with no labelled data: every label is scored
/// from vocabulary evidence through the prior calibration (one full-weight term
/// is over the threshold, a weight-0.3 term is not).
fn vocab_tagger() -> Tagger {
    let v = Vocabulary::from_sources(&[("test.toml", VOCAB)]).unwrap();
    let m = train_with(&v, &[], &TrainConfig::default());
    Tagger::from_parts(Arc::new(v), m)
}

fn themes(r: &TagResult) -> Vec<&str> {
    r.themes
        .iter()
        .filter(|t| !t.candidate)
        .map(|t| t.id.as_str())
        .collect()
}

fn theme<'a>(r: &'a TagResult, id: &str) -> Option<&'a ThemeTag> {
    r.themes.iter().find(|t| t.id == id)
}

/// Every evidence item's offsets select exactly its term in `text`.
fn assert_offsets(text: &str, r: &TagResult) {
    let evs = r
        .themes
        .iter()
        .flat_map(|t| &t.evidence)
        .chain(r.sdgs.iter().flat_map(|s| &s.evidence));
    let mut n = 0;
    for e in evs {
        let slice: String = text.chars().skip(e.start).take(e.end - e.start).collect();
        assert_eq!(slice, e.term, "offsets {}..{} in {text:?}", e.start, e.end);
        n += 1;
    }
    assert!(n > 0, "no evidence at all for {text:?}");
}

#[test]
fn carbon_tax_is_climate_and_tax() {
    let t = vocab_tagger();
    let r = t.tag(
        "Parliament debated a carbon tax on imports.",
        &TagOptions::default(),
    );
    let th = themes(&r);
    assert!(th.contains(&"climate") && th.contains(&"tax"), "{r:#?}");
    assert_eq!(theme(&r, "tax").unwrap().evidence[0].term, "carbon tax");
}

#[test]
fn trade_union_is_rights_not_trade() {
    let t = vocab_tagger();
    let r = t.tag(
        "The trade union called a strike.",
        &TagOptions { all: true },
    );
    assert_eq!(themes(&r), vec!["rights"], "{r:#?}");
    // Not even a candidate with evidence: the phrase hides the word.
    assert!(
        theme(&r, "trade").is_none_or(|t| t.evidence.is_empty()),
        "{r:#?}"
    );
    // Without the phrase, `trade` counts.
    let r = t.tag("Trade talks resumed.", &TagOptions::default());
    assert_eq!(themes(&r), vec!["trade"]);
}

#[test]
fn ip_address_is_digital_not_ip() {
    let t = vocab_tagger();
    let r = t.tag(
        "Log the IP address of each request.",
        &TagOptions { all: true },
    );
    assert_eq!(themes(&r), vec!["digital"], "{r:#?}");
    assert!(theme(&r, "ip").is_none_or(|t| t.evidence.is_empty()));
    let r = t.tag("IP rights and the patent system.", &TagOptions::default());
    assert_eq!(themes(&r), vec!["ip"], "{r:#?}");
}

#[test]
fn chinese_without_spaces() {
    let t = vocab_tagger();
    let text = "各国同意征收碳税以应对气候变化并加强贸易合作";
    let r = t.tag(text, &TagOptions::default());
    let th = themes(&r);
    for want in ["climate", "tax", "trade"] {
        assert!(th.contains(&want), "{want} missing: {r:#?}");
    }
    let tax = theme(&r, "tax").unwrap();
    // `税` inside `碳税` is hidden by the phrase: one item, at characters 6..8.
    assert_eq!(tax.evidence.len(), 1, "{tax:?}");
    assert_eq!((tax.evidence[0].start, tax.evidence[0].end), (6, 8));
    assert_offsets(text, &r);
    // 工会 (trade union) is rights, and its 会 does not make anything else.
    let r = t.tag("工会代表参加了会议", &TagOptions::default());
    assert_eq!(themes(&r), vec!["rights"]);
}

#[test]
fn offsets_point_into_the_original_for_accents_and_cjk() {
    let t = vocab_tagger();
    // Accents, a decomposed accent, full-width letters, curly apostrophes, CJK.
    let text =
        "L’Impôt — les Changements  Climatiques, l'impo\u{302}t; ＷＴＯ 与 税收 et l’impuesto.";
    let r = t.tag(text, &TagOptions { all: true });
    assert_offsets(text, &r);
    let tax: Vec<&str> = theme(&r, "tax")
        .unwrap()
        .evidence
        .iter()
        .map(|e| e.term.as_str())
        .collect();
    assert!(tax.contains(&"Impôt"), "{tax:?}");
    assert!(tax.contains(&"税收"), "{tax:?}");
    assert!(tax.contains(&"impuesto"), "{tax:?}");
    let cl = &theme(&r, "climate").unwrap().evidence[0];
    assert_eq!(cl.term, "Changements  Climatiques");
    let wto = &theme(&r, "trade").unwrap().evidence[0];
    assert_eq!(wto.term, "ＷＴＯ");
}

#[test]
fn all_lists_candidates_after_tags() {
    let t = vocab_tagger();
    let text = "A tariff on climate change goods.";
    let r = t.tag(text, &TagOptions::default());
    assert_eq!(themes(&r), vec!["climate"]);
    assert!(r.themes.iter().all(|t| !t.candidate));
    let r = t.tag(text, &TagOptions { all: true });
    let pos_trade = r
        .themes
        .iter()
        .position(|t| t.id == "trade")
        .expect("trade candidate");
    assert!(r.themes[pos_trade].candidate);
    assert!(r.themes[pos_trade].score < r.themes[0].score);
    // Tags first, best first; then candidates, best first.
    let first_cand = r.themes.iter().position(|t| t.candidate).unwrap();
    assert!(r.themes[first_cand..].iter().all(|t| t.candidate));
    assert!(
        r.themes[..first_cand]
            .windows(2)
            .all(|w| w[0].score >= w[1].score)
    );
    assert!(
        r.themes[first_cand..]
            .windows(2)
            .all(|w| w[0].score >= w[1].score)
    );
    // `candidate: false` is not serialised.
    let js = serde_json::to_string(&r).unwrap();
    assert_eq!(
        js.matches("\"candidate\":true").count(),
        r.themes.iter().filter(|t| t.candidate).count()
            + r.sdgs.iter().filter(|t| t.candidate).count()
    );
    assert!(!js.contains("\"candidate\":false"));
    let back: TagResult = serde_json::from_str(&js).unwrap();
    assert_eq!(back, r);
}

#[test]
fn empty_text_gives_an_empty_result() {
    let t = vocab_tagger();
    for s in ["", "   \n\t ", "\u{200B}"] {
        let r = t.tag(s, &TagOptions { all: true });
        assert!(r.themes.is_empty() && r.sdgs.is_empty(), "{s:?}: {r:?}");
        let r = t
            .tag_reader(s.as_bytes(), &TagOptions { all: true })
            .unwrap();
        assert!(r.themes.is_empty() && r.sdgs.is_empty());
    }
    assert_eq!(
        serde_json::to_string(&t.tag("", &TagOptions::default())).unwrap(),
        r#"{"themes":[],"sdgs":[]}"#
    );
}

/// Yields its bytes one at a time, so multi-byte characters straddle reads.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.split_first() {
            Some((&b, rest)) if !buf.is_empty() => {
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let t = vocab_tagger();
    let mut bytes = "carbon tax é ".as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b"\xff more");
    for r in [
        t.tag_reader(&bytes[..], &TagOptions::default()),
        t.tag_reader(Trickle(&bytes), &TagOptions::default()),
    ] {
        match r {
            Err(TagError::InvalidUtf8 { offset }) => assert_eq!(offset, at as u64),
            other => panic!("{other:?}"),
        }
    }
    // Truncated character at the end of input.
    let bytes = b"tax \xe6\xb3";
    match t.tag_reader(&bytes[..], &TagOptions::default()) {
        Err(e @ TagError::InvalidUtf8 { offset: 4 }) => {
            assert!(e.to_string().contains("byte offset 4"))
        }
        other => panic!("{other:?}"),
    }
    // Characters split across reads are fine.
    let r = t
        .tag_reader(
            Trickle("Les impôts 税收".as_bytes()),
            &TagOptions::default(),
        )
        .unwrap();
    assert_eq!(themes(&r), vec!["tax"]);
}

#[test]
fn streaming_and_in_memory_agree_across_windows() {
    let t = vocab_tagger();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 100_000 {
        text.push_str(match i % 7 {
            0 => "Les négociations sur l’impôt avancent. ",
            1 => "各国讨论气候变化。",
            2 => "The WTO met; ",
            _ => "nothing to see here, just filler words and numbers 12345. ",
        });
        i += 1;
    }
    let a = t.tag(&text, &TagOptions { all: true });
    let b = t
        .tag_reader(Trickle(text.as_bytes()), &TagOptions { all: true })
        .unwrap();
    let c = t
        .tag_reader(text.as_bytes(), &TagOptions { all: true })
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_offsets(&text, &a);
}

#[test]
fn public_queries_add_sdg_evidence() {
    let q = QuerySet::load_paths(&[shared("queries/text2sdg_sdsn_queries.csv")]).unwrap();
    let t = vocab_tagger().with_queries(q);
    let text = "Électricité: extreme poverty persists in Africa.";
    let r = t.tag(text, &TagOptions::default());
    let sdg1 = r
        .sdgs
        .iter()
        .find(|s| s.goal == 1)
        .expect("SDG 1 from the SDSN list");
    let e = sdg1
        .evidence
        .iter()
        .find(|e| e.term == "Africa")
        .unwrap_or_else(|| panic!("{sdg1:#?}"));
    assert!(
        e.source.starts_with("query:") && e.source.matches(':').count() == 2,
        "{}",
        e.source
    );
    assert_offsets(text, &r);
}

fn swisstext(name: &str) -> Vec<Example> {
    let p = shared("swisstext2024").join(name);
    let f = std::fs::File::open(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    read_jsonl(std::io::BufReader::new(f), name).unwrap()
}

#[test]
fn training_is_deterministic() {
    let ex: Vec<Example> = swisstext("task1_train.jsonl")
        .into_iter()
        .take(150)
        .collect();
    let cfg = TrainConfig {
        epochs: 4,
        ..TrainConfig::default()
    };
    let a = train(&ex, &cfg).to_bytes();
    let b = train(&ex, &cfg).to_bytes();
    assert_eq!(a, b, "same input, different bytes");
    // Round trip.
    assert_eq!(Model::from_bytes(&a).unwrap().to_bytes(), a);
    // Another seed gives another model (the seed is used).
    let c = train(&ex, &TrainConfig { seed: 7, ..cfg }).to_bytes();
    assert_ne!(a, c);
    // Damage is detected.
    let mut d = a.clone();
    let k = d.len() / 2;
    d[k] ^= 1;
    assert!(matches!(Model::from_bytes(&d), Err(ModelError::Checksum)));
}

/// Expected calibration error of the calibrated scores on held-out data (trained
/// on the SwissText training set, measured on its separate test set), over every
/// (text, SDG) pair: 156 × 17 = 2,652 pairs in 10 bins.
///
/// Threshold 0.05: for a perfectly calibrated scorer the ECE of this many pairs
/// is sampling noise, roughly Σ_b (n_b/n)·√(p_b(1−p_b)/n_b) ≈ 0.01–0.02 here
/// (most pairs sit in the lowest bin, with few in the upper bins); 0.05 leaves
/// room for that noise and for the shift between the two sets, and fails a
/// scorer whose probabilities are off by more than five points on average.
#[test]
fn calibration_error_on_held_out_data_is_small() {
    let train_set = swisstext("task1_train.jsonl");
    let test_set = swisstext("testdata_results.jsonl");
    let m = train(&train_set, &TrainConfig::default());
    let t = Tagger::builtin().with_model(m);
    let r = evaluate(&t, &test_set);
    assert!(r.ece < 0.05, "ECE {}", r.ece);
    assert!(r.sdg_single.unwrap().accuracy > 0.4);
}

#[test]
fn builtin_vocabulary_keeps_its_context_rules() {
    // The embedded vocabularies promise these phrases (see `vocab` docs).
    let t = Tagger::builtin();
    let r = t.tag(
        "A carbon tax, a trade union and an IP address.",
        &TagOptions { all: true },
    );
    let with_ev = |id: &str| theme(&r, id).is_some_and(|t| !t.evidence.is_empty());
    assert!(
        with_ev("climate") && with_ev("tax") && with_ev("rights") && with_ev("digital"),
        "{r:#?}"
    );
    assert!(!with_ev("trade") && !with_ev("ip"), "{r:#?}");
    assert_offsets("A carbon tax, a trade union and an IP address.", &r);
}

include!("support/theme_phrases.rs");

/// The default model must not wash out strong vocabulary evidence: a short text
/// whose only evidence is one unambiguous phrase of a theme gets that theme, in
/// each of the four languages, with the phrase as evidence.
#[test]
fn one_unambiguous_phrase_assigns_its_theme_in_four_languages() {
    let t = Tagger::builtin();
    let mut missed = Vec::new();
    for (id, phrases) in THEME_PHRASES {
        for (lang, p) in phrases.iter().enumerate() {
            let text = phrase_sentence(lang, p);
            let r = t.tag(&text, &TagOptions::default());
            match theme(&r, id) {
                Some(tag) if !tag.candidate && !tag.evidence.is_empty() => {
                    assert_offsets(&text, &r);
                }
                _ => missed.push(format!("{id}: {text:?} -> {:?}", themes(&r))),
            }
        }
    }
    assert!(missed.is_empty(), "{missed:#?}");
    // The vocabulary assigns "trade union" to rights (a phrase, weight 0.8).
    let r = t.tag("The trade union called a strike.", &TagOptions::default());
    assert!(themes(&r).contains(&"rights"), "{r:#?}");
}

#[test]
fn embedded_labelled_files_parse() {
    for (name, src) in dataset::LABELLED_FILES {
        read_jsonl(src.as_bytes(), name).unwrap_or_else(|e| panic!("{e}"));
    }
}
