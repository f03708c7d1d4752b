//! Recording a meeting and importing an iCalendar file.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::DateTime;
use maud::html;
use southdesk_calendar::{CentreRole, ChecklistItem, MeetingData, Status, When};
use southdesk_plan::Plan;
use southdesk_store::StoreError;

use super::service::{self as calendar, forums, new_uid};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::PageError;
use crate::app::form;
use crate::app::ui;

use super::api::MAX_IMPORT_BYTES;

use super::views::*;

// ---- adding a meeting ---------------------------------------------------------------------------

#[derive(Default)]
struct FormState {
    error: Option<String>,
    values: Vec<(String, String)>,
}

impl FormState {
    fn get(&self, k: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    }
    fn has(&self, k: &str, v: &str) -> bool {
        self.values.iter().any(|(n, x)| n == k && x == v)
    }
}

async fn form_page(state: &AppState, ctx: &Ctx, status: StatusCode, f: FormState) -> Response {
    let tr = &ctx.tr;
    let lang = tr.lang;
    let plan = state.plan_for_labels().await;
    let title = tr.t("cal-new-title");
    let tz = if f.get("tz").is_empty() {
        "Europe/Zurich"
    } else {
        f.get("tz")
    };
    let main = html! {
        h1 { (title) }
        @if let Some(e) = &f.error { p class="error" role="alert" { (e) } }
        form method="post" action="/meetings" class="stacked-form" id="meeting-form" {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(ctx.csrf_token());
            label for="f-title" { (tr.t("cal-field-title")) }
            input type="text" id="f-title" name="title" required value=(f.get("title"));
            label for="f-body" { (tr.t("cal-field-body")) }
            select id="f-body" name="body" {
                option value="" { (tr.t("cal-field-none")) }
                @for b in &forums().bodies {
                    option value=(b.id) selected[f.get("body") == b.id] { (b.short.best(lang)) }
                }
            }
            label for="f-start" { (tr.t("cal-field-start")) }
            input type="datetime-local" id="f-start" name="start" required value=(f.get("start"));
            label for="f-end" { (tr.t("cal-field-end")) }
            input type="datetime-local" id="f-end" name="end" required value=(f.get("end"));
            label for="f-tz" { (tr.t("cal-field-tz")) }
            input type="text" id="f-tz" name="tz" required value=(tz);
            label for="f-venue" { (tr.t("cal-field-venue")) }
            input type="text" id="f-venue" name="venue" value=(f.get("venue"));
            label for="f-online" { (tr.t("cal-field-online")) }
            input type="url" id="f-online" name="online" value=(f.get("online"));
            label for="f-languages" { (tr.t("cal-field-languages")) }
            input type="text" id="f-languages" name="languages" value=(f.get("languages"));
            label for="f-agenda" { (tr.t("cal-field-agenda")) }
            textarea id="f-agenda" name="agenda" rows="5" { (f.get("agenda")) }
            label for="f-status" { (tr.t("cal-field-status")) }
            select id="f-status" name="status" {
                @for s in Status::ALL {
                    option value=(s.as_str()) selected[f.get("status") == s.as_str()] { (status_label(tr, s)) }
                }
            }
            fieldset {
                legend { (tr.t("cal-field-roles")) }
                @for r in CentreRole::ALL {
                    label { input type="checkbox" name="role" value=(r.as_str()) checked[f.has("role", r.as_str())]; " " (role_label(tr, r)) }
                }
            }
            @if let Some(p) = &plan {
                fieldset {
                    legend { (tr.t("cal-field-themes")) }
                    @for t in &p.themes {
                        label { input type="checkbox" name="theme" value=(t.id) checked[f.has("theme", &t.id)]; " " (t.title.best(lang)) }
                    }
                }
            }
            label for="f-checklist" { (tr.t("cal-field-checklist")) }
            textarea id="f-checklist" name="checklist" rows="4" { (f.get("checklist")) }
            button type="submit" class="button" { (tr.t("cal-create")) }
        }
    };
    frame(ctx, status, &title, &[], main)
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    form_page(&state, &ctx, StatusCode::OK, FormState::default()).await
}

fn read_local(s: &str) -> Option<DateTime> {
    let s = s.trim();
    s.parse::<DateTime>()
        .ok()
        .or_else(|| format!("{s}:00").parse::<DateTime>().ok())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: String,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let values = form::pairs(body.as_bytes());
    let f = FormState {
        error: None,
        values,
    };
    let fail = |f: FormState, msg: String| async {
        form_page(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            FormState {
                error: Some(msg),
                ..f
            },
        )
        .await
    };
    if f.get("title").trim().is_empty() {
        let msg = tr.t("cal-error-title");
        return Ok(fail(f, msg).await);
    }
    let (Some(start), Some(end)) = (read_local(f.get("start")), read_local(f.get("end"))) else {
        let msg = tr.t("cal-error-time");
        return Ok(fail(f, msg).await);
    };
    let opt = |k: &str| Some(f.get(k).trim().to_string()).filter(|s| !s.is_empty());
    let mut data = MeetingData {
        uid: new_uid(),
        series: None,
        body: opt("body").filter(|b| forums().body(b).is_some()),
        title: f.get("title").to_string(),
        agenda: f.get("agenda").trim().to_string(),
        when: When::Timed {
            start,
            end,
            tz: f.get("tz").trim().to_string(),
        },
        venue: opt("venue"),
        online_url: opt("online"),
        languages: f
            .get("languages")
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        status: Status::parse(f.get("status")).unwrap_or(Status::Planned),
        themes: f
            .values
            .iter()
            .filter(|(k, _)| k == "theme")
            .map(|(_, v)| v.clone())
            .collect(),
        roles: f
            .values
            .iter()
            .filter(|(k, _)| k == "role")
            .filter_map(|(_, v)| CentreRole::parse(v))
            .collect(),
        checklist: f
            .get("checklist")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(ChecklistItem::internal)
            .collect(),
    };
    if let Err(e) = data.validate() {
        let msg = tr.ta("cal-error-invalid", &[("reason", e.to_string().into())]);
        return Ok(fail(f, msg).await);
    }
    calendar::tag_themes(&state, &mut data).await;
    match state.store.create_meeting(data).await {
        Ok(m) => Ok(Redirect::to(&format!("/meetings/{}", m.id)).into_response()),
        Err(StoreError::Invalid(reason) | StoreError::Conflict(reason)) => {
            let msg = tr.ta("cal-error-invalid", &[("reason", reason.into())]);
            Ok(fail(f, msg).await)
        }
        Err(e) => Err(e.into()),
    }
}

// ---- importing an iCalendar file -----------------------------------------------------------------

/// What the import page says above its form.
enum ImportNote {
    None,
    Error(String),
    Synced(southdesk_store::Synced),
}

fn import_page(
    ctx: &Ctx,
    status: StatusCode,
    text: &str,
    update: bool,
    note: ImportNote,
) -> Response {
    let tr = &ctx.tr;
    let title = tr.t("cal-import-title");
    let limit_mb = (MAX_IMPORT_BYTES / (1024 * 1024)).to_string();
    let file_hint = tr.ta("cal-import-file-hint", &[("mb", limit_mb.into())]);
    let main = html! {
        h1 { (title) }
        p { (tr.t("cal-import-intro-upload")) }
        @match &note {
            ImportNote::Error(e) => { div id="import-error" { (ui::flash(ui::Tone::Danger, e)) } }
            ImportNote::Synced(s) => {
                div id="import-done" {
                    (ui::flash(ui::Tone::Success, &tr.ta("cal-import-synced", &[
                        ("added", (s.added.len() as i64).into()),
                        ("updated", (s.updated.len() as i64).into()),
                        ("unchanged", (s.unchanged as i64).into()),
                    ])))
                    p { a href="/meetings" { (tr.t("cal-import-see")) } }
                }
            }
            ImportNote::None => {}
        }
        form method="post" action="/meetings/import" enctype="multipart/form-data" class="ui-form" id="import-form" {
            (ui::csrf(ctx))
            (ui::Input::file("file", &tr.t("cal-import-file")).hint(&file_hint))
            (ui::TextArea::new("ics", &tr.t("cal-import-field"))
                .hint(&tr.t("cal-import-paste-hint"))
                .rows(12)
                .value(text))
            (ui::choices(&tr.t("cal-import-options"), "update", ui::Choice::Checkbox, &[
                ui::ChoiceItem::new("1", tr.t("cal-import-update"), update),
            ]))
            (ui::actions(html! {
                (ui::button(&tr.t("cal-import-submit"), ui::Variant::Primary))
                (ui::link_button("/meetings", &tr.t("cal-import-cancel"), ui::Variant::Secondary))
            }))
        }
    };
    frame(ctx, status, &title, &[], main)
}

pub async fn import_form(ctx: Ctx) -> Response {
    import_page(&ctx, StatusCode::OK, "", false, ImportNote::None)
}

/// Imports the uploaded `.ics` file, or else the pasted text, all or
/// nothing; the error names the line and the event. With `update`,
/// meetings already stored (same UID) follow the file
/// ([`southdesk_store::MeetingStore::sync_meetings`]).
pub async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let f = form::parse(&headers, &body).unwrap_or_default();
    let update = f.get("update").is_some();
    let pasted = f.text("ics");
    let fail = |text: &str, reason: String| {
        let msg = tr.ta("cal-import-failed", &[("reason", reason.into())]);
        import_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            text,
            update,
            ImportNote::Error(msg),
        )
    };
    let (text, source) = match f.file("file") {
        Some(p) => {
            let name = p.name().to_string();
            match p.text(MAX_IMPORT_BYTES) {
                Ok(t) => (t, Some(name)),
                Err(form::NotText::TooLarge) => {
                    let reason = tr.ta(
                        "cal-import-too-big",
                        &[
                            ("file", name.into()),
                            ("mb", (MAX_IMPORT_BYTES / (1024 * 1024)).to_string().into()),
                        ],
                    );
                    return Ok(fail(&pasted, reason));
                }
                Err(form::NotText::NotUtf8 { line }) => {
                    let reason = tr.ta(
                        "cal-import-not-utf8",
                        &[("file", name.into()), ("line", (line as i64).into())],
                    );
                    return Ok(fail(&pasted, reason));
                }
            }
        }
        None => (pasted.clone(), None),
    };
    if text.trim().is_empty() {
        return Ok(fail(&pasted, tr.t("cal-import-empty")));
    }
    // Errors name the uploaded file too; a pasted text is kept in the box.
    let where_ = |reason: String| match &source {
        Some(name) => format!("{name}: {reason}"),
        None => reason,
    };
    let kept = if source.is_some() {
        pasted.as_str()
    } else {
        text.as_str()
    };
    let plan = state
        .adopted_plan()
        .await?
        .unwrap_or_else(Plan::embedded_2026_2028);
    let mut data = match southdesk_calendar::parse_ics(&text, forums(), &plan) {
        Ok(d) => d,
        Err(e) => return Ok(fail(kept, where_(e.to_string()))),
    };
    for d in &mut data {
        calendar::tag_themes(&state, d).await;
    }
    if update {
        return match state.store.sync_meetings(data).await {
            Ok(synced) => Ok(import_page(
                &ctx,
                StatusCode::OK,
                "",
                true,
                ImportNote::Synced(synced),
            )),
            Err(StoreError::Invalid(r) | StoreError::Conflict(r)) => Ok(fail(kept, where_(r))),
            Err(e) => Err(e.into()),
        };
    }
    match state.store.import_meetings(data).await {
        Ok(ms) => {
            let from = ms
                .iter()
                .map(|m| m.data.when.first_day())
                .min()
                .unwrap_or_else(today);
            Ok(Redirect::to(&format!("/meetings?from={from}")).into_response())
        }
        Err(StoreError::Invalid(r) | StoreError::Conflict(r)) => Ok(fail(kept, where_(r))),
        Err(e) => Err(e.into()),
    }
}
