//! The contents of the plan's pages (inside the frame of
//! [`crate::app::layout`]).

use maud::{Markup, html};
use southdesk_plan::{
    Forum, Lang, Localized, Plan, PlanVersion, PlanVersionMeta, Programme, Theme, VersionStatus,
};

use southdesk_calendar::Meeting;
use southdesk_plan::outputs::Output;
use southdesk_store::requests::Request;

use crate::app::i18n::Tr;
use crate::app::labels::{self, requester_name, sdg_label};
use crate::app::layout::column_heads;
use crate::app::ui::{self, Tone};

/// Text of `l` in `lang`, or the best other language if it is missing.
fn loc(l: &Localized, lang: Lang) -> &str {
    l.best(lang)
}

fn themes_in_order(plan: &Plan) -> Vec<&Theme> {
    let mut themes: Vec<&Theme> = plan.themes.iter().collect();
    themes.sort_by_key(|t| t.number);
    themes
}

/// A programme as "ACRONYM — full name".
fn programme_full(plan: &Plan, id: &str, lang: Lang) -> Markup {
    match plan.programme(id) {
        Some(Programme { name, acronym, .. }) => html! {
            span class="programme-tag" { (acronym) } " — " (loc(name, lang))
        },
        None => html! { span class="programme-tag" { (id) } },
    }
}

pub fn status_label(tr: &Tr, status: VersionStatus) -> String {
    tr.t(match status {
        VersionStatus::Draft => "status-draft",
        VersionStatus::Adopted => "status-adopted",
        VersionStatus::Superseded => "status-superseded",
    })
}

// ---- overview -------------------------------------------------------------

pub fn home(tr: &Tr, version: &PlanVersion) -> Markup {
    let lang = tr.lang;
    let plan = &version.plan;
    let themes = themes_in_order(plan);
    let cross = themes.iter().filter(|t| t.is_cross_cutting()).count();
    html! {
        section class="hero" aria-labelledby="page-heading" {
            p class="eyebrow" { (plan.period.to_string()) }
            h1 id="page-heading" { (loc(&plan.title, lang)) }
            p class="lead-text" { (tr.t("home-intro")) }
            @if let Some(date) = version.meta.adopted_on {
                p class="meta" { (tr.ta("home-adopted-on", &[("date", tr.date(date).into())])) }
            }
            ul class="stats" aria-label=(tr.t("home-stats-label")) {
                li { (tr.ta("home-stats-areas", &[("count", themes.len().into())])) }
                li { (tr.ta("home-stats-programmes", &[("count", plan.programmes.len().into())])) }
                li { (tr.ta("home-stats-cross-cutting", &[("count", cross.into())])) }
            }
        }

        section class="section" aria-labelledby="areas-heading" {
            h2 id="areas-heading" { (tr.t("home-areas-heading")) }
            ol class="cards" id="areas" {
                @for t in &themes { (card(tr, plan, t)) }
            }
        }

        div class="section two-col" {
            section aria-labelledby="objectives-heading" {
                h2 id="objectives-heading" { (tr.t("home-objectives-heading")) }
                p class="section-intro" { (tr.t("home-objectives-intro")) }
                (objectives(plan, lang))
            }
            section aria-labelledby="modes-heading" {
                h2 id="modes-heading" { (tr.t("home-modes-heading")) }
                p class="section-intro" { (tr.t("home-modes-intro")) }
                ul class="modes" {
                    @for m in &plan.modes {
                        li data-mode=(m.id) { (loc(&m.title, lang)) }
                    }
                }
            }
        }

        section class="section" aria-labelledby="matrix-heading" id="matrix" {
            h2 id="matrix-heading" { (tr.t("home-matrix-heading")) }
            p class="section-intro" { (tr.t("home-matrix-intro")) }
            (matrix(tr, plan, &themes))
        }
    }
}

/// Topics shown on a card; the area page lists them all.
const CARD_TOPICS: usize = 5;

fn card(tr: &Tr, plan: &Plan, t: &Theme) -> Markup {
    let lang = tr.lang;
    let number = tr.ta("area-number", &[("number", u32::from(t.number).into())]);
    html! {
        li class={ "card" @if t.is_cross_cutting() { " cross-cutting" } } id={ "area-" (t.id) } data-theme=(t.id) {
            div class="card-head" {
                span class="card-number" aria-hidden="true" { (t.number) }
                h3 class="card-title" {
                    a href={ "/themes/" (t.id) } {
                        span class="sr-only" { (number) ": " }
                        (loc(&t.title, lang))
                    }
                }
            }
            p class="card-summary" { (loc(&t.summary, lang)) }
            @if !t.topics.is_empty() {
                ul class="chips" aria-label=(tr.t("label-topics")) {
                    @for topic in t.topics.iter().take(CARD_TOPICS) { li { (loc(&topic.title, lang)) } }
                    @if t.topics.len() > CARD_TOPICS {
                        li class="chip-more" {
                            (tr.ta("card-more-topics", &[("count", (t.topics.len() - CARD_TOPICS).into())]))
                        }
                    }
                }
            }
            div class="card-foot" {
                p class="card-lead" {
                    span class="label" { (tr.t("label-lead-programme")) }
                    (programme_full(plan, &t.lead, lang))
                }
                @if t.is_cross_cutting() {
                    p { span class="badge" { (tr.t("badge-cross-cutting")) } }
                }
            }
        }
    }
}

fn objectives(plan: &Plan, lang: Lang) -> Markup {
    html! {
        ol class="objectives" {
            @for o in &plan.objectives {
                li id={ "objective-" (o.id) } {
                    span class="objective-id" aria-hidden="true" { "(" (o.id) ")" }
                    h3 { (loc(&o.title, lang)) }
                    @let text = loc(&o.text, lang);
                    @if !text.is_empty() { p { (text) } }
                }
            }
        }
    }
}

fn matrix(tr: &Tr, plan: &Plan, themes: &[&Theme]) -> Markup {
    let lang = tr.lang;
    let lead_label = tr.t("role-lead");
    let supporting_label = tr.t("role-supporting");
    html! {
        div class="table-scroll" role="region" aria-labelledby="matrix-caption" tabindex="0" {
            table class="matrix" {
                caption id="matrix-caption" { (tr.t("matrix-caption")) }
                thead {
                    tr {
                        th scope="col" { (tr.t("matrix-area-column")) }
                        @for p in &plan.programmes {
                            th scope="col" { abbr title=(loc(&p.name, lang)) { (p.acronym) } }
                        }
                    }
                }
                tbody {
                    @for t in themes {
                        tr class=[t.is_cross_cutting().then_some("cross-cutting")] data-theme=(t.id) {
                            th scope="row" {
                                a href={ "/themes/" (t.id) } {
                                    span class="num" { (t.number) }
                                    (loc(&t.title, lang))
                                }
                                @if t.is_cross_cutting() {
                                    " " span class="badge" { (tr.t("badge-cross-cutting")) }
                                }
                            }
                            @for p in &plan.programmes {
                                @if t.lead == p.id {
                                    td class="cell-lead" {
                                        span class="mark mark-lead" aria-hidden="true" {}
                                        span class="sr-only" { (lead_label) }
                                    }
                                } @else if t.supporting.contains(&p.id) {
                                    td class="cell-supporting" {
                                        span class="mark mark-supporting" aria-hidden="true" {}
                                        span class="sr-only" { (supporting_label) }
                                    }
                                } @else {
                                    td class="cell-none" {}
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 class="sr-only" id="legend-heading" { (tr.t("legend-heading")) }
        ul class="legend" aria-labelledby="legend-heading" {
            li { span class="mark mark-lead" aria-hidden="true" {} (tr.t("legend-lead")) }
            li { span class="mark mark-supporting" aria-hidden="true" {} (tr.t("legend-supporting")) }
            li { span class="swatch-cross" aria-hidden="true" {} (tr.t("legend-cross-cutting")) }
        }
        dl class="programme-key" {
            @for p in &plan.programmes {
                dt { (p.acronym) }
                dd { (loc(&p.name, lang)) }
            }
        }
    }
}

// ---- area page --------------------------------------------------------------

/// The work on an area, as its reader may see it (gathered by
/// `super::pages::theme`).
pub struct AreaHub {
    /// The latest outputs of the area, newest first.
    pub recent: Vec<Output>,
    /// How many outputs of the area the reader may read.
    pub outputs_total: u64,
    /// Outputs most often linked as answers to the area's requests and to
    /// its meetings, with that count.
    pub most_cited: Vec<(Output, u64)>,
    /// The meetings of the area still to come, soonest first.
    pub upcoming: Vec<Meeting>,
    /// Open requests of the area (confidential ones only if readable).
    pub open_count: u64,
    /// Some of them, for a reader who works with requests.
    pub open_requests: Option<Vec<Request>>,
    /// SDGs of the area's outputs with how many outputs touch each.
    pub sdgs: Vec<(u8, u64)>,
    /// Absolute addresses of the area's Atom feed and iCalendar feed.
    pub atom: String,
    pub ics: String,
    pub webcal: String,
}

fn hub_outputs(tr: &Tr, list: &[&Output]) -> Markup {
    html! {
        ul class="plain-list home-list" {
            @for o in list {
                li {
                    a href={ "/outputs/" (o.id) } { (o.best_version(tr.lang).title) }
                    " " span class="muted" { (o.date.to_string()) }
                }
            }
        }
    }
}

/// The work on the area: figures, outputs, meetings, requests, SDGs, feeds.
fn area_hub(tr: &Tr, t: &Theme, h: &AreaHub) -> Markup {
    let id = &t.id;
    let outputs_href = format!("/themes/{id}/outputs");
    let meetings_href = format!("/meetings/themes/{id}");
    let requests_href = format!("/requests?theme={id}");
    let recent: Vec<&Output> = h.recent.iter().collect();
    let cited: Vec<&Output> = h.most_cited.iter().map(|(o, _)| o).collect();
    html! {
        section class="section area-hub" aria-labelledby="work-heading" {
            h2 id="work-heading" { (tr.t("area-work-heading")) }
            div class="ui-stats" {
                (ui::stat(&tr.t("area-stat-outputs"), &h.outputs_total.to_string(), Some(&outputs_href), Tone::Neutral))
                (ui::stat(&tr.t("area-stat-open-requests"), &h.open_count.to_string(),
                    h.open_requests.is_some().then_some(requests_href.as_str()), Tone::Neutral))
                (ui::stat(&tr.t("area-stat-meetings"), &h.upcoming.len().to_string(), Some(&meetings_href), Tone::Neutral))
            }
            div class="area-grid" {
                section id="area-recent" aria-labelledby="recent-heading" {
                    h3 id="recent-heading" { (tr.t("area-recent-heading")) }
                    @if recent.is_empty() {
                        (ui::empty_state(&tr.t("area-recent-empty"), "", Some(("/outputs", &tr.t("area-all-outputs")))))
                    } @else {
                        (hub_outputs(tr, &recent))
                        p class="meta" { a href=(outputs_href) { (tr.t("area-all-outputs-of")) } }
                    }
                }
                section id="area-cited" aria-labelledby="cited-heading" {
                    h3 id="cited-heading" { (tr.t("area-cited-heading")) }
                    @if cited.is_empty() {
                        p class="muted" { (tr.t("area-cited-empty")) }
                    } @else {
                        ul class="plain-list home-list" {
                            @for (o, n) in &h.most_cited {
                                li {
                                    a href={ "/outputs/" (o.id) } { (o.best_version(tr.lang).title) }
                                    " " (ui::badge(&tr.ta("area-cited-times", &[("count", (*n as i64).into())]), Tone::Info))
                                }
                            }
                        }
                    }
                }
                section id="area-meetings" aria-labelledby="area-meetings-heading" {
                    h3 id="area-meetings-heading" { (tr.t("area-meetings-heading")) }
                    @if h.upcoming.is_empty() {
                        p class="muted" { (tr.t("area-meetings-empty")) }
                    } @else {
                        ul class="plain-list home-list" {
                            @for m in h.upcoming.iter().take(5) {
                                li {
                                    a href={ "/meetings/" (m.id) } { (m.data.title) }
                                    " " span class="muted" { (m.data.when.first_day().to_string()) }
                                    @if let Some(v) = &m.data.venue { span class="muted" { " · " (v) } }
                                }
                            }
                        }
                    }
                    p class="meta" { a href=(meetings_href) { (tr.t("area-meetings-all")) } }
                }
                section id="area-requests" aria-labelledby="area-requests-heading" {
                    h3 id="area-requests-heading" { (tr.t("area-requests-heading")) }
                    p { (tr.ta("area-requests-count", &[("count", (h.open_count as i64).into())])) }
                    @if let Some(list) = &h.open_requests {
                        @if !list.is_empty() {
                            ul class="plain-list home-list" {
                                @for r in list {
                                    li data-request=(r.id) {
                                        a href={ "/requests/" (r.id) } { (r.title) }
                                        " " span class="muted" { (requester_name(tr, &r.requester)) " · " (labels::status_label(tr, r.status)) }
                                    }
                                }
                            }
                        }
                        p class="meta" { a href=(requests_href) { (tr.t("area-requests-all")) } }
                    }
                }
                section id="area-sdgs" aria-labelledby="area-sdgs-heading" {
                    h3 id="area-sdgs-heading" { (tr.t("area-sdgs-heading")) }
                    @if h.sdgs.is_empty() {
                        p class="muted" { (tr.t("area-sdgs-empty")) }
                    } @else {
                        ul class="plain-list home-list" {
                            @for (g, n) in &h.sdgs {
                                li {
                                    a href={ "/outputs?theme=" (id) "&sdg=" (g) } { (sdg_label(tr, *g)) }
                                    " " span class="muted" { (tr.ta("area-sdg-outputs", &[("count", (*n as i64).into())])) }
                                }
                            }
                        }
                    }
                }
                section id="area-feeds" aria-labelledby="area-feeds-heading" {
                    h3 id="area-feeds-heading" { (tr.t("area-feeds-heading")) }
                    ul class="plain-list" {
                        li { a href=(h.atom) type="application/atom+xml" { (tr.t("area-feed-atom")) } }
                        li { a href=(h.webcal) { (tr.t("area-feed-webcal")) } }
                        li {
                            label for="area-ics" { (tr.t("area-feed-ics")) }
                            input type="text" readonly id="area-ics" class="cal-sub-url" value=(h.ics);
                        }
                    }
                }
            }
        }
    }
}

pub fn theme(tr: &Tr, plan: &Plan, t: &Theme, hub: &AreaHub) -> Markup {
    let lang = tr.lang;
    let themes = themes_in_order(plan);
    let pos = themes.iter().position(|x| x.id == t.id);
    let prev = pos
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| themes.get(i));
    let next = pos.and_then(|i| themes.get(i + 1));
    let number = tr.ta("area-number", &[("number", u32::from(t.number).into())]);
    let forums: Vec<&Forum> = t.forums.iter().filter_map(|id| plan.forum(id)).collect();
    html! {
        header class="area-header" {
            p class="eyebrow" {
                span { (number) }
                @if t.is_cross_cutting() { span class="badge" { (tr.t("badge-cross-cutting")) } }
            }
            h1 id="page-heading" { (loc(&t.title, lang)) }
            p class="lead-text" { (loc(&t.summary, lang)) }
        }
        (area_hub(tr, t, hub))
        div class="area-grid" {
            section class="wide" aria-labelledby="topics-heading" {
                h2 id="topics-heading" { (tr.t("label-topics")) }
                @if t.topics.is_empty() {
                    p class="muted" { (tr.t("area-no-topics")) }
                } @else {
                    ul class="topic-list" {
                        @for topic in &t.topics { li { (loc(&topic.title, lang)) } }
                    }
                }
            }
            section aria-labelledby="programmes-heading" {
                h2 id="programmes-heading" { (tr.t("area-programmes-heading")) }
                dl class="roles" {
                    dt { (tr.t("label-lead-programme")) }
                    dd { (programme_full(plan, &t.lead, lang)) }
                    dt { (tr.t("label-supporting-programmes")) }
                    @if t.supporting.is_empty() {
                        dd class="muted" { (tr.t("area-no-supporting")) }
                    } @else {
                        dd {
                            ul class="plain-list" {
                                @for id in &t.supporting { li { (programme_full(plan, id, lang)) } }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="forums-heading" {
                h2 id="forums-heading" { (tr.t("area-forums-heading")) }
                @if forums.is_empty() {
                    p class="muted" { (tr.t("area-no-forums")) }
                } @else {
                    ul class="forums" {
                        @for f in &forums { li { (forum(f, lang)) } }
                    }
                }
            }
            section class="wide" aria-labelledby="objectives-heading" {
                h2 id="objectives-heading" { (tr.t("area-objectives-heading")) }
                p class="section-intro" { (tr.t("area-objectives-intro")) }
                (objectives(plan, lang))
            }
        }
        @if prev.is_some() || next.is_some() {
            nav class="pager" aria-label=(tr.t("area-pager-label")) {
                @if let Some(p) = prev {
                    a rel="prev" href={ "/themes/" (p.id) } {
                        span class="label" { "← " (tr.t("area-previous")) }
                        span { (loc(&p.title, lang)) }
                    }
                }
                @if let Some(n) = next {
                    a rel="next" href={ "/themes/" (n.id) } {
                        span class="label" { (tr.t("area-next")) " →" }
                        span { (loc(&n.title, lang)) }
                    }
                }
            }
        }
        p class="meta data-link" { a href={ "/api/v1/plan/themes/" (t.id) } type="application/json" { (tr.t("area-json")) } }
    }
}

fn forum(f: &Forum, lang: Lang) -> Markup {
    let acronym = loc(&f.acronym, lang);
    let name = loc(&f.name, lang);
    html! {
        @if acronym.is_empty() || acronym == name {
            span { (name) }
        } @else {
            abbr class="forum-acronym" title=(name) { (acronym) }
            span { (name) }
        }
    }
}

// ---- versions ---------------------------------------------------------------

pub fn versions(tr: &Tr, versions: &[PlanVersionMeta]) -> Markup {
    html! {
        h1 id="page-heading" { (tr.t("versions-title")) }
        p class="lead-text" { (tr.t("versions-intro")) }
        @if versions.is_empty() {
            p class="notice" { (tr.t("versions-empty")) }
        } @else {
            div class="table-scroll" role="region" aria-labelledby="versions-caption" tabindex="0" {
                table class="versions" {
                    caption id="versions-caption" { (tr.t("versions-caption")) }
                    (column_heads(tr, &["versions-col-label", "versions-col-period", "versions-col-status", "versions-col-adopted", "versions-col-areas", "versions-col-data"]))
                    tbody {
                        @for v in versions {
                            tr data-version=(v.id) {
                                th scope="row" { (v.label) }
                                td { (v.period.to_string()) }
                                td { span class={ "status status-" (v.status.as_str()) } { (status_label(tr, v.status)) } }
                                td {
                                    @if let Some(d) = v.adopted_on {
                                        time datetime=(d.to_string()) { (tr.date(d)) }
                                    } @else {
                                        span class="muted" { (tr.t("versions-not-adopted")) }
                                    }
                                }
                                td { (v.themes) }
                                td { a href={ "/api/v1/plan/versions/" (v.id) } type="application/json" { "JSON" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

// ---- open data page ---------------------------------------------------------

/// The groups of the open data page, in the order shown, with their
/// heading's message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiGroup {
    Plan,
    Outputs,
    Meetings,
    Atom,
    Oai,
    Tag,
    Other,
    Service,
}

impl ApiGroup {
    /// The group of a public address; `None` for what the page does not
    /// list (pages, static files, stored files, the docs' own files).
    pub fn of(path: &str) -> Option<ApiGroup> {
        Some(if path.starts_with("/api/v1/plan") {
            ApiGroup::Plan
        } else if path.starts_with("/api/v1/outputs") || path.starts_with("/api/v1/search") {
            ApiGroup::Outputs
        } else if path.starts_with("/api/v1/meetings") || path.ends_with(".ics") {
            ApiGroup::Meetings
        } else if path.starts_with("/feeds/") {
            ApiGroup::Atom
        } else if path == "/oai" {
            ApiGroup::Oai
        } else if path == "/api/v1/tag" {
            ApiGroup::Tag
        } else if path == "/healthz" || path == crate::app::system::OPENAPI_PATH {
            ApiGroup::Service
        } else if path.starts_with("/api/v1/") {
            ApiGroup::Other
        } else {
            return None;
        })
    }

    fn heading_id(self) -> &'static str {
        match self {
            ApiGroup::Plan => "api-group-plan",
            ApiGroup::Outputs => "api-group-outputs",
            ApiGroup::Meetings => "api-group-meetings",
            ApiGroup::Atom => "api-group-atom",
            ApiGroup::Oai => "api-group-oai",
            ApiGroup::Tag => "api-group-tag",
            ApiGroup::Other => "api-group-other",
            ApiGroup::Service => "api-group-service",
        }
    }
}

/// One line of the open data page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiEndpoint {
    pub group: ApiGroup,
    pub method: String,
    pub path: String,
    /// The OpenAPI summary (English), shown when no translated line exists.
    pub summary: Option<String>,
}

/// The translated line of each address (the message id).
const ENDPOINT_TEXT: &[(&str, &str, &str)] = &[
    ("GET", "/api/v1/plan", "api-ep-plan"),
    ("GET", "/api/v1/plan/themes/{id}", "api-ep-theme"),
    ("GET", "/api/v1/plan/versions", "api-ep-versions"),
    ("GET", "/api/v1/plan/versions/{id}", "api-ep-version"),
    ("GET", "/api/v1/outputs", "api-ep-outputs"),
    ("GET", "/api/v1/outputs/{id}", "api-ep-output"),
    ("GET", "/api/v1/search", "api-ep-search"),
    ("GET", "/api/v1/meetings", "api-ep-meetings"),
    ("GET", "/api/v1/meetings/{id}", "api-ep-meeting"),
    ("GET", "/api/v1/organisations", "api-ep-organisations"),
    ("GET", "/meetings/feed.ics", "api-ep-ics-all"),
    ("GET", "/meetings/themes/{id}/feed.ics", "api-ep-ics-theme"),
    ("GET", "/meetings/forums/{id}/feed.ics", "api-ep-ics-forum"),
    (
        "GET",
        "/meetings/programmes/{id}/feed.ics",
        "api-ep-ics-programme",
    ),
    ("GET", "/feeds/outputs.atom", "api-ep-atom-outputs"),
    ("GET", "/feeds/themes/{file}", "api-ep-atom-theme"),
    ("GET", "/feeds/series/{file}", "api-ep-atom-series"),
    ("GET", "/oai", "api-ep-oai"),
    ("POST", "/api/v1/tag", "api-ep-tag"),
    ("GET", "/healthz", "api-ep-health"),
    ("GET", "/api/openapi.json", "api-ep-openapi"),
];

/// The public addresses of the app, grouped: every route anyone may use
/// that answers data (the JSON API, feeds, OAI-PMH), and every operation of
/// the OpenAPI document that needs no token, with its summary.
pub fn api_endpoints(catalogue: &crate::app::state::ApiCatalogue) -> Vec<ApiEndpoint> {
    let summary = |method: &str, path: &str| -> Option<String> {
        let item = catalogue.openapi.paths.paths.get(path)?;
        let op = match method {
            "GET" => item.get.as_ref(),
            "POST" => item.post.as_ref(),
            _ => None,
        }?;
        op.summary.clone()
    };
    let mut out: Vec<ApiEndpoint> = Vec::new();
    let mut push = |method: &str, path: &str| {
        let Some(group) = ApiGroup::of(path) else {
            return;
        };
        if out.iter().any(|e| e.method == method && e.path == path) {
            return;
        }
        out.push(ApiEndpoint {
            group,
            method: method.to_string(),
            path: path.to_string(),
            summary: summary(method, path),
        });
    };
    for r in &catalogue.routes {
        let data = r.method == axum::http::Method::GET || r.path.starts_with("/api/v1/");
        if r.public && data {
            push(r.method.as_str(), r.path);
        }
    }
    for (path, item) in &catalogue.openapi.paths.paths {
        for (method, op) in [("GET", &item.get), ("POST", &item.post)] {
            if let Some(op) = op
                && op.security.as_ref().is_none_or(|s| s.is_empty())
            {
                push(method, path);
            }
        }
    }
    // Grouped, in route-table order within a group.
    out.sort_by_key(|e| e.group);
    out
}

pub fn open_data(tr: &Tr, endpoints: &[ApiEndpoint]) -> Markup {
    let example = r#"HTTP/1.1 404 Not Found
Content-Type: application/json

{"error": {"code": "not_found", "message": "no thematic area \"xyz\" in the adopted plan"}}"#;
    let groups: Vec<ApiGroup> = {
        let mut g: Vec<ApiGroup> = endpoints.iter().map(|e| e.group).collect();
        g.dedup();
        g
    };
    html! {
        h1 id="page-heading" { (tr.t("api-title")) }
        p class="lead-text" { (tr.t("api-intro")) }
        p { a href="/api/docs/" hreflang="en" { (tr.t("api-docs-link")) } }
        section class="section" aria-labelledby="endpoints-heading" {
            h2 id="endpoints-heading" { (tr.t("api-endpoints-heading")) }
            @for g in &groups {
                h3 id={ "api-" (g.heading_id()) } { (tr.t(g.heading_id())) }
                div class="table-scroll" {
                    table aria-labelledby={ "api-" (g.heading_id()) } {
                        (column_heads(tr, &["api-col-address", "api-col-content"]))
                        tbody {
                            @for e in endpoints.iter().filter(|e| e.group == *g) {
                                tr {
                                    td { (endpoint_address(e)) }
                                    td { (endpoint_text(tr, e)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section class="section" aria-labelledby="docs-heading" {
            h2 id="docs-heading" { (tr.t("api-docs-heading")) }
            p { (tr.t("api-docs-text")) }
            ul class="plain-list" {
                li { a href="/api/docs/" hreflang="en" { (tr.t("api-docs-link")) } }
                li { a href="/api/openapi.json" type="application/json" { (tr.t("api-spec-link")) } }
            }
        }
        section class="section" aria-labelledby="errors-heading" {
            h2 id="errors-heading" { (tr.t("api-errors-heading")) }
            p { (tr.t("api-errors-text")) }
            pre lang="en" translate="no" { code { (example) } }
        }
    }
}

fn endpoint_address(e: &ApiEndpoint) -> Markup {
    let href = if e.method != "GET" || e.path.contains('{') {
        None
    } else if e.path == "/oai" {
        Some("/oai?verb=Identify".to_string())
    } else {
        Some(e.path.clone())
    };
    html! {
        code {
            (e.method) " "
            @match href {
                Some(h) => a href=(h) { (e.path) },
                None => span translate="no" { (e.path) },
            }
        }
    }
}

fn endpoint_text(tr: &Tr, e: &ApiEndpoint) -> Markup {
    let id = ENDPOINT_TEXT
        .iter()
        .find(|(m, p, _)| *m == e.method && *p == e.path)
        .map(|t| t.2);
    html! {
        @match (id, &e.summary) {
            (Some(id), _) => (tr.t(id)),
            (None, Some(s)) => span lang="en" { (s) },
            (None, None) => {},
        }
    }
}

// ---- messages -----------------------------------------------------------------
