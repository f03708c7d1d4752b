//! Interactions: logging a meeting, a call, an e-mail or a visit with
//! people and organisations of the register (themes chosen, or else found
//! by the tagger in the subject and note; links to the requests, outputs
//! and meetings it concerns), and the timeline on each one's page.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_contacts::{Concerns, FieldError, Interaction, InteractionData, InteractionKind};
use southdesk_plan::Plan;
use southdesk_plan::authz::{Action, allowed};
use southdesk_store::{Party, StoreError};

use super::views::*;
use crate::app::form::Fields;
use crate::app::i18n::Tr;
use crate::app::ui::{self, Tone, Variant};
use crate::app::{AppState, Ctx, PageError};

/// How many interactions a page's timeline shows.
const TIMELINE: usize = 50;

pub fn kind_label(tr: &Tr, k: InteractionKind) -> String {
    tr.t(&format!("contacts-interaction-kind-{}", k.as_str()))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Names of people and organisations, read once each.
#[derive(Default)]
struct Names {
    people: HashMap<i64, String>,
    orgs: HashMap<i64, String>,
}

impl Names {
    async fn read(
        state: &AppState,
        lang: southdesk_plan::Lang,
        list: &[Interaction],
    ) -> Result<Names, PageError> {
        let mut n = Names::default();
        for i in list {
            for id in &i.data.people {
                if !n.people.contains_key(id) {
                    let name = state
                        .store
                        .person(*id)
                        .await?
                        .map_or_else(|| format!("#{id}"), |p| p.data.display_name());
                    n.people.insert(*id, name);
                }
            }
            for id in &i.data.organisations {
                if !n.orgs.contains_key(id) {
                    let name = state
                        .store
                        .organisation(*id)
                        .await?
                        .map_or_else(|| format!("#{id}"), |o| org_name(lang, &o));
                    n.orgs.insert(*id, name);
                }
            }
        }
        Ok(n)
    }
}

/// The timeline of a person's or organisation's page: its interactions,
/// newest first, and (for staff who may) the link to log one.
pub async fn timeline(state: &AppState, ctx: &Ctx, party: Party) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let list = state.store.interactions_of(party, TIMELINE).await?;
    let names = Names::read(state, lang, &list).await?;
    let plan = state.plan_for_labels().await;
    let theme_name = |id: &str| {
        plan.as_ref()
            .and_then(|p| p.theme(id))
            .map_or_else(|| id.to_string(), |t| t.title.best(lang).to_string())
    };
    let new_href = match party {
        Party::Person(id) => format!("/contacts/interactions/new?person={id}"),
        Party::Organisation(id) => format!("/contacts/interactions/new?organisation={id}"),
    };
    Ok(html! {
        section id="interactions" {
            h2 { (tr.t("contacts-interactions")) }
            @if allowed(ctx.user(), &Action::EditContacts) {
                div class="page-actions" { (ui::actions(ui::link_button(&new_href, &tr.t("contacts-interaction-new"), Variant::Secondary))) }
            }
            @if list.is_empty() {
                p class="ui-hint" { (tr.t("contacts-interactions-none")) }
            } @else {
                ol class="timeline" {
                    @for i in &list {
                        @let d = &i.data;
                        li class="timeline-item" id=(format!("interaction-{}", i.id)) {
                            p class="timeline-head" {
                                time datetime=(d.on.to_string()) { (tr.date(d.on)) }
                                " " (ui::badge(&kind_label(tr, d.kind), Tone::Info)) " "
                                strong { (d.subject) }
                            }
                            p class="timeline-who" {
                                @for (n, id) in d.people.iter().enumerate() {
                                    @if n > 0 { ", " }
                                    @if party != Party::Person(*id) {
                                        a href=(person_href(*id)) { (names.people[id]) }
                                    } @else { (names.people[id]) }
                                }
                                @if !d.people.is_empty() && !d.organisations.is_empty() { " · " }
                                @for (n, id) in d.organisations.iter().enumerate() {
                                    @if n > 0 { ", " }
                                    a href=(org_href(*id)) { (names.orgs[id]) }
                                }
                            }
                            @if !d.themes.is_empty() {
                                p class="timeline-themes" { @for t in &d.themes { (ui::badge(&theme_name(t), Tone::Neutral)) " " } }
                            }
                            @if !d.note.is_empty() { p class="notes" { (d.note) } }
                            @if !d.concerns.is_empty() {
                                p class="timeline-links" {
                                    (tr.t("contacts-interaction-concerns")) ": "
                                    @for (n, c) in d.concerns.iter().enumerate() {
                                        @if n > 0 { ", " }
                                        a href=(c.path()) { (concern_label(tr, *c)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

fn concern_label(tr: &Tr, c: Concerns) -> String {
    let (key, id) = match c {
        Concerns::Request(id) => ("contacts-interaction-request", id),
        Concerns::Output(id) => ("contacts-interaction-output", id),
        Concerns::Meeting(id) => ("contacts-interaction-meeting", id),
    };
    tr.ta(key, &[("id", id.into())])
}

/// Who the form is for: `?person=ID` or `?organisation=ID`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct For {
    #[serde(default)]
    pub person: Option<i64>,
    #[serde(default)]
    pub organisation: Option<i64>,
}

/// The people and organisations the form offers, each (id, name,
/// checked), and the page to go back to.
struct Offer {
    title: String,
    back: String,
    people: Vec<(i64, String, bool)>,
    orgs: Vec<(i64, String, bool)>,
}

async fn offer(state: &AppState, ctx: &Ctx, f: &For) -> Result<Offer, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let missing = PageError::NotFound("contacts-notfound");
    if let Some(id) = f.person {
        let p = state.store.person(id).await?.ok_or(missing)?;
        let held = state.store.holdings(&[id], Some(today())).await?;
        let mut orgs: Vec<(i64, String, bool)> = Vec::new();
        for h in held {
            if !orgs.iter().any(|(o, _, _)| *o == h.organisation.id) {
                orgs.push((h.organisation.id, org_name(lang, &h.organisation), true));
            }
        }
        return Ok(Offer {
            title: tr.ta(
                "contacts-interaction-with",
                &[("name", p.data.display_name().into())],
            ),
            back: person_href(id),
            people: vec![(id, p.data.display_name(), true)],
            orgs,
        });
    }
    let id = f.organisation.ok_or(missing)?;
    let o = state
        .store
        .organisation(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let mut people: Vec<(i64, String, bool)> = Vec::new();
    for post in state.store.posts_of(id).await? {
        for t in state.store.tenures_of_post(post.id).await? {
            if t.data.covers(today())
                && !people.iter().any(|(p, _, _)| *p == t.data.person)
                && let Some(p) = state.store.person(t.data.person).await?
            {
                people.push((p.id, p.data.display_name(), false));
            }
        }
    }
    Ok(Offer {
        title: tr.ta(
            "contacts-interaction-with",
            &[("name", org_name(lang, &o).into())],
        ),
        back: org_href(id),
        people,
        orgs: vec![(id, org_name(lang, &o), true)],
    })
}

/// What was typed, to show again after a refusal.
#[derive(Default)]
struct Typed {
    fields: Fields,
}

impl Typed {
    fn get(&self, k: &str) -> String {
        self.fields.text(k)
    }

    fn has(&self, k: &str, v: &str) -> bool {
        self.fields.all(k).contains(&v)
    }
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    f: &For,
    typed: Option<&Typed>,
    error: Option<&FieldError>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let offer = offer(state, ctx, f).await?;
    let plan = state.plan_for_labels().await;
    let checked =
        |k: &str, v: i64, default: bool| typed.map_or(default, |t| t.has(k, &v.to_string()));
    let value = |k: &str, default: String| typed.map_or(default, |t| t.get(k));
    let err = |f: &str| {
        error
            .filter(|e| e.field.split(['[', '.']).next() == Some(f))
            .map(|e| e.message.clone())
    };
    let kinds: Vec<(String, String)> = InteractionKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), kind_label(tr, *k)))
        .collect();
    let themes = theme_choices(plan.as_ref(), lang, |id| {
        typed.is_some_and(|ty| ty.has("themes", id))
    });
    let people: Vec<ui::ChoiceItem> = offer
        .people
        .iter()
        .map(|(id, name, on)| {
            ui::ChoiceItem::new(id.to_string(), name.clone(), checked("people", *id, *on))
        })
        .collect();
    let orgs: Vec<ui::ChoiceItem> = offer
        .orgs
        .iter()
        .map(|(id, name, on)| {
            ui::ChoiceItem::new(
                id.to_string(),
                name.clone(),
                checked("organisations", *id, *on),
            )
        })
        .collect();
    let label = |f: &str| interaction_label(tr, f);
    let body = html! {
        @if let Some(e) = error { (refusal(tr, e, label)) }
        form method="post" action="/contacts/interactions" class="stacked-form" id="interaction-form" {
            (ui::csrf(ctx))
            @if let Some(p) = f.person { input type="hidden" name="for_person" value=(p); }
            @if let Some(o) = f.organisation { input type="hidden" name="for_organisation" value=(o); }
            (ui::Select::new("kind", &tr.t("contacts-interaction-kind")).options(kinds).selected(value("kind", "meeting".into())))
            (ui::Input::date("on", &tr.t("contacts-interaction-on")).value(&value("on", today().to_string())).required().error(err("on").as_deref()))
            (ui::Input::text("subject", &tr.t("contacts-interaction-subject")).value(&value("subject", String::new())).required().error(err("subject").as_deref()))
            (ui::TextArea::new("note", &tr.t("contacts-interaction-note")).value(&value("note", String::new())).rows(4).maxlength(southdesk_contacts::MAX_NOTE).error(err("note").as_deref()))
            @if !people.is_empty() {
                (ui::choices(&tr.t("contacts-interaction-people"), "people", ui::Choice::Checkbox, &people))
            }
            @if !orgs.is_empty() {
                (ui::choices(&tr.t("contacts-interaction-organisations"), "organisations", ui::Choice::Checkbox, &orgs))
            }
            @if !themes.is_empty() {
                details class="interaction-themes" {
                    summary { (tr.t("contacts-interaction-themes")) }
                    p class="ui-hint" { (tr.t("contacts-interaction-themes-hint")) }
                    (ui::choices(&tr.t("contacts-interaction-themes"), "themes", ui::Choice::Checkbox, &themes))
                }
            }
            (ui::TextArea::new("concerns", &tr.t("contacts-interaction-concerns")).value(&value("concerns", String::new())).rows(2).hint(&tr.t("contacts-interaction-concerns-hint")).error(err("concerns").as_deref()))
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-save"), Variant::Primary))
                (ui::link_button(&offer.back, &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
    };
    Ok(contacts_page(ctx, status, &offer.title, body))
}

fn interaction_label(tr: &Tr, field: &str) -> Option<String> {
    let key = match field {
        "kind" => "contacts-interaction-kind",
        "on" => "contacts-interaction-on",
        "subject" => "contacts-interaction-subject",
        "note" => "contacts-interaction-note",
        "people" => "contacts-interaction-people",
        "organisations" => "contacts-interaction-organisations",
        "themes" => "contacts-interaction-themes",
        "concerns" => "contacts-interaction-concerns",
        _ => return None,
    };
    Some(tr.t(key))
}

/// `GET /contacts/interactions/new?person=ID` (or `?organisation=ID`).
pub async fn interaction_new(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(f): Query<For>,
) -> Result<Response, PageError> {
    form_page(&state, &ctx, StatusCode::OK, &f, None, None).await
}

/// The interaction a form describes, its links checked against the desk.
async fn read_form(
    state: &AppState,
    f: &Fields,
    plan: &Plan,
) -> Result<InteractionData, FieldError> {
    let kind = InteractionKind::parse(f.text("kind").trim())
        .ok_or_else(|| FieldError::new("kind", "choose a kind"))?;
    let on = time::Date::parse(
        f.text("on").trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| {
        FieldError::new(
            "on",
            format!("`{}` is not a date (YYYY-MM-DD)", f.text("on")),
        )
    })?;
    let ids = |k: &str| -> Result<Vec<i64>, FieldError> {
        f.all(k)
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.trim().parse().map_err(|_| {
                    FieldError::new(format!("{k}[{i}]"), format!("`{v}` is not an id"))
                })
            })
            .collect()
    };
    let mut concerns = Vec::new();
    for line in f
        .text("concerns")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let c = Concerns::parse(line).ok_or_else(|| {
            FieldError::new(
                "concerns",
                format!(
                    "`{line}` is not the address of a request, an output or a meeting of the desk"
                ),
            )
        })?;
        let found = match c {
            Concerns::Request(id) => state.store.request(id).await.map(|r| r.is_some()),
            Concerns::Output(id) => state.store.output(id).await.map(|o| o.is_some()),
            Concerns::Meeting(id) => state.store.meeting(id).await.map(|m| m.is_some()),
        }
        .unwrap_or(false);
        if !found {
            return Err(FieldError::new(
                "concerns",
                format!("there is no {} on the desk", c.path()),
            ));
        }
        concerns.push(c);
    }
    let mut data = InteractionData {
        kind,
        on,
        subject: f.text("subject"),
        note: f.text("note"),
        people: ids("people")?,
        organisations: ids("organisations")?,
        themes: f.all("themes").into_iter().map(str::to_string).collect(),
        concerns,
    };
    data.check(|t| plan.theme(t).is_some())?;
    Ok(data)
}

/// `POST /contacts/interactions`: records the interaction (themes found
/// by the tagger when none is chosen) and goes back to the page it was
/// logged from; a refusal comes back in the form, what was typed kept.
pub async fn interaction_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = Fields {
        pairs,
        files: Vec::new(),
    };
    let back_to = For {
        person: fields.trimmed("for_person").and_then(|v| v.parse().ok()),
        organisation: fields
            .trimmed("for_organisation")
            .and_then(|v| v.parse().ok()),
    };
    let back = match (back_to.person, back_to.organisation) {
        (Some(p), _) => person_href(p),
        (None, Some(o)) => org_href(o),
        (None, None) => return Err(PageError::NotFound("contacts-notfound")),
    };
    let plan = state
        .adopted_plan()
        .await?
        .unwrap_or_else(Plan::embedded_2026_2028);
    let (state_ref, ctx_ref) = (&state, &ctx);
    let refused = |e: FieldError, fields: Fields| async move {
        let typed = Typed { fields };
        form_page(
            state_ref,
            ctx_ref,
            StatusCode::UNPROCESSABLE_ENTITY,
            &back_to,
            Some(&typed),
            Some(&e),
        )
        .await
    };
    let mut data = match read_form(&state, &fields, &plan).await {
        Ok(d) => d,
        Err(e) => return refused(e, fields).await,
    };
    if data.themes.is_empty() {
        data.themes = state.themes_in(data.text_to_tag()).await;
    }
    match state
        .store
        .create_interaction(data, ctx.user().map(|a| a.id))
        .await
    {
        Ok(i) => Ok(Redirect::to(&format!("{back}#interaction-{}", i.id)).into_response()),
        Err(e @ StoreError::Invalid(_)) => {
            let fe = field_error_of(&e).unwrap_or_else(|| FieldError::new("", e.to_string()));
            refused(fe, fields).await
        }
        Err(e) => Err(e.into()),
    }
}
