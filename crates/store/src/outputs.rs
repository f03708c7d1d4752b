//! The knowledge base's catalogue: outputs with their language versions,
//! authors and links, the files they name (stored by content hash), and
//! staff corrections of the tagger's proposals — the [`OutputStore`]
//! aggregate and the part common to both backends.
//!
//! Tables (migration `0004_outputs.sql`): `files` (content by SHA-256),
//! `outputs`, `output_versions` (one per language; the file column is a
//! foreign key into `files`), `output_authors`, `output_links`
//! (programmes, forums, meetings, countries, themes, SDGs) and
//! `tag_corrections`.
//!
//! Atomicity: a file is stored first ([`OutputStore::put_file`], idempotent
//! since it is addressed by its hash); an output and everything it holds
//! is then written in one transaction, and the schema refuses a version
//! naming a file that is not stored. A failed write leaves at most an
//! unreferenced file, never a half-stored output.

use southdesk_common::sha256_hex;
use southdesk_plan::Lang;
use southdesk_plan::authz::OutputScope;
use southdesk_plan::outputs::{
    Author, FileRef, NewOutput, NewTagCorrection, Output, OutputType, OutputVersion, ProposedTag,
    TagCorrection, TagKind, Visibility, describe, is_sha256, series_slug,
};
use time::{Date, OffsetDateTime};

use crate::StoreError;

/// Outputs, their files and the corrections of their tags.
#[async_trait::async_trait]
pub trait OutputStore: Send + Sync {
    /// Stores a file's content under its SHA-256 (hex, lowercase). Returns
    /// whether it was new (storing the same content again is a no-op).
    /// [`StoreError::Invalid`] if `sha256` is not the hash of `bytes`.
    async fn put_file(&self, sha256: &str, bytes: &[u8]) -> Result<bool, StoreError>;

    /// A stored file's content.
    async fn file(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Creates an output with its versions, authors, links and tags, in one
    /// transaction. The record is normalised and validated first
    /// ([`StoreError::Invalid`] names the faulty fields); files named by
    /// versions must have been stored with [`put_file`](Self::put_file)
    /// (their size is taken from the store). [`StoreError::Conflict`] if
    /// the series and number are taken.
    async fn create_output(&self, new: NewOutput, by: Option<i64>) -> Result<Output, StoreError>;

    /// Stores `files` and creates the outputs of `batch` (each created by
    /// `by`), all in one transaction: all or nothing. Each record is
    /// checked as by [`create_output`](Self::create_output) and the first
    /// failure is returned with nothing written (a bulk load that gets an
    /// error stores the batch's outputs one by one to tell which failed).
    /// The outputs in the order of `batch`. For bulk loads: a few
    /// statements per batch instead of a dozen per output.
    async fn create_outputs(
        &self,
        files: &[NewFile],
        batch: Vec<NewOutput>,
        by: Option<i64>,
    ) -> Result<Vec<Output>, StoreError>;

    async fn output(&self, id: i64) -> Result<Option<Output>, StoreError>;

    /// Replaces the output's record (versions, authors, links and tags
    /// included) and records `corrections`, in one transaction.
    /// [`StoreError::NotFound`] if there is no such output; otherwise as
    /// [`create_output`](Self::create_output).
    async fn update_output(
        &self,
        id: i64,
        new: NewOutput,
        corrections: Vec<NewTagCorrection>,
    ) -> Result<Output, StoreError>;

    /// Deletes an output (its corrections stay, as training data; its
    /// files stay, as other outputs may share them).
    /// [`StoreError::NotFound`] if there is no such output.
    async fn delete_output(&self, id: i64) -> Result<(), StoreError>;

    /// The outputs with these ids that exist, in id order.
    async fn outputs_by_id(&self, ids: &[i64]) -> Result<Vec<Output>, StoreError>;

    /// The ids of every output above `after`, in order, at most `limit`
    /// (to walk all outputs while others write: no offset to shift).
    async fn output_ids(&self, after: i64, limit: u32) -> Result<Vec<i64>, StoreError>;

    /// The change feed: writes of outputs after position `after` (0: from
    /// the start), oldest first, at most `limit`. Every create, update and
    /// delete of an output appends one entry in its own transaction, and
    /// positions are handed out in commit order, so a follower that has
    /// applied everything up to `n` reads what is new with `after = n`.
    async fn output_changes(&self, after: i64, limit: u32)
    -> Result<Vec<OutputChange>, StoreError>;

    /// The position of the newest entry of the change feed (0 if none).
    async fn last_output_change(&self) -> Result<i64, StoreError>;

    /// Appends an entry that asks every follower to rebuild from the
    /// store; returns its position.
    async fn request_reindex(&self) -> Result<i64, StoreError>;

    /// The outputs that pass `filter`, a page of them, and how many pass.
    async fn outputs(&self, filter: &OutputFilter, page: Page) -> Result<OutputPage, StoreError>;

    /// How many of the outputs that pass `filter` carry each SDG, most
    /// first (ties by goal).
    async fn sdg_counts(&self, filter: &OutputFilter) -> Result<Vec<(u8, u64)>, StoreError>;

    /// The outputs linked most often from the requests and the meetings of
    /// area `theme`, with how often, most first (ties: newest id first); at
    /// most `limit`. Whoever shows them checks who may read them.
    async fn most_cited_in_theme(
        &self,
        theme: &str,
        limit: u32,
    ) -> Result<Vec<(i64, u64)>, StoreError>;

    /// The output (lowest id) one of whose versions has this file, for
    /// deduplication on ingestion.
    async fn output_by_file_hash(&self, sha256: &str) -> Result<Option<Output>, StoreError>;

    /// Records a staff correction of proposed tags.
    /// [`StoreError::NotFound`] if the output does not exist.
    async fn record_tag_correction(
        &self,
        correction: NewTagCorrection,
    ) -> Result<TagCorrection, StoreError>;

    /// All corrections, oldest first.
    async fn tag_corrections(&self) -> Result<Vec<TagCorrection>, StoreError>;
}

/// A file's content with its SHA-256 (hex, lowercase), to store with
/// [`OutputStore::create_outputs`].
#[derive(Debug, Clone)]
pub struct NewFile {
    pub sha256: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// One entry of the change feed of outputs
/// ([`OutputStore::output_changes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputChange {
    /// Its position: entries are numbered in the order their writes committed.
    pub seq: i64,
    /// The output written (created, updated or deleted); `None` asks for a
    /// rebuild of everything.
    pub output_id: Option<i64>,
}

/// Which outputs to list. Values of one field are alternatives (OR);
/// different fields must all hold (AND); an empty field does not filter.
///
/// Who may see what is `scope` (from [`southdesk_plan::authz::output_scope`]);
/// an empty scope means public outputs only — a filter never widens access
/// by omission. [`OutputFilter::everything`] is for the index rebuild and
/// administrative commands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutputFilter {
    pub scope: OutputScope,
    pub types: Vec<OutputType>,
    /// Series slugs ([`series_slug`]).
    pub series: Vec<String>,
    pub themes: Vec<String>,
    pub sdgs: Vec<u8>,
    pub programmes: Vec<String>,
    pub forums: Vec<String>,
    pub meetings: Vec<i64>,
    pub countries: Vec<String>,
    pub years: Vec<i32>,
    /// Outputs having a version in one of these languages.
    pub langs: Vec<Lang>,
    /// Outputs having a version whose file has one of these SHA-256s.
    pub files: Vec<String>,
    /// Last changed at or after / at or before (OAI-PMH `from`, `until`).
    pub updated_from: Option<OffsetDateTime>,
    pub updated_until: Option<OffsetDateTime>,
    pub order: OutputOrder,
}

impl OutputFilter {
    /// Public outputs only, unfiltered.
    pub fn public() -> OutputFilter {
        OutputFilter::default()
    }

    /// Every output, whatever its visibility.
    pub fn everything() -> OutputFilter {
        OutputFilter {
            scope: OutputScope {
                visibility: Visibility::ALL.to_vec(),
                confidential_of: Vec::new(),
            },
            ..OutputFilter::default()
        }
    }

    /// The same filter for someone whose scope is `scope`.
    pub fn within(mut self, scope: OutputScope) -> OutputFilter {
        self.scope = scope;
        self
    }
}

/// The order of [`OutputStore::outputs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputOrder {
    /// Most recent publication date first (then highest id).
    #[default]
    Newest,
    /// By id, ascending (stable across pages: OAI-PMH, reindexing).
    Id,
    /// Most recently changed first.
    Updated,
}

/// Which part of a list to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u64,
    pub limit: u64,
}

impl Page {
    /// The first `limit` items.
    pub fn first(limit: u64) -> Page {
        Page { offset: 0, limit }
    }

    /// Everything.
    pub fn all() -> Page {
        Page {
            offset: 0,
            limit: i64::MAX as u64,
        }
    }
}

/// A page of outputs and the number of outputs that pass the filter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutputPage {
    pub outputs: Vec<Output>,
    pub total: u64,
}

// ---- shared by the backends ---------------------------------------------

/// A value to bind to a placeholder of generated SQL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
    Time(OffsetDateTime),
    /// Typed nulls: PostgreSQL refuses a text null in an integer column.
    OptText(Option<String>),
    OptInt(Option<i64>),
    Bool(bool),
    Bytes(std::sync::Arc<Vec<u8>>),
    Date(time::Date),
}

/// Builds SQL with numbered placeholders (`$1`, `$2`, …), which both
/// backends read.
pub(crate) struct SqlBuilder {
    pub sql: String,
    pub binds: Vec<Bind>,
}

impl SqlBuilder {
    pub fn new(start: &str) -> SqlBuilder {
        SqlBuilder {
            sql: start.to_string(),
            binds: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        self.sql.push('$');
        self.sql.push_str(&self.binds.len().to_string());
        self
    }

    /// Appends `(p1, p2, …)`.
    pub fn bind_list(&mut self, values: impl IntoIterator<Item = Bind>) -> &mut Self {
        self.sql.push('(');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.bind(v);
        }
        self.sql.push(')');
        self
    }
}

/// Appends the WHERE clause of `f` (outputs aliased `o`) to `b`.
pub(crate) fn push_where(b: &mut SqlBuilder, f: &OutputFilter) {
    b.push(" WHERE (o.visibility IN ");
    let mut levels = f.scope.visibility.clone();
    if levels.is_empty() {
        levels.push(Visibility::Public);
    }
    b.bind_list(levels.iter().map(|v| Bind::Text(v.as_str().into())));
    if !f.scope.confidential_of.is_empty() {
        b.push(
            " OR (o.visibility = 'confidential' AND EXISTS (SELECT 1 FROM output_links l \
             WHERE l.output_id = o.id AND l.kind = 'programme' AND l.value IN ",
        );
        b.bind_list(
            f.scope
                .confidential_of
                .iter()
                .map(|p| Bind::Text(p.clone())),
        );
        b.push("))");
    }
    b.push(")");
    if !f.types.is_empty() {
        b.push(" AND o.type IN ");
        b.bind_list(f.types.iter().map(|t| Bind::Text(t.as_str().into())));
    }
    if !f.series.is_empty() {
        b.push(" AND o.series_slug IN ");
        b.bind_list(f.series.iter().map(|s| Bind::Text(series_slug(s))));
    }
    if !f.years.is_empty() {
        b.push(" AND o.year IN ");
        b.bind_list(f.years.iter().map(|y| Bind::Int((*y).into())));
    }
    let links: [(&str, Vec<String>); 6] = [
        ("theme", f.themes.clone()),
        ("sdg", f.sdgs.iter().map(u8::to_string).collect()),
        ("programme", f.programmes.clone()),
        ("forum", f.forums.clone()),
        ("meeting", f.meetings.iter().map(i64::to_string).collect()),
        (
            "country",
            f.countries.iter().map(|c| c.to_ascii_uppercase()).collect(),
        ),
    ];
    for (kind, values) in links {
        if values.is_empty() {
            continue;
        }
        b.push(" AND EXISTS (SELECT 1 FROM output_links l WHERE l.output_id = o.id AND l.kind = ");
        b.bind(Bind::Text(kind.into()));
        b.push(" AND l.value IN ");
        b.bind_list(values.into_iter().map(Bind::Text));
        b.push(")");
    }
    if !f.langs.is_empty() {
        b.push(
            " AND EXISTS (SELECT 1 FROM output_versions v WHERE v.output_id = o.id AND v.lang IN ",
        );
        b.bind_list(f.langs.iter().map(|l| Bind::Text(l.code().into())));
        b.push(")");
    }
    if !f.files.is_empty() {
        b.push(
            " AND EXISTS (SELECT 1 FROM output_versions v WHERE v.output_id = o.id AND v.file_sha256 IN ",
        );
        b.bind_list(f.files.iter().map(|s| Bind::Text(s.clone())));
        b.push(")");
    }
    if let Some(t) = f.updated_from {
        b.push(" AND o.updated_at >= ");
        b.bind(Bind::Time(t));
    }
    if let Some(t) = f.updated_until {
        b.push(" AND o.updated_at <= ");
        b.bind(Bind::Time(t));
    }
}

/// The ORDER BY clause of `order`.
pub(crate) fn order_by(order: OutputOrder) -> &'static str {
    match order {
        OutputOrder::Newest => " ORDER BY o.date DESC, o.id DESC",
        OutputOrder::Id => " ORDER BY o.id",
        OutputOrder::Updated => " ORDER BY o.updated_at DESC, o.id DESC",
    }
}

/// Normalises and validates a record before it is written.
pub(crate) fn check_new(new: &mut NewOutput) -> Result<(), StoreError> {
    new.normalise_and_validate()
        .map_err(|errors| StoreError::Invalid(describe(&errors)))
}

pub(crate) fn check_sha256(sha256: &str) -> Result<(), StoreError> {
    if is_sha256(sha256) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "`{sha256}` is not a SHA-256 (64 lowercase hex digits)"
        )))
    }
}

/// Checks that `bytes` hash to `sha256`.
pub(crate) fn check_content(sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
    check_sha256(sha256)?;
    let actual = sha256_hex(bytes);
    if actual == sha256 {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "the content's SHA-256 is {actual}, not {sha256}"
        )))
    }
}

/// The series, slug and number columns of a record.
pub(crate) fn series_columns(new: &NewOutput) -> (Option<&str>, Option<String>, Option<&str>) {
    (
        new.series.as_deref(),
        new.series.as_deref().map(series_slug),
        new.number.as_deref(),
    )
}

/// The link rows of a record: (kind, value, position).
/// Rows of `output_links` per INSERT (4 placeholders each, far below
/// either backend's limit).
pub(crate) const LINK_ROWS_PER_INSERT: usize = 200;
/// Rows of `files` per INSERT in a batch (each carries a whole file).
pub(crate) const FILE_ROWS_PER_INSERT: usize = 32;
/// Rows of `outputs` per INSERT (12 placeholders each).
pub(crate) const OUTPUT_ROWS_PER_INSERT: usize = 100;

/// Why a batch's output rows were not inserted.
pub(crate) enum InsertError {
    /// A series and number is taken (by the batch or a stored output).
    Taken,
    Store(StoreError),
}

/// The series slug and number that must be unique, if the record has both.
pub(crate) fn series_key(new: &NewOutput) -> Option<(String, String)> {
    match series_columns(new) {
        (_, Some(slug), Some(number)) => Some((slug, number.to_string())),
        _ => None,
    }
}

pub(crate) fn link_rows(new: &NewOutput) -> Vec<(&'static str, String, i64)> {
    let mut rows = Vec::new();
    let mut add = |kind: &'static str, values: Vec<String>| {
        for (i, v) in values.into_iter().enumerate() {
            rows.push((kind, v, i as i64));
        }
    };
    add("programme", new.programmes.clone());
    add("forum", new.forums.clone());
    add("meeting", new.meetings.iter().map(i64::to_string).collect());
    add("country", new.countries.clone());
    add("theme", new.themes.clone());
    add("sdg", new.sdgs.iter().map(u8::to_string).collect());
    rows
}

/// The row of `outputs` as both its INSERT and its UPDATE write it, in
/// this order: type, series, series_slug, number, date, year, visibility,
/// tags_confirmed, proposed_tags.
pub(crate) fn record_binds(new: &NewOutput) -> Vec<Bind> {
    let (series, slug, number) = series_columns(new);
    vec![
        Bind::Text(new.output_type.as_str().to_string()),
        Bind::OptText(series.map(str::to_string)),
        Bind::OptText(slug),
        Bind::OptText(number.map(str::to_string)),
        Bind::Date(new.date),
        Bind::Int(new.date.year().into()),
        Bind::Text(new.visibility.as_str().to_string()),
        Bind::Bool(new.tags_confirmed),
        Bind::Text(proposed_json(&new.proposed_tags)),
    ]
}

pub(crate) fn proposed_json(tags: &[ProposedTag]) -> String {
    serde_json::to_string(tags).expect("proposed tags serialise to JSON")
}

pub(crate) fn list_json(values: &[String]) -> String {
    serde_json::to_string(values).expect("a list of strings serialises to JSON")
}

pub(crate) fn output_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "output",
        id: id.to_string(),
    }
}

/// The error for a unique violation on series and number.
pub(crate) fn number_taken(new: &NewOutput) -> StoreError {
    StoreError::Conflict(format!(
        "{} already exists",
        new.series_label().unwrap_or_default()
    ))
}

pub(crate) fn file_missing(i: usize, sha256: &str) -> StoreError {
    StoreError::Invalid(format!(
        "versions[{i}].file: no file {sha256} is stored (store it with put_file first)"
    ))
}

pub(crate) fn file_size_differs(i: usize, given: u64, stored: i64) -> StoreError {
    StoreError::Invalid(format!(
        "versions[{i}].file.size: the stored file has {stored} bytes, not {given}"
    ))
}

pub(crate) fn corrupt(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "output",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

/// One row of `outputs`, decoded by a backend.
pub(crate) struct OutputRow {
    pub id: i64,
    pub output_type: String,
    pub series: Option<String>,
    pub number: Option<String>,
    pub date: Date,
    pub visibility: String,
    pub tags_confirmed: bool,
    pub proposed_tags: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub created_by: Option<i64>,
}

/// One row of `output_versions` joined with the file's size.
pub(crate) struct VersionRow {
    pub output_id: i64,
    pub lang: String,
    pub title: String,
    pub abstract_: String,
    pub body: String,
    pub file_sha256: Option<String>,
    pub file_media_type: Option<String>,
    pub file_name: Option<String>,
    pub file_size: Option<i64>,
}

pub(crate) struct AuthorRow {
    pub output_id: i64,
    pub name: String,
    pub staff: bool,
    pub account_id: Option<i64>,
    pub affiliation: Option<String>,
}

pub(crate) struct LinkRow {
    pub output_id: i64,
    pub kind: String,
    pub value: String,
}

/// Joins the rows of outputs (in their order) with their children
/// (versions by language, authors and links by position).
pub(crate) fn assemble(
    rows: Vec<OutputRow>,
    versions: Vec<VersionRow>,
    authors: Vec<AuthorRow>,
    links: Vec<LinkRow>,
) -> Result<Vec<Output>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id = r.id;
        let output_type =
            OutputType::parse(&r.output_type).ok_or_else(|| corrupt(id, "unknown type"))?;
        let visibility =
            Visibility::parse(&r.visibility).ok_or_else(|| corrupt(id, "unknown visibility"))?;
        let proposed_tags: Vec<ProposedTag> =
            serde_json::from_str(&r.proposed_tags).map_err(|e| corrupt(id, e))?;
        let mut vs = Vec::new();
        for v in versions.iter().filter(|v| v.output_id == id) {
            let lang = Lang::parse(&v.lang).ok_or_else(|| corrupt(id, "unknown language"))?;
            let file = match (&v.file_sha256, &v.file_media_type, &v.file_name) {
                (Some(sha), Some(mt), Some(name)) => Some(FileRef {
                    sha256: sha.clone(),
                    size: v.file_size.unwrap_or(0).max(0) as u64,
                    media_type: mt.clone(),
                    name: name.clone(),
                }),
                _ => None,
            };
            vs.push(OutputVersion {
                lang,
                title: v.title.clone(),
                abstract_: v.abstract_.clone(),
                body: v.body.clone(),
                file,
            });
        }
        vs.sort_by_key(|v| v.lang);
        let authors: Vec<Author> = authors
            .iter()
            .filter(|a| a.output_id == id)
            .map(|a| Author {
                name: a.name.clone(),
                staff: a.staff,
                account_id: a.account_id,
                affiliation: a.affiliation.clone(),
            })
            .collect();
        let of = |kind: &str| -> Vec<String> {
            links
                .iter()
                .filter(|l| l.output_id == id && l.kind == kind)
                .map(|l| l.value.clone())
                .collect()
        };
        let meetings = of("meeting")
            .iter()
            .map(|m| m.parse::<i64>().map_err(|e| corrupt(id, e)))
            .collect::<Result<_, _>>()?;
        let sdgs = of("sdg")
            .iter()
            .map(|m| m.parse::<u8>().map_err(|e| corrupt(id, e)))
            .collect::<Result<_, _>>()?;
        out.push(Output {
            id,
            record: NewOutput {
                output_type,
                series: r.series,
                number: r.number,
                date: r.date,
                visibility,
                versions: vs,
                authors,
                programmes: of("programme"),
                forums: of("forum"),
                meetings,
                countries: of("country"),
                themes: of("theme"),
                sdgs,
                tags_confirmed: r.tags_confirmed,
                proposed_tags,
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
            created_by: r.created_by,
        });
    }
    Ok(out)
}

/// Columns of `outputs` read by [`OutputRow`], as a literal for `concat!`.
macro_rules! output_columns {
    () => {
        "o.id, o.type, o.series, o.number, o.date, o.visibility, o.tags_confirmed, \
         o.proposed_tags, o.created_at, o.updated_at, o.created_by"
    };
}
pub(crate) use output_columns;

/// One row of `tag_corrections`, decoded by a backend.
pub(crate) struct CorrectionRow {
    pub id: i64,
    pub output_id: i64,
    pub kind: String,
    pub proposed: String,
    pub chosen: String,
    pub text: String,
    pub lang: String,
    pub account_id: Option<i64>,
    pub at: OffsetDateTime,
}

impl CorrectionRow {
    pub fn decode(self) -> Result<TagCorrection, StoreError> {
        let bad = |reason: String| StoreError::CorruptData {
            what: "tag correction",
            id: self.id.to_string(),
            reason,
        };
        let kind = TagKind::parse(&self.kind).ok_or_else(|| bad("unknown kind".into()))?;
        let lang = Lang::parse(&self.lang).ok_or_else(|| bad("unknown language".into()))?;
        let proposed = serde_json::from_str(&self.proposed).map_err(|e| bad(e.to_string()))?;
        let chosen = serde_json::from_str(&self.chosen).map_err(|e| bad(e.to_string()))?;
        Ok(TagCorrection {
            id: self.id,
            correction: NewTagCorrection {
                output_id: self.output_id,
                kind,
                proposed,
                chosen,
                text: self.text,
                lang,
                account_id: self.account_id,
            },
            at: self.at,
        })
    }
}

/// [`OutputStore`] for the backend store type `$store` (whose `db: Db` field
/// holds the pool): the trait impl with its SQL, and the helpers it shares
/// (loading outputs with their children, writing them). The module invoking
/// it provides the backend's codec (`Db`, `DbKind`, `Row`, `enc_t`, `enc_d`,
/// `get_t`, `get_d` and `begin(db)`, a writing transaction).
macro_rules! backend {
    ($store:ty, feed_lock = $feed_lock:expr) => {
        use sqlx::{Arguments as _, Row as _};

        use southdesk_plan::outputs::{NewOutput, NewTagCorrection, Output, TagCorrection};
        use $crate::StoreError;
        use $crate::outputs::{
            AuthorRow, Bind, CorrectionRow, LinkRow, OutputChange, OutputFilter, OutputPage,
            FILE_ROWS_PER_INSERT, InsertError, LINK_ROWS_PER_INSERT, NewFile,
            OUTPUT_ROWS_PER_INSERT, OutputRow, Page, series_key,
            SqlBuilder, VersionRow, assemble, check_content, check_new, check_sha256, corrupt,
            file_missing, file_size_differs, link_rows, list_json, number_taken, order_by,
            output_columns, output_not_found, push_where, record_binds,
        };
        use $crate::plan_versions::now;

        type Conn = <DbKind as sqlx::Database>::Connection;

        /// Run in a writing transaction just before it appends to the change
        /// feed, if the backend needs it for `seq` to follow commit order.
        const FEED_LOCK: Option<&str> = $feed_lock;

        #[async_trait::async_trait]
        impl $crate::outputs::OutputStore for $store {
            async fn put_file(&self, sha256: &str, bytes: &[u8]) -> Result<bool, StoreError> {
                let db = &self.db;
                const DOING: &str = "storing a file";
                check_content(sha256, bytes)?;
                // A writing transaction like the others (on SQLite it waits
                // its turn at the write gate, not in the busy handler).
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let done = sqlx::query(
                    "INSERT INTO files (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (sha256) DO NOTHING",
                )
                .bind(sha256)
                .bind(bytes.len() as i64)
                .bind(bytes)
                .bind(enc_t(now()))
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(done.rows_affected() == 1)
            }

            async fn file(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
                let db = &self.db;
                check_sha256(sha256)?;
                sqlx::query_scalar("SELECT content FROM files WHERE sha256 = $1")
                    .bind(sha256)
                    .fetch_optional(&db.pool)
                    .await
                    .map_err(db.err("reading a file"))
            }

            async fn create_output(
                &self,
                new: NewOutput,
                by: Option<i64>,
            ) -> Result<Output, StoreError> {
                // A batch of one: `create_outputs` gives one output or an error.
                let mut made = self.create_outputs(&[], vec![new], by).await?;
                made.pop().ok_or_else(|| output_not_found(0))
            }

            async fn create_outputs(
                &self,
                files: &[NewFile],
                mut batch: Vec<NewOutput>,
                by: Option<i64>,
            ) -> Result<Vec<Output>, StoreError> {
                const DOING: &str = "creating outputs";
                let db = &self.db;
                for new in &mut batch {
                    check_new(new)?;
                }
                for f in files {
                    check_content(&f.sha256, &f.bytes)?;
                }
                if batch.is_empty() && files.is_empty() {
                    return Ok(Vec::new());
                }
                let at = now();
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let rows: Vec<Vec<Bind>> = files
                    .iter()
                    .map(|f| {
                        vec![
                            Bind::Text(f.sha256.clone()),
                            Bind::Int(f.bytes.len() as i64),
                            Bind::Bytes(f.bytes.clone()),
                            Bind::Time(at),
                        ]
                    })
                    .collect();
                insert_rows(
                    db,
                    &mut tx,
                    DOING,
                    "INSERT INTO files (sha256, size, content, created_at) VALUES ",
                    " ON CONFLICT (sha256) DO NOTHING",
                    &rows,
                    FILE_ROWS_PER_INSERT,
                )
                .await?;
                check_files(db, &mut tx, &mut batch).await?;
                let ids = match insert_outputs(db, &mut tx, &batch, by, at).await {
                    Ok(ids) => ids,
                    Err(InsertError::Taken) => {
                        drop(tx);
                        return Err(taken_in(db, &batch).await);
                    }
                    Err(InsertError::Store(e)) => return Err(e),
                };
                let written: Vec<(i64, &NewOutput)> = ids.iter().copied().zip(&batch).collect();
                write_children(db, &mut tx, &written).await?;
                append_changes(db, &mut tx, &ids, at).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                let outputs = load(db, &ids).await?;
                if outputs.len() != ids.len() {
                    // Deleted by another writer between the commit and the read.
                    let gone = ids.iter().find(|id| !outputs.iter().any(|o| o.id == **id));
                    return Err(output_not_found(gone.copied().unwrap_or_default()));
                }
                Ok(outputs)
            }

            async fn output(&self, id: i64) -> Result<Option<Output>, StoreError> {
                let db = &self.db;
                Ok(load(db, &[id]).await?.pop())
            }

            async fn update_output(
                &self,
                id: i64,
                mut new: NewOutput,
                corrections: Vec<NewTagCorrection>,
            ) -> Result<Output, StoreError> {
                const DOING: &str = "updating an output";
                let db = &self.db;
                check_new(&mut new)?;
                let at = now();
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                check_files(db, &mut tx, std::slice::from_mut(&mut new)).await?;
                let mut binds = record_binds(&new);
                binds.extend([Bind::Time(at), Bind::Int(id)]);
                let done = sqlx::query_with(
                    "UPDATE outputs SET type = $1, series = $2, series_slug = $3, number = $4, date = $5, \
                     year = $6, visibility = $7, tags_confirmed = $8, proposed_tags = $9, updated_at = $10 \
                     WHERE id = $11",
                    args(&binds),
                )
                .execute(&mut *tx)
                .await
                .map_err(|e| write_error(db, DOING, &new, e))?;
                if done.rows_affected() == 0 {
                    return Err(output_not_found(id));
                }
                for table in ["output_versions", "output_authors", "output_links"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DELETE FROM {table} WHERE output_id = $1"
                    )))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                }
                write_children(db, &mut tx, &[(id, &new)]).await?;
                for c in corrections {
                    insert_correction(db, &mut tx, id, c, at).await?;
                }
                append_change(db, &mut tx, Some(id), at).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                load(db, &[id]).await?.pop().ok_or_else(|| output_not_found(id))
            }

            async fn delete_output(&self, id: i64) -> Result<(), StoreError> {
                const DOING: &str = "deleting an output";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let done = sqlx::query("DELETE FROM outputs WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                if done.rows_affected() == 0 {
                    return Err(output_not_found(id));
                }
                append_change(db, &mut tx, Some(id), now()).await?;
                tx.commit().await.map_err(db.err(DOING))
            }

            async fn outputs_by_id(&self, ids: &[i64]) -> Result<Vec<Output>, StoreError> {
                let db = &self.db;
                let mut ids = ids.to_vec();
                ids.sort_unstable();
                ids.dedup();
                let mut outputs = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(200) {
                    outputs.extend(load(db, chunk).await?);
                }
                Ok(outputs)
            }

            async fn output_ids(&self, after: i64, limit: u32) -> Result<Vec<i64>, StoreError> {
                let db = &self.db;
                sqlx::query_scalar("SELECT id FROM outputs WHERE id > $1 ORDER BY id LIMIT $2")
                    .bind(after)
                    .bind(i64::from(limit))
                    .fetch_all(&db.pool)
                    .await
                    .map_err(db.err("listing output ids"))
            }

            async fn output_changes(
                &self,
                after: i64,
                limit: u32,
            ) -> Result<Vec<OutputChange>, StoreError> {
                let db = &self.db;
                let rows: Vec<(i64, Option<i64>)> = sqlx::query_as(
                    "SELECT seq, output_id FROM output_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(after)
                .bind(i64::from(limit))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading the change feed of outputs"))?;
                Ok(rows
                    .into_iter()
                    .map(|(seq, output_id)| OutputChange { seq, output_id })
                    .collect())
            }

            async fn last_output_change(&self) -> Result<i64, StoreError> {
                let db = &self.db;
                let last: Option<i64> = sqlx::query_scalar("SELECT max(seq) FROM output_changes")
                    .fetch_one(&db.pool)
                    .await
                    .map_err(db.err("reading the change feed of outputs"))?;
                Ok(last.unwrap_or(0))
            }

            async fn request_reindex(&self) -> Result<i64, StoreError> {
                const DOING: &str = "asking for a rebuild of the search index";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let seq = append_change(db, &mut tx, None, now()).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(seq)
            }

            async fn outputs(
                &self,
                filter: &OutputFilter,
                page: Page,
            ) -> Result<OutputPage, StoreError> {
                const DOING: &str = "listing outputs";
                let db = &self.db;
                let mut count = SqlBuilder::new("SELECT count(*) FROM outputs o");
                push_where(&mut count, filter);
                let total: i64 =
                    sqlx::query_scalar_with(sqlx::AssertSqlSafe(count.sql), args(&count.binds))
                        .fetch_one(&db.pool)
                        .await
                        .map_err(db.err(DOING))?;
                let mut ids = SqlBuilder::new("SELECT o.id FROM outputs o");
                push_where(&mut ids, filter);
                ids.push(order_by(filter.order));
                ids.push(" LIMIT ");
                ids.bind(Bind::Int(page.limit.min(i64::MAX as u64) as i64));
                ids.push(" OFFSET ");
                ids.bind(Bind::Int(page.offset.min(i64::MAX as u64) as i64));
                let ids: Vec<i64> =
                    sqlx::query_scalar_with(sqlx::AssertSqlSafe(ids.sql), args(&ids.binds))
                        .fetch_all(&db.pool)
                        .await
                        .map_err(db.err(DOING))?;
                let mut outputs = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(200) {
                    outputs.extend(load(db, chunk).await?);
                }
                Ok(OutputPage {
                    outputs,
                    total: total as u64,
                })
            }

            async fn sdg_counts(
                &self,
                filter: &OutputFilter,
            ) -> Result<Vec<(u8, u64)>, StoreError> {
                let db = &self.db;
                let mut q = SqlBuilder::new(
                    "SELECT s.value, count(*) FROM outputs o \
                     JOIN output_links s ON s.output_id = o.id AND s.kind = 'sdg'",
                );
                push_where(&mut q, filter);
                q.push(" GROUP BY s.value");
                let rows: Vec<(String, i64)> =
                    sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args(&q.binds))
                        .fetch_all(&db.pool)
                        .await
                        .map_err(db.err("counting the SDGs of outputs"))?;
                let mut counts: Vec<(u8, u64)> = rows
                    .into_iter()
                    .filter_map(|(g, n)| Some((g.parse().ok()?, n.max(0) as u64)))
                    .collect();
                counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                Ok(counts)
            }

            async fn most_cited_in_theme(
                &self,
                theme: &str,
                limit: u32,
            ) -> Result<Vec<(i64, u64)>, StoreError> {
                let db = &self.db;
                let rows: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT target_id, count(*) AS n FROM ( \
                       SELECT l.target_id FROM request_links l \
                       JOIN request_themes t ON t.request_id = l.request_id \
                       WHERE t.theme = $1 AND l.kind = 'output' \
                       UNION ALL \
                       SELECT m.target_id FROM meeting_links m \
                       JOIN meeting_themes mt ON mt.meeting_id = m.meeting_id \
                       WHERE mt.theme = $2 AND m.kind = 'output' \
                     ) c GROUP BY target_id ORDER BY n DESC, target_id DESC LIMIT $3",
                )
                .bind(theme)
                .bind(theme)
                .bind(i64::from(limit))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("counting citations of outputs"))?;
                Ok(rows
                    .into_iter()
                    .map(|(id, n)| (id, n.max(0) as u64))
                    .collect())
            }

            async fn output_by_file_hash(&self, sha256: &str) -> Result<Option<Output>, StoreError> {
                let db = &self.db;
                check_sha256(sha256)?;
                let id: Option<i64> = sqlx::query_scalar(
                    "SELECT min(output_id) FROM output_versions WHERE file_sha256 = $1",
                )
                .bind(sha256)
                .fetch_one(&db.pool)
                .await
                .map_err(db.err("finding an output by file"))?;
                match id {
                    Some(id) => Ok(load(db, &[id]).await?.pop()),
                    None => Ok(None),
                }
            }

            async fn record_tag_correction(
                &self,
                c: NewTagCorrection,
            ) -> Result<TagCorrection, StoreError> {
                const DOING: &str = "recording a tag correction";
                let db = &self.db;
                let at = now();
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let exists: bool =
                    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM outputs WHERE id = $1)")
                        .bind(c.output_id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                if !exists {
                    return Err(output_not_found(c.output_id));
                }
                let id = insert_correction(db, &mut tx, c.output_id, c.clone(), at).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(TagCorrection {
                    id,
                    correction: c,
                    at,
                })
            }

            async fn tag_corrections(&self) -> Result<Vec<TagCorrection>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, output_id, kind, proposed, chosen, text, lang, account_id, at \
                     FROM tag_corrections ORDER BY id",
                )
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("listing tag corrections"))?;
                rows.iter()
                    .map(|r| {
                        let id: i64 = r.try_get(0).map_err(|e| corrupt(0, e))?;
                        let bad = |reason: String| StoreError::CorruptData {
                            what: "tag correction",
                            id: id.to_string(),
                            reason,
                        };
                        let col = |e: sqlx::Error| bad(e.to_string());
                        CorrectionRow {
                            id,
                            output_id: r.try_get(1).map_err(col)?,
                            kind: r.try_get(2).map_err(col)?,
                            proposed: r.try_get(3).map_err(col)?,
                            chosen: r.try_get(4).map_err(col)?,
                            text: r.try_get(5).map_err(col)?,
                            lang: r.try_get(6).map_err(col)?,
                            account_id: r.try_get(7).map_err(col)?,
                            at: get_t(r, 8).map_err(bad)?,
                        }
                        .decode()
                    })
                    .collect()
            }
        }

        fn args(binds: &[Bind]) -> <DbKind as sqlx::Database>::Arguments {
            let mut a = <DbKind as sqlx::Database>::Arguments::default();
            for b in binds {
                let r = match b {
                    Bind::Text(s) => a.add(s.clone()),
                    Bind::Int(i) => a.add(*i),
                    Bind::Time(t) => a.add(enc_t(*t)),
                    Bind::OptText(s) => a.add(s.clone()),
                    Bind::OptInt(i) => a.add(*i),
                    Bind::Bool(b) => a.add(*b),
                    Bind::Bytes(b) => a.add(b.as_ref().clone()),
                    Bind::Date(d) => a.add(enc_d(*d)),
                };
                r.expect("text and integers bind");
            }
            a
        }

        fn write_error(db: &Db, doing: &'static str, new: &NewOutput, e: sqlx::Error) -> StoreError {
            match &e {
                sqlx::Error::Database(d) if d.is_unique_violation() => number_taken(new),
                _ => db.err(doing)(e),
            }
        }

        /// Appends a write of `output` (`None`: rebuild everything) to the
        /// change feed, in the writer's transaction; returns its position.
        async fn append_change(
            db: &Db,
            tx: &mut Conn,
            output: Option<i64>,
            at: time::OffsetDateTime,
        ) -> Result<i64, StoreError> {
            const DOING: &str = "appending to the change feed of outputs";
            if let Some(sql) = FEED_LOCK {
                sqlx::query(sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
            }
            sqlx::query_scalar(
                "INSERT INTO output_changes (output_id, at) VALUES ($1, $2) RETURNING seq",
            )
            .bind(output)
            .bind(enc_t(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err(DOING))
        }

        /// Appends writes of the outputs `ids` to the change feed, in the
        /// writer's transaction, in one statement (positions in this order).
        async fn append_changes(
            db: &Db,
            tx: &mut Conn,
            ids: &[i64],
            at: time::OffsetDateTime,
        ) -> Result<(), StoreError> {
            const DOING: &str = "appending to the change feed of outputs";
            if ids.is_empty() {
                return Ok(());
            }
            if let Some(sql) = FEED_LOCK {
                sqlx::query(sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
            }
            let rows: Vec<Vec<Bind>> = ids
                .iter()
                .map(|id| vec![Bind::Int(*id), Bind::Time(at)])
                .collect();
            insert_rows(
                db,
                tx,
                DOING,
                "INSERT INTO output_changes (output_id, at) VALUES ",
                "",
                &rows,
                LINK_ROWS_PER_INSERT,
            )
            .await
        }

        /// Inserts `rows` with multi-row statements of at most `per` rows:
        /// `start` (up to `VALUES `), the rows, then `end`.
        async fn insert_rows(
            db: &Db,
            tx: &mut Conn,
            doing: &'static str,
            start: &str,
            end: &str,
            rows: &[Vec<Bind>],
            per: usize,
        ) -> Result<(), StoreError> {
            for chunk in rows.chunks(per) {
                let mut b = SqlBuilder::new(start);
                for (i, row) in chunk.iter().enumerate() {
                    if i > 0 {
                        b.push(", ");
                    }
                    b.bind_list(row.iter().cloned());
                }
                b.push(end);
                sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(doing))?;
            }
            Ok(())
        }

        /// Inserts the `outputs` rows of checked records in multi-row
        /// statements; their ids, in the records' order (one statement
        /// numbers its rows in order on both backends, so the ids it returns,
        /// sorted, are the rows' ids in order). `Err(Taken)` if a series and
        /// number is taken (the transaction is then spent).
        async fn insert_outputs(
            db: &Db,
            tx: &mut Conn,
            records: &[NewOutput],
            by: Option<i64>,
            at: time::OffsetDateTime,
        ) -> Result<Vec<i64>, InsertError> {
            const DOING: &str = "creating outputs";
            let mut ids = Vec::with_capacity(records.len());
            for chunk in records.chunks(OUTPUT_ROWS_PER_INSERT) {
                let mut b = SqlBuilder::new(
                    "INSERT INTO outputs (type, series, series_slug, number, date, year, \
                     visibility, tags_confirmed, proposed_tags, created_at, updated_at, \
                     created_by) VALUES ",
                );
                for (i, new) in chunk.iter().enumerate() {
                    if i > 0 {
                        b.push(", ");
                    }
                    let mut binds = record_binds(new);
                    binds.extend([Bind::Time(at), Bind::Time(at), Bind::OptInt(by)]);
                    b.bind_list(binds);
                }
                b.push(" RETURNING id");
                let mut made: Vec<i64> =
                    sqlx::query_scalar_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(|e| match &e {
                            sqlx::Error::Database(d) if d.is_unique_violation() => InsertError::Taken,
                            _ => InsertError::Store(db.err(DOING)(e)),
                        })?;
                if made.len() != chunk.len() {
                    return Err(InsertError::Store(corrupt(
                        0,
                        format!("{} outputs inserted, {} ids returned", chunk.len(), made.len()),
                    )));
                }
                made.sort_unstable();
                ids.extend(made);
            }
            Ok(ids)
        }

        /// Why a batch's series and number were refused: the first record
        /// whose series and number another of the batch has, or that is
        /// stored (read after the refused transaction).
        async fn taken_in(db: &Db, records: &[NewOutput]) -> StoreError {
            let keys: Vec<Option<(String, String)>> = records.iter().map(series_key).collect();
            let mut seen = std::collections::HashSet::new();
            for (new, key) in records.iter().zip(&keys) {
                if let Some(k) = key {
                    if !seen.insert(k) {
                        return number_taken(new);
                    }
                }
            }
            for (new, key) in records.iter().zip(&keys) {
                let Some((slug, number)) = key else { continue };
                let stored: Result<Option<i64>, _> = sqlx::query_scalar(
                    "SELECT id FROM outputs WHERE series_slug = $1 AND number = $2",
                )
                .bind(slug)
                .bind(number)
                .fetch_optional(&db.pool)
                .await;
                match stored {
                    Ok(Some(_)) => return number_taken(new),
                    Ok(None) => {}
                    Err(e) => return db.err("creating outputs")(e),
                }
            }
            // Taken by a writer whose output has gone since: as the store said.
            StoreError::Conflict("an output with this series and number already exists".into())
        }

        /// Checks that the files named by the records exist, and takes
        /// their sizes from the store (one query for all).
        async fn check_files(
            db: &Db,
            tx: &mut Conn,
            records: &mut [NewOutput],
        ) -> Result<(), StoreError> {
            let named: Vec<Bind> = records
                .iter()
                .flat_map(|n| n.versions.iter())
                .filter_map(|v| v.file.as_ref().map(|f| Bind::Text(f.sha256.clone())))
                .collect();
            if named.is_empty() {
                return Ok(());
            }
            let mut sizes: std::collections::HashMap<String, i64> = Default::default();
            for chunk in named.chunks(LINK_ROWS_PER_INSERT) {
                let mut b = SqlBuilder::new("SELECT sha256, size FROM files WHERE sha256 IN ");
                b.bind_list(chunk.iter().cloned());
                let rows = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db.err("checking files"))?;
                for r in rows {
                    let sha: String = r.try_get(0).map_err(db.err("checking files"))?;
                    let size: i64 = r.try_get(1).map_err(db.err("checking files"))?;
                    sizes.insert(sha, size);
                }
            }
            for new in records.iter_mut() {
                for (i, v) in new.versions.iter_mut().enumerate() {
                    let Some(f) = &mut v.file else { continue };
                    match sizes.get(&f.sha256).copied() {
                        None => return Err(file_missing(i, &f.sha256)),
                        Some(s) if f.size != 0 && f.size != s as u64 => {
                            return Err(file_size_differs(i, f.size, s));
                        }
                        Some(s) => f.size = s as u64,
                    }
                }
            }
            Ok(())
        }

        /// Writes the versions, authors and links of the outputs `written`
        /// (id, record), in multi-row statements (one output held a dozen
        /// statements' worth: a third of an ingest's round trips).
        async fn write_children(
            db: &Db,
            tx: &mut Conn,
            written: &[(i64, &NewOutput)],
        ) -> Result<(), StoreError> {
            const DOING: &str = "writing an output's versions, authors and links";
            let versions = written
                .iter()
                .flat_map(|(id, new)| new.versions.iter().map(move |v| (*id, v)))
                .map(|(id, v)| {
                    vec![
                        Bind::Int(id),
                        Bind::Text(v.lang.code().to_string()),
                        Bind::Text(v.title.clone()),
                        Bind::Text(v.abstract_.clone()),
                        Bind::Text(v.body.clone()),
                        Bind::OptText(v.file.as_ref().map(|f| f.sha256.clone())),
                        Bind::OptText(v.file.as_ref().map(|f| f.media_type.clone())),
                        Bind::OptText(v.file.as_ref().map(|f| f.name.clone())),
                    ]
                })
                .collect::<Vec<Vec<Bind>>>();
            insert_rows(
                db,
                tx,
                DOING,
                "INSERT INTO output_versions (output_id, lang, title, abstract, body, file_sha256, \
                 file_media_type, file_name) VALUES ",
                "",
                &versions,
                LINK_ROWS_PER_INSERT,
            )
            .await?;
            check_author_accounts(db, tx, written).await?;
            let authors = written
                .iter()
                .flat_map(|(id, new)| new.authors.iter().enumerate().map(move |(i, a)| (*id, i, a)))
                .map(|(id, i, a)| {
                    vec![
                        Bind::Int(id),
                        Bind::Int(i as i64),
                        Bind::Text(a.name.clone()),
                        Bind::Bool(a.staff),
                        Bind::OptInt(a.account_id),
                        Bind::OptText(a.affiliation.clone()),
                    ]
                })
                .collect::<Vec<Vec<Bind>>>();
            insert_rows(
                db,
                tx,
                DOING,
                "INSERT INTO output_authors (output_id, position, name, staff, account_id, \
                 affiliation) VALUES ",
                "",
                &authors,
                LINK_ROWS_PER_INSERT,
            )
            .await?;
            let links = written
                .iter()
                .flat_map(|(id, new)| link_rows(new).into_iter().map(move |r| (*id, r)))
                .map(|(id, (kind, value, position))| {
                    vec![
                        Bind::Int(id),
                        Bind::Text(kind.to_string()),
                        Bind::Text(value),
                        Bind::Int(position),
                    ]
                })
                .collect::<Vec<Vec<Bind>>>();
            insert_rows(
                db,
                tx,
                DOING,
                "INSERT INTO output_links (output_id, kind, value, position) VALUES ",
                "",
                &links,
                LINK_ROWS_PER_INSERT,
            )
            .await
        }

        /// Refuses authors bound to accounts that do not exist, naming the
        /// first (the foreign key would refuse them too, without saying which).
        async fn check_author_accounts(
            db: &Db,
            tx: &mut Conn,
            written: &[(i64, &NewOutput)],
        ) -> Result<(), StoreError> {
            let bound: Vec<(usize, i64)> = written
                .iter()
                .flat_map(|(_, new)| new.authors.iter().enumerate())
                .filter_map(|(i, a)| a.account_id.map(|id| (i, id)))
                .collect();
            if bound.is_empty() {
                return Ok(());
            }
            let mut known = std::collections::HashSet::new();
            for chunk in bound.chunks(LINK_ROWS_PER_INSERT) {
                let mut b = SqlBuilder::new("SELECT id FROM accounts WHERE id IN ");
                b.bind_list(chunk.iter().map(|(_, id)| Bind::Int(*id)));
                let rows = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db.err("checking authors' accounts"))?;
                for r in rows {
                    let id: i64 = r.try_get(0).map_err(db.err("checking authors' accounts"))?;
                    known.insert(id);
                }
            }
            match bound.iter().find(|(_, id)| !known.contains(id)) {
                Some((i, id)) => Err(StoreError::Invalid(format!(
                    "authors[{i}].account_id: there is no account {id}"
                ))),
                None => Ok(()),
            }
        }

        /// The outputs with these ids, in this order (missing ones left out).
        async fn load(db: &Db, ids: &[i64]) -> Result<Vec<Output>, StoreError> {
            const DOING: &str = "reading outputs";
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let binds: Vec<Bind> = ids.iter().map(|i| Bind::Int(*i)).collect();
            let query = |start: &str, end: &str| {
                let mut b = SqlBuilder::new(start);
                b.bind_list(binds.iter().cloned());
                b.push(end);
                b
            };
            let b = query(
                concat!("SELECT ", output_columns!(), " FROM outputs o WHERE o.id IN "),
                "",
            );
            let rows = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err(DOING))?;
            let mut outputs: Vec<OutputRow> = rows.iter().map(output_row).collect::<Result<_, _>>()?;
            outputs.sort_by_key(|r| ids.iter().position(|i| *i == r.id));

            let b = query(
                "SELECT v.output_id, v.lang, v.title, v.abstract, v.body, v.file_sha256, \
                 v.file_media_type, v.file_name, f.size FROM output_versions v \
                 LEFT JOIN files f ON f.sha256 = v.file_sha256 WHERE v.output_id IN ",
                "",
            );
            let versions = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err(DOING))?
                .iter()
                .map(|r| -> Result<VersionRow, sqlx::Error> {
                    Ok(VersionRow {
                        output_id: r.try_get(0)?,
                        lang: r.try_get(1)?,
                        title: r.try_get(2)?,
                        abstract_: r.try_get(3)?,
                        body: r.try_get(4)?,
                        file_sha256: r.try_get(5)?,
                        file_media_type: r.try_get(6)?,
                        file_name: r.try_get(7)?,
                        file_size: r.try_get(8)?,
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(db.err(DOING))?;

            let b = query(
                "SELECT output_id, name, staff, account_id, affiliation FROM output_authors \
                 WHERE output_id IN ",
                " ORDER BY output_id, position",
            );
            let authors = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err(DOING))?
                .iter()
                .map(|r| -> Result<AuthorRow, sqlx::Error> {
                    Ok(AuthorRow {
                        output_id: r.try_get(0)?,
                        name: r.try_get(1)?,
                        staff: r.try_get(2)?,
                        account_id: r.try_get(3)?,
                        affiliation: r.try_get(4)?,
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(db.err(DOING))?;

            let b = query(
                "SELECT output_id, kind, value FROM output_links WHERE output_id IN ",
                " ORDER BY output_id, kind, position",
            );
            let links = sqlx::query_with(sqlx::AssertSqlSafe(b.sql), args(&b.binds))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err(DOING))?
                .iter()
                .map(|r| -> Result<LinkRow, sqlx::Error> {
                    Ok(LinkRow {
                        output_id: r.try_get(0)?,
                        kind: r.try_get(1)?,
                        value: r.try_get(2)?,
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(db.err(DOING))?;
            assemble(outputs, versions, authors, links)
        }

        fn output_row(r: &Row) -> Result<OutputRow, StoreError> {
            let id: i64 = r.try_get(0).map_err(|e| corrupt(0, e))?;
            let get = |e: sqlx::Error| corrupt(id, e);
            let bad = |e: String| corrupt(id, e);
            Ok(OutputRow {
                id,
                output_type: r.try_get(1).map_err(get)?,
                series: r.try_get(2).map_err(get)?,
                number: r.try_get(3).map_err(get)?,
                date: get_d(r, 4).map_err(bad)?,
                visibility: r.try_get(5).map_err(get)?,
                tags_confirmed: r.try_get(6).map_err(get)?,
                proposed_tags: r.try_get(7).map_err(get)?,
                created_at: get_t(r, 8).map_err(bad)?,
                updated_at: get_t(r, 9).map_err(bad)?,
                created_by: r.try_get(10).map_err(get)?,
            })
        }

        async fn insert_correction(
            db: &Db,
            tx: &mut Conn,
            output_id: i64,
            c: NewTagCorrection,
            at: time::OffsetDateTime,
        ) -> Result<i64, StoreError> {
            sqlx::query_scalar(
                "INSERT INTO tag_corrections (output_id, kind, proposed, chosen, text, lang, \
                 account_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(output_id)
            .bind(c.kind.as_str())
            .bind(list_json(&c.proposed))
            .bind(list_json(&c.chosen))
            .bind(&c.text)
            .bind(c.lang.code())
            .bind(c.account_id)
            .bind(enc_t(at))
            .fetch_one(&mut *tx)
            .await
            .map_err(db.err("recording a tag correction"))
        }
    };
}
pub(crate) use backend;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_sql() {
        let f = OutputFilter {
            themes: vec!["trade".into(), "health".into()],
            years: vec![2026],
            scope: OutputScope {
                visibility: vec![Visibility::Public, Visibility::Internal],
                confidential_of: vec!["ggdp".into()],
            },
            ..OutputFilter::default()
        };
        let mut b = SqlBuilder::new("SELECT o.id FROM outputs o");
        push_where(&mut b, &f);
        assert!(b.sql.contains("o.visibility IN ($1, $2)"), "{}", b.sql);
        assert!(b.sql.contains("l.value IN ($3)"), "{}", b.sql);
        assert!(b.sql.contains("o.year IN ($4)"), "{}", b.sql);
        assert!(b.sql.contains("l.value IN ($6, $7)"), "{}", b.sql);
        assert_eq!(b.binds.len(), 7);
        let mut public = SqlBuilder::new("");
        push_where(&mut public, &OutputFilter::default());
        assert_eq!(public.sql, " WHERE (o.visibility IN ($1))");
        assert_eq!(public.binds, [Bind::Text("public".into())]);
    }

    #[test]
    fn hashes_are_checked() {
        let sha = sha256_hex(b"abc");
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(check_content(&sha, b"abc").is_ok());
        assert_eq!(check_content(&sha, b"abd").unwrap_err().code(), "invalid");
        assert_eq!(check_content("ABC", b"abc").unwrap_err().code(), "invalid");
    }
}
