//! How the desk names things on its pages and in its notices.

use southdesk_plan::requests::Status;

use crate::app::i18n::Tr;

pub use crate::app::labels::requester_name;

/// A status as the UI and the notices name it.
pub fn status_label(tr: &Tr, s: Status) -> String {
    tr.t(&format!("req-status-{}", s.as_str()))
}
