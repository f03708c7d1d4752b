//! Agreements: memoranda of understanding and partnership or funding
//! agreements between the Centre and organisations of the register, with
//! the day they were signed, the days they hold, how they are renewed, and
//! the signed file. Staff are reminded in their inbox before one expires
//! ([`AgreementData::reminder_due`]); one renewed tacitly renews itself
//! when its term ends ([`AgreementData::renewal_due`]).

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::{FieldError, MAX_ITEMS, MAX_NAME, MAX_NOTE, check_text, check_themes};

/// What kind of agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementKind {
    /// A memorandum of understanding.
    Mou,
    Partnership,
    Funding,
    /// A letter of intent or exchange of letters.
    Letter,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 4] = [
        AgreementKind::Mou,
        AgreementKind::Partnership,
        AgreementKind::Funding,
        AgreementKind::Letter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementKind::Mou => "mou",
            AgreementKind::Partnership => "partnership",
            AgreementKind::Funding => "funding",
            AgreementKind::Letter => "letter",
        }
    }

    pub fn parse(code: &str) -> Option<AgreementKind> {
        AgreementKind::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

/// Where an agreement stands in its life, as staff record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Being drafted or negotiated.
    Draft,
    Signed,
    /// Ended early by a party (notice given).
    Terminated,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Draft, Stage::Signed, Stage::Terminated];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Signed => "signed",
            Stage::Terminated => "terminated",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// How an agreement goes on past its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Renewal {
    /// It ends.
    None,
    /// It renews itself for its term unless a party gives notice.
    Tacit,
    /// The parties renew it by a signed amendment.
    ByAmendment,
}

impl Renewal {
    pub const ALL: [Renewal; 3] = [Renewal::None, Renewal::Tacit, Renewal::ByAmendment];

    pub fn as_str(self) -> &'static str {
        match self {
            Renewal::None => "none",
            Renewal::Tacit => "tacit",
            Renewal::ByAmendment => "by-amendment",
        }
    }

    pub fn parse(code: &str) -> Option<Renewal> {
        Renewal::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

/// Where an agreement stands on a day: what lists show and filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    Draft,
    /// Signed, but its first day is still to come.
    Pending,
    InForce,
    /// In force, within its notice of the last day.
    Expiring,
    Expired,
    Terminated,
}

impl Standing {
    pub const ALL: [Standing; 6] = [
        Standing::Draft,
        Standing::Pending,
        Standing::InForce,
        Standing::Expiring,
        Standing::Expired,
        Standing::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Draft => "draft",
            Standing::Pending => "pending",
            Standing::InForce => "in-force",
            Standing::Expiring => "expiring",
            Standing::Expired => "expired",
            Standing::Terminated => "terminated",
        }
    }

    pub fn parse(code: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// A renewal: the last day moved from `from` to `to` on `on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renewed {
    pub on: Date,
    pub from: Date,
    pub to: Date,
    /// By itself (tacit renewal) rather than by staff.
    #[serde(default)]
    pub tacit: bool,
}

/// Days of notice before the last day when none is given.
pub const DEFAULT_NOTICE_DAYS: u16 = 90;
/// The longest notice, in days (three years).
pub const MAX_NOTICE_DAYS: u16 = 1096;
/// The longest term of a renewal, in months.
pub const MAX_TERM_MONTHS: u16 = 120;

/// An agreement as written by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementData {
    pub title: String,
    pub kind: AgreementKind,
    /// The organisations party to it, besides the Centre.
    pub parties: Vec<i64>,
    pub stage: Stage,
    #[serde(default)]
    pub signed_on: Option<Date>,
    /// The first day it holds.
    #[serde(default)]
    pub valid_from: Option<Date>,
    /// The last day it holds; `None`: until terminated.
    #[serde(default)]
    pub valid_until: Option<Date>,
    pub renewal: Renewal,
    /// How long each renewal adds, in months; `None`: as long as the
    /// first term.
    #[serde(default)]
    pub term_months: Option<u16>,
    /// How many days before the last day the reminder comes.
    #[serde(default = "default_notice")]
    pub notice_days: u16,
    /// The account reminded before it expires (else whoever recorded it).
    #[serde(default)]
    pub responsible: Option<i64>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// Each renewal, oldest first.
    #[serde(default)]
    pub renewals: Vec<Renewed>,
}

fn default_notice() -> u16 {
    DEFAULT_NOTICE_DAYS
}

/// The most renewals one agreement keeps.
pub const MAX_RENEWALS: usize = 200;

impl AgreementData {
    /// An agreement in draft with `parties`, its other fields empty.
    pub fn draft(title: &str, kind: AgreementKind, parties: Vec<i64>) -> AgreementData {
        AgreementData {
            title: title.into(),
            kind,
            parties,
            stage: Stage::Draft,
            signed_on: None,
            valid_from: None,
            valid_until: None,
            renewal: Renewal::None,
            term_months: None,
            notice_days: DEFAULT_NOTICE_DAYS,
            responsible: None,
            themes: Vec::new(),
            note: String::new(),
            renewals: Vec::new(),
        }
    }

    /// Checks every field, naming the first that breaks a rule; `is_theme`
    /// tells the themes of the plan.
    pub fn check(&mut self, is_theme: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        check_text("title", &mut self.title, true, MAX_NAME, false)?;
        if self.parties.is_empty() {
            return Err(FieldError::new(
                "parties",
                "names no organisation: an agreement has at least one other party",
            ));
        }
        let mut seen = Vec::with_capacity(self.parties.len());
        for (i, p) in self.parties.iter().enumerate() {
            if *p <= 0 {
                return Err(FieldError::new(
                    format!("parties[{i}]"),
                    format!("`{p}` is not an organisation"),
                ));
            }
            if seen.contains(p) {
                return Err(FieldError::new(
                    format!("parties[{i}]"),
                    "names the same organisation twice",
                ));
            }
            seen.push(*p);
        }
        if self.parties.len() > MAX_ITEMS {
            return Err(FieldError::new(
                "parties",
                format!("holds more than {MAX_ITEMS} organisations"),
            ));
        }
        match (self.stage, self.signed_on) {
            (Stage::Signed | Stage::Terminated, None) => {
                return Err(FieldError::new(
                    "signed_on",
                    "is required once the agreement is signed",
                ));
            }
            (Stage::Draft, Some(_)) => {
                return Err(FieldError::new(
                    "stage",
                    "is draft, yet a signing day is given",
                ));
            }
            _ => {}
        }
        if let (Some(f), Some(u)) = (self.valid_from, self.valid_until)
            && u < f
        {
            return Err(FieldError::new(
                "valid_until",
                format!("ends ({u}) before it starts ({f})"),
            ));
        }
        if self.renewal == Renewal::Tacit && self.valid_until.is_none() {
            return Err(FieldError::new(
                "valid_until",
                "is required for an agreement that renews itself",
            ));
        }
        if self.renewal == Renewal::Tacit && self.term_months.is_none() && self.valid_from.is_none()
        {
            return Err(FieldError::new(
                "term_months",
                "is required when the first day is not known: how long each renewal adds",
            ));
        }
        if let Some(t) = self.term_months
            && !(1..=MAX_TERM_MONTHS).contains(&t)
        {
            return Err(FieldError::new(
                "term_months",
                format!("`{t}` is not between 1 and {MAX_TERM_MONTHS} months"),
            ));
        }
        if self.notice_days > MAX_NOTICE_DAYS {
            return Err(FieldError::new(
                "notice_days",
                format!("is more than {MAX_NOTICE_DAYS} days"),
            ));
        }
        if self.renewals.len() > MAX_RENEWALS {
            return Err(FieldError::new(
                "renewals",
                format!("holds more than {MAX_RENEWALS}"),
            ));
        }
        check_themes(&mut self.themes, is_theme)?;
        check_text("note", &mut self.note, false, MAX_NOTE, true)
    }

    /// Where it stands on `day`.
    pub fn standing(&self, day: Date) -> Standing {
        match self.stage {
            Stage::Draft => Standing::Draft,
            Stage::Terminated => Standing::Terminated,
            Stage::Signed => {
                if self.valid_from.is_some_and(|f| day < f) {
                    Standing::Pending
                } else {
                    match self.valid_until {
                        Some(u) if u < day => Standing::Expired,
                        Some(u) if u - Duration::days(i64::from(self.notice_days)) <= day => {
                            Standing::Expiring
                        }
                        _ => Standing::InForce,
                    }
                }
            }
        }
    }

    /// Whether its reminder is due on `day`: signed, within its notice of
    /// the last day, not past it.
    pub fn reminder_due(&self, day: Date) -> bool {
        self.standing(day) == Standing::Expiring
    }

    /// The last day a renewal would give: the last day moved by the term
    /// (or by the length of the first term). `None` without a last day, or
    /// when neither the term nor the first day is known.
    pub fn next_until(&self) -> Option<Date> {
        let until = self.valid_until?;
        match self.term_months {
            Some(m) => Some(add_months(until, m)),
            None => {
                // A first term of whole months (1 March to the last day of
                // February) is renewed by as many months; another by as
                // many days.
                let first = self.valid_from?;
                let end = until.next_day()?;
                let months = (end.year() - first.year()) * 12 + i32::from(u8::from(end.month()))
                    - i32::from(u8::from(first.month()));
                match u16::try_from(months) {
                    Ok(m) if m > 0 && end.day() == first.day() => add_months(end, m).previous_day(),
                    _ => until.checked_add(until - first + Duration::days(1)),
                }
            }
        }
    }

    /// Renews it on `on`: the last day moves by its term. Refused unless
    /// it is signed with a last day, and (when staff renew it) it renews
    /// at all.
    pub fn renew(&mut self, on: Date, tacit: bool) -> Result<Renewed, FieldError> {
        if self.stage != Stage::Signed {
            return Err(FieldError::new(
                "stage",
                "only a signed agreement in force is renewed",
            ));
        }
        if self.renewal == Renewal::None {
            return Err(FieldError::new(
                "renewal",
                "this agreement is not renewed: it ends on its last day",
            ));
        }
        let from = self
            .valid_until
            .ok_or_else(|| FieldError::new("valid_until", "has no last day to move"))?;
        let to = self.next_until().ok_or_else(|| {
            FieldError::new(
                "term_months",
                "is required when the first day is not known: how long a renewal adds",
            )
        })?;
        if self.renewals.len() >= MAX_RENEWALS {
            return Err(FieldError::new(
                "renewals",
                format!("holds more than {MAX_RENEWALS}"),
            ));
        }
        let r = Renewed {
            on,
            from,
            to,
            tacit,
        };
        self.valid_until = Some(to);
        self.renewals.push(r);
        Ok(r)
    }

    /// Whether it renews itself on `day`: renewed tacitly, signed, and its
    /// last day is past.
    pub fn renewal_due(&self, day: Date) -> bool {
        self.renewal == Renewal::Tacit
            && self.stage == Stage::Signed
            && self.valid_until.is_some_and(|u| u < day)
    }
}

/// `day` moved by `months`, kept within the month (31 January + 1 month is
/// the 28th or 29th of February).
pub fn add_months(day: Date, months: u16) -> Date {
    let index = i32::from(u8::from(day.month())) - 1 + i32::from(months);
    let year = day.year() + index.div_euclid(12);
    let month = time::Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(time::Month::January);
    let last = month.length(year);
    Date::from_calendar_date(year, month, day.day().min(last)).unwrap_or(day)
}

/// A stored agreement, and its signed file if one was attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: i64,
    #[serde(flatten)]
    pub data: AgreementData,
    #[serde(default)]
    pub file: Option<SignedFile>,
}

/// What is known of an agreement's signed file (its bytes are read apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedFile {
    pub name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn mou() -> AgreementData {
        AgreementData {
            stage: Stage::Signed,
            signed_on: Some(date!(2024 - 03 - 01)),
            valid_from: Some(date!(2024 - 03 - 01)),
            valid_until: Some(date!(2027 - 02 - 28)),
            renewal: Renewal::ByAmendment,
            ..AgreementData::draft(" MoU on health research ", AgreementKind::Mou, vec![4, 9])
        }
    }

    #[test]
    fn an_agreement_stands_by_its_days() {
        let mut a = mou();
        a.check(|_| true).unwrap();
        assert_eq!(a.title, "MoU on health research");
        assert_eq!(a.standing(date!(2024 - 02 - 01)), Standing::Pending);
        assert_eq!(a.standing(date!(2026 - 06 - 01)), Standing::InForce);
        // 90 days of notice before 28 February 2027: from 30 November.
        assert_eq!(a.standing(date!(2026 - 11 - 29)), Standing::InForce);
        assert_eq!(a.standing(date!(2026 - 11 - 30)), Standing::Expiring);
        assert!(a.reminder_due(date!(2027 - 02 - 28)));
        assert_eq!(a.standing(date!(2027 - 03 - 01)), Standing::Expired);
        assert!(!a.reminder_due(date!(2027 - 03 - 01)));
        a.stage = Stage::Terminated;
        assert_eq!(a.standing(date!(2026 - 06 - 01)), Standing::Terminated);
        let d = AgreementData::draft("x", AgreementKind::Letter, vec![1]);
        assert_eq!(d.standing(date!(2026 - 06 - 01)), Standing::Draft);
        for s in Standing::ALL {
            assert_eq!(Standing::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_renewal_moves_the_last_day_by_the_term() {
        let mut a = mou();
        // Without a term: as long as the first term (three years).
        let r = a.renew(date!(2027 - 01 - 10), false).unwrap();
        assert_eq!(
            (r.from, r.to),
            (date!(2027 - 02 - 28), date!(2030 - 02 - 28))
        );
        a.term_months = Some(12);
        a.renew(date!(2030 - 01 - 10), false).unwrap();
        assert_eq!(a.valid_until, Some(date!(2031 - 02 - 28)));
        assert_eq!(a.renewals.len(), 2);
        a.renewal = Renewal::None;
        assert_eq!(
            a.renew(date!(2031 - 01 - 01), false).unwrap_err().field,
            "renewal"
        );
        assert_eq!(add_months(date!(2027 - 01 - 31), 1), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 11 - 30), 3), date!(2028 - 02 - 29));
    }

    #[test]
    fn a_tacit_agreement_renews_itself_once_its_last_day_is_past() {
        let mut a = mou();
        a.renewal = Renewal::Tacit;
        a.term_months = Some(24);
        a.check(|_| true).unwrap();
        assert!(!a.renewal_due(date!(2027 - 02 - 28)));
        assert!(a.renewal_due(date!(2027 - 03 - 01)));
        a.renew(date!(2027 - 03 - 01), true).unwrap();
        assert_eq!(a.valid_until, Some(date!(2029 - 02 - 28)));
        assert!(!a.renewal_due(date!(2027 - 03 - 01)));
    }

    #[test]
    fn agreements_that_break_a_rule_name_the_field() {
        type Change = fn(&mut AgreementData);
        let cases: Vec<(Change, &str)> = vec![
            (|a| a.title = "  ".into(), "title"),
            (|a| a.parties.clear(), "parties"),
            (|a| a.parties = vec![3, 3], "parties[1]"),
            (|a| a.parties = vec![0], "parties[0]"),
            (|a| a.signed_on = None, "signed_on"),
            (
                |a| {
                    a.stage = Stage::Draft;
                },
                "stage",
            ),
            (
                |a| a.valid_until = Some(date!(2020 - 01 - 01)),
                "valid_until",
            ),
            (
                |a| {
                    a.renewal = Renewal::Tacit;
                    a.valid_until = None;
                },
                "valid_until",
            ),
            (|a| a.term_months = Some(0), "term_months"),
            (|a| a.notice_days = 5000, "notice_days"),
            (|a| a.themes = vec!["nope".into()], "themes[0]"),
        ];
        for (change, field) in cases {
            let mut a = mou();
            change(&mut a);
            assert_eq!(a.check(|t| t == "health").unwrap_err().field, field);
        }
    }
}
