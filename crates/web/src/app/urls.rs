//! The site's absolute addresses: for feeds, subscribe links, e-mails and
//! OAI-PMH, whichever feature builds them.

use axum::http::{HeaderMap, header};

use crate::app::AppState;

/// The site's absolute address, for subscribe links and the links in
/// feeds: [`AppState::public_url`] (`SOUTHDESK_PUBLIC_URL`), else the
/// request's `Host` with the scheme of `X-Forwarded-Proto` if a proxy sent
/// one, else `http` for the machine itself (`localhost`, `127.0.0.1`,
/// `[::1]`) and `https` for any other host.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = state.public_url.as_deref().map(str::trim)
        && !u.is_empty()
    {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::trim)
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let forwarded = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .and_then(|p| p.split(',').next())
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| p == "http" || p == "https");
    let proto = forwarded.unwrap_or_else(|| {
        let name = match host.rsplit_once(':') {
            Some((n, port)) if port.chars().all(|c| c.is_ascii_digit()) => n,
            _ => host,
        };
        let local =
            matches!(name, "localhost" | "127.0.0.1" | "[::1]") || name.ends_with(".localhost");
        if local { "http" } else { "https" }.to_string()
    });
    format!("{proto}://{host}")
}

/// The two addresses of the feed at `path` that calendar apps subscribe
/// to: the web address (`https://…`, `http://` on the machine itself) and
/// the `webcal://` one that opens the calendar app.
pub fn subscribe_urls(base: &str, path: &str) -> (String, String) {
    let web = format!("{}{path}", base.trim_end_matches('/'));
    let rest = web
        .strip_prefix("https://")
        .or_else(|| web.strip_prefix("http://"))
        .unwrap_or(&web);
    let webcal = format!("webcal://{rest}");
    (web, webcal)
}
