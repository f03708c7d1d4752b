//! Theme and SDG vocabularies, compiled into one Aho-Corasick automaton.
//!
//! The vocabularies are data (`data/vocab/themes.toml`, `data/vocab/sdgs.toml`,
//! embedded at build time). Each thematic area and each SDG lists terms in Chinese,
//! English, French and Spanish plus acronyms. A term is a string with optional
//! suffixes:
//!
//! * `@w` — its weight (default 1.0), e.g. `"mitigation@0.6"`;
//! * `*` before the weight — a stem: matches any word starting so (`"negotiat*"`).
//!
//! Terms are normalised like the text ([`crate::normalize`]). Latin-script terms
//! match whole words only, and also with a plural `-s`/`-es`; terms written in
//! capitals (`WTO`, `TRIPS`, `AI`) match only when capitalised in the text (so the
//! French `j'ai` is not AI); CJK terms match as substrings, without spaces.
//!
//! Context rules:
//!
//! * `[[phrase]]` — a longer phrase with its own label weights. Matching keeps the
//!   leftmost-longest match, so the phrase hides the words inside it: `carbon tax`
//!   counts for climate and tax, `trade union` for rights and not trade, `IP address`
//!   for digital and not ip. A phrase hides words in the families (themes, SDGs) of
//!   the labels it lists; a phrase with no labels hides them in both.
//! * `[[rule]]` — a term counts only when one of `require_near` occurs within
//!   `window` characters, and never when one of `unless_near` does.
//!
//! All terms of all labels go into one automaton, so a text is scanned once; the
//! leftmost-longest choice is then made separately for themes and for SDGs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::labels::{Label, N_LABELS, N_THEMES};
use crate::normalize::{Normalized, char_at, char_before, is_cjk, is_word_char, normalize_str};

/// The embedded theme vocabularies.
pub const THEMES_TOML: &str = include_str!("../../../data/vocab/themes.toml");
/// The embedded SDG vocabularies.
pub const SDGS_TOML: &str = include_str!("../../../data/vocab/sdgs.toml");

/// Family bit: theme labels.
pub(crate) const FAM_THEMES: u8 = 1;
/// Family bit: SDG labels.
pub(crate) const FAM_SDGS: u8 = 2;

/// The family bit of label index `l`.
#[inline]
pub(crate) fn family(l: u8) -> u8 {
    if (l as usize) < N_THEMES {
        FAM_THEMES
    } else {
        FAM_SDGS
    }
}

/// Why a vocabulary could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}: {source}")]
    Toml {
        file: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("cannot build the vocabulary automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// Names of a label in the four languages.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Names {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub fr: String,
    #[serde(default)]
    pub es: String,
}

impl Names {
    /// The name in `lang` (`zh`, `en`, `fr`, `es`), else English.
    pub fn get(&self, lang: &str) -> &str {
        let s = match lang {
            "zh" => &self.zh,
            "fr" => &self.fr,
            "es" => &self.es,
            _ => &self.en,
        };
        if s.is_empty() { &self.en } else { s }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabFile {
    #[serde(default)]
    #[allow(dead_code)]
    version: u32,
    #[serde(default)]
    theme: Vec<Entry>,
    #[serde(default)]
    sdg: Vec<Entry>,
    #[serde(default)]
    phrase: Vec<PhraseEntry>,
    #[serde(default)]
    rule: Vec<RuleEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    goal: Option<u8>,
    #[serde(default)]
    name: Names,
    #[serde(default)]
    acronyms: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    es: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseEntry {
    terms: Vec<String>,
    #[serde(default)]
    labels: BTreeMap<String, f32>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    terms: Vec<String>,
    #[serde(default)]
    require_near: Vec<String>,
    #[serde(default)]
    unless_near: Vec<String>,
    #[serde(default = "default_window")]
    window: usize,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

fn default_window() -> usize {
    80
}

/// One compiled pattern of the automaton.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The term as first written in the vocabulary (without suffixes).
    pub term: String,
    /// Label index and weight. Empty for a blocking phrase.
    pub weights: Vec<(u8, f32)>,
    stem: bool,
    case_sensitive: bool,
    plural: bool,
    left_word: bool,
    right_word: bool,
    /// Families in which this pattern takes part in the leftmost-longest choice.
    families: u8,
    rule: Option<u16>,
}

#[derive(Debug, Clone)]
struct NearTerm {
    text: String,
    left_word: bool,
    right_word: bool,
}

#[derive(Debug, Clone)]
struct Rule {
    require: Vec<NearTerm>,
    unless: Vec<NearTerm>,
    window: usize,
}

/// A vocabulary match kept after boundaries, rules and the leftmost-longest choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Vocabulary::pattern`].
    pub pattern: u32,
    /// Byte range in the normalised text (a plural suffix or the rest of a stemmed
    /// word included).
    pub start: u32,
    pub end: u32,
    /// Families (bit 1 themes, bit 2 SDGs) in which this match was kept.
    pub families: u8,
}

/// A vocabulary match in terms of the original text, for inspection and tests.
#[derive(Debug, Clone, PartialEq)]
pub struct TermMatch {
    pub label: Label,
    pub weight: f32,
    /// The matched slice of the original text.
    pub text: String,
    /// Character offsets into the original text.
    pub start: usize,
    pub end: usize,
}

/// Compiled theme and SDG vocabularies.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    literals: Vec<String>,
    rules: Vec<Rule>,
    names: Vec<Names>,
    fingerprint: u64,
}

#[derive(Default)]
struct Builder {
    keys: BTreeMap<(String, bool, bool), usize>,
    patterns: Vec<Pattern>,
    literals: Vec<String>,
    rules: Vec<Rule>,
    names: Vec<Names>,
}

struct ParsedTerm {
    norm: String,
    raw: String,
    weight: f32,
    stem: bool,
    case_sensitive: bool,
}

fn parse_term(s: &str, file: &str) -> Result<ParsedTerm, VocabError> {
    let invalid = |m: String| VocabError::Invalid {
        file: file.to_string(),
        message: m,
    };
    let (body, weight) = match s.rsplit_once('@') {
        Some((b, w)) => {
            let w: f32 = w
                .trim()
                .parse()
                .map_err(|_| invalid(format!("term `{s}`: weight `{w}` is not a number")))?;
            if !(0.0..=5.0).contains(&w) {
                return Err(invalid(format!("term `{s}`: weight must be in 0..=5")));
            }
            (b, w)
        }
        None => (s, 1.0),
    };
    let body = body.trim();
    let (body, stem) = match body.strip_suffix('*') {
        Some(b) => (b.trim_end(), true),
        None => (body, false),
    };
    let norm = normalize_str(body);
    if norm.is_empty() {
        return Err(invalid(format!("empty term `{s}`")));
    }
    let letters: Vec<char> = body.chars().filter(|c| c.is_alphabetic()).collect();
    let case_sensitive = letters.len() >= 2
        && letters.iter().all(|c| c.is_ascii_uppercase())
        && !body.chars().any(is_cjk);
    Ok(ParsedTerm {
        norm,
        raw: body.to_string(),
        weight,
        stem,
        case_sensitive,
    })
}

fn word_flags(norm: &str) -> (bool, bool) {
    let first = norm.chars().next().is_some_and(is_word_char);
    let last = norm.chars().next_back().is_some_and(is_word_char);
    (first, last)
}

impl Builder {
    fn pattern(&mut self, t: &ParsedTerm) -> usize {
        let key = (t.norm.clone(), t.stem, t.case_sensitive);
        if let Some(&i) = self.keys.get(&key) {
            return i;
        }
        let (left_word, right_word) = word_flags(&t.norm);
        let i = self.patterns.len();
        self.patterns.push(Pattern {
            term: t.raw.clone(),
            weights: Vec::new(),
            stem: t.stem,
            case_sensitive: t.case_sensitive,
            plural: right_word && !t.stem,
            left_word,
            right_word,
            families: 0,
            rule: None,
        });
        self.literals.push(t.norm.clone());
        self.keys.insert(key, i);
        i
    }

    fn add(&mut self, t: &ParsedTerm, label: Label, weight: f32) {
        let i = self.pattern(t);
        let p = &mut self.patterns[i];
        let l = label.index() as u8;
        match p.weights.iter_mut().find(|(x, _)| *x == l) {
            Some((_, w)) => *w = w.max(weight),
            None => p.weights.push((l, weight)),
        }
        p.families |= family(l);
    }

    fn load(&mut self, file: &str, src: &str) -> Result<(), VocabError> {
        let parsed: VocabFile = toml::from_str(src).map_err(|e| VocabError::Toml {
            file: file.to_string(),
            source: e,
        })?;
        let invalid = |m: String| VocabError::Invalid {
            file: file.to_string(),
            message: m,
        };
        for e in parsed.theme.iter().chain(parsed.sdg.iter()) {
            let label = match (&e.id, e.goal) {
                (Some(id), None) => {
                    Label::theme(id).ok_or_else(|| invalid(format!("unknown theme id `{id}`")))?
                }
                (None, Some(g)) => {
                    Label::sdg(g).ok_or_else(|| invalid(format!("SDG {g} out of range")))?
                }
                _ => {
                    return Err(invalid(
                        "an entry needs exactly one of `id` or `goal`".into(),
                    ));
                }
            };
            self.names[label.index()] = e.name.clone();
            for s in e
                .acronyms
                .iter()
                .chain(&e.zh)
                .chain(&e.en)
                .chain(&e.fr)
                .chain(&e.es)
            {
                let t = parse_term(s, file)?;
                self.add(&t, label, t.weight);
            }
        }
        for ph in &parsed.phrase {
            let mut labels = Vec::new();
            for (k, w) in &ph.labels {
                let l = Label::parse(k).ok_or_else(|| invalid(format!("unknown label `{k}`")))?;
                labels.push((l, *w));
            }
            for s in &ph.terms {
                let t = parse_term(s, file)?;
                let i = self.pattern(&t);
                if labels.is_empty() {
                    // A pure blocker hides its words from both families.
                    self.patterns[i].families = FAM_THEMES | FAM_SDGS;
                }
                for &(l, w) in &labels {
                    self.add(&t, l, w * t.weight);
                }
            }
        }
        for r in &parsed.rule {
            let near = |v: &[String]| -> Vec<NearTerm> {
                v.iter()
                    .map(|s| {
                        let (body, stem) = match s.strip_suffix('*') {
                            Some(b) => (b, true),
                            None => (s.as_str(), false),
                        };
                        let text = normalize_str(body);
                        let (l, r) = word_flags(&text);
                        NearTerm {
                            text,
                            left_word: l,
                            right_word: r && !stem,
                        }
                    })
                    .collect()
            };
            let rule = Rule {
                require: near(&r.require_near),
                unless: near(&r.unless_near),
                window: r.window,
            };
            let ri = self.rules.len() as u16;
            self.rules.push(rule);
            for s in &r.terms {
                let t = parse_term(s, file)?;
                let key = (t.norm.clone(), t.stem, t.case_sensitive);
                let i = *self.keys.get(&key).ok_or_else(|| {
                    invalid(format!("rule for `{s}`: no such term in the vocabulary"))
                })?;
                self.patterns[i].rule = Some(ri);
            }
        }
        Ok(())
    }
}

impl Vocabulary {
    /// Compiles vocabularies from `(file name, TOML source)` pairs.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Vocabulary, VocabError> {
        let mut b = Builder {
            names: vec![Names::default(); N_LABELS],
            ..Builder::default()
        };
        let mut fp = Fnv::new();
        for (file, src) in sources {
            b.load(file, src)?;
            fp.write(src.as_bytes());
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&b.literals)?;
        Ok(Vocabulary {
            ac,
            patterns: b.patterns,
            literals: b.literals,
            rules: b.rules,
            names: b.names,
            fingerprint: fp.finish(),
        })
    }

    /// The embedded vocabularies, compiled once per process.
    pub fn builtin() -> &'static Vocabulary {
        static V: OnceLock<Vocabulary> = OnceLock::new();
        V.get_or_init(|| {
            Vocabulary::from_sources(&[
                ("data/vocab/themes.toml", THEMES_TOML),
                ("data/vocab/sdgs.toml", SDGS_TOML),
            ])
            .expect("the embedded vocabularies are checked by the test suite")
        })
    }

    /// A hash of the vocabulary sources; models record it.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Number of compiled patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn pattern(&self, i: u32) -> &Pattern {
        &self.patterns[i as usize]
    }

    /// The `(label index, weight)` pairs of hit `h` that count as evidence: the
    /// positive weights of labels in a family the match was kept in.
    pub(crate) fn counted_weights(&self, h: Hit) -> impl Iterator<Item = (u8, f32)> + '_ {
        self.patterns[h.pattern as usize]
            .weights
            .iter()
            .copied()
            .filter(move |&(l, w)| h.families & family(l) != 0 && w > 0.0)
    }

    /// The normalised literal strings of the automaton (for baselines).
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Names of a label in the four languages.
    pub fn names(&self, label: Label) -> &Names {
        &self.names[label.index()]
    }

    /// Number of distinct patterns carrying weight for each label.
    pub fn terms_per_label(&self) -> [usize; N_LABELS] {
        let mut n = [0; N_LABELS];
        for p in &self.patterns {
            for &(l, w) in &p.weights {
                if w > 0.0 {
                    n[l as usize] += 1;
                }
            }
        }
        n
    }

    /// Heap bytes of the compiled automaton and pattern tables.
    pub fn memory_usage(&self) -> usize {
        let pats: usize = self
            .patterns
            .iter()
            .map(|p| std::mem::size_of::<Pattern>() + p.term.capacity() + p.weights.capacity() * 8)
            .sum();
        let lits: usize = self.literals.iter().map(|s| s.capacity() + 24).sum();
        self.ac.memory_usage() + pats + lits
    }

    /// Scans a normalised text once and appends the kept matches to `out`.
    /// `original` is the text `norm` was made from.
    pub fn scan(&self, original: &str, norm: &Normalized, out: &mut Vec<Hit>) {
        let text = norm.text.as_str();
        let first = out.len();
        for m in self.ac.find_overlapping_iter(text) {
            let pi = m.pattern().as_usize();
            let p = &self.patterns[pi];
            let (s, e) = (m.start(), m.end());
            if p.left_word && char_before(text, s).is_some_and(is_word_char) {
                continue;
            }
            let mut end = e;
            if p.right_word && char_at(text, e).is_some_and(is_word_char) {
                if p.stem {
                    end = word_end(text, e);
                } else if let Some(x) = p
                    .plural
                    .then(|| plural_end(text, e, p.case_sensitive))
                    .flatten()
                {
                    end = x;
                } else {
                    continue;
                }
            }
            if p.case_sensitive {
                let (os, oe) = norm.original_range(s, e);
                if !original[os..oe]
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                {
                    continue;
                }
            }
            if let Some(r) = p.rule
                && !self.rules[r as usize].allows(text, s, end)
            {
                continue;
            }
            out.push(Hit {
                pattern: pi as u32,
                start: s as u32,
                end: end as u32,
                families: 0,
            });
        }
        let cands = &mut out[first..];
        cands.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.pattern));
        for fam in [FAM_THEMES, FAM_SDGS] {
            let mut last = 0u32;
            for h in cands.iter_mut() {
                if self.patterns[h.pattern as usize].families & fam != 0 && h.start >= last {
                    h.families |= fam;
                    last = h.end;
                }
            }
        }
        let patterns = &self.patterns;
        let mut k = first;
        for i in first..out.len() {
            let h = out[i];
            if h.families != 0 && !patterns[h.pattern as usize].weights.is_empty() {
                out[k] = h;
                k += 1;
            }
        }
        out.truncate(k);
    }

    /// All weighted matches in `text`, one per (match, label), with character
    /// offsets into `text`. For inspection and tests; the tagger uses [`Self::scan`].
    pub fn matches(&self, text: &str) -> Vec<TermMatch> {
        let norm = crate::normalize::normalize(text);
        let mut hits = Vec::new();
        self.scan(text, &norm, &mut hits);
        let mut cc = crate::normalize::CharCounter::new(text);
        let mut out = Vec::new();
        for h in hits {
            let (s, e) = norm.original_range(h.start as usize, h.end as usize);
            let (cs, ce) = (cc.at(s), cc.at(e));
            for (l, w) in self.counted_weights(h) {
                out.push(TermMatch {
                    label: Label::from_index(l as usize),
                    weight: w,
                    text: text[s..e].to_string(),
                    start: cs,
                    end: ce,
                });
            }
        }
        out
    }
}

fn word_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if !is_word_char(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// End of a plural suffix (`s`, or `es` unless the term is an acronym) at `e`.
fn plural_end(text: &str, e: usize, acronym: bool) -> Option<usize> {
    let rest = &text.as_bytes()[e..];
    let ok = |n: usize| !char_at(text, e + n).is_some_and(is_word_char);
    if rest.first() == Some(&b's') && ok(1) {
        return Some(e + 1);
    }
    if !acronym && rest.starts_with(b"es") && ok(2) {
        return Some(e + 2);
    }
    None
}

impl Rule {
    fn allows(&self, text: &str, s: usize, e: usize) -> bool {
        let lo = back_chars(text, s, self.window);
        let hi = fwd_chars(text, e, self.window);
        let hay = &text[lo..hi];
        let found = |n: &NearTerm| {
            hay.match_indices(n.text.as_str()).any(|(i, _)| {
                let (a, b) = (lo + i, lo + i + n.text.len());
                // The near term must not be the matched term itself.
                let outside = b <= s || a >= e;
                outside
                    && !(n.left_word && char_before(text, a).is_some_and(is_word_char))
                    && !(n.right_word && char_at(text, b).is_some_and(is_word_char))
            })
        };
        (self.require.is_empty() || self.require.iter().any(found))
            && !self.unless.iter().any(found)
    }
}

fn back_chars(text: &str, mut i: usize, n: usize) -> usize {
    for _ in 0..n {
        match char_before(text, i) {
            Some(c) => i -= c.len_utf8(),
            None => break,
        }
    }
    i
}

fn fwd_chars(text: &str, mut i: usize, n: usize) -> usize {
    for _ in 0..n {
        match char_at(text, i) {
            Some(c) => i += c.len_utf8(),
            None => break,
        }
    }
    i
}

/// 64-bit FNV-1a, for fingerprints and feature hashing (stable across platforms).
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) const fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    #[inline]
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"
[[theme]]
id = "climate"
zh = ["气候变化"]
en = ["climate change", "decarboni*", "mitigation@0.5"]
[[theme]]
id = "tax"
acronyms = ["UN"]
zh = ["税收", "税"]
en = ["tax"]
fr = ["impôt"]
[[theme]]
id = "trade"
acronyms = ["WTO", "OMC"]
zh = ["世贸组织"]
en = ["trade"]
[[theme]]
id = "digital"
acronyms = ["AI"]
[[theme]]
id = "ucm"
en = ["sanctions"]
[[sdg]]
goal = 13
en = ["climate change", "carbon"]
[[phrase]]
terms = ["carbon tax", "碳税"]
labels = { climate = 1.0, tax = 1.0 }
[[phrase]]
terms = ["trade union"]
labels = { rights = 0.8 }
[[rule]]
terms = ["sanctions"]
unless_near = ["doping"]
window = 40
"#;

    fn vocab() -> Vocabulary {
        Vocabulary::from_sources(&[("test.toml", SRC)]).unwrap()
    }

    fn found(v: &Vocabulary, text: &str) -> Vec<(String, String)> {
        v.matches(text)
            .into_iter()
            .map(|m| (m.label.to_string(), m.text))
            .collect()
    }

    #[test]
    fn whole_words_plurals_and_stems() {
        let v = vocab();
        let f = found(
            &v,
            "Taxes, syntax, taxonomy; decarbonising; the WTO's rules; two WTOs",
        );
        assert!(f.contains(&("tax".into(), "Taxes".into())), "{f:?}");
        assert!(!f.iter().any(|(_, t)| t == "tax" || t.contains("syntax")));
        assert!(f.contains(&("climate".into(), "decarbonising".into())));
        assert_eq!(f.iter().filter(|(l, _)| l == "trade").count(), 2, "{f:?}");
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        let v = vocab();
        assert!(found(&v, "j'ai vu l'OMC").contains(&("trade".into(), "OMC".into())));
        assert!(!found(&v, "j'ai vu").iter().any(|(l, _)| l == "digital"));
        assert!(
            found(&v, "AI governance")
                .iter()
                .any(|(l, _)| l == "digital")
        );
        assert!(!found(&v, "un accord").iter().any(|(l, _)| l == "tax"));
    }

    #[test]
    fn phrases_hide_the_words_inside_them() {
        let v = vocab();
        let f = found(&v, "A carbon tax and a trade union.");
        assert!(f.contains(&("climate".into(), "carbon tax".into())));
        assert!(f.contains(&("tax".into(), "carbon tax".into())));
        assert!(f.contains(&("rights".into(), "trade union".into())));
        assert!(!f.iter().any(|(l, _)| l == "trade"), "{f:?}");
        // Families choose separately: SDG 13 still sees "carbon" inside "carbon tax".
        assert!(f.contains(&("sdg:13".into(), "carbon".into())), "{f:?}");
    }

    #[test]
    fn chinese_matches_without_spaces() {
        let v = vocab();
        let f = found(&v, "征收碳税以应对气候变化，世贸组织");
        assert!(f.contains(&("tax".into(), "碳税".into())), "{f:?}");
        assert!(f.contains(&("climate".into(), "气候变化".into())));
        assert!(f.contains(&("trade".into(), "世贸组织".into())));
        // "税" inside "碳税" is hidden by the phrase.
        assert_eq!(f.iter().filter(|(l, _)| l == "tax").count(), 1, "{f:?}");
    }

    #[test]
    fn near_rules() {
        let v = vocab();
        assert!(
            found(&v, "sanctions on trade")
                .iter()
                .any(|(l, _)| l == "ucm")
        );
        assert!(
            !found(&v, "doping sanctions")
                .iter()
                .any(|(l, _)| l == "ucm")
        );
    }

    #[test]
    fn offsets_are_characters_of_the_original() {
        let v = vocab();
        let text = "Ｌ’impôt — 税收 and Impôts";
        for m in v.matches(text) {
            let slice: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(slice, m.text);
        }
        assert_eq!(v.matches(text).len(), 3);
    }

    #[test]
    fn bad_vocabularies_are_rejected() {
        let e = Vocabulary::from_sources(&[("x.toml", "[[theme]]\nid = \"taxes\"\n")]).unwrap_err();
        assert!(e.to_string().contains("unknown theme id `taxes`"), "{e}");
        let e =
            Vocabulary::from_sources(&[("x.toml", "[[theme]]\nid = \"tax\"\nen = [\"a@x\"]\n")])
                .unwrap_err();
        assert!(e.to_string().contains("weight `x`"), "{e}");
        let e =
            Vocabulary::from_sources(&[("x.toml", "[[rule]]\nterms = [\"zzz\"]\n")]).unwrap_err();
        assert!(e.to_string().contains("no such term"), "{e}");
    }
}
