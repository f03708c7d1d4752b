//! `GET /search?q=`: one query across the knowledge base, the calendar and
//! (for staff) the request desk.

use axum::extract::{Query, State};
use maud::{Markup, html};
use serde::Deserialize;
use southdesk_calendar::Meeting;
use southdesk_kb::SearchResponse;
use southdesk_kb::search::{self, SearchParams};
use southdesk_plan::authz::{Action, allowed, output_scope, request_scope};
use southdesk_store::MeetingFilter;
use southdesk_store::requests::{Request, RequestQuery};

use crate::app::labels::{requester_name, status_label};
use crate::app::layout::{Nav, page};
use crate::app::ui::{self, Tone};
use crate::app::{AppState, Ctx, PageError};

/// Results shown per part.
const PER_PART: usize = 8;
/// Meetings since this many days ago are searched by title and venue
/// (requests by the store's text search, outputs by the index).
const MEETING_DAYS_BACK: i64 = 730;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `text` contains every word of `q`, ignoring case.
fn matches(text: &str, words: &[String]) -> bool {
    let text = text.to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<SearchQuery>,
) -> Result<Markup, PageError> {
    let q: String = query.q.trim().chars().take(200).collect();
    let tr = &ctx.tr;
    let title = tr.t("find-title");
    if q.is_empty() {
        return Ok(page(
            &ctx,
            Nav::Search,
            &title,
            html! {
                h1 id="page-heading" { (title) }
                (form(&ctx, ""))
                (ui::empty_state(&tr.t("find-empty-title"), &tr.t("find-empty-text"), None))
            },
        ));
    }
    let words: Vec<String> = q
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let who = ctx.user();

    let params = SearchParams {
        q: q.clone(),
        lang: Some(ctx.lang()),
        per_page: PER_PART,
        ..SearchParams::default()
    };
    // A query the engine cannot read is said on the page; the other
    // parts still answer.
    let outputs = search::answer(state.index.clone(), params.clone(), output_scope(who))
        .await
        .inspect_err(|e| tracing::info!(error = %e, "search of outputs failed"))
        .ok();

    let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * MEETING_DAYS_BACK);
    let meetings: Vec<Meeting> = state
        .store
        .meetings(&MeetingFilter {
            from: Some(since),
            ..MeetingFilter::default()
        })
        .await?
        .into_iter()
        .filter(|m| {
            matches(
                &format!("{} {}", m.data.title, m.data.venue.as_deref().unwrap_or("")),
                &words,
            )
        })
        .take(PER_PART)
        .collect();

    let requests: Option<Vec<Request>> = match who {
        Some(user) if allowed(Some(user), &Action::ListRequests) => Some(
            state
                .store
                .requests(&RequestQuery {
                    scope: Some(request_scope(Some(user))),
                    text: Some(q.clone()),
                    limit: PER_PART as u32,
                    ..RequestQuery::default()
                })
                .await?
                .into_iter()
                .filter(|r| allowed(Some(user), &Action::ViewRequest(r.facts())))
                .collect(),
        ),
        _ => None,
    };

    Ok(page(
        &ctx,
        Nav::Search,
        &title,
        html! {
            h1 id="page-heading" { (title) }
            (form(&ctx, &q))
            @match &outputs {
                Some(outputs) => (outputs_part(&ctx, &q, outputs)),
                None => (ui::flash(Tone::Danger, &tr.t("find-outputs-failed"))),
            }
            (meetings_part(&ctx, &meetings))
            @if let Some(requests) = &requests {
                (requests_part(&ctx, requests))
            }
        },
    ))
}

fn form(ctx: &Ctx, q: &str) -> Markup {
    let tr = &ctx.tr;
    html! {
        form class="ui-form find-form" method="get" action="/search" role="search" {
            (ui::Input::search("q", &tr.t("find-label")).value(q))
            (ui::actions(ui::button(&tr.t("nav-search-button"), ui::Variant::Primary)))
        }
    }
}

fn outputs_part(ctx: &Ctx, q: &str, r: &SearchResponse) -> Markup {
    let tr = &ctx.tr;
    let all = format!("/outputs?q={}", southdesk_common::url_encode(q));
    html! {
        section class="section" aria-labelledby="find-outputs" {
            h2 id="find-outputs" { (tr.ta("find-outputs-heading", &[("count", r.total.into())])) }
            @if r.hits.is_empty() {
                (ui::empty_state(&tr.t("find-outputs-none"), &tr.t("find-try"), Some(("/outputs", &tr.t("find-browse-outputs")))))
            } @else {
                ol class="plain-list find-list" {
                    @for h in &r.hits {
                        li {
                            a href=(h.url) { (maud::PreEscaped(&h.title_html)) }
                            @if let Some(d) = &h.date { " " span class="muted" { (d) } }
                            p class="find-snippet" { (maud::PreEscaped(&h.snippet_html)) }
                        }
                    }
                }
                @if r.total > r.hits.len() {
                    p { a href=(all) { (tr.ta("find-outputs-all", &[("count", r.total.into())])) } }
                }
            }
        }
    }
}

fn meetings_part(ctx: &Ctx, meetings: &[Meeting]) -> Markup {
    let tr = &ctx.tr;
    html! {
        section class="section" aria-labelledby="find-meetings" {
            h2 id="find-meetings" { (tr.t("find-meetings-heading")) }
            @if meetings.is_empty() {
                p class="muted" { (tr.t("find-meetings-none")) }
            } @else {
                ul class="plain-list find-list" {
                    @for m in meetings {
                        li {
                            a href=(format!("/meetings/{}", m.id)) { (m.data.title) }
                            " " span class="muted" { (m.data.when.first_day().to_string()) }
                        }
                    }
                }
            }
        }
    }
}

fn requests_part(ctx: &Ctx, requests: &[Request]) -> Markup {
    let tr = &ctx.tr;
    html! {
        section class="section" aria-labelledby="find-requests" {
            h2 id="find-requests" { (tr.t("find-requests-heading")) }
            @if requests.is_empty() {
                p class="muted" { (tr.t("find-requests-none")) }
            } @else {
                ul class="plain-list find-list" {
                    @for r in requests {
                        li {
                            a href=(format!("/requests/{}", r.id)) { (r.title) }
                            " " (ui::badge(&status_label(tr, r.status), Tone::Neutral))
                            " " span class="muted" { (requester_name(tr, &r.requester)) }
                        }
                    }
                }
            }
        }
    }
}
