//! The compiled form of a [`crate::query::QuerySet`]: every term of every query in
//! one Aho-Corasick automaton, the query trees as a node arena, and the per-text
//! evaluation.
//!
//! One pass per text:
//! 1. tokenise once and write the lower-cased tokens into a stream `\ntok\ntok\n…`
//!    (tokens never contain `\n`; a token with `_` is followed by its `_`-separated
//!    pieces, which corpustools also looks up);
//! 2. one overlapping Aho-Corasick scan over the stream finds every term occurrence:
//!    an exact term `t` is the pattern `\nt\n`, so it can only match a whole token; a
//!    wildcard term contributes its longest literal run, and a hit on it triggers the
//!    full wildcard check on that one token;
//! 3. only queries that contain a term that occurred are evaluated, on the token
//!    positions of the occurrences (no per-query scan of the text).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::query::ast::{Expr, Term};
use crate::query::tokenize::{TokenSpan, phrase_terms, term_units, tokenize_into};

pub(crate) type NodeId = u32;

#[derive(Clone, Debug)]
pub(crate) enum Node {
    Term {
        term: u32,
        ghost: bool,
    },
    Seq(Vec<NodeId>),
    Near {
        items: Vec<NodeId>,
        window: u32,
        ordered: bool,
    },
    And(Vec<NodeId>),
    Or(Vec<NodeId>),
    AndNot(NodeId, NodeId),
}

#[derive(Clone, Debug)]
enum GlobTok {
    Lit(u8),
    Star,
    Opt,
}

#[derive(Clone, Debug)]
enum TermKind {
    /// Whole-token match against the lower-cased token (or the original token when
    /// case-sensitive).
    Exact { lit: Box<str>, case_sensitive: bool },
    /// corpustools wildcard semantics: the regex `\b<glob>\b` (with `*` = `.*`,
    /// `?` = `.?`) searched anywhere inside the token.
    Glob {
        pat: Box<[GlobTok]>,
        case_sensitive: bool,
        match_all: bool,
    },
    /// Adjacent exact tokens (lower-cased, joined by `\n`), found directly by the
    /// automaton as one pattern.
    Phrase { text: Box<str>, len: u32 },
    /// Can never match a token (empty, or contains whitespace).
    Never,
}

/// What an automaton pattern triggers.
#[derive(Clone, Copy, Debug)]
enum Target {
    Exact(u32),
    Glob(u32),
    Phrase(u32, u32),
}

pub(crate) struct CompiledQuery {
    pub root: NodeId,
}

/// Posting of a query under a trigger term: the whole query, or one branch of a
/// top-level OR (then only the branches whose terms occurred are evaluated).
const WHOLE: u32 = u32::MAX;

pub(crate) struct Engine {
    ac: Option<AhoCorasick>,
    /// CSR: pattern id → targets.
    pat_start: Vec<u32>,
    pat_targets: Vec<Target>,
    terms: Vec<TermKind>,
    /// Wildcard terms without any literal character: checked on every token.
    always: Vec<u32>,
    /// CSR: term → (query, branch) postings.
    post_start: Vec<u32>,
    post_queries: Vec<(u32, u32)>,
    nodes: Vec<Node>,
    pub queries: Vec<CompiledQuery>,
}

/// A matched stretch of tokens `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Occ {
    pub start: u32,
    pub end: u32,
    pub ghost: bool,
}

/// Reusable per-text buffers.
#[derive(Default)]
pub(crate) struct Scratch {
    pub tokens: Vec<TokenSpan>,
    tok_scratch: Vec<(u32, u32, u8)>,
    stream: Vec<u8>,
    /// (stream offset of the slot text, token index | PIECE for `_` pieces)
    slots: Vec<(u32, u32)>,
    /// (term, first token, end token)
    occ: Vec<(u32, u32, u32)>,
    occ_toks: Vec<Occ>,
    epoch: u32,
    term_stamp: Vec<u32>,
    term_range: Vec<(u32, u32)>,
    glob_seen: Vec<u64>,
    present_terms: Vec<u32>,
    candidates: Vec<(u32, u32)>,
}

/// Marks a slot that holds a `_`-separated piece of a token rather than the token.
const PIECE: u32 = 1 << 31;

impl Scratch {
    fn next_epoch(&mut self, n_terms: usize) {
        if self.term_stamp.len() != n_terms {
            self.term_stamp = vec![0; n_terms];
            self.term_range = vec![(0, 0); n_terms];
            self.glob_seen = vec![0; n_terms];
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.term_stamp.iter_mut().for_each(|x| *x = 0);
            self.glob_seen.iter_mut().for_each(|x| *x = 0);
            self.epoch = 1;
        }
    }
}

fn lower_into(s: &str, out: &mut Vec<u8>) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        let mut buf = [0u8; 4];
        for c in s.chars() {
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

fn lower(s: &str) -> String {
    let mut v = Vec::with_capacity(s.len());
    lower_into(s, &mut v);
    String::from_utf8(v).expect("lower-casing keeps UTF-8")
}

/// Build the engine from (system index, expression) pairs.
pub(crate) struct Builder {
    term_ids: HashMap<(String, bool), u32>,
    terms: Vec<TermKind>,
    nodes: Vec<Node>,
    queries: Vec<CompiledQuery>,
    /// term → (query, branch) postings
    uses: Vec<Vec<(u32, u32)>>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            term_ids: HashMap::new(),
            terms: Vec::new(),
            nodes: Vec::new(),
            queries: Vec::new(),
            uses: Vec::new(),
        }
    }

    pub fn add_query(&mut self, expr: &Expr) {
        let qi = self.queries.len() as u32;
        let root = self.node(expr);
        self.queries.push(CompiledQuery { root });
        // Post the query only under its trigger terms: a set of terms one of which must
        // occur for the query to match (for AND / sequences / proximity the cheapest
        // child's set, for OR the union), so e.g. "growth and poverty reduction" is not
        // evaluated for every "and" in a text.
        let branches: Vec<(u32, NodeId)> = match &self.nodes[root as usize] {
            Node::Or(v) => v.iter().enumerate().map(|(i, &c)| (i as u32, c)).collect(),
            _ => vec![(WHOLE, root)],
        };
        for (b, node) in branches {
            let (terms, _) = self.trigger(node);
            for t in terms {
                let uses = &mut self.uses[t as usize];
                if uses.last() != Some(&(qi, b)) {
                    uses.push((qi, b));
                }
            }
        }
    }

    /// Estimated cost of evaluating on every occurrence of `term` (how common it is).
    fn term_cost(&self, term: u32) -> f64 {
        const STOP: [&str; 24] = [
            "the", "of", "and", "in", "to", "for", "a", "an", "on", "with", "by", "or", "at",
            "from", "as", "is", "be", "are", "that", "this", "its", "their", "not", "no",
        ];
        match &self.terms[term as usize] {
            TermKind::Exact { lit, .. } => {
                let n = lit.chars().count();
                if n <= 2 || STOP.contains(&lit.to_lowercase().as_str()) {
                    100.0
                } else {
                    10.0 / n as f64
                }
            }
            TermKind::Glob { pat, match_all, .. } => {
                if *match_all {
                    return 1000.0;
                }
                let lits = pat.iter().filter(|g| matches!(g, GlobTok::Lit(_))).count();
                if lits <= 2 { 200.0 } else { 20.0 / lits as f64 }
            }
            TermKind::Phrase { .. } => 0.1,
            TermKind::Never => 0.0,
        }
    }

    /// (trigger terms, cost) of a node.
    fn trigger(&self, n: NodeId) -> (Vec<u32>, f64) {
        match &self.nodes[n as usize] {
            Node::Term { term, .. } => (vec![*term], self.term_cost(*term)),
            Node::Or(v) => {
                let mut terms = Vec::new();
                let mut cost = 0.0;
                for &c in v {
                    let (t, k) = self.trigger(c);
                    terms.extend(t);
                    cost += k;
                }
                terms.sort_unstable();
                terms.dedup();
                (terms, cost)
            }
            Node::Seq(v) | Node::And(v) | Node::Near { items: v, .. } => v
                .iter()
                .map(|&c| self.trigger(c))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or_default(),
            Node::AndNot(a, _) => self.trigger(*a),
        }
    }

    fn node(&mut self, e: &Expr) -> NodeId {
        let n = match e {
            Expr::Term(t) => {
                // A term that is several tokens of text (`micro-financ*`, a verbatim
                // `{food bank}`) must match those tokens in sequence, as corpustools does.
                let parts = split_term(t);
                if parts.len() > 1 {
                    return self.sequence(parts);
                }
                let term = self.term(t);
                Node::Term {
                    term,
                    ghost: t.ghost,
                }
            }
            Expr::Seq(v) if v.iter().all(|c| matches!(c, Expr::Term(_))) => {
                let parts: Vec<Term> = v
                    .iter()
                    .flat_map(|c| match c {
                        Expr::Term(t) => split_term(t),
                        _ => unreachable!(),
                    })
                    .collect();
                return self.sequence(parts);
            }
            Expr::Seq(v) => Node::Seq(v.iter().map(|c| self.node(c)).collect()),
            Expr::Near {
                items,
                window,
                ordered,
            } => Node::Near {
                items: items.iter().map(|c| self.node(c)).collect(),
                window: *window,
                ordered: *ordered,
            },
            Expr::And(v) => Node::And(v.iter().map(|c| self.node(c)).collect()),
            Expr::Or(v) => Node::Or(v.iter().map(|c| self.node(c)).collect()),
            Expr::AndNot(a, b) => {
                let a = self.node(a);
                let b = self.node(b);
                Node::AndNot(a, b)
            }
        };
        self.nodes.push(n);
        (self.nodes.len() - 1) as NodeId
    }

    /// Adjacent single-token terms: one automaton pattern when they are all exact and
    /// case-insensitive (a phrase), otherwise a sequence node.
    fn sequence(&mut self, parts: Vec<Term>) -> NodeId {
        if parts.len() == 1 {
            let t = &parts[0];
            let term = self.term(t);
            self.nodes.push(Node::Term {
                term,
                ghost: t.ghost,
            });
            return (self.nodes.len() - 1) as NodeId;
        }
        let plain = parts.len() <= 64
            && parts
                .iter()
                .all(|t| !t.case_sensitive && !t.ghost && !t.has_wildcard() && !t.text.is_empty());
        if plain {
            let text = parts
                .iter()
                .map(|t| lower(&t.literal()))
                .collect::<Vec<_>>()
                .join("\n");
            let key = (format!("\u{0}phrase\n{text}"), false);
            let term = match self.term_ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.terms.push(TermKind::Phrase {
                        text: text.into_boxed_str(),
                        len: parts.len() as u32,
                    });
                    self.uses.push(Vec::new());
                    self.term_ids.insert(key, id);
                    id
                }
            };
            self.nodes.push(Node::Term { term, ghost: false });
        } else {
            let items = parts
                .iter()
                .map(|t| {
                    let term = self.term(t);
                    self.nodes.push(Node::Term {
                        term,
                        ghost: t.ghost,
                    });
                    (self.nodes.len() - 1) as NodeId
                })
                .collect();
            self.nodes.push(Node::Seq(items));
        }
        (self.nodes.len() - 1) as NodeId
    }

    fn term(&mut self, t: &Term) -> u32 {
        let key = (t.text.clone(), t.case_sensitive);
        if let Some(&id) = self.term_ids.get(&key) {
            return id;
        }
        let kind = compile_term(t);
        let id = self.terms.len() as u32;
        self.terms.push(kind);
        self.uses.push(Vec::new());
        self.term_ids.insert(key, id);
        id
    }

    pub fn build(self) -> Engine {
        // automaton patterns
        let mut pat_ids: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut pat_list: Vec<Vec<u8>> = Vec::new();
        let mut pat_targets_tmp: Vec<Vec<Target>> = Vec::new();
        let mut always = Vec::new();
        let mut add = |bytes: Vec<u8>, t: Target| {
            let id = *pat_ids.entry(bytes.clone()).or_insert_with(|| {
                pat_list.push(bytes);
                pat_targets_tmp.push(Vec::new());
                (pat_list.len() - 1) as u32
            });
            pat_targets_tmp[id as usize].push(t);
        };
        for (id, kind) in self.terms.iter().enumerate() {
            let id = id as u32;
            match kind {
                TermKind::Exact { lit, .. } => {
                    let mut p = Vec::with_capacity(lit.len() + 2);
                    p.push(b'\n');
                    lower_into(lit, &mut p);
                    p.push(b'\n');
                    add(p, Target::Exact(id));
                }
                TermKind::Glob { pat, match_all, .. } => {
                    if *match_all {
                        always.push(id);
                        continue;
                    }
                    // longest literal run as the trigger
                    let mut best: &[GlobTok] = &[];
                    let mut start = 0;
                    for i in 0..=pat.len() {
                        if i == pat.len() || !matches!(pat[i], GlobTok::Lit(_)) {
                            if i - start > best.len() {
                                best = &pat[start..i];
                            }
                            start = i + 1;
                        }
                    }
                    if best.is_empty() {
                        always.push(id);
                    } else {
                        let bytes: Vec<u8> = best
                            .iter()
                            .map(|g| match g {
                                GlobTok::Lit(b) => b.to_ascii_lowercase(),
                                _ => unreachable!(),
                            })
                            .collect();
                        add(bytes, Target::Glob(id));
                    }
                }
                TermKind::Phrase { text, len } => {
                    let mut p = Vec::with_capacity(text.len() + 2);
                    p.push(b'\n');
                    p.extend_from_slice(text.as_bytes());
                    p.push(b'\n');
                    add(p, Target::Phrase(id, *len));
                }
                TermKind::Never => {}
            }
        }
        let mut pat_start = Vec::with_capacity(pat_list.len() + 1);
        let mut pat_targets = Vec::new();
        for t in &pat_targets_tmp {
            pat_start.push(pat_targets.len() as u32);
            pat_targets.extend_from_slice(t);
        }
        pat_start.push(pat_targets.len() as u32);
        let ac = if pat_list.is_empty() {
            None
        } else {
            // A DFA: the fastest kind for this many patterns on an idle machine
            // (the same kind the benchmark's raw scan uses).
            let kind = Some(AhoCorasickKind::DFA);
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .build(&pat_list)
                    .expect("automaton builds"),
            )
        };
        // postings
        let mut post_start = Vec::with_capacity(self.uses.len() + 1);
        let mut post_queries = Vec::new();
        for u in &self.uses {
            post_start.push(post_queries.len() as u32);
            post_queries.extend_from_slice(u);
        }
        post_start.push(post_queries.len() as u32);
        Engine {
            ac,
            pat_start,
            pat_targets,
            terms: self.terms,
            always,
            post_start,
            post_queries,
            nodes: self.nodes,
            queries: self.queries,
        }
    }
}

/// A term split into its tokens (flags kept).
fn split_term(t: &Term) -> Vec<Term> {
    let parts = phrase_terms(&term_units(&t.text));
    if parts.len() <= 1 {
        return vec![t.clone()];
    }
    parts
        .into_iter()
        .map(|p| Term {
            case_sensitive: t.case_sensitive,
            ghost: t.ghost,
            ..p
        })
        .collect()
}

fn compile_term(t: &Term) -> TermKind {
    if t.text.is_empty() {
        return TermKind::Never;
    }
    if t.text == "*" {
        return TermKind::Glob {
            pat: Box::new([GlobTok::Star]),
            case_sensitive: false,
            match_all: true,
        };
    }
    if !t.has_wildcard() {
        let lit = t.literal();
        if lit.chars().any(|c| c.is_whitespace()) {
            return TermKind::Never;
        }
        return TermKind::Exact {
            lit: lit.into_boxed_str(),
            case_sensitive: t.case_sensitive,
        };
    }
    if t.literal().chars().any(char::is_whitespace) {
        // tokens never contain whitespace
        return TermKind::Never;
    }
    let text = if t.case_sensitive {
        t.text.clone()
    } else {
        lower(&t.text)
    };
    let mut pat = Vec::new();
    let mut esc = false;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if esc {
            pat.extend(c.encode_utf8(&mut buf).bytes().map(GlobTok::Lit));
            esc = false;
            continue;
        }
        match c {
            '\\' => esc = true,
            '*' => {
                if !matches!(pat.last(), Some(GlobTok::Star)) {
                    pat.push(GlobTok::Star);
                }
            }
            '?' => pat.push(GlobTok::Opt),
            c => pat.extend(c.encode_utf8(&mut buf).bytes().map(GlobTok::Lit)),
        }
    }
    TermKind::Glob {
        pat: pat.into_boxed_slice(),
        case_sensitive: t.case_sensitive,
        match_all: false,
    }
}

#[inline]
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Search the regex `\b<pat>\b` anywhere in `tok` (byte-wise, as R's TRE with
/// `useBytes = TRUE` does).
fn glob_search(pat: &[GlobTok], tok: &[u8]) -> bool {
    let n = tok.len();
    let boundary = |i: usize| -> bool {
        let before = i > 0 && is_word(tok[i - 1]);
        let after = i < n && is_word(tok[i]);
        before != after
    };
    if n < 127 {
        let valid: u128 = if n + 1 == 128 {
            u128::MAX
        } else {
            (1u128 << (n + 1)) - 1
        };
        let mut bmask: u128 = 0;
        for i in 0..=n {
            if boundary(i) {
                bmask |= 1 << i;
            }
        }
        let mut bits = bmask;
        for g in pat {
            if bits == 0 {
                return false;
            }
            bits = match g {
                GlobTok::Lit(c) => {
                    let mut eq: u128 = 0;
                    for (i, &b) in tok.iter().enumerate() {
                        if b == *c {
                            eq |= 1 << i;
                        }
                    }
                    (bits & eq) << 1
                }
                GlobTok::Opt => (bits | (bits << 1)) & valid,
                GlobTok::Star => {
                    let low = bits.trailing_zeros();
                    valid & !((1u128 << low) - 1)
                }
            };
        }
        bits & bmask != 0
    } else {
        let mut bits: Vec<bool> = (0..=n).map(boundary).collect();
        for g in pat {
            let mut next = vec![false; n + 1];
            match g {
                GlobTok::Lit(c) => {
                    for i in 0..n {
                        if bits[i] && tok[i] == *c {
                            next[i + 1] = true;
                        }
                    }
                }
                GlobTok::Opt => {
                    for i in 0..=n {
                        if bits[i] {
                            next[i] = true;
                            if i < n {
                                next[i + 1] = true;
                            }
                        }
                    }
                }
                GlobTok::Star => {
                    if let Some(low) = bits.iter().position(|&b| b) {
                        for x in next.iter_mut().skip(low) {
                            *x = true;
                        }
                    }
                }
            }
            bits = next;
        }
        (0..=n).any(|i| bits[i] && boundary(i))
    }
}

/// A query that matched: its index and the matched token occurrences.
pub(crate) struct RawHit {
    pub query: u32,
    pub occs: Vec<Occ>,
}

impl Engine {
    pub fn memory_bytes(&self) -> usize {
        let ac = self.ac.as_ref().map_or(0, |a| a.memory_usage());
        let terms: usize = self
            .terms
            .iter()
            .map(|t| {
                std::mem::size_of::<TermKind>()
                    + match t {
                        TermKind::Exact { lit, .. } => lit.len(),
                        TermKind::Glob { pat, .. } => pat.len() * std::mem::size_of::<GlobTok>(),
                        TermKind::Phrase { text, .. } => text.len(),
                        TermKind::Never => 0,
                    }
            })
            .sum();
        let nodes: usize = self
            .nodes
            .iter()
            .map(|n| {
                std::mem::size_of::<Node>()
                    + 4 * match n {
                        Node::Seq(v) | Node::And(v) | Node::Or(v) | Node::Near { items: v, .. } => {
                            v.len()
                        }
                        _ => 0,
                    }
            })
            .sum();
        ac + terms
            + nodes
            + 4 * (self.pat_start.len() + self.post_start.len() + 2 * self.post_queries.len())
            + std::mem::size_of::<Target>() * self.pat_targets.len()
            + std::mem::size_of::<CompiledQuery>() * self.queries.len()
    }

    /// The literal strings behind the automaton patterns (exact terms, and the longest
    /// literal run of each wildcard term), lower-cased, without separators.
    pub fn literals(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in &self.terms {
            match t {
                TermKind::Exact { lit, .. } => out.push(lower(lit)),
                TermKind::Glob {
                    pat,
                    match_all: false,
                    ..
                } => {
                    let mut best: Vec<u8> = Vec::new();
                    let mut cur: Vec<u8> = Vec::new();
                    for g in pat.iter().chain(std::iter::once(&GlobTok::Star)) {
                        match g {
                            GlobTok::Lit(b) => cur.push(b.to_ascii_lowercase()),
                            _ => {
                                if cur.len() > best.len() {
                                    best = std::mem::take(&mut cur);
                                }
                                cur.clear();
                            }
                        }
                    }
                    if let Ok(s) = String::from_utf8(best)
                        && !s.is_empty()
                    {
                        out.push(s);
                    }
                }
                TermKind::Phrase { text, .. } => out.push(text.replace('\n', " ")),
                _ => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    pub fn n_patterns(&self) -> usize {
        self.pat_start.len().saturating_sub(1)
    }

    /// Run every query over `text`; pushes one [`RawHit`] per matching query.
    pub fn run(&self, text: &str, s: &mut Scratch, hits: &mut Vec<RawHit>) {
        s.next_epoch(self.terms.len());
        tokenize_into(text, &mut s.tokens, &mut s.tok_scratch);
        // stream of lower-cased tokens
        s.stream.clear();
        s.slots.clear();
        s.stream.reserve(text.len() + s.tokens.len() + 1);
        s.stream.push(b'\n');
        for (ti, t) in s.tokens.iter().enumerate() {
            let tok = &text[t.start as usize..t.end as usize];
            let at = s.stream.len() as u32;
            s.slots.push((at, ti as u32));
            lower_into(tok, &mut s.stream);
            s.stream.push(b'\n');
            if tok.len() > 1 && tok.as_bytes().contains(&b'_') {
                for piece in tok.split('_') {
                    if !piece.is_empty() && piece.len() < tok.len() {
                        let at = s.stream.len() as u32;
                        s.slots.push((at, ti as u32 | PIECE));
                        lower_into(piece, &mut s.stream);
                        s.stream.push(b'\n');
                    }
                }
            }
        }
        // every term occurrence in one overlapping scan
        s.occ.clear();
        if let Some(ac) = &self.ac {
            let stream = &s.stream;
            let slots = &s.slots;
            for m in ac.find_overlapping_iter(&stream[..]) {
                let pid = m.pattern().as_usize();
                let a = self.pat_start[pid] as usize;
                let b = self.pat_start[pid + 1] as usize;
                for target in &self.pat_targets[a..b] {
                    match *target {
                        Target::Exact(term) => {
                            let slot_at = m.start() as u32 + 1;
                            let si = slots.partition_point(|x| x.0 < slot_at);
                            let ti = slots[si].1 & !PIECE;
                            if let TermKind::Exact {
                                lit,
                                case_sensitive: true,
                            } = &self.terms[term as usize]
                            {
                                let tk = s.tokens[ti as usize];
                                let orig = &text[tk.start as usize..tk.end as usize];
                                // a `_` piece or the whole token, in original case
                                let ok = if slots[si].1 & PIECE == 0 {
                                    orig == &**lit
                                } else {
                                    orig.split('_').any(|p| p == &**lit)
                                };
                                if !ok {
                                    continue;
                                }
                            }
                            s.occ.push((term, ti, ti + 1));
                        }
                        Target::Phrase(term, len) => {
                            let slot_at = m.start() as u32 + 1;
                            let si = slots.partition_point(|x| x.0 < slot_at);
                            let first = slots[si].1;
                            // whole tokens only, not the `_` pieces that follow a token
                            let whole = (0..len as usize)
                                .all(|k| slots.get(si + k).map(|x| x.1) == Some(first + k as u32));
                            if whole && first & PIECE == 0 {
                                s.occ.push((term, first, first + len));
                            }
                        }
                        Target::Glob(term) => {
                            let Some(si) = slots
                                .partition_point(|x| x.0 <= m.start() as u32)
                                .checked_sub(1)
                            else {
                                continue;
                            };
                            let key = (u64::from(s.epoch) << 32) | si as u64;
                            if s.glob_seen[term as usize] == key {
                                continue;
                            }
                            s.glob_seen[term as usize] = key;
                            let (at, ti) = slots[si];
                            let ti = ti & !PIECE;
                            let end = stream[at as usize..]
                                .iter()
                                .position(|&b| b == b'\n')
                                .map_or(stream.len(), |p| at as usize + p);
                            if self.glob_matches(
                                term,
                                &stream[at as usize..end],
                                text,
                                &s.tokens[ti as usize],
                            ) {
                                s.occ.push((term, ti, ti + 1));
                            }
                        }
                    }
                }
            }
        }
        if !self.always.is_empty() {
            for &(at, ti) in &s.slots {
                let ti = ti & !PIECE;
                let end = s.stream[at as usize..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(s.stream.len(), |p| at as usize + p);
                for &term in &self.always {
                    let all = matches!(
                        self.terms[term as usize],
                        TermKind::Glob {
                            match_all: true,
                            ..
                        }
                    );
                    if all
                        || self.glob_matches(
                            term,
                            &s.stream[at as usize..end],
                            text,
                            &s.tokens[ti as usize],
                        )
                    {
                        s.occ.push((term, ti, ti + 1));
                    }
                }
            }
        }
        if s.occ.is_empty() {
            return;
        }
        s.occ.sort_unstable();
        s.occ.dedup();
        // group occurrences per term
        s.occ_toks.clear();
        s.present_terms.clear();
        let mut i = 0;
        while i < s.occ.len() {
            let term = s.occ[i].0;
            let start = s.occ_toks.len() as u32;
            while i < s.occ.len() && s.occ[i].0 == term {
                let (_, a, b) = s.occ[i];
                s.occ_toks.push(Occ {
                    start: a,
                    end: b,
                    ghost: false,
                });
                i += 1;
            }
            s.term_stamp[term as usize] = s.epoch;
            s.term_range[term as usize] = (start, s.occ_toks.len() as u32);
            s.present_terms.push(term);
        }
        // candidate (query, branch) pairs: those posted under a term that occurred
        s.candidates.clear();
        for &term in &s.present_terms {
            let a = self.post_start[term as usize] as usize;
            let b = self.post_start[term as usize + 1] as usize;
            s.candidates.extend_from_slice(&self.post_queries[a..b]);
        }
        s.candidates.sort_unstable();
        s.candidates.dedup();
        let cx = Cx {
            epoch: s.epoch,
            term_stamp: &s.term_stamp,
            term_range: &s.term_range,
            occ: &s.occ_toks,
        };
        let mut i = 0;
        while i < s.candidates.len() {
            let q = s.candidates[i].0;
            let mut j = i;
            while j < s.candidates.len() && s.candidates[j].0 == q {
                j += 1;
            }
            let root = self.queries[q as usize].root;
            let group = &s.candidates[i..j];
            if group[0].1 == WHOLE {
                if self.exists(root, &cx) {
                    let mut occs = Vec::new();
                    self.eval(root, &cx, &mut occs);
                    occs.sort_unstable();
                    occs.dedup();
                    hits.push(RawHit { query: q, occs });
                }
            } else if let Node::Or(branches) = &self.nodes[root as usize] {
                // only the branches whose trigger terms occurred can match
                let mut occs = Vec::new();
                let mut any = false;
                for &(_, b) in group {
                    let node = branches[b as usize];
                    if self.exists(node, &cx) {
                        any = true;
                        self.eval(node, &cx, &mut occs);
                    }
                }
                if any {
                    occs.sort_unstable();
                    occs.dedup();
                    hits.push(RawHit { query: q, occs });
                }
            }
            i = j;
        }
    }

    fn glob_matches(&self, term: u32, lower_tok: &[u8], text: &str, span: &TokenSpan) -> bool {
        match &self.terms[term as usize] {
            TermKind::Glob {
                pat,
                case_sensitive,
                match_all,
            } => {
                if *match_all {
                    return true;
                }
                if *case_sensitive {
                    let orig = &text.as_bytes()[span.start as usize..span.end as usize];
                    if orig.len() == lower_tok.len() || !orig.contains(&b'_') {
                        glob_search(pat, orig)
                    } else {
                        orig.split(|&b| b == b'_').any(|p| glob_search(pat, p))
                    }
                } else {
                    glob_search(pat, lower_tok)
                }
            }
            _ => false,
        }
    }

    fn exists(&self, n: NodeId, cx: &Cx<'_>) -> bool {
        match &self.nodes[n as usize] {
            Node::Term { term, .. } => cx.present(*term),
            Node::Or(v) => v.iter().any(|&c| self.exists(c, cx)),
            Node::And(v) => v.iter().all(|&c| self.exists(c, cx)),
            Node::AndNot(a, b) => self.exists(*a, cx) && !self.exists(*b, cx),
            Node::Seq(items) => match self.seq_of_terms(items, cx, None) {
                Some(b) => b,
                None => {
                    let mut out = Vec::new();
                    self.eval(n, cx, &mut out);
                    !out.is_empty()
                }
            },
            Node::Near { .. } => {
                let mut out = Vec::new();
                self.eval(n, cx, &mut out);
                !out.is_empty()
            }
        }
    }

    /// Append the occurrences of node `n`.
    fn eval(&self, n: NodeId, cx: &Cx<'_>, out: &mut Vec<Occ>) {
        match &self.nodes[n as usize] {
            Node::Term { term, ghost } => {
                let occ = cx.occurrences(*term);
                if *ghost {
                    out.extend(occ.iter().map(|o| Occ { ghost: true, ..*o }));
                } else {
                    out.extend_from_slice(occ);
                }
            }
            Node::Or(v) => {
                for &c in v {
                    self.eval(c, cx, out);
                }
            }
            Node::And(v) => {
                if v.iter().all(|&c| self.exists(c, cx)) {
                    for &c in v {
                        self.eval(c, cx, out);
                    }
                }
            }
            Node::AndNot(a, b) => {
                if !self.exists(*b, cx) {
                    self.eval(*a, cx, out);
                }
            }
            Node::Seq(items) => self.eval_seq(items, cx, out),
            Node::Near {
                items,
                window,
                ordered,
            } => self.eval_near(items, *window, *ordered, cx, out),
        }
    }

    fn child_occs(&self, c: NodeId, cx: &Cx<'_>) -> Vec<Occ> {
        let mut v = Vec::new();
        self.eval(c, cx, &mut v);
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Sequence of plain terms: positions only, no allocation when `out` is None.
    /// Returns whether there is at least one occurrence; `None` if not all items are terms.
    fn seq_of_terms(
        &self,
        items: &[NodeId],
        cx: &Cx<'_>,
        mut out: Option<&mut Vec<Occ>>,
    ) -> Option<bool> {
        let mut lists: [&[Occ]; 8] = [&[]; 8];
        let mut ghosts = [false; 8];
        if items.len() > lists.len() {
            return None;
        }
        for (k, &it) in items.iter().enumerate() {
            match &self.nodes[it as usize] {
                Node::Term { term, ghost }
                    if !matches!(self.terms[*term as usize], TermKind::Phrase { .. }) =>
                {
                    lists[k] = cx.occurrences(*term);
                    ghosts[k] = *ghost;
                }
                _ => return None,
            }
        }
        let lists = &lists[..items.len()];
        if lists.iter().any(|l| l.is_empty()) {
            return Some(false);
        }
        let all_ghost = ghosts[..items.len()].iter().all(|&g| g);
        let mut any = false;
        'start: for o in lists[0] {
            let p = o.start;
            for (k, l) in lists.iter().enumerate().skip(1) {
                let want = p + k as u32;
                if l.binary_search_by_key(&want, |x| x.start).is_err() {
                    continue 'start;
                }
            }
            any = true;
            match out.as_deref_mut() {
                Some(v) => v.push(Occ {
                    start: p,
                    end: p + lists.len() as u32,
                    ghost: all_ghost,
                }),
                None => return Some(true),
            }
        }
        Some(any)
    }

    fn eval_seq(&self, items: &[NodeId], cx: &Cx<'_>, out: &mut Vec<Occ>) {
        if self.seq_of_terms(items, cx, Some(out)).is_some() {
            return;
        }
        let mut cur = self.child_occs(items[0], cx);
        for &it in &items[1..] {
            if cur.is_empty() {
                return;
            }
            let next = self.child_occs(it, cx);
            if next.is_empty() {
                return;
            }
            let mut joined = Vec::new();
            for o in &cur {
                let lo = next.partition_point(|x| x.start < o.end);
                for x in next[lo..].iter().take_while(|x| x.start == o.end) {
                    joined.push(Occ {
                        start: o.start,
                        end: x.end,
                        ghost: o.ghost && x.ghost,
                    });
                }
            }
            joined.sort_unstable();
            joined.dedup();
            cur = joined;
        }
        out.extend(cur);
    }

    fn eval_near(
        &self,
        items: &[NodeId],
        window: u32,
        ordered: bool,
        cx: &Cx<'_>,
        out: &mut Vec<Occ>,
    ) {
        let k = items.len();
        let mut occs: Vec<Vec<Occ>> = Vec::with_capacity(k);
        for &it in items {
            let o = self.child_occs(it, cx);
            if o.is_empty() {
                return;
            }
            occs.push(o);
        }
        // entries: (position, item, occurrence index) for every token of every occurrence
        let mut entries: Vec<(u32, u32, u32)> = Vec::new();
        for (item, v) in occs.iter().enumerate() {
            for (oi, o) in v.iter().enumerate() {
                for p in o.start..o.end {
                    entries.push((p, item as u32, oi as u32));
                }
            }
        }
        entries.sort_unstable();
        let m = entries.len();
        let mut used: Vec<Vec<bool>> = occs.iter().map(|v| vec![false; v.len()]).collect();
        let mut any = false;
        if ordered {
            // from each start of the first item, take items in order within the window
            for l in 0..m {
                if entries[l].1 != 0 {
                    continue;
                }
                let limit = entries[l].0.saturating_add(window);
                let mut need = 0u32;
                let mut picked: Vec<usize> = Vec::new();
                for (r, e) in entries.iter().enumerate().skip(l) {
                    if e.0 > limit {
                        break;
                    }
                    if e.1 <= need {
                        picked.push(r);
                        if e.1 == need {
                            need += 1;
                        }
                    }
                }
                if need as usize == k {
                    any = true;
                    for r in picked {
                        let (_, it, oi) = entries[r];
                        used[it as usize][oi as usize] = true;
                    }
                }
            }
        } else {
            // for each start l, every entry within [pos_l, pos_l + window] (corpustools)
            let mut counts = vec![0u32; k];
            let mut covered = 0usize;
            let mut r = 0usize; // exclusive end of the window
            let mut mark = vec![0i32; m + 1];
            for l in 0..m {
                let limit = entries[l].0.saturating_add(window);
                while r < m && entries[r].0 <= limit {
                    let it = entries[r].1 as usize;
                    if counts[it] == 0 {
                        covered += 1;
                    }
                    counts[it] += 1;
                    r += 1;
                }
                if covered == k {
                    any = true;
                    mark[l] += 1;
                    mark[r] -= 1;
                }
                let it = entries[l].1 as usize;
                counts[it] -= 1;
                if counts[it] == 0 {
                    covered -= 1;
                }
            }
            if any {
                let mut run = 0i32;
                for (i, e) in entries.iter().enumerate() {
                    run += mark[i];
                    if run > 0 {
                        used[e.1 as usize][e.2 as usize] = true;
                    }
                }
            }
        }
        if any {
            for (item, v) in occs.iter().enumerate() {
                for (oi, o) in v.iter().enumerate() {
                    if used[item][oi] {
                        out.push(*o);
                    }
                }
            }
        }
    }
}

struct Cx<'a> {
    epoch: u32,
    term_stamp: &'a [u32],
    term_range: &'a [(u32, u32)],
    occ: &'a [Occ],
}

impl Cx<'_> {
    #[inline]
    fn present(&self, term: u32) -> bool {
        self.term_stamp[term as usize] == self.epoch
    }

    #[inline]
    fn occurrences(&self, term: u32) -> &[Occ] {
        if self.present(term) {
            let (a, b) = self.term_range[term as usize];
            &self.occ[a as usize..b as usize]
        } else {
            &[]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str) -> Box<[GlobTok]> {
        match compile_term(&Term::new(p)) {
            TermKind::Glob { pat, .. } => pat,
            _ => panic!("not a glob"),
        }
    }

    #[test]
    fn glob_semantics() {
        assert!(glob_search(&g("povert*"), b"poverty"));
        assert!(glob_search(&g("povert*"), b"povert"));
        assert!(!glob_search(&g("povert*"), b"antipoverty"));
        assert!(glob_search(&g("fertili?er"), b"fertilizer"));
        assert!(glob_search(&g("fertili?er"), b"fertilier"));
        assert!(!glob_search(&g("fertili?er"), b"fertilisser"));
        // unanchored with word boundaries, like corpustools' regex lookup
        assert!(glob_search(&g("g*"), b"e.g"));
        assert!(glob_search(&g("*ism"), b"tourism"));
        assert!(!glob_search(&g("micro-financ*"), b"micro"));
        let long = "a".repeat(200) + "b";
        assert!(glob_search(&g("a*b"), long.as_bytes()));
        assert!(!glob_search(&g("a*c"), long.as_bytes()));
    }
}
