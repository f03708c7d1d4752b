//! The JSON shapes of the API, with their OpenAPI schemas.
//!
//! They mirror the domain types of `southdesk-plan` but are the API's own
//! contract: references between parts of the plan are resolved (a theme
//! carries its forums and programmes, not only their ids).

use serde::Serialize;
use southdesk_plan as plan;
use utoipa::ToSchema;

pub use crate::app::dto::Localized;

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
