//! `POST /outputs/upload`: a document uploaded on the new-output page runs
//! through the same ingestion pipeline as `southdesk ingest`
//! ([`southdesk_ingest::ingest_bytes`]): text, title, language and metadata
//! are read from the file, its content hash is checked against the store,
//! and the catalogue tags, stores and indexes it. The edit page then opens
//! so staff confirm the record and its proposed themes and SDGs.
//!
//! Bodies over [`MAX_UPLOAD_BYTES`] are refused with 413 before they are
//! read whole (by the route's body limit and the CSRF check's bounded read).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use southdesk_ingest::manifest::ManifestRow;
use southdesk_ingest::pipeline::{Options, UploadOutcome, ingest_bytes};
use southdesk_ingest::{CatalogueSink, Limits};
use southdesk_plan::Lang;
use southdesk_plan::outputs::{OutputType, Visibility};

use super::shared::may_view;
use super::views::message_page;
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::PageError;

/// Largest upload, in bytes: the multipart limit of the CSRF check.
pub const MAX_UPLOAD_BYTES: usize = crate::app::limits::MAX_MULTIPART_BYTES;

/// The upload form shown above the new-output form.
pub fn upload_form(ctx: &Ctx) -> Markup {
    let tr = &ctx.tr;
    html! {
        form method="post" action="/outputs/upload" enctype="multipart/form-data" class="output-upload" {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(ctx.csrf_token());
            fieldset {
                legend { (tr.t("kb-upload-title")) }
                p class="help" {
                    (tr.ta("kb-upload-help", &[("mb", ((MAX_UPLOAD_BYTES >> 20) as u64).into())]))
                }
                label for="upload-file" { (tr.t("kb-upload-file")) }
                input type="file" id="upload-file" name="file" required
                    accept=".pdf,.docx,.html,.htm,.md,.markdown,.txt";
                button type="submit" class="button" { (tr.t("kb-upload-button")) }
            }
        }
    }
}

/// `POST /outputs/upload` (multipart: `file`, and optionally `type`,
/// `visibility`, `lang`).
pub async fn upload_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let failed = |status: StatusCode, detail: &str| {
        let text = format!("{} {detail}", ctx.tr.t("kb-upload-failed-text"));
        message_page(&ctx, status, &ctx.tr.t("kb-upload-failed"), &text)
    };
    let Some(mut fields) = crate::app::form::parse(&headers, &body) else {
        return Ok(failed(StatusCode::BAD_REQUEST, ""));
    };
    let Some(file) = fields
        .files
        .iter()
        .position(|f| f.field == "file" && !f.bytes.is_empty())
        .map(|i| fields.files.swap_remove(i))
    else {
        return Ok(failed(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ctx.tr.t("kb-upload-no-file"),
        ));
    };
    let meta = ManifestRow {
        file_as_written: file.filename.clone(),
        output_type: fields.get("type").and_then(OutputType::parse),
        visibility: fields.get("visibility").and_then(Visibility::parse),
        lang: fields.get("lang").and_then(Lang::parse),
        ..ManifestRow::default()
    };
    let opts = Options {
        limits: Limits {
            max_file_bytes: MAX_UPLOAD_BYTES as u64,
            ..Limits::default()
        },
        visibility: Visibility::Internal,
        // As the manual form: a research paper unless the document says
        // otherwise; staff confirm the record on the edit page that follows.
        default_type: meta.output_type.or(Some(OutputType::ResearchPaper)),
        ..Options::default()
    };
    let sink = CatalogueSink::new(state.catalogue(), ctx.user().cloned());
    let name = if file.filename.trim().is_empty() {
        "upload".to_string()
    } else {
        file.filename.clone()
    };
    Ok(
        match ingest_bytes(&sink, &name, file.bytes, Some(meta), &opts).await {
            Ok(UploadOutcome::Created(o)) => {
                Redirect::to(&format!("/outputs/{}/edit?created=1", o.id)).into_response()
            }
            Ok(UploadOutcome::AlreadyStored(o)) if may_view(ctx.user(), &o) => {
                Redirect::to(&format!("/outputs/{}?duplicate=1", o.id)).into_response()
            }
            Ok(UploadOutcome::AlreadyStored(_)) => {
                failed(StatusCode::CONFLICT, &ctx.tr.t("kb-upload-duplicate"))
            }
            Err(f) => {
                let why = f
                    .error
                    .as_ref()
                    .map_or_else(|| f.reason.clone(), |e| extraction_error(&ctx.tr, e));
                failed(StatusCode::UNPROCESSABLE_ENTITY, &why)
            }
        },
    )
}

/// Why a file could not be read, in the reader's language.
fn extraction_error(tr: &crate::app::i18n::Tr, e: &southdesk_ingest::ExtractError) -> String {
    use southdesk_ingest::ExtractError as E;
    match e {
        E::TooLarge { limit, .. } => tr.ta(
            "kb-upload-err-too-large",
            &[("mb", (limit.div_ceil(1024 * 1024) as i64).into())],
        ),
        E::Unsupported { .. } => tr.t("kb-upload-err-unsupported"),
        E::PdfEncrypted => tr.t("kb-upload-err-encrypted"),
        E::PdfCorrupt(_) | E::DocxCorrupt(_) | E::ParserPanic { .. } | E::Io(_) => {
            tr.t("kb-upload-err-damaged")
        }
        E::ZipBomb(_) | E::PdfBomb(_) => tr.t("kb-upload-err-bomb"),
        E::NoText(_) => tr.t("kb-upload-err-no-text"),
        E::NotText => tr.t("kb-upload-err-binary"),
    }
}
