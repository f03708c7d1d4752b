//! `GET /start`: gathers what the logged-in account's role works with and
//! hands it to [`super::views`].

use axum::extract::State;
use maud::Markup;
use southdesk_plan::authz::{Action, allowed, output_scope};
use southdesk_plan::people::Role;
use southdesk_plan::requests::Requester;
use southdesk_plan::{Account, Plan};
use southdesk_store::requests::{Request, RequestQuery};
use southdesk_store::{MeetingFilter, OutputFilter, Page};
use time::OffsetDateTime;

use crate::app::layout::{Nav, page};
use crate::app::{AppState, Ctx, PageError, User};

use super::figures::Figures;
use super::views::{self, Start};

/// The most requests the figures are computed over.
const FIGURE_WINDOW: u32 = 10_000;

/// What a role's start page holds; each part is there only for the roles
/// that may see it.
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    User(user): User,
) -> Result<Markup, PageError> {
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let plan = state.plan_for_labels().await;
    let mut start = Start::new(today);

    // The queue: a coordinator's programme, a staff member's own work,
    // everything open for management.
    let queue = match user.role {
        Role::Coordinator => Some(RequestQuery {
            programme: user.programme.clone(),
            open_only: true,
            ..RequestQuery::default()
        }),
        Role::Staff => Some(RequestQuery {
            assignee: Some(user.id),
            open_only: true,
            ..RequestQuery::default()
        }),
        Role::Admin | Role::Management => Some(RequestQuery {
            open_only: true,
            ..RequestQuery::default()
        }),
        _ => None,
    };
    if let Some(q) = queue {
        start.queue = Some(visible(&user, state.store.requests(&q).await?));
    }

    // A delegate's own member's (or group's) requests.
    let party = match (&user.member, &user.group) {
        (Some(m), _) if user.role == Role::Delegate => Some(Requester::Member(m.clone())),
        (_, Some(g)) if user.role == Role::Delegate => Some(Requester::Group(g.clone())),
        _ => None,
    };
    let mut areas: Vec<String> = Vec::new();
    if let Some(party) = party {
        let mine = visible(
            &user,
            state
                .store
                .requests(&RequestQuery {
                    requester: Some(party),
                    limit: 50,
                    ..RequestQuery::default()
                })
                .await?,
        );
        for r in &mine {
            for t in &r.routing.themes {
                if !areas.contains(t) {
                    areas.push(t.clone());
                }
            }
        }
        start.own_requests = Some(mine);
    }

    if allowed(Some(&user), &Action::ViewRequestSummaries) {
        let all = state
            .store
            .requests(&RequestQuery {
                limit: FIGURE_WINDOW,
                ..RequestQuery::default()
            })
            .await?;
        start.figures = Some(Figures::of(&all, today));
        if let Some(plan) = &plan {
            start.outputs_per_area =
                Some(outputs_per_area(&state, &user, plan, today.year()).await?);
        }
    }

    // The next meetings (in the delegate's areas, when they have some).
    let meetings = state
        .store
        .meetings(&MeetingFilter {
            from: Some(jiff::Timestamp::now()),
            themes: areas,
            ..MeetingFilter::default()
        })
        .await?;
    start.meetings = meetings.into_iter().take(5).collect();

    // The latest outputs the account may read.
    let latest = state
        .store
        .outputs(
            &OutputFilter {
                scope: output_scope(Some(&user)),
                ..OutputFilter::default()
            },
            Page {
                offset: 0,
                limit: 5,
            },
        )
        .await?;
    start.outputs = latest.outputs;

    let title = ctx.tr.t("home-start-title");
    Ok(page(
        &ctx,
        Nav::Start,
        &title,
        views::start(&ctx, &user, &plan, &start),
    ))
}

/// The requests of `list` the account may read.
fn visible(user: &Account, list: Vec<Request>) -> Vec<Request> {
    list.into_iter()
        .filter(|r| allowed(Some(user), &Action::ViewRequest(r.facts())))
        .collect()
}

/// Outputs of `year` per area of the plan, as the account may count them.
async fn outputs_per_area(
    state: &AppState,
    user: &Account,
    plan: &Plan,
    year: i32,
) -> Result<Vec<(String, u64)>, PageError> {
    let mut counts = Vec::with_capacity(plan.themes.len());
    for t in &plan.themes {
        let page = state
            .store
            .outputs(
                &OutputFilter {
                    scope: output_scope(Some(user)),
                    themes: vec![t.id.clone()],
                    years: vec![year],
                    ..OutputFilter::default()
                },
                Page {
                    offset: 0,
                    limit: 1,
                },
            )
            .await?;
        counts.push((t.id.clone(), page.total));
    }
    Ok(counts)
}
