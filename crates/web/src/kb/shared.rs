//! What the knowledge base's pages, feeds and API share: page sizes, who
//! may read an output, the site's address, downloads.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use southdesk_kb::cite::Format;
use southdesk_plan::Account;
use southdesk_plan::authz::{Action, OutputFacts, OutputScope, allowed, output_scope};
use southdesk_plan::outputs::Output;

use crate::app::{AppState, Ctx};

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
    let encoded = southdesk_common::url_encode(name);
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}
