//! Files sent as downloads: the `Content-Disposition` that names them.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

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

/// `bytes` as a download named `name`, of type `content_type` (an unknown
/// or unsafe type is sent as `application/octet-stream`).
pub fn file_response(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    let kind = HeaderValue::from_str(content_type)
        .ok()
        .filter(|_| !content_type.is_empty() && !content_type.contains("html"))
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, kind);
    h.insert(header::CONTENT_DISPOSITION, content_disposition(name));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}
