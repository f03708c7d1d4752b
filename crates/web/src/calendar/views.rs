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

pub(super) fn subscribe(tr: &Tr, href: &str) -> Markup {
    html! {
        aside class="subscribe" {
            p {
                a class="button button-small" href=(href) type="text/calendar" { (tr.t("cal-subscribe")) }
            }
            p class="meta" { (tr.t("cal-subscribe-hint")) " " code { (href) } }
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
