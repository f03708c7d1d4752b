//! `POST /outputs/visibility`: who may read the outputs ticked on the
//! list page, changed in one go (publishing them, or taking them back).
//! Every output is checked before anything changes (each must exist and be
//! editable by the user); the change goes through
//! [`southdesk_kb::Catalogue::set_visibility`], which stores and indexes
//! each output again, as `southdesk outputs publish` does.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::outputs::Visibility;

use crate::app::form::Fields;
use crate::app::{AppState, Ctx, PageError, User};

use super::shared::facts;
use super::views::message_page;

/// The most outputs one submission changes (two pages of results).
pub const MAX_BULK: usize = 100;

/// Where to go back to: a page of the catalogue's list, else the list.
fn back_to(f: &Fields) -> String {
    match f.get("back") {
        Some(b) if b == "/outputs" || b.starts_with("/outputs?") => b.to_string(),
        _ => "/outputs".to_string(),
    }
}

pub async fn bulk_visibility(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let f = Fields::urlencoded(&body);
    let tr = &ctx.tr;
    let refuse = |status: StatusCode, text: String| {
        Ok(message_page(
            &ctx,
            status,
            &tr.t("kb-bulk-error-title"),
            &text,
        ))
    };
    let Some(to) = f.get("to").and_then(|v| v.parse::<Visibility>().ok()) else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, tr.t("kb-bulk-bad-to"));
    };
    let mut ids: Vec<i64> = Vec::new();
    for v in f.all("id") {
        match v.trim().parse::<i64>() {
            Ok(id) if id >= 1 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => {
                return refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    tr.ta("kb-bulk-bad-id", &[("value", v.to_string().into())]),
                );
            }
        }
    }
    if ids.is_empty() {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, tr.t("kb-bulk-none"));
    }
    if ids.len() > MAX_BULK {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.ta("kb-bulk-too-many", &[("max", (MAX_BULK as i64).into())]),
        );
    }
    // All checked first: nothing changes unless every output may be.
    for &id in &ids {
        match state.store.output(id).await? {
            Some(o) if allowed(Some(&user), &Action::EditOutput(facts(&o))) => {}
            Some(o) if allowed(Some(&user), &Action::ViewOutput(facts(&o))) => {
                return Err(PageError::Forbidden);
            }
            _ => {
                return refuse(
                    StatusCode::NOT_FOUND,
                    tr.ta("kb-bulk-gone", &[("id", id.into())]),
                );
            }
        }
    }
    let changes = state
        .catalogue()
        .set_visibility(&ids, to, Some(&user))
        .await?;
    let changed = changes.iter().filter(|c| c.from != to).count();
    let back = back_to(&f);
    let sep = if back.contains('?') { '&' } else { '?' };
    tracing::info!(
        by = user.id,
        to = to.as_str(),
        changed,
        asked = ids.len(),
        "visibility of outputs set"
    );
    Ok(Redirect::to(&format!("{back}{sep}changed={changed}&to={}", to.as_str())).into_response())
}
