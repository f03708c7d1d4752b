//! Requests to the desk: what a member state or group asks of the Centre,
//! and the rules of its life.
//!
//! - [`Status`] and [`check_transition`]: received → triaged → assigned →
//!   in progress → delivered → closed, or declined; each change is either
//!   a triage step or a work step ([`StepKind`]), and the caller asks
//!   [`crate::authz::allowed`] with the matching action.
//! - [`Calendar`]: working days (no weekends, no holidays read from
//!   `data/calendar/holidays.txt`) for acknowledgement deadlines.
//! - [`route`]: from tagged themes to a lead and supporting programmes, and
//!   the out-of-plan flag.
//! - [`check_new`]: what makes a new request acceptable.
//!
//! No I/O: the store keeps requests, the web asks these functions.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Weekday};

use crate::authz::Party;
use crate::{Members, Plan};

/// Largest title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Largest text of a request, in bytes.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Largest comment, in bytes.
pub const MAX_COMMENT_BYTES: usize = 16 * 1024;
/// Largest attachment, in bytes.
pub const MAX_ATTACHMENT_BYTES: usize = 4 * 1024 * 1024;
/// Most attachments of one request.
pub const MAX_ATTACHMENTS: usize = 5;
/// Largest contact, forum or meeting field, in characters.
pub const MAX_FIELD_CHARS: usize = 300;
/// Default acknowledgement deadline, in working days after receipt.
pub const DEFAULT_ACK_WORKING_DAYS: u32 = 3;

/// The embedded holiday list.
pub const EMBEDDED_HOLIDAYS: &str = include_str!("../../../data/calendar/holidays.txt");

/// On whose behalf a request is made (owned form of [`Party`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Requester {
    /// ISO 3166-1 alpha-3 code, capitals.
    Member(String),
    /// Group id, lowercase.
    Group(String),
}

impl Requester {
    pub fn party(&self) -> Party<'_> {
        match self {
            Requester::Member(m) => Party::Member(m),
            Requester::Group(g) => Party::Group(g),
        }
    }

    /// `member` or `group`.
    pub fn kind(&self) -> &'static str {
        match self {
            Requester::Member(_) => "member",
            Requester::Group(_) => "group",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Requester::Member(s) | Requester::Group(s) => s,
        }
    }

    /// From `kind` (`member`/`group`) and id, normalised (member codes in
    /// capitals, group ids lowercase).
    pub fn from_parts(kind: &str, id: &str) -> Option<Requester> {
        let id = id.trim();
        if id.is_empty() {
            return None;
        }
        match kind {
            "member" => Some(Requester::Member(id.to_ascii_uppercase())),
            "group" => Some(Requester::Group(id.to_ascii_lowercase())),
            _ => None,
        }
    }

    /// `member:BRA` or `group:g77`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind(), self.id())
    }

    /// Parses [`Requester::key`].
    pub fn parse_key(s: &str) -> Option<Requester> {
        let (kind, id) = s.split_once(':')?;
        Requester::from_parts(kind, id)
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Where a request is in its life.
    Status {
        Received = "received",
        Triaged = "triaged",
        Assigned = "assigned",
        InProgress = "in-progress",
        Delivered = "delivered",
        Closed = "closed",
        Declined = "declined",
    }
}

string_enum! {
    /// The kind of help asked for (the plan's modes of work).
    Mode {
        Research = "research",
        PolicyAdvice = "policy-advice",
        CapacityBuilding = "capacity-building",
        Advocacy = "advocacy",
    }
}

string_enum! {
    /// How the request reached the desk.
    Channel {
        Web = "web",
        Api = "api",
        /// Logged by staff from an email.
        Email = "email",
        /// Logged by staff from a meeting.
        Meeting = "meeting",
    }
}

string_enum! {
    /// Why a request is declined.
    DeclineReason {
        OutsideMandate = "outside-mandate",
        NoCapacity = "no-capacity",
    }
}

string_enum! {
    /// What a request is linked to.
    LinkKind {
        Output = "output",
        Meeting = "meeting",
    }
}

impl Status {
    /// Open: not delivered, closed or declined.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Delivered | Status::Closed | Status::Declined)
    }

    /// Acknowledged: someone at the desk looked at it.
    pub fn is_acknowledged(self) -> bool {
        self != Status::Received
    }
}

/// Who a status change is for: triage (coordinator, management) or work
/// (the people assigned, the programme's coordinator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Triage,
    Work,
}

/// A status change the rules refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a request cannot go from {from} to {to}")]
pub struct TransitionError {
    pub from: Status,
    pub to: Status,
}

/// Whether a request may go from `from` to `to`, and what kind of step
/// that is. Assigning (triaged → assigned) goes through the assignment of
/// staff, declining needs a reason; both are checked here all the same.
pub fn check_transition(from: Status, to: Status) -> Result<StepKind, TransitionError> {
    use Status::*;
    match (from, to) {
        (Received, Triaged) | (Triaged, Assigned) => Ok(StepKind::Triage),
        (Received | Triaged | Assigned, Declined) => Ok(StepKind::Triage),
        (Assigned, InProgress) | (InProgress, Delivered) | (Delivered, Closed) => {
            Ok(StepKind::Work)
        }
        // Reopen a delivery that did not answer.
        (Delivered, InProgress) => Ok(StepKind::Work),
        _ => Err(TransitionError { from, to }),
    }
}

/// The statuses a request in `from` may move to.
pub fn next_statuses(from: Status) -> Vec<Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(|to| check_transition(from, *to).is_ok())
        .collect()
}

// ---- working days -----------------------------------------------------------

/// Working days: Monday to Friday, less a list of holidays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<Date>,
}

/// A line of a holiday list that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("holiday list, line {line}: {message}")]
pub struct CalendarError {
    pub line: usize,
    pub message: String,
}

impl Calendar {
    /// Reads a holiday list: one `YYYY-MM-DD` date a line, optionally
    /// followed by a name; `#` comments and blank lines ignored.
    pub fn parse(src: &str) -> Result<Calendar, CalendarError> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let mut holidays = BTreeSet::new();
        for (i, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let word = line.split_whitespace().next().unwrap_or_default();
            let date = Date::parse(word, format).map_err(|e| CalendarError {
                line: i + 1,
                message: format!("{word:?} is not a date YYYY-MM-DD ({e})"),
            })?;
            holidays.insert(date);
        }
        Ok(Calendar { holidays })
    }

    /// The embedded list (`data/calendar/holidays.txt`).
    pub fn embedded() -> Calendar {
        Calendar::parse(EMBEDDED_HOLIDAYS).expect("the embedded holiday list is tested")
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.holidays.contains(&d)
    }

    /// The day `n` working days after `from` (a request received on a
    /// Friday with `n = 1` is due on Monday). `n = 0`: `from` itself if it
    /// is a working day, else the next working day.
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut d = from;
        if n == 0 {
            while !self.is_working_day(d) {
                d += Duration::days(1);
            }
            return d;
        }
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days from `from` (excluded) to `to` (included); 0 if `to`
    /// is not after `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

// ---- routing ----------------------------------------------------------------

/// Where a request goes, from its themes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Routing {
    /// Themes of the plan, strongest first.
    pub themes: Vec<String>,
    /// The programme that leads the answer.
    pub lead: Option<String>,
    /// Other programmes that contribute; a cross-cutting request has some.
    pub supporting: Vec<String>,
    /// No theme of the plan covers the request: an input for the next
    /// amendment of the plan.
    pub out_of_plan: bool,
}

impl Routing {
    /// Goes to two or more programmes.
    pub fn is_cross_cutting(&self) -> bool {
        self.lead.is_some() && !self.supporting.is_empty()
    }
}

/// Routes a request tagged with `themes` (id and score, any order; ids
/// that are not themes of `plan` are ignored): the lead programme of the
/// strongest theme leads; the other programmes of that theme and the
/// programmes of the other themes support.
pub fn route(plan: &Plan, themes: &[(String, f32)]) -> Routing {
    let mut known: Vec<(&crate::Theme, f32)> = themes
        .iter()
        .filter_map(|(id, score)| plan.theme(id).map(|t| (t, *score)))
        .collect();
    known.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.number.cmp(&b.0.number)));
    known.dedup_by(|a, b| a.0.id == b.0.id);
    let Some((first, _)) = known.first() else {
        return Routing {
            out_of_plan: true,
            ..Routing::default()
        };
    };
    let lead = first.lead.clone();
    let mut supporting: Vec<String> = Vec::new();
    for (t, _) in &known {
        for p in t.programmes() {
            if p != lead && !supporting.iter().any(|s| s == p) {
                supporting.push(p.to_string());
            }
        }
    }
    Routing {
        themes: known.iter().map(|(t, _)| t.id.clone()).collect(),
        lead: Some(lead),
        supporting,
        out_of_plan: false,
    }
}

/// Routing chosen by hand (the coordinator's triage): checks that the
/// themes and programmes are the plan's and that the lead does not also
/// support.
pub fn check_routing(plan: &Plan, r: &Routing) -> Result<(), RequestError> {
    for t in &r.themes {
        if plan.theme(t).is_none() {
            return Err(RequestError::UnknownTheme(t.clone()));
        }
    }
    let Some(lead) = &r.lead else {
        if r.supporting.is_empty() {
            return Ok(());
        }
        return Err(RequestError::NoLead);
    };
    for p in std::iter::once(lead).chain(&r.supporting) {
        if plan.programme(p).is_none() {
            return Err(RequestError::UnknownProgramme(p.clone()));
        }
    }
    if r.supporting.contains(lead) {
        return Err(RequestError::LeadAlsoSupports);
    }
    Ok(())
}

// ---- intake -------------------------------------------------------------------

/// What is checked of a new request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake<'a> {
    pub requester: &'a Requester,
    pub title: &'a str,
    pub text: &'a str,
    pub contact: &'a str,
    pub forum: Option<&'a str>,
    pub meeting: Option<&'a str>,
    pub deadline: Option<Date>,
    /// (file name, size in bytes) of each attachment.
    pub attachments: &'a [(&'a str, usize)],
}

/// Why a request (or a change to it) is refused. Each has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("the request needs a title")]
    NoTitle,
    #[error("the title is longer than {MAX_TITLE_CHARS} characters")]
    TitleTooLong,
    #[error("the request needs a text saying what is asked")]
    NoText,
    #[error("the text is larger than {MAX_TEXT_BYTES} bytes")]
    TextTooLarge,
    #[error("the {0} is longer than {MAX_FIELD_CHARS} characters")]
    FieldTooLong(&'static str),
    #[error("the request needs a contact (name, email or phone)")]
    NoContact,
    #[error("`{0}` is not a member state of the South Centre")]
    UnknownMember(String),
    #[error("there is no group `{0}`")]
    UnknownGroup(String),
    #[error("the deadline {0} is in the past")]
    DeadlineInPast(Date),
    #[error("at most {MAX_ATTACHMENTS} attachments")]
    TooManyAttachments,
    #[error("attachment {0:?} is larger than {MAX_ATTACHMENT_BYTES} bytes")]
    AttachmentTooLarge(String),
    #[error("attachment {0:?} is empty or has no name")]
    BadAttachment(String),
    #[error("there is no theme `{0}` in the plan")]
    UnknownTheme(String),
    #[error("there is no programme `{0}` in the plan")]
    UnknownProgramme(String),
    #[error("supporting programmes need a lead programme")]
    NoLead,
    #[error("the lead programme cannot also be a supporting one")]
    LeadAlsoSupports,
    #[error("the comment is empty or larger than {MAX_COMMENT_BYTES} bytes")]
    BadComment,
}

impl RequestError {
    pub fn code(&self) -> &'static str {
        use RequestError::*;
        match self {
            NoTitle => "no_title",
            TitleTooLong => "title_too_long",
            NoText => "no_text",
            TextTooLarge => "text_too_large",
            FieldTooLong(_) => "field_too_long",
            NoContact => "no_contact",
            UnknownMember(_) => "unknown_member",
            UnknownGroup(_) => "unknown_group",
            DeadlineInPast(_) => "deadline_in_past",
            TooManyAttachments => "too_many_attachments",
            AttachmentTooLarge(_) => "attachment_too_large",
            BadAttachment(_) => "bad_attachment",
            UnknownTheme(_) => "unknown_theme",
            UnknownProgramme(_) => "unknown_programme",
            NoLead => "no_lead",
            LeadAlsoSupports => "lead_also_supports",
            BadComment => "bad_comment",
        }
    }

    /// Too large rather than wrong (HTTP 413).
    pub fn is_too_large(&self) -> bool {
        matches!(
            self,
            RequestError::TextTooLarge | RequestError::AttachmentTooLarge(_)
        )
    }
}

/// Checks a new request received on `today`: title, text and fields within
/// their limits, a requester that is a member state (or possible member)
/// or a known group, a deadline not in the past, attachments within limits.
pub fn check_new(members: &Members, today: Date, r: &Intake<'_>) -> Result<(), RequestError> {
    let title = r.title.trim();
    if title.is_empty() {
        return Err(RequestError::NoTitle);
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(RequestError::TitleTooLong);
    }
    if r.text.len() > MAX_TEXT_BYTES {
        return Err(RequestError::TextTooLarge);
    }
    if r.text.trim().is_empty() {
        return Err(RequestError::NoText);
    }
    if r.contact.trim().is_empty() {
        return Err(RequestError::NoContact);
    }
    for (name, value) in [
        ("contact", Some(r.contact)),
        ("forum", r.forum),
        ("meeting", r.meeting),
    ] {
        if value.is_some_and(|v| v.chars().count() > MAX_FIELD_CHARS) {
            return Err(RequestError::FieldTooLong(name));
        }
    }
    match r.requester {
        Requester::Member(m) => {
            if !members
                .country(m)
                .is_some_and(|c| c.member || c.member_uncertain)
            {
                return Err(RequestError::UnknownMember(m.clone()));
            }
        }
        Requester::Group(g) => {
            if members.group(g).is_none() {
                return Err(RequestError::UnknownGroup(g.clone()));
            }
        }
    }
    if let Some(d) = r.deadline
        && d < today
    {
        return Err(RequestError::DeadlineInPast(d));
    }
    if r.attachments.len() > MAX_ATTACHMENTS {
        return Err(RequestError::TooManyAttachments);
    }
    for (name, size) in r.attachments {
        if *size > MAX_ATTACHMENT_BYTES {
            return Err(RequestError::AttachmentTooLarge(name.to_string()));
        }
        if *size == 0 || name.trim().is_empty() {
            return Err(RequestError::BadAttachment(name.to_string()));
        }
    }
    Ok(())
}

/// A comment's text is acceptable.
pub fn check_comment(text: &str) -> Result<(), RequestError> {
    if text.trim().is_empty() || text.len() > MAX_COMMENT_BYTES {
        Err(RequestError::BadComment)
    } else {
        Ok(())
    }
}

/// How quickly a member's requests were answered.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ResponseStats {
    pub total: usize,
    pub open: usize,
    pub delivered: usize,
    pub declined: usize,
    /// Mean working days from receipt to acknowledgement (triage).
    pub mean_days_to_acknowledge: Option<f64>,
    /// Mean working days from receipt to delivery.
    pub mean_days_to_deliver: Option<f64>,
    /// Acknowledged after the acknowledgement deadline, or not yet and
    /// past it.
    pub late_acknowledgements: usize,
}

/// One request's dates, for [`response_stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    pub status: Status,
    pub received: Date,
    pub ack_due: Date,
    pub acknowledged: Option<Date>,
    pub delivered: Option<Date>,
}

/// Response-time figures over `requests`, as of `today`.
pub fn response_stats(cal: &Calendar, today: Date, requests: &[Timeline]) -> ResponseStats {
    let mean = |v: &[u32]| {
        (!v.is_empty()).then(|| v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len() as f64)
    };
    let mut ack = Vec::new();
    let mut deliver = Vec::new();
    let mut s = ResponseStats {
        total: requests.len(),
        ..Default::default()
    };
    for r in requests {
        if r.status.is_open() {
            s.open += 1;
        }
        match r.status {
            Status::Delivered | Status::Closed => s.delivered += 1,
            Status::Declined => s.declined += 1,
            _ => {}
        }
        if let Some(a) = r.acknowledged {
            ack.push(cal.working_days_between(r.received, a));
        }
        if let Some(d) = r.delivered {
            deliver.push(cal.working_days_between(r.received, d));
        }
        let late = match r.acknowledged {
            Some(a) => a > r.ack_due,
            None => today > r.ack_due,
        };
        s.late_acknowledgements += usize::from(late);
    }
    s.mean_days_to_acknowledge = mean(&ack);
    s.mean_days_to_deliver = mean(&deliver);
    s
}

/// Overdue on `today`: not acknowledged by its acknowledgement deadline,
/// or open past the deadline the requester gave.
pub fn is_overdue(status: Status, ack_due: Date, deadline: Option<Date>, today: Date) -> bool {
    (status == Status::Received && today > ack_due)
        || (status.is_open() && deadline.is_some_and(|d| today > d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn transitions_follow_the_life_of_a_request() {
        use Status::*;
        assert_eq!(check_transition(Received, Triaged), Ok(StepKind::Triage));
        assert_eq!(check_transition(Triaged, Assigned), Ok(StepKind::Triage));
        assert_eq!(check_transition(Assigned, InProgress), Ok(StepKind::Work));
        assert_eq!(check_transition(InProgress, Delivered), Ok(StepKind::Work));
        assert_eq!(check_transition(Delivered, Closed), Ok(StepKind::Work));
        assert_eq!(check_transition(Received, Declined), Ok(StepKind::Triage));
        assert!(check_transition(Received, Delivered).is_err());
        assert!(check_transition(Closed, InProgress).is_err());
        assert!(check_transition(Declined, Triaged).is_err());
        assert!(check_transition(Delivered, Declined).is_err());
        assert_eq!(
            check_transition(Received, Received)
                .unwrap_err()
                .to_string(),
            "a request cannot go from received to received"
        );
        assert!(next_statuses(Closed).is_empty());
        assert_eq!(next_statuses(Assigned), [InProgress, Declined]);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let cal = Calendar::embedded();
        // Friday 2 January 2026 + 1 working day = Monday 5 January.
        assert_eq!(
            cal.add_working_days(date!(2026 - 01 - 02), 1),
            date!(2026 - 01 - 05)
        );
        // Wednesday 31 December 2025 + 1: 1 January is a holiday, so Friday 2.
        assert_eq!(
            cal.add_working_days(date!(2025 - 12 - 31), 1),
            date!(2026 - 01 - 02)
        );
        // Thursday 2 April 2026 + 2: Good Friday and Easter Monday are off.
        assert_eq!(
            cal.add_working_days(date!(2026 - 04 - 02), 2),
            date!(2026 - 04 - 08)
        );
        assert_eq!(
            cal.add_working_days(date!(2026 - 01 - 03), 0),
            date!(2026 - 01 - 05)
        );
        assert_eq!(
            cal.working_days_between(date!(2026 - 01 - 02), date!(2026 - 01 - 09)),
            5
        );
        assert_eq!(
            cal.working_days_between(date!(2026 - 01 - 09), date!(2026 - 01 - 02)),
            0
        );
        let none = Calendar::default();
        assert_eq!(
            none.add_working_days(date!(2025 - 12 - 31), 1),
            date!(2026 - 01 - 01)
        );
        let e = Calendar::parse("# c\n\n2026-01-01 x\n1 May\n").unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn themes_route_to_a_lead_and_supporting_programmes() {
        let plan = Plan::embedded_2026_2028();
        let cross = plan.themes.iter().find(|t| t.is_cross_cutting()).unwrap();
        let r = route(&plan, &[(cross.id.clone(), 0.9), ("nope".into(), 1.0)]);
        assert_eq!(r.lead.as_deref(), Some(cross.lead.as_str()));
        assert_eq!(r.supporting, cross.supporting);
        assert!(r.is_cross_cutting());
        assert!(!r.out_of_plan);
        check_routing(&plan, &r).unwrap();

        let other = plan
            .themes
            .iter()
            .find(|t| t.lead != cross.lead && !cross.supporting.contains(&t.lead))
            .unwrap();
        let r = route(&plan, &[(cross.id.clone(), 0.2), (other.id.clone(), 0.8)]);
        assert_eq!(r.lead.as_deref(), Some(other.lead.as_str()));
        assert!(r.supporting.contains(&cross.lead));
        assert_eq!(r.themes, [other.id.clone(), cross.id.clone()]);

        let r = route(&plan, &[("astrology".into(), 1.0)]);
        assert!(r.out_of_plan);
        assert_eq!(r.lead, None);
        let bad = Routing {
            lead: Some("nope".into()),
            ..Routing::default()
        };
        assert_eq!(
            check_routing(&plan, &bad),
            Err(RequestError::UnknownProgramme("nope".into()))
        );
    }

    #[test]
    fn new_requests_are_checked() {
        let members = Members::embedded();
        let today = date!(2026 - 03 - 02);
        let bra = Requester::Member("BRA".into());
        let ok = Intake {
            requester: &bra,
            title: "WTO fisheries subsidies",
            text: "Please analyse the draft.",
            contact: "mission@example.org",
            forum: Some("WTO"),
            meeting: None,
            deadline: Some(today),
            attachments: &[("draft.pdf", 10)],
        };
        check_new(&members, today, &ok).unwrap();
        let err = |i: Intake<'_>| check_new(&members, today, &i).unwrap_err().code();
        assert_eq!(
            err(Intake {
                title: " ",
                ..ok.clone()
            }),
            "no_title"
        );
        let big = "x".repeat(MAX_TEXT_BYTES + 1);
        assert_eq!(
            err(Intake {
                text: &big,
                ..ok.clone()
            }),
            "text_too_large"
        );
        let xxx = Requester::Member("XXX".into());
        assert_eq!(
            err(Intake {
                requester: &xxx,
                ..ok.clone()
            }),
            "unknown_member"
        );
        let nog = Requester::Group("nope".into());
        assert_eq!(
            err(Intake {
                requester: &nog,
                ..ok.clone()
            }),
            "unknown_group"
        );
        assert_eq!(
            err(Intake {
                deadline: Some(date!(2026 - 03 - 01)),
                ..ok.clone()
            }),
            "deadline_in_past"
        );
        let huge = [("a.pdf", MAX_ATTACHMENT_BYTES + 1)];
        assert_eq!(
            err(Intake {
                attachments: &huge,
                ..ok.clone()
            }),
            "attachment_too_large"
        );
        assert_eq!(
            err(Intake {
                contact: "",
                ..ok.clone()
            }),
            "no_contact"
        );
        assert_eq!(Requester::parse_key("member:bra"), Some(bra.clone()));
        assert_eq!(bra.key(), "member:BRA");
    }

    #[test]
    fn stats_and_overdue() {
        let cal = Calendar::default();
        let t = |status, ack: Option<Date>, del: Option<Date>| Timeline {
            status,
            received: date!(2026 - 03 - 02),
            ack_due: date!(2026 - 03 - 05),
            acknowledged: ack,
            delivered: del,
        };
        let s = response_stats(
            &cal,
            date!(2026 - 03 - 20),
            &[
                t(
                    Status::Delivered,
                    Some(date!(2026 - 03 - 03)),
                    Some(date!(2026 - 03 - 09)),
                ),
                t(Status::Received, None, None),
                t(Status::Declined, Some(date!(2026 - 03 - 06)), None),
            ],
        );
        assert_eq!((s.total, s.open, s.delivered, s.declined), (3, 1, 1, 1));
        assert_eq!(s.mean_days_to_acknowledge, Some(2.5));
        assert_eq!(s.mean_days_to_deliver, Some(5.0));
        assert_eq!(s.late_acknowledgements, 2);
        let d = date!(2026 - 03 - 05);
        assert!(!is_overdue(Status::Received, d, None, d));
        assert!(is_overdue(Status::Received, d, None, d + Duration::days(1)));
        assert!(is_overdue(
            Status::Assigned,
            d + Duration::days(9),
            Some(d),
            d + Duration::days(1)
        ));
        assert!(!is_overdue(
            Status::Delivered,
            d,
            Some(d),
            d + Duration::days(1)
        ));
    }
}
