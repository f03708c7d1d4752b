//! Compiling queries: terms into automaton patterns, query trees into the node
//! arena, and the postings that say which queries a term occurrence can fire.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{CompiledQuery, Engine, GlobTok, Node, NodeId, Target, TermKind, WHOLE, lower};
use crate::query::ast::{Expr, Term};
use crate::query::tokenize::{phrase_terms, term_units};

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

    /// Appends a node to the arena.
    fn push(&mut self, n: Node) -> NodeId {
        self.nodes.push(n);
        (self.nodes.len() - 1) as NodeId
    }

    /// A node matching the single-token term `t`.
    fn term_node(&mut self, t: &Term) -> NodeId {
        let term = self.term(t);
        self.push(Node::Term {
            term,
            ghost: t.ghost,
        })
    }

    fn node(&mut self, e: &Expr) -> NodeId {
        let n = match e {
            Expr::Term(t) => {
                // A term that is several tokens of text (`micro-financ*`, a verbatim
                // `{food bank}`) must match those tokens in sequence, as corpustools does.
                return self.sequence(split_term(t));
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
        self.push(n)
    }

    /// Adjacent single-token terms: one automaton pattern when they are all exact and
    /// case-insensitive (a phrase), otherwise a sequence node.
    fn sequence(&mut self, parts: Vec<Term>) -> NodeId {
        if parts.len() == 1 {
            return self.term_node(&parts[0]);
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
            let len = parts.len() as u32;
            let term = self.intern(key, || TermKind::Phrase {
                text: text.into_boxed_str(),
                len,
            });
            self.push(Node::Term { term, ghost: false })
        } else {
            let items = parts.iter().map(|t| self.term_node(t)).collect();
            self.push(Node::Seq(items))
        }
    }

    fn term(&mut self, t: &Term) -> u32 {
        self.intern((t.text.clone(), t.case_sensitive), || compile_term(t))
    }

    /// The id of the term under `key`, compiled by `kind` the first time.
    fn intern(&mut self, key: (String, bool), kind: impl FnOnce() -> TermKind) -> u32 {
        if let Some(&id) = self.term_ids.get(&key) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(kind());
        self.uses.push(Vec::new());
        self.term_ids.insert(key, id);
        id
    }

    pub fn build(self) -> Engine {
        let patterns = Patterns::of(&self.terms);
        let (pat_start, pat_targets) = csr(&patterns.targets);
        let (post_start, post_queries) = csr(&self.uses);
        Engine {
            ac: automaton(&patterns.list),
            pat_start,
            pat_targets,
            terms: self.terms,
            always: patterns.always,
            post_start,
            post_queries,
            nodes: self.nodes,
            queries: self.queries,
        }
    }
}

/// The automaton patterns of the terms, each with the terms it triggers.
#[derive(Default)]
struct Patterns {
    ids: HashMap<Vec<u8>, u32>,
    list: Vec<Vec<u8>>,
    /// Per pattern: what a match triggers.
    targets: Vec<Vec<Target>>,
    /// Wildcard terms without a literal to look for.
    always: Vec<u32>,
}

impl Patterns {
    fn of(terms: &[TermKind]) -> Patterns {
        let mut p = Patterns::default();
        for (id, kind) in terms.iter().enumerate() {
            let id = id as u32;
            match kind {
                TermKind::Exact { lit, .. } => {
                    p.add(whole_tokens(lower(lit).as_bytes()), Target::Exact(id))
                }
                TermKind::Glob { pat, match_all, .. } => {
                    // longest literal run as the trigger
                    let run = if *match_all {
                        Vec::new()
                    } else {
                        longest_literal(pat)
                    };
                    if run.is_empty() {
                        p.always.push(id);
                    } else {
                        p.add(run, Target::Glob(id));
                    }
                }
                TermKind::Phrase { text, len } => {
                    p.add(whole_tokens(text.as_bytes()), Target::Phrase(id, *len));
                }
                TermKind::Never => {}
            }
        }
        p
    }

    fn add(&mut self, bytes: Vec<u8>, t: Target) {
        let id = *self.ids.entry(bytes.clone()).or_insert_with(|| {
            self.list.push(bytes);
            self.targets.push(Vec::new());
            (self.list.len() - 1) as u32
        });
        self.targets[id as usize].push(t);
    }
}

/// The stream pattern of `tokens` (lower-cased, `\n`-joined): `\n<tokens>\n`, so it
/// matches whole tokens only.
fn whole_tokens(tokens: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(tokens.len() + 2);
    p.push(b'\n');
    p.extend_from_slice(tokens);
    p.push(b'\n');
    p
}

/// The first longest run of literal bytes of a wildcard pattern, ASCII lower-cased
/// (empty when it has none).
fn longest_literal(pat: &[GlobTok]) -> Vec<u8> {
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
    best.iter()
        .map(|g| match g {
            GlobTok::Lit(b) => b.to_ascii_lowercase(),
            _ => unreachable!(),
        })
        .collect()
}

/// Lists as CSR: the start of each list in the flat vector, then the end.
fn csr<T: Copy>(lists: &[Vec<T>]) -> (Vec<u32>, Vec<T>) {
    let mut start = Vec::with_capacity(lists.len() + 1);
    let mut flat = Vec::new();
    for l in lists {
        start.push(flat.len() as u32);
        flat.extend_from_slice(l);
    }
    start.push(flat.len() as u32);
    (start, flat)
}

fn automaton(patterns: &[Vec<u8>]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    // A DFA: the fastest kind for this many patterns on an idle machine
    // (the same kind the benchmark's raw scan uses).
    let kind = Some(AhoCorasickKind::DFA);
    Some(
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(patterns)
            .expect("automaton builds"),
    )
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

pub(super) fn compile_term(t: &Term) -> TermKind {
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
    TermKind::Glob {
        pat: glob_pattern(&text),
        case_sensitive: t.case_sensitive,
        match_all: false,
    }
}

/// The wildcard pattern of a term's text (`\` escapes; runs of `*` are one).
fn glob_pattern(text: &str) -> Box<[GlobTok]> {
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
    pat.into_boxed_slice()
}

/// Sizes and contents of the compiled form.
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
                    if let Ok(s) = String::from_utf8(longest_literal(pat))
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
}
