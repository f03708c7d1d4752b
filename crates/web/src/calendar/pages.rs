//! The negotiations calendar's pages: list, month, "next 30 days in my
//! themes", a page per meeting (what is prepared, what is still asked),
//! a timeline per theme.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::ToSpan;
use jiff::civil::Date;
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_calendar::{ChecklistItem, Link, LinkKind, Meeting, MeetingData, Status, When};
use southdesk_plan::Plan;
use southdesk_store::MeetingFilter;

use super::service::{self as calendar, LinkError, ListQuery, THEMES_COOKIE, forums, midnight};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::form::{self, Fields};
use crate::app::i18n::Tr;
use crate::app::ui;
use crate::app::{PageError, PathId};

use super::views::*;

// ---- list -------------------------------------------------------------------------------

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let base = calendar::base_url(&state, &headers);
    let plan = state.adopted_plan().await?;
    let filter = q.filter(plan.as_ref(), Some(today())).unwrap_or_default();
    let meetings = state.store.meetings(&filter).await?;
    let title = tr.t("cal-title");
    let main = html! {
        h1 { (title) }
        p class="lead-text" { (tr.t("cal-intro")) }
        (views_nav(tr, "list"))
        @if may_manage(&ctx) {
            (ui::actions(html! {
                (ui::link_button("/meetings/new", &tr.t("cal-add"), ui::Variant::Primary))
                (ui::link_button("/meetings/import", &tr.t("cal-import"), ui::Variant::Secondary))
            }))
        }
        (table(tr, &meetings))
        (subscribe(tr, &base, "/meetings/feed.ics"))
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
    headers: HeaderMap,
    Query(q): Query<MonthQuery>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let base = calendar::base_url(&state, &headers);
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
        div class="table-scroll cal-month-grid" {
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
        // On a phone the grid gives way to the days that have meetings.
        section class="cal-month-days" aria-label=(caption) {
            @let busy: Vec<(Date, Vec<&Meeting>)> = (0..days)
                .filter_map(|n| first.checked_add(i64::from(n).days()).ok())
                .map(|d| (d, on(d)))
                .filter(|(_, ms)| !ms.is_empty())
                .collect();
            @if busy.is_empty() {
                p class="empty" { (tr.t("cal-empty")) }
            } @else {
                ol class="cal-day-list" {
                    @for (d, ms) in &busy {
                        li data-day=(d.to_string()) {
                            h3 { time datetime=(d.to_string()) { (tdate(tr, *d)) } }
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
        (subscribe(tr, &base, "/meetings/feed.ics"))
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
    headers: HeaderMap,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let m = load(&state, id).await?;
    let base = calendar::base_url(&state, &headers);
    show_page(&state, &ctx, &base, &m, StatusCode::OK, None).await
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    base: &str,
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
    let partners =
        crate::app::partners::facts(state, ctx, southdesk_contacts::Work::Meeting(m.id)).await?;
    let d = &m.data;
    // Internal items are for the Secretariat's eyes only.
    let internal = may_see_preparation(ctx);
    let (done, open): (Vec<_>, Vec<_>) = d
        .checklist_for(internal)
        .into_iter()
        .partition(|(_, i)| i.done);
    let manage = may_manage(ctx);
    let item = |i: usize, item: &ChecklistItem, toggle_label: &str| {
        html! {
            (item.text)
            @if internal {
                " "
                @if item.public {
                    (ui::badge(&tr.t("cal-item-public"), ui::Tone::Info))
                } @else {
                    (ui::badge(&tr.t("cal-item-internal"), ui::Tone::Neutral))
                }
            }
            @if manage {
                form method="post" action={ "/meetings/" (m.id) "/checklist" } class="inline-form" {
                    (ui::csrf(ctx))
                    input type="hidden" name="toggle" value=(i);
                    button type="submit" class="button button-small" { (tr.t(toggle_label)) }
                }
                form method="post" action={ "/meetings/" (m.id) "/checklist" } class="inline-form" {
                    (ui::csrf(ctx))
                    input type="hidden" name="publish" value=(i);
                    button type="submit" class="button button-small button-secondary" {
                        (tr.t(if item.public { "cal-item-make-internal" } else { "cal-item-make-public" }))
                    }
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
            (meeting_facts(tr, plan.as_ref(), d, error, partners))
            (ui::actions(ui::link_button(&format!("/meetings/{}/event.ics", m.id), &tr.t("cal-add-to-calendar"), ui::Variant::Primary)))
            (preparation(tr, &done, &open, &outputs, &requests, &item))
            @if manage { (manage_forms(ctx, m.id, d)) }
            (subscribe_box(tr, base, &feeds))
        }
    };
    Ok(frame(ctx, status, &d.title, &feeds, main))
}

/// The facts of a meeting: when, where, status, roles, themes, agenda.
/// `partners`: the organisations it was done with ([`crate::app::partners::facts`]).
fn meeting_facts(
    tr: &Tr,
    plan: Option<&Plan>,
    d: &MeetingData,
    error: Option<&str>,
    partners: Markup,
) -> Markup {
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
            (partners)
            @if let Some(v) = &d.venue { dt { (tr.t("cal-venue")) } dd { (v) } }
            @if let Some(u) = &d.online_url {
                // Only a web address is a live link (one stored before the
                // rule was checked is shown as text).
                dt { (tr.t("cal-online")) }
                dd {
                    @if southdesk_calendar::is_web_address(u) {
                        a href=(u) rel="noopener noreferrer" { (u) }
                    } @else {
                        (u)
                    }
                }
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
    item: &dyn Fn(usize, &ChecklistItem, &str) -> Markup,
) -> Markup {
    html! {
        div class="two-col" {
            (prep_column(tr, ("prepared", "cal-prepared", "cal-nothing-prepared"), done, "cal-mark-open", LinkKind::Output, outputs, item))
            (prep_column(tr, ("still-asked", "cal-still-asked", "cal-nothing-asked"), open, "cal-mark-done", LinkKind::Request, requests, item))
        }
    }
}

/// One column of a meeting's preparation — (id, heading, what it says when
/// empty) —: its checklist items, each with the button that moves it to the
/// other column (`toggle_label`), then the outputs or requests linked.
fn prep_column(
    tr: &Tr,
    (id, heading, empty): (&str, &str, &str),
    items: &[(usize, &ChecklistItem)],
    toggle_label: &str,
    kind: LinkKind,
    links: &[(i64, String)],
    item: &dyn Fn(usize, &ChecklistItem, &str) -> Markup,
) -> Markup {
    let output = kind == LinkKind::Output;
    let (path, msg) = if output {
        ("/outputs/", "cal-link-output")
    } else {
        ("/requests/", "cal-link-request")
    };
    html! {
        section id=(id) {
            h2 { (tr.t(heading)) }
            @if items.is_empty() && links.is_empty() {
                p class="empty" { (tr.t(empty)) }
            } @else {
                ul {
                    @for (i, it) in items { li data-checklist=(i) { (item(*i, it, toggle_label)) } }
                    @for (lid, t) in links {
                        li data-output=[output.then_some(lid)] data-request=[(!output).then_some(lid)] {
                            a href={ (path) (lid) } { (tr.ta(msg, &[("id", (*lid).into())])) }
                            " — " (t)
                        }
                    }
                }
            }
        }
    }
}

/// The forms of those who manage meetings: checklist, forum body, links,
/// status.
fn manage_forms(ctx: &Ctx, id: i64, d: &MeetingData) -> Markup {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let csrf = ctx.csrf_token().to_string();
    html! {
        section class="manage" {
            h2 { (tr.t("cal-checklist")) }
            form method="post" action={ "/meetings/" (id) "/checklist" } class="ui-form" id="checklist-form" {
                (ui::csrf(ctx))
                (ui::Input::text("text", &tr.t("cal-checklist-item")).required())
                (ui::choices(&tr.t("cal-item-visibility"), "public", ui::Choice::Checkbox, &[
                    ui::ChoiceItem::new("1", tr.t("cal-item-public-label"), false)
                        .note(tr.t("cal-item-public-note")),
                ]))
                (ui::actions(ui::button(&tr.t("cal-checklist-add"), ui::Variant::Primary)))
            }
            h2 { (tr.t("cal-body-title")) }
            form method="post" action={ "/meetings/" (id) "/body" } class="ui-form" id="body-form" {
                (ui::csrf(ctx))
                (ui::Select::new("body", &tr.t("cal-field-body"))
                    .blank(&tr.t("cal-field-none"))
                    .options(forums().bodies.iter().map(|b| (b.id.clone(), b.short.best(lang).to_string())))
                    .selected(d.body.clone().unwrap_or_default())
                    .hint(&tr.t("cal-body-hint")))
                (ui::actions(ui::button(&tr.t("cal-save"), ui::Variant::Primary)))
            }
            h2 { (tr.t("cal-link-add")) }
            form method="post" action={ "/meetings/" (id) "/links" } id="link-form" class="ui-form" {
                input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(csrf);
                div class="ui-field" {
                    label for="link-kind" { (tr.t("cal-link-kind")) }
                    select id="link-kind" name="kind" {
                        option value="output" { (tr.t("cal-link-kind-output")) }
                        option value="request" { (tr.t("cal-link-kind-request")) }
                    }
                }
                div class="ui-field" {
                    label for="link-id" { (tr.t("cal-link-id")) }
                    input type="number" id="link-id" name="id" min="1" required;
                }
                (ui::actions(ui::button(&tr.t("cal-link-submit"), ui::Variant::Primary)))
            }
            h2 { (tr.t("cal-change-status")) }
            form method="post" action={ "/meetings/" (id) "/status" } class="ui-form" {
                (ui::csrf(ctx))
                (ui::Select::new("status", &tr.t("cal-field-status"))
                    .options(Status::ALL.into_iter().map(|s| (s.as_str(), status_label(tr, s))))
                    .selected(d.status.as_str()))
                (ui::actions(ui::button(&tr.t("cal-save"), ui::Variant::Primary)))
            }
        }
    }
}

/// The calendar feeds a meeting belongs to, each with its full address.
fn subscribe_box(tr: &Tr, base: &str, feeds: &[(String, String)]) -> Markup {
    html! {
        aside class="subscribe" {
            h2 { (tr.t("cal-subscribe")) }
            p { (tr.t("cal-sub-intro")) }
            ul class="cal-feed-list" {
                @for (name, href) in feeds {
                    @let (web, webcal) = calendar::subscribe_urls(base, href);
                    li {
                        (name) ": "
                        a href=(webcal) { "webcal://" } " · "
                        a href=(web) type="text/calendar" { "https://" }
                        br;
                        code class="cal-sub-url" { (web) }
                    }
                }
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
    headers: HeaderMap,
    PathId(id): PathId,
    body: String,
) -> Result<Response, PageError> {
    let m = load(&state, id).await?;
    let base = calendar::base_url(&state, &headers);
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
                &base,
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
                &base,
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

/// Adds an item to the checklist (`text`, internal unless `public` is
/// ticked), ticks one (`toggle` = index), or makes one public or internal
/// again (`publish` = index).
pub async fn checklist(
    State(state): State<AppState>,
    PathId(id): PathId,
    body: String,
) -> Result<Response, PageError> {
    change_meeting(&state, id, &body, |data, f| {
        let index = |k: &str| f.trimmed(k).and_then(|v| v.parse::<usize>().ok());
        if let Some(i) = index("toggle") {
            if let Some(item) = data.checklist.get_mut(i) {
                item.done = !item.done;
            }
        } else if let Some(i) = index("publish") {
            if let Some(item) = data.checklist.get_mut(i) {
                item.public = !item.public;
            }
        } else if let Some(text) = f.trimmed("text") {
            data.checklist.push(ChecklistItem {
                text: text.to_string(),
                done: false,
                public: f.get("public").is_some(),
            });
        }
        true
    })
    .await
}

/// Sets the meeting's forum body as staff choose it (empty: none); a new
/// import of its calendar keeps the choice. The body's themes are added.
pub async fn choose_body(
    State(state): State<AppState>,
    PathId(id): PathId,
    body: String,
) -> Result<Response, PageError> {
    let m = load(&state, id).await?;
    let f = Fields::urlencoded(body.as_bytes());
    let asked = f.trimmed("body");
    let chosen = asked.and_then(|b| forums().body(b));
    if asked.is_some() && chosen.is_none() {
        // Not a body of data/forums.toml: nothing to change.
        return Ok(back_to(m.id));
    }
    let themes = chosen.map(|b| b.themes.clone()).unwrap_or_default();
    state
        .store
        .choose_meeting_body(m.id, chosen.map(|b| b.id.clone()), themes)
        .await?;
    Ok(back_to(m.id))
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

// ---- timeline per theme -----------------------------------------------------------------------

pub async fn theme_timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let base = calendar::base_url(&state, &headers);
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
        (subscribe(tr, &base, &href))
    };
    Ok(frame(&ctx, StatusCode::OK, &title, &feeds, main))
}
