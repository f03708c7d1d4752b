//! Names of things shown on more than one feature's pages.

use std::sync::LazyLock;

use southdesk_plan::members::Members;
use southdesk_plan::requests::{Requester, Status};

use super::i18n::Tr;

static MEMBERS: LazyLock<Members> = LazyLock::new(Members::embedded);

/// The member states and groups (`data/members/`), read once.
pub fn members() -> &'static Members {
    &MEMBERS
}

/// A member state's or group's name, in the language of `tr`.
pub fn requester_name(tr: &Tr, r: &Requester) -> String {
    let m = members();
    match r {
        Requester::Member(c) => m
            .country(c)
            .map_or(c.clone(), |c| c.name.best(tr.lang).to_string()),
        Requester::Group(g) => m
            .group(g)
            .map_or(g.clone(), |g| g.name.best(tr.lang).to_string()),
    }
}

/// A request's status as the UI and the notices name it.
pub fn status_label(tr: &Tr, s: Status) -> String {
    tr.t(&format!("req-status-{}", s.as_str()))
}

/// Message id of an SDG's short name.
pub fn sdg_message_id(goal: u8) -> String {
    format!("sdg-{goal}")
}

/// "SDG 3: Good health and well-being" in the language of `tr`.
pub fn sdg_label(tr: &Tr, goal: u8) -> String {
    tr.ta(
        "tag-sdg-label",
        &[
            ("goal", i64::from(goal).into()),
            ("name", tr.t(&sdg_message_id(goal)).into()),
        ],
    )
}
