//! One request: its page, laid out for the triage decision and the work
//! on it, and the forms that change it.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::requests::{self as rules, DeclineReason, LinkKind, Routing, Status};
use southdesk_plan::{Account, Plan};
use southdesk_store::requests::{Change, Comment as RequestComment, Request, RequestEvent};

use super::labels;
use super::link;
use super::workflow::{self as desk, DeskError};
use crate::app::AppState;
use crate::app::Ctx;
use crate::app::form::{self, Fields};
use crate::app::layout::{Nav, page};
use crate::app::notice::html_response;
use crate::app::ui::{self, Choice, ChoiceItem, Select, TextArea, Tone, Variant};
use crate::app::{PageError, PathId, User};

use super::views::*;

// ---- one request ---------------------------------------------------------------

#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    stored: Option<String>,
    done: Option<String>,
    note: Option<String>,
    /// The link picker: words (or a number) to find, and the kind.
    find: Option<String>,
    kind: Option<String>,
}

/// `GET /requests/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    PathId(id): PathId,
    Query(q): Query<ShowQuery>,
) -> Result<Markup, PageError> {
    let r = desk::visible(&state, &user, id).await?;
    let notice = if q.stored.is_some() {
        Some(ctx.tr.ta("req-stored", &[("id", r.id.into())]))
    } else if q.note.is_some() {
        Some(ctx.tr.t("desk-note-sent"))
    } else {
        q.done.as_ref().map(|_| ctx.tr.t("req-done"))
    };
    let kind = q
        .kind
        .as_deref()
        .and_then(LinkKind::parse)
        .unwrap_or(LinkKind::Output);
    let pick = match q.find.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        Some(words) => {
            let found = link::find(&state, &user, kind, words, ctx.lang()).await?;
            Some(link::Pick {
                kind,
                words: words.to_string(),
                found,
            })
        }
        None => None,
    };
    Ok(request_page(&state, &ctx, &user, &r, notice, None, pick).await?)
}

async fn request_page(
    state: &AppState,
    ctx: &Ctx,
    user: &Account,
    r: &Request,
    notice: Option<String>,
    error: Option<String>,
    pick: Option<link::Pick>,
) -> Result<Markup, southdesk_store::StoreError> {
    let tr = &ctx.tr;
    let plan = state.plan_for_labels().await;
    let plan = plan.as_ref();
    let facts = r.facts();
    let internals = allowed(Some(user), &Action::ViewRequestInternals(facts));
    let may_triage = allowed(
        Some(user),
        &Action::TriageRequest {
            programme: r.routing.lead.as_deref(),
        },
    );
    let may_work = allowed(Some(user), &Action::WorkOnRequest(facts));
    let events = state.store.request_events(r.id).await?;
    let comments = state.store.request_comments(r.id).await?;
    let links = state.store.request_links(r.id).await?;
    let people: HashMap<i64, Account> = if internals || may_triage {
        state
            .store
            .accounts()
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    } else {
        HashMap::new()
    };
    let name_of = |id: i64| -> String {
        people.get(&id).map_or_else(
            || {
                if id == user.id {
                    user.name.clone()
                } else {
                    tr.t("req-someone")
                }
            },
            |a| a.name.clone(),
        )
    };
    let staff: Vec<&Account> = {
        let mut v: Vec<&Account> = people
            .values()
            .filter(|a| a.role.is_secretariat() && !a.disabled)
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    };
    let next_work: Vec<Status> = rules::next_statuses(r.status)
        .into_iter()
        .filter(|s| *s != Status::Declined && *s != Status::Triaged && *s != Status::Assigned)
        .collect();
    let linked = link::describe(state, user, &links, ctx.lang()).await?;
    let view = RequestView {
        ctx,
        plan,
        r,
        internals,
        name_of: &name_of,
    };
    let main = html! {
        (view.facts(notice, error))
        @if may_triage && matches!(r.status, Status::Received | Status::Triaged) {
            (view.triage(&staff))
        } @else {
            (view.routing())
        }
        (view.actions(may_triage, may_work, &staff, &next_work))
        (link::section(ctx, r, &linked, may_work, pick.as_ref()))
        (view.comments(user, &comments))
        (view.history(&events, &linked))
    };
    Ok(page(ctx, Nav::None, &r.title, main))
}

/// The parts of a request's page, for a reader who may (`internals`) or
/// may not see the desk's internal notes.
struct RequestView<'a> {
    ctx: &'a Ctx,
    plan: Option<&'a Plan>,
    r: &'a Request,
    internals: bool,
    /// The name of an account, or "someone" for those the reader may not know.
    name_of: &'a dyn Fn(i64) -> String,
}

impl RequestView<'_> {
    fn facts(&self, notice: Option<String>, error: Option<String>) -> Markup {
        let (tr, plan, r) = (&self.ctx.tr, self.plan, self.r);
        html! {
            p class="eyebrow" { (tr.ta("req-number", &[("id", r.id.into())])) }
            h1 id="page-heading" { (r.title) }
            @if let Some(n) = notice { p class="notice" role="status" id="req-notice" { (n) } }
            @if let Some(e) = error { p class="notice notice-error" role="alert" id="req-error" { (tr.t(&e)) } }
            dl class="account-facts req-facts" {
                dt { (tr.t("req-col-status")) }
                dd id="req-status" data-status=(r.status.as_str()) {
                    (labels::status_label(tr, r.status))
                    @if overdue(r) { " · " strong class="overdue" { (tr.t("req-overdue")) } }
                }
                dt { (tr.t("req-field-requester")) }
                dd { a href=(requester_href(&r.requester)) { (labels::requester_name(tr, &r.requester)) } }
                dt { (tr.t("req-field-contact")) } dd { (r.contact) }
                dt { (tr.t("req-field-mode")) } dd { (mode_label(tr, plan, r.mode)) }
                @if let Some(f) = &r.forum { dt { (tr.t("req-field-forum")) } dd { (f) } }
                @if let Some(m) = &r.meeting { dt { (tr.t("req-field-meeting")) } dd { (m) } }
                dt { (tr.t("req-col-received")) } dd { (when(tr, r.received_at)) }
                dt { (tr.t("req-col-ack-due")) } dd { (tr.date(r.ack_due)) }
                @if let Some(d) = r.deadline { dt { (tr.t("req-col-deadline")) } dd { (tr.date(d)) } }
                dt { (tr.t("req-field-channel")) } dd { (tr.t(&format!("req-channel-{}", r.channel.as_str()))) }
                @if r.confidential { dt { (tr.t("req-field-confidential")) } dd { (tr.t("req-yes")) } }
                @if let (Some(reason), Some(note)) = (r.decline_reason, &r.decline_note) {
                    dt { (tr.t("req-declined-because")) }
                    dd id="req-decline" { (tr.t(&format!("req-reason-{}", reason.as_str()))) " — " (note) }
                }
            }
            div class="req-text" lang=(r.lang) { @for line in r.text.lines() { (line) br; } }
            @if !r.attachments.is_empty() {
                h2 { (tr.t("req-field-attachments")) }
                ul {
                    @for a in &r.attachments {
                        li { a href=(format!("/requests/{}/attachments/{}", r.id, a.id)) { (a.filename) } " (" (a.size) " B)" }
                    }
                }
            }
        }
    }

    /// The triage decision: the tagger's proposal (themes and SDGs with
    /// their scores and evidence) beside the form that decides (themes,
    /// lead and supporting programmes, who works on it).
    fn triage(&self, staff: &[&Account]) -> Markup {
        let (ctx, tr, r) = (self.ctx, &self.ctx.tr, self.r);
        let Some(plan) = self.plan else {
            return self.routing();
        };
        let proposal = Proposal::read(&r.tags_json, &format!("{}\n{}", r.title, r.text));
        let fresh = r.status == Status::Received;
        let score = |v: f32| format!("{v:.2}");
        let themes: Vec<ChoiceItem> = plan
            .themes
            .iter()
            .map(|t| {
                let proposed = proposal.themes.iter().find(|p| p.id == t.id);
                let checked = r.routing.themes.contains(&t.id) || (fresh && proposed.is_some());
                let item =
                    ChoiceItem::new(t.id.clone(), t.title.best(tr.lang).to_string(), checked);
                match proposed {
                    Some(p) => {
                        item.note(tr.ta("desk-proposed", &[("score", score(p.score).into())]))
                    }
                    None => item,
                }
            })
            .collect();
        let supporting: Vec<ChoiceItem> = plan
            .programmes
            .iter()
            .map(|p| {
                ChoiceItem::new(
                    p.id.clone(),
                    p.acronym.clone(),
                    r.routing.supporting.contains(&p.id),
                )
            })
            .collect();
        let lead_label = tr.t("req-lead");
        let mut lead = Select::new("lead", &lead_label).options(plan.programmes.iter().map(|p| {
            (
                p.id.clone(),
                format!("{} — {}", p.acronym, p.name.best(tr.lang)),
            )
        }));
        if let Some(l) = &r.routing.lead {
            lead = lead.selected(l.clone());
        }
        let assign_label = tr.t("req-assign-heading");
        let nobody = tr.t("req-nobody");
        let mut assignee = Select::new("assignee", &assign_label)
            .options(staff.iter().map(|a| (a.id.to_string(), a.name.clone())))
            .blank(&nobody);
        if let Some(a) = r.assignees.first() {
            assignee = assignee.selected(a.to_string());
        }
        let action = format!("/requests/{}/changes", r.id);
        let side = html! {
            section class="desk-proposal" id="req-proposal" {
                h2 { (tr.t("desk-proposal")) }
                @if proposal.themes.is_empty() && proposal.sdgs.is_empty() {
                    p class="muted" { (tr.t("desk-proposal-none")) }
                }
                @if r.routing.out_of_plan {
                    (ui::flash(Tone::Info, &tr.t("req-out-of-plan")))
                }
                ul class="desk-proposal-list" {
                    @for p in &proposal.themes {
                        li {
                            strong { (theme_label(tr, Some(plan), &p.id)) }
                            " " (ui::badge(&tr.ta("desk-score", &[("score", score(p.score).into())]), Tone::Info))
                            @if !p.snippets.is_empty() {
                                ul class="desk-evidence" aria-label=(tr.ta("desk-evidence-for", &[("what", theme_label(tr, Some(plan), &p.id).into())])) {
                                    @for (before, term, after) in &p.snippets {
                                        li lang=(r.lang) { "…" (before) mark { (term) } (after) "…" }
                                    }
                                }
                            }
                        }
                    }
                    @for p in &proposal.sdgs {
                        @let goal = tr.ta("req-sdg", &[("goal", p.id.parse::<i64>().unwrap_or_default().into())]);
                        li {
                            strong { (goal) }
                            " " (ui::badge(&tr.ta("desk-score", &[("score", score(p.score).into())]), Tone::Neutral))
                            @if !p.snippets.is_empty() {
                                ul class="desk-evidence" aria-label=(tr.ta("desk-evidence-for", &[("what", goal.clone().into())])) {
                                    @for (before, term, after) in &p.snippets {
                                        li lang=(r.lang) { "…" (before) mark { (term) } (after) "…" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        };
        let form = html! {
            form method="post" action=(action) class="ui-form" id="req-triage-form" {
                (csrf(ctx))
                input type="hidden" name="action" value="triage";
                @for g in &r.sdgs { input type="hidden" name="sdgs" value=(g); }
                h2 { (tr.t("desk-decision")) }
                (ui::choices(&tr.t("req-triage-heading"), "themes", Choice::Checkbox, &themes))
                (lead)
                (ui::choices(&tr.t("req-supporting"), "supporting", Choice::Checkbox, &supporting))
                @if !staff.is_empty() { (assignee) }
                (ui::actions(html! {
                    button type="submit" class="button" id="req-triage" { (tr.t("req-triage-submit")) }
                }))
            }
        };
        html! {
            h2 { (tr.t("req-routing")) }
            (ui::with_sidebar(side, form))
        }
    }

    fn routing(&self) -> Markup {
        let (tr, plan, r, internals, name_of) = (
            &self.ctx.tr,
            self.plan,
            self.r,
            self.internals,
            self.name_of,
        );
        html! {
            h2 { (tr.t("req-routing")) }
            @if r.routing.out_of_plan {
                p class="notice" id="req-out-of-plan" { (tr.t("req-out-of-plan")) }
            }
            dl class="account-facts" {
                dt { (tr.t("req-themes")) }
                dd id="req-themes" { @for (i, t) in r.routing.themes.iter().enumerate() { @if i > 0 { ", " } (theme_label(tr, plan, t)) } @if r.routing.themes.is_empty() { "—" } }
                dt { (tr.t("req-lead")) }
                dd id="req-lead" { @if let Some(l) = &r.routing.lead { a href=(format!("/programmes/{l}/requests")) { (programme_label(plan, l)) } } @else { "—" } }
                dt { (tr.t("req-supporting")) }
                dd { @for (i, p) in r.routing.supporting.iter().enumerate() { @if i > 0 { ", " } (programme_label(plan, p)) } @if r.routing.supporting.is_empty() { "—" } }
                dt { (tr.t("req-sdgs")) }
                dd { @for (i, g) in r.sdgs.iter().enumerate() { @if i > 0 { ", " } (tr.ta("req-sdg", &[("goal", (*g).into())])) } @if r.sdgs.is_empty() { "—" } }
                @if internals {
                    dt { (tr.t("req-assignees")) }
                    dd id="req-assignees" { @for (i, a) in r.assignees.iter().enumerate() { @if i > 0 { ", " } (name_of(*a)) } @if r.assignees.is_empty() { (tr.t("req-nobody")) } }
                }
            }
            @if internals {
                details class="req-evidence" {
                    summary { (tr.t("req-evidence")) }
                    ul { @for (term, theme) in evidence(&r.tags_json) { li { span lang=(r.lang) { (term) } " → " (theme_label(tr, plan, &theme)) } } }
                }
            }
        }
    }

    fn actions(
        &self,
        may_triage: bool,
        may_work: bool,
        staff: &[&Account],
        next_work: &[Status],
    ) -> Markup {
        let (ctx, tr, r, action) = (
            self.ctx,
            &self.ctx.tr,
            self.r,
            format!("/requests/{}/changes", self.r.id),
        );
        let people: Vec<ChoiceItem> = staff
            .iter()
            .map(|a| {
                ChoiceItem::new(
                    a.id.to_string(),
                    a.name.clone(),
                    r.assignees.contains(&a.id),
                )
            })
            .collect();
        let reason_label = tr.t("req-decline-heading");
        let note_label = tr.t("req-decline-note");
        html! {
            @if may_triage && matches!(r.status, Status::Received | Status::Triaged | Status::Assigned | Status::InProgress) && !staff.is_empty() {
                form method="post" action=(action) class="ui-form" id="req-assign-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="assign";
                    (ui::choices(&tr.t("req-assign-heading"), "assignees", Choice::Checkbox, &people))
                    (ui::actions(html! { button type="submit" class="button" id="req-assign" { (tr.t("req-assign-submit")) } }))
                }
            }
            @if may_triage && matches!(r.status, Status::Received | Status::Triaged | Status::Assigned) {
                form method="post" action=(action) class="ui-form" id="req-decline-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="decline";
                    (Select::new("reason", &reason_label)
                        .options(DeclineReason::ALL.iter().map(|d| (d.as_str().to_string(), tr.t(&format!("req-reason-{}", d.as_str()))))))
                    (ui::Input::text("note", &note_label).required())
                    (ui::actions(ui::button(&tr.t("req-decline-submit"), Variant::Danger)))
                }
            }
            @if may_work && !next_work.is_empty() {
                form method="post" action=(action) class="ui-form" id="req-status-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="status";
                    p { (tr.t("req-status-heading")) }
                    (ui::actions(html! {
                        @for s in next_work {
                            button type="submit" class="button" name="status" value=(s.as_str()) id=(format!("req-to-{}", s.as_str())) { (labels::status_label(tr, *s)) }
                        }
                    }))
                }
            }
        }
    }

    fn comments(&self, user: &Account, comments: &[RequestComment]) -> Markup {
        let (ctx, tr, internals, name_of, action, facts) = (
            self.ctx,
            &self.ctx.tr,
            self.internals,
            self.name_of,
            format!("/requests/{}/changes", self.r.id),
            self.r.facts(),
        );
        html! {
            h2 { (tr.t("req-comments")) }
            ul class="req-comments" {
                @for c in comments.iter().filter(|c| internals || !c.internal) {
                    li class=[c.internal.then_some("internal")] {
                        strong { (name_of(c.author)) } " · " (when(tr, c.at))
                        @if c.internal { " · " em { (tr.t("req-comment-internal")) } }
                        p { (c.text) }
                    }
                }
            }
            @if allowed(Some(user), &Action::CommentOnRequest { facts, internal: false }) {
                form method="post" action=(action) class="ui-form" id="req-comment-form" {
                    (csrf(ctx))
                    input type="hidden" name="action" value="comment";
                    (TextArea::new("text", &tr.t("req-comment-label")).rows(4).required().maxlength(rules::MAX_COMMENT_BYTES))
                    @if allowed(Some(user), &Action::CommentOnRequest { facts, internal: true }) {
                        div class="ui-choice" {
                            input type="checkbox" id="f-internal" name="internal" value="1";
                            label for="f-internal" { (tr.t("req-comment-internal")) }
                        }
                    }
                    (ui::actions(ui::button(&tr.t("req-comment-submit"), Variant::Primary)))
                }
            }
        }
    }

    fn history(&self, events: &[RequestEvent], linked: &[link::Linked]) -> Markup {
        let (tr, internals) = (&self.ctx.tr, self.internals);
        html! {
            h2 { (tr.t("req-history")) }
            ol class="req-history" id="req-history" {
                @for e in events.iter().filter(|e| internals || !e.internal) {
                    li {
                        (when(tr, e.at)) " · " (self.event_line(e, linked))
                    }
                }
            }
        }
    }

    /// What an event of the history did, in words: who submitted, who
    /// assigned whom, the status it changed from and to, the output linked.
    fn event_line(&self, e: &RequestEvent, linked: &[link::Linked]) -> String {
        let (tr, name_of) = (&self.ctx.tr, self.name_of);
        let d: serde_json::Value = serde_json::from_str(&e.detail).unwrap_or_default();
        let actor = || ("actor", name_of(e.actor).into());
        let status =
            |s: Option<Status>| s.map_or_else(String::new, |s| labels::status_label(tr, s));
        match e.kind.as_str() {
            "received" => match d["channel"].as_str() {
                Some(ch @ ("email" | "meeting")) => tr.ta(
                    "desk-event-recorded",
                    &[
                        actor(),
                        ("channel", tr.t(&format!("req-channel-{ch}")).into()),
                    ],
                ),
                _ => tr.ta("desk-event-submitted", &[actor()]),
            },
            "triaged" => tr.ta("desk-event-triaged", &[actor()]),
            "assigned" => {
                let names: Vec<String> = d["assignees"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_i64)
                    .map(name_of)
                    .collect();
                tr.ta(
                    "desk-event-assigned",
                    &[actor(), ("names", names.join(", ").into())],
                )
            }
            "status" => tr.ta(
                "desk-event-status",
                &[
                    actor(),
                    ("from", status(e.from_status).into()),
                    ("to", status(e.to_status.or(e.from_status)).into()),
                ],
            ),
            "comment" => tr.ta("desk-event-comment", &[actor()]),
            "linked" => {
                let kind = d["kind"]
                    .as_str()
                    .and_then(LinkKind::parse)
                    .unwrap_or(LinkKind::Output);
                let target = d["target"].as_i64().unwrap_or_default();
                let title = linked
                    .iter()
                    .find(|l| l.kind == kind && l.id == target)
                    .map_or_else(|| format!("#{target}"), |l| l.title.clone());
                tr.ta(
                    &format!("desk-event-linked-{}", kind.as_str()),
                    &[actor(), ("title", title.into())],
                )
            }
            other => format!(
                "{} · {}",
                name_of(e.actor),
                tr.t(&format!("req-event-{other}"))
            ),
        }
    }
}

/// (term, theme) pairs of the tagger's evidence.
pub(super) fn evidence(tags_json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(tags_json).unwrap_or_default();
    let mut out = Vec::new();
    for t in v["themes"].as_array().into_iter().flatten() {
        let theme = t["id"].as_str().unwrap_or_default().to_string();
        for e in t["evidence"].as_array().into_iter().flatten().take(5) {
            if let Some(term) = e["term"].as_str() {
                out.push((term.to_string(), theme.clone()));
            }
        }
    }
    out
}

/// One label the tagger proposed: its id (a theme, or an SDG's number),
/// score, and the evidence as (before, term, after) snippets of the text.
pub(super) struct Proposed {
    pub id: String,
    pub score: f32,
    pub snippets: Vec<(String, String, String)>,
}

/// The tagger's proposal for a request, read from its stored result.
pub(super) struct Proposal {
    pub themes: Vec<Proposed>,
    pub sdgs: Vec<Proposed>,
}

impl Proposal {
    /// From `tags_json` and the text it was computed on (title, newline,
    /// text), whose character offsets its evidence gives.
    pub fn read(tags_json: &str, text: &str) -> Proposal {
        let v: serde_json::Value = serde_json::from_str(tags_json).unwrap_or_default();
        let chars: Vec<char> = text.chars().collect();
        let snippet = |e: &serde_json::Value| -> Option<(String, String, String)> {
            let (start, end) = (e["start"].as_u64()? as usize, e["end"].as_u64()? as usize);
            if start >= end || end > chars.len() {
                return e["term"]
                    .as_str()
                    .map(|t| (String::new(), t.to_string(), String::new()));
            }
            let from = start.saturating_sub(40);
            let to = (end + 40).min(chars.len());
            let flat = |s: &[char]| {
                s.iter()
                    .map(|c| if c.is_whitespace() { ' ' } else { *c })
                    .collect::<String>()
            };
            Some((
                flat(&chars[from..start]),
                flat(&chars[start..end]),
                flat(&chars[end..to]),
            ))
        };
        let read = |list: &serde_json::Value, id: &dyn Fn(&serde_json::Value) -> Option<String>| {
            list.as_array()
                .into_iter()
                .flatten()
                .filter(|t| !t["candidate"].as_bool().unwrap_or(false))
                .filter_map(|t| {
                    Some(Proposed {
                        id: id(t)?,
                        score: t["score"].as_f64().unwrap_or_default() as f32,
                        snippets: t["evidence"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .take(3)
                            .filter_map(snippet)
                            .collect(),
                    })
                })
                .collect()
        };
        Proposal {
            themes: read(&v["themes"], &|t| t["id"].as_str().map(str::to_string)),
            sdgs: read(&v["sdgs"], &|t| t["goal"].as_u64().map(|g| g.to_string())),
        }
    }
}

pub(super) fn change_of(f: &Fields) -> Result<Change, DeskError> {
    let bad = |code| DeskError::BadInput(code, String::new());
    Ok(match f.get("action").unwrap_or_default() {
        "triage" => {
            let themes: Vec<String> = f.all("themes").into_iter().map(str::to_string).collect();
            let lead = f.get("lead").filter(|l| !l.is_empty()).map(str::to_string);
            let supporting = f
                .all("supporting")
                .into_iter()
                .filter(|s| Some(*s) != lead.as_deref())
                .map(str::to_string)
                .collect();
            Change::Triage {
                routing: Routing {
                    out_of_plan: themes.is_empty(),
                    themes,
                    lead,
                    supporting,
                },
                sdgs: f
                    .all("sdgs")
                    .into_iter()
                    .filter_map(|g| g.parse().ok())
                    .collect(),
            }
        }
        "assign" => {
            let assignees: Vec<i64> = f
                .all("assignees")
                .into_iter()
                .filter_map(|a| a.parse().ok())
                .collect();
            if assignees.is_empty() {
                return Err(bad("invalid_assignee"));
            }
            Change::Assign { assignees }
        }
        "decline" => {
            let reason = f
                .get("reason")
                .and_then(DeclineReason::parse)
                .ok_or(bad("no_reason"))?;
            let note = f.text("note");
            if note.trim().is_empty() {
                return Err(bad("no_reason"));
            }
            Change::Status {
                to: Status::Declined,
                decline: Some((reason, note)),
            }
        }
        "status" => {
            let to = f
                .get("status")
                .and_then(Status::parse)
                .filter(|s| *s != Status::Declined)
                .ok_or(bad("invalid_status"))?;
            Change::Status { to, decline: None }
        }
        "comment" => Change::Comment {
            text: f.text("text"),
            internal: f.get("internal").is_some(),
        },
        "link" => Change::Link {
            kind: f
                .get("kind")
                .and_then(LinkKind::parse)
                .ok_or(bad("unknown_output"))?,
            target: f
                .get("target")
                .and_then(|t| t.trim().parse().ok())
                .ok_or(bad("unknown_output"))?,
        },
        _ => return Err(bad("invalid")),
    })
}

/// `POST /requests/{id}/changes`: one of the forms of the request page.
/// Linking an output the requester may not open first asks what to do
/// (publish it, send a delivery note instead, or link it for the
/// Secretariat only).
pub async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
    PathId(id): PathId,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let Some(f) = form::parse(&headers, &body) else {
        return refused(
            &state,
            &ctx,
            &user,
            id,
            DeskError::BadInput("invalid", String::new()),
        )
        .await;
    };
    let result = match f.get("action").unwrap_or_default() {
        "note" => {
            let text = f.text("text");
            match desk::send_note(&state, &user, id, text).await {
                Ok(r) => {
                    return Ok(Redirect::to(&format!("/requests/{}?note=1", r.id)).into_response());
                }
                Err(e) => Err(e),
            }
        }
        "link" if f.get("kind") == Some("output") => {
            let target: Option<i64> = f.get("target").and_then(|t| t.trim().parse().ok());
            match target {
                None => Err(DeskError::BadInput("unknown_output", String::new())),
                Some(target) => {
                    let r = desk::visible(&state, &user, id).await?;
                    match link::before_linking(&state, &ctx, &user, &r, target, &f).await? {
                        link::Next::Ask(page) => return Ok(page.into_response()),
                        link::Next::Link => {
                            desk::change(
                                &state,
                                &user,
                                id,
                                Change::Link {
                                    kind: LinkKind::Output,
                                    target,
                                },
                            )
                            .await
                        }
                    }
                }
            }
        }
        _ => match change_of(&f) {
            Ok(c) => {
                let triage = matches!(c, Change::Triage { .. });
                let then_assign: Option<i64> = f.get("assignee").and_then(|a| a.parse().ok());
                match desk::change(&state, &user, id, c).await {
                    Ok(r) if triage => match then_assign {
                        Some(a) if !r.assignees.contains(&a) => {
                            desk::change(&state, &user, id, Change::Assign { assignees: vec![a] })
                                .await
                        }
                        _ => Ok(r),
                    },
                    other => other,
                }
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(r) => Ok(Redirect::to(&format!("/requests/{}?done=1", r.id)).into_response()),
        Err(e) => refused(&state, &ctx, &user, id, e).await,
    }
}

/// The request's page again, saying why the change was refused (or the
/// refusal's own page when it is not the request's to say).
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    user: &Account,
    id: i64,
    e: DeskError,
) -> Result<Response, PageError> {
    match e {
        e @ (DeskError::Forbidden | DeskError::NotFound | DeskError::Store(_)) => Err(e.into()),
        e => {
            let (status, msg) = refusal(&e);
            let r = desk::visible(state, user, id).await?;
            let page = request_page(state, ctx, user, &r, None, Some(msg), None).await?;
            Ok(html_response(status, page))
        }
    }
}
