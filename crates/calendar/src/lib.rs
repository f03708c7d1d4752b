//! The negotiations calendar: the bodies of the forums the plan names
//! ([`forums`]), meetings with their time zones, status, themes, the
//! Centre's role, preparation checklist and links ([`meeting`]), and
//! iCalendar (RFC 5545) in both directions ([`ics`]): a parser for imports
//! (line unfolding, escaping, `TZID` with `VTIMEZONE` or IANA names,
//! `DTSTART`/`DTEND`/`DURATION`, all-day dates, `RRULE` and `EXDATE`) and a
//! writer for feeds (`VTIMEZONE` per zone used, CRLF, 75-octet folding).
//!
//! This crate does no I/O: functions take text and return values. Time
//! zones come from the tz database bundled into the binary by `jiff`, so
//! results do not depend on the machine's `/usr/share/zoneinfo`.

pub mod forums;
pub mod ics;
pub mod meeting;
mod rrule;

pub use forums::{Body, Forums, ForumsError};
pub use ics::{IcsError, parse_ics, write_ics};
pub use meeting::{
    CentreRole, ChecklistItem, Link, LinkKind, Meeting, MeetingData, MeetingError, Status, When,
    is_web_address,
};
