//! The [`Sink`] over the knowledge base's [`Catalogue`]: what the CLI and
//! the web app use. The catalogue checks each record against the adopted
//! plan, has the tagger propose themes and SDGs, stores it and indexes it.

use std::sync::Arc;

use southdesk_kb::{Catalogue, KbError};
use southdesk_plan::outputs::{NewOutput, Output, OutputVersion};
use southdesk_plan::{Account, PlanVersion};
use tokio::sync::OnceCell;

use crate::pipeline::{NewFile, Sink, SinkError, merge_versions};

/// Writes through a [`Catalogue`], as `by` (recorded as creator). One sink
/// serves one run (an ingest, an upload): its records are checked and
/// tagged against the plan adopted when the first of them was prepared,
/// read once for all of them.
#[derive(Clone)]
pub struct CatalogueSink {
    pub catalogue: Catalogue,
    pub by: Option<Account>,
    plan: Arc<OnceCell<Option<Arc<PlanVersion>>>>,
}

impl CatalogueSink {
    pub fn new(catalogue: Catalogue, by: Option<Account>) -> CatalogueSink {
        CatalogueSink {
            catalogue,
            by,
            plan: Arc::default(),
        }
    }

    /// The run's plan (read by the first record that needs it).
    async fn plan(&self) -> Result<Option<&PlanVersion>, SinkError> {
        let plan = self.plan.get_or_try_init(|| self.catalogue.plan()).await?;
        Ok(plan.as_deref())
    }

    async fn put_files(&self, files: &[NewFile]) -> Result<(), SinkError> {
        for f in files {
            self.catalogue.store.put_file(&f.sha256, &f.bytes).await?;
        }
        Ok(())
    }
}

fn kb_error(e: KbError) -> SinkError {
    SinkError {
        code: e.code(),
        message: e.to_string(),
    }
}

#[async_trait::async_trait]
impl Sink for CatalogueSink {
    async fn output_by_file_hash(&self, sha256: &str) -> Result<Option<Output>, SinkError> {
        Ok(self.catalogue.store.output_by_file_hash(sha256).await?)
    }

    async fn create(&self, files: Vec<NewFile>, output: NewOutput) -> Result<Output, SinkError> {
        let prepared = self.prepare(output).await?;
        self.create_many(vec![(files, prepared)])
            .await
            .pop()
            .unwrap_or_else(|| {
                Err(SinkError {
                    code: "internal",
                    message: "the catalogue returned no output".into(),
                })
            })
    }

    async fn prepare(&self, output: NewOutput) -> Result<NewOutput, SinkError> {
        let plan = self.plan().await?;
        self.catalogue
            .prepare_against(output, plan)
            .await
            .map_err(kb_error)
    }

    /// Files and records of the batch in one transaction (each record on
    /// its own if the batch is refused), then one index update.
    async fn create_many(
        &self,
        batch: Vec<(Vec<NewFile>, NewOutput)>,
    ) -> Vec<Result<Output, SinkError>> {
        self.catalogue
            .create_prepared(batch, self.by.as_ref())
            .await
            .into_iter()
            .map(|r| r.map_err(kb_error))
            .collect()
    }

    async fn add_versions(
        &self,
        id: i64,
        files: Vec<NewFile>,
        versions: Vec<OutputVersion>,
    ) -> Result<Output, SinkError> {
        let mut record = self
            .catalogue
            .store
            .output(id)
            .await?
            .ok_or_else(|| kb_error(KbError::NotFound(id)))?
            .record;
        merge_versions(&mut record, versions)?;
        self.catalogue.check(&mut record).await.map_err(kb_error)?;
        self.put_files(&files).await?;
        self.catalogue
            .update(id, record, self.by.as_ref())
            .await
            .map_err(kb_error)
    }
}
