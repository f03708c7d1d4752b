//! The iCalendar feeds: all meetings, a theme's, a forum's, a programme's.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use southdesk_plan::Lang;
use southdesk_store::MeetingFilter;

use super::service::{self as calendar, forums};
use crate::app::AppState;
use crate::app::i18n::Tr;

// ---- feeds ------------------------------------------------------------------------------------

fn feed_lang(headers: &HeaderMap) -> Tr {
    let lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::app::i18n::accept_language_lang)
        .unwrap_or(Lang::En);
    Tr::new(lang)
}

pub async fn feed_all(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let tr = feed_lang(&headers);
    calendar::feed(
        &state,
        &headers,
        &tr.t("cal-feed-all"),
        MeetingFilter::default(),
    )
    .await
}

fn feed_not_found(what: &str) -> Response {
    let mut r = (StatusCode::NOT_FOUND, format!("no {what}\n")).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

pub async fn feed_theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let tr = feed_lang(&headers);
    let plan = state.plan_for_labels().await;
    let Some(theme) = plan.as_ref().and_then(|p| p.theme(&id)) else {
        return feed_not_found("such theme");
    };
    let name = tr.ta(
        "cal-feed-theme",
        &[("name", theme.title.best(tr.lang).to_string().into())],
    );
    let filter = MeetingFilter {
        themes: vec![theme.id.clone()],
        ..Default::default()
    };
    calendar::feed(&state, &headers, &name, filter).await
}

pub async fn feed_forum(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let tr = feed_lang(&headers);
    let plan = state.plan_for_labels().await;
    let forum_name = plan
        .as_ref()
        .and_then(|p| p.forum(&id))
        .map(|f| f.acronym.best(tr.lang).to_string())
        .or_else(|| {
            forums()
                .body(&id)
                .map(|b| b.short.best(tr.lang).to_string())
        });
    let Some(forum_name) = forum_name else {
        return feed_not_found("such forum");
    };
    let name = tr.ta("cal-feed-forum", &[("name", forum_name.into())]);
    let filter = MeetingFilter {
        bodies: calendar::bodies_of_forum(&id),
        ..Default::default()
    };
    calendar::feed(&state, &headers, &name, filter).await
}

pub async fn feed_programme(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let tr = feed_lang(&headers);
    let plan = state.plan_for_labels().await;
    let Some((p, themes)) = plan.as_ref().and_then(|pl| {
        pl.programme(&id)
            .map(|p| (p, calendar::themes_of_programme(pl, &id)))
    }) else {
        return feed_not_found("such programme");
    };
    let name = tr.ta("cal-feed-programme", &[("name", p.acronym.clone().into())]);
    let filter = MeetingFilter {
        themes,
        ..Default::default()
    };
    calendar::feed(&state, &headers, &name, filter).await
}

/// One meeting as an iCalendar file of one VEVENT, to add to one's own
/// calendar. Like the feeds, it carries what the calendar publishes, never
/// the Centre's checklist.
pub async fn event_ics(
    State(state): State<AppState>,
    headers: HeaderMap,
    crate::app::PathId(id): crate::app::PathId,
) -> Response {
    let m = match state.store.meeting(id).await {
        Ok(Some(m)) => m,
        Ok(None) => return feed_not_found("such meeting"),
        Err(e) => return crate::app::ApiError::from(e).into_response(),
    };
    let base = calendar::base_url(&state, &headers);
    let mut r = calendar::feed_response(&m.data.title, std::slice::from_ref(&m), Some(&base));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"meeting-{id}.ics\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}
