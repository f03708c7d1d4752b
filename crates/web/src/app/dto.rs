//! JSON shapes more than one feature's API uses.

use serde::Serialize;
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

impl From<&southdesk_plan::Localized> for Localized {
    fn from(l: &southdesk_plan::Localized) -> Self {
        Localized {
            zh: l.zh.clone(),
            en: l.en.clone(),
            fr: l.fr.clone(),
            es: l.es.clone(),
        }
    }
}
