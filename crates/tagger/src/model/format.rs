//! The binary model file: little-endian, a magic and version header, the feature
//! settings and calibration, one record per label, the feature ids and the weights,
//! then an FNV-1a checksum of everything before it.

use super::Model;
use super::inference::FeatureIndex;
use crate::features::FeatureConfig;
use crate::labels::{Label, N_LABELS};

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

/// The per-label part of a model, as read from a file.
struct LabelTable {
    labels: Vec<Label>,
    bias: Vec<f32>,
    platt: Vec<(f32, f32)>,
    thresholds: Vec<f32>,
}

impl Model {
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
        o.extend_from_slice(&checksum(&o).to_le_bytes());
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
        r.b = checked_body(bytes)?;
        let config = r.feature_config()?;
        let vocab_scale = r.f32()?;
        let vocab_fingerprint = r.u64()?;
        let threshold = r.f32()?;
        let vocab_platt = (r.f32()?, r.f32()?);
        let table = r.label_table(version, threshold)?;
        let (features, weights) = r.feature_rows(table.labels.len())?;
        let index = FeatureIndex::build(&features);
        Ok(Model {
            labels: table.labels,
            config,
            vocab_scale,
            vocab_fingerprint,
            threshold,
            thresholds: table.thresholds,
            vocab_platt,
            bias: table.bias,
            platt: table.platt,
            features,
            weights,
            index,
        })
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = crate::vocab::Fnv::new();
    h.write(bytes);
    h.finish()
}

/// The bytes before the checksum, once the checksum is verified.
fn checked_body(bytes: &[u8]) -> Result<&[u8], ModelError> {
    if bytes.len() < 8 + 4 + 8 {
        return Err(ModelError::Corrupt("too short"));
    }
    let body = &bytes[..bytes.len() - 8];
    let sum = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().expect("8 bytes"));
    if checksum(body) != sum {
        return Err(ModelError::Checksum);
    }
    Ok(body)
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

    fn feature_config(&mut self) -> Result<FeatureConfig, ModelError> {
        let cfgb = self.take(8)?;
        Ok(FeatureConfig {
            hash_bits: cfgb[0],
            word_unigrams: cfgb[1] != 0,
            word_bigrams: cfgb[2] != 0,
            word_prefix: cfgb[3],
            cjk_min: cfgb[4],
            cjk_max: cfgb[5],
        })
    }

    /// The label records (`threshold` is every label's in version 1 files).
    fn label_table(&mut self, version: u32, threshold: f32) -> Result<LabelTable, ModelError> {
        let nl = self.u32()? as usize;
        if nl > N_LABELS {
            return Err(ModelError::Corrupt("too many labels"));
        }
        let mut t = LabelTable {
            labels: Vec::with_capacity(nl),
            bias: Vec::with_capacity(nl),
            platt: Vec::with_capacity(nl),
            thresholds: Vec::with_capacity(nl),
        };
        for _ in 0..nl {
            let len = self.take(1)?[0] as usize;
            let key = std::str::from_utf8(self.take(len)?)
                .map_err(|_| ModelError::Corrupt("label is not UTF-8"))?;
            t.labels
                .push(Label::parse(key).ok_or_else(|| ModelError::UnknownLabel(key.into()))?);
            t.bias.push(self.f32()?);
            t.platt.push((self.f32()?, self.f32()?));
            t.thresholds
                .push(if version == 1 { threshold } else { self.f32()? });
        }
        Ok(t)
    }

    /// The feature ids and the weights of `nl` labels, which must fill the rest.
    fn feature_rows(&mut self, nl: usize) -> Result<(Vec<u32>, Vec<f32>), ModelError> {
        let nf = self.u32()? as usize;
        if self.remaining() != nf * 4 + nf * nl * 4 {
            return Err(ModelError::Corrupt("feature table size"));
        }
        let mut features = Vec::with_capacity(nf);
        for _ in 0..nf {
            features.push(self.u32()?);
        }
        if features.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Corrupt("feature ids not ascending"));
        }
        let mut weights = Vec::with_capacity(nf * nl);
        for _ in 0..nf * nl {
            weights.push(self.f32()?);
        }
        Ok((features, weights))
    }
}
