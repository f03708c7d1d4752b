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
    /// Acronyms found in event titles, alone or numbered ("WHA", found in
    /// "WHA79"; "SCCR" in "SCCR/48").
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Other phrases that name the body in a title or a location, in any
    /// language ("General Council", "Conseil général").
    #[serde(default)]
    pub patterns: Vec<String>,
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
    /// "COP"). See [`Forums::match_event`] for titles and locations.
    pub fn guess(&self, title: &str) -> Option<&Body> {
        self.match_event(title, None)
    }

    /// The body an event belongs to, from its title, else its location:
    /// the body with the longest term found, a term being its calendar name
    /// in any of the four languages, its id, one of its `patterns` (whole
    /// words; Chinese terms anywhere) or one of its `acronyms` (whole
    /// words, or followed by a session number: "WHA79", "SCCR/48").
    pub fn match_event(&self, title: &str, location: Option<&str>) -> Option<&Body> {
        self.best_in(title)
            .or_else(|| location.and_then(|l| self.best_in(l)))
    }

    fn best_in(&self, text: &str) -> Option<&Body> {
        let lower = text.to_lowercase();
        self.bodies
            .iter()
            .filter_map(|b| b.longest_term_in(&lower).map(|n| (n, b)))
            // The longest term wins; on a tie, the first body in the file.
            .fold(None, |best: Option<(usize, &Body)>, (n, b)| match best {
                Some((m, _)) if m >= n => best,
                _ => Some((n, b)),
            })
            .map(|(_, b)| b)
    }
}

impl Body {
    /// The length (in characters) of the longest of the body's terms found
    /// in `lower` (a lowercased title or location).
    fn longest_term_in(&self, lower: &str) -> Option<usize> {
        let phrases = [
            &self.short.en,
            &self.short.fr,
            &self.short.es,
            &self.short.zh,
            &self.id,
        ]
        .into_iter()
        .chain(self.patterns.iter());
        let by_phrase = phrases
            .map(|p| p.trim().to_lowercase())
            .filter(|p| contains_word(lower, p, false))
            .map(|p| p.chars().count());
        let by_acronym = self
            .acronyms
            .iter()
            .map(|a| a.trim().to_lowercase())
            .filter(|a| contains_word(lower, a, true))
            .map(|a| a.chars().count());
        by_phrase.chain(by_acronym).max()
    }
}

/// `needle` occurs in `haystack` not inside a longer alphanumeric word
/// (`numbered`: a number may follow it, as in "wha79"). Chinese needles
/// match anywhere: Chinese has no spaces between words.
fn contains_word(haystack: &str, needle: &str, numbered: bool) -> bool {
    if needle.is_empty() {
        return false;
    }
    if needle.chars().any(is_han) {
        return haystack.contains(needle);
    }
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        let after_ok = match after {
            None => true,
            Some(c) if numbered && c.is_ascii_digit() => true,
            Some(c) => !c.is_alphanumeric(),
        };
        !before.is_some_and(char::is_alphanumeric) && after_ok
    })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
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
    fn events_are_matched_to_bodies_by_title_then_location() {
        let f = Forums::embedded();
        let id = |t: &str, l: Option<&str>| f.match_event(t, l).map(|b| b.id.as_str());
        let cases: [(&str, Option<&str>, Option<&str>); 17] = [
            ("WTO General Council", None, Some("wto-gc")),
            (
                "General Council meeting",
                Some("WTO, Centre William Rappard"),
                Some("wto-gc"),
            ),
            ("Conseil général de l'OMC", None, Some("wto-gc")),
            (
                "SCP/36: Standing Committee on the Law of Patents",
                None,
                Some("wipo-scp"),
            ),
            ("Thirty-sixth session of the SCP", None, Some("wipo-scp")),
            ("WHA79", Some("Palais des Nations"), Some("who-wha")),
            ("Seventy-ninth World Health Assembly", None, Some("who-wha")),
            ("第七十九届世界卫生大会", None, Some("who-wha")),
            ("EB158", None, Some("who-eb")),
            ("TRIPS Council", None, Some("wto-trips-council")),
            ("IGC 50", None, Some("wipo-igc")),
            ("HRC61", None, Some("hrc-session")),
            (
                "Trade and Development Board, 72nd session",
                None,
                Some("unctad-tdb"),
            ),
            (
                "Second Committee: general debate",
                None,
                Some("unga-second-committee"),
            ),
            ("BBNJ PrepCom III", None, Some("bbnj")),
            ("Staff lunch", Some("Geneva"), None),
            ("Scope of work", None, None),
        ];
        for (title, loc, want) in cases {
            assert_eq!(id(title, loc), want, "{title} / {loc:?}");
        }
    }

    #[test]
    fn duplicate_bodies_are_refused() {
        let text = "[[bodies]]\nid='a'\nforum='wto'\nshort={zh='a',en='a',fr='a',es='a'}\nname={zh='a',en='a',fr='a',es='a'}\nthemes=['trade']\n";
        let twice = format!("{text}{text}");
        let e = Forums::from_toml_str(&twice, "x.toml").unwrap_err();
        assert_eq!(e.to_string(), "x.toml: body `a` is listed twice");
    }
}
