//! What the calendar's pages, feeds and API share: the forums' bodies, the
//! themes of a meeting (its body's, the tagger's, those given), the checks
//! of links against the requests and outputs aggregates, "my themes", and
//! the iCalendar response.

use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use serde::Deserialize;
use southdesk_calendar::ics::Feed;
use southdesk_calendar::{Forums, Link, LinkKind, Meeting, MeetingData};
use southdesk_plan::authz::{Action, OutputFacts, allowed};
use southdesk_plan::{Account, Plan};
use southdesk_store::{MeetingFilter, Store, StoreError};

use crate::app::AppState;
pub use crate::app::urls::{base_url, subscribe_urls};

/// Cookie keeping the themes an anonymous visitor picked (`trade.ip`).
pub const THEMES_COOKIE: &str = "southdesk_themes";

/// The bodies of `data/forums.toml`, read once.
pub fn forums() -> &'static Forums {
    static FORUMS: OnceLock<Forums> = OnceLock::new();
    FORUMS.get_or_init(Forums::embedded)
}

/// The themes of a meeting: those given, its body's, and those the tagger
/// finds in its title and agenda.
pub async fn tag_themes(state: &AppState, data: &mut MeetingData) {
    let found = state.themes_in(data.text_to_tag()).await;
    data.add_themes(forums(), found);
}

/// Why a link cannot be made.
#[derive(Debug)]
pub enum LinkError {
    /// No such request or output.
    Missing,
    Store(StoreError),
}

/// Checks that the target of `link` exists (through its own aggregate).
pub async fn check_link(store: &dyn Store, link: Link) -> Result<(), LinkError> {
    let found = match link.kind {
        LinkKind::Request => store.request(link.id).await.map(|r| r.is_some()),
        LinkKind::Output => store.output(link.id).await.map(|o| o.is_some()),
    };
    match found {
        Ok(true) => Ok(()),
        Ok(false) => Err(LinkError::Missing),
        Err(e) => Err(LinkError::Store(e)),
    }
}

/// A linked request or output as `who` may see it: its title, or `None`
/// if it is gone or not for their eyes.
pub async fn link_title(
    store: &dyn Store,
    who: Option<&Account>,
    link: Link,
    lang: southdesk_plan::Lang,
) -> Option<String> {
    match link.kind {
        LinkKind::Request => {
            let r = store.request(link.id).await.ok()??;
            allowed(who, &Action::ViewRequest(r.facts())).then(|| r.title.clone())
        }
        LinkKind::Output => {
            let o = store.output(link.id).await.ok()??;
            let facts = OutputFacts {
                visibility: o.visibility,
                programmes: &o.programmes,
            };
            allowed(who, &Action::ViewOutput(facts)).then(|| o.best_version(lang).title.clone())
        }
    }
}

/// Body ids of the plan forum `forum` (a body id is accepted as itself).
pub fn bodies_of_forum(forum: &str) -> Vec<String> {
    let mut ids: Vec<String> = forums()
        .bodies
        .iter()
        .filter(|b| b.forum == forum || b.id == forum)
        .map(|b| b.id.clone())
        .collect();
    if ids.is_empty() {
        // No body: nothing matches.
        ids.push(format!("\u{0}{forum}"));
    }
    ids
}

/// The themes a programme carries (lead or supporting).
pub fn themes_of_programme(plan: &Plan, programme: &str) -> Vec<String> {
    plan.themes
        .iter()
        .filter(|t| t.programmes().any(|p| p == programme))
        .map(|t| t.id.clone())
        .collect()
}

/// "My themes": those of the account's programme, else those picked and
/// kept in [`THEMES_COOKIE`].
pub fn my_themes(plan: &Plan, who: Option<&Account>, headers: &HeaderMap) -> Vec<String> {
    if let Some(p) = who.and_then(|a| a.programme.as_deref()) {
        let t = themes_of_programme(plan, p);
        if !t.is_empty() {
            return t;
        }
    }
    crate::app::auth::cookie_value(headers, THEMES_COOKIE)
        .map(|v| {
            v.split('.')
                .filter(|t| plan.theme(t).is_some())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A feed of `filter`'s meetings as `text/calendar`.
pub async fn feed(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    filter: MeetingFilter,
) -> Response {
    match state.store.meetings(&filter).await {
        Ok(ms) => feed_response(name, &ms, Some(&base_url(state, headers))),
        Err(e) => crate::app::ApiError::from(e).into_response(),
    }
}

pub fn feed_response(name: &str, meetings: &[Meeting], base: Option<&str>) -> Response {
    let text = southdesk_calendar::write_ics(
        &Feed {
            name,
            base_url: base,
            now: jiff::Timestamp::now(),
        },
        meetings,
    );
    let mut r = (StatusCode::OK, text).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=300"),
    );
    r
}

/// Filters of the list and of the API.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// First day (`2026-03-01`); default today.
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
    pub theme: Option<String>,
    /// A plan forum or a body id.
    pub forum: Option<String>,
    pub programme: Option<String>,
}

impl ListQuery {
    /// The store's filter; `None` if a date does not read.
    pub fn filter(&self, plan: Option<&Plan>, default_from: Option<Date>) -> Option<MeetingFilter> {
        let day = |s: &Option<String>| -> Result<Option<Date>, ()> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s.parse::<Date>().map(Some).map_err(|_| ()),
            }
        };
        let from = day(&self.from).ok()?.or(default_from);
        let to = day(&self.to).ok()?;
        let mut f = MeetingFilter {
            from: from.map(midnight),
            to: to.and_then(|d| d.tomorrow().ok()).map(midnight),
            ..Default::default()
        };
        if let Some(t) = self.theme.as_deref().filter(|t| !t.is_empty()) {
            f.themes.push(t.to_string());
        }
        if let Some(p) = self.programme.as_deref().filter(|p| !p.is_empty()) {
            let themes = plan
                .map(|pl| themes_of_programme(pl, p))
                .unwrap_or_default();
            if themes.is_empty() {
                f.themes.push(format!("\u{0}{p}"));
            }
            f.themes.extend(themes);
        }
        if let Some(fo) = self.forum.as_deref().filter(|f| !f.is_empty()) {
            f.bodies = bodies_of_forum(fo);
        }
        Some(f)
    }
}

/// A new meeting's UID.
pub fn new_uid() -> String {
    format!(
        "{}@southdesk",
        &southdesk_store::credentials::random_hex()[..24]
    )
}

/// The first instant of `d`, UTC.
pub fn midnight(d: Date) -> jiff::Timestamp {
    jiff::tz::TimeZone::UTC
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}
