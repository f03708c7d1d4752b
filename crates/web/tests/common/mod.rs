//! Helpers shared by the web tests: a router over a seeded in-memory store,
//! requests through `oneshot`, and a reader for what a page shows.

#![allow(dead_code)]

pub mod accounts;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use southdesk_plan::{NewPlanVersion, Plan, VersionStatus};
use southdesk_store::Store;
use southdesk_web::{AppState, router};
use tower::ServiceExt;

/// The adoption date used by the test fixtures.
pub const ADOPTED_ON: time::Date = time::macros::date!(2025 - 11 - 20);

pub fn embedded_version() -> NewPlanVersion {
    NewPlanVersion {
        label: "2026–2028 as adopted".into(),
        status: VersionStatus::Adopted,
        adopted_on: Some(ADOPTED_ON),
        source: "embedded:data/plans/2026-2028.toml".into(),
        plan: Plan::embedded_2026_2028(),
    }
}

/// A fresh in-memory store holding the embedded plan, adopted.
pub async fn seeded_store() -> Arc<dyn Store> {
    let store = empty_store().await;
    store
        .insert_plan_version(embedded_version())
        .await
        .expect("embedded plan is stored");
    store
}

pub async fn empty_store() -> Arc<dyn Store> {
    southdesk_store::open("sqlite::memory:")
        .await
        .expect("in-memory store opens")
}

pub async fn app() -> Router {
    router(AppState::new(seeded_store().await))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }
}

/// GET `uri` with the given request headers.
pub async fn get_with(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

/// POST `body` to `uri` as `content_type`, as an anonymous browser would:
/// outside `/api/` with the signed CSRF cookie and its token (in the
/// `x-csrf-token` header, so the body is left as given).
pub async fn post(app: &Router, uri: &str, content_type: &str, body: impl Into<Body>) -> Reply {
    let mut req = Request::post(uri).header("content-type", content_type);
    if !uri.starts_with("/api/") {
        let token = accounts::anonymous_csrf(app).await;
        req = req
            .header(
                "cookie",
                format!("{}={token}", southdesk_web::app::auth::CSRF_COOKIE),
            )
            .header(southdesk_web::app::auth::CSRF_HEADER, token);
    }
    send(app, req.body(body.into()).unwrap()).await
}

/// POST a form (`application/x-www-form-urlencoded`) of `fields` to `uri`.
pub async fn post_form(app: &Router, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    post(app, uri, "application/x-www-form-urlencoded", body).await
}

/// Form encoding of a value.
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let response = app.clone().oneshot(req).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .expect("body is read");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    get_with(app, uri, &[]).await
}

/// The `lang` attribute of the `<html>` element.
pub fn html_lang(html: &str) -> Option<String> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    attr(tag, "lang")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let i = tag.find(&needle)? + needle.len();
    let j = tag[i..].find('"')?;
    Some(unescape(&tag[i..i + j]))
}

pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What a person (or a screen reader) gets from a page: the text of the
/// document and the human-readable attributes (`alt`, `title`, `aria-label`,
/// `placeholder`, the meta description), one piece per entry. Code samples
/// marked `<pre translate="no">` are left out.
pub fn readable_pieces(html: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip_until.is_none() && !text.trim().is_empty() {
            pieces.push(unescape(text.trim()));
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        rest = &rest[lt + gt + 1..];
        let lower = tag.to_ascii_lowercase();
        if let Some(end) = skip_until {
            if lower.starts_with(end) {
                skip_until = None;
            }
            continue;
        }
        if lower.starts_with("<style") {
            skip_until = Some("</style");
        } else if lower.starts_with("<script") {
            skip_until = Some("</script");
        } else if lower.starts_with("<pre") && lower.contains(" translate=\"no\"") {
            // Literal code (an HTTP exchange), marked as not to be translated.
            skip_until = Some("</pre");
        }
        for name in ["alt", "title", "aria-label", "placeholder"] {
            pieces.extend(attr(tag, name));
        }
        if lower.starts_with("<meta") && lower.contains("name=\"description\"") {
            pieces.extend(attr(tag, "content"));
        }
    }
    if skip_until.is_none() && !rest.trim().is_empty() {
        pieces.push(unescape(rest.trim()));
    }
    pieces
}

pub fn readable_text(html: &str) -> String {
    readable_pieces(html).join("\n")
}

/// Elements that must never be empty: headings, links, list items, table
/// headers, paragraphs, labels.
const NEVER_EMPTY: [&str; 15] = [
    "title", "h1", "h2", "h3", "h4", "a", "li", "th", "p", "dt", "dd", "caption", "button",
    "label", "abbr",
];

/// Elements among [`NEVER_EMPTY`] that hold nothing at all.
pub fn empty_elements(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in NEVER_EMPTY {
        let open = format!("<{name}");
        let close = format!("</{name}>");
        let mut from = 0;
        while let Some(i) = html[from..].find(&open) {
            let start = from + i;
            from = start + open.len();
            // `<a` must not match `<abbr`, `<p` not `<pre`.
            if !matches!(html[from..].chars().next(), Some(' ' | '>')) {
                continue;
            }
            let Some(gt) = html[from..].find('>') else {
                break;
            };
            let after = from + gt + 1;
            if html[after..].trim_start().starts_with(&close) {
                let end = after + html[after..].find(&close).unwrap() + close.len();
                found.push(html[start..end].to_string());
            }
        }
    }
    found
}

/// Message ids and texts of one Fluent file (`id = text`, multiline values
/// joined with newlines; attributes as `id.attr`).
pub fn ftl_messages(src: &str) -> BTreeMap<String, String> {
    let mut messages: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in src.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('#') {
            current = None;
            continue;
        }
        if line.starts_with(' ') {
            let id = current
                .clone()
                .unwrap_or_else(|| panic!("continuation line without a message: {line:?}"));
            let trimmed = line.trim();
            if let Some(attribute) = trimmed.strip_prefix('.') {
                let (name, value) = attribute.split_once('=').expect("attribute has =");
                messages.insert(format!("{id}.{}", name.trim()), value.trim().to_string());
            } else {
                let v = messages.get_mut(&id).expect("message exists");
                if !v.is_empty() {
                    v.push('\n');
                }
                v.push_str(trimmed);
            }
            continue;
        }
        let (id, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("not a message: {line:?}"));
        let id = id.trim().to_string();
        messages.insert(id.clone(), value.trim().to_string());
        current = Some(id);
    }
    messages
}

/// The literal text of a Fluent value: what is left once placeables
/// (`{ $x }`), select headers (`{ $x ->`), variant keys (`[one]`,
/// `*[other]`) and closing braces are taken out, as separate pieces.
pub fn ftl_fragments(value: &str) -> Vec<String> {
    fn flush(piece: &mut String, out: &mut Vec<String>) {
        let t = piece.trim();
        if !t.is_empty() {
            out.push(t.to_string());
        }
        piece.clear();
    }
    let mut out = Vec::new();
    for line in value.lines() {
        let mut piece = String::new();
        let mut chars = line.trim().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    flush(&mut piece, &mut out);
                    let mut inner = String::new();
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                        inner.push(d);
                        if inner.ends_with("->") {
                            break;
                        }
                    }
                }
                '}' => flush(&mut piece, &mut out),
                '*' if chars.peek() == Some(&'[') => {}
                '[' => {
                    flush(&mut piece, &mut out);
                    for d in chars.by_ref() {
                        if d == ']' {
                            break;
                        }
                    }
                }
                _ => piece.push(c),
            }
        }
        flush(&mut piece, &mut out);
    }
    out
}

/// A `multipart/form-data` body: `fields` as text parts, then `files`
/// (field, file name, content type, bytes). Returns the content type (with
/// its boundary) and the body.
pub fn multipart_body(
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> (String, Vec<u8>) {
    const B: &str = "----southdesk-test-form";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{B}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (field, name, ct, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{B}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: {ct}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{B}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={B}"), body)
}
