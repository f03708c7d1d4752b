//! Import and feeds against real files: time zones across daylight saving
//! time, recurring sessions, each kind of bad input, and every feed read
//! back by an independent iCalendar parser (the `icalendar` crate).

use jiff::Timestamp;
use jiff::civil::date;
use proptest::prelude::*;
use southdesk_calendar::ics::Feed;
use southdesk_calendar::{
    CentreRole, Forums, Meeting, MeetingData, Status, When, parse_ics, write_ics,
};
use southdesk_plan::Plan;

fn parse(text: &str) -> Result<Vec<MeetingData>, southdesk_calendar::IcsError> {
    parse_ics(text, &Forums::embedded(), &Plan::embedded_2026_2028())
}

fn crlf(s: &str) -> String {
    s.lines().map(|l| format!("{l}\r\n")).collect()
}

const GENEVA: &str = "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//WIPO//Meetings//EN
BEGIN:VTIMEZONE
TZID:Europe/Zurich
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:sccr-48@wipo.example
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Zurich:20260331T100000
DTEND;TZID=Europe/Zurich:20260331T130000
SUMMARY:SCCR 48\\, opening plenary
DESCRIPTION:Agenda item 5: protection of broadcasting organizations\\n
 Agenda item 6: limitations and exceptions
LOCATION:WIPO\\, Geneva
CATEGORIES:digital
END:VEVENT
BEGIN:VEVENT
UID:wto-gc-nov@wto.example
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Zurich:20261110T100000
DURATION:PT8H
SUMMARY:WTO General Council
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:hrc-61@ohchr.example
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20260223
DTEND;VALUE=DATE:20260404
SUMMARY:Human Rights Council\\, 61st session
END:VEVENT
BEGIN:VEVENT
UID:igwg-weekly@who.example
DTSTAMP:20260101T000000Z
DTSTART;TZID=W. Europe Standard Time:20260302T150000
DTEND;TZID=W. Europe Standard Time:20260302T170000
RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20260331T235959Z
EXDATE;TZID=W. Europe Standard Time:20260305T150000
SUMMARY:IGWG on PABS informal consultations
END:VEVENT
BEGIN:VEVENT
UID:igwg-weekly@who.example
RECURRENCE-ID;TZID=W. Europe Standard Time:20260309T150000
DTSTAMP:20260101T000000Z
DTSTART;TZID=W. Europe Standard Time:20260309T160000
DTEND;TZID=W. Europe Standard Time:20260309T180000
SUMMARY:IGWG on PABS informal consultations (moved)
END:VEVENT
END:VCALENDAR
";

#[test]
fn a_real_file_imports_with_zones_days_and_series() {
    let ms = parse(&crlf(GENEVA)).unwrap();
    let by_uid = |u: &str| {
        ms.iter()
            .find(|m| m.uid == u)
            .unwrap_or_else(|| panic!("{u}: {:#?}", ms.iter().map(|m| &m.uid).collect::<Vec<_>>()))
    };

    let sccr = by_uid("sccr-48@wipo.example");
    assert_eq!(sccr.title, "SCCR 48, opening plenary");
    assert_eq!(sccr.body.as_deref(), Some("wipo-sccr"));
    assert_eq!(sccr.venue.as_deref(), Some("WIPO, Geneva"));
    assert!(
        sccr.agenda
            .contains("broadcasting organizations\nAgenda item 6"),
        "{:?}",
        sccr.agenda
    );
    assert_eq!(sccr.themes, ["digital", "ip"]);
    // 10:00 in Geneva on 31 March is summer time (UTC+2); on 10 November winter time (UTC+1).
    assert_eq!(
        sccr.when.start_instant().to_string(),
        "2026-03-31T08:00:00Z"
    );
    let gc = by_uid("wto-gc-nov@wto.example");
    assert_eq!(gc.when.start_instant().to_string(), "2026-11-10T09:00:00Z");
    assert_eq!(gc.when.end_instant().to_string(), "2026-11-10T17:00:00Z");
    assert_eq!(gc.status, Status::Confirmed);
    assert_eq!(gc.body.as_deref(), Some("wto-gc"));

    let hrc = by_uid("hrc-61@ohchr.example");
    assert_eq!(
        hrc.when,
        When::AllDay {
            first: date(2026, 2, 23),
            last: date(2026, 4, 3)
        }
    );

    // Mondays and Thursdays in March from the 2nd, but not the 5th; the 9th moved to 16:00.
    let igwg: Vec<_> = ms
        .iter()
        .filter(|m| m.series.as_deref() == Some("igwg-weekly@who.example"))
        .collect();
    let days: Vec<String> = igwg.iter().map(|m| m.uid.clone()).collect();
    assert_eq!(
        days,
        [
            "igwg-weekly@who.example/20260302",
            "igwg-weekly@who.example/20260309",
            "igwg-weekly@who.example/20260312",
            "igwg-weekly@who.example/20260316",
            "igwg-weekly@who.example/20260319",
            "igwg-weekly@who.example/20260323",
            "igwg-weekly@who.example/20260326",
            "igwg-weekly@who.example/20260330",
        ]
    );
    let moved = igwg[1];
    assert!(moved.title.ends_with("(moved)"));
    assert!(
        matches!(&moved.when, When::Timed { start, tz, .. } if start.hour() == 16 && tz == "Europe/Berlin")
    );
    assert_eq!(igwg[0].body.as_deref(), Some("who-pabs-igwg"));
}

/// The error for `text`, as a line.
fn error(text: &str) -> String {
    match parse(&crlf(text)) {
        Ok(ms) => panic!("imported {} meetings", ms.len()),
        Err(e) => e.to_string(),
    }
}

fn one_event(props: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:e1@x\nSUMMARY:WIPO General Assembly\n{props}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
}

#[test]
fn bad_input_is_named_with_its_line_and_event() {
    assert_eq!(
        error("this is not a calendar\n"),
        "line 1: `this is not a calendar` is not a content line (no `:`)"
    );
    assert_eq!(
        error("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nEND:VCALENDAR\n"),
        "line 4: END:VCALENDAR where END:VEVENT (begun on line 2) was expected"
    );
    assert_eq!(
        error("BEGIN:VCALENDAR\nVERSION:2.0\n"),
        "line 2: BEGIN:VCALENDAR on line 1 is never ended"
    );
    assert_eq!(
        error(&one_event(
            "DTSTART;TZID=Europe/Zurich:20260310T100000\nDTEND;TZID=Europe/Zurich:20260310T090000"
        )),
        "line 8, event \"e1@x\" (WIPO General Assembly): it ends (2026-03-10T09:00:00 Europe/Zurich) before it starts (2026-03-10T10:00:00 Europe/Zurich)"
    );
    assert_eq!(
        error(&one_event(
            "DTSTART;TZID=Europe/Geneva-Cointrin:20260310T100000"
        )),
        "line 7, event \"e1@x\" (WIPO General Assembly): unknown time zone \"Europe/Geneva-Cointrin\" in DTSTART (no VTIMEZONE for it, and it is not an IANA name such as Europe/Zurich)"
    );
    assert_eq!(
        error(&one_event("DTSTART:20260310T100000")),
        "line 7, event \"e1@x\" (WIPO General Assembly): DTSTART `20260310T100000` has no time zone (add TZID=… or a final Z for UTC)"
    );
    assert_eq!(
        error(&one_event("DTSTART:2026-03-10")),
        "line 7, event \"e1@x\" (WIPO General Assembly): DTSTART `2026-03-10` is not a date-time (YYYYMMDDTHHMMSS)"
    );
    assert_eq!(
        error(&one_event(
            "DTSTART;VALUE=DATE:20260310\nDTEND;VALUE=DATE:20260310"
        )),
        "line 8, event \"e1@x\" (WIPO General Assembly): it ends (2026-03-10) before it starts (2026-03-10); DTEND of an all-day event is the day after the last"
    );
    // FREQ=HOURLY, once refused, now expands: three meetings on one day,
    // told apart by their time.
    let hourly = parse(&crlf(&one_event(
        "DTSTART:20260310T100000Z\nDURATION:PT30M\nRRULE:FREQ=HOURLY;COUNT=3",
    )))
    .unwrap();
    assert_eq!(
        hourly.iter().map(|m| m.uid.as_str()).collect::<Vec<_>>(),
        [
            "e1@x/20260310T100000",
            "e1@x/20260310T110000",
            "e1@x/20260310T120000"
        ]
    );
    assert_eq!(
        hourly[2].when.end_instant().to_string(),
        "2026-03-10T12:30:00Z"
    );
    assert_eq!(
        error(&one_event(
            "DTSTART:20260310T100000Z\nRRULE:FREQ=FORTNIGHTLY;COUNT=3"
        )),
        "line 8, event \"e1@x\" (WIPO General Assembly): RRULE FREQ=FORTNIGHTLY is not a frequency"
    );
    // A rule the expander refuses for this start names its line too.
    assert_eq!(
        error(&one_event(
            "DTSTART:20260310T100000Z\nRRULE:FREQ=MONTHLY;BYWEEKNO=3"
        )),
        "line 8, event \"e1@x\" (WIPO General Assembly): RRULE is not valid: `BYWEEKNO` can not be used with the current frequency (MONTHLY)."
    );
    assert_eq!(
        error(&one_event(
            "DTSTART:20260310T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nRDATE:20260401T100000Z"
        )),
        "line 9, event \"e1@x\" (WIPO General Assembly): RDATE (extra dates of a series) is not supported: give each extra date as its own event"
    );
    // The same UID twice: the second event is named, nothing is imported.
    let twice = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:dup@x\nSUMMARY:First\nDTSTART:20260310T100000Z\nEND:VEVENT\nBEGIN:VEVENT\nUID:dup@x\nSUMMARY:Second\nDTSTART:20260311T100000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(
        error(twice),
        "line 7, event \"dup@x\" (Second): duplicate UID \"dup@x\": another event in the file has it"
    );
    // A VTIMEZONE whose rules change and whose name is not IANA.
    let custom = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Geneva time\nBEGIN:STANDARD\nDTSTART:19701025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:19700329T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nEND:DAYLIGHT\nEND:VTIMEZONE\nEND:VCALENDAR\n";
    assert!(
        error(custom).starts_with("line 2: unknown time zone \"Geneva time\""),
        "{}",
        error(custom)
    );
}

#[test]
fn a_fixed_offset_vtimezone_is_read_and_its_times_kept_in_utc() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Nairobi office\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0300\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:n@x\nSUMMARY:G-24 technical group\nDTSTART;TZID=Nairobi office:20260310T100000\nDTEND;TZID=Nairobi office:20260310T120000\nEND:VEVENT\nEND:VCALENDAR\n";
    let ms = parse(&crlf(text)).unwrap();
    assert_eq!(
        ms[0].when.start_instant().to_string(),
        "2026-03-10T07:00:00Z"
    );
    assert!(matches!(&ms[0].when, When::Timed { tz, .. } if tz == "UTC"));
    assert_eq!(ms[0].body.as_deref(), Some("g24"));
}

fn stored(ms: Vec<MeetingData>) -> Vec<Meeting> {
    ms.into_iter()
        .enumerate()
        .map(|(i, data)| Meeting {
            id: i as i64 + 1,
            data,
            links: vec![],
        })
        .collect()
}

fn feed(ms: &[Meeting]) -> String {
    write_ics(
        &Feed {
            name: "South Centre — négociations, 南方中心",
            base_url: Some("https://desk.example"),
            now: Timestamp::from_second(1_780_000_000).unwrap(),
        },
        ms,
    )
}

/// What the independent parser reads from a feed: for each event, its UID
/// and its start in UTC, computed from the VTIMEZONE the feed carries.
fn read_with_icalendar_crate(text: &str) -> Vec<(String, String)> {
    use icalendar::parser::{read_calendar, unfold};
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("icalendar rejects the feed: {e}\n{text}"));
    let prop = |c: &icalendar::parser::Component<'_>, name: &str| {
        c.properties
            .iter()
            .find(|p| p.name.as_str() == name)
            .map(|p| {
                (
                    p.val.as_str().to_string(),
                    p.params
                        .iter()
                        .map(|x| {
                            (
                                x.key.as_str().to_string(),
                                x.val.as_ref().map(|v| v.as_str().to_string()),
                            )
                        })
                        .collect::<Vec<_>>(),
                )
            })
    };
    let mut out = Vec::new();
    for ev in cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
    {
        let (uid, _) = prop(ev, "UID").expect("UID");
        assert!(prop(ev, "DTSTAMP").is_some(), "DTSTAMP");
        let (start, params) = prop(ev, "DTSTART").expect("DTSTART");
        let tzid = params
            .iter()
            .find(|(k, _)| k == "TZID")
            .and_then(|(_, v)| v.clone());
        let utc = match tzid {
            None if start.len() == 8 => start.clone(),
            None => start.clone(),
            Some(tzid) => {
                // The observance in force: the last whose local DTSTART is not after the time.
                let vtz = cal
                    .components
                    .iter()
                    .find(|c| {
                        c.name.as_str() == "VTIMEZONE"
                            && prop(c, "TZID").is_some_and(|(v, _)| v == tzid)
                    })
                    .unwrap_or_else(|| panic!("no VTIMEZONE for {tzid}"));
                let local = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", &start).unwrap();
                let mut offset = None;
                for o in &vtz.components {
                    let (s, _) = prop(o, "DTSTART").unwrap();
                    let s = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", &s).unwrap();
                    if s <= local {
                        let (to, _) = prop(o, "TZOFFSETTO").unwrap();
                        offset = Some(to);
                    }
                }
                let to = offset.expect("an observance before the event");
                let sign = if to.starts_with('-') { -1 } else { 1 };
                let secs = sign
                    * (to[1..3].parse::<i32>().unwrap() * 3600
                        + to[3..5].parse::<i32>().unwrap() * 60);
                let ts = jiff::tz::Offset::from_seconds(secs)
                    .unwrap()
                    .to_timestamp(local)
                    .unwrap();
                ts.strftime("%Y%m%dT%H%M%SZ").to_string()
            }
        };
        out.push((uid, utc));
    }
    // The crate's own typed reading agrees on the number of events.
    let typed: icalendar::Calendar = cal.into();
    assert!(typed.components.len() >= out.len());
    out
}

fn assert_well_formed(text: &str) {
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
}

#[test]
fn feeds_are_read_by_an_independent_parser_with_the_right_times() {
    let ms = stored(parse(&crlf(GENEVA)).unwrap());
    let text = feed(&ms);
    assert_well_formed(&text);
    let read = read_with_icalendar_crate(&text);
    let utc = |uid: &str| {
        read.iter()
            .find(|(u, _)| u == uid)
            .map(|(_, t)| t.as_str())
            .unwrap()
    };
    assert_eq!(
        utc("sccr-48@wipo.example"),
        "20260331T080000Z",
        "10:00 CEST"
    );
    assert_eq!(
        utc("wto-gc-nov@wto.example"),
        "20261110T090000Z",
        "10:00 CET"
    );
    assert_eq!(utc("hrc-61@ohchr.example"), "20260223");
    assert_eq!(utc("igwg-weekly@who.example/20260302"), "20260302T140000Z");
    assert_eq!(read.len(), ms.len());
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n"));
    assert!(text.contains("DTSTART;TZID=Europe/Zurich:20260331T100000\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20260223\r\nDTEND;VALUE=DATE:20260404\r\n"));

    // And our own parser reads the feed back to the same meetings.
    let again = parse(&text).unwrap();
    for (a, b) in ms.iter().zip(&again) {
        assert_eq!(a.data, *b);
    }
}

fn arb_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;:\\\\\"'é南方中心\n\t]{1,120}".prop_map(|s| s.trim().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the text and the zone, a feed reads back to the meetings it
    /// was made of, and stays within 75 octets a line.
    #[test]
    fn feeds_round_trip(
        title in arb_text().prop_filter("a title", |s| !s.is_empty()),
        agenda in arb_text(),
        venue in proptest::option::of(arb_text().prop_filter("a venue", |s| !s.is_empty())),
        tz in proptest::sample::select(vec!["Europe/Zurich", "America/New_York", "Asia/Kolkata", "UTC", "Africa/Nairobi", "America/Sao_Paulo"]),
        day in 0i64..1500,
        minutes in 0i64..(24 * 60),
        length in 0i64..(72 * 60),
        all_day in any::<bool>(),
    ) {
        let start = date(2025, 1, 1).at(0, 0, 0, 0)
            .checked_add(jiff::Span::new().days(day).minutes(minutes)).unwrap();
        let when = if all_day {
            When::AllDay { first: start.date(), last: start.date().checked_add(jiff::Span::new().days(length / 1440)).unwrap() }
        } else {
            When::Timed { start, end: start.checked_add(jiff::Span::new().minutes(length)).unwrap(), tz: tz.to_string() }
        };
        let mut data = MeetingData {
            uid: format!("p{day}-{minutes}@southcentre.example"),
            series: None,
            body: Some("wipo-sccr".into()),
            title,
            agenda,
            when,
            venue,
            online_url: None,
            languages: vec!["en".into(), "fr".into()],
            status: Status::Postponed,
            themes: vec!["digital".into(), "ip".into()],
            roles: vec![CentreRole::SideEvent, CentreRole::Briefing],
            checklist: vec![],
        };
        data.validate().unwrap();
        let text = feed(&stored(vec![data.clone()]));
        assert_well_formed(&text);
        let back = parse(&text).unwrap();
        prop_assert_eq!(back.len(), 1);
        // A wall-clock time in a DST gap reads as the time after the gap.
        if let (When::Timed { start: a, .. }, When::Timed { start: b, .. }) = (&data.when, &back[0].when)
            && a != b
        {
            prop_assert_eq!(data.when.start_instant(), back[0].when.start_instant());
            return Ok(());
        }
        prop_assert_eq!(&back[0], &data);
        read_with_icalendar_crate(&text);
    }
}

/// Rules our first expander refused, imported from a file: dates worked
/// out by hand.
#[test]
fn rules_beyond_the_common_subset_import() {
    let text = "BEGIN:VCALENDAR
BEGIN:VEVENT
UID:jiu@wto.example
SUMMARY:JIU coordination
DTSTART;TZID=Europe/Zurich:20260227T170000
DTEND;TZID=Europe/Zurich:20260227T180000
RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;UNTIL=20260630T235959Z
EXDATE;TZID=Europe/Zurich:20260430T170000
END:VEVENT
BEGIN:VEVENT
UID:wk@x
SUMMARY:Week 10 briefing
DTSTART;VALUE=DATE:20260302
RRULE:FREQ=YEARLY;BYWEEKNO=10;BYDAY=MO;COUNT=3
END:VEVENT
END:VCALENDAR
";
    let ms = parse(&crlf(text)).unwrap();
    let starts: Vec<String> = ms
        .iter()
        .filter(|m| m.series.as_deref() == Some("jiu@wto.example"))
        .map(|m| format!("{} {}", m.uid, m.when.start_instant()))
        .collect();
    // Last weekdays: Fri 27 Feb, Tue 31 Mar, (Thu 30 Apr excluded), Fri 29
    // May, Tue 30 Jun 2026; 17:00 in Geneva is 16:00 UTC in winter, 15:00
    // UTC from 29 March.
    assert_eq!(
        starts,
        [
            "jiu@wto.example/20260227 2026-02-27T16:00:00Z",
            "jiu@wto.example/20260331 2026-03-31T15:00:00Z",
            "jiu@wto.example/20260529 2026-05-29T15:00:00Z",
            "jiu@wto.example/20260630 2026-06-30T15:00:00Z",
        ]
    );
    // ISO week 10 begins Mon 2 Mar 2026, Mon 8 Mar 2027 (week 1 from 4 Jan)
    // and Mon 6 Mar 2028 (week 1 from 3 Jan).
    let days: Vec<String> = ms
        .iter()
        .filter(|m| m.series.as_deref() == Some("wk@x"))
        .map(|m| m.when.first_day().to_string())
        .collect();
    assert_eq!(days, ["2026-03-02", "2027-03-08", "2028-03-06"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any combination of rule parts, in any zone, is expanded within the
    /// bounds or refused with the RRULE's line, and never panics.
    #[test]
    fn any_rule_is_expanded_within_bounds_or_refused(
        freq in proptest::sample::select(vec!["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "INTERVAL=3", "COUNT=7", "UNTIL=20270101T000000Z", "UNTIL=20260401",
                "BYDAY=MO,FR", "BYDAY=-1SU", "BYDAY=2TU", "BYMONTHDAY=-1,15", "BYMONTH=2,3,10",
                "BYYEARDAY=1,-1,60", "BYWEEKNO=1,-1,13", "BYSETPOS=1,-1", "BYHOUR=0,2,23",
                "BYMINUTE=0,30", "BYSECOND=0", "WKST=SU",
            ]),
            0..5,
        ),
        zone in proptest::sample::select(vec!["Europe/Zurich", "America/Santiago", "Africa/Cairo", "UTC"]),
        day in 1u8..=28,
        hour in 0u8..24,
    ) {
        let mut rule = vec![format!("FREQ={freq}")];
        for p in &parts {
            let key = p.split('=').next().unwrap_or("");
            if !rule.iter().any(|r| r.starts_with(key)) {
                rule.push(p.to_string());
            }
        }
        let dtstart = if zone == "UTC" {
            format!("DTSTART:202603{day:02}T{hour:02}3000Z")
        } else {
            format!("DTSTART;TZID={zone}:202603{day:02}T{hour:02}3000")
        };
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r@x\r\nSUMMARY:s\r\n{dtstart}\r\nRRULE:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            rule.join(";")
        );
        match parse(&text) {
            Ok(ms) => {
                prop_assert!(!ms.is_empty() && ms.len() <= 1000, "{} meetings", ms.len());
                let first = ms[0].when.start_instant();
                for m in &ms {
                    prop_assert!(m.when.start_instant() >= first);
                    if !rule.iter().any(|r| r.starts_with("COUNT") || r.starts_with("UNTIL")) {
                        prop_assert!(m.when.start_instant() <= first + jiff::SignedDuration::from_hours(24 * (366 * 2 + 2)));
                    }
                }
            }
            Err(e) => prop_assert_eq!(e.line, 6, "{}", e),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the properties of an event, the parser answers (a meeting
    /// or an error naming a line), and never panics.
    #[test]
    fn any_event_is_read_or_refused_without_panicking(
        props in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID",
                    "SUMMARY", "UID", "CATEGORIES", "X-SOUTHDESK-ROLES", "STATUS",
                    "DTSTART;TZID=Europe/Zurich", "DTSTART;VALUE=DATE", "DTEND;TZID=\"a:b\"",
                ]),
                "[ -~é南]{0,40}",
            ),
            0..8,
        ),
    ) {
        let mut text = String::from("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:s\r\nDTSTART:20260101T000000Z\r\n");
        for (name, value) in &props {
            text.push_str(&format!("{name}:{value}\r\n"));
        }
        text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
        if let Err(e) = parse(&text) {
            prop_assert!(e.line >= 1 && e.line <= text.lines().count(), "{e}");
        }
    }
}

#[test]
fn huge_durations_are_refused_not_a_panic() {
    for d in [
        "P99999999999999W",
        "P99999999999999D",
        "PT99999999999999H",
        "PT99999999999999M",
        "PT99999999999999999S",
        "P999999W",
    ] {
        let timed = error(&one_event(&format!(
            "DTSTART:20260310T100000Z\nDURATION:{d}"
        )));
        assert!(timed.starts_with("line 8, event \"e1@x\""), "{d}: {timed}");
        let all_day = error(&one_event(&format!(
            "DTSTART;VALUE=DATE:20260310\nDURATION:{d}"
        )));
        assert!(
            all_day.starts_with("line 8, event \"e1@x\""),
            "{d}: {all_day}"
        );
    }
}

#[test]
fn an_online_link_must_be_a_web_address() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "https://ok.example/a b",
    ] {
        let e = error(&one_event(&format!(
            "DTSTART:20260310T100000Z\nDTEND:20260310T110000Z\nURL:{url}"
        )));
        assert!(e.contains("is not a web address"), "{url}: {e}");
    }
    let ok = parse(&crlf(&one_event(
        "DTSTART:20260310T100000Z\nDTEND:20260310T110000Z\nURL:https://wipo.zoom.example/j/123",
    )))
    .unwrap();
    assert_eq!(
        ok[0].online_url.as_deref(),
        Some("https://wipo.zoom.example/j/123")
    );
}

/// Found by fuzzing (fuzz/regressions/ics): a UID with escapes or a
/// control character came back from our own feed as another UID.
#[test]
fn uids_read_back_from_a_feed_unchanged() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\\,b\\;c\u{8}d@x\nSUMMARY:S\u{8}x\nDTSTART;VALUE=DATE:20260302\nEND:VEVENT\nEND:VCALENDAR\n";
    let ms = parse(text).unwrap();
    assert_eq!(ms[0].uid, "a,b;cd@x");
    assert_eq!(ms[0].title, "Sx");
    let again = parse(&feed(&stored(ms.clone()))).unwrap();
    assert_eq!(again, ms);
}
