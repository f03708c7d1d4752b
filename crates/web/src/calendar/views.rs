//! How the calendar's pages name and lay out things: dates, statuses,
//! roles, the views' navigation, tables of meetings, the page frame.

use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::{Date, DateTime};
use maud::{Markup, html};
use southdesk_calendar::{CentreRole, Meeting, Status, When};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::{Lang, Plan};

use super::service::forums;
use crate::app::Ctx;
use crate::app::i18n::Tr;
use crate::app::layout::{Nav, column_heads, page_with_feeds};
use crate::app::notice::html_response;

// ---- formatting ---------------------------------------------------------------

pub(super) fn tdate(tr: &Tr, d: Date) -> String {
    let month = time::Month::try_from(d.month() as u8).unwrap_or(time::Month::January);
    match time::Date::from_calendar_date(i32::from(d.year()), month, d.day() as u8) {
        Ok(x) => tr.date(x),
        Err(_) => d.to_string(),
    }
}

pub(super) fn hm(dt: DateTime) -> String {
    dt.strftime("%H:%M").to_string()
}

/// When a meeting is, in its own zone.
pub fn when_text(tr: &Tr, w: &When) -> String {
    match w {
        When::Timed { start, end, tz } if start.date() == end.date() => {
            format!(
                "{}, {}–{} ({tz})",
                tdate(tr, start.date()),
                hm(*start),
                hm(*end)
            )
        }
        When::Timed { start, end, tz } => format!(
            "{}, {} – {}, {} ({tz})",
            tdate(tr, start.date()),
            hm(*start),
            tdate(tr, end.date()),
            hm(*end)
        ),
        When::AllDay { first, last } if first == last => {
            format!("{} ({})", tdate(tr, *first), tr.t("cal-all-day"))
        }
        When::AllDay { first, last } => format!("{} – {}", tdate(tr, *first), tdate(tr, *last)),
    }
}

pub fn status_label(tr: &Tr, s: Status) -> String {
    tr.t(&format!("cal-status-{}", s.as_str()))
}

pub(super) fn role_label(tr: &Tr, r: CentreRole) -> String {
    tr.t(&format!("cal-role-{}", r.as_str()))
}

pub(super) fn body_name(lang: Lang, id: &str) -> String {
    forums()
        .body(id)
        .map(|b| b.short.best(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub(super) fn theme_name(plan: Option<&Plan>, lang: Lang, id: &str) -> String {
    plan.and_then(|p| p.theme(id))
        .map(|t| t.title.best(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub(super) fn may_manage(ctx: &Ctx) -> bool {
    allowed(ctx.user(), &Action::ManageMeetings)
}

/// Whether the reader sees the Centre's internal preparation of meetings
/// (checklist items not marked public).
pub(super) fn may_see_preparation(ctx: &Ctx) -> bool {
    allowed(ctx.user(), &Action::ViewMeetingPreparation)
}

pub(super) fn today() -> Date {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date()
}

// ---- shared pieces ----------------------------------------------------------------

pub(super) fn views_nav(tr: &Tr, active: &str) -> Markup {
    let cur = |v: &str| (v == active).then_some("page");
    html! {
        nav class="cal-views" aria-label=(tr.t("cal-views-label")) {
            ul class="chips" {
                li { a href="/meetings" aria-current=[cur("list")] { (tr.t("cal-view-list")) } }
                li { a href="/meetings/month" aria-current=[cur("month")] { (tr.t("cal-view-month")) } }
                li { a href="/meetings/next" aria-current=[cur("next")] { (tr.t("cal-view-next")) } }
            }
        }
    }
}

/// How to subscribe to the feed at `path` (site-relative): its full web
/// and `webcal://` addresses, each copyable, with a hint per calendar app.
/// `base` is the site's address ([`super::service::base_url`]).
pub(super) fn subscribe(tr: &Tr, base: &str, path: &str) -> Markup {
    let (web, webcal) = super::service::subscribe_urls(base, path);
    let id = path
        .trim_start_matches('/')
        .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    html! {
        aside class="subscribe cal-subscribe" aria-labelledby={ "sub-" (id) } {
            h2 id={ "sub-" (id) } { (tr.t("cal-subscribe")) }
            p { (tr.t("cal-sub-intro")) }
            div class="ui-field" {
                label for={ "sub-webcal-" (id) } { (tr.t("cal-sub-webcal")) }
                p class="ui-hint" id={ "sub-webcal-" (id) "-hint" } { (tr.t("cal-sub-webcal-hint")) }
                input type="text" readonly id={ "sub-webcal-" (id) } class="cal-sub-url" value=(webcal)
                    aria-describedby={ "sub-webcal-" (id) "-hint" } data-subscribe="webcal";
                p { a class="button button-small" href=(webcal) { (tr.t("cal-sub-open")) } }
            }
            div class="ui-field" {
                label for={ "sub-web-" (id) } { (tr.t("cal-sub-web")) }
                p class="ui-hint" id={ "sub-web-" (id) "-hint" } { (tr.t("cal-sub-web-hint")) }
                input type="text" readonly id={ "sub-web-" (id) } class="cal-sub-url" value=(web)
                    aria-describedby={ "sub-web-" (id) "-hint" } data-subscribe="https";
                p { a class="button button-small button-secondary" href=(web) type="text/calendar" { (tr.t("cal-sub-download")) } }
            }
            details class="cal-sub-apps" {
                summary { (tr.t("cal-sub-apps")) }
                ul {
                    li { (tr.t("cal-sub-app-google")) }
                    li { (tr.t("cal-sub-app-outlook")) }
                    li { (tr.t("cal-sub-app-apple")) }
                    li { (tr.t("cal-sub-app-thunderbird")) }
                }
            }
        }
    }
}

pub(super) fn table(tr: &Tr, meetings: &[Meeting]) -> Markup {
    let lang = tr.lang;
    html! {
        @if meetings.is_empty() {
            p class="empty" { (tr.t("cal-empty")) }
        } @else {
            div class="table-scroll" {
                table class="meetings" {
                    (column_heads(tr, &["cal-col-when", "cal-col-meeting", "cal-col-forum", "cal-col-status"]))
                    tbody {
                        @for m in meetings {
                            tr data-meeting=(m.id) data-status=(m.data.status.as_str()) {
                                td { (when_text(tr, &m.data.when)) }
                                td { a href={ "/meetings/" (m.id) } { (m.data.title) } }
                                td { @if let Some(b) = &m.data.body { (body_name(lang, b)) } }
                                td { (status_label(tr, m.data.status)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn frame(
    ctx: &Ctx,
    status: StatusCode,
    title: &str,
    feeds: &[(String, String)],
    main: Markup,
) -> Response {
    html_response(
        status,
        page_with_feeds(ctx, Nav::Calendar, title, feeds, main),
    )
}

pub(super) fn all_feed(tr: &Tr) -> (String, String) {
    (tr.t("cal-feed-all"), "/meetings/feed.ics".to_string())
}
