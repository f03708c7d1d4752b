//! The negotiations calendar: list, month, "next 30 days in my themes", a
//! page per meeting (what is prepared, what is still asked), a timeline per
//! theme, the forms that record meetings, and the iCalendar feeds.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_calendar::{
    CentreRole, ChecklistItem, Link, LinkKind, Meeting, MeetingData, Status, When,
};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::{Lang, Plan};
use southdesk_store::{MeetingFilter, StoreError};

use super::service::{
    self as calendar, LinkError, ListQuery, THEMES_COOKIE, forums, midnight, new_uid,
};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::form::{self, Fields};
use crate::app::i18n::Tr;
use crate::app::layout::{Nav, column_heads, page_with_feeds};
use crate::app::notice::html_response;
use crate::app::{PageError, PathId};

// ---- formatting ---------------------------------------------------------------

fn tdate(tr: &Tr, d: Date) -> String {
    let month = time::Month::try_from(d.month() as u8).unwrap_or(time::Month::January);
    match time::Date::from_calendar_date(i32::from(d.year()), month, d.day() as u8) {
        Ok(x) => tr.date(x),
        Err(_) => d.to_string(),
    }
}

fn hm(dt: DateTime) -> String {
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

fn role_label(tr: &Tr, r: CentreRole) -> String {
    tr.t(&format!("cal-role-{}", r.as_str()))
}

fn body_name(lang: Lang, id: &str) -> String {
    forums()
        .body(id)
        .map(|b| b.short.best(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn theme_name(plan: Option<&Plan>, lang: Lang, id: &str) -> String {
    plan.and_then(|p| p.theme(id))
        .map(|t| t.title.best(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn may_manage(ctx: &Ctx) -> bool {
    allowed(ctx.user(), &Action::ManageMeetings)
}

fn today() -> Date {
    jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date()
}

// ---- shared pieces ----------------------------------------------------------------

fn views_nav(tr: &Tr, active: &str) -> Markup {
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

fn subscribe(tr: &Tr, href: &str) -> Markup {
    html! {
        aside class="subscribe" {
            p {
                a class="button button-small" href=(href) type="text/calendar" { (tr.t("cal-subscribe")) }
            }
            p class="meta" { (tr.t("cal-subscribe-hint")) " " code { (href) } }
        }
    }
}

fn table(tr: &Tr, meetings: &[Meeting]) -> Markup {
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

fn frame(
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

fn all_feed(tr: &Tr) -> (String, String) {
    (tr.t("cal-feed-all"), "/meetings/feed.ics".to_string())
}

// ---- list -------------------------------------------------------------------------------

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let plan = state.adopted_plan().await?;
    let filter = q.filter(plan.as_ref(), Some(today())).unwrap_or_default();
    let meetings = state.store.meetings(&filter).await?;
    let title = tr.t("cal-title");
    let main = html! {
        h1 { (title) }
        p class="lead-text" { (tr.t("cal-intro")) }
        (views_nav(tr, "list"))
        @if may_manage(&ctx) {
            p {
                a class="button" href="/meetings/new" { (tr.t("cal-add")) }
                " "
                a class="button" href="/meetings/import" { (tr.t("cal-import")) }
            }
        }
        (table(tr, &meetings))
        (subscribe(tr, "/meetings/feed.ics"))
    };
    Ok(frame(&ctx, StatusCode::OK, &title, &[all_feed(tr)], main))
}

// ---- month --------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    /// `2026-03`.
    pub m: Option<String>,
}

pub async fn month(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MonthQuery>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let first =
        q.m.as_deref()
            .and_then(|m| format!("{m}-01").parse::<Date>().ok())
            .unwrap_or_else(|| today().first_of_month());
    let next = first.checked_add(1.month()).unwrap_or(first);
    let prev = first.checked_sub(1.month()).unwrap_or(first);
    let filter = MeetingFilter {
        from: Some(midnight(first)),
        to: Some(midnight(next)),
        ..Default::default()
    };
    let meetings = state.store.meetings(&filter).await?;
    let caption = format!(
        "{} {}",
        tr.t(&format!("month-{}", first.month())),
        first.year()
    );
    // Monday-first weeks covering the month.
    let lead = first.weekday().to_monday_zero_offset() as i32;
    let days = first.days_in_month() as i32;
    let weeks = (lead + days + 6) / 7;
    let on = |d: Date| -> Vec<&Meeting> {
        meetings
            .iter()
            .filter(|m| {
                let (a, b) = match &m.data.when {
                    When::Timed { start, end, .. } => (start.date(), end.date()),
                    When::AllDay { first, last } => (*first, *last),
                };
                a <= d && d <= b
            })
            .collect()
    };
    let title = tr.t("cal-title");
    let main = html! {
        h1 { (title) }
        (views_nav(tr, "month"))
        p class="month-nav" {
            a href={ "/meetings/month?m=" (prev.strftime("%Y-%m")) } rel="prev" { (tr.t("cal-month-prev")) }
            " · "
            a href={ "/meetings/month?m=" (next.strftime("%Y-%m")) } rel="next" { (tr.t("cal-month-next")) }
        }
        div class="table-scroll" {
            table class="month" {
                caption { (caption) }
                thead { tr { @for i in 1..=7 { th scope="col" { (tr.t(&format!("cal-day-{i}"))) } } } }
                tbody {
                    @for w in 0..weeks {
                        tr {
                            @for i in 0..7 {
                                @let n = w * 7 + i - lead;
                                @if n < 0 || n >= days {
                                    td class="out" {}
                                } @else {
                                    @let d = first.checked_add((n as i64).days()).unwrap_or(first);
                                    td data-day=(d.to_string()) {
                                        span class="day" { (d.day()) }
                                        @let ms = on(d);
                                        @if !ms.is_empty() {
                                            ul {
                                                @for m in ms {
                                                    li { a href={ "/meetings/" (m.id) } { (m.data.title) } }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (subscribe(tr, "/meetings/feed.ics"))
    };
    Ok(frame(&ctx, StatusCode::OK, &title, &[all_feed(tr)], main))
}

// ---- next 30 days in my themes ------------------------------------------------------------------

pub async fn next(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let plan = state.adopted_plan().await?;
    let mine = plan
        .as_ref()
        .map(|p| calendar::my_themes(p, ctx.user(), &headers))
        .unwrap_or_default();
    let from_programme = ctx.user().and_then(|u| u.programme.as_deref()).is_some();
    let meetings = if mine.is_empty() {
        Vec::new()
    } else {
        let now = jiff::Timestamp::now();
        let filter = MeetingFilter {
            from: Some(now),
            to: now
                .checked_add(jiff::SignedDuration::from_hours(24 * 30))
                .ok(),
            themes: mine.clone(),
            ..Default::default()
        };
        state.store.meetings(&filter).await?
    };
    let title = tr.t("cal-view-next");
    let programme_feed = ctx
        .user()
        .and_then(|u| u.programme.as_deref())
        .and_then(|p| plan.as_ref().and_then(|pl| pl.programme(p)))
        .map(|p| {
            (
                tr.ta("cal-feed-programme", &[("name", p.acronym.clone().into())]),
                format!("/meetings/programmes/{}/feed.ics", p.id),
            )
        });
    let feeds: Vec<(String, String)> = mine
        .iter()
        .map(|t| {
            (
                tr.ta(
                    "cal-feed-theme",
                    &[("name", theme_name(plan.as_ref(), lang, t).into())],
                ),
                format!("/meetings/themes/{t}/feed.ics"),
            )
        })
        .chain(programme_feed)
        .collect();
    let main = html! {
        h1 { (title) }
        (views_nav(tr, "next"))
        @if mine.is_empty() {
            p class="notice" { (tr.t("cal-my-themes-none")) }
        } @else {
            @if from_programme { p class="meta" { (tr.t("cal-my-themes-programme")) } }
            (table(tr, &meetings))
            h2 { (tr.t("cal-subscribe")) }
            ul {
                @for (name, href) in &feeds {
                    li { a href=(href) type="text/calendar" { (name) } }
                }
            }
        }
        @if let Some(p) = &plan {
            form method="post" action="/meetings/my-themes" class="theme-picker" {
                input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(ctx.csrf_token());
                fieldset {
                    legend { (tr.t("cal-my-themes-pick")) }
                    @for t in &p.themes {
                        label {
                            input type="checkbox" name="theme" value=(t.id) checked[mine.contains(&t.id)];
                            " " (t.title.best(lang))
                        }
                    }
                }
                button type="submit" class="button" { (tr.t("cal-save")) }
            }
        }
    };
    Ok(frame(&ctx, StatusCode::OK, &title, &feeds, main))
}

/// Keeps the themes picked in a cookie, then shows them.
pub async fn pick_themes(State(state): State<AppState>, body: String) -> Response {
    let plan = state.plan_for_labels().await;
    let picked: Vec<String> = form::pairs(body.as_bytes())
        .into_iter()
        .filter(|(k, _)| k == "theme")
        .map(|(_, v)| v)
        .filter(|t| plan.as_ref().is_some_and(|p| p.theme(t).is_some()))
        .collect();
    let mut r = Redirect::to("/meetings/next").into_response();
    let value = picked.join(".");
    let cookie = state
        .auth
        .cookie(THEMES_COOKIE, &value, Some(time::Duration::days(365)));
    r.headers_mut().append(header::SET_COOKIE, cookie);
    r
}

// ---- one meeting ------------------------------------------------------------------------------

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let m = load(&state, id).await?;
    show_page(&state, &ctx, &m, StatusCode::OK, None).await
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    m: &Meeting,
    status: StatusCode,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let plan = state.plan_for_labels().await;
    let mut requests = Vec::new();
    let mut outputs = Vec::new();
    for l in &m.links {
        if let Some(t) = calendar::link_title(state.store.as_ref(), ctx.user(), *l, lang).await {
            match l.kind {
                LinkKind::Request => requests.push((l.id, t)),
                LinkKind::Output => outputs.push((l.id, t)),
            }
        }
    }
    let d = &m.data;
    let done: Vec<(usize, &ChecklistItem)> = d
        .checklist
        .iter()
        .enumerate()
        .filter(|(_, i)| i.done)
        .collect();
    let open: Vec<(usize, &ChecklistItem)> = d
        .checklist
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.done)
        .collect();
    let manage = may_manage(ctx);
    let csrf = ctx.csrf_token().to_string();
    let toggle = |i: usize, label: String| {
        html! {
            @if manage {
                form method="post" action={ "/meetings/" (m.id) "/checklist" } class="inline-form" {
                    input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(csrf);
                    input type="hidden" name="toggle" value=(i);
                    button type="submit" class="button button-small" { (label) }
                }
            }
        }
    };
    let feeds: Vec<(String, String)> = d
        .themes
        .iter()
        .map(|t| {
            (
                tr.ta(
                    "cal-feed-theme",
                    &[("name", theme_name(plan.as_ref(), lang, t).into())],
                ),
                format!("/meetings/themes/{t}/feed.ics"),
            )
        })
        .chain(d.body.as_deref().and_then(|b| forums().body(b)).map(|b| {
            (
                tr.ta("cal-feed-forum", &[("name", body_name(lang, &b.id).into())]),
                format!("/meetings/forums/{}/feed.ics", b.forum),
            )
        }))
        .chain(std::iter::once(all_feed(tr)))
        .collect();
    let main = html! {
        article class="meeting" data-meeting=(m.id) {
            (meeting_facts(tr, plan.as_ref(), d, error))
            (preparation(tr, &done, &open, &outputs, &requests, &toggle))
            @if manage { (manage_forms(tr, m.id, &csrf, d.status)) }
            (subscribe_box(tr, &feeds))
        }
    };
    Ok(frame(ctx, status, &d.title, &feeds, main))
}

/// The facts of a meeting: when, where, status, roles, themes, agenda.
fn meeting_facts(tr: &Tr, plan: Option<&Plan>, d: &MeetingData, error: Option<&str>) -> Markup {
    let lang = tr.lang;
    html! {
        h1 { (d.title) }
        @if let Some(e) = error { p class="error" role="alert" { (tr.t(e)) } }
        dl class="facts" {
            dt { (tr.t("cal-col-when")) } dd id="meeting-when" { (when_text(tr, &d.when)) }
            @if let When::Timed { tz, .. } = &d.when {
                dt { (tr.t("cal-time-zone")) } dd { (tz) }
            }
            @if let Some(b) = &d.body {
                dt { (tr.t("cal-forum")) } dd { (body_name(lang, b)) }
            }
            dt { (tr.t("cal-col-status")) } dd id="meeting-status" { (status_label(tr, d.status)) }
            @if let Some(v) = &d.venue { dt { (tr.t("cal-venue")) } dd { (v) } }
            @if let Some(u) = &d.online_url {
                dt { (tr.t("cal-online")) } dd { a href=(u) rel="noopener" { (u) } }
            }
            @if !d.languages.is_empty() {
                dt { (tr.t("cal-languages")) } dd { (d.languages.join(", ")) }
            }
            @if !d.roles.is_empty() {
                dt { (tr.t("cal-roles")) }
                dd { (d.roles.iter().map(|r| role_label(tr, *r)).collect::<Vec<_>>().join(", ")) }
            }
            @if !d.themes.is_empty() {
                dt { (tr.t("cal-themes")) }
                dd {
                    ul class="chips" {
                        @for t in &d.themes {
                            li { a href={ "/meetings/themes/" (t) } { (theme_name(plan, lang, t)) } }
                        }
                    }
                }
            }
        }
        @if !d.agenda.is_empty() {
            h2 { (tr.t("cal-agenda")) }
            p class="agenda" style="white-space: pre-line" { (d.agenda) }
        }
    }
}

/// What the Centre has prepared for a meeting, and what is still asked.
fn preparation(
    tr: &Tr,
    done: &[(usize, &ChecklistItem)],
    open: &[(usize, &ChecklistItem)],
    outputs: &[(i64, String)],
    requests: &[(i64, String)],
    toggle: &dyn Fn(usize, String) -> Markup,
) -> Markup {
    html! {
        div class="two-col" {
            section id="prepared" {
                h2 { (tr.t("cal-prepared")) }
                @if done.is_empty() && outputs.is_empty() {
                    p class="empty" { (tr.t("cal-nothing-prepared")) }
                } @else {
                    ul {
                        @for (i, item) in done { li { (item.text) " " (toggle(*i, tr.t("cal-mark-open"))) } }
                        @for (oid, t) in outputs {
                            li data-output=(oid) {
                                a href={ "/outputs/" (oid) } { (tr.ta("cal-link-output", &[("id", (*oid).into())])) }
                                " — " (t)
                            }
                        }
                    }
                }
            }
            section id="still-asked" {
                h2 { (tr.t("cal-still-asked")) }
                @if open.is_empty() && requests.is_empty() {
                    p class="empty" { (tr.t("cal-nothing-asked")) }
                } @else {
                    ul {
                        @for (i, item) in open { li { (item.text) " " (toggle(*i, tr.t("cal-mark-done"))) } }
                        @for (rid, t) in requests {
                            li data-request=(rid) {
                                a href={ "/requests/" (rid) } { (tr.ta("cal-link-request", &[("id", (*rid).into())])) }
                                " — " (t)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The forms of those who manage meetings: checklist, links, status.
fn manage_forms(tr: &Tr, id: i64, csrf: &str, status: Status) -> Markup {
    html! {
    section class="manage" {
            h2 { (tr.t("cal-checklist")) }
            form method="post" action={ "/meetings/" (id) "/checklist" } {
                input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(csrf);
                label for="checklist-text" { (tr.t("cal-checklist-item")) }
                input type="text" id="checklist-text" name="text" required;
                button type="submit" class="button" { (tr.t("cal-checklist-add")) }
            }
            h2 { (tr.t("cal-link-add")) }
            form method="post" action={ "/meetings/" (id) "/links" } id="link-form" {
                input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(csrf);
                label for="link-kind" { (tr.t("cal-link-kind")) }
                select id="link-kind" name="kind" {
                    option value="output" { (tr.t("cal-link-kind-output")) }
                    option value="request" { (tr.t("cal-link-kind-request")) }
                }
                label for="link-id" { (tr.t("cal-link-id")) }
                input type="number" id="link-id" name="id" min="1" required;
                button type="submit" class="button" { (tr.t("cal-link-submit")) }
            }
            h2 { (tr.t("cal-change-status")) }
            form method="post" action={ "/meetings/" (id) "/status" } {
                input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(csrf);
                label for="status" { (tr.t("cal-field-status")) }
                select id="status" name="status" {
                    @for s in Status::ALL {
                        option value=(s.as_str()) selected[s == status] { (status_label(tr, s)) }
                    }
                }
                button type="submit" class="button" { (tr.t("cal-save")) }
            }
        }
    }
}

/// The calendar feeds a meeting belongs to.
fn subscribe_box(tr: &Tr, feeds: &[(String, String)]) -> Markup {
    html! {
        aside class="subscribe" {
            h2 { (tr.t("cal-subscribe")) }
            ul {
                @for (name, href) in feeds {
                    li { a href=(href) type="text/calendar" { (name) } }
                }
            }
            p class="meta" { (tr.t("cal-subscribe-hint")) }
        }
    }
}

/// Meeting `id`, or the calendar's 404.
async fn load(state: &AppState, id: i64) -> Result<Meeting, PageError> {
    state
        .store
        .meeting(id)
        .await?
        .ok_or(PageError::NotFound("cal-notfound"))
}

fn back_to(id: i64) -> Response {
    Redirect::to(&format!("/meetings/{id}")).into_response()
}

/// Links a request or an output (which must exist).
pub async fn add_link(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    body: String,
) -> Result<Response, PageError> {
    let m = load(&state, id).await?;
    let f = Fields::urlencoded(body.as_bytes());
    let link = match (
        f.trimmed("kind").and_then(LinkKind::parse),
        f.trimmed("id").and_then(|v| v.parse::<i64>().ok()),
    ) {
        (Some(kind), Some(target)) => Link { kind, id: target },
        _ => {
            return show_page(
                &state,
                &ctx,
                &m,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("cal-link-missing"),
            )
            .await;
        }
    };
    match calendar::check_link(state.store.as_ref(), link).await {
        Ok(()) => {}
        Err(LinkError::Missing) => {
            return show_page(
                &state,
                &ctx,
                &m,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("cal-link-missing"),
            )
            .await;
        }
        Err(LinkError::Store(e)) => return Err(e.into()),
    }
    state.store.link_meeting(m.id, link).await?;
    Ok(back_to(m.id))
}

/// Changes meeting `id` as `change` reads the form `body` (it says whether
/// anything changed), then shows the meeting.
async fn change_meeting(
    state: &AppState,
    id: i64,
    body: &str,
    change: impl FnOnce(&mut MeetingData, &Fields) -> bool,
) -> Result<Response, PageError> {
    let m = load(state, id).await?;
    let mut data = m.data.clone();
    if change(&mut data, &Fields::urlencoded(body.as_bytes())) {
        state.store.update_meeting(m.id, data).await?;
    }
    Ok(back_to(m.id))
}

/// Adds an item to the checklist (`text`) or ticks one (`toggle` = index).
pub async fn checklist(
    State(state): State<AppState>,
    PathId(id): PathId,
    body: String,
) -> Result<Response, PageError> {
    change_meeting(&state, id, &body, |data, f| {
        if let Some(i) = f.trimmed("toggle").and_then(|v| v.parse::<usize>().ok()) {
            if let Some(item) = data.checklist.get_mut(i) {
                item.done = !item.done;
            }
        } else if let Some(text) = f.trimmed("text") {
            data.checklist.push(ChecklistItem {
                text: text.to_string(),
                done: false,
            });
        }
        true
    })
    .await
}

/// Sets the meeting's status.
pub async fn set_status(
    State(state): State<AppState>,
    PathId(id): PathId,
    body: String,
) -> Result<Response, PageError> {
    change_meeting(&state, id, &body, |data, f| {
        match f.get("status").and_then(Status::parse) {
            Some(s) => {
                data.status = s;
                true
            }
            None => false,
        }
    })
    .await
}

// ---- adding a meeting ---------------------------------------------------------------------------

#[derive(Default)]
struct FormState {
    error: Option<String>,
    values: Vec<(String, String)>,
}

impl FormState {
    fn get(&self, k: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    }
    fn has(&self, k: &str, v: &str) -> bool {
        self.values.iter().any(|(n, x)| n == k && x == v)
    }
}

async fn form_page(state: &AppState, ctx: &Ctx, status: StatusCode, f: FormState) -> Response {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let plan = state.plan_for_labels().await;
    let title = tr.t("cal-new-title");
    let tz = if f.get("tz").is_empty() {
        "Europe/Zurich"
    } else {
        f.get("tz")
    };
    let main = html! {
        h1 { (title) }
        @if let Some(e) = &f.error { p class="error" role="alert" { (e) } }
        form method="post" action="/meetings" class="stacked-form" id="meeting-form" {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(ctx.csrf_token());
            label for="f-title" { (tr.t("cal-field-title")) }
            input type="text" id="f-title" name="title" required value=(f.get("title"));
            label for="f-body" { (tr.t("cal-field-body")) }
            select id="f-body" name="body" {
                option value="" { (tr.t("cal-field-none")) }
                @for b in &forums().bodies {
                    option value=(b.id) selected[f.get("body") == b.id] { (b.short.best(lang)) }
                }
            }
            label for="f-start" { (tr.t("cal-field-start")) }
            input type="datetime-local" id="f-start" name="start" required value=(f.get("start"));
            label for="f-end" { (tr.t("cal-field-end")) }
            input type="datetime-local" id="f-end" name="end" required value=(f.get("end"));
            label for="f-tz" { (tr.t("cal-field-tz")) }
            input type="text" id="f-tz" name="tz" required value=(tz);
            label for="f-venue" { (tr.t("cal-field-venue")) }
            input type="text" id="f-venue" name="venue" value=(f.get("venue"));
            label for="f-online" { (tr.t("cal-field-online")) }
            input type="url" id="f-online" name="online" value=(f.get("online"));
            label for="f-languages" { (tr.t("cal-field-languages")) }
            input type="text" id="f-languages" name="languages" value=(f.get("languages"));
            label for="f-agenda" { (tr.t("cal-field-agenda")) }
            textarea id="f-agenda" name="agenda" rows="5" { (f.get("agenda")) }
            label for="f-status" { (tr.t("cal-field-status")) }
            select id="f-status" name="status" {
                @for s in Status::ALL {
                    option value=(s.as_str()) selected[f.get("status") == s.as_str()] { (status_label(tr, s)) }
                }
            }
            fieldset {
                legend { (tr.t("cal-field-roles")) }
                @for r in CentreRole::ALL {
                    label { input type="checkbox" name="role" value=(r.as_str()) checked[f.has("role", r.as_str())]; " " (role_label(tr, r)) }
                }
            }
            @if let Some(p) = &plan {
                fieldset {
                    legend { (tr.t("cal-field-themes")) }
                    @for t in &p.themes {
                        label { input type="checkbox" name="theme" value=(t.id) checked[f.has("theme", &t.id)]; " " (t.title.best(lang)) }
                    }
                }
            }
            label for="f-checklist" { (tr.t("cal-field-checklist")) }
            textarea id="f-checklist" name="checklist" rows="4" { (f.get("checklist")) }
            button type="submit" class="button" { (tr.t("cal-create")) }
        }
    };
    frame(ctx, status, &title, &[], main)
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    form_page(&state, &ctx, StatusCode::OK, FormState::default()).await
}

fn read_local(s: &str) -> Option<DateTime> {
    let s = s.trim();
    s.parse::<DateTime>()
        .ok()
        .or_else(|| format!("{s}:00").parse::<DateTime>().ok())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: String,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let values = form::pairs(body.as_bytes());
    let f = FormState {
        error: None,
        values,
    };
    let fail = |f: FormState, msg: String| async {
        form_page(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            FormState {
                error: Some(msg),
                ..f
            },
        )
        .await
    };
    if f.get("title").trim().is_empty() {
        let msg = tr.t("cal-error-title");
        return Ok(fail(f, msg).await);
    }
    let (Some(start), Some(end)) = (read_local(f.get("start")), read_local(f.get("end"))) else {
        let msg = tr.t("cal-error-time");
        return Ok(fail(f, msg).await);
    };
    let opt = |k: &str| Some(f.get(k).trim().to_string()).filter(|s| !s.is_empty());
    let mut data = MeetingData {
        uid: new_uid(),
        series: None,
        body: opt("body").filter(|b| forums().body(b).is_some()),
        title: f.get("title").to_string(),
        agenda: f.get("agenda").trim().to_string(),
        when: When::Timed {
            start,
            end,
            tz: f.get("tz").trim().to_string(),
        },
        venue: opt("venue"),
        online_url: opt("online"),
        languages: f
            .get("languages")
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        status: Status::parse(f.get("status")).unwrap_or(Status::Planned),
        themes: f
            .values
            .iter()
            .filter(|(k, _)| k == "theme")
            .map(|(_, v)| v.clone())
            .collect(),
        roles: f
            .values
            .iter()
            .filter(|(k, _)| k == "role")
            .filter_map(|(_, v)| CentreRole::parse(v))
            .collect(),
        checklist: f
            .get("checklist")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| ChecklistItem {
                text: l.to_string(),
                done: false,
            })
            .collect(),
    };
    if let Err(e) = data.validate() {
        let msg = tr.ta("cal-error-invalid", &[("reason", e.to_string().into())]);
        return Ok(fail(f, msg).await);
    }
    calendar::tag_themes(&state, &mut data).await;
    match state.store.create_meeting(data).await {
        Ok(m) => Ok(Redirect::to(&format!("/meetings/{}", m.id)).into_response()),
        Err(StoreError::Invalid(reason) | StoreError::Conflict(reason)) => {
            let msg = tr.ta("cal-error-invalid", &[("reason", reason.into())]);
            Ok(fail(f, msg).await)
        }
        Err(e) => Err(e.into()),
    }
}

// ---- timeline per theme -----------------------------------------------------------------------

pub async fn theme_timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let no_area = || PageError::NotFound("notfound-area-text");
    let plan = state.adopted_plan().await?.ok_or_else(no_area)?;
    let theme = plan.theme(&id).ok_or_else(no_area)?;
    let filter = MeetingFilter {
        themes: vec![theme.id.clone()],
        ..Default::default()
    };
    let meetings = state.store.meetings(&filter).await?;
    let now = jiff::Timestamp::now();
    let (past, coming): (Vec<&Meeting>, Vec<&Meeting>) = meetings
        .iter()
        .partition(|m| m.data.when.end_instant() < now);
    let name = theme.title.best(lang).to_string();
    let title = tr.ta("cal-timeline-title", &[("theme", name.clone().into())]);
    let href = format!("/meetings/themes/{}/feed.ics", theme.id);
    let feeds = vec![(
        tr.ta("cal-feed-theme", &[("name", name.into())]),
        href.clone(),
    )];
    let timeline = |ms: &[&Meeting]| {
        html! {
            @if ms.is_empty() {
                p class="empty" { (tr.t("cal-empty")) }
            } @else {
                ol class="timeline" {
                    @for m in ms {
                        li data-meeting=(m.id) {
                            time datetime=(m.data.when.start_instant().to_string()) { (when_text(tr, &m.data.when)) }
                            " — "
                            a href={ "/meetings/" (m.id) } { (m.data.title) }
                            " (" (status_label(tr, m.data.status)) ")"
                        }
                    }
                }
            }
        }
    };
    let main = html! {
        h1 { (title) }
        (views_nav(tr, ""))
        h2 { (tr.t("cal-timeline-upcoming")) }
        (timeline(&coming))
        h2 { (tr.t("cal-timeline-past")) }
        (timeline(&past))
        (subscribe(tr, &href))
    };
    Ok(frame(&ctx, StatusCode::OK, &title, &feeds, main))
}

// ---- feeds ------------------------------------------------------------------------------------

fn feed_lang(headers: &HeaderMap) -> Tr {
    let lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::app::i18n::accept_language_lang)
        .unwrap_or(Lang::En);
    Tr::new(lang)
}

pub async fn feed_all(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let tr = feed_lang(&headers);
    calendar::feed(
        &state,
        &headers,
        &tr.t("cal-feed-all"),
        MeetingFilter::default(),
    )
    .await
}

fn feed_not_found(what: &str) -> Response {
    let mut r = (StatusCode::NOT_FOUND, format!("no {what}\n")).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

pub async fn feed_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let tr = feed_lang(&headers);
    let plan = state.plan_for_labels().await;
    let Some(theme) = plan.as_ref().and_then(|p| p.theme(&id)) else {
        return feed_not_found("such theme");
    };
    let name = tr.ta(
        "cal-feed-theme",
        &[("name", theme.title.best(tr.lang).to_string().into())],
    );
    let filter = MeetingFilter {
        themes: vec![theme.id.clone()],
        ..Default::default()
    };
    calendar::feed(&state, &headers, &name, filter).await
}

pub async fn feed_forum(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let tr = feed_lang(&headers);
    let plan = state.plan_for_labels().await;
    let forum_name = plan
        .as_ref()
        .and_then(|p| p.forum(&id))
        .map(|f| f.acronym.best(tr.lang).to_string())
        .or_else(|| {
            forums()
                .body(&id)
                .map(|b| b.short.best(tr.lang).to_string())
        });
    let Some(forum_name) = forum_name else {
        return feed_not_found("such forum");
    };
    let name = tr.ta("cal-feed-forum", &[("name", forum_name.into())]);
    let filter = MeetingFilter {
        bodies: calendar::bodies_of_forum(&id),
        ..Default::default()
    };
    calendar::feed(&state, &headers, &name, filter).await
}

pub async fn feed_programme(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let tr = feed_lang(&headers);
    let plan = state.plan_for_labels().await;
    let Some((p, themes)) = plan.as_ref().and_then(|pl| {
        pl.programme(&id)
            .map(|p| (p, calendar::themes_of_programme(pl, &id)))
    }) else {
        return feed_not_found("such programme");
    };
    let name = tr.ta("cal-feed-programme", &[("name", p.acronym.clone().into())]);
    let filter = MeetingFilter {
        themes,
        ..Default::default()
    };
    calendar::feed(&state, &headers, &name, filter).await
}

// ---- importing an iCalendar file -----------------------------------------------------------------

/// What the import page says above its form.
enum ImportNote {
    None,
    Error(String),
    Synced(southdesk_store::Synced),
}

fn import_page(
    ctx: &Ctx,
    status: StatusCode,
    text: &str,
    update: bool,
    note: ImportNote,
) -> Response {
    let tr = &ctx.tr;
    let title = tr.t("cal-import-title");
    let main = html! {
        h1 { (title) }
        p { (tr.t("cal-import-intro")) }
        @match &note {
            ImportNote::Error(e) => { p class="error" role="alert" id="import-error" { (e) } }
            ImportNote::Synced(s) => {
                p class="notice" role="status" id="import-done" {
                    (tr.ta("cal-import-synced", &[
                        ("added", (s.added.len() as i64).into()),
                        ("updated", (s.updated.len() as i64).into()),
                        ("unchanged", (s.unchanged as i64).into()),
                    ]))
                    " "
                    a href="/meetings" { (tr.t("cal-import-see")) }
                }
            }
            ImportNote::None => {}
        }
        form method="post" action="/meetings/import" class="stacked-form" id="import-form" {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(ctx.csrf_token());
            label for="ics" { (tr.t("cal-import-field")) }
            textarea id="ics" name="ics" rows="16" required { (text) }
            label class="check" {
                input type="checkbox" id="update" name="update" value="1" checked[update];
                " " (tr.t("cal-import-update"))
            }
            button type="submit" class="button" { (tr.t("cal-import-submit")) }
        }
    };
    frame(ctx, status, &title, &[], main)
}

pub async fn import_form(ctx: Ctx) -> Response {
    import_page(&ctx, StatusCode::OK, "", false, ImportNote::None)
}

/// Imports the pasted file, all or nothing; the error names the line and
/// the event. With `update`, meetings already stored (same UID) follow the
/// file ([`southdesk_store::MeetingStore::sync_meetings`]).
pub async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    body: String,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let f = Fields::urlencoded(body.as_bytes());
    let text = f.text("ics");
    let update = f.get("update").is_some();
    let plan = state
        .adopted_plan()
        .await?
        .unwrap_or_else(Plan::embedded_2026_2028);
    let fail = |reason: String| {
        let msg = tr.ta("cal-import-failed", &[("reason", reason.into())]);
        import_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &text,
            update,
            ImportNote::Error(msg),
        )
    };
    let mut data = match southdesk_calendar::parse_ics(&text, forums(), &plan) {
        Ok(d) => d,
        Err(e) => return Ok(fail(e.to_string())),
    };
    for d in &mut data {
        calendar::tag_themes(&state, d).await;
    }
    if update {
        return match state.store.sync_meetings(data).await {
            Ok(synced) => Ok(import_page(
                &ctx,
                StatusCode::OK,
                "",
                true,
                ImportNote::Synced(synced),
            )),
            Err(StoreError::Invalid(r) | StoreError::Conflict(r)) => Ok(fail(r)),
            Err(e) => Err(e.into()),
        };
    }
    match state.store.import_meetings(data).await {
        Ok(ms) => {
            let from = ms
                .iter()
                .map(|m| m.data.when.first_day())
                .min()
                .unwrap_or_else(today);
            Ok(Redirect::to(&format!("/meetings?from={from}")).into_response())
        }
        Err(StoreError::Invalid(r) | StoreError::Conflict(r)) => Ok(fail(r)),
        Err(e) => Err(e.into()),
    }
}
