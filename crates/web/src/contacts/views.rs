//! What the contacts pages share: names of kinds and countries, the page
//! frame, and how a refused record is told.

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use southdesk_contacts::{FieldError, OrgKind, Organisation, Person, Tenure};
use southdesk_plan::Lang;

use crate::app::Ctx;
use crate::app::i18n::Tr;
use crate::app::labels::members;
use crate::app::layout::{Nav, page};
use crate::app::notice::html_response;
use crate::app::ui::{self, Tone};

pub fn kind_label(tr: &Tr, kind: OrgKind) -> String {
    tr.t(&format!("contacts-kind-{}", kind.as_str()))
}

/// A country's name in the reader's language (its code if unknown).
pub fn country_name(lang: Lang, iso3: &str) -> String {
    members()
        .country(iso3)
        .map_or_else(|| iso3.to_string(), |c| c.name.best(lang).to_string())
}

/// Countries by name in the reader's language, for a select.
pub fn country_options(lang: Lang) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = members()
        .countries
        .iter()
        .map(|c| (c.iso3.clone(), c.name.best(lang).to_string()))
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

/// The groups of member states (`data/members`) as options, by name.
pub fn group_options(lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = members()
        .groups
        .iter()
        .map(|g| (g.id.clone(), g.name.best(lang).to_string()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

pub fn org_href(id: i64) -> String {
    format!("/contacts/organisations/{id}")
}

pub fn person_href(id: i64) -> String {
    format!("/contacts/people/{id}")
}

/// An organisation's name in the reader's language, with its acronym.
pub fn org_name(lang: Lang, o: &Organisation) -> String {
    let name = o.data.name_in(lang);
    match &o.data.acronym {
        Some(a) if !name.contains(a.as_str()) => format!("{name} ({a})"),
        _ => name.to_string(),
    }
}

/// A link to a person's page, by name (an erased person: said so).
pub fn person_link(tr: &Tr, p: &Person) -> Markup {
    let name = if p.data.erased_on.is_some() {
        tr.t("contacts-erased-name")
    } else {
        p.data.display_name()
    };
    html! { a href=(person_href(p.id)) { (name) } }
}

/// "from 1 March 2024" or "1 March 2024 to 30 June 2026".
pub fn tenure_range(tr: &Tr, t: &Tenure) -> String {
    match t.data.to {
        Some(to) => tr.ta(
            "contacts-tenure-range",
            &[
                ("from", tr.date(t.data.from).into()),
                ("to", tr.date(to).into()),
            ],
        ),
        None => tr.ta(
            "contacts-tenure-open",
            &[("from", tr.date(t.data.from).into())],
        ),
    }
}

/// A contacts page: its title as heading, then `body`.
pub fn contacts_page(ctx: &Ctx, status: StatusCode, title: &str, body: Markup) -> Response {
    html_response(
        status,
        page(
            ctx,
            Nav::None,
            title,
            html! {
                h1 { (title) }
                (body)
            },
        ),
    )
}

/// The message at the top of a form whose record was refused: the field
/// by its label in the reader's language, and the rule's own words.
pub fn refusal(tr: &Tr, e: &FieldError, label_of: impl Fn(&str) -> Option<String>) -> Markup {
    let root = e.field.split(['[', '.']).next().unwrap_or(&e.field);
    let label = label_of(root).unwrap_or_else(|| e.field.clone());
    html! {
        (ui::flash(Tone::Danger, &tr.ta("contacts-invalid", &[("field", label.into())])))
        p class="ui-hint" { (tr.ta("contacts-invalid-detail", &[("detail", e.to_string().into())])) }
    }
}

/// A store refusal (`Invalid("person: emails[0]: …")`) as the field error
/// it carries; `None` for other errors.
pub fn field_error_of(e: &southdesk_store::StoreError) -> Option<FieldError> {
    match e {
        southdesk_store::StoreError::Invalid(m) => {
            let rest = m.split_once(": ").map_or(m.as_str(), |(_, r)| r);
            let (field, message) = rest.split_once(": ").unwrap_or(("", rest));
            Some(FieldError::new(field, message))
        }
        _ => None,
    }
}

/// The plan's themes as boxes to tick, those `chosen` ticked.
pub fn theme_choices(
    plan: Option<&southdesk_plan::Plan>,
    lang: Lang,
    chosen: impl Fn(&str) -> bool,
) -> Vec<ui::ChoiceItem> {
    plan.map(|p| {
        p.themes
            .iter()
            .map(|t| {
                ui::ChoiceItem::new(t.id.clone(), t.title.best(lang).to_string(), chosen(&t.id))
            })
            .collect()
    })
    .unwrap_or_default()
}
