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
//!
//! Submodules: `train` (the SGD and the training steps), `calibrate` (Platt
//! sigmoids and decision thresholds), `format` (the binary file format) and
//! `inference` (evidence sums and scoring with a trained model).

mod calibrate;
mod format;
mod inference;
mod train;

pub use format::{MODEL_VERSION, ModelError};
pub(crate) use inference::{evidence_sums, vocab_value};
pub use train::{TrainConfig, train, train_with};

use crate::features::FeatureConfig;
use crate::labels::Label;
use inference::FeatureIndex;

/// Platt `(a, b)` of vocabulary evidence used when there is too little data to fit it.
pub(crate) const VOCAB_PRIOR: (f64, f64) = (4.0, -2.2);

/// Feature id of the vocabulary-evidence feature of label index `l`.
pub(crate) const VOCAB_FEATURE_BASE: u32 = 0x8000_0000;

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
