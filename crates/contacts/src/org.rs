//! Organisations: ministries and missions, UN bodies, groups of countries,
//! universities, think tanks, NGOs…

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use southdesk_common::Lang;

use crate::{FieldError, MAX_NAME, check_country, check_opt, check_text};

/// What kind of organisation it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    Ministry,
    PermanentMission,
    /// A UN body or agency.
    UnBody,
    /// An international financial institution.
    Ifi,
    /// A regional or intergovernmental body.
    Intergovernmental,
    /// A group of countries (the G77, the African Group).
    Group,
    University,
    ThinkTank,
    Ngo,
    Foundation,
    Private,
}

impl OrgKind {
    pub const ALL: [OrgKind; 11] = [
        OrgKind::Ministry,
        OrgKind::PermanentMission,
        OrgKind::UnBody,
        OrgKind::Ifi,
        OrgKind::Intergovernmental,
        OrgKind::Group,
        OrgKind::University,
        OrgKind::ThinkTank,
        OrgKind::Ngo,
        OrgKind::Foundation,
        OrgKind::Private,
    ];

    /// The code stored and used in URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Ministry => "ministry",
            OrgKind::PermanentMission => "permanent-mission",
            OrgKind::UnBody => "un-body",
            OrgKind::Ifi => "ifi",
            OrgKind::Intergovernmental => "intergovernmental",
            OrgKind::Group => "group",
            OrgKind::University => "university",
            OrgKind::ThinkTank => "think-tank",
            OrgKind::Ngo => "ngo",
            OrgKind::Foundation => "foundation",
            OrgKind::Private => "private",
        }
    }

    pub fn parse(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// The IATI organisation type (2.03 codelist `OrganisationType`) an
    /// organisation of this kind has unless one is given.
    pub fn iati_type(self) -> &'static str {
        match self {
            OrgKind::Ministry | OrgKind::PermanentMission => "10",
            OrgKind::UnBody | OrgKind::Ifi | OrgKind::Intergovernmental => "40",
            OrgKind::Group => "90",
            OrgKind::University | OrgKind::ThinkTank => "80",
            OrgKind::Ngo => "21",
            OrgKind::Foundation => "60",
            OrgKind::Private => "70",
        }
    }

    /// Whether the organisation belongs to a member state (and names it).
    pub fn is_national(self) -> bool {
        matches!(self, OrgKind::Ministry | OrgKind::PermanentMission)
    }
}

/// The codes of IATI's `OrganisationType` codelist (standard 2.03).
pub const IATI_ORGANISATION_TYPES: [&str; 16] = [
    "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90",
];

/// An organisation as written by staff or an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgData {
    /// The name in the organisation's own language.
    pub name: String,
    /// The name in the desk's languages, where known.
    #[serde(default)]
    pub names: BTreeMap<Lang, String>,
    #[serde(default)]
    pub acronym: Option<String>,
    pub kind: OrgKind,
    /// IATI organisation type; the kind's when absent.
    #[serde(default)]
    pub iati_type: Option<String>,
    /// IATI organisation identifier (`XM-DAC-41114`), where one exists.
    #[serde(default)]
    pub iati_id: Option<String>,
    /// ISO 3166-1 alpha-3; required of ministries and permanent missions.
    #[serde(default)]
    pub country: Option<String>,
    /// The organisation it is part of.
    #[serde(default)]
    pub parent: Option<i64>,
    #[serde(default)]
    pub website: Option<String>,
    /// The organisation this record was merged into (two records of one
    /// organisation): it is that one now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<i64>,
}

impl OrgData {
    /// An organisation of `kind` named `name`, nothing else known yet.
    pub fn new(name: impl Into<String>, kind: OrgKind) -> OrgData {
        OrgData {
            name: name.into(),
            names: BTreeMap::new(),
            acronym: None,
            kind,
            iati_type: None,
            iati_id: None,
            country: None,
            parent: None,
            website: None,
            merged_into: None,
        }
    }

    /// Whether the record stands for itself (was not merged into another).
    pub fn is_live(&self) -> bool {
        self.merged_into.is_none()
    }

    /// This record with what `other` (another record of the same
    /// organisation, `other_id`, merged into this one, `id`) adds: its names
    /// in languages this one lacks, and each field this one leaves empty.
    /// A parent that would be the record itself is dropped.
    pub fn absorbing(&self, id: i64, other: &OrgData, other_id: i64) -> OrgData {
        let mut out = self.clone();
        for (lang, name) in &other.names {
            out.names.entry(*lang).or_insert_with(|| name.clone());
        }
        let fill = |mine: &mut Option<String>, theirs: &Option<String>| {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        };
        fill(&mut out.acronym, &other.acronym);
        fill(&mut out.iati_type, &other.iati_type);
        fill(&mut out.iati_id, &other.iati_id);
        fill(&mut out.country, &other.country);
        fill(&mut out.website, &other.website);
        if out.parent.is_none() {
            out.parent = other.parent;
        }
        if out.parent == Some(other_id) {
            out.parent = other.parent;
        }
        if out.parent == Some(id) {
            out.parent = None;
        }
        out
    }

    /// Normalises and checks the record (trims, upper-cases the country).
    /// `is_country` tells whether a code names a known country.
    pub fn check(&mut self, is_country: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        check_text("name", &mut self.name, true, MAX_NAME, false)?;
        for (lang, name) in self.names.iter_mut() {
            check_text(
                &format!("names.{}", lang.code()),
                name,
                false,
                MAX_NAME,
                false,
            )?;
        }
        self.names.retain(|_, n| !n.is_empty());
        check_opt("acronym", &mut self.acronym, 40)?;
        check_opt("iati_type", &mut self.iati_type, 4)?;
        if let Some(t) = &self.iati_type
            && !IATI_ORGANISATION_TYPES.contains(&t.as_str())
        {
            return Err(FieldError::new(
                "iati_type",
                format!("`{t}` is not an IATI organisation type"),
            ));
        }
        check_opt("iati_id", &mut self.iati_id, 100)?;
        if let Some(id) = &self.iati_id
            && !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(FieldError::new(
                "iati_id",
                "may hold only letters, digits, `-`, `_` and `.`",
            ));
        }
        check_country("country", &mut self.country)?;
        match &self.country {
            Some(c) if !is_country(c) => {
                return Err(FieldError::new(
                    "country",
                    format!("`{c}` is not a country the desk knows"),
                ));
            }
            None if self.kind.is_national() => {
                return Err(FieldError::new(
                    "country",
                    "is required of a ministry or a permanent mission",
                ));
            }
            _ => {}
        }
        check_opt("website", &mut self.website, 500)?;
        if let Some(w) = &self.website {
            let lower = w.to_ascii_lowercase();
            let rest = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"));
            if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
                return Err(FieldError::new(
                    "website",
                    "must be an http:// or https:// address",
                ));
            }
        }
        Ok(())
    }

    /// The name shown in `lang`: its name in that language if known, else
    /// its own.
    pub fn name_in(&self, lang: Lang) -> &str {
        self.names.get(&lang).map_or(&self.name, |n| n.as_str())
    }

    /// The IATI type it has: given, or its kind's.
    pub fn iati_type(&self) -> &str {
        self.iati_type.as_deref().unwrap_or(self.kind.iati_type())
    }

    /// Every text a search for the organisation looks at.
    pub fn search_fields(&self) -> Vec<&str> {
        let mut f = vec![self.name.as_str()];
        f.extend(self.names.values().map(String::as_str));
        f.extend(self.acronym.as_deref());
        f
    }
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: i64,
    #[serde(flatten)]
    pub data: OrgData,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mission() -> OrgData {
        OrgData {
            name: " Permanent Mission of Kenya ".into(),
            names: BTreeMap::from([(Lang::Fr, "Mission permanente du Kenya".into())]),
            acronym: None,
            kind: OrgKind::PermanentMission,
            iati_type: None,
            iati_id: None,
            country: Some("ken".into()),
            parent: None,
            website: Some("https://www.kenyamission.ch".into()),
            merged_into: None,
        }
    }

    #[test]
    fn a_record_merged_in_fills_what_the_kept_one_lacks() {
        let mut keep = OrgData::new("UNCTAD", OrgKind::UnBody);
        keep.parent = Some(9);
        let mut other = OrgData::new("Conférence des Nations Unies", OrgKind::UnBody);
        other.names.insert(Lang::Fr, "CNUCED".into());
        other.acronym = Some("CNUCED".into());
        other.website = Some("https://unctad.org".into());
        other.parent = Some(3);
        let merged = keep.absorbing(1, &other, 9);
        assert_eq!(merged.name, "UNCTAD", "the kept name stays");
        assert_eq!(merged.name_in(Lang::Fr), "CNUCED");
        assert_eq!(merged.acronym.as_deref(), Some("CNUCED"));
        assert_eq!(merged.website.as_deref(), Some("https://unctad.org"));
        // Its parent was the record merged in: it takes that one's parent.
        assert_eq!(merged.parent, Some(3));
        other.parent = Some(1);
        keep.parent = Some(9);
        assert_eq!(keep.absorbing(1, &other, 9).parent, None, "never itself");
        assert!(merged.is_live());
    }

    #[test]
    fn a_mission_is_normalised_and_named_in_each_language() {
        let mut m = mission();
        m.check(|c| c == "KEN").unwrap();
        assert_eq!(m.name, "Permanent Mission of Kenya");
        assert_eq!(m.country.as_deref(), Some("KEN"));
        assert_eq!(m.name_in(Lang::Fr), "Mission permanente du Kenya");
        assert_eq!(m.name_in(Lang::Es), "Permanent Mission of Kenya");
        assert_eq!(m.iati_type(), "10");
    }

    #[test]
    fn each_rule_names_its_field() {
        type Break = fn(&mut OrgData);
        let cases: Vec<(Break, &str)> = vec![
            (|m| m.name = "  ".into(), "name"),
            (|m| m.country = None, "country"),
            (|m| m.country = Some("XYZ".into()), "country"),
            (|m| m.country = Some("KE".into()), "country"),
            (|m| m.iati_type = Some("12".into()), "iati_type"),
            (|m| m.iati_id = Some("XM DAC".into()), "iati_id"),
            (
                |m| m.website = Some("javascript:alert(1)".into()),
                "website",
            ),
            (|m| m.website = Some("https://".into()), "website"),
            (|m| m.name = "a\u{0}b".into(), "name"),
            (|m| m.name = "x".repeat(MAX_NAME + 1), "name"),
        ];
        for (break_it, field) in cases {
            let mut m = mission();
            break_it(&mut m);
            let e = m.check(|c| c == "KEN").unwrap_err();
            assert_eq!(e.field, field, "{e}");
        }
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.as_str()), Some(k));
            assert!(IATI_ORGANISATION_TYPES.contains(&k.iati_type()));
        }
        assert_eq!(OrgKind::parse("club"), None);
    }
}
