//! The Tantivy index of language versions and the query engine over it.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use southdesk_common::escape_xml;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery,
    Query as TQuery, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Facet as TFacet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
    directory::MmapDirectory,
};

use crate::bridge::{Bridge, is_han_char};
use crate::cache::ResultCache;
use crate::facets::{DocsWith, FacetTables};
use crate::group::{AllMatches, Grouped};
use crate::{Facet, Hit, IndexDoc, Lang, Query, SearchError, SearchResults, Visibility, analysis};

/// Boost of a title match relative to the body.
pub const TITLE_BOOST: f32 = 3.0;
/// Boost of an abstract match relative to the body.
pub const ABSTRACT_BOOST: f32 = 2.0;
/// Score added to a version for each theme of [`Query::themes`] it carries.
pub const THEME_BOOST: f32 = 1.5;
/// Score added to a version in the user-interface language [`Query::lang`].
pub const UI_LANG_BOOST: f32 = 1.0;
/// Most values returned per facet.
pub const MAX_FACET_VALUES: usize = 100;
/// Length of a snippet in characters.
pub const SNIPPET_CHARS: usize = 220;

/// Tuning of an index handle.
#[derive(Debug, Clone)]
pub struct Options {
    /// Memory the writer may buffer before flushing a segment, in bytes (all threads).
    pub writer_memory: usize,
    /// Indexing threads; 0 lets Tantivy choose (one per core, up to 8).
    pub writer_threads: usize,
    /// Answers kept for repeated queries until the index changes (see
    /// `cache.rs`); 0 keeps none.
    pub result_cache: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            writer_memory: 128 << 20,
            writer_threads: 0,
            result_cache: 512,
        }
    }
}

/// How a commit records the change-feed position it reached (then the number).
const FEED_PAYLOAD: &str = "feed:";

/// The output id field: every version of an output carries it (a fast field, to group
/// matches by output).
const OUTPUT_ID: &str = "output_id";

#[derive(Clone, Copy)]
struct LangFields {
    title: Field,
    summary: Field,
    body: Field,
}

#[derive(Clone)]
struct Fields {
    output_id: Field,
    lang: Field,
    visibility: Field,
    date: Field,
    date_text: Field,
    output_type: Field,
    text: [LangFields; 4],
    facets: [Field; 9],
}

fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let output_id = b.add_i64_field(OUTPUT_ID, INDEXED | STORED | FAST);
    let lang = b.add_text_field("lang", STRING | STORED);
    let visibility = b.add_text_field("visibility", STRING | STORED);
    let date = b.add_i64_field("date", INDEXED | FAST);
    let date_text = b.add_text_field("date_text", STORED);
    let output_type = b.add_text_field("output_type", STORED);
    let text = Lang::ALL.map(|l| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analysis::tokenizer_name(l))
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let stored = TextOptions::default()
            .set_indexing_options(indexing.clone())
            .set_stored();
        let unstored = TextOptions::default().set_indexing_options(indexing);
        LangFields {
            title: b.add_text_field(&format!("title_{}", l.code()), stored.clone()),
            summary: b.add_text_field(&format!("abstract_{}", l.code()), stored),
            body: b.add_text_field(&format!("body_{}", l.code()), unstored),
        }
    });
    let facets = Facet::ALL.map(|f| b.add_facet_field(&f.field_name(), FacetOptions::default()));
    let fields = Fields {
        output_id,
        lang,
        visibility,
        date,
        date_text,
        output_type,
        text,
        facets,
    };
    (b.build(), fields)
}

/// A search index of the Centre's outputs, one document per language version; searches
/// answer per output (see [`SearchIndex::search`]).
///
/// Cheap to share: all methods take `&self`; writes are serialised internally and become
/// visible to searches as soon as the call returns. Only one process may write to a folder
/// at a time (Tantivy takes a lock when the first write happens).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    parsers: [QueryParser; 4],
    bridge: Option<Arc<dyn Bridge>>,
    options: Options,
    cache: ResultCache,
    facet_tables: FacetTables,
    visible_docs: DocsWith,
    /// The versions in each language (keyed by [`Lang::index`]), for the UI-language boost.
    lang_docs: DocsWith,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the folder and an empty index if needed.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        Self::open_with(dir, Options::default())
    }

    /// [`SearchIndex::open`] with tuning options.
    pub fn open_with(dir: &Path, options: Options) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(e.to_string()))?;
        let (schema, _) = build_schema();
        let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Io(e.to_string()))?;
        let index = Index::open_or_create(directory, schema)?;
        Self::from_index(index, options)
    }

    /// A fresh index held in memory (tests, small tools).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, _) = build_schema();
        Self::from_index(Index::create_in_ram(schema), Options::default())
    }

    fn from_index(index: Index, options: Options) -> Result<Self, SearchError> {
        analysis::register(&index);
        let (_, fields) = build_schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let parsers = Lang::ALL.map(|l| {
            let f = fields.text[l.index()];
            let mut p = QueryParser::for_index(&index, vec![f.title, f.summary, f.body]);
            p.set_field_boost(f.title, TITLE_BOOST);
            p.set_field_boost(f.summary, ABSTRACT_BOOST);
            p
        });
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(None),
            fields,
            parsers,
            bridge: None,
            cache: ResultCache::new(options.result_cache),
            facet_tables: FacetTables::default(),
            visible_docs: DocsWith::default(),
            lang_docs: DocsWith::default(),
            options,
        })
    }

    /// Sets the cross-language bridge used when [`Query::cross_language`] is on.
    pub fn with_bridge(mut self, bridge: impl Bridge + 'static) -> Self {
        self.bridge = Some(Arc::new(bridge));
        self.cache = ResultCache::new(self.options.result_cache);
        self
    }

    /// Replaces the bridge (or removes it with `None`).
    pub fn set_bridge(&mut self, bridge: Option<Arc<dyn Bridge>>) {
        self.bridge = bridge;
        // Kept answers were expanded with the old bridge.
        self.cache = ResultCache::new(self.options.result_cache);
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>, SearchError> {
        let mut guard = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        if guard.is_none() {
            let w = if self.options.writer_threads == 0 {
                self.index.writer(self.options.writer_memory)
            } else {
                self.index.writer_with_num_threads(
                    self.options.writer_threads,
                    self.options.writer_memory,
                )
            }
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::LockBusy,
                    _,
                ) => SearchError::Busy,
                e => e.into(),
            })?;
            *guard = Some(w);
        }
        Ok(guard)
    }

    fn commit(&self, writer: &mut IndexWriter) -> Result<(), SearchError> {
        writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Adds or replaces outputs: every language version already indexed for an `output_id`
    /// present in `docs` is removed, then `docs` are added; one commit.
    pub fn upsert(&self, docs: &[IndexDoc]) -> Result<(), SearchError> {
        self.upsert_iter(docs.iter().cloned()).map(|_| ())
    }

    /// Streaming [`SearchIndex::upsert`] for bulk loads: the versions already indexed for
    /// each output id met in the stream are removed, every document of the stream is added
    /// (all versions of one id in the stream are kept); one commit at the end. Returns the
    /// number of documents added.
    ///
    /// Memory stays bounded by [`Options::writer_memory`] whatever the stream length.
    pub fn upsert_iter(
        &self,
        docs: impl IntoIterator<Item = IndexDoc>,
    ) -> Result<u64, SearchError> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer is open");
        let mut n = 0;
        let mut seen = std::collections::HashSet::new();
        for doc in docs {
            if seen.insert(doc.output_id) {
                writer.delete_term(Term::from_field_i64(self.fields.output_id, doc.output_id));
            }
            writer.add_document(self.to_tantivy(&doc)?)?;
            n += 1;
        }
        self.commit(writer)?;
        Ok(n)
    }

    /// Removes every language version of an output.
    pub fn delete(&self, output_id: i64) -> Result<(), SearchError> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer is open");
        writer.delete_term(Term::from_field_i64(self.fields.output_id, output_id));
        self.commit(writer)
    }

    /// Removes everything.
    pub fn clear(&self) -> Result<(), SearchError> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer is open");
        writer.delete_all_documents()?;
        self.commit(writer)
    }

    /// Takes the index folder for writing (Tantivy's lock), if this handle
    /// has not yet: a server does so at start, so that other processes
    /// leave the index to it. [`SearchError::Busy`] while another process
    /// holds it.
    pub fn claim(&self) -> Result<(), SearchError> {
        self.writer().map(|_| ())
    }

    /// Makes searches see the last commit, whoever made it (commits by
    /// this handle are seen at once; those of another process after this).
    pub fn refresh(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        Ok(())
    }

    /// Where the index stands in the store's change feed: the position of
    /// the last change it applied, as recorded with its last commit by
    /// [`SearchIndex::apply_changes`], whichever process made it. 0 when it
    /// has applied none — a new index, or one last written some other way
    /// ([`SearchIndex::upsert`], [`SearchIndex::clear`]…), which a follower
    /// therefore rebuilds.
    pub fn position(&self) -> Result<i64, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| p.strip_prefix(FEED_PAYLOAD))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0))
    }

    /// Applies one step of the store's change feed, in one commit that
    /// records `to` as the new [`position`](SearchIndex::position): every
    /// version of the outputs `remove` is dropped (of every output, when
    /// `rebuild`), then `docs` are added (the current versions of the
    /// outputs that still exist).
    ///
    /// Only if the index still stands at `from`: otherwise another caller
    /// applied something first, nothing is changed and the answer is
    /// `Ok(false)` (read the feed again from the new position). An error in
    /// `docs` (the store could not be read) rolls everything back. Writes
    /// from several threads are serialised; [`SearchError::Busy`] if
    /// another process writes this index folder.
    pub fn apply_changes(
        &self,
        from: i64,
        to: i64,
        rebuild: bool,
        remove: &[i64],
        docs: impl IntoIterator<Item = Result<IndexDoc, SearchError>>,
    ) -> Result<bool, SearchError> {
        let mut guard = self.writer()?;
        let writer = guard.as_mut().expect("writer is open");
        if self.position()? != from {
            return Ok(false);
        }
        let staged = (|| {
            if rebuild {
                writer.delete_all_documents()?;
            }
            for id in remove {
                writer.delete_term(Term::from_field_i64(self.fields.output_id, *id));
            }
            for doc in docs {
                writer.add_document(self.to_tantivy(&doc?)?)?;
            }
            Ok::<(), SearchError>(())
        })();
        if let Err(e) = staged {
            writer.rollback()?;
            return Err(e);
        }
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&format!("{FEED_PAYLOAD}{to}"));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(true)
    }

    /// Number of language versions in the index.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn to_tantivy(&self, doc: &IndexDoc) -> Result<TantivyDocument, SearchError> {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_i64(f.output_id, doc.output_id);
        d.add_text(f.lang, doc.lang.code());
        d.add_text(f.visibility, doc.visibility.as_str());
        d.add_text(f.output_type, &doc.output_type);
        if let Some(date) = &doc.date {
            d.add_i64(f.date, parse_date(date, false)?);
            d.add_text(f.date_text, date);
        }
        let t = f.text[doc.lang.index()];
        d.add_text(t.title, &doc.title);
        d.add_text(t.summary, &doc.summary);
        if !doc.body.is_empty() {
            d.add_text(t.body, &doc.body);
        }
        for (facet, field) in Facet::ALL.into_iter().zip(f.facets) {
            for value in doc.facet_values(facet) {
                if !value.is_empty() {
                    d.add_facet(field, TFacet::from_path([value.as_str()]));
                }
            }
        }
        Ok(d)
    }

    /// The kept answer to `q`, if the cache holds one from the current searcher: what
    /// [`search`](Self::search) would answer, without computing anything.
    pub fn cached(&self, q: &Query) -> Option<SearchResults> {
        let generation = self.reader.searcher().generation().generation_id();
        self.cache.get(generation, q)
    }

    /// Runs a query. Syntax errors in the user's text never fail: the text is then searched
    /// as plain words. Errors are for bad filter values (a malformed date) and I/O.
    ///
    /// Versions match; results are per output: the matches are grouped by output id, each
    /// output is one hit in its best-scoring matching version (listing the languages of its
    /// other matching versions), counts once in the total and once per facet value, and
    /// pages count outputs.
    pub fn search(&self, q: &Query) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let generation = searcher.generation().generation_id();
        if let Some(kept) = self.cache.get(generation, q) {
            return Ok(kept);
        }
        // Visibility is checked, and the UI language boosted, by the collector (see
        // `DocsWith`), not by the query.
        let levels: Vec<Visibility> = if q.visibility.is_empty() {
            vec![Visibility::Public]
        } else {
            q.visibility.clone()
        };
        let all = AllMatches {
            output_field: OUTPUT_ID,
            visible: Some(self.visible_docs.at_levels(
                &searcher,
                self.fields.visibility,
                &levels,
            )?),
            boosted: match q.lang {
                Some(lang) => Some((
                    self.lang_docs.of(
                        &searcher,
                        self.fields.lang,
                        lang.index() as u8,
                        &[lang.code()],
                    )?,
                    UI_LANG_BOOST,
                )),
                None => None,
            },
        };
        let mut query = self.build_query(q, false)?;
        let matches = match searcher.search(&query, &all) {
            Ok(m) => m,
            // Syntax the parser accepts but the index cannot run (`title:*`
            // asks whether a field exists): the text is searched as words.
            Err(_) if !q.text.trim().is_empty() => {
                query = self.build_query(q, true)?;
                searcher.search(&query, &all)?
            }
            Err(e) => return Err(e.into()),
        };
        let grouped = Grouped::new(matches);

        let mut results = SearchResults {
            total: grouped.total(),
            ..SearchResults::default()
        };
        if !q.facets.is_empty() {
            let tables = self
                .facet_tables
                .of(&searcher, grouped.segment_ordinals())?;
            for (facet, mut values) in grouped.facet_counts(&tables, &q.facets) {
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                values.truncate(MAX_FACET_VALUES);
                results.facets.insert(facet, values);
            }
        }
        if q.limit > 0 {
            let page = grouped.page(q.offset, q.limit);
            let shown = grouped.shown(&searcher, &Facet::Lang.field_name(), &page, q.lang)?;
            let docs: Vec<(f32, DocAddress)> = page
                .iter()
                .zip(&shown)
                .map(|(g, (addr, _))| (grouped.groups[*g as usize].score, *addr))
                .collect();
            results.hits = self.hits(&searcher, query.as_ref(), &docs)?;
            for (hit, (_, langs)) in results.hits.iter_mut().zip(shown) {
                hit.also_in = langs;
            }
        }
        self.cache.put(generation, q, &results);
        Ok(results)
    }

    fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn TQuery,
        docs: &[(f32, DocAddress)],
    ) -> Result<Vec<Hit>, SearchError> {
        let mut generators: BTreeMap<Lang, (SnippetGenerator, SnippetGenerator)> = BTreeMap::new();
        let mut hits = Vec::with_capacity(docs.len());
        for (score, addr) in docs {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let text_of = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let lang = text_of(self.fields.lang)
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(Lang::En);
            let lf = self.fields.text[lang.index()];
            if let std::collections::btree_map::Entry::Vacant(slot) = generators.entry(lang) {
                let mut title = SnippetGenerator::create(searcher, query, lf.title)?;
                title.set_max_num_chars(1000);
                let mut summary = SnippetGenerator::create(searcher, query, lf.summary)?;
                summary.set_max_num_chars(SNIPPET_CHARS);
                slot.insert((title, summary));
            }
            let (title_gen, summary_gen) = &generators[&lang];
            let title = text_of(lf.title).unwrap_or_default();
            let summary = text_of(lf.summary).unwrap_or_default();
            let mut title_snippet = title_gen.snippet(&title);
            title_snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            // The snippet is the stretch from the first to the last highlighted word: the
            // title around it (an opening quote, a closing bracket or full stop) is kept.
            let range = title_snippet.fragment_range();
            let title_html = match (title.get(..range.start), title.get(range.end..)) {
                (Some(before), Some(after)) if !title_snippet.is_empty() => format!(
                    "{}{}{}",
                    escape_xml(before),
                    title_snippet.to_html(),
                    escape_xml(after)
                ),
                _ => escape_xml(&title),
            };
            let mut snippet = summary_gen.snippet(&summary);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let snippet_html = if !snippet.is_empty() {
                snippet.to_html()
            } else {
                escape_xml(&truncate_chars(&summary, SNIPPET_CHARS))
            };
            hits.push(Hit {
                output_id: doc
                    .get_first(self.fields.output_id)
                    .and_then(|v| v.as_i64())
                    .unwrap_or_default(),
                lang,
                also_in: Vec::new(),
                score: *score,
                title,
                title_html,
                snippet_html,
                date: text_of(self.fields.date_text),
                output_type: text_of(self.fields.output_type).unwrap_or_default(),
            });
        }
        Ok(hits)
    }

    /// Builds the Tantivy query: text (every language's analyser + bridge expansions), score-
    /// neutral filters (facets, dates), soft boosts (themes). Visibility and the UI language
    /// are not part of it: the collector keeps only the documents the reader may see and adds
    /// the UI language's boost.
    fn build_query(&self, q: &Query, plain: bool) -> Result<Box<dyn TQuery>, SearchError> {
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        match self.text_query(q, plain) {
            Some(text) => clauses.push((Occur::Must, text)),
            None => clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0)),
            )),
        }

        let mut by_facet: BTreeMap<Facet, Vec<Term>> = BTreeMap::new();
        for (facet, value) in &q.filters {
            by_facet
                .entry(*facet)
                .or_default()
                .push(self.facet_term(*facet, value));
        }
        for terms in by_facet.into_values() {
            clauses.push((
                Occur::Must,
                filter(Box::new(BooleanQuery::new_multiterms_query(terms))),
            ));
        }

        if q.date_from.is_some() || q.date_to.is_some() {
            let bound = |d: &Option<String>, end: bool| -> Result<Bound<Term>, SearchError> {
                Ok(match d {
                    Some(d) => {
                        Bound::Included(Term::from_field_i64(self.fields.date, parse_date(d, end)?))
                    }
                    None => Bound::Unbounded,
                })
            };
            let range = RangeQuery::new(bound(&q.date_from, false)?, bound(&q.date_to, true)?);
            clauses.push((Occur::Must, filter(Box::new(range))));
        }

        for theme in &q.themes {
            let term = self.facet_term(Facet::Theme, theme);
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    THEME_BOOST,
                )),
            ));
        }
        // The UI language's boost is added by the collector (see `search`).
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn facet_term(&self, facet: Facet, value: &str) -> Term {
        let field = self.fields.facets[facet as usize];
        Term::from_facet(field, &TFacet::from_path([value.trim()]))
    }

    /// The text part: for each language, the user's query parsed over that language's fields
    /// (falling back to plain words on a syntax error); plus bridge expansions. All optional
    /// among themselves: a version matches when its own language's sub-query does or when an
    /// expansion does.
    fn text_query(&self, q: &Query, plain: bool) -> Option<Box<dyn TQuery>> {
        let text = q.text.trim();
        if text.is_empty() {
            return None;
        }
        let mut should: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for lang in Lang::ALL {
            let mut parser = self.parsers[lang.index()].clone();
            if q.all_terms {
                parser.set_conjunction_by_default();
            }
            let input = if lang == Lang::Zh {
                segment_han(text)
            } else {
                text.to_string()
            };
            let parsed = match parser.parse_query(&input) {
                Ok(query) if !plain => Some(query),
                _ => self.plain_query(lang, text, q.all_terms),
            };
            if let Some(query) = parsed {
                should.push((Occur::Should, query));
            }
        }
        if q.cross_language
            && let Some(bridge) = &self.bridge
        {
            for (term, lang, weight) in bridge.expand(text) {
                if let Some(query) = self.term_query(lang, &term) {
                    should.push((Occur::Should, Box::new(BoostQuery::new(query, weight))));
                }
            }
        }
        if should.is_empty() {
            return Some(Box::new(EmptyQuery));
        }
        Some(Box::new(BooleanQuery::new(should)))
    }

    /// Plain-word query for text the parser rejected: each analysed word over the language's
    /// fields, required or optional per `all_terms`.
    fn plain_query(&self, lang: Lang, text: &str, all_terms: bool) -> Option<Box<dyn TQuery>> {
        let lf = self.fields.text[lang.index()];
        let words = analysis::analyze(lang, text);
        if words.is_empty() {
            return None;
        }
        let occur = if all_terms {
            Occur::Must
        } else {
            Occur::Should
        };
        let clauses = words
            .iter()
            .map(|w| {
                (
                    occur,
                    field_alternatives(lf, |field| vec![(0, Term::from_field_text(field, w))]),
                )
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }
    /// A term (or phrase, when it analyses to several tokens) over one language's fields.
    fn term_query(&self, lang: Lang, term: &str) -> Option<Box<dyn TQuery>> {
        let lf = self.fields.text[lang.index()];
        let tokens = analyzed_positions(lang, term);
        if tokens.is_empty() {
            return None;
        }
        Some(field_alternatives(lf, |field| {
            tokens
                .iter()
                .map(|(pos, t)| (*pos, Term::from_field_text(field, t)))
                .collect()
        }))
    }
}

/// `title | abstract | body` of one language, boosted, for a term or positioned phrase.
fn field_alternatives(
    lf: LangFields,
    terms: impl Fn(Field) -> Vec<(usize, Term)>,
) -> Box<dyn TQuery> {
    let one = |field: Field, boost: f32| -> Box<dyn TQuery> {
        let mut terms = terms(field);
        let q: Box<dyn TQuery> = if terms.len() == 1 {
            Box::new(TermQuery::new(
                terms.remove(0).1,
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new_with_offset(terms))
        };
        if boost == 1.0 {
            q
        } else {
            Box::new(BoostQuery::new(q, boost))
        }
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, one(lf.title, TITLE_BOOST)),
        (Occur::Should, one(lf.summary, ABSTRACT_BOOST)),
        (Occur::Should, one(lf.body, 1.0)),
    ]))
}

fn analyzed_positions(lang: Lang, text: &str) -> Vec<(usize, String)> {
    use tantivy::tokenizer::TokenStream;
    let mut analyzer = analysis::analyzer(lang);
    let mut stream = analyzer.token_stream(text);
    let mut out: Vec<(usize, String)> = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    // Positions relative to the earliest (jieba may emit them out of order).
    if let Some(first) = out.iter().map(|(p, _)| *p).min() {
        for (p, _) in &mut out {
            *p -= first;
        }
    }
    out
}

/// A filter: must match, adds nothing to the score.
fn filter(q: Box<dyn TQuery>) -> Box<dyn TQuery> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// Puts spaces between the jieba words of each run of Han characters outside double quotes,
/// so the query parser treats them as separate words (AND/OR) rather than one phrase.
/// Quoted text stays a phrase.
fn segment_han(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_quotes = false;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            let words = analysis::analyze(Lang::Zh, run);
            out.push(' ');
            out.push_str(&words.join(" "));
            out.push(' ');
            run.clear();
        }
    };
    for c in text.chars() {
        if !in_quotes && is_han_char(c) {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out);
        if c == '"' {
            in_quotes = !in_quotes;
        }
        out.push(c);
    }
    flush(&mut run, &mut out);
    out
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` → `YYYYMMDD` as a number; a partial date is the first
/// day of its period, or the last one when `end`.
fn parse_date(s: &str, end: bool) -> Result<i64, SearchError> {
    let bad = || SearchError::InvalidValue {
        what: "date",
        value: s.to_string(),
    };
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Result<i64, SearchError> {
        if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    let (y, m, d) = match parts.as_slice() {
        [y] => (
            num(y, 4)?,
            if end { 12 } else { 1 },
            if end { 31 } else { 1 },
        ),
        [y, m] => (num(y, 4)?, num(m, 2)?, if end { 31 } else { 1 }),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok(y * 10_000 + m * 100 + d)
}

fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2026-03-05", false).unwrap(), 20260305);
        assert_eq!(parse_date("2026", true).unwrap(), 20261231);
        assert_eq!(parse_date("2026-02", false).unwrap(), 20260201);
        assert!(parse_date("26-1", false).is_err());
    }

    /// Versions of one output in two segments (written by two commits without the delete
    /// that `upsert` does): still one hit, one in the total and in each facet value.
    #[test]
    fn versions_in_several_segments_are_one_output() {
        let index = SearchIndex::in_memory().unwrap();
        let version = |id: i64, lang: Lang, title: &str| {
            let mut d = IndexDoc::new(id, lang, title);
            d.output_type = "research-paper".into();
            d.themes = vec!["finance".into(), "tax".into()];
            d
        };
        for docs in [
            vec![
                version(1, Lang::En, "Debt and tax"),
                version(2, Lang::En, "Tax treaties"),
            ],
            vec![
                version(1, Lang::Fr, "Dette et tax"),
                version(1, Lang::Es, "Deuda y tax"),
            ],
        ] {
            let mut guard = index.writer().unwrap();
            let writer = guard.as_mut().unwrap();
            for d in &docs {
                writer.add_document(index.to_tantivy(d).unwrap()).unwrap();
            }
            index.commit(writer).unwrap();
        }
        assert!(index.reader.searcher().segment_readers().len() >= 2);

        let mut q = Query::new("tax");
        q.cross_language = false;
        q.lang = Some(Lang::Es);
        let r = index.search(&q).unwrap();
        assert_eq!(r.total, 2);
        assert_eq!(r.hits.len(), 2);
        let one = r.hits.iter().find(|h| h.output_id == 1).unwrap();
        assert_eq!(one.lang, Lang::Es);
        assert_eq!(one.also_in, [Lang::En, Lang::Fr]);
        let facet = |f: Facet| r.facets[&f].clone();
        let pairs = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
        };
        assert_eq!(facet(Facet::Type), pairs(&[("research-paper", 2)]));
        assert_eq!(facet(Facet::Theme), pairs(&[("finance", 2), ("tax", 2)]));
        assert_eq!(
            facet(Facet::Lang),
            pairs(&[("en", 2), ("es", 1), ("fr", 1)])
        );
        // one output per page
        q.limit = 1;
        let first = index.search(&q).unwrap().hits[0].output_id;
        q.offset = 1;
        let second = index.search(&q).unwrap().hits[0].output_id;
        assert_ne!(first, second);
    }

    #[test]
    fn han_runs_are_segmented_outside_quotes() {
        let s = segment_han("世贸组织改革 \"知识产权保护\" WTO");
        assert!(s.contains("世贸组织 改革"), "{s}");
        assert!(s.contains("\"知识产权保护\""), "{s}");
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    /// The per-segment tables (facet values, visible documents) are read once per segment and
    /// kept: an output rewritten with other themes and another visibility is counted and
    /// filtered by what it is now, and the tables of segments no longer searched are dropped.
    #[test]
    fn kept_segment_tables_follow_rewrites() {
        let index = with_cache(0);
        let themed = |theme: &str, visibility: Visibility| {
            let mut d = doc(1, "Fisheries subsidies", visibility);
            d.themes = vec![theme.into()];
            d
        };
        let mut q = Query::new("fisheries").visible(&[Visibility::Public]);
        q.facets = vec![Facet::Theme];
        let themes = |index: &SearchIndex, q: &Query| {
            let r = index.search(q).unwrap();
            (r.total, r.facets[&Facet::Theme].clone())
        };
        index
            .upsert(&[themed("trade", Visibility::Public)])
            .unwrap();
        assert_eq!(themes(&index, &q), (1, vec![("trade".to_string(), 1)]));
        index
            .upsert(&[themed("oceans", Visibility::Public)])
            .unwrap();
        assert_eq!(themes(&index, &q), (1, vec![("oceans".to_string(), 1)]));
        index
            .upsert(&[themed("oceans", Visibility::Internal)])
            .unwrap();
        assert_eq!(themes(&index, &q), (0, vec![]), "no longer public");
        let staff = q
            .clone()
            .visible(&[Visibility::Public, Visibility::Internal]);
        assert_eq!(themes(&index, &staff), (1, vec![("oceans".to_string(), 1)]));
        // many rewrites later, only the tables of the segments searched now are kept
        for i in 0..30 {
            index
                .upsert(&[themed(&format!("t{i}"), Visibility::Public)])
                .unwrap();
            index.search(&q).unwrap();
        }
        let segments = index.reader.searcher().segment_readers().len();
        assert!(
            index.facet_tables.len() <= segments,
            "{} tables for {segments} segments",
            index.facet_tables.len()
        );
        assert_eq!(themes(&index, &q), (1, vec![("t29".to_string(), 1)]));
    }

    fn doc(id: i64, title: &str, visibility: Visibility) -> IndexDoc {
        let mut d = IndexDoc::new(id, Lang::En, title);
        d.visibility = visibility;
        d
    }

    /// A repeated query is answered from the cache, and only while the index
    /// is unchanged: a write (upsert or delete) is seen by the next search.
    #[test]
    fn kept_answers_never_outlive_a_change_of_the_index() {
        let index = SearchIndex::in_memory().unwrap();
        index
            .upsert(&[doc(1, "Fisheries subsidies", Visibility::Public)])
            .unwrap();
        let q = Query::new("fisheries");
        let first = index.search(&q).unwrap();
        assert_eq!(first.total, 1);
        assert_eq!(index.cache.len(), 1);
        assert_eq!(index.search(&q).unwrap(), first);
        assert_eq!(index.cache.len(), 1, "answered from the cache");

        index
            .upsert(&[doc(2, "Fisheries and trade", Visibility::Public)])
            .unwrap();
        assert_eq!(
            index.search(&q).unwrap().total,
            2,
            "the new output is found"
        );
        index.delete(1).unwrap();
        let after = index.search(&q).unwrap();
        assert_eq!(after.total, 1);
        assert_eq!(after.hits[0].output_id, 2);
    }

    /// The whole query is the key: an answer computed for staff is not
    /// handed to the public, nor one page for another.
    #[test]
    fn kept_answers_are_per_query_and_visibility() {
        let index = SearchIndex::in_memory().unwrap();
        index
            .upsert(&[
                doc(1, "Fisheries subsidies", Visibility::Public),
                doc(2, "Fisheries negotiating notes", Visibility::Internal),
            ])
            .unwrap();
        let mut staff = Query::new("fisheries");
        staff.visibility = vec![Visibility::Public, Visibility::Internal];
        assert_eq!(index.search(&staff).unwrap().total, 2);
        let public = Query::new("fisheries");
        let r = index.search(&public).unwrap();
        assert_eq!(r.total, 1);
        assert_eq!(r.hits[0].output_id, 1);
        let mut second = staff.clone();
        second.offset = 1;
        second.limit = 1;
        assert_eq!(index.search(&second).unwrap().hits.len(), 1);
        assert_eq!(index.cache.len(), 3);
    }

    fn with_cache(answers: usize) -> SearchIndex {
        let options = Options {
            result_cache: answers,
            ..Options::default()
        };
        SearchIndex::from_index(Index::create_in_ram(build_schema().0), options).unwrap()
    }

    /// Bounded: the oldest answers are forgotten first.
    #[test]
    fn the_cache_keeps_at_most_its_capacity() {
        let index = with_cache(3);
        index
            .upsert(&[doc(1, "alpha beta gamma delta epsilon", Visibility::Public)])
            .unwrap();
        for word in ["alpha", "beta", "gamma", "delta", "epsilon"] {
            assert_eq!(index.search(&Query::new(word)).unwrap().total, 1);
        }
        assert_eq!(index.cache.len(), 3);
        let none = with_cache(0);
        none.search(&Query::new("alpha")).unwrap();
        assert_eq!(none.cache.len(), 0);
    }
}
