//! Evaluating the query trees over the term occurrences of one text: only the
//! queries (or top-level OR branches) posted under a term that occurred.

use super::{Engine, Node, NodeId, Occ, RawHit, Scratch, TermKind, WHOLE};

/// The term occurrences of the current text, by term.
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

impl Engine {
    /// The (query, branch) pairs posted under a term that occurred, sorted.
    pub(super) fn collect_candidates(&self, s: &mut Scratch) {
        s.candidates.clear();
        for &term in &s.present_terms {
            let a = self.post_start[term as usize] as usize;
            let b = self.post_start[term as usize + 1] as usize;
            s.candidates.extend_from_slice(&self.post_queries[a..b]);
        }
        s.candidates.sort_unstable();
        s.candidates.dedup();
    }

    /// Evaluates every candidate query; pushes the ones that match.
    pub(super) fn evaluate_candidates(&self, s: &Scratch, hits: &mut Vec<RawHit>) {
        let cx = Cx {
            epoch: s.epoch,
            term_stamp: &s.term_stamp,
            term_range: &s.term_range,
            occ: &s.occ_toks,
        };
        for group in s.candidates.chunk_by(|a, b| a.0 == b.0) {
            if let Some(occs) = self.evaluate_query(group, &cx) {
                hits.push(RawHit {
                    query: group[0].0,
                    occs,
                });
            }
        }
    }

    /// The sorted occurrences of one query if it matches; `group` is its candidate
    /// (query, branch) pairs.
    fn evaluate_query(&self, group: &[(u32, u32)], cx: &Cx<'_>) -> Option<Vec<Occ>> {
        let root = self.queries[group[0].0 as usize].root;
        let mut occs = Vec::new();
        let any = if group[0].1 == WHOLE {
            let found = self.exists(root, cx);
            if found {
                self.eval(root, cx, &mut occs);
            }
            found
        } else if let Node::Or(branches) = &self.nodes[root as usize] {
            // only the branches whose trigger terms occurred can match
            let mut any = false;
            for &(_, b) in group {
                let node = branches[b as usize];
                if self.exists(node, cx) {
                    any = true;
                    self.eval(node, cx, &mut occs);
                }
            }
            any
        } else {
            false
        };
        if !any {
            return None;
        }
        occs.sort_unstable();
        occs.dedup();
        Some(occs)
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
        let entries = near_entries(&occs);
        let mut used: Vec<Vec<bool>> = occs.iter().map(|v| vec![false; v.len()]).collect();
        let any = if ordered {
            near_ordered(&entries, k, window, &mut used)
        } else {
            near_unordered(&entries, k, window, &mut used)
        };
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

/// (token position, item, occurrence index) of a proximity node's items.
type Entry = (u32, u32, u32);

/// An [`Entry`] for every token of every occurrence of the items of a proximity
/// node, sorted.
fn near_entries(occs: &[Vec<Occ>]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (item, v) in occs.iter().enumerate() {
        for (oi, o) in v.iter().enumerate() {
            for p in o.start..o.end {
                entries.push((p, item as u32, oi as u32));
            }
        }
    }
    entries.sort_unstable();
    entries
}

/// Ordered proximity: from each start of the first item, take the `k` items in
/// order within the window. Marks the occurrences used; whether any matched.
fn near_ordered(entries: &[Entry], k: usize, window: u32, used: &mut [Vec<bool>]) -> bool {
    let mut any = false;
    for l in 0..entries.len() {
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
    any
}

/// Unordered proximity: for each start `l`, every entry within
/// `[pos_l, pos_l + window]` (corpustools). Marks the occurrences used; whether any
/// window holds all `k` items.
fn near_unordered(entries: &[Entry], k: usize, window: u32, used: &mut [Vec<bool>]) -> bool {
    let m = entries.len();
    let mut counts = vec![0u32; k];
    let mut covered = 0usize;
    let mut r = 0usize; // exclusive end of the window
    let mut mark = vec![0i32; m + 1];
    let mut any = false;
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
    any
}
