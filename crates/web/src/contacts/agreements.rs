//! Agreements: the list (by standing: in force, expiring, expired…), a page
//! per agreement with its parties, days, renewals and signed file, the form
//! that records or edits one (with the file), the renewal button, and the
//! section on each party's page. The reminder before one expires comes in
//! the inbox of its responsible account (`southdesk serve` runs the round
//! daily; `southdesk contacts remind` runs it once).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_contacts::{
    Agreement, AgreementData, AgreementKind, FieldError, Organisation, Renewal, Stage, Standing,
};
use southdesk_plan::authz::{Action, allowed};
use southdesk_store::{AgreementFilter, OrgFilter, SignedUpload, StoreError};

use super::views::*;
use crate::app::download::file_response;
use crate::app::form::{self, Fields};
use crate::app::i18n::Tr;
use crate::app::ui::{self, Tone, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

pub fn agreement_href(id: i64) -> String {
    format!("/contacts/agreements/{id}")
}

fn kind_name(tr: &Tr, k: AgreementKind) -> String {
    tr.t(&format!("contacts-agreement-kind-{}", k.as_str()))
}

fn standing_badge(tr: &Tr, s: Standing) -> Markup {
    let tone = match s {
        Standing::InForce => Tone::Success,
        Standing::Expiring => Tone::Warning,
        Standing::Expired | Standing::Terminated => Tone::Danger,
        Standing::Draft | Standing::Pending => Tone::Info,
    };
    ui::badge(
        &tr.t(&format!("contacts-agreement-standing-{}", s.as_str())),
        tone,
    )
}

/// Organisations by id, read once each.
async fn org_names(
    state: &AppState,
    lang: southdesk_plan::Lang,
    list: &[Agreement],
) -> Result<HashMap<i64, String>, PageError> {
    let mut names = HashMap::new();
    for a in list {
        for p in &a.data.parties {
            if !names.contains_key(p) {
                let name = state
                    .store
                    .organisation(*p)
                    .await?
                    .map_or_else(|| format!("#{p}"), |o| org_name(lang, &o));
                names.insert(*p, name);
            }
        }
    }
    Ok(names)
}

fn parties_line(names: &HashMap<i64, String>, a: &Agreement) -> Markup {
    html! {
        @for (i, p) in a.data.parties.iter().enumerate() {
            @if i > 0 { ", " }
            a href=(org_href(*p)) { (names.get(p).map_or("", String::as_str)) }
        }
    }
}

/// The last day, or "no end date".
fn until_text(tr: &Tr, a: &AgreementData) -> String {
    a.valid_until
        .map_or_else(|| tr.t("contacts-agreement-open-ended"), |u| tr.date(u))
}

fn table(tr: &Tr, names: &HashMap<i64, String>, list: &[Agreement], day: time::Date) -> Markup {
    html! {
        div class="table-scroll" {
            table class="ui-table agreements" {
                thead { tr {
                    th { (tr.t("contacts-agreement-title")) }
                    th { (tr.t("contacts-agreement-parties")) }
                    th { (tr.t("contacts-agreement-standing")) }
                    th { (tr.t("contacts-agreement-until")) }
                } }
                tbody {
                    @for a in list {
                        tr id=(format!("agreement-{}", a.id)) {
                            td { a href=(agreement_href(a.id)) { (a.data.title) } " " span class="ui-hint" { (kind_name(tr, a.data.kind)) } }
                            td { (parties_line(names, a)) }
                            td { (standing_badge(tr, a.data.standing(day))) }
                            td { (until_text(tr, &a.data)) }
                        }
                    }
                }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    standing: String,
}

/// `GET /contacts/agreements[?standing=expiring]`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let day = today();
    let standing = Standing::parse(q.standing.trim());
    let all = state
        .store
        .agreements(&AgreementFilter {
            on: Some(day),
            ..Default::default()
        })
        .await?;
    let count = |s: Standing| all.iter().filter(|a| a.data.standing(day) == s).count();
    let shown: Vec<Agreement> = all
        .iter()
        .filter(|a| standing.is_none_or(|s| a.data.standing(day) == s))
        .cloned()
        .collect();
    let names = org_names(&state, tr.lang, &shown).await?;
    let mut tabs = vec![(
        "/contacts/agreements".to_string(),
        format!("{} ({})", tr.t("contacts-agreement-all"), all.len()),
        standing.is_none(),
    )];
    for s in Standing::ALL {
        tabs.push((
            format!("/contacts/agreements?standing={}", s.as_str()),
            format!(
                "{} ({})",
                tr.t(&format!("contacts-agreement-standing-{}", s.as_str())),
                count(s)
            ),
            standing == Some(s),
        ));
    }
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    let body = html! {
        p class="ui-hint" { (tr.t("contacts-agreements-intro")) }
        @if may_edit {
            div class="page-actions" { (ui::actions(ui::link_button("/contacts/agreements/new", &tr.t("contacts-agreement-new"), Variant::Primary))) }
        }
        (ui::tabs(&tr.t("contacts-agreement-standing"), &tabs))
        @if shown.is_empty() {
            (ui::empty_state(&tr.t("contacts-agreements-none"), "", may_edit.then_some(("/contacts/agreements/new", tr.t("contacts-agreement-new").as_str()))))
        } @else {
            (table(tr, &names, &shown, day))
        }
        p { a href="/contacts" { (tr.t("contacts-title")) } }
    };
    Ok(contacts_page(
        &ctx,
        StatusCode::OK,
        &tr.t("contacts-agreements"),
        body,
    ))
}

/// The agreements section of an organisation's page.
pub async fn section(state: &AppState, ctx: &Ctx, org: i64) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let day = today();
    let list = state
        .store
        .agreements(&AgreementFilter {
            organisation: Some(org),
            on: Some(day),
            ..Default::default()
        })
        .await?;
    let names = org_names(state, tr.lang, &list).await?;
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    Ok(html! {
        section id="agreements" {
            h2 { (tr.t("contacts-agreements")) }
            @if list.is_empty() {
                p class="ui-hint" { (tr.t("contacts-agreements-none")) }
            } @else {
                (table(tr, &names, &list, day))
            }
            @if may_edit {
                p { a class="button button-small button-secondary" href=(format!("/contacts/agreements/new?org={org}")) { (tr.t("contacts-agreement-new")) } }
            }
        }
    })
}

/// `GET /contacts/agreements/{id}`.
pub async fn agreement(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let a = state
        .store
        .agreement(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let day = today();
    let names = org_names(&state, tr.lang, std::slice::from_ref(&a)).await?;
    let responsible = match a.data.responsible {
        Some(r) => state.store.account(r).await?,
        None => None,
    };
    let plan = state.plan_for_labels().await;
    let theme_names: Vec<String> = a
        .data
        .themes
        .iter()
        .map(|t| {
            plan.as_ref()
                .and_then(|p| p.theme(t))
                .map_or_else(|| t.clone(), |th| th.title.best(tr.lang).to_string())
        })
        .collect();
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    let d = &a.data;
    let may_renew = may_edit && d.stage == Stage::Signed && d.renewal != Renewal::None;
    let body = html! {
        p { (standing_badge(tr, d.standing(day))) " " (kind_name(tr, d.kind)) }
        dl class="facts" {
            dt { (tr.t("contacts-agreement-parties")) } dd { (parties_line(&names, &a)) }
            @if let Some(s) = d.signed_on { dt { (tr.t("contacts-agreement-signed-on")) } dd { (tr.date(s)) } }
            @if let Some(f) = d.valid_from { dt { (tr.t("contacts-agreement-from")) } dd { (tr.date(f)) } }
            dt { (tr.t("contacts-agreement-until")) } dd { (until_text(tr, d)) }
            dt { (tr.t("contacts-agreement-renewal")) }
            dd {
                (tr.t(&format!("contacts-agreement-renewal-{}", d.renewal.as_str())))
                @if let Some(m) = d.term_months { " · " (tr.ta("contacts-agreement-term-of", &[("months", i64::from(m).into())])) }
            }
            dt { (tr.t("contacts-agreement-notice")) } dd { (tr.ta("contacts-agreement-notice-of", &[("days", i64::from(d.notice_days).into())])) }
            @if let Some(r) = &responsible { dt { (tr.t("contacts-agreement-responsible")) } dd { (r.name) } }
            @if !theme_names.is_empty() { dt { (tr.t("contacts-interaction-themes")) } dd { (theme_names.join(", ")) } }
            dt { (tr.t("contacts-agreement-file")) }
            dd {
                @match &a.file {
                    Some(f) => { a href=(format!("/contacts/agreements/{}/file", a.id)) download { (f.name) } " " span class="ui-hint" { "(" (f.size.div_ceil(1024)) " KB)" } }
                    None => { span class="ui-hint" { (tr.t("contacts-agreement-no-file")) } }
                }
            }
        }
        @if !d.note.is_empty() { p class="notes" { (d.note) } }
        @if !d.renewals.is_empty() {
            h2 { (tr.t("contacts-agreement-renewals")) }
            ul class="renewals" {
                @for r in d.renewals.iter().rev() {
                    li {
                        (tr.ta("contacts-agreement-renewed-line", &[("on", tr.date(r.on).into()), ("from", tr.date(r.from).into()), ("to", tr.date(r.to).into())]))
                        @if r.tacit { " " (ui::badge(&tr.t("contacts-agreement-renewal-tacit"), Tone::Info)) }
                    }
                }
            }
        }
        @if may_edit {
            div class="page-actions" {
                (ui::actions(html! {
                    (ui::link_button(&format!("/contacts/agreements/{}/edit", a.id), &tr.t("contacts-edit"), Variant::Secondary))
                    @if may_renew {
                        @if let Some(next) = d.next_until() {
                            form method="post" action=(format!("/contacts/agreements/{}/renew", a.id)) class="inline-form" id="renew-form" {
                                (ui::csrf(&ctx))
                                button type="submit" class="button button-primary" { (tr.ta("contacts-agreement-renew-until", &[("date", tr.date(next).into())])) }
                            }
                        }
                    }
                }))
            }
        }
        p { a href="/contacts/agreements" { (tr.t("contacts-agreements-back")) } }
    };
    Ok(contacts_page(&ctx, StatusCode::OK, &d.title, body))
}

/// `GET /contacts/agreements/{id}/file`: the signed file.
pub async fn file(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let (f, bytes) = state
        .store
        .agreement_file(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    Ok(file_response(bytes, &f.content_type, &f.name))
}

/// `POST /contacts/agreements/{id}/renew`.
pub async fn renew(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    match state.store.renew_agreement(id, today()).await {
        Ok(a) => Ok(Redirect::to(&agreement_href(a.id)).into_response()),
        Err(e @ StoreError::Invalid(_)) => {
            let fe = field_error_of(&e).unwrap_or_else(|| FieldError::new("", e.to_string()));
            let tr = &ctx.tr;
            Ok(contacts_page(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &tr.t("contacts-agreement-renew"),
                html! {
                    (refusal(tr, &fe, |f| field_label(tr, f)))
                    p { a class="button" href=(agreement_href(id)) { (tr.t("contacts-cancel")) } }
                },
            ))
        }
        Err(StoreError::NotFound { .. }) => Err(PageError::NotFound("contacts-notfound")),
        Err(e) => Err(e.into()),
    }
}

fn field_label(tr: &Tr, field: &str) -> Option<String> {
    let key = match field {
        "title" => "contacts-agreement-title",
        "kind" => "contacts-agreement-kind",
        "parties" | "party_add" => "contacts-agreement-parties",
        "stage" => "contacts-agreement-stage",
        "signed_on" => "contacts-agreement-signed-on",
        "valid_from" => "contacts-agreement-from",
        "valid_until" => "contacts-agreement-until",
        "renewal" | "renewals" => "contacts-agreement-renewal",
        "term_months" => "contacts-agreement-term",
        "notice_days" => "contacts-agreement-notice",
        "responsible" => "contacts-agreement-responsible",
        "themes" => "contacts-interaction-themes",
        "note" => "contacts-agreement-note",
        "file" => "contacts-agreement-file",
        _ => return None,
    };
    Some(tr.t(key))
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    org: Option<i64>,
}

/// What the form shows: an agreement's fields, or what was typed.
enum Shown<'a> {
    Record(&'a AgreementData),
    Typed(&'a Fields),
}

impl Shown<'_> {
    fn get(&self, k: &str) -> String {
        match self {
            Shown::Typed(f) => f.text(k),
            Shown::Record(a) => {
                let day = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
                match k {
                    "title" => a.title.clone(),
                    "kind" => a.kind.as_str().into(),
                    "stage" => a.stage.as_str().into(),
                    "signed_on" => day(a.signed_on),
                    "valid_from" => day(a.valid_from),
                    "valid_until" => day(a.valid_until),
                    "renewal" => a.renewal.as_str().into(),
                    "term_months" => a.term_months.map(|m| m.to_string()).unwrap_or_default(),
                    "notice_days" => a.notice_days.to_string(),
                    "responsible" => a.responsible.map(|r| r.to_string()).unwrap_or_default(),
                    "note" => a.note.clone(),
                    _ => String::new(),
                }
            }
        }
    }

    fn parties(&self) -> Vec<i64> {
        match self {
            Shown::Record(a) => a.parties.clone(),
            Shown::Typed(f) => f
                .all("parties")
                .iter()
                .filter_map(|v| v.trim().parse().ok())
                .collect(),
        }
    }

    fn has_theme(&self, t: &str) -> bool {
        match self {
            Shown::Record(a) => a.themes.iter().any(|x| x == t),
            Shown::Typed(f) => f.all("themes").contains(&t),
        }
    }
}

/// The form: `id` is the agreement edited (`None`: a new one).
async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: Option<i64>,
    shown: &Shown<'_>,
    has_file: bool,
    error: Option<&FieldError>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let orgs: Vec<Organisation> = state.store.organisations(&OrgFilter::default()).await?;
    let parties = shown.parties();
    let party_items: Vec<ui::ChoiceItem> = parties
        .iter()
        .map(|p| {
            let name = orgs
                .iter()
                .find(|o| o.id == *p)
                .map_or_else(|| format!("#{p}"), |o| org_name(lang, o));
            ui::ChoiceItem::new(p.to_string(), name, true)
        })
        .collect();
    let staff: Vec<(String, String)> = state
        .store
        .accounts()
        .await?
        .into_iter()
        .filter(|a| !a.disabled && allowed(Some(a), &Action::EditContacts))
        .map(|a| (a.id.to_string(), a.name))
        .collect();
    let plan = state.plan_for_labels().await;
    let themes = theme_choices(plan.as_ref(), lang, |t| shown.has_theme(t));
    let err = |f: &str| {
        error
            .filter(|e| e.field.split(['[', '.']).next() == Some(f))
            .map(|e| e.message.clone())
    };
    let opts = |all: Vec<(&'static str, String)>| -> Vec<(String, String)> {
        all.into_iter().map(|(v, l)| (v.to_string(), l)).collect()
    };
    let kinds = opts(
        AgreementKind::ALL
            .iter()
            .map(|k| (k.as_str(), kind_name(tr, *k)))
            .collect(),
    );
    let stages = opts(
        Stage::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str(),
                    tr.t(&format!("contacts-agreement-stage-{}", s.as_str())),
                )
            })
            .collect(),
    );
    let renewals = opts(
        Renewal::ALL
            .iter()
            .map(|r| {
                (
                    r.as_str(),
                    tr.t(&format!("contacts-agreement-renewal-{}", r.as_str())),
                )
            })
            .collect(),
    );
    let action = id.map_or_else(
        || "/contacts/agreements".to_string(),
        |id| format!("/contacts/agreements/{id}/edit"),
    );
    let back = match id {
        Some(id) => agreement_href(id),
        None => parties
            .first()
            .map_or_else(|| "/contacts/agreements".to_string(), |p| org_href(*p)),
    };
    let notice = match shown.get("notice_days") {
        n if n.is_empty() => southdesk_contacts::DEFAULT_NOTICE_DAYS.to_string(),
        n => n,
    };
    let body = html! {
        @if let Some(e) = error { (refusal(tr, e, |f| field_label(tr, f))) }
        form method="post" action=(action) enctype="multipart/form-data" class="stacked-form" id="agreement-form" {
            (ui::csrf(ctx))
            (ui::Input::text("title", &tr.t("contacts-agreement-title")).value(&shown.get("title")).required().error(err("title").as_deref()))
            (ui::Select::new("kind", &tr.t("contacts-agreement-kind")).options(kinds).selected(shown.get("kind")))
            @if !party_items.is_empty() {
                (ui::choices(&tr.t("contacts-agreement-parties"), "parties", ui::Choice::Checkbox, &party_items))
            }
            (ui::Input::text("party_add", &tr.t("contacts-agreement-party-add")).hint(&tr.t("contacts-relation-other-hint")).list("agreement-orgs").error(err("parties").as_deref()))
            datalist id="agreement-orgs" {
                @for o in orgs.iter().filter(|o| !parties.contains(&o.id)) {
                    option value=(format!("{} (o{})", org_name(lang, o), o.id)) {}
                }
            }
            (ui::Select::new("stage", &tr.t("contacts-agreement-stage")).options(stages).selected(shown.get("stage")).error(err("stage").as_deref()))
            (ui::Input::date("signed_on", &tr.t("contacts-agreement-signed-on")).value(&shown.get("signed_on")).error(err("signed_on").as_deref()))
            (ui::Input::date("valid_from", &tr.t("contacts-agreement-from")).value(&shown.get("valid_from")).error(err("valid_from").as_deref()))
            (ui::Input::date("valid_until", &tr.t("contacts-agreement-until")).value(&shown.get("valid_until")).hint(&tr.t("contacts-agreement-until-hint")).error(err("valid_until").as_deref()))
            (ui::Select::new("renewal", &tr.t("contacts-agreement-renewal")).options(renewals).selected(shown.get("renewal")).error(err("renewal").as_deref()))
            (ui::Input::number("term_months", &tr.t("contacts-agreement-term")).value(&shown.get("term_months")).hint(&tr.t("contacts-agreement-term-hint")).error(err("term_months").as_deref()))
            (ui::Input::number("notice_days", &tr.t("contacts-agreement-notice")).value(&notice).hint(&tr.t("contacts-agreement-notice-hint")).error(err("notice_days").as_deref()))
            (ui::Select::new("responsible", &tr.t("contacts-agreement-responsible")).options(staff).blank(&tr.t("contacts-agreement-responsible-blank")).selected(shown.get("responsible")).error(err("responsible").as_deref()))
            @if !themes.is_empty() {
                details class="interaction-themes" {
                    summary { (tr.t("contacts-interaction-themes")) }
                    (ui::choices(&tr.t("contacts-interaction-themes"), "themes", ui::Choice::Checkbox, &themes))
                }
            }
            (ui::TextArea::new("note", &tr.t("contacts-agreement-note")).value(&shown.get("note")).rows(3).maxlength(southdesk_contacts::MAX_NOTE).error(err("note").as_deref()))
            (ui::Input::file("file", &tr.t("contacts-agreement-file")).hint(&if has_file { tr.t("contacts-agreement-file-keep") } else { tr.t("contacts-agreement-file-hint") }).error(err("file").as_deref()))
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-save"), Variant::Primary))
                (ui::link_button(&back, &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
    };
    let title = match id {
        Some(_) => tr.t("contacts-agreement-edit"),
        None => tr.t("contacts-agreement-new"),
    };
    Ok(contacts_page(ctx, status, &title, body))
}

/// `GET /contacts/agreements/new[?org=ID]`.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let mut blank = AgreementData::draft("", AgreementKind::Mou, Vec::new());
    blank.parties.extend(q.org);
    blank.responsible = ctx.user().map(|a| a.id);
    form_page(
        &state,
        &ctx,
        StatusCode::OK,
        None,
        &Shown::Record(&blank),
        false,
        None,
    )
    .await
}

/// `GET /contacts/agreements/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let a = state
        .store
        .agreement(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    form_page(
        &state,
        &ctx,
        StatusCode::OK,
        Some(id),
        &Shown::Record(&a.data),
        a.file.is_some(),
        None,
    )
    .await
}

fn day(field: &str, f: &Fields) -> Result<Option<time::Date>, FieldError> {
    f.trimmed(field)
        .map(|v| {
            time::Date::parse(v, time::macros::format_description!("[year]-[month]-[day]"))
                .map_err(|_| FieldError::new(field, format!("`{v}` is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

fn number<T: std::str::FromStr>(field: &str, f: &Fields) -> Result<Option<T>, FieldError> {
    f.trimmed(field)
        .map(|v| {
            v.parse()
                .map_err(|_| FieldError::new(field, format!("`{v}` is not a whole number")))
        })
        .transpose()
}

/// The agreement a form describes, and its file if one was sent.
fn read_form(f: &Fields) -> Result<(AgreementData, Option<SignedUpload>), FieldError> {
    let mut parties: Vec<i64> = Vec::new();
    for (i, v) in f.all("parties").iter().enumerate() {
        let id = v
            .trim()
            .parse()
            .map_err(|_| FieldError::new(format!("parties[{i}]"), format!("`{v}` is not an id")))?;
        if !parties.contains(&id) {
            parties.push(id);
        }
    }
    if let Some(typed) = f.trimmed("party_add") {
        // A name picked from the list ends in its code: `UNCTAD (o12)`.
        let id = typed
            .trim_end_matches(')')
            .rsplit(['(', ' '])
            .next()
            .and_then(southdesk_contacts::Party::parse)
            .and_then(|p| match p {
                southdesk_contacts::Party::Organisation(id) => Some(id),
                southdesk_contacts::Party::Person(_) => None,
            })
            .ok_or_else(|| {
                FieldError::new(
                    "parties",
                    format!("`{typed}` is not an organisation of the list"),
                )
            })?;
        if !parties.contains(&id) {
            parties.push(id);
        }
    }
    let kind = AgreementKind::parse(f.text("kind").trim())
        .ok_or_else(|| FieldError::new("kind", "choose a kind"))?;
    let stage = Stage::parse(f.text("stage").trim())
        .ok_or_else(|| FieldError::new("stage", "choose a stage"))?;
    let renewal = Renewal::parse(f.text("renewal").trim())
        .ok_or_else(|| FieldError::new("renewal", "choose how it is renewed"))?;
    let data = AgreementData {
        title: f.text("title"),
        kind,
        parties,
        stage,
        signed_on: day("signed_on", f)?,
        valid_from: day("valid_from", f)?,
        valid_until: day("valid_until", f)?,
        renewal,
        term_months: number("term_months", f)?,
        notice_days: number("notice_days", f)?.unwrap_or(southdesk_contacts::DEFAULT_NOTICE_DAYS),
        responsible: number("responsible", f)?,
        themes: f.all("themes").iter().map(|t| t.to_string()).collect(),
        note: f.text("note"),
        renewals: Vec::new(),
    };
    let file = f
        .file("file")
        .filter(|p| !p.bytes.is_empty() || !p.filename.is_empty())
        .map(|p| SignedUpload {
            name: p.name().to_string(),
            content_type: p.content_type.clone(),
            bytes: p.bytes.clone(),
        });
    Ok((data, file))
}

async fn save(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, PageError> {
    let f = form::parse(headers, body).unwrap_or_default();
    let has_file = match id {
        Some(id) => state
            .store
            .agreement(id)
            .await?
            .ok_or(PageError::NotFound("contacts-notfound"))?
            .file
            .is_some(),
        None => false,
    };
    let (data, file) = match read_form(&f) {
        Ok(x) => x,
        Err(e) => return refused(state, ctx, id, &f, has_file, &e).await,
    };
    let saved = match id {
        Some(id) => state.store.update_agreement(id, data, file).await,
        None => {
            state
                .store
                .create_agreement(data, file, ctx.user().map(|a| a.id))
                .await
        }
    };
    match saved {
        Ok(a) => Ok(Redirect::to(&agreement_href(a.id)).into_response()),
        Err(e @ StoreError::Invalid(_)) => {
            let fe = field_error_of(&e).unwrap_or_else(|| FieldError::new("", e.to_string()));
            refused(state, ctx, id, &f, has_file, &fe).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The form again with what was typed and why it was refused.
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    f: &Fields,
    has_file: bool,
    e: &FieldError,
) -> Result<Response, PageError> {
    form_page(
        state,
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        id,
        &Shown::Typed(f),
        has_file,
        Some(e),
    )
    .await
}

/// `POST /contacts/agreements` (multipart, with the signed file).
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    save(&state, &ctx, None, &headers, &body).await
}

/// `POST /contacts/agreements/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    save(&state, &ctx, Some(id), &headers, &body).await
}
