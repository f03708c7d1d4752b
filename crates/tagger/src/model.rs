//! The learned layer: one-vs-rest logistic regression over hashed n-grams and
//! vocabulary evidence, with Platt calibration fitted on out-of-fold scores.
//!
//! Input of the linear model for a text: its hashed n-gram features
//! ([`crate::features`], unit norm) and, for each of the 31 labels, the feature
//! `ln(1 + e)` where `e` is the label's vocabulary evidence (sum of matched term
//! weights, `1 + ln n` for a term matched `n` times). The model therefore learns
//! how far to trust the vocabularies, label by label, and the n-grams add what
//! the vocabularies miss.
//!
//! Training ([`train`]) is deterministic: stochastic gradient descent over a
//! seeded permutation (SplitMix64), fixed epochs, `f64` accumulation, no threads.
//! The same examples and configuration give the same bytes ([`Model::to_bytes`]).
//! Calibration: `k`-fold cross-fitting gives an out-of-fold raw score for every
//! training text; a Platt sigmoid per label is fitted on those, and each label's
//! decision threshold is chosen on them ([`TrainConfig::threshold_range`]). The
//! final weights are then trained on all examples.
//!
//! Vocabulary evidence is not left to compete with the n-grams on equal terms:
//! its weights get a much lighter L2 ([`TrainConfig::vocab_l2`]) than the
//! n-grams ([`TrainConfig::l2`]), and a label's weight on its own evidence is
//! kept non-negative, so n-grams memorised from a few hundred texts cannot
//! outvote a strong vocabulary match in a short text.

use crate::dataset::Example;
use crate::features::{FeatureConfig, Features};
use crate::labels::{Label, N_LABELS};
use crate::normalize::Normalized;
use crate::vocab::{FAM_SDGS, FAM_THEMES, Hit, Vocabulary};

/// Platt `(a, b)` of vocabulary evidence used when there is too little data to fit it.
pub(crate) const VOCAB_PRIOR: (f64, f64) = (4.0, -2.2);

/// Feature id of the vocabulary-evidence feature of label index `l`.
pub(crate) const VOCAB_FEATURE_BASE: u32 = 0x8000_0000;

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

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) labels: Vec<Label>,
    pub(crate) config: FeatureConfig,
    pub(crate) vocab_scale: f32,
    pub(crate) vocab_fingerprint: u64,
    /// Decision threshold on calibrated scores for labels the model does not
    /// cover (scored from vocabulary evidence alone).
    pub(crate) threshold: f32,
    /// Decision threshold of each model label.
    pub(crate) thresholds: Vec<f32>,
    /// Platt sigmoid of the vocabulary feature alone, pooled over labels: scores
    /// labels the model does not cover.
    pub(crate) vocab_platt: (f32, f32),
    pub(crate) bias: Vec<f32>,
    pub(crate) platt: Vec<(f32, f32)>,
    /// Feature ids, ascending.
    pub(crate) features: Vec<u32>,
    /// `features.len() × labels.len()`, row-major by feature.
    pub(crate) weights: Vec<f32>,
    index: FeatureIndex,
}

/// Why model bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a southdesk tagger model (bad magic)")]
    BadMagic,
    #[error("model format version {0} is not supported (this build reads version {MODEL_VERSION})")]
    Version(u32),
    #[error("model file is truncated or corrupt: {0}")]
    Corrupt(&'static str),
    #[error("model checksum mismatch: the file is damaged")]
    Checksum,
    #[error("model names an unknown label `{0}`")]
    UnknownLabel(String),
}

const MAGIC: &[u8; 8] = b"SDTAGMDL";
/// Version of the binary model format.
pub const MODEL_VERSION: u32 = 2;

/// Sum of vocabulary evidence per label from the hits of one text.
pub(crate) fn evidence_sums(vocab: &Vocabulary, hits: &[Hit], out: &mut [f32; N_LABELS]) {
    out.fill(0.0);
    // (label, pattern) of every counted match; few per text.
    let mut v: Vec<(u8, u32, f32)> = Vec::with_capacity(hits.len());
    for h in hits {
        for &(l, w) in &vocab.pattern(h.pattern).weights {
            let fam = if Label::from_index(l as usize).is_theme() {
                FAM_THEMES
            } else {
                FAM_SDGS
            };
            if h.families & fam != 0 && w > 0.0 {
                v.push((l, h.pattern, w));
            }
        }
    }
    v.sort_unstable_by_key(|&(l, p, _)| (l, p));
    let mut i = 0;
    while i < v.len() {
        let (l, p, w) = v[i];
        let mut j = i + 1;
        while j < v.len() && v[j].0 == l && v[j].1 == p {
            j += 1;
        }
        out[l as usize] += w * (1.0 + ((j - i) as f32).ln());
        i = j;
    }
}

/// Value of the vocabulary feature for evidence sum `e`.
#[inline]
pub(crate) fn vocab_value(e: f32, scale: f32) -> f32 {
    (1.0 + e).ln() * scale
}

#[inline]
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// SplitMix64: a tiny, well-mixed, seedable generator for shuffles.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
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
struct Row {
    cols: Vec<u32>,
    vals: Vec<f32>,
    y: Vec<i8>,
}

/// Represents `text` as sparse (id, value) pairs: n-grams then vocabulary
/// features. Used by training; the tagger does the same per window.
pub(crate) fn represent(
    vocab: &Vocabulary,
    cfg: &FeatureConfig,
    vocab_scale: f32,
    text: &str,
) -> (Vec<u32>, Vec<f32>, [f32; N_LABELS]) {
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
    let reps: Vec<(Vec<u32>, Vec<f32>, [f32; N_LABELS])> = examples
        .iter()
        .map(|e| represent(vocab, &cfg.features, cfg.vocab_scale, &e.text))
        .collect();
    let golds: Vec<Vec<Label>> = examples.iter().map(Example::labels).collect();

    // Labels the model covers.
    let labels: Vec<Label> = Label::all()
        .filter(|&l| {
            let pos = golds.iter().filter(|g| g.contains(&l)).count();
            let annotated = examples.iter().filter(|e| e.annotates(l)).count();
            pos >= cfg.min_positives as usize && annotated > pos
        })
        .collect();

    // Column dictionary: every feature id seen, ascending.
    let mut cols: Vec<u32> = reps.iter().flat_map(|r| r.0.iter().copied()).collect();
    cols.sort_unstable();
    cols.dedup();
    let col_of = |id: u32| cols.binary_search(&id).expect("id in dictionary") as u32;

    let rows: Vec<Row> = reps
        .iter()
        .zip(examples)
        .zip(&golds)
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
        .collect();

    let nl = labels.len();
    let n = rows.len();
    let first = cols.partition_point(|&c| c < VOCAB_FEATURE_BASE);
    let vc = VocabCols {
        ncols: cols.len(),
        first,
        own: cols[first..]
            .iter()
            .map(|&c| {
                let l = (c - VOCAB_FEATURE_BASE) as usize;
                labels.iter().position(|x| x.index() == l)
            })
            .collect(),
    };

    // Out-of-fold raw scores.
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
            let (w, b) = sgd(&rows, &train_idx, &vc, nl, cfg, k as u64 + 1);
            for i in (0..n).filter(|&i| fold_of[i] == k) {
                let z = raw_scores(&rows[i], &w, &b, nl);
                oof[i * nl..(i + 1) * nl].copy_from_slice(&z);
            }
        }
    }

    // Platt per label on out-of-fold scores.
    let platt: Vec<(f32, f32)> = (0..nl)
        .map(|l| {
            let pairs: Vec<(f64, bool)> = (0..n)
                .filter(|&i| rows[i].y[l] >= 0)
                .map(|i| (oof[i * nl + l], rows[i].y[l] == 1))
                .collect();
            let (a, b) = fit_platt(&pairs);
            (a as f32, b as f32)
        })
        .collect();

    // Pooled Platt of the vocabulary feature alone.
    let vocab_pairs: Vec<(f64, bool)> = labels
        .iter()
        .enumerate()
        .flat_map(|(j, &l)| {
            let rows = &rows;
            let reps = &reps;
            (0..n).filter(move |&i| rows[i].y[j] >= 0).map(move |i| {
                (
                    vocab_value(reps[i].2[l.index()], cfg.vocab_scale) as f64,
                    rows[i].y[j] == 1,
                )
            })
        })
        .collect();
    let vp = if vocab_pairs.iter().filter(|p| p.1).count() < 3
        || vocab_pairs.iter().filter(|p| !p.1).count() < 3
    {
        // Too little labelled data: a prior where one full-weight term gives 0.58
        // and no evidence 0.10.
        VOCAB_PRIOR
    } else {
        fit_platt(&vocab_pairs)
    };

    // Thresholds chosen on the calibrated out-of-fold scores (see
    // `choose_thresholds`).
    let (threshold, thresholds) = choose_thresholds(&rows, &oof, &platt, nl, cfg.threshold_range);

    // Final weights on all examples.
    let all: Vec<usize> = (0..n).collect();
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

/// Plain SGD on the logistic loss with L2, one pass order per epoch.
fn sgd(
    rows: &[Row],
    idx: &[usize],
    vc: &VocabCols,
    nl: usize,
    cfg: &TrainConfig,
    stream: u64,
) -> (Vec<f64>, Vec<f64>) {
    let ncols = vc.ncols;
    let fv = vc.first;
    let mut w = vec![0f64; ncols * nl];
    // Bias starts at the prior log-odds; positive class weights from the balance.
    let mut b = vec![0f64; nl];
    let mut pos_w = vec![1f64; nl];
    for l in 0..nl {
        let pos = idx.iter().filter(|&&i| rows[i].y[l] == 1).count() as f64;
        let neg = idx.iter().filter(|&&i| rows[i].y[l] == 0).count() as f64;
        if pos > 0.0 && neg > 0.0 {
            b[l] = (pos / neg).ln();
            pos_w[l] = (neg / pos).powf(cfg.balance);
        }
    }
    let mut scale = 1f64;
    let mut t = 0f64;
    let mut rng = SplitMix(cfg.seed.wrapping_add(stream.wrapping_mul(0x9E37_79B9)));
    let mut order = idx.to_vec();
    let mut g = vec![0f64; nl];
    let mut z = vec![0f64; nl];
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let r = &rows[i];
            let eta = cfg.learning_rate / (1.0 + cfg.learning_rate * cfg.l2 * t);
            z.copy_from_slice(&b);
            for (&c, &v) in r.cols.iter().zip(&r.vals) {
                let row = &w[c as usize * nl..(c as usize + 1) * nl];
                // N-gram weights are stored divided by `scale` (lazy decay);
                // vocabulary weights are stored as they are.
                let v = v as f64 * if (c as usize) < fv { scale } else { 1.0 };
                for l in 0..nl {
                    z[l] += v * row[l];
                }
            }
            for l in 0..nl {
                g[l] = match r.y[l] {
                    1 => (sigmoid(z[l]) - 1.0) * pos_w[l],
                    0 => sigmoid(z[l]),
                    _ => 0.0,
                };
            }
            scale *= 1.0 - eta * cfg.l2;
            let vdecay = 1.0 - eta * cfg.vocab_l2;
            for x in &mut w[fv * nl..] {
                *x *= vdecay;
            }
            for (&c, &v) in r.cols.iter().zip(&r.vals) {
                let c = c as usize;
                let row = &mut w[c * nl..(c + 1) * nl];
                if c < fv {
                    let step = eta * v as f64 / scale;
                    for l in 0..nl {
                        row[l] -= step * g[l];
                    }
                } else {
                    let step = eta * v as f64;
                    for l in 0..nl {
                        row[l] -= step * g[l];
                    }
                    // A label's own vocabulary evidence never counts against it.
                    if let Some(j) = vc.own[c - fv] {
                        row[j] = row[j].max(0.0);
                    }
                }
            }
            for l in 0..nl {
                b[l] -= eta * g[l];
            }
            t += 1.0;
            if scale < 1e-6 {
                for x in &mut w[..fv * nl] {
                    *x *= scale;
                }
                scale = 1.0;
            }
        }
    }
    for x in &mut w[..fv * nl] {
        *x *= scale;
    }
    (w, b)
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

/// Platt scaling: fits `p = σ(a·z + b)` by Newton's method on regularised targets
/// (Platt 1999; Lin, Lin & Weng 2007). Returns `(a, b)`.
pub(crate) fn fit_platt(pairs: &[(f64, bool)]) -> (f64, f64) {
    let pos = pairs.iter().filter(|p| p.1).count() as f64;
    let neg = pairs.len() as f64 - pos;
    if pairs.is_empty() {
        return (1.0, 0.0);
    }
    let hi = (pos + 1.0) / (pos + 2.0);
    let lo = 1.0 / (neg + 2.0);
    let t: Vec<f64> = pairs.iter().map(|p| if p.1 { hi } else { lo }).collect();
    let (mut a, mut b) = (0.0f64, ((neg + 1.0) / (pos + 1.0)).ln());
    // Here p = 1/(1+exp(a z + b)) as in the papers; we flip signs at the end.
    let fval = |a: f64, b: f64| -> f64 {
        pairs
            .iter()
            .zip(&t)
            .map(|(&(z, _), &ti)| {
                let f = a * z + b;
                if f >= 0.0 {
                    ti * f + (1.0 + (-f).exp()).ln()
                } else {
                    (ti - 1.0) * f + (1.0 + f.exp()).ln()
                }
            })
            .sum()
    };
    let mut fv = fval(a, b);
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (1e-12, 1e-12, 0.0, 0.0, 0.0);
        for (&(z, _), &ti) in pairs.iter().zip(&t) {
            let f = a * z + b;
            let (p, q) = if f >= 0.0 {
                let e = (-f).exp();
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = f.exp();
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += z * z * d2;
            h22 += d2;
            h21 += z * d2;
            let d1 = ti - p;
            g1 += z * d1;
            g2 += d1;
        }
        if g1.abs() < 1e-6 && g2.abs() < 1e-6 {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        let mut improved = false;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let nf = fval(na, nb);
            if nf < fv + 1e-4 * step * gd {
                a = na;
                b = nb;
                fv = nf;
                improved = true;
                break;
            }
            step /= 2.0;
        }
        if !improved {
            break;
        }
    }
    // Convert to p = σ(A z + B).
    (-a, -b)
}

/// Decision thresholds from the calibrated out-of-fold scores: a shared one
/// maximising macro-F1, and one per label maximising the mean of the label's F1
/// and that macro-F1 (a label has 4–20 positives here, so its own F1 curve
/// alone is mostly noise; half of the shared curve pulls it towards the shared
/// choice). All within `range`; ties go to the higher threshold.
fn choose_thresholds(
    rows: &[Row],
    oof: &[f64],
    platt: &[(f32, f32)],
    nl: usize,
    range: (f32, f32),
) -> (f32, Vec<f32>) {
    let (lo, hi) = (range.0 as f64, range.1.max(range.0) as f64);
    let steps = ((hi - lo) / 0.025).round() as usize;
    let grid: Vec<f64> = (0..=steps).map(|k| lo + 0.025 * k as f64).collect();
    // F1 per (threshold, label); None when the label has no positives or
    // predictions at that threshold.
    let mut f1 = vec![None; grid.len() * nl];
    for l in 0..nl {
        let (a, b) = platt[l];
        let ps: Vec<(f64, bool)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.y[l] >= 0)
            .map(|(i, r)| (sigmoid(a as f64 * oof[i * nl + l] + b as f64), r.y[l] == 1))
            .collect();
        for (t, &th) in grid.iter().enumerate() {
            let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
            for &(p, y) in &ps {
                match (p >= th, y) {
                    (true, true) => tp += 1.0,
                    (true, false) => fp += 1.0,
                    (false, true) => fneg += 1.0,
                    _ => {}
                }
            }
            if tp + fp + fneg > 0.0 {
                f1[t * nl + l] = Some(2.0 * tp / (2.0 * tp + fp + fneg));
            }
        }
    }
    let macro_f1: Vec<f64> = (0..grid.len())
        .map(|t| {
            let v: Vec<f64> = f1[t * nl..(t + 1) * nl].iter().flatten().copied().collect();
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        })
        .collect();
    let argmax = |score: &dyn Fn(usize) -> f64| -> f32 {
        let mut best = (f64::MIN, grid[grid.len() / 2]);
        for (t, &th) in grid.iter().enumerate() {
            let f = score(t);
            if f >= best.0 - 1e-12 {
                best = (f, th);
            }
        }
        best.1 as f32
    };
    let shared = argmax(&|t| macro_f1[t]);
    let per = (0..nl)
        .map(|l| argmax(&|t| 0.5 * f1[t * nl + l].unwrap_or(0.0) + 0.5 * macro_f1[t]))
        .collect();
    (shared, per)
}

impl Model {
    /// Labels this model scores.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// Shared decision threshold on calibrated scores (used for labels the
    /// model does not cover).
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Decision threshold of each label of [`Self::labels`].
    pub fn thresholds(&self) -> &[f32] {
        &self.thresholds
    }

    /// Feature settings the model was trained with.
    pub fn feature_config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Fingerprint of the vocabularies the model was trained with.
    pub fn vocab_fingerprint(&self) -> u64 {
        self.vocab_fingerprint
    }

    /// Number of feature rows stored.
    pub fn n_features(&self) -> usize {
        self.features.len()
    }

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

    /// Weights row of feature `id`, if the model has it.
    #[inline]
    pub(crate) fn row(&self, id: u32) -> Option<&[f32]> {
        let nl = self.labels.len();
        self.index
            .get(id)
            .map(|r| &self.weights[r as usize * nl..(r as usize + 1) * nl])
    }

    /// Row number of feature `id`, if the model has it.
    #[inline]
    pub(crate) fn row_index(&self, id: u32) -> Option<u32> {
        self.index.get(id)
    }

    /// Weights row number `r` (from [`Self::row_index`]).
    #[inline]
    pub(crate) fn row_at(&self, r: u32) -> &[f32] {
        let nl = self.labels.len();
        &self.weights[r as usize * nl..(r as usize + 1) * nl]
    }

    /// Calibrated score of label `j` from raw score `z`.
    #[inline]
    pub(crate) fn calibrate(&self, j: usize, z: f32) -> f32 {
        let (a, b) = self.platt[j];
        sigmoid((a * z + b) as f64) as f32
    }

    /// Calibrated score of a label the model does not cover, from its vocabulary
    /// evidence sum alone.
    #[inline]
    pub(crate) fn vocab_only(&self, e: f32) -> f32 {
        let (a, b) = self.vocab_platt;
        sigmoid((a * vocab_value(e, self.vocab_scale) + b) as f64) as f32
    }

    /// Serialises the model (little-endian binary with a version header and an
    /// FNV-1a checksum).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Vec::with_capacity(64 + self.weights.len() * 4 + self.features.len() * 4);
        o.extend_from_slice(MAGIC);
        o.extend_from_slice(&MODEL_VERSION.to_le_bytes());
        let c = &self.config;
        o.extend_from_slice(&[
            c.hash_bits,
            c.word_unigrams as u8,
            c.word_bigrams as u8,
            c.word_prefix,
            c.cjk_min,
            c.cjk_max,
            0,
            0,
        ]);
        o.extend_from_slice(&self.vocab_scale.to_le_bytes());
        o.extend_from_slice(&self.vocab_fingerprint.to_le_bytes());
        o.extend_from_slice(&self.threshold.to_le_bytes());
        o.extend_from_slice(&self.vocab_platt.0.to_le_bytes());
        o.extend_from_slice(&self.vocab_platt.1.to_le_bytes());
        o.extend_from_slice(&(self.labels.len() as u32).to_le_bytes());
        for (j, l) in self.labels.iter().enumerate() {
            let key = l.to_string();
            o.push(key.len() as u8);
            o.extend_from_slice(key.as_bytes());
            o.extend_from_slice(&self.bias[j].to_le_bytes());
            o.extend_from_slice(&self.platt[j].0.to_le_bytes());
            o.extend_from_slice(&self.platt[j].1.to_le_bytes());
            o.extend_from_slice(&self.thresholds[j].to_le_bytes());
        }
        o.extend_from_slice(&(self.features.len() as u32).to_le_bytes());
        for f in &self.features {
            o.extend_from_slice(&f.to_le_bytes());
        }
        for w in &self.weights {
            o.extend_from_slice(&w.to_le_bytes());
        }
        let mut h = crate::vocab::Fnv::new();
        h.write(&o);
        o.extend_from_slice(&h.finish().to_le_bytes());
        o
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let mut r = Reader { b: bytes, i: 8 };
        let version = r.u32()?;
        // Version 1 had one threshold for all labels.
        if version != MODEL_VERSION && version != 1 {
            return Err(ModelError::Version(version));
        }
        if bytes.len() < 8 + 4 + 8 {
            return Err(ModelError::Corrupt("too short"));
        }
        let body = &bytes[..bytes.len() - 8];
        let mut h = crate::vocab::Fnv::new();
        h.write(body);
        let sum = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().expect("8 bytes"));
        if h.finish() != sum {
            return Err(ModelError::Checksum);
        }
        r.b = body;
        let cfgb = r.take(8)?;
        let config = FeatureConfig {
            hash_bits: cfgb[0],
            word_unigrams: cfgb[1] != 0,
            word_bigrams: cfgb[2] != 0,
            word_prefix: cfgb[3],
            cjk_min: cfgb[4],
            cjk_max: cfgb[5],
        };
        let vocab_scale = r.f32()?;
        let vocab_fingerprint = r.u64()?;
        let threshold = r.f32()?;
        let vocab_platt = (r.f32()?, r.f32()?);
        let nl = r.u32()? as usize;
        if nl > crate::labels::N_LABELS {
            return Err(ModelError::Corrupt("too many labels"));
        }
        let mut labels = Vec::with_capacity(nl);
        let mut bias = Vec::with_capacity(nl);
        let mut platt = Vec::with_capacity(nl);
        let mut thresholds = Vec::with_capacity(nl);
        for _ in 0..nl {
            let len = r.take(1)?[0] as usize;
            let key = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ModelError::Corrupt("label is not UTF-8"))?;
            labels.push(Label::parse(key).ok_or_else(|| ModelError::UnknownLabel(key.into()))?);
            bias.push(r.f32()?);
            platt.push((r.f32()?, r.f32()?));
            thresholds.push(if version == 1 { threshold } else { r.f32()? });
        }
        let nf = r.u32()? as usize;
        if r.remaining() != nf * 4 + nf * nl * 4 {
            return Err(ModelError::Corrupt("feature table size"));
        }
        let mut features = Vec::with_capacity(nf);
        for _ in 0..nf {
            features.push(r.u32()?);
        }
        if features.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Corrupt("feature ids not ascending"));
        }
        let mut weights = Vec::with_capacity(nf * nl);
        for _ in 0..nf * nl {
            weights.push(r.f32()?);
        }
        let index = FeatureIndex::build(&features);
        Ok(Model {
            labels,
            config,
            vocab_scale,
            vocab_fingerprint,
            threshold,
            thresholds,
            vocab_platt,
            bias,
            platt,
            features,
            weights,
            index,
        })
    }

    /// Heap bytes used by the model.
    pub fn memory_usage(&self) -> usize {
        self.features.len() * 4 + self.weights.len() * 4 + self.index.keys.len() * 8
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let s = self
            .b
            .get(self.i..self.i + n)
            .ok_or(ModelError::Corrupt("unexpected end"))?;
        self.i += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    fn remaining(&self) -> usize {
        self.b.len() - self.i
    }
}

/// Open-addressing map from feature id to row (derived, not serialised).
#[derive(Debug, Clone, Default)]
struct FeatureIndex {
    keys: Vec<u32>,
    rows: Vec<u32>,
    shift: u32,
}

const EMPTY: u32 = u32::MAX;

impl FeatureIndex {
    fn build(ids: &[u32]) -> FeatureIndex {
        let cap = (ids.len() * 2).next_power_of_two().max(16);
        let mut ix = FeatureIndex {
            keys: vec![EMPTY; cap],
            rows: vec![0; cap],
            shift: 32 - cap.trailing_zeros(),
        };
        for (r, &id) in ids.iter().enumerate() {
            let mut s = ix.slot(id);
            while ix.keys[s] != EMPTY {
                s = (s + 1) & (cap - 1);
            }
            ix.keys[s] = id;
            ix.rows[s] = r as u32;
        }
        ix
    }

    #[inline]
    fn slot(&self, id: u32) -> usize {
        (id.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, id: u32) -> Option<u32> {
        if self.keys.is_empty() {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut s = self.slot(id);
        loop {
            let k = self.keys[s];
            if k == id {
                return Some(self.rows[s]);
            }
            if k == EMPTY {
                return None;
            }
            s = (s + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_recovers_a_sigmoid() {
        // Scores z, labels drawn deterministically with P(y) = σ(2z - 1).
        let mut rng = SplitMix(7);
        let pairs: Vec<(f64, bool)> = (0..4000)
            .map(|i| {
                let z = (i % 400) as f64 / 100.0 - 2.0;
                let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
                (z, u < sigmoid(2.0 * z - 1.0))
            })
            .collect();
        let (a, b) = fit_platt(&pairs);
        assert!((a - 2.0).abs() < 0.3, "a = {a}");
        assert!((b + 1.0).abs() < 0.3, "b = {b}");
    }

    #[test]
    fn feature_index_finds_every_id() {
        let ids: Vec<u32> = (0..1000).map(|i| i * 7919 + 3).collect();
        let ix = FeatureIndex::build(&ids);
        for (r, &id) in ids.iter().enumerate() {
            assert_eq!(ix.get(id), Some(r as u32));
        }
        assert_eq!(ix.get(5), None);
    }
}
