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
    /// Every occurrence `(id, start, end)` of every feature, sorted, when
    /// [`Features::record_occurrences`] is on (to explain a score in the words
    /// of the text); empty otherwise. Does not change `ids` or `vals`.
    pub occurrences: Vec<(u32, u32, u32)>,
    counter: Counter,
    cjk: Vec<(u32, char)>,
}

/// One distinct feature id of a text: occurrences and first span.
#[derive(Debug, Clone, Copy)]
struct Entry {
    id: u32,
    count: u32,
    start: u32,
    end: u32,
}

/// Counts feature ids without sorting every occurrence: open addressing over
/// the id, slots stamped with a generation so clearing is free.
#[derive(Debug, Clone, Default)]
struct Counter {
    /// `(generation, entry index)` per slot.
    slots: Vec<(u32, u32)>,
    generation: u32,
    shift: u32,
    entries: Vec<Entry>,
    /// Scratch for the radix sort.
    sorted: Vec<Entry>,
    /// Whether [`Counter::add`] also records each occurrence.
    record: bool,
    occurrences: Vec<(u32, u32, u32)>,
}

impl Counter {
    fn clear(&mut self) {
        self.entries.clear();
        if self.slots.is_empty() {
            self.grow_to(1 << 12);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.fill((0, 0));
            self.generation = 1;
        }
    }

    fn grow_to(&mut self, cap: usize) {
        self.slots = vec![(0, 0); cap];
        self.shift = 32 - cap.trailing_zeros();
        if self.generation == 0 {
            self.generation = 1;
        }
        let g = self.generation;
        let mask = cap - 1;
        for (k, e) in self.entries.iter().enumerate() {
            let mut s = (e.id.wrapping_mul(0x9E37_79B1) >> self.shift) as usize;
            while self.slots[s].0 == g {
                s = (s + 1) & mask;
            }
            self.slots[s] = (g, k as u32);
        }
    }

    /// Counts one occurrence of `id` spanning `s..e` of the normalised text; the
    /// smallest span names the feature (as a sort of all occurrences would).
    #[inline]
    fn add(&mut self, id: u32, s: u32, e: u32) {
        if self.record {
            self.occurrences.push((id, s, e));
        }
        if self.entries.len() * 2 >= self.slots.len() {
            self.grow_to(self.slots.len() * 2);
        }
        let g = self.generation;
        let mask = self.slots.len() - 1;
        let mut slot = (id.wrapping_mul(0x9E37_79B1) >> self.shift) as usize;
        loop {
            let (sg, k) = self.slots[slot];
            if sg != g {
                self.slots[slot] = (g, self.entries.len() as u32);
                self.entries.push(Entry {
                    id,
                    count: 1,
                    start: s,
                    end: e,
                });
                return;
            }
            let en = &mut self.entries[k as usize];
            if en.id == id {
                en.count += 1;
                if (s, e) < (en.start, en.end) {
                    en.start = s;
                    en.end = e;
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
    }
}

impl Counter {
    /// Sorts the entries by id (distinct): LSD radix sort on the bytes `mask`
    /// uses, so the cost is linear in the number of distinct features.
    fn sort_by_id(&mut self, mask: u32) {
        let n = self.entries.len();
        if n < 64 {
            self.entries.sort_unstable_by_key(|e| e.id);
            return;
        }
        let bytes = (32 - mask.leading_zeros()).div_ceil(8);
        self.sorted.clear();
        self.sorted.resize(n, self.entries[0]);
        for pass in 0..bytes {
            let shift = pass * 8;
            let mut pos = [0usize; 256];
            for e in &self.entries {
                pos[((e.id >> shift) & 0xff) as usize] += 1;
            }
            let mut sum = 0;
            for p in pos.iter_mut() {
                let c = *p;
                *p = sum;
                sum += c;
            }
            for e in &self.entries {
                let d = ((e.id >> shift) & 0xff) as usize;
                self.sorted[pos[d]] = *e;
                pos[d] += 1;
            }
            std::mem::swap(&mut self.entries, &mut self.sorted);
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// One FNV-1a step (the same hash as `vocab::Fnv`, written out so several can run
/// side by side over the same bytes).
#[inline(always)]
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

#[inline(always)]
fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = fnv(h, b);
    }
    h
}

/// `1 + ln(n)` for small counts, computed once (same expression, same bits).
fn log_tf(n: u32) -> f32 {
    static T: std::sync::OnceLock<[f32; 64]> = std::sync::OnceLock::new();
    let t = T.get_or_init(|| std::array::from_fn(|i| 1.0 + (i.max(1) as f32).ln()));
    match t.get(n as usize) {
        Some(&v) => v,
        None => 1.0 + (n as f32).ln(),
    }
}

impl Features {
    /// Whether [`Self::extract`] also records every occurrence of every
    /// feature in [`Self::occurrences`] (off by default: training does not
    /// need them).
    pub fn record_occurrences(&mut self, on: bool) {
        self.counter.record = on;
    }

    /// The occurrences `(start, end)` of feature `id` (normalised-text byte
    /// offsets), when they are recorded.
    pub fn occurrences_of(&self, id: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let lo = self.occurrences.partition_point(|o| o.0 < id);
        self.occurrences[lo..]
            .iter()
            .take_while(move |o| o.0 == id)
            .map(|o| (o.1, o.2))
    }

    /// Extracts the features of `norm` into `self`, reusing buffers.
    ///
    /// One pass over the normalised bytes: every n-gram is hashed as it is read
    /// (FNV-1a state carried across the bytes of a word, and across words for
    /// bigrams) and counted in a table; nothing is allocated per feature and only
    /// the distinct ids are sorted at the end.
    pub fn extract(&mut self, cfg: &FeatureConfig, norm: &Normalized) {
        self.ids.clear();
        self.vals.clear();
        self.spans.clear();
        self.occurrences.clear();
        self.counter.clear();
        self.counter.occurrences.clear();
        let mask = if cfg.hash_bits >= 32 {
            u32::MAX
        } else {
            (1u32 << cfg.hash_bits.min(24)) - 1
        };
        let id_of = |h: u64| ((h ^ (h >> 32)) as u32) & mask;
        let text = norm.text.as_str();
        let b = text.as_bytes();
        let n = b.len();
        let counter = &mut self.counter;
        let h_uni = fnv(FNV_OFFSET, KIND_UNI);
        let h_pre = fnv(FNV_OFFSET, KIND_PREFIX);
        let h_bi = fnv(FNV_OFFSET, KIND_BI);
        let h_cjk = fnv(FNV_OFFSET, KIND_CJK);
        let p = cfg.word_prefix as usize;
        // Previous kept word: its start, and the bigram hash state after it and
        // the separator.
        let mut prev: Option<(usize, u64)> = None;
        let mut i = 0;
        while i < n {
            let c0 = b[i];
            let (c, clen) = if c0 < 0x80 {
                (c0 as char, 1)
            } else {
                let c = text[i..].chars().next().expect("char boundary");
                (c, c.len_utf8())
            };
            // CJK first: most non-ASCII text here is CJK, and the test is cheap.
            let cjk_char = c0 >= 0x80 && is_cjk(c);
            if !cjk_char && is_word_char(c) {
                // Find the end of the word and count its characters.
                let mut end = i + clen;
                let mut chars = 1usize;
                let mut ascii = c0 < 0x80;
                while end < n {
                    let d0 = b[end];
                    if d0 < 0x80 {
                        if !d0.is_ascii_alphanumeric() {
                            break;
                        }
                        end += 1;
                    } else {
                        let d = text[end..].chars().next().expect("char boundary");
                        if !is_word_char(d) {
                            break;
                        }
                        ascii = false;
                        end += d.len_utf8();
                    }
                    chars += 1;
                }
                let w = &b[i..end];
                if w.len() < 2 || is_stopword(w) {
                    i = end;
                    continue;
                }
                // Unigram, bigram and the next bigram's start, side by side.
                let (mut hu, mut hb, mut hn) = (h_uni, prev.map_or(0, |x| x.1), h_bi);
                for &x in w {
                    hu = fnv(hu, x);
                    hb = fnv(hb, x);
                    hn = fnv(hn, x);
                }
                let (s32, e32) = (i as u32, end as u32);
                if cfg.word_unigrams {
                    counter.add(id_of(hu), s32, e32);
                }
                if p > 0 && chars >= p + 2 {
                    let k = if ascii {
                        p
                    } else {
                        text[i..end].char_indices().nth(p).expect("long enough").0
                    };
                    counter.add(id_of(fnv_bytes(h_pre, &w[..k])), s32, (i + k) as u32);
                }
                if cfg.word_bigrams
                    && let Some((ps, _)) = prev
                {
                    counter.add(id_of(hb), ps as u32, e32);
                }
                prev = Some((i, fnv(hn, 0x1f)));
                i = end;
            } else if cjk_char {
                let cjk = &mut self.cjk;
                cjk.clear();
                cjk.push((i as u32, c));
                let mut end = i + clen;
                while end < n && b[end] >= 0x80 {
                    let d = text[end..].chars().next().expect("char boundary");
                    if !is_cjk(d) {
                        break;
                    }
                    cjk.push((end as u32, d));
                    end += d.len_utf8();
                }
                if cfg.cjk_max > 0 {
                    let (lo, hi) = (cfg.cjk_min.max(1) as usize, cfg.cjk_max as usize);
                    let len = cjk.len();
                    for k in 0..len {
                        let s = cjk[k].0;
                        let mut h = h_cjk;
                        for m in 1..=hi.min(len - k) {
                            let (cs, ch) = cjk[k + m - 1];
                            let ce = cs as usize + ch.len_utf8();
                            h = fnv_bytes(h, &b[cs as usize..ce]);
                            if m >= lo && !(m == 1 && is_cjk_stopchar(ch)) {
                                counter.add(id_of(h), s, ce as u32);
                            }
                        }
                    }
                }
                // A CJK run separates Latin words.
                prev = None;
                i = end;
            } else {
                if !matches!(c, ' ' | '\'') {
                    // Punctuation ends a phrase: no bigram across it.
                    prev = None;
                }
                i += clen;
            }
        }
        if self.counter.record {
            std::mem::swap(&mut self.occurrences, &mut self.counter.occurrences);
            self.occurrences.sort_unstable();
        }
        // Distinct ids ascending; values `1 + ln(tf)`, L2-normalised.
        self.counter.sort_by_id(mask);
        let mut norm2 = 0f32;
        for e in &self.counter.entries {
            let v = log_tf(e.count);
            norm2 += v * v;
            self.ids.push(e.id);
            self.vals.push(v);
            self.spans.push((e.start, e.end));
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
    "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du", "elle", "en", "est",
    "et", "il", "ils", "la", "le", "les", "leur", "leurs", "mais", "ne", "nous", "ou", "par",
    "pas", "plus", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un",
    "une", "vers", // Spanish
    "al", "como", "con", "del", "el", "ella", "entre", "es", "esta", "este", "estos", "las", "lo",
    "los", "mas", "para", "pero", "por", "se", "sin", "sobre", "su", "sus", "una", "uno", "unos",
    "y",
];

/// A word of at most 7 bytes packed into a `u64` (length in the top byte).
fn pack(w: &[u8]) -> u64 {
    let mut x = (w.len() as u64) << 56;
    for (k, &c) in w.iter().enumerate() {
        x |= (c as u64) << (8 * k);
    }
    x
}

fn is_stopword(w: &[u8]) -> bool {
    static PACKED: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    if w.len() > 7 {
        return false;
    }
    let t = PACKED.get_or_init(|| {
        let mut v: Vec<u64> = STOPWORDS
            .iter()
            .filter(|s| s.len() <= 7)
            .map(|s| pack(s.as_bytes()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    t.binary_search(&pack(w)).is_ok()
}

/// Chinese function characters skipped as unigrams (kept inside longer n-grams).
fn is_cjk_stopchar(c: char) -> bool {
    matches!(
        c,
        '的' | '了'
            | '和'
            | '与'
            | '在'
            | '是'
            | '及'
            | '对'
            | '为'
            | '等'
            | '将'
            | '其'
            | '之'
            | '以'
            | '也'
            | '并'
            | '中'
            | '或'
            | '由'
            | '于'
            | '而'
            | '被'
    )
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
