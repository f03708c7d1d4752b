//! The Centre's member states and the groups of countries delegates speak
//! for, read from `data/members/countries.toml` and
//! `data/members/groups.toml` (embedded in the binary).
//!
//! ```toml
//! [[country]]
//! iso3 = "BRA"
//! iso2 = "BR"
//! name = { zh = "巴西", en = "Brazil", fr = "Brésil", es = "Brasil" }
//! member = true
//! member_uncertain = false   # optional
//!
//! [[group]]
//! id = "g77"
//! name = { zh = "…", en = "Group of 77", fr = "…", es = "…" }
//! kind = "negotiating-group"
//! members = ["BRA", "CHN"]
//! uncertain = []             # optional: members whose membership is unsure
//! note = "…"                 # optional
//! ```
//!
//! Errors name the file, the line and the field, like the plan loader's.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::people::is_iso3;
use crate::{Lang, Localized, PlanError};

/// Repository path of the embedded countries file.
pub const COUNTRIES_PATH: &str = "data/members/countries.toml";
/// Repository path of the embedded groups file.
pub const GROUPS_PATH: &str = "data/members/groups.toml";
/// The embedded countries file.
pub const EMBEDDED_COUNTRIES: &str = include_str!("../../../data/members/countries.toml");
/// The embedded groups file.
pub const EMBEDDED_GROUPS: &str = include_str!("../../../data/members/groups.toml");

/// A country (or territory) the desk knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code, capitals (`BRA`).
    pub iso3: String,
    /// ISO 3166-1 alpha-2 code, capitals (`BR`).
    pub iso2: String,
    pub name: Localized,
    /// A member state of the South Centre.
    pub member: bool,
    /// The membership status could not be confirmed.
    pub member_uncertain: bool,
}

/// A group of countries (G77, NAM, the African Group, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Stable id, lowercase (`g77`).
    pub id: String,
    pub name: Localized,
    /// What kind of group it is (`negotiating-group`, `regional`, …).
    pub kind: String,
    /// ISO alpha-3 codes of its members.
    pub members: Vec<String>,
    /// Members whose membership of the group is not confirmed.
    pub uncertain: Vec<String>,
    pub note: Option<String>,
}

/// Countries and groups.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Members {
    pub countries: Vec<Country>,
    pub groups: Vec<Group>,
}

impl Members {
    /// The embedded data files. Panics if they are invalid, which the test
    /// suite rules out.
    pub fn embedded() -> Members {
        parse(
            EMBEDDED_COUNTRIES,
            COUNTRIES_PATH,
            EMBEDDED_GROUPS,
            GROUPS_PATH,
        )
        .unwrap_or_else(|errors| panic!("embedded members data is invalid: {}", errors[0]))
    }

    /// The country with this alpha-3 code (case-insensitive).
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.iso3.eq_ignore_ascii_case(iso3))
    }

    /// The group with this id (case-insensitive).
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id.eq_ignore_ascii_case(id))
    }

    /// Whether the country is a member state of the Centre.
    pub fn is_member(&self, iso3: &str) -> bool {
        self.country(iso3).is_some_and(|c| c.member)
    }

    /// The groups the country belongs to (listed or uncertain), in file order.
    pub fn groups_of<'a>(&'a self, iso3: &'a str) -> impl Iterator<Item = &'a Group> + 'a {
        self.groups.iter().filter(move |g| {
            g.members
                .iter()
                .chain(&g.uncertain)
                .any(|m| m.eq_ignore_ascii_case(iso3))
        })
    }
}

/// Parses and validates both files; returns every problem found, each with
/// file, line and field.
///
/// Rules: no unknown keys; `iso3` three capitals and unique, `iso2` two
/// capitals and unique; names in all four languages; group ids lowercase
/// (`a-z`, `0-9`, `-`) and unique; a kind; group members and uncertain
/// members known countries, each listed once.
pub fn parse(
    countries_src: &str,
    countries_file: &str,
    groups_src: &str,
    groups_file: &str,
) -> Result<Members, Vec<PlanError>> {
    let mut errors = Vec::new();
    let countries = read::<CountriesFile>(countries_src, countries_file, &mut errors);
    let groups = read::<GroupsFile>(groups_src, groups_file, &mut errors);
    let (Some(countries), Some(groups)) = (countries, groups) else {
        return Err(errors);
    };

    let err = |file: &str, src: &str, at: usize, field: String, message: String| PlanError {
        file: file.to_string(),
        line: Some(line_of(src, at)),
        field: Some(field),
        message,
    };

    let mut out = Members::default();
    let mut iso3s = HashSet::new();
    let mut iso2s = HashSet::new();
    for (i, c) in countries.country.into_iter().enumerate() {
        let at = c.span().start;
        let c = c.into_inner();
        let mut bad = |field: &str, message: String| {
            errors.push(err(
                countries_file,
                countries_src,
                at,
                format!("country[{i}].{field}"),
                message,
            ))
        };
        if !is_iso3(&c.iso3) {
            bad("iso3", format!("`{}` is not three capital letters", c.iso3));
        } else if !iso3s.insert(c.iso3.clone()) {
            bad("iso3", format!("`{}` is listed twice", c.iso3));
        }
        if c.iso2.len() != 2 || !c.iso2.bytes().all(|b| b.is_ascii_uppercase()) {
            bad("iso2", format!("`{}` is not two capital letters", c.iso2));
        } else if !iso2s.insert(c.iso2.clone()) {
            bad("iso2", format!("`{}` is listed twice", c.iso2));
        }
        let name = c.name.into_localized();
        for lang in missing_langs(&name) {
            bad(&format!("name.{lang}"), "missing translation".into());
        }
        out.countries.push(Country {
            iso3: c.iso3,
            iso2: c.iso2,
            name,
            member: c.member,
            member_uncertain: c.member_uncertain,
        });
    }

    let mut ids = HashSet::new();
    for (i, g) in groups.group.into_iter().enumerate() {
        let at = g.span().start;
        let g = g.into_inner();
        let mut bad = |field: &str, message: String| {
            errors.push(err(
                groups_file,
                groups_src,
                at,
                format!("group[{i}].{field}"),
                message,
            ))
        };
        let id_ok = !g.id.is_empty()
            && g.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            bad(
                "id",
                format!("`{}` is not a lowercase id (a-z, 0-9, -)", g.id),
            );
        } else if !ids.insert(g.id.clone()) {
            bad("id", format!("`{}` is listed twice", g.id));
        }
        if g.kind.trim().is_empty() {
            bad("kind", "missing kind".into());
        }
        let name = g.name.into_localized();
        for lang in missing_langs(&name) {
            bad(&format!("name.{lang}"), "missing translation".into());
        }
        for (field, list) in [("members", &g.members), ("uncertain", &g.uncertain)] {
            let mut seen = HashSet::new();
            for (j, code) in list.iter().enumerate() {
                if !iso3s.contains(code) {
                    bad(
                        &format!("{field}[{j}]"),
                        format!("unknown country `{code}` (not in {countries_file})"),
                    );
                } else if !seen.insert(code) {
                    bad(
                        &format!("{field}[{j}]"),
                        format!("`{code}` is listed twice"),
                    );
                }
            }
        }
        out.groups.push(Group {
            id: g.id,
            name,
            kind: g.kind,
            members: g.members,
            uncertain: g.uncertain,
            note: g.note,
        });
    }

    if errors.is_empty() {
        Ok(out)
    } else {
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Err(errors)
    }
}

fn missing_langs(name: &Localized) -> Vec<&'static str> {
    Lang::ALL
        .into_iter()
        .filter(|l| name.get(*l).trim().is_empty())
        .map(Lang::code)
        .collect()
}

/// Deserialises one file, recording a syntax or shape error.
fn read<T: serde::de::DeserializeOwned>(
    src: &str,
    file: &str,
    errors: &mut Vec<PlanError>,
) -> Option<T> {
    match toml::from_str(src) {
        Ok(v) => Some(v),
        Err(e) => {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            errors.push(PlanError {
                file: file.to_string(),
                line: Some(line_of(src, at)),
                field: None,
                message: e.message().replace("unknown field", "unknown key"),
            });
            None
        }
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    let offset = offset.min(src.len());
    src.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountriesFile {
    #[serde(default)]
    country: Vec<Spanned<RawCountry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupsFile {
    #[serde(default)]
    group: Vec<Spanned<RawGroup>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountry {
    iso3: String,
    iso2: String,
    name: RawName,
    member: bool,
    #[serde(default)]
    member_uncertain: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    name: RawName,
    kind: String,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    uncertain: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawName {
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    fr: String,
    #[serde(default)]
    es: String,
}

impl RawName {
    fn into_localized(self) -> Localized {
        Localized {
            zh: self.zh,
            en: self.en,
            fr: self.fr,
            es: self.es,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &str = r#"
[[country]]
iso3 = "BRA"
iso2 = "BR"
name = { zh = "巴西", en = "Brazil", fr = "Brésil", es = "Brasil" }
member = true

[[country]]
iso3 = "ARG"
iso2 = "AR"
name = { zh = "阿根廷", en = "Argentina", fr = "Argentine", es = "Argentina" }
member = false
member_uncertain = true
"#;

    const GROUPS: &str = r#"
[[group]]
id = "g77"
name = { zh = "七十七国集团", en = "Group of 77", fr = "Groupe des 77", es = "Grupo de los 77" }
kind = "negotiating-group"
members = ["BRA"]
uncertain = ["ARG"]
note = "and China"

[[group]]
id = "mercosur"
name = { zh = "南方共同市场", en = "Mercosur", fr = "Mercosur", es = "Mercosur" }
kind = "regional"
members = ["ARG", "BRA"]
"#;

    fn fixture() -> Members {
        parse(COUNTRIES, "c.toml", GROUPS, "g.toml").unwrap()
    }

    #[test]
    fn lookups() {
        let m = fixture();
        assert_eq!(m.country("bra").unwrap().name.en, "Brazil");
        assert!(m.is_member("BRA"));
        assert!(!m.is_member("ARG"));
        assert!(!m.is_member("XXX"));
        assert!(m.country("ARG").unwrap().member_uncertain);
        assert_eq!(m.group("G77").unwrap().note.as_deref(), Some("and China"));
        assert!(m.group("nam").is_none());
        let ids: Vec<&str> = m.groups_of("ARG").map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["g77", "mercosur"]);
        assert_eq!(m.groups_of("XXX").count(), 0);
    }

    #[test]
    fn errors_have_file_line_and_field() {
        let countries = COUNTRIES
            .replace("iso2 = \"AR\"", "iso2 = \"BR\"")
            .replace("fr = \"Argentine\", ", "");
        let groups = GROUPS.replace("members = [\"BRA\"]", "members = [\"BRA\", \"XYZ\"]");
        let errors = parse(&countries, "c.toml", &groups, "g.toml").unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "c.toml:8: country[1].iso2: `BR` is listed twice",
                "c.toml:8: country[1].name.fr: missing translation",
                "g.toml:2: group[0].members[1]: unknown country `XYZ` (not in c.toml)",
            ]
        );
    }

    #[test]
    fn unknown_keys_and_bad_toml_are_reported_with_their_line() {
        let countries = COUNTRIES.replace("member = true", "member = true\ncapital = \"Brasília\"");
        let errors = parse(&countries, "c.toml", GROUPS, "g.toml").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(7), "{}", errors[0]);
        assert!(errors[0].message.contains("unknown key"), "{}", errors[0]);

        let errors = parse(COUNTRIES, "c.toml", "[[group]\nid =", "g.toml").unwrap_err();
        assert_eq!(errors[0].file, "g.toml");
        assert_eq!(errors[0].line, Some(1));
    }

    #[test]
    fn codes_and_ids_are_checked() {
        let countries = COUNTRIES.replace("\"BRA\"", "\"Bra\"");
        let groups = GROUPS.replace("\"g77\"", "\"G77\"");
        let errors = parse(&countries, "c.toml", &groups, "g.toml").unwrap_err();
        let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
        assert!(fields.contains(&"country[0].iso3"), "{fields:?}");
        assert!(fields.contains(&"group[0].id"), "{fields:?}");
    }

    /// The real files in `data/members/` load and hold what the desk needs.
    #[test]
    fn embedded_files_are_valid() {
        let m = match parse(
            EMBEDDED_COUNTRIES,
            COUNTRIES_PATH,
            EMBEDDED_GROUPS,
            GROUPS_PATH,
        ) {
            Ok(m) => m,
            Err(errors) => panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        assert!(m.countries.iter().any(|c| c.member), "no member state");
        assert!(m.group("g77").is_some(), "the Group of 77 is listed");
        assert_eq!(Members::embedded(), m);
    }
}
