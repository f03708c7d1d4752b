//! The tagging pipeline: vocabulary evidence, public SDG queries and the learned
//! layer, joined into one calibrated score per label.
//!
//! A text is processed in windows of [`WINDOW_BYTES`] (cut at white space, with
//! [`OVERLAP_BYTES`] of overlap so no term is lost at a cut). Each window is
//! normalised once, scanned once by the vocabulary automaton (and by the query
//! engine when loaded), and scored by the model. A document's score for a label
//! is its best window's score; evidence keeps the strongest distinct terms over
//! all windows. Memory is therefore bounded by the window, whatever the input
//! size, and [`Tagger::tag`] and [`Tagger::tag_reader`] give the same result.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::dataset::{Split, builtin_labelled};
use crate::features::{FeatureConfig, Features};
use crate::labels::{Label, N_LABELS, THEMES};
use crate::model::{
    Model, TrainConfig, VOCAB_FEATURE_BASE, evidence_sums, train_with, vocab_value,
};
use crate::normalize::{CharCounter, Normalized};
use crate::query::QuerySet;
use crate::vocab::{Hit, Vocabulary};

/// Window size for long texts, in bytes.
pub const WINDOW_BYTES: usize = 8 * 1024;
/// Overlap between consecutive windows, in bytes (longer than any term).
pub const OVERLAP_BYTES: usize = 512;
/// Evidence items kept per label.
pub const MAX_EVIDENCE: usize = 8;
/// Terms of the text listed per label to explain its learned score.
pub const MAX_TERMS: usize = crate::explain::MAX_TERMS;
/// Candidates listed with `--all` score at least this, or have evidence.
pub const CANDIDATE_FLOOR: f32 = 0.2;
/// Vocabulary-evidence weight of one public SDG query that fires.
pub const QUERY_WEIGHT: f32 = 1.0;

/// Tagging options.
#[derive(Debug, Clone, Copy, Default)]
pub struct TagOptions {
    /// Also list candidates below the threshold (marked `candidate`).
    pub all: bool,
}

/// The tags of one text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct TagResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub themes: Vec<ThemeTag>,
    pub sdgs: Vec<SdgTag>,
}

/// A thematic area assigned to a text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ThemeTag {
    pub id: String,
    pub score: f32,
    /// True when below the threshold (listed only with `all`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
    pub evidence: Vec<Evidence>,
    /// The terms of the text that moved the learned score, strongest first.
    #[serde(default)]
    pub terms: Vec<Term>,
}

/// An SDG assigned to a text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SdgTag {
    pub goal: u8,
    pub score: f32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
    pub evidence: Vec<Evidence>,
    /// The terms of the text that moved the learned score, strongest first.
    #[serde(default)]
    pub terms: Vec<Term>,
}

/// Where a tag comes from in the text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The matched text, exactly as in the input.
    pub term: String,
    /// Character offsets into the input (`end` exclusive).
    pub start: usize,
    pub end: usize,
    /// `vocabulary`, or `query:<system>:<query id>`.
    pub source: String,
}

/// A word or phrase of the text and its contribution to a label's raw
/// (uncalibrated) learned score: the sum of the contributions of the model's
/// n-gram features found in it (see [`crate::explain`]). Positive pushes the
/// score up, negative down; never 0.00 at two decimals.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Term {
    /// The word or phrase, exactly as in the input (its first occurrence).
    pub term: String,
    /// Contribution to the raw score, rounded to 4 decimals.
    pub contribution: f32,
    /// Character offsets of the first occurrence in the input (`end` exclusive).
    pub start: usize,
    pub end: usize,
}

/// Why a stream could not be tagged.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    #[error("input is not valid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { offset: u64 },
    #[error("cannot read input: {0}")]
    Io(#[from] std::io::Error),
}

/// Which model scores a label.
#[derive(Debug, Clone, Copy)]
enum Route {
    /// Label `label` of model `model`.
    Model { model: usize, label: usize },
    /// Vocabulary evidence alone, calibrated by model `model`.
    Vocab { model: usize },
}

/// The tagger. Cloning is cheap (shared, immutable parts).
#[derive(Clone)]
pub struct Tagger {
    vocab: Arc<Vocabulary>,
    models: Vec<Arc<Model>>,
    routes: [Route; N_LABELS],
    /// Per model: `(label index, model label)` of the labels it scores.
    covered: Vec<Vec<(usize, usize)>>,
    queries: Option<Arc<QuerySet>>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("patterns", &self.vocab.len())
            .field("models", &self.models.len())
            .finish()
    }
}

/// The default model: trained on the embedded labelled set's training split.
pub fn default_model() -> Model {
    let train: Vec<_> = builtin_labelled()
        .iter()
        .filter(|e| Split::Train.keep(e))
        .cloned()
        .collect();
    train_with(Vocabulary::builtin(), &train, &TrainConfig::default())
}

impl Tagger {
    /// The embedded vocabularies and the default model ([`default_model`],
    /// trained once per process on first use, deterministically).
    pub fn builtin() -> Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| {
            Tagger::from_parts(Arc::new(Vocabulary::builtin().clone()), default_model())
        })
        .clone()
    }

    /// A tagger over `vocab` with `model` scoring what it covers; other labels are
    /// scored from vocabulary evidence, calibrated by `model`.
    pub fn from_parts(vocab: Arc<Vocabulary>, model: Model) -> Tagger {
        let mut t = Tagger {
            vocab,
            models: Vec::new(),
            routes: [Route::Vocab { model: 0 }; N_LABELS],
            covered: Vec::new(),
            queries: None,
        };
        t.push_model(model);
        t
    }

    fn push_model(&mut self, model: Model) {
        let mi = self.models.len();
        for (j, l) in model.labels.iter().enumerate() {
            self.routes[l.index()] = Route::Model {
                model: mi,
                label: j,
            };
        }
        self.models.push(Arc::new(model));
        self.covered = (0..self.models.len())
            .map(|mi| {
                (0..N_LABELS)
                    .filter_map(|l| match self.routes[l] {
                        Route::Model { model, label } if model == mi => Some((l, label)),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
    }

    /// Adds a model: the labels it covers are scored by it from now on; the others
    /// keep their current model.
    pub fn with_model(mut self, m: Model) -> Tagger {
        self.push_model(m);
        self
    }

    /// Adds public SDG query systems: every query that fires adds evidence
    /// (`source: "query:<system>:<query id>"`) to its SDG, and counts as a term of
    /// weight [`QUERY_WEIGHT`] in the SDG's evidence sum.
    pub fn with_queries(mut self, q: QuerySet) -> Tagger {
        self.queries = Some(Arc::new(q));
        self
    }

    /// The compiled vocabularies.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocab
    }

    /// The model scoring `label`, if any (else it is scored from vocabulary alone).
    pub fn model_for(&self, label: Label) -> Option<&Model> {
        match self.routes[label.index()] {
            Route::Model { model, .. } => Some(&self.models[model]),
            Route::Vocab { .. } => None,
        }
    }

    /// Decision threshold of `label`.
    pub fn threshold(&self, label: Label) -> f32 {
        match self.routes[label.index()] {
            Route::Model { model, label } => self.models[model].thresholds[label],
            Route::Vocab { model } => self.models[model].threshold,
        }
    }

    /// Tags a text.
    pub fn tag(&self, text: &str, opts: &TagOptions) -> TagResult {
        self.run(text).finish(self, opts)
    }

    /// The calibrated score of every label (index order of [`Label::index`]), as
    /// [`Tagger::tag`] computes them; 0 for an empty text.
    pub fn label_scores(&self, text: &str) -> [f32; N_LABELS] {
        let acc = self.run(text);
        std::array::from_fn(|l| {
            if acc.any_text {
                acc.labels[l].score
            } else {
                0.0
            }
        })
    }

    fn run(&self, text: &str) -> Acc {
        let mut acc = Acc::new();
        let mut scratch = Scratch::default();
        let mut start = 0usize;
        let mut char_base = 0usize;
        loop {
            let rest = &text[start..];
            let (end, next) = cut(rest, true).expect("at end of input a cut always exists");
            self.window(&rest[..end], char_base, &mut scratch, &mut acc);
            if end == rest.len() {
                break;
            }
            char_base += crate::normalize::count_chars(&rest.as_bytes()[..next]);
            start += next;
        }
        acc
    }

    /// Tags a stream in bounded memory (see the module documentation). Invalid
    /// UTF-8 is an error naming its byte offset.
    pub fn tag_reader(&self, mut r: impl Read, opts: &TagOptions) -> Result<TagResult, TagError> {
        let mut acc = Acc::new();
        let mut scratch = Scratch::default();
        // Valid text not yet consumed, and bytes of an incomplete character.
        let mut buf = String::new();
        let mut pending: Vec<u8> = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        // Byte offset (in the input) of `pending[0]` / end of `buf`.
        let mut consumed: u64 = 0;
        let mut char_base = 0usize;
        let mut eof = false;
        loop {
            // Fill until a window can be cut or the input ends.
            while !eof && buf.len() <= WINDOW_BYTES {
                let n = match r.read(&mut chunk) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(TagError::Io(e)),
                };
                if n == 0 {
                    eof = true;
                    if !pending.is_empty() {
                        return Err(TagError::InvalidUtf8 { offset: consumed });
                    }
                    break;
                }
                pending.extend_from_slice(&chunk[..n]);
                let valid = match std::str::from_utf8(&pending) {
                    Ok(s) => s.len(),
                    Err(e) => {
                        if e.error_len().is_some() {
                            return Err(TagError::InvalidUtf8 {
                                offset: consumed + e.valid_up_to() as u64,
                            });
                        }
                        e.valid_up_to()
                    }
                };
                let s = std::str::from_utf8(&pending[..valid]).expect("checked");
                buf.push_str(s);
                consumed += valid as u64;
                pending.drain(..valid);
            }
            let Some((end, next)) = cut(&buf, eof) else {
                continue;
            };
            self.window(&buf[..end], char_base, &mut scratch, &mut acc);
            if eof && end == buf.len() {
                break;
            }
            char_base += crate::normalize::count_chars(&buf.as_bytes()[..next]);
            buf.drain(..next);
        }
        Ok(acc.finish(self, opts))
    }

    /// Scores one window and merges it into `acc`.
    fn window(&self, w: &str, char_base: usize, s: &mut Scratch, acc: &mut Acc) {
        s.norm.reset(w);
        if s.norm.text.is_empty() {
            return;
        }
        acc.any_text = true;
        s.hits.clear();
        self.vocab.scan(w, &s.norm, &mut s.hits);
        let mut ev = [0f32; N_LABELS];
        evidence_sums(&self.vocab, &s.hits, &mut ev);

        // Evidence items: first occurrence of each pattern per label.
        s.items.clear();
        for &h in &s.hits {
            for (l, wt) in self.vocab.counted_weights(h) {
                let (bs, be) = s.norm.original_range(h.start as usize, h.end as usize);
                s.items.push(Item {
                    label: l,
                    key: h.pattern as u64,
                    weight: wt,
                    bs,
                    be,
                });
            }
        }

        // Public SDG queries: evidence and weight for their SDG.
        let mut qev: Vec<(usize, Evidence)> = Vec::new();
        if let Some(q) = &self.queries {
            let hits = q.detect(w);
            let mut per: Vec<(u8, &str, &str)> = Vec::new();
            for h in &hits {
                let Some(label) = Label::sdg(h.sdg) else {
                    continue;
                };
                let l = label.index();
                // Count each query once per window.
                let k = (h.sdg, h.system.as_str(), h.query_id.as_str());
                if !per.contains(&k) {
                    ev[l] += QUERY_WEIGHT;
                    per.push(k);
                }
                if let Some(&(cs, ce)) = h.spans.first() {
                    let term: String = w.chars().skip(cs).take(ce - cs).collect();
                    qev.push((
                        l,
                        Evidence {
                            term,
                            start: char_base + cs,
                            end: char_base + ce,
                            source: format!("query:{}:{}", h.system, h.query_id),
                        },
                    ));
                }
            }
        }

        // Features, once per distinct configuration.
        for m in &self.models {
            if !s.feats.iter().any(|(c, _)| *c == m.config) {
                let mut f = Features::default();
                f.record_occurrences(true);
                s.feats.push((m.config, f));
            }
        }
        for (c, f) in s.feats.iter_mut() {
            f.extract(c, &s.norm);
        }

        // Scores.
        let mut scores = [0f32; N_LABELS];
        // Words of the window, segmented once when a label is explained.
        let mut words: Option<Vec<crate::explain::Word>> = None;
        let mut feats: [Vec<Term>; N_LABELS] = std::array::from_fn(|_| Vec::new());
        for (mi, m) in self.models.iter().enumerate() {
            let covered = &self.covered[mi];
            if covered.is_empty() {
                continue;
            }
            let f = &s
                .feats
                .iter()
                .find(|(c, _)| *c == m.config)
                .expect("extracted above")
                .1;
            let nl = m.labels.len();
            let mut z = [0f32; N_LABELS];
            let z = &mut z[..nl];
            z.copy_from_slice(&m.bias);
            // Features the model has: (position in `f`, row), kept to name the
            // top features without looking them up again.
            s.found.clear();
            for (k, (&id, &v)) in f.ids.iter().zip(&f.vals).enumerate() {
                if let Some(r) = m.row_index(id) {
                    s.found.push((k as u32, r));
                    for (zj, &wj) in z.iter_mut().zip(m.row_at(r)) {
                        *zj += v * wj;
                    }
                }
            }
            for (l, &e) in ev.iter().enumerate() {
                if e > 0.0
                    && let Some(row) = m.row(VOCAB_FEATURE_BASE + l as u32)
                {
                    let v = vocab_value(e, m.vocab_scale);
                    for (zj, &wj) in z.iter_mut().zip(row) {
                        *zj += v * wj;
                    }
                }
            }
            for &(l, j) in covered {
                let p = m.calibrate(j, z[j]);
                scores[l] = p;
                // Only name features where the label might be shown.
                if p >= CANDIDATE_FLOOR && p > acc.labels[l].score {
                    let words = words.get_or_insert_with(|| crate::explain::words(&s.norm));
                    feats[l] =
                        crate::explain::explain(f, &s.found, &s.norm, words, m, j, w, char_base);
                }
            }
        }
        for l in 0..N_LABELS {
            if let Route::Vocab { model } = self.routes[l] {
                scores[l] = self.models[model].vocab_only(ev[l]);
            }
        }

        // Merge evidence (character offsets) and scores. Each label keeps its
        // best items only (see `LabelAcc::offer`), so text is copied only for
        // items that enter the list.
        s.items.sort_by_key(|it| (it.bs, it.be));
        let mut cc = CharCounter::new(w);
        for it in &s.items {
            let a = &mut acc.labels[it.label as usize];
            if !a.may_admit(it.weight) {
                continue;
            }
            let cs = char_base + cc.at(it.bs);
            if !a.admits(it.key, it.weight, cs) {
                continue;
            }
            let term = &w[it.bs..it.be];
            let ce = cs + term.chars().count();
            a.insert(EvItem {
                key: it.key,
                weight: it.weight,
                ev: Evidence {
                    term: term.to_string(),
                    start: cs,
                    end: ce,
                    source: "vocabulary".to_string(),
                },
            });
        }
        for (l, e) in qev {
            let key = query_key(&e.source);
            let a = &mut acc.labels[l];
            if a.admits(key, QUERY_WEIGHT, e.start) {
                a.insert(EvItem {
                    key,
                    weight: QUERY_WEIGHT,
                    ev: e,
                });
            }
        }
        for l in 0..N_LABELS {
            let a = &mut acc.labels[l];
            if scores[l] > a.score {
                a.score = scores[l];
                a.terms = std::mem::take(&mut feats[l]);
            }
        }
    }
}

/// Where to end the window starting at the beginning of `buf`, and where the next
/// window starts. `None` when more input is needed. Depends only on the first
/// `WINDOW_BYTES + 1` bytes (or all of them at end of input), so in-memory and
/// streamed texts are cut identically.
fn cut(buf: &str, eof: bool) -> Option<(usize, usize)> {
    if buf.len() <= WINDOW_BYTES {
        return eof.then_some((buf.len(), buf.len()));
    }
    let mut end = WINDOW_BYTES;
    while !buf.is_char_boundary(end) {
        end -= 1;
    }
    // Prefer to end at white space or CJK punctuation in the last 1 KiB.
    let lo = end.saturating_sub(1024);
    if let Some((i, _)) = buf[..end]
        .char_indices()
        .rev()
        .take_while(|(i, _)| *i >= lo)
        .find(|(_, c)| c.is_whitespace() || "。，；：！？、".contains(*c))
    {
        end = i;
    }
    let mut next = end - OVERLAP_BYTES;
    while !buf.is_char_boundary(next) {
        next -= 1;
    }
    // Start the next window at a word start when there is one in the overlap.
    if let Some((i, c)) = buf[next..end]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
    {
        next += i + c.len_utf8();
    }
    Some((end, next))
}

/// Evidence key of a query (distinct from pattern indices, which are below 2^32).
fn query_key(source: &str) -> u64 {
    let mut h = crate::vocab::Fnv::new();
    h.write(source.as_bytes());
    h.finish() | (1 << 63)
}

#[derive(Default)]
struct Scratch {
    norm: Normalized,
    hits: Vec<Hit>,
    items: Vec<Item>,
    feats: Vec<(FeatureConfig, Features)>,
    found: Vec<(u32, u32)>,
}

struct Item {
    label: u8,
    key: u64,
    weight: f32,
    bs: usize,
    be: usize,
}

struct EvItem {
    key: u64,
    weight: f32,
    ev: Evidence,
}

#[derive(Default)]
struct LabelAcc {
    score: f32,
    terms: Vec<Term>,
    evidence: Vec<EvItem>,
}

impl LabelAcc {
    /// Whether an item of `weight` could enter the list (before its position is
    /// known).
    #[inline]
    fn may_admit(&self, weight: f32) -> bool {
        self.evidence.len() < MAX_EVIDENCE || weight >= self.evidence[MAX_EVIDENCE - 1].weight
    }

    /// Whether an item enters the list: its key is not listed, and it ranks
    /// above the last of a full list. The list holds the best [`MAX_EVIDENCE`]
    /// items by weight (descending), then start (ascending), then arrival: the
    /// same as keeping every first occurrence of a key and pruning at the end,
    /// because a later occurrence of a key ranks below its first one (same
    /// weight, later start).
    #[inline]
    fn admits(&self, key: u64, weight: f32, start: usize) -> bool {
        if self.evidence.iter().any(|e| e.key == key) {
            return false;
        }
        match self.evidence.get(MAX_EVIDENCE - 1) {
            None => true,
            Some(last) => weight > last.weight || (weight == last.weight && start < last.ev.start),
        }
    }

    /// Inserts an admitted item at its rank, dropping the one pushed out.
    fn insert(&mut self, it: EvItem) {
        let pos = self.evidence.partition_point(|e| {
            e.weight > it.weight || (e.weight == it.weight && e.ev.start <= it.ev.start)
        });
        self.evidence.insert(pos, it);
        self.evidence.truncate(MAX_EVIDENCE);
    }

    /// Keeps the strongest evidence (earliest first among equals).
    fn prune(&mut self) {
        self.evidence.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then(a.ev.start.cmp(&b.ev.start))
        });
        self.evidence.truncate(MAX_EVIDENCE);
    }
}

struct Acc {
    labels: Vec<LabelAcc>,
    any_text: bool,
}

impl Acc {
    fn new() -> Acc {
        Acc {
            labels: (0..N_LABELS).map(|_| LabelAcc::default()).collect(),
            any_text: false,
        }
    }

    fn finish(mut self, t: &Tagger, opts: &TagOptions) -> TagResult {
        let mut res = TagResult::default();
        if !self.any_text {
            return res;
        }
        let mut picked: Vec<(Label, bool, LabelAcc)> = Vec::new();
        for (l, a) in self.labels.iter_mut().enumerate() {
            let label = Label::from_index(l);
            let over = a.score >= t.threshold(label);
            let keep = over || (opts.all && (a.score >= CANDIDATE_FLOOR || !a.evidence.is_empty()));
            if keep {
                a.prune();
                a.evidence.sort_by_key(|e| (e.ev.start, e.ev.end));
                picked.push((label, !over, std::mem::take(a)));
            }
        }
        picked.sort_by(|a, b| {
            a.1.cmp(&b.1)
                .then(b.2.score.total_cmp(&a.2.score))
                .then(a.0.cmp(&b.0))
        });
        for (label, candidate, a) in picked {
            let score = (a.score * 1000.0).round() / 1000.0;
            let evidence: Vec<Evidence> = a.evidence.into_iter().map(|e| e.ev).collect();
            match label {
                Label::Theme(i) => res.themes.push(ThemeTag {
                    id: THEMES[i as usize].to_string(),
                    score,
                    candidate,
                    evidence,
                    terms: a.terms,
                }),
                Label::Sdg(g) => res.sdgs.push(SdgTag {
                    goal: g,
                    score,
                    candidate,
                    evidence,
                    terms: a.terms,
                }),
            }
        }
        res
    }
}
