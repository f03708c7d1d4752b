//! The start pages, one layout per role: what needs doing first, then
//! what to read.

use maud::{Markup, html};
use southdesk_calendar::Meeting;
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::outputs::Output;
use southdesk_plan::requests::Status;
use southdesk_plan::{Account, Plan};
use southdesk_store::requests::Request;
use time::Date;

use crate::app::Ctx;
use crate::app::i18n::Tr;
use crate::app::labels::{requester_name, status_label};
use crate::app::ui::{self, Tone};

use super::figures::{Figures, Urgency};

/// What [`start`] shows; a part is `None` (or empty) for roles that do not
/// see it.
#[derive(Debug)]
pub struct Start {
    pub today: Date,
    pub queue: Option<Vec<Request>>,
    pub own_requests: Option<Vec<Request>>,
    pub figures: Option<Figures>,
    pub outputs_per_area: Option<Vec<(String, u64)>>,
    pub meetings: Vec<Meeting>,
    pub outputs: Vec<Output>,
}

impl Start {
    /// Nothing yet, as of `today`.
    pub fn new(today: Date) -> Start {
        Start {
            today,
            queue: None,
            own_requests: None,
            figures: None,
            outputs_per_area: None,
            meetings: Vec::new(),
            outputs: Vec::new(),
        }
    }
}

fn area_name(plan: &Option<Plan>, id: &str, tr: &Tr) -> String {
    plan.as_ref()
        .and_then(|p| p.theme(id))
        .map_or_else(|| id.to_string(), |t| t.title.best(tr.lang).to_string())
}

fn programme_name(plan: &Option<Plan>, id: &str, tr: &Tr) -> String {
    if id.is_empty() {
        return tr.t("home-not-routed");
    }
    plan.as_ref()
        .and_then(|p| p.programme(id))
        .map_or_else(|| id.to_string(), |p| p.acronym.clone())
}

/// A status as a badge: open work neutral, delivered green, declined grey.
pub fn status_badge(tr: &Tr, s: Status) -> Markup {
    let tone = match s {
        Status::Received => Tone::Info,
        Status::Delivered | Status::Closed => Tone::Success,
        Status::Declined => Tone::Neutral,
        _ => Tone::Neutral,
    };
    ui::badge(&status_label(tr, s), tone)
}

/// When the request is due, as a badge coloured by urgency.
fn due_badge(tr: &Tr, r: &Request, today: Date) -> Markup {
    let urgency = Urgency::of(r, today);
    let (day, id) = match (r.status, r.deadline) {
        (Status::Received, _) => (r.ack_due, "home-ack-due"),
        (_, Some(d)) => (d, "home-due"),
        _ => return html! {},
    };
    let tone = match urgency {
        Urgency::Overdue => Tone::Danger,
        Urgency::DueThisWeek => Tone::Warning,
        _ => Tone::Neutral,
    };
    let text = if urgency == Urgency::Overdue {
        tr.ta("home-overdue-since", &[("date", day.to_string().into())])
    } else {
        tr.ta(id, &[("date", day.to_string().into())])
    };
    ui::badge(&text, tone)
}

fn request_table(tr: &Tr, rows: &[&Request], today: Date) -> Markup {
    html! {
        div class="table-scroll" {
            table class="ui-table" {
                thead { tr {
                    th scope="col" { (tr.t("home-col-request")) }
                    th scope="col" { (tr.t("home-col-requester")) }
                    th scope="col" { (tr.t("home-col-status")) }
                    th scope="col" { (tr.t("home-col-due")) }
                } }
                tbody {
                    @for r in rows {
                        tr data-request=(r.id) {
                            td { a href=(format!("/requests/{}", r.id)) { (r.title) } }
                            td { (requester_name(tr, &r.requester)) }
                            td { (status_badge(tr, r.status)) }
                            td { (due_badge(tr, r, today)) }
                        }
                    }
                }
            }
        }
    }
}

fn queue_section(ctx: &Ctx, user: &Account, queue: &[Request], today: Date) -> Markup {
    let tr = &ctx.tr;
    let mut rows: Vec<&Request> = queue.iter().collect();
    rows.sort_by_key(|r| (Urgency::of(r, today), r.deadline.unwrap_or(r.ack_due), r.id));
    let count = |u: Urgency| rows.iter().filter(|r| Urgency::of(r, today) == u).count();
    let (overdue, week, triage) = (
        count(Urgency::Overdue),
        count(Urgency::DueThisWeek),
        count(Urgency::ToTriage),
    );
    let shown: Vec<&Request> = rows.iter().take(15).copied().collect();
    html! {
        section class="section" aria-labelledby="queue-heading" {
            h2 id="queue-heading" { (tr.t("home-queue-heading")) }
            div class="ui-stats" {
                (ui::stat(&tr.t("home-stat-overdue"), &overdue.to_string(), Some("/requests/overdue"), if overdue > 0 { Tone::Danger } else { Tone::Neutral }))
                (ui::stat(&tr.t("home-stat-week"), &week.to_string(), None, if week > 0 { Tone::Warning } else { Tone::Neutral }))
                (ui::stat(&tr.t("home-stat-triage"), &triage.to_string(), None, Tone::Info))
                (ui::stat(&tr.t("home-stat-open"), &rows.len().to_string(), Some("/requests"), Tone::Neutral))
            }
            @if shown.is_empty() {
                (ui::empty_state(&tr.t("home-queue-empty-title"), &tr.t("home-queue-empty-text"), None))
            } @else {
                (request_table(tr, &shown, today))
                @if rows.len() > shown.len() {
                    p { a href="/requests" { (tr.ta("home-queue-all", &[("count", rows.len().into())])) } }
                }
            }
            @if let Some(p) = &user.programme {
                p class="meta" { a href=(format!("/programmes/{p}/requests")) { (tr.t("home-queue-programme")) } }
            }
        }
    }
}

fn figures_section(
    ctx: &Ctx,
    plan: &Option<Plan>,
    f: &Figures,
    per_area: &[(String, u64)],
) -> Markup {
    let tr = &ctx.tr;
    let pct = |s: super::figures::Share| {
        s.percent()
            .map_or_else(|| "—".to_string(), |p| format!("{p} %"))
    };
    let by_status: Vec<(String, u64)> = Status::ALL
        .iter()
        .map(|s| {
            (
                status_label(tr, *s),
                f.by_status.get(s.as_str()).copied().unwrap_or(0),
            )
        })
        .collect();
    let by_programme: Vec<(String, u64)> = f
        .by_programme
        .iter()
        .map(|(p, n)| (programme_name(plan, p, tr), *n))
        .collect();
    let mut by_requester: Vec<(String, u64)> = f
        .by_requester
        .values()
        .map(|(r, n)| (requester_name(tr, r), *n))
        .collect();
    by_requester.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_requester.truncate(10);
    let per_area: Vec<(String, u64)> = per_area
        .iter()
        .map(|(id, n)| (area_name(plan, id, tr), *n))
        .collect();
    html! {
        section class="section" aria-labelledby="figures-heading" {
            h2 id="figures-heading" { (tr.t("home-figures-heading")) }
            div class="ui-stats" {
                (ui::stat(&tr.t("home-stat-open"), &f.open.to_string(), Some("/requests"), Tone::Neutral))
                (ui::stat(&tr.t("home-stat-overdue"), &f.overdue.to_string(), Some("/requests/overdue"), if f.overdue > 0 { Tone::Danger } else { Tone::Neutral }))
                (ui::stat(&tr.t("home-stat-received-year"), &f.received_this_year.to_string(), None, Tone::Neutral))
                (ui::stat(&tr.t("home-stat-delivered-year"), &f.delivered_this_year.to_string(), None, Tone::Success))
                (ui::stat(&tr.t("home-stat-ack-on-time"), &pct(f.acknowledged), None, Tone::Neutral))
                (ui::stat(&tr.t("home-stat-delivered-on-time"), &pct(f.delivered), None, Tone::Neutral))
            }
            div class="ui-grid" {
                (ui::bar_chart(&tr.t("home-chart-status"), &by_status))
                (ui::bar_chart(&tr.t("home-chart-programme"), &by_programme))
                (ui::bar_chart(&tr.t("home-chart-member"), &by_requester))
                (ui::bar_chart(&tr.t("home-chart-outputs-area"), &per_area))
            }
        }
    }
}

fn own_requests_section(ctx: &Ctx, user: &Account, list: &[Request], today: Date) -> Markup {
    let tr = &ctx.tr;
    let rows: Vec<&Request> = list.iter().collect();
    let party_page = match (&user.member, &user.group) {
        (Some(m), _) => Some(format!("/members/{m}/requests")),
        (_, Some(g)) => Some(format!("/members/{g}/requests")),
        _ => None,
    };
    html! {
        section class="section" aria-labelledby="own-heading" {
            h2 id="own-heading" { (tr.t("home-own-heading")) }
            @if allowed(Some(user), &Action::OpenRequestForm) {
                p { (ui::link_button("/requests/new", &tr.t("home-new-request"), ui::Variant::Primary)) }
            }
            @if rows.is_empty() {
                (ui::empty_state(&tr.t("home-own-empty-title"), &tr.t("home-own-empty-text"), None))
            } @else {
                (request_table(tr, &rows, today))
                @if let Some(href) = party_page {
                    p class="meta" { a href=(href) { (tr.t("home-own-all")) } }
                }
            }
        }
    }
}

fn meetings_section(ctx: &Ctx, meetings: &[Meeting]) -> Markup {
    let tr = &ctx.tr;
    html! {
        section class="section" aria-labelledby="meetings-heading" {
            h2 id="meetings-heading" { (tr.t("home-meetings-heading")) }
            @if meetings.is_empty() {
                (ui::empty_state(&tr.t("home-meetings-empty"), "", Some(("/meetings", &tr.t("home-meetings-all")))))
            } @else {
                ul class="plain-list home-list" {
                    @for m in meetings {
                        li {
                            a href=(format!("/meetings/{}", m.id)) { (m.data.title) }
                            " "
                            span class="muted" { (m.data.when.first_day().to_string()) }
                            @if let Some(v) = &m.data.venue { span class="muted" { " · " (v) } }
                        }
                    }
                }
                p class="meta" { a href="/meetings" { (tr.t("home-meetings-all")) } }
            }
        }
    }
}

fn outputs_section(ctx: &Ctx, outputs: &[Output]) -> Markup {
    let tr = &ctx.tr;
    let lang = ctx.lang();
    html! {
        section class="section" aria-labelledby="outputs-heading" {
            h2 id="outputs-heading" { (tr.t("home-outputs-heading")) }
            @if outputs.is_empty() {
                (ui::empty_state(&tr.t("home-outputs-empty"), "", Some(("/outputs", &tr.t("home-outputs-all")))))
            } @else {
                ul class="plain-list home-list" {
                    @for o in outputs {
                        li {
                            a href=(format!("/outputs/{}", o.id)) { (o.best_version(lang).title) }
                            " " span class="muted" { (o.date.to_string()) }
                        }
                    }
                }
                p class="meta" { a href="/outputs" { (tr.t("home-outputs-all")) } }
            }
        }
    }
}

/// The start page of `user`.
pub fn start(ctx: &Ctx, user: &Account, plan: &Option<Plan>, s: &Start) -> Markup {
    let tr = &ctx.tr;
    html! {
        header class="section-intro" {
            h1 id="page-heading" { (tr.ta("home-hello", &[("name", user.name.clone().into())])) }
            p class="lead-text" { (tr.t(&format!("home-intro-{}", user.role.as_str()))) }
        }
        @if let Some(queue) = &s.queue {
            (queue_section(ctx, user, queue, s.today))
        }
        @if let Some(own) = &s.own_requests {
            (own_requests_section(ctx, user, own, s.today))
        }
        @if let Some(f) = &s.figures {
            (figures_section(ctx, plan, f, s.outputs_per_area.as_deref().unwrap_or(&[])))
        }
        div class="two-col" {
            (meetings_section(ctx, &s.meetings))
            (outputs_section(ctx, &s.outputs))
        }
        p class="meta" { a href="/plan" { (tr.t("home-plan-link")) } }
    }
}
