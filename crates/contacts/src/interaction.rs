//! Interactions: a meeting, a call, an e-mail or a visit with people and
//! organisations of the register, on a day, about themes of the plan, with
//! a note and the desk's records it concerns (requests, outputs, meetings).
//! A person's and an organisation's timeline is the list of theirs.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{FieldError, MAX_ITEMS, MAX_NAME, MAX_NOTE, check_text, check_themes};

/// How the Centre and its contacts met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InteractionKind {
    Meeting,
    Call,
    Email,
    Visit,
}

impl InteractionKind {
    pub const ALL: [InteractionKind; 4] = [
        InteractionKind::Meeting,
        InteractionKind::Call,
        InteractionKind::Email,
        InteractionKind::Visit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Meeting => "meeting",
            InteractionKind::Call => "call",
            InteractionKind::Email => "email",
            InteractionKind::Visit => "visit",
        }
    }

    pub fn parse(code: &str) -> Option<InteractionKind> {
        InteractionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == code)
    }
}

/// A record of the desk an interaction concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Concerns {
    Request(i64),
    Output(i64),
    Meeting(i64),
}

impl Concerns {
    /// The desk's page of the record: `/requests/12`.
    pub fn path(self) -> String {
        match self {
            Concerns::Request(id) => format!("/requests/{id}"),
            Concerns::Output(id) => format!("/outputs/{id}"),
            Concerns::Meeting(id) => format!("/meetings/{id}"),
        }
    }

    /// Reads a link to a record of the desk as staff paste it: its page's
    /// path or whole address (`https://desk.example/requests/12`,
    /// `/outputs/5`, `meetings/3`).
    pub fn parse(text: &str) -> Option<Concerns> {
        let t = text.trim().trim_end_matches('/');
        let path = match t.find("://") {
            Some(i) => &t[i + 3..][t[i + 3..].find('/')?..],
            None => t,
        };
        let path = path.split(['?', '#']).next()?.trim_start_matches('/');
        let (kind, id) = path.split_once('/')?;
        let id: i64 = id.parse().ok().filter(|i| *i > 0)?;
        match kind {
            "requests" => Some(Concerns::Request(id)),
            "outputs" => Some(Concerns::Output(id)),
            "meetings" => Some(Concerns::Meeting(id)),
            _ => None,
        }
    }
}

/// The most people or organisations one interaction names.
pub const MAX_PARTIES: usize = 50;

/// An interaction as written by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionData {
    pub kind: InteractionKind,
    pub on: Date,
    /// What it was about, in a line.
    pub subject: String,
    #[serde(default)]
    pub note: String,
    /// People of the register who took part.
    #[serde(default)]
    pub people: Vec<i64>,
    /// Organisations of the register that took part.
    #[serde(default)]
    pub organisations: Vec<i64>,
    /// Themes of the plan: chosen by staff, or else found by the tagger.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub concerns: Vec<Concerns>,
}

impl InteractionData {
    /// Normalises (trims, drops repeats) and checks: a subject, someone
    /// who took part, themes of the plan (`is_theme`), ids that can be.
    pub fn check(&mut self, is_theme: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        check_text("subject", &mut self.subject, true, MAX_NAME, false)?;
        check_text("note", &mut self.note, false, MAX_NOTE, true)?;
        for (field, ids) in [
            ("people", &mut self.people),
            ("organisations", &mut self.organisations),
        ] {
            let mut seen = Vec::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                if *id <= 0 {
                    return Err(FieldError::new(
                        format!("{field}[{i}]"),
                        format!("{id} is not a record's id"),
                    ));
                }
                if !seen.contains(id) {
                    seen.push(*id);
                }
            }
            if seen.len() > MAX_PARTIES {
                return Err(FieldError::new(
                    field,
                    format!("names more than {MAX_PARTIES}"),
                ));
            }
            *ids = seen;
        }
        if self.people.is_empty() && self.organisations.is_empty() {
            return Err(FieldError::new(
                "people",
                "name at least one person or organisation who took part",
            ));
        }
        check_themes(&mut self.themes, is_theme)?;
        let mut concerns = Vec::with_capacity(self.concerns.len());
        for c in &self.concerns {
            if !concerns.contains(c) {
                concerns.push(*c);
            }
        }
        if concerns.len() > MAX_ITEMS {
            return Err(FieldError::new(
                "concerns",
                format!("holds more than {MAX_ITEMS} items"),
            ));
        }
        self.concerns = concerns;
        Ok(())
    }

    /// The text the tagger reads to find the themes.
    pub fn text_to_tag(&self) -> String {
        format!("{}\n\n{}", self.subject, self.note)
    }
}

/// A stored interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: i64,
    #[serde(flatten)]
    pub data: InteractionData,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn call() -> InteractionData {
        InteractionData {
            kind: InteractionKind::Call,
            on: date!(2026 - 11 - 20),
            subject: " TRIPS waiver follow-up ".into(),
            note: "Asked for the brief on compulsory licensing.".into(),
            people: vec![3, 3, 4],
            organisations: vec![],
            themes: vec!["ip".into(), "ip".into()],
            concerns: vec![Concerns::Request(12), Concerns::Request(12)],
        }
    }

    #[test]
    fn an_interaction_is_normalised() {
        let mut c = call();
        c.check(|t| t == "ip").unwrap();
        assert_eq!(c.subject, "TRIPS waiver follow-up");
        assert_eq!(c.people, [3, 4]);
        assert_eq!(c.themes, ["ip"]);
        assert_eq!(c.concerns, [Concerns::Request(12)]);
    }

    #[test]
    fn each_rule_names_its_field() {
        type Break = fn(&mut InteractionData);
        let cases: Vec<(Break, &str)> = vec![
            (|c| c.subject = " ".into(), "subject"),
            (|c| c.note = "x".repeat(MAX_NOTE + 1), "note"),
            (|c| c.people = vec![], "people"),
            (|c| c.people = vec![1, -2], "people[1]"),
            (|c| c.organisations = (1..=60).collect(), "organisations"),
            (|c| c.themes = vec!["astrology".into()], "themes[0]"),
            (
                |c| c.concerns = (1..=30).map(Concerns::Output).collect(),
                "concerns",
            ),
        ];
        for (break_it, field) in cases {
            let mut c = call();
            break_it(&mut c);
            assert_eq!(c.check(|t| t == "ip").unwrap_err().field, field);
        }
    }

    #[test]
    fn links_to_the_desk_are_read_as_pasted() {
        for (text, want) in [
            ("/requests/12", Some(Concerns::Request(12))),
            (
                "https://desk.example/outputs/5?lang=fr",
                Some(Concerns::Output(5)),
            ),
            ("meetings/3/", Some(Concerns::Meeting(3))),
            (
                "http://localhost:8080/meetings/7#agenda",
                Some(Concerns::Meeting(7)),
            ),
            ("/requests/0", None),
            ("/contacts/people/4", None),
            ("https://desk.example", None),
            ("twelve", None),
        ] {
            assert_eq!(Concerns::parse(text), want, "{text}");
        }
        assert_eq!(Concerns::Output(5).path(), "/outputs/5");
    }
}
