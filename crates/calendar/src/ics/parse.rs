//! Reading iCalendar files into meetings.

use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, ToSpan};
use southdesk_plan::Plan;

use super::{IcsError, split_text_list, unescape_text};
use crate::forums::Forums;
use crate::meeting::{CentreRole, MeetingData, Status, When, zone};
use crate::rrule::{RRule, Until};

/// One content line, unfolded.
#[derive(Debug, Clone)]
struct Prop {
    line: usize,
    /// Upper case.
    name: String,
    /// Names upper case; values unquoted.
    params: Vec<(String, String)>,
    value: String,
}

impl Prop {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
struct Component {
    name: String,
    line: usize,
    props: Vec<Prop>,
    children: Vec<Component>,
}

impl Component {
    fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

fn err(line: usize, message: impl Into<String>) -> IcsError {
    IcsError {
        line,
        event: None,
        message: message.into(),
    }
}

/// Logical lines with the number of their first physical line.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some(last) = out.last_mut()
        {
            last.1.push_str(rest);
            continue;
        }
        if raw.trim().is_empty() {
            continue;
        }
        out.push((i + 1, raw.to_string()));
    }
    out
}

fn parse_line(n: usize, line: &str) -> Result<Prop, IcsError> {
    let mut name_end = None;
    for (i, c) in line.char_indices() {
        if c == ';' || c == ':' {
            name_end = Some(i);
            break;
        }
    }
    let name_end = name_end.ok_or_else(|| {
        err(
            n,
            format!("`{}` is not a content line (no `:`)", clip(line)),
        )
    })?;
    let name = line[..name_end].trim().to_ascii_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(err(n, format!("`{}` is not a property name", clip(&name))));
    }
    let mut params = Vec::new();
    let rest = &line[name_end..];
    let mut chars = rest.char_indices().peekable();
    let mut value_start = None;
    // rest starts with ';' or ':'.
    while let Some((i, c)) = chars.next() {
        if c == ':' {
            value_start = Some(i + 1);
            break;
        }
        // c == ';': a parameter name=value[,value]
        let mut pname = String::new();
        for (_, c) in chars.by_ref() {
            if c == '=' {
                break;
            }
            pname.push(c);
        }
        let mut pvalue = String::new();
        let mut quoted = false;
        while let Some(&(_, c)) = chars.peek() {
            if c == '"' {
                quoted = !quoted;
                chars.next();
                continue;
            }
            if !quoted && (c == ';' || c == ':') {
                break;
            }
            pvalue.push(c);
            chars.next();
        }
        if quoted {
            return Err(err(n, format!("parameter {pname} has an unclosed quote")));
        }
        params.push((pname.trim().to_ascii_uppercase(), pvalue));
    }
    let value_start = value_start
        .ok_or_else(|| err(n, format!("property {name} has no `:` before its value")))?;
    Ok(Prop {
        line: n,
        name,
        params,
        value: rest[value_start..].to_string(),
    })
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The components of the file (usually one VCALENDAR).
fn components(text: &str) -> Result<Vec<Component>, IcsError> {
    let mut stack: Vec<Component> = Vec::new();
    let mut top = Vec::new();
    let mut last_line = 0;
    for (n, line) in unfold(text) {
        last_line = n;
        let prop = parse_line(n, &line)?;
        match prop.name.as_str() {
            "BEGIN" => stack.push(Component {
                name: prop.value.trim().to_ascii_uppercase(),
                line: n,
                ..Default::default()
            }),
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                let c = stack
                    .pop()
                    .ok_or_else(|| err(n, format!("END:{name} without BEGIN:{name}")))?;
                if c.name != name {
                    return Err(err(
                        n,
                        format!(
                            "END:{name} where END:{} (begun on line {}) was expected",
                            c.name, c.line
                        ),
                    ));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(c),
                    None => top.push(c),
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.props.push(prop),
                None => {
                    return Err(err(
                        n,
                        format!(
                            "property {} outside BEGIN:VCALENDAR … END:VCALENDAR",
                            prop.name
                        ),
                    ));
                }
            },
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(
            last_line.max(1),
            format!("BEGIN:{} on line {} is never ended", open.name, open.line),
        ));
    }
    if top.is_empty() {
        return Err(err(1, "no BEGIN:VCALENDAR: this is not an iCalendar file"));
    }
    if let Some(other) = top.iter().find(|c| c.name != "VCALENDAR") {
        return Err(err(
            other.line,
            format!("BEGIN:{} outside a VCALENDAR", other.name),
        ));
    }
    Ok(top)
}

/// How a TZID reads.
#[derive(Debug, Clone)]
enum Zone {
    /// An IANA zone (or UTC).
    Named(String),
    /// A zone with one fixed offset (from a VTIMEZONE without changes).
    Fixed(Offset),
}

/// Names Windows and Outlook use, for the zones of the forums' cities.
const WINDOWS_ZONES: [(&str, &str); 12] = [
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("GMT Standard Time", "Europe/London"),
    ("Eastern Standard Time", "America/New_York"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("China Standard Time", "Asia/Shanghai"),
    ("India Standard Time", "Asia/Kolkata"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("UTC", "UTC"),
];

/// An IANA name for `tzid`: itself, a Windows name, or the end of a path
/// (`/mozilla.org/20050126_1/Europe/Zurich`).
fn iana(tzid: &str) -> Option<String> {
    let tzid = tzid.trim();
    if zone(tzid).is_ok() {
        return Some(tzid.to_string());
    }
    if let Some((_, n)) = WINDOWS_ZONES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(tzid))
    {
        return Some(n.to_string());
    }
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len())
        .map(|i| parts[i..].join("/"))
        .find(|name| zone(name).is_ok())
}

fn read_offset(s: &str) -> Option<Offset> {
    let s = s.trim();
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let sec: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    Offset::from_seconds(sign * (h * 3600 + m * 60 + sec)).ok()
}

/// The zones the file's VTIMEZONEs define.
fn vtimezones(cal: &Component) -> Result<HashMap<String, Zone>, IcsError> {
    let mut zones = HashMap::new();
    for tz in cal.children.iter().filter(|c| c.name == "VTIMEZONE") {
        let tzid = tz
            .prop("TZID")
            .ok_or_else(|| err(tz.line, "VTIMEZONE without TZID"))?
            .value
            .trim()
            .to_string();
        let named = iana(&tzid).or_else(|| tz.prop("X-LIC-LOCATION").and_then(|p| iana(&p.value)));
        let zone = match named {
            Some(n) => Zone::Named(n),
            None => {
                let mut offsets = HashSet::new();
                for o in &tz.children {
                    let to = o
                        .prop("TZOFFSETTO")
                        .and_then(|p| read_offset(&p.value))
                        .ok_or_else(|| {
                            err(
                                o.line,
                                format!(
                                    "time zone {tzid:?}: observance without a valid TZOFFSETTO"
                                ),
                            )
                        })?;
                    offsets.insert(to.seconds());
                    if o.prop("RRULE").is_some() || o.prop("RDATE").is_some() {
                        offsets.insert(i32::MAX);
                    }
                }
                match offsets.len() {
                    1 if !offsets.contains(&i32::MAX) => Zone::Fixed(
                        Offset::from_seconds(*offsets.iter().next().unwrap_or(&0))
                            .unwrap_or(Offset::UTC),
                    ),
                    _ => {
                        return Err(err(
                            tz.line,
                            format!(
                                "unknown time zone {tzid:?}: not an IANA name, and its VTIMEZONE has changing offsets (give the zone an IANA name such as Europe/Zurich)"
                            ),
                        ));
                    }
                }
            }
        };
        zones.insert(tzid, zone);
    }
    Ok(zones)
}

/// A DATE or DATE-TIME value as read.
#[derive(Debug, Clone, Copy)]
enum Value {
    Date(Date),
    /// Wall-clock time and the IANA zone it is in (`UTC` for `Z` times).
    Local(DateTime),
}

/// Reads a DTSTART-like property: the value and the zone name (`UTC` for
/// `Z` and for fixed offsets, which are converted).
fn read_when(p: &Prop, zones: &HashMap<String, Zone>) -> Result<(Value, String), String> {
    read_value(
        p.value.trim(),
        p.param("VALUE"),
        p.param("TZID"),
        zones,
        &p.name,
    )
}

fn read_value(
    v: &str,
    value_type: Option<&str>,
    tzid: Option<&str>,
    zones: &HashMap<String, Zone>,
    name: &str,
) -> Result<(Value, String), String> {
    let is_date = value_type.is_some_and(|t| t.eq_ignore_ascii_case("DATE")) || v.len() == 8;
    if is_date {
        let d = Date::strptime("%Y%m%d", v)
            .map_err(|_| format!("{name} `{v}` is not a date (YYYYMMDD)"))?;
        return Ok((Value::Date(d), "UTC".into()));
    }
    let (body, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(b) => (b, true),
        None => (v, false),
    };
    let dt = DateTime::strptime("%Y%m%dT%H%M%S", body)
        .map_err(|_| format!("{name} `{v}` is not a date-time (YYYYMMDDTHHMMSS)"))?;
    if utc {
        return Ok((Value::Local(dt), "UTC".into()));
    }
    let Some(tzid) = tzid else {
        return Err(format!(
            "{name} `{v}` has no time zone (add TZID=… or a final Z for UTC)"
        ));
    };
    let z = match zones.get(tzid.trim()) {
        Some(z) => z.clone(),
        None => Zone::Named(iana(tzid).ok_or_else(|| {
            format!("unknown time zone {tzid:?} in {name} (no VTIMEZONE for it, and it is not an IANA name such as Europe/Zurich)")
        })?),
    };
    match z {
        Zone::Named(n) => Ok((Value::Local(dt), n)),
        Zone::Fixed(off) => {
            let ts = off
                .to_timestamp(dt)
                .map_err(|e| format!("{name} `{v}` is out of range: {e}"))?;
            Ok((Value::Local(TimeZone::UTC.to_datetime(ts)), "UTC".into()))
        }
    }
}

/// Converts a wall-clock time from zone `from` to zone `to`.
fn convert(dt: DateTime, from: &str, to: &str) -> Result<DateTime, String> {
    if from == to {
        return Ok(dt);
    }
    let zf = zone(from).map_err(|e| e.to_string())?;
    let zt = zone(to).map_err(|e| e.to_string())?;
    let ts = zf
        .to_ambiguous_timestamp(dt)
        .compatible()
        .map_err(|e| e.to_string())?;
    Ok(zt.to_datetime(ts))
}

/// A unit letter of a duration and how it adds to a span.
type Unit = (char, fn(Span, i64) -> Result<Span, jiff::Error>);

/// Reads a DURATION value (RFC 5545 §3.3.6).
fn read_duration(v: &str) -> Result<Span, String> {
    let bad = || format!("DURATION `{v}` is not a duration such as PT2H or P1D");
    let s = v.trim();
    if s.starts_with('-') {
        return Err(format!("DURATION `{v}` is negative"));
    }
    let s = s.trim_start_matches('+');
    let s = s.strip_prefix('P').ok_or_else(bad)?;
    let (date_part, time_part) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut span = Span::new();
    let mut take = |part: &str, units: &[Unit]| -> Result<(), String> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
                continue;
            }
            let n: i64 = num.parse().map_err(|_| bad())?;
            num.clear();
            let f = units.iter().find(|(u, _)| *u == c).ok_or_else(bad)?.1;
            // A number too large for its unit is an error, not a panic.
            span = f(span, n).map_err(|_| format!("DURATION `{v}` is too long"))?;
        }
        if num.is_empty() { Ok(()) } else { Err(bad()) }
    };
    take(
        date_part,
        &[('W', |s, n| s.try_weeks(n)), ('D', |s, n| s.try_days(n))],
    )?;
    if let Some(t) = time_part {
        if t.is_empty() {
            return Err(bad());
        }
        take(
            t,
            &[
                ('H', |s, n| s.try_hours(n)),
                ('M', |s, n| s.try_minutes(n)),
                ('S', |s, n| s.try_seconds(n)),
            ],
        )?;
    }
    if date_part.is_empty() && time_part.is_none() {
        return Err(bad());
    }
    Ok(span)
}

/// One VEVENT, read but not yet expanded.
struct Event {
    line: usize,
    describe: String,
    uid: String,
    recurrence_id: Option<(Value, String)>,
    /// The wall-clock starts of a recurring event's occurrences, its own
    /// first, in the zone of its DTSTART (`UTC` when all-day or floating).
    occurrences: Option<Vec<DateTime>>,
    exdates: Vec<DateTime>,
    data: MeetingData,
}

fn event_name(c: &Component) -> String {
    let uid = c.prop("UID").map(|p| p.value.trim().to_string());
    let summary = c.prop("SUMMARY").map(|p| unescape_text(&p.value));
    match (uid, summary) {
        (Some(u), Some(s)) => format!("{u:?} ({s})"),
        (Some(u), None) => format!("{u:?}"),
        (None, Some(s)) => format!("without UID ({s})"),
        (None, None) => "without UID or SUMMARY".to_string(),
    }
}

fn read_event(
    c: &Component,
    zones: &HashMap<String, Zone>,
    forums: &Forums,
    plan: &Plan,
) -> Result<Event, IcsError> {
    let describe = event_name(c);
    let fail = |line: usize, message: String| IcsError {
        line,
        event: Some(describe.clone()),
        message,
    };
    for once in [
        "UID",
        "DTSTART",
        "DTEND",
        "DURATION",
        "SUMMARY",
        "RRULE",
        "RECURRENCE-ID",
    ] {
        let mut all = c.all(once);
        if let (Some(_), Some(second)) = (all.next(), all.next()) {
            return Err(fail(second.line, format!("{once} is given twice")));
        }
    }
    // UID is TEXT (RFC 5545 §3.8.4.7), escaped as the feed writes it.
    let uid = c
        .prop("UID")
        .map(|p| unescape_text(&p.value).trim().to_string())
        .filter(|u| !u.is_empty())
        .ok_or_else(|| fail(c.line, "the event has no UID".into()))?;
    let title = c
        .prop("SUMMARY")
        .map(|p| unescape_text(&p.value).trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| fail(c.line, "the event has no SUMMARY (title)".into()))?;
    let dtstart = c
        .prop("DTSTART")
        .ok_or_else(|| fail(c.line, "the event has no DTSTART".into()))?;
    let (start, tz) = read_when(dtstart, zones).map_err(|m| fail(dtstart.line, m))?;

    let when = match start {
        Value::Date(first) => {
            let last = if let Some(p) = c.prop("DTEND") {
                match read_when(p, zones).map_err(|m| fail(p.line, m))? {
                    (Value::Date(end), _) => {
                        if end <= first {
                            return Err(fail(
                                p.line,
                                format!(
                                    "it ends ({end}) before it starts ({first}); DTEND of an all-day event is the day after the last"
                                ),
                            ));
                        }
                        end.yesterday().map_err(|e| fail(p.line, e.to_string()))?
                    }
                    _ => {
                        return Err(fail(
                            p.line,
                            "DTSTART is a date but DTEND a date-time".into(),
                        ));
                    }
                }
            } else if let Some(p) = c.prop("DURATION") {
                let span = read_duration(&p.value).map_err(|m| fail(p.line, m))?;
                let end = first
                    .checked_add(span)
                    .map_err(|e| fail(p.line, e.to_string()))?;
                if end <= first {
                    first
                } else {
                    end.yesterday().map_err(|e| fail(p.line, e.to_string()))?
                }
            } else {
                first
            };
            When::AllDay { first, last }
        }
        Value::Local(start) => {
            let end = if let Some(p) = c.prop("DTEND") {
                if c.prop("DURATION").is_some() {
                    return Err(fail(p.line, "both DTEND and DURATION are given".into()));
                }
                match read_when(p, zones).map_err(|m| fail(p.line, m))? {
                    (Value::Local(end), end_tz) => {
                        let end = convert(end, &end_tz, &tz).map_err(|m| fail(p.line, m))?;
                        if end < start {
                            return Err(fail(
                                p.line,
                                format!("it ends ({end} {tz}) before it starts ({start} {tz})"),
                            ));
                        }
                        end
                    }
                    (Value::Date(_), _) => {
                        return Err(fail(
                            p.line,
                            "DTSTART is a date-time but DTEND a date".into(),
                        ));
                    }
                }
            } else if let Some(p) = c.prop("DURATION") {
                let span = read_duration(&p.value).map_err(|m| fail(p.line, m))?;
                // Exact durations (hours) are added on the time line, nominal ones (days) on the calendar.
                let z = zone(&tz).map_err(|e| fail(p.line, e.to_string()))?;
                let zoned = z
                    .to_ambiguous_zoned(start)
                    .compatible()
                    .map_err(|e| fail(p.line, e.to_string()))?;
                zoned
                    .checked_add(span)
                    .map_err(|e| fail(p.line, e.to_string()))?
                    .datetime()
            } else {
                start
            };
            When::Timed {
                start,
                end,
                tz: tz.clone(),
            }
        }
    };

    let recurrence_id = match c.prop("RECURRENCE-ID") {
        Some(p) => Some(read_when(p, zones).map_err(|m| fail(p.line, m))?),
        None => None,
    };
    let rrule = match c.prop("RRULE") {
        Some(p) => {
            let zones2 = zones.clone();
            let series_tz = tz.clone();
            let r = RRule::parse(p.value.trim(), move |v| {
                let (value, vtz) = read_value(v, None, None, &zones2, "UNTIL").or_else(|e| {
                    // A floating UNTIL is read in the series' zone.
                    DateTime::strptime("%Y%m%dT%H%M%S", v)
                        .map(|dt| (Value::Local(dt), series_tz.clone()))
                        .map_err(|_| e)
                })?;
                Ok(match value {
                    Value::Date(d) => Until::Day(d),
                    Value::Local(dt) if vtz == "UTC" && v.ends_with(['Z', 'z']) => Until::Utc(dt),
                    Value::Local(dt) => Until::Local(dt),
                })
            })
            .map_err(|m| fail(p.line, m))?;
            Some(r)
        }
        None => None,
    };
    // Extra dates of a series are refused rather than dropped: importing the
    // series without them would silently lose meetings.
    if let Some(p) = c.prop("RDATE") {
        return Err(fail(
            p.line,
            "RDATE (extra dates of a series) is not supported: give each extra date as its own event"
                .into(),
        ));
    }
    let mut exdates = Vec::new();
    for p in c.all("EXDATE") {
        for v in p.value.split(',') {
            let (value, vtz) =
                read_value(v.trim(), p.param("VALUE"), p.param("TZID"), zones, "EXDATE")
                    .map_err(|m| fail(p.line, m))?;
            exdates.push(match value {
                Value::Date(d) => d.to_datetime(Time::midnight()),
                Value::Local(dt) => {
                    local_time(convert(dt, &vtz, &tz).map_err(|m| fail(p.line, m))?, &tz)
                }
            });
        }
    }

    let text = |name: &str| {
        c.prop(name)
            .map(|p| unescape_text(&p.value).trim().to_string())
    };
    let categories: Vec<String> = c
        .all("CATEGORIES")
        .flat_map(|p| split_text_list(&p.value))
        .map(|s| s.trim().to_string())
        .collect();
    let body = text("X-SOUTHDESK-BODY")
        .filter(|b| forums.body(b).is_some())
        .or_else(|| {
            categories
                .iter()
                .find(|c| forums.body(c).is_some())
                .cloned()
        })
        .or_else(|| {
            forums
                .match_event(&title, text("LOCATION").as_deref())
                .map(|b| b.id.clone())
        });
    let mut themes: Vec<String> = categories
        .iter()
        .filter(|c| plan.theme(c).is_some())
        .cloned()
        .collect();
    if let Some(b) = body.as_deref().and_then(|b| forums.body(b)) {
        themes.extend(b.themes.iter().cloned());
    }
    let status = match text("X-SOUTHDESK-STATUS").and_then(|s| Status::parse(&s)) {
        Some(s) => s,
        None => match text("STATUS").map(|s| s.to_ascii_uppercase()).as_deref() {
            Some("CONFIRMED") => Status::Confirmed,
            Some("CANCELLED") => Status::Cancelled,
            _ => Status::Planned,
        },
    };
    let list = |name: &str| -> Vec<String> {
        c.prop(name)
            .map(|p| split_text_list(&p.value))
            .unwrap_or_default()
    };
    let mut roles = Vec::new();
    if let Some(p) = c.prop("X-SOUTHDESK-ROLES") {
        for r in split_text_list(&p.value) {
            roles.push(
                CentreRole::parse(&r).ok_or_else(|| {
                    fail(p.line, format!("unknown role `{r}` in X-SOUTHDESK-ROLES"))
                })?,
            );
        }
    }
    let url = text("URL");
    let online_url = text("X-SOUTHDESK-ONLINE").or_else(|| {
        // A URL that is not one of our own meeting pages is the online meeting.
        url.filter(|u| !u.contains("/meetings/"))
    });
    let mut data = MeetingData {
        uid: uid.clone(),
        series: text("X-SOUTHDESK-SERIES"),
        body,
        title,
        agenda: text("DESCRIPTION").unwrap_or_default(),
        when,
        venue: text("LOCATION"),
        online_url,
        languages: list("X-SOUTHDESK-LANGUAGES"),
        status,
        themes,
        roles,
        checklist: Vec::new(),
    };
    data.validate()
        .map_err(|e| fail(dtstart.line, e.to_string()))?;
    let occurrences = match (rrule, c.prop("RRULE")) {
        (Some(rule), Some(p)) => {
            let (start, tz) = match &data.when {
                When::Timed { start, tz, .. } => (*start, tz.as_str()),
                When::AllDay { first, .. } => (first.to_datetime(Time::midnight()), "UTC"),
            };
            let occ = rule.expand(start, tz).map_err(|m| fail(p.line, m))?;
            if matches!(data.when, When::AllDay { .. })
                && occ.windows(2).any(|w| w[0].date() == w[1].date())
            {
                return Err(fail(
                    p.line,
                    "RRULE gives an all-day event several occurrences on one day".into(),
                ));
            }
            Some(occ)
        }
        _ => None,
    };
    Ok(Event {
        line: c.line,
        describe,
        uid,
        recurrence_id,
        occurrences,
        exdates,
        data,
    })
}

/// The suffix of an occurrence's UID: its day, and its time if the series
/// has several occurrences on one day.
fn occurrence_key(when: &When, with_time: bool) -> String {
    match when {
        When::Timed { start, .. } if with_time => start.strftime("%Y%m%dT%H%M%S").to_string(),
        _ => when.first_day().strftime("%Y%m%d").to_string(),
    }
}

/// A wall-clock time as it is read in zone `tz`: a time a DST gap skips
/// becomes the time after the gap, as the occurrences of a series are.
fn local_time(dt: DateTime, tz: &str) -> DateTime {
    match zone(tz).map(|z| (z.to_ambiguous_timestamp(dt).compatible(), z)) {
        Ok((Ok(ts), z)) => z.to_datetime(ts),
        _ => dt,
    }
}

/// Reads an iCalendar file into meetings, all or nothing.
///
/// Each VEVENT becomes a meeting; a recurring one (`RRULE`, minus
/// `EXDATE`s, with `RECURRENCE-ID` overrides) one meeting per occurrence,
/// with UID `<UID>/<YYYYMMDD>` and `series` = UID. The body is
/// `X-SOUTHDESK-BODY`, a `CATEGORIES` value that is a body id, or the body
/// whose name, acronym or pattern the title (else the location) contains; themes are the body's and the
/// `CATEGORIES` that are theme ids of `plan` (the caller adds themes tagged
/// from the text).
///
/// Errors name the line and the event (UID and SUMMARY): a malformed file,
/// an end before the start, an unknown time zone, a UID given twice.
pub fn parse_ics(text: &str, forums: &Forums, plan: &Plan) -> Result<Vec<MeetingData>, IcsError> {
    let cals = components(text)?;
    let mut events = Vec::new();
    for cal in &cals {
        let zones = vtimezones(cal)?;
        for c in cal.children.iter().filter(|c| c.name == "VEVENT") {
            events.push(read_event(c, &zones, forums, plan)?);
        }
    }

    // Masters (no RECURRENCE-ID) must have distinct UIDs; so must the
    // overrides of one series.
    let mut masters: HashMap<String, usize> = HashMap::new();
    let mut overrides: HashSet<(String, String)> = HashSet::new();
    for (i, e) in events.iter().enumerate() {
        let dup = match &e.recurrence_id {
            None => masters.insert(e.uid.clone(), i).is_some(),
            Some((v, _)) => !overrides.insert((e.uid.clone(), format!("{v:?}"))),
        };
        if dup {
            return Err(IcsError {
                line: e.line,
                event: Some(e.describe.clone()),
                message: format!(
                    "duplicate UID {:?}: another event in the file has it",
                    e.uid
                ),
            });
        }
    }

    let mut out = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut push = |m: MeetingData, line: usize, describe: &str, out: &mut Vec<MeetingData>| {
        if let Some(prev) = used.insert(m.uid.clone(), line) {
            return Err(IcsError {
                line,
                event: Some(describe.to_string()),
                message: format!(
                    "duplicate UID {:?} (also made by the event on line {prev})",
                    m.uid
                ),
            });
        }
        out.push(m);
        Ok(())
    };
    for e in events.iter().filter(|e| e.recurrence_id.is_none()) {
        let Some(occurrences) = &e.occurrences else {
            push(e.data.clone(), e.line, &e.describe, &mut out)?;
            continue;
        };
        let tz = match &e.data.when {
            When::Timed { tz, .. } => tz.clone(),
            When::AllDay { .. } => "UTC".to_string(),
        };
        let several_a_day = occurrences.windows(2).any(|w| w[0].date() == w[1].date());
        for &occ in occurrences {
            // Compared as read in the zone (a start in a DST gap is kept as given).
            let occ_local = local_time(occ, &tz);
            if e.exdates.contains(&occ_local) {
                continue;
            }
            let mut m = e.data.clone();
            m.when = match &e.data.when {
                When::Timed { start, end, tz } => When::Timed {
                    start: occ,
                    end: occ.checked_add(start.duration_until(*end)).unwrap_or(occ),
                    tz: tz.clone(),
                },
                When::AllDay { first, last } => {
                    let days = first.until(*last).map(|s| s.get_days()).unwrap_or(0);
                    let f = occ.date();
                    When::AllDay {
                        first: f,
                        last: f.checked_add(days.days()).unwrap_or(f),
                    }
                }
            };
            let key = occurrence_key(&m.when, several_a_day);
            // An override replaces this occurrence.
            let replaced = events.iter().find(|o| {
                o.uid == e.uid
                    && o.recurrence_id.as_ref().is_some_and(|(v, vtz)| match v {
                        Value::Date(d) => *d == occ.date(),
                        Value::Local(dt) => {
                            convert(*dt, vtz, &tz).is_ok_and(|x| local_time(x, &tz) == occ_local)
                        }
                    })
            });
            if let Some(o) = replaced {
                m = o.data.clone();
            }
            m.series = Some(e.uid.clone());
            m.uid = format!("{}/{key}", e.uid);
            push(m, e.line, &e.describe, &mut out)?;
        }
    }
    // Overrides of occurrences the rule does not make, or of series not in
    // the file: meetings of their own.
    for o in events.iter().filter(|e| e.recurrence_id.is_some()) {
        let key = occurrence_key(&o.data.when, false);
        let uid = format!("{}/{key}", o.uid);
        if out.iter().any(|m| {
            m.series.as_deref() == Some(&o.uid) && m.title == o.data.title && m.when == o.data.when
        }) {
            continue;
        }
        let mut m = o.data.clone();
        m.series = Some(o.uid.clone());
        m.uid = uid;
        push(m, o.line, &o.describe, &mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(read_duration("PT1H30M").unwrap().get_minutes(), 30);
        assert_eq!(read_duration("P2W").unwrap().get_weeks(), 2);
        assert_eq!(read_duration("P1DT2H").unwrap().get_hours(), 2);
        assert!(read_duration("-PT1H").unwrap_err().contains("negative"));
        assert!(read_duration("PT").is_err());
        assert!(read_duration("1H").is_err());
        assert!(read_duration("P").is_err());
    }

    #[test]
    fn content_lines_with_quoted_parameters() {
        let p = parse_line(3, r#"DTSTART;TZID="Europe/Zurich";X-A=a,b:20260310T100000"#).unwrap();
        assert_eq!(p.name, "DTSTART");
        assert_eq!(p.param("TZID"), Some("Europe/Zurich"));
        assert_eq!(p.param("X-A"), Some("a,b"));
        assert_eq!(p.value, "20260310T100000");
        let p = parse_line(1, r#"X-URL;LABEL="a:b":http://x"#).unwrap();
        assert_eq!(p.param("LABEL"), Some("a:b"));
        assert_eq!(p.value, "http://x");
        assert!(parse_line(1, "no colon here").is_err());
    }

    #[test]
    fn zones_by_other_names() {
        assert_eq!(iana("Europe/Zurich").as_deref(), Some("Europe/Zurich"));
        assert_eq!(
            iana("/mozilla.org/20050126_1/Europe/Zurich").as_deref(),
            Some("Europe/Zurich")
        );
        assert_eq!(
            iana("W. Europe Standard Time").as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(iana("Mars/Olympus_Mons"), None);
    }
}
