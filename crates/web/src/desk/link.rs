//! Answering a request with an output or a meeting, chosen by a search
//! picker rather than a number: a GET form (words or a number) shows the
//! matches as radio buttons with their title, date and visibility, and the
//! chosen one is linked by a POST — a two-step form that works without
//! JavaScript. Outputs are found through the knowledge base's search
//! (`kb::search`, within what the reader may read), meetings in the store.
//!
//! Linking an output the requester may not open (internal, confidential)
//! first says so and offers to publish it (for those who may change its
//! visibility, through `kb::Catalogue`), to send a delivery note instead,
//! or to link it for the Secretariat only.

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use southdesk_plan::authz::{Action, OutputFacts, allowed, output_scope};
use southdesk_plan::outputs::{Output, Visibility};
use southdesk_plan::requests::LinkKind;
use southdesk_plan::{Account, Lang};
use southdesk_store::StoreError;
use southdesk_store::meetings::MeetingFilter;
use southdesk_store::requests::{Link, Request};

use super::workflow::{self as desk, DeskError};
use crate::app::form::Fields;
use crate::app::i18n::Tr;
use crate::app::layout::{Nav, page};
use crate::app::notice::html_response;
use crate::app::ui::{self, Choice, ChoiceItem, Input, Select, TextArea, Tone, Variant};
use crate::app::{AppState, Ctx, PageError};

/// Matches shown by the picker.
const MAX_MATCHES: usize = 10;

/// An output or a meeting as the picker and the links list show it.
#[derive(Debug, Clone)]
pub struct Linked {
    pub kind: LinkKind,
    pub id: i64,
    pub title: String,
    /// Its page, when the reader may open it.
    pub href: Option<String>,
    pub date: String,
    /// An output's.
    pub visibility: Option<Visibility>,
}

/// What the picker found for `words`.
#[derive(Debug, Clone)]
pub struct Pick {
    pub kind: LinkKind,
    pub words: String,
    pub found: Vec<Linked>,
}

fn output_facts(o: &Output) -> OutputFacts<'_> {
    OutputFacts {
        visibility: o.visibility,
        programmes: &o.programmes,
    }
}

fn output_linked(tr_lang: Lang, user: &Account, o: &Output) -> Linked {
    let may = allowed(Some(user), &Action::ViewOutput(output_facts(o)));
    Linked {
        kind: LinkKind::Output,
        id: o.id,
        title: o.best_version(tr_lang).title.clone(),
        href: may.then(|| format!("/outputs/{}", o.id)),
        date: Tr::new(tr_lang).date(o.date),
        visibility: Some(o.visibility),
    }
}

fn meeting_linked(m: &southdesk_calendar::Meeting) -> Linked {
    Linked {
        kind: LinkKind::Meeting,
        id: m.id,
        title: m.data.title.clone(),
        href: Some(format!("/meetings/{}", m.id)),
        date: m.data.when.first_day().to_string(),
        visibility: None,
    }
}

/// The outputs (those `user` may read) or meetings matching `words`: by
/// number (`12`, `#12`) or by title.
pub async fn find(
    state: &AppState,
    user: &Account,
    kind: LinkKind,
    words: &str,
    lang: Lang,
) -> Result<Vec<Linked>, StoreError> {
    let number: Option<i64> = words.trim().trim_start_matches('#').parse().ok();
    match kind {
        LinkKind::Output => {
            let mut ids: Vec<i64> = number.into_iter().collect();
            if number.is_none() {
                let params = southdesk_kb::search::SearchParams {
                    q: words.to_string(),
                    lang: Some(lang),
                    per_page: MAX_MATCHES,
                    ..Default::default()
                };
                match southdesk_kb::search::answer(
                    state.index.clone(),
                    params,
                    output_scope(Some(user)),
                )
                .await
                {
                    Ok(found) => ids.extend(found.hits.iter().map(|h| h.output_id)),
                    Err(e) => tracing::warn!(error = %e, "the link picker's search failed"),
                }
            }
            let mut out = Vec::new();
            for id in ids {
                if let Some(o) = state.store.output(id).await?
                    && allowed(Some(user), &Action::ViewOutput(output_facts(&o)))
                {
                    out.push(output_linked(lang, user, &o));
                }
            }
            Ok(out)
        }
        LinkKind::Meeting => {
            if let Some(id) = number {
                return Ok(state
                    .store
                    .meeting(id)
                    .await?
                    .iter()
                    .map(meeting_linked)
                    .collect());
            }
            let needle = words.trim().to_lowercase();
            Ok(state
                .store
                .meetings(&MeetingFilter::default())
                .await?
                .iter()
                .filter(|m| m.data.title.to_lowercase().contains(&needle))
                .take(MAX_MATCHES)
                .map(meeting_linked)
                .collect())
        }
    }
}

/// The request's links with their titles (as `user` may see them).
pub async fn describe(
    state: &AppState,
    user: &Account,
    links: &[Link],
    lang: Lang,
) -> Result<Vec<Linked>, StoreError> {
    let mut out = Vec::new();
    for l in links {
        match l.kind {
            LinkKind::Output => {
                if let Some(o) = state.store.output(l.target).await? {
                    out.push(output_linked(lang, user, &o));
                }
            }
            LinkKind::Meeting => {
                if let Some(m) = state.store.meeting(l.target).await? {
                    out.push(meeting_linked(&m));
                }
            }
        }
    }
    Ok(out)
}

pub fn visibility_badge(tr: &Tr, v: Visibility) -> Markup {
    let tone = match v {
        Visibility::Public => Tone::Success,
        Visibility::Internal => Tone::Warning,
        Visibility::Confidential => Tone::Danger,
    };
    ui::badge(&tr.t(&format!("desk-visibility-{}", v.as_str())), tone)
}

/// The "answered by" section: the links, and for those who work on the
/// request, the picker.
pub fn section(
    ctx: &Ctx,
    r: &Request,
    linked: &[Linked],
    may_work: bool,
    pick: Option<&Pick>,
) -> Markup {
    let tr = &ctx.tr;
    let kind = pick.map_or(LinkKind::Output, |p| p.kind);
    let kind_label = tr.t("desk-link-kind");
    let words_label = tr.t("desk-link-search");
    html! {
        h2 id="req-links" { (tr.t("req-links")) }
        @if linked.is_empty() { p class="hint" { (tr.t("req-no-links")) } }
        ul id="req-link-list" {
            @for l in linked {
                li {
                    (tr.t(&format!("req-link-{}", l.kind.as_str()))) " #" (l.id) " "
                    @if let Some(h) = &l.href { a href=(h) { (l.title) } } @else { (l.title) }
                    " · " (l.date)
                    @if let Some(v) = l.visibility { " " (visibility_badge(tr, v)) }
                }
            }
        }
        @if may_work {
            form method="get" action=(format!("/requests/{}#req-links", r.id)) class="ui-form" id="req-link-search" {
                h3 { (tr.t("desk-link-heading")) }
                (Select::new("kind", &kind_label)
                    .options(LinkKind::ALL.iter().map(|k| (k.as_str().to_string(), tr.t(&format!("req-link-{}", k.as_str())))))
                    .selected(kind.as_str()))
                (Input::search("find", &words_label).value(pick.map_or("", |p| p.words.as_str())).required())
                (ui::actions(ui::button(&tr.t("desk-link-find"), Variant::Secondary)))
            }
            @if let Some(p) = pick {
                @if p.found.is_empty() {
                    p class="hint" id="req-link-none" { (tr.t("desk-link-none")) }
                } @else {
                    form method="post" action=(format!("/requests/{}/changes", r.id)) class="ui-form" id="req-link-form" {
                        (ui::csrf(ctx))
                        input type="hidden" name="action" value="link";
                        input type="hidden" name="kind" value=(p.kind.as_str());
                        (ui::choices(&tr.t("desk-link-results"), "target", Choice::Radio, &p.found.iter().enumerate().map(|(i, l)| {
                            let note = match l.visibility {
                                Some(v) => format!("{} · {}", l.date, tr.t(&format!("desk-visibility-{}", v.as_str()))),
                                None => l.date.clone(),
                            };
                            ChoiceItem::new(l.id.to_string(), format!("#{} {}", l.id, l.title), i == 0).note(note)
                        }).collect::<Vec<_>>()))
                        (ui::actions(html! { button type="submit" class="button" id="req-link" { (tr.t("desk-link-pick")) } }))
                    }
                }
            }
        }
    }
}

/// What to do with a link to an output.
pub enum Next {
    /// Link it.
    Link,
    /// Ask first: this page says the requester cannot open it.
    Ask(Response),
}

/// Before linking output `target` to `r`: publish it if the form says so
/// (and `user` may), link it if the requester may open it or the form
/// confirms, else ask.
pub async fn before_linking(
    state: &AppState,
    ctx: &Ctx,
    user: &Account,
    r: &Request,
    target: i64,
    f: &Fields,
) -> Result<Next, PageError> {
    let Some(o) = state.store.output(target).await? else {
        // The workflow says there is no such output.
        return Ok(Next::Link);
    };
    if !allowed(Some(user), &Action::ViewOutput(output_facts(&o))) {
        return Err(DeskError::BadInput("unknown_output", String::new()).into());
    }
    let may_publish = allowed(Some(user), &Action::EditOutput(output_facts(&o)));
    if f.get("publish").is_some() {
        if !may_publish {
            return Err(PageError::Forbidden);
        }
        if o.visibility != Visibility::Public {
            let mut record = o.record.clone();
            record.visibility = Visibility::Public;
            state
                .catalogue()
                .update(o.id, record, Some(user))
                .await
                .map_err(|e| PageError::from(DeskError::BadInput("invalid", e.to_string())))?;
        }
        return Ok(Next::Link);
    }
    if desk::requester_may_open(r, &o) || f.get("confirm").is_some() {
        return Ok(Next::Link);
    }
    Ok(Next::Ask(warning(ctx, r, &o, may_publish)))
}

/// The warning before linking an output the requester cannot open.
fn warning(ctx: &Ctx, r: &Request, o: &Output, may_publish: bool) -> Response {
    let tr = &ctx.tr;
    let title = o.best_version(tr.lang).title.clone();
    let action = format!("/requests/{}/changes", r.id);
    let heading = tr.t("desk-link-warning-title");
    let note_label = tr.t("desk-link-note-label");
    let note_hint = tr.t("desk-link-note-hint");
    let hidden = |confirm: Option<&str>| {
        html! {
            (ui::csrf(ctx))
            input type="hidden" name="action" value="link";
            input type="hidden" name="kind" value="output";
            input type="hidden" name="target" value=(o.id);
            @if let Some(c) = confirm { input type="hidden" name=(c) value="1"; }
        }
    };
    let main = html! {
        p class="eyebrow" { (tr.ta("req-number", &[("id", r.id.into())])) " · " (r.title) }
        h1 id="page-heading" { (heading) }
        div id="req-link-warning" {
            (ui::flash(Tone::Warning, &tr.ta("desk-link-warning", &[
                ("title", title.clone().into()),
                ("visibility", tr.t(&format!("desk-visibility-{}", o.visibility.as_str())).to_lowercase().into()),
            ])))
        }
        @if may_publish {
            form method="post" action=(action) class="ui-form" id="req-link-publish" {
                (hidden(Some("publish")))
                p class="ui-hint" { (tr.t("desk-link-publish-hint")) }
                (ui::actions(ui::button(&tr.t("desk-link-publish"), Variant::Primary)))
            }
        }
        form method="post" action=(action) class="ui-form" id="req-link-note" {
            (ui::csrf(ctx))
            input type="hidden" name="action" value="note";
            (TextArea::new("text", &note_label).hint(&note_hint).rows(5).required())
            (ui::actions(ui::button(&tr.t("desk-link-note-submit"), Variant::Primary)))
        }
        form method="post" action=(action) class="ui-form" id="req-link-anyway" {
            (hidden(Some("confirm")))
            (ui::actions(html! {
                (ui::button(&tr.t("desk-link-anyway"), Variant::Secondary))
                (ui::link_button(&format!("/requests/{}", r.id), &tr.t("desk-link-cancel"), Variant::Secondary))
            }))
        }
    };
    html_response(StatusCode::OK, page(ctx, Nav::None, &heading, main))
}
