//! Logging in and out, one's own account (`/account`) and the
//! administration of accounts (`/admin/users`).
//!
//! Who may reach each handler is decided by [`crate::routes`] with
//! `plan::authz`; handlers only act on the account they are given.

use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::extract::connect_info::ConnectInfo;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_plan::{Account, AccountError, Plan, Role, people};
use southdesk_store::credentials;
use southdesk_store::{ApiToken, NewAccount, Session, StoreError};
use time::{Duration, OffsetDateTime};

use crate::app::AppState;
use crate::app::Ctx;
use crate::app::auth::{self, Auth, SESSION_COOKIE, SESSION_IDLE, Via};
use crate::app::i18n::Tr;
use crate::app::labels::members;
use crate::app::layout::{Nav, column_heads, page};
use crate::app::notice::html_response;
use crate::app::ui;
use crate::app::{PageError, PathId, User};

/// Failed logins per email within [`THROTTLE_WINDOW`] after which each new
/// attempt must wait ([`login_delay`]); per client address, after which
/// the address is refused until the window has passed.
pub const MAX_FAILURES_PER_EMAIL: u64 = 5;
pub const MAX_FAILURES_PER_IP: u64 = 20;
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);

/// How long after the last failure an email with `failures` failures in
/// the window may try again: nothing below [`MAX_FAILURES_PER_EMAIL`], then
/// 30 s, doubling with each further failure, at most the window. The owner
/// is slowed, never locked out; an attacker gets a handful of guesses an
/// hour.
pub fn login_delay(failures: u64) -> Duration {
    if failures < MAX_FAILURES_PER_EMAIL {
        return Duration::ZERO;
    }
    let doublings = (failures - MAX_FAILURES_PER_EMAIL).min(10) as u32;
    let secs = 30i64.saturating_mul(1 << doublings);
    Duration::seconds(secs.min(THROTTLE_WINDOW.whole_seconds()))
}

/// A hash to verify against when the email is unknown, so that the answer
/// takes as long as for a known one.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| credentials::hash_password("not the password of anyone"));

/// Percent-encodes a query value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A local path to go to after logging in (never another site).
/// Where to go after logging in: a path of this site only. Browsers drop
/// tabs and line breaks from addresses (`/\t/evil.com` is read as
/// `//evil.com`), so any control character or whitespace, a backslash, or a
/// second leading slash sends the user to their start page instead.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            n
        }
        _ => "/start",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_followed_after_login() {
        for good in ["/requests/3", "/outputs?q=trade&page=2", "/start"] {
            assert_eq!(safe_next(Some(good)), good);
        }
        for bad in [
            "//evil.com",
            "/\t/evil.com",
            "/\n/evil.com",
            "/\r/evil.com",
            "/\0x",
            "/ /evil.com",
            "/\\evil.com",
            "https://evil.com",
            "evil.com",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/start", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/start");
    }
}

fn csrf_field(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(auth::CSRF_FIELD) value=(ctx.csrf_token()); }
}

fn role_label(tr: &Tr, role: Role) -> String {
    tr.t(&format!("account-role-{role}"))
}

/// The binding of an account, as shown: programme, member state or group.
fn binding(tr: &Tr, plan: Option<&Plan>, a: &Account) -> String {
    let lang = tr.lang;
    if let Some(p) = &a.programme {
        return plan
            .and_then(|plan| plan.programme(p))
            .map_or(p.clone(), |p| p.acronym.clone());
    }
    if let Some(m) = &a.member {
        return members()
            .country(m)
            .map_or(m.clone(), |c| c.name.best(lang).to_string());
    }
    if let Some(g) = &a.group {
        return members()
            .group(g)
            .map_or(g.clone(), |g| g.name.best(lang).to_string());
    }
    String::new()
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

// ---- login and logout ---------------------------------------------------------

#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
    /// Set after a password was set from a reset link.
    reset: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

fn login_page(
    ctx: &Ctx,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<&str>,
) -> Response {
    login_page_with(ctx, status, email, next, error, None)
}

fn login_page_with(
    ctx: &Ctx,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> Response {
    let tr = &ctx.tr;
    let title = tr.t("login-title");
    let main = html! {
        h1 id="page-heading" { (title) }
        @if let Some(n) = notice {
            (ui::flash(ui::Tone::Success, &tr.t(n)))
        }
        @if let Some(error) = error {
            p class="notice notice-error" role="alert" id="login-error" { (tr.t(error)) }
        }
        form class="auth-form" method="post" action="/login" {
            (csrf_field(ctx))
            input type="hidden" name="next" value=(next);
            div class="field" {
                label for="login-email" { (tr.t("login-email")) }
                input type="email" id="login-email" name="email" value=(email) required autocomplete="username";
            }
            div class="field" {
                label for="login-password" { (tr.t("login-password")) }
                input type="password" id="login-password" name="password" required autocomplete="current-password";
            }
            button type="submit" class="button" { (tr.t("login-submit")) }
        }
        p class="hint" { a href="/password-reset" id="forgot-link" { (tr.t("accounts-forgot-link")) } }
    };
    html_response(status, page(ctx, Nav::None, &title, main))
}

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let notice = q.reset.is_some().then_some("accounts-reset-done");
    login_page_with(
        &ctx,
        StatusCode::OK,
        "",
        safe_next(q.next.as_deref()),
        None,
        notice,
    )
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: axum::http::HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let next = safe_next(form.next.as_deref()).to_string();
    let ip = state
        .auth
        .client_ip(connect.map(|Extension(c)| c.0.ip()), &headers)
        .map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
    let email = form.email.trim().to_lowercase();
    let store = state.store.as_ref();
    let now = OffsetDateTime::now_utc();
    let throttled = |wait: Duration| {
        tracing::warn!(%ip, "login throttled");
        let mut r = login_page(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            &form.email,
            &next,
            Some("login-throttled"),
        );
        r.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(wait.whole_seconds().max(1)),
        );
        r
    };

    let before = store
        .login_failures_since(&email, &ip, now - THROTTLE_WINDOW)
        .await?;
    if before.by_ip >= MAX_FAILURES_PER_IP {
        return Ok(throttled(THROTTLE_WINDOW));
    }
    // Past the limit, an email waits a rising delay after its last failure
    // (a refused attempt is not counted, so waiting is always enough).
    let wait = login_delay(before.by_email);
    if wait > Duration::ZERO
        && store
            .login_failures_since(&email, &ip, now - wait)
            .await?
            .by_email
            > 0
    {
        return Ok(throttled(wait));
    }
    // The attempt counts as a failure before the password is checked (and
    // is forgotten if it succeeds): of attempts made at once, only those
    // the limit allows are checked.
    store.record_login_failure(&email, &ip, now).await?;
    let after = store
        .login_failures_since(&email, &ip, now - THROTTLE_WINDOW)
        .await?;
    let room = if before.by_email >= MAX_FAILURES_PER_EMAIL {
        before.by_email + 1
    } else {
        MAX_FAILURES_PER_EMAIL
    };
    if after.by_email > room || after.by_ip > MAX_FAILURES_PER_IP {
        return Ok(throttled(
            login_delay(after.by_email).max(Duration::seconds(1)),
        ));
    }

    let account = store.account_by_email(&email).await?;
    let phc = match &account {
        Some(a) => store.password_hash(a.id).await?,
        None => None,
    };
    let password = form.password;
    let known_hash = phc.is_some();
    let phc = phc.unwrap_or_else(|| DUMMY_HASH.clone());
    let verified =
        tokio::task::spawn_blocking(move || credentials::verify_password(&password, &phc))
            .await
            .unwrap_or(false);

    Ok(match account {
        Some(account) if verified && known_hash && !account.disabled => {
            if let Err(e) = store.clear_login_failures(&email).await {
                tracing::warn!(error = %e, "cannot forget failed logins");
            }
            let cookie = start_session(&state, account.id).await?;
            let mut r = see_other(&next);
            r.headers_mut().append(header::SET_COOKIE, cookie);
            r
        }
        _ => {
            // Already counted above.
            login_page(
                &ctx,
                StatusCode::UNAUTHORIZED,
                &form.email,
                &next,
                Some("login-failed"),
            )
        }
    })
}

/// Creates a session for the account; returns its `Set-Cookie` value.
async fn start_session(state: &AppState, account_id: i64) -> Result<HeaderValue, StoreError> {
    let id = credentials::random_hex();
    let now = OffsetDateTime::now_utc();
    let now = now
        .replace_nanosecond(now.microsecond() * 1000)
        .unwrap_or(now);
    state
        .store
        .create_session(Session {
            id_hash: southdesk_common::sha256_hex(&id),
            account_id,
            csrf_token: credentials::random_hex(),
            created_at: now,
            last_seen: now,
            expires_at: now + SESSION_IDLE,
        })
        .await?;
    Ok(state.auth.cookie(SESSION_COOKIE, &id, None))
}

pub async fn logout(State(state): State<AppState>, auth: Option<Extension<Auth>>) -> Response {
    if let Some(Extension(Auth {
        via: Via::Session(id_hash),
        ..
    })) = auth
        && let Err(e) = state.store.delete_session(&id_hash).await
    {
        tracing::warn!(error = %e, "cannot end a session");
    }
    let mut r = see_other("/");
    r.headers_mut().append(
        header::SET_COOKIE,
        state.auth.cookie(SESSION_COOKIE, "", Some(Duration::ZERO)),
    );
    r
}

// ---- one's own account --------------------------------------------------------

/// What `/account` shows besides the account.
#[derive(Default)]
struct AccountView<'a> {
    /// A token just created, shown once.
    new_token: Option<(&'a str, &'a str)>,
    /// Message id of a notice (`account-password-changed`) or error.
    notice: Option<&'a str>,
    error: Option<&'a str>,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    me: &Account,
    status: StatusCode,
    view: AccountView<'_>,
) -> Result<Response, PageError> {
    let tokens = state.store.api_tokens(me.id).await?;
    let plan = state.plan_for_labels().await;
    let tr = &ctx.tr;
    let title = tr.t("account-title");
    let bound = binding(tr, plan.as_ref(), me);
    let main = html! {
        h1 id="page-heading" { (title) }
        @if let Some(n) = view.notice {
            p class="notice" role="status" { (tr.t(n)) }
        }
        @if let Some(e) = view.error {
            p class="notice notice-error" role="alert" { (tr.t(e)) }
        }
        dl class="account-facts" {
            dt { (tr.t("account-name")) } dd { (me.name) }
            dt { (tr.t("account-email")) } dd { (me.email) }
            dt { (tr.t("account-role")) } dd { (role_label(tr, me.role)) }
            @if !bound.is_empty() {
                dt { (tr.t("account-binding")) } dd { (bound) }
            }
        }
        section aria-labelledby="password-heading" {
            h2 id="password-heading" { (tr.t("account-password-heading")) }
            form class="auth-form" method="post" action="/account/password" {
                (csrf_field(ctx))
                div class="field" {
                    label for="pw-current" { (tr.t("account-password-current")) }
                    input type="password" id="pw-current" name="current" required autocomplete="current-password";
                }
                div class="field" {
                    label for="pw-new" { (tr.t("account-password-new")) }
                    input type="password" id="pw-new" name="new" required minlength=(credentials::MIN_PASSWORD_CHARS) autocomplete="new-password";
                }
                div class="field" {
                    label for="pw-confirm" { (tr.t("account-password-confirm")) }
                    input type="password" id="pw-confirm" name="confirm" required autocomplete="new-password";
                }
                button type="submit" class="button" { (tr.t("account-password-submit")) }
            }
        }
        section aria-labelledby="tokens-heading" {
            h2 id="tokens-heading" { (tr.t("tokens-heading")) }
            p { (tr.t("tokens-intro")) }
            @if let Some((name, secret)) = view.new_token {
                div class="notice" role="status" {
                    p { (tr.ta("tokens-created", &[("name", name.to_string().into())])) }
                    p { code id="new-token" { (secret) } }
                }
            }
            @if tokens.is_empty() {
                p { (tr.t("tokens-none")) }
            } @else {
                table class="tokens" {
                    caption { (tr.t("tokens-caption")) }
                    (column_heads(tr, &["tokens-col-name", "tokens-col-prefix", "tokens-col-created", "tokens-col-used", "tokens-col-state"]))
                    tbody {
                        @for t in &tokens { (token_row(ctx, t)) }
                    }
                }
            }
            form class="auth-form" method="post" action="/account/tokens" {
                (csrf_field(ctx))
                div class="field" {
                    label for="token-name" { (tr.t("tokens-name")) }
                    input type="text" id="token-name" name="name" required maxlength="100";
                }
                button type="submit" class="button" { (tr.t("tokens-create")) }
            }
        }
    };
    let mut r = html_response(status, page(ctx, Nav::None, &title, main));
    // A new token is shown once: keep it out of every cache.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

fn token_row(ctx: &Ctx, t: &ApiToken) -> Markup {
    let tr = &ctx.tr;
    html! {
        tr {
            td { (t.name) }
            td { code { (t.prefix) "…" } }
            td { (tr.date(t.created_at.date())) }
            td {
                @match t.last_used_at {
                    Some(at) => (tr.date(at.date())),
                    None => (tr.t("tokens-never-used")),
                }
            }
            td {
                @if t.revoked_at.is_some() {
                    (tr.t("tokens-revoked"))
                } @else {
                    form method="post" action=(format!("/account/tokens/{}/revoke", t.id)) {
                        (csrf_field(ctx))
                        button type="submit" class="button button-small" { (tr.t("tokens-revoke")) }
                    }
                }
            }
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    User(me): User,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let fail = |id| AccountView {
        error: Some(id),
        ..Default::default()
    };
    let phc = state
        .store
        .password_hash(me.id)
        .await?
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let current = form.current.clone();
    let ok = tokio::task::spawn_blocking(move || credentials::verify_password(&current, &phc))
        .await
        .unwrap_or(false);
    let error = if !ok {
        Some("account-password-wrong")
    } else if let Err(id) = credentials::check_new_password(&form.new) {
        Some(id)
    } else if form.new != form.confirm {
        Some("account-password-mismatch")
    } else {
        None
    };
    if let Some(id) = error {
        return account_page(
            &state,
            &ctx,
            &me,
            StatusCode::UNPROCESSABLE_ENTITY,
            fail(id),
        )
        .await;
    }
    let new = form.new;
    let phc = tokio::task::spawn_blocking(move || credentials::hash_password(&new))
        .await
        .expect("hashing does not panic");
    // A new password ends every session, this one too: start a new one.
    state.store.set_password_hash(me.id, &phc).await?;
    let cookie = start_session(&state, me.id).await?;
    let mut r = see_other("/account?changed=1");
    r.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(r)
}

#[derive(Debug, Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    User(me): User,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        let view = AccountView {
            error: Some("tokens-name-missing"),
            ..Default::default()
        };
        return account_page(&state, &ctx, &me, StatusCode::UNPROCESSABLE_ENTITY, view).await;
    }
    let (token, secret) = credentials::create_api_token(state.store.as_ref(), me.id, name).await?;
    let view = AccountView {
        new_token: Some((&token.name, &secret)),
        ..Default::default()
    };
    account_page(&state, &ctx, &me, StatusCode::OK, view).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    User(me): User,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    match state.store.revoke_api_token(me.id, id).await {
        Ok(()) => Ok(see_other("/account")),
        Err(StoreError::NotFound { .. }) => Err(PageError::not_found()),
        Err(e) => Err(e.into()),
    }
}

/// `/account?changed=1` after a password change.
#[derive(Debug, Deserialize, Default)]
pub struct AccountQuery {
    changed: Option<String>,
}

pub async fn account(
    State(state): State<AppState>,
    ctx: Ctx,
    User(me): User,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let view = AccountView {
        notice: q.changed.is_some().then_some("account-password-changed"),
        ..Default::default()
    };
    account_page(&state, &ctx, &me, StatusCode::OK, view).await
}

// ---- administration ---------------------------------------------------------------

#[derive(Debug, Deserialize, Default, Clone)]
pub struct AddUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    member: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    password: String,
}

/// Checks what an administrator asks for ([`people::check_account`]); the
/// error is a UI message id.
fn check_new_account(
    plan: Option<&Plan>,
    role: &str,
    programme: Option<&str>,
    member: Option<&str>,
    group: Option<&str>,
) -> Result<Role, &'static str> {
    let role = Role::parse(role.trim()).ok_or("admin-error-role")?;
    people::check_account(plan, members(), role, programme, member, group).map_err(
        |e| match e {
            AccountError::Binding(_) => "admin-error-binding",
            AccountError::UnknownProgramme(_) => "admin-error-programme",
            AccountError::UnknownMember(_) => "admin-error-member",
            AccountError::UnknownGroup(_) => "admin-error-group",
        },
    )?;
    Ok(role)
}

fn some(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: &AddUserForm,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let accounts = state.store.accounts().await?;
    let since = OffsetDateTime::now_utc() - THROTTLE_WINDOW;
    let locked: std::collections::HashSet<String> = state
        .store
        .login_failures_by_email(since)
        .await?
        .into_iter()
        .filter(|(_, n)| *n >= MAX_FAILURES_PER_EMAIL)
        .map(|(email, _)| email)
        .collect();
    let plan = state.plan_for_labels().await;
    let tr = &ctx.tr;
    let lang = tr.lang;
    let title = tr.t("admin-users-title");
    let main = html! {
        h1 id="page-heading" { (title) }
        @if let Some(e) = error {
            p class="notice notice-error" role="alert" { (tr.t(e)) }
        }
        table class="users" {
            caption { (tr.t("admin-users-caption")) }
            (column_heads(tr, &["account-name", "account-email", "account-role", "account-binding", "admin-col-state", "admin-col-actions"]))
            tbody {
                @for a in &accounts {
                    tr data-email=(a.email) {
                        td { (a.name) }
                        td { (a.email) }
                        td { (role_label(tr, a.role)) }
                        td { (binding(tr, plan.as_ref(), a)) }
                        td {
                            (tr.t(if a.disabled { "admin-state-disabled" } else { "admin-state-active" }))
                            @if locked.contains(&a.email.to_lowercase()) {
                                " " (ui::badge(&tr.t("accounts-state-locked"), ui::Tone::Warning))
                            }
                        }
                        td {
                            @if locked.contains(&a.email.to_lowercase()) {
                                form method="post" action=(format!("/admin/users/{}/unlock", a.id)) {
                                    (csrf_field(ctx))
                                    button type="submit" class="button button-small" { (tr.t("accounts-unlock")) }
                                }
                            }
                            @let verb = if a.disabled { "enable" } else { "disable" };
                            form method="post" action=(format!("/admin/users/{}/{verb}", a.id)) {
                                (csrf_field(ctx))
                                button type="submit" class="button button-small" { (tr.t(&format!("admin-{verb}"))) }
                            }
                            form method="post" action=(format!("/admin/users/{}/password", a.id)) {
                                (csrf_field(ctx))
                                label for=(format!("reset-{}", a.id)) { (tr.t("admin-reset-label")) }
                                input type="password" id=(format!("reset-{}", a.id)) name="password" required minlength=(credentials::MIN_PASSWORD_CHARS) autocomplete="new-password";
                                button type="submit" class="button button-small" { (tr.t("admin-reset-submit")) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="add-heading" {
            h2 id="add-heading" { (tr.t("admin-add-heading")) }
            form class="auth-form" method="post" action="/admin/users" {
                (csrf_field(ctx))
                div class="field" {
                    label for="add-email" { (tr.t("account-email")) }
                    input type="email" id="add-email" name="email" value=(form.email) required;
                }
                div class="field" {
                    label for="add-name" { (tr.t("account-name")) }
                    input type="text" id="add-name" name="name" value=(form.name);
                }
                div class="field" {
                    label for="add-role" { (tr.t("account-role")) }
                    select id="add-role" name="role" {
                        @for r in Role::ALL.into_iter().filter(|r| *r != Role::Public) {
                            option value=(r.as_str()) selected[form.role == r.as_str()] { (role_label(tr, r)) }
                        }
                    }
                }
                div class="field" {
                    label for="add-programme" { (tr.t("admin-programme")) }
                    select id="add-programme" name="programme" {
                        option value="" { (tr.t("admin-none")) }
                        @if let Some(plan) = &plan {
                            @for p in &plan.programmes {
                                option value=(p.id) selected[form.programme == p.id] { (p.acronym) " — " (p.name.best(lang)) }
                            }
                        }
                    }
                }
                div class="field" {
                    label for="add-member" { (tr.t("admin-member")) }
                    select id="add-member" name="member" {
                        option value="" { (tr.t("admin-none")) }
                        @for c in members().countries.iter().filter(|c| c.member || c.member_uncertain) {
                            option value=(c.iso3) selected[form.member == c.iso3] { (c.name.best(lang)) }
                        }
                    }
                }
                div class="field" {
                    label for="add-group" { (tr.t("admin-group")) }
                    select id="add-group" name="group" {
                        option value="" { (tr.t("admin-none")) }
                        @for g in &members().groups {
                            option value=(g.id) selected[form.group == g.id] { (g.name.best(lang)) }
                        }
                    }
                }
                div class="field" {
                    label for="add-password" { (tr.t("admin-password")) }
                    input type="password" id="add-password" name="password" required minlength=(credentials::MIN_PASSWORD_CHARS) autocomplete="new-password";
                }
                button type="submit" class="button" { (tr.t("admin-add-submit")) }
            }
        }
    };
    Ok(html_response(status, page(ctx, Nav::None, &title, main)))
}

pub async fn users(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    users_page(&state, &ctx, StatusCode::OK, &AddUserForm::default(), None).await
}

pub async fn add_user(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<Form<AddUserForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let plan = state.plan_for_labels().await;
    let (programme, member, group) = (some(&form.programme), some(&form.member), some(&form.group));
    let checked = check_new_account(plan.as_ref(), &form.role, programme, member, group)
        .and_then(|role| credentials::check_new_password(&form.password).map(|()| role))
        .and_then(|role| {
            if form.email.contains('@') {
                Ok(role)
            } else {
                Err("admin-error-email")
            }
        });
    let role = match checked {
        Ok(r) => r,
        Err(id) => {
            return users_page(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                Some(id),
            )
            .await;
        }
    };
    let password = form.password.clone();
    let phc = tokio::task::spawn_blocking(move || credentials::hash_password(&password))
        .await
        .expect("hashing does not panic");
    let new = NewAccount {
        email: form.email.clone(),
        name: some(&form.name).unwrap_or(form.email.trim()).to_string(),
        role,
        programme: programme.map(str::to_string),
        member: member.map(str::to_uppercase),
        group: group.map(str::to_lowercase),
        password_hash: Some(phc),
    };
    match state.store.create_account(new).await {
        Ok(_) => Ok(see_other("/admin/users")),
        Err(StoreError::Conflict(_)) => {
            users_page(
                &state,
                &ctx,
                StatusCode::CONFLICT,
                &form,
                Some("admin-error-taken"),
            )
            .await
        }
        Err(StoreError::Invalid(_)) => {
            users_page(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                Some("admin-error-binding"),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The administration page again after a change to one account.
fn done_or_unknown(r: Result<(), StoreError>) -> Result<Response, PageError> {
    match r {
        Ok(()) => Ok(see_other("/admin/users")),
        Err(StoreError::NotFound { .. }) => Err(PageError::not_found()),
        Err(e) => Err(e.into()),
    }
}

pub async fn disable_user(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    done_or_unknown(state.store.set_account_disabled(id, true).await)
}

pub async fn enable_user(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    done_or_unknown(state.store.set_account_disabled(id, false).await)
}

/// Lifts the login delay of an account (forgets its failed logins).
pub async fn unlock_user(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Response, PageError> {
    match state.store.unlock_account(id).await {
        Ok(n) => {
            tracing::info!(account = id, failures = n, "account unlocked");
            Ok(see_other("/admin/users"))
        }
        Err(StoreError::NotFound { .. }) => Err(PageError::not_found()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    PathId(id): PathId,
    form: Result<Form<ResetForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    if let Err(msg) = credentials::check_new_password(&form.password) {
        return users_page(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            &AddUserForm::default(),
            Some(msg),
        )
        .await;
    }
    let password = form.password;
    let phc = tokio::task::spawn_blocking(move || credentials::hash_password(&password))
        .await
        .expect("hashing does not panic");
    done_or_unknown(state.store.set_password_hash(id, &phc).await)
}
