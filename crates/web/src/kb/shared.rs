//! What the knowledge base's pages, feeds and API share: page sizes, who
//! may read an output, the site's address, downloads.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use southdesk_kb::cite::Format;
use southdesk_plan::Account;
use southdesk_plan::authz::{Action, OutputFacts, OutputScope, allowed, output_scope};
use southdesk_plan::outputs::{Output, series_slug};
use southdesk_store::OutputFilter;

use crate::app::{Ctx, PageError};

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

pub use crate::app::urls::base_url;

pub fn scope_of(ctx: &Ctx) -> OutputScope {
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

pub use crate::app::download::content_disposition;

/// A shelf of outputs — all of them, an area's, a series', a programme's —
/// as a listing page and as a feed show it.
pub enum Shelf {
    All,
    Theme(String),
    Series(String),
    Programme(String),
}

/// What a shelf shows: its outputs (`filter`, before the reader's scope), its
/// title, its page and its feed (programmes have none).
pub struct ShelfView {
    pub filter: OutputFilter,
    pub title: String,
    pub page: String,
    pub feed: Option<String>,
}

impl Shelf {
    /// The shelf's view, or 404 for an area, series or programme the plan
    /// does not know.
    pub fn view(
        &self,
        ctx: &Ctx,
        plan: Option<&southdesk_plan::Plan>,
        mut filter: OutputFilter,
    ) -> Result<ShelfView, PageError> {
        let lang = ctx.lang();
        let (title, page, feed) = match self {
            Shelf::All => (
                ctx.tr.t("kb-feed-all"),
                "/outputs".to_string(),
                Some("/feeds/outputs.atom".to_string()),
            ),
            Shelf::Theme(id) => {
                let theme = plan
                    .and_then(|p| p.theme(id))
                    .ok_or(PageError::NotFound("kb-notfound-theme"))?;
                filter.themes.push(id.clone());
                (
                    ctx.tr.ta(
                        "kb-theme-outputs-title",
                        &[("theme", theme.title.best(lang).to_string().into())],
                    ),
                    format!("/themes/{id}/outputs"),
                    Some(format!("/feeds/themes/{id}.atom")),
                )
            }
            Shelf::Series(slug) => {
                if slug.is_empty() || *slug != series_slug(slug) {
                    return Err(PageError::NotFound("kb-notfound"));
                }
                filter.series.push(slug.clone());
                (
                    String::new(),
                    format!("/series/{slug}"),
                    Some(format!("/feeds/series/{slug}.atom")),
                )
            }
            Shelf::Programme(id) => {
                let p = plan
                    .and_then(|p| p.programme(id))
                    .ok_or(PageError::NotFound("kb-notfound-programme"))?;
                filter.programmes.push(id.clone());
                (
                    ctx.tr.ta(
                        "kb-programme-outputs-title",
                        &[("programme", p.name.best(lang).to_string().into())],
                    ),
                    format!("/programmes/{id}/outputs"),
                    None,
                )
            }
        };
        Ok(ShelfView {
            filter,
            title,
            page,
            feed,
        })
    }

    /// The title once the outputs are read: a series is named as its
    /// outputs name it.
    pub fn title(&self, ctx: &Ctx, view_title: String, outputs: &[Output]) -> String {
        match self {
            Shelf::Series(slug) => {
                let stored = outputs
                    .iter()
                    .find_map(|o| o.series.clone())
                    .unwrap_or_else(|| slug.clone());
                let name = southdesk_kb::series::display_name(&stored, ctx.lang());
                ctx.tr
                    .ta("kb-series-outputs-title", &[("series", name.into())])
            }
            _ => view_title,
        }
    }
}
