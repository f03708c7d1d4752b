//! Outgoing email any feature may write, without knowing the desk: the
//! words of a message in four languages (the reader's first, then the
//! other three, as the desk's notices), the site's address for links, and
//! whether the outbox is delivered at all.
//!
//! Emails are not sent from here: they are queued in the store's outbox
//! (in the transaction of the event they tell of) and sent by the one
//! sender over SMTP (`desk::notify`), which says here whether it runs.

use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::{HeaderMap, header};
use fluent_templates::fluent_bundle::FluentValue;
use southdesk_plan::Lang;

use super::AppState;
use super::i18n::Tr;

/// Between the language versions of a body.
pub const SEPARATOR: &str = "\n\n---\n\n";

static DELIVERING: AtomicBool = AtomicBool::new(false);

/// Said by the sender when it starts: whether it has an SMTP server.
pub fn set_delivering(on: bool) {
    DELIVERING.store(on, Ordering::Relaxed);
}

/// Whether the outbox is sent by email (an SMTP server is configured).
pub fn delivering() -> bool {
    DELIVERING.load(Ordering::Relaxed)
}

/// `first`, then the other languages in their usual order.
pub fn languages(first: Lang) -> impl Iterator<Item = Lang> {
    std::iter::once(first).chain(Lang::ALL.into_iter().filter(move |l| *l != first))
}

/// A subject in `first` and a body in the four languages, `first` first,
/// from messages `{stem}-subject` and `{stem}-body` with the same
/// arguments in each language.
pub fn compose(
    first: Lang,
    stem: &str,
    args: &[(&'static str, FluentValue<'static>)],
) -> (String, String) {
    let subject = Tr::new(first).ta(&format!("{stem}-subject"), args);
    let body = languages(first)
        .map(|lang| Tr::new(lang).ta(&format!("{stem}-body"), args))
        .collect::<Vec<_>>()
        .join(SEPARATOR);
    (subject, body)
}

/// The site's address for links in emails, without a trailing slash:
/// `SOUTHDESK_PUBLIC_URL` (or the notices' link base), else the request's
/// `Host` (`https` if a proxy says so). The second value is true when it
/// came from the request, which a sender can forge: set the public URL.
pub fn site_url(state: &AppState, headers: &HeaderMap) -> (String, bool) {
    if let Some(u) = state.public_url.as_ref().or(state.mail.link_base.as_ref()) {
        return (u.trim().trim_end_matches('/').to_string(), false);
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
    (format!("{proto}://{host}"), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_start_with_the_readers() {
        let l: Vec<Lang> = languages(Lang::Fr).collect();
        assert_eq!(l.len(), 4);
        assert_eq!(l[0], Lang::Fr);
        assert!(Lang::ALL.iter().all(|x| l.contains(x)));
    }
}
