//! The request desk as the pages and the API share it: intake (tagging,
//! routing, acknowledgement deadline, receipt notices), reading a request
//! as someone allowed to, and changing it. Every decision of who may do
//! what is asked of `plan::authz::allowed`; the rules of a request's life
//! are `plan::requests`; storage is the [`RequestStore`].

use std::sync::LazyLock;

use sha2::{Digest, Sha256};
use southdesk_plan::Account;
use southdesk_plan::authz::{Action, allowed};
use southdesk_plan::requests::{
    self as rules, Calendar, Channel, LinkKind, Mode, RequestError, Requester, Routing, StepKind,
};
use southdesk_store::StoreError;
use southdesk_store::requests::{
    Change, Idempotency, NewAttachment, NewRequest, Notice, Request, RequestQuery, Submitted,
};
use time::{Date, OffsetDateTime};

use southdesk_common::sha256_hex;

use crate::app::AppState;
use crate::app::labels::members;
use crate::app::state::MailSettings;

use super::mail::{self, Says};

static CALENDAR: LazyLock<Calendar> = LazyLock::new(Calendar::embedded);

pub fn calendar() -> &'static Calendar {
    &CALENDAR
}

pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Why the desk refused.
#[derive(Debug)]
pub enum DeskError {
    /// Not allowed (403).
    Forbidden,
    NotFound,
    /// The input breaks a rule (422; 413 when too large).
    Invalid(RequestError),
    /// Unreadable input: `code`, message (400 / 422).
    BadInput(&'static str, String),
    /// The stored state does not allow it (409).
    Conflict(String),
    Store(StoreError),
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> DeskError {
        match e {
            StoreError::NotFound { .. } => DeskError::NotFound,
            StoreError::Conflict(m) => DeskError::Conflict(m),
            StoreError::Invalid(m) => DeskError::BadInput("invalid", m),
            other => DeskError::Store(other),
        }
    }
}

impl From<RequestError> for DeskError {
    fn from(e: RequestError) -> DeskError {
        DeskError::Invalid(e)
    }
}

/// A submission, as the form or the API sends it.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// `None`: the delegate's own member state or group.
    pub requester: Option<Requester>,
    pub contact: String,
    pub title: String,
    pub text: String,
    pub lang: String,
    pub mode: String,
    pub forum: Option<String>,
    pub meeting: Option<String>,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
    pub confidential: bool,
    pub channel: Option<Channel>,
    /// (file name, content type, bytes).
    pub attachments: Vec<(String, String, Vec<u8>)>,
    pub idempotency_key: Option<String>,
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The member state or group a delegate speaks for.
pub fn own_party(a: &Account) -> Option<Requester> {
    match (&a.member, &a.group) {
        (Some(m), _) => Some(Requester::Member(m.clone())),
        (None, Some(g)) => Some(Requester::Group(g.clone())),
        _ => None,
    }
}

pub fn parse_date(s: &str) -> Result<Date, DeskError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), format).map_err(|_| {
        DeskError::BadInput(
            "invalid_date",
            format!("{s:?} is not a date (expected YYYY-MM-DD)"),
        )
    })
}

/// Stores a submission by `user`: checks who it is for and what it holds,
/// tags it, routes it, and stores it with its receipt notice in one
/// transaction.
pub async fn submit(
    state: &AppState,
    user: &Account,
    sub: Submission,
    default_channel: Channel,
) -> Result<Submitted, DeskError> {
    let own = own_party(user);
    let requester = match (sub.requester.clone(), own) {
        (Some(r), _) => r,
        (None, Some(own)) => own,
        (None, None) => {
            return Err(DeskError::BadInput(
                "no_requester",
                "say which member state or group makes the request".into(),
            ));
        }
    };
    if !allowed(
        Some(user),
        &Action::SubmitRequest {
            for_party: requester.party(),
        },
    ) {
        return Err(DeskError::Forbidden);
    }
    let mode = Mode::parse(sub.mode.trim()).ok_or_else(|| {
        DeskError::BadInput("invalid_mode", format!("unknown mode {:?}", sub.mode))
    })?;
    let lang = match sub.lang.trim() {
        "" => "en".to_string(),
        l @ ("zh" | "en" | "fr" | "es") => l.to_string(),
        other => {
            return Err(DeskError::BadInput(
                "invalid_lang",
                format!("unknown language {other:?} (zh, en, fr, es)"),
            ));
        }
    };
    let deadline = blank(&sub.deadline).map(|d| parse_date(&d)).transpose()?;
    let channel = sub.channel.unwrap_or(default_channel);
    if matches!(channel, Channel::Email | Channel::Meeting) && !user.role.is_secretariat() {
        return Err(DeskError::Forbidden);
    }
    let today = today();
    let sizes: Vec<(&str, usize)> = sub
        .attachments
        .iter()
        .map(|(n, _, b)| (n.as_str(), b.len()))
        .collect();
    let forum = blank(&sub.forum);
    let meeting = blank(&sub.meeting);
    rules::check_new(
        members(),
        today,
        &rules::Intake {
            requester: &requester,
            title: &sub.title,
            text: &sub.text,
            contact: &sub.contact,
            forum: forum.as_deref(),
            meeting: meeting.as_deref(),
            deadline,
            attachments: &sizes,
        },
    )?;

    let fingerprint = {
        let mut h = Sha256::new();
        for part in [
            requester.key().as_str(),
            sub.contact.as_str(),
            sub.title.as_str(),
            sub.text.as_str(),
            mode.as_str(),
            forum.as_deref().unwrap_or(""),
            meeting.as_deref().unwrap_or(""),
            sub.deadline.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        for (n, _, b) in &sub.attachments {
            h.update(n.as_bytes());
            h.update(sha256_hex(b).as_bytes());
        }
        h.finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };

    let tagger = state.tagger.clone();
    let text = format!("{}\n{}", sub.title, sub.text);
    let tags = tokio::task::spawn_blocking(move || {
        tagger.tag(&text, &southdesk_tagger::TagOptions { all: false })
    })
    .await
    .map_err(|e| DeskError::BadInput("tagging_failed", e.to_string()))?;
    let plan = state.adopted_plan().await?;
    let scored: Vec<(String, f32)> = tags
        .themes
        .iter()
        .map(|t| (t.id.clone(), t.score))
        .collect();
    let routing = match &plan {
        Some(p) => rules::route(p, &scored),
        None => Routing {
            out_of_plan: true,
            ..Routing::default()
        },
    };
    let sdgs: Vec<u8> = tags.sdgs.iter().map(|s| s.goal).collect();
    let tags_json = serde_json::to_string(&tags).unwrap_or_else(|_| "{}".into());

    let title = sub.title.trim().to_string();
    // A notice carries the request's title: only to a submitter who may
    // open the request (staff logging one for a member state may not).
    let may_open = allowed(
        Some(user),
        &Action::ViewRequest(southdesk_plan::authz::RequestFacts {
            requester: requester.party(),
            programme: routing.lead.as_deref(),
            assignees: &[],
        }),
    );
    let notify = if may_open {
        vec![mail::notice(
            user,
            &mail::About::new(&title, &requester, &lang),
            Says::Received {
                on: today,
                working_days: state.ack_working_days,
            },
            &state.mail,
        )]
    } else {
        Vec::new()
    };
    let new = NewRequest {
        submitted_by: user.id,
        requester,
        contact: sub.contact.trim().to_string(),
        title,
        text: sub.text,
        lang,
        mode,
        forum,
        meeting,
        deadline,
        confidential: sub.confidential,
        channel,
        received_at: OffsetDateTime::now_utc(),
        ack_due: CALENDAR.add_working_days(today, state.ack_working_days),
        routing,
        sdgs,
        tags_json,
        attachments: sub
            .attachments
            .into_iter()
            .map(|(filename, content_type, bytes)| NewAttachment {
                filename,
                content_type,
                sha256: sha256_hex(&bytes),
                bytes,
            })
            .collect(),
        idempotency: blank(&sub.idempotency_key).map(|key| Idempotency { key, fingerprint }),
        notify,
    };
    Ok(state.store.submit_request(new).await?)
}

/// The request `id` if `user` may read it.
pub async fn visible(state: &AppState, user: &Account, id: i64) -> Result<Request, DeskError> {
    let r = state.store.request(id).await?.ok_or(DeskError::NotFound)?;
    if allowed(Some(user), &Action::ViewRequest(r.facts())) {
        Ok(r)
    } else {
        Err(DeskError::Forbidden)
    }
}

/// Requests of `q` that `user` may read.
pub async fn list(
    state: &AppState,
    user: &Account,
    q: &RequestQuery,
) -> Result<Vec<Request>, DeskError> {
    let all = state.store.requests(q).await?;
    Ok(all
        .into_iter()
        .filter(|r| allowed(Some(user), &Action::ViewRequest(r.facts())))
        .collect())
}

/// The queue of `user`: a delegate's member or group; the requests
/// assigned to staff; a coordinator's programme; everything open for
/// management and administrators.
pub fn my_queue(user: &Account) -> Vec<RequestQuery> {
    use southdesk_plan::Role;
    let mut queries = match user.role {
        Role::Delegate => vec![RequestQuery {
            requester: own_party(user),
            ..Default::default()
        }],
        Role::Staff => vec![RequestQuery {
            assignee: Some(user.id),
            ..Default::default()
        }],
        Role::Coordinator => vec![
            RequestQuery {
                programme: user.programme.clone(),
                ..Default::default()
            },
            RequestQuery {
                assignee: Some(user.id),
                ..Default::default()
            },
        ],
        _ => vec![RequestQuery {
            open_only: true,
            ..Default::default()
        }],
    };
    for q in &mut queries {
        q.limit = QUEUE_LIMIT;
    }
    queries
}

/// Most requests a queue shows (the newest).
pub const QUEUE_LIMIT: u32 = 200;

/// The union of the queries of [`my_queue`], newest first, without repeats.
pub async fn queue(state: &AppState, user: &Account) -> Result<Vec<Request>, DeskError> {
    let mut out: Vec<Request> = Vec::new();
    for q in my_queue(user) {
        for r in list(state, user, &q).await? {
            if !out.iter().any(|o| o.id == r.id) {
                out.push(r);
            }
        }
    }
    out.sort_by(|a, b| b.received_at.cmp(&a.received_at).then(b.id.cmp(&a.id)));
    Ok(out)
}

pub(super) fn notice(a: &Account, r: &Request, says: Says, settings: &MailSettings) -> Notice {
    mail::notice(a, &r.into(), says, settings)
}

async fn accounts(state: &AppState, ids: &[i64]) -> Result<Vec<Account>, DeskError> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(a) = state.store.account(*id).await? {
            out.push(a);
        }
    }
    Ok(out)
}

/// Applies `change` to request `id` as `user`, if allowed.
pub async fn change(
    state: &AppState,
    user: &Account,
    id: i64,
    change: Change,
) -> Result<Request, DeskError> {
    apply(state, user, id, change, false).await
}

/// [`change`]; a public comment that is a delivery `note` is told as one.
async fn apply(
    state: &AppState,
    user: &Account,
    id: i64,
    change: Change,
    note: bool,
) -> Result<Request, DeskError> {
    let r = visible(state, user, id).await?;
    let facts = r.facts();
    let triage = Action::TriageRequest {
        programme: r.routing.lead.as_deref(),
    };
    let may = match &change {
        Change::Triage { routing, .. } => {
            if let Some(plan) = state.adopted_plan().await? {
                rules::check_routing(&plan, routing)?;
            }
            allowed(Some(user), &triage)
        }
        Change::Assign { assignees } => {
            for a in &accounts(state, assignees).await? {
                if !a.role.is_secretariat() || a.disabled {
                    return Err(DeskError::BadInput(
                        "invalid_assignee",
                        format!("{} does not work at the Secretariat", a.email),
                    ));
                }
            }
            allowed(Some(user), &triage)
        }
        Change::Status { to, .. } => {
            match rules::check_transition(r.status, *to) {
                Ok(StepKind::Triage) => allowed(Some(user), &triage),
                Ok(StepKind::Work) => allowed(Some(user), &Action::WorkOnRequest(facts)),
                // Let the store say why.
                Err(_) => allowed(Some(user), &Action::WorkOnRequest(facts)),
            }
        }
        Change::Comment { text, internal } => {
            rules::check_comment(text)?;
            allowed(
                Some(user),
                &Action::CommentOnRequest {
                    facts,
                    internal: *internal,
                },
            )
        }
        Change::Link { kind, target } => {
            match kind {
                LinkKind::Output => {
                    // An output the user may not read is answered as if it
                    // did not exist: the answer tells nothing of it.
                    let readable = state
                        .store
                        .output(*target)
                        .await?
                        .is_some_and(|o| allowed(Some(user), &Action::ViewOutput(o.facts())));
                    if !readable {
                        return Err(DeskError::BadInput(
                            "unknown_output",
                            format!("there is no output {target}"),
                        ));
                    }
                }
                LinkKind::Meeting => {
                    if state.store.meeting(*target).await?.is_none() {
                        return Err(DeskError::BadInput(
                            "unknown_meeting",
                            format!("there is no meeting {target}"),
                        ));
                    }
                }
            }
            allowed(Some(user), &Action::WorkOnRequest(facts))
        }
    };
    if !may {
        return Err(DeskError::Forbidden);
    }

    // Who hears of it, told what changed and by whom: the submitter only if
    // they may open the request (a notice carries its title).
    let submitter: Vec<Account> = accounts(state, &[r.submitted_by])
        .await?
        .into_iter()
        .filter(|a| allowed(Some(a), &Action::ViewRequest(r.facts())))
        .collect();
    let by = user.name.as_str();
    let about = mail::About {
        by: Some(by),
        ..mail::About::from(&r)
    };
    let tell =
        |a: &Account, says: Says, about: &mail::About| mail::notice(a, about, says, &state.mail);
    let mut notify = Vec::new();
    match &change {
        Change::Assign { assignees } => {
            let new: Vec<i64> = assignees
                .iter()
                .copied()
                .filter(|a| !r.assignees.contains(a))
                .collect();
            for a in accounts(state, &new).await? {
                notify.push(tell(&a, Says::Assigned, &about));
            }
        }
        Change::Status { to, .. } => {
            for a in submitter
                .iter()
                .chain(&accounts(state, &r.assignees).await?)
            {
                if a.id != user.id {
                    notify.push(tell(a, Says::Status(*to), &about));
                }
            }
        }
        Change::Triage { .. } => {
            for a in &submitter {
                notify.push(tell(a, Says::Acknowledged, &about));
            }
        }
        Change::Comment {
            internal: false, ..
        } => {
            let says = if note { Says::Note } else { Says::Comment };
            let text = match &change {
                Change::Comment { text, .. } => text.as_str(),
                _ => "",
            };
            let about = mail::About {
                note: Some(text),
                ..about
            };
            for a in &submitter {
                if a.id != user.id {
                    notify.push(tell(a, says, &about));
                }
            }
        }
        Change::Link {
            kind: LinkKind::Output,
            target,
        } => {
            if let Some(o) = state.store.output(*target).await? {
                let title = o
                    .best_version(
                        southdesk_plan::Lang::parse(&r.lang).unwrap_or(southdesk_plan::Lang::En),
                    )
                    .title
                    .clone();
                let href = format!("/outputs/{}", o.id);
                let opens = requester_may_open(&r, &o);
                let about = mail::About {
                    output: Some(&title),
                    output_href: opens.then_some(href.as_str()),
                    ..about
                };
                for a in &submitter {
                    if a.id != user.id {
                        notify.push(tell(a, Says::Delivered, &about));
                    }
                }
            }
        }
        _ => {}
    }
    Ok(state
        .store
        .change_request(id, user.id, change, notify)
        .await?)
}

/// Whether the requester of `r` (a delegate of its member state or group)
/// may open output `o`.
pub fn requester_may_open(r: &Request, o: &southdesk_plan::outputs::Output) -> bool {
    let (member, group) = match &r.requester {
        Requester::Member(m) => (Some(m.clone()), None),
        Requester::Group(g) => (None, Some(g.clone())),
    };
    let delegate = Account {
        id: 0,
        email: String::new(),
        name: String::new(),
        role: southdesk_plan::Role::Delegate,
        programme: None,
        member,
        group,
        disabled: false,
    };
    allowed(
        Some(&delegate),
        &Action::ViewOutput(southdesk_plan::authz::OutputFacts {
            visibility: o.visibility,
            programmes: &o.programmes,
        }),
    )
}

/// A delivery note: a message to the requester instead of an output they
/// may not open, recorded as a comment they can read.
pub async fn send_note(
    state: &AppState,
    user: &Account,
    id: i64,
    text: String,
) -> Result<Request, DeskError> {
    apply(
        state,
        user,
        id,
        Change::Comment {
            text,
            internal: false,
        },
        true,
    )
    .await
}

/// Writes overdue notices (once a day per request) for the requests
/// overdue `on`: to the assignees, or to the coordinators of the lead
/// programme when no one is assigned.
pub async fn notify_overdue(
    store: &dyn southdesk_store::Store,
    on: Date,
    settings: &MailSettings,
) -> Result<usize, StoreError> {
    let overdue = store
        .requests(&RequestQuery {
            overdue_on: Some(on),
            ..Default::default()
        })
        .await?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let everyone = store.accounts().await?;
    let mut written = 0;
    for r in overdue {
        let to: Vec<&Account> = if r.assignees.is_empty() {
            everyone
                .iter()
                .filter(|a| {
                    !a.disabled
                        && a.programme.is_some()
                        && a.programme == r.routing.lead
                        && allowed(
                            Some(a),
                            &Action::TriageRequest {
                                programme: r.routing.lead.as_deref(),
                            },
                        )
                })
                .collect()
        } else {
            everyone
                .iter()
                .filter(|a| r.assignees.contains(&a.id))
                .collect()
        };
        let notify: Vec<Notice> = to
            .into_iter()
            .map(|a| notice(a, &r, Says::Overdue, settings))
            .collect();
        if !notify.is_empty() && store.notify_overdue(r.id, on, notify).await? {
            written += 1;
        }
    }
    Ok(written)
}
