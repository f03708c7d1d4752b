//! The knowledge base: the catalogue of the Centre's outputs over the
//! store and the search index.
//!
//! [`Catalogue`] is the one way outputs are written by the web app and the
//! CLI: it validates a record (field by field), has the tagger propose
//! themes and SDGs with evidence for a new output, and writes to the store,
//! which appends the write to its change feed in the same transaction.
//! The search index is a follower of that feed ([`Catalogue::catch_up`]):
//! it records the last position it applied and applies what came after,
//! whoever wrote it (this process, the CLI, another server);
//! [`Catalogue::follow`] keeps doing so while a server runs, and
//! [`Catalogue::reindex`] asks every follower to rebuild from the store.
//!
//! Beside it: [`search`] (search requests with the caller's access scope,
//! one code path for the page, the API and the CLI), [`cite`] (BibTeX,
//! RIS, CSL-JSON, CSV), [`atom`] (feeds) and [`oai`] (OAI-PMH 2.0 with
//! Dublin Core).
//!
//! **Invariant:** the store is the truth. The index holds nothing that
//! cannot be rebuilt from the store, and it is written only by following
//! the feed; a crash between a store write and the index leaves the write
//! in the feed, applied at the next catch-up (at the latest when `serve`
//! starts). No manual step is needed.

pub mod atom;
pub mod cite;
pub mod oai;
pub mod search;
pub mod series;
mod xml;

use std::path::Path;
use std::sync::Arc;

use southdesk_plan::outputs::{
    FieldError, NewOutput, Output, ProposedTag, TagKind, Visibility, corrections_for,
};
use southdesk_plan::{Account, Lang, PlanVersion};
use southdesk_search::{IndexDoc, SearchError, SearchIndex, ThemeBridge};
use southdesk_store::{NewFile, OutputFilter, OutputOrder, Page, Store, StoreError};
use southdesk_tagger::{TagOptions, Tagger};
use std::time::Duration;

pub use search::{SearchParams, SearchResponse};

/// The tagger's theme vocabulary, also the search's cross-language bridge.
const THEMES_VOCAB: &str = include_str!("../../../data/vocab/themes.toml");

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// The record is not valid; every faulty field is named.
    #[error("{}", southdesk_plan::outputs::describe(.0))]
    Invalid(Vec<FieldError>),
    #[error("output {0} not found")]
    NotFound(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

impl KbError {
    /// Stable code, in the style of the store's.
    pub fn code(&self) -> &'static str {
        match self {
            KbError::Invalid(_) => "invalid",
            KbError::NotFound(_) => "not_found",
            KbError::Store(e) => e.code(),
            KbError::Search(e) => e.code(),
        }
    }
}

/// Opens (or creates) the search index in `dir` (`DATA/index/`), with the
/// cross-language bridge built from the theme vocabulary.
pub fn open_index(dir: &Path) -> Result<SearchIndex, SearchError> {
    open_index_with(dir, southdesk_search::Options::default())
}

/// [`open_index`] with the index's tuning options (the benchmark measures
/// search without its result cache).
pub fn open_index_with(
    dir: &Path,
    options: southdesk_search::Options,
) -> Result<SearchIndex, SearchError> {
    Ok(SearchIndex::open_with(dir, options)?.with_bridge(bridge()?))
}

/// A fresh in-memory index with the bridge (tests, `serve` without data).
pub fn memory_index() -> Result<SearchIndex, SearchError> {
    Ok(SearchIndex::in_memory()?.with_bridge(bridge()?))
}

fn bridge() -> Result<ThemeBridge, SearchError> {
    ThemeBridge::from_vocab_toml(THEMES_VOCAB)
}

/// The catalogue: store, index and tagger together.
#[derive(Clone)]
pub struct Catalogue {
    pub store: Arc<dyn Store>,
    pub index: Arc<SearchIndex>,
    pub tagger: Arc<Tagger>,
    /// Whether each write is applied to the index before the call returns
    /// (the default: what a user just saved is searchable at once). Bulk
    /// loads turn it off and call [`Catalogue::catch_up`] now and then, so
    /// the index commits once per batch instead of once per output.
    pub index_each_write: bool,
}

/// What a [`Catalogue::catch_up`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaughtUp {
    /// The feed position the index stands at now.
    pub position: i64,
    /// Outputs written to the index (each output once per batch it was in).
    pub outputs: usize,
    /// Whether it rebuilt the index from the store (a new or lost index, an
    /// index ahead of its store, or a `southdesk reindex`).
    pub rebuilt: bool,
}

/// Changes read from the feed in one batch (one index commit).
const FEED_BATCH: u32 = 500;
/// Outputs read from the store at once when rebuilding.
const REBUILD_BATCH: u32 = 200;

impl Catalogue {
    pub fn new(store: Arc<dyn Store>, index: Arc<SearchIndex>, tagger: Arc<Tagger>) -> Catalogue {
        Catalogue {
            store,
            index,
            tagger,
            index_each_write: true,
        }
    }

    /// The adopted plan, which records are checked and tagged against
    /// (`None` before any plan is adopted).
    pub async fn plan(&self) -> Result<Option<Arc<PlanVersion>>, StoreError> {
        self.store.adopted_plan_shared().await
    }

    /// Normalises and checks a record: field rules, then theme, programme
    /// and forum ids against the adopted plan (if there is one).
    pub async fn check(&self, new: &mut NewOutput) -> Result<(), KbError> {
        let plan = self.plan().await?;
        check_with(new, plan.as_deref())
    }

    /// What the tagger proposes for `new`, with evidence: themes of the
    /// adopted plan and SDGs, read from the title, abstract and the start
    /// of the body of each version.
    pub async fn propose(&self, new: &NewOutput) -> Result<Vec<ProposedTag>, StoreError> {
        let plan = self.plan().await?;
        Ok(self.propose_with(new, plan.as_deref()).await)
    }

    /// [`propose`](Self::propose) against `plan`, the adopted plan read by
    /// the caller.
    async fn propose_with(&self, new: &NewOutput, plan: Option<&PlanVersion>) -> Vec<ProposedTag> {
        let text = tagging_text(new);
        let tagger = self.tagger.clone();
        let result = tokio::task::spawn_blocking(move || tagger.tag(&text, &TagOptions::default()))
            .await
            .unwrap_or_default();
        let mut tags = Vec::new();
        for t in result.themes.iter().filter(|t| !t.candidate) {
            if plan.is_some_and(|p| p.plan.theme(&t.id).is_none()) {
                continue;
            }
            tags.push(ProposedTag {
                kind: TagKind::Theme,
                value: t.id.clone(),
                score: t.score,
                evidence: evidence_terms(t.evidence.iter().map(|e| e.term.as_str())),
            });
        }
        for s in result.sdgs.iter().filter(|s| !s.candidate) {
            if !(1..=17).contains(&s.goal) {
                continue;
            }
            tags.push(ProposedTag {
                kind: TagKind::Sdg,
                value: s.goal.to_string(),
                score: s.score,
                evidence: evidence_terms(s.evidence.iter().map(|e| e.term.as_str())),
            });
        }
        tags
    }

    /// What [`create`](Self::create) does before storing: checks the
    /// record and has the tagger propose themes and SDGs, which become its
    /// tags until staff confirm them, unless the record brings its own.
    /// Nothing is written.
    pub async fn prepare(&self, new: NewOutput) -> Result<NewOutput, KbError> {
        // The adopted plan is read once for both.
        let plan = self.plan().await?;
        self.prepare_against(new, plan.as_deref()).await
    }

    /// [`prepare`](Self::prepare) against `plan`, read by the caller with
    /// [`plan`](Self::plan): a bulk load reads it once for all its records.
    pub async fn prepare_against(
        &self,
        mut new: NewOutput,
        plan: Option<&PlanVersion>,
    ) -> Result<NewOutput, KbError> {
        check_with(&mut new, plan)?;
        if new.proposed_tags.is_empty() {
            new.proposed_tags = self.propose_with(&new, plan).await;
        }
        if !new.tags_confirmed && new.themes.is_empty() && new.sdgs.is_empty() {
            for t in &new.proposed_tags {
                match t.kind {
                    TagKind::Theme => new.themes.push(t.value.clone()),
                    TagKind::Sdg => new.sdgs.extend(t.value.parse::<u8>().ok()),
                }
            }
        }
        Ok(new)
    }

    /// Creates an output: [`prepare`](Self::prepare)s it, stores it,
    /// indexes it.
    pub async fn create(&self, new: NewOutput, by: Option<&Account>) -> Result<Output, KbError> {
        let new = self.prepare(new).await?;
        let output = self
            .store
            .create_output(new, by.map(|a| a.id))
            .await
            .map_err(invalid_from_store)?;
        self.after_write().await;
        Ok(output)
    }

    /// Stores records [`prepare`](Self::prepare)d before, each with its
    /// files, then indexes them: a bulk load's batch. The batch is one
    /// transaction; if the store refuses it, each record is stored on its
    /// own, so that one bad record fails alone and says why. One result per
    /// record, in order.
    pub async fn create_prepared(
        &self,
        batch: Vec<(Vec<NewFile>, NewOutput)>,
        by: Option<&Account>,
    ) -> Vec<Result<Output, KbError>> {
        let by = by.map(|a| a.id);
        let files: Vec<NewFile> = batch.iter().flat_map(|(f, _)| f.iter().cloned()).collect();
        let records: Vec<NewOutput> = batch.iter().map(|(_, n)| n.clone()).collect();
        let results = match self.store.create_outputs(&files, records, by).await {
            Ok(outputs) => outputs.into_iter().map(Ok).collect(),
            Err(_) => {
                let mut results = Vec::with_capacity(batch.len());
                for (files, new) in batch {
                    let one = self.store.create_outputs(&files, vec![new], by).await;
                    results.push(one.map_err(invalid_from_store).and_then(|mut o| {
                        o.pop().ok_or_else(|| {
                            KbError::Store(StoreError::NotFound {
                                what: "stored output",
                                id: "(new)".into(),
                            })
                        })
                    }));
                }
                results
            }
        };
        self.after_write().await;
        results
    }

    /// Replaces an output's record. The tagger's proposal is kept (unless
    /// the record brings one). When staff confirm tags that differ from
    /// the proposal — and changed them in this edit — the change is stored
    /// as a correction, in the same transaction.
    pub async fn update(
        &self,
        id: i64,
        mut new: NewOutput,
        by: Option<&Account>,
    ) -> Result<Output, KbError> {
        let old = self.store.output(id).await?.ok_or(KbError::NotFound(id))?;
        self.check(&mut new).await?;
        if new.proposed_tags.is_empty() {
            new.proposed_tags = old.proposed_tags.clone();
        }
        let mut corrections = Vec::new();
        let changed = sorted(&new.themes) != sorted(&old.themes)
            || sorted(&new.sdgs) != sorted(&old.sdgs)
            || (new.tags_confirmed && !old.tags_confirmed);
        if new.tags_confirmed && changed {
            let version = new.best_version(Lang::En);
            let text = format!("{}\n{}", version.title, version.abstract_);
            corrections = corrections_for(
                id,
                &new.proposed_tags,
                &new.themes,
                &new.sdgs,
                version.lang,
                &text,
                by.map(|a| a.id),
            );
        }
        let output = self
            .store
            .update_output(id, new, corrections)
            .await
            .map_err(|e| match e {
                StoreError::NotFound { .. } => KbError::NotFound(id),
                e => invalid_from_store(e),
            })?;
        self.after_write().await;
        Ok(output)
    }

    /// Sets the visibility of the outputs `ids` (publishing them with
    /// [`Visibility::Public`]): each is one store write, then indexed again.
    /// Outputs already at `to` are left as they are. Stops at the first id
    /// that is not stored ([`KbError::NotFound`]); the ones before it are
    /// changed.
    pub async fn set_visibility(
        &self,
        ids: &[i64],
        to: Visibility,
        by: Option<&Account>,
    ) -> Result<Vec<VisibilityChange>, KbError> {
        let mut changes = Vec::with_capacity(ids.len());
        for &id in ids {
            let old = self.store.output(id).await?.ok_or(KbError::NotFound(id))?;
            let from = old.visibility;
            if from == to {
                changes.push(VisibilityChange { output: old, from });
                continue;
            }
            let mut record = old.record;
            record.visibility = to;
            let output = self.update(id, record, by).await?;
            changes.push(VisibilityChange { output, from });
        }
        Ok(changes)
    }

    /// The ids of every stored output with visibility `v`, oldest first.
    pub async fn ids_with_visibility(&self, v: Visibility) -> Result<Vec<i64>, KbError> {
        const BATCH: u64 = 500;
        let filter = OutputFilter {
            order: OutputOrder::Id,
            ..OutputFilter::everything()
        };
        let mut ids = Vec::new();
        let mut offset = 0;
        loop {
            let page = self
                .store
                .outputs(
                    &filter,
                    Page {
                        offset,
                        limit: BATCH,
                    },
                )
                .await?;
            if page.outputs.is_empty() {
                break;
            }
            ids.extend(
                page.outputs
                    .iter()
                    .filter(|o| o.visibility == v)
                    .map(|o| o.id),
            );
            offset += BATCH;
        }
        Ok(ids)
    }

    /// Deletes an output from the store (and so from the index).
    pub async fn delete(&self, id: i64) -> Result<(), KbError> {
        self.store.delete_output(id).await.map_err(|e| match e {
            StoreError::NotFound { .. } => KbError::NotFound(id),
            e => e.into(),
        })?;
        self.after_write().await;
        Ok(())
    }

    /// After a store write: the index catches up at once, unless writes
    /// are batched. A failure loses nothing (the write is in the feed and
    /// is applied at the next catch-up); another process writing the index
    /// (a running server) applies it itself within a second.
    async fn after_write(&self) {
        if !self.index_each_write {
            return;
        }
        match self.catch_up().await {
            Ok(_) => {}
            Err(KbError::Search(SearchError::Busy)) => {
                tracing::debug!(
                    "the search index is written by another process, which follows the store"
                )
            }
            Err(e) => tracing::warn!(
                error = %e,
                "search index not updated now; it catches up from the store's change feed"
            ),
        }
    }

    /// Applies to the index every write of the store's change feed it has
    /// not applied yet, in batches of one commit each, recording the
    /// position reached with each commit. Rebuilds from the store when the
    /// index has applied nothing (new, lost, or written before the feed),
    /// stands ahead of the store (another database), or the feed asks for
    /// it. Safe to call from several tasks at once: a batch applies only if
    /// the index still stands where the batch was read from.
    /// [`SearchError::Busy`] (as [`KbError::Search`]) when another process
    /// writes this index folder.
    pub async fn catch_up(&self) -> Result<CaughtUp, KbError> {
        let mut done = CaughtUp::default();
        // What the feed holds now is applied; writes that come meanwhile are
        // left to the next call. Chasing them would commit a few outputs at
        // a time for as long as a bulk load writes (15 commits a second,
        // most of an ingest's time).
        let target = self.store.last_output_change().await?;
        loop {
            let from = self.index.position()?;
            let head = self.store.last_output_change().await?;
            if from == head || (from != 0 && target <= from && from < head) {
                done.position = from;
                return Ok(done);
            }
            let changes = if from == 0 || from > head {
                Vec::new()
            } else {
                self.store.output_changes(from, FEED_BATCH).await?
            };
            if changes.is_empty() || changes.iter().any(|c| c.output_id.is_none()) {
                if let Some(n) = self.rebuild(from, head).await? {
                    done.rebuilt = true;
                    done.outputs += n;
                }
                continue;
            }
            let to = changes.last().map_or(head, |c| c.seq);
            let mut ids: Vec<i64> = changes.iter().filter_map(|c| c.output_id).collect();
            ids.sort_unstable();
            ids.dedup();
            let outputs = self.store.outputs_by_id(&ids).await?;
            let docs: Vec<IndexDoc> = outputs.iter().flat_map(index_docs).collect();
            let index = self.index.clone();
            let n = ids.len();
            let applied = tokio::task::spawn_blocking(move || {
                index.apply_changes(from, to, false, &ids, docs.into_iter().map(Ok))
            })
            .await
            .map_err(|e| SearchError::Io(format!("index writer task: {e}")))??;
            if applied {
                done.outputs += n;
            }
        }
    }

    /// Rebuilds the index from every stored output, recording `head` as
    /// its position; `None` if the index moved from `from` meanwhile. The
    /// outputs are streamed to the writer in batches (memory stays bounded
    /// whatever the store holds); a store error rolls the rebuild back.
    async fn rebuild(&self, from: i64, head: i64) -> Result<Option<usize>, KbError> {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Vec<IndexDoc>, SearchError>>(2);
        let index = self.index.clone();
        let writer = tokio::task::spawn_blocking(move || {
            let docs = std::iter::from_fn(move || rx.blocking_recv()).flat_map(|batch| {
                let items: Vec<Result<IndexDoc, SearchError>> = match batch {
                    Ok(docs) => docs.into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e)],
                };
                items
            });
            index.apply_changes(from, head, true, &[], docs)
        });
        let mut after = 0;
        let mut count = 0;
        let mut failed = None;
        loop {
            let batch = match self.store.output_ids(after, REBUILD_BATCH).await {
                Ok(ids) if ids.is_empty() => break,
                Ok(ids) => self.store.outputs_by_id(&ids).await.map(|o| (ids, o)),
                Err(e) => Err(e),
            };
            match batch {
                Ok((ids, outputs)) => {
                    after = *ids.last().expect("not empty");
                    count += outputs.len();
                    let docs = outputs.iter().flat_map(index_docs).collect();
                    if tx.send(Ok(docs)).await.is_err() {
                        break; // the writer stopped: the index moved, or failed
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(SearchError::Io(e.to_string()))).await;
                    failed = Some(e);
                    break;
                }
            }
        }
        drop(tx);
        let applied = writer
            .await
            .map_err(|e| SearchError::Io(format!("index writer task: {e}")))?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        Ok(applied?.then_some(count))
    }

    /// Follows the change feed while the returned task runs: catches up at
    /// once, then whenever the feed moves, checked every `every` (writes by
    /// this process are applied as they happen; this picks up those of
    /// others — the CLI, another server — within about `every`).
    pub fn follow(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let catalogue = self.clone();
        tokio::spawn(async move {
            let mut failing = false;
            let mut seen = None;
            loop {
                // Take the index as soon as no other process writes it.
                let _ = catalogue.index.claim();
                let behind = match (
                    catalogue.index.position(),
                    catalogue.store.last_output_change().await,
                ) {
                    (Ok(at), Ok(head)) => at != head,
                    _ => true,
                };
                if behind {
                    match catalogue.catch_up().await {
                        Ok(_) => failing = false,
                        // Another process writes this index and follows the feed itself.
                        Err(KbError::Search(SearchError::Busy)) => {}
                        Err(e) if !failing => {
                            failing = true;
                            tracing::error!(error = %e, "search index cannot follow the store; retrying");
                        }
                        Err(_) => {}
                    }
                }
                // Searches see what another process committed meanwhile.
                if let Ok(at) = catalogue.index.position()
                    && seen != Some(at)
                    && catalogue.index.refresh().is_ok()
                {
                    seen = Some(at);
                }
                tokio::time::sleep(every).await;
            }
        })
    }

    /// Asks for the index to be rebuilt from the store: appends a rebuild
    /// entry to the change feed, then catches up. Returns the entry's
    /// position and, if this process could write the index, what it did;
    /// `None` when another process writes it (a running server: it
    /// rebuilds within a second — [`Catalogue::wait_for`] waits for it).
    pub async fn reindex(&self) -> Result<(i64, Option<CaughtUp>), KbError> {
        let seq = self.store.request_reindex().await?;
        match self.catch_up().await {
            Ok(done) => Ok((seq, Some(done))),
            Err(KbError::Search(SearchError::Busy)) => Ok((seq, None)),
            Err(e) => Err(e),
        }
    }

    /// Waits until the index (written by whichever process) has applied
    /// the feed up to `seq`; false if it has not within `timeout`.
    pub async fn wait_for(&self, seq: i64, timeout: Duration) -> Result<bool, KbError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if self.index.position()? >= seq {
                return Ok(true);
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// What [`Catalogue::set_visibility`] did to one output.
#[derive(Debug, Clone)]
pub struct VisibilityChange {
    /// The output as stored now.
    pub output: Output,
    /// Its visibility before (the same as now if it was already there).
    pub from: Visibility,
}

fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// Normalises and checks a record: field rules, then theme, programme and
/// forum ids against `plan` (the adopted plan, if there is one).
fn check_with(new: &mut NewOutput, plan: Option<&PlanVersion>) -> Result<(), KbError> {
    new.normalise();
    let mut errors = new.validate().err().unwrap_or_default();
    if let Some(plan) = plan {
        errors.extend(new.check_against_plan(&plan.plan));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(KbError::Invalid(errors))
    }
}

/// Store refusals of a record as field errors where they name one.
fn invalid_from_store(e: StoreError) -> KbError {
    match e {
        StoreError::Invalid(message) => {
            let field = message
                .split_once(':')
                .map(|(f, _)| f.to_string())
                .filter(|f| !f.contains(' '))
                .unwrap_or_else(|| "record".into());
            KbError::Invalid(vec![FieldError::new(field, "invalid", message)])
        }
        StoreError::Conflict(message) => {
            KbError::Invalid(vec![FieldError::new("number", "taken", message)])
        }
        e => KbError::Store(e),
    }
}

/// The distinct evidence terms, at most eight.
fn evidence_terms<'a>(terms: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in terms {
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}

/// The text the tagger reads for an output.
pub fn tagging_text(new: &NewOutput) -> String {
    const BODY_CHARS: usize = 20_000;
    let mut text = String::new();
    for v in &new.versions {
        text.push_str(&v.title);
        text.push('\n');
        text.push_str(&v.abstract_);
        text.push('\n');
        text.extend(v.body.chars().take(BODY_CHARS));
        text.push_str("\n\n");
    }
    text
}

fn search_visibility(v: Visibility) -> southdesk_search::Visibility {
    match v {
        Visibility::Public => southdesk_search::Visibility::Public,
        Visibility::Internal => southdesk_search::Visibility::Internal,
        Visibility::Confidential => southdesk_search::Visibility::Confidential,
    }
}

/// The index documents of an output: one per language version.
pub fn index_docs(o: &Output) -> Vec<IndexDoc> {
    o.versions
        .iter()
        .map(|v| {
            let mut d = IndexDoc::new(o.id, v.lang, v.title.clone());
            d.summary = v.abstract_.clone();
            d.body = v.body.clone();
            d.output_type = o.output_type.as_str().to_string();
            d.series = o.series.clone();
            d.themes = o.themes.clone();
            d.sdgs = o.sdgs.clone();
            d.programmes = o.programmes.clone();
            d.forums = o.forums.clone();
            d.countries = o.countries.clone();
            d.date = Some(o.date.to_string());
            d.visibility = search_visibility(o.visibility);
            d
        })
        .collect()
}
