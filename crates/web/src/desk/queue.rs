//! The working views of `/requests`: tabs (my queue, my programme, all,
//! overdue, done) as each role may see them, filters in the URL (a GET form
//! that works without JavaScript) with a facet sidebar of counts, free-text
//! search, sortable columns, pages, saved views and bulk assignment.
//!
//! The filtering, sorting, counting and paging are the store's, in SQL
//! ([`RequestQuery`]); who may read what is [`authz::request_scope`].

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_common::url_encode;
use southdesk_plan::authz::{self, Action, allowed};
use southdesk_plan::requests::{Requester, Status};
use southdesk_plan::{Account, Plan};
use southdesk_store::requests::{
    Change, Reach, Request, RequestFacets, RequestOrder, RequestQuery, SavedView, SortKey,
};

use super::labels;
use super::views::{links_bar, overdue, programme_label, theme_label};
use super::workflow::{self as desk, DeskError};
use crate::app::form;
use crate::app::i18n::Tr;
use crate::app::labels::members;
use crate::app::layout::{Nav, page};
use crate::app::ui::{self, Facet, Input, Select, Tone, Variant};
use crate::app::{AppState, Ctx, PageError, PathId, User};

/// Requests on one page.
pub const PER_PAGE: u32 = 25;

/// The views of the desk, as tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Open work that is one's own.
    Mine,
    /// Everything routed to one's programme.
    Programme,
    /// Every request one may read.
    All,
    Overdue,
    /// One's delivered, closed and declined requests.
    Done,
}

impl Tab {
    pub const ALL: [Tab; 5] = [Tab::Mine, Tab::Programme, Tab::All, Tab::Overdue, Tab::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Mine => "mine",
            Tab::Programme => "programme",
            Tab::All => "all",
            Tab::Overdue => "overdue",
            Tab::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether `user` has this tab.
    pub fn open_to(self, user: &Account) -> bool {
        match self {
            Tab::Mine | Tab::Done => allowed(Some(user), &Action::ListRequests),
            Tab::Programme => {
                user.programme.is_some() && allowed(Some(user), &Action::TriageRequests)
            }
            Tab::All => allowed(Some(user), &Action::ListAllRequests),
            Tab::Overdue => allowed(Some(user), &Action::ViewOverdueRequests),
        }
    }
}

/// The statuses of finished work.
pub const DONE: [Status; 3] = [Status::Delivered, Status::Closed, Status::Declined];

/// The filters and order of the list, as the URL carries them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct ListParams {
    pub tab: Option<String>,
    pub status: Option<String>,
    pub theme: Option<String>,
    pub programme: Option<String>,
    /// A requester's key (`member:BRA`, `group:g77`).
    pub member: Option<String>,
    pub assignee: Option<String>,
    pub overdue: Option<String>,
    pub q: Option<String>,
    /// A [`SortKey`], `-` first for descending.
    pub sort: Option<String>,
    pub page: Option<String>,
    /// How many were just assigned in bulk.
    pub assigned: Option<String>,
    pub saved: Option<String>,
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListParams {
    pub fn tab(&self) -> Tab {
        set(&self.tab).and_then(Tab::parse).unwrap_or(Tab::Mine)
    }

    pub fn order(&self) -> RequestOrder {
        match set(&self.sort) {
            Some(s) => {
                let (key, descending) = match s.strip_prefix('-') {
                    Some(k) => (k, true),
                    None => (s, false),
                };
                SortKey::parse(key).map_or_else(RequestOrder::default, |key| RequestOrder {
                    key,
                    descending,
                })
            }
            None => RequestOrder::default(),
        }
    }

    fn page(&self) -> u32 {
        set(&self.page)
            .and_then(|p| p.parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    /// The query string of these parameters (without the one-off notices).
    pub fn query_string(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("tab", &self.tab),
            ("status", &self.status),
            ("theme", &self.theme),
            ("programme", &self.programme),
            ("member", &self.member),
            ("assignee", &self.assignee),
            ("overdue", &self.overdue),
            ("q", &self.q),
            ("sort", &self.sort),
            ("page", &self.page),
        ] {
            if let Some(v) = set(v) {
                parts.push(format!("{k}={}", url_encode(v)));
            }
        }
        parts.join("&")
    }

    /// `/requests` with these parameters.
    pub fn href(&self) -> String {
        let q = self.query_string();
        if q.is_empty() {
            "/requests".into()
        } else {
            format!("/requests?{q}")
        }
    }

    /// The same list with a change, from its first page.
    fn with(&self, f: impl FnOnce(&mut ListParams)) -> ListParams {
        let mut p = ListParams {
            page: None,
            assigned: None,
            saved: None,
            ..self.clone()
        };
        f(&mut p);
        p
    }
}

/// The parties, programmes or assignments that make a request one's own,
/// from what `user` may read.
fn my_reach(user: &Account) -> Vec<Reach> {
    let scope = authz::request_scope(Some(user));
    if scope.all {
        return Vec::new();
    }
    let mut reach = Vec::new();
    if let Some(m) = scope.member {
        reach.push(Reach::Party(Requester::Member(m.to_ascii_uppercase())));
    }
    if let Some(g) = scope.group {
        reach.push(Reach::Party(Requester::Group(g.to_ascii_lowercase())));
    }
    if let Some(p) = scope.lead_programme {
        reach.push(Reach::Programme(p));
    }
    if let Some(a) = scope.assignee {
        reach.push(Reach::Assignee(a));
    }
    reach
}

/// Requesters whose name, in any language, contains `text`.
fn requesters_named(text: &str) -> Vec<Requester> {
    let needle = text.trim().to_lowercase();
    if needle.chars().count() < 2 {
        return Vec::new();
    }
    let named = |l: &southdesk_plan::Localized| {
        [&l.zh, &l.en, &l.fr, &l.es]
            .iter()
            .any(|n| n.to_lowercase().contains(&needle))
    };
    let m = members();
    m.countries
        .iter()
        .filter(|c| named(&c.name))
        .map(|c| Requester::Member(c.iso3.clone()))
        .chain(
            m.groups
                .iter()
                .filter(|g| named(&g.name))
                .map(|g| Requester::Group(g.id.clone())),
        )
        .collect()
}

/// The store query of the list `p` for `user`; `None` if the tab is not
/// theirs.
pub fn query_of(p: &ListParams, user: &Account) -> Option<RequestQuery> {
    let tab = p.tab();
    if !tab.open_to(user) {
        return None;
    }
    let mut q = RequestQuery {
        scope: Some(authz::request_scope(Some(user))),
        order: p.order(),
        limit: PER_PAGE,
        offset: (p.page() - 1) * PER_PAGE,
        ..Default::default()
    };
    match tab {
        Tab::Mine => {
            q.any_of = my_reach(user);
            q.open_only = true;
        }
        Tab::Done => {
            q.any_of = my_reach(user);
            q.statuses = DONE.to_vec();
        }
        Tab::Programme => q.any_of = vec![Reach::Programme(user.programme.clone()?)],
        Tab::All => {}
        Tab::Overdue => q.overdue_on = Some(desk::today()),
    }
    if let Some(s) = set(&p.status).and_then(Status::parse) {
        // Within the tab: a status the tab excludes gives nothing.
        if (tab == Tab::Mine && DONE.contains(&s)) || (tab == Tab::Done && !DONE.contains(&s)) {
            q.statuses = vec![];
            q.open_only = false;
            q.any_of.clear();
            q.scope = Some(authz::RequestScope::default());
        } else {
            q.statuses = vec![s];
        }
    }
    q.theme = set(&p.theme).map(str::to_string);
    q.programme = set(&p.programme).map(str::to_string);
    q.requester = set(&p.member).and_then(Requester::parse_key);
    q.assignee = set(&p.assignee).and_then(|a| a.parse().ok());
    if set(&p.overdue).is_some() {
        q.overdue_on = Some(desk::today());
    }
    if let Some(text) = set(&p.q) {
        q.text = Some(text.to_string());
        q.text_requesters = requesters_named(text);
    }
    Some(q)
}

/// `GET /requests`: the working views.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    Query(p): Query<ListParams>,
) -> Result<Markup, PageError> {
    let q = query_of(&p, &user).ok_or(PageError::Forbidden)?;
    let rows: Vec<Request> = desk::list(&state, &user, &q).await?;
    let total = state.store.count_requests(&q).await?;
    let facets = state.store.request_facets(&q, desk::today()).await?;
    let views = state.store.saved_views(user.id).await?;
    let may_assign = allowed(Some(&user), &Action::TriageRequests);
    let people: HashMap<i64, Account> = if user.role.is_secretariat() {
        state
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    } else {
        HashMap::new()
    };
    let plan = state.plan_for_labels().await;
    let view = ListView {
        ctx: &ctx,
        user: &user,
        plan: plan.as_ref(),
        p: &p,
        people: &people,
    };
    let tr = &ctx.tr;
    let title = tr.t("desk-queue-heading");
    let pages = u32::try_from(total.div_ceil(u64::from(PER_PAGE))).unwrap_or(u32::MAX);
    let main = html! {
        h1 id="page-heading" { (title) }
        (links_bar(tr, &user))
        (view.tabs(&views))
        @if let Some(n) = set(&p.assigned) {
            (ui::flash(Tone::Success, &tr.ta("desk-bulk-done", &[("count", n.parse::<i64>().unwrap_or(0).into())])))
        }
        @if set(&p.saved).is_some() { (ui::flash(Tone::Success, &tr.t("desk-view-saved"))) }
        (ui::with_sidebar(
            html! {
                (view.filters())
                (view.facets(&facets))
                (view.saved_views(&views))
            },
            html! {
                p class="muted" id="req-count" { (tr.ta("desk-count", &[("count", (total as i64).into())])) }
                (view.table(&rows, may_assign))
                (ui::pager(tr, view.p.page(), pages, |n| p.with(|x| x.page = (n > 1).then(|| n.to_string())).href()))
            },
        ))
    };
    Ok(page(&ctx, Nav::None, &title, main))
}

struct ListView<'a> {
    ctx: &'a Ctx,
    user: &'a Account,
    plan: Option<&'a Plan>,
    p: &'a ListParams,
    people: &'a HashMap<i64, Account>,
}

impl ListView<'_> {
    fn tr(&self) -> &Tr {
        &self.ctx.tr
    }

    fn name_of(&self, id: i64) -> String {
        self.people
            .get(&id)
            .map_or_else(|| self.tr().t("req-someone"), |a| a.name.clone())
    }

    fn tabs(&self, views: &[SavedView]) -> Markup {
        let tr = self.tr();
        let current = self.p.href();
        let here = self.p.tab();
        let mut items: Vec<(String, String, bool)> = Tab::ALL
            .into_iter()
            .filter(|t| t.open_to(self.user))
            .map(|t| {
                let href = if t == Tab::Mine {
                    "/requests".to_string()
                } else {
                    format!("/requests?tab={}", t.as_str())
                };
                let active = t == here
                    && ListParams {
                        tab: self.p.tab.clone(),
                        ..Default::default()
                    }
                    .href()
                        == self.p.with(|_| {}).href();
                (href, tr.t(&format!("desk-tab-{}", t.as_str())), active)
            })
            .collect();
        for v in views {
            let href = if v.query.is_empty() {
                "/requests".to_string()
            } else {
                format!("/requests?{}", v.query)
            };
            let active = href == current;
            items.push((href, v.name.clone(), active));
        }
        ui::tabs(&tr.t("desk-tabs-label"), &items)
    }

    fn filters(&self) -> Markup {
        let tr = self.tr();
        let p = self.p;
        let any = tr.t("desk-any");
        let statuses = Status::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), labels::status_label(tr, *s)));
        let status_label = tr.t("req-col-status");
        let mut status = Select::new("status", &status_label)
            .options(statuses)
            .blank(&any);
        if let Some(s) = set(&p.status) {
            status = status.selected(s);
        }
        let themes: Vec<(String, String)> = self
            .plan
            .map(|pl| {
                pl.themes
                    .iter()
                    .map(|t| (t.id.clone(), t.title.best(tr.lang).to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let theme_label = tr.t("desk-filter-theme");
        let mut theme = Select::new("theme", &theme_label)
            .options(themes)
            .blank(&any);
        if let Some(t) = set(&p.theme) {
            theme = theme.selected(t);
        }
        let programmes: Vec<(String, String)> = self
            .plan
            .map(|pl| {
                pl.programmes
                    .iter()
                    .map(|g| (g.id.clone(), g.acronym.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let programme_label = tr.t("desk-filter-programme");
        let mut programme = Select::new("programme", &programme_label)
            .options(programmes)
            .blank(&any);
        if let Some(g) = set(&p.programme) {
            programme = programme.selected(g);
        }
        let mut staff: Vec<&Account> = self
            .people
            .values()
            .filter(|a| a.role.is_secretariat() && !a.disabled)
            .collect();
        staff.sort_by(|a, b| a.name.cmp(&b.name));
        let assignee_label = tr.t("desk-filter-assignee");
        let mut assignee = Select::new("assignee", &assignee_label)
            .options(staff.iter().map(|a| (a.id.to_string(), a.name.clone())))
            .blank(&any);
        if let Some(a) = set(&p.assignee) {
            assignee = assignee.selected(a);
        }
        let q = p.q.clone().unwrap_or_default();
        let search_label = tr.t("desk-search");
        let search_hint = tr.t("desk-search-hint");
        html! {
            form class="ui-form desk-filters" method="get" action="/requests" id="desk-filters" {
                @if let Some(t) = set(&p.tab) { input type="hidden" name="tab" value=(t); }
                @if let Some(s) = set(&p.sort) { input type="hidden" name="sort" value=(s); }
                @if let Some(m) = set(&p.member) { input type="hidden" name="member" value=(m); }
                (Input::search("q", &search_label).value(&q).hint(&search_hint))
                (status)
                (theme)
                (programme)
                @if !staff.is_empty() { (assignee) }
                div class="ui-choice" {
                    input type="checkbox" id="f-overdue" name="overdue" value="1" checked[set(&p.overdue).is_some()];
                    label for="f-overdue" { (tr.t("desk-filter-overdue")) }
                }
                (ui::actions(html! {
                    (ui::button(&tr.t("desk-filter-apply"), Variant::Primary))
                    (ui::link_button(&ListParams { tab: p.tab.clone(), ..Default::default() }.href(), &tr.t("desk-filter-clear"), Variant::Secondary))
                }))
            }
        }
    }

    fn facets(&self, f: &RequestFacets) -> Markup {
        let (tr, p, plan) = (self.tr(), self.p, self.plan);
        let toggle = |active: bool, f: &dyn Fn(&mut ListParams, Option<String>), value: String| {
            p.with(|x| f(x, (!active).then_some(value))).href()
        };
        let status: Vec<Facet> = f
            .statuses
            .iter()
            .map(|(s, n)| {
                let active = set(&p.status) == Some(s.as_str());
                Facet {
                    label: labels::status_label(tr, *s),
                    count: Some(*n),
                    href: toggle(active, &|x, v| x.status = v, s.as_str().into()),
                    active,
                }
            })
            .collect();
        let themes: Vec<Facet> = f
            .themes
            .iter()
            .map(|(t, n)| {
                let active = set(&p.theme) == Some(t.as_str());
                Facet {
                    label: theme_label(tr, plan, t),
                    count: Some(*n),
                    href: toggle(active, &|x, v| x.theme = v, t.clone()),
                    active,
                }
            })
            .collect();
        let programmes: Vec<Facet> = f
            .programmes
            .iter()
            .map(|(g, n)| {
                let active = set(&p.programme) == Some(g.as_str());
                Facet {
                    label: programme_label(plan, g),
                    count: Some(*n),
                    href: toggle(active, &|x, v| x.programme = v, g.clone()),
                    active,
                }
            })
            .collect();
        let requesters: Vec<Facet> = f
            .requesters
            .iter()
            .take(12)
            .map(|(r, n)| {
                let active = set(&p.member) == Some(r.key().as_str());
                Facet {
                    label: labels::requester_name(tr, r),
                    count: Some(*n),
                    href: toggle(active, &|x, v| x.member = v, r.key()),
                    active,
                }
            })
            .collect();
        let assignees: Vec<Facet> = if self.people.is_empty() {
            Vec::new()
        } else {
            f.assignees
                .iter()
                .map(|(a, n)| {
                    let active = set(&p.assignee) == Some(a.to_string().as_str());
                    Facet {
                        label: self.name_of(*a),
                        count: Some(*n),
                        href: toggle(active, &|x, v| x.assignee = v, a.to_string()),
                        active,
                    }
                })
                .collect()
        };
        let overdue_active = set(&p.overdue).is_some();
        let overdue = if f.overdue > 0 || overdue_active {
            vec![Facet {
                label: tr.t("desk-filter-overdue"),
                count: Some(f.overdue),
                href: toggle(overdue_active, &|x, v| x.overdue = v, "1".into()),
                active: overdue_active,
            }]
        } else {
            Vec::new()
        };
        html! {
            div id="desk-facets" {
                (ui::facets(&tr.t("req-col-status"), &status))
                (ui::facets(&tr.t("desk-filter-overdue-heading"), &overdue))
                (ui::facets(&tr.t("desk-filter-theme"), &themes))
                (ui::facets(&tr.t("desk-filter-programme"), &programmes))
                (ui::facets(&tr.t("req-col-requester"), &requesters))
                (ui::facets(&tr.t("desk-filter-assignee"), &assignees))
            }
        }
    }

    fn saved_views(&self, views: &[SavedView]) -> Markup {
        let (ctx, tr) = (self.ctx, self.tr());
        let name_label = tr.t("desk-view-name");
        html! {
            section class="ui-facet" id="desk-views" {
                h2 { (tr.t("desk-views")) }
                @if !views.is_empty() {
                    ul {
                        @for v in views {
                            li {
                                a href=(format!("/requests?{}", v.query)) { (v.name) }
                                form method="post" action=(format!("/requests/views/{}/delete", v.id)) class="inline-form" {
                                    (ui::csrf(ctx))
                                    button type="submit" class="button button-small button-secondary"
                                        aria-label=(tr.ta("desk-view-delete-named", &[("name", v.name.clone().into())])) {
                                        (tr.t("desk-view-delete"))
                                    }
                                }
                            }
                        }
                    }
                }
                form class="ui-form" method="post" action="/requests/views" id="desk-save-view" {
                    (ui::csrf(ctx))
                    input type="hidden" name="query" value=(self.p.with(|_| {}).query_string());
                    (Input::text("name", &name_label).required())
                    (ui::actions(ui::button(&tr.t("desk-view-save"), Variant::Secondary)))
                }
            }
        }
    }

    fn table(&self, rows: &[Request], may_assign: bool) -> Markup {
        let (ctx, tr, p) = (self.ctx, self.tr(), self.p);
        let order = p.order();
        let current = (order.key.as_str(), order.descending);
        let sort_href = |k: &str| p.with(|x| x.sort = Some(k.to_string())).href();
        let mut staff: Vec<&Account> = self
            .people
            .values()
            .filter(|a| a.role.is_secretariat() && !a.disabled)
            .collect();
        staff.sort_by(|a, b| a.name.cmp(&b.name));
        let bulk = may_assign && !staff.is_empty() && !rows.is_empty();
        let assign_label = tr.t("desk-bulk-assignee");
        let table = html! {
            div class="table-scroll" {
                table class="requests ui-table" id="req-table" {
                    thead {
                        tr {
                            @if bulk { th scope="col" { span class="sr-only" { (tr.t("desk-bulk-pick")) } } }
                            th scope="col" { (tr.t("req-col-number")) }
                            th scope="col" { (tr.t("req-col-title")) }
                            th scope="col" { (tr.t("req-col-requester")) }
                            (ui::sort_head(&tr.t("req-col-status"), "status", current, sort_href))
                            (ui::sort_head(&tr.t("req-col-received"), "received", current, sort_href))
                            (ui::sort_head(&tr.t("desk-col-updated"), "updated", current, sort_href))
                            (ui::sort_head(&tr.t("req-col-deadline"), "due", current, sort_href))
                        }
                    }
                    tbody {
                        @for r in rows {
                            tr data-request=(r.id) {
                                @if bulk {
                                    td {
                                        input type="checkbox" name="ids" value=(r.id) id=(format!("pick-{}", r.id)) form="desk-bulk"
                                            aria-label=(tr.ta("desk-bulk-pick-one", &[("title", r.title.clone().into())]));
                                    }
                                }
                                td { (r.id) }
                                td { a href=(format!("/requests/{}", r.id)) { (r.title) } }
                                td { (labels::requester_name(tr, &r.requester)) }
                                td class="req-status" {
                                    (ui::badge(&labels::status_label(tr, r.status), status_tone(r.status)))
                                    @if overdue(r) { " " (ui::badge(&tr.t("req-overdue"), Tone::Danger)) }
                                }
                                td { (tr.date(r.received_at.date())) }
                                td { (tr.date(r.updated_at.date())) }
                                td { @if let Some(d) = r.deadline { (tr.date(d)) } @else { "—" } }
                            }
                        }
                    }
                }
            }
        };
        html! {
            @if rows.is_empty() {
                (ui::empty_state(&tr.t("req-queue-empty"), &tr.t("desk-empty-hint"), None))
            } @else {
                (table)
            }
            @if bulk {
                form class="ui-form" method="post" action="/requests/bulk-assign" id="desk-bulk" {
                    (ui::csrf(ctx))
                    input type="hidden" name="back" value=(p.href());
                    (Select::new("assignee", &assign_label)
                        .options(staff.iter().map(|a| (a.id.to_string(), a.name.clone())))
                        .required()
                        .hint(&tr.t("desk-bulk-hint")))
                    (ui::actions(ui::button(&tr.t("desk-bulk-submit"), Variant::Primary)))
                }
            }
        }
    }
}

/// The colour of a status.
pub fn status_tone(s: Status) -> Tone {
    match s {
        Status::Received => Tone::Warning,
        Status::Triaged | Status::Assigned | Status::InProgress => Tone::Info,
        Status::Delivered | Status::Closed => Tone::Success,
        Status::Declined => Tone::Neutral,
    }
}

/// Where to go back to after a form: a `/requests` address only.
fn back_to(f: &form::Fields) -> String {
    f.get("back")
        .filter(|b| *b == "/requests" || b.starts_with("/requests?"))
        .unwrap_or("/requests")
        .to_string()
}

fn with_param(href: &str, param: &str) -> String {
    if href.contains('?') {
        format!("{href}&{param}")
    } else {
        format!("{href}?{param}")
    }
}

/// `POST /requests/bulk-assign`: assigns each chosen request to one more
/// colleague, each through the same workflow as a single assignment (its
/// history, its notices).
pub async fn bulk_assign(
    State(state): State<AppState>,
    User(user): User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Redirect, PageError> {
    let f = form::parse(&headers, &body)
        .ok_or_else(|| PageError::from(DeskError::BadInput("invalid", String::new())))?;
    let assignee: i64 = f
        .get("assignee")
        .and_then(|a| a.parse().ok())
        .ok_or(DeskError::BadInput("invalid_assignee", String::new()))?;
    let ids: Vec<i64> = f
        .all("ids")
        .into_iter()
        .filter_map(|i| i.parse().ok())
        .collect();
    let mut done = 0;
    for id in ids {
        let r = desk::visible(&state, &user, id).await?;
        if r.assignees.contains(&assignee) {
            continue;
        }
        let mut assignees = r.assignees.clone();
        assignees.push(assignee);
        desk::change(&state, &user, id, Change::Assign { assignees }).await?;
        done += 1;
    }
    Ok(Redirect::to(&with_param(
        &back_to(&f),
        &format!("assigned={done}"),
    )))
}

/// `POST /requests/views`: saves the current filters as a view.
pub async fn save_view(
    State(state): State<AppState>,
    User(user): User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Redirect, PageError> {
    let f = form::parse(&headers, &body)
        .ok_or_else(|| PageError::from(DeskError::BadInput("invalid", String::new())))?;
    let query = f.text("query");
    let query = query.trim_start_matches('?');
    let name = f.text("name");
    if name.trim().is_empty() {
        return Err(DeskError::BadInput("no_view_name", String::new()).into());
    }
    state
        .store
        .save_view(user.id, &name, query)
        .await
        .map_err(DeskError::from)?;
    let href = if query.is_empty() {
        "/requests".to_string()
    } else {
        format!("/requests?{query}")
    };
    Ok(Redirect::to(&with_param(&href, "saved=1")))
}

/// `POST /requests/views/{id}/delete`.
pub async fn delete_view(
    State(state): State<AppState>,
    User(user): User,
    PathId(id): PathId,
) -> Result<Redirect, PageError> {
    match state.store.delete_saved_view(user.id, id).await {
        Ok(()) => Ok(Redirect::to("/requests")),
        Err(southdesk_store::StoreError::NotFound { .. }) => {
            Err(PageError::NotFound("req-not-found"))
        }
        Err(e) => Err(e.into()),
    }
}
