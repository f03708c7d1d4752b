//! How the desk's pages name and lay out requests: labels, the queue
//! table, the links bar, what a refusal says.

use axum::http::StatusCode;
use maud::{Markup, html};
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::requests::{self as rules, Mode, Requester};
use southdesk_plan::{Account, Plan};
use southdesk_store::requests::Request;

use super::labels;
use super::workflow::{self as desk, DeskError};
use crate::app::Ctx;
use crate::app::PageError;
use crate::app::auth::CSRF_FIELD;
use crate::app::i18n::Tr;
use crate::app::layout::{Nav, column_heads, page};

/// Error codes with their own message (`req-error-…`); others get
/// `req-error-other`.
const KNOWN_ERRORS: &[&str] = &[
    "no_title",
    "title_too_long",
    "no_text",
    "text_too_large",
    "field_too_long",
    "no_contact",
    "unknown_member",
    "unknown_group",
    "deadline_in_past",
    "too_many_attachments",
    "attachment_too_large",
    "bad_attachment",
    "invalid_date",
    "invalid_mode",
    "no_requester",
    "bad_comment",
    "invalid_assignee",
    "unknown_output",
    "unknown_meeting",
    "no_reason",
    "unknown_programme",
    "lead_also_supports",
    "no_lead",
    "conflict",
    "no_view_name",
];

/// The status and message id of a refusal.
pub(super) fn refusal(e: &DeskError) -> (StatusCode, String) {
    let (status, code) = match e {
        DeskError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        DeskError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        DeskError::Invalid(e) if e.is_too_large() => (StatusCode::PAYLOAD_TOO_LARGE, e.code()),
        DeskError::Invalid(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.code()),
        DeskError::BadInput(code, _) => (StatusCode::UNPROCESSABLE_ENTITY, *code),
        DeskError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
        DeskError::Store(_) => (StatusCode::SERVICE_UNAVAILABLE, "store"),
    };
    let id = if KNOWN_ERRORS.contains(&code) {
        format!("req-error-{}", code.replace('_', "-"))
    } else {
        "req-error-other".to_string()
    };
    (status, id)
}

pub(super) fn csrf(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf_token()); }
}

pub(super) fn requester_href(r: &Requester) -> String {
    format!("/members/{}/requests", r.id())
}

pub(super) fn mode_label(tr: &Tr, plan: Option<&Plan>, m: Mode) -> String {
    plan.and_then(|p| p.modes.iter().find(|x| x.id == m.as_str()))
        .map_or_else(
            || m.as_str().to_string(),
            |x| x.title.best(tr.lang).to_string(),
        )
}

pub(super) fn programme_label(plan: Option<&Plan>, id: &str) -> String {
    plan.and_then(|p| p.programme(id))
        .map_or_else(|| id.to_string(), |p| p.acronym.clone())
}

pub(super) fn theme_label(tr: &Tr, plan: Option<&Plan>, id: &str) -> String {
    plan.and_then(|p| p.theme(id))
        .map_or_else(|| id.to_string(), |t| t.title.best(tr.lang).to_string())
}

pub(super) fn when(tr: &Tr, t: time::OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", tr.date(t.date()), t.hour(), t.minute())
}

pub(super) fn overdue(r: &Request) -> bool {
    rules::is_overdue(r.status, r.ack_due, r.deadline, desk::today())
}

/// A table of requests.
pub(super) fn table(tr: &Tr, list: &[Request]) -> Markup {
    html! {
        @if list.is_empty() {
            p class="hint" id="req-empty" { (tr.t("req-queue-empty")) }
        } @else {
            table class="requests" {
                (column_heads(tr, &["req-col-number", "req-col-title", "req-col-requester", "req-col-status", "req-col-ack-due", "req-col-deadline"]))
                tbody {
                    @for r in list {
                        tr data-request=(r.id) {
                            td { (r.id) }
                            td { a href=(format!("/requests/{}", r.id)) { (r.title) } }
                            td { (labels::requester_name(tr, &r.requester)) }
                            td class="req-status" {
                                (labels::status_label(tr, r.status))
                                @if overdue(r) { " · " strong class="overdue" { (tr.t("req-overdue")) } }
                            }
                            td { (tr.date(r.ack_due)) }
                            td { @if let Some(d) = r.deadline { (tr.date(d)) } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn links_bar(tr: &Tr, user: &Account) -> Markup {
    html! {
        p class="req-links" {
            @if allowed(Some(user), &Action::OpenRequestForm) {
                a href="/requests/new" class="button" id="req-new" { (tr.t("req-new-link")) } " "
            }
            a href="/requests" { (tr.t("req-queue-title")) }
            @if allowed(Some(user), &Action::ViewOverdueRequests) {
                " · " a href="/requests/overdue" { (tr.t("req-overdue-title")) }
            }
            " · " a href="/inbox" { (tr.t("req-inbox-title")) }
        }
    }
}

pub(super) fn list_page(
    ctx: &Ctx,
    user: &Account,
    title: &str,
    intro: Option<Markup>,
    list: &[Request],
) -> Markup {
    let tr = &ctx.tr;
    page(
        ctx,
        Nav::None,
        title,
        html! {
            h1 id="page-heading" { (title) }
            (links_bar(tr, user))
            @if let Some(i) = intro { (i) }
            (table(tr, list))
        },
    )
}

impl From<DeskError> for PageError {
    /// What a page says when the desk refuses: not allowed, not found, the
    /// store failed, or the rule that said no, with a way back to the queue.
    fn from(e: DeskError) -> PageError {
        match e {
            DeskError::Forbidden => PageError::Forbidden,
            DeskError::NotFound => PageError::NotFound("req-not-found"),
            DeskError::Store(e) => PageError::Store(e),
            other => {
                let (status, text_id) = refusal(&other);
                PageError::Notice {
                    status,
                    title_id: "req-refused-title",
                    text_id,
                    next: ("/requests", "req-queue-title"),
                }
            }
        }
    }
}
