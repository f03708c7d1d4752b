//! Who uses the desk: accounts and their roles.

use serde::{Deserialize, Serialize};

/// What an account may do is decided by its role (and, for coordinators and
/// delegates, by the programme, member state or group it is bound to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Admin,
    Management,
    /// Coordinator of one programme (`Account::programme`).
    Coordinator,
    Staff,
    /// Delegate of one member state (`Account::member`, ISO 3166-1 alpha-3)
    /// or one group (`Account::group`, e.g. `g77`).
    Delegate,
    Board,
    Council,
    /// Anyone not logged in.
    Public,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Admin,
        Role::Management,
        Role::Coordinator,
        Role::Staff,
        Role::Delegate,
        Role::Board,
        Role::Council,
        Role::Public,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Management => "management",
            Role::Coordinator => "coordinator",
            Role::Staff => "staff",
            Role::Delegate => "delegate",
            Role::Board => "board",
            Role::Council => "council",
            Role::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Works in the Secretariat (sees internal material).
    pub fn is_secretariat(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Management | Role::Coordinator | Role::Staff
        )
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::parse(s).ok_or_else(|| {
            let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("unknown role `{s}` (expected one of: {})", all.join(", "))
        })
    }
}

/// A person with an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Programme id, for coordinators.
    pub programme: Option<String>,
    /// ISO 3166-1 alpha-3 code of the member state, for its delegates.
    pub member: Option<String>,
    /// Group id (`g77`, `nam`, `au`, …), for a group's delegates.
    pub group: Option<String>,
    pub disabled: bool,
}

/// Why an account's binding (programme, member state, group) does not fit
/// its role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindingError {
    #[error("a coordinator needs a programme (--programme)")]
    CoordinatorWithoutProgramme,
    #[error("a delegate needs exactly one member state (--member) or group (--group)")]
    DelegateBinding,
    #[error("the {role} role takes no programme, member state or group")]
    Unexpected { role: Role },
    #[error("`{0}` is not an ISO 3166-1 alpha-3 code (three capital letters)")]
    BadMemberCode(String),
    #[error("the public role is for anyone not logged in; it cannot be given to an account")]
    PublicAccount,
}

/// Checks that `programme`, `member` and `group` fit `role`: a coordinator
/// has a programme and nothing else, a delegate exactly one of a member
/// state or a group, every other role none. Whether the programme, member
/// or group exists is checked against the plan and [`crate::members`] by
/// the caller. Accounts cannot have the public role.
pub fn check_binding(
    role: Role,
    programme: Option<&str>,
    member: Option<&str>,
    group: Option<&str>,
) -> Result<(), BindingError> {
    let present = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());
    let (p, m, g) = (present(programme), present(member), present(group));
    match role {
        Role::Public => Err(BindingError::PublicAccount),
        Role::Coordinator if !p => Err(BindingError::CoordinatorWithoutProgramme),
        Role::Coordinator if m || g => Err(BindingError::Unexpected { role }),
        Role::Coordinator => Ok(()),
        Role::Delegate if p || m == g => Err(BindingError::DelegateBinding),
        Role::Delegate => match member {
            Some(code) if m && !is_iso3(code) => Err(BindingError::BadMemberCode(code.into())),
            _ => Ok(()),
        },
        _ if p || m || g => Err(BindingError::Unexpected { role }),
        _ => Ok(()),
    }
}

/// Three ASCII capital letters.
pub fn is_iso3(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Why an account cannot be made as asked: its binding does not fit its
/// role, or names a programme, member state or group that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Binding(#[from] BindingError),
    #[error("there is no programme `{0}` in the adopted plan")]
    UnknownProgramme(String),
    #[error("`{0}` is not a member state of the South Centre (see data/members/countries.toml)")]
    UnknownMember(String),
    #[error("there is no group `{0}` (see data/members/groups.toml)")]
    UnknownGroup(String),
}

/// Checks an account to be made: [`check_binding`], then that the
/// programme is one of `plan` (the adopted plan), the member state a member
/// (or possible member) of the Centre and the group a known one.
pub fn check_account(
    plan: Option<&crate::Plan>,
    members: &crate::Members,
    role: Role,
    programme: Option<&str>,
    member: Option<&str>,
    group: Option<&str>,
) -> Result<(), AccountError> {
    check_binding(role, programme, member, group)?;
    if let Some(p) = programme
        && plan.is_none_or(|plan| plan.programme(p).is_none())
    {
        return Err(AccountError::UnknownProgramme(p.to_string()));
    }
    if let Some(m) = member
        && !members
            .country(m)
            .is_some_and(|c| c.member || c.member_uncertain)
    {
        return Err(AccountError::UnknownMember(m.to_string()));
    }
    if let Some(g) = group
        && members.group(g).is_none()
    {
        return Err(AccountError::UnknownGroup(g.to_string()));
    }
    Ok(())
}

impl Account {
    /// Checks the account's binding against its role ([`check_binding`]).
    pub fn check_binding(&self) -> Result<(), BindingError> {
        check_binding(
            self.role,
            self.programme.as_deref(),
            self.member.as_deref(),
            self.group.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_fit_roles() {
        use BindingError as E;
        let ok = |r, p, m, g| check_binding(r, p, m, g);
        assert_eq!(ok(Role::Admin, None, None, None), Ok(()));
        assert_eq!(ok(Role::Staff, None, None, None), Ok(()));
        assert_eq!(
            ok(Role::Staff, Some("ggdp"), None, None),
            Err(E::Unexpected { role: Role::Staff })
        );
        assert_eq!(ok(Role::Coordinator, Some("ggdp"), None, None), Ok(()));
        assert_eq!(
            ok(Role::Coordinator, None, None, None),
            Err(E::CoordinatorWithoutProgramme)
        );
        assert_eq!(
            ok(Role::Coordinator, Some(""), None, None),
            Err(E::CoordinatorWithoutProgramme)
        );
        assert_eq!(
            ok(Role::Coordinator, Some("ggdp"), Some("BRA"), None),
            Err(E::Unexpected {
                role: Role::Coordinator
            })
        );
        assert_eq!(ok(Role::Delegate, None, Some("BRA"), None), Ok(()));
        assert_eq!(ok(Role::Delegate, None, None, Some("g77")), Ok(()));
        assert_eq!(
            ok(Role::Delegate, None, None, None),
            Err(E::DelegateBinding)
        );
        assert_eq!(
            ok(Role::Delegate, None, Some("BRA"), Some("g77")),
            Err(E::DelegateBinding)
        );
        assert_eq!(
            ok(Role::Delegate, Some("ggdp"), Some("BRA"), None),
            Err(E::DelegateBinding)
        );
        assert_eq!(
            ok(Role::Delegate, None, Some("bra"), None),
            Err(E::BadMemberCode("bra".into()))
        );
        assert_eq!(
            ok(Role::Board, None, None, Some("g77")),
            Err(E::Unexpected { role: Role::Board })
        );
        assert_eq!(ok(Role::Public, None, None, None), Err(E::PublicAccount));
    }

    #[test]
    fn accounts_are_checked_against_the_plan_and_the_members() {
        let plan = crate::Plan::embedded_2026_2028();
        let members = crate::Members::embedded();
        let p = plan.programmes[0].id.as_str();
        let check = |r, p, m, g| check_account(Some(&plan), &members, r, p, m, g);
        assert_eq!(check(Role::Coordinator, Some(p), None, None), Ok(()));
        assert_eq!(
            check(Role::Coordinator, Some("nope"), None, None),
            Err(AccountError::UnknownProgramme("nope".into()))
        );
        assert_eq!(check(Role::Delegate, None, Some("BRA"), None), Ok(()));
        assert_eq!(
            check(Role::Delegate, None, Some("XXX"), None),
            Err(AccountError::UnknownMember("XXX".into()))
        );
        assert_eq!(check(Role::Delegate, None, None, Some("g77")), Ok(()));
        assert_eq!(
            check(Role::Delegate, None, None, Some("nope")),
            Err(AccountError::UnknownGroup("nope".into()))
        );
        assert!(matches!(
            check(Role::Delegate, None, None, None),
            Err(AccountError::Binding(_))
        ));
    }

    #[test]
    fn roles_parse_and_print() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!(
            "root"
                .parse::<Role>()
                .unwrap_err()
                .contains("admin, management")
        );
    }
}
