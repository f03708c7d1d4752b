//! The catalogue's pages: search and browse with facets and exports, one
//! output, listings by theme, series and programme, file downloads.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Redirect, Response};
use southdesk_kb::KbError;
use southdesk_kb::cite::Format;
use southdesk_kb::search::{self, SearchParams};
use southdesk_plan::Account;
use southdesk_plan::authz::{Action, allowed, output_scope};
use southdesk_plan::outputs::{Output, is_sha256};
use southdesk_store::{OutputFilter, Page};

use crate::app::notice::html_response;
use crate::app::{AppState, Ctx, PageError, PathId};

use super::shared::*;
use super::views::{self, bad_format};

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
        let r = search::answer(state.index.clone(), p.clone(), scope.clone()).await?;
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
) -> Result<Response, PageError> {
    let params = match SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    {
        Ok(p) => p,
        Err(message) => {
            return Ok(views::message_page(
                &ctx,
                StatusCode::BAD_REQUEST,
                &ctx.tr.t("kb-error-title"),
                &message,
            ));
        }
    };
    if let Some((_, f)) = pairs.iter().find(|(k, _)| k == "format") {
        let Some(format) = Format::parse(f) else {
            return Ok(bad_format(&ctx, f));
        };
        let outputs = outputs_of_search(&state, ctx.user(), &params).await?;
        return Ok(export_response(
            format,
            format.render(&outputs, &base_url(&state, &headers), ctx.lang()),
            "southcentre-outputs",
        ));
    }
    let params = SearchParams {
        lang: params.lang.or(Some(ctx.lang())),
        ..params
    };
    let results = search::answer(state.index.clone(), params.clone(), scope_of(&ctx)).await?;
    let plan = state.plan_for_labels().await;
    // Those who manage the catalogue see each hit's visibility and may
    // change it for the ticked ones ([`super::bulk`]).
    let staff = if allowed(ctx.user(), &Action::CreateOutput) {
        let mut visibility = std::collections::HashMap::new();
        for h in &results.hits {
            if let Some(o) = state.store.output(h.output_id).await? {
                visibility.insert(o.id, o.visibility);
            }
        }
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let done = match (get("changed").and_then(|c| c.parse().ok()), get("to")) {
            (Some(n), Some(to)) => to.parse().ok().map(|v| (n, v)),
            _ => None,
        };
        Some(views::StaffView { visibility, done })
    } else {
        None
    };
    Ok(html_response(
        StatusCode::OK,
        views::search_page(&ctx, &params, &results, plan.as_ref(), staff.as_ref()),
    ))
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
    PathId(id): PathId,
    Query(q): Query<RecordQuery>,
) -> Result<Response, PageError> {
    let output = state
        .store
        .output(id)
        .await?
        .filter(|o| may_view(ctx.user(), o))
        .ok_or(PageError::NotFound("kb-notfound"))?;
    if let Some(f) = q.format.as_deref().filter(|f| !f.is_empty()) {
        let Some(format) = Format::parse(f) else {
            return Ok(bad_format(&ctx, f));
        };
        return Ok(export_response(
            format,
            format.render(
                std::slice::from_ref(&output),
                &base_url(&state, &headers),
                ctx.lang(),
            ),
            &format!("southcentre-{id}"),
        ));
    }
    let plan = state.plan_for_labels().await;
    let partners =
        crate::app::partners::facts(&state, &ctx, southdesk_contacts::Work::Output(output.id))
            .await?;
    Ok(html_response(
        StatusCode::OK,
        views::output_page(&ctx, &output, plan.as_ref(), partners),
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct ListingQuery {
    page: Option<u64>,
    format: Option<String>,
}

async fn listing(
    state: AppState,
    headers: HeaderMap,
    ctx: Ctx,
    q: ListingQuery,
    shelf: Shelf,
) -> Result<Response, PageError> {
    let plan = state.plan_for_labels().await;
    let view = shelf.view(
        &ctx,
        plan.as_ref(),
        OutputFilter::public().within(scope_of(&ctx)),
    )?;
    let filter = view.filter;
    if let Some(f) = q.format.as_deref().filter(|f| !f.is_empty()) {
        let Some(format) = Format::parse(f) else {
            return Ok(bad_format(&ctx, f));
        };
        let page = state
            .store
            .outputs(&filter, Page::first(MAX_EXPORT as u64))
            .await?;
        return Ok(export_response(
            format,
            format.render(&page.outputs, &base_url(&state, &headers), ctx.lang()),
            "southcentre-outputs",
        ));
    }
    let page_no = q.page.unwrap_or(1).max(1);
    let page = state
        .store
        .outputs(
            &filter,
            Page {
                offset: (page_no - 1) * PER_PAGE,
                limit: PER_PAGE,
            },
        )
        .await?;
    // A series no output has and the Centre does not publish is unknown.
    if let Shelf::Series(slug) = &shelf
        && page.total == 0
        && southdesk_kb::series::by_name(slug).is_none()
    {
        return Err(PageError::NotFound("kb-notfound"));
    }
    let title = shelf.title(&ctx, view.title, &page.outputs);
    Ok(html_response(
        StatusCode::OK,
        views::listing_page(
            &ctx,
            &title,
            &view.page,
            view.feed.as_deref(),
            &page,
            page_no,
        ),
    ))
}

/// `GET /themes/{id}/outputs`.
pub async fn by_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ListingQuery>,
) -> Result<Response, PageError> {
    listing(state, headers, ctx, q, Shelf::Theme(id)).await
}

/// `GET /series/{slug}`.
pub async fn by_series(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ListingQuery>,
) -> Result<Response, PageError> {
    listing(state, headers, ctx, q, Shelf::Series(slug)).await
}

/// `GET /programmes/{id}/outputs`.
pub async fn by_programme(
    State(state): State<AppState>,
    headers: HeaderMap,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ListingQuery>,
) -> Result<Response, PageError> {
    listing(state, headers, ctx, q, Shelf::Programme(id)).await
}

/// `GET /files/{sha256}`: a file, to whoever may read an output that has it.
pub async fn file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(sha): Path<String>,
) -> Result<Response, PageError> {
    if !is_sha256(&sha) {
        return Err(PageError::NotFound("kb-notfound-file"));
    }
    let filter = OutputFilter {
        files: vec![sha.clone()],
        ..OutputFilter::public().within(scope_of(&ctx))
    };
    let output = state
        .store
        .outputs(&filter, Page::first(1))
        .await?
        .outputs
        .into_iter()
        .find(|o| may_view(ctx.user(), o));
    let Some(file_ref) = output.and_then(|o| {
        o.record
            .versions
            .into_iter()
            .filter_map(|v| v.file)
            .find(|f| f.sha256 == sha)
    }) else {
        return Err(PageError::NotFound("kb-notfound-file"));
    };
    let bytes = state
        .store
        .file(&sha)
        .await?
        .ok_or(PageError::NotFound("kb-notfound-file"))?;
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
    Ok(r)
}

/// `/outputs/` and the like: the canonical address.
pub async fn to_list() -> Redirect {
    Redirect::permanent("/outputs")
}
