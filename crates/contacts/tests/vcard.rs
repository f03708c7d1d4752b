//! The vCard export, read back by an independent parser (the `ical`
//! crate's `VcardParser`, not the library that writes it).

use std::io::BufReader;

use southdesk_contacts::{
    Consent, HeldPost, ListedPerson, OrgKind, PersonData, write_people_vcard,
};
use time::macros::date;

/// A property's values, unescaped as RFC 6350 §3.4 says.
fn values(card: &ical::parser::vcard::component::VcardContact, name: &str) -> Vec<String> {
    card.properties
        .iter()
        .filter(|p| p.name.eq_ignore_ascii_case(name))
        .map(|p| {
            let v = p.value.clone().unwrap_or_default();
            let mut out = String::new();
            let mut chars = v.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some('n' | 'N') => out.push('\n'),
                        Some(other) => out.push(other),
                        None => {}
                    }
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect()
}

#[test]
fn every_person_is_one_card_that_an_address_book_reads_back() {
    let mut wang = PersonData {
        latin_name: Some("Wang Yi".into()),
        emails: vec![
            "wang.yi@mission.example.org".into(),
            "wy@mail.example.org".into(),
        ],
        phones: vec!["+41 22 555 01 02".into()],
        languages: vec!["zh".into(), "en".into()],
        themes: vec!["trade".into(), "health".into()],
        notes: "Follows TRIPS, and the pandemic agreement; met at MC14.\r\nPrefers calls.".into(),
        consent: Some(Consent {
            given: true,
            source: "card".into(),
            on: date!(2026 - 03 - 02),
        }),
        ..PersonData::new("王毅")
    };
    wang.check(|_| true).unwrap();
    let long_org = "Permanent Mission of the Plurinational State of Bolivia to the United Nations Office at Geneva";
    let ana = PersonData::new("Ana María Pérez-Quispe");
    let list = [
        ListedPerson {
            id: 7,
            person: &wang,
            post: Some(HeldPost {
                organisation: "Permanent Mission of China; Geneva",
                kind: OrgKind::PermanentMission,
                country: Some("CHN"),
                title: "Counsellor, TRIPS",
                since: date!(2025 - 09 - 01),
            }),
        },
        ListedPerson {
            id: 8,
            person: &ana,
            post: Some(HeldPost {
                organisation: long_org,
                kind: OrgKind::PermanentMission,
                country: Some("BOL"),
                title: "First Secretary",
                since: date!(2024 - 01 - 15),
            }),
        },
    ];
    let text = write_people_vcard(&list, |id| format!("urn:southdesk:person:{id}"));
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "{line:?}");
        assert!(
            line.len() <= 77,
            "a line of {} octets: {line:?}",
            line.len()
        );
    }
    let cards: Vec<_> = ical::VcardParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(cards.len(), 2, "{text}");

    let w = &cards[0];
    assert_eq!(values(w, "VERSION"), ["4.0"]);
    assert_eq!(values(w, "FN"), ["王毅", "Wang Yi"]);
    assert_eq!(
        values(w, "EMAIL"),
        ["wang.yi@mission.example.org", "wy@mail.example.org"]
    );
    assert_eq!(values(w, "TEL"), ["+41 22 555 01 02"]);
    assert_eq!(values(w, "LANG"), ["zh", "en"]);
    assert_eq!(values(w, "TITLE"), ["Counsellor, TRIPS"]);
    assert_eq!(values(w, "ORG"), ["Permanent Mission of China; Geneva"]);
    assert_eq!(values(w, "CATEGORIES"), ["trade,health"]);
    assert_eq!(
        values(w, "NOTE"),
        ["Follows TRIPS, and the pandemic agreement; met at MC14.\nPrefers calls."]
    );
    assert_eq!(values(w, "UID"), ["urn:southdesk:person:7"]);

    let a = &cards[1];
    assert_eq!(values(a, "FN"), ["Ana María Pérez-Quispe"]);
    assert_eq!(values(a, "ORG"), [long_org], "a folded line unfolds");
    assert!(values(a, "EMAIL").is_empty());
}
