//! Scanning a text: the token stream, the one automaton pass that finds every term
//! occurrence, the wildcard checks, and the occurrences grouped per term.

use aho_corasick::AhoCorasick;

use super::{Engine, GlobTok, Occ, PIECE, Scratch, Target, TermKind, lower_into};
use crate::query::tokenize::TokenSpan;

/// An occurrence of a term: (term, first token, end token).
type Found = (u32, u32, u32);

/// The tokenised text as the scan reads it.
struct Stream<'a> {
    text: &'a str,
    tokens: &'a [TokenSpan],
    /// `\ntok\ntok\n…`, lower-cased.
    bytes: &'a [u8],
    /// (stream offset of the slot text, token index | PIECE for `_` pieces)
    slots: &'a [(u32, u32)],
}

impl Stream<'_> {
    /// The slot whose text starts at stream offset `at`.
    fn slot_starting_at(&self, at: u32) -> usize {
        self.slots.partition_point(|x| x.0 < at)
    }

    /// The lower-cased text of slot `si`.
    fn slot_text(&self, si: usize) -> &[u8] {
        let at = self.slots[si].0 as usize;
        let end = self.bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |p| at + p);
        &self.bytes[at..end]
    }

    /// Token `ti` as written in the text.
    fn original(&self, ti: u32) -> &str {
        let tk = self.tokens[ti as usize];
        &self.text[tk.start as usize..tk.end as usize]
    }
}

impl Scratch {
    /// Writes the stream of lower-cased tokens (and `_` pieces) and its slots.
    pub(super) fn fill_stream(&mut self, text: &str) {
        self.stream.clear();
        self.slots.clear();
        self.stream.reserve(text.len() + self.tokens.len() + 1);
        self.stream.push(b'\n');
        for (ti, t) in self.tokens.iter().enumerate() {
            let tok = &text[t.start as usize..t.end as usize];
            push_slot(&mut self.stream, &mut self.slots, tok, ti as u32);
            if tok.len() > 1 && tok.as_bytes().contains(&b'_') {
                for piece in tok.split('_') {
                    if !piece.is_empty() && piece.len() < tok.len() {
                        push_slot(&mut self.stream, &mut self.slots, piece, ti as u32 | PIECE);
                    }
                }
            }
        }
    }

    /// Sorts the occurrences and indexes them per term (`term_stamp`, `term_range`,
    /// `present_terms`).
    pub(super) fn group_occurrences(&mut self) {
        self.occ.sort_unstable();
        self.occ.dedup();
        self.occ_toks.clear();
        self.present_terms.clear();
        for run in self.occ.chunk_by(|a, b| a.0 == b.0) {
            let term = run[0].0;
            let start = self.occ_toks.len() as u32;
            self.occ_toks.extend(run.iter().map(|&(_, a, b)| Occ {
                start: a,
                end: b,
                ghost: false,
            }));
            self.term_stamp[term as usize] = self.epoch;
            self.term_range[term as usize] = (start, self.occ_toks.len() as u32);
            self.present_terms.push(term);
        }
    }
}

fn push_slot(stream: &mut Vec<u8>, slots: &mut Vec<(u32, u32)>, tok: &str, slot: u32) {
    slots.push((stream.len() as u32, slot));
    lower_into(tok, stream);
    stream.push(b'\n');
}

impl Engine {
    /// Every term occurrence of the stream into `s.occ`: one overlapping scan, then
    /// the wildcard terms that have no literal to look for.
    pub(super) fn find_occurrences(&self, text: &str, s: &mut Scratch) {
        s.occ.clear();
        let stream = Stream {
            text,
            tokens: &s.tokens,
            bytes: &s.stream,
            slots: &s.slots,
        };
        if let Some(ac) = &self.ac {
            self.scan_automaton(ac, &stream, s.epoch, &mut s.glob_seen, &mut s.occ);
        }
        if !self.always.is_empty() {
            self.scan_always(&stream, &mut s.occ);
        }
    }

    fn scan_automaton(
        &self,
        ac: &AhoCorasick,
        v: &Stream<'_>,
        epoch: u32,
        glob_seen: &mut [u64],
        occ: &mut Vec<Found>,
    ) {
        for m in ac.find_overlapping_iter(v.bytes) {
            let pid = m.pattern().as_usize();
            let a = self.pat_start[pid] as usize;
            let b = self.pat_start[pid + 1] as usize;
            let at = m.start() as u32;
            for target in &self.pat_targets[a..b] {
                let found = match *target {
                    Target::Exact(term) => self.exact_at(term, at, v),
                    Target::Phrase(term, len) => phrase_at(term, len, at, v),
                    Target::Glob(term) => self.glob_at(term, at, v, epoch, glob_seen),
                };
                occ.extend(found);
            }
        }
    }

    /// An exact term's pattern matched at stream offset `at` (on its leading `\n`).
    fn exact_at(&self, term: u32, at: u32, v: &Stream<'_>) -> Option<Found> {
        let si = v.slot_starting_at(at + 1);
        let slot = v.slots[si].1;
        let ti = slot & !PIECE;
        if let TermKind::Exact {
            lit,
            case_sensitive: true,
        } = &self.terms[term as usize]
        {
            let orig = v.original(ti);
            // a `_` piece or the whole token, in original case
            let ok = if slot & PIECE == 0 {
                orig == &**lit
            } else {
                orig.split('_').any(|p| p == &**lit)
            };
            if !ok {
                return None;
            }
        }
        Some((term, ti, ti + 1))
    }

    /// A wildcard term's literal matched at stream offset `at`: check the whole
    /// token it falls in (once per token and term).
    fn glob_at(
        &self,
        term: u32,
        at: u32,
        v: &Stream<'_>,
        epoch: u32,
        glob_seen: &mut [u64],
    ) -> Option<Found> {
        let si = v.slots.partition_point(|x| x.0 <= at).checked_sub(1)?;
        let key = (u64::from(epoch) << 32) | si as u64;
        if glob_seen[term as usize] == key {
            return None;
        }
        glob_seen[term as usize] = key;
        let ti = v.slots[si].1 & !PIECE;
        self.glob_matches(term, v.slot_text(si), v.text, &v.tokens[ti as usize])
            .then_some((term, ti, ti + 1))
    }

    /// The wildcard terms without a literal, checked on every slot.
    fn scan_always(&self, v: &Stream<'_>, occ: &mut Vec<Found>) {
        for (si, &(_, ti)) in v.slots.iter().enumerate() {
            let ti = ti & !PIECE;
            let tok = v.slot_text(si);
            for &term in &self.always {
                let all = matches!(
                    self.terms[term as usize],
                    TermKind::Glob {
                        match_all: true,
                        ..
                    }
                );
                if all || self.glob_matches(term, tok, v.text, &v.tokens[ti as usize]) {
                    occ.push((term, ti, ti + 1));
                }
            }
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
}

/// A phrase's pattern matched at stream offset `at`: whole tokens only, not the
/// `_` pieces that follow a token.
fn phrase_at(term: u32, len: u32, at: u32, v: &Stream<'_>) -> Option<Found> {
    let si = v.slot_starting_at(at + 1);
    let first = v.slots[si].1;
    let whole =
        (0..len as usize).all(|k| v.slots.get(si + k).map(|x| x.1) == Some(first + k as u32));
    (whole && first & PIECE == 0).then_some((term, first, first + len))
}

#[inline]
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether there is a word boundary before byte `i` of `tok`.
#[inline]
fn boundary(tok: &[u8], i: usize) -> bool {
    let before = i > 0 && is_word(tok[i - 1]);
    let after = i < tok.len() && is_word(tok[i]);
    before != after
}

/// Search the regex `\b<pat>\b` anywhere in `tok` (byte-wise, as R's TRE with
/// `useBytes = TRUE` does).
fn glob_search(pat: &[GlobTok], tok: &[u8]) -> bool {
    if tok.len() < 127 {
        glob_search_bits(pat, tok)
    } else {
        glob_search_long(pat, tok)
    }
}

/// [`glob_search`] for tokens shorter than 127 bytes: the positions reached so far
/// as the bits of a `u128`.
fn glob_search_bits(pat: &[GlobTok], tok: &[u8]) -> bool {
    let n = tok.len();
    let valid: u128 = if n + 1 == 128 {
        u128::MAX
    } else {
        (1u128 << (n + 1)) - 1
    };
    let mut bmask: u128 = 0;
    for i in 0..=n {
        if boundary(tok, i) {
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
}

/// [`glob_search`] for long tokens: the positions reached so far as booleans.
fn glob_search_long(pat: &[GlobTok], tok: &[u8]) -> bool {
    let n = tok.len();
    let mut bits: Vec<bool> = (0..=n).map(|i| boundary(tok, i)).collect();
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
    (0..=n).any(|i| bits[i] && boundary(tok, i))
}

#[cfg(test)]
mod tests {
    use super::super::build::compile_term;
    use super::*;
    use crate::query::ast::Term;

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
