//! People: delegates, officials, researchers, trainers.

use serde::{Deserialize, Serialize};
use southdesk_common::is_one_address;
use time::Date;

use crate::{FieldError, MAX_NAME, MAX_NOTE, check_list, check_opt, check_text, check_themes};

/// Consent to be contacted: given or refused, where it was recorded, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub given: bool,
    /// Where it was recorded: a registration form, an e-mail, a meeting.
    pub source: String,
    pub on: Date,
}

/// A person as written by staff or an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonData {
    /// The name as the person writes it, in its own script (`王毅`).
    pub name: String,
    /// The name in Latin letters (`Wang Yi`), when the name is written in
    /// another script: the person is found by either.
    #[serde(default)]
    pub latin_name: Option<String>,
    /// `H.E.`, `Dr`, `Ms`.
    #[serde(default)]
    pub honorific: Option<String>,
    /// Languages the person works in (BCP 47 codes: `en`, `fr`, `pt`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// E-mail addresses, the preferred first.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Phone numbers, the preferred first.
    #[serde(default)]
    pub phones: Vec<String>,
    /// Themes of the plan the person follows.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub consent: Option<Consent>,
    /// The day the person's data was erased on request: nothing
    /// identifying is kept, the record stays for its links and counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased_on: Option<Date>,
    /// The person this record was found to be, and merged into: the
    /// record keeps nothing else, its links moved there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<i64>,
}

impl PersonData {
    /// A person named `name`, nothing else known yet.
    pub fn new(name: impl Into<String>) -> PersonData {
        PersonData {
            name: name.into(),
            latin_name: None,
            honorific: None,
            languages: Vec::new(),
            emails: Vec::new(),
            phones: Vec::new(),
            themes: Vec::new(),
            notes: String::new(),
            consent: None,
            erased_on: None,
            merged_into: None,
        }
    }

    /// What is kept of record `id` once it is merged into `into`: a
    /// placeholder name and where it went.
    pub fn merged(id: i64, into: i64) -> PersonData {
        PersonData {
            merged_into: Some(into),
            ..PersonData::new(format!("#{id}"))
        }
    }

    /// Whether the record still describes someone (not erased, not merged).
    pub fn is_live(&self) -> bool {
        self.erased_on.is_none() && self.merged_into.is_none()
    }

    /// This person with what a record of the same person adds: this
    /// record's fields win, the other fills what this one lacks; e-mails,
    /// phones, languages and themes are joined (this record's first);
    /// notes are both (the other's below, unless this one holds them).
    pub fn absorbing(&self, other: &PersonData) -> PersonData {
        PersonData::combined(self, other, self, other)
    }

    /// This record with what an import row adds: each field the row gives
    /// replaces the stored one; e-mails, phones, languages and themes are
    /// joined (the stored first); a note is added below the stored notes
    /// unless they hold it already; consent is the row's when it gives one.
    pub fn merged_with(&self, row: &PersonData) -> PersonData {
        PersonData {
            erased_on: self.erased_on,
            merged_into: self.merged_into,
            ..PersonData::combined(row, self, self, row)
        }
    }

    /// `winner`'s fields where it has them, else `other`'s; the lists and
    /// notes of `first`, then what `second` adds.
    fn combined(
        winner: &PersonData,
        other: &PersonData,
        first: &PersonData,
        second: &PersonData,
    ) -> PersonData {
        let or = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        let notes = if second.notes.is_empty() || first.notes.contains(&second.notes) {
            first.notes.clone()
        } else if first.notes.is_empty() {
            second.notes.clone()
        } else {
            format!("{}\n{}", first.notes, second.notes)
        };
        PersonData {
            name: if winner.name.is_empty() {
                other.name.clone()
            } else {
                winner.name.clone()
            },
            latin_name: or(&winner.latin_name, &other.latin_name),
            honorific: or(&winner.honorific, &other.honorific),
            languages: joined(&first.languages, &second.languages),
            emails: joined(&first.emails, &second.emails),
            phones: joined(&first.phones, &second.phones),
            themes: joined(&first.themes, &second.themes),
            notes,
            consent: winner.consent.clone().or_else(|| other.consent.clone()),
            erased_on: None,
            merged_into: None,
        }
    }

    /// What is kept of record `id` once its person's data is erased on
    /// `day`: a placeholder name and the day, nothing else.
    pub fn erased(id: i64, day: Date) -> PersonData {
        PersonData {
            erased_on: Some(day),
            ..PersonData::new(format!("#{id}"))
        }
    }

    /// Normalises (trims; e-mails lower case; languages lower case) and
    /// checks the record. `is_theme` tells whether an id names a theme of
    /// the plan.
    pub fn check(&mut self, is_theme: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        check_text("name", &mut self.name, true, MAX_NAME, false)?;
        check_opt("latin_name", &mut self.latin_name, MAX_NAME)?;
        check_opt("honorific", &mut self.honorific, 40)?;
        check_list("languages", &mut self.languages, |field, l| {
            *l = l.to_ascii_lowercase();
            let ok = (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase());
            if ok {
                Ok(())
            } else {
                Err(FieldError::new(
                    field,
                    format!("`{l}` is not a language code (two or three letters: en, fr, pt)"),
                ))
            }
        })?;
        check_list("emails", &mut self.emails, |field, e| {
            *e = e.to_lowercase();
            if is_one_address(e) && e.split_once('@').is_some_and(|(_, d)| d.contains('.')) {
                Ok(())
            } else {
                Err(FieldError::new(
                    field,
                    format!("`{}` is not an e-mail address", e.escape_debug()),
                ))
            }
        })?;
        check_list("phones", &mut self.phones, |field, p| {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            let ok = (4..=20).contains(&digits)
                && p.chars()
                    .all(|c| c.is_ascii_digit() || " +-().".contains(c))
                && !p[1..].contains('+');
            if ok {
                Ok(())
            } else {
                Err(FieldError::new(
                    field,
                    format!("`{p}` is not a phone number (digits, spaces, + - ( ) .)"),
                ))
            }
        })?;
        check_themes(&mut self.themes, is_theme)?;
        check_text("notes", &mut self.notes, false, MAX_NOTE, true)?;
        if let Some(c) = &mut self.consent {
            check_text("consent.source", &mut c.source, true, MAX_NAME, false)?;
        }
        Ok(())
    }

    /// Every text a search for the person looks at.
    pub fn search_fields(&self) -> Vec<&str> {
        let mut f = vec![self.name.as_str()];
        f.extend(self.latin_name.as_deref());
        f.extend(self.emails.iter().map(String::as_str));
        f
    }

    /// The name with its Latin spelling when that differs: `王毅 (Wang Yi)`.
    pub fn display_name(&self) -> String {
        match &self.latin_name {
            Some(l) if *l != self.name => format!("{} ({l})", self.name),
            _ => self.name.clone(),
        }
    }

    /// `text` with every mention of the person (their names, each word of
    /// them of three letters or more, their e-mails and phones) replaced by
    /// `[…]`, whatever the case: what an erasure leaves of a note that
    /// names them.
    pub fn redact(&self, text: &str) -> String {
        let mut needles: Vec<String> = Vec::new();
        for n in std::iter::once(&self.name).chain(self.latin_name.iter()) {
            needles.push(n.clone());
            needles.extend(
                n.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 3 || w.chars().any(|c| c as u32 >= 0x3000))
                    .map(str::to_string),
            );
        }
        needles.extend(self.emails.iter().cloned());
        needles.extend(self.phones.iter().cloned());
        needles.retain(|n| !n.trim().is_empty());
        // Longest first, so that a whole name goes before its words.
        needles.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        let mut out = text.to_string();
        for n in &needles {
            out = replace_folding_case(&out, n, "[…]");
        }
        out
    }

    /// Whether the person may be contacted: consent given and not refused.
    pub fn may_contact(&self) -> bool {
        self.consent.as_ref().is_some_and(|c| c.given)
    }
}

/// `a`, then the items of `b` it lacks.
fn joined(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    for x in b {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// A stored person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    #[serde(flatten)]
    pub data: PersonData,
}

/// `text` with each occurrence of `needle` (compared without case, as a
/// whole word where the needle starts or ends with a letter or digit of a
/// spaced script) replaced by `with`.
fn replace_folding_case(text: &str, needle: &str, with: &str) -> String {
    let lower = |s: &str| -> Vec<char> { s.chars().flat_map(char::to_lowercase).collect() };
    let want = lower(needle);
    if want.is_empty() {
        return text.to_string();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        // Does `needle` start at char `i`? Walk text's chars, lower-cased.
        let mut got: Vec<char> = Vec::with_capacity(want.len());
        let mut j = i;
        while got.len() < want.len() && j < chars.len() {
            got.extend(chars[j].1.to_lowercase());
            j += 1;
        }
        // A word is matched whole ("Ana" is not the start of "Analysis");
        // a name in a script written without spaces, anywhere.
        let spaced = |c: char| c.is_alphanumeric() && (c as u32) < 0x2E80;
        let starts_word = !needle.chars().next().is_some_and(spaced)
            || i == 0
            || !chars[i - 1].1.is_alphanumeric();
        let ends_word = !needle.chars().last().is_some_and(spaced)
            || j == chars.len()
            || !chars[j].1.is_alphanumeric();
        if got == want && starts_word && ends_word {
            out.push_str(with);
            i = j;
            continue 'outer;
        }
        out.push(chars[i].1);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn person() -> PersonData {
        PersonData {
            name: "王毅".into(),
            latin_name: Some(" Wang Yi ".into()),
            honorific: Some("H.E.".into()),
            languages: vec!["ZH".into(), "en".into(), "en".into()],
            emails: vec!["Wang.Yi@Mission.example.org".into(), "".into()],
            phones: vec!["+41 22 555 01 02".into()],
            themes: vec!["trade".into()],
            notes: "Met at MC14.\nFollows TRIPS.".into(),
            consent: Some(Consent {
                given: true,
                source: "registration form".into(),
                on: date!(2026 - 03 - 02),
            }),
            erased_on: None,
            merged_into: None,
        }
    }

    #[test]
    fn a_note_loses_every_mention_of_an_erased_person() {
        let mut p = person();
        p.check(|_| true).unwrap();
        let note = "Call with WANG YI (wang.yi@mission.example.org, +41 22 555 01 02); \
                    王毅 agreed. Mr Wang will write. Yi is short.";
        let r = p.redact(note);
        assert_eq!(
            r,
            "Call with […] ([…], […]); […] agreed. Mr […] will write. Yi is short."
        );
        assert_eq!(p.redact("nothing of theirs"), "nothing of theirs");
        // Whole words only: other words that start like a name stay.
        assert_eq!(
            p.redact("Wangari's analysis; Wang's note; 王毅的"),
            "Wangari's analysis; […]'s note; […]的"
        );
    }

    #[test]
    fn a_record_of_the_same_person_fills_what_this_one_lacks() {
        let keep = PersonData {
            emails: vec!["a@example.org".into()],
            notes: "Met at MC14.".into(),
            ..PersonData::new("王毅")
        };
        let other = PersonData {
            latin_name: Some("Wang Yi".into()),
            emails: vec!["b@example.org".into(), "a@example.org".into()],
            phones: vec!["+41 22 555 01 02".into()],
            notes: "Follows TRIPS.".into(),
            ..PersonData::new("Wang Yi")
        };
        let m = keep.absorbing(&other);
        assert_eq!(m.name, "王毅");
        assert_eq!(m.latin_name.as_deref(), Some("Wang Yi"));
        assert_eq!(m.emails, ["a@example.org", "b@example.org"]);
        assert_eq!(m.phones, ["+41 22 555 01 02"]);
        assert_eq!(m.notes, "Met at MC14.\nFollows TRIPS.");
        assert!(m.is_live());
        assert!(!PersonData::merged(3, 1).is_live());
        assert_eq!(m.absorbing(&other), m, "merging twice adds nothing");
    }

    #[test]
    fn a_person_is_normalised() {
        let mut p = person();
        p.check(|t| t == "trade").unwrap();
        assert_eq!(p.latin_name.as_deref(), Some("Wang Yi"));
        assert_eq!(p.languages, ["zh", "en"]);
        assert_eq!(p.emails, ["wang.yi@mission.example.org"]);
        assert_eq!(p.display_name(), "王毅 (Wang Yi)");
        assert!(p.may_contact());
        assert!(crate::matches("wang", &p.search_fields()));
        assert!(crate::matches("王", &p.search_fields()));
    }

    #[test]
    fn each_rule_names_its_field() {
        type Break = fn(&mut PersonData);
        let cases: Vec<(Break, &str)> = vec![
            (|p| p.name = String::new(), "name"),
            (
                |p| p.emails = vec!["a@b.org".into(), "no-at".into()],
                "emails[1]",
            ),
            (
                |p| p.emails = vec!["a@b.org\r\nBcc: x@y.org".into()],
                "emails[0]",
            ),
            (|p| p.emails = vec!["a@b.org, c@d.org".into()], "emails[0]"),
            (|p| p.emails = vec!["a@localhost".into()], "emails[0]"),
            (|p| p.phones = vec!["call me".into()], "phones[0]"),
            (|p| p.phones = vec!["12".into()], "phones[0]"),
            (|p| p.languages = vec!["english".into()], "languages[0]"),
            (|p| p.themes = vec!["astrology".into()], "themes[0]"),
            (|p| p.notes = "x".repeat(MAX_NOTE + 1), "notes"),
            (
                |p| p.emails = (0..30).map(|i| format!("p{i}@b.org")).collect(),
                "emails",
            ),
            (
                |p| p.consent.as_mut().unwrap().source = " ".into(),
                "consent.source",
            ),
        ];
        for (break_it, field) in cases {
            let mut p = person();
            break_it(&mut p);
            let e = p.check(|t| t == "trade").unwrap_err();
            assert_eq!(e.field, field, "{e}");
        }
    }
}
