//! Expansion of the common recurrence rules (RFC 5545 §3.3.10): `FREQ`
//! `DAILY`, `WEEKLY`, `MONTHLY` and `YEARLY` with `INTERVAL`, `COUNT`,
//! `UNTIL`, `BYDAY` (with ordinals for monthly rules) and `BYMONTHDAY`.
//! Other parts are refused with a message, never silently ignored.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Weekday};

/// A rule without `COUNT` or `UNTIL` is expanded this many years ahead.
pub const OPEN_ENDED_YEARS: i16 = 2;
/// At most this many occurrences per series.
pub const MAX_OCCURRENCES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// Where a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Compared with each occurrence's wall-clock start.
    Local(DateTime),
    /// Compared with each occurrence's day.
    Day(Date),
    /// Compared by the caller (a UTC instant): given as local time in the
    /// series' zone.
    Utc(DateTime),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RRule {
    freq: Freq,
    interval: i32,
    count: Option<usize>,
    pub until: Option<Until>,
    byday: Vec<(Option<i8>, Weekday)>,
    bymonthday: Vec<i8>,
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => return None,
    })
}

impl RRule {
    /// Parses the value of an `RRULE`. `until` reads the `UNTIL` value.
    pub fn parse(
        value: &str,
        until: impl Fn(&str) -> Result<Until, String>,
    ) -> Result<RRule, String> {
        let mut freq = None;
        let mut rule = RRule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            byday: Vec::new(),
            bymonthday: Vec::new(),
        };
        for part in value.split(';').filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("RRULE part `{part}` has no `=`"))?;
            match k.to_ascii_uppercase().as_str() {
                "FREQ" => {
                    freq = Some(match v.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        other => return Err(format!("RRULE FREQ={other} is not supported")),
                    })
                }
                "INTERVAL" => {
                    rule.interval = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=1000).contains(n))
                        .ok_or_else(|| format!("RRULE INTERVAL={v} is not a positive number"))?
                }
                "COUNT" => {
                    rule.count = Some(
                        v.parse()
                            .ok()
                            .filter(|n| (1..=MAX_OCCURRENCES).contains(n))
                            .ok_or_else(|| {
                                format!("RRULE COUNT={v} is not between 1 and {MAX_OCCURRENCES}")
                            })?,
                    )
                }
                "UNTIL" => rule.until = Some(until(v)?),
                "BYDAY" => {
                    for d in v.split(',') {
                        let d = d.trim().to_ascii_uppercase();
                        let split = d.len().saturating_sub(2);
                        if !d.is_char_boundary(split) {
                            return Err(format!("RRULE BYDAY `{d}` is not a day"));
                        }
                        let (n, day) = d.split_at(split);
                        let wd = weekday(day)
                            .ok_or_else(|| format!("RRULE BYDAY `{d}` is not a day"))?;
                        let n = if n.is_empty() {
                            None
                        } else {
                            Some(
                                n.trim_start_matches('+')
                                    .parse::<i8>()
                                    .ok()
                                    .filter(|n| *n != 0 && (-5..=5).contains(n))
                                    .ok_or_else(|| {
                                        format!("RRULE BYDAY `{d}` has a bad ordinal")
                                    })?,
                            )
                        };
                        rule.byday.push((n, wd));
                    }
                }
                "BYMONTHDAY" => {
                    for d in v.split(',') {
                        rule.bymonthday.push(
                            d.trim()
                                .parse::<i8>()
                                .ok()
                                .filter(|n| *n != 0 && (-31..=31).contains(n))
                                .ok_or_else(|| format!("RRULE BYMONTHDAY `{d}` is not a day"))?,
                        );
                    }
                }
                "WKST" => {}
                other => return Err(format!("RRULE part {other} is not supported")),
            }
        }
        rule.freq = freq.ok_or("RRULE has no FREQ")?;
        if rule.count.is_some() && rule.until.is_some() {
            return Err("RRULE has both COUNT and UNTIL".into());
        }
        if rule.freq != Freq::Monthly && rule.byday.iter().any(|(n, _)| n.is_some()) {
            return Err("RRULE BYDAY with an ordinal is supported for FREQ=MONTHLY only".into());
        }
        Ok(rule)
    }

    /// The wall-clock starts of the series that begins at `start`, in order,
    /// `start` first. `before_until` says whether an occurrence is within a
    /// `UNTIL` given in UTC.
    pub fn expand(
        &self,
        start: DateTime,
        before_until: impl Fn(DateTime) -> bool,
    ) -> Vec<DateTime> {
        let horizon = start
            .date()
            .checked_add(OPEN_ENDED_YEARS.years())
            .unwrap_or(start.date());
        let limit = self.count.unwrap_or(MAX_OCCURRENCES);
        let mut out = vec![start];
        let within = |dt: DateTime| match self.until {
            Some(Until::Local(u)) => dt <= u,
            Some(Until::Day(d)) => dt.date() <= d,
            Some(Until::Utc(_)) => before_until(dt),
            None => self.count.is_some() || dt.date() <= horizon,
        };
        let mut period = 0i32;
        'periods: while out.len() < limit && period < 100_000 {
            let mut days = self.days_of_period(start.date(), period * self.interval);
            period += 1;
            days.sort();
            for d in days {
                let dt = d.to_datetime(start.time());
                if dt <= start {
                    continue;
                }
                if !within(dt) {
                    break 'periods;
                }
                out.push(dt);
                if out.len() >= limit {
                    break 'periods;
                }
            }
        }
        out
    }

    /// The matching days of the period `n` periods after `start`'s.
    fn days_of_period(&self, start: Date, n: i32) -> Vec<Date> {
        match self.freq {
            Freq::Daily => {
                let Ok(d) = start.checked_add(n.days()) else {
                    return vec![];
                };
                if self.byday.is_empty() || self.byday.iter().any(|(_, w)| *w == d.weekday()) {
                    vec![d]
                } else {
                    vec![]
                }
            }
            Freq::Weekly => {
                let monday = start
                    .checked_sub((start.weekday().to_monday_zero_offset() as i32).days())
                    .and_then(|m| m.checked_add((7 * n).days()));
                let Ok(monday) = monday else { return vec![] };
                let days: Vec<Weekday> = if self.byday.is_empty() {
                    vec![start.weekday()]
                } else {
                    self.byday.iter().map(|(_, w)| *w).collect()
                };
                days.into_iter()
                    .filter_map(|w| {
                        monday
                            .checked_add((w.to_monday_zero_offset() as i32).days())
                            .ok()
                    })
                    .collect()
            }
            Freq::Monthly => {
                let Ok(first) = start.first_of_month().checked_add(n.months()) else {
                    return vec![];
                };
                self.days_in_month(first, start.day())
            }
            Freq::Yearly => {
                let Ok(first) = start.first_of_month().checked_add(n.years()) else {
                    return vec![];
                };
                self.days_in_month(first, start.day())
            }
        }
    }

    /// Matching days of the month beginning `first`.
    fn days_in_month(&self, first: Date, default_day: i8) -> Vec<Date> {
        let len = first.days_in_month();
        let mut out = Vec::new();
        let day = |d: i8| -> Option<Date> {
            let d = if d < 0 { len + 1 + d } else { d };
            (1..=len)
                .contains(&d)
                .then(|| first.with().day(d).build().ok())
                .flatten()
        };
        if !self.bymonthday.is_empty() {
            out.extend(self.bymonthday.iter().filter_map(|d| day(*d)));
        }
        for (n, w) in &self.byday {
            let matching: Vec<Date> = (1..=len)
                .filter_map(day)
                .filter(|d| d.weekday() == *w)
                .collect();
            match n {
                None => out.extend(matching),
                Some(n) if *n > 0 => out.extend(matching.get(*n as usize - 1)),
                Some(n) => out.extend(
                    matching
                        .len()
                        .checked_sub(n.unsigned_abs() as usize)
                        .and_then(|i| matching.get(i)),
                ),
            }
        }
        if self.bymonthday.is_empty() && self.byday.is_empty() {
            out.extend(day(default_day));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn expand(rule: &str, start: DateTime) -> Vec<String> {
        RRule::parse(rule, |v| {
            Ok(Until::Day(
                Date::strptime("%Y%m%d", &v[..8]).map_err(|e| e.to_string())?,
            ))
        })
        .unwrap()
        .expand(start, |_| true)
        .into_iter()
        .map(|d| d.to_string())
        .collect()
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
    }

    #[test]
    fn unsupported_parts_are_refused() {
        let e = RRule::parse("FREQ=HOURLY", |_| unreachable!()).unwrap_err();
        assert_eq!(e, "RRULE FREQ=HOURLY is not supported");
        let e = RRule::parse("FREQ=DAILY;BYSETPOS=1", |_| unreachable!()).unwrap_err();
        assert_eq!(e, "RRULE part BYSETPOS is not supported");
    }
}
