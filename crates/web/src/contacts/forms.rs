//! The forms that record organisations, people, posts and tenures. A
//! refused record comes back in its form with what was typed, the field
//! named in the reader's language; nothing is stored.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_contacts::{
    Consent, FieldError, OrgData, OrgKind, Person, PersonData, PostData, Tenure, TenureData,
};
use southdesk_plan::{Lang, Plan};
use southdesk_store::{ContactAccess, OrgFilter, PersonFilter, StoreError};
use time::Date;

use super::views::*;
use crate::app::form::Fields;
use crate::app::i18n::Tr;
use crate::app::ui::{self, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

type Pairs = Form<Vec<(String, String)>>;

fn fields(pairs: &[(String, String)]) -> Fields {
    Fields {
        pairs: pairs.to_vec(),
        files: Vec::new(),
    }
}

fn opt(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn lines(v: &str) -> Vec<String> {
    v.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn parse_date(field: &str, v: &str) -> Result<Date, FieldError> {
    Date::parse(
        v.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| FieldError::new(field, format!("`{v}` is not a date (YYYY-MM-DD)")))
}

// ---- organisations --------------------------------------------------------------------------

/// What the organisation form holds, as typed.
#[derive(Default)]
struct OrgForm {
    data: Option<OrgData>,
    raw: Vec<(String, String)>,
}

impl OrgForm {
    fn get(&self, k: &str) -> String {
        if let Some(v) = self.raw.iter().find(|(n, _)| n == k) {
            return v.1.clone();
        }
        let Some(d) = &self.data else {
            return String::new();
        };
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        match k {
            "name" => d.name.clone(),
            "acronym" => s(&d.acronym),
            "kind" => d.kind.as_str().to_string(),
            "country" => s(&d.country),
            "parent" => d.parent.map(|p| p.to_string()).unwrap_or_default(),
            "website" => s(&d.website),
            "iati_id" => s(&d.iati_id),
            _ => k
                .strip_prefix("name_")
                .and_then(Lang::parse)
                .and_then(|l| d.names.get(&l).cloned())
                .unwrap_or_default(),
        }
    }
}

fn org_from(pairs: &[(String, String)]) -> Result<OrgData, FieldError> {
    let f = fields(pairs);
    let kind = OrgKind::parse(f.text("kind").trim())
        .ok_or_else(|| FieldError::new("kind", "choose a kind"))?;
    let mut names = BTreeMap::new();
    for lang in Lang::ALL {
        if let Some(n) = opt(f.get(&format!("name_{}", lang.code()))) {
            names.insert(lang, n);
        }
    }
    let parent = match opt(f.get("parent")) {
        Some(p) => Some(
            p.parse::<i64>()
                .map_err(|_| FieldError::new("parent", "choose an organisation"))?,
        ),
        None => None,
    };
    Ok(OrgData {
        name: f.text("name"),
        names,
        acronym: opt(f.get("acronym")),
        kind,
        iati_type: None,
        iati_id: opt(f.get("iati_id")),
        country: opt(f.get("country")),
        parent,
        website: opt(f.get("website")),
        merged_into: None,
    })
}

fn org_label(tr: &Tr, field: &str) -> Option<String> {
    Some(match field {
        "name" => tr.t("contacts-field-name"),
        "names" => tr.ta("contacts-field-name-in", &[("lang", "".into())]),
        "acronym" => tr.t("contacts-field-acronym"),
        "kind" => tr.t("contacts-field-kind"),
        "country" => tr.t("contacts-field-country"),
        "parent" => tr.t("contacts-field-parent"),
        "website" => tr.t("contacts-field-website"),
        "iati_id" | "iati_type" => tr.t("contacts-field-iati-id"),
        _ => return None,
    })
}

async fn org_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    editing: Option<i64>,
    form: &OrgForm,
    error: Option<&FieldError>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let (title, action) = match editing {
        Some(id) => (
            tr.t("contacts-org-edit-title"),
            format!("/contacts/organisations/{id}/edit"),
        ),
        None => (
            tr.t("contacts-org-new-title"),
            "/contacts/organisations".to_string(),
        ),
    };
    let err = |f: &str| {
        error
            .filter(|e| e.field.split(['[', '.']).next() == Some(f))
            .map(|e| e.message.clone())
    };
    let parents: Vec<(String, String)> = state
        .store
        .organisations(&OrgFilter::default())
        .await?
        .iter()
        .filter(|o| Some(o.id) != editing)
        .map(|o| (o.id.to_string(), org_name(lang, o)))
        .collect();
    let kinds: Vec<(String, String)> = OrgKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), kind_label(tr, *k)))
        .collect();
    let (e_name, e_kind, e_country, e_parent, e_web, e_iati, e_acr) = (
        err("name"),
        err("kind"),
        err("country"),
        err("parent"),
        err("website"),
        err("iati_id").or(err("iati_type")),
        err("acronym"),
    );
    let (name, acronym, website, iati) = (
        form.get("name"),
        form.get("acronym"),
        form.get("website"),
        form.get("iati_id"),
    );
    let names: Vec<(Lang, String, String)> = Lang::ALL
        .iter()
        .map(|l| {
            (
                *l,
                format!("name_{}", l.code()),
                form.get(&format!("name_{}", l.code())),
            )
        })
        .collect();
    let labels: Vec<String> = names
        .iter()
        .map(|(l, _, _)| tr.ta("contacts-field-name-in", &[("lang", l.endonym().into())]))
        .collect();
    let body = html! {
        @if let Some(e) = error { (refusal(tr, e, |f| org_label(tr, f))) }
        form method="post" action=(action) class="stacked-form" id="org-form" {
            (ui::csrf(ctx))
            (ui::Input::text("name", &tr.t("contacts-field-name")).value(&name).required().error(e_name.as_deref()))
            @for ((_, field, value), label) in names.iter().zip(&labels) {
                (ui::Input::text(field, label).value(value))
            }
            (ui::Input::text("acronym", &tr.t("contacts-field-acronym")).value(&acronym).error(e_acr.as_deref()))
            (ui::Select::new("kind", &tr.t("contacts-field-kind")).options(kinds).selected(form.get("kind")).required().error(e_kind.as_deref()))
            (ui::Select::new("country", &tr.t("contacts-field-country"))
                .blank(&tr.t("contacts-field-none"))
                .options(country_options(lang))
                .selected(form.get("country"))
                .hint(&tr.t("contacts-field-country-hint"))
                .error(e_country.as_deref()))
            (ui::Select::new("parent", &tr.t("contacts-field-parent"))
                .blank(&tr.t("contacts-field-none"))
                .options(parents)
                .selected(form.get("parent"))
                .error(e_parent.as_deref()))
            (ui::Input::url("website", &tr.t("contacts-field-website")).value(&website).error(e_web.as_deref()))
            (ui::Input::text("iati_id", &tr.t("contacts-field-iati-id")).value(&iati).hint(&tr.t("contacts-field-iati-id-hint")).error(e_iati.as_deref()))
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-save"), Variant::Primary))
                (ui::link_button(&editing.map_or("/contacts?tab=organisations".to_string(), org_href), &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
    };
    Ok(contacts_page(ctx, status, &title, body))
}

/// `GET /contacts/organisations/new`.
pub async fn org_new(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    org_page(
        &state,
        &ctx,
        StatusCode::OK,
        None,
        &OrgForm::default(),
        None,
    )
    .await
}

/// `GET /contacts/organisations/{id}/edit`.
pub async fn org_edit(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let o = state
        .store
        .organisation(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let form = OrgForm {
        data: Some(o.data),
        raw: Vec::new(),
    };
    org_page(&state, &ctx, StatusCode::OK, Some(id), &form, None).await
}

/// Stores the organisation of the form (`editing`: its id), or shows the
/// form again with the refused field.
async fn save_org(
    state: &AppState,
    ctx: &Ctx,
    editing: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let refused = |e: FieldError, pairs: Vec<(String, String)>| async move {
        let form = OrgForm {
            data: None,
            raw: pairs,
        };
        org_page(
            state,
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            editing,
            &form,
            Some(&e),
        )
        .await
    };
    let data = match org_from(&pairs) {
        Ok(d) => d,
        Err(e) => return refused(e, pairs).await,
    };
    let saved = match editing {
        Some(id) => state.store.update_organisation(id, data).await,
        None => state.store.create_organisation(data).await,
    };
    match saved {
        Ok(o) => Ok(Redirect::to(&org_href(o.id)).into_response()),
        Err(e) => match field_error_of(&e) {
            Some(fe) => refused(fe, pairs).await,
            None => Err(not_found_or(e)),
        },
    }
}

fn not_found_or(e: StoreError) -> PageError {
    match e {
        StoreError::NotFound { .. } => PageError::NotFound("contacts-notfound"),
        e => e.into(),
    }
}

/// `POST /contacts/organisations`.
pub async fn org_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    save_org(&state, &ctx, None, pairs).await
}

/// `POST /contacts/organisations/{id}/edit`.
pub async fn org_update(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    if state.store.organisation(id).await?.is_none() {
        return Err(PageError::NotFound("contacts-notfound"));
    }
    save_org(&state, &ctx, Some(id), pairs).await
}

// ---- people ---------------------------------------------------------------------------------

struct PersonForm {
    data: Option<PersonData>,
    raw: Vec<(String, String)>,
}

impl PersonForm {
    fn get(&self, k: &str) -> String {
        if !self.raw.is_empty() {
            return fields(&self.raw).text(k);
        }
        let Some(d) = &self.data else {
            return String::new();
        };
        match k {
            "name" => d.name.clone(),
            "latin_name" => d.latin_name.clone().unwrap_or_default(),
            "honorific" => d.honorific.clone().unwrap_or_default(),
            "emails" => d.emails.join("\n"),
            "phones" => d.phones.join("\n"),
            "languages" => d.languages.join(", "),
            "notes" => d.notes.clone(),
            "consent" => {
                if d.consent.as_ref().is_some_and(|c| c.given) {
                    "yes".into()
                } else {
                    String::new()
                }
            }
            "consent_source" => d
                .consent
                .as_ref()
                .map(|c| c.source.clone())
                .unwrap_or_default(),
            "consent_on" => d
                .consent
                .as_ref()
                .map(|c| c.on.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn themes(&self) -> Vec<String> {
        if !self.raw.is_empty() {
            return fields(&self.raw)
                .all("themes")
                .into_iter()
                .map(str::to_string)
                .collect();
        }
        self.data
            .as_ref()
            .map(|d| d.themes.clone())
            .unwrap_or_default()
    }
}

fn person_from(pairs: &[(String, String)], plan: Option<&Plan>) -> Result<PersonData, FieldError> {
    let f = fields(pairs);
    let consent = if f.text("consent") == "yes" || opt(f.get("consent_source")).is_some() {
        let on = match opt(f.get("consent_on")) {
            Some(d) => parse_date("consent.on", &d)?,
            None => time::OffsetDateTime::now_utc().date(),
        };
        Some(Consent {
            given: f.text("consent") == "yes",
            source: f.text("consent_source"),
            on,
        })
    } else {
        None
    };
    let mut data = PersonData {
        name: f.text("name"),
        latin_name: opt(f.get("latin_name")),
        honorific: opt(f.get("honorific")),
        languages: f
            .text("languages")
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        emails: lines(&f.text("emails")),
        phones: lines(&f.text("phones")),
        themes: f.all("themes").into_iter().map(str::to_string).collect(),
        notes: f.text("notes"),
        consent,
        erased_on: None,
        merged_into: None,
    };
    // Themes are those of the adopted plan.
    data.check(|t| plan.is_none_or(|p| p.theme(t).is_some()))?;
    Ok(data)
}

fn person_label(tr: &Tr, field: &str) -> Option<String> {
    Some(match field {
        "name" => tr.t("contacts-field-person-name"),
        "latin_name" => tr.t("contacts-field-latin-name"),
        "honorific" => tr.t("contacts-field-honorific"),
        "emails" => tr.t("contacts-field-emails"),
        "phones" => tr.t("contacts-field-phones"),
        "languages" => tr.t("contacts-field-languages"),
        "themes" => tr.t("contacts-field-themes"),
        "notes" => tr.t("contacts-field-notes"),
        "consent" => tr.t("contacts-field-consent-source"),
        _ => return None,
    })
}

async fn person_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    editing: Option<i64>,
    form: &PersonForm,
    error: Option<&FieldError>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let plan = state.plan_for_labels().await;
    let (title, action) = match editing {
        Some(id) => (
            tr.t("contacts-person-edit-title"),
            format!("/contacts/people/{id}/edit"),
        ),
        None => (
            tr.t("contacts-person-new-title"),
            "/contacts/people".to_string(),
        ),
    };
    let err = |f: &str| {
        error
            .filter(|e| e.field.split(['[', '.']).next() == Some(f))
            .map(|e| e.message.clone())
    };
    let chosen = form.themes();
    let themes = theme_choices(plan.as_ref(), lang, |id| chosen.iter().any(|c| c == id));
    let v: BTreeMap<&str, String> = [
        "name",
        "latin_name",
        "honorific",
        "emails",
        "phones",
        "languages",
        "notes",
        "consent",
        "consent_source",
        "consent_on",
    ]
    .into_iter()
    .map(|k| (k, form.get(k)))
    .collect();
    let e: BTreeMap<&str, Option<String>> = [
        "name",
        "latin_name",
        "honorific",
        "emails",
        "phones",
        "languages",
        "notes",
        "consent",
    ]
    .into_iter()
    .map(|k| (k, err(k)))
    .collect();
    let body = html! {
        @if let Some(er) = error { (refusal(tr, er, |f| person_label(tr, f))) }
        form method="post" action=(action) class="stacked-form" id="person-form" {
            (ui::csrf(ctx))
            (ui::Input::text("name", &tr.t("contacts-field-person-name")).value(&v["name"]).required().error(e["name"].as_deref()))
            (ui::Input::text("latin_name", &tr.t("contacts-field-latin-name")).value(&v["latin_name"]).hint(&tr.t("contacts-field-latin-name-hint")).error(e["latin_name"].as_deref()))
            (ui::Input::text("honorific", &tr.t("contacts-field-honorific")).value(&v["honorific"]).error(e["honorific"].as_deref()))
            (ui::TextArea::new("emails", &tr.t("contacts-field-emails")).value(&v["emails"]).rows(2).hint(&tr.t("contacts-field-emails-hint")).error(e["emails"].as_deref()))
            (ui::TextArea::new("phones", &tr.t("contacts-field-phones")).value(&v["phones"]).rows(2).hint(&tr.t("contacts-field-phones-hint")).error(e["phones"].as_deref()))
            (ui::Input::text("languages", &tr.t("contacts-field-languages")).value(&v["languages"]).hint(&tr.t("contacts-field-languages-hint")).error(e["languages"].as_deref()))
            @if !themes.is_empty() {
                (ui::choices(&tr.t("contacts-field-themes"), "themes", ui::Choice::Checkbox, &themes))
            }
            (ui::TextArea::new("notes", &tr.t("contacts-field-notes")).value(&v["notes"]).rows(4).maxlength(southdesk_contacts::MAX_NOTE).error(e["notes"].as_deref()))
            (ui::choices(&tr.t("contacts-person-consent"), "consent", ui::Choice::Checkbox,
                &[ui::ChoiceItem::new("yes", tr.t("contacts-field-consent"), v["consent"] == "yes")]))
            (ui::Input::text("consent_source", &tr.t("contacts-field-consent-source")).value(&v["consent_source"]).hint(&tr.t("contacts-field-consent-source-hint")).error(e["consent"].as_deref()))
            (ui::Input::date("consent_on", &tr.t("contacts-field-consent-on")).value(&v["consent_on"]))
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-save"), Variant::Primary))
                (ui::link_button(&editing.map_or("/contacts".to_string(), person_href), &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
    };
    Ok(contacts_page(ctx, status, &title, body))
}

/// `GET /contacts/people/new`.
pub async fn person_new(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let form = PersonForm {
        data: None,
        raw: Vec::new(),
    };
    person_page(&state, &ctx, StatusCode::OK, None, &form, None).await
}

/// `GET /contacts/people/{id}/edit`.
pub async fn person_edit(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let p = state
        .store
        .person(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let form = PersonForm {
        data: Some(p.data),
        raw: Vec::new(),
    };
    person_page(&state, &ctx, StatusCode::OK, Some(id), &form, None).await
}

async fn save_person(
    state: &AppState,
    ctx: &Ctx,
    editing: Option<i64>,
    pairs: Vec<(String, String)>,
) -> Result<Response, PageError> {
    let plan = state.plan_for_labels().await;
    let refused = |e: FieldError, pairs: Vec<(String, String)>| async move {
        let form = PersonForm {
            data: None,
            raw: pairs,
        };
        person_page(
            state,
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            editing,
            &form,
            Some(&e),
        )
        .await
    };
    let data = match person_from(&pairs, plan.as_ref()) {
        Ok(d) => d,
        Err(e) => return refused(e, pairs).await,
    };
    let saved: Result<Person, StoreError> = match editing {
        Some(id) => state.store.update_person(id, data).await,
        None => {
            state
                .store
                .create_person(data, ctx.user().map(|a| a.id))
                .await
        }
    };
    match saved {
        Ok(p) => Ok(Redirect::to(&person_href(p.id)).into_response()),
        Err(e) => match field_error_of(&e) {
            Some(fe) => refused(fe, pairs).await,
            None => Err(not_found_or(e)),
        },
    }
}

/// `POST /contacts/people`.
pub async fn person_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    save_person(&state, &ctx, None, pairs).await
}

/// `POST /contacts/people/{id}/edit`.
pub async fn person_update(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    if state.store.person(id).await?.is_none() {
        return Err(PageError::NotFound("contacts-notfound"));
    }
    save_person(&state, &ctx, Some(id), pairs).await
}

// ---- posts and tenures ----------------------------------------------------------------------

/// The form that adds a post to organisation `org` (on its page).
pub fn post_form(ctx: &Ctx, org: i64) -> Markup {
    let tr = &ctx.tr;
    html! {
        details class="add-post" {
            summary { (tr.t("contacts-post-new")) }
            form method="post" action=(format!("/contacts/organisations/{org}/posts")) class="stacked-form" {
                (ui::csrf(ctx))
                (ui::Input::text("title", &tr.t("contacts-field-post-title")).required())
                (ui::Input::text("portfolio", &tr.t("contacts-field-portfolio")).hint(&tr.t("contacts-field-portfolio-hint")))
                (ui::actions(ui::button(&tr.t("contacts-post-new"), Variant::Primary)))
            }
        }
    }
}

/// The form that records who holds a vacant post.
pub fn tenure_form(ctx: &Ctx, post: i64, has_people: bool) -> Markup {
    let tr = &ctx.tr;
    let name = format!("person-{post}");
    let from = format!("from-{post}");
    html! {
        @if !has_people {
            p class="ui-hint" { (tr.t("contacts-no-people-yet")) " " a href="/contacts/people/new" { (tr.t("contacts-new-person")) } }
        } @else {
            form method="post" action=(format!("/contacts/posts/{post}/tenures")) class="stacked-form tenure-form" {
                (ui::csrf(ctx))
                (ui::Input::text(&name, &tr.t("contacts-field-person")).list(PEOPLE_LIST).hint(&tr.t("contacts-person-pick-hint")).required())
                (ui::Input::date(&from, &tr.t("contacts-field-from")).required())
                (ui::actions(ui::button(&tr.t("contacts-tenure-add"), Variant::Primary)))
            }
        }
    }
}

/// The id of the list of people the tenure forms of a page offer.
pub const PEOPLE_LIST: &str = "people-list";

/// The people a page's tenure forms offer as one types (`王毅 (Wang Yi) #12`:
/// the number is what the form reads). Anyone else is found by name or
/// number ([`person_typed`]).
pub fn people_datalist(people: &[Person]) -> Markup {
    html! {
        datalist id=(PEOPLE_LIST) {
            @for p in people.iter().filter(|p| p.data.is_live()) {
                option value=(format!("{} #{}", p.data.display_name(), p.id)) {}
            }
        }
    }
}

/// The person a form's text names: a number (`12`, `#12`, a name picked
/// from the list, which ends in its number), or else a name or e-mail
/// that one person of the register, and only one, answers to.
pub async fn person_typed(
    state: &AppState,
    field: &str,
    typed: &str,
) -> Result<Result<i64, FieldError>, PageError> {
    let t = typed.trim();
    let number = t
        .rsplit('#')
        .next()
        .filter(|_| t.contains('#') || t.chars().all(|c| c.is_ascii_digit()))
        .and_then(|n| n.trim().parse::<i64>().ok())
        .filter(|n| *n > 0);
    if let Some(id) = number {
        return Ok(match state.store.person(id).await? {
            Some(p) if p.data.is_live() => Ok(id),
            _ => Err(FieldError::new(field, format!("there is no person #{id}"))),
        });
    }
    if t.is_empty() {
        return Ok(Err(FieldError::new(field, "choose a person")));
    }
    let found = state
        .store
        .people(&PersonFilter {
            query: t.chars().take(200).collect(),
            theme: None,
            limit: 2,
        })
        .await?;
    Ok(match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(FieldError::new(
            field,
            format!("no person answers to `{t}`"),
        )),
        _ => Err(FieldError::new(
            field,
            format!("several people answer to `{t}`: pick one from the list"),
        )),
    })
}

/// The form that records that the holder of a post left it.
pub fn end_tenure_form(ctx: &Ctx, t: &Tenure) -> Markup {
    let tr = &ctx.tr;
    let name = format!("last-{}", t.id);
    html! {
        details {
            summary { (tr.t("contacts-tenure-end")) }
            form method="post" action=(format!("/contacts/tenures/{}/end", t.id)) class="stacked-form" {
                (ui::csrf(ctx))
                (ui::Input::date(&name, &tr.t("contacts-field-last-day")).required())
                (ui::actions(ui::button(&tr.t("contacts-tenure-end"), Variant::Primary)))
            }
        }
    }
}

/// A refusal on an organisation's page (a post or a tenure): the page's
/// own notice with the rule's words.
fn refused_on_org(ctx: &Ctx, org: i64, e: &FieldError) -> Response {
    let tr = &ctx.tr;
    let label = |f: &str| {
        Some(match f {
            "title" => tr.t("contacts-field-post-title"),
            "portfolio" => tr.t("contacts-field-portfolio"),
            "person" => tr.t("contacts-field-person"),
            "from" => tr.t("contacts-field-from"),
            "to" => tr.t("contacts-field-last-day"),
            _ => return None,
        })
    };
    contacts_page(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        &tr.t("contacts-posts"),
        html! {
            (refusal(tr, e, label))
            p { a class="button" href=(org_href(org)) { (tr.t("contacts-cancel")) } }
        },
    )
}

/// `POST /contacts/organisations/{id}/posts`.
pub async fn post_create(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(org): PathId,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    if state.store.organisation(org).await?.is_none() {
        return Err(PageError::NotFound("contacts-notfound"));
    }
    let f = fields(&pairs);
    let data = PostData {
        organisation: org,
        title: f.text("title"),
        portfolio: opt(f.get("portfolio")),
        themes: Vec::new(),
    };
    match state.store.create_post(data).await {
        Ok(p) => Ok(Redirect::to(&format!("{}#post-{}", org_href(org), p.id)).into_response()),
        Err(e) => match field_error_of(&e) {
            Some(fe) => Ok(refused_on_org(&ctx, org, &fe)),
            None => Err(e.into()),
        },
    }
}

/// `POST /contacts/posts/{id}/tenures`: who holds the post from when.
pub async fn tenure_add(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(post): PathId,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    let p = state
        .store
        .post(post)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let org = p.data.organisation;
    let f = fields(&pairs);
    let person = person_typed(&state, "person", &f.text(&format!("person-{post}"))).await?;
    let from = parse_date("from", &f.text(&format!("from-{post}")));
    let (person, from) = match (person, from) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => return Ok(refused_on_org(&ctx, org, &e)),
    };
    let data = TenureData {
        post,
        person,
        from,
        to: None,
    };
    match state.store.add_tenure(data).await {
        Ok(_) => Ok(Redirect::to(&format!("{}#post-{post}", org_href(org))).into_response()),
        Err(e) => match field_error_of(&e) {
            Some(fe) => Ok(refused_on_org(&ctx, org, &fe)),
            None => Err(e.into()),
        },
    }
}

/// `POST /contacts/tenures/{id}/end`: the holder left the post.
pub async fn tenure_end(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    let f = fields(&pairs);
    let last = parse_date("to", &f.text(&format!("last-{id}")));
    match last {
        Err(e) => {
            // The tenure's organisation, to go back to.
            let org = tenure_org(&state, id).await?;
            Ok(refused_on_org(&ctx, org, &e))
        }
        Ok(day) => match state.store.end_tenure(id, day).await {
            Ok(t) => {
                let org = tenure_org(&state, t.id).await?;
                Ok(
                    Redirect::to(&format!("{}#post-{}", org_href(org), t.data.post))
                        .into_response(),
                )
            }
            Err(e) => match field_error_of(&e) {
                Some(fe) => {
                    let org = tenure_org(&state, id).await?;
                    Ok(refused_on_org(&ctx, org, &fe))
                }
                None => Err(not_found_or(e)),
            },
        },
    }
}

/// The organisation whose post tenure `id` is of.
async fn tenure_org(state: &AppState, id: i64) -> Result<i64, PageError> {
    let t = state
        .store
        .tenure(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let p = state
        .store
        .post(t.data.post)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    Ok(p.data.organisation)
}

/// `POST /contacts/people/{id}/erase`: erases the person's data on request,
/// once the box that confirms it is ticked.
pub async fn person_erase(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    Form(pairs): Pairs,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    if state.store.person(id).await?.is_none() {
        return Err(PageError::NotFound("contacts-notfound"));
    }
    if fields(&pairs).text("confirm") != "yes" {
        let e = FieldError::new("confirm", "tick the box to confirm");
        return Ok(contacts_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &tr.t("contacts-erase"),
            html! {
                (refusal(tr, &e, |_| Some(tr.t("contacts-erase-confirm"))))
                p { a class="button" href=(person_href(id)) { (tr.t("contacts-cancel")) } }
            },
        ));
    }
    let today = time::OffsetDateTime::now_utc().date();
    state
        .store
        .erase_person(id, today)
        .await
        .map_err(not_found_or)?;
    state
        .store
        .record_contact_access(id, ctx.user().map(|a| a.id), ContactAccess::Erase)
        .await?;
    Ok(Redirect::to(&person_href(id)).into_response())
}

/// The form that erases a person's data (on the person's page).
pub fn erase_form(ctx: &Ctx, id: i64) -> Markup {
    let tr = &ctx.tr;
    html! {
        details class="erase" {
            summary { (tr.t("contacts-erase")) }
            p class="ui-hint" { (tr.t("contacts-erase-hint")) }
            form method="post" action=(format!("/contacts/people/{id}/erase")) class="stacked-form" {
                (ui::csrf(ctx))
                (ui::choices(&tr.t("contacts-erase"), "confirm", ui::Choice::Checkbox,
                    &[ui::ChoiceItem::new("yes", tr.t("contacts-erase-confirm"), false)]))
                (ui::actions(ui::button(&tr.t("contacts-erase"), Variant::Primary)))
            }
        }
    }
}
