//! Self-service password reset: `/password-reset` asks for an email
//! address and answers the same whether an account has it or not; the
//! account gets an email with a link to `/password-reset/{token}`, which
//! sets a new password once, within [`RESET_LINK_TTL`]. Using it ends the
//! account's sessions and lifts any login delay. The store keeps only the
//! hash of the token and limits how often links are sent.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use southdesk_store::accounts::{NewPasswordReset, OutgoingMail, RESET_LINK_TTL, ResetRequested};
use southdesk_store::credentials;
use time::OffsetDateTime;

use crate::app::layout::{Nav, page};
use crate::app::mailer;
use crate::app::notice::html_response;
use crate::app::ui::{self, Input, Tone, Variant};
use crate::app::{AppState, Ctx, PageError};

/// A token as sent: 64 lowercase hex digits ([`credentials::random_hex`]).
fn well_formed(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[derive(Debug, Deserialize, Default)]
pub struct ForgotQuery {
    /// Set when a link could not be used.
    invalid: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

fn forgot_page(ctx: &Ctx, email: &str, notice: Option<(Tone, &str)>) -> Response {
    let tr = &ctx.tr;
    let title = tr.t("accounts-forgot-title");
    let main = html! {
        h1 id="page-heading" { (title) }
        @if let Some((tone, id)) = notice {
            (ui::flash(tone, &tr.t(id)))
        }
        p { (tr.t("accounts-forgot-intro")) }
        form class="ui-form" method="post" action="/password-reset" {
            (ui::csrf(ctx))
            (Input::email("email", &tr.t("login-email")).value(email).required().autocomplete("username"))
            (ui::actions(html! {
                (ui::button(&tr.t("accounts-forgot-submit"), Variant::Primary))
                (ui::link_button("/login", &tr.t("accounts-back-to-login"), Variant::Secondary))
            }))
        }
    };
    html_response(StatusCode::OK, page(ctx, Nav::None, &title, main))
}

pub async fn forgot_form(ctx: Ctx, Query(q): Query<ForgotQuery>) -> Response {
    let notice = q
        .invalid
        .is_some()
        .then_some((Tone::Danger, "accounts-reset-invalid"));
    forgot_page(&ctx, "", notice)
}

pub async fn forgot_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    form: Result<Form<ForgotForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let email = form.email.trim();
    if email.contains('@')
        && let Some(account) = state.store.account_by_email(email).await?
        && !account.disabled
    {
        let token = credentials::random_hex();
        let (base, from_request) = mailer::site_url(&state, &headers);
        if from_request {
            tracing::warn!(
                %base,
                "password reset link built from the request's Host: set SOUTHDESK_PUBLIC_URL"
            );
        }
        let link = format!("{base}/password-reset/{token}");
        let (subject, body) = mailer::compose(
            ctx.lang(),
            "accounts-reset-mail",
            &[
                ("email", account.email.clone().into()),
                ("link", link.into()),
            ],
        );
        let outcome = state
            .store
            .request_password_reset(NewPasswordReset {
                account_id: account.id,
                token_hash: credentials::token_hash(&token),
                at: now(),
                mail: OutgoingMail {
                    email: account.email.clone(),
                    subject,
                    body,
                },
            })
            .await?;
        match outcome {
            ResetRequested::Queued if mailer::delivering() => {
                tracing::info!(account = account.id, "password reset link queued");
            }
            ResetRequested::Queued => tracing::warn!(
                account = account.id,
                "password reset email left in the outbox, not sent: no SMTP server (--smtp-url)"
            ),
            ResetRequested::RateLimited => {
                tracing::warn!(account = account.id, "password reset asked too often")
            }
            ResetRequested::Disabled => {}
        }
    }
    // The same answer whoever asks, so that it tells nothing of accounts.
    Ok(forgot_page(
        &ctx,
        "",
        Some((Tone::Success, "accounts-forgot-sent")),
    ))
}

fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.microsecond() * 1000).unwrap_or(t)
}

fn invalid_link() -> Response {
    Redirect::to("/password-reset?invalid=1").into_response()
}

#[derive(Debug, Deserialize, Default)]
pub struct NewPasswordForm {
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

fn reset_page(
    ctx: &Ctx,
    token: &str,
    email: &str,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let tr = &ctx.tr;
    let title = tr.t("accounts-reset-title");
    let error = error.map(|id| tr.t(id));
    let hint = tr.ta(
        "accounts-reset-hint",
        &[("min", (credentials::MIN_PASSWORD_CHARS as i64).into())],
    );
    let main = html! {
        h1 id="page-heading" { (title) }
        p { (tr.ta("accounts-reset-for", &[("email", email.to_string().into())])) }
        form class="ui-form" method="post" action=(format!("/password-reset/{token}")) {
            (ui::csrf(ctx))
            (Input::password("new", &tr.t("accounts-reset-new")).hint(&hint).error(error.as_deref()).required().autocomplete("new-password"))
            (Input::password("confirm", &tr.t("accounts-reset-confirm")).required().autocomplete("new-password"))
            (ui::actions(ui::button(&tr.t("accounts-reset-submit"), Variant::Primary)))
        }
    };
    html_response(status, page(ctx, Nav::None, &title, main))
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    if !well_formed(&token) {
        return Ok(invalid_link());
    }
    let hash = credentials::token_hash(&token);
    Ok(
        match state.store.password_reset_account(&hash, now()).await? {
            Some(account) => reset_page(&ctx, &token, &account.email, StatusCode::OK, None),
            None => invalid_link(),
        },
    )
}

pub async fn reset_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    form: Result<Form<NewPasswordForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    if !well_formed(&token) {
        return Ok(invalid_link());
    }
    let hash = credentials::token_hash(&token);
    let Some(account) = state.store.password_reset_account(&hash, now()).await? else {
        return Ok(invalid_link());
    };
    let error = match credentials::check_new_password(&form.new) {
        Err(id) => Some(id),
        Ok(()) if form.new != form.confirm => Some("account-password-mismatch"),
        Ok(()) => None,
    };
    if let Some(id) = error {
        return Ok(reset_page(
            &ctx,
            &token,
            &account.email,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(id),
        ));
    }
    let new = form.new;
    let phc = tokio::task::spawn_blocking(move || credentials::hash_password(&new))
        .await
        .expect("hashing does not panic");
    match state
        .store
        .complete_password_reset(&hash, &phc, now())
        .await
    {
        Ok(account) => {
            tracing::info!(account = account.id, "password set from a reset link");
            Ok(Redirect::to("/login?reset=1").into_response())
        }
        // Used or expired meanwhile.
        Err(southdesk_store::StoreError::NotFound { .. }) => Ok(invalid_link()),
        Err(e) => Err(e.into()),
    }
}

/// How long a link lasts, for those who tell users.
pub const LINK_MINUTES: i64 = RESET_LINK_TTL.whole_minutes();
