//! Hashed n-gram features of a normalised text, for the learned layer.
//!
//! * word unigrams and bigrams over Latin-script words (stop words skipped, so
//!   `right to development` gives the bigram `right development`);
//! * optional word prefixes (`negociation` → `negoc`), a cheap stem shared by the
//!   English, French and Spanish forms of many words;
//! * character n-grams over runs of CJK characters — Chinese has no spaces, so
//!   `发展筹资` gives `发展`, `展筹`, `筹资`, `发展筹`, …
//!
//! Each feature is hashed (64-bit FNV-1a, so ids are stable across platforms and
//! runs) into `2^hash_bits` ids. Values are `1 + ln(tf)`, L2-normalised.

use crate::normalize::{Normalized, is_cjk, is_word_char};
use crate::vocab::Fnv;

/// Which features to extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Feature ids are `hash & (2^hash_bits - 1)`; at most 24.
    pub hash_bits: u8,
    pub word_unigrams: bool,
    pub word_bigrams: bool,
    /// Prefix length for word-prefix features; 0 = none.
    pub word_prefix: u8,
    /// Shortest and longest CJK character n-gram; `cjk_max = 0` = none.
    pub cjk_min: u8,
    pub cjk_max: u8,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            hash_bits: 22,
            word_unigrams: true,
            word_bigrams: true,
            word_prefix: 5,
            cjk_min: 1,
            cjk_max: 3,
        }
    }
}

const KIND_UNI: u8 = b'w';
const KIND_BI: u8 = b'b';
const KIND_PREFIX: u8 = b'p';
const KIND_CJK: u8 = b'c';

/// Sparse features of one text: ids ascending, L2-normalised values, and the
/// normalised-text span of each feature's first occurrence (to name it).
#[derive(Debug, Default, Clone)]
pub struct Features {
    pub ids: Vec<u32>,
    pub vals: Vec<f32>,
    pub spans: Vec<(u32, u32)>,
    raw: Vec<(u32, u32, u32)>,
}

impl Features {
    /// Extracts the features of `norm` into `self`, reusing buffers.
    pub fn extract(&mut self, cfg: &FeatureConfig, norm: &Normalized) {
        self.ids.clear();
        self.vals.clear();
        self.spans.clear();
        self.raw.clear();
        let mask = if cfg.hash_bits >= 32 {
            u32::MAX
        } else {
            (1u32 << cfg.hash_bits.min(24)) - 1
        };
        let text = norm.text.as_str();
        let raw = &mut self.raw;
        let mut push = |kind: u8, parts: &[&[u8]], s: usize, e: usize| {
            let mut h = Fnv::new();
            h.write(&[kind]);
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    h.write(&[0x1f]);
                }
                h.write(p);
            }
            let h = h.finish();
            let id = ((h ^ (h >> 32)) as u32) & mask;
            raw.push((id, s as u32, e as u32));
        };
        // Previous kept word: (start, end).
        let mut prev: Option<(usize, usize)> = None;
        let mut cjk: Vec<(usize, char)> = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if is_word_char(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if !is_word_char(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    it.next();
                }
                let w = &text[i..end];
                if w.len() < 2 || is_stopword(w) {
                    continue;
                }
                if cfg.word_unigrams {
                    push(KIND_UNI, &[w.as_bytes()], i, end);
                }
                if cfg.word_prefix > 0 {
                    let p = cfg.word_prefix as usize;
                    if let Some((k, _)) = w.char_indices().nth(p)
                        && w[k..].chars().count() >= 2
                    {
                        push(KIND_PREFIX, &[&w.as_bytes()[..k]], i, i + k);
                    }
                }
                if cfg.word_bigrams
                    && let Some((ps, pe)) = prev
                {
                    push(KIND_BI, &[text[ps..pe].as_bytes(), w.as_bytes()], ps, end);
                }
                prev = Some((i, end));
            } else if is_cjk(c) {
                cjk.clear();
                cjk.push((i, c));
                while let Some(&(j, d)) = it.peek() {
                    if !is_cjk(d) {
                        break;
                    }
                    cjk.push((j, d));
                    it.next();
                }
                if cfg.cjk_max > 0 {
                    let last = cjk.last().map(|&(j, d)| j + d.len_utf8()).unwrap_or(i);
                    for n in cfg.cjk_min.max(1) as usize..=cfg.cjk_max as usize {
                        for k in 0..cjk.len().saturating_sub(n - 1) {
                            if n == 1 && is_cjk_stopchar(cjk[k].1) {
                                continue;
                            }
                            let s = cjk[k].0;
                            let e = if k + n < cjk.len() {
                                cjk[k + n].0
                            } else {
                                last
                            };
                            push(KIND_CJK, &[text[s..e].as_bytes()], s, e);
                        }
                    }
                }
                // A CJK run separates Latin words.
                prev = None;
            } else if !matches!(c, ' ' | '\'') {
                // Punctuation ends a phrase: no bigram across it.
                prev = None;
            }
        }
        // Group by id; the first occurrence (smallest start) names the feature.
        self.raw.sort_unstable();
        let mut norm2 = 0f32;
        let mut i = 0;
        while i < self.raw.len() {
            let (id, s, e) = self.raw[i];
            let mut j = i + 1;
            while j < self.raw.len() && self.raw[j].0 == id {
                j += 1;
            }
            let v = 1.0 + ((j - i) as f32).ln();
            norm2 += v * v;
            self.ids.push(id);
            self.vals.push(v);
            self.spans.push((s, e));
            i = j;
        }
        if norm2 > 0.0 {
            let inv = 1.0 / norm2.sqrt();
            for v in &mut self.vals {
                *v *= inv;
            }
        }
    }
}

/// Function words of English, French and Spanish (accents folded), skipped by
/// the word features. Our own short list.
const STOPWORDS: &[&str] = &[
    // English
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "between", "both", "but", "by", "can", "could", "do", "does", "each", "for", "from",
    "had", "has", "have", "how", "if", "in", "into", "is", "it", "its", "may", "more", "most",
    "must", "no", "not", "of", "on", "or", "other", "our", "over", "should", "so", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "under", "upon", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "will", "with", "within", "would", "you", // French
    "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "ils", "la", "le", "les", "leur", "leurs", "mais", "ne", "nous", "ou", "par", "pas",
    "plus", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une",
    "vers", // Spanish
    "al", "como", "con", "del", "el", "ella", "entre", "es", "esta", "este", "estos", "las", "lo",
    "los", "mas", "para", "pero", "por", "se", "sin", "sobre", "su", "sus", "una", "uno", "unos",
    "y",
];

fn is_stopword(w: &str) -> bool {
    // Short list: a linear scan over words of the same length is fast enough.
    w.len() <= 7 && STOPWORDS.contains(&w)
}

/// Chinese function characters skipped as unigrams (kept inside longer n-grams).
fn is_cjk_stopchar(c: char) -> bool {
    "的了和与在是及对为等将其之以也并中或由于而被".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn names(text: &str, cfg: &FeatureConfig) -> Vec<String> {
        let n = normalize(text);
        let mut f = Features::default();
        f.extract(cfg, &n);
        let mut v: Vec<String> = f
            .spans
            .iter()
            .map(|&(s, e)| n.text[s as usize..e as usize].to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn words_bigrams_and_prefixes() {
        let cfg = FeatureConfig::default();
        let v = names("The right to Development.", &cfg);
        assert!(v.contains(&"right".to_string()));
        assert!(v.contains(&"development".to_string()));
        assert!(v.contains(&"right to development".to_string()), "{v:?}");
        assert!(v.contains(&"devel".to_string()));
        assert!(!v.iter().any(|s| s == "the" || s == "to"));
    }

    #[test]
    fn chinese_character_ngrams_without_spaces() {
        let cfg = FeatureConfig::default();
        let v = names("发展筹资的", &cfg);
        for want in ["发", "展", "发展", "筹资", "发展筹", "展筹资"] {
            assert!(v.contains(&want.to_string()), "{want} missing from {v:?}");
        }
        assert!(!v.contains(&"的".to_string()));
    }

    #[test]
    fn values_are_unit_norm_and_ids_sorted() {
        let n = normalize("debt debt debt relief for developing countries 债务减免");
        let mut f = Features::default();
        f.extract(&FeatureConfig::default(), &n);
        let norm: f32 = f.vals.iter().map(|v| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert!(f.ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn no_bigram_across_punctuation() {
        let v = names("Trade. Policy", &FeatureConfig::default());
        assert!(!v.iter().any(|s| s.contains("trade. policy")), "{v:?}");
    }
}
