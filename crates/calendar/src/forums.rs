//! The negotiating bodies of the plan's forums, read from `data/forums.toml`.

use serde::Deserialize;
use southdesk_plan::{Lang, Localized, Plan};

/// A council, committee, conference or working group of a forum.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub id: String,
    /// Id of the parent forum in the plan.
    pub forum: String,
    /// Name as used in calendars.
    pub short: Localized,
    pub name: Localized,
    /// Ids of the plan's themes the body concerns.
    pub themes: Vec<String>,
}

/// All bodies, in file order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forums {
    pub bodies: Vec<Body>,
}

/// Why `forums.toml` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ForumsError {
    pub path: String,
    pub message: String,
}

/// Source of the embedded bodies.
pub const EMBEDDED: &str = include_str!("../../../data/forums.toml");
/// Repository path of [`EMBEDDED`].
pub const EMBEDDED_PATH: &str = "data/forums.toml";

impl Forums {
    /// Reads the bodies from TOML text; `path` names it in errors.
    pub fn from_toml_str(text: &str, path: &str) -> Result<Forums, ForumsError> {
        let forums: Forums = toml::from_str(text).map_err(|e| ForumsError {
            path: path.to_string(),
            message: e.to_string().replace('\n', " "),
        })?;
        let mut seen = std::collections::HashSet::new();
        for b in &forums.bodies {
            if !seen.insert(b.id.as_str()) {
                return Err(ForumsError {
                    path: path.to_string(),
                    message: format!("body `{}` is listed twice", b.id),
                });
            }
        }
        Ok(forums)
    }

    /// The bodies in `data/forums.toml`, embedded in the binary.
    pub fn embedded() -> Forums {
        Forums::from_toml_str(EMBEDDED, EMBEDDED_PATH)
            .expect("the embedded forums are validated by the test suite")
    }

    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }

    /// Problems of the bodies against `plan`: unknown parent forums or
    /// themes, a body without themes, a missing translation.
    pub fn check_against(&self, plan: &Plan) -> Vec<String> {
        let mut problems = Vec::new();
        for b in &self.bodies {
            if plan.forum(&b.forum).is_none() {
                problems.push(format!(
                    "body `{}`: no forum `{}` in the plan",
                    b.id, b.forum
                ));
            }
            if b.themes.is_empty() {
                problems.push(format!("body `{}` has no themes", b.id));
            }
            for t in &b.themes {
                if plan.theme(t).is_none() {
                    problems.push(format!("body `{}`: no theme `{t}` in the plan", b.id));
                }
            }
            for lang in Lang::ALL {
                if b.short.get(lang).trim().is_empty() || b.name.get(lang).trim().is_empty() {
                    problems.push(format!("body `{}`: no {lang} name", b.id));
                }
            }
        }
        problems
    }

    /// The body whose calendar name (English) or id occurs in `title` as a
    /// whole word; the longest such name wins ("WTO General Council" over
    /// "COP").
    pub fn guess(&self, title: &str) -> Option<&Body> {
        let lower = title.to_lowercase();
        self.bodies
            .iter()
            .filter(|b| {
                contains_word(&lower, &b.short.en.to_lowercase())
                    || contains_word(&lower, &b.id.to_lowercase())
            })
            .max_by_key(|b| b.short.en.len())
    }
}

/// `needle` occurs in `haystack` not inside a longer alphanumeric word.
fn contains_word(haystack: &str, needle: &str) -> bool {
    !needle.is_empty()
        && haystack.match_indices(needle).any(|(i, _)| {
            let before = haystack[..i].chars().next_back();
            let after = haystack[i + needle.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_bodies_fit_the_plan() {
        let forums = Forums::embedded();
        assert!(forums.bodies.len() >= 30, "{}", forums.bodies.len());
        let problems = forums.check_against(&Plan::embedded_2026_2028());
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn bodies_are_guessed_from_titles() {
        let f = Forums::embedded();
        let id = |t: &str| f.guess(t).map(|b| b.id.as_str());
        assert_eq!(id("SCCR 48, Geneva"), Some("wipo-sccr"));
        assert_eq!(id("WTO General Council meeting"), Some("wto-gc"));
        assert_eq!(id("COP31 Belém+1"), None, "COP31 is not COP as a word");
        assert_eq!(id("COP 31"), Some("unfccc-cop"));
        assert_eq!(id("Lunch"), None);
    }

    #[test]
    fn duplicate_bodies_are_refused() {
        let text = "[[bodies]]\nid='a'\nforum='wto'\nshort={zh='a',en='a',fr='a',es='a'}\nname={zh='a',en='a',fr='a',es='a'}\nthemes=['trade']\n";
        let twice = format!("{text}{text}");
        let e = Forums::from_toml_str(&twice, "x.toml").unwrap_err();
        assert_eq!(e.to_string(), "x.toml: body `a` is listed twice");
    }
}
