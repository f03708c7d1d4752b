//! Joint work on an organisation's page: the outputs it co-published or
//! funded and the meetings it co-organised, hosted or funded, each with its
//! part; a form to record one (the output or meeting named by its page's
//! address) and a button to remove one recorded by mistake. The other side
//! (the output's and the meeting's pages) is [`crate::app::partners`].

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_contacts::{Concerns, FieldError, JointRole, JointWorkData, Work};
use southdesk_plan::authz::{Action, allowed};
use southdesk_store::StoreError;

use super::views::*;
use crate::app::form::Fields;
use crate::app::partners::role_label;
use crate::app::ui::{self, Variant};
use crate::app::{AppState, Ctx, PageError, PathId};

/// The title of an output or a meeting (its number if it is gone).
async fn work_title(
    state: &AppState,
    lang: southdesk_plan::Lang,
    w: Work,
) -> Result<String, PageError> {
    Ok(match w {
        Work::Output(id) => state
            .store
            .output(id)
            .await?
            .map_or_else(|| format!("#{id}"), |o| o.best_version(lang).title.clone()),
        Work::Meeting(id) => state
            .store
            .meeting(id)
            .await?
            .map_or_else(|| format!("#{id}"), |m| m.data.title.clone()),
    })
}

/// The joint-work section of organisation `org`'s page.
pub async fn section(state: &AppState, ctx: &Ctx, org: i64) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let may_edit = allowed(ctx.user(), &Action::EditContacts);
    let mut rows = Vec::new();
    for j in state.store.joint_work_of_org(org).await? {
        let title = work_title(state, tr.lang, j.data.work).await?;
        rows.push((j, title));
    }
    let roles: Vec<(String, String)> = JointRole::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), role_label(tr, *r)))
        .collect();
    Ok(html! {
        section id="joint-work" {
            h2 { (tr.t("contacts-joint")) }
            @if rows.is_empty() {
                p class="ui-hint" { (tr.t("contacts-joint-none")) }
            } @else {
                ul class="joint-work" {
                    @for (j, title) in &rows {
                        li id=(format!("joint-{}", j.id)) {
                            (ui::badge(&role_label(tr, j.data.role), ui::Tone::Info)) " "
                            (tr.t(match j.data.work { Work::Output(_) => "contacts-joint-output", Work::Meeting(_) => "contacts-joint-meeting" })) " "
                            a href=(j.data.work.path()) { (title) }
                            @if !j.data.note.is_empty() { " — " span class="notes" { (j.data.note) } }
                            @if may_edit {
                                form method="post" action=(format!("/contacts/joint-work/{}/delete", j.id)) class="inline-form" {
                                    (ui::csrf(ctx))
                                    button type="submit" class="button button-small button-secondary" { (tr.t("contacts-relation-remove")) }
                                }
                            }
                        }
                    }
                }
            }
            @if may_edit {
                details class="add-joint" {
                    summary { (tr.t("contacts-joint-add")) }
                    form method="post" action="/contacts/joint-work" class="stacked-form" id="joint-form" {
                        (ui::csrf(ctx))
                        input type="hidden" name="organisation" value=(org);
                        (ui::Input::text("work", &tr.t("contacts-joint-work")).hint(&tr.t("contacts-joint-work-hint")).required())
                        (ui::Select::new("role", &tr.t("contacts-joint-role")).options(roles).required())
                        (ui::Input::text("joint_note", &tr.t("contacts-relation-note")))
                        (ui::actions(ui::button(&tr.t("contacts-joint-add"), Variant::Secondary)))
                    }
                }
            }
        }
    })
}

fn read_form(f: &Fields, org: i64) -> Result<JointWorkData, FieldError> {
    let typed = f.text("work");
    let work = match Concerns::parse(&typed) {
        Some(Concerns::Output(id)) => Work::Output(id),
        Some(Concerns::Meeting(id)) => Work::Meeting(id),
        _ => {
            return Err(FieldError::new(
                "work",
                format!("`{typed}` is not the address of an output or a meeting"),
            ));
        }
    };
    let role = JointRole::parse(f.text("role").trim())
        .ok_or_else(|| FieldError::new("role", "choose a part"))?;
    Ok(JointWorkData {
        organisation: org,
        work,
        role,
        note: f.text("joint_note"),
    })
}

/// `POST /contacts/joint-work`: records it, back to the organisation.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = Fields {
        pairs,
        files: Vec::new(),
    };
    let org: i64 = f
        .trimmed("organisation")
        .and_then(|v| v.parse().ok())
        .ok_or(PageError::NotFound("contacts-notfound"))?;
    let saved = match read_form(&f, org) {
        Ok(d) => state.store.create_joint_work(d).await.map_err(|e| match e {
            e @ StoreError::Invalid(_) => {
                Ok(field_error_of(&e).unwrap_or_else(|| FieldError::new("", e.to_string())))
            }
            e => Err(e),
        }),
        Err(e) => Err(Ok(e)),
    };
    let e = match saved {
        Ok(j) => {
            return Ok(Redirect::to(&format!("{}#joint-{}", org_href(org), j.id)).into_response());
        }
        Err(Ok(e)) => e,
        Err(Err(e)) => return Err(e.into()),
    };
    let tr = &ctx.tr;
    let label = |field: &str| match field {
        "work" => Some(tr.t("contacts-joint-work")),
        "role" => Some(tr.t("contacts-joint-role")),
        "note" | "joint_note" => Some(tr.t("contacts-relation-note")),
        "organisation" => Some(tr.t("contacts-joint-organisation")),
        _ => None,
    };
    Ok(contacts_page(
        &ctx,
        StatusCode::UNPROCESSABLE_ENTITY,
        &tr.t("contacts-joint-add"),
        html! {
            (refusal(tr, &e, label))
            p { a class="button" href=(format!("{}#joint-work", org_href(org))) { (tr.t("contacts-cancel")) } }
        },
    ))
}

/// `POST /contacts/joint-work/{id}/delete`: removes it, back to the page.
pub async fn delete(
    State(state): State<AppState>,
    PathId(id): PathId,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let _ = pairs;
    let Some(j) = state.store.delete_joint_work(id).await? else {
        return Err(PageError::NotFound("contacts-notfound"));
    };
    Ok(Redirect::to(&format!("{}#joint-work", org_href(j.data.organisation))).into_response())
}
