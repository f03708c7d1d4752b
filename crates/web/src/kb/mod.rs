//! The knowledge base on the web: the catalogue of outputs (list, search
//! with facets, one page per output with all its language versions, create
//! and edit forms where staff confirm or change the tagger's themes and
//! SDGs), listings by theme, series and programme, file downloads, Atom
//! feeds, citation exports, OAI-PMH, and the JSON API ([`api`]).
//!
//! Who sees what is `plan::authz`'s: routes declare `ViewPublic` (lists,
//! pages, feeds) or `CreateOutput` (forms), and every output shown, counted,
//! exported or downloaded is checked with `Action::ViewOutput` — one by one
//! for a record, through `authz::output_scope` for lists and search.

pub mod api;
mod forms;
mod upload;
mod views;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use southdesk_kb::cite::Format;
use southdesk_kb::search::{self, SearchParams};
use southdesk_kb::{KbError, atom, oai};
use southdesk_plan::Account;
use southdesk_plan::authz::{Action, OutputFacts, OutputScope, allowed, output_scope};
use southdesk_plan::outputs::{Output, is_sha256, series_slug};
use southdesk_store::{OutputFilter, Page, StoreError};

use crate::AppState;
use crate::middleware::Ctx;
use crate::pages::{html, not_found, unavailable};

pub use forms::{create_submit, edit_form, edit_submit, new_form};
pub use upload::{MAX_UPLOAD_BYTES, upload_submit};

/// Outputs on one page of a listing.
pub const PER_PAGE: u64 = 20;
/// Most outputs in one export of a result list.
pub const MAX_EXPORT: usize = 1000;
/// Entries in a feed.
pub const FEED_ENTRIES: u64 = 50;

/// What authorisation needs to know about `o`.
pub fn facts(o: &Output) -> OutputFacts<'_> {
    OutputFacts {
        visibility: o.visibility,
        programmes: &o.programmes,
    }
}

/// Whether `who` may read `o`.
pub fn may_view(who: Option<&Account>, o: &Output) -> bool {
    allowed(who, &Action::ViewOutput(facts(o)))
}

/// The site's absolute address: the configured public URL, or the
/// request's host (`http://` unless a proxy says `https`).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{proto}://{host}")
}

fn scope_of(ctx: &Ctx) -> OutputScope {
    output_scope(ctx.user())
}

/// A citation export as a download.
pub fn export_response(format: Format, body: String, stem: &str) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{stem}.{}\"",
        format.extension()
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn bad_format(ctx: &Ctx, value: &str) -> Response {
    views::message_page(
        ctx,
        StatusCode::BAD_REQUEST,
        &ctx.tr.t("kb-error-title"),
        &ctx.tr
            .ta("kb-error-format", &[("format", value.to_string().into())]),
    )
}

fn kb_error(ctx: &Ctx, e: KbError) -> Response {
    match e {
        KbError::Store(e) => unavailable(ctx, &e),
        KbError::NotFound(_) => not_found(ctx, "kb-notfound"),
        e => {
            tracing::error!(error = %e, "knowledge base failed");
            views::message_page(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                &ctx.tr.t("kb-error-title"),
                &ctx.tr.t("kb-error-search"),
            )
        }
    }
}

/// The outputs behind a search's hits (in rank order; a hit is an output),
/// those the caller may see, up to [`MAX_EXPORT`].
async fn outputs_of_search(
    state: &AppState,
    who: Option<&Account>,
    params: &SearchParams,
) -> Result<Vec<Output>, KbError> {
    let scope = output_scope(who);
    let mut ids: Vec<i64> = Vec::new();
    let mut p = SearchParams {
        per_page: search::MAX_PER_PAGE,
        page: 1,
        ..params.clone()
    };
    loop {
        let r = search::run(&state.index, &p, &scope)?;
        let n = r.hits.len();
        for h in r.hits {
            if !ids.contains(&h.output_id) {
                ids.push(h.output_id);
            }
        }
        if n < p.per_page || ids.len() >= MAX_EXPORT || p.page * p.per_page >= r.total {
            break;
        }
        p.page += 1;
    }
    ids.truncate(MAX_EXPORT);
    let mut outputs = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(o) = state.store.output(id).await?
            && may_view(who, &o)
        {
            outputs.push(o);
        }
    }
    Ok(outputs)
}

/// `GET /outputs`: search and browse with facets; `?format=` exports the
/// result list.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let params = match SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    {
        Ok(p) => p,
        Err(message) => {
            return views::message_page(
                &ctx,
                StatusCode::BAD_REQUEST,
                &ctx.tr.t("kb-error-title"),
                &message,
            );
        }
    };
    if let Some((_, f)) = pairs.iter().find(|(k, _)| k == "format") {
        let Some(format) = Format::parse(f) else {
            return bad_format(&ctx, f);
        };
        return match outputs_of_search(&state, ctx.user(), &params).await {
            Ok(outputs) => export_response(
                format,
                format.render(&outputs, &base_url(&state, &headers), ctx.lang()),
                "southcentre-outputs",
            ),
            Err(e) => kb_error(&ctx, e),
        };
    }
    let params = SearchParams {
        lang: params.lang.or(Some(ctx.lang())),
        ..params
    };
    match search::run(&state.index, &params, &scope_of(&ctx)) {
        Ok(results) => html(
            StatusCode::OK,
            views::search_page(&ctx, &params, &results, plan_of(&state).await.as_ref()),
        ),
        Err(e) => kb_error(&ctx, e),
    }
}

async fn plan_of(state: &AppState) -> Option<southdesk_plan::Plan> {
    state
        .store
        .adopted_plan()
        .await
        .ok()
        .flatten()
        .map(|v| v.plan)
}

#[derive(Debug, serde::Deserialize)]
pub struct RecordQuery {
    format: Option<String>,
}

/// `GET /outputs/{id}`: one output with all its language versions.
pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<RecordQuery>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found(&ctx, "kb-notfound");
    };
    let output = match state.store.output(id).await {
        Ok(Some(o)) if may_view(ctx.user(), &o) => o,
        Ok(_) => return not_found(&ctx, "kb-notfound"),
        Err(e) => return unavailable(&ctx, &e),
    };
    if let Some(f) = q.format.as_deref().filter(|f| !f.is_empty()) {
        let Some(format) = Format::parse(f) else {
            return bad_format(&ctx, f);
        };
        return export_response(
            format,
            format.render(
                std::slice::from_ref(&output),
                &base_url(&state, &headers),
                ctx.lang(),
            ),
            &format!("southcentre-{id}"),
        );
    }
    let plan = plan_of(&state).await;
    html(
        StatusCode::OK,
        views::output_page(&ctx, &output, plan.as_ref()),
    )
}

#[derive(Debug, serde::Deserialize)]
pub struct ListingQuery {
    page: Option<u64>,
    format: Option<String>,
}

/// Which listing page.
enum Listing {
    Theme(String),
    Series(String),
    Programme(String),
}

async fn listing(
    state: AppState,
    headers: HeaderMap,
    ctx: Ctx,
    q: ListingQuery,
    which: Listing,
) -> Response {
    let plan = plan_of(&state).await;
    let mut filter = OutputFilter::public().within(scope_of(&ctx));
    let (title, feed, path) = match &which {
        Listing::Theme(id) => {
            let Some(theme) = plan.as_ref().and_then(|p| p.theme(id)) else {
                return not_found(&ctx, "kb-notfound-theme");
            };
            filter.themes.push(id.clone());
            (
                ctx.tr.ta(
                    "kb-theme-outputs-title",
                    &[("theme", theme.title.best(ctx.lang()).to_string().into())],
                ),
                Some(format!("/feeds/themes/{id}.atom")),
                format!("/themes/{id}/outputs"),
            )
        }
        Listing::Series(slug) => {
            if slug != &series_slug(slug) || slug.is_empty() {
                return not_found(&ctx, "kb-notfound");
            }
            filter.series.push(slug.clone());
            (
                String::new(),
                Some(format!("/feeds/series/{slug}.atom")),
                format!("/series/{slug}"),
            )
        }
        Listing::Programme(id) => {
            let Some(p) = plan.as_ref().and_then(|p| p.programme(id)) else {
                return not_found(&ctx, "kb-notfound-programme");
            };
            filter.programmes.push(id.clone());
            (
                ctx.tr.ta(
                    "kb-programme-outputs-title",
                    &[("programme", p.name.best(ctx.lang()).to_string().into())],
                ),
                None,
                format!("/programmes/{id}/outputs"),
            )
        }
    };
    if let Some(f) = q.format.as_deref().filter(|f| !f.is_empty()) {
        let Some(format) = Format::parse(f) else {
            return bad_format(&ctx, f);
        };
        return match state
            .store
            .outputs(&filter, Page::first(MAX_EXPORT as u64))
            .await
        {
            Ok(page) => export_response(
                format,
                format.render(&page.outputs, &base_url(&state, &headers), ctx.lang()),
                "southcentre-outputs",
            ),
            Err(e) => unavailable(&ctx, &e),
        };
    }
    let page_no = q.page.unwrap_or(1).max(1);
    let page = match state
        .store
        .outputs(
            &filter,
            Page {
                offset: (page_no - 1) * PER_PAGE,
                limit: PER_PAGE,
            },
        )
        .await
    {
        Ok(p) => p,
        Err(e) => return unavailable(&ctx, &e),
    };
    let title = match which {
        Listing::Series(slug) => {
            let name = page
                .outputs
                .iter()
                .find_map(|o| o.series.clone())
                .unwrap_or(slug);
            ctx.tr
                .ta("kb-series-outputs-title", &[("series", name.into())])
        }
        _ => title,
    };
    html(
        StatusCode::OK,
        views::listing_page(&ctx, &title, &path, feed.as_deref(), &page, page_no),
    )
}

/// `GET /themes/{id}/outputs`.
pub async fn by_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ListingQuery>,
) -> Response {
    listing(state, headers, ctx, q, Listing::Theme(id)).await
}

/// `GET /series/{slug}`.
pub async fn by_series(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ListingQuery>,
) -> Response {
    listing(state, headers, ctx, q, Listing::Series(slug)).await
}

/// `GET /programmes/{id}/outputs`.
pub async fn by_programme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ListingQuery>,
) -> Response {
    listing(state, headers, ctx, q, Listing::Programme(id)).await
}

/// `GET /files/{sha256}`: a file, to whoever may read an output that has it.
pub async fn file(State(state): State<AppState>, ctx: Ctx, Path(sha): Path<String>) -> Response {
    if !is_sha256(&sha) {
        return not_found(&ctx, "kb-notfound-file");
    }
    let filter = OutputFilter {
        files: vec![sha.clone()],
        ..OutputFilter::public().within(scope_of(&ctx))
    };
    let output = match state.store.outputs(&filter, Page::first(1)).await {
        Ok(p) => p.outputs.into_iter().find(|o| may_view(ctx.user(), o)),
        Err(e) => return unavailable(&ctx, &e),
    };
    let Some(file_ref) = output.and_then(|o| {
        o.record
            .versions
            .into_iter()
            .filter_map(|v| v.file)
            .find(|f| f.sha256 == sha)
    }) else {
        return not_found(&ctx, "kb-notfound-file");
    };
    let bytes = match state.store.file(&sha).await {
        Ok(Some(b)) => b,
        Ok(None) => return not_found(&ctx, "kb-notfound-file"),
        Err(e) => return unavailable(&ctx, &e),
    };
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file_ref.media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        content_disposition(&file_ref.name),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `attachment` with an ASCII `filename` and the exact UTF-8 `filename*`
/// (RFC 6266).
pub fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = search::url_encode(name);
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}

/// Which feed.
enum FeedOf {
    All,
    Theme(String),
    Series(String),
}

async fn feed(state: AppState, headers: HeaderMap, ctx: Ctx, which: FeedOf) -> Response {
    let base = base_url(&state, &headers);
    let plan = plan_of(&state).await;
    // Feeds are public: whoever asks, only public outputs.
    let mut filter = OutputFilter::public();
    let (title, self_path, page_path) = match &which {
        FeedOf::All => (
            ctx.tr.t("kb-feed-all"),
            "/feeds/outputs.atom".to_string(),
            "/outputs".to_string(),
        ),
        FeedOf::Theme(id) => {
            let Some(theme) = plan.as_ref().and_then(|p| p.theme(id)) else {
                return not_found(&ctx, "kb-notfound-theme");
            };
            filter.themes.push(id.clone());
            (
                ctx.tr.ta(
                    "kb-theme-outputs-title",
                    &[("theme", theme.title.best(ctx.lang()).to_string().into())],
                ),
                format!("/feeds/themes/{id}.atom"),
                format!("/themes/{id}/outputs"),
            )
        }
        FeedOf::Series(slug) => {
            filter.series.push(slug.clone());
            (
                String::new(),
                format!("/feeds/series/{slug}.atom"),
                format!("/series/{slug}"),
            )
        }
    };
    let page = match state
        .store
        .outputs(&filter, Page::first(FEED_ENTRIES))
        .await
    {
        Ok(p) => p,
        Err(e) => return unavailable(&ctx, &e),
    };
    let title = match which {
        FeedOf::Series(slug) => ctx.tr.ta(
            "kb-series-outputs-title",
            &[(
                "series",
                page.outputs
                    .iter()
                    .find_map(|o| o.series.clone())
                    .unwrap_or(slug)
                    .into(),
            )],
        ),
        _ => title,
    };
    let meta = atom::FeedMeta {
        self_url: format!("{base}{self_path}"),
        page_url: format!("{base}{page_path}"),
        title,
        lang: ctx.lang(),
    };
    let body = atom::feed(&meta, &page.outputs, &base, time::OffsetDateTime::now_utc());
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(atom::MEDIA_TYPE),
    );
    r
}

/// `GET /feeds/outputs.atom`.
pub async fn feed_all(State(state): State<AppState>, headers: HeaderMap, ctx: Ctx) -> Response {
    feed(state, headers, ctx, FeedOf::All).await
}

/// `GET /feeds/themes/{id}.atom`.
pub async fn feed_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(file): Path<String>,
) -> Response {
    match file.strip_suffix(".atom") {
        Some(id) if !id.is_empty() => feed(state, headers, ctx, FeedOf::Theme(id.into())).await,
        _ => not_found(&ctx, "kb-notfound"),
    }
}

/// `GET /feeds/series/{slug}.atom`.
pub async fn feed_series(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(file): Path<String>,
) -> Response {
    match file.strip_suffix(".atom") {
        Some(slug) if !slug.is_empty() && series_slug(slug) == slug => {
            feed(state, headers, ctx, FeedOf::Series(slug.into())).await
        }
        _ => not_found(&ctx, "kb-notfound"),
    }
}

/// `GET /oai`, `POST /oai`: OAI-PMH 2.0 over the public outputs.
pub async fn oai_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    oai_answer(&state, &headers, &pairs).await
}

pub async fn oai_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Response {
    oai_answer(&state, &headers, &pairs).await
}

async fn oai_answer(state: &AppState, headers: &HeaderMap, pairs: &[(String, String)]) -> Response {
    let config = oai::OaiConfig::new(&base_url(state, headers));
    match oai::respond(
        state.store.as_ref(),
        &config,
        pairs,
        time::OffsetDateTime::now_utc(),
    )
    .await
    {
        Ok(body) => {
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(oai::MEDIA_TYPE),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "store failed while answering OAI-PMH");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the catalogue cannot be read",
            )
                .into_response()
        }
    }
}

/// `/outputs/` and the like: the canonical address.
pub async fn to_list() -> Redirect {
    Redirect::permanent("/outputs")
}

/// A store error as a page.
pub(crate) fn store_failed(ctx: &Ctx, e: &StoreError) -> Response {
    unavailable(ctx, e)
}
