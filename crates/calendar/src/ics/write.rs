//! Writing feeds: RFC 5545 with a VTIMEZONE for every zone used.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::tz::Offset;

use super::{escape_text, fold_into};
use crate::meeting::{Meeting, Status, When, zone};

/// What a feed says about itself.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    /// `X-WR-CALNAME`.
    pub name: &'a str,
    /// The site's address (`https://desk.example`), for each event's URL.
    pub base_url: Option<&'a str>,
    /// `DTSTAMP` of every event.
    pub now: Timestamp,
}

fn offset_text(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn utc_text(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A VTIMEZONE for `name` covering `from`..`to`: the offset in force at
/// `from`, then each transition, as observances with fixed DTSTARTs (no
/// rules to interpret, so any client reads them alike).
fn vtimezone(out: &mut String, name: &str, from: Timestamp, to: Timestamp) {
    let Ok(tz) = zone(name) else { return };
    let line = |out: &mut String, l: &str| fold_into(out, l);
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{name}"));
    let info = tz.to_offset_info(from);
    let first = info.offset();
    let kind = |dst: bool| if dst { "DAYLIGHT" } else { "STANDARD" };
    let obs = |out: &mut String, dst: bool, start: String, from: Offset, to: Offset, abbr: &str| {
        line(out, &format!("BEGIN:{}", kind(dst)));
        line(out, &format!("DTSTART:{start}"));
        line(out, &format!("TZOFFSETFROM:{}", offset_text(from)));
        line(out, &format!("TZOFFSETTO:{}", offset_text(to)));
        if !abbr.is_empty() {
            line(out, &format!("TZNAME:{}", escape_text(abbr)));
        }
        line(out, &format!("END:{}", kind(dst)));
    };
    obs(
        out,
        info.dst().is_dst(),
        first
            .to_datetime(from)
            .strftime("%Y%m%dT%H%M%S")
            .to_string(),
        first,
        first,
        info.abbreviation(),
    );
    let mut before = first;
    for t in tz.following(from) {
        if t.timestamp() > to {
            break;
        }
        // DTSTART of an observance is the local time before the change.
        let local = before.to_datetime(t.timestamp());
        obs(
            out,
            t.dst().is_dst(),
            local.strftime("%Y%m%dT%H%M%S").to_string(),
            before,
            t.offset(),
            t.abbreviation(),
        );
        before = t.offset();
    }
    line(out, "END:VTIMEZONE");
}

fn ical_status(s: Status) -> &'static str {
    match s {
        Status::Planned | Status::Postponed => "TENTATIVE",
        Status::Confirmed | Status::Held => "CONFIRMED",
        Status::Cancelled => "CANCELLED",
    }
}

/// The meetings as an iCalendar feed (RFC 5545): CRLF line ends, lines
/// folded at 75 octets, times in the meeting's own zone with its
/// VTIMEZONE (or UTC), all-day meetings as dates.
pub fn write_ics(feed: &Feed<'_>, meetings: &[Meeting]) -> String {
    let mut out = String::new();
    let line = |out: &mut String, l: &str| fold_into(out, l);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//South Centre//southdesk//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(feed.name)),
    );

    // One VTIMEZONE per zone, covering its meetings with a year to spare.
    let zones: BTreeSet<&str> = meetings
        .iter()
        .filter_map(|m| match &m.data.when {
            When::Timed { tz, .. } if tz != "UTC" && zone(tz).is_ok() => Some(tz.as_str()),
            _ => None,
        })
        .collect();
    for name in zones {
        let of_zone = meetings
            .iter()
            .filter(|m| matches!(&m.data.when, When::Timed { tz, .. } if tz == name));
        let from = of_zone.clone().map(|m| m.data.when.start_instant()).min();
        let to = of_zone.map(|m| m.data.when.end_instant()).max();
        if let (Some(from), Some(to)) = (from, to) {
            let from = from
                .checked_sub(jiff::SignedDuration::from_hours(24 * 366))
                .unwrap_or(from);
            let to = to
                .checked_add(jiff::SignedDuration::from_hours(24 * 366))
                .unwrap_or(to);
            vtimezone(&mut out, name, from, to);
        }
    }

    let stamp = utc_text(feed.now);
    for m in meetings {
        let d = &m.data;
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape_text(&d.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        match &d.when {
            When::Timed { tz, .. } if tz == "UTC" || zone(tz).is_err() => {
                line(
                    &mut out,
                    &format!("DTSTART:{}", utc_text(d.when.start_instant())),
                );
                line(
                    &mut out,
                    &format!("DTEND:{}", utc_text(d.when.end_instant())),
                );
            }
            When::Timed { start, end, tz } => {
                line(
                    &mut out,
                    &format!("DTSTART;TZID={tz}:{}", start.strftime("%Y%m%dT%H%M%S")),
                );
                line(
                    &mut out,
                    &format!("DTEND;TZID={tz}:{}", end.strftime("%Y%m%dT%H%M%S")),
                );
            }
            When::AllDay { first, last } => {
                let after = last.tomorrow().unwrap_or(*last);
                line(
                    &mut out,
                    &format!("DTSTART;VALUE=DATE:{}", first.strftime("%Y%m%d")),
                );
                line(
                    &mut out,
                    &format!("DTEND;VALUE=DATE:{}", after.strftime("%Y%m%d")),
                );
            }
        }
        line(&mut out, &format!("SUMMARY:{}", escape_text(&d.title)));
        if !d.agenda.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape_text(&d.agenda)));
        }
        if let Some(v) = &d.venue {
            line(&mut out, &format!("LOCATION:{}", escape_text(v)));
        }
        if let Some(base) = feed.base_url {
            line(
                &mut out,
                &format!("URL:{}/meetings/{}", base.trim_end_matches('/'), m.id),
            );
        }
        line(&mut out, &format!("STATUS:{}", ical_status(d.status)));
        if !d.themes.is_empty() {
            let cats: Vec<String> = d.themes.iter().map(|t| escape_text(t)).collect();
            line(&mut out, &format!("CATEGORIES:{}", cats.join(",")));
        }
        if let Some(b) = &d.body {
            line(&mut out, &format!("X-SOUTHDESK-BODY:{}", escape_text(b)));
        }
        line(
            &mut out,
            &format!("X-SOUTHDESK-STATUS:{}", d.status.as_str()),
        );
        if !d.languages.is_empty() {
            line(
                &mut out,
                &format!("X-SOUTHDESK-LANGUAGES:{}", d.languages.join(",")),
            );
        }
        if !d.roles.is_empty() {
            let roles: Vec<&str> = d.roles.iter().map(|r| r.as_str()).collect();
            line(&mut out, &format!("X-SOUTHDESK-ROLES:{}", roles.join(",")));
        }
        if let Some(u) = &d.online_url {
            line(&mut out, &format!("X-SOUTHDESK-ONLINE:{}", escape_text(u)));
        }
        if let Some(s) = &d.series {
            line(&mut out, &format!("X-SOUTHDESK-SERIES:{}", escape_text(s)));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}
