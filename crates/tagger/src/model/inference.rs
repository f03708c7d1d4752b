//! Scoring with a trained model: vocabulary evidence sums, the feature rows
//! (through an open-addressing index) and the calibrated scores.

use super::{Model, sigmoid};
use crate::labels::N_LABELS;
use crate::vocab::{Hit, Vocabulary};

/// Sum of vocabulary evidence per label from the hits of one text.
pub(crate) fn evidence_sums(vocab: &Vocabulary, hits: &[Hit], out: &mut [f32; N_LABELS]) {
    out.fill(0.0);
    // (label, pattern) of every counted match; few per text.
    let mut v: Vec<(u8, u32, f32)> = Vec::with_capacity(hits.len());
    for &h in hits {
        v.extend(vocab.counted_weights(h).map(|(l, w)| (l, h.pattern, w)));
    }
    v.sort_unstable_by_key(|&(l, p, _)| (l, p));
    for run in v.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let (l, _, w) = run[0];
        out[l as usize] += w * (1.0 + (run.len() as f32).ln());
    }
}

/// Value of the vocabulary feature for evidence sum `e`.
#[inline]
pub(crate) fn vocab_value(e: f32, scale: f32) -> f32 {
    (1.0 + e).ln() * scale
}

impl Model {
    /// Weights row of feature `id`, if the model has it.
    #[inline]
    pub(crate) fn row(&self, id: u32) -> Option<&[f32]> {
        self.index.get(id).map(|r| self.row_at(r))
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

    /// Heap bytes used by the model.
    pub fn memory_usage(&self) -> usize {
        self.features.len() * 4 + self.weights.len() * 4 + self.index.keys.len() * 8
    }
}

/// Open-addressing map from feature id to row (derived, not serialised).
#[derive(Debug, Clone, Default)]
pub(super) struct FeatureIndex {
    keys: Vec<u32>,
    rows: Vec<u32>,
    shift: u32,
}

const EMPTY: u32 = u32::MAX;

impl FeatureIndex {
    pub(super) fn build(ids: &[u32]) -> FeatureIndex {
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
    fn feature_index_finds_every_id() {
        let ids: Vec<u32> = (0..1000).map(|i| i * 7919 + 3).collect();
        let ix = FeatureIndex::build(&ids);
        for (r, &id) in ids.iter().enumerate() {
            assert_eq!(ix.get(id), Some(r as u32));
        }
        assert_eq!(ix.get(5), None);
    }
}
