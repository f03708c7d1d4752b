//! iCalendar import and feeds: `parse_ics` never panics; every error names
//! a line of the file; and what it reads, written as a feed by `write_ics`
//! and read again, gives the same meetings (a wall-clock time that falls in
//! a daylight-saving gap may be written as the time after the gap: then the
//! instants agree). Every line of the feed is at most 75 octets and ends in
//! CRLF.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use southdesk_calendar::ics::Feed;
use southdesk_calendar::{Forums, Meeting, MeetingData, When, parse_ics, write_ics};
use southdesk_plan::Plan;

fn context() -> &'static (Forums, Plan) {
    static CONTEXT: OnceLock<(Forums, Plan)> = OnceLock::new();
    CONTEXT.get_or_init(|| (Forums::embedded(), Plan::embedded_2026_2028()))
}

fn same_time(a: &When, b: &When) -> bool {
    match (a, b) {
        (When::Timed { tz: ta, .. }, When::Timed { tz: tb, .. }) => {
            ta == tb && a.start_instant() == b.start_instant() && a.end_instant() == b.end_instant()
        }
        _ => a == b,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (forums, plan) = context();
    let read = match parse_ics(text, forums, plan) {
        Ok(read) => read,
        Err(e) => {
            let lines = text.split('\n').count();
            assert!(
                (1..=lines.max(1)).contains(&e.line),
                "error on line {} of a file of {lines} lines: {e}",
                e.line
            );
            return;
        }
    };
    let meetings: Vec<Meeting> = read
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, data)| Meeting {
            id: i as i64 + 1,
            data,
            links: vec![],
        })
        .collect();
    let feed = write_ics(
        &Feed {
            name: "fuzz",
            base_url: Some("https://desk.example"),
            now: jiff::Timestamp::from_second(1_780_000_000).unwrap(),
        },
        &meetings,
    );
    for line in feed.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "line without CRLF: {line:?}");
        assert!(line.len() <= 77, "line of {} octets: {line:?}", line.len());
    }
    let again: Vec<MeetingData> = parse_ics(&feed, forums, plan)
        .unwrap_or_else(|e| panic!("our feed does not read back: {e}\n{feed}"));
    assert_eq!(again.len(), read.len(), "{feed}");
    for (a, b) in read.iter().zip(&again) {
        if a.when != b.when && same_time(&a.when, &b.when) {
            let mut b = b.clone();
            b.when = a.when.clone();
            assert_eq!(*a, b, "{feed}");
        } else {
            assert_eq!(a, b, "{feed}");
        }
    }
});
