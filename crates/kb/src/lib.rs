//! The knowledge base: the catalogue of the Centre's outputs over the
//! store and the search index.
//!
//! [`Catalogue`] is the one way outputs are written by the web app and the
//! CLI: it validates a record (field by field), has the tagger propose
//! themes and SDGs with evidence for a new output, writes to the store, and
//! then updates the search index, so the index follows every write.
//! [`Catalogue::reindex`] rebuilds the index from the store alone.
//!
//! Beside it: [`search`] (search requests with the caller's access scope,
//! one code path for the page, the API and the CLI), [`cite`] (BibTeX,
//! RIS, CSL-JSON, CSV), [`atom`] (feeds) and [`oai`] (OAI-PMH 2.0 with
//! Dublin Core).
//!
//! **Invariant:** the store is the truth. The index holds nothing that
//! cannot be rebuilt from the store; a failed index update after a
//! successful store write is logged and repaired by `southdesk reindex`.

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
use southdesk_plan::{Account, Lang, Plan};
use southdesk_search::{IndexDoc, SearchError, SearchIndex, ThemeBridge};
use southdesk_store::{OutputFilter, OutputOrder, Page, Store, StoreError};
use southdesk_tagger::{TagOptions, Tagger};

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
    Ok(SearchIndex::open(dir)?.with_bridge(bridge()?))
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
}

impl Catalogue {
    pub fn new(store: Arc<dyn Store>, index: Arc<SearchIndex>, tagger: Arc<Tagger>) -> Catalogue {
        Catalogue {
            store,
            index,
            tagger,
        }
    }

    async fn plan(&self) -> Result<Option<Plan>, StoreError> {
        Ok(self.store.adopted_plan().await?.map(|v| v.plan))
    }

    /// Normalises and checks a record: field rules, then theme, programme
    /// and forum ids against the adopted plan (if there is one).
    pub async fn check(&self, new: &mut NewOutput) -> Result<(), KbError> {
        new.normalise();
        let mut errors = new.validate().err().unwrap_or_default();
        if let Some(plan) = self.plan().await? {
            errors.extend(new.check_against_plan(&plan));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(KbError::Invalid(errors))
        }
    }

    /// What the tagger proposes for `new`, with evidence: themes of the
    /// adopted plan and SDGs, read from the title, abstract and the start
    /// of the body of each version.
    pub async fn propose(&self, new: &NewOutput) -> Result<Vec<ProposedTag>, StoreError> {
        let plan = self.plan().await?;
        let text = tagging_text(new);
        let tagger = self.tagger.clone();
        let result = tokio::task::spawn_blocking(move || tagger.tag(&text, &TagOptions::default()))
            .await
            .unwrap_or_default();
        let mut tags = Vec::new();
        for t in result.themes.iter().filter(|t| !t.candidate) {
            if plan.as_ref().is_some_and(|p| p.theme(&t.id).is_none()) {
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
        Ok(tags)
    }

    /// Creates an output: checks it, has the tagger propose themes and
    /// SDGs (which become its tags until staff confirm them, unless the
    /// record brings its own), stores it, indexes it.
    pub async fn create(
        &self,
        mut new: NewOutput,
        by: Option<&Account>,
    ) -> Result<Output, KbError> {
        self.check(&mut new).await?;
        if new.proposed_tags.is_empty() {
            new.proposed_tags = self.propose(&new).await?;
        }
        if !new.tags_confirmed && new.themes.is_empty() && new.sdgs.is_empty() {
            for t in &new.proposed_tags {
                match t.kind {
                    TagKind::Theme => new.themes.push(t.value.clone()),
                    TagKind::Sdg => new.sdgs.extend(t.value.parse::<u8>().ok()),
                }
            }
        }
        let output = self
            .store
            .create_output(new, by.map(|a| a.id))
            .await
            .map_err(invalid_from_store)?;
        self.index_output(&output);
        Ok(output)
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
        self.index_output(&output);
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

    /// Deletes an output from the store and the index.
    pub async fn delete(&self, id: i64) -> Result<(), KbError> {
        self.store.delete_output(id).await.map_err(|e| match e {
            StoreError::NotFound { .. } => KbError::NotFound(id),
            e => e.into(),
        })?;
        if let Err(e) = self.index.delete(id) {
            tracing::error!(output = id, error = %e, "search index not updated; run `southdesk reindex`");
        }
        Ok(())
    }

    fn index_output(&self, output: &Output) {
        if let Err(e) = self.index.upsert(&index_docs(output)) {
            tracing::error!(output = output.id, error = %e, "search index not updated; run `southdesk reindex`");
        }
    }

    /// Rebuilds the index from the store alone; returns the number of
    /// outputs indexed.
    pub async fn reindex(&self) -> Result<usize, KbError> {
        const BATCH: u64 = 200;
        self.index.clear()?;
        let filter = OutputFilter {
            order: OutputOrder::Id,
            ..OutputFilter::everything()
        };
        let mut offset = 0;
        let mut count = 0;
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
            count += page.outputs.len();
            self.index
                .upsert_iter(page.outputs.iter().flat_map(index_docs))?;
            offset += BATCH;
        }
        Ok(count)
    }

    /// Rebuilds the index if it is empty while the store holds outputs (a
    /// new or lost index folder). Returns whether it did.
    pub async fn ensure_index(&self) -> Result<bool, KbError> {
        if self.index.doc_count() > 0 {
            return Ok(false);
        }
        let any = self
            .store
            .outputs(&OutputFilter::everything(), Page::first(1))
            .await?;
        if any.total == 0 {
            return Ok(false);
        }
        self.reindex().await?;
        Ok(true)
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
