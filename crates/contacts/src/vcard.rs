//! A list of people as vCard 4.0 (RFC 6350), for address books. Written
//! with the `vcard4` library: one card per person, the name as the person
//! writes it (and the Latin spelling as a second `FN`), the post and its
//! organisation, e-mails, phones, languages, themes as categories, notes.

use vcard4::VcardBuilder;

use crate::sheet::ListedPerson;

/// The `UID` of a person's card: a URI that stays when the person's name
/// or e-mail changes.
pub fn person_uid(id: i64) -> String {
    format!("urn:southdesk:person:{id}")
}

/// The cards of `people`, one after the other. `uid` gives each card's
/// `UID` (a URI) from the person's id.
pub fn write_people_vcard(people: &[ListedPerson<'_>], uid: impl Fn(i64) -> String) -> String {
    let mut out = String::new();
    for l in people {
        let p = l.person;
        let text = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
        let mut card = VcardBuilder::new(text(&p.name));
        if let Some(latin) = p.latin_name.as_deref().filter(|l| *l != p.name) {
            card = card.formatted_name(text(latin));
        }
        if let Some(h) = &l.post {
            card = card.title(text(h.title)).org(vec![text(h.organisation)]);
        }
        for e in &p.emails {
            card = card.email(e.clone());
        }
        for t in &p.phones {
            card = card.telephone(t.clone());
        }
        for lang in &p.languages {
            card = card.lang(lang.clone());
        }
        if !p.themes.is_empty() {
            card = card.categories(p.themes.clone());
        }
        if !p.notes.is_empty() {
            card = card.note(text(&p.notes));
        }
        if let Ok(u) = uid(l.id).parse() {
            card = card.uid(u);
        }
        out.push_str(&card.finish().to_string());
    }
    out
}
