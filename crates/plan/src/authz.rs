//! Who may do what: **the one place authorisation is decided**.
//!
//! Every handler, page and command asks [`allowed`] with the [`Action`] it
//! is about to perform; nothing else in southdesk compares roles. A new
//! feature adds a variant to [`Action`] and its rule below (the `match` is
//! exhaustive, so a variant cannot be forgotten).
//!
//! The rules, by role:
//!
//! - **admin** — everything (the desk's administrator: accounts, plans, and
//!   all requests).
//! - **management** — the plan, meetings, every request (view, triage, work);
//!   not accounts.
//! - **coordinator** (of one programme) — triages and works on the requests
//!   of that programme (and any assigned to them), meetings, summaries.
//! - **staff** — works on the requests assigned to them; records requests
//!   received on behalf of any member or group; summaries.
//! - **delegate** (of one member state or one group) — submits and views
//!   requests for that member or group only.
//! - **board**, **council** — summaries and reports of the requests, never
//!   the text of a request.
//! - **public** (not logged in) — the plan, the tagger, public pages; nothing
//!   of requests.
//!
//! Outputs of the knowledge base: public ones are read by anyone, internal
//! ones by the Secretariat (admin, management, coordinators, staff),
//! confidential ones by management, admin and the coordinators of the
//! output's programmes; the Secretariat creates outputs and edits those it
//! may read.
//!
//! Every logged-in account may see itself, change its password and manage its
//! own API tokens. A disabled account is treated as not logged in.

use crate::outputs::Visibility;
use crate::people::{Account, Role};

/// On whose behalf a request is made: a member state (ISO alpha-3) or a
/// group of countries (group id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party<'a> {
    Member(&'a str),
    Group(&'a str),
}

/// What authorisation needs to know about one request to the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFacts<'a> {
    /// The member state or group that made the request.
    pub requester: Party<'a>,
    /// The programme it was triaged to, if any.
    pub programme: Option<&'a str>,
    /// Ids of the accounts it is assigned to.
    pub assignees: &'a [i64],
}

/// Something a person may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action<'a> {
    /// Public pages, static files, health, the API documentation, the login
    /// form: anyone.
    ViewPublic,
    /// The adopted plan, its areas and stored versions.
    ViewPlan,
    /// Import, edit and adopt plan versions.
    ManagePlan,
    /// Tag texts (page and API).
    UseTagger,
    /// See one's own account (`/account`, `GET /api/v1/me`).
    ViewOwnAccount,
    /// Change one's own password.
    ChangeOwnPassword,
    /// Create and revoke one's own API tokens.
    ManageOwnTokens,
    /// List, add and disable accounts.
    ManageUsers,
    /// Set a new password for someone else.
    ResetPassword,
    /// Open the list of requests (each row is then checked with
    /// [`Action::ViewRequest`]).
    ListRequests,
    /// Read one request in full, including its (possibly confidential) text.
    ViewRequest(RequestFacts<'a>),
    /// Submit a request on behalf of `for_party`.
    SubmitRequest { for_party: Party<'a> },
    /// Triage a request (accept, route, assign) that is with `programme`
    /// (`None`: not yet routed to a programme).
    TriageRequest { programme: Option<&'a str> },
    /// Work on a request: answer it, attach outputs, change its status.
    WorkOnRequest(RequestFacts<'a>),
    /// Aggregated summaries and reports of requests (no request text).
    ViewRequestSummaries,
    /// Plan and record meetings.
    ManageMeetings,
    /// See the Centre's internal preparation of a meeting (checklist items
    /// not marked public): the Secretariat.
    ViewMeetingPreparation,
    /// Read one output of the knowledge base (its page, its files, its
    /// entry in lists, search, feeds and exports).
    ViewOutput(OutputFacts<'a>),
    /// Add outputs to the knowledge base.
    CreateOutput,
    /// Edit an output (and confirm or change its themes and SDGs).
    EditOutput(OutputFacts<'a>),
    /// Open the form to submit a request for some member or group (the
    /// party itself is then checked with [`Action::SubmitRequest`]).
    OpenRequestForm,
    /// Reach the triage of requests at all (each request is then checked
    /// with [`Action::TriageRequest`]).
    TriageRequests,
    /// Reach the work on requests at all (each request is then checked
    /// with [`Action::WorkOnRequest`]).
    WorkOnRequests,
    /// Comment on a request; `internal` comments are for the Secretariat
    /// only, the others are visible to the requester.
    CommentOnRequest {
        facts: RequestFacts<'a>,
        internal: bool,
    },
    /// See the internal side of a request: internal comments, assignments,
    /// the tagger's evidence.
    ViewRequestInternals(RequestFacts<'a>),
    /// See the requests of one member state or group and how quickly they
    /// were answered.
    ViewPartyRequests { party: Party<'a> },
    /// The list of overdue requests (each row then checked with
    /// [`Action::ViewRequest`]).
    ViewOverdueRequests,
    /// One's own inbox of notifications.
    ViewOwnInbox,
    /// The list of all requests, whoever they are with (each row then
    /// checked with [`Action::ViewRequest`]).
    ListAllRequests,
    /// The contacts register: organisations, people (personal data), their
    /// posts and tenures.
    ViewContacts,
    /// Record and edit organisations, people, posts and tenures.
    EditContacts,
    /// Export a person's data whole (a request for access).
    ExportContacts,
    /// Erase a person's data on request (the record is anonymised).
    EraseContacts,
    /// Read the log of who viewed, exported or erased a person's data.
    ViewContactAudit,
}

/// Which requests someone may read, for queries that filter many at once
/// (lists, counts, facets): every one (`all`), or those of their member
/// state or group, of the programme they lead, or assigned to them.
/// Derived from [`allowed`] with [`Action::ViewRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestScope {
    pub all: bool,
    pub member: Option<String>,
    pub group: Option<String>,
    /// Requests whose lead programme is this one.
    pub lead_programme: Option<String>,
    /// Requests assigned to this account.
    pub assignee: Option<i64>,
}

/// The requests `who` may read (see [`RequestScope`]).
pub fn request_scope(who: Option<&Account>) -> RequestScope {
    let nobody = Party::Member("");
    let may = |requester: Party<'_>, programme: Option<&str>, assignees: &[i64]| {
        allowed(
            who,
            &Action::ViewRequest(RequestFacts {
                requester,
                programme,
                assignees,
            }),
        )
    };
    let Some(a) = who else {
        return RequestScope::default();
    };
    RequestScope {
        all: may(nobody, None, &[]),
        member: a
            .member
            .clone()
            .filter(|m| may(Party::Member(m), None, &[])),
        group: a.group.clone().filter(|g| may(Party::Group(g), None, &[])),
        lead_programme: a.programme.clone().filter(|p| may(nobody, Some(p), &[])),
        assignee: Some(a.id).filter(|id| may(nobody, None, &[*id])),
    }
}

/// What authorisation needs to know about one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputFacts<'a> {
    pub visibility: Visibility,
    /// Ids of the programmes that carry it.
    pub programmes: &'a [String],
}

/// Which outputs someone may read: every output whose visibility is in
/// `visibility`, plus the confidential ones of the programmes in
/// `confidential_of`. Derived from [`allowed`], for queries that must
/// filter many outputs at once (lists, search, facets).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutputScope {
    pub visibility: Vec<Visibility>,
    pub confidential_of: Vec<String>,
}

impl OutputScope {
    /// Whether an output with these facts is inside the scope.
    pub fn contains(&self, facts: &OutputFacts<'_>) -> bool {
        self.visibility.contains(&facts.visibility)
            || (facts.visibility == Visibility::Confidential
                && facts
                    .programmes
                    .iter()
                    .any(|p| self.confidential_of.contains(p)))
    }
}

/// The outputs `who` may read (see [`OutputScope`]).
pub fn output_scope(who: Option<&Account>) -> OutputScope {
    let visibility: Vec<Visibility> = Visibility::ALL
        .into_iter()
        .filter(|v| {
            allowed(
                who,
                &Action::ViewOutput(OutputFacts {
                    visibility: *v,
                    programmes: &[],
                }),
            )
        })
        .collect();
    let mut confidential_of = Vec::new();
    if !visibility.contains(&Visibility::Confidential)
        && let Some(p) = who.and_then(|a| a.programme.clone())
    {
        let own = [p];
        if allowed(
            who,
            &Action::ViewOutput(OutputFacts {
                visibility: Visibility::Confidential,
                programmes: &own,
            }),
        ) {
            let [p] = own;
            confidential_of.push(p);
        }
    }
    OutputScope {
        visibility,
        confidential_of,
    }
}

/// Whether `who` (`None`: not logged in) may perform `action`.
///
/// A disabled account is treated as not logged in; so is an account whose
/// binding does not fit its role (a coordinator without a programme would
/// otherwise match nothing, a delegate bound twice would see too much).
pub fn allowed(who: Option<&Account>, action: &Action<'_>) -> bool {
    let who = who.filter(|a| !a.disabled && a.check_binding().is_ok());
    let role = who.map_or(Role::Public, |a| a.role);
    let logged_in = who.is_some();
    let id = who.map(|a| a.id);
    let programme = who.and_then(|a| a.programme.as_deref());
    let is_own_party = |party: &Party<'_>| match (who, party) {
        (Some(a), Party::Member(m)) => a
            .member
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(m)),
        (Some(a), Party::Group(g)) => a
            .group
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(g)),
        (None, _) => false,
    };
    let is_assigned = |facts: &RequestFacts<'_>| id.is_some_and(|id| facts.assignees.contains(&id));
    let is_own_programme =
        |p: Option<&str>| matches!((programme, p), (Some(mine), Some(theirs)) if mine == theirs);

    use Role::*;
    match action {
        Action::ViewPublic | Action::ViewPlan | Action::UseTagger => true,
        Action::ViewOwnAccount
        | Action::ChangeOwnPassword
        | Action::ManageOwnTokens
        | Action::ViewOwnInbox => logged_in,
        Action::ManagePlan => matches!(role, Admin | Management),
        Action::ManageUsers | Action::ResetPassword => role == Admin,
        Action::ManageMeetings => matches!(role, Admin | Management | Coordinator),
        // Personal data: the Secretariat only.
        Action::ViewContacts | Action::EditContacts | Action::ExportContacts => {
            role.is_secretariat()
        }
        Action::EraseContacts => matches!(role, Admin | Management),
        Action::ViewContactAudit => role == Admin,
        Action::ViewMeetingPreparation => role.is_secretariat(),
        Action::ListRequests => matches!(role, Admin | Management | Coordinator | Staff | Delegate),
        Action::ViewRequestSummaries => {
            matches!(
                role,
                Admin | Management | Coordinator | Staff | Board | Council
            )
        }
        Action::SubmitRequest { for_party } => match role {
            Admin | Management | Coordinator | Staff => true,
            Delegate => is_own_party(for_party),
            Board | Council | Public => false,
        },
        Action::ViewRequest(facts) => match role {
            Admin | Management => true,
            Coordinator => is_own_programme(facts.programme) || is_assigned(facts),
            Staff => is_assigned(facts),
            Delegate => is_own_party(&facts.requester),
            Board | Council | Public => false,
        },
        Action::TriageRequest { programme: p } => match role {
            Admin | Management => true,
            Coordinator => is_own_programme(*p),
            _ => false,
        },
        Action::WorkOnRequest(facts) => match role {
            Admin | Management => true,
            Coordinator => is_own_programme(facts.programme) || is_assigned(facts),
            Staff => is_assigned(facts),
            Delegate | Board | Council | Public => false,
        },
        Action::ViewOutput(facts) => may_view_output(role, programme, facts),
        Action::CreateOutput => matches!(role, Admin | Management | Coordinator | Staff),
        Action::EditOutput(facts) => {
            matches!(role, Admin | Management | Coordinator | Staff)
                && may_view_output(role, programme, facts)
        }
        Action::OpenRequestForm => {
            matches!(role, Admin | Management | Coordinator | Staff | Delegate)
        }
        Action::TriageRequests => matches!(role, Admin | Management | Coordinator),
        Action::ListAllRequests => matches!(role, Admin | Management),
        Action::WorkOnRequests | Action::ViewOverdueRequests => {
            matches!(role, Admin | Management | Coordinator | Staff)
        }
        Action::ViewRequestInternals(facts) => {
            role.is_secretariat() && allowed(who, &Action::ViewRequest(*facts))
        }
        Action::CommentOnRequest { facts, internal } => {
            allowed(who, &Action::ViewRequest(*facts)) && (!*internal || role.is_secretariat())
        }
        Action::ViewPartyRequests { party } => match role {
            Admin | Management | Coordinator | Staff => true,
            Delegate => is_own_party(party),
            Board | Council | Public => false,
        },
    }
}

/// Public outputs: anyone; internal: the Secretariat; confidential:
/// management, administrators and the coordinators of its programmes.
fn may_view_output(role: Role, own_programme: Option<&str>, facts: &OutputFacts<'_>) -> bool {
    match facts.visibility {
        Visibility::Public => true,
        Visibility::Internal => role.is_secretariat(),
        Visibility::Confidential => match role {
            Role::Admin | Role::Management => true,
            Role::Coordinator => {
                own_programme.is_some_and(|mine| facts.programmes.iter().any(|p| p == mine))
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: i64, role: Role) -> Account {
        Account {
            id,
            email: format!("{role}@example.org"),
            name: role.to_string(),
            role,
            programme: (role == Role::Coordinator).then(|| "ggdp".to_string()),
            member: (role == Role::Delegate).then(|| "BRA".to_string()),
            group: None,
            disabled: false,
        }
    }

    /// One account per role (the public role: not logged in).
    fn everyone() -> Vec<(Role, Option<Account>)> {
        Role::ALL
            .into_iter()
            .enumerate()
            .map(|(i, r)| (r, (r != Role::Public).then(|| account(i as i64 + 1, r))))
            .collect()
    }

    fn who_may(action: &Action<'_>) -> Vec<Role> {
        everyone()
            .into_iter()
            .filter(|(_, a)| allowed(a.as_ref(), action))
            .map(|(r, _)| r)
            .collect()
    }

    use Role::*;

    #[test]
    fn role_rules() {
        let all = Role::ALL.to_vec();
        let accounts = vec![
            Admin,
            Management,
            Coordinator,
            Staff,
            Delegate,
            Board,
            Council,
        ];
        assert_eq!(who_may(&Action::ViewPublic), all);
        assert_eq!(who_may(&Action::ViewPlan), all);
        assert_eq!(who_may(&Action::UseTagger), all);
        assert_eq!(who_may(&Action::ViewOwnAccount), accounts);
        assert_eq!(who_may(&Action::ChangeOwnPassword), accounts);
        assert_eq!(who_may(&Action::ManageOwnTokens), accounts);
        assert_eq!(who_may(&Action::ManagePlan), [Admin, Management]);
        assert_eq!(who_may(&Action::ManageUsers), [Admin]);
        assert_eq!(who_may(&Action::ResetPassword), [Admin]);
        assert_eq!(
            who_may(&Action::ManageMeetings),
            [Admin, Management, Coordinator]
        );
        let secretariat = [Admin, Management, Coordinator, Staff];
        assert_eq!(who_may(&Action::ViewContacts), secretariat);
        assert_eq!(who_may(&Action::EditContacts), secretariat);
        assert_eq!(who_may(&Action::ExportContacts), secretariat);
        assert_eq!(who_may(&Action::EraseContacts), [Admin, Management]);
        assert_eq!(who_may(&Action::ViewContactAudit), [Admin]);
        assert_eq!(
            who_may(&Action::ListRequests),
            [Admin, Management, Coordinator, Staff, Delegate]
        );
        assert_eq!(
            who_may(&Action::ViewRequestSummaries),
            [Admin, Management, Coordinator, Staff, Board, Council]
        );
    }

    #[test]
    fn request_rules_depend_on_binding_and_assignment() {
        // Staff is account 4 (see `everyone`).
        let brazil_ggdp = RequestFacts {
            requester: Party::Member("BRA"),
            programme: Some("ggdp"),
            assignees: &[],
        };
        assert_eq!(
            who_may(&Action::ViewRequest(brazil_ggdp)),
            [Admin, Management, Coordinator, Delegate]
        );
        let india_other_assigned_to_staff = RequestFacts {
            requester: Party::Member("IND"),
            programme: Some("hipb"),
            assignees: &[4],
        };
        assert_eq!(
            who_may(&Action::ViewRequest(india_other_assigned_to_staff)),
            [Admin, Management, Staff]
        );
        assert_eq!(
            who_may(&Action::WorkOnRequest(india_other_assigned_to_staff)),
            [Admin, Management, Staff]
        );
        assert_eq!(
            who_may(&Action::WorkOnRequest(brazil_ggdp)),
            [Admin, Management, Coordinator],
            "delegates read their requests but do not work on them"
        );
        let g77 = RequestFacts {
            requester: Party::Group("g77"),
            programme: None,
            assignees: &[],
        };
        assert_eq!(who_may(&Action::ViewRequest(g77)), [Admin, Management]);

        assert_eq!(
            who_may(&Action::SubmitRequest {
                for_party: Party::Member("bra")
            }),
            [Admin, Management, Coordinator, Staff, Delegate]
        );
        assert_eq!(
            who_may(&Action::SubmitRequest {
                for_party: Party::Member("IND")
            }),
            [Admin, Management, Coordinator, Staff]
        );
        assert_eq!(
            who_may(&Action::TriageRequest {
                programme: Some("ggdp")
            }),
            [Admin, Management, Coordinator]
        );
        assert_eq!(
            who_may(&Action::TriageRequest { programme: None }),
            [Admin, Management]
        );
    }

    #[test]
    fn output_rules_follow_visibility_and_programme() {
        let ggdp = ["ggdp".to_string()];
        let facts = |visibility| OutputFacts {
            visibility,
            programmes: &ggdp,
        };
        assert_eq!(
            who_may(&Action::ViewOutput(facts(Visibility::Public))),
            Role::ALL.to_vec()
        );
        assert_eq!(
            who_may(&Action::ViewOutput(facts(Visibility::Internal))),
            [Admin, Management, Coordinator, Staff]
        );
        assert_eq!(
            who_may(&Action::ViewOutput(facts(Visibility::Confidential))),
            [Admin, Management, Coordinator]
        );
        let other = OutputFacts {
            visibility: Visibility::Confidential,
            programmes: &[],
        };
        assert_eq!(who_may(&Action::ViewOutput(other)), [Admin, Management]);
        assert_eq!(
            who_may(&Action::CreateOutput),
            [Admin, Management, Coordinator, Staff]
        );
        assert_eq!(
            who_may(&Action::EditOutput(facts(Visibility::Internal))),
            [Admin, Management, Coordinator, Staff]
        );
        assert_eq!(who_may(&Action::EditOutput(other)), [Admin, Management]);

        let scopes: Vec<(Role, OutputScope)> = everyone()
            .into_iter()
            .map(|(r, a)| (r, output_scope(a.as_ref())))
            .collect();
        for (role, scope) in &scopes {
            for v in Visibility::ALL {
                for f in [
                    facts(v),
                    OutputFacts {
                        visibility: v,
                        programmes: &[],
                    },
                ] {
                    let account = everyone().into_iter().find(|(r, _)| r == role).unwrap().1;
                    assert_eq!(
                        scope.contains(&f),
                        allowed(account.as_ref(), &Action::ViewOutput(f)),
                        "{role} {v:?} {:?}",
                        f.programmes
                    );
                }
            }
        }
        assert_eq!(scopes[2].1.confidential_of, ["ggdp"]);
        assert_eq!(
            output_scope(None).visibility,
            [Visibility::Public],
            "the public sees public outputs only"
        );
    }

    #[test]
    fn request_scopes_follow_the_view_rule() {
        for (role, a) in everyone() {
            let s = request_scope(a.as_ref());
            assert_eq!(s.all, matches!(role, Admin | Management), "{role}");
            assert_eq!(s.member.is_some(), role == Delegate, "{role}");
            assert_eq!(s.lead_programme.is_some(), role == Coordinator, "{role}");
            assert_eq!(
                s.assignee.is_some(),
                matches!(role, Admin | Management | Coordinator | Staff),
                "{role}"
            );
        }
    }

    #[test]
    fn request_desk_rules() {
        assert_eq!(
            who_may(&Action::OpenRequestForm),
            [Admin, Management, Coordinator, Staff, Delegate]
        );
        assert_eq!(
            who_may(&Action::TriageRequests),
            [Admin, Management, Coordinator]
        );
        assert_eq!(
            who_may(&Action::WorkOnRequests),
            [Admin, Management, Coordinator, Staff]
        );
        assert_eq!(
            who_may(&Action::ViewOverdueRequests),
            [Admin, Management, Coordinator, Staff]
        );
        assert_eq!(who_may(&Action::ListAllRequests), [Admin, Management]);
        assert_eq!(
            who_may(&Action::ViewOwnInbox),
            [
                Admin,
                Management,
                Coordinator,
                Staff,
                Delegate,
                Board,
                Council
            ]
        );
        let brazil_assigned_to_staff = RequestFacts {
            requester: Party::Member("BRA"),
            programme: Some("hipb"),
            assignees: &[4],
        };
        assert_eq!(
            who_may(&Action::ViewRequestInternals(brazil_assigned_to_staff)),
            [Admin, Management, Staff],
            "delegates never see internal notes"
        );
        assert_eq!(
            who_may(&Action::CommentOnRequest {
                facts: brazil_assigned_to_staff,
                internal: false
            }),
            [Admin, Management, Staff, Delegate]
        );
        assert_eq!(
            who_may(&Action::CommentOnRequest {
                facts: brazil_assigned_to_staff,
                internal: true
            }),
            [Admin, Management, Staff]
        );
        assert_eq!(
            who_may(&Action::ViewPartyRequests {
                party: Party::Member("BRA")
            }),
            [Admin, Management, Coordinator, Staff, Delegate]
        );
        assert_eq!(
            who_may(&Action::ViewPartyRequests {
                party: Party::Member("IND")
            }),
            [Admin, Management, Coordinator, Staff]
        );
    }

    #[test]
    fn group_delegates_act_for_their_group_only() {
        let mut d = account(9, Delegate);
        d.member = None;
        d.group = Some("g77".into());
        let g77 = Action::SubmitRequest {
            for_party: Party::Group("g77"),
        };
        let brazil = Action::SubmitRequest {
            for_party: Party::Member("BRA"),
        };
        assert!(allowed(Some(&d), &g77));
        assert!(!allowed(Some(&d), &brazil));
    }

    #[test]
    fn disabled_or_badly_bound_accounts_are_anonymous() {
        let mut admin = account(1, Admin);
        assert!(allowed(Some(&admin), &Action::ManageUsers));
        admin.disabled = true;
        assert!(!allowed(Some(&admin), &Action::ManageUsers));
        assert!(!allowed(Some(&admin), &Action::ViewOwnAccount));
        assert!(allowed(Some(&admin), &Action::ViewPlan));

        let mut d = account(2, Delegate);
        d.group = Some("g77".into());
        assert!(!allowed(
            Some(&d),
            &Action::SubmitRequest {
                for_party: Party::Member("BRA")
            }
        ));
        let mut c = account(3, Coordinator);
        c.programme = None;
        assert!(!allowed(Some(&c), &Action::ViewOwnAccount));
    }
}
