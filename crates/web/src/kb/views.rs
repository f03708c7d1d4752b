//! The knowledge base's pages (maud).

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use southdesk_kb::search::{SearchParams, SearchResponse, facet_param};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::outputs::{Output, OutputType, TagKind, Visibility, series_slug};
use southdesk_plan::{Lang, Plan};
use southdesk_search::Facet;
use southdesk_store::OutputPage;

use super::shared::{PER_PAGE, facts};
use crate::app::Ctx;
use crate::app::PageError;
use crate::app::i18n::Tr;
use crate::app::layout::{Nav, page, page_with_feeds};
use crate::app::notice::html_response;
use crate::app::ui;
use southdesk_kb::KbError;

pub fn type_label(tr: &Tr, t: OutputType) -> String {
    tr.t(&format!("kb-type-{}", t.as_str()))
}

pub fn visibility_label(tr: &Tr, v: Visibility) -> String {
    tr.t(&format!("kb-visibility-{}", v.as_str()))
}

fn facet_label(tr: &Tr, f: Facet) -> String {
    tr.t(&format!("kb-facet-{}", facet_param(f)))
}

/// How a facet value reads: theme and programme names from the plan,
/// type names and language names, SDG numbers.
fn value_label(tr: &Tr, plan: Option<&Plan>, f: Facet, value: &str) -> String {
    match f {
        Facet::Type => OutputType::parse(value).map_or(value.to_string(), |t| type_label(tr, t)),
        Facet::Theme => plan
            .and_then(|p| p.theme(value))
            .map_or(value.to_string(), |t| t.title.best(tr.lang).to_string()),
        Facet::Programme => plan
            .and_then(|p| p.programme(value))
            .map_or(value.to_string(), |p| p.acronym.clone()),
        Facet::Forum => plan
            .and_then(|p| p.forum(value))
            .map_or(value.to_string(), |f| f.acronym.best(tr.lang).to_string()),
        Facet::Sdg => tr.ta("tag-sdg-number", &[("goal", value.to_string().into())]),
        Facet::Lang => Lang::parse(value).map_or(value.to_string(), |l| l.endonym().to_string()),
        Facet::Series => southdesk_kb::series::display_name(value, tr.lang),
        _ => value.to_string(),
    }
}

/// The series and number of an output in the reader's language
/// (`Note de politique n° 150`).
fn series_text(o: &Output, lang: Lang) -> Option<String> {
    o.series
        .as_deref()
        .map(|s| southdesk_kb::series::display_label(s, o.number.as_deref(), lang))
}

/// What a result list says when it has nothing to show: an empty
/// catalogue, a page past the last one, or no match.
fn no_hits(tr: &Tr, total: u64, searching: bool, first_page: &str, may_add: bool) -> Markup {
    if total > 0 {
        ui::empty_state(
            &tr.t("kb-past-last-title"),
            &tr.t("kb-past-last-text"),
            Some((first_page, &tr.t("kb-past-last-link"))),
        )
    } else if !searching {
        let add = tr.t("kb-new");
        ui::empty_state(
            &tr.t("kb-empty-title"),
            &tr.t(if may_add {
                "kb-empty-text-staff"
            } else {
                "kb-empty-text"
            }),
            may_add.then_some(("/outputs/new", add.as_str())),
        )
    } else {
        ui::empty_state(&tr.t("kb-no-results-title"), &tr.t("kb-no-results"), None)
    }
}

/// A short page with a title and a message.
pub fn message_page(ctx: &Ctx, status: StatusCode, title: &str, text: &str) -> Response {
    titled_page(
        ctx,
        status,
        title,
        html! {
            p class="notice" role="alert" { (text) }
            p { a href="/outputs" { (ctx.tr.t("kb-back-to-list")) } }
        },
    )
}

/// A page of the catalogue with `title` as its heading above `body`.
pub fn titled_page(ctx: &Ctx, status: StatusCode, title: &str, body: Markup) -> Response {
    html_response(
        status,
        page(
            ctx,
            Nav::Outputs,
            title,
            html! {
                h1 { (title) }
                (body)
            },
        ),
    )
}

fn export_links(tr: &Tr, base: &str) -> Markup {
    let sep = if base.contains('?') { '&' } else { '?' };
    html! {
        p class="exports" {
            (tr.t("kb-export")) " "
            @for (f, label) in [("bibtex", "BibTeX"), ("ris", "RIS"), ("csljson", "CSL-JSON"), ("csv", "CSV")] {
                a class="export-link" href=(format!("{base}{sep}format={f}")) rel="nofollow" { (label) } " "
            }
        }
    }
}

fn feed_link(tr: &Tr, href: &str) -> Markup {
    html! {
        p class="feed" { a href=(href) type="application/atom+xml" class="feed-link" { (tr.t("kb-feed-link")) } }
    }
}

/// `/outputs`: search box, facets with counts, results.
/// What the list page adds for those who manage the catalogue.
pub struct StaffView {
    /// The visibility of each output on the page.
    pub visibility: std::collections::HashMap<i64, Visibility>,
    /// What the last bulk change did: how many outputs, made what.
    pub done: Option<(usize, Visibility)>,
}

fn visibility_tone(v: Visibility) -> ui::Tone {
    match v {
        Visibility::Public => ui::Tone::Success,
        Visibility::Internal => ui::Tone::Neutral,
        Visibility::Confidential => ui::Tone::Warning,
    }
}

/// The bar above the results: choose a visibility, apply it to the ticked
/// outputs (their checkboxes belong to this form through `form=`).
fn bulk_bar(ctx: &Ctx, back: &str) -> Markup {
    let tr = &ctx.tr;
    html! {
        form id="bulk-visibility" method="post" action="/outputs/visibility" class="bulk-bar" {
            (ui::csrf(ctx))
            input type="hidden" name="back" value=(back);
            label for="bulk-to" { (tr.t("kb-bulk-to")) }
            select id="bulk-to" name="to" {
                @for v in Visibility::ALL {
                    option value=(v.as_str()) selected[v == Visibility::Public] { (visibility_label(tr, v)) }
                }
            }
            button type="submit" class="button" id="bulk-apply" { (tr.t("kb-bulk-apply")) }
        }
    }
}

pub fn search_page(
    ctx: &Ctx,
    params: &SearchParams,
    r: &SearchResponse,
    plan: Option<&Plan>,
    staff: Option<&StaffView>,
) -> Markup {
    let tr = &ctx.tr;
    let title = tr.t("kb-title");
    let mut feeds = vec![(tr.t("kb-feed-all"), "/feeds/outputs.atom".to_string())];
    if let [theme] = params.values(Facet::Theme).as_slice() {
        feeds.push((
            value_label(tr, plan, Facet::Theme, theme),
            format!("/feeds/themes/{theme}.atom"),
        ));
    }
    let query_without_page = params.to_query(None);
    let list_url = if query_without_page.is_empty() {
        "/outputs".to_string()
    } else {
        format!("/outputs?{query_without_page}")
    };
    let toggle = |f: Facet, value: &str| -> String {
        let mut p = params.clone();
        p.page = 1;
        let key = (f, value.to_string());
        if p.filters.contains(&key) {
            p.filters.retain(|k| *k != key);
        } else {
            p.filters.push(key);
        }
        let q = p.to_query(None);
        if q.is_empty() {
            "/outputs".into()
        } else {
            format!("/outputs?{q}")
        }
    };
    let pages = r.total.div_ceil(r.per_page.max(1));
    // This very page, to come back to after a bulk change.
    let back = {
        let q = params.to_query(Some(r.page));
        if q.is_empty() {
            "/outputs".to_string()
        } else {
            format!("/outputs?{q}")
        }
    };
    let main = html! {
        h1 { (title) }
        form method="get" action="/outputs" class="search-form" role="search" {
            label for="q" { (tr.t("kb-search-label")) }
            input type="search" id="q" name="q" value=(params.q) placeholder=(tr.t("kb-search-placeholder"));
            @for (f, v) in &params.filters {
                input type="hidden" name=(facet_param(*f)) value=(v);
            }
            button type="submit" class="button" { (tr.t("kb-search-button")) }
        }
        @if allowed(ctx.user(), &Action::CreateOutput) {
            p { a class="button" href="/outputs/new" { (tr.t("kb-new")) } }
        }
        div class="kb-layout" {
            aside class="facets" aria-label=(tr.t("kb-facets-label")) {
                @for f in Facet::ALL {
                    @let counts = r.facet(f);
                    @if !counts.is_empty() {
                        section class="facet" data-facet=(facet_param(f)) {
                            h2 { (facet_label(tr, f)) }
                            ul {
                                @for c in counts.iter().take(20) {
                                    @let active = params.filters.contains(&(f, c.value.clone()));
                                    li {
                                        a href=(toggle(f, &c.value)) class=(if active { "facet-value active" } else { "facet-value" })
                                            aria-pressed=(if active { "true" } else { "false" }) {
                                            (value_label(tr, plan, f, &c.value))
                                            " " span class="count" { "(" (c.count) ")" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section class="results" {
                @if let Some((n, v)) = staff.and_then(|s| s.done) {
                    (ui::flash(ui::Tone::Success, &tr.ta("kb-bulk-done", &[("count", (n as i64).into()), ("to", visibility_label(tr, v).into())])))
                }
                @if r.hits.is_empty() {
                    (no_hits(tr, r.total as u64, !params.q.trim().is_empty() || !params.filters.is_empty(), "/outputs", allowed(ctx.user(), &Action::CreateOutput)))
                } @else {
                    p class="result-count" { (tr.ta("kb-results-count", &[("count", (r.total as i64).into())])) }
                    @if staff.is_some() {
                        (bulk_bar(ctx, &back))
                    }
                }
                ol class="hits" {
                    @for h in &r.hits {
                        li class="hit" {
                            @if staff.is_some() {
                                input type="checkbox" class="hit-pick" name="id" value=(h.output_id) form="bulk-visibility" id={ "pick-" (h.output_id) };
                                label for={ "pick-" (h.output_id) } class="sr-only" { (tr.ta("kb-bulk-pick", &[("title", h.title.clone().into())])) }
                                " "
                            }
                            a class="hit-title" href=(h.url) lang=(h.lang.code()) { (PreEscaped(&h.title_html)) }
                            " " span class="badge lang-badge" title=(tr.t("kb-hit-language")) { (h.lang.endonym()) }
                            @if let Some(v) = staff.and_then(|s| s.visibility.get(&h.output_id)) {
                                " " span class="hit-visibility" data-visibility=(v.as_str()) { (ui::badge(&visibility_label(tr, *v), visibility_tone(*v))) }
                            }
                            p class="hit-meta" {
                                @if let Some(t) = OutputType::parse(&h.output_type) { (type_label(tr, t)) }
                                @if let Some(d) = &h.date { " · " (d) }
                                @if !h.also_in.is_empty() {
                                    // The output's other matching versions (one hit per output).
                                    " · " span class="also-in" {
                                        (tr.t("kb-hit-also-in")) " "
                                        @for (i, l) in h.also_in.iter().enumerate() {
                                            @if i > 0 { ", " }
                                            span lang=(l.code()) data-lang=(l.code()) { (l.endonym()) }
                                        }
                                    }
                                }
                            }
                            @if !h.snippet_html.is_empty() {
                                p class="snippet" lang=(h.lang.code()) { (PreEscaped(&h.snippet_html)) }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    nav class="pagination" aria-label=(tr.t("kb-pages-label")) {
                        @if r.page > 1 {
                            a rel="prev" href=(format!("/outputs?{}", params.to_query(Some(r.page - 1)))) { (tr.t("kb-prev")) }
                        }
                        " " span { (tr.ta("kb-page-of", &[("page", (r.page as i64).into()), ("pages", (pages as i64).into())])) } " "
                        @if r.page < pages {
                            a rel="next" href=(format!("/outputs?{}", params.to_query(Some(r.page + 1)))) { (tr.t("kb-next")) }
                        }
                    }
                }
                (export_links(tr, &list_url))
                (feed_link(tr, "/feeds/outputs.atom"))
            }
        }
    };
    page_with_feeds(ctx, Nav::Outputs, &title, &feeds, main)
}

fn size_label(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{:.0} kB", bytes as f64 / 1_000.0)
    } else {
        format!("{bytes} B")
    }
}

/// `/outputs/{id}`: every language version of one output.
/// `partners`: the organisations it was done with ([`crate::app::partners::facts`]).
pub fn output_page(ctx: &Ctx, o: &Output, plan: Option<&Plan>, partners: Markup) -> Markup {
    let tr = &ctx.tr;
    let lang = ctx.lang();
    let main_version = o.best_version(lang);
    let may_edit = allowed(ctx.user(), &Action::EditOutput(facts(o)));
    let themes: Vec<(String, String)> = o
        .themes
        .iter()
        .map(|t| (t.clone(), value_label(tr, plan, Facet::Theme, t)))
        .collect();
    let main = html! {
        article class="output" data-output-id=(o.id) {
            h1 lang=(main_version.lang.code()) { (main_version.title) }
            @if o.visibility != Visibility::Public {
                p class="badge visibility" { (visibility_label(tr, o.visibility)) }
            }
            dl class="output-meta" {
                dt { (tr.t("kb-field-type")) } dd { (type_label(tr, o.output_type)) }
                @if let (Some(series), Some(label)) = (&o.series, series_text(o, lang)) {
                    dt { (tr.t("kb-field-series")) }
                    dd { a href=(format!("/series/{}", series_slug(series))) { (label) } }
                }
                dt { (tr.t("kb-field-date")) } dd { time datetime=(o.date.to_string()) { (tr.date(o.date)) } }
                @if !o.authors.is_empty() {
                    dt { (tr.t("kb-field-authors")) }
                    dd {
                        @for (i, a) in o.authors.iter().enumerate() {
                            @if i > 0 { ", " }
                            (a.name)
                            @if let Some(aff) = &a.affiliation { " (" (aff) ")" }
                        }
                    }
                }
                (partners)
                @if !o.programmes.is_empty() {
                    dt { (tr.t("kb-field-programmes")) }
                    dd {
                        @for (i, p) in o.programmes.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(format!("/programmes/{p}/outputs")) { (value_label(tr, plan, Facet::Programme, p)) }
                        }
                    }
                }
                @if !o.forums.is_empty() {
                    dt { (tr.t("kb-field-forums")) }
                    dd { (o.forums.iter().map(|f| value_label(tr, plan, Facet::Forum, f)).collect::<Vec<_>>().join(", ")) }
                }
                @if !o.countries.is_empty() {
                    dt { (tr.t("kb-field-countries")) } dd { (o.countries.join(", ")) }
                }
                @if !themes.is_empty() {
                    dt { (tr.t("kb-field-themes")) }
                    dd {
                        @for (i, (id, label)) in themes.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(format!("/themes/{id}/outputs")) { (label) }
                        }
                    }
                }
                @if !o.sdgs.is_empty() {
                    dt { (tr.t("kb-field-sdgs")) }
                    dd { (o.sdgs.iter().map(|s| value_label(tr, plan, Facet::Sdg, &s.to_string())).collect::<Vec<_>>().join(", ")) }
                }
                dt { (tr.t("kb-field-languages")) }
                dd { (o.versions.iter().map(|v| v.lang.endonym()).collect::<Vec<_>>().join(", ")) }
            }
            @if may_edit {
                p { a class="button" href=(format!("/outputs/{}/edit", o.id)) { (tr.t("kb-edit")) } }
                @if !o.tags_confirmed {
                    p class="notice" { (tr.t("kb-tags-unconfirmed")) }
                }
            }
            @for v in &o.versions {
                section class="version" lang=(v.lang.code()) data-lang=(v.lang.code()) {
                    h2 { span lang=(lang.code()) { (v.lang.endonym()) } }
                    h3 { (v.title) }
                    @if !v.abstract_.is_empty() { p class="abstract" { (v.abstract_) } }
                    @if !v.body.is_empty() {
                        details {
                            summary lang=(lang.code()) { (tr.t("kb-full-text")) }
                            div class="output-body" { (v.body) }
                        }
                    }
                    @if let Some(f) = &v.file {
                        p class="download" {
                            a href=(format!("/files/{}", f.sha256)) download=(f.name) class="file-link" { (f.name) }
                            " " span lang=(lang.code()) { "(" (f.media_type) ", " (size_label(f.size)) ")" }
                        }
                    }
                }
            }
            (export_links(tr, &format!("/outputs/{}", o.id)))
        }
    };
    page(ctx, Nav::Outputs, &main_version.title, main)
}

/// The tagger's proposal with evidence, for the edit form.
pub fn proposal(tr: &Tr, o: &Output, plan: Option<&Plan>) -> Markup {
    html! {
        @if !o.proposed_tags.is_empty() {
            section class="proposal" {
                h2 { (tr.t("kb-proposed")) }
                ul {
                    @for t in &o.proposed_tags {
                        li data-kind=(t.kind.as_str()) data-value=(t.value) {
                            @match t.kind {
                                TagKind::Theme => { (value_label(tr, plan, Facet::Theme, &t.value)) }
                                TagKind::Sdg => { (value_label(tr, plan, Facet::Sdg, &t.value)) }
                            }
                            " " span class="score" { (format!("{:.2}", t.score)) }
                            @if !t.evidence.is_empty() {
                                " — " span class="evidence" { (tr.t("kb-evidence")) " " (t.evidence.join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Theme, series and programme listings.
pub fn listing_page(
    ctx: &Ctx,
    title: &str,
    path: &str,
    feed: Option<&str>,
    page_: &OutputPage,
    page_no: u64,
) -> Markup {
    let tr = &ctx.tr;
    let lang = ctx.lang();
    let pages = page_.total.div_ceil(PER_PAGE);
    let feeds: Vec<(String, String)> = feed
        .map(|f| vec![(title.to_string(), f.to_string())])
        .unwrap_or_default();
    let main = html! {
        h1 { (title) }
        @if page_.outputs.is_empty() {
            (no_hits(tr, page_.total, true, path, false))
        } @else {
            p class="result-count" { (tr.ta("kb-results-count", &[("count", (page_.total as i64).into())])) }
        }
        ol class="outputs" {
            @for o in &page_.outputs {
                @let v = o.best_version(lang);
                li {
                    a href=(format!("/outputs/{}", o.id)) lang=(v.lang.code()) { (v.title) }
                    p class="hit-meta" {
                        (type_label(tr, o.output_type))
                        @if let Some(label) = series_text(o, lang) { " · " (label) }
                        " · " (tr.date(o.date))
                        " · " (o.versions.iter().map(|v| v.lang.code()).collect::<Vec<_>>().join(" "))
                    }
                }
            }
        }
        @if pages > 1 {
            nav class="pagination" aria-label=(tr.t("kb-pages-label")) {
                @if page_no > 1 { a rel="prev" href=(format!("{path}?page={}", page_no - 1)) { (tr.t("kb-prev")) } }
                " " span { (tr.ta("kb-page-of", &[("page", (page_no as i64).into()), ("pages", (pages as i64).into())])) } " "
                @if page_no < pages { a rel="next" href=(format!("{path}?page={}", page_no + 1)) { (tr.t("kb-next")) } }
            }
        }
        (export_links(tr, path))
        @if let Some(f) = feed { (feed_link(tr, f)) }
    };
    page_with_feeds(ctx, Nav::Outputs, title, &feeds, main)
}

pub fn bad_format(ctx: &Ctx, value: &str) -> Response {
    message_page(
        ctx,
        StatusCode::BAD_REQUEST,
        &ctx.tr.t("kb-error-title"),
        &ctx.tr
            .ta("kb-error-format", &[("format", value.to_string().into())]),
    )
}

impl From<KbError> for PageError {
    /// The store failed (503), no such output (404), or the catalogue
    /// failed (500, logged).
    fn from(e: KbError) -> PageError {
        match e {
            KbError::Store(e) => PageError::Store(e),
            KbError::NotFound(_) => PageError::NotFound("kb-notfound"),
            e => {
                tracing::error!(error = %e, "knowledge base failed");
                PageError::Notice {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    title_id: "kb-error-title",
                    text_id: "kb-error-search".into(),
                    next: ("/outputs", "kb-title"),
                }
            }
        }
    }
}
