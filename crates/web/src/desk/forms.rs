//! Submitting a request: the form and what it sends.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use southdesk_plan::requests::{self as rules, Channel, Mode, Requester};
use southdesk_plan::{Account, Lang, Plan};

use super::labels;
use super::workflow::{self as desk, DeskError, Submission};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::form::{self, Fields};
use crate::app::labels::members;
use crate::app::layout::{Nav, page};
use crate::app::notice::html_response;
use crate::app::{PageError, User};

use super::views::*;

// ---- submitting ------------------------------------------------------------------

/// What the form shows again after an error.
#[derive(Default)]
struct Draft {
    fields: Fields,
    error: Option<String>,
    /// A request just logged that its author may not open (staff logging
    /// one for a member state): said above a fresh form.
    logged: Option<i64>,
}

fn submit_form(
    ctx: &Ctx,
    user: &Account,
    plan: Option<&Plan>,
    status: StatusCode,
    d: Draft,
) -> Response {
    let tr = &ctx.tr;
    let f = &d.fields;
    let own = desk::own_party(user);
    let staff = user.role.is_secretariat();
    let title = tr.t("req-new-title");
    let main = html! {
        h1 id="page-heading" { (title) }
        @if let Some(id) = d.logged {
            div id="req-logged" { (crate::app::ui::flash(crate::app::ui::Tone::Success, &tr.ta("req-logged", &[("id", id.into())]))) }
        }
        @if let Some(e) = &d.error {
            p class="notice notice-error" role="alert" id="req-error" { (tr.t(e)) " " (tr.t("req-nothing-stored")) }
        }
        form class="auth-form req-form" method="post" action="/requests" enctype="multipart/form-data" {
            (csrf(ctx))
            div class="field" {
                label for="req-requester" { (tr.t("req-field-requester")) }
                @match (&own, staff) {
                    (Some(r), _) => {
                        input type="hidden" name="requester" value=(r.key());
                        p id="req-requester" { (labels::requester_name(tr, r)) }
                    }
                    (None, _) => {
                        select id="req-requester" name="requester" required {
                            @for c in members().countries.iter().filter(|c| c.member || c.member_uncertain) {
                                @let key = format!("member:{}", c.iso3);
                                option value=(key) selected[f.get("requester") == Some(key.as_str())] { (c.name.best(tr.lang)) }
                            }
                            @for g in &members().groups {
                                @let key = format!("group:{}", g.id);
                                option value=(key) selected[f.get("requester") == Some(key.as_str())] { (g.name.best(tr.lang)) }
                            }
                        }
                    }
                }
            }
            @if staff {
                div class="field" {
                    label for="req-channel" { (tr.t("req-field-channel")) }
                    select id="req-channel" name="channel" {
                        @for c in Channel::ALL.iter().filter(|c| **c != Channel::Api) {
                            option value=(c.as_str()) selected[f.get("channel") == Some(c.as_str())] { (tr.t(&format!("req-channel-{}", c.as_str()))) }
                        }
                    }
                }
            }
            div class="field" {
                label for="req-title" { (tr.t("req-field-title")) }
                input type="text" id="req-title" name="title" value=(f.text("title")) required maxlength=(rules::MAX_TITLE_CHARS);
            }
            div class="field" {
                label for="req-text" { (tr.t("req-field-text")) }
                textarea id="req-text" name="text" rows="8" required { (f.text("text")) }
            }
            div class="field" {
                label for="req-contact" { (tr.t("req-field-contact")) }
                input type="text" id="req-contact" name="contact" value=(f.text("contact")) required;
            }
            div class="field" {
                label for="req-lang" { (tr.t("req-field-lang")) }
                select id="req-lang" name="lang" {
                    @for l in Lang::ALL {
                        option value=(l.code()) selected[f.get("lang").map_or(l == tr.lang, |v| v == l.code())] { (l.endonym()) }
                    }
                }
            }
            div class="field" {
                label for="req-mode" { (tr.t("req-field-mode")) }
                select id="req-mode" name="mode" {
                    @for m in Mode::ALL {
                        option value=(m.as_str()) selected[f.get("mode") == Some(m.as_str())] { (mode_label(tr, plan, *m)) }
                    }
                }
            }
            div class="field" {
                label for="req-forum" { (tr.t("req-field-forum")) }
                input type="text" id="req-forum" name="forum" value=(f.text("forum"));
            }
            div class="field" {
                label for="req-meeting" { (tr.t("req-field-meeting")) }
                input type="text" id="req-meeting" name="meeting" value=(f.text("meeting"));
            }
            div class="field" {
                label for="req-deadline" { (tr.t("req-field-deadline")) }
                input type="date" id="req-deadline" name="deadline" value=(f.text("deadline"));
            }
            div class="field" {
                label {
                    input type="checkbox" name="confidential" value="1" checked[f.get("confidential").is_some()];
                    " " (tr.t("req-field-confidential"))
                }
            }
            div class="field" {
                label for="req-files" { (tr.t("req-field-attachments")) }
                input type="file" id="req-files" name="attachment" multiple;
            }
            button type="submit" class="button" id="req-submit" { (tr.t("req-submit")) }
        }
    };
    html_response(status, page(ctx, Nav::None, &title, main))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NewFormQuery {
    logged: Option<i64>,
}

/// `GET /requests/new` (`?logged=ID` after logging a request its author
/// may not open).
pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    axum::extract::Query(q): axum::extract::Query<NewFormQuery>,
) -> Response {
    let plan = state.plan_for_labels().await;
    let draft = Draft {
        logged: q.logged,
        ..Draft::default()
    };
    submit_form(&ctx, &user, plan.as_ref(), StatusCode::OK, draft)
}

/// `POST /requests`: stores the request whole, or nothing (and says so).
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let plan = state.plan_for_labels().await;
    let Some(fields) = form::parse(&headers, &body) else {
        return Ok(submit_form(
            &ctx,
            &user,
            plan.as_ref(),
            StatusCode::BAD_REQUEST,
            Draft {
                error: Some("req-error-other".into()),
                ..Default::default()
            },
        ));
    };
    let requester = match fields.get("requester") {
        Some(k) if !k.is_empty() => match Requester::parse_key(k) {
            Some(r) => Some(r),
            None => {
                return Ok(submit_form(
                    &ctx,
                    &user,
                    plan.as_ref(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Draft {
                        error: Some("req-error-unknown-member".into()),
                        fields,
                        logged: None,
                    },
                ));
            }
        },
        _ => None,
    };
    let sub = Submission {
        requester,
        contact: fields.text("contact"),
        title: fields.text("title"),
        text: fields.text("text"),
        lang: fields.text("lang"),
        mode: fields.text("mode"),
        forum: fields.get("forum").map(str::to_string),
        meeting: fields.get("meeting").map(str::to_string),
        deadline: fields.get("deadline").map(str::to_string),
        confidential: fields.get("confidential").is_some(),
        channel: fields.get("channel").and_then(Channel::parse),
        attachments: fields
            .files
            .iter()
            .map(|f| (f.filename.clone(), f.content_type.clone(), f.bytes.clone()))
            .collect(),
        idempotency_key: fields.get("idempotency_key").map(str::to_string),
    };
    match desk::submit(&state, &user, sub, Channel::Web).await {
        Ok(done) => {
            let id = done.request.id;
            // Staff logging a request for a member state may not open it
            // until it is assigned to them: back to a fresh form that says
            // it was logged, not to a page they are refused.
            let may_open = southdesk_plan::authz::allowed(
                Some(&user),
                &southdesk_plan::authz::Action::ViewRequest(done.request.facts()),
            );
            let to = if may_open {
                format!("/requests/{id}?stored=1")
            } else {
                format!("/requests/new?logged={id}")
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(DeskError::Store(e)) => Err(e.into()),
        Err(e) => {
            let (status, id) = refusal(&e);
            let fields = Fields {
                files: Vec::new(),
                ..fields
            };
            Ok(submit_form(
                &ctx,
                &user,
                plan.as_ref(),
                status,
                Draft {
                    fields,
                    error: Some(id),
                    logged: None,
                },
            ))
        }
    }
}
