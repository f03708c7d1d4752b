//! Recurrence rules (RFC 5545 §3.3.10), expanded by the `rrule` crate: every
//! `FREQ`, `INTERVAL`, `COUNT`, `UNTIL`, `BYSECOND`, `BYMINUTE`, `BYHOUR`,
//! `BYDAY` (with ordinals), `BYMONTHDAY` (negative too), `BYYEARDAY`,
//! `BYWEEKNO`, `BYMONTH`, `BYSETPOS` and `WKST`. Parts outside RFC 5545 are
//! refused with a message, never silently ignored.
//!
//! What stays here: reading `COUNT` and `UNTIL` (an `UNTIL` may be a date, a
//! floating time or a UTC time, read by the caller in the series' zone; the
//! crate would read a floating one in the machine's zone), the bounds on a
//! series (at most [`MAX_OCCURRENCES`], open-ended rules cut at
//! [`OPEN_ENDED_YEARS`]), DTSTART as the first occurrence whatever the rule
//! says (RFC 5545 §3.8.5.3), and the conversions between `jiff` and
//! `chrono`: the series is handed to the crate in its own IANA zone, and its
//! occurrences come back as wall-clock times in that zone, read by `jiff`.
//! Nothing here ever names the machine's local zone (`rrule::Tz::LOCAL`).

use std::str::FromStr;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::meeting::zone;

/// A rule without `COUNT` or `UNTIL` is expanded this many years ahead.
pub const OPEN_ENDED_YEARS: i16 = 2;
/// At most this many occurrences per series.
pub const MAX_OCCURRENCES: usize = 1000;

/// Where a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Compared with each occurrence's wall-clock start.
    Local(DateTime),
    /// Compared with each occurrence's day.
    Day(Date),
    /// Compared with each occurrence's instant (a UTC time).
    Utc(DateTime),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule {
    /// The rule as the crate reads it, without `COUNT` and `UNTIL`, which
    /// are applied here.
    rule: rrule::RRule<rrule::Unvalidated>,
    count: Option<usize>,
    pub until: Option<Until>,
}

/// Parts of RFC 5545 handed to the crate as they are.
const BY_PARTS: [&str; 10] = [
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
];

const FREQS: [&str; 7] = [
    "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY",
];

/// The crate's message, without its own prefix.
fn message(e: rrule::RRuleError) -> String {
    let m = match e {
        rrule::RRuleError::ParserError(e) => e.to_string(),
        rrule::RRuleError::ValidationError(e) => e.to_string(),
        rrule::RRuleError::IterError(m) => m,
    };
    format!("RRULE is not valid: {m}")
}

/// `MO`…`SU`, optionally after a signed ordinal of one or two digits
/// (`1MO`, `-2FR`, `+53SU`), as RFC 5545's `weekdaynum`.
fn is_weekday(d: &str) -> bool {
    const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let Some(day) = d.get(d.len().saturating_sub(2)..) else {
        return false;
    };
    let ordinal = &d[..d.len() - day.len()];
    let digits = ordinal.strip_prefix(['+', '-']).unwrap_or(ordinal);
    DAYS.contains(&day)
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (ordinal.is_empty() || digits.parse::<u8>().is_ok_and(|n| (1..=53).contains(&n)))
}

impl RRule {
    /// Parses the value of an `RRULE`. `until` reads the `UNTIL` value.
    pub fn parse(
        value: &str,
        until: impl Fn(&str) -> Result<Until, String>,
    ) -> Result<RRule, String> {
        let mut kept: Vec<String> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut count = None;
        let mut until_at = None;
        let mut freq = None;
        let mut ordinal_day = false;
        for part in value.split(';').filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("RRULE part `{part}` has no `=`"))?;
            let key = k.trim().to_ascii_uppercase();
            let v = v.trim();
            if seen.contains(&key) {
                return Err(format!("RRULE part {key} is given twice"));
            }
            seen.push(key.clone());
            match key.as_str() {
                "FREQ" => {
                    let f = v.to_ascii_uppercase();
                    if !FREQS.contains(&f.as_str()) {
                        return Err(format!("RRULE FREQ={v} is not a frequency"));
                    }
                    kept.push(format!("FREQ={f}"));
                    freq = Some(f);
                }
                "INTERVAL" => {
                    let n: u16 = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(|| format!("RRULE INTERVAL={v} is not a positive number"))?;
                    kept.push(format!("INTERVAL={n}"));
                }
                "COUNT" => {
                    count = Some(
                        v.parse()
                            .ok()
                            .filter(|n| (1..=MAX_OCCURRENCES).contains(n))
                            .ok_or_else(|| {
                                format!("RRULE COUNT={v} is not between 1 and {MAX_OCCURRENCES}")
                            })?,
                    )
                }
                "UNTIL" => until_at = Some(until(v)?),
                k if BY_PARTS.contains(&k) => {
                    // The crate reads `NAME:` as a property name: no colons.
                    // Every value RFC 5545 allows here is ASCII; the crate
                    // slices bytes and would panic inside a character.
                    if v.is_empty() || v.contains(':') || !v.is_ascii() {
                        return Err(format!("RRULE part `{part}` has no valid value"));
                    }
                    let list: Vec<String> = v
                        .split(',')
                        .map(|x| x.trim().to_ascii_uppercase())
                        .collect();
                    if key == "BYDAY" {
                        if let Some(bad) = list.iter().find(|d| !is_weekday(d)) {
                            return Err(format!("RRULE BYDAY value `{bad}` is not a weekday"));
                        }
                        ordinal_day |= list.iter().any(|d| d.len() > 2);
                    }
                    kept.push(format!("{key}={}", list.join(",")));
                }
                other => return Err(format!("RRULE part {other} is not supported")),
            }
        }
        let Some(freq) = freq else {
            return Err("RRULE has no FREQ".into());
        };
        // RFC 5545 allows `BYDAY=1MO` only in monthly and yearly rules (and
        // not beside BYWEEKNO); the crate would read it as every day.
        if ordinal_day
            && (!matches!(freq.as_str(), "MONTHLY" | "YEARLY")
                || seen.iter().any(|k| k == "BYWEEKNO"))
        {
            return Err(
                "RRULE BYDAY with an ordinal is for FREQ=MONTHLY or FREQ=YEARLY only (without BYWEEKNO)"
                    .into(),
            );
        }
        if count.is_some() && until_at.is_some() {
            return Err("RRULE has both COUNT and UNTIL".into());
        }
        let rule =
            rrule::RRule::<rrule::Unvalidated>::from_str(&kept.join(";")).map_err(message)?;
        Ok(RRule {
            rule,
            count,
            until: until_at,
        })
    }

    /// The wall-clock starts of the series that begins at `start` in the
    /// zone `tz` (an IANA name; `UTC` for UTC, floating and all-day series),
    /// in order, `start` first. At most [`MAX_OCCURRENCES`] (or `COUNT`);
    /// without `COUNT` or `UNTIL`, none later than [`OPEN_ENDED_YEARS`]
    /// after `start`. Errors are rules the crate refuses with this start
    /// (say `BYWEEKNO` with `FREQ=MONTHLY`).
    pub fn expand(&self, start: DateTime, tz: &str) -> Result<Vec<DateTime>, String> {
        let z = zone(tz).unwrap_or(TimeZone::UTC);
        let limit = self.count.unwrap_or(MAX_OCCURRENCES);
        let horizon = (self.count.is_none() && self.until.is_none()).then(|| {
            start
                .date()
                .checked_add(OPEN_ENDED_YEARS.years())
                .unwrap_or(start.date())
        });
        let instant = |dt: DateTime| z.to_ambiguous_timestamp(dt).compatible().ok();
        // The exact test of each occurrence; the crate is given a looser bound.
        let within = |dt: DateTime| match (self.until, horizon) {
            (Some(Until::Local(u)), _) => dt <= u,
            (Some(Until::Day(d)), _) => dt.date() <= d,
            (Some(Until::Utc(u)), _) => {
                instant(dt).is_some_and(|ts| TimeZone::UTC.to_datetime(ts) <= u)
            }
            (None, Some(h)) => dt.date() <= h,
            (None, None) => true,
        };
        // The last wall-clock time the crate must reach, a day past the
        // bound so that no DST shift cuts an occurrence `within` keeps.
        let bound = match (self.until, horizon) {
            (Some(Until::Local(u)), _) => Some(u),
            (Some(Until::Day(d)), _) | (None, Some(d)) => Some(d.to_datetime(Time::MAX)),
            (Some(Until::Utc(u)), _) => {
                Offset::UTC.to_timestamp(u).ok().map(|ts| z.to_datetime(ts))
            }
            (None, None) => None,
        };
        if bound.is_some_and(|b| b < start) {
            return Ok(vec![start]);
        }
        let bound = bound.map(|b| b.checked_add(1.day()).unwrap_or(b));

        let zoned = chrono_tz::Tz::from_str(tz)
            .ok()
            .and_then(|ctz| self.zoned(start, &z, ctz, bound, limit).transpose());
        let occurrences = match zoned {
            Some(found) => found?,
            None => self.floating(start, &z, bound, limit)?,
        };

        let mut out = vec![start];
        // Compared as instants: a start in a DST gap is kept as the file
        // gives it, and the crate's copy of it reads as the time after the gap.
        let mut last = instant(start);
        for dt in occurrences {
            let at = instant(dt);
            if at <= last {
                continue;
            }
            last = at;
            if !within(dt) {
                break;
            }
            out.push(dt);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// The series expanded by the crate in its IANA zone, read back as
    /// wall-clock times by `jiff`; `None` where this is not faithful and the
    /// series is expanded as floating wall-clock times instead:
    ///
    /// - `start` does not exist in the zone (a DST gap), or `chrono-tz`
    ///   reads the zone otherwise than `jiff` there (another tz database
    ///   release): the crate would move every occurrence to the time it
    ///   reads, not keep the one the file gives;
    /// - the zone's clocks skip or repeat a midnight within the series
    ///   (America/Santiago, Africa/Cairo, America/Havana, …): the crate
    ///   places a time it cannot read once from that day's midnight, and
    ///   drops the occurrence when midnight itself is skipped or repeated.
    ///
    /// The crate steps through wall-clock time in both cases, so a floating
    /// expansion gives the same times, and `jiff` places each in the zone as
    /// everywhere else in this crate.
    fn zoned(
        &self,
        start: DateTime,
        z: &TimeZone,
        ctz: chrono_tz::Tz,
        bound: Option<DateTime>,
        limit: usize,
    ) -> Result<Option<Vec<DateTime>>, String> {
        let ctz = rrule::Tz::Tz(ctz);
        let at = |dt: DateTime| -> Option<chrono::DateTime<rrule::Tz>> {
            let ts = z.to_ambiguous_timestamp(dt).compatible().ok()?;
            Some(to_chrono(ts)?.with_timezone(&ctz))
        };
        let Some(first) = at(start).filter(|c| c.naive_local() == naive(start)) else {
            return Ok(None);
        };
        let until = match bound {
            Some(b) => match at(b) {
                Some(u) => Some(u.with_timezone(&rrule::Tz::UTC)),
                None => return Ok(None),
            },
            None => None,
        };
        let found = run(&self.rule, first, until, limit)?;
        let found: Vec<Timestamp> = found.iter().filter_map(ts_of).collect();
        let Some(from) = ts_of(&first) else {
            return Ok(None);
        };
        let to = bound
            .and_then(|b| z.to_ambiguous_timestamp(b).compatible().ok())
            .or(found.last().copied())
            .unwrap_or(from);
        if moves_midnight(z, from, to) {
            return Ok(None);
        }
        Ok(Some(
            found.into_iter().map(|ts| z.to_datetime(ts)).collect(),
        ))
    }

    /// The series expanded as wall-clock times (a UTC frame in the crate):
    /// floating, UTC and all-day series, and zones the crate cannot be
    /// handed faithfully (see [`RRule::zoned`]). A time a DST gap skips in
    /// `z` is read as `jiff` reads it (the time after the gap), as the
    /// crate does in [`RRule::zoned`].
    fn floating(
        &self,
        start: DateTime,
        z: &TimeZone,
        bound: Option<DateTime>,
        limit: usize,
    ) -> Result<Vec<DateTime>, String> {
        let frame = |dt: DateTime| naive(dt).and_utc().with_timezone(&rrule::Tz::UTC);
        let found = run(&self.rule, frame(start), bound.map(frame), limit)?;
        Ok(found
            .iter()
            .filter_map(|c| civil(c.naive_local()))
            .map(|dt| match z.to_ambiguous_timestamp(dt).compatible() {
                Ok(ts) => z.to_datetime(ts),
                Err(_) => dt,
            })
            .collect())
    }
}

/// The crate's occurrences from `first` (a few more than `limit`, for the
/// start the caller adds and an occurrence the wall clock repeats).
fn run(
    rule: &rrule::RRule<rrule::Unvalidated>,
    first: chrono::DateTime<rrule::Tz>,
    until: Option<chrono::DateTime<rrule::Tz>>,
    limit: usize,
) -> Result<Vec<chrono::DateTime<rrule::Tz>>, String> {
    let mut rule = rule.clone();
    if let Some(u) = until {
        rule = rule.until(u);
    }
    let set = rule.build(first).map_err(message)?;
    let want = u16::try_from(limit + 2).unwrap_or(u16::MAX);
    // `all` bounds the crate's work: at most `want` occurrences, and it
    // stops looking after 100 000 steps of the rule's frequency without one
    // (a step skips a whole day that cannot match), as our own expander
    // did after 100 000 periods.
    Ok(set.all(want).dates)
}

fn ts_of(c: &chrono::DateTime<rrule::Tz>) -> Option<Timestamp> {
    Timestamp::new(c.timestamp(), c.timestamp_subsec_nanos() as i32).ok()
}

fn to_chrono(ts: Timestamp) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(ts.as_second(), ts.subsec_nanosecond().unsigned_abs())
}

fn naive(dt: DateTime) -> chrono::NaiveDateTime {
    // jiff's civil range (years -9999..=9999) is within chrono's.
    chrono::NaiveDate::from_ymd_opt(dt.year().into(), dt.month() as u32, dt.day() as u32)
        .and_then(|d| {
            d.and_hms_nano_opt(
                dt.hour() as u32,
                dt.minute() as u32,
                dt.second() as u32,
                dt.subsec_nanosecond() as u32,
            )
        })
        .unwrap_or_default()
}

fn civil(n: chrono::NaiveDateTime) -> Option<DateTime> {
    use chrono::{Datelike, Timelike};
    DateTime::new(
        i16::try_from(n.year()).ok()?,
        n.month() as i8,
        n.day() as i8,
        n.hour() as i8,
        n.minute() as i8,
        n.second() as i8,
        i32::try_from(n.nanosecond()).ok()?,
    )
    .ok()
}

/// Whether a transition of `z` between `from` and `to` skips or repeats
/// a local midnight.
fn moves_midnight(z: &TimeZone, from: Timestamp, to: Timestamp) -> bool {
    for t in z.following(from.saturating_sub(1.nanosecond()).unwrap_or(from)) {
        if t.timestamp() > to {
            break;
        }
        let Ok(just_before) = t.timestamp().checked_sub(1.nanosecond()) else {
            continue;
        };
        let (old, new) = (z.to_offset(just_before), t.offset());
        let (lo, hi) = if old <= new { (old, new) } else { (new, old) };
        // Local times from `lo` to `hi` at the transition are skipped or repeated.
        let a = lo.to_datetime(t.timestamp());
        let b = hi.to_datetime(t.timestamp());
        let midnight = if a.time() == Time::midnight() {
            Some(a)
        } else {
            a.date()
                .tomorrow()
                .ok()
                .map(|d| d.to_datetime(Time::midnight()))
        };
        if midnight.is_some_and(|m| m < b) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn rule(rule: &str) -> RRule {
        RRule::parse(rule, |v| {
            Ok(Until::Day(
                Date::strptime("%Y%m%d", &v[..8]).map_err(|e| e.to_string())?,
            ))
        })
        .unwrap()
    }

    fn expand_in(r: &str, start: DateTime, tz: &str) -> Vec<String> {
        rule(r)
            .expand(start, tz)
            .unwrap()
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    fn expand(r: &str, start: DateTime) -> Vec<String> {
        expand_in(r, start, "UTC")
    }

    #[test]
    fn weekly_by_day_with_count() {
        // Monday 2 March 2026.
        let got = expand(
            "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4",
            date(2026, 3, 2).at(10, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-03-02T10:00:00",
                "2026-03-04T10:00:00",
                "2026-03-09T10:00:00",
                "2026-03-11T10:00:00"
            ]
        );
    }

    #[test]
    fn daily_until_and_interval() {
        let got = expand(
            "FREQ=DAILY;INTERVAL=2;UNTIL=20260307",
            date(2026, 3, 1).at(9, 0, 0, 0),
        );
        assert_eq!(got.len(), 4, "{got:?}"); // 1, 3, 5, 7
        assert_eq!(got[3], "2026-03-07T09:00:00");
    }

    #[test]
    fn monthly_by_ordinal_day_and_month_day() {
        let got = expand(
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
            date(2026, 1, 30).at(15, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-01-30T15:00:00",
                "2026-02-27T15:00:00",
                "2026-03-27T15:00:00"
            ]
        );
        let got = expand("FREQ=MONTHLY;COUNT=3", date(2026, 1, 31).at(8, 0, 0, 0));
        assert_eq!(
            got,
            [
                "2026-01-31T08:00:00",
                "2026-03-31T08:00:00",
                "2026-05-31T08:00:00"
            ],
            "months without a 31st are skipped"
        );
    }

    #[test]
    fn open_ended_rules_stop_at_the_horizon() {
        let got = expand("FREQ=WEEKLY", date(2026, 1, 5).at(8, 0, 0, 0));
        assert_eq!(got.len(), 105, "two years of Mondays: {}", got.len());
        let got = expand("FREQ=HOURLY", date(2026, 1, 5).at(8, 0, 0, 0));
        assert_eq!(got.len(), MAX_OCCURRENCES, "cut at the cap");
        assert_eq!(got[MAX_OCCURRENCES - 1], "2026-02-15T23:00:00"); // 999 hours on
    }

    #[test]
    fn dtstart_is_the_first_occurrence_and_counts() {
        // Tuesday 3 March 2026, a rule of Mondays: the Tuesday, then Mondays.
        let got = expand(
            "FREQ=WEEKLY;BYDAY=MO;COUNT=3",
            date(2026, 3, 3).at(10, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-03-03T10:00:00",
                "2026-03-09T10:00:00",
                "2026-03-16T10:00:00"
            ]
        );
    }

    #[test]
    fn last_weekday_of_the_month() {
        // Last weekdays: Fri 30 Jan, Fri 27 Feb, Tue 31 Mar, Thu 30 Apr,
        // Fri 29 May 2026 (31 May is a Sunday).
        let got = expand(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=5",
            date(2026, 1, 30).at(16, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-01-30T16:00:00",
                "2026-02-27T16:00:00",
                "2026-03-31T16:00:00",
                "2026-04-30T16:00:00",
                "2026-05-29T16:00:00"
            ]
        );
    }

    #[test]
    fn week_numbers_and_year_days() {
        // ISO week 1 of 2026 starts Monday 29 Dec 2025 (1 Jan 2026 is a
        // Thursday); week 20 starts Monday 11 May 2026. Week 1 of 2027
        // starts Monday 4 Jan 2027 (1 Jan 2027 is a Friday); week 20 starts
        // Monday 17 May 2027.
        let got = expand(
            "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;COUNT=3",
            date(2026, 5, 11).at(9, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-05-11T09:00:00",
                "2027-05-17T09:00:00",
                "2028-05-15T09:00:00" // 1 Jan 2028 is a Saturday: week 1 from 3 Jan
            ]
        );
        // Day 100 of 2026 is 10 April (31+28+31 = 90 days before April);
        // day -1 is 31 December.
        let got = expand(
            "FREQ=YEARLY;BYYEARDAY=100,-1;COUNT=3",
            date(2026, 4, 10).at(9, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-04-10T09:00:00",
                "2026-12-31T09:00:00",
                "2027-04-10T09:00:00"
            ]
        );
    }

    #[test]
    fn negative_month_days_and_week_start() {
        // The day before the last of each month: 30 Jan, 27 Feb, 30 Mar.
        let got = expand(
            "FREQ=MONTHLY;BYMONTHDAY=-2;COUNT=3",
            date(2026, 1, 30).at(9, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-01-30T09:00:00",
                "2026-02-27T09:00:00",
                "2026-03-30T09:00:00"
            ]
        );
        // RFC 5545's own WKST example: from Tuesday 5 Aug 1997, every other
        // week on Tuesday and Sunday.
        let start = date(1997, 8, 5).at(9, 0, 0, 0);
        assert_eq!(
            expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start),
            [
                "1997-08-05T09:00:00",
                "1997-08-10T09:00:00",
                "1997-08-19T09:00:00",
                "1997-08-24T09:00:00"
            ]
        );
        assert_eq!(
            expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start),
            [
                "1997-08-05T09:00:00",
                "1997-08-17T09:00:00",
                "1997-08-19T09:00:00",
                "1997-08-31T09:00:00"
            ]
        );
    }

    #[test]
    fn local_time_is_kept_across_dst_in_zurich() {
        // Weekly on Fridays at 10:00 across the switch to summer time on
        // Sunday 29 March 2026: 10:00 local each week, 09:00 then 08:00 UTC.
        let z = zone("Europe/Zurich").unwrap();
        let got = rule("FREQ=WEEKLY;COUNT=3")
            .expand(date(2026, 3, 20).at(10, 0, 0, 0), "Europe/Zurich")
            .unwrap();
        let utc: Vec<String> = got
            .iter()
            .map(|dt| z.to_zoned(*dt).unwrap().timestamp().to_string())
            .collect();
        assert_eq!(
            utc,
            [
                "2026-03-20T09:00:00Z",
                "2026-03-27T09:00:00Z",
                "2026-04-03T08:00:00Z"
            ]
        );
        // Daily at 02:30 over the night the clocks skip 02:00–03:00: that
        // occurrence is at 03:30 summer time, the same instant as 02:30
        // winter time (RFC 5545 §3.3.5).
        let got = expand_in(
            "FREQ=DAILY;COUNT=3",
            date(2026, 3, 28).at(2, 30, 0, 0),
            "Europe/Zurich",
        );
        assert_eq!(
            got,
            [
                "2026-03-28T02:30:00",
                "2026-03-29T03:30:00",
                "2026-03-30T02:30:00"
            ]
        );
    }

    #[test]
    fn until_in_utc_is_compared_as_an_instant() {
        let r = RRule::parse("FREQ=DAILY;UNTIL=20260330T080000Z", |_| {
            Ok(Until::Utc(date(2026, 3, 30).at(8, 0, 0, 0)))
        })
        .unwrap();
        // 10:00 in Zurich is 08:00 UTC from 29 March: the 30th is the last.
        let got = r
            .expand(date(2026, 3, 27).at(10, 0, 0, 0), "Europe/Zurich")
            .unwrap();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[3].to_string(), "2026-03-30T10:00:00");
    }

    #[test]
    fn zones_that_skip_midnight_lose_no_occurrence() {
        // Santiago moves its clocks from 00:00 to 01:00 on Sunday 6 Sept
        // 2026: a daily 00:30 occurrence that night is 01:30 summer time.
        let got = expand_in(
            "FREQ=DAILY;COUNT=3",
            date(2026, 9, 5).at(0, 30, 0, 0),
            "America/Santiago",
        );
        assert_eq!(
            got,
            [
                "2026-09-05T00:30:00",
                "2026-09-06T01:30:00",
                "2026-09-07T00:30:00"
            ]
        );
    }

    #[test]
    fn the_crate_gets_the_zone_unless_midnight_moves() {
        let zoned = |r: &str, start: DateTime, tz: &str| {
            rule(r)
                .zoned(
                    start,
                    &zone(tz).unwrap(),
                    chrono_tz::Tz::from_str(tz).unwrap(),
                    None,
                    10,
                )
                .unwrap()
        };
        assert!(
            zoned(
                "FREQ=DAILY;COUNT=3",
                date(2026, 3, 28).at(2, 30, 0, 0),
                "Europe/Zurich"
            )
            .is_some()
        );
        // Santiago's clocks skip 00:00–01:00 on 6 September 2026.
        assert!(
            zoned(
                "FREQ=DAILY;COUNT=3",
                date(2026, 9, 5).at(0, 30, 0, 0),
                "America/Santiago"
            )
            .is_none()
        );
        // A start in a DST gap (02:30 on 29 March 2026 in Zurich).
        assert!(
            zoned(
                "FREQ=DAILY;COUNT=3",
                date(2026, 3, 29).at(2, 30, 0, 0),
                "Europe/Zurich"
            )
            .is_none()
        );
        assert_eq!(
            expand_in(
                "FREQ=DAILY;COUNT=2",
                date(2026, 3, 29).at(2, 30, 0, 0),
                "Europe/Zurich"
            ),
            ["2026-03-29T02:30:00", "2026-03-30T02:30:00"],
            "the time the file gives is kept"
        );
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_panic() {
        for (r, start) in [
            ("FREQ=DAILY", date(9999, 12, 30).at(23, 0, 0, 0)),
            (
                "FREQ=SECONDLY;COUNT=1000",
                date(9999, 12, 31).at(23, 59, 0, 0),
            ),
            (
                "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
                date(-9999, 1, 1).at(0, 0, 0, 0),
            ),
        ] {
            for tz in ["UTC", "Europe/Zurich"] {
                let got = rule(r).expand(start, tz);
                assert!(got.is_ok_and(|v| !v.is_empty() && v.len() <= MAX_OCCURRENCES));
            }
        }
    }

    #[test]
    fn several_occurrences_a_day() {
        let got = expand(
            "FREQ=DAILY;BYHOUR=9,14;COUNT=4",
            date(2026, 3, 2).at(9, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-03-02T09:00:00",
                "2026-03-02T14:00:00",
                "2026-03-03T09:00:00",
                "2026-03-03T14:00:00"
            ]
        );
    }

    #[test]
    fn bad_parts_are_refused() {
        let e = RRule::parse("FREQ=FORTNIGHTLY", |_| unreachable!()).unwrap_err();
        assert_eq!(e, "RRULE FREQ=FORTNIGHTLY is not a frequency");
        let e = RRule::parse("FREQ=DAILY;BYEASTER=1", |_| unreachable!()).unwrap_err();
        assert_eq!(e, "RRULE part BYEASTER is not supported");
        let e = RRule::parse("FREQ=DAILY;COUNT=1001", |_| unreachable!()).unwrap_err();
        assert_eq!(e, "RRULE COUNT=1001 is not between 1 and 1000");
        let e = RRule::parse("FREQ=DAILY;BYDAY=XX", |_| unreachable!()).unwrap_err();
        assert_eq!(e, "RRULE BYDAY value `XX` is not a weekday");
        // Refused for this start, by the crate's validation.
        let e = rule("FREQ=WEEKLY;BYMONTHDAY=1")
            .expand(date(2026, 3, 2).at(9, 0, 0, 0), "UTC")
            .unwrap_err();
        assert!(e.contains("BYMONTHDAY"), "{e}");
        let e = RRule::parse("FREQ=WEEKLY;BYDAY=1MO", |_| unreachable!()).unwrap_err();
        assert!(e.starts_with("RRULE BYDAY with an ordinal"), "{e}");
        let e = rule("FREQ=MONTHLY;BYWEEKNO=3")
            .expand(date(2026, 3, 2).at(9, 0, 0, 0), "UTC")
            .unwrap_err();
        assert!(e.contains("BYWEEKNO"), "{e}");
    }

    /// Found by the `ics` fuzz target: the crate sliced `M\u{f}ԯH` between
    /// the bytes of `ԯ` and panicked. Such values are refused before.
    #[test]
    fn values_that_are_not_ascii_or_not_weekdays_are_refused() {
        for (value, expected) in [
            (
                "FREQ=WEEKLY;BYDAY=M\u{f}\u{52f}H;COUNT=5",
                "has no valid value",
            ),
            ("FREQ=MONTHLY;BYDAY=1\u{e9}MO", "has no valid value"),
            ("FREQ=MONTHLY;BYMONTHDAY=\u{661}", "has no valid value"),
            ("FREQ=MONTHLY;BYDAY=54MO", "is not a weekday"),
            ("FREQ=MONTHLY;BYDAY=0MO", "is not a weekday"),
            ("FREQ=MONTHLY;BYDAY=+-1MO", "is not a weekday"),
            ("FREQ=MONTHLY;BYDAY=123MO", "is not a weekday"),
            ("FREQ=MONTHLY;BYDAY=O", "is not a weekday"),
            ("FREQ=MONTHLY;BYDAY=MO,", "is not a weekday"),
        ] {
            let e = RRule::parse(value, |_| unreachable!()).unwrap_err();
            assert!(e.contains(expected), "{value}: {e}");
        }
        for ok in ["MO", "1MO", "-1FR", "+2TU", "53SU", "-53sa"] {
            let value = format!("FREQ=YEARLY;BYDAY={ok}");
            assert!(RRule::parse(&value, |_| unreachable!()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rules_that_match_nothing_give_dtstart_alone() {
        for r in [
            "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5",
            "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
        ] {
            assert_eq!(
                expand(r, date(2026, 3, 2).at(9, 0, 0, 0)),
                ["2026-03-02T09:00:00"],
                "{r}"
            );
        }
    }

    #[test]
    fn daily_by_set_pos_picks_within_each_day() {
        let got = expand(
            "FREQ=DAILY;BYHOUR=9,12,15;BYSETPOS=-1;COUNT=3",
            date(2026, 3, 2).at(15, 0, 0, 0),
        );
        assert_eq!(
            got,
            [
                "2026-03-02T15:00:00",
                "2026-03-03T15:00:00",
                "2026-03-04T15:00:00"
            ]
        );
    }
}
