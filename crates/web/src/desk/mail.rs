//! The words of the desk's notifications. A notice is written in the
//! request's language (the one its requester wrote in); the email body
//! then repeats it in the other three languages, so that whoever opens it,
//! at the Secretariat or in a capital, finds it in their own. The messages
//! are the `mail-*` ids of `i18n/{zh,en,fr,es}/main.ftl`.

use fluent_templates::fluent_bundle::FluentValue;
use southdesk_plan::requests::{Requester, Status};
use southdesk_plan::{Account, Lang};
use southdesk_store::requests::{Notice, Request};
use time::Date;

use crate::app::i18n::Tr;
use crate::app::state::MailSettings as Settings;

use super::labels;

/// What a notice tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Says {
    /// To the submitter: the request is stored; it will be acknowledged
    /// within `working_days` of `on`.
    Received { on: Date, working_days: u32 },
    /// To a member of staff: the request is theirs.
    Assigned,
    /// The request moved to this status.
    Status(Status),
    /// To the submitter: a coordinator triaged the request.
    Acknowledged,
    /// To the submitter: a comment they can read.
    Comment,
    /// The request is past its acknowledgement or delivery date.
    Overdue,
    /// To the submitter: an output answers the request (its title in
    /// [`About::output`], its address in [`About::output_href`] when they
    /// may open it).
    Delivered,
    /// To the submitter: a delivery note (its text in [`About::note`])
    /// instead of an output they may not open.
    Note,
}

impl Says {
    /// The inbox kind (`received`, `assigned`, `status`, `comment`,
    /// `overdue`).
    fn kind(self) -> &'static str {
        match self {
            Says::Received { .. } => "received",
            Says::Assigned => "assigned",
            Says::Status(_) | Says::Acknowledged => "status",
            Says::Comment | Says::Note => "comment",
            Says::Overdue => "overdue",
            Says::Delivered => "status",
        }
    }

    /// The stem of its message ids, `{stem}-subject` and `-body`.
    fn stem(self) -> &'static str {
        match self {
            Says::Received { .. } => "mail-received",
            Says::Assigned => "mail-assigned",
            Says::Status(_) => "mail-status",
            Says::Acknowledged => "mail-acknowledged",
            Says::Comment => "mail-comment",
            Says::Overdue => "mail-overdue",
            Says::Delivered => "desk-mail-delivered",
            Says::Note => "desk-mail-note",
        }
    }

    /// What the inbox calls it (`desk-inbox-{name}`).
    fn name(self) -> &'static str {
        match self {
            Says::Received { .. } => "received",
            Says::Assigned => "assigned",
            Says::Status(_) => "status",
            Says::Acknowledged => "acknowledged",
            Says::Comment => "comment",
            Says::Overdue => "overdue",
            Says::Delivered => "delivered",
            Says::Note => "note",
        }
    }
}

/// The request a notice is about: what the requester wrote, before or
/// after it was stored.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    /// `None` before the request is stored.
    pub id: Option<i64>,
    pub title: &'a str,
    pub requester: &'a Requester,
    /// The request's language code (`zh`, `en`, `fr`, `es`).
    pub lang: &'a str,
    /// Who did what the notice tells (a name).
    pub by: Option<&'a str>,
    /// The title of the output delivered.
    pub output: Option<&'a str>,
    /// Where the requester opens it (when they may).
    pub output_href: Option<&'a str>,
    /// The text of a delivery note.
    pub note: Option<&'a str>,
}

impl<'a> About<'a> {
    /// About a request not yet stored.
    pub fn new(title: &'a str, requester: &'a Requester, lang: &'a str) -> About<'a> {
        About {
            id: None,
            title,
            requester,
            lang,
            by: None,
            output: None,
            output_href: None,
            note: None,
        }
    }
}

impl<'a> From<&'a Request> for About<'a> {
    fn from(r: &'a Request) -> About<'a> {
        About {
            id: Some(r.id),
            ..About::new(&r.title, &r.requester, &r.lang)
        }
    }
}

/// What the inbox needs to say what changed, in its reader's language.
pub fn detail(about: &About, says: Says) -> String {
    let mut d = serde_json::json!({ "says": says.name(), "title": about.title });
    if let Says::Status(s) = says {
        d["status"] = s.as_str().into();
    }
    if let Some(by) = about.by {
        d["by"] = by.into();
    }
    if let Some(o) = about.output {
        d["output"] = o.into();
    }
    d.to_string()
}

/// The line of the inbox for a notice whose `detail` is [`detail`]'s (or
/// names its own line, as a reminder of an agreement does), in `tr`'s
/// language; `None` for notices without one.
pub fn inbox_line(tr: &Tr, detail: &str) -> Option<String> {
    let d: serde_json::Value = serde_json::from_str(detail).ok()?;
    // A notice about another record than a request names its own line
    // (`inbox-agreement-expiring`), with a title and a day.
    if let Some(line) = d["line"].as_str().filter(|l| l.starts_with("inbox-")) {
        let day = d["date"].as_str().and_then(|s| {
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
        });
        return Some(tr.ta(
            line,
            &[
                (
                    "title",
                    d["title"].as_str().unwrap_or_default().to_string().into(),
                ),
                ("date", day.map(|x| tr.date(x)).unwrap_or_default().into()),
            ],
        ));
    }
    let says = d["says"].as_str()?;
    let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
    let mut args: Vec<(&'static str, FluentValue<'static>)> = vec![
        ("title", text("title").into()),
        ("by", text("by").into()),
        ("output", text("output").into()),
    ];
    if let Some(s) = d["status"].as_str().and_then(Status::parse) {
        args.push(("status", labels::status_label(tr, s).into()));
    }
    const NAMES: [&str; 8] = [
        "received",
        "assigned",
        "status",
        "acknowledged",
        "comment",
        "overdue",
        "delivered",
        "note",
    ];
    NAMES
        .contains(&says)
        .then(|| tr.ta(&format!("desk-inbox-{says}"), &args))
}

fn args(
    tr: Tr,
    about: &About,
    says: Says,
    settings: &Settings,
) -> Vec<(&'static str, FluentValue<'static>)> {
    let mut a: Vec<(&'static str, FluentValue<'static>)> = vec![
        ("title", about.title.to_string().into()),
        (
            "requester",
            labels::requester_name(&tr, about.requester).into(),
        ),
    ];
    if let Some(id) = about.id {
        a.push(("id", id.to_string().into()));
    }
    match says {
        Says::Received { on, working_days } => {
            a.push(("date", tr.date(on).into()));
            a.push(("days", i64::from(working_days).into()));
        }
        Says::Status(s) => a.push(("status", labels::status_label(&tr, s).into())),
        _ => {}
    }
    for (k, v) in [
        ("by", about.by),
        ("output", about.output),
        ("note", about.note),
    ] {
        a.push((k, v.unwrap_or_default().to_string().into()));
    }
    let link = match (about.output_href, &settings.link_base) {
        (Some(h), Some(base)) => format!("{base}{h}"),
        (Some(h), None) => h.to_string(),
        (None, _) => String::new(),
    };
    a.push(("link", link.into()));
    a
}

/// Between the languages of an email body.
pub const SEPARATOR: &str = "\n\n---\n\n";

/// The languages of a notice: the request's first, then the others in
/// their usual order.
pub fn languages(first: Lang) -> impl Iterator<Item = Lang> {
    std::iter::once(first).chain(Lang::ALL.into_iter().filter(move |l| *l != first))
}

/// The notice to `to` that `says` of the request `about`.
pub fn notice(to: &Account, about: &About, says: Says, settings: &Settings) -> Notice {
    let first = Lang::parse(about.lang).unwrap_or(Lang::En);
    let stem = says.stem();
    let subject = {
        let tr = Tr::new(first);
        tr.ta(&format!("{stem}-subject"), &args(tr, about, says, settings))
    };
    let body = languages(first)
        .map(|lang| {
            let tr = Tr::new(lang);
            tr.ta(&format!("{stem}-body"), &args(tr, about, says, settings))
        })
        .collect::<Vec<_>>()
        .join(SEPARATOR);
    let body = match (&settings.link_base, about.id) {
        (Some(base), Some(id)) => format!("{body}\n\n{base}/requests/{id}"),
        (Some(base), None) => format!("{body}\n\n{base}/requests"),
        (None, _) => body,
    };
    Notice {
        account_id: to.id,
        email: to.email.clone(),
        kind: says.kind().into(),
        subject,
        body,
        send_email: settings.email_on.contains(&says.kind()),
        detail: detail(about, says),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::MISSING_MARKER;
    use crate::app::state::KINDS;
    use southdesk_plan::Role;
    use time::macros::date;

    fn account() -> Account {
        Account {
            id: 7,
            email: "d@bra.example".into(),
            name: "D".into(),
            role: Role::Delegate,
            programme: None,
            member: Some("BRA".into()),
            group: None,
            disabled: false,
        }
    }

    const ALL: [Says; 8] = [
        Says::Received {
            on: date!(2026 - 11 - 24),
            working_days: 3,
        },
        Says::Assigned,
        Says::Status(Status::InProgress),
        Says::Acknowledged,
        Says::Comment,
        Says::Overdue,
        Says::Delivered,
        Says::Note,
    ];

    #[test]
    fn every_notice_exists_in_four_languages_request_language_first() {
        let bra = Requester::Member("BRA".into());
        for lang in Lang::ALL {
            for says in ALL {
                let about = About {
                    id: Some(42),
                    title: "渔业补贴",
                    requester: &bra,
                    lang: lang.code(),
                    by: None,
                    output: None,
                    output_href: None,
                    note: None,
                };
                let n = notice(&account(), &about, says, &Settings::default());
                assert!(!n.subject.contains(MISSING_MARKER), "{lang} {says:?}");
                assert!(!n.body.contains(MISSING_MARKER), "{lang} {says:?}");
                assert!(n.subject.contains("渔业补贴"), "{}", n.subject);
                let parts: Vec<&str> = n.body.split(SEPARATOR).collect();
                assert_eq!(parts.len(), 4, "{}", n.body);
                // The first part is in the request's language and the four
                // differ from one another.
                let tr = Tr::new(lang);
                assert_eq!(
                    parts[0],
                    tr.ta(
                        &format!("{}-body", says.stem()),
                        &args(tr, &about, says, &Settings::default())
                    )
                );
                for (i, a) in parts.iter().enumerate() {
                    for b in &parts[i + 1..] {
                        assert_ne!(a, b, "{lang} {says:?}");
                    }
                }
                if !matches!(says, Says::Received { .. }) {
                    assert!(n.subject.contains("42"), "{}", n.subject);
                }
            }
        }
    }

    #[test]
    fn names_statuses_and_dates_are_in_each_language() {
        let bra = Requester::Member("BRA".into());
        let about = About {
            id: Some(5),
            title: "Fisheries",
            requester: &bra,
            lang: "zh",
            by: None,
            output: None,
            output_href: None,
            note: None,
        };
        let n = notice(
            &account(),
            &about,
            Says::Status(Status::InProgress),
            &Settings::default(),
        );
        assert!(n.subject.contains("Fisheries"));
        let [zh, en, fr, es]: [&str; 4] = n
            .body
            .split("\n\n---\n\n")
            .collect::<Vec<_>>()
            .try_into()
            .unwrap();
        assert!(zh.contains(&labels::status_label(
            &Tr::new(Lang::Zh),
            Status::InProgress
        )));
        assert!(en.contains("In progress"), "{en}");
        assert!(fr.contains(&labels::status_label(
            &Tr::new(Lang::Fr),
            Status::InProgress
        )));
        assert!(es.contains(&labels::status_label(
            &Tr::new(Lang::Es),
            Status::InProgress
        )));
        let n = notice(
            &account(),
            &About { id: None, ..about },
            Says::Received {
                on: date!(2026 - 11 - 24),
                working_days: 3,
            },
            &Settings::default(),
        );
        assert!(n.body.contains("巴西"), "{}", n.body);
        assert!(n.body.contains("Brazil"), "{}", n.body);
        assert!(n.body.contains("24 November 2026"), "{}", n.body);
        assert_eq!(n.kind, "received");
        assert_eq!(
            notice(&account(), &about, Says::Acknowledged, &Settings::default()).kind,
            "status"
        );
    }

    #[test]
    fn settings_choose_the_emails_and_the_link() {
        assert_eq!(Settings::parse_email_on("all").unwrap(), KINDS);
        assert!(Settings::parse_email_on("none").unwrap().is_empty());
        assert_eq!(
            Settings::parse_email_on(" overdue, assigned,overdue").unwrap(),
            ["overdue", "assigned"]
        );
        let e = Settings::parse_email_on("assigned,late").unwrap_err();
        assert!(e.contains("\"late\"") && e.contains("received"), "{e}");

        let bra = Requester::Member("BRA".into());
        let about = About {
            id: Some(9),
            title: "T",
            requester: &bra,
            lang: "en",
            by: None,
            output: None,
            output_href: None,
            note: None,
        };
        let settings = Settings {
            email_on: vec!["overdue"],
            ..Settings::default()
        }
        .with_link_base(Some("https://desk.example/ "));
        let n = notice(&account(), &about, Says::Overdue, &settings);
        assert!(n.send_email);
        assert!(
            n.body.ends_with("\n\nhttps://desk.example/requests/9"),
            "{}",
            n.body
        );
        let n = notice(&account(), &about, Says::Assigned, &settings);
        assert!(!n.send_email, "assigned is not among the emails");
        let n = notice(
            &account(),
            &About { id: None, ..about },
            Says::Received {
                on: date!(2026 - 11 - 24),
                working_days: 2,
            },
            &settings,
        );
        assert!(
            n.body.ends_with("https://desk.example/requests"),
            "{}",
            n.body
        );
        let n = notice(
            &account(),
            &about,
            Says::Comment,
            &Settings::default().with_link_base(Some("  ")),
        );
        assert!(!n.body.contains("http"), "{}", n.body);
    }
}
