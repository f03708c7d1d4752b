//! Relationships between organisations and people, typed and named in each
//! direction ("member of" / "has member", "funds" / "funded by"), with the
//! days they held.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{FieldError, MAX_NOTE, check_text};

/// A person or an organisation of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "kebab-case")]
pub enum Party {
    Person(i64),
    Organisation(i64),
}

impl Party {
    /// `p12` or `o3`: how a form names a party.
    pub fn code(self) -> String {
        match self {
            Party::Person(id) => format!("p{id}"),
            Party::Organisation(id) => format!("o{id}"),
        }
    }

    pub fn parse(code: &str) -> Option<Party> {
        let code = code.trim();
        let id: i64 = code.get(1..)?.parse().ok().filter(|i| *i > 0)?;
        match code.as_bytes().first()? {
            b'p' => Some(Party::Person(id)),
            b'o' => Some(Party::Organisation(id)),
            _ => None,
        }
    }
}

/// What ties one party to another. Each has a name in each direction
/// ([`RelationKind::forward`] from the first party, [`RelationKind::backward`]
/// from the second); `partner` reads the same both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// A member of a group, network or body.
    MemberOf,
    Funds,
    Advises,
    Represents,
    Partner,
}

impl RelationKind {
    pub const ALL: [RelationKind; 5] = [
        RelationKind::MemberOf,
        RelationKind::Funds,
        RelationKind::Advises,
        RelationKind::Represents,
        RelationKind::Partner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::MemberOf => "member-of",
            RelationKind::Funds => "funds",
            RelationKind::Advises => "advises",
            RelationKind::Represents => "represents",
            RelationKind::Partner => "partner",
        }
    }

    pub fn parse(code: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// The name read from the first party (`member-of`), and from the
    /// second (`has-member`): the ids of their labels.
    pub fn forward(self) -> &'static str {
        self.as_str()
    }

    pub fn backward(self) -> &'static str {
        match self {
            RelationKind::MemberOf => "has-member",
            RelationKind::Funds => "funded-by",
            RelationKind::Advises => "advised-by",
            RelationKind::Represents => "represented-by",
            RelationKind::Partner => "partner",
        }
    }
}

/// A relationship as written by staff: `from` is `kind` of `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationData {
    pub kind: RelationKind,
    pub from: Party,
    pub to: Party,
    #[serde(default)]
    pub since: Option<Date>,
    /// The last day; `None` while it holds.
    #[serde(default)]
    pub until: Option<Date>,
    #[serde(default)]
    pub note: String,
}

impl RelationData {
    /// Refuses a relationship of a party to itself, or one that ends
    /// before it starts.
    pub fn check(&mut self) -> Result<(), FieldError> {
        if self.from == self.to {
            return Err(FieldError::new(
                "to",
                "is the same record: a relationship ties two different ones",
            ));
        }
        if let (Some(s), Some(u)) = (self.since, self.until)
            && u < s
        {
            return Err(FieldError::new(
                "until",
                format!("ends ({u}) before it starts ({s})"),
            ));
        }
        check_text("note", &mut self.note, false, MAX_NOTE, true)
    }

    /// Whether it holds on `day`.
    pub fn holds_on(&self, day: Date) -> bool {
        self.since.is_none_or(|s| s <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Seen from `party`: the other party, and the name of the tie from
    /// `party`'s side (`member-of` or `has-member`). `None` if `party` is
    /// neither side.
    pub fn seen_from(&self, party: Party) -> Option<(Party, &'static str)> {
        if self.from == party {
            Some((self.to, self.kind.forward()))
        } else if self.to == party {
            Some((self.from, self.kind.backward()))
        } else {
            None
        }
    }
}

/// A stored relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: i64,
    #[serde(flatten)]
    pub data: RelationData,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn membership() -> RelationData {
        RelationData {
            kind: RelationKind::MemberOf,
            from: Party::Organisation(2),
            to: Party::Organisation(1),
            since: Some(date!(1964 - 06 - 15)),
            until: None,
            note: " Founding member ".into(),
        }
    }

    #[test]
    fn a_relationship_reads_in_each_direction() {
        let mut r = membership();
        r.check().unwrap();
        assert_eq!(r.note, "Founding member");
        assert_eq!(
            r.seen_from(Party::Organisation(2)),
            Some((Party::Organisation(1), "member-of"))
        );
        assert_eq!(
            r.seen_from(Party::Organisation(1)),
            Some((Party::Organisation(2), "has-member"))
        );
        assert_eq!(r.seen_from(Party::Person(2)), None);
        assert!(r.holds_on(date!(2026 - 12 - 07)));
        assert!(!r.holds_on(date!(1960 - 01 - 01)));
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn a_tie_to_itself_or_backwards_in_time_is_refused() {
        let mut r = membership();
        r.to = r.from;
        assert_eq!(r.check().unwrap_err().field, "to");
        let mut r = membership();
        r.until = Some(date!(1960 - 01 - 01));
        assert_eq!(r.check().unwrap_err().field, "until");
    }

    #[test]
    fn parties_are_named_by_a_letter_and_a_number() {
        for p in [Party::Person(12), Party::Organisation(3)] {
            assert_eq!(Party::parse(&p.code()), Some(p));
        }
        for bad in ["", "p", "x3", "p-1", "o0", "pp"] {
            assert_eq!(Party::parse(bad), None, "{bad}");
        }
    }
}
