//! The ingestion pipeline: paths (and a manifest) in, a [`Summary`] out.
//!
//! Files are visited in a fixed order (paths as given, folders walked with
//! entries sorted by name; hidden files skipped). Each file is read under
//! the size limit and hashed (SHA-256); a file whose content is already
//! stored is *skipped* before it is even parsed. Files that are language
//! versions of one output — the same `group` in the manifest, or names that
//! differ only by a language suffix (`RP199_EN.pdf`, `RP199_FR.pdf`) — are
//! stored together as one output; a new language version of an output
//! already stored is added to it.
//!
//! Each output is handed to the [`Sink`] whole: the sink stores its files
//! and then the record in one transaction, and tags and indexes it. A run
//! stopped at any point (Ctrl-C, a crash, a kill) leaves every output
//! either stored whole or not at all, and a second run stores what is
//! missing: deduplication by content hash makes the pipeline resumable
//! and idempotent by construction.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::StreamExt as _;
use serde::Serialize;
use southdesk_common::sha256_hex;
use southdesk_plan::Lang;
use southdesk_plan::outputs::{
    Author, FileRef, NewOutput, Output, OutputType, OutputVersion, Visibility,
};
use southdesk_store::{Store, StoreError};
use time::Date;

use crate::extract::{ExtractError, Extracted, Limits, extract_with, read_limited};
use crate::manifest::{Manifest, ManifestError, ManifestRow};

// ---- the sink -------------------------------------------------------------

pub use southdesk_store::NewFile;

/// Why a sink did not store an output: a stable code (`invalid`,
/// `conflict`, `not_found`, `database_unreachable`, …) and a one-line
/// message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SinkError {
    pub code: &'static str,
    pub message: String,
}

impl From<StoreError> for SinkError {
    fn from(e: StoreError) -> Self {
        SinkError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// Where the pipeline writes: the catalogue. [`CatalogueSink`](crate::CatalogueSink)
/// writes through the knowledge base's catalogue (which tags and
/// indexes); [`StoreSink`] through the [`Store`] alone.
#[async_trait::async_trait]
pub trait Sink: Send + Sync {
    /// The output holding a file with this content, if one does.
    async fn output_by_file_hash(&self, sha256: &str) -> Result<Option<Output>, SinkError>;

    /// Stores `files`, then creates `output` in one transaction; tags and
    /// indexes it.
    async fn create(&self, files: Vec<NewFile>, output: NewOutput) -> Result<Output, SinkError>;

    /// What [`create_many`](Self::create_many) needs done to a record
    /// before it is stored (checks, tags), with nothing written: the
    /// pipeline prepares several records at once and stores them in
    /// batches. By default, nothing.
    async fn prepare(&self, output: NewOutput) -> Result<NewOutput, SinkError> {
        Ok(output)
    }

    /// Stores a batch of [`prepare`](Self::prepare)d records, each with its
    /// files; one result per record, in order, each record stored whole or
    /// not at all. By default, one [`create`](Self::create) after the
    /// other.
    async fn create_many(
        &self,
        batch: Vec<(Vec<NewFile>, NewOutput)>,
    ) -> Vec<Result<Output, SinkError>> {
        let mut out = Vec::with_capacity(batch.len());
        for (files, output) in batch {
            out.push(self.create(files, output).await);
        }
        out
    }

    /// Stores `files`, then adds `versions` to the stored output `id` in one
    /// transaction; indexes it again.
    async fn add_versions(
        &self,
        id: i64,
        files: Vec<NewFile>,
        versions: Vec<OutputVersion>,
    ) -> Result<Output, SinkError>;
}

/// A [`Sink`] writing straight through the [`Store`] trait: files by hash,
/// then the output in one transaction. It proposes no tags and indexes
/// nothing (the catalogue does both): for tests and tools without an index.
#[derive(Clone)]
pub struct StoreSink {
    pub store: Arc<dyn Store>,
    /// The account recorded as creator.
    pub by: Option<i64>,
}

impl StoreSink {
    pub fn new(store: Arc<dyn Store>) -> StoreSink {
        StoreSink { store, by: None }
    }
}

#[async_trait::async_trait]
impl Sink for StoreSink {
    async fn output_by_file_hash(&self, sha256: &str) -> Result<Option<Output>, SinkError> {
        Ok(self.store.output_by_file_hash(sha256).await?)
    }

    async fn create(&self, files: Vec<NewFile>, output: NewOutput) -> Result<Output, SinkError> {
        let mut stored = self
            .store
            .create_outputs(&files, vec![output], self.by)
            .await?;
        stored.pop().ok_or_else(|| SinkError {
            code: "internal",
            message: "the store returned no output".into(),
        })
    }

    async fn add_versions(
        &self,
        id: i64,
        files: Vec<NewFile>,
        versions: Vec<OutputVersion>,
    ) -> Result<Output, SinkError> {
        let mut record = self
            .store
            .output(id)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "output",
                id: id.to_string(),
            })?
            .record;
        merge_versions(&mut record, versions)?;
        for f in &files {
            self.store.put_file(&f.sha256, &f.bytes).await?;
        }
        Ok(self.store.update_output(id, record, Vec::new()).await?)
    }
}

/// Adds `versions` to `record`; a `conflict` if it already has a version in
/// one of their languages. For sinks implementing [`Sink::add_versions`].
pub fn merge_versions(
    record: &mut NewOutput,
    versions: Vec<OutputVersion>,
) -> Result<(), SinkError> {
    for v in versions {
        if let Some(old) = record.version(v.lang) {
            let file = old
                .file
                .as_ref()
                .map(|f| format!(" (file {})", f.name))
                .unwrap_or_default();
            return Err(SinkError {
                code: "conflict",
                message: format!(
                    "the output already has a `{}` version{file}; delete that version first to replace it",
                    v.lang
                ),
            });
        }
        record.versions.push(v);
    }
    Ok(())
}

// ---- options, progress, summary ------------------------------------------

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct Options {
    pub limits: Limits,
    /// Visibility of outputs whose manifest row names none.
    pub visibility: Visibility,
    /// Type of outputs that neither the manifest nor the document tells.
    /// `None`: [`OutputType::Document`], a generic document whose type
    /// staff can change on its edit page (the summary says so).
    pub default_type: Option<OutputType>,
    /// Date of outputs that neither the manifest nor the document dates.
    /// `None`: today (UTC), as a last resort, because an output needs a
    /// date; the summary flags each such output ([`Ingested::undated`]).
    pub default_date: Option<Date>,
    /// Set to stop the run between two outputs (Ctrl-C).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Test hook: stop after storing this many outputs, as an interrupted
    /// run would.
    pub stop_after: Option<usize>,
    /// Units read and extracted ahead, and outputs tagged at once
    /// (default: twice the cores, at most 8). 1: one after the other.
    pub in_flight: usize,
    /// New outputs stored together, in one transaction of the store
    /// (default 64; fewer when their files reach [`BATCH_BYTES`]). 1: each
    /// in a transaction of its own. A stopped run loses no more than the
    /// batch being written, which a second run stores.
    pub batch: usize,
}

/// Bytes of files a batch of new outputs holds at most (the batch is
/// stored when its files reach it), so that a batch of large documents
/// does not hold them all in memory.
pub const BATCH_BYTES: usize = 64 << 20;

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            visibility: Visibility::Internal,
            default_type: None,
            default_date: None,
            cancel: None,
            stop_after: None,
            in_flight: std::thread::available_parallelism()
                .map_or(2, |n| n.get() * 2)
                .clamp(2, 8),
            batch: 64,
        }
    }
}

/// Told about a run as it goes (a progress bar).
pub trait Progress: Send {
    /// The run has `files` files to look at.
    fn start(&mut self, _files: usize) {}
    /// Work on `path` begins.
    fn file(&mut self, _path: &Path) {}
    /// `n` more files are done.
    fn advance(&mut self, _n: usize) {}
    fn finish(&mut self) {}
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// An output stored by the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ingested {
    pub output_id: i64,
    /// The files stored, with their language.
    pub files: Vec<(PathBuf, Lang)>,
    pub title: String,
    /// Whether the files were added to an output stored before.
    pub added_to_existing: bool,
    pub output_type: OutputType,
    pub visibility: Visibility,
    /// `Policy Brief 150`, if in a series.
    pub series_label: Option<String>,
    pub date: Date,
    /// Where the date came from: `manifest`, `document`, `option` or
    /// `today`.
    pub date_from: &'static str,
    /// Authors as stored.
    pub authors: Vec<String>,
    /// Neither the manifest nor the document dates it: dated today, to be
    /// corrected on its edit page.
    pub undated: bool,
    /// Neither the manifest, the document nor an option tells its type:
    /// stored as [`OutputType::Document`].
    pub untyped: bool,
}

impl Ingested {
    /// What a person should check about this output, one line each.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.untyped {
            notes.push(
                "type not told by the manifest or the document: stored as `document` \
                 (choose the type on its edit page)"
                    .to_string(),
            );
        }
        if self.undated {
            notes.push(format!(
                "no date in the manifest or the document: dated today ({}) for want of one \
                 (set the date on its edit page)",
                self.date
            ));
        }
        notes
    }
}

/// A file not stored because its content already is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
    /// The output that holds it, if stored.
    pub output_id: Option<i64>,
}

/// A file that could not be ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
    /// The extraction error behind `reason`, when that is what failed (so
    /// that the web app can say it in the reader's language).
    #[serde(skip)]
    pub error: Option<ExtractError>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub ingested: Vec<Ingested>,
    pub skipped: Vec<Skipped>,
    pub failed: Vec<Failure>,
    /// Files in the folders that are not documents the desk reads.
    pub ignored: Vec<PathBuf>,
    /// The run was stopped before it looked at every file.
    pub interrupted: bool,
}

impl Summary {
    /// Number of files stored.
    pub fn ingested_files(&self) -> usize {
        self.ingested.iter().map(|i| i.files.len()).sum()
    }

    /// Whether nothing failed and the run finished.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && !self.interrupted
    }
}

/// A run that could not start.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("nothing to ingest: give files or folders, or a manifest")]
    NothingToDo,
}

// ---- planning -------------------------------------------------------------

/// One file of the run, with its manifest row if it has one.
#[derive(Debug, Clone)]
struct Member {
    path: PathBuf,
    row: Option<ManifestRow>,
    /// Language told by the file name (`_EN`).
    name_lang: Option<Lang>,
}

/// The files stored as one output.
#[derive(Debug, Clone)]
struct Unit {
    members: Vec<Member>,
}

/// Walks `paths` and reads the manifest: the units of the run, the files
/// ignored and the failures known before reading any file.
fn plan(
    paths: &[PathBuf],
    manifest: Option<&Manifest>,
) -> (Vec<Unit>, Vec<PathBuf>, Vec<Failure>, usize) {
    let mut failed = Vec::new();
    let mut ignored = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let manifest_path = manifest.and_then(|m| m.path.canonicalize().ok());
    for p in paths {
        if !p.exists() {
            failed.push(Failure {
                error: None,
                path: p.clone(),
                reason: "no such file or folder".into(),
            });
            continue;
        }
        if p.is_dir() {
            let root = p.canonicalize().unwrap_or_else(|_| p.clone());
            walk(p, &root, &mut files, &mut ignored, &mut failed);
        } else {
            files.push(p.clone());
        }
    }
    // Manifest rows: their file, wherever it is.
    let mut rows: HashMap<PathBuf, ManifestRow> = HashMap::new();
    let mut row_order: Vec<PathBuf> = Vec::new();
    if let Some(m) = manifest {
        for e in &m.row_errors {
            // a file whose row is faulty is not ingested from a folder either
            if let Some(canon) = e.file.as_ref().and_then(|f| f.canonicalize().ok()) {
                seen.insert(canon);
            }
            failed.push(Failure {
                error: None,
                path: e.file.clone().unwrap_or_else(|| m.path.clone()),
                reason: m.describe(e.line, &e.field, &e.message),
            });
        }
        for r in &m.rows {
            let Ok(canon) = r.file.canonicalize() else {
                failed.push(Failure {
                    error: None,
                    path: r.file.clone(),
                    reason: m.describe(
                        r.line,
                        "file",
                        &format!("`{}` not found", r.file_as_written),
                    ),
                });
                continue;
            };
            if !canon.is_file() {
                failed.push(Failure {
                    error: None,
                    path: r.file.clone(),
                    reason: m.describe(
                        r.line,
                        "file",
                        &format!("`{}` is not a file", r.file_as_written),
                    ),
                });
                continue;
            }
            if let Some(first) = rows.get(&canon) {
                failed.push(Failure {
                    error: None,
                    path: r.file.clone(),
                    reason: m.describe(
                        r.line,
                        "file",
                        &format!(
                            "`{}` is already described at line {}",
                            r.file_as_written, first.line
                        ),
                    ),
                });
                continue;
            }
            row_order.push(canon.clone());
            rows.insert(canon, r.clone());
        }
    }
    // Every file once: the manifest's rows first (in their order), then the
    // walked files not in it.
    let mut members: Vec<Member> = Vec::new();
    for canon in &row_order {
        if !seen.insert(canon.clone()) {
            continue;
        }
        let row = rows[canon].clone();
        members.push(Member {
            path: row.file.clone(),
            name_lang: name_lang(&row.file).map(|(_, l)| l),
            row: Some(row),
        });
    }
    for f in files {
        let canon = f.canonicalize().unwrap_or_else(|_| f.clone());
        if Some(&canon) == manifest_path.as_ref() || !seen.insert(canon) {
            continue;
        }
        members.push(Member {
            name_lang: name_lang(&f).map(|(_, l)| l),
            path: f,
            row: None,
        });
    }
    let total = members.len();
    // Group: the manifest's group, else the name without its language
    // suffix (in the same folder), else the file alone.
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    let mut units: Vec<Unit> = Vec::new();
    for m in members {
        let key = match (&m.row, name_lang(&m.path)) {
            (Some(r), _) if r.group.is_some() => {
                Some(format!("manifest:{}", r.group.as_deref().unwrap_or("")))
            }
            (Some(_), _) => None,
            (None, Some((base, _))) => Some(format!("name:{}", base.display())),
            (None, None) => None,
        };
        match key {
            Some(k) => match groups.get(&k) {
                Some(&i) => units[i].members.push(m),
                None => {
                    groups.insert(k, units.len());
                    units.push(Unit { members: vec![m] });
                }
            },
            None => units.push(Unit { members: vec![m] }),
        }
    }
    (units, ignored, failed, total)
}

/// Files under `dir`, sorted by name at each level; hidden entries skipped,
/// symbolic links to folders not followed, and a symbolic link to a file
/// followed only if the file is inside `root` (the folder given): a link to
/// `/etc/passwd` in a folder of briefs is refused, not stored.
fn walk(
    dir: &Path,
    root: &Path,
    files: &mut Vec<PathBuf>,
    ignored: &mut Vec<PathBuf>,
    failed: &mut Vec<Failure>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failed.push(Failure {
                error: None,
                path: dir.to_path_buf(),
                reason: format!("cannot read the folder: {e}"),
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.is_file() && target.starts_with(root) => {}
                Ok(target) if target.is_dir() => continue,
                Ok(target) if target.is_file() => {
                    failed.push(Failure {
                        error: None,
                        path,
                        reason: format!(
                            "a symbolic link to {}, outside the folder given; not followed",
                            target.display()
                        ),
                    });
                    continue;
                }
                _ => continue,
            }
        }
        if ft.is_dir() {
            walk(&path, root, files, ignored, failed);
        } else if path.is_file() {
            if crate::MediaType::from_file_name(&name.to_string_lossy()).is_some() {
                files.push(path);
            } else {
                ignored.push(path);
            }
        }
    }
}

/// A language suffix of the file stem (`RP199_EN`, `brief-fr`, `note.es`):
/// the path without it, and the language.
fn name_lang(path: &Path) -> Option<(PathBuf, Lang)> {
    let stem = path.file_stem()?.to_str()?;
    let (base, suffix) = stem.rsplit_once(['_', '-', '.'])?;
    if base.is_empty() || suffix.len() != 2 {
        return None;
    }
    let lang = Lang::parse(suffix)?;
    Some((path.with_file_name(base), lang))
}

// ---- running --------------------------------------------------------------

/// Ingests `paths` (files and folders) described by `manifest` (optional):
/// the whole pipeline. Errors only when the run cannot start (a manifest
/// that cannot be read); everything else is in the [`Summary`].
pub async fn ingest_paths<S: Sink + Clone + 'static>(
    sink: &S,
    paths: &[PathBuf],
    manifest: Option<&Path>,
    opts: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary, IngestError> {
    let manifest = manifest.map(Manifest::read).transpose()?;
    if paths.is_empty() && manifest.is_none() {
        return Err(IngestError::NothingToDo);
    }
    let (units, ignored, failed, total) = plan(paths, manifest.as_ref());
    let mut summary = Summary {
        failed,
        ignored,
        ..Summary::default()
    };
    progress.start(total);
    // Units are read, checked against the store and extracted ahead, in
    // order, several at once; what to store is decided one unit after the
    // other (duplicates within the run, languages); the outputs are then
    // checked and tagged several at once, and stored in batches, one
    // transaction each, while the next batch is tagged. Results are taken
    // in order.
    let ahead = opts.in_flight.max(1);
    let limits = opts.limits;
    // Each unit's preparation and storing is a task of its own, so that
    // the runtime's threads share them (this future only decides).
    let mut prepared = futures_util::stream::iter(units)
        .map(|unit| {
            let members = unit.members.clone();
            let task = tokio::spawn(prepare(sink.clone(), unit, limits));
            async move {
                task.await.unwrap_or_else(|e| {
                    members
                        .into_iter()
                        .map(|member| Prepared {
                            member,
                            got: Err(format!("internal error: {e}")),
                        })
                        .collect()
                })
            }
        })
        .buffered(ahead);
    let mut staging = futures_util::stream::FuturesOrdered::new();
    let mut writer = Writer::new(opts.batch);
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut submitted = 0usize;
    loop {
        let cancelled = opts
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::SeqCst));
        if cancelled || opts.stop_after.is_some_and(|n| submitted >= n) {
            summary.interrupted = true;
            break;
        }
        let Some(unit) = prepared.next().await else {
            break;
        };
        let n = unit.len();
        for p in &unit {
            progress.file(&p.member.path);
        }
        if let Some(job) = decide(unit, manifest.as_ref(), opts, &mut seen, &mut summary) {
            submitted += 1;
            staging.push_back(job.spawn(sink.clone()));
            while staging.len() >= ahead {
                if let Some(staged) = staging.next().await {
                    writer.push(staged, sink, &mut summary).await;
                }
            }
        }
        progress.advance(n);
    }
    while let Some(staged) = staging.next().await {
        writer.push(staged, sink, &mut summary).await;
    }
    writer.finish(sink, &mut summary).await;
    progress.finish();
    Ok(summary)
}

/// A file read, hashed, checked against the store and (unless stored)
/// extracted, ahead of the decisions.
struct Prepared {
    member: Member,
    got: Result<Got, String>,
}

enum Got {
    /// An output holds this content already.
    Stored { sha256: String, output: Output },
    Fresh {
        sha256: String,
        bytes: Arc<Vec<u8>>,
        extracted: Result<Extracted, String>,
    },
}

impl Got {
    fn sha256(&self) -> &str {
        match self {
            Got::Stored { sha256, .. } | Got::Fresh { sha256, .. } => sha256,
        }
    }
}

/// Reads, hashes, checks and extracts the files of one unit (no decision,
/// nothing written: several units are prepared at once).
async fn prepare(sink: impl Sink, unit: Unit, limits: Limits) -> Vec<Prepared> {
    let mut out = Vec::with_capacity(unit.members.len());
    for member in unit.members {
        let got = prepare_file(&sink, &member.path, limits).await;
        out.push(Prepared { member, got });
    }
    out
}

async fn prepare_file(sink: &dyn Sink, path: &Path, limits: Limits) -> Result<Got, String> {
    let p = path.to_path_buf();
    let (bytes, sha256) =
        tokio::task::spawn_blocking(move || -> Result<(Vec<u8>, String), ExtractError> {
            let f = std::fs::File::open(&p).map_err(|e| ExtractError::Io(e.to_string()))?;
            let size = f.metadata().ok().map(|m| m.len());
            let bytes = read_limited(std::io::BufReader::new(f), limits.max_file_bytes, size)?;
            let sha = sha256_hex(&bytes);
            Ok((bytes, sha))
        })
        .await
        .map_err(|e| format!("internal error: {e}"))?
        .map_err(|e| e.to_string())?;
    match sink.output_by_file_hash(&sha256).await {
        Ok(Some(output)) => return Ok(Got::Stored { sha256, output }),
        Ok(None) => {}
        Err(e) => return Err(format!("cannot check the store: {e}")),
    }
    let name = file_name(path);
    let bytes = Arc::new(bytes);
    let b = bytes.clone();
    let extracted =
        match tokio::task::spawn_blocking(move || extract_with(&b, &name, &limits)).await {
            Ok(Ok(x)) => Ok(x),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(format!("internal error: {e}")),
        };
    Ok(Got::Fresh {
        sha256,
        bytes,
        extracted,
    })
}

/// A file read, hashed and extracted.
struct Ready {
    member: Member,
    sha256: String,
    bytes: Arc<Vec<u8>>,
    extracted: Extracted,
    lang: Lang,
}

/// Decides what to do with a prepared unit, in run order: files seen
/// earlier in the run or stored before are skipped (a file stored before
/// makes the others new versions of its output), files whose language
/// cannot be told or is taken fail; the rest is the returned job.
fn decide(
    unit: Vec<Prepared>,
    manifest: Option<&Manifest>,
    opts: &Options,
    seen: &mut HashMap<String, PathBuf>,
    summary: &mut Summary,
) -> Option<Job> {
    let describe_row = |m: &Member, field: &str, msg: &str| -> String {
        match (&m.row, manifest) {
            (Some(r), Some(man)) => man.describe(r.line, field, msg),
            _ => msg.to_string(),
        }
    };
    let mut existing: Option<Output> = None;
    let mut ready: Vec<Ready> = Vec::new();
    for Prepared { member, got } in unit {
        let path = member.path.clone();
        let fail = |summary: &mut Summary, reason: String| {
            summary.failed.push(Failure {
                error: None,
                path: path.clone(),
                reason,
            })
        };
        let got = match got {
            Ok(got) => got,
            Err(reason) => {
                fail(summary, reason);
                continue;
            }
        };
        if let Some(first) = seen.get(got.sha256()) {
            summary.skipped.push(Skipped {
                path,
                reason: format!("same content as {} in this run", first.display()),
                output_id: None,
            });
            continue;
        }
        seen.insert(got.sha256().to_string(), path.clone());
        let (sha256, bytes, extracted) = match got {
            Got::Stored { output, .. } => {
                summary.skipped.push(Skipped {
                    path,
                    reason: format!("already stored (output #{})", output.id),
                    output_id: Some(output.id),
                });
                existing.get_or_insert(output);
                continue;
            }
            Got::Fresh {
                sha256,
                bytes,
                extracted,
            } => (sha256, bytes, extracted),
        };
        let extracted = match extracted {
            Ok(x) => x,
            Err(reason) => {
                fail(summary, reason);
                continue;
            }
        };
        let lang = member
            .row
            .as_ref()
            .and_then(|r| r.lang)
            .or(member.name_lang)
            .or(extracted.lang);
        let Some(lang) = lang else {
            fail(
                summary,
                describe_row(
                    &member,
                    "lang",
                    "cannot tell the language (zh, en, fr or es) from the text; give it in a manifest (`lang`)",
                ),
            );
            continue;
        };
        if let Some(other) = ready.iter().find(|r| r.lang == lang) {
            fail(
                summary,
                describe_row(
                    &member,
                    "lang",
                    &format!(
                        "a second `{lang}` version of one output (the first is {})",
                        other.member.path.display()
                    ),
                ),
            );
            continue;
        }
        ready.push(Ready {
            member,
            sha256,
            bytes,
            extracted,
            lang,
        });
    }
    if ready.is_empty() {
        return None;
    }
    let paths: Vec<PathBuf> = ready.iter().map(|r| r.member.path.clone()).collect();
    let files: Vec<NewFile> = ready
        .iter()
        .map(|r| NewFile {
            sha256: r.sha256.clone(),
            bytes: r.bytes.clone(),
        })
        .collect();
    let versions: Vec<OutputVersion> = ready.iter().map(version_of).collect();
    let langs: Vec<(PathBuf, Lang)> = ready
        .iter()
        .map(|r| (r.member.path.clone(), r.lang))
        .collect();
    let write = match existing {
        Some(existing) => Write::Add { existing, versions },
        None => match record_of(&ready, versions, opts) {
            Ok((record, told)) => Write::Create { record, told },
            Err(reason) => {
                for p in paths {
                    summary.failed.push(Failure {
                        error: None,
                        path: p,
                        reason: reason.clone(),
                    });
                }
                return None;
            }
        },
    };
    Some(Job {
        langs,
        files,
        write,
    })
}

/// One output to store: its files and record, or new versions of a stored
/// output.
struct Job {
    langs: Vec<(PathBuf, Lang)>,
    files: Vec<NewFile>,
    write: Write,
}

enum Write {
    Create {
        record: NewOutput,
        told: Told,
    },
    Add {
        existing: Output,
        versions: Vec<OutputVersion>,
    },
}

/// A job done: what [`Done::record`] adds to the summary.
struct Done {
    langs: Vec<(PathBuf, Lang)>,
    /// The stored output the files were added to.
    existing: Option<i64>,
    told: Told,
    result: Result<Output, SinkError>,
}

/// A job's first stage: new versions of a stored output are added at
/// once; a new output is prepared (checked, tagged), to be stored with a
/// batch.
enum Staged {
    Done(Done),
    Create {
        langs: Vec<(PathBuf, Lang)>,
        told: Told,
        files: Vec<NewFile>,
        record: NewOutput,
    },
}

impl Job {
    /// Runs as a task of its own; a task that panics fails its files.
    async fn spawn(self, sink: impl Sink + 'static) -> Staged {
        let langs = self.langs.clone();
        let existing = match &self.write {
            Write::Add { existing, .. } => Some(existing.id),
            Write::Create { .. } => None,
        };
        let task = tokio::spawn(async move { self.run(&sink).await });
        task.await.unwrap_or_else(|e| {
            Staged::Done(Done {
                langs,
                existing,
                told: Told::default(),
                result: Err(internal(e)),
            })
        })
    }

    async fn run(self, sink: &dyn Sink) -> Staged {
        let Job {
            langs,
            files,
            write,
        } = self;
        match write {
            Write::Add { existing, versions } => Staged::Done(Done {
                langs,
                existing: Some(existing.id),
                told: Told::default(),
                result: sink.add_versions(existing.id, files, versions).await,
            }),
            Write::Create { record, told } => match sink.prepare(record).await {
                Ok(record) => Staged::Create {
                    langs,
                    told,
                    files,
                    record,
                },
                Err(e) => Staged::Done(Done {
                    langs,
                    existing: None,
                    told,
                    result: Err(e),
                }),
            },
        }
    }
}

fn internal(e: impl std::fmt::Display) -> SinkError {
    SinkError {
        code: "internal",
        message: format!("internal error: {e}"),
    }
}

/// Stores staged jobs in batches, in order: one batch is written (a task
/// of its own) while the next fills.
struct Writer {
    max: usize,
    pending: Vec<Staged>,
    creates: usize,
    bytes: usize,
    writing: Option<Writing>,
}

/// A batch being written: each job's place, and the task storing the new
/// outputs among them.
struct Writing {
    slots: Vec<Slot>,
    task: tokio::task::JoinHandle<Vec<Result<Output, SinkError>>>,
}

enum Slot {
    Done(Box<Done>),
    Created(Vec<(PathBuf, Lang)>, Told),
}

impl Writer {
    fn new(max: usize) -> Writer {
        Writer {
            max: max.max(1),
            pending: Vec::new(),
            creates: 0,
            bytes: 0,
            writing: None,
        }
    }

    async fn push<S: Sink + Clone + 'static>(
        &mut self,
        staged: Staged,
        sink: &S,
        summary: &mut Summary,
    ) {
        if let Staged::Create { files, .. } = &staged {
            self.creates += 1;
            self.bytes += files.iter().map(|f| f.bytes.len()).sum::<usize>();
        }
        self.pending.push(staged);
        if self.creates >= self.max || self.bytes >= BATCH_BYTES {
            self.flush(sink, summary).await;
        }
    }

    /// Waits for the batch being written (recording it), then starts
    /// writing the pending one.
    async fn flush<S: Sink + Clone + 'static>(&mut self, sink: &S, summary: &mut Summary) {
        self.wait(summary).await;
        let mut slots = Vec::with_capacity(self.pending.len());
        let mut batch = Vec::with_capacity(self.creates);
        for staged in std::mem::take(&mut self.pending) {
            match staged {
                Staged::Done(done) => slots.push(Slot::Done(Box::new(done))),
                Staged::Create {
                    langs,
                    told,
                    files,
                    record,
                } => {
                    slots.push(Slot::Created(langs, told));
                    batch.push((files, record));
                }
            }
        }
        self.creates = 0;
        self.bytes = 0;
        let sink = sink.clone();
        let task = tokio::spawn(async move {
            if batch.is_empty() {
                Vec::new()
            } else {
                sink.create_many(batch).await
            }
        });
        self.writing = Some(Writing { slots, task });
    }

    /// Records the batch being written once it is.
    async fn wait(&mut self, summary: &mut Summary) {
        let Some(Writing { slots, task }) = self.writing.take() else {
            return;
        };
        let (mut results, failure) = match task.await {
            Ok(results) => (results.into_iter(), None),
            Err(e) => (Vec::new().into_iter(), Some(internal(e))),
        };
        for slot in slots {
            let done = match slot {
                Slot::Done(done) => *done,
                Slot::Created(langs, told) => Done {
                    langs,
                    existing: None,
                    told,
                    result: results.next().unwrap_or_else(|| {
                        Err(failure.clone().unwrap_or_else(|| {
                            internal("the sink stored fewer outputs than it was given")
                        }))
                    }),
                },
            };
            done.record(summary);
        }
    }

    /// Stores what is pending and waits for it.
    async fn finish<S: Sink + Clone + 'static>(&mut self, sink: &S, summary: &mut Summary) {
        if !self.pending.is_empty() {
            self.flush(sink, summary).await;
        }
        self.wait(summary).await;
    }
}

impl Done {
    fn record(self, summary: &mut Summary) {
        let added = self.existing.is_some();
        match self.result {
            Ok(o) => summary.ingested.push(Ingested {
                output_id: o.id,
                title: o.best_version(Lang::En).title.clone(),
                files: self.langs,
                added_to_existing: added,
                output_type: o.output_type,
                visibility: o.visibility,
                series_label: o.series_label(),
                date: o.date,
                date_from: if added { "stored" } else { self.told.date_from },
                authors: o.authors.iter().map(|a| a.name.clone()).collect(),
                undated: !added && self.told.date_from == "today",
                untyped: !added && self.told.untyped,
            }),
            Err(e) => {
                let reason = match self.existing {
                    Some(id) if e.code == "conflict" => format!("cannot add to output #{id}: {e}"),
                    _ => format!("not stored: {e}"),
                };
                for (path, _) in self.langs {
                    summary.failed.push(Failure {
                        error: None,
                        path,
                        reason: reason.clone(),
                    });
                }
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn version_of(r: &Ready) -> OutputVersion {
    let row = r.member.row.as_ref();
    let title = row
        .and_then(|r| r.title.clone())
        .or_else(|| r.extracted.title.clone())
        .unwrap_or_else(|| {
            r.member
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().replace('_', " "))
                .unwrap_or_default()
        });
    let abstract_ = row
        .and_then(|r| r.abstract_.clone())
        .or_else(|| r.extracted.metadata.subject.clone())
        .unwrap_or_default();
    let name = file_name(&r.member.path).replace(['"', '\n', '\r', '\\', '/'], "_");
    OutputVersion {
        lang: r.lang,
        title: title
            .chars()
            .take(southdesk_plan::outputs::MAX_TITLE_CHARS)
            .collect(),
        abstract_,
        body: r.extracted.text.clone(),
        file: Some(FileRef {
            sha256: r.sha256.clone(),
            size: r.bytes.len() as u64,
            media_type: r.extracted.media_type.mime().to_string(),
            name,
        }),
    }
}

/// What [`record_of`] had to fall back on.
#[derive(Debug, Clone, Copy, Default)]
struct Told {
    date_from: &'static str,
    untyped: bool,
}

/// The record of a new output: the manifest's rows first (they must agree),
/// then what the documents say (the English one first), then the options.
fn record_of(
    ready: &[Ready],
    versions: Vec<OutputVersion>,
    opts: &Options,
) -> Result<(NewOutput, Told), String> {
    let rows: Vec<&ManifestRow> = ready.iter().filter_map(|r| r.member.row.as_ref()).collect();
    fn agree<T: Clone + PartialEq + std::fmt::Debug>(
        rows: &[&ManifestRow],
        field: &str,
        get: impl Fn(&ManifestRow) -> Option<T>,
    ) -> Result<Option<T>, String> {
        let mut found: Option<(T, usize)> = None;
        for r in rows {
            if let Some(v) = get(r) {
                match &found {
                    Some((f, line)) if *f != v => {
                        return Err(format!(
                            "the manifest's rows for one output disagree on `{field}` (lines {line} and {})",
                            r.line
                        ));
                    }
                    Some(_) => {}
                    None => found = Some((v, r.line)),
                }
            }
        }
        Ok(found.map(|(v, _)| v))
    }
    let nonempty = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    // Documents, English first.
    let mut docs: Vec<&Ready> = ready.iter().collect();
    docs.sort_by_key(|r| (r.lang != Lang::En, r.lang));
    let guessed = docs
        .iter()
        .find_map(|r| guess_series(&r.extracted.text, r.extracted.title.as_deref()));

    let told_type = agree(&rows, "type", |r| r.output_type)?
        .or(guessed.as_ref().map(|g| g.0))
        .or(opts.default_type);
    let untyped = told_type.is_none();
    let output_type = told_type.unwrap_or(OutputType::Document);
    let mut series = agree(&rows, "series", |r| r.series.clone())?;
    let mut number = agree(&rows, "number", |r| r.number.clone())?;
    if series.is_none()
        && number.is_none()
        && let Some((t, n)) = &guessed
        && *t == output_type
    {
        series = t.default_series().map(str::to_string);
        number = n.clone();
    }
    if series.is_none() && number.is_some() {
        series = output_type.default_series().map(str::to_string);
    }
    // The manifest, then the documents, then the option; today only as a
    // last resort, flagged in the summary.
    let from_docs = || {
        docs.iter().find_map(|r| {
            r.extracted
                .metadata
                .date
                .as_deref()
                .and_then(crate::manifest::parse_date)
        })
    };
    let (date, date_from) = match agree(&rows, "date", |r| r.date)? {
        Some(d) => (d, "manifest"),
        None => match (from_docs(), opts.default_date) {
            (Some(d), _) => (d, "document"),
            (None, Some(d)) => (d, "option"),
            (None, None) => (time::OffsetDateTime::now_utc().date(), "today"),
        },
    };
    let visibility = agree(&rows, "visibility", |r| r.visibility)?.unwrap_or(opts.visibility);
    let authors = agree(&rows, "authors", |r| nonempty(&r.authors))?
        .or_else(|| {
            docs.iter()
                .map(|r| r.extracted.metadata.authors.clone())
                .find(|a| !a.is_empty())
        })
        .unwrap_or_default();
    let told = Told { date_from, untyped };
    Ok((
        NewOutput {
            output_type,
            series,
            number,
            date,
            visibility,
            versions,
            authors: authors
                .into_iter()
                .map(|name| Author {
                    name,
                    staff: false,
                    account_id: None,
                    affiliation: None,
                })
                .collect(),
            programmes: agree(&rows, "programmes", |r| nonempty(&r.programmes))?
                .unwrap_or_default(),
            forums: agree(&rows, "forums", |r| nonempty(&r.forums))?.unwrap_or_default(),
            meetings: Vec::new(),
            countries: agree(&rows, "countries", |r| nonempty(&r.countries))?.unwrap_or_default(),
            themes: Vec::new(),
            sdgs: Vec::new(),
            tags_confirmed: false,
            proposed_tags: Vec::new(),
        },
        told,
    ))
}

/// The Centre's numbered series as printed on a cover, in any of the four
/// languages (`RESEARCH PAPER 199`, `Note de politique n° 150`, `Informe
/// de Políticas n.º 150`, `政策简报 第150期`): the type and the number, from
/// the title or the first 2 000 characters. The series and their names are
/// the knowledge base's ([`southdesk_kb::series`]).
pub fn guess_series(text: &str, title: Option<&str>) -> Option<(OutputType, Option<String>)> {
    southdesk_kb::series::recognise(text, title).map(|(s, n)| (s.output_type, n))
}

/// Ingests one uploaded file (the web app's upload): the same steps as a
/// run over a folder, for one file, with `meta` standing for its manifest
/// row (its `file` is ignored; `file_name` names the upload).
pub async fn ingest_bytes(
    sink: &dyn Sink,
    file_name: &str,
    bytes: Vec<u8>,
    meta: Option<ManifestRow>,
    opts: &Options,
) -> Result<UploadOutcome, Failure> {
    let fail = |reason: String| Failure {
        error: None,
        path: PathBuf::from(file_name),
        reason,
    };
    let failed_extraction = |e: ExtractError| Failure {
        path: PathBuf::from(file_name),
        reason: e.to_string(),
        error: Some(e),
    };
    if bytes.len() as u64 > opts.limits.max_file_bytes {
        return Err(failed_extraction(ExtractError::TooLarge {
            size: bytes.len() as u64,
            limit: opts.limits.max_file_bytes,
        }));
    }
    let sha256 = sha256_hex(&bytes);
    if let Some(o) = sink
        .output_by_file_hash(&sha256)
        .await
        .map_err(|e| fail(format!("cannot check the store: {e}")))?
    {
        return Ok(UploadOutcome::AlreadyStored(o));
    }
    let name = file_name.to_string();
    let limits = opts.limits;
    let bytes = Arc::new(bytes);
    let b = bytes.clone();
    let extracted = tokio::task::spawn_blocking(move || extract_with(&b, &name, &limits))
        .await
        .map_err(|e| fail(format!("internal error: {e}")))?
        .map_err(failed_extraction)?;
    let path = PathBuf::from(file_name);
    let name_lang = name_lang(&path).map(|(_, l)| l);
    let lang = meta
        .as_ref()
        .and_then(|m| m.lang)
        .or(name_lang)
        .or(extracted.lang)
        .ok_or_else(|| {
            fail("cannot tell the language (zh, en, fr or es) from the text; choose it".into())
        })?;
    let ready = vec![Ready {
        member: Member {
            path,
            row: meta,
            name_lang,
        },
        sha256: sha256.clone(),
        bytes: bytes.clone(),
        extracted,
        lang,
    }];
    let versions = ready.iter().map(version_of).collect();
    let (record, _) = record_of(&ready, versions, opts).map_err(fail)?;
    let files = vec![NewFile { sha256, bytes }];
    sink.create(files, record)
        .await
        .map(UploadOutcome::Created)
        .map_err(|e| fail(format!("not stored: {e}")))
}

/// What [`ingest_bytes`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadOutcome {
    Created(Output),
    /// The same file is already stored, in this output.
    AlreadyStored(Output),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_guesses() {
        assert_eq!(
            guess_series("SOUTH CENTRE\nRESEARCH PAPER 199\nMarch 2024", None),
            Some((OutputType::ResearchPaper, Some("199".into())))
        );
        assert_eq!(
            guess_series("x", Some("Policy Brief No. 12: Vaccines")),
            Some((OutputType::PolicyBrief, Some("12".into())))
        );
        assert_eq!(
            guess_series("Climate Policy Brief N° 2026/3 — text", None),
            Some((OutputType::ClimatePolicyBrief, Some("2026/3".into())))
        );
        assert_eq!(guess_series("A plain letter.", None), None);
    }

    #[test]
    fn language_suffixes() {
        assert_eq!(
            name_lang(Path::new("/x/RP199_EN.pdf")),
            Some((PathBuf::from("/x/RP199"), Lang::En))
        );
        assert_eq!(
            name_lang(Path::new("brief-fr.docx")).map(|x| x.1),
            Some(Lang::Fr)
        );
        assert_eq!(name_lang(Path::new("report.pdf")), None);
        assert_eq!(name_lang(Path::new("_en.pdf")), None);
        assert_eq!(name_lang(Path::new("a_de.pdf")), None);
    }
}
