//! Per-segment tables kept while a segment is searched: facet values per document, laid
//! out flat for counting, and the documents each set of visibility levels may see.
//!
//! Tantivy keeps a document's facet ordinals in a column that is read through an index of
//! row ranges, value by value: counting the facets of 50,000 matches that way cost more than
//! matching them. A segment never changes once written, so the ordinals of each of its
//! documents are read once, every facet together, into a [`FacetTable`] (offsets and
//! values, as compressed sparse rows) and kept for as long as the segment is searched
//! ([`FacetTables`]); counting then walks two plain slices.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::index::SegmentReader;
use tantivy::schema::Facet as TFacet;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet as _, Searcher, SegmentOrdinal, TERMINATED, Term};

use crate::{Facet, SearchError, Visibility};

/// The facet values of the documents of one segment, every facet together.
pub(crate) struct FacetTable {
    /// Document `d`'s values are `values[offsets[d]..offsets[d + 1]]` (distinct, ascending):
    /// indices into `names`.
    offsets: Vec<u32>,
    values: Vec<u32>,
    /// Each value: its facet and its name (`/value` → `value`).
    pub names: Vec<(Facet, String)>,
}

impl FacetTable {
    fn read(reader: &SegmentReader) -> Result<FacetTable, SearchError> {
        let mut names = Vec::new();
        // Per facet: its reader and where its ordinals start in `names`.
        let mut readers = Vec::with_capacity(Facet::ALL.len());
        for facet in Facet::ALL {
            let r = reader.facet_reader(&facet.field_name())?;
            let first = names.len() as u32;
            for ord in 0..r.num_facets() as u64 {
                names.push((facet, facet_value(&r, ord)?));
            }
            readers.push((r, first));
        }
        let max_doc = reader.max_doc();
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::new();
        let mut one = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            one.clear();
            for (r, first) in &readers {
                one.extend(r.facet_ords(doc).map(|ord| first + ord as u32));
            }
            one.sort_unstable();
            one.dedup();
            values.extend_from_slice(&one);
            offsets.push(values.len() as u32);
        }
        Ok(FacetTable {
            offsets,
            values,
            names,
        })
    }

    /// The values of document `doc`.
    #[inline]
    pub fn values(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.values[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }
}

/// Values read from a segment (`V`, per key `K` within the segment), kept for as long as the
/// segment is searched: entries of segments merged away or deleted are dropped whenever a
/// new entry is read.
pub(crate) struct PerSegment<K, V> {
    kept: Mutex<HashMap<(SegmentId, K), Arc<V>>>,
}

impl<K, V> Default for PerSegment<K, V> {
    fn default() -> Self {
        PerSegment {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash + Copy, V> PerSegment<K, V> {
    /// The value of `key` for `segment` of `searcher`, read by `read` on first use (outside
    /// the lock: two queries may read the same value at once; both copies are the same).
    pub fn get(
        &self,
        searcher: &Searcher,
        segment: SegmentOrdinal,
        key: K,
        read: impl FnOnce(&SegmentReader) -> Result<V, SearchError>,
    ) -> Result<Arc<V>, SearchError> {
        let reader = searcher.segment_reader(segment);
        let key = (reader.segment_id(), key);
        if let Some(kept) = self
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(kept.clone());
        }
        let value = Arc::new(read(reader)?);
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.retain(|(id, _), _| live.contains(id));
        kept.insert(key, value.clone());
        Ok(value)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.kept.lock().unwrap().len()
    }
}

/// The facet tables of the segments being searched.
#[derive(Default)]
pub(crate) struct FacetTables(PerSegment<(), FacetTable>);

impl FacetTables {
    /// The table of each of `segments` (ordinals of `searcher`), read on first use.
    pub fn of(
        &self,
        searcher: &Searcher,
        segments: impl Iterator<Item = SegmentOrdinal>,
    ) -> Result<Vec<Arc<FacetTable>>, SearchError> {
        segments
            .map(|segment| self.0.get(searcher, segment, (), FacetTable::read))
            .collect()
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// The value of a one-level facet (`/value` → `value`) from its segment ordinal.
pub(crate) fn facet_value(reader: &FacetReader, ord: u64) -> Result<String, SearchError> {
    let mut facet = TFacet::root();
    reader.facet_from_ord(ord, &mut facet)?;
    Ok(facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default())
}

/// The documents of each searched segment that hold one of a few terms of a field, as one
/// bit per document, read from the terms' postings once per segment and key, for the
/// collector to test (see [`crate::group::AllMatches`]):
/// - the visibility levels a query may see: filtering matches against these bits replaces
///   intersecting the query with the levels' postings, which was driven by the cheaper side,
///   the levels (nearly every document), and sought the text query at each of them;
/// - the reader's language, whose versions rank higher: adding the boost in the collector
///   replaces an optional clause that sought the language's postings at every match.
#[derive(Default)]
pub(crate) struct DocsWith(PerSegment<u8, BitSet>);

impl DocsWith {
    /// Per segment of `searcher` (by ordinal): its documents holding one of `values` in
    /// `field`. `key` stands for the values (the same key, the same values).
    pub fn of(
        &self,
        searcher: &Searcher,
        field: Field,
        key: u8,
        values: &[&str],
    ) -> Result<Vec<Arc<BitSet>>, SearchError> {
        (0..searcher.segment_readers().len() as SegmentOrdinal)
            .map(|segment| {
                self.0.get(searcher, segment, key, |reader| {
                    let mut bits = BitSet::with_max_value(reader.max_doc());
                    let inverted = reader.inverted_index(field)?;
                    for value in values {
                        let term = Term::from_field_text(field, value);
                        let postings = inverted
                            .read_postings(&term, IndexRecordOption::Basic)
                            .map_err(tantivy::TantivyError::from)?;
                        if let Some(mut postings) = postings {
                            let mut doc = postings.doc();
                            while doc != TERMINATED {
                                bits.insert(doc);
                                doc = postings.advance();
                            }
                        }
                    }
                    Ok(bits)
                })
            })
            .collect()
    }

    /// [`of`](Self::of) for visibility levels.
    pub fn at_levels(
        &self,
        searcher: &Searcher,
        field: Field,
        levels: &[Visibility],
    ) -> Result<Vec<Arc<BitSet>>, SearchError> {
        let mask = levels.iter().fold(0u8, |m, v| m | 1 << (*v as u8));
        let values: Vec<&str> = Visibility::ALL
            .into_iter()
            .filter(|v| levels.contains(v))
            .map(Visibility::as_str)
            .collect();
        self.of(searcher, field, mask, &values)
    }
}
