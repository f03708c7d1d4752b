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
//!
//! [`build`] compiles the queries ([`Builder`] → [`Engine`]), [`matching`] does
//! steps 1–2 and [`evaluate`] step 3.

mod build;
mod evaluate;
mod matching;

use aho_corasick::AhoCorasick;

use crate::query::tokenize::{TokenSpan, tokenize_into};

pub(crate) use build::Builder;

pub(crate) type NodeId = u32;

/// A node of a compiled query tree (children are indices into [`Engine::nodes`]).
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

/// Marks a slot that holds a `_`-separated piece of a token rather than the token.
const PIECE: u32 = 1 << 31;

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

/// A query that matched: its index and the matched token occurrences.
pub(crate) struct RawHit {
    pub query: u32,
    pub occs: Vec<Occ>,
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

impl Engine {
    /// Run every query over `text`; pushes one [`RawHit`] per matching query.
    pub fn run(&self, text: &str, s: &mut Scratch, hits: &mut Vec<RawHit>) {
        s.next_epoch(self.terms.len());
        tokenize_into(text, &mut s.tokens, &mut s.tok_scratch);
        s.fill_stream(text);
        self.find_occurrences(text, s);
        if s.occ.is_empty() {
            return;
        }
        s.group_occurrences();
        self.collect_candidates(s);
        self.evaluate_candidates(s, hits);
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
