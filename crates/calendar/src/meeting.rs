//! Meetings: when and where, in which forum, their status, themes, the
//! Centre's role, a preparation checklist and links to requests and outputs.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// Where a meeting is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Confirmed,
    Postponed,
    Cancelled,
    Held,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Confirmed,
        Status::Postponed,
        Status::Cancelled,
        Status::Held,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Confirmed => "confirmed",
            Status::Postponed => "postponed",
            Status::Cancelled => "cancelled",
            Status::Held => "held",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// What the Centre does at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CentreRole {
    Statement,
    SideEvent,
    Briefing,
    DelegationsSupported,
}

impl CentreRole {
    pub const ALL: [CentreRole; 4] = [
        CentreRole::Statement,
        CentreRole::SideEvent,
        CentreRole::Briefing,
        CentreRole::DelegationsSupported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CentreRole::Statement => "statement",
            CentreRole::SideEvent => "side-event",
            CentreRole::Briefing => "briefing",
            CentreRole::DelegationsSupported => "delegations-supported",
        }
    }

    pub fn parse(s: &str) -> Option<CentreRole> {
        CentreRole::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// One thing to prepare for a meeting. Items are the Centre's internal
/// preparation unless `public` (stored items without the flag are
/// internal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub text: String,
    pub done: bool,
    #[serde(default)]
    pub public: bool,
}

impl ChecklistItem {
    /// A new, open, internal item.
    pub fn internal(text: impl Into<String>) -> ChecklistItem {
        ChecklistItem {
            text: text.into(),
            done: false,
            public: false,
        }
    }
}

/// What a link points to. Links are checked against the requests and
/// outputs aggregates by the caller; the calendar keeps only ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    Request,
    Output,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Request => "request",
            LinkKind::Output => "output",
        }
    }

    pub fn parse(s: &str) -> Option<LinkKind> {
        match s.trim() {
            "request" => Some(LinkKind::Request),
            "output" => Some(LinkKind::Output),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub id: i64,
}

/// When a meeting takes place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// From `start` to `end`, wall-clock times in the IANA zone `tz`
    /// (`UTC` for times given in UTC).
    Timed {
        start: DateTime,
        end: DateTime,
        tz: String,
    },
    /// Whole days, `first` to `last` inclusive.
    AllDay { first: Date, last: Date },
}

impl When {
    /// The zone of a timed meeting (UTC for all-day ones).
    pub fn zone(&self) -> Result<TimeZone, MeetingError> {
        match self {
            When::Timed { tz, .. } => zone(tz),
            When::AllDay { .. } => Ok(TimeZone::UTC),
        }
    }

    /// The instant the meeting starts (all-day: midnight UTC).
    pub fn start_instant(&self) -> Timestamp {
        match self {
            When::Timed { start, tz, .. } => instant(*start, tz),
            When::AllDay { first, .. } => {
                instant(first.to_datetime(jiff::civil::Time::midnight()), "UTC")
            }
        }
    }

    /// The instant the meeting ends (all-day: midnight UTC after the last day).
    pub fn end_instant(&self) -> Timestamp {
        match self {
            When::Timed { end, tz, .. } => instant(*end, tz),
            When::AllDay { last, .. } => instant(
                last.checked_add(1.day())
                    .unwrap_or(*last)
                    .to_datetime(jiff::civil::Time::midnight()),
                "UTC",
            ),
        }
    }

    /// The first day, as the meeting's own calendar reads it.
    pub fn first_day(&self) -> Date {
        match self {
            When::Timed { start, .. } => start.date(),
            When::AllDay { first, .. } => *first,
        }
    }

    pub fn is_all_day(&self) -> bool {
        matches!(self, When::AllDay { .. })
    }
}

/// The zone named `name` in the bundled tz database.
pub fn zone(name: &str) -> Result<TimeZone, MeetingError> {
    if name.eq_ignore_ascii_case("UTC") || name == "Etc/UTC" || name == "Z" {
        return Ok(TimeZone::UTC);
    }
    TimeZone::get(name).map_err(|_| MeetingError::UnknownTimeZone(name.to_string()))
}

/// The instant of a wall-clock time in zone `tz` (unknown zones: as UTC;
/// validation refuses them first). In a DST gap or overlap the earlier
/// reading wins, as most calendar clients do.
fn instant(dt: DateTime, tz: &str) -> Timestamp {
    let z = zone(tz).unwrap_or(TimeZone::UTC);
    z.to_ambiguous_timestamp(dt)
        .compatible()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A meeting as written (everything but the store's id and links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingData {
    /// The iCalendar UID; unique across the calendar.
    pub uid: String,
    /// UID of the recurring series this meeting is an occurrence of.
    pub series: Option<String>,
    /// Id of a body (`data/forums.toml`), if known.
    pub body: Option<String>,
    pub title: String,
    /// The agenda, or a description.
    pub agenda: String,
    pub when: When,
    pub venue: Option<String>,
    /// Address of the online meeting, if it is (also) online.
    pub online_url: Option<String>,
    /// Languages of the meeting (`en`, `fr`, `es`, `zh`, `ar`, `ru`).
    pub languages: Vec<String>,
    pub status: Status,
    /// Ids of the plan's themes.
    pub themes: Vec<String>,
    pub roles: Vec<CentreRole>,
    pub checklist: Vec<ChecklistItem>,
}

/// A stored meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub data: MeetingData,
    pub links: Vec<Link>,
}

/// The languages meetings are held in: the six of the United Nations.
pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Why a meeting cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("the UID is empty")]
    EmptyUid,
    #[error("the title is empty")]
    EmptyTitle,
    #[error("it ends ({end}) before it starts ({start})")]
    EndBeforeStart { start: String, end: String },
    #[error("unknown time zone `{0}` (use an IANA name such as Europe/Zurich)")]
    UnknownTimeZone(String),
    #[error("unknown language `{0}` (expected one of ar, zh, en, fr, ru, es)")]
    UnknownLanguage(String),
    #[error("the online link `{0}` is not a web address (https://… or http://…)")]
    NotAWebAddress(String),
}

/// Whether `s` is an absolute `http(s)://` address with a host and no
/// space or control character: the only links a meeting page makes live.
pub fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

impl MeetingData {
    /// Checks the meeting's rules and tidies it (trims, sorts and
    /// deduplicates the lists).
    pub fn validate(&mut self) -> Result<(), MeetingError> {
        self.uid = self.uid.trim().to_string();
        self.title = self.title.trim().to_string();
        if self.uid.is_empty() {
            return Err(MeetingError::EmptyUid);
        }
        if self.title.is_empty() {
            return Err(MeetingError::EmptyTitle);
        }
        for v in [&mut self.venue, &mut self.online_url, &mut self.body] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *v = None;
            }
        }
        if let Some(u) = &mut self.online_url {
            *u = u.trim().to_string();
            if !is_web_address(u) {
                return Err(MeetingError::NotAWebAddress(u.chars().take(200).collect()));
            }
        }
        match &self.when {
            When::Timed { start, end, tz } => {
                zone(tz)?;
                if end < start {
                    return Err(MeetingError::EndBeforeStart {
                        start: format!("{start} {tz}"),
                        end: format!("{end} {tz}"),
                    });
                }
            }
            When::AllDay { first, last } => {
                if last < first {
                    return Err(MeetingError::EndBeforeStart {
                        start: first.to_string(),
                        end: last.to_string(),
                    });
                }
            }
        }
        for l in &mut self.languages {
            *l = l.trim().to_ascii_lowercase();
            if !LANGUAGES.contains(&l.as_str()) {
                return Err(MeetingError::UnknownLanguage(l.clone()));
            }
        }
        self.languages
            .sort_by_key(|l| LANGUAGES.iter().position(|x| x == l));
        self.languages.dedup();
        self.themes
            .iter_mut()
            .for_each(|t| *t = t.trim().to_string());
        self.themes.retain(|t| !t.is_empty());
        self.themes.sort();
        self.themes.dedup();
        self.roles.sort();
        self.roles.dedup();
        self.checklist.retain(|i| !i.text.trim().is_empty());
        Ok(())
    }

    /// Adds the themes of the meeting's body (`forums`) and those `tagged`
    /// from its title and agenda (by the tagger) to the themes given.
    pub fn add_themes(&mut self, forums: &crate::Forums, tagged: impl IntoIterator<Item = String>) {
        if let Some(b) = self.body.as_deref().and_then(|b| forums.body(b)) {
            self.themes.extend(b.themes.iter().cloned());
        }
        self.themes.extend(tagged);
        self.themes.sort();
        self.themes.dedup();
    }

    /// The checklist items a reader sees, with their index in the whole
    /// list: every item for those who may see the Centre's internal
    /// preparation (`internal`), else the public ones only.
    pub fn checklist_for(&self, internal: bool) -> Vec<(usize, &ChecklistItem)> {
        self.checklist
            .iter()
            .enumerate()
            .filter(|(_, i)| internal || i.public)
            .collect()
    }

    /// The text the tagger reads to find the meeting's themes.
    pub fn text_to_tag(&self) -> String {
        format!("{}\n{}", self.title, self.agenda)
    }

    /// How the meeting is named in error messages: its UID and title.
    pub fn describe(&self) -> String {
        format!("{:?} ({})", self.uid, self.title)
    }

    /// This stored meeting as a new reading of its calendar says it is now,
    /// or `None` when the calendar says nothing new. The calendar owns what
    /// it publishes (series, body, title, agenda, times, venue, online
    /// address, languages, status); the Centre's own work on the meeting
    /// stays: its roles, its checklist, and the themes staff added (themes
    /// found in the new reading are added to them, none is taken away).
    pub fn refreshed_by(&self, calendar: &MeetingData) -> Option<MeetingData> {
        let mut themes = self.themes.clone();
        themes.extend(calendar.themes.iter().cloned());
        themes.sort();
        themes.dedup();
        let next = MeetingData {
            uid: self.uid.clone(),
            series: calendar.series.clone(),
            body: calendar.body.clone(),
            title: calendar.title.clone(),
            agenda: calendar.agenda.clone(),
            when: calendar.when.clone(),
            venue: calendar.venue.clone(),
            online_url: calendar.online_url.clone(),
            languages: calendar.languages.clone(),
            status: calendar.status,
            themes,
            roles: self.roles.clone(),
            checklist: self.checklist.clone(),
        };
        (next != *self).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    pub(crate) fn sample() -> MeetingData {
        MeetingData {
            uid: "m1@southcentre.int".into(),
            series: None,
            body: Some("wipo-sccr".into()),
            title: " SCCR 48 ".into(),
            agenda: "Broadcasting treaty".into(),
            when: When::Timed {
                start: date(2026, 3, 10).at(10, 0, 0, 0),
                end: date(2026, 3, 10).at(13, 0, 0, 0),
                tz: "Europe/Zurich".into(),
            },
            venue: Some("Geneva".into()),
            online_url: Some(" ".into()),
            languages: vec!["FR".into(), "en".into(), "en".into()],
            status: Status::Planned,
            themes: vec!["ip".into(), "digital".into(), "ip".into()],
            roles: vec![CentreRole::Statement],
            checklist: vec![],
        }
    }

    #[test]
    fn a_new_reading_of_the_calendar_keeps_the_centres_work() {
        let mut stored = sample();
        stored.validate().unwrap();
        stored.checklist = vec![ChecklistItem {
            text: "Brief the Group".into(),
            done: true,
            public: false,
        }];
        assert_eq!(stored.refreshed_by(&stored.clone()), None, "nothing new");

        // The calendar moved the meeting and cancelled it, knows no roles,
        // no checklist and fewer themes.
        let mut reading = stored.clone();
        reading.when = When::Timed {
            start: date(2026, 3, 12).at(15, 0, 0, 0),
            end: date(2026, 3, 12).at(18, 0, 0, 0),
            tz: "Europe/Zurich".into(),
        };
        reading.status = Status::Cancelled;
        reading.title = "SCCR 48 (postponed)".into();
        reading.themes = vec!["health".into()];
        reading.roles = vec![];
        reading.checklist = vec![];
        let next = stored.refreshed_by(&reading).expect("changed");
        assert_eq!(next.when, reading.when);
        assert_eq!(next.status, Status::Cancelled);
        assert_eq!(next.title, "SCCR 48 (postponed)");
        assert_eq!(next.themes, ["digital", "health", "ip"]);
        assert_eq!(next.roles, stored.roles);
        assert_eq!(next.checklist, stored.checklist);
        assert_eq!(next.uid, stored.uid);

        // Themes the Centre already has are nothing new.
        let mut same = stored.clone();
        same.themes = vec!["ip".into()];
        same.roles = vec![];
        assert_eq!(stored.refreshed_by(&same), None);
    }

    #[test]
    fn internal_checklist_items_are_for_the_secretariat_only() {
        let mut m = sample();
        m.checklist = vec![
            ChecklistItem::internal("Draft the statement"),
            ChecklistItem {
                text: "Side event open to delegates".into(),
                done: false,
                public: true,
            },
        ];
        let texts = |v: Vec<(usize, &ChecklistItem)>| -> Vec<(usize, String)> {
            v.into_iter().map(|(i, c)| (i, c.text.clone())).collect()
        };
        assert_eq!(
            texts(m.checklist_for(false)),
            [(1, "Side event open to delegates".to_string())]
        );
        assert_eq!(m.checklist_for(true).len(), 2);
        // Stored items written before the flag existed are internal.
        let old: ChecklistItem =
            serde_json::from_str(r#"{"text": "Old item", "done": true}"#).unwrap();
        assert!(!old.public);
    }

    #[test]
    fn validation_tidies_and_refuses() {
        let mut m = sample();
        m.validate().unwrap();
        assert_eq!(m.title, "SCCR 48");
        assert_eq!(m.online_url, None);
        assert_eq!(m.languages, ["en", "fr"]);
        assert_eq!(m.themes, ["digital", "ip"]);
        assert_eq!(
            m.when.start_instant().to_string(),
            "2026-03-10T09:00:00Z",
            "CET in March"
        );

        let mut bad = sample();
        bad.when = When::Timed {
            start: date(2026, 3, 10).at(10, 0, 0, 0),
            end: date(2026, 3, 10).at(9, 0, 0, 0),
            tz: "Europe/Zurich".into(),
        };
        assert!(matches!(
            bad.validate(),
            Err(MeetingError::EndBeforeStart { .. })
        ));
        let mut bad = sample();
        bad.when = When::Timed {
            start: date(2026, 3, 10).at(10, 0, 0, 0),
            end: date(2026, 3, 10).at(11, 0, 0, 0),
            tz: "Europe/Geneva-ish".into(),
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "unknown time zone `Europe/Geneva-ish` (use an IANA name such as Europe/Zurich)"
        );
        let mut bad = sample();
        bad.languages = vec!["xx".into()];
        assert!(matches!(
            bad.validate(),
            Err(MeetingError::UnknownLanguage(_))
        ));
    }

    #[test]
    fn geneva_at_ten_is_nine_utc_in_winter_and_eight_in_summer() {
        let at = |m, d| When::Timed {
            start: date(2026, m, d).at(10, 0, 0, 0),
            end: date(2026, m, d).at(11, 0, 0, 0),
            tz: "Europe/Zurich".into(),
        };
        assert_eq!(
            at(3, 10).start_instant().to_string(),
            "2026-03-10T09:00:00Z"
        );
        assert_eq!(
            at(6, 10).start_instant().to_string(),
            "2026-06-10T08:00:00Z"
        );
        assert_eq!(
            at(11, 10).start_instant().to_string(),
            "2026-11-10T09:00:00Z"
        );
    }
}
