//! The JSON shapes of the API, with their OpenAPI schemas.
//!
//! They mirror the domain types of `southdesk-plan` but are the API's own
//! contract: references between parts of the plan are resolved (a theme
//! carries its forums and programmes, not only their ids).

use serde::Serialize;
use southdesk_plan as plan;
use utoipa::ToSchema;

/// A text in the four languages of the Centre. In an adopted plan all four
/// are present.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Localized {
    #[schema(example = "南方中心")]
    pub zh: String,
    #[schema(example = "South Centre")]
    pub en: String,
    #[schema(example = "Centre Sud")]
    pub fr: String,
    #[schema(example = "Centro del Sur")]
    pub es: String,
}

impl From<&plan::Localized> for Localized {
    fn from(l: &plan::Localized) -> Self {
        Localized {
            zh: l.zh.clone(),
            en: l.en.clone(),
            fr: l.fr.clone(),
            es: l.es.clone(),
        }
    }
}

/// The years a plan covers, both included.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Period {
    #[schema(example = 2026)]
    pub start: u16,
    #[schema(example = 2028)]
    pub end: u16,
}

impl From<plan::Period> for Period {
    fn from(p: plan::Period) -> Self {
        Period {
            start: p.start,
            end: p.end,
        }
    }
}

/// Where a version is in its life: `draft`, `adopted` (in force; at most
/// one) or `superseded`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum VersionStatus {
    Draft,
    Adopted,
    Superseded,
}

impl From<plan::VersionStatus> for VersionStatus {
    fn from(s: plan::VersionStatus) -> Self {
        match s {
            plan::VersionStatus::Draft => VersionStatus::Draft,
            plan::VersionStatus::Adopted => VersionStatus::Adopted,
            plan::VersionStatus::Superseded => VersionStatus::Superseded,
        }
    }
}

/// A stored version of the plan, without its content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionMeta {
    #[schema(example = 1)]
    pub id: i64,
    #[schema(example = "2026–2028 as adopted")]
    pub label: String,
    pub period: Period,
    pub status: VersionStatus,
    /// Date of adoption (`YYYY-MM-DD`), for adopted and superseded versions.
    #[schema(value_type = Option<String>, format = Date, example = "2025-11-20")]
    pub adopted_on: Option<String>,
    /// When the version was stored (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub created_at: String,
    /// Where the version came from.
    #[schema(example = "embedded:data/plans/2026-2028.toml")]
    pub source: String,
    /// Number of thematic areas.
    #[schema(example = 14)]
    pub themes: usize,
}

impl From<&plan::PlanVersionMeta> for VersionMeta {
    fn from(m: &plan::PlanVersionMeta) -> Self {
        VersionMeta {
            id: m.id,
            label: m.label.clone(),
            period: m.period.into(),
            status: m.status.into(),
            adopted_on: m.adopted_on.map(|d| d.to_string()),
            created_at: m
                .created_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_else(|_| m.created_at.to_string()),
            source: m.source.clone(),
            themes: m.themes,
        }
    }
}

/// One of the capabilities the Centre builds in developing countries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Objective {
    /// `i`, `ii`, `iii` or `iv`.
    #[schema(example = "i")]
    pub id: String,
    pub title: Localized,
    pub text: Localized,
}

/// A mode of work.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Mode {
    /// `research`, `policy-advice`, `capacity-building` or `advocacy`.
    #[schema(example = "research")]
    pub id: String,
    pub title: Localized,
}

/// A programme of the Centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Programme {
    pub id: String,
    /// Short name used in the Centre.
    #[schema(example = "GGDP")]
    pub acronym: String,
    pub name: Localized,
}

impl From<&plan::Programme> for Programme {
    fn from(p: &plan::Programme) -> Self {
        Programme {
            id: p.id.clone(),
            acronym: p.acronym.clone(),
            name: (&p.name).into(),
        }
    }
}

/// A forum, negotiation or instrument named by the plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Forum {
    #[schema(example = "wto")]
    pub id: String,
    pub acronym: Localized,
    pub name: Localized,
}

impl From<&plan::Forum> for Forum {
    fn from(f: &plan::Forum) -> Self {
        Forum {
            id: f.id.clone(),
            acronym: (&f.acronym).into(),
            name: (&f.name).into(),
        }
    }
}

/// An illustrative topic of a thematic area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Topic {
    pub id: String,
    pub title: Localized,
}

/// A thematic area, with its forums and programmes resolved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Theme {
    /// Stable identifier, used in addresses.
    #[schema(example = "climate")]
    pub id: String,
    /// 1-based number in the plan's order.
    #[schema(example = 2)]
    pub number: u16,
    pub title: Localized,
    pub summary: Localized,
    pub topics: Vec<Topic>,
    pub forums: Vec<Forum>,
    /// The programme that leads the area.
    pub lead: Programme,
    /// The programmes that support it.
    pub supporting: Vec<Programme>,
    /// Carried by two or more programmes.
    pub cross_cutting: bool,
}

impl Theme {
    pub fn new(p: &plan::Plan, t: &plan::Theme) -> Theme {
        let programme = |id: &String| -> Programme {
            p.programme(id)
                .map(Programme::from)
                .unwrap_or_else(|| Programme {
                    id: id.clone(),
                    acronym: id.clone(),
                    name: (&plan::Localized::default()).into(),
                })
        };
        Theme {
            id: t.id.clone(),
            number: t.number,
            title: (&t.title).into(),
            summary: (&t.summary).into(),
            topics: t
                .topics
                .iter()
                .map(|x| Topic {
                    id: x.id.clone(),
                    title: (&x.title).into(),
                })
                .collect(),
            forums: t
                .forums
                .iter()
                .map(|id| {
                    p.forum(id).map(Forum::from).unwrap_or_else(|| Forum {
                        id: id.clone(),
                        acronym: (&plan::Localized::default()).into(),
                        name: (&plan::Localized::default()).into(),
                    })
                })
                .collect(),
            lead: programme(&t.lead),
            supporting: t.supporting.iter().map(programme).collect(),
            cross_cutting: t.is_cross_cutting(),
        }
    }
}

/// A plan version with its full content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanDocument {
    pub version: VersionMeta,
    pub period: Period,
    pub title: Localized,
    pub objectives: Vec<Objective>,
    pub modes: Vec<Mode>,
    pub programmes: Vec<Programme>,
    pub forums: Vec<Forum>,
    /// The thematic areas, in the plan's order.
    pub themes: Vec<Theme>,
}

impl From<&plan::PlanVersion> for PlanDocument {
    fn from(v: &plan::PlanVersion) -> Self {
        let p = &v.plan;
        let mut themes: Vec<&plan::Theme> = p.themes.iter().collect();
        themes.sort_by_key(|t| t.number);
        PlanDocument {
            version: (&v.meta).into(),
            period: p.period.into(),
            title: (&p.title).into(),
            objectives: p
                .objectives
                .iter()
                .map(|o| Objective {
                    id: o.id.clone(),
                    title: (&o.title).into(),
                    text: (&o.text).into(),
                })
                .collect(),
            modes: p
                .modes
                .iter()
                .map(|m| Mode {
                    id: m.id.clone(),
                    title: (&m.title).into(),
                })
                .collect(),
            programmes: p.programmes.iter().map(Programme::from).collect(),
            forums: p.forums.iter().map(Forum::from).collect(),
            themes: themes.into_iter().map(|t| Theme::new(p, t)).collect(),
        }
    }
}

/// The stored versions, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionList {
    pub versions: Vec<VersionMeta>,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `not_found`, `no_adopted_plan`,
    /// `bad_request`, `store_unavailable` or `internal_error`.
    #[schema(example = "not_found")]
    pub code: String,
    /// For people; may change between releases.
    #[schema(example = "no thematic area \"xyz\" in the adopted plan")]
    pub message: String,
}

/// Health of the service.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database does not answer.
    #[schema(example = "ok")]
    pub status: String,
    /// The database backend: `sqlite` or `postgresql`.
    #[schema(example = "sqlite")]
    pub store: String,
    /// Why the service is unavailable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

// ---- tagging ------------------------------------------------------------------

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
    pub features: Vec<Feature>,
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
    pub features: Vec<Feature>,
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

/// A feature of the learned model that pushed the score up, and by how much.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Feature {
    #[schema(example = "pandemic")]
    pub feature: String,
    pub weight: f32,
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

impl From<&southdesk_tagger::Feature> for Feature {
    fn from(f: &southdesk_tagger::Feature) -> Self {
        Feature {
            feature: f.feature.clone(),
            weight: f.weight,
        }
    }
}

impl TagResponse {
    /// The tagger's result with the titles of the areas (from `plan`) and of
    /// the SDGs in the four languages.
    pub fn new(result: &southdesk_tagger::TagResult, plan: Option<&plan::Plan>) -> Self {
        let sdg_name = |goal: u8| {
            let id = crate::tag::sdg_message_id(goal);
            let t = |lang| crate::i18n::Tr::new(lang).t(&id);
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
                    features: t.features.iter().map(Feature::from).collect(),
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
                    features: s.features.iter().map(Feature::from).collect(),
                })
                .collect(),
        }
    }
}
