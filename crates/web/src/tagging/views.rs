//! The tagging page: the form, and the tags of a submitted text.

use maud::{Markup, html};
use southdesk_plan::Plan;
use southdesk_tagger::{Evidence, TagResult, Term};

use super::evidence::{self as tag, Segment};
use crate::app::i18n::Tr;
use crate::app::{assets, ui};

/// What the form shows again after a submission that could not be tagged.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormState<'a> {
    pub text: &'a str,
    pub all: bool,
    /// Message id of the error to show.
    pub error: Option<&'a str>,
    /// The CSRF token the form carries (see `crate::auth`).
    pub csrf: &'a str,
}

/// The form: a text box, a file chooser (shown by `tag.js`, which also
/// reads a file dropped on the box) and a switch for weaker candidates.
pub fn form(tr: &Tr, state: FormState) -> Markup {
    html! {
        h1 id="page-heading" { (tr.t("tag-title")) }
        p class="lead-text" { (tr.t("tag-intro")) }
        (form_body(tr, state))
    }
}

/// The form itself, filled with `state` (also shown under a result, with
/// the text just tagged).
fn form_body(tr: &Tr, state: FormState) -> Markup {
    let error = state.error.map(|id| tr.t(id));
    let label = tr.t("tag-text-label");
    let hint = tr.t("tag-text-hint");
    let all_label = tr.t("tag-all-label");
    html! {
        form id="tag-form" class="ui-form tag-form" method="post" action="/tag"
            data-max-bytes=(tag::MAX_PAGE_TEXT_BYTES)
            data-msg-loaded=(tr.t("tag-file-loaded"))
            data-msg-type=(tr.t("tag-file-wrong-type"))
            data-msg-too-large=(tr.t("tag-file-too-large"))
            data-msg-unreadable=(tr.t("tag-file-unreadable")) {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(state.csrf);
            (ui::TextArea::new("text", &label)
                .value(state.text)
                .hint(&hint)
                .error(error.as_deref())
                .rows(14)
                .required())
            // Without JavaScript there is nothing to read the file: hidden
            // until tag.js shows it.
            div class="ui-field" id="tag-file-field" hidden {
                label for="tag-file" { (tr.t("tag-file-label")) }
                p class="ui-hint" id="tag-file-hint" { (tr.t("tag-file-hint")) }
                input type="file" id="tag-file" accept=".txt,.md,text/plain,text/markdown"
                    aria-describedby="tag-file-hint";
                output id="tag-file-status" for="tag-file" {}
            }
            (ui::choices(
                &tr.t("tag-options-legend"),
                "all",
                ui::Choice::Checkbox,
                &[ui::ChoiceItem::new("1", all_label, state.all)],
            ))
            (ui::actions(html! {
                (ui::button(&tr.t("tag-submit"), ui::Variant::Primary))
                @if !state.text.is_empty() {
                    " " (ui::link_button("/tag", &tr.t("tag-clear"), ui::Variant::Secondary))
                }
            }))
        }
        script src=(assets::url("tag.js")) defer {}
    }
}

fn score(tr: &Tr, score: f32) -> Markup {
    let percent = (score.clamp(0.0, 1.0) * 100.0).round() as i64;
    let shown = tr.ta("tag-score-value", &[("percent", percent.into())]);
    html! {
        div class="score" {
            meter min="0" max="1" value=(format!("{:.3}", score.clamp(0.0, 1.0)))
                aria-label=(tr.t("tag-score-label")) { (shown) }
            span class="score-value" { (shown) }
        }
    }
}

fn source_label(tr: &Tr, source: &str) -> String {
    match source.strip_prefix("query:") {
        Some(query) => tr.ta("tag-source-query", &[("query", query.to_string().into())]),
        None => tr.t("tag-source-vocabulary"),
    }
}

fn details(tr: &Tr, evidence: &[Evidence], terms: &[Term]) -> Markup {
    html! {
        @if !evidence.is_empty() {
            p class="label" { (tr.t("tag-evidence-label")) }
            ul class="evidence" {
                @for e in evidence {
                    li { q { (e.term) } " " span class="muted" { (source_label(tr, &e.source)) } }
                }
            }
        }
        @if !terms.is_empty() {
            p class="label" { (tr.t("tag-terms-label")) }
            ul class="features" {
                @for t in terms {
                    li data-contribution=(format!("{:+.2}", t.contribution)) {
                        q { (t.term) } " " span class="muted" { (format!("{:+.2}", t.contribution)) }
                    }
                }
            }
        }
    }
}

fn candidate(tr: &Tr, is: bool) -> Markup {
    html! { @if is { " " span class="badge badge-candidate" { (tr.t("tag-candidate")) } } }
}

/// The tags of `text`: areas (titled from `plan`), SDGs, the text with
/// every piece of evidence highlighted, and the form again, filled with the
/// text (`again`), to tag it anew or clear it.
pub fn result(
    tr: &Tr,
    plan: Option<&Plan>,
    text: &str,
    result: &TagResult,
    again: FormState,
) -> Markup {
    let lang = tr.lang;
    let spans = tag::evidence_spans(result, plan, tr);
    let segments = tag::segments(text, &spans);
    html! {
        h1 id="page-heading" { (tr.t("tag-result-title")) }
        p class="lead-text" { (tr.t("tag-result-intro")) }
        div class="section two-col tag-results" {
            section aria-labelledby="tag-themes-heading" id="tag-themes" {
                h2 id="tag-themes-heading" { (tr.t("tag-themes-heading")) }
                @if result.themes.is_empty() {
                    p class="muted" { (tr.t("tag-no-themes")) }
                } @else {
                    ol class="tag-list" {
                        @for t in &result.themes {
                            li class="tag-item" data-theme=(t.id) {
                                h3 class="tag-name" {
                                    a href={ "/themes/" (t.id) } { (tag::theme_title(plan, &t.id, lang)) }
                                    (candidate(tr, t.candidate))
                                }
                                (score(tr, t.score))
                                (details(tr, &t.evidence, &t.terms))
                            }
                        }
                    }
                }
            }
            section aria-labelledby="tag-sdgs-heading" id="tag-sdgs" {
                h2 id="tag-sdgs-heading" { (tr.t("tag-sdgs-heading")) }
                @if result.sdgs.is_empty() {
                    p class="muted" { (tr.t("tag-no-sdgs")) }
                } @else {
                    ol class="tag-list" {
                        @for s in &result.sdgs {
                            li class="tag-item" data-sdg=(s.goal) {
                                h3 class="tag-name" {
                                    span class="sdg-number" { (tr.ta("tag-sdg-number", &[("goal", i64::from(s.goal).into())])) }
                                    " " (tr.t(&tag::sdg_message_id(s.goal)))
                                    (candidate(tr, s.candidate))
                                }
                                (score(tr, s.score))
                                (details(tr, &s.evidence, &s.terms))
                            }
                        }
                    }
                }
            }
        }
        section class="section" aria-labelledby="tag-text-heading" {
            h2 id="tag-text-heading" { (tr.t("tag-text-heading")) }
            div class="tagged-text" id="tagged-text" {
                @for seg in &segments {
                    @match seg {
                        Segment::Plain(s) => (s),
                        Segment::Marked { text, tags } => mark title=(tags.join(" · ")) { (text) },
                    }
                }
            }
        }
        section class="section tag-again" aria-labelledby="tag-again-heading" {
            h2 id="tag-again-heading" { (tr.t("tag-again-heading")) }
            (form_body(tr, FormState { text, ..again }))
        }
    }
}
