//! Joint work: an organisation's part in the Centre's work, an output it
//! co-published or funded, a meeting it co-organised, hosted or funded.
//! Shown on both sides (the organisation's page, the output's or meeting's
//! page); an IATI activity names them as participating organisations
//! ([`JointRole::iati_role`]).

use serde::{Deserialize, Serialize};

use crate::{FieldError, MAX_NAME, check_text};

/// A record of the Centre's work an organisation took part in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Work {
    Output(i64),
    Meeting(i64),
}

impl Work {
    /// The desk's page of the record: `/outputs/12`.
    pub fn path(self) -> String {
        match self {
            Work::Output(id) => format!("/outputs/{id}"),
            Work::Meeting(id) => format!("/meetings/{id}"),
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Work::Output(id) | Work::Meeting(id) => id,
        }
    }
}

/// What an organisation did in a piece of joint work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JointRole {
    /// Published an output with the Centre.
    CoPublisher,
    /// Wrote part of an output, or spoke at a meeting.
    Contributor,
    Funder,
    /// Organised a meeting with the Centre.
    CoOrganiser,
    /// Hosted a meeting.
    Host,
}

impl JointRole {
    pub const ALL: [JointRole; 5] = [
        JointRole::CoPublisher,
        JointRole::Contributor,
        JointRole::Funder,
        JointRole::CoOrganiser,
        JointRole::Host,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JointRole::CoPublisher => "co-publisher",
            JointRole::Contributor => "contributor",
            JointRole::Funder => "funder",
            JointRole::CoOrganiser => "co-organiser",
            JointRole::Host => "host",
        }
    }

    pub fn parse(code: &str) -> Option<JointRole> {
        JointRole::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// Whether the role is one an organisation plays in `work`: publishing
    /// is of outputs, organising and hosting of meetings.
    pub fn fits(self, work: Work) -> bool {
        match self {
            JointRole::CoPublisher => matches!(work, Work::Output(_)),
            JointRole::CoOrganiser | JointRole::Host => matches!(work, Work::Meeting(_)),
            JointRole::Contributor | JointRole::Funder => true,
        }
    }

    /// The roles an organisation plays in outputs, or in meetings.
    pub fn for_work(output: bool) -> impl Iterator<Item = JointRole> {
        let work = if output {
            Work::Output(1)
        } else {
            Work::Meeting(1)
        };
        JointRole::ALL.into_iter().filter(move |r| r.fits(work))
    }

    /// The code of IATI's OrganisationRole codelist for the role: `1`
    /// (funding) for a funder, `4` (implementing) for those who did the
    /// work with the Centre.
    pub fn iati_role(self) -> &'static str {
        match self {
            JointRole::Funder => "1",
            JointRole::CoPublisher
            | JointRole::Contributor
            | JointRole::CoOrganiser
            | JointRole::Host => "4",
        }
    }
}

/// An organisation's part in a piece of work, as staff record it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointWorkData {
    pub organisation: i64,
    pub work: Work,
    pub role: JointRole,
    #[serde(default)]
    pub note: String,
}

impl JointWorkData {
    /// Refuses a role the work has no place for (a co-publisher of a
    /// meeting) or a note that breaks the rules of text.
    pub fn check(&mut self) -> Result<(), FieldError> {
        if self.organisation <= 0 {
            return Err(FieldError::new("organisation", "is not an organisation"));
        }
        if !self.role.fits(self.work) {
            let what = match self.work {
                Work::Output(_) => "an output",
                Work::Meeting(_) => "a meeting",
            };
            return Err(FieldError::new(
                "role",
                format!("`{}` is not a part one plays in {what}", self.role.as_str()),
            ));
        }
        check_text("note", &mut self.note, false, MAX_NAME, false)
    }
}

/// A stored piece of joint work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointWork {
    pub id: i64,
    #[serde(flatten)]
    pub data: JointWorkData,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_fit_the_work_they_are_played_in() {
        let mut j = JointWorkData {
            organisation: 3,
            work: Work::Output(7),
            role: JointRole::CoPublisher,
            note: " second edition ".into(),
        };
        j.check().unwrap();
        assert_eq!(j.note, "second edition");
        j.work = Work::Meeting(2);
        assert_eq!(j.check().unwrap_err().field, "role");
        j.role = JointRole::Host;
        j.check().unwrap();
        let output: Vec<_> = JointRole::for_work(true).map(JointRole::as_str).collect();
        assert_eq!(output, ["co-publisher", "contributor", "funder"]);
        let meeting: Vec<_> = JointRole::for_work(false).map(JointRole::as_str).collect();
        assert_eq!(meeting, ["contributor", "funder", "co-organiser", "host"]);
        for r in JointRole::ALL {
            assert_eq!(JointRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(Work::Meeting(2).path(), "/meetings/2");
    }

    /// The codes given to IATI are codes of its OrganisationRole codelist
    /// (read from `../shared/data/iati`), named as the roles mean.
    #[test]
    fn iati_roles_are_codes_of_the_codelist() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/iati/2.03/codelists/OrganisationRole.xml"
        );
        let xml = std::fs::read_to_string(path).expect("the IATI codelists beside the repository");
        let name_of = |code: &str| -> String {
            let at = xml
                .find(&format!("<code>{code}</code>"))
                .unwrap_or_else(|| panic!("code {code} in the codelist"));
            let rest = &xml[at..];
            let start = rest.find("<narrative>").unwrap() + "<narrative>".len();
            let end = rest.find("</narrative>").unwrap();
            rest[start..end].to_string()
        };
        assert_eq!(name_of(JointRole::Funder.iati_role()), "Funding");
        for r in JointRole::ALL
            .into_iter()
            .filter(|r| *r != JointRole::Funder)
        {
            assert_eq!(name_of(r.iati_role()), "Implementing", "{r:?}");
        }
    }
}
