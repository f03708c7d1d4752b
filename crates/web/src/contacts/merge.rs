//! Merging two records of one person: from the record to keep, staff name
//! the duplicate, review both side by side, and confirm. The kept record
//! gets what the other adds; the other's posts and interactions move over;
//! the other's address leads to the kept record.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_contacts::{FieldError, Person};
use southdesk_store::{Party, StoreError};

use super::views::*;
use crate::app::form::Fields;
use crate::app::ui::{self, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

/// The form on a person's page that starts a merge.
pub fn merge_form(ctx: &Ctx, id: i64) -> Markup {
    let tr = &ctx.tr;
    html! {
        details class="merge" id="merge" {
            summary { (tr.t("contacts-merge")) }
            p class="ui-hint" { (tr.t("contacts-merge-hint")) }
            form method="post" action=(format!("/contacts/people/{id}/merge")) class="stacked-form" {
                (ui::csrf(ctx))
                (ui::Input::text("other", &tr.t("contacts-merge-other")).hint(&tr.t("contacts-merge-other-hint")).required())
                (ui::actions(ui::button(&tr.t("contacts-merge-review"), Variant::Secondary)))
            }
        }
    }
}

/// A record's facts for the review: name, e-mails, posts and interactions.
async fn facts(state: &AppState, ctx: &Ctx, p: &Person) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let posts = state.store.tenures_of_person(p.id).await?.len() as i64;
    let interactions = state
        .store
        .interactions_of(Party::Person(p.id), 0)
        .await?
        .len() as i64;
    Ok(html! {
        section class="ui-card merge-side" {
            h2 class="ui-card-title" { a href=(person_href(p.id)) { (p.data.display_name()) } " · #" (p.id) }
            div class="ui-card-body" {
                p { (p.data.emails.join(", ")) }
                p class="ui-hint" {
                    (tr.ta("contacts-merge-counts", &[("posts", posts.into()), ("interactions", interactions.into())]))
                }
            }
        }
    })
}

/// `POST /contacts/people/{id}/merge`: with `other` (a record's number),
/// shows both records and what the merge does; with `confirm`, merges
/// `other` into this record and goes to it.
pub async fn person_merge(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let f = Fields {
        pairs,
        files: Vec::new(),
    };
    let keep = state
        .store
        .person(id)
        .await?
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let refuse = |e: FieldError| {
        contacts_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &tr.t("contacts-merge"),
            html! {
                (refusal(tr, &e, |_| Some(tr.t("contacts-merge-other"))))
                p { a class="button" href=(person_href(id)) { (tr.t("contacts-cancel")) } }
            },
        )
    };
    let typed = f.text("other");
    let Some(other_id) = typed
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|o| *o > 0)
    else {
        return Ok(refuse(FieldError::new(
            "other",
            format!("`{typed}` is not the number of a record (#12)"),
        )));
    };
    let other = match state.store.person(other_id).await? {
        Some(o) if o.data.is_live() && o.id != id => o,
        Some(o) if o.id == id => {
            return Ok(refuse(FieldError::new("other", "is this very record")));
        }
        _ => {
            return Ok(refuse(FieldError::new(
                "other",
                format!("there is no person #{other_id} to merge"),
            )));
        }
    };
    if f.get("confirm") == Some("yes") {
        return match state
            .store
            .merge_people(id, other.id, ctx.user().map(|a| a.id))
            .await
        {
            Ok(p) => Ok(Redirect::to(&person_href(p.id)).into_response()),
            Err(e @ StoreError::Invalid(_)) => {
                Ok(refuse(field_error_of(&e).unwrap_or_else(|| {
                    FieldError::new("other", e.to_string())
                })))
            }
            Err(e) => Err(e.into()),
        };
    }
    let kept = facts(&state, &ctx, &keep).await?;
    let gone = facts(&state, &ctx, &other).await?;
    let body = html! {
        p { (tr.ta("contacts-merge-what", &[("keep", keep.data.display_name().into()), ("other", other.data.display_name().into())])) }
        div class="merge-sides" {
            div { h3 { (tr.t("contacts-merge-kept")) } (kept) }
            div { h3 { (tr.t("contacts-merge-gone")) } (gone) }
        }
        form method="post" action=(format!("/contacts/people/{id}/merge")) class="stacked-form" id="merge-confirm" {
            (ui::csrf(&ctx))
            input type="hidden" name="other" value=(other.id);
            input type="hidden" name="confirm" value="yes";
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-merge-confirm"), Variant::Primary))
                (ui::link_button(&person_href(id), &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
    };
    Ok(contacts_page(
        &ctx,
        StatusCode::OK,
        &tr.t("contacts-merge"),
        body,
    ))
}
