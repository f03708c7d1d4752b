//! People in and out of the register: a CSV file imported with a preview
//! (the columns read, what each row will do, the refused rows with their
//! line and column; nothing written until confirmed, then everything or
//! nothing), and a list exported as CSV or vCard 4.0. Each exported person
//! is in the audit log.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use southdesk_contacts::sheet::{Column, MAX_BYTES};
use southdesk_contacts::{
    RowAction, RowNote, RowOutcome, Sheet, SheetError, person_uid, read_people, write_people_csv,
    write_people_vcard,
};
use southdesk_plan::Plan;
use southdesk_store::{ContactAccess, PeopleList};

use super::views::*;
use crate::app::form;
use crate::app::i18n::Tr;
use crate::app::ui::{self, Tone, Variant};
use crate::app::{AppState, Ctx, PageError};

/// The label of an import column in the reader's language.
pub fn column_label(tr: &Tr, c: Column) -> String {
    tr.t(&format!("contacts-column-{}", c.code().replace('_', "-")))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The import page: what the file may hold, the form, and (after a check)
/// the preview or what was written.
fn import_page(ctx: &Ctx, status: StatusCode, text: &str, result: Option<Markup>) -> Response {
    let tr = &ctx.tr;
    let mb = (MAX_BYTES / (1024 * 1024)).to_string();
    let body = html! {
        p { (tr.t("contacts-import-intro")) }
        @if let Some(r) = result { (r) }
        form method="post" action="/contacts/import" enctype="multipart/form-data" class="ui-form" id="import-form" {
            (ui::csrf(ctx))
            (ui::Input::file("file", &tr.t("contacts-import-file")).hint(&tr.ta("contacts-import-file-hint", &[("mb", mb.into())])))
            (ui::TextArea::new("csv", &tr.t("contacts-import-text"))
                .hint(&tr.t("contacts-import-text-hint"))
                .rows(8)
                .value(text))
            (ui::actions(html! {
                (ui::button(&tr.t("contacts-import-check"), Variant::Primary))
                (ui::link_button("/contacts", &tr.t("contacts-cancel"), Variant::Secondary))
            }))
        }
        details id="import-columns" {
            summary { (tr.t("contacts-import-columns")) }
            div class="table-scroll" {
                table class="ui-table" {
                    thead { tr {
                        th scope="col" { (tr.t("contacts-import-col-header")) }
                        th scope="col" { (tr.t("contacts-import-col-holds")) }
                    } }
                    tbody {
                        @for c in Column::ALL {
                            tr { td { code { (c.code()) } } td { (column_label(tr, c)) } }
                        }
                    }
                }
            }
            p class="ui-hint" { (tr.t("contacts-import-columns-hint")) }
        }
    };
    contacts_page(ctx, status, &tr.t("contacts-import-title"), body)
}

/// `GET /contacts/import`.
pub async fn import_form(ctx: Ctx) -> Response {
    import_page(&ctx, StatusCode::OK, "", None)
}

/// Counts of what the rows do: new, updated, unchanged, refused.
fn counts(out: &[RowOutcome]) -> [i64; 4] {
    let mut n = [0; 4];
    for o in out {
        n[match o.action {
            RowAction::Create => 0,
            RowAction::Update { .. } => 1,
            RowAction::Unchanged { .. } => 2,
            RowAction::Refuse(_) => 3,
        }] += 1;
    }
    n
}

/// The reason a row is refused: the column by its label, and the rule.
fn refusal_text(tr: &Tr, sheet: &Sheet, e: &southdesk_contacts::FieldError) -> String {
    let code = e.field.split(['[', '.']).next().unwrap_or_default();
    let column = Column::ALL.into_iter().find(|c| c.code() == code);
    match column {
        Some(c) => {
            let header = sheet
                .columns
                .iter()
                .find(|s| s.column == Some(c))
                .map_or_else(|| c.code().to_string(), |s| s.header.clone());
            tr.ta(
                "contacts-import-refused-column",
                &[
                    ("column", header.into()),
                    ("label", column_label(tr, c).into()),
                    ("reason", e.message.clone().into()),
                ],
            )
        }
        None => e.message.clone(),
    }
}

fn note_text(tr: &Tr, n: &RowNote) -> Markup {
    match n {
        RowNote::NewOrganisation(o) => {
            html! { (tr.ta("contacts-import-note-org", &[("name", o.clone().into())])) }
        }
        RowNote::NewPost(p) => {
            html! { (tr.ta("contacts-import-note-post", &[("title", p.clone().into())])) }
        }
        RowNote::Holds { post, since } => html! {
            (tr.ta("contacts-import-note-holds", &[("title", post.clone().into()), ("date", tr.date(*since).into())]))
        },
        RowNote::SameName { id } => html! {
            (tr.t("contacts-import-note-same-name")) " "
            a href=(person_href(*id)) { "#" (id) }
        },
    }
}

/// The table of rows: line, name, what happens, why.
fn rows_table(tr: &Tr, sheet: &Sheet, out: &[RowOutcome], written: bool) -> Markup {
    let line_label = tr.t("contacts-import-col-line");
    let action_label = tr.t("contacts-import-col-action");
    let details_label = tr.t("contacts-import-col-details");
    html! {
        div class="table-scroll" {
            table class="ui-table" id="import-rows" {
                thead { tr {
                    th scope="col" { (tr.t("contacts-import-col-line")) }
                    th scope="col" { (tr.t("contacts-col-name")) }
                    th scope="col" { (tr.t("contacts-import-col-action")) }
                    th scope="col" { (tr.t("contacts-import-col-details")) }
                } }
                tbody {
                    @for o in out {
                        @let refused = matches!(o.action, RowAction::Refuse(_));
                        tr class=(if refused { "row-refused" } else { "" }) id=(format!("line-{}", o.line)) {
                            td data-label=(line_label) { (o.line) }
                            td class="import-name" {
                                @if written && o.person > 0 {
                                    a href=(person_href(o.person)) { (o.name) }
                                } @else { (o.name) }
                            }
                            td data-label=(action_label) {
                                @match &o.action {
                                    RowAction::Create => { (ui::badge(&tr.t("contacts-import-create"), Tone::Success)) }
                                    RowAction::Update { id } => {
                                        (ui::badge(&tr.t("contacts-import-update"), Tone::Info)) " "
                                        a href=(person_href(*id)) { "#" (id) }
                                    }
                                    RowAction::Unchanged { .. } => { (ui::badge(&tr.t("contacts-import-unchanged"), Tone::Neutral)) }
                                    RowAction::Refuse(_) => { (ui::badge(&tr.t("contacts-import-refuse"), Tone::Danger)) }
                                }
                            }
                            td data-label=(details_label) {
                                @if let RowAction::Refuse(e) = &o.action {
                                    p class="refusal" { (refusal_text(tr, sheet, e)) }
                                }
                                @for n in &o.notes { div { (note_text(tr, n)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the file's columns are read as.
fn columns_table(tr: &Tr, sheet: &Sheet) -> Markup {
    html! {
        details id="import-mapping" open {
            summary { (tr.t("contacts-import-mapping")) }
            ul class="import-mapping" {
                @for c in &sheet.columns {
                    li {
                        code { (c.header) } " → "
                        @match c.column {
                            Some(col) => { (column_label(tr, col)) }
                            None => { em { (tr.t("contacts-import-left-out")) } }
                        }
                    }
                }
            }
        }
    }
}

/// Why a file cannot be read, in the reader's language.
fn sheet_error(tr: &Tr, e: &SheetError) -> String {
    let n = |v: u64| fluent_templates::fluent_bundle::FluentValue::from(v as i64);
    match e {
        SheetError::TooLarge => tr.ta(
            "contacts-import-too-big",
            &[(
                "mb",
                ((MAX_BYTES / (1024 * 1024)) as u64).to_string().into(),
            )],
        ),
        SheetError::NotUtf8 { line } => tr.ta("contacts-import-not-utf8", &[("line", n(*line))]),
        SheetError::Empty => tr.t("contacts-import-empty"),
        SheetError::NoName => tr.t("contacts-import-no-name"),
        SheetError::TwiceTheSameColumn {
            column,
            first,
            second,
        } => tr.ta(
            "contacts-import-twice",
            &[
                ("column", column.to_string().into()),
                ("first", n(*first as u64)),
                ("second", n(*second as u64)),
            ],
        ),
        SheetError::TooManyRows => tr.ta(
            "contacts-import-too-many",
            &[("rows", n(southdesk_contacts::sheet::MAX_ROWS as u64))],
        ),
        SheetError::Malformed { line, reason } => tr.ta(
            "contacts-import-malformed",
            &[("line", n(*line)), ("reason", reason.clone().into())],
        ),
    }
}

/// The text of the uploaded file, or else of the box; `Err` with the
/// reason in the reader's language.
fn submitted_text(tr: &Tr, f: &form::Fields) -> Result<(String, Option<String>), String> {
    let Some(p) = f.file("file") else {
        return Ok((f.text("csv"), None));
    };
    let e = match p.text(MAX_BYTES) {
        Ok(t) => return Ok((t, Some(p.name().to_string()))),
        Err(form::NotText::TooLarge) => SheetError::TooLarge,
        Err(form::NotText::NotUtf8 { line }) => SheetError::NotUtf8 { line },
    };
    Err(format!("{}: {}", p.name(), sheet_error(tr, &e)))
}

/// `POST /contacts/import`: checks the file and shows what it would do;
/// with `confirm`, writes it (all or nothing) and shows what was done.
pub async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let tr = &ctx.tr;
    let f = form::parse(&headers, &body).unwrap_or_default();
    let fail = |text: &str, reason: String| {
        let msg = tr.ta("contacts-import-failed", &[("reason", reason.into())]);
        import_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            text,
            Some(html! { div id="import-error" { (ui::flash(Tone::Danger, &msg)) } }),
        )
    };
    let (text, file) = match submitted_text(tr, &f) {
        Ok(t) => t,
        Err(reason) => return Ok(fail(&f.text("csv"), reason)),
    };
    if text.trim().is_empty() {
        return Ok(fail("", tr.t("contacts-import-empty")));
    }
    let plan = state
        .adopted_plan()
        .await?
        .unwrap_or_else(Plan::embedded_2026_2028);
    let sheet = match read_people(text.as_bytes(), today(), |t| plan.theme(t).is_some()) {
        Ok(s) => s,
        Err(e) => {
            let e = sheet_error(tr, &e);
            let reason = match &file {
                Some(name) => format!("{name}: {e}"),
                None => e,
            };
            return Ok(fail(&text, reason));
        }
    };
    let write = f.get("confirm") == Some("1");
    let by = ctx.user().map(|a| a.id);
    let out = state.store.import_people(&sheet.rows, by, write).await?;
    let [new, updated, unchanged, refused] = counts(&out);
    let n = |v: i64| fluent_templates::fluent_bundle::FluentValue::from(v);
    let summary = [
        ("rows", n(out.len() as i64)),
        ("new", n(new)),
        ("updated", n(updated)),
        ("unchanged", n(unchanged)),
        ("refused", n(refused)),
    ];
    if write && refused == 0 {
        let result = html! {
            div id="import-done" {
                (ui::flash(Tone::Success, &tr.ta("contacts-import-written", &summary)))
                p { a href="/contacts" { (tr.t("contacts-import-see")) } }
            }
            (rows_table(tr, &sheet, &out, true))
        };
        return Ok(import_page(&ctx, StatusCode::OK, "", Some(result)));
    }
    let result = html! {
        div id="import-preview" {
            @if refused > 0 {
                (ui::flash(Tone::Danger, &tr.ta("contacts-import-has-refused", &summary)))
            } @else {
                (ui::flash(Tone::Info, &tr.ta("contacts-import-preview", &summary)))
                form method="post" action="/contacts/import" enctype="multipart/form-data" id="import-confirm" {
                    (ui::csrf(&ctx))
                    input type="hidden" name="confirm" value="1";
                    textarea name="csv" hidden { (text) }
                    (ui::actions(ui::button(&tr.ta("contacts-import-confirm", &[("rows", n(new + updated))]), Variant::Primary)))
                }
            }
            (columns_table(tr, &sheet))
            (rows_table(tr, &sheet, &out, false))
        }
    };
    let status = if refused > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(import_page(&ctx, status, &text, Some(result)))
}

/// Which people an export lists: those a search on `/contacts` finds.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub q: String,
}

fn download(body: String, content_type: &str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The people a search finds, each in the audit log as exported.
async fn export(state: &AppState, ctx: &Ctx, q: &str) -> Result<PeopleList, PageError> {
    let list = state.store.people_list(q, today()).await?;
    state
        .store
        .record_contact_accesses(&list.ids(), ctx.user().map(|a| a.id), ContactAccess::Export)
        .await?;
    Ok(list)
}

/// `GET /contacts/export.csv?q=…`: the people found, in the columns an
/// import reads.
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(find): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let list = export(&state, &ctx, &find.q).await?;
    let csv = write_people_csv(&list.listed());
    Ok(download(
        csv,
        "text/csv; charset=utf-8",
        &format!("contacts-{}.csv", today()),
    ))
}

/// `GET /contacts/export.vcf?q=…`: the people found as vCard 4.0.
pub async fn export_vcard(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(find): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let list = export(&state, &ctx, &find.q).await?;
    let cards = write_people_vcard(&list.listed(), person_uid);
    Ok(download(
        cards,
        "text/vcard; charset=utf-8",
        &format!("contacts-{}.vcf", today()),
    ))
}
