//! Domain types and rules of the South Centre's work programme.
//!
//! A [`Plan`] is the thematic work programme of a period: its thematic areas
//! ([`Theme`]), the objectives it serves, the modes of work, the Centre's
//! programmes and the forums it names. Plans are versioned ([`PlanVersion`]):
//! the Board adopts a version, which supersedes the one before.
//!
//! This crate does no I/O: it parses and validates text it is given
//! ([`load`]), reads plan documents ([`import`]) and compares plans ([`diff`]).

pub mod authz;
pub mod diff;
pub mod import;
mod lang;
pub mod load;
pub mod members;
pub mod outputs;
pub mod people;
pub mod requests;
mod version;

pub use lang::{Lang, Localized};
pub use load::PlanError;
pub use members::{Country, Group, Members};
pub use people::{Account, AccountError, BindingError, Role};
pub use version::{NewPlanVersion, PlanVersion, PlanVersionMeta, VersionStatus};

use serde::{Deserialize, Serialize};

/// The period a plan covers, in whole years (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: u16,
    pub end: u16,
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}–{}", self.start, self.end)
    }
}

/// A thematic work programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub period: Period,
    pub title: Localized,
    /// The capabilities the Centre builds in developing countries, (i)–(iv).
    pub objectives: Vec<Objective>,
    /// Research, policy advice, capacity building, advocacy.
    pub modes: Vec<Mode>,
    pub programmes: Vec<Programme>,
    pub forums: Vec<Forum>,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    /// `i`, `ii`, `iii`, `iv`.
    pub id: String,
    pub title: Localized,
    pub text: Localized,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mode {
    /// `research`, `policy-advice`, `capacity-building`, `advocacy`.
    pub id: String,
    pub title: Localized,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub id: String,
    pub name: Localized,
    /// Short name as used in the Centre (e.g. `GGDP`).
    pub acronym: String,
}

/// A forum or instrument the plan names (WTO, UNFCCC, the pandemic agreement, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forum {
    pub id: String,
    pub acronym: Localized,
    pub name: Localized,
}

/// A thematic area of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Stable id (`agenda2030`, `climate`, …, `tax`).
    pub id: String,
    /// 1-based number in the plan's own order.
    pub number: u16,
    pub title: Localized,
    pub summary: Localized,
    /// Illustrative topics the plan names for the area.
    pub topics: Vec<Topic>,
    /// Ids of [`Forum`]s the area works in.
    pub forums: Vec<String>,
    /// Id of the lead [`Programme`].
    pub lead: String,
    /// Ids of supporting programmes; a cross-cutting area has at least one.
    pub supporting: Vec<String>,
}

impl Theme {
    /// Programmes carrying the area, lead first.
    pub fn programmes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lead.as_str()).chain(self.supporting.iter().map(String::as_str))
    }

    /// Carried by two or more programmes jointly.
    pub fn is_cross_cutting(&self) -> bool {
        !self.supporting.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub title: Localized,
}

impl Plan {
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id == id)
    }

    pub fn forum(&self, id: &str) -> Option<&Forum> {
        self.forums.iter().find(|f| f.id == id)
    }

    /// Checks the plan's rules; see [`load::validate`]. `strict` for
    /// adoption (all translations, every theme led), not for drafts.
    pub fn validate(&self, strict: bool) -> Vec<PlanError> {
        load::validate(self, strict)
    }

    /// The 2026–2028 work programme as adopted, embedded from
    /// `data/plans/2026-2028.toml`.
    pub fn embedded_2026_2028() -> Plan {
        load::from_toml_str(EMBEDDED_2026_2028, EMBEDDED_2026_2028_PATH)
            .expect("the embedded plan is validated by the test suite")
    }
}

/// Source of the embedded 2026–2028 plan.
pub const EMBEDDED_2026_2028: &str = include_str!("../../../data/plans/2026-2028.toml");
/// Repository path of [`EMBEDDED_2026_2028`], used in error messages.
pub const EMBEDDED_2026_2028_PATH: &str = "data/plans/2026-2028.toml";

/// The seed plan document (Chinese), read at test time from the shared
/// folder next to the repository; `SOUTHDESK_SEED` overrides the path.
/// `None` (and a note on stderr) where it is not available.
#[cfg(test)]
pub(crate) fn test_seed() -> Option<String> {
    let path = std::env::var("SOUTHDESK_SEED").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/seed/000_87b5cc5633e2944e.txt"
        )
        .to_string()
    });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("seed document not available ({path}: {e}); skipping");
            None
        }
    }
}
