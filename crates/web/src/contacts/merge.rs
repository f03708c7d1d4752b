//! Merging two records of one person, or of one organisation: from the
//! record to keep, staff name the duplicate, review both side by side, and
//! confirm. The kept record gets what the other adds; the other's links
//! (posts, interactions, relationships; for an organisation also its parts,
//! agreements and joint work) move over; the other's address leads to the
//! kept record.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_contacts::{FieldError, Organisation, Person};
use southdesk_store::{Party, StoreError};

use super::views::*;
use crate::app::form::Fields;
use crate::app::ui::{self, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

/// The form on a person's page that starts a merge.
pub fn merge_form(ctx: &Ctx, id: i64) -> Markup {
    start_form(ctx, &person_href(id), "contacts-merge-hint")
}

/// The form on an organisation's page that starts a merge.
pub fn org_merge_form(ctx: &Ctx, id: i64) -> Markup {
    start_form(ctx, &org_href(id), "contacts-merge-org-hint")
}

fn start_form(ctx: &Ctx, page: &str, hint: &str) -> Markup {
    let tr = &ctx.tr;
    html! {
        details class="merge" id="merge" {
            summary { (tr.t("contacts-merge")) }
            p class="ui-hint" { (tr.t(hint)) }
            form method="post" action=(format!("{page}/merge")) class="stacked-form" {
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
    let page = person_href(id);
    let other_id = match other_number(&f) {
        Ok(o) => o,
        Err(e) => return Ok(refused(&ctx, &page, &e)),
    };
    let other = match state.store.person(other_id).await? {
        Some(o) if o.id == id => {
            return Ok(refused(
                &ctx,
                &page,
                &FieldError::new("other", "is this very record"),
            ));
        }
        Some(o) if o.data.is_live() => o,
        _ => {
            return Ok(refused(
                &ctx,
                &page,
                &FieldError::new("other", format!("there is no person #{other_id} to merge")),
            ));
        }
    };
    if f.get("confirm") == Some("yes") {
        return match state
            .store
            .merge_people(id, other.id, ctx.user().map(|a| a.id))
            .await
        {
            Ok(p) => Ok(Redirect::to(&person_href(p.id)).into_response()),
            Err(e @ StoreError::Invalid(_)) => Ok(refused(
                &ctx,
                &page,
                &field_error_of(&e).unwrap_or_else(|| FieldError::new("other", e.to_string())),
            )),
            Err(e) => Err(e.into()),
        };
    }
    let kept = facts(&state, &ctx, &keep).await?;
    let gone = facts(&state, &ctx, &other).await?;
    Ok(review(
        &ctx,
        &page,
        other.id,
        &tr.ta(
            "contacts-merge-what",
            &[
                ("keep", keep.data.display_name().into()),
                ("other", other.data.display_name().into()),
            ],
        ),
        kept,
        gone,
    ))
}

/// An organisation's facts for the review: name, posts and links.
async fn org_facts(state: &AppState, ctx: &Ctx, o: &Organisation) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let posts = state.store.posts_of(o.id).await?.len() as i64;
    let interactions = state
        .store
        .interactions_of(Party::Organisation(o.id), 0)
        .await?
        .len() as i64;
    Ok(html! {
        section class="ui-card merge-side" {
            h2 class="ui-card-title" { a href=(org_href(o.id)) { (org_name(tr.lang, o)) } " · #" (o.id) }
            div class="ui-card-body" {
                p { (kind_label(tr, o.data.kind)) @if let Some(c) = &o.data.country { " · " (country_name(tr.lang, c)) } }
                p class="ui-hint" {
                    (tr.ta("contacts-merge-counts", &[("posts", posts.into()), ("interactions", interactions.into())]))
                }
            }
        }
    })
}

/// `POST /contacts/organisations/{id}/merge`: as [`person_merge`], for two
/// records of one organisation.
pub async fn org_merge(
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
        .organisation(id)
        .await?
        .filter(|o| o.data.is_live())
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let page = org_href(id);
    let other_id = match other_number(&f) {
        Ok(o) => o,
        Err(e) => return Ok(refused(&ctx, &page, &e)),
    };
    let other = match state.store.organisation(other_id).await? {
        Some(o) if o.id == id => {
            return Ok(refused(
                &ctx,
                &page,
                &FieldError::new("other", "is this very record"),
            ));
        }
        Some(o) if o.data.is_live() => o,
        _ => {
            return Ok(refused(
                &ctx,
                &page,
                &FieldError::new(
                    "other",
                    format!("there is no organisation #{other_id} to merge"),
                ),
            ));
        }
    };
    if f.get("confirm") == Some("yes") {
        return match state.store.merge_organisations(id, other.id).await {
            Ok(o) => Ok(Redirect::to(&org_href(o.id)).into_response()),
            Err(e @ StoreError::Invalid(_)) => Ok(refused(
                &ctx,
                &page,
                &field_error_of(&e).unwrap_or_else(|| FieldError::new("other", e.to_string())),
            )),
            Err(e) => Err(e.into()),
        };
    }
    let kept = org_facts(&state, &ctx, &keep).await?;
    let gone = org_facts(&state, &ctx, &other).await?;
    Ok(review(
        &ctx,
        &page,
        other.id,
        &tr.ta(
            "contacts-merge-what",
            &[
                ("keep", org_name(tr.lang, &keep).into()),
                ("other", org_name(tr.lang, &other).into()),
            ],
        ),
        kept,
        gone,
    ))
}

/// The number typed for the other record (`12` or `#12`).
fn other_number(f: &Fields) -> Result<i64, FieldError> {
    let typed = f.text("other");
    typed
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|o| *o > 0)
        .ok_or_else(|| {
            FieldError::new(
                "other",
                format!("`{typed}` is not the number of a record (#12)"),
            )
        })
}

/// A refused merge, with the way back to `page`.
fn refused(ctx: &Ctx, page: &str, e: &FieldError) -> Response {
    let tr = &ctx.tr;
    contacts_page(
        ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        &tr.t("contacts-merge"),
        html! {
            (refusal(tr, e, |_| Some(tr.t("contacts-merge-other"))))
            p { a class="button" href=(page) { (tr.t("contacts-cancel")) } }
        },
    )
}

/// The review: both records side by side, and the button that merges.
fn review(ctx: &Ctx, page: &str, other: i64, what: &str, kept: Markup, gone: Markup) -> Response {
    let tr = &ctx.tr;
    let body = html! {
        p { (what) }
        div class="merge-sides" {
            div { h3 { (tr.t("contacts-merge-kept")) } (kept) }
            div { h3 { (tr.t("contacts-merge-gone")) } (gone) }
        }
        form method="post" action=(format!("{page}/merge")) class="stacked-form" id="merge-confirm" {
            (ui::csrf(ctx))
            input type="hidden" name="other" value=(other);
            input type="hidden" name="confirm" value="yes";
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-merge-confirm"), Variant::Primary))
                (ui::link_button(page, &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
    };
    contacts_page(ctx, StatusCode::OK, &tr.t("contacts-merge"), body)
}
