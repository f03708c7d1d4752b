//! The tagging page: the form, and the tags of a submitted text.

use maud::{Markup, html};
use southdesk_plan::Plan;
use southdesk_tagger::{Evidence, Feature, TagResult};

use super::evidence::{self as tag, Segment};
use crate::app::assets;
use crate::app::i18n::Tr;

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

/// The form: a text box, a file chooser (shown by `tag.js`) and a switch for
/// weaker candidates.
pub fn form(tr: &Tr, state: FormState) -> Markup {
    html! {
        h1 id="page-heading" { (tr.t("tag-title")) }
        p class="lead-text" { (tr.t("tag-intro")) }
        @if let Some(error) = state.error {
            p class="notice notice-error" role="alert" id="tag-error" { (tr.t(error)) }
        }
        form id="tag-form" class="tag-form" method="post" action="/tag"
            data-max-bytes=(tag::MAX_PAGE_TEXT_BYTES)
            data-msg-loaded=(tr.t("tag-file-loaded"))
            data-msg-type=(tr.t("tag-file-wrong-type"))
            data-msg-too-large=(tr.t("tag-file-too-large"))
            data-msg-unreadable=(tr.t("tag-file-unreadable")) {
            input type="hidden" name=(crate::app::auth::CSRF_FIELD) value=(state.csrf);
            div class="field" {
                label for="tag-text" { (tr.t("tag-text-label")) }
                textarea id="tag-text" name="text" rows="14" required
                    placeholder=(tr.t("tag-text-placeholder"))
                    aria-describedby=[state.error.map(|_| "tag-error")] { (state.text) }
            }
            // Without JavaScript there is nothing to read the file: hidden
            // until tag.js shows it.
            div class="field" id="tag-file-field" hidden {
                label for="tag-file" { (tr.t("tag-file-label")) }
                input type="file" id="tag-file" accept=".txt,.md,text/plain,text/markdown"
                    aria-describedby="tag-file-hint";
                p class="hint" id="tag-file-hint" { (tr.t("tag-file-hint")) }
                output id="tag-file-status" for="tag-file" {}
            }
            div class="field field-check" {
                input type="checkbox" id="tag-all" name="all" value="1" checked[state.all];
                label for="tag-all" { (tr.t("tag-all-label")) }
            }
            button type="submit" class="button" { (tr.t("tag-submit")) }
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

fn details(tr: &Tr, evidence: &[Evidence], features: &[Feature]) -> Markup {
    html! {
        @if !evidence.is_empty() {
            p class="label" { (tr.t("tag-evidence-label")) }
            ul class="evidence" {
                @for e in evidence {
                    li { q { (e.term) } " " span class="muted" { (source_label(tr, &e.source)) } }
                }
            }
        }
        @if !features.is_empty() {
            p class="label" { (tr.t("tag-features-label")) }
            ul class="features" {
                @for f in features {
                    li { code { (f.feature) } " " span class="muted" { (format!("{:+.2}", f.weight)) } }
                }
            }
        }
    }
}

fn candidate(tr: &Tr, is: bool) -> Markup {
    html! { @if is { " " span class="badge badge-candidate" { (tr.t("tag-candidate")) } } }
}

/// The tags of `text`: areas (titled from `plan`), SDGs, and the text with
/// every piece of evidence highlighted.
pub fn result(tr: &Tr, plan: Option<&Plan>, text: &str, result: &TagResult) -> Markup {
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
                                (details(tr, &t.evidence, &t.features))
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
                                (details(tr, &s.evidence, &s.features))
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
        p class="tag-again" { a href="/tag" class="button" { (tr.t("tag-again")) } }
    }
}
