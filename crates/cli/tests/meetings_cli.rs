//! End-to-end tests of `southdesk meetings import` and `southdesk meetings
//! list`: a real file with time zones and a recurring session, and each
//! kind of bad input (a clear one-line error naming the event, nothing
//! half-imported).

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_southdesk"))
        .env_remove("SOUTHDESK_DATA")
        .env_remove("SOUTHDESK_DATABASE")
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("run southdesk")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const GOOD: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:gc-march@wto.example\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Zurich:20260331T100000\r
DTEND;TZID=Europe/Zurich:20260331T180000\r
SUMMARY:WTO General Council\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:gc-nov@wto.example\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=Europe/Zurich:20261110T100000\r
DURATION:PT8H\r
SUMMARY:WTO General Council\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:igc@wipo.example\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20260601\r
DTEND;VALUE=DATE:20260602\r
RRULE:FREQ=DAILY;COUNT=3\r
SUMMARY:IGC informal sessions on genetic resources\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn import_then_list_with_filters() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let file = data.join("forums.ics");
    std::fs::write(&file, GOOD).unwrap();
    let o = run(&["meetings", "import", file.to_str().unwrap()], data);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o),
        format!("imported 5 meetings from {}\n", file.display())
    );

    let o = run(&["meetings", "list"], data);
    assert!(o.status.success(), "{}", err(&o));
    let lines: Vec<String> = out(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 5, "{lines:#?}");
    assert!(
        lines[0].contains("\t2026-03-31 10:00\t2026-03-31 18:00\tEurope/Zurich\tplanned\twto-gc\t"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("\t2026-06-01\t2026-06-01\tall-day\tplanned\twipo-igc\t"),
        "{}",
        lines[1]
    );
    assert!(
        lines[4].contains("\t2026-11-10 10:00\t2026-11-10 18:00\tEurope/Zurich"),
        "{}",
        lines[4]
    );

    let o = run(
        &[
            "meetings",
            "list",
            "--from",
            "2026-06-02",
            "--to",
            "2026-06-30",
        ],
        data,
    );
    assert_eq!(out(&o).lines().count(), 2, "{}", out(&o));
    let o = run(&["meetings", "list", "--theme", "biodiversity"], data);
    assert_eq!(out(&o).lines().count(), 3, "{}", out(&o));
    let o = run(&["meetings", "list", "--theme", "weather"], data);
    assert!(!o.status.success());
    assert!(
        err(&o).starts_with("error: no theme \"weather\" in the adopted plan"),
        "{}",
        err(&o)
    );
    let o = run(&["meetings", "list", "--from", "June"], data);
    assert!(!o.status.success());

    // The same file again: the duplicate UID is named, nothing is added.
    let o = run(&["meetings", "import", file.to_str().unwrap()], data);
    assert!(!o.status.success());
    assert_eq!(
        err(&o),
        format!(
            "error: {}: duplicate UID \"gc-march@wto.example\" (WTO General Council): a meeting with this UID is already stored; nothing was imported\n",
            file.display()
        )
    );
    assert_eq!(out(&run(&["meetings", "list"], data)).lines().count(), 5);

    // With --update, the General Council moved by the secretariat is
    // updated in place; the rest is unchanged.
    let moved = GOOD
        .replacen(
            "DTSTART;TZID=Europe/Zurich:20260331T100000",
            "DTSTART;TZID=Europe/Zurich:20260401T100000",
            1,
        )
        .replacen(
            "DTEND;TZID=Europe/Zurich:20260331T180000",
            "DTEND;TZID=Europe/Zurich:20260401T180000",
            1,
        );
    assert_ne!(moved, GOOD);
    std::fs::write(&file, &moved).unwrap();
    let o = run(
        &["meetings", "import", "--update", file.to_str().unwrap()],
        data,
    );
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o),
        format!(
            "imported 0 meetings from {}: 1 updated, 4 unchanged\n",
            file.display()
        )
    );
    let lines: Vec<String> = out(&run(&["meetings", "list"], data))
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].contains("\t2026-04-01 10:00\t"), "{}", lines[0]);
}

#[test]
fn bad_files_are_refused_whole_with_the_line_and_the_event() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let cases = [
        (
            "malformed.ics",
            GOOD.replace(
                "DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE",
                "DTSTAMP 20260101T000000Z\r\nDTSTART;VALUE=DATE",
            ),
            "line 20: `DTSTAMP 20260101T000000Z` is not a content line (no `:`)",
        ),
        (
            "backwards.ics",
            GOOD.replace("20261110T100000", "20261110T190000")
                .replace("DURATION:PT8H", "DTEND;TZID=Europe/Zurich:20261110T180000"),
            "line 15, event \"gc-nov@wto.example\" (WTO General Council): it ends (2026-11-10T18:00:00 Europe/Zurich) before it starts (2026-11-10T19:00:00 Europe/Zurich)",
        ),
        (
            "zone.ics",
            GOOD.replace("TZID=Europe/Zurich:20261110", "TZID=Europe/Genf:20261110"),
            "line 14, event \"gc-nov@wto.example\" (WTO General Council): unknown time zone \"Europe/Genf\" in DTSTART",
        ),
        (
            "twice.ics",
            GOOD.replace("UID:gc-nov@wto.example", "UID:gc-march@wto.example"),
            "line 11, event \"gc-march@wto.example\" (WTO General Council): duplicate UID \"gc-march@wto.example\": another event in the file has it",
        ),
    ];
    for (name, text, message) in cases {
        let file = data.join(name);
        std::fs::write(&file, text).unwrap();
        let o = run(&["meetings", "import", file.to_str().unwrap()], data);
        assert!(!o.status.success(), "{name} imported");
        let e = err(&o);
        assert!(
            e.starts_with(&format!("error: {}: {message}", file.display())),
            "{name}: {e}"
        );
        assert_eq!(e.lines().count(), 1, "{name}: one line: {e}");
    }
    let o = run(&["meetings", "list"], data);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o), "", "nothing was imported");
    let o = run(&["meetings", "import", "/no/such/file.ics"], data);
    assert!(
        err(&o).starts_with("error: cannot read /no/such/file.ics"),
        "{}",
        err(&o)
    );
}
