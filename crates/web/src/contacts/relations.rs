//! Relationships on a person's or an organisation's page: each tie named
//! from this side ("member of", "has member"), with the other party, its
//! days and note; a form to add one and a button to remove one recorded by
//! mistake.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_contacts::{FieldError, Party, RelationData, RelationKind};
use southdesk_plan::authz::{Action, allowed};
use southdesk_store::{OrgFilter, PersonFilter, StoreError};

use super::views::*;
use crate::app::form::Fields;
use crate::app::i18n::Tr;
use crate::app::ui::{self, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

fn tie_label(tr: &Tr, name: &str) -> String {
    tr.t(&format!("contacts-relation-{name}"))
}

fn party_href(p: Party) -> String {
    match p {
        Party::Person(id) => person_href(id),
        Party::Organisation(id) => org_href(id),
    }
}

async fn party_name(
    state: &AppState,
    lang: southdesk_plan::Lang,
    p: Party,
) -> Result<String, PageError> {
    Ok(match p {
        Party::Person(id) => state
            .store
            .person(id)
            .await?
            .map_or_else(|| format!("#{id}"), |p| p.data.display_name()),
        Party::Organisation(id) => state
            .store
            .organisation(id)
            .await?
            .map_or_else(|| format!("#{id}"), |o| org_name(lang, &o)),
    })
}

/// The relationships section of `party`'s page.
pub async fn section(state: &AppState, ctx: &Ctx, party: Party) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    let mut rows = Vec::new();
    for r in state.store.relations_of(party).await? {
        if let Some((other, name)) = r.data.seen_from(party) {
            rows.push((
                r.clone(),
                other,
                name,
                party_name(state, lang, other).await?,
            ));
        }
    }
    let form = if may_edit {
        Some(add_form(state, ctx, party).await?)
    } else {
        None
    };
    Ok(html! {
        section id="relations" {
            h2 { (tr.t("contacts-relations")) }
            @if rows.is_empty() {
                p class="ui-hint" { (tr.t("contacts-relations-none")) }
            } @else {
                ul class="relations" {
                    @for (r, other, name, other_name) in &rows {
                        li id=(format!("relation-{}", r.id)) {
                            (tie_label(tr, name)) " "
                            a href=(party_href(*other)) { (other_name) }
                            @if let Some(s) = r.data.since { " · " (tr.ta("contacts-relation-from", &[("date", tr.date(s).into())])) }
                            @if let Some(u) = r.data.until { " · " (tr.ta("contacts-relation-to", &[("date", tr.date(u).into())])) }
                            @if !r.data.note.is_empty() { " — " span class="notes" { (r.data.note) } }
                            @if may_edit {
                                form method="post" action=(format!("/contacts/relations/{}/delete", r.id)) class="inline-form" {
                                    (ui::csrf(ctx))
                                    input type="hidden" name="back" value=(party.code());
                                    button type="submit" class="button button-small button-secondary" { (tr.t("contacts-relation-remove")) }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(f) = form { (f) }
        }
    })
}

/// The form that adds a relationship from `party`'s page: the tie (named
/// from this side), the other party (chosen by name from a list), days.
async fn add_form(state: &AppState, ctx: &Ctx, party: Party) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let orgs = state.store.organisations(&OrgFilter::default()).await?;
    let people = state.store.people(&PersonFilter::default()).await?;
    let mut ties: Vec<(String, String)> = Vec::new();
    for k in RelationKind::ALL {
        ties.push((k.forward().to_string(), tie_label(tr, k.forward())));
        if k.backward() != k.forward() {
            ties.push((k.backward().to_string(), tie_label(tr, k.backward())));
        }
    }
    Ok(html! {
        details class="add-relation" {
            summary { (tr.t("contacts-relation-add")) }
            form method="post" action="/contacts/relations" class="stacked-form" id="relation-form" {
                (ui::csrf(ctx))
                input type="hidden" name="party" value=(party.code());
                (ui::Select::new("tie", &tr.t("contacts-relation-kind")).options(ties).required())
                (ui::Input::text("other", &tr.t("contacts-relation-other")).hint(&tr.t("contacts-relation-other-hint")).list("relation-parties").required())
                datalist id="relation-parties" {
                    @for o in orgs.iter().filter(|o| Party::Organisation(o.id) != party) {
                        option value=(Party::Organisation(o.id).code()) { (org_name(lang, o)) }
                    }
                    @for p in people.iter().filter(|p| p.data.is_live() && Party::Person(p.id) != party) {
                        option value=(Party::Person(p.id).code()) { (p.data.display_name()) }
                    }
                }
                (ui::Input::date("since", &tr.t("contacts-relation-since")))
                (ui::Input::date("until", &tr.t("contacts-relation-until")))
                (ui::Input::text("note", &tr.t("contacts-relation-note")))
                (ui::actions(ui::button(&tr.t("contacts-relation-add"), Variant::Secondary)))
            }
        }
    })
}

fn day(field: &str, v: Option<&str>) -> Result<Option<time::Date>, FieldError> {
    v.map(|v| {
        time::Date::parse(v, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| FieldError::new(field, format!("`{v}` is not a date (YYYY-MM-DD)")))
    })
    .transpose()
}

/// The relationship a form describes, from the page's party.
fn read_form(f: &Fields, party: Party) -> Result<RelationData, FieldError> {
    let tie = f.text("tie");
    let (kind, forward) = RelationKind::ALL
        .into_iter()
        .find_map(|k| {
            if k.forward() == tie {
                Some((k, true))
            } else if k.backward() == tie {
                Some((k, false))
            } else {
                None
            }
        })
        .ok_or_else(|| FieldError::new("tie", "choose what ties them"))?;
    // A name picked from the list ends in its code: `Group of 77 (o12)`.
    let typed = f.text("other");
    let other = typed
        .trim()
        .trim_end_matches(')')
        .rsplit(['(', ' '])
        .next()
        .and_then(Party::parse)
        .ok_or_else(|| {
            FieldError::new(
                "other",
                format!("`{typed}` is not a person or an organisation of the list"),
            )
        })?;
    let (from, to) = if forward {
        (party, other)
    } else {
        (other, party)
    };
    Ok(RelationData {
        kind,
        from,
        to,
        since: day("since", f.trimmed("since"))?,
        until: day("until", f.trimmed("until"))?,
        note: f.text("note"),
    })
}

/// A refusal, in the reader's language, with the way back.
fn refused(ctx: &Ctx, back: Party, e: &FieldError) -> Response {
    let tr = &ctx.tr;
    let label = |f: &str| match f {
        "tie" => Some(tr.t("contacts-relation-kind")),
        "other" | "to" | "from" => Some(tr.t("contacts-relation-other")),
        "since" => Some(tr.t("contacts-relation-since")),
        "until" => Some(tr.t("contacts-relation-until")),
        "note" => Some(tr.t("contacts-relation-note")),
        _ => None,
    };
    contacts_page(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        &tr.t("contacts-relation-add"),
        html! {
            (refusal(tr, e, label))
            p { a class="button" href=(party_href(back)) { (tr.t("contacts-cancel")) } }
        },
    )
}

/// `POST /contacts/relations`: records the relationship and goes back to
/// the page it was added from.
pub async fn relation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields {
        pairs,
        files: Vec::new(),
    };
    let party = Party::parse(&f.text("party")).ok_or(PageError::NotFound("contacts-notfound"))?;
    let data = match read_form(&f, party) {
        Ok(d) => d,
        Err(e) => return Ok(refused(&ctx, party, &e)),
    };
    match state.store.create_relation(data).await {
        Ok(r) => {
            Ok(Redirect::to(&format!("{}#relation-{}", party_href(party), r.id)).into_response())
        }
        Err(e @ StoreError::Invalid(_)) => {
            let fe = field_error_of(&e).unwrap_or_else(|| FieldError::new("", e.to_string()));
            Ok(refused(&ctx, party, &fe))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /contacts/relations/{id}/delete`: removes it, back to the page.
pub async fn relation_delete(
    State(state): State<AppState>,
    PathId(id): PathId,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields {
        pairs,
        files: Vec::new(),
    };
    if !state.store.delete_relation(id).await? {
        return Err(PageError::NotFound("contacts-notfound"));
    }
    let back = Party::parse(&f.text("back")).map_or_else(|| "/contacts".to_string(), party_href);
    Ok(Redirect::to(&format!("{back}#relations")).into_response())
}
