//! Results per output: the index matches language versions; this module groups the matches
//! by their `output_id` fast field, so that an output counts once in the total and in each
//! facet value, and is one hit (its best-scoring matching version) on one page.
//!
//! One pass of the query collects every match (segment, doc, score, output id); grouping,
//! the page's top outputs (a heap of `offset + limit`), facet counts (segment ordinals for
//! outputs matching in one version; for those matching in several, each value once) and the
//! languages of the other matching versions of the page's outputs are computed from those
//! matches, without loading stored documents.

use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{ColumnIndex, ColumnValues};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentReader;
use tantivy::{BitSet, DocAddress, DocId, Score, Searcher, SegmentOrdinal};

use crate::facets::{FacetTable, facet_value};
use crate::{Facet, Lang, SearchError};

/// The matches of a query in one segment: matching docs (ascending), their scores and
/// output ids.
pub(crate) struct SegmentFound {
    segment: SegmentOrdinal,
    /// The smallest and largest output id of the segment (deleted versions included).
    ids: Option<(i64, i64)>,
    docs: Vec<DocId>,
    scores: Vec<Score>,
    outputs: Vec<i64>,
}

/// Collects every match of a query with the output id it belongs to.
pub(crate) struct AllMatches {
    /// Name of the `i64` fast field holding the output id.
    pub output_field: &'static str,
    /// When set: per segment (by ordinal), the documents that may be matched; others are
    /// skipped.
    pub visible: Option<Vec<Arc<BitSet>>>,
    /// When set: per segment, the documents whose score gets the boost added (as an
    /// optional clause matching them with a constant score would; the clause sought its
    /// postings at every match).
    pub boosted: Option<(Vec<Arc<BitSet>>, Score)>,
}

pub(crate) struct SegmentMatches {
    outputs: Arc<dyn ColumnValues<i64>>,
    visible: Option<Arc<BitSet>>,
    boosted: Option<(Arc<BitSet>, Score)>,
    found: SegmentFound,
}

impl Collector for AllMatches {
    type Fruit = Vec<SegmentFound>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let column = reader.fast_fields().i64(self.output_field)?;
        let ids = (reader.max_doc() > 0).then(|| (column.min_value(), column.max_value()));
        // Every version has an output id: read the values directly (one batch at harvest).
        let outputs = match column.index {
            ColumnIndex::Full => column.values.clone(),
            _ => column.first_or_default_col(0),
        };
        Ok(SegmentMatches {
            outputs,
            visible: self
                .visible
                .as_ref()
                .and_then(|v| v.get(segment as usize).cloned()),
            boosted: self
                .boosted
                .as_ref()
                .and_then(|(docs, boost)| docs.get(segment as usize).map(|d| (d.clone(), *boost))),
            found: SegmentFound {
                segment,
                ids,
                docs: Vec::new(),
                scores: Vec::new(),
                outputs: Vec::new(),
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, mut fruits: Vec<SegmentFound>) -> tantivy::Result<Self::Fruit> {
        fruits.sort_unstable_by_key(|f| f.segment);
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = SegmentFound;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(visible) = &self.visible
            && !visible.contains(doc)
        {
            return;
        }
        let score = match &self.boosted {
            Some((docs, boost)) if docs.contains(doc) => score + boost,
            _ => score,
        };
        self.found.docs.push(doc);
        self.found.scores.push(score);
    }

    fn harvest(mut self) -> SegmentFound {
        let found = &mut self.found;
        found.outputs = vec![0; found.docs.len()];
        self.outputs.get_vals(&found.docs, &mut found.outputs);
        self.found
    }
}

/// A matching output.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// Its best-scoring matching version (ties: the lowest address).
    pub best: DocAddress,
    pub score: Score,
    /// Number of matching versions.
    versions: u32,
    /// With several versions: where they start in [`Grouped::multi`].
    first: u32,
}

/// `Less` when `a` ranks before `b`: higher score, then lower address.
fn rank(a_score: Score, a: DocAddress, b_score: Score, b: DocAddress) -> Ordering {
    b_score.total_cmp(&a_score).then(a.cmp(&b))
}

fn group_rank(a: &Group, b: &Group) -> Ordering {
    rank(a.score, a.best, b.score, b.best)
}

/// The matches of a query, grouped by output.
pub(crate) struct Grouped {
    /// Per segment: its ordinal, its matching docs and the index in `groups` of each.
    segments: Vec<(SegmentOrdinal, Vec<DocId>, Vec<u32>)>,
    pub groups: Vec<Group>,
    /// The versions of the outputs that match in several, output after output (see
    /// [`Group::first`]): (index in `segments`, doc). Versions of one output may lie in
    /// different segments.
    multi: Vec<(u32, DocId)>,
}

/// Hashes output ids (integers, often consecutive) cheaply.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        let x = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_i64(i64::from(n));
    }
}

const UNSET: u32 = u32::MAX;

/// Output id → group index.
enum GroupIndex {
    /// A slot per id of `min..=max`: the group index + 1, 0 for none yet (so that the table
    /// is allocated zeroed).
    Dense {
        min: i64,
        slots: Vec<u32>,
    },
    Hashed(HashMap<i64, u32, BuildHasherDefault<IdHasher>>),
}

impl GroupIndex {
    fn new(matches: usize, ids: Option<(i64, i64)>) -> GroupIndex {
        if let Some((min, max)) = ids
            && let Some(span) = max.checked_sub(min).and_then(|s| usize::try_from(s).ok())
            // one 4-byte slot per id: cheaper than hashing when the matches are many for
            // the range (a sparse table costs page faults for little use)
            && span / 4 < matches
            && span < 1 << 26
        {
            return GroupIndex::Dense {
                min,
                slots: vec![0; span + 1],
            };
        }
        GroupIndex::Hashed(HashMap::with_capacity_and_hasher(
            matches,
            Default::default(),
        ))
    }

    /// The group of `id`, or `None` after recording `next` as its group.
    fn get_or_insert(&mut self, id: i64, next: u32) -> Option<u32> {
        match self {
            GroupIndex::Dense { min, slots } => {
                let slot = &mut slots[(id - *min) as usize];
                if *slot == 0 {
                    *slot = next + 1;
                    None
                } else {
                    Some(*slot - 1)
                }
            }
            GroupIndex::Hashed(map) => match map.entry(id) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(next);
                    None
                }
            },
        }
    }
}

impl Grouped {
    /// Groups the matches (of every segment: a range of output ids that is not much wider
    /// than the matches lets groups be found by direct indexing instead of hashing).
    pub fn new(fruits: Vec<SegmentFound>) -> Grouped {
        let n: usize = fruits.iter().map(|f| f.docs.len()).sum();
        let ids = fruits
            .iter()
            .filter_map(|f| f.ids)
            .reduce(|(a, b), (lo, hi)| (a.min(lo), b.max(hi)));
        let mut index = GroupIndex::new(n, ids);
        let mut groups: Vec<Group> = Vec::with_capacity(n);
        let mut segments = Vec::with_capacity(fruits.len());
        for found in fruits {
            let segment = found.segment;
            let mut of = Vec::with_capacity(found.docs.len());
            for ((doc, score), output) in found.docs.iter().zip(&found.scores).zip(&found.outputs) {
                let addr = DocAddress::new(segment, *doc);
                let next = groups.len() as u32;
                let g = if let Some(g) = index.get_or_insert(*output, next) {
                    let group = &mut groups[g as usize];
                    group.versions += 1;
                    if rank(*score, addr, group.score, group.best) == Ordering::Less {
                        group.best = addr;
                        group.score = *score;
                    }
                    g
                } else {
                    groups.push(Group {
                        best: addr,
                        score: *score,
                        versions: 1,
                        first: 0,
                    });
                    next
                };
                of.push(g);
            }
            segments.push((segment, found.docs, of));
        }
        // The versions of outputs with several, laid out output after output: `first` is
        // used as a write cursor, then set back to the start.
        let mut len = 0u32;
        for group in groups.iter_mut().filter(|g| g.versions > 1) {
            group.first = len;
            len += group.versions;
        }
        let mut multi = vec![(0u32, 0 as DocId); len as usize];
        for (s, (_, docs, of)) in segments.iter().enumerate() {
            for (doc, g) in docs.iter().zip(of) {
                let group = &mut groups[*g as usize];
                if group.versions > 1 {
                    multi[group.first as usize] = (s as u32, *doc);
                    group.first += 1;
                }
            }
        }
        for group in groups.iter_mut().filter(|g| g.versions > 1) {
            group.first -= group.versions;
        }
        Grouped {
            segments,
            groups,
            multi,
        }
    }

    /// Number of matching outputs.
    pub fn total(&self) -> usize {
        self.groups.len()
    }

    /// The matching versions of a group with several.
    fn versions(&self, group: &Group) -> &[(u32, DocId)] {
        if group.versions < 2 {
            return &[];
        }
        &self.multi[group.first as usize..(group.first + group.versions) as usize]
    }

    /// The groups of one page, best first: a bounded heap over the groups, never a full sort.
    pub fn page(&self, offset: usize, limit: usize) -> Vec<u32> {
        let end = offset.saturating_add(limit).min(self.groups.len());
        if offset >= end {
            return Vec::new();
        }
        struct Ranked<'a>(&'a Group, u32);
        impl PartialEq for Ranked<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == Ordering::Equal
            }
        }
        impl Eq for Ranked<'_> {}
        impl PartialOrd for Ranked<'_> {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for Ranked<'_> {
            /// Worse is greater: the heap's top is the worst kept.
            fn cmp(&self, other: &Self) -> Ordering {
                group_rank(self.0, other.0)
            }
        }
        let mut heap: BinaryHeap<Ranked<'_>> = BinaryHeap::with_capacity(end + 1);
        for (i, g) in self.groups.iter().enumerate() {
            if heap.len() < end {
                heap.push(Ranked(g, i as u32));
            } else if let Some(mut worst) = heap.peek_mut()
                && group_rank(g, worst.0) == Ordering::Less
            {
                *worst = Ranked(g, i as u32);
            }
        }
        heap.into_sorted_vec()
            .into_iter()
            .skip(offset)
            .map(|r| r.1)
            .collect()
    }

    /// For each group of `page`, the version to show and the languages of its other matching
    /// versions (read from the language facet column `lang_field`, in [`Lang::ALL`] order).
    /// The version shown is the one in the reader's language `prefer` when it matched, else
    /// the best-scoring one; the output keeps the rank of its best version either way.
    pub fn shown(
        &self,
        searcher: &Searcher,
        lang_field: &str,
        page: &[u32],
        prefer: Option<Lang>,
    ) -> Result<Vec<(DocAddress, Vec<Lang>)>, SearchError> {
        let mut readers: HashMap<u32, (FacetReader, Vec<Option<Lang>>)> = HashMap::new();
        let mut out = Vec::with_capacity(page.len());
        for g in page {
            let group = &self.groups[*g as usize];
            // Every matching version with its language (none for a group of one).
            let mut versions: Vec<(DocAddress, Option<Lang>)> = Vec::new();
            for &(s, doc) in self.versions(group) {
                let segment = self.segments[s as usize].0;
                let (reader, langs) = match readers.entry(s) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => {
                        let reader = searcher.segment_reader(segment).facet_reader(lang_field)?;
                        let langs = (0..reader.num_facets() as u64)
                            .map(|ord| facet_value(&reader, ord).ok()?.parse().ok())
                            .collect();
                        e.insert((reader, langs))
                    }
                };
                let lang = reader
                    .facet_ords(doc)
                    .find_map(|ord| langs.get(ord as usize).copied().flatten());
                versions.push((DocAddress::new(segment, doc), lang));
            }
            let shown = prefer
                .and_then(|p| versions.iter().find(|(_, l)| *l == Some(p)))
                .map_or(group.best, |(addr, _)| *addr);
            let mask = versions
                .iter()
                .filter(|(addr, _)| *addr != shown)
                .filter_map(|(_, l)| *l)
                .fold(0u8, |m, l| m | 1 << l.index());
            out.push((
                shown,
                Lang::ALL
                    .into_iter()
                    .filter(|l| mask & (1 << l.index()) != 0)
                    .collect(),
            ));
        }
        Ok(out)
    }

    /// The segment ordinals of the matches, in the order of the tables
    /// [`facet_counts`](Self::facet_counts) takes.
    pub fn segment_ordinals(&self) -> impl Iterator<Item = SegmentOrdinal> + '_ {
        self.segments.iter().map(|(segment, ..)| *segment)
    }

    /// Counts of the facets `wanted` over the matching outputs, from the table of each segment
    /// of [`segment_ordinals`](Self::segment_ordinals): each output counts once per value
    /// found on any of its matching versions. Values unordered.
    pub fn facet_counts(
        &self,
        tables: &[Arc<FacetTable>],
        wanted: &[Facet],
    ) -> BTreeMap<Facet, Vec<(String, u64)>> {
        let mut names: Vec<(Facet, &str)> = Vec::new();
        let mut index: HashMap<(Facet, &str), u32> = HashMap::new();
        // Per segment: value → index in `names`.
        let to_global: Vec<Vec<u32>> = tables
            .iter()
            .map(|t| {
                t.names
                    .iter()
                    .map(|(facet, name)| {
                        *index.entry((*facet, name.as_str())).or_insert_with(|| {
                            names.push((*facet, name.as_str()));
                            names.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let mut counts = vec![0u64; names.len()];
        // Outputs with one matching version: values counted in their segment.
        for (s, (_, docs, of)) in self.segments.iter().enumerate() {
            let table = &tables[s];
            let mut local = vec![0u32; table.names.len()];
            for (doc, g) in docs.iter().zip(of) {
                if self.groups[*g as usize].versions == 1 {
                    for &v in table.values(*doc) {
                        local[v as usize] += 1;
                    }
                }
            }
            for (v, n) in local.into_iter().enumerate() {
                counts[to_global[s][v] as usize] += u64::from(n);
            }
        }
        // Outputs with several: each of their values once.
        let mut last = vec![UNSET; names.len()];
        for (g, group) in self.groups.iter().enumerate() {
            for &(s, doc) in self.versions(group) {
                for &v in tables[s as usize].values(doc) {
                    let v = to_global[s as usize][v as usize] as usize;
                    if last[v] != g as u32 {
                        last[v] = g as u32;
                        counts[v] += 1;
                    }
                }
            }
        }
        let mut out: BTreeMap<Facet, Vec<(String, u64)>> =
            wanted.iter().map(|f| (*f, Vec::new())).collect();
        for ((facet, name), n) in names.into_iter().zip(counts) {
            if n > 0
                && !name.is_empty()
                && let Some(values) = out.get_mut(&facet)
            {
                values.push((name.to_string(), n));
            }
        }
        out
    }
}
