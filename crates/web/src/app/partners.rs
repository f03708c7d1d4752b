//! The organisations an output or a meeting was done with (joint work of
//! the contacts register), as the output's and the meeting's pages show
//! them: each name with its part. Names and parts of organisations are
//! public; the link to the organisation's page is for those who may read
//! the register.

use maud::{Markup, html};
use southdesk_contacts::{JointRole, Work};
use southdesk_plan::authz::{Action, allowed};

use crate::app::i18n::Tr;
use crate::app::{AppState, Ctx, PageError};

/// A part in joint work, in the reader's language.
pub fn role_label(tr: &Tr, r: JointRole) -> String {
    tr.t(&format!("joint-role-{}", r.as_str()))
}

/// `dt`/`dd` of a list of facts naming the partners of `work`; nothing
/// when it has none.
pub async fn facts(state: &AppState, ctx: &Ctx, work: Work) -> Result<Markup, PageError> {
    let tr = &ctx.tr;
    let joint = state.store.joint_work_on(work).await?;
    if joint.is_empty() {
        return Ok(html! {});
    }
    let linked = allowed(ctx.user(), &Action::ViewContacts);
    let mut rows = Vec::with_capacity(joint.len());
    for j in &joint {
        if let Some(o) = state.store.organisation(j.data.organisation).await? {
            let name = o.data.name_in(tr.lang).to_string();
            rows.push((o.id, name, role_label(tr, j.data.role)));
        }
    }
    Ok(html! {
        dt { (tr.t("joint-partners")) }
        dd id="partners" {
            @for (i, (id, name, role)) in rows.iter().enumerate() {
                @if i > 0 { "; " }
                @if linked { a href=(format!("/contacts/organisations/{id}")) { (name) } } @else { (name) }
                " (" (role) ")"
            }
        }
    })
}
