//! Training (see the module documentation of [`crate::model`]): the texts as
//! sparse rows, out-of-fold scores for calibration, and the final weights, all by
//! plain SGD over seeded permutations.

use super::calibrate::{choose_thresholds, fit_platt};
use super::inference::{FeatureIndex, evidence_sums, vocab_value};
use super::{Model, VOCAB_FEATURE_BASE, VOCAB_PRIOR, sigmoid};
use crate::dataset::Example;
use crate::features::{FeatureConfig, Features};
use crate::labels::{Label, N_LABELS};
use crate::normalize::Normalized;
use crate::vocab::Vocabulary;

/// Training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub features: FeatureConfig,
    pub epochs: u32,
    pub learning_rate: f64,
    /// L2 regularisation strength.
    pub l2: f64,
    pub seed: u64,
    /// Folds for the out-of-fold calibration scores (≥ 2).
    pub folds: u32,
    /// Labels with fewer positive examples are left out of the model (they are
    /// scored from the vocabulary alone).
    pub min_positives: u32,
    /// Positive examples weigh `(negatives / positives)^balance`.
    pub balance: f64,
    /// Multiplier of the vocabulary-evidence features.
    pub vocab_scale: f32,
    /// L2 strength of the vocabulary-evidence features (the n-grams get `l2`).
    /// Lower than `l2`: 31 features that generalise, against hundreds of
    /// thousands of n-grams that can memorise a few hundred texts.
    pub vocab_l2: f64,
    /// Bounds of the per-label decision thresholds (calibrated scores).
    pub threshold_range: (f32, f32),
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            features: FeatureConfig::default(),
            epochs: 12,
            learning_rate: 0.5,
            l2: 1e-3,
            seed: 0x5eed_50c7,
            folds: 4,
            min_positives: 4,
            balance: 0.5,
            vocab_scale: 1.0,
            vocab_l2: 1e-5,
            threshold_range: (0.25, 0.6),
        }
    }
}

/// SplitMix64: a tiny, well-mixed, seedable generator for shuffles.
pub(super) struct SplitMix(pub(super) u64);

impl SplitMix {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A training text as row indices and values, with targets per model label
/// (`1`, `0`, or `-1` = not annotated).
pub(super) struct Row {
    cols: Vec<u32>,
    vals: Vec<f32>,
    pub(super) y: Vec<i8>,
}

/// A text as sparse (id, value) pairs, with its vocabulary evidence per label.
type Rep = (Vec<u32>, Vec<f32>, [f32; N_LABELS]);

/// Represents `text` as sparse (id, value) pairs: n-grams then vocabulary
/// features. Used by training; the tagger does the same per window.
pub(crate) fn represent(
    vocab: &Vocabulary,
    cfg: &FeatureConfig,
    vocab_scale: f32,
    text: &str,
) -> Rep {
    let norm = crate::normalize::normalize(text);
    let mut hits = Vec::new();
    vocab.scan(text, &norm, &mut hits);
    let mut ev = [0f32; N_LABELS];
    evidence_sums(vocab, &hits, &mut ev);
    let (mut ids, mut vals) = ngram_features(cfg, &norm);
    for (l, &e) in ev.iter().enumerate() {
        if e > 0.0 {
            ids.push(VOCAB_FEATURE_BASE + l as u32);
            vals.push(vocab_value(e, vocab_scale));
        }
    }
    (ids, vals, ev)
}

fn ngram_features(cfg: &FeatureConfig, norm: &Normalized) -> (Vec<u32>, Vec<f32>) {
    let mut f = Features::default();
    f.extract(cfg, norm);
    (f.ids, f.vals)
}

/// Trains a model on `examples` (see the module documentation).
///
/// The model covers every label whose family is annotated in the examples and
/// that has at least `cfg.min_positives` positive examples.
pub fn train(examples: &[Example], cfg: &TrainConfig) -> Model {
    train_with(Vocabulary::builtin(), examples, cfg)
}

/// [`train`] with a given vocabulary.
pub fn train_with(vocab: &Vocabulary, examples: &[Example], cfg: &TrainConfig) -> Model {
    // Represent every text once.
    let reps: Vec<Rep> = examples
        .iter()
        .map(|e| represent(vocab, &cfg.features, cfg.vocab_scale, &e.text))
        .collect();
    let golds: Vec<Vec<Label>> = examples.iter().map(Example::labels).collect();
    let labels = covered_labels(examples, &golds, cfg);
    let cols = column_dictionary(&reps);
    let rows = training_rows(&reps, examples, &golds, &labels, &cols);
    let vc = VocabCols::new(&cols, &labels);
    let nl = labels.len();

    let oof = out_of_fold_scores(&rows, &vc, nl, cfg);
    let platt = label_platts(&rows, &oof, nl);
    let vp = vocab_platt(&rows, &reps, &labels, cfg);
    // Thresholds chosen on the calibrated out-of-fold scores (see
    // `choose_thresholds`).
    let (threshold, thresholds) = choose_thresholds(&rows, &oof, &platt, nl, cfg.threshold_range);

    // Final weights on all examples.
    let all: Vec<usize> = (0..rows.len()).collect();
    let (w, b) = sgd(&rows, &all, &vc, nl, cfg, 0);
    let weights: Vec<f32> = w.iter().map(|&x| x as f32).collect();
    let mut m = Model {
        labels,
        config: cfg.features,
        vocab_scale: cfg.vocab_scale,
        vocab_fingerprint: vocab.fingerprint(),
        threshold,
        thresholds,
        vocab_platt: (vp.0 as f32, vp.1 as f32),
        bias: b.iter().map(|&x| x as f32).collect(),
        platt,
        features: cols,
        weights,
        index: FeatureIndex::default(),
    };
    m.prune();
    m.index = FeatureIndex::build(&m.features);
    m
}

/// Labels the model covers: annotated, with enough positives and some negatives.
fn covered_labels(examples: &[Example], golds: &[Vec<Label>], cfg: &TrainConfig) -> Vec<Label> {
    Label::all()
        .filter(|&l| {
            let pos = golds.iter().filter(|g| g.contains(&l)).count();
            let annotated = examples.iter().filter(|e| e.annotates(l)).count();
            pos >= cfg.min_positives as usize && annotated > pos
        })
        .collect()
}

/// Column dictionary: every feature id seen, ascending.
fn column_dictionary(reps: &[Rep]) -> Vec<u32> {
    let mut cols: Vec<u32> = reps.iter().flat_map(|r| r.0.iter().copied()).collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

fn training_rows(
    reps: &[Rep],
    examples: &[Example],
    golds: &[Vec<Label>],
    labels: &[Label],
    cols: &[u32],
) -> Vec<Row> {
    let col_of = |id: u32| cols.binary_search(&id).expect("id in dictionary") as u32;
    reps.iter()
        .zip(examples)
        .zip(golds)
        .map(|(((ids, vals, _), ex), gold)| Row {
            cols: ids.iter().map(|&i| col_of(i)).collect(),
            vals: vals.clone(),
            y: labels
                .iter()
                .map(|&l| {
                    if !ex.annotates(l) {
                        -1
                    } else if gold.contains(&l) {
                        1
                    } else {
                        0
                    }
                })
                .collect(),
        })
        .collect()
}

/// Out-of-fold raw scores, `rows.len() × nl` (zero when there are fewer rows
/// than folds).
fn out_of_fold_scores(rows: &[Row], vc: &VocabCols, nl: usize, cfg: &TrainConfig) -> Vec<f64> {
    let n = rows.len();
    let folds = cfg.folds.max(2) as usize;
    let mut order: Vec<usize> = (0..n).collect();
    SplitMix(cfg.seed ^ 0xF01D).shuffle(&mut order);
    let mut fold_of = vec![0usize; n];
    for (pos, &i) in order.iter().enumerate() {
        fold_of[i] = pos % folds;
    }
    let mut oof = vec![0f64; n * nl];
    if n >= folds {
        for k in 0..folds {
            let train_idx: Vec<usize> = (0..n).filter(|&i| fold_of[i] != k).collect();
            let (w, b) = sgd(rows, &train_idx, vc, nl, cfg, k as u64 + 1);
            for i in (0..n).filter(|&i| fold_of[i] == k) {
                let z = raw_scores(&rows[i], &w, &b, nl);
                oof[i * nl..(i + 1) * nl].copy_from_slice(&z);
            }
        }
    }
    oof
}

/// Platt per label on out-of-fold scores.
fn label_platts(rows: &[Row], oof: &[f64], nl: usize) -> Vec<(f32, f32)> {
    (0..nl)
        .map(|l| {
            let pairs: Vec<(f64, bool)> = (0..rows.len())
                .filter(|&i| rows[i].y[l] >= 0)
                .map(|i| (oof[i * nl + l], rows[i].y[l] == 1))
                .collect();
            let (a, b) = fit_platt(&pairs);
            (a as f32, b as f32)
        })
        .collect()
}

/// Pooled Platt of the vocabulary feature alone.
fn vocab_platt(rows: &[Row], reps: &[Rep], labels: &[Label], cfg: &TrainConfig) -> (f64, f64) {
    let vocab_pairs: Vec<(f64, bool)> = labels
        .iter()
        .enumerate()
        .flat_map(|(j, &l)| {
            (0..rows.len())
                .filter(move |&i| rows[i].y[j] >= 0)
                .map(move |i| {
                    (
                        vocab_value(reps[i].2[l.index()], cfg.vocab_scale) as f64,
                        rows[i].y[j] == 1,
                    )
                })
        })
        .collect();
    if vocab_pairs.iter().filter(|p| p.1).count() < 3
        || vocab_pairs.iter().filter(|p| !p.1).count() < 3
    {
        // Too little labelled data: a prior where one full-weight term gives 0.58
        // and no evidence 0.10.
        VOCAB_PRIOR
    } else {
        fit_platt(&vocab_pairs)
    }
}

/// Where the vocabulary-evidence columns are (they sort last) and which model
/// label each one is the evidence of.
struct VocabCols {
    ncols: usize,
    /// First vocabulary column.
    first: usize,
    /// Per vocabulary column: the model label it is the evidence of.
    own: Vec<Option<usize>>,
}

impl VocabCols {
    fn new(cols: &[u32], labels: &[Label]) -> VocabCols {
        let first = cols.partition_point(|&c| c < VOCAB_FEATURE_BASE);
        VocabCols {
            ncols: cols.len(),
            first,
            own: cols[first..]
                .iter()
                .map(|&c| {
                    let l = (c - VOCAB_FEATURE_BASE) as usize;
                    labels.iter().position(|x| x.index() == l)
                })
                .collect(),
        }
    }
}

/// Plain SGD on the logistic loss with L2, one pass order per epoch.
fn sgd(
    rows: &[Row],
    idx: &[usize],
    vc: &VocabCols,
    nl: usize,
    cfg: &TrainConfig,
    stream: u64,
) -> (Vec<f64>, Vec<f64>) {
    // Bias starts at the prior log-odds; positive class weights from the balance.
    let (b, pos_w) = class_priors(rows, idx, nl, cfg.balance);
    let mut s = Sgd {
        vc,
        nl,
        w: vec![0f64; vc.ncols * nl],
        b,
        scale: 1.0,
        t: 0.0,
    };
    let mut rng = SplitMix(cfg.seed.wrapping_add(stream.wrapping_mul(0x9E37_79B9)));
    let mut order = idx.to_vec();
    let mut g = vec![0f64; nl];
    let mut z = vec![0f64; nl];
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let r = &rows[i];
            let eta = cfg.learning_rate / (1.0 + cfg.learning_rate * cfg.l2 * s.t);
            s.scores(r, &mut z);
            for l in 0..nl {
                g[l] = match r.y[l] {
                    1 => (sigmoid(z[l]) - 1.0) * pos_w[l],
                    0 => sigmoid(z[l]),
                    _ => 0.0,
                };
            }
            s.step(r, &g, eta, cfg);
        }
    }
    let fv = vc.first;
    for x in &mut s.w[..fv * nl] {
        *x *= s.scale;
    }
    (s.w, s.b)
}

/// Initial biases (prior log-odds) and positive-class weights of each label over
/// the rows `idx`.
fn class_priors(rows: &[Row], idx: &[usize], nl: usize, balance: f64) -> (Vec<f64>, Vec<f64>) {
    let mut b = vec![0f64; nl];
    let mut pos_w = vec![1f64; nl];
    for l in 0..nl {
        let pos = idx.iter().filter(|&&i| rows[i].y[l] == 1).count() as f64;
        let neg = idx.iter().filter(|&&i| rows[i].y[l] == 0).count() as f64;
        if pos > 0.0 && neg > 0.0 {
            b[l] = (pos / neg).ln();
            pos_w[l] = (neg / pos).powf(balance);
        }
    }
    (b, pos_w)
}

/// The state of [`sgd`]: weights `ncols × nl` (n-gram rows stored divided by
/// `scale`, the lazily applied L2 decay; vocabulary rows as they are), biases,
/// and the number of steps taken.
struct Sgd<'a> {
    vc: &'a VocabCols,
    nl: usize,
    w: Vec<f64>,
    b: Vec<f64>,
    scale: f64,
    t: f64,
}

impl Sgd<'_> {
    /// Raw scores of row `r` into `z`.
    fn scores(&self, r: &Row, z: &mut [f64]) {
        let (nl, fv) = (self.nl, self.vc.first);
        z.copy_from_slice(&self.b);
        for (&c, &v) in r.cols.iter().zip(&r.vals) {
            let row = &self.w[c as usize * nl..(c as usize + 1) * nl];
            // N-gram weights are stored divided by `scale` (lazy decay);
            // vocabulary weights are stored as they are.
            let v = v as f64 * if (c as usize) < fv { self.scale } else { 1.0 };
            for l in 0..nl {
                z[l] += v * row[l];
            }
        }
    }

    /// One step of rate `eta` against gradient `g` of row `r`, with the decays.
    fn step(&mut self, r: &Row, g: &[f64], eta: f64, cfg: &TrainConfig) {
        let (nl, fv) = (self.nl, self.vc.first);
        self.scale *= 1.0 - eta * cfg.l2;
        let vdecay = 1.0 - eta * cfg.vocab_l2;
        for x in &mut self.w[fv * nl..] {
            *x *= vdecay;
        }
        for (&c, &v) in r.cols.iter().zip(&r.vals) {
            let c = c as usize;
            let row = &mut self.w[c * nl..(c + 1) * nl];
            if c < fv {
                let step = eta * v as f64 / self.scale;
                for l in 0..nl {
                    row[l] -= step * g[l];
                }
            } else {
                let step = eta * v as f64;
                for l in 0..nl {
                    row[l] -= step * g[l];
                }
                // A label's own vocabulary evidence never counts against it.
                if let Some(j) = self.vc.own[c - fv] {
                    row[j] = row[j].max(0.0);
                }
            }
        }
        for (bl, gl) in self.b.iter_mut().zip(g) {
            *bl -= eta * gl;
        }
        self.t += 1.0;
        if self.scale < 1e-6 {
            for x in &mut self.w[..fv * nl] {
                *x *= self.scale;
            }
            self.scale = 1.0;
        }
    }
}

fn raw_scores(r: &Row, w: &[f64], b: &[f64], nl: usize) -> Vec<f64> {
    let mut z = b.to_vec();
    for (&c, &v) in r.cols.iter().zip(&r.vals) {
        let row = &w[c as usize * nl..(c as usize + 1) * nl];
        for l in 0..nl {
            z[l] += v as f64 * row[l];
        }
    }
    z
}

impl Model {
    /// Drops feature rows whose weights are all negligible.
    fn prune(&mut self) {
        let nl = self.labels.len().max(1);
        let mut keep_f = Vec::with_capacity(self.features.len());
        let mut keep_w = Vec::with_capacity(self.weights.len());
        for (i, &f) in self.features.iter().enumerate() {
            let row = &self.weights[i * nl..(i + 1) * nl];
            if row.iter().any(|w| w.abs() >= 1e-4) {
                keep_f.push(f);
                keep_w.extend_from_slice(row);
            }
        }
        self.features = keep_f;
        self.weights = keep_w;
    }
}
