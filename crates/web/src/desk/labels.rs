//! How the desk names things on its pages and in its notices (shared with
//! the start page, so kept in `app::labels`).

pub use crate::app::labels::{requester_name, status_label};
