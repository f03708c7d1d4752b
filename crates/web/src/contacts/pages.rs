//! Finding people and organisations, and the page of each.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use southdesk_contacts::{OrgKind, Organisation, Post, Tenure, holder_on};
use southdesk_plan::authz::{Action, allowed};
use southdesk_store::{ContactAccess, OrgFilter, Party, PersonFilter};

use super::forms::{end_tenure_form, erase_form, people_datalist, post_form, tenure_form};
use super::views::*;
use crate::app::i18n::Tr;
use crate::app::labels::members;
use crate::app::ui::{self, Tone, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

/// How many rows a search shows.
const SHOWN: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub struct Find {
    #[serde(default)]
    q: String,
    /// `people` (default) or `organisations`.
    #[serde(default)]
    tab: String,
    #[serde(default)]
    kind: String,
    /// Organisations of this country (ISO 3166-1 alpha-3).
    #[serde(default)]
    country: String,
    /// Organisations of the countries of this group (`data/members`).
    #[serde(default)]
    group: String,
    /// People who follow this theme.
    #[serde(default)]
    theme: String,
}

/// `GET /contacts`: one search box over people and organisations.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(find): Query<Find>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let orgs_tab = find.tab == "organisations";
    let q = find.q.chars().take(200).collect::<String>();
    let kind = OrgKind::parse(&find.kind);
    let enc = southdesk_common::url_encode;
    let tab_href = |tab: &str| format!("/contacts?tab={tab}&q={}", enc(&q));
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    let list = if orgs_tab {
        let orgs = state
            .store
            .organisations(&OrgFilter {
                query: q.clone(),
                kind,
                country: Some(find.country.clone()).filter(|c| c.len() == 3),
                limit: SHOWN,
                countries: members().group(&find.group).map(|g| g.members.clone()),
            })
            .await?;
        if orgs.is_empty() {
            ui::empty_state(
                &tr.t("contacts-none-organisations"),
                &tr.t("contacts-none-organisations-text"),
                may_edit
                    .then(|| {
                        (
                            "/contacts/organisations/new",
                            tr.t("contacts-new-organisation"),
                        )
                    })
                    .as_ref()
                    .map(|(h, l)| (*h, l.as_str())),
            )
        } else {
            html! {
                div class="table-scroll" {
                    table class="ui-table" id="org-table" {
                        thead { tr {
                            th scope="col" { (tr.t("contacts-col-name")) }
                            th scope="col" { (tr.t("contacts-col-kind")) }
                            th scope="col" { (tr.t("contacts-col-country")) }
                        } }
                        tbody {
                            @for o in &orgs {
                                tr {
                                    td { a href=(org_href(o.id)) { (org_name(lang, o)) } }
                                    td { (kind_label(tr, o.data.kind)) }
                                    td { @if let Some(c) = &o.data.country { (country_name(lang, c)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    } else {
        let people = state
            .store
            .people(&PersonFilter {
                query: q.clone(),
                limit: SHOWN,
                theme: Some(find.theme.clone()).filter(|t| !t.is_empty()),
            })
            .await?;
        if people.is_empty() {
            ui::empty_state(
                &tr.t("contacts-none-people"),
                &tr.t("contacts-none-people-text"),
                may_edit
                    .then(|| ("/contacts/people/new", tr.t("contacts-new-person")))
                    .as_ref()
                    .map(|(h, l)| (*h, l.as_str())),
            )
        } else {
            let today = time::OffsetDateTime::now_utc().date();
            let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
            let holdings = state.store.holdings(&ids, Some(today)).await?;
            let rows: Vec<_> = people
                .iter()
                .map(|p| {
                    let held: Vec<_> = holdings
                        .iter()
                        .filter(|h| h.tenure.data.person == p.id)
                        .map(|h| (&h.post, Some(&h.organisation)))
                        .collect();
                    (p, held)
                })
                .collect();
            html! {
                div class="table-scroll" {
                    table class="ui-table" id="people-table" {
                        thead { tr {
                            th scope="col" { (tr.t("contacts-col-name")) }
                            th scope="col" { (tr.t("contacts-col-posts")) }
                            th scope="col" { (tr.t("contacts-col-email")) }
                        } }
                        tbody {
                            @for (p, held) in &rows {
                                tr {
                                    td { (person_link(tr, p)) }
                                    td {
                                        @for (post, org) in held {
                                            div {
                                                (post.data.label())
                                                @if let Some(o) = org {
                                                    ", " a href=(org_href(o.id)) { (org_name(lang, o)) }
                                                }
                                            }
                                        }
                                    }
                                    td { @if let Some(e) = p.data.emails.first() { a href=(format!("mailto:{e}")) { (e) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let theme_options: Vec<(String, String)> = state
        .plan_for_labels()
        .await
        .map(|p| {
            p.themes
                .iter()
                .map(|t| (t.id.clone(), t.title.best(lang).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let kinds: Vec<(String, String)> = OrgKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), kind_label(tr, *k)))
        .collect();
    let body = html! {
        p {
            (tr.t("contacts-intro"))
            " " a href="/contacts/agreements" id="agreements-link" { (tr.t("contacts-agreements")) }
            @if allowed(ctx.user(), &Action::ViewContactAudit) {
                " " a href="/contacts/audit" { (tr.t("contacts-audit-title")) }
            }
        }
        @if may_edit {
            div class="page-actions" { (ui::actions(html! {
                (ui::link_button("/contacts/people/new", &tr.t("contacts-new-person"), Variant::Primary))
                (ui::link_button("/contacts/organisations/new", &tr.t("contacts-new-organisation"), Variant::Secondary))
                (ui::link_button("/contacts/import", &tr.t("contacts-import-title"), Variant::Secondary))
            })) }
        }
        form method="get" action="/contacts" class="stacked-form" role="search" id="contacts-search" {
            input type="hidden" name="tab" value=(if orgs_tab { "organisations" } else { "people" });
            (ui::Input::search("q", &tr.t("contacts-search-label")).value(&q).hint(&tr.t("contacts-search-hint")))
            @if orgs_tab {
                (ui::Select::new("kind", &tr.t("contacts-field-kind"))
                    .blank(&tr.t("contacts-kind-any"))
                    .options(kinds)
                    .selected(find.kind.clone()))
                (ui::Select::new("country", &tr.t("contacts-field-country"))
                    .blank(&tr.t("contacts-filter-any"))
                    .options(country_options(lang))
                    .selected(find.country.clone()))
                (ui::Select::new("group", &tr.t("contacts-filter-group"))
                    .blank(&tr.t("contacts-filter-any"))
                    .options(group_options(lang))
                    .selected(find.group.clone()))
            } @else {
                (ui::Select::new("theme", &tr.t("contacts-field-themes"))
                    .blank(&tr.t("contacts-filter-any"))
                    .options(theme_options)
                    .selected(find.theme.clone()))
            }
            (ui::actions(ui::button(&tr.t("contacts-search-button"), Variant::Primary)))
        }
        (ui::tabs(&tr.t("contacts-title"), &[
            (tab_href("people"), tr.t("contacts-tab-people"), !orgs_tab),
            (tab_href("organisations"), tr.t("contacts-tab-organisations"), orgs_tab),
        ]))
        (list)
        @if !orgs_tab && allowed(ctx.user(), &Action::ExportContacts) {
            p class="export-links" id="contacts-export" {
                (tr.t("contacts-export-list")) " "
                a href=(format!("/contacts/export.csv?q={}", enc(&q))) download { "CSV" }
                " · "
                a href=(format!("/contacts/export.vcf?q={}", enc(&q))) download { "vCard" }
            }
        }
    };
    Ok(contacts_page(
        &ctx,
        StatusCode::OK,
        &tr.t("contacts-title"),
        body,
    ))
}

/// `GET /contacts/organisations/{id}`: what it is, its posts with their
/// holders today and before, and the forms to add a post or a holder.
pub async fn organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let o = state
        .store
        .organisation(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    // A record merged into another: that one is the organisation now.
    if let Some(into) = o.data.merged_into {
        return Ok(axum::response::Redirect::to(&org_href(into)).into_response());
    }
    let parent = match o.data.parent {
        Some(p) => state.store.organisation(p).await?,
        None => None,
    };
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    let today = time::OffsetDateTime::now_utc().date();
    let timeline = super::interactions::timeline(&state, &ctx, Party::Organisation(o.id)).await?;
    // No empty box when nothing more is known.
    let has_facts = o.data.name_in(lang) != o.data.name
        || parent.is_some()
        || o.data.website.is_some()
        || o.data.iati_id.is_some();
    let relations = super::relations::section(&state, &ctx, Party::Organisation(o.id)).await?;
    let agreements = super::agreements::section(&state, &ctx, o.id).await?;
    let joint = super::joint::section(&state, &ctx, o.id).await?;
    let people = if may_edit {
        state.store.people(&PersonFilter::default()).await?
    } else {
        Vec::new()
    };
    let mut posts = Vec::new();
    for post in state.store.posts_of(o.id).await? {
        let tenures = state.store.tenures_of_post(post.id).await?;
        let mut holders = Vec::with_capacity(tenures.len());
        for t in &tenures {
            holders.push((*t, state.store.person(t.data.person).await?));
        }
        posts.push((post, tenures, holders));
    }
    let body = html! {
        p {
            (ui::badge(&kind_label(tr, o.data.kind), Tone::Info))
            @if let Some(c) = &o.data.country { " " (country_name(lang, c)) }
        }
        @if has_facts { dl class="facts" {
            @if o.data.name_in(lang) != o.data.name {
                dt { (tr.t("contacts-field-name")) } dd { (o.data.name) }
            }
            @if let Some(p) = &parent {
                dt { (tr.t("contacts-org-part-of")) } dd { a href=(org_href(p.id)) { (org_name(lang, p)) } }
            }
            @if let Some(w) = &o.data.website {
                dt { (tr.t("contacts-org-website")) } dd { a href=(w) rel="noopener noreferrer" { (w) } }
            }
            @if let Some(i) = &o.data.iati_id {
                dt { (tr.t("contacts-field-iati-id")) } dd { code { (i) } }
            }
        } }
        @if may_edit {
            div class="page-actions" { (ui::actions(ui::link_button(&format!("/contacts/organisations/{}/edit", o.id), &tr.t("contacts-edit"), Variant::Secondary))) }
        }
        h2 { (tr.t("contacts-posts")) }
        @if posts.is_empty() {
            p class="ui-hint" { (tr.t("contacts-posts-none")) }
        }
        @for (post, tenures, holders) in &posts {
            section class="ui-card post" id=(format!("post-{}", post.id)) {
                h3 class="ui-card-title" { (post.data.label()) }
                div class="ui-card-body" {
                    @match holder_on(tenures, post.id, today) {
                        Some(t) => {
                            p {
                                (tr.t("contacts-post-holder")) ": "
                                @if let Some((_, Some(p))) = holders.iter().find(|(h, _)| h.id == t.id) { (person_link(tr, p)) }
                                " · " (tr.ta("contacts-post-since", &[("date", tr.date(t.data.from).into())]))
                            }
                            @if may_edit { (end_tenure_form(&ctx, t)) }
                        }
                        None => {
                            p { (ui::badge(&tr.t("contacts-post-vacant"), Tone::Warning))
                                @if let Some(last) = last_ended(tenures) {
                                    " " (tr.ta("contacts-post-vacant-since", &[("date", tr.date(last).into())]))
                                }
                            }
                            @if may_edit { (tenure_form(&ctx, post.id, !people.is_empty())) }
                        }
                    }
                    @let earlier: Vec<_> = holders.iter().filter(|(t, _)| !t.data.covers(today)).collect();
                    @if !earlier.is_empty() {
                        details {
                            summary { (tr.t("contacts-post-history")) }
                            ul {
                                @for (t, p) in earlier.iter().rev() {
                                    li {
                                        @if let Some(p) = p { (person_link(tr, p)) ", " }
                                        (tenure_range(tr, t))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if may_edit { (post_form(&ctx, o.id)) (people_datalist(&people)) }
        (agreements)
        (joint)
        (relations)
        (timeline)
        @if may_edit { (super::merge::org_merge_form(&ctx, o.id)) }
    };
    Ok(contacts_page(
        &ctx,
        StatusCode::OK,
        &org_name(lang, &o),
        body,
    ))
}

/// The posts a person held or holds, by start: each tenure with its post
/// and the post's organisation.
async fn posts_held(
    state: &AppState,
    person: i64,
) -> Result<Vec<(Tenure, Post, Option<Organisation>)>, PageError> {
    Ok(state
        .store
        .holdings(&[person], None)
        .await?
        .into_iter()
        .map(|h| (h.tenure, h.post, Some(h.organisation)))
        .collect())
}

/// The day after the last tenure ended: since when the post is vacant.
fn last_ended(tenures: &[Tenure]) -> Option<time::Date> {
    tenures
        .iter()
        .filter_map(|t| t.data.to)
        .max()
        .and_then(|d| d.next_day())
}

/// `GET /contacts/people/{id}`.
pub async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let p = state
        .store
        .person(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    // A record merged into another: that one is the person now.
    if let Some(into) = p.data.merged_into {
        return Ok(axum::response::Redirect::to(&person_href(into)).into_response());
    }
    state
        .store
        .record_contact_access(p.id, ctx.user().map(|a| a.id), ContactAccess::View)
        .await?;
    let plan = state.plan_for_labels().await;
    let timeline = super::interactions::timeline(&state, &ctx, Party::Person(p.id)).await?;
    let relations = super::relations::section(&state, &ctx, Party::Person(p.id)).await?;
    let mut held = posts_held(&state, p.id).await?;
    held.reverse();
    let d = &p.data;
    let title = match d.erased_on {
        Some(day) => tr.ta("contacts-erased-title", &[("date", tr.date(day).into())]),
        None => d.display_name(),
    };
    let theme_name = |id: &str| {
        plan.as_ref()
            .and_then(|pl| pl.theme(id))
            .map_or_else(|| id.to_string(), |t| t.title.best(lang).to_string())
    };
    let body = html! {
        p class="ui-hint record-number" {
            @if let Some(h) = &d.honorific { (h) " · " }
            (tr.ta("contacts-record-number", &[("id", p.id.into())]))
        }
        dl class="facts" {
            @if !d.emails.is_empty() {
                dt { (tr.t("contacts-person-emails")) }
                dd { @for (i, e) in d.emails.iter().enumerate() { @if i > 0 { br; } a href=(format!("mailto:{e}")) { (e) } } }
            }
            @if !d.phones.is_empty() {
                dt { (tr.t("contacts-person-phones")) }
                dd { @for (i, ph) in d.phones.iter().enumerate() { @if i > 0 { br; } a href=(format!("tel:{}", ph.replace(' ', ""))) { (ph) } } }
            }
            @if !d.languages.is_empty() {
                dt { (tr.t("contacts-person-languages")) } dd { (d.languages.join(", ")) }
            }
            @if !d.themes.is_empty() {
                dt { (tr.t("contacts-person-themes")) }
                dd { @for t in &d.themes { (ui::badge(&theme_name(t), Tone::Neutral)) " " } }
            }
            dt { (tr.t("contacts-person-consent")) }
            dd { (consent_text(tr, d)) }
            @if !d.notes.is_empty() {
                dt { (tr.t("contacts-person-notes")) } dd class="notes" { (d.notes) }
            }
        }
        @if d.erased_on.is_some() {
            p class="ui-hint" { (tr.t("contacts-erased-text")) }
        } @else {
            div class="page-actions" { (ui::actions(html! {
                @if allowed(ctx.user(), &Action::EditContacts) {
                    (ui::link_button(&format!("/contacts/people/{}/edit", p.id), &tr.t("contacts-edit"), Variant::Secondary))
                }
                @if allowed(ctx.user(), &Action::ExportContacts) {
                    (ui::link_button(&format!("/contacts/people/{}/export.json", p.id), &tr.t("contacts-export"), Variant::Secondary))
                }
            })) }
        }
        h2 { (tr.t("contacts-person-posts")) }
        @if held.is_empty() {
            p class="ui-hint" { (tr.t("contacts-person-posts-none")) }
        } @else {
            ul class="posts-held" {
                @for (t, post, org) in &held {
                    li {
                        strong { (post.data.label()) }
                        @if let Some(o) = org { ", " a href=(org_href(o.id)) { (org_name(lang, o)) } }
                        " — " (tenure_range(tr, t))
                    }
                }
            }
        }
        (relations)
        (timeline)
        @if d.erased_on.is_none() && allowed(ctx.user(), &Action::EditContacts) {
            (super::merge::merge_form(&ctx, p.id))
        }
        @if d.erased_on.is_none() && allowed(ctx.user(), &Action::EraseContacts) {
            (erase_form(&ctx, p.id))
        }
    };
    Ok(contacts_page(&ctx, StatusCode::OK, &title, body))
}

fn consent_text(tr: &Tr, d: &southdesk_contacts::PersonData) -> String {
    match &d.consent {
        Some(c) => tr.ta(
            if c.given {
                "contacts-consent-given"
            } else {
                "contacts-consent-refused"
            },
            &[
                ("source", c.source.clone().into()),
                ("date", tr.date(c.on).into()),
            ],
        ),
        None => tr.t("contacts-consent-unknown"),
    }
}

/// `GET /contacts/people/{id}/export.json`: everything the register holds
/// on a person, for a request for access: the record, each post held with
/// its organisation, the interactions they took part in and their
/// relationships.
pub async fn person_export(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let p = state
        .store
        .person(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    state
        .store
        .record_contact_access(id, ctx.user().map(|a| a.id), ContactAccess::Export)
        .await?;
    let posts: Vec<serde_json::Value> = posts_held(&state, id)
        .await?
        .into_iter()
        .map(|(t, post, org)| serde_json::json!({ "tenure": t, "post": post, "organisation": org }))
        .collect();
    // What the Centre recorded of its dealings with the person, too.
    let interactions = state.store.interactions_of(Party::Person(id), 0).await?;
    let relations = state.store.relations_of(Party::Person(id)).await?;
    let body = serde_json::json!({
        "person": p,
        "posts": posts,
        "interactions": interactions,
        "relations": relations,
    });
    let mut r = axum::Json(body).into_response();
    if let Ok(v) =
        axum::http::HeaderValue::from_str(&format!("attachment; filename=\"person-{id}.json\""))
    {
        r.headers_mut()
            .insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// How many entries the audit page shows.
const AUDIT_SHOWN: usize = 500;

/// `GET /contacts/audit`: who viewed, exported or erased whose data, newest
/// first (admins).
pub async fn audit(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let log = state.store.contact_audit(AUDIT_SHOWN).await?;
    let mut rows = Vec::with_capacity(log.len());
    let mut names: std::collections::HashMap<i64, String> = Default::default();
    let mut people: std::collections::HashMap<i64, Option<southdesk_contacts::Person>> =
        Default::default();
    for e in &log {
        if let Some(a) = e.account
            && !names.contains_key(&a)
        {
            let name = state.store.account(a).await?.map_or_else(
                || format!("#{a}"),
                |acc| format!("{} <{}>", acc.name, acc.email),
            );
            names.insert(a, name);
        }
        if let std::collections::hash_map::Entry::Vacant(v) = people.entry(e.person) {
            v.insert(state.store.person(e.person).await?);
        }
        rows.push(e);
    }
    let body = html! {
        p { (tr.t("contacts-audit-intro")) }
        @if rows.is_empty() {
            (ui::empty_state(&tr.t("contacts-audit-empty"), "", None))
        } @else {
            div class="table-scroll" {
                table class="ui-table" id="audit-table" {
                    thead { tr {
                        th scope="col" { (tr.t("contacts-audit-when")) }
                        th scope="col" { (tr.t("contacts-audit-who")) }
                        th scope="col" { (tr.t("contacts-audit-what")) }
                        th scope="col" { (tr.t("contacts-col-name")) }
                    } }
                    tbody {
                        @for e in &rows {
                            tr {
                                td { (e.at.replace('T', " ").trim_end_matches('Z')) " UTC" }
                                td { @if let Some(a) = e.account { (names.get(&a).cloned().unwrap_or_default()) } }
                                td { (tr.t(&format!("contacts-audit-{}", e.action.as_str()))) }
                                td {
                                    @match people.get(&e.person).and_then(Option::as_ref) {
                                        Some(p) => (person_link(tr, p)),
                                        None => (format!("#{}", e.person)),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(contacts_page(
        &ctx,
        StatusCode::OK,
        &tr.t("contacts-audit-title"),
        body,
    ))
}
