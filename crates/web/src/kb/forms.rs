//! Creating and editing outputs: the form, its parsing, and the
//! confirmation of the tagger's themes and SDGs by staff.
//!
//! A new output is created without themes: the tagger proposes them, and
//! the edit page opens so that staff confirm or change them. Saving the
//! edit form confirms the tags; a change from the proposal is recorded as
//! a correction by [`southdesk_kb::Catalogue::update`].

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_kb::KbError;
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::outputs::{
    Author, FieldError, NewOutput, Output, OutputType, OutputVersion, Visibility,
};
use southdesk_plan::{Lang, Plan};
use time::Date;

use super::shared::{facts, may_view};
use super::views::{proposal, titled_page, type_label, visibility_label};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::i18n::Tr;
use crate::app::{PageError, PathId};

/// The form's values as typed.
#[derive(Debug, Clone, Default)]
struct Draft {
    output_type: String,
    series: String,
    number: String,
    date: String,
    visibility: String,
    authors: String,
    countries: String,
    meetings: String,
    programmes: Vec<String>,
    forums: Vec<String>,
    themes: Vec<String>,
    sdgs: Vec<String>,
    /// Title, abstract and body per language, in [`Lang::ALL`] order.
    versions: [(String, String, String); 4],
}

impl Draft {
    fn from_output(o: &NewOutput) -> Draft {
        let mut d = Draft {
            output_type: o.output_type.as_str().into(),
            series: o.series.clone().unwrap_or_default(),
            number: o.number.clone().unwrap_or_default(),
            date: o.date.to_string(),
            visibility: o.visibility.as_str().into(),
            authors: o
                .authors
                .iter()
                .map(|a| match &a.affiliation {
                    Some(aff) => format!("{} | {aff}", a.name),
                    None if !a.staff => format!("{} |", a.name),
                    None => a.name.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            countries: o.countries.join(", "),
            meetings: o
                .meetings
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            programmes: o.programmes.clone(),
            forums: o.forums.clone(),
            themes: o.themes.clone(),
            sdgs: o.sdgs.iter().map(u8::to_string).collect(),
            versions: Default::default(),
        };
        for (i, l) in Lang::ALL.into_iter().enumerate() {
            if let Some(v) = o.version(l) {
                d.versions[i] = (v.title.clone(), v.abstract_.clone(), v.body.clone());
            }
        }
        d
    }

    fn from_pairs(pairs: &[(String, String)]) -> Draft {
        let mut d = Draft::default();
        for (k, v) in pairs {
            match k.as_str() {
                "type" => d.output_type = v.clone(),
                "series" => d.series = v.clone(),
                "number" => d.number = v.clone(),
                "date" => d.date = v.clone(),
                "visibility" => d.visibility = v.clone(),
                "authors" => d.authors = v.clone(),
                "countries" => d.countries = v.clone(),
                "meetings" => d.meetings = v.clone(),
                "programme" => d.programmes.push(v.clone()),
                "forum" => d.forums.push(v.clone()),
                "theme" => d.themes.push(v.clone()),
                "sdg" => d.sdgs.push(v.clone()),
                k => {
                    for (i, l) in Lang::ALL.into_iter().enumerate() {
                        let slot = &mut d.versions[i];
                        if k == format!("title_{}", l.code()) {
                            slot.0 = v.clone();
                        } else if k == format!("abstract_{}", l.code()) {
                            slot.1 = v.clone();
                        } else if k == format!("body_{}", l.code()) {
                            slot.2 = v.clone();
                        }
                    }
                }
            }
        }
        d
    }

    /// The record, keeping the files and the tagger's proposal of
    /// `existing`; or the fields that cannot be read.
    fn to_new(&self, existing: Option<&Output>) -> Result<NewOutput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let output_type = OutputType::parse(&self.output_type);
        if output_type.is_none() {
            errors.push(FieldError::new("type", "invalid", "type"));
        }
        let date = Date::parse(
            self.date.trim(),
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok();
        if date.is_none() {
            errors.push(FieldError::new("date", "invalid", "date"));
        }
        let visibility = Visibility::parse(&self.visibility);
        if visibility.is_none() {
            errors.push(FieldError::new("visibility", "invalid", "visibility"));
        }
        let mut meetings = Vec::new();
        for m in split_list(&self.meetings) {
            match m.parse::<i64>() {
                Ok(id) if id > 0 => meetings.push(id),
                _ => errors.push(FieldError::new("meetings", "invalid", m)),
            }
        }
        let mut sdgs = Vec::new();
        for s in &self.sdgs {
            match s.parse::<u8>() {
                Ok(n) => sdgs.push(n),
                Err(_) => errors.push(FieldError::new("sdgs", "invalid", s.clone())),
            }
        }
        let mut versions = Vec::new();
        for (i, l) in Lang::ALL.into_iter().enumerate() {
            let (title, abstract_, body) = &self.versions[i];
            if title.trim().is_empty() && abstract_.trim().is_empty() && body.trim().is_empty() {
                continue;
            }
            let file = existing
                .and_then(|o| o.version(l))
                .and_then(|v| v.file.clone());
            versions.push(OutputVersion {
                lang: l,
                title: title.clone(),
                abstract_: abstract_.clone(),
                body: body.replace("\r\n", "\n"),
                file,
            });
        }
        let authors = self
            .authors
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.split_once('|') {
                Some((name, aff)) => Author {
                    name: name.trim().to_string(),
                    staff: false,
                    account_id: None,
                    affiliation: Some(aff.trim().to_string()).filter(|a| !a.is_empty()),
                },
                None => Author {
                    name: line.to_string(),
                    staff: true,
                    account_id: None,
                    affiliation: None,
                },
            })
            .collect();
        let (Some(output_type), Some(date), Some(visibility)) = (output_type, date, visibility)
        else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewOutput {
            output_type,
            series: Some(self.series.clone()),
            number: Some(self.number.clone()),
            date,
            visibility,
            versions,
            authors,
            programmes: self.programmes.clone(),
            forums: self.forums.clone(),
            meetings,
            countries: split_list(&self.countries)
                .into_iter()
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            themes: self.themes.clone(),
            sdgs,
            tags_confirmed: existing.is_some(),
            proposed_tags: existing
                .map(|o| o.proposed_tags.clone())
                .unwrap_or_default(),
        })
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A field error in the interface language: the field's label and what is
/// wrong with it.
fn error_text(tr: &Tr, e: &FieldError) -> String {
    let root = e
        .field
        .split(['[', '.'])
        .next()
        .unwrap_or(&e.field)
        .to_string();
    let field = match root.as_str() {
        "versions" => {
            // versions[i].title: say which language.
            let part = e.field.rsplit('.').next().unwrap_or("title");
            tr.t(match part {
                "abstract" => "kb-field-abstract",
                "body" => "kb-field-body",
                "file" | "sha256" | "media_type" | "name" | "size" => "kb-field-file",
                _ => "kb-field-title",
            })
        }
        "type" | "series" | "number" | "date" | "visibility" | "authors" | "countries"
        | "meetings" | "programmes" | "forums" | "themes" | "sdgs" => {
            tr.t(&format!("kb-field-{root}"))
        }
        _ => tr.t("kb-field-record"),
    };
    let problem = match e.code {
        "required" | "duplicate" | "unknown" | "too_long" | "series_required" | "taken" => {
            tr.t(&format!("kb-problem-{}", e.code.replace('_', "-")))
        }
        _ => tr.t("kb-problem-invalid"),
    };
    tr.ta(
        "kb-error-field",
        &[("field", field.into()), ("problem", problem.into())],
    )
}

fn checkbox_list(name: &str, options: &[(String, String)], checked: &[String]) -> Markup {
    html! {
        ul class="checkboxes" {
            @for (value, label) in options {
                li {
                    label {
                        input type="checkbox" name=(name) value=(value) checked[checked.contains(value)];
                        " " (label)
                    }
                }
            }
        }
    }
}

fn form(
    ctx: &Ctx,
    plan: Option<&Plan>,
    action: &str,
    d: &Draft,
    errors: &[FieldError],
    existing: Option<&Output>,
) -> Markup {
    let tr = &ctx.tr;
    let lang = ctx.lang();
    let editing = existing.is_some();
    let programmes: Vec<(String, String)> = plan
        .map(|p| {
            p.programmes
                .iter()
                .map(|g| {
                    (
                        g.id.clone(),
                        format!("{} — {}", g.acronym, g.name.best(lang)),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let forums: Vec<(String, String)> = plan
        .map(|p| {
            p.forums
                .iter()
                .map(|f| (f.id.clone(), f.acronym.best(lang).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let themes: Vec<(String, String)> = plan
        .map(|p| {
            p.themes
                .iter()
                .map(|t| (t.id.clone(), t.title.best(lang).to_string()))
                .collect()
        })
        .unwrap_or_default();
    let sdgs: Vec<(String, String)> = (1..=17u8)
        .map(|n| {
            (
                n.to_string(),
                tr.ta(
                    "tag-sdg-label",
                    &[
                        ("goal", n.to_string().into()),
                        ("name", tr.t(&format!("sdg-{n}")).into()),
                    ],
                ),
            )
        })
        .collect();
    html! {
        @if !errors.is_empty() {
            div class="errors" role="alert" {
                p { (tr.t("kb-form-errors")) }
                ul { @for e in errors { li { (error_text(tr, e)) } } }
            }
        }
        form method="post" action=(action) class="output-form" {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(ctx.csrf_token());
            fieldset {
                legend { (tr.t("kb-form-record")) }
                label for="type" { (tr.t("kb-field-type")) }
                select id="type" name="type" {
                    @for t in OutputType::ALL {
                        option value=(t.as_str()) selected[d.output_type == t.as_str()] { (type_label(tr, t)) }
                    }
                }
                label for="series" { (tr.t("kb-field-series")) }
                input id="series" name="series" value=(d.series);
                label for="number" { (tr.t("kb-field-number")) }
                input id="number" name="number" value=(d.number);
                label for="date" { (tr.t("kb-field-date")) }
                input type="date" id="date" name="date" value=(d.date) required;
                label for="visibility" { (tr.t("kb-field-visibility")) }
                select id="visibility" name="visibility" {
                    @for v in Visibility::ALL {
                        option value=(v.as_str()) selected[d.visibility == v.as_str()] { (visibility_label(tr, v)) }
                    }
                }
                label for="authors" { (tr.t("kb-field-authors")) }
                textarea id="authors" name="authors" rows="3" aria-describedby="authors-help" { (d.authors) }
                p id="authors-help" class="help" { (tr.t("kb-authors-help")) }
                label for="countries" { (tr.t("kb-field-countries")) }
                input id="countries" name="countries" value=(d.countries) aria-describedby="countries-help";
                p id="countries-help" class="help" { (tr.t("kb-countries-help")) }
                label for="meetings" { (tr.t("kb-field-meetings")) }
                input id="meetings" name="meetings" value=(d.meetings);
            }
            fieldset {
                legend { (tr.t("kb-field-programmes")) }
                (checkbox_list("programme", &programmes, &d.programmes))
            }
            fieldset {
                legend { (tr.t("kb-field-forums")) }
                (checkbox_list("forum", &forums, &d.forums))
            }
            @for (i, l) in Lang::ALL.into_iter().enumerate() {
                @let (title, abstract_, body) = &d.versions[i];
                fieldset class="version-fields" {
                    legend { (tr.ta("kb-form-version", &[("language", l.endonym().into())])) }
                    label for=(format!("title_{}", l.code())) { (tr.t("kb-field-title")) }
                    input id=(format!("title_{}", l.code())) name=(format!("title_{}", l.code())) lang=(l.code()) value=(title);
                    label for=(format!("abstract_{}", l.code())) { (tr.t("kb-field-abstract")) }
                    textarea id=(format!("abstract_{}", l.code())) name=(format!("abstract_{}", l.code())) lang=(l.code()) rows="4" { (abstract_) }
                    label for=(format!("body_{}", l.code())) { (tr.t("kb-field-body")) }
                    textarea id=(format!("body_{}", l.code())) name=(format!("body_{}", l.code())) lang=(l.code()) rows="6" { (body) }
                    @if let Some(f) = existing.and_then(|o| o.version(l)).and_then(|v| v.file.as_ref()) {
                        p class="help" { (tr.t("kb-field-file")) ": " a href=(format!("/files/{}", f.sha256)) { (f.name) } }
                    }
                }
            }
            @if editing {
                @if let Some(o) = existing { (proposal(tr, o, plan)) }
                fieldset {
                    legend { (tr.t("kb-field-themes")) }
                    p class="help" { (tr.t("kb-tags-help")) }
                    (checkbox_list("theme", &themes, &d.themes))
                }
                fieldset {
                    legend { (tr.t("kb-field-sdgs")) }
                    (checkbox_list("sdg", &sdgs, &d.sdgs))
                }
            } @else {
                p class="help" { (tr.t("kb-create-help")) }
            }
            button type="submit" class="button" { (tr.t(if editing { "kb-save" } else { "kb-create" })) }
        }
    }
}

fn form_page(
    ctx: &Ctx,
    status: StatusCode,
    plan: Option<&Plan>,
    (title, action): (&str, &str),
    d: &Draft,
    errors: &[FieldError],
    existing: Option<&Output>,
) -> Response {
    titled_page(
        ctx,
        status,
        title,
        html! {
            @if existing.is_none() {
                (super::upload::upload_form(ctx))
            }
            (form(ctx, plan, action, d, errors, existing))
        },
    )
}

/// `GET /outputs/new`.
pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    let plan = state.plan_for_labels().await;
    let d = Draft {
        output_type: OutputType::ResearchPaper.as_str().into(),
        visibility: Visibility::Internal.as_str().into(),
        date: time::OffsetDateTime::now_utc().date().to_string(),
        ..Draft::default()
    };
    form_page(
        &ctx,
        StatusCode::OK,
        plan.as_ref(),
        (&ctx.tr.t("kb-new-title"), "/outputs"),
        &d,
        &[],
        None,
    )
}

/// `POST /outputs`: creates the output, then opens its edit page so staff
/// confirm the proposed themes and SDGs.
pub async fn create_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let plan = state.plan_for_labels().await;
    let d = Draft::from_pairs(&pairs);
    let title = ctx.tr.t("kb-new-title");
    let invalid = |errors: Vec<FieldError>| {
        form_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            plan.as_ref(),
            (&title, "/outputs"),
            &d,
            &errors,
            None,
        )
    };
    let new = match d.to_new(None) {
        Ok(n) => n,
        Err(errors) => return Ok(invalid(errors)),
    };
    match state.catalogue().create(new, ctx.user()).await {
        Ok(o) => Ok(Redirect::to(&format!("/outputs/{}/edit?created=1", o.id)).into_response()),
        Err(KbError::Invalid(errors)) => Ok(invalid(errors)),
        Err(e) => Err(e.into()),
    }
}

/// Output `id` if the reader may edit it; 403 if they may only read it,
/// 404 otherwise.
async fn editable(state: &AppState, ctx: &Ctx, id: i64) -> Result<Output, PageError> {
    match state.store.output(id).await? {
        Some(o) if allowed(ctx.user(), &Action::EditOutput(facts(&o))) => Ok(o),
        Some(o) if may_view(ctx.user(), &o) => Err(PageError::Forbidden),
        _ => Err(PageError::NotFound("kb-notfound")),
    }
}

/// `GET /outputs/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    let o = editable(&state, &ctx, id).await?;
    let plan = state.plan_for_labels().await;
    Ok(form_page(
        &ctx,
        StatusCode::OK,
        plan.as_ref(),
        (
            &ctx.tr.t("kb-edit-title"),
            &format!("/outputs/{}/edit", o.id),
        ),
        &Draft::from_output(&o),
        &[],
        Some(&o),
    ))
}

/// `POST /outputs/{id}/edit`: saves the record and confirms its tags.
pub async fn edit_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let o = editable(&state, &ctx, id).await?;
    let plan = state.plan_for_labels().await;
    let d = Draft::from_pairs(&pairs);
    let title = ctx.tr.t("kb-edit-title");
    let action = format!("/outputs/{}/edit", o.id);
    let invalid = |errors: Vec<FieldError>| {
        form_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            plan.as_ref(),
            (&title, &action),
            &d,
            &errors,
            Some(&o),
        )
    };
    let new = match d.to_new(Some(&o)) {
        Ok(n) => n,
        Err(errors) => return Ok(invalid(errors)),
    };
    // Who may edit it may not make it unreadable to themselves.
    let after = southdesk_plan::authz::OutputFacts {
        visibility: new.visibility,
        programmes: &new.programmes,
    };
    if !allowed(ctx.user(), &Action::EditOutput(after)) {
        return Ok(invalid(vec![FieldError::new(
            "visibility",
            "invalid",
            "visibility",
        )]));
    }
    match state.catalogue().update(o.id, new, ctx.user()).await {
        Ok(o) => Ok(Redirect::to(&format!("/outputs/{}", o.id)).into_response()),
        Err(KbError::Invalid(errors)) => Ok(invalid(errors)),
        Err(e) => Err(e.into()),
    }
}
