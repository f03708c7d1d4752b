//! Static files of the pages, embedded in the binary.
//!
//! Pages link to `/static/app.css?v=<hash of the content>`; a request that
//! names the current hash may be cached for a year, any other is revalidated.

use std::sync::LazyLock;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

const APP_CSS: &str = include_str!("../../static/app.css");
const FAVICON_SVG: &str = include_str!("../../static/favicon.svg");
const TAG_JS: &str = include_str!("../../static/tag.js");

struct Asset {
    name: &'static str,
    body: &'static str,
    content_type: &'static str,
    hash: String,
}

static ASSETS: LazyLock<[Asset; 3]> = LazyLock::new(|| {
    [
        asset("app.css", APP_CSS, "text/css; charset=utf-8"),
        asset("favicon.svg", FAVICON_SVG, "image/svg+xml"),
        asset("tag.js", TAG_JS, "text/javascript; charset=utf-8"),
    ]
});

fn asset(name: &'static str, body: &'static str, content_type: &'static str) -> Asset {
    Asset {
        name,
        body,
        content_type,
        hash: format!("{:016x}", fnv1a(body.as_bytes())),
    }
}

/// 64-bit FNV-1a: enough to tell versions of a file apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// The cache-busting URL of a static file, e.g. `/static/app.css?v=…`.
pub fn url(name: &str) -> String {
    let a = find(name).expect("links name embedded assets only");
    format!("/static/{}?v={}", a.name, a.hash)
}

#[derive(Deserialize)]
pub struct Version {
    v: Option<String>,
}

pub async fn serve(
    Path(name): Path<String>,
    Query(version): Query<Version>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = find(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{}\"", asset.hash);
    let cache = if version.v.as_deref() == Some(asset.hash.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex is a valid header value"),
    );
    response
}
