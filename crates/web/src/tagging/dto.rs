//! The JSON shapes of `POST /api/v1/tag`, with their OpenAPI schemas.

use serde::Serialize;
use southdesk_plan as plan;
use utoipa::ToSchema;

use crate::app::dto::Localized;

/// A text to tag.
#[derive(Debug, Clone, serde::Deserialize, ToSchema)]
pub struct TagRequest {
    /// The text, in any of the four languages (at most 2 MB of request body).
    #[schema(example = "The pandemic agreement and a TRIPS waiver for vaccines")]
    pub text: String,
    /// Also list candidates below the threshold (marked `candidate`).
    #[serde(default)]
    pub all: bool,
    /// An identifier echoed in the answer.
    #[serde(default)]
    pub id: Option<String>,
}

/// The tags of a text: thematic areas and SDGs, strongest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub themes: Vec<ThemeTag>,
    pub sdgs: Vec<SdgTag>,
}

/// A thematic area of the adopted plan assigned to the text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemeTag {
    #[schema(example = "health")]
    pub id: String,
    /// The area's title in the adopted plan (absent when no plan is adopted
    /// or the plan has no such area).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Localized>,
    /// Calibrated probability, 0–1.
    #[schema(example = 0.93)]
    pub score: f32,
    /// Below the threshold; only listed when `all` was asked.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
    pub evidence: Vec<Evidence>,
    /// The words and phrases of the text that moved the learned model's
    /// score, with their contribution (signed), strongest first: at most 8,
    /// none that rounds to 0.00. Replaces `features` (the model's n-grams,
    /// such as `devel` or `展中国`), which are no longer sent.
    pub terms: Vec<Term>,
}

/// A Sustainable Development Goal assigned to the text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SdgTag {
    #[schema(example = 3)]
    pub goal: u8,
    /// The goal's short name.
    pub title: Localized,
    #[schema(example = 0.81)]
    pub score: f32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub candidate: bool,
    pub evidence: Vec<Evidence>,
    /// The words and phrases of the text that moved the learned model's
    /// score, with their contribution (signed), strongest first: at most 8,
    /// none that rounds to 0.00. Replaces `features` (the model's n-grams,
    /// such as `devel` or `展中国`), which are no longer sent.
    pub terms: Vec<Term>,
}

/// Where a tag comes from in the text.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Evidence {
    /// The matched text, exactly as in the input.
    #[schema(example = "TRIPS waiver")]
    pub term: String,
    /// Offset of the first character, in Unicode scalar values.
    pub start: usize,
    /// Offset after the last character (exclusive), in Unicode scalar values.
    pub end: usize,
    /// `vocabulary`, or `query:<system>:<query id>`.
    #[schema(example = "vocabulary")]
    pub source: String,
}

/// A word or phrase of the text and how much it moved the learned model's
/// raw score: the contributions of the model's n-gram features found in it,
/// summed. Positive pushes the score up, negative down.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Term {
    /// The word or phrase, exactly as in the text (its first occurrence):
    /// a whole word, or adjacent words; in Chinese, whole words as jieba
    /// segments the text.
    #[schema(example = "pandemic agreement")]
    pub term: String,
    /// Contribution to the raw score, signed.
    #[schema(example = 0.12)]
    pub contribution: f32,
    /// Offset of the first character of its first occurrence, in Unicode
    /// scalar values.
    pub start: usize,
    /// Offset after its last character (exclusive), in Unicode scalar values.
    pub end: usize,
}

impl From<&southdesk_tagger::Evidence> for Evidence {
    fn from(e: &southdesk_tagger::Evidence) -> Self {
        Evidence {
            term: e.term.clone(),
            start: e.start,
            end: e.end,
            source: e.source.clone(),
        }
    }
}

impl From<&southdesk_tagger::Term> for Term {
    fn from(t: &southdesk_tagger::Term) -> Self {
        Term {
            term: t.term.clone(),
            contribution: t.contribution,
            start: t.start,
            end: t.end,
        }
    }
}

impl TagResponse {
    /// The tagger's result with the titles of the areas (from `plan`) and of
    /// the SDGs in the four languages.
    pub fn new(result: &southdesk_tagger::TagResult, plan: Option<&plan::Plan>) -> Self {
        let sdg_name = |goal: u8| {
            let id = super::evidence::sdg_message_id(goal);
            let t = |lang| crate::app::i18n::Tr::new(lang).t(&id);
            Localized {
                zh: t(plan::Lang::Zh),
                en: t(plan::Lang::En),
                fr: t(plan::Lang::Fr),
                es: t(plan::Lang::Es),
            }
        };
        TagResponse {
            id: result.id.clone(),
            themes: result
                .themes
                .iter()
                .map(|t| ThemeTag {
                    id: t.id.clone(),
                    title: plan
                        .and_then(|p| p.theme(&t.id))
                        .map(|th| Localized::from(&th.title)),
                    score: t.score,
                    candidate: t.candidate,
                    evidence: t.evidence.iter().map(Evidence::from).collect(),
                    terms: t.terms.iter().map(Term::from).collect(),
                })
                .collect(),
            sdgs: result
                .sdgs
                .iter()
                .map(|s| SdgTag {
                    goal: s.goal,
                    title: sdg_name(s.goal),
                    score: s.score,
                    candidate: s.candidate,
                    evidence: s.evidence.iter().map(Evidence::from).collect(),
                    terms: s.terms.iter().map(Term::from).collect(),
                })
                .collect(),
        }
    }
}
