//! The knowledge base's JSON API: search (`GET /api/v1/search`, the same
//! code path as the `/outputs` page) and outputs (`/api/v1/outputs`: list,
//! read, create, replace, delete; `PUT /api/v1/files/{sha256}` stores a
//! file to attach). Writes need a bearer token.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use southdesk_common::sha256_hex;
use southdesk_kb::KbError;
use southdesk_kb::search::{self, SearchParams, SearchResponse};
use southdesk_plan::Lang;
use southdesk_plan::authz::{Action, OutputFacts, allowed, output_scope};
use southdesk_plan::outputs::{
    Author, FieldError, FileRef, NewOutput, Output, OutputVersion, ProposedTag,
};
use southdesk_store::{OutputFilter, Page};
use utoipa::{OpenApi, ToSchema};

use super::shared::{facts, may_view};
use crate::app::AppState;
use crate::app::auth::CurrentUser;
use crate::app::error::ErrorBody;
use crate::app::{ApiError, PathId};

/// Largest file accepted by `PUT /api/v1/files/{sha256}`.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Largest output record accepted (with its full texts).
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// A field that is not right, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldErrorDto {
    /// `versions[1].title`, `countries[0]`, …
    pub field: String,
    /// `required`, `invalid`, `duplicate`, `unknown`, `too_long`, `series_required`, `taken`.
    pub code: String,
    pub message: String,
}

/// `422`: the record is not valid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvalidBody {
    pub error: InvalidDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvalidDetail {
    /// `invalid`
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldErrorDto>,
}

fn invalid(errors: &[FieldError]) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(InvalidBody {
            error: InvalidDetail {
                code: "invalid".into(),
                message: southdesk_plan::outputs::describe(errors),
                fields: errors
                    .iter()
                    .map(|e| FieldErrorDto {
                        field: e.field.clone(),
                        code: e.code.to_string(),
                        message: e.message.clone(),
                    })
                    .collect(),
            },
        }),
    )
        .into_response()
}

fn kb_error(e: KbError) -> Response {
    match e {
        KbError::Invalid(errors) => invalid(&errors),
        KbError::NotFound(id) => {
            ApiError::not_found(format!("output {id} not found")).into_response()
        }
        KbError::Store(e) => ApiError::from(e).into_response(),
        KbError::Search(e) => {
            tracing::error!(error = %e, "search failed");
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "search_failed",
                message: "the search index failed; try again later".into(),
            }
            .into_response()
        }
    }
}

fn bad_request(message: impl Into<String>) -> Response {
    ApiError {
        status: StatusCode::BAD_REQUEST,
        code: "bad_request",
        message: message.into(),
    }
    .into_response()
}

// ---- search --------------------------------------------------------------

/// A hit: one output, shown in its best-scoring matching language version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHitDto {
    pub output_id: i64,
    /// Language of the version shown: `zh`, `en`, `fr`, `es`.
    #[schema(example = "en")]
    pub lang: String,
    /// Languages of the output's other matching versions, in the order zh, en, fr, es.
    #[schema(example = json!(["zh", "fr"]))]
    pub also_in: Vec<String>,
    /// Score of the version shown.
    pub score: f32,
    pub title: String,
    /// The title with matches in `<mark>`, HTML-escaped.
    pub title_html: String,
    /// A passage with matches in `<mark>`, HTML-escaped.
    pub snippet_html: String,
    #[schema(example = "2026-03-01")]
    pub date: Option<String>,
    #[serde(rename = "type")]
    #[schema(example = "research-paper")]
    pub output_type: String,
    #[schema(example = "/outputs/12")]
    pub url: String,
}

/// A facet value and the number of matching outputs that have it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetCountDto {
    pub value: String,
    /// Matching outputs (not versions) with this value.
    pub count: u64,
}

/// Search results per output, with facet counts over all matching outputs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResponseDto {
    pub query: String,
    /// Matching outputs the caller may see (an output matching in several languages counts once).
    pub total: usize,
    pub page: usize,
    /// Outputs per page.
    pub per_page: usize,
    /// One per output.
    pub hits: Vec<SearchHitDto>,
    /// Facet (`type`, `series`, `theme`, `sdg`, `programme`, `forum`, `year`, `language`, `country`) → values with the number of matching outputs having each (for `language`: outputs with a matching version in it).
    pub facets: BTreeMap<String, Vec<FacetCountDto>>,
}

impl From<SearchResponse> for SearchResponseDto {
    fn from(r: SearchResponse) -> Self {
        SearchResponseDto {
            query: r.query,
            total: r.total,
            page: r.page,
            per_page: r.per_page,
            hits: r
                .hits
                .into_iter()
                .map(|h| SearchHitDto {
                    output_id: h.output_id,
                    lang: h.lang.code().into(),
                    also_in: h.also_in.iter().map(|l| l.code().to_string()).collect(),
                    score: h.score,
                    title: h.title,
                    title_html: h.title_html,
                    snippet_html: h.snippet_html,
                    date: h.date,
                    output_type: h.output_type,
                    url: h.url,
                })
                .collect(),
            facets: r
                .facets
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        v.into_iter()
                            .map(|c| FacetCountDto {
                                value: c.value,
                                count: c.count,
                            })
                            .collect(),
                    )
                })
                .collect(),
        }
    }
}

/// Searches the outputs the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "outputs",
    params(
        ("q" = Option<String>, Query, description = "Words, `\"phrases\"`, `+required`, `-excluded`; empty: browse"),
        ("hl" = Option<String>, Query, description = "Language to favour: zh, en, fr, es"),
        ("type" = Option<String>, Query, description = "Filter by output type (repeatable, as are the other facets)"),
        ("series" = Option<String>, Query, description = "Filter by series name"),
        ("theme" = Option<String>, Query, description = "Filter by theme id"),
        ("sdg" = Option<u8>, Query, description = "Filter by SDG (1–17)"),
        ("programme" = Option<String>, Query, description = "Filter by programme id"),
        ("forum" = Option<String>, Query, description = "Filter by forum id"),
        ("year" = Option<String>, Query, description = "Filter by year"),
        ("language" = Option<String>, Query, description = "Filter by the language of versions (outputs with a matching version in it)"),
        ("country" = Option<String>, Query, description = "Filter by country (ISO 3166-1 alpha-3)"),
        ("page" = Option<usize>, Query, description = "Page, from 1"),
        ("per_page" = Option<usize>, Query, description = "Outputs per page, 1–100 (20)"),
    ),
    responses(
        (status = 200, description = "Hits (one per output, in its best-matching version, with the other languages it matches in) and facet counts of matching outputs", body = SearchResponseDto),
        (status = 400, description = "A parameter is not valid (`bad_request`)", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    {
        Ok(p) => p,
        Err(m) => return bad_request(m),
    };
    match search::answer(state.index.clone(), params, output_scope(user.as_ref())).await {
        Ok(r) => Json(SearchResponseDto::from(r)).into_response(),
        Err(e) => kb_error(e),
    }
}

// ---- outputs --------------------------------------------------------------

/// A file attached to a version, stored by its SHA-256.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FileDto {
    #[schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    pub sha256: String,
    /// Bytes (taken from the stored file; may be omitted on writes).
    #[serde(default)]
    pub size: u64,
    #[schema(example = "application/pdf")]
    pub media_type: String,
    #[schema(example = "RP199_EN.pdf")]
    pub name: String,
}

/// One language version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VersionDto {
    #[schema(example = "en")]
    pub lang: String,
    pub title: String,
    #[serde(rename = "abstract", default)]
    pub abstract_: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub file: Option<FileDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuthorDto {
    pub name: String,
    /// Works at the South Centre.
    #[serde(default)]
    pub staff: bool,
    #[serde(default)]
    pub account_id: Option<i64>,
    #[serde(default)]
    pub affiliation: Option<String>,
}

/// A theme or SDG the tagger proposed, with evidence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProposedTagDto {
    /// `theme` or `sdg`.
    pub kind: String,
    pub value: String,
    pub score: f32,
    pub evidence: Vec<String>,
}

/// An output to create, or the new state of one (`PUT` replaces it).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutputInput {
    /// research-paper, policy-brief, southviews, tax-cooperation-policy-brief, climate-policy-brief, statement, submission, analytical-note, book, meeting-report, training, side-event, advisory-note
    #[serde(rename = "type")]
    #[schema(example = "research-paper")]
    pub output_type: String,
    #[serde(default)]
    #[schema(example = "Research Paper")]
    pub series: Option<String>,
    #[serde(default)]
    #[schema(example = "199")]
    pub number: Option<String>,
    #[schema(example = "2026-03-01")]
    pub date: String,
    /// public, internal, confidential
    #[schema(example = "public")]
    pub visibility: String,
    pub versions: Vec<VersionDto>,
    #[serde(default)]
    pub authors: Vec<AuthorDto>,
    #[serde(default)]
    pub programmes: Vec<String>,
    #[serde(default)]
    pub forums: Vec<String>,
    #[serde(default)]
    pub meetings: Vec<i64>,
    #[serde(default)]
    pub countries: Vec<String>,
    /// Theme ids. On creation, leave empty to take the tagger's proposal.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub sdgs: Vec<u8>,
    /// Staff confirm the themes and SDGs (a difference from the proposal is recorded as a correction).
    #[serde(default)]
    pub tags_confirmed: bool,
}

/// A stored output.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutputDto {
    pub id: i64,
    #[serde(flatten)]
    pub record: OutputInput,
    pub proposed_tags: Vec<ProposedTagDto>,
    pub created_at: String,
    pub updated_at: String,
    #[schema(example = "/outputs/12")]
    pub url: String,
}

/// A page of outputs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutputListDto {
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub outputs: Vec<OutputDto>,
}

/// `201` after storing a file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoredFileDto {
    pub sha256: String,
    pub size: u64,
    /// Whether it was new.
    pub created: bool,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn to_dto(o: &Output) -> OutputDto {
    OutputDto {
        id: o.id,
        record: OutputInput {
            output_type: o.output_type.as_str().into(),
            series: o.series.clone(),
            number: o.number.clone(),
            date: o.date.to_string(),
            visibility: o.visibility.as_str().into(),
            versions: o
                .versions
                .iter()
                .map(|v| VersionDto {
                    lang: v.lang.code().into(),
                    title: v.title.clone(),
                    abstract_: v.abstract_.clone(),
                    body: v.body.clone(),
                    file: v.file.as_ref().map(|f| FileDto {
                        sha256: f.sha256.clone(),
                        size: f.size,
                        media_type: f.media_type.clone(),
                        name: f.name.clone(),
                    }),
                })
                .collect(),
            authors: o
                .authors
                .iter()
                .map(|a| AuthorDto {
                    name: a.name.clone(),
                    staff: a.staff,
                    account_id: a.account_id,
                    affiliation: a.affiliation.clone(),
                })
                .collect(),
            programmes: o.programmes.clone(),
            forums: o.forums.clone(),
            meetings: o.meetings.clone(),
            countries: o.countries.clone(),
            themes: o.themes.clone(),
            sdgs: o.sdgs.clone(),
            tags_confirmed: o.tags_confirmed,
        },
        proposed_tags: o
            .proposed_tags
            .iter()
            .map(|t| ProposedTagDto {
                kind: t.kind.as_str().into(),
                value: t.value.clone(),
                score: t.score,
                evidence: t.evidence.clone(),
            })
            .collect(),
        created_at: rfc3339(o.created_at),
        updated_at: rfc3339(o.updated_at),
        url: format!("/outputs/{}", o.id),
    }
}

/// The record sent to create or replace an output, read and checked field
/// by field; refused unless `may` says the caller could still work on an
/// output with its visibility and programmes.
fn record(
    body: Result<Json<OutputInput>, JsonRejection>,
    may: impl Fn(OutputFacts) -> bool,
) -> Result<NewOutput, Box<Response>> {
    let input = crate::app::error::json_body(body, MAX_RECORD_BYTES)
        .map_err(|e| Box::new(e.into_response()))?;
    let new = from_input(input, Vec::new()).map_err(|errors| Box::new(invalid(&errors)))?;
    let facts = OutputFacts {
        visibility: new.visibility,
        programmes: &new.programmes,
    };
    if !may(facts) {
        return Err(Box::new(invalid(&[FieldError::new(
            "visibility",
            "invalid",
            "you could not read an output with this visibility",
        )])));
    }
    Ok(new)
}

fn from_input(i: OutputInput, proposed: Vec<ProposedTag>) -> Result<NewOutput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let output_type = i.output_type.parse().map_err(|m: String| {
        errors.push(FieldError::new("type", "invalid", m));
    });
    let date = time::Date::parse(
        i.date.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        errors.push(FieldError::new(
            "date",
            "invalid",
            format!("`{}` is not a date (YYYY-MM-DD)", i.date),
        ))
    });
    let visibility = i.visibility.parse().map_err(|m: String| {
        errors.push(FieldError::new("visibility", "invalid", m));
    });
    let mut versions = Vec::new();
    for (n, v) in i.versions.into_iter().enumerate() {
        let Some(lang) = Lang::parse(&v.lang) else {
            errors.push(FieldError::new(
                format!("versions[{n}].lang"),
                "invalid",
                format!("`{}` is not zh, en, fr or es", v.lang),
            ));
            continue;
        };
        versions.push(OutputVersion {
            lang,
            title: v.title,
            abstract_: v.abstract_,
            body: v.body,
            file: v.file.map(|f| FileRef {
                sha256: f.sha256,
                size: f.size,
                media_type: f.media_type,
                name: f.name,
            }),
        });
    }
    let (Ok(output_type), Ok(date), Ok(visibility)) = (output_type, date, visibility) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewOutput {
        output_type,
        series: i.series,
        number: i.number,
        date,
        visibility,
        versions,
        authors: i
            .authors
            .into_iter()
            .map(|a| Author {
                name: a.name,
                staff: a.staff,
                account_id: a.account_id,
                affiliation: a.affiliation,
            })
            .collect(),
        programmes: i.programmes,
        forums: i.forums,
        meetings: i.meetings,
        countries: i.countries,
        themes: i.themes,
        sdgs: i.sdgs,
        tags_confirmed: i.tags_confirmed,
        proposed_tags: proposed,
    })
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<u64>,
    per_page: Option<u64>,
}

/// Outputs the caller may see, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/outputs",
    tag = "outputs",
    params(
        ("page" = Option<u64>, Query, description = "Page, from 1"),
        ("per_page" = Option<u64>, Query, description = "1–100 (20)"),
    ),
    responses((status = 200, description = "A page of outputs", body = OutputListDto))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(20).clamp(1, 100);
    let filter = OutputFilter::public().within(output_scope(user.as_ref()));
    match state
        .store
        .outputs(
            &filter,
            Page {
                offset: (page - 1) * per_page,
                limit: per_page,
            },
        )
        .await
    {
        Ok(p) => Json(OutputListDto {
            total: p.total,
            page,
            per_page,
            outputs: p.outputs.iter().map(to_dto).collect(),
        })
        .into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

async fn visible(
    state: &AppState,
    user: Option<&southdesk_plan::Account>,
    n: i64,
) -> Result<Output, Response> {
    let not_found = || ApiError::not_found(format!("output {n} not found")).into_response();
    match state.store.output(n).await {
        Ok(Some(o)) if may_view(user, &o) => Ok(o),
        Ok(_) => Err(not_found()),
        Err(e) => Err(ApiError::from(e).into_response()),
    }
}

/// One output.
#[utoipa::path(
    get,
    path = "/api/v1/outputs/{id}",
    tag = "outputs",
    params(("id" = i64, Path, description = "Output id")),
    responses(
        (status = 200, description = "The output with all its versions", body = OutputDto),
        (status = 404, description = "No such output, or not one the caller may see (`not_found`)", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    PathId(id): PathId,
) -> Response {
    match visible(&state, user.as_ref(), id).await {
        Ok(o) => Json(to_dto(&o)).into_response(),
        Err(r) => r,
    }
}

/// Creates an output (the tagger proposes themes and SDGs; they become its
/// tags unless some are given).
#[utoipa::path(
    post,
    path = "/api/v1/outputs",
    tag = "outputs",
    security(("bearer" = [])),
    request_body = OutputInput,
    responses(
        (status = 201, description = "Created", body = OutputDto),
        (status = 401, description = "No or bad token", body = ErrorBody),
        (status = 403, description = "The account may not add outputs", body = ErrorBody),
        (status = 422, description = "Invalid fields (`invalid`)", body = InvalidBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<OutputInput>, JsonRejection>,
) -> Response {
    let new = match record(body, |facts| {
        allowed(user.as_ref(), &Action::ViewOutput(facts))
    }) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    match state.catalogue().create(new, user.as_ref()).await {
        Ok(o) => (StatusCode::CREATED, Json(to_dto(&o))).into_response(),
        Err(e) => kb_error(e),
    }
}

async fn editable(
    state: &AppState,
    user: Option<&southdesk_plan::Account>,
    id: i64,
) -> Result<Output, Response> {
    let o = visible(state, user, id).await?;
    if allowed(user, &Action::EditOutput(facts(&o))) {
        Ok(o)
    } else {
        Err(ApiError::forbidden().into_response())
    }
}

/// Replaces an output.
#[utoipa::path(
    put,
    path = "/api/v1/outputs/{id}",
    tag = "outputs",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Output id")),
    request_body = OutputInput,
    responses(
        (status = 200, description = "Replaced", body = OutputDto),
        (status = 403, description = "The account may not edit it", body = ErrorBody),
        (status = 404, description = "No such output", body = ErrorBody),
        (status = 422, description = "Invalid fields (`invalid`)", body = InvalidBody),
    )
)]
pub async fn replace(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    PathId(id): PathId,
    body: Result<Json<OutputInput>, JsonRejection>,
) -> Response {
    let o = match editable(&state, user.as_ref(), id).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let new = match record(body, |facts| {
        allowed(user.as_ref(), &Action::EditOutput(facts))
    }) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    match state.catalogue().update(o.id, new, user.as_ref()).await {
        Ok(o) => Json(to_dto(&o)).into_response(),
        Err(e) => kb_error(e),
    }
}

/// Deletes an output (its files stay).
#[utoipa::path(
    delete,
    path = "/api/v1/outputs/{id}",
    tag = "outputs",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Output id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "The account may not edit it", body = ErrorBody),
        (status = 404, description = "No such output", body = ErrorBody),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    PathId(id): PathId,
) -> Response {
    let o = match editable(&state, user.as_ref(), id).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    match state.catalogue().delete(o.id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => kb_error(e),
    }
}

/// Stores a file under its SHA-256, to attach to a version.
#[utoipa::path(
    put,
    path = "/api/v1/files/{sha256}",
    tag = "outputs",
    security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the body, lowercase hex")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored (or already there)", body = StoredFileDto),
        (status = 422, description = "The body does not hash to the address (`invalid`)", body = ErrorBody),
    )
)]
pub async fn put_file(
    State(state): State<AppState>,
    _headers: HeaderMap,
    Path(sha): Path<String>,
    body: Bytes,
) -> Response {
    if sha256_hex(&body) != sha {
        return ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid",
            message: format!("the body's SHA-256 is {}, not {sha}", sha256_hex(&body)),
        }
        .into_response();
    }
    match state.store.put_file(&sha, &body).await {
        Ok(created) => (
            StatusCode::CREATED,
            Json(StoredFileDto {
                sha256: sha,
                size: body.len() as u64,
                created,
            }),
        )
            .into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(search, list, get, create, replace, delete, put_file),
    components(schemas(
        SearchResponseDto, SearchHitDto, FacetCountDto, OutputDto, OutputInput, OutputListDto,
        VersionDto, FileDto, AuthorDto, ProposedTagDto, StoredFileDto, InvalidBody, InvalidDetail,
        FieldErrorDto
    )),
    tags((name = "outputs", description = "The knowledge base: the Centre's outputs in their languages, search with facets"))
)]
struct OutputsDoc;

/// Adds the knowledge base's paths to the document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(OutputsDoc::openapi());
}
