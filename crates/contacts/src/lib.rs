//! The contacts register: the organisations the Centre works with
//! ([`Organisation`]), the people in them ([`Person`]), the posts those
//! organisations hold ([`Post`]: "Counsellor, Permanent Mission of Kenya —
//! WTO") and who held each post when ([`Tenure`]). A focal point who leaves
//! ends a tenure; the post stands vacant until a successor's tenure begins,
//! and the history stays.
//!
//! Types and rules only: every record is checked here ([`OrgData::check`],
//! [`PersonData::check`], [`PostData::check`], [`check_tenure`]) with an
//! error that names the field; the store runs the same checks before it
//! writes. Names are found whatever their case and accents, in any script
//! ([`fold`]); a Chinese name by its characters and by the Latin spelling
//! recorded beside it.
//!
//! What the Centre did with them is an [`Interaction`] (a meeting, a call,
//! an e-mail, a visit), on the timeline of each person and organisation.
//! What binds the Centre to an organisation is an [`Agreement`] (a
//! memorandum of understanding, a partnership or funding agreement, with
//! its days and renewals); what they did together is [`JointWork`] (an
//! output co-published, a meeting co-organised).
//!
//! People come and go in spreadsheets and address books: [`read_people`]
//! reads a CSV file for an import (each row checked, refusals on their
//! line), [`write_people_csv`] and [`write_people_vcard`] write a list.
//!
//! **Invariant:** this crate does no I/O and depends on no crate of the
//! workspace but `common`.

mod agreement;
mod fold;
mod interaction;
mod joint;
mod org;
mod person;
mod post;
mod relation;
mod retention;
pub mod sheet;
mod vcard;

pub use agreement::{
    Agreement, AgreementData, AgreementKind, DEFAULT_NOTICE_DAYS, Renewal, Renewed, SignedFile,
    Stage, Standing, add_months,
};
pub use fold::{fold, matches};
pub use interaction::{Concerns, Interaction, InteractionData, InteractionKind, MAX_PARTIES};
pub use joint::{JointRole, JointWork, JointWorkData, Work};
pub use org::{OrgData, OrgKind, Organisation};
pub use person::{Consent, Person, PersonData};
pub use post::{Post, PostData, Tenure, TenureData, check_tenure, holder_on};
pub use relation::{Party, Relation, RelationData, RelationKind};
pub use retention::{DEFAULT_RETENTION_YEARS, retention_cutoff};
pub use sheet::{
    HeldPost, ListedPerson, RowAction, RowNote, RowOutcome, Sheet, SheetError, SheetRow,
    read_people, write_people_csv,
};
pub use vcard::{person_uid, write_people_vcard};

/// A record that breaks a rule: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field, as the API names it (`emails[1]`, `to`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Longest name, title or acronym, in characters.
pub const MAX_NAME: usize = 300;
/// Longest note, in characters.
pub const MAX_NOTE: usize = 20_000;
/// Most e-mails, phones, languages or themes on one record.
pub const MAX_ITEMS: usize = 20;

/// Trims `value` in place; refuses it empty (when `required`), longer than
/// `max` characters, or holding control characters (a line break is
/// allowed only where `multiline`).
pub(crate) fn check_text(
    field: &str,
    value: &mut String,
    required: bool,
    max: usize,
    multiline: bool,
) -> Result<(), FieldError> {
    let trimmed = value.trim();
    if trimmed.len() != value.len() {
        *value = trimmed.to_string();
    }
    if required && value.is_empty() {
        return Err(FieldError::new(field, "is required"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
    {
        return Err(FieldError::new(field, "holds a control character"));
    }
    Ok(())
}

/// [`check_text`] for an optional value; an empty one becomes `None`.
pub(crate) fn check_opt(
    field: &str,
    value: &mut Option<String>,
    max: usize,
) -> Result<(), FieldError> {
    if let Some(v) = value {
        check_text(field, v, false, max, false)?;
        if v.is_empty() {
            *value = None;
        }
    }
    Ok(())
}

/// Checks each item of a list with `one`, drops empty ones and exact
/// repeats, and refuses more than [`MAX_ITEMS`].
pub(crate) fn check_list(
    field: &str,
    list: &mut Vec<String>,
    mut one: impl FnMut(&str, &mut String) -> Result<(), FieldError>,
) -> Result<(), FieldError> {
    let mut kept: Vec<String> = Vec::with_capacity(list.len());
    for (i, mut item) in std::mem::take(list).into_iter().enumerate() {
        let name = format!("{field}[{i}]");
        check_text(&name, &mut item, false, MAX_NAME, false)?;
        if item.is_empty() {
            continue;
        }
        one(&name, &mut item)?;
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    if kept.len() > MAX_ITEMS {
        return Err(FieldError::new(
            field,
            format!("holds more than {MAX_ITEMS} items"),
        ));
    }
    *list = kept;
    Ok(())
}

/// The `themes` list, checked with [`check_list`]: each a theme of the
/// plan (`is_theme`).
pub(crate) fn check_themes(
    themes: &mut Vec<String>,
    is_theme: impl Fn(&str) -> bool,
) -> Result<(), FieldError> {
    check_list("themes", themes, |field, t| {
        if is_theme(t) {
            Ok(())
        } else {
            Err(FieldError::new(
                field,
                format!("`{t}` is not a theme of the plan"),
            ))
        }
    })
}

/// A three-letter upper-case country code (ISO 3166-1 alpha-3).
pub(crate) fn check_country(field: &str, value: &mut Option<String>) -> Result<(), FieldError> {
    check_opt(field, value, 3)?;
    if let Some(c) = value {
        *c = c.to_ascii_uppercase();
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(FieldError::new(
                field,
                format!("`{c}` is not a three-letter country code (ISO 3166-1 alpha-3)"),
            ));
        }
    }
    Ok(())
}
